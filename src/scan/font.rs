//! Turns the bytes a PDF font shows into Unicode text, for searching a page's text layer.
//!
//! A decoder is built once per font per document: its `/ToUnicode` map if it has one, else for
//! simple fonts the base encoding with `/Differences`. It does not render, measure glyphs or
//! load predefined CJK CMaps; text it cannot map is dropped, so a font without any mapping makes
//! a page count as having no text layer rather than a wrong one.

use lopdf::{Dictionary, Object};

use super::cmap::{ToUnicode, code_of, emit_utf16};
use super::pdf::Pdf;

/// How a font's string bytes split into character codes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Codes {
    /// One byte per code (simple fonts).
    One,
    /// Two bytes per code (Type0 with Identity-H/V and most other CMaps).
    Two,
    /// Two bytes that are themselves UTF-16 (Type0 with a predefined `Uni…-UCS2`/`UTF16` CMap).
    Utf16,
}

/// Decodes one font's strings.
#[derive(Debug)]
pub(crate) struct FontDecoder {
    codes: Codes,
    to_unicode: Option<ToUnicode>,
    /// Base encoding with differences applied, for simple fonts; `'\0'` is unknown.
    simple: Option<Box<[char; 256]>>,
}

impl FontDecoder {
    /// A decoder that maps nothing (for a font that cannot be resolved).
    pub(crate) fn unknown() -> FontDecoder {
        FontDecoder {
            codes: Codes::One,
            to_unicode: None,
            simple: None,
        }
    }

    pub(crate) fn new(pdf: &Pdf<'_>, font: &Dictionary) -> FontDecoder {
        let subtype = pdf.name(font, b"Subtype").unwrap_or_default();
        let to_unicode = pdf
            .get(font, b"ToUnicode")
            .and_then(|o| o.as_stream().ok())
            .and_then(|s| pdf.stream_data(s))
            .map(|data| ToUnicode::parse(&data))
            .filter(|m| !m.is_empty());
        if subtype == b"Type0" {
            let encoding = pdf.name(font, b"Encoding").unwrap_or_default();
            let codes = if encoding.starts_with(b"Uni")
                && (encoding.windows(4).any(|w| w == b"UCS2")
                    || encoding.windows(5).any(|w| w == b"UTF16"))
            {
                Codes::Utf16
            } else {
                Codes::Two
            };
            return FontDecoder {
                codes,
                to_unicode,
                simple: None,
            };
        }
        FontDecoder {
            codes: Codes::One,
            to_unicode,
            simple: Some(simple_encoding(pdf, font)),
        }
    }

    /// Appends the text of `bytes` shown in this font.
    pub(crate) fn decode(&self, bytes: &[u8], out: &mut impl FnMut(char)) {
        match self.codes {
            Codes::One => {
                for &b in bytes {
                    let mapped = self
                        .to_unicode
                        .as_ref()
                        .is_some_and(|m| m.lookup(u32::from(b), out));
                    if !mapped && let Some(table) = &self.simple {
                        let c = table[usize::from(b)];
                        if c != '\0' {
                            out(c);
                        }
                    }
                }
            }
            Codes::Two | Codes::Utf16 => {
                let mut rest = bytes;
                while !rest.is_empty() {
                    let n = self
                        .to_unicode
                        .as_ref()
                        .and_then(|m| m.code_length(rest))
                        .unwrap_or(2)
                        .clamp(1, rest.len());
                    let code = code_of(&rest[..n]);
                    rest = &rest[n..];
                    let mapped = self
                        .to_unicode
                        .as_ref()
                        .is_some_and(|m| m.lookup(code, out));
                    if !mapped && self.codes == Codes::Utf16 {
                        emit_utf16(u16::try_from(code).into_iter(), out);
                    }
                }
            }
        }
    }
}

/// The 256-entry table of a simple font: base encoding, then `/Differences`.
fn simple_encoding(pdf: &Pdf<'_>, font: &Dictionary) -> Box<[char; 256]> {
    let encoding = pdf.get(font, b"Encoding");
    let (base, differences) = match encoding {
        Some(Object::Name(name)) => (name.as_slice(), None),
        Some(Object::Dictionary(dict)) => (
            pdf.name(dict, b"BaseEncoding").unwrap_or_default(),
            pdf.get(dict, b"Differences")
                .and_then(|o| o.as_array().ok()),
        ),
        _ => (&b""[..], None),
    };
    let mut table = Box::new(['\0'; 256]);
    let decoder = match base {
        b"MacRomanEncoding" => Some(encoding_rs::MACINTOSH),
        b"WinAnsiEncoding" => Some(encoding_rs::WINDOWS_1252),
        _ => None,
    };
    for (i, slot) in table.iter_mut().enumerate() {
        let b = i as u8;
        *slot = match decoder {
            Some(enc) if b >= 0x80 => enc
                .decode_without_bom_handling(&[b])
                .0
                .chars()
                .next()
                .unwrap_or('\0'),
            // Standard, PDFDoc and unnamed encodings agree with ASCII where identifiers live,
            // and with Latin-1 closely enough above it for folded names.
            _ if (0x20..0x7F).contains(&b) || b >= 0xA0 => char::from(b),
            _ => '\0',
        };
    }
    if let Some(diffs) = differences {
        let mut code: Option<usize> = None;
        for item in diffs {
            match pdf.resolve(item) {
                Some(Object::Integer(n)) => code = usize::try_from(*n).ok(),
                Some(Object::Name(glyph)) => {
                    if let Some(c) = code.filter(|c| *c < 256) {
                        table[c] = glyph_char(glyph).unwrap_or('\0');
                    }
                    code = code.map(|c| c + 1);
                }
                _ => {}
            }
        }
    }
    table
}

/// The character a glyph name stands for, as far as searching folded text needs: letters,
/// digits, common punctuation, accented letters (as their base letter) and `uniXXXX`.
fn glyph_char(name: &[u8]) -> Option<char> {
    let s = std::str::from_utf8(name).ok()?;
    if s.len() == 1 && s.as_bytes()[0].is_ascii_alphabetic() {
        return s.chars().next();
    }
    const NAMED: &[(&str, char)] = &[
        ("space", ' '),
        ("zero", '0'),
        ("one", '1'),
        ("two", '2'),
        ("three", '3'),
        ("four", '4'),
        ("five", '5'),
        ("six", '6'),
        ("seven", '7'),
        ("eight", '8'),
        ("nine", '9'),
        ("period", '.'),
        ("comma", ','),
        ("hyphen", '-'),
        ("minus", '-'),
        ("endash", '-'),
        ("slash", '/'),
        ("colon", ':'),
        ("semicolon", ';'),
        ("parenleft", '('),
        ("parenright", ')'),
        ("quotesingle", '\''),
        ("quoteright", '\''),
        ("germandbls", 'ß'),
        ("dotlessi", 'ı'),
        ("lslash", 'ł'),
        ("Lslash", 'Ł'),
        ("oslash", 'ø'),
        ("Oslash", 'Ø'),
        ("ae", 'æ'),
        ("AE", 'Æ'),
        ("oe", 'œ'),
        ("OE", 'Œ'),
        ("dcroat", 'đ'),
        ("Dcroat", 'Đ'),
        ("eth", 'ð'),
        ("thorn", 'þ'),
    ];
    if let Some((_, c)) = NAMED.iter().find(|(n, _)| *n == s) {
        return Some(*c);
    }
    let hex = s
        .strip_prefix("uni")
        .filter(|h| h.len() == 4)
        .or_else(|| s.strip_prefix('u').filter(|h| (4..=6).contains(&h.len())));
    if let Some(hex) = hex
        && let Ok(v) = u32::from_str_radix(hex, 16)
    {
        return char::from_u32(v);
    }
    const ACCENTS: &[&str] = &[
        "acute",
        "grave",
        "circumflex",
        "dieresis",
        "tilde",
        "ring",
        "cedilla",
        "caron",
        "breve",
        "ogonek",
        "macron",
        "dotaccent",
        "hungarumlaut",
        "commaaccent",
    ];
    let first = s.chars().next()?;
    if first.is_ascii_alphabetic() && ACCENTS.contains(&&s[1..]) {
        return Some(first);
    }
    None
}

#[cfg(test)]
mod tests {
    use super::glyph_char;

    #[test]
    fn glyph_names() {
        assert_eq!(glyph_char(b"a"), Some('a'));
        assert_eq!(glyph_char(b"seven"), Some('7'));
        assert_eq!(glyph_char(b"uni0130"), Some('İ'));
        assert_eq!(glyph_char(b"scedilla"), Some('s'));
        assert_eq!(glyph_char(b"Odieresis"), Some('O'));
        assert_eq!(glyph_char(b"g123"), None);
    }
}
