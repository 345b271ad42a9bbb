//! Appearances for filled-in form fields that have none a printer could use: a field with a
//! value (`/V`) but no appearance stream, or any text field of a form that asks viewers to draw
//! the fields themselves (`/AcroForm /NeedAppearances true`, as pdftk and older fillers write
//! it, often beside the blank form's old appearance).
//!
//! Only what can be drawn faithfully is drawn: the value of a single-line text field or combo
//! box, in the field's font (from `/DA` and `/AcroForm /DR`), size (a size of 0 fits the field),
//! colour and alignment. Anything else with a value (a ticked box without appearance, a
//! multi-line, comb or rich-text field, a value the font cannot print) is refused with a message
//! telling the volunteer to flatten the form: a value must never silently disappear.

use lopdf::{Dictionary, Document, Object, Stream, dictionary};

/// What to print for one widget annotation.
pub(super) enum Field {
    /// Its own appearance stream, as it is.
    Own,
    /// Nothing: the field is empty, unticked, a button or unsigned.
    Nothing,
    /// An appearance made here, drawn with its lower-left corner at the field's.
    Drawn(Stream),
    /// The appearance its `/AP /N` dictionary has for this state (a check box or radio button).
    State(Vec<u8>),
}

/// The end of every refusal: what the volunteer can do.
const FLATTEN: &str = "open the form in a PDF viewer, print it to a new PDF (flatten it) and \
    reference that file instead";

/// Field flags (PDF 32000-1, 12.7.4).
const MULTILINE: i64 = 1 << 12;
const PASSWORD: i64 = 1 << 13;
const RADIO: i64 = 1 << 15;
const PUSHBUTTON: i64 = 1 << 16;
const COMBO: i64 = 1 << 17;
const FILE_SELECT: i64 = 1 << 20;
const COMB: i64 = 1 << 24;
const RICH_TEXT: i64 = 1 << 25;

/// A field attribute of widget `a`, inherited from the field it belongs to (its parents).
fn field_attribute(src: &Document, a: &Dictionary, key: &[u8]) -> Option<Object> {
    let deref = |o: &Object| src.dereference(o).ok().map(|(_, o)| o.clone());
    let mut dict = a.clone();
    for _ in 0..32 {
        if let Ok(v) = dict.get(key) {
            return deref(v);
        }
        dict = deref(dict.get(b"Parent").ok()?)?.as_dict().ok()?.clone();
    }
    None
}

/// The text value of a single-line text field or combo box, as the packet draws it when viewers
/// draw the field themselves (see [`widget`]); `None` for other fields and empty values. `check`
/// reads it as the page's text.
pub(crate) fn drawn_value(src: &Document, a: &Dictionary) -> Option<String> {
    let ft = field_attribute(src, a, b"FT")?;
    let flags = field_attribute(src, a, b"Ff")
        .and_then(|f| f.as_i64().ok())
        .unwrap_or(0);
    let ft = ft.as_name().ok()?;
    if !(ft == b"Tx" || ft == b"Ch" && flags & COMBO != 0) {
        return None;
    }
    let text = text_string(field_attribute(src, a, b"V")?.as_str().ok()?);
    (!text.trim().is_empty()).then_some(text)
}

/// Decides how a printable widget annotation `a` is printed. `acroform` is the document's
/// interactive form dictionary; `rect` the annotation's rectangle, normalised.
pub(super) fn widget(
    src: &Document,
    a: &Dictionary,
    acroform: Option<&Dictionary>,
    rect: [f32; 4],
) -> Result<Field, String> {
    let deref = |o: &Object| src.dereference(o).ok().map(|(_, o)| o.clone());
    let has_own = a
        .get(b"AP")
        .ok()
        .and_then(&deref)
        .is_some_and(|ap| ap.as_dict().is_ok_and(|d| d.has(b"N")));
    let need = acroform
        .and_then(|f| f.get(b"NeedAppearances").ok())
        .and_then(&deref)
        .and_then(|b| b.as_bool().ok())
        .unwrap_or(false);
    let inherited = |key: &[u8]| field_attribute(src, a, key);
    let name = inherited(b"T")
        .and_then(|t| {
            t.as_str()
                .ok()
                .map(|s| String::from_utf8_lossy(s).into_owned())
        })
        .unwrap_or_default();
    let refuse = |why: &str| -> String {
        format!(
            "the filled-in form field \"{name}\" {why}, so its value would not print; {FLATTEN}"
        )
    };
    let ft = inherited(b"FT").and_then(|t| t.as_name().ok().map(<[u8]>::to_vec));
    let flags = inherited(b"Ff").and_then(|f| f.as_i64().ok()).unwrap_or(0);
    let value = inherited(b"V");
    match ft.as_deref() {
        Some(b"Tx") => {}
        Some(b"Ch") if flags & COMBO != 0 => {}
        Some(b"Ch") => {
            if has_own && !need {
                return Ok(Field::Own);
            }
            return match value {
                None | Some(Object::Null) => Ok(Field::Nothing),
                Some(Object::Array(v)) if v.is_empty() => Ok(Field::Nothing),
                Some(Object::String(s, _)) if s.is_empty() => Ok(Field::Nothing),
                Some(_) => Err(refuse(
                    "is a list box without an appearance dossier can draw",
                )),
            };
        }
        Some(b"Btn") => {
            if flags & PUSHBUTTON != 0 {
                return Ok(if has_own { Field::Own } else { Field::Nothing });
            }
            let normal = a
                .get(b"AP")
                .ok()
                .and_then(&deref)
                .and_then(|ap| ap.as_dict().ok()?.get(b"N").ok().cloned())
                .and_then(|n| deref(&n));
            if let Some(Object::Stream(_)) = normal {
                // One appearance for every state.
                return Ok(Field::Own);
            }
            // The widget's state, else the field's value (PDF 32000-1, 12.7.4.2.3).
            let own_state = a
                .get(b"AS")
                .ok()
                .and_then(&deref)
                .and_then(|s| s.as_name().ok().map(<[u8]>::to_vec));
            let from_value = own_state.is_none();
            let state = own_state.or_else(|| value.as_ref()?.as_name().ok().map(<[u8]>::to_vec));
            let states = normal.as_ref().and_then(|n| n.as_dict().ok());
            let drawn = |st: &[u8]| {
                // The packet prints an appearance stream by its object number.
                states.is_some_and(|d| {
                    matches!(d.get(st), Ok(Object::Reference(id))
                        if src.get_object(*id).is_ok_and(|o| o.as_stream().is_ok()))
                })
            };
            // An unticked box without an appearance for that: the empty box viewers draw
            // from its /MK border and background colours, if it has any.
            let empty_box = || {
                let (w, h) = (rect[2] - rect[0], rect[3] - rect[1]);
                let content = frame(src, a, w, h);
                if content.is_empty() {
                    return Field::Nothing;
                }
                Field::Drawn(Stream::new(
                    dictionary! {
                        "Type" => "XObject", "Subtype" => "Form",
                        "BBox" => vec![0.into(), 0.into(), Object::Real(w), Object::Real(h)],
                        "Resources" => Dictionary::new(),
                    },
                    content.into_bytes(),
                ))
            };
            return match state {
                Some(st) if drawn(&st) => Ok(Field::State(st)),
                None => Ok(empty_box()),
                Some(st) if st == b"Off" => Ok(empty_box()),
                // A radio button without a state of its own is on only when the group's value
                // is one of its states: another button of the group was chosen.
                Some(_) if from_value && flags & RADIO != 0 => Ok(if drawn(b"Off") {
                    Field::State(b"Off".to_vec())
                } else {
                    empty_box()
                }),
                Some(_) => Err(refuse("is ticked but has no appearance to print")),
            };
        }
        _ => {
            if has_own {
                return Ok(Field::Own);
            }
            return match value {
                None | Some(Object::Null) => Ok(Field::Nothing),
                Some(Object::String(s, _)) if s.is_empty() => Ok(Field::Nothing),
                // An unsigned signature field, or a signed one drawn nowhere.
                _ if ft.as_deref() == Some(b"Sig") => Ok(Field::Nothing),
                Some(_) => Err(refuse("has a value but no appearance")),
            };
        }
    }
    // A text field or combo box: its own appearance unless viewers are told to redraw it.
    if has_own && !need {
        return Ok(Field::Own);
    }
    let mut text = match &value {
        None | Some(Object::Null) => String::new(),
        Some(Object::String(s, _)) => text_string(s),
        Some(_) => return Err(refuse("has a value of an unexpected kind")),
    };
    if ft.as_deref() == Some(b"Ch") {
        // A combo box shows the display text of an option whose export value was chosen.
        let options = inherited(b"Opt")
            .and_then(|o| o.as_array().ok().cloned())
            .unwrap_or_default();
        let shown = options.iter().find_map(|o| {
            let pair = deref(o)?.as_array().ok()?.clone();
            let [export, display] = pair.as_slice() else {
                return None;
            };
            let export = text_string(deref(export)?.as_str().ok()?);
            (export == text).then(|| Some(text_string(deref(display)?.as_str().ok()?)))
        });
        match shown {
            Some(Some(display)) => text = display,
            Some(None) => return Err(refuse("has an option dossier cannot read")),
            None => {}
        }
    }
    let (w, h) = (rect[2] - rect[0], rect[3] - rect[1]);
    let bbox = vec![0.into(), 0.into(), Object::Real(w), Object::Real(h)];
    let form = |content: Vec<u8>, resources: Dictionary| {
        Stream::new(
            dictionary! {
                "Type" => "XObject", "Subtype" => "Form", "BBox" => bbox.clone(),
                "Resources" => resources,
            },
            content,
        )
    };
    if text.is_empty() {
        // Nothing to write: the field's own border and background, or the frame viewers draw.
        if has_own {
            return Ok(Field::Own);
        }
        return Ok(Field::Drawn(form(
            frame(src, a, w, h).into_bytes(),
            Dictionary::new(),
        )));
    }
    if flags & (PASSWORD | FILE_SELECT | COMB | RICH_TEXT) != 0 {
        return Err(refuse(
            "is a password, file, comb or rich-text field without an appearance dossier can draw",
        ));
    }
    let turned = a
        .get(b"MK")
        .ok()
        .and_then(&deref)
        .and_then(|mk| mk.as_dict().ok()?.get(b"R").ok()?.as_i64().ok())
        .unwrap_or(0);
    if turned % 360 != 0 {
        return Err(refuse("is turned on the page"));
    }
    let da = inherited(b"DA")
        .or_else(|| acroform?.get(b"DA").ok().and_then(&deref))
        .and_then(|d| d.as_str().ok().map(<[u8]>::to_vec))
        .unwrap_or_default();
    let da = DefaultAppearance::parse(&da).ok_or_else(|| refuse("names no font"))?;
    let font_ref = acroform
        .and_then(|f| f.get(b"DR").ok())
        .and_then(&deref)
        .and_then(|dr| dr.as_dict().ok()?.get(b"Font").ok().cloned())
        .and_then(|fonts| deref(&fonts))
        .and_then(|fonts| fonts.as_dict().ok()?.get(&da.font).ok().cloned())
        .ok_or_else(|| refuse("uses a font the form does not include"))?;
    let font = deref(&font_ref)
        .and_then(|f| f.as_dict().ok().cloned())
        .ok_or_else(|| refuse("uses a font the form does not include"))?;
    let font = SimpleFont::new(src, &font)
        .ok_or_else(|| refuse("uses a font dossier cannot write with"))?;
    let mut codes = Vec::with_capacity(text.len());
    for c in text.chars() {
        if c == '\r' || c == '\n' {
            return Err(refuse("holds several lines"));
        }
        codes.push(
            font.encode(c)
                .ok_or_else(|| refuse("holds letters its font cannot print"))?,
        );
    }
    let width_1pt = codes
        .iter()
        .map(|&c| font.width(c))
        .sum::<Option<f32>>()
        .map(|w| w / 1000.0);
    // PDF 32000-1, 12.7.3.3: a padding of 2 points inside the field's border.
    const PAD: f32 = 2.0;
    let size = if da.size > 0.0 {
        da.size
    } else {
        // Auto size: as large as the field's height allows, shrunk to fit its width.
        let width_1pt = width_1pt.ok_or_else(|| refuse("sizes its text automatically"))?;
        let by_height = ((h - 2.0 * PAD) / 1.15).max(1.0);
        if width_1pt > 0.0 {
            by_height.min((w - 2.0 * PAD) / width_1pt).max(1.0)
        } else {
            by_height
        }
    };
    let quadding = inherited(b"Q")
        .or_else(|| acroform?.get(b"Q").ok().and_then(&deref))
        .and_then(|q| q.as_i64().ok())
        .unwrap_or(0);
    let text_width = width_1pt.map(|w| w * size);
    if flags & MULTILINE != 0 && !text_width.is_some_and(|tw| tw <= w - 2.0 * PAD) {
        return Err(refuse("is a multi-line field"));
    }
    let x = match quadding {
        1 | 2 => {
            let tw = text_width.ok_or_else(|| refuse("is centred or right-aligned"))?;
            if quadding == 1 {
                (w - tw) / 2.0
            } else {
                w - PAD - tw
            }
        }
        _ => PAD,
    };
    // One line: at the top of a multi-line field, else centred vertically.
    let y = if flags & MULTILINE != 0 {
        h - PAD - size * 0.8
    } else {
        h / 2.0 - 0.4 * size
    };
    // The text is kept inside the field's width. A font too tall for the field (11 pt in a
    // field 8 pt high, as some form editors write) is not cut through its letters: the clip and
    // the form's box grow to the text's height, and the value prints over the field's edges as
    // viewers show it, legible.
    let (clip_bottom, clip_top) = (
        (PAD / 2.0).min(y - 0.3 * size),
        (h - 1.5 * PAD).max(y + 1.0 * size),
    );
    let mut content = frame(src, a, w, h).into_bytes();
    content.extend_from_slice(
        format!(
            "/Tx BMC q {} {} {} {} re W n BT /DossierField {} Tf {} {} {} Td (",
            num(PAD / 2.0),
            num(clip_bottom),
            num(w - 2.0 * PAD),
            num(clip_top - clip_bottom),
            num(size),
            da.colour,
            num(x),
            num(y),
        )
        .as_bytes(),
    );
    for code in codes {
        if matches!(code, b'(' | b')' | b'\\') {
            content.push(b'\\');
        }
        content.push(code);
    }
    content.extend_from_slice(b") Tj ET Q EMC\n");
    let resources = dictionary! { "Font" => dictionary! { "DossierField" => font_ref } };
    let mut stream = form(content, resources);
    if clip_bottom < 0.0 || clip_top > h {
        let bbox = [0.0, clip_bottom.min(0.0), w, clip_top.max(h)].map(Object::Real);
        stream.dict.set("BBox", bbox.to_vec());
    }
    Ok(Field::Drawn(stream))
}

/// The field's background and border from its `/MK` colours and `/BS` width, as viewers draw
/// them when they make the appearance.
fn frame(src: &Document, a: &Dictionary, w: f32, h: f32) -> String {
    let deref = |o: &Object| src.dereference(o).ok().map(|(_, o)| o.clone());
    let mk = a
        .get(b"MK")
        .ok()
        .and_then(&deref)
        .and_then(|m| m.as_dict().ok().cloned())
        .unwrap_or_default();
    let colour = |key: &[u8], stroke: bool| -> Option<String> {
        let c: Vec<f32> = deref(mk.get(key).ok()?)?
            .as_array()
            .ok()?
            .iter()
            .filter_map(|x| deref(x)?.as_float().ok())
            .filter(|x| x.is_finite())
            .collect();
        super::markup::colour(Some(c), stroke)
    };
    let mut out = String::new();
    if let Some(bg) = colour(b"BG", false) {
        out.push_str(&format!("q {bg} 0 0 {} {} re f Q\n", num(w), num(h)));
    }
    let width = a
        .get(b"BS")
        .ok()
        .and_then(&deref)
        .and_then(|bs| bs.as_dict().ok()?.get(b"W").ok()?.as_float().ok())
        .filter(|b| b.is_finite() && *b >= 0.0)
        .unwrap_or(1.0);
    if let Some(bc) = colour(b"BC", true)
        && width > 0.0
    {
        let half = width / 2.0;
        out.push_str(&format!(
            "q {bc} {} w {} {} {} {} re S Q\n",
            num(width),
            num(half),
            num(half),
            num(w - width),
            num(h - width)
        ));
    }
    out
}

/// The parts of a `/DA` string that matter: font resource name, size and colour operator.
struct DefaultAppearance {
    font: Vec<u8>,
    size: f32,
    colour: String,
}

impl DefaultAppearance {
    fn parse(da: &[u8]) -> Option<Self> {
        let da = String::from_utf8_lossy(da);
        let mut operands: Vec<&str> = Vec::new();
        let mut font = None;
        let mut colour = "0 g".to_owned();
        for token in da.split_whitespace() {
            match token {
                "Tf" if operands.len() >= 2 => {
                    let n = operands.len();
                    let name = operands[n - 2].strip_prefix('/')?;
                    let size: f32 = operands[n - 1].parse().ok()?;
                    font = Some((name.as_bytes().to_vec(), size));
                }
                "g" | "rg" | "k" => {
                    let n = match token {
                        "g" => 1,
                        "rg" => 3,
                        _ => 4,
                    };
                    let args = operands.get(operands.len().checked_sub(n)?..)?;
                    if args
                        .iter()
                        .all(|a| a.parse::<f32>().is_ok_and(f32::is_finite))
                    {
                        colour = format!("{} {token}", args.join(" "));
                    }
                }
                _ if token
                    .chars()
                    .next()
                    .is_some_and(|c| c.is_ascii_alphabetic()) => {}
                _ => {
                    operands.push(token);
                    continue;
                }
            }
            operands.clear();
        }
        let (font, size) = font?;
        (size.is_finite() && size >= 0.0).then_some(DefaultAppearance { font, size, colour })
    }
}

/// A text string (PDF 32000-1, 7.9.2.2): UTF-16BE with a byte order mark, UTF-8 with one
/// (PDF 2.0), else PDFDocEncoding, which agrees with Latin-1 where it matters here.
fn text_string(s: &[u8]) -> String {
    if let Some(rest) = s.strip_prefix(&[0xFE, 0xFF]) {
        let units: Vec<u16> = rest
            .chunks(2)
            .map(|c| u16::from_be_bytes([c[0], *c.get(1).unwrap_or(&0)]))
            .collect();
        return String::from_utf16_lossy(&units);
    }
    if let Some(rest) = s.strip_prefix(&[0xEF, 0xBB, 0xBF]) {
        return String::from_utf8_lossy(rest).into_owned();
    }
    // Bytes 0x80..0xA0 differ from Latin-1; map them to a character no font here encodes.
    s.iter()
        .map(|&b| {
            if (0x80..0xA1).contains(&b) {
                '\u{FFFD}'
            } else {
                char::from(b)
            }
        })
        .collect()
}

/// A simple (one byte per character) font from the form's resources, when it is certain which
/// glyph each code prints: a standard 14 font that is not embedded, or a font that is not a
/// subset, with a standard encoding. An embedded subset or a font with its own built-in
/// encoding may print other glyphs than the letters the codes stand for.
struct SimpleFont {
    /// The encoding's base: `WinAnsiEncoding`, `StandardEncoding`, `MacRomanEncoding` or
    /// `PDFDocEncoding`.
    base: Vec<u8>,
    differences: std::collections::HashMap<u8, Vec<u8>>,
    /// `/FirstChar` and `/Widths`, when the font has them.
    widths: Option<(i64, Vec<Option<f32>>)>,
    /// `/LastChar`, when given.
    last: Option<i64>,
    standard: Option<&'static [u16]>,
}

/// The standard 14 fonts whose standard encoding prints Latin letters.
const STANDARD_14: [&[u8]; 12] = [
    b"Helvetica",
    b"Helvetica-Bold",
    b"Helvetica-Oblique",
    b"Helvetica-BoldOblique",
    b"Times-Roman",
    b"Times-Bold",
    b"Times-Italic",
    b"Times-BoldItalic",
    b"Courier",
    b"Courier-Bold",
    b"Courier-Oblique",
    b"Courier-BoldOblique",
];

impl SimpleFont {
    fn new(src: &Document, font: &Dictionary) -> Option<SimpleFont> {
        let deref = |o: &Object| src.dereference(o).ok().map(|(_, o)| o.clone());
        let subtype = deref(font.get(b"Subtype").ok()?)?;
        if !matches!(subtype.as_name().ok()?, b"Type1" | b"TrueType" | b"MMType1") {
            return None;
        }
        let base_font = font
            .get(b"BaseFont")
            .ok()
            .and_then(&deref)
            .and_then(|b| b.as_name().ok().map(<[u8]>::to_vec))
            .unwrap_or_default();
        // A subset (PDF 32000-1, 9.6.4) holds only the glyphs its document used.
        let subset = base_font.len() > 7
            && base_font[6] == b'+'
            && base_font[..6].iter().all(u8::is_ascii_uppercase);
        if subset {
            return None;
        }
        let descriptor = font
            .get(b"FontDescriptor")
            .ok()
            .and_then(&deref)
            .and_then(|d| d.as_dict().ok().cloned());
        let embedded = descriptor
            .as_ref()
            .is_some_and(|d| d.has(b"FontFile") || d.has(b"FontFile2") || d.has(b"FontFile3"));
        let standard_14 = !embedded && STANDARD_14.contains(&base_font.as_slice());
        let encoding = font.get(b"Encoding").ok().and_then(&deref);
        let (base, differences) = match &encoding {
            Some(Object::Name(n)) => (Some(n.clone()), Vec::new()),
            Some(Object::Dictionary(d)) => (
                match d.get(b"BaseEncoding").ok().and_then(&deref) {
                    Some(b) => Some(b.as_name().ok()?.to_vec()),
                    None => None,
                },
                d.get(b"Differences")
                    .ok()
                    .and_then(&deref)
                    .and_then(|a| a.as_array().ok().cloned())
                    .unwrap_or_default(),
            ),
            None => (None, Vec::new()),
            Some(_) => return None,
        };
        // Without a base encoding a font uses its built-in one: only the standard 14 fonts'
        // is known here.
        let base = match base {
            Some(b) => b,
            None if standard_14 => b"StandardEncoding".to_vec(),
            None => return None,
        };
        if !matches!(
            base.as_slice(),
            b"WinAnsiEncoding" | b"StandardEncoding" | b"MacRomanEncoding" | b"PDFDocEncoding"
        ) {
            return None;
        }
        let mut map = std::collections::HashMap::new();
        let mut code: i64 = 0;
        for item in differences {
            match deref(&item)? {
                Object::Integer(i) => code = i,
                Object::Name(n) => {
                    if let Ok(c) = u8::try_from(code) {
                        map.insert(c, n);
                    }
                    code += 1;
                }
                _ => return None,
            }
        }
        let int = |key: &[u8]| {
            font.get(key)
                .ok()
                .and_then(&deref)
                .and_then(|f| f.as_i64().ok())
        };
        let first = int(b"FirstChar");
        let last = int(b"LastChar");
        let widths = font
            .get(b"Widths")
            .ok()
            .and_then(&deref)
            .and_then(|w| w.as_array().ok().cloned());
        let widths = match (first, widths) {
            (Some(first), Some(w)) => Some((
                first,
                w.iter()
                    .map(|x| {
                        deref(x)
                            .and_then(|x| x.as_float().ok())
                            .filter(|x| x.is_finite())
                    })
                    .collect(),
            )),
            // Only a standard 14 font may leave its widths out.
            _ if standard_14 => None,
            _ => return None,
        };
        let standard: Option<&'static [u16]> = match base_font.as_slice() {
            b"Helvetica" | b"Helv" | b"ArialMT" | b"Arial" => Some(&HELVETICA),
            b"Courier" => Some(&COURIER),
            _ => None,
        };
        Some(SimpleFont {
            base,
            differences: map,
            widths,
            last,
            standard,
        })
    }

    /// The code that prints `c`, when this font certainly has one.
    fn encode(&self, c: char) -> Option<u8> {
        let code = u8::try_from(u32::from(c)).ok()?;
        let expected: &str = match code {
            0x20..=0x7E => ASCII_NAMES[usize::from(code - 0x20)],
            0xC0..=0xFF => LATIN1_NAMES[usize::from(code - 0xC0)],
            _ => return None,
        };
        let named = match self.differences.get(&code) {
            Some(n) => n == expected.as_bytes(),
            None => match code {
                // The standard encodings print ASCII as ASCII, but for the quotes of
                // StandardEncoding, which print as curly ones: the same character to a reader.
                0x20..=0x7E => true,
                // Latin-1 letters sit at their own codes in WinAnsi and PDFDoc only.
                _ => matches!(self.base.as_slice(), b"WinAnsiEncoding" | b"PDFDocEncoding"),
            },
        };
        if !named {
            return None;
        }
        if let Some(last) = self.last
            && i64::from(code) > last
        {
            return None;
        }
        if self.widths.is_some() && !self.width(code).is_some_and(|w| w > 0.0) {
            return None;
        }
        Some(code)
    }

    /// The width of a code in thousandths of the font size, when known.
    fn width(&self, code: u8) -> Option<f32> {
        if let Some((first, widths)) = &self.widths {
            let i = usize::try_from(i64::from(code) - first).ok()?;
            return widths.get(i).copied().flatten();
        }
        let table = self.standard?;
        let base = match code {
            0x20..=0x7E => code,
            // Accented letters are as wide as their base letter in these fonts.
            0xC0..=0xFF => LATIN1_BASE[usize::from(code - 0xC0)],
            _ => return None,
        };
        table.get(usize::from(base - 0x20)).map(|&w| f32::from(w))
    }
}

/// Glyph names of U+0020..U+007E.
const ASCII_NAMES: [&str; 95] = [
    "space",
    "exclam",
    "quotedbl",
    "numbersign",
    "dollar",
    "percent",
    "ampersand",
    "quotesingle",
    "parenleft",
    "parenright",
    "asterisk",
    "plus",
    "comma",
    "hyphen",
    "period",
    "slash",
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "colon",
    "semicolon",
    "less",
    "equal",
    "greater",
    "question",
    "at",
    "A",
    "B",
    "C",
    "D",
    "E",
    "F",
    "G",
    "H",
    "I",
    "J",
    "K",
    "L",
    "M",
    "N",
    "O",
    "P",
    "Q",
    "R",
    "S",
    "T",
    "U",
    "V",
    "W",
    "X",
    "Y",
    "Z",
    "bracketleft",
    "backslash",
    "bracketright",
    "asciicircum",
    "underscore",
    "grave",
    "a",
    "b",
    "c",
    "d",
    "e",
    "f",
    "g",
    "h",
    "i",
    "j",
    "k",
    "l",
    "m",
    "n",
    "o",
    "p",
    "q",
    "r",
    "s",
    "t",
    "u",
    "v",
    "w",
    "x",
    "y",
    "z",
    "braceleft",
    "bar",
    "braceright",
    "asciitilde",
];

/// Glyph names of U+00C0..U+00FF.
const LATIN1_NAMES: [&str; 64] = [
    "Agrave",
    "Aacute",
    "Acircumflex",
    "Atilde",
    "Adieresis",
    "Aring",
    "AE",
    "Ccedilla",
    "Egrave",
    "Eacute",
    "Ecircumflex",
    "Edieresis",
    "Igrave",
    "Iacute",
    "Icircumflex",
    "Idieresis",
    "Eth",
    "Ntilde",
    "Ograve",
    "Oacute",
    "Ocircumflex",
    "Otilde",
    "Odieresis",
    "multiply",
    "Oslash",
    "Ugrave",
    "Uacute",
    "Ucircumflex",
    "Udieresis",
    "Yacute",
    "Thorn",
    "germandbls",
    "agrave",
    "aacute",
    "acircumflex",
    "atilde",
    "adieresis",
    "aring",
    "ae",
    "ccedilla",
    "egrave",
    "eacute",
    "ecircumflex",
    "edieresis",
    "igrave",
    "iacute",
    "icircumflex",
    "idieresis",
    "eth",
    "ntilde",
    "ograve",
    "oacute",
    "ocircumflex",
    "otilde",
    "odieresis",
    "divide",
    "oslash",
    "ugrave",
    "uacute",
    "ucircumflex",
    "udieresis",
    "yacute",
    "thorn",
    "ydieresis",
];

/// For width purposes, the ASCII letter each of U+00C0..U+00FF is closest to.
const LATIN1_BASE: [u8; 64] = *b"AAAAAAWCEEEEIIIIDNOOOOO+OUUUUYPFaaaaaamceeeeffffdnooooo+ouuuuypy";

/// Helvetica's advance widths for ASCII 0x20..0x7E (Adobe's AFM).
const HELVETICA: [u16; 95] = [
    278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278, 556, 556, 556,
    556, 556, 556, 556, 556, 556, 556, 278, 278, 584, 584, 584, 556, 1015, 667, 667, 722, 722, 667,
    611, 778, 722, 278, 500, 667, 556, 833, 722, 778, 667, 778, 722, 667, 611, 722, 667, 944, 667,
    667, 611, 278, 278, 278, 469, 556, 333, 556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500,
    222, 833, 556, 556, 556, 556, 333, 500, 278, 556, 500, 722, 500, 500, 500, 334, 260, 334, 584,
];

/// Courier: every glyph is 600 wide.
const COURIER: [u16; 95] = [600; 95];

/// A PDF number with at most three decimals and no trailing zeros.
pub(super) fn num(v: f32) -> String {
    let s = format!("{v:.3}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    if s == "-0" {
        "0".to_owned()
    } else {
        s.to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_appearance_strings_are_read() {
        let da = DefaultAppearance::parse(b"0.29803 0.29803 0.29803 rg /F3 11 Tf").unwrap();
        assert_eq!(da.font, b"F3");
        assert_eq!(da.size, 11.0);
        assert_eq!(da.colour, "0.29803 0.29803 0.29803 rg");
        let da = DefaultAppearance::parse(b"/Helv 0 Tf 0 g").unwrap();
        assert_eq!(
            (da.font.as_slice(), da.size, da.colour.as_str()),
            (&b"Helv"[..], 0.0, "0 g")
        );
        assert!(DefaultAppearance::parse(b"0 g").is_none());
        assert!(DefaultAppearance::parse(b"Tf rg").is_none());
    }

    #[test]
    fn text_strings_decode() {
        assert_eq!(text_string(b"\xFE\xFF\x00A\x00l\x00\xE9"), "Alé");
        assert_eq!(text_string(b"Jos\xE9"), "José");
    }
}
