//! F and V rules: what the inspection of each copy found — unreadable files (F003), digital
//! media (F004), unprintable types (F008), page size (F002), resolution (F005), blank pages
//! (F006) and the identifier on every page (V001, V002).
//!
//! The scanner measures; this module decides what is a finding and words it for a volunteer.

use crate::finding::Draft;
use crate::scan::{CopyFacts, FileKind, Identifier, TextLayer, is_a4};

/// Lowest resolution that prints readably (SPEC F005).
pub const MIN_DPI: f64 = 200.0;

/// What the identifier is called in messages.
pub fn identifier_words(id: &Identifier) -> &'static str {
    match id {
        Identifier::VNumber(_) => "the V-number",
        Identifier::VOrClientNumber { .. } => "the V-number or the client number",
        Identifier::ClientNumber(_) => "the client number",
        Identifier::NameAndBirth { .. } => "the applicant's name and date of birth",
        Identifier::Nothing => "the applicant's identifier",
    }
}

/// F004 / F008 for a file of the given kind; true when one was emitted.
pub fn kind_findings(rel: &str, kind: &FileKind, out: &mut Vec<Draft>) -> bool {
    match kind {
        FileKind::Media(what) => {
            out.push(Draft::file(
                "F004",
                rel,
                format!(
                    "{rel} is digital media ({what}): the IND takes no USB sticks, CDs or DVDs \
                     and cannot use it. Leave it out of the envelope; if it matters, print \
                     stills or a transcript instead"
                ),
            ));
            true
        }
        FileKind::Unprintable(what) => {
            out.push(Draft::file(
                "F008",
                rel,
                format!(
                    "{rel} is a {what}, which cannot be printed as it is: open it and print or \
                     save it as PDF, and refer to the PDF in case.toml"
                ),
            ));
            true
        }
        _ => false,
    }
}

fn mm(x: f64) -> String {
    let r = (x * 10.0).round() / 10.0;
    if r.fract() == 0.0 {
        format!("{r:.0}")
    } else {
        format!("{r:.1}")
    }
}

/// Every finding about one referenced copy.
pub fn copy_findings(rel: &str, facts: &CopyFacts, id: &Identifier, out: &mut Vec<Draft>) {
    if let Some(p) = &facts.problem {
        out.push(Draft::file(
            "F003",
            rel,
            format!("{rel} cannot be read: {}", p.message),
        ));
        return;
    }
    if kind_findings(rel, &facts.kind, out) {
        return;
    }
    if facts.kind == FileKind::Unknown {
        out.push(Draft::file(
            "F008",
            rel,
            format!(
                "{rel} is not a PDF, JPEG, PNG or TIFF file and cannot be printed as it is: \
                 save it as PDF and refer to the PDF in case.toml"
            ),
        ));
        return;
    }
    let id_words = identifier_words(id);
    for page in &facts.pages {
        let n = page.number;
        if !is_a4(page.width_mm, page.height_mm) {
            out.push(Draft::page(
                "F002",
                rel,
                n,
                format!(
                    "page {n} of {rel} is {} × {} mm, not A4 (210 × 297 mm): scan or print it \
                     again on A4, or let `dossier prepare` fit it onto A4",
                    mm(page.width_mm),
                    mm(page.height_mm)
                ),
            ));
        }
        // Scanners round: a 1,653-pixel A4 scan is 199.9 dpi and counts as 200.
        if let Some(dpi) = page.dpi
            && dpi.round() < MIN_DPI
        {
            out.push(Draft::page(
                "F005",
                rel,
                n,
                format!(
                    "page {n} of {rel} is scanned at about {:.0} dpi, below {MIN_DPI:.0} dpi: it \
                     may be unreadable when printed. Scan it again at 300 dpi",
                    dpi
                ),
            ));
        }
        if page.blank {
            out.push(Draft::page(
                "F006",
                rel,
                n,
                format!(
                    "page {n} of {rel} looks blank (often the empty back of a double-sided \
                     scan): copies are single-sided, so remove the page"
                ),
            ));
            // A blank page carries no identifier either; one finding is enough.
            continue;
        }
        match page.text {
            TextLayer::Found => {}
            TextLayer::Missing if !matches!(id, Identifier::Nothing) => out.push(Draft::page(
                "V001",
                rel,
                n,
                format!(
                    "page {n} of {rel} has text, but {id_words} is not on it: the IND needs it \
                     on every copy. Write it on the page before scanning, or let `dossier \
                     prepare` stamp it"
                ),
            )),
            TextLayer::Missing => {}
            TextLayer::None => out.push(Draft::page(
                "V002",
                rel,
                n,
                format!(
                    "page {n} of {rel} has no text layer, so {id_words} on it cannot be \
                     verified: check the paper copy, or let `dossier prepare` stamp it"
                ),
            )),
        }
    }
}
