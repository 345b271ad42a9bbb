//! The binary as a user meets it: exit statuses, the summary line, bad input that must become
//! findings (never a crash), determinism across `--jobs`, and that input folders are never
//! written to.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn dossier(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_dossier"))
        .args(args)
        .output()
        .expect("run dossier")
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn write(path: &Path, text: &str) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

const CLEAN_7055: &str = r#"
[case]
id = "C-1"
form = "7055"
submit_on = 2026-12-01
[applicant]
name = "Ilse Voorbeeld"
born = 2015-03-04
nationality = "MA"
v_number = "1234567890"
"#;

fn hash_tree(root: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut out = BTreeMap::new();
    for e in walkdir::WalkDir::new(root)
        .follow_links(false)
        .sort_by_file_name()
    {
        let e = e.unwrap();
        let meta = e.path().symlink_metadata().unwrap();
        let content = if meta.is_file() {
            std::fs::read(e.path()).unwrap()
        } else {
            Vec::new()
        };
        out.insert(e.path().to_path_buf(), content);
    }
    out
}

#[test]
fn help_has_examples() {
    let o = dossier(&["check", "--help"]);
    assert!(o.status.success());
    assert!(stdout(&o).contains("Examples:"));
    let o = dossier(&["--help"]);
    for cmd in ["check", "prepare", "new", "forms", "fees", "explain"] {
        assert!(stdout(&o).contains(cmd), "{cmd} missing from --help");
    }
}

#[test]
fn missing_root_is_exit_2_with_a_clear_message() {
    let t = tempfile::tempdir().unwrap();
    let o = dossier(&[
        "check",
        t.path().join("nope").to_str().unwrap(),
        "--report",
        "-",
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("cannot read the folder"),
        "{}",
        stderr(&o)
    );
    // A nightly reader of the reports learns that they were not written by this run.
    assert!(
        stderr(&o)
            .lines()
            .last()
            .is_some_and(|l| l.contains("the run stopped before its end")),
        "{}",
        stderr(&o)
    );
}

#[test]
fn bad_arguments_are_exit_2() {
    let o = dossier(&["check"]);
    assert_eq!(o.status.code(), Some(2));
    let o = dossier(&["explain", "Z999"]);
    assert_eq!(o.status.code(), Some(2));
    let o = dossier(&["fees", "--form", "7018", "--on", "someday"]);
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn empty_root_says_so_and_is_not_an_error() {
    let t = tempfile::tempdir().unwrap();
    let o = dossier(&["check", t.path().to_str().unwrap(), "--report", "-"]);
    assert_eq!(o.status.code(), Some(0));
    assert!(stderr(&o).contains("0 cases"), "{}", stderr(&o));
}

#[test]
fn broken_case_does_not_stop_the_others_and_exit_is_1() {
    let t = tempfile::tempdir().unwrap();
    write(&t.path().join("a/case.toml"), "[case\nform = ");
    write(&t.path().join("b/case.toml"), CLEAN_7055);
    write(&t.path().join("c/case.toml"), "\u{0}\u{ff}garbage");
    let o = dossier(&["check", t.path().to_str().unwrap(), "--report", "-"]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let report = stdout(&o);
    assert!(report.starts_with("case,form,severity,code,file,page,message\n"));
    assert!(report.contains("a,,error,C001"));
    assert!(report.contains("c,,error,C001"));
    assert!(stderr(&o).contains("3 cases checked"), "{}", stderr(&o));
}

#[test]
fn strict_turns_warnings_into_exit_1() {
    let t = tempfile::tempdir().unwrap();
    // No V-number and no client number: C006 is a warning.
    write(
        &t.path().join("w/case.toml"),
        &CLEAN_7055.replace("v_number = \"1234567890\"\n", ""),
    );
    let root = t.path().to_str().unwrap();
    let o = dossier(&["check", root, "--report", "-"]);
    assert!(stdout(&o).contains("C006"), "{}", stdout(&o));
    let errors = stdout(&o).lines().filter(|l| l.contains(",error,")).count();
    let o2 = dossier(&["check", root, "--report", "-", "--strict"]);
    if errors == 0 {
        assert_eq!(o.status.code(), Some(0));
    }
    assert_eq!(o2.status.code(), Some(1));
}

#[test]
fn formula_folder_names_are_neutralised_and_names_never_reported() {
    let t = tempfile::tempdir().unwrap();
    let dir = t.path().join("=HYPERLINK(\"http-x\")");
    write(
        &dir.join("case.toml"),
        &CLEAN_7055
            .replace("id = \"C-1\"\n", "")
            .replace("nationality = \"MA\"", "nationalty = \"MA\""),
    );
    for format in ["csv", "json", "junit"] {
        let o = dossier(&[
            "check",
            t.path().to_str().unwrap(),
            "--report",
            "-",
            "--format",
            format,
        ]);
        let out = stdout(&o);
        assert!(!out.contains("Ilse"), "{format}: name leaked");
        assert!(!out.contains("2015-03-04"), "{format}: birth date leaked");
        if format == "csv" {
            assert!(out.contains("'=HYPERLINK"), "{out}");
            assert!(!out.contains("\n=HYPERLINK"), "{out}");
        }
    }
}

#[test]
fn jobs_1_and_jobs_8_give_identical_reports() {
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures");
    let root = fixtures.to_str().unwrap();
    let a = dossier(&["check", root, "--report", "-", "--jobs", "1"]);
    let b = dossier(&["check", root, "--report", "-", "--jobs", "8"]);
    assert!(!stdout(&a).is_empty());
    assert_eq!(stdout(&a), stdout(&b));
    assert_eq!(stderr(&a), stderr(&b));
}

#[test]
fn check_never_writes_into_the_input_tree() {
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures");
    let before = hash_tree(&fixtures);
    let t = tempfile::tempdir().unwrap();
    let report = t.path().join("r.csv");
    let summary = t.path().join("s.csv");
    let o = dossier(&[
        "check",
        fixtures.to_str().unwrap(),
        "--report",
        report.to_str().unwrap(),
        "--summary",
        summary.to_str().unwrap(),
    ]);
    assert!(o.status.code() == Some(1) || o.status.code() == Some(0));
    assert_eq!(before, hash_tree(&fixtures));
    let s = std::fs::read_to_string(&summary).unwrap();
    assert!(s.starts_with("case,form,status,errors,warnings,waived,fee_eur,copies,pages\n"));
    // A fee whose reduction has no amount in the schedule in force is unknown, not the base fee.
    let row = s.lines().find(|l| l.starts_with("2026-0205,")).unwrap();
    assert_eq!(row.split(',').nth(6), Some(""), "{row}");
    let ready = s.lines().find(|l| l.starts_with("2026-0201,")).unwrap();
    assert_eq!(ready.split(',').nth(6), Some("70.00"), "{ready}");
}

#[test]
fn new_writes_a_scaffold_that_passes_c002_once_filled_in() {
    let t = tempfile::tempdir().unwrap();
    let dir = t.path().join("2026-0150");
    let o = dossier(&["new", dir.to_str().unwrap(), "--form", "7018"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let text = std::fs::read_to_string(dir.join("case.toml")).unwrap();
    assert!(text.contains("art8"));
    let filled = text
        .replace("name = \"\"", "name = \"Ilse Voorbeeld\"")
        .replace("# born = 1990-04-12", "born = 1990-04-12")
        .replace("nationality = \"\"", "nationality = \"MA\"");
    std::fs::write(dir.join("case.toml"), filled).unwrap();
    let o = dossier(&["check", dir.to_str().unwrap(), "--report", "-"]);
    let out = stdout(&o);
    assert!(!out.contains("C001"), "{out}");
    assert!(!out.contains("C002"), "{out}");
    // Never overwrites.
    let again = dossier(&["new", dir.to_str().unwrap(), "--form", "7018"]);
    assert_eq!(again.status.code(), Some(2));
}

#[test]
fn explain_prints_the_three_sections() {
    let o = dossier(&["explain", "f002"]);
    assert!(o.status.success());
    let out = stdout(&o);
    assert!(out.contains("F002"));
    assert!(out.contains("What it checks"));
    assert!(out.contains("How to fix"));
}

#[test]
fn fees_for_a_case_names_every_reduction() {
    let t = tempfile::tempdir().unwrap();
    write(
        &t.path().join("k/case.toml"),
        r#"
[case]
form = "7018"
submit_on = 2020-06-01
[applicant]
name = "Ilse Voorbeeld"
born = 1990-01-01
nationality = "TR"
[facts]
art8 = true
insufficient_income = true
"#,
    );
    let o = dossier(&["fees", "--case", t.path().join("k").to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    // Turkish: €68; the art. 8 exemption lacks its proof.
    assert!(out.contains("fee due: €68"), "{out}");
    assert!(out.contains("proof missing"), "{out}");
}

#[test]
fn symlink_loop_and_fifo_do_not_hang() {
    let t = tempfile::tempdir().unwrap();
    let case = t.path().join("loop");
    write(
        &case.join("case.toml"),
        &format!("{CLEAN_7055}\n[[documents]]\nkind = \"other\"\nfiles = [\"copies/fifo.pdf\"]\n"),
    );
    std::os::unix::fs::symlink(t.path(), case.join("up")).unwrap();
    std::fs::create_dir_all(case.join("copies")).unwrap();
    let fifo = case.join("copies/fifo.pdf");
    let ok = Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .map(|s| s.success());
    let o = dossier(&["check", t.path().to_str().unwrap(), "--report", "-"]);
    assert!(o.status.code() == Some(1), "{}", stderr(&o));
    if ok.unwrap_or(false) {
        assert!(stdout(&o).contains("F003"), "{}", stdout(&o));
    }
}

#[test]
fn completions_and_man_page_come_from_the_same_definitions() {
    let o = dossier(&["completions", "bash"]);
    assert!(o.status.success());
    let s = stdout(&o);
    assert!(s.contains("dossier") && s.contains("--only-new"), "{s}");
    let o = dossier(&["man"]);
    assert!(o.status.success());
    let s = stdout(&o);
    assert!(s.contains(".TH") && s.contains("prepare"), "{s}");
}

#[test]
fn html_overview_is_written_alongside_the_csv() {
    let t = tempfile::tempdir().unwrap();
    let html = t.path().join("overview.html");
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/example");
    let o = dossier(&[
        "check",
        fixtures.to_str().unwrap(),
        "--report",
        "-",
        "--html",
        html.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(1));
    let page = std::fs::read_to_string(&html).unwrap();
    assert!(page.contains("2026-0143"));
    for attr in ["src=\"http", "href=\"http", "url(http", "@import"] {
        assert!(!page.contains(attr), "external reference {attr}");
    }
    assert!(stdout(&o).starts_with("case,form,severity"));
}

/// Runs `dossier args…` with stderr on a pseudo-terminal (util-linux `script`), as a volunteer
/// at a terminal runs it. `script` is in Debian's essential bsdutils package. Returns whether
/// it ended within a minute, and everything it printed.
fn in_terminal(args: &str) -> (bool, String) {
    let script = ["/usr/bin/script", "/bin/script"]
        .into_iter()
        .find(|p| Path::new(p).exists())
        .expect("this test needs util-linux `script` (Debian package bsdutils)");
    let cmd = format!("{} {args}", env!("CARGO_BIN_EXE_dossier"));
    let mut child = Command::new(script)
        .args(["-qec", &cmd, "/dev/null"])
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("run script");
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
    while child.try_wait().unwrap().is_none() {
        if std::time::Instant::now() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            return (false, String::new());
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    let out = child.wait_with_output().unwrap();
    let text = String::from_utf8_lossy(&out.stdout).into_owned() + &stderr(&out);
    (true, text)
}

#[test]
fn in_a_terminal_the_progress_bar_shows_and_the_run_ends() {
    let (ended, text) = in_terminal("check fixtures/example --no-cache --report /dev/null");
    assert!(ended, "check hung with stderr on a terminal");
    assert!(text.contains(" cases, "), "no progress bar drawn: {text}");
    assert!(text.contains("files"), "{text}");
    assert!(text.contains("ready"), "no summary line: {text}");

    let (ended, text) = in_terminal("check fixtures/example --no-cache --quiet --report /dev/null");
    assert!(ended, "check --quiet hung with stderr on a terminal");
    assert!(!text.contains(" cases, "), "--quiet drew a bar: {text}");
    assert!(text.contains("ready"), "no summary line: {text}");

    // prepare shows a bar for the check, then one for the paperwork.
    let out = tempfile::tempdir().unwrap();
    let args = format!(
        "prepare fixtures/example --no-cache --report /dev/null --out {}",
        out.path().display()
    );
    let (ended, text) = in_terminal(&args);
    assert!(ended, "prepare hung with stderr on a terminal");
    assert!(text.contains("checking"), "no bar while checking: {text}");
    assert!(text.contains("preparing"), "no bar while preparing: {text}");
    assert!(text.contains("print-ready packets"), "{text}");
}

#[cfg(unix)]
#[test]
fn a_report_to_a_device_pipe_or_link_is_written_through_not_replaced() {
    use std::os::unix::fs::FileTypeExt;
    let dir = tempfile::tempdir().unwrap();
    // /dev/null stays the device (the atomic rename once replaced it with a plain file).
    let o = dossier(&[
        "check",
        "fixtures/example",
        "--no-cache",
        "--report",
        "/dev/null",
    ]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let null = std::fs::metadata("/dev/null").unwrap();
    assert!(null.file_type().is_char_device(), "/dev/null was replaced");

    // A named pipe: the report goes down the pipe to whoever reads it.
    let fifo = dir.path().join("report.pipe");
    let made = Command::new("mkfifo").arg(&fifo).status().unwrap();
    assert!(made.success());
    let reader = {
        let fifo = fifo.clone();
        std::thread::spawn(move || std::fs::read_to_string(fifo).unwrap())
    };
    let fifo_arg = fifo.to_str().unwrap();
    let o = dossier(&[
        "check",
        "fixtures/example",
        "--no-cache",
        "--report",
        fifo_arg,
    ]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let through = reader.join().unwrap();
    assert!(through.starts_with("case,form,severity"), "{through}");
    let meta = std::fs::symlink_metadata(&fifo).unwrap();
    assert!(meta.file_type().is_fifo(), "the pipe was replaced");

    // A link to last night's report: the report is replaced, the link stays.
    let real = dir.path().join("2026-12-01.csv");
    let link = dir.path().join("latest.csv");
    std::fs::write(&real, "old").unwrap();
    std::os::unix::fs::symlink(&real, &link).unwrap();
    let link_arg = link.to_str().unwrap();
    let o = dossier(&[
        "check",
        "fixtures/example",
        "--no-cache",
        "--report",
        link_arg,
    ]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let meta = std::fs::symlink_metadata(&link).unwrap();
    assert!(meta.file_type().is_symlink(), "the link was replaced");
    assert!(
        std::fs::read_to_string(&real)
            .unwrap()
            .starts_with("case,form,severity")
    );
}

#[test]
fn a_report_that_cannot_be_written_is_refused_before_the_run() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("no-such-folder").join("report.csv");
    let o = dossier(&[
        "check",
        "fixtures/example",
        "--no-cache",
        "--report",
        missing.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(2));
    let e = stderr(&o);
    assert!(e.contains("no-such-folder does not exist"), "{e}");
    assert!(!e.contains("cases checked"), "it checked first: {e}");

    let folder = dir.path().to_str().unwrap();
    let o = dossier(&["check", "fixtures/example", "--no-cache", "--html", folder]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("is a folder"), "{}", stderr(&o));
    assert!(!dir.path().join("dossier-report.csv").exists());
}

/// A report, summary, HTML page, cache or output folder is never written into a case folder:
/// it would replace a copy or case.toml, or be checked as the case's own file next time.
#[test]
fn nothing_is_ever_written_into_a_case_folder() {
    let t = tempfile::tempdir().unwrap();
    let case = t.path().join("C-1");
    write(&case.join("case.toml"), CLEAN_7055);
    write(&case.join("copies/scan.txt"), "client's file");
    let before = hash_tree(t.path());
    let bin = env!("CARGO_BIN_EXE_dossier");
    let run = |dir: &Path, args: &[&str]| {
        Command::new(bin)
            .current_dir(dir)
            .args(args)
            .output()
            .unwrap()
    };
    // The default report goes to the current folder, here the case folder itself.
    let o = run(&case, &["check", ".", "--no-cache"]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("never writes into case folders"),
        "{}",
        stderr(&o)
    );
    for args in [
        &["check", ".", "--no-cache", "--report", "copies/scan.txt"][..],
        &["check", ".", "--no-cache", "--report", "case.toml"],
        &[
            "check",
            ".",
            "--no-cache",
            "--report",
            "-",
            "--summary",
            "copies/s.csv",
        ],
        &[
            "check",
            ".",
            "--no-cache",
            "--report",
            "-",
            "--html",
            "new/o.html",
        ],
        &["check", ".", "--report", "-", "--cache", "cache"],
        &[
            "prepare",
            ".",
            "--no-cache",
            "--report",
            "-",
            "--out",
            "print",
        ],
    ] {
        let o = run(&case, args);
        assert_eq!(o.status.code(), Some(2), "{args:?}: {}", stderr(&o));
        assert!(
            stderr(&o).contains("case folder"),
            "{args:?}: {}",
            stderr(&o)
        );
    }
    // From beside the case folder, into another case's folder: refused too.
    let o = run(
        t.path(),
        &["check", "C-1", "--no-cache", "--report", "C-1/copies/r.csv"],
    );
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert_eq!(before, hash_tree(t.path()));
    // Beside the case folders is fine.
    let o = run(t.path(), &["check", "C-1", "--no-cache"]);
    assert_eq!(o.status.code(), Some(1), "R001 only: {}", stderr(&o));
    let report = std::fs::read_to_string(t.path().join("dossier-report.csv")).unwrap();
    // The unlisted note is F007 (a warning), not also F008: it will not be printed.
    assert!(report.contains(",F007,copies/scan.txt,"), "{report}");
    assert!(!report.contains("F008"), "{report}");
}

/// An unmarried declaration needs legalisation like a birth certificate (DOMAIN 3a), so a case
/// with an unlegalised one is never ready.
#[test]
fn an_unmarried_declaration_needs_legalisation() {
    let t = tempfile::tempdir().unwrap();
    let doc = "\n[[documents]]\nkind = \"unmarried-declaration\"\nfiles = [\"copies/o.pdf\"]\n";
    write(
        &t.path().join("a/case.toml"),
        &format!(
            "{CLEAN_7055}{doc}issued_in = \"MA\"\nlanguage = \"fr\"\nlegalisation = \"none\"\n"
        ),
    );
    write(&t.path().join("b/case.toml"), &format!("{CLEAN_7055}{doc}"));
    let o = dossier(&[
        "check",
        t.path().to_str().unwrap(),
        "--no-cache",
        "--report",
        "-",
    ]);
    let out = stdout(&o);
    assert!(out.contains(",L001,copies/o.pdf,"), "{out}");
    assert!(
        out.lines()
            .any(|l| l.contains(",C004,") && l.contains("legalisation")),
        "{out}"
    );
    // Its 6-month limit is judged by the date of issue, so that date is required too.
    assert!(
        out.lines()
            .any(|l| l.contains(",C004,") && l.contains("no issued_on")),
        "{out}"
    );
}

/// `dossier check ~` holds the default cache: the run goes on without it and says so, rather
/// than writing into a folder being checked; a waiver naming no finding code says so.
#[test]
fn the_default_cache_inside_a_checked_folder_is_not_used() {
    let t = tempfile::tempdir().unwrap();
    let waiver = "\n[[waivers]]\ncode = \"F999\"\nreason = \"looked at it\"\n";
    write(
        &t.path().join("C-1/case.toml"),
        &format!("{CLEAN_7055}{waiver}"),
    );
    let o = Command::new(env!("CARGO_BIN_EXE_dossier"))
        .env("XDG_CACHE_HOME", t.path().join(".cache"))
        .args(["check", t.path().to_str().unwrap(), "--report", "-"])
        .output()
        .unwrap();
    assert_ne!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("running without the cache"),
        "{}",
        stderr(&o)
    );
    assert!(!t.path().join(".cache").exists());
    assert!(
        stdout(&o).contains("F999, which is not a finding code"),
        "{}",
        stdout(&o)
    );
}

/// One file listed twice is one document: it cannot be both the applicant's and the
/// sponsor's passport. And `fees --case` counts what reading case.toml found.
#[test]
fn one_file_listed_twice_fills_one_checklist_line() {
    let t = tempfile::tempdir().unwrap();
    let case = |second: &str| {
        format!(
            "[case]\nform = \"7018\"\nsubmit_on = 2026-12-01\n[applicant]\nname = \"A B\"\n\
             born = 1990-01-01\nnationality = \"US\"\n[sponsor]\nname = \"C D\"\n\
             nationality = \"NL\"\n[[documents]]\nkind = \"passport\"\nfiles = [\"copies/p.pdf\"]\n\
             [[documents]]\nkind = \"passport\"\nfiles = [\"{second}\"]\n"
        )
    };
    let sponsor_missing = |dir: &str, text: String| {
        write(&t.path().join(dir).join("case.toml"), &text);
        let o = dossier(&[
            "check",
            t.path().join(dir).to_str().unwrap(),
            "--no-cache",
            "--report",
            "-",
        ]);
        stdout(&o).contains("sponsor's passport or ID card")
    };
    assert!(sponsor_missing("same", case("copies/p.pdf")));
    assert!(!sponsor_missing("two", case("copies/q.pdf")));

    // A misspelt key is an error for `fees --case` too: exit 1, and it says so.
    write(
        &t.path().join("fee/case.toml"),
        "[case]\nform = \"7031\"\nsubmit_no = 2020-06-01\n[applicant]\nname = \"A B\"\n\
         born = 1990-01-01\nnationality = \"TR\"\n",
    );
    let o = dossier(&["fees", "--case", t.path().join("fee").to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1), "{}", stdout(&o));
    assert!(stdout(&o).contains("error: C002"), "{}", stdout(&o));

    // A nationality that is no country code (TU for TR) cannot settle the Turkish rate: the
    // fee is unknown, not the base fee.
    write(
        &t.path().join("tu/case.toml"),
        &case("copies/q.pdf").replace("\"US\"", "\"TU\""),
    );
    let o = dossier(&[
        "check",
        t.path().join("tu").to_str().unwrap(),
        "--no-cache",
        "--report",
        "-",
        "--summary",
        t.path().join("s.csv").to_str().unwrap(),
    ]);
    assert!(stdout(&o).contains(",C007,"), "{}", stdout(&o));
    // And the report says why the fee is unknown, so the case is never silently "ready".
    assert!(
        stdout(&o).contains(",P002,") && stdout(&o).contains("cannot be worked out"),
        "{}",
        stdout(&o)
    );
    let s = std::fs::read_to_string(t.path().join("s.csv")).unwrap();
    assert_eq!(s.lines().nth(1).unwrap().split(',').nth(6), Some(""), "{s}");
}

/// Findings of a review of the forms data against DOMAIN.md: each would have let a case look
/// ready, or stopped a sound one.
#[test]
fn forms_data_follows_the_domain_sources() {
    let t = tempfile::tempdir().unwrap();
    let check = |name: &str, text: &str| {
        write(&t.path().join(name).join("case.toml"), text);
        let o = dossier(&[
            "check",
            t.path().join(name).to_str().unwrap(),
            "--no-cache",
            "--report",
            "-",
        ]);
        stdout(&o)
    };
    let person = "[applicant]\nname = \"A B\"\nborn = 1990-01-01\nnationality = \"MA\"\n\
                  [sponsor]\nname = \"C D\"\nnationality = \"NL\"\n";
    // An exemption from the civic integration exam abroad does not make annex 7106-06 with its
    // evidence unnecessary (DOMAIN.md 4a); for 6009 the proof of exemption is enclosed too.
    let out = check(
        "exempt-7018",
        &format!(
            "[case]\nform = \"7018\"\nsubmit_on = 2026-12-01\n{person}[facts]\nspouse = true\n\
             civic_integration_exempt = true\n"
        ),
    );
    assert!(
        out.lines()
            .any(|l| l.contains(",R001,") && l.contains("7106-06")),
        "{out}"
    );
    let out = check(
        "exempt-6009",
        &format!(
            "[case]\nform = \"6009\"\nsubmit_on = 2026-12-01\n{person}[facts]\n\
             civic_integration_exempt = true\n"
        ),
    );
    assert!(
        out.lines()
            .any(|l| l.contains(",R001,") && l.contains("civic-integration-certificate")),
        "{out}"
    );
    // A sponsor who is not employed still shows an income (annex 7111-08), unless exempt.
    let income = |facts: &str| {
        let out = check(
            &format!("income-{}", facts.len()),
            &format!(
                "[case]\nform = \"7018\"\nsubmit_on = 2026-12-01\n{person}[facts]\nspouse = true\n\
                 {facts}"
            ),
        );
        out.lines()
            .any(|l| l.contains(",R001,") && l.contains("evidence of the sponsor's income"))
    };
    assert!(income(""));
    assert!(!income("income_requirement_exempt = true\n"));
    assert!(!income("sponsor_employed = true\n"));
    // A certificate from Réunion, an outermost region of the EU, needs no legalisation under
    // Regulation 2016/1191 (DOMAIN.md 3c), like one from France; before 16 February 2019 it did.
    let reunion = |submit_on: &str| {
        format!(
            "[case]\nform = \"7018\"\nsubmit_on = {submit_on}\n{person}[facts]\nspouse = true\n\
             [[documents]]\nkind = \"marriage-certificate\"\nfiles = [\"copies/akte.pdf\"]\n\
             issued_in = \"RE\"\nlanguage = \"fr\"\nlegalisation = \"none\"\n"
        )
    };
    assert!(!check("re-2026", &reunion("2026-12-01")).contains(",L001,"));
    assert!(check("re-2018", &reunion("2018-12-01")).contains(",L001,"));
    // The embassy no longer legalises documents from Nigeria (since 2013, DOMAIN.md 3d): the
    // advice must not send a volunteer there. An apostille from a country missing from the
    // party list (which lags behind) says how to check and waive.
    let nigeria = reunion("2026-12-01").replace("\"RE\"", "\"NG\"");
    let out = check("ng", &nigeria);
    assert!(
        out.lines()
            .any(|l| l.contains(",L001,") && l.contains("no longer legalises")),
        "{out}"
    );
    let out = check(
        "ng-apostille",
        &nigeria.replace("\"none\"", "\"apostille\""),
    );
    assert!(
        out.lines()
            .any(|l| l.contains(",L002,") && l.contains("HCCH status table")),
        "{out}"
    );
    // Minors paid a reduced fee in every schedule the sources give; where a schedule lacks the
    // amount (7018, 6009 and 7031 in 2020), a minor's fee is unknown, never the adult fee.
    for form in ["7018", "6009", "7031"] {
        let minor = format!(
            "[case]\nform = \"{form}\"\nsubmit_on = 2020-06-01\n[applicant]\nname = \"E F\"\n\
             born = 2010-01-01\nnationality = \"TR\"\n"
        );
        let out = check(&format!("minor-{form}"), &minor);
        assert!(
            out.lines()
                .any(|l| l.contains(",P002,") && l.contains("minor")),
            "{form}: {out}"
        );
    }
}

/// A one-page PDF whose text layer says `text` (Helvetica, visible).
fn text_pdf(text: &str) -> Vec<u8> {
    use lopdf::{Document, Object, Stream, dictionary};
    let mut doc = Document::with_version("1.4");
    let font = doc.add_object(dictionary! {
        "Type" => "Font", "Subtype" => "Type1", "BaseFont" => "Helvetica",
    });
    let content = format!("BT /F1 11 Tf 72 760 Td ({text}) Tj ET");
    let content = doc.add_object(Stream::new(dictionary! {}, content.into_bytes()));
    let pages = doc.new_object_id();
    let page = doc.add_object(dictionary! {
        "Type" => "Page", "Parent" => pages, "Contents" => content,
        "MediaBox" => vec![0.into(), 0.into(), 595.into(), 842.into()],
        "Resources" => dictionary! { "Font" => dictionary! { "F1" => font } },
    });
    doc.objects.insert(
        pages,
        Object::Dictionary(dictionary! {
            "Type" => "Pages", "Kids" => vec![page.into()], "Count" => 1,
        }),
    );
    let catalog = doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => pages });
    doc.trailer.set("Root", catalog);
    let mut out = Vec::new();
    doc.save_to(&mut out).unwrap();
    out
}

/// With both a V-number and a client number in case.toml, either on a page will do (the IND
/// asks for "het V-nummer of klantnummer"); a page with neither is V001.
#[test]
fn with_both_numbers_a_page_may_carry_either() {
    let t = tempfile::tempdir().unwrap();
    let case = t.path().join("c");
    write(
        &case.join("case.toml"),
        "[case]\nform = \"7031\"\nsubmit_on = 2026-12-01\n[applicant]\nname = \"A B\"\n\
         born = 1990-01-01\nnationality = \"TR\"\nv_number = \"7469215257\"\n\
         client_number = \"3002345678\"\n[[documents]]\nkind = \"other\"\n\
         files = [\"copies/v.pdf\", \"copies/k.pdf\", \"copies/none.pdf\"]\n",
    );
    std::fs::create_dir_all(case.join("copies")).unwrap();
    for (file, text) in [
        ("v.pdf", "V-nummer 7469 215 257"),
        ("k.pdf", "Klantnummer 3002345678"),
        ("none.pdf", "Kenmerk 123"),
    ] {
        std::fs::write(case.join("copies").join(file), text_pdf(text)).unwrap();
    }
    let o = dossier(&[
        "check",
        case.to_str().unwrap(),
        "--no-cache",
        "--report",
        "-",
    ]);
    let report = stdout(&o);
    let v001: Vec<&str> = report
        .lines()
        .filter(|l| l.contains(",V001,"))
        .map(|l| l.split(',').nth(4).unwrap_or_default())
        .collect();
    assert_eq!(v001, ["copies/none.pdf"], "{report}");
}
