//! Every field of a parsed manifest checked, each problem named by its field, in
//! the order the fields are documented: one named step per part (format,
//! registration, product, previous certificate, producer, self-assessment, commune
//! report, files).

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use super::{
    DOSSIER_FORMAT, DOSSIER_FORMAT_1_1, DOSSIER_FORMATS, KnownSheets, ListedFile, MANIFEST_NAME,
    Manifest, ParsedManifest, RawFile, RawManifest, RawProducer, RawSelfAssessment, text,
};
use crate::domain::criteria::{ChoiceId, CriteriaSheet, CriterionId};
use crate::domain::dossier::{
    DossierFacts, DossierProducer, EvidenceFile, EvidenceKind, ProducerType, RegistrationType,
    SelfAssessment, is_product_code,
};
use crate::domain::refusal::{Expected, Problem};
use crate::domain::score;
use crate::exchange::dossier::safety;

/// Checks every field; the manifest only when nothing is wrong.
pub(super) fn check(raw: RawManifest, sheets: &KnownSheets) -> ParsedManifest {
    let mut problems = Vec::new();
    let format_1_0 = check_format(raw.format.as_deref(), &mut problems);
    let registration_type = check_registration_type(raw.registration_type, &mut problems);
    let product_name = required("product_name", text(raw.product_name), &mut problems);
    let (product_set, sheet) = check_product_set(raw.product_set, sheets, &mut problems).unzip();
    let product_code = check_product_code(text(raw.product_code), &mut problems);
    let sample_count = required("sample_count", raw.sample_count, &mut problems);
    let previous_star = check_previous_star(raw.previous_star, &mut problems);
    let certificate_number = text(raw.certificate_number);
    if let Some(t) = registration_type {
        check_previous_certificate(
            t,
            [
                ("product_code", product_code.is_none()),
                ("previous_star", previous_star.is_none()),
                ("certificate_number", certificate_number.is_none()),
            ],
            &mut problems,
        );
    }
    let producer = check_producer(raw.producer, &mut problems);
    let self_assessment = raw
        .self_assessment
        .map(|sa| check_self_assessment(sa, sheet.as_deref(), &mut problems));
    let commune_report = raw.commune_report.and_then(|report| {
        if format_1_0 {
            problems.push(needs_1_1("commune_report", None));
        }
        super::super::commune::check_commune_report(
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
                let kind = Some(EvidenceKind::CommuneReport.as_str());
                problems.push(needs_1_1("kind", kind).in_file(file.path.clone()));
            }
        }
    }
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
            fictional: raw.fictional.unwrap_or(false),
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
    let files: Vec<EvidenceFile> = listed.iter().filter_map(|l| l.file.clone()).collect();
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

/// `value`, or a problem naming `field` as missing.
fn required<T>(field: &str, value: Option<T>, problems: &mut Vec<Problem>) -> Option<T> {
    if value.is_none() {
        problems.push(Problem::missing(field));
    }
    value
}

/// A field or value that format 1.0 cannot hold.
fn needs_1_1(field: &str, value: Option<&str>) -> Problem {
    Problem::NeedsNewerFormat {
        field: field.into(),
        value: value.map(str::to_string),
        needs: DOSSIER_FORMAT_1_1.into(),
        found: DOSSIER_FORMAT.into(),
    }
}

/// The format is one this app reads; returns whether it is 1.0.
fn check_format(format: Option<&str>, problems: &mut Vec<Problem>) -> bool {
    match format {
        None => problems.push(Problem::missing("format")),
        Some(f) if DOSSIER_FORMATS.contains(&f) => {}
        Some(other) => problems.push(Problem::WrongFormat {
            found: other.into(),
            expected: DOSSIER_FORMATS.map(String::from).to_vec(),
        }),
    }
    format == Some(DOSSIER_FORMAT)
}

fn check_registration_type(
    value: Option<String>,
    problems: &mut Vec<Problem>,
) -> Option<RegistrationType> {
    let token = required("registration_type", text(value), problems)?;
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

/// The product set, with its sheet, when the known sheets have it.
fn check_product_set(
    value: Option<u32>,
    sheets: &KnownSheets,
    problems: &mut Vec<Problem>,
) -> Option<(u8, Arc<CriteriaSheet>)> {
    let n = required("product_set", value, problems)?;
    let found = u8::try_from(n)
        .ok()
        .and_then(|set| Some((set, sheets.sheets.get(&set)?.clone())));
    if found.is_none() {
        problems.push(Problem::UnknownProductSet {
            field: "product_set".into(),
            value: n,
            criteria: sheets.description.clone(),
            range: sheets.range(),
        });
    }
    found
}

fn check_product_code(code: Option<String>, problems: &mut Vec<Problem>) -> Option<String> {
    if let Some(code) = &code
        && !is_product_code(code)
    {
        problems.push(Problem::BadValue {
            field: "product_code".into(),
            value: code.clone(),
            expected: Expected::ProductCode,
        });
    }
    code
}

fn check_previous_star(star: Option<u32>, problems: &mut Vec<Problem>) -> Option<u32> {
    if let Some(star) = star
        && !(3..=5).contains(&star)
    {
        problems.push(Problem::BadValue {
            field: "previous_star".into(),
            value: star.to_string(),
            expected: Expected::CertifiedStar,
        });
    }
    star
}

/// An upgrade or a renewal names the certificate it builds on: each absent field
/// (`(field, absent)`) is a problem.
fn check_previous_certificate(
    registration_type: RegistrationType,
    fields: [(&str, bool); 3],
    problems: &mut Vec<Problem>,
) {
    if !registration_type.needs_previous_certificate() {
        return;
    }
    for (field, absent) in fields {
        if absent {
            problems.push(Problem::RequiredFor {
                field: field.into(),
                registration_type: registration_type.as_str().into(),
            });
        }
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
