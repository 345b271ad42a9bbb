//! Inspects a PDF copy: loads it with lopdf under a decompression cap, tells a password-locked
//! or truncated file apart from a damaged one, walks the page tree itself (inherited attributes,
//! cycles) and measures every page.
//!
//! lopdf gives object access and stream decoding; everything page-level is done here because
//! lopdf's helpers ignore inheritance and rebuild the page list on each call. This file does not
//! interpret content streams (see `content.rs`) and never repairs or writes a PDF.

use std::cell::{Cell, RefCell};
use std::collections::{HashMap, HashSet};
use std::rc::Rc;

use lopdf::{Dictionary, Document, LoadOptions, Object, ObjectId, Stream};

use super::content::{self, PageGeometry};
use super::font::FontDecoder;
use super::text::Needle;
use super::{Identifier, Limits, PageFacts, Problem, ProblemKind};

/// Deepest page tree followed; real trees are a few levels deep.
const MAX_TREE_DEPTH: usize = 256;
/// References followed in a chain before giving up (guards reference cycles).
const MAX_DEREF: usize = 32;
/// Where `%%EOF` must appear, counted from the end: every sound file in the real-world set ends
/// within 40 bytes of it; some writers append a little padding.
const EOF_WINDOW: usize = 1024;
/// Points per mm.
const PT_PER_MM: f64 = 72.0 / 25.4;

/// One document being inspected, with its per-file budgets and caches.
pub(crate) struct Pdf<'a> {
    doc: &'a Document,
    /// The file from its `%PDF-` header on, as lopdf counts stream positions.
    body: &'a [u8],
    /// Decompressed bytes left for this file.
    budget: Cell<u64>,
    per_stream: usize,
    fonts: RefCell<HashMap<ObjectId, Rc<FontDecoder>>>,
    /// Whether each optional-content group prints, worked out on first use.
    layers: std::cell::OnceCell<HashMap<ObjectId, bool>>,
}

impl<'a> Pdf<'a> {
    fn new(doc: &'a Document, buf: &'a [u8], limits: &Limits) -> Self {
        Pdf {
            doc,
            body: pdf_body(buf),
            budget: Cell::new(limits.max_decompressed_total),
            per_stream: usize::try_from(limits.max_decompressed_bytes).unwrap_or(usize::MAX),
            fonts: RefCell::new(HashMap::new()),
            layers: std::cell::OnceCell::new(),
        }
    }

    /// Whether content marked with optional content `oc` (a group, a membership dictionary, by
    /// reference or direct) prints.
    pub(crate) fn oc_printed(&self, oc: &Object) -> bool {
        let layers = self
            .layers
            .get_or_init(|| crate::render::printed_layers(self.doc));
        layers.is_empty() || crate::render::oc_printed(self.doc, oc, layers)
    }

    /// The document.
    pub(crate) fn doc(&self) -> &'a Document {
        self.doc
    }

    /// Whether the document's interactive form asks viewers to draw its fields themselves
    /// (`/AcroForm /NeedAppearances true`).
    pub(crate) fn need_appearances(&self) -> bool {
        let Ok(catalog) = self.doc.catalog() else {
            return false;
        };
        self.dict(catalog, b"AcroForm")
            .and_then(|f| self.get(f, b"NeedAppearances"))
            .is_some_and(|b| matches!(b, Object::Boolean(true)))
    }

    /// Follows references to the object they name.
    pub(crate) fn resolve<'b>(&'b self, mut obj: &'b Object) -> Option<&'b Object>
    where
        'a: 'b,
    {
        for _ in 0..MAX_DEREF {
            match obj {
                Object::Reference(id) => obj = self.doc.objects.get(id)?,
                other => return Some(other),
            }
        }
        None
    }

    /// `dict[key]`, resolved.
    pub(crate) fn get<'b>(&'b self, dict: &'b Dictionary, key: &[u8]) -> Option<&'b Object>
    where
        'a: 'b,
    {
        self.resolve(dict.get(key).ok()?)
    }

    /// `dict[key]` as a dictionary (a stream's dictionary counts).
    pub(crate) fn dict<'b>(&'b self, dict: &'b Dictionary, key: &[u8]) -> Option<&'b Dictionary>
    where
        'a: 'b,
    {
        as_dict(self.get(dict, key)?)
    }

    /// `dict[key]` as a name.
    pub(crate) fn name<'b>(&'b self, dict: &'b Dictionary, key: &[u8]) -> Option<&'b [u8]>
    where
        'a: 'b,
    {
        match self.get(dict, key)? {
            Object::Name(n) => Some(n),
            _ => None,
        }
    }

    /// `dict[key]` as a number.
    pub(crate) fn number(&self, dict: &Dictionary, key: &[u8]) -> Option<f64> {
        number(self.get(dict, key)?)
    }

    /// A stream's decoded bytes, within the per-stream cap and what is left of the file's
    /// budget; `None` when it cannot be decoded or would exceed them.
    pub(crate) fn stream_data(&self, stream: &Stream) -> Option<Vec<u8>> {
        let left = usize::try_from(self.budget.get()).unwrap_or(usize::MAX);
        let cap = self.per_stream.min(left);
        let recovered;
        let stream = match self.recover_length(stream) {
            Some(fixed) => {
                recovered = fixed;
                &recovered
            }
            None => stream,
        };
        let data = match stream.decompressed_content_with_limit(cap) {
            Ok(data) => data,
            Err(lopdf::Error::Decompress(lopdf::DecompressError::MemoryLimitExceeded {
                ..
            })) => {
                self.budget.set(0);
                return None;
            }
            Err(_) => return None,
        };
        if data.len() > cap {
            self.budget.set(0);
            return None;
        }
        self.budget
            .set(self.budget.get().saturating_sub(data.len() as u64));
        Some(data)
    }

    /// A stream whose `/Length` lopdf could not resolve, with its data recovered as
    /// [`unread_stream_data`] does.
    fn recover_length(&self, stream: &Stream) -> Option<Stream> {
        let data = unread_stream_data(self.doc, self.body, stream)?;
        Some(Stream::new(stream.dict.clone(), data.to_vec()))
    }

    /// Whether the decompression budget for this file ran out.
    pub(crate) fn out_of_budget(&self) -> bool {
        self.budget.get() == 0
    }

    /// The decoder for a font resource entry, built once per font object.
    pub(crate) fn font(&self, entry: &Object) -> Rc<FontDecoder> {
        let id = match entry {
            Object::Reference(id) => Some(*id),
            _ => None,
        };
        if let Some(id) = id
            && let Some(found) = self.fonts.borrow().get(&id)
        {
            return Rc::clone(found);
        }
        let decoder = Rc::new(match self.resolve(entry).and_then(as_dict) {
            Some(dict) => FontDecoder::new(self, dict),
            None => FontDecoder::unknown(),
        });
        if let Some(id) = id {
            self.fonts.borrow_mut().insert(id, Rc::clone(&decoder));
        }
        decoder
    }
}

/// The file from its `%PDF-` header on, as lopdf counts stream positions.
pub(crate) fn pdf_body(buf: &[u8]) -> &[u8] {
    let header = memchr::memmem::find(buf, b"%PDF-").unwrap_or(0);
    &buf[header..]
}

/// A stream whose `/Length` lopdf could not resolve (a missing object, or one that refers to
/// itself) is left empty with its start position. Like poppler and qpdf, take its data up to
/// the next `endstream` of `body` (see [`pdf_body`]) instead; `None` when the stream was read
/// (its length resolves) or no `endstream` follows.
pub(crate) fn unread_stream_data<'b>(
    doc: &Document,
    body: &'b [u8],
    stream: &Stream,
) -> Option<&'b [u8]> {
    if !stream_unread(doc, stream) {
        return None;
    }
    let start = stream.start_position?;
    let rest = body.get(start..)?;
    let end = memchr::memmem::find(rest, b"endstream")?;
    let mut data = &rest[..end];
    if let Some(d) = data.strip_suffix(b"\n") {
        data = d.strip_suffix(b"\r").unwrap_or(d);
    } else if let Some(d) = data.strip_suffix(b"\r") {
        data = d;
    }
    Some(data)
}

/// Whether lopdf left a stream's data unread: it is empty, and its `/Length` does not resolve
/// to a whole number of bytes (a missing object, the stream itself, `12.5`, `-3`).
pub(crate) fn stream_unread(doc: &Document, stream: &Stream) -> bool {
    stream.content.is_empty()
        && stream.start_position.is_some()
        && !matches!(
            stream.dict.get(b"Length").ok().and_then(|o| resolve_static(doc, o)),
            Some(Object::Integer(n)) if *n >= 0
        )
}

/// A dictionary, or a stream's dictionary.
pub(crate) fn as_dict(obj: &Object) -> Option<&Dictionary> {
    match obj {
        Object::Dictionary(d) => Some(d),
        Object::Stream(s) => Some(&s.dict),
        _ => None,
    }
}

/// An integer or real as `f64`.
pub(crate) fn number(obj: &Object) -> Option<f64> {
    match obj {
        Object::Integer(i) => Some(*i as f64),
        Object::Real(r) if r.is_finite() => Some(f64::from(*r)),
        _ => None,
    }
}

fn problem(kind: ProblemKind, message: &str) -> Option<Problem> {
    Some(Problem::new(kind, message))
}

const TRUNCATED: &str = "the PDF ends early (it was cut off while copying, downloading or \
    scanning) so pages may be missing: copy it again from the original or scan it again";
const CORRUPT: &str = "the PDF is damaged: open it in a PDF viewer and \
    print it to a new PDF, or scan the document again";
const TOO_MUCH_DATA: &str = "the PDF holds more compressed data than can be checked safely: \
    print it to a new PDF or scan it again at 200 to 300 dpi";
const TOO_COMPLEX_TREE: &str = "the PDF lists its pages in a way too complex to check (pages \
    shared many times over): open it in a PDF viewer and print it to a new PDF";
const LOCKED: &str = "this PDF is encrypted and cannot be opened without a password (or its \
    encryption settings are damaged): open it in a PDF viewer, with the password if it asks for \
    one, and print it to a new PDF without one";

/// Inspects the bytes of a PDF.
pub(crate) fn inspect(
    buf: &[u8],
    id: &Identifier,
    limits: &Limits,
) -> (Vec<PageFacts>, Option<Problem>) {
    let complete = has_eof(buf);
    let options = LoadOptions {
        max_decompressed_size: Some(
            usize::try_from(limits.max_decompressed_bytes).unwrap_or(usize::MAX),
        ),
        ..LoadOptions::default()
    };
    let doc = match Document::load_mem_with_options(buf, options) {
        Ok(doc) => doc,
        Err(lopdf::Error::Decompress(lopdf::DecompressError::MemoryLimitExceeded { .. })) => {
            return (Vec::new(), problem(ProblemKind::TooLarge, TOO_MUCH_DATA));
        }
        Err(_) if !complete => return (Vec::new(), problem(ProblemKind::Truncated, TRUNCATED)),
        Err(_) => return (Vec::new(), problem(ProblemKind::Corrupt, CORRUPT)),
    };
    // lopdf loads a file it cannot decrypt as a document without objects; a file with only an
    // owner password decrypts with the empty user password and prints fine.
    if doc.trailer.get(b"Encrypt").is_ok() && !doc.was_encrypted() {
        return (Vec::new(), problem(ProblemKind::Encrypted, LOCKED));
    }
    if doc.objects.len() > limits.max_objects {
        let msg = format!(
            "the PDF is too complex to check (more than {} objects): print it to a new PDF",
            limits.max_objects
        );
        return (Vec::new(), Some(Problem::new(ProblemKind::TooLarge, msg)));
    }
    let pdf = Pdf::new(&doc, buf, limits);
    let (nodes, walk) = page_nodes(&doc, limits.max_pages);
    let needle = Needle::new(id);
    let mut pages = Vec::with_capacity(nodes.len());
    let mut first_damaged: Option<usize> = None;
    for (i, node) in nodes.iter().enumerate() {
        let geometry = node.geometry(&pdf);
        let (width_mm, height_mm) = geometry.displayed_mm();
        let seen = content::inspect_page(&pdf, node.dict, node.resources, &geometry, &needle);
        if seen.damaged && first_damaged.is_none() {
            first_damaged = Some(i + 1);
        }
        pages.push(PageFacts {
            number: u32::try_from(i + 1).unwrap_or(u32::MAX),
            width_mm,
            height_mm,
            dpi: seen.dpi,
            blank: seen.blank,
            text: seen.text,
        });
    }
    let problem = if !complete {
        problem(ProblemKind::Truncated, TRUNCATED)
    } else if pages.is_empty() {
        problem(ProblemKind::Corrupt, CORRUPT)
    } else if walk == Walk::TooComplex {
        problem(ProblemKind::TooLarge, TOO_COMPLEX_TREE)
    } else if walk == Walk::TooManyPages {
        Some(Problem::new(
            ProblemKind::TooLarge,
            format!(
                "the PDF has more than {} pages, too many to check: split it into smaller files",
                limits.max_pages
            ),
        ))
    } else if let Some(page) = pages
        .iter()
        .find(|p| p.width_mm < NO_AREA_MM || p.height_mm < NO_AREA_MM)
    {
        Some(Problem::new(
            ProblemKind::Corrupt,
            format!(
                "page {} has no size (its page box is empty), so it cannot be printed: open the \
                 file in a PDF viewer and print it to a new PDF, or scan the document again",
                page.number
            ),
        ))
    } else if let Some(page) = first_damaged {
        Some(Problem::new(
            ProblemKind::Corrupt,
            format!(
                "the PDF is damaged: page {page} cannot be drawn completely; open it in a PDF \
                 viewer and print it to a new PDF, or scan the document again"
            ),
        ))
    } else if pdf.out_of_budget() {
        problem(ProblemKind::TooLarge, TOO_MUCH_DATA)
    } else {
        // A filled-in form that `prepare` could not print as it is.
        crate::render::unprintable_form(&doc, &nodes).map(|m| {
            Problem::new(
                ProblemKind::Corrupt,
                format!("the PDF cannot be printed as it is: {m}"),
            )
        })
    };
    (pages, problem)
}

fn has_eof(buf: &[u8]) -> bool {
    let tail = &buf[buf.len().saturating_sub(EOF_WINDOW)..];
    memchr::memmem::rfind(tail, b"%%EOF").is_some()
}

/// A leaf of the page tree with the attributes it inherits along the path it was reached by.
pub(crate) struct PageNode<'a> {
    /// The page dictionary.
    pub(crate) dict: &'a Dictionary,
    /// `/MediaBox`, as found (may be a reference).
    pub(crate) media: Option<&'a Object>,
    /// `/CropBox`, as found.
    pub(crate) crop: Option<&'a Object>,
    /// `/Rotate`, as found.
    pub(crate) rotate: Option<&'a Object>,
    /// `/Resources`, resolved.
    pub(crate) resources: Option<&'a Dictionary>,
}

/// Inheritable attributes on the way down the tree.
#[derive(Clone, Copy, Default)]
struct Inherited<'a> {
    media: Option<&'a Object>,
    crop: Option<&'a Object>,
    rotate: Option<&'a Object>,
    resources: Option<&'a Dictionary>,
}

/// How far `page_nodes` got.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Walk {
    /// Every page was found.
    Whole,
    /// There are more than the pages asked for.
    TooManyPages,
    /// The tree has more nodes (counting each time a shared node is reached), or is deeper, than
    /// is walked.
    TooComplex,
}

/// Tree nodes and leaves visited at most, counting a shared node each time it is reached: a
/// tree whose nodes list the same child many times over would otherwise take forever.
const MAX_TREE_VISITS: usize = 1_000_000;

/// The pages in order, at most `max`, and whether the walk was whole. A page or node that
/// `/Kids` lists twice counts twice, as in readers; a node that is its own ancestor (a cycle)
/// is not followed again. `/Count` is not trusted, and a node with
/// `/Kids` is a tree node whether or not it says `/Type /Pages`.
///
/// This is the one page walk of the program: the packet places exactly the pages the check
/// counted because it uses it too.
pub(crate) fn page_nodes(doc: &Document, max: u32) -> (Vec<PageNode<'_>>, Walk) {
    /// A step of the walk: visit a node, or leave a tree node (it is no longer an ancestor).
    enum Step<'a> {
        Visit(&'a Object, Inherited<'a>, usize),
        Leave(ObjectId),
    }
    let mut pages = Vec::new();
    let Some(root) = doc
        .trailer
        .get(b"Root")
        .ok()
        .and_then(|o| resolve_static(doc, o))
        .and_then(as_dict)
    else {
        return (pages, Walk::Whole);
    };
    let Ok(top) = root.get(b"Pages") else {
        return (pages, Walk::Whole);
    };
    // The tree nodes on the path from the root to the node visited.
    let mut ancestors: HashSet<ObjectId> = HashSet::new();
    let mut visits = 0usize;
    let mut stack = vec![Step::Visit(top, Inherited::default(), 0)];
    while let Some(step) = stack.pop() {
        let (obj, inherited, depth) = match step {
            Step::Visit(obj, inherited, depth) => (obj, inherited, depth),
            Step::Leave(id) => {
                ancestors.remove(&id);
                continue;
            }
        };
        visits += 1;
        if visits > MAX_TREE_VISITS {
            return (pages, Walk::TooComplex);
        }
        let id = match obj {
            Object::Reference(id) if ancestors.contains(id) => continue,
            Object::Reference(id) => Some(*id),
            _ => None,
        };
        let Some(resolved) = resolve_static(doc, obj) else {
            continue;
        };
        let Some(dict) = as_dict(resolved) else {
            continue;
        };
        let here = Inherited {
            media: dict.get(b"MediaBox").ok().or(inherited.media),
            crop: dict.get(b"CropBox").ok().or(inherited.crop),
            rotate: dict.get(b"Rotate").ok().or(inherited.rotate),
            resources: dict
                .get(b"Resources")
                .ok()
                .and_then(|o| resolve_static(doc, o))
                .and_then(as_dict)
                .or(inherited.resources),
        };
        let kind = dict.get(b"Type").ok().and_then(|t| t.as_name().ok());
        let kids = dict
            .get(b"Kids")
            .ok()
            .and_then(|o| resolve_static(doc, o))
            .and_then(|o| o.as_array().ok());
        let is_tree_node = kind == Some(b"Pages") || (kind != Some(b"Page") && kids.is_some());
        if is_tree_node {
            if let Some(kids) = kids {
                if depth >= MAX_TREE_DEPTH {
                    return (pages, Walk::TooComplex);
                }
                if let Some(id) = id {
                    ancestors.insert(id);
                    stack.push(Step::Leave(id));
                }
                stack.extend(kids.iter().rev().map(|k| Step::Visit(k, here, depth + 1)));
            }
            continue;
        }
        // A leaf is a page dictionary; an annotation, a stream or other object listed in
        // `/Kids` by mistake is no page (readers skip it too).
        let is_page =
            matches!(resolved, Object::Dictionary(_)) && matches!(kind, None | Some(b"Page"));
        if !is_page {
            continue;
        }
        if pages.len() >= max as usize {
            return (pages, Walk::TooManyPages);
        }
        pages.push(PageNode {
            dict,
            media: here.media,
            crop: here.crop,
            rotate: here.rotate,
            resources: here.resources,
        });
    }
    (pages, Walk::Whole)
}

fn resolve_static<'a>(doc: &'a Document, mut obj: &'a Object) -> Option<&'a Object> {
    for _ in 0..MAX_DEREF {
        match obj {
            Object::Reference(id) => obj = doc.objects.get(id)?,
            other => return Some(other),
        }
    }
    None
}

/// A page narrower or lower than one point (0.35 mm) has no area to print.
const NO_AREA_MM: f64 = 0.35;

impl PageNode<'_> {
    fn geometry(&self, pdf: &Pdf<'_>) -> PageGeometry {
        // Without a MediaBox readers assume US Letter, as poppler does.
        let media = self
            .media
            .and_then(|o| rect(pdf, o))
            .unwrap_or([0.0, 0.0, 612.0, 792.0]);
        let shown = self
            .crop
            .and_then(|o| rect(pdf, o))
            .and_then(|crop| intersect(crop, media))
            .unwrap_or(media);
        let rotate = self
            .rotate
            .and_then(|o| pdf.resolve(o))
            .and_then(number)
            .map_or(0, |r| ((r as i64 % 360) + 360) % 360);
        let user_unit = pdf
            .number(self.dict, b"UserUnit")
            .filter(|u| *u > 0.0 && u.is_finite())
            .unwrap_or(1.0);
        PageGeometry {
            box_pt: shown,
            quarter_turn: rotate == 90 || rotate == 270,
            user_unit,
        }
    }
}

/// A rectangle `[x0 y0 x1 y1]`, normalised so that x0 ≤ x1 and y0 ≤ y1.
fn rect(pdf: &Pdf<'_>, obj: &Object) -> Option<[f64; 4]> {
    let arr = pdf.resolve(obj)?.as_array().ok()?;
    if arr.len() != 4 {
        return None;
    }
    let mut v = [0.0; 4];
    for (slot, item) in v.iter_mut().zip(arr) {
        *slot = number(pdf.resolve(item)?)?;
    }
    Some([
        v[0].min(v[2]),
        v[1].min(v[3]),
        v[0].max(v[2]),
        v[1].max(v[3]),
    ])
}

fn intersect(a: [f64; 4], b: [f64; 4]) -> Option<[f64; 4]> {
    let r = [
        a[0].max(b[0]),
        a[1].max(b[1]),
        a[2].min(b[2]),
        a[3].min(b[3]),
    ];
    (r[0] < r[2] && r[1] < r[3]).then_some(r)
}

impl PageGeometry {
    /// Width and height in mm as the page is displayed.
    pub(crate) fn displayed_mm(&self) -> (f64, f64) {
        let w = (self.box_pt[2] - self.box_pt[0]) * self.user_unit / PT_PER_MM;
        let h = (self.box_pt[3] - self.box_pt[1]) * self.user_unit / PT_PER_MM;
        if self.quarter_turn { (h, w) } else { (w, h) }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use lopdf::dictionary;

    /// A document whose root `/Pages` node lists `kids`, made by `make`.
    fn doc_with(make: impl FnOnce(&mut Document, ObjectId) -> Vec<Object>) -> Document {
        let mut doc = Document::with_version("1.5");
        let pages = doc.new_object_id();
        let kids = make(&mut doc, pages);
        doc.objects.insert(
            pages,
            Object::Dictionary(dictionary! { "Type" => "Pages", "Kids" => kids, "Count" => 2 }),
        );
        let catalog = doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => pages });
        doc.trailer.set("Root", catalog);
        doc
    }

    #[test]
    fn a_page_or_node_listed_twice_counts_twice() {
        let doc = doc_with(|doc, parent| {
            let page = doc.add_object(dictionary! { "Type" => "Page", "Parent" => parent });
            let node = doc.add_object(dictionary! {
                "Type" => "Pages", "Parent" => parent, "Kids" => vec![page.into()],
            });
            vec![page.into(), page.into(), node.into(), node.into()]
        });
        let (pages, walk) = page_nodes(&doc, 100);
        assert_eq!((pages.len(), walk), (4, Walk::Whole));
    }

    #[test]
    fn a_cycle_ends_and_a_doubling_tree_is_too_complex() {
        let doc = doc_with(|doc, parent| {
            let page = doc.add_object(dictionary! { "Type" => "Page", "Parent" => parent });
            // A node that lists itself and its parent: followed once along any path.
            let node = doc.new_object_id();
            doc.objects.insert(
                node,
                Object::Dictionary(dictionary! {
                    "Type" => "Pages",
                    "Kids" => vec![page.into(), node.into(), parent.into()],
                }),
            );
            vec![node.into()]
        });
        let (pages, walk) = page_nodes(&doc, 100);
        assert_eq!((pages.len(), walk), (1, Walk::Whole));
        // 40 levels each listing the one below twice: 2^40 pages.
        let doc = doc_with(|doc, _| {
            let mut below: Object = doc.add_object(dictionary! { "Type" => "Page" }).into();
            for _ in 0..40 {
                below = doc
                    .add_object(dictionary! {
                        "Type" => "Pages", "Kids" => vec![below.clone(), below],
                    })
                    .into();
            }
            vec![below]
        });
        assert_eq!(page_nodes(&doc, u32::MAX).1, Walk::TooComplex);
        assert_eq!(page_nodes(&doc, 2_000).1, Walk::TooManyPages);
    }

    #[test]
    fn only_page_dictionaries_are_pages() {
        let doc = doc_with(|doc, parent| {
            let page = doc.add_object(dictionary! { "Type" => "Page", "Parent" => parent });
            let untyped = doc.add_object(dictionary! { "Parent" => parent });
            let annot = doc.add_object(dictionary! {
                "Type" => "Annot", "Subtype" => "Text",
                "Rect" => vec![0.into(), 0.into(), 10.into(), 10.into()],
            });
            let stream = doc.add_object(Stream::new(dictionary! {}, b"junk".to_vec()));
            let page_stream = doc.add_object(Stream::new(
                dictionary! { "Type" => "Page" },
                b"junk".to_vec(),
            ));
            vec![
                page.into(),
                annot.into(),
                stream.into(),
                page_stream.into(),
                untyped.into(),
            ]
        });
        let (pages, walk) = page_nodes(&doc, 100);
        assert_eq!((pages.len(), walk), (2, Walk::Whole));
    }
}
