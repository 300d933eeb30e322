//! Where the data folder is: `--data-dir`, else `$OCOP_COUNCIL_DATA`, else the
//! platform's data folder (e.g. `~/.local/share/ocop-council` on Linux).
//!
//! The platform folder is created on first use; a folder named by the user (flag or
//! environment) is created only when asked (`--create`, or the GUI's
//! confirmation), so a mistyped path is reported instead of becoming a new store.

use std::path::{Path, PathBuf};

/// Environment variable that overrides the data folder.
pub const DATA_DIR_ENV: &str = "OCOP_COUNCIL_DATA";

/// Sub-folder of the data folder scanned for extra criteria sets.
pub const CRITERIA_SUBDIR: &str = "criteria";

/// The data folder named by the user does not exist.
#[derive(Debug, Clone, thiserror::Error)]
#[error(
    "the data folder {} does not exist (check the path; pass --create to make a new data folder there)",
    .0.display()
)]
pub struct MissingDataFolder(pub PathBuf);

/// The user's folder (flag, then environment), if any.
fn named_by_user(explicit: Option<PathBuf>) -> Option<PathBuf> {
    explicit.or_else(|| {
        std::env::var_os(DATA_DIR_ENV)
            .filter(|v| !v.is_empty())
            .map(PathBuf::from)
    })
}

fn platform_dir() -> anyhow::Result<PathBuf> {
    directories::ProjectDirs::from("vn", "OCOP", "ocop-council")
        .map(|d| d.data_dir().to_path_buf())
        .ok_or_else(|| {
            anyhow::anyhow!(
                "cannot find a home folder for the data; pass --data-dir DIR or set {DATA_DIR_ENV}"
            )
        })
}

pub fn resolve_data_dir(explicit: Option<PathBuf>) -> anyhow::Result<PathBuf> {
    match named_by_user(explicit) {
        Some(dir) => Ok(dir),
        None => platform_dir(),
    }
}

/// Resolves the data folder and makes sure it exists: the platform folder is
/// created; a folder the user named is created only with `create`, otherwise a
/// missing one is a [`MissingDataFolder`] error.
pub fn prepare_data_dir(explicit: Option<PathBuf>, create: bool) -> anyhow::Result<PathBuf> {
    let (dir, may_create) = match named_by_user(explicit) {
        Some(dir) => (dir, create),
        None => (platform_dir()?, true),
    };
    if !dir.is_dir() {
        if !may_create {
            return Err(MissingDataFolder(dir).into());
        }
        create_data_dir(&dir)?;
    }
    Ok(dir)
}

/// Creates a new data folder (`--create`, or confirmed in the GUI).
pub fn create_data_dir(dir: &Path) -> anyhow::Result<()> {
    std::fs::create_dir_all(dir)
        .map_err(|e| anyhow::anyhow!("cannot create the data folder {}: {e}", dir.display()))
}
