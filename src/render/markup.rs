//! Appearances for printable markup annotations that have none: a highlight, underline or
//! strike-out over text, a freehand ink drawing (a signature drawn with a viewer's pen), a
//! rectangle, ellipse, line or polygon, a sticky note's icon. Viewers draw these from the
//! annotation's own data when it has no appearance stream (pypdf and some scripts write them
//! so), and print them; without this the packet would lose what the volunteer or client marked.
//!
//! The drawing follows the annotation's data (PDF 32000-1, 12.5.6): its colour `/C` (no colour:
//! nothing to draw), interior colour `/IC`, opacity `/CA`, border width (`/BS /W`, else the
//! third number of `/Border`, else 1), and the points of `/QuadPoints`, `/InkList`, `/L` or
//! `/Vertices`, all in the page's space. Line endings, dash patterns and cloudy borders are not
//! drawn; a free-text annotation without appearance is left out (its font is not known).

use lopdf::{Dictionary, Document, Object, Stream, dictionary};

use super::fields::num;

/// The annotation subtypes drawn here when they have no appearance of their own.
pub(crate) const DRAWN_SUBTYPES: [&[u8]; 11] = [
    b"Highlight",
    b"Underline",
    b"StrikeOut",
    b"Squiggly",
    b"Ink",
    b"Square",
    b"Circle",
    b"Line",
    b"Polygon",
    b"PolyLine",
    b"Text",
];

/// Coordinates beyond this (points; 350 m) are no drawing a page can hold: the annotation is
/// left out rather than written with numbers that overflow.
const MAX_COORDINATE: f32 = 1.0e6;

/// The most content one annotation's drawing may have (bytes): a small file whose ink lists or
/// quads are many, or shared by many annotations, must not blow up memory or the packet. Beyond
/// it the annotation is not drawn.
const MAX_CONTENT: usize = 256 * 1024;

/// The appearance of markup annotation `a` drawn here, as a form in the page's own space (to be
/// placed with the identity matrix), or `None` when there is nothing this module draws.
/// An error (the copy is refused, so that a drawing never silently goes missing) when the
/// annotation holds more than can be drawn safely.
pub(super) fn appearance(
    src: &Document,
    a: &Dictionary,
    rect: [f32; 4],
) -> Result<Option<Stream>, String> {
    let too_big = std::cell::Cell::new(false);
    let drawn = draw(src, a, rect, &too_big);
    if too_big.get() {
        return Err(TOO_BIG.to_owned());
    }
    Ok(drawn)
}

pub(super) const TOO_BIG: &str = "an annotation (a highlight, drawing or shape) holds more points than \
    dossier can draw safely; open the PDF in a viewer and print it to a new PDF (flatten it)";

fn draw(
    src: &Document,
    a: &Dictionary,
    rect: [f32; 4],
    too_big: &std::cell::Cell<bool>,
) -> Option<Stream> {
    let deref = |o: &Object| src.dereference(o).ok().map(|(_, o)| o.clone());
    let numbers = |key: &[u8]| -> Option<Vec<f32>> {
        let arr = deref(a.get(key).ok()?)?.as_array().ok()?.clone();
        if arr.len() > MAX_CONTENT {
            too_big.set(true);
            return None;
        }
        let v: Vec<f32> = arr
            .iter()
            .filter_map(|x| deref(x)?.as_float().ok())
            .filter(|x| x.abs() <= MAX_COORDINATE)
            .collect();
        (v.len() == arr.len()).then_some(v)
    };
    if !rect.iter().all(|x| x.abs() <= MAX_COORDINATE) {
        return None;
    }
    let subtype = a.get(b"Subtype").ok()?.as_name().ok()?.to_vec();
    // Without /C viewers (poppler, pdf.js) draw in black, and so does the packet; an empty /C
    // means transparent: nothing is drawn in that colour.
    let has_colour = a.has(b"C");
    let c = if has_colour {
        numbers(b"C")
    } else {
        Some(vec![0.0])
    };
    let stroke = colour(c.clone(), true);
    let fill = colour(numbers(b"IC"), false);
    let width = a
        .get(b"BS")
        .ok()
        .and_then(&deref)
        .and_then(|bs| deref(bs.as_dict().ok()?.get(b"W").ok()?)?.as_float().ok())
        .or_else(|| numbers(b"Border").and_then(|b| b.get(2).copied()))
        .filter(|w| w.is_finite() && *w >= 0.0)
        .unwrap_or(1.0)
        .min(100.0);
    let mut points: Vec<(f32, f32)> = vec![(rect[0], rect[1]), (rect[2], rect[3])];
    let mut content = String::new();
    let mut multiply = false;
    match subtype.as_slice() {
        b"Highlight" | b"Underline" | b"StrikeOut" | b"Squiggly" => {
            let quads = numbers(b"QuadPoints")?;
            if quads.len() > MAX_CONTENT / 8 {
                too_big.set(true);
                return None;
            }
            // A highlight without colour is yellow, as viewers mark text, not a black bar.
            let fill_op = if has_colour {
                colour(c.clone(), false)?
            } else {
                "1 1 0 rg".to_owned()
            };
            let stroke_op = stroke.clone()?;
            for q in quads.chunks_exact(8) {
                // Writers order a quad's corners differently (the specification's example,
                // pypdf's and Acrobat's disagree), so like pdf.js the marked box is the quad's
                // bounding box: text marked this way is upright.
                let xs = [q[0], q[2], q[4], q[6]];
                let ys = [q[1], q[3], q[5], q[7]];
                let x0 = xs.iter().copied().fold(f32::MAX, f32::min);
                let x1 = xs.iter().copied().fold(f32::MIN, f32::max);
                let y0 = ys.iter().copied().fold(f32::MAX, f32::min);
                let y1 = ys.iter().copied().fold(f32::MIN, f32::max);
                points.extend([(x0, y0), (x1, y1)]);
                let height = y1 - y0;
                let thick = (height / 14.0).max(0.5);
                match subtype.as_slice() {
                    b"Highlight" => {
                        multiply = true;
                        content.push_str(&format!(
                            "{fill_op} {} {} {} {} re f\n",
                            num(x0),
                            num(y0),
                            num(x1 - x0),
                            num(height)
                        ));
                    }
                    b"Underline" | b"StrikeOut" => {
                        let y = if subtype == b"Underline" {
                            y0 + thick
                        } else {
                            y0 + height / 2.0
                        };
                        content.push_str(&format!(
                            "{stroke_op} {} w {} m {} l S\n",
                            num(thick),
                            pt((x0, y)),
                            pt((x1, y))
                        ));
                    }
                    _ => {
                        // Squiggly: a zigzag along the bottom of the text.
                        let steps = ((x1 - x0) / (thick * 4.0)).ceil().clamp(1.0, 200.0) as usize;
                        let mut path = format!("{stroke_op} {} w", num(thick));
                        for i in 0..=steps {
                            let x = x0 + (x1 - x0) * i as f32 / steps as f32;
                            let y = y0 + if i % 2 == 0 { 0.0 } else { thick * 2.0 };
                            let op = if i == 0 { "m" } else { "l" };
                            path.push_str(&format!(" {} {op}", pt((x, y))));
                        }
                        path.push_str(" S\n");
                        content.push_str(&path);
                    }
                }
                if content.len() > MAX_CONTENT {
                    too_big.set(true);
                    return None;
                }
            }
        }
        b"Ink" => {
            let stroke_op = stroke.clone()?;
            let list = deref(a.get(b"InkList").ok()?)?.as_array().ok()?.clone();
            content.push_str(&format!("{stroke_op} {} w 1 J 1 j\n", num(width)));
            for path in &list {
                let Some(Object::Array(coords)) = deref(path) else {
                    continue;
                };
                if coords.len() > MAX_CONTENT / 8 {
                    too_big.set(true);
                    return None;
                }
                // A point with a number that is not one, or out of range, is left out whole.
                let p: Vec<(f32, f32)> = coords
                    .chunks_exact(2)
                    .filter_map(|c| {
                        let x = deref(&c[0])?.as_float().ok()?;
                        let y = deref(&c[1])?.as_float().ok()?;
                        (x.abs() <= MAX_COORDINATE && y.abs() <= MAX_COORDINATE).then_some((x, y))
                    })
                    .collect();
                points.extend(&p);
                content.push_str(&polyline(&p, false, "S"));
                if content.len() > MAX_CONTENT {
                    too_big.set(true);
                    return None;
                }
            }
        }
        b"Square" | b"Circle" => {
            let h = width / 2.0;
            let (x0, y0, x1, y1) = (rect[0] + h, rect[1] + h, rect[2] - h, rect[3] - h);
            if x1 <= x0 || y1 <= y0 {
                return None;
            }
            let shape = if subtype == b"Square" {
                format!(
                    "{} {} {} {} re",
                    num(x0),
                    num(y0),
                    num(x1 - x0),
                    num(y1 - y0)
                )
            } else {
                ellipse(x0, y0, x1, y1)
            };
            content.push_str(&painted(&shape, stroke.as_deref(), fill.as_deref(), width)?);
        }
        b"Line" => {
            let l = numbers(b"L")?;
            let [x1, y1, x2, y2] = l.as_slice() else {
                return None;
            };
            points.extend([(*x1, *y1), (*x2, *y2)]);
            let shape = format!("{} m {} l", pt((*x1, *y1)), pt((*x2, *y2)));
            content.push_str(&painted(&shape, stroke.as_deref(), None, width)?);
        }
        b"Polygon" | b"PolyLine" => {
            let v = numbers(b"Vertices")?;
            if v.len() > MAX_CONTENT / 8 {
                too_big.set(true);
                return None;
            }
            let p: Vec<(f32, f32)> = v.chunks_exact(2).map(|c| (c[0], c[1])).collect();
            points.extend(&p);
            let closed = subtype == b"Polygon";
            let shape = polyline(&p, closed, "");
            let fill = if closed { fill.as_deref() } else { None };
            content.push_str(&painted(shape.trim_end(), stroke.as_deref(), fill, width)?);
        }
        b"Text" => {
            // A sticky note's icon, as viewers print it: a note of the annotation's colour
            // (white without one) with lines of writing, at the rectangle's top left. Like a
            // viewer's icon it has its own size (PDF 32000-1, 12.5.6.4), whatever the rectangle.
            let fill_op = if has_colour {
                colour(c.clone(), false)
            } else {
                None
            }
            .unwrap_or_else(|| "1 g".to_owned());
            let size = 18.0;
            let (x, y) = (rect[0], rect[3] - size);
            points.push((x + size, y));
            content.push_str(&format!(
                "{fill_op} 0 G 0.8 w {} {} {s} {s} re B\n",
                num(x + 0.5),
                num(y + 0.5),
                s = num(size - 1.0)
            ));
            for i in 1..4 {
                let ly = y + size * (1.0 - i as f32 / 4.0);
                content.push_str(&format!(
                    "{} m {} l S\n",
                    pt((x + size * 0.2, ly)),
                    pt((x + size * 0.8, ly))
                ));
            }
        }
        _ => return None,
    }
    if content.is_empty() {
        return None;
    }
    let pad = width + 2.0;
    let (mut x0, mut y0, mut x1, mut y1) = (f32::MAX, f32::MAX, f32::MIN, f32::MIN);
    for (x, y) in points {
        (x0, y0, x1, y1) = (x0.min(x), y0.min(y), x1.max(x), y1.max(y));
    }
    let bbox = vec![
        Object::Real(x0 - pad),
        Object::Real(y0 - pad),
        Object::Real(x1 + pad),
        Object::Real(y1 + pad),
    ];
    let opacity = a
        .get(b"CA")
        .ok()
        .and_then(|o| o.as_float().ok())
        .filter(|o| o.is_finite())
        .map(|o| o.clamp(0.0, 1.0));
    let mut resources = Dictionary::new();
    if multiply || opacity.is_some() {
        let mut gs = dictionary! { "Type" => "ExtGState" };
        if multiply {
            gs.set("BM", "Multiply");
        }
        if let Some(o) = opacity {
            gs.set("CA", Object::Real(o));
            gs.set("ca", Object::Real(o));
        }
        resources.set("ExtGState", dictionary! { "DossierMarkup" => gs });
        content.insert_str(0, "/DossierMarkup gs\n");
    }
    Some(Stream::new(
        dictionary! {
            "Type" => "XObject", "Subtype" => "Form", "BBox" => bbox, "Resources" => resources,
        },
        format!("q\n{content}Q\n").into_bytes(),
    ))
}

/// A colour operator from an annotation colour array: gray, RGB or CMYK; none for an empty or
/// malformed array (the annotation is then not painted in that colour).
pub(super) fn colour(c: Option<Vec<f32>>, stroke: bool) -> Option<String> {
    let c = c?;
    let op = match (c.len(), stroke) {
        (1, false) => "g",
        (3, false) => "rg",
        (4, false) => "k",
        (1, true) => "G",
        (3, true) => "RG",
        (4, true) => "K",
        _ => return None,
    };
    let values: Vec<String> = c.iter().map(|v| num(v.clamp(0.0, 1.0))).collect();
    Some(format!("{} {op}", values.join(" ")))
}

/// A path painted with the stroke colour, the fill colour, or both; `None` when neither is set.
fn painted(shape: &str, stroke: Option<&str>, fill: Option<&str>, width: f32) -> Option<String> {
    let (set, op) = match (stroke.filter(|_| width > 0.0), fill) {
        (Some(s), Some(f)) => (format!("{s} {f}"), "B"),
        (Some(s), None) => (s.to_owned(), "S"),
        (None, Some(f)) => (f.to_owned(), "f"),
        (None, None) => return None,
    };
    Some(format!("{set} {} w {shape} {op}\n", num(width)))
}

fn polyline(p: &[(f32, f32)], closed: bool, op: &str) -> String {
    let mut out = String::new();
    for (i, q) in p.iter().enumerate() {
        out.push_str(&format!("{} {} ", pt(*q), if i == 0 { "m" } else { "l" }));
    }
    if p.len() == 1 {
        // A single point (a dot made with the pen) is drawn as a dot.
        out.push_str(&format!("{} l ", pt(p[0])));
    }
    if closed {
        out.push_str("h ");
    }
    if !p.is_empty() && !op.is_empty() {
        out.push_str(op);
        out.push('\n');
    }
    out
}

/// An ellipse inscribed in a rectangle, as four Bézier curves.
fn ellipse(x0: f32, y0: f32, x1: f32, y1: f32) -> String {
    const K: f32 = 0.552_284_8;
    let (cx, cy, rx, ry) = (
        (x0 + x1) / 2.0,
        (y0 + y1) / 2.0,
        (x1 - x0) / 2.0,
        (y1 - y0) / 2.0,
    );
    let (kx, ky) = (rx * K, ry * K);
    format!(
        "{} m {} {} {} c {} {} {} c {} {} {} c {} {} {} c h",
        pt((cx + rx, cy)),
        pt((cx + rx, cy + ky)),
        pt((cx + kx, cy + ry)),
        pt((cx, cy + ry)),
        pt((cx - kx, cy + ry)),
        pt((cx - rx, cy + ky)),
        pt((cx - rx, cy)),
        pt((cx - rx, cy - ky)),
        pt((cx - kx, cy - ry)),
        pt((cx, cy - ry)),
        pt((cx + kx, cy - ry)),
        pt((cx + rx, cy - ky)),
        pt((cx + rx, cy)),
    )
}

fn pt((x, y): (f32, f32)) -> String {
    format!("{} {}", num(x), num(y))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn annot(d: Dictionary) -> Option<String> {
        let doc = Document::with_version("1.7");
        appearance(&doc, &d, [10.0, 10.0, 110.0, 30.0])
            .unwrap()
            .map(|s| String::from_utf8(s.content).unwrap())
    }

    #[test]
    fn a_highlight_fills_its_quads_in_multiply_mode() {
        let d = dictionary! {
            "Subtype" => "Highlight",
            "C" => vec![1.into(), 1.into(), 0.into()],
            "QuadPoints" => vec![10.into(), 30.into(), 110.into(), 30.into(), 10.into(), 10.into(), 110.into(), 10.into()],
        };
        let doc = Document::with_version("1.7");
        let s = appearance(&doc, &d, [10.0, 10.0, 110.0, 30.0])
            .unwrap()
            .unwrap();
        let text = String::from_utf8(s.content.clone()).unwrap();
        assert!(text.contains("1 1 0 rg 10 10 100 20 re f"), "{text}");
        let gs = s.dict.get(b"Resources").unwrap().as_dict().unwrap();
        assert!(format!("{gs:?}").contains("Multiply"));
    }

    #[test]
    fn ink_strokes_every_path_in_its_colour_and_width() {
        let d = dictionary! {
            "Subtype" => "Ink",
            "C" => vec![0.into(), 0.into(), 1.into()],
            "BS" => dictionary! { "W" => 2 },
            "InkList" => vec![
                Object::Array(vec![10.into(), 10.into(), 50.into(), 30.into()]),
                Object::Array(vec![60.into(), 10.into()]),
            ],
        };
        let text = annot(d).unwrap();
        assert!(text.contains("0 0 1 RG 2 w 1 J 1 j"), "{text}");
        assert!(text.contains("10 10 m 50 30 l S"), "{text}");
        assert!(text.contains("60 10 m 60 10 l S"), "{text}");
    }

    #[test]
    fn without_colour_or_data_nothing_is_drawn_and_nothing_panics() {
        // Without /C, black as viewers draw it (a highlight yellow); an empty /C: nothing.
        let ink = |c: Option<Vec<Object>>| {
            let line = Object::Array(vec![1.into(), 2.into(), 3.into(), 4.into()]);
            let mut d = dictionary! { "Subtype" => "Ink", "InkList" => vec![line] };
            if let Some(c) = c {
                d.set("C", c);
            }
            annot(d)
        };
        assert!(ink(None).unwrap().contains("0 G 1 w"));
        assert!(ink(Some(vec![])).is_none());
        let quad: Vec<Object> = [10, 30, 110, 30, 10, 10, 110, 10]
            .map(Object::from)
            .to_vec();
        let hl = annot(dictionary! { "Subtype" => "Highlight", "QuadPoints" => quad }).unwrap();
        assert!(hl.contains("1 1 0 rg"), "{hl}");
        assert!(
            annot(dictionary! { "Subtype" => "Highlight", "QuadPoints" => vec![1.into()] })
                .is_none()
        );
        assert!(annot(dictionary! { "Subtype" => "Ink", "C" => vec![0.into()] }).is_none());
        assert!(
            annot(dictionary! { "Subtype" => "Square", "C" => Vec::<Object>::new() }).is_none()
        );
        assert!(annot(dictionary! { "Subtype" => "FreeText", "C" => vec![0.into()] }).is_none());
        assert!(
            annot(
                dictionary! { "Subtype" => "Line", "C" => vec![0.into()], "L" => vec![1.into()] }
            )
            .is_none()
        );
        let square =
            annot(dictionary! { "Subtype" => "Square", "C" => vec![1.into(), 0.into(), 0.into()] });
        assert!(
            square
                .unwrap()
                .contains("1 0 0 RG 1 w 10.5 10.5 99 19 re S")
        );
        let note = annot(dictionary! { "Subtype" => "Text" }).unwrap();
        assert!(
            note.contains("1 g 0 G 0.8 w 10.5 12.5 17 17 re B"),
            "{note}"
        );
    }

    fn quad_annot(subtype: &str, quad: [f32; 8]) -> String {
        let d = dictionary! {
            "Subtype" => subtype,
            "C" => vec![0.into()],
            "QuadPoints" => quad.iter().map(|&x| Object::Real(x)).collect::<Vec<_>>(),
        };
        annot(d).unwrap()
    }

    /// Writers order a quad's corners differently; the line is under, or through, the text
    /// whatever the order.
    #[test]
    fn underline_and_strike_out_whatever_the_corner_order() {
        // Upper-left first (Acrobat), lower-left first (pypdf), counterclockwise (the spec).
        for quad in [
            [100.0, 520.0, 200.0, 520.0, 100.0, 500.0, 200.0, 500.0],
            [100.0, 500.0, 200.0, 500.0, 100.0, 520.0, 200.0, 520.0],
            [100.0, 500.0, 200.0, 500.0, 200.0, 520.0, 100.0, 520.0],
        ] {
            let under = quad_annot("Underline", quad);
            assert!(under.contains("100 501.429 m 200 501.429 l S"), "{under}");
            let strike = quad_annot("StrikeOut", quad);
            assert!(strike.contains("100 510 m 200 510 l S"), "{strike}");
            let squiggly = quad_annot("Squiggly", quad);
            assert!(squiggly.contains("100 500 m"), "{squiggly}");
        }
    }

    /// Numbers a page cannot hold, or more points than can be drawn safely, never reach the
    /// packet as NaN or a content stream of megabytes: the first is left out, the second
    /// refuses the copy with advice.
    #[test]
    fn absurd_or_huge_annotations_are_not_drawn() {
        let doc = Document::with_version("1.7");
        let huge = dictionary! {
            "Subtype" => "Squiggly",
            "C" => vec![0.into()],
            "QuadPoints" => [3.0e38f32, 90.0, -3.0e38, 90.0, 3.0e38, 100.0, -3.0e38, 100.0]
                .iter().map(|&x| Object::Real(x)).collect::<Vec<_>>(),
        };
        assert!(
            appearance(&doc, &huge, [0.0, 0.0, 10.0, 10.0])
                .unwrap()
                .is_none()
        );
        let many = dictionary! {
            "Subtype" => "Squiggly",
            "C" => vec![0.into()],
            "QuadPoints" => (0..80_000).map(|i| Object::Real((i % 8) as f32 * 50.0))
                .collect::<Vec<_>>(),
        };
        let e = appearance(&doc, &many, [0.0, 0.0, 10.0, 10.0]).unwrap_err();
        assert!(e.contains("print it to a new PDF"), "{e}");
        let ink = dictionary! {
            "Subtype" => "Ink",
            "C" => vec![0.into()],
            "InkList" => vec![Object::Array(vec![Object::Real(f32::MAX), 1.into(), 2.into(), 3.into()])],
        };
        let drawn = appearance(&doc, &ink, [0.0, 0.0, 10.0, 10.0])
            .unwrap()
            .unwrap();
        let text = String::from_utf8(drawn.content).unwrap();
        assert!(!text.contains("inf") && !text.contains("NaN"), "{text}");
        assert!(text.contains("2 3 m 2 3 l S"), "{text}");
    }
}
