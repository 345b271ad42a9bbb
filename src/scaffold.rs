//! `dossier new`: the `case.toml` scaffold, rendered by tera from `templates/case.toml.tera`,
//! listing the form's facts and checklist as comments.

use std::path::Path;

use anyhow::{Context, Result};
use serde::Serialize;

use crate::form::{FactKind, Form, FormSet};

const TEMPLATE: &str = include_str!("../templates/case.toml.tera");

#[derive(Serialize)]
struct FactView {
    key: String,
    meaning_en: String,
    example: String,
}

#[derive(Serialize)]
struct ReqView {
    why: String,
    kinds: String,
    when: String,
}

/// Renders the scaffold for a new case in `dir`.
pub fn case_toml(_forms: &FormSet, form: &Form, dir: &Path) -> Result<String> {
    let id = dir
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "new-case".into());
    let facts: Vec<FactView> = form
        .facts
        .iter()
        .map(|f| FactView {
            key: f.key.clone(),
            meaning_en: f.meaning_en.replace('\n', " "),
            example: match f.kind {
                FactKind::Bool => "false".into(),
                FactKind::Integer => "0".into(),
                FactKind::Text => "\"\"".into(),
                FactKind::Date => "2026-01-01".into(),
            },
        })
        .collect();
    let checklist: Vec<ReqView> = form
        .checklist
        .iter()
        .map(|r| ReqView {
            why: r.why_en.replace('\n', " "),
            kinds: r
                .kinds
                .iter()
                .map(|k| format!("\"{k}\""))
                .collect::<Vec<_>>()
                .join(" or "),
            when: if r.when.is_always() {
                String::new()
            } else {
                r.when.describe()
            },
        })
        .collect();
    let mut ctx = tera::Context::new();
    // The id lands inside a TOML string: keep it a valid one.
    ctx.insert("id", &id.replace(['\\', '"'], "_"));
    ctx.insert("form", &FormView::from(form));
    ctx.insert("facts", &facts);
    ctx.insert("checklist", &checklist);
    let mut tera = tera::Tera::default();
    tera.add_raw_template("case.toml", TEMPLATE)
        .context("the case.toml template is broken")?;
    tera.autoescape_on(vec![]);
    tera.render("case.toml", &ctx)
        .context("cannot render the case.toml scaffold")
}

#[derive(Serialize)]
struct FormView {
    number: String,
    title_nl: String,
    title_en: String,
}

impl From<&Form> for FormView {
    fn from(f: &Form) -> Self {
        FormView {
            number: f.number.clone(),
            title_nl: f.title_nl.clone(),
            title_en: f.title_en.clone(),
        }
    }
}
