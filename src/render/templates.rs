//! The templates in use: the built-in copies of `templates/` compiled into the binary, or an
//! organisation's folder given with `--templates DIR` (any file missing there falls back to the
//! built-in one).
//!
//! Loading checks every template once, so that a syntax error stops the run with exit 2 before
//! any case is prepared, naming the file, line and column. The typst world (fonts, library,
//! sources) is built once here and shared, read-only, by every thread that renders a case.
//! This file does not render case data; `cover.rs`, `stamp.rs` and `text.rs` do.

use std::collections::BTreeMap;
use std::path::Path;

use sha2::{Digest, Sha256};
use typst::foundations::{Dict, Smart};
use typst::syntax::{DiagSpanKind, Source};
use typst::{World, WorldExt};
use typst_as_lib::TypstEngine;
use typst_layout::PagedDocument;

use super::{RenderError, fonts};

/// Every template file name with its built-in text.
const BUILTIN: [(&str, &str); 6] = [
    (
        "cover-layout.typ",
        include_str!("../../templates/cover-layout.typ"),
    ),
    (
        "cover-sheet.nl.typ",
        include_str!("../../templates/cover-sheet.nl.typ"),
    ),
    (
        "cover-sheet.en.typ",
        include_str!("../../templates/cover-sheet.en.typ"),
    ),
    ("stamp.typ", include_str!("../../templates/stamp.typ")),
    (
        "fee-summary.nl.txt.tera",
        include_str!("../../templates/fee-summary.nl.txt.tera"),
    ),
    (
        "fee-summary.en.txt.tera",
        include_str!("../../templates/fee-summary.en.txt.tera"),
    ),
];

/// How many typst cache generations survive between renders. Each case's data differs, so
/// little carries over from one cover sheet to the next: keeping 2 generations instead of 20
/// measured 11 % less CPU per cover sheet (the eviction walks the whole cache) and half the
/// memory.
const CACHE_GENERATIONS: usize = 2;

/// The templates in use: built-in (compiled in from templates/) or an organisation's folder.
pub struct Templates {
    texts: BTreeMap<String, String>,
    /// SHA-256 over every template and asset, so that document identifiers change whenever
    /// anything that shapes the output changes.
    fingerprint: String,
    engine: TypstEngine,
    tera: tera::Tera,
}

impl std::fmt::Debug for Templates {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Templates")
            .field("files", &self.texts.keys().collect::<Vec<_>>())
            .field("fingerprint", &self.fingerprint)
            .finish_non_exhaustive()
    }
}

impl Templates {
    /// The templates compiled into the binary. They are tested, so this cannot fail.
    pub fn builtin() -> Templates {
        let texts = BUILTIN
            .iter()
            .map(|(name, text)| ((*name).to_owned(), (*text).to_owned()))
            .collect();
        match Self::from_files(texts, Vec::new()) {
            Ok(t) => t,
            // The built-in templates are checked by the test suite; reaching this is a bug
            // in a release, not something a user's input can cause.
            Err(e) => panic!("built-in templates are broken: {e}"),
        }
    }

    /// A folder with the same file names as templates/; a missing file falls back to the
    /// built-in one. Errors (exit 2 for the user) name the file and the problem (tera/typst
    /// syntax errors with line).
    pub fn load_dir(dir: &Path) -> Result<Templates, RenderError> {
        let entries = std::fs::read_dir(dir).map_err(|source| RenderError::TemplateRead {
            path: dir.to_owned(),
            source,
        })?;
        let mut texts: BTreeMap<String, String> = BUILTIN
            .iter()
            .map(|(name, text)| ((*name).to_owned(), (*text).to_owned()))
            .collect();
        let mut assets = Vec::new();
        let mut paths: Vec<_> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
        paths.sort();
        for path in paths {
            let Some(name) = path.file_name().and_then(|n| n.to_str()).map(str::to_owned) else {
                continue;
            };
            if name.starts_with('.') || !path.is_file() {
                continue;
            }
            let bytes = std::fs::read(&path).map_err(|source| RenderError::TemplateRead {
                path: path.clone(),
                source,
            })?;
            if name.ends_with(".typ") || name.ends_with(".tera") {
                let text = String::from_utf8(bytes).map_err(|_| RenderError::TemplateRead {
                    path: path.clone(),
                    source: std::io::Error::new(
                        std::io::ErrorKind::InvalidData,
                        "not UTF-8 text: save the template as UTF-8",
                    ),
                })?;
                texts.insert(name, text);
            } else {
                // Anything else (a logo, say) is there for a template to load with image().
                assets.push((name, bytes));
            }
        }
        let templates = Self::from_files(texts, assets)?;
        templates.trial_render()?;
        Ok(templates)
    }

    fn from_files(
        texts: BTreeMap<String, String>,
        assets: Vec<(String, Vec<u8>)>,
    ) -> Result<Templates, RenderError> {
        let mut tera = tera::Tera::default();
        // Plain-text outputs: HTML escaping would turn a name like "<b>" into "&lt;b&gt;".
        tera.autoescape_on(Vec::new());
        let mut hash = Sha256::new();
        for (name, text) in &texts {
            hash.update(name.as_bytes());
            hash.update([0]);
            hash.update(text.as_bytes());
            hash.update([0]);
            if name.ends_with(".typ") {
                check_typst_syntax(name, text)?;
            } else {
                tera.add_raw_template(name, text)
                    .map_err(|e| tera_syntax_error(name, &e))?;
            }
        }
        for (name, bytes) in &assets {
            hash.update(name.as_bytes());
            hash.update([0]);
            hash.update(bytes);
            hash.update([0]);
        }
        let sources: Vec<(&str, String)> = texts
            .iter()
            .filter(|(name, _)| name.ends_with(".typ"))
            .map(|(name, text)| (name.as_str(), text.clone()))
            .collect();
        let engine = TypstEngine::builder()
            .fonts(fonts::all())
            .with_static_source_file_resolver(sources)
            .with_static_file_resolver(assets.iter().map(|(n, b)| (n.as_str(), b.clone())))
            .build();
        Ok(Templates {
            texts,
            fingerprint: crate::hex(&hash.finalize()),
            engine,
            tera,
        })
    }

    /// Renders every template once with invented data, so that an error in an organisation's
    /// template (an unknown variable, a misspelt field) stops the run before any case.
    fn trial_render(&self) -> Result<(), RenderError> {
        for language in super::LANGUAGES {
            let full = super::cover::sample_data(language);
            // The other branches: no fee, nothing waived, a client number, no organisation.
            let mut sparse = full.clone();
            sparse.not_ready = false;
            sparse.fee = None;
            sparse.waived.clear();
            sparse.applicant.v_number = None;
            sparse.applicant.client_number = Some("K-0000001".to_owned());
            sparse.organisation = super::Organisation::default();
            for sample in [full, sparse] {
                super::cover_sheet(self, &sample)?;
                super::fee_summary(self, &sample)?;
            }
        }
        super::stamp::stamp_pdf(self, "V-nummer 1234567890")?;
        Ok(())
    }

    /// The text of a template (empty when there is none).
    pub(crate) fn source(&self, name: &str) -> &str {
        self.texts.get(name).map(String::as_str).unwrap_or_default()
    }

    /// A hash of every template and asset in use, for deriving document identifiers.
    pub(crate) fn fingerprint(&self) -> &str {
        &self.fingerprint
    }

    /// The tera templates (the text outputs).
    pub(crate) fn tera(&self) -> &tera::Tera {
        &self.tera
    }

    /// Typesets the typst template `file` with `inputs` as `sys.inputs` and writes a PDF whose
    /// document identifier is derived from `ident`.
    pub(crate) fn typeset(
        &self,
        file: &str,
        inputs: Dict,
        ident: String,
        tagged: bool,
    ) -> Result<Vec<u8>, RenderError> {
        let world = self
            .engine
            .world_builder(file)
            .with_inputs(inputs)
            .build()
            .map_err(|e| RenderError::TemplateRender {
                file: file.to_owned(),
                line: None,
                message: e.to_string(),
            })?;
        let compiled = typst::compile::<PagedDocument>(&world).output;
        let result = compiled
            .map_err(|diags| diagnostic_error(&world, file, &diags))
            .and_then(|doc| {
                let options = typst_pdf::PdfOptions {
                    ident: Smart::Custom(ident),
                    creator: Smart::Custom(Some("dossier".to_owned())),
                    timestamp: None,
                    tagged,
                    ..Default::default()
                };
                typst_pdf::pdf(&doc, &options)
                    .map_err(|diags| diagnostic_error(&world, file, &diags))
            });
        typst::comemo::evict(CACHE_GENERATIONS);
        result
    }
}

/// Turns typst's diagnostics into one error naming the template file and line of the first.
fn diagnostic_error(
    world: &dyn World,
    main: &str,
    diags: &[typst::diag::SourceDiagnostic],
) -> RenderError {
    let Some(first) = diags
        .iter()
        .find(|d| d.severity == typst::diag::Severity::Error)
        .or(diags.first())
    else {
        return RenderError::TemplateRender {
            file: main.to_owned(),
            line: None,
            message: "typst failed without a message".to_owned(),
        };
    };
    let mut file = main.to_owned();
    let mut line = None;
    if let Some(id) = first.span.id() {
        file = id.vpath().get_without_slash().to_owned();
        if let (Ok(source), Some(range)) = (world.source(id), world.range(first.span)) {
            line = source.lines().byte_to_line(range.start).map(|l| l + 1);
        }
    }
    let mut message = first.message.to_string();
    for hint in &first.hints {
        message.push_str("; hint: ");
        message.push_str(&hint.v);
    }
    RenderError::TemplateRender {
        file,
        line,
        message,
    }
}

fn check_typst_syntax(name: &str, text: &str) -> Result<(), RenderError> {
    let source = Source::detached(text);
    let (errors, _) = source.root().errors_and_warnings();
    let Some(error) = errors.into_iter().next() else {
        return Ok(());
    };
    let range = match error.span.get() {
        DiagSpanKind::Number { num, sub_range, .. } => source.range(num, sub_range),
        DiagSpanKind::Range { range, .. } => Some(range),
        DiagSpanKind::Detached => None,
    };
    let (line, column) = range
        .and_then(|r| source.lines().byte_to_line_column(r.start))
        .map_or((1, 1), |(l, c)| (l + 1, c + 1));
    Err(RenderError::TemplateSyntax {
        file: name.to_owned(),
        line,
        column,
        message: error.message.to_string(),
    })
}

/// tera reports the position only inside its pest error's text (`--> 3:5`); dig it out.
fn tera_syntax_error(name: &str, error: &tera::Error) -> RenderError {
    let mut text = String::new();
    let mut cause: Option<&dyn std::error::Error> = Some(error);
    while let Some(e) = cause {
        text.push_str(&e.to_string());
        text.push('\n');
        cause = e.source();
    }
    let (line, column) = text
        .split_once("--> ")
        .and_then(|(_, rest)| {
            let pos: String = rest
                .chars()
                .take_while(|c| c.is_ascii_digit() || *c == ':')
                .collect();
            let (l, c) = pos.split_once(':')?;
            Some((l.parse().ok()?, c.parse().ok()?))
        })
        .unwrap_or((1, 1));
    let message = text
        .lines()
        .rev()
        .map(str::trim)
        .find(|l| l.starts_with('=') || l.starts_with("expected"))
        .map(|l| l.trim_start_matches('=').trim().to_owned())
        .unwrap_or_else(|| error.to_string());
    RenderError::TemplateSyntax {
        file: name.to_owned(),
        line,
        column,
        message,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn templates_can_be_shared_between_threads() {
        fn assert_sync<T: Send + Sync>() {}
        assert_sync::<Templates>();
    }

    #[test]
    fn builtin_templates_render() {
        let t = Templates::builtin();
        t.trial_render().unwrap();
    }

    #[test]
    fn typst_syntax_error_names_file_and_line() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("cover-sheet.en.typ"),
            "// ok\n#let x = (\n#x)\n#let y = [\n",
        )
        .unwrap();
        let e = Templates::load_dir(dir.path()).unwrap_err();
        match e {
            RenderError::TemplateSyntax { file, line, .. } => {
                assert_eq!(file, "cover-sheet.en.typ");
                assert!(line >= 2, "line {line}");
            }
            other => panic!("unexpected {other}"),
        }
    }

    #[test]
    fn tera_syntax_error_names_file_and_line() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("fee-summary.nl.txt.tera"),
            "line one\n{% if fee %}\n{{ fee.amount + }}\n{% endif %}\n",
        )
        .unwrap();
        let e = Templates::load_dir(dir.path()).unwrap_err();
        let text = e.to_string();
        match e {
            RenderError::TemplateSyntax { file, line, .. } => {
                assert_eq!(file, "fee-summary.nl.txt.tera");
                assert_eq!(line, 3, "{text}");
            }
            other => panic!("unexpected {other}"),
        }
    }

    #[test]
    fn unknown_field_in_organisation_template_is_caught_at_load() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("cover-sheet.nl.typ"),
            "#set page(paper: \"a4\")\n\n#sys.inputs.applicant.nmae\n",
        )
        .unwrap();
        let e = Templates::load_dir(dir.path()).unwrap_err();
        match e {
            RenderError::TemplateRender { file, line, .. } => {
                assert_eq!(file, "cover-sheet.nl.typ");
                assert_eq!(line, Some(3));
            }
            other => panic!("unexpected {other}"),
        }
    }

    #[test]
    fn a_missing_folder_is_an_error() {
        let dir = tempfile::tempdir().unwrap();
        let e = Templates::load_dir(&dir.path().join("tempaltes")).unwrap_err();
        assert!(e.to_string().contains("tempaltes"), "{e}");
    }

    #[test]
    fn an_organisation_can_add_a_logo_and_changes_the_fingerprint() {
        let dir = tempfile::tempdir().unwrap();
        let layout = BUILTIN[0].1.replace(
            "text(weight: \"bold\", size: 11pt, fill: accent, wrap-long(d.organisation.name))",
            "image(\"logo.svg\", height: 10mm)",
        );
        assert_ne!(layout, BUILTIN[0].1, "the layout changed; update this test");
        std::fs::write(dir.path().join("cover-layout.typ"), layout).unwrap();
        std::fs::write(
            dir.path().join("logo.svg"),
            r#"<svg xmlns="http://www.w3.org/2000/svg" width="20" height="10"><rect width="20" height="10"/></svg>"#,
        )
        .unwrap();
        let t = Templates::load_dir(dir.path()).unwrap();
        assert_ne!(t.fingerprint(), Templates::builtin().fingerprint());
    }

    #[test]
    fn missing_files_fall_back_to_builtin() {
        let dir = tempfile::tempdir().unwrap();
        let t = Templates::load_dir(dir.path()).unwrap();
        assert_eq!(t.source("stamp.typ"), BUILTIN[3].1);
    }
}
