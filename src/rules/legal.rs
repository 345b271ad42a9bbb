//! L rules: legalisation, apostille and translation of foreign official documents
//! (L001–L005), and the civil-status data those rules need (C004).
//!
//! What a country requires is data (`forms/countries.toml`); this module only compares the
//! claim in `case.toml` with it.

use crate::case::{Case, Document, Legalisation, Translator};
use crate::date::Date;
use crate::finding::Draft;
use crate::form::{self, FormSet};

/// Runs L001–L005 and the civil-status part of C004 on every document.
pub fn check(case: &Case, forms: &FormSet, out: &mut Vec<Draft>) {
    for d in &case.documents {
        document(d, case.submit_on, forms, out);
    }
}

fn label(d: &Document) -> String {
    let kind = d.kind.as_deref().unwrap_or("document");
    let file = d.files.first().map(String::as_str).unwrap_or("");
    if file.is_empty() {
        format!("document {} ({kind})", d.number)
    } else {
        format!("the {kind} ({file})")
    }
}

fn document(d: &Document, on: Date, forms: &FormSet, out: &mut Vec<Draft>) {
    let rules = &forms.documents;
    let Some(kind) = d.kind.as_deref() else {
        return;
    };
    let civil = rules.is_civil_status(kind);
    let file = d.first_file();
    if civil {
        let missing: Vec<&str> = [
            ("issued_in", d.issued_in.is_none()),
            ("language", d.language.is_none()),
            ("legalisation", d.legalisation.is_none()),
        ]
        .iter()
        .filter(|(_, m)| *m)
        .map(|(k, _)| *k)
        .collect();
        if !missing.is_empty() {
            out.push(Draft::file(
                "C004",
                file.clone(),
                format!(
                    "document {} is a civil-status document ({kind}) but has no {}: without them \
                     its legalisation and translation cannot be judged. Add them to its \
                     [[documents]] entry",
                    d.number,
                    missing.join(", ")
                ),
            ));
        }
        // A civil-status document with a maximum age (the unmarried declaration: at most 6
        // months, DOMAIN 3a) is judged by its date of issue, so that date is required data.
        if let Some(rule) = rules.max_age.iter().find(|m| m.kind == kind)
            && d.issued_on.is_none()
        {
            out.push(Draft::file(
                "C004",
                file.clone(),
                format!(
                    "document {} ({kind}) has no issued_on: the IND accepts it only up to {} \
                     months old, so its date of issue is needed. Add issued_on = yyyy-mm-dd to \
                     its [[documents]] entry",
                    d.number, rule.months
                ),
            ));
        }
    }
    let countries = &forms.countries;
    if civil
        && let (Some(country), Some(claim)) = (d.issued_in.as_deref(), d.legalisation)
        && country != "NL"
        && countries.is_country(country)
    {
        let name = countries.name(country).unwrap_or(country);
        let needed = countries.legalisation_needed(country, on);
        // Who legalises: the country's ministry, then the Dutch embassy, unless the embassy
        // stopped legalising documents from there.
        let chain = match countries.embassy_stopped_legalising(country, on) {
            Some(since) => format!(
                "by {name}'s Ministry of Foreign Affairs (since {since} the Dutch embassy no \
                 longer legalises civil-status documents from {name}: the ministry's \
                 legalisation is the last step, and the IND judges the document itself)"
            ),
            None => format!(
                "by {name}'s Ministry of Foreign Affairs and then by the Dutch embassy or \
                 consulate"
            ),
        };
        let party = countries.apostille_party_on(country, on);
        if claim == Legalisation::Apostille
            && !party
            && !matches!(needed, form::Legalisation::NotNeeded)
        {
            out.push(Draft::file(
                "L002",
                file.clone(),
                format!(
                    "{} claims an apostille, but {name} is not a party to the Apostille \
                     Convention on {on} in dossier's country list: an apostille from a \
                     non-party is not valid in the Netherlands. Have it legalised {chain}, then \
                     set legalisation = \"legalised\". The list misses parties that joined \
                     recently (`dossier forms` names its sources): if {name} had joined by \
                     {on} (see the HCCH status table, \
                     https://www.hcch.net/en/instruments/conventions/status-table/?cid=41), \
                     waive this finding with that as the reason",
                    label(d)
                ),
            ));
        } else {
            let ok = match needed {
                form::Legalisation::NotNeeded => true,
                form::Legalisation::Apostille => {
                    matches!(claim, Legalisation::Apostille | Legalisation::Legalised)
                }
                form::Legalisation::Full => claim == Legalisation::Legalised,
            };
            if !ok {
                let how = match needed {
                    form::Legalisation::Apostille => format!(
                        "{name} is a party to the Apostille Convention: get an apostille from \
                         the competent authority in {name}"
                    ),
                    _ => format!("documents from {name} must be legalised {chain}"),
                };
                let claimed = match claim {
                    Legalisation::None => "is not legalised",
                    Legalisation::Exempt => "is marked exempt, but it is not",
                    _ => "is not legalised as required",
                };
                out.push(Draft::file(
                    "L001",
                    file.clone(),
                    format!("{} from {name} {claimed}: {how}", label(d)),
                ));
            }
        }
    }
    // Language and translation.
    let language_exempt = rules.language_exempt.iter().any(|k| k == kind);
    if let Some(lang) = d.language.as_deref()
        && !language_exempt
        && countries.is_language(lang)
        && !rules.accepted_languages.iter().any(|l| l == lang)
        && d.translation.is_empty()
    {
        out.push(Draft::file(
            "L003",
            file.clone(),
            format!(
                "{} is written in \"{lang}\", and the IND only reads Dutch, English, French or \
                 German: enclose a translation by a sworn translator and list its files under \
                 `translation`",
                label(d)
            ),
        ));
    }
    if !d.translation.is_empty() {
        let tfile = crate::case::paths::normalise_rel(&d.translation[0]);
        match d.translator {
            None | Some(Translator::Other) => out.push(Draft::file(
                "L004",
                tfile,
                format!(
                    "the translation of {} is not by a Dutch sworn translator nor by a \
                     translator abroad ({}): have it translated by a sworn translator \
                     (beëdigd vertaler) and set translator = \"sworn\"",
                    label(d),
                    if d.translator.is_none() {
                        "`translator` is not given"
                    } else {
                        "translator = \"other\""
                    }
                ),
            )),
            Some(Translator::Foreign) => {
                let legal = matches!(
                    d.translation_legalisation,
                    Some(Legalisation::Apostille | Legalisation::Legalised)
                );
                if !legal {
                    out.push(Draft::file(
                        "L005",
                        tfile,
                        format!(
                            "the translation of {} was made abroad but is not itself legalised \
                             or apostilled: have the translation legalised or apostilled in \
                             the country where it was made, or use a Dutch sworn translator",
                            label(d)
                        ),
                    ));
                }
            }
            Some(Translator::Sworn) => {}
        }
    }
}
