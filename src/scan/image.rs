//! Inspects standalone JPEG, PNG and TIFF copies from their headers, and holds the blank-page
//! heuristic shared with scanned PDF pages.
//!
//! An image copy is printed fitted to A4, so its page is reported as A4 (portrait or landscape
//! after its aspect) and its resolution is measured as fitted. JPEG and PNG are decoded only
//! to confirm a blank page: size comes from the headers, and blankness first from how well the
//! image compresses, then, for a page that compresses like an empty one, from its pixels
//! ([`luma_has_ink`]). A TIFF is
//! decoded page by page with the packet's own decoder ([`crate::tiff_pages`]), so that a TIFF
//! the packet could not print is refused here; each of its images is a page, judged by the
//! same rules as a single image.

use super::jpeg;
use super::{FileKind, PageFacts, Problem, ProblemKind, TextLayer};

/// Compressed JPEG scan bytes per pixel below which a page counts as blank.
///
/// A nearly white page holds almost no detail, so its JPEG is a small fraction of a real page's.
/// Measured on the benchmark corpus (200 dpi, quality 65-80, grey and colour, paper noise and
/// shading): 9 blank pages 0.015-0.032 bytes per pixel, 4,701 pages with text 0.068-0.148. The
/// threshold sits between the two, nearer the blank side so that a sparse page is not called
/// blank. Known limits: a blank page saved at very high quality (95+) or with heavy noise can
/// exceed it (missed: no warning), and a page with one short line of text at low quality can
/// fall below it (a needless warning that a person dismisses).
pub(crate) const BLANK_JPEG_BYTES_PER_PIXEL: f64 = 0.045;

/// For lossless images (Flate, LZW, CCITT, JBIG2, PNG): compressed size over raw size below
/// which a page may be blank, and is decoded to be judged by its pixels. An empty page
/// compresses about 200 to 1 (an empty 1-bit PNG at 200 dpi: 1 to 188); a bilevel page of text
/// at 300 dpi stays above 1 to 50 with CCITT G4. The pixels decide, so this only has to let
/// every empty page through.
pub(crate) const BLANK_LOSSLESS_RATIO: f64 = 0.01;

/// Darker than this (0 black, 255 white) is ink: print, pencil, light-blue ballpoint (about
/// 135) or a stamp; not paper (about 230-250), its noise and shading, or text showing through
/// from the back (about 200).
const INK_LEVEL: u8 = 176;

/// Dark pixels, as a share of the page's pixels, that make a page hold content: one in 20,000,
/// a short word at 200 dpi. Dust and specks stay below it.
const INK_SHARE: f64 = 1.0 / 20_000.0;

/// Pixels decoded at most to confirm that a page is blank (A4 at 600 dpi in colour is 35
/// million); a larger image keeps the judgement by its compressed size.
pub(crate) const INK_MAX_PIXELS: u64 = 40_000_000;

/// Whether grey pixels (row by row, `width` × `height`, 0 black) hold content: enough dark
/// pixels inside the page, leaving out a band of 5% along each edge, where a scanner's lid or
/// the sheet's border shows as a dark strip on an empty page.
///
/// The size of compressed data says a page is blank cheaply but not surely (a page with one
/// line of text, or with a large dark area, compresses as well as an empty one), so a page that
/// looks blank by its size is decoded and judged here before it is called blank.
pub(crate) fn luma_has_ink(luma: &[u8], width: usize, height: usize) -> bool {
    if width == 0 || luma.len() < width.saturating_mul(height) {
        return false;
    }
    let (mx, my) = (width / 20, height / 20);
    let dark: usize = luma
        .chunks_exact(width)
        .take(height - my)
        .skip(my)
        .map(|row| {
            row[mx..width - mx]
                .iter()
                .filter(|&&v| v < INK_LEVEL)
                .count()
        })
        .sum();
    dark as f64 >= (width as f64 * height as f64 * INK_SHARE).max(24.0)
}

/// Decodes an image file's bytes (JPEG or PNG, also a JPEG inside a PDF) to judge by its
/// pixels whether it holds content. `None` when it cannot be decoded here or is too large to
/// decode for this: the judgement by compressed size then stands.
pub(crate) fn encoded_has_ink(bytes: &[u8], format: image::ImageFormat) -> Option<bool> {
    let mut reader = image::ImageReader::with_format(std::io::Cursor::new(bytes), format);
    reader.limits(limits_for_ink());
    let (w, h) = reader.into_dimensions().ok()?;
    if u64::from(w) * u64::from(h) > INK_MAX_PIXELS {
        return None;
    }
    let mut reader = image::ImageReader::with_format(std::io::Cursor::new(bytes), format);
    reader.limits(limits_for_ink());
    let img = reader.decode().ok()?;
    let (w, h) = (img.width() as usize, img.height() as usize);
    let luma: Vec<u8> = if img.color().has_alpha() {
        // Transparent pixels print as the paper under them.
        img.to_luma_alpha8()
            .pixels()
            .map(|p| if p.0[1] < 128 { 255 } else { p.0[0] })
            .collect()
    } else {
        img.into_luma8().into_raw()
    };
    Some(luma_has_ink(&luma, w, h))
}

fn limits_for_ink() -> image::Limits {
    let mut limits = image::Limits::default();
    limits.max_alloc = Some(INK_MAX_PIXELS * 4);
    limits
}

/// A4 in inches, portrait.
const A4_INCHES: (f64, f64) = (210.0 / 25.4, 297.0 / 25.4);

/// Whether JPEG data with the given pixel count looks blank.
pub(crate) fn jpeg_looks_blank(data: &[u8], width: u32, height: u32) -> bool {
    let pixels = f64::from(width) * f64::from(height);
    if pixels < 10_000.0 {
        return false;
    }
    let bytes = jpeg::parse(data).map_or(data.len(), |info| info.scan_bytes);
    (bytes as f64) / pixels < BLANK_JPEG_BYTES_PER_PIXEL
}

/// Whether a losslessly compressed image of `raw_bytes` uncompressed looks blank.
pub(crate) fn lossless_looks_blank(compressed: usize, raw_bytes: f64) -> bool {
    raw_bytes >= 10_000.0 && (compressed as f64) / raw_bytes < BLANK_LOSSLESS_RATIO
}

/// Resolution of an image of `width` × `height` pixels printed fitted to A4 in the orientation
/// that suits its aspect.
pub(crate) fn dpi_fitted_to_a4(width: u32, height: u32) -> f64 {
    let (w, h) = (f64::from(width), f64::from(height));
    let (pw, ph) = if w > h {
        (A4_INCHES.1, A4_INCHES.0)
    } else {
        A4_INCHES
    };
    // Fitted, one pixel spans min(pw / w, ph / h) inches; its inverse is the resolution, the
    // same along both axes.
    ((w / pw).max(h / ph) * 10.0).round() / 10.0
}

/// Inspects a standalone image copy.
pub(crate) fn inspect(buf: &[u8], kind: &FileKind) -> (Vec<PageFacts>, Option<Problem>) {
    let corrupt = || {
        (
            Vec::new(),
            Some(Problem::new(
                ProblemKind::Corrupt,
                "the image is damaged: copy it again from the phone or \
                 scanner, or scan the document again",
            )),
        )
    };
    let truncated = Problem::new(
        ProblemKind::Truncated,
        "the image file ends early (it was cut off while copying or downloading): copy it \
         again from the original",
    );
    let (width, height, blank, problem) = match kind {
        FileKind::Jpeg => {
            let Some(info) = jpeg::parse(buf) else {
                return corrupt();
            };
            let blank = jpeg_looks_blank(buf, info.width, info.height)
                && encoded_has_ink(buf, image::ImageFormat::Jpeg) == Some(false);
            (
                info.width,
                info.height,
                blank,
                (!info.complete).then_some(truncated),
            )
        }
        FileKind::Png => {
            let Ok(size) = imagesize::blob_size(buf) else {
                return corrupt();
            };
            let (w, h) = (size.width as u32, size.height as u32);
            let tail = &buf[buf.len().saturating_sub(64)..];
            let complete = memchr::memmem::find(tail, b"IEND").is_some();
            if complete && !png_critical_chunks_intact(buf) {
                return corrupt();
            }
            (
                w,
                h,
                png_looks_blank(buf, w, h)
                    && encoded_has_ink(buf, image::ImageFormat::Png) == Some(false),
                (!complete).then_some(truncated),
            )
        }
        _ => return inspect_tiff(buf),
    };
    if width == 0 || height == 0 {
        return corrupt();
    }
    (vec![fitted_page(1, width, height, blank)], problem)
}

/// Whether every critical chunk of a PNG (the header, palette, image data and end; their
/// names start with a capital) has the checksum it states, as a PNG decoder demands: a flipped
/// bit in the image data of a file that is otherwise whole is caught here, by `check`, rather
/// than by `prepare` or on paper. A wrong checksum on an ancillary chunk (text, colour profile)
/// is ignored, as decoders ignore it.
fn png_critical_chunks_intact(buf: &[u8]) -> bool {
    let Some(mut rest) = buf.strip_prefix(b"\x89PNG\r\n\x1a\n") else {
        return false;
    };
    while rest.len() >= 12 {
        let len = u32::from_be_bytes([rest[0], rest[1], rest[2], rest[3]]) as usize;
        let Some(end) = len.checked_add(12).filter(|&e| e <= rest.len()) else {
            return false;
        };
        let kind = &rest[4..8];
        let stated = [rest[8 + len], rest[9 + len], rest[10 + len], rest[11 + len]];
        if kind[0].is_ascii_uppercase()
            && crc32fast::hash(&rest[4..8 + len]).to_be_bytes() != stated
        {
            return false;
        }
        if kind == b"IEND" {
            return true;
        }
        rest = &rest[end..];
    }
    false
}

/// A standalone image of `width` × `height` pixels as shown (after any turn), fitted to A4.
fn fitted_page(number: u32, width: u32, height: u32, blank: bool) -> PageFacts {
    let (width_mm, height_mm) = if width > height {
        (297.0, 210.0)
    } else {
        (210.0, 297.0)
    };
    PageFacts {
        number,
        width_mm,
        height_mm,
        dpi: Some(dpi_fitted_to_a4(width, height)),
        blank,
        text: TextLayer::None,
    }
}

/// Every image of a TIFF as a page. A TIFF that cannot be decoded to the end has no pages and
/// a problem that says why: the packet could not print it either.
fn inspect_tiff(buf: &[u8]) -> (Vec<PageFacts>, Option<Problem>) {
    let mut pages = Vec::new();
    let result = crate::tiff_pages::for_each_page(buf, |page| {
        // A JPEG page is judged by its JPEG bytes per pixel; any other page by how well its
        // decoded samples deflate, as a PNG is (a TIFF's own compression may be none, LZW or
        // PackBits, which say little).
        let blank = if page.jpeg {
            let pixels = f64::from(page.width) * f64::from(page.height);
            pixels >= 10_000.0 && page.stored_bytes as f64 / pixels < BLANK_JPEG_BYTES_PER_PIXEL
        } else {
            samples_look_blank(&page.samples)
        } && tiff_page_has_ink(&page) == Some(false);
        let (w, h) = if page.orientation >= 5 {
            (page.height, page.width)
        } else {
            (page.width, page.height)
        };
        let number = pages.len() as u32 + 1;
        pages.push(fitted_page(number, w, h, blank));
        Ok(())
    });
    match result {
        Ok(()) => (pages, None),
        Err(e) => (
            Vec::new(),
            Some(Problem::new(ProblemKind::Corrupt, e.message)),
        ),
    }
}

/// [`luma_has_ink`] for a decoded TIFF page; `None` for CMYK or a partly transparent page
/// other than 8-bit alpha.
fn tiff_page_has_ink(page: &crate::tiff_pages::Page) -> Option<bool> {
    use super::pixels::{Space, to_luma};
    use crate::tiff_pages::Colour;
    let (w, h) = (page.width as usize, page.height as usize);
    let space = match &page.colour {
        Colour::Gray => Space::Gray,
        Colour::Rgb => Space::Rgb,
        Colour::Indexed(palette) => Space::Indexed {
            rgb: true,
            palette: palette.clone(),
        },
        Colour::Cmyk => return None,
    };
    let luma = to_luma(&page.samples, w, h, &space, usize::from(page.bits), false)?;
    // Transparent pixels print as paper.
    let luma = match &page.alpha {
        Some((8, a)) => luma
            .iter()
            .zip(a)
            .map(|(&v, &a)| if a < 128 { 255 } else { v })
            .collect(),
        Some(_) => return None,
        None => luma,
    };
    Some(luma_has_ink(&luma, w, h))
}

/// Whether raw samples deflate below [`BLANK_LOSSLESS_RATIO`] of their size. Compression
/// stops as soon as the output passes that size, so a page with content costs little.
fn samples_look_blank(samples: &[u8]) -> bool {
    use flate2::{Compress, Compression, FlushCompress, Status};
    let raw = samples.len();
    if (raw as f64) < 10_000.0 {
        return false;
    }
    let limit = (raw as f64 * BLANK_LOSSLESS_RATIO) as u64;
    let mut z = Compress::new(Compression::default(), true);
    let mut out = vec![0u8; 64 * 1024];
    let mut input = samples;
    loop {
        let before_in = z.total_in();
        let flush = if input.is_empty() {
            FlushCompress::Finish
        } else {
            FlushCompress::None
        };
        let chunk = &input[..input.len().min(256 * 1024)];
        let Ok(status) = z.compress(chunk, &mut out, flush) else {
            return false;
        };
        input = &input[(z.total_in() - before_in) as usize..];
        if z.total_out() >= limit {
            return false;
        }
        if status == Status::StreamEnd {
            return lossless_looks_blank(z.total_out() as usize, raw as f64);
        }
    }
}

/// A PNG's compressed size against its raw size (from the IHDR colour type and bit depth).
fn png_looks_blank(buf: &[u8], width: u32, height: u32) -> bool {
    let (Some(&depth), Some(&colour)) = (buf.get(24), buf.get(25)) else {
        return false;
    };
    let channels = match colour {
        2 => 3.0,
        4 => 2.0,
        6 => 4.0,
        _ => 1.0,
    };
    let raw = f64::from(width) * f64::from(height) * channels * f64::from(depth) / 8.0;
    lossless_looks_blank(buf.len(), raw)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scan::jpeg::tests::fake_jpeg;

    #[test]
    fn fitted_dpi_uses_the_orientation_that_suits_the_image() {
        // An A4 scan at 200 dpi, portrait and landscape.
        assert!((dpi_fitted_to_a4(1654, 2339) - 200.0).abs() < 0.5);
        assert!((dpi_fitted_to_a4(2339, 1654) - 200.0).abs() < 0.5);
        // A phone photo of 3000 × 4000 px is limited by its width: 3000 px over 8.27 in.
        assert!((dpi_fitted_to_a4(3000, 4000) - 362.9).abs() < 0.5);
        // A small passport photo.
        assert!(dpi_fitted_to_a4(600, 800) < 100.0);
    }

    #[test]
    fn jpeg_blank_by_bytes_per_pixel() {
        let (w, h) = (1654u16, 2339u16);
        let pixels = usize::from(w) * usize::from(h);
        let blank = fake_jpeg(w, h, 1, &vec![0x11; pixels / 50]);
        let page = fake_jpeg(w, h, 1, &vec![0x11; pixels / 12]);
        assert!(jpeg_looks_blank(&blank, w.into(), h.into()));
        assert!(!jpeg_looks_blank(&page, w.into(), h.into()));
    }

    fn png(width: u32, height: u32, pixel: impl Fn(u32, u32) -> u8) -> Vec<u8> {
        use std::io::Write;
        fn chunk(out: &mut Vec<u8>, kind: &[u8], data: &[u8]) {
            out.extend_from_slice(&(data.len() as u32).to_be_bytes());
            let start = out.len();
            out.extend_from_slice(kind);
            out.extend_from_slice(data);
            let crc = out[start..].iter().fold(!0u32, |mut c, &b| {
                c ^= u32::from(b);
                for _ in 0..8 {
                    c = if c & 1 == 1 {
                        (c >> 1) ^ 0xEDB8_8320
                    } else {
                        c >> 1
                    };
                }
                c
            });
            out.extend_from_slice(&(!crc).to_be_bytes());
        }
        let mut raw = Vec::new();
        for y in 0..height {
            raw.push(0);
            raw.extend((0..width).map(|x| pixel(x, y)));
        }
        let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::default());
        z.write_all(&raw).expect("in memory");
        let idat = z.finish().expect("in memory");
        let mut out = b"\x89PNG\r\n\x1A\n".to_vec();
        let mut ihdr = width.to_be_bytes().to_vec();
        ihdr.extend_from_slice(&height.to_be_bytes());
        ihdr.extend_from_slice(&[8, 0, 0, 0, 0]);
        chunk(&mut out, b"IHDR", &ihdr);
        chunk(&mut out, b"IDAT", &idat);
        chunk(&mut out, b"IEND", b"");
        out
    }

    #[test]
    fn standalone_png_size_blank_and_truncation() {
        let white = png(827, 1170, |_, _| 255);
        let (pages, problem) = inspect(&white, &FileKind::Png);
        assert!(problem.is_none());
        assert!(pages[0].blank, "a white page compresses over 200 to 1");
        assert!((pages[0].dpi.unwrap_or_default() - 100.0).abs() < 0.5);
        let noisy = png(827, 1170, |x, y| ((x * 7919 + y * 104_729) % 251) as u8);
        let (pages, _) = inspect(&noisy, &FileKind::Png);
        assert!(!pages[0].blank);
        let (_, problem) = inspect(&noisy[..noisy.len() / 2], &FileKind::Png);
        assert_eq!(problem.map(|p| p.kind), Some(ProblemKind::Truncated));
        // A bit flipped in the image data of a whole file: damaged, not fine.
        let mut flipped = noisy.clone();
        let middle = flipped.len() / 2;
        flipped[middle] ^= 0x10;
        let (_, problem) = inspect(&flipped, &FileKind::Png);
        assert_eq!(problem.map(|p| p.kind), Some(ProblemKind::Corrupt));
    }

    #[test]
    fn every_image_of_a_tiff_is_a_page_judged_on_its_own() {
        use tiff::encoder::{TiffEncoder, colortype};
        let mut buf = std::io::Cursor::new(Vec::new());
        let mut enc = TiffEncoder::new(&mut buf).expect("in memory");
        // Page 1: a white A4 page at 150 dpi; page 2: a landscape page with content at 200 dpi.
        enc.write_image::<colortype::Gray8>(1240, 1754, &vec![255; 1240 * 1754])
            .expect("in memory");
        let noisy: Vec<u8> = (0..2339u32 * 1654)
            .map(|i| (i.wrapping_mul(2_654_435_761) >> 24) as u8)
            .collect();
        enc.write_image::<colortype::Gray8>(2339, 1654, &noisy)
            .expect("in memory");
        let (pages, problem) = inspect(buf.get_ref(), &FileKind::Tiff);
        assert!(problem.is_none(), "{problem:?}");
        assert_eq!(pages.len(), 2);
        assert_eq!((pages[0].number, pages[1].number), (1, 2));
        assert!(pages[0].blank);
        assert!(!pages[1].blank);
        assert!((pages[0].dpi.unwrap_or_default() - 150.0).abs() < 0.5);
        assert!((pages[1].dpi.unwrap_or_default() - 200.0).abs() < 0.5);
        assert_eq!((pages[1].width_mm, pages[1].height_mm), (297.0, 210.0));
    }

    #[test]
    fn tiff_the_packet_cannot_print_is_a_problem_for_check() {
        // CCITT modified Huffman (compression 2): valid, but no decoder here.
        let tif = crate::tiff_pages::tests::tiff(
            16,
            2,
            &[(258, 3, &[1]), (259, 3, &[2]), (262, 3, &[0])],
            &[0; 8],
        );
        let (pages, problem) = inspect(&tif, &FileKind::Tiff);
        assert!(pages.is_empty());
        let problem = problem.expect("refused");
        assert!(
            problem.message.contains("save the scan as PDF or PNG"),
            "{}",
            problem.message
        );
        // A header without image data is damaged.
        let mut tif = b"II*\0\x08\0\0\0\x02\0".to_vec();
        tif.extend_from_slice(&[0x00, 0x01, 3, 0, 1, 0, 0, 0, 0xB0, 0x09, 0, 0]);
        tif.extend_from_slice(&[0x01, 0x01, 3, 0, 1, 0, 0, 0, 0xB4, 0x0D, 0, 0]);
        tif.extend_from_slice(&[0, 0, 0, 0]);
        let (_, problem) = inspect(&tif, &FileKind::Tiff);
        assert_eq!(problem.map(|p| p.kind), Some(ProblemKind::Corrupt));
    }

    #[test]
    fn standalone_jpeg_is_one_a4_page() {
        let jpg = fake_jpeg(2339, 1654, 3, &[0x22; 400_000]);
        let (pages, problem) = inspect(&jpg, &FileKind::Jpeg);
        assert!(problem.is_none());
        assert_eq!(pages.len(), 1);
        assert_eq!((pages[0].width_mm, pages[0].height_mm), (297.0, 210.0));
        assert!(!pages[0].blank);
        let cut = &jpg[..jpg.len() - 1000];
        let (_, problem) = inspect(cut, &FileKind::Jpeg);
        assert_eq!(problem.map(|p| p.kind), Some(ProblemKind::Truncated));
        let (_, problem) = inspect(&jpg[..30], &FileKind::Jpeg);
        assert_eq!(problem.map(|p| p.kind), Some(ProblemKind::Corrupt));
    }
}
