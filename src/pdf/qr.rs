//! A QR code drawn as vector squares (no raster image): each run of dark modules
//! in a row becomes one filled rectangle, so it stays sharp at any zoom and adds
//! only a few hundred bytes to the page.

use qrcode::{Color, EcLevel, QrCode};

use super::PdfError;
use super::canvas::{Canvas, Colour};

/// The dark modules of a QR code, row by row.
#[derive(Debug, Clone)]
pub struct QrMatrix {
    pub width_modules: usize,
    dark: Vec<bool>,
}

impl QrMatrix {
    /// Encodes `payload` with medium error correction (15%: survives a smudge).
    pub fn encode(payload: &str) -> Result<Self, PdfError> {
        let code = QrCode::with_error_correction_level(payload.as_bytes(), EcLevel::M)
            .map_err(|e| PdfError::Invalid(format!("cannot encode the QR payload: {e}")))?;
        Ok(Self {
            width_modules: code.width(),
            dark: code
                .to_colors()
                .into_iter()
                .map(|c| c == Color::Dark)
                .collect(),
        })
    }

    pub fn is_dark(&self, x: usize, y: usize) -> bool {
        self.dark[y * self.width_modules + x]
    }

    /// Horizontal runs of dark modules: (row, first column, length).
    pub fn dark_runs(&self) -> Vec<(usize, usize, usize)> {
        let mut runs = Vec::new();
        for y in 0..self.width_modules {
            let mut x = 0;
            while x < self.width_modules {
                if self.is_dark(x, y) {
                    let start = x;
                    while x < self.width_modules && self.is_dark(x, y) {
                        x += 1;
                    }
                    runs.push((y, start, x - start));
                } else {
                    x += 1;
                }
            }
        }
        runs
    }

    /// Draws the code with its top-left corner at (x, top), `size_mm` wide
    /// including the 4-module quiet zone the standard asks for (left white).
    pub fn draw(&self, canvas: &mut Canvas, x: f32, top: f32, size_mm: f32) {
        let modules = self.width_modules + 8;
        let module = size_mm / modules as f32;
        let origin_x = x + 4.0 * module;
        let origin_y = top + 4.0 * module;
        let mut ops = vec![Canvas::set_fill(Colour::BLACK)];
        for (row, column, length) in self.dark_runs() {
            // A hair of overlap so viewers do not show seams between rows.
            ops.push(canvas.pdf_rect_fill(
                origin_x + column as f32 * module,
                origin_y + row as f32 * module,
                length as f32 * module,
                module + 0.01,
            ));
        }
        canvas.push_ops(ops);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn runs_cover_exactly_the_dark_modules() {
        let qr = QrMatrix::encode("OCOP|12/2026/GCN-OCOP|4|2026-12-15|2029-12-15").unwrap();
        assert!(qr.width_modules >= 21);
        let mut covered = vec![false; qr.width_modules * qr.width_modules];
        for (row, column, length) in qr.dark_runs() {
            for x in column..column + length {
                assert!(!covered[row * qr.width_modules + x], "overlapping runs");
                covered[row * qr.width_modules + x] = true;
            }
        }
        for y in 0..qr.width_modules {
            for x in 0..qr.width_modules {
                assert_eq!(covered[y * qr.width_modules + x], qr.is_dark(x, y));
            }
        }
        // The finder pattern's top-left corner is dark.
        assert!(qr.is_dark(0, 0));
    }
}
