//! R rules: what the form's checklist requires for this case (R001), validity of identity
//! documents (R002, R003), the mvv (R004, R005) and the maximum age of documents (R006).

use crate::case::Case;
use crate::date::Date;
use crate::finding::Draft;
use crate::form::{Form, FormSet, Subject};

/// Kinds whose `valid_until` matters on the submission date.
const IDENTITY_KINDS: &[&str] = &["passport", "id-card", "mvv"];

/// Runs R001–R006.
pub fn check(case: &Case, form: &Form, forms: &FormSet, subject: &Subject, out: &mut Vec<Draft>) {
    let has_kind = |k: &str| case.documents.iter().any(|d| d.kind.as_deref() == Some(k));
    let applying: Vec<_> = form
        .checklist
        .iter()
        .filter(|r| r.when.matches(subject, &forms.countries))
        .collect();
    // The lines every case has (7018: the applicant's passport, and the sponsor's passport or
    // ID card) are one copy each: one passport cannot stand for two people. Conditional lines
    // may share a document (a marriage certificate proves the marriage and the family tie).
    let fixed: Vec<&[String]> = applying
        .iter()
        .filter(|r| r.when.is_always())
        .map(|r| r.kinds.as_slice())
        .collect();
    // A file listed by two entries is one document: it cannot fill two lines either.
    let mut listed = std::collections::HashSet::new();
    let doc_kinds: Vec<Option<&str>> = case
        .documents
        .iter()
        .map(|d| {
            let fresh = d
                .files
                .iter()
                .all(|f| listed.insert(f.trim_start_matches("./")));
            d.kind.as_deref().filter(|_| fresh)
        })
        .collect();
    let served = one_document_each(&fixed, &doc_kinds);
    let mut fixed_index = 0;
    for req in applying {
        let shared_out = if req.when.is_always() {
            let i = fixed_index;
            fixed_index += 1;
            if served[i] {
                continue;
            }
            req.kinds.iter().any(|k| has_kind(k))
        } else {
            if req.kinds.iter().any(|k| has_kind(k)) {
                continue;
            }
            false
        };
        let labels: Vec<String> = req.kinds.iter().map(|k| format!("`{k}`")).collect();
        let when = if req.when.is_always() {
            String::new()
        } else {
            format!(" when {}", req.when.describe())
        };
        let shared = if shared_out {
            " (the document of that kind in case.toml already counts for another line of the \
             checklist: each line needs a copy of its own)"
        } else {
            ""
        };
        out.push(Draft::case(
            "R001",
            format!(
                "missing: {} — form {} requires this{when}{shared}. Add the copy to the case \
                 folder and list it in case.toml as a [[documents]] entry with kind = {}",
                req.why_en,
                form.number,
                labels.join(" or ")
            ),
        ));
    }
    let on = case.submit_on;
    let six_months = on.checked_add(jiff::Span::new().months(6)).unwrap_or(on);
    for d in &case.documents {
        let Some(kind) = d.kind.as_deref() else {
            continue;
        };
        if IDENTITY_KINDS.contains(&kind)
            && let Some(until) = d.valid_until
        {
            if until < on {
                out.push(Draft::file(
                    "R002",
                    d.first_file(),
                    format!(
                        "the {kind} expired on {until}, before the submission date {on}: the \
                         IND does not accept it. Renew it first and enclose a copy of the new one"
                    ),
                ));
            } else if kind != "mvv" && until < six_months {
                out.push(Draft::file(
                    "R003",
                    d.first_file(),
                    format!(
                        "the {kind} expires on {until}, within 6 months after the submission date \
                         {on}: the permit may be limited to its validity. Advise the client to \
                         renew it"
                    ),
                ));
            }
        }
        for rule in forms.documents.max_age.iter().filter(|m| m.kind == kind) {
            let Some(issued) = d.issued_on else {
                continue;
            };
            let limit = issued
                .checked_add(jiff::Span::new().months(i64::from(rule.months)))
                .unwrap_or(Date::MAX);
            if limit < on {
                out.push(Draft::file(
                    "R006",
                    d.first_file(),
                    format!(
                        "the {kind} was issued on {issued} and is more than {} months old on the \
                         submission date {on}; the IND accepts it only up to {} months. Ask for \
                         a new one",
                        rule.months, rule.months
                    ),
                ));
            }
        }
    }
    if let Some(nat) = case.applicant.nationality.as_deref()
        && forms.countries.is_country(nat)
    {
        if nat != "NL" && form.mvv.needed(subject, &forms.countries) && !has_kind("mvv") {
            out.push(Draft::case(
                "R004",
                format!(
                    "the applicant's nationality ({}) needs an mvv (entry visa) for form {} and \
                     no `mvv` document is enclosed: enclose a copy of the mvv sticker, or check \
                     whether this is an mvv (TEV) application",
                    forms.countries.name(nat).unwrap_or(nat),
                    form.number
                ),
            ));
        }
        if nat != "NL" && form.mvv.must_file_in_person(subject, &forms.countries) {
            out.push(Draft::case(
                "R005",
                format!(
                    "the applicant's nationality ({}) is exempt from the mvv; form {} says an \
                     application that relies on this exemption must be filed in person at an \
                     IND desk, not posted. Make an appointment at an IND desk",
                    forms.countries.name(nat).unwrap_or(nat),
                    form.number
                ),
            ));
        }
    }
}

/// Which of `lines` (each a list of acceptable kinds) can each be given a document of its own
/// from `docs`: a maximum bipartite matching by augmenting paths, so that a passport goes to
/// the line that only a passport can fill when another line would also take an ID card.
fn one_document_each(lines: &[&[String]], docs: &[Option<&str>]) -> Vec<bool> {
    fn assign(
        line: usize,
        lines: &[&[String]],
        docs: &[Option<&str>],
        owner: &mut [Option<usize>],
        seen: &mut [bool],
    ) -> bool {
        for (d, kind) in docs.iter().enumerate() {
            let fits = kind.is_some_and(|k| lines[line].iter().any(|l| l == k));
            if !fits || seen[d] {
                continue;
            }
            seen[d] = true;
            if owner[d].is_none_or(|other| assign(other, lines, docs, owner, seen)) {
                owner[d] = Some(line);
                return true;
            }
        }
        false
    }
    let mut owner: Vec<Option<usize>> = vec![None; docs.len()];
    // The narrowest lines first: with one passport for "passport" and "passport or ID card",
    // it is the second that is reported missing.
    let mut order: Vec<usize> = (0..lines.len()).collect();
    order.sort_by_key(|&l| lines[l].len());
    for line in order {
        let mut seen = vec![false; docs.len()];
        assign(line, lines, docs, &mut owner, &mut seen);
    }
    let mut served = vec![false; lines.len()];
    for line in owner.into_iter().flatten() {
        served[line] = true;
    }
    served
}

#[cfg(test)]
mod tests {
    use super::one_document_each;

    #[test]
    fn each_fixed_line_needs_a_document_of_its_own() {
        let passport = vec!["passport".to_string()];
        let id = vec!["passport".to_string(), "id-card".to_string()];
        let lines = [passport.as_slice(), id.as_slice()];
        assert_eq!(
            one_document_each(&lines, &[Some("passport")]),
            [true, false]
        );
        // The ID card goes to the line that takes it, the passport to the other.
        assert_eq!(
            one_document_each(&lines, &[Some("id-card"), Some("passport")]),
            [true, true]
        );
        // Two passports: one each, whichever order the line order would give.
        let reversed = [id.as_slice(), passport.as_slice()];
        assert_eq!(
            one_document_each(&reversed, &[Some("passport"), Some("passport")]),
            [true, true]
        );
        assert_eq!(
            one_document_each(&reversed, &[Some("passport"), None]),
            [false, true]
        );
    }
}
