//! The incremental cache: what inspecting each copy found, keyed by the file's identity (path,
//! size, modification and change times, inode) and by what was searched on its pages, so an
//! unchanged rerun reads no copy again.
//!
//! The cache lives outside the input tree (the user's cache folder by default). It is one file,
//! written atomically (temporary file + rename), so concurrent runs never corrupt it. A run
//! saves under a lock file and first takes in what another run saved since it opened the
//! cache, so two runs at once lose neither's work. A damaged file is discarded with a warning
//! and never trusted; a file from another tool version or other form data is discarded
//! silently. Digital media and unprintable files are not cached: sniffing them is cheaper than
//! the bookkeeping.

use std::collections::HashMap;
use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::scan::{CopyFacts, FileKind, Identifier, PageFacts, Problem, ProblemKind, TextLayer};

const FORMAT: u32 = 1;
const FILE_NAME: &str = "inspections-v1.json";
/// Held (an advisory lock) while a run merges and writes the cache file.
const LOCK_NAME: &str = "inspections.lock";
/// Entries kept at most; the oldest unused ones go first.
const MAX_ENTRIES: usize = 500_000;

/// The user's cache folder for dossier: `$XDG_CACHE_HOME/dossier` or `~/.cache/dossier`.
pub fn default_dir() -> Option<PathBuf> {
    if let Some(x) = std::env::var_os("XDG_CACHE_HOME").filter(|x| !x.is_empty()) {
        return Some(PathBuf::from(x).join("dossier"));
    }
    std::env::var_os("HOME")
        .filter(|h| !h.is_empty())
        .map(|h| PathBuf::from(h).join(".cache").join("dossier"))
}

#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
struct Key {
    path: String,
    size: u64,
    mtime_ns: i128,
    ctime_ns: i128,
    inode: u64,
    dev: u64,
    id: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
struct Page {
    n: u32,
    w: f64,
    h: f64,
    dpi: Option<f64>,
    blank: bool,
    text: u8,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
struct Entry {
    key: Key,
    bytes: u64,
    sha256: Option<String>,
    kind: String,
    problem: Option<(String, String)>,
    pages: Vec<Page>,
    #[serde(default)]
    run: u64,
}

#[derive(Debug, Serialize, Deserialize)]
struct Header {
    format: u32,
    tool: String,
    forms: String,
    run: u64,
    checksum: String,
}

/// An open cache for one run.
pub struct Cache {
    file: PathBuf,
    context: String,
    run: u64,
    entries: Mutex<HashMap<Key, Entry>>,
    hits: std::sync::atomic::AtomicU64,
    /// Something new was learnt, or the file on disk was unusable: it must be written.
    dirty: std::sync::atomic::AtomicBool,
    /// The cache file as this run read it (size, modification time), to notice another run's
    /// save.
    read: Option<(u64, std::time::SystemTime)>,
}

/// The file's size and modification time, when it exists.
fn file_stamp(file: &Path) -> Option<(u64, std::time::SystemTime)> {
    let m = std::fs::metadata(file).ok()?;
    Some((m.len(), m.modified().ok()?))
}

/// What a cache file holds: its run counter, and its entries when they were made by this tool
/// version with this form data (`None`: another context, start afresh).
struct Contents {
    run: u64,
    entries: Option<Vec<Entry>>,
}

/// Reads a cache file's text; an error says why it cannot be trusted.
fn parse(text: &[u8], context: &str) -> Result<Contents, String> {
    let nl = text
        .iter()
        .position(|&b| b == b'\n')
        .ok_or("no header line")?;
    let header: Header =
        serde_json::from_slice(&text[..nl]).map_err(|_| "unreadable header".to_string())?;
    if header.format != FORMAT {
        // Another format: start afresh, silently.
        return Ok(Contents {
            run: 0,
            entries: None,
        });
    }
    let body = &text[nl + 1..];
    if crate::hex(&Sha256::digest(body)) != header.checksum {
        return Err("checksum mismatch".into());
    }
    if format!("{}:{}", header.tool, header.forms) != context {
        // Another tool version or other form data: recompute everything.
        return Ok(Contents {
            run: header.run,
            entries: None,
        });
    }
    let entries: Vec<Entry> =
        serde_json::from_slice(body).map_err(|_| "unreadable entries".to_string())?;
    Ok(Contents {
        run: header.run,
        entries: Some(entries),
    })
}

/// Takes the lock file beside the cache, waiting up to half a minute for another run's save.
/// `None` when the folder allows no lock (some network shares): the write is still atomic.
fn lock(dir: &Path) -> Option<std::fs::File> {
    let f = std::fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(dir.join(LOCK_NAME))
        .ok()?;
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
    loop {
        match f.try_lock() {
            Ok(()) => return Some(f),
            Err(std::fs::TryLockError::WouldBlock) if std::time::Instant::now() < deadline => {
                std::thread::sleep(std::time::Duration::from_millis(20));
            }
            Err(_) => return None,
        }
    }
}

fn unhex(s: &str) -> Option<[u8; 32]> {
    if s.len() != 64 {
        return None;
    }
    let mut out = [0u8; 32];
    for (i, o) in out.iter_mut().enumerate() {
        *o = u8::from_str_radix(s.get(i * 2..i * 2 + 2)?, 16).ok()?;
    }
    Some(out)
}

fn id_key(id: &Identifier) -> String {
    match id {
        Identifier::VNumber(v) => format!("v:{v}"),
        Identifier::VOrClientNumber {
            v_number,
            client_number,
        } => format!("vc:{v_number}:{client_number}"),
        Identifier::ClientNumber(c) => format!("c:{c}"),
        // The key is hashed so that no name is stored in the cache.
        Identifier::NameAndBirth { name, born } => {
            format!(
                "n:{}",
                crate::hex(&Sha256::digest(format!("{name}\u{0}{born}")))
            )
        }
        Identifier::Nothing => "-".into(),
    }
}

fn key_for(path: &Path, id: &Identifier) -> Option<Key> {
    let m = std::fs::metadata(path).ok()?;
    if !m.is_file() {
        return None;
    }
    let canon = path.canonicalize().ok()?;
    Some(Key {
        path: canon.to_string_lossy().into_owned(),
        size: m.len(),
        mtime_ns: i128::from(m.mtime()) * 1_000_000_000 + i128::from(m.mtime_nsec()),
        ctime_ns: i128::from(m.ctime()) * 1_000_000_000 + i128::from(m.ctime_nsec()),
        inode: m.ino(),
        dev: m.dev(),
        id: id_key(id),
    })
}

fn kind_name(k: &FileKind) -> Option<&'static str> {
    Some(match k {
        FileKind::Pdf => "pdf",
        FileKind::Jpeg => "jpeg",
        FileKind::Png => "png",
        FileKind::Tiff => "tiff",
        FileKind::Unknown => "unknown",
        FileKind::Media(_) | FileKind::Unprintable(_) => return None,
    })
}

fn kind_from(s: &str) -> Option<FileKind> {
    Some(match s {
        "pdf" => FileKind::Pdf,
        "jpeg" => FileKind::Jpeg,
        "png" => FileKind::Png,
        "tiff" => FileKind::Tiff,
        "unknown" => FileKind::Unknown,
        _ => return None,
    })
}

const PROBLEMS: &[(ProblemKind, &str)] = &[
    (ProblemKind::Corrupt, "corrupt"),
    (ProblemKind::Truncated, "truncated"),
    (ProblemKind::Encrypted, "encrypted"),
    (ProblemKind::TooLarge, "too-large"),
    (ProblemKind::WrongExtension, "wrong-extension"),
    (ProblemKind::NotARegularFile, "not-a-file"),
    (ProblemKind::Unreadable, "unreadable"),
    (ProblemKind::Empty, "empty"),
];

fn to_entry(key: Key, f: &CopyFacts, run: u64) -> Option<Entry> {
    let problem = match &f.problem {
        Some(p) => {
            // Read errors may be passing (a file copied while we read it): never cache them.
            if matches!(
                p.kind,
                ProblemKind::Unreadable | ProblemKind::NotARegularFile
            ) {
                return None;
            }
            let name = PROBLEMS.iter().find(|(k, _)| *k == p.kind)?.1;
            Some((name.to_string(), p.message.clone()))
        }
        None => None,
    };
    Some(Entry {
        key,
        bytes: f.bytes,
        sha256: f.sha256.map(|h| crate::hex(&h)),
        kind: kind_name(&f.kind)?.to_string(),
        problem,
        pages: f
            .pages
            .iter()
            .map(|p| Page {
                n: p.number,
                w: p.width_mm,
                h: p.height_mm,
                dpi: p.dpi,
                blank: p.blank,
                text: match p.text {
                    TextLayer::None => 0,
                    TextLayer::Found => 1,
                    TextLayer::Missing => 2,
                },
            })
            .collect(),
        run,
    })
}

fn from_entry(e: &Entry) -> Option<CopyFacts> {
    let problem = match &e.problem {
        Some((name, message)) => Some(Problem {
            kind: PROBLEMS.iter().find(|(_, n)| n == name)?.0.clone(),
            message: message.clone(),
        }),
        None => None,
    };
    let sha256 = match &e.sha256 {
        Some(s) => Some(unhex(s)?),
        None => None,
    };
    Some(CopyFacts {
        bytes: e.bytes,
        sha256,
        kind: kind_from(&e.kind)?,
        problem,
        pages: e
            .pages
            .iter()
            .map(|p| PageFacts {
                number: p.n,
                width_mm: p.w,
                height_mm: p.h,
                dpi: p.dpi,
                blank: p.blank,
                text: match p.text {
                    1 => TextLayer::Found,
                    2 => TextLayer::Missing,
                    _ => TextLayer::None,
                },
            })
            .collect(),
    })
}

/// What opening the cache said, for the user.
pub enum Opened {
    /// Usable (possibly empty).
    Ok(Cache),
    /// The file was damaged and is ignored; the message says why.
    Damaged(Cache, String),
}

impl Cache {
    /// Opens the cache in `dir` for this tool version and form data (`forms` = fingerprint).
    pub fn open(dir: &Path, forms: &[u8; 32]) -> Opened {
        // The tool part carries the inspection version: "0.1.0+2".
        let context = format!(
            "{}+{}:{}",
            env!("CARGO_PKG_VERSION"),
            crate::scan::INSPECTION_VERSION,
            crate::hex(forms)
        );
        let file = dir.join(FILE_NAME);
        let read = file_stamp(&file);
        let mut cache = Cache {
            file: file.clone(),
            context,
            run: 1,
            entries: Mutex::new(HashMap::new()),
            hits: 0.into(),
            dirty: true.into(),
            read,
        };
        let Ok(text) = std::fs::read(&file) else {
            return Opened::Ok(cache);
        };
        match parse(&text, &cache.context) {
            Ok(contents) => {
                cache.run = contents.run + 1;
                if let Some(entries) = contents.entries {
                    let map = entries.into_iter().map(|e| (e.key.clone(), e)).collect();
                    cache.entries = Mutex::new(map);
                    cache.dirty = false.into();
                }
                Opened::Ok(cache)
            }
            Err(why) => Opened::Damaged(
                cache,
                format!(
                    "the cache file {} is damaged ({why}); it is ignored and will be rebuilt",
                    file.display()
                ),
            ),
        }
    }

    /// The cached facts of `path` when it has not changed since, else inspects it and
    /// remembers the result.
    pub fn inspect(
        &self,
        path: &Path,
        id: &Identifier,
        inspect: impl FnOnce() -> CopyFacts,
    ) -> CopyFacts {
        let Some(key) = key_for(path, id) else {
            return inspect();
        };
        if let Ok(mut map) = self.entries.lock()
            && let Some(e) = map.get_mut(&key)
            && let Some(f) = from_entry(e)
        {
            e.run = self.run;
            self.hits.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            return f;
        }
        let facts = inspect();
        // Only remember it when the file did not change while it was read.
        if key_for(path, id).as_ref() == Some(&key)
            && let Some(e) = to_entry(key.clone(), &facts, self.run)
            && let Ok(mut map) = self.entries.lock()
        {
            map.insert(key, e);
            self.dirty.store(true, std::sync::atomic::Ordering::Relaxed);
        }
        facts
    }

    /// How many files were answered from the cache.
    pub fn hits(&self) -> u64 {
        self.hits.load(std::sync::atomic::Ordering::Relaxed)
    }

    /// Writes the cache atomically, when this run learnt anything new (an unchanged rerun
    /// writes nothing). Under the lock file, what another run saved since this one opened the
    /// cache is taken in first, so that neither run's work is lost.
    pub fn save(&self) -> std::io::Result<()> {
        if !self.dirty.load(std::sync::atomic::Ordering::Relaxed) {
            return Ok(());
        }
        let dir = self.file.parent().unwrap_or(Path::new("."));
        std::fs::create_dir_all(dir)?;
        let _lock = lock(dir);
        let mut map = self
            .entries
            .lock()
            .map_err(|_| std::io::Error::other("cache lock poisoned"))?;
        let mut run = self.run;
        if file_stamp(&self.file) != self.read
            && let Ok(text) = std::fs::read(&self.file)
            && let Ok(theirs) = parse(&text, &self.context)
        {
            run = run.max(theirs.run + 1);
            for e in theirs.entries.into_iter().flatten() {
                map.entry(e.key.clone()).or_insert(e);
            }
        }
        let mut entries: Vec<&Entry> = map.values().collect();
        // Newest runs first, then by path: deterministic and bounded.
        entries.sort_by(|a, b| b.run.cmp(&a.run).then_with(|| a.key.path.cmp(&b.key.path)));
        entries.truncate(MAX_ENTRIES);
        let body = serde_json::to_vec(&entries).map_err(std::io::Error::other)?;
        let (tool, forms) = self.context.split_once(':').unwrap_or((&self.context, ""));
        let header = Header {
            format: FORMAT,
            tool: tool.to_string(),
            forms: forms.to_string(),
            run,
            checksum: crate::hex(&Sha256::digest(&body)),
        };
        crate::render::write_atomic_with(&self.file, |w| {
            serde_json::to_writer(&mut *w, &header)?;
            w.write_all(b"\n")?;
            w.write_all(&body)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn facts(bytes: u64) -> CopyFacts {
        CopyFacts {
            bytes,
            sha256: Some([7; 32]),
            kind: FileKind::Pdf,
            problem: None,
            pages: vec![PageFacts {
                number: 1,
                width_mm: 210.0,
                height_mm: 297.0,
                dpi: Some(300.0),
                blank: false,
                text: TextLayer::Found,
            }],
        }
    }

    fn open(dir: &Path) -> Cache {
        match Cache::open(dir, &[1; 32]) {
            Opened::Ok(c) => c,
            Opened::Damaged(_, why) => panic!("{why}"),
        }
    }

    #[test]
    fn two_runs_at_once_keep_both_runs_entries() {
        let t = tempfile::tempdir().unwrap();
        let cache_dir = t.path().join("cache");
        let (a, b) = (t.path().join("a.pdf"), t.path().join("b.pdf"));
        std::fs::write(&a, b"aaa").unwrap();
        std::fs::write(&b, b"bbbb").unwrap();
        let id = Identifier::VNumber("1234567890".into());
        // Both runs open the cache before either saves; each learns about one file.
        let (first, second) = (open(&cache_dir), open(&cache_dir));
        first.inspect(&a, &id, || facts(3));
        second.inspect(&b, &id, || facts(4));
        first.save().unwrap();
        second.save().unwrap();
        // A third run finds both files in the cache and reads neither.
        let third = open(&cache_dir);
        let never = || -> CopyFacts { panic!("a cached file was read again") };
        assert_eq!(third.inspect(&a, &id, never).bytes, 3);
        assert_eq!(third.inspect(&b, &id, never).bytes, 4);
        assert_eq!(third.hits(), 2);
        assert!(third.run > second.run, "run counter went back");
    }

    #[test]
    fn a_damaged_file_written_meanwhile_is_not_taken_in() {
        let t = tempfile::tempdir().unwrap();
        let cache_dir = t.path().join("cache");
        let a = t.path().join("a.pdf");
        std::fs::write(&a, b"aaa").unwrap();
        let id = Identifier::VNumber("1234567890".into());
        let run = open(&cache_dir);
        run.inspect(&a, &id, || facts(3));
        std::fs::create_dir_all(&cache_dir).unwrap();
        std::fs::write(cache_dir.join(FILE_NAME), b"{\"format\":1}\n[garbage").unwrap();
        run.save().unwrap();
        let next = open(&cache_dir);
        let never = || -> CopyFacts { panic!("a cached file was read again") };
        assert_eq!(next.inspect(&a, &id, never).bytes, 3);
    }
}
