//! `dossier prepare` as a volunteer uses it, on the example cases: what it writes per case, that
//! packets are print-ready (A4, stamped on every copy page, single-sided), that a case with
//! errors gets no packet unless forced, that the same input gives the same bytes, and that the
//! case folders are never written to.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use dossier::scan::{self, Identifier, Limits, TextLayer};

mod common;

fn dossier(args: &[&str], cache: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_dossier"))
        .args(args)
        .env("XDG_CACHE_HOME", cache)
        .output()
        .expect("run dossier")
}

fn example() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/example")
}

fn tree(root: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    walkdir::WalkDir::new(root)
        .sort_by_file_name()
        .into_iter()
        .map(|e| e.unwrap())
        .map(|e| {
            let bytes = if e.file_type().is_file() {
                std::fs::read(e.path()).unwrap()
            } else {
                Vec::new()
            };
            (e.path().strip_prefix(root).unwrap().to_path_buf(), bytes)
        })
        .collect()
}

fn prepare(out: &Path, extra: &[&str], cache: &Path) -> Output {
    prepare_root(&example(), out, extra, cache)
}

/// `dossier prepare ROOT --out OUT --report - EXTRA…`.
fn prepare_root(root: &Path, out: &Path, extra: &[&str], cache: &Path) -> Output {
    let mut args = vec![
        "prepare",
        root.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--report",
        "-",
    ];
    args.extend_from_slice(extra);
    dossier(&args, cache)
}

#[test]
fn prepare_writes_cover_fee_manifest_and_packets_for_ready_cases() {
    let t = tempfile::tempdir().unwrap();
    let before = tree(&example());
    let out = t.path().join("out");
    let o = prepare(&out, &[], t.path());
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(1), "{stderr}");
    assert_eq!(before, tree(&example()), "the input tree was written to");
    for id in ["2026-0142", "2026-0143", "2026-0144"] {
        for f in ["cover-sheet.pdf", "fee-summary.txt", "manifest.csv"] {
            assert!(out.join(id).join(f).is_file(), "{id}/{f} missing");
        }
    }
    // 2026-0143 has errors: no packet, and the run says why.
    assert!(!out.join("2026-0143/packet.pdf").exists());
    assert!(stderr.contains("2026-0143: no packet"), "{stderr}");
    for id in ["2026-0142", "2026-0144"] {
        let packet = out.join(id).join("packet.pdf");
        assert!(packet.is_file(), "{id} has no packet: {stderr}");
        let manifest = std::fs::read_to_string(out.join(id).join("manifest.csv")).unwrap();
        assert!(manifest.starts_with("file,kind,pages,bytes,sha256\n"));
        let manifest_pages: u32 = manifest
            .lines()
            .skip(1)
            .map(|l| l.split(',').nth(2).unwrap().parse::<u32>().unwrap())
            .sum();
        check_packet(&packet, manifest_pages);
    }
    let fee = std::fs::read_to_string(out.join("2026-0142/fee-summary.txt")).unwrap();
    assert!(
        fee.contains("2022-01-01") || fee.contains("2020-01-01"),
        "{fee}"
    );
}

/// Every page A4; every copy page carries the V-number as text; single-sided.
fn check_packet(path: &Path, copy_pages: u32) {
    let bytes = std::fs::read(path).unwrap();
    let doc = lopdf::Document::load_mem(&bytes).unwrap();
    let pages = doc.get_pages().len() as u32;
    assert!(
        pages > copy_pages,
        "{}: cover sheet missing",
        path.display()
    );
    let text = String::from_utf8_lossy(&bytes);
    assert!(
        text.contains("/Simplex"),
        "no /Duplex /Simplex viewer preference"
    );
    assert!(text.contains("/FontFile2"), "fonts not embedded");
    // The V-number of the example cases' applicant, read from case.toml.
    let case_dir = example().join(path.parent().unwrap().file_name().unwrap());
    let toml: toml::Table = std::fs::read_to_string(case_dir.join("case.toml"))
        .unwrap()
        .parse()
        .unwrap();
    let v = toml["applicant"]["v_number"].as_str().unwrap().to_string();
    let facts = scan::inspect_copy(path, &Identifier::VNumber(v), &Limits::default());
    assert!(facts.problem.is_none(), "{:?}", facts.problem);
    assert_eq!(facts.pages.len() as u32, pages);
    let cover_pages = pages - copy_pages;
    for p in &facts.pages {
        assert!(
            scan::is_a4(p.width_mm, p.height_mm),
            "page {} is {}x{}",
            p.number,
            p.width_mm,
            p.height_mm
        );
        if p.number > cover_pages {
            assert_eq!(
                p.text,
                TextLayer::Found,
                "page {} lacks the stamp",
                p.number
            );
        }
    }
}

#[test]
fn prepare_is_byte_identical_across_runs_and_force_makes_a_marked_packet() {
    let t = tempfile::tempdir().unwrap();
    let a = t.path().join("a");
    let b = t.path().join("b");
    prepare(&a, &["--no-cache"], t.path());
    prepare(&b, &["--no-cache"], t.path());
    assert_eq!(tree(&a), tree(&b));
    // A rerun into the same folder rewrites nothing that did not change.
    let before: Vec<_> = walkdir::WalkDir::new(&a)
        .into_iter()
        .map(|e| e.unwrap())
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            (
                e.path().to_path_buf(),
                e.metadata().unwrap().modified().unwrap(),
            )
        })
        .collect();
    prepare(&a, &[], t.path());
    for (p, m) in before {
        assert_eq!(
            std::fs::metadata(&p).unwrap().modified().unwrap(),
            m,
            "{p:?} rewritten"
        );
    }
    let f = t.path().join("forced");
    let o = prepare(&f, &["--force"], t.path());
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(f.join("2026-0143/packet.pdf").is_file(), "{err}");
    // The summary does not count a forced packet as print-ready.
    assert!(
        err.contains("1 packet made with --force and marked not ready"),
        "{err}"
    );
    if let Some(text) = pdftotext(&f.join("2026-0143/cover-sheet.pdf")) {
        assert!(
            text.to_lowercase().contains("not ready") || text.to_lowercase().contains("niet klaar"),
            "{text}"
        );
    }
    // Without --force the case with errors gets no packet, and its cover sheet, printed and
    // posted on its own, says it is not ready and that no packet was made; a ready case's not.
    assert!(!a.join("2026-0143/packet.pdf").exists());
    let unforced = pdftotext(&a.join("2026-0143/cover-sheet.pdf")).map(|t| t.to_lowercase());
    if let Some(text) = unforced {
        let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
        assert!(
            (text.contains("not ready") && text.contains("no print-ready packet was made"))
                || (text.contains("niet klaar")
                    && text.contains("er is geen afdrukklaar pakket gemaakt")),
            "{text}"
        );
        let ready = pdftotext(&a.join("2026-0142/cover-sheet.pdf"))
            .unwrap()
            .to_lowercase();
        assert!(
            !ready.contains("not ready") && !ready.contains("niet klaar"),
            "{ready}"
        );
    }
}

fn pdftotext(pdf: &Path) -> Option<String> {
    let o = Command::new("pdftotext").arg(pdf).arg("-").output().ok()?;
    o.status
        .success()
        .then(|| String::from_utf8_lossy(&o.stdout).into_owned())
}

#[test]
fn cover_sheet_carries_the_name_with_its_diacritics() {
    let t = tempfile::tempdir().unwrap();
    let out = t.path().join("out");
    prepare(&out, &[], t.path());
    let toml: toml::Table = std::fs::read_to_string(example().join("2026-0142/case.toml"))
        .unwrap()
        .parse()
        .unwrap();
    let name = toml["applicant"]["name"].as_str().unwrap();
    match pdftotext(&out.join("2026-0142/cover-sheet.pdf")) {
        Some(text) => assert!(text.contains(name), "{name} not in:\n{text}"),
        None => {
            // poppler-utils is installed by .ci/run; without it, fall back to the raw check.
            let bytes = std::fs::read(out.join("2026-0142/cover-sheet.pdf")).unwrap();
            assert!(String::from_utf8_lossy(&bytes).contains("/ToUnicode"));
        }
    }
}

#[test]
fn output_folder_inside_a_root_is_refused() {
    let t = tempfile::tempdir().unwrap();
    let root = t.path().join("cases");
    std::fs::create_dir_all(root.join("a")).unwrap();
    std::fs::write(
        root.join("a/case.toml"),
        "[case]\nform = \"7055\"\n[applicant]\nname = \"A\"\nborn = 2015-01-01\nnationality = \"MA\"\n",
    )
    .unwrap();
    let o = dossier(
        &[
            "prepare",
            root.to_str().unwrap(),
            "--out",
            root.join("out-inside").to_str().unwrap(),
            "--report",
            "-",
        ],
        t.path(),
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("inside"));

    let file = t.path().join("a-file");
    std::fs::write(&file, b"not a folder").unwrap();
    let o = prepare_root(&root, &file, &["--no-cache"], t.path());
    assert_eq!(o.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&o.stderr).contains("is a file, not a folder"),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
}

/// With `--force`, a copy that cannot be enclosed (here unreadable, F003) is left out of the
/// packet visibly: the run and the cover sheet name it, and the manifest claims no pages for
/// it, so the manifest's pages are the packet's copy pages.
#[test]
fn a_forced_packet_names_the_copy_it_leaves_out() {
    let t = tempfile::tempdir().unwrap();
    let root = t.path().join("cases");
    let case = root.join("2026-0142");
    std::fs::create_dir_all(&root).unwrap();
    common::copy_tree(&example().join("2026-0142"), &case);
    std::fs::write(
        case.join("copies/broken.pdf"),
        b"%PDF-1.4\ngarbage\n%%EOF\n",
    )
    .unwrap();
    let mut toml = std::fs::read_to_string(case.join("case.toml")).unwrap();
    toml.push_str("\n[[documents]]\nkind = \"other\"\nfiles = [\"copies/broken.pdf\"]\n");
    std::fs::write(case.join("case.toml"), toml).unwrap();
    let out = t.path().join("out");
    let o = prepare_root(&root, &out, &["--force", "--no-cache"], t.path());
    let stdout = String::from_utf8_lossy(&o.stdout);
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert!(stdout.contains(",F003,copies/broken.pdf"), "{stdout}");
    assert!(
        stderr.contains("without copies/broken.pdf"),
        "the run does not say what was left out: {stderr}"
    );
    let dir = out.join("2026-0142");
    let manifest = std::fs::read_to_string(dir.join("manifest.csv")).unwrap();
    let broken = manifest
        .lines()
        .find(|l| l.starts_with("copies/broken.pdf,"))
        .unwrap_or_else(|| panic!("{manifest}"));
    assert_eq!(broken.split(',').nth(2), Some(""), "{manifest}");
    let manifest_pages: u32 = manifest
        .lines()
        .skip(1)
        .filter_map(|l| l.split(',').nth(2)?.parse::<u32>().ok())
        .sum();
    let cover = lopdf::Document::load(dir.join("cover-sheet.pdf")).unwrap();
    let packet = lopdf::Document::load(dir.join("packet.pdf")).unwrap();
    assert_eq!(
        packet.get_pages().len(),
        cover.get_pages().len() + manifest_pages as usize,
        "{manifest}"
    );
    if let Some(text) = pdftotext(&dir.join("cover-sheet.pdf")) {
        let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
        assert!(text.contains("broken.pdf"), "{text}");
    }
}

/// A nightly prepare over an earlier output folder: a case whose case.toml no longer reads
/// loses its old outputs (an old packet must never look ready), and folders of cases that are
/// no longer in the run are named in a warning.
#[test]
fn an_old_packet_never_outlives_its_case() {
    let t = tempfile::tempdir().unwrap();
    let (root, out) = (t.path().join("cases"), t.path().join("out"));
    common::copy_tree(&example(), &root);
    let run = || prepare_root(&root, &out, &["--no-cache"], t.path());
    run();
    let packets = |id: &str| out.join(id).join("packet.pdf").is_file();
    let ready: Vec<String> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .filter(|id| packets(id))
        .collect();
    assert!(ready.len() >= 2, "{ready:?}");
    let (broken, gone) = (&ready[0], &ready[1]);
    let toml = root.join(broken).join("case.toml");
    let mut text = std::fs::read_to_string(&toml).unwrap();
    text.push_str("\ngarbage [\n");
    std::fs::write(&toml, text).unwrap();
    std::fs::remove_dir_all(root.join(gone)).unwrap();
    let o = run();
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(!packets(broken), "{err}");
    assert!(!out.join(broken).join("cover-sheet.pdf").exists());
    assert!(
        err.lines()
            .any(|l| l.starts_with("warning: 1 folder") && l.contains(gone.as_str())),
        "{err}"
    );
}

/// An output folder that holds a case folder (here: the case folder given as the root, with its
/// parent as the output folder, so that `OUT/<case id>` is the case folder itself), or a link
/// into one, is refused before anything is written: the packet would replace a client's copy.
#[test]
fn outputs_never_land_in_a_case_folder_through_its_name_or_a_link() {
    let t = tempfile::tempdir().unwrap();
    let root = t.path().join("cases");
    common::copy_tree(&example(), &root);
    let id = std::fs::read_dir(&root)
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.join("case.toml").is_file())
        .unwrap();
    let before = tree(&root);
    let o = prepare_root(&id, &root, &["--no-cache"], t.path());
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(2), "{err}");
    assert!(err.contains("never writes into case folders"), "{err}");
    assert_eq!(tree(&root), before, "a case folder was written to");

    // A link in the output folder, named as a case, pointing into a case folder.
    let out = t.path().join("out");
    std::fs::create_dir_all(&out).unwrap();
    let name = id.file_name().unwrap();
    std::os::unix::fs::symlink(&id, out.join(name)).unwrap();
    let o = prepare_root(&root, &out, &["--no-cache"], t.path());
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(tree(&root), before, "written through a link");

    // A link as an output file.
    std::fs::remove_file(out.join(name)).unwrap();
    std::fs::create_dir_all(out.join(name)).unwrap();
    let copy = walkdir::WalkDir::new(&id)
        .into_iter()
        .map(|e| e.unwrap().into_path())
        .find(|p| p.extension().is_some_and(|e| e == "pdf"))
        .unwrap();
    std::os::unix::fs::symlink(&copy, out.join(name).join("packet.pdf")).unwrap();
    let o = prepare_root(&root, &out, &["--no-cache"], t.path());
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(tree(&root), before, "written through a link");

    // The lock file as a link to a file that does not exist yet, in a case folder.
    let out = t.path().join("out-lock");
    std::fs::create_dir_all(&out).unwrap();
    std::os::unix::fs::symlink(id.join("new-file.pdf"), out.join(".dossier-lock")).unwrap();
    let o = prepare_root(&root, &out, &["--no-cache"], t.path());
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(tree(&root), before, "created through the lock's link");
}

/// An output damaged after it was written (a truncated packet, a cover sheet saved over) is
/// written again by the next run, even though the case did not change; an intact one is not.
#[test]
fn a_damaged_output_is_written_again() {
    let t = tempfile::tempdir().unwrap();
    let out = t.path().join("out");
    prepare(&out, &["--no-cache"], t.path());
    let good = tree(&out);
    let case = good
        .keys()
        .find(|p| p.ends_with("packet.pdf"))
        .unwrap()
        .parent()
        .unwrap()
        .to_path_buf();
    let packet = out.join(&case).join("packet.pdf");
    let file = std::fs::OpenOptions::new()
        .write(true)
        .open(&packet)
        .unwrap();
    file.set_len(1000).unwrap();
    drop(file);
    std::fs::write(out.join(&case).join("cover-sheet.pdf"), b"garbage").unwrap();
    // Same size, other bytes: caught by the time of the change, not by the size.
    let fee = out.join(&case).join("fee-summary.txt");
    let mut text = std::fs::read(&fee).unwrap();
    text[0] ^= 0x20;
    std::fs::write(&fee, &text).unwrap();
    // Made unreadable: written again, readable.
    let manifest = out.join(&case).join("manifest.csv");
    std::fs::set_permissions(
        &manifest,
        std::os::unix::fs::PermissionsExt::from_mode(0o000),
    )
    .unwrap();
    let o = prepare(&out, &["--no-cache"], t.path());
    assert_eq!(tree(&out), good, "{}", String::from_utf8_lossy(&o.stderr));
    let mode = std::os::unix::fs::PermissionsExt::mode(
        &std::fs::metadata(&manifest).unwrap().permissions(),
    );
    assert_eq!(mode & 0o600, 0o600, "{mode:o}");
    let stamp = std::fs::metadata(&packet).unwrap().modified().unwrap();
    prepare(&out, &["--no-cache"], t.path());
    assert_eq!(
        std::fs::metadata(&packet).unwrap().modified().unwrap(),
        stamp
    );
}

/// A case whose outputs cannot be made this time (here an organisation's template fails on its
/// data) keeps no packet from an earlier run: the old one no longer matches the case. The run
/// fails (exit 2), names the case, and its summary line does not count it as prepared.
#[test]
fn a_case_that_fails_keeps_no_old_packet() {
    let t = tempfile::tempdir().unwrap();
    let out = t.path().join("out");
    prepare(&out, &["--no-cache"], t.path());
    let ready: Vec<String> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .filter(|id| out.join(id).join("packet.pdf").is_file())
        .collect();
    let failing = &ready[0];
    let layout = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("templates/cover-layout.typ"),
    )
    .unwrap();
    let opening = "#let cover-sheet(d, l) = {\n";
    assert!(layout.contains(opening));
    let templates = t.path().join("templates");
    std::fs::create_dir_all(&templates).unwrap();
    std::fs::write(
        templates.join("cover-layout.typ"),
        layout.replacen(
            opening,
            &format!("{opening}  if d.case_id == \"{failing}\" {{ panic(\"no\") }}\n"),
            1,
        ),
    )
    .unwrap();
    let o = prepare(
        &out,
        &["--no-cache", "--templates", templates.to_str().unwrap()],
        t.path(),
    );
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(2), "{err}");
    assert!(!out.join(failing).join("packet.pdf").exists(), "{err}");
    assert!(
        err.lines()
            .any(|l| l.starts_with(&format!("{failing}: could not prepare"))
                && l.contains("no output of an earlier run")),
        "{err}"
    );
    let cases = std::fs::read_dir(&out)
        .unwrap()
        .filter(|e| e.as_ref().unwrap().path().is_dir())
        .count();
    assert!(
        err.contains(&format!("prepared {} of {cases} cases", cases - 1))
            && err.contains("1 case could not be prepared"),
        "{err}"
    );
    for other in &ready[1..] {
        assert!(out.join(other).join("packet.pdf").is_file(), "{err}");
    }
}

/// Temporary files that a killed run left beside the outputs are removed by the next run; a
/// second run into the same output folder while one is writing is refused.
#[test]
fn a_killed_runs_leftovers_are_removed_and_runs_do_not_overlap() {
    let t = tempfile::tempdir().unwrap();
    let out = t.path().join("out");
    prepare(&out, &["--no-cache"], t.path());
    let case = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.join("packet.pdf").is_file())
        .unwrap();
    let leftover = case.join(".packet.pdf.AbC123.tmp");
    let unrelated = case.join("notes.tmp");
    std::fs::write(&leftover, b"half a packet").unwrap();
    std::fs::write(&unrelated, b"a volunteer's file").unwrap();
    prepare(&out, &["--no-cache"], t.path());
    assert!(!leftover.exists());
    assert!(unrelated.exists(), "only dossier's own temporary files go");

    let lock = std::fs::OpenOptions::new()
        .write(true)
        .open(out.join(".dossier-lock"))
        .unwrap();
    lock.lock().unwrap();
    let o = prepare(&out, &["--no-cache"], t.path());
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(2), "{err}");
    assert!(err.contains("another dossier prepare is writing"), "{err}");
}

/// A case id longer than a file name may be still gets its output folder (shortened, told apart
/// by a hash of the whole id), instead of stopping the run.
#[test]
fn a_very_long_case_id_gets_a_shortened_folder() {
    let t = tempfile::tempdir().unwrap();
    let root = t.path().join("cases");
    let id = "Ş".repeat(150);
    for (folder, id) in [("a", format!("{id}a")), ("b", format!("{id}b"))] {
        std::fs::create_dir_all(root.join(folder)).unwrap();
        std::fs::write(
            root.join(folder).join("case.toml"),
            format!(
                "[case]\nid = \"{id}\"\nform = \"7055\"\n[applicant]\nname = \"A\"\n\
                 born = 2015-01-01\nnationality = \"MA\"\n"
            ),
        )
        .unwrap();
    }
    let out = t.path().join("out");
    let o = prepare_root(&root, &out, &["--no-cache"], t.path());
    let err = String::from_utf8_lossy(&o.stderr);
    assert_ne!(o.status.code(), Some(2), "{err}");
    let folders: Vec<String> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap())
        .filter(|e| e.path().is_dir())
        .map(|e| e.file_name().into_string().unwrap())
        .collect();
    assert_eq!(folders.len(), 2, "{folders:?}");
    for f in &folders {
        assert!(f.len() <= 130, "{f}");
        assert!(out.join(f).join("cover-sheet.pdf").is_file(), "{err}");
    }
}

/// A name the built-in font cannot print (here in Chinese characters) is told to the volunteer,
/// who would otherwise find empty boxes on the printed cover sheet.
#[test]
fn a_name_the_font_cannot_print_is_told() {
    let t = tempfile::tempdir().unwrap();
    let root = t.path().join("cases");
    common::copy_tree(&example(), &root);
    let toml = root.join("2026-0142/case.toml");
    let text = std::fs::read_to_string(&toml).unwrap();
    std::fs::write(
        &toml,
        text.replacen("name = \"Şükrü Yıldırımoğlu\"", "name = \"王小明\"", 1),
    )
    .unwrap();
    let o = prepare_root(&root, &t.path().join("out"), &["--no-cache"], t.path());
    let err = String::from_utf8_lossy(&o.stderr);
    let line = err
        .lines()
        .find(|l| l.starts_with("2026-0142: warning: the built-in font cannot print"))
        .unwrap_or_else(|| panic!("{err}"));
    assert!(
        line.contains("王小明") && line.contains("by hand"),
        "{line}"
    );
    assert!(
        !err.contains("2026-0143: warning: the built-in font"),
        "{err}"
    );
}

/// `prepare` of the example cases into `TMP/out`, with `TMP/templates/NAME` holding `text`.
fn prepare_with_template(tmp: &Path, name: &str, text: &[u8]) -> Output {
    let templates = tmp.join("templates");
    std::fs::create_dir_all(&templates).unwrap();
    std::fs::write(templates.join(name), text).unwrap();
    prepare(
        &tmp.join("out"),
        &["--no-cache", "--templates", templates.to_str().unwrap()],
        tmp,
    )
}

/// A template that is not UTF-8 stops the run (exit 2) naming the file and what to do, once.
#[test]
fn a_template_that_is_not_utf8_is_named_once() {
    let t = tempfile::tempdir().unwrap();
    let o = prepare_with_template(t.path(), "stamp.typ", b"\xff\xfe bad");
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(2), "{err}");
    assert!(err.contains("stamp.typ"), "{err}");
    assert_eq!(
        err.matches("save the template as UTF-8").count(),
        1,
        "{err}"
    );
}

/// A fee-summary template that uses a field the case data does not have stops the run (exit 2)
/// before any output is written, naming the file, the line and the fields there are.
#[test]
fn an_unknown_field_in_a_text_template_names_its_line_and_the_fields_there_are() {
    let t = tempfile::tempdir().unwrap();
    let o = prepare_with_template(
        t.path(),
        "fee-summary.en.txt.tera",
        b"Fee\n{{ fee.amount }}\nDue: {{ fee.amout }}\n",
    );
    let out = t.path().join("out");
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(2), "{err}");
    assert!(
        err.contains("fee-summary.en.txt.tera, line 3: Variable `fee.amout` not found"),
        "{err}"
    );
    assert!(
        err.contains("(the case data has: applicant, case_id,"),
        "{err}"
    );
    assert!(
        !out.exists() || std::fs::read_dir(&out).unwrap().count() == 0,
        "{err}"
    );
}

fn minimal_case(root: &Path, folder: &str, id: &str, name: &str) {
    std::fs::create_dir_all(root.join(folder)).unwrap();
    std::fs::write(
        root.join(folder).join("case.toml"),
        format!(
            "[case]\nid = \"{id}\"\nform = \"7055\"\n[applicant]\nname = \"{name}\"\n\
             born = 2015-01-01\nnationality = \"MA\"\n"
        ),
    )
    .unwrap();
}

/// Two cases with one id, or ids that become one folder name, never take the folder named
/// after another case's id: a volunteer opening `OUT/dup-2` must find case `dup-2`.
#[test]
fn clashing_case_ids_never_take_another_cases_folder() {
    let t = tempfile::tempdir().unwrap();
    let root = t.path().join("cases");
    minimal_case(&root, "a", "dup", "Person A");
    minimal_case(&root, "b", "dup", "Person B");
    minimal_case(&root, "c", "dup-2", "Person C");
    minimal_case(&root, "d", "x/y", "Person D");
    minimal_case(&root, "e", "x_y", "Person E");
    let out = t.path().join("out");
    let o = prepare_root(&root, &out, &["--no-cache"], t.path());
    let err = String::from_utf8_lossy(&o.stderr);
    assert_ne!(o.status.code(), Some(2), "{err}");
    let cover = |folder: &str| pdftotext(&out.join(folder).join("cover-sheet.pdf"));
    if let Some(text) = cover("dup-2") {
        assert!(text.contains("Person C"), "{text}");
    }
    assert!(
        !out.join("dup").exists() && !out.join("x_y").exists(),
        "{err}"
    );
    assert_eq!(
        err.lines()
            .filter(|l| l.starts_with("warning: 2 cases would share the output folder"))
            .count(),
        2,
        "{err}"
    );
    let folders = std::fs::read_dir(&out)
        .unwrap()
        .filter(|e| e.as_ref().unwrap().path().is_dir())
        .count();
    assert_eq!(folders, 5, "{err}");
}

/// Outputs that would overwrite each other are refused before the run: the report and the
/// summary in one file, or a report among a case's outputs. A case whose output folder name
/// is taken by a file fails alone, without advice to delete that file.
#[test]
fn outputs_never_overwrite_each_other() {
    let t = tempfile::tempdir().unwrap();
    let root = t.path().join("cases");
    minimal_case(&root, "a", "report.csv", "Person A");
    minimal_case(&root, "b", "b", "Person B");
    let out = t.path().join("out");
    let same = t.path().join("r.csv");
    let run = |extra: &[&str]| {
        let mut args = vec![
            "prepare",
            root.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
            "--no-cache",
        ];
        args.extend_from_slice(extra);
        dossier(&args, t.path())
    };
    let o = run(&[
        "--report",
        same.to_str().unwrap(),
        "--summary",
        same.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("same file"));
    let inside = out.join("b").join("packet.pdf");
    let o = run(&["--report", inside.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("among the files prepare writes"));

    let report = out.join("report.csv");
    let o = run(&["--report", report.to_str().unwrap()]);
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(2), "{err}");
    assert!(err.contains("taken by a file"), "{err}");
    assert!(!err.contains("delete them by hand"), "{err}");
    assert!(report.is_file() && out.join("b").join("cover-sheet.pdf").is_file());
}

/// A case whose case.toml stops reading is reported under its folder's name; the outputs it had
/// under the id it stated are removed, not left to be printed.
#[test]
fn outputs_under_the_id_a_broken_case_toml_stated_are_removed() {
    let t = tempfile::tempdir().unwrap();
    let root = t.path().join("cases");
    minimal_case(&root, "b2", "2026-0205", "Person B");
    let out = t.path().join("out");
    prepare_root(&root, &out, &["--no-cache"], t.path());
    assert!(out.join("2026-0205/cover-sheet.pdf").is_file());
    let toml = root.join("b2/case.toml");
    let mut text = std::fs::read_to_string(&toml).unwrap();
    text.push_str("\nborn = = 2015\n");
    std::fs::write(&toml, text).unwrap();
    let o = prepare_root(&root, &out, &["--no-cache"], t.path());
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(!out.join("2026-0205/cover-sheet.pdf").exists(), "{err}");
    assert!(
        err.contains("removed the outputs of an earlier run"),
        "{err}"
    );
    assert!(!err.contains("warning: 1 folder"), "{err}");
}

/// Without an organisation in dossier.toml the cover sheets have no sender: the run says so,
/// and says how to add one; with one it says nothing.
#[test]
fn a_missing_organisation_is_told() {
    let t = tempfile::tempdir().unwrap();
    let root = t.path().join("cases");
    minimal_case(&root, "a", "2026-0001", "Ana Silva");
    let o = prepare_root(&root, &t.path().join("out1"), &["--no-cache"], t.path());
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("warning: no organisation name in dossier.toml"),
        "{err}"
    );
    std::fs::write(
        root.join("dossier.toml"),
        "[organisation]\nname = \"Stichting Test\"\n",
    )
    .unwrap();
    let o = prepare_root(&root, &t.path().join("out2"), &["--no-cache"], t.path());
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(!err.contains("no organisation"), "{err}");
    assert!(
        t.path().join("out2/2026-0001/cover-sheet.pdf").is_file(),
        "{err}"
    );
}
