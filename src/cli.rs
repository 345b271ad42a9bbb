//! The command line, declared with clap derive. The doc comment on each field is its `--help`
//! text.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

use crate::report::Format;

/// Check IND residence-permit dossiers before they are posted, and prepare their paperwork.
#[derive(Debug, Parser)]
#[command(
    name = "dossier",
    version,
    about,
    after_help = "Examples:\n  \
        dossier check cases/                       check every case folder under cases/\n  \
        dossier check cases/ --report - --format json\n  \
        dossier prepare cases/2026-0142 --out printwerk/\n  \
        dossier new cases/2026-0150 --form 7018   start a new case\n  \
        dossier fees --case cases/2026-0142        the fee and every reduction considered\n  \
        dossier explain F002                       what a finding means and how to fix it\n\n\
        Exit status: 0 when no case has an error, 1 when at least one has (with --strict: \
        or a warning), 2 when dossier could not do its job."
)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The commands of SPEC section 2.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check every case under the given folders and write the gap report; changes nothing.
    #[command(after_help = "Examples:\n  dossier check cases/\n  \
        dossier check /mnt/share/dossiers --summary summary.csv --jobs 2\n  \
        dossier check cases/ --baseline yesterday.csv --only-new\n  \
        dossier check cases/ --format junit --report results.xml")]
    Check(CheckArgs),
    /// Check, then write per case a cover sheet, fee summary, manifest and (when the case has no
    /// error) a print-ready packet.
    #[command(
        after_help = "Examples:\n  dossier prepare cases/ --out printwerk/\n  \
        dossier prepare cases/2026-0142 --out printwerk/ --force"
    )]
    Prepare(PrepareArgs),
    /// Create a case folder with a case.toml scaffold listing the form's facts and checklist.
    #[command(after_help = "Example:\n  dossier new cases/2026-0150 --form 7018")]
    New(NewArgs),
    /// List the known forms, or one form's facts, checklist and fee schedules.
    #[command(after_help = "Examples:\n  dossier forms\n  dossier forms --form 7018")]
    Forms(FormsArgs),
    /// Print the fee schedule in force on a date, or one case's fee with every reduction.
    #[command(
        after_help = "Examples:\n  dossier fees --form 7018 --on 2026-12-01\n  \
        dossier fees --case cases/2026-0142"
    )]
    Fees(FeesArgs),
    /// Explain a finding code: what it checks, why the IND requires it, how to fix it.
    #[command(after_help = "Examples:\n  dossier explain F002\n  dossier explain --all")]
    Explain(ExplainArgs),
    /// Print a shell completion script.
    #[command(after_help = "Example:\n  dossier completions bash > /etc/bash_completion.d/dossier")]
    Completions {
        /// The shell.
        shell: clap_complete::Shell,
    },
    /// Print the manual page (roff), generated from these same definitions.
    #[command(after_help = "Example:\n  dossier man > dossier.1 && man ./dossier.1")]
    Man,
}

/// Options shared by the commands that check cases.
#[derive(Debug, Args, Clone)]
pub struct CheckArgs {
    /// Folders holding case folders (any depth), or case folders themselves.
    #[arg(required = true, value_name = "ROOT")]
    pub roots: Vec<PathBuf>,
    /// Where to write the gap report (`-` for standard output).
    #[arg(
        long,
        value_name = "PATH",
        default_value = "dossier-report.csv",
        help_heading = "Reports"
    )]
    pub report: PathBuf,
    /// Format of the gap report.
    #[arg(long, value_enum, default_value = "csv", help_heading = "Reports")]
    pub format: Format,
    /// Also write the HTML overview to this file.
    #[arg(long, value_name = "PATH", help_heading = "Reports")]
    pub html: Option<PathBuf>,
    /// Also write one CSV row per case (status, counts, fee) to this file.
    #[arg(long, value_name = "PATH", help_heading = "Reports")]
    pub summary: Option<PathBuf>,
    /// Compare with an earlier CSV gap report: count new and resolved findings.
    #[arg(long, value_name = "REPORT.csv", help_heading = "Reports")]
    pub baseline: Option<PathBuf>,
    /// With --baseline: report only findings that are new since the baseline.
    #[arg(long, requires = "baseline", help_heading = "Reports")]
    pub only_new: bool,
    /// Exit with status 1 on warnings too, not only on errors.
    #[arg(long)]
    pub strict: bool,
    /// Number of cases checked at once (default: one per CPU core).
    #[arg(long, short = 'j', value_name = "N")]
    pub jobs: Option<usize>,
    /// Use an organisation's own form data folder instead of the built-in forms.
    #[arg(long, value_name = "DIR")]
    pub forms: Option<PathBuf>,
    /// No progress bar and no per-case notes (the summary line is always printed).
    #[arg(long, short = 'q')]
    pub quiet: bool,
    /// Folder of the incremental cache (default: the user's cache folder, e.g. ~/.cache/dossier).
    #[arg(long, value_name = "DIR", help_heading = "Cache")]
    pub cache: Option<PathBuf>,
    /// Read every copy again and do not use or update the cache.
    #[arg(long, conflicts_with = "cache", help_heading = "Cache")]
    pub no_cache: bool,
}

/// Options of `dossier prepare`.
#[derive(Debug, Args)]
pub struct PrepareArgs {
    /// The check options.
    #[command(flatten)]
    pub check: CheckArgs,
    /// Folder for the outputs, one sub-folder per case; must not lie inside a ROOT.
    #[arg(long, value_name = "DIR")]
    pub out: PathBuf,
    /// Use an organisation's own templates folder instead of the built-in templates.
    #[arg(long, value_name = "DIR")]
    pub templates: Option<PathBuf>,
    /// Make the packet even for a case with errors (marked "not ready" on the cover sheet).
    #[arg(long)]
    pub force: bool,
}

/// Options of `dossier new`.
#[derive(Debug, Args)]
pub struct NewArgs {
    /// The case folder to create (must not exist, or be empty).
    pub dir: PathBuf,
    /// The IND form number, e.g. 7018.
    #[arg(long)]
    pub form: String,
    /// Use an organisation's own form data folder.
    #[arg(long, value_name = "DIR")]
    pub forms: Option<PathBuf>,
}

/// Options of `dossier forms`.
#[derive(Debug, Args)]
pub struct FormsArgs {
    /// Show this form in full.
    #[arg(long)]
    pub form: Option<String>,
    /// Use an organisation's own form data folder.
    #[arg(long, value_name = "DIR")]
    pub forms: Option<PathBuf>,
}

/// Options of `dossier fees`.
#[derive(Debug, Args)]
pub struct FeesArgs {
    /// Only this form.
    #[arg(long)]
    pub form: Option<String>,
    /// The date whose schedule to show (default: today), as 2026-12-01.
    #[arg(long, value_name = "DATE")]
    pub on: Option<String>,
    /// Compute one case's fee, with every reduction considered.
    #[arg(long, value_name = "DIR", conflicts_with_all = ["form", "on"])]
    pub case: Option<PathBuf>,
    /// Use an organisation's own form data folder.
    #[arg(long, value_name = "DIR")]
    pub forms: Option<PathBuf>,
}

/// Options of `dossier explain`.
#[derive(Debug, Args)]
pub struct ExplainArgs {
    /// The finding code, e.g. F002.
    #[arg(required_unless_present = "all")]
    pub code: Option<String>,
    /// List every code with its one-line summary.
    #[arg(long)]
    pub all: bool,
}
