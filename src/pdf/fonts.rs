//! The typefaces the documents use: DejaVu Sans and Serif (regular and bold),
//! embedded in the binary, optionally with the serif pair replaced by fonts the
//! province chooses (e.g. a Times-like face, as official documents use).
//!
//! Also owns text measuring: printpdf writes one glyph per character with the
//! font's own advance widths (no kerning), so the sum of advances is exactly the
//! width the viewer draws.

use std::sync::{Arc, OnceLock};

use printpdf::{FontId, ParsedFont, PdfDocument};
use unicode_normalization::UnicodeNormalization;

use super::PdfError;

const DEJAVU_SANS: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans.ttf");
const DEJAVU_SANS_BOLD: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans-Bold.ttf");
const DEJAVU_SERIF: &[u8] = include_bytes!("../../assets/fonts/DejaVuSerif.ttf");
const DEJAVU_SERIF_BOLD: &[u8] = include_bytes!("../../assets/fonts/DejaVuSerif-Bold.ttf");

/// Every letter Vietnamese writes (NFC, both cases): a font used for official
/// documents must draw all of them, or names come out with holes.
pub const VIETNAMESE_LETTERS: &str = "aàảãáạăằẳẵắặâầẩẫấậbcdđeèẻẽéẹêềểễếệfghiìỉĩíịjklmnoòỏõóọôồổỗốộơờởỡớợpqrstuùủũúụưừửữứựvwxyỳỷỹýỵz\
AÀẢÃÁẠĂẰẲẴẮẶÂẦẨẪẤẬBCDĐEÈẺẼÉẸÊỀỂỄẾỆFGHIÌỈĨÍỊJKLMNOÒỎÕÓỌÔỒỔỖỐỘƠỜỞỠỚỢPQRSTUÙỦŨÚỤƯỪỬỮỨỰVWXYỲỶỸÝỴZ0123456789";

/// A face of the document's typefaces.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Face {
    Sans,
    SansBold,
    Serif,
    SerifBold,
}

impl Face {
    const ALL: [Face; 4] = [Face::Sans, Face::SansBold, Face::Serif, Face::SerifBold];

    fn index(self) -> usize {
        self as usize
    }
}

/// One parsed typeface with its advance widths cached per character.
struct LoadedFace {
    font: ParsedFont,
    units_per_em: f32,
}

impl LoadedFace {
    fn parse(bytes: &[u8], name: &str) -> Result<Self, PdfError> {
        let mut warnings = Vec::new();
        let font =
            ParsedFont::from_bytes(bytes, 0, &mut warnings).ok_or_else(|| PdfError::Font {
                name: name.to_owned(),
                problem: "not a TrueType/OpenType font printpdf can read".into(),
            })?;
        let units_per_em = f32::from(font.pdf_font_metrics.units_per_em.max(1));
        Ok(Self { font, units_per_em })
    }

    /// Advance of `c` in ems (the .notdef width when the font lacks it).
    fn advance_em(&self, c: char) -> f32 {
        let gid = self.font.lookup_glyph_index(c as u32).unwrap_or(0);
        f32::from(self.font.get_glyph_width(gid).unwrap_or(0)) / self.units_per_em
    }

    fn missing(&self, text: &str) -> Vec<char> {
        let mut out: Vec<char> = text
            .chars()
            .filter(|c| !c.is_whitespace() && self.font.lookup_glyph_index(*c as u32).is_none())
            .collect();
        out.sort_unstable();
        out.dedup();
        out
    }
}

/// The four faces, parsed once and shared (cheap to clone).
#[derive(Clone)]
pub struct Fonts {
    faces: Arc<[LoadedFace; 4]>,
}

/// A replacement serif pair, read from files named in the document settings.
pub struct SerifOverride<'a> {
    pub regular: (&'a [u8], &'a str),
    pub bold: (&'a [u8], &'a str),
}

impl Fonts {
    /// The embedded DejaVu faces (parsed on first use, then shared).
    pub fn embedded() -> Result<Self, PdfError> {
        static EMBEDDED: OnceLock<Result<Fonts, String>> = OnceLock::new();
        EMBEDDED
            .get_or_init(|| Self::build(None).map_err(|e| e.to_string()))
            .clone()
            .map_err(|problem| PdfError::Font {
                name: "embedded DejaVu".into(),
                problem,
            })
    }

    /// The embedded sans faces with the serif pair replaced. Each replacement must
    /// parse and draw every Vietnamese letter.
    pub fn with_serif(serif: &SerifOverride<'_>) -> Result<Self, PdfError> {
        Self::build(Some(serif))
    }

    fn build(serif: Option<&SerifOverride<'_>>) -> Result<Self, PdfError> {
        let (regular, bold) = match serif {
            Some(s) => (s.regular, s.bold),
            None => (
                (DEJAVU_SERIF, "DejaVuSerif.ttf"),
                (DEJAVU_SERIF_BOLD, "DejaVuSerif-Bold.ttf"),
            ),
        };
        let faces = [
            LoadedFace::parse(DEJAVU_SANS, "DejaVuSans.ttf")?,
            LoadedFace::parse(DEJAVU_SANS_BOLD, "DejaVuSans-Bold.ttf")?,
            LoadedFace::parse(regular.0, regular.1)?,
            LoadedFace::parse(bold.0, bold.1)?,
        ];
        for (face, name) in
            faces
                .iter()
                .zip(["DejaVuSans.ttf", "DejaVuSans-Bold.ttf", regular.1, bold.1])
        {
            let missing = face.missing(VIETNAMESE_LETTERS);
            if !missing.is_empty() {
                return Err(PdfError::Font {
                    name: name.to_owned(),
                    problem: format!(
                        "has no glyph for {} Vietnamese letters (e.g. {})",
                        missing.len(),
                        missing.iter().take(8).collect::<String>()
                    ),
                });
            }
        }
        Ok(Self {
            faces: Arc::new(faces),
        })
    }

    /// Width of `text` (taken as NFC) in millimetres at `size_pt`.
    pub fn width_mm(&self, face: Face, size_pt: f32, text: &str) -> f32 {
        let loaded = &self.faces[face.index()];
        let ems: f32 = text.nfc().map(|c| loaded.advance_em(c)).sum();
        ems * size_pt * MM_PER_PT
    }

    /// Characters of `text` the face cannot draw.
    pub fn missing_glyphs(&self, face: Face, text: &str) -> Vec<char> {
        let nfc: String = text.nfc().collect();
        self.faces[face.index()].missing(&nfc)
    }

    /// Registers the four faces in `doc`; the ids are valid for that document only.
    pub fn register(&self, doc: &mut PdfDocument) -> DocFonts {
        DocFonts {
            ids: Face::ALL.map(|f| doc.add_font(&self.faces[f.index()].font)),
        }
    }
}

/// The faces' ids inside one PDF document.
#[derive(Clone)]
pub struct DocFonts {
    ids: [FontId; 4],
}

impl DocFonts {
    pub fn id(&self, face: Face) -> &FontId {
        &self.ids[face.index()]
    }
}

/// Millimetres per PostScript point.
pub const MM_PER_PT: f32 = 25.4 / 72.0;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_faces_draw_every_vietnamese_letter_and_measure_in_mm() {
        let fonts = Fonts::embedded().unwrap();
        for face in Face::ALL {
            assert!(fonts.missing_glyphs(face, VIETNAMESE_LETTERS).is_empty());
        }
        // Bold is wider than regular; width scales with size.
        let w = fonts.width_mm(Face::Serif, 10.0, "Đạt hạng 4 sao");
        assert!(w > 20.0 && w < 40.0, "{w}");
        assert!(fonts.width_mm(Face::SerifBold, 10.0, "Đạt hạng 4 sao") > w);
        let doubled = fonts.width_mm(Face::Serif, 20.0, "Đạt hạng 4 sao");
        assert!((doubled - 2.0 * w).abs() < 0.01);
        // Decomposed input is measured as its NFC form.
        let decomposed = "Đa\u{0323}t";
        assert!(
            (fonts.width_mm(Face::Sans, 10.0, decomposed)
                - fonts.width_mm(Face::Sans, 10.0, "Đạt"))
            .abs()
                < 0.001
        );
    }

    #[test]
    fn a_font_without_vietnamese_or_not_a_font_is_refused() {
        let garbage = b"definitely not a font";
        let err = Fonts::with_serif(&SerifOverride {
            regular: (garbage, "garbage.ttf"),
            bold: (DEJAVU_SERIF_BOLD, "DejaVuSerif-Bold.ttf"),
        })
        .err()
        .unwrap();
        assert!(err.to_string().contains("garbage.ttf"), "{err}");
    }
}
