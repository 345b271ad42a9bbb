//! Reads what a JPEG's headers tell without decoding the image: size, number of components,
//! where the compressed scan data starts, and whether the file ends properly.
//!
//! It walks the marker segments up to the first start-of-scan only; it does not validate the
//! entropy-coded data, Huffman or quantisation tables.

/// What a JPEG's headers say.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct JpegInfo {
    pub(crate) width: u32,
    pub(crate) height: u32,
    pub(crate) components: u8,
    /// Bytes of compressed scan data (from the first start-of-scan to the end).
    pub(crate) scan_bytes: usize,
    /// An end-of-image marker follows the scan data.
    pub(crate) complete: bool,
}

/// Reads the headers of a JPEG; `None` when they are not a JPEG's or are cut short.
pub(crate) fn parse(data: &[u8]) -> Option<JpegInfo> {
    if !data.starts_with(&[0xFF, 0xD8]) {
        return None;
    }
    let mut pos = 2usize;
    let mut size: Option<(u32, u32, u8)> = None;
    loop {
        // Markers may be preceded by any number of 0xFF fill bytes.
        while data.get(pos) == Some(&0xFF) && data.get(pos + 1) == Some(&0xFF) {
            pos += 1;
        }
        if *data.get(pos)? != 0xFF {
            return None;
        }
        let marker = *data.get(pos + 1)?;
        if marker == 0x01 || (0xD0..=0xD8).contains(&marker) {
            pos += 2;
            continue;
        }
        if marker == 0xD9 {
            return None;
        }
        let len = usize::from(u16::from_be_bytes([
            *data.get(pos + 2)?,
            *data.get(pos + 3)?,
        ]));
        if len < 2 {
            return None;
        }
        let is_sof = (0xC0..=0xCF).contains(&marker) && !matches!(marker, 0xC4 | 0xC8 | 0xCC);
        if is_sof {
            let seg = data.get(pos + 4..pos + 10)?;
            let height = u32::from(u16::from_be_bytes([seg[1], seg[2]]));
            let width = u32::from(u16::from_be_bytes([seg[3], seg[4]]));
            size = Some((width, height, seg[5]));
        }
        if marker == 0xDA {
            let (width, height, components) = size?;
            let start = (pos + 2 + len).min(data.len());
            let scan = &data[start..];
            return Some(JpegInfo {
                width,
                height,
                components,
                scan_bytes: scan.len(),
                complete: memchr::memmem::rfind(scan, &[0xFF, 0xD9]).is_some(),
            });
        }
        pos += 2 + len;
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// A syntactically complete baseline JPEG header around `scan` (not decodable: no tables).
    pub(crate) fn fake_jpeg(width: u16, height: u16, components: u8, scan: &[u8]) -> Vec<u8> {
        let mut out = vec![0xFF, 0xD8, 0xFF, 0xE0, 0, 16];
        out.extend_from_slice(b"JFIF\0\x01\x01\x01\0\xC8\0\xC8\0\0");
        out.extend_from_slice(&[0xFF, 0xC0, 0, 8 + 3 * components, 8]);
        out.extend_from_slice(&height.to_be_bytes());
        out.extend_from_slice(&width.to_be_bytes());
        out.push(components);
        for c in 0..components {
            out.extend_from_slice(&[c + 1, 0x11, 0]);
        }
        out.extend_from_slice(&[0xFF, 0xDA, 0, 6 + 2 * components, components]);
        for c in 0..components {
            out.extend_from_slice(&[c + 1, 0]);
        }
        out.extend_from_slice(&[0, 63, 0]);
        out.extend_from_slice(scan);
        out.extend_from_slice(&[0xFF, 0xD9]);
        out
    }

    #[test]
    fn reads_size_and_scan_length() {
        let jpg = fake_jpeg(1654, 2339, 3, &[0x55; 1000]);
        let info = parse(&jpg).expect("headers read");
        assert_eq!((info.width, info.height, info.components), (1654, 2339, 3));
        assert_eq!(info.scan_bytes, 1002);
        assert!(info.complete);
    }

    #[test]
    fn cut_file_is_incomplete_and_garbage_is_none() {
        let jpg = fake_jpeg(100, 100, 1, &[0x55; 1000]);
        let cut = &jpg[..jpg.len() - 500];
        assert!(!parse(cut).expect("headers intact").complete);
        assert_eq!(parse(&jpg[..20]), None);
        assert_eq!(parse(b"\xFF\xD8\xFF\xC0\0\x01"), None);
        assert_eq!(parse(b"not a jpeg"), None);
    }
}
