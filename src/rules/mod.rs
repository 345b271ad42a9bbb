//! The rules that turn facts about a case into findings, and the registry that documents them.
//!
//! Only the registry lives here so far; the rule families (case, files, V-number, legalisation,
//! requirements, fee, cross-case) arrive as sibling modules. Nothing in this module prints or
//! decides how findings are reported.

pub mod registry;
