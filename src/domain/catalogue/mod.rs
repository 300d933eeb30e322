//! The province's OCOP catalogue (sổ theo dõi sản phẩm OCOP) as values: one entry
//! per certificate, the producer's legal form, the product group, where an entry
//! stands on a given day (in force, expiring, lapsed, revoked, superseded by a
//! later certificate) and the filters officials use.
//!
//! Our reading (README, "The catalogue"): the catalogue is kept by the secretariat
//! (the programme's officials), not by a council; an entry is never deleted; a
//! re-evaluated or upgraded product gets a new entry linked to its previous one.

pub mod legal_form;
pub mod link;
pub mod notice;
pub mod report;
pub mod report_text;

use chrono::NaiveDate;
use serde::Serialize;
use unicode_normalization::UnicodeNormalization;

use super::completeness::ProductGroup;
use super::dossier::RegistrationType;
pub use legal_form::LegalForm;
pub use link::{CatalogueLink, LinkBasis};

/// Days before expiry when the producer must have been told (QĐ 148 Phụ lục II).
pub const NOTICE_DAYS: i64 = 30;
/// The report's second, longer look-ahead.
pub const LOOKAHEAD_DAYS: i64 = 90;

/// What an import or a round's certificate tells the catalogue about one product.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CatalogueRecord {
    pub product_name: String,
    pub product_code: Option<String>,
    pub producer_name: String,
    /// Producers are counted once per key ([`producer_key`] unless the file gives one).
    pub producer_key: String,
    pub legal_form: LegalForm,
    pub address: Option<String>,
    pub commune: Option<String>,
    /// The district, or the former district (districts ended on 1/7/2025).
    pub district: Option<String>,
    pub province: Option<String>,
    /// As written ("Gạo, ngũ cốc", "3 · Gạo…") or "Bộ N".
    pub product_set: Option<String>,
    pub product_set_no: Option<u8>,
    pub product_group: Option<ProductGroup>,
    pub stars: u8,
    pub score: Option<u8>,
    pub authority: String,
    pub certificate_number: String,
    pub decision_no: String,
    pub decision_date: NaiveDate,
    pub issued_on: NaiveDate,
    pub valid_until: NaiveDate,
    pub registration_type: RegistrationType,
    /// "Đợt 1/2023", the round's name, or a year.
    pub round_label: Option<String>,
    pub revoked: bool,
    pub revoked_on: Option<NaiveDate>,
}

impl CatalogueRecord {
    /// The fields that differ from `other`, by their column token (for "updated:
    /// stars, expiry" lines).
    pub fn changed_fields(&self, other: &Self) -> Vec<&'static str> {
        let mut out = Vec::new();
        let mut check = |differs: bool, name: &'static str| {
            if differs {
                out.push(name);
            }
        };
        check(self.product_name != other.product_name, "product");
        check(self.product_code != other.product_code, "product-code");
        check(self.producer_name != other.producer_name, "producer");
        check(self.producer_key != other.producer_key, "producer-key");
        check(self.legal_form != other.legal_form, "legal-form");
        check(self.address != other.address, "address");
        check(self.commune != other.commune, "commune");
        check(self.district != other.district, "district");
        check(self.province != other.province, "province");
        check(self.product_set != other.product_set, "product-set");
        check(self.product_group != other.product_group, "product-group");
        check(self.stars != other.stars, "stars");
        check(self.score != other.score, "score");
        check(self.authority != other.authority, "authority");
        check(self.decision_no != other.decision_no, "decision-number");
        check(self.decision_date != other.decision_date, "decision-date");
        check(self.issued_on != other.issued_on, "issue-date");
        check(self.valid_until != other.valid_until, "expiry-date");
        check(
            self.registration_type != other.registration_type,
            "registration-type",
        );
        check(self.round_label != other.round_label, "round");
        check(
            self.revoked != other.revoked || self.revoked_on != other.revoked_on,
            "revoked",
        );
        out
    }

    /// The year the product was certified (of this certificate).
    pub fn year(&self) -> i32 {
        use chrono::Datelike;
        self.issued_on.year()
    }
}

/// Where an entry came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum EntrySource {
    /// Issued by one of this app's rounds.
    Round,
    /// Imported from the province's catalogue file.
    Import,
}

impl EntrySource {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Round => "round",
            Self::Import => "import",
        }
    }

    pub fn parse(token: &str) -> Option<Self> {
        [Self::Round, Self::Import]
            .into_iter()
            .find(|s| s.as_str() == token)
    }
}

/// A stored entry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CatalogueEntry {
    pub id: i64,
    #[serde(flatten)]
    pub record: CatalogueRecord,
    pub source: EntrySource,
    /// "round 3" or "catalogue.xlsx row 12".
    pub source_detail: String,
    /// The app's certificate, for an entry a round issued.
    pub certificate_id: Option<i64>,
    /// The entry this certificate followed (re-evaluation, upgrade).
    pub previous_entry_id: Option<i64>,
    /// The later entry that followed this one, if any.
    pub next_entry_id: Option<i64>,
    /// The app's own revocation record of the linked certificate.
    pub app_revoked_on: Option<NaiveDate>,
    /// The audit label of whoever recorded it.
    pub recorded_by: String,
    pub created_at: String,
    pub updated_at: String,
}

/// Where an entry stands on a given day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case", tag = "state")]
pub enum EntryStatus {
    InForce,
    /// In force, expiring within [`LOOKAHEAD_DAYS`].
    Expiring {
        days_left: i64,
    },
    /// Past its 36 months without a later certificate (hết hạn).
    Lapsed,
    Revoked,
    /// Followed by a later certificate (re-evaluated, upgraded or downgraded).
    Superseded,
}

impl EntryStatus {
    pub fn in_force(self) -> bool {
        matches!(self, Self::InForce | Self::Expiring { .. })
    }

    pub fn token(self) -> &'static str {
        match self {
            Self::InForce => "in-force",
            Self::Expiring { .. } => "expiring",
            Self::Lapsed => "lapsed",
            Self::Revoked => "revoked",
            Self::Superseded => "superseded",
        }
    }

    pub fn label_vi(self) -> &'static str {
        match self {
            Self::InForce => "Còn hiệu lực",
            Self::Expiring { .. } => "Sắp hết hạn",
            Self::Lapsed => "Hết hạn",
            Self::Revoked => "Đã thu hồi",
            Self::Superseded => "Đã đánh giá lại",
        }
    }

    pub fn label_en(self) -> &'static str {
        match self {
            Self::InForce => "In force",
            Self::Expiring { .. } => "Expiring",
            Self::Lapsed => "Lapsed",
            Self::Revoked => "Revoked",
            Self::Superseded => "Re-evaluated",
        }
    }
}

impl CatalogueEntry {
    /// Whether it is revoked on `as_of` (a revocation without a date counts at once).
    pub fn revoked_by(&self, as_of: NaiveDate) -> bool {
        let imported = self.record.revoked && self.record.revoked_on.is_none_or(|d| d <= as_of);
        imported || self.app_revoked_on.is_some_and(|d| d <= as_of)
    }

    /// Where the entry stands on `as_of`; `superseded` when a later certificate of
    /// the same product was issued by then.
    pub fn status(&self, as_of: NaiveDate, superseded: bool) -> EntryStatus {
        if self.revoked_by(as_of) {
            EntryStatus::Revoked
        } else if superseded {
            EntryStatus::Superseded
        } else if as_of > self.record.valid_until {
            EntryStatus::Lapsed
        } else {
            let days_left = (self.record.valid_until - as_of).num_days();
            if days_left <= LOOKAHEAD_DAYS {
                EntryStatus::Expiring { days_left }
            } else {
                EntryStatus::InForce
            }
        }
    }
}

/// Each entry's status on `as_of`, in the entries' order: an entry is superseded
/// when a later entry names it as previous and was issued by `as_of`.
pub fn statuses(entries: &[CatalogueEntry], as_of: NaiveDate) -> Vec<EntryStatus> {
    let superseded: std::collections::HashSet<i64> = entries
        .iter()
        .filter(|e| e.record.issued_on <= as_of)
        .filter_map(|e| e.previous_entry_id)
        .collect();
    entries
        .iter()
        .map(|e| e.status(as_of, superseded.contains(&e.id)))
        .collect()
}

/// What officials filter the catalogue by.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CatalogueFilter {
    /// Words found in the product, producer, code, commune, district or number
    /// (compared without diacritics).
    pub text: String,
    pub stars: Option<u8>,
    /// A district or commune, compared without diacritics.
    pub district: Option<String>,
    /// In force and expiring within this many days (or already lapsed, not re-evaluated).
    pub expiring_within_days: Option<i64>,
    /// Only entries in force.
    pub in_force_only: bool,
}

impl CatalogueFilter {
    pub fn matches(&self, entry: &CatalogueEntry, status: EntryStatus, as_of: NaiveDate) -> bool {
        let r = &entry.record;
        if self.stars.is_some_and(|s| s != r.stars) {
            return false;
        }
        if self.in_force_only && !status.in_force() {
            return false;
        }
        if let Some(days) = self.expiring_within_days {
            let left = (r.valid_until - as_of).num_days();
            if !(status.in_force() && left <= days) {
                return false;
            }
        }
        if let Some(place) = &self.district {
            let want = normalise(place);
            let here = [&r.district, &r.commune]
                .into_iter()
                .flatten()
                .any(|p| normalise(p) == want);
            if !here {
                return false;
            }
        }
        let words = normalise(&self.text);
        if words.is_empty() {
            return true;
        }
        let hay = normalise(&format!(
            "{} {} {} {} {} {} {}",
            r.product_name,
            r.producer_name,
            r.product_code.as_deref().unwrap_or(""),
            r.commune.as_deref().unwrap_or(""),
            r.district.as_deref().unwrap_or(""),
            r.certificate_number,
            r.product_set.as_deref().unwrap_or(""),
        ));
        words.split(' ').all(|w| hay.contains(w))
    }
}

/// Lower case, no diacritics (đ → d), words separated by one space: for
/// comparing names and headers as people type them.
pub fn normalise(text: &str) -> String {
    let plain: String = text
        .nfd()
        .filter(|c| !('\u{300}'..='\u{36f}').contains(c))
        .map(|c| match c {
            'đ' | 'Đ' => 'd',
            c => c,
        })
        .flat_map(char::to_lowercase)
        .map(|c| if c.is_alphanumeric() { c } else { ' ' })
        .collect();
    plain.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The producer's identity for counting: normalised name and place. Shown in the
/// list and overridable by a "producer key" column, never used to merge records.
pub fn producer_key(name: &str, commune: Option<&str>, district: Option<&str>) -> String {
    let place = commune.or(district).map(normalise).unwrap_or_default();
    format!("{} | {}", normalise(name), place)
}

/// Token, Vietnamese and English names of a QĐ 148 product group.
pub fn group_token(group: ProductGroup) -> &'static str {
    match group {
        ProductGroup::Food => "food",
        ProductGroup::Beverage => "beverage",
        ProductGroup::Herbal => "herbal",
        ProductGroup::Handicraft => "handicraft",
        ProductGroup::Ornamental => "ornamental",
        ProductGroup::Tourism => "tourism",
    }
}

pub const GROUPS: [ProductGroup; 6] = [
    ProductGroup::Food,
    ProductGroup::Beverage,
    ProductGroup::Herbal,
    ProductGroup::Handicraft,
    ProductGroup::Ornamental,
    ProductGroup::Tourism,
];

pub fn group_label_vi(group: ProductGroup) -> &'static str {
    match group {
        ProductGroup::Food => "Thực phẩm",
        ProductGroup::Beverage => "Đồ uống",
        ProductGroup::Herbal => "Dược liệu và sản phẩm từ dược liệu",
        ProductGroup::Handicraft => "Hàng thủ công mỹ nghệ",
        ProductGroup::Ornamental => "Sinh vật cảnh",
        ProductGroup::Tourism => "Dịch vụ du lịch cộng đồng, du lịch sinh thái và điểm du lịch",
    }
}

pub fn group_label_en(group: ProductGroup) -> &'static str {
    match group {
        ProductGroup::Food => "Food",
        ProductGroup::Beverage => "Beverages",
        ProductGroup::Herbal => "Medicinal herbs",
        ProductGroup::Handicraft => "Handicrafts",
        ProductGroup::Ornamental => "Ornamentals",
        ProductGroup::Tourism => "Community tourism",
    }
}

/// A group from its token or its name, Vietnamese or English, compared without
/// diacritics: a text containing "thực phẩm", "đồ uống", "dược liệu", "thủ công",
/// "sinh vật cảnh" or "du lịch" (or the English words) names that group.
pub fn group_from_text(text: &str) -> Option<ProductGroup> {
    const ALIASES: [(ProductGroup, &[&str]); 6] = [
        (ProductGroup::Food, &["thuc pham", "food"]),
        (ProductGroup::Beverage, &["do uong", "beverage"]),
        (
            ProductGroup::Herbal,
            &["duoc lieu", "thao duoc", "herbal", "medicinal"],
        ),
        (ProductGroup::Handicraft, &["thu cong", "handicraft"]),
        (ProductGroup::Ornamental, &["sinh vat canh", "ornamental"]),
        (ProductGroup::Tourism, &["du lich", "tourism"]),
    ];
    let key = normalise(text);
    if key.is_empty() {
        return None;
    }
    ALIASES
        .iter()
        .find(|(_, words)| words.iter().any(|w| key.contains(w)))
        .map(|(g, _)| *g)
}

pub fn group_from_token(token: &str) -> Option<ProductGroup> {
    GROUPS.into_iter().find(|g| group_token(*g) == token)
}

#[cfg(test)]
mod tests;
