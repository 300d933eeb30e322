//! The catalog of criteria sets: the embedded QĐ 148 sheets plus any valid external
//! sheet files found in the data folder's `criteria/` directory.
//!
//! A bad external file never stops the app: it is listed in [`Catalog::errors`] with
//! the file and every problem, typed ([`Problem`]: the position as line/column or
//! element path, the parser's own words only as detail), and every other set stays
//! available.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, LazyLock};

use super::embedded::EMBEDDED_SHEETS;
use super::validate::{self, Issue, TranscriptionStatus};
use super::{CriteriaSetInfo, CriteriaSheet};
use crate::domain::refusal::{CriteriaFault, Problem};

/// The criteria set used for new rounds unless another is chosen.
pub const DEFAULT_CRITERIA_SET: &str = "qd148-2023";

/// Where a sheet was loaded from.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
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
    pub problems: Vec<Problem>,
}

impl CatalogError {
    fn one(file: impl Into<String>, problem: Problem) -> Self {
        Self {
            file: file.into(),
            problems: vec![problem],
        }
    }
}

impl std::fmt::Display for CatalogError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: ", self.file)?;
        for (i, problem) in self.problems.iter().enumerate() {
            if i > 0 {
                f.write_str("; ")?;
            }
            write!(f, "{problem}")?;
        }
        Ok(())
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
                    let offset = e.utf8_error().valid_up_to();
                    let byte = e.as_bytes().get(offset).copied().unwrap_or(0);
                    self.errors
                        .push(CatalogError::one(name, Problem::NotUtf8 { offset, byte }));
                    return;
                }
            },
            Err(e) => {
                let detail = e.to_string();
                self.errors
                    .push(CatalogError::one(name, Problem::CannotRead { detail }));
                return;
            }
        };
        match parse_sheet(&name, &text) {
            Ok(sheet) => {
                if let Some(fault) = self.conflict(&sheet) {
                    self.errors
                        .push(CatalogError::one(name, Problem::Criteria(fault)));
                } else {
                    self.insert(sheet, SheetOrigin::File(path.to_path_buf()));
                }
            }
            Err(error) => self.errors.push(error),
        }
    }

    fn conflict(&self, sheet: &LoadedSheet) -> Option<CriteriaFault> {
        let info = &sheet.sheet.criteria_set;
        let set = self.sets.iter().find(|s| s.info.id == info.id)?;
        if let Some(existing) = set.sheets.get(&sheet.sheet.product_set.number) {
            return Some(CriteriaFault::ProductSetTaken {
                criteria_set: info.id.clone(),
                product_set: sheet.sheet.product_set.number,
                other: existing.origin.clone(),
            });
        }
        (set.info != *info).then(|| CriteriaFault::DescribedDifferently {
            criteria_set: info.id.clone(),
            instrument: set.info.instrument_short.clone(),
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
            let detail = e.to_string();
            errors.push(CatalogError::one(
                dir.display().to_string(),
                Problem::CannotOpen { detail },
            ));
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
        // serde_json repeats the position at the end of its message; say it once.
        let message = inner.to_string();
        let suffix = format!(" at line {} column {}", inner.line(), inner.column());
        let problem = Problem::InvalidJson {
            line: inner.line(),
            column: inner.column(),
            at: (!path.is_empty() && path != ".").then_some(path),
            detail: message.strip_suffix(&suffix).unwrap_or(&message).to_owned(),
        };
        CatalogError::one(name, problem)
    })?;
    match validate::validate(&sheet) {
        Ok(warnings) => Ok(LoadedSheet {
            sheet,
            warnings,
            origin: SheetOrigin::Embedded(""),
        }),
        Err(errors) => Err(CatalogError {
            file: name.to_string(),
            problems: errors
                .into_iter()
                .map(|issue: Issue| Problem::Criteria(CriteriaFault::Invalid(issue)))
                .collect(),
        }),
    }
}
