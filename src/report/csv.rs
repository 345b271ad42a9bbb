//! The CSV gap report (`--format csv`) and the formula neutralisation shared by every CSV we
//! write.
//!
//! Quoting is the `csv` crate's job; this file only decides the columns and guards against
//! spreadsheet formula injection. It does not read reports back: `baseline.rs` does, using
//! [`unneutralise`] from here so that both directions stay in one place.

use std::borrow::Cow;
use std::io;

use super::{GAP_REPORT_HEADER, Report, WriteError, rows};

/// First characters that make a spreadsheet run a cell as a formula (OWASP "CSV injection").
const FORMULA_STARTS: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// Makes a cell safe to open in a spreadsheet: a cell starting with `=`, `+`, `-`, `@`, tab or
/// carriage return gets a leading `'`.
///
/// So that reading a report back (`--baseline`) is exact, a cell that already starts with `'`s
/// followed by one of those characters gets one `'` more; reading removes exactly one.
pub fn neutralise(cell: &str) -> Cow<'_, str> {
    if cell.trim_start_matches('\'').starts_with(FORMULA_STARTS) {
        Cow::Owned(format!("'{cell}"))
    } else {
        Cow::Borrowed(cell)
    }
}

/// The inverse of [`neutralise`]: `unneutralise(&neutralise(s)) == s` for every `s`.
pub(crate) fn unneutralise(cell: &str) -> &str {
    match cell.strip_prefix('\'') {
        Some(rest) if rest.trim_start_matches('\'').starts_with(FORMULA_STARTS) => rest,
        _ => cell,
    }
}

/// Writes the gap report: header, then one neutralised row per finding in report order.
pub(super) fn write_gap_report(w: &mut dyn io::Write, r: &Report) -> Result<(), WriteError> {
    let what = "CSV gap report";
    let err = |source| WriteError::Csv { what, source };
    let mut out = ::csv::Writer::from_writer(w);
    out.write_record(GAP_REPORT_HEADER).map_err(err)?;
    for row in rows(r) {
        let f = row.finding;
        let page = f.page.map(|p| p.to_string()).unwrap_or_default();
        let cells = [
            &*f.case,
            &f.form,
            f.severity.as_str(),
            f.code,
            &f.file,
            &page,
            &f.message,
        ];
        out.write_record(cells.map(|c| neutralise(c).into_owned()))
            .map_err(err)?;
    }
    out.flush()
        .map_err(|source| WriteError::Io { what, source })
}

#[cfg(test)]
mod tests {
    use super::super::test_support::*;
    use super::super::{Format, Report};
    use super::*;
    use crate::finding::Severity;

    #[test]
    fn every_dangerous_first_character_is_neutralised() {
        for cell in ["=1+1", "+31", "-2", "@SUM(A1)", "\tx", "\rx"] {
            assert_eq!(neutralise(cell), format!("'{cell}"), "{cell:?}");
        }
        for cell in ["2026-0142", "copies/a.pdf", "", "'quoted", "a=b"] {
            assert_eq!(neutralise(cell), cell, "{cell:?}");
        }
    }

    #[test]
    fn neutralise_round_trips() {
        for cell in ["=x", "'=x", "''=x", "'x", "x", "", "'", "-", "''"] {
            assert_eq!(unneutralise(&neutralise(cell)), cell, "{cell:?}");
        }
    }

    #[test]
    fn neutralise_round_trips_every_short_string() {
        let alphabet = ['\'', '=', '-', '\t', 'a'];
        let mut cells = vec![String::new()];
        for _ in 0..4 {
            let longer: Vec<String> = cells
                .iter()
                .flat_map(|c| alphabet.iter().map(move |a| format!("{c}{a}")))
                .collect();
            cells.extend(longer);
        }
        for cell in &cells {
            let safe = neutralise(cell);
            assert!(
                !safe.starts_with(FORMULA_STARTS),
                "{cell:?} stays dangerous"
            );
            assert_eq!(unneutralise(&safe), cell, "{cell:?}");
        }
    }

    #[test]
    fn rows_are_sorted_whatever_the_input_order() {
        let mut findings = vec![
            finding("b", "F002", "a.pdf", Some(1)),
            finding("a", "R001", "", None),
            finding("a", "F002", "z.pdf", Some(10)),
            finding("a", "F002", "z.pdf", Some(2)),
            finding("a", "F002", "b.pdf", None),
        ];
        let expected = "case,form,severity,code,file,page,message\n\
            a,7018,error,F002,b.pdf,,F002 problem in b.pdf\n\
            a,7018,error,F002,z.pdf,2,F002 problem in z.pdf\n\
            a,7018,error,F002,z.pdf,10,F002 problem in z.pdf\n\
            a,7018,error,R001,,,R001 problem in \n\
            b,7018,error,F002,a.pdf,1,F002 problem in a.pdf\n";
        for _ in 0..2 {
            let r = Report {
                findings: &findings,
                cases: &[],
                baseline: None,
                only_new: false,
                explain: &explain,
            };
            assert_eq!(render(Format::Csv, &r), expected);
            findings.reverse();
        }
    }

    #[test]
    fn every_column_is_neutralised_and_quoted() {
        let f = crate::finding::Finding {
            case: "=HYPERLINK(\"http://x\",\"y\")".to_owned(),
            form: "+7018".to_owned(),
            severity: Severity::Waived,
            code: "@C1",
            file: "-a,b.pdf".to_owned(),
            page: None,
            message: "=cmd\nsecond line".to_owned(),
        };
        let r = Report {
            findings: std::slice::from_ref(&f),
            cases: &[],
            baseline: None,
            only_new: false,
            explain: &explain,
        };
        let out = render(Format::Csv, &r);
        let row = out.lines().skip(1).collect::<Vec<_>>().join("\n");
        assert_eq!(
            row,
            "\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\",'+7018,waived,'@C1,\"'-a,b.pdf\",,\"'=cmd\nsecond line\""
        );
    }
}
