//! Validation of a criteria sheet: structure (ids, ranges) and arithmetic (sums).
//!
//! Structural problems always reject a file. Arithmetic problems reject a file that
//! claims to be `consistent` or `corrected`; a file marked `unverified` loads and
//! carries them as warnings, so the numbers are shown as transcribed, never bent.

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};

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

/// One problem found in a sheet, located by an element path such as `C.7.a`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Issue {
    pub path: String,
    pub message: String,
}

impl std::fmt::Display for Issue {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.path, self.message)
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
                    "status is \"corrected\" but no correction is listed",
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

fn issue(path: impl Into<String>, message: impl Into<String>) -> Issue {
    Issue {
        path: path.into(),
        message: message.into(),
    }
}

/// Problems that make a sheet unusable whatever its status.
pub fn structural_issues(sheet: &CriteriaSheet) -> Vec<Issue> {
    let mut out = Vec::new();
    if sheet.format != SHEET_FORMAT {
        out.push(issue(
            "format",
            format!("expected \"{SHEET_FORMAT}\", found \"{}\"", sheet.format),
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
            format!("\"{set_id}\" must be non-empty lowercase letters, digits and '-'"),
        ));
    }
    if sheet.product_set.number == 0 {
        out.push(issue("product_set.number", "must be 1 or more"));
    }
    let expected_parts: Vec<&str> = PART_MAXIMA.iter().map(|(c, _)| *c).collect();
    let found_parts: Vec<&str> = sheet.parts.iter().map(|p| p.code.as_str()).collect();
    if found_parts != expected_parts {
        out.push(issue(
            "parts",
            format!("expected parts A, B, C in order, found {found_parts:?}"),
        ));
    }
    let mut seen_ids = BTreeSet::new();
    let mut last_section_number = 0;
    for part in &sheet.parts {
        if part.sections.is_empty() {
            out.push(issue(&part.code, "part has no sections"));
        }
        for section in &part.sections {
            let want = format!("{}.{}", part.code, section.number);
            if section.id != want {
                out.push(issue(
                    &section.id,
                    format!("section id should be \"{want}\""),
                ));
            }
            if section.number <= last_section_number {
                out.push(issue(
                    &section.id,
                    "sections must be numbered in increasing order",
                ));
            }
            last_section_number = section.number;
            if !seen_ids.insert(section.id.clone()) {
                out.push(issue(&section.id, "duplicate id"));
            }
            if section.criteria.is_empty() {
                out.push(issue(&section.id, "section has no criteria"));
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
        out.push(issue(id, format!("criterion id should be \"{want}\"")));
    }
    if !seen_ids.insert(id.clone()) {
        out.push(issue(id, "duplicate id"));
    }
    if let Some(mark) = criterion.star_mark
        && !(3..=5).contains(&mark)
    {
        out.push(issue(id, format!("star mark {mark} is not 3, 4 or 5")));
    }
    if criterion.options.is_empty() {
        out.push(issue(id, "criterion has no options"));
    }
    for (position, choice) in criterion.options.iter().enumerate() {
        let want = format!("{id}.{}", position + 1);
        if choice.id.0 != want {
            out.push(issue(
                &choice.id.0,
                format!("option id should be \"{want}\" (its position on the form)"),
            ));
        }
        if !seen_ids.insert(choice.id.0.clone()) {
            out.push(issue(&choice.id.0, "duplicate id"));
        }
        if choice.label_vi.trim().is_empty() {
            out.push(issue(&choice.id.0, "option has no wording"));
        }
        if let Some(mark) = choice.star_mark
            && !(3..=5).contains(&mark)
        {
            out.push(issue(
                &choice.id.0,
                format!("star mark {mark} is not 3, 4 or 5"),
            ));
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
                    format!("declared maximum {declared} but the best option gives {best}"),
                ));
            }
            None => {
                out.insert(issue(
                    &criterion.id.0,
                    format!("no maximum printed (best option gives {best})"),
                ));
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
                    format!(
                        "criteria add up to {section_sum}, section declares {}",
                        section.max_points
                    ),
                ));
            }
            part_sum += section.max_points;
        }
        if part_sum != part.max_points {
            out.insert(issue(
                &part.code,
                format!(
                    "sections declare {part_sum} in all, part declares {}",
                    part.max_points
                ),
            ));
        }
        if let Some((_, want)) = PART_MAXIMA.iter().find(|(c, _)| *c == part.code)
            && part.max_points != *want
        {
            out.insert(issue(
                &part.code,
                format!(
                    "part declares {}, QĐ 148 gives part {} {want} points",
                    part.max_points, part.code
                ),
            ));
        }
        total += part.max_points;
    }
    if total != TOTAL_POINTS {
        out.insert(issue(
            "parts",
            format!("parts add up to {total}, not {TOTAL_POINTS}"),
        ));
    }
    out.into_iter().collect()
}
