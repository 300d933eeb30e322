//! The database side of backups: copying the live database with SQLite's online
//! backup API (consistent even while another connection writes, WAL included),
//! checking a database file before it replaces the live one, SQLite's own
//! integrity checks, and the newest audit entry (the anchor `verify` compares with
//! to notice a rollback). Where backups go, when and how many: `app::backup`.

use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::backup::{Backup, StepResult};
use rusqlite::{Connection, ErrorCode, OpenFlags, OptionalExtension};
use serde::{Deserialize, Serialize};

use super::{Store, StoreError, StoreResult, migrations};

/// The newest audit entry of the whole database (all rounds): its id and hash.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditTip {
    pub id: i64,
    pub hash: String,
}

/// What a checked database file holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DatabaseFacts {
    pub schema_version: u32,
    pub rounds: u32,
    pub tip: Option<AuditTip>,
}

/// Why a database file cannot replace the live one.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FileCheckProblem {
    #[error("it is not an SQLite database ({0})")]
    NotADatabase(String),
    #[error("SQLite's integrity check fails: {0}")]
    Damaged(String),
    #[error("its schema version {found} is unknown to this app (it knows 1 to {known})")]
    UnknownVersion { found: u32, known: u32 },
    #[error("it is not an OCOP Council database (no rounds table)")]
    Foreign,
}

/// True when SQLite says the file itself is damaged (not a busy lock, a missing
/// table or a refused write).
pub fn is_damage(e: &rusqlite::Error) -> bool {
    matches!(
        e.sqlite_error_code(),
        Some(ErrorCode::DatabaseCorrupt | ErrorCode::NotADatabase)
    )
}

/// `PRAGMA quick_check` (or the full `integrity_check`): empty when the file is
/// sound, otherwise SQLite's lines (at most 20).
pub fn check_pages(conn: &Connection, full: bool) -> rusqlite::Result<Vec<String>> {
    let sql = if full {
        "PRAGMA integrity_check(20)"
    } else {
        "PRAGMA quick_check(20)"
    };
    let mut stmt = conn.prepare(sql)?;
    let lines = stmt
        .query_map([], |r| r.get::<_, String>(0))?
        .collect::<Result<Vec<_>, _>>()?;
    Ok(if lines.len() == 1 && lines[0] == "ok" {
        Vec::new()
    } else {
        lines
    })
}

/// Copies the database on `conn` into a new file at `dest` (which must not be
/// open elsewhere) with the online backup API, in rollback-journal mode so the
/// copy is one self-contained file, flushed to disk before this returns.
pub fn copy_database(conn: &Connection, dest: &Path) -> rusqlite::Result<()> {
    let mut out = Connection::open(dest)?;
    {
        let backup = Backup::new(conn, &mut out)?;
        // All pages in one step (a consistent snapshot); another writer holding the
        // lock makes it wait, for at most about 10 seconds.
        let mut waits = 0;
        loop {
            match backup.step(-1)? {
                StepResult::Done => break,
                StepResult::More | StepResult::Busy | StepResult::Locked if waits < 200 => {
                    waits += 1;
                    std::thread::sleep(Duration::from_millis(50));
                }
                _ => {
                    return Err(rusqlite::Error::SqliteFailure(
                        rusqlite::ffi::Error::new(rusqlite::ffi::SQLITE_BUSY),
                        Some("the database stayed busy; the backup was not taken".into()),
                    ));
                }
            }
        }
    }
    let _mode: String = out.query_row("PRAGMA journal_mode = DELETE", [], |r| r.get(0))?;
    out.close().map_err(|(_, e)| e)?;
    if let Ok(file) = std::fs::File::open(dest) {
        file.sync_all().ok();
    }
    Ok(())
}

/// Opens `path` and checks it can be the live database: SQLite opens it, the full
/// integrity check passes, its schema version is one this build knows (older ones
/// are migrated when opened). Switches the file to rollback-journal mode, so call
/// this on a private copy, never on the user's file.
pub fn check_database_file(path: &Path) -> Result<DatabaseFacts, FileCheckProblem> {
    let not_db = |e: rusqlite::Error| FileCheckProblem::NotADatabase(e.to_string());
    let conn = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .map_err(not_db)?;
    let version: u32 = conn
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .map_err(not_db)?;
    let problems = check_pages(&conn, true).map_err(|e| {
        if is_damage(&e) {
            FileCheckProblem::Damaged(e.to_string())
        } else {
            not_db(e)
        }
    })?;
    if !problems.is_empty() {
        return Err(FileCheckProblem::Damaged(problems.join("; ")));
    }
    if version == 0 || version > migrations::SCHEMA_VERSION {
        return Err(FileCheckProblem::UnknownVersion {
            found: version,
            known: migrations::SCHEMA_VERSION,
        });
    }
    let rounds: u32 = conn
        .query_row("SELECT count(*) FROM rounds", [], |r| r.get(0))
        .map_err(|_| FileCheckProblem::Foreign)?;
    let tip = tip_on(&conn).map_err(not_db)?;
    let _mode: String = conn
        .query_row("PRAGMA journal_mode = DELETE", [], |r| r.get(0))
        .map_err(not_db)?;
    Ok(DatabaseFacts {
        schema_version: version,
        rounds,
        tip,
    })
}

fn tip_on(conn: &Connection) -> rusqlite::Result<Option<AuditTip>> {
    conn.query_row(
        "SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1",
        [],
        |r| {
            Ok(AuditTip {
                id: r.get(0)?,
                hash: r.get(1)?,
            })
        },
    )
    .optional()
}

/// Turns an SQLite error met while opening into [`StoreError::Damaged`] when the
/// file is damaged, so callers can offer a backup instead of a bare message.
pub(super) fn classify_open_error(path: Option<&Path>, e: rusqlite::Error) -> StoreError {
    match path {
        Some(path) if is_damage(&e) => StoreError::Damaged {
            path: path.to_path_buf(),
            detail: e.to_string(),
        },
        _ => StoreError::Sqlite(e),
    }
}

/// The quick check run when a file database opens, before anything reads the schema.
pub(super) fn quick_check_on_open(conn: &Connection, path: &Path) -> StoreResult<()> {
    let damaged = |detail: String| StoreError::Damaged {
        path: path.to_path_buf(),
        detail,
    };
    // SQLite takes an empty file for a new database; with backups beside it, it is a
    // database that lost its content (cut to nothing), not a first start.
    let empty = std::fs::metadata(path).is_ok_and(|m| m.len() == 0);
    let has_backups = path
        .parent()
        .map(|p| p.join(BACKUP_FOLDER))
        .and_then(|folder| std::fs::read_dir(folder).ok())
        .is_some_and(|mut entries| entries.next().is_some());
    if empty && has_backups {
        return Err(damaged(
            "the file is empty, yet the data folder holds backups".into(),
        ));
    }
    match check_pages(conn, false) {
        Ok(problems) if problems.is_empty() => Ok(()),
        Ok(problems) => Err(damaged(problems.join("; "))),
        Err(e) if is_damage(&e) => Err(damaged(e.to_string())),
        Err(e) => Err(StoreError::Sqlite(e)),
    }
}

/// Before a migration changes an existing database: copy it to
/// `<data folder>/backups/` (the name says which version it was).
pub(super) fn backup_before_migration(conn: &Connection, db_path: &Path) -> StoreResult<()> {
    let version: u32 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    if version == 0 || version >= migrations::SCHEMA_VERSION {
        return Ok(());
    }
    let Some(folder) = db_path.parent().map(|p| p.join(BACKUP_FOLDER)) else {
        return Ok(());
    };
    let name = backup_file_name(&format!("migration-v{version}"));
    write_backup(conn, &folder.join(name))
}

/// The folder of automatic and manual backups, inside the data folder.
pub const BACKUP_FOLDER: &str = "backups";
/// Backups are `ocop-council-<UTC time>-<reason>.sqlite3`.
pub const BACKUP_PREFIX: &str = "ocop-council-";
pub const BACKUP_SUFFIX: &str = ".sqlite3";

/// `ocop-council-20260630T101500.123Z-finalize-r3.sqlite3`: sorts by time.
pub fn backup_file_name(reason: &str) -> String {
    let at = chrono::Utc::now().format("%Y%m%dT%H%M%S%.3fZ");
    format!("{BACKUP_PREFIX}{at}-{reason}{BACKUP_SUFFIX}")
}

/// Copies the database on `conn` to `dest` through a temporary file in the same
/// folder, renamed when complete: a backup file is never half-written.
pub fn write_backup(conn: &Connection, dest: &Path) -> StoreResult<()> {
    let io = |source: std::io::Error| StoreError::Backup {
        path: dest.to_path_buf(),
        source,
    };
    if let Some(folder) = dest.parent() {
        std::fs::create_dir_all(folder).map_err(io)?;
    }
    let tmp: PathBuf = crate::files::temp_path_for(dest);
    let result = copy_database(conn, &tmp)
        .map_err(StoreError::Sqlite)
        .and_then(|()| crate::files::rename_into_place(&tmp, dest).map_err(io));
    if result.is_err() {
        std::fs::remove_file(&tmp).ok();
        let journal = tmp.with_file_name(format!(
            "{}-journal",
            tmp.file_name().unwrap_or_default().to_string_lossy()
        ));
        std::fs::remove_file(journal).ok();
    }
    result
}

impl Store {
    /// Copies the live database to `dest` (see [`write_backup`]).
    pub fn backup_to(&self, dest: &Path) -> StoreResult<()> {
        write_backup(&self.conn, dest)
    }

    /// The newest audit entry of the database, if any.
    pub fn audit_tip(&self) -> StoreResult<Option<AuditTip>> {
        Ok(tip_on(&self.conn)?)
    }

    /// The hash of audit entry `id`, if the database holds it.
    pub fn audit_hash_of(&self, id: i64) -> StoreResult<Option<String>> {
        Ok(self
            .conn
            .query_row("SELECT hash FROM audit_log WHERE id = ?1", [id], |r| {
                r.get(0)
            })
            .optional()?)
    }

    /// SQLite's full `integrity_check` and `foreign_key_check`, one line per problem.
    pub fn integrity_problems(&self) -> StoreResult<Vec<String>> {
        let mut problems = check_pages(&self.conn, true)?;
        let mut stmt = self.conn.prepare("PRAGMA foreign_key_check")?;
        let rows = stmt.query_map([], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, Option<i64>>(1)?,
                r.get::<_, String>(2)?,
            ))
        })?;
        for row in rows.take(20) {
            let (table, rowid, parent) = row?;
            problems.push(format!(
                "{table} row {} points to a missing {parent} row",
                rowid.map_or("?".into(), |id| id.to_string())
            ));
        }
        Ok(problems)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_backup_is_a_sound_self_contained_database() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path()).unwrap();
        let dest = dir.path().join("backups").join(backup_file_name("manual"));
        store.backup_to(&dest).unwrap();
        let facts = check_database_file(&dest).unwrap();
        assert_eq!(facts.schema_version, migrations::SCHEMA_VERSION);
        assert_eq!(facts.rounds, 0);
        assert!(store.integrity_problems().unwrap().is_empty());
    }

    #[test]
    fn an_emptied_database_with_backups_is_damaged_not_new() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path()).unwrap();
        store
            .backup_to(
                &dir.path()
                    .join(BACKUP_FOLDER)
                    .join(backup_file_name("manual")),
            )
            .unwrap();
        drop(store);
        std::fs::write(dir.path().join(super::super::DATABASE_FILE), b"").unwrap();
        let err = Store::open(dir.path()).err().unwrap();
        assert!(matches!(err, StoreError::Damaged { .. }), "{err}");
    }

    #[test]
    fn a_file_that_is_not_a_database_is_named_as_such() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("x.sqlite3");
        std::fs::write(&path, vec![b'x'; 4096]).unwrap();
        let err = check_database_file(&path).unwrap_err();
        assert!(matches!(err, FileCheckProblem::NotADatabase(_)), "{err}");
    }

    #[test]
    fn a_database_from_the_future_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("x.sqlite3");
        let conn = Connection::open(&path).unwrap();
        conn.pragma_update(None, "user_version", migrations::SCHEMA_VERSION + 1)
            .unwrap();
        drop(conn);
        let err = check_database_file(&path).unwrap_err();
        assert!(
            matches!(err, FileCheckProblem::UnknownVersion { .. }),
            "{err}"
        );
    }
}
