//! Reads a `case.toml` into a [`Case`]: syntax (C001), structure and types (C002) and missing
//! required data (C004).
//!
//! Everything that needs the form data (fact keys and types, country and language codes, the
//! V-number format) is judged later by the rules; this module only knows SPEC section 1. It never
//! puts the text of the file into a message: a line may hold a name.

use std::io::Read;
use std::path::Path;

use toml::{Table, Value};

use crate::date::{self, Date};
use crate::finding::Draft;

/// Largest `case.toml` read; a real one is a few KB.
pub const MAX_CASE_TOML_BYTES: u64 = 1024 * 1024;

/// A person named in the case.
#[derive(Debug, Clone, Default)]
pub struct Person {
    /// Full name.
    pub name: Option<String>,
    /// Date of birth.
    pub born: Option<Date>,
    /// ISO 3166-1 alpha-2, upper-cased.
    pub nationality: Option<String>,
    /// The IND V-number, as written.
    pub v_number: Option<String>,
    /// The IND client number, as written.
    pub client_number: Option<String>,
}

/// A legalisation claim for a document or its translation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Legalisation {
    /// Not legalised.
    None,
    /// Apostille (Hague Convention 1961).
    Apostille,
    /// Full legalisation (local ministry and Dutch mission).
    Legalised,
    /// Exempt (e.g. EU Regulation 2016/1191).
    Exempt,
}

/// Who translated a document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Translator {
    /// A Dutch court-sworn translator.
    Sworn,
    /// A translator abroad.
    Foreign,
    /// Anyone else.
    Other,
}

/// One `[[documents]]` entry.
#[derive(Debug, Clone, Default)]
pub struct Document {
    /// Position in `case.toml`, from 1 (for messages).
    pub number: usize,
    /// Document kind (SPEC section 3), as written.
    pub kind: Option<String>,
    /// Files in page order, as written.
    pub files: Vec<String>,
    /// Issuing country, upper-cased.
    pub issued_in: Option<String>,
    /// Language of the document, lower-cased.
    pub language: Option<String>,
    /// Legalisation claim.
    pub legalisation: Option<Legalisation>,
    /// Files of the translation.
    pub translation: Vec<String>,
    /// Who translated it.
    pub translator: Option<Translator>,
    /// Legalisation of a translation made abroad.
    pub translation_legalisation: Option<Legalisation>,
    /// Date of issue.
    pub issued_on: Option<Date>,
    /// Expiry date.
    pub valid_until: Option<Date>,
    /// The physical original would be mailed.
    pub original: bool,
}

impl Document {
    /// The document's first file as findings name it (normalised, relative to the case), or ""
    /// when it lists none.
    pub fn first_file(&self) -> String {
        self.files
            .first()
            .map(|f| crate::case::paths::normalise_rel(f))
            .unwrap_or_default()
    }
}

/// A waiver of one finding.
#[derive(Debug, Clone)]
pub struct Waiver {
    /// Position in `case.toml`, from 1.
    pub number: usize,
    /// The code waived, upper-cased.
    pub code: String,
    /// Only for this file, when given.
    pub file: Option<String>,
    /// Why a person accepted it.
    pub reason: String,
    /// The waiver lapses after this date.
    pub until: Option<Date>,
}

/// A case as read from its `case.toml`.
#[derive(Debug, Clone)]
pub struct Case {
    /// Case id (default: the folder's name).
    pub id: String,
    /// Form number as written.
    pub form: Option<String>,
    /// Planned mailing date (default: today).
    pub submit_on: Date,
    /// Language of generated documents: `nl` or `en`.
    pub language: String,
    /// The applicant.
    pub applicant: Person,
    /// The sponsor (referent), when given.
    pub sponsor: Option<Person>,
    /// Facts as written; their keys and types are checked against the form by the rules.
    pub facts: Vec<(String, Value)>,
    /// Documents in file order.
    pub documents: Vec<Document>,
    /// Waivers in file order.
    pub waivers: Vec<Waiver>,
}

/// What loading a `case.toml` gave: the case when it could be read, and the problems found.
#[derive(Debug)]
pub struct Loaded {
    /// Case id for the report (from the file, or the folder's name).
    pub id: String,
    /// The form as written, when readable (for the report's `form` column).
    pub form: String,
    /// `None` when the file could not be read at all (C001).
    pub case: Option<Case>,
    /// C001, C002 and C004 findings.
    pub drafts: Vec<Draft>,
}

const FILE: &str = "case.toml";

/// Reads and validates `dir/case.toml`. `today` is the default `submit_on`.
pub fn load(dir: &Path, today: Date) -> Loaded {
    let folder_id = dir
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| dir.to_string_lossy().into_owned());
    let fail = |message: String| Loaded {
        id: folder_id.clone(),
        form: String::new(),
        case: None,
        drafts: vec![Draft::file("C001", FILE, message)],
    };
    let text = match read_limited(&dir.join(FILE)) {
        Ok(t) => t,
        Err(m) => return fail(m),
    };
    let table: Table = match text.parse::<Table>() {
        Ok(t) => t,
        Err(e) => {
            let (line, col) = e.span().map(|s| line_col(&text, s.start)).unwrap_or((1, 1));
            return fail(format!(
                "case.toml is not valid TOML at line {line}, column {col}: {}. Open it in a text \
                 editor and correct that line (quotes around text, `=` between key and value, \
                 dates as 1990-04-12)",
                clean_toml_message(e.message())
            ));
        }
    };
    let mut v = Validator::default();
    let case = v.case(&table, &folder_id, today);
    Loaded {
        id: case.id.clone(),
        form: case.form.clone().unwrap_or_default(),
        case: Some(case),
        drafts: v.drafts,
    }
}

fn read_limited(path: &Path) -> Result<String, String> {
    let meta = std::fs::symlink_metadata(path)
        .map_err(|e| format!("case.toml cannot be read: {}", e.kind()))?;
    if meta.file_type().is_symlink() {
        return Err(
            "case.toml is a symbolic link; replace it with the file itself so that the case \
             folder holds its own data"
                .into(),
        );
    }
    if !meta.is_file() {
        return Err(
            "case.toml is not a regular file (it is a folder or a device); \
                    replace it with a text file"
                .into(),
        );
    }
    if meta.len() > MAX_CASE_TOML_BYTES {
        return Err(format!(
            "case.toml is {} bytes, far larger than a case file can be (at most {} bytes); \
             it is probably not a case file: replace it",
            meta.len(),
            MAX_CASE_TOML_BYTES
        ));
    }
    let mut bytes = Vec::new();
    std::fs::File::open(path)
        .and_then(|f| f.take(MAX_CASE_TOML_BYTES + 1).read_to_end(&mut bytes))
        .map_err(|e| format!("case.toml cannot be read: {}", e.kind()))?;
    if bytes.len() as u64 > MAX_CASE_TOML_BYTES {
        return Err("case.toml grew past the size limit while it was read; try again".into());
    }
    String::from_utf8(bytes).map_err(|e| {
        let at = e.utf8_error().valid_up_to();
        let (line, col) = line_col_bytes(e.as_bytes(), at);
        format!(
            "case.toml is not UTF-8 text (line {line}, column {col}): save it again as UTF-8 in a \
             text editor"
        )
    })
}

/// The toml crate's messages name keys and expectations, not the line's text; keep only the first
/// line so that no source excerpt can slip in.
fn clean_toml_message(msg: &str) -> String {
    msg.lines().next().unwrap_or("").trim().to_string()
}

fn line_col(text: &str, byte: usize) -> (usize, usize) {
    line_col_bytes(text.as_bytes(), byte)
}

fn line_col_bytes(bytes: &[u8], byte: usize) -> (usize, usize) {
    let byte = byte.min(bytes.len());
    let before = &bytes[..byte];
    let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
    let line_start = before
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |p| p + 1);
    // Columns count characters, not bytes.
    let col = String::from_utf8_lossy(&before[line_start..])
        .chars()
        .count()
        + 1;
    (line, col)
}

/// The nearest of `candidates` to `key`, when close enough to be a likely typo.
pub fn suggest<'a>(key: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let key_l = key.to_lowercase();
    candidates
        .into_iter()
        .map(|c| (strsim::jaro_winkler(&key_l, &c.to_lowercase()), c))
        .filter(|(score, _)| *score >= 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, c)| c)
}

fn did_you_mean<'a>(key: &str, candidates: impl IntoIterator<Item = &'a str>) -> String {
    match suggest(key, candidates) {
        Some(s) => format!(" (did you mean `{s}`?)"),
        None => String::new(),
    }
}

const TOP_KEYS: &[&str] = &[
    "schema",
    "case",
    "applicant",
    "sponsor",
    "facts",
    "documents",
    "waivers",
];
const CASE_KEYS: &[&str] = &["id", "form", "submit_on", "language"];
const PERSON_KEYS: &[&str] = &["name", "born", "nationality", "v_number", "client_number"];
const DOC_KEYS: &[&str] = &[
    "kind",
    "files",
    "issued_in",
    "language",
    "legalisation",
    "translation",
    "translator",
    "translation_legalisation",
    "issued_on",
    "valid_until",
    "original",
];
const WAIVER_KEYS: &[&str] = &["code", "file", "reason", "until"];

#[derive(Default)]
struct Validator {
    drafts: Vec<Draft>,
}

impl Validator {
    fn c002(&mut self, message: String) {
        self.drafts.push(Draft::file("C002", FILE, message));
    }

    fn c004(&mut self, message: String) {
        self.drafts.push(Draft::file("C004", FILE, message));
    }

    fn keys(&mut self, t: &Table, allowed: &[&str], place: &str) {
        for key in t.keys() {
            if !allowed.contains(&key.as_str()) {
                let hint = did_you_mean(key, allowed.iter().copied());
                self.c002(format!(
                    "unknown key `{key}` in {place}{hint}; the keys allowed there are: {}",
                    allowed.join(", ")
                ));
            }
        }
    }

    fn wrong_type(&mut self, place: &str, key: &str, want: &str, got: &Value) {
        let hint = match (want, got) {
            ("a date like 1990-04-12", Value::String(_)) => {
                format!(" (write the date without quotes: {key} = 1990-04-12)")
            }
            ("true or false", Value::String(_)) => " (write true or false without quotes)".into(),
            ("text in quotes", Value::Integer(_)) => " (put the value in quotes)".into(),
            _ => String::new(),
        };
        self.c002(format!(
            "`{key}` in {place} must be {want}, not {}{hint}",
            type_name(got)
        ));
    }

    fn table<'t>(&mut self, parent: &'t Table, key: &str, place: &str) -> Option<&'t Table> {
        match parent.get(key)? {
            Value::Table(t) => Some(t),
            other => {
                self.wrong_type(place, key, "a table", other);
                None
            }
        }
    }

    fn string(&mut self, t: &Table, key: &str, place: &str) -> Option<String> {
        match t.get(key)? {
            Value::String(s) => Some(s.clone()),
            other => {
                self.wrong_type(place, key, "text in quotes", other);
                None
            }
        }
    }

    fn date(&mut self, t: &Table, key: &str, place: &str) -> Option<Date> {
        match t.get(key)? {
            Value::Datetime(dt) => match date::from_toml(dt) {
                Some(d) => Some(d),
                None => {
                    self.c002(format!(
                        "`{key}` in {place} must be a date without a time, like 1990-04-12"
                    ));
                    None
                }
            },
            other => {
                self.wrong_type(place, key, "a date like 1990-04-12", other);
                None
            }
        }
    }

    fn bool(&mut self, t: &Table, key: &str, place: &str) -> Option<bool> {
        match t.get(key)? {
            Value::Boolean(b) => Some(*b),
            other => {
                self.wrong_type(place, key, "true or false", other);
                None
            }
        }
    }

    fn string_list(&mut self, t: &Table, key: &str, place: &str) -> Vec<String> {
        match t.get(key) {
            None => Vec::new(),
            Some(Value::String(s)) if s.trim().is_empty() => {
                self.c004(format!(
                    "`{key}` in {place} is an empty path: write the file's path, e.g. \
                     \"copies/passport.pdf\""
                ));
                Vec::new()
            }
            Some(Value::String(s)) => vec![s.clone()],
            Some(Value::Array(items)) => {
                let mut out = Vec::new();
                let mut wrong = None;
                for item in items {
                    match item {
                        Value::String(s) if s.trim().is_empty() => self.c004(format!(
                            "`{key}` in {place} has an empty path: write the file's path, e.g. \
                             \"copies/passport.pdf\", or remove the empty entry"
                        )),
                        Value::String(s) => out.push(s.clone()),
                        // One finding for the list, not one per wrong item.
                        other => wrong = wrong.or(Some(other)),
                    }
                }
                if let Some(other) = wrong {
                    self.wrong_type(place, key, "a list of file paths in quotes", other);
                }
                out
            }
            Some(other) => {
                self.wrong_type(place, key, "a list of file paths in quotes", other);
                Vec::new()
            }
        }
    }

    fn choice<T: Copy>(
        &mut self,
        t: &Table,
        key: &str,
        place: &str,
        options: &[(&str, T)],
    ) -> Option<T> {
        let s = self.string(t, key, place)?;
        let found = options
            .iter()
            .find(|(name, _)| *name == s.trim().to_lowercase());
        match found {
            Some(&(_, v)) => Some(v),
            None => {
                let names: Vec<&str> = options.iter().map(|(n, _)| *n).collect();
                let hint = did_you_mean(&s, names.iter().copied());
                self.c002(format!(
                    "`{key}` in {place} must be one of {}, not \"{s}\"{hint}",
                    names.join(", ")
                ));
                None
            }
        }
    }

    fn case(&mut self, top: &Table, folder_id: &str, today: Date) -> Case {
        self.keys(top, TOP_KEYS, "the top level of case.toml");
        if let Some(v) = top.get("schema") {
            match v {
                Value::Integer(1) => {}
                Value::Integer(n) => self.c002(format!(
                    "`schema = {n}` is not a case-file version this tool knows; use schema = 1"
                )),
                other => self.wrong_type("the top level", "schema", "the number 1", other),
            }
        }
        let empty = Table::new();
        let case_t = match top.get("case") {
            Some(_) => self.table(top, "case", "the top level").unwrap_or(&empty),
            None => &empty,
        };
        self.keys(case_t, CASE_KEYS, "[case]");
        let id = self
            .string(case_t, "id", "[case]")
            .filter(|s| !s.trim().is_empty())
            .unwrap_or_else(|| folder_id.to_string());
        let form = self
            .string(case_t, "form", "[case]")
            .map(|s| s.trim().to_string());
        let submit_on = self.date(case_t, "submit_on", "[case]").unwrap_or(today);
        let language =
            match self.choice(case_t, "language", "[case]", &[("nl", "nl"), ("en", "en")]) {
                Some(l) => l.to_string(),
                None => "nl".to_string(),
            };

        let applicant = match top.get("applicant") {
            None => {
                self.c004(
                    "there is no [applicant] section: add the applicant's name, born and \
                     nationality"
                        .into(),
                );
                Person::default()
            }
            Some(_) => match self.table(top, "applicant", "the top level") {
                Some(t) => self.person(t, "[applicant]", true),
                None => Person::default(),
            },
        };
        let sponsor = match top.get("sponsor") {
            None => None,
            Some(_) => self
                .table(top, "sponsor", "the top level")
                .map(|t| self.person(t, "[sponsor]", false)),
        };
        let facts = match top.get("facts") {
            None => Vec::new(),
            Some(_) => self
                .table(top, "facts", "the top level")
                .map(|t| t.iter().map(|(k, v)| (k.clone(), v.clone())).collect())
                .unwrap_or_default(),
        };
        // A birth date after the submission date is a typo (2096 for 1996): it would make the
        // applicant a minor for the fee and the checklist. It is refused, not used.
        let mut applicant = applicant;
        let mut sponsor = sponsor;
        for (p, place) in [
            (Some(&mut applicant), "[applicant]"),
            (sponsor.as_mut(), "[sponsor]"),
        ] {
            if let Some(p) = p
                && p.born.is_some_and(|b| b > submit_on)
            {
                self.c002(format!(
                    "`born` in {place} lies after the submission date {submit_on}: check the \
                     year. Until it is corrected, age-dependent fees and documents are not judged"
                ));
                p.born = None;
            }
        }
        let documents = self.array_of_tables(top, "documents", |v, t, n| v.document(t, n));
        let waivers = self.array_of_tables(top, "waivers", |v, t, n| v.waiver(t, n));
        Case {
            id,
            form,
            submit_on,
            language,
            applicant,
            sponsor,
            facts,
            documents,
            waivers,
        }
    }

    fn array_of_tables<T>(
        &mut self,
        top: &Table,
        key: &str,
        mut each: impl FnMut(&mut Self, &Table, usize) -> Option<T>,
    ) -> Vec<T> {
        match top.get(key) {
            None => Vec::new(),
            Some(Value::Array(items)) => {
                let mut out = Vec::new();
                for (i, item) in items.iter().enumerate() {
                    match item {
                        Value::Table(t) => {
                            if let Some(x) = each(self, t, i + 1) {
                                out.push(x);
                            }
                        }
                        other => self.c002(format!(
                            "entry {} of `{key}` must be a [[{key}]] table, not {}",
                            i + 1,
                            type_name(other)
                        )),
                    }
                }
                out
            }
            Some(other) => {
                self.c002(format!(
                    "`{key}` must be written as [[{key}]] sections, not {}",
                    type_name(other)
                ));
                Vec::new()
            }
        }
    }

    fn person(&mut self, t: &Table, place: &str, required: bool) -> Person {
        self.keys(t, PERSON_KEYS, place);
        let p = Person {
            name: self
                .string(t, "name", place)
                .map(|s| s.trim().to_string())
                .filter(|s| !s.is_empty()),
            born: self.date(t, "born", place),
            nationality: self
                .string(t, "nationality", place)
                .map(|s| s.trim().to_uppercase()),
            v_number: self
                .string(t, "v_number", place)
                .map(|s| s.trim().to_string()),
            client_number: self
                .string(t, "client_number", place)
                .map(|s| s.trim().to_string()),
        };
        if required {
            for (key, missing) in [
                ("name", p.name.is_none() && !t.contains_key("name")),
                ("born", p.born.is_none() && !t.contains_key("born")),
                (
                    "nationality",
                    p.nationality.is_none() && !t.contains_key("nationality"),
                ),
            ] {
                if missing {
                    self.c004(format!(
                        "{place} has no `{key}`: the IND needs it to identify the applicant"
                    ));
                }
            }
            if t.get("name")
                .is_some_and(|v| v.as_str().is_some_and(|s| s.trim().is_empty()))
            {
                self.c004(format!("`name` in {place} is empty"));
            }
        }
        p
    }

    fn document(&mut self, t: &Table, n: usize) -> Option<Document> {
        let place = format!("document {n}");
        self.keys(t, DOC_KEYS, &format!("[[documents]] entry {n}"));
        let legal = [
            ("none", Legalisation::None),
            ("apostille", Legalisation::Apostille),
            ("legalised", Legalisation::Legalised),
            ("legalized", Legalisation::Legalised),
            ("exempt", Legalisation::Exempt),
        ];
        let d = Document {
            number: n,
            kind: self
                .string(t, "kind", &place)
                .map(|s| s.trim().to_lowercase()),
            files: self.string_list(t, "files", &place),
            issued_in: self
                .string(t, "issued_in", &place)
                .map(|s| s.trim().to_uppercase()),
            language: self
                .string(t, "language", &place)
                .map(|s| s.trim().to_lowercase()),
            legalisation: self.choice(t, "legalisation", &place, &legal),
            translation: self.string_list(t, "translation", &place),
            translator: self.choice(
                t,
                "translator",
                &place,
                &[
                    ("sworn", Translator::Sworn),
                    ("foreign", Translator::Foreign),
                    ("other", Translator::Other),
                ],
            ),
            translation_legalisation: self.choice(t, "translation_legalisation", &place, &legal),
            issued_on: self.date(t, "issued_on", &place),
            valid_until: self.date(t, "valid_until", &place),
            original: self.bool(t, "original", &place).unwrap_or(false),
        };
        if !t.contains_key("kind") {
            self.c004(format!(
                "{place} has no `kind`: say what the document is, e.g. kind = \"passport\""
            ));
        }
        if !t.contains_key("files") {
            self.c004(format!(
                "{place} has no `files`: list the scanned copies, e.g. files = [\"copies/passport.pdf\"]"
            ));
        } else if d.files.is_empty()
            && matches!(t.get("files"), Some(Value::Array(a)) if a.is_empty())
        {
            self.c004(format!(
                "{place} has an empty `files` list: list its scanned copies"
            ));
        }
        Some(d)
    }

    fn waiver(&mut self, t: &Table, n: usize) -> Option<Waiver> {
        let place = format!("waiver {n}");
        self.keys(t, WAIVER_KEYS, &format!("[[waivers]] entry {n}"));
        let code = self.string(t, "code", &place);
        let reason = self.string(t, "reason", &place);
        let file = self.string(t, "file", &place);
        let until = self.date(t, "until", &place);
        let Some(code) = code else {
            if !t.contains_key("code") {
                self.c004(format!(
                    "{place} has no `code`: name the finding it accepts, e.g. code = \"V002\""
                ));
            }
            return None;
        };
        let reason = match reason {
            Some(r) if !r.trim().is_empty() => r,
            _ => {
                self.c004(format!(
                    "{place} ({code}) has no `reason`: a waiver must say why a person accepted the finding"
                ));
                return None;
            }
        };
        Some(Waiver {
            number: n,
            code: code.trim().to_uppercase(),
            file: file.map(|f| crate::case::paths::normalise_rel(&f)),
            reason,
            until,
        })
    }
}

fn type_name(v: &Value) -> &'static str {
    match v {
        Value::String(_) => "text",
        Value::Integer(_) => "a whole number",
        Value::Float(_) => "a decimal number",
        Value::Boolean(_) => "true/false",
        Value::Datetime(_) => "a date",
        Value::Array(_) => "a list",
        Value::Table(_) => "a table",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn load_text(text: &str) -> Loaded {
        let dir = tempfile::tempdir().unwrap();
        let case = dir.path().join("2026-0001");
        std::fs::create_dir(&case).unwrap();
        std::fs::write(case.join("case.toml"), text).unwrap();
        load(&case, Date::constant(2026, 11, 23))
    }

    #[test]
    fn c001_gives_line_and_column_but_not_the_text() {
        let l = load_text("[applicant]\nname = \"Secret Person\nborn = 1990-01-01\n");
        assert!(l.case.is_none());
        assert_eq!(l.drafts.len(), 1);
        let m = &l.drafts[0].message;
        assert_eq!(l.drafts[0].code, "C001");
        assert!(m.contains("line 2"), "{m}");
        assert!(!m.contains("Secret"), "{m}");
        assert_eq!(l.id, "2026-0001");
    }

    #[test]
    fn c001_on_invalid_utf8() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("case.toml"), b"[case]\nid = \"a\xff\"\n").unwrap();
        let l = load(dir.path(), Date::constant(2026, 1, 1));
        assert_eq!(l.drafts[0].code, "C001");
        assert!(l.drafts[0].message.contains("line 2"));
    }

    #[test]
    fn c002_suggests_nearest_key() {
        let l = load_text(
            "[case]\nform = \"7018\"\n[applicant]\nname = \"A\"\nborn = 1990-01-01\nnationalty = \"TR\"\n",
        );
        let c002: Vec<_> = l.drafts.iter().filter(|d| d.code == "C002").collect();
        assert_eq!(c002.len(), 1);
        assert!(c002[0].message.contains("did you mean `nationality`"));
        // nationality itself is then missing
        assert!(l.drafts.iter().any(|d| d.code == "C004"));
    }

    #[test]
    fn c002_wrong_type_with_hint() {
        let l = load_text(
            "[case]\nform = \"7018\"\n[applicant]\nname = \"A\"\nborn = \"1990-01-01\"\nnationality = \"TR\"\n",
        );
        assert_eq!(l.drafts.len(), 1, "{:?}", l.drafts);
        assert!(l.drafts[0].message.contains("without quotes"));
    }

    #[test]
    fn a_birth_date_after_the_submission_date_is_refused_not_used() {
        let l = load_text(
            "[case]\nform = \"7018\"\nsubmit_on = 2026-12-01\n[applicant]\nname = \"A\"\nborn = 2096-04-12\nnationality = \"TR\"\n",
        );
        let c = l.case.unwrap();
        assert_eq!(c.applicant.born, None);
        assert!(
            l.drafts
                .iter()
                .any(|d| d.code == "C002" && d.message.contains("after the submission date")),
            "{:?}",
            l.drafts
        );
        let l = load_text(
            "[case]\nsubmit_on = \"2026-12-01\"\n[applicant]\nname = \"A\"\nborn = 1990-01-01\n",
        );
        assert!(
            l.drafts
                .iter()
                .any(|d| d.message.contains("submit_on = 1990-04-12")),
            "{:?}",
            l.drafts
        );
    }

    #[test]
    fn an_empty_path_is_c004_and_a_wrong_list_one_c002() {
        let l = load_text(
            "[applicant]\nname = \"A\"\n[[documents]]\nkind = \"passport\"\nfiles = [\"\", 1, 2]\n",
        );
        let c002 = l.drafts.iter().filter(|d| d.code == "C002").count();
        assert_eq!(c002, 1, "{:?}", l.drafts);
        assert!(
            l.drafts
                .iter()
                .any(|d| d.code == "C004" && d.message.contains("empty path")),
            "{:?}",
            l.drafts
        );
    }

    #[test]
    fn c004_for_document_without_files() {
        let l = load_text(
            "[case]\nform = \"7018\"\n[applicant]\nname = \"A\"\nborn = 1990-01-01\nnationality = \"TR\"\n[[documents]]\nkind = \"passport\"\n",
        );
        assert_eq!(l.drafts.len(), 1);
        assert_eq!(l.drafts[0].code, "C004");
    }

    #[test]
    fn defaults() {
        let l = load_text(
            "[case]\nform = \"7018\"\n[applicant]\nname = \"A\"\nborn = 1990-01-01\nnationality = \"tr\"\n",
        );
        let c = l.case.unwrap();
        assert_eq!(c.id, "2026-0001");
        assert_eq!(c.language, "nl");
        assert_eq!(c.submit_on, Date::constant(2026, 11, 23));
        assert_eq!(c.applicant.nationality.as_deref(), Some("TR"));
    }

    #[test]
    fn huge_file_is_refused_before_reading() {
        let dir = tempfile::tempdir().unwrap();
        let f = std::fs::File::create(dir.path().join("case.toml")).unwrap();
        f.set_len(3 * 1024 * 1024 * 1024).unwrap();
        let l = load(dir.path(), Date::constant(2026, 1, 1));
        assert_eq!(l.drafts[0].code, "C001");
        assert!(l.drafts[0].message.contains("larger"));
    }
}
