//! Image copies as PDF image XObjects: JPEG embedded as it is (DCTDecode, never re-encoded,
//! so a scan loses nothing); a PNG without transparency or interlacing embedded as it is too
//! (its compressed pixel data is already a PDF Flate stream with PNG predictors, so it is
//! checked by decoding but never compressed again); other PNGs and TIFF decoded and stored
//! losslessly with Flate (alpha as a soft mask). The EXIF orientation of a JPEG and the
//! Orientation tag of a TIFF are returned so that the page can turn the image upright; the
//! pixels are never rotated.
//!
//! This file does not place images on pages (that is `packet.rs`) and does not judge
//! resolution (the scanner and rules do).

use lopdf::{Dictionary, Object, Stream};

/// An image ready to be added to a PDF: its XObject stream (and soft mask, when it has
/// transparency), its size in pixels as stored, and how it must be turned to stand upright.
pub(crate) struct ImageXObject {
    /// The image XObject stream; its `/SMask`, if any, is set by the caller from `smask`.
    pub stream: Stream,
    /// The soft mask for images with an alpha channel.
    pub smask: Option<Stream>,
    /// Width in pixels as stored.
    pub width: u32,
    /// Height in pixels as stored.
    pub height: u32,
    /// EXIF orientation 1..=8 (1 = as stored).
    pub orientation: u8,
}

/// Wraps a JPEG without re-encoding it (or even copying it: the bytes become the stream). The
/// message of an error says what is wrong in words a volunteer can act on.
pub(crate) fn jpeg(bytes: Vec<u8>) -> Result<ImageXObject, String> {
    let info = jpeg_info(&bytes)?;
    let color_space = match info.components {
        1 => "DeviceGray",
        3 => "DeviceRGB",
        4 => "DeviceCMYK",
        n => {
            return Err(format!(
                "a JPEG with {n} colour components cannot be printed"
            ));
        }
    };
    if info.precision != 8 {
        return Err(format!(
            "a {}-bit JPEG cannot be put in a PDF: save it as an 8-bit JPEG",
            info.precision
        ));
    }
    let mut dict = Dictionary::new();
    dict.set("Type", Object::Name(b"XObject".to_vec()));
    dict.set("Subtype", Object::Name(b"Image".to_vec()));
    dict.set("Width", i64::from(info.width));
    dict.set("Height", i64::from(info.height));
    dict.set("ColorSpace", Object::Name(color_space.as_bytes().to_vec()));
    dict.set("BitsPerComponent", 8);
    dict.set("Filter", Object::Name(b"DCTDecode".to_vec()));
    if info.components == 4 && info.adobe {
        // Adobe writes CMYK JPEGs inverted; without this Decode array they print as a negative.
        dict.set(
            "Decode",
            Object::Array(
                [1, 0, 1, 0, 1, 0, 1, 0]
                    .into_iter()
                    .map(Object::Integer)
                    .collect(),
            ),
        );
    }
    let orientation = (info.exif.clone())
        .and_then(|r| bytes.get(r))
        .map_or(1, exif_orientation);
    let mut stream = Stream::new(dict, bytes);
    stream.allows_compression = false;
    Ok(ImageXObject {
        stream,
        smask: None,
        width: u32::from(info.width),
        height: u32::from(info.height),
        orientation,
    })
}

/// A PNG copy. Most scans (grey, colour or palette, not interlaced, no transparency) keep
/// their compressed pixel data unchanged, which is as lossless as decoding and far faster than
/// compressing the pixels again; the rest are decoded and stored by [`decoded`].
pub(crate) fn png(bytes: &[u8]) -> Result<ImageXObject, String> {
    if let Some(x) = png_passthrough(bytes) {
        return Ok(x);
    }
    // Anything the pass-through does not trust, a damaged file among it, is decoded: the
    // decoder refuses what is damaged.
    let img = image::load_from_memory_with_format(bytes, image::ImageFormat::Png)
        .map_err(|e| format!("the image cannot be decoded ({e}): it may be damaged"))?;
    from_pixels(img)
}

/// The PNG's pixel data as an image XObject without recompressing it, when PDF can express
/// the PNG as it is: `None` otherwise (interlaced, alpha, transparency key, 16 bits, or a
/// structure this reader does not trust, or any sign of damage: a chunk checksum, or see
/// [`png_rows_intact`]).
fn png_passthrough(bytes: &[u8]) -> Option<ImageXObject> {
    const SIGNATURE: &[u8] = b"\x89PNG\r\n\x1a\n";
    let mut rest = bytes.strip_prefix(SIGNATURE)?;
    let mut header = None;
    let mut palette: Option<&[u8]> = None;
    let mut data = Vec::new();
    loop {
        let len = usize::try_from(u32::from_be_bytes(rest.get(..4)?.try_into().ok()?)).ok()?;
        let kind = rest.get(4..8)?;
        let body = rest.get(8..8usize.checked_add(len)?)?;
        let crc = rest.get(8 + len..12 + len)?;
        if crc32fast::hash(&rest[4..8 + len]).to_be_bytes() != crc {
            return None;
        }
        rest = rest.get(len.checked_add(12)?..)?;
        match kind {
            b"IHDR" => header = Some(body),
            b"PLTE" => palette = Some(body),
            b"IDAT" => data.extend_from_slice(body),
            b"tRNS" => return None,
            b"IEND" => break,
            _ => {}
        }
    }
    let h = header.filter(|h| h.len() == 13)?;
    let width = u32::from_be_bytes(h[0..4].try_into().ok()?);
    let height = u32::from_be_bytes(h[4..8].try_into().ok()?);
    let (bits, color_type, interlace) = (h[8], h[9], h[12]);
    if interlace != 0 || width == 0 || height == 0 || data.is_empty() {
        return None;
    }
    let (space, colors) = match (color_type, bits) {
        (0, 1 | 2 | 4 | 8) => (Object::Name(b"DeviceGray".to_vec()), 1),
        (2, 8) => (Object::Name(b"DeviceRGB".to_vec()), 3),
        (3, 1 | 2 | 4 | 8) => {
            let p = palette.filter(|p| !p.is_empty() && p.len() % 3 == 0 && p.len() <= 768)?;
            let indexed = vec![
                Object::Name(b"Indexed".to_vec()),
                Object::Name(b"DeviceRGB".to_vec()),
                Object::Integer(p.len() as i64 / 3 - 1),
                Object::String(p.to_vec(), lopdf::StringFormat::Hexadecimal),
            ];
            (Object::Array(indexed), 1)
        }
        _ => return None,
    };
    if !png_rows_intact(&data, width, height, u64::from(bits) * colors as u64) {
        return None;
    }
    let mut params = Dictionary::new();
    params.set("Predictor", 15);
    params.set("Colors", colors);
    params.set("BitsPerComponent", i64::from(bits));
    params.set("Columns", i64::from(width));
    let mut dict = image_dict(width, height, space, i64::from(bits));
    dict.set("Filter", Object::Name(b"FlateDecode".to_vec()));
    dict.set("DecodeParms", params);
    let mut stream = Stream::new(dict, data);
    stream.allows_compression = false;
    Some(ImageXObject {
        stream,
        smask: None,
        width,
        height,
        orientation: 1,
    })
}

/// Whether a PNG's compressed pixel data (`data`, the IDAT chunks joined) is a whole zlib
/// stream (its checksum right) of exactly the `height` rows of `width` pixels of
/// `bits_per_pixel` its header promises, each row starting with a valid filter type: what a
/// PDF reader needs to draw it as it is. It is inflated through a small buffer, never kept.
fn png_rows_intact(data: &[u8], width: u32, height: u32, bits_per_pixel: u64) -> bool {
    use flate2::{Decompress, FlushDecompress, Status};
    let row = 1 + (u64::from(width) * bits_per_pixel).div_ceil(8);
    let expected = row * u64::from(height);
    // What the decoder on the other path would refuse to allocate is left to it.
    if expected > 1 << 29 {
        return false;
    }
    let mut z = Decompress::new(true);
    let mut buf = vec![0u8; 1 << 16];
    let mut next_row = 0u64;
    loop {
        let (before_in, before_out) = (z.total_in(), z.total_out());
        let input = usize::try_from(before_in).map_or(&[][..], |i| data.get(i..).unwrap_or(&[]));
        let Ok(status) = z.decompress(input, &mut buf, FlushDecompress::None) else {
            return false;
        };
        if z.total_out() > expected {
            return false;
        }
        while next_row < z.total_out() {
            let at = usize::try_from(next_row - before_out).unwrap_or(usize::MAX);
            if buf.get(at).is_none_or(|&filter| filter > 4) {
                return false;
            }
            next_row += row;
        }
        match status {
            Status::StreamEnd => {
                return z.total_out() == expected && z.total_in() == data.len() as u64;
            }
            _ if z.total_out() == before_out && z.total_in() == before_in => return false,
            _ => {}
        }
    }
}

#[cfg(test)]
/// Decodes a PNG and stores its samples losslessly.
pub(crate) fn decoded(bytes: &[u8], format: image::ImageFormat) -> Result<ImageXObject, String> {
    let img = image::load_from_memory_with_format(bytes, format)
        .map_err(|e| format!("the image cannot be decoded ({e}): it may be damaged"))?;
    from_pixels(img)
}

/// Stores decoded pixels losslessly with Flate, alpha as a soft mask.
fn from_pixels(img: image::DynamicImage) -> Result<ImageXObject, String> {
    use image::DynamicImage as D;
    let (width, height) = (img.width(), img.height());
    // Samples as stored, big-endian for 16 bits, as PDF expects.
    let (color, bits, samples, alpha): (&str, i64, Vec<u8>, Option<Vec<u8>>) = match img {
        D::ImageLuma8(b) => ("DeviceGray", 8, b.into_raw(), None),
        D::ImageLumaA8(b) => {
            let (g, a) = split_alpha8(b.as_raw(), 1);
            ("DeviceGray", 8, g, Some(a))
        }
        D::ImageRgb8(b) => ("DeviceRGB", 8, b.into_raw(), None),
        D::ImageRgba8(b) => {
            let (c, a) = split_alpha8(b.as_raw(), 3);
            ("DeviceRGB", 8, c, Some(a))
        }
        D::ImageLuma16(b) => ("DeviceGray", 16, be16(b.as_raw()), None),
        D::ImageLumaA16(b) => {
            let (g, a) = split_alpha16(b.as_raw(), 1);
            ("DeviceGray", 16, g, Some(a))
        }
        D::ImageRgb16(b) => ("DeviceRGB", 16, be16(b.as_raw()), None),
        D::ImageRgba16(b) => {
            let (c, a) = split_alpha16(b.as_raw(), 3);
            ("DeviceRGB", 16, c, Some(a))
        }
        other => {
            // Floating-point samples (rare HDR TIFFs): 16 bits per sample keeps what a printer
            // can show.
            let b = other.to_rgba16();
            let (c, a) = split_alpha16(b.as_raw(), 3);
            ("DeviceRGB", 16, c, Some(a))
        }
    };
    let opaque = alpha
        .as_ref()
        .is_none_or(|a| a.iter().all(|&v| v == u8::MAX));
    let smask = match alpha {
        Some(a) if !opaque => {
            let mask_bits = if a.len() as u64 == u64::from(width) * u64::from(height) {
                8
            } else {
                16
            };
            Some(flate_image(width, height, "DeviceGray", mask_bits, a)?)
        }
        _ => None,
    };
    Ok(ImageXObject {
        stream: flate_image(width, height, color, bits, samples)?,
        smask,
        width,
        height,
        orientation: 1,
    })
}

/// Every image of a TIFF, one per page, decoded by [`crate::tiff_pages`] (the scanner uses
/// the same decoder, so a TIFF that `check` accepts can be printed) and stored losslessly: a
/// palette as an Indexed colour space, 1, 2 and 4-bit grey at their own depth. The Orientation
/// tag is returned so that the page turns the image upright.
pub(crate) fn tiff_pages(bytes: &[u8]) -> Result<Vec<ImageXObject>, String> {
    let mut pages = Vec::new();
    crate::tiff_pages::for_each_page(bytes, |page| {
        pages.push(tiff_xobject(page)?);
        Ok(())
    })
    .map_err(|e| e.message)?;
    Ok(pages)
}

fn tiff_xobject(page: crate::tiff_pages::Page) -> Result<ImageXObject, String> {
    use crate::tiff_pages::Colour;
    let (width, height) = (page.width, page.height);
    let space = match page.colour {
        Colour::Gray => Object::Name(b"DeviceGray".to_vec()),
        Colour::Rgb => Object::Name(b"DeviceRGB".to_vec()),
        Colour::Cmyk => Object::Name(b"DeviceCMYK".to_vec()),
        Colour::Indexed(palette) => Object::Array(vec![
            Object::Name(b"Indexed".to_vec()),
            Object::Name(b"DeviceRGB".to_vec()),
            Object::Integer(palette.len() as i64 / 3 - 1),
            Object::String(palette, lopdf::StringFormat::Hexadecimal),
        ]),
    };
    let smask = match page.alpha {
        Some((bits, a)) => Some(flate_samples(
            image_dict(
                width,
                height,
                Object::Name(b"DeviceGray".to_vec()),
                i64::from(bits),
            ),
            a,
        )?),
        None => None,
    };
    Ok(ImageXObject {
        stream: flate_samples(
            image_dict(width, height, space, i64::from(page.bits)),
            page.samples,
        )?,
        smask,
        width,
        height,
        orientation: page.orientation,
    })
}

fn image_dict(width: u32, height: u32, space: Object, bits: i64) -> Dictionary {
    let mut dict = Dictionary::new();
    dict.set("Type", Object::Name(b"XObject".to_vec()));
    dict.set("Subtype", Object::Name(b"Image".to_vec()));
    dict.set("Width", i64::from(width));
    dict.set("Height", i64::from(height));
    dict.set("ColorSpace", space);
    dict.set("BitsPerComponent", bits);
    dict
}

/// Compresses samples with Flate at zlib's fastest level: on scans, whose noise defeats
/// compression anyway, level 9 took six times as long for 6 % smaller files (measured on the
/// benchmark corpus), and a packet is printed, not archived.
fn flate_image(
    width: u32,
    height: u32,
    color: &str,
    bits: i64,
    samples: Vec<u8>,
) -> Result<Stream, String> {
    let dict = image_dict(width, height, Object::Name(color.as_bytes().to_vec()), bits);
    flate_samples(dict, samples)
}

/// Compresses samples into a Flate stream with the given image dictionary.
fn flate_samples(mut dict: Dictionary, samples: Vec<u8>) -> Result<Stream, String> {
    use std::io::Write;
    dict.set("Filter", Object::Name(b"FlateDecode".to_vec()));
    let mut enc = flate2::write::ZlibEncoder::new(
        Vec::with_capacity(samples.len() / 2),
        flate2::Compression::fast(),
    );
    enc.write_all(&samples)
        .and_then(|()| enc.finish())
        .map(|data| {
            let mut stream = Stream::new(dict, data);
            stream.allows_compression = false;
            stream
        })
        .map_err(|e| format!("the image cannot be compressed: {e}"))
}

fn split_alpha8(raw: &[u8], colors: usize) -> (Vec<u8>, Vec<u8>) {
    let mut c = Vec::with_capacity(raw.len() / (colors + 1) * colors);
    let mut a = Vec::with_capacity(raw.len() / (colors + 1));
    for px in raw.chunks_exact(colors + 1) {
        c.extend_from_slice(&px[..colors]);
        a.push(px[colors]);
    }
    (c, a)
}

/// Splits 16-bit samples into colour and alpha; alpha is reduced to 8 bits only when it holds
/// no more than 8 bits of information, so nothing is lost.
fn split_alpha16(raw: &[u16], colors: usize) -> (Vec<u8>, Vec<u8>) {
    let mut c = Vec::with_capacity(raw.len() / (colors + 1) * colors * 2);
    let mut a16 = Vec::with_capacity(raw.len() / (colors + 1));
    for px in raw.chunks_exact(colors + 1) {
        for s in &px[..colors] {
            c.extend_from_slice(&s.to_be_bytes());
        }
        a16.push(px[colors]);
    }
    let a = if a16.iter().all(|&v| v == u16::MAX) {
        vec![u8::MAX; a16.len()]
    } else {
        be16(&a16)
    };
    (c, a)
}

fn be16(raw: &[u16]) -> Vec<u8> {
    raw.iter().flat_map(|s| s.to_be_bytes()).collect()
}

struct JpegInfo {
    precision: u8,
    height: u16,
    width: u16,
    components: u8,
    adobe: bool,
    /// The EXIF data of the first `APP1` segment holding it, before the image data.
    exif: Option<std::ops::Range<usize>>,
}

/// Reads the markers of a JPEG up to its image data, as a viewer does before it draws: the
/// frame header (SOF) for its size and colour components, an Adobe marker (inverted CMYK) and
/// the EXIF segment (orientation).
fn jpeg_info(b: &[u8]) -> Result<JpegInfo, String> {
    const NOT_JPEG: &str = "not a JPEG file (no start-of-image marker): check the file's type";
    const EXIF_ID: &[u8] = b"Exif\0\0";
    if b.len() < 4 || b[0] != 0xFF || b[1] != 0xD8 {
        return Err(NOT_JPEG.to_owned());
    }
    let mut i = 2;
    let mut adobe = false;
    let mut exif = None;
    let mut frame = None;
    while i + 4 <= b.len() {
        if b[i] != 0xFF {
            return Err("the JPEG is damaged (marker expected)".to_owned());
        }
        let marker = b[i + 1];
        if marker == 0xFF {
            i += 1; // fill byte
            continue;
        }
        if marker == 0xD8 || (0xD0..=0xD7).contains(&marker) || marker == 0x01 {
            i += 2;
            continue;
        }
        if marker == 0xDA || marker == 0xD9 {
            break;
        }
        let len = usize::from(u16::from_be_bytes([b[i + 2], b[i + 3]]));
        let seg = b
            .get(i + 4..i + 2 + len)
            .ok_or("the JPEG is truncated: scan it again")?;
        if marker == 0xEE && seg.starts_with(b"Adobe") {
            adobe = true;
        }
        if marker == 0xE1 && exif.is_none() && seg.starts_with(EXIF_ID) {
            exif = Some(i + 4 + EXIF_ID.len()..i + 2 + len);
        }
        let is_sof = (0xC0..=0xCF).contains(&marker) && ![0xC4, 0xC8, 0xCC].contains(&marker);
        if is_sof && frame.is_none() {
            if seg.len() < 6 {
                return Err("the JPEG's frame header is damaged".to_owned());
            }
            frame = Some(JpegInfo {
                precision: seg[0],
                height: u16::from_be_bytes([seg[1], seg[2]]),
                width: u16::from_be_bytes([seg[3], seg[4]]),
                components: seg[5],
                adobe: false,
                exif: None,
            });
        }
        i += 2 + len;
    }
    let Some(info) = frame else {
        return Err("the JPEG has no frame header: it is damaged or truncated".to_owned());
    };
    if info.width == 0 || info.height == 0 {
        return Err("the JPEG does not state its size in its header".to_owned());
    }
    Ok(JpegInfo {
        adobe,
        exif,
        ..info
    })
}

/// The orientation (1..=8) in a JPEG's EXIF data; 1 when there is none or it cannot be read.
fn exif_orientation(exif: &[u8]) -> u8 {
    let Ok(exif) = exif::Reader::new().read_raw(exif.to_vec()) else {
        return 1;
    };
    exif.get_field(exif::Tag::Orientation, exif::In::PRIMARY)
        .and_then(|f| f.value.get_uint(0))
        .and_then(|v| u8::try_from(v).ok())
        .filter(|v| (1..=8).contains(v))
        .unwrap_or(1)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Cursor;

    #[test]
    fn exif_orientation_is_read_from_the_markers_before_the_image_data_only() {
        // Big-endian TIFF header and one IFD entry: Orientation (0x0112), SHORT, 1, value 6.
        let tiff: &[u8] = b"MM\0*\0\0\0\x08\0\x01\x01\x12\0\x03\0\0\0\x01\0\x06\0\0\0\0\0\0";
        let segment = |marker: u8, body: &[u8]| {
            let mut s = vec![0xFF, marker];
            s.extend_from_slice(&u16::try_from(body.len() + 2).unwrap().to_be_bytes());
            s.extend_from_slice(body);
            s
        };
        let exif = segment(0xE1, &[b"Exif\0\0".as_slice(), tiff].concat());
        let sof = segment(0xC0, &[8, 0, 20, 0, 30, 1, 1, 0x11, 0]);
        let sos = segment(0xDA, &[1, 1, 0, 0, 63, 0]);
        let jpeg = |parts: &[&[u8]]| [&[0xFF, 0xD8][..], &parts.concat(), &[0xFF, 0xD9]].concat();
        // Before or after the frame header: read.
        assert_eq!(
            super::jpeg(jpeg(&[&exif, &sof, &sos, b"\x12\x34"]))
                .unwrap()
                .orientation,
            6
        );
        assert_eq!(
            super::jpeg(jpeg(&[&sof, &exif, &sos, b"\x12\x34"]))
                .unwrap()
                .orientation,
            6
        );
        // None, or one hidden in the image data (viewers never see it): as stored.
        assert_eq!(
            super::jpeg(jpeg(&[&sof, &sos, b"\x12\x34"]))
                .unwrap()
                .orientation,
            1
        );
        let hidden = super::jpeg(jpeg(&[&sof, &sos, b"\x12\x34", &exif])).unwrap();
        assert_eq!(hidden.orientation, 1);
        assert_eq!((hidden.width, hidden.height), (30, 20));
    }

    #[test]
    fn truncated_or_foreign_bytes_are_errors_not_panics() {
        for b in [
            &b""[..],
            b"\xFF\xD8",
            b"\xFF\xD8\xFF\xC0\x00",
            b"%PDF-1.4",
            b"\xFF\xD8\xFF\xE1\xFF\xFF",
        ] {
            assert!(jpeg(b.to_vec()).is_err());
        }
        assert!(decoded(b"\x89PNG\r\n", image::ImageFormat::Png).is_err());
        assert!(tiff_pages(b"II*\0\x08\0\0\0\xFF").is_err());
    }

    #[test]
    fn every_page_of_a_multi_page_tiff_is_kept() {
        use tiff::encoder::{TiffEncoder, colortype};
        let mut buf = Cursor::new(Vec::new());
        let mut enc = TiffEncoder::new(&mut buf).unwrap();
        let gray: Vec<u8> = (0..12).collect();
        enc.write_image::<colortype::Gray8>(4, 3, &gray).unwrap();
        let rgb: Vec<u8> = (0..18).collect();
        enc.write_image::<colortype::RGB8>(2, 3, &rgb).unwrap();
        let pages = tiff_pages(buf.get_ref()).unwrap();
        assert_eq!(pages.len(), 2);
        assert_eq!(pages[0].stream.decompressed_content().unwrap(), gray);
        assert_eq!((pages[1].width, pages[1].height), (2, 3));
        assert_eq!(pages[1].stream.decompressed_content().unwrap(), rgb);
    }

    #[test]
    fn tiff_pages_print_fill_order_2_palette_and_orientation_as_libtiff_reads_them() {
        use crate::tiff_pages::tests::tiff;
        // 1-bit, FillOrder 2, WhiteIsZero, turned by Orientation 6.
        let msb = [0b1000_0000u8, 0b0100_0000];
        let lsb: Vec<u8> = msb.iter().map(|b| b.reverse_bits()).collect();
        let tags = [
            (258, 3, &[1u32][..]),
            (259, 3, &[1]),
            (262, 3, &[0]),
            (266, 3, &[2]),
            (274, 3, &[6]),
        ];
        let x = tiff_pages(&tiff(16, 1, &tags, &lsb)).unwrap().remove(0);
        assert_eq!(x.orientation, 6);
        assert_eq!(
            x.stream.decompressed_content().unwrap(),
            msb.iter().map(|b| !b).collect::<Vec<_>>()
        );
        // An 8-bit palette becomes an Indexed colour space over the same indices.
        let mut map = [0u32; 768];
        map[2] = 255;
        map[512 + 2] = 255;
        let tags = [
            (258, 3, &[8u32][..]),
            (259, 3, &[1]),
            (262, 3, &[3]),
            (320, 3, &map[..]),
        ];
        let x = tiff_pages(&tiff(3, 1, &tags, &[0, 2, 1]))
            .unwrap()
            .remove(0);
        let space = color_space(&x);
        assert_eq!(space[0].as_name().unwrap(), b"Indexed");
        assert_eq!(space[2].as_i64().unwrap(), 255);
        let Object::String(lookup, _) = &space[3] else {
            panic!("no lookup table");
        };
        assert_eq!(&lookup[6..9], &[255, 0, 255]);
        assert_eq!(x.stream.decompressed_content().unwrap(), [0, 2, 1]);
    }

    #[test]
    fn png_gray_is_kept_exactly() {
        let img = image::GrayImage::from_fn(3, 2, |x, y| image::Luma([(x * 40 + y) as u8]));
        let mut png = Vec::new();
        img.write_to(&mut Cursor::new(&mut png), image::ImageFormat::Png)
            .unwrap();
        let x = decoded(&png, image::ImageFormat::Png).unwrap();
        assert_eq!((x.width, x.height), (3, 2));
        assert!(x.smask.is_none());
        assert_eq!(x.stream.decompressed_content().unwrap(), img.into_raw());
    }

    fn encode_png(img: image::DynamicImage) -> Vec<u8> {
        let mut png = Vec::new();
        img.write_to(&mut Cursor::new(&mut png), image::ImageFormat::Png)
            .unwrap();
        png
    }

    fn color_space(x: &ImageXObject) -> &Vec<Object> {
        x.stream
            .dict
            .get(b"ColorSpace")
            .unwrap()
            .as_array()
            .unwrap()
    }

    fn decode_params(x: &ImageXObject) -> Option<&Dictionary> {
        x.stream.dict.get(b"DecodeParms").ok()?.as_dict().ok()
    }

    #[test]
    fn opaque_png_keeps_its_compressed_data_and_decodes_to_the_same_pixels() {
        let gray = image::GrayImage::from_fn(37, 5, |x, y| image::Luma([(x * 7 + y * 31) as u8]));
        let rgb = image::RgbImage::from_fn(9, 4, |x, y| image::Rgb([x as u8, y as u8, 200]));
        for (img, colors) in [
            (image::DynamicImage::ImageLuma8(gray), 1),
            (image::DynamicImage::ImageRgb8(rgb), 3),
        ] {
            let bytes = encode_png(img.clone());
            let x = png(&bytes).unwrap();
            let params = decode_params(&x).expect("passed through with its PNG predictors");
            assert_eq!(params.get(b"Predictor").unwrap().as_i64().unwrap(), 15);
            assert_eq!(params.get(b"Colors").unwrap().as_i64().unwrap(), colors);
            assert!(x.smask.is_none());
            assert_eq!((x.width, x.height), (img.width(), img.height()));
            let pixels = match img {
                image::DynamicImage::ImageLuma8(b) => b.into_raw(),
                image::DynamicImage::ImageRgb8(b) => b.into_raw(),
                _ => unreachable!(),
            };
            assert_eq!(x.stream.decompressed_content().unwrap(), pixels);
        }
    }

    /// A palette PNG written by hand: 1-bit indices into a two-colour palette.
    fn palette_png(trns: bool) -> Vec<u8> {
        use std::io::Write;
        fn chunk(out: &mut Vec<u8>, kind: &[u8], body: &[u8]) {
            out.extend_from_slice(&(body.len() as u32).to_be_bytes());
            let mut crc_input = kind.to_vec();
            crc_input.extend_from_slice(body);
            out.extend_from_slice(&crc_input);
            let crc = crc32(&crc_input);
            out.extend_from_slice(&crc.to_be_bytes());
        }
        fn crc32(b: &[u8]) -> u32 {
            let mut c = !0u32;
            for &byte in b {
                c ^= u32::from(byte);
                for _ in 0..8 {
                    c = if c & 1 != 0 {
                        0xEDB8_8320 ^ (c >> 1)
                    } else {
                        c >> 1
                    };
                }
            }
            !c
        }
        // 10 x 2 pixels, 1 bit each: two bytes per row plus the filter byte.
        let raw = [0u8, 0b1010_1010, 0b1100_0000, 0, 0b0101_0101, 0b0100_0000];
        let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::best());
        z.write_all(&raw).unwrap();
        let idat = z.finish().unwrap();
        let mut out = b"\x89PNG\r\n\x1a\n".to_vec();
        let mut ihdr = Vec::new();
        ihdr.extend_from_slice(&10u32.to_be_bytes());
        ihdr.extend_from_slice(&2u32.to_be_bytes());
        ihdr.extend_from_slice(&[1, 3, 0, 0, 0]);
        chunk(&mut out, b"IHDR", &ihdr);
        chunk(&mut out, b"PLTE", &[255, 255, 255, 0, 0, 128]);
        if trns {
            chunk(&mut out, b"tRNS", &[0]);
        }
        chunk(&mut out, b"IDAT", &idat);
        chunk(&mut out, b"IEND", &[]);
        out
    }

    #[test]
    fn palette_png_becomes_an_indexed_image_without_recompression() {
        let x = png(&palette_png(false)).unwrap();
        let space = color_space(&x);
        assert_eq!(space[0].as_name().unwrap(), b"Indexed");
        assert_eq!(space[2].as_i64().unwrap(), 1);
        assert_eq!(
            x.stream
                .dict
                .get(b"BitsPerComponent")
                .unwrap()
                .as_i64()
                .unwrap(),
            1
        );
        assert_eq!(
            x.stream.decompressed_content().unwrap(),
            [0b1010_1010, 0b1100_0000, 0b0101_0101, 0b0100_0000]
        );
    }

    #[test]
    fn png_with_transparency_or_16_bits_is_decoded_instead() {
        let rgba = image::RgbaImage::from_fn(4, 3, |x, _| image::Rgba([9, 9, 9, (x * 60) as u8]));
        let x = png(&encode_png(image::DynamicImage::ImageRgba8(rgba))).unwrap();
        assert!(decode_params(&x).is_none());
        assert!(x.smask.is_some());

        let deep = image::ImageBuffer::<image::Luma<u16>, _>::from_fn(3, 3, |x, _| {
            image::Luma([x as u16 * 1000])
        });
        let x = png(&encode_png(image::DynamicImage::ImageLuma16(deep))).unwrap();
        assert!(decode_params(&x).is_none());
        assert_eq!(
            x.stream
                .dict
                .get(b"BitsPerComponent")
                .unwrap()
                .as_i64()
                .unwrap(),
            16
        );

        // A transparency key on a palette: decoded, with a soft mask for the transparent pixels.
        let x = png(&palette_png(true)).unwrap();
        assert!(decode_params(&x).is_none());
        assert!(x.smask.is_some());
    }

    #[test]
    fn damaged_png_is_refused_even_where_it_could_be_passed_through() {
        let img = image::GrayImage::from_fn(40, 40, |x, y| image::Luma([(x ^ y) as u8]));
        let mut bytes = encode_png(image::DynamicImage::ImageLuma8(img));
        let idat = bytes.windows(4).position(|w| w == b"IDAT").unwrap();
        bytes[idat + 10] ^= 0xFF;
        assert!(png(&bytes).is_err());
        bytes.truncate(idat + 6);
        assert!(png(&bytes).is_err());
    }

    #[test]
    fn pixel_data_is_checked_even_where_every_chunk_checksum_is_right() {
        use std::io::Write;
        // A 4 × 3 grey PNG built from raw rows, each chunk with a correct checksum.
        let build = |rows: &[u8], cut: usize| {
            let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::fast());
            z.write_all(rows).unwrap();
            let mut data = z.finish().unwrap();
            data.truncate(data.len() - cut);
            let mut out = b"\x89PNG\r\n\x1a\n".to_vec();
            for (kind, body) in [
                (&b"IHDR"[..], &[0, 0, 0, 4, 0, 0, 0, 3, 8, 0, 0, 0, 0][..]),
                (b"IDAT", &data),
                (b"IEND", &[]),
            ] {
                out.extend_from_slice(&u32::try_from(body.len()).unwrap().to_be_bytes());
                out.extend_from_slice(kind);
                out.extend_from_slice(body);
                out.extend_from_slice(&crc32fast::hash(&[kind, body].concat()).to_be_bytes());
            }
            out
        };
        let row = |filter: u8| [filter, 10, 20, 30, 40];
        let good = [row(0), row(1), row(0)].concat();
        let x = png(&build(&good, 0)).unwrap();
        assert_eq!(
            x.stream.dict.get(b"Filter").unwrap().as_name().unwrap(),
            b"FlateDecode"
        );
        assert!(decode_params(&x).is_some(), "passed through as it is");
        // An unknown filter type or a row missing: refused.
        assert!(png(&build(&[row(0), row(7), row(0)].concat(), 0)).is_err());
        assert!(png(&build(&[row(0), row(0)].concat(), 0)).is_err());
        // A row too many, or the stream's checksum cut off: never passed through as it is
        // (the decoder, which ignores both, decides).
        let longer = [row(0), row(0), row(0), row(0)].concat();
        assert!(png_passthrough(&build(&longer, 0)).is_none());
        assert!(png_passthrough(&build(&good, 3)).is_none());
    }
}
