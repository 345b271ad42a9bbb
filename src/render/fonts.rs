//! The fonts compiled into `dossier` for everything it typesets: DejaVu Sans and DejaVu Sans
//! Bold (Bitstream Vera licence, which allows embedding and redistribution; see
//! `templates/fonts/LICENSE-DejaVu.txt`). One font file covers Latin with every diacritic,
//! precomposed Vietnamese, Cyrillic and Arabic, so a client's name never falls back to a missing
//! glyph.
//!
//! System fonts are deliberately never consulted: output must be byte-identical on every
//! machine, and a template cannot pick up a font that a later run would lack.

/// DejaVu Sans, regular weight.
pub static DEJAVU_SANS: &[u8] = include_bytes!("../../templates/fonts/DejaVuSans.ttf");

/// DejaVu Sans, bold weight.
pub static DEJAVU_SANS_BOLD: &[u8] = include_bytes!("../../templates/fonts/DejaVuSans-Bold.ttf");

/// Every built-in font, in the order typst's font book sees them.
pub fn all() -> [&'static [u8]; 2] {
    [DEJAVU_SANS, DEJAVU_SANS_BOLD]
}
