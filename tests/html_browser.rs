//! The HTML report in a real headless browser (Debian's `chromium`): the page loads without a
//! console message, hostile case ids stay text, filtering and sorting from the URL fragment show
//! the right cases in the right order, and a screenshot can be taken for a person to look at.
//!
//! Nothing is clicked (a dumped DOM cannot click); the fragment drives the same sort and filter
//! functions that clicks do. The tests skip, saying why, when no chromium is installed, unless
//! `DOSSIER_REQUIRE_CHROMIUM` is set (CI should set it and install chromium). Set
//! `DOSSIER_SCREENSHOT=path.png` to keep the screenshot and, beside it, the page (that is how
//! `docs/report-html.png` is made).

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use dossier::finding::{Finding, Severity};
use dossier::report::{Baseline, CaseSummary, Format, Report, write_report};

const HOSTILE: &str = "<img src=x onerror=alert(1)>";
const FORMULA: &str = "=HYPERLINK(\"x\")";

/// The browser, or `None` with the reason printed for the test log.
fn chromium() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("CHROMIUM") {
        return Some(PathBuf::from(p));
    }
    let path = std::env::var_os("PATH").unwrap_or_default();
    let found = std::env::split_paths(&path)
        .flat_map(|dir| ["chromium", "chromium-browser"].map(|name| dir.join(name)))
        .find(|p| p.is_file());
    if found.is_none() {
        let reason = "no `chromium` on PATH (apt-get install chromium, or set CHROMIUM)";
        // CI sets this so that a missing browser fails instead of passing unseen.
        assert!(
            std::env::var_os("DOSSIER_REQUIRE_CHROMIUM").is_none(),
            "DOSSIER_REQUIRE_CHROMIUM is set but there is {reason}"
        );
        skip(reason);
    }
    found
}

#[expect(
    clippy::print_stderr,
    reason = "a skipped test must say why in the test log"
)]
fn skip(reason: &str) {
    eprintln!("SKIPPED html_browser: {reason}");
}

/// Runs chromium headless on `url` with `extra` arguments; returns (stdout, stderr).
fn run_chromium(browser: &Path, url: &str, extra: &[&str]) -> (String, String) {
    let profile = tempfile::tempdir().unwrap_or_else(|e| panic!("temp dir: {e}"));
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("temp dir: {e}"));
    let (out_path, err_path) = (dir.path().join("out"), dir.path().join("err"));
    let open =
        |p: &Path| std::fs::File::create(p).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
    let mut child = Command::new(browser)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--hide-scrollbars",
            "--enable-logging=stderr",
            "--v=0",
        ])
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .args(extra)
        .arg(url)
        .stdin(Stdio::null())
        .stdout(open(&out_path))
        .stderr(open(&err_path))
        .spawn()
        .unwrap_or_else(|e| panic!("cannot start {}: {e}", browser.display()));
    // A guard against a hung browser, not a speed check: a healthy run takes a few seconds.
    let deadline = Instant::now() + Duration::from_secs(120);
    loop {
        match child.try_wait() {
            Ok(Some(_)) => break,
            Ok(None) if Instant::now() < deadline => std::thread::sleep(Duration::from_millis(100)),
            _ => {
                let _ = child.kill();
                panic!("chromium did not finish on {url}");
            }
        }
    }
    let read =
        |p: &Path| String::from_utf8_lossy(&std::fs::read(p).unwrap_or_default()).into_owned();
    (read(&out_path), read(&err_path))
}

/// The page's console messages (errors, warnings, CSP refusals) from chromium's log.
fn console_messages(stderr: &str) -> Vec<&str> {
    stderr.lines().filter(|l| l.contains(":CONSOLE")).collect()
}

/// Start tags in document order as (name, raw attributes), skipping quoted attribute values
/// so that a `>` inside one does not end the tag.
fn start_tags(html: &str) -> Vec<(String, String)> {
    let mut tags = Vec::new();
    let mut rest = html;
    while let Some(open) = rest.find('<') {
        rest = &rest[open + 1..];
        let name: String = rest
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '-')
            .collect();
        let mut quote = None;
        let mut end = rest.len();
        for (i, c) in rest.char_indices() {
            match (quote, c) {
                (None, '"' | '\'') => quote = Some(c),
                (Some(q), c) if c == q => quote = None,
                (None, '>') => {
                    end = i;
                    break;
                }
                _ => {}
            }
        }
        if !name.is_empty() {
            tags.push((name.to_ascii_lowercase(), rest[name.len()..end].to_owned()));
        }
        rest = &rest[end.min(rest.len())..];
    }
    tags
}

/// (status, hidden) of every case row group in a dumped DOM.
fn case_groups(dom: &str) -> Vec<(String, bool)> {
    start_tags(dom)
        .into_iter()
        .filter(|(name, attrs)| name == "tbody" && attrs.contains("class=\"case\""))
        .map(|(_, attrs)| {
            let status = attrs
                .split("data-status=\"")
                .nth(1)
                .and_then(|s| s.split('"').next())
                .unwrap_or_default()
                .to_owned();
            let hidden = attrs
                .split_whitespace()
                .any(|a| a == "hidden" || a.starts_with("hidden="));
            (status, hidden)
        })
        .collect()
}

fn finding(
    case: &str,
    form: &str,
    severity: Severity,
    code: &'static str,
    file: &str,
    page: Option<u32>,
    message: &str,
) -> Finding {
    Finding {
        case: case.to_owned(),
        form: form.to_owned(),
        severity,
        code,
        file: file.to_owned(),
        page,
        message: message.to_owned(),
    }
}

/// Invented cases, two with hostile ids; no names or dates of birth, as in real use.
fn sample() -> (Vec<Finding>, Vec<CaseSummary>) {
    use Severity::{Error, Info, Waived, Warning};
    let findings = vec![
        finding(
            "2026-0142",
            "7018",
            Error,
            "F002",
            "copies/passport.pdf",
            Some(2),
            "page 2 is 216 × 279 mm (US Letter), not A4: scan it again on A4 paper",
        ),
        finding(
            "2026-0142",
            "7018",
            Error,
            "R001",
            "",
            None,
            "form 7018 requires an income-statement-t2 when art8 = true and insufficient_income = true: add it under [[documents]]",
        ),
        finding(
            "2026-0142",
            "7018",
            Warning,
            "F006",
            "copies/birth.pdf",
            Some(2),
            "page 2 is blank (the back of a double-sided scan?): remove it, copies are single-sided",
        ),
        finding(
            "2026-0150",
            "6009",
            Warning,
            "F005",
            "copies/payslip-03.jpg",
            None,
            "the scan has 150 dpi when fitted to A4 (at least 200 needed): scan it again at 300 dpi",
        ),
        finding(
            "2026-0151",
            "7027",
            Error,
            "L003",
            "copies/birth.pdf",
            None,
            "the birth certificate is in Arabic (ar) and has no translation: attach a sworn translation under `translation`",
        ),
        finding(
            "2026-0151",
            "7027",
            Info,
            "P002",
            "",
            None,
            "the newest fee schedule is from 2020-01-01: check the IND's current fees",
        ),
        finding(
            "2026-0160",
            "7024",
            Waived,
            "V002",
            "copies/contract.pdf",
            Some(1),
            "page 1 has no text layer, so the V-number on it cannot be verified (waived: V-number handwritten on the paper copies)",
        ),
        finding(
            HOSTILE,
            "7031",
            Warning,
            "F007",
            "<script>alert(2)</script>.pdf",
            None,
            "the file `<script>alert(2)</script>.pdf` is not referenced by case.toml: reference it or move it out",
        ),
        finding(
            FORMULA,
            "7018",
            Error,
            "C005",
            "",
            None,
            "v_number `12345` is not 10 digits: correct it in [applicant]",
        ),
        finding(
            "broken-case",
            "",
            Error,
            "C001",
            "",
            None,
            "case.toml line 4, column 9: expected `=` after a key",
        ),
    ];
    let case = |id: &str,
                form: &str,
                errors: u32,
                warnings: u32,
                waived: u32,
                fee: Option<u64>,
                copies: u32,
                pages: u32| CaseSummary {
        case: id.to_owned(),
        form: form.to_owned(),
        status: CaseSummary::status_from(errors, warnings),
        errors,
        warnings,
        waived,
        fee_cents: fee,
        copies,
        pages,
        properties: vec![("fee_schedule".to_owned(), "2020-01-01".to_owned())],
    };
    let cases = vec![
        case("2026-0142", "7018", 2, 1, 0, Some(17_400), 6, 14),
        case("2026-0143", "7026", 0, 0, 0, Some(33_300), 4, 9),
        case("2026-0150", "6009", 0, 1, 0, Some(5_800), 5, 11),
        case("2026-0151", "7027", 1, 0, 0, Some(105_700), 7, 19),
        case("2026-0160", "7024", 0, 0, 1, Some(137_900), 8, 23),
        case(HOSTILE, "7031", 0, 1, 0, Some(5_800), 3, 5),
        case(FORMULA, "7018", 1, 0, 0, Some(6_800), 5, 12),
        case("broken-case", "", 1, 0, 0, None, 0, 0),
    ];
    (findings, cases)
}

fn explain(code: &str) -> Option<(String, String)> {
    let summary = match code {
        "F002" => "A page is not A4",
        "R001" => "A document the form's checklist requires is missing",
        "F006" => "A blank page",
        "F005" => "Scan resolution below 200 dpi",
        "L003" => "A foreign-language document has no translation",
        "V002" => "A page has no text layer",
        "F007" => "A file in the case folder that case.toml does not reference",
        "C005" => "V-number or client number malformed",
        "C001" => "case.toml cannot be read",
        _ => return None,
    };
    Some((
        summary.to_owned(),
        format!(
            "## What it checks\n{summary}.\n\n## Why the IND requires it\nThe IND prints and \
             files every page; it returns dossiers it cannot process.\n\n## How to fix\nFollow \
             the message: it names the file and page."
        ),
    ))
}

/// Writes the sample report to a temp dir; returns the dir and the page's path. With
/// `baseline`, the earlier run is taken to have had all findings but two, plus one since fixed.
fn write_page(baseline: bool) -> (tempfile::TempDir, PathBuf) {
    let (findings, cases) = sample();
    let mut earlier: Vec<Finding> = findings.iter().skip(2).cloned().collect();
    earlier.push(finding(
        "2026-0143",
        "7026",
        Severity::Error,
        "R001",
        "",
        None,
        "gone",
    ));
    let diff = Baseline::from_findings(&earlier).diff(&findings);
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("temp dir: {e}"));
    let path = dir.path().join("report.html");
    let mut out = Vec::new();
    let r = Report {
        findings: &findings,
        cases: &cases,
        baseline: baseline.then_some(&diff),
        only_new: false,
        explain: &explain,
    };
    write_report(&mut out, Format::Html, &r).unwrap_or_else(|e| panic!("writing HTML: {e}"));
    std::fs::write(&path, out).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    (dir, path)
}

fn url(path: &Path, fragment: &str) -> String {
    format!("file://{}{fragment}", path.display())
}

#[test]
fn page_loads_without_console_messages_and_keeps_hostile_ids_as_text() {
    let Some(browser) = chromium() else { return };
    let (_dir, page) = write_page(false);
    let (dom, log) = run_chromium(&browser, &url(&page, ""), &["--dump-dom"]);
    assert!(
        dom.contains("id=\"cases\""),
        "no case table in the DOM:\n{dom}"
    );
    assert_eq!(
        console_messages(&log),
        Vec::<&str>::new(),
        "console messages"
    );
    let tags = start_tags(&dom);
    assert!(
        tags.iter().all(|(name, _)| name != "img"),
        "a case id became an <img>"
    );
    assert_eq!(
        tags.iter().filter(|(name, _)| name == "script").count(),
        1,
        "only the page's script"
    );
    assert!(
        dom.contains("&lt;img src=x onerror=alert(1)&gt;</th>"),
        "hostile id not shown as text"
    );
    assert!(
        dom.contains("=HYPERLINK(\"x\")</th>"),
        "formula id not shown as it is"
    );
    let groups = case_groups(&dom);
    assert_eq!(groups.len(), 8);
    assert!(
        groups.iter().all(|(_, hidden)| !hidden),
        "no filter, nothing hidden"
    );
    assert!(
        dom.contains("Showing 8 of 8 cases"),
        "the script did not run"
    );
}

#[test]
fn status_filter_from_the_fragment_shows_only_matching_cases() {
    let Some(browser) = chromium() else { return };
    let (_dir, page) = write_page(false);
    let (dom, log) = run_chromium(&browser, &url(&page, "#status=errors"), &["--dump-dom"]);
    assert_eq!(
        console_messages(&log),
        Vec::<&str>::new(),
        "console messages"
    );
    let groups = case_groups(&dom);
    let visible: Vec<&str> = groups
        .iter()
        .filter(|(_, h)| !h)
        .map(|(s, _)| s.as_str())
        .collect();
    assert_eq!(visible, ["errors"; 4], "{groups:?}");
    assert!(dom.contains("Showing 4 of 8 cases"));
}

#[test]
fn text_filter_from_the_fragment_matches_ids_codes_and_files() {
    let Some(browser) = chromium() else { return };
    let (_dir, page) = write_page(false);
    for (query, expected) in [
        ("hyperlink", 1),
        ("f005", 1),
        ("birth.pdf", 2),
        ("no-such-case", 0),
    ] {
        let (dom, log) = run_chromium(
            &browser,
            &url(&page, &format!("#q={query}")),
            &["--dump-dom"],
        );
        assert_eq!(
            console_messages(&log),
            Vec::<&str>::new(),
            "console messages"
        );
        let visible = case_groups(&dom).iter().filter(|(_, h)| !h).count();
        assert_eq!(visible, expected, "search {query:?}");
        let none_shown = start_tags(&dom).iter().any(|(name, attrs)| {
            name == "p" && attrs.contains("id=\"none\"") && !attrs.contains("hidden")
        });
        assert_eq!(
            none_shown,
            expected == 0,
            "the 'no case matches' line for {query:?}"
        );
    }
}

/// Case ids in the order the dumped DOM shows them.
fn case_order(dom: &str) -> Vec<String> {
    dom.split("<th scope=\"row\" class=\"id\">")
        .skip(1)
        .map(|s| s.split("</th>").next().unwrap_or_default().to_owned())
        .collect()
}

#[test]
fn sorting_from_the_fragment_orders_cases() {
    let Some(browser) = chromium() else { return };
    let (_dir, page) = write_page(false);
    let (dom, log) = run_chromium(&browser, &url(&page, "#sort=-fee"), &["--dump-dom"]);
    assert_eq!(
        console_messages(&log),
        Vec::<&str>::new(),
        "console messages"
    );
    let expected = [
        "2026-0160",
        "2026-0151",
        "2026-0143",
        "2026-0142",
        "=HYPERLINK(\"x\")",
        "2026-0150",
        "&lt;img src=x onerror=alert(1)&gt;",
        "broken-case",
    ];
    assert_eq!(
        case_order(&dom),
        expected,
        "fee high to low, ties by id, unknown fee last"
    );
    assert!(
        dom.contains(
            "data-key=\"fee\" data-type=\"number\" class=\"num\" aria-sort=\"descending\""
        )
    );
    let (dom, _) = run_chromium(&browser, &url(&page, "#sort=status"), &["--dump-dom"]);
    let order = case_order(&dom);
    assert_eq!(
        order.first().map(String::as_str),
        Some("2026-0142"),
        "errors first"
    );
    assert_eq!(
        order.last().map(String::as_str),
        Some("2026-0160"),
        "ready last"
    );
}

#[test]
fn console_check_catches_a_broken_page() {
    let Some(browser) = chromium() else { return };
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("temp dir: {e}"));
    let page = dir.path().join("broken.html");
    let broken = "<!DOCTYPE html><title>x</title><script>undefinedFunction();</script>";
    std::fs::write(&page, broken).unwrap_or_else(|e| panic!("{e}"));
    let (_, log) = run_chromium(&browser, &url(&page, ""), &["--dump-dom"]);
    let messages = console_messages(&log);
    assert!(messages.iter().any(|m| m.contains("Uncaught")), "{log}");
}

#[test]
fn screenshot_can_be_taken() {
    let Some(browser) = chromium() else { return };
    let (dir, page) = write_page(true);
    let shot = dir.path().join("report.png");
    let arg = format!("--screenshot={}", shot.display());
    let (_, log) = run_chromium(
        &browser,
        &url(&page, "#sort=status&open=1"),
        &[&arg, "--window-size=1280,900"],
    );
    assert_eq!(
        console_messages(&log),
        Vec::<&str>::new(),
        "console messages"
    );
    let png = std::fs::read(&shot).unwrap_or_else(|e| panic!("no screenshot ({e}):\n{log}"));
    assert!(png.starts_with(b"\x89PNG\r\n\x1a\n"), "not a PNG");
    if let Some(keep) = std::env::var_os("DOSSIER_SCREENSHOT") {
        let keep = PathBuf::from(keep);
        std::fs::write(&keep, &png).unwrap_or_else(|e| panic!("{}: {e}", keep.display()));
        let html = std::fs::read(&page).unwrap_or_default();
        std::fs::write(keep.with_extension("html"), html)
            .unwrap_or_else(|e| panic!("{}: {e}", keep.display()));
    }
}
