//! Finds the case folders under the roots given on the command line.
//!
//! A case is any folder holding a `case.toml`. The walk goes to any depth, skips hidden folders,
//! folders named `out` and the tool's own output folders, and never follows a symlink (so it can
//! neither leave a root nor loop). Every other file is attributed to its nearest enclosing case,
//! so the files of a nested case never count for the outer one. This module only lists; it
//! opens no file.

use std::path::{Path, PathBuf};

use walkdir::WalkDir;

/// One case folder found under a root.
#[derive(Debug, Clone)]
pub struct FoundCase {
    /// The case folder.
    pub dir: PathBuf,
    /// The nearest enclosing case folder, when this case is nested in another (C009).
    pub outer: Option<PathBuf>,
    /// Every file below the case folder (not in a nested case, hidden or skipped folder),
    /// relative to the case folder with `/` separators, sorted. Symlinks are listed but never
    /// followed.
    pub files: Vec<String>,
    /// Folders inside the case that could not be read, relative to the case folder, with the
    /// reason.
    pub unreadable: Vec<(String, String)>,
}

/// Everything the walk found.
#[derive(Debug, Default)]
pub struct Discovery {
    /// Cases in walk order (sorted by path).
    pub cases: Vec<FoundCase>,
    /// Folders outside any case that could not be read: the run is then partial.
    pub unreadable: Vec<(PathBuf, String)>,
}

/// Why discovery could not start.
#[derive(Debug, thiserror::Error)]
pub enum DiscoverError {
    /// A root does not exist or cannot be read.
    #[error("cannot read the folder {path}: {reason}")]
    Root {
        /// The root as given.
        path: PathBuf,
        /// What went wrong.
        reason: String,
    },
    /// A root is a file, not a folder.
    #[error("{path} is a file, not a folder: give the folder that holds the case folders")]
    NotAFolder {
        /// The root as given.
        path: PathBuf,
    },
}

fn is_hidden(name: &str) -> bool {
    name.starts_with('.')
}

/// Walks every root. `skip` lists folders to leave out (the tool's own outputs), canonical.
pub fn discover(roots: &[PathBuf], skip: &[PathBuf]) -> Result<Discovery, DiscoverError> {
    let mut out = Discovery::default();
    for root in roots {
        let meta = std::fs::metadata(root).map_err(|e| DiscoverError::Root {
            path: root.clone(),
            reason: e.to_string(),
        })?;
        if !meta.is_dir() {
            return Err(DiscoverError::NotAFolder { path: root.clone() });
        }
        std::fs::read_dir(root).map_err(|e| DiscoverError::Root {
            path: root.clone(),
            reason: e.to_string(),
        })?;
        walk_root(root, skip, &mut out);
    }
    if roots.len() > 1 {
        // Overlapping roots (a root and a folder in it, the same root twice, or through a
        // link) would check a case twice, and X001 would then match it against itself.
        let mut seen = std::collections::HashSet::new();
        out.cases
            .retain(|c| seen.insert(c.dir.canonicalize().unwrap_or_else(|_| c.dir.clone())));
        let mut seen = std::collections::HashSet::new();
        out.unreadable.retain(|(p, _)| seen.insert(p.clone()));
    }
    Ok(out)
}

/// The nearest folder above `root` that holds a `case.toml`: a root given inside a case folder
/// holds cases nested in that one (C009), whichever root was typed.
fn enclosing_case(root: &Path) -> Option<PathBuf> {
    let abs = root.canonicalize().ok()?;
    abs.ancestors()
        .skip(1)
        .find(|a| std::fs::symlink_metadata(a.join("case.toml")).is_ok())
        .map(Path::to_path_buf)
}

fn walk_root(root: &Path, skip: &[PathBuf], out: &mut Discovery) {
    // Stack of (depth, index into out.cases) for the cases enclosing the current entry.
    let mut stack: Vec<(usize, usize)> = Vec::new();
    let around = enclosing_case(root);
    let walker = WalkDir::new(root)
        .follow_links(false)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| {
            if e.depth() == 0 || !e.file_type().is_dir() {
                return true;
            }
            let name = e.file_name().to_string_lossy();
            if is_hidden(&name) || name == "out" {
                return false;
            }
            if !skip.is_empty()
                && let Ok(c) = e.path().canonicalize()
                && skip.iter().any(|s| &c == s)
            {
                return false;
            }
            true
        });
    for entry in walker {
        let entry = match entry {
            Ok(e) => e,
            Err(err) => {
                let path = err.path().map(Path::to_path_buf).unwrap_or_default();
                let reason = err
                    .io_error()
                    .map(|e| e.kind().to_string())
                    .unwrap_or_else(|| err.to_string());
                let depth = err.depth();
                while stack.last().is_some_and(|&(d, _)| d >= depth) {
                    stack.pop();
                }
                match stack.last() {
                    Some(&(_, idx)) => {
                        let case = &mut out.cases[idx];
                        let rel = crate::case::paths::display_rel(&case.dir, &path);
                        case.unreadable.push((rel, reason));
                    }
                    None => out.unreadable.push((path, reason)),
                }
                continue;
            }
        };
        let depth = entry.depth();
        while stack.last().is_some_and(|&(d, _)| d >= depth) {
            stack.pop();
        }
        let ft = entry.file_type();
        // A root given as a symbolic link to a folder is that folder.
        if ft.is_dir() || (depth == 0 && entry.path().is_dir()) {
            let marker = entry.path().join("case.toml");
            if std::fs::symlink_metadata(&marker).is_ok() {
                let outer = match stack.last() {
                    Some(&(_, idx)) => Some(out.cases[idx].dir.clone()),
                    None => around.clone(),
                };
                out.cases.push(FoundCase {
                    dir: entry.path().to_path_buf(),
                    outer,
                    files: Vec::new(),
                    unreadable: Vec::new(),
                });
                stack.push((depth, out.cases.len() - 1));
            }
            continue;
        }
        let name = entry.file_name().to_string_lossy();
        if is_hidden(&name) {
            continue;
        }
        if let Some(&(_, idx)) = stack.last() {
            let case = &mut out.cases[idx];
            let rel = crate::case::paths::display_rel(&case.dir, entry.path());
            case.files.push(rel);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs;

    #[test]
    fn finds_nested_cases_and_attributes_files() {
        let t = tempfile::tempdir().unwrap();
        let r = t.path();
        fs::create_dir_all(r.join("a/copies")).unwrap();
        fs::write(r.join("a/case.toml"), "").unwrap();
        fs::write(r.join("a/copies/p.pdf"), "").unwrap();
        fs::create_dir_all(r.join("a/inner/copies")).unwrap();
        fs::write(r.join("a/inner/case.toml"), "").unwrap();
        fs::write(r.join("a/inner/copies/q.pdf"), "").unwrap();
        fs::create_dir_all(r.join("a/.git")).unwrap();
        fs::write(r.join("a/.git/x"), "").unwrap();
        fs::create_dir_all(r.join("out/z")).unwrap();
        fs::write(r.join("out/z/case.toml"), "").unwrap();
        fs::create_dir_all(r.join("b")).unwrap();
        fs::write(r.join("b/case.toml"), "").unwrap();
        std::os::unix::fs::symlink(r, r.join("b/loop")).unwrap();
        let d = discover(&[r.to_path_buf()], &[]).unwrap();
        let dirs: Vec<_> = d
            .cases
            .iter()
            .map(|c| {
                c.dir
                    .strip_prefix(r)
                    .unwrap()
                    .to_string_lossy()
                    .into_owned()
            })
            .collect();
        assert_eq!(dirs, ["a", "a/inner", "b"]);
        assert_eq!(d.cases[0].files, ["case.toml", "copies/p.pdf"]);
        assert_eq!(d.cases[1].files, ["case.toml", "copies/q.pdf"]);
        assert_eq!(d.cases[1].outer.as_deref(), Some(r.join("a").as_path()));
        assert_eq!(d.cases[2].files, ["case.toml", "loop"]);
    }

    #[test]
    fn overlapping_roots_find_each_case_once() {
        let t = tempfile::tempdir().unwrap();
        let r = t.path();
        fs::create_dir_all(r.join("cases/a")).unwrap();
        fs::write(r.join("cases/a/case.toml"), "").unwrap();
        fs::create_dir_all(r.join("cases/b")).unwrap();
        fs::write(r.join("cases/b/case.toml"), "").unwrap();
        std::os::unix::fs::symlink(r.join("cases"), r.join("link")).unwrap();
        let roots = [
            r.join("cases"),
            r.join("cases/a"),
            r.join("cases/"),
            r.join("link"),
        ];
        let d = discover(&roots, &[]).unwrap();
        let dirs: Vec<_> = d.cases.iter().map(|c| c.dir.clone()).collect();
        assert_eq!(dirs, [r.join("cases/a"), r.join("cases/b")]);
    }

    #[test]
    fn a_case_given_as_a_root_inside_another_case_is_nested() {
        let t = tempfile::tempdir().unwrap();
        let r = t.path();
        fs::create_dir_all(r.join("outer/inner/deeper")).unwrap();
        fs::write(r.join("outer/case.toml"), "").unwrap();
        fs::write(r.join("outer/inner/case.toml"), "").unwrap();
        fs::write(r.join("outer/inner/deeper/case.toml"), "").unwrap();
        let d = discover(&[r.join("outer/inner")], &[]).unwrap();
        let outer = r.join("outer").canonicalize().unwrap();
        assert_eq!(d.cases[0].outer.as_deref(), Some(outer.as_path()));
        assert_eq!(
            d.cases[1].outer.as_deref(),
            Some(r.join("outer/inner").as_path())
        );
        // A root that is a case folder on its own is not nested.
        let d = discover(&[r.join("outer")], &[]).unwrap();
        assert_eq!(d.cases[0].outer, None);
    }

    #[test]
    fn a_root_that_is_a_link_to_a_case_folder_is_that_case() {
        let t = tempfile::tempdir().unwrap();
        let r = t.path();
        fs::create_dir_all(r.join("case/copies")).unwrap();
        fs::write(r.join("case/case.toml"), "").unwrap();
        fs::write(r.join("case/copies/p.pdf"), "").unwrap();
        std::os::unix::fs::symlink(r.join("case"), r.join("link")).unwrap();
        let d = discover(&[r.join("link")], &[]).unwrap();
        assert_eq!(d.cases.len(), 1);
        assert_eq!(d.cases[0].files, ["case.toml", "copies/p.pdf"]);
    }

    #[test]
    fn missing_root_is_an_error() {
        let t = tempfile::tempdir().unwrap();
        assert!(discover(&[t.path().join("nope")], &[]).is_err());
    }
}
