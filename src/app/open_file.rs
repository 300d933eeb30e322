//! Opening a stored file in the system's viewer, on the worker thread. Dossier
//! attachments are stored under their SHA-256 without an extension, which no
//! viewer recognises: a copy with the file's original name (and so its
//! extension) is opened instead, from a temporary folder.

use std::path::{Path, PathBuf};

/// The folder the copies go to (one per stored file, so equal names never clash).
fn copies_folder() -> PathBuf {
    std::env::temp_dir().join("ocop-council-open")
}

/// A name safe as one path component: the last component of `name`, never
/// empty, never `.` or `..`.
fn safe_name(name: &str, fallback: &str) -> String {
    let last = name
        .rsplit(['/', '\\'])
        .next()
        .unwrap_or_default()
        .trim()
        .to_string();
    if last.is_empty() || last == "." || last == ".." {
        fallback.to_string()
    } else {
        last
    }
}

/// Opens `path` in the system viewer; with `name`, through a temporary copy so
/// named. Returns what was opened.
pub fn open(path: &Path, name: Option<&str>) -> anyhow::Result<PathBuf> {
    use anyhow::Context;
    if !path.is_file() {
        anyhow::bail!("{} does not exist", path.display());
    }
    let target = match name {
        None => path.to_path_buf(),
        Some(name) => {
            let stored = path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            let folder = copies_folder().join(stored.chars().take(16).collect::<String>());
            std::fs::create_dir_all(&folder)
                .with_context(|| format!("cannot create {}", folder.display()))?;
            let copy = folder.join(safe_name(name, &stored));
            let same = std::fs::metadata(&copy)
                .ok()
                .zip(std::fs::metadata(path).ok())
                .is_some_and(|(a, b)| a.len() == b.len());
            if !same {
                std::fs::copy(path, &copy).with_context(|| {
                    format!("cannot copy {} to {}", path.display(), copy.display())
                })?;
            }
            copy
        }
    };
    open::that_detached(&target)
        .with_context(|| format!("no application opens {}", target.display()))?;
    Ok(target)
}

#[cfg(test)]
mod tests {
    use super::safe_name;

    #[test]
    fn a_name_is_one_path_component() {
        assert_eq!(safe_name("giay-phep.pdf", "x"), "giay-phep.pdf");
        assert_eq!(safe_name("../../etc/passwd", "x"), "passwd");
        assert_eq!(safe_name("a\\b\\nhan.jpg", "x"), "nhan.jpg");
        assert_eq!(safe_name("..", "abc"), "abc");
        assert_eq!(safe_name("", "abc"), "abc");
    }
}
