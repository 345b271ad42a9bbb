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

/// The appearance of markup annotation `a` drawn here, as a form in the page's own space (to be
/// placed with the identity matrix), or `None` when there is nothing this module draws.
pub(super) fn appearance(src: &Document, a: &Dictionary, rect: [f32; 4]) -> Option<Stream> {
    let deref = |o: &Object| src.dereference(o).ok().map(|(_, o)| o.clone());
    let numbers = |key: &[u8]| -> Option<Vec<f32>> {
        let arr = deref(a.get(key).ok()?)?.as_array().ok()?.clone();
        let v: Vec<f32> = arr
            .iter()
            .filter_map(|x| deref(x)?.as_float().ok())
            .filter(|x| x.is_finite())
            .collect();
        (v.len() == arr.len()).then_some(v)
    };
    let subtype = a.get(b"Subtype").ok()?.as_name().ok()?.to_vec();
    let stroke = colour(numbers(b"C"), true);
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
            let fill_op = colour(numbers(b"C"), false)?;
            let stroke_op = stroke.clone()?;
            for q in quads.chunks_exact(8) {
                let p: Vec<(f32, f32)> = q.chunks_exact(2).map(|c| (c[0], c[1])).collect();
                points.extend(&p);
                // Usual order: upper left, upper right, lower left, lower right.
                let (ul, ur, ll, lr) = (p[0], p[1], p[2], p[3]);
                let height = ((ul.0 - ll.0).powi(2) + (ul.1 - ll.1).powi(2)).sqrt();
                let lerp = |a: (f32, f32), b: (f32, f32), t: f32| {
                    (a.0 + (b.0 - a.0) * t, a.1 + (b.1 - a.1) * t)
                };
                let thick = (height / 14.0).max(0.5);
                match subtype.as_slice() {
                    b"Highlight" => {
                        multiply = true;
                        content.push_str(&format!(
                            "{fill_op} {} m {} l {} l {} l h f\n",
                            pt(ll),
                            pt(lr),
                            pt(ur),
                            pt(ul)
                        ));
                    }
                    b"Underline" => {
                        let t = thick / height.max(1.0);
                        content.push_str(&format!(
                            "{stroke_op} {} w {} m {} l S\n",
                            num(thick),
                            pt(lerp(ll, ul, t)),
                            pt(lerp(lr, ur, t))
                        ));
                    }
                    b"StrikeOut" => {
                        content.push_str(&format!(
                            "{stroke_op} {} w {} m {} l S\n",
                            num(thick),
                            pt(lerp(ll, ul, 0.5)),
                            pt(lerp(lr, ur, 0.5))
                        ));
                    }
                    _ => {
                        // Squiggly: a zigzag along the bottom of the text.
                        let len = ((lr.0 - ll.0).powi(2) + (lr.1 - ll.1).powi(2)).sqrt();
                        let steps = ((len / (thick * 4.0)).ceil() as usize).clamp(1, 2000);
                        let mut path = format!("{stroke_op} {} w", num(thick));
                        for i in 0..=steps {
                            let t = i as f32 / steps as f32;
                            let base = lerp(ll, lr, t);
                            let up = if i % 2 == 0 { 0.0 } else { thick * 2.0 } / height.max(1.0);
                            let p = (base.0 + (ul.0 - ll.0) * up, base.1 + (ul.1 - ll.1) * up);
                            let op = if i == 0 { "m" } else { "l" };
                            path.push_str(&format!(" {} {op}", pt(p)));
                        }
                        path.push_str(" S\n");
                        content.push_str(&path);
                    }
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
                let p: Vec<(f32, f32)> = coords
                    .iter()
                    .filter_map(|x| deref(x)?.as_float().ok())
                    .filter(|x| x.is_finite())
                    .collect::<Vec<_>>()
                    .chunks_exact(2)
                    .map(|c| (c[0], c[1]))
                    .collect();
                points.extend(&p);
                content.push_str(&polyline(&p, false, "S"));
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
            let fill_op = colour(numbers(b"C"), false).unwrap_or_else(|| "1 g".to_owned());
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
fn colour(c: Option<Vec<f32>>, stroke: bool) -> Option<String> {
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

fn num(v: f32) -> String {
    let s = format!("{v:.3}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    if s.is_empty() || s == "-0" {
        "0".to_owned()
    } else {
        s.to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn annot(d: Dictionary) -> Option<String> {
        let doc = Document::with_version("1.7");
        appearance(&doc, &d, [10.0, 10.0, 110.0, 30.0])
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
        let s = appearance(&doc, &d, [10.0, 10.0, 110.0, 30.0]).unwrap();
        let text = String::from_utf8(s.content.clone()).unwrap();
        assert!(
            text.contains("1 1 0 rg 10 10 m 110 10 l 110 30 l 10 30 l h f"),
            "{text}"
        );
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
        assert!(
            annot(dictionary! { "Subtype" => "Highlight", "QuadPoints" => vec![1.into()] })
                .is_none()
        );
        assert!(annot(dictionary! { "Subtype" => "Ink", "C" => vec![0.into()] }).is_none());
        assert!(annot(dictionary! { "Subtype" => "Square" }).is_none());
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
}
