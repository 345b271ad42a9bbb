//! Looks inside every copy of a case, page by page, and returns facts: what kind of file it
//! is, its SHA-256, why it cannot be read, and for each page its displayed size, scan
//! resolution, whether it is blank and whether its text layer carries the applicant's
//! identifier.
//!
//! Each file is read once, hashed and inspected from the same buffer, in isolation from every
//! other file, with its work bounded by [`Limits`] and any panic of the PDF library caught at
//! the file boundary. This module deliberately decides nothing: it never assigns a rule code or
//! a severity and never compares files across cases. The rules turn these facts into findings.

mod cmap;
mod content;
mod font;
mod image;
mod jpeg;
mod pdf;
mod pixels;
mod sniff;
mod text;

use std::fs::File;
use std::io::Read;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::Path;

use sha2::{Digest, Sha256};

use crate::date::Date;

pub use sniff::sniff_file;

/// The version of what inspecting a copy finds. Bump it whenever the scanner would find
/// something else in the same file (a rule, a page count, a message): the cache keeps results
/// per version, so an upgrade never reuses what an older scanner found.
pub const INSPECTION_VERSION: u32 = 7;
pub use text::identifier_in_text;

pub(crate) use pdf::{
    PageNode, Walk, number as pdf_number, page_nodes, pdf_body, stream_unread, unread_stream_data,
};

/// What identifies the applicant on every page, in SPEC order of preference.
#[derive(Debug, Clone, Default)]
pub enum Identifier {
    /// The IND's V-number, digits only, as in `case.toml`.
    VNumber(String),
    /// Both numbers are known: either on a page will do, as the IND asks for "the V-number or
    /// the client number" on every copy. The V-number is the one stamped.
    VOrClientNumber {
        /// The V-number.
        v_number: String,
        /// The client number (klantnummer).
        client_number: String,
    },
    /// The IND client number (klantnummer), as in `case.toml`.
    ClientNumber(String),
    /// Neither number is known: the name (every part) and the date of birth must both stand on
    /// the page.
    NameAndBirth {
        /// The applicant's full name, with any diacritics.
        name: String,
        /// The applicant's date of birth.
        born: Date,
    },
    /// Nothing to search: only whether a page has a text layer is reported.
    #[default]
    Nothing,
}

/// Caps on the work done for one file, so that one hostile or broken file cannot exhaust the
/// machine or stall the batch.
#[derive(Debug, Clone)]
pub struct Limits {
    /// A larger file is refused with [`ProblemKind::TooLarge`] and never read.
    pub max_file_bytes: u64,
    /// Decompressed bytes allowed for any one stream: bounds memory (a deflate bomb is refused
    /// before it is inflated).
    pub max_decompressed_bytes: u64,
    /// Decompressed bytes allowed for all streams of one file together: bounds the work on one
    /// file (a large form drawn thousands of times).
    pub max_decompressed_total: u64,
    /// Pages inspected in one PDF; a PDF with more is reported as too large.
    pub max_pages: u32,
    /// Objects allowed in one PDF; a PDF with more is reported as too large.
    pub max_objects: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_file_bytes: 256 * 1024 * 1024,
            max_decompressed_bytes: 64 * 1024 * 1024,
            max_decompressed_total: 1024 * 1024 * 1024,
            max_pages: 2_000,
            max_objects: 500_000,
        }
    }
}

/// What the file system says of a file at one moment: enough to tell, as the cache does,
/// whether it changed since (size, modification and change times in nanoseconds, inode and
/// device). A file written again gets a new change time, which no program can set back.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FileStamp {
    /// Size in bytes.
    pub size: u64,
    /// Modification time, nanoseconds since 1970.
    pub mtime_ns: i128,
    /// Status change time, nanoseconds since 1970.
    pub ctime_ns: i128,
    /// Inode number.
    pub inode: u64,
    /// Device number.
    pub dev: u64,
}

impl FileStamp {
    /// The stamp of a file from its metadata.
    pub fn of(m: &std::fs::Metadata) -> FileStamp {
        use std::os::unix::fs::MetadataExt;
        FileStamp {
            size: m.len(),
            mtime_ns: i128::from(m.mtime()) * 1_000_000_000 + i128::from(m.mtime_nsec()),
            ctime_ns: i128::from(m.ctime()) * 1_000_000_000 + i128::from(m.ctime_nsec()),
            inode: m.ino(),
            dev: m.dev(),
        }
    }
}

/// Kind of file by magic bytes (and extension where magic is silent).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FileKind {
    /// A PDF document.
    Pdf,
    /// A JPEG image.
    Jpeg,
    /// A PNG image.
    Png,
    /// A TIFF image.
    Tiff,
    /// Digital media: audio, video, archive, disc image (F004). The text is a volunteer's word:
    /// "MP4 video", "ZIP archive", "ISO disc image".
    Media(&'static str),
    /// Cannot be printed as it is (F008): "Word document", "HEIC photo", "text file", …
    Unprintable(&'static str),
    /// Nothing recognised.
    Unknown,
}

/// Why a file cannot be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ProblemKind {
    /// The content is damaged.
    Corrupt,
    /// The file ends early.
    Truncated,
    /// A password is needed to open it.
    Encrypted,
    /// Over a [`Limits`] cap.
    TooLarge,
    /// The content is not what the extension says.
    WrongExtension,
    /// A folder, pipe, socket or device rather than a file.
    NotARegularFile,
    /// The operating system refused to read it, or it vanished.
    Unreadable,
    /// Zero bytes.
    Empty,
}

/// Why a file cannot be read (→ F003). `message` is a full sentence for a volunteer, without the
/// path (the caller adds file and case).
#[derive(Debug, Clone)]
pub struct Problem {
    /// What kind of problem it is.
    pub kind: ProblemKind,
    /// What is wrong and how to fix it, e.g. "this PDF is protected by a password: open it and
    /// print it to a new PDF".
    pub message: String,
}

impl Problem {
    fn new(kind: ProblemKind, message: impl Into<String>) -> Self {
        Problem {
            kind,
            message: message.into(),
        }
    }
}

/// Whether a page's text layer carries the identifier.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TextLayer {
    /// The page has no readable text at all.
    None,
    /// The text carries the identifier (or, with [`Identifier::Nothing`], there is text).
    Found,
    /// The page has text but the identifier is not in it.
    Missing,
}

/// What one page looks like.
#[derive(Debug, Clone)]
pub struct PageFacts {
    /// Page number, from 1.
    pub number: u32,
    /// Width as displayed (after /Rotate, /UserUnit, CropBox ∩ MediaBox), in mm.
    pub width_mm: f64,
    /// Height as displayed, in mm.
    pub height_mm: f64,
    /// Lowest effective resolution of the page's scan image(s), if the page is a scan: pixels
    /// over displayed inches, the smaller axis, to a tenth of a dpi. Images covering less than a
    /// fifth of the page (logos, stamps) do not count.
    pub dpi: Option<f64>,
    /// Nothing is painted on the page, or only white, or only a nearly white scan.
    pub blank: bool,
    /// Whether the text layer carries the identifier.
    pub text: TextLayer,
}

/// What one copy is and holds.
#[derive(Debug, Clone)]
pub struct CopyFacts {
    /// File size in bytes.
    pub bytes: u64,
    /// SHA-256 of the whole file; `None` only when the file could not be read at all.
    pub sha256: Option<[u8; 32]>,
    /// What the content is.
    pub kind: FileKind,
    /// Why the file cannot be read; `pages` then holds only what could be read.
    pub problem: Option<Problem>,
    /// Every page; a standalone image is one page with its size fitted to A4.
    pub pages: Vec<PageFacts>,
}

/// A4 in mm.
const A4_MM: (f64, f64) = (210.0, 297.0);
/// Tolerance on each side of A4, in mm (SPEC).
const A4_TOLERANCE_MM: f64 = 3.0;

/// A4 in mm, ±3 mm either orientation (SPEC).
pub fn is_a4(width_mm: f64, height_mm: f64) -> bool {
    let near = |a: f64, b: f64| (a - b).abs() <= A4_TOLERANCE_MM;
    (near(width_mm, A4_MM.0) && near(height_mm, A4_MM.1))
        || (near(width_mm, A4_MM.1) && near(height_mm, A4_MM.0))
}

const NOT_A_FILE: &str = "this is not an ordinary file (it is a folder, pipe or device): \
    replace it with the scanned copy itself";

/// Reads the file once: hashes it and inspects it. Never panics and never blocks: FIFOs and
/// devices are refused from their metadata, size is capped before reading, the work on a file is
/// bounded by `limits`, and the inspection runs under `catch_unwind` (a panic in the PDF library
/// becomes [`ProblemKind::Corrupt`]; the process's panic hook still sees it).
pub fn inspect_copy(path: &Path, id: &Identifier, limits: &Limits) -> CopyFacts {
    let ext = sniff::extension(path);
    let unread = |bytes: u64, kind: FileKind, problem: Problem| CopyFacts {
        bytes,
        sha256: None,
        kind,
        problem: Some(problem),
        pages: Vec::new(),
    };
    let meta = match std::fs::metadata(path) {
        Ok(meta) => meta,
        Err(err) => {
            return unread(
                0,
                sniff::kind_from_extension(&ext),
                Problem::new(ProblemKind::Unreadable, unreadable_message(&err)),
            );
        }
    };
    if !meta.is_file() {
        return unread(
            0,
            FileKind::Unknown,
            Problem::new(ProblemKind::NotARegularFile, NOT_A_FILE),
        );
    }
    if meta.len() > limits.max_file_bytes {
        return unread(
            meta.len(),
            sniff::sniff_file(path),
            too_large(meta.len(), limits),
        );
    }
    let buf = match read_capped(path, limits.max_file_bytes) {
        Ok(ReadOutcome::Whole(buf)) => buf,
        Ok(ReadOutcome::NotRegular) => {
            return unread(
                0,
                FileKind::Unknown,
                Problem::new(ProblemKind::NotARegularFile, NOT_A_FILE),
            );
        }
        Ok(ReadOutcome::TooLarge(len)) => {
            return unread(len, sniff::sniff_file(path), too_large(len, limits));
        }
        Err(err) => {
            return unread(
                meta.len(),
                sniff::kind_from_extension(&ext),
                Problem::new(ProblemKind::Unreadable, unreadable_message(&err)),
            );
        }
    };
    inspect_bytes(&buf, &ext, id, limits)
}

/// Hashes and inspects a copy already in memory, as [`inspect_copy`] does after reading it.
/// `extension` is the file's extension without the dot (any case), used where the content's
/// first bytes are silent and to judge whether content and name agree.
pub fn inspect_bytes(buf: &[u8], extension: &str, id: &Identifier, limits: &Limits) -> CopyFacts {
    let ext = extension.to_lowercase();
    let sha256: [u8; 32] = Sha256::digest(buf).into();
    let mut facts = CopyFacts {
        bytes: buf.len() as u64,
        sha256: Some(sha256),
        kind: FileKind::Unknown,
        problem: None,
        pages: Vec::new(),
    };
    if buf.is_empty() {
        facts.kind = sniff::kind_from_extension(&ext);
        facts.problem = Some(Problem::new(
            ProblemKind::Empty,
            "the file is empty (0 bytes): scan or copy the document again",
        ));
        return facts;
    }
    let by_magic = sniff::kind_from_magic(buf, &ext);
    let by_ext = sniff::kind_from_extension(&ext);
    facts.kind = by_magic.clone().unwrap_or_else(|| by_ext.clone());
    if let Some(problem) = sniff::extension_problem(by_magic.as_ref(), &by_ext, &ext) {
        facts.problem = Some(problem);
    }
    let kind = facts.kind.clone();
    let inspected = catch_unwind(AssertUnwindSafe(|| match kind {
        FileKind::Pdf => pdf::inspect(buf, id, limits),
        FileKind::Jpeg | FileKind::Png | FileKind::Tiff => image::inspect(buf, &kind),
        _ => (Vec::new(), None),
    }));
    match inspected {
        Ok((pages, problem)) => {
            facts.pages = pages;
            if facts.problem.is_none() {
                facts.problem = problem;
            }
        }
        Err(_) => {
            facts.problem = Some(Problem::new(
                ProblemKind::Corrupt,
                "the file is damaged in a way that stopped the reader: \
                 open it in a viewer and print it to a new PDF, or scan it again",
            ));
        }
    }
    facts
}

fn too_large(len: u64, limits: &Limits) -> Problem {
    Problem::new(
        ProblemKind::TooLarge,
        format!(
            "the file is too large to check ({} MB, the limit is {} MB): \
             scan it again at 200 to 300 dpi or split it into smaller files",
            len.div_ceil(1024 * 1024),
            limits.max_file_bytes / (1024 * 1024)
        ),
    )
}

fn unreadable_message(err: &std::io::Error) -> String {
    match err.kind() {
        std::io::ErrorKind::NotFound => {
            "the file disappeared while it was being checked: put it back and check again".into()
        }
        std::io::ErrorKind::PermissionDenied => {
            "the file cannot be opened (permission denied): ask whoever manages the shared \
             drive to give read access"
                .into()
        }
        _ => format!("the file cannot be read ({err}): copy it again from the original"),
    }
}

enum ReadOutcome {
    Whole(Vec<u8>),
    NotRegular,
    TooLarge(u64),
}

/// Reads at most `cap` bytes. The file is opened non-blocking (a FIFO swapped in after the
/// metadata check would otherwise block the open) and checked again through the open handle.
fn read_capped(path: &Path, cap: u64) -> std::io::Result<ReadOutcome> {
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NONBLOCK);
    }
    let file: File = options.open(path)?;
    let meta = file.metadata()?;
    if !meta.is_file() {
        return Ok(ReadOutcome::NotRegular);
    }
    if meta.len() > cap {
        return Ok(ReadOutcome::TooLarge(meta.len()));
    }
    let mut buf = Vec::with_capacity(usize::try_from(meta.len()).unwrap_or(0));
    let read = file.take(cap.saturating_add(1)).read_to_end(&mut buf)?;
    if read as u64 > cap {
        return Ok(ReadOutcome::TooLarge(read as u64));
    }
    Ok(ReadOutcome::Whole(buf))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a4_either_orientation_within_three_mm() {
        assert!(is_a4(210.0, 297.0));
        assert!(is_a4(297.0, 210.0));
        assert!(is_a4(212.9, 294.1));
        assert!(!is_a4(215.9, 279.4), "US Letter is not A4");
        assert!(!is_a4(213.1, 297.0));
        assert!(!is_a4(0.0, 0.0));
    }
}
