//! Conditions on a case: when a checklist line or a fee variant applies.
//!
//! A condition is data read from a form file (`when = { facts = ["art8"], min_age = 12 }`): all
//! keys of one table must hold, `any` holds when one of its tables holds, and an absent `when`
//! always holds. What is unknown never holds: without a nationality or an age, a condition on
//! them is false, so a missing fact can never add a requirement or a reduction. Validating that
//! the facts and lists it names exist is the loader's job, not this file's.

use std::collections::BTreeMap;

use super::{Countries, Date, FactValue};

/// What conditions are judged against: one case's facts, nationalities and age.
#[derive(Debug, Clone, Copy)]
pub struct Subject<'a> {
    /// The case's `[facts]`; a true/false fact that is absent counts as false.
    pub facts: &'a BTreeMap<String, FactValue>,
    /// The applicant's nationality, ISO 3166-1 alpha-2 upper case.
    pub nationality: Option<&'a str>,
    /// The sponsor's (referent's) nationality, ISO 3166-1 alpha-2 upper case.
    pub sponsor_nationality: Option<&'a str>,
    /// The applicant's age in whole years on `submit_on`.
    pub age: Option<i32>,
    /// The planned mailing date; fees and dated lists are taken on this day.
    pub submit_on: Date,
}

impl Subject<'_> {
    /// Whether true/false fact `key` is set to true.
    pub fn is_true(&self, key: &str) -> bool {
        matches!(self.facts.get(key), Some(FactValue::Bool(true)))
    }
}

/// When a requirement or fee variant applies. Every non-empty part must hold.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Condition {
    /// Facts that must all be true.
    pub facts: Vec<String>,
    /// Facts that must all be false or absent.
    pub not_facts: Vec<String>,
    /// The applicant's nationality must be one of these codes.
    pub nationality: Vec<String>,
    /// The applicant's nationality must be on this country list (`eu`, `mvv-exempt`,
    /// `tb-exempt`, `apostille`).
    pub nationality_in: Option<String>,
    /// The applicant's nationality must be known and not on this country list.
    pub nationality_not_in: Option<String>,
    /// The sponsor's nationality must be one of these codes.
    pub sponsor_nationality: Vec<String>,
    /// The applicant must be at least this old.
    pub min_age: Option<i32>,
    /// The applicant must be at most this old (17 means "a minor").
    pub max_age: Option<i32>,
    /// At least one of these conditions must hold (when there are any).
    pub any: Vec<Condition>,
}

/// The names of the country lists a condition may refer to.
pub(crate) const LIST_NAMES: [&str; 4] = ["eu", "mvv-exempt", "tb-exempt", "apostille"];

fn list_label(list: &str) -> &str {
    match list {
        "eu" => "the list of EU member states",
        "mvv-exempt" => "the mvv-exemption list",
        "tb-exempt" => "the TB-exemption list",
        "apostille" => "the list of Apostille Convention parties",
        other => other,
    }
}

fn one_of(codes: &[String]) -> String {
    match codes {
        [one] => one.clone(),
        _ => format!("one of {}", codes.join(", ")),
    }
}

impl Condition {
    /// The condition that always holds.
    pub fn always() -> Condition {
        Condition::default()
    }

    /// Whether this condition holds for every case.
    pub fn is_always(&self) -> bool {
        *self == Condition::default()
    }

    /// Whether the condition holds for `s`.
    pub fn matches(&self, s: &Subject, countries: &Countries) -> bool {
        let in_codes = |n: Option<&str>, codes: &[String]| {
            codes.is_empty() || n.is_some_and(|n| codes.iter().any(|c| c.eq_ignore_ascii_case(n)))
        };
        self.facts.iter().all(|k| s.is_true(k))
            && !self.not_facts.iter().any(|k| s.is_true(k))
            && in_codes(s.nationality, &self.nationality)
            && in_codes(s.sponsor_nationality, &self.sponsor_nationality)
            && self
                .nationality_in
                .as_ref()
                .is_none_or(|l| s.nationality.is_some_and(|n| countries.in_list(l, n)))
            && self
                .nationality_not_in
                .as_ref()
                .is_none_or(|l| s.nationality.is_some_and(|n| !countries.in_list(l, n)))
            && self.min_age.is_none_or(|m| s.age.is_some_and(|a| a >= m))
            && self.max_age.is_none_or(|m| s.age.is_some_and(|a| a <= m))
            && (self.any.is_empty() || self.any.iter().any(|c| c.matches(s, countries)))
    }

    /// Whether the condition fails only for want of data the case does not give: the
    /// applicant's age or nationality, or the sponsor's nationality, where the condition looks at
    /// them and its facts hold. Such a variant can neither be applied nor ruled out.
    pub fn undecidable(&self, s: &Subject) -> bool {
        let facts_hold =
            self.facts.iter().all(|k| s.is_true(k)) && !self.not_facts.iter().any(|k| s.is_true(k));
        facts_hold
            && ((s.age.is_none() && (self.min_age.is_some() || self.max_age.is_some()))
                || (s.nationality.is_none()
                    && (!self.nationality.is_empty()
                        || self.nationality_in.is_some()
                        || self.nationality_not_in.is_some()))
                || (s.sponsor_nationality.is_none() && !self.sponsor_nationality.is_empty())
                || self.any.iter().any(|c| c.undecidable(s)))
    }

    /// The condition in English for messages, e.g. "art8 = true and insufficient_income =
    /// true", "the applicant is 12 or older", "the applicant's nationality is not on the
    /// TB-exemption list".
    pub fn describe(&self) -> String {
        let mut parts: Vec<String> = Vec::new();
        parts.extend(self.facts.iter().map(|k| format!("{k} = true")));
        parts.extend(self.not_facts.iter().map(|k| format!("{k} is not true")));
        if !self.nationality.is_empty() {
            parts.push(format!(
                "the applicant's nationality is {}",
                one_of(&self.nationality)
            ));
        }
        if let Some(l) = &self.nationality_in {
            parts.push(format!(
                "the applicant's nationality is on {}",
                list_label(l)
            ));
        }
        if let Some(l) = &self.nationality_not_in {
            parts.push(format!(
                "the applicant's nationality is not on {}",
                list_label(l)
            ));
        }
        if !self.sponsor_nationality.is_empty() {
            parts.push(format!(
                "the sponsor's nationality is {}",
                one_of(&self.sponsor_nationality)
            ));
        }
        match (self.min_age, self.max_age) {
            (Some(lo), Some(hi)) => parts.push(format!("the applicant is {lo} to {hi} years old")),
            (Some(lo), None) => parts.push(format!("the applicant is {lo} or older")),
            (None, Some(hi)) => parts.push(format!("the applicant is under {}", hi + 1)),
            (None, None) => {}
        }
        if !self.any.is_empty() {
            let alternatives: Vec<String> = self
                .any
                .iter()
                .map(|c| {
                    let d = c.describe();
                    if d.contains(" and ") || d.contains(" or ") {
                        format!("({d})")
                    } else {
                        d
                    }
                })
                .collect();
            let either = alternatives.join(" or ");
            parts.push(if parts.is_empty() {
                either
            } else {
                format!("({either})")
            });
        }
        if parts.is_empty() {
            "always".to_string()
        } else {
            parts.join(" and ")
        }
    }

    /// Every fact key the condition reads, nested ones included, in order of appearance.
    pub fn fact_keys(&self) -> Vec<&str> {
        let mut keys: Vec<&str> = Vec::new();
        keys.extend(self.facts.iter().map(String::as_str));
        keys.extend(self.not_facts.iter().map(String::as_str));
        for c in &self.any {
            keys.extend(c.fact_keys());
        }
        keys
    }
}
