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

use crate::domain::refusal::{Expected, Problem};

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
