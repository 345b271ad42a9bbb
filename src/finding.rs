//! A finding: one problem found in one case, with its code, severity and location.
//!
//! Findings are plain data. Rules create them, `report` writes them; nothing here decides
//! what is wrong.

use serde::Serialize;

/// How much a finding matters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Blocks mailing.
    Error,
    /// Needs a person's look.
    Warning,
    /// For information only.
    Info,
    /// Would be an error or warning, but a waiver in `case.toml` accepted it.
    Waived,
}

impl Severity {
    /// The word used in reports.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
            Severity::Waived => "waived",
        }
    }
}

/// One problem in one case.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    /// The case id (never the applicant's name).
    pub case: String,
    /// The form number, empty when `case.toml` could not be read.
    pub form: String,
    /// Severity after waivers.
    pub severity: Severity,
    /// Stable rule code such as `F002`.
    pub code: &'static str,
    /// File relative to the case folder, with `/` separators; empty when not about a file.
    pub file: String,
    /// Page number counted from 1, for page-level findings.
    pub page: Option<u32>,
    /// What is wrong, where, and how to fix it, for a volunteer.
    pub message: String,
}

impl Finding {
    /// The report order: case, code, file, page (then message, to make it total).
    pub fn sort_key(&self) -> (&str, &str, &str, u32, &str) {
        (
            &self.case,
            self.code,
            &self.file,
            self.page.unwrap_or(0),
            &self.message,
        )
    }
}
