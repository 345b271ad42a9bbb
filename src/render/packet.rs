//! The print-ready packet: the cover sheet, then every copy in the given order, as one PDF in
//! which every page is A4, every copy page carries the stamp in its top margin as real text,
//! each enclosed document has a bookmark, and the viewer is told to print single-sided.
//!
//! Each source page becomes a Form XObject (its inherited MediaBox, CropBox, Resources and
//! Rotate resolved from the page tree) drawn on a fresh A4 page with one transformation that
//! turns, scales and centres it; so a rotated page and its stamp both come out upright, and a
//! page's own resource names can never clash with the stamp's. Every copy page, A4 or not, and
//! every image is scaled to fit the A4 page below a band kept free for the stamp (an A4 page to
//! 96 %), and centred, so that the stamp never covers what a copy says in its top corner; the
//! cover sheet keeps its size (it leaves the band free itself). JPEG data is copied
//! unchanged. The document identifier is a hash of the inputs and nothing depends on the clock,
//! so the same inputs give the same bytes.
//!
//! This file does not check copies (the scanner and rules do): it refuses only what it cannot
//! place, naming the file.

use std::collections::HashMap;
use std::path::PathBuf;

use lopdf::{Dictionary, Document, Object, ObjectId, Stream, StringFormat};
use sha2::{Digest, Sha256};

use super::stamp::{self, Stamp};
use super::{RenderError, Templates, fields, images, markup};
use crate::scan::{FileStamp, PageNode};

/// A4 in points.
const A4: (f32, f32) = (595.276, 841.89);
/// How far a page may be off A4 and still count as A4: 3 mm, as rule F002 allows.
const A4_TOLERANCE: f32 = 8.5;
/// Height of the band at the top kept free for the stamp on pages that are scaled: 12 mm.
const STAMP_BAND: f32 = 34.0;
/// Distance of the stamp from the top and right edges: 5 mm.
const STAMP_MARGIN: f32 = 14.17;
/// Copies whose decoded page content exceeds this are refused rather than exhausting memory.
const MAX_CONTENT: usize = 256 << 20;

/// The kind of file a copy is, which decides how it becomes pages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CopySource {
    /// A PDF: every page is taken.
    Pdf,
    /// A JPEG: one page, the data embedded unchanged.
    Jpeg,
    /// A PNG: one page, stored losslessly.
    Png,
    /// A TIFF: one page per image in the file, stored losslessly.
    Tiff,
}

/// One copy to enclose in the packet.
#[derive(Debug, Clone)]
pub struct PacketCopy {
    /// Where the copy is on disk.
    pub path: PathBuf,
    /// What kind of file it is.
    pub source: CopySource,
    /// The bookmark title, e.g. "2. Paspoort".
    pub title: String,
    /// SHA-256 of the file as it was checked; part of the packet's document identifier.
    pub sha256: [u8; 32],
    /// The file's stamp when it was checked. The packet refuses the copy if the file it opens
    /// has another stamp: its pages would not be the ones checked.
    pub seen: FileStamp,
    /// How many pages the check counted (the number in the manifest and on the cover sheet).
    /// The packet refuses the copy rather than place another number of pages. `None` only for
    /// a copy nobody counted.
    pub pages: Option<usize>,
}

impl PacketCopy {
    /// A copy as it is on disk now, hashed here: for callers that have not inspected it.
    pub fn from_file(
        path: PathBuf,
        source: CopySource,
        title: String,
    ) -> std::io::Result<PacketCopy> {
        let seen = FileStamp::of(&std::fs::metadata(&path)?);
        let sha256 = Sha256::digest(std::fs::read(&path)?).into();
        Ok(PacketCopy {
            path,
            source,
            title,
            sha256,
            seen,
            pages: None,
        })
    }

    /// The file's bytes, provided it is still the file that was checked: the stamp is taken
    /// from the open file, so a file renamed over this one afterwards cannot slip in either.
    fn read_unchanged(&self) -> Result<Vec<u8>, RenderError> {
        use std::io::Read;
        let read_error = |source| RenderError::CopyRead {
            path: self.path.clone(),
            source,
        };
        let mut file = std::fs::File::open(&self.path).map_err(read_error)?;
        let mut bytes = Vec::with_capacity(usize::try_from(self.seen.size).unwrap_or(0));
        // Never more than the size checked: a file that grew is refused below, unread.
        (&mut file)
            .take(self.seen.size.saturating_add(1))
            .read_to_end(&mut bytes)
            .map_err(read_error)?;
        let now = FileStamp::of(&file.metadata().map_err(read_error)?);
        if now != self.seen || bytes.len() as u64 != self.seen.size {
            return Err(RenderError::CopyChanged {
                path: self.path.clone(),
            });
        }
        Ok(bytes)
    }
}

/// Cover sheet then every copy, every page A4, stamped with `stamp` on every copy page.
pub fn packet(
    t: &Templates,
    cover_pdf: &[u8],
    copies: &[PacketCopy],
    stamp: &str,
) -> Result<Vec<u8>, RenderError> {
    let mut out = Vec::new();
    build(t, cover_pdf, copies, stamp)?
        .write_to(&mut out)
        .map_err(|e| RenderError::Write {
            what: "packet.pdf",
            message: e.to_string(),
        })?;
    Ok(out)
}

/// A packet put together in memory, not yet written.
pub struct Packet(Document);

impl Packet {
    /// Writes the PDF, straight to `w`: no second copy of a large packet in memory.
    pub fn write_to(mut self, w: &mut dyn std::io::Write) -> std::io::Result<()> {
        self.0.save_to(&mut &mut *w)
    }
}

/// As [`packet`], without writing it yet.
pub fn build(
    t: &Templates,
    cover_pdf: &[u8],
    copies: &[PacketCopy],
    stamp: &str,
) -> Result<Packet, RenderError> {
    let mut doc = Document::with_version("1.7");
    let pages_id = doc.new_object_id();
    let mut hash = Sha256::new();
    hash.update(b"dossier packet 1\0");
    hash.update(t.fingerprint().as_bytes());
    hash.update(stamp.as_bytes());
    hash.update([0]);
    hash.update(cover_pdf);

    let stamp = if stamp.trim().is_empty() {
        None
    } else {
        Some(stamp::prepare(t, &mut doc, stamp)?)
    };

    let mut kids = Vec::new();
    let mut layers = Layers::default();
    let cover = import_pdf(&mut doc, cover_pdf, &mut layers)
        .map_err(|message| RenderError::CoverUnusable { message })?;
    for form in &cover {
        // Stamped too: every page of the envelope carries the identifier, also the cover's
        // second page, which has no applicant table.
        kids.push(place_pdf_page(
            &mut doc,
            pages_id,
            form,
            stamp.as_ref(),
            false,
        ));
    }

    let mut bookmarks = Vec::new();
    for copy in copies {
        let bytes = copy.read_unchanged()?;
        hash.update([0]);
        hash.update(copy.title.as_bytes());
        hash.update([0, copy.source as u8]);
        hash.update((bytes.len() as u64).to_be_bytes());
        hash.update(copy.sha256);
        let unusable = |message: String| RenderError::CopyUnusable {
            path: copy.path.clone(),
            message,
        };
        let first = kids.len();
        match copy.source {
            CopySource::Pdf => {
                for form in import_pdf(&mut doc, &bytes, &mut layers).map_err(unusable)? {
                    kids.push(place_pdf_page(
                        &mut doc,
                        pages_id,
                        &form,
                        stamp.as_ref(),
                        true,
                    ));
                }
            }
            CopySource::Jpeg | CopySource::Png | CopySource::Tiff => {
                let pages = match copy.source {
                    CopySource::Jpeg => images::jpeg(bytes).map(|i| vec![i]),
                    CopySource::Png => images::png(&bytes).map(|i| vec![i]),
                    _ => images::tiff_pages(&bytes),
                }
                .map_err(unusable)?;
                for image in pages {
                    kids.push(place_image(&mut doc, pages_id, image, stamp.as_ref()));
                }
            }
        }
        let placed = kids.len() - first;
        if let Some(counted) = copy.pages
            && placed != counted
        {
            return Err(unusable(format!(
                "the check counted {counted} page{} but {placed} could be placed, so the packet \
                 would not hold what was checked; open the file in a PDF viewer, print it to a \
                 new PDF and reference that file instead",
                if counted == 1 { "" } else { "s" }
            )));
        }
        if let Some(&page) = kids.get(first) {
            bookmarks.push((copy.title.as_str(), page));
        }
    }

    let count = kids.len() as i64;
    let mut pages = Dictionary::new();
    pages.set("Type", name("Pages"));
    pages.set(
        "Kids",
        kids.into_iter().map(Object::Reference).collect::<Vec<_>>(),
    );
    pages.set("Count", count);
    doc.objects.insert(pages_id, Object::Dictionary(pages));

    let mut catalog = Dictionary::new();
    catalog.set("Type", name("Catalog"));
    catalog.set("Pages", pages_id);
    let mut prefs = Dictionary::new();
    prefs.set("Duplex", name("Simplex"));
    catalog.set("ViewerPreferences", prefs);
    if let Some(properties) = layers.properties() {
        catalog.set("OCProperties", properties);
    }
    if !bookmarks.is_empty() {
        catalog.set("Outlines", outline(&mut doc, &bookmarks));
        catalog.set("PageMode", name("UseOutlines"));
    }
    let catalog_id = doc.add_object(catalog);

    let digest = hash.finalize();
    let id = Object::String(digest[..16].to_vec(), StringFormat::Hexadecimal);
    doc.trailer.set("Root", catalog_id);
    doc.trailer.set("ID", vec![id.clone(), id]);
    doc.prune_objects();
    compress_fast(&mut doc);
    Ok(Packet(doc))
}

/// Flate-compresses every stream that has no filter yet (content streams, raw image data from
/// a copy), at the fastest level: lopdf's own `compress` uses level 9, which costs several
/// times the CPU for a few per cent of size, and a copy with raw scanned images made it crawl.
/// Kept only where it saves space.
fn compress_fast(doc: &mut Document) {
    use std::io::Write;
    for object in doc.objects.values_mut() {
        let Object::Stream(stream) = object else {
            continue;
        };
        if stream.dict.has(b"Filter") || !stream.allows_compression || stream.content.len() < 64 {
            continue;
        }
        let mut enc = flate2::write::ZlibEncoder::new(
            Vec::with_capacity(stream.content.len() / 2),
            flate2::Compression::fast(),
        );
        if let Ok(packed) = enc.write_all(&stream.content).and_then(|()| enc.finish())
            && packed.len() + 19 < stream.content.len()
        {
            stream.dict.set("Filter", name("FlateDecode"));
            stream.set_content(packed);
        }
    }
}

/// A source page as it appears after resolving inheritance from the page tree.
pub(crate) struct InheritedPage {
    /// The visible area (CropBox within MediaBox), normalised to x0 < x1, y0 < y1.
    pub bbox: [f32; 4],
    /// Clockwise rotation in degrees: 0, 90, 180 or 270.
    pub rotate: i64,
    /// The page's resources, as found (dictionary or reference).
    pub resources: Option<Object>,
}

/// A page's MediaBox, CropBox, Rotate and Resources as the scanner's page walk found them
/// (inherited along the path the page was reached by), so the packet shows the page the check
/// measured.
pub(crate) fn inherited_page(doc: &Document, node: &PageNode<'_>) -> Result<InheritedPage, String> {
    let rect = |obj: Option<&Object>| -> Option<[f32; 4]> {
        let (_, obj) = doc.dereference(obj?).ok()?;
        let arr = obj.as_array().ok()?;
        let mut v = [0f32; 4];
        for (slot, o) in v.iter_mut().zip(arr) {
            *slot = doc.dereference(o).ok()?.1.as_float().ok()?;
        }
        (arr.len() == 4 && v.iter().all(|x| x.is_finite())).then(|| {
            [
                v[0].min(v[2]),
                v[1].min(v[3]),
                v[0].max(v[2]),
                v[1].max(v[3]),
            ]
        })
    };
    // US Letter is the PDF default when a page states no size at all.
    let media = rect(node.media).unwrap_or([0.0, 0.0, 612.0, 792.0]);
    let mut bbox = match rect(node.crop) {
        Some(c) => [
            c[0].max(media[0]),
            c[1].max(media[1]),
            c[2].min(media[2]),
            c[3].min(media[3]),
        ],
        None => media,
    };
    if bbox[2] - bbox[0] < 1.0 || bbox[3] - bbox[1] < 1.0 {
        bbox = media;
    }
    if media[2] - media[0] < 1.0 || media[3] - media[1] < 1.0 {
        return Err("a page has no area (its MediaBox is empty)".to_owned());
    }
    // A real such as 90.0 counts, as it does for the scanner.
    let rotate = node
        .rotate
        .and_then(|o| doc.dereference(o).ok())
        .and_then(|(_, o)| crate::scan::pdf_number(o))
        .filter(|r| r.abs() < 1e9)
        .map_or(0, |r| r as i64)
        .rem_euclid(360);
    let rotate = rotate - rotate % 90;
    Ok(InheritedPage {
        bbox,
        rotate,
        resources: node.resources.map(|d| Object::Dictionary(d.clone())),
    })
}

/// A page's content streams, in order.
fn content_streams<'a>(doc: &'a Document, page: &'a Dictionary) -> Vec<&'a Stream> {
    let mut streams = Vec::new();
    let mut contents = page.get(b"Contents").ok();
    for _ in 0..32 {
        match contents {
            Some(Object::Reference(id)) => match doc.objects.get(id) {
                Some(Object::Stream(s)) => {
                    streams.push(s);
                    break;
                }
                other => contents = other,
            },
            Some(Object::Array(items)) => {
                streams.extend(items.iter().filter_map(|o| {
                    let (_, o) = doc.dereference(o).ok()?;
                    o.as_stream().ok()
                }));
                break;
            }
            _ => break,
        }
    }
    streams
}

/// A page's content streams, decoded and joined by newlines, within [`MAX_CONTENT`]; a stream
/// that cannot be decoded is taken as it is, as lopdf's `get_page_content` does.
pub(crate) fn page_content(doc: &Document, page: &Dictionary) -> Result<Vec<u8>, String> {
    let too_large = || "its content is too large to place".to_owned();
    let streams = content_streams(doc, page);
    let mut content = Vec::new();
    for stream in streams {
        let left = MAX_CONTENT.saturating_sub(content.len());
        match stream.decompressed_content_with_limit(left) {
            Ok(data) if data.len() <= left => content.extend_from_slice(&data),
            Ok(_)
            | Err(lopdf::Error::Decompress(lopdf::DecompressError::MemoryLimitExceeded {
                ..
            })) => return Err(too_large()),
            Err(_) if stream.content.len() <= left => content.extend_from_slice(&stream.content),
            Err(_) => return Err(too_large()),
        }
        content.push(b'\n');
    }
    Ok(content)
}

/// Gives every object of `src` a number from `first` on, in their present order, and rewrites
/// every reference (trailer included). A reference to an object that does not exist becomes
/// null: left as it is, it could name an unrelated object of the packet.
///
/// lopdf's `renumber_objects_with` first reorders the page objects by its own page walk, which
/// is not the scanner's; this one leaves the structure alone.
pub(crate) fn renumber(src: &mut Document, first: u32) {
    let map: std::collections::HashMap<ObjectId, ObjectId> = src
        .objects
        .keys()
        .zip(first..)
        .map(|(&old, new)| (old, (new, 0)))
        .collect();
    let fix = |root: &mut Object| {
        let mut stack = vec![root];
        while let Some(o) = stack.pop() {
            match o {
                Object::Reference(id) => {
                    *o = map.get(id).map_or(Object::Null, |&n| Object::Reference(n));
                }
                Object::Array(items) => stack.extend(items.iter_mut()),
                Object::Dictionary(d) => stack.extend(d.iter_mut().map(|(_, v)| v)),
                Object::Stream(s) => stack.extend(s.dict.iter_mut().map(|(_, v)| v)),
                _ => {}
            }
        }
    };
    let objects = std::mem::take(&mut src.objects);
    for (old, mut object) in objects {
        fix(&mut object);
        src.objects.insert(map[&old], object);
    }
    for (_, v) in src.trailer.iter_mut() {
        fix(v);
    }
    src.max_id = first.saturating_add(map.len() as u32).saturating_sub(1);
}

/// One source page turned into a Form XObject of the packet document.
struct PageForm {
    id: ObjectId,
    bbox: [f32; 4],
    rotate: i64,
    /// Printable annotation appearances (filled-in form fields, stamps, signatures), each with
    /// the matrix that puts it on its rectangle in the page's space.
    appearances: Vec<(ObjectId, Matrix)>,
}

/// Optional content groups (layers) of the copies, each resolved to whether the copy prints it.
///
/// A page's content keeps its `/OC … BDC` marks, so without the groups' states in the packet's
/// catalog every layer would be shown and printed: a layer the source hides, or shows on screen
/// only, would print. The packet is for printing, so each group's state in the packet is its
/// print state in the source (default state, then the document's print usage), for viewing
/// and printing alike, and locked.
#[derive(Default)]
struct Layers {
    /// Every group of every copy, in order.
    groups: Vec<ObjectId>,
    /// Whether each group prints.
    printed: HashMap<ObjectId, bool>,
    /// The copies' `/Order` arrays, one after the other: how a viewer lists the groups.
    order: Vec<Object>,
}

impl Layers {
    /// Adds the groups of `src` (already renumbered into the packet) and returns whether each
    /// of them prints.
    fn add(&mut self, src: &Document) -> HashMap<ObjectId, bool> {
        let array = |o: Option<&Object>| -> Vec<Object> {
            o.and_then(|o| resolved(src, o))
                .and_then(|a| a.as_array().ok())
                .cloned()
                .unwrap_or_default()
        };
        let ids = |o: Option<&Object>| -> Vec<ObjectId> {
            array(o)
                .iter()
                .filter_map(|x| x.as_reference().ok())
                .collect()
        };
        let Some(properties) = src
            .catalog()
            .ok()
            .and_then(|c| c.get(b"OCProperties").ok())
            .and_then(|o| resolved(src, o))
            .and_then(|o| o.as_dict().ok())
        else {
            return HashMap::new();
        };
        let groups = ids(properties.get(b"OCGs").ok());
        let config = properties
            .get(b"D")
            .ok()
            .and_then(|o| resolved(src, o))
            .and_then(|o| o.as_dict().ok());
        let name_of = |d: &Dictionary, key: &[u8]| -> Option<Vec<u8>> {
            d.get(key)
                .ok()
                .and_then(|o| resolved(src, o))
                .and_then(|n| n.as_name().ok())
                .map(<[u8]>::to_vec)
        };
        let base_on = config.and_then(|d| name_of(d, b"BaseState")).as_deref() != Some(b"OFF");
        let mut printed: HashMap<ObjectId, bool> = groups.iter().map(|&g| (g, base_on)).collect();
        if let Some(config) = config {
            for g in ids(config.get(b"ON").ok()) {
                printed.insert(g, true);
            }
            for g in ids(config.get(b"OFF").ok()) {
                printed.insert(g, false);
            }
            // PDF 32000-1, 8.11.4.4: on printing, a group named by a /Print event whose
            // categories include /Print takes the state of its /Usage /Print /PrintState.
            for entry in array(config.get(b"AS").ok()) {
                let Some(entry) = resolved(src, &entry).and_then(|e| e.as_dict().ok()) else {
                    continue;
                };
                let categories = array(entry.get(b"Category").ok());
                if name_of(entry, b"Event").as_deref() != Some(b"Print")
                    || !categories
                        .iter()
                        .any(|c| c.as_name().ok() == Some(b"Print"))
                {
                    continue;
                }
                for g in ids(entry.get(b"OCGs").ok()) {
                    let state = src
                        .get_dictionary(g)
                        .ok()
                        .and_then(|d| d.get(b"Usage").ok())
                        .and_then(|o| resolved(src, o))
                        .and_then(|u| u.as_dict().ok()?.get(b"Print").ok())
                        .and_then(|o| resolved(src, o))
                        .and_then(|p| p.as_dict().ok())
                        .and_then(|p| name_of(p, b"PrintState"));
                    match state.as_deref() {
                        Some(b"ON") => printed.insert(g, true),
                        Some(b"OFF") => printed.insert(g, false),
                        _ => None,
                    };
                }
            }
            self.order.extend(array(config.get(b"Order").ok()));
        }
        for g in &groups {
            if !self.printed.contains_key(g) {
                self.groups.push(*g);
            }
            self.printed.insert(*g, printed[g]);
        }
        printed
    }

    /// The packet's `/OCProperties`, when any copy has layers.
    fn properties(&self) -> Option<Dictionary> {
        if self.groups.is_empty() {
            return None;
        }
        let refs = |ids: &mut dyn Iterator<Item = &ObjectId>| -> Object {
            Object::Array(ids.map(|&g| Object::Reference(g)).collect())
        };
        let mut config = Dictionary::new();
        config.set("Name", Object::string_literal("As printed"));
        config.set("BaseState", name("ON"));
        config.set(
            "OFF",
            refs(&mut self.groups.iter().filter(|g| !self.printed[*g])),
        );
        if !self.order.is_empty() {
            config.set("Order", self.order.clone());
        }
        config.set("Locked", refs(&mut self.groups.iter()));
        let mut properties = Dictionary::new();
        properties.set("OCGs", refs(&mut self.groups.iter()));
        properties.set("D", config);
        Some(properties)
    }
}

/// `o` with references followed.
fn resolved<'a>(doc: &'a Document, o: &'a Object) -> Option<&'a Object> {
    doc.dereference(o).ok().map(|(_, o)| o)
}

/// Whether content or an annotation marked with the optional content `oc` (a group or a
/// membership dictionary) prints, given whether each group prints. A membership dictionary's
/// visibility expression `/VE` decides when it can be evaluated (PDF 32000-1, 8.11.2.2), else
/// its `/OCGs` and `/P`.
/// Whether each optional-content group of `src` prints (its print state, else its view
/// state), as the packet prints it: for `check`, so that text on a layer that does not print is
/// not taken for the V-number on paper.
pub(crate) fn printed_layers(src: &Document) -> HashMap<ObjectId, bool> {
    Layers::default().add(src)
}

/// Whether content marked with optional-content group or membership `oc` prints.
pub(crate) fn oc_printed(src: &Document, oc: &Object, printed: &HashMap<ObjectId, bool>) -> bool {
    let group = |g: &ObjectId| printed.get(g).copied().unwrap_or(true);
    if let Object::Reference(id) = oc
        && let Some(&p) = printed.get(id)
    {
        return p;
    }
    let Some(dict) = src.dereference(oc).ok().and_then(|(_, o)| o.as_dict().ok()) else {
        return true;
    };
    if dict.get(b"Type").ok().and_then(|t| t.as_name().ok()) != Some(b"OCMD") {
        return true;
    }
    if let Ok(ve) = dict.get(b"VE")
        && let Some(visible) = visibility(src, ve, printed, 0)
    {
        return visible;
    }
    let states: Vec<bool> = match dict.get(b"OCGs") {
        Ok(Object::Reference(id)) if printed.contains_key(id) => vec![group(id)],
        Ok(o) => src
            .dereference(o)
            .ok()
            .and_then(|(_, a)| a.as_array().ok())
            .map(|a| {
                a.iter()
                    .filter_map(|g| g.as_reference().ok())
                    .map(|g| group(&g))
                    .collect()
            })
            .unwrap_or_default(),
        Err(_) => Vec::new(),
    };
    if states.is_empty() {
        return true;
    }
    match dict.get(b"P").ok().and_then(|p| p.as_name().ok()) {
        Some(b"AllOn") => states.iter().all(|&s| s),
        Some(b"AnyOff") => states.iter().any(|&s| !s),
        Some(b"AllOff") => states.iter().all(|&s| !s),
        _ => states.iter().any(|&s| s),
    }
}

/// Evaluates a visibility expression: a group, or `[/And ...]`, `[/Or ...]`, `[/Not x]` of
/// expressions. `None` when it is malformed or nested too deep.
fn visibility(
    src: &Document,
    ve: &Object,
    printed: &HashMap<ObjectId, bool>,
    depth: usize,
) -> Option<bool> {
    const MAX_DEPTH: usize = 32;
    if depth > MAX_DEPTH {
        return None;
    }
    if let Object::Reference(id) = ve {
        if let Some(&p) = printed.get(id) {
            return Some(p);
        }
        let target = src.get_object(*id).ok()?;
        return match target {
            Object::Array(_) => visibility(src, target, printed, depth + 1),
            Object::Dictionary(d)
                if d.get(b"Type").ok().and_then(|t| t.as_name().ok()) == Some(b"OCG") =>
            {
                // A group the document does not list: viewers treat it as on.
                Some(true)
            }
            _ => None,
        };
    }
    let items = ve.as_array().ok()?;
    let (op, operands) = items.split_first()?;
    let mut values = Vec::with_capacity(operands.len());
    for o in operands {
        values.push(visibility(src, o, printed, depth + 1)?);
    }
    match op.as_name().ok()? {
        b"And" if !values.is_empty() => Some(values.iter().all(|&v| v)),
        b"Or" if !values.is_empty() => Some(values.iter().any(|&v| v)),
        b"Not" if values.len() == 1 => Some(!values[0]),
        _ => None,
    }
}

/// Gives every stream whose `/Length` lopdf could not resolve (it loads them empty) the data
/// the scanner reads for it, so that the packet carries what `check` saw. A stream whose data
/// cannot be found stays empty; a page drawn by one is refused in [`import_pdf`].
fn recover_unread_streams(src: &mut Document, bytes: &[u8]) {
    let body = crate::scan::pdf_body(bytes);
    let recovered: Vec<(ObjectId, Vec<u8>)> = src
        .objects
        .iter()
        .filter_map(|(&id, o)| {
            let data = crate::scan::unread_stream_data(src, body, o.as_stream().ok()?)?;
            Some((id, data.to_vec()))
        })
        .collect();
    for (id, data) in recovered {
        if let Ok(Object::Stream(s)) = src.get_object_mut(id) {
            s.set_content(data);
        }
    }
}

/// Copies every page of a PDF into `doc` as Form XObjects, in page order: the pages the
/// scanner's page walk finds, no more and no fewer. Its layers are added to `layers`.
fn import_pdf(
    doc: &mut Document,
    bytes: &[u8],
    layers: &mut Layers,
) -> Result<Vec<PageForm>, String> {
    let mut src = Document::load_mem(bytes)
        .map_err(|e| format!("not a readable PDF ({e}): it may be damaged or not a PDF"))?;
    recover_unread_streams(&mut src, bytes);
    renumber(&mut src, doc.max_id + 1);
    let (nodes, walk) = crate::scan::page_nodes(&src, u32::MAX);
    if walk != crate::scan::Walk::Whole {
        return Err(
            "the PDF lists its pages in a way too complex to print: open it in a PDF viewer \
             and print it to a new PDF"
                .to_owned(),
        );
    }
    if nodes.is_empty() {
        return Err(if src.trailer.get(b"Encrypt").is_ok() {
            "the PDF needs a password to open: save an unlocked copy".to_owned()
        } else {
            "the PDF has no pages".to_owned()
        });
    }
    let printed = layers.add(&src);
    let acroform = src
        .catalog()
        .ok()
        .and_then(|c| c.get(b"AcroForm").ok())
        .and_then(|f| resolved(&src, f))
        .and_then(|f| f.as_dict().ok());
    let mut forms = Vec::with_capacity(nodes.len());
    for (n, node) in nodes.iter().enumerate() {
        let page = inherited_page(&src, node).map_err(|e| format!("page {}: {e}", n + 1))?;
        if content_streams(&src, node.dict)
            .iter()
            .any(|s| crate::scan::stream_unread(&src, s))
        {
            return Err(format!(
                "page {}: its content cannot be read (the length of its data is missing or \
                 wrong): open it in a PDF viewer and print it to a new PDF",
                n + 1
            ));
        }
        let single = match node.dict.get(b"Contents") {
            Ok(Object::Reference(id)) => src.get_object(*id).ok().and_then(|o| o.as_stream().ok()),
            _ => None,
        };
        let mut stream = match single {
            // One content stream: reuse its bytes and filters unchanged.
            Some(s) => Stream::new(s.dict.clone(), s.content.clone()),
            None => {
                let content =
                    page_content(&src, node.dict).map_err(|e| format!("page {}: {e}", n + 1))?;
                Stream::new(Dictionary::new(), content)
            }
        };
        stream.dict.remove(b"Type");
        stream.dict.set("Type", name("XObject"));
        stream.dict.set("Subtype", name("Form"));
        stream.dict.set(
            "BBox",
            page.bbox
                .iter()
                .map(|&v| Object::Real(v))
                .collect::<Vec<_>>(),
        );
        stream.dict.set(
            "Resources",
            page.resources
                .clone()
                .unwrap_or(Object::Dictionary(Dictionary::new())),
        );
        // A page's transparency group must travel with its content, or blending changes.
        if let Ok(group) = node.dict.get(b"Group") {
            stream.dict.set("Group", group.clone());
        }
        let appearances = printable_appearances(&src, node.dict, &printed, acroform)
            .map_err(|e| format!("page {}: {e}", n + 1))?;
        forms.push((stream, page, appearances));
    }
    drop(nodes);
    doc.max_id = doc.max_id.max(src.max_id);
    doc.objects.extend(std::mem::take(&mut src.objects));
    Ok(forms
        .into_iter()
        .map(|(stream, page, appearances)| PageForm {
            id: doc.add_object(stream),
            bbox: page.bbox,
            rotate: page.rotate,
            appearances: appearances
                .into_iter()
                .map(|(a, m)| match a {
                    Appearance::Own(id) => (id, m),
                    Appearance::Drawn(stream) => (doc.add_object(stream), m),
                })
                .collect(),
        })
        .collect())
}

/// Why a PDF's filled-in form cannot be printed as it is, if so: the judgement the packet makes
/// for each page (a value that viewers draw themselves and that cannot be drawn faithfully), so
/// that `check` reports what `prepare` would refuse.
pub(crate) fn unprintable_form(src: &Document, nodes: &[crate::scan::PageNode]) -> Option<String> {
    if !nodes.iter().any(|n| n.dict.has(b"Annots")) {
        return None;
    }
    let printed = Layers::default().add(src);
    let acroform = src
        .catalog()
        .ok()
        .and_then(|c| c.get(b"AcroForm").ok())
        .and_then(|f| resolved(src, f))
        .and_then(|f| f.as_dict().ok());
    nodes.iter().enumerate().find_map(|(n, node)| {
        printable_appearances(src, node.dict, &printed, acroform)
            .err()
            .map(|e| format!("page {}: {e}", n + 1))
    })
}

/// An annotation's appearance as printed: the source's own stream, or one drawn here.
enum Appearance {
    Own(ObjectId),
    Drawn(Stream),
}

/// The appearance streams of a page's annotations that a printer would print: the values of a
/// filled-in PDF form live there, not in the page content, so without them a filled
/// application form would reach the IND empty. A field whose value has no usable appearance
/// gets one drawn (see `fields.rs`), or the copy is refused.
fn printable_appearances(
    src: &Document,
    page: &Dictionary,
    printed: &HashMap<ObjectId, bool>,
    acroform: Option<&Dictionary>,
) -> Result<Vec<(Appearance, Matrix)>, String> {
    const HIDDEN: i64 = 2;
    const PRINT: i64 = 4;
    let deref = |o: &Object| src.dereference(o).ok().map(|(_, o)| o.clone());
    let Some(annots) = page
        .get(b"Annots")
        .ok()
        .and_then(&deref)
        .and_then(|a| a.as_array().ok().cloned())
    else {
        return Ok(Vec::new());
    };
    let numbers = |o: Option<Object>, n: usize| -> Option<Vec<f32>> {
        let arr = o?.as_array().ok()?.clone();
        let v: Vec<f32> = arr
            .iter()
            .filter_map(|x| deref(x)?.as_float().ok())
            .collect();
        (v.len() == n && v.iter().all(|x| x.is_finite())).then_some(v)
    };
    let mut out = Vec::new();
    let mut drawn_markup = 0usize;
    for annot in &annots {
        let Some(Object::Dictionary(a)) = deref(annot) else {
            continue;
        };
        let flags = a.get(b"F").ok().and_then(|f| f.as_i64().ok()).unwrap_or(0);
        if flags & PRINT == 0 || flags & HIDDEN != 0 {
            continue;
        }
        if let Ok(oc) = a.get(b"OC")
            && !oc_printed(src, oc, printed)
        {
            continue;
        }
        let Some(rect) = numbers(a.get(b"Rect").ok().and_then(&deref), 4) else {
            continue;
        };
        let (rx0, ry0) = (rect[0].min(rect[2]), rect[1].min(rect[3]));
        let (rx1, ry1) = (rect[0].max(rect[2]), rect[1].max(rect[3]));
        let mut state = a
            .get(b"AS")
            .ok()
            .and_then(|s| s.as_name().ok())
            .map(<[u8]>::to_vec);
        if a.get(b"Subtype").ok().and_then(|s| s.as_name().ok()) == Some(b"Widget") {
            match fields::widget(src, &a, acroform, [rx0, ry0, rx1, ry1])? {
                fields::Field::Own => {}
                fields::Field::State(st) => state = Some(st),
                fields::Field::Nothing => continue,
                fields::Field::Drawn(stream) => {
                    out.push((Appearance::Drawn(stream), [1.0, 0.0, 0.0, 1.0, rx0, ry0]));
                    continue;
                }
            }
        }
        let Some(normal) = a
            .get(b"AP")
            .ok()
            .and_then(&deref)
            .and_then(|ap| ap.as_dict().ok()?.get(b"N").ok().cloned())
        else {
            // Text typed onto the page with a viewer's "add text" tool but without an
            // appearance: viewers print it in a font of their choosing, which the packet cannot
            // do faithfully; it must not vanish from the page either.
            let typed = a.get(b"Contents").ok().and_then(&deref).is_some_and(|c| {
                c.as_str()
                    .is_ok_and(|t| t.iter().any(|b| !b.is_ascii_whitespace()))
            });
            if a.get(b"Subtype").ok().and_then(|s| s.as_name().ok()) == Some(b"FreeText") && typed {
                return Err(
                    "text typed onto the page (a free-text note) has no appearance the \
                    packet can print; open the PDF in a viewer and print it to a new PDF \
                    (flatten it)"
                        .to_owned(),
                );
            }
            // A highlight, ink drawing or note without appearance: drawn as viewers draw it.
            if let Some(stream) = markup::appearance(src, &a, [rx0, ry0, rx1, ry1])? {
                // Many annotations can share one long list of points: the page as a whole has
                // a budget too.
                drawn_markup += stream.content.len();
                if drawn_markup > MAX_PAGE_MARKUP {
                    return Err(markup::TOO_BIG.to_owned());
                }
                out.push((Appearance::Drawn(stream), [1.0, 0.0, 0.0, 1.0, 0.0, 0.0]));
            }
            continue;
        };
        // A check box or radio button has one appearance per state; /AS names the current.
        let id = match &normal {
            Object::Reference(id) if src.get_object(*id).is_ok_and(|o| o.as_stream().is_ok()) => {
                *id
            }
            _ => {
                let Some(states) = deref(&normal) else {
                    continue;
                };
                let Ok(states) = states.as_dict() else {
                    continue;
                };
                let Some(state) = &state else {
                    continue;
                };
                match states.get(state) {
                    Ok(Object::Reference(id)) => *id,
                    _ => continue,
                }
            }
        };
        let Ok(Object::Stream(ap)) = src.get_object(id) else {
            continue;
        };
        let Some(bbox) = numbers(ap.dict.get(b"BBox").ok().and_then(&deref), 4) else {
            continue;
        };
        let m = numbers(ap.dict.get(b"Matrix").ok().and_then(&deref), 6)
            .unwrap_or(vec![1.0, 0.0, 0.0, 1.0, 0.0, 0.0]);
        // PDF 32000-1, 12.5.5: the form's bounding box, transformed by its matrix, is mapped
        // onto the annotation's rectangle.
        let corners = [
            (bbox[0], bbox[1]),
            (bbox[2], bbox[1]),
            (bbox[0], bbox[3]),
            (bbox[2], bbox[3]),
        ]
        .map(|(x, y)| (m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5]));
        let (bx0, bx1) = corners.iter().fold((f32::MAX, f32::MIN), |(lo, hi), c| {
            (lo.min(c.0), hi.max(c.0))
        });
        let (by0, by1) = corners.iter().fold((f32::MAX, f32::MIN), |(lo, hi), c| {
            (lo.min(c.1), hi.max(c.1))
        });
        if bx1 - bx0 <= 0.0 || by1 - by0 <= 0.0 {
            continue;
        }
        let sx = (rx1 - rx0) / (bx1 - bx0);
        let sy = (ry1 - ry0) / (by1 - by0);
        out.push((
            Appearance::Own(id),
            [sx, 0.0, 0.0, sy, rx0 - sx * bx0, ry0 - sy * by0],
        ));
    }
    Ok(out)
}

/// The most content (bytes) the markup annotations of one page may be drawn with.
const MAX_PAGE_MARKUP: usize = 2 * 1024 * 1024;

/// An affine matrix `[a b c d e f]` as PDF's `cm` takes it.
type Matrix = [f32; 6];

/// Puts an imported page on a new A4 page: turned upright, scaled if needed, centred. A copy's
/// page is fitted below the stamp's band (an A4 page shrinks to 96 %): the stamp's white box
/// must never hide what a document says in its top corner (a document number, a date).
/// The cover sheet (`copy` false) leaves that band free itself and keeps its size.
fn place_pdf_page(
    doc: &mut Document,
    pages_id: ObjectId,
    form: &PageForm,
    stamp: Option<&Stamp>,
    copy: bool,
) -> ObjectId {
    let [x0, y0, x1, y1] = form.bbox;
    let (w, h) = (x1 - x0, y1 - y0);
    // Maps the page's own space onto an upright w×h (or h×w) box at the origin.
    let r: Matrix = match form.rotate {
        90 => [0.0, -1.0, 1.0, 0.0, 0.0, w],
        180 => [-1.0, 0.0, 0.0, -1.0, w, h],
        270 => [0.0, 1.0, -1.0, 0.0, h, 0.0],
        _ => [1.0, 0.0, 0.0, 1.0, 0.0, 0.0],
    };
    let (dw, dh) = if form.rotate % 180 == 90 {
        (h, w)
    } else {
        (w, h)
    };
    let target = a4_for(dw, dh);
    let band = copy && stamp.is_some();
    let (s, (ox, oy)) = if is_a4(dw, dh) && !band {
        let s = (target.0 / dw).min(target.1 / dh);
        (s, ((target.0 - dw * s) / 2.0, (target.1 - dh * s) / 2.0))
    } else {
        let avail = (target.0, target.1 - STAMP_BAND);
        let s = (avail.0 / dw).min(avail.1 / dh);
        (s, ((avail.0 - dw * s) / 2.0, (avail.1 - dh * s) / 2.0))
    };
    let [a, b, c, d, e, f] = r;
    let m: Matrix = [
        s * a,
        s * b,
        s * c,
        s * d,
        s * (e - a * x0 - c * y0) + ox,
        s * (f - b * x0 - d * y0) + oy,
    ];
    let mut content = format!("q {} cm /DossierCopy Do\n", fmt_matrix(&m)).into_bytes();
    let mut resources = stamp.map(|s| s.resources.clone()).unwrap_or_default();
    add_xobject(doc, &mut resources, "DossierCopy", form.id);
    for (i, (id, a)) in form.appearances.iter().enumerate() {
        let key = format!("DossierAnnot{i}");
        content.extend_from_slice(format!("q {} cm /{key} Do Q\n", fmt_matrix(a)).as_bytes());
        add_xobject(doc, &mut resources, &key, *id);
    }
    content.extend_from_slice(b"Q\n");
    if let Some(stamp) = stamp {
        draw_stamp(&mut content, stamp, target);
    }
    add_page(doc, pages_id, target, content, resources)
}

/// Puts an image on a new A4 page, turned upright by its EXIF orientation and fitted.
fn place_image(
    doc: &mut Document,
    pages_id: ObjectId,
    image: images::ImageXObject,
    stamp: Option<&Stamp>,
) -> ObjectId {
    let images::ImageXObject {
        mut stream,
        smask,
        width,
        height,
        orientation,
    } = image;
    if let Some(mask) = smask {
        let mask_id = doc.add_object(mask);
        stream.dict.set("SMask", mask_id);
    }
    let image_id = doc.add_object(stream);
    let (w, h) = (width as f32, height as f32);
    let (dw, dh) = if orientation >= 5 { (h, w) } else { (w, h) };
    let target = a4_for(dw, dh);
    // Below the stamp's band, as a page of a PDF copy: the stamp never hides the image's top.
    let avail = if stamp.is_none() && is_a4_ratio(dw, dh) {
        target
    } else {
        (target.0, target.1 - STAMP_BAND)
    };
    let s = (avail.0 / dw).min(avail.1 / dh);
    let (pw, ph) = (dw * s, dh * s);
    let (ox, oy) = ((avail.0 - pw) / 2.0, (avail.1 - ph) / 2.0);
    // Where a point of the stored image (u right, v down, both 0..1) is shown upright.
    let shown = |u: f32, v: f32| -> (f32, f32) {
        match orientation {
            2 => (1.0 - u, v),
            3 => (1.0 - u, 1.0 - v),
            4 => (u, 1.0 - v),
            5 => (v, u),
            6 => (1.0 - v, u),
            7 => (1.0 - v, 1.0 - u),
            8 => (v, 1.0 - u),
            _ => (u, v),
        }
    };
    // PDF image space has (0,0) at the image's bottom-left: u = x, v = 1 - y.
    let to_page = |x: f32, y: f32| -> (f32, f32) {
        let (su, sv) = shown(x, 1.0 - y);
        (ox + su * pw, oy + (1.0 - sv) * ph)
    };
    let (e, f) = to_page(0.0, 0.0);
    let (x1, y1) = to_page(1.0, 0.0);
    let (x2, y2) = to_page(0.0, 1.0);
    let m: Matrix = [x1 - e, y1 - f, x2 - e, y2 - f, e, f];
    let mut content = format!("q {} cm /DossierImage Do Q\n", fmt_matrix(&m)).into_bytes();
    let mut resources = stamp.map(|s| s.resources.clone()).unwrap_or_default();
    add_xobject(doc, &mut resources, "DossierImage", image_id);
    if let Some(stamp) = stamp {
        draw_stamp(&mut content, stamp, target);
    }
    add_page(doc, pages_id, target, content, resources)
}

/// The stamp goes in the top-right corner, inside the margin every printer leaves.
fn draw_stamp(content: &mut Vec<u8>, stamp: &Stamp, target: (f32, f32)) {
    let x = target.0 - STAMP_MARGIN - stamp.width;
    let y = target.1 - STAMP_MARGIN - stamp.height;
    content.extend_from_slice(format!("q 1 0 0 1 {} {} cm\n", num(x), num(y)).as_bytes());
    content.extend_from_slice(&stamp.content);
    content.extend_from_slice(b"\nQ\n");
}

fn add_xobject(doc: &Document, resources: &mut Dictionary, key: &str, id: ObjectId) {
    let mut xobjects = match resources.get(b"XObject") {
        Ok(Object::Dictionary(d)) => d.clone(),
        Ok(Object::Reference(r)) => doc.get_dictionary(*r).cloned().unwrap_or_default(),
        _ => Dictionary::new(),
    };
    xobjects.set(key, id);
    resources.set("XObject", xobjects);
}

fn add_page(
    doc: &mut Document,
    pages_id: ObjectId,
    size: (f32, f32),
    content: Vec<u8>,
    resources: Dictionary,
) -> ObjectId {
    let content_id = doc.add_object(Stream::new(Dictionary::new(), content));
    let mut page = Dictionary::new();
    page.set("Type", name("Page"));
    page.set("Parent", pages_id);
    page.set(
        "MediaBox",
        vec![
            0.into(),
            0.into(),
            Object::Real(size.0),
            Object::Real(size.1),
        ],
    );
    page.set("Resources", resources);
    page.set("Contents", content_id);
    doc.add_object(page)
}

/// The outline: one bookmark per enclosed document, pointing at its first page.
fn outline(doc: &mut Document, items: &[(&str, ObjectId)]) -> ObjectId {
    let root = doc.new_object_id();
    let ids: Vec<ObjectId> = items.iter().map(|_| doc.new_object_id()).collect();
    for (i, ((title, page), id)) in items.iter().zip(&ids).enumerate() {
        let mut item = Dictionary::new();
        item.set("Title", text_string(title));
        item.set("Parent", root);
        item.set("Dest", vec![Object::Reference(*page), name("Fit")]);
        if i > 0 {
            item.set("Prev", ids[i - 1]);
        }
        if let Some(next) = ids.get(i + 1) {
            item.set("Next", *next);
        }
        doc.objects.insert(*id, Object::Dictionary(item));
    }
    let mut dict = Dictionary::new();
    dict.set("Type", name("Outlines"));
    if let (Some(first), Some(last)) = (ids.first(), ids.last()) {
        dict.set("First", *first);
        dict.set("Last", *last);
    }
    dict.set("Count", ids.len() as i64);
    doc.objects.insert(root, Object::Dictionary(dict));
    root
}

/// A PDF text string: PDFDocEncoding is not Latin-1, so anything beyond ASCII goes as UTF-16BE.
fn text_string(s: &str) -> Object {
    if s.bytes().all(|b| (0x20..0x7F).contains(&b)) {
        Object::String(s.as_bytes().to_vec(), StringFormat::Literal)
    } else {
        let mut bytes = vec![0xFE, 0xFF];
        for unit in s.encode_utf16() {
            bytes.extend_from_slice(&unit.to_be_bytes());
        }
        Object::String(bytes, StringFormat::Hexadecimal)
    }
}

fn a4_for(w: f32, h: f32) -> (f32, f32) {
    if w > h { (A4.1, A4.0) } else { A4 }
}

fn is_a4(w: f32, h: f32) -> bool {
    let (tw, th) = a4_for(w, h);
    (w - tw).abs() <= A4_TOLERANCE && (h - th).abs() <= A4_TOLERANCE
}

/// An image has no physical size; one with A4's proportions (±1.5 %) fills the page.
fn is_a4_ratio(w: f32, h: f32) -> bool {
    let (tw, th) = a4_for(w, h);
    ((w / h) / (tw / th) - 1.0).abs() <= 0.015
}

fn name(n: &str) -> Object {
    Object::Name(n.as_bytes().to_vec())
}

fn num(v: f32) -> String {
    let s = format!("{v:.4}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    if s == "-0" {
        "0".to_owned()
    } else {
        s.to_owned()
    }
}

fn fmt_matrix(m: &Matrix) -> String {
    let [a, b, c, d, e, f] = *m;
    [factor(a), factor(b), factor(c), factor(d), num(e), num(f)].join(" ")
}

/// A scale or rotation factor: like [`num`], but a small one (the scale of a huge page) keeps
/// five significant digits instead of rounding to nothing and leaving the page blank.
fn factor(v: f32) -> String {
    if v == 0.0 || v.abs() >= 0.1 {
        return num(v);
    }
    let decimals = (4 - v.abs().log10().floor() as i32).clamp(4, 12) as usize;
    let s = format!("{v:.decimals$}");
    s.trim_end_matches('0').trim_end_matches('.').to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unfiltered_streams_are_compressed_losslessly_and_filtered_ones_left_alone() {
        let mut doc = Document::with_version("1.7");
        // Raw scanned pixels, as some scanners write them: no filter at all.
        let raw: Vec<u8> = (0..200_000u32).map(|i| (i / 700 % 256) as u8).collect();
        let raw_id = doc.add_object(Stream::new(Dictionary::new(), raw.clone()));
        let mut jpeg_dict = Dictionary::new();
        jpeg_dict.set("Filter", name("DCTDecode"));
        let jpeg_id = doc.add_object(Stream::new(jpeg_dict, [0xFF, 0xD8, 0xFF, 0xE0].repeat(64)));
        let noise: Vec<u8> = (0..128u32)
            .flat_map(|i| Sha256::digest(i.to_le_bytes()))
            .collect();
        let noise_id = doc.add_object(Stream::new(Dictionary::new(), noise.clone()));
        compress_fast(&mut doc);

        let raw_stream = doc.get_object(raw_id).unwrap().as_stream().unwrap();
        assert!(raw_stream.dict.has(b"Filter"));
        assert!(raw_stream.content.len() < raw.len() / 10);
        assert_eq!(raw_stream.decompressed_content().unwrap(), raw);
        let jpeg = doc.get_object(jpeg_id).unwrap().as_stream().unwrap();
        assert_eq!(jpeg.content, [0xFF, 0xD8, 0xFF, 0xE0].repeat(64));
        // Data that does not shrink stays as it was.
        let noise_stream = doc.get_object(noise_id).unwrap().as_stream().unwrap();
        assert!(!noise_stream.dict.has(b"Filter"));
        assert_eq!(noise_stream.content, noise);
    }

    #[test]
    fn a_huge_pages_scale_never_rounds_to_nothing() {
        assert_eq!(factor(0.0000005952), "0.0000005952");
        assert_eq!(factor(0.005953), "0.005953");
        assert_eq!(factor(0.5), "0.5");
        assert_eq!(factor(0.0), "0");
        let m = [0.0000005952, 0.0, 0.0, 0.0000005952, 12.34567, 0.00001];
        assert_eq!(fmt_matrix(&m), "0.0000005952 0 0 0.0000005952 12.3457 0");
    }

    #[test]
    fn numbers_are_short_and_stable() {
        assert_eq!(num(1.0), "1");
        assert_eq!(num(-0.00001), "0");
        assert_eq!(num(595.276), "595.276");
    }

    #[test]
    fn a4_within_three_millimetres_either_way() {
        assert!(is_a4(595.0, 842.0));
        assert!(is_a4(842.0, 595.0));
        assert!(!is_a4(612.0, 792.0));
    }

    #[test]
    fn titles_beyond_ascii_become_utf16() {
        assert!(matches!(text_string("Paspoort"), Object::String(b, _) if b == b"Paspoort"));
        assert!(
            matches!(text_string("Łukasz"), Object::String(b, _) if b.starts_with(&[0xFE, 0xFF]))
        );
    }
}
