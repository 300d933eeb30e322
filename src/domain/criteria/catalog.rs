//! The catalog of criteria sets: the embedded QĐ 148 sheets plus any valid external
//! sheet files found in the data folder's `criteria/` directory.
//!
//! A bad external file never stops the app: it is listed in [`Catalog::errors`] with
//! the file, the position (line/column or element path) and the problem, and every
//! other set stays available.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, LazyLock};

use super::embedded::EMBEDDED_SHEETS;
use super::validate::{self, Issue, TranscriptionStatus};
use super::{CriteriaSetInfo, CriteriaSheet};

/// The criteria set used for new rounds unless another is chosen.
pub const DEFAULT_CRITERIA_SET: &str = "qd148-2023";

/// Where a sheet was loaded from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SheetOrigin {
    Embedded(&'static str),
    File(PathBuf),
}

impl std::fmt::Display for SheetOrigin {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Embedded(name) => write!(f, "embedded {name}"),
            Self::File(path) => write!(f, "{}", path.display()),
        }
    }
}

/// A sheet that passed validation, with the warnings of an unverified transcription.
#[derive(Debug, Clone)]
pub struct LoadedSheet {
    pub sheet: CriteriaSheet,
    pub warnings: Vec<Issue>,
    pub origin: SheetOrigin,
}

impl LoadedSheet {
    pub fn status(&self) -> TranscriptionStatus {
        self.sheet.transcription.status
    }
}

/// One legal instrument's sheets, keyed by product set number.
#[derive(Debug, Clone)]
pub struct CriteriaSet {
    pub info: CriteriaSetInfo,
    pub sheets: BTreeMap<u8, Arc<LoadedSheet>>,
}

/// A file that could not be used, and every reason why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CatalogError {
    pub file: String,
    pub problems: Vec<String>,
}

impl std::fmt::Display for CatalogError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.file, self.problems.join("; "))
    }
}

impl std::error::Error for CatalogError {}

#[derive(Debug, Clone, Default)]
pub struct Catalog {
    sets: Vec<CriteriaSet>,
    errors: Vec<CatalogError>,
}

impl Catalog {
    /// The embedded sets only, parsed once per process: the 26 sheets are 1.3 MB of
    /// JSON that never change while the program runs, and a session, a reopened data
    /// folder or a test would otherwise parse them again (a clone shares the sheets).
    pub fn embedded() -> Self {
        static EMBEDDED: LazyLock<Catalog> = LazyLock::new(|| {
            let mut catalog = Catalog::default();
            for (name, text) in EMBEDDED_SHEETS {
                match parse_sheet(name, text) {
                    Ok(sheet) => catalog.insert(sheet, SheetOrigin::Embedded(name)),
                    Err(error) => catalog.errors.push(error),
                }
            }
            catalog
        });
        EMBEDDED.clone()
    }

    /// The embedded sets plus every `*.json` under `external_dir` (recursively).
    pub fn load(external_dir: Option<&Path>) -> Self {
        let mut catalog = Self::embedded();
        if let Some(dir) = external_dir {
            let mut files = Vec::new();
            collect_json_files(dir, &mut files, &mut catalog.errors);
            files.sort();
            for path in files {
                catalog.load_file(&path);
            }
        }
        catalog
    }

    /// Loads one external file into the catalog, or records why it cannot be used.
    pub fn load_file(&mut self, path: &Path) {
        let name = path.display().to_string();
        let text = match crate::files::read_input(path, crate::files::caps::CRITERIA_FILE_BYTES) {
            Ok(bytes) => match String::from_utf8(bytes) {
                Ok(text) => text,
                Err(e) => {
                    self.errors.push(CatalogError {
                        file: name,
                        problems: vec![format!(
                            "not UTF-8 text (invalid byte at offset {})",
                            e.utf8_error().valid_up_to()
                        )],
                    });
                    return;
                }
            },
            Err(e) => {
                self.errors.push(CatalogError {
                    file: name,
                    problems: vec![format!("cannot read: {e}")],
                });
                return;
            }
        };
        match parse_sheet(&name, &text) {
            Ok(sheet) => {
                if let Some(problem) = self.conflict(&sheet) {
                    self.errors.push(CatalogError {
                        file: name,
                        problems: vec![problem],
                    });
                } else {
                    self.insert(sheet, SheetOrigin::File(path.to_path_buf()));
                }
            }
            Err(error) => self.errors.push(error),
        }
    }

    fn conflict(&self, sheet: &LoadedSheet) -> Option<String> {
        let info = &sheet.sheet.criteria_set;
        let set = self.sets.iter().find(|s| s.info.id == info.id)?;
        if let Some(existing) = set.sheets.get(&sheet.sheet.product_set.number) {
            return Some(format!(
                "criteria set \"{}\" already has product set {} (from {})",
                info.id, sheet.sheet.product_set.number, existing.origin
            ));
        }
        (set.info != *info).then(|| {
            format!(
                "criteria set \"{}\" is described differently in another file (instrument \"{}\")",
                info.id, set.info.instrument_short
            )
        })
    }

    fn insert(&mut self, sheet: LoadedSheet, origin: SheetOrigin) {
        let sheet = LoadedSheet { origin, ..sheet };
        let number = sheet.sheet.product_set.number;
        let info = sheet.sheet.criteria_set.clone();
        let sheet = Arc::new(sheet);
        match self.sets.iter_mut().find(|s| s.info.id == info.id) {
            Some(set) => {
                set.sheets.insert(number, sheet);
            }
            None => self.sets.push(CriteriaSet {
                info,
                sheets: BTreeMap::from([(number, sheet)]),
            }),
        }
    }

    pub fn sets(&self) -> &[CriteriaSet] {
        &self.sets
    }

    pub fn errors(&self) -> &[CatalogError] {
        &self.errors
    }

    pub fn set(&self, id: &str) -> Option<&CriteriaSet> {
        self.sets.iter().find(|s| s.info.id == id)
    }

    pub fn sheet(&self, set_id: &str, product_set: u8) -> Option<&Arc<LoadedSheet>> {
        self.set(set_id)?.sheets.get(&product_set)
    }
}

fn collect_json_files(dir: &Path, out: &mut Vec<PathBuf>, errors: &mut Vec<CatalogError>) {
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        // No external folder is the normal case.
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return,
        Err(e) => {
            errors.push(CatalogError {
                file: dir.display().to_string(),
                problems: vec![format!("cannot list folder: {e}")],
            });
            return;
        }
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            collect_json_files(&path, out, errors);
        } else if path
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("json"))
        {
            out.push(path);
        }
    }
}

/// Parses and validates one sheet file's text. `name` is used in error messages.
pub fn parse_sheet(name: &str, text: &str) -> Result<LoadedSheet, CatalogError> {
    let deserializer = &mut serde_json::Deserializer::from_str(text);
    let sheet: CriteriaSheet = serde_path_to_error::deserialize(deserializer).map_err(|e| {
        let inner = e.inner();
        let path = e.path().to_string();
        let location = if path.is_empty() || path == "." {
            String::new()
        } else {
            format!(" at {path}")
        };
        CatalogError {
            file: name.to_string(),
            problems: vec![format!(
                "line {}, column {}{location}: {inner}",
                inner.line(),
                inner.column()
            )],
        }
    })?;
    match validate::validate(&sheet) {
        Ok(warnings) => Ok(LoadedSheet {
            sheet,
            warnings,
            origin: SheetOrigin::Embedded(""),
        }),
        Err(errors) => Err(CatalogError {
            file: name.to_string(),
            problems: errors.iter().map(Issue::to_string).collect(),
        }),
    }
}
