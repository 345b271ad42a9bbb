//! The paperwork `dossier prepare` writes for each case: the cover sheet (typst template, PDF),
//! the fee summary (tera template, plain text) and the stamped print-ready packet (lopdf), plus
//! the atomic file writing they all share.
//!
//! The data types here are the view of a case that the templates see, already worded in the
//! sheet's language; this module does not decide fees, findings or readiness (the rules do) and
//! does not walk case folders. It never prints. Every output is a pure function of its inputs:
//! no timestamps, document identifiers derived from a hash of the inputs.

/// The version of what rendering makes of the same inputs. Bump it whenever a cover sheet,
/// stamp or packet would come out differently: `prepare` then renders every case again instead
/// of keeping outputs an older version made.
pub const RENDER_VERSION: u32 = 5;

mod atomic;
mod cover;
mod error;
mod fields;
mod fonts;
mod images;
mod markup;
mod packet;
mod stamp;
mod templates;
mod text;

pub use atomic::{
    Staged, owner_can_read, stage, stage_with, sync_folder, write_atomic, write_atomic_with,
};
pub use cover::cover_sheet;
pub use error::RenderError;
pub(crate) use fields::drawn_value;
pub use fonts::missing_glyphs;
pub(crate) use markup::DRAWN_SUBTYPES;
pub use packet::{CopySource, Packet, PacketCopy, build as build_packet, packet};
pub(crate) use packet::{oc_printed, printed_layers, unprintable_form};
pub use templates::Templates;
pub use text::fee_summary;

use serde::Serialize;

/// Everything a cover sheet and a fee summary show for one case, worded in `language`.
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
    /// Where the schedule comes from, with the project's notes on it (for the fee summary).
    pub source: String,
    /// The web addresses in `source` alone, for the cover sheet that goes to the IND (the
    /// project's notes on its sources are not for them); empty when it names none.
    pub links: String,
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
    /// The pages it concerns, as ranges ("1–25", "2, 4–5"); empty when not about pages. One
    /// waiver covering many pages of a file is one line.
    pub pages: String,
}

/// The languages the built-in templates exist in.
pub const LANGUAGES: [&str; 2] = ["nl", "en"];
