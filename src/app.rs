//! The commands: each turns parsed arguments into work on the library and an exit status.
//!
//! Output goes to the writers `main` passes in, never straight to the terminal, so the commands
//! can be tested and a broken pipe handled in one place.

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, anyhow, bail};

use crate::check::{self, Options};
use crate::cli::{CheckArgs, Cli, Command, ExplainArgs, FeesArgs, FormsArgs, NewArgs};
use crate::date::{self, Date};
use crate::finding::Severity;
use crate::form::{self, FormSet};
use crate::report::{self, Baseline, Format, Report};
use crate::rules::registry;

/// How a run ended, as SPEC section 2 defines the exit status.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExitStatus {
    /// No case has an error.
    Success = 0,
    /// At least one case has an error (or a warning with `--strict`).
    Findings = 1,
    /// The tool could not do its job.
    Failure = 2,
}

/// Runs one command.
pub fn run(cli: Cli, out: &mut dyn Write, err: &mut dyn Write) -> Result<ExitStatus> {
    match cli.command {
        Command::Check(args) => check_cmd(&args, out, err, None),
        Command::Prepare(args) => crate::prepare::run(&args, out, err),
        Command::New(args) => new_cmd(&args, out),
        Command::Forms(args) => forms_cmd(&args, out),
        Command::Fees(args) => fees_cmd(&args, out),
        Command::Explain(args) => explain_cmd(&args, out),
        Command::Completions { shell } => {
            let mut cmd = <Cli as clap::CommandFactory>::command();
            clap_complete::generate(shell, &mut cmd, "dossier", out);
            Ok(ExitStatus::Success)
        }
        Command::Man => {
            let cmd = <Cli as clap::CommandFactory>::command();
            clap_mangen::Man::new(cmd).render(out)?;
            Ok(ExitStatus::Success)
        }
    }
}

/// The built-in forms, or an organisation's folder.
pub fn load_forms(dir: Option<&Path>) -> Result<FormSet> {
    match dir {
        Some(d) => FormSet::load_dir(d)
            .with_context(|| format!("cannot use the form data in {}", d.display())),
        None => FormSet::builtin().context("the built-in form data is broken"),
    }
}

/// The absolute, symlink-free path `p` would have once created: its nearest existing ancestor
/// canonicalised, plus the rest.
pub(crate) fn resolve_future(p: &Path) -> std::io::Result<std::path::PathBuf> {
    let abs = if p.is_absolute() {
        p.to_path_buf()
    } else {
        std::env::current_dir()?.join(p)
    };
    let mut existing = abs.as_path();
    let mut rest = Vec::new();
    while !existing.exists() {
        match (existing.parent(), existing.file_name()) {
            (Some(parent), Some(name)) => {
                rest.push(name.to_os_string());
                existing = parent;
            }
            _ => break,
        }
    }
    let mut out = existing.canonicalize()?;
    for part in rest.into_iter().rev() {
        if part == ".." {
            out.pop();
        } else if part != "." {
            out.push(part);
        }
    }
    Ok(out)
}

/// The case folder (a folder holding a `case.toml`) that `path` would lie in, if any: the tool
/// never writes there, or its own output would be checked as part of the case, or replace a copy.
pub(crate) fn case_folder_holding(path: &Path) -> Option<PathBuf> {
    let abs = resolve_future(path).ok()?;
    abs.ancestors()
        .find(|a| std::fs::symlink_metadata(a.join("case.toml")).is_ok())
        .map(Path::to_path_buf)
}

/// The root (canonical) that the absolute, symlink-free `abs` lies in, if any.
pub(crate) fn root_holding(abs: &Path, roots: &[PathBuf]) -> Option<PathBuf> {
    roots
        .iter()
        .filter_map(|r| r.canonicalize().ok())
        .find(|r| abs.starts_with(r))
}

fn canonical_or_self(p: &Path) -> PathBuf {
    p.canonicalize().unwrap_or_else(|_| p.to_path_buf())
}

/// The result of a check run, kept for `prepare`.
pub struct Checked {
    /// The run.
    pub run: check::Run,
    /// The form data used.
    pub forms: FormSet,
    /// The root's `dossier.toml`.
    pub config: crate::config::Config,
    /// Worker threads used.
    pub jobs: usize,
}

/// `dossier check`, also the first half of `prepare` (`extra_skip`: its output folder).
pub fn check_cmd(
    args: &CheckArgs,
    out: &mut dyn Write,
    err: &mut dyn Write,
    extra_skip: Option<&Path>,
) -> Result<ExitStatus> {
    let (status, _) = check_and_report(args, out, err, extra_skip)?;
    Ok(status)
}

/// Runs the check and writes every report; returns the status and what was checked.
pub fn check_and_report(
    args: &CheckArgs,
    out: &mut dyn Write,
    err: &mut dyn Write,
    extra_skip: Option<&Path>,
) -> Result<(ExitStatus, Checked)> {
    let forms = load_forms(args.forms.as_deref())?;
    let config = crate::config::load(&args.roots)?;
    let jobs = args
        .jobs
        .or(config.defaults.jobs)
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()));
    if jobs == 0 {
        bail!("--jobs must be at least 1");
    }
    let strict = args.strict || config.defaults.strict.unwrap_or(false);
    let baseline = match &args.baseline {
        Some(p) => Some(Baseline::load(p)?),
        None => None,
    };
    let mut skip: Vec<PathBuf> = Vec::new();
    if let Some(s) = extra_skip {
        skip.push(canonical_or_self(s));
    }
    // A report that cannot be written is found out now, not after checking every case.
    let outputs = [
        ("report", Some(&args.report)),
        ("HTML overview", args.html.as_ref()),
        ("case summary", args.summary.as_ref()),
    ];
    let mut claimed: Vec<(PathBuf, &str)> = Vec::new();
    for (what, path) in outputs {
        let Some(p) = path.filter(|p| p.as_path() != Path::new("-")) else {
            continue;
        };
        // Two outputs in one file would leave only the last; a device such as /dev/null may
        // take both.
        let device = std::fs::metadata(p).is_ok_and(|m| !m.is_file());
        let abs = resolve_future(p).unwrap_or_else(|_| p.clone());
        if let Some((_, other)) = claimed.iter().find(|(q, _)| *q == abs && !device) {
            bail!(
                "the {what} and the {other} would be the same file {}: give each its own path",
                p.display()
            );
        }
        if let Some(out) = extra_skip.map(canonical_or_self)
            && abs.starts_with(&out)
            && abs.parent() != Some(out.as_path())
        {
            bail!(
                "will not write the {what} {}: it would land among the files prepare writes for \
                 a case in {}. Give a path outside the cases' output folders",
                p.display(),
                out.display()
            );
        }
        claimed.push((abs, what));
        if let Some(case) = case_folder_holding(p) {
            bail!(
                "will not write the {what} {}: it would land in the case folder {}, and dossier \
                 never writes into case folders (the file would be checked as part of the case, \
                 or replace one of its files). Give a path outside the case folders, or `-` for \
                 the screen",
                p.display(),
                case.display()
            );
        }
        if let Some(problem) = unwritable(p) {
            bail!("cannot write the {what} {}: {problem}", p.display());
        }
    }
    let cache = open_cache(args, &forms, err)?;
    let progress = !args.quiet && std::io::IsTerminal::is_terminal(&std::io::stderr());
    let opts = Options {
        today: date::today(),
        // Peak memory stays near two files per worker: refuse copies over 64 MiB (F003).
        limits: crate::scan::Limits {
            max_file_bytes: 64 * 1024 * 1024,
            ..crate::scan::Limits::default()
        },
        skip,
        cache: cache.clone(),
        progress,
        // `prepare` (the only caller with an output folder to skip) needs each case's data.
        keep_details: extra_skip.is_some(),
    };
    let pool = worker_pool(jobs)?;
    let run = pool.install(|| check::run(&args.roots, &forms, &opts))?;

    if let Some(c) = &cache
        && let Err(e) = c.save()
    {
        writeln!(err, "dossier: warning: could not update the cache: {e}")?;
    }
    let mut run = run;
    // The findings are lent to the reports, not copied (at 3,000 cases a copy was 70 MB), and
    // given back to their cases afterwards for `prepare`.
    let per_case: Vec<usize> = run.cases.iter().map(|c| c.findings.len()).collect();
    let findings = run.take_findings();
    let summaries = run.summaries();
    let diff = baseline.as_ref().map(|b| b.diff(&findings));
    let explain = |code: &str| {
        registry::rule(code).map(|r| (r.summary.to_string(), r.explanation.to_string()))
    };
    let rep = Report {
        findings: &findings,
        cases: &summaries,
        baseline: diff.as_ref(),
        only_new: args.only_new,
        explain: &explain,
    };
    write_to(&args.report, out, |w| {
        report::write_report(w, args.format, &rep)
    })
    .with_context(|| format!("cannot write the report {}", args.report.display()))?;
    if let Some(p) = &args.html {
        write_to(p, out, |w| report::write_report(w, Format::Html, &rep))
            .with_context(|| format!("cannot write the HTML overview {}", p.display()))?;
    }
    if let Some(p) = &args.summary {
        write_to(p, out, |w| report::write_summary_csv(w, &summaries))
            .with_context(|| format!("cannot write the case summary {}", p.display()))?;
    }
    for (path, reason) in &run.unreadable {
        writeln!(
            err,
            "dossier: warning: could not read the folder {} ({reason}); case folders in it \
             were not checked",
            path.display()
        )?;
    }
    writeln!(
        err,
        "{}",
        report::summary_line(&summaries, &findings, diff.as_ref())
    )?;
    let any_error = findings.iter().any(|f| f.severity == Severity::Error);
    let any_warning = findings.iter().any(|f| f.severity == Severity::Warning);
    let status = if !run.unreadable.is_empty() {
        writeln!(
            err,
            "dossier: the run is incomplete: some folders could not be read (exit status 2)"
        )?;
        ExitStatus::Failure
    } else if any_error || (strict && any_warning) {
        ExitStatus::Findings
    } else {
        ExitStatus::Success
    };
    if extra_skip.is_some() {
        run.give_back_findings(findings, &per_case);
    }
    Ok((
        status,
        Checked {
            run,
            forms,
            config,
            jobs,
        },
    ))
}

fn open_cache(
    args: &CheckArgs,
    forms: &FormSet,
    err: &mut dyn Write,
) -> Result<Option<std::sync::Arc<crate::cache::Cache>>> {
    if args.no_cache {
        return Ok(None);
    }
    let explicit = args.cache.is_some();
    let Some(dir) = args.cache.clone().or_else(crate::cache::default_dir) else {
        return Ok(None);
    };
    // Judged on the path the folder will have, so the first run refuses what later ones would.
    let dir_abs = resolve_future(&dir).unwrap_or_else(|_| dir.clone());
    let inside = case_folder_holding(&dir)
        .map(|c| (c, "the case folder "))
        .or_else(|| root_holding(&dir_abs, &args.roots).map(|r| (r, "")));
    if let Some((input, what)) = inside {
        if !explicit {
            // `dossier check ~` holds the default cache: run without it rather than write into
            // what is being checked, and say so.
            writeln!(
                err,
                "dossier: note: the default cache folder {} lies inside {what}{}, which is being \
                 checked: running without the cache (give --cache DIR elsewhere to use one)",
                dir.display(),
                input.display()
            )?;
            return Ok(None);
        }
        bail!(
            "the cache folder {} lies inside {what}{}, which is being checked: choose a cache \
             folder outside the folders being checked",
            dir.display(),
            input.display()
        );
    }
    Ok(Some(std::sync::Arc::new(
        match crate::cache::Cache::open(&dir, &forms.fingerprint()) {
            crate::cache::Opened::Ok(c) => c,
            crate::cache::Opened::Damaged(c, why) => {
                writeln!(err, "dossier: warning: {why}")?;
                c
            }
        },
    )))
}

/// The worker threads: `jobs` of them, with stacks large enough for typesetting and for deeply
/// nested PDFs (the default 2 MiB overflows on some cover sheets; the memory is only reserved).
pub fn worker_pool(jobs: usize) -> Result<rayon::ThreadPool> {
    rayon::ThreadPoolBuilder::new()
        .num_threads(jobs)
        .stack_size(STACK_SIZE)
        .build()
        .context("cannot start worker threads")
}

/// Runs `f` on every item, on `jobs` threads of its own, and returns the results in the items'
/// order. Each thread takes the next item only when it has finished the last, so at most `jobs`
/// items are ever in flight. A rayon pool does not promise that: a worker waiting inside
/// typst's own parallel typesetting steals and starts another whole case, which made `prepare`
/// hold many packets in memory at once and pile cases up on one stack until it overflowed.
/// Rayon work started inside `f` runs on the global pool, set up here with large stacks.
pub fn for_each_bounded<T: Sync, R: Send>(
    jobs: usize,
    items: &[T],
    f: impl Fn(&T) -> R + Sync,
) -> Result<Vec<R>> {
    use std::sync::atomic::{AtomicUsize, Ordering};
    // Fails only when the global pool already exists (a second command in one process).
    let _ = rayon::ThreadPoolBuilder::new()
        .num_threads(jobs)
        .stack_size(STACK_SIZE)
        .build_global();
    let next = AtomicUsize::new(0);
    let work = || {
        let mut done = Vec::new();
        loop {
            let i = next.fetch_add(1, Ordering::Relaxed);
            let Some(item) = items.get(i) else {
                return done;
            };
            done.push((i, f(item)));
        }
    };
    let mut results: Vec<(usize, R)> = std::thread::scope(|scope| {
        let threads = (0..jobs.clamp(1, items.len().max(1)))
            .map(|n| {
                std::thread::Builder::new()
                    .name(format!("dossier-{n}"))
                    .stack_size(STACK_SIZE)
                    .spawn_scoped(scope, work)
                    .context("cannot start worker threads")
            })
            .collect::<Result<Vec<_>>>()?;
        let mut all = Vec::with_capacity(items.len());
        for t in threads {
            match t.join() {
                Ok(done) => all.extend(done),
                Err(panic) => std::panic::resume_unwind(panic),
            }
        }
        Ok::<_, anyhow::Error>(all)
    })?;
    results.sort_unstable_by_key(|(i, _)| *i);
    Ok(results.into_iter().map(|(_, r)| r).collect())
}

/// Stack size of every worker thread: typesetting and deeply nested PDFs need more than the
/// default 2 MiB; the memory is only reserved, not used.
const STACK_SIZE: usize = 64 * 1024 * 1024;

/// Why a file could not be written at `path` (a folder, or in a folder that does not exist),
/// judged before the run, not after checking every case.
fn unwritable(path: &Path) -> Option<String> {
    if path == Path::new("-") {
        return None;
    }
    if path.is_dir() {
        return Some(format!(
            "{} is a folder: give the path of a file in it instead",
            path.display()
        ));
    }
    let folder = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    (!folder.is_dir()).then(|| {
        format!(
            "the folder {} does not exist: create it first, or write the file somewhere else",
            folder.display()
        )
    })
}

/// Writes to `path` atomically, or to `out` when the path is `-`. A device or pipe at `path` is
/// written to, never replaced; through a symbolic link, the file it points to is replaced.
pub fn write_to(
    path: &Path,
    out: &mut dyn Write,
    f: impl FnOnce(&mut dyn Write) -> Result<(), report::WriteError>,
) -> Result<()> {
    if path == Path::new("-") {
        f(out)?;
        out.flush()?;
        return Ok(());
    }
    if let Ok(m) = std::fs::metadata(path)
        && !m.is_file()
    {
        // A device or a pipe (`/dev/null`, `/dev/stderr`, a FIFO) is written to as it is: a
        // rename would replace it with a plain file.
        let mut file = std::fs::OpenOptions::new().write(true).open(path)?;
        let mut w = std::io::BufWriter::new(&mut file);
        f(&mut w)?;
        w.flush()?;
        return Ok(());
    }
    // Streamed into the temporary file: a report of a big run is never held in memory whole.
    let mut failed = None;
    let written = crate::render::write_atomic_with(path, |w| {
        f(w).map_err(|e| {
            failed = Some(e);
            std::io::Error::other("the report could not be written")
        })
    });
    match failed {
        Some(e) => Err(e.into()),
        None => Ok(written?),
    }
}

fn explain_cmd(args: &ExplainArgs, out: &mut dyn Write) -> Result<ExitStatus> {
    if args.all {
        for r in registry::RULES {
            writeln!(out, "{}  {:<7}  {}", r.code, r.severity.as_str(), r.summary)?;
        }
        return Ok(ExitStatus::Success);
    }
    let code = args.code.as_deref().unwrap_or_default();
    match registry::rule(code) {
        Some(r) => {
            writeln!(out, "{}", registry::explain_text(r))?;
            Ok(ExitStatus::Success)
        }
        None => {
            let hint = registry::suggest(code)
                .map(|s| format!(" Did you mean {s}?"))
                .unwrap_or_default();
            Err(anyhow!(
                "there is no finding code \"{code}\".{hint} `dossier explain --all` lists them"
            ))
        }
    }
}

fn forms_cmd(args: &FormsArgs, out: &mut dyn Write) -> Result<ExitStatus> {
    let forms = load_forms(args.forms.as_deref())?;
    match &args.form {
        None => write!(out, "{}", form::describe_forms(&forms))?,
        Some(n) => {
            let f = find_form(&forms, n)?;
            write!(out, "{}", form::describe_form(&forms, f))?;
        }
    }
    Ok(ExitStatus::Success)
}

fn find_form<'a>(forms: &'a FormSet, n: &str) -> Result<&'a form::Form> {
    forms.get(n.trim()).ok_or_else(|| {
        let known: Vec<&str> = forms.forms().map(|f| f.number.as_str()).collect();
        anyhow!(
            "form \"{n}\" is not a form this tool knows; known forms: {}",
            known.join(", ")
        )
    })
}

fn parse_date(s: &str) -> Result<Date> {
    s.trim()
        .parse::<Date>()
        .map_err(|_| anyhow!("\"{s}\" is not a date; write it as 2026-12-01"))
}

fn fees_cmd(args: &FeesArgs, out: &mut dyn Write) -> Result<ExitStatus> {
    let forms = load_forms(args.forms.as_deref())?;
    if let Some(dir) = &args.case {
        return crate::prepare::fees_for_case(dir, &forms, out);
    }
    let on = match &args.on {
        Some(s) => parse_date(s)?,
        None => date::today(),
    };
    match &args.form {
        Some(n) => write!(out, "{}", form::describe_fees(find_form(&forms, n)?, on))?,
        None => {
            for f in forms.forms() {
                writeln!(out, "{}", form::describe_fees(f, on))?;
            }
        }
    }
    Ok(ExitStatus::Success)
}

fn new_cmd(args: &NewArgs, out: &mut dyn Write) -> Result<ExitStatus> {
    let forms = load_forms(args.forms.as_deref())?;
    let f = find_form(&forms, &args.form)?;
    let target = args.dir.join("case.toml");
    if target.exists() {
        bail!(
            "{} already exists; dossier new never overwrites a case file",
            target.display()
        );
    }
    let text = crate::scaffold::case_toml(&forms, f, &args.dir)?;
    std::fs::create_dir_all(args.dir.join("copies"))
        .with_context(|| format!("cannot create {}", args.dir.display()))?;
    crate::render::write_atomic(&target, text.as_bytes())
        .with_context(|| format!("cannot write {}", target.display()))?;
    writeln!(
        out,
        "created {}: fill in the applicant and the facts, put the scans in {}/copies/, list \
         them as [[documents]], then run `dossier check {}`",
        target.display(),
        args.dir.display(),
        args.dir.display()
    )?;
    Ok(ExitStatus::Success)
}

#[cfg(test)]
mod tests {
    use super::*;
    use rayon::prelude::*;
    use std::sync::atomic::{AtomicUsize, Ordering};

    #[test]
    fn bounded_workers_keep_order_and_never_hold_more_than_jobs_items() {
        let items: Vec<usize> = (0..40).collect();
        let (now, most) = (AtomicUsize::new(0), AtomicUsize::new(0));
        let out = for_each_bounded(2, &items, |&i| {
            let inflight = now.fetch_add(1, Ordering::SeqCst) + 1;
            most.fetch_max(inflight, Ordering::SeqCst);
            // Parallel work inside an item, as typst does while typesetting: a rayon worker
            // waiting here would steal and start another item.
            let sum: usize = (0..2000usize).into_par_iter().map(|x| x % 7).sum();
            std::thread::sleep(std::time::Duration::from_millis(1));
            now.fetch_sub(1, Ordering::SeqCst);
            (i, sum)
        })
        .unwrap();
        assert_eq!(out.iter().map(|(i, _)| *i).collect::<Vec<_>>(), items);
        assert!(most.load(Ordering::SeqCst) <= 2);
        assert!(
            for_each_bounded(3, &[] as &[u8], |_| ())
                .unwrap()
                .is_empty()
        );
    }
}
