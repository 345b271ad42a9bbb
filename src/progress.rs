//! The progress bar on stderr (indicatif): shown only when stderr is a terminal and the user did
//! not ask for `--quiet`; the caller decides. Safe to tick from every worker thread.

use std::sync::atomic::{AtomicU64, Ordering::Relaxed};

use indicatif::ProgressDrawTarget;

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
        // Set up while hidden, so that nothing half-configured is ever drawn.
        let bar =
            indicatif::ProgressBar::with_draw_target(Some(cases), ProgressDrawTarget::hidden());
        if let Ok(style) = indicatif::ProgressStyle::with_template(
            "{prefix} {pos}/{len} cases, {msg}, {eta} left {wide_bar}",
        ) {
            bar.set_style(style);
        }
        bar.set_prefix(doing.to_owned());
        bar.set_message("0 files, 0 B");
        bar.set_draw_target(ProgressDrawTarget::stderr());
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

/// A spinner for work whose size is not known yet (finding the case folders on a big share).
pub struct Spinner(indicatif::ProgressBar);

impl Spinner {
    /// Starts spinning with `what`, redrawn ten times a second from its own thread.
    pub fn new(what: &str) -> Spinner {
        let bar = indicatif::ProgressBar::with_draw_target(None, ProgressDrawTarget::hidden());
        bar.set_style(indicatif::ProgressStyle::default_spinner());
        bar.set_message(what.to_owned());
        bar.set_draw_target(ProgressDrawTarget::stderr());
        bar.enable_steady_tick(std::time::Duration::from_millis(100));
        Spinner(bar)
    }
}

impl Drop for Spinner {
    fn drop(&mut self) {
        self.0.finish_and_clear();
    }
}
