//! Backups of the data folder's database, in `<data folder>/backups/`, written with
//! SQLite's online backup API (a consistent copy even while the app writes).
//!
//! When: before every migration (the store does it, see `store::backup`), before a
//! round package import or a merge, before finalizing, reopening and issuing
//! certificates, once a day on the first start, after a round is finalized, and on
//! demand (`ocop-council backup`, the *Sao lưu / Backups* screen). How many: the
//! last [`KEEP_LAST`] plus, forever, the newest copy taken right after each round
//! was finalized. Attachments are content-addressed and never deleted, so the
//! database is all a backup needs. Restoring: [`restore`].

pub mod anchor;
pub mod lock;
pub mod restore;

use std::path::{Path, PathBuf};

use serde::Serialize;

use super::Session;
use crate::domain::ids::RoundId;
use crate::store::backup::{
    BACKUP_FOLDER, BACKUP_PREFIX, BACKUP_SUFFIX, DatabaseFacts, backup_file_name,
};
use crate::store::{StoreResult, VerifyCheck, VerifyReport};

/// How many of the latest backups are kept (the finalized rounds' copies come on top).
pub const KEEP_LAST: usize = 20;

/// Why a backup was taken; it is part of the file name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BackupReason {
    Manual,
    Daily,
    RoundPackage,
    Merge,
    Finalize(RoundId),
    /// Right after a round was finalized: kept forever.
    Finalized(RoundId),
    Reopen(RoundId),
    Certificates(RoundId),
    BeforeRestore,
}

impl BackupReason {
    pub fn token(self) -> String {
        match self {
            Self::Manual => "manual".into(),
            Self::Daily => "daily".into(),
            Self::RoundPackage => "round-package".into(),
            Self::Merge => "merge".into(),
            Self::Finalize(r) => format!("finalize-r{r}"),
            Self::Finalized(r) => format!("finalized-r{r}"),
            Self::Reopen(r) => format!("reopen-r{r}"),
            Self::Certificates(r) => format!("certificates-r{r}"),
            Self::BeforeRestore => "before-restore".into(),
        }
    }
}

/// One backup file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BackupInfo {
    pub path: PathBuf,
    pub file_name: String,
    /// UTC, as in the name: `2026-06-30 10:15:00`.
    pub taken_at: String,
    /// The reason token (`manual`, `daily`, `finalize-r3`, `migration-v4`, …).
    pub reason: String,
    pub bytes: u64,
    /// Kept forever (the copy of a finalized round).
    pub kept_forever: bool,
}

pub fn backup_folder(data_dir: &Path) -> PathBuf {
    data_dir.join(BACKUP_FOLDER)
}

/// Parses `ocop-council-20260630T101500.123Z-finalize-r3.sqlite3`.
fn parse_name(name: &str) -> Option<(String, String)> {
    let rest = name
        .strip_prefix(BACKUP_PREFIX)?
        .strip_suffix(BACKUP_SUFFIX)?;
    let (stamp, reason) = rest.split_once("Z-")?;
    let time = chrono::NaiveDateTime::parse_from_str(stamp, "%Y%m%dT%H%M%S%.3f").ok()?;
    Some((
        time.format("%Y-%m-%d %H:%M:%S").to_string(),
        reason.to_string(),
    ))
}

/// The backups in the data folder, newest first.
pub fn list(data_dir: &Path) -> Vec<BackupInfo> {
    let Ok(entries) = std::fs::read_dir(backup_folder(data_dir)) else {
        return Vec::new();
    };
    let mut found: Vec<BackupInfo> = entries
        .flatten()
        .filter_map(|entry| {
            let name = entry.file_name().to_str()?.to_string();
            let (taken_at, reason) = parse_name(&name)?;
            let meta = entry.metadata().ok().filter(|m| m.is_file())?;
            Some(BackupInfo {
                path: entry.path(),
                file_name: name,
                taken_at,
                reason,
                bytes: meta.len(),
                kept_forever: false,
            })
        })
        .collect();
    found.sort_by(|a, b| b.file_name.cmp(&a.file_name));
    let mut forever_rounds = std::collections::HashSet::new();
    for info in &mut found {
        if let Some(round) = info.reason.strip_prefix("finalized-r") {
            info.kept_forever = forever_rounds.insert(round.to_string());
        }
    }
    found
}

/// Deletes the backups beyond the retention rule; returns how many went.
pub fn prune(data_dir: &Path, keep_last: usize) -> usize {
    let mut kept = 0;
    let mut removed = 0;
    for info in list(data_dir) {
        if info.kept_forever {
            continue;
        }
        if kept < keep_last {
            kept += 1;
            continue;
        }
        if std::fs::remove_file(&info.path).is_ok() {
            removed += 1;
        }
    }
    removed
}

/// Backs up the session's database now, then applies the retention rule.
pub fn backup_now(session: &Session, reason: BackupReason) -> StoreResult<BackupInfo> {
    let dest = backup_folder(&session.data_dir).join(backup_file_name(&reason.token()));
    session.store.backup_to(&dest)?;
    prune(&session.data_dir, KEEP_LAST);
    Ok(list(&session.data_dir)
        .into_iter()
        .find(|b| b.path == dest)
        .unwrap_or_else(|| BackupInfo {
            file_name: dest
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default(),
            path: dest,
            taken_at: String::new(),
            reason: reason.token(),
            bytes: 0,
            kept_forever: false,
        }))
}

/// The automatic backup before a change that is hard to undo. An empty database
/// (no round yet) is not worth a copy. A backup that fails refuses the change.
pub fn before_change(session: &Session, reason: BackupReason) -> anyhow::Result<()> {
    if session.store.is_empty()? {
        return Ok(());
    }
    backup_now(session, reason).map_err(|e| {
        anyhow::anyhow!(
            "cannot back up the database first, so nothing was changed: {e} (free some disk space, or check {})",
            backup_folder(&session.data_dir).display()
        )
    })?;
    Ok(())
}

/// Right after a round was finalized: the copy kept forever. Logged, not fatal
/// (the round is finalized already).
pub fn after_finalize(session: &Session, round: RoundId) {
    if let Err(e) = backup_now(session, BackupReason::Finalized(round)) {
        log::warn!("the backup of finalized round {round} failed: {e}");
    }
}

/// The day's first start: a backup when none was taken today (UTC) and the
/// database holds something. Failures are logged, never fatal.
pub fn daily(session: &Session) {
    if session.store.is_empty().unwrap_or(true) {
        return;
    }
    let today = chrono::Utc::now().format("%Y-%m-%d").to_string();
    if list(&session.data_dir)
        .iter()
        .any(|b| b.taken_at.starts_with(&today))
    {
        return;
    }
    if let Err(e) = backup_now(session, BackupReason::Daily) {
        log::warn!("the daily backup failed: {e}");
    }
}

/// The newest backup that passes the checks a restore makes, with what it holds.
pub fn newest_good(data_dir: &Path) -> Option<(BackupInfo, DatabaseFacts)> {
    list(data_dir).into_iter().find_map(|info| {
        restore::check_copy(data_dir, &info.path)
            .ok()
            .map(|facts| (info, facts))
    })
}

/// Why the data folder did not open, when the user can fix it from the app.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StartProblem {
    /// The folder named by the user does not exist (offer to create it).
    MissingFolder(PathBuf),
    /// The database is damaged; the newest backup that passes the checks, if any.
    Damaged {
        database: PathBuf,
        detail: String,
        newest_good: Option<BackupInfo>,
        /// Rounds in that backup.
        rounds_in_backup: u32,
    },
}

/// Classifies an error from `Session::open` (None: nothing the app can offer).
pub fn start_problem(data_dir: &Path, e: &anyhow::Error) -> Option<StartProblem> {
    if let Some(missing) = e.downcast_ref::<super::paths::MissingDataFolder>() {
        return Some(StartProblem::MissingFolder(missing.0.clone()));
    }
    match e.downcast_ref::<crate::store::StoreError>() {
        Some(crate::store::StoreError::Damaged { path, detail }) => {
            let good = newest_good(data_dir);
            Some(StartProblem::Damaged {
                database: path.clone(),
                detail: detail.clone(),
                rounds_in_backup: good.as_ref().map_or(0, |(_, f)| f.rounds),
                newest_good: good.map(|(info, _)| info),
            })
        }
        _ => None,
    }
}

/// `verify` for a round: the store's checks (SQLite's integrity and foreign-key
/// checks included) and the rollback check against the audit anchor (its finding
/// also typed, for the GUI to word; the report's line is its English).
pub fn verify_round(
    session: &Session,
    round: RoundId,
) -> StoreResult<(VerifyReport, Option<anchor::Rollback>)> {
    let mut report = session.store.verify_round(round)?;
    let rollback = anchor::rollback(&session.data_dir, &session.store)?;
    report.checks.push(rollback_check(rollback.as_ref()));
    Ok((report, rollback))
}

/// `verify --catalogue`: the store's catalogue checks and the rollback check.
pub fn verify_catalogue(session: &Session) -> StoreResult<crate::store::CatalogueVerifyReport> {
    let mut report = session.store.verify_catalogue()?;
    let rollback = anchor::rollback(&session.data_dir, &session.store)?;
    report.checks.push(rollback_check(rollback.as_ref()));
    Ok(report)
}

/// The rollback check as a line of the report.
fn rollback_check(rollback: Option<&anchor::Rollback>) -> VerifyCheck {
    VerifyCheck {
        kind: crate::store::CheckKind::Rollback,
        detail: format!("audit anchor in {}", anchor::ANCHOR_FILE),
        problems: rollback.iter().map(ToString::to_string).collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_parse_back_into_time_and_reason() {
        let (at, reason) =
            parse_name("ocop-council-20260630T101500.123Z-finalize-r3.sqlite3").unwrap();
        assert_eq!(at, "2026-06-30 10:15:00");
        assert_eq!(reason, "finalize-r3");
        assert!(parse_name("notes.txt").is_none());
    }

    #[test]
    fn retention_keeps_the_last_n_and_each_finalized_round_forever() {
        let dir = tempfile::tempdir().unwrap();
        let folder = backup_folder(dir.path());
        std::fs::create_dir_all(&folder).unwrap();
        let name = |i: u32, reason: &str| {
            format!(
                "ocop-council-202601{:02}T000000.000Z-{reason}.sqlite3",
                i + 1
            )
        };
        for i in 0..25 {
            let reason = match i {
                0 => "finalized-r1",
                1 => "finalized-r1",
                2 => "finalized-r2",
                _ => "daily",
            };
            std::fs::write(folder.join(name(i, reason)), b"x").unwrap();
        }
        let removed = prune(dir.path(), 20);
        let left: Vec<String> = list(dir.path()).into_iter().map(|b| b.file_name).collect();
        // 25 files: the newest 20 stay, the older finalized-r1 goes, the newest
        // finalized-r1 and finalized-r2 stay forever.
        assert_eq!(left.len(), 22, "{left:?}");
        assert_eq!(removed, 3);
        assert!(left.contains(&name(1, "finalized-r1")));
        assert!(left.contains(&name(2, "finalized-r2")));
        assert!(!left.contains(&name(0, "finalized-r1")));
    }
}
