//! The HTML overview (`--format html` or `--html PATH`): one self-contained static page.
//!
//! The page holds its CSS and script inline and loads nothing, so it works from a file share or
//! an e-mail attachment; it reads fine without JavaScript, which only adds sorting and
//! filtering. Every value from the cases goes through tera's HTML autoescaping, and a
//! Content-Security-Policy that allows only the page's own style and script (by hash) stops
//! anything that slipped through from running or loading. No timestamps: the same input gives
//! the same bytes. The page deliberately does not embed the findings as data for scripts: the
//! script works on the table the page already shows.

use std::collections::{BTreeMap, BTreeSet};
use std::io;

use base64::Engine as _;
use serde::Serialize;
use sha2::{Digest, Sha256};

use super::{CaseSummary, Report, Row, Status, WriteError, all_cases, euros, rows, summary_line};

// The page in three parts, so that it is written one case at a time: a run over thousands of
// cases never holds the whole page, or a template context of every finding, in memory.
const HEAD: &str = include_str!("../../templates/report-head.html.tera");
const CASE: &str = include_str!("../../templates/report-case.html.tera");
const TAIL: &str = include_str!("../../templates/report-tail.html.tera");
const STYLE: &str = include_str!("../../templates/report.css");
const SCRIPT: &str = include_str!("../../templates/report.js");

/// What the top of the page shows.
#[derive(Serialize)]
struct Head {
    version: &'static str,
    summary_line: String,
    baseline: Option<BaselineCounts>,
    only_new: bool,
    case_count: usize,
    count_ready: usize,
    count_errors: usize,
    count_warnings: usize,
    style: &'static str,
    style_hash: String,
    script_hash: String,
}

/// One case's rows; `order` is its position, for sorting back to the page's order.
#[derive(Serialize)]
struct CaseRows<'a> {
    c: CaseView<'a>,
    order: usize,
}

/// The end of the page: the rules' explanations and the script.
#[derive(Serialize)]
struct Tail {
    version: &'static str,
    case_count: usize,
    rules: Vec<RuleView>,
    script: &'static str,
}

#[derive(Serialize)]
struct BaselineCounts {
    new: usize,
    resolved: usize,
}

#[derive(Serialize)]
struct CaseView<'a> {
    id: String,
    form: String,
    status: &'static str,
    status_label: &'static str,
    /// Errors first when sorted ascending: what needs work comes to the top.
    status_rank: u8,
    fee: Option<String>,
    fee_sort: i64,
    errors: u32,
    warnings: u32,
    waived: u32,
    copies: u32,
    pages: u32,
    /// Lower-cased text the search box matches: id, form, status, codes and files.
    search: String,
    findings: Vec<FindingView<'a>>,
    findings_label: String,
}

#[derive(Serialize)]
struct FindingView<'a> {
    severity: &'static str,
    code: &'static str,
    file: &'a str,
    page: Option<u32>,
    message: &'a str,
    is_new: bool,
    rule: Option<String>,
}

#[derive(Serialize)]
struct RuleView {
    code: &'static str,
    summary: String,
    blocks: Vec<Block>,
}

/// A heading or a paragraph of a rule's explanation.
#[derive(Serialize)]
struct Block {
    heading: bool,
    text: String,
}

/// Writes the HTML page.
pub(super) fn write_gap_report(w: &mut dyn io::Write, r: &Report) -> Result<(), WriteError> {
    let mut tera = tera::Tera::default();
    // Registered under `.html` names so that tera's autoescaping applies to every value.
    tera.add_raw_templates([
        ("head.html", HEAD),
        ("case.html", CASE),
        ("tail.html", TAIL),
    ])
    .map_err(WriteError::Html)?;
    let render =
        |name: &str, context: Result<tera::Context, tera::Error>, w: &mut dyn io::Write| {
            tera.render_to(name, &context.map_err(WriteError::Html)?, w)
                .map_err(WriteError::Html)
        };

    let rows = rows(r);
    let mut by_case: BTreeMap<&str, Vec<&Row>> = BTreeMap::new();
    for row in &rows {
        by_case.entry(&row.finding.case).or_default().push(row);
    }
    let mut explained: BTreeMap<&'static str, Option<(String, String)>> = BTreeMap::new();
    for row in &rows {
        explained
            .entry(row.finding.code)
            .or_insert_with(|| (r.explain)(row.finding.code));
    }
    let cases = all_cases(r.cases, r.findings);
    let count = |s: Status| cases.iter().filter(|c| c.status == s).count();
    let head = Head {
        version: env!("CARGO_PKG_VERSION"),
        summary_line: summary_line(r.cases, r.findings, r.baseline),
        baseline: r.baseline.map(|d| BaselineCounts {
            new: d.new,
            resolved: d.resolved,
        }),
        only_new: r.only_new && r.baseline.is_some(),
        case_count: cases.len(),
        count_ready: count(Status::Ready),
        count_errors: count(Status::Errors),
        count_warnings: count(Status::Warnings),
        style: STYLE,
        style_hash: csp_hash(STYLE),
        script_hash: csp_hash(SCRIPT),
    };
    render("head.html", tera::Context::from_serialize(&head), w)?;
    for (order, c) in cases.iter().enumerate() {
        let rows = by_case
            .get(c.case.as_str())
            .map(Vec::as_slice)
            .unwrap_or(&[]);
        let c = case_view(c, rows, &explained);
        render(
            "case.html",
            tera::Context::from_serialize(CaseRows { c, order }),
            w,
        )?;
    }
    let rules = explained
        .iter()
        .filter_map(|(code, e)| {
            e.as_ref().map(|(summary, explanation)| RuleView {
                code,
                summary: summary.clone(),
                blocks: blocks(explanation),
            })
        })
        .collect();
    let tail = Tail {
        version: env!("CARGO_PKG_VERSION"),
        case_count: cases.len(),
        rules,
        script: SCRIPT,
    };
    render("tail.html", tera::Context::from_serialize(&tail), w)
}

fn case_view<'a>(
    c: &CaseSummary,
    rows: &[&Row<'a>],
    explained: &BTreeMap<&'static str, Option<(String, String)>>,
) -> CaseView<'a> {
    let findings: Vec<FindingView> = rows
        .iter()
        .map(|row| {
            let f = row.finding;
            FindingView {
                severity: f.severity.as_str(),
                code: f.code,
                file: &f.file,
                page: f.page,
                message: &f.message,
                is_new: row.is_new == Some(true),
                rule: explained
                    .get(f.code)
                    .and_then(|e| e.as_ref())
                    .map(|(summary, _)| summary.clone()),
            }
        })
        .collect();
    let codes: BTreeSet<&str> = findings.iter().map(|f| f.code).collect();
    let files: BTreeSet<&str> = findings
        .iter()
        .map(|f| f.file)
        .filter(|f| !f.is_empty())
        .collect();
    let mut search = vec![c.case.as_str(), c.form.as_str(), c.status.as_str()];
    search.extend(codes);
    search.extend(files);
    let new = findings.iter().filter(|f| f.is_new).count();
    let mut findings_label = match findings.len() {
        1 => "1 finding".to_owned(),
        n => format!("{n} findings"),
    };
    if new > 0 {
        findings_label.push_str(&format!(", {new} new"));
    }
    CaseView {
        id: c.case.clone(),
        form: c.form.clone(),
        status: c.status.as_str(),
        status_label: match c.status {
            Status::Ready => "ready",
            Status::Errors => "errors",
            Status::Warnings => "warnings only",
        },
        status_rank: match c.status {
            Status::Errors => 0,
            Status::Warnings => 1,
            Status::Ready => 2,
        },
        fee: c.fee_cents.map(euros),
        fee_sort: c
            .fee_cents
            .map_or(-1, |cents| i64::try_from(cents).unwrap_or(i64::MAX)),
        errors: c.errors,
        warnings: c.warnings,
        waived: c.waived,
        copies: c.copies,
        pages: c.pages,
        search: search.join(" ").to_lowercase(),
        findings,
        findings_label,
    }
}

/// Splits an explanation into headings (`## What it checks`) and paragraphs.
fn blocks(explanation: &str) -> Vec<Block> {
    let mut out = Vec::new();
    let mut paragraph: Vec<&str> = Vec::new();
    let flush = |paragraph: &mut Vec<&str>, out: &mut Vec<Block>| {
        if !paragraph.is_empty() {
            out.push(Block {
                heading: false,
                text: paragraph.join("\n"),
            });
            paragraph.clear();
        }
    };
    for line in explanation.lines() {
        let trimmed = line.trim();
        if let Some(heading) = trimmed.strip_prefix('#') {
            flush(&mut paragraph, &mut out);
            out.push(Block {
                heading: true,
                text: heading.trim_start_matches('#').trim().to_owned(),
            });
        } else if trimmed.is_empty() {
            flush(&mut paragraph, &mut out);
        } else {
            paragraph.push(trimmed);
        }
    }
    flush(&mut paragraph, &mut out);
    out
}

/// A CSP source expression allowing exactly this inline style or script.
fn csp_hash(text: &str) -> String {
    let digest = Sha256::digest(text.as_bytes());
    format!(
        "sha256-{}",
        base64::engine::general_purpose::STANDARD.encode(digest)
    )
}

#[cfg(test)]
mod tests {
    use super::super::test_support::*;
    use super::super::{BaselineDiff, Format, Report};
    use super::*;

    const HOSTILE: &str = "<img src=x onerror=alert(1)>";

    fn sample() -> (Vec<crate::finding::Finding>, Vec<CaseSummary>) {
        let findings = vec![
            finding(HOSTILE, "F002", "copies/<x-file>.pdf", Some(2)),
            finding("=HYPERLINK(\"x\")", "F005", "a.pdf", Some(1)),
        ];
        let cases = vec![
            case(HOSTILE, 1, 0),
            case("=HYPERLINK(\"x\")", 0, 1),
            case("2026-0001", 0, 0),
        ];
        (findings, cases)
    }

    #[test]
    fn everything_from_the_cases_is_escaped() {
        let (findings, cases) = sample();
        let r = Report {
            findings: &findings,
            cases: &cases,
            baseline: None,
            only_new: false,
            explain: &|code| {
                Some((
                    format!("<script>{code}</script>"),
                    "<x-why>why</x-why>".to_owned(),
                ))
            },
        };
        let html = render(Format::Html, &r);
        assert!(!html.contains("<img"), "raw tag from a case id");
        assert!(!html.contains("<x-file>"), "raw tag from a file name");
        assert!(!html.contains("<x-why>"), "raw tag from an explanation");
        assert_eq!(
            html.matches("<script").count(),
            1,
            "only the page's own script"
        );
        assert!(html.contains("&lt;img src=x onerror=alert(1)&gt;"));
    }

    #[test]
    fn page_is_self_contained_and_deterministic() {
        let (findings, cases) = sample();
        let r = Report {
            findings: &findings,
            cases: &cases,
            baseline: None,
            only_new: false,
            explain: &explain,
        };
        let html = render(Format::Html, &r);
        for external in ["http:", "https:", "src=\"", "<link", "@import", "url("] {
            assert!(
                !html.contains(external),
                "page refers to something outside: {external}"
            );
        }
        assert_eq!(html, render(Format::Html, &r));
        let csp = format!("script-src '{}'", csp_hash(SCRIPT));
        assert!(
            html.contains(&csp),
            "the CSP allows exactly the page's script"
        );
        assert!(html.contains(&format!("<script>{SCRIPT}</script>")));
    }

    #[test]
    fn shows_explanations_statuses_and_baseline_counts() {
        let (findings, cases) = sample();
        let diff = BaselineDiff {
            is_new: vec![true, false],
            new: 1,
            resolved: 4,
        };
        let r = Report {
            findings: &findings,
            cases: &cases,
            baseline: Some(&diff),
            only_new: false,
            explain: &explain,
        };
        let html = render(Format::Html, &r);
        assert!(html.contains("<h4>What it checks</h4>"));
        assert!(html.contains("id=\"rule-F002\""));
        assert!(html.contains("<b>4</b> resolved since the baseline"));
        assert!(html.contains("1 new, 4 resolved since the baseline"));
        assert_eq!(html.matches("<span class=\"new\">new</span>").count(), 1);
        assert!(html.contains("data-status=\"errors\""));
        assert!(html.contains(">warnings only</span>"));
        assert!(html.contains("€174.00"));
    }

    #[test]
    fn zero_cases_says_nothing_was_checked() {
        let r = Report {
            findings: &[],
            cases: &[],
            baseline: None,
            only_new: false,
            explain: &explain,
        };
        let html = render(Format::Html, &r);
        assert!(html.contains("No case was checked"));
        assert!(!html.contains("id=\"cases\""));
    }

    #[test]
    fn one_case_is_counted_in_the_singular() {
        let cases = [case("2026-0001", 0, 0)];
        let r = Report {
            findings: &[],
            cases: &cases,
            baseline: None,
            only_new: false,
            explain: &explain,
        };
        let html = render(Format::Html, &r);
        assert!(html.contains("<title>dossier report: 1 case</title>"));
        assert!(html.contains("<b>1</b> case</li>"));
        assert!(html.contains("1 case checked: 1 ready"));
    }

    #[test]
    fn explanations_split_into_headings_and_paragraphs() {
        let b = blocks("## What it checks\nline one\nline two\n\n## How to fix\nDo it.");
        let shape: Vec<(bool, &str)> = b.iter().map(|b| (b.heading, b.text.as_str())).collect();
        assert_eq!(
            shape,
            [
                (true, "What it checks"),
                (false, "line one\nline two"),
                (true, "How to fix"),
                (false, "Do it.")
            ]
        );
    }
}
