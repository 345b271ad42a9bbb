//! A run killed at any moment (SIGKILL, no chance to clean up) leaves no half-written output and
//! a cache that the next run either trusts correctly or discards: every output file that exists
//! is complete, and the next run's report equals an uncached run's.

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Duration;

mod common;
use common::copy_tree;

fn complete_outputs(out: &Path) {
    if !out.exists() {
        return; // killed before it made the folder
    }
    for e in walkdir::WalkDir::new(out) {
        let e = e.unwrap();
        let name = e.file_name().to_string_lossy();
        if !e.file_type().is_file() || name.starts_with('.') {
            continue; // temporary files are hidden and never taken for outputs
        }
        let bytes = std::fs::read(e.path()).unwrap();
        if name.ends_with(".pdf") {
            let tail = &bytes[bytes.len().saturating_sub(32)..];
            assert!(
                String::from_utf8_lossy(tail).contains("%%EOF"),
                "{} is half-written",
                e.path().display()
            );
            lopdf::Document::load_mem(&bytes).unwrap();
        } else if name.ends_with(".csv") || name.ends_with(".txt") {
            assert!(
                bytes.ends_with(b"\n"),
                "{} is half-written",
                e.path().display()
            );
        }
    }
}

#[test]
fn killed_prepare_and_cache_writes_leave_nothing_half_written() {
    let t = tempfile::tempdir().unwrap();
    let root = t.path().join("cases");
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures");
    // Several copies of the example cases, so that a run lasts long enough to be interrupted.
    for i in 0..6 {
        copy_tree(&fixtures.join("example"), &root.join(format!("batch-{i}")));
    }
    let out = t.path().join("out");
    let cache = t.path().join("cache");
    let bin = env!("CARGO_BIN_EXE_dossier");
    for (i, delay_ms) in [5u64, 20, 40, 80, 120, 200, 300, 450]
        .into_iter()
        .enumerate()
    {
        let mut child = Command::new(bin)
            .args([
                "prepare",
                root.to_str().unwrap(),
                "--out",
                out.to_str().unwrap(),
            ])
            // The copies are byte-identical across batches (X001), so force the packets.
            .args(["--force", "--cache", cache.to_str().unwrap(), "--report"])
            .arg(t.path().join(format!("r{i}.csv")))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(Duration::from_millis(delay_ms));
        let _ = child.kill();
        let _ = child.wait();
        complete_outputs(&out);
    }
    // The next run trusts or discards the cache, and gives the uncached report.
    let cached = Command::new(bin)
        .args([
            "check",
            root.to_str().unwrap(),
            "--cache",
            cache.to_str().unwrap(),
        ])
        .args(["--report", "-"])
        .output()
        .unwrap();
    let uncached = Command::new(bin)
        .args([
            "check",
            root.to_str().unwrap(),
            "--no-cache",
            "--report",
            "-",
        ])
        .output()
        .unwrap();
    assert_eq!(cached.stdout, uncached.stdout);
    let done = Command::new(bin)
        .args([
            "prepare",
            root.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
        ])
        .args(["--cache", cache.to_str().unwrap(), "--report", "-"])
        .output()
        .unwrap();
    assert_eq!(done.status.code(), Some(1));
    complete_outputs(&out);
    // Every batch's case 2026-0142 has its own folder (the id is shared, so each is suffixed).
    let batches = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .filter(|n| n.starts_with("2026-0142-"))
        .count();
    assert_eq!(batches, 6);
}
