//! Measuring harness for `dossier::scan`: walks a tree, inspects every PDF, JPEG, PNG and TIFF
//! in parallel with rayon (with the V-number of the nearest `case.toml`), and prints totals and
//! the elapsed time. It is a tool for timing and spot checks, not the `check` command: it
//! applies no rules and writes no report.
//!
//! Usage: `cargo run --release --example scan_tree -- ROOT [--jobs N] [--list]`
//! `--list` prints one line per notable page or file (path, page, what), for comparing with a
//! corpus's list of deliberate defects.
#![expect(
    clippy::print_stdout,
    clippy::print_stderr,
    reason = "a command-line harness reports on the terminal"
)]

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Instant;

use dossier::scan::{self, CopyFacts, Identifier, Limits, TextLayer};
use rayon::prelude::*;

fn main() {
    let mut args = std::env::args().skip(1);
    let mut root: Option<PathBuf> = None;
    let mut jobs = 0usize;
    let mut list = false;
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--jobs" => jobs = args.next().and_then(|j| j.parse().ok()).unwrap_or(0),
            "--list" => list = true,
            other => root = Some(PathBuf::from(other)),
        }
    }
    let Some(root) = root else {
        eprintln!("usage: scan_tree ROOT [--jobs N] [--list]");
        std::process::exit(2);
    };
    if jobs > 0 {
        // Ignoring the error keeps rayon's default pool if one was already built.
        let _ = rayon::ThreadPoolBuilder::new()
            .num_threads(jobs)
            .build_global();
    }
    let started = Instant::now();
    let mut cases: HashMap<PathBuf, Identifier> = HashMap::new();
    let mut copies: Vec<PathBuf> = Vec::new();
    for entry in walkdir::WalkDir::new(&root).into_iter().flatten() {
        if !entry.file_type().is_file() {
            continue;
        }
        let path = entry.path();
        if path.file_name().is_some_and(|n| n == "case.toml") {
            if let Some(dir) = path.parent() {
                cases.insert(dir.to_path_buf(), identifier(path));
            }
            continue;
        }
        let ext = path
            .extension()
            .map(|e| e.to_string_lossy().to_lowercase())
            .unwrap_or_default();
        if matches!(
            ext.as_str(),
            "pdf" | "jpg" | "jpeg" | "png" | "tif" | "tiff"
        ) {
            copies.push(path.to_path_buf());
        }
    }
    let limits = Limits::default();
    let bytes = AtomicU64::new(0);
    let results: Vec<(PathBuf, CopyFacts)> = copies
        .par_iter()
        .map(|path| {
            let id = case_of(path, &cases).unwrap_or(&Identifier::Nothing);
            let facts = scan::inspect_copy(path, id, &limits);
            bytes.fetch_add(facts.bytes, Ordering::Relaxed);
            (path.clone(), facts)
        })
        .collect();
    let elapsed = started.elapsed();

    let mut pages = 0usize;
    let (mut not_a4, mut low_dpi, mut blank) = (0usize, 0usize, 0usize);
    let (mut found, mut missing, mut none) = (0usize, 0usize, 0usize);
    let mut problems: HashMap<String, usize> = HashMap::new();
    for (path, facts) in &results {
        let shown = path.strip_prefix(&root).unwrap_or(path).display();
        if let Some(p) = &facts.problem {
            *problems.entry(format!("{:?}", p.kind)).or_default() += 1;
            if list {
                println!("{shown}\t-\tproblem {:?}: {}", p.kind, p.message);
            }
        }
        for page in &facts.pages {
            pages += 1;
            let mut notes = Vec::new();
            if !scan::is_a4(page.width_mm, page.height_mm) {
                not_a4 += 1;
                notes.push(format!(
                    "not A4 {:.1} x {:.1} mm",
                    page.width_mm, page.height_mm
                ));
            }
            if page.dpi.is_some_and(|d| d < 200.0) {
                low_dpi += 1;
                notes.push(format!("{:.0} dpi", page.dpi.unwrap_or_default()));
            }
            if page.blank {
                blank += 1;
                notes.push("blank".into());
            }
            match page.text {
                TextLayer::Found => found += 1,
                TextLayer::Missing => {
                    missing += 1;
                    notes.push("text lacks identifier".into());
                }
                TextLayer::None => none += 1,
            }
            if list && !notes.is_empty() {
                println!("{shown}\t{}\t{}", page.number, notes.join("; "));
            }
        }
    }
    let mut problems: Vec<_> = problems.into_iter().collect();
    problems.sort();
    eprintln!(
        "{} copies, {:.1} MB, {pages} pages in {:.2} s ({} cases)",
        results.len(),
        bytes.load(Ordering::Relaxed) as f64 / 1e6,
        elapsed.as_secs_f64(),
        cases.len()
    );
    eprintln!(
        "pages: {not_a4} not A4, {low_dpi} below 200 dpi, {blank} blank; \
         text layer: {found} with identifier, {missing} without, {none} none"
    );
    eprintln!("problems: {problems:?}");
}

/// The identifier a case's copies must carry, from its `case.toml`.
fn identifier(case_toml: &Path) -> Identifier {
    let Ok(text) = std::fs::read_to_string(case_toml) else {
        return Identifier::Nothing;
    };
    let Ok(table) = text.parse::<toml::Table>() else {
        return Identifier::Nothing;
    };
    let applicant = table.get("applicant").and_then(|a| a.as_table());
    let field = |k: &str| applicant.and_then(|a| a.get(k)).and_then(|v| v.as_str());
    if let Some(v) = field("v_number") {
        return Identifier::VNumber(v.to_string());
    }
    if let Some(c) = field("client_number") {
        return Identifier::ClientNumber(c.to_string());
    }
    let born = applicant
        .and_then(|a| a.get("born"))
        .and_then(|b| b.as_datetime())
        .and_then(dossier::date::from_toml);
    match (field("name"), born) {
        (Some(name), Some(born)) => Identifier::NameAndBirth {
            name: name.to_string(),
            born,
        },
        _ => Identifier::Nothing,
    }
}

/// The identifier of the nearest case folder above `path`.
fn case_of<'a>(path: &Path, cases: &'a HashMap<PathBuf, Identifier>) -> Option<&'a Identifier> {
    path.ancestors().skip(1).find_map(|dir| cases.get(dir))
}
