//! The per-case summary CSV (`--summary PATH`) and the one-line run summary for stderr.
//!
//! The summary line is what tells a volunteer, or a nightly job's log, whether the run did what
//! was asked, so it always states how many cases were checked; a run that found none says so in
//! words that cannot be mistaken for a clean result. This file does not print: the caller does.

use std::io;

use super::{BaselineDiff, CaseSummary, Status, WriteError, euros, neutralise};
use crate::finding::{Finding, Severity};

/// The header of the case summary, in column order.
pub const SUMMARY_HEADER: [&str; 9] = [
    "case", "form", "status", "errors", "warnings", "waived", "fee_eur", "copies", "pages",
];

/// Writes one neutralised CSV row per case, sorted by case id.
pub fn write_summary_csv(w: &mut dyn io::Write, cases: &[CaseSummary]) -> Result<(), WriteError> {
    let what = "case summary";
    let err = |source| WriteError::Csv { what, source };
    let mut sorted: Vec<&CaseSummary> = cases.iter().collect();
    sorted.sort_by(|a, b| a.case.cmp(&b.case).then(a.form.cmp(&b.form)));
    let mut out = ::csv::Writer::from_writer(w);
    out.write_record(SUMMARY_HEADER).map_err(err)?;
    for c in sorted {
        out.write_record([
            neutralise(&c.case).into_owned(),
            neutralise(&c.form).into_owned(),
            c.status.as_str().to_owned(),
            c.errors.to_string(),
            c.warnings.to_string(),
            c.waived.to_string(),
            c.fee_cents.map(euros).unwrap_or_default(),
            c.copies.to_string(),
            c.pages.to_string(),
        ])
        .map_err(err)?;
    }
    out.flush()
        .map_err(|source| WriteError::Io { what, source })
}

/// The run's summary for stderr, e.g.
/// `312 cases checked: 287 ready, 19 with errors, 6 with warnings only; 41 errors, 77 warnings`,
/// then `, 3 waived` when anything was waived and `; 5 new, 2 resolved since the baseline` with
/// a baseline. Cases are counted from `cases`; errors, warnings and waived from `findings`.
pub fn summary_line(
    cases: &[CaseSummary],
    findings: &[Finding],
    baseline: Option<&BaselineDiff>,
) -> String {
    if cases.is_empty() {
        let mut line =
            "0 cases checked: no case folder (with a case.toml) found under the given folders"
                .to_owned();
        if !findings.is_empty() {
            line.push_str(&format!(
                "; {}",
                plural(findings.len(), "finding", "findings")
            ));
        }
        return line;
    }
    let with = |s: Status| cases.iter().filter(|c| c.status == s).count();
    let of = |s: Severity| findings.iter().filter(|f| f.severity == s).count();
    let mut line = format!(
        "{} checked: {} ready, {} with errors, {} with warnings only; {}, {}",
        plural(cases.len(), "case", "cases"),
        with(Status::Ready),
        with(Status::Errors),
        with(Status::Warnings),
        plural(of(Severity::Error), "error", "errors"),
        plural(of(Severity::Warning), "warning", "warnings"),
    );
    let waived = of(Severity::Waived);
    if waived > 0 {
        line.push_str(&format!(", {waived} waived"));
    }
    if let Some(d) = baseline {
        line.push_str(&format!(
            "; {} new, {} resolved since the baseline",
            d.new, d.resolved
        ));
    }
    line
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

#[cfg(test)]
mod tests {
    use super::super::test_support::*;
    use super::*;

    fn with_status(id: &str, status: Status) -> CaseSummary {
        let mut c = case(id, 0, 0);
        c.status = status;
        c
    }

    fn many(severity: Severity, n: usize) -> Vec<Finding> {
        let mut f = finding("x", "F005", "a.pdf", Some(1));
        f.severity = severity;
        vec![f; n]
    }

    #[test]
    fn summary_line_has_the_spec_shape() {
        let mut cases = Vec::new();
        for (status, n) in [
            (Status::Ready, 287),
            (Status::Errors, 19),
            (Status::Warnings, 6),
        ] {
            cases.extend((0..n).map(|i| with_status(&i.to_string(), status)));
        }
        let mut findings = many(Severity::Error, 41);
        findings.extend(many(Severity::Warning, 77));
        findings.extend(many(Severity::Info, 2));
        assert_eq!(
            summary_line(&cases, &findings, None),
            "312 cases checked: 287 ready, 19 with errors, 6 with warnings only; 41 errors, 77 warnings"
        );
        findings.extend(many(Severity::Waived, 3));
        let diff = BaselineDiff {
            is_new: Vec::new(),
            new: 5,
            resolved: 2,
        };
        assert_eq!(
            summary_line(&cases, &findings, Some(&diff)),
            "312 cases checked: 287 ready, 19 with errors, 6 with warnings only; 41 errors, \
             77 warnings, 3 waived; 5 new, 2 resolved since the baseline"
        );
    }

    #[test]
    fn summary_line_uses_singulars() {
        let cases = [with_status("a", Status::Errors)];
        let mut findings = many(Severity::Error, 1);
        findings.extend(many(Severity::Warning, 1));
        assert_eq!(
            summary_line(&cases, &findings, None),
            "1 case checked: 0 ready, 1 with errors, 0 with warnings only; 1 error, 1 warning"
        );
    }

    #[test]
    fn zero_cases_never_reads_like_success() {
        let line = summary_line(&[], &[], None);
        assert!(
            line.starts_with("0 cases checked: no case folder"),
            "{line}"
        );
        assert!(!line.contains("ready"), "{line}");
    }

    #[test]
    fn summary_csv_is_sorted_neutralised_and_leaves_unknown_fees_empty() {
        let mut unknown_fee = case("-b", 2, 0);
        unknown_fee.fee_cents = None;
        unknown_fee.form = String::new();
        let cases = [case("c", 0, 1), unknown_fee, case("a", 0, 0)];
        let mut out = Vec::new();
        assert!(write_summary_csv(&mut out, &cases).is_ok());
        assert_eq!(
            String::from_utf8_lossy(&out),
            "case,form,status,errors,warnings,waived,fee_eur,copies,pages\n\
             '-b,,errors,2,0,0,,3,7\n\
             a,7018,ready,0,0,0,174.00,3,7\n\
             c,7018,warnings,0,1,0,174.00,3,7\n"
        );
    }
}
