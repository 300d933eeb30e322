//! A round's audit log as a document: JSON (`ocop-audit-log/1`) and CSV.

use std::io::Write;

use serde::Serialize;

use crate::domain::ids::RoundId;
use crate::domain::model::{AuditEntry, ChainBreak};

pub const AUDIT_FORMAT: &str = "ocop-audit-log/1";

#[derive(Debug, Serialize)]
pub struct AuditDocument<'a> {
    pub format: &'static str,
    pub round: RoundId,
    /// Whether every entry verified when the document was made.
    pub chain_verified: bool,
    /// The breaks found, each naming its entry.
    pub chain_breaks: Vec<ChainBreakDoc>,
    pub entries: &'a [AuditEntry],
}

#[derive(Debug, Serialize)]
pub struct ChainBreakDoc {
    pub entry_id: i64,
    pub reason: String,
}

impl<'a> AuditDocument<'a> {
    pub fn new(round: RoundId, entries: &'a [AuditEntry], breaks: &[ChainBreak]) -> Self {
        Self {
            format: AUDIT_FORMAT,
            round,
            chain_verified: breaks.is_empty(),
            chain_breaks: breaks
                .iter()
                .map(|b| ChainBreakDoc {
                    entry_id: b.entry_id,
                    reason: b.reason.clone(),
                })
                .collect(),
            entries,
        }
    }

    pub fn to_json(&self) -> String {
        // Serialising plain data structs cannot fail; fall back to an empty object.
        serde_json::to_string_pretty(self).unwrap_or_else(|_| "{}".into())
    }
}

/// One CSV row per entry (UTF-8 with BOM, so Excel shows Vietnamese right).
pub fn write_csv<W: Write>(entries: &[AuditEntry], out: W) -> Result<(), csv::Error> {
    let mut out = out;
    out.write_all("\u{feff}".as_bytes())?;
    let mut w = csv::Writer::from_writer(out);
    w.write_record([
        "id",
        "at",
        "actor",
        "action",
        "target",
        "old",
        "new",
        "prev_hash",
        "hash",
    ])?;
    for e in entries {
        w.write_record([
            e.id.to_string().as_str(),
            &e.at,
            &e.actor,
            &e.action,
            &e.target,
            e.old_value.as_deref().unwrap_or(""),
            e.new_value.as_deref().unwrap_or(""),
            &e.prev_hash,
            &e.hash,
        ])?;
    }
    w.flush()?;
    Ok(())
}
