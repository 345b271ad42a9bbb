//! Reads one page's content streams, and the form XObjects they draw, in a single bounded pass
//! that gathers what the page inspection needs: the text layer (visible or invisible OCR text),
//! whether anything non-white is painted, and the placement and size of every image.
//!
//! It follows the graphics state only as far as those facts need (current matrix, fill and
//! stroke whiteness, font, text render mode). It does not render, does not measure glyphs, and
//! stops decoding text once the identifier is found; operators it does not need are skipped.

use std::borrow::Cow;
use std::rc::Rc;

use lopdf::{Dictionary, Object, ObjectId, Stream};

use super::TextLayer;
use super::font::FontDecoder;
use super::image::{
    INK_MAX_PIXELS, encoded_has_ink, jpeg_looks_blank, lossless_looks_blank, luma_has_ink,
};
use super::pdf::{Pdf, as_dict, number};
use super::text::{Needle, Normalised};

/// Operators interpreted on one page, forms included, before the rest is ignored.
const MAX_OPS_PER_PAGE: usize = 2_000_000;
/// Form XObjects nested inside one another.
const MAX_FORM_DEPTH: usize = 12;
/// Form XObjects drawn on one page.
const MAX_FORMS_PER_PAGE: usize = 10_000;
/// Saved graphics states (`q`) kept; deeper saves are counted, not stored.
const MAX_GSTATE_DEPTH: usize = 256;
/// Operands kept before an operator; no operator takes more than a few.
const MAX_OPERANDS: usize = 64;
/// Nesting of arrays inside an operand.
const MAX_ARRAY_DEPTH: usize = 8;
/// New normalised text after which the page is searched again before the text object ends.
const CHECK_EVERY: usize = 2048;
/// An image counts as a scan of the page when it covers at least this share of the page...
const SCAN_MIN_COVERAGE: f64 = 0.2;
/// ...or spans this share of the page's shorter side (a scan delivered in strips).
const SCAN_MIN_SPAN: f64 = 0.8;
/// A negative `TJ` adjustment larger than this (thousandths of an em) is a word gap.
const TJ_WORD_GAP: f64 = 200.0;

/// The page box and how it is shown.
#[derive(Debug, Clone, Copy)]
pub(crate) struct PageGeometry {
    /// The displayed box (CropBox ∩ MediaBox) in default user space units.
    pub(crate) box_pt: [f64; 4],
    /// `/Rotate` is 90 or 270.
    pub(crate) quarter_turn: bool,
    /// `/UserUnit`: the size of a user space unit in 1/72 inch.
    pub(crate) user_unit: f64,
}

/// What one page's content shows.
#[derive(Debug, Clone, Copy)]
pub(crate) struct PageSeen {
    pub(crate) dpi: Option<f64>,
    pub(crate) blank: bool,
    pub(crate) text: TextLayer,
    /// A content stream or form the page draws is missing or cannot be decoded.
    pub(crate) damaged: bool,
}

/// Reads the page and tells what it shows.
pub(crate) fn inspect_page(
    pdf: &Pdf<'_>,
    page: &Dictionary,
    resources: Option<&Dictionary>,
    geometry: &PageGeometry,
    needle: &Needle,
) -> PageSeen {
    let w = geometry.box_pt[2] - geometry.box_pt[0];
    let h = geometry.box_pt[3] - geometry.box_pt[1];
    let mut scan = Scan {
        pdf,
        needle,
        text: Normalised::default(),
        checked: 0,
        found: false,
        painted: false,
        dpi: None,
        page_area: (w * h).max(1e-6),
        page_short: w.min(h).max(1e-6),
        user_unit: geometry.user_unit,
        ops: 0,
        forms: 0,
        active_forms: Vec::new(),
        damaged: false,
        tm: IDENTITY,
        tlm: IDENTITY,
        leading: 0.0,
        runs: Vec::new(),
        run: None,
        hidden: Vec::new(),
        box_pt: geometry.box_pt,
        in_annotation: false,
    };
    let (data, damaged) = page_content(pdf, page);
    scan.damaged = damaged;
    scan.run(&data, resources, GState::default(), 0);
    // What annotations print on the page counts too: a V-number typed on with a viewer's
    // "add text" tool, or in a filled-in form field, is on the paper.
    scan.printed_annotations(page, resources);
    scan.check(true);
    if !scan.found && scan.text.has_text() && scan.found_in_reading_order() {
        scan.found = true;
    }
    let text = if scan.found {
        TextLayer::Found
    } else if scan.text.has_text() {
        TextLayer::Missing
    } else {
        TextLayer::None
    };
    PageSeen {
        dpi: scan.dpi,
        blank: !scan.painted && !scan.text.has_writing() && !has_visible_annotations(pdf, page),
        text,
        damaged: scan.damaged,
    }
}

/// The page's content streams, decoded and joined, and whether one of them is missing or
/// cannot be decoded (running out of the decompression budget is not damage).
fn page_content(pdf: &Pdf<'_>, page: &Dictionary) -> (Vec<u8>, bool) {
    let mut out = Vec::new();
    let mut damaged = false;
    let Ok(contents) = page.get(b"Contents") else {
        return (out, false);
    };
    let mut add = |obj: &Object| match pdf.resolve(obj) {
        Some(Object::Stream(s)) => match pdf.stream_data(s) {
            Some(data) => {
                out.extend_from_slice(&data);
                out.push(b'\n');
            }
            None => damaged |= !pdf.out_of_budget(),
        },
        Some(Object::Null) => {}
        _ => damaged = true,
    };
    match pdf.resolve(contents) {
        Some(Object::Array(items)) => items.iter().for_each(&mut add),
        _ => add(contents),
    }
    (out, damaged)
}

/// Annotations other than links and pop-ups that carry an appearance put ink on the page; so
/// does printable markup without one that the packet draws from its data (a highlight, an ink
/// drawing, a shape, a note's icon: see `render/markup.rs`).
fn has_visible_annotations(pdf: &Pdf<'_>, page: &Dictionary) -> bool {
    let Some(Object::Array(annots)) = pdf.get(page, b"Annots") else {
        return false;
    };
    annots
        .iter()
        .filter_map(|a| pdf.resolve(a))
        .filter_map(as_dict)
        .any(|a| {
            let subtype = pdf.name(a, b"Subtype").unwrap_or_default();
            if subtype == b"Link" || subtype == b"Popup" {
                return false;
            }
            if a.get(b"AP").is_ok() {
                return true;
            }
            let flags = match pdf.get(a, b"F") {
                Some(Object::Integer(f)) => *f,
                _ => 0,
            };
            let printed = flags & 4 != 0 && flags & 2 == 0;
            printed && crate::render::DRAWN_SUBTYPES.contains(&subtype)
        })
}

/// The part of the graphics state the scan follows.
#[derive(Clone)]
struct GState {
    ctm: [f64; 6],
    fill_white: bool,
    stroke_white: bool,
    /// The fill and stroke colour spaces take white as all-1 (grey, RGB) or all-0 (CMYK)
    /// components; not so for separations, DeviceN, indexed and pattern spaces.
    fill_process: bool,
    stroke_process: bool,
    font: Option<Rc<FontDecoder>>,
    render: i64,
}

impl Default for GState {
    fn default() -> Self {
        GState {
            ctm: [1.0, 0.0, 0.0, 1.0, 0.0, 0.0],
            fill_white: false,
            stroke_white: false,
            fill_process: true,
            stroke_process: true,
            font: None,
            render: 0,
        }
    }
}

const IDENTITY: [f64; 6] = [1.0, 0.0, 0.0, 1.0, 0.0, 0.0];

/// `m × ctm`, in PDF's row-vector convention.
fn concat(m: [f64; 6], ctm: [f64; 6]) -> [f64; 6] {
    [
        m[0] * ctm[0] + m[1] * ctm[2],
        m[0] * ctm[1] + m[1] * ctm[3],
        m[2] * ctm[0] + m[3] * ctm[2],
        m[2] * ctm[1] + m[3] * ctm[3],
        m[4] * ctm[0] + m[5] * ctm[2] + ctm[4],
        m[4] * ctm[1] + m[5] * ctm[3] + ctm[5],
    ]
}

struct Scan<'p, 'a> {
    pdf: &'p Pdf<'a>,
    needle: &'p Needle,
    text: Normalised,
    /// Length of `text` when it was last searched.
    checked: usize,
    found: bool,
    painted: bool,
    dpi: Option<f64>,
    page_area: f64,
    page_short: f64,
    user_unit: f64,
    ops: usize,
    forms: usize,
    active_forms: Vec<ObjectId>,
    damaged: bool,
    /// The text matrix and the start of its line (PDF 9.4.2), and the leading, to place runs.
    tm: [f64; 6],
    tlm: [f64; 6],
    leading: f64,
    /// The page's text as runs (what is shown between two text-positioning operators), each
    /// at the position where it starts, for reading them in page order when the stream order
    /// does not carry the identifier.
    runs: Vec<TextRun>,
    run: Option<TextRun>,
    /// Marked-content levels open (`BDC`/`BMC`), each true when it is an optional-content
    /// layer that does not print: text there is not on the paper.
    hidden: Vec<bool>,
    /// The displayed box; text that starts outside it is not on the paper.
    box_pt: [f64; 4],
    /// Reading an annotation's appearance, whose coordinates are its own, not the page's.
    in_annotation: bool,
}

/// Text shown from one text position: where it starts (user space) and what it says.
struct TextRun {
    x: f64,
    y: f64,
    text: String,
}

impl Scan<'_, '_> {
    /// Ends the current run: the next text starts a new one.
    fn end_run(&mut self) {
        if let Some(run) = self.run.take()
            && !run.text.trim().is_empty()
        {
            self.runs.push(run);
        }
    }

    /// Moves the text line by (tx, ty), as `Td` does.
    fn next_line(&mut self, tx: f64, ty: f64) {
        self.tlm = concat([1.0, 0.0, 0.0, 1.0, tx, ty], self.tlm);
        self.tm = self.tlm;
    }

    /// Whether the runs, read in page order (top to bottom, lines left to right), carry the
    /// identifier: a table or editor may draw a line's parts in another order than they read.
    fn found_in_reading_order(&self) -> bool {
        let mut runs: Vec<&TextRun> = self.runs.iter().chain(self.run.as_ref()).collect();
        if runs.len() < 2 {
            return false;
        }
        runs.sort_by(|a, b| b.y.total_cmp(&a.y));
        // Lines: runs whose baselines lie within 3 points of the line's first.
        let mut lines: Vec<Vec<&TextRun>> = Vec::new();
        for r in runs {
            match lines.last_mut() {
                Some(line) if (line[0].y - r.y).abs() <= 3.0 => line.push(r),
                _ => lines.push(vec![r]),
            }
        }
        let mut text = Normalised::default();
        for mut line in lines {
            line.sort_by(|a, b| a.x.total_cmp(&b.x));
            for r in line {
                text.space();
                text.push_str(&r.text);
            }
        }
        self.needle.found_in(&text)
    }

    /// Everything the page can tell is known: the identifier is found on a scan already seen to
    /// be painted. Reading stops here; a later image would only be an overlay such as a stamp.
    fn settled(&self) -> bool {
        self.found && self.painted && self.dpi.is_some()
    }

    fn check(&mut self, force: bool) {
        let grown = self.text.len().saturating_sub(self.checked);
        if self.found || grown == 0 || (!force && grown < CHECK_EVERY) {
            return;
        }
        self.checked = self.text.len();
        self.found = self.needle.found_in(&self.text);
    }

    fn show(&mut self, bytes: &[u8], gs: &GState) {
        if bytes.is_empty() || self.hidden.iter().any(|h| *h) {
            return;
        }
        if !self.in_annotation {
            // Upright text placed wholly off the displayed box (outside the CropBox) does not
            // print: a line whose baseline is above the box's top, or far below its bottom
            // (24 points: a large letter's height), or that starts right of it. A line that
            // starts left of the box may run into it and is kept.
            let [a, b, c, d, x, y] = concat(self.tm, gs.ctm);
            let upright = a > 0.0 && d > 0.0 && b.abs() < 1e-3 * a && c.abs() < 1e-3 * d;
            let [_, y0, x1, y1] = self.box_pt;
            if upright && (y > y1 + 2.0 || y < y0 - 24.0 || x > x1 + 2.0) {
                return;
            }
        }
        let visible = gs.render != 3 && gs.render != 7;
        let white = match gs.render {
            1 | 5 => gs.stroke_white,
            2 | 6 => gs.fill_white && gs.stroke_white,
            _ => gs.fill_white,
        };
        if visible && !white && gs.font.is_some() {
            self.painted = true;
        }
        if self.found {
            return;
        }
        if let Some(font) = &gs.font {
            let (tm, ctm) = (self.tm, gs.ctm);
            let run = self.run.get_or_insert_with(|| {
                let [.., x, y] = concat(tm, ctm);
                TextRun {
                    x,
                    y,
                    text: String::new(),
                }
            });
            let text = &mut self.text;
            font.decode(bytes, &mut |c| {
                text.push(c);
                run.text.push(c);
            });
        }
    }

    fn run(&mut self, data: &[u8], resources: Option<&Dictionary>, gs: GState, depth: usize) {
        // Marked content does not outlive the stream that opens it.
        let entry_levels = self.hidden.len();
        self.run_ops(data, resources, gs, depth, entry_levels);
        self.hidden.truncate(entry_levels);
    }

    fn run_ops(
        &mut self,
        data: &[u8],
        resources: Option<&Dictionary>,
        gs: GState,
        depth: usize,
        entry_levels: usize,
    ) {
        let mut lex = Lexer { data, pos: 0 };
        let mut gs = gs;
        let mut saved: Vec<GState> = Vec::new();
        let mut overflow = 0usize;
        let mut operands: Vec<Operand<'_>> = Vec::new();
        while let Some(tok) = lex.next() {
            let op = match tok {
                Token::Operand(o) => {
                    if operands.len() < MAX_OPERANDS {
                        operands.push(o);
                    }
                    continue;
                }
                Token::ArrayStart => {
                    let arr = lex.array(0);
                    if operands.len() < MAX_OPERANDS {
                        operands.push(arr);
                    }
                    continue;
                }
                Token::DictStart => {
                    lex.skip_dict();
                    if operands.len() < MAX_OPERANDS {
                        operands.push(Operand::Other);
                    }
                    continue;
                }
                Token::ArrayEnd | Token::DictEnd => continue,
                Token::Op(op) => op,
            };
            self.ops += 1;
            if self.ops > MAX_OPS_PER_PAGE || self.settled() {
                return;
            }
            let num = |i: usize| match operands.get(i) {
                Some(Operand::Num(n)) => Some(*n),
                _ => None,
            };
            let nums = || -> Option<Vec<f64>> {
                operands
                    .iter()
                    .map(|o| match o {
                        Operand::Num(n) => Some(*n),
                        _ => None,
                    })
                    .collect()
            };
            match op {
                b"q" => {
                    if saved.len() < MAX_GSTATE_DEPTH {
                        saved.push(gs.clone());
                    } else {
                        overflow += 1;
                    }
                }
                b"Q" => {
                    if overflow > 0 {
                        overflow -= 1;
                    } else if let Some(prev) = saved.pop() {
                        gs = prev;
                    }
                }
                b"cm" => {
                    if let Some(v) = nums().filter(|v| v.len() == 6) {
                        gs.ctm = concat([v[0], v[1], v[2], v[3], v[4], v[5]], gs.ctm);
                    }
                }
                b"BT" | b"Td" | b"TD" | b"Tm" | b"T*" => {
                    self.text.space();
                    self.end_run();
                    match op {
                        b"BT" => (self.tm, self.tlm) = (IDENTITY, IDENTITY),
                        b"Td" | b"TD" => {
                            if let (Some(tx), Some(ty)) = (num(0), num(1)) {
                                if op == b"TD" {
                                    self.leading = -ty;
                                }
                                self.next_line(tx, ty);
                            }
                        }
                        b"Tm" => {
                            if let Some(v) = nums().filter(|v| v.len() == 6) {
                                self.tlm = [v[0], v[1], v[2], v[3], v[4], v[5]];
                                self.tm = self.tlm;
                            }
                        }
                        _ => self.next_line(0.0, -self.leading),
                    }
                }
                b"TL" => {
                    if let Some(l) = num(0) {
                        self.leading = l;
                    }
                }
                b"ET" => {
                    self.text.space();
                    self.end_run();
                    self.check(true);
                }
                b"Tf" => {
                    if let Some(Operand::Name(name)) = operands.first() {
                        gs.font = self.font(resources, name);
                    }
                }
                b"Tr" => {
                    if let Some(n) = num(0) {
                        gs.render = n as i64;
                    }
                }
                b"Tj" | b"'" | b"\"" => {
                    if op != b"Tj" {
                        self.text.space();
                        self.end_run();
                        self.next_line(0.0, -self.leading);
                    }
                    if let Some(Operand::Str(s)) = operands.last() {
                        self.show(s, &gs);
                    }
                    self.check(false);
                }
                b"TJ" => {
                    if let Some(Operand::Array(items)) = operands.first() {
                        for item in items {
                            match item {
                                Operand::Str(s) => self.show(s, &gs),
                                Operand::Num(n) if *n < -TJ_WORD_GAP => {
                                    self.text.space();
                                    if let Some(run) = &mut self.run {
                                        run.text.push(' ');
                                    }
                                }
                                _ => {}
                            }
                        }
                    }
                    self.check(false);
                }
                b"f" | b"F" | b"f*" => self.painted |= !gs.fill_white,
                b"S" | b"s" => self.painted |= !gs.stroke_white,
                b"B" | b"B*" | b"b" | b"b*" => {
                    self.painted |= !gs.fill_white || !gs.stroke_white;
                }
                b"sh" => self.painted = true,
                b"g" => gs.fill_white = num(0).is_some_and(|v| v >= 0.99),
                b"G" => gs.stroke_white = num(0).is_some_and(|v| v >= 0.99),
                b"rg" => gs.fill_white = nums().is_some_and(|v| is_white(&v)),
                b"RG" => gs.stroke_white = nums().is_some_and(|v| is_white(&v)),
                b"k" => gs.fill_white = nums().is_some_and(|v| is_white(&v)),
                b"K" => gs.stroke_white = nums().is_some_and(|v| is_white(&v)),
                b"cs" | b"CS" => {
                    let process = match operands.first() {
                        Some(Operand::Name(n)) => self.process_space(resources, n),
                        _ => false,
                    };
                    if op == b"cs" {
                        (gs.fill_process, gs.fill_white) = (process, false);
                    } else {
                        (gs.stroke_process, gs.stroke_white) = (process, false);
                    }
                }
                b"sc" | b"scn" => {
                    gs.fill_white = gs.fill_process && nums().is_some_and(|v| is_white(&v));
                }
                b"SC" | b"SCN" => {
                    gs.stroke_white = gs.stroke_process && nums().is_some_and(|v| is_white(&v));
                }
                b"Do" => {
                    if let Some(Operand::Name(name)) = operands.first() {
                        self.draw_xobject(resources, name, &gs, depth);
                    }
                }
                b"BMC" => self.hidden.push(false),
                b"BDC" => {
                    // `/OC /name BDC`: content of an optional-content layer, named in the
                    // resources' /Properties.
                    let hide = match (operands.first(), operands.get(1)) {
                        (Some(Operand::Name(b"OC")), Some(Operand::Name(name))) => resources
                            .and_then(|r| self.pdf.dict(r, b"Properties"))
                            .and_then(|p| p.get(name).ok())
                            .is_some_and(|oc| !self.pdf.oc_printed(oc)),
                        _ => false,
                    };
                    self.hidden.push(hide);
                }
                b"EMC" if self.hidden.len() > entry_levels => {
                    self.hidden.pop();
                }
                b"BI" => {
                    if let Some(img) = lex.inline_image() {
                        // An inline image is not decoded, so it is never taken for empty paper.
                        self.image(img.width, img.height, false, &gs);
                    }
                }
                _ => {}
            }
            operands.clear();
        }
    }

    /// The font a `Tf` selects; `None` when the resources lack it, and then readers draw
    /// nothing with it.
    fn font(&self, resources: Option<&Dictionary>, name: &[u8]) -> Option<Rc<FontDecoder>> {
        let entry = resources
            .and_then(|r| self.pdf.dict(r, b"Font"))
            .and_then(|fonts| fonts.get(name).ok())?;
        self.pdf.resolve(entry)?;
        Some(self.pdf.font(entry))
    }

    /// Whether a colour space named in a `cs` operator takes white as plain components.
    fn process_space(&self, resources: Option<&Dictionary>, name: &[u8]) -> bool {
        let family = |n: &[u8]| {
            matches!(
                n,
                b"DeviceGray"
                    | b"DeviceRGB"
                    | b"DeviceCMYK"
                    | b"CalGray"
                    | b"CalRGB"
                    | b"ICCBased"
                    | b"Lab"
            )
        };
        if family(name) {
            return true;
        }
        let space = resources
            .and_then(|r| self.pdf.dict(r, b"ColorSpace"))
            .and_then(|spaces| self.pdf.get(spaces, name));
        match space {
            Some(Object::Name(n)) => family(n),
            Some(Object::Array(items)) => items
                .first()
                .and_then(|o| self.pdf.resolve(o))
                .and_then(|o| o.as_name().ok())
                .is_some_and(family),
            _ => false,
        }
    }

    /// Runs the normal appearance of every annotation that prints (Print flag set, not
    /// Hidden; links and pop-ups aside), as the packet prints them.
    fn printed_annotations(&mut self, page: &Dictionary, resources: Option<&Dictionary>) {
        let pdf = self.pdf;
        let Some(Object::Array(annots)) = pdf.get(page, b"Annots") else {
            return;
        };
        for a in annots
            .iter()
            .filter_map(|a| pdf.resolve(a))
            .filter_map(as_dict)
        {
            let subtype = pdf.name(a, b"Subtype").unwrap_or_default();
            let flags = pdf.number(a, b"F").unwrap_or(0.0) as i64;
            if subtype == b"Link" || subtype == b"Popup" || flags & 4 == 0 || flags & 2 != 0 {
                continue;
            }
            if let Some(oc) = pdf.get(a, b"OC")
                && !pdf.oc_printed(oc)
            {
                continue;
            }
            let normal = pdf.dict(a, b"AP").and_then(|ap| ap.get(b"N").ok());
            // A text field or combo box whose value viewers draw (no appearance, or the form
            // asks them to): the packet draws that value (render/fields.rs), so it is what
            // prints, not an old appearance of the blank form.
            if subtype == b"Widget"
                && (normal.is_none() || pdf.need_appearances())
                && let Some(value) = crate::render::drawn_value(pdf.doc(), a)
            {
                self.text.space();
                self.text.push_str(&value);
                self.painted = true;
                continue;
            }
            let Some(normal) = normal else {
                continue;
            };
            // One appearance, or one per state: the state in /AS.
            let appearance = match pdf.resolve(normal) {
                Some(Object::Dictionary(states)) => {
                    let Some(state) = pdf.name(a, b"AS") else {
                        continue;
                    };
                    match states.get(state) {
                        Ok(o) => o,
                        Err(_) => continue,
                    }
                }
                _ => normal,
            };
            self.text.space();
            self.in_annotation = true;
            self.draw(appearance, resources, &GState::default(), 1);
            self.in_annotation = false;
        }
    }

    fn draw_xobject(
        &mut self,
        resources: Option<&Dictionary>,
        name: &[u8],
        gs: &GState,
        depth: usize,
    ) {
        if let Some(entry) = resources
            .and_then(|r| self.pdf.dict(r, b"XObject"))
            .and_then(|x| x.get(name).ok())
        {
            self.draw(entry, resources, gs, depth);
        }
    }

    /// Draws an XObject (an image or a form, given directly or by reference); a form without
    /// resources of its own uses `resources`.
    fn draw(&mut self, entry: &Object, resources: Option<&Dictionary>, gs: &GState, depth: usize) {
        let id = match entry {
            Object::Reference(id) => Some(*id),
            _ => None,
        };
        let Some(Object::Stream(stream)) = self.pdf.resolve(entry) else {
            return;
        };
        match self.pdf.name(&stream.dict, b"Subtype").unwrap_or_default() {
            b"Image" => {
                let (w, h, looks_blank) = self.image_xobject(stream);
                self.image(w, h, looks_blank, gs);
            }
            b"Form" => {
                let cyclic = id.is_some_and(|id| self.active_forms.contains(&id));
                if cyclic {
                    return;
                }
                // A form on a layer that does not print (its own /OC).
                if let Some(oc) = self.pdf.get(&stream.dict, b"OC")
                    && !self.pdf.oc_printed(oc)
                {
                    return;
                }
                if depth >= MAX_FORM_DEPTH || self.forms >= MAX_FORMS_PER_PAGE {
                    // Content left unread is not known to be empty: never call the page blank
                    // because of it.
                    self.painted = true;
                    return;
                }
                self.forms += 1;
                let Some(data) = self.pdf.stream_data(stream) else {
                    self.damaged |= !self.pdf.out_of_budget();
                    return;
                };
                let mut inner = gs.clone();
                if let Some(Object::Array(m)) = self.pdf.get(&stream.dict, b"Matrix") {
                    let v: Vec<f64> = m
                        .iter()
                        .filter_map(|o| self.pdf.resolve(o).and_then(number))
                        .collect();
                    if v.len() == 6 {
                        inner.ctm = concat([v[0], v[1], v[2], v[3], v[4], v[5]], inner.ctm);
                    }
                }
                let own = self.pdf.dict(&stream.dict, b"Resources");
                if let Some(id) = id {
                    self.active_forms.push(id);
                }
                self.run(&data, own.or(resources), inner, depth + 1);
                if id.is_some() {
                    self.active_forms.pop();
                }
            }
            _ => {}
        }
    }

    /// Pixel size and blank look of an image XObject, from its dictionary and compressed size.
    fn image_xobject(&self, stream: &Stream) -> (u32, u32, bool) {
        let pdf = self.pdf;
        let dim = |k: &[u8]| {
            pdf.number(&stream.dict, k)
                .filter(|v| *v >= 0.0 && *v < 1e6)
                .map_or(0, |v| v as u32)
        };
        let (w, h) = (dim(b"Width"), dim(b"Height"));
        let mask = matches!(
            pdf.get(&stream.dict, b"ImageMask"),
            Some(Object::Boolean(true))
        );
        let bpc = if mask {
            1.0
        } else {
            pdf.number(&stream.dict, b"BitsPerComponent").unwrap_or(8.0)
        };
        let comps = if mask {
            1.0
        } else {
            components(pdf, pdf.get(&stream.dict, b"ColorSpace"))
        };
        let last_filter = match pdf.get(&stream.dict, b"Filter") {
            Some(Object::Name(n)) => n.as_slice(),
            Some(Object::Array(a)) => a
                .last()
                .and_then(|o| pdf.resolve(o))
                .and_then(|o| o.as_name().ok())
                .unwrap_or_default(),
            _ => b"",
        };
        let looks_blank = lossy_or_lossless_blank(
            last_filter,
            &stream.content,
            w,
            h,
            f64::from(w) * f64::from(h) * comps * bpc / 8.0,
        ) && self.xobject_has_ink(stream, w, h, mask) == Some(false);
        (w, h, looks_blank)
    }

    /// Decodes an image XObject that looks blank by its size, to judge it by its pixels
    /// ([`luma_has_ink`]): a JPEG (DCTDecode), Flate samples (any PNG predictor; grey, RGB or
    /// a palette) or CCITT Group 4 data, alone or behind a `Decode` array that inverts grey; a
    /// stencil mask counts its painted samples as dark. `None` for anything else.
    fn xobject_has_ink(&self, stream: &Stream, w: u32, h: u32, mask: bool) -> Option<bool> {
        use super::pixels::{self, Space};
        let pdf = self.pdf;
        let dict = &stream.dict;
        let (wu, hu) = (w as usize, h as usize);
        if wu == 0 || hu == 0 || u64::from(w) * u64::from(h) > INK_MAX_PIXELS {
            return None;
        }
        let (filter, parms) = match pdf.get(dict, b"Filter")? {
            Object::Name(n) => (n.clone(), pdf.get(dict, b"DecodeParms")),
            Object::Array(a) if a.len() == 1 => (
                pdf.resolve(&a[0])?.as_name().ok()?.to_vec(),
                match pdf.get(dict, b"DecodeParms") {
                    Some(Object::Array(p)) => p.first().and_then(|o| pdf.resolve(o)),
                    other => other,
                },
            ),
            _ => return None,
        };
        let parms = parms.and_then(as_dict);
        let param =
            |key: &[u8], default: f64| parms.and_then(|p| pdf.number(p, key)).unwrap_or(default);
        let space = if mask {
            Space::Gray
        } else {
            image_space(pdf, pdf.get(dict, b"ColorSpace"))?
        };
        let bits = if mask {
            1
        } else {
            pdf.number(dict, b"BitsPerComponent").unwrap_or(8.0) as usize
        };
        // A Decode array: only [0 1] (as stored) or [1 0] (inverted) on one grey component.
        let inverted = match pdf.get(dict, b"Decode").map(|d| d.as_array()) {
            None => false,
            Some(Ok(a)) if matches!(space, Space::Gray) && a.len() == 2 => {
                match (number(&a[0])?, number(&a[1])?) {
                    (lo, hi) if lo == 0.0 && hi == 1.0 => false,
                    (lo, hi) if lo == 1.0 && hi == 0.0 => true,
                    _ => return None,
                }
            }
            Some(_) => return None,
        };
        let luma = match filter.as_slice() {
            b"DCTDecode" | b"DCT" => {
                if !matches!(space, Space::Gray | Space::Rgb) {
                    return None;
                }
                let has_ink = encoded_has_ink(&stream.content, image::ImageFormat::Jpeg)?;
                return if inverted { None } else { Some(has_ink) };
            }
            b"CCITTFaxDecode" | b"CCF" => {
                let columns = param(b"Columns", 1728.0) as usize;
                if param(b"K", 0.0) >= 0.0 || columns != wu || bits != 1 {
                    return None;
                }
                let black_is_1 = parms
                    .and_then(|p| pdf.get(p, b"BlackIs1"))
                    .is_some_and(|b| matches!(b, Object::Boolean(true)));
                let luma = pixels::group4_to_luma(&stream.content, wu, hu, black_is_1)?;
                if inverted {
                    luma.into_iter().map(|v| 255 - v).collect()
                } else {
                    luma
                }
            }
            b"FlateDecode" | b"Fl" => {
                let comps = match space {
                    Space::Rgb => 3,
                    _ => 1,
                };
                let row = pixels::row_bytes(wu, comps, bits)?;
                let predictor = param(b"Predictor", 1.0) as u32;
                if predictor > 1
                    && (param(b"Columns", 1.0) as usize != wu
                        || param(b"Colors", 1.0) as usize != comps
                        || param(b"BitsPerComponent", 8.0) as usize != bits)
                {
                    return None;
                }
                let raw =
                    pixels::inflate_rows(&stream.content, row, hu, predictor, comps * bits / 8)?;
                pixels::to_luma(&raw, wu, hu, &space, bits, inverted)?
            }
            _ => return None,
        };
        Some(luma_has_ink(&luma, wu, hu))
    }

    fn image(&mut self, w: u32, h: u32, looks_blank: bool, gs: &GState) {
        if !looks_blank {
            self.painted = true;
        }
        if w < 16 || h < 16 {
            return;
        }
        let [a, b, c, d, _, _] = gs.ctm;
        let (wpt, hpt) = (a.hypot(b), c.hypot(d));
        if !(wpt > 0.0 && hpt > 0.0 && wpt.is_finite() && hpt.is_finite()) {
            return;
        }
        let coverage = (a * d - b * c).abs() / self.page_area;
        let spans = wpt.max(hpt) >= SCAN_MIN_SPAN * self.page_short;
        if coverage < SCAN_MIN_COVERAGE && !(spans && coverage >= SCAN_MIN_COVERAGE / 10.0) {
            return;
        }
        let inches = |pt: f64| pt * self.user_unit / 72.0;
        let dpi = (f64::from(w) / inches(wpt)).min(f64::from(h) / inches(hpt));
        // Page sizes in points carry rounding (595.28 for 210 mm): keep a tenth of a dpi so
        // that a 200 dpi scan reads as 200, not 199.99999.
        let dpi = (dpi * 10.0).round() / 10.0;
        self.dpi = Some(self.dpi.map_or(dpi, |d| d.min(dpi)));
    }
}

/// Components per pixel of an image colour space (3 when unknown).
fn components(pdf: &Pdf<'_>, space: Option<&Object>) -> f64 {
    let name = match space {
        Some(Object::Name(n)) => n.as_slice(),
        Some(Object::Array(a)) => match a.first().and_then(|o| pdf.resolve(o)) {
            Some(Object::Name(n)) if n == b"ICCBased" => {
                return a
                    .get(1)
                    .and_then(|o| pdf.resolve(o))
                    .and_then(as_dict)
                    .and_then(|d| pdf.number(d, b"N"))
                    .unwrap_or(3.0);
            }
            Some(Object::Name(n)) => n.as_slice(),
            _ => b"",
        },
        _ => b"",
    };
    match name {
        b"DeviceGray" | b"G" | b"CalGray" | b"Indexed" | b"I" | b"Separation" => 1.0,
        b"DeviceCMYK" | b"CMYK" => 4.0,
        _ => 3.0,
    }
}

/// The colour space of an image as [`super::pixels`] reads it: grey, RGB (device, calibrated
/// or ICC-based with that many components) or a palette over one of them.
fn image_space(pdf: &Pdf<'_>, space: Option<&Object>) -> Option<super::pixels::Space> {
    use super::pixels::Space;
    let by_components = |n: f64| match n as u32 {
        1 => Some(Space::Gray),
        3 => Some(Space::Rgb),
        _ => None,
    };
    match space? {
        Object::Name(n) => match n.as_slice() {
            b"DeviceGray" | b"G" | b"CalGray" => Some(Space::Gray),
            b"DeviceRGB" | b"RGB" | b"CalRGB" => Some(Space::Rgb),
            _ => None,
        },
        Object::Array(a) => {
            let family = pdf.resolve(a.first()?)?.as_name().ok()?;
            match family {
                b"CalGray" => Some(Space::Gray),
                b"CalRGB" => Some(Space::Rgb),
                b"ICCBased" => by_components(components(pdf, Some(space?))),
                b"Indexed" | b"I" => {
                    let base = image_space(pdf, a.get(1).and_then(|o| pdf.resolve(o)))?;
                    let rgb = match base {
                        Space::Gray => false,
                        Space::Rgb => true,
                        Space::Indexed { .. } => return None,
                    };
                    let palette = match pdf.resolve(a.get(3)?)? {
                        Object::String(bytes, _) => bytes.clone(),
                        Object::Stream(st) => st.decompressed_content().ok()?,
                        _ => return None,
                    };
                    Some(Space::Indexed { rgb, palette })
                }
                _ => None,
            }
        }
        _ => None,
    }
}

fn lossy_or_lossless_blank(filter: &[u8], data: &[u8], w: u32, h: u32, raw: f64) -> bool {
    match filter {
        b"DCTDecode" | b"DCT" => jpeg_looks_blank(data, w, h),
        // JPEG 2000 is lossy too; blank pages compress at least as well as with JPEG.
        b"JPXDecode" => {
            let pixels = f64::from(w) * f64::from(h);
            pixels >= 10_000.0
                && (data.len() as f64) / pixels < super::image::BLANK_JPEG_BYTES_PER_PIXEL
        }
        _ => lossless_looks_blank(data.len(), raw),
    }
}

fn is_white(v: &[f64]) -> bool {
    match v.len() {
        1 => v[0] >= 0.99,
        3 => v.iter().all(|c| *c >= 0.99),
        4 => v.iter().all(|c| *c <= 0.01),
        _ => false,
    }
}

#[derive(Debug)]
enum Operand<'c> {
    Num(f64),
    Name(&'c [u8]),
    Str(Cow<'c, [u8]>),
    Array(Vec<Operand<'c>>),
    Other,
}

#[derive(Debug)]
enum Token<'c> {
    Operand(Operand<'c>),
    ArrayStart,
    ArrayEnd,
    DictStart,
    DictEnd,
    Op(&'c [u8]),
}

/// An inline image: its size (for the resolution) and how long its data is. Its pixels are
/// not decoded, so it never counts as empty paper.
struct InlineImage {
    width: u32,
    height: u32,
    #[cfg_attr(not(test), expect(dead_code, reason = "read by the lexer's tests"))]
    data_len: usize,
}

struct Lexer<'c> {
    data: &'c [u8],
    pos: usize,
}

fn is_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\r' | b'\x0C' | b'\0')
}

fn is_delim(b: u8) -> bool {
    matches!(
        b,
        b'(' | b')' | b'<' | b'>' | b'[' | b']' | b'{' | b'}' | b'/' | b'%'
    )
}

impl<'c> Lexer<'c> {
    fn skip_space(&mut self) {
        let d = self.data;
        while let Some(&b) = d.get(self.pos) {
            if is_space(b) {
                self.pos += 1;
            } else if b == b'%' {
                while d.get(self.pos).is_some_and(|c| *c != b'\n' && *c != b'\r') {
                    self.pos += 1;
                }
            } else {
                break;
            }
        }
    }

    fn next(&mut self) -> Option<Token<'c>> {
        self.skip_space();
        let d = self.data;
        let start = self.pos;
        let b = *d.get(start)?;
        self.pos += 1;
        Some(match b {
            b'[' => Token::ArrayStart,
            b']' => Token::ArrayEnd,
            b'<' if d.get(self.pos) == Some(&b'<') => {
                self.pos += 1;
                Token::DictStart
            }
            b'>' if d.get(self.pos) == Some(&b'>') => {
                self.pos += 1;
                Token::DictEnd
            }
            b'<' => Token::Operand(Operand::Str(Cow::Owned(self.hex_string()))),
            b'(' => Token::Operand(Operand::Str(self.literal_string())),
            b'/' => {
                while d
                    .get(self.pos)
                    .is_some_and(|c| !is_space(*c) && !is_delim(*c))
                {
                    self.pos += 1;
                }
                Token::Operand(Operand::Name(&d[start + 1..self.pos]))
            }
            b'0'..=b'9' | b'+' | b'-' | b'.' => {
                while d
                    .get(self.pos)
                    .is_some_and(|c| c.is_ascii_digit() || *c == b'.')
                {
                    self.pos += 1;
                }
                Token::Operand(Operand::Num(parse_number(&d[start..self.pos])))
            }
            b')' | b'>' | b'{' | b'}' => Token::Operand(Operand::Other),
            _ => {
                while d
                    .get(self.pos)
                    .is_some_and(|c| !is_space(*c) && !is_delim(*c))
                {
                    self.pos += 1;
                }
                match &d[start..self.pos] {
                    b"true" | b"false" | b"null" => Token::Operand(Operand::Other),
                    word => Token::Op(word),
                }
            }
        })
    }

    fn hex_string(&mut self) -> Vec<u8> {
        let d = self.data;
        let end = memchr::memchr(b'>', &d[self.pos..]).map_or(d.len(), |i| self.pos + i);
        let mut out = Vec::with_capacity((end - self.pos) / 2);
        let mut high: Option<u8> = None;
        for &c in &d[self.pos..end] {
            let Some(v) = super::cmap::hex_val(c) else {
                continue;
            };
            match high.take() {
                Some(h) => out.push(h << 4 | v),
                None => high = Some(v),
            }
        }
        if let Some(h) = high {
            out.push(h << 4);
        }
        self.pos = (end + 1).min(d.len());
        out
    }

    fn literal_string(&mut self) -> Cow<'c, [u8]> {
        let d = self.data;
        let start = self.pos;
        // Fast path: no escapes and no nested parentheses.
        if let Some(i) = memchr::memchr3(b')', b'\\', b'(', &d[start..])
            && d[start + i] == b')'
        {
            self.pos = start + i + 1;
            return Cow::Borrowed(&d[start..start + i]);
        }
        let mut out = Vec::new();
        let mut depth = 1usize;
        while let Some(&c) = d.get(self.pos) {
            self.pos += 1;
            match c {
                b'(' => {
                    depth += 1;
                    out.push(c);
                }
                b')' => {
                    depth -= 1;
                    if depth == 0 {
                        break;
                    }
                    out.push(c);
                }
                b'\\' => {
                    let Some(&e) = d.get(self.pos) else { break };
                    self.pos += 1;
                    match e {
                        b'n' => out.push(b'\n'),
                        b'r' => out.push(b'\r'),
                        b't' => out.push(b'\t'),
                        b'b' => out.push(8),
                        b'f' => out.push(12),
                        b'0'..=b'7' => {
                            let mut v = u32::from(e - b'0');
                            for _ in 0..2 {
                                match d.get(self.pos) {
                                    Some(&o @ b'0'..=b'7') => {
                                        v = v * 8 + u32::from(o - b'0');
                                        self.pos += 1;
                                    }
                                    _ => break,
                                }
                            }
                            out.push(v as u8);
                        }
                        b'\r' => {
                            if d.get(self.pos) == Some(&b'\n') {
                                self.pos += 1;
                            }
                        }
                        b'\n' => {}
                        other => out.push(other),
                    }
                }
                _ => out.push(c),
            }
        }
        Cow::Owned(out)
    }

    fn array(&mut self, depth: usize) -> Operand<'c> {
        let mut items = Vec::new();
        while let Some(tok) = self.next() {
            match tok {
                Token::ArrayEnd => break,
                Token::ArrayStart if depth < MAX_ARRAY_DEPTH => items.push(self.array(depth + 1)),
                Token::ArrayStart => items.push(Operand::Other),
                Token::DictStart => {
                    self.skip_dict();
                    items.push(Operand::Other);
                }
                Token::Operand(o) => items.push(o),
                // An operator inside an array means the array was never closed.
                Token::Op(_) | Token::DictEnd => {
                    break;
                }
            }
        }
        Operand::Array(items)
    }

    fn skip_dict(&mut self) {
        let mut depth = 1usize;
        while let Some(tok) = self.next() {
            match tok {
                Token::DictStart => depth += 1,
                Token::DictEnd => {
                    depth -= 1;
                    if depth == 0 {
                        return;
                    }
                }
                Token::Op(_) => return,
                _ => {}
            }
        }
    }

    /// Reads an inline image's dictionary and skips its data, which ends at `EI` between
    /// white space.
    fn inline_image(&mut self) -> Option<InlineImage> {
        let (mut w, mut h) = (0u32, 0u32);
        let mut key: Option<&[u8]> = None;
        loop {
            let tok = self.next()?;
            match tok {
                Token::Op(b"ID") => break,
                Token::Op(_) => return None,
                Token::Operand(Operand::Name(n)) if key.is_none() => key = Some(n),
                Token::Operand(value) => match (key.take().unwrap_or_default(), value) {
                    (b"W" | b"Width", Operand::Num(v)) => w = v.clamp(0.0, 1e6) as u32,
                    (b"H" | b"Height", Operand::Num(v)) => h = v.clamp(0.0, 1e6) as u32,
                    _ => {}
                },
                Token::ArrayStart => {
                    self.array(0);
                    key = None;
                }
                Token::DictStart => {
                    self.skip_dict();
                    key = None;
                }
                Token::ArrayEnd | Token::DictEnd => {}
            }
        }
        let d = self.data;
        let start = (self.pos + 1).min(d.len());
        let mut end = d.len();
        let mut resume = d.len();
        for at in memchr::memmem::find_iter(&d[start..], b"EI") {
            let at = start + at;
            let before_ok = at == start || is_space(d[at - 1]);
            let after_ok = d.get(at + 2).is_none_or(|c| is_space(*c));
            if before_ok && after_ok {
                end = at;
                resume = at + 2;
                break;
            }
        }
        self.pos = resume;
        Some(InlineImage {
            width: w,
            height: h,
            data_len: end - start,
        })
    }
}

fn parse_number(s: &[u8]) -> f64 {
    let (neg, digits) = match s.first() {
        Some(b'-') => (true, &s[1..]),
        Some(b'+') => (false, &s[1..]),
        _ => (false, s),
    };
    let mut v = 0.0f64;
    let mut scale = 0.0f64;
    for &c in digits {
        match c {
            b'0'..=b'9' => {
                v = v * 10.0 + f64::from(c - b'0');
                if scale > 0.0 {
                    scale *= 10.0;
                }
            }
            b'.' if scale == 0.0 => scale = 1.0,
            _ => break,
        }
    }
    if scale > 1.0 {
        v /= scale;
    }
    if neg { -v } else { v }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tokens(src: &[u8]) -> Vec<String> {
        let mut lex = Lexer { data: src, pos: 0 };
        let mut out = Vec::new();
        while let Some(t) = lex.next() {
            out.push(match t {
                Token::Op(o) => String::from_utf8_lossy(o).into_owned(),
                Token::Operand(Operand::Num(n)) => format!("{n}"),
                Token::Operand(Operand::Str(s)) => format!("({})", String::from_utf8_lossy(&s)),
                Token::Operand(Operand::Name(n)) => format!("/{}", String::from_utf8_lossy(n)),
                other => format!("{other:?}"),
            });
        }
        out
    }

    #[test]
    fn lexes_numbers_strings_and_operators() {
        assert_eq!(
            tokens(b"1 0 0 1 60 -.5 Tm (a\\(b\\)c) Tj <56 31> Tj /F1 9 Tf"),
            [
                "1", "0", "0", "1", "60", "-0.5", "Tm", "(a(b)c)", "Tj", "(V1)", "Tj", "/F1", "9",
                "Tf"
            ]
        );
        assert_eq!(tokens(b"(x\\101\\\ny) % comment\nET"), ["(xAy)", "ET"]);
    }

    #[test]
    fn numbers() {
        assert_eq!(parse_number(b"3.25"), 3.25);
        assert_eq!(parse_number(b"-12"), -12.0);
        assert_eq!(parse_number(b"+.5"), 0.5);
        assert_eq!(parse_number(b"4."), 4.0);
        assert_eq!(parse_number(b"-"), 0.0);
    }

    #[test]
    fn inline_image_is_skipped_to_its_end() {
        let src = b"BI /W 20 /H 30 /CS /G /BPC 8 /F /AHx ID \x01EI\xffEI x EI Q";
        let mut lex = Lexer { data: src, pos: 0 };
        assert!(matches!(lex.next(), Some(Token::Op(b"BI"))));
        let img = lex.inline_image().expect("dictionary reads");
        assert_eq!((img.width, img.height), (20, 30));
        assert_eq!(img.data_len, b"\x01EI\xffEI x ".len());
        assert!(matches!(lex.next(), Some(Token::Op(b"Q"))));
    }

    #[test]
    fn matrix_concatenation() {
        let scale = [2.0, 0.0, 0.0, 3.0, 0.0, 0.0];
        let shift = [1.0, 0.0, 0.0, 1.0, 10.0, 20.0];
        assert_eq!(concat(scale, shift), [2.0, 0.0, 0.0, 3.0, 10.0, 20.0]);
        assert_eq!(concat(shift, scale), [2.0, 0.0, 0.0, 3.0, 20.0, 60.0]);
    }
}
