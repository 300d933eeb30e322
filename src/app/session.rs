//! An open data folder: the criteria catalog (embedded + external) and the store.
//!
//! The catalog is read when first asked for: most commands (results, sheets,
//! exports) work on a round's stored snapshots and never need it.
//!
//! Opening takes the folder's shared lock (a restore waits for every session to
//! close), refuses a folder that does not exist (a mistyped `--data-dir` must not
//! become an empty store: `--create`, or the GUI's confirmation, makes a new one),
//! and takes the day's first backup. Closing moves the audit anchor forward.

use std::cell::OnceCell;
use std::path::{Path, PathBuf};

use anyhow::Context as _;

use super::backup::{self, lock::DataLock};
use super::paths::{CRITERIA_SUBDIR, MissingDataFolder};
use crate::domain::criteria::Catalog;
use crate::store::Store;

pub struct Session {
    pub data_dir: PathBuf,
    catalog: OnceCell<Catalog>,
    pub store: Store,
    _lock: DataLock,
}

impl Session {
    pub fn open(data_dir: &Path) -> anyhow::Result<Self> {
        if !data_dir.is_dir() {
            return Err(MissingDataFolder(data_dir.to_path_buf()).into());
        }
        let lock = DataLock::shared(data_dir)?;
        let store = Store::open(data_dir)
            .with_context(|| format!("cannot open the data folder {}", data_dir.display()))?;
        let session = Self {
            data_dir: data_dir.to_path_buf(),
            catalog: OnceCell::new(),
            store,
            _lock: lock,
        };
        // Blobs of an import that failed or was killed before its commit, and temp files.
        super::dossier::sweep_attachments(&session);
        backup::daily(&session);
        Ok(session)
    }

    /// The criteria sets: the embedded ones and the data folder's `criteria/` files,
    /// read on first use (an external file added meanwhile is seen by the next session).
    pub fn catalog(&self) -> &Catalog {
        self.catalog
            .get_or_init(|| Catalog::load(Some(&self.data_dir.join(CRITERIA_SUBDIR))))
    }

    /// Records the newest audit entry this session confirmed (see `backup::anchor`).
    pub fn advance_anchor(&self) {
        backup::anchor::advance(&self.data_dir, &self.store);
    }
}

impl Drop for Session {
    fn drop(&mut self) {
        self.advance_anchor();
    }
}
