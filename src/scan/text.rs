//! Decides whether a page's text carries the applicant's identifier: the V-number, else the
//! client number, else every part of the name together with the date of birth.
//!
//! Text is normalised as it arrives: folded to lower-case ASCII (scanners' OCR and the corpus
//! write names without diacritics), whitespace collapsed, and spaces or dots between digits
//! dropped so that "1234 567 890" and "12.04.1990" compare as digit runs. A number must not sit
//! inside a longer number ("99965104396349" does not carry 6510439634): it must start and end
//! where a run of digits starts or ends, or where two groups were joined, since the joining
//! cannot tell a grouped V-number from two numbers side by side ("6510439634 2").

use memchr::memmem;

use super::Identifier;

/// Normalised page text, built one character at a time so a page can be checked while it is
/// being read and reading can stop once the identifier is found.
#[derive(Debug, Default)]
pub(crate) struct Normalised {
    buf: String,
    /// Whether any character other than whitespace arrived.
    any: bool,
    /// How many letters and digits arrived.
    alphanumeric: usize,
    /// Offsets in `buf` where two digit groups were joined (a space or dot dropped), ascending.
    joins: Vec<usize>,
}

impl Normalised {
    pub(crate) fn push(&mut self, c: char) {
        if c.is_whitespace() || c.is_control() {
            self.space();
            return;
        }
        self.any = true;
        self.alphanumeric += usize::from(c.is_alphanumeric());
        if c.is_ascii() {
            self.push_ascii(c.to_ascii_lowercase());
            return;
        }
        let folded = deunicode::deunicode_char(c).unwrap_or(" ");
        for f in folded.chars() {
            if f.is_ascii_whitespace() {
                self.space();
            } else {
                self.push_ascii(f.to_ascii_lowercase());
            }
        }
    }

    pub(crate) fn push_str(&mut self, s: &str) {
        s.chars().for_each(|c| self.push(c));
    }

    /// A word break (a text positioning operator, a new text object).
    pub(crate) fn space(&mut self) {
        if !self.buf.is_empty() && !self.buf.ends_with(' ') {
            self.buf.push(' ');
        }
    }

    fn push_ascii(&mut self, c: char) {
        if c.is_ascii_digit() {
            let kept = self.buf.trim_end_matches([' ', '.']).len();
            if kept < self.buf.len() && self.buf[..kept].ends_with(|p: char| p.is_ascii_digit()) {
                self.buf.truncate(kept);
                self.joins.push(kept);
            }
        }
        self.buf.push(c);
    }

    /// Whether any visible character arrived.
    pub(crate) fn has_text(&self) -> bool {
        self.any
    }

    /// Whether the text holds writing, not a stray mark: three letters or digits or more. A
    /// page with writing in its text layer (visible, or an OCR layer over a scan) is not blank,
    /// however its image compresses.
    pub(crate) fn has_writing(&self) -> bool {
        self.alphanumeric >= 3
    }

    pub(crate) fn len(&self) -> usize {
        self.buf.len()
    }

    pub(crate) fn as_str(&self) -> &str {
        &self.buf
    }
}

/// An [`Identifier`] prepared for searching normalised text.
#[derive(Debug, Clone)]
pub(crate) enum Needle {
    /// Normalised numbers of which one must occur (V-number, client number).
    Number(Vec<String>),
    /// Every name part as a whole word, and the birth date in any accepted format.
    NameAndBirth {
        parts: Vec<String>,
        dates: Vec<String>,
    },
    /// Nothing to look for: any text counts.
    Nothing,
}

impl Needle {
    pub(crate) fn new(id: &Identifier) -> Needle {
        match id {
            Identifier::VNumber(s) | Identifier::ClientNumber(s) => Needle::numbers(&[s]),
            Identifier::VOrClientNumber {
                v_number,
                client_number,
            } => Needle::numbers(&[v_number, client_number]),
            Identifier::NameAndBirth { name, born } => {
                let name = normalise(name);
                let parts: Vec<String> = name
                    .as_str()
                    .split(|c: char| !c.is_ascii_alphanumeric())
                    .filter(|p| !p.is_empty())
                    .map(str::to_string)
                    .collect();
                let (y, m, d) = (born.year(), born.month(), born.day());
                let dates = vec![
                    format!("{y:04}-{m:02}-{d:02}"),
                    format!("{d:02}-{m:02}-{y:04}"),
                    format!("{d:02}/{m:02}/{y:04}"),
                    // dd.mm.yyyy, after normalisation dropped the dots between digits.
                    format!("{d:02}{m:02}{y:04}"),
                ];
                Needle::NameAndBirth { parts, dates }
            }
            Identifier::Nothing => Needle::Nothing,
        }
    }

    /// The numbers that are not empty once normalised; nothing to look for if none is.
    fn numbers(numbers: &[&String]) -> Needle {
        let found: Vec<String> = numbers
            .iter()
            .map(|s| normalise(s).as_str().trim().to_string())
            .filter(|n| !n.is_empty())
            .collect();
        if found.is_empty() {
            Needle::Nothing
        } else {
            Needle::Number(found)
        }
    }

    /// Whether `text` carries the identifier.
    pub(crate) fn found_in(&self, text: &Normalised) -> bool {
        let hay = text.as_str().as_bytes();
        match self {
            Needle::Number(numbers) => numbers.iter().any(|n| {
                let n = n.as_bytes();
                let digit = |i: usize| hay.get(i).is_some_and(u8::is_ascii_digit);
                let joined = |i: usize| text.joins.binary_search(&i).is_ok();
                let (first, last) = (n[0], n[n.len() - 1]);
                let alnum = |i: usize| hay.get(i).is_some_and(u8::is_ascii_alphanumeric);
                // A hyphen or slash between digits groups one longer number ("123-456-7890-1"):
                // the number must not continue that way before or after.
                let grouped_on = |sep: usize, next: usize| {
                    matches!(hay.get(sep), Some(b'-' | b'/')) && digit(next)
                };
                memchr::memchr_iter(first, hay).any(|at| {
                    let Some(end) = grouped_match(hay, at, n) else {
                        return false;
                    };
                    let starts = if first.is_ascii_digit() {
                        at == 0
                            || joined(at)
                            || !(digit(at - 1) || at >= 2 && grouped_on(at - 1, at - 2))
                    } else {
                        // A number that starts with a letter starts a word ("zaak 12345678"
                        // does not carry K12345678).
                        at == 0 || !alnum(at - 1)
                    };
                    let ends = if last.is_ascii_digit() {
                        joined(end) || !(digit(end) || grouped_on(end, end + 1))
                    } else {
                        !alnum(end)
                    };
                    starts && ends
                })
            }),
            Needle::NameAndBirth { parts, dates } => {
                dates
                    .iter()
                    .any(|d| memmem::find(hay, d.as_bytes()).is_some())
                    && parts.iter().all(|p| contains_word(hay, p.as_bytes()))
            }
            Needle::Nothing => text.has_text(),
        }
    }
}

/// Where the number `n` (letters and digits, no separators) ends if it occurs in `hay` from
/// `at`, written whole or in groups: up to three spaces, dots, hyphens or slashes may stand
/// between any two of its characters ("K-12345678", "AB 12 345", "123 - 456 - 7890"), as
/// case.toml allows them too. Spaces and dots between digits are already gone from `hay` (see
/// [`Normalised`]).
fn grouped_match(hay: &[u8], at: usize, n: &[u8]) -> Option<usize> {
    const MAX_SEPARATORS: usize = 3;
    let mut i = at;
    for (k, &want) in n.iter().enumerate() {
        if k > 0 {
            let run = hay[i.min(hay.len())..]
                .iter()
                .take(MAX_SEPARATORS + 1)
                .take_while(|b| matches!(b, b' ' | b'.' | b'-' | b'/'))
                .count();
            if run <= MAX_SEPARATORS {
                i += run;
            }
        }
        if hay.get(i) != Some(&want) {
            return None;
        }
        i += 1;
    }
    Some(i)
}

fn normalise(s: &str) -> Normalised {
    let mut n = Normalised::default();
    n.push_str(s);
    n
}

/// `word` occurs in `hay` with no letter or digit directly before or after it.
fn contains_word(hay: &[u8], word: &[u8]) -> bool {
    memmem::find_iter(hay, word).any(|at| {
        let before = at.checked_sub(1).map(|i| hay[i]);
        let after = hay.get(at + word.len()).copied();
        !before.is_some_and(|b| b.is_ascii_alphanumeric())
            && !after.is_some_and(|b| b.is_ascii_alphanumeric())
    })
}

/// Whether `text` (a page's text, in any script or spacing) carries the identifier, by the same
/// rules the page inspection uses. With [`Identifier::Nothing`], whether there is any text.
pub fn identifier_in_text(id: &Identifier, text: &str) -> bool {
    Needle::new(id).found_in(&normalise(text))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::date::Date;

    fn v(s: &str) -> Identifier {
        Identifier::VNumber(s.into())
    }

    fn person() -> Identifier {
        Identifier::NameAndBirth {
            name: "Şükrü Yılmaz-Öztürk".into(),
            born: Date::constant(1990, 4, 2),
        }
    }

    #[test]
    fn v_number_grouped_by_spaces_or_dots() {
        let id = v("1234567890");
        assert!(identifier_in_text(&id, "V-nummer: 1234567890"));
        assert!(identifier_in_text(&id, "V-nr. 1234 567 890"));
        assert!(identifier_in_text(&id, "V.nr 12.34.56.78.90 Naam"));
        assert!(identifier_in_text(&id, "Vnummer 1234567890 12-04-1990"));
        assert!(!identifier_in_text(&id, "V-nummer: 1234567891"));
        // Hyphens group too, as case.toml allows them: written as the volunteer knows it.
        assert!(identifier_in_text(&id, "V-nummer 123-456-7890"));
        assert!(identifier_in_text(&id, "V-nummer 123 - 456 - 7890"));
        assert!(!identifier_in_text(&id, "V-nummer 123 -- 456-7890"));
        assert!(!identifier_in_text(&id, "1234-567-8901"));
        assert!(!identifier_in_text(&id, "BSN 123-456-7890-1"));
        assert!(!identifier_in_text(&id, "ref 9-1234567890"));
        assert!(!identifier_in_text(&id, "ref 2026/1234567890"));
        assert!(identifier_in_text(&id, "V-nummer: 1234567890-"));
        assert!(identifier_in_text(&id, "V 1234567890 / pagina 2"));
        assert!(!identifier_in_text(&id, ""));
    }

    #[test]
    fn a_v_number_inside_a_longer_number_does_not_count() {
        let id = v("6510439634");
        assert!(!identifier_in_text(&id, "IBAN ref 99965104396349"));
        assert!(!identifier_in_text(&id, "65104396341"));
        assert!(!identifier_in_text(&id, "06510439634"));
        // Next to other numbers, grouped or not, it still counts.
        assert!(identifier_in_text(&id, "V-nummer 6510439634 2"));
        assert!(identifier_in_text(&id, "blad 3 6510439634"));
        assert!(identifier_in_text(&id, "V 651 043 9634."));
        assert!(identifier_in_text(&id, "(6510439634)"));
        assert!(identifier_in_text(&id, "6510439634"));
    }

    #[test]
    fn with_both_numbers_either_will_do() {
        let id = Identifier::VOrClientNumber {
            v_number: "7469215257".into(),
            client_number: "3002345678".into(),
        };
        assert!(identifier_in_text(&id, "V-nummer 7469 215 257"));
        assert!(identifier_in_text(&id, "Klantnummer: 3002345678"));
        assert!(!identifier_in_text(&id, "Kenmerk 30023456789"));
        let blank = Identifier::VOrClientNumber {
            v_number: " ".into(),
            client_number: "3002345678".into(),
        };
        assert!(identifier_in_text(&blank, "3002345678"));
    }

    #[test]
    fn client_number_case_insensitive() {
        let id = Identifier::ClientNumber("AB12 345".into());
        assert!(identifier_in_text(&id, "klantnummer ab12345"));
        assert!(!identifier_in_text(&id, "klantnummer ab12346"));
    }

    /// A client number with letters and hyphens (case.toml drops the hyphens) is found as the
    /// page writes it, with or without them.
    #[test]
    fn client_number_grouped_by_hyphens_or_spaces() {
        for (in_case, on_page) in [
            ("K-12345678", "Klantnummer: K-12345678"),
            ("K-12345678", "klantnummer k12345678"),
            ("K12345678", "Klantnummer: K 1234 5678"),
            ("1234-5678", "Klantnummer 1234-5678 pagina 1"),
            ("IND-KL-2026-00012345", "Klantnummer: IND-KL-2026-00012345"),
            ("IND-KL-2026-00012345", "ref IND/KL/2026/00012345"),
        ] {
            let compact: String = in_case.chars().filter(|c| *c != '-').collect();
            let id = Identifier::ClientNumber(compact);
            assert!(identifier_in_text(&id, on_page), "{in_case} on {on_page:?}");
        }
        let id = Identifier::ClientNumber("K12345678".into());
        assert!(!identifier_in_text(&id, "Klantnummer: K-12345679"));
        assert!(!identifier_in_text(&id, "K-123456789"));
        assert!(identifier_in_text(&id, "Klantnummer: K - 12345678"));
        // Not inside other words or longer grouped numbers.
        assert!(!identifier_in_text(&id, "Zaak 12345678"));
        assert!(!identifier_in_text(&id, "Bank 1234-5678"));
        assert!(!identifier_in_text(&id, "K-1234-5678-9"));
        assert!(!identifier_in_text(&id, "OK12345678"));
        assert!(
            !identifier_in_text(&id, "K, 12345678"),
            "only spaces, dots, hyphens, slashes"
        );
    }

    #[test]
    fn name_and_birth_in_every_format() {
        let id = person();
        for date in ["1990-04-02", "02-04-1990", "02/04/1990", "02.04.1990"] {
            let page = format!("Naam: SUKRU YILMAZ-OZTURK geboren {date}");
            assert!(identifier_in_text(&id, &page), "{date}");
        }
        assert!(identifier_in_text(
            &id,
            "Öztürk, Şükrü Yılmaz — born 02.04.1990"
        ));
    }

    #[test]
    fn name_and_birth_needs_both_and_every_part() {
        let id = person();
        assert!(!identifier_in_text(&id, "Sukru Yilmaz 02-04-1990"));
        assert!(!identifier_in_text(&id, "Sukru Yilmaz Ozturk"));
        assert!(!identifier_in_text(&id, "Sukru Yilmaz Ozturk 1990-02-04"));
        assert!(
            !identifier_in_text(&id, "Sukrus Yilmazer Ozturken 02-04-1990"),
            "parts are whole words"
        );
    }

    #[test]
    fn nothing_reports_text_presence() {
        assert!(identifier_in_text(&Identifier::Nothing, "x"));
        assert!(!identifier_in_text(&Identifier::Nothing, "  \n\t "));
    }
}
