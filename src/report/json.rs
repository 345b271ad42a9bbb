//! The JSON-lines gap report (`--format json`): one object per finding, in report order.
//!
//! Keys are the CSV columns (`page` is a number or null), plus `new` when a baseline is given.
//! Values are written as they are, without the CSV's formula neutralisation: JSON is read by
//! programs, not opened in spreadsheets, and a program must get the true case id back.

use std::io;

use serde::Serialize;

use super::{Report, WriteError, rows};

/// One line of the report.
#[derive(Serialize)]
struct Line<'a> {
    case: &'a str,
    form: &'a str,
    severity: &'a str,
    code: &'a str,
    file: &'a str,
    page: Option<u32>,
    message: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    new: Option<bool>,
}

/// Writes one JSON object per finding, each on its own line.
pub(super) fn write_gap_report(w: &mut dyn io::Write, r: &Report) -> Result<(), WriteError> {
    let what = "JSON gap report";
    let mut out = io::BufWriter::new(w);
    for row in rows(r) {
        let f = row.finding;
        let line = Line {
            case: &f.case,
            form: &f.form,
            severity: f.severity.as_str(),
            code: f.code,
            file: &f.file,
            page: f.page,
            message: &f.message,
            new: row.is_new,
        };
        serde_json::to_writer(&mut out, &line).map_err(|e| WriteError::Io {
            what,
            source: e.into(),
        })?;
        io::Write::write_all(&mut out, b"\n").map_err(|source| WriteError::Io { what, source })?;
    }
    io::Write::flush(&mut out).map_err(|source| WriteError::Io { what, source })
}

#[cfg(test)]
mod tests {
    use super::super::test_support::*;
    use super::super::{BaselineDiff, Format, Report};
    use serde_json::Value;

    #[test]
    fn one_object_per_finding_with_the_csv_keys() {
        let findings = [
            finding("b", "F002", "a.pdf", Some(3)),
            finding("=a", "R001", "", None),
        ];
        let r = Report {
            findings: &findings,
            cases: &[],
            baseline: None,
            only_new: false,
            explain: &explain,
        };
        let out = render(Format::Json, &r);
        let lines: Vec<Value> = out
            .lines()
            .map(|l| serde_json::from_str(l).unwrap_or(Value::Null))
            .collect();
        assert_eq!(lines.len(), 2);
        for line in &lines {
            let Value::Object(map) = line else {
                panic!("not an object: {line}")
            };
            let keys: Vec<&str> = map.keys().map(String::as_str).collect();
            for key in super::super::GAP_REPORT_HEADER {
                assert!(keys.contains(&key), "{key} missing in {line}");
            }
            assert!(!keys.contains(&"new"), "no baseline, no `new` key");
        }
        assert_eq!(lines[0]["case"], "=a", "JSON is not neutralised");
        assert_eq!(lines[0]["page"], Value::Null);
        assert_eq!(lines[1]["page"], 3);
        assert_eq!(lines[1]["severity"], "error");
    }

    #[test]
    fn only_new_with_baseline_marks_and_filters() {
        let findings = [
            finding("a", "F002", "a.pdf", Some(1)),
            finding("a", "F002", "a.pdf", Some(2)),
        ];
        let diff = BaselineDiff {
            is_new: vec![true, false],
            new: 1,
            resolved: 0,
        };
        let mut r = Report {
            findings: &findings,
            cases: &[],
            baseline: Some(&diff),
            only_new: false,
            explain: &explain,
        };
        let all = render(Format::Json, &r);
        assert_eq!(all.lines().count(), 2);
        assert!(all.contains("\"page\":1,\"message\":\"F002 problem in a.pdf\",\"new\":true"));
        r.only_new = true;
        let new = render(Format::Json, &r);
        assert_eq!(new.lines().count(), 1);
        assert!(new.contains("\"page\":1"));
    }
}
