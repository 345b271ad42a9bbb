//! The rules: one registry of codes with their documentation ([`registry`]), and one module per
//! family that turns what was read and measured into findings.
//!
//! Rules decide what is a finding and how it is worded; they read no files themselves (the
//! scanner and the case loader do).

pub mod case;
pub mod cross;
pub mod fee;
pub mod files;
pub mod legal;
pub mod registry;
pub mod required;
pub mod waivers;

use crate::finding::Severity;

/// The severity of a code, from the registry (an unknown code counts as an error: safer).
pub fn severity_of(code: &str) -> Severity {
    registry::rule(code).map_or(Severity::Error, |r| r.severity)
}
