//! The manifest's parsing, checks and writing, on samples.

use super::*;
use crate::domain::criteria::{Catalog, catalog::DEFAULT_CRITERIA_SET};
use crate::domain::refusal::Expected;

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
    assert!(
        lines(parse_value(&v).unwrap_err())[0]
            .contains("product_set 27 is not a product set of criteria set qd148-2023 (sets 1–26)")
    );
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
