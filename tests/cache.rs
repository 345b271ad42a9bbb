//! The incremental cache as a nightly run meets it: an unchanged rerun gives the same report
//! from the cache, a changed copy is read again, a damaged cache file is discarded with a
//! warning, and a case folder that vanishes between runs is simply gone from the report.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

mod common;
use common::copy_tree;

fn dossier(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_dossier"))
        .args(args)
        .output()
        .expect("run dossier")
}

fn check(root: &Path, cache: &Path) -> (String, String) {
    let o = dossier(&[
        "check",
        root.to_str().unwrap(),
        "--cache",
        cache.to_str().unwrap(),
        "--report",
        "-",
    ]);
    assert!(matches!(o.status.code(), Some(0 | 1)), "{:?}", o);
    (
        String::from_utf8_lossy(&o.stdout).into_owned(),
        String::from_utf8_lossy(&o.stderr).into_owned(),
    )
}

fn setup() -> (tempfile::TempDir, PathBuf, PathBuf) {
    let t = tempfile::tempdir().unwrap();
    let root = t.path().join("cases");
    copy_tree(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/example"),
        &root,
    );
    let cache = t.path().join("cache");
    (t, root, cache)
}

#[test]
fn unchanged_rerun_gives_the_same_report_from_the_cache() {
    let (_t, root, cache) = setup();
    let (first, _) = check(&root, &cache);
    assert!(
        std::fs::read_dir(&cache).unwrap().count() > 0,
        "no cache written"
    );
    let (second, _) = check(&root, &cache);
    assert_eq!(first, second);
    let uncached = dossier(&[
        "check",
        root.to_str().unwrap(),
        "--no-cache",
        "--report",
        "-",
    ]);
    assert_eq!(first, String::from_utf8_lossy(&uncached.stdout));
}

#[test]
fn a_changed_copy_is_read_again() {
    let (_t, root, cache) = setup();
    let (first, _) = check(&root, &cache);
    assert!(first.contains("2026-0143,7018,error,F002,copies/loonstroken.pdf,2"));
    // Replace the US-Letter payslips with the other case's A4 copy: F002 must go.
    let a4 = root.join("2026-0142/copies");
    let some_a4 = std::fs::read_dir(&a4)
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.extension().is_some_and(|x| x == "pdf"))
        .unwrap();
    std::fs::copy(&some_a4, root.join("2026-0143/copies/loonstroken.pdf")).unwrap();
    let (second, _) = check(&root, &cache);
    assert!(!second.contains("F002,copies/loonstroken.pdf"), "{second}");
}

#[test]
fn a_damaged_cache_is_discarded_with_a_warning() {
    let (_t, root, cache) = setup();
    let (first, _) = check(&root, &cache);
    for e in std::fs::read_dir(&cache).unwrap() {
        let p = e.unwrap().path();
        // The cache file itself, not the (empty) lock file beside it.
        if p.extension().is_none_or(|x| x != "json") {
            continue;
        }
        let mut bytes = std::fs::read(&p).unwrap();
        let n = bytes.len();
        bytes[n / 2] ^= 0x55;
        bytes.truncate(n - 10);
        std::fs::write(&p, bytes).unwrap();
    }
    let (second, stderr) = check(&root, &cache);
    assert!(stderr.contains("damaged"), "{stderr}");
    assert_eq!(first, second);
    // The next run trusts the rebuilt cache again, silently.
    let (_, stderr) = check(&root, &cache);
    assert!(!stderr.contains("damaged"), "{stderr}");
}

#[test]
fn a_vanished_case_is_gone_and_the_others_are_unchanged() {
    let (_t, root, cache) = setup();
    let (first, _) = check(&root, &cache);
    std::fs::remove_dir_all(root.join("2026-0144")).unwrap();
    let (second, stderr) = check(&root, &cache);
    assert!(!second.contains("2026-0144"));
    assert!(stderr.contains("2 cases checked"), "{stderr}");
    let kept: Vec<&str> = first
        .lines()
        .filter(|l| !l.starts_with("2026-0144"))
        .collect();
    assert_eq!(kept, second.lines().collect::<Vec<_>>());
}
