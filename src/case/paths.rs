//! The only way to turn a path written in `case.toml` into a real file path.
//!
//! A path must stay inside its case folder: absolute paths, `..` and symlinks that lead outside
//! are refused (C008) and never opened. This module only resolves; it reads no file contents.

use std::path::{Component, Path, PathBuf};

/// Why a case-relative path cannot be used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PathProblem {
    /// Absolute, contains `..`, a drive prefix, or a symlink leading outside the case folder.
    Escapes(&'static str),
    /// Nothing exists at that path.
    Missing,
    /// The path is empty.
    Empty,
}

/// Resolves `rel` (as written in `case.toml`) inside `case_dir`.
///
/// Symlinks are resolved and the target must lie inside the (canonical) case folder. A dangling
/// symlink counts as missing.
pub fn resolve(case_dir: &Path, rel: &str) -> Result<PathBuf, PathProblem> {
    if rel.trim().is_empty() {
        return Err(PathProblem::Empty);
    }
    let p = Path::new(rel);
    if rel.starts_with('/') || rel.starts_with('\\') || p.is_absolute() {
        return Err(PathProblem::Escapes("it is an absolute path"));
    }
    for c in p.components() {
        match c {
            Component::ParentDir => {
                return Err(PathProblem::Escapes("it goes up with `..`"));
            }
            Component::Prefix(_) | Component::RootDir => {
                return Err(PathProblem::Escapes("it is an absolute path"));
            }
            Component::CurDir | Component::Normal(_) => {}
        }
    }
    if rel.contains('\\') {
        // A Windows separator on a Unix share would name a different file; be explicit.
        return Err(PathProblem::Escapes("it uses `\\`; write paths with `/`"));
    }
    let joined = case_dir.join(p);
    // symlink_metadata: does the name exist at all (even as a dangling link)?
    if std::fs::symlink_metadata(&joined).is_err() {
        return Err(PathProblem::Missing);
    }
    let Ok(canon_dir) = case_dir.canonicalize() else {
        return Err(PathProblem::Missing);
    };
    match joined.canonicalize() {
        Ok(real) if real.starts_with(&canon_dir) => Ok(joined),
        Ok(_) => Err(PathProblem::Escapes(
            "a symlink leads outside the case folder",
        )),
        Err(_) => Err(PathProblem::Missing),
    }
}

/// A path for reports: relative to the case folder, with `/` separators.
pub fn display_rel(case_dir: &Path, path: &Path) -> String {
    let rel = path.strip_prefix(case_dir).unwrap_or(path);
    let parts: Vec<String> = rel
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    parts.join("/")
}

/// Normalises a path as written in `case.toml` for comparisons (drops `./` parts).
pub fn normalise_rel(rel: &str) -> String {
    Path::new(rel)
        .components()
        .filter_map(|c| match c {
            Component::Normal(s) => Some(s.to_string_lossy().into_owned()),
            _ => None,
        })
        .collect::<Vec<_>>()
        .join("/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_absolute_and_parent_paths() {
        let dir = tempfile::tempdir().unwrap();
        assert!(matches!(
            resolve(dir.path(), "/etc/passwd"),
            Err(PathProblem::Escapes(_))
        ));
        assert!(matches!(
            resolve(dir.path(), "copies/../../x.pdf"),
            Err(PathProblem::Escapes(_))
        ));
        assert_eq!(resolve(dir.path(), "nope.pdf"), Err(PathProblem::Missing));
        assert_eq!(resolve(dir.path(), " "), Err(PathProblem::Empty));
    }

    #[test]
    fn refuses_symlink_outside() {
        let outside = tempfile::tempdir().unwrap();
        std::fs::write(outside.path().join("secret.pdf"), b"x").unwrap();
        let dir = tempfile::tempdir().unwrap();
        std::os::unix::fs::symlink(outside.path().join("secret.pdf"), dir.path().join("a.pdf"))
            .unwrap();
        std::fs::write(dir.path().join("b.pdf"), b"x").unwrap();
        std::os::unix::fs::symlink(dir.path().join("b.pdf"), dir.path().join("c.pdf")).unwrap();
        assert!(matches!(
            resolve(dir.path(), "a.pdf"),
            Err(PathProblem::Escapes(_))
        ));
        assert!(resolve(dir.path(), "./b.pdf").is_ok());
        assert!(resolve(dir.path(), "c.pdf").is_ok());
    }

    #[test]
    fn normalises() {
        assert_eq!(normalise_rel("./copies//a.pdf"), "copies/a.pdf");
    }
}
