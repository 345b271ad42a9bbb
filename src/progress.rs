//! The progress bar on stderr (indicatif): shown only when stderr is a terminal and the user did
//! not ask for `--quiet`; the caller decides. Safe to tick from every worker thread.

use std::sync::atomic::{AtomicU64, Ordering::Relaxed};

/// Cases done out of all, with the files and bytes behind them, the rate and the time left; the
/// bar itself takes the rest of the line, so that it fits any terminal.
pub struct Progress {
    bar: indicatif::ProgressBar,
    files: AtomicU64,
    bytes: AtomicU64,
}

impl Progress {
    /// A bar over `cases` cases; `doing` names the work, e.g. "checking".
    pub fn new(cases: u64, doing: &str) -> Progress {
        let bar = indicatif::ProgressBar::new(cases);
        if let Ok(style) = indicatif::ProgressStyle::with_template(
            "{prefix} {pos}/{len} cases, {msg}, {eta} left {wide_bar}",
        ) {
            bar.set_style(style);
        }
        bar.set_prefix(doing.to_owned());
        bar.set_message("0 files, 0 B");
        Progress {
            bar,
            files: 0.into(),
            bytes: 0.into(),
        }
    }

    /// One more case done, which took `files` files of `bytes` bytes.
    pub fn tick(&self, files: u64, bytes: u64) {
        let f = self.files.fetch_add(files, Relaxed) + files;
        let b = self.bytes.fetch_add(bytes, Relaxed) + bytes;
        let secs = self.bar.elapsed().as_secs_f64().max(0.001);
        self.bar.set_message(format!(
            "{f} files, {} at {}/s",
            indicatif::HumanBytes(b),
            indicatif::HumanBytes((b as f64 / secs) as u64)
        ));
        self.bar.inc(1);
    }

    /// Removes the bar, leaving the terminal as it was for the lines that follow.
    pub fn finish(&self) {
        self.bar.finish_and_clear();
    }
}
