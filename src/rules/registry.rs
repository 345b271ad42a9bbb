//! The rule registry: every rule code with its name, default severity and documentation.
//!
//! This table is the one place a rule's text lives: `dossier explain CODE`, the README's rule
//! table, the HTML report and the tests all read it. Codes never change meaning and are never
//! reused. The registry only describes rules; it does not check anything (the rule families in
//! the sibling modules do) and it does not decide waivers (severity here is the default).

use crate::finding::Severity;

/// One rule: its stable code, default severity and documentation.
#[derive(Debug)]
pub struct RuleInfo {
    /// Stable code such as `F002`: a family letter and three digits.
    pub code: &'static str,
    /// The problem (not the fix) in CamelCase, e.g. `PageNotA4`.
    pub name: &'static str,
    /// Default severity, as SPEC section 4's table gives it.
    pub severity: Severity,
    /// One line of at most 79 characters in a volunteer's words.
    pub summary: &'static str,
    /// Plain text for a terminal, wrapped at 79 columns, in three sections:
    /// `## What it checks`, `## Why the IND requires it`, `## How to fix it`.
    pub explanation: &'static str,
}

/// Every rule, sorted by code.
pub static RULES: &[RuleInfo] = &[
    RuleInfo {
        code: "C001",
        name: "CaseFileUnreadable",
        severity: Severity::Error,
        summary: "case.toml cannot be read or is not valid TOML",
        explanation: "## What it checks\n\
            Every case folder has a case.toml with the client's facts and the list of\n\
            copies. This finding means the file could not be opened, is not UTF-8 text,\n\
            or is not valid TOML. The message gives the line and column where reading\n\
            stopped and why, but never repeats the line itself (it may hold a name or a\n\
            date of birth).\n\
            \n\
            ## Why the IND requires it\n\
            The IND never sees case.toml. But without it dossier cannot check anything\n\
            else in the case: not the checklist of the form, not the copies, not the fee.\n\
            A case with this finding has had no other check at all.\n\
            \n\
            ## How to fix it\n\
            Open case.toml in a plain-text editor (not a word processor) and go to the\n\
            line and column in the message. Common causes: a missing closing quote, a\n\
            date written as 12-04-1990 (write 1990-04-12, without quotes), a list\n\
            without its closing ], or a section header such as [applicant] typed\n\
            twice. `dossier new DIR --form N` writes a correct scaffold to compare with.",
    },
    RuleInfo {
        code: "C002",
        name: "UnknownKeyOrWrongType",
        severity: Severity::Error,
        summary: "case.toml has an unknown key or a value of the wrong type",
        explanation: "## What it checks\n\
            Every key in case.toml must be one dossier knows, and every value must have\n\
            the right type: text in quotes, dates as 2026-12-01 without quotes, facts\n\
            as true or false without quotes, file lists in [ ]. Facts are checked\n\
            against the facts the case's form declares (`dossier forms --form N`). The\n\
            message suggests the nearest known key.\n\
            \n\
            ## Why the IND requires it\n\
            A misspelt key is silently ignored by most programs. Here that would be\n\
            dangerous: a fact such as art8 or insufficient_income changes the fee, and a\n\
            misspelt `nationalty` would leave the nationality checks without data. So\n\
            dossier refuses what it does not know instead of guessing.\n\
            \n\
            ## How to fix it\n\
            Correct the key to the suggestion in the message, or remove it. If the\n\
            value has the wrong type, write it as the message says: \"text\" in quotes,\n\
            true/false and dates without quotes. `dossier forms --form N` lists the\n\
            facts a form knows and their types.",
    },
    RuleInfo {
        code: "C003",
        name: "UnknownForm",
        severity: Severity::Error,
        summary: "the form number in case.toml is not a form dossier knows",
        explanation: "## What it checks\n\
            The `form` key under [case] must name an IND form that dossier has data for\n\
            (`dossier forms` lists them; an organisation can add its own with --forms).\n\
            \n\
            ## Why the IND requires it\n\
            Each IND form has its own document checklist, fee and mailing rules. Without\n\
            the form dossier cannot tell which documents are required, whether an mvv\n\
            applies or what the application costs, so the checklist, mvv and fee checks\n\
            are skipped for this case.\n\
            \n\
            ## How to fix it\n\
            Look at the number printed at the bottom of the IND form you are filling in\n\
            (for example 7018 for family and relatives, filed by the referent) and write\n\
            it as text: form = \"7018\". If the form is really missing from dossier, ask\n\
            whoever maintains your organisation's form data to add it.",
    },
    RuleInfo {
        code: "C004",
        name: "RequiredDataMissing",
        severity: Severity::Error,
        summary: "case.toml lacks data a check needs (name, born, nationality, kind, ...)",
        explanation: "## What it checks\n\
            The applicant needs a name, a date of birth (born) and a nationality. Every\n\
            [[documents]] entry needs a kind and files. Official civil-status documents\n\
            (birth, marriage, partnership, divorce and death certificates, custody\n\
            documents, family registers) also need issued_in, language and legalisation.\n\
            \n\
            ## Why the IND requires it\n\
            The IND's rules depend on these facts: the fee and the TB and mvv rules on\n\
            nationality and age, the legalisation rules on the issuing country, the\n\
            translation rule on the language (IND form 7018, version 2025/1, section 6).\n\
            Without them dossier cannot judge the rule, and an unjudged rule must not\n\
            look like a passed one.\n\
            \n\
            ## How to fix it\n\
            Add the missing key named in the message. For a civil-status document, read\n\
            the issuing country and language from the document itself, and write how it\n\
            was legalised: legalisation = \"apostille\", \"legalised\", \"none\" or\n\
            \"exempt\" (for example an EU public document under Regulation 2016/1191).",
    },
    RuleInfo {
        code: "C005",
        name: "NumberMalformed",
        severity: Severity::Error,
        summary: "the V-number or client number in case.toml is malformed",
        explanation: "## What it checks\n\
            The applicant's v_number must be exactly 10 digits, written as text in\n\
            quotes (v_number = \"1234567890\"; spaces, dots, hyphens or slashes\n\
            between the digits, as in \"123 456 7890\", are allowed and ignored). The IND\n\
            klantnummer has no published format, so a client_number is only refused\n\
            when it is clearly wrong, such as an empty value.\n\
            \n\
            ## Why the IND requires it\n\
            The V-number (vreemdelingennummer) identifies the person at the IND and is\n\
            written on every copy, so one wrong digit sends copies to the wrong file.\n\
            The IND does not publish the format: 10 digits is common practice and an\n\
            assumption of this project, kept in the form data so it can be corrected\n\
            without a new release (project documentation, DOMAIN section 2).\n\
            \n\
            ## How to fix it\n\
            Copy the V-number from an IND letter or the back of the residence card. Do\n\
            not confuse it with the residence-document number (such as III-V123AL568).\n\
            If the client has no V-number yet, leave v_number out: the copies then carry\n\
            the name and date of birth (see C006).",
    },
    RuleInfo {
        code: "C006",
        name: "IdentifierMissing",
        severity: Severity::Warning,
        summary: "no V-number or client number: name and birth date must be on every copy",
        explanation: "## What it checks\n\
            The applicant has neither a v_number nor a client_number in case.toml.\n\
            \n\
            ## Why the IND requires it\n\
            The IND asks that every copy carries the V-number or client number, or, when\n\
            the applicant has neither, the name and date of birth. This comes from the\n\
            IND page kept in the project's seed documents (\"Schrijf op elke kopie uw\n\
            V-nummer of klantnummer\"); the 2025 form 7018 itself does not say it. A\n\
            loose copy without any of these cannot be matched to the application.\n\
            \n\
            ## How to fix it\n\
            If the applicant has a V-number (on IND letters, on the back of a residence\n\
            card) add it as v_number. Otherwise this is only a reminder: dossier then\n\
            looks for the name and date of birth on each page (V001), and `dossier\n\
            prepare` stamps them on every page of the packet.",
    },
    RuleInfo {
        code: "C007",
        name: "UnknownCountryOrLanguage",
        severity: Severity::Error,
        summary: "a country or language code in case.toml is unknown",
        explanation: "## What it checks\n\
            Nationalities and issued_in must be ISO 3166-1 alpha-2 country codes (two\n\
            capital letters: TR, MA, NL). Document languages must be ISO 639-1 codes\n\
            (two small letters: nl, ar, tr). The message suggests the nearest code.\n\
            \n\
            ## Why the IND requires it\n\
            Country and language decide the IND rules that apply: whether a document\n\
            needs an apostille or full legalisation, whether it must be translated,\n\
            whether the applicant needs an mvv or a TB test, and the fee. An unknown\n\
            code would make those checks silently pass.\n\
            \n\
            ## How to fix it\n\
            Use the two-letter codes: the country that issued the document (not the\n\
            applicant's nationality, unless they are the same) and the language the\n\
            document is written in. Examples: Morocco MA, Türkiye TR, Syria SY, Eritrea\n\
            ER; Arabic ar, Turkish tr, Tigrinya ti.",
    },
    RuleInfo {
        code: "C008",
        name: "PathOutsideCase",
        severity: Severity::Error,
        summary: "a file path leaves the case folder (absolute, .. or a symlink)",
        explanation: "## What it checks\n\
            Every file listed in case.toml must lie inside the case folder. Absolute\n\
            paths (/home/..., C:\\...), paths with .. and symbolic links that lead out\n\
            of the folder are refused, and the file is never read.\n\
            \n\
            ## Why the IND requires it\n\
            This protects the clients: a copy taken from another folder may be another\n\
            person's document, and the packet sent to the IND would then carry someone\n\
            else's personal data. It also keeps each case folder complete, so it can be\n\
            moved, archived or handed over as a whole.\n\
            \n\
            ## How to fix it\n\
            Copy (do not link) the file into the case folder, for example into copies/,\n\
            and write the path relative to the folder: files = [\"copies/passport.pdf\"].",
    },
    RuleInfo {
        code: "C009",
        name: "NestedCase",
        severity: Severity::Error,
        summary: "a case folder lies inside another case folder",
        explanation: "## What it checks\n\
            A folder with a case.toml is a case. This finding is reported for a case\n\
            whose folder lies inside another case's folder. The inner case is still\n\
            checked, and its files are never counted as unreferenced files (F007) of\n\
            the outer one.\n\
            \n\
            ## Why the IND requires it\n\
            Each application goes to the IND as its own packet. Nesting one client's\n\
            folder in another's mixes up their documents: a copy meant for one\n\
            application may end up in the other's envelope.\n\
            \n\
            ## How to fix it\n\
            Move the inner folder next to the outer one, for example from\n\
            2026-0142/child/ to 2026-0143/. If the inner folder is not a case, delete\n\
            or rename its case.toml.",
    },
    RuleInfo {
        code: "C010",
        name: "WaiverUnusedOrLapsed",
        severity: Severity::Warning,
        summary: "a waiver in case.toml matches no finding, or has lapsed",
        explanation: "## What it checks\n\
            A [[waivers]] entry accepts one finding (by code and optionally file) with a\n\
            reason. This warning means the waiver matched no finding in this run, or\n\
            its `until` date lies before the submission date.\n\
            \n\
            ## Why the IND requires it\n\
            The IND does not see waivers: they record that a person looked at a finding\n\
            and accepted it. A waiver that no longer matches is stale and may hide a\n\
            future problem; a lapsed waiver means the decision should be looked at\n\
            again.\n\
            \n\
            ## How to fix it\n\
            If the problem was solved, delete the waiver. If the file was renamed, fix\n\
            its `file`. If a lapsed waiver still holds, look at the finding again and\n\
            set a new `until` date.",
    },
    RuleInfo {
        code: "F001",
        name: "FileMissing",
        severity: Severity::Error,
        summary: "a file listed in case.toml does not exist",
        explanation: "## What it checks\n\
            Every path in files or translation must name an existing file in the case\n\
            folder. Letter case counts: copies/Passport.pdf is not copies/passport.pdf.\n\
            \n\
            ## Why the IND requires it\n\
            The IND needs complete copies (form 7018, version 2025/1, annex 7118-01). A\n\
            listed but missing file means a document the case relies on would not be\n\
            printed or sent.\n\
            \n\
            ## How to fix it\n\
            Put the scan into the case folder under the listed name, or correct the\n\
            path in case.toml. F007 may list the same file under another name.",
    },
    RuleInfo {
        code: "F002",
        name: "PageNotA4",
        severity: Severity::Error,
        summary: "a page is not A4 size",
        explanation: "## What it checks\n\
            Every page of every PDF copy must be A4: 210 x 297 mm, within 3 mm, upright\n\
            or sideways. The size is the page as a viewer shows it (crop box, rotation\n\
            and user unit applied) and the message gives the measured size in mm, one\n\
            finding per page. Standalone images are printed fitted to A4 and are not\n\
            measured here.\n\
            \n\
            ## Why the IND requires it\n\
            The IND asks for copies on A4 paper, single-sided. This comes from the IND\n\
            page kept in the project's seed documents (\"U stuurt alleen kopieën van uw\n\
            documenten, enkelzijdig en in A4-formaat\"); the 2025 form 7018 does not\n\
            repeat it. US Letter (216 x 279 mm) scans are the usual cause.\n\
            \n\
            ## How to fix it\n\
            Scan again with the paper size set to A4, or print the PDF with \"fit to\n\
            page\" on A4 paper and scan the print. `dossier prepare` also places each\n\
            page on A4 in the packet, but the source copy stays wrong.",
    },
    RuleInfo {
        code: "F003",
        name: "FileUnreadable",
        severity: Severity::Error,
        summary: "a file cannot be read: corrupt, truncated, password-protected, ...",
        explanation: "## What it checks\n\
            Every listed file is opened and read. This finding means it is corrupt or\n\
            cut off (an interrupted download or copy), needs a password to open, is\n\
            too large to check safely, or its contents do not match its extension (a\n\
            JPEG photo named .pdf). A PDF with only an owner password prints fine and\n\
            is not reported.\n\
            \n\
            ## Why the IND requires it\n\
            The IND asks for readable and complete copies (form 7018, version 2025/1,\n\
            annex 7118-01). A file that cannot be opened here cannot be printed for the\n\
            envelope, and for online uploads the IND accepts only PDFs without a\n\
            password.\n\
            \n\
            ## How to fix it\n\
            Copy or download the file again from its source. For a password-protected\n\
            PDF, open it with the password and print it to a new PDF. For a wrong\n\
            extension, rename the file (photo.jpg, not photo.pdf) and update case.toml.",
    },
    RuleInfo {
        code: "F004",
        name: "DigitalMedia",
        severity: Severity::Error,
        summary: "digital media (audio, video, archive, disc image) cannot be sent",
        explanation: "## What it checks\n\
            Files in the case folder are recognised by their contents and extension.\n\
            Audio, video (for example a WhatsApp .mp4), archives (.zip, .rar) and disc\n\
            images (.iso) are reported, whether or not case.toml lists them.\n\
            \n\
            ## Why the IND requires it\n\
            The IND does not accept USB sticks, CDs, DVDs or other media with a postal\n\
            application (form 7018, version 2025/1, annex 7118-01). Anything that\n\
            cannot be put on paper cannot be part of the packet.\n\
            \n\
            ## How to fix it\n\
            Remove the file from the case folder and from case.toml. If it holds\n\
            evidence (photos in a video, letters in a zip), print the relevant parts,\n\
            scan them to PDF and list those instead.",
    },
    RuleInfo {
        code: "F005",
        name: "LowResolution",
        severity: Severity::Warning,
        summary: "a scan has a resolution below 200 dpi and may be unreadable in print",
        explanation: "## What it checks\n\
            For every scanned page, the image's pixels are divided by the page's size\n\
            in inches; the smaller of the two axes counts. A standalone photo (JPEG,\n\
            PNG, TIFF) is measured as printed fitted to A4. Below 200 dpi the page is\n\
            reported, one finding per page, with the measured resolution.\n\
            \n\
            ## Why the IND requires it\n\
            The IND asks for readable copies (form 7018, version 2025/1, annex\n\
            7118-01). Small print, stamps and passport details become hard to read\n\
            below about 200 dpi. The 200 dpi limit is this project's choice, not an\n\
            IND number, so a person should look at the page.\n\
            \n\
            ## How to fix it\n\
            Scan the original again at 300 dpi. Photos from a phone are usually fine\n\
            when taken with the full camera, not sent through a chat app (which\n\
            shrinks them). If the page is readable when printed, waive the finding.",
    },
    RuleInfo {
        code: "F006",
        name: "BlankPage",
        severity: Severity::Warning,
        summary: "a page is blank (often the empty back of a double-sided scan)",
        explanation: "## What it checks\n\
            Pages with nothing on them are reported, one finding per page: a PDF page\n\
            that paints nothing (or only white), or a scanned page whose image is\n\
            nearly white paper. A scan that compresses as well as empty paper is then\n\
            decoded: a page with as little as a few dark letters away from its edges\n\
            is not blank.\n\
            \n\
            ## Why the IND requires it\n\
            Copies are sent single-sided, and form 7018 asks for passport pages without\n\
            blank pages. Single-sided comes from the IND page kept in the project's\n\
            seed documents (\"enkelzijdig en in A4-formaat\"); the 2025 form does not\n\
            repeat it. Blank backs of duplex scans add paper and can hide a missing\n\
            page behind a count that looks right.\n\
            \n\
            ## How to fix it\n\
            Scan single-sided, or delete the empty page from the PDF. If the page is\n\
            not empty (a very faint stamp, for example), scan it darker or waive the\n\
            finding for this file with a reason.",
    },
    RuleInfo {
        code: "F007",
        name: "FileNotReferenced",
        severity: Severity::Warning,
        summary: "a file in the case folder is not listed in case.toml",
        explanation: "## What it checks\n\
            Every file in the case folder (outside hidden folders, folders named out,\n\
            and nested case folders) should be listed in case.toml, under files or\n\
            translation.\n\
            \n\
            ## Why the IND requires it\n\
            Only listed files go into the packet. A scan lying in the folder but not\n\
            listed is often a document the volunteer meant to send (a forgotten\n\
            payslip, a re-scan under a new name), and the IND then receives an\n\
            incomplete application.\n\
            \n\
            ## How to fix it\n\
            List the file under the right document in case.toml, or move it out of the\n\
            case folder if it should not be sent (notes and drafts belong elsewhere).",
    },
    RuleInfo {
        code: "F008",
        name: "FileNotPrintable",
        severity: Severity::Error,
        summary: "a file type that cannot be printed as it is (.docx, .heic, .txt, ...)",
        explanation: "## What it checks\n\
            Copies must be PDF, JPEG, PNG or TIFF. Word and other office documents,\n\
            HEIC photos from iPhones, plain text and similar files are reported,\n\
            recognised by their contents and extension.\n\
            \n\
            ## Why the IND requires it\n\
            The IND receives paper. dossier prints only what it can check page by\n\
            page, and an office document can look different on every computer, so the\n\
            copy that was checked would not be the copy that is sent.\n\
            \n\
            ## How to fix it\n\
            Open the file and save or print it as PDF (for a .docx: File, Save as,\n\
            PDF). Convert HEIC photos to JPEG, or set the phone's camera to \"most\n\
            compatible\". List the new file in case.toml.",
    },
    RuleInfo {
        code: "F009",
        name: "OriginalEnclosed",
        severity: Severity::Error,
        summary: "original = true: send copies only, the client keeps the original",
        explanation: "## What it checks\n\
            A document in case.toml has original = true, meaning the physical original\n\
            would go into the envelope.\n\
            \n\
            ## Why the IND requires it\n\
            The IND asks for copies only, never originals: \"send readable and complete\n\
            copies\" and keep the originals (form 7018, version 2025/1, annex 7118-01;\n\
            IND postal page, 2017). Originals sent by post are easily lost, and a\n\
            client without a passport or birth certificate is stuck. Form 7018 names\n\
            one exception: the original GGD referral form for the TB test.\n\
            \n\
            ## How to fix it\n\
            Make a copy, list the copy, and remove original = true. Give the original\n\
            back to the client. For the GGD's TB referral form, waive this finding for\n\
            that file with the reason.",
    },
    RuleInfo {
        code: "F010",
        name: "FileReferencedTwice",
        severity: Severity::Warning,
        summary: "the same file is listed twice in one case",
        explanation: "## What it checks\n\
            The same path appears more than once in case.toml, in one document's files\n\
            or in two documents.\n\
            \n\
            ## Why the IND requires it\n\
            The IND counts enclosures (form 7018 asks for the number in field 13.1).\n\
            A file listed twice is printed twice, or stands in for a document that is\n\
            really missing: one scan listed as both the birth certificate and the\n\
            custody document, for example.\n\
            \n\
            ## How to fix it\n\
            Remove the second reference. If two documents really are on one scan (a\n\
            birth certificate that also records custody, for example), keep both\n\
            references and waive this finding with that reason.",
    },
    RuleInfo {
        code: "L001",
        name: "LegalisationMissing",
        severity: Severity::Error,
        summary: "a foreign official document is not legalised or apostilled as required",
        explanation: "## What it checks\n\
            For each foreign civil-status document (birth, marriage, partnership,\n\
            divorce and death certificates, custody documents, family registers) the\n\
            issuing country decides what is needed: nothing for public documents from\n\
            another EU state (Regulation 2016/1191, from 16 February 2019), an\n\
            apostille for parties to the Apostille Convention, full legalisation for\n\
            the others. The finding says which the document lacks.\n\
            \n\
            ## Why the IND requires it\n\
            Official foreign documents must be legalised by the competent authorities\n\
            of the issuing country, and in some countries also by the Dutch embassy or\n\
            consulate; in apostille countries an apostille is enough (IND form 7018,\n\
            version 2025/1, section 6). The IND does not accept them otherwise.\n\
            \n\
            ## How to fix it\n\
            Have the document legalised or apostilled in the issuing country, then scan\n\
            it again with the sticker or attached sheet, and set legalisation in\n\
            case.toml. Start early: this can take months. For per-country rules, call\n\
            1400 or see rijksoverheid.nl and NederlandWereldwijd.",
    },
    RuleInfo {
        code: "L002",
        name: "ApostilleCountryNotParty",
        severity: Severity::Error,
        summary: "an apostille is claimed, but the issuing country has no apostille",
        explanation: "## What it checks\n\
            A document has legalisation = \"apostille\", but its issuing country was not\n\
            a party to the Apostille Convention (The Hague, 5 October 1961) on the\n\
            submission date, according to the country data.\n\
            \n\
            ## Why the IND requires it\n\
            An apostille only replaces legalisation between parties to the convention\n\
            (IND form 7018, version 2025/1, section 6). From other countries the IND\n\
            needs full legalisation: by the country's own authorities and then by the\n\
            Dutch embassy or consulate.\n\
            \n\
            ## How to fix it\n\
            Check the sticker on the document. If it is a legalisation, not an\n\
            apostille, write legalisation = \"legalised\". If it really is an apostille\n\
            from a country that is not a party, have the document legalised. If the\n\
            country joined recently, the country data may be out of date: tell whoever\n\
            maintains it.",
    },
    RuleInfo {
        code: "L003",
        name: "TranslationMissing",
        severity: Severity::Error,
        summary: "a document is not in Dutch, English, French or German and has no translation",
        explanation: "## What it checks\n\
            A document whose language is not nl, en, fr or de has no translation\n\
            listed. Passports and ID cards are exempt: they carry English or French by\n\
            international standard.\n\
            \n\
            ## Why the IND requires it\n\
            Foreign documents must be in Dutch, English, French or German; otherwise\n\
            they need a translation by a translator sworn in by a Dutch court, and both\n\
            the translation and the original-language document are sent (IND form\n\
            7018, version 2025/1, section 6).\n\
            \n\
            ## How to fix it\n\
            Have the document translated by a translator sworn in by a Dutch court\n\
            (beëdigd vertaler), scan the translation and list it under\n\
            translation = [...] with translator = \"sworn\".",
    },
    RuleInfo {
        code: "L004",
        name: "TranslatorNotQualified",
        severity: Severity::Error,
        summary: "a translation is by neither a Dutch sworn translator nor one abroad",
        explanation: "## What it checks\n\
            A document has a translation, but translator is missing or \"other\": for\n\
            example a translation by a friend, a volunteer or an online service.\n\
            \n\
            ## Why the IND requires it\n\
            The IND accepts a translation by a translator sworn in by a Dutch court, or\n\
            a translation made abroad that is itself legalised or apostilled (IND form\n\
            7018, version 2025/1, section 6). Other translations are not accepted.\n\
            \n\
            ## How to fix it\n\
            Have the document translated by a Dutch sworn translator and set\n\
            translator = \"sworn\", or, for a translation made by a translator abroad,\n\
            set translator = \"foreign\" and have it legalised (see L005).",
    },
    RuleInfo {
        code: "L005",
        name: "TranslationNotLegalised",
        severity: Severity::Error,
        summary: "a translation made abroad is not legalised or apostilled",
        explanation: "## What it checks\n\
            A document's translation has translator = \"foreign\", but\n\
            translation_legalisation is missing or \"none\".\n\
            \n\
            ## Why the IND requires it\n\
            A translation made abroad (not by a Dutch sworn translator) must itself be\n\
            legalised or apostilled by the country where it was made (IND form 7018,\n\
            version 2025/1, section 6). Without that the IND cannot rely on it.\n\
            \n\
            ## How to fix it\n\
            Have the translation legalised or apostilled in the country where it was\n\
            made and set translation_legalisation = \"apostille\" or \"legalised\"; or\n\
            have the document translated again by a Dutch sworn translator.",
    },
    RuleInfo {
        code: "P001",
        name: "FeeReductionProofMissing",
        severity: Severity::Error,
        summary: "a fee reduction is claimed in the facts but its proof is missing",
        explanation: "## What it checks\n\
            The facts in case.toml claim a fee reduction or exemption that needs proof,\n\
            and a document of that kind is not listed. For form 7018, art8 and\n\
            insufficient_income together claim the fee exemption; it needs an\n\
            income-statement-t2 and loan-evidence. Without the proof dossier computes\n\
            the full fee.\n\
            \n\
            ## Why the IND requires it\n\
            The exemption for family applications under article 8 ECHR (Voorschrift\n\
            Vreemdelingen 2000, art. 3.34a) applies only when the applicant shows they\n\
            cannot pay: the IND accepts the Raad voor Rechtsbijstand's income statement\n\
            for the referent and proof that nobody, family included, can lend the\n\
            money. Courts upheld refusals without that proof. The name \"T-2\" for the\n\
            income statement comes from the project's seed documents.\n\
            \n\
            ## How to fix it\n\
            Enclose the income statement and the proof of failed attempts to borrow,\n\
            with the kinds the message names, or remove the facts and budget the full\n\
            fee (the IND does not refund it when an application is refused).",
    },
    RuleInfo {
        code: "P002",
        name: "FeeScheduleOutdated",
        severity: Severity::Warning,
        summary: "the newest known fee schedule is over a year old on the submission date",
        explanation: "## What it checks\n\
            The newest fee schedule in the form data came into force more than a year\n\
            before the submission date. The fee dossier computes may then be out of\n\
            date.\n\
            \n\
            It also fires when a fee reduction applies to the case (a fact, the\n\
            applicant's age or nationality) but the sources of the schedule in force do\n\
            not give that reduction's amount: the fee is then shown as unknown, never\n\
            as the base fee, which would be a guess.\n\
            \n\
            ## Why the IND requires it\n\
            IND fees change every 1 January (indexed on a wage index, and sometimes\n\
            reset, as in 2019 and 2023). For a posted application the IND sends a\n\
            letter after receipt with the amount to pay (form 7018, version 2025/1,\n\
            annex 7118-01), so a fee summary based on an old schedule gives the client\n\
            a wrong amount to budget.\n\
            \n\
            ## How to fix it\n\
            Look up the current amount on ind.nl (Leges: kosten van een aanvraag) and\n\
            tell the client. To fix it for every case, add the new schedule with its\n\
            valid_from date and source to the form data (forms/*.toml, or your own\n\
            folder with --forms); for a missing reduction, add it as a variant of the\n\
            schedule in force and remove it from that schedule's `unknown` list.",
    },
    RuleInfo {
        code: "R001",
        name: "RequiredDocumentMissing",
        severity: Severity::Error,
        summary: "a document the form requires for this case is missing",
        explanation: "## What it checks\n\
            The form's checklist (`dossier forms --form N`) lists the documents it\n\
            requires, some only under conditions: a fact in case.toml, the applicant's\n\
            age or nationality. For each requirement that applies, case.toml must list\n\
            a document of that kind. The message names the kind, the form and the\n\
            condition that made it required.\n\
            \n\
            ## Why the IND requires it\n\
            The IND's forms list the enclosures for each purpose. For form 7018\n\
            (version 2025/1) these include a copy of the applicant's passport, the\n\
            signed antecedents declaration (annex 7101) from age 12, the sponsor's\n\
            declaration (annex 7123) and, unless the nationality is TB-exempt (annex\n\
            7144), the TB test declaration. An incomplete application can be refused\n\
            or delayed, and the fee is not refunded.\n\
            \n\
            ## How to fix it\n\
            Add the document: scan it and list it in case.toml with the kind the\n\
            message names. If the condition does not apply (a fact set by mistake),\n\
            correct the fact instead.",
    },
    RuleInfo {
        code: "R002",
        name: "DocumentExpired",
        severity: Severity::Error,
        summary: "a passport, ID card or mvv has expired on the submission date",
        explanation: "## What it checks\n\
            A passport, ID card or mvv whose valid_until lies before the submission date\n\
            (submit_on in case.toml, or today).\n\
            \n\
            ## Why the IND requires it\n\
            The IND needs a valid travel document to establish identity and\n\
            nationality, and an expired mvv can no longer be used to enter the\n\
            Netherlands. An application with an expired passport is incomplete.\n\
            \n\
            ## How to fix it\n\
            Ask the client to renew the passport or ID card at their embassy or\n\
            consulate and send a copy of the new one; keep the proof of the renewal\n\
            request if it takes long. Check that valid_until in case.toml matches the\n\
            document.",
    },
    RuleInfo {
        code: "R003",
        name: "DocumentExpiresSoon",
        severity: Severity::Warning,
        summary: "a passport or ID card expires within 6 months after submission",
        explanation: "## What it checks\n\
            A passport or ID card whose valid_until lies within 6 months after the\n\
            submission date. Not reported when it has already expired (R002).\n\
            \n\
            ## Why the IND requires it\n\
            IND decisions often take months. A passport that runs out while the\n\
            application is pending must be renewed in the middle of the procedure,\n\
            which leads to questions and delays. The 6-month margin is this project's\n\
            rule of thumb, not an IND number.\n\
            \n\
            ## How to fix it\n\
            Advise the client to apply for a new passport now. Post the application\n\
            anyway if waiting would cost more (the finding is a warning) and send a\n\
            copy of the new passport when it arrives.",
    },
    RuleInfo {
        code: "R004",
        name: "MvvMissing",
        severity: Severity::Warning,
        summary: "the nationality needs an mvv for this purpose and none is enclosed",
        explanation: "## What it checks\n\
            The form says its purpose needs an mvv (machtiging tot voorlopig verblijf,\n\
            the entry visa for a long stay), the applicant's nationality is not on the\n\
            mvv-exempt list, no fact of the form says the mvv is not needed, and no\n\
            document of kind mvv is listed.\n\
            \n\
            ## Why the IND requires it\n\
            Most non-EU nationals need an mvv to come to the Netherlands for more than\n\
            90 days. Form 7018 (version 2025/1) handles this as the TEV procedure (permit\n\
            and mvv in one) and must not be used for an mvv-required person who is\n\
            already in the Netherlands. Exempt are EU/EEA and Swiss nationals and\n\
            Australia, Canada, Japan, Monaco, New Zealand, South Korea, the United\n\
            Kingdom, the United States and Vatican City (IND, 13 May 2024).\n\
            \n\
            ## How to fix it\n\
            If the applicant holds an mvv, scan it and list it with kind = \"mvv\". If\n\
            a fact of the form covers the situation, set it (`dossier forms --form N`;\n\
            for form 7018: tev_procedure = true when the mvv is requested with this\n\
            application, holds_valid_nl_permit = true when the applicant already has\n\
            a Dutch residence permit). Otherwise waive the finding with the reason.",
    },
    RuleInfo {
        code: "R005",
        name: "PostedDespiteMvvExemption",
        severity: Severity::Warning,
        summary: "an mvv-exempt applicant must file in person at an IND desk, not by post",
        explanation: "## What it checks\n\
            The form says that an applicant who relies on an mvv exemption must file\n\
            the application in person, and the applicant's nationality is on the\n\
            mvv-exempt list (EU/EEA, Switzerland, Australia, Canada, Japan, Monaco, New\n\
            Zealand, South Korea, the United Kingdom, the United States, Vatican City;\n\
            IND, 13 May 2024).\n\
            \n\
            ## Why the IND requires it\n\
            Form 7018 (version 2025/1, annex 7118-01) says that an application that\n\
            relies on an mvv exemption cannot be posted: it must be submitted at an IND\n\
            desk.\n\
            \n\
            ## How to fix it\n\
            Make an appointment at an IND desk and take the application there, or, if\n\
            the applicant does not rely on the exemption (for example they hold an\n\
            mvv), list the mvv. The packet from `dossier prepare` can be taken along.",
    },
    RuleInfo {
        code: "R006",
        name: "DocumentTooOld",
        severity: Severity::Error,
        summary: "a document is older than the form allows on the submission date",
        explanation: "## What it checks\n\
            Some documents must be recent. Their issued_on date is compared with the\n\
            submission date: an unmarried declaration, a GGD TB referral and a medical\n\
            statement may be at most 6 months old, an employer's statement at most 3\n\
            months (the limits live in the form data). Without issued_on the age\n\
            cannot be checked.\n\
            \n\
            ## Why the IND requires it\n\
            The IND accepts an unmarried declaration only when it is at most 6 months\n\
            old, and form 7018 (version 2025/1) repeats this; the same form sets 6\n\
            months for the GGD referral and medical statements and 3 months for the\n\
            employer's statement (annex 7110). Birth, marriage, death and divorce\n\
            certificates have no maximum age.\n\
            \n\
            ## How to fix it\n\
            Ask for a new document from the issuing authority and have it legalised\n\
            again if needed, then replace the copy and issued_on in case.toml. If the\n\
            submission date is wrong, correct submit_on.",
    },
    RuleInfo {
        code: "V001",
        name: "IdentifierMissingOnPage",
        severity: Severity::Error,
        summary: "a page with text lacks the V-number (or client number, or name and birth)",
        explanation: "## What it checks\n\
            On every page that has a text layer (typed text or a scanner's OCR), dossier\n\
            looks for the applicant's V-number or client number (either will do when\n\
            case.toml gives both); without a number, both the name and the date of\n\
            birth. A number may be grouped with spaces, dots, hyphens or slashes\n\
            (12 3456 7890, 1234.567.890, K-1234-5678), whichever way case.toml writes\n\
            it; a date may be written 1990-04-12, 12-04-1990, 12/04/1990 or\n\
            12.04.1990.\n\
            \n\
            ## Why the IND requires it\n\
            The IND asks that every copy carries the V-number or client number, or the\n\
            name and date of birth, so a loose page can be put back in the right file.\n\
            This comes from the IND page kept in the project's seed documents (\"Schrijf\n\
            op elke kopie uw V-nummer of klantnummer\"), not from the 2025 form text.\n\
            \n\
            ## How to fix it\n\
            Use `dossier prepare`: it stamps the number in the margin of every page of\n\
            the packet. Otherwise write it on the paper before scanning. If the page\n\
            shows the number in a way the text layer misses, waive the finding for\n\
            that file with a reason.",
    },
    RuleInfo {
        code: "V002",
        name: "TextLayerMissing",
        severity: Severity::Warning,
        summary: "a page has no text layer, so the V-number on it cannot be verified",
        explanation: "## What it checks\n\
            A page without a text layer (a scan saved without OCR, or a photo) cannot\n\
            be searched for the V-number, client number or name and date of birth.\n\
            One finding per page.\n\
            \n\
            ## Why the IND requires it\n\
            The IND asks that every copy carries the V-number or client number, or the\n\
            name and date of birth (the IND page kept in the project's seed\n\
            documents). dossier can only verify that on pages it can read.\n\
            \n\
            ## How to fix it\n\
            Nothing, if you use `dossier prepare`: it stamps the number on every page of\n\
            the packet. If you print the copies yourself, write the number on each page\n\
            by hand, or scan with OCR switched on. When the number is already on the\n\
            paper, a waiver (code V002, the file, and a reason) records that.",
    },
    RuleInfo {
        code: "X001",
        name: "FileInOtherCase",
        severity: Severity::Error,
        summary: "the same file (same bytes) is also in another case",
        explanation: "## What it checks\n\
            Every referenced file is fingerprinted (SHA-256). This finding means a file\n\
            with exactly the same bytes is referenced by another case checked in the\n\
            same run. The message names the other case by its id.\n\
            \n\
            ## Why the IND requires it\n\
            Two clients never have the same passport scan. A copy in two cases usually\n\
            means a client's document was saved in the wrong folder, so another\n\
            person's personal data would be sent to the IND, and one application lacks\n\
            its own document.\n\
            \n\
            ## How to fix it\n\
            Open both cases and decide which client the document belongs to; remove it\n\
            from the other case. When one document really serves both (a sponsor's\n\
            payslip for two family members, for example), waive the finding in each\n\
            case with that reason.",
    },
    RuleInfo {
        code: "X002",
        name: "VNumberSharedByApplicants",
        severity: Severity::Error,
        summary: "the same V-number is used by cases with different applicants",
        explanation: "## What it checks\n\
            Cases checked in the same run whose applicants have the same v_number but a\n\
            different name or date of birth. The message names the other case by its\n\
            id, never the people.\n\
            \n\
            ## Why the IND requires it\n\
            The V-number identifies one person at the IND. The same number for two\n\
            people means one of them is wrong, and every copy stamped with it would be\n\
            filed with the other person's dossier.\n\
            \n\
            ## How to fix it\n\
            Check the V-number of both applicants against an IND letter or their\n\
            residence cards and correct the wrong one. If it is the same person written\n\
            two ways, make the name and date of birth the same in both case.toml files.",
    },
];

/// Finds a rule by code, ignoring letter case (`f002` finds `F002`).
pub fn rule(code: &str) -> Option<&'static RuleInfo> {
    let code = code.trim();
    RULES.iter().find(|r| r.code.eq_ignore_ascii_case(code))
}

/// Text printed by `dossier explain CODE`: a heading line (code, severity, name, summary), a
/// blank line and the explanation, without a final newline.
pub fn explain_text(info: &RuleInfo) -> String {
    format!(
        "{} ({}) {}: {}\n\n{}",
        info.code,
        info.severity.as_str(),
        info.name,
        info.summary,
        info.explanation
    )
}

/// The code nearest to a mistyped `dossier explain` argument, compared with codes and names.
///
/// `F2` and `f02` find `F002`; `pagenota4` finds `F002` by its name. Returns `None` when nothing
/// is close enough to be a useful suggestion.
pub fn suggest(code: &str) -> Option<&'static str> {
    let wanted = code.trim().to_ascii_uppercase();
    if wanted.is_empty() {
        return None;
    }
    // A family letter followed by too few digits ("F2", "F02") is almost always a code whose
    // leading zeros were left out, which edit distance would rank no better than F020 or F012.
    if let Some(rest) = wanted.strip_prefix(|c: char| c.is_ascii_alphabetic())
        && !rest.is_empty()
        && rest.len() < 3
        && rest.bytes().all(|b| b.is_ascii_digit())
    {
        let padded = format!("{}{:0>3}", &wanted[..1], rest);
        if let Some(info) = rule(&padded) {
            return Some(info.code);
        }
    }
    let by_code = RULES
        .iter()
        .map(|r| (strsim::levenshtein(&wanted, r.code), r.code))
        .min_by_key(|&(distance, _)| distance);
    if let Some((distance, found)) = by_code
        && distance <= 1
    {
        return Some(found);
    }
    let by_name = RULES
        .iter()
        .map(|r| {
            let score = strsim::jaro_winkler(&wanted, &r.name.to_ascii_uppercase());
            (score, r.code)
        })
        .max_by(|a, b| a.0.total_cmp(&b.0));
    match (by_code, by_name) {
        (_, Some((score, found))) if score >= 0.85 => Some(found),
        (Some((distance, found)), _) if distance <= 2 && wanted.len() <= 5 => Some(found),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// SPEC section 4, in order, with the severity its table gives.
    const SPEC_TABLE: &[(&str, Severity)] = &[
        ("C001", Severity::Error),
        ("C002", Severity::Error),
        ("C003", Severity::Error),
        ("C004", Severity::Error),
        ("C005", Severity::Error),
        ("C006", Severity::Warning),
        ("C007", Severity::Error),
        ("C008", Severity::Error),
        ("C009", Severity::Error),
        ("C010", Severity::Warning),
        ("F001", Severity::Error),
        ("F002", Severity::Error),
        ("F003", Severity::Error),
        ("F004", Severity::Error),
        ("F005", Severity::Warning),
        ("F006", Severity::Warning),
        ("F007", Severity::Warning),
        ("F008", Severity::Error),
        ("F009", Severity::Error),
        ("F010", Severity::Warning),
        ("L001", Severity::Error),
        ("L002", Severity::Error),
        ("L003", Severity::Error),
        ("L004", Severity::Error),
        ("L005", Severity::Error),
        ("P001", Severity::Error),
        ("P002", Severity::Warning),
        ("R001", Severity::Error),
        ("R002", Severity::Error),
        ("R003", Severity::Warning),
        ("R004", Severity::Warning),
        ("R005", Severity::Warning),
        ("R006", Severity::Error),
        ("V001", Severity::Error),
        ("V002", Severity::Warning),
        ("X001", Severity::Error),
        ("X002", Severity::Error),
    ];

    const HEADINGS: [&str; 3] = [
        "## What it checks\n",
        "## Why the IND requires it\n",
        "## How to fix it\n",
    ];

    #[test]
    fn codes_are_unique_and_sorted() {
        for pair in RULES.windows(2) {
            assert!(
                pair[0].code < pair[1].code,
                "{} must come before {}",
                pair[0].code,
                pair[1].code
            );
        }
    }

    #[test]
    fn code_list_is_spec_section_4() {
        let codes: Vec<&str> = RULES.iter().map(|r| r.code).collect();
        let spec: Vec<&str> = SPEC_TABLE.iter().map(|&(c, _)| c).collect();
        assert_eq!(codes.len(), 37);
        assert_eq!(codes, spec);
    }

    #[test]
    fn severities_are_spec_section_4() {
        for &(code, severity) in SPEC_TABLE {
            let info = rule(code).unwrap_or_else(|| panic!("{code} is missing"));
            assert_eq!(info.severity, severity, "{code}");
        }
    }

    #[test]
    fn codes_have_a_family_letter_and_three_digits() {
        for r in RULES {
            let (family, digits) = r.code.split_at(1);
            assert!("CFVLRPX".contains(family), "{}", r.code);
            assert!(
                digits.len() == 3 && digits.bytes().all(|b| b.is_ascii_digit()),
                "{}",
                r.code
            );
        }
    }

    #[test]
    fn names_are_unique_camel_case() {
        let mut names: Vec<&str> = RULES.iter().map(|r| r.name).collect();
        for name in &names {
            assert!(name.starts_with(|c: char| c.is_ascii_uppercase()), "{name}");
            assert!(name.chars().all(|c| c.is_ascii_alphanumeric()), "{name}");
        }
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), RULES.len());
    }

    #[test]
    fn summaries_fit_79_columns() {
        for r in RULES {
            assert!(!r.summary.is_empty(), "{}", r.code);
            assert!(
                r.summary.chars().count() <= 79,
                "{}: {} characters",
                r.code,
                r.summary.chars().count()
            );
            assert!(!r.summary.contains('\n'), "{}", r.code);
        }
    }

    #[test]
    fn explanations_have_three_sections_in_order_none_empty() {
        for r in RULES {
            let text = r.explanation;
            assert!(text.starts_with(HEADINGS[0]), "{} starts badly", r.code);
            let positions: Vec<usize> = HEADINGS
                .iter()
                .map(|h| {
                    assert_eq!(text.matches(h).count(), 1, "{}: {h:?}", r.code);
                    text.find(h).unwrap_or(usize::MAX)
                })
                .collect();
            assert!(positions.windows(2).all(|p| p[0] < p[1]), "{}", r.code);
            for (i, &start) in positions.iter().enumerate() {
                let body_start = start + HEADINGS[i].len();
                let body_end = positions.get(i + 1).copied().unwrap_or(text.len());
                let body = &text[body_start..body_end];
                assert!(
                    !body.trim().is_empty(),
                    "{}: empty {:?}",
                    r.code,
                    HEADINGS[i]
                );
                if i + 1 < HEADINGS.len() {
                    assert!(body.ends_with("\n\n"), "{}: no blank line", r.code);
                }
            }
            assert!(!text.ends_with('\n'), "{}: trailing newline", r.code);
        }
    }

    #[test]
    fn explanations_fit_79_columns() {
        for r in RULES {
            for line in r.explanation.lines() {
                assert!(
                    line.chars().count() <= 79,
                    "{}: {} characters: {line}",
                    r.code,
                    line.chars().count()
                );
                assert_eq!(line, line.trim_end(), "{}: trailing space", r.code);
            }
        }
    }

    #[test]
    fn lookup_ignores_case() {
        assert_eq!(rule("f002").map(|r| r.code), Some("F002"));
        assert_eq!(rule(" X002 ").map(|r| r.code), Some("X002"));
        assert!(rule("F011").is_none());
        assert!(rule("").is_none());
    }

    #[test]
    fn explain_text_starts_with_code_severity_name_summary() {
        let info = rule("F002").expect("F002 exists");
        let text = explain_text(info);
        assert!(text.starts_with("F002 (error) PageNotA4: a page is not A4 size\n\n"));
        assert!(text.ends_with(info.explanation));
        let warning = explain_text(rule("V002").expect("V002 exists"));
        assert!(warning.starts_with("V002 (warning) TextLayerMissing: "));
    }

    /// The codes a fixture's `case.toml` header says must be reported, or `None` when the file
    /// has no well-formed header.
    fn expected_codes(text: &str) -> Option<Vec<String>> {
        let mut lines = text.lines();
        match lines.next()? {
            "# Should emit: nothing" => return Some(Vec::new()),
            "# Should emit:" => {}
            _ => return None,
        }
        let mut codes = Vec::new();
        for line in lines {
            if line == "# Should emit nothing else." {
                return Some(codes);
            }
            let fields: Vec<&str> = line.strip_prefix("#   ")?.split("  ").collect();
            let (&code, &file, &page) = (fields.first()?, fields.get(1)?, fields.get(2)?);
            rule(code)?;
            let page_ok = page == "-" || page.parse::<u32>().is_ok_and(|p| p >= 1);
            if file.is_empty() || file.contains(' ') || !page_ok {
                return None;
            }
            codes.push(code.to_owned());
        }
        None
    }

    #[test]
    fn every_code_has_a_fixture_that_expects_it() {
        let rules = std::path::Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures/rules"));
        let mut covered = std::collections::BTreeSet::new();
        for entry in walkdir::WalkDir::new(rules).sort_by_file_name() {
            let entry = entry.expect("fixtures/rules is readable");
            if entry.file_name() != "case.toml" {
                continue;
            }
            let path = entry.path().display().to_string();
            let text = std::fs::read_to_string(entry.path()).expect("case.toml is UTF-8");
            let codes = expected_codes(&text).unwrap_or_else(|| panic!("bad header: {path}"));
            // The root is named after the code it demonstrates, and its cases expect it.
            let root = entry
                .path()
                .strip_prefix(rules)
                .ok()
                .and_then(|p| p.iter().next())
                .map(|p| p.to_string_lossy().into_owned())
                .unwrap_or_default();
            assert!(rule(&root[..4.min(root.len())]).is_some(), "{path}");
            let parsed = text.parse::<toml::Table>();
            assert_eq!(
                parsed.is_err(),
                codes.iter().any(|c| c == "C001"),
                "{path}: only a C001 fixture may be invalid TOML"
            );
            covered.extend(codes);
        }
        let missing: Vec<&str> = RULES
            .iter()
            .map(|r| r.code)
            .filter(|c| !covered.contains(*c))
            .collect();
        assert!(missing.is_empty(), "no fixture expects {missing:?}");
    }

    #[test]
    fn suggest_finds_mistyped_codes_and_names() {
        assert_eq!(suggest("F02"), Some("F002"));
        assert_eq!(suggest("f2"), Some("F002"));
        assert_eq!(suggest("F0002"), Some("F002"));
        assert_eq!(suggest("V0O1"), Some("V001"));
        assert_eq!(suggest("pagenota4"), Some("F002"));
        assert_eq!(suggest("TranslationMising"), Some("L003"));
        assert_eq!(suggest("blank page"), Some("F006"));
        assert_eq!(suggest("completely unrelated words"), None);
        assert_eq!(suggest(""), None);
    }
}
