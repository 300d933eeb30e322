//! The official scoring sheets as data: parts → sections → criteria → choices.
//!
//! Owns the in-memory shape of a criteria sheet (one product set of one legal
//! instrument), its JSON format (`docs/criteria-format.md`), validation and the
//! catalog of embedded and external sets. Pure: no SQL, no egui, no PDF; the only
//! file access is [`catalog::Catalog::load`] reading an external criteria folder.

pub mod catalog;
mod embedded;
mod issue;
pub mod validate;

use serde::{Deserialize, Serialize};

pub use catalog::{Catalog, CatalogError, CriteriaSet, LoadedSheet, SheetOrigin};
pub use validate::{Issue, IssueKind, TranscriptionStatus};

/// The format tag every sheet file must carry.
pub const SHEET_FORMAT: &str = "ocop-criteria-sheet/1";

/// Id of a criterion, e.g. `A.1.a` or `A.3.dd` (đ is folded to `dd`).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct CriterionId(pub String);

/// Id of a choice (a box on the form), e.g. `A.1.a.3`; `A.1.a.0` is "none applies".
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct ChoiceId(pub String);

impl std::fmt::Display for CriterionId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::fmt::Display for ChoiceId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// One product set's official scoring sheet.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CriteriaSheet {
    pub format: String,
    pub criteria_set: CriteriaSetInfo,
    pub product_set: ProductSetInfo,
    pub transcription: Transcription,
    /// Whether star-marked choices act as minimums for that star (our reading).
    pub star_marks_binding: bool,
    pub parts: Vec<Part>,
}

/// The legal instrument a sheet belongs to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CriteriaSetInfo {
    pub id: String,
    pub instrument_vi: String,
    pub instrument_short: String,
    pub issued: String,
}

/// Which product set (bộ sản phẩm) the sheet is for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProductSetInfo {
    pub number: u8,
    pub name_vi: String,
    pub name_en: String,
    pub group_vi: String,
    pub group_en: String,
    #[serde(default)]
    pub subgroup_vi: Option<String>,
    pub ministry_vi: String,
}

/// Provenance of the wording and numbers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Transcription {
    pub status: TranscriptionStatus,
    pub source: String,
    #[serde(default)]
    pub notes: Vec<String>,
    #[serde(default)]
    pub corrections: Vec<Correction>,
}

/// One documented correction of the transcription.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Correction {
    pub path: String,
    pub field: String,
    pub from: serde_json::Value,
    pub to: serde_json::Value,
    pub evidence: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Part {
    pub code: String,
    pub title_vi: String,
    pub title_en: String,
    pub max_points: u32,
    pub sections: Vec<Section>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Section {
    pub id: String,
    pub number: u32,
    pub title_vi: String,
    pub title_en: String,
    pub max_points: u32,
    #[serde(default)]
    pub notes: Vec<Note>,
    pub criteria: Vec<Criterion>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Criterion {
    pub id: CriterionId,
    pub letter: String,
    pub title_vi: String,
    #[serde(default)]
    pub title_en: Option<String>,
    /// The maximum printed on the form; `None` when the form prints none.
    pub max_points: Option<u32>,
    /// A criterion-level star mark (e.g. "Sở hữu trí tuệ ****").
    #[serde(default)]
    pub star_mark: Option<u8>,
    #[serde(default)]
    pub notes: Vec<Note>,
    pub options: Vec<Choice>,
}

/// One box on the form: a mutually exclusive answer worth fixed points.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Choice {
    pub id: ChoiceId,
    pub label_vi: String,
    pub points: u32,
    #[serde(default)]
    pub star_mark: Option<u8>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum NoteKind {
    /// Guidance for the evaluator.
    Note,
    /// A note that stops or voids the scoring ("Không đánh giá các bước tiếp theo nếu …").
    Knockout,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Note {
    pub kind: NoteKind,
    pub text_vi: String,
}

/// Label of the synthetic "none applies" choice.
pub const NONE_APPLIES_VI: &str = "Không đáp ứng (0 điểm)";
pub const NONE_APPLIES_EN: &str = "None applies (0 points)";

impl Criterion {
    /// The best option's points: what this criterion can contribute at most.
    pub fn best_points(&self) -> u32 {
        self.options.iter().map(|c| c.points).max().unwrap_or(0)
    }

    /// Whether the form offers a 0-point box; if not, "none applies" is added.
    pub fn has_zero_option(&self) -> bool {
        self.options.iter().any(|c| c.points == 0)
    }

    /// Id of the synthetic "none applies (0)" choice.
    pub fn none_applies_id(&self) -> ChoiceId {
        ChoiceId(format!("{}.0", self.id.0))
    }

    /// Points of a choice of this criterion, including the synthetic 0 choice.
    pub fn points_of(&self, choice: &ChoiceId) -> Option<u32> {
        if let Some(c) = self.options.iter().find(|c| &c.id == choice) {
            return Some(c.points);
        }
        (!self.has_zero_option() && *choice == self.none_applies_id()).then_some(0)
    }

    /// The lowest non-zero option: what a criterion-level star mark requires.
    pub fn lowest_nonzero_points(&self) -> Option<u32> {
        self.options
            .iter()
            .map(|c| c.points)
            .filter(|p| *p > 0)
            .min()
    }

    /// The title to show: the criterion's own, or its section's when the form prints none.
    pub fn display_title<'a>(&'a self, section: &'a Section) -> &'a str {
        if self.title_vi.trim().is_empty() {
            &section.title_vi
        } else {
            &self.title_vi
        }
    }
}

impl CriteriaSheet {
    /// Every criterion with its part and section, in form order.
    pub fn criteria(&self) -> impl Iterator<Item = (&Part, &Section, &Criterion)> {
        self.parts.iter().flat_map(|p| {
            p.sections
                .iter()
                .flat_map(move |s| s.criteria.iter().map(move |c| (p, s, c)))
        })
    }

    pub fn criterion(&self, id: &CriterionId) -> Option<&Criterion> {
        self.criteria().map(|(_, _, c)| c).find(|c| &c.id == id)
    }

    /// Display name like "Bộ 1 · Rau, củ, quả, hạt tươi".
    pub fn short_name_vi(&self) -> String {
        format!(
            "Bộ {} · {}",
            self.product_set.number, self.product_set.name_vi
        )
    }
}
