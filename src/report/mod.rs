//! Reports: the gap report in every `--format`, the case summary CSV, the stderr summary line,
//! the baseline comparison and the HTML overview.
//!
//! Every writer sorts what it is given itself (findings by case, code, file, page; cases by id),
//! so the caller's order, and with it `--jobs`, never changes a byte of output. Nothing here
//! decides what is wrong or how severe it is: findings arrive finished. Names and dates of birth
//! never reach this module; it writes only case ids, forms, codes, files, pages and messages.

mod baseline;
mod csv;
mod html;
mod json;
mod junit;
mod summary;

use std::cmp::Ordering;
use std::collections::BTreeMap;
use std::io;
use std::path::PathBuf;

use crate::finding::{Finding, Severity};

pub use baseline::{Baseline, BaselineDiff};
pub use csv::neutralise;
pub use summary::{SUMMARY_HEADER, summary_line, write_summary_csv};

/// The header of the gap report, in column order.
pub const GAP_REPORT_HEADER: [&str; 7] = [
    "case", "form", "severity", "code", "file", "page", "message",
];

/// The output format of the gap report (`--format`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// CSV, one row per finding (the default).
    #[default]
    Csv,
    /// JSON lines, one object per finding.
    Json,
    /// JUnit XML, one test case per dossier.
    Junit,
    /// One self-contained HTML page.
    Html,
}

/// Where a case stands after the check.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Status {
    /// No error and no warning: the dossier can be posted.
    Ready,
    /// At least one error: the dossier must not be posted yet.
    Errors,
    /// Warnings but no error: a person should look before posting.
    Warnings,
}

impl Status {
    /// The word used in reports: `ready`, `errors` or `warnings`.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Ready => "ready",
            Status::Errors => "errors",
            Status::Warnings => "warnings",
        }
    }
}

/// What the report says about one case as a whole.
#[derive(Debug, Clone)]
pub struct CaseSummary {
    /// The case id (never the applicant's name).
    pub case: String,
    /// The form number, empty when `case.toml` could not be read.
    pub form: String,
    /// Ready, errors or warnings.
    pub status: Status,
    /// Findings with severity `error`.
    pub errors: u32,
    /// Findings with severity `warning`.
    pub warnings: u32,
    /// Findings a waiver accepted.
    pub waived: u32,
    /// The fee due in euro cents, `None` when it cannot be computed.
    pub fee_cents: Option<u64>,
    /// Copies (files) enclosed.
    pub copies: u32,
    /// Pages in all copies.
    pub pages: u32,
    /// Extra JUnit properties, e.g. `("fee_schedule", "2020-01-01")`.
    pub properties: Vec<(String, String)>,
}

impl CaseSummary {
    /// The status that a case with these counts has: any error makes it `Errors`.
    pub fn status_from(errors: u32, warnings: u32) -> Status {
        if errors > 0 {
            Status::Errors
        } else if warnings > 0 {
            Status::Warnings
        } else {
            Status::Ready
        }
    }
}

/// A report could not be written, or a baseline could not be read.
#[derive(Debug, thiserror::Error)]
pub enum WriteError {
    /// Writing to the output failed (disk full, closed pipe, …).
    #[error("cannot write the {what}")]
    Io {
        /// What was being written, e.g. "CSV gap report".
        what: &'static str,
        /// The cause.
        #[source]
        source: io::Error,
    },
    /// The CSV writer failed (in practice only on I/O).
    #[error("cannot write the {what}")]
    Csv {
        /// What was being written.
        what: &'static str,
        /// The cause.
        #[source]
        source: ::csv::Error,
    },
    /// The JUnit XML could not be serialised.
    #[error("cannot write the JUnit report")]
    Junit(#[source] quick_junit::SerializeError),
    /// The built-in HTML template failed; a bug, not a user error.
    #[error("cannot render the HTML report")]
    Html(#[source] tera::Error),
    /// The baseline file could not be opened or read.
    #[error("cannot read the baseline {}", path.display())]
    BaselineRead {
        /// The baseline file.
        path: PathBuf,
        /// The cause.
        #[source]
        source: io::Error,
    },
    /// The baseline file is not a gap report written by this tool.
    #[error(
        "the baseline {} is not a dossier gap report: its first line is `{found}`, expected \
         `{expected}`; pass a CSV report written by `dossier check`",
        path.display(),
        expected = GAP_REPORT_HEADER.join(",")
    )]
    BaselineNotReport {
        /// The baseline file.
        path: PathBuf,
        /// The header that was found (shortened).
        found: String,
    },
    /// A row of the baseline is damaged.
    #[error("the baseline {} line {line}: {reason}", path.display())]
    BaselineRow {
        /// The baseline file.
        path: PathBuf,
        /// The line number, counted from 1.
        line: u64,
        /// What is wrong with the row.
        reason: String,
    },
}

/// Everything a gap report is made from.
pub struct Report<'a> {
    /// The findings, in any order.
    pub findings: &'a [Finding],
    /// One summary per case, in any order.
    pub cases: &'a [CaseSummary],
    /// The comparison with `--baseline`, computed by [`Baseline::diff`] on the same `findings`.
    pub baseline: Option<&'a BaselineDiff>,
    /// `--only-new`: with a baseline, write only findings that are new.
    pub only_new: bool,
    /// A rule's one-line summary and full explanation, by code; used by the HTML page.
    pub explain: &'a dyn Fn(&str) -> Option<(String, String)>,
}

/// Writes the gap report in `format`.
pub fn write_report(w: &mut dyn io::Write, format: Format, r: &Report) -> Result<(), WriteError> {
    match format {
        Format::Csv => csv::write_gap_report(w, r),
        Format::Json => json::write_gap_report(w, r),
        Format::Junit => junit::write_gap_report(w, r),
        Format::Html => html::write_gap_report(w, r),
    }
}

/// One finding chosen for the report, with whether it is new since the baseline.
pub(crate) struct Row<'a> {
    pub finding: &'a Finding,
    /// `None` without a baseline.
    pub is_new: Option<bool>,
}

/// The findings to write, in report order: sorted, and with `only_new` and a baseline, only the
/// new ones. A finding the diff has no entry for counts as new, so nothing is hidden by mistake.
pub(crate) fn rows<'a>(r: &Report<'a>) -> Vec<Row<'a>> {
    let mut order: Vec<usize> = (0..r.findings.len()).collect();
    order.sort_by(|&a, &b| finding_order(&r.findings[a], &r.findings[b]));
    order
        .into_iter()
        .filter_map(|i| {
            let is_new = r.baseline.map(|d| d.is_new.get(i).copied().unwrap_or(true));
            if r.only_new && is_new == Some(false) {
                return None;
            }
            Some(Row {
                finding: &r.findings[i],
                is_new,
            })
        })
        .collect()
}

/// A total order on findings: the report order, then severity and form so that even
/// findings equal in every reported key come out the same way every run.
pub(crate) fn finding_order(a: &Finding, b: &Finding) -> Ordering {
    a.sort_key()
        .cmp(&b.sort_key())
        .then(a.severity.cmp(&b.severity))
        .then(a.form.cmp(&b.form))
}

/// The cases sorted by id, plus a summary for any case that has findings but no
/// [`CaseSummary`], so that a case is never missing from a per-case report.
pub(crate) fn all_cases(cases: &[CaseSummary], findings: &[Finding]) -> Vec<CaseSummary> {
    let mut out: Vec<CaseSummary> = cases.to_vec();
    let known: std::collections::HashSet<&str> = cases.iter().map(|c| c.case.as_str()).collect();
    let mut missing: BTreeMap<&str, CaseSummary> = BTreeMap::new();
    for f in findings.iter().filter(|f| !known.contains(f.case.as_str())) {
        let c = missing.entry(&f.case).or_insert_with(|| CaseSummary {
            case: f.case.clone(),
            form: f.form.clone(),
            status: Status::Ready,
            errors: 0,
            warnings: 0,
            waived: 0,
            fee_cents: None,
            copies: 0,
            pages: 0,
            properties: Vec::new(),
        });
        match f.severity {
            Severity::Error => c.errors += 1,
            Severity::Warning => c.warnings += 1,
            Severity::Waived => c.waived += 1,
            Severity::Info => {}
        }
        c.status = CaseSummary::status_from(c.errors, c.warnings);
    }
    out.extend(missing.into_values());
    out.sort_by(|a, b| a.case.cmp(&b.case).then(a.form.cmp(&b.form)));
    out
}

/// An amount in euro cents as `174.00`: always two decimals, a dot, no currency sign.
pub(crate) fn euros(cents: u64) -> String {
    format!("{}.{:02}", cents / 100, cents % 100)
}

/// Where a finding is, for one-line listings: `copies/a.pdf page 2`, or empty.
pub(crate) fn location(f: &Finding) -> String {
    match (f.file.is_empty(), f.page) {
        (true, None) => String::new(),
        (true, Some(p)) => format!("page {p}"),
        (false, None) => f.file.clone(),
        (false, Some(p)) => format!("{} page {p}", f.file),
    }
}

#[cfg(test)]
pub(crate) mod test_support {
    //! Small builders shared by the format tests; the people behind these cases are invented.

    use super::*;

    /// A finding with the given key fields and a fixed message.
    pub fn finding(case: &str, code: &'static str, file: &str, page: Option<u32>) -> Finding {
        Finding {
            case: case.to_owned(),
            form: "7018".to_owned(),
            severity: if code.starts_with('R') || code == "F002" {
                Severity::Error
            } else {
                Severity::Warning
            },
            code,
            file: file.to_owned(),
            page,
            message: format!("{code} problem in {file}"),
        }
    }

    /// A case summary with the status worked out from the counts.
    pub fn case(id: &str, errors: u32, warnings: u32) -> CaseSummary {
        CaseSummary {
            case: id.to_owned(),
            form: "7018".to_owned(),
            status: CaseSummary::status_from(errors, warnings),
            errors,
            warnings,
            waived: 0,
            fee_cents: Some(17_400),
            copies: 3,
            pages: 7,
            properties: vec![("fee_schedule".to_owned(), "2020-01-01".to_owned())],
        }
    }

    /// An explainer that knows every code.
    pub fn explain(code: &str) -> Option<(String, String)> {
        Some((
            format!("summary of {code}"),
            format!("## What it checks\nThe rule {code}.\n\n## How to fix\nFix it."),
        ))
    }

    /// Renders a report into a string.
    pub fn render(format: Format, r: &Report) -> String {
        let mut out = Vec::new();
        match write_report(&mut out, format, r) {
            Ok(()) => String::from_utf8(out).unwrap_or_default(),
            Err(e) => panic!("writing {format:?} failed: {e}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::test_support::*;
    use super::*;

    #[test]
    fn status_follows_worst_severity() {
        assert_eq!(CaseSummary::status_from(0, 0), Status::Ready);
        assert_eq!(CaseSummary::status_from(0, 3), Status::Warnings);
        assert_eq!(CaseSummary::status_from(1, 3), Status::Errors);
        assert_eq!(Status::Warnings.as_str(), "warnings");
    }

    #[test]
    fn euros_always_have_two_decimals() {
        assert_eq!(euros(17_400), "174.00");
        assert_eq!(euros(5), "0.05");
        assert_eq!(euros(0), "0.00");
    }

    #[test]
    fn cases_with_findings_but_no_summary_are_added() {
        let cases = [case("b", 0, 0)];
        let findings = [finding("a", "F002", "x.pdf", Some(1))];
        let all = all_cases(&cases, &findings);
        let ids: Vec<_> = all.iter().map(|c| (c.case.as_str(), c.status)).collect();
        assert_eq!(ids, [("a", Status::Errors), ("b", Status::Ready)]);
    }

    #[test]
    fn every_format_ignores_the_input_order() {
        let mut findings = vec![
            finding("b", "F005", "x.pdf", Some(1)),
            finding("a", "F002", "y.pdf", Some(2)),
            finding("a", "F002", "y.pdf", Some(1)),
            finding("c", "R001", "", None),
        ];
        let mut cases = vec![
            case("b", 0, 1),
            case("a", 2, 0),
            case("c", 1, 0),
            case("d", 0, 0),
        ];
        for format in [Format::Csv, Format::Json, Format::Junit, Format::Html] {
            let mut outputs = Vec::new();
            for _ in 0..2 {
                let r = Report {
                    findings: &findings,
                    cases: &cases,
                    baseline: None,
                    only_new: false,
                    explain: &explain,
                };
                outputs.push(render(format, &r));
                findings.reverse();
                cases.reverse();
            }
            assert_eq!(outputs[0], outputs[1], "{format:?}");
        }
    }

    #[test]
    fn only_new_keeps_findings_without_a_diff_entry() {
        let findings = [
            finding("a", "F002", "x.pdf", Some(1)),
            finding("a", "F002", "x.pdf", Some(2)),
        ];
        let diff = BaselineDiff {
            is_new: vec![false],
            new: 0,
            resolved: 0,
        };
        let r = Report {
            findings: &findings,
            cases: &[],
            baseline: Some(&diff),
            only_new: true,
            explain: &explain,
        };
        let kept: Vec<_> = rows(&r).iter().map(|row| row.finding.page).collect();
        assert_eq!(kept, [Some(2)]);
    }
}
