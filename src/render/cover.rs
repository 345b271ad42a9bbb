//! The cover sheet: the case's [`CoverData`] handed to the typst template as `sys.inputs`
//! (data, never generated markup, so a name such as `#set`, `$x$` or `<b>` stays text), typeset
//! with the built-in fonts and written as PDF.
//!
//! The layout and the words live in `templates/`; this file only converts data and picks the
//! template for the language. It does not decide what the sheet says.

use sha2::{Digest, Sha256};
use typst::foundations::{Array, Dict, Value};

use super::{
    Applicant, CopyLine, CoverData, FeeLine, FeeView, Organisation, RenderError, Templates,
    WaivedLine,
};

/// Renders the cover sheet PDF for one case. The same data and templates always give the same
/// bytes: no date is written and the document identifier is a hash of both.
pub fn cover_sheet(t: &Templates, d: &CoverData) -> Result<Vec<u8>, RenderError> {
    let file = match d.language.as_str() {
        "nl" => "cover-sheet.nl.typ",
        "en" => "cover-sheet.en.typ",
        other => {
            return Err(RenderError::UnknownLanguage {
                language: other.to_owned(),
            });
        }
    };
    let json = serde_json::to_value(d).map_err(|e| RenderError::TemplateRender {
        file: file.to_owned(),
        line: None,
        message: format!("case data cannot be handed to the template: {e}"),
    })?;
    let Value::Dict(inputs) = to_typst(&json) else {
        return Err(RenderError::TemplateRender {
            file: file.to_owned(),
            line: None,
            message: "case data is not a record".to_owned(),
        });
    };
    let mut hash = Sha256::new();
    hash.update(t.fingerprint().as_bytes());
    hash.update([0]);
    hash.update(json.to_string().as_bytes());
    t.typeset(file, inputs, crate::hex(&hash.finalize()), true)
}

/// Converts JSON data into the typst value the template reads; JSON `null` becomes `none`.
pub(crate) fn to_typst(v: &serde_json::Value) -> Value {
    match v {
        serde_json::Value::Null => Value::None,
        serde_json::Value::Bool(b) => Value::Bool(*b),
        serde_json::Value::Number(n) => match n.as_i64() {
            Some(i) => Value::Int(i),
            None => Value::Float(n.as_f64().unwrap_or_default()),
        },
        serde_json::Value::String(s) => Value::Str(s.as_str().into()),
        serde_json::Value::Array(items) => {
            Value::Array(items.iter().map(to_typst).collect::<Array>())
        }
        serde_json::Value::Object(map) => {
            let mut dict = Dict::new();
            for (k, v) in map {
                dict.insert(k.as_str().into(), to_typst(v));
            }
            Value::Dict(dict)
        }
    }
}

/// Invented data that uses every field a template can show, for checking an organisation's
/// templates when they are loaded. The person does not exist.
pub(crate) fn sample_data(language: &str) -> CoverData {
    CoverData {
        language: language.to_owned(),
        not_ready: true,
        not_ready_reason: "1 error".to_owned(),
        organisation: Organisation {
            name: "Voorbeeld Steunpunt".to_owned(),
            address: vec!["Voorbeeldstraat 1".to_owned(), "1234 AB Utrecht".to_owned()],
            contact: "A. Voorbeeld".to_owned(),
            phone: "030 000 0000".to_owned(),
            email: "info@example.org".to_owned(),
        },
        case_id: "0000-0001".to_owned(),
        applicant: Applicant {
            name: "Şükrü Yılmaz".to_owned(),
            born: "1990-04-12".to_owned(),
            v_number: Some("1234567890".to_owned()),
            client_number: None,
        },
        form_number: "7018".to_owned(),
        form_title: "Family".to_owned(),
        copies: vec![CopyLine {
            number: 1,
            kind: "Passport".to_owned(),
            file: "copies/passport.pdf".to_owned(),
            pages: 2,
        }],
        total_pages: 2,
        fee: Some(FeeView {
            amount: "68".to_owned(),
            base: "174".to_owned(),
            schedule_valid_from: "2020-01-01".to_owned(),
            source: "IND".to_owned(),
            links: String::new(),
            considered: vec![FeeLine {
                reason: "Turkish national".to_owned(),
                amount: "68".to_owned(),
                status: "applied".to_owned(),
            }],
        }),
        postal_address: vec![
            "IND".to_owned(),
            "Postbus 16".to_owned(),
            "9560 AA Ter Apel".to_owned(),
        ],
        waived: vec![WaivedLine {
            code: "V002".to_owned(),
            file: "copies/passport.pdf".to_owned(),
            reason: "checked by hand".to_owned(),
            pages: "1–2".to_owned(),
        }],
    }
}
