//! X rules, which need every case: the same file in two cases (X001) and one V-number for two
//! different applicants (X002). They run after all cases are checked.

use std::collections::BTreeMap;

use crate::finding::Draft;

/// What the cross-case rules need of one case.
pub struct CrossInput<'a> {
    /// Case id.
    pub id: &'a str,
    /// (SHA-256, file relative to the case) of every referenced copy that could be read.
    pub hashes: Vec<([u8; 32], &'a str)>,
    /// The valid V-number, digits only.
    pub v_number: Option<&'a str>,
    /// Who the applicant is (name and date of birth, compared, never written).
    pub applicant: Option<(String, Option<crate::date::Date>)>,
}

/// Returns, per input case (same order), the cross-case drafts.
pub fn check(cases: &[CrossInput]) -> Vec<Vec<Draft>> {
    let mut out: Vec<Vec<Draft>> = vec![Vec::new(); cases.len()];
    let mut by_hash: BTreeMap<[u8; 32], Vec<(usize, &str)>> = BTreeMap::new();
    for (i, c) in cases.iter().enumerate() {
        for (h, f) in &c.hashes {
            by_hash.entry(*h).or_default().push((i, f));
        }
    }
    for holders in by_hash.values() {
        for &(i, file) in holders {
            let others = other_ids(holders.iter().map(|&(j, _)| j), i, cases, |_| true);
            if others.is_empty() {
                continue;
            }
            out[i].push(Draft::file(
                "X001",
                file,
                format!(
                    "{file} is byte for byte the same file as a copy in case {}: a client's \
                     document may be in the wrong folder. Check both cases and remove the copy \
                     from the case it does not belong to",
                    others.join(", ")
                ),
            ));
        }
    }
    let mut by_v: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (i, c) in cases.iter().enumerate() {
        if let Some(v) = c.v_number {
            by_v.entry(v).or_default().push(i);
        }
    }
    for (v, holders) in by_v {
        for &i in &holders {
            let others = other_ids(holders.iter().copied(), i, cases, |j| {
                !same_person(&cases[i], &cases[j])
            });
            if others.is_empty() {
                continue;
            }
            out[i].push(Draft::file(
                "X002",
                "case.toml",
                format!(
                    "V-number {v} is also used in case {} for a different applicant: a V-number \
                     belongs to one person. Check which case has the wrong number",
                    others.join(", ")
                ),
            ));
        }
    }
    out
}

/// The ids of the cases among `holders` other than `i` that pass `keep`, sorted, each once.
fn other_ids<'a>(
    holders: impl Iterator<Item = usize>,
    i: usize,
    cases: &[CrossInput<'a>],
    keep: impl Fn(usize) -> bool,
) -> Vec<&'a str> {
    let mut ids: Vec<&str> = holders
        .filter(|&j| j != i && keep(j))
        .map(|j| cases[j].id)
        .collect();
    ids.sort_unstable();
    ids.dedup();
    ids
}

/// A name as compared across cases: canonically composed (a Mac editor may save "ü" as "u"
/// plus a combining diaeresis), spaces collapsed, lower case.
fn fold(name: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    name.nfc()
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

fn same_person(a: &CrossInput, b: &CrossInput) -> bool {
    match (&a.applicant, &b.applicant) {
        (Some((na, ba)), Some((nb, bb))) => fold(na) == fold(nb) && ba == bb,
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn case<'a>(id: &'a str, name: &str) -> CrossInput<'a> {
        CrossInput {
            id,
            hashes: Vec::new(),
            v_number: Some("1234567890"),
            applicant: Some((name.to_owned(), "1990-04-12".parse().ok())),
        }
    }

    #[test]
    fn one_person_whatever_the_unicode_form_of_the_name() {
        // "Şükrü Yılmaz" composed, and decomposed as some Mac editors save it.
        let composed = "\u{15e}\u{fc}kr\u{fc} Y\u{131}lmaz";
        let decomposed = "S\u{327}u\u{308}kru\u{308}  y\u{131}lmaz";
        let out = check(&[case("a", composed), case("b", decomposed)]);
        assert!(out.iter().all(Vec::is_empty), "{out:?}");
        let out = check(&[case("a", composed), case("b", "Ayşe Yılmaz")]);
        assert!(out.iter().all(|d| d.iter().any(|d| d.code == "X002")));
    }
}
