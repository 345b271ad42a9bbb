//! The check of every case: discovery, then each case in parallel (load, inspect each copy once,
//! run the rules), then the cross-case rules, waivers and the per-case summary.
//!
//! Output order never depends on scheduling: cases are kept in discovery order and findings are
//! sorted by the report writers, so `--jobs 1` and `--jobs 8` give identical reports.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::case::discover::{self, DiscoverError, FoundCase};
use crate::case::paths::{self, PathProblem};
use crate::case::{Case, load};
use crate::date::{self, Date};
use crate::finding::{Draft, Finding, Severity};
use crate::form::{FeeOutcome, FormSet, Subject};
use crate::report::{CaseSummary, Status};
use crate::rules;
use crate::scan::{self, CopyFacts, Identifier, Limits};

/// How a check runs.
#[derive(Clone)]
pub struct Options {
    /// Default submission date for cases without `submit_on`.
    pub today: Date,
    /// Caps on the work per file.
    pub limits: Limits,
    /// Folders never walked (the tool's own outputs), canonical.
    pub skip: Vec<PathBuf>,
    /// The incremental cache, when used.
    pub cache: Option<std::sync::Arc<crate::cache::Cache>>,
    /// Show a progress bar on stderr (the caller decides: a terminal and not `--quiet`).
    pub progress: bool,
    /// Keep each case's parsed `case.toml`, copies and fee ([`Details`]) for `prepare`. A plain
    /// check keeps only the findings and the summary, so that a run over thousands of cases
    /// does not hold every case's data until the reports are written.
    pub keep_details: bool,
}

/// One referenced copy of a case.
#[derive(Debug, Clone)]
pub struct Copy {
    /// Path as written, normalised, relative to the case folder.
    pub rel: String,
    /// Index of its document in `case.documents`.
    pub document: usize,
    /// True for a file of the document's translation.
    pub translation: bool,
    /// The real path, when it resolved safely.
    pub path: Option<PathBuf>,
    /// What inspecting it found (None when it could not be resolved).
    pub facts: Option<CopyFacts>,
    /// The file's stamp taken just before it was inspected, so that `prepare` can refuse a copy
    /// that changed after it was checked.
    pub seen: Option<scan::FileStamp>,
}

/// Everything known about one case after the check.
#[derive(Debug)]
pub struct CaseResult {
    /// The case folder.
    pub dir: PathBuf,
    /// Case id.
    pub id: String,
    /// Form number as written ("" when unreadable).
    pub form: String,
    /// Findings after waivers.
    pub findings: Vec<Finding>,
    /// The line of the summary CSV.
    pub summary: CaseSummary,
    /// The case's data, only with [`Options::keep_details`].
    pub details: Option<Details>,
}

impl CaseResult {
    /// The parsed case, when `case.toml` could be read and the details were kept.
    pub fn case(&self) -> Option<&Case> {
        self.details.as_ref()?.case.as_ref()
    }

    /// The referenced copies (empty unless the details were kept).
    pub fn copies(&self) -> &[Copy] {
        self.details.as_ref().map_or(&[], |d| &d.copies)
    }

    /// The fee, when it could be computed and the details were kept.
    pub fn fee(&self) -> Option<&FeeOutcome> {
        self.details.as_ref()?.fee.as_ref()
    }

    /// What is searched on each page ([`Identifier::Nothing`] unless the details were kept).
    pub fn identifier(&self) -> &Identifier {
        self.details
            .as_ref()
            .map_or(&Identifier::Nothing, |d| &d.identifier)
    }
}

/// What `prepare` needs of a checked case beyond its findings.
#[derive(Debug, Default)]
pub struct Details {
    /// The parsed case, when `case.toml` could be read.
    pub case: Option<Case>,
    /// Referenced copies in `case.toml` order, each once.
    pub copies: Vec<Copy>,
    /// The fee, when it could be computed.
    pub fee: Option<FeeOutcome>,
    /// What is searched on each page.
    pub identifier: Identifier,
}

/// The outcome of a whole run.
#[derive(Debug, Default)]
pub struct Run {
    /// Cases in discovery order.
    pub cases: Vec<CaseResult>,
    /// Folders outside every case that could not be read: the run is partial.
    pub unreadable: Vec<(PathBuf, String)>,
}

impl Run {
    /// Moves every finding out of the cases (for a plain check, which needs them only once: a
    /// big run then holds one copy of its findings, not two).
    pub fn take_findings(&mut self) -> Vec<Finding> {
        self.cases
            .iter_mut()
            .flat_map(|c| std::mem::take(&mut c.findings))
            .collect()
    }

    /// Puts back findings taken by [`Run::take_findings`]: `per_case` holds how many each
    /// case had, in order.
    pub fn give_back_findings(&mut self, findings: Vec<Finding>, per_case: &[usize]) {
        let mut all = findings.into_iter();
        for (case, &n) in self.cases.iter_mut().zip(per_case) {
            case.findings = all.by_ref().take(n).collect();
        }
    }

    /// Every case summary.
    pub fn summaries(&self) -> Vec<CaseSummary> {
        self.cases.iter().map(|c| c.summary.clone()).collect()
    }
}

/// A case between its own check and the cross-case rules: everything the rest of the run
/// needs, and the full [`Details`] only when they are kept.
struct Partial {
    dir: PathBuf,
    id: String,
    form: String,
    drafts: Vec<Draft>,
    /// (SHA-256, file) of every copy that could be read, for X001.
    hashes: Vec<([u8; 32], String)>,
    v_number: Option<String>,
    /// Name and date of birth, for X002.
    applicant: Option<(String, Option<Date>)>,
    waivers: Vec<crate::case::load::Waiver>,
    submit_on: Option<Date>,
    copies: u32,
    pages: u32,
    /// Fee in cents and the date its schedule is valid from.
    fee: Option<(Option<u64>, Date)>,
    details: Option<Details>,
}

impl Partial {
    fn new(fc: &FoundCase, id: String, form: String, drafts: Vec<Draft>) -> Partial {
        Partial {
            dir: fc.dir.clone(),
            id,
            form,
            drafts,
            hashes: Vec::new(),
            v_number: None,
            applicant: None,
            waivers: Vec::new(),
            submit_on: None,
            copies: 0,
            pages: 0,
            fee: None,
            details: None,
        }
    }

    /// Takes from `details` what the rest of the run needs, and keeps the rest only if asked.
    fn with(mut self, details: Details, keep: bool) -> Partial {
        self.hashes = details
            .copies
            .iter()
            .filter_map(|c| Some((c.facts.as_ref()?.sha256?, c.rel.clone())))
            .collect();
        self.copies = details.copies.len() as u32;
        self.pages = details
            .copies
            .iter()
            .filter_map(|c| c.facts.as_ref())
            .map(|f| f.pages.len() as u32)
            .sum();
        self.fee = details.fee.as_ref().map(|f| (f.amount_cents, f.valid_from));
        if let Some(case) = &details.case {
            self.applicant = case
                .applicant
                .name
                .clone()
                .map(|n| (n, case.applicant.born));
            self.waivers = case.waivers.clone();
            self.submit_on = Some(case.submit_on);
        }
        if keep {
            self.details = Some(details);
        }
        self
    }
}

/// Checks every case under `roots`.
pub fn run(roots: &[PathBuf], forms: &FormSet, opts: &Options) -> Result<Run, DiscoverError> {
    let spinner = opts
        .progress
        .then(|| crate::progress::Spinner::new("finding the case folders"));
    let found = discover::discover(roots, &opts.skip);
    drop(spinner);
    let found = found?;
    let progress = opts
        .progress
        .then(|| crate::progress::Progress::new(found.cases.len() as u64, "checking"));
    let partials: Vec<Partial> = found
        .cases
        .par_iter()
        .map(|fc| {
            let (p, bytes) = check_case_guarded(fc, forms, opts);
            if let Some(pr) = &progress {
                pr.tick(u64::from(p.copies), bytes);
            }
            p
        })
        .collect();
    if let Some(pr) = &progress {
        pr.finish();
    }
    // Cross-case rules.
    let inputs: Vec<rules::cross::CrossInput> = partials
        .iter()
        .map(|p| rules::cross::CrossInput {
            id: &p.id,
            hashes: p.hashes.iter().map(|(h, f)| (*h, f.as_str())).collect(),
            v_number: p.v_number.as_deref(),
            applicant: p.applicant.clone(),
        })
        .collect();
    let cross = rules::cross::check(&inputs);
    drop(inputs);
    let cases = partials
        .into_par_iter()
        .zip(cross.into_par_iter())
        .map(|(p, extra)| finish(p, extra))
        .collect();
    Ok(Run {
        cases,
        unreadable: found.unreadable,
    })
}

fn finish(p: Partial, extra: Vec<Draft>) -> CaseResult {
    let mut drafts = p.drafts;
    drafts.extend(extra);
    let on = p.submit_on.unwrap_or_else(date::today);
    let mut findings =
        rules::waivers::apply(&p.id, &p.form, drafts, &p.waivers, on, &rules::severity_of);
    findings.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    let count = |s: Severity| findings.iter().filter(|f| f.severity == s).count() as u32;
    let (errors, warnings, waived) = (
        count(Severity::Error),
        count(Severity::Warning),
        count(Severity::Waived),
    );
    let mut properties = Vec::new();
    if let Some((_, valid_from)) = &p.fee {
        properties.push(("fee_schedule".to_string(), valid_from.to_string()));
    }
    let summary = CaseSummary {
        case: p.id.clone(),
        form: p.form.clone(),
        status: CaseSummary::status_from(errors, warnings),
        errors,
        warnings,
        waived,
        fee_cents: p.fee.and_then(|(cents, _)| cents),
        copies: p.copies,
        pages: p.pages,
        properties,
    };
    debug_assert!(matches!(
        summary.status,
        Status::Ready | Status::Errors | Status::Warnings
    ));
    CaseResult {
        dir: p.dir,
        id: p.id,
        form: p.form,
        findings,
        summary,
        details: p.details,
    }
}

/// A panic in one case must not stop the others: it becomes a finding for that case. Also
/// returns the bytes of the copies read, for the progress bar.
fn check_case_guarded(fc: &FoundCase, forms: &FormSet, opts: &Options) -> (Partial, u64) {
    let checked = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        let (partial, details) = check_case(fc, forms, opts);
        let bytes = details
            .copies
            .iter()
            .filter_map(|c| c.facts.as_ref().map(|f| f.bytes))
            .sum();
        (partial.with(details, opts.keep_details), bytes)
    }));
    checked.unwrap_or_else(|_| {
        let id = fc
            .dir
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let draft = Draft::file(
            "F003",
            "",
            "this case could not be checked because of an internal error in dossier; please \
             report it (without the case's files) and check this case by hand",
        );
        let details = opts.keep_details.then(Details::default);
        let p = Partial::new(fc, id, String::new(), vec![draft]);
        (Partial { details, ..p }, 0)
    })
}

/// What the form's conditions are judged on: the facts, the applicant's age on the submission
/// date, and the nationalities that are real country codes (a typo such as "TU" is C007 and
/// decides nothing).
pub(crate) fn subject<'a>(
    case: &'a Case,
    facts: &'a BTreeMap<String, crate::form::FactValue>,
    forms: &FormSet,
) -> Subject<'a> {
    let country = |n: &&str| forms.countries.is_country(n);
    Subject {
        facts,
        nationality: case.applicant.nationality.as_deref().filter(country),
        sponsor_nationality: case
            .sponsor
            .as_ref()
            .and_then(|s| s.nationality.as_deref())
            .filter(country),
        age: case.applicant.born.map(|b| date::age_on(b, case.submit_on)),
        submit_on: case.submit_on,
    }
}

fn check_case(fc: &FoundCase, forms: &FormSet, opts: &Options) -> (Partial, Details) {
    let loaded = load::load(&fc.dir, opts.today);
    let mut drafts = loaded.drafts;
    if let Some(outer) = &fc.outer {
        let outer_name = outer
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        drafts.push(Draft::file(
            "C009",
            "case.toml",
            format!(
                "this case folder lies inside another case folder (\"{outer_name}\"): move it \
                 next to that case, so that each case's files stay apart"
            ),
        ));
    }
    for (folder, reason) in &fc.unreadable {
        drafts.push(Draft::file(
            "F003",
            folder.clone(),
            format!("the folder {folder} cannot be read ({reason}): check its permissions"),
        ));
    }
    let Some(case) = loaded.case else {
        return (
            Partial::new(fc, loaded.id, loaded.form, drafts),
            Details::default(),
        );
    };

    let form = rules::case::form(&case, forms, &mut drafts);
    let facts = match form {
        Some(f) => rules::case::facts(&case, f, &mut drafts),
        None => BTreeMap::new(),
    };
    let (v_number, client) = rules::case::identifiers(
        &case.applicant,
        forms.documents.v_number_digits,
        &mut drafts,
    );
    rules::case::codes(&case, forms, &mut drafts);
    for d in &case.documents {
        if d.original {
            drafts.push(Draft::file(
                "F009",
                d.first_file(),
                format!(
                    "document {} is marked original = true: never send originals, the client \
                     keeps them. Send a copy and set original = false",
                    d.number
                ),
            ));
        }
        if let Some(kind) = d.kind.as_deref()
            && !forms.documents.is_known_kind(kind)
        {
            let kinds: Vec<&str> = forms
                .documents
                .kinds
                .iter()
                .map(|k| k.kind.as_str())
                .collect();
            let hint = match load::suggest(kind, kinds.iter().copied()) {
                Some(s) => format!(" Did you mean \"{s}\"?"),
                None => format!(" The kinds are: {}", kinds.join(", ")),
            };
            drafts.push(Draft::file(
                "C002",
                "case.toml",
                format!(
                    "document {} has kind \"{kind}\", which is not a document kind this tool \
                     knows.{hint}",
                    d.number
                ),
            ));
        }
    }
    let identifier = match (&v_number, &client, &case.applicant) {
        (Some(v), Some(c), _) => Identifier::VOrClientNumber {
            v_number: v.clone(),
            client_number: c.clone(),
        },
        (Some(v), None, _) => Identifier::VNumber(v.clone()),
        (None, Some(c), _) => Identifier::ClientNumber(c.clone()),
        (None, None, p) => match (&p.name, p.born) {
            (Some(name), Some(born)) => Identifier::NameAndBirth {
                name: name.clone(),
                born,
            },
            _ => Identifier::Nothing,
        },
    };

    let copies = inspect_copies(&case, &fc.dir, &identifier, opts, &mut drafts);
    for c in &copies {
        if let Some(f) = &c.facts {
            rules::files::copy_findings(&c.rel, f, &identifier, &mut drafts);
        }
    }
    unreferenced(fc, &copies, &case, &mut drafts);

    rules::legal::check(&case, forms, &mut drafts);
    let mut fee = None;
    if let Some(form) = form {
        let subject = subject(&case, &facts, forms);
        rules::required::check(&case, form, forms, &subject, &mut drafts);
        let kinds: BTreeSet<&str> = case
            .documents
            .iter()
            .filter_map(|d| d.kind.as_deref())
            .collect();
        fee = form.fee(&subject, &forms.countries, &|k| kinds.contains(k));
        if let Some(f) = &fee {
            rules::fee::proof(form, f, &mut drafts);
            rules::fee::unknown(form, f, &mut drafts);
        }
        rules::fee::stale(form, case.submit_on, &mut drafts);
    }
    let partial = Partial {
        v_number,
        ..Partial::new(fc, loaded.id, loaded.form, drafts)
    };
    let details = Details {
        case: Some(case),
        copies,
        fee,
        identifier,
    };
    (partial, details)
}

/// Resolves and inspects every referenced file once (C008, F001, F010).
fn inspect_copies(
    case: &Case,
    dir: &Path,
    id: &Identifier,
    opts: &Options,
    drafts: &mut Vec<Draft>,
) -> Vec<Copy> {
    let mut copies: Vec<Copy> = Vec::new();
    let mut seen: BTreeSet<String> = BTreeSet::new();
    for (i, d) in case.documents.iter().enumerate() {
        let refs = d
            .files
            .iter()
            .map(|f| (f, false))
            .chain(d.translation.iter().map(|f| (f, true)));
        for (written, translation) in refs {
            let rel = paths::normalise_rel(written);
            let shown = if rel.is_empty() {
                written.clone()
            } else {
                rel.clone()
            };
            if !seen.insert(shown.clone()) {
                drafts.push(Draft::file(
                    "F010",
                    shown.clone(),
                    format!(
                        "{shown} is referenced more than once in case.toml (again in document \
                         {}): it would be printed twice. Remove the extra reference",
                        d.number
                    ),
                ));
                continue;
            }
            let resolved = paths::resolve(dir, written);
            let path = match resolved {
                Ok(p) => Some(p),
                Err(PathProblem::Escapes(why)) => {
                    drafts.push(Draft::file(
                        "C008",
                        written.clone(),
                        format!(
                            "document {} refers to a file outside the case folder ({why}); it \
                             was not read. Copy the file into the case folder (e.g. copies/) \
                             and refer to it by a relative path",
                            d.number
                        ),
                    ));
                    None
                }
                Err(PathProblem::Missing) | Err(PathProblem::Empty) => {
                    drafts.push(Draft::file(
                        "F001",
                        shown.clone(),
                        format!(
                            "{shown} (document {}) does not exist in the case folder: check the \
                             spelling in case.toml, or add the scan",
                            d.number
                        ),
                    ));
                    None
                }
            };
            copies.push(Copy {
                rel: shown,
                document: i,
                translation,
                path,
                facts: None,
                seen: None,
            });
        }
    }
    // Inspect in parallel within the case too: big cases should not serialise a run.
    copies.par_iter_mut().for_each(|c| {
        if let Some(p) = &c.path {
            c.seen = std::fs::metadata(p).ok().map(|m| scan::FileStamp::of(&m));
            let inspect = || scan::inspect_copy(p, id, &opts.limits);
            c.facts = Some(match &opts.cache {
                Some(cache) => cache.inspect(p, id, inspect),
                None => inspect(),
            });
        }
    });
    // The same bytes under two names in one case is the same copy twice.
    let mut by_hash: BTreeMap<[u8; 32], &str> = BTreeMap::new();
    for c in &copies {
        if let Some(h) = c.facts.as_ref().and_then(|f| f.sha256) {
            if let Some(first) = by_hash.get(&h) {
                drafts.push(Draft::file(
                    "F010",
                    c.rel.clone(),
                    format!(
                        "{} has exactly the same content as {first}: the same copy would be \
                         printed twice. Remove one of them",
                        c.rel
                    ),
                ));
            } else {
                by_hash.insert(h, &c.rel);
            }
        }
    }
    copies
}

/// F007 for files in the case folder that case.toml does not reference, and F004/F008 for
/// media and unprintable files among them.
fn unreferenced(fc: &FoundCase, copies: &[Copy], _case: &Case, drafts: &mut Vec<Draft>) {
    let referenced: BTreeSet<&str> = copies.iter().map(|c| c.rel.as_str()).collect();
    for f in &fc.files {
        if f == "case.toml" || referenced.contains(f.as_str()) {
            continue;
        }
        let path = fc.dir.join(f);
        let is_file = std::fs::symlink_metadata(&path)
            .map(|m| m.is_file())
            .unwrap_or(false);
        if is_file {
            // Digital media stays an error even unlisted (it tempts a USB stick into the
            // envelope); an unlisted file that cannot be printed is not going to be printed, so
            // F007 alone says what to do with it.
            let mut kind = Vec::new();
            rules::files::kind_findings(f, &scan::sniff_file(&path), &mut kind);
            drafts.extend(kind.into_iter().filter(|d| d.code != "F008"));
        }
        drafts.push(Draft::file(
            "F007",
            f.clone(),
            format!(
                "{f} is in the case folder but case.toml does not list it: add it as a \
                 [[documents]] entry if it belongs in the envelope, or move it out of the case \
                 folder"
            ),
        ));
    }
}
