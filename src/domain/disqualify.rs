//! Hard conditions that void a dossier whatever its points (ocop-domain.md §1.4).

use serde::{Deserialize, Serialize};

/// Why a dossier is rejected ("Hồ sơ bị loại khi …" printed on every QĐ 148 sheet,
/// plus the knock-out notes inside the sheets).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum DisqualificationReason {
    /// The dossier is forged.
    ForgedDossier,
    /// No valid food-safety facility certificate (or equivalent).
    FoodSafetyCertificate,
    /// The product self-declaration does not follow the rules.
    SelfDeclaration,
    /// The labelling does not follow the rules.
    Labelling,
    /// The dossier does not meet the entry requirements.
    EntryRequirements,
    /// All raw material imported or of unknown origin.
    ImportedOrUnknownMaterial,
    /// Identical to another producer's product, only renamed.
    RelabelledCopy,
}

impl DisqualificationReason {
    pub const ALL: [Self; 7] = [
        Self::ForgedDossier,
        Self::FoodSafetyCertificate,
        Self::SelfDeclaration,
        Self::Labelling,
        Self::EntryRequirements,
        Self::ImportedOrUnknownMaterial,
        Self::RelabelledCopy,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::ForgedDossier => "forged-dossier",
            Self::FoodSafetyCertificate => "food-safety-certificate",
            Self::SelfDeclaration => "self-declaration",
            Self::Labelling => "labelling",
            Self::EntryRequirements => "entry-requirements",
            Self::ImportedOrUnknownMaterial => "imported-or-unknown-material",
            Self::RelabelledCopy => "relabelled-copy",
        }
    }

    pub fn parse(token: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|r| r.as_str() == token)
    }

    pub fn label_vi(self) -> &'static str {
        match self {
            Self::ForgedDossier => "Hồ sơ giả mạo",
            Self::FoodSafetyCertificate => {
                "Không đáp ứng quy định về Giấy chứng nhận cơ sở đủ điều kiện ATTP (hoặc tương đương)"
            }
            Self::SelfDeclaration => "Hồ sơ tự công bố sản phẩm không theo quy định",
            Self::Labelling => "Ghi nhãn sản phẩm không theo quy định",
            Self::EntryRequirements => "Hồ sơ không đáp ứng yêu cầu đầu vào",
            Self::ImportedOrUnknownMaterial => {
                "Sử dụng toàn bộ nguyên liệu nhập khẩu hoặc không rõ nguồn gốc"
            }
            Self::RelabelledCopy => {
                "Giống hệt sản phẩm của nhà sản xuất khác, chỉ thay đổi tên sản phẩm, nhà sản xuất"
            }
        }
    }

    pub fn label_en(self) -> &'static str {
        match self {
            Self::ForgedDossier => "Forged dossier",
            Self::FoodSafetyCertificate => "No valid food-safety facility certificate",
            Self::SelfDeclaration => "Product self-declaration not compliant",
            Self::Labelling => "Labelling not compliant",
            Self::EntryRequirements => "Entry requirements not met",
            Self::ImportedOrUnknownMaterial => "All raw material imported or of unknown origin",
            Self::RelabelledCopy => "Relabelled copy of another producer's product",
        }
    }
}

/// A disqualification decided for a product, with the council's note.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Disqualification {
    pub reason: DisqualificationReason,
    pub note: String,
}
