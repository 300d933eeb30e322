//! Where the data folder is: `--data-dir`, else `$OCOP_COUNCIL_DATA`, else the
//! platform's data folder (e.g. `~/.local/share/ocop-council` on Linux).

use std::path::PathBuf;

/// Environment variable that overrides the data folder.
pub const DATA_DIR_ENV: &str = "OCOP_COUNCIL_DATA";

/// Sub-folder of the data folder scanned for extra criteria sets.
pub const CRITERIA_SUBDIR: &str = "criteria";

pub fn resolve_data_dir(explicit: Option<PathBuf>) -> anyhow::Result<PathBuf> {
    if let Some(dir) = explicit {
        return Ok(dir);
    }
    if let Some(dir) = std::env::var_os(DATA_DIR_ENV).filter(|v| !v.is_empty()) {
        return Ok(PathBuf::from(dir));
    }
    directories::ProjectDirs::from("vn", "OCOP", "ocop-council")
        .map(|d| d.data_dir().to_path_buf())
        .ok_or_else(|| {
            anyhow::anyhow!(
                "cannot find a home folder for the data; pass --data-dir DIR or set {DATA_DIR_ENV}"
            )
        })
}
