//! Which evidence a product set needs, and which a dossier has: the checklist
//! with the hard conditions of ocop-domain.md §1.4 (food-safety certificate,
//! self-declaration, labelling) flagged. Pure; our reading where no text says.

use serde::{Deserialize, Serialize};

use super::dossier::EvidenceKind;

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

    /// Under QĐ 1489/2025 (a round from 06/07/2025) the commune's assessment
    /// report is an entry requirement: flagged when missing, never refused.
    /// Present when the manifest carries the report or a scan of it is attached.
    pub fn expect_commune_report(
        mut self,
        present: &[EvidenceKind],
        report_in_manifest: bool,
    ) -> Self {
        let scans = present
            .iter()
            .filter(|k| **k == EvidenceKind::CommuneReport)
            .count();
        let position = self
            .items
            .iter()
            .position(|i| i.requirement != Requirement::Required)
            .unwrap_or(self.items.len());
        self.items.insert(
            position,
            ChecklistItem {
                id: "commune-report",
                label_vi: "Báo cáo đánh giá của UBND cấp xã (QĐ 1489/2025)",
                label_en: "Commune assessment report (QĐ 1489/2025)",
                requirement: Requirement::Required,
                kinds: vec![EvidenceKind::CommuneReport],
                files_present: scans.max(usize::from(report_in_manifest)),
            },
        );
        self
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
    let mut list = Checklist {
        present,
        items: Vec::new(),
    };
    entry_requirements(&mut list);
    let not_applicable = if group.is_consumable() {
        consumable_items(&mut list);
        Vec::new()
    } else {
        non_consumable_items(&mut list, group)
    };
    expected_items(&mut list);
    Completeness {
        product_set,
        items: list.items,
        self_assessment_present,
        not_applicable,
    }
}

/// The checklist being built, with the kinds of the attached files.
struct Checklist<'a> {
    present: &'a [EvidenceKind],
    items: Vec<ChecklistItem>,
}

impl Checklist<'_> {
    /// One item, counting the attached files of its `kinds`.
    fn item(
        &mut self,
        id: &'static str,
        label_vi: &'static str,
        label_en: &'static str,
        requirement: Requirement,
        kinds: &[EvidenceKind],
    ) {
        let files_present = self.present.iter().filter(|k| kinds.contains(k)).count();
        self.items.push(ChecklistItem {
            id,
            label_vi,
            label_en,
            requirement,
            kinds: kinds.to_vec(),
            files_present,
        });
    }
}

/// What every set needs to enter: the registration form and the business
/// registration.
fn entry_requirements(list: &mut Checklist<'_>) {
    use EvidenceKind as K;
    use Requirement as R;
    list.item(
        "registration-form",
        K::RegistrationForm.label_vi(),
        K::RegistrationForm.label_en(),
        R::Required,
        &[K::RegistrationForm],
    );
    list.item(
        "business-registration",
        K::BusinessRegistration.label_vi(),
        K::BusinessRegistration.label_en(),
        R::Required,
        &[K::BusinessRegistration],
    );
}

/// What is eaten, drunk or applied (sets 1–20): the three hard conditions, and
/// test reports expected.
fn consumable_items(list: &mut Checklist<'_>) {
    use EvidenceKind as K;
    use Requirement as R;
    list.item(
        "food-safety-certificate",
        "Giấy chứng nhận cơ sở đủ điều kiện ATTP (hoặc tương đương)",
        "Food-safety facility certificate (or equivalent)",
        R::HardCondition,
        &[K::FoodSafetyCertificate],
    );
    list.item(
        "self-declaration-or-standard",
        "Hồ sơ tự công bố sản phẩm / tiêu chuẩn sản phẩm",
        "Product self-declaration / product standard",
        R::HardCondition,
        &[K::SelfDeclaration, K::ProductStandard],
    );
    list.item(
        "label",
        "Nhãn sản phẩm đúng quy định",
        "Compliant product label",
        R::HardCondition,
        &[K::Label],
    );
    list.item(
        "test-report",
        K::TestReport.label_vi(),
        K::TestReport.label_en(),
        R::Expected,
        &[K::TestReport],
    );
}

/// Handicrafts, plants and animals, tourism: their items, and what does not apply
/// to them (food-safety law first).
fn non_consumable_items(list: &mut Checklist<'_>, group: ProductGroup) -> Vec<NotApplicable> {
    use EvidenceKind as K;
    use Requirement as R;
    let mut not_applicable = Vec::new();
    not_applicable.push(NotApplicable {
        kind: K::FoodSafetyCertificate,
        reason_en: "food-safety law does not apply to this product set (our reading)",
    });
    match group {
        ProductGroup::Handicraft => {
            list.item(
                "label",
                "Nhãn sản phẩm đúng quy định",
                "Compliant product label",
                R::HardCondition,
                &[K::Label],
            );
            list.item(
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
            list.item(
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
    not_applicable
}

/// What every set is expected to bring: photos, a business plan, story material.
fn expected_items(list: &mut Checklist<'_>) {
    use EvidenceKind as K;
    use Requirement as R;
    for kind in [K::Photo, K::BusinessPlan, K::StoryMaterial] {
        list.item(
            kind.as_str(),
            kind.label_vi(),
            kind.label_en(),
            R::Expected,
            &[kind],
        );
    }
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
    fn a_commune_report_is_an_entry_requirement_when_expected() {
        let c = completeness(26, &[K::RegistrationForm, K::BusinessRegistration], true);
        assert!(c.is_complete());
        let flagged = c.clone().expect_commune_report(&[], false);
        assert!(!flagged.is_complete());
        assert_eq!(
            flagged.required_missing().map(|i| i.id).collect::<Vec<_>>(),
            ["commune-report"]
        );
        assert_eq!(
            flagged.hard_missing().count(),
            0,
            "flagged, not a hard condition"
        );
        assert!(c.clone().expect_commune_report(&[], true).is_complete());
        assert!(
            c.expect_commune_report(&[K::CommuneReport], false)
                .is_complete()
        );
    }

    #[test]
    fn counts_every_file_of_a_kind() {
        let c = completeness(6, &[K::Photo, K::Photo, K::Label], false);
        let photo = c.items.iter().find(|i| i.id == "photo").unwrap();
        assert_eq!(photo.files_present, 2);
    }
}
