//! Where a bundle's bytes come from: a folder, a `.zip`, loose files picked in the
//! GUI, or memory (the embedded demo dossiers, tests). Lists entries without
//! trusting them and reads each through a counting limit.

use std::borrow::Cow;
use std::fs::File;
use std::io::{BufReader, Read};
use std::path::{Path, PathBuf};

use zip::{CompressionMethod, ZipArchive};

use super::safety::Limits;
use crate::domain::refusal::{BundleFault, Problem};

/// What an entry is, as the bundle says (symlinks are reported, never followed).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EntryType {
    File,
    Folder,
    Symlink,
    /// A device, pipe, socket: never a document.
    Special,
}

/// One entry as listed by the bundle, before any checks.
#[derive(Debug, Clone)]
pub struct Entry {
    /// The name as written in the bundle (lossy only if it was not UTF-8).
    pub raw_name: String,
    /// Whether the raw name was valid UTF-8.
    pub name_is_utf8: bool,
    pub entry_type: EntryType,
    /// Size the bundle claims (zip header or file metadata). Only for progress and
    /// early refusal; reading counts the real bytes.
    pub claimed_bytes: u64,
    /// Zip only: compressed size, for the compression-ratio limit.
    pub compressed_bytes: Option<u64>,
    /// A problem the listing found with this entry (encryption, compression method).
    pub problem: Option<BundleFault>,
    locator: Locator,
}

#[derive(Debug, Clone)]
enum Locator {
    Path(PathBuf),
    ZipIndex(usize),
    Memory(usize),
}

/// Bundle entries held in memory: (path inside the bundle, bytes).
pub type MemoryEntries = Vec<(String, Cow<'static, [u8]>)>;

/// A bundle being read.
pub enum Bundle {
    Folder {
        root: PathBuf,
    },
    Zip {
        path: PathBuf,
        archive: Box<ZipArchive<BufReader<File>>>,
    },
    /// Files picked one by one (the GUI) with a manifest built from typed facts.
    Loose {
        label: String,
        manifest: Vec<u8>,
        files: Vec<(String, PathBuf)>,
    },
    Memory {
        label: String,
        entries: MemoryEntries,
    },
}

impl std::fmt::Debug for Bundle {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.label())
    }
}

/// Why a bundle cannot be opened at all (naming the path).
pub type OpenError = Problem;

impl Bundle {
    /// Opens a folder or a `.zip`. A path to a `dossier.json` opens its folder.
    pub fn open(path: &Path) -> Result<Self, OpenError> {
        let at = |problem: Problem| problem.in_file(path.display().to_string());
        let cannot_open = |e: std::io::Error| {
            at(Problem::CannotOpen {
                detail: e.to_string(),
            })
        };
        let meta = std::fs::metadata(path).map_err(cannot_open)?;
        if meta.is_dir() {
            return Ok(Self::Folder {
                root: path.to_path_buf(),
            });
        }
        if path.file_name().is_some_and(|n| n == super::MANIFEST_NAME)
            && let Some(parent) = path.parent()
        {
            return Self::open(if parent.as_os_str().is_empty() {
                Path::new(".")
            } else {
                parent
            });
        }
        // A named pipe or a device would block or never end: regular files only.
        let (file, _) = crate::files::open_input(path, u64::MAX)
            .map_err(|e| at(crate::exchange::text::file_problem(e)))?;
        let mut magic = [0u8; 4];
        let read = (&file).read_exact(&mut magic).is_ok();
        let is_zip = read && (magic == *b"PK\x03\x04" || magic == *b"PK\x05\x06");
        if !is_zip {
            return Err(at(Problem::Bundle(BundleFault::NeitherFolderNorZip)));
        }
        let file = File::open(path).map_err(cannot_open)?;
        let archive = ZipArchive::new(BufReader::new(file)).map_err(|e| {
            at(Problem::Bundle(BundleFault::NotAZip {
                detail: e.to_string(),
            }))
        })?;
        Ok(Self::Zip {
            path: path.to_path_buf(),
            archive: Box::new(archive),
        })
    }

    /// The bundle's name in messages: the file or folder name.
    pub fn label(&self) -> String {
        let name = |p: &Path| {
            p.file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_else(|| p.display().to_string())
        };
        match self {
            Self::Folder { root } => name(root),
            Self::Zip { path, .. } => name(path),
            Self::Loose { label, .. } | Self::Memory { label, .. } => label.clone(),
        }
    }

    /// Every entry, or the reasons the bundle cannot be listed. Stops past
    /// `limits.max_entries` (and reports it) so a hostile archive costs nothing.
    pub fn entries(&mut self, limits: &Limits) -> Result<Vec<Entry>, Vec<Problem>> {
        match self {
            Self::Folder { root } => list_folder(root, limits),
            Self::Zip { archive, .. } => list_zip(archive, limits),
            Self::Loose {
                manifest, files, ..
            } => {
                let mut out = vec![Entry {
                    raw_name: super::MANIFEST_NAME.into(),
                    name_is_utf8: true,
                    entry_type: EntryType::File,
                    claimed_bytes: manifest.len() as u64,
                    compressed_bytes: None,
                    problem: None,
                    locator: Locator::Memory(usize::MAX),
                }];
                for (name, path) in files.iter() {
                    let meta = std::fs::metadata(path).map_err(|e| {
                        vec![
                            Problem::CannotRead {
                                detail: e.to_string(),
                            }
                            .in_file(path.display().to_string()),
                        ]
                    })?;
                    out.push(Entry {
                        raw_name: name.clone(),
                        name_is_utf8: true,
                        entry_type: if meta.is_file() {
                            EntryType::File
                        } else {
                            EntryType::Special
                        },
                        claimed_bytes: meta.len(),
                        compressed_bytes: None,
                        problem: None,
                        locator: Locator::Path(path.clone()),
                    });
                }
                Ok(out)
            }
            Self::Memory { entries, .. } => Ok(entries
                .iter()
                .enumerate()
                .map(|(i, (name, bytes))| Entry {
                    raw_name: name.clone(),
                    name_is_utf8: true,
                    entry_type: EntryType::File,
                    claimed_bytes: bytes.len() as u64,
                    compressed_bytes: None,
                    problem: None,
                    locator: Locator::Memory(i),
                })
                .collect()),
        }
    }

    /// Opens an entry for reading (wrap it in [`read_limited`]).
    pub fn open_entry(&mut self, entry: &Entry) -> std::io::Result<Box<dyn Read + '_>> {
        match (&entry.locator, self) {
            (Locator::Path(path), _) => Ok(Box::new(BufReader::with_capacity(
                256 * 1024,
                File::open(path)?,
            ))),
            (Locator::ZipIndex(index), Self::Zip { archive, .. }) => archive
                .by_index(*index)
                .map(|f| Box::new(f) as Box<dyn Read>)
                .map_err(std::io::Error::other),
            (Locator::Memory(usize::MAX), Self::Loose { manifest, .. }) => {
                Ok(Box::new(manifest.as_slice()))
            }
            (Locator::Memory(i), Self::Memory { entries, .. }) => entries
                .get(*i)
                .map(|(_, bytes)| Box::new(bytes.as_ref()) as Box<dyn Read>)
                .ok_or_else(|| std::io::Error::other("no such entry")),
            _ => Err(std::io::Error::other("entry of another bundle")),
        }
    }
}

fn list_folder(root: &Path, limits: &Limits) -> Result<Vec<Entry>, Vec<Problem>> {
    let mut out = Vec::new();
    let mut problems = Vec::new();
    // (folder on disk, its path inside the bundle, depth)
    let mut pending = vec![(root.to_path_buf(), String::new(), 0usize)];
    while let Some((dir, prefix, depth)) = pending.pop() {
        let cannot_list = |e: std::io::Error| {
            vec![
                Problem::CannotRead {
                    detail: e.to_string(),
                }
                .in_file(dir.display().to_string()),
            ]
        };
        let read = std::fs::read_dir(&dir).map_err(cannot_list)?;
        let mut children: Vec<_> = read.collect::<Result<_, _>>().map_err(cannot_list)?;
        children.sort_by_key(|c| c.file_name());
        for child in children {
            if out.len() >= limits.max_entries {
                problems.push(Problem::Bundle(BundleFault::TooManyEntries {
                    count: None,
                    cap: limits.max_entries,
                }));
                return Err(problems);
            }
            let os_name = child.file_name();
            let (name, name_is_utf8) = match os_name.to_str() {
                Some(n) => (n.to_string(), true),
                None => (os_name.to_string_lossy().into_owned(), false),
            };
            let raw_name = format!("{prefix}{name}");
            let meta = std::fs::symlink_metadata(child.path()).map_err(|e| {
                vec![
                    Problem::CannotRead {
                        detail: e.to_string(),
                    }
                    .in_file(raw_name.clone()),
                ]
            })?;
            let file_type = meta.file_type();
            let entry_type = if file_type.is_symlink() {
                EntryType::Symlink
            } else if file_type.is_dir() {
                EntryType::Folder
            } else if file_type.is_file() {
                EntryType::File
            } else {
                EntryType::Special
            };
            if entry_type == EntryType::Folder {
                if depth + 1 > limits.max_depth {
                    problems.push(
                        Problem::Bundle(BundleFault::TooDeep {
                            max_depth: limits.max_depth,
                        })
                        .in_file(raw_name.clone()),
                    );
                } else {
                    pending.push((child.path(), format!("{raw_name}/"), depth + 1));
                }
            }
            out.push(Entry {
                raw_name,
                name_is_utf8,
                entry_type,
                claimed_bytes: meta.len(),
                compressed_bytes: None,
                problem: None,
                locator: Locator::Path(child.path()),
            });
        }
    }
    if problems.is_empty() {
        Ok(out)
    } else {
        Err(problems)
    }
}

/// Unix file-type bits of an entry's external attributes.
const S_IFMT: u32 = 0o170_000;
const S_IFREG: u32 = 0o100_000;
const S_IFDIR: u32 = 0o040_000;
const S_IFLNK: u32 = 0o120_000;

fn list_zip(
    archive: &mut ZipArchive<BufReader<File>>,
    limits: &Limits,
) -> Result<Vec<Entry>, Vec<Problem>> {
    if archive.len() > limits.max_entries {
        return Err(vec![Problem::Bundle(BundleFault::TooManyEntries {
            count: Some(archive.len()),
            cap: limits.max_entries,
        })]);
    }
    let mut problems = Vec::new();
    if archive.has_duplicate_names() {
        problems.push(Problem::Bundle(BundleFault::DuplicateEntries));
    }
    match archive.has_overlapping_entries() {
        Ok(false) => {}
        Ok(true) => problems.push(Problem::Bundle(BundleFault::OverlappingEntries)),
        Err(e) => problems.push(Problem::Bundle(BundleFault::Damaged {
            detail: e.to_string(),
        })),
    }
    let mut out = Vec::new();
    for index in 0..archive.len() {
        let file = match archive.by_index_raw(index) {
            Ok(file) => file,
            Err(e) => {
                problems.push(
                    Problem::CannotRead {
                        detail: e.to_string(),
                    }
                    .in_file(format!("#{index}")),
                );
                continue;
            }
        };
        let raw = file.name_raw();
        let (raw_name, name_is_utf8) = match std::str::from_utf8(raw) {
            Ok(name) => (name.to_string(), true),
            Err(_) => (String::from_utf8_lossy(raw).into_owned(), false),
        };
        let mode = file.unix_mode().map(|m| m & S_IFMT).filter(|m| *m != 0);
        let entry_type = match mode {
            Some(S_IFLNK) => EntryType::Symlink,
            Some(S_IFDIR) => EntryType::Folder,
            Some(S_IFREG) => EntryType::File,
            Some(_) => EntryType::Special,
            None if file.is_symlink() => EntryType::Symlink,
            None if file.is_dir() => EntryType::Folder,
            None => EntryType::File,
        };
        let problem = if file.encrypted() {
            Some(BundleFault::Encrypted)
        } else if entry_type == EntryType::File
            && !matches!(
                file.compression(),
                CompressionMethod::Stored | CompressionMethod::Deflated
            )
        {
            Some(BundleFault::UnsupportedCompression {
                method: format!("{:?}", file.compression()),
            })
        } else {
            None
        };
        out.push(Entry {
            raw_name,
            name_is_utf8,
            entry_type,
            claimed_bytes: file.size(),
            compressed_bytes: Some(file.compressed_size()),
            problem,
            locator: Locator::ZipIndex(index),
        });
    }
    if problems.is_empty() {
        Ok(out)
    } else {
        Err(problems)
    }
}

/// Why reading an entry stopped.
#[derive(Debug)]
pub enum ReadStop {
    /// More bytes than `limit` (counted, not claimed).
    TooLarge {
        limit: u64,
    },
    /// Expanded more than the ratio allows (zip entries).
    Ratio {
        read: u64,
        compressed: u64,
    },
    Io(std::io::Error),
}

impl ReadStop {
    /// The problem this stop is, for the file being read.
    pub fn problem(&self) -> Problem {
        match self {
            Self::TooLarge { limit } => {
                Problem::Bundle(BundleFault::ReadOverLimit { cap_bytes: *limit })
            }
            Self::Ratio { read, compressed } => Problem::Bundle(BundleFault::CompressionRatio {
                read_bytes: *read,
                compressed_bytes: *compressed,
            }),
            Self::Io(e) => Problem::CannotRead {
                detail: e.to_string(),
            },
        }
    }
}

impl std::fmt::Display for ReadStop {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::TooLarge { limit } => write!(f, "is larger than {limit} bytes"),
            Self::Ratio { read, compressed } => write!(
                f,
                "expands from {compressed} to more than {read} bytes (a ratio over the limit; a zip bomb?)"
            ),
            Self::Io(e) => write!(f, "cannot be read: {e}"),
        }
    }
}

/// Reads `reader` to the end in chunks, handing each to `sink`, and stops as soon
/// as the bytes read pass `limit` or, for a zip entry, the compression ratio.
/// Returns the number of bytes read.
pub fn read_limited(
    reader: &mut dyn Read,
    limit: u64,
    ratio: Option<(u64, &Limits)>,
    sink: &mut dyn FnMut(&[u8]),
) -> Result<u64, ReadStop> {
    let mut buffer = vec![0u8; 256 * 1024];
    let mut total: u64 = 0;
    loop {
        let n = match reader.read(&mut buffer) {
            Ok(0) => return Ok(total),
            Ok(n) => n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(ReadStop::Io(e)),
        };
        total += n as u64;
        if total > limit {
            return Err(ReadStop::TooLarge { limit });
        }
        if let Some((compressed, limits)) = ratio
            && total > limits.ratio_floor_bytes
            && total
                > compressed
                    .max(1)
                    .saturating_mul(limits.max_compression_ratio)
        {
            return Err(ReadStop::Ratio {
                read: total,
                compressed,
            });
        }
        sink(&buffer[..n]);
    }
}
