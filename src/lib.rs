//! `dossier`: check IND residence-permit dossiers before they are posted, and prepare their
//! paperwork (cover sheet, fee summary, manifest, stamped print-ready packet).
//!
//! The library holds every layer; `main.rs` only parses arguments and turns the outcome into an
//! exit status. Library code never prints.

pub mod app;
pub mod cache;
pub mod case;
pub mod check;
pub mod cli;
pub mod config;
pub mod date;
pub mod finding;
pub mod form;
pub mod prepare;
pub mod progress;
pub mod render;
pub mod report;
pub mod rules;
pub mod scaffold;
pub mod scan;
mod tiff_pages;

/// Lower-case hexadecimal of `bytes` (hashes in reports, manifests, cache keys and inputs
/// markers).
pub(crate) fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}
