//! `--baseline REPORT.csv`: compare this run's findings with an earlier CSV gap report.
//!
//! Findings are matched on (case, code, file, page) as a multiset: message wording may change
//! between versions and must not make an old finding look new, while two findings on the same
//! page count twice. A finding that was waived since is neither new nor resolved; one that was
//! waived in the baseline and counts again (its waiver expired or was removed) is new, so that
//! `--only-new` never leaves out an error that blocks mailing again. Only CSV reports written
//! by this tool are read; their formula neutralisation is undone with the same code that
//! applied it.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use super::csv::unneutralise;
use super::{GAP_REPORT_HEADER, WriteError, finding_order};
use crate::finding::{Finding, Severity};

/// What identifies a finding across runs: case, code, file, page.
type Key = (String, String, String, Option<u32>);

/// The findings of an earlier gap report, counted by key: those that counted, and those that
/// were waived.
#[derive(Debug, Clone, Default)]
pub struct Baseline {
    counts: HashMap<Key, (usize, usize)>,
    total: usize,
}

/// How this run's findings compare with the baseline.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BaselineDiff {
    /// Per finding, in the order given to [`Baseline::diff`]: not in the baseline.
    pub is_new: Vec<bool>,
    /// Findings not in the baseline.
    pub new: usize,
    /// Baseline findings no longer found.
    pub resolved: usize,
}

impl Baseline {
    /// Reads a CSV gap report written earlier by `dossier`.
    ///
    /// A file whose header is not the gap report's is refused, so that passing the case
    /// summary or some other CSV by mistake is an error rather than "everything is new".
    pub fn load(path: &Path) -> Result<Baseline, WriteError> {
        let bytes = std::fs::read(path).map_err(|source| WriteError::BaselineRead {
            path: path.to_owned(),
            source,
        })?;
        Baseline::from_bytes(&bytes, path)
    }

    /// Parses a gap report held in memory; `path` is only used in error messages.
    pub fn from_bytes(bytes: &[u8], path: &Path) -> Result<Baseline, WriteError> {
        let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
        let first_line = bytes.split(|&b| b == b'\n').next().unwrap_or_default();
        // A Dutch spreadsheet saves CSV with `;`; accept that rather than refuse the file.
        let delimiter = if first_line.starts_with(b"case;form;") {
            b';'
        } else {
            b','
        };
        let mut reader = ::csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .delimiter(delimiter)
            .from_reader(bytes);
        let mut records = reader.byte_records();
        let header_ok = match records.next() {
            Some(Ok(h)) => {
                h.len() >= GAP_REPORT_HEADER.len()
                    && GAP_REPORT_HEADER
                        .iter()
                        .zip(h.iter())
                        .all(|(want, got)| want.as_bytes() == got.trim_ascii())
            }
            _ => false,
        };
        if !header_ok {
            let found = String::from_utf8_lossy(first_line);
            let found: String = found.trim_end().chars().take(80).collect();
            return Err(WriteError::BaselineNotReport {
                path: path.to_owned(),
                found,
            });
        }
        let mut baseline = Baseline::default();
        for record in records {
            let record = record.map_err(|e| row_error(path, e.position(), e.to_string()))?;
            let line = record.position().map(|p| p.line());
            let bad = |reason: String| WriteError::BaselineRow {
                path: path.to_owned(),
                line: line.unwrap_or(0),
                reason,
            };
            if record.len() < GAP_REPORT_HEADER.len() {
                return Err(bad(format!(
                    "{} columns where the header has {}",
                    record.len(),
                    GAP_REPORT_HEADER.len()
                )));
            }
            let cell = |i: usize| -> Result<String, WriteError> {
                let raw = record.get(i).unwrap_or_default();
                let text = std::str::from_utf8(raw).map_err(|_| {
                    bad(format!(
                        "the {} column is not UTF-8 text",
                        GAP_REPORT_HEADER[i]
                    ))
                })?;
                Ok(unneutralise(text).to_owned())
            };
            let page_text = cell(5)?;
            let page =
                match page_text.trim() {
                    "" => None,
                    p => Some(p.parse::<u32>().map_err(|_| {
                        bad(format!("`{p}` in the page column is not a page number"))
                    })?),
                };
            let waived = cell(2)?.trim() == Severity::Waived.as_str();
            baseline.add((cell(0)?, cell(3)?, cell(4)?, page), waived);
        }
        Ok(baseline)
    }

    /// Builds a baseline from findings, as if their report had been read back.
    pub fn from_findings(findings: &[Finding]) -> Baseline {
        let mut baseline = Baseline::default();
        for f in findings {
            baseline.add(key(f), f.severity == Severity::Waived);
        }
        baseline
    }

    /// The number of findings in the baseline.
    pub fn len(&self) -> usize {
        self.total
    }

    /// Whether the baseline holds no finding at all.
    pub fn is_empty(&self) -> bool {
        self.total == 0
    }

    fn add(&mut self, key: Key, waived: bool) {
        let (counted, were_waived) = self.counts.entry(key).or_default();
        *if waived { were_waived } else { counted } += 1;
        self.total += 1;
    }

    /// Compares `findings` with the baseline. Among findings with the same key, the first ones
    /// in report order are the old ones, so the result does not depend on the given order.
    pub fn diff(&self, findings: &[Finding]) -> BaselineDiff {
        // Per key, how many of the baseline's counted and waived findings are matched.
        let mut matched: HashMap<&Key, (usize, usize)> = HashMap::new();
        let mut order: Vec<usize> = (0..findings.len()).collect();
        order.sort_by(|&a, &b| finding_order(&findings[a], &findings[b]));
        let mut is_new = vec![true; findings.len()];
        let mut new = 0;
        for i in order {
            let f = &findings[i];
            let Some((k, &(counted, waived))) = self.counts.get_key_value(&key(f)) else {
                new += 1;
                continue;
            };
            let m = matched.entry(k).or_default();
            if m.0 < counted {
                m.0 += 1;
                is_new[i] = false;
            } else if m.1 < waived && f.severity == Severity::Waived {
                // Waived then and now: the same finding. Waived then but counting now is new.
                m.1 += 1;
                is_new[i] = false;
            } else {
                new += 1;
            }
        }
        BaselineDiff {
            is_new,
            new,
            resolved: self.total - matched.values().map(|(c, w)| c + w).sum::<usize>(),
        }
    }
}

fn key(f: &Finding) -> Key {
    (f.case.clone(), f.code.to_owned(), f.file.clone(), f.page)
}

fn row_error(path: &Path, position: Option<&::csv::Position>, reason: String) -> WriteError {
    WriteError::BaselineRow {
        path: PathBuf::from(path),
        line: position.map(|p| p.line()).unwrap_or(0),
        reason,
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_support::*;
    use super::super::{Format, Report};
    use super::*;

    fn written(findings: &[Finding]) -> Vec<u8> {
        let r = Report {
            findings,
            cases: &[],
            baseline: None,
            only_new: false,
            explain: &explain,
        };
        render(Format::Csv, &r).into_bytes()
    }

    #[test]
    fn counts_new_and_resolved_with_duplicates() {
        let p1 = finding("a", "F006", "x.pdf", Some(1));
        let old = [p1.clone(), p1.clone(), finding("a", "R001", "", None)];
        let baseline = Baseline::from_bytes(&written(&old), Path::new("old.csv"));
        let baseline = match baseline {
            Ok(b) => b,
            Err(e) => panic!("{e}"),
        };
        assert_eq!(baseline.len(), 3);
        let mut reworded = p1.clone();
        reworded.message = "new wording".to_owned();
        let now = [
            finding("b", "F006", "x.pdf", Some(1)),
            reworded,
            p1.clone(),
            p1.clone(),
        ];
        let diff = baseline.diff(&now);
        assert_eq!(
            diff.new, 2,
            "case b and a third copy of the page finding are new"
        );
        assert_eq!(diff.resolved, 1, "R001 is gone");
        assert_eq!(diff.is_new.iter().filter(|&&n| n).count(), 2);
        assert!(diff.is_new[0], "case b was not in the baseline");
    }

    #[test]
    fn a_waiver_is_not_new_but_a_waived_finding_counting_again_is() {
        let error = finding("a", "F001", "p.pdf", None);
        let mut waived = error.clone();
        waived.severity = Severity::Waived;
        // Waived since the baseline: neither new nor resolved.
        let diff = Baseline::from_findings(std::slice::from_ref(&error)).diff(&[waived.clone()]);
        assert_eq!((diff.new, diff.resolved), (0, 0));
        // Waived then and now: the same.
        let then_waived = Baseline::from_findings(std::slice::from_ref(&waived));
        assert_eq!(then_waived.diff(&[waived.clone()]).new, 0);
        // Waived then, an error now (the waiver expired): new, so --only-new shows it.
        let diff = then_waived.diff(std::slice::from_ref(&error));
        assert_eq!(diff.new, 1);
        assert!(diff.is_new[0]);
        // Read back from a written report, the severity column says the same.
        let read =
            Baseline::from_bytes(&written(std::slice::from_ref(&waived)), Path::new("b.csv"))
                .unwrap();
        assert_eq!(read.diff(&[error]).new, 1);
    }

    #[test]
    fn diff_does_not_depend_on_input_order() {
        let a = finding("a", "F006", "x.pdf", Some(1));
        let mut b = a.clone();
        b.message = "other".to_owned();
        let baseline = Baseline::from_findings(std::slice::from_ref(&a));
        let forward = baseline.diff(&[a.clone(), b.clone()]);
        let backward = baseline.diff(&[b, a]);
        assert_eq!(forward.is_new, [false, true]);
        assert_eq!(backward.is_new, [true, false]);
    }

    #[test]
    fn reads_back_a_neutralised_report() {
        let hostile = [
            finding("=HYPERLINK(\"x\")", "F006", "-scan.pdf", Some(2)),
            finding("'=quoted", "F006", "@a,b.pdf", None),
        ];
        let baseline = match Baseline::from_bytes(&written(&hostile), Path::new("old.csv")) {
            Ok(b) => b,
            Err(e) => panic!("{e}"),
        };
        let diff = baseline.diff(&hostile);
        assert_eq!((diff.new, diff.resolved), (0, 0));
    }

    #[test]
    fn accepts_semicolons_and_a_byte_order_mark() {
        let text =
            "\u{feff}case;form;severity;code;file;page;message\r\na;7018;error;F006;x.pdf;1;m\r\n";
        let baseline = Baseline::from_bytes(text.as_bytes(), Path::new("old.csv"));
        let diff = baseline.map(|b| b.diff(&[finding("a", "F006", "x.pdf", Some(1))]));
        assert_eq!(diff.map(|d| d.new).ok(), Some(0));
    }

    #[test]
    fn refuses_a_file_that_is_not_a_gap_report() {
        let summary = b"case,form,status,errors,warnings,waived,fee_eur,copies,pages\n";
        match Baseline::from_bytes(summary, Path::new("nightly/summary.csv")) {
            Err(e @ WriteError::BaselineNotReport { .. }) => {
                let msg = e.to_string();
                assert!(msg.contains("nightly/summary.csv"), "{msg}");
                assert!(
                    msg.contains("case,form,severity,code,file,page,message"),
                    "{msg}"
                );
            }
            other => panic!("expected BaselineNotReport, got {other:?}"),
        }
        assert!(matches!(
            Baseline::from_bytes(b"", Path::new("empty.csv")),
            Err(WriteError::BaselineNotReport { .. })
        ));
    }

    #[test]
    fn a_damaged_row_names_its_line() {
        let text = "case,form,severity,code,file,page,message\na,7018,error,F006,x.pdf,one,m\n";
        match Baseline::from_bytes(text.as_bytes(), Path::new("old.csv")) {
            Err(e @ WriteError::BaselineRow { line: 2, .. }) => {
                assert!(e.to_string().contains("old.csv line 2"), "{e}");
            }
            other => panic!("expected a row error on line 2, got {other:?}"),
        }
    }

    #[test]
    fn a_missing_file_is_an_error_naming_it() {
        match Baseline::load(Path::new("/nonexistent/dossier-report.csv")) {
            Err(e) => assert!(e.to_string().contains("/nonexistent/dossier-report.csv")),
            Ok(_) => panic!("loaded a file that does not exist"),
        }
    }
}
