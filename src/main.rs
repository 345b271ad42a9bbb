//! The `dossier` command line: parse arguments, run the command, turn the outcome into the exit
//! status of SPEC section 2 (0, 1, or 2 when the tool could not do its job).

use std::io::Write;
use std::process::ExitCode;

use clap::Parser;

/// jemalloc instead of glibc's allocator: a run frees large buffers (each copy read, each
/// packet's pieces) among many small objects it keeps (every case's findings and data), and
/// glibc's per-thread arenas kept the holes. `prepare` on 3,000 cases peaked at 267 MB resident
/// with a live heap under 100 MB; with jemalloc, 149 MB.
#[global_allocator]
static ALLOCATOR: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

fn main() -> ExitCode {
    let cli = dossier::cli::Cli::parse();
    // A run over cases always ends with a line that says how it ended (SPEC section 2), also
    // when it stops before its summary.
    let checks_cases = matches!(
        cli.command,
        dossier::cli::Command::Check(_) | dossier::cli::Command::Prepare(_)
    );
    // A panic inside one file's inspection or one case is caught there and becomes a finding;
    // the default hook would still print its message in the middle of the report output.
    std::panic::set_hook(Box::new(|_| {}));
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    // Not locked for the whole run: the progress bar draws on stderr from the worker threads,
    // and a lock held here would make them wait for the run to end, which waits for them.
    let mut err = std::io::stderr();
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        dossier::app::run(cli, &mut out, &mut err)
    }));
    let Ok(result) = result else {
        let _ = writeln!(
            std::io::stderr(),
            "dossier: internal error: the run stopped unexpectedly; nothing it was writing was \
             left half-written. Please report this (without any case files)"
        );
        return ExitCode::from(2);
    };
    match result {
        Ok(status) => ExitCode::from(status as u8),
        Err(e) => {
            if is_broken_pipe(&e) {
                return ExitCode::SUCCESS;
            }
            let mut msg = format!("dossier: error: {e}");
            for cause in e.chain().skip(1) {
                // An error that already says its cause (thiserror's "{source}") is not
                // followed by the same words again.
                let cause = cause.to_string();
                if !msg.contains(&cause) {
                    msg.push_str(&format!("\n  because: {cause}"));
                }
            }
            let _ = writeln!(err, "{msg}");
            if checks_cases {
                let _ = writeln!(
                    err,
                    "dossier: the run stopped before its end: reports and outputs it did not \
                     write (report, HTML page, summary, packets) are from an earlier run, if \
                     any (exit status 2)"
                );
            }
            ExitCode::from(2)
        }
    }
}

fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|c| {
        c.downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    })
}
