//! The backups' requests. They also run while the data folder does not open
//! (`session` is `None` then): listing, restoring and creating the folder are
//! what can fix it.

use std::path::Path;

use super::Next;
use crate::app::Session;
use crate::app::backup::{self, BackupReason};
use crate::app::failure::{Cause, Operation};
use crate::app::notice::Notice;
use crate::app::reply::{Reply, chain_failure, failed, store_failure};
use crate::app::request::BackupsRequest;

pub(in crate::app) fn handle(
    data_dir: &Path,
    session: Option<&Session>,
    request: BackupsRequest,
) -> Next {
    match request {
        BackupsRequest::ListBackups => Reply::Backups {
            list: backup::list(data_dir),
            made: None,
        }
        .into(),
        BackupsRequest::BackupNow => match session {
            Some(session) => backup_now(session).into(),
            None => Reply::NotOpen.into(),
        },
        BackupsRequest::RestoreBackup { path } => Next::Restore(path),
        BackupsRequest::CreateDataFolder => {
            let reply = match crate::app::paths::create_data_dir(data_dir) {
                Ok(()) => Reply::Done(Notice::DataFolderCreated {
                    path: data_dir.to_path_buf(),
                }),
                Err(e) => chain_failure(Operation::CreateDataFolder, Some(data_dir), &e),
            };
            match session {
                // Already open: nothing to retry.
                Some(_) => Next::Reply(reply),
                None => Next::Retry(reply),
            }
        }
    }
}

fn backup_now(session: &Session) -> Reply {
    match backup::backup_now(session, BackupReason::Manual) {
        Ok(info) => Reply::Backups {
            list: backup::list(&session.data_dir),
            made: Some(info.path),
        },
        Err(e) => store_failure(Operation::Backup, &e),
    }
}

/// Restores the backup at `path` (the session is closed by now).
pub(in crate::app) fn restore(data_dir: &Path, path: &Path) -> Reply {
    match backup::restore::restore(data_dir, path) {
        Ok(done) => Reply::Restored {
            from: done.from,
            previous: done.previous,
        },
        Err(e) => failed(Operation::Restore, Cause::of_restore(&e)),
    }
}
