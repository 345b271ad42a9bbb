//! Parses a font's `/ToUnicode` CMap into a map from character codes to Unicode, once per font
//! per document.
//!
//! Ranges are kept as ranges and looked up arithmetically: the identity range
//! `<0000> <FFFF> <0000>` that Tesseract and ocrmypdf write is one entry, not 65,536. Only what a
//! ToUnicode map may hold is understood (codespace ranges, `bfchar`, `bfrange`); predefined
//! CMaps named by `usecmap` are not loaded, and the parser never fails: what it cannot read it
//! skips.

use std::collections::HashMap;

/// Entries read from one map at most (bfchar lines and array-range members): a hostile map
/// cannot grow without bound.
const MAX_ENTRIES: usize = 200_000;
/// Longest destination string kept, in UTF-16 units (ligatures are a few; anything longer is
/// junk).
const MAX_DEST_UNITS: usize = 32;

/// A code space range: codes of `bytes` bytes from `lo` to `hi`.
#[derive(Debug, Clone, Copy)]
struct CodeSpace {
    bytes: u8,
    lo: u32,
    hi: u32,
}

/// `lo..=hi` maps to `base` with its last UTF-16 unit raised by `code - lo`.
#[derive(Debug, Clone)]
struct Range {
    lo: u32,
    hi: u32,
    base: Vec<u16>,
}

/// A parsed ToUnicode map.
#[derive(Debug, Clone, Default)]
pub(crate) struct ToUnicode {
    spaces: Vec<CodeSpace>,
    singles: HashMap<u32, Vec<u16>>,
    /// Sorted by `lo`.
    ranges: Vec<Range>,
}

impl ToUnicode {
    /// Parses the decoded bytes of a CMap stream.
    pub(crate) fn parse(data: &[u8]) -> ToUnicode {
        let mut map = ToUnicode::default();
        let mut lex = Lexer { data, pos: 0 };
        let mut entries = 0usize;
        while let Some(tok) = lex.next() {
            match tok {
                Tok::Word(b"begincodespacerange") => {
                    while let (Some(Tok::Hex(lo)), Some(Tok::Hex(hi))) = (lex.next(), lex.next()) {
                        if (1..=4).contains(&lo.len()) && lo.len() == hi.len() {
                            map.spaces.push(CodeSpace {
                                bytes: lo.len() as u8,
                                lo: code_of(&lo),
                                hi: code_of(&hi),
                            });
                        }
                    }
                }
                Tok::Word(b"beginbfchar") => {
                    while let (Some(Tok::Hex(src)), Some(dst)) = (lex.next(), lex.next()) {
                        if let Tok::Hex(dst) = dst
                            && src.len() <= 4
                            && entries < MAX_ENTRIES
                        {
                            entries += 1;
                            map.singles.insert(code_of(&src), utf16_units(&dst));
                        }
                    }
                }
                Tok::Word(b"beginbfrange") => {
                    while let (Some(Tok::Hex(lo)), Some(Tok::Hex(hi))) = (lex.next(), lex.next()) {
                        let (lo, hi) = (code_of(&lo), code_of(&hi));
                        match lex.next() {
                            Some(Tok::Hex(dst)) => {
                                if lo <= hi {
                                    entries += 1;
                                    map.ranges.push(Range {
                                        lo,
                                        hi,
                                        base: utf16_units(&dst),
                                    });
                                }
                            }
                            Some(Tok::ArrayStart) => {
                                let mut code = lo;
                                while let Some(Tok::Hex(dst)) = lex.next() {
                                    if code <= hi && entries < MAX_ENTRIES {
                                        entries += 1;
                                        map.singles.insert(code, utf16_units(&dst));
                                    }
                                    code = code.saturating_add(1);
                                }
                            }
                            _ => break,
                        }
                        if entries >= MAX_ENTRIES {
                            break;
                        }
                    }
                }
                _ => {}
            }
        }
        map.ranges.sort_by_key(|r| r.lo);
        map
    }

    /// Whether the map holds any mapping at all.
    pub(crate) fn is_empty(&self) -> bool {
        self.singles.is_empty() && self.ranges.is_empty()
    }

    /// The code lengths the map declares, if it declares any.
    pub(crate) fn code_length(&self, bytes: &[u8]) -> Option<usize> {
        if self.spaces.is_empty() {
            return None;
        }
        for n in 1..=4usize {
            let Some(head) = bytes.get(..n) else { break };
            let code = code_of(head);
            if self
                .spaces
                .iter()
                .any(|s| usize::from(s.bytes) == n && s.lo <= code && code <= s.hi)
            {
                return Some(n);
            }
        }
        self.spaces.iter().map(|s| usize::from(s.bytes)).min()
    }

    /// Appends the Unicode text for `code`; returns false when the map does not know it.
    pub(crate) fn lookup(&self, code: u32, out: &mut impl FnMut(char)) -> bool {
        if let Some(units) = self.singles.get(&code) {
            emit_utf16(units.iter().copied(), out);
            return true;
        }
        let idx = self.ranges.partition_point(|r| r.lo <= code);
        // Ranges may overlap in damaged maps; the nearest start that covers the code wins.
        for r in self.ranges[..idx].iter().rev().take(4) {
            if code <= r.hi {
                let delta = code - r.lo;
                let (init, last) = match r.base.split_last() {
                    Some((last, init)) => (init, *last),
                    None => return false,
                };
                let last = u32::from(last).saturating_add(delta);
                let Ok(last) = u16::try_from(last) else {
                    return false;
                };
                emit_utf16(init.iter().copied().chain(std::iter::once(last)), out);
                return true;
            }
        }
        false
    }

    #[cfg(test)]
    fn entry_count(&self) -> usize {
        self.singles.len() + self.ranges.len()
    }
}

/// A big-endian code from up to 4 bytes.
pub(crate) fn code_of(bytes: &[u8]) -> u32 {
    bytes
        .iter()
        .take(4)
        .fold(0u32, |acc, &b| (acc << 8) | u32::from(b))
}

fn utf16_units(bytes: &[u8]) -> Vec<u16> {
    bytes
        .chunks(2)
        .take(MAX_DEST_UNITS)
        .map(|c| match c {
            [a, b] => u16::from_be_bytes([*a, *b]),
            [a] => u16::from(*a),
            _ => 0,
        })
        .collect()
}

pub(crate) fn emit_utf16(units: impl Iterator<Item = u16>, out: &mut impl FnMut(char)) {
    for c in char::decode_utf16(units) {
        out(c.unwrap_or(char::REPLACEMENT_CHARACTER));
    }
}

#[derive(Debug)]
enum Tok<'a> {
    Hex(Vec<u8>),
    Word(&'a [u8]),
    ArrayStart,
    ArrayEnd,
    Other,
}

/// Just enough of the PostScript syntax a CMap uses.
struct Lexer<'a> {
    data: &'a [u8],
    pos: usize,
}

impl<'a> Lexer<'a> {
    fn next(&mut self) -> Option<Tok<'a>> {
        let d = self.data;
        loop {
            while d.get(self.pos).is_some_and(|b| is_white(*b)) {
                self.pos += 1;
            }
            match d.get(self.pos)? {
                b'%' => {
                    while d.get(self.pos).is_some_and(|b| *b != b'\n' && *b != b'\r') {
                        self.pos += 1;
                    }
                }
                _ => break,
            }
        }
        let start = self.pos;
        let b = d[start];
        self.pos += 1;
        Some(match b {
            b'<' if d.get(self.pos) == Some(&b'<') => {
                self.pos += 1;
                Tok::Other
            }
            b'<' => {
                let mut out = Vec::new();
                let mut high: Option<u8> = None;
                while let Some(&c) = d.get(self.pos) {
                    self.pos += 1;
                    if c == b'>' {
                        break;
                    }
                    let Some(v) = hex_val(c) else { continue };
                    match high.take() {
                        Some(h) => out.push(h << 4 | v),
                        None => high = Some(v),
                    }
                }
                if let Some(h) = high {
                    out.push(h << 4);
                }
                Tok::Hex(out)
            }
            b'>' => {
                if d.get(self.pos) == Some(&b'>') {
                    self.pos += 1;
                }
                Tok::Other
            }
            b'[' => Tok::ArrayStart,
            b']' => Tok::ArrayEnd,
            b'(' => {
                let mut depth = 1usize;
                while let Some(&c) = d.get(self.pos) {
                    self.pos += 1;
                    match c {
                        b'\\' => self.pos += 1,
                        b'(' => depth += 1,
                        b')' => {
                            depth -= 1;
                            if depth == 0 {
                                break;
                            }
                        }
                        _ => {}
                    }
                }
                Tok::Other
            }
            b'{' | b'}' => Tok::Other,
            _ => {
                while d
                    .get(self.pos)
                    .is_some_and(|c| !is_white(*c) && !is_delim(*c))
                {
                    self.pos += 1;
                }
                Tok::Word(&d[start..self.pos.min(d.len())])
            }
        })
    }
}

fn is_white(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\r' | b'\x0C' | b'\0')
}

fn is_delim(b: u8) -> bool {
    matches!(
        b,
        b'(' | b')' | b'<' | b'>' | b'[' | b']' | b'{' | b'}' | b'/' | b'%'
    )
}

pub(crate) fn hex_val(c: u8) -> Option<u8> {
    match c {
        b'0'..=b'9' => Some(c - b'0'),
        b'a'..=b'f' => Some(c - b'a' + 10),
        b'A'..=b'F' => Some(c - b'A' + 10),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(map: &ToUnicode, codes: &[u32]) -> String {
        let mut s = String::new();
        for &c in codes {
            map.lookup(c, &mut |ch| s.push(ch));
        }
        s
    }

    const TESSERACT: &[u8] = b"/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n\
        /CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n1 begincodespacerange\n<0000> <FFFF>\n\
        endcodespacerange\n1 beginbfrange\n<0000> <FFFF> <0000>\nendbfrange\nendcmap\n";

    #[test]
    fn identity_range_is_one_entry_and_maps_arithmetically() {
        let map = ToUnicode::parse(TESSERACT);
        assert_eq!(map.entry_count(), 1);
        assert_eq!(text(&map, &[0x56, 0x31, 0x130, 0xFFFD]), "V1İ\u{FFFD}");
        assert_eq!(map.code_length(&[0, 0x56]), Some(2));
    }

    #[test]
    fn bfchar_and_array_ranges() {
        let map = ToUnicode::parse(
            b"1 begincodespacerange <00> <FF> endcodespacerange\n\
              2 beginbfchar <03> <0056> <04> <D835DC00> endbfchar\n\
              2 beginbfrange <10> <12> <0030> <20> <21> [<0041> <00660066>] endbfrange",
        );
        assert_eq!(text(&map, &[3, 0x10, 0x12, 0x20, 0x21]), "V02Aff");
        assert_eq!(text(&map, &[4]), "\u{1D400}");
        assert_eq!(text(&map, &[0x13, 0x22]), "");
        assert_eq!(map.code_length(&[0x10]), Some(1));
    }

    #[test]
    fn garbage_never_panics_and_maps_nothing() {
        for junk in [
            &b"beginbfrange <FFFF> <0000> <0041> endbfrange"[..],
            b"beginbfchar <",
            b"begincodespacerange <00000000000000> <01>",
            b"beginbfrange <00> <FFFFFFFF> <FFFF>",
            b"((((",
        ] {
            let map = ToUnicode::parse(junk);
            let mut n = 0;
            map.lookup(0x10, &mut |_| n += 1);
            map.lookup(u32::MAX, &mut |_| n += 1);
        }
    }
}
