//! The council of laptops' two file formats (docs/packages.md):
//!
//! - [`round`]: the round package (`ocop-round-package/1`), a zip the secretary sends
//!   each member: the round, its criteria snapshots, council, products and dossiers.
//! - [`sheets`]: the sheets package (`ocop-sheets-package/1`), a signed text file a
//!   member sends back: their sheets for the round.
//!
//! Reads, checks and writes files; never the database (the app layer hands what was
//! checked to the store).

pub mod round;
pub mod sheets;

use serde::Serialize;

use crate::domain::refusal::{Expected, Problem};

/// What a long package operation is doing, for a progress bar.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum PackagePhase {
    /// Writing a package file (bytes).
    Writing,
    /// Reading and checking a package (bytes); nothing written yet.
    Checking,
    /// Copying checked attachments into the data folder (bytes).
    Storing,
    /// Merging sheets packages (packages).
    Merging,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PackageProgress {
    pub phase: PackagePhase,
    pub done: u64,
    pub total: u64,
    /// The file being worked on, when there are several.
    pub item: Option<String>,
}

/// Parses JSON into `T`, naming the field and position of the first problem.
fn parse_json<T: serde::de::DeserializeOwned>(text: &str) -> Result<T, Problem> {
    let deserializer = &mut serde_json::Deserializer::from_str(text);
    serde_path_to_error::deserialize(deserializer)
        .map_err(|e| crate::exchange::text::json_problem(&e))
}

/// An RFC 3339 time, normalised to the store's form (UTC, seconds, `Z`).
fn normalise_time(field: &str, text: &str) -> Result<String, Problem> {
    chrono::DateTime::parse_from_rfc3339(text)
        .map(|t| {
            t.with_timezone(&chrono::Utc)
                .to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
        })
        .map_err(|_| Problem::BadValue {
            field: field.into(),
            value: text.into(),
            expected: Expected::Rfc3339Time,
        })
}
