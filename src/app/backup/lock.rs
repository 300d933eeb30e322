//! Who has the data folder open: every session holds a shared advisory lock on
//! `<data folder>/ocop-council.lock` for its lifetime; a restore takes it
//! exclusively, so it refuses while the app or a command runs, and nothing opens
//! the folder while a restore replaces the database. The operating system drops
//! the lock when a process ends, even when it is killed.

use std::fs::{File, OpenOptions, TryLockError};
use std::path::{Path, PathBuf};

/// The lock file's name inside the data folder.
pub const LOCK_FILE: &str = "ocop-council.lock";

/// Why the data folder's lock was not taken.
#[derive(Debug, thiserror::Error)]
pub enum LockError {
    /// Another session (the app, a command) has the folder open.
    #[error(
        "the data folder {0} is in use by OCOP Council (the app or a command is running); close it first"
    )]
    InUse(PathBuf),
    /// A restore is replacing the database right now.
    #[error("the data folder {0} is being restored; try again when the restore has finished")]
    Restoring(PathBuf),
    #[error("cannot lock the data folder {path}: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
}

/// A held lock; released when dropped.
#[derive(Debug)]
pub struct DataLock {
    _file: File,
}

fn open_lock_file(data_dir: &Path) -> Result<File, LockError> {
    let path = data_dir.join(LOCK_FILE);
    OpenOptions::new()
        .read(true)
        .write(true)
        .create(true)
        .truncate(false)
        .open(&path)
        .map_err(|source| LockError::Io { path, source })
}

impl DataLock {
    /// A session's shared lock (many sessions may hold one at once).
    pub fn shared(data_dir: &Path) -> Result<Self, LockError> {
        let file = open_lock_file(data_dir)?;
        match file.try_lock_shared() {
            Ok(()) => Ok(Self { _file: file }),
            Err(TryLockError::WouldBlock) => Err(LockError::Restoring(data_dir.to_path_buf())),
            Err(TryLockError::Error(source)) => Err(LockError::Io {
                path: data_dir.join(LOCK_FILE),
                source,
            }),
        }
    }

    /// The exclusive lock a restore needs: refused while any session is open.
    pub fn exclusive(data_dir: &Path) -> Result<Self, LockError> {
        let file = open_lock_file(data_dir)?;
        match file.try_lock() {
            Ok(()) => Ok(Self { _file: file }),
            Err(TryLockError::WouldBlock) => Err(LockError::InUse(data_dir.to_path_buf())),
            Err(TryLockError::Error(source)) => Err(LockError::Io {
                path: data_dir.join(LOCK_FILE),
                source,
            }),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_open_session_blocks_a_restore_and_a_restore_blocks_sessions() {
        let dir = tempfile::tempdir().unwrap();
        let a = DataLock::shared(dir.path()).unwrap();
        let b = DataLock::shared(dir.path()).unwrap();
        assert!(matches!(
            DataLock::exclusive(dir.path()),
            Err(LockError::InUse(_))
        ));
        drop((a, b));
        let restore = DataLock::exclusive(dir.path()).unwrap();
        assert!(matches!(
            DataLock::shared(dir.path()),
            Err(LockError::Restoring(_))
        ));
        drop(restore);
        DataLock::shared(dir.path()).unwrap();
    }
}
