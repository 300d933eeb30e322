//! Product dossiers: an attached file of a version, and what an import did.

use serde::Serialize;

use crate::domain::criteria::CriterionId;
use crate::domain::dossier::EvidenceKind;

/// One attached file of a dossier version.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DossierFileRow {
    /// Relative path inside the bundle (also the file's display name).
    pub path: String,
    pub kind: EvidenceKind,
    pub title: Option<String>,
    pub criteria: Vec<CriterionId>,
    pub size_bytes: u64,
    /// Sniffed from the content, e.g. `application/pdf`.
    pub media_type: String,
    /// Lowercase hex SHA-256 of the content; names the blob in the attachment store.
    pub sha256: String,
}

/// What an import did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum DossierSaveKind {
    /// A new product with its first dossier.
    NewProduct,
    /// A newer version of an existing product's dossier (or a first dossier for a
    /// product added by hand).
    NewVersion,
    /// The same content was already imported into this round: nothing changed.
    AlreadyImported,
}
