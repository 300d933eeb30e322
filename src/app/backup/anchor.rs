//! The audit anchor: `<data folder>/audit-anchor.json` records the newest audit
//! entry (id and hash) this data folder has confirmed. If the database later lacks
//! that entry (its -wal file lost while a process held it, an old copy put back by
//! hand), `verify` reports a rollback. The anchor only moves forward; a restore
//! through the app resets it to the restored database.

use std::path::{Path, PathBuf};

use crate::store::Store;
use crate::store::backup::AuditTip;

pub const ANCHOR_FILE: &str = "audit-anchor.json";

#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
struct Anchor {
    format: String,
    id: i64,
    hash: String,
    /// When the anchor was written (UTC).
    at: String,
}

const FORMAT: &str = "ocop-audit-anchor/1";

fn path(data_dir: &Path) -> PathBuf {
    data_dir.join(ANCHOR_FILE)
}

fn read(data_dir: &Path) -> Option<Anchor> {
    let text =
        crate::files::read_input_text(&path(data_dir), crate::files::caps::SETTINGS_BYTES).ok()?;
    serde_json::from_str::<Anchor>(&text)
        .ok()
        .filter(|a| a.format == FORMAT)
}

/// Writes the anchor for `tip` unconditionally (after a restore).
pub fn reset(data_dir: &Path, tip: Option<&AuditTip>) -> std::io::Result<()> {
    match tip {
        None => match std::fs::remove_file(path(data_dir)) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(e),
            _ => Ok(()),
        },
        Some(tip) => {
            let anchor = Anchor {
                format: FORMAT.into(),
                id: tip.id,
                hash: tip.hash.clone(),
                at: chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
            };
            let json = serde_json::to_string_pretty(&anchor).map_err(std::io::Error::other)?;
            crate::files::write_atomic(&path(data_dir), json.as_bytes())
        }
    }
}

/// Moves the anchor forward to the store's newest entry. Never backwards: a
/// database behind its anchor is what `verify` must report, not hide.
pub fn advance(data_dir: &Path, store: &Store) {
    let Ok(Some(tip)) = store.audit_tip() else {
        return;
    };
    if read(data_dir).is_some_and(|a| a.id >= tip.id) {
        return;
    }
    if let Err(e) = reset(data_dir, Some(&tip)) {
        log::warn!("cannot write the audit anchor: {e}");
    }
}

/// What the rollback check found: the database lacks, or holds another version
/// of, the newest audit entry this data folder confirmed. `Display` is English
/// (the CLI, `verify`); the GUI words it (ui/audit.rs).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Rollback {
    /// The entry is there but differs: the database was replaced or rewritten.
    Differs { entry: i64, confirmed_at: String },
    /// The entry is gone: changes were lost; `newest` is the database's newest entry.
    Missing {
        entry: i64,
        confirmed_at: String,
        newest: Option<i64>,
    },
}

impl std::fmt::Display for Rollback {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Differs {
                entry,
                confirmed_at,
            } => write!(
                f,
                "audit entry {entry} differs from the one this data folder confirmed on {confirmed_at} (the database was replaced or rewritten)"
            ),
            Self::Missing {
                entry,
                confirmed_at,
                newest,
            } => write!(
                f,
                "rollback: audit entry {entry} confirmed on {confirmed_at} is missing; the database's newest entry is {} (changes were lost, e.g. its -wal file; restore the newest backup)",
                newest.map_or("none".into(), |n| n.to_string())
            ),
        }
    }
}

/// The rollback check: `None` when the database still holds the anchored entry.
pub fn rollback(data_dir: &Path, store: &Store) -> crate::store::StoreResult<Option<Rollback>> {
    let Some(anchor) = read(data_dir) else {
        return Ok(None);
    };
    let tip = store.audit_tip()?;
    let held = store.audit_hash_of(anchor.id)?;
    Ok(match held {
        Some(hash) if hash == anchor.hash => None,
        Some(_) => Some(Rollback::Differs {
            entry: anchor.id,
            confirmed_at: anchor.at,
        }),
        None => Some(Rollback::Missing {
            entry: anchor.id,
            confirmed_at: anchor.at,
            newest: tip.map(|t| t.id),
        }),
    })
}
