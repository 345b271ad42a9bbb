//! Plain-text descriptions of the form data for `dossier forms` and `dossier fees`: English,
//! for a terminal, built from the data alone.
//!
//! It deliberately does not print (the command layer does) and does not describe one case's fee
//! (the fee summary of `render` does that from a `FeeOutcome`).

use std::fmt::Write as _;

use super::{Date, FeeSchedule, Form, FormSet};

/// An amount in euro cents as `€174` or `€174.50`.
pub fn format_eur(cents: u64) -> String {
    if cents.is_multiple_of(100) {
        format!("€{}", cents / 100)
    } else {
        format!("€{}.{:02}", cents / 100, cents % 100)
    }
}

/// One line per form: number, Dutch title, English title.
pub fn describe_forms(set: &FormSet) -> String {
    let mut out = String::new();
    for form in set.forms() {
        let partial = if form.source_partial {
            "  [sources partial]"
        } else {
            ""
        };
        let _ = writeln!(
            out,
            "{}  {} / {}{partial}",
            form.number, form.title_nl, form.title_en
        );
    }
    out
}

/// Where the country and document data come from, with what is assumed or missing in them.
pub fn describe_sources(set: &FormSet) -> String {
    let mut out = String::from("Country and document data:\n");
    for (part, source) in set.countries.sources() {
        let _ = writeln!(out, "  {part}: {source}");
    }
    let _ = writeln!(
        out,
        "  V-number: {} digits ({})",
        set.documents.v_number_digits, set.documents.v_number_status
    );
    for m in &set.documents.max_age {
        let _ = writeln!(
            out,
            "  maximum age of {}: {} months ({})",
            m.kind, m.months, m.source
        );
    }
    for note in set.countries.notes() {
        let _ = writeln!(out, "  note: {note}");
    }
    out
}

/// One form in full: facts, checklist with conditions, mvv rule, postal address and every fee
/// schedule.
pub fn describe_form(set: &FormSet, form: &Form) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "Form {}: {}", form.number, form.title_en);
    let _ = writeln!(out, "  ({})", form.title_nl);
    let _ = writeln!(out, "Source: {}", form.source);
    if form.source_partial {
        let _ = writeln!(
            out,
            "The sources are partial: the checklist may be incomplete."
        );
    }
    for note in &form.notes {
        let _ = writeln!(out, "Note: {note}");
    }

    let _ = writeln!(
        out,
        "\nFacts ([facts] in case.toml; a true/false fact left out is false):"
    );
    if form.facts.is_empty() {
        let _ = writeln!(out, "  (none)");
    }
    for f in &form.facts {
        let _ = writeln!(out, "  {} ({}): {}", f.key, f.kind.name(), f.meaning_en);
    }

    let _ = writeln!(out, "\nDocuments to enclose:");
    for (i, r) in form.checklist.iter().enumerate() {
        let kinds: Vec<String> = r.kinds.iter().map(|k| k.to_string()).collect();
        let _ = writeln!(out, "  {:>2}. {}: {}", i + 1, kinds.join(" or "), r.why_en);
        if !r.when.is_always() {
            let _ = writeln!(out, "      only when {}", r.when.describe());
        }
    }
    let labels: Vec<String> = set
        .documents
        .max_age
        .iter()
        .map(|m| format!("{} {} months", m.kind, m.months))
        .collect();
    if !labels.is_empty() {
        let _ = writeln!(
            out,
            "  Maximum age on the submission date: {}.",
            labels.join("; ")
        );
    }

    let _ = writeln!(out, "\nMvv (entry visa):");
    if form.mvv.applies {
        let _ = writeln!(
            out,
            "  needed unless the applicant's nationality is on the mvv-exemption list"
        );
        if let Some(c) = &form.mvv.not_needed_when {
            let _ = writeln!(out, "  not needed when {}", c.describe());
        }
        if form.mvv.in_person_if_exempt {
            let _ = writeln!(
                out,
                "  relying on the nationality exemption: file in person at an IND desk, not by post"
            );
        }
    } else {
        let _ = writeln!(out, "  not needed for this purpose");
    }
    let _ = writeln!(out, "  Source: {}", form.mvv.source);

    let _ = writeln!(out, "\nPost to:");
    for line in &form.postal_address {
        let _ = writeln!(out, "  {line}");
    }

    let _ = writeln!(out, "\nFee schedules:");
    if form.fees.is_empty() {
        let _ = writeln!(out, "  (none known)");
    }
    for s in &form.fees {
        schedule(&mut out, s);
    }
    out
}

/// The schedule of `form` in force on `on`, with every variant, its condition and its proof.
pub fn describe_fees(form: &Form, on: Date) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "Form {}: {}", form.number, form.title_en);
    match form.schedule_on(on) {
        Some(s) => {
            let _ = writeln!(out, "Fee schedule in force on {on}:");
            schedule(&mut out, s);
            if let Some(newest) = form.newest_schedule()
                && newest.valid_from > s.valid_from
            {
                let _ = writeln!(
                    out,
                    "  (a newer schedule starts on {}: run with --on {} to see it)",
                    newest.valid_from, newest.valid_from
                );
            }
        }
        None => {
            let _ = match form.fees.first() {
                Some(first) => writeln!(
                    out,
                    "No fee schedule is known for {on}; the oldest starts on {}.",
                    first.valid_from
                ),
                None => writeln!(out, "No fee schedule is known for this form."),
            };
        }
    }
    out
}

fn schedule(out: &mut String, s: &FeeSchedule) {
    let _ = writeln!(
        out,
        "  from {}: {} (base fee)",
        s.valid_from,
        format_eur(s.base_cents)
    );
    let _ = writeln!(out, "    source: {}", s.source);
    if !s.variants.is_empty() {
        let _ = writeln!(
            out,
            "    instead of the base fee (when several apply, the lowest wins):"
        );
    }
    if !s.unknown.is_empty() {
        let _ = writeln!(
            out,
            "    amount not in the sources (the fee is unknown for a case they apply to): {}",
            s.unknown.join(", ")
        );
    }
    for v in &s.variants {
        let _ = writeln!(
            out,
            "    - {} {}: {}",
            format_eur(v.amount_cents),
            v.id,
            v.reason_en
        );
        if !v.when.is_always() {
            let _ = writeln!(out, "        when {}", v.when.describe());
        }
        if !v.proof.is_empty() {
            let _ = writeln!(out, "        proof to enclose: {}", v.proof.join(" and "));
        }
    }
    for note in &s.notes {
        let _ = writeln!(out, "    note: {note}");
    }
}
