//! Files in and out, safely. The one way this app writes a file: to a temporary
//! file in the same folder, flushed to disk, then renamed over the target (an
//! atomic replace on the same file system), with the folder flushed too so the
//! rename survives a power cut. A target that exists and is not a regular file
//! (a named pipe, a device, a symbolic link, a folder) is refused, never replaced.
//! And the one way it reads a user's file: regular files only, with a size cap
//! checked before reading (`/dev/zero` or a pipe would otherwise never end).

use std::fs::File;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

static COUNTER: AtomicU64 = AtomicU64::new(0);

/// Size caps on files read whole (README "Size caps").
pub mod caps {
    /// A member's sheet file (JSON).
    pub const SHEET_FILE_BYTES: u64 = 1 << 20;
    /// A criteria sheet file (JSON).
    pub const CRITERIA_FILE_BYTES: u64 = 4 << 20;
    /// The issuing authority's logo.
    pub const LOGO_BYTES: u64 = 8 << 20;
    /// A product list (XLSX, XLS, ODS, CSV).
    pub const PRODUCT_LIST_BYTES: u64 = 32 << 20;
    /// A signed sheets package or a round package's JSON.
    pub const PACKAGE_BYTES: u64 = 64 << 20;
    /// A font file named in the document settings.
    pub const FONT_BYTES: u64 = 32 << 20;
    /// Small settings and key files.
    pub const SETTINGS_BYTES: u64 = 1 << 20;
}

/// Why a file cannot be read or written.
#[derive(Debug, thiserror::Error)]
pub enum FileError {
    #[error("{path}: not a regular file ({kind}); refused")]
    NotRegular { path: PathBuf, kind: &'static str },
    #[error("{path}: {size} bytes, more than the {cap} allowed for this kind of file")]
    TooLarge { path: PathBuf, size: u64, cap: u64 },
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
}

impl From<FileError> for std::io::Error {
    fn from(e: FileError) -> Self {
        match e {
            FileError::Io { source, .. } => source,
            other => std::io::Error::new(std::io::ErrorKind::InvalidInput, other.to_string()),
        }
    }
}

fn io_at(path: &Path) -> impl FnOnce(std::io::Error) -> FileError + '_ {
    move |source| FileError::Io {
        path: path.to_path_buf(),
        source,
    }
}

/// What kind of non-regular file `meta` describes (None: a regular file).
fn odd_kind(meta: &std::fs::Metadata) -> Option<&'static str> {
    let t = meta.file_type();
    if t.is_file() {
        return None;
    }
    if t.is_symlink() {
        return Some("a symbolic link");
    }
    if t.is_dir() {
        return Some("a folder");
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt as _;
        if t.is_fifo() {
            return Some("a named pipe");
        }
        if t.is_char_device() || t.is_block_device() {
            return Some("a device");
        }
        if t.is_socket() {
            return Some("a socket");
        }
    }
    Some("a special file")
}

/// Refuses an output target that exists and is not a regular file (checked without
/// following links: a link is refused, not written through).
pub fn check_output_target(target: &Path) -> Result<(), FileError> {
    match std::fs::symlink_metadata(target) {
        Ok(meta) => match odd_kind(&meta) {
            None => Ok(()),
            Some(kind) => Err(FileError::NotRegular {
                path: target.to_path_buf(),
                kind,
            }),
        },
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
        Err(e) => Err(io_at(target)(e)),
    }
}

/// A temporary name beside `target` that no other writer in this process uses.
pub fn temp_path_for(target: &Path) -> PathBuf {
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "file".into());
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    target.with_file_name(format!(".{name}.{}.{n}.tmp", std::process::id()))
}

/// Flushes a folder's entries to disk (POSIX: a rename is durable only then).
/// Best effort where folders cannot be opened (Windows).
pub fn sync_folder(folder: &Path) {
    let folder = if folder.as_os_str().is_empty() {
        Path::new(".")
    } else {
        folder
    };
    if let Ok(dir) = File::open(folder) {
        let _ = dir.sync_all();
    }
}

/// Renames a finished temporary file (or folder) over `target` and makes it durable.
/// Refuses a non-regular `target`.
pub fn rename_into_place(temp: &Path, target: &Path) -> std::io::Result<()> {
    check_output_target(target)?;
    std::fs::rename(temp, target)?;
    sync_folder(target.parent().unwrap_or(Path::new(".")));
    Ok(())
}

/// Writes `target` atomically by streaming into `write` (a zip writer, a PDF, …).
/// The temporary file is flushed before the rename; on any error the target is
/// untouched and the temporary file removed.
pub fn write_atomic_with<E: From<std::io::Error>>(
    target: &Path,
    write: impl FnOnce(&mut File) -> Result<(), E>,
) -> Result<(), E> {
    check_output_target(target).map_err(std::io::Error::from)?;
    let tmp = temp_path_for(target);
    let result = (|| {
        let mut file = File::create_new(&tmp)?;
        write(&mut file)?;
        file.flush()?;
        file.sync_all()?;
        drop(file);
        rename_into_place(&tmp, target)?;
        Ok(())
    })();
    if result.is_err() {
        std::fs::remove_file(&tmp).ok();
    }
    result
}

/// Writes `bytes` to `target` atomically (see [`write_atomic_with`]).
pub fn write_atomic(target: &Path, bytes: &[u8]) -> std::io::Result<()> {
    write_atomic_with(target, |file| file.write_all(bytes))
}

/// Opens a user's input file for reading: a regular file (links are followed: the
/// file they name must be regular) no larger than `cap` bytes. Returns the file and
/// its size.
pub fn open_input(path: &Path, cap: u64) -> Result<(File, u64), FileError> {
    let meta = std::fs::metadata(path).map_err(io_at(path))?;
    if let Some(kind) = odd_kind(&meta) {
        return Err(FileError::NotRegular {
            path: path.to_path_buf(),
            kind,
        });
    }
    if meta.len() > cap {
        return Err(FileError::TooLarge {
            path: path.to_path_buf(),
            size: meta.len(),
            cap,
        });
    }
    let file = File::open(path).map_err(io_at(path))?;
    Ok((file, meta.len()))
}

/// Reads a user's input file whole, refusing non-regular files and files over
/// `cap` bytes (also when the file grows while being read).
pub fn read_input(path: &Path, cap: u64) -> Result<Vec<u8>, FileError> {
    let (file, size) = open_input(path, cap)?;
    let mut bytes = Vec::with_capacity(size as usize);
    file.take(cap + 1)
        .read_to_end(&mut bytes)
        .map_err(io_at(path))?;
    if bytes.len() as u64 > cap {
        return Err(FileError::TooLarge {
            path: path.to_path_buf(),
            size: bytes.len() as u64,
            cap,
        });
    }
    Ok(bytes)
}

/// [`read_input`] as UTF-8 text; a leading byte-order mark is dropped (harmless:
/// Notepad writes one).
pub fn read_input_text(path: &Path, cap: u64) -> Result<String, FileError> {
    let bytes = read_input(path, cap)?;
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes);
    String::from_utf8(bytes.to_vec()).map_err(|e| FileError::Io {
        path: path.to_path_buf(),
        source: std::io::Error::new(
            std::io::ErrorKind::InvalidData,
            format!("not UTF-8 text (byte {})", e.utf8_error().valid_up_to()),
        ),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replaces_the_target_and_leaves_no_temporary_file() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("kết quả.xlsx");
        std::fs::write(&target, b"old").unwrap();
        write_atomic(&target, b"new").unwrap();
        assert_eq!(std::fs::read(&target).unwrap(), b"new");
        let names: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .flatten()
            .map(|e| e.file_name())
            .collect();
        assert_eq!(names.len(), 1, "{names:?}");
    }

    #[test]
    fn a_failed_write_leaves_the_target_alone() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("missing-folder").join("out.csv");
        assert!(write_atomic(&target, b"x").is_err());
        assert!(!target.exists());
    }

    #[test]
    fn a_failing_writer_leaves_the_old_file_and_no_temporary() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("out.zip");
        std::fs::write(&target, b"old").unwrap();
        let result: std::io::Result<()> = write_atomic_with(&target, |f| {
            f.write_all(b"half")?;
            Err(std::io::Error::other("disk full"))
        });
        assert!(result.is_err());
        assert_eq!(std::fs::read(&target).unwrap(), b"old");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[cfg(unix)]
    #[test]
    fn symlinks_devices_and_folders_are_refused_as_targets() {
        let dir = tempfile::tempdir().unwrap();
        let real = dir.path().join("real.txt");
        std::fs::write(&real, b"keep").unwrap();
        let link = dir.path().join("link.txt");
        std::os::unix::fs::symlink(&real, &link).unwrap();
        let err = write_atomic(&link, b"x").unwrap_err();
        assert!(err.to_string().contains("symbolic link"), "{err}");
        assert_eq!(std::fs::read(&real).unwrap(), b"keep");
        assert!(std::fs::symlink_metadata(&link).unwrap().is_symlink());
        let err = write_atomic(Path::new("/dev/null"), b"x").unwrap_err();
        assert!(err.to_string().contains("device"), "{err}");
        let err = write_atomic(dir.path(), b"x").unwrap_err();
        assert!(err.to_string().contains("folder"), "{err}");
    }

    #[cfg(unix)]
    #[test]
    fn devices_and_oversized_files_are_refused_as_input_before_reading() {
        let err = read_input(Path::new("/dev/zero"), 1024).unwrap_err();
        assert!(matches!(err, FileError::NotRegular { .. }), "{err}");
        let dir = tempfile::tempdir().unwrap();
        let big = dir.path().join("big.json");
        std::fs::write(&big, vec![b' '; 2048]).unwrap();
        let err = read_input(&big, 1024).unwrap_err();
        assert!(matches!(err, FileError::TooLarge { .. }), "{err}");
        assert_eq!(read_input(&big, 4096).unwrap().len(), 2048);
    }

    #[test]
    fn a_byte_order_mark_is_dropped_from_text() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("sheet.json");
        std::fs::write(&path, b"\xEF\xBB\xBF{}").unwrap();
        assert_eq!(read_input_text(&path, 100).unwrap(), "{}");
    }
}
