//! TEMPORARY stand-in until the render branch lands (the lead replaces this file).
use serde::Serialize;
use std::path::{Path, PathBuf};
#[derive(Debug, thiserror::Error)]
#[error("rendering is not built yet")]
pub struct RenderError;
pub struct Templates;
impl Templates {
    pub fn builtin() -> Templates {
        Templates
    }
    pub fn load_dir(_d: &std::path::Path) -> Result<Templates, RenderError> {
        Ok(Templates)
    }
}
pub enum CopySource {
    /// A PDF: every page is taken.
    Pdf,
    /// A JPEG: one page, the data embedded unchanged.
    Jpeg,
    /// A PNG: one page, stored losslessly.
    Png,
    /// A TIFF: one page (the first image), stored losslessly.
    Tiff,
}
pub struct PacketCopy {
    /// Where the copy is on disk.
    pub path: PathBuf,
    /// What kind of file it is.
    pub source: CopySource,
    /// The bookmark title, e.g. "2. Paspoort".
    pub title: String,
}
pub fn write_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let name = path.file_name().ok_or_else(|| {
        std::io::Error::new(
            std::io::ErrorKind::InvalidInput,
            format!("{} is not a file path", path.display()),
        )
    })?;
    let mut prefix = std::ffi::OsString::from(".");
    prefix.push(name);
    prefix.push(".");
    let mut tmp = tempfile::Builder::new()
        .prefix(&prefix)
        .suffix(".tmp")
        .tempfile_in(dir)?;
    std::io::Write::write_all(&mut tmp, bytes)?;
    tmp.as_file().sync_all()?;
    tmp.persist(path).map_err(|e| e.error)?;
    // The rename is durable only once the folder's entry is; not every platform allows
    // opening a folder, so a failure here is not an error.
    if let Ok(d) = std::fs::File::open(dir) {
        let _ = d.sync_all();
    }
    Ok(())
}
#[derive(Debug, Clone, Serialize)]
pub struct CoverData {
    /// Language of the generated documents: `nl` or `en` (anything else is refused).
    pub language: String,
    /// True when the packet is made with `--force` for a case that has errors.
    pub not_ready: bool,
    /// Why the case is not ready, e.g. "3 errors: see the report".
    pub not_ready_reason: String,
    /// The organisation that prepares the case (from the root's `dossier.toml`).
    pub organisation: Organisation,
    /// The case id.
    pub case_id: String,
    /// The person the application is for.
    pub applicant: Applicant,
    /// The IND form number, e.g. "7018".
    pub form_number: String,
    /// The form's title in the sheet's language.
    pub form_title: String,
    /// The enclosed copies in checklist order, numbered from 1.
    pub copies: Vec<CopyLine>,
    /// Total number of pages of all copies: the number the form asks for.
    pub total_pages: u32,
    /// The fee, or `None` when it cannot be computed.
    pub fee: Option<FeeView>,
    /// The IND postal address for this form, one line per entry.
    pub postal_address: Vec<String>,
    /// Findings a person has waived, with their reasons.
    pub waived: Vec<WaivedLine>,
}

/// The organisation's details from the root's `dossier.toml`; empty fields are left out.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Organisation {
    /// Name of the organisation.
    pub name: String,
    /// Postal address, one line per entry.
    pub address: Vec<String>,
    /// Contact person.
    pub contact: String,
    /// Telephone number.
    pub phone: String,
    /// E-mail address.
    pub email: String,
}

/// The applicant as printed on the cover sheet.
#[derive(Debug, Clone, Serialize)]
pub struct Applicant {
    /// Full name, any script.
    pub name: String,
    /// Date of birth, `yyyy-mm-dd`.
    pub born: String,
    /// The IND V-number, when known.
    pub v_number: Option<String>,
    /// The IND client number, when known.
    pub client_number: Option<String>,
}

/// One enclosed copy on the cover sheet.
#[derive(Debug, Clone, Serialize)]
pub struct CopyLine {
    /// Position in the packet, from 1.
    pub number: u32,
    /// Document kind in the sheet's language, e.g. "Paspoort".
    pub kind: String,
    /// File name relative to the case folder.
    pub file: String,
    /// Number of pages of this copy.
    pub pages: u32,
}

/// The fee and how it was computed, in euros as decimal strings ("174", "174.50").
#[derive(Debug, Clone, Serialize)]
pub struct FeeView {
    /// The amount due.
    pub amount: String,
    /// The base fee before reductions.
    pub base: String,
    /// Date from which the fee schedule used is in force, `yyyy-mm-dd`.
    pub schedule_valid_from: String,
    /// Where the schedule comes from.
    pub source: String,
    /// Every reduction or exemption considered, applied or not.
    pub considered: Vec<FeeLine>,
}

/// One reduction or exemption that was considered.
#[derive(Debug, Clone, Serialize)]
pub struct FeeLine {
    /// What the reduction is for, in the sheet's language.
    pub reason: String,
    /// The amount it would lead to.
    pub amount: String,
    /// The verdict in the sheet's language: applied, applies but not the lowest, does not
    /// apply, or proof missing.
    pub status: String,
}

/// A finding that a person has looked at and accepted.
#[derive(Debug, Clone, Serialize)]
pub struct WaivedLine {
    /// The finding's code, e.g. "V002".
    pub code: String,
    /// The file it concerns, relative to the case folder (may be empty).
    pub file: String,
    /// Why it was accepted.
    pub reason: String,
}

/// The languages the built-in templates exist in.
pub const LANGUAGES: [&str; 2] = ["nl", "en"];
pub fn cover_sheet(_t: &Templates, _d: &CoverData) -> Result<Vec<u8>, RenderError> {
    Err(RenderError)
}
pub fn fee_summary(_t: &Templates, _d: &CoverData) -> Result<String, RenderError> {
    Err(RenderError)
}
pub fn packet(
    _t: &Templates,
    _c: &[u8],
    _p: &[PacketCopy],
    _s: &str,
) -> Result<Vec<u8>, RenderError> {
    Err(RenderError)
}
