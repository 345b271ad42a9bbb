//! The one error type of the render layer. Every variant names the file or template concerned
//! and what was being done, so that `main` can print a message a volunteer can act on.
//!
//! Messages never contain a client's name or date of birth: they name templates, copies (by
//! path) and positions, not data.

use std::path::PathBuf;

/// Why a cover sheet, fee summary or packet could not be made.
#[derive(Debug, thiserror::Error)]
pub enum RenderError {
    /// A template file in an organisation's folder could not be read.
    #[error("cannot read template {path}: {source}")]
    TemplateRead {
        /// The template file.
        path: PathBuf,
        /// The underlying error.
        source: std::io::Error,
    },
    /// A template has a syntax error; `line` and `column` count from 1.
    #[error("template {file}, line {line}, column {column}: {message}")]
    TemplateSyntax {
        /// The template's file name, e.g. `cover-sheet.nl.typ`.
        file: String,
        /// Line of the error.
        line: usize,
        /// Column of the error.
        column: usize,
        /// What is wrong, in the template engine's words.
        message: String,
    },
    /// A template failed while filling in a case's data.
    #[error("template {file}{}: {message}", line.map(|l| format!(", line {l}")).unwrap_or_default())]
    TemplateRender {
        /// The template's file name.
        file: String,
        /// Line of the failing expression, when known.
        line: Option<usize>,
        /// What went wrong.
        message: String,
    },
    /// The document language is not one the templates exist in.
    #[error("no template for language {language:?}: use nl or en")]
    UnknownLanguage {
        /// The language asked for.
        language: String,
    },
    /// A copy could not be read from disk.
    #[error("cannot read copy {path}: {source}")]
    CopyRead {
        /// The copy's path.
        path: PathBuf,
        /// The underlying error.
        source: std::io::Error,
    },
    /// A copy is not the file that was checked: it was changed, replaced or moved while
    /// `dossier` was running.
    #[error(
        "copy {path} changed after it was checked, so the packet would hold pages nobody \
         checked: let whoever is editing the case finish, then run dossier again"
    )]
    CopyChanged {
        /// The copy's path.
        path: PathBuf,
    },
    /// A copy could not be understood well enough to put it in the packet.
    #[error("cannot add copy {path} to the packet: {message}")]
    CopyUnusable {
        /// The copy's path.
        path: PathBuf,
        /// What is wrong with it and, where possible, how to fix it.
        message: String,
    },
    /// The cover sheet handed to the packet is not a PDF this module can read.
    #[error("cannot read the cover sheet for the packet: {message}")]
    CoverUnusable {
        /// What is wrong.
        message: String,
    },
    /// Writing the finished PDF failed (a bug rather than a user problem).
    #[error("cannot write {what}: {message}")]
    Write {
        /// Which output, e.g. "packet.pdf".
        what: &'static str,
        /// What went wrong.
        message: String,
    },
}
