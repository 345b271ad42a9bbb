//! The stamp on every copy page: the V-number (or client number, or name and date of birth)
//! as real, extractable text.
//!
//! typst typesets the stamp once per packet from `templates/stamp.typ` into a tiny PDF page, so
//! any script is shaped and written with an embedded subset font and a ToUnicode map; nothing
//! here positions glyphs. `packet.rs` then copies that page's content and fonts onto each copy
//! page. This file does not decide what the stamp says; the caller does.

use lopdf::{Dictionary, Document, Object};
use sha2::{Digest, Sha256};
use typst::foundations::{Dict, IntoValue};

use super::{RenderError, Templates};

/// A stamp ready to be painted on pages of one packet document.
pub(crate) struct Stamp {
    /// The stamp's content stream, decoded, drawn with its lower-left corner at the origin.
    pub content: Vec<u8>,
    /// The resources the content uses (fonts), already copied into the packet document.
    pub resources: Dictionary,
    /// Width in points.
    pub width: f32,
    /// Height in points.
    pub height: f32,
}

/// Typesets the stamp text as a one-page PDF sized to the text.
pub(crate) fn stamp_pdf(t: &Templates, text: &str) -> Result<Vec<u8>, RenderError> {
    let mut inputs = Dict::new();
    inputs.insert("stamp".into(), text.into_value());
    let mut hash = Sha256::new();
    hash.update(t.fingerprint().as_bytes());
    hash.update([0]);
    hash.update(text.as_bytes());
    t.typeset("stamp.typ", inputs, crate::hex(&hash.finalize()), false)
}

/// Renders the stamp and copies its page's fonts into `doc`.
pub(crate) fn prepare(t: &Templates, doc: &mut Document, text: &str) -> Result<Stamp, RenderError> {
    let pdf = stamp_pdf(t, text)?;
    let broken = |message: String| RenderError::TemplateRender {
        file: "stamp.typ".to_owned(),
        line: None,
        message,
    };
    let mut src = Document::load_mem(&pdf).map_err(|e| broken(format!("unreadable stamp: {e}")))?;
    super::packet::renumber(&mut src, doc.max_id + 1);
    let (nodes, _) = crate::scan::page_nodes(&src, 1);
    let node = nodes
        .first()
        .ok_or_else(|| broken("the stamp template produced no page".to_owned()))?;
    let page = super::packet::inherited_page(&src, node).map_err(broken)?;
    let content = super::packet::page_content(&src, node.dict).map_err(broken)?;
    drop(nodes);
    doc.max_id = doc.max_id.max(src.max_id);
    doc.objects.extend(std::mem::take(&mut src.objects));
    let resources = match page.resources {
        Some(Object::Dictionary(d)) => d,
        Some(Object::Reference(id)) => doc.get_dictionary(id).cloned().unwrap_or_default(),
        _ => Dictionary::new(),
    };
    let [x0, y0, x1, y1] = page.bbox;
    // The content is drawn relative to the page's own origin; shift it to (0, 0).
    let mut shifted = format!("1 0 0 1 {} {} cm\n", -x0, -y0).into_bytes();
    shifted.extend_from_slice(&content);
    Ok(Stamp {
        content: shifted,
        resources,
        width: x1 - x0,
        height: y1 - y0,
    })
}
