//! Document settings: who issues the council's documents and how they look (the
//! authority, province, place name, signatory, optional logo and optional serif
//! fonts). Stored as `document-settings.json` in the data folder; loaded with
//! every problem checked at once (missing fields, a logo that is missing or not a
//! PNG/JPEG, a font that does not parse or lacks Vietnamese letters) BEFORE any
//! document is written, each problem typed ([`SettingsProblem`]; the GUI words
//! them, the CLI prints the English `Display`). No egui here: the GUI's settings
//! page calls these.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use unicode_normalization::UnicodeNormalization;

use crate::domain::certificate::Issuer;
use crate::domain::round::RoundLevel;
use crate::pdf::fonts::SerifOverride;
use crate::pdf::{DocAssets, Fonts, Logo, PdfError};

/// File name inside the data folder.
pub const DOC_SETTINGS_FILE: &str = "document-settings.json";
/// The format tag the file carries.
pub const DOC_SETTINGS_FORMAT: &str = "ocop-document-settings/1";

/// The council's name in document headings, broken after the comma as it is
/// usually set in the narrow left column.
pub const COUNCIL_NAME: &str = "HỘI ĐỒNG ĐÁNH GIÁ,\nPHÂN HẠNG SẢN PHẨM OCOP";

/// Settings as stored. Paths may be relative to the data folder.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DocSettings {
    pub format: String,
    /// The issuing authority, e.g. "ỦY BAN NHÂN DÂN TỈNH SÓC TRĂNG".
    pub authority: String,
    /// The province, e.g. "Sóc Trăng".
    pub province: String,
    /// The place written before the date, e.g. "Sóc Trăng".
    pub place_name: String,
    /// The signatory's title, one line per '\n', e.g.
    /// "TM. ỦY BAN NHÂN DÂN\nKT. CHỦ TỊCH\nPHÓ CHỦ TỊCH".
    pub signatory_title: String,
    pub signatory_name: String,
    /// A PNG or JPEG printed on certificates.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub logo_path: Option<PathBuf>,
    /// A serif pair replacing DejaVu Serif (e.g. a Times-like face); both or neither.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub serif_font_path: Option<PathBuf>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub serif_bold_font_path: Option<PathBuf>,
    /// The approval decision's legal bases ("Căn cứ …;"), one per line; empty:
    /// our inferred set for the decision's date (domain::decision::default_bases).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub decision_bases: Vec<String>,
    /// The decision's "Nơi nhận" lines; empty: our inferred list.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub decision_recipients: Vec<String>,
    /// The decision's last article (who implements it); empty: our inferred text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub decision_implementers: Option<String>,
    /// Who issues a central round's certificates and decision (default: the
    /// Ministry of Agriculture and Environment, in Hà Nội, "KT. BỘ TRƯỞNG /
    /// THỨ TRƯỞNG"); the signatory's name has no default.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub central_authority: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub central_place_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub central_signatory_title: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub central_signatory_name: Option<String>,
}

/// The Ministry that certifies 5★ since QĐ 1489/2025.
pub const DEFAULT_CENTRAL_AUTHORITY: &str = "BỘ NÔNG NGHIỆP VÀ MÔI TRƯỜNG";
pub const DEFAULT_CENTRAL_PLACE: &str = "Hà Nội";
pub const DEFAULT_CENTRAL_SIGNATORY_TITLE: &str = "KT. BỘ TRƯỞNG\nTHỨ TRƯỞNG";

impl Default for DocSettings {
    fn default() -> Self {
        Self {
            format: DOC_SETTINGS_FORMAT.into(),
            authority: String::new(),
            province: String::new(),
            place_name: String::new(),
            signatory_title: String::new(),
            signatory_name: String::new(),
            logo_path: None,
            serif_font_path: None,
            serif_bold_font_path: None,
            decision_bases: Vec::new(),
            decision_recipients: Vec::new(),
            decision_implementers: None,
            central_authority: None,
            central_place_name: None,
            central_signatory_title: None,
            central_signatory_name: None,
        }
    }
}

/// Settings that passed every check, with the fonts and logo ready to draw.
#[derive(Clone)]
pub struct DocSetup {
    pub settings: DocSettings,
    pub assets: DocAssets,
}

/// Everything wrong with the settings file `file`, every problem typed. `Display`
/// is English, one line per problem naming the file (the CLI); the GUI says each
/// in the user's language (ui/failures.rs).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SettingsError {
    pub file: PathBuf,
    pub problems: Vec<SettingsProblem>,
}

impl SettingsError {
    fn one(file: &Path, problem: SettingsProblem) -> Self {
        Self {
            file: file.to_path_buf(),
            problems: vec![problem],
        }
    }

    /// Each problem in English, naming the file, one line each (for the CLI).
    pub fn lines(&self) -> Vec<String> {
        let file = self.file.display();
        self.problems
            .iter()
            .map(|p| format!("{file}: {p}"))
            .collect()
    }
}

impl std::fmt::Display for SettingsError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.lines().join("\n"))
    }
}

impl std::error::Error for SettingsError {}

/// A text field the settings need filled.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SettingsField {
    Authority,
    Province,
    PlaceName,
    SignatoryTitle,
    SignatoryName,
}

impl SettingsField {
    /// The field's name in the file.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Authority => "authority",
            Self::Province => "province",
            Self::PlaceName => "place_name",
            Self::SignatoryTitle => "signatory_title",
            Self::SignatoryName => "signatory_name",
        }
    }
}

/// Which of the serif pair.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FontField {
    Regular,
    Bold,
}

impl FontField {
    /// The field's name in the file.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Regular => "serif_font_path",
            Self::Bold => "serif_bold_font_path",
        }
    }
}

/// One thing wrong with the document settings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SettingsProblem {
    /// No settings yet: the council tab or `doc-settings set` creates them.
    NotFound,
    /// The file could not be read (the operating system's words).
    CannotRead { detail: String },
    /// The JSON does not parse or does not fit the settings (the parser's words).
    InvalidJson {
        line: usize,
        column: usize,
        at: String,
        detail: String,
    },
    /// The file says another format than `ocop-document-settings/1`.
    WrongFormat { found: String },
    /// A required text left empty.
    Empty { field: SettingsField },
    /// The logo cannot be used (the reader's words: not PNG/JPEG, unreadable, …).
    Logo { path: PathBuf, detail: String },
    /// A serif font file could not be read.
    FontUnreadable {
        field: FontField,
        path: PathBuf,
        detail: String,
    },
    /// A font that does not parse or lacks Vietnamese letters (the font reader's words).
    Font { name: String, detail: String },
    /// Only one of the serif pair given.
    HalfFontPair,
    /// The settings could not be written (the operating system's words).
    CannotSave { detail: String },
}

impl std::fmt::Display for SettingsProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::NotFound => f.write_str(
                "document settings not found; create them with `ocop-council doc-settings set` (see README, \"Documents\")",
            ),
            Self::CannotRead { detail } => write!(f, "cannot read: {detail}"),
            Self::InvalidJson {
                line,
                column,
                at,
                detail,
            } => write!(f, "line {line}, column {column}: {detail} (at {at})"),
            Self::WrongFormat { found } => write!(
                f,
                "format is \"{found}\", expected \"{DOC_SETTINGS_FORMAT}\""
            ),
            Self::Empty { field } => write!(f, "{} is empty", field.as_str()),
            Self::Logo { path, detail } => {
                write!(f, "logo_path: logo {}: {detail}", path.display())
            }
            Self::FontUnreadable {
                field,
                path,
                detail,
            } => write!(
                f,
                "{}: cannot read the font {}: {detail}",
                field.as_str(),
                path.display()
            ),
            Self::Font { name, detail } => write!(f, "font {name}: {detail}"),
            Self::HalfFontPair => {
                f.write_str("give both serif_font_path and serif_bold_font_path, or neither")
            }
            Self::CannotSave { detail } => write!(f, "cannot save: {detail}"),
        }
    }
}

/// A font's problem as the settings name it.
fn font_problem(e: PdfError) -> SettingsProblem {
    match e {
        PdfError::Font { name, problem } => SettingsProblem::Font {
            name,
            detail: problem,
        },
        other => SettingsProblem::Font {
            name: String::new(),
            detail: other.to_string(),
        },
    }
}

/// A central round's documents are signed for the Ministry, and the settings
/// name no Ministry signatory.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error(
    "a central round's documents need the Ministry signatory: `doc-settings set --central-signatory-name NAME`"
)]
pub struct NoCentralSignatory;

pub fn settings_path(data_dir: &Path) -> PathBuf {
    data_dir.join(DOC_SETTINGS_FILE)
}

impl DocSettings {
    /// The heading of the council's own documents (sheets, minutes): the parent
    /// body abbreviated as documents do ("UBND TỈNH SÓC TRĂNG"), then the council.
    pub fn council_heading(&self) -> Vec<String> {
        let authority = self.authority.replace('\n', " ");
        let short = authority
            .trim()
            .strip_prefix("ỦY BAN NHÂN DÂN")
            .map_or_else(|| authority.trim().to_owned(), |rest| format!("UBND{rest}"));
        vec![short, COUNCIL_NAME.to_owned()]
    }

    fn normalised(mut self) -> Self {
        for field in [
            &mut self.authority,
            &mut self.province,
            &mut self.place_name,
            &mut self.signatory_title,
            &mut self.signatory_name,
        ] {
            *field = field.trim().nfc().collect();
        }
        let lines = |v: &mut Vec<String>| {
            *v = v
                .iter()
                .map(|l| l.trim().nfc().collect::<String>())
                .filter(|l| !l.is_empty())
                .collect();
        };
        lines(&mut self.decision_bases);
        lines(&mut self.decision_recipients);
        for field in [
            &mut self.decision_implementers,
            &mut self.central_authority,
            &mut self.central_place_name,
            &mut self.central_signatory_title,
            &mut self.central_signatory_name,
        ] {
            *field = field
                .take()
                .map(|v| v.trim().nfc().collect::<String>())
                .filter(|v| !v.is_empty());
        }
        self
    }

    /// Who issues a round's certificates and decision: the settings' authority,
    /// place and signatory for a provincial round, the central ones (the Ministry
    /// by default) for a central round. Title and name always come from the same
    /// record, so a deputy's title never sits over another person's name.
    pub fn issuer(&self, level: RoundLevel) -> Result<Issuer, NoCentralSignatory> {
        match level {
            RoundLevel::Provincial => Ok(Issuer {
                authority: self.authority.clone(),
                place_name: self.place_name.clone(),
                signatory_title: self.signatory_title.clone(),
                signatory_name: self.signatory_name.clone(),
            }),
            RoundLevel::Central => {
                let name = self
                    .central_signatory_name
                    .clone()
                    .ok_or(NoCentralSignatory)?;
                Ok(Issuer {
                    authority: self
                        .central_authority
                        .clone()
                        .unwrap_or_else(|| DEFAULT_CENTRAL_AUTHORITY.into()),
                    place_name: self
                        .central_place_name
                        .clone()
                        .unwrap_or_else(|| DEFAULT_CENTRAL_PLACE.into()),
                    signatory_title: self
                        .central_signatory_title
                        .clone()
                        .unwrap_or_else(|| DEFAULT_CENTRAL_SIGNATORY_TITLE.into()),
                    signatory_name: name,
                })
            }
        }
    }

    /// Checks every field and loads the logo and fonts; `data_dir` resolves
    /// relative paths. All problems are reported at once.
    pub fn validate(&self, data_dir: &Path, file: &Path) -> Result<DocSetup, SettingsError> {
        let mut problems = Vec::new();
        if self.format != DOC_SETTINGS_FORMAT {
            let found = self.format.clone();
            problems.push(SettingsProblem::WrongFormat { found });
        }
        for (field, value) in [
            (SettingsField::Authority, &self.authority),
            (SettingsField::Province, &self.province),
            (SettingsField::PlaceName, &self.place_name),
            (SettingsField::SignatoryTitle, &self.signatory_title),
            (SettingsField::SignatoryName, &self.signatory_name),
        ] {
            if value.trim().is_empty() {
                problems.push(SettingsProblem::Empty { field });
            }
        }
        let resolve = |p: &Path| {
            if p.is_absolute() {
                p.to_path_buf()
            } else {
                data_dir.join(p)
            }
        };
        let logo = match &self.logo_path {
            None => None,
            Some(path) => match Logo::load(&resolve(path)) {
                Ok(logo) => Some(logo),
                Err(e) => {
                    let (path, detail) = match e {
                        PdfError::Logo { path, problem } => (path, problem),
                        other => (resolve(path), other.to_string()),
                    };
                    problems.push(SettingsProblem::Logo { path, detail });
                    None
                }
            },
        };
        let fonts = match (&self.serif_font_path, &self.serif_bold_font_path) {
            (None, None) => Fonts::embedded()
                .map_err(|e| problems.push(font_problem(e)))
                .ok(),
            (Some(regular), Some(bold)) => {
                let read = |p: &Path, field: FontField, problems: &mut Vec<SettingsProblem>| {
                    let path = resolve(p);
                    crate::files::read_input(&path, crate::files::caps::FONT_BYTES)
                        .map_err(std::io::Error::from)
                        .map_err(|e| {
                            problems.push(SettingsProblem::FontUnreadable {
                                field,
                                path: path.clone(),
                                detail: e.to_string(),
                            })
                        })
                        .ok()
                        .map(|bytes| (bytes, path.display().to_string()))
                };
                let regular = read(regular, FontField::Regular, &mut problems);
                let bold = read(bold, FontField::Bold, &mut problems);
                match (regular, bold) {
                    (Some(r), Some(b)) => Fonts::with_serif(&SerifOverride {
                        regular: (&r.0, &r.1),
                        bold: (&b.0, &b.1),
                    })
                    .map_err(|e| problems.push(font_problem(e)))
                    .ok(),
                    _ => None,
                }
            }
            _ => {
                problems.push(SettingsProblem::HalfFontPair);
                None
            }
        };
        match fonts {
            Some(fonts) if problems.is_empty() => Ok(DocSetup {
                settings: self.clone(),
                assets: DocAssets { fonts, logo },
            }),
            _ => Err(SettingsError {
                file: file.to_path_buf(),
                problems,
            }),
        }
    }
}

/// Reads and checks the settings file; a missing file is an error that says how
/// to create it.
pub fn load(data_dir: &Path) -> Result<DocSetup, SettingsError> {
    load_optional(data_dir)?
        .ok_or_else(|| SettingsError::one(&settings_path(data_dir), SettingsProblem::NotFound))
}

/// Like [`load`], but a missing file is `Ok(None)` (sheets and minutes print
/// without a province heading); a present file must be valid.
pub fn load_optional(data_dir: &Path) -> Result<Option<DocSetup>, SettingsError> {
    let path = settings_path(data_dir);
    let text = match crate::files::read_input_text(&path, crate::files::caps::SETTINGS_BYTES)
        .map_err(std::io::Error::from)
    {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => {
            let detail = e.to_string();
            return Err(SettingsError::one(
                &path,
                SettingsProblem::CannotRead { detail },
            ));
        }
    };
    let mut de = serde_json::Deserializer::from_str(&text);
    let settings: DocSettings = serde_path_to_error::deserialize(&mut de).map_err(|e| {
        let problem = SettingsProblem::InvalidJson {
            line: e.inner().line(),
            column: e.inner().column(),
            at: e.path().to_string(),
            detail: e.inner().to_string(),
        };
        SettingsError::one(&path, problem)
    })?;
    settings.normalised().validate(data_dir, &path).map(Some)
}

/// Checks `settings` and, when valid, writes them (temp file, then rename).
pub fn save(data_dir: &Path, settings: &DocSettings) -> Result<DocSetup, SettingsError> {
    let path = settings_path(data_dir);
    let settings = settings.clone().normalised();
    let setup = settings.validate(data_dir, &path)?;
    let cannot_save =
        |detail: String| SettingsError::one(&path, SettingsProblem::CannotSave { detail });
    let json = serde_json::to_string_pretty(&settings).map_err(|e| cannot_save(e.to_string()))?;
    std::fs::create_dir_all(data_dir)
        .map_err(|e| cannot_save(format!("{}: {e}", data_dir.display())))?;
    crate::pdf::write_atomically(&path, format!("{json}\n").as_bytes())
        .map_err(|e| cannot_save(e.to_string()))?;
    Ok(setup)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn valid() -> DocSettings {
        DocSettings {
            authority: "ỦY BAN NHÂN DÂN TỈNH SÓC TRĂNG".into(),
            province: "Sóc Trăng".into(),
            place_name: "Sóc Trăng".into(),
            signatory_title: "TM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH".into(),
            signatory_name: "Nguyễn Văn Thành".into(),
            ..DocSettings::default()
        }
    }

    #[test]
    fn council_heading_abbreviates_the_committee() {
        assert_eq!(
            valid().council_heading(),
            [
                "UBND TỈNH SÓC TRĂNG",
                "HỘI ĐỒNG ĐÁNH GIÁ,\nPHÂN HẠNG SẢN PHẨM OCOP"
            ]
        );
    }

    #[test]
    fn every_problem_is_reported_and_nothing_is_saved() {
        let dir = tempfile::tempdir().unwrap();
        let bad = DocSettings {
            signatory_name: " ".into(),
            logo_path: Some("missing-logo.png".into()),
            serif_font_path: Some("only-one.ttf".into()),
            ..valid()
        };
        let err = save(dir.path(), &bad).err().unwrap();
        assert_eq!(err.problems.len(), 3, "{err}");
        assert!(err.to_string().contains("missing-logo.png"), "{err}");
        assert!(!settings_path(dir.path()).exists());
        // A valid set saves and loads back, NFC.
        save(dir.path(), &valid()).unwrap();
        let loaded = load(dir.path()).unwrap();
        assert_eq!(loaded.settings, valid());
    }
}
