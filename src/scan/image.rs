//! Inspects standalone JPEG, PNG and TIFF copies from their headers, and holds the blank-page
//! heuristic shared with scanned PDF pages.
//!
//! An image copy is printed fitted to A4, so its page is reported as A4 (portrait or landscape
//! after its aspect) and its resolution is measured as fitted. Images are never decoded: size
//! comes from the headers and blankness from how well the image compresses. A multi-page TIFF
//! is reported as its first page.

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
/// which a page counts as blank. An empty page compresses more than 200 to 1; a bilevel page of
/// text at 300 dpi stays above 1 to 50 with CCITT G4.
pub(crate) const BLANK_LOSSLESS_RATIO: f64 = 0.005;

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
            let blank = jpeg_looks_blank(buf, info.width, info.height);
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
            (
                w,
                h,
                png_looks_blank(buf, w, h),
                (!complete).then_some(truncated),
            )
        }
        _ => {
            let Ok(size) = imagesize::blob_size(buf) else {
                return corrupt();
            };
            (size.width as u32, size.height as u32, false, None)
        }
    };
    if width == 0 || height == 0 {
        return corrupt();
    }
    let (width_mm, height_mm) = if width > height {
        (297.0, 210.0)
    } else {
        (210.0, 297.0)
    };
    let page = PageFacts {
        number: 1,
        width_mm,
        height_mm,
        dpi: Some(dpi_fitted_to_a4(width, height)),
        blank,
        text: TextLayer::None,
    };
    (vec![page], problem)
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
    }

    #[test]
    fn standalone_tiff_size_from_its_header() {
        // Little-endian TIFF, one IFD with ImageWidth 2480 and ImageLength 3508 (A4 at 300 dpi).
        let mut tif = b"II*\0\x08\0\0\0\x02\0".to_vec();
        tif.extend_from_slice(&[0x00, 0x01, 3, 0, 1, 0, 0, 0, 0xB0, 0x09, 0, 0]);
        tif.extend_from_slice(&[0x01, 0x01, 3, 0, 1, 0, 0, 0, 0xB4, 0x0D, 0, 0]);
        tif.extend_from_slice(&[0, 0, 0, 0]);
        let (pages, problem) = inspect(&tif, &FileKind::Tiff);
        assert!(problem.is_none());
        assert!((pages[0].dpi.unwrap_or_default() - 300.0).abs() < 0.5);
        assert_eq!((pages[0].width_mm, pages[0].height_mm), (210.0, 297.0));
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
