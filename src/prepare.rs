//! `dossier prepare`: check, then write per case into `OUT/<case id>/` the cover sheet, the fee
//! summary, the manifest and, for a case without errors (or with `--force`), the print-ready
//! packet. Also `dossier fees --case`, which shares the fee presentation.
//!
//! Every file is written atomically, and a file whose bytes would not change is left alone, so
//! nightly runs can diff outputs and an unchanged case costs no writes.

use std::collections::BTreeSet;
use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};

use crate::app::{self, ExitStatus};
use crate::check::CaseResult;
use crate::cli::PrepareArgs;
use crate::config::Config;
use crate::finding::Severity;
use crate::form::{self, FeeOutcome, FormSet, VariantStatus};
use crate::render::{self, CopySource, PacketCopy, Templates};
use crate::scan::{FileKind, Identifier};

/// Runs `dossier prepare`.
pub fn run(args: &PrepareArgs, out: &mut dyn Write, err: &mut dyn Write) -> Result<ExitStatus> {
    let templates = match &args.templates {
        Some(d) => Templates::load_dir(d)
            .with_context(|| format!("cannot use the templates in {}", d.display()))?,
        None => Templates::builtin(),
    };
    // Judge where the output folder would be before creating it: never create a folder inside a
    // case tree.
    let out_abs = app::resolve_future(&args.out)
        .with_context(|| format!("cannot use the output folder {}", args.out.display()))?;
    if let Some(case) = app::case_folder_holding(&out_abs) {
        bail!(
            "the output folder {} lies inside the case folder {}: dossier never writes into \
             case folders. Choose an output folder outside it",
            args.out.display(),
            case.display()
        );
    }
    if let Some(root) = app::root_holding(&out_abs, &args.check.roots) {
        bail!(
            "the output folder {} lies inside {}, which is being checked: dossier never \
             writes into the case folders. Choose an output folder outside it",
            args.out.display(),
            root.display()
        );
    }
    if args.out.exists() && !args.out.is_dir() {
        bail!(
            "the output folder {} is a file, not a folder: give --out a folder (it is created \
             when missing)",
            args.out.display()
        );
    }
    std::fs::create_dir_all(&args.out)
        .with_context(|| format!("cannot create the output folder {}", args.out.display()))?;
    let out_canon = args
        .out
        .canonicalize()
        .with_context(|| format!("cannot use the output folder {}", args.out.display()))?;
    // Canonical once: every case's output folder is held against them.
    let roots: Vec<PathBuf> = args
        .check
        .roots
        .iter()
        .filter_map(|r| r.canonicalize().ok())
        .collect();
    refuse_outputs_into_cases(&out_canon, existing_entries(&out_canon), &roots)?;
    // One run at a time per output folder (a nightly job and a volunteer's run must not write
    // the same case's files at once); holding the lock, temporary files of a run that was
    // killed can be told from those of a run still writing, and removed.
    let lock_path = out_canon.join(".dossier-lock");
    if std::fs::symlink_metadata(&lock_path).is_ok_and(|m| !m.is_file()) {
        bail!(
            "{} is not a file dossier made (a link or a folder): remove it, then run this again",
            lock_path.display()
        );
    }
    let lock = {
        use std::os::unix::fs::OpenOptionsExt;
        std::fs::OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .custom_flags(libc::O_NOFOLLOW)
            .open(&lock_path)
    }
    .with_context(|| format!("cannot use the output folder {}", args.out.display()))?;
    let exclusive = match lock.try_lock() {
        Ok(()) => true,
        Err(std::fs::TryLockError::WouldBlock) => bail!(
            "another dossier prepare is writing into {}: wait until it has finished, then run \
             this again",
            args.out.display()
        ),
        // A share that cannot lock: go on, but leave temporary files alone.
        Err(std::fs::TryLockError::Error(_)) => false,
    };
    let (status, checked) = app::check_and_report(&args.check, out, err, Some(&out_canon))?;
    if status == ExitStatus::Failure {
        return Ok(status);
    }
    let (names, clashes) = folder_names(&checked.run.cases);
    for w in &clashes {
        writeln!(err, "{w}")?;
    }
    if checked.config.organisation.name.trim().is_empty() && !checked.run.cases.is_empty() {
        writeln!(
            err,
            "warning: no organisation name in dossier.toml, so the cover sheets have no sender: \
             add [organisation] with name = \"…\" (and address, contact, phone, email) to a \
             dossier.toml in the case folder's root"
        )?;
    }
    let cases: Vec<(usize, &CaseResult, &String)> = checked
        .run
        .cases
        .iter()
        .zip(&names)
        .enumerate()
        .map(|(i, (c, name))| (i, c, name))
        .collect();
    // Workers render and write each case's files under temporary names; one committer thread
    // waits for the disk (fsync) and renames them, so rendering never waits for the disk. The
    // channel is bounded so that a slow disk holds back the workers instead of piling up
    // open files.
    let (tx, rx) = std::sync::mpsc::sync_channel::<Pending>(2 * checked.jobs.max(1));
    let progress = (!args.check.quiet && std::io::IsTerminal::is_terminal(&std::io::stderr()))
        .then(|| crate::progress::Progress::new(cases.len() as u64, "preparing"));
    let (results, mut commit_errors) = std::thread::scope(|scope| {
        let committer = scope.spawn(move || commit_all(rx));
        let results = app::for_each_bounded(checked.jobs, &cases, |&(i, c, name)| {
            let dir = out_canon.join(name);
            if exclusive {
                remove_leftover_temporaries(&dir);
            }
            // Again just before writing: a link put in place since the run began.
            let r = match leads_into_case(&dir, &roots) {
                Some((path, inside)) => Err(anyhow::anyhow!(into_case_message(&path, &inside))),
                None if std::fs::symlink_metadata(&dir).is_ok() && !dir.is_dir() => {
                    Err(anyhow::anyhow!(
                        "this case's output folder {} is taken by a file that is not dossier's: \
                         move that file, or give the case another id in case.toml",
                        dir.display()
                    ))
                }
                None => guarded(|| prepare_case(c, &checked, &templates, &dir, args.force)),
            };
            let r = r.and_then(|r| {
                if let Some(p) = r.pending {
                    tx.send(Pending { case: i, ..p })
                        .map_err(|_| anyhow::anyhow!("the thread writing the outputs stopped"))?;
                }
                Ok(r.outcome)
            });
            if let Some(pr) = &progress {
                let copies = c.copies();
                let bytes = copies
                    .iter()
                    .filter_map(|cp| cp.facts.as_ref())
                    .map(|f| f.bytes);
                pr.tick(copies.len() as u64, bytes.sum());
            }
            (c.id.clone(), r)
        });
        if let Some(pr) = &progress {
            pr.finish();
        }
        drop(tx);
        let commit_errors = committer
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        (results, commit_errors)
    });
    let results: Vec<(String, Result<Outcome>)> = results?
        .into_iter()
        .enumerate()
        .map(|(i, (id, r))| match commit_errors.remove(&i) {
            Some(e) => (id, Err(e)),
            None => (id, r),
        })
        .collect();
    let (mut packets, mut forced, mut no_packet, mut failed) = (0, 0, 0, 0);
    for (((id, r), name), c) in results.into_iter().zip(&names).zip(&checked.run.cases) {
        if let Some(line) = unprintable_name(c) {
            writeln!(err, "{id}: warning: {line}")?;
        }
        match r {
            Ok(Outcome::Packet {
                left_out,
                not_ready,
            }) => {
                if not_ready {
                    forced += 1;
                } else {
                    packets += 1;
                }
                if !left_out.is_empty() {
                    writeln!(
                        err,
                        "{id}: packet made with --force without {}, which cannot be enclosed \
                         (see the report)",
                        left_out.join(", ")
                    )?;
                }
            }
            Ok(Outcome::NoPacket(why)) => {
                if !args.check.quiet {
                    writeln!(err, "{id}: no packet: {why}")?;
                }
            }
            Ok(Outcome::PacketFailed(e)) => {
                no_packet += 1;
                writeln!(
                    err,
                    "{id}: no packet: {e:#}. The cover sheet, fee summary and manifest were \
                     written; an earlier packet was removed"
                )?;
            }
            Err(e) => {
                failed += 1;
                // What an earlier run wrote for this case no longer matches it (or this run
                // would have left it alone): an old packet must never look ready.
                let dir = out_canon.join(name);
                let after = match clear_outputs(&dir).as_slice() {
                    [] => " (no output of an earlier run for this case is left)".to_owned(),
                    remain => format!(". {}", left_behind(&dir, remain)),
                };
                writeln!(err, "{id}: could not prepare the outputs: {e:#}{after}")?;
            }
        }
    }
    // A case whose case.toml no longer reads is reported under its folder's name; its outputs
    // from the last run are under the id it stated then. They are stale: remove them.
    let ours: BTreeSet<&str> = names.iter().map(String::as_str).collect();
    for c in checked.run.cases.iter().filter(|c| c.case().is_none()) {
        let Some(id) = stated_id(&c.dir) else {
            continue;
        };
        let folder = folder_base(&id);
        let dir = out_canon.join(&folder);
        if ours.contains(folder.as_str()) || !dir.join(".dossier-inputs").is_file() {
            continue;
        }
        let what = match clear_outputs(&dir).as_slice() {
            [] => format!("removed the outputs of an earlier run in {}", dir.display()),
            remain => left_behind(&dir, remain),
        };
        writeln!(
            err,
            "{}: {what} (case.toml no longer reads, so its old packet must not be printed)",
            c.id
        )?;
    }
    let foreign = foreign_outputs(&out_canon, &names);
    if !foreign.is_empty() {
        let shown: Vec<&str> = foreign.iter().take(5).map(String::as_str).collect();
        writeln!(
            err,
            "warning: {} folder{} in {} hold{} outputs of an earlier run for cases not in this \
             one ({}{}): if a case was renamed or removed, delete its folder, or its old packet \
             may be printed",
            foreign.len(),
            if foreign.len() == 1 { "" } else { "s" },
            args.out.display(),
            if foreign.len() == 1 { "s" } else { "" },
            shown.join(", "),
            if foreign.len() > shown.len() {
                ", ..."
            } else {
                ""
            },
        )?;
    }
    let plural = |n: usize| if n == 1 { "" } else { "s" };
    let total = checked.run.cases.len();
    let mut line = format!(
        "prepared {} of {total} case{} in {}: {packets} print-ready packet{}",
        total - failed,
        plural(total),
        args.out.display(),
        plural(packets)
    );
    if forced > 0 {
        line.push_str(&format!(
            ", {forced} packet{} made with --force and marked not ready",
            plural(forced)
        ));
    }
    if no_packet > 0 {
        line.push_str(&format!(
            ", {no_packet} packet{} could not be made (see above)",
            plural(no_packet)
        ));
    }
    if failed > 0 {
        line.push_str(&format!(
            ", {failed} case{} could not be prepared (see above)",
            plural(failed)
        ));
    }
    writeln!(err, "{line}")?;
    Ok(if failed + no_packet > 0 {
        ExitStatus::Failure
    } else {
        status
    })
}

/// What the built-in fonts cannot print of the applicant's name, said to the volunteer: those
/// characters come out as empty boxes on the cover sheet, and in the stamp when the name is the
/// identifier on every page.
fn unprintable_name(c: &CaseResult) -> Option<String> {
    let case = c.case()?;
    let name = case.applicant.name.as_deref()?;
    let missing = render::missing_glyphs(name);
    if missing.is_empty() {
        return None;
    }
    let chars: String = missing.iter().collect();
    let in_stamp = matches!(c.identifier(), Identifier::NameAndBirth { .. });
    Some(format!(
        "the built-in font cannot print \"{chars}\" of the applicant's name \"{name}\": these \
         show as empty boxes on the cover sheet{}. Write the name by hand {}, or add the name in \
         Latin letters as it is in the passport",
        if in_stamp {
            " and in the name stamped on every page"
        } else {
            ""
        },
        if in_stamp {
            "on the cover sheet and on every page of the packet"
        } else {
            "on the cover sheet"
        }
    ))
}

/// Refuses (exit 2, before anything is written) when an entry of the output folder, or an output
/// file in it, would lead into a folder being checked: the output folder may hold a folder named
/// like a case that is the case folder itself, or a link into one, and writing there would
/// replace a client's copy. Each case's folder is checked again just before it is written.
fn refuse_outputs_into_cases<S: AsRef<std::ffi::OsStr>>(
    out: &Path,
    names: impl IntoIterator<Item = S>,
    roots: &[PathBuf],
) -> Result<()> {
    for name in names {
        if let Some((path, inside)) = leads_into_case(&out.join(name.as_ref()), roots) {
            bail!("{}", into_case_message(&path, &inside));
        }
    }
    Ok(())
}

/// What the output folder holds already, by name: checked against case folders before the
/// run writes anything there (its lock file included), since the cases' names are only known
/// after the check.
fn existing_entries(out: &Path) -> Vec<std::ffi::OsString> {
    std::fs::read_dir(out).map_or_else(
        |_| Vec::new(),
        |entries| {
            entries
                .filter_map(Result::ok)
                .map(|e| e.file_name())
                .collect()
        },
    )
}

/// The path in a case's output folder `dir` (the folder or an output file that is a link) that
/// leads into a case folder or one of the `roots` (canonical), with where it leads.
fn leads_into_case(dir: &Path, roots: &[PathBuf]) -> Option<(PathBuf, PathBuf)> {
    std::fs::symlink_metadata(dir).ok()?;
    let leads_into = |p: &Path| -> Option<PathBuf> {
        let abs = p.canonicalize().ok()?;
        app::case_folder_holding(&abs)
            .or_else(|| roots.iter().find(|r| abs.starts_with(r)).cloned())
    };
    let files = OUTPUT_FILES
        .iter()
        .map(|f| dir.join(f))
        .filter(|f| std::fs::symlink_metadata(f).is_ok_and(|m| m.file_type().is_symlink()));
    std::iter::once(dir.to_path_buf())
        .chain(files)
        .find_map(|p| leads_into(&p).map(|inside| (p, inside)))
}

fn into_case_message(path: &Path, inside: &Path) -> String {
    format!(
        "{} leads into {}, a case folder or a folder being checked: dossier never writes into \
         case folders, and writing there could replace a client's copy. Remove that folder or \
         link from the output folder, or choose another output folder",
        path.display(),
        inside.display()
    )
}

/// A panic while preparing one case (a PDF library bug on an odd copy) must not stop the
/// others: it becomes that case's error. Its temporary files are removed as the panic unwinds.
fn guarded<T>(f: impl FnOnce() -> Result<T>) -> Result<T> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(f)).unwrap_or_else(|_| {
        Err(anyhow::anyhow!(
            "dossier stopped on an internal error while preparing this case, so its outputs \
             were not written; please report it (without the case's files) and prepare this \
             case by hand"
        ))
    })
}

enum Outcome {
    /// A packet was made; with `--force`, without the copies named (they cannot be enclosed),
    /// and marked not ready when the case has errors.
    Packet {
        left_out: Vec<String>,
        not_ready: bool,
    },
    NoPacket(String),
    /// The cover sheet, fee summary and manifest were written, but the packet could not be
    /// made (a copy that the check read cannot be placed): the run fails, saying why.
    PacketFailed(anyhow::Error),
}

/// The longest case folder name taken from a case id, in bytes, before its hash suffix.
const MAX_FOLDER_NAME: usize = 120;

/// A safe, unique folder name per case: the id without path separators or leading dots. Ids
/// that would share a folder (the same id twice, `x/y` and `x_y`, or `A` and `a`, one folder
/// on a Windows share) all get a suffix from their case folder's path, never another case's
/// plain id, and a warning saying where each went.
fn folder_names(cases: &[CaseResult]) -> (Vec<String>, Vec<String>) {
    use sha2::{Digest, Sha256};
    let bases: Vec<String> = cases.iter().map(|c| folder_base(&c.id)).collect();
    let mut groups: std::collections::BTreeMap<String, Vec<usize>> = Default::default();
    for (i, b) in bases.iter().enumerate() {
        groups.entry(b.to_lowercase()).or_default().push(i);
    }
    let mut names = bases.clone();
    let mut warnings = Vec::new();
    for members in groups.values().filter(|m| m.len() > 1) {
        let mut placed = Vec::new();
        for &i in members {
            let dir = cases[i]
                .dir
                .canonicalize()
                .unwrap_or_else(|_| cases[i].dir.clone());
            let hash = crate::hex(&Sha256::digest(dir.to_string_lossy().as_bytes()));
            names[i] = format!("{}-{}", bases[i], &hash[..8]);
            placed.push(format!(
                "{} (id \"{}\") in {}",
                cases[i].dir.display(),
                cases[i].id,
                names[i]
            ));
        }
        warnings.push(format!(
            "warning: {} cases would share the output folder \"{}\": {}. Give each case its own \
             id in case.toml",
            members.len(),
            bases[members[0]],
            placed.join("; ")
        ));
    }
    // The suffixes make a clash all but impossible; should one happen, count on.
    let mut used: BTreeSet<String> = BTreeSet::new();
    for name in &mut names {
        let base = name.clone();
        let mut n = 2;
        while !used.insert(name.to_lowercase()) {
            *name = format!("{base}-{n}");
            n += 1;
        }
    }
    (names, warnings)
}

/// A case id as a folder name: path separators, colons and control characters become `_`,
/// leading dots and surrounding spaces go, and a very long id is cut (with a hash of the whole).
fn folder_base(id: &str) -> String {
    let mut base: String = id
        .chars()
        .map(|ch| {
            if ch == '/' || ch == '\\' || ch.is_control() || ch == ':' {
                '_'
            } else {
                ch
            }
        })
        .collect();
    base = base.trim_start_matches('.').trim().to_string();
    if base.is_empty() {
        base = "case".into();
    }
    if base.len() > MAX_FOLDER_NAME {
        // File systems allow 255 bytes; keep room for the suffixes, and tell long ids that
        // share their beginning apart by a hash of the whole id.
        use sha2::{Digest, Sha256};
        let mut end = MAX_FOLDER_NAME;
        while !base.is_char_boundary(end) {
            end -= 1;
        }
        let hash = crate::hex(&Sha256::digest(id.as_bytes()));
        base = format!("{}-{}", base[..end].trim_end(), &hash[..8]);
    }
    base
}

/// The web addresses a source text names, in order, once each, joined by " · ".
fn web_addresses(source: &str) -> String {
    let mut links: Vec<&str> = Vec::new();
    for word in source.split_whitespace() {
        let link = word.trim_end_matches([')', ',', ';', '.', ':']);
        if (link.starts_with("https://") || link.starts_with("http://")) && !links.contains(&link) {
            links.push(link);
        }
    }
    links.join(" · ")
}

/// Euros for people: "174" or "174.50".
fn eur(cents: u64) -> String {
    form::format_eur(cents).trim_start_matches('€').to_string()
}

fn fee_view(fee: &FeeOutcome, lang: &str) -> render::FeeView {
    let nl = lang == "nl";
    render::FeeView {
        amount: fee.amount_cents.map_or_else(|| "?".to_owned(), eur),
        base: eur(fee.base_cents),
        schedule_valid_from: fee.valid_from.to_string(),
        source: fee.source.clone(),
        links: web_addresses(&fee.source),
        considered: fee
            .considered
            .iter()
            .map(|c| render::FeeLine {
                reason: if nl {
                    c.reason_nl.clone()
                } else {
                    c.reason_en.clone()
                },
                amount: match c.status {
                    VariantStatus::AmountUnknown(_) => "?".to_owned(),
                    VariantStatus::Undecidable => eur(c.amount_cents),
                    _ => eur(c.amount_cents),
                },
                status: match (&c.status, nl) {
                    (VariantStatus::Applied, true) => "toegepast".into(),
                    (VariantStatus::Applied, false) => "applied".into(),
                    (VariantStatus::AppliesNotLowest, true) => {
                        "van toepassing, niet de laagste".into()
                    }
                    (VariantStatus::AppliesNotLowest, false) => "applies, not the lowest".into(),
                    (VariantStatus::NotApplicable, true) => "niet van toepassing".into(),
                    (VariantStatus::NotApplicable, false) => "does not apply".into(),
                    (VariantStatus::ProofMissing(k), true) => {
                        format!("bewijs ontbreekt: {}", k.join(", "))
                    }
                    (VariantStatus::ProofMissing(k), false) => {
                        format!("proof missing: {}", k.join(", "))
                    }
                    (VariantStatus::Undecidable, true) => {
                        "niet te beoordelen: geboortedatum of nationaliteit (aanvrager of referent) \
                         ontbreekt"
                            .into()
                    }
                    (VariantStatus::Undecidable, false) => {
                        "cannot be judged: the applicant's date of birth or nationality, or the \
                         sponsor's nationality, is missing"
                            .into()
                    }
                    (VariantStatus::AmountUnknown(from), true) => format!(
                        "van toepassing, maar het bedrag in dit tarief is onbekend (€ {} in het \
                         tarief vanaf {from}): kijk het na op ind.nl",
                        eur(c.amount_cents)
                    ),
                    (VariantStatus::AmountUnknown(from), false) => format!(
                        "applies, but its amount in this schedule is unknown (€{} in the \
                         schedule from {from}): look it up on ind.nl",
                        eur(c.amount_cents)
                    ),
                },
            })
            .collect(),
    }
}

/// Copies in checklist order: by the first checklist line naming the document's kind, then the
/// rest in case.toml order; translations right after their document.
fn ordered_copies<'a>(c: &'a CaseResult, forms: &FormSet) -> Vec<&'a crate::check::Copy> {
    let Some(case) = c.case() else {
        return Vec::new();
    };
    let form = case.form.as_deref().and_then(|n| forms.get(n));
    let rank = |doc: usize| -> usize {
        let kind = case.documents[doc].kind.as_deref().unwrap_or("");
        form.and_then(|f| {
            f.checklist
                .iter()
                .position(|r| r.kinds.iter().any(|k| k == kind))
        })
        .unwrap_or(usize::MAX)
    };
    let mut copies: Vec<&crate::check::Copy> = c.copies().iter().collect();
    copies.sort_by_key(|cp| (rank(cp.document), cp.document, cp.translation));
    copies
}

/// How a copy goes into the packet, or `None` when it cannot be enclosed: it is missing,
/// unreadable (F003), or not a printable file (F004, F008). Such a copy is left out of a forced
/// packet, so the cover sheet and the manifest must not count its pages.
fn packet_source(cp: &crate::check::Copy) -> Option<CopySource> {
    let facts = cp.facts.as_ref()?;
    cp.path.as_ref()?;
    if facts.problem.is_some() {
        return None;
    }
    match facts.kind {
        FileKind::Pdf => Some(CopySource::Pdf),
        FileKind::Jpeg => Some(CopySource::Jpeg),
        FileKind::Png => Some(CopySource::Png),
        FileKind::Tiff => Some(CopySource::Tiff),
        _ => None,
    }
}

/// The copies that cannot be enclosed, by their paths in the case folder.
fn left_out(copies: &[&crate::check::Copy]) -> Vec<String> {
    copies
        .iter()
        .filter(|cp| packet_source(cp).is_none())
        .map(|cp| cp.rel.clone())
        .collect()
}

/// The stamp on every copy page. A client number is printed as case.toml writes it
/// ("IND-KL-2026-00012345", as on the cover sheet and the IND's letters), not compacted.
fn stamp_text(id: &Identifier, client_number: Option<&str>, lang: &str) -> String {
    let nl = lang == "nl";
    match id {
        Identifier::VNumber(v) | Identifier::VOrClientNumber { v_number: v, .. } => {
            format!("{} {v}", if nl { "V-nummer" } else { "V-number" })
        }
        Identifier::ClientNumber(k) => {
            let k = client_number.map(str::trim).unwrap_or(k);
            format!("{} {k}", if nl { "Klantnummer" } else { "Client number" })
        }
        Identifier::NameAndBirth { name, born } => {
            format!("{name}, {} {born}", if nl { "geb." } else { "born" })
        }
        Identifier::Nothing => String::new(),
    }
}

/// The cover sheet's data. A case with errors is marked not ready on it, with or without
/// `--force`: without a packet its cover sheet is still written, and printed and posted on its
/// own it must not look like the top of a complete dossier. `packet` says whether a packet is
/// made (with `--force`), for the reason's wording.
fn cover_data(c: &CaseResult, checked: &Checked<'_>, packet: bool) -> Option<render::CoverData> {
    let case = c.case()?;
    let forms = checked.forms;
    let lang = case.language.as_str();
    let form = case.form.as_deref().and_then(|n| forms.get(n));
    let copies = ordered_copies(c, forms);
    let missing = left_out(&copies);
    // The cover sheet lists what is enclosed: a copy that cannot be is named in the reason.
    let lines: Vec<render::CopyLine> = copies
        .iter()
        .filter(|cp| packet_source(cp).is_some())
        .enumerate()
        .map(|(i, cp)| {
            let kind = case.documents[cp.document]
                .kind
                .as_deref()
                .unwrap_or("other");
            let mut label = forms.documents.label(kind, lang);
            if cp.translation {
                label = format!(
                    "{label} ({})",
                    if lang == "nl" {
                        "vertaling"
                    } else {
                        "translation"
                    }
                );
            }
            render::CopyLine {
                number: i as u32 + 1,
                kind: label,
                file: cp.rel.clone(),
                pages: cp.facts.as_ref().map_or(0, |f| f.pages.len() as u32),
            }
        })
        .collect();
    let total_pages = lines.iter().map(|l| l.pages).sum();
    let errors = c
        .findings
        .iter()
        .filter(|f| f.severity == Severity::Error)
        .count();
    let org = &checked.config.organisation;
    let not_ready = errors > 0;
    Some(render::CoverData {
        language: lang.to_string(),
        not_ready,
        not_ready_reason: if not_ready {
            let mut reason = match (lang == "nl", errors == 1) {
                (true, true) => "1 fout: zie het rapport".to_owned(),
                (true, false) => format!("{errors} fouten: zie het rapport"),
                (false, true) => "1 error: see the report".to_owned(),
                (false, false) => format!("{errors} errors: see the report"),
            };
            if !packet {
                reason.push_str(if lang == "nl" {
                    "; er is geen afdrukklaar pakket gemaakt"
                } else {
                    "; no print-ready packet was made"
                });
            }
            if !missing.is_empty() {
                reason.push_str(if lang == "nl" {
                    "; niet bijgevoegd: "
                } else {
                    "; not enclosed: "
                });
                reason.push_str(&missing.join(", "));
            }
            reason
        } else {
            String::new()
        },
        organisation: render::Organisation {
            name: org.name.clone(),
            address: org.address.clone(),
            contact: org.contact.clone(),
            phone: org.phone.clone(),
            email: org.email.clone(),
        },
        case_id: c.id.clone(),
        applicant: render::Applicant {
            name: case.applicant.name.clone().unwrap_or_default(),
            born: case
                .applicant
                .born
                .map(|b| b.to_string())
                .unwrap_or_default(),
            v_number: case.applicant.v_number.clone(),
            client_number: case.applicant.client_number.clone(),
        },
        form_number: case.form.clone().unwrap_or_default(),
        form_title: form.map(|f| f.title(lang).to_string()).unwrap_or_default(),
        copies: lines,
        total_pages,
        fee: c.fee().map(|f| fee_view(f, lang)),
        postal_address: form.map(|f| f.postal_address.clone()).unwrap_or_default(),
        waived: waived_lines(c, case),
    })
}

/// The waived findings for the cover sheet: one line per code, file and reason, with the pages
/// it concerns (a waiver for a 25-page scan is one line, not 25 identical ones).
fn waived_lines(c: &CaseResult, case: &crate::case::Case) -> Vec<render::WaivedLine> {
    use std::collections::{BTreeMap, BTreeSet};
    // Keyed in the report's order (code, then file); pages sorted and once each.
    let mut lines: BTreeMap<(&str, &str, String), BTreeSet<u32>> = BTreeMap::new();
    for f in c.findings.iter().filter(|f| f.severity == Severity::Waived) {
        let reason = case
            .waivers
            .iter()
            .find(|w| w.code == f.code && w.file.as_deref().is_none_or(|x| x == f.file))
            .map(|w| w.reason.clone())
            .unwrap_or_default();
        lines
            .entry((f.code, f.file.as_str(), reason))
            .or_default()
            .extend(f.page);
    }
    lines
        .into_iter()
        .map(|((code, file, reason), pages)| render::WaivedLine {
            code: code.to_owned(),
            file: file.to_owned(),
            reason,
            pages: page_ranges(&pages.into_iter().collect::<Vec<_>>()),
        })
        .collect()
}

/// Sorted page numbers as ranges: "1–3, 5".
fn page_ranges(pages: &[u32]) -> String {
    let mut out: Vec<String> = Vec::new();
    let mut i = 0;
    while i < pages.len() {
        let mut j = i;
        while j + 1 < pages.len() && pages[j + 1] == pages[j] + 1 {
            j += 1;
        }
        out.push(if j == i {
            pages[i].to_string()
        } else {
            format!("{}–{}", pages[i], pages[j])
        });
        i = j + 1;
    }
    out.join(", ")
}

struct Checked<'a> {
    forms: &'a FormSet,
    config: &'a Config,
}

/// One case's outputs, written under temporary names, waiting for the committer.
struct Pending {
    /// The case's position in the run.
    case: usize,
    /// Changed outputs, committed in this order; the inputs marker comes last, so that a run
    /// killed before it renders the case again next time.
    files: Vec<render::Staged>,
}

/// What preparing one case gave: the outcome and the files still to commit.
struct Prepared {
    outcome: Outcome,
    pending: Option<Pending>,
}

impl From<Outcome> for Prepared {
    fn from(outcome: Outcome) -> Prepared {
        Prepared {
            outcome,
            pending: None,
        }
    }
}

/// Makes every case's files durable and visible, case by case: each file is flushed to disk and
/// renamed, then its folder entry is flushed. Returns the error of each case that failed.
fn commit_all(
    rx: std::sync::mpsc::Receiver<Pending>,
) -> std::collections::BTreeMap<usize, anyhow::Error> {
    let mut errors = std::collections::BTreeMap::new();
    for p in rx {
        let mut folder = None;
        for f in p.files {
            let path = f.path().to_owned();
            if let Err(e) = f.commit() {
                // The rest of this case's files (the marker among them) are dropped, which
                // removes them: the next run renders the case again.
                errors.insert(
                    p.case,
                    anyhow::Error::new(e).context(format!("cannot write {}", path.display())),
                );
                break;
            }
            folder = Some(path);
        }
        if let Some(path) = folder {
            render::sync_folder(&path);
        }
    }
    errors
}

/// Writes `bytes` under a temporary name beside `path`, unless the file already holds exactly
/// them (then there is nothing to commit).
fn stage_if_changed(path: &Path, bytes: &[u8], files: &mut Vec<render::Staged>) -> Result<()> {
    if let Ok(old) = std::fs::read(path)
        && old == bytes
        && std::fs::metadata(path).is_ok_and(|m| render::owner_can_read(&m))
    {
        return Ok(());
    }
    files.push(
        render::stage(path, bytes).with_context(|| format!("cannot write {}", path.display()))?,
    );
    Ok(())
}

fn manifest(copies: &[&crate::check::Copy], case: &crate::case::Case) -> Result<Vec<u8>> {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(["file", "kind", "pages", "bytes", "sha256"])?;
    for cp in copies {
        let kind = case.documents[cp.document].kind.as_deref().unwrap_or("");
        let (pages, bytes, sha) = match &cp.facts {
            Some(f) => (
                // A copy that cannot be enclosed has no pages in the packet.
                if packet_source(cp).is_some() {
                    f.pages.len().to_string()
                } else {
                    String::new()
                },
                f.bytes.to_string(),
                f.sha256.map(|h| crate::hex(&h)).unwrap_or_default(),
            ),
            None => (String::new(), String::new(), String::new()),
        };
        let kind = if cp.translation {
            format!("{kind} (translation)")
        } else {
            kind.to_string()
        };
        w.write_record([
            crate::report::neutralise(&cp.rel).as_ref(),
            crate::report::neutralise(&kind).as_ref(),
            &pages,
            &bytes,
            &sha,
        ])?;
    }
    w.into_inner().map_err(|e| anyhow::anyhow!("{e}"))
}

fn prepare_case(
    c: &CaseResult,
    checked: &app::Checked,
    templates: &Templates,
    dir: &Path,
    force: bool,
) -> Result<Prepared> {
    let Some(case) = c.case() else {
        remove_stale_outputs(dir)?;
        return Ok(Outcome::NoPacket(
            "case.toml could not be read, so there is nothing to prepare (see C001 in the report)"
                .into(),
        )
        .into());
    };
    let errors = c
        .findings
        .iter()
        .filter(|f| f.severity == Severity::Error)
        .count();
    let ctx = Checked {
        forms: &checked.forms,
        config: &checked.config,
    };
    let not_ready = errors > 0;
    let Some(data) = cover_data(c, &ctx, !not_ready || force) else {
        remove_stale_outputs(dir)?;
        return Ok(Outcome::NoPacket("no case data".into()).into());
    };
    std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    let copies = ordered_copies(c, &checked.forms);
    let stamp = stamp_text(
        c.identifier(),
        case.applicant.client_number.as_deref(),
        &case.language,
    );
    let make_packet = !not_ready || force;
    // Everything the outputs depend on, hashed: when it is unchanged and the outputs are there,
    // a nightly rerun renders nothing.
    let inputs = inputs_key(templates, &data, &copies, &stamp, make_packet);
    let marker = dir.join(".dossier-inputs");
    if outputs_intact(dir, &inputs, make_packet) {
        let outcome = if make_packet {
            Outcome::Packet {
                left_out: left_out(&copies),
                not_ready,
            }
        } else {
            Outcome::NoPacket(no_packet_reason(errors))
        };
        return Ok(outcome.into());
    }
    let mut files = Vec::new();
    let mut sizes = Vec::new();
    let cover = render::cover_sheet(templates, &data)?;
    stage_if_changed(&dir.join("cover-sheet.pdf"), &cover, &mut files)?;
    sizes.push(("cover-sheet.pdf", cover.len() as u64));
    let fee_text = render::fee_summary(templates, &data)?;
    stage_if_changed(
        &dir.join("fee-summary.txt"),
        fee_text.as_bytes(),
        &mut files,
    )?;
    sizes.push(("fee-summary.txt", fee_text.len() as u64));
    let manifest = manifest(&copies, case)?;
    stage_if_changed(&dir.join("manifest.csv"), &manifest, &mut files)?;
    sizes.push(("manifest.csv", manifest.len() as u64));
    let packet_path = dir.join("packet.pdf");
    if !make_packet {
        // A packet from an earlier, clean run would now be wrong: remove it.
        remove_old(&packet_path)?;
        stage_marker(&marker, &inputs, &sizes, &mut files)?;
        return Ok(Prepared {
            outcome: Outcome::NoPacket(no_packet_reason(errors)),
            pending: Some(Pending { case: 0, files }),
        });
    }
    let mut packet_copies = Vec::new();
    for cp in &copies {
        let (Some(path), Some(facts), Some(source)) = (&cp.path, &cp.facts, packet_source(cp))
        else {
            continue;
        };
        let (Some(sha256), Some(seen)) = (facts.sha256, cp.seen) else {
            // Read and hashed, yet no stamp: the file vanished between the two.
            bail!(
                "{} could not be read again after it was checked: check that it is still there, \
                 then run dossier again",
                cp.rel
            );
        };
        let kind = case.documents[cp.document]
            .kind
            .as_deref()
            .unwrap_or("other");
        packet_copies.push(PacketCopy {
            path: path.clone(),
            source,
            title: format!(
                "{} ({})",
                ctx.forms.documents.label(kind, &case.language),
                cp.rel
            ),
            sha256,
            seen,
            pages: Some(facts.pages.len()),
        });
    }
    let packet = match render::build_packet(templates, &cover, &packet_copies, &stamp) {
        Ok(p) => p,
        Err(e) => {
            // The rest is still of use (the volunteer sees the fee and the list); the marker is
            // not written, so the next run tries the packet again.
            remove_old(&packet_path)?;
            remove_old(&marker)?;
            return Ok(Prepared {
                outcome: Outcome::PacketFailed(e.into()),
                pending: Some(Pending { case: 0, files }),
            });
        }
    };
    let staged = render::stage_with(&packet_path, |w| packet.write_to(w))
        .with_context(|| format!("cannot write {}", packet_path.display()))?;
    sizes.push((
        "packet.pdf",
        staged
            .size()
            .with_context(|| format!("cannot write {}", packet_path.display()))?,
    ));
    if !staged.same_as_existing() {
        files.push(staged);
    }
    // Committed last: a run killed before this point renders the case again next time.
    stage_marker(&marker, &inputs, &sizes, &mut files)?;
    Ok(Prepared {
        outcome: Outcome::Packet {
            left_out: left_out(&copies),
            not_ready,
        },
        pending: Some(Pending { case: 0, files }),
    })
}

/// Stages the marker, always (even when its bytes are the same): it must be committed after
/// every output of this run, since an output changed after it is not trusted next time.
fn stage_marker(
    marker: &Path,
    inputs: &str,
    sizes: &[(&str, u64)],
    files: &mut Vec<render::Staged>,
) -> Result<()> {
    let text = marker_text(inputs, sizes);
    files.push(
        render::stage(marker, text.as_bytes())
            .with_context(|| format!("cannot write {}", marker.display()))?,
    );
    Ok(())
}

/// The inputs marker, `.dossier-inputs`: the hash of everything the outputs are made from, then
/// each output with its size. The same inputs give the same marker, like every other output.
fn marker_text(inputs: &str, sizes: &[(&str, u64)]) -> String {
    let mut text = format!("{inputs}\n");
    for (name, size) in sizes {
        text.push_str(&format!("{name} {size}\n"));
    }
    text
}

/// True when the outputs in `dir` are exactly what these inputs make and nobody changed them
/// since: the marker names these inputs, every output it lists is there with its size, and no
/// output was written, replaced or touched after the marker (its status-change time, which no
/// program can set back, is not later than the marker's). A packet truncated by a full share or
/// saved over by a viewer is then written again instead of being trusted.
fn outputs_intact(dir: &Path, inputs: &str, make_packet: bool) -> bool {
    use std::os::unix::fs::MetadataExt;
    let marker = dir.join(".dossier-inputs");
    let (Ok(text), Ok(marked)) = (
        std::fs::read_to_string(&marker),
        std::fs::symlink_metadata(&marker),
    ) else {
        return false;
    };
    let mut lines = text.lines();
    if lines.next() != Some(inputs) {
        return false;
    }
    let changed_after =
        |m: &std::fs::Metadata| (m.ctime(), m.ctime_nsec()) > (marked.ctime(), marked.ctime_nsec());
    let mut listed = Vec::new();
    for line in lines {
        let Some((name, size)) = line.split_once(' ') else {
            return false;
        };
        let Ok(m) = std::fs::metadata(dir.join(name)) else {
            return false;
        };
        if !m.is_file() || size.parse::<u64>() != Ok(m.len()) || changed_after(&m) {
            return false;
        }
        listed.push(name);
    }
    let mut expected = vec!["cover-sheet.pdf", "fee-summary.txt", "manifest.csv"];
    if make_packet {
        expected.push("packet.pdf");
    }
    listed == expected && (make_packet || !dir.join("packet.pdf").exists())
}

/// The files `prepare` writes into a case's output folder.
const OUTPUT_FILES: [&str; 5] = [
    "packet.pdf",
    "cover-sheet.pdf",
    "fee-summary.txt",
    "manifest.csv",
    ".dossier-inputs",
];

/// Removes what an earlier run wrote for a case that now has nothing to prepare (its case.toml
/// no longer reads): an old packet must never look ready. Other files are left alone.
fn remove_stale_outputs(dir: &Path) -> Result<()> {
    match clear_outputs(dir).as_slice() {
        [] => Ok(()),
        remain => bail!(
            "cannot remove the old {} in {}",
            remain.join(", "),
            dir.display()
        ),
    }
}

/// Removes one output of an earlier run, if it is there.
fn remove_old(path: &Path) -> Result<()> {
    match std::fs::remove_file(path) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
            Err(anyhow::Error::new(e).context(format!("cannot remove the old {}", path.display())))
        }
        _ => Ok(()),
    }
}

/// Removes the temporary files (`.<output>.<random>.tmp`) that a run killed before it renamed
/// them left in a case's output folder. Only with the output folder's lock held: then no other
/// run is writing them.
fn remove_leftover_temporaries(dir: &Path) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.filter_map(Result::ok) {
        let name = e.file_name();
        let Some(name) = name.to_str() else {
            continue;
        };
        // tempfile's names: the prefix, six random letters or digits, the suffix.
        let ours = OUTPUT_FILES.iter().any(|f| {
            name.strip_prefix('.')
                .and_then(|n| n.strip_prefix(f))
                .and_then(|n| n.strip_prefix('.'))
                .and_then(|n| n.strip_suffix(".tmp"))
                .is_some_and(|r| r.len() == 6 && r.bytes().all(|b| b.is_ascii_alphanumeric()))
        });
        if ours && e.file_type().is_ok_and(|t| t.is_file()) {
            let _ = std::fs::remove_file(e.path());
        }
    }
}

/// What to tell a volunteer about outputs of an earlier run that could not be removed.
fn left_behind(dir: &Path, remain: &[&str]) -> String {
    format!(
        "the outputs of an earlier run ({}) could not be removed from {}: delete them by hand, \
         their packet no longer matches the case",
        remain.join(", "),
        dir.display()
    )
}

/// Removes what an earlier run wrote into a case's output folder, as far as it can: the names
/// of the outputs that may still be there (not removable, or the folder not readable).
fn clear_outputs(dir: &Path) -> Vec<&'static str> {
    let mut remain = Vec::new();
    if std::fs::symlink_metadata(dir).is_ok_and(|m| !m.is_dir()) {
        // Not an output folder at all (a file of that name): nothing of dossier's is in it.
        return remain;
    }
    for name in OUTPUT_FILES {
        let path = dir.join(name);
        match std::fs::symlink_metadata(&path) {
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Ok(_) if std::fs::remove_file(&path).is_ok() => {}
            _ => remain.push(name),
        }
    }
    remain
}

/// The id that a `case.toml` which no longer parses still states in its `[case]` table, if a
/// line there reads as one (`id = "2026-0142"`).
fn stated_id(case_dir: &Path) -> Option<String> {
    use std::io::Read;
    let mut text = String::new();
    std::fs::File::open(case_dir.join("case.toml"))
        .ok()?
        .take(1 << 20)
        .read_to_string(&mut text)
        .ok()?;
    let mut in_case = false;
    for line in text.lines() {
        let line = line.trim();
        if line.starts_with('[') {
            in_case = line.split('#').next().map(str::trim) == Some("[case]");
            continue;
        }
        if in_case
            && line.starts_with("id")
            && let Ok(table) = toml::from_str::<toml::Table>(line)
            && let Some(id) = table.get("id").and_then(|v| v.as_str())
        {
            return Some(id.to_owned());
        }
    }
    None
}

/// Folders in the output folder that hold an earlier run's outputs (they have its marker) of
/// cases not in this run: renamed, moved or removed since, or checked in another run.
fn foreign_outputs(out: &Path, names: &[String]) -> Vec<String> {
    let ours: BTreeSet<&str> = names.iter().map(String::as_str).collect();
    let Ok(entries) = std::fs::read_dir(out) else {
        return Vec::new();
    };
    let mut found: Vec<String> = entries
        .filter_map(Result::ok)
        .filter(|e| e.path().join(".dossier-inputs").is_file())
        .filter_map(|e| e.file_name().into_string().ok())
        .filter(|n| !ours.contains(n.as_str()))
        .collect();
    found.sort();
    found
}

fn no_packet_reason(errors: usize) -> String {
    format!(
        "{errors} error{} in the case (see the report); fix them or use --force",
        if errors == 1 { "" } else { "s" }
    )
}

/// A hash of everything a case's outputs are made from: the tool version, the templates, the
/// cover data, each enclosed copy's bytes (by SHA-256) and the stamp.
fn inputs_key(
    templates: &Templates,
    data: &render::CoverData,
    copies: &[&crate::check::Copy],
    stamp: &str,
    make_packet: bool,
) -> String {
    use sha2::{Digest, Sha256};
    let mut h = Sha256::new();
    h.update(env!("CARGO_PKG_VERSION"));
    h.update(render::RENDER_VERSION.to_be_bytes());
    h.update(crate::scan::INSPECTION_VERSION.to_be_bytes());
    h.update([0]);
    h.update(templates.fingerprint());
    h.update([0]);
    h.update(serde_json::to_vec(data).unwrap_or_default());
    h.update([0]);
    h.update(stamp);
    h.update([u8::from(make_packet)]);
    for cp in copies {
        h.update(cp.rel.as_bytes());
        h.update([0]);
        if let Some(f) = &cp.facts {
            h.update(f.sha256.unwrap_or_default());
            h.update(format!("{:?}", f.kind));
            h.update([u8::from(f.problem.is_some())]);
        }
    }
    crate::hex(&h.finalize())
}

/// `dossier fees --case DIR`: one case's fee with every reduction considered.
pub fn fees_for_case(dir: &Path, forms: &FormSet, out: &mut dyn Write) -> Result<ExitStatus> {
    let loaded = crate::case::load::load(dir, crate::date::today());
    let Some(case) = loaded.case else {
        let why = loaded
            .drafts
            .first()
            .map(|d| d.message.clone())
            .unwrap_or_default();
        bail!("cannot read {}: {why}", dir.join("case.toml").display());
    };
    // What reading case.toml found (a misspelt key, a wrong date) counts as much as the rest.
    let mut drafts = loaded.drafts;
    let form = crate::rules::case::form(&case, forms, &mut drafts).ok_or_else(|| {
        let why = drafts
            .last()
            .map(|d| d.message.as_str())
            .unwrap_or_default();
        anyhow::anyhow!("{why}")
    })?;
    let facts = crate::rules::case::facts(&case, form, &mut drafts);
    for d in &drafts {
        let severity = crate::rules::severity_of(d.code);
        writeln!(out, "{}: {} {}", severity.as_str(), d.code, d.message)?;
    }
    let broken = drafts
        .iter()
        .any(|d| crate::rules::severity_of(d.code) == crate::finding::Severity::Error);
    if broken {
        writeln!(
            out,
            "the fee below leaves out what case.toml gets wrong above: correct it first, the \
             fee may change"
        )?;
    }
    let kinds: BTreeSet<&str> = case
        .documents
        .iter()
        .filter_map(|d| d.kind.as_deref())
        .collect();
    let subject = crate::check::subject(&case, &facts, forms);
    let Some(fee) = form.fee(&subject, &forms.countries, &|k| kinds.contains(k)) else {
        bail!(
            "no fee schedule of form {} is in force on {}",
            form.number,
            case.submit_on
        );
    };
    writeln!(
        out,
        "case {}: form {} ({}), submission date {}",
        case.id, form.number, form.title_en, case.submit_on
    )?;
    match fee.amount_cents {
        Some(cents) => writeln!(out, "fee due: €{}", eur(cents))?,
        None => writeln!(
            out,
            "fee due: unknown: a reduction may apply but cannot be judged or has no amount in \
             this schedule (see below)"
        )?,
    }
    writeln!(
        out,
        "schedule in force from {} (source: {})",
        fee.valid_from, fee.source
    )?;
    writeln!(out, "base fee: €{}", eur(fee.base_cents))?;
    let view = fee_view(&fee, "en");
    for l in &view.considered {
        writeln!(out, "  €{:>6}  {}: {}", l.amount, l.reason, l.status)?;
    }
    Ok(if broken {
        ExitStatus::Findings
    } else {
        ExitStatus::Success
    })
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_stamp_prints_a_client_number_as_case_toml_writes_it() {
        use crate::scan::Identifier;
        let id = Identifier::ClientNumber("INDKL202600012345".to_owned());
        assert_eq!(
            super::stamp_text(&id, Some(" IND-KL-2026-00012345 "), "nl"),
            "Klantnummer IND-KL-2026-00012345"
        );
        let v = Identifier::VNumber("1234567890".to_owned());
        assert_eq!(super::stamp_text(&v, None, "en"), "V-number 1234567890");
        assert_eq!(
            crate::rules::case::compact_digits("123/456 78.9-0"),
            "1234567890"
        );
    }

    #[test]
    fn page_ranges_join_consecutive_pages() {
        assert_eq!(super::page_ranges(&[]), "");
        assert_eq!(super::page_ranges(&[1]), "1");
        assert_eq!(super::page_ranges(&[1, 2, 3, 5, 7, 8]), "1–3, 5, 7–8");
    }

    #[test]
    fn only_web_addresses_of_a_source_reach_the_cover_sheet() {
        let source = "https://ind.nl/kosten (both undated; year 2022 inferred), \
                      https://ind.nl/gezin; https://ind.nl/kosten. seed 002";
        assert_eq!(
            super::web_addresses(source),
            "https://ind.nl/kosten · https://ind.nl/gezin"
        );
        assert_eq!(super::web_addresses("IND page (seed 002, undated)"), "");
    }

    use super::*;

    #[test]
    fn a_panic_while_preparing_a_case_becomes_that_cases_error() {
        // The process's panic hook is silenced by `main`; in tests it only prints.
        let e = guarded(|| -> Result<()> { panic!("lopdf bug") }).unwrap_err();
        assert!(e.to_string().contains("internal error"), "{e}");
        assert_eq!(guarded(|| Ok(7)).unwrap(), 7);
        let e = guarded(|| -> Result<()> { bail!("disk full") }).unwrap_err();
        assert_eq!(e.to_string(), "disk full");
    }
}
