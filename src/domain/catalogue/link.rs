//! Which catalogue entry a round's product continues: a product entered for
//! re-evaluation or upgrade is the same product as an earlier certificate, and the
//! council reads its previous stars and certificate beside the dossier.
//!
//! Once the round issues its certificate the link is recorded on the new entry
//! (`previous_entry_id`); before that it is found by the same rules the issuing
//! uses (store/catalogue_link.rs): the certificate number the dossier names, then
//! that number as a decision number for the same product, then the product code.

use chrono::NaiveDate;
use serde::Serialize;

use super::{CatalogueEntry, EntryStatus};

/// How the link was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum LinkBasis {
    /// Recorded on the catalogue entry the round's certificate created.
    RecordedAtIssuing,
    /// The dossier's previous certificate number is this entry's number.
    CertificateNumber,
    /// The dossier's number names this entry's decision (same product code or name).
    DecisionNumber,
    /// The latest earlier entry with the product's code.
    ProductCode,
}

/// The catalogue entry a product continues, where it stands, and the product's
/// earlier entries.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CatalogueLink {
    pub basis: LinkBasis,
    /// The certificate this product follows (its previous stars and number).
    pub entry: CatalogueEntry,
    /// Where that certificate stands on `as_of`.
    pub status: EntryStatus,
    pub as_of: NaiveDate,
    /// Every entry of the product before `entry`, oldest first.
    pub earlier: Vec<CatalogueEntry>,
}

impl CatalogueLink {
    /// Whether the dossier's declared previous stars differ from the catalogue's.
    pub fn declared_stars_differ(&self, declared: Option<u8>) -> bool {
        declared.is_some_and(|s| s != self.entry.record.stars)
    }
}
