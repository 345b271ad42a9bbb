//! Golden fixtures: every case under `fixtures/rules/*/`, `fixtures/clean/` and
//! `fixtures/example/` states in its `case.toml` header exactly which findings it must produce;
//! this test runs the built binary over each root and compares the sets of (code, file, page)
//! per case. It also checks that every rule code of the registry is produced by some fixture.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::Command;

type Expect = BTreeSet<(String, String, Option<u32>)>;

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures")
}

/// Roots to run: each `fixtures/rules/<name>/`, plus `fixtures/clean` and `fixtures/example`.
fn roots() -> Vec<PathBuf> {
    let mut out = Vec::new();
    if let Ok(rd) = std::fs::read_dir(fixtures().join("rules")) {
        for e in rd.flatten() {
            if e.path().is_dir() {
                out.push(e.path());
            }
        }
    }
    for extra in ["clean", "example"] {
        let p = fixtures().join(extra);
        if p.is_dir() {
            out.push(p);
        }
    }
    out.sort();
    out
}

/// Parses the "Should emit" header of a case.toml.
fn expectations(text: &str) -> Option<Expect> {
    let mut set = Expect::new();
    let mut inside = false;
    let mut saw_header = false;
    for line in text.lines() {
        let Some(rest) = line.strip_prefix('#') else {
            if saw_header {
                break;
            }
            continue;
        };
        let rest = rest.trim();
        if rest.starts_with("Should emit: nothing") {
            return Some(set);
        }
        if rest.starts_with("Should emit:") {
            inside = true;
            saw_header = true;
            continue;
        }
        if rest.starts_with("Should emit nothing else") {
            return Some(set);
        }
        if inside {
            let mut parts = rest.split_whitespace();
            let (Some(code), Some(file), Some(page)) = (parts.next(), parts.next(), parts.next())
            else {
                continue;
            };
            let is_code = code.len() == 4
                && code.as_bytes()[0].is_ascii_uppercase()
                && code[1..].bytes().all(|b| b.is_ascii_digit());
            if !is_code {
                continue;
            }
            let file = if file == "-" {
                String::new()
            } else {
                file.to_string()
            };
            let page = if page == "-" { None } else { page.parse().ok() };
            set.insert((code.to_string(), file, page));
        }
    }
    if saw_header { Some(set) } else { None }
}

fn case_id(dir: &Path, text: &str) -> String {
    let from_file = text.parse::<toml::Table>().ok().and_then(|t| {
        t.get("case")?
            .get("id")?
            .as_str()
            .filter(|s| !s.trim().is_empty())
            .map(str::to_string)
    });
    from_file.unwrap_or_else(|| dir.file_name().unwrap().to_string_lossy().into_owned())
}

fn expected_cases(root: &Path) -> BTreeMap<String, Expect> {
    let mut out = BTreeMap::new();
    for e in walkdir::WalkDir::new(root).follow_links(false) {
        let e = e.unwrap();
        if e.file_name() != "case.toml" {
            continue;
        }
        let text = String::from_utf8_lossy(&std::fs::read(e.path()).unwrap()).into_owned();
        let dir = e.path().parent().unwrap();
        let exp = expectations(&text)
            .unwrap_or_else(|| panic!("{} has no `# Should emit:` header", e.path().display()));
        out.insert(case_id(dir, &text), exp);
    }
    out
}

fn run_json(root: &Path) -> (i32, BTreeMap<String, Expect>, String) {
    let o = Command::new(env!("CARGO_BIN_EXE_dossier"))
        .args(["check", "--report", "-", "--format", "json", "--jobs", "2"])
        .arg(root)
        .output()
        .unwrap();
    let mut got: BTreeMap<String, Expect> = BTreeMap::new();
    for line in String::from_utf8(o.stdout).unwrap().lines() {
        let v: serde_json::Value = serde_json::from_str(line).unwrap();
        let case = v["case"]
            .as_str()
            .unwrap()
            .trim_start_matches('\'')
            .to_string();
        let code = v["code"].as_str().unwrap().to_string();
        let file = v["file"].as_str().unwrap_or("").to_string();
        let page = v["page"].as_u64().map(|p| p as u32);
        got.entry(case).or_default().insert((code, file, page));
    }
    (
        o.status.code().unwrap_or(-1),
        got,
        String::from_utf8_lossy(&o.stderr).into_owned(),
    )
}

#[test]
fn every_fixture_emits_exactly_what_it_states() {
    let mut failures = Vec::new();
    for root in roots() {
        let expected = expected_cases(&root);
        let (code, got, stderr) = run_json(&root);
        assert!(
            code == 0 || code == 1,
            "{}: exit {code}: {stderr}",
            root.display()
        );
        for (case, exp) in &expected {
            let g = got.get(case).cloned().unwrap_or_default();
            if &g != exp {
                let missing: Vec<_> = exp.difference(&g).collect();
                let extra: Vec<_> = g.difference(exp).collect();
                failures.push(format!(
                    "{} case {case}:\n  missing {missing:?}\n  unexpected {extra:?}",
                    root.display()
                ));
            }
        }
        for case in got.keys() {
            if !expected.contains_key(case) {
                failures.push(format!(
                    "{}: findings for unknown case {case}",
                    root.display()
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn every_rule_code_has_a_fixture_that_produces_it() {
    let mut seen = BTreeSet::new();
    for root in roots() {
        let (_, got, _) = run_json(&root);
        for set in got.values() {
            for (code, _, _) in set {
                seen.insert(code.clone());
            }
        }
    }
    let missing: Vec<&str> = dossier::rules::registry::RULES
        .iter()
        .map(|r| r.code)
        .filter(|c| !seen.contains(*c))
        .collect();
    assert!(missing.is_empty(), "no fixture produces {missing:?}");
}
