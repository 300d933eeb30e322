//! The commune's assessment under QĐ 1489/QĐ-TTg (06/07/2025, two-level local
//! government): the commune People's Committee assesses four criteria of a
//! dossier itself (local origin of the product or its raw materials, origin of
//! the idea, local labour, local identity), reports them in a "Báo cáo đánh giá
//! của UBND cấp xã" and asks the province in writing to evaluate the product.
//!
//! Our reading (official-documents.md §4): whether the provincial council
//! re-scores these lines or takes the commune's finding is not stated, so the
//! finding is **evidence** shown beside the council's own scoring and never a
//! score the app fills in. Which sheet line each criterion is, per product set,
//! is data (`assets/criteria/qd1489-commune-criteria.json`, derived from the
//! embedded sheets by `tools/convert-qd148/commune_criteria.py`). Pure.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::criteria::{ChoiceId, CriteriaSheet, CriterionId};
use super::mean::Mean;

/// QĐ 1489/QĐ-TTg is in force from this day: rounds from then on expect a
/// commune report with each dossier; before it the district's role applied.
pub const QD1489_IN_FORCE: (i32, u32, u32) = (2025, 7, 6);

/// Whether a round held on `round_date` falls under QĐ 1489 (commune report expected).
pub fn commune_report_expected(round_date: NaiveDate) -> bool {
    let (y, m, d) = QD1489_IN_FORCE;
    NaiveDate::from_ymd_opt(y, m, d).is_some_and(|in_force| round_date >= in_force)
}

/// The four criteria the commune assesses, in the order QĐ 1489 lists them on the sheet.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum CommuneTopic {
    /// Nguồn gốc sản phẩm / nguồn nguyên liệu địa phương.
    LocalOrigin,
    /// Nguồn gốc ý tưởng sản phẩm.
    IdeaOrigin,
    /// Sử dụng lao động địa phương.
    LocalLabour,
    /// Trí tuệ / bản sắc địa phương.
    LocalIdentity,
}

impl CommuneTopic {
    pub const ALL: [Self; 4] = [
        Self::LocalOrigin,
        Self::IdeaOrigin,
        Self::LocalLabour,
        Self::LocalIdentity,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::LocalOrigin => "local-origin",
            Self::IdeaOrigin => "idea-origin",
            Self::LocalLabour => "local-labour",
            Self::LocalIdentity => "local-identity",
        }
    }

    pub fn label_vi(self) -> &'static str {
        match self {
            Self::LocalOrigin => "Nguồn gốc sản phẩm/nguyên liệu địa phương",
            Self::IdeaOrigin => "Nguồn gốc ý tưởng sản phẩm",
            Self::LocalLabour => "Sử dụng lao động địa phương",
            Self::LocalIdentity => "Bản sắc/trí tuệ địa phương",
        }
    }

    pub fn label_en(self) -> &'static str {
        match self {
            Self::LocalOrigin => "Local origin of the product / raw materials",
            Self::IdeaOrigin => "Origin of the product idea",
            Self::LocalLabour => "Use of local labour",
            Self::LocalIdentity => "Local identity / wisdom",
        }
    }
}

/// Where one of the four criteria is on a product set's sheet.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum CommuneLine {
    /// The sheet line, e.g. `A.1.a` "Nguồn nguyên liệu".
    Criterion {
        criterion: CriterionId,
        title_vi: String,
    },
    /// The sheet has no such line (set 26), and why.
    Absent {
        absent_vi: String,
        absent_en: String,
    },
}

impl CommuneLine {
    pub fn criterion(&self) -> Option<&CriterionId> {
        match self {
            Self::Criterion { criterion, .. } => Some(criterion),
            Self::Absent { .. } => None,
        }
    }
}

/// The four lines of one product set.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CommuneSetLines {
    pub product_set: u8,
    pub lines: BTreeMap<CommuneTopic, CommuneLine>,
}

impl CommuneSetLines {
    /// The topic a criterion of this set is, if it is one of the four.
    pub fn topic_of(&self, criterion: &CriterionId) -> Option<CommuneTopic> {
        self.lines
            .iter()
            .find(|(_, line)| line.criterion() == Some(criterion))
            .map(|(topic, _)| *topic)
    }

    /// The criterion ids that exist on this sheet, in topic order.
    pub fn criteria(&self) -> impl Iterator<Item = &CriterionId> {
        self.lines.values().filter_map(CommuneLine::criterion)
    }
}

/// The mapping file of one criteria set.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct CommuneCriteriaMap {
    pub format: String,
    pub criteria_set: String,
    pub instrument: String,
    pub reading: String,
    pub sets: Vec<CommuneSetLines>,
}

const EMBEDDED_MAP: &str = include_str!("../../assets/criteria/qd1489-commune-criteria.json");

fn embedded_maps() -> &'static [CommuneCriteriaMap] {
    static MAPS: OnceLock<Vec<CommuneCriteriaMap>> = OnceLock::new();
    MAPS.get_or_init(|| {
        // The embedded file is checked by a unit test; a broken build of it
        // leaves the mapping empty rather than stopping the app.
        serde_json::from_str::<CommuneCriteriaMap>(EMBEDDED_MAP)
            .map(|m| vec![m])
            .unwrap_or_default()
    })
}

/// The four lines of `product_set` in criteria set `criteria_set`; `None` for a
/// criteria set without a mapping (an external set): the commune's findings are
/// then checked only against the sheet.
pub fn commune_lines(criteria_set: &str, product_set: u8) -> Option<&'static CommuneSetLines> {
    embedded_maps()
        .iter()
        .find(|m| m.criteria_set == criteria_set)?
        .sets
        .iter()
        .find(|s| s.product_set == product_set)
}

/// The commune's finding on one criterion: the option it found, or free text, and a note.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CommuneFinding {
    pub criterion: CriterionId,
    /// The box the commune's finding corresponds to, when it said one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub option: Option<ChoiceId>,
    /// The finding in the report's words, e.g. "80% nguyên liệu trồng tại xã".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// The commune People's Committee's assessment report (Báo cáo đánh giá của UBND
/// cấp xã) and its request to the province. No national form was found, so the
/// fields are what any such report and letter carry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CommuneReport {
    /// The commune (UBND xã/phường/đặc khu), e.g. "Xã Hòa Tú".
    pub commune: String,
    /// E.g. "45/BC-UBND".
    pub report_number: String,
    /// ISO date, YYYY-MM-DD.
    pub report_date: String,
    /// The chair (or vice-chair) who signed the report.
    pub signed_by: String,
    /// The written request to the provincial People's Committee, e.g. "46/UBND-KT";
    /// it may cover several products and arrive separately.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub request_number: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub request_date: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub findings: Vec<CommuneFinding>,
}

impl CommuneReport {
    pub fn finding(&self, criterion: &CriterionId) -> Option<&CommuneFinding> {
        self.findings.iter().find(|f| &f.criterion == criterion)
    }

    /// "45/BC-UBND ngày 02/03/2026".
    pub fn reference_vi(&self) -> String {
        format!(
            "{} ngày {}",
            self.report_number,
            display_date(&self.report_date)
        )
    }
}

/// The minutes' sentence on a product's commune report: the facts only (which
/// report, who signed, the request), or that none came when one was expected.
pub fn minutes_sentence_vi(report: Option<&CommuneReport>, expected: bool) -> Option<String> {
    let Some(r) = report else {
        return expected.then(|| "Hồ sơ chưa có Báo cáo đánh giá của UBND cấp xã.".to_string());
    };
    let request = match (&r.request_number, &r.request_date) {
        (Some(n), Some(d)) => format!("; văn bản đề nghị số {n} ngày {}", display_date(d)),
        (Some(n), None) => format!("; văn bản đề nghị số {n}"),
        _ => String::new(),
    };
    Some(format!(
        "Báo cáo đánh giá của UBND {} số {} (người ký: {}){request}.",
        r.commune,
        r.reference_vi(),
        r.signed_by
    ))
}

/// One of the commune's findings beside the council's mean on that criterion.
#[derive(Debug, Clone, Serialize)]
pub struct CommuneComparison {
    pub criterion: CriterionId,
    /// Points of the option the commune found; `None` when it gave only words.
    pub commune_points: Option<u32>,
    pub commune_text: Option<String>,
    /// The mean of the counted members' points on this criterion.
    pub council_mean: Option<Mean>,
    /// The exact mean is not the commune's points (false when either is missing).
    pub differs: bool,
}

/// For the per-criterion view: each finding with the council's mean beside it,
/// from each counted member's points on the criterion (`None` = unanswered).
pub fn compare_with_council<'a>(
    report: &CommuneReport,
    sheet: &CriteriaSheet,
    points_by_criterion: impl Fn(&CriterionId) -> Vec<Option<u32>> + 'a,
) -> Vec<CommuneComparison> {
    report
        .findings
        .iter()
        .map(|f| {
            let commune_points = f
                .option
                .as_ref()
                .and_then(|o| sheet.criterion(&f.criterion).and_then(|c| c.points_of(o)));
            let given: Vec<u32> = points_by_criterion(&f.criterion)
                .into_iter()
                .flatten()
                .collect();
            let council_mean = Mean::new(
                given.iter().map(|p| u64::from(*p)).sum(),
                given.len() as u64,
            );
            let differs = match (commune_points, council_mean) {
                (Some(p), Some(m)) => m != Mean::new(u64::from(p), 1).unwrap_or(m),
                _ => false,
            };
            CommuneComparison {
                criterion: f.criterion.clone(),
                commune_points,
                commune_text: f.text.clone(),
                council_mean,
                differs,
            }
        })
        .collect()
}

/// `2026-03-02` → `02/03/2026`; anything else as is.
pub fn display_date(iso: &str) -> String {
    NaiveDate::parse_from_str(iso, "%Y-%m-%d")
        .map(|d| d.format("%d/%m/%Y").to_string())
        .unwrap_or_else(|_| iso.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::criteria::{Catalog, catalog::DEFAULT_CRITERIA_SET};

    #[test]
    fn the_embedded_mapping_parses_and_covers_the_26_sets_with_all_four_topics() {
        let map: CommuneCriteriaMap = serde_json::from_str(EMBEDDED_MAP).unwrap();
        assert_eq!(map.format, "ocop-commune-criteria/1");
        assert_eq!(map.criteria_set, DEFAULT_CRITERIA_SET);
        assert_eq!(map.sets.len(), 26);
        for (i, set) in map.sets.iter().enumerate() {
            assert_eq!(usize::from(set.product_set), i + 1);
            assert_eq!(
                set.lines.keys().copied().collect::<Vec<_>>(),
                CommuneTopic::ALL.to_vec()
            );
        }
    }

    #[test]
    fn every_mapped_id_exists_on_its_sheet_with_the_mapped_title() {
        let catalog = Catalog::embedded();
        let set = catalog.set(DEFAULT_CRITERIA_SET).unwrap();
        for number in 1..=26u8 {
            let lines = commune_lines(DEFAULT_CRITERIA_SET, number).unwrap();
            let sheet = &set.sheets[&number].sheet;
            for (topic, line) in &lines.lines {
                if let CommuneLine::Criterion {
                    criterion,
                    title_vi,
                } = line
                {
                    let on_sheet = sheet.criterion(criterion).unwrap_or_else(|| {
                        panic!("set {number}: {topic:?} {criterion} is not on the sheet")
                    });
                    assert_eq!(&on_sheet.title_vi, title_vi, "set {number} {criterion}");
                }
            }
        }
    }

    #[test]
    fn the_lines_per_set_are_those_the_issue_names_and_set_26_says_what_it_lacks() {
        let ids = |n: u8| -> Vec<Option<String>> {
            let lines = commune_lines(DEFAULT_CRITERIA_SET, n).unwrap();
            CommuneTopic::ALL
                .iter()
                .map(|t| lines.lines[t].criterion().map(|c| c.0.clone()))
                .collect()
        };
        let full = |a: &str| {
            vec![
                Some(a.to_string()),
                Some("A.2.a".into()),
                Some("A.3.c".into()),
                Some("B.5.b".into()),
            ]
        };
        for n in 1..=25 {
            assert_eq!(ids(n), full("A.1.a"), "set {n}");
        }
        assert_eq!(
            ids(26),
            vec![None, Some("A.2.a".into()), Some("A.3.c".into()), None]
        );
        let set5 = commune_lines(DEFAULT_CRITERIA_SET, 5).unwrap();
        assert!(matches!(
            &set5.lines[&CommuneTopic::LocalOrigin],
            CommuneLine::Criterion { title_vi, .. } if title_vi == "Nguồn nguyên liệu"
        ));
        let set26 = commune_lines(DEFAULT_CRITERIA_SET, 26).unwrap();
        assert!(matches!(
            &set26.lines[&CommuneTopic::LocalIdentity],
            CommuneLine::Absent { absent_vi, .. } if absent_vi.contains("B.5.b")
        ));
        assert_eq!(
            set26.topic_of(&CriterionId("A.3.c".into())),
            Some(CommuneTopic::LocalLabour)
        );
        assert_eq!(set26.topic_of(&CriterionId("B.5.b".into())), None);
        assert!(commune_lines("another-set", 1).is_none());
    }

    #[test]
    fn the_report_is_expected_from_the_day_qd1489_took_effect() {
        let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).unwrap();
        assert!(!commune_report_expected(d(2025, 7, 5)));
        assert!(commune_report_expected(d(2025, 7, 6)));
        assert!(commune_report_expected(d(2026, 3, 1)));
    }

    fn report() -> CommuneReport {
        CommuneReport {
            commune: "Xã Hòa Tú".into(),
            report_number: "45/BC-UBND".into(),
            report_date: "2026-02-26".into(),
            signed_by: "Nguyễn Văn Hai".into(),
            request_number: Some("46/UBND-KT".into()),
            request_date: Some("2026-02-27".into()),
            findings: vec![
                CommuneFinding {
                    criterion: CriterionId("A.1.a".into()),
                    option: Some(ChoiceId("A.1.a.3".into())),
                    text: None,
                    note: None,
                },
                CommuneFinding {
                    criterion: CriterionId("A.3.c".into()),
                    option: Some(ChoiceId("A.3.c.2".into())),
                    text: None,
                    note: None,
                },
                CommuneFinding {
                    criterion: CriterionId("B.5.b".into()),
                    option: None,
                    text: Some("câu chuyện riêng".into()),
                    note: None,
                },
            ],
        }
    }

    #[test]
    fn the_council_mean_is_compared_exactly_with_the_communes_points() {
        let catalog = Catalog::embedded();
        let sheet = &catalog.sheet(DEFAULT_CRITERIA_SET, 3).unwrap().sheet;
        let rows = compare_with_council(&report(), sheet, |c| match c.0.as_str() {
            "A.1.a" => vec![Some(5), Some(3), Some(5)],
            "A.3.c" => vec![Some(3), Some(3), None],
            _ => vec![Some(1)],
        });
        assert_eq!(rows[0].commune_points, Some(5));
        assert_eq!(rows[0].council_mean.unwrap().display_2dp(), "4.33");
        assert!(rows[0].differs);
        assert_eq!(rows[1].commune_points, Some(3));
        assert!(!rows[1].differs, "3 = 3, the unanswered sheet left out");
        assert_eq!(rows[2].commune_points, None);
        assert!(!rows[2].differs, "words only: nothing to compare");
    }

    #[test]
    fn the_minutes_state_the_report_or_its_absence() {
        assert_eq!(
            minutes_sentence_vi(Some(&report()), true).unwrap(),
            "Báo cáo đánh giá của UBND Xã Hòa Tú số 45/BC-UBND ngày 26/02/2026 (người ký: Nguyễn Văn Hai); văn bản đề nghị số 46/UBND-KT ngày 27/02/2026."
        );
        assert!(minutes_sentence_vi(None, true).unwrap().contains("chưa có"));
        assert_eq!(minutes_sentence_vi(None, false), None);
    }

    #[test]
    fn dates_display_the_vietnamese_way() {
        assert_eq!(display_date("2026-03-02"), "02/03/2026");
        assert_eq!(display_date("2/3/2026"), "2/3/2026");
    }
}
