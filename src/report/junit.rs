//! The JUnit XML gap report (`--format junit`), so that CI servers show dossiers as tests.
//!
//! One test suite named `dossier`, one test case per case: failed when the case has an error
//! (message: the counts; body: its error and warning lines), passed otherwise (warnings in
//! system-out). No timestamps or durations are written, so the same input gives the same bytes.
//! XML escaping and removal of characters XML cannot hold are quick-junit's job.

use std::collections::BTreeMap;
use std::io;

use quick_junit::{NonSuccessKind, Property, TestCase, TestCaseStatus, TestSuite};

use super::{Report, Row, Status, WriteError, all_cases, euros, location, rows};
use crate::finding::Severity;

/// Writes the JUnit XML report.
pub(super) fn write_gap_report(w: &mut dyn io::Write, r: &Report) -> Result<(), WriteError> {
    let rows = rows(r);
    let mut by_case: BTreeMap<&str, Vec<&Row>> = BTreeMap::new();
    for row in &rows {
        by_case.entry(&row.finding.case).or_default().push(row);
    }
    let mut suite = TestSuite::new("dossier");
    for case in all_cases(r.cases, r.findings) {
        let lines = by_case
            .get(case.case.as_str())
            .map(Vec::as_slice)
            .unwrap_or(&[]);
        let listed = |keep: &dyn Fn(Severity) -> bool| {
            lines
                .iter()
                .filter(|row| keep(row.finding.severity))
                .map(|row| line(row))
                .collect::<Vec<_>>()
                .join("\n")
        };
        let status = if case.status == Status::Errors {
            let mut status = TestCaseStatus::non_success(NonSuccessKind::Failure);
            status
                .set_message(counts(case.errors, case.warnings, case.waived))
                .set_type("dossier has errors")
                .set_description(listed(&|s| {
                    matches!(s, Severity::Error | Severity::Warning)
                }));
            status
        } else {
            TestCaseStatus::success()
        };
        let mut test = TestCase::new(case.case.as_str(), status);
        test.set_classname(if case.form.is_empty() {
            "dossier.unknown-form".to_owned()
        } else {
            format!("dossier.form-{}", case.form)
        });
        let out = if case.status == Status::Errors {
            listed(&|s| matches!(s, Severity::Info | Severity::Waived))
        } else {
            listed(&|_| true)
        };
        if !out.is_empty() {
            test.set_system_out(out);
        }
        let fee = case.fee_cents.map(euros).unwrap_or_default();
        let schedule = case
            .properties
            .iter()
            .find(|(k, _)| k == "fee_schedule")
            .map(|(_, v)| v.as_str())
            .unwrap_or_default();
        test.add_properties([
            Property::new("form", case.form.as_str()),
            Property::new("status", case.status.as_str()),
            Property::new("fee_eur", fee),
            Property::new("fee_schedule", schedule),
        ]);
        test.add_properties(
            case.properties
                .iter()
                .filter(|(k, _)| k != "fee_schedule")
                .map(|(k, v)| Property::new(k.as_str(), v.as_str())),
        );
        suite.add_test_case(test);
    }
    let mut report = quick_junit::Report::new("dossier");
    report.add_test_suite(suite);
    report.serialize(w).map_err(WriteError::Junit)
}

/// `3 errors, 1 warning, 2 waived` (waived only when there are any).
fn counts(errors: u32, warnings: u32, waived: u32) -> String {
    let plural = |n: u32, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
    let mut s = format!(
        "{}, {}",
        plural(errors, "error", "errors"),
        plural(warnings, "warning", "warnings")
    );
    if waived > 0 {
        s.push_str(&format!(", {waived} waived"));
    }
    s
}

/// `error F002 copies/a.pdf page 2: message` (with `[new]` when new since the baseline).
fn line(row: &Row) -> String {
    let f = row.finding;
    let mut s = format!("{} {}", f.severity.as_str(), f.code);
    let place = location(f);
    if !place.is_empty() {
        s.push(' ');
        s.push_str(&place);
    }
    if row.is_new == Some(true) {
        s.push_str(" [new]");
    }
    s.push_str(": ");
    s.push_str(&f.message);
    s
}

#[cfg(test)]
mod tests {
    use super::super::test_support::*;
    use super::super::{Format, Report};
    use quick_junit::{NonSuccessKind, TestCaseStatus};

    fn parse(xml: &str) -> quick_junit::Report {
        match quick_junit::Report::deserialize_from_str(xml) {
            Ok(r) => r,
            Err(e) => panic!("invalid JUnit XML: {e}\n{xml}"),
        }
    }

    #[test]
    fn one_test_case_per_dossier_failed_only_on_errors() {
        let findings = [
            finding("b-err", "F002", "copies/p.pdf", Some(2)),
            finding("b-err", "F005", "copies/p.pdf", Some(1)),
            finding("c-warn", "F005", "copies/q.pdf", Some(1)),
        ];
        let cases = [
            case("c-warn", 0, 1),
            case("a-ready", 0, 0),
            case("b-err", 1, 1),
        ];
        let r = Report {
            findings: &findings,
            cases: &cases,
            baseline: None,
            only_new: false,
            explain: &explain,
        };
        let report = parse(&render(Format::Junit, &r));
        assert_eq!(report.test_suites.len(), 1);
        let suite = &report.test_suites[0];
        assert_eq!(suite.name.as_str(), "dossier");
        let names: Vec<&str> = suite.test_cases.iter().map(|t| t.name.as_str()).collect();
        assert_eq!(names, ["a-ready", "b-err", "c-warn"]);

        let failed = &suite.test_cases[1];
        match &failed.status {
            TestCaseStatus::NonSuccess {
                kind: NonSuccessKind::Failure,
                message,
                description,
                ..
            } => {
                assert_eq!(message.as_deref(), Some("1 error, 1 warning"));
                let body = description.as_deref().unwrap_or_default();
                assert!(
                    body.contains("error F002 copies/p.pdf page 2: F002 problem"),
                    "{body}"
                );
                assert!(body.contains("warning F005 copies/p.pdf page 1"), "{body}");
            }
            other => panic!("b-err should fail, got {other:?}"),
        }
        let props: Vec<(&str, &str)> = failed
            .properties
            .iter()
            .map(|p| (p.name.as_str(), p.value.as_str()))
            .collect();
        assert_eq!(
            props,
            [
                ("form", "7018"),
                ("status", "errors"),
                ("fee_eur", "174.00"),
                ("fee_schedule", "2020-01-01")
            ]
        );

        let warned = &suite.test_cases[2];
        assert!(matches!(warned.status, TestCaseStatus::Success { .. }));
        let out = warned.system_out.as_deref().unwrap_or_default();
        assert!(out.contains("warning F005 copies/q.pdf page 1"), "{out}");
        assert!(matches!(
            suite.test_cases[0].status,
            TestCaseStatus::Success { .. }
        ));
    }

    #[test]
    fn hostile_case_ids_stay_well_formed_xml() {
        let id = "<img src=x onerror=alert(1)>&\"'\u{1b}[31m\u{1}";
        let findings = [finding(id, "F002", "]]>.pdf", Some(1))];
        let r = Report {
            findings: &findings,
            cases: &[],
            baseline: None,
            only_new: false,
            explain: &explain,
        };
        let report = parse(&render(Format::Junit, &r));
        let test = &report.test_suites[0].test_cases[0];
        assert_eq!(test.name.as_str(), "<img src=x onerror=alert(1)>&\"'");
        assert!(matches!(test.status, TestCaseStatus::NonSuccess { .. }));
    }
}
