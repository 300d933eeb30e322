//! A product dossier (hồ sơ sản phẩm) as the council reads it: the registration
//! facts, the producer's self-assessment, the evidence files by kind, and which
//! evidence a product set needs (completeness, with the hard conditions of
//! ocop-domain.md §1.4 flagged).
//!
//! Pure: no files, no SQL. The bundle format lives in `exchange::dossier`, storage
//! in `store::dossiers`, intake in `app::dossier`.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::criteria::{ChoiceId, CriterionId};
use super::score::SheetAnswers;

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
    Other,
}

impl EvidenceKind {
    pub const ALL: [Self; 11] = [
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

/// How strongly a product set needs a kind of evidence.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Requirement {
    /// Missing or non-compliant voids the dossier (ocop-domain.md §1.4: food-safety
    /// certificate, self-declaration, labelling).
    HardCondition,
    /// An entry requirement of the registration (form, legal status).
    Required,
    /// Evidence the sheet's criteria are scored on; missing costs points, not entry.
    Expected,
}

impl Requirement {
    pub fn label_vi(self) -> &'static str {
        match self {
            Self::HardCondition => "điều kiện bắt buộc (thiếu là bị loại)",
            Self::Required => "yêu cầu đầu vào",
            Self::Expected => "minh chứng chấm điểm",
        }
    }

    pub fn label_en(self) -> &'static str {
        match self {
            Self::HardCondition => "hard condition (missing voids the dossier)",
            Self::Required => "entry requirement",
            Self::Expected => "scoring evidence",
        }
    }
}

/// The six product groups of QĐ 148 Phụ lục I, by product set number.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ProductGroup {
    /// Sets 1–13.
    Food,
    /// Sets 14–17.
    Beverage,
    /// Sets 18–20.
    Herbal,
    /// Sets 21–22.
    Handicraft,
    /// Sets 23–25: flowers, ornamental plants and animals.
    Ornamental,
    /// Set 26: community and eco-tourism.
    Tourism,
}

impl ProductGroup {
    /// The group of a QĐ 148 product set; `None` outside 1–26.
    pub fn of_set(product_set: u8) -> Option<Self> {
        Some(match product_set {
            1..=13 => Self::Food,
            14..=17 => Self::Beverage,
            18..=20 => Self::Herbal,
            21..=22 => Self::Handicraft,
            23..=25 => Self::Ornamental,
            26 => Self::Tourism,
            _ => return None,
        })
    }

    /// Things eaten, drunk or applied to the body: food-safety law applies.
    fn is_consumable(self) -> bool {
        matches!(self, Self::Food | Self::Beverage | Self::Herbal)
    }
}

/// One line of the evidence checklist: satisfied by any of `kinds`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ChecklistItem {
    /// Stable token, e.g. `food-safety-certificate` or `self-declaration-or-standard`.
    pub id: &'static str,
    pub label_vi: &'static str,
    pub label_en: &'static str,
    pub requirement: Requirement,
    pub kinds: Vec<EvidenceKind>,
    /// How many attached files count for it.
    pub files_present: usize,
}

impl ChecklistItem {
    pub fn is_present(&self) -> bool {
        self.files_present > 0
    }
}

/// Which evidence a dossier has and lacks for its product set.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Completeness {
    pub product_set: u8,
    pub items: Vec<ChecklistItem>,
    /// Whether the producer's self-assessment is in the dossier (the core document under 148).
    pub self_assessment_present: bool,
    /// Kinds that do not apply to this product set, with the reason (our reading).
    pub not_applicable: Vec<NotApplicable>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NotApplicable {
    pub kind: EvidenceKind,
    pub reason_en: &'static str,
}

impl Completeness {
    /// Hard conditions without any file: the dossier would be rejected (§1.4).
    pub fn hard_missing(&self) -> impl Iterator<Item = &ChecklistItem> {
        self.items
            .iter()
            .filter(|i| i.requirement == Requirement::HardCondition && !i.is_present())
    }

    /// Anything required (hard condition or entry requirement) without a file.
    pub fn required_missing(&self) -> impl Iterator<Item = &ChecklistItem> {
        self.items
            .iter()
            .filter(|i| i.requirement != Requirement::Expected && !i.is_present())
    }

    pub fn is_complete(&self) -> bool {
        self.required_missing().next().is_none()
    }
}

/// The evidence checklist of a product set, given the kinds of the attached files.
///
/// Our reading of what applies where (no legal text lists it per set):
/// - the food-safety facility certificate, the self-declaration / product standard
///   and the label are the §1.4 hard conditions for what is eaten, drunk or applied
///   (sets 1–20); a self-declaration or a product standard satisfies the second;
/// - handicrafts (21–22) need a label (hard) and are expected to have a product
///   standard, but food-safety law does not apply;
/// - flowers, plants and animals (23–25) and tourism (26) have neither a food-safety
///   certificate nor a self-declaration; a label or tag is expected for 23–25 and
///   does not apply to a tourism site;
/// - every set needs the registration form and the business registration (entry
///   requirements), and is expected to bring photos, a business plan and story
///   material; test reports are expected where food-safety law applies.
///
/// `product_set` outside 1–26 (another criteria set) is treated as food, the
/// strictest reading.
pub fn completeness(
    product_set: u8,
    present: &[EvidenceKind],
    self_assessment_present: bool,
) -> Completeness {
    let group = ProductGroup::of_set(product_set).unwrap_or(ProductGroup::Food);
    let count = |kinds: &[EvidenceKind]| present.iter().filter(|k| kinds.contains(k)).count();
    let mut items = Vec::new();
    let mut item = |id, label_vi, label_en, requirement, kinds: &[EvidenceKind]| {
        items.push(ChecklistItem {
            id,
            label_vi,
            label_en,
            requirement,
            kinds: kinds.to_vec(),
            files_present: count(kinds),
        });
    };
    use EvidenceKind as K;
    use Requirement as R;
    item(
        "registration-form",
        K::RegistrationForm.label_vi(),
        K::RegistrationForm.label_en(),
        R::Required,
        &[K::RegistrationForm],
    );
    item(
        "business-registration",
        K::BusinessRegistration.label_vi(),
        K::BusinessRegistration.label_en(),
        R::Required,
        &[K::BusinessRegistration],
    );
    let mut not_applicable = Vec::new();
    if group.is_consumable() {
        item(
            "food-safety-certificate",
            "Giấy chứng nhận cơ sở đủ điều kiện ATTP (hoặc tương đương)",
            "Food-safety facility certificate (or equivalent)",
            R::HardCondition,
            &[K::FoodSafetyCertificate],
        );
        item(
            "self-declaration-or-standard",
            "Hồ sơ tự công bố sản phẩm / tiêu chuẩn sản phẩm",
            "Product self-declaration / product standard",
            R::HardCondition,
            &[K::SelfDeclaration, K::ProductStandard],
        );
        item(
            "label",
            "Nhãn sản phẩm đúng quy định",
            "Compliant product label",
            R::HardCondition,
            &[K::Label],
        );
        item(
            "test-report",
            K::TestReport.label_vi(),
            K::TestReport.label_en(),
            R::Expected,
            &[K::TestReport],
        );
    } else {
        not_applicable.push(NotApplicable {
            kind: K::FoodSafetyCertificate,
            reason_en: "food-safety law does not apply to this product set (our reading)",
        });
        match group {
            ProductGroup::Handicraft => {
                item(
                    "label",
                    "Nhãn sản phẩm đúng quy định",
                    "Compliant product label",
                    R::HardCondition,
                    &[K::Label],
                );
                item(
                    "product-standard",
                    K::ProductStandard.label_vi(),
                    K::ProductStandard.label_en(),
                    R::Expected,
                    &[K::ProductStandard, K::SelfDeclaration],
                );
            }
            ProductGroup::Ornamental => {
                not_applicable.push(NotApplicable {
                    kind: K::SelfDeclaration,
                    reason_en: "living plants and animals are not declared like food (our reading)",
                });
                item(
                    "label",
                    "Nhãn, thẻ thông tin sản phẩm",
                    "Label or product tag",
                    R::Expected,
                    &[K::Label],
                );
            }
            _ => {
                not_applicable.push(NotApplicable {
                    kind: K::SelfDeclaration,
                    reason_en: "a tourism service has no product self-declaration (our reading)",
                });
                not_applicable.push(NotApplicable {
                    kind: K::Label,
                    reason_en: "a tourism site carries no product label (our reading)",
                });
            }
        }
    }
    for kind in [K::Photo, K::BusinessPlan, K::StoryMaterial] {
        item(
            kind.as_str(),
            kind.label_vi(),
            kind.label_en(),
            R::Expected,
            &[kind],
        );
    }
    Completeness {
        product_set,
        items,
        self_assessment_present,
        not_applicable,
    }
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
    use EvidenceKind as K;

    fn ids_missing_hard(c: &Completeness) -> Vec<&'static str> {
        c.hard_missing().map(|i| i.id).collect()
    }

    #[test]
    fn food_needs_all_three_hard_conditions() {
        let c = completeness(9, &[K::RegistrationForm, K::Photo], false);
        assert_eq!(
            ids_missing_hard(&c),
            [
                "food-safety-certificate",
                "self-declaration-or-standard",
                "label"
            ]
        );
        assert!(!c.is_complete());
        let full = completeness(
            9,
            &[
                K::RegistrationForm,
                K::BusinessRegistration,
                K::FoodSafetyCertificate,
                K::ProductStandard,
                K::Label,
            ],
            true,
        );
        assert!(full.is_complete(), "{full:?}");
        assert_eq!(ids_missing_hard(&full), Vec::<&str>::new());
    }

    #[test]
    fn a_product_standard_or_a_self_declaration_satisfies_the_declaration_condition() {
        for kind in [K::SelfDeclaration, K::ProductStandard] {
            let c = completeness(3, &[kind], false);
            assert!(
                !ids_missing_hard(&c).contains(&"self-declaration-or-standard"),
                "{kind:?}"
            );
        }
    }

    #[test]
    fn food_safety_does_not_apply_to_handicrafts_ornamentals_or_tourism() {
        for set in [21, 22, 23, 24, 25, 26] {
            let c = completeness(set, &[], false);
            assert!(
                c.items.iter().all(|i| i.id != "food-safety-certificate"),
                "set {set}"
            );
            assert!(
                c.not_applicable
                    .iter()
                    .any(|n| n.kind == K::FoodSafetyCertificate)
            );
        }
        // Handicrafts still need a label; tourism needs none of the three.
        assert_eq!(ids_missing_hard(&completeness(21, &[], false)), ["label"]);
        assert!(ids_missing_hard(&completeness(26, &[], false)).is_empty());
        assert!(ids_missing_hard(&completeness(24, &[], false)).is_empty());
        // Entry requirements apply everywhere.
        let tourism = completeness(26, &[K::RegistrationForm], false);
        let missing: Vec<_> = tourism.required_missing().map(|i| i.id).collect();
        assert_eq!(missing, ["business-registration"]);
    }

    #[test]
    fn counts_every_file_of_a_kind() {
        let c = completeness(6, &[K::Photo, K::Photo, K::Label], false);
        let photo = c.items.iter().find(|i| i.id == "photo").unwrap();
        assert_eq!(photo.files_present, 2);
    }

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
