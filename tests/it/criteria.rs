//! The embedded QĐ 148 sheets and external criteria files.

use ocop_council::domain::criteria::validate::{arithmetic_issues, structural_issues};
use ocop_council::domain::criteria::{Catalog, TranscriptionStatus, catalog::DEFAULT_CRITERIA_SET};

#[test]
fn all_26_embedded_sets_load_and_are_consistent_or_marked_unverified() {
    let catalog = Catalog::embedded();
    assert!(catalog.errors().is_empty(), "{:?}", catalog.errors());
    let set = catalog.set(DEFAULT_CRITERIA_SET).expect("QĐ 148 set");
    assert_eq!(set.sheets.len(), 26);
    let mut unverified = Vec::new();
    for (number, loaded) in &set.sheets {
        let sheet = &loaded.sheet;
        assert_eq!(sheet.product_set.number, *number);
        assert!(structural_issues(sheet).is_empty(), "set {number}");
        let parts: Vec<(&str, u32)> = sheet
            .parts
            .iter()
            .map(|p| (p.code.as_str(), p.max_points))
            .collect();
        assert_eq!(parts, [("A", 40), ("B", 25), ("C", 35)], "set {number}");
        match loaded.status() {
            TranscriptionStatus::Consistent | TranscriptionStatus::Corrected => {
                assert!(loaded.warnings.is_empty(), "set {number}");
                assert!(arithmetic_issues(sheet).is_empty(), "set {number}");
                let best: u32 = sheet.criteria().map(|(_, _, c)| c.best_points()).sum();
                assert_eq!(best, 100, "set {number}: the best answers must total 100");
            }
            TranscriptionStatus::Unverified => {
                assert!(!loaded.warnings.is_empty(), "set {number} says why");
                unverified.push(*number);
            }
        }
        if loaded.status() == TranscriptionStatus::Corrected {
            assert!(!sheet.transcription.corrections.is_empty(), "set {number}");
        }
        // Every criterion has options and English glosses exist for parts and sections.
        for part in &sheet.parts {
            assert!(!part.title_en.is_empty());
            for section in &part.sections {
                assert!(!section.title_en.is_empty(), "{}", section.id);
            }
        }
    }
    // The known transcription defects that the evidence could not settle.
    assert_eq!(unverified, [7, 11, 12, 13]);
}

#[test]
fn vietnamese_wording_is_kept_in_nfc_with_star_marks_lifted() {
    use unicode_normalization::UnicodeNormalization;
    let catalog = Catalog::embedded();
    let sheet = &catalog.sheet(DEFAULT_CRITERIA_SET, 1).unwrap().sheet;
    let c = sheet
        .criterion(&ocop_council::domain::criteria::CriterionId("A.1.d".into()))
        .unwrap();
    assert_eq!(c.title_vi, "Liên kết sản xuất");
    let marked = &c.options[2];
    assert_eq!(marked.star_mark, Some(4));
    assert_eq!(marked.points, 2);
    assert!(!marked.label_vi.contains('*') && !marked.label_vi.contains('□'));
    for (_, _, c) in sheet.criteria() {
        for o in &c.options {
            assert_eq!(o.label_vi, o.label_vi.nfc().collect::<String>());
        }
    }
    // The criterion-level mark on intellectual property.
    let ip = sheet
        .criterion(&ocop_council::domain::criteria::CriterionId("A.3.e".into()))
        .unwrap();
    assert_eq!(ip.star_mark, Some(4));
}

fn set_one_json() -> serde_json::Value {
    let catalog = Catalog::embedded();
    serde_json::to_value(&catalog.sheet(DEFAULT_CRITERIA_SET, 1).unwrap().sheet).unwrap()
}

#[test]
fn a_new_criteria_set_in_the_data_folder_loads_beside_the_embedded_ones() {
    let dir = tempfile::tempdir().unwrap();
    let mut sheet = set_one_json();
    sheet["criteria_set"]["id"] = "qd26-2026".into();
    sheet["criteria_set"]["instrument_short"] = "26/2026/QĐ-TTg".into();
    std::fs::create_dir_all(dir.path().join("qd26")).unwrap();
    std::fs::write(
        dir.path().join("qd26/set-01.json"),
        serde_json::to_string_pretty(&sheet).unwrap(),
    )
    .unwrap();
    let catalog = Catalog::load(Some(dir.path()));
    assert!(catalog.errors().is_empty(), "{:?}", catalog.errors());
    assert_eq!(catalog.sets().len(), 2);
    assert!(catalog.sheet("qd26-2026", 1).is_some());
    assert_eq!(catalog.set(DEFAULT_CRITERIA_SET).unwrap().sheets.len(), 26);
}

#[test]
fn a_malformed_external_file_is_rejected_with_file_line_and_problem() {
    let dir = tempfile::tempdir().unwrap();
    // A syntax error on line 3.
    std::fs::write(
        dir.path().join("broken.json"),
        "{\n  \"format\": \"ocop-criteria-sheet/1\",\n  \"criteria_set\": [,\n}",
    )
    .unwrap();
    // Well-formed JSON, wrong type deep inside.
    let mut wrong_type = set_one_json();
    wrong_type["criteria_set"]["id"] = "other-2026".into();
    wrong_type["parts"][1]["sections"][0]["max_points"] = "mười ba".into();
    std::fs::write(
        dir.path().join("wrong-type.json"),
        serde_json::to_string_pretty(&wrong_type).unwrap(),
    )
    .unwrap();
    // Claims to be consistent but a criterion's maximum was bent.
    let mut bent = set_one_json();
    bent["criteria_set"]["id"] = "bent-2026".into();
    bent["parts"][0]["sections"][0]["criteria"][0]["max_points"] = 6.into();
    std::fs::write(
        dir.path().join("bent.json"),
        serde_json::to_string(&bent).unwrap(),
    )
    .unwrap();
    // Not UTF-8.
    std::fs::write(dir.path().join("latin1.json"), b"{\"format\": \"caf\xe9\"}").unwrap();

    let catalog = Catalog::load(Some(dir.path()));
    let errors: Vec<String> = catalog.errors().iter().map(ToString::to_string).collect();
    assert_eq!(errors.len(), 4, "{errors:#?}");
    let find = |name: &str| {
        errors
            .iter()
            .find(|e| e.contains(name))
            .unwrap_or_else(|| panic!("no error for {name}: {errors:#?}"))
    };
    assert!(find("broken.json").contains("line 3"), "{errors:#?}");
    let wrong = find("wrong-type.json");
    assert!(
        wrong.contains("parts[1].sections[0].max_points") && wrong.contains("invalid type"),
        "{wrong}"
    );
    let bent = find("bent.json");
    assert!(
        bent.contains("A.1.a") && bent.contains("declared maximum 6"),
        "{bent}"
    );
    assert!(find("latin1.json").contains("not UTF-8"));
    // The app keeps working with the embedded sets.
    assert_eq!(catalog.set(DEFAULT_CRITERIA_SET).unwrap().sheets.len(), 26);
}

#[test]
fn an_unverified_external_file_loads_with_its_warnings() {
    let dir = tempfile::tempdir().unwrap();
    let mut sheet = set_one_json();
    sheet["criteria_set"]["id"] = "draft-2026".into();
    sheet["transcription"]["status"] = "unverified".into();
    sheet["parts"][0]["sections"][0]["criteria"][0]["max_points"] = 6.into();
    std::fs::write(dir.path().join("draft.json"), sheet.to_string()).unwrap();
    let catalog = Catalog::load(Some(dir.path()));
    assert!(catalog.errors().is_empty());
    let loaded = catalog.sheet("draft-2026", 1).unwrap();
    assert_eq!(loaded.status(), TranscriptionStatus::Unverified);
    assert!(loaded.warnings.iter().any(|w| w.path == "A.1.a"));
}

#[test]
fn an_external_file_cannot_replace_an_embedded_sheet() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("dup.json"), set_one_json().to_string()).unwrap();
    let catalog = Catalog::load(Some(dir.path()));
    assert_eq!(catalog.errors().len(), 1);
    assert!(
        catalog.errors()[0]
            .to_string()
            .contains("already has product set 1")
    );
}
