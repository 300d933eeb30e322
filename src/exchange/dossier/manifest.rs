//! `dossier.json` (`ocop-dossier/1` and `ocop-dossier/1.1`, which adds the
//! commune report): parsing with every missing or invalid field reported at once,
//! checking against the round's sheets, and writing it back.
//!
//! The JSON is read leniently first (every field optional, unknown fields refused)
//! so that all missing fields are named together; then each field is checked.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use serde::{Deserialize, Serialize};
use unicode_normalization::UnicodeNormalization as _;

use super::safety;
use crate::domain::commune::CommuneReport;
use crate::domain::criteria::{ChoiceId, CriteriaSheet, CriterionId};
use crate::domain::dossier::{
    DossierFacts, DossierProducer, EvidenceFile, EvidenceKind, ProducerType, RegistrationType,
    SelfAssessment, is_product_code,
};
use crate::domain::refusal::{Expected, Problem};
use crate::domain::score;
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
    check(raw, sheets)
}

fn check(raw: RawManifest, sheets: &KnownSheets) -> ParsedManifest {
    let mut problems = Vec::new();
    let missing = |field: &str, problems: &mut Vec<Problem>| {
        problems.push(Problem::missing(field));
    };
    match raw.format.as_deref() {
        None => missing("format", &mut problems),
        Some(f) if DOSSIER_FORMATS.contains(&f) => {}
        Some(other) => problems.push(Problem::WrongFormat {
            found: other.into(),
            expected: DOSSIER_FORMATS.map(String::from).to_vec(),
        }),
    }
    let format_1_0 = raw.format.as_deref() == Some(DOSSIER_FORMAT);
    let registration_type = match text(raw.registration_type) {
        None => {
            missing("registration_type", &mut problems);
            None
        }
        Some(token) => {
            let parsed = RegistrationType::parse(&token);
            if parsed.is_none() {
                problems.push(Problem::NotOneOf {
                    field: "registration_type".into(),
                    value: token,
                    of: None,
                    allowed: RegistrationType::ALL
                        .map(|t| t.as_str().to_string())
                        .to_vec(),
                });
            }
            parsed
        }
    };
    let product_name = text(raw.product_name);
    if product_name.is_none() {
        missing("product_name", &mut problems);
    }
    let mut sheet = None;
    let product_set = match raw.product_set {
        None => {
            missing("product_set", &mut problems);
            None
        }
        Some(n) => match u8::try_from(n)
            .ok()
            .and_then(|n| Some((n, sheets.sheets.get(&n)?)))
        {
            Some((n, s)) => {
                sheet = Some(s.clone());
                Some(n)
            }
            None => {
                problems.push(Problem::UnknownProductSet {
                    field: "product_set".into(),
                    value: n,
                    criteria: sheets.description.clone(),
                    range: sheets.range(),
                });
                None
            }
        },
    };
    let product_code = text(raw.product_code);
    if let Some(code) = &product_code
        && !is_product_code(code)
    {
        problems.push(Problem::BadValue {
            field: "product_code".into(),
            value: code.clone(),
            expected: Expected::ProductCode,
        });
    }
    let sample_count = raw.sample_count;
    if sample_count.is_none() {
        missing("sample_count", &mut problems);
    }
    let previous_star = raw.previous_star;
    if let Some(star) = previous_star
        && !(3..=5).contains(&star)
    {
        problems.push(Problem::BadValue {
            field: "previous_star".into(),
            value: star.to_string(),
            expected: Expected::CertifiedStar,
        });
    }
    let certificate_number = text(raw.certificate_number);
    if let Some(t) = registration_type
        && t.needs_previous_certificate()
    {
        for (field, absent) in [
            ("product_code", product_code.is_none()),
            ("previous_star", previous_star.is_none()),
            ("certificate_number", certificate_number.is_none()),
        ] {
            if absent {
                problems.push(Problem::RequiredFor {
                    field: field.into(),
                    registration_type: t.as_str().into(),
                });
            }
        }
    }
    let producer = check_producer(raw.producer, &mut problems);
    let fictional = raw.fictional.unwrap_or(false);

    let self_assessment = raw
        .self_assessment
        .map(|sa| check_self_assessment(sa, sheet.as_deref(), &mut problems));
    let commune_report = raw.commune_report.and_then(|report| {
        if format_1_0 {
            problems.push(Problem::NeedsNewerFormat {
                field: "commune_report".into(),
                value: None,
                needs: DOSSIER_FORMAT_1_1.into(),
                found: DOSSIER_FORMAT.into(),
            });
        }
        super::commune::check_commune_report(
            report,
            &sheets.criteria_set_id,
            sheet.as_deref(),
            &mut problems,
        )
    });
    let listed = check_files(raw.files, sheet.as_deref(), &mut problems);
    if format_1_0 {
        for file in listed.iter().filter_map(|l| l.file.as_ref()) {
            if file.kind == EvidenceKind::CommuneReport {
                problems.push(
                    Problem::NeedsNewerFormat {
                        field: "kind".into(),
                        value: Some(EvidenceKind::CommuneReport.as_str().into()),
                        needs: DOSSIER_FORMAT_1_1.into(),
                        found: DOSSIER_FORMAT.into(),
                    }
                    .in_file(file.path.clone()),
                );
            }
        }
    }
    let files: Vec<EvidenceFile> = listed.iter().filter_map(|l| l.file.clone()).collect();

    let facts = match (
        registration_type,
        product_name,
        product_set,
        producer,
        sample_count,
    ) {
        (
            Some(registration_type),
            Some(product_name),
            Some(product_set),
            Some(producer),
            Some(sample_count),
        ) if problems.is_empty() => DossierFacts {
            registration_type,
            product_name,
            product_set,
            product_code,
            producer,
            sample_count,
            previous_star: previous_star.and_then(|s| u8::try_from(s).ok()),
            certificate_number,
            fictional,
            commune_report,
        },
        _ => {
            return ParsedManifest {
                manifest: None,
                listed,
                problems,
            };
        }
    };
    ParsedManifest {
        manifest: Some(Manifest {
            facts,
            self_assessment,
            files,
        }),
        listed,
        problems,
    }
}

fn check_producer(
    raw: Option<RawProducer>,
    problems: &mut Vec<Problem>,
) -> Option<DossierProducer> {
    let Some(raw) = raw else {
        problems.push(Problem::missing("producer"));
        return None;
    };
    let mut required = |field: &str, value: Option<String>| {
        let value = text(value);
        if value.is_none() {
            problems.push(Problem::missing(format!("producer.{field}")));
        }
        value
    };
    let name = required("name", raw.name);
    let type_token = required("type", raw.producer_type);
    let legal_representative = required("legal_representative", raw.legal_representative);
    let address = required("address", raw.address);
    let province = required("province", raw.province);
    let commune = required("commune", raw.commune);
    let producer_type = type_token.and_then(|token| {
        let parsed = ProducerType::parse(&token);
        if parsed.is_none() {
            problems.push(Problem::NotOneOf {
                field: "producer.type".into(),
                value: token,
                of: None,
                allowed: ProducerType::ALL.map(|t| t.as_str().to_string()).to_vec(),
            });
        }
        parsed
    });
    Some(DossierProducer {
        name: name?,
        producer_type: producer_type?,
        legal_representative: legal_representative?,
        address: address?,
        province: province?,
        commune: commune?,
        phone: text(raw.phone),
    })
}

fn check_self_assessment(
    raw: RawSelfAssessment,
    sheet: Option<&CriteriaSheet>,
    problems: &mut Vec<Problem>,
) -> SelfAssessment {
    let assessment = SelfAssessment {
        answers: raw
            .answers
            .into_iter()
            .map(|(c, o)| (CriterionId(c.trim().into()), ChoiceId(o.trim().into())))
            .collect(),
        comments: raw
            .comments
            .into_iter()
            .filter_map(|(c, t)| Some((CriterionId(c.trim().into()), text(Some(t))?)))
            .collect(),
    };
    if let Some(sheet) = sheet {
        for error in score::check_answers(sheet, &assessment.sheet_answers()) {
            problems.push(Problem::of_answer("self_assessment.answers", error));
        }
        for criterion in assessment.comments.keys() {
            if sheet.criterion(criterion).is_none() {
                problems.push(Problem::UnknownCriterion {
                    field: "self_assessment.comments".into(),
                    criterion: criterion.0.clone(),
                    product_set: sheet.product_set.number,
                });
            }
        }
    }
    assessment
}

fn check_files(
    raw: Option<Vec<RawFile>>,
    sheet: Option<&CriteriaSheet>,
    problems: &mut Vec<Problem>,
) -> Vec<ListedFile> {
    let Some(raw) = raw else {
        problems.push(Problem::missing("files"));
        return Vec::new();
    };
    let mut files = Vec::new();
    let mut seen: BTreeMap<String, String> = BTreeMap::new();
    for (index, file) in raw.into_iter().enumerate() {
        let at = format!("files[{index}]");
        let path = match file.path.as_deref().map(str::trim) {
            None | Some("") => {
                problems.push(Problem::missing(format!("{at}.path")));
                None
            }
            Some(raw_path) => match safety::check_relative_path(raw_path) {
                Ok(path) if path == MANIFEST_NAME => {
                    problems.push(Problem::ManifestListed {
                        field: format!("{at}.path"),
                    });
                    None
                }
                Ok(path) => {
                    let key = safety::collision_key(&path);
                    if let Some(first) = seen.get(&key) {
                        problems.push(Problem::Duplicate {
                            field: format!("{at}.path"),
                            value: path,
                            first: Some(first.clone()),
                        });
                        None
                    } else {
                        seen.insert(key, path.clone());
                        Some(path)
                    }
                }
                Err(fault) => {
                    problems.push(Problem::UnsafePath {
                        field: Some(format!("{at}.path")),
                        path: raw_path.into(),
                        fault,
                    });
                    None
                }
            },
        };
        let name = path.clone().unwrap_or_else(|| at.clone());
        let kind = match text(file.kind) {
            None => {
                problems.push(Problem::MissingField {
                    field: format!("{at}.kind"),
                    of: Some(name.clone()),
                });
                None
            }
            Some(token) => {
                let kind = EvidenceKind::parse(&token);
                if kind.is_none() {
                    problems.push(Problem::NotOneOf {
                        field: format!("{at}.kind"),
                        value: token,
                        of: Some(name.clone()),
                        allowed: EvidenceKind::ALL.map(|k| k.as_str().to_string()).to_vec(),
                    });
                }
                kind
            }
        };
        let mut criteria = BTreeSet::new();
        for id in file.criteria.unwrap_or_default() {
            let id = CriterionId(id.trim().to_string());
            if let Some(sheet) = sheet
                && sheet.criterion(&id).is_none()
            {
                problems.push(Problem::UnknownCriterion {
                    field: format!("{at}.criteria ({name})"),
                    criterion: id.0.clone(),
                    product_set: sheet.product_set.number,
                });
            }
            criteria.insert(id);
        }
        if let Some(path) = path {
            files.push(ListedFile {
                file: kind.map(|kind| EvidenceFile {
                    path: path.clone(),
                    kind,
                    title: text(file.title),
                    criteria: criteria.into_iter().collect(),
                }),
                path,
            });
        }
    }
    files
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
mod tests {
    use super::*;
    use crate::domain::criteria::{Catalog, catalog::DEFAULT_CRITERIA_SET};

    pub(crate) fn qd148() -> KnownSheets {
        let catalog = Catalog::embedded();
        let set = catalog.set(DEFAULT_CRITERIA_SET).unwrap();
        KnownSheets {
            description: "criteria set qd148-2023".into(),
            criteria_set_id: DEFAULT_CRITERIA_SET.into(),
            sheets: set
                .sheets
                .iter()
                .map(|(n, s)| (*n, Arc::new(s.sheet.clone())))
                .collect(),
        }
    }

    fn sample() -> serde_json::Value {
        serde_json::json!({
            "format": "ocop-dossier/1",
            "fictional": true,
            "registration_type": "new",
            "product_name": "Nước mắm cá linh Mỹ Xuyên",
            "product_set": 9,
            "sample_count": 5,
            "producer": {
                "name": "HTX Thủy sản Hòa Tú",
                "type": "cooperative",
                "legal_representative": "Trần Văn Ba",
                "address": "Ấp Hòa Phuông",
                "province": "Sóc Trăng",
                "commune": "Xã Hòa Tú",
                "phone": "0299 3 000 111"
            },
            "self_assessment": { "answers": { "A.1.a": "A.1.a.1" } },
            "files": [
                { "path": "phieu-dang-ky.pdf", "kind": "registration-form", "criteria": ["A.1.a"] },
                { "path": "anh/nhan.png", "kind": "label", "title": "Nhãn chai 500 ml" }
            ]
        })
    }

    fn parse_value(v: &serde_json::Value) -> Result<Manifest, Vec<Problem>> {
        parse(v.to_string().as_bytes(), &qd148()).into_result()
    }

    fn parse_bytes(bytes: &[u8]) -> Result<Manifest, Vec<Problem>> {
        parse(bytes, &qd148()).into_result()
    }

    /// The problems in English, as the CLI prints them.
    fn lines(problems: Vec<Problem>) -> Vec<String> {
        problems.iter().map(ToString::to_string).collect()
    }

    #[test]
    fn parses_a_complete_manifest_and_writes_it_back_identically() {
        let m = parse_value(&sample()).unwrap();
        assert_eq!(m.facts.product_set, 9);
        assert_eq!(m.files[1].kind, EvidenceKind::Label);
        assert!(m.facts.fictional);
        let again = parse_bytes(to_json(&m).as_bytes()).unwrap();
        assert_eq!(again, m);
    }

    #[test]
    fn names_every_missing_field_at_once() {
        let errors = lines(
            parse_bytes(br#"{"format":"ocop-dossier/1","producer":{"name":"X"},"files":[{}]}"#)
                .unwrap_err(),
        );
        for field in [
            "registration_type",
            "product_name",
            "product_set",
            "sample_count",
            "producer.type",
            "producer.legal_representative",
            "producer.address",
            "producer.province",
            "producer.commune",
            "files[0].path",
        ] {
            assert!(
                errors.iter().any(|e| e.contains(&format!("\"{field}\""))),
                "{field} not reported in {errors:#?}"
            );
        }
    }

    #[test]
    fn upgrade_needs_the_previous_certificate() {
        let mut v = sample();
        v["registration_type"] = "upgrade".into();
        let errors = lines(parse_value(&v).unwrap_err());
        assert_eq!(errors.len(), 3, "{errors:#?}");
        assert!(
            errors
                .iter()
                .all(|e| e.contains("registration type \"upgrade\""))
        );
    }

    #[test]
    fn refuses_unknown_sets_criteria_options_and_kinds() {
        let mut v = sample();
        v["product_set"] = 27.into();
        assert!(lines(parse_value(&v).unwrap_err())[0].contains(
            "product_set 27 is not a product set of criteria set qd148-2023 (sets 1–26)"
        ));
        let mut v = sample();
        v["self_assessment"]["answers"]["A.1.a"] = "A.1.b.1".into();
        v["self_assessment"]["answers"]["Z.9.z"] = "Z.9.z.1".into();
        v["files"][0]["kind"] = "invoice".into();
        v["files"][1]["criteria"] = serde_json::json!(["Q.1.q"]);
        let errors = lines(parse_value(&v).unwrap_err());
        assert_eq!(errors.len(), 4, "{errors:#?}");
        assert!(
            errors
                .iter()
                .any(|e| e.contains("A.1.b.1 is not an option of criterion A.1.a"))
        );
        assert!(
            errors
                .iter()
                .any(|e| e.contains("files[0].kind \"invoice\""))
        );
        assert!(errors.iter().any(|e| e.contains("criterion Q.1.q")));
    }

    #[test]
    fn refuses_duplicate_and_escaping_paths() {
        let mut v = sample();
        v["files"][1]["path"] = "Phieu-Dang-Ky.PDF".into();
        v["files"]
            .as_array_mut()
            .unwrap()
            .push(serde_json::json!({"path": "../x.pdf", "kind": "other"}));
        let errors = lines(parse_value(&v).unwrap_err());
        assert!(
            errors.iter().any(|e| e.contains("listed twice")),
            "{errors:#?}"
        );
        assert!(
            errors.iter().any(|e| e.contains("path traversal")),
            "{errors:#?}"
        );
    }

    fn with_commune_report() -> serde_json::Value {
        let mut v = sample();
        v["format"] = DOSSIER_FORMAT_1_1.into();
        v["commune_report"] = serde_json::json!({
            "commune": "Xã Hòa Tú",
            "report_number": "45/BC-UBND",
            "report_date": "2026-03-02",
            "signed_by": "Nguyễn Văn Hai",
            "request_number": "46/UBND-KT",
            "request_date": "2026-03-03",
            "findings": [
                { "criterion": "A.1.a", "option": "A.1.a.2", "note": "hợp đồng thu mua cá" },
                { "criterion": "A.3.c", "text": "12/14 lao động là người trong xã" }
            ]
        });
        v["files"]
            .as_array_mut()
            .unwrap()
            .push(serde_json::json!({"path": "bao-cao-xa.pdf", "kind": "commune-report"}));
        v
    }

    #[test]
    fn a_commune_report_parses_and_writes_back_as_format_1_1() {
        let m = parse_value(&with_commune_report()).unwrap();
        let report = m.facts.commune_report.as_ref().unwrap();
        assert_eq!(report.report_number, "45/BC-UBND");
        assert_eq!(report.findings.len(), 2);
        assert_eq!(
            report.findings[1].text.as_deref(),
            Some("12/14 lao động là người trong xã")
        );
        let json = to_json(&m);
        assert!(json.contains("\"ocop-dossier/1.1\""), "{json}");
        assert_eq!(parse_bytes(json.as_bytes()).unwrap(), m);
    }

    #[test]
    fn old_manifests_stay_valid_and_are_written_as_1_0() {
        let m = parse_value(&sample()).unwrap();
        assert!(m.facts.commune_report.is_none());
        assert!(to_json(&m).contains("\"ocop-dossier/1\""));
        // A 1.0 manifest is also a valid 1.1 manifest.
        let mut v = sample();
        v["format"] = DOSSIER_FORMAT_1_1.into();
        assert_eq!(parse_value(&v).unwrap(), m);
    }

    #[test]
    fn the_content_hash_of_a_dossier_without_a_report_does_not_change() {
        // Facts serialise without the absent report, so hashes of dossiers
        // imported before format 1.1 stay what they were.
        let m = parse_value(&sample()).unwrap();
        let facts = serde_json::to_string(&m.facts).unwrap();
        assert!(!facts.contains("commune_report"), "{facts}");
    }

    #[test]
    fn a_commune_report_in_a_1_0_manifest_is_refused_by_name() {
        let mut v = with_commune_report();
        v["format"] = DOSSIER_FORMAT.into();
        let errors = lines(parse_value(&v).unwrap_err());
        assert_eq!(errors.len(), 2, "{errors:#?}");
        assert!(errors[0].contains("commune_report needs format \"ocop-dossier/1.1\""));
        assert!(errors[1].contains("bao-cao-xa.pdf: kind \"commune-report\" needs format"));
    }

    #[test]
    fn every_bad_field_of_a_commune_report_is_named() {
        let mut v = with_commune_report();
        v["commune_report"] = serde_json::json!({
            "commune": "  ",
            "report_date": "02/03/2026",
            "request_date": "2026-02-30",
            "findings": [
                { "criterion": "A.1.b", "option": "A.1.b.1" },
                { "criterion": "Z.9.z", "text": "x" },
                { "criterion": "A.1.a", "option": "A.1.a.9" },
                { "criterion": "A.2.a" },
                { "option": "A.3.c.1" },
                { "criterion": "A.1.a", "text": "again" }
            ]
        });
        let errors = lines(parse_value(&v).unwrap_err());
        for expected in [
            "missing required field \"commune_report.commune\"",
            "missing required field \"commune_report.report_number\"",
            "missing required field \"commune_report.signed_by\"",
            "commune_report.report_date \"02/03/2026\" is not a date written YYYY-MM-DD",
            "commune_report.request_date \"2026-02-30\" is not a date",
            "findings[0].criterion: criterion A.1.b is not one of the criteria the commune assesses on the sheet of product set 9 (A.1.a, A.2.a, A.3.c, B.5.b)",
            "findings[1].criterion: criterion Z.9.z is not on the sheet of product set 9",
            "findings[2].option: option A.1.a.9 is not an option of criterion A.1.a",
            "findings[3] (A.2.a) has neither \"option\" nor \"text\"",
            "missing required field \"commune_report.findings[4].criterion\"",
            "findings[5].criterion \"A.1.a\" comes twice",
        ] {
            assert!(
                errors.iter().any(|e| e.contains(expected)),
                "{expected} not in {errors:#?}"
            );
        }
        assert_eq!(errors.len(), 11, "{errors:#?}");
        let mut v = with_commune_report();
        v["commune_report"]["colour"] = "red".into();
        let errors = lines(parse_value(&v).unwrap_err());
        assert!(
            errors[0].contains("commune_report") && errors[0].contains("unknown field `colour`"),
            "{errors:?}"
        );
    }

    #[test]
    fn set_26_has_no_local_identity_line_so_b_5_b_is_refused_there() {
        let mut v = with_commune_report();
        v["product_set"] = 26.into();
        v["self_assessment"] = serde_json::json!({ "answers": {} });
        v["files"][0]["criteria"] = serde_json::json!([]);
        v["commune_report"]["findings"] = serde_json::json!([
            { "criterion": "A.3.c", "text": "80% lao động tại xã" },
            { "criterion": "B.5.b", "text": "bản sắc Khmer" }
        ]);
        let errors = lines(parse_value(&v).unwrap_err());
        assert_eq!(errors.len(), 1, "{errors:#?}");
        assert!(
            errors[0].contains("B.5.b is not one of the criteria the commune assesses on the sheet of product set 26 (A.2.a, A.3.c)"),
            "{errors:?}"
        );
    }

    #[test]
    fn json_errors_give_line_column_and_path() {
        let errors = lines(
            parse_bytes(b"{\n  \"format\": \"ocop-dossier/1\",\n  \"product_set\": \"ba\"\n}")
                .unwrap_err(),
        );
        assert!(
            errors[0].contains("line 3") && errors[0].contains("product_set"),
            "{errors:?}"
        );
        let errors =
            lines(parse_bytes(b"{\"format\": \"ocop-dossier/1\", \"colour\": 1}").unwrap_err());
        assert!(errors[0].contains("unknown field `colour`"), "{errors:?}");
    }

    #[test]
    fn text_encodings() {
        assert!(decode(b"\xef\xbb\xbf{}").is_ok());
        assert_eq!(
            decode(b"{\"a\": \"S\xf3c\"}"),
            Err(Problem::NotUtf8 {
                offset: 8,
                byte: 0xf3
            })
        );
        assert_eq!(decode(b"\xff\xfe{\0"), Err(Problem::Utf16));
    }

    #[test]
    fn each_field_check_yields_its_typed_problem() {
        let mut v = sample();
        v["producer"]["type"] = "club".into();
        v["previous_star"] = 7.into();
        v["files"][0]["path"] = "../x.pdf".into();
        let errors = parse_value(&v).unwrap_err();
        assert!(errors.contains(&Problem::BadValue {
            field: "previous_star".into(),
            value: "7".into(),
            expected: Expected::CertifiedStar,
        }));
        assert!(errors.iter().any(|e| matches!(
            e,
            Problem::NotOneOf { field, value, .. } if field == "producer.type" && value == "club"
        )));
        assert!(errors.iter().any(|e| matches!(
            e,
            Problem::UnsafePath {
                fault: crate::domain::refusal::PathFault::Traversal { .. },
                ..
            }
        )));
        let mut v = sample();
        v["producer"].as_object_mut().unwrap().remove("address");
        assert_eq!(
            parse_value(&v).unwrap_err(),
            [Problem::missing("producer.address")]
        );
    }
}
