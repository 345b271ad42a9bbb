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

/// A finding before it is tied to its case and its severity is settled (waivers, registry).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Draft {
    /// Stable rule code.
    pub code: &'static str,
    /// File relative to the case folder, or empty.
    pub file: String,
    /// Page from 1, for page-level findings.
    pub page: Option<u32>,
    /// The message for a volunteer.
    pub message: String,
}

impl Draft {
    /// A finding about the case as a whole.
    pub fn case(code: &'static str, message: impl Into<String>) -> Draft {
        Draft {
            code,
            file: String::new(),
            page: None,
            message: message.into(),
        }
    }

    /// A finding about one file.
    pub fn file(code: &'static str, file: impl Into<String>, message: impl Into<String>) -> Draft {
        Draft {
            code,
            file: file.into(),
            page: None,
            message: message.into(),
        }
    }

    /// A finding about one page of one file.
    pub fn page(
        code: &'static str,
        file: impl Into<String>,
        page: u32,
        message: impl Into<String>,
    ) -> Draft {
        Draft {
            code,
            file: file.into(),
            page: Some(page),
            message: message.into(),
        }
    }
}
