//! Waivers: a person accepted a finding in `case.toml`. A waived finding stays in the report
//! with severity `waived`; a waiver that matches nothing, or has lapsed, is C010.

use crate::case::Waiver;
use crate::date::Date;
use crate::finding::{Draft, Finding, Severity};

/// Turns drafts into findings for one case, applying its waivers and adding C010.
/// `severity_of` gives each code's severity from the registry.
pub fn apply(
    case_id: &str,
    form: &str,
    drafts: Vec<Draft>,
    waivers: &[Waiver],
    on: Date,
    severity_of: &dyn Fn(&str) -> Severity,
) -> Vec<Finding> {
    let mut used = vec![false; waivers.len()];
    let mut out: Vec<Finding> = drafts
        .into_iter()
        .map(|d| {
            let base = severity_of(d.code);
            let mut severity = base;
            if matches!(base, Severity::Error | Severity::Warning) && d.code != "C010" {
                for (i, w) in waivers.iter().enumerate() {
                    let lapsed = w.until.is_some_and(|u| u < on);
                    let file_ok = w.file.as_deref().is_none_or(|f| f == d.file);
                    if w.code == d.code && file_ok && !lapsed {
                        used[i] = true;
                        severity = Severity::Waived;
                        break;
                    }
                }
            }
            let message = if severity == Severity::Waived {
                let w = waivers
                    .iter()
                    .find(|w| w.code == d.code && w.file.as_deref().is_none_or(|f| f == d.file));
                match w {
                    Some(w) => format!("{} [waived: {}]", d.message, w.reason),
                    None => d.message,
                }
            } else {
                d.message
            };
            Finding {
                case: case_id.to_string(),
                form: form.to_string(),
                severity,
                code: d.code,
                file: d.file,
                page: d.page,
                message,
            }
        })
        .collect();
    for (i, w) in waivers.iter().enumerate() {
        let lapsed = w.until.filter(|u| *u < on);
        let target = match &w.file {
            Some(f) => format!("{} on {f}", w.code),
            None => w.code.clone(),
        };
        let message = if let Some(u) = lapsed {
            format!(
                "waiver {} ({target}) lapsed on {u}, before the submission date {on}: the \
                 finding counts again. Look at it again and renew or remove the waiver",
                w.number
            )
        } else if !used[i] && crate::rules::registry::rule(&w.code).is_none() {
            format!(
                "waiver {} names the code {}, which is not a finding code: `dossier explain \
                 --all` lists the codes. Correct the code or remove the waiver",
                w.number, w.code
            )
        } else if !used[i] {
            format!(
                "waiver {} ({target}) matches no finding: the problem it accepted is gone or \
                 the code or file is mistyped. Remove the waiver or correct it",
                w.number
            )
        } else {
            continue;
        };
        out.push(Finding {
            case: case_id.to_string(),
            form: form.to_string(),
            severity: severity_of("C010"),
            code: "C010",
            file: "case.toml".to_string(),
            page: None,
            message,
        });
    }
    out
}
