//! The `commune_report` of a dossier manifest (format 1.1, QĐ 1489/2025): read
//! leniently, then every missing or invalid field named, and each finding checked
//! against the product set's sheet and the four lines the commune assesses
//! ([`crate::domain::commune::commune_lines`]).

use std::collections::BTreeSet;

use chrono::NaiveDate;
use serde::Deserialize;

use super::manifest::text;
use crate::domain::commune::{CommuneFinding, CommuneReport, commune_lines};
use crate::domain::criteria::{ChoiceId, CriteriaSheet, CriterionId};
use crate::domain::refusal::{Expected, Problem};

/// Caps on what a report may hold (a manifest is at most 1 MiB anyway).
const MAX_FINDINGS: usize = 64;
const MAX_TEXT_CHARS: usize = 10_000;

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawCommuneReport {
    commune: Option<String>,
    report_number: Option<String>,
    report_date: Option<String>,
    signed_by: Option<String>,
    request_number: Option<String>,
    request_date: Option<String>,
    findings: Option<Vec<RawFinding>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFinding {
    criterion: Option<String>,
    option: Option<String>,
    text: Option<String>,
    note: Option<String>,
}

/// An ISO date (YYYY-MM-DD) that exists; a problem naming `field` otherwise.
fn date(field: &str, value: Option<String>, problems: &mut Vec<Problem>) -> Option<String> {
    let value = text(value)?;
    match NaiveDate::parse_from_str(&value, "%Y-%m-%d") {
        Ok(d) if d.format("%Y-%m-%d").to_string() == value => Some(value),
        _ => {
            problems.push(Problem::BadValue {
                field: format!("commune_report.{field}"),
                value,
                expected: Expected::IsoDate,
            });
            None
        }
    }
}

/// Trimmed NFC text within the cap and without control characters (a line
/// break is allowed in a finding's text and note, nowhere else): these fields
/// are printed in the minutes.
fn long_text(field: &str, value: Option<String>, problems: &mut Vec<Problem>) -> Option<String> {
    let value = text(value)?;
    if value.chars().count() > MAX_TEXT_CHARS {
        problems.push(Problem::TooLong {
            field: field.into(),
            chars: value.chars().count(),
            cap: MAX_TEXT_CHARS,
        });
        return None;
    }
    let multiline = field.ends_with(".text") || field.ends_with(".note");
    if let Some(c) = value
        .chars()
        .find(|c| c.is_control() && !(multiline && *c == '\n'))
    {
        problems.push(Problem::ControlCharacter {
            field: field.into(),
            code: u32::from(c),
        });
        return None;
    }
    Some(value)
}

/// Checks a report; `None` when anything is wrong (each problem pushed).
pub(super) fn check_commune_report(
    raw: RawCommuneReport,
    criteria_set: &str,
    sheet: Option<&CriteriaSheet>,
    problems: &mut Vec<Problem>,
) -> Option<CommuneReport> {
    let before = problems.len();
    let required = |field: &str, value: Option<String>, problems: &mut Vec<Problem>| {
        if text(value.clone()).is_none() {
            problems.push(Problem::missing(format!("commune_report.{field}")));
            return None;
        }
        long_text(&format!("commune_report.{field}"), value, problems)
    };
    let commune = required("commune", raw.commune, problems);
    let report_number = required("report_number", raw.report_number, problems);
    let signed_by = required("signed_by", raw.signed_by, problems);
    let report_date_given = text(raw.report_date.clone()).is_some();
    let report_date = date("report_date", raw.report_date, problems);
    if !report_date_given {
        problems.push(Problem::missing("commune_report.report_date"));
    }
    let request_number = long_text(
        "commune_report.request_number",
        raw.request_number,
        problems,
    );
    let request_date = date("request_date", raw.request_date, problems);
    if let (Some(report), Some(request)) = (&report_date, &request_date)
        && request < report
    {
        problems.push(Problem::RequestBeforeReport {
            request: request.clone(),
            report: report.clone(),
        });
    }
    let findings = check_findings(
        raw.findings.unwrap_or_default(),
        criteria_set,
        sheet,
        problems,
    );
    if problems.len() > before {
        return None;
    }
    Some(CommuneReport {
        commune: commune?,
        report_number: report_number?,
        report_date: report_date?,
        signed_by: signed_by?,
        request_number,
        request_date,
        findings,
    })
}

fn check_findings(
    raw: Vec<RawFinding>,
    criteria_set: &str,
    sheet: Option<&CriteriaSheet>,
    problems: &mut Vec<Problem>,
) -> Vec<CommuneFinding> {
    if raw.len() > MAX_FINDINGS {
        problems.push(Problem::TooMany {
            what: "commune_report.findings".into(),
            count: raw.len(),
            cap: MAX_FINDINGS,
        });
        return Vec::new();
    }
    let lines = sheet.and_then(|s| commune_lines(criteria_set, s.product_set.number));
    let mut seen = BTreeSet::new();
    let mut findings = Vec::new();
    for (index, finding) in raw.into_iter().enumerate() {
        let at = format!("commune_report.findings[{index}]");
        let Some(criterion) = text(finding.criterion).map(CriterionId) else {
            problems.push(Problem::missing(format!("{at}.criterion")));
            continue;
        };
        if !seen.insert(criterion.clone()) {
            problems.push(Problem::Duplicate {
                field: format!("{at}.criterion"),
                value: criterion.0.clone(),
                first: None,
            });
            continue;
        }
        let option = text(finding.option).map(ChoiceId);
        let finding_text = long_text(&format!("{at}.text"), finding.text, problems);
        let note = long_text(&format!("{at}.note"), finding.note, problems);
        if option.is_none() && finding_text.is_none() {
            problems.push(Problem::NeitherOptionNorText {
                field: at.clone(),
                criterion: criterion.0.clone(),
            });
        }
        if let Some(sheet) = sheet {
            let n = sheet.product_set.number;
            match sheet.criterion(&criterion) {
                None => problems.push(Problem::UnknownCriterion {
                    field: format!("{at}.criterion"),
                    criterion: criterion.0.clone(),
                    product_set: n,
                }),
                Some(on_sheet) => {
                    if let Some(lines) = lines
                        && lines.topic_of(&criterion).is_none()
                    {
                        let assessed: Vec<String> = lines.criteria().map(|c| c.0.clone()).collect();
                        problems.push(Problem::NotAssessedByCommune {
                            field: format!("{at}.criterion"),
                            criterion: criterion.0.clone(),
                            product_set: n,
                            assessed,
                        });
                    }
                    if let Some(option) = &option
                        && on_sheet.points_of(option).is_none()
                    {
                        problems.push(Problem::NotAnOption {
                            field: format!("{at}.option"),
                            criterion: criterion.0.clone(),
                            option: option.0.clone(),
                        });
                    }
                }
            }
        }
        findings.push(CommuneFinding {
            criterion,
            option,
            text: finding_text,
            note,
        });
    }
    findings
}
