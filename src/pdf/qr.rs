//! A QR code drawn as vector squares (no raster image): each run of dark modules
//! in a row becomes one filled rectangle, so it stays sharp at any zoom and adds
//! only a few hundred bytes to the page.

use printpdf::{CurTransMat, Mm, Op, PaintMode, Pt, Rect};
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

    /// The dark modules as rectangles: each horizontal run merged with the same
    /// run (same columns) in the rows below it. (row, column, width, height) in
    /// modules; together they cover exactly the dark modules, without overlap.
    pub fn dark_blocks(&self) -> Vec<(usize, usize, usize, usize)> {
        let mut blocks: Vec<(usize, usize, usize, usize)> = Vec::new();
        // Blocks still growing: (column, width) -> index in `blocks`.
        let mut open: std::collections::HashMap<(usize, usize), usize> = Default::default();
        for (row, column, width) in self.dark_runs() {
            match open.get(&(column, width)) {
                Some(&i) if blocks[i].0 + blocks[i].3 == row => blocks[i].3 += 1,
                _ => {
                    open.insert((column, width), blocks.len());
                    blocks.push((row, column, width, 1));
                }
            }
        }
        blocks
    }

    /// Draws the code with its top-left corner at (x, top), `size_mm` wide
    /// including the 4-module quiet zone the standard asks for (left white).
    ///
    /// The runs are written in module units under one scaling matrix: small whole
    /// numbers (`12 3 4 1.01 re f`) where page coordinates would be a long decimal
    /// per corner, which halves the code's share of a certificate file.
    pub fn draw(&self, canvas: &mut Canvas, x: f32, top: f32, size_mm: f32) {
        let modules = self.width_modules + 8;
        let module_mm = size_mm / modules as f32;
        let module_pt = Mm(module_mm).into_pt().0;
        let origin_x = Mm(x + 4.0 * module_mm).into_pt().0;
        let origin_y = Mm(canvas.height_mm - (top + 4.0 * module_mm)).into_pt().0;
        // Blocks reach 0.01 mm into the row below so no hairline shows between them.
        let overlap = ((0.01 / module_mm) * 1000.0).round() / 1000.0;
        let mut ops = vec![
            Op::SaveGraphicsState,
            Canvas::set_fill(Colour::BLACK),
            // y grows downwards in module units, as rows do.
            Op::SetTransformationMatrix {
                matrix: CurTransMat::Raw([module_pt, 0.0, 0.0, -module_pt, origin_x, origin_y]),
            },
        ];
        for (row, column, width, height) in self.dark_blocks() {
            ops.push(Op::DrawRectangle {
                rectangle: Rect {
                    x: Pt(column as f32),
                    y: Pt(row as f32),
                    width: Pt(width as f32),
                    height: Pt(height as f32 + overlap),
                    mode: Some(PaintMode::Fill),
                    winding_order: None,
                },
            });
        }
        ops.push(Op::RestoreGraphicsState);
        canvas.push_ops(ops);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn runs_and_blocks_cover_exactly_the_dark_modules() {
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
        let mut covered = vec![false; qr.width_modules * qr.width_modules];
        let blocks = qr.dark_blocks();
        assert!(blocks.len() < qr.dark_runs().len());
        for (row, column, width, height) in blocks {
            for y in row..row + height {
                for x in column..column + width {
                    assert!(!covered[y * qr.width_modules + x], "overlapping blocks");
                    covered[y * qr.width_modules + x] = true;
                }
            }
        }
        for y in 0..qr.width_modules {
            for x in 0..qr.width_modules {
                assert_eq!(covered[y * qr.width_modules + x], qr.is_dark(x, y));
            }
        }
    }
}
