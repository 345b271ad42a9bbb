//! Document data: the document kinds with their Dutch and English labels, and the rules that
//! depend only on a document's kind (civil-status or not, exempt from the language rule,
//! maximum age), plus the accepted languages and the V-number format.
//!
//! Read from `forms/documents.toml`. It deliberately holds no per-form requirements (those are
//! in the form files) and does not inspect documents.

use std::collections::BTreeSet;

use serde::Deserialize;
use toml::Spanned;

use super::load::{Ctx, parse};
use super::{Countries, FormError};

/// A document kind with its labels for cover sheets and messages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KindLabel {
    /// The kind as `case.toml` writes it, e.g. `"birth-certificate"`.
    pub kind: String,
    /// Dutch label, e.g. "geboorteakte".
    pub nl: String,
    /// English label, e.g. "birth certificate".
    pub en: String,
}

/// The longest time between a document's issue and the submission date.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MaxAge {
    /// The document kind.
    pub kind: String,
    /// Calendar months.
    pub months: u32,
    /// Where the limit comes from.
    pub source: String,
}

/// Rules that depend only on a document's kind.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocumentRules {
    /// Official civil-status kinds: they need `issued_in`, `language` and `legalisation`.
    pub civil_status: Vec<String>,
    /// Kinds exempt from the language rule (passport, ID card).
    pub language_exempt: Vec<String>,
    /// Languages the IND accepts without translation (ISO 639-1).
    pub accepted_languages: Vec<String>,
    /// Maximum ages by kind.
    pub max_age: Vec<MaxAge>,
    /// The number of digits of a V-number.
    pub v_number_digits: usize,
    /// Whether the V-number format is confirmed by a primary source (it is not: see the data).
    pub v_number_status: String,
    /// Every document kind with its labels.
    pub kinds: Vec<KindLabel>,
}

impl DocumentRules {
    /// Whether `kind` is a document kind of the data.
    pub fn is_known_kind(&self, kind: &str) -> bool {
        self.kinds.iter().any(|k| k.kind == kind)
    }

    /// The label of `kind` in `language` (`"nl"` or `"en"`; other languages get English);
    /// an unknown kind is returned as it is.
    pub fn label(&self, kind: &str, language: &str) -> String {
        match self.kinds.iter().find(|k| k.kind == kind) {
            Some(k) if language.eq_ignore_ascii_case("nl") => k.nl.clone(),
            Some(k) => k.en.clone(),
            None => kind.to_string(),
        }
    }

    /// Whether `kind` is an official civil-status document.
    pub fn is_civil_status(&self, kind: &str) -> bool {
        self.civil_status.iter().any(|k| k == kind)
    }

    /// Whether `kind` is exempt from the language rule.
    pub fn is_language_exempt(&self, kind: &str) -> bool {
        self.language_exempt.iter().any(|k| k == kind)
    }

    /// Whether the IND accepts documents in `language` without translation.
    pub fn is_accepted_language(&self, language: &str) -> bool {
        self.accepted_languages.iter().any(|l| l == language)
    }

    /// The maximum age of `kind`, if it has one.
    pub fn max_age_of(&self, kind: &str) -> Option<&MaxAge> {
        self.max_age.iter().find(|m| m.kind == kind)
    }

    /// Whether `v` has the V-number format of the data (exactly `v_number_digits` ASCII digits).
    pub fn is_v_number(&self, v: &str) -> bool {
        v.len() == self.v_number_digits && v.bytes().all(|b| b.is_ascii_digit())
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawDocuments {
    #[expect(dead_code, reason = "documentation for readers of the data file")]
    source: String,
    civil_status: Vec<Spanned<String>>,
    language_exempt: Vec<Spanned<String>>,
    accepted_languages: RawLanguages,
    v_number: RawVNumber,
    #[serde(default)]
    max_age: Vec<RawMaxAge>,
    kinds: Vec<RawKind>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawLanguages {
    codes: Vec<Spanned<String>>,
    #[expect(dead_code, reason = "documentation for readers of the data file")]
    source: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawVNumber {
    digits: Spanned<i64>,
    status: String,
    #[expect(dead_code, reason = "documentation for readers of the data file")]
    source: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawMaxAge {
    kind: Spanned<String>,
    months: Spanned<i64>,
    source: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawKind {
    kind: Spanned<String>,
    nl: String,
    en: String,
}

/// Reads the document file; languages are checked against `countries`.
pub(super) fn load(
    file: &str,
    text: &str,
    countries: &Countries,
) -> Result<DocumentRules, FormError> {
    let raw: RawDocuments = parse(file, text)?;
    let mut ctx = Ctx::new(file, text);
    let mut seen = BTreeSet::new();
    let mut kinds = Vec::new();
    for k in &raw.kinds {
        let name = k.kind.get_ref();
        let well_formed = !name.is_empty()
            && name
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
        if !well_formed {
            ctx.at(
                k.kind.span(),
                format!("kind `{name}` must be lower case letters, digits and `-`"),
            );
        }
        if !seen.insert(name.clone()) {
            ctx.at(k.kind.span(), format!("kind `{name}` is listed twice"));
        }
        kinds.push(KindLabel {
            kind: name.clone(),
            nl: k.nl.clone(),
            en: k.en.clone(),
        });
    }
    let known = |ctx: &mut Ctx, k: &Spanned<String>| {
        if !seen.contains(k.get_ref()) {
            ctx.at(
                k.span(),
                format!("`{}` is not a kind listed in [[kinds]]", k.get_ref()),
            );
        }
        k.get_ref().clone()
    };
    let civil_status = raw
        .civil_status
        .iter()
        .map(|k| known(&mut ctx, k))
        .collect();
    let language_exempt = raw
        .language_exempt
        .iter()
        .map(|k| known(&mut ctx, k))
        .collect();
    let mut max_age = Vec::new();
    for m in &raw.max_age {
        let kind = known(&mut ctx, &m.kind);
        let months = match u32::try_from(*m.months.get_ref()) {
            Ok(n) if n > 0 => n,
            _ => {
                ctx.at(m.months.span(), "months must be a whole number above 0");
                0
            }
        };
        max_age.push(MaxAge {
            kind,
            months,
            source: m.source.clone(),
        });
    }
    let mut accepted_languages = Vec::new();
    for l in &raw.accepted_languages.codes {
        if !countries.is_language(l.get_ref()) {
            ctx.at(
                l.span(),
                format!("`{}` is not an ISO 639-1 language code", l.get_ref()),
            );
        }
        accepted_languages.push(l.get_ref().clone());
    }
    let v_number_digits = match usize::try_from(*raw.v_number.digits.get_ref()) {
        Ok(n) if (1..=32).contains(&n) => n,
        _ => {
            ctx.at(
                raw.v_number.digits.span(),
                "digits must be between 1 and 32",
            );
            10
        }
    };
    ctx.finish()?;
    Ok(DocumentRules {
        civil_status,
        language_exempt,
        accepted_languages,
        max_age,
        v_number_digits,
        v_number_status: raw.v_number.status,
        kinds,
    })
}
