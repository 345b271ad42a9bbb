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
    let mut text = t.tera().render(file, &context).map_err(|e| {
        let mut message = chain(&e);
        let prefix = format!("Failed to render '{file}': ");
        if let Some(rest) = message.strip_prefix(&prefix) {
            message = rest.to_owned();
        }
        if message.starts_with("Variable `") {
            let fields = match context.clone().into_json() {
                serde_json::Value::Object(m) => m.keys().cloned().collect::<Vec<_>>().join(", "),
                _ => String::new(),
            };
            message.push_str(&format!(" (the case data has: {fields})"));
        }
        RenderError::TemplateRender {
            file: file.to_owned(),
            line: culprit_line(t.source(file), &message),
            message,
        }
    })?;
    if !text.ends_with('\n') {
        text.push('\n');
    }
    Ok(text)
}

/// The line of `source` where the name a tera runtime error quotes (`Variable `fee.amout` not
/// found`, a filter, function or test) is used inside a tag: tera itself gives no position for
/// these errors, and an organisation editing its template needs one. `None` when the name is not
/// found in a tag or is used on several lines (a wrong line would mislead).
fn culprit_line(source: &str, message: &str) -> Option<usize> {
    let name = message.split('`').nth(1).filter(|n| !n.is_empty())?;
    let is_word = |c: char| c.is_alphanumeric() || c == '_' || c == '.';
    let mut lines = source.lines().enumerate().filter(|(_, line)| {
        line.match_indices(name).any(|(at, _)| {
            let before = line[..at].chars().next_back();
            let after = line[at + name.len()..].chars().next();
            let head = &line[..at];
            let open = head.rfind("{{").max(head.rfind("{%"));
            let in_tag = open.is_some() && open > head.rfind("}}").max(head.rfind("%}"));
            in_tag && !before.is_some_and(is_word) && !after.is_some_and(is_word)
        })
    });
    let (first, _) = lines.next()?;
    lines.next().is_none().then_some(first + 1)
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
    fn an_unknown_variable_is_reported_with_its_line() {
        let source = "Fee\n{{ fee.amount }}\n{% if fee.amout %}x{% endif %}\nfee.amout in text\n";
        let message = "Failed to render 'x': Variable `fee.amout` not found in context";
        assert_eq!(culprit_line(source, message), Some(3));
        // Used on two lines: no line rather than a wrong one; a longer name does not match.
        let twice = "{{ a.b }}\n{{ a.b | upper }}\n{{ a.bc }}\n";
        assert_eq!(culprit_line(twice, "Variable `a.b` not found"), None);
        assert_eq!(
            culprit_line("{{ a.bc }}\n", "Variable `a.b` not found"),
            None
        );
        assert_eq!(culprit_line("{{ x }}", "no name quoted"), None);
        // After a closed tag, the name is text, not a use.
        assert_eq!(
            culprit_line("{{ x }} a.b\n{{ a.b }}", "Variable `a.b` not found"),
            Some(2)
        );
    }

    #[test]
    fn a_fee_of_nothing_says_so_and_an_empty_list_has_no_blank_line() {
        let t = Templates::builtin();
        for (language, none, letter, nothing) in [
            (
                "en",
                "considered:\n- none\n",
                "sends a letter",
                "No fee is due.",
            ),
            (
                "nl",
                "vrijstellingen:\n- geen\n",
                "stuurt na ontvangst",
                "geen leges verschuldigd",
            ),
        ] {
            let mut d = sample_data(language);
            let fee = d.fee.as_mut().unwrap();
            fee.amount = "0".to_owned();
            fee.considered.clear();
            let text = fee_summary(&t, &d).unwrap();
            assert!(text.contains(none), "{text}");
            assert!(text.contains(nothing) && !text.contains(letter), "{text}");
        }
    }

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
