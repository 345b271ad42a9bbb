//! Tells what a file is from its first bytes (magic numbers), falling back to its extension
//! when the content has no signature (plain text, some media). Also judges whether a copy's
//! content matches its extension.
//!
//! It reads at most [`SNIFF_BYTES`] of a file and never opens anything but a regular file. It
//! does not validate content beyond the signature: a PDF header does not make a readable PDF.

use std::io::Read;
use std::path::Path;

use super::{FileKind, Problem, ProblemKind};

/// Bytes read by [`sniff_file`]: enough for container signatures deep in a file (ISO 9660 puts
/// its volume descriptor at 32 KiB) while staying cheap.
const SNIFF_BYTES: u64 = 36 * 1024;

/// Cheap look at any file in a case folder (magic bytes of the first few KB plus extension),
/// for F004/F008 on files case.toml does not reference. Never opens FIFOs/devices: anything
/// that is not a regular file is [`FileKind::Unknown`].
pub fn sniff_file(path: &Path) -> FileKind {
    let ext = extension(path);
    let is_file = std::fs::metadata(path)
        .map(|m| m.is_file())
        .unwrap_or(false);
    if !is_file {
        return FileKind::Unknown;
    }
    let mut head = Vec::new();
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NONBLOCK);
    }
    if let Ok(file) = options.open(path)
        && file.metadata().map(|m| m.is_file()).unwrap_or(false)
    {
        // A read error leaves what was read so far, which still sniffs.
        let _ = file.take(SNIFF_BYTES).read_to_end(&mut head);
    }
    kind_from_magic(&head, &ext).unwrap_or_else(|| kind_from_extension(&ext))
}

/// The extension in lower case, without the dot; empty when there is none.
pub(crate) fn extension(path: &Path) -> String {
    path.extension()
        .map(|e| e.to_string_lossy().to_lowercase())
        .unwrap_or_default()
}

/// What a file's extension claims it is.
pub(crate) fn kind_from_extension(ext: &str) -> FileKind {
    use FileKind::{Media, Unprintable};
    match ext {
        "pdf" => FileKind::Pdf,
        "jpg" | "jpeg" | "jpe" | "jfif" => FileKind::Jpeg,
        "png" => FileKind::Png,
        "tif" | "tiff" => FileKind::Tiff,
        "mp4" | "m4v" => Media("MP4 video"),
        "mov" | "qt" => Media("QuickTime video"),
        "avi" => Media("AVI video"),
        "mkv" => Media("MKV video"),
        "webm" => Media("WebM video"),
        "wmv" => Media("Windows Media video"),
        "mpg" | "mpeg" => Media("MPEG video"),
        "3gp" | "3g2" => Media("3GP video"),
        "mp3" => Media("MP3 audio"),
        "wav" => Media("WAV audio"),
        "m4a" | "aac" => Media("AAC audio"),
        "ogg" | "oga" | "opus" => Media("Ogg audio"),
        "flac" => Media("FLAC audio"),
        "wma" => Media("Windows Media audio"),
        "amr" => Media("AMR voice recording"),
        "zip" => Media("ZIP archive"),
        "rar" => Media("RAR archive"),
        "7z" => Media("7-Zip archive"),
        "tar" => Media("TAR archive"),
        "gz" | "tgz" => Media("gzip archive"),
        "bz2" => Media("bzip2 archive"),
        "xz" => Media("xz archive"),
        "iso" => Media("ISO disc image"),
        "img" | "dmg" | "nrg" | "bin" | "cue" => Media("disc image"),
        "doc" | "docx" | "docm" | "dot" | "dotx" => Unprintable("Word document"),
        "odt" => Unprintable("OpenDocument text"),
        "rtf" => Unprintable("RTF document"),
        "pages" => Unprintable("Apple Pages document"),
        "xls" | "xlsx" | "xlsm" => Unprintable("Excel spreadsheet"),
        "ods" => Unprintable("OpenDocument spreadsheet"),
        "csv" => Unprintable("CSV spreadsheet"),
        "ppt" | "pptx" => Unprintable("PowerPoint presentation"),
        "odp" => Unprintable("OpenDocument presentation"),
        "heic" | "heif" => Unprintable("HEIC photo"),
        "avif" => Unprintable("AVIF image"),
        "webp" => Unprintable("WebP image"),
        "gif" => Unprintable("GIF image"),
        "bmp" => Unprintable("BMP image"),
        "svg" => Unprintable("SVG drawing"),
        "txt" | "text" | "md" => Unprintable("text file"),
        "htm" | "html" => Unprintable("web page"),
        "eml" | "msg" => Unprintable("e-mail message"),
        "xps" | "oxps" => Unprintable("XPS document"),
        _ => FileKind::Unknown,
    }
}

/// What the first bytes say the file is; `None` when they carry no known signature. The
/// extension only refines containers shared by several formats (ZIP, OLE, ISO media files).
pub(crate) fn kind_from_magic(head: &[u8], ext: &str) -> Option<FileKind> {
    use FileKind::{Media, Unprintable};
    let starts = |sig: &[u8]| head.starts_with(sig);
    let at = |offset: usize, sig: &[u8]| head.get(offset..offset + sig.len()) == Some(sig);
    if memchr::memmem::find(&head[..head.len().min(1024)], b"%PDF-").is_some() {
        return Some(FileKind::Pdf);
    }
    if starts(b"\xFF\xD8\xFF") {
        return Some(FileKind::Jpeg);
    }
    if starts(b"\x89PNG\r\n\x1A\n") {
        return Some(FileKind::Png);
    }
    if starts(b"II*\0") || starts(b"MM\0*") || starts(b"II+\0") || starts(b"MM\0+") {
        return Some(FileKind::Tiff);
    }
    if at(4, b"ftyp") {
        let brand = head.get(8..12).unwrap_or_default();
        return Some(match brand {
            b"heic" | b"heix" | b"hevc" | b"heim" | b"heis" | b"hevx" | b"mif1" | b"msf1" => {
                Unprintable("HEIC photo")
            }
            b"avif" | b"avis" => Unprintable("AVIF image"),
            b"M4A " | b"M4B " => Media("AAC audio"),
            b"qt  " => Media("QuickTime video"),
            b"3gp4" | b"3gp5" | b"3gp6" | b"3g2a" => Media("3GP video"),
            b"crx " => Unprintable("camera raw photo"),
            _ => Media("MP4 video"),
        });
    }
    if starts(b"RIFF") {
        return Some(match head.get(8..12).unwrap_or_default() {
            b"WAVE" => Media("WAV audio"),
            b"AVI " => Media("AVI video"),
            b"WEBP" => Unprintable("WebP image"),
            _ => Media("RIFF media file"),
        });
    }
    if starts(b"ID3") || (ext == "mp3" && head.len() > 1 && head[0] == 0xFF && head[1] >= 0xE0) {
        return Some(Media("MP3 audio"));
    }
    if starts(b"OggS") {
        return Some(Media("Ogg audio"));
    }
    if starts(b"fLaC") {
        return Some(Media("FLAC audio"));
    }
    if starts(b"#!AMR") {
        return Some(Media("AMR voice recording"));
    }
    if starts(b"\x1A\x45\xDF\xA3") {
        return Some(Media(if ext == "webm" {
            "WebM video"
        } else {
            "MKV video"
        }));
    }
    if starts(b"\x30\x26\xB2\x75\x8E\x66\xCF\x11") {
        return Some(Media("Windows Media video"));
    }
    if starts(b"\0\0\x01\xBA") || starts(b"\0\0\x01\xB3") {
        return Some(Media("MPEG video"));
    }
    if starts(b"PK\x03\x04") || starts(b"PK\x05\x06") {
        return Some(zip_kind(head, ext));
    }
    if starts(b"Rar!\x1A\x07") {
        return Some(Media("RAR archive"));
    }
    if starts(b"7z\xBC\xAF\x27\x1C") {
        return Some(Media("7-Zip archive"));
    }
    if starts(b"\x1F\x8B") {
        return Some(Media("gzip archive"));
    }
    if starts(b"BZh") && head.get(3).is_some_and(u8::is_ascii_digit) {
        return Some(Media("bzip2 archive"));
    }
    if starts(b"\xFD7zXZ\0") {
        return Some(Media("xz archive"));
    }
    if at(257, b"ustar") {
        return Some(Media("TAR archive"));
    }
    if at(0x8001, b"CD001") || at(0x8801, b"CD001") || at(0x9001, b"CD001") {
        return Some(Media("ISO disc image"));
    }
    if starts(b"koly") || (ext == "dmg" && starts(b"x\x01")) {
        return Some(Media("disc image"));
    }
    if starts(b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1") {
        return Some(match ext {
            "xls" => Unprintable("Excel spreadsheet"),
            "ppt" => Unprintable("PowerPoint presentation"),
            "msg" => Unprintable("e-mail message"),
            _ => Unprintable("Word document"),
        });
    }
    if starts(b"{\\rtf") {
        return Some(Unprintable("RTF document"));
    }
    if starts(b"GIF87a") || starts(b"GIF89a") {
        return Some(Unprintable("GIF image"));
    }
    if starts(b"BM") && ext == "bmp" {
        return Some(Unprintable("BMP image"));
    }
    let text_start = head
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .map_or(&head[..0], |i| &head[i..head.len().min(i + 64)]);
    let lower = text_start.to_ascii_lowercase();
    if lower.starts_with(b"<!doctype html") || lower.starts_with(b"<html") {
        return Some(Unprintable("web page"));
    }
    if lower.starts_with(b"<svg") || (lower.starts_with(b"<?xml") && ext == "svg") {
        return Some(Unprintable("SVG drawing"));
    }
    None
}

/// A ZIP container: Office and OpenDocument files are ZIPs too; their first entry names tell.
fn zip_kind(head: &[u8], ext: &str) -> FileKind {
    use FileKind::{Media, Unprintable};
    let has = |needle: &[u8]| memchr::memmem::find(head, needle).is_some();
    if has(b"word/") || matches!(ext, "docx" | "docm" | "dotx") {
        Unprintable("Word document")
    } else if has(b"xl/") || matches!(ext, "xlsx" | "xlsm") {
        Unprintable("Excel spreadsheet")
    } else if has(b"ppt/") || ext == "pptx" {
        Unprintable("PowerPoint presentation")
    } else if has(b"application/vnd.oasis.opendocument.text") {
        Unprintable("OpenDocument text")
    } else if has(b"application/vnd.oasis.opendocument.spreadsheet") {
        Unprintable("OpenDocument spreadsheet")
    } else if has(b"application/vnd.oasis.opendocument") {
        Unprintable("OpenDocument file")
    } else if has(b"application/epub+zip") {
        Unprintable("e-book")
    } else if ext == "xps" || ext == "oxps" {
        Unprintable("XPS document")
    } else {
        Media("ZIP archive")
    }
}

/// The volunteer's name for a kind of file, for messages.
fn describe(kind: &FileKind) -> &'static str {
    match kind {
        FileKind::Pdf => "a PDF",
        FileKind::Jpeg => "a JPEG image",
        FileKind::Png => "a PNG image",
        FileKind::Tiff => "a TIFF image",
        FileKind::Media(_) | FileKind::Unprintable(_) => "a file of another kind",
        FileKind::Unknown => "an unknown kind of file",
    }
}

/// The usual extension for a kind of copy.
fn usual_extension(kind: &FileKind) -> Option<&'static str> {
    match kind {
        FileKind::Pdf => Some("pdf"),
        FileKind::Jpeg => Some("jpg"),
        FileKind::Png => Some("png"),
        FileKind::Tiff => Some("tif"),
        _ => None,
    }
}

/// Whether a copy's content contradicts its extension. Only extensions of printable copy types
/// are judged: for anything else the kind itself is the finding (F004, F008).
pub(crate) fn extension_problem(
    by_magic: Option<&FileKind>,
    by_ext: &FileKind,
    ext: &str,
) -> Option<Problem> {
    usual_extension(by_ext)?;
    match by_magic {
        Some(actual) if actual == by_ext => None,
        Some(actual) => {
            let fix = match usual_extension(actual) {
                Some(right) => format!("rename it to .{right}"),
                None => "save or scan the document as a PDF".to_string(),
            };
            let what = match actual {
                FileKind::Media(word) | FileKind::Unprintable(word) => {
                    format!("{} ({word})", describe(actual))
                }
                _ => describe(actual).to_string(),
            };
            Some(Problem::new(
                ProblemKind::WrongExtension,
                format!("the file is named .{ext} but is really {what}: {fix}"),
            ))
        }
        None => Some(Problem::new(
            ProblemKind::Corrupt,
            format!(
                "the file is named .{ext} but does not start like {}: it is damaged or not a \
                 scan at all; scan or download it again",
                describe(by_ext)
            ),
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn copies_by_magic() {
        assert_eq!(kind_from_magic(b"%PDF-1.7\n", "pdf"), Some(FileKind::Pdf));
        assert_eq!(
            kind_from_magic(b"junk before\n%PDF-1.4", "pdf"),
            Some(FileKind::Pdf)
        );
        assert_eq!(
            kind_from_magic(b"\xFF\xD8\xFF\xE0\0\x10JFIF", "jpg"),
            Some(FileKind::Jpeg)
        );
        assert_eq!(
            kind_from_magic(b"\x89PNG\r\n\x1A\n\0\0", "png"),
            Some(FileKind::Png)
        );
        assert_eq!(
            kind_from_magic(b"II*\0\x08\0\0\0", "tif"),
            Some(FileKind::Tiff)
        );
    }

    #[test]
    fn media_and_unprintable_by_magic() {
        let mp4 = b"\0\0\0\x20ftypisom\0\0\x02\0isomiso2avc1mp41";
        assert_eq!(
            kind_from_magic(mp4, "mp4"),
            Some(FileKind::Media("MP4 video"))
        );
        let heic = b"\0\0\0\x18ftypheic\0\0\0\0mif1heic";
        assert_eq!(
            kind_from_magic(heic, "jpg"),
            Some(FileKind::Unprintable("HEIC photo"))
        );
        assert_eq!(
            kind_from_magic(
                b"PK\x03\x04\x14\0\0\0\x08\0[Content_Types].xml word/document.xml",
                "bin"
            ),
            Some(FileKind::Unprintable("Word document"))
        );
        assert_eq!(
            kind_from_magic(b"PK\x03\x04\x14\0\0\0\x08\0photos/1.jpg", "zip"),
            Some(FileKind::Media("ZIP archive"))
        );
        let mut iso = vec![0u8; 0x8010];
        iso[0x8001..0x8006].copy_from_slice(b"CD001");
        assert_eq!(
            kind_from_magic(&iso, "bin"),
            Some(FileKind::Media("ISO disc image"))
        );
    }

    #[test]
    fn text_has_no_magic_but_its_extension_tells() {
        assert_eq!(kind_from_magic(b"hello", "txt"), None);
        assert_eq!(
            kind_from_extension("txt"),
            FileKind::Unprintable("text file")
        );
        assert_eq!(kind_from_extension("xyz"), FileKind::Unknown);
    }

    #[test]
    fn wrong_extension_names_the_real_kind() {
        let problem = extension_problem(Some(&FileKind::Jpeg), &FileKind::Pdf, "pdf")
            .expect("a JPEG named .pdf is a problem");
        assert_eq!(problem.kind, ProblemKind::WrongExtension);
        assert!(problem.message.contains("JPEG"), "{}", problem.message);
        assert!(problem.message.contains(".jpg"), "{}", problem.message);
        assert!(extension_problem(Some(&FileKind::Pdf), &FileKind::Pdf, "pdf").is_none());
        let garbage = extension_problem(None, &FileKind::Pdf, "pdf").expect("garbage .pdf");
        assert_eq!(garbage.kind, ProblemKind::Corrupt);
        assert!(
            extension_problem(Some(&FileKind::Media("MP4 video")), &FileKind::Unknown, "")
                .is_none()
        );
    }
}
