//! The content-addressed attachment store of a data folder:
//! `<data>/attachments/sha256/ab/<64 hex>` holds the bytes whose SHA-256 is the
//! name, so a dossier survives the USB stick it came on, and a file attached to
//! two dossiers is stored once.
//!
//! Writes are atomic: a blob is written under `attachments/tmp/`, fsynced and
//! renamed into place; a blob is never modified afterwards. Only database rows
//! (store::dossiers) make a blob visible. A blob that no row names, left by an
//! import that failed or was killed before its transaction committed, is removed
//! by [`AttachmentStore::sweep`], which runs when a session opens and after a
//! failed import; temp files are removed by the same sweep.
//!
//! Importers hold a shared lock on `attachments/.lock` from their first write to
//! their commit; the sweep takes the lock exclusively and skips its turn when it
//! cannot, so it never removes a blob another process is about to reference.

use std::collections::BTreeSet;
use std::fs::{self, File};
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

use sha2::{Digest, Sha256};

use crate::exchange::dossier::{Limits, ReadStop, read_limited};

/// Sub-folder of the data folder holding the attachment store.
pub const ATTACHMENTS_SUBDIR: &str = "attachments";

/// Whether `text` is a lowercase hex SHA-256.
pub fn is_sha256_hex(text: &str) -> bool {
    text.len() == 64
        && text
            .bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

/// Why a file did not go into the store.
#[derive(Debug, thiserror::Error)]
pub enum PutError {
    #[error("\"{0}\" is not a SHA-256")]
    NotSha256(String),
    #[error("cannot create {}: {source}", .path.display())]
    Create {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("cannot write {}: {source}", .path.display())]
    Write {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("cannot be read: {0}")]
    Read(std::io::Error),
    /// Reading stopped at a limit (too large, or expanding too much).
    #[error("{0}")]
    Stopped(String),
    #[error("changed while it was being imported (its content no longer matches what was checked)")]
    Changed,
    #[error("the store path has no folder")]
    NoFolder,
    #[error("cannot move into {}: {source}", .path.display())]
    Move {
        path: PathBuf,
        source: std::io::Error,
    },
}

impl PutError {
    fn create(path: &Path) -> impl FnOnce(std::io::Error) -> Self + '_ {
        move |source| Self::Create {
            path: path.to_path_buf(),
            source,
        }
    }

    fn write(path: &Path) -> impl FnOnce(std::io::Error) -> Self + '_ {
        move |source| Self::Write {
            path: path.to_path_buf(),
            source,
        }
    }
}

/// A blob now in the store.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredBlob {
    pub sha256: String,
    pub size_bytes: u64,
    /// False when the store already held these bytes.
    pub newly_written: bool,
}

/// What a sweep removed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SweepReport {
    /// The lock was held by an import in progress; nothing was looked at.
    pub skipped: bool,
    pub temp_files_removed: usize,
    pub blobs_removed: usize,
}

#[derive(Debug, Clone)]
pub struct AttachmentStore {
    root: PathBuf,
}

/// Held while an import writes blobs and commits its rows.
#[derive(Debug)]
pub struct WriteLock {
    _file: File,
}

static TEMP_COUNTER: AtomicU64 = AtomicU64::new(0);

impl AttachmentStore {
    /// The store of a data folder (nothing is created until a write).
    pub fn new(data_dir: &Path) -> Self {
        Self {
            root: data_dir.join(ATTACHMENTS_SUBDIR),
        }
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    fn blobs_dir(&self) -> PathBuf {
        self.root.join("sha256")
    }

    fn temp_dir(&self) -> PathBuf {
        self.root.join("tmp")
    }

    fn lock_path(&self) -> PathBuf {
        self.root.join(".lock")
    }

    /// Where the blob with this hash lives (whether or not it exists); `None` for
    /// anything that is not a lowercase hex SHA-256, so no name can leave the store.
    pub fn path_of(&self, sha256: &str) -> Option<PathBuf> {
        is_sha256_hex(sha256).then(|| self.blobs_dir().join(&sha256[..2]).join(sha256))
    }

    /// The size of a stored blob, if present.
    pub fn size_of(&self, sha256: &str) -> Option<u64> {
        let meta = fs::metadata(self.path_of(sha256)?).ok()?;
        meta.is_file().then_some(meta.len())
    }

    fn open_lock(&self) -> std::io::Result<File> {
        fs::create_dir_all(&self.root)?;
        File::options()
            .create(true)
            .truncate(false)
            .write(true)
            .open(self.lock_path())
    }

    /// Takes the shared write lock (waits for a running sweep).
    pub fn lock_for_writing(&self) -> std::io::Result<WriteLock> {
        let file = self.open_lock()?;
        file.lock_shared()?;
        Ok(WriteLock { _file: file })
    }

    /// Copies `reader` into the store, hashing on the way, and checks the hash is
    /// `expected_sha256` (the bytes the inspection saw); reads at most `limit` bytes.
    /// The caller holds a [`WriteLock`].
    pub fn put(
        &self,
        _lock: &WriteLock,
        reader: &mut dyn Read,
        expected_sha256: &str,
        limit: u64,
        progress: &mut dyn FnMut(u64),
    ) -> Result<StoredBlob, PutError> {
        let final_path = self
            .path_of(expected_sha256)
            .ok_or_else(|| PutError::NotSha256(expected_sha256.to_owned()))?;
        let temp_dir = self.temp_dir();
        fs::create_dir_all(&temp_dir).map_err(PutError::create(&temp_dir))?;
        let temp_path = temp_dir.join(format!(
            "{}-{}-{}.part",
            std::process::id(),
            TEMP_COUNTER.fetch_add(1, Ordering::Relaxed),
            &expected_sha256[..16]
        ));
        let result = self.write_temp(&temp_path, reader, limit, progress);
        let (sha256, size_bytes) = match result {
            Ok(done) => done,
            Err(e) => {
                let _ = fs::remove_file(&temp_path);
                return Err(e);
            }
        };
        if sha256 != expected_sha256 {
            let _ = fs::remove_file(&temp_path);
            return Err(PutError::Changed);
        }
        if fs::metadata(&final_path).is_ok_and(|m| m.is_file() && m.len() == size_bytes) {
            // Same hash, same bytes: already stored by an earlier import.
            let _ = fs::remove_file(&temp_path);
            return Ok(StoredBlob {
                sha256,
                size_bytes,
                newly_written: false,
            });
        }
        let parent = final_path.parent().ok_or(PutError::NoFolder)?;
        fs::create_dir_all(parent).map_err(PutError::create(parent))?;
        // The name is its hash, so the temporary file lives in the store's own temp
        // folder (swept on start); the rename into place is the one in crate::files.
        crate::files::rename_into_place(&temp_path, &final_path).map_err(|source| {
            let _ = fs::remove_file(&temp_path);
            PutError::Move {
                path: final_path.clone(),
                source,
            }
        })?;
        Ok(StoredBlob {
            sha256,
            size_bytes,
            newly_written: true,
        })
    }

    fn write_temp(
        &self,
        temp_path: &Path,
        reader: &mut dyn Read,
        limit: u64,
        progress: &mut dyn FnMut(u64),
    ) -> Result<(String, u64), PutError> {
        let mut file = File::create_new(temp_path).map_err(PutError::create(temp_path))?;
        let mut hasher = Sha256::new();
        let mut write_error = None;
        let read = read_limited(reader, limit, None::<(u64, &Limits)>, &mut |chunk| {
            if write_error.is_some() {
                return;
            }
            hasher.update(chunk);
            if let Err(e) = file.write_all(chunk) {
                write_error = Some(e);
            }
            progress(chunk.len() as u64);
        });
        if let Some(source) = write_error {
            return Err(PutError::write(temp_path)(source));
        }
        let size = read.map_err(|stop| match stop {
            ReadStop::Io(e) => PutError::Read(e),
            other => PutError::Stopped(other.to_string()),
        })?;
        file.sync_all().map_err(PutError::write(temp_path))?;
        Ok((hex::encode(hasher.finalize()), size))
    }

    /// Removes temp files and every blob not in `referenced`, unless an import
    /// holds the lock (then nothing is touched and `skipped` is set).
    pub fn sweep(&self, referenced: &BTreeSet<String>) -> std::io::Result<SweepReport> {
        if !self.root.exists() {
            return Ok(SweepReport::default());
        }
        let lock = self.open_lock()?;
        if lock.try_lock().is_err() {
            return Ok(SweepReport {
                skipped: true,
                ..SweepReport::default()
            });
        }
        let mut report = SweepReport::default();
        if let Ok(temps) = fs::read_dir(self.temp_dir()) {
            for temp in temps.flatten() {
                if fs::remove_file(temp.path()).is_ok() {
                    report.temp_files_removed += 1;
                }
            }
        }
        if let Ok(prefixes) = fs::read_dir(self.blobs_dir()) {
            for prefix in prefixes.flatten() {
                let Ok(blobs) = fs::read_dir(prefix.path()) else {
                    continue;
                };
                for blob in blobs.flatten() {
                    let name = blob.file_name();
                    let Some(name) = name.to_str() else { continue };
                    if is_sha256_hex(name)
                        && !referenced.contains(name)
                        && fs::remove_file(blob.path()).is_ok()
                    {
                        report.blobs_removed += 1;
                    }
                }
            }
        }
        drop(lock);
        Ok(report)
    }

    /// Every blob present, as (hash, size), for checks and tests.
    pub fn list(&self) -> Vec<(String, u64)> {
        let mut out = Vec::new();
        if let Ok(prefixes) = fs::read_dir(self.blobs_dir()) {
            for prefix in prefixes.flatten() {
                if let Ok(blobs) = fs::read_dir(prefix.path()) {
                    for blob in blobs.flatten() {
                        if let (Some(name), Ok(meta)) = (
                            blob.file_name().to_str().map(str::to_string),
                            blob.metadata(),
                        ) {
                            out.push((name, meta.len()));
                        }
                    }
                }
            }
        }
        out.sort();
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sha(bytes: &[u8]) -> String {
        hex::encode(Sha256::digest(bytes))
    }

    #[test]
    fn stores_by_hash_once_and_refuses_changed_content() {
        let dir = tempfile::tempdir().unwrap();
        let store = AttachmentStore::new(dir.path());
        let lock = store.lock_for_writing().unwrap();
        let bytes = b"%PDF-1.4 phieu dang ky";
        let first = store
            .put(&lock, &mut &bytes[..], &sha(bytes), 1000, &mut |_| {})
            .unwrap();
        assert!(first.newly_written);
        let again = store
            .put(&lock, &mut &bytes[..], &sha(bytes), 1000, &mut |_| {})
            .unwrap();
        assert!(!again.newly_written);
        let path = store.path_of(&first.sha256).unwrap();
        assert_eq!(fs::read(&path).unwrap(), bytes);
        assert!(path.starts_with(dir.path().join("attachments/sha256")));
        let err = store
            .put(&lock, &mut &b"other"[..], &sha(bytes), 1000, &mut |_| {})
            .unwrap_err();
        assert!(err.to_string().contains("changed"), "{err}");
        assert_eq!(store.list().len(), 1);
        // No temp file survives a failed or a successful put.
        assert_eq!(fs::read_dir(store.temp_dir()).unwrap().count(), 0);
    }

    #[test]
    fn only_hex_names_map_into_the_store() {
        let store = AttachmentStore::new(Path::new("/data"));
        assert!(store.path_of("../../etc/passwd").is_none());
        assert!(store.path_of(&"A".repeat(64)).is_none());
        assert!(store.path_of(&"a".repeat(64)).is_some());
    }

    #[test]
    fn sweep_removes_orphans_and_temps_but_waits_for_writers() {
        let dir = tempfile::tempdir().unwrap();
        let store = AttachmentStore::new(dir.path());
        let lock = store.lock_for_writing().unwrap();
        let kept = store
            .put(&lock, &mut &b"kept"[..], &sha(b"kept"), 100, &mut |_| {})
            .unwrap();
        store
            .put(
                &lock,
                &mut &b"orphan"[..],
                &sha(b"orphan"),
                100,
                &mut |_| {},
            )
            .unwrap();
        fs::write(store.temp_dir().join("123-0-abc.part"), b"half").unwrap();
        let referenced: BTreeSet<String> = [kept.sha256.clone()].into();
        // A writer holds the lock: the sweep must not touch anything.
        assert!(store.sweep(&referenced).unwrap().skipped);
        assert_eq!(store.list().len(), 2);
        drop(lock);
        let report = store.sweep(&referenced).unwrap();
        assert_eq!((report.temp_files_removed, report.blobs_removed), (1, 1));
        assert_eq!(store.list(), vec![(kept.sha256, 4)]);
    }
}
