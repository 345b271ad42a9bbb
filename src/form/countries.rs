//! Country and language data: ISO code tables and the dated, sourced country lists the rules
//! need (EU member states, Apostille Convention parties, mvv- and TB-exempt nationalities).
//!
//! Read from `forms/countries.toml` and `forms/languages.toml`. This file answers "is this a
//! code", "is this country on that list on that date" and "what legalisation does a document
//! from there need"; it deliberately does not know about cases or findings, and it does not
//! model per-country exceptions the sources did not give (objections between Apostille parties,
//! countries whose documents cannot be legalised).

use std::collections::{BTreeMap, BTreeSet};

use serde::Deserialize;
use toml::Spanned;
use toml::value::Datetime;

use super::load::{Ctx, parse};
use super::{Date, FormError};

/// What a civil-status document issued in one country needs before it can be used in the
/// Netherlands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Legalisation {
    /// A Dutch document, or a public document of another EU member state under Regulation (EU)
    /// 2016/1191 (from 16 February 2019).
    NotNeeded,
    /// An apostille of the issuing country (Hague Apostille Convention, 1961).
    Apostille,
    /// Legalisation by the issuing country and then by the Dutch mission.
    Full,
}

/// One country list with its source.
#[derive(Debug, Clone, Default)]
struct CountryList {
    members: BTreeSet<String>,
    source: String,
    notes: Vec<String>,
}

/// The country and language data.
#[derive(Debug, Clone)]
pub struct Countries {
    countries: BTreeMap<String, String>,
    countries_source: String,
    code_notes: Vec<String>,
    languages: BTreeMap<String, String>,
    languages_source: String,
    eu: CountryList,
    mvv_exempt: CountryList,
    tb_exempt: CountryList,
    /// Party code → the date the convention entered into force for it, when the sources give it.
    apostille: BTreeMap<String, Option<Date>>,
    apostille_source: String,
    apostille_notes: Vec<String>,
    eu_public_documents_from: Date,
    eu_public_documents_source: String,
    /// Regions of member states with codes of their own (Réunion, ...) where EU public documents
    /// are issued too.
    eu_regions: BTreeSet<String>,
    /// Countries whose civil-status documents the Dutch embassy no longer legalises, from the
    /// date given: the chain ends at the country's own Ministry of Foreign Affairs.
    no_embassy: BTreeMap<String, Option<Date>>,
    no_embassy_source: String,
    no_embassy_notes: Vec<String>,
}

impl Countries {
    /// Whether `code` is a country code of the data (ISO 3166-1 alpha-2, upper case).
    pub fn is_country(&self, code: &str) -> bool {
        self.countries.contains_key(code)
    }

    /// Whether `code` is a language code of the data (ISO 639-1, lower case).
    pub fn is_language(&self, code: &str) -> bool {
        self.languages.contains_key(code)
    }

    /// Every country code, sorted (for "did you mean").
    pub fn country_codes(&self) -> impl Iterator<Item = &str> {
        self.countries.keys().map(String::as_str)
    }

    /// Every language code, sorted (for "did you mean").
    pub fn language_codes(&self) -> impl Iterator<Item = &str> {
        self.languages.keys().map(String::as_str)
    }

    /// The English name of country `code`.
    pub fn name(&self, code: &str) -> Option<&str> {
        self.countries.get(code).map(String::as_str)
    }

    /// The English name of language `code`.
    pub fn language_name(&self, code: &str) -> Option<&str> {
        self.languages.get(code).map(String::as_str)
    }

    /// Whether `code` is an EU member state.
    pub fn is_eu(&self, code: &str) -> bool {
        self.eu.members.contains(code)
    }

    /// Whether `code` was party to the Apostille Convention on `on`. A party whose date of
    /// joining the sources do not give counts as a party on every date.
    pub fn apostille_party_on(&self, code: &str, on: Date) -> bool {
        match self.apostille.get(code) {
            Some(Some(since)) => *since <= on,
            Some(None) => true,
            None => false,
        }
    }

    /// Whether the Dutch embassy no longer legalises civil-status documents from `code` on `on`
    /// (the legalisation then ends at the country's Ministry of Foreign Affairs).
    pub fn embassy_stopped_legalising(&self, code: &str, on: Date) -> Option<Date> {
        match self.no_embassy.get(code) {
            Some(Some(since)) if *since <= on => Some(*since),
            _ => None,
        }
    }

    /// The date the Apostille Convention entered into force for `code`, when known.
    pub fn apostille_since(&self, code: &str) -> Option<Date> {
        self.apostille.get(code).copied().flatten()
    }

    /// Whether nationals of `code` need no mvv (IND list, EU/EEA included).
    pub fn mvv_exempt(&self, code: &str) -> bool {
        self.mvv_exempt.members.contains(code)
    }

    /// Whether nationals of `code` need no TB test (annex 7144-05).
    pub fn tb_exempt(&self, code: &str) -> bool {
        self.tb_exempt.members.contains(code)
    }

    /// What a civil-status document issued in `code` needs for use in the Netherlands on `on`.
    pub fn legalisation_needed(&self, code: &str, on: Date) -> Legalisation {
        let eu_document = self.is_eu(code) || self.eu_regions.contains(code);
        if code == "NL" || (eu_document && on >= self.eu_public_documents_from) {
            Legalisation::NotNeeded
        } else if self.apostille_party_on(code, on) {
            Legalisation::Apostille
        } else {
            Legalisation::Full
        }
    }

    /// Whether `code` is on the named list: `eu`, `mvv-exempt`, `tb-exempt` or `apostille`
    /// (a party on any date). Unknown list names hold for no country.
    pub fn in_list(&self, list: &str, code: &str) -> bool {
        match list {
            "eu" => self.is_eu(code),
            "mvv-exempt" => self.mvv_exempt(code),
            "tb-exempt" => self.tb_exempt(code),
            "apostille" => self.apostille.contains_key(code),
            _ => false,
        }
    }

    /// Where each part of the data comes from, as (part, source) lines for `dossier forms`.
    pub fn sources(&self) -> Vec<(&'static str, &str)> {
        vec![
            ("country codes", self.countries_source.as_str()),
            ("language codes", self.languages_source.as_str()),
            ("EU member states", self.eu.source.as_str()),
            ("mvv-exempt nationalities", self.mvv_exempt.source.as_str()),
            ("TB-exempt nationalities", self.tb_exempt.source.as_str()),
            (
                "Apostille Convention parties",
                self.apostille_source.as_str(),
            ),
            (
                "EU public documents (no legalisation)",
                self.eu_public_documents_source.as_str(),
            ),
            (
                "No legalisation by the Dutch embassy",
                self.no_embassy_source.as_str(),
            ),
        ]
    }

    /// What is assumed or missing in the country lists.
    pub fn notes(&self) -> Vec<&str> {
        [&self.eu, &self.mvv_exempt, &self.tb_exempt]
            .into_iter()
            .flat_map(|l| l.notes.iter())
            .chain(&self.apostille_notes)
            .chain(&self.no_embassy_notes)
            .chain(&self.code_notes)
            .map(String::as_str)
            .collect()
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCountries {
    countries: RawCodes,
    eu: RawList,
    mvv_exempt: RawList,
    tb_exempt: RawList,
    apostille: RawDatedList,
    eu_public_documents: RawEuDocuments,
    no_embassy_legalisation: RawDatedList,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCodes {
    source: String,
    #[serde(default)]
    notes: Vec<String>,
    names: BTreeMap<Spanned<String>, String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawList {
    source: String,
    #[serde(default)]
    notes: Vec<String>,
    members: Vec<Spanned<String>>,
}

/// Countries with an optional date each, with the list's source and notes.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawDatedList {
    source: String,
    #[serde(default)]
    notes: Vec<String>,
    parties: Vec<RawParty>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawParty {
    code: Spanned<String>,
    since: Option<Spanned<Datetime>>,
    #[serde(default)]
    #[expect(dead_code, reason = "documentation for readers of the data file")]
    note: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawEuDocuments {
    from: Spanned<Datetime>,
    source: String,
    /// Parts of member states outside Europe with country codes of their own, where the
    /// regulation applies too.
    #[serde(default)]
    regions: Vec<Spanned<String>>,
}

fn codes(
    ctx: &mut Ctx,
    raw: &RawCodes,
    well_formed: fn(&str) -> bool,
    what: &str,
) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    for (code, name) in &raw.names {
        if !well_formed(code.get_ref()) {
            ctx.at(code.span(), format!("`{}` is not {what}", code.get_ref()));
        }
        out.insert(code.get_ref().clone(), name.clone());
    }
    out
}

fn list(ctx: &mut Ctx, raw: &RawList, known: &BTreeMap<String, String>) -> CountryList {
    CountryList {
        members: code_set(ctx, &raw.members, known),
        source: raw.source.clone(),
        notes: raw.notes.clone(),
    }
}

/// Codes that must be country codes of the data, each listed once.
fn code_set(
    ctx: &mut Ctx,
    codes: &[Spanned<String>],
    known: &BTreeMap<String, String>,
) -> BTreeSet<String> {
    let mut members = BTreeSet::new();
    for code in codes {
        known_code(ctx, code, known);
        if !members.insert(code.get_ref().clone()) {
            ctx.at(code.span(), format!("`{}` is listed twice", code.get_ref()));
        }
    }
    members
}

/// Countries with an optional date each (Apostille parties, countries without embassy
/// legalisation), each listed once.
fn dated_codes(
    ctx: &mut Ctx,
    parties: &[RawParty],
    known: &BTreeMap<String, String>,
) -> BTreeMap<String, Option<Date>> {
    let mut dated = BTreeMap::new();
    for p in parties {
        known_code(ctx, &p.code, known);
        let since = p.since.as_ref().and_then(|d| ctx.date(d));
        if dated.insert(p.code.get_ref().clone(), since).is_some() {
            ctx.at(
                p.code.span(),
                format!("`{}` is listed twice", p.code.get_ref()),
            );
        }
    }
    dated
}

fn known_code(ctx: &mut Ctx, code: &Spanned<String>, known: &BTreeMap<String, String>) {
    if !known.contains_key(code.get_ref()) {
        ctx.at(
            code.span(),
            format!(
                "`{}` is not a country code of [countries.names]",
                code.get_ref()
            ),
        );
    }
}

/// Reads the country file and the language file, each given as (name for messages, text).
pub(super) fn load(
    (countries_file, countries_text): (&str, &str),
    (languages_file, languages_text): (&str, &str),
) -> Result<Countries, FormError> {
    let raw_languages: RawCodes = parse(languages_file, languages_text)?;
    let mut ctx = Ctx::new(languages_file, languages_text);
    let languages = codes(
        &mut ctx,
        &raw_languages,
        |c| c.len() == 2 && c.bytes().all(|b| b.is_ascii_lowercase()),
        "an ISO 639-1 code (two lower-case letters)",
    );
    ctx.finish()?;

    let raw: RawCountries = parse(countries_file, countries_text)?;
    let mut ctx = Ctx::new(countries_file, countries_text);
    let countries = codes(
        &mut ctx,
        &raw.countries,
        |c| c.len() == 2 && c.bytes().all(|b| b.is_ascii_uppercase()),
        "an ISO 3166-1 alpha-2 code (two upper-case letters)",
    );
    let eu = list(&mut ctx, &raw.eu, &countries);
    let mvv_exempt = list(&mut ctx, &raw.mvv_exempt, &countries);
    let tb_exempt = list(&mut ctx, &raw.tb_exempt, &countries);
    let apostille = dated_codes(&mut ctx, &raw.apostille.parties, &countries);
    let no_embassy = dated_codes(&mut ctx, &raw.no_embassy_legalisation.parties, &countries);
    let eu_public_documents_from = ctx.date(&raw.eu_public_documents.from);
    let eu_regions = code_set(&mut ctx, &raw.eu_public_documents.regions, &countries);
    ctx.finish()?;
    Ok(Countries {
        countries,
        countries_source: raw.countries.source,
        code_notes: raw
            .countries
            .notes
            .into_iter()
            .chain(raw_languages.notes)
            .collect(),
        languages,
        languages_source: raw_languages.source,
        eu,
        mvv_exempt,
        tb_exempt,
        apostille,
        apostille_source: raw.apostille.source,
        apostille_notes: raw.apostille.notes,
        eu_public_documents_from: eu_public_documents_from.unwrap_or_default(),
        eu_public_documents_source: raw.eu_public_documents.source,
        eu_regions,
        no_embassy,
        no_embassy_source: raw.no_embassy_legalisation.source,
        no_embassy_notes: raw.no_embassy_legalisation.notes,
    })
}
