//! Broken, hostile and unusual input to the copy inspection, all generated here: truncations at
//! many offsets, xref garbage, cyclic page trees, deflate bombs, special files, and a property
//! test that feeds mutated PDFs. Each broken PDF is derived from a sound twin built by
//! [`sound_pdf`], whose own facts are checked first (page sizes with inherited boxes, /Rotate and
//! /UserUnit, scan resolution, blank pages, Tesseract-style and form XObject text layers).
//!
//! The promise under test: every file comes back as facts, never a panic or a hang, and a file
//! that cannot be read says so (F003).

use std::io::Write;
use std::path::Path;

use dossier::date::Date;
use dossier::scan::{self, CopyFacts, FileKind, Identifier, Limits, ProblemKind, TextLayer};
use proptest::prelude::*;

const V: &str = "1234567890";

fn v_number() -> Identifier {
    Identifier::VNumber(V.into())
}

/// A PDF from numbered object bodies (object 1 is the catalog), with a correct xref table.
fn assemble(objects: &[Vec<u8>]) -> Vec<u8> {
    let mut out = b"%PDF-1.5\n%\xE2\xE3\xCF\xD3\n".to_vec();
    let mut offsets = Vec::new();
    for (i, body) in objects.iter().enumerate() {
        offsets.push(out.len());
        out.extend_from_slice(format!("{} 0 obj\n", i + 1).as_bytes());
        out.extend_from_slice(body);
        out.extend_from_slice(b"\nendobj\n");
    }
    let xref = out.len();
    out.extend_from_slice(
        format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).as_bytes(),
    );
    for o in offsets {
        out.extend_from_slice(format!("{o:010} 00000 n \n").as_bytes());
    }
    out.extend_from_slice(
        format!(
            "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
            objects.len() + 1
        )
        .as_bytes(),
    );
    out
}

fn stream(dict: &str, data: &[u8]) -> Vec<u8> {
    let mut out = format!("<< {dict} /Length {} >>\nstream\n", data.len()).into_bytes();
    out.extend_from_slice(data);
    out.extend_from_slice(b"\nendstream");
    out
}

fn deflate(data: &[u8]) -> Vec<u8> {
    let mut enc = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::default());
    enc.write_all(data).expect("in-memory write");
    enc.finish().expect("in-memory write")
}

/// A syntactically valid JPEG header around `scan` bytes of (undecodable) scan data.
fn jpeg(width: u16, height: u16, scan: usize) -> Vec<u8> {
    let mut out = vec![0xFF, 0xD8, 0xFF, 0xE0, 0, 16];
    out.extend_from_slice(b"JFIF\0\x01\x01\x01\0\xC8\0\xC8\0\0");
    out.extend_from_slice(&[0xFF, 0xC0, 0, 11, 8]);
    out.extend_from_slice(&height.to_be_bytes());
    out.extend_from_slice(&width.to_be_bytes());
    out.extend_from_slice(&[1, 1, 0x11, 0]);
    out.extend_from_slice(&[0xFF, 0xDA, 0, 8, 1, 1, 0, 0, 63, 0]);
    out.extend((0..scan).map(|i| (i * 7 % 251) as u8));
    out.extend_from_slice(&[0xFF, 0xD9]);
    out
}

const TOUNICODE_IDENTITY: &[u8] = b"/CIDInit /ProcSet findresource begin 12 dict begin begincmap\n\
    1 begincodespacerange <0000> <FFFF> endcodespacerange\n\
    1 beginbfrange <0000> <FFFF> <0000> endbfrange\nendcmap end end\n";

fn utf16_hex(s: &str) -> String {
    s.encode_utf16().map(|u| format!("{u:04X}")).collect()
}

/// A five-page PDF covering the cases a scan inspection meets:
/// 1. A4 scan at 200 dpi (JPEG) with a simple Helvetica text layer carrying the V-number,
///    MediaBox inherited from the page tree;
/// 2. the nearly white back of that scan, no text;
/// 3. a Tesseract-style page (Identity-H, identity ToUnicode, one TJ per word, Flate content),
///    landscape by /Rotate 90;
/// 4. US Letter by CropBox inside a larger MediaBox, text only in a form XObject (as ocrmypdf
///    writes it), with the V-number missing;
/// 5. an A4 page described with /UserUnit 2 at 100 dpi.
fn sound_pdf() -> Vec<u8> {
    let (w, h) = (1654u16, 2339u16);
    let pixels = usize::from(w) * usize::from(h);
    let scan = jpeg(w, h, pixels / 12);
    // Blank paper, really encoded: a page is called blank only once its pixels are seen.
    let blank = encode(
        &image::GrayImage::from_pixel(w.into(), h.into(), image::Luma([245])),
        image::ImageFormat::Jpeg,
    );
    let small = jpeg(827, 1170, 827 * 1170 / 12);
    let simple = "q 595.28 0 0 841.89 0 0 cm /Im0 Do Q BT 3 Tr /F1 9 Tf 60 780 Td (PASPOORT) Tj T* \
         (V-nummer: 1234 567 890) Tj ET";
    let mut tess = String::from("q 595.28 0 0 841.89 0 0 cm /Im0 Do Q BT 3 Tr");
    for (i, word) in ["VERBLIJFSVERGUNNING", "V-nr.", "1234567890", "Şükrü"]
        .iter()
        .enumerate()
    {
        tess.push_str(&format!(
            " 1 0 0 1 {} 700 Tm /f-0-0 10 Tf 100 Tz [ <{}> ] TJ",
            60 + 80 * i,
            utf16_hex(word)
        ));
    }
    tess.push_str(" ET");
    let form_text = "BT 3 Tr /F1 9 Tf 60 700 Td (Geboortedatum 02-04-1990) Tj ET";
    let objects: Vec<Vec<u8>> = vec![
        /* 1 */ b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
        /* 2 */
        b"<< /Type /Pages /Kids [3 0 R 4 0 R 5 0 R 6 0 R 7 0 R] /Count 5 /MediaBox [0 0 595.28 841.89] >>"
            .to_vec(),
        /* 3 */
        b"<< /Type /Page /Parent 2 0 R /Resources << /XObject << /Im0 8 0 R >> /Font << /F1 11 0 R >> >> /Contents 12 0 R >>"
            .to_vec(),
        /* 4 */
        b"<< /Type /Page /Parent 2 0 R /Resources << /XObject << /Im0 9 0 R >> >> /Contents 13 0 R >>"
            .to_vec(),
        /* 5 */
        b"<< /Type /Page /Parent 2 0 R /Rotate 90 /Resources << /XObject << /Im0 8 0 R >> /Font << /f-0-0 14 0 R >> >> /Contents 17 0 R >>"
            .to_vec(),
        /* 6 */
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 700 900] /CropBox [10 10 622 802] /Resources << /XObject << /OCR 18 0 R >> >> /Contents 19 0 R >>"
            .to_vec(),
        /* 7 */
        b"<< /Type /Page /Parent 2 0 R /UserUnit 2 /MediaBox [0 0 297.64 420.945] /Resources << /XObject << /Im0 10 0 R >> >> /Contents 20 0 R >>"
            .to_vec(),
        /* 8 */
        stream(
            &format!("/Type /XObject /Subtype /Image /Width {w} /Height {h} /ColorSpace /DeviceGray /BitsPerComponent 8 /Filter /DCTDecode"),
            &scan,
        ),
        /* 9 */
        stream(
            &format!("/Type /XObject /Subtype /Image /Width {w} /Height {h} /ColorSpace /DeviceGray /BitsPerComponent 8 /Filter /DCTDecode"),
            &blank,
        ),
        /* 10 */
        stream(
            "/Type /XObject /Subtype /Image /Width 827 /Height 1170 /ColorSpace /DeviceGray /BitsPerComponent 8 /Filter /DCTDecode",
            &small,
        ),
        /* 11 */
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>".to_vec(),
        /* 12 */ stream("", simple.as_bytes()),
        /* 13 */ stream("", b"q 595.28 0 0 841.89 0 0 cm /Im0 Do Q"),
        /* 14 */
        b"<< /Type /Font /Subtype /Type0 /BaseFont /GlyphLessFont /Encoding /Identity-H /DescendantFonts [15 0 R] /ToUnicode 16 0 R >>"
            .to_vec(),
        /* 15 */
        b"<< /Type /Font /Subtype /CIDFontType2 /BaseFont /GlyphLessFont /CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> /DW 500 >>"
            .to_vec(),
        /* 16 */ stream("", TOUNICODE_IDENTITY),
        /* 17 */ stream("/Filter /FlateDecode", &deflate(tess.as_bytes())),
        /* 18 */
        stream(
            "/Type /XObject /Subtype /Form /BBox [0 0 612 792] /Resources << /Font << /F1 11 0 R >> >>",
            form_text.as_bytes(),
        ),
        /* 19 */ stream("", b"0 0 0 rg 100 100 200 50 re f /OCR Do"),
        /* 20 */ stream("", b"q 297.64 0 0 420.945 0 0 cm /Im0 Do Q"),
    ];
    assemble(&objects)
}

fn inspect(bytes: &[u8], id: &Identifier) -> CopyFacts {
    scan::inspect_bytes(bytes, "pdf", id, &Limits::default())
}

#[test]
fn sound_twin_is_read_correctly() {
    let facts = inspect(&sound_pdf(), &v_number());
    assert!(facts.problem.is_none(), "{:?}", facts.problem);
    assert_eq!(facts.kind, FileKind::Pdf);
    let p = &facts.pages;
    assert_eq!(p.len(), 5);
    let size = |i: usize| (p[i].width_mm.round(), p[i].height_mm.round());
    assert_eq!(size(0), (210.0, 297.0), "MediaBox inherited from the tree");
    assert_eq!(size(2), (297.0, 210.0), "/Rotate 90 shows it landscape");
    assert_eq!(
        size(3),
        (216.0, 279.0),
        "CropBox within MediaBox: US Letter"
    );
    assert_eq!(size(4), (210.0, 297.0), "/UserUnit 2 doubles the box");
    assert!(!scan::is_a4(p[3].width_mm, p[3].height_mm));

    assert!((p[0].dpi.expect("a scan") - 200.0).abs() < 1.0);
    assert!(
        (p[4].dpi.expect("a scan") - 100.0).abs() < 1.0,
        "{:?}",
        p[4].dpi
    );
    assert_eq!(p[3].dpi, None, "no image on a vector page");

    let blanks: Vec<bool> = p.iter().map(|x| x.blank).collect();
    assert_eq!(blanks, [false, true, false, false, false]);

    let text: Vec<TextLayer> = p.iter().map(|x| x.text).collect();
    assert_eq!(
        text,
        [
            TextLayer::Found,
            TextLayer::None,
            TextLayer::Found,
            TextLayer::Missing,
            TextLayer::None
        ]
    );
}

#[test]
fn name_and_birth_found_in_a_form_xobject_and_tesseract_text() {
    let id = Identifier::NameAndBirth {
        name: "Şükrü".into(),
        born: Date::constant(1990, 4, 2),
    };
    let facts = inspect(&sound_pdf(), &id);
    // Page 3 has the name but no date; page 4 has the date but no name.
    assert_eq!(facts.pages[2].text, TextLayer::Missing);
    assert_eq!(facts.pages[3].text, TextLayer::Missing);
    let id = Identifier::NameAndBirth {
        name: "Nobody".into(),
        born: Date::constant(1990, 4, 2),
    };
    assert_eq!(inspect(&sound_pdf(), &id).pages[3].text, TextLayer::Missing);
    let facts = inspect(&sound_pdf(), &Identifier::Nothing);
    assert_eq!(
        facts.pages[3].text,
        TextLayer::Found,
        "text inside a form counts"
    );
}

#[test]
fn truncated_at_many_offsets_is_reported_never_a_panic() {
    // The small twin at some 250 offsets, the large one (big scan images) at a few.
    for (pdf, cuts) in [(small_pdf(), 250), (sound_pdf(), 8)] {
        let eof = pdf.len() - b"%%EOF\n".len();
        let step = (pdf.len() / cuts).max(1);
        for cut in (0..pdf.len()).step_by(step).chain(eof - 20..pdf.len()) {
            let facts = inspect(&pdf[..cut], &v_number());
            if cut < eof {
                let kind = facts.problem.as_ref().map(|p| p.kind.clone());
                assert!(
                    matches!(
                        kind,
                        Some(ProblemKind::Truncated | ProblemKind::Corrupt | ProblemKind::Empty)
                    ),
                    "cut at {cut} of {}: {kind:?}",
                    pdf.len()
                );
            }
        }
    }
}

#[test]
fn xref_garbage_is_repaired_or_reported() {
    let pdf = sound_pdf();
    let at = pdf
        .windows(5)
        .rposition(|w| w == b"xref\n")
        .expect("an xref table");
    let mut broken = pdf.clone();
    for (i, b) in broken[at + 5..].iter_mut().take(200).enumerate() {
        if b.is_ascii_digit() {
            *b = b"7391"[i % 4];
        }
    }
    let facts = inspect(&broken, &v_number());
    assert!(
        facts.problem.is_some() || facts.pages.len() == 5,
        "{facts:?}"
    );
    let mut wrong_startxref = pdf.clone();
    let sx = wrong_startxref
        .windows(10)
        .rposition(|w| w == b"startxref\n")
        .expect("startxref");
    wrong_startxref[sx + 10] = b'9';
    let facts = inspect(&wrong_startxref, &v_number());
    assert!(
        facts.problem.is_some() || facts.pages.len() == 5,
        "{facts:?}"
    );
}

/// Cross-reference sections whose /Prev points back at themselves: the loop that hung most PDF
/// readers in 2017 (CVE-2017-18186 in qpdf).
#[test]
fn xref_prev_loop_ends() {
    let pdf = sound_pdf();
    let at = pdf
        .windows(5)
        .rposition(|w| w == b"xref\n")
        .expect("an xref table");
    let text = String::from_utf8_lossy(&pdf[at..]).into_owned();
    let looped = text.replace("/Root 1 0 R", &format!("/Root 1 0 R /Prev {at}"));
    let mut broken = pdf[..at].to_vec();
    broken.extend_from_slice(looped.as_bytes());
    let facts = inspect(&broken, &v_number());
    assert!(
        facts.problem.is_some() || facts.pages.len() == 5,
        "{:?}",
        facts.problem
    );
}

#[test]
fn cyclic_page_tree_ends() {
    let objects = vec![
        b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
        b"<< /Type /Pages /Kids [3 0 R 2 0 R 4 0 R] /Count 3 /Parent 4 0 R >>".to_vec(),
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>".to_vec(),
        b"<< /Type /Pages /Kids [2 0 R 4 0 R] /Count 99 /Parent 2 0 R >>".to_vec(),
    ];
    let facts = inspect(&assemble(&objects), &v_number());
    assert_eq!(facts.pages.len(), 1, "{facts:?}");
    let self_ref = vec![
        b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
        b"<< /Type /Pages /Kids 2 0 R /Count 1 >>".to_vec(),
    ];
    let facts = inspect(&assemble(&self_ref), &v_number());
    assert_eq!(
        facts.problem.map(|p| p.kind),
        Some(ProblemKind::Corrupt),
        "no pages at all"
    );
}

#[test]
fn cyclic_form_xobjects_end() {
    let objects = vec![
        b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_vec(),
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /XObject << /X 4 0 R >> >> /Contents 5 0 R >>".to_vec(),
        stream(
            "/Type /XObject /Subtype /Form /BBox [0 0 10 10] /Resources << /XObject << /X 4 0 R >> >>",
            b"/X Do /X Do",
        ),
        stream("", b"/X Do"),
    ];
    let facts = inspect(&assemble(&objects), &v_number());
    assert_eq!(facts.pages.len(), 1);
    assert!(facts.pages[0].blank);
}

/// A page whose content stream names itself as its /Length: poppler and qpdf recover the data
/// up to `endstream`, and so must we (or the page would look blank and lose its text).
/// See: pdfrs-invalid-crash-121-1.pdf in shared/realworld-pdfs.
#[test]
fn stream_with_unresolvable_length_is_recovered() {
    let objects = vec![
        b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_vec(),
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>".to_vec(),
        b"<< /Length 4 0 R >>\nstream\nBT /F1 12 Tf 72 700 Td (V-nummer 1234567890) Tj ET\nendstream".to_vec(),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>".to_vec(),
    ];
    let facts = inspect(&assemble(&objects), &v_number());
    assert!(facts.problem.is_none(), "{:?}", facts.problem);
    assert!(!facts.pages[0].blank);
    assert_eq!(facts.pages[0].text, TextLayer::Found);
}

/// Text shown in a font the page's resources lack is drawn by no reader.
#[test]
fn text_without_its_font_paints_nothing() {
    let objects = vec![
        b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_vec(),
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>".to_vec(),
        stream("", b"BT /F1 12 Tf 72 700 Td (Hello) Tj ET"),
    ];
    let facts = inspect(&assemble(&objects), &v_number());
    assert!(facts.pages[0].blank);
    assert_eq!(facts.pages[0].text, TextLayer::None);
}

#[test]
fn deflate_bombs_are_capped() {
    let zeros = vec![b' '; 8 << 20];
    let bomb = deflate(&zeros);
    let nested = deflate(&deflate(&zeros));
    let limits = Limits {
        max_decompressed_bytes: 1 << 20,
        ..Limits::default()
    };
    for (filter, data) in [
        ("/FlateDecode", &bomb),
        ("[/FlateDecode /FlateDecode]", &nested),
    ] {
        let objects = vec![
            b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_vec(),
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>".to_vec(),
            stream(&format!("/Filter {filter}"), data),
        ];
        let facts = scan::inspect_bytes(&assemble(&objects), "pdf", &v_number(), &limits);
        assert_eq!(
            facts.problem.map(|p| p.kind),
            Some(ProblemKind::TooLarge),
            "{filter}"
        );
    }
}

/// A form drawn again and again is decoded each time: the file's total budget ends that.
#[test]
fn repeated_forms_are_bounded_by_the_file_budget() {
    let mut form = b"0 0 0 rg ".to_vec();
    form.resize(16 * 1024, b' ');
    let objects = vec![
        b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_vec(),
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /XObject << /X 5 0 R >> >> /Contents 4 0 R >>".to_vec(),
        stream("", "/X Do ".repeat(1_000).as_bytes()),
        stream("/Type /XObject /Subtype /Form /BBox [0 0 10 10] /Filter /FlateDecode", &deflate(&form)),
    ];
    let limits = Limits {
        max_decompressed_total: 1 << 20,
        ..Limits::default()
    };
    let facts = scan::inspect_bytes(&assemble(&objects), "pdf", &v_number(), &limits);
    assert_eq!(facts.problem.map(|p| p.kind), Some(ProblemKind::TooLarge));
    assert_eq!(facts.pages.len(), 1);
}

/// An object stream is decoded while the file loads: its bomb must be refused there too.
#[test]
fn object_stream_bomb_is_refused_at_load() {
    let limits = Limits {
        max_decompressed_bytes: 1 << 20,
        ..Limits::default()
    };
    let mut objstm = b"3 0 ".to_vec();
    objstm.extend_from_slice(b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>");
    objstm.resize(8 << 20, b' ');
    let objects = vec![
        b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_vec(),
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>".to_vec(),
        stream(
            "/Type /ObjStm /N 1 /First 4 /Filter /FlateDecode",
            &deflate(&objstm),
        ),
    ];
    let facts = scan::inspect_bytes(&assemble(&objects), "pdf", &v_number(), &limits);
    assert_eq!(facts.problem.map(|p| p.kind), Some(ProblemKind::TooLarge));
}

#[test]
fn special_files_are_clear_findings() {
    let dir = tempfile::tempdir().expect("temp dir");
    let id = v_number();
    let limits = Limits::default();
    let kind =
        |p: &Path, limits: &Limits| scan::inspect_copy(p, &id, limits).problem.map(|x| x.kind);

    let empty = dir.path().join("empty.pdf");
    std::fs::write(&empty, b"").expect("write");
    assert_eq!(kind(&empty, &limits), Some(ProblemKind::Empty));

    assert_eq!(
        kind(&dir.path().join("vanished.pdf"), &limits),
        Some(ProblemKind::Unreadable)
    );
    assert_eq!(
        kind(dir.path(), &limits),
        Some(ProblemKind::NotARegularFile)
    );
    #[cfg(unix)]
    assert_eq!(
        kind(Path::new("/dev/null"), &limits),
        Some(ProblemKind::NotARegularFile)
    );

    let big = dir.path().join("big.pdf");
    std::fs::write(&big, sound_pdf()).expect("write");
    let small = Limits {
        max_file_bytes: 1000,
        ..Limits::default()
    };
    let facts = scan::inspect_copy(&big, &id, &small);
    assert_eq!(facts.problem.map(|p| p.kind), Some(ProblemKind::TooLarge));
    assert!(facts.sha256.is_none(), "a refused file is never read");
    assert_eq!(facts.kind, FileKind::Pdf);

    let photo = dir.path().join("passport.pdf");
    std::fs::write(&photo, jpeg(1654, 2339, 300_000)).expect("write");
    let facts = scan::inspect_copy(&photo, &id, &limits);
    assert_eq!(facts.kind, FileKind::Jpeg);
    assert_eq!(
        facts.problem.map(|p| p.kind),
        Some(ProblemKind::WrongExtension)
    );
    assert_eq!(facts.pages.len(), 1, "still inspected as what it is");

    let video = dir.path().join("video-whatsapp.mp4");
    std::fs::write(&video, b"\0\0\0\x20ftypisom\0\0\x02\0isomiso2avc1mp41").expect("write");
    assert_eq!(scan::sniff_file(&video), FileKind::Media("MP4 video"));
}

#[cfg(unix)]
#[test]
fn fifo_is_never_opened_for_reading() {
    let dir = tempfile::tempdir().expect("temp dir");
    let fifo = dir.path().join("scan.pdf");
    let made = std::process::Command::new("mkfifo").arg(&fifo).status();
    if !made.is_ok_and(|s| s.success()) {
        return; // no mkfifo on this system: nothing to test
    }
    let facts = scan::inspect_copy(&fifo, &v_number(), &Limits::default());
    assert_eq!(
        facts.problem.map(|p| p.kind),
        Some(ProblemKind::NotARegularFile)
    );
    assert_eq!(scan::sniff_file(&fifo), FileKind::Unknown);
}

/// A small PDF for the property test: a scan page and a Tesseract-style page.
fn small_pdf() -> Vec<u8> {
    let tess = format!(
        "q 595 0 0 842 0 0 cm /Im0 Do Q BT 3 Tr 1 0 0 1 60 700 Tm /f 9 Tf [ <{}> ] TJ ET",
        utf16_hex(V)
    );
    let objects = vec![
        b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
        b"<< /Type /Pages /Kids [3 0 R 4 0 R] /Count 2 >>".to_vec(),
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /XObject << /Im0 5 0 R >> >> /Contents 6 0 R >>".to_vec(),
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /XObject << /Im0 5 0 R >> /Font << /f 7 0 R >> >> /Contents 8 0 R >>".to_vec(),
        stream(
            "/Type /XObject /Subtype /Image /Width 100 /Height 141 /ColorSpace /DeviceGray /BitsPerComponent 8 /Filter /DCTDecode",
            &jpeg(100, 141, 1200),
        ),
        stream("", b"q 595 0 0 842 0 0 cm /Im0 Do Q"),
        b"<< /Type /Font /Subtype /Type0 /BaseFont /G /Encoding /Identity-H /ToUnicode 9 0 R >>".to_vec(),
        stream("/Filter /FlateDecode", &deflate(tess.as_bytes())),
        stream("/Filter /FlateDecode", &deflate(TOUNICODE_IDENTITY)),
    ];
    assemble(&objects)
}

#[test]
fn small_twin_is_sound() {
    let facts = inspect(&small_pdf(), &v_number());
    assert!(facts.problem.is_none(), "{:?}", facts.problem);
    assert_eq!(facts.pages.len(), 2);
    assert_eq!(facts.pages[1].text, TextLayer::Found);
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    /// Any mutation of a sound PDF gives facts, never a panic; a page count never exceeds
    /// what a file of that size could hold.
    #[test]
    fn mutated_pdfs_never_panic(
        flips in proptest::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 0..12),
        cut in proptest::option::of(any::<prop::sample::Index>()),
        splice in proptest::option::of((any::<prop::sample::Index>(), proptest::collection::vec(any::<u8>(), 0..64))),
    ) {
        let mut pdf = small_pdf();
        for (at, byte) in flips {
            let i = at.index(pdf.len());
            pdf[i] = byte;
        }
        if let Some((at, bytes)) = splice {
            let i = at.index(pdf.len());
            pdf.splice(i..i, bytes);
        }
        if let Some(at) = cut {
            let i = at.index(pdf.len());
            pdf.truncate(i);
        }
        let facts = inspect(&pdf, &v_number());
        prop_assert!(facts.pages.len() <= 2 + pdf.len() / 20);
        prop_assert!(facts.sha256.is_some());
    }

    /// Arbitrary bytes named .pdf are reported, never inspected into a panic.
    #[test]
    fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..2048)) {
        let mut with_header = b"%PDF-1.4\n".to_vec();
        with_header.extend_from_slice(&bytes);
        for data in [&bytes, &with_header] {
            let facts = inspect(data, &v_number());
            prop_assert!(facts.problem.is_some() || !facts.pages.is_empty());
        }
    }
}

/// A 150 dpi A4 page of white paper (grey 245): `ink` marks dark rectangles (x, y, w, h) on it.
fn page_pixels(ink: &[(u32, u32, u32, u32)]) -> image::GrayImage {
    page_pixels_in(ink, 20)
}

/// As [`page_pixels`], the marks in grey `level` (pencil, light ballpoint: about 140).
fn page_pixels_in(ink: &[(u32, u32, u32, u32)], level: u8) -> image::GrayImage {
    image::GrayImage::from_fn(1240, 1754, |x, y| {
        let dark = ink
            .iter()
            .any(|&(ix, iy, w, h)| (ix..ix + w).contains(&x) && (iy..iy + h).contains(&y));
        image::Luma([if dark { level } else { 245 }])
    })
}

fn encode(img: &image::GrayImage, format: image::ImageFormat) -> Vec<u8> {
    let mut out = std::io::Cursor::new(Vec::new());
    if format == image::ImageFormat::Jpeg {
        image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 40)
            .encode_image(img)
            .unwrap();
    } else if format == image::ImageFormat::Tiff {
        img.write_to(&mut out, format).unwrap();
    } else {
        use image::codecs::png::{CompressionType, FilterType, PngEncoder};
        let best = PngEncoder::new_with_quality(&mut out, CompressionType::Best, FilterType::Up);
        img.write_with_encoder(best).unwrap();
    }
    out.into_inner()
}

/// One line of text: eight short words of letter-sized marks at 150 dpi.
fn one_line() -> Vec<(u32, u32, u32, u32)> {
    (0..40)
        .filter(|i| i % 5 != 4)
        .map(|i| (180 + i * 16, 300, 10, 18))
        .collect()
}

/// A page that compresses as well as an empty one is decoded before it is called blank, so that
/// a one-line letter or a page with a large dark area is never reported as an empty page to be
/// removed (which also left its missing V-number unreported).
#[test]
fn pages_that_compress_like_blank_ones_are_judged_by_their_pixels() {
    let jpg = |img: &image::GrayImage| encode(img, image::ImageFormat::Jpeg);
    let png = |img: &image::GrayImage| encode(img, image::ImageFormat::Png);
    let blank = |bytes: &[u8], ext: &str| {
        let facts = scan::inspect_bytes(bytes, ext, &v_number(), &Limits::default());
        assert!(facts.problem.is_none(), "{:?}", facts.problem);
        facts.pages[0].blank
    };
    let pixels = 1240.0 * 1754.0;
    let letter = jpg(&page_pixels(&one_line()));
    // By its size alone the one-line page is blank (the test would prove nothing otherwise).
    assert!((letter.len() as f64) / pixels < 0.045, "{}", letter.len());
    assert!(!blank(&letter, "jpg"), "a one-line letter is not blank");
    let quarter = png(&page_pixels(&[(0, 0, 620, 877)]));
    assert!((quarter.len() as f64) / pixels < 0.005, "{}", quarter.len());
    assert!(
        !blank(&quarter, "png"),
        "a page a quarter black is not blank"
    );
    let tiff = encode(&page_pixels(&one_line()), image::ImageFormat::Tiff);
    assert!(
        !blank(&tiff, "tif"),
        "a one-line letter in a TIFF is not blank"
    );
    assert!(blank(
        &encode(&page_pixels(&[]), image::ImageFormat::Tiff),
        "tif"
    ));

    // Pencil or light ballpoint (grey 140) is writing too.
    let pencil = png(&page_pixels_in(&one_line(), 140));
    assert!((pencil.len() as f64) / pixels < 0.01, "{}", pencil.len());
    assert!(!blank(&pencil, "png"), "a line in pencil is not blank");

    // Empty paper stays blank: plain, with a few specks of dust, or with the dark strip a
    // scanner's lid leaves along one edge.
    assert!(blank(&jpg(&page_pixels(&[])), "jpg"));
    let dust: Vec<_> = (0..8)
        .map(|i| (200 + i * 97, 400 + i * 113, 2, 2))
        .collect();
    assert!(blank(&jpg(&page_pixels(&dust)), "jpg"));
    assert!(blank(&png(&page_pixels(&[(0, 0, 40, 1754)])), "png"));

    // The same inside a PDF: the one-line page as a JPEG (DCTDecode) and the quarter-black
    // page as 1-bit Flate samples, each filling an A4 page.
    let bits: Vec<u8> = page_pixels(&[(0, 0, 620, 877)])
        .rows()
        .flat_map(|row| {
            let px: Vec<u8> = row.map(|p| p.0[0]).collect();
            px.chunks(8)
                .map(|c| {
                    c.iter()
                        .enumerate()
                        .fold(0u8, |b, (i, &v)| b | (u8::from(v > 128) << (7 - i)))
                })
                .collect::<Vec<u8>>()
        })
        .collect();
    let empty_bits = vec![0xFFu8; 155 * 1754];
    let pdf = |dict: &str, data: &[u8]| {
        assemble(&[
            b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_vec(),
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595.28 841.89] /Resources << /XObject << /Im0 5 0 R >> >> /Contents 4 0 R >>".to_vec(),
            stream("", b"q 595.28 0 0 841.89 0 0 cm /Im0 Do Q"),
            stream(
                &format!("/Type /XObject /Subtype /Image /Width 1240 /Height 1754 {dict}"),
                data,
            ),
        ])
    };
    let gray_dct = "/ColorSpace /DeviceGray /BitsPerComponent 8 /Filter /DCTDecode";
    let bilevel = "/ColorSpace /DeviceGray /BitsPerComponent 1 /Filter /FlateDecode";
    assert!(!inspect(&pdf(gray_dct, &letter), &v_number()).pages[0].blank);
    assert!(!inspect(&pdf(bilevel, &deflate(&bits)), &v_number()).pages[0].blank);
    let facts = inspect(&pdf(bilevel, &deflate(&empty_bits)), &v_number());
    assert!(facts.pages[0].blank, "empty 1-bit page");
    let facts = inspect(&pdf(gray_dct, &jpg(&page_pixels(&[]))), &v_number());
    assert!(facts.pages[0].blank, "empty JPEG page");
    // An inline image is not decoded, and content nested deeper than is read is not seen:
    // neither page is known to be empty, so neither is called blank.
    let mut inline =
        b"q 595.28 0 0 841.89 0 0 cm BI /W 200 /H 200 /CS /G /BPC 8 /F /Fl ID ".to_vec();
    inline.extend(deflate(&[250u8; 200 * 200]));
    inline.extend_from_slice(b" EI Q");
    let page_with = |content: &[u8], forms: Vec<Vec<u8>>| {
        let mut objects = vec![
            b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_vec(),
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595.28 841.89] /Resources << /XObject << /X0 5 0 R >> >> /Contents 4 0 R >>".to_vec(),
            stream("", content),
        ];
        objects.extend(forms);
        assemble(&objects)
    };
    assert!(!inspect(&page_with(&inline, Vec::new()), &v_number()).pages[0].blank);
    let nested: Vec<Vec<u8>> = (0..30)
        .map(|i| {
            stream(
                &format!(
                    "/Type /XObject /Subtype /Form /BBox [0 0 595 842] /Resources << /XObject << /X0 {} 0 R >> >>",
                    i + 6
                ),
                if i == 29 { b"0 0 0 rg 72 72 200 20 re f".as_slice() } else { b"/X0 Do".as_slice() },
            )
        })
        .collect();
    assert!(!inspect(&page_with(b"/X0 Do", nested), &v_number()).pages[0].blank);
    // A stencil mask paints where its samples are 0: a quarter painted is not blank.
    let mask = "/ImageMask true /Filter /FlateDecode";
    assert!(!inspect(&pdf(mask, &deflate(&bits)), &v_number()).pages[0].blank);
}

/// The image kinds scanners put in PDFs are judged by their pixels too: 1-bit CCITT Group 4,
/// Flate with PNG predictors, palettes, 4- and 16-bit grey, an inverted JPEG. A page whose
/// pixels cannot be seen here is never called blank; and a page with an OCR text layer is not
/// blank whatever its image looks like, so a missing V-number on it is V001, not hidden.
#[test]
fn scanned_pdf_pages_of_every_common_kind_are_judged_by_their_pixels() {
    let (w, h) = (1240usize, 1754usize);
    let letter = page_pixels(&one_line());
    let empty = page_pixels(&[]);
    let pdf = |dict: &str, data: &[u8], text: &str| {
        let content = format!("q 595.28 0 0 841.89 0 0 cm /Im0 Do Q {text}");
        assemble(&[
            b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_vec(),
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595.28 841.89] /Resources << /XObject << /Im0 5 0 R >> /Font << /F1 6 0 R >> >> /Contents 4 0 R >>".to_vec(),
            stream("", content.as_bytes()),
            stream(&format!("/Type /XObject /Subtype /Image /Width {w} /Height {h} {dict}"), data),
            b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>".to_vec(),
        ])
    };
    let blank = |bytes: &[u8]| inspect(bytes, &v_number()).pages[0].blank;
    let bits = |img: &image::GrayImage, depth: u8| -> Vec<u8> {
        img.rows()
            .flat_map(|row| {
                let px: Vec<u8> = row.map(|p| p.0[0] >> (8 - depth)).collect();
                px.chunks(usize::from(8 / depth))
                    .map(|c| {
                        c.iter()
                            .enumerate()
                            .fold(0u8, |b, (i, &v)| b | (v << (8 - depth * (i as u8 + 1))))
                    })
                    .collect::<Vec<u8>>()
            })
            .collect()
    };
    // CCITT Group 4, as copiers and img2pdf write bilevel scans.
    let g4 = |img: &image::GrayImage| {
        let mut enc = fax::encoder::Encoder::new(fax::VecWriter::new());
        for row in img.rows() {
            let pels: Vec<fax::Color> = row
                .map(|p| {
                    if p.0[0] < 128 {
                        fax::Color::Black
                    } else {
                        fax::Color::White
                    }
                })
                .collect();
            enc.encode_line(pels.into_iter(), w as u16).unwrap();
        }
        enc.finish().unwrap().finish()
    };
    let ccitt = format!(
        "/ColorSpace /DeviceGray /BitsPerComponent 1 /Filter /CCITTFaxDecode \
         /DecodeParms << /K -1 /Columns {w} /Rows {h} /BlackIs1 false >>"
    );
    assert!(!blank(&pdf(&ccitt, &g4(&letter), "")), "G4 one-line letter");
    assert!(blank(&pdf(&ccitt, &g4(&empty), "")), "G4 empty page");
    // Flate with the PNG Up predictor on 8-bit grey (as img2pdf stores a grey PNG).
    let up = |img: &image::GrayImage| {
        let mut out = Vec::new();
        let mut prev = vec![0u8; w];
        for row in img.rows() {
            let cur: Vec<u8> = row.map(|p| p.0[0]).collect();
            out.push(2);
            out.extend(cur.iter().zip(&prev).map(|(c, p)| c.wrapping_sub(*p)));
            prev = cur;
        }
        deflate(&out)
    };
    let predicted = format!(
        "/ColorSpace /DeviceGray /BitsPerComponent 8 /Filter /FlateDecode \
         /DecodeParms << /Predictor 15 /Colors 1 /BitsPerComponent 8 /Columns {w} >>"
    );
    assert!(
        !blank(&pdf(&predicted, &up(&letter), "")),
        "PNG predictor letter"
    );
    assert!(
        blank(&pdf(&predicted, &up(&empty), "")),
        "PNG predictor empty"
    );
    // A two-colour palette, 4-bit and 16-bit grey.
    let indexed = "/ColorSpace [/Indexed /DeviceRGB 1 <FFFFFF000000>] /BitsPerComponent 1 \
                   /Filter /FlateDecode";
    let inverse = |img: &image::GrayImage| {
        let mut i = img.clone();
        image::imageops::invert(&mut i);
        i
    };
    assert!(!blank(&pdf(
        indexed,
        &deflate(&bits(&inverse(&letter), 1)),
        ""
    )));
    assert!(blank(&pdf(
        indexed,
        &deflate(&bits(&inverse(&empty), 1)),
        ""
    )));
    let grey4 = "/ColorSpace /DeviceGray /BitsPerComponent 4 /Filter /FlateDecode";
    assert!(!blank(&pdf(grey4, &deflate(&bits(&letter, 4)), "")));
    assert!(blank(&pdf(grey4, &deflate(&bits(&empty, 4)), "")));
    let grey16 = "/ColorSpace /DeviceGray /BitsPerComponent 16 /Filter /FlateDecode";
    let sixteen =
        |img: &image::GrayImage| -> Vec<u8> { img.pixels().flat_map(|p| [p.0[0], 0]).collect() };
    assert!(!blank(&pdf(grey16, &deflate(&sixteen(&letter)), "")));
    assert!(blank(&pdf(grey16, &deflate(&sixteen(&empty)), "")));
    // A JPEG stored inverted behind /Decode [1 0] is not read here: never called blank.
    let inverted = "/ColorSpace /DeviceGray /BitsPerComponent 8 /Filter /DCTDecode /Decode [1 0]";
    let jpg = encode(&inverse(&letter), image::ImageFormat::Jpeg);
    assert!(!blank(&pdf(inverted, &jpg, "")));
    // JBIG2 (not decoded here) that compresses like an empty page: not called blank either.
    assert!(!blank(&pdf(
        "/ColorSpace /DeviceGray /BitsPerComponent 1 /Filter /JBIG2Decode",
        &[0; 64],
        ""
    )));

    // An OCR layer (invisible text, render mode 3) over an image that looks empty: the page
    // has writing, so it is not blank, and without the V-number it is V001.
    let ocr =
        "BT 3 Tr /F1 11 Tf 72 700 Td (Amsterdam, 3 maart 2026. Ondergetekende verklaart) Tj ET";
    let facts = inspect(&pdf(&ccitt, &g4(&empty), ocr), &v_number());
    assert!(!facts.pages[0].blank);
    assert_eq!(facts.pages[0].text, TextLayer::Missing);
}

/// A V-number typed onto a page with a viewer's "add text" tool is an annotation, and so is a
/// filled-in form field: what prints counts, what does not print (no Print flag, Hidden) does
/// not.
#[test]
fn an_identifier_in_a_printed_annotation_counts() {
    let page = |flags: &str| {
        assemble(&[
            b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_vec(),
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R /Annots [6 0 R] >>".to_vec(),
            stream("", b"BT /F1 12 Tf 72 760 Td (PASPOORT, kopie) Tj ET"),
            b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>".to_vec(),
            format!("<< /Type /Annot /Subtype /FreeText /Rect [400 800 580 820] {flags} /AP << /N 7 0 R >> /DA (/Helv 10 Tf 0 g) >>").into_bytes(),
            stream(
                "/Type /XObject /Subtype /Form /BBox [0 0 180 20] /Resources << /Font << /Helv 5 0 R >> >>",
                b"BT /Helv 10 Tf 2 6 Td (V-nummer 1234 567 890) Tj ET",
            ),
        ])
    };
    let text = |flags: &str| inspect(&page(flags), &v_number()).pages[0].text;
    assert_eq!(text("/F 4"), TextLayer::Found, "printed");
    assert_eq!(
        text(""),
        TextLayer::Missing,
        "shown on screen only, never printed"
    );
    assert_eq!(text("/F 6"), TextLayer::Missing, "hidden");
}

/// A page that holds only a printed ink drawing, highlight or note without an appearance
/// stream is not blank: the packet draws it from its data, so `check` must not tell the
/// volunteer to remove the page (F006). Without the Print flag it does not count.
#[test]
fn a_page_with_only_markup_without_appearance_is_not_blank() {
    let page = |annot: &str| {
        assemble(&[
            b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_vec(),
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Annots [5 0 R] >>".to_vec(),
            stream("", b""),
            annot.as_bytes().to_vec(),
        ])
    };
    let blank = |annot: &str| inspect(&page(annot), &v_number()).pages[0].blank;
    let ink = "<< /Type /Annot /Subtype /Ink /Rect [100 100 300 200] /C [0 0 1] /InkList [[100 100 200 150 300 120]]";
    assert!(
        !blank(&format!("{ink} /F 4 >>")),
        "a signature drawn with a viewer's pen"
    );
    assert!(blank(&format!("{ink} >>")), "not printed");
    assert!(!blank(
        "<< /Type /Annot /Subtype /Text /Rect [100 100 120 120] /F 4 >>"
    ));

    // Text typed on with a free-text note that has no appearance cannot be printed as viewers
    // show it: the copy is unreadable (F003) with advice, never a packet page without it.
    let note = "<< /Type /Annot /Subtype /FreeText /Rect [100 700 400 720] /F 4 /DA (/Helv 10 Tf 0 g) /Contents (V-nummer 1234567890) >>";
    let facts = inspect(&page(note), &v_number());
    let problem = facts
        .problem
        .expect("a free-text note without appearance is refused");
    assert!(
        problem.message.contains("free-text note"),
        "{}",
        problem.message
    );
    assert!(
        problem.message.contains("print it to a new PDF"),
        "{}",
        problem.message
    );
}

/// A filled-in text field whose value viewers draw themselves (no appearance, or the form asks
/// them to redraw) carries the V-number on paper, as the packet draws it: no false V001.
#[test]
fn a_number_in_a_form_field_value_viewers_draw_counts() {
    let page = |need: &str, ap: &str| {
        assemble(&[
            format!("<< /Type /Catalog /Pages 2 0 R /AcroForm << /Fields [5 0 R] {need} >> >>").into_bytes(),
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_vec(),
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Annots [5 0 R] >>".to_vec(),
            stream("", b""),
            format!("<< /Type /Annot /Subtype /Widget /FT /Tx /T (vnr) /F 4 /Rect [100 700 300 720] /V (V-nummer 1234 567 890) /DA (/Helv 10 Tf 0 g) {ap} >>").into_bytes(),
            stream("/Type /XObject /Subtype /Form /BBox [0 0 200 20]", b""),
        ])
    };
    let text = |need: &str, ap: &str| inspect(&page(need, ap), &v_number()).pages[0].text;
    assert_eq!(text("", ""), TextLayer::Found, "no appearance");
    assert_eq!(
        text("/NeedAppearances true", "/AP << /N 6 0 R >>"),
        TextLayer::Found,
        "an empty appearance of the blank form, redrawn by viewers"
    );
}

/// Text that never reaches the paper does not carry the V-number: on an optional-content layer
/// that is off or set not to print, or placed off the displayed box. Text that starts left of
/// the CropBox and runs into it does.
#[test]
fn text_that_does_not_print_does_not_carry_the_number() {
    let page = |catalog_extra: &str, page_extra: &str, content: &str| {
        assemble(&[
            format!("<< /Type /Catalog /Pages 2 0 R {catalog_extra} >>").into_bytes(),
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_vec(),
            format!("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] {page_extra} /Resources << /Font << /F1 5 0 R >> /Properties << /L1 6 0 R >> >> /Contents 4 0 R >>").into_bytes(),
            stream("", content.as_bytes()),
            b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>".to_vec(),
            b"<< /Type /OCG /Name (Notes) >>".to_vec(),
        ])
    };
    let text = |cat: &str, pg: &str, content: &str| {
        inspect(&page(cat, pg, content), &v_number()).pages[0].text
    };
    let layered = "BT /F1 10 Tf 60 700 Td (Paspoort) Tj ET /OC /L1 BDC BT /F1 10 Tf 60 680 Td (V-nummer 1234567890) Tj ET EMC";
    let on = "/OCProperties << /OCGs [6 0 R] /D << /ON [6 0 R] >> >>";
    let off = "/OCProperties << /OCGs [6 0 R] /D << /OFF [6 0 R] >> >>";
    assert_eq!(
        text(on, "", layered),
        TextLayer::Found,
        "a layer that is on"
    );
    assert_eq!(
        text(off, "", layered),
        TextLayer::Missing,
        "a layer that is off"
    );
    // Off the displayed box: above the CropBox, right of it; a line starting left of it runs in.
    let crop = "/CropBox [100 100 500 600]";
    let at = |x: u32, y: u32| {
        format!(
            "BT /F1 10 Tf 150 300 Td (Paspoort) Tj ET BT /F1 10 Tf {x} {y} Td (V-nummer 1234567890) Tj ET"
        )
    };
    assert_eq!(
        text("", crop, &at(150, 700)),
        TextLayer::Missing,
        "above the box"
    );
    assert_eq!(
        text("", crop, &at(520, 400)),
        TextLayer::Missing,
        "right of the box"
    );
    assert_eq!(
        text("", crop, &at(60, 400)),
        TextLayer::Found,
        "runs into the box"
    );
    assert_eq!(text("", crop, &at(150, 400)), TextLayer::Found, "inside");
}

/// A table or an editor may draw a line's parts out of reading order ("15257" before
/// "V-nr: 74692" on its left): the page is read in page order too before V001. Parts of the
/// number on different lines do not join.
#[test]
fn an_identifier_drawn_out_of_reading_order_is_found() {
    let page = |content: &str| {
        assemble(&[
            b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_vec(),
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>".to_vec(),
            stream("", content.as_bytes()),
            b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>".to_vec(),
        ])
    };
    let text = |content: &str| inspect(&page(content), &v_number()).pages[0].text;
    // V-number 1234567890: "567 890" drawn first, at the right; "V-nr: 1234" after, at the left.
    assert_eq!(
        text(
            "BT /F1 10 Tf 1 0 0 1 160 700 Tm (567 890) Tj ET BT /F1 10 Tf 1 0 0 1 60 700 Tm (V-nr: 1234) Tj ET"
        ),
        TextLayer::Found
    );
    // The same with Td and a line above, in one text object.
    assert_eq!(
        text(
            "BT /F1 10 Tf 14 TL 60 720 Td (Loonstrook) Tj T* 100 0 Td (567 890) Tj -100 0 Td (V-nr: 1234) Tj ET"
        ),
        TextLayer::Found
    );
    // Halves on lines far apart, with other text between: not the number.
    assert_eq!(
        text(
            "BT /F1 10 Tf 1 0 0 1 160 700 Tm (567 890) Tj 1 0 0 1 60 500 Tm (Datum 1-1-2026) Tj 1 0 0 1 60 300 Tm (1234) Tj ET"
        ),
        TextLayer::Missing
    );
}

/// A page whose box is empty (or thinner than a point) cannot be printed or placed in a packet:
/// it is an unreadable copy (F003), not a page of the wrong size that `prepare` would fit.
#[test]
fn a_page_without_area_is_unreadable() {
    for media in ["[0 0 0 0]", "[0 0 595 0.2]", "[10 10 10 842]"] {
        let page = format!("<< /Type /Page /Parent 2 0 R /MediaBox {media} /Contents 4 0 R >>");
        let objects = vec![
            b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_vec(),
            page.into_bytes(),
            stream("", b"0 0 m 10 10 l S"),
        ];
        let facts = inspect(&assemble(&objects), &v_number());
        let problem = facts.problem.expect(media);
        assert_eq!(problem.kind, scan::ProblemKind::Corrupt, "{media}");
        assert!(
            problem.message.contains("page 1 has no size"),
            "{}",
            problem.message
        );
    }
}
