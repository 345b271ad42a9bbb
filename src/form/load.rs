//! Reading and validating the data files: the built-in copies compiled in from `forms/`, or an
//! organisation's `--forms DIR`.
//!
//! Each file is parsed into raw structs (`deny_unknown_fields`, spans kept) and then validated
//! into the domain types, collecting every problem with its line and column before failing.
//! This file knows the form-file layout; the country and document files are read by
//! `countries.rs` and `documents.rs` with the helpers here. It does not judge cases.

use std::collections::{BTreeMap, BTreeSet};
use std::ops::Range;
use std::path::Path;

use serde::Deserialize;
use serde::de::DeserializeOwned;
use sha2::{Digest, Sha256};
use toml::Spanned;
use toml::value::Datetime;

use super::condition::LIST_NAMES;
use super::{
    Condition, Countries, Date, DocumentRules, FactDef, FactKind, FeeSchedule, FeeVariant, Form,
    FormError, FormSet, MvvRule, Problem, Requirement,
};

/// The built-in data files: (file name, text).
const BUILTIN_FORMS: [(&str, &str); 7] = [
    ("6009.toml", include_str!("../../forms/6009.toml")),
    ("7018.toml", include_str!("../../forms/7018.toml")),
    ("7024.toml", include_str!("../../forms/7024.toml")),
    ("7026.toml", include_str!("../../forms/7026.toml")),
    ("7027.toml", include_str!("../../forms/7027.toml")),
    ("7031.toml", include_str!("../../forms/7031.toml")),
    ("7055.toml", include_str!("../../forms/7055.toml")),
];
const COUNTRIES: &str = "countries.toml";
const LANGUAGES: &str = "languages.toml";
const DOCUMENTS: &str = "documents.toml";
const BUILTIN_COUNTRIES: &str = include_str!("../../forms/countries.toml");
const BUILTIN_LANGUAGES: &str = include_str!("../../forms/languages.toml");
const BUILTIN_DOCUMENTS: &str = include_str!("../../forms/documents.toml");

/// One data file: the name used in messages and its text.
struct DataFile {
    /// How messages name the file: a real path, or `forms/NAME (built-in)`.
    display: String,
    /// The file name, used for the fingerprint and the form-number check.
    name: String,
    text: String,
}

impl DataFile {
    fn builtin(name: &str, text: &str) -> DataFile {
        DataFile {
            display: format!("forms/{name} (built-in)"),
            name: name.to_string(),
            text: text.to_string(),
        }
    }
}

pub(super) fn builtin() -> Result<FormSet, FormError> {
    let forms = BUILTIN_FORMS
        .iter()
        .map(|(name, text)| DataFile::builtin(name, text))
        .collect();
    assemble(
        DataFile::builtin(COUNTRIES, BUILTIN_COUNTRIES),
        DataFile::builtin(LANGUAGES, BUILTIN_LANGUAGES),
        DataFile::builtin(DOCUMENTS, BUILTIN_DOCUMENTS),
        forms,
    )
}

pub(super) fn load_dir(dir: &Path) -> Result<FormSet, FormError> {
    let read_err = |path: &Path, source| FormError::Read {
        path: path.to_path_buf(),
        source,
    };
    let entries = std::fs::read_dir(dir).map_err(|e| read_err(dir, e))?;
    let mut paths = Vec::new();
    for entry in entries {
        let path = entry.map_err(|e| read_err(dir, e))?.path();
        if path.extension().is_some_and(|e| e == "toml") && path.is_file() {
            paths.push(path);
        }
    }
    paths.sort();
    let read = |path: &Path| -> Result<DataFile, FormError> {
        let text = std::fs::read_to_string(path).map_err(|e| read_err(path, e))?;
        Ok(DataFile {
            display: path.display().to_string(),
            name: path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default(),
            text,
        })
    };
    let mut special: BTreeMap<&str, DataFile> = BTreeMap::new();
    let mut forms = Vec::new();
    for path in &paths {
        let file = read(path)?;
        match [COUNTRIES, LANGUAGES, DOCUMENTS]
            .into_iter()
            .find(|n| *n == file.name)
        {
            Some(n) => {
                special.insert(n, file);
            }
            None => forms.push(file),
        }
    }
    if forms.is_empty() {
        return Err(FormError::NoForms {
            dir: dir.to_path_buf(),
        });
    }
    let mut take = |name: &'static str, builtin: &str| {
        special
            .remove(name)
            .unwrap_or_else(|| DataFile::builtin(name, builtin))
    };
    let countries = take(COUNTRIES, BUILTIN_COUNTRIES);
    let languages = take(LANGUAGES, BUILTIN_LANGUAGES);
    let documents = take(DOCUMENTS, BUILTIN_DOCUMENTS);
    assemble(countries, languages, documents, forms)
}

fn assemble(
    countries: DataFile,
    languages: DataFile,
    documents: DataFile,
    forms: Vec<DataFile>,
) -> Result<FormSet, FormError> {
    let countries_data = super::countries::load(
        (&countries.display, &countries.text),
        (&languages.display, &languages.text),
    )?;
    let documents_data =
        super::documents::load(&documents.display, &documents.text, &countries_data)?;
    let mut hasher = Sha256::new();
    for file in [&countries, &languages, &documents]
        .into_iter()
        .chain(&forms)
    {
        // Length-prefixed so that moving text between files changes the hash.
        hasher.update((file.name.len() as u64).to_le_bytes());
        hasher.update(file.name.as_bytes());
        hasher.update((file.text.len() as u64).to_le_bytes());
        hasher.update(file.text.as_bytes());
    }
    let mut by_number = BTreeMap::new();
    for file in &forms {
        let form = load_form(file, &countries_data, &documents_data)?;
        by_number.insert(form.number.clone(), form);
    }
    Ok(FormSet {
        countries: countries_data,
        documents: documents_data,
        forms: by_number,
        fingerprint: hasher.finalize().into(),
    })
}

/// 1-based line and character column of byte `offset` in `text`.
pub(super) fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    (line, before[line_start..].chars().count() + 1)
}

/// Parses `text` into `T`; a syntax or shape error names the file, line and column.
pub(super) fn parse<T: DeserializeOwned>(file: &str, text: &str) -> Result<T, FormError> {
    toml::from_str(text).map_err(|e| {
        let (line, column) = e.span().map_or((1, 1), |s| line_col(text, s.start));
        FormError::Parse {
            file: file.to_string(),
            line,
            column,
            message: e.message().trim().to_string(),
        }
    })
}

/// Collects validation problems of one file.
pub(super) struct Ctx<'a> {
    file: &'a str,
    text: &'a str,
    problems: Vec<Problem>,
}

impl<'a> Ctx<'a> {
    pub(super) fn new(file: &'a str, text: &'a str) -> Ctx<'a> {
        Ctx {
            file,
            text,
            problems: Vec::new(),
        }
    }

    /// Records a problem at `span`.
    pub(super) fn at(&mut self, span: Range<usize>, message: impl Into<String>) {
        let (line, column) = line_col(self.text, span.start);
        self.problems.push(Problem {
            line,
            column,
            message: message.into(),
        });
    }

    /// A date from a TOML date value, or a problem when it has a time or offset.
    pub(super) fn date(&mut self, value: &Spanned<Datetime>) -> Option<Date> {
        let date = crate::date::from_toml(value.get_ref());
        if date.is_none() {
            self.at(
                value.span(),
                format!(
                    "`{}` is not a plain date (write it as YYYY-MM-DD)",
                    value.get_ref()
                ),
            );
        }
        date
    }

    /// `Ok` when no problem was recorded, else every problem in file order.
    pub(super) fn finish(mut self) -> Result<(), FormError> {
        if self.problems.is_empty() {
            return Ok(());
        }
        self.problems.sort_by_key(|p| (p.line, p.column));
        Err(FormError::Invalid {
            file: self.file.to_string(),
            problems: self.problems,
        })
    }
}

/// The nearest of `candidates` to `word`, for "did you mean" hints.
pub(super) fn suggest<'c>(
    word: &str,
    candidates: impl IntoIterator<Item = &'c str>,
) -> Option<&'c str> {
    candidates
        .into_iter()
        .map(|c| (strsim::damerau_levenshtein(word, c), c))
        .filter(|(d, c)| *d <= 2.max(c.len() / 3))
        .min()
        .map(|(_, c)| c)
}

fn did_you_mean<'c>(word: &str, candidates: impl IntoIterator<Item = &'c str>) -> String {
    suggest(word, candidates).map_or(String::new(), |s| format!(" (did you mean `{s}`?)"))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawForm {
    number: Spanned<String>,
    title_nl: String,
    title_en: String,
    source: String,
    #[serde(default)]
    source_partial: bool,
    #[serde(default)]
    notes: Vec<String>,
    postal_address: Vec<String>,
    mvv: RawMvv,
    #[serde(default)]
    facts: Vec<RawFact>,
    #[serde(default)]
    checklist: Vec<RawRequirement>,
    #[serde(default)]
    fees: Vec<RawSchedule>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawMvv {
    applies: bool,
    in_person_if_exempt: bool,
    not_needed_when: Option<Spanned<RawCondition>>,
    source: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFact {
    key: Spanned<String>,
    #[serde(rename = "type")]
    kind: FactKind,
    meaning_nl: String,
    meaning_en: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRequirement {
    kinds: Spanned<Vec<Spanned<String>>>,
    when: Option<Spanned<RawCondition>>,
    why_nl: String,
    why_en: String,
    source: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSchedule {
    valid_from: Spanned<Datetime>,
    source: String,
    base: Spanned<toml::Value>,
    #[serde(default)]
    notes: Vec<String>,
    #[serde(default)]
    variants: Vec<RawVariant>,
    /// Ids of reductions (defined in another schedule of the form) whose amount in this
    /// schedule is not in the sources.
    #[serde(default)]
    unknown: Vec<Spanned<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawVariant {
    id: Spanned<String>,
    amount: Spanned<toml::Value>,
    when: Option<Spanned<RawCondition>>,
    #[serde(default)]
    proof: Vec<Spanned<String>>,
    reason_nl: String,
    reason_en: String,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub(super) struct RawCondition {
    #[serde(default)]
    facts: Vec<Spanned<String>>,
    #[serde(default)]
    not_facts: Vec<Spanned<String>>,
    #[serde(default)]
    nationality: Vec<Spanned<String>>,
    nationality_in: Option<Spanned<String>>,
    nationality_not_in: Option<Spanned<String>>,
    #[serde(default)]
    sponsor_nationality: Vec<Spanned<String>>,
    min_age: Option<Spanned<i64>>,
    max_age: Option<Spanned<i64>>,
    #[serde(default)]
    any: Vec<Spanned<RawCondition>>,
}

/// What a form file is checked against while it is validated.
struct FormCtx<'a, 'b> {
    ctx: Ctx<'a>,
    countries: &'b Countries,
    documents: &'b DocumentRules,
    facts: BTreeMap<String, FactKind>,
}

impl FormCtx<'_, '_> {
    fn kind(&mut self, kind: &Spanned<String>) -> String {
        let k = kind.get_ref();
        if !self.documents.is_known_kind(k) {
            let hint = did_you_mean(k, self.documents.kinds.iter().map(|l| l.kind.as_str()));
            self.ctx
                .at(kind.span(), format!("unknown document kind `{k}`{hint}"));
        }
        k.clone()
    }

    fn bool_fact(&mut self, key: &Spanned<String>) -> String {
        let k = key.get_ref();
        match self.facts.get(k) {
            Some(FactKind::Bool) => {}
            Some(other) => self.ctx.at(
                key.span(),
                format!("fact `{k}` is {other}, but conditions can only test true/false facts"),
            ),
            None => {
                let hint = did_you_mean(k, self.facts.keys().map(String::as_str));
                self.ctx.at(
                    key.span(),
                    format!("fact `{k}` is not declared in [[facts]] of this form{hint}"),
                );
            }
        }
        k.clone()
    }

    fn country(&mut self, code: &Spanned<String>) -> String {
        let c = code.get_ref();
        if !self.countries.is_country(c) {
            self.ctx.at(
                code.span(),
                format!("`{c}` is not an ISO 3166-1 alpha-2 country code (upper case)"),
            );
        }
        c.clone()
    }

    fn list(&mut self, name: &Spanned<String>) -> String {
        let n = name.get_ref();
        if !LIST_NAMES.contains(&n.as_str()) {
            self.ctx.at(
                name.span(),
                format!(
                    "unknown country list `{n}`; known lists: {}",
                    LIST_NAMES.join(", ")
                ),
            );
        }
        n.clone()
    }

    fn age(&mut self, age: &Option<Spanned<i64>>) -> Option<i32> {
        let age = age.as_ref()?;
        match i32::try_from(*age.get_ref()) {
            Ok(a) if (0..=150).contains(&a) => Some(a),
            _ => {
                self.ctx
                    .at(age.span(), "an age must be between 0 and 150 years");
                None
            }
        }
    }

    fn condition(&mut self, raw: &Spanned<RawCondition>) -> Condition {
        let r = raw.get_ref();
        let c = Condition {
            facts: r.facts.iter().map(|k| self.bool_fact(k)).collect(),
            not_facts: r.not_facts.iter().map(|k| self.bool_fact(k)).collect(),
            nationality: r.nationality.iter().map(|c| self.country(c)).collect(),
            nationality_in: r.nationality_in.as_ref().map(|l| self.list(l)),
            nationality_not_in: r.nationality_not_in.as_ref().map(|l| self.list(l)),
            sponsor_nationality: r
                .sponsor_nationality
                .iter()
                .map(|c| self.country(c))
                .collect(),
            min_age: self.age(&r.min_age),
            max_age: self.age(&r.max_age),
            any: r.any.iter().map(|c| self.condition(c)).collect(),
        };
        if c.is_always() {
            self.ctx.at(
                raw.span(),
                "empty condition: leave out `when` for a line that always applies",
            );
        }
        if let (Some(lo), Some(hi)) = (c.min_age, c.max_age)
            && lo > hi
        {
            self.ctx.at(
                raw.span(),
                format!("min_age {lo} is above max_age {hi}: the condition can never hold"),
            );
        }
        c
    }

    fn amount(&mut self, value: &Spanned<toml::Value>) -> u64 {
        let cents = match value.get_ref() {
            toml::Value::Integer(euros) => euros.checked_mul(100),
            toml::Value::Float(euros) => {
                let cents = (euros * 100.0).round();
                // Amounts are whole cents; 174.005 is a typo, not a fee.
                ((euros * 100.0 - cents).abs() < 1e-6 && cents.abs() < 1e15).then_some(cents as i64)
            }
            _ => None,
        };
        match cents.map(u64::try_from) {
            Some(Ok(c)) => c,
            Some(Err(_)) => {
                self.ctx.at(value.span(), "an amount must not be negative");
                0
            }
            None => {
                self.ctx.at(
                    value.span(),
                    "an amount must be a number of euros, e.g. 174 or 174.50",
                );
                0
            }
        }
    }
}

fn load_form(
    file: &DataFile,
    countries: &Countries,
    documents: &DocumentRules,
) -> Result<Form, FormError> {
    let raw: RawForm = parse(&file.display, &file.text)?;
    let mut fc = FormCtx {
        ctx: Ctx::new(&file.display, &file.text),
        countries,
        documents,
        facts: BTreeMap::new(),
    };
    let number = raw.number.get_ref().clone();
    let stem = file.name.trim_end_matches(".toml");
    if number != stem {
        fc.ctx.at(
            raw.number.span(),
            format!(
                "form number `{number}` does not match the file name `{}`",
                file.name
            ),
        );
    }
    let mut facts = Vec::new();
    for f in &raw.facts {
        let key = f.key.get_ref();
        let valid = !key.is_empty()
            && key
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
        if !valid {
            fc.ctx.at(
                f.key.span(),
                format!("fact key `{key}` must be lower case letters, digits and `_`"),
            );
        }
        if fc.facts.insert(key.clone(), f.kind).is_some() {
            fc.ctx
                .at(f.key.span(), format!("fact `{key}` is declared twice"));
        }
        facts.push(FactDef {
            key: key.clone(),
            kind: f.kind,
            meaning_nl: f.meaning_nl.clone(),
            meaning_en: f.meaning_en.clone(),
        });
    }
    let mvv = MvvRule {
        applies: raw.mvv.applies,
        in_person_if_exempt: raw.mvv.in_person_if_exempt,
        not_needed_when: raw.mvv.not_needed_when.as_ref().map(|c| fc.condition(c)),
        source: raw.mvv.source.clone(),
    };
    let mut checklist = Vec::new();
    for r in &raw.checklist {
        if r.kinds.get_ref().is_empty() {
            fc.ctx
                .at(r.kinds.span(), "a checklist line needs at least one kind");
        }
        checklist.push(Requirement {
            kinds: r.kinds.get_ref().iter().map(|k| fc.kind(k)).collect(),
            when: r
                .when
                .as_ref()
                .map_or_else(Condition::always, |c| fc.condition(c)),
            why_nl: r.why_nl.clone(),
            why_en: r.why_en.clone(),
            source: r.source.clone(),
        });
    }
    let mut fees: Vec<FeeSchedule> = Vec::new();
    let mut dates = BTreeSet::new();
    for s in &raw.fees {
        let valid_from = fc.ctx.date(&s.valid_from);
        if let Some(d) = valid_from
            && !dates.insert(d)
        {
            fc.ctx.at(
                s.valid_from.span(),
                format!("two fee schedules start on {d}; merge them or change one date"),
            );
        }
        let mut ids = BTreeSet::new();
        let mut variants = Vec::new();
        for v in &s.variants {
            if !ids.insert(v.id.get_ref().clone()) {
                fc.ctx.at(
                    v.id.span(),
                    format!(
                        "variant id `{}` is used twice in this schedule",
                        v.id.get_ref()
                    ),
                );
            }
            variants.push(FeeVariant {
                id: v.id.get_ref().clone(),
                amount_cents: fc.amount(&v.amount),
                when: v
                    .when
                    .as_ref()
                    .map_or_else(Condition::always, |c| fc.condition(c)),
                proof: v.proof.iter().map(|k| fc.kind(k)).collect(),
                reason_nl: v.reason_nl.clone(),
                reason_en: v.reason_en.clone(),
            });
        }
        for u in &s.unknown {
            let id = u.get_ref();
            let defined_elsewhere = raw
                .fees
                .iter()
                .any(|o| !std::ptr::eq(o, s) && o.variants.iter().any(|v| v.id.get_ref() == id));
            if ids.contains(id) || !defined_elsewhere {
                fc.ctx.at(
                    u.span(),
                    format!(
                        "`unknown` lists `{id}`, which must be the id of a variant of another \
                         schedule of this form and not one of this schedule"
                    ),
                );
            }
        }
        fees.push(FeeSchedule {
            valid_from: valid_from.unwrap_or_default(),
            source: s.source.clone(),
            base_cents: fc.amount(&s.base),
            variants,
            unknown: s.unknown.iter().map(|u| u.get_ref().clone()).collect(),
            notes: s.notes.clone(),
        });
    }
    fc.ctx.finish()?;
    fees.sort_by_key(|s| s.valid_from);
    Ok(Form {
        number,
        title_nl: raw.title_nl,
        title_en: raw.title_en,
        source: raw.source,
        source_partial: raw.source_partial,
        notes: raw.notes,
        facts,
        checklist,
        fees,
        mvv,
        postal_address: raw.postal_address,
    })
}
