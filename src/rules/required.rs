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
    for req in &form.checklist {
        if !req.when.matches(subject, &forms.countries) {
            continue;
        }
        if req.kinds.iter().any(|k| has_kind(k)) {
            continue;
        }
        let labels: Vec<String> = req.kinds.iter().map(|k| format!("`{k}`")).collect();
        let when = if req.when.is_always() {
            String::new()
        } else {
            format!(" when {}", req.when.describe())
        };
        out.push(Draft::case(
            "R001",
            format!(
                "missing: {} — form {} requires this{when}. Add the copy to the case folder and \
                 list it in case.toml as a [[documents]] entry with kind = {}",
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
