//! Form data: what each IND form asks for, what it costs, where it is posted, and the country
//! and document data the rules judge against.
//!
//! The data lives in `forms/*.toml` (compiled in with `include_str!`, replaceable with
//! `--forms DIR`); this module turns it into validated types and answers questions about it:
//! which documents a case needs ([`Condition::matches`]), which fee applies ([`Form::fee`]),
//! what a country's documents need ([`Countries::legalisation_needed`]). It deliberately does not
//! read cases or produce findings: the rules do that with these answers.

mod condition;
mod countries;
mod describe;
mod documents;
mod fee;
mod load;

use std::collections::BTreeMap;
use std::fmt;
use std::path::PathBuf;

pub use crate::date::Date;
pub use condition::{Condition, Subject};
pub use countries::{Countries, Legalisation};
pub use describe::{describe_fees, describe_form, describe_forms, describe_sources, format_eur};
pub use documents::{DocumentRules, KindLabel, MaxAge};
pub use fee::{Considered, FeeOutcome, VariantStatus};

/// Why form data could not be used. Every variant names the file; parse and validation
/// problems also give the line and column, so `dossier` can exit 2 with a message that points
/// at the line to fix.
#[derive(Debug, thiserror::Error)]
pub enum FormError {
    /// A data file or the `--forms` folder could not be read.
    #[error("cannot read form data {}: {source}", path.display())]
    Read {
        /// The file or folder.
        path: PathBuf,
        /// What the operating system said.
        #[source]
        source: std::io::Error,
    },
    /// A data file is not valid TOML or does not have the expected shape (unknown key, wrong
    /// type, missing key).
    #[error("{file}:{line}:{column}: {message}")]
    Parse {
        /// The file, as the user would find it.
        file: String,
        /// 1-based line.
        line: usize,
        /// 1-based column, in characters.
        column: usize,
        /// What is wrong.
        message: String,
    },
    /// A data file parses but says something impossible (an undeclared fact, an unknown
    /// document kind, two schedules on one date, …). Every problem found in the file is listed.
    #[error("{}", problem_lines(file, problems))]
    Invalid {
        /// The file, as the user would find it.
        file: String,
        /// Every problem, in file order.
        problems: Vec<Problem>,
    },
    /// A `--forms` folder holds no form file.
    #[error("no form files (*.toml other than countries, languages and documents) in {}", dir.display())]
    NoForms {
        /// The folder.
        dir: PathBuf,
    },
}

/// One validation problem in a data file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// 1-based line.
    pub line: usize,
    /// 1-based column, in characters.
    pub column: usize,
    /// What is wrong and, where it helps, what would be right.
    pub message: String,
}

fn problem_lines(file: &str, problems: &[Problem]) -> String {
    let lines: Vec<String> = problems
        .iter()
        .map(|p| format!("{file}:{}:{}: {}", p.line, p.column, p.message))
        .collect();
    lines.join("\n")
}

/// Every form the tool knows, with the country and document data they are judged against.
#[derive(Debug, Clone)]
pub struct FormSet {
    /// Country and language codes and the dated country lists.
    pub countries: Countries,
    /// Document kinds and the rules that depend only on the kind.
    pub documents: DocumentRules,
    forms: BTreeMap<String, Form>,
    fingerprint: [u8; 32],
}

impl FormSet {
    /// The form data compiled into the binary (the `forms/` folder of the repository).
    pub fn builtin() -> Result<FormSet, FormError> {
        load::builtin()
    }

    /// An organisation's own form data: every `*.toml` in `dir` except `countries.toml`,
    /// `languages.toml` and `documents.toml` is a form, and together they replace the built-in
    /// forms (a form missing from `dir` is unknown). `countries.toml`, `languages.toml` and
    /// `documents.toml` missing from `dir` fall back to the built-in copies.
    pub fn load_dir(dir: &std::path::Path) -> Result<FormSet, FormError> {
        load::load_dir(dir)
    }

    /// The form with this number, e.g. `"7018"`.
    pub fn get(&self, number: &str) -> Option<&Form> {
        self.forms.get(number)
    }

    /// Every form, sorted by number.
    pub fn forms(&self) -> impl Iterator<Item = &Form> {
        self.forms.values()
    }

    /// SHA-256 over the names and texts of every data file in use: a cache key that changes
    /// whenever any form, country or document data changes.
    pub fn fingerprint(&self) -> [u8; 32] {
        self.fingerprint
    }
}

/// One IND application form: its facts, checklist, fees, mvv rule and postal address.
#[derive(Debug, Clone, PartialEq)]
pub struct Form {
    /// The IND form number, e.g. `"7018"`.
    pub number: String,
    /// The Dutch title as printed on the form.
    pub title_nl: String,
    /// An English rendering of the title.
    pub title_en: String,
    /// Where the form's data comes from.
    pub source: String,
    /// The sources did not give the whole checklist or all fees; see `notes`.
    pub source_partial: bool,
    /// What is missing or assumed in the data.
    pub notes: Vec<String>,
    /// The facts a case may set in `[facts]` for this form.
    pub facts: Vec<FactDef>,
    /// The documents to enclose, in the order the form lists its enclosures.
    pub checklist: Vec<Requirement>,
    /// Fee schedules, sorted by `valid_from` ascending.
    pub fees: Vec<FeeSchedule>,
    /// Whether the purpose needs an mvv.
    pub mvv: MvvRule,
    /// The IND postal address for this form, one line per element.
    pub postal_address: Vec<String>,
}

impl Form {
    /// The schedule in force on `date`: the newest with `valid_from <= date`.
    pub fn schedule_on(&self, date: Date) -> Option<&FeeSchedule> {
        self.fees.iter().rev().find(|s| s.valid_from <= date)
    }

    /// The newest schedule the data knows (for the "amount may be out of date" warning).
    pub fn newest_schedule(&self) -> Option<&FeeSchedule> {
        self.fees.last()
    }

    /// The declaration of fact `key`, if this form declares it.
    pub fn fact(&self, key: &str) -> Option<&FactDef> {
        self.facts.iter().find(|f| f.key == key)
    }

    /// The fee on `s.submit_on`, with every variant of that schedule considered; `None` when
    /// no schedule is in force on that date. `enclosed(kind)` tells whether the case encloses a
    /// document of that kind; a variant whose proof is not enclosed does not apply.
    pub fn fee(
        &self,
        s: &Subject,
        countries: &Countries,
        enclosed: &dyn Fn(&str) -> bool,
    ) -> Option<FeeOutcome> {
        let schedule = self.schedule_on(s.submit_on)?;
        // A reduction whose amount this schedule lacks is judged by its nearest definition,
        // the latest earlier one first.
        let unknown: Vec<(&FeeVariant, &FeeSchedule)> = schedule
            .unknown
            .iter()
            .filter_map(|id| {
                let earlier = self
                    .fees
                    .iter()
                    .rev()
                    .filter(|o| o.valid_from < schedule.valid_from);
                let later = self
                    .fees
                    .iter()
                    .filter(|o| o.valid_from > schedule.valid_from);
                earlier
                    .chain(later)
                    .find_map(|o| o.variants.iter().find(|v| &v.id == id).map(|v| (v, o)))
            })
            .collect();
        Some(fee::compute(schedule, &unknown, s, countries, enclosed))
    }

    /// The checklist lines that apply to `s`, in checklist order.
    pub fn required<'f>(
        &'f self,
        s: &'f Subject<'f>,
        countries: &'f Countries,
    ) -> impl Iterator<Item = &'f Requirement> {
        self.checklist
            .iter()
            .filter(move |r| r.when.matches(s, countries))
    }

    /// The title in `language` (`"nl"` or `"en"`; anything else gets Dutch, the form's own
    /// language).
    pub fn title(&self, language: &str) -> &str {
        if language.eq_ignore_ascii_case("en") {
            &self.title_en
        } else {
            &self.title_nl
        }
    }
}

/// A fact a form declares: its key in `[facts]`, its type and what it means.
#[derive(Debug, Clone, PartialEq)]
pub struct FactDef {
    /// The key in `case.toml` `[facts]`.
    pub key: String,
    /// The type of its value.
    pub kind: FactKind,
    /// What it means, in Dutch.
    pub meaning_nl: String,
    /// What it means, in English.
    pub meaning_en: String,
}

impl FactDef {
    /// The value of this fact from a `case.toml` value, or `None` when the value does not have
    /// the declared type (the case loader turns that into C002).
    pub fn value_from_toml(&self, value: &toml::Value) -> Option<FactValue> {
        match (self.kind, value) {
            (FactKind::Bool, toml::Value::Boolean(b)) => Some(FactValue::Bool(*b)),
            (FactKind::Integer, toml::Value::Integer(i)) => Some(FactValue::Integer(*i)),
            (FactKind::Text, toml::Value::String(t)) => Some(FactValue::Text(t.clone())),
            (FactKind::Date, toml::Value::Datetime(dt)) => {
                crate::date::from_toml(dt).map(FactValue::Date)
            }
            _ => None,
        }
    }
}

/// The type of a fact's value.
#[derive(Clone, Copy, PartialEq, Eq, Debug, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum FactKind {
    /// `true` or `false`; absent means false.
    Bool,
    /// A whole number.
    Integer,
    /// A string.
    Text,
    /// A TOML date.
    Date,
}

impl FactKind {
    /// How messages name the type: "true/false", "a whole number", "text", "a date".
    pub fn name(self) -> &'static str {
        match self {
            FactKind::Bool => "true/false",
            FactKind::Integer => "a whole number",
            FactKind::Text => "text",
            FactKind::Date => "a date",
        }
    }
}

impl fmt::Display for FactKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A fact's value as a case sets it.
#[derive(Clone, PartialEq, Debug)]
pub enum FactValue {
    /// A true/false fact.
    Bool(bool),
    /// A whole-number fact.
    Integer(i64),
    /// A text fact.
    Text(String),
    /// A date fact.
    Date(Date),
}

impl FactValue {
    /// The type of this value.
    pub fn kind(&self) -> FactKind {
        match self {
            FactValue::Bool(_) => FactKind::Bool,
            FactValue::Integer(_) => FactKind::Integer,
            FactValue::Text(_) => FactKind::Text,
            FactValue::Date(_) => FactKind::Date,
        }
    }
}

/// One line of a form's document checklist.
#[derive(Debug, Clone, PartialEq)]
pub struct Requirement {
    /// Satisfied by an enclosed document of any of these kinds.
    pub kinds: Vec<String>,
    /// When the requirement applies; [`Condition::always`] for every case.
    pub when: Condition,
    /// What the form asks for, in Dutch, e.g. "kopie van het paspoort van de vreemdeling".
    pub why_nl: String,
    /// What the form asks for, in English.
    pub why_en: String,
    /// Where the requirement comes from.
    pub source: String,
}

/// Whether a form's purpose needs an mvv (entry visa).
#[derive(Debug, Clone, PartialEq)]
pub struct MvvRule {
    /// The purpose needs an mvv unless the nationality is mvv-exempt (R004).
    pub applies: bool,
    /// Relying on the nationality exemption means filing in person, not by post (R005).
    pub in_person_if_exempt: bool,
    /// Circumstances in which no mvv is needed whatever the nationality (e.g. the applicant
    /// already holds a valid Dutch permit, or this application is itself the mvv request).
    pub not_needed_when: Option<Condition>,
    /// Where the rule comes from.
    pub source: String,
}

impl MvvRule {
    /// Whether this case must enclose an mvv: the purpose needs one, the nationality is known
    /// and not exempt, and no `not_needed_when` circumstance holds.
    pub fn needed(&self, s: &Subject, countries: &Countries) -> bool {
        let Some(nationality) = s.nationality else {
            return false;
        };
        self.applies
            && !countries.mvv_exempt(nationality)
            && !self
                .not_needed_when
                .as_ref()
                .is_some_and(|c| c.matches(s, countries))
    }

    /// Whether this case relies on the nationality exemption where the form then requires
    /// filing in person (R005).
    pub fn must_file_in_person(&self, s: &Subject, countries: &Countries) -> bool {
        self.applies
            && self.in_person_if_exempt
            && s.nationality.is_some_and(|n| countries.mvv_exempt(n))
            && !self
                .not_needed_when
                .as_ref()
                .is_some_and(|c| c.matches(s, countries))
    }
}

/// The fees of one form from one date on.
#[derive(Debug, Clone, PartialEq)]
pub struct FeeSchedule {
    /// The first day this schedule is in force.
    pub valid_from: Date,
    /// Where the amounts come from (URL or description, with its date).
    pub source: String,
    /// The amount when no variant applies, in euro cents.
    pub base_cents: u64,
    /// Amounts for special circumstances, in data order. A variant that applies replaces the
    /// base amount; when several apply, the lowest wins.
    pub variants: Vec<FeeVariant>,
    /// Ids of reductions that another schedule of the form defines but whose amount in this
    /// one is not in the sources: for a case they apply to, the fee is unknown.
    pub unknown: Vec<String>,
    /// What is inferred, assumed or missing in this schedule.
    pub notes: Vec<String>,
}

/// An amount that replaces the base fee when its condition holds and its proof is enclosed.
#[derive(Debug, Clone, PartialEq)]
pub struct FeeVariant {
    /// A short stable name, e.g. `"art8-insufficient-income"`.
    pub id: String,
    /// The amount in euro cents.
    pub amount_cents: u64,
    /// When the variant applies.
    pub when: Condition,
    /// Document kinds that must all be enclosed for the variant to apply.
    pub proof: Vec<String>,
    /// Why this amount, in Dutch.
    pub reason_nl: String,
    /// Why this amount, in English.
    pub reason_en: String,
}

#[cfg(test)]
mod tests;
