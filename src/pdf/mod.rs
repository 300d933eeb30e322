//! The council's official documents as PDF: the OCOP certificate, a member's
//! scoring sheet and the meeting minutes, plus batch printing of certificates.
//!
//! A pure rendering layer: every document is built from a plain input struct and
//! returned as bytes (or written to a file through a temp name and a rename). It
//! reads store results only to build the minutes' input; it never writes the
//! database, and it knows nothing of egui or the CLI.
//!
//! Text is real text in embedded, subsetted DejaVu fonts (NFC), so `pdftotext`,
//! search and copy give back the Vietnamese words; a certificate file is ~30 KB.
//! Layout is in millimetres with y measured from the top ([`canvas`]).

pub mod batch;
pub mod canvas;
pub mod certificate;
pub mod decision;
pub mod expiry_notice;
pub mod flow;
pub mod fonts;
pub mod heading;
pub mod logo;
pub mod minutes;
pub mod programme_report;
pub mod qr;
pub mod sheet;
mod subset;
pub mod text_vi;

use std::path::{Path, PathBuf};

use printpdf::{PdfDocument, PdfPage, PdfSaveOptions};

pub use batch::{BatchOutput, BatchReport, write_certificates};
pub use certificate::{CertificateData, render_certificate, render_certificates};
pub use fonts::Fonts;
pub use logo::Logo;
pub use minutes::{MinutesData, MinutesExtras, render_minutes};
pub use sheet::{SheetHeader, SheetPdfData, render_sheets};

/// Why a document could not be made.
#[derive(Debug, thiserror::Error)]
pub enum PdfError {
    #[error("font {name}: {problem}")]
    Font { name: String, problem: String },
    #[error("logo {path}: {problem}")]
    Logo { path: PathBuf, problem: String },
    #[error("certificate {number} ({product}): {problem}")]
    Certificate {
        number: String,
        product: String,
        problem: String,
    },
    #[error("{0}")]
    Invalid(String),
    #[error("cannot write {path}: {source}")]
    Write {
        path: PathBuf,
        source: std::io::Error,
    },
}

/// What every document needs besides its data: the fonts and the optional logo.
#[derive(Clone)]
pub struct DocAssets {
    pub fonts: Fonts,
    pub logo: Option<Logo>,
}

impl DocAssets {
    /// The embedded fonts and no logo.
    pub fn embedded() -> Result<Self, PdfError> {
        Ok(Self {
            fonts: Fonts::embedded()?,
            logo: None,
        })
    }
}

/// Serialises pages with subsetted fonts (a whole DejaVu face would add ~700 KB).
fn save(mut doc: PdfDocument, pages: Vec<PdfPage>) -> Vec<u8> {
    subset::subset_fonts(&mut doc, &pages);
    let options = PdfSaveOptions {
        // Already subset above; printpdf's own subsetting needs its `text_layout` feature.
        subset_fonts: false,
        ..Default::default()
    };
    doc.with_pages(pages).save(&options, &mut Vec::new())
}

/// Writes `bytes` to `path` through a temp file in the same folder and a rename,
/// so a reader never sees a half-written PDF.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> Result<(), PdfError> {
    let fail = |source| PdfError::Write {
        path: path.to_path_buf(),
        source,
    };
    crate::files::write_atomic(path, bytes).map_err(fail)
}

/// A temp file in `folder` that becomes an ordinary document when renamed:
/// readable by others as the umask allows (tempfile's default is owner-only).
pub(crate) fn temp_file_in(
    folder: &Path,
    prefix: &str,
) -> std::io::Result<tempfile::NamedTempFile> {
    let mut builder = tempfile::Builder::new();
    builder.prefix(prefix).suffix(".tmp");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        builder.permissions(std::fs::Permissions::from_mode(0o666));
    }
    builder.tempfile_in(folder)
}
