#!/usr/bin/env python3
"""Generate the golden fixture cases of `dossier` under fixtures/ (see fixtures/README.md).

    python3 scripts/make-fixtures.py [--forms DIR] [--out DIR]

Rewrites fixtures/rules/, fixtures/clean/ and fixtures/example/ (never fixtures/README.md).
Every case.toml opens with the findings `dossier check` must report for that case, as
(code, file, page) lines. Output is deterministic: the same script, Python and Pillow (libjpeg,
zlib) versions give the same bytes. P002 expectations are computed from the fee schedules in the
form data (--forms, default forms/ of the repository): regenerate after adding a schedule.

A test-data generator, not the product: PDFs are written by hand (text pages in Helvetica,
scanned pages as one DCTDecode image, an RC4 password-protected PDF), images with Pillow.
Every person, V-number and document here is invented.
"""
import argparse, hashlib, io, os, random, shutil, struct, sys, tomllib, unicodedata, zipfile
from datetime import date, timedelta

from PIL import Image, ImageDraw

SUBMIT_ON = date(2026, 12, 1)
A4 = (595.28, 841.89)  # 210 x 297 mm in points
LETTER = (612.0, 792.0)  # 215.9 x 279.4 mm
FOLD = str.maketrans({"ı": "i", "İ": "I", "ł": "l", "Ł": "L", "đ": "d", "Đ": "D", "ø": "o", "ß": "ss"})
FILLER = [
    "Ondergetekende verklaart dat de gegevens op dit formulier juist en volledig zijn.",
    "Afgegeven door de ambtenaar van de burgerlijke stand op de datum hieronder.",
    "Dit document is een kopie van het origineel en bestemd voor de IND.",
    "Datum van afgifte en handtekening staan onderaan deze pagina.",
    "Registratienummer, gemeente en stempel van de afgevende instantie.",
]


def ascii_fold(s):
    return unicodedata.normalize("NFKD", s.translate(FOLD)).encode("ascii", "ignore").decode()


def v_number_for(seed):
    """A 10-digit V-number derived from a seed, so every invented applicant has its own."""
    n = int(hashlib.sha256(seed.encode()).hexdigest(), 16) % 9_000_000_000 + 1_000_000_000
    return str(n)


# ---------------------------------------------------------------------------------------------
# PDF writing


def pdf_string(s):
    return b"(" + s.encode("latin-1").replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)") + b")"


def text_content(lines, visible=True, top=770):
    """Helvetica text, one line per entry; 3 Tr makes it invisible (a scanner's OCR layer)."""
    out = [b"BT", b"%d Tr" % (0 if visible else 3), b"/F1 11 Tf 14 TL", b"1 0 0 1 72 %d Tm" % top]
    for i, line in enumerate(lines):
        if i == 0 and visible:
            out.append(b"/F1 15 Tf " + pdf_string(line) + b" Tj /F1 11 Tf T* T*")
        else:
            out.append(pdf_string(line) + b" Tj T*")
    out.append(b"ET")
    if visible:  # a rule under the heading and a signature box: paint that is not text
        out.append(b"0.6 w 72 %d m 523 %d l S" % (top - 8, top - 8))
        out.append(b"0.8 w 340 90 180 60 re S")
    return b"\n".join(out) + b"\n"


def vector_content():
    """A page that paints lines and shapes but holds no text: no text layer, not blank."""
    out = [b"0.9 w 60 60 475.28 721.89 re S", b"0.2 0.2 0.2 RG 1.4 w"]
    rng = random.Random("vector page")
    for i in range(14):
        y = 700 - i * 40
        out.append(b"80 %d m %d %d l S" % (y, 80 + rng.randrange(250, 430), y))
    out.append(b"1.2 w 360 110 m 390 140 420 90 450 130 c 470 150 490 100 510 120 c S")
    return b"\n".join(out) + b"\n"


class Page:
    def __init__(self, size=A4, content=b"", image=None):
        self.size, self.content, self.image = size, content, image  # image: (jpeg, w, h, mode)


def rc4(key, data):
    s, j = list(range(256)), 0
    for i in range(256):
        j = (j + s[i] + key[i % len(key)]) & 255
        s[i], s[j] = s[j], s[i]
    out, i, j = bytearray(), 0, 0
    for b in data:
        i = (i + 1) & 255
        j = (j + s[i]) & 255
        s[i], s[j] = s[j], s[i]
        out.append(b ^ s[(s[i] + s[j]) & 255])
    return bytes(out)


PAD = bytes.fromhex("28BF4E5E4E758A4164004E56FFFA01082E2E00B6D0683E802F0CA9FE6453697A")


def standard_security(user, owner, doc_id, perms=-4):
    """Standard security handler, revision 3, 128-bit RC4 (PDF 1.7, algorithms 2, 3 and 5)."""
    pad = lambda pw: (pw.encode() + PAD)[:32]
    h = hashlib.md5(pad(owner)).digest()
    for _ in range(50):
        h = hashlib.md5(h).digest()
    o = rc4(h, pad(user))
    for i in range(1, 20):
        o = rc4(bytes(k ^ i for k in h), o)
    h = hashlib.md5(pad(user) + o + struct.pack("<i", perms) + doc_id).digest()
    for _ in range(50):
        h = hashlib.md5(h).digest()
    key = h
    u = rc4(key, hashlib.md5(PAD + doc_id).digest())
    for i in range(1, 20):
        u = rc4(bytes(k ^ i for k in key), u)
    encrypt = b"<< /Filter /Standard /V 2 /R 3 /Length 128 /P %d /O <%s> /U <%s> >>" % (
        perms, o.hex().encode(), (u + bytes(16)).hex().encode())
    return key, encrypt


def build_pdf(pages, tag, password=None):
    """A PDF 1.4 with one page per Page. `tag` makes the bytes unique (a comment and the /ID)."""
    doc_id = hashlib.md5(tag.encode()).digest()
    objs = [b"<< /Type /Catalog /Pages 2 0 R >>", None,
            b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"]
    streams = set()  # object numbers whose stream is encrypted
    kids = []
    for p in pages:
        res = b"/Font << /F1 3 0 R >>"
        content = p.content
        if p.image is not None:
            jpg, w, h, mode = p.image
            space = b"/DeviceGray" if mode == "L" else b"/DeviceRGB"
            objs.append([b"<< /Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace %s "
                         b"/BitsPerComponent 8 /Filter /DCTDecode /Length %%d >>" % (w, h, space), jpg])
            streams.add(len(objs))
            res += b" /XObject << /Im0 %d 0 R >>" % len(objs)
            content = b"q %.2f 0 0 %.2f 0 0 cm /Im0 Do Q\n" % p.size + content
        objs.append([b"<< /Length %d >>", content])
        streams.add(len(objs))
        objs.append(b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 %.2f %.2f] /Resources << %s >> /Contents %d 0 R >>"
                    % (p.size[0], p.size[1], res, len(objs)))
        kids.append(len(objs))
    objs[1] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (b" ".join(b"%d 0 R" % k for k in kids), len(kids))
    key, encrypt = standard_security(password, password + "-eigenaar", doc_id) if password else (None, None)
    if encrypt:
        objs.append(encrypt)
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n% dossier fixture: " + tag.encode() + b"\n")
    offsets = []
    for i, body in enumerate(objs, 1):
        offsets.append(len(out))
        if isinstance(body, list):
            data = body[1]
            if key is not None and i in streams:
                data = rc4(hashlib.md5(key + i.to_bytes(3, "little") + b"\0\0").digest(), data)
            body = (body[0] % len(data)) + b"\nstream\n" + data + b"\nendstream"
        out += b"%d 0 obj\n%s\nendobj\n" % (i, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1) + b"".join(b"%010d 00000 n \n" % o for o in offsets)
    trailer = b"/Size %d /Root 1 0 R /ID [<%s> <%s>]" % (len(objs) + 1, doc_id.hex().encode(), doc_id.hex().encode())
    if encrypt:
        trailer += b" /Encrypt %d 0 R" % len(objs)
    out += b"trailer\n<< %s >>\nstartxref\n%d\n%%%%EOF\n" % (trailer, xref)
    return bytes(out)


# ---------------------------------------------------------------------------------------------
# Images


def scan_jpeg(seed, dpi, ink=True, mode="L", size_mm=(210, 297), quality=70, spacing=1.0):
    """A scanned-looking page: paper grain, lines of 'words' and a signature, as JPEG."""
    rng = random.Random(seed)
    w, h = round(size_mm[0] / 25.4 * dpi), round(size_mm[1] / 25.4 * dpi)
    noise = Image.frombytes("L", (w, h), rng.randbytes(w * h)).point([236 + v * 10 // 256 for v in range(256)])
    im = noise if mode == "L" else Image.merge("RGB", (noise, noise, noise))
    d = ImageDraw.Draw(im)
    if ink:
        ink_c = (lambda: rng.randrange(20, 70)) if mode == "L" else (lambda: (30, 30, rng.randrange(60, 110)))
        m, xh = int(0.9 * dpi), max(1, int(0.05 * dpi))
        d.rectangle((m, int(0.7 * dpi), m + int(3 * dpi), int(0.82 * dpi)), fill=ink_c())
        y = int(1.2 * dpi)
        while y < h - int(1.5 * dpi):
            x, end = m, w - m - rng.randrange(int(1.5 * dpi))
            while x < end:
                wl = rng.randrange(int(0.08 * dpi), int(0.5 * dpi))
                d.rectangle((x, y, min(x + wl, end), y + xh), fill=ink_c())
                x += wl + max(1, int(0.04 * dpi))
            y += int(rng.uniform(0.16, 0.22) * dpi * spacing)
        sx, sy = w - int(3 * dpi), h - int(1.2 * dpi)
        d.line([(sx + i * dpi // 12, sy + rng.randrange(-dpi // 8, dpi // 8)) for i in range(20)],
               fill=ink_c(), width=max(1, dpi // 60))
    buf = io.BytesIO()
    im.save(buf, "JPEG", quality=quality, dpi=(dpi, dpi))
    return buf.getvalue(), w, h, mode


def passport_photo_jpeg(seed):
    """A phone photo of a passport's data page: 640 x 450 pixels, about 55 dpi fitted to A4 landscape."""
    rng = random.Random(seed)
    w, h = 640, 450
    im = Image.frombytes("L", (w, h), rng.randbytes(w * h)).point([200 + v * 14 // 256 for v in range(256)])
    im = Image.merge("RGB", (im, im.point(lambda v: v - 10), im.point(lambda v: v - 35)))
    d = ImageDraw.Draw(im)
    d.rectangle((30, 30, w - 30, h - 30), outline=(90, 60, 120), width=4)
    d.rectangle((60, 90, 220, 300), fill=(150, 120, 100))
    d.ellipse((95, 120, 185, 230), fill=(210, 170, 140))
    for i in range(9):
        y = 95 + i * 24
        d.rectangle((250, y, 250 + rng.randrange(120, 330), y + 9), fill=(40, 40, 60))
    for i in range(2):
        y = 340 + i * 34
        d.text((60, y), "P<UTOSPECIMEN<<TEST<<<<<<<<<<<<<<<<<<<<<<<<"[: 40], fill=(20, 20, 20))
    buf = io.BytesIO()
    im.save(buf, "JPEG", quality=55, dpi=(72, 72))
    return buf.getvalue()


def signature_png(seed, fmt="PNG"):
    """A small grayscale scan of a signed statement, as PNG or TIFF (600 x 300 pixels)."""
    rng = random.Random(seed)
    im = Image.new("L", (600, 300), 245)
    d = ImageDraw.Draw(im)
    for i in range(8):  # lines of "words", so that it compresses like a page with text
        x, end = 30, rng.randrange(300, 570)
        while x < end:
            wl = rng.randrange(8, 40)
            d.rectangle((x, 24 + i * 22, min(x + wl, end), 31 + i * 22), fill=rng.randrange(30, 90))
            x += wl + 5
    d.line([(340 + i * 12, 230 + rng.randrange(-25, 25)) for i in range(20)], fill=20, width=3)
    buf = io.BytesIO()
    if fmt == "PNG":
        im.save(buf, "PNG", dpi=(72, 72), compress_level=9)
    else:
        im.save(buf, "TIFF", dpi=(72, 72), compression="tiff_deflate")
    return buf.getvalue()


# ---------------------------------------------------------------------------------------------
# Other file kinds


def mp4_bytes():
    body = random.Random("mp4").randbytes(2048)
    return b"\0\0\0\x20ftypisom\0\0\x02\0isomiso2avc1mp41" + struct.pack(">I", len(body) + 8) + b"mdat" + body


def heic_bytes():
    body = random.Random("heic").randbytes(1024)
    return b"\0\0\0\x18ftypheic\0\0\0\0mif1heic" + struct.pack(">I", len(body) + 8) + b"mdat" + body


def zip_bytes(entries):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in entries:
            info = zipfile.ZipInfo(name, date_time=(2026, 10, 1, 12, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(info, data)
    return buf.getvalue()


def docx_bytes():
    return zip_bytes([
        ("[Content_Types].xml", '<?xml version="1.0" encoding="UTF-8"?>\n<Types xmlns="http://schemas.openxmlformats.org/'
         'package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/><Override '
         'PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.'
         'wordprocessingml.document.main+xml"/></Types>\n'),
        ("word/document.xml", '<?xml version="1.0" encoding="UTF-8"?>\n<w:document xmlns:w="http://schemas.'
         'openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>Verklaring werkgever</w:t>'
         '</w:r></w:p></w:body></w:document>\n'),
    ])


# ---------------------------------------------------------------------------------------------
# Cases


class Person:
    def __init__(self, name, born, nationality):
        self.name, self.born, self.nationality = name, born, nationality


class Case:
    """One case folder: its case.toml (built from parts, or given raw), its files, and the
    findings `dossier check` must report for it."""

    def __init__(self, cid, form, applicant, *, v=True, client=None, sponsor=None, facts=None,
                 language=None, submit_on=SUBMIT_ON, note=""):
        self.cid, self.form, self.applicant, self.sponsor = cid, form, applicant, sponsor
        self.v = v_number_for(cid) if v is True else v  # a string, or None for no V-number
        self.client, self.facts, self.language, self.submit_on = client, facts or {}, language, submit_on
        self.note = note
        self.docs, self.files, self.links, self.waivers, self.expect = [], {}, {}, [], []
        self.raw = None  # case.toml body written verbatim (for broken files)
        self.transform = None  # edits the generated case.toml body (for misspelt keys)
        self.p002 = True  # P002 is added from the form data unless the case cannot get that far

    # Identifier lines that every copy carries, as SPEC and the IND page ask.
    def id_lines(self):
        if self.v:
            return [f"V-nummer: {self.v}"]
        if self.client:
            return [f"Klantnummer: {self.client}"]
        return [f"Naam: {ascii_fold(self.applicant.name)}", f"Geboortedatum: {self.applicant.born:%d-%m-%Y}"]

    def copy(self, path, title, pages=1, lines=None, size=A4):
        """A born-digital copy: every page with a visible text layer holding the identifier."""
        body = lines if lines is not None else self.id_lines()
        pp = [Page(size, text_content([f"{title} - pagina {i + 1}"] + body + FILLER[: 2 + i % 3]))
              for i in range(pages)]
        self.files[path] = build_pdf(pp, f"{self.cid}/{path}")
        return path

    def add(self, kind, files, **fields):
        self.docs.append(dict(kind=kind, files=files, **fields))

    # Findings about what case.toml itself says name case.toml (the checker's convention).
    CASE_FILE_CODES = {"C001", "C002", "C003", "C004", "C005", "C006", "C007", "C009", "C010", "X002"}

    def exp(self, code, file="-", page="-", why=""):
        if file == "-" and code in self.CASE_FILE_CODES:
            file = "case.toml"
        self.expect.append((code, file, str(page), why))

    def toml(self):
        q = lambda s: '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'
        val = lambda v: ("true" if v else "false") if isinstance(v, bool) else (
            str(v) if isinstance(v, (int, date)) else ("[" + ", ".join(q(x) for x in v) + "]" if isinstance(v, list) else q(v)))
        out = ["schema = 1", "", "[case]", f"id = {q(self.cid)}", f"form = {q(self.form)}", f"submit_on = {self.submit_on}"]
        if self.language:
            out.append(f"language = {q(self.language)}")
        a = self.applicant
        out += ["", "[applicant]", f"name = {q(a.name)}"]
        if a.born:
            out.append(f"born = {a.born}")
        if a.nationality:
            out.append(f"nationality = {q(a.nationality)}")
        if self.v:
            out.append(f"v_number = {q(self.v)}")
        if self.client:
            out.append(f"client_number = {q(self.client)}")
        if self.sponsor:
            s = self.sponsor
            out += ["", "[sponsor]", f"name = {q(s.name)}", f"born = {s.born}", f"nationality = {q(s.nationality)}"]
        if self.facts:
            out += ["", "[facts]"] + [f"{k} = {val(v)}" for k, v in self.facts.items()]
        for d in self.docs:
            out += ["", "[[documents]]"] + [f"{k} = {val(v)}" for k, v in d.items() if v is not None]
        for w in self.waivers:
            out += ["", "[[waivers]]"] + [f"{k} = {val(v)}" for k, v in w.items()]
        return "\n".join(out) + "\n"

    def header(self):
        if not self.expect:
            lines = ["# Should emit: nothing"]
        else:
            lines = ["# Should emit:"]
            for code, file, page, why in sorted(self.expect, key=lambda e: (e[0], e[1], e[2])):
                lines.append(f"#   {code}  {file}  {page}" + (f"  ({why})" if why else ""))
            lines.append("# Should emit nothing else.")
        if self.note:
            lines += ["#", *("# " + line for line in self.note.strip().splitlines())]
        return "\n".join(lines) + "\n\n"

    def write(self, folder):
        os.makedirs(folder, exist_ok=True)
        with open(os.path.join(folder, "case.toml"), "w", encoding="utf-8", newline="\n") as fh:
            body = self.raw if self.raw is not None else self.toml()
            fh.write(self.header() + (self.transform(body) if self.transform else body))
        for path, data in self.files.items():
            full = os.path.join(folder, path)
            os.makedirs(os.path.dirname(full), exist_ok=True)
            with open(full, "wb") as fh:
                fh.write(data)
        for path, target in self.links.items():
            full = os.path.join(folder, path)
            os.makedirs(os.path.dirname(full), exist_ok=True)
            os.symlink(target, full)


def passport(c, path="copies/paspoort.pdf", valid_until=date(2031, 5, 1), issued_in=None, title="PASPOORT (kopie)"):
    c.add("passport", [c.copy(path, title)], issued_in=issued_in or c.applicant.nationality, valid_until=valid_until)


def application_form(c, path="copies/aanvraagformulier.pdf"):
    c.add("application-form", [c.copy(path, f"AANVRAAGFORMULIER {c.form}", pages=2)])


def base_7031(c):
    """Everything form 7031's checklist asks for: the signed form and a passport."""
    application_form(c)
    passport(c)


def base_7018(c, sponsor_passport=True, tb=True, antecedents=True):
    """What form 7018 asks for with no purpose facts set, without an mvv copy: cases that must not
    get R004 set tev_procedure = true (the applicant is abroad and the mvv is requested with
    this form)."""
    application_form(c)
    passport(c)
    if sponsor_passport:
        c.add("passport", [c.copy("copies/paspoort-referent.pdf", "PASPOORT REFERENT (kopie)")],
              issued_in=c.sponsor.nationality if c.sponsor else "NL", valid_until=date(2030, 8, 14))
    if antecedents:
        c.add("antecedents-declaration", [c.copy("copies/antecedentenverklaring.pdf", "ANTECEDENTENVERKLARING 7101")])
    c.add("sponsor-declaration", [c.copy("copies/verklaring-referent.pdf", "VERKLARING REFERENT 7123", pages=2)])
    if tb:
        c.add("tb-test-declaration", [c.copy("copies/tbc-intentieverklaring.pdf", "INTENTIEVERKLARING TBC 7103")],
              issued_in="NL", language="nl", issued_on=date(2026, 10, 20))


# Invented people (names in the style of the clients; none is a real person).
def person(name, born, nat):
    return Person(name, date.fromisoformat(born), nat)


SPONSOR_NL = person("Daniëlle van der Wiel-Akkerman", "1991-03-08", "NL")


def rules_fixtures():
    """{root name: ((folder relative to the root, Case[, "files-only"]), ...)}, at least one
    root per rule code. A "files-only" entry writes its files as a plain folder, not a case."""
    roots = {}

    def root(name, *cases):
        roots[name] = cases

    def tr(cid, born="1994-07-19", name="Şükrü Yıldızoğlu", **kw):
        return Case(cid, "7031", person(name, born, "TR"), **kw)

    # C001: not valid TOML. Nothing else can be checked; the copies are not looked at.
    c = Case("C001-invalid-toml", "7031", person("Gökçe Ilıcaklı", "1988-02-29", "TR"))
    c.raw = ('schema = 1\n\n[case]\nform = "7031"\nsubmit_on = 2026-12-01\n\n[applicant\nname = "Gökçe Ilıcaklı"\n'
             'born = 1988-02-29\nnationality = "TR"\n')
    c.p002 = False
    c.exp("C001", why="the table header [applicant has no closing ]; the message gives its line and column")
    c.note = "A table header without its closing ]. The case id falls back to the folder name."
    root("C001-invalid-toml", ("C001-invalid-toml", c))

    # C002: an unknown key (with a suggestion) and a value of the wrong type.
    c = Case("C002-unknown-key", "7018", person("Ayşegül Korkmazer", "1993-11-02", "TR"), sponsor=SPONSOR_NL,
             facts={"tev_procedure": True})
    base_7018(c)
    c.transform = lambda text: text.replace('\nnationality = "NL"\n', '\nnationalty = "NL"\n', 1)
    c.exp("C002", why="[sponsor] nationalty: did you mean nationality?")
    c.note = "The sponsor's nationality is misspelt `nationalty`. The rest of the case is still checked."
    c2 = tr("C002-wrong-type", name="Mehmet Karaçalıoğlu", born="1979-05-30")
    base_7031(c2)
    c2.add("other", [c2.copy("copies/brief-werkgever.pdf", "BRIEF WERKGEVER")], language="nl", original="nee")
    c2.exp("C002", why="original must be true or false, not text")
    root("C002-unknown-key-or-type", ("C002-unknown-key", c), ("C002-wrong-type", c2))

    # C003: an unknown form number: no checklist, mvv or fee checks (so no P002 either).
    c = Case("C003-unknown-form", "7019", person("Nurhan Çağlayangil", "1985-01-14", "TR"))
    base_7031(c)
    c.p002 = False
    c.exp("C003", why="form 7019 is not a form dossier knows")
    root("C003-unknown-form", ("C003-unknown-form", c))

    # C004: required data missing: the applicant's date of birth; a civil-status document's legalisation.
    c = tr("C004-born-missing", name="Berkay Öztürkmen")
    c.applicant.born = None
    base_7031(c)
    c.exp("C004", why="the applicant's date of birth (born) is missing")
    c.note = "The pages carry the V-number, so V001 needs no date of birth."
    c2 = tr("C004-legalisation-missing", name="Emine Sarıkamışlı", born="1990-09-09")
    base_7031(c2)
    c2.add("birth-certificate", [c2.copy("copies/geboorteakte.pdf", "GEBOORTEAKTE / BIRTH CERTIFICATE")],
           issued_in="US", language="en")
    c2.exp("C004", "copies/geboorteakte.pdf", why="birth-certificate without legalisation")
    c2.note = "A birth certificate without `legalisation`: L001 cannot be judged, so it is not reported."
    root("C004-required-data-missing", ("C004-born-missing", c), ("C004-legalisation-missing", c2))

    # C005: a 9-digit V-number. The pages carry it and also the name and date of birth, so V001
    # holds whichever identifier the checker falls back to.
    c = tr("C005-short-v-number", name="Yusuf Demirkıran", born="1996-12-24", v="123456789")
    both = ["V-nummer: 123456789", "Naam: Yusuf Demirkiran", "Geboortedatum: 24-12-1996"]
    c.add("application-form", [c.copy("copies/aanvraagformulier.pdf", "AANVRAAGFORMULIER 7031", pages=2, lines=both)])
    c.add("passport", [c.copy("copies/paspoort.pdf", "PASPOORT (kopie)", lines=both)], issued_in="TR",
          valid_until=date(2031, 5, 1))
    c.exp("C005", why="v_number has 9 digits, not 10")
    root("C005-v-number-malformed", ("C005-short-v-number", c))

    # C006: neither V-number nor client number: the pages carry name and date of birth.
    c = tr("C006-no-v-number", name="Şebnem Küçükçalık", born="2001-06-03", v=None)
    name = "Naam: Sebnem Kucukcalik"
    c.add("application-form", [c.copy("copies/aanvraagformulier.pdf", "AANVRAAGFORMULIER 7031", pages=2,
                                      lines=[name, "Geboortedatum: 03/06/2001"])])
    c.add("passport", [c.copy("copies/paspoort.pdf", "PASPOORT (kopie)", lines=[name, "Date of birth: 2001-06-03"])],
          issued_in="TR", valid_until=date(2031, 5, 1))
    c.add("other", [c.copy("copies/brief.pdf", "BRIEF", lines=[name, "geboren 03.06.2001"])], language="nl")
    c.add("other", [c.copy("copies/verklaring.pdf", "VERKLARING", lines=[name, "Geboortedatum: 03-06-2001"])],
          language="nl")
    c.exp("C006", why="no V-number or client number: name and date of birth must be on every copy")
    c.note = ("Every page carries the name with its diacritics folded (Sebnem Kucukcalik) and the date\n"
              "of birth, written 03/06/2001, 2001-06-03, 03.06.2001 and 03-06-2001: all four match.")
    root("C006-no-identifier", ("C006-no-v-number", c))

    # C007: an unknown country code and an unknown language code.
    c = tr("C007-unknown-codes", name="Hatice Yeşilırmak", born="1987-03-17")
    base_7031(c)
    c.add("birth-certificate", [c.copy("copies/geboorteakte.pdf", "BIRTH CERTIFICATE")], issued_in="XX",
          language="en", legalisation="apostille")
    c.add("other", [c.copy("copies/verklaring.pdf", "VERKLARING")], issued_in="TR", language="zz")
    c.exp("C007", "copies/geboorteakte.pdf", why="issued_in XX is not a country code")
    c.exp("C007", "copies/verklaring.pdf", why="language zz is not a language code")
    c.note = "With an unknown country or language, L001 and L003 cannot be judged and are not reported."
    root("C007-unknown-country-or-language", ("C007-unknown-codes", c))

    # C008: paths that leave the case folder: .., absolute, and a symlink to a file outside.
    c = tr("C008-paths-outside", name="Oğuzhan Bayraktaroğlu", born="1983-08-08")
    base_7031(c)
    c.add("other", ["../elders/scan.pdf"], language="nl")
    c.add("other", ["/tmp/werkgeversverklaring.pdf"], language="nl")
    c.add("other", ["copies/loonstrook.pdf"], language="nl")
    c.links["copies/loonstrook.pdf"] = "../../elders/loonstrook.pdf"
    c.exp("C008", "../elders/scan.pdf", why="a path with ..")
    c.exp("C008", "/tmp/werkgeversverklaring.pdf", why="an absolute path")
    c.exp("C008", "copies/loonstrook.pdf", why="a symlink to ../../elders/loonstrook.pdf, outside the case")
    c.note = ("elders/ beside the case holds both targets (they exist, so only C008 applies), and is not a case.\n"
              "The symlink is referenced, so it is not F007; refused files are never read.")
    outside = Case("elders", "7031", c.applicant, v=c.v)
    outside.copy("scan.pdf", "SCAN")
    outside.copy("loonstrook.pdf", "LOONSTROOK")
    root("C008-path-outside-case", ("C008-paths-outside", c), ("elders", outside, "files-only"))

    # C009: a case inside a case. The inner one gets C009; its files are not F007 of the outer one.
    outer = tr("C009-outer", name="Fadime Akdoğanlar", born="1975-04-27")
    base_7031(outer)
    inner = tr("C009-inner", name="Kerem Akdoğanlar", born="2004-10-11")
    base_7031(inner)
    inner.exp("C009", why="inside the case folder C009-outer")
    root("C009-nested-case", ("C009-outer", outer), ("C009-outer/kind-kerem", inner))

    # C010: a waiver that matches nothing; a lapsed waiver (the finding it covered counts again).
    c = tr("C010-unused-waiver", name="Cansu Erdoğmuş", born="1992-02-02")
    base_7031(c)
    c.waivers.append(dict(code="F002", reason="Amerikaanse scan, door coördinator goedgekeurd"))
    c.exp("C010", why="the waiver for F002 matches no finding")
    c2 = tr("C010-lapsed-waiver", name="Tuğba Şahinkaya", born="1989-12-12")
    base_7031(c2)
    c2.copy("copies/notities.pdf", "NOTITIES VRIJWILLIGER")
    c2.waivers.append(dict(code="F007", reason="notities blijven tijdelijk in de map", until=date(2025, 6, 30)))
    c2.exp("F007", "copies/notities.pdf", why="not waived: the waiver lapsed on 2025-06-30")
    c2.exp("C010", why="the waiver for F007 lapsed on 2025-06-30")
    root("C010-waiver-unused-or-lapsed", ("C010-unused-waiver", c), ("C010-lapsed-waiver", c2))

    # F001: a listed file that does not exist.
    c = tr("F001-file-missing", name="Selin Güngördü", born="1995-05-05")
    base_7031(c)
    c.add("payslip", ["copies/loonstrook-oktober.pdf"], language="nl")
    c.exp("F001", "copies/loonstrook-oktober.pdf")
    root("F001-file-missing", ("F001-file-missing", c))

    # F002: page 2 is US Letter; page 3 is A4 landscape (fine), page 4 is 1 mm off A4 (fine).
    c = tr("F002-us-letter", name="Doğan Çelikbilek", born="1980-01-31")
    base_7031(c)
    body = c.id_lines()
    pp = [Page(A4, text_content(["WERKGEVERSVERKLARING - pagina 1"] + body)),
          Page(LETTER, text_content(["WERKGEVERSVERKLARING - pagina 2"] + body, top=720)),
          Page((A4[1], A4[0]), text_content(["WERKGEVERSVERKLARING - pagina 3 (liggend)"] + body, top=520)),
          Page((598.11, 839.06), text_content(["WERKGEVERSVERKLARING - pagina 4"] + body))]
    c.files["copies/werkgeversverklaring.pdf"] = build_pdf(pp, f"{c.cid}/werkgeversverklaring")
    c.add("income-statement", ["copies/werkgeversverklaring.pdf"], language="nl", issued_on=date(2026, 11, 2))
    c.exp("F002", "copies/werkgeversverklaring.pdf", 2, why="215.9 x 279.4 mm, US Letter")
    root("F002-page-not-a4", ("F002-us-letter", c))

    # F003: truncated, password-protected, and a JPEG named .pdf.
    c = tr("F003-unreadable", name="Özlem Taşdelenoğlu", born="1986-06-16")
    base_7031(c)
    whole = build_pdf([Page(A4, text_content(["ARBEIDSOVEREENKOMST - pagina %d" % (i + 1)] + c.id_lines() + FILLER))
                       for i in range(3)], f"{c.cid}/arbeidsovereenkomst")
    c.files["copies/arbeidsovereenkomst.pdf"] = whole[: len(whole) * 55 // 100]
    c.add("employment-contract", ["copies/arbeidsovereenkomst.pdf"], language="nl")
    c.files["copies/loonstrook-beveiligd.pdf"] = build_pdf(
        [Page(A4, text_content(["LOONSTROOK OKTOBER 2026"] + c.id_lines()))], f"{c.cid}/loonstrook", password="geheim")
    c.add("payslip", ["copies/loonstrook-beveiligd.pdf"], language="nl")
    c.files["copies/foto-brief.pdf"] = passport_photo_jpeg("F003 jpeg as pdf")
    c.add("other", ["copies/foto-brief.pdf"], language="nl")
    c.exp("F003", "copies/arbeidsovereenkomst.pdf", why="truncated at 55%: no xref, no %%EOF")
    c.exp("F003", "copies/loonstrook-beveiligd.pdf", why="needs the user password 'geheim' to open")
    c.exp("F003", "copies/foto-brief.pdf", why="a JPEG photo named .pdf")
    c.note = "An unreadable file gets F003 only: no page findings for it."
    root("F003-file-unreadable", ("F003-unreadable", c))

    # F004: a referenced video; an unreferenced zip (also F007, as SPEC reads).
    c = tr("F004-video", name="Ramazan Kocabıyık", born="1977-07-07")
    base_7031(c)
    c.files["copies/video-whatsapp.mp4"] = mp4_bytes()
    c.add("other", ["copies/video-whatsapp.mp4"])
    c.exp("F004", "copies/video-whatsapp.mp4", why="MP4 video")
    c2 = tr("F004-zip-not-listed", name="Elif Karabulutoğlu", born="1998-08-18")
    base_7031(c2)
    c2.files["copies/fotos.zip"] = zip_bytes([("foto-1.txt", "placeholder\n")])
    c2.exp("F004", "copies/fotos.zip", why="ZIP archive")
    c2.exp("F007", "copies/fotos.zip", why="also not listed in case.toml")
    root("F004-digital-media", ("F004-video", c), ("F004-zip-not-listed", c2))

    # F005: a 60 dpi scan with an OCR layer; a phone photo (JPEG) and a PNG, each fitted to A4.
    c = tr("F005-low-resolution", name="İsmail Büyükkaraca", born="1982-11-30")
    application_form(c)
    jpg = scan_jpeg("F005 scan", 50, quality=45, spacing=1.6)
    c.files["copies/paspoort-scan.pdf"] = build_pdf(
        [Page(A4, text_content(["PASPOORT"] + c.id_lines(), visible=False), image=jpg)], f"{c.cid}/paspoort-scan")
    c.add("passport", ["copies/paspoort-scan.pdf"], issued_in="TR", valid_until=date(2031, 5, 1))
    c.files["copies/paspoort-foto.jpg"] = passport_photo_jpeg("F005 photo")
    c.files["copies/handtekening.png"] = signature_png("F005 png")
    c.files["copies/verklaring.tif"] = signature_png("F005 tiff", fmt="TIFF")
    c.add("other", ["copies/paspoort-foto.jpg", "copies/handtekening.png", "copies/verklaring.tif"], language="nl")
    c.exp("F005", "copies/paspoort-scan.pdf", 1, why="50 dpi")
    c.exp("F005", "copies/paspoort-foto.jpg", 1, why="640 x 450 pixels fitted to A4 landscape: about 55 dpi")
    c.exp("V002", "copies/paspoort-foto.jpg", 1, why="a photo has no text layer")
    c.exp("F005", "copies/handtekening.png", 1, why="600 x 300 pixels fitted to A4 landscape: about 51 dpi")
    c.exp("V002", "copies/handtekening.png", 1, why="an image has no text layer")
    c.exp("F005", "copies/verklaring.tif", 1, why="600 x 300 pixels fitted to A4 landscape: about 51 dpi")
    c.exp("V002", "copies/verklaring.tif", 1, why="an image has no text layer")
    root("F005-low-resolution", ("F005-low-resolution", c))

    # F006: the empty back of a double-sided scan (an empty page: no text layer either).
    c = tr("F006-blank-back", name="Zeynep Aksakallıoğlu", born="1999-01-09")
    base_7031(c)
    body = c.id_lines()
    pp = [Page(A4, text_content(["VERKLARING WERKGEVER - voorzijde"] + body + FILLER)), Page(A4, b""),
          Page(A4, text_content(["VERKLARING WERKGEVER - bijlage"] + body))]
    c.files["copies/verklaring-werkgever.pdf"] = build_pdf(pp, f"{c.cid}/verklaring-werkgever")
    c.add("other", ["copies/verklaring-werkgever.pdf"], language="nl")
    c.exp("F006", "copies/verklaring-werkgever.pdf", 2, why="page 2 paints nothing")
    root("F006-blank-page", ("F006-blank-back", c))

    # F007: an unlisted scan. Files under out/ and hidden folders are skipped.
    c = tr("F007-not-listed", name="Burak Uzunhasanoğlu", born="1990-10-10")
    base_7031(c)
    c.copy("copies/scan0001.pdf", "SCAN")
    c.copy("out/cover-sheet.pdf", "VOORBLAD")
    c.copy(".thumbnails/scan0001.pdf", "MINIATUUR")
    c.exp("F007", "copies/scan0001.pdf")
    c.note = "out/ and .thumbnails/ are skipped, so their files are not F007."
    root("F007-file-not-listed", ("F007-not-listed", c))

    # F008: a Word document, an iPhone HEIC photo and a text file.
    c = tr("F008-not-printable", name="Gülizar Ekmekçioğlu", born="1984-04-04")
    base_7031(c)
    c.files["copies/werkgeversverklaring.docx"] = docx_bytes()
    c.files["copies/IMG_4031.heic"] = heic_bytes()
    c.files["copies/toelichting.txt"] = "Toelichting bij de aanvraag.\nV-nummer: {}\n".format(c.v).encode()
    c.add("income-statement", ["copies/werkgeversverklaring.docx"], language="nl", issued_on=date(2026, 11, 2))
    c.add("other", ["copies/IMG_4031.heic", "copies/toelichting.txt"], language="nl")
    c.exp("F008", "copies/werkgeversverklaring.docx", why="Word document")
    c.exp("F008", "copies/IMG_4031.heic", why="HEIC photo")
    c.exp("F008", "copies/toelichting.txt", why="text file")
    root("F008-file-not-printable", ("F008-not-printable", c))

    # F009: original = true.
    c = tr("F009-original", name="Serkan Yıldırımtürk", born="1991-09-21")
    base_7031(c)
    c.add("birth-certificate", [c.copy("copies/geboorteakte.pdf", "UITTREKSEL GEBOORTEAKTE")], issued_in="NL",
          language="nl", legalisation="none", original=True)
    c.exp("F009", "copies/geboorteakte.pdf", why="the original would be mailed")
    root("F009-original-enclosed", ("F009-original", c))

    # F010: one scan listed as two documents.
    c = tr("F010-twice", name="Melike Çalışkanoğlu", born="2000-02-14")
    base_7031(c)
    c.copy("copies/akte.pdf", "AKTE")
    c.add("birth-certificate", ["copies/akte.pdf"], issued_in="NL", language="nl", legalisation="none")
    c.add("custody-document", ["copies/akte.pdf"], issued_in="NL", language="nl", legalisation="none")
    c.exp("F010", "copies/akte.pdf", why="listed as birth-certificate and as custody-document")
    root("F010-file-referenced-twice", ("F010-twice", c))

    # V001: page 2 of a contract lacks the V-number; a payslip groups its digits (fine).
    c = tr("V001-page-without-v-number", name="Kübra Altıparmakoğlu", born="1993-03-03")
    base_7031(c)
    pp = [Page(A4, text_content(["ARBEIDSOVEREENKOMST - pagina 1"] + c.id_lines() + FILLER)),
          Page(A4, text_content(["ARBEIDSOVEREENKOMST - pagina 2"] + FILLER))]
    c.files["copies/arbeidsovereenkomst.pdf"] = build_pdf(pp, f"{c.cid}/arbeidsovereenkomst")
    c.add("employment-contract", ["copies/arbeidsovereenkomst.pdf"], language="nl")
    grouped = f"V-nr. {c.v[:4]}.{c.v[4:7]}.{c.v[7:]}"
    spaced = f"Vnummer {c.v[:2]} {c.v[2:6]} {c.v[6:]}"
    c.add("payslip", [c.copy("copies/loonstrook.pdf", "LOONSTROOK", pages=2, lines=[grouped, spaced])], language="nl")
    c.exp("V001", "copies/arbeidsovereenkomst.pdf", 2)
    c.note = "loonstrook.pdf writes the V-number as 1234.567.890 and 12 3456 7890: both match."
    root("V001-identifier-missing-on-page", ("V001-page-without-v-number", c))

    # V002: a page that paints but has no text layer; and the same, waived.
    c = tr("V002-no-text-layer", name="Ahmet Kırkpınarlı", born="1981-05-19")
    base_7031(c)
    c.files["copies/plattegrond.pdf"] = build_pdf([Page(A4, vector_content())], f"{c.cid}/plattegrond")
    c.add("residence-history", ["copies/plattegrond.pdf"], language="nl")
    c.exp("V002", "copies/plattegrond.pdf", 1)
    c2 = tr("V002-waived", name="Derya Kalaycıoğlu", born="1997-07-27")
    base_7031(c2)
    c2.files["copies/plattegrond.pdf"] = build_pdf([Page(A4, vector_content())], f"{c2.cid}/plattegrond")
    c2.add("residence-history", ["copies/plattegrond.pdf"], language="nl")
    c2.waivers.append(dict(code="V002", file="copies/plattegrond.pdf",
                           reason="V-nummer met de hand op de papieren kopie geschreven"))
    c2.exp("V002", "copies/plattegrond.pdf", 1, why="waived: reported with severity waived")
    root("V002-text-layer-missing", ("V002-no-text-layer", c), ("V002-waived", c2))

    # L001: a Turkish birth certificate (Türkiye is an apostille party) without an apostille.
    c = tr("L001-not-legalised", name="Hülya Bozkurtoğlu", born="1988-08-01")
    base_7031(c)
    civil(c, "birth-certificate", "copies/nufus-kayit.pdf", "TR", "tr", "none")
    c.exp("L001", "copies/nufus-kayit.pdf", why="Türkiye is an apostille party: an apostille is needed")
    root("L001-legalisation-missing", ("L001-not-legalised", c))

    # L002: an apostille claimed on a Syrian document (Syria is not an apostille party).
    c = Case("L002-apostille-syria", "7031", person("Rihab Al-Sawwafeen", "1992-04-06", "SY"))
    base_7031(c)
    civil(c, "marriage-certificate", "copies/huwelijksakte.pdf", "SY", "ar", "apostille")
    c.exp("L002", "copies/huwelijksakte.pdf", why="Syria is not party to the Apostille Convention")
    c.note = "Only L002: L001 is not reported again for the same document."
    root("L002-apostille-country-not-party", ("L002-apostille-syria", c))

    # L003: a Turkish-language document without a translation.
    c = tr("L003-no-translation", name="Sevda Yılmazoğulları", born="1994-12-01")
    base_7031(c)
    c.add("birth-certificate", [c.copy("copies/nufus-kayit.pdf", "NUFUS KAYIT ORNEGI")], issued_in="TR",
          language="tr", legalisation="apostille")
    c.exp("L003", "copies/nufus-kayit.pdf", why="Turkish, no translation")
    root("L003-translation-missing", ("L003-no-translation", c))

    # L004: translator "other", and translator missing.
    c = Case("L004-translator", "7031", person("Thiago Conceição Araújo", "1986-02-17", "BR"))
    base_7031(c)
    civil(c, "birth-certificate", "copies/certidao-nascimento.pdf", "BR", "pt", "apostille", translator="other")
    civil(c, "marriage-certificate", "copies/certidao-casamento.pdf", "BR", "pt", "apostille", translator=None)
    c.exp("L004", "copies/certidao-nascimento.vertaling.pdf", why="translator = other")
    c.exp("L004", "copies/certidao-casamento.vertaling.pdf", why="translator missing")
    root("L004-translator-not-qualified", ("L004-translator", c))

    # L005: a translation made abroad, not legalised.
    c = Case("L005-foreign-translation", "7031", person("Valentina Muñoz Quiñones", "1990-06-25", "CO"))
    base_7031(c)
    civil(c, "birth-certificate", "copies/registro-civil.pdf", "CO", "es", "apostille", translator="foreign",
          translation_legalisation="none")
    c.exp("L005", "copies/registro-civil.vertaling.pdf", why="made abroad, translation_legalisation = none")
    root("L005-translation-not-legalised", ("L005-foreign-translation", c))

    # R001: form 7018 without the applicant's passport (the sponsor's ID card does not count for it).
    c = Case("R001-passport-missing", "7018", person("Yasmina Oulad Haddouchi", "1995-03-21", "MA"),
             sponsor=SPONSOR_NL, facts={"tev_procedure": True})
    application_form(c)
    c.add("id-card", [c.copy("copies/id-kaart-referent.pdf", "IDENTITEITSKAART REFERENT")], issued_in="NL",
          valid_until=date(2032, 1, 9))
    c.add("antecedents-declaration", [c.copy("copies/antecedentenverklaring.pdf", "ANTECEDENTENVERKLARING 7101")])
    c.add("sponsor-declaration", [c.copy("copies/verklaring-referent.pdf", "VERKLARING REFERENT 7123", pages=2)])
    c.exp("R001", why="passport (the applicant's)")
    c.note = "Morocco is TB-exempt (annex 7144-05), so no TB declaration is needed."
    c2 = Case("R001-tb-and-antecedents", "7018", person("Nguyễn Thị Ngọc Hân", "2011-09-30", "VN"),
              sponsor=SPONSOR_NL, facts={"tev_procedure": True})
    base_7018(c2, tb=False, antecedents=False)
    c2.exp("R001", why="tb-test-declaration: Vietnam is not TB-exempt")
    c2.exp("R001", why="antecedents-declaration: the applicant is 15 on the submission date")
    root("R001-required-document-missing", ("R001-passport-missing", c), ("R001-tb-and-antecedents", c2))

    # R002 / R003: an expired passport; one that expires within 6 months.
    c = tr("R002-passport-expired", name="Cengiz Topraksever", born="1972-03-09")
    application_form(c)
    passport(c, valid_until=date(2026, 10, 1))
    c.exp("R002", "copies/paspoort.pdf", why="expired on 2026-10-01")
    root("R002-document-expired", ("R002-passport-expired", c))
    c = tr("R003-passport-expires-soon", name="Leyla Gündoğdular", born="1983-01-23")
    application_form(c)
    passport(c, valid_until=date(2027, 3, 1))
    c.exp("R003", "copies/paspoort.pdf", why="expires on 2027-03-01, within 6 months")
    root("R003-document-expires-soon", ("R003-passport-expires-soon", c))

    # R004: a Moroccan applicant on 7018, no mvv, no tev_procedure, no Dutch permit.
    c = Case("R004-mvv-missing", "7018", person("Khadija Ait Lahcenouine", "1994-10-04", "MA"), sponsor=SPONSOR_NL)
    base_7018(c, tb=False)
    c.exp("R004", why="Morocco needs an mvv for form 7018; none enclosed")
    root("R004-mvv-missing", ("R004-mvv-missing", c))

    # R005: an American applicant on 7018 relies on the mvv exemption: file in person.
    c = Case("R005-mvv-exempt-posted", "7018", person("Zoë Marchetti-Olsen", "1990-05-12", "US"), sponsor=SPONSOR_NL)
    base_7018(c, tb=False)
    c.exp("R005", why="US nationals are mvv-exempt: form 7018 must then be filed in person")
    root("R005-posted-despite-mvv-exemption", ("R005-mvv-exempt-posted", c))

    # R006: an unmarried declaration issued 2026-01-15 (over 6 months before 2026-12-01).
    c = Case("R006-old-declaration", "7018", person("Olena Kravchenko-Bilous", "1992-08-19", "UA"), sponsor=SPONSOR_NL,
             facts={"tev_procedure": True})
    base_7018(c, tb=False)
    c.add("unmarried-declaration", [c.copy("copies/ongehuwdverklaring.pdf", "DECLARATION OF UNMARRIED STATUS")],
          issued_in="UA", language="en", issued_on=date(2026, 1, 15))
    c.exp("R006", "copies/ongehuwdverklaring.pdf", why="issued 2026-01-15: more than 6 months before 2026-12-01")
    c.note = "Ukraine is TB-exempt (annex 7144-05)."
    root("R006-document-too-old", ("R006-old-declaration", c))

    # P001: art8 and insufficient_income claimed; the T-2 income statement is missing.
    c = Case("P001-proof-missing", "7018", person("Mariam Tesfamichael", "1996-01-01", "ER"), sponsor=SPONSOR_NL,
             facts={"art8": True, "insufficient_income": True, "tev_procedure": True})
    base_7018(c)
    civil(c, "birth-certificate", "copies/birth-certificate.pdf", "ER", "en", "legalised")
    c.add("loan-evidence", [c.copy("copies/afwijzing-lening.pdf", "AFWIJZING LENINGAANVRAAG")], language="nl")
    c.exp("P001", why="income-statement-t2 missing for the art8 fee exemption")
    c.note = "Eritrea is not TB-exempt: the TB intention declaration is enclosed."
    root("P001-fee-reduction-proof-missing", ("P001-proof-missing", c))

    # P002: submitted in 2030, long after the newest fee schedule.
    c = tr("P002-submitted-2030", name="Alper Karagözlüoğlu", born="1985-05-15", submit_on=date(2030, 1, 1))
    application_form(c)
    passport(c, valid_until=date(2034, 2, 2))
    c.note = "Passport valid until 2034, so R002/R003 do not apply in 2030."
    root("P002-fee-schedule-outdated", ("P002-submitted-2030", c))

    # X001: the same payslip (same bytes) in two cases; it carries both V-numbers.
    a = tr("X001-case-a", name="Hakan Eğilmezoğlu", born="1979-09-19")
    b = tr("X001-case-b", name="Songül Eğilmezoğlu", born="1982-02-22")
    for x in (a, b):
        base_7031(x)
    shared = build_pdf([Page(A4, text_content(["LOONSTROOK REFERENT", f"V-nummer: {a.v}", f"V-nummer: {b.v}"]))],
                       "X001 shared payslip")
    for x, other in ((a, b), (b, a)):
        x.files["copies/loonstrook-referent.pdf"] = shared
        x.add("payslip", ["copies/loonstrook-referent.pdf"], language="nl")
        x.exp("X001", "copies/loonstrook-referent.pdf", why=f"same bytes as in {other.cid}")
    root("X001-file-in-other-case", ("X001-case-a", a), ("X001-case-b", b))

    # X002: one V-number, two different applicants.
    a = tr("X002-case-a", name="Emre Kahramanoğlu", born="1990-03-30")
    b = tr("X002-case-b", name="Esra Kahramanlı", born="1991-11-11", v=a.v)
    for x, other in ((a, b), (b, a)):
        base_7031(x)
        x.exp("X002", why=f"V-number also used in {other.cid} for another applicant")
    root("X002-v-number-shared", ("X002-case-a", a), ("X002-case-b", b))
    return roots


def civil(c, kind, path, issued_in, language, legalisation, translator="sworn", translation_legalisation=None):
    """A civil-status document and, for a language other than nl/en/fr/de, its translation."""
    fields = dict(issued_in=issued_in, language=language, legalisation=legalisation)
    c.copy(path, kind.replace("-", " ").upper())
    if language not in ("nl", "en", "fr", "de"):
        tpath = path[:-4] + ".vertaling.pdf"
        c.copy(tpath, "VERTALING " + kind.replace("-", " ").upper())
        fields["translation"] = [tpath]
        fields["translator"] = translator
        fields["translation_legalisation"] = translation_legalisation
    c.add(kind, [path], **fields)


def clean_fixtures():
    cases = []
    # 7018 spouse, Turkish applicant, Dutch sponsor with a job, marriage in Turkey (apostille + sworn translation).
    c = Case("2026-0201", "7018", person("Şükran Yılmazkaya", "1996-04-12", "TR"), sponsor=SPONSOR_NL,
             facts={"spouse": True, "sponsor_employed": True, "tev_procedure": True},
             note="Form 7018, spouse, Turkish applicant (TB-exempt, reduced fee), Dutch sponsor in employment.")
    base_7018(c, tb=False)
    c.add("civic-integration-certificate", [c.copy("copies/uitslag-basisexamen.pdf", "UITSLAG BASISEXAMEN INBURGERING")],
          issued_in="NL", language="nl")
    civil(c, "marriage-certificate", "copies/evlenme-belgesi.pdf", "TR", "tr", "apostille")
    c.add("employment-contract", [c.copy("copies/arbeidsovereenkomst.pdf", "ARBEIDSOVEREENKOMST", pages=3)], language="nl")
    c.add("income-statement", [c.copy("copies/werkgeversverklaring.pdf", "WERKGEVERSVERKLARING 7110")],
          language="nl", issued_on=date(2026, 10, 28))
    c.add("payslip", [c.copy(f"copies/loonstrook-{m}.pdf", f"LOONSTROOK {m.upper()} 2026") for m in ("aug", "sep", "okt")],
          language="nl")
    cases.append(c)
    # 7018 minor child of a Turkish sponsor who may work; Vietnamese-born? no: Brazilian child, English documents.
    s = person("Mevlüt Aydınoğlu", "1984-09-02", "TR")
    c = Case("2026-0202", "7018", person("Lívia Aydınoğlu Gonçalves", "2016-02-20", "BR"), sponsor=s, language="en",
             facts={"minor_child": True, "sponsor_employed": True, "sponsor_may_work": True, "tev_procedure": True},
             note="Form 7018, minor child (under 12: no antecedents declaration), Turkish sponsor who may work,\n"
                  "documents from Brazil with apostille and sworn translation; cover sheet in English.")
    base_7018(c, antecedents=False, tb=False)
    civil(c, "birth-certificate", "copies/certidao-nascimento.pdf", "BR", "pt", "apostille")
    civil(c, "custody-document", "copies/guarda.pdf", "BR", "pt", "apostille")
    c.add("employment-contract", [c.copy("copies/employment-contract.pdf", "EMPLOYMENT CONTRACT", pages=2)], language="nl")
    c.add("income-statement", [c.copy("copies/employer-statement.pdf", "EMPLOYER STATEMENT 7110")],
          language="nl", issued_on=date(2026, 11, 3))
    c.add("payslip", [c.copy("copies/payslips-2026.pdf", "PAYSLIPS AUG-OCT 2026", pages=3)], language="nl")
    cases.append(c)
    # 6009 permanent residence, Colombian applicant, English.
    c = Case("2026-0203", "6009", person("Andrés Felipe Quiñones Peña", "1987-07-07", "CO"), language="en",
             facts={"employed": True}, note="Form 6009 (EU long-term / permanent), employed applicant, English output.")
    application_form(c)
    passport(c, title="PASSPORT (copy)")
    c.add("civic-integration-certificate", [c.copy("copies/inburgeringsdiploma.pdf", "INBURGERINGSDIPLOMA")],
          issued_in="NL", language="nl")
    c.add("income-statement", [c.copy("copies/employer-statement.pdf", "EMPLOYER STATEMENT")], language="nl",
          issued_on=date(2026, 10, 15))
    c.add("payslip", [c.copy("copies/payslips.pdf", "PAYSLIPS", pages=3)], language="nl")
    cases.append(c)
    # 7031 Turkish worker, client number instead of V-number.
    c = Case("2026-0204", "7031", person("Gökhan Dumlupınaroğlu", "1978-10-29", "TR"), v=None, client="58213907",
             note="Form 7031, Turkish worker, identified by client number (klantnummer) instead of a V-number.")
    base_7031(c)
    cases.append(c)
    # 7027 after domestic violence, police report enclosed.
    c = Case("2026-0205", "7027", person("Nasrin Haghighatpour", "1989-12-30", "IR"),
             facts={"domestic_violence": True, "after_violence_or_abandonment": True},
             note="Form 7027, continued residence after domestic violence, with the police report.")
    application_form(c)
    passport(c)
    c.add("police-report", [c.copy("copies/proces-verbaal.pdf", "PROCES-VERBAAL VAN AANGIFTE", pages=3)], language="nl")
    cases.append(c)
    return cases


def example_fixtures():
    """A volunteer's folder: one ready case, one with errors, one with warnings only."""
    cases = []
    c = Case("2026-0142", "7018", person("Şükrü Yıldırımoğlu", "1990-04-12", "TR"), sponsor=person(
        "Ayşe Yıldırımoğlu-de Boer", "1992-01-30", "NL"), facts={"spouse": True, "marriage_registered_in_brp": True,
                                                                 "sponsor_employed": True, "tev_procedure": True},
             note="Ready to post: spouse of a Dutch sponsor, marriage already in the BRP. Only P002 remains\n"
                  "while the form data has no fee schedule from the last year (see fixtures/README.md).")
    base_7018(c, tb=False)
    c.add("civic-integration-certificate", [c.copy("copies/uitslag-basisexamen.pdf", "UITSLAG BASISEXAMEN INBURGERING")],
          issued_in="NL", language="nl")
    c.add("employment-contract", [c.copy("copies/arbeidsovereenkomst.pdf", "ARBEIDSOVEREENKOMST", pages=2)], language="nl")
    c.add("income-statement", [c.copy("copies/werkgeversverklaring.pdf", "WERKGEVERSVERKLARING 7110")],
          language="nl", issued_on=date(2026, 11, 10))
    c.add("payslip", [c.copy("copies/loonstroken.pdf", "LOONSTROKEN AUG-OKT 2026", pages=3)], language="nl")
    cases.append(c)
    # Errors: a US Letter page, a missing TB declaration, an untranslated birth certificate.
    c = Case("2026-0143", "7018", person("Phạm Minh Khôi", "2014-06-01", "VN"), sponsor=person(
        "Trần Thu Hà", "1986-11-20", "NL"), facts={"minor_child": True, "sponsor_employed": True, "tev_procedure": True},
             note="Errors: a page on US Letter paper, no TB declaration (Vietnam is not TB-exempt),\n"
                  "a Vietnamese birth certificate without translation.")
    base_7018(c, tb=False)
    c.add("birth-certificate", [c.copy("copies/giay-khai-sinh.pdf", "GIAY KHAI SINH")], issued_in="VN", language="vi",
          legalisation="legalised")
    civil(c, "custody-document", "copies/gezag.pdf", "NL", "nl", "none")
    c.add("employment-contract", [c.copy("copies/arbeidsovereenkomst.pdf", "ARBEIDSOVEREENKOMST", pages=2)], language="nl")
    c.add("income-statement", [c.copy("copies/werkgeversverklaring.pdf", "WERKGEVERSVERKLARING 7110")],
          language="nl", issued_on=date(2026, 11, 1))
    body = c.id_lines()
    c.files["copies/loonstroken.pdf"] = build_pdf(
        [Page(A4, text_content(["LOONSTROOK SEPTEMBER 2026"] + body)),
         Page(LETTER, text_content(["LOONSTROOK OKTOBER 2026"] + body, top=720))], f"{c.cid}/loonstroken")
    c.add("payslip", ["copies/loonstroken.pdf"], language="nl")
    c.exp("R001", why="tb-test-declaration: Vietnam is not TB-exempt")
    c.exp("L003", "copies/giay-khai-sinh.pdf", why="Vietnamese, no translation")
    c.exp("F002", "copies/loonstroken.pdf", 2, why="US Letter")
    cases.append(c)
    # Warnings only: a scan without OCR text, a passport that expires soon.
    c = Case("2026-0144", "6009", person("Oleksandra Hryhorenko", "1975-02-08", "UA"), facts={"employed": True},
             note="Warnings only: a page without a text layer, a passport that expires in spring 2027.")
    application_form(c)
    passport(c, valid_until=date(2027, 4, 30))
    c.add("civic-integration-certificate", [c.copy("copies/inburgeringsdiploma.pdf", "INBURGERINGSDIPLOMA")],
          issued_in="NL", language="nl")
    c.add("income-statement", [c.copy("copies/werkgeversverklaring.pdf", "WERKGEVERSVERKLARING")], language="nl",
          issued_on=date(2026, 10, 20))
    c.files["copies/loonstroken.pdf"] = build_pdf([Page(A4, vector_content())], f"{c.cid}/loonstroken")
    c.add("payslip", ["copies/loonstroken.pdf"], language="nl")
    c.exp("R003", "copies/paspoort.pdf", why="expires on 2027-04-30, within 6 months")
    c.exp("V002", "copies/loonstroken.pdf", 1, why="no text layer")
    cases.append(c)
    return cases


# ---------------------------------------------------------------------------------------------


def newest_schedules(forms_dir):
    newest = {}
    for name in sorted(os.listdir(forms_dir)):
        if name[:4].isdigit() and name.endswith(".toml"):
            with open(os.path.join(forms_dir, name), "rb") as fh:
                data = tomllib.load(fh)
            dates = [f["valid_from"] for f in data.get("fees", [])]
            if dates:
                newest[data["number"]] = max(dates)
    return newest


def add_p002(c, newest):
    """P002 fires when the form's newest schedule came into force more than a year before submit_on."""
    d = newest.get(c.form)
    if c.p002 and d is not None:
        try:
            year_after = d.replace(year=d.year + 1)
        except ValueError:
            year_after = d + timedelta(days=365)
        if c.submit_on > year_after:
            c.exp("P002", why=f"newest fee schedule of form {c.form}: {d}")


def need(condition, message):
    """A self-check that holds even under `python -O`."""
    if not condition:
        sys.exit(f"fixture self-check failed: {message}")


def self_check(folder, c):
    """Cross-checks the expectations that the file system decides (F001, F007, C008) against what
    was written, so that a fixture never claims a finding its files cannot produce."""
    with open(os.path.join(folder, "case.toml"), "rb") as fh:
        text = fh.read().decode()
    expected = {(code, file) for code, file, _, _ in c.expect}
    if c.raw is not None:
        return
    data = tomllib.loads(text) if c.transform is None else None
    if data is None:
        return
    refs = [f for d in data.get("documents", []) for f in d.get("files", []) + d.get("translation", [])]
    for ref in refs:
        full = os.path.join(folder, ref)
        outside = ref.startswith("/") or ".." in ref.split("/") or (
            os.path.islink(full) and not os.path.realpath(full).startswith(os.path.realpath(folder) + os.sep))
        if outside:
            need(("C008", ref) in expected, f"{c.cid}: {ref} leaves the case but C008 is not expected")
        elif not os.path.exists(full):
            need(("F001", ref) in expected, f"{c.cid}: {ref} is missing but F001 is not expected")
        else:
            need(("F001", ref) not in expected and ("C008", ref) not in expected, f"{c.cid}: {ref}")
    for d, dirs, files in os.walk(folder):
        dirs[:] = sorted(x for x in dirs if not x.startswith(".") and x != "out"
                         and not os.path.exists(os.path.join(d, x, "case.toml")))
        for f in files:
            rel = os.path.relpath(os.path.join(d, f), folder).replace(os.sep, "/")
            if rel != "case.toml":
                listed = rel in refs
                need(listed or ("F007", rel) in expected, f"{c.cid}: {rel} is not listed but F007 is not expected")
                need(not (listed and ("F007", rel) in expected), f"{c.cid}: {rel} is listed")
    for code, file, page, _ in c.expect:
        need((page != "-") == (code in ("F002", "F005", "F006", "V001", "V002")), f"{c.cid}: {code} page {page}")


def write_index(out, plan):
    """The README's table of fixtures, between its begin/end markers."""
    rows = ["| case folder | form | should emit |", "|---|---|---|"]
    for folder, c, files_only in plan:
        if files_only:
            continue
        found = "; ".join(f"{code} {file}" + (f" p{page}" if page != "-" else "")
                          + (f" ({why})" if why and (code != "P002" or c.cid.startswith("P002")) else "")
                          for code, file, page, why in sorted(c.expect, key=lambda e: (e[0], e[1], e[2])))
        rows.append(f"| `{folder.replace(os.sep, '/')}` | {c.form} | {(found or 'nothing').replace('|', '/')} |")
    path = os.path.join(out, "README.md")
    with open(path, encoding="utf-8") as fh:
        text = fh.read()
    begin, end = "<!-- fixtures:begin -->\n", "<!-- fixtures:end -->"
    if begin not in text or end not in text:
        sys.exit(f"{path} has no fixtures:begin/end markers")
    head, rest = text.split(begin, 1)
    text = head + begin + "\n".join(rows) + "\n" + end + rest.split(end, 1)[1]
    with open(path, "w", encoding="utf-8", newline="\n") as fh:
        fh.write(text)


def registry_codes(repo):
    with open(os.path.join(repo, "src", "rules", "registry.rs"), encoding="utf-8") as fh:
        return {line.split('"')[1] for line in fh if line.strip().startswith('code: "')}


def main():
    here = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--forms", default=os.path.join(here, "forms"), help="form data folder (for P002)")
    ap.add_argument("--out", default=os.path.join(here, "fixtures"))
    args = ap.parse_args()
    if not os.path.isdir(args.forms):
        sys.exit(f"no form data at {args.forms}: pass --forms DIR")
    newest = newest_schedules(args.forms)
    for sub in ("rules", "clean", "example"):
        shutil.rmtree(os.path.join(args.out, sub), ignore_errors=True)
    seen_v = {}
    plan = []
    for name, entries in rules_fixtures().items():
        for entry in entries:
            plan.append((os.path.join("rules", name, entry[0]), entry[1], len(entry) > 2))
    plan += [(os.path.join("clean", c.cid), c, False) for c in clean_fixtures()]
    plan += [(os.path.join("example", c.cid), c, False) for c in example_fixtures()]
    for folder, c, files_only in plan:
        full = os.path.join(args.out, folder)
        if files_only:  # a plain folder of files beside the cases, not a case itself
            for path, data in c.files.items():
                os.makedirs(full, exist_ok=True)
                with open(os.path.join(full, path), "wb") as fh:
                    fh.write(data)
            continue
        add_p002(c, newest)
        key = (c.applicant.name, c.applicant.born)
        if c.v and seen_v.setdefault(c.v, key) != key and not c.cid.startswith("X002"):
            sys.exit(f"internal error: V-number {c.v} used by two applicants ({c.cid})")
        c.write(full)
        self_check(full, c)
    covered = {code for folder, c, _ in plan if folder.startswith("rules") for code, *_ in c.expect}
    missing = registry_codes(here) - covered
    if missing:
        sys.exit(f"internal error: no fixture expects {sorted(missing)}")
    write_index(args.out, plan)
    total = sum(os.path.getsize(os.path.join(d, f)) for d, _, fs in os.walk(args.out) for f in fs
                if not os.path.islink(os.path.join(d, f)))
    biggest = max((os.path.getsize(os.path.join(d, f)), os.path.join(d, f)) for d, _, fs in os.walk(args.out)
                  for f in fs if not os.path.islink(os.path.join(d, f)))
    print(f"{len(plan)} folders written, {total / 1024:.0f} KiB in all; largest file {biggest[0] / 1024:.1f} KiB "
          f"({os.path.relpath(biggest[1], args.out)})", file=sys.stderr)


if __name__ == "__main__":
    main()
