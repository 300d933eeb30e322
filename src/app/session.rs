//! An open data folder: the criteria catalog (embedded + external) and the store.

use std::path::{Path, PathBuf};

use anyhow::Context as _;

use super::paths::CRITERIA_SUBDIR;
use crate::domain::criteria::Catalog;
use crate::store::Store;

pub struct Session {
    pub data_dir: PathBuf,
    pub catalog: Catalog,
    pub store: Store,
}

impl Session {
    pub fn open(data_dir: &Path) -> anyhow::Result<Self> {
        let store = Store::open(data_dir)
            .with_context(|| format!("cannot open the data folder {}", data_dir.display()))?;
        let catalog = Catalog::load(Some(&data_dir.join(CRITERIA_SUBDIR)));
        let session = Self {
            data_dir: data_dir.to_path_buf(),
            catalog,
            store,
        };
        // Blobs of an import that failed or was killed before its commit, and temp files.
        super::dossier::sweep_attachments(&session);
        Ok(session)
    }
}
