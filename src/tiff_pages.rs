//! Decodes every image (page) of a TIFF, for both the scanner and the packet, so that `check`
//! refuses exactly the TIFFs that `prepare` could not print.
//!
//! The `tiff` crate does the decoding. What it leaves out is done here, and verified against
//! libtiff (`tiff2rgba`, `tiff2pdf`): FillOrder 2 (bits stored least significant first, common
//! from fax software) by reversing the bits of the stored strips before they are decoded, as
//! libtiff does; palette images by decoding their indices as grey and returning the colour map;
//! JPEG-in-TIFF stored as YCbCr (the usual scanner output) by converting to RGB as a JPEG
//! decoder does; CCITT Group 3 (one-dimensional, with EOL codes) with the `fax` crate. The
//! Orientation tag is returned so that the page can turn the image upright. Anything else the
//! `tiff` crate cannot decode is refused with a message that says so, never printed garbled.

use std::io::Cursor;

use tiff::ColorType as C;
use tiff::decoder::{Decoder, DecodingResult as R};
use tiff::tags::Tag;

/// More pages than this in one TIFF are refused (as for PDFs, the scanner's page cap).
const MAX_PAGES: usize = 2_000;
/// Decoded bytes allowed for one page (the `tiff` crate's default buffer limit): an A4 page at
/// 600 dpi in colour is 104 MB.
const MAX_PAGE_BYTES: u64 = 256 * 1024 * 1024;

/// The colours of a page's samples.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Colour {
    Gray,
    Rgb,
    Cmyk,
    /// Indices into a palette of 8-bit RGB triples.
    Indexed(Vec<u8>),
}

impl Colour {
    pub(crate) fn components(&self) -> u64 {
        match self {
            Colour::Rgb => 3,
            Colour::Cmyk => 4,
            Colour::Gray | Colour::Indexed(_) => 1,
        }
    }
}

/// One decoded page, its samples laid out as PDF expects them: rows padded to whole bytes,
/// 16-bit samples big-endian, 0 is black for grey.
pub(crate) struct Page {
    pub width: u32,
    pub height: u32,
    pub colour: Colour,
    /// Bits per sample: 1, 2, 4, 8 or 16.
    pub bits: u8,
    pub samples: Vec<u8>,
    /// Alpha as 8- or 16-bit samples (bits, samples), only when some pixel is not opaque.
    pub alpha: Option<(u8, Vec<u8>)>,
    /// TIFF Orientation 1..=8 (1 = as stored), the same values as EXIF.
    pub orientation: u8,
    /// Bytes the page's image data takes in the file (all strips or tiles).
    pub stored_bytes: u64,
    /// Whether the page is JPEG-compressed (lossy, judged for blankness like a JPEG).
    pub jpeg: bool,
}

/// Why a TIFF cannot be decoded: a full sentence for a volunteer.
#[derive(Debug, Clone)]
pub(crate) struct Error {
    pub message: String,
}

fn unsupported(what: &str) -> Error {
    Error {
        message: format!(
            "this TIFF is of a kind that cannot be printed ({what}): open it and save the scan \
             as PDF or PNG, or scan the document again as PDF"
        ),
    }
}

fn damaged(detail: impl std::fmt::Display) -> Error {
    Error {
        message: format!(
            "the TIFF cannot be decoded ({detail}): it may be damaged; copy it again from the \
             scanner, or save it again as PDF or PNG"
        ),
    }
}

fn tiff_error(e: tiff::TiffError) -> Error {
    match e {
        tiff::TiffError::UnsupportedError(u) => unsupported(&u.to_string()),
        tiff::TiffError::LimitsExceeded => Error {
            message: "a page of the TIFF is too large to print: scan it again at 200 to 300 dpi"
                .to_owned(),
        },
        other => damaged(other),
    }
}

/// Tags of one image (IFD) that this file needs beyond what the `tiff` crate interprets.
struct Ifd {
    /// Where the IFD starts in the file.
    offset: u64,
    compression: u16,
    photometric: u16,
    fill_lsb_first: bool,
    colour_map: Option<Vec<u16>>,
    t4_options: u32,
    /// The first extra sample is alpha (ExtraSamples 1 or 2).
    extra_alpha: bool,
    orientation: u8,
    /// (offset, length) of every strip or tile.
    chunks: Vec<(u64, u64)>,
    rows_per_strip: u32,
    tiled: bool,
    /// Every tag as read, to prove a patched copy reads the same.
    tags: Vec<String>,
}

fn read_ifd<T: std::io::Read + std::io::Seek>(dec: &mut Decoder<T>) -> Result<Ifd, Error> {
    let offset = dec.ifd_pointer().map_or(0, |p| p.0);
    let u16_tag = |dec: &mut Decoder<T>, tag: Tag, default: u16| -> Result<u16, Error> {
        Ok(dec
            .find_tag_unsigned::<u16>(tag)
            .map_err(tiff_error)?
            .unwrap_or(default))
    };
    let compression = u16_tag(dec, Tag::Compression, 1)?;
    let photometric = u16_tag(dec, Tag::PhotometricInterpretation, 0)?;
    let fill = u16_tag(dec, Tag::FillOrder, 1)?;
    let orientation = u16_tag(dec, Tag::Orientation, 1)?;
    let colour_map = dec
        .find_tag_unsigned_vec::<u16>(Tag::ColorMap)
        .map_err(tiff_error)?;
    let t4_options = dec
        .find_tag_unsigned::<u32>(Tag::Unknown(292))
        .map_err(tiff_error)?
        .unwrap_or(0);
    let extra_alpha = matches!(
        dec.find_tag_unsigned_vec::<u16>(Tag::ExtraSamples)
            .map_err(tiff_error)?
            .as_deref(),
        Some([1 | 2, ..])
    );
    let tiled = dec
        .find_tag(Tag::TileOffsets)
        .map_err(tiff_error)?
        .is_some();
    let (off_tag, len_tag) = if tiled {
        (Tag::TileOffsets, Tag::TileByteCounts)
    } else {
        (Tag::StripOffsets, Tag::StripByteCounts)
    };
    let offsets = dec
        .find_tag_unsigned_vec::<u64>(off_tag)
        .map_err(tiff_error)?
        .unwrap_or_default();
    let lengths = dec
        .find_tag_unsigned_vec::<u64>(len_tag)
        .map_err(tiff_error)?
        .unwrap_or_default();
    if offsets.len() != lengths.len() {
        return Err(damaged("its strip offsets and lengths disagree"));
    }
    let (_, height) = dec.dimensions().map_err(tiff_error)?;
    let rows_per_strip = dec
        .find_tag_unsigned::<u32>(Tag::RowsPerStrip)
        .map_err(tiff_error)?
        .unwrap_or(height)
        .clamp(1, height.max(1));
    let mut tags = Vec::new();
    for tag in dec.tag_iter() {
        let (tag, value) = tag.map_err(tiff_error)?;
        tags.push(format!("{tag:?}={value:?}"));
    }
    Ok(Ifd {
        offset,
        compression,
        photometric,
        fill_lsb_first: fill == 2,
        colour_map,
        t4_options,
        extra_alpha,
        orientation: u8::try_from(orientation)
            .ok()
            .filter(|o| (1..=8).contains(o))
            .unwrap_or(1),
        chunks: offsets.into_iter().zip(lengths).collect(),
        rows_per_strip,
        tiled,
        tags,
    })
}

/// Decodes every page in order and hands each to `page`; stops at the first error.
pub(crate) fn for_each_page(
    bytes: &[u8],
    mut page: impl FnMut(Page) -> Result<(), String>,
) -> Result<(), Error> {
    // First pass on the file as it is: the tags of every image.
    let mut dec = Decoder::new(Cursor::new(bytes)).map_err(tiff_error)?;
    let mut ifds = Vec::new();
    loop {
        ifds.push(read_ifd(&mut dec)?);
        if !dec.more_images() {
            break;
        }
        if ifds.len() >= MAX_PAGES {
            return Err(Error {
                message: format!(
                    "the TIFF has more than {MAX_PAGES} pages: split it into smaller files"
                ),
            });
        }
        dec.next_image().map_err(tiff_error)?;
    }
    drop(dec);
    let patched = patch(bytes, &ifds)?;
    let data: &[u8] = patched.as_deref().unwrap_or(bytes);

    let mut dec = Decoder::new(Cursor::new(data)).map_err(tiff_error)?;
    for (i, ifd) in ifds.iter().enumerate() {
        if i > 0 {
            dec.next_image().map_err(tiff_error)?;
        }
        if patched.is_some() {
            // The patched copy must read exactly as the file, but for what was patched.
            let again = read_ifd(&mut dec)?;
            let keep = |t: &&String| !t.starts_with("PhotometricInterpretation=");
            if again.offset != ifd.offset
                || !again
                    .tags
                    .iter()
                    .filter(keep)
                    .eq(ifd.tags.iter().filter(keep))
            {
                return Err(damaged("its image data overlaps its directory"));
            }
        }
        let n = i + 1;
        let decoded = decode_page(&mut dec, ifd, data).map_err(|mut e| {
            if ifds.len() > 1 {
                e.message = format!("page {n}: {}", e.message);
            }
            e
        })?;
        page(decoded).map_err(|message| Error { message })?;
    }
    Ok(())
}

/// A copy of the file with the strips of FillOrder 2 images bit-reversed and palette images
/// marked as grey (so that the `tiff` crate decodes their indices); `None` when nothing needs it.
fn patch(bytes: &[u8], ifds: &[Ifd]) -> Result<Option<Vec<u8>>, Error> {
    if !ifds.iter().any(|i| i.fill_lsb_first || i.photometric == 3) {
        return Ok(None);
    }
    let mut out = bytes.to_vec();
    let mut reversed: Vec<(u64, u64)> = Vec::new();
    for ifd in ifds {
        if ifd.fill_lsb_first {
            if matches!(ifd.compression, 6 | 7) {
                return Err(unsupported("JPEG with bits stored in reverse order"));
            }
            for &(start, len) in &ifd.chunks {
                let end = start
                    .checked_add(len)
                    .filter(|&e| e <= bytes.len() as u64)
                    .ok_or_else(|| damaged("a strip lies beyond the end of the file"))?;
                for b in &mut out[start as usize..end as usize] {
                    *b = b.reverse_bits();
                }
                reversed.push((start, end));
            }
        }
        if ifd.photometric == 3 {
            set_photometric_grey(&mut out, ifd.offset)?;
        }
    }
    reversed.sort_unstable();
    if reversed.windows(2).any(|w| w[1].0 < w[0].1) {
        return Err(damaged("its strips overlap"));
    }
    Ok(Some(out))
}

/// Rewrites the PhotometricInterpretation entry of the IFD at `offset` to 1 (BlackIsZero).
fn set_photometric_grey(out: &mut [u8], offset: u64) -> Result<(), Error> {
    let bad = || damaged("its image directory cannot be read");
    let little = match out.get(..2) {
        Some(b"II") => true,
        Some(b"MM") => false,
        _ => return Err(bad()),
    };
    let u16_at = |b: &[u8], at: usize| -> Option<u16> {
        let v: [u8; 2] = b.get(at..at + 2)?.try_into().ok()?;
        Some(if little {
            u16::from_le_bytes(v)
        } else {
            u16::from_be_bytes(v)
        })
    };
    let big = u16_at(out, 2) == Some(43);
    let at = usize::try_from(offset).map_err(|_| bad())?;
    let (count, first, size, value_at) = if big {
        let v: [u8; 8] = out
            .get(at..at + 8)
            .and_then(|s| s.try_into().ok())
            .ok_or_else(bad)?;
        let c = if little {
            u64::from_le_bytes(v)
        } else {
            u64::from_be_bytes(v)
        };
        (c, at + 8, 20, 12)
    } else {
        (u64::from(u16_at(out, at).ok_or_else(bad)?), at + 2, 12, 8)
    };
    for i in 0..count.min(4096) as usize {
        let entry = first + i * size;
        if u16_at(out, entry) == Some(262) {
            if u16_at(out, entry + 2) != Some(3) {
                return Err(unsupported("a palette stored in an unusual way"));
            }
            let one = if little { [1, 0] } else { [0, 1] };
            out.get_mut(entry + value_at..entry + value_at + 2)
                .ok_or_else(bad)?
                .copy_from_slice(&one);
            return Ok(());
        }
    }
    Err(bad())
}

fn decode_page<T: std::io::Read + std::io::Seek>(
    dec: &mut Decoder<T>,
    ifd: &Ifd,
    data: &[u8],
) -> Result<Page, Error> {
    let (width, height) = dec.dimensions().map_err(tiff_error)?;
    if width == 0 || height == 0 {
        return Err(damaged("it has a page without pixels"));
    }
    let stored_bytes = ifd.chunks.iter().map(|c| c.1).sum();
    let jpeg = matches!(ifd.compression, 6 | 7);
    let mut page = Page {
        width,
        height,
        colour: Colour::Gray,
        bits: 8,
        samples: Vec::new(),
        alpha: None,
        orientation: ifd.orientation,
        stored_bytes,
        jpeg,
    };
    match ifd.compression {
        2 | 32771 => return Err(unsupported("CCITT modified Huffman fax compression")),
        3 | 4 if dec.colortype().map_err(tiff_error)? != C::Gray(1) => {
            return Err(unsupported("fax compression on a grey or colour image"));
        }
        3 => {
            page.bits = 1;
            page.samples = group3(ifd, width, height, data)?;
            return Ok(page);
        }
        6 => return Err(unsupported("old-style JPEG compression")),
        _ => {}
    }
    let colour = dec.colortype().map_err(tiff_error)?;
    if ifd.photometric == 3 && !matches!(colour, C::Gray(1 | 2 | 4 | 8)) {
        return Err(unsupported("a palette with more than 8 bits per pixel"));
    }
    let planar = dec
        .find_tag_unsigned::<u16>(Tag::PlanarConfiguration)
        .map_err(tiff_error)?
        == Some(2);
    let decoded = if planar && colour_samples(colour) > 1 {
        read_planes(dec, colour)?
    } else {
        dec.read_image().map_err(tiff_error)?
    };
    let (colour, bits, samples, alpha) = match (colour, decoded) {
        (C::Gray(b @ (1 | 2 | 4 | 8)), R::U8(v)) => {
            let colour = match &ifd.colour_map {
                Some(map) if ifd.photometric == 3 => Colour::Indexed(palette(map, b)?),
                _ if ifd.photometric == 3 => return Err(damaged("its palette is missing")),
                _ => Colour::Gray,
            };
            (colour, b, v, None)
        }
        (C::Gray(16), R::U16(v)) => (Colour::Gray, 16, be16(&v), None),
        (
            C::Multiband {
                bit_depth: 8,
                num_samples: 2,
            },
            R::U8(v),
        ) if ifd.extra_alpha => {
            let (c, a) = split_alpha(&v, 1);
            (Colour::Gray, 8, c, Some((8, a)))
        }
        (C::RGB(8), R::U8(v)) => (Colour::Rgb, 8, v, None),
        (C::RGB(16), R::U16(v)) => (Colour::Rgb, 16, be16(&v), None),
        (C::RGBA(8), R::U8(v)) => {
            let (c, a) = split_alpha(&v, 3);
            (Colour::Rgb, 8, c, Some((8, a)))
        }
        (C::RGBA(16), R::U16(v)) => {
            let (c, a) = split_alpha(&v, 3);
            (Colour::Rgb, 16, be16(&c), Some((16, be16(&a))))
        }
        (C::CMYK(8), R::U8(v)) => (Colour::Cmyk, 8, v, None),
        (C::YCbCr(8), R::U8(v)) if jpeg => (Colour::Rgb, 8, ycbcr_to_rgb(v), None),
        (other, _) => return Err(unsupported(&format!("{other:?} samples"))),
    };
    let row = (u64::from(width) * colour.components() * u64::from(bits)).div_ceil(8);
    if samples.len() as u64 != row * u64::from(height) {
        return Err(damaged("wrong amount of pixel data"));
    }
    page.colour = colour;
    page.bits = bits;
    page.samples = samples;
    // Opaque alpha, 8 or 16 bits, is all ones: no soft mask then.
    page.alpha = alpha.filter(|(_, a)| a.iter().any(|&v| v != u8::MAX));
    Ok(page)
}

/// A TIFF colour map (all reds, all greens, all blues, 16 bits each) as 8-bit RGB triples.
/// Old writers store 8-bit values; as libtiff does, a map with no value above 255 is taken as
/// such.
/// Samples per pixel of a colour type.
fn colour_samples(colour: C) -> usize {
    match colour {
        C::Gray(_) | C::Palette(_) => 1,
        C::GrayA(_) => 2,
        C::RGB(_) | C::YCbCr(_) | C::Lab(_) => 3,
        C::RGBA(_) | C::CMYK(_) => 4,
        C::CMYKA(_) => 5,
        C::Multiband { num_samples, .. } => usize::from(num_samples),
        _ => 0,
    }
}

/// An image stored as separate planes (PlanarConfiguration 2: all red, then all green, ...)
/// read and interleaved into pixels, for 8 and 16 bits per sample.
fn read_planes<T: std::io::Read + std::io::Seek>(
    dec: &mut Decoder<T>,
    colour: C,
) -> Result<R, Error> {
    let refused = || unsupported("colour planes stored separately");
    let bits = match colour {
        C::RGB(b) | C::RGBA(b) | C::CMYK(b) => b,
        C::Multiband { bit_depth, .. } => bit_depth,
        _ => return Err(refused()),
    };
    let mut result = if bits == 16 {
        R::U16(Vec::new())
    } else {
        R::U8(Vec::new())
    };
    if !matches!(bits, 8 | 16) {
        return Err(refused());
    }
    let layout = dec.read_image_to_buffer(&mut result).map_err(tiff_error)?;
    let n = colour_samples(colour);
    if layout.planes != n || result.as_buffer(0).as_bytes().len() < layout.complete_len {
        return Err(refused());
    }
    fn interleave<V: Copy>(v: &[V], n: usize) -> Option<Vec<V>> {
        if n == 0 || !v.len().is_multiple_of(n) {
            return None;
        }
        let plane = v.len() / n;
        Some(
            (0..plane)
                .flat_map(|i| (0..n).map(move |p| v[p * plane + i]))
                .collect(),
        )
    }
    match result {
        R::U8(v) => interleave(&v, n).map(R::U8),
        R::U16(v) => interleave(&v, n).map(R::U16),
        _ => None,
    }
    .ok_or_else(refused)
}

fn palette(map: &[u16], bits: u8) -> Result<Vec<u8>, Error> {
    let n = 1usize << bits;
    if map.len() != 3 * n {
        return Err(damaged("its palette has the wrong size"));
    }
    let eight_bit = map.iter().all(|&v| v <= 255);
    let to8 = |v: u16| {
        if eight_bit {
            v as u8
        } else {
            (u32::from(v) * 255 / 65535) as u8
        }
    };
    Ok((0..n)
        .flat_map(|i| [to8(map[i]), to8(map[n + i]), to8(map[2 * n + i])])
        .collect())
}

/// JPEG's YCbCr to RGB (JFIF, as libjpeg converts it), rounded.
fn ycbcr_to_rgb(mut v: Vec<u8>) -> Vec<u8> {
    for px in v.chunks_exact_mut(3) {
        let y = f32::from(px[0]);
        let cb = f32::from(px[1]) - 128.0;
        let cr = f32::from(px[2]) - 128.0;
        let c = |x: f32| x.round().clamp(0.0, 255.0) as u8;
        px[0] = c(y + 1.402 * cr);
        px[1] = c(y - 0.344_136 * cb - 0.714_136 * cr);
        px[2] = c(y + 1.772 * cb);
    }
    v
}

/// CCITT Group 3 (T.4), one-dimensional with EOL codes, strip by strip: 1-bit rows, 0 black
/// after the photometric interpretation (as the `tiff` crate returns Group 4).
fn group3(ifd: &Ifd, width: u32, height: u32, data: &[u8]) -> Result<Vec<u8>, Error> {
    if ifd.t4_options & 1 != 0 {
        return Err(unsupported("two-dimensional CCITT Group 3 fax compression"));
    }
    if ifd.t4_options & 2 != 0 || ifd.tiled || !matches!(ifd.photometric, 0 | 1) {
        return Err(unsupported("an unusual CCITT Group 3 fax layout"));
    }
    let w16 = u16::try_from(width).map_err(|_| unsupported("a fax page wider than 65535"))?;
    let row = width.div_ceil(8) as usize;
    if row as u64 * u64::from(height) > MAX_PAGE_BYTES {
        return Err(tiff_error(tiff::TiffError::LimitsExceeded));
    }
    let mut out = Vec::with_capacity(row * height as usize);
    let mut left = height;
    for &(start, len) in &ifd.chunks {
        if left == 0 {
            break;
        }
        let rows = left.min(ifd.rows_per_strip);
        let strip = usize::try_from(start)
            .ok()
            .zip(usize::try_from(start.saturating_add(len)).ok())
            .and_then(|(s, e)| data.get(s..e))
            .ok_or_else(|| damaged("a strip lies beyond the end of the file"))?;
        // Every line must code exactly `width` pixels. libtiff ends a strip without the
        // end-of-page mark (six EOL codes), and the decoder needs a few bits beyond a line to
        // read it, so the mark is added after the strip: a line cut short ends at it and is
        // refused for its width.
        const END_OF_PAGE: [u8; 14] = [0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 0];
        let mut decoder = fax::decoder::Group3Decoder::new(
            strip
                .iter()
                .chain(&END_OF_PAGE)
                .map(|&b| Ok::<u8, std::convert::Infallible>(b)),
        )
        .map_err(|_| damaged("a fax strip does not start with a line mark"))?;
        for _ in 0..rows {
            let status = decoder.advance();
            let line = decoder.transitions();
            if status.is_err() || line.last() != Some(&w16) {
                return Err(damaged("a fax strip has missing or broken lines"));
            }
            let mut bytes = vec![0u8; row];
            for (x, c) in fax::decoder::pels(line, w16).enumerate() {
                if c == fax::Color::Black {
                    bytes[x / 8] |= 0x80 >> (x % 8);
                }
            }
            out.extend_from_slice(&bytes);
        }
        left -= rows;
    }
    if left != 0 {
        return Err(damaged("fax lines are missing"));
    }
    if ifd.photometric == 0 {
        for b in &mut out {
            *b = !*b;
        }
    }
    Ok(out)
}

fn split_alpha<T: Copy>(raw: &[T], colours: usize) -> (Vec<T>, Vec<T>) {
    let mut c = Vec::with_capacity(raw.len() / (colours + 1) * colours);
    let mut a = Vec::with_capacity(raw.len() / (colours + 1));
    for px in raw.chunks_exact(colours + 1) {
        c.extend_from_slice(&px[..colours]);
        a.push(px[colours]);
    }
    (c, a)
}

fn be16(raw: &[u16]) -> Vec<u8> {
    raw.iter().flat_map(|s| s.to_be_bytes()).collect()
}

/// Pages as 8-bit RGB, for comparing pixels in tests.
#[cfg(test)]
pub(crate) mod tests_support {
    use super::{Colour, Page};

    /// Sample `x` of a row of `bits`-bit samples.
    fn sample(row: &[u8], x: usize, bits: u8) -> u16 {
        match bits {
            16 => u16::from_be_bytes([row[2 * x], row[2 * x + 1]]),
            8 => u16::from(row[x]),
            b => {
                let per = 8 / b as usize;
                let byte = row[x / per];
                let shift = 8 - b as usize * (x % per + 1);
                u16::from((byte >> shift) & ((1u8 << b) - 1))
            }
        }
    }

    pub(crate) fn to_rgb(p: &Page) -> Vec<u8> {
        let (w, h) = (p.width as usize, p.height as usize);
        let comps = p.colour.components() as usize;
        let row_bytes = (w * comps * p.bits as usize).div_ceil(8);
        let max = (1u32 << p.bits) - 1;
        let to8 = |v: u16| (u32::from(v) * 255 / max) as u8;
        let mut out = Vec::with_capacity(w * h * 3);
        for y in 0..h {
            let row = &p.samples[y * row_bytes..(y + 1) * row_bytes];
            for x in 0..w {
                match &p.colour {
                    Colour::Gray => out.extend([to8(sample(row, x, p.bits)); 3]),
                    Colour::Indexed(pal) => {
                        let i = sample(row, x, p.bits) as usize * 3;
                        out.extend_from_slice(&pal[i..i + 3]);
                    }
                    Colour::Rgb => {
                        for c in 0..3 {
                            out.push(to8(sample(row, x * 3 + c, p.bits)));
                        }
                    }
                    Colour::Cmyk => {
                        let k = u32::from(to8(sample(row, x * 4 + 3, p.bits)));
                        for c in 0..3 {
                            let v = u32::from(to8(sample(row, x * 4 + c, p.bits)));
                            out.push(((255 - v) * (255 - k) / 255) as u8);
                        }
                    }
                }
            }
        }
        out
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// A little-endian TIFF with one image of one strip; `tags` are (tag, type, values) with
    /// type 3 (SHORT) or 4 (LONG), added to ImageWidth, ImageLength, StripOffsets,
    /// RowsPerStrip and StripByteCounts.
    pub(crate) fn tiff(
        width: u32,
        height: u32,
        tags: &[(u16, u16, &[u32])],
        strip: &[u8],
    ) -> Vec<u8> {
        let mut all: Vec<(u16, u16, Vec<u32>)> = vec![
            (256, 4, vec![width]),
            (257, 4, vec![height]),
            (273, 4, vec![8]),
            (278, 4, vec![height]),
            (279, 4, vec![strip.len() as u32]),
        ];
        all.retain(|e| !tags.iter().any(|t| t.0 == e.0));
        all.extend(tags.iter().map(|(t, k, v)| (*t, *k, v.to_vec())));
        all.sort_by_key(|e| e.0);
        let mut out = b"II*\0\x08\0\0\0".to_vec();
        out.extend_from_slice(strip);
        // Out-of-line values first, then the directory.
        let mut entries = Vec::new();
        for (tag, kind, values) in &all {
            let bytes: Vec<u8> = values
                .iter()
                .flat_map(|&v| {
                    if *kind == 3 {
                        (v as u16).to_le_bytes().to_vec()
                    } else {
                        v.to_le_bytes().to_vec()
                    }
                })
                .collect();
            let field = if bytes.len() <= 4 {
                let mut f = bytes.clone();
                f.resize(4, 0);
                f
            } else {
                if out.len() % 2 == 1 {
                    out.push(0);
                }
                let at = out.len() as u32;
                out.extend_from_slice(&bytes);
                at.to_le_bytes().to_vec()
            };
            entries.push((*tag, *kind, values.len() as u32, field));
        }
        if out.len() % 2 == 1 {
            out.push(0);
        }
        let ifd = out.len() as u32;
        out[4..8].copy_from_slice(&ifd.to_le_bytes());
        out.extend_from_slice(&(entries.len() as u16).to_le_bytes());
        for (tag, kind, count, field) in entries {
            out.extend_from_slice(&tag.to_le_bytes());
            out.extend_from_slice(&kind.to_le_bytes());
            out.extend_from_slice(&count.to_le_bytes());
            out.extend_from_slice(&field);
        }
        out.extend_from_slice(&[0; 4]);
        out
    }

    fn pages(bytes: &[u8]) -> Result<Vec<Page>, Error> {
        let mut pages = Vec::new();
        for_each_page(bytes, |p| {
            pages.push(p);
            Ok(())
        })?;
        Ok(pages)
    }

    const BILEVEL: [(u16, u16, &[u32]); 3] = [(258, 3, &[1]), (259, 3, &[1]), (262, 3, &[0])];

    #[test]
    fn fill_order_2_is_read_least_significant_bit_first() {
        // 16 x 2 pixels, WhiteIsZero: row 0 has black at x = 0 and x = 9, row 1 at x = 7.
        let msb = [0b1000_0000, 0b0100_0000, 0b0000_0001, 0];
        let lsb: Vec<u8> = msb.iter().map(|b: &u8| b.reverse_bits()).collect();
        let plain = pages(&tiff(16, 2, &BILEVEL, &msb)).unwrap();
        let mut tags = BILEVEL.to_vec();
        tags.push((266, 3, &[2]));
        let reversed = pages(&tiff(16, 2, &tags, &lsb)).unwrap();
        // Black is 0 once WhiteIsZero is read: the same pixels either way.
        let expected: Vec<u8> = msb.iter().map(|b| !b).collect();
        assert_eq!(plain[0].samples, expected);
        assert_eq!(reversed[0].samples, expected);
        assert_eq!(reversed[0].bits, 1);

        // PackBits is bit-reversed as stored, as libtiff writes it: a literal run of 4 bytes.
        let mut packed = vec![3u8];
        packed.extend_from_slice(&msb);
        let packed: Vec<u8> = packed.iter().map(|b| b.reverse_bits()).collect();
        let mut tags = vec![(258, 3, &[1u32][..]), (259, 3, &[32773]), (262, 3, &[0])];
        tags.push((266, 3, &[2]));
        assert_eq!(
            pages(&tiff(16, 2, &tags, &packed)).unwrap()[0].samples,
            expected
        );
    }

    #[test]
    fn fill_order_2_with_jpeg_is_refused_not_guessed() {
        let tags = [
            (258, 3, &[8u32][..]),
            (259, 3, &[7]),
            (262, 3, &[1]),
            (266, 3, &[2]),
        ];
        let err = pages(&tiff(2, 2, &tags, &[0xFF, 0xD8, 0xFF, 0xD9]))
            .err()
            .unwrap();
        assert!(err.message.contains("cannot be printed"), "{}", err.message);
    }

    #[test]
    fn rgb_in_separate_planes_is_interleaved() {
        // 2 x 2 pixels stored as all red, all green, all blue.
        let planes = [10, 11, 12, 13, 20, 21, 22, 23, 30, 31, 32, 33];
        let tags = [
            (258, 3, &[8u32, 8, 8][..]),
            (259, 3, &[1]),
            (262, 3, &[2]),
            (273, 4, &[8, 12, 16]),
            (277, 3, &[3]),
            (278, 4, &[2]),
            (279, 4, &[4, 4, 4]),
            (284, 3, &[2]),
        ];
        let page = pages(&tiff(2, 2, &tags, &planes)).unwrap().remove(0);
        assert!(matches!(page.colour, Colour::Rgb));
        assert_eq!(
            page.samples,
            [10, 20, 30, 11, 21, 31, 12, 22, 32, 13, 23, 33]
        );
    }

    #[test]
    fn palette_becomes_indexed_colours() {
        // 4-bit indices, 3 x 1 pixels: 0, 1, 15; a 16-bit colour map.
        let mut map = [0u32; 48];
        map[1] = 0xFFFF; // red of entry 1
        map[16 + 15] = 0x8080; // green of entry 15
        let tags = [
            (258, 3, &[4u32][..]),
            (259, 3, &[1]),
            (262, 3, &[3]),
            (320, 3, &map[..]),
        ];
        let page = pages(&tiff(3, 1, &tags, &[0x01, 0xF0])).unwrap().remove(0);
        let Colour::Indexed(pal) = &page.colour else {
            panic!("not indexed: {:?}", page.colour);
        };
        assert_eq!(pal.len(), 48);
        assert_eq!(&pal[3..6], &[255, 0, 0]);
        assert_eq!(&pal[45..48], &[0, 128, 0]);
        assert_eq!((page.bits, page.samples.as_slice()), (4, &[0x01, 0xF0][..]));
        assert_eq!(
            tests_support::to_rgb(&page),
            [0, 0, 0, 255, 0, 0, 0, 128, 0]
        );
    }

    #[test]
    fn four_bit_grey_keeps_its_depth() {
        let tags = [(258, 3, &[4u32][..]), (259, 3, &[1]), (262, 3, &[1])];
        let page = pages(&tiff(3, 2, &tags, &[0x0F, 0x80, 0x12, 0x30]))
            .unwrap()
            .remove(0);
        assert_eq!((page.colour, page.bits), (Colour::Gray, 4));
        assert_eq!(page.samples, [0x0F, 0x80, 0x12, 0x30]);
    }

    /// Packs a string of '0' and '1' MSB first, padded with zeros.
    fn bits(s: &str) -> Vec<u8> {
        let s: Vec<u8> = s.bytes().filter(|b| *b != b' ').collect();
        s.chunks(8)
            .map(|c| {
                c.iter()
                    .enumerate()
                    .fold(0u8, |acc, (i, b)| acc | (u8::from(*b == b'1') << (7 - i)))
            })
            .collect()
    }

    #[test]
    fn ccitt_group3_one_dimensional_is_decoded() {
        // 16 x 2 pixels. Row 0: white 8 (10011), black 8 (000101); row 1: white 16 (101010).
        // Each row starts with EOL; no end-of-page mark, as libtiff writes it.
        let eol = "000000000001";
        let strip = bits(&format!("{eol} 10011 000101 {eol} 101010"));
        let tags = [(258, 3, &[1u32][..]), (259, 3, &[3]), (262, 3, &[0])];
        let page = pages(&tiff(16, 2, &tags, &strip)).unwrap().remove(0);
        assert_eq!(page.samples, [0xFF, 0x00, 0xFF, 0xFF]);
        // A row that codes too few pixels is damage, not a short line.
        let short = bits(&format!("{eol} 10011 {eol} 101010"));
        let err = pages(&tiff(16, 2, &tags, &short)).err().unwrap();
        assert!(err.message.contains("damaged"), "{}", err.message);
        // Two-dimensional Group 3 cannot be decoded: refused as such.
        let mut two_d = tags.to_vec();
        two_d.push((292, 4, &[1]));
        let err = pages(&tiff(16, 2, &two_d, &strip)).err().unwrap();
        assert!(err.message.contains("two-dimensional"), "{}", err.message);
        assert!(err.message.contains("PDF or PNG"), "{}", err.message);
    }

    #[test]
    fn modified_huffman_fax_is_refused_with_advice() {
        let tags = [(258, 3, &[1u32][..]), (259, 3, &[2]), (262, 3, &[0])];
        let err = pages(&tiff(16, 2, &tags, &[0; 8])).err().unwrap();
        assert!(err.message.contains("cannot be printed"), "{}", err.message);
        assert!(
            err.message.contains("save the scan as PDF or PNG"),
            "{}",
            err.message
        );
    }

    #[test]
    fn jpeg_in_tiff_stored_as_ycbcr_becomes_rgb() {
        use image::codecs::jpeg::JpegEncoder;
        let (w, h) = (16u32, 16u32);
        let colour = [200u8, 30, 40];
        let rgb: Vec<u8> = (0..w * h).flat_map(|_| colour).collect();
        let mut jpeg = Vec::new();
        JpegEncoder::new_with_quality(&mut jpeg, 100)
            .encode(&rgb, w, h, image::ExtendedColorType::Rgb8)
            .unwrap();
        let tags = [
            (258, 3, &[8u32, 8, 8][..]),
            (259, 3, &[7]),
            (262, 3, &[6]),
            (277, 3, &[3]),
        ];
        let page = pages(&tiff(w, h, &tags, &jpeg)).unwrap().remove(0);
        assert_eq!(
            (page.colour.clone(), page.bits, page.jpeg),
            (Colour::Rgb, 8, true)
        );
        for px in page.samples.chunks(3) {
            for (got, want) in px.iter().zip(colour) {
                assert!(got.abs_diff(want) <= 3, "{px:?} is not {colour:?}");
            }
        }
    }

    #[test]
    fn orientation_tag_is_returned() {
        let tags = [
            (258, 3, &[8u32][..]),
            (259, 3, &[1]),
            (262, 3, &[1]),
            (274, 3, &[6]),
        ];
        let page = pages(&tiff(2, 1, &tags, &[0, 255])).unwrap().remove(0);
        assert_eq!(page.orientation, 6);
        let tags = [
            (258, 3, &[8u32][..]),
            (259, 3, &[1]),
            (262, 3, &[1]),
            (274, 3, &[9]),
        ];
        assert_eq!(
            pages(&tiff(2, 1, &tags, &[0, 255])).unwrap()[0].orientation,
            1
        );
    }

    #[test]
    fn damaged_tiffs_are_errors_not_panics() {
        let good = tiff(16, 2, &BILEVEL, &[1, 2, 3, 4]);
        for cut in [0, 4, 8, 12, good.len() - 20, good.len() - 1] {
            let _ = pages(&good[..cut]);
        }
        // A strip beyond the end of the file, with FillOrder 2.
        let mut tags = BILEVEL.to_vec();
        tags.push((266, 3, &[2]));
        let mut bad = tiff(16, 2, &tags, &[1, 2, 3, 4]);
        bad[8..12].copy_from_slice(&[0xFF; 4]);
        let _ = pages(&bad);
    }
}
