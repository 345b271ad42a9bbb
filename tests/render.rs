//! What volunteers rely on in `dossier prepare`'s outputs, checked by reading the PDFs back:
//! names print and extract with their diacritics, every packet page is A4, every copy page
//! carries the stamp as text, fonts are embedded, printing is single-sided, and the same input
//! gives the same bytes. Generated copies live in a temp dir; /work/shared is only read.

#![expect(
    clippy::print_stderr,
    reason = "a check skipped for a missing tool says so on stderr"
)]

use std::io::Cursor;
use std::path::{Path, PathBuf};
use std::process::Command;

use dossier::render::{
    Applicant, CopyLine, CopySource, CoverData, FeeLine, FeeView, Organisation, PacketCopy,
    RenderError, Templates, WaivedLine, cover_sheet, fee_summary, packet, write_atomic,
};
use lopdf::{Document, Object, Stream, dictionary};

const A4: (f32, f32) = (595.276, 841.89);

fn data(name: &str, language: &str) -> CoverData {
    CoverData {
        language: language.to_owned(),
        not_ready: false,
        not_ready_reason: String::new(),
        organisation: Organisation {
            name: "Stichting Voorbeeldhulp".to_owned(),
            address: vec!["Kerkstraat 1".to_owned(), "3511 AB Utrecht".to_owned()],
            contact: "J. de Vries".to_owned(),
            phone: "030 123 4567".to_owned(),
            email: "hulp@example.org".to_owned(),
        },
        case_id: "2026-0142".to_owned(),
        applicant: Applicant {
            name: name.to_owned(),
            born: "1990-04-12".to_owned(),
            v_number: Some("1234567890".to_owned()),
            client_number: None,
        },
        form_number: "7018".to_owned(),
        form_title: "Aanvraag verblijfsvergunning familie en gezin (referent)".to_owned(),
        copies: vec![
            CopyLine {
                number: 1,
                kind: "Paspoort".to_owned(),
                file: "copies/passport.pdf".to_owned(),
                pages: 2,
            },
            CopyLine {
                number: 2,
                kind: "Geboorteakte".to_owned(),
                file: "copies/birth.jpg".to_owned(),
                pages: 1,
            },
        ],
        total_pages: 3,
        fee: Some(FeeView {
            amount: "68".to_owned(),
            base: "174".to_owned(),
            schedule_valid_from: "2020-01-01".to_owned(),
            source: "IND leges 2020".to_owned(),
            links: String::new(),
            considered: vec![
                FeeLine {
                    reason: "Turkse nationaliteit".to_owned(),
                    amount: "68".to_owned(),
                    status: "toegepast".to_owned(),
                },
                FeeLine {
                    reason: "Art. 8 EVRM en onvoldoende inkomen".to_owned(),
                    amount: "0".to_owned(),
                    status: "bewijs ontbreekt: inkomensverklaring".to_owned(),
                },
            ],
        }),
        postal_address: vec![
            "IND".to_owned(),
            "Afdeling Reguliere Verblijfsaanvragen en Nederlanderschap".to_owned(),
            "Postbus 16".to_owned(),
            "9560 AA Ter Apel".to_owned(),
        ],
        waived: vec![WaivedLine {
            code: "V002".to_owned(),
            file: "copies/passport.pdf".to_owned(),
            reason: "V-nummer met de hand op de kopie gezet".to_owned(),
            pages: "1–2".to_owned(),
        }],
    }
}

fn shared(rel: &str) -> PathBuf {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../shared")).join(rel)
}

/// `pdftotext` output of `pdf`, or `None` (with a message) when poppler-utils is absent.
fn pdftotext(pdf: &[u8], page: Option<u32>) -> Option<String> {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("x.pdf");
    std::fs::write(&path, pdf).unwrap();
    let mut cmd = Command::new("pdftotext");
    if let Some(p) = page {
        cmd.args(["-f", &p.to_string(), "-l", &p.to_string()]);
    }
    match cmd.arg(&path).arg("-").output() {
        Ok(out) if out.status.success() => Some(String::from_utf8_lossy(&out.stdout).into_owned()),
        Ok(out) => panic!("pdftotext failed: {}", String::from_utf8_lossy(&out.stderr)),
        Err(_) => {
            eprintln!("SKIPPED: pdftotext not found; install poppler-utils to run this check");
            None
        }
    }
}

/// Asserts that `qpdf --check` finds no structural error; skipped when qpdf is absent.
fn qpdf_check(pdf: &[u8]) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("x.pdf");
    std::fs::write(&path, pdf).unwrap();
    match Command::new("qpdf").arg("--check").arg(&path).output() {
        Ok(out) => assert!(
            out.status.success(),
            "qpdf --check: {}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        ),
        Err(_) => eprintln!("SKIPPED: qpdf not found; install qpdf to run this check"),
    }
}

fn page_size(doc: &Document, page: lopdf::ObjectId) -> (f32, f32) {
    let dict = doc.get_dictionary(page).unwrap();
    let mb = dict.get(b"MediaBox").unwrap().as_array().unwrap();
    let v: Vec<f32> = mb.iter().map(|o| o.as_float().unwrap()).collect();
    (v[2] - v[0], v[3] - v[1])
}

fn is_a4(size: (f32, f32)) -> bool {
    let (w, h) = if size.0 > size.1 {
        (size.1, size.0)
    } else {
        size
    };
    (w - A4.0).abs() < 1.0 && (h - A4.1).abs() < 1.0
}

fn has_font_file2(doc: &Document) -> bool {
    doc.objects.values().any(|o| match o {
        Object::Dictionary(d) => d.get(b"FontFile2").is_ok(),
        _ => false,
    })
}

#[test]
fn cover_sheet_prints_names_in_every_script() {
    let t = Templates::builtin();
    let names = [
        "Şükrü Yılmaz",
        "Łukasz Wąsik",
        "Nguyễn Thị Hương",
        "Иван Петрович Сидоров",
        "محمد علي",
    ];
    for name in names {
        let pdf = cover_sheet(&t, &data(name, "nl")).unwrap();
        let doc = Document::load_mem(&pdf).unwrap();
        let pages: Vec<u32> = doc.get_pages().keys().copied().collect();
        for id in doc.get_pages().values() {
            assert!(is_a4(page_size(&doc, *id)), "cover sheet page not A4");
        }
        assert!(has_font_file2(&doc), "font not embedded");
        // lopdf's own extraction handles the left-to-right scripts.
        if !name.starts_with('م') {
            let text = doc.extract_text(&pages).unwrap();
            assert!(text.contains(name), "lopdf did not find {name:?} in {text}");
        }
        if let Some(text) = pdftotext(&pdf, None) {
            let found = text.contains(name)
                // poppler writes right-to-left runs in visual order on some versions.
                || text.contains(&name.split(' ').rev().collect::<Vec<_>>().join(" "));
            assert!(found, "pdftotext did not find {name:?} in {text}");
        }
    }
}

#[test]
fn cover_sheet_shows_what_the_issue_asks() {
    let t = Templates::builtin();
    let mut d = data("Şükrü Yılmaz", "en");
    d.not_ready = true;
    d.not_ready_reason = "3 errors: see the report".to_owned();
    let pdf = cover_sheet(&t, &d).unwrap();
    let Some(text) = pdftotext(&pdf, None) else {
        return;
    };
    // Table cells wrap; compare with runs of white space collapsed.
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    for needle in [
        "Stichting Voorbeeldhulp",
        "1990-04-12",
        "1234567890",
        "7018",
        "Paspoort",
        "copies/birth.jpg",
        "Total number of pages",
        "€ 68",
        "€ 174",
        "2020-01-01",
        "bewijs ontbreekt: inkomensverklaring",
        "Postbus 16",
        "9560 AA Ter Apel",
        "single-sided",
        "staples",
        "USB",
        "originals",
        "V002",
        "NOT READY",
        "3 errors: see the report",
        "Signature",
    ] {
        assert!(text.contains(needle), "missing {needle:?} in:\n{text}");
    }
}

#[test]
fn markup_in_names_stays_text() {
    let t = Templates::builtin();
    let name = "<b> #set $x$ {{ y }} *z* _w_ @ref \\ // c";
    let pdf = cover_sheet(&t, &data(name, "nl")).unwrap();
    let doc = Document::load_mem(&pdf).unwrap();
    let pages: Vec<u32> = doc.get_pages().keys().copied().collect();
    let text = doc.extract_text(&pages).unwrap();
    assert!(text.contains(name), "{text}");
    let summary = fee_summary(&t, &data(name, "nl")).unwrap();
    assert!(!summary.contains("&lt;"));
}

#[test]
fn cover_sheet_is_byte_identical_and_undated() {
    let t = Templates::builtin();
    let d = data("Łukasz Wąsik", "nl");
    let a = cover_sheet(&t, &d).unwrap();
    let b = cover_sheet(&Templates::builtin(), &d).unwrap();
    assert_eq!(a, b);
    let doc = Document::load_mem(&a).unwrap();
    if let Ok(info) = doc.trailer.get(b"Info").and_then(|i| i.as_reference()) {
        let info = doc.get_dictionary(info).unwrap();
        assert!(
            info.get(b"CreationDate").is_err(),
            "cover sheet carries a date"
        );
        assert!(info.get(b"ModDate").is_err(), "cover sheet carries a date");
    }
    // A different case gets a different document identifier.
    let other = cover_sheet(&t, &data("Nguyễn Thị Hương", "nl")).unwrap();
    let id = |pdf: &[u8]| {
        Document::load_mem(pdf)
            .unwrap()
            .trailer
            .get(b"ID")
            .cloned()
            .unwrap()
    };
    assert_ne!(id(&a), id(&other));
}

#[test]
fn cover_sheets_rendered_in_parallel_match_sequential_ones() {
    use rayon::prelude::*;
    let t = Templates::builtin();
    let names: Vec<String> = (0..8).map(|i| format!("Şükrü Yılmaz {i}")).collect();
    let seq: Vec<Vec<u8>> = names
        .iter()
        .map(|n| cover_sheet(&t, &data(n, "nl")).unwrap())
        .collect();
    let par: Vec<Vec<u8>> = names
        .par_iter()
        .rev()
        .map(|n| cover_sheet(&t, &data(n, "nl")).unwrap())
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    assert_eq!(seq, par);
}

#[test]
fn unknown_language_is_an_error() {
    let t = Templates::builtin();
    let e = cover_sheet(&t, &data("A", "de")).unwrap_err();
    assert!(matches!(e, RenderError::UnknownLanguage { .. }), "{e}");
    assert!(fee_summary(&t, &data("A", "de")).is_err());
}

// ---------------------------------------------------------------------------------------------
// Packet

/// A PDF with pages of the given sizes and rotations, each showing `label n` in Helvetica.
fn test_pdf(pages: &[((f32, f32), i64)], label: &str) -> Vec<u8> {
    let mut doc = Document::with_version("1.5");
    let pages_id = doc.new_object_id();
    let font = doc.add_object(dictionary! {
        "Type" => "Font", "Subtype" => "Type1", "BaseFont" => "Helvetica",
    });
    let mut kids = Vec::new();
    for (i, ((w, h), rotate)) in pages.iter().enumerate() {
        let content = format!("BT /F1 24 Tf 72 100 Td ({label} {}) Tj ET", i + 1);
        let c = doc.add_object(Stream::new(dictionary! {}, content.into_bytes()));
        let mut page = dictionary! {
            "Type" => "Page", "Parent" => pages_id, "Contents" => c,
            "MediaBox" => vec![0.into(), 0.into(), Object::Real(*w), Object::Real(*h)],
        };
        if *rotate != 0 {
            page.set("Rotate", *rotate);
        }
        kids.push(Object::Reference(doc.add_object(page)));
    }
    let count = kids.len() as i64;
    // Resources are inherited from the page tree, as many producers write them.
    doc.objects.insert(
        pages_id,
        Object::Dictionary(dictionary! {
            "Type" => "Pages", "Kids" => kids, "Count" => count,
            "Resources" => dictionary! { "Font" => dictionary! { "F1" => font } },
        }),
    );
    let catalog = doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => pages_id });
    doc.trailer.set("Root", catalog);
    let mut out = Vec::new();
    doc.save_to(&mut out).unwrap();
    out
}

/// A baseline JPEG, with an EXIF orientation segment when `orientation` is given.
fn test_jpeg(w: u32, h: u32, orientation: Option<u16>) -> Vec<u8> {
    let img = image::RgbImage::from_fn(w, h, |x, y| {
        image::Rgb([(x % 256) as u8, (y % 256) as u8, 128])
    });
    let mut jpg = Vec::new();
    img.write_to(&mut Cursor::new(&mut jpg), image::ImageFormat::Jpeg)
        .unwrap();
    let Some(o) = orientation else {
        return jpg;
    };
    // APP1 "Exif": little-endian TIFF header, one IFD entry: Orientation (0x0112), SHORT.
    let mut tiff = b"II*\0\x08\0\0\0\x01\0\x12\x01\x03\0\x01\0\0\0".to_vec();
    tiff.extend_from_slice(&o.to_le_bytes());
    tiff.extend_from_slice(&[0, 0, 0, 0, 0, 0]);
    let mut seg = b"Exif\0\0".to_vec();
    seg.extend_from_slice(&tiff);
    let mut out = jpg[..2].to_vec();
    out.extend_from_slice(&[0xFF, 0xE1]);
    out.extend_from_slice(&((seg.len() + 2) as u16).to_be_bytes());
    out.extend_from_slice(&seg);
    out.extend_from_slice(&jpg[2..]);
    out
}

fn test_image(format: image::ImageFormat, w: u32, h: u32) -> Vec<u8> {
    let img = image::RgbaImage::from_fn(w, h, |x, y| {
        image::Rgba([x as u8, y as u8, 7, if x < 2 { 0 } else { 255 }])
    });
    let mut out = Vec::new();
    img.write_to(&mut Cursor::new(&mut out), format).unwrap();
    out
}

/// A TIFF with two images, as office scanners write multi-page scans.
fn two_page_tiff() -> Vec<u8> {
    use tiff::encoder::{TiffEncoder, colortype};
    let mut buf = Cursor::new(Vec::new());
    let mut enc = TiffEncoder::new(&mut buf).unwrap();
    let gray: Vec<u8> = (0..60 * 40).map(|i| (i % 251) as u8).collect();
    enc.write_image::<colortype::Gray8>(60, 40, &gray).unwrap();
    let rgb: Vec<u8> = (0..40 * 60 * 3).map(|i| (i % 253) as u8).collect();
    enc.write_image::<colortype::RGB8>(40, 60, &rgb).unwrap();
    buf.into_inner()
}

struct Fixture {
    _dir: tempfile::TempDir,
    copies: Vec<PacketCopy>,
    jpeg: Vec<u8>,
}

/// Copies covering the cases that go wrong in practice: a Letter page, a rotated page, a
/// landscape A4 page, a rotated JPEG, a PNG with transparency and a two-page TIFF.
fn fixture() -> Fixture {
    let dir = tempfile::tempdir().unwrap();
    let write = |name: &str, bytes: &[u8]| {
        let p = dir.path().join(name);
        std::fs::write(&p, bytes).unwrap();
        p
    };
    let pdf = test_pdf(
        &[
            ((612.0, 792.0), 0),
            ((595.0, 842.0), 90),
            ((842.0, 595.0), 0),
        ],
        "passport page",
    );
    let jpeg = test_jpeg(300, 200, Some(6));
    let copies = vec![
        PacketCopy::from_file(
            write("passport.pdf", &pdf),
            CopySource::Pdf,
            "1. Paspoort".to_owned(),
        )
        .unwrap(),
        PacketCopy::from_file(
            write("birth.jpg", &jpeg),
            CopySource::Jpeg,
            "2. Geboorteakte – Łukasz".to_owned(),
        )
        .unwrap(),
        PacketCopy::from_file(
            write("contract.png", &test_image(image::ImageFormat::Png, 40, 60)),
            CopySource::Png,
            "3. Arbeidsovereenkomst".to_owned(),
        )
        .unwrap(),
        PacketCopy::from_file(
            write("payslip.tiff", &two_page_tiff()),
            CopySource::Tiff,
            "4. Loonstrook".to_owned(),
        )
        .unwrap(),
    ];
    Fixture {
        _dir: dir,
        copies,
        jpeg,
    }
}

const STAMP: &str = "V-nummer 1234567890";

#[test]
fn packet_pages_are_a4_stamped_and_bookmarked() {
    let t = Templates::builtin();
    let cover = cover_sheet(&t, &data("Şükrü Yılmaz", "nl")).unwrap();
    let cover_pages = Document::load_mem(&cover).unwrap().get_pages().len();
    let f = fixture();
    let pdf = packet(&t, &cover, &f.copies, STAMP).unwrap();
    qpdf_check(&pdf);
    qpdf_check(&cover);
    let doc = Document::load_mem(&pdf).unwrap();
    let pages = doc.get_pages();
    assert_eq!(pages.len(), cover_pages + 3 + 1 + 1 + 2);
    for (n, id) in &pages {
        let size = page_size(&doc, *id);
        assert!(is_a4(size), "page {n} is {size:?}");
        let dict = doc.get_dictionary(*id).unwrap();
        assert!(dict.get(b"Rotate").is_err(), "page {n} still rotated");
    }
    // The rotated A4 page is shown landscape; the landscape page stays landscape.
    let landscape: Vec<bool> = pages
        .values()
        .map(|id| {
            let (w, h) = page_size(&doc, *id);
            w > h
        })
        .collect();
    assert_eq!(
        &landscape[cover_pages..cover_pages + 3],
        &[false, true, true]
    );
    // The JPEG's EXIF orientation 6 turns 300×200 pixels into a portrait page.
    assert!(!landscape[cover_pages + 3]);

    // Every page of the envelope carries the identifier, the cover sheet's pages too (a
    // second cover page has no applicant table), so `dossier check` passes the packet.
    for (n, _) in pages.iter() {
        let text = doc.extract_text(&[*n]).unwrap();
        assert!(text.contains(STAMP), "no stamp on page {n}: {text:?}");
    }
    if let Some(all) = pdftotext(&pdf, None) {
        for p in 1..=3 {
            assert!(
                all.contains(&format!("passport page {p}")),
                "copy text lost:\n{all}"
            );
        }
        for n in cover_pages as u32 + 1..=pages.len() as u32 {
            let text = pdftotext(&pdf, Some(n)).unwrap_or_default();
            assert!(
                text.contains(STAMP),
                "pdftotext: no stamp on page {n}: {text:?}"
            );
        }
    }

    let catalog = doc.catalog().unwrap();
    let prefs = catalog
        .get_deref(b"ViewerPreferences", &doc)
        .unwrap()
        .as_dict()
        .unwrap();
    assert_eq!(prefs.get(b"Duplex").unwrap().as_name().unwrap(), b"Simplex");
    let outlines = catalog
        .get_deref(b"Outlines", &doc)
        .unwrap()
        .as_dict()
        .unwrap();
    assert_eq!(outlines.get(b"Count").unwrap().as_i64().unwrap(), 4);
    assert!(has_font_file2(&doc));
}

#[test]
fn jpeg_is_embedded_unchanged() {
    let t = Templates::builtin();
    let cover = cover_sheet(&t, &data("A B", "en")).unwrap();
    let f = fixture();
    let pdf = packet(&t, &cover, &f.copies[1..2], STAMP).unwrap();
    let doc = Document::load_mem(&pdf).unwrap();
    let found = doc.objects.values().any(|o| match o {
        Object::Stream(s) => s.content == f.jpeg,
        _ => false,
    });
    assert!(found, "JPEG bytes were changed");
}

#[test]
fn packet_is_byte_identical_across_runs() {
    let t = Templates::builtin();
    let cover = cover_sheet(&t, &data("Nguyễn Thị Hương", "nl")).unwrap();
    let f = fixture();
    let a = packet(&t, &cover, &f.copies, STAMP).unwrap();
    let b = packet(&Templates::builtin(), &cover, &f.copies, STAMP).unwrap();
    assert_eq!(a, b);
    let c = packet(&t, &cover, &f.copies, "V-nummer 1234567891").unwrap();
    let id = |pdf: &[u8]| {
        Document::load_mem(pdf)
            .unwrap()
            .trailer
            .get(b"ID")
            .cloned()
            .unwrap()
    };
    assert_ne!(id(&a), id(&c), "document id must depend on the inputs");
}

#[test]
fn stamp_with_name_and_birth_date_extracts() {
    let t = Templates::builtin();
    let cover = cover_sheet(&t, &data("Łukasz Wąsik", "nl")).unwrap();
    let f = fixture();
    let stamp = "Łukasz Wąsik 1990-04-12";
    let pdf = packet(&t, &cover, &f.copies[..1], stamp).unwrap();
    let doc = Document::load_mem(&pdf).unwrap();
    let last = *doc.get_pages().keys().last().unwrap();
    let text = doc.extract_text(&[last]).unwrap();
    assert!(text.contains(stamp), "{text:?}");
}

/// Every real-world PDF that poppler reads with confidence becomes the same number of A4
/// pages, each stamped; one that needs a password is refused with a message saying so; none
/// panics.
#[test]
fn real_world_pdfs_become_stamped_a4_pages() {
    let dir = shared("realworld-pdfs");
    let Ok(oracle) = std::fs::read_to_string(dir.join("pdfinfo-oracle.csv")) else {
        eprintln!("SKIPPED: {} not found", dir.display());
        return;
    };
    let (t, cover, cover_pages) = english_cover();
    for row in oracle.lines().skip(1) {
        let cols: Vec<&str> = row.split(',').collect();
        let (name, pages, encrypted, confidence) = (cols[0], cols[3], cols[6], cols[7]);
        let copies =
            [PacketCopy::from_file(dir.join(name), CopySource::Pdf, name.to_owned()).unwrap()];
        let result = packet(&t, &cover, &copies, STAMP);
        if encrypted == "yes-user-password" {
            let msg = result.err().map(|e| e.to_string()).unwrap_or_default();
            assert!(
                msg.contains("password") && msg.contains(name),
                "{name}: {msg}"
            );
            continue;
        }
        if confidence != "high" {
            continue;
        }
        let pdf = result.unwrap_or_else(|e| panic!("{name}: {e}"));
        qpdf_check(&pdf);
        let doc = Document::load_mem(&pdf).unwrap();
        let expected: usize = pages.parse().unwrap();
        let got = doc.get_pages();
        assert_eq!(got.len(), cover_pages + expected, "{name}");
        for id in got.values() {
            assert!(is_a4(page_size(&doc, *id)), "{name}");
        }
        let copy_pages: Vec<u32> = got.keys().copied().skip(cover_pages).collect();
        for n in copy_pages {
            let text = doc.extract_text(&[n]).unwrap_or_default();
            assert!(text.contains(STAMP), "{name}: no stamp on page {n}");
        }
    }
}

#[test]
fn a_copy_changed_after_its_check_is_refused_not_packed() {
    let t = Templates::builtin();
    let cover = cover_sheet(&t, &data("A B", "en")).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("passport.jpg");
    let jpeg = test_jpeg(30, 20, None);
    std::fs::write(&path, &jpeg).unwrap();
    let checked = PacketCopy::from_file(path.clone(), CopySource::Jpeg, "x".to_owned()).unwrap();
    assert!(packet(&t, &cover, std::slice::from_ref(&checked), STAMP).is_ok());
    // Someone saves another scan under the same name while the run is going on.
    std::fs::write(&path, test_jpeg(30, 21, None)).unwrap();
    let e = packet(&t, &cover, std::slice::from_ref(&checked), STAMP).unwrap_err();
    assert!(matches!(e, RenderError::CopyChanged { .. }), "{e}");
    assert!(e.to_string().contains("passport.jpg"), "{e}");
}

#[test]
fn unusable_copies_are_errors_naming_the_file() {
    let t = Templates::builtin();
    let cover = cover_sheet(&t, &data("A B", "en")).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let broken = dir.path().join("broken.pdf");
    std::fs::write(&broken, b"%PDF-1.4\ngarbage").unwrap();
    let bad_jpeg = dir.path().join("bad.jpg");
    std::fs::write(&bad_jpeg, b"\xFF\xD8\xFF\xE0\x00").unwrap();
    let cases = [
        (dir.path().join("missing.pdf"), CopySource::Pdf),
        (broken, CopySource::Pdf),
        (bad_jpeg, CopySource::Jpeg),
        (
            shared("realworld-pdfs/pdfrs-pw-passwords_aes_256.pdf"),
            CopySource::Pdf,
        ),
    ];
    for (path, source) in cases {
        let vanished = !path.exists();
        if vanished {
            std::fs::write(&path, b"%PDF-1.4").unwrap();
        }
        let copies = [PacketCopy::from_file(path.clone(), source, "x".to_owned()).unwrap()];
        if vanished {
            std::fs::remove_file(&path).unwrap();
        }
        let e = packet(&t, &cover, &copies, STAMP).unwrap_err();
        let msg = e.to_string();
        let file = path.file_name().unwrap().to_string_lossy().into_owned();
        assert!(msg.contains(&file), "{msg}");
    }
}

#[test]
fn outputs_are_written_atomically() {
    let t = Templates::builtin();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("cover-sheet.pdf");
    let pdf = cover_sheet(&t, &data("A B", "nl")).unwrap();
    write_atomic(&path, &pdf).unwrap();
    assert_eq!(std::fs::read(&path).unwrap(), pdf);
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
}

/// Writes an example cover sheet (invented client) to `$DOSSIER_EXAMPLE_OUT`; used by
/// `scripts/render-cover.sh`, not a check.
#[test]
#[ignore = "writes an example file for scripts/render-cover.sh"]
fn example_cover_sheet() {
    let Ok(out) = std::env::var("DOSSIER_EXAMPLE_OUT") else {
        return;
    };
    let language = std::env::var("DOSSIER_EXAMPLE_LANGUAGE").unwrap_or_else(|_| "nl".to_owned());
    let name = std::env::var("DOSSIER_EXAMPLE_NAME").unwrap_or_else(|_| "Şükrü Yılmaz".to_owned());
    let mut d = data(&name, &language);
    d.not_ready = std::env::var_os("DOSSIER_EXAMPLE_NOT_READY").is_some();
    d.not_ready_reason = "3 errors: see dossier-report.csv".to_owned();
    let pdf = cover_sheet(&Templates::builtin(), &d).unwrap();
    write_atomic(Path::new(&out), &pdf).unwrap();
}

/// Writes an example packet (invented client, generated copies) to `$DOSSIER_EXAMPLE_PACKET`
/// so that a person can look at page placement and stamps; not a check.
#[test]
#[ignore = "writes an example file for a person to look at"]
fn example_packet() {
    let Ok(out) = std::env::var("DOSSIER_EXAMPLE_PACKET") else {
        return;
    };
    let t = Templates::builtin();
    let cover = cover_sheet(&t, &data("Şükrü Yılmaz", "nl")).unwrap();
    let f = fixture();
    // DOSSIER_EXAMPLE_COPY=some.pdf puts that PDF in the packet instead of the generated copies.
    let copies = match std::env::var("DOSSIER_EXAMPLE_COPY") {
        Ok(path) => {
            vec![PacketCopy::from_file(path.into(), CopySource::Pdf, "example".to_owned()).unwrap()]
        }
        Err(_) => f.copies.clone(),
    };
    let pdf = packet(&t, &cover, &copies, STAMP).unwrap();
    write_atomic(Path::new(&out), &pdf).unwrap();
}

/// Prints how long a cover sheet and a packet page take; run by `scripts/render-bench.sh` in
/// release mode. A measurement, not a check: it asserts nothing about time.
#[test]
#[ignore = "measurement; run scripts/render-bench.sh"]
fn measure_render_speed() {
    use rayon::prelude::*;
    use std::time::Instant;
    let t = Templates::builtin();
    let n = 200;
    let names: Vec<String> = (0..n).map(|i| format!("Şükrü Yılmaz {i}")).collect();
    cover_sheet(&t, &data(&names[0], "nl")).unwrap();
    let start = Instant::now();
    for name in &names[..20] {
        cover_sheet(&t, &data(name, "nl")).unwrap();
    }
    let sequential = start.elapsed().as_secs_f64() * 1000.0 / 20.0;
    let start = Instant::now();
    names.par_iter().for_each(|name| {
        cover_sheet(&t, &data(name, "nl")).unwrap();
    });
    let parallel = start.elapsed().as_secs_f64() * 1000.0 / n as f64;
    eprintln!(
        "cover sheet: {sequential:.1} ms each on one thread; {parallel:.1} ms each over {n} \
         sheets on {} threads",
        rayon::current_num_threads()
    );

    let cover = cover_sheet(&t, &data("Şükrü Yılmaz", "nl")).unwrap();
    let f = fixture();
    let pdf = packet(&t, &cover, &f.copies, STAMP).unwrap();
    let pages = Document::load_mem(&pdf).unwrap().get_pages().len();
    let runs = 20;
    let start = Instant::now();
    for _ in 0..runs {
        packet(&t, &cover, &f.copies, STAMP).unwrap();
    }
    let per_packet = start.elapsed().as_secs_f64() * 1000.0 / runs as f64;
    eprintln!(
        "packet: {per_packet:.1} ms for {pages} pages (incl. typesetting the stamp), {:.2} ms per page",
        per_packet / pages as f64
    );

    // A 300 dpi A4 grey scan as PNG and as JPEG: the sizes volunteers' scanners produce.
    let dir = tempfile::tempdir().unwrap();
    let scan = image::GrayImage::from_fn(2480, 3508, |x, y| {
        image::Luma([if (x / 40 + y / 60) % 7 == 0 { 30 } else { 235 }])
    });
    for (name, format, source) in [
        ("scan.png", image::ImageFormat::Png, CopySource::Png),
        ("scan.jpg", image::ImageFormat::Jpeg, CopySource::Jpeg),
    ] {
        let path = dir.path().join(name);
        scan.save_with_format(&path, format).unwrap();
        let copies = [PacketCopy::from_file(path, source, name.to_owned()).unwrap()];
        let start = Instant::now();
        packet(&t, &cover, &copies, STAMP).unwrap();
        eprintln!(
            "packet with one 300 dpi A4 {name}: {:.0} ms",
            start.elapsed().as_secs_f64() * 1000.0
        );
    }

    let ep = shared("realworld-pdfs/pypdf-geotopo-komprimiert.pdf");
    if ep.exists() {
        let copies = [PacketCopy::from_file(ep, CopySource::Pdf, "geotopo".to_owned()).unwrap()];
        let start = Instant::now();
        let pdf = packet(&t, &cover, &copies, STAMP).unwrap();
        let ms = start.elapsed().as_secs_f64() * 1000.0;
        let pages = Document::load_mem(&pdf).unwrap().get_pages().len();
        eprintln!(
            "packet of a real 117-page PDF: {ms:.0} ms for {pages} pages, {:.2} ms per page",
            ms / pages as f64
        );
    }
}

/// A filled-in PDF form keeps its values in annotation appearances, not in the page content;
/// the packet must print them (and leave out annotations not meant for print).
#[test]
fn filled_form_fields_are_printed() {
    let mut doc = Document::with_version("1.5");
    let pages_id = doc.new_object_id();
    let font = doc.add_object(dictionary! {
        "Type" => "Font", "Subtype" => "Type1", "BaseFont" => "Helvetica",
    });
    let appearance = |text: &str| {
        Stream::new(
            dictionary! {
                "Type" => "XObject", "Subtype" => "Form",
                "BBox" => vec![0.into(), 0.into(), 200.into(), 20.into()],
                "Resources" => dictionary! { "Font" => dictionary! { "Helv" => font } },
            },
            format!("BT /Helv 12 Tf 2 5 Td ({text}) Tj ET").into_bytes(),
        )
    };
    let printed = doc.add_object(appearance("FilledValue42"));
    let screen_only = doc.add_object(appearance("ScreenOnlyNote"));
    let widget = doc.add_object(dictionary! {
        "Type" => "Annot", "Subtype" => "Widget", "F" => 4,
        "Rect" => vec![100.into(), 700.into(), 300.into(), 720.into()],
        "AP" => dictionary! { "N" => printed },
    });
    let note = doc.add_object(dictionary! {
        "Type" => "Annot", "Subtype" => "FreeText", "F" => 0,
        "Rect" => vec![100.into(), 600.into(), 300.into(), 620.into()],
        "AP" => dictionary! { "N" => screen_only },
    });
    let content = doc.add_object(Stream::new(dictionary! {}, b"".to_vec()));
    let page = doc.add_object(dictionary! {
        "Type" => "Page", "Parent" => pages_id, "Contents" => content,
        "MediaBox" => vec![0.into(), 0.into(), 595.into(), 842.into()],
        "Annots" => vec![Object::Reference(widget), Object::Reference(note)],
    });
    doc.objects.insert(
        pages_id,
        Object::Dictionary(dictionary! {
            "Type" => "Pages", "Kids" => vec![Object::Reference(page)], "Count" => 1,
        }),
    );
    let catalog = doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => pages_id });
    doc.trailer.set("Root", catalog);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("application-form.pdf");
    doc.save(&path).unwrap();

    let t = Templates::builtin();
    let cover = cover_sheet(&t, &data("A B", "nl")).unwrap();
    let copies =
        [PacketCopy::from_file(path, CopySource::Pdf, "Aanvraagformulier".to_owned()).unwrap()];
    let pdf = packet(&t, &cover, &copies, STAMP).unwrap();
    let pages = Document::load_mem(&pdf).unwrap().get_pages().len() as u32;
    if let Some(text) = pdftotext(&pdf, Some(pages)) {
        assert!(text.contains("FilledValue42"), "{text}");
        assert!(!text.contains("ScreenOnlyNote"), "{text}");
        assert!(text.contains(STAMP), "{text}");
    }
}

#[test]
fn cover_sheet_copes_with_sparse_and_long_cases() {
    let t = Templates::builtin();
    // No organisation details, no fee, no waivers, a client number instead of a V-number.
    let mut d = data("Łukasz Wąsik", "nl");
    d.organisation = Organisation::default();
    d.fee = None;
    d.waived.clear();
    d.applicant.v_number = None;
    d.applicant.client_number = Some("K-778899".to_owned());
    let pdf = cover_sheet(&t, &d).unwrap();
    if let Some(text) = pdftotext(&pdf, None) {
        assert!(
            text.contains("Klantnummer") && text.contains("K-778899"),
            "{text}"
        );
        assert!(text.contains("niet worden berekend"), "{text}");
    }

    // Sixty copies flow onto a second page; the total still adds up.
    let mut d = data("Nguyễn Thị Hương", "en");
    d.copies = (1..=60)
        .map(|n| CopyLine {
            number: n,
            kind: "Payslip".to_owned(),
            file: format!("copies/payslip-{n:02}.pdf"),
            pages: 1,
        })
        .collect();
    d.total_pages = 60;
    let pdf = cover_sheet(&t, &d).unwrap();
    let doc = Document::load_mem(&pdf).unwrap();
    assert!(doc.get_pages().len() >= 2);
    if let Some(text) = pdftotext(&pdf, None) {
        assert!(text.contains("payslip-60.pdf"), "{text}");
        assert!(
            text.contains("Page 2 / 2") || text.contains("Page 2 / 3"),
            "{text}"
        );
    }
}

/// A three-page PDF whose second-level page tree node has `/Kids` but no `/Type /Pages`, as
/// some producers write it: poppler and the check see three pages.
fn untyped_tree_pdf() -> Vec<u8> {
    let mut doc = Document::with_version("1.5");
    let root_id = doc.new_object_id();
    let node_id = doc.new_object_id();
    let font = doc.add_object(dictionary! {
        "Type" => "Font", "Subtype" => "Type1", "BaseFont" => "Helvetica",
    });
    let page = |doc: &mut Document, parent, label: &str| {
        let content = format!("BT /F1 24 Tf 72 400 Td ({label}) Tj ET");
        let c = doc.add_object(Stream::new(dictionary! {}, content.into_bytes()));
        Object::Reference(doc.add_object(dictionary! {
            "Type" => "Page", "Parent" => parent, "Contents" => c,
            "MediaBox" => vec![0.into(), 0.into(), 595.into(), 842.into()],
            "Resources" => dictionary! { "Font" => dictionary! { "F1" => font } },
        }))
    };
    let one = page(&mut doc, root_id, "page one");
    let two = page(&mut doc, node_id, "page two");
    let three = page(&mut doc, node_id, "page three");
    doc.objects.insert(
        node_id,
        Object::Dictionary(dictionary! {
            "Parent" => root_id, "Kids" => vec![two, three], "Count" => 2,
        }),
    );
    doc.objects.insert(
        root_id,
        Object::Dictionary(dictionary! {
            "Type" => "Pages", "Kids" => vec![one, Object::Reference(node_id)], "Count" => 3,
        }),
    );
    let catalog = doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => root_id });
    doc.trailer.set("Root", catalog);
    let mut out = Vec::new();
    doc.save_to(&mut out).unwrap();
    out
}

/// The built-in templates, an English cover sheet for an invented client, and its page count.
fn english_cover() -> (Templates, Vec<u8>, usize) {
    let t = Templates::builtin();
    let cover = cover_sheet(&t, &data("A B", "en")).unwrap();
    let pages = Document::load_mem(&cover).unwrap().get_pages().len();
    (t, cover, pages)
}

/// Checks a PDF copy as `dossier check` does, then packs it with the page count the check
/// found: (pages checked, the packet, the cover sheet's pages).
fn check_then_pack(path: std::path::PathBuf) -> (usize, Vec<u8>, usize) {
    let facts = dossier::scan::inspect_copy(
        &path,
        &dossier::scan::Identifier::Nothing,
        &dossier::scan::Limits::default(),
    );
    let (t, cover, cover_pages) = english_cover();
    let mut copy = PacketCopy::from_file(path, CopySource::Pdf, "x".to_owned()).unwrap();
    copy.pages = Some(facts.pages.len());
    let pdf = packet(&t, &cover, &[copy], STAMP).unwrap();
    (facts.pages.len(), pdf, cover_pages)
}

/// The packet places exactly the pages the check counted, even where lopdf's own page list
/// would lose some.
#[test]
fn a_page_tree_node_without_type_loses_no_pages() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("untyped.pdf");
    std::fs::write(&path, untyped_tree_pdf()).unwrap();
    let (checked, pdf, cover_pages) = check_then_pack(path);
    assert_eq!(checked, 3, "the check counts three pages");
    qpdf_check(&pdf);
    let pages = Document::load_mem(&pdf).unwrap().get_pages().len();
    assert_eq!(pages, cover_pages + 3);
    for (n, label) in ["page one", "page two", "page three"].iter().enumerate() {
        if let Some(text) = pdftotext(&pdf, Some((cover_pages + n + 1) as u32)) {
            assert!(text.contains(label), "page {}: {text}", n + 1);
            assert!(text.contains(STAMP), "page {}: {text}", n + 1);
        }
    }
}

/// A page listed twice in `/Kids` prints twice, as in readers; an annotation or a stream
/// listed there by mistake is no page. Check and packet agree.
#[test]
fn shared_pages_count_twice_and_non_pages_are_skipped() {
    let mut doc = Document::load_mem(&untyped_tree_pdf()).unwrap();
    let root_id = doc
        .catalog()
        .unwrap()
        .get(b"Pages")
        .unwrap()
        .as_reference()
        .unwrap();
    let annot = doc.add_object(dictionary! {
        "Type" => "Annot", "Subtype" => "Text",
        "Rect" => vec![0.into(), 0.into(), 10.into(), 10.into()],
    });
    let junk = doc.add_object(Stream::new(dictionary! {}, b"junk".to_vec()));
    let root = doc.get_dictionary_mut(root_id).unwrap();
    let mut kids = root.get(b"Kids").unwrap().as_array().unwrap().clone();
    let one = kids[0].clone();
    kids.extend([one, annot.into(), junk.into()]);
    root.set("Kids", kids);
    let mut bytes = Vec::new();
    doc.save_to(&mut bytes).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("shared.pdf");
    std::fs::write(&path, bytes).unwrap();
    let (checked, pdf, cover_pages) = check_then_pack(path);
    assert_eq!(checked, 4, "the check counts four pages");
    qpdf_check(&pdf);
    let pages = Document::load_mem(&pdf).unwrap().get_pages().len();
    assert_eq!(pages, cover_pages + 4);
    for (n, label) in ["page one", "page two", "page three", "page one"]
        .iter()
        .enumerate()
    {
        if let Some(text) = pdftotext(&pdf, Some((cover_pages + n + 1) as u32)) {
            assert!(text.contains(label), "page {}: {text}", n + 1);
        }
    }
}

/// A copy whose pages in the packet would not be the pages the check counted is refused,
/// naming the file, rather than packed with pages missing or added.
#[test]
fn a_copy_whose_page_count_differs_from_the_check_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("passport.pdf");
    std::fs::write(&path, test_pdf(&[((595.0, 842.0), 0); 3], "p")).unwrap();
    let t = Templates::builtin();
    let cover = cover_sheet(&t, &data("A B", "en")).unwrap();
    let mut copy = PacketCopy::from_file(path, CopySource::Pdf, "x".to_owned()).unwrap();
    copy.pages = Some(3);
    assert!(packet(&t, &cover, std::slice::from_ref(&copy), STAMP).is_ok());
    copy.pages = Some(4);
    let e = packet(&t, &cover, &[copy], STAMP).unwrap_err();
    assert!(matches!(e, RenderError::CopyUnusable { .. }), "{e}");
    let msg = e.to_string();
    assert!(
        msg.contains("passport.pdf") && msg.contains("4 pages"),
        "{msg}"
    );
}

/// A one-page PDF whose content stream (the last object) has `/Length {length}`, a value
/// lopdf cannot resolve, and its data followed by `end`.
fn broken_length_pdf(length: &str, end: &str) -> Vec<u8> {
    let objects = [
        "<< /Type /Catalog /Pages 2 0 R >>".to_owned(),
        "<< /Type /Pages /Kids [4 0 R] /Count 1 >>".to_owned(),
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>".to_owned(),
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 5 0 R \
         /Resources << /Font << /F1 3 0 R >> >> >>"
            .to_owned(),
        format!(
            "<< /Length {length} >>\nstream\nBT /F1 14 Tf 60 760 Td (Salary slip) Tj ET\n{end}"
        ),
    ];
    let mut out = b"%PDF-1.4\n".to_vec();
    let mut offsets = Vec::new();
    for (n, object) in objects.iter().enumerate() {
        offsets.push(out.len());
        out.extend_from_slice(format!("{} 0 obj\n{object}\n", n + 1).as_bytes());
    }
    let xref = out.len();
    out.extend_from_slice(b"xref\n0 6\n0000000000 65535 f \n");
    for offset in offsets {
        out.extend_from_slice(format!("{offset:010} 00000 n \n").as_bytes());
    }
    out.extend_from_slice(
        format!("trailer\n<< /Size 6 /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n").as_bytes(),
    );
    out
}

/// A content stream whose `/Length` names a missing object, or the stream itself, is read by
/// the check up to its `endstream`; the packet carries that same content, not a blank page.
/// One whose data has no end is refused, naming the file.
#[test]
fn a_content_stream_with_a_broken_length_keeps_its_content() {
    let dir = tempfile::tempdir().unwrap();
    for (name, length) in [
        ("missing.pdf", "99 0 R"),
        ("itself.pdf", "5 0 R"),
        ("real.pdf", "12.5"),
    ] {
        let path = dir.path().join(name);
        std::fs::write(&path, broken_length_pdf(length, "endstream\nendobj")).unwrap();
        let facts = dossier::scan::inspect_copy(
            &path,
            &dossier::scan::Identifier::Nothing,
            &dossier::scan::Limits::default(),
        );
        assert_eq!(facts.pages.len(), 1, "{name}");
        assert_eq!(
            facts.pages[0].text,
            dossier::scan::TextLayer::Found,
            "{name}"
        );
        let (_, pdf, cover_pages) = check_then_pack(path);
        qpdf_check(&pdf);
        let doc = Document::load_mem(&pdf).unwrap();
        let placed = doc
            .objects
            .values()
            .filter_map(|o| o.as_stream().ok())
            .any(|s| {
                s.dict.get(b"Subtype").and_then(Object::as_name).ok() == Some(b"Form")
                    && s.decompressed_content()
                        .unwrap_or_else(|_| s.content.clone())
                        .windows(13)
                        .any(|w| w == b"(Salary slip)")
            });
        assert!(placed, "{name}: the page's content is not in the packet");
        if let Some(text) = pdftotext(&pdf, Some(cover_pages as u32 + 1)) {
            assert!(text.contains("Salary slip"), "{name}: {text}");
        }
    }
    let path = dir.path().join("endless.pdf");
    std::fs::write(&path, broken_length_pdf("99 0 R", "")).unwrap();
    let (t, cover, _) = english_cover();
    let mut copy = PacketCopy::from_file(path, CopySource::Pdf, "x".to_owned()).unwrap();
    copy.pages = Some(1);
    let e = packet(&t, &cover, &[copy], STAMP).unwrap_err();
    assert!(matches!(e, RenderError::CopyUnusable { .. }), "{e}");
    let msg = e.to_string();
    assert!(
        msg.contains("endless.pdf") && msg.contains("content cannot be read"),
        "{msg}"
    );
}

/// A one-page PDF with layers: `HiddenLayer` is off by default, `ScreenOnly` is on but does not
/// print, `PrintOnly` is off on screen but prints, and a filled field sits on the hidden layer.
fn layered_pdf(tag: &str) -> Vec<u8> {
    let mut doc = Document::with_version("1.5");
    let pages_id = doc.new_object_id();
    let font = doc.add_object(dictionary! {
        "Type" => "Font", "Subtype" => "Type1", "BaseFont" => "Helvetica",
    });
    let print_state =
        |state: &str| dictionary! { "Print" => dictionary! { "PrintState" => state } };
    let hidden =
        doc.add_object(dictionary! { "Type" => "OCG", "Name" => Object::string_literal("h") });
    let screen = doc.add_object(dictionary! {
        "Type" => "OCG", "Name" => Object::string_literal("s"), "Usage" => print_state("OFF"),
    });
    let print_only = doc.add_object(dictionary! {
        "Type" => "OCG", "Name" => Object::string_literal("p"), "Usage" => print_state("ON"),
    });
    let content = format!(
        "/OC /L1 BDC BT /F1 20 Tf 72 600 Td (HiddenLayer{tag}) Tj ET EMC\n\
         /OC /L2 BDC BT /F1 20 Tf 72 500 Td (ScreenOnly{tag}) Tj ET EMC\n\
         /OC /L3 BDC BT /F1 20 Tf 72 400 Td (PrintOnly{tag}) Tj ET EMC\n\
         BT /F1 20 Tf 72 300 Td (Always{tag}) Tj ET"
    );
    let c = doc.add_object(Stream::new(dictionary! {}, content.into_bytes()));
    let field_ap = doc.add_object(Stream::new(
        dictionary! {
            "Type" => "XObject", "Subtype" => "Form",
            "BBox" => vec![0.into(), 0.into(), 200.into(), 20.into()],
            "Resources" => dictionary! { "Font" => dictionary! { "Helv" => font } },
        },
        format!("BT /Helv 12 Tf 2 5 Td (HiddenField{tag}) Tj ET").into_bytes(),
    ));
    let widget = doc.add_object(dictionary! {
        "Type" => "Annot", "Subtype" => "Widget", "F" => 4, "OC" => hidden,
        "Rect" => vec![100.into(), 700.into(), 300.into(), 720.into()],
        "AP" => dictionary! { "N" => field_ap },
    });
    // Membership dictionaries with a visibility expression and no /OCGs.
    let mut annots = vec![Object::Reference(widget)];
    for (n, (text, ve)) in [
        ("VeHidden", vec!["Not".into(), print_only.into()]),
        (
            "VeShown",
            vec![
                "And".into(),
                vec!["Not".into(), screen.into()].into(),
                vec!["Or".into(), print_only.into(), hidden.into()].into(),
            ],
        ),
    ]
    .into_iter()
    .enumerate()
    {
        let ap = doc.add_object(Stream::new(
            dictionary! {
                "Type" => "XObject", "Subtype" => "Form",
                "BBox" => vec![0.into(), 0.into(), 200.into(), 20.into()],
                "Resources" => dictionary! { "Font" => dictionary! { "Helv" => font } },
            },
            format!("BT /Helv 12 Tf 2 5 Td ({text}{tag}) Tj ET").into_bytes(),
        ));
        let ocmd = doc.add_object(dictionary! { "Type" => "OCMD", "VE" => ve });
        let y = 200 - 40 * n as i64;
        annots.push(Object::Reference(doc.add_object(dictionary! {
            "Type" => "Annot", "Subtype" => "Stamp", "F" => 4, "OC" => ocmd,
            "Rect" => vec![100.into(), y.into(), 300.into(), (y + 20).into()],
            "AP" => dictionary! { "N" => ap },
        })));
    }
    let page = doc.add_object(dictionary! {
        "Type" => "Page", "Parent" => pages_id, "Contents" => c,
        "MediaBox" => vec![0.into(), 0.into(), 595.into(), 842.into()],
        "Annots" => annots,
        "Resources" => dictionary! {
            "Font" => dictionary! { "F1" => font },
            "Properties" => dictionary! { "L1" => hidden, "L2" => screen, "L3" => print_only },
        },
    });
    doc.objects.insert(
        pages_id,
        Object::Dictionary(dictionary! {
            "Type" => "Pages", "Kids" => vec![Object::Reference(page)], "Count" => 1,
        }),
    );
    let groups = vec![hidden.into(), screen.into(), print_only.into()];
    let catalog = doc.add_object(dictionary! {
        "Type" => "Catalog", "Pages" => pages_id,
        "OCProperties" => dictionary! {
            "OCGs" => groups.clone(),
            "D" => dictionary! {
                "OFF" => vec![hidden.into(), print_only.into()],
                "Order" => groups,
                "AS" => vec![dictionary! {
                    "Event" => "Print", "Category" => vec!["Print".into()],
                    "OCGs" => vec![screen.into(), print_only.into()],
                }.into()],
            },
        },
    });
    doc.trailer.set("Root", catalog);
    let mut out = Vec::new();
    doc.save_to(&mut out).unwrap();
    out
}

/// The packet prints what each copy prints: a layer hidden by default, or shown on screen but
/// not printed, stays out; a print-only layer prints; the layers of two copies do not mix.
#[test]
fn layers_print_as_in_the_copy() {
    let dir = tempfile::tempdir().unwrap();
    let (t, cover, cover_pages) = english_cover();
    let cover_pages = cover_pages as u32;
    let copies: Vec<PacketCopy> = ["A", "B"]
        .iter()
        .map(|tag| {
            let path = dir.path().join(format!("{tag}.pdf"));
            std::fs::write(&path, layered_pdf(tag)).unwrap();
            PacketCopy::from_file(path, CopySource::Pdf, (*tag).to_owned()).unwrap()
        })
        .collect();
    let pdf = packet(&t, &cover, &copies, STAMP).unwrap();
    qpdf_check(&pdf);
    for (n, tag) in ["A", "B"].iter().enumerate() {
        let Some(text) = pdftotext(&pdf, Some(cover_pages + n as u32 + 1)) else {
            return;
        };
        assert!(text.contains(&format!("Always{tag}")), "{text}");
        assert!(text.contains(&format!("PrintOnly{tag}")), "{text}");
        assert!(text.contains(&format!("VeShown{tag}")), "{text}");
        assert!(text.contains(STAMP), "{text}");
        for gone in ["HiddenLayer", "ScreenOnly", "HiddenField", "VeHidden"] {
            assert!(!text.contains(gone), "{gone} printed: {text}");
        }
    }
}

/// A form as pdftk and older fillers leave it: `/NeedAppearances true`, values in `/V`, and
/// either no appearance or the blank form's old one. `extra` adds a field dictionary.
fn need_appearances_form(extra: Option<lopdf::Dictionary>) -> Vec<u8> {
    form_with(|_, _| extra.into_iter().collect())
}

/// `need_appearances_form` with the fields `make` adds; it may add objects and form fonts.
fn form_with(
    make: impl FnOnce(&mut Document, &mut lopdf::Dictionary) -> Vec<lopdf::Dictionary>,
) -> Vec<u8> {
    let mut doc = Document::with_version("1.5");
    let pages_id = doc.new_object_id();
    let page_id = doc.new_object_id();
    let helv = doc.add_object(dictionary! {
        "Type" => "Font", "Subtype" => "Type1", "BaseFont" => "Helvetica",
        "Encoding" => "WinAnsiEncoding",
    });
    let rect = |y: i64| vec![100.into(), y.into(), 400.into(), (y + 20).into()];
    let blank_ap = doc.add_object(Stream::new(
        dictionary! {
            "Type" => "XObject", "Subtype" => "Form",
            "BBox" => vec![0.into(), 0.into(), 300.into(), 20.into()],
        },
        b"/Tx BMC EMC".to_vec(),
    ));
    let mut fields = vec![
        // No appearance at all; automatic size, centred.
        dictionary! {
            "Type" => "Annot", "Subtype" => "Widget", "F" => 4, "FT" => "Tx", "P" => page_id,
            "T" => Object::string_literal("naam"), "Rect" => rect(700), "Q" => 1,
            "DA" => Object::string_literal("/Helv 0 Tf 0 g"),
            // PDFDocEncoding: é is 0xE9.
            "V" => Object::String(b"FilledName42 Jos\xE9".to_vec(), lopdf::StringFormat::Literal),
        },
        // The blank form's appearance, now stale.
        dictionary! {
            "Type" => "Annot", "Subtype" => "Widget", "F" => 4, "FT" => "Tx", "P" => page_id,
            "T" => Object::string_literal("plaats"), "Rect" => rect(650),
            "V" => Object::string_literal("StaleValue7"), "AP" => dictionary! { "N" => blank_ap },
        },
        // An unticked check box without appearance: nothing to print.
        dictionary! {
            "Type" => "Annot", "Subtype" => "Widget", "F" => 4, "FT" => "Btn", "P" => page_id,
            "T" => Object::string_literal("akkoord"), "Rect" => rect(600), "V" => "Off",
        },
    ];
    let mut fonts = dictionary! { "Helv" => helv };
    fields.extend(make(&mut doc, &mut fonts));
    let refs: Vec<Object> = fields
        .into_iter()
        .map(|f| Object::Reference(doc.add_object(f)))
        .collect();
    let content = doc.add_object(Stream::new(
        dictionary! {},
        b"BT /F1 12 Tf 72 760 Td (Aanvraagformulier) Tj ET".to_vec(),
    ));
    doc.objects.insert(
        page_id,
        Object::Dictionary(dictionary! {
            "Type" => "Page", "Parent" => pages_id, "Contents" => content,
            "MediaBox" => vec![0.into(), 0.into(), 595.into(), 842.into()],
            "Resources" => dictionary! { "Font" => dictionary! { "F1" => helv } },
            "Annots" => refs.clone(),
        }),
    );
    doc.objects.insert(
        pages_id,
        Object::Dictionary(dictionary! {
            "Type" => "Pages", "Kids" => vec![Object::Reference(page_id)], "Count" => 1,
        }),
    );
    let catalog = doc.add_object(dictionary! {
        "Type" => "Catalog", "Pages" => pages_id,
        "AcroForm" => dictionary! {
            "Fields" => refs, "NeedAppearances" => true,
            "DA" => Object::string_literal("/Helv 12 Tf 0 g"),
            "DR" => dictionary! { "Font" => fonts },
        },
    });
    doc.trailer.set("Root", catalog);
    let mut out = Vec::new();
    doc.save_to(&mut out).unwrap();
    out
}

/// Values a viewer draws itself (no appearance, or `/NeedAppearances true`) are printed in the
/// packet, not lost: the filled application form must not reach the IND empty.
#[test]
fn form_values_without_appearance_are_printed() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("form.pdf");
    std::fs::write(&path, need_appearances_form(None)).unwrap();
    let (t, cover, cover_pages) = english_cover();
    let cover_pages = cover_pages as u32;
    let copy = PacketCopy::from_file(path, CopySource::Pdf, "form".to_owned()).unwrap();
    let pdf = packet(&t, &cover, &[copy], STAMP).unwrap();
    qpdf_check(&pdf);
    if let Some(text) = pdftotext(&pdf, Some(cover_pages + 1)) {
        for value in [
            "FilledName42 José",
            "StaleValue7",
            "Aanvraagformulier",
            STAMP,
        ] {
            assert!(text.contains(value), "{value} not printed: {text}");
        }
    }
}

/// A value that cannot be drawn faithfully makes the copy fail with what to do, never a
/// packet with the value silently missing.
#[test]
fn form_values_that_cannot_be_drawn_refuse_the_copy() {
    let dir = tempfile::tempdir().unwrap();
    let t = Templates::builtin();
    let cover = cover_sheet(&t, &data("A B", "en")).unwrap();
    let rect = vec![100.into(), 500.into(), 400.into(), 520.into()];
    let fields = [
        dictionary! {
            "Type" => "Annot", "Subtype" => "Widget", "F" => 4, "FT" => "Btn",
            "T" => Object::string_literal("ticked"), "Rect" => rect.clone(),
            "V" => "Yes", "AS" => "Yes",
        },
        dictionary! {
            "Type" => "Annot", "Subtype" => "Widget", "F" => 4, "FT" => "Tx", "Ff" => 4096,
            "T" => Object::string_literal("toelichting"), "Rect" => rect.clone(),
            "V" => Object::string_literal("line one\nline two"),
        },
        dictionary! {
            "Type" => "Annot", "Subtype" => "Widget", "F" => 4, "FT" => "Tx",
            "T" => Object::string_literal("naam"), "Rect" => rect,
            // Turkish letters outside the form font's WinAnsi encoding.
            "V" => text_string_utf16("Şükrü Yılmaz"),
        },
    ];
    let mut forms: Vec<Vec<u8>> = fields
        .into_iter()
        .map(|f| need_appearances_form(Some(f)))
        .collect();
    // A ticked box whose state has no appearance: only /Yes and /Off are drawn.
    forms.push(form_with(|doc, _| {
        let yes = text_appearance(doc, "Tick");
        let off = text_appearance(doc, "Off");
        vec![dictionary! {
            "Type" => "Annot", "Subtype" => "Widget", "F" => 4, "FT" => "Btn",
            "T" => Object::string_literal("ticked"),
            "Rect" => vec![100.into(), 500.into(), 400.into(), 520.into()],
            "V" => "On", "AS" => "On",
            "AP" => dictionary! { "N" => dictionary! { "Yes" => yes, "Off" => off } },
        }]
    }));
    // Form fonts whose codes may not print the letters: an embedded subset, an embedded font
    // without encoding, widths that do not cover the value.
    for (base, first, count, embedded, encoding) in [
        ("BAAAAA+LiberationSans-Bold", 0, 13, true, None),
        ("LiberationSans", 32, 224, true, None),
        ("Verdana", 65, 6, false, Some("WinAnsiEncoding")),
    ] {
        forms.push(form_with(|doc, fonts| {
            let file = doc.add_object(Stream::new(dictionary! {}, b"not a font".to_vec()));
            let mut descriptor = dictionary! {
                "Type" => "FontDescriptor", "FontName" => base, "Flags" => 32,
            };
            if embedded {
                descriptor.set("FontFile2", file);
            }
            let mut font = dictionary! {
                "Type" => "Font", "Subtype" => "TrueType", "BaseFont" => base,
                "FirstChar" => first, "LastChar" => first + count - 1,
                "Widths" => vec![Object::Integer(500); count as usize],
                "FontDescriptor" => doc.add_object(descriptor),
            };
            if let Some(e) = encoding {
                font.set("Encoding", e);
            }
            fonts.set("Sub", doc.add_object(font));
            vec![dictionary! {
                "Type" => "Annot", "Subtype" => "Widget", "F" => 4, "FT" => "Tx",
                "T" => Object::string_literal("naam"),
                "Rect" => vec![100.into(), 500.into(), 400.into(), 520.into()],
                "DA" => Object::string_literal("/Sub 11 Tf 0 g"),
                "V" => Object::string_literal("Alice Zed"),
            }]
        }));
    }
    for (i, form) in forms.into_iter().enumerate() {
        let path = dir.path().join(format!("form{i}.pdf"));
        std::fs::write(&path, form).unwrap();
        let copy = PacketCopy::from_file(path, CopySource::Pdf, "form".to_owned()).unwrap();
        let e = packet(&t, &cover, &[copy], STAMP).unwrap_err();
        assert!(matches!(e, RenderError::CopyUnusable { .. }), "{e}");
        let msg = e.to_string();
        assert!(msg.contains(&format!("form{i}.pdf")), "{msg}");
        assert!(msg.contains("print it to a new PDF (flatten it)"), "{msg}");
        assert!(
            !msg.contains("Yılmaz"),
            "a client's name in a message: {msg}"
        );
        // `check` says so already (F003), so a case is never "ready" that prepare refuses.
        let bytes = std::fs::read(dir.path().join(format!("form{i}.pdf"))).unwrap();
        let id = dossier::scan::Identifier::Nothing;
        let facts = dossier::scan::inspect_bytes(&bytes, "pdf", &id, &Default::default());
        let problem = facts.problem.expect("check finds the form unprintable");
        assert!(
            problem.message.contains("flatten it"),
            "{}",
            problem.message
        );
    }
}

fn text_string_utf16(s: &str) -> Object {
    let mut bytes = vec![0xFE, 0xFF];
    for unit in s.encode_utf16() {
        bytes.extend_from_slice(&unit.to_be_bytes());
    }
    Object::String(bytes, lopdf::StringFormat::Hexadecimal)
}

/// A form appearance stream showing `text` (a stand-in for a tick or a field's frame).
fn text_appearance(doc: &mut Document, text: &str) -> lopdf::ObjectId {
    let font = doc.add_object(dictionary! {
        "Type" => "Font", "Subtype" => "Type1", "BaseFont" => "Helvetica",
    });
    doc.add_object(Stream::new(
        dictionary! {
            "Type" => "XObject", "Subtype" => "Form",
            "BBox" => vec![0.into(), 0.into(), 300.into(), 20.into()],
            "Resources" => dictionary! { "Font" => dictionary! { "F" => font } },
        },
        format!("BT /F 10 Tf 2 5 Td ({text}) Tj ET").into_bytes(),
    ))
}

/// The text of the form page of a packet made of `form`, or `None` without pdftotext.
fn packet_form_text(form: Vec<u8>) -> Option<String> {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("form.pdf");
    std::fs::write(&path, form).unwrap();
    let (t, cover, cover_pages) = english_cover();
    let cover_pages = cover_pages as u32;
    let copy = PacketCopy::from_file(path, CopySource::Pdf, "form".to_owned()).unwrap();
    let pdf = packet(&t, &cover, &[copy], STAMP).unwrap();
    qpdf_check(&pdf);
    pdftotext(&pdf, Some(cover_pages + 1))
}

/// A combo box prints the option's display text, not the export value stored in `/V`.
#[test]
fn combo_box_prints_the_shown_option() {
    let form = form_with(|_, _| {
        vec![dictionary! {
            "Type" => "Annot", "Subtype" => "Widget", "F" => 4, "FT" => "Ch",
            "Ff" => 1 << 17, "T" => Object::string_literal("land"),
            "Rect" => vec![100.into(), 500.into(), 400.into(), 520.into()],
            "DA" => Object::string_literal("/Helv 10 Tf 0 g"),
            "Opt" => vec![
                vec![Object::string_literal("NL"), Object::string_literal("Nederland")].into(),
                vec![Object::string_literal("XQ9"), Object::string_literal("Turkije")].into(),
            ],
            "V" => Object::string_literal("XQ9"),
        }]
    });
    if let Some(text) = packet_form_text(form) {
        assert!(text.contains("Turkije"), "{text}");
        assert!(!text.contains("XQ9"), "{text}");
    }
}

/// A ticked check box without `/AS` prints the appearance its `/V` names; an empty text field
/// under `/NeedAppearances` keeps its own appearance (its frame).
#[test]
fn ticks_and_empty_field_frames_print() {
    let form = form_with(|doc, _| {
        let tick = text_appearance(doc, "TickMark5");
        let off = text_appearance(doc, "OffMark5");
        let frame = text_appearance(doc, "FrameMark5");
        vec![
            dictionary! {
                "Type" => "Annot", "Subtype" => "Widget", "F" => 4, "FT" => "Btn",
                "T" => Object::string_literal("getrouwd"),
                "Rect" => vec![100.into(), 500.into(), 400.into(), 520.into()],
                "V" => "Yes", "AP" => dictionary! { "N" => dictionary! { "Yes" => tick, "Off" => off } },
            },
            // A radio button of a group whose value is another button's state.
            dictionary! {
                "Type" => "Annot", "Subtype" => "Widget", "F" => 4, "FT" => "Btn",
                "Ff" => 1 << 15, "T" => Object::string_literal("keuze"),
                "Rect" => vec![100.into(), 400.into(), 400.into(), 420.into()],
                "V" => "Other", "AP" => dictionary! { "N" => dictionary! { "Yes" => tick, "Off" => off } },
            },
            dictionary! {
                "Type" => "Annot", "Subtype" => "Widget", "F" => 4, "FT" => "Tx",
                "T" => Object::string_literal("voornaam"),
                "Rect" => vec![100.into(), 450.into(), 400.into(), 470.into()],
                "V" => Object::string_literal(""), "AP" => dictionary! { "N" => frame },
            },
        ]
    });
    if let Some(text) = packet_form_text(form) {
        assert!(text.contains("TickMark5"), "{text}");
        assert_eq!(text.matches("OffMark5").count(), 1, "{text}");
        assert!(text.contains("FrameMark5"), "{text}");
    }
}

/// The stamp paints a white box in the top margin of every copy page: no copy's content may lie
/// under it, also not that of an A4 page or an A4 scan (a document number in the top corner
/// would be hidden on paper while its text layer still passes every check).
#[test]
fn the_stamp_never_covers_a_copy() {
    let t = Templates::builtin();
    let cover = cover_sheet(&t, &data("Şükrü Yılmaz", "nl")).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let a4 = dir.path().join("a4.pdf");
    std::fs::write(
        &a4,
        test_pdf(&[((595.0, 842.0), 0)], "Aktenummer 2026/00123-B"),
    )
    .unwrap();
    let scan = dir.path().join("scan.png");
    std::fs::write(&scan, test_image(image::ImageFormat::Png, 210, 297)).unwrap();
    let copies = [
        PacketCopy::from_file(a4, CopySource::Pdf, "A4".to_owned()).unwrap(),
        PacketCopy::from_file(scan, CopySource::Png, "scan".to_owned()).unwrap(),
    ];
    let pdf = packet(&t, &cover, &copies, STAMP).unwrap();
    let doc = Document::load_mem(&pdf).unwrap();
    let pages: Vec<_> = doc.get_pages().into_values().collect();
    let cover_pages = Document::load_mem(&cover).unwrap().get_pages().len();
    for &page in &pages[cover_pages..] {
        let (_, height) = page_size(&doc, page);
        let content = doc.get_and_decode_page_content(page).unwrap();
        let mut matrix = None;
        let mut top = None;
        for op in &content.operations {
            match op.operator.as_str() {
                "cm" if matrix.is_none() => {
                    let m: Vec<f32> = op.operands.iter().map(|o| o.as_float().unwrap()).collect();
                    matrix = Some(m);
                }
                "Do" if top.is_none() => {
                    let m = matrix.clone().expect("a placement before the copy");
                    let name = op.operands[0].as_name().unwrap();
                    let resources = doc.get_dictionary(page).unwrap().get(b"Resources").unwrap();
                    let resources = match resources {
                        Object::Reference(id) => doc.get_dictionary(*id).unwrap(),
                        o => o.as_dict().unwrap(),
                    };
                    let id = resources
                        .get(b"XObject")
                        .unwrap()
                        .as_dict()
                        .unwrap()
                        .get(name)
                        .unwrap()
                        .as_reference()
                        .unwrap();
                    let xobject = &doc.get_object(id).unwrap().as_stream().unwrap().dict;
                    let bbox: Vec<f32> = match xobject.get(b"BBox") {
                        Ok(b) => b
                            .as_array()
                            .unwrap()
                            .iter()
                            .map(|o| o.as_float().unwrap())
                            .collect(),
                        Err(_) => vec![0.0, 0.0, 1.0, 1.0],
                    };
                    let corners = [
                        (bbox[0], bbox[1]),
                        (bbox[2], bbox[1]),
                        (bbox[0], bbox[3]),
                        (bbox[2], bbox[3]),
                    ];
                    let y = corners
                        .iter()
                        .map(|&(x, y)| m[1] * x + m[3] * y + m[5])
                        .fold(f32::MIN, f32::max);
                    top = Some(y);
                }
                _ => {}
            }
        }
        let top = top.expect("the copy is drawn");
        assert!(
            top <= height - 34.0 + 0.01,
            "page {page:?}: the copy reaches {top} pt, under the stamp (page {height} pt high)"
        );
    }
}

/// The text of each page of a PDF, by lopdf (whitespace collapsed).
fn page_texts(pdf: &[u8]) -> Vec<String> {
    let doc = Document::load_mem(pdf).unwrap();
    doc.get_pages()
        .keys()
        .map(|n| {
            let text = doc.extract_text(&[*n]).unwrap_or_default();
            text.split_whitespace().collect::<Vec<_>>().join(" ")
        })
        .collect()
}

/// However long the list of copies, a section's heading never stands alone at the foot of a
/// page, and the place to sign (heading, date and signature lines) is never split: a volunteer
/// must not find an empty signature page or an address without its heading.
#[test]
fn headings_stay_with_their_content_and_the_signature_block_is_whole() {
    let t = Templates::builtin();
    for n in 2..40 {
        let mut d = data("Şükrü Yılmaz", "nl");
        d.copies = (1..=n)
            .map(|i| CopyLine {
                number: i,
                kind: "Loonstrook".to_owned(),
                file: format!("copies/loonstrook-{i}.pdf"),
                pages: 1,
            })
            .collect();
        d.total_pages = n;
        let pages = page_texts(&cover_sheet(&t, &d).unwrap());
        for (heading, content) in [
            ("Ondertekening", "Naam en handtekening"),
            ("Ondertekening", "Datum"),
            ("Versturen naar", "Postbus 16"),
            ("Geaccepteerde bevindingen", "V002"),
            ("Leges", "te betalen na ontvangst"),
        ] {
            let with_heading = pages.iter().position(|p| p.contains(heading));
            let with_content = pages.iter().position(|p| p.contains(content));
            assert!(with_heading.is_some(), "{n} copies: no {heading:?}");
            assert_eq!(
                with_heading, with_content,
                "{n} copies: {heading:?} and {content:?} on different pages"
            );
        }
    }
}

/// The sheet says what this case's copies carry, and a fee of nothing is not "to be paid".
#[test]
fn reminders_and_fee_wording_fit_the_case() {
    let t = Templates::builtin();
    for language in ["nl", "en"] {
        let numbered = page_texts(&cover_sheet(&t, &data("A B", language)).unwrap()).concat();
        let mut d = data("A B", language);
        d.applicant.v_number = None;
        if let Some(fee) = d.fee.as_mut() {
            fee.amount = "0".to_owned();
        }
        let unnumbered = page_texts(&cover_sheet(&t, &d).unwrap()).concat();
        let (number, name, due, none) = if language == "nl" {
            (
                "V-nummer of klantnummer.",
                "naam en geboortedatum van de aanvrager.",
                "te betalen na ontvangst",
                "geen leges verschuldigd",
            )
        } else {
            (
                "V-number or client number.",
                "name and date of birth.",
                "to be paid after",
                "no fee is due",
            )
        };
        assert!(
            numbered.contains(number) && !numbered.contains(name),
            "{numbered}"
        );
        assert!(
            numbered.contains(due) && !numbered.contains(none),
            "{numbered}"
        );
        assert!(
            unnumbered.contains(name) && !unnumbered.contains(number),
            "{unnumbered}"
        );
        assert!(
            unnumbered.contains(none) && !unnumbered.contains(due),
            "{unnumbered}"
        );
    }
}

/// A page rendered by poppler's `pdftoppm` at 30 dpi as RGB pixels, or `None` without it.
fn render_page(pdf: &[u8], page: u32) -> Option<image::RgbImage> {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("x.pdf");
    std::fs::write(&path, pdf).unwrap();
    let p = page.to_string();
    let out = Command::new("pdftoppm")
        .args(["-r", "30", "-png", "-f", &p, "-l", &p, "-singlefile"])
        .arg(&path)
        .arg(dir.path().join("page"))
        .output();
    match out {
        Ok(o) if o.status.success() => {}
        Ok(o) => panic!("pdftoppm failed: {}", String::from_utf8_lossy(&o.stderr)),
        Err(_) => {
            eprintln!("SKIPPED: pdftoppm not found; install poppler-utils to run this check");
            return None;
        }
    }
    Some(image::open(dir.path().join("page.png")).unwrap().to_rgb8())
}

/// Highlights, an ink drawing and a sticky note that have no appearance stream (pypdf writes
/// them so) are printed as viewers print them, not dropped from the packet; and an unticked
/// check box whose form asks viewers to draw it shows its empty box.
#[test]
fn annotations_without_appearance_are_drawn_as_viewers_draw_them() {
    let (t, cover, cover_pages) = english_cover();
    let page = cover_pages as u32 + 1;
    let dir = shared("realworld-pdfs");
    let annotated = dir.join("pypdf-annotated_pdf.pdf");
    if !annotated.exists() {
        eprintln!("SKIPPED: {} not found", annotated.display());
        return;
    }
    let copies = [PacketCopy::from_file(annotated, CopySource::Pdf, "a".to_owned()).unwrap()];
    let pdf = packet(&t, &cover, &copies, STAMP).unwrap();
    qpdf_check(&pdf);
    if let Some(img) = render_page(&pdf, page) {
        let yellow = img
            .pixels()
            .filter(|p| p[0] > 200 && p[1] > 200 && p[2] < 120)
            .count();
        // Two highlighted lines and the ink diamond: well over a few hundred pixels at 30 dpi.
        assert!(
            yellow > 150,
            "only {yellow} yellow pixels: the highlights are missing"
        );
    }
    let forms = dir.join("pypdf-pdflatex-forms.pdf");
    let copies = [PacketCopy::from_file(forms, CopySource::Pdf, "f".to_owned()).unwrap()];
    let pdf = packet(&t, &cover, &copies, STAMP).unwrap();
    let doc = Document::load_mem(&pdf).unwrap();
    let id = doc.get_pages()[&page];
    let resources = doc.get_dictionary(id).unwrap().get(b"Resources").unwrap();
    let xobjects = resources
        .as_dict()
        .unwrap()
        .get(b"XObject")
        .unwrap()
        .as_dict()
        .unwrap();
    // The name field, the empty check box and the push button: three annotation appearances.
    let drawn = xobjects
        .iter()
        .filter(|(k, _)| k.starts_with(b"DossierAnnot"))
        .count();
    assert_eq!(drawn, 3, "{xobjects:?}");

    // LibreOffice wrote 11 pt text into a field 7.75 pt high: the value "Alice" is drawn whole,
    // over the field's edges, not cut through its letters.
    let libre = dir.join("pypdf-libreoffice-form.pdf");
    let copies = [PacketCopy::from_file(libre, CopySource::Pdf, "l".to_owned()).unwrap()];
    let pdf = packet(&t, &cover, &copies, STAMP).unwrap();
    let doc = Document::load_mem(&pdf).unwrap();
    let alice = doc
        .objects
        .values()
        .filter_map(|o| o.as_stream().ok())
        .find(|s| s.content.windows(7).any(|w| w == b"(Alice)"))
        .expect("the value Alice is drawn");
    let bbox: Vec<f32> = alice
        .dict
        .get(b"BBox")
        .unwrap()
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x.as_float().unwrap())
        .collect();
    assert!(bbox[1] < 0.0 && bbox[3] - bbox[1] > 11.0, "{bbox:?}");
}

/// Names and addresses that fit are printed as they are (searchable, copyable, without
/// invisible characters); only a word too long for its column is made breakable.
#[test]
fn ordinary_names_and_addresses_stay_searchable() {
    let t = Templates::builtin();
    let mut d = data("Şükrü-Yıldırımoğlu-Öztürk", "nl");
    d.organisation.email = "vrijwilligers@stichting-vluchtelingenhulp.nl".to_owned();
    let pdf = cover_sheet(&t, &d).unwrap();
    if let Some(text) = pdftotext(&pdf, None) {
        assert!(!text.contains('\u{200B}'), "{text:?}");
        assert!(text.contains("Şükrü-Yıldırımoğlu-Öztürk"), "{text}");
        assert!(
            text.contains("vrijwilligers@stichting-vluchtelingenhulp.nl"),
            "{text}"
        );
    }
    // A word longer than any column still prints, whole, once the breaks are taken out.
    let long = "Wolfeschlegelsteinhausenbergerdorffwelchevoralternwarengewissenhaft";
    let pdf = cover_sheet(&t, &data(long, "nl")).unwrap();
    if let Some(text) = pdftotext(&pdf, None) {
        let joined: String = text
            .chars()
            .filter(|c| *c != '\u{200B}' && *c != '\n')
            .collect();
        assert!(joined.contains(long), "{text}");
    }
}

/// An organisation's own layout written for the earlier words (the reminders listed as they
/// are) still shows every reminder with the built-in words.
#[test]
fn an_older_layout_keeps_every_reminder() {
    let dir = tempfile::tempdir().unwrap();
    let layout = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("templates/cover-layout.typ"),
    )
    .unwrap();
    let start = layout
        .find("      // The reminder about what stands")
        .unwrap();
    let end = layout[start..].find("      list(").unwrap() + start;
    let end = layout[end..].find('\n').unwrap() + end;
    let older = format!(
        "{}      list(..l.reminder-items.map(x => text(size: 8.5pt, x))){}",
        &layout[..start],
        &layout[end..]
    );
    std::fs::write(dir.path().join("cover-layout.typ"), older).unwrap();
    let t = Templates::load_dir(dir.path()).unwrap();
    let mut d = data("A B", "nl");
    d.applicant.v_number = None;
    let text = page_texts(&cover_sheet(&t, &d).unwrap()).concat();
    assert!(
        text.contains("Op elke kopie staat het V-nummer of klantnummer."),
        "{text}"
    );
    // The built-in layout says what this case's copies carry instead.
    let text = page_texts(&cover_sheet(&Templates::builtin(), &d).unwrap()).concat();
    assert!(
        text.contains("naam en geboortedatum van de aanvrager"),
        "{text}"
    );
    assert!(!text.contains("V-nummer of klantnummer."), "{text}");
}
