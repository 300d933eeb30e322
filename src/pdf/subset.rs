//! Font subsetting before a document is saved: each registered face is replaced by
//! a subset holding only the glyphs the document's text uses.
//!
//! printpdf subsets fonts itself only with its `text_layout` feature, which brings
//! an HTML layout engine (azul-layout, azul-core, azul-css, rust-fontconfig): about
//! a fifth of the whole debug build's compile time, for a layout we do not use
//! (ours is in `canvas.rs`/`flow.rs`). Without the feature printpdf embeds each
//! font whole (~700 KB a DejaVu face), so this module hands it fonts that are
//! already subsets, cut by `allsorts` (the subsetter printpdf's feature calls, with
//! the same PDF table profile). The subset keeps a Unicode cmap, so printpdf maps
//! characters to the subset's glyphs and writes /W and /ToUnicode from it; text
//! stays extractable.

use std::collections::{BTreeMap, BTreeSet};

use allsorts::binary::read::ReadScope;
use allsorts::font_data::FontData;
use allsorts::subset::{CmapTarget, SubsetProfile};
use printpdf::{FontId, Op, ParsedFont, PdfDocument, PdfFontHandle, PdfPage, TextItem};

/// Replaces every external font of `doc` by the subset `pages` use. (Our form
/// XObjects are drawings without text.) A face that cannot be subset stays whole:
/// a bigger file, never a wrong one.
pub(super) fn subset_fonts(doc: &mut PdfDocument, pages: &[PdfPage]) {
    let mut used: BTreeMap<FontId, BTreeSet<char>> = BTreeMap::new();
    for page in pages {
        collect_chars(&page.ops, &mut used);
    }
    for (id, font) in doc.resources.fonts.map.iter_mut() {
        let chars = used.get(id).cloned().unwrap_or_default();
        if let Some(subset) = subset_of(&font.parsed_font, &chars) {
            font.parsed_font = subset;
        }
    }
}

/// The characters each font shows in `ops` (the face set by the last `SetFont`).
fn collect_chars(ops: &[Op], used: &mut BTreeMap<FontId, BTreeSet<char>>) {
    let mut current: Option<&FontId> = None;
    for op in ops {
        match op {
            Op::SetFont {
                font: PdfFontHandle::External(id),
                ..
            } => current = Some(id),
            Op::ShowText { items } => {
                let Some(id) = current else { continue };
                let chars = used.entry(id.clone()).or_default();
                for item in items {
                    if let TextItem::Text(text) = item {
                        chars.extend(text.chars());
                    }
                }
            }
            _ => {}
        }
    }
}

/// `font` cut down to `.notdef` and the glyphs of `chars`, parsed again so its cmap
/// and advance widths are the subset's own; `None` if allsorts cannot subset it.
fn subset_of(font: &ParsedFont, chars: &BTreeSet<char>) -> Option<ParsedFont> {
    let used: BTreeSet<u16> = chars
        .iter()
        .filter_map(|c| font.lookup_glyph_index(*c as u32))
        .filter(|gid| *gid != 0)
        .collect();
    // allsorts requires .notdef first and no duplicates.
    let glyph_ids: Vec<u16> = std::iter::once(0).chain(used).collect();
    let scope = ReadScope::new(&font.original_bytes);
    let file = scope.read::<FontData<'_>>().ok()?;
    let provider = file.table_provider(font.font_index as usize).ok()?;
    let bytes = allsorts::subset::subset(
        &provider,
        &glyph_ids,
        &SubsetProfile::Pdf,
        CmapTarget::Unicode,
    )
    .ok()?;
    let mut warnings = Vec::new();
    let mut subset = ParsedFont::from_bytes(&bytes, 0, &mut warnings)?;
    subset.font_name.clone_from(&font.font_name);
    Some(subset)
}

#[cfg(test)]
mod tests {
    use super::*;

    const SANS: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans.ttf");

    fn parsed(bytes: &[u8]) -> ParsedFont {
        ParsedFont::from_bytes(bytes, 0, &mut Vec::new()).unwrap_or_else(|| panic!("font"))
    }

    #[test]
    fn a_subset_keeps_the_used_letters_with_their_widths_and_drops_the_rest() {
        let full = parsed(SANS);
        let chars: BTreeSet<char> = "Chứng nhận Ỹ".chars().collect();
        let subset = subset_of(&full, &chars).unwrap_or_else(|| panic!("subset"));
        assert!(subset.original_bytes.len() * 20 < full.original_bytes.len());
        for c in chars.iter().filter(|c| !c.is_whitespace()) {
            let old = full
                .lookup_glyph_index(*c as u32)
                .and_then(|g| full.get_glyph_width(g));
            let new = subset
                .lookup_glyph_index(*c as u32)
                .and_then(|g| subset.get_glyph_width(g));
            assert!(new.is_some(), "{c} lost");
            assert_eq!(old, new, "{c}'s advance changed");
        }
        assert_eq!(subset.lookup_glyph_index('Z' as u32), None);
    }

    #[test]
    fn a_face_the_document_never_uses_shrinks_to_notdef() {
        let full = parsed(SANS);
        let subset = subset_of(&full, &BTreeSet::new()).unwrap_or_else(|| panic!("subset"));
        assert!(subset.original_bytes.len() * 20 < full.original_bytes.len());
        assert_eq!(subset.lookup_glyph_index('a' as u32), None);
    }
}
