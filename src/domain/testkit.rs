//! Small synthetic sheets for unit tests: exact totals are easy to hit.

use super::criteria::*;

fn choice(criterion: &str, position: usize, points: u32, star_mark: Option<u8>) -> Choice {
    Choice {
        id: ChoiceId(format!("{criterion}.{position}")),
        label_vi: format!("{points} điểm"),
        points,
        star_mark,
    }
}

/// A criterion whose options are `points` in order, with optional marks.
pub fn criterion(
    id: &str,
    letter: &str,
    points: &[(u32, Option<u8>)],
    mark: Option<u8>,
) -> Criterion {
    Criterion {
        id: CriterionId(id.into()),
        letter: letter.into(),
        title_vi: format!("Tiêu chí {id}"),
        title_en: None,
        max_points: points.iter().map(|p| p.0).max(),
        star_mark: mark,
        notes: vec![],
        options: points
            .iter()
            .enumerate()
            .map(|(i, (p, m))| choice(id, i + 1, *p, *m))
            .collect(),
    }
}

/// 0..=max in steps of one, unmarked.
pub fn range(max: u32) -> Vec<(u32, Option<u8>)> {
    (0..=max).map(|p| (p, None)).collect()
}

fn section(part: &str, number: u32, criteria: Vec<Criterion>) -> Section {
    Section {
        id: format!("{part}.{number}"),
        number,
        title_vi: format!("Mục {number}"),
        title_en: format!("Section {number}"),
        max_points: criteria.iter().map(Criterion::best_points).sum(),
        notes: vec![],
        criteria,
    }
}

fn part(code: &str, sections: Vec<Section>) -> Part {
    Part {
        code: code.into(),
        title_vi: format!("Phần {code}"),
        title_en: format!("Part {code}"),
        max_points: sections.iter().map(|s| s.max_points).sum(),
        sections,
    }
}

/// A consistent 100-point sheet:
/// - A.1.a 0..=36 free; A.1.b [0, 1, 2 ★★★★(4), 4 ★★★★★(5)] → A = 40
/// - B.2.a 0..=23 free; B.2.b criterion-level ★★★ with options [0, 2] → B = 25
/// - C.3.a 0..=32 free; C.3.b [0, 1 ★★★(3), 3] → C = 35
pub fn marked_sheet() -> CriteriaSheet {
    CriteriaSheet {
        format: SHEET_FORMAT.into(),
        criteria_set: CriteriaSetInfo {
            id: "test-set".into(),
            instrument_vi: "Quyết định thử".into(),
            instrument_short: "QĐ thử".into(),
            issued: "2023-02-24".into(),
        },
        product_set: ProductSetInfo {
            number: 1,
            name_vi: "Bộ thử".into(),
            name_en: "Test set".into(),
            group_vi: "Thực phẩm".into(),
            group_en: "Food".into(),
            subgroup_vi: None,
            ministry_vi: "Bộ thử".into(),
        },
        transcription: Transcription {
            status: TranscriptionStatus::Consistent,
            source: "test".into(),
            notes: vec![],
            corrections: vec![],
        },
        star_marks_binding: true,
        parts: vec![
            part(
                "A",
                vec![section(
                    "A",
                    1,
                    vec![
                        criterion("A.1.a", "a", &range(36), None),
                        criterion(
                            "A.1.b",
                            "b",
                            &[(0, None), (1, None), (2, Some(4)), (4, Some(5))],
                            None,
                        ),
                    ],
                )],
            ),
            part(
                "B",
                vec![section(
                    "B",
                    2,
                    vec![
                        criterion("B.2.a", "a", &range(23), None),
                        criterion("B.2.b", "b", &[(0, None), (2, None)], Some(3)),
                    ],
                )],
            ),
            part(
                "C",
                vec![section(
                    "C",
                    3,
                    vec![
                        criterion("C.3.a", "a", &range(32), None),
                        criterion("C.3.b", "b", &[(0, None), (1, Some(3)), (3, None)], None),
                    ],
                )],
            ),
        ],
    }
}
