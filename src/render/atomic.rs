//! Atomic file writing: a crash or a full disk never leaves a half-written output behind, and a
//! reader (or a nightly diff) sees either the old file or the new one.
//!
//! It does not create missing folders; the caller decides where outputs go.

use std::io::Write;
use std::path::{Path, PathBuf};

/// Writes `bytes` to a temporary file in the same folder, then renames it over `path` (fsync
/// first). On error the temporary file is removed and `path` is unchanged.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    write_atomic_with(path, |w| w.write_all(bytes))
}

/// As [`write_atomic`], with the content written by `write` straight into the temporary file.
pub fn write_atomic_with(
    path: &Path,
    write: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> std::io::Result<()> {
    let staged = stage_with(path, write)?;
    let path = staged.path.clone();
    staged.commit()?;
    sync_folder(&path);
    Ok(())
}

/// A file written in full under a temporary name beside its final path, not yet durable and not
/// yet visible under its name: [`Staged::commit`] makes it both. Dropped without a commit, the
/// temporary file is removed. Staging and committing apart lets a caller write on one thread
/// and wait for the disk on another.
pub struct Staged {
    tmp: tempfile::NamedTempFile,
    path: PathBuf,
}

/// Writes `bytes` to a temporary file in `path`'s folder (named `.<name>.<random>.tmp`, so
/// that a run killed before the commit leaves only a hidden file behind, never a partial one
/// under the real name).
pub fn stage(path: &Path, bytes: &[u8]) -> std::io::Result<Staged> {
    stage_with(path, |w| w.write_all(bytes))
}

/// As [`stage`], with the content written by `write` (buffered), so that a large output goes
/// to disk without first being built in memory. Through a symbolic link, the file it points to
/// is replaced and the link stays.
pub fn stage_with(
    path: &Path,
    write: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> std::io::Result<Staged> {
    let target = match std::fs::symlink_metadata(path) {
        Ok(m) if m.file_type().is_symlink() => path.canonicalize().ok(),
        _ => None,
    };
    let path = target.as_deref().unwrap_or(path);
    let name = path.file_name().ok_or_else(|| {
        std::io::Error::new(
            std::io::ErrorKind::InvalidInput,
            format!("{} is not a file path", path.display()),
        )
    })?;
    let mut prefix = std::ffi::OsString::from(".");
    prefix.push(name);
    prefix.push(".");
    let mut builder = tempfile::Builder::new();
    builder.prefix(&prefix).suffix(".tmp");
    // A temporary file is private (0600); the output is not: it gets the mode of the file it
    // replaces, or what the user's umask gives a new file, as if written with `>`, so that a
    // coordinator on the shared drive can open it; but always readable and writable by its
    // owner: a file someone made unreadable is written again to be read.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode =
            std::fs::metadata(path).map_or(0o666, |m| (m.permissions().mode() & 0o7777) | 0o600);
        builder.permissions(std::fs::Permissions::from_mode(mode));
    }
    let mut tmp = builder.tempfile_in(folder(path))?;
    let mut w = std::io::BufWriter::with_capacity(1 << 20, tmp.as_file_mut());
    write(&mut w)?;
    w.flush()?;
    drop(w);
    Ok(Staged {
        tmp,
        path: path.to_owned(),
    })
}

impl Staged {
    /// True when a file at the path already holds exactly the staged bytes, so committing
    /// would change nothing.
    pub fn same_as_existing(&self) -> bool {
        let (Ok(old), Ok(new)) = (std::fs::metadata(&self.path), self.tmp.as_file().metadata())
        else {
            return false;
        };
        if old.len() != new.len() || !old.is_file() || !owner_can_read(&old) {
            return false;
        }
        match (std::fs::File::open(&self.path), self.tmp.reopen()) {
            (Ok(a), Ok(b)) => same_content(a, b).unwrap_or(false),
            _ => false,
        }
    }

    /// The size of the staged file.
    pub fn size(&self) -> std::io::Result<u64> {
        Ok(self.tmp.as_file().metadata()?.len())
    }

    /// The path the file will have once committed.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Flushes the data to disk, then renames the file to its path: a reader sees the old file
    /// or the whole new one, even after a power cut. The folder entry is made durable by
    /// [`sync_folder`].
    pub fn commit(self) -> std::io::Result<()> {
        self.tmp.as_file().sync_all()?;
        self.tmp.persist(&self.path).map_err(|e| e.error)?;
        Ok(())
    }
}

/// Whether a file's owner may read and write it: one someone made unreadable is written again
/// (readable) even when its bytes are right.
pub fn owner_can_read(m: &std::fs::Metadata) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        m.permissions().mode() & 0o600 == 0o600
    }
    #[cfg(not(unix))]
    {
        !m.permissions().readonly()
    }
}

/// Makes the renames in `path`'s folder durable. Not every platform allows opening a folder, so
/// a failure here is not an error.
pub fn sync_folder(path: &Path) {
    if let Ok(d) = std::fs::File::open(folder(path)) {
        let _ = d.sync_all();
    }
}

/// Compares two readers block by block.
fn same_content(a: std::fs::File, b: std::fs::File) -> std::io::Result<bool> {
    use std::io::Read;
    let (mut a, mut b) = (std::io::BufReader::new(a), std::io::BufReader::new(b));
    let (mut x, mut y) = (vec![0u8; 1 << 16], vec![0u8; 1 << 16]);
    loop {
        let n = a.read(&mut x)?;
        if n == 0 {
            return Ok(b.read(&mut y[..1])? == 0);
        }
        b.read_exact(&mut y[..n])?;
        if x[..n] != y[..n] {
            return Ok(false);
        }
    }
}

fn folder(path: &Path) -> &Path {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(unix)]
    #[test]
    fn through_a_link_the_file_it_points_to_is_replaced_and_the_link_stays() {
        let dir = tempfile::tempdir().unwrap();
        let (real, link) = (
            dir.path().join("2026-12-01.csv"),
            dir.path().join("latest.csv"),
        );
        std::fs::write(&real, b"old").unwrap();
        std::os::unix::fs::symlink(&real, &link).unwrap();
        write_atomic(&link, b"new").unwrap();
        assert!(link.symlink_metadata().unwrap().file_type().is_symlink());
        assert_eq!(std::fs::read(&real).unwrap(), b"new");
    }

    #[cfg(unix)]
    #[test]
    fn outputs_get_the_usual_mode_not_the_temporary_files_private_one() {
        use std::os::unix::fs::PermissionsExt;
        let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o7777;
        let dir = tempfile::tempdir().unwrap();
        // What the umask gives a file written the ordinary way.
        let plain = dir.path().join("plain.txt");
        std::fs::write(&plain, b"x").unwrap();
        let report = dir.path().join("report.csv");
        write_atomic(&report, b"case,form").unwrap();
        assert_eq!(mode(&report), mode(&plain));
        // A file replaced keeps the mode it had.
        std::fs::set_permissions(&report, std::fs::Permissions::from_mode(0o640)).unwrap();
        write_atomic(&report, b"case,form,severity").unwrap();
        assert_eq!(mode(&report), 0o640);
    }

    #[test]
    fn replaces_existing_file_and_leaves_no_temporary() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("fee-summary.txt");
        std::fs::write(&path, b"old").unwrap();
        write_atomic(&path, b"new").unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"new");
        let names: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(names.len(), 1);
    }

    #[test]
    fn a_staged_file_is_invisible_until_committed_and_gone_if_dropped() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("packet.pdf");
        let staged = stage(&path, b"new").unwrap();
        assert!(!path.exists());
        staged.commit().unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"new");
        assert!(stage(&path, b"new").unwrap().same_as_existing());
        assert!(!stage(&path, b"nex").unwrap().same_as_existing());
        assert!(!stage(&path, b"newer").unwrap().same_as_existing());
        drop(stage(&path, b"newer").unwrap());
        assert_eq!(std::fs::read(&path).unwrap(), b"new");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[test]
    fn missing_folder_is_an_error_not_a_panic() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("absent").join("x.pdf");
        assert!(write_atomic(&path, b"x").is_err());
    }
}
