//! The data folder's profile key pair: `<data>/keys/profile.ed25519` holds the private
//! seed (64 hex digits and a newline), readable by its owner only on Unix. It is made
//! on first use and never leaves the folder; only the public key is shown and sent.

use std::fs;
use std::io::Write as _;
use std::path::{Path, PathBuf};

use anyhow::Context as _;

use crate::exchange::signed::KeyPair;

/// Sub-folder of the data folder holding the key pair.
pub const KEYS_SUBDIR: &str = "keys";
/// The private seed's file name inside [`KEYS_SUBDIR`].
pub const PROFILE_KEY_FILE: &str = "profile.ed25519";

pub fn profile_key_path(data_dir: &Path) -> PathBuf {
    data_dir.join(KEYS_SUBDIR).join(PROFILE_KEY_FILE)
}

/// The profile key, if this data folder has one.
pub fn existing_profile_key(data_dir: &Path) -> anyhow::Result<Option<KeyPair>> {
    let path = profile_key_path(data_dir);
    let text = match crate::files::read_input_text(&path, crate::files::caps::SETTINGS_BYTES)
        .map_err(std::io::Error::from)
    {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(e).with_context(|| format!("cannot read {}", path.display())),
    };
    let seed: [u8; 32] = hex::decode(text.trim())
        .ok()
        .and_then(|bytes| bytes.try_into().ok())
        .with_context(|| {
            format!(
                "{} is damaged (not 64 hex digits); move it away to make a new key, which the secretary must then register",
                path.display()
            )
        })?;
    Ok(Some(KeyPair::from_seed(seed)))
}

/// The profile key, made now if this data folder has none yet. Two processes making
/// it at once end up with the same key: the file is linked into place only if absent.
pub fn profile_key(data_dir: &Path) -> anyhow::Result<KeyPair> {
    if let Some(key) = existing_profile_key(data_dir)? {
        return Ok(key);
    }
    let path = profile_key_path(data_dir);
    let dir = data_dir.join(KEYS_SUBDIR);
    create_private_dir(&dir).with_context(|| format!("cannot create {}", dir.display()))?;
    let key = KeyPair::generate().map_err(anyhow::Error::msg)?;
    let temp = crate::files::temp_path_for(&path);
    let written = write_private(&temp, &format!("{}\n", hex::encode(key.seed())));
    if let Err(e) = written {
        let _ = fs::remove_file(&temp);
        return Err(e).with_context(|| format!("cannot write {}", temp.display()));
    }
    // A hard link fails when the target exists, so a key another process made first
    // is never replaced; where links are not supported, rename if still absent.
    let placed = match fs::hard_link(&temp, &path) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Ok(()),
        Err(_) if !path.exists() => fs::rename(&temp, &path),
        Err(_) => Ok(()),
    };
    let _ = fs::remove_file(&temp);
    placed.with_context(|| format!("cannot write {}", path.display()))?;
    if let Ok(d) = fs::File::open(&dir) {
        let _ = d.sync_all();
    }
    existing_profile_key(data_dir)?.with_context(|| format!("{} was not written", path.display()))
}

#[cfg(unix)]
fn create_private_dir(dir: &Path) -> std::io::Result<()> {
    use std::os::unix::fs::DirBuilderExt as _;
    fs::DirBuilder::new()
        .recursive(true)
        .mode(0o700)
        .create(dir)
}

#[cfg(not(unix))]
fn create_private_dir(dir: &Path) -> std::io::Result<()> {
    fs::create_dir_all(dir)
}

/// Creates `path` (which must not exist), readable by its owner only on Unix.
fn write_private(path: &Path, text: &str) -> std::io::Result<()> {
    let mut options = fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt as _;
        options.mode(0o600);
    }
    let mut file = options.open(path)?;
    file.write_all(text.as_bytes())?;
    file.sync_all()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_key_is_made_once_and_kept_private() {
        let dir = tempfile::tempdir().unwrap();
        assert!(existing_profile_key(dir.path()).unwrap().is_none());
        let first = profile_key(dir.path()).unwrap();
        let again = profile_key(dir.path()).unwrap();
        assert_eq!(first.public_hex(), again.public_hex());
        let names: Vec<_> = fs::read_dir(dir.path().join(KEYS_SUBDIR))
            .unwrap()
            .flatten()
            .map(|e| e.file_name())
            .collect();
        assert_eq!(names, vec![std::ffi::OsString::from(PROFILE_KEY_FILE)]);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt as _;
            let mode = fs::metadata(profile_key_path(dir.path()))
                .unwrap()
                .permissions()
                .mode();
            assert_eq!(mode & 0o777, 0o600);
        }
        fs::write(profile_key_path(dir.path()), "not hex").unwrap();
        let err = profile_key(dir.path()).err().unwrap().to_string();
        assert!(err.contains("damaged"), "{err}");
    }
}
