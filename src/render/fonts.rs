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

/// The characters of `text` that no built-in font has a glyph for: they would print as empty
/// boxes (Chinese, say, or emoji). Spaces and invisible joiners are not counted.
pub fn missing_glyphs(text: &str) -> Vec<char> {
    static FONTS: std::sync::OnceLock<Vec<typst::text::Font>> = std::sync::OnceLock::new();
    let fonts = FONTS.get_or_init(|| {
        all()
            .into_iter()
            .flat_map(|b| typst::text::Font::iter(typst::foundations::Bytes::new(b)))
            .collect()
    });
    let invisible = |c: char| {
        c.is_whitespace()
            || c.is_control()
            || matches!(c, '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2060}'..='\u{2064}' | '\u{FE00}'..='\u{FE0F}' | '\u{FEFF}')
    };
    let mut missing = Vec::new();
    for c in text.chars() {
        if !invisible(c)
            && !missing.contains(&c)
            && !fonts
                .iter()
                .any(|f| f.info().coverage.contains(u32::from(c)))
        {
            missing.push(c);
        }
    }
    missing
}

#[cfg(test)]
mod tests {
    use super::missing_glyphs;

    #[test]
    fn names_the_fonts_cannot_print_are_told() {
        for printable in [
            "Şükrü Yılmaz",
            "Łukasz Wąsik",
            "Nguyễn Thị Hương",
            "Анна Петрова",
            "محمد",
        ] {
            assert_eq!(missing_glyphs(printable), Vec::<char>::new(), "{printable}");
        }
        assert_eq!(missing_glyphs("王小明 Wang"), vec!['王', '小', '明']);
        assert_eq!(
            missing_glyphs("A\u{1F468}\u{200D}\u{1F469}"),
            vec!['\u{1F468}', '\u{1F469}']
        );
    }
}
