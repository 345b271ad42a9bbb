//! The fee summary: the same fee computation as on the cover sheet, as plain UTF-8 text from
//! the tera template `fee-summary.<language>.txt.tera`.
//!
//! Plain text needs no escaping, so autoescape is off (a name like `<b>` stays `<b>`); values
//! are inserted by tera as data, never parsed as template syntax, so `{{` in data stays text.
//! The summary never includes the applicant's name or date of birth.

use super::{CoverData, RenderError, Templates};

/// Renders the fee summary for one case in its language.
pub fn fee_summary(t: &Templates, d: &CoverData) -> Result<String, RenderError> {
    let file = match d.language.as_str() {
        "nl" => "fee-summary.nl.txt.tera",
        "en" => "fee-summary.en.txt.tera",
        other => {
            return Err(RenderError::UnknownLanguage {
                language: other.to_owned(),
            });
        }
    };
    let context = tera::Context::from_serialize(d).map_err(|e| RenderError::TemplateRender {
        file: file.to_owned(),
        line: None,
        message: chain(&e),
    })?;
    let mut text = t
        .tera()
        .render(file, &context)
        .map_err(|e| RenderError::TemplateRender {
            file: file.to_owned(),
            line: None,
            message: chain(&e),
        })?;
    if !text.ends_with('\n') {
        text.push('\n');
    }
    Ok(text)
}

/// tera puts the useful part ("Variable `fee.amout` not found") in the error's source.
fn chain(e: &tera::Error) -> String {
    let mut parts = vec![e.to_string()];
    let mut cause = std::error::Error::source(e);
    while let Some(c) = cause {
        parts.push(c.to_string());
        cause = c.source();
    }
    parts.join(": ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::cover::sample_data;

    #[test]
    fn names_every_reason_and_the_schedule_date() {
        let t = Templates::builtin();
        let mut d = sample_data("en");
        d.not_ready = false;
        let text = fee_summary(&t, &d).unwrap();
        assert!(text.contains("Amount due: € 68"), "{text}");
        assert!(text.contains("Turkish national: € 68 – applied"), "{text}");
        assert!(text.contains("2020-01-01"), "{text}");
        assert!(!text.contains("NOT READY"), "{text}");
    }

    #[test]
    fn markup_in_data_stays_text() {
        let t = Templates::builtin();
        let mut d = sample_data("nl");
        if let Some(fee) = d.fee.as_mut() {
            fee.considered[0].reason = "<b> {{ x }} {% if %} #set $x$".to_owned();
        }
        let text = fee_summary(&t, &d).unwrap();
        assert!(text.contains("<b> {{ x }} {% if %} #set $x$"), "{text}");
    }

    #[test]
    fn unknown_fee_says_so_and_never_prints_the_name() {
        let t = Templates::builtin();
        let mut d = sample_data("nl");
        d.fee = None;
        let text = fee_summary(&t, &d).unwrap();
        assert!(text.contains("niet worden berekend"), "{text}");
        assert!(!text.contains(&d.applicant.name));
        assert!(!text.contains(&d.applicant.born));
    }
}
