//! A product dossier (hồ sơ sản phẩm) as the council reads it: the registration
//! facts, the producer's self-assessment and the evidence files by kind. Which
//! evidence a product set needs is in [`super::completeness`] (re-exported here).
//!
//! Pure: no files, no SQL. The bundle format lives in `exchange::dossier`, storage
//! in `store::dossiers`, intake in `app::dossier`.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::commune::CommuneReport;
use super::criteria::{ChoiceId, CriterionId};
use super::score::SheetAnswers;

pub use super::completeness::{
    ChecklistItem, Completeness, NotApplicable, ProductGroup, Requirement, completeness,
};

/// Why the producer registers the product (Phiếu đăng ký, QĐ 148 Phụ lục II).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum RegistrationType {
    /// First evaluation (đăng ký mới).
    New,
    /// A certified product asks for more stars (nâng hạng).
    Upgrade,
    /// A certificate reaches its 36 months (đánh giá lại).
    ReEvaluation,
}

impl RegistrationType {
    pub const ALL: [Self; 3] = [Self::New, Self::Upgrade, Self::ReEvaluation];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::New => "new",
            Self::Upgrade => "upgrade",
            Self::ReEvaluation => "re-evaluation",
        }
    }

    pub fn parse(token: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|t| t.as_str() == token)
    }

    pub fn label_vi(self) -> &'static str {
        match self {
            Self::New => "Đăng ký mới",
            Self::Upgrade => "Nâng hạng",
            Self::ReEvaluation => "Đánh giá lại",
        }
    }

    /// Whether the product already holds a certificate (previous star and number required).
    pub fn needs_previous_certificate(self) -> bool {
        !matches!(self, Self::New)
    }
}

/// The producer's legal form (chủ thể OCOP).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ProducerType {
    Household,
    CooperativeGroup,
    Cooperative,
    Enterprise,
    Other,
}

impl ProducerType {
    pub const ALL: [Self; 5] = [
        Self::Household,
        Self::CooperativeGroup,
        Self::Cooperative,
        Self::Enterprise,
        Self::Other,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Household => "household",
            Self::CooperativeGroup => "cooperative-group",
            Self::Cooperative => "cooperative",
            Self::Enterprise => "enterprise",
            Self::Other => "other",
        }
    }

    pub fn parse(token: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|t| t.as_str() == token)
    }

    pub fn label_vi(self) -> &'static str {
        match self {
            Self::Household => "Hộ sản xuất, kinh doanh",
            Self::CooperativeGroup => "Tổ hợp tác",
            Self::Cooperative => "Hợp tác xã",
            Self::Enterprise => "Doanh nghiệp",
            Self::Other => "Khác",
        }
    }
}

/// What an attached document is evidence of.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum EvidenceKind {
    RegistrationForm,
    BusinessRegistration,
    FoodSafetyCertificate,
    ProductStandard,
    SelfDeclaration,
    TestReport,
    Label,
    Photo,
    BusinessPlan,
    StoryMaterial,
    /// The scanned commune assessment report (QĐ 1489/2025).
    CommuneReport,
    Other,
}

impl EvidenceKind {
    pub const ALL: [Self; 12] = [
        Self::RegistrationForm,
        Self::BusinessRegistration,
        Self::FoodSafetyCertificate,
        Self::ProductStandard,
        Self::SelfDeclaration,
        Self::TestReport,
        Self::Label,
        Self::Photo,
        Self::BusinessPlan,
        Self::StoryMaterial,
        Self::CommuneReport,
        Self::Other,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::RegistrationForm => "registration-form",
            Self::BusinessRegistration => "business-registration",
            Self::FoodSafetyCertificate => "food-safety-certificate",
            Self::ProductStandard => "product-standard",
            Self::SelfDeclaration => "self-declaration",
            Self::TestReport => "test-report",
            Self::Label => "label",
            Self::Photo => "photo",
            Self::BusinessPlan => "business-plan",
            Self::StoryMaterial => "story-material",
            Self::CommuneReport => "commune-report",
            Self::Other => "other",
        }
    }

    pub fn parse(token: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == token)
    }

    pub fn label_vi(self) -> &'static str {
        match self {
            Self::RegistrationForm => "Phiếu đăng ký sản phẩm",
            Self::BusinessRegistration => "Giấy chứng nhận đăng ký kinh doanh",
            Self::FoodSafetyCertificate => "Giấy chứng nhận cơ sở đủ điều kiện ATTP",
            Self::ProductStandard => "Tiêu chuẩn sản phẩm (tiêu chuẩn cơ sở)",
            Self::SelfDeclaration => "Bản tự công bố sản phẩm",
            Self::TestReport => "Phiếu kết quả kiểm nghiệm",
            Self::Label => "Nhãn sản phẩm",
            Self::Photo => "Hình ảnh sản phẩm",
            Self::BusinessPlan => "Phương án kinh doanh",
            Self::StoryMaterial => "Tư liệu câu chuyện sản phẩm",
            Self::CommuneReport => "Báo cáo đánh giá của UBND cấp xã",
            Self::Other => "Tài liệu khác",
        }
    }

    pub fn label_en(self) -> &'static str {
        match self {
            Self::RegistrationForm => "Registration form",
            Self::BusinessRegistration => "Business registration",
            Self::FoodSafetyCertificate => "Food-safety facility certificate",
            Self::ProductStandard => "Product standard",
            Self::SelfDeclaration => "Product self-declaration",
            Self::TestReport => "Test report",
            Self::Label => "Label",
            Self::Photo => "Photo",
            Self::BusinessPlan => "Business plan",
            Self::StoryMaterial => "Story material",
            Self::CommuneReport => "Commune assessment report",
            Self::Other => "Other",
        }
    }
}

/// The producer as registered in a dossier.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DossierProducer {
    pub name: String,
    #[serde(rename = "type")]
    pub producer_type: ProducerType,
    pub legal_representative: String,
    pub address: String,
    pub province: String,
    pub commune: String,
    #[serde(default)]
    pub phone: Option<String>,
}

/// The registration facts of one dossier version.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DossierFacts {
    pub registration_type: RegistrationType,
    pub product_name: String,
    /// Product set number within the round's criteria set (1–26 under QĐ 148).
    pub product_set: u8,
    /// T-H-STT-year; may be absent for a new product.
    #[serde(default)]
    pub product_code: Option<String>,
    pub producer: DossierProducer,
    pub sample_count: u32,
    /// Star of the current certificate (upgrade, re-evaluation).
    #[serde(default)]
    pub previous_star: Option<u8>,
    #[serde(default)]
    pub certificate_number: Option<String>,
    /// Demo and test data say so; real dossiers leave it false.
    #[serde(default)]
    pub fictional: bool,
    /// The commune People's Committee's assessment (QĐ 1489/2025), evidence
    /// beside the council's scoring. Absent in dossiers before format 1.1; left
    /// out of the serialised facts when absent, so older content hashes stay the same.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub commune_report: Option<CommuneReport>,
}

/// The producer's own scoring of the product (báo cáo tự đánh giá), in the same
/// shape as a member's sheet.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SelfAssessment {
    /// Criterion id → chosen option id.
    pub answers: BTreeMap<CriterionId, ChoiceId>,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub comments: BTreeMap<CriterionId, String>,
}

impl SelfAssessment {
    pub fn sheet_answers(&self) -> SheetAnswers {
        SheetAnswers {
            choices: self.answers.clone(),
        }
    }
}

/// One attached document as listed in the manifest.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EvidenceFile {
    /// Relative path inside the bundle, `/`-separated, NFC.
    pub path: String,
    pub kind: EvidenceKind,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// Criteria this document supports.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub criteria: Vec<CriterionId>,
}

/// The key two names are compared by when matching a dossier to a product:
/// NFC, trimmed, inner whitespace collapsed, lowercase (accents kept: "Bà" ≠ "Ba").
pub fn name_key(name: &str) -> String {
    use unicode_normalization::UnicodeNormalization as _;
    let nfc: String = name.nfc().collect();
    nfc.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// Whether `code` looks like an OCOP product code: `-`-separated alphanumeric
/// parts (province, district or commune, serial number) ending in a 4-digit year,
/// e.g. `94-941-012-2024`. The unit codes changed with the 2025 reorganisation, so
/// only the shape is checked.
pub fn is_product_code(code: &str) -> bool {
    let parts: Vec<&str> = code.split('-').collect();
    let Some((year, units)) = parts.split_last() else {
        return false;
    };
    units.len() >= 2
        && units
            .iter()
            .all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_alphanumeric()))
        && year.len() == 4
        && year
            .parse::<u32>()
            .is_ok_and(|y| (2018..=2100).contains(&y))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn product_codes_by_shape() {
        for good in ["94-941-012-2024", "94-SOCTRANG-7-2026", "1-2-3-2019"] {
            assert!(is_product_code(good), "{good}");
        }
        for bad in [
            "",
            "2024",
            "94-2024",
            "94--1-2024",
            "94-941-012-24",
            "94-941-0 1-2024",
            "94-941-012-1999",
        ] {
            assert!(!is_product_code(bad), "{bad}");
        }
    }

    #[test]
    fn tokens_round_trip() {
        for k in EvidenceKind::ALL {
            assert_eq!(EvidenceKind::parse(k.as_str()), Some(k));
        }
        for t in RegistrationType::ALL {
            assert_eq!(RegistrationType::parse(t.as_str()), Some(t));
        }
        for t in ProducerType::ALL {
            assert_eq!(ProducerType::parse(t.as_str()), Some(t));
        }
    }
}
