//! Validation of a criteria sheet: structure (ids, ranges) and arithmetic (sums).
//!
//! Structural problems always reject a file. Arithmetic problems reject a file that
//! claims to be `consistent` or `corrected`; a file marked `unverified` loads and
//! carries them as warnings, so the numbers are shown as transcribed, never bent.

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};

pub use super::issue::{Issue, IssueKind};
use super::{CriteriaSheet, Criterion, SHEET_FORMAT};

/// What the data file says about its own transcription.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum TranscriptionStatus {
    /// Transcribed as printed; every sum checks.
    Consistent,
    /// Transcribed, then fixed where evidence supports it (documented); every sum checks.
    Corrected,
    /// Some sum does not check and the evidence does not say which number is wrong.
    Unverified,
}

impl TranscriptionStatus {
    pub fn label_vi(self) -> &'static str {
        match self {
            Self::Consistent => "khớp với bản chép",
            Self::Corrected => "đã hiệu đính (có ghi chú)",
            Self::Unverified => "bản chép chưa kiểm chứng",
        }
    }

    pub fn label_en(self) -> &'static str {
        match self {
            Self::Consistent => "consistent",
            Self::Corrected => "corrected (documented)",
            Self::Unverified => "unverified transcription",
        }
    }
}

/// The points each part must carry under QĐ 148 (A 40, B 25, C 35).
pub const PART_MAXIMA: [(&str, u32); 3] = [("A", 40), ("B", 25), ("C", 35)];
pub const TOTAL_POINTS: u32 = 100;

/// Folds a printed criterion letter into its id form (`đ` → `dd`).
pub fn fold_letter(letter: &str) -> String {
    letter.replace(['đ', 'Đ'], "dd")
}

/// Validates a sheet. `Ok(warnings)` if it may be used, `Err(errors)` if not.
pub fn validate(sheet: &CriteriaSheet) -> Result<Vec<Issue>, Vec<Issue>> {
    let structural = structural_issues(sheet);
    if !structural.is_empty() {
        return Err(structural);
    }
    let arithmetic = arithmetic_issues(sheet);
    match sheet.transcription.status {
        TranscriptionStatus::Unverified => Ok(arithmetic),
        TranscriptionStatus::Consistent | TranscriptionStatus::Corrected => {
            let mut errors = arithmetic;
            if sheet.transcription.status == TranscriptionStatus::Corrected
                && sheet.transcription.corrections.is_empty()
            {
                errors.push(issue(
                    "transcription",
                    IssueKind::CorrectedWithoutCorrections,
                ));
            }
            if errors.is_empty() {
                Ok(Vec::new())
            } else {
                Err(errors)
            }
        }
    }
}

fn issue(path: impl Into<String>, kind: IssueKind) -> Issue {
    Issue {
        path: path.into(),
        kind,
    }
}

/// Problems that make a sheet unusable whatever its status.
pub fn structural_issues(sheet: &CriteriaSheet) -> Vec<Issue> {
    let mut out = Vec::new();
    if sheet.format != SHEET_FORMAT {
        out.push(issue(
            "format",
            IssueKind::WrongFormat {
                expected: SHEET_FORMAT.into(),
                found: sheet.format.clone(),
            },
        ));
    }
    let set_id = &sheet.criteria_set.id;
    if set_id.is_empty()
        || !set_id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
    {
        out.push(issue(
            "criteria_set.id",
            IssueKind::BadSetId { id: set_id.clone() },
        ));
    }
    if sheet.product_set.number == 0 {
        out.push(issue("product_set.number", IssueKind::ProductSetZero));
    }
    let expected_parts: Vec<&str> = PART_MAXIMA.iter().map(|(c, _)| *c).collect();
    let found_parts: Vec<&str> = sheet.parts.iter().map(|p| p.code.as_str()).collect();
    if found_parts != expected_parts {
        out.push(issue(
            "parts",
            IssueKind::WrongParts {
                found: found_parts.iter().map(|p| (*p).to_owned()).collect(),
            },
        ));
    }
    let mut seen_ids = BTreeSet::new();
    let mut last_section_number = 0;
    for part in &sheet.parts {
        if part.sections.is_empty() {
            out.push(issue(&part.code, IssueKind::PartWithoutSections));
        }
        for section in &part.sections {
            let want = format!("{}.{}", part.code, section.number);
            if section.id != want {
                out.push(issue(&section.id, IssueKind::SectionId { want }));
            }
            if section.number <= last_section_number {
                out.push(issue(&section.id, IssueKind::SectionOrder));
            }
            last_section_number = section.number;
            if !seen_ids.insert(section.id.clone()) {
                out.push(issue(&section.id, IssueKind::DuplicateId));
            }
            if section.criteria.is_empty() {
                out.push(issue(&section.id, IssueKind::SectionWithoutCriteria));
            }
            for criterion in &section.criteria {
                out.extend(criterion_structure(&section.id, criterion, &mut seen_ids));
            }
        }
    }
    out
}

fn criterion_structure(
    section_id: &str,
    criterion: &Criterion,
    seen_ids: &mut BTreeSet<String>,
) -> Vec<Issue> {
    let mut out = Vec::new();
    let id = &criterion.id.0;
    let want = format!("{section_id}.{}", fold_letter(&criterion.letter));
    if *id != want {
        out.push(issue(id, IssueKind::CriterionId { want }));
    }
    if !seen_ids.insert(id.clone()) {
        out.push(issue(id, IssueKind::DuplicateId));
    }
    if let Some(mark) = criterion.star_mark
        && !(3..=5).contains(&mark)
    {
        out.push(issue(id, IssueKind::StarMark { mark }));
    }
    if criterion.options.is_empty() {
        out.push(issue(id, IssueKind::CriterionWithoutOptions));
    }
    for (position, choice) in criterion.options.iter().enumerate() {
        let want = format!("{id}.{}", position + 1);
        if choice.id.0 != want {
            out.push(issue(&choice.id.0, IssueKind::OptionId { want }));
        }
        if !seen_ids.insert(choice.id.0.clone()) {
            out.push(issue(&choice.id.0, IssueKind::DuplicateId));
        }
        if choice.label_vi.trim().is_empty() {
            out.push(issue(&choice.id.0, IssueKind::OptionWithoutWording));
        }
        if let Some(mark) = choice.star_mark
            && !(3..=5).contains(&mark)
        {
            out.push(issue(&choice.id.0, IssueKind::StarMark { mark }));
        }
    }
    out
}

/// Sums that do not add up.
pub fn arithmetic_issues(sheet: &CriteriaSheet) -> Vec<Issue> {
    let mut out = BTreeSet::new();
    for (_, _, criterion) in sheet.criteria() {
        let best = criterion.best_points();
        match criterion.max_points {
            Some(declared) if declared == best => {}
            Some(declared) => {
                out.insert(issue(
                    &criterion.id.0,
                    IssueKind::MaximumDiffers { declared, best },
                ));
            }
            None => {
                out.insert(issue(&criterion.id.0, IssueKind::NoMaximum { best }));
            }
        }
    }
    let mut total = 0;
    for part in &sheet.parts {
        let mut part_sum = 0;
        for section in &part.sections {
            let section_sum: u32 = section.criteria.iter().map(Criterion::best_points).sum();
            if section_sum != section.max_points {
                out.insert(issue(
                    &section.id,
                    IssueKind::SectionSum {
                        sum: section_sum,
                        declared: section.max_points,
                    },
                ));
            }
            part_sum += section.max_points;
        }
        if part_sum != part.max_points {
            out.insert(issue(
                &part.code,
                IssueKind::PartSum {
                    sum: part_sum,
                    declared: part.max_points,
                },
            ));
        }
        if let Some((_, want)) = PART_MAXIMA.iter().find(|(c, _)| *c == part.code)
            && part.max_points != *want
        {
            out.insert(issue(
                &part.code,
                IssueKind::PartPoints {
                    part: part.code.clone(),
                    declared: part.max_points,
                    want: *want,
                },
            ));
        }
        total += part.max_points;
    }
    if total != TOTAL_POINTS {
        out.insert(issue(
            "parts",
            IssueKind::TotalPoints {
                total,
                want: TOTAL_POINTS,
            },
        ));
    }
    out.into_iter().collect()
}
