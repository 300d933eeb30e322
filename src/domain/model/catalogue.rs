//! What importing the province's earlier catalogue did, row by row.

use serde::Serialize;

/// What an import did, row by row.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct CatalogueImport {
    pub added: Vec<ImportedRow>,
    pub updated: Vec<ImportedRow>,
    pub unchanged: Vec<ImportedRow>,
}

/// One row of the file and what became of it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ImportedRow {
    /// "catalogue.xlsx row 12".
    pub source: String,
    pub certificate_number: String,
    pub entry_id: i64,
    /// For an update: the fields that changed.
    pub fields: Vec<&'static str>,
}
