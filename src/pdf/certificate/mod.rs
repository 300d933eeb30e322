//! The OCOP certificate (GIẤY CHỨNG NHẬN SẢN PHẨM OCOP): A4 landscape, a
//! decorative border, the issuing authority and the national heading, the product,
//! producer and address, the rank drawn as stars and written out, the approval
//! decision, the validity, place and date, the signatory with room for signature
//! and seal, an optional logo, a QR code with a verification payload, and a
//! "BẢN SAO" mark on reprints.
//!
//! A province certifies 3★ and 4★, the Ministry (a central round) 5★ (QĐ
//! 1489/2025); which round certifies which rank is decided by the store when it
//! issues. Any rank outside 3–5 is refused before anything is drawn.

mod compact;
mod layout;
mod ornament;
mod to_unicode;

use chrono::NaiveDate;
use printpdf::{PdfDocument, PdfPage, PdfSaveOptions, XObjectId};

use layout::{PAGE_H, PAGE_W, draw_page};

use super::canvas::{Canvas, Typesetter};
use super::fonts::{DocFonts, Face};
use super::text_vi::date_short;
use super::{DocAssets, PdfError};

/// Everything printed on one certificate. Plain data: the round lifecycle fills it
/// from the finalized round, the product and the document settings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CertificateData {
    /// The issuing authority, e.g. "ỦY BAN NHÂN DÂN TỈNH SÓC TRĂNG" ('\n' forces a
    /// line break; without one the line breaks after "ỦY BAN NHÂN DÂN").
    pub authority: String,
    /// Unique per authority and year, e.g. "12/2026/GCN-OCOP"; a reprint keeps it.
    pub certificate_number: String,
    pub product_name: String,
    pub producer_name: String,
    pub producer_address: String,
    /// 3 to 5.
    pub stars: u8,
    /// The approval decision, e.g. "1234/QĐ-UBND".
    pub decision_number: String,
    pub decision_date: NaiveDate,
    /// The signing date printed with the place.
    pub issue_date: NaiveDate,
    /// Last day of validity (36 months from issue).
    pub valid_until: NaiveDate,
    /// The place in "Sóc Trăng, ngày … tháng … năm …".
    pub place_name: String,
    /// e.g. "TM. ỦY BAN NHÂN DÂN\nKT. CHỦ TỊCH\nPHÓ CHỦ TỊCH" (one line per '\n').
    pub signatory_title: String,
    pub signatory_name: String,
    /// The text the QR code carries (the lifecycle's verification payload).
    pub qr_payload: String,
    /// A reprint: marked "BẢN SAO".
    pub copy: bool,
}

/// Ranks a certificate is printed for (3★, 4★ by a province; 5★ by the Ministry).
pub const CERTIFIABLE_STARS: [u8; 3] = [3, 4, 5];

/// Longest texts that still fit the layout.
pub(super) const MAX_PRODUCT_CHARS: usize = 120;
pub(super) const MAX_PRODUCER_CHARS: usize = 120;
pub(super) const MAX_ADDRESS_CHARS: usize = 220;
const MAX_SHORT_CHARS: usize = 60;
const MAX_QR_BYTES: usize = 600;

impl CertificateData {
    fn label(&self) -> (String, String) {
        (
            if self.certificate_number.trim().is_empty() {
                "(no number)".into()
            } else {
                self.certificate_number.clone()
            },
            self.product_name.clone(),
        )
    }

    /// Every problem with this certificate's data, each as one sentence.
    pub fn problems(&self, assets: &DocAssets) -> Vec<String> {
        let mut problems = Vec::new();
        if !CERTIFIABLE_STARS.contains(&self.stars) {
            problems.push(format!(
                "{}★ is not certifiable: certificates are for 3★ to 5★ products (QĐ 148/2023, 1489/2025)",
                self.stars
            ));
        }
        let fields: [(&str, &str, usize); 10] = [
            ("authority", &self.authority, MAX_PRODUCER_CHARS),
            (
                "certificate number",
                &self.certificate_number,
                MAX_SHORT_CHARS,
            ),
            ("product name", &self.product_name, MAX_PRODUCT_CHARS),
            ("producer", &self.producer_name, MAX_PRODUCER_CHARS),
            ("decision number", &self.decision_number, MAX_SHORT_CHARS),
            ("place name", &self.place_name, MAX_SHORT_CHARS),
            ("signatory title", &self.signatory_title, MAX_PRODUCER_CHARS),
            ("signatory name", &self.signatory_name, MAX_SHORT_CHARS),
            (
                "producer address",
                &self.producer_address,
                MAX_ADDRESS_CHARS,
            ),
            ("QR payload", &self.qr_payload, MAX_QR_BYTES),
        ];
        for (name, value, max) in fields {
            let value = value.trim();
            if value.is_empty() {
                problems.push(format!("the {name} is empty"));
            }
            if value.chars().count() > max {
                problems.push(format!(
                    "the {name} is {} characters long; at most {max} fit",
                    value.chars().count()
                ));
            }
            let face = if name == "product name" || name == "producer" {
                Face::SerifBold
            } else {
                Face::Serif
            };
            let missing = assets.fonts.missing_glyphs(face, value);
            if !missing.is_empty() && name != "QR payload" {
                problems.push(format!(
                    "the {name} has characters the font cannot draw: {}",
                    missing.iter().collect::<String>()
                ));
            }
        }
        if self.valid_until <= self.issue_date {
            problems.push(format!(
                "valid until {} is not after the issue date {}",
                date_short(self.valid_until),
                date_short(self.issue_date)
            ));
        }
        if self.decision_date > self.issue_date {
            problems.push(format!(
                "the decision date {} is after the issue date {}",
                date_short(self.decision_date),
                date_short(self.issue_date)
            ));
        }
        // The payload is encoded once, when drawn: MAX_QR_BYTES fits any QR version
        // at medium correction, so only an empty or overlong payload can fail.
        problems
    }

    /// Checks the data; the error names the certificate and lists every problem.
    pub fn validate(&self, assets: &DocAssets) -> Result<(), PdfError> {
        let problems = self.problems(assets);
        if problems.is_empty() {
            return Ok(());
        }
        let (number, product) = self.label();
        Err(PdfError::Certificate {
            number,
            product,
            problem: problems.join("; "),
        })
    }
}

/// One certificate as a one-page PDF.
pub fn render_certificate(data: &CertificateData, assets: &DocAssets) -> Result<Vec<u8>, PdfError> {
    render_certificates(std::slice::from_ref(data), assets)
}

/// Certificates as one PDF, a page each (for the printer). Every certificate is
/// checked first; nothing is rendered when any is refused.
pub fn render_certificates(
    certificates: &[CertificateData],
    assets: &DocAssets,
) -> Result<Vec<u8>, PdfError> {
    let refused: Vec<PdfError> = certificates
        .iter()
        .filter_map(|c| c.validate(assets).err())
        .collect();
    if !refused.is_empty() {
        return Err(join_errors(refused));
    }
    if certificates.is_empty() {
        return Err(PdfError::Invalid("no certificate to print".into()));
    }
    let title = match certificates {
        [one] => format!("Giấy chứng nhận sản phẩm OCOP {}", one.certificate_number),
        many => format!("Giấy chứng nhận sản phẩm OCOP ({} bản)", many.len()),
    };
    let mut doc = CertificateDoc::new(&title, assets);
    for data in certificates {
        doc.add_page(data)?;
    }
    Ok(doc.finish())
}

/// What every page of one certificate document refers to, stored once per file.
pub(in crate::pdf) struct SharedResources {
    border: XObjectId,
    logo: Option<(XObjectId, (usize, usize))>,
}

/// A certificate PDF being built: fonts, border and logo registered once, then a
/// page per certificate (the caller has validated the data).
pub(in crate::pdf) struct CertificateDoc {
    doc: PdfDocument,
    fonts: DocFonts,
    typesetter: Typesetter,
    shared: SharedResources,
    pages: Vec<PdfPage>,
}

impl CertificateDoc {
    pub(in crate::pdf) fn new(title: &str, assets: &DocAssets) -> Self {
        let mut doc = PdfDocument::new(title);
        let fonts = assets.fonts.register(&mut doc);
        let shared = SharedResources {
            border: doc.add_xobject(&ornament::border_xobject()),
            logo: assets
                .logo
                .as_ref()
                .map(|l| (doc.add_image(&l.image), (l.width_px, l.height_px))),
        };
        Self {
            doc,
            fonts,
            typesetter: Typesetter {
                fonts: assets.fonts.clone(),
            },
            shared,
            pages: Vec::new(),
        }
    }

    pub(in crate::pdf) fn add_page(&mut self, data: &CertificateData) -> Result<(), PdfError> {
        let mut canvas = Canvas::new(PAGE_W, PAGE_H, self.fonts.clone(), self.typesetter.clone());
        draw_page(&mut canvas, data, &self.shared)?;
        self.pages.push(canvas.into_page());
        Ok(())
    }

    /// The PDF's bytes, saved small (compact.rs).
    pub(in crate::pdf) fn finish(mut self) -> Vec<u8> {
        let pages = std::mem::take(&mut self.pages);
        crate::pdf::subset::subset_fonts(&mut self.doc, &pages);
        let options = PdfSaveOptions {
            // Already subset above (printpdf's own subsetting needs `text_layout`).
            subset_fonts: false,
            ..Default::default()
        };
        let mut warnings = Vec::new();
        let lopdf_doc = self
            .doc
            .with_pages(pages)
            .to_lopdf_document(&options, &mut warnings);
        // Writing to memory does not fail; should lopdf refuse anyway, the
        // ordinary PDF 1.3 layout is still a correct certificate.
        compact::save(lopdf_doc).unwrap_or_else(|| self.doc.save(&options, &mut warnings))
    }
}

/// One error for many: a single one stays as it is.
pub(super) fn join_errors(mut errors: Vec<PdfError>) -> PdfError {
    if errors.len() == 1 {
        return errors.remove(0);
    }
    PdfError::Invalid(
        errors
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join("\n"),
    )
}

#[cfg(test)]
pub(super) mod tests {
    use super::*;

    pub(super) fn sample() -> CertificateData {
        let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).unwrap();
        CertificateData {
            authority: "ỦY BAN NHÂN DÂN TỈNH SÓC TRĂNG".into(),
            certificate_number: "12/2026/GCN-OCOP".into(),
            product_name: "Gạo ST25 Ông Cua".into(),
            producer_name: "Hợp tác xã Nông nghiệp Hòa Lộc".into(),
            producer_address: "Ấp Hòa Lộc, xã Hòa Tú, tỉnh Sóc Trăng".into(),
            stars: 4,
            decision_number: "1234/QĐ-UBND".into(),
            decision_date: d(2026, 12, 10),
            issue_date: d(2026, 12, 15),
            valid_until: d(2029, 12, 15),
            place_name: "Sóc Trăng".into(),
            signatory_title: "TM. ỦY BAN NHÂN DÂN\nKT. CHỦ TỊCH\nPHÓ CHỦ TỊCH".into(),
            signatory_name: "Nguyễn Văn Thành".into(),
            qr_payload: "OCOP1|12/2026/GCN-OCOP|4|20261215|20291215|ab12cd34".into(),
            copy: false,
        }
    }

    #[test]
    fn only_three_to_five_stars_print() {
        let assets = DocAssets::embedded().unwrap();
        for stars in [0, 1, 2, 6] {
            let data = CertificateData { stars, ..sample() };
            let err = render_certificate(&data, &assets).unwrap_err().to_string();
            assert!(
                err.contains("12/2026/GCN-OCOP") && err.contains('★'),
                "{err}"
            );
        }
        for stars in [3, 4, 5] {
            let data = CertificateData { stars, ..sample() };
            assert!(render_certificate(&data, &assets).is_ok());
        }
    }

    #[test]
    fn every_problem_is_listed_at_once() {
        let assets = DocAssets::embedded().unwrap();
        let data = CertificateData {
            stars: 2,
            product_name: " ".into(),
            valid_until: sample().issue_date,
            ..sample()
        };
        let problems = data.problems(&assets);
        assert_eq!(problems.len(), 3, "{problems:?}");
    }
}
