//! `dossier.json` (`ocop-dossier/1` and `ocop-dossier/1.1`, which adds the
//! commune report): parsing with every missing or invalid field reported at once,
//! checking against the round's sheets, and writing it back.
//!
//! The JSON is read leniently first (every field optional, unknown fields refused)
//! so that all missing fields are named together; then each field is checked.

use std::collections::BTreeMap;
use std::sync::Arc;

use serde::{Deserialize, Serialize};
use unicode_normalization::UnicodeNormalization as _;

use crate::domain::commune::CommuneReport;
use crate::domain::criteria::CriteriaSheet;
use crate::domain::dossier::{
    DossierFacts, DossierProducer, EvidenceFile, EvidenceKind, RegistrationType, SelfAssessment,
};
use crate::domain::refusal::Problem;
use crate::exchange::text::{json_problem, utf8_text};

/// The first format; also the tag inside every content hash, so a dossier's hash
/// does not change with the minor version its manifest was written in.
pub const DOSSIER_FORMAT: &str = "ocop-dossier/1";
/// 1.1 adds the optional `commune_report` (QĐ 1489/2025) and the evidence kind
/// `commune-report`; every 1.0 manifest is a valid 1.1 manifest.
pub const DOSSIER_FORMAT_1_1: &str = "ocop-dossier/1.1";
/// What `format` may say.
pub const DOSSIER_FORMATS: [&str; 2] = [DOSSIER_FORMAT, DOSSIER_FORMAT_1_1];
pub const MANIFEST_NAME: &str = "dossier.json";

mod check;

/// The sheets a dossier may be registered for (a round's snapshots, or the
/// default criteria set when no round is given).
#[derive(Debug, Clone, Default)]
pub struct KnownSheets {
    /// For messages, e.g. "criteria set qd148-2023 of round 2".
    pub description: String,
    /// The criteria set's id, e.g. `qd148-2023` (which lines the commune assesses).
    pub criteria_set_id: String,
    pub sheets: BTreeMap<u8, Arc<CriteriaSheet>>,
}

impl KnownSheets {
    fn range(&self) -> Option<(u8, u8)> {
        Some((
            *self.sheets.keys().next()?,
            *self.sheets.keys().next_back()?,
        ))
    }
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawManifest {
    format: Option<String>,
    fictional: Option<bool>,
    registration_type: Option<String>,
    product_name: Option<String>,
    product_set: Option<u32>,
    product_code: Option<String>,
    sample_count: Option<u32>,
    previous_star: Option<u32>,
    certificate_number: Option<String>,
    producer: Option<RawProducer>,
    self_assessment: Option<RawSelfAssessment>,
    commune_report: Option<super::commune::RawCommuneReport>,
    files: Option<Vec<RawFile>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawProducer {
    name: Option<String>,
    #[serde(rename = "type")]
    producer_type: Option<String>,
    legal_representative: Option<String>,
    address: Option<String>,
    province: Option<String>,
    commune: Option<String>,
    phone: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSelfAssessment {
    #[serde(default)]
    answers: BTreeMap<String, String>,
    #[serde(default)]
    comments: BTreeMap<String, String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    path: Option<String>,
    kind: Option<String>,
    title: Option<String>,
    criteria: Option<Vec<String>>,
}

/// A manifest that parsed and passed every field check.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Manifest {
    pub facts: DossierFacts,
    pub self_assessment: Option<SelfAssessment>,
    pub files: Vec<EvidenceFile>,
}

/// A path listed under `files`, with its entry when every field of it is valid.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListedFile {
    pub path: String,
    pub file: Option<EvidenceFile>,
}

/// What parsing found: the manifest when there is no problem at all, and in any
/// case the listed paths (so the bundle's files can be checked too) and the problems.
#[derive(Debug, Clone, Default)]
pub struct ParsedManifest {
    pub manifest: Option<Manifest>,
    /// Every listed path that is itself valid; empty when the JSON did not parse.
    pub listed: Vec<ListedFile>,
    pub problems: Vec<Problem>,
}

impl ParsedManifest {
    pub fn into_result(self) -> Result<Manifest, Vec<Problem>> {
        match self.manifest {
            Some(m) if self.problems.is_empty() => Ok(m),
            _ => Err(self.problems),
        }
    }
}

/// NFC, trimmed; `None` when blank.
pub(super) fn text(value: Option<String>) -> Option<String> {
    value
        .map(|v| v.nfc().collect::<String>().trim().to_string())
        .filter(|v| !v.is_empty())
}

/// Decodes the manifest's bytes: UTF-8 (a UTF-8 BOM is tolerated), else the problem.
pub fn decode(bytes: &[u8]) -> Result<&str, Problem> {
    utf8_text(bytes)
}

/// Parses and checks a manifest. Every problem is returned, each a sentence
/// naming the field (`product_set`, `files[2].kind`, …).
pub fn parse(bytes: &[u8], sheets: &KnownSheets) -> ParsedManifest {
    let failed = |problem: Problem| ParsedManifest {
        problems: vec![problem],
        ..ParsedManifest::default()
    };
    let text_in = match decode(bytes) {
        Ok(text) => text,
        Err(problem) => return failed(problem),
    };
    let deserializer = &mut serde_json::Deserializer::from_str(text_in);
    let raw: RawManifest = match serde_path_to_error::deserialize(deserializer) {
        Ok(raw) => raw,
        Err(e) => return failed(json_problem(&e)),
    };
    check::check(raw, sheets)
}

/// The manifest as written by an export: the same fields, in documentation order.
#[derive(Debug, Serialize)]
struct ManifestOut<'a> {
    format: &'static str,
    fictional: bool,
    registration_type: RegistrationType,
    product_name: &'a str,
    product_set: u8,
    #[serde(skip_serializing_if = "Option::is_none")]
    product_code: Option<&'a str>,
    sample_count: u32,
    #[serde(skip_serializing_if = "Option::is_none")]
    previous_star: Option<u8>,
    #[serde(skip_serializing_if = "Option::is_none")]
    certificate_number: Option<&'a str>,
    producer: &'a DossierProducer,
    #[serde(skip_serializing_if = "Option::is_none")]
    self_assessment: Option<&'a SelfAssessment>,
    #[serde(skip_serializing_if = "Option::is_none")]
    commune_report: Option<&'a CommuneReport>,
    files: &'a [EvidenceFile],
}

/// Writes a manifest (pretty JSON, UTF-8) that [`parse`] reads back to `manifest`,
/// in the oldest format that holds it (1.0 unless there is a commune report), so
/// an older copy of the app still reads what it can.
pub fn to_json(manifest: &Manifest) -> String {
    let f = &manifest.facts;
    let needs_1_1 = f.commune_report.is_some()
        || manifest
            .files
            .iter()
            .any(|file| file.kind == EvidenceKind::CommuneReport);
    let out = ManifestOut {
        format: if needs_1_1 {
            DOSSIER_FORMAT_1_1
        } else {
            DOSSIER_FORMAT
        },
        fictional: f.fictional,
        registration_type: f.registration_type,
        product_name: &f.product_name,
        product_set: f.product_set,
        product_code: f.product_code.as_deref(),
        sample_count: f.sample_count,
        previous_star: f.previous_star,
        certificate_number: f.certificate_number.as_deref(),
        producer: &f.producer,
        self_assessment: manifest.self_assessment.as_ref(),
        commune_report: f.commune_report.as_ref(),
        files: &manifest.files,
    };
    // Serialising plain structs of strings and maps cannot fail.
    serde_json::to_string_pretty(&out).unwrap_or_default() + "\n"
}

#[cfg(test)]
mod tests;
