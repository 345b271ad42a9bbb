//! C rules: the case file's own data — form number (C003), facts against the form (C002),
//! identifiers (C005, C006) and country and language codes (C007).

use std::collections::BTreeMap;

use toml::Value;

use crate::case::load::suggest;
use crate::case::{Case, Person};
use crate::finding::Draft;
use crate::form::{FactKind, FactValue, Form, FormSet};

const FILE: &str = "case.toml";

/// C003: the form number is missing or unknown. Returns the form when it is known.
pub fn form<'f>(case: &Case, forms: &'f FormSet, out: &mut Vec<Draft>) -> Option<&'f Form> {
    let Some(number) = case.form.as_deref() else {
        out.push(Draft::file(
            "C003",
            FILE,
            "[case] has no `form`: write the IND form number, e.g. form = \"7018\" \
             (`dossier forms` lists the forms this tool knows)",
        ));
        return None;
    };
    if let Some(f) = forms.get(number) {
        return Some(f);
    }
    let known: Vec<&str> = forms.forms().map(|f| f.number.as_str()).collect();
    let hint = match suggest(number, known.iter().copied()) {
        Some(s) => format!(" Did you mean \"{s}\"?"),
        None => String::new(),
    };
    out.push(Draft::file(
        "C003",
        FILE,
        format!(
            "form \"{number}\" is not a form this tool knows ({}).{hint} Check the number on \
             the IND form; `dossier forms` lists them",
            known.join(", ")
        ),
    ));
    None
}

/// C002: every fact must be declared by the form, with the declared type.
pub fn facts(case: &Case, form: &Form, out: &mut Vec<Draft>) -> BTreeMap<String, FactValue> {
    let mut values = BTreeMap::new();
    for (key, value) in &case.facts {
        let Some(def) = form.fact(key) else {
            let keys: Vec<&str> = form.facts.iter().map(|f| f.key.as_str()).collect();
            let hint = match suggest(key, keys.iter().copied()) {
                Some(s) => format!(" Did you mean `{s}`?"),
                None => String::new(),
            };
            let list = if keys.is_empty() {
                "this form has no facts".to_string()
            } else {
                format!("its facts are: {}", keys.join(", "))
            };
            out.push(Draft::file(
                "C002",
                FILE,
                format!(
                    "[facts] `{key}` is not a fact of form {} ({list}).{hint} A misspelt fact \
                     would silently change the fee, so it is an error",
                    form.number
                ),
            ));
            continue;
        };
        let v = match (def.kind, value) {
            (FactKind::Bool, Value::Boolean(b)) => Some(FactValue::Bool(*b)),
            (FactKind::Integer, Value::Integer(i)) => Some(FactValue::Integer(*i)),
            (FactKind::Text, Value::String(s)) => Some(FactValue::Text(s.clone())),
            (FactKind::Date, Value::Datetime(dt)) => {
                crate::date::from_toml(dt).map(FactValue::Date)
            }
            _ => None,
        };
        match v {
            Some(v) => {
                values.insert(key.clone(), v);
            }
            None => out.push(Draft::file(
                "C002",
                FILE,
                format!(
                    "[facts] `{key}` must be {} for form {}{}",
                    def.kind.name(),
                    form.number,
                    if matches!(value, Value::String(_)) && def.kind == FactKind::Bool {
                        " (write true or false without quotes)"
                    } else {
                        ""
                    }
                ),
            )),
        }
    }
    values
}

/// An identifier without the spaces, dots, hyphens or slashes between its groups.
pub fn compact_digits(s: &str) -> String {
    s.chars()
        .filter(|c| !matches!(c, ' ' | '.' | '-' | '/'))
        .collect()
}

/// C005 and C006. Returns the usable V-number and client number.
pub fn identifiers(
    applicant: &Person,
    v_digits: usize,
    out: &mut Vec<Draft>,
) -> (Option<String>, Option<String>) {
    let v = applicant.v_number.as_deref().and_then(|raw| {
        let d = compact_digits(raw);
        if d.len() == v_digits && d.chars().all(|c| c.is_ascii_digit()) {
            Some(d)
        } else {
            let count = d.chars().filter(char::is_ascii_digit).count();
            let what = if d.chars().all(|c| c.is_ascii_digit()) {
                format!("it has {count} digits")
            } else {
                "it holds characters other than digits".to_string()
            };
            out.push(Draft::file(
                "C005",
                FILE,
                format!(
                    "the applicant's V-number is malformed: {what}, but a V-number has exactly \
                     {v_digits} digits. Copy it from an IND letter or the residence card"
                ),
            ));
            None
        }
    });
    let client = applicant.client_number.as_deref().and_then(|raw| {
        let d = compact_digits(raw);
        if !d.is_empty() && d.chars().all(|c| c.is_ascii_alphanumeric()) {
            Some(d)
        } else {
            out.push(Draft::file(
                "C005",
                FILE,
                "the applicant's client number is malformed: it must be letters and digits only, \
                 as printed on IND letters",
            ));
            None
        }
    });
    if applicant.v_number.is_none() && applicant.client_number.is_none() {
        out.push(Draft::file(
            "C006",
            FILE,
            "the applicant has neither a V-number nor a client number: the applicant's name and \
             date of birth must then stand on every copy (`dossier prepare` stamps them)",
        ));
    }
    (v, client)
}

/// C007: every country and language code must be known.
pub fn codes(case: &Case, forms: &FormSet, out: &mut Vec<Draft>) {
    let c = &forms.countries;
    let country = |code: &str, place: String, file: &str, out: &mut Vec<Draft>| {
        if !c.is_country(code) {
            let hint = match suggest(code, c.country_codes()) {
                Some(s) => format!(" Did you mean \"{s}\" ({})?", c.name(s).unwrap_or(s)),
                None => String::new(),
            };
            out.push(Draft::file(
                "C007",
                file,
                format!(
                    "{place} \"{code}\" is not an ISO 3166-1 two-letter country code.{hint} \
                     Use codes such as TR, MA, SY, NL"
                ),
            ));
        }
    };
    if let Some(n) = case.applicant.nationality.as_deref() {
        country(n, "the applicant's nationality".into(), FILE, out);
    }
    if let Some(n) = case.sponsor.as_ref().and_then(|s| s.nationality.as_deref()) {
        country(n, "the sponsor's nationality".into(), FILE, out);
    }
    for d in &case.documents {
        let file = Some(d.first_file())
            .filter(|f| !f.is_empty())
            .unwrap_or_else(|| FILE.to_string());
        if let Some(code) = d.issued_in.as_deref() {
            country(
                code,
                format!("`issued_in` of document {}", d.number),
                &file,
                out,
            );
        }
        if let Some(lang) = d.language.as_deref()
            && !c.is_language(lang)
        {
            let hint = match suggest(lang, c.language_codes()) {
                Some(s) => format!(" Did you mean \"{s}\"?"),
                None => String::new(),
            };
            out.push(Draft::file(
                "C007",
                file.clone(),
                format!(
                    "`language` of document {} \"{lang}\" is not an ISO 639-1 two-letter \
                     language code.{hint} Use codes such as ar, tr, en, nl",
                    d.number
                ),
            ));
        }
    }
}
