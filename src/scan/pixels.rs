//! Decodes the pixels of a PDF image that looks blank by its compressed size, to judge it by
//! what it shows ([`super::image::luma_has_ink`]). Only grey levels are made: 0 is black.
//!
//! Covered: Flate data (with or without PNG predictors) in grey (1, 2, 4, 8 or 16 bits), RGB
//! (8 or 16 bits) or an indexed palette over grey or RGB; CCITT Group 4 (fax) data; a `Decode`
//! array that inverts grey. Anything else returns `None`, and the caller then does not call
//! the page blank: a page is reported blank only when its pixels were seen to be empty.

/// How the samples of an image are coloured.
pub(crate) enum Space {
    Gray,
    Rgb,
    /// A palette of grey (one byte) or RGB (three bytes) entries.
    Indexed {
        rgb: bool,
        palette: Vec<u8>,
    },
}

impl Space {
    fn components(&self) -> usize {
        match self {
            Space::Rgb => 3,
            _ => 1,
        }
    }
}

/// Bytes per row of `width` samples of `components` × `bits`.
pub(crate) fn row_bytes(width: usize, components: usize, bits: usize) -> Option<usize> {
    width
        .checked_mul(components)?
        .checked_mul(bits)?
        .checked_add(7)
        .map(|b| b / 8)
}

/// Inflates Flate data to exactly `rows` rows of `row` bytes, undoing PNG predictors
/// (`predictor` ≥ 10) when given; `None` when the data is short, damaged or uses another
/// predictor.
pub(crate) fn inflate_rows(
    data: &[u8],
    row: usize,
    rows: usize,
    predictor: u32,
    bytes_per_pixel: usize,
) -> Option<Vec<u8>> {
    use std::io::Read;
    let png = predictor >= 10;
    if !(predictor <= 1 || png) {
        return None;
    }
    let stored_row = row + usize::from(png);
    let want = stored_row.checked_mul(rows)?;
    let mut raw = Vec::with_capacity(want);
    flate2::read::ZlibDecoder::new(data)
        .take(want as u64)
        .read_to_end(&mut raw)
        .ok()?;
    if raw.len() < want {
        return None;
    }
    if !png {
        return Some(raw);
    }
    let bpp = bytes_per_pixel.max(1);
    let mut out = vec![0u8; row * rows];
    for y in 0..rows {
        let filter = raw[y * stored_row];
        let src = &raw[y * stored_row + 1..(y + 1) * stored_row];
        let (done, rest) = out.split_at_mut(y * row);
        let prev = if y == 0 {
            None
        } else {
            Some(&done[(y - 1) * row..])
        };
        let cur = &mut rest[..row];
        for x in 0..row {
            let a = if x >= bpp { cur[x - bpp] } else { 0 };
            let b = prev.map_or(0, |p| p[x]);
            let c = if x >= bpp {
                prev.map_or(0, |p| p[x - bpp])
            } else {
                0
            };
            let predicted = match filter {
                0 => 0,
                1 => a,
                2 => b,
                3 => ((u16::from(a) + u16::from(b)) / 2) as u8,
                4 => paeth(a, b, c),
                _ => return None,
            };
            cur[x] = src[x].wrapping_add(predicted);
        }
    }
    Some(out)
}

fn paeth(a: u8, b: u8, c: u8) -> u8 {
    let p = i16::from(a) + i16::from(b) - i16::from(c);
    let (pa, pb, pc) = (
        (p - i16::from(a)).abs(),
        (p - i16::from(b)).abs(),
        (p - i16::from(c)).abs(),
    );
    if pa <= pb && pa <= pc {
        a
    } else if pb <= pc {
        b
    } else {
        c
    }
}

/// Grey levels of `width` × `height` samples of `bits` each in `space`, rows padded to whole
/// bytes; `inverted` for a grey `Decode` of `[1 0]`.
pub(crate) fn to_luma(
    raw: &[u8],
    width: usize,
    height: usize,
    space: &Space,
    bits: usize,
    inverted: bool,
) -> Option<Vec<u8>> {
    if !matches!(bits, 1 | 2 | 4 | 8 | 16) {
        return None;
    }
    let comps = space.components();
    let row = row_bytes(width, comps, bits)?;
    if raw.len() < row.checked_mul(height)? {
        return None;
    }
    let max = (1u32 << bits.min(16)) - 1;
    // The n-th sample of a row, scaled to 0..=255 (or the raw index for a palette).
    let sample = |r: &[u8], n: usize| -> u32 {
        match bits {
            8 => u32::from(r[n]),
            16 => u32::from(r[2 * n]),
            _ => {
                let bit = n * bits;
                let v = u32::from(r[bit / 8]) >> (8 - bits - bit % 8);
                v & max
            }
        }
    };
    let scale = |v: u32| -> u8 {
        match bits {
            8 | 16 => v as u8,
            _ => (v * 255 / max) as u8,
        }
    };
    let mut luma = Vec::with_capacity(width * height);
    for r in raw.chunks_exact(row).take(height) {
        for x in 0..width {
            let v = match space {
                Space::Gray => scale(sample(r, x)),
                Space::Rgb => {
                    let (red, green, blue) = (
                        u32::from(scale(sample(r, 3 * x))),
                        u32::from(scale(sample(r, 3 * x + 1))),
                        u32::from(scale(sample(r, 3 * x + 2))),
                    );
                    ((red * 3 + green * 6 + blue) / 10) as u8
                }
                Space::Indexed { rgb, palette } => {
                    let i = sample(r, x) as usize;
                    if *rgb {
                        let p = palette.get(3 * i..3 * i + 3)?;
                        ((u32::from(p[0]) * 3 + u32::from(p[1]) * 6 + u32::from(p[2])) / 10) as u8
                    } else {
                        *palette.get(i)?
                    }
                }
            };
            luma.push(if inverted { 255 - v } else { v });
        }
    }
    Some(luma)
}

/// Grey levels of CCITT Group 4 data of `width` × `height`: black where the fax code draws
/// black, unless `black_is_1` turns the samples around (as the PDF filter's `BlackIs1` does
/// for the colour space that reads them).
pub(crate) fn group4_to_luma(
    data: &[u8],
    width: usize,
    height: usize,
    black_is_1: bool,
) -> Option<Vec<u8>> {
    let (w16, h16) = (u16::try_from(width).ok()?, u16::try_from(height).ok()?);
    let (black, white) = if black_is_1 { (255, 0) } else { (0, 255) };
    let mut luma = Vec::with_capacity(width * height);
    fax::decoder::decode_g4(data.iter().copied(), w16, Some(h16), |line| {
        let start = luma.len();
        luma.extend(fax::decoder::pels(line, w16).map(|c| match c {
            fax::Color::Black => black,
            fax::Color::White => white,
        }));
        luma.truncate(start + width);
        luma.resize(start + width, white);
    })?;
    (luma.len() == width * height).then_some(luma)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn png_predictors_are_undone() {
        use std::io::Write;
        // Two rows of 3 grey bytes: Sub, then Up.
        let stored = [1u8, 10, 5, 5, 2, 1, 1, 1];
        let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::fast());
        z.write_all(&stored).unwrap();
        let data = z.finish().unwrap();
        assert_eq!(
            inflate_rows(&data, 3, 2, 15, 1).unwrap(),
            [10, 15, 20, 11, 16, 21]
        );
        assert!(inflate_rows(&data, 3, 3, 15, 1).is_none(), "a row short");
        assert!(inflate_rows(&data, 3, 2, 2, 1).is_none(), "TIFF predictor");
    }

    #[test]
    fn samples_of_every_depth_and_palette_become_grey() {
        // 4-bit grey: 0x0F → black, white.
        assert_eq!(
            to_luma(&[0x0F], 2, 1, &Space::Gray, 4, false).unwrap(),
            [0, 255]
        );
        assert_eq!(
            to_luma(&[0x0F], 2, 1, &Space::Gray, 4, true).unwrap(),
            [255, 0]
        );
        // 2-bit grey, one row of 3 padded to a byte.
        assert_eq!(
            to_luma(&[0b0001_1000], 3, 1, &Space::Gray, 2, false).unwrap(),
            [0, 85, 170]
        );
        // 16-bit grey takes the high byte.
        assert_eq!(
            to_luma(&[0xFF, 0x00, 0x00, 0xFF], 2, 1, &Space::Gray, 16, false).unwrap(),
            [255, 0]
        );
        let palette = Space::Indexed {
            rgb: true,
            palette: vec![255, 255, 255, 0, 0, 0],
        };
        assert_eq!(
            to_luma(&[0b0100_0000], 2, 1, &palette, 1, false).unwrap(),
            [255, 0]
        );
        // An index beyond the palette: not judged.
        assert!(to_luma(&[2], 1, 1, &palette, 8, false).is_none());
        assert!(
            to_luma(&[0], 1, 2, &Space::Gray, 8, false).is_none(),
            "too short"
        );
    }
}
