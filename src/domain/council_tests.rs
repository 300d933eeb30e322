//! Unit tests of the council rules: bands, caps, recusal, spread, quorum.

use std::collections::BTreeSet;

use super::council::*;
use super::criteria::{ChoiceId, CriteriaSheet, CriterionId};
use super::disqualify::{Disqualification, DisqualificationReason};
use super::ids::MemberId;
use super::member::Role;
use super::quorum::QuorumShare;
use super::round::RoundLevel;
use super::score::{self, SheetAnswers};
use super::testkit::marked_sheet;

/// Marked-criteria points of one member: (A.1.b, B.2.b, C.3.b).
#[derive(Clone, Copy)]
struct Marks(u32, u32, u32);

const FULL_MARKS: Marks = Marks(4, 2, 3);

fn position(points: u32, options: &[u32]) -> usize {
    options
        .iter()
        .position(|p| *p == points)
        .expect("valid points")
        + 1
}

/// Answers worth exactly `total`, with the marked criteria at `marks`.
fn answers(total: u32, marks: Marks) -> SheetAnswers {
    let mut rest = total - marks.0 - marks.1 - marks.2;
    let mut choices = std::collections::BTreeMap::new();
    for (id, cap) in [("A.1.a", 36), ("B.2.a", 23), ("C.3.a", 32)] {
        let p = rest.min(cap);
        rest -= p;
        choices.insert(CriterionId(id.into()), ChoiceId(format!("{id}.{}", p + 1)));
    }
    assert_eq!(rest, 0, "total {total} not reachable");
    let marked = [
        ("A.1.b", marks.0, &[0, 1, 2, 4][..]),
        ("B.2.b", marks.1, &[0, 2][..]),
        ("C.3.b", marks.2, &[0, 1, 3][..]),
    ];
    for (id, p, options) in marked {
        choices.insert(
            CriterionId(id.into()),
            ChoiceId(format!("{id}.{}", position(p, options))),
        );
    }
    SheetAnswers { choices }
}

fn counted(sheet: &CriteriaSheet, member: i64, total: u32, marks: Marks) -> CountedSheet {
    let a = answers(total, marks);
    let score = score::score(sheet, &a).expect("valid answers");
    assert_eq!(score.total, total);
    CountedSheet {
        member: MemberId(member),
        score,
    }
}

/// A council of 7: member 1 is the chair, 2 a vice-chair, 3..=7 members; 8 a
/// non-voting secretary.
fn council() -> Vec<Voter> {
    let mut v = vec![
        Voter {
            member: MemberId(1),
            role: Role::Chair,
            voting: true,
        },
        Voter {
            member: MemberId(2),
            role: Role::ViceChair,
            voting: true,
        },
    ];
    for id in 3..=7 {
        v.push(Voter {
            member: MemberId(id),
            role: Role::Member,
            voting: true,
        });
    }
    v.push(Voter {
        member: MemberId(8),
        role: Role::Secretary,
        voting: false,
    });
    v
}

struct Case {
    sheet: CriteriaSheet,
    members: Vec<Voter>,
    recused: BTreeSet<MemberId>,
    presiding: Option<MemberId>,
    sheets: Vec<CountedSheet>,
    disqualified: Option<Disqualification>,
    rules: CouncilRules,
    binding: bool,
}

impl Case {
    fn new(totals: &[u32]) -> Self {
        Self::with_marks(&totals.iter().map(|t| (*t, FULL_MARKS)).collect::<Vec<_>>())
    }

    fn with_marks(sheets: &[(u32, Marks)]) -> Self {
        let sheet = marked_sheet();
        let counted = sheets
            .iter()
            .enumerate()
            .map(|(i, (t, m))| counted(&sheet, i as i64 + 1, *t, *m))
            .collect();
        Self {
            sheet,
            members: council(),
            recused: BTreeSet::new(),
            presiding: None,
            sheets: counted,
            disqualified: None,
            rules: CouncilRules::default(),
            binding: true,
        }
    }

    fn result(&self) -> ProductResult {
        product_result(&ProductInput {
            level: RoundLevel::Provincial,
            sheet: &self.sheet,
            marks_binding: self.binding,
            rules: self.rules,
            members: &self.members,
            recused: &self.recused,
            presiding: self.presiding,
            submitted: &self.sheets,
            disqualified: self.disqualified.as_ref(),
        })
    }
}

#[test]
fn mean_of_totals_exactly_70_is_four_stars() {
    // 66 + 74 + 5 × 70 = 490 = 7 × 70.
    let r = Case::new(&[66, 74, 70, 70, 70, 70, 70]).result();
    assert_eq!(r.mean.unwrap().exact(), "490/7");
    assert_eq!(r.stars, 4);
    assert_eq!(r.state, ResultState::Final);
    assert!(r.certifiable);
    assert_eq!(r.certification, Certification::Province);
}

#[test]
fn one_point_short_of_70_over_seven_members_is_three_stars() {
    // 489/7 = 69.857…: 3★, and the display does not round it up to 69.86 → 70.
    let r = Case::new(&[65, 74, 70, 70, 70, 70, 70]).result();
    assert_eq!(r.stars, 3);
    assert_eq!(r.mean.unwrap().display_2dp(), "69.85");
}

#[test]
fn band_boundaries_as_exact_means() {
    use super::mean::Mean;
    use super::stars::band_for;
    let cases = [
        (2999, 1),
        (3000, 2),
        (4999, 2),
        (5000, 3),
        (6999, 3),
        (7000, 4),
        (8999, 4),
        (9000, 5),
        (10000, 5),
    ];
    for (hundredths, want) in cases {
        let mean = Mean::new(hundredths, 100).unwrap();
        assert_eq!(band_for(mean), want, "mean {}", mean.display_2dp());
    }
}

#[test]
fn bands_through_the_council_mean() {
    for (totals, want) in [
        (vec![50, 50, 49, 50, 50, 50, 50], 2), // 349/7 = 49.86
        (vec![50; 7], 3),
        (vec![90; 7], 5),
        (vec![89, 90, 90, 90, 90, 90, 90], 4), // 629/7 = 89.86
        (vec![29; 7], 1),
        (vec![30; 7], 2),
    ] {
        let r = Case::new(&totals).result();
        assert_eq!(r.outcome.as_ref().unwrap().band, want, "{totals:?}");
        assert_eq!(r.stars, want, "{totals:?}");
    }
}

#[test]
fn five_stars_is_recommended_upward_not_certified_by_the_province() {
    let r = Case::new(&[95; 7]).result();
    assert_eq!(r.stars, 5);
    assert!(r.certifiable);
    assert_eq!(r.certification, Certification::RecommendUpward);
}

#[test]
fn a_four_star_option_mark_caps_a_four_star_band_at_three() {
    // A.1.b's 2-point option is marked ★★★★. Four members give 1, three give 2:
    // mean 10/7 < 2 → capped at 3★ although the mean total is 75.
    let mut sheets = vec![(75, Marks(1, 2, 3)); 4];
    sheets.extend(vec![(75, Marks(2, 2, 3)); 3]);
    let r = Case::with_marks(&sheets).result();
    let outcome = r.outcome.as_ref().unwrap();
    assert_eq!(outcome.band, 4);
    assert_eq!(r.stars, 3);
    let deciding: Vec<_> = outcome.deciding_caps().collect();
    assert_eq!(deciding.len(), 1);
    assert_eq!(deciding[0].condition.criterion.0, "A.1.b");
    assert_eq!(deciding[0].condition.needed_points, 2);
    assert_eq!(deciding[0].got.exact(), "10/7");
    let text = outcome.explain_en().unwrap();
    assert!(
        text.contains("A.1.b") && text.contains("needs ≥ 2 for 4★") && text.contains("1.42"),
        "{text}"
    );
    assert!(
        outcome
            .explain_vi()
            .unwrap()
            .contains("cần ≥ 2 điểm để đạt 4 sao")
    );
}

#[test]
fn a_mean_exactly_at_the_marked_points_passes() {
    // Mean on A.1.b exactly 2 (all give 2): 4★ holds; 5★ would need 4.
    let r = Case::with_marks(&[(92, Marks(2, 2, 3)); 7]).result();
    let outcome = r.outcome.as_ref().unwrap();
    assert_eq!(outcome.band, 5);
    assert_eq!(r.stars, 4, "the ★★★★★ option (4 points) is not reached");
    assert_eq!(outcome.deciding_caps().next().unwrap().condition.level, 5);
}

#[test]
fn a_three_star_mark_can_drop_a_product_to_two_stars() {
    // C.3.b's 1-point option is ★★★: everyone gives 0 → 2★ although the band is 3★.
    let r = Case::with_marks(&[(60, Marks(4, 2, 0)); 7]).result();
    assert_eq!(r.outcome.as_ref().unwrap().band, 3);
    assert_eq!(r.stars, 2);
    assert!(!r.certifiable);
    assert_eq!(r.certification, Certification::None);
}

#[test]
fn a_criterion_level_mark_requires_its_lowest_nonzero_option() {
    // B.2.b carries ★★★ on the criterion; its lowest non-zero option is 2.
    // Three members give 2, four give 0: mean 6/7 < 2 → capped at 2★.
    let mut sheets = vec![(65, Marks(4, 0, 3)); 4];
    sheets.extend(vec![(65, Marks(4, 2, 3)); 3]);
    let r = Case::with_marks(&sheets).result();
    assert_eq!(r.stars, 2);
    let cap = r
        .outcome
        .as_ref()
        .unwrap()
        .deciding_caps()
        .next()
        .unwrap()
        .clone();
    assert_eq!(cap.condition.criterion.0, "B.2.b");
    assert_eq!(cap.condition.needed_points, 2);
    assert!(matches!(
        cap.condition.source,
        super::stars::MarkSource::Criterion
    ));
}

#[test]
fn advisory_marks_list_caps_but_do_not_lower_the_stars() {
    let mut case = Case::with_marks(&[(60, Marks(4, 2, 0)); 7]);
    case.binding = false;
    let r = case.result();
    assert_eq!(r.stars, 3);
    assert!(!r.outcome.as_ref().unwrap().caps.is_empty());
    assert!(r.outcome.as_ref().unwrap().explain_en().is_none());
}

#[test]
fn spread_over_ten_points_flags_the_product() {
    let r = Case::new(&[60, 71, 65, 65, 65, 65, 65]).result();
    assert_eq!(r.spread_points, Some(11));
    assert!(r.spread_flag);
    assert_eq!(r.state, ResultState::NeedsDiscussion);
    assert!(!r.certifiable);
    // Exactly 10 apart is allowed.
    let r = Case::new(&[60, 70, 65, 65, 65, 65, 65]).result();
    assert!(!r.spread_flag);
    assert_eq!(r.state, ResultState::Final);
}

#[test]
fn spread_threshold_is_configurable() {
    let mut case = Case::new(&[60, 67, 65, 65, 65, 65, 65]);
    case.rules.spread_threshold_points = 5;
    assert!(case.result().spread_flag);
}

#[test]
fn quorum_needs_three_quarters_including_the_chair() {
    // 7 voting members: 75% → 6 (5.25 rounded up).
    let r = Case::new(&[70; 6]).result();
    assert_eq!(r.quorum.required, 6);
    assert!(r.quorum.met);
    let r = Case::new(&[70; 5]).result();
    assert!(!r.quorum.met);
    assert_eq!(r.state, ResultState::PendingQuorum);
    assert!(!r.certifiable);
}

#[test]
fn quorum_without_the_chair_is_not_met() {
    // Members 2..=7 submit (6 of 7) but not the chair (member 1).
    let mut case = Case::new(&[70; 7]);
    case.sheets.remove(0);
    let r = case.result();
    assert_eq!(r.quorum.participants, 6);
    assert!(!r.quorum.chair_took_part);
    assert!(!r.quorum.met);
    assert_eq!(r.state, ResultState::PendingQuorum);
    // Unless the council's rules do not require the chair.
    case.rules.quorum_requires_chair = false;
    assert!(case.result().quorum.met);
}

#[test]
fn recused_member_is_excluded_from_mean_and_quorum() {
    // Member 3 scored 40 but is recused: mean of the other six is 70.
    let mut case = Case::new(&[70, 70, 40, 70, 70, 70, 70]);
    case.recused.insert(MemberId(3));
    let r = case.result();
    assert_eq!(r.quorum.eligible, 6);
    assert_eq!(r.quorum.participants, 6);
    assert_eq!(r.mean.unwrap().exact(), "420/6");
    assert_eq!(r.stars, 4);
    assert!(
        !r.spread_flag,
        "the recused 40 does not count toward the spread"
    );
    assert!(r.member_totals.iter().all(|t| t.member != MemberId(3)));
}

#[test]
fn recusal_lowers_the_quorum_requirement() {
    // 5 of 7 submit: not enough. With two non-submitters recused, 5 of 5 is.
    let mut case = Case::new(&[70; 5]);
    assert!(!case.result().quorum.met);
    case.recused.extend([MemberId(6), MemberId(7)]);
    let r = case.result();
    assert_eq!(r.quorum.eligible, 5);
    assert!(r.quorum.met);
}

#[test]
fn a_recused_chair_is_stood_in_for_by_a_vice_chair() {
    let mut case = Case::new(&[70; 7]);
    case.recused.insert(MemberId(1));
    assert!(case.result().quorum.met);
    // Without the vice-chair's sheet, the quorum's chair condition fails.
    case.sheets.retain(|s| s.member != MemberId(2));
    let r = case.result();
    assert!(!r.quorum.chair_took_part);
    assert!(!r.quorum.met);
}

#[test]
fn a_fractional_quorum_is_compared_exactly() {
    // 7 voting members, 2/3 → 5 (4.67 rounded up); 3/4 → 6, as 75% is.
    let mut case = Case::new(&[70; 5]);
    case.rules.quorum = QuorumShare::parse("2/3").unwrap();
    let r = case.result();
    assert_eq!(r.quorum.required, 5);
    assert!(r.quorum.met);
    case.sheets.pop();
    assert!(!case.result().quorum.met);
    let mut case = Case::new(&[70; 5]);
    case.rules.quorum = QuorumShare::parse("3/4").unwrap();
    assert_eq!(case.result().quorum.required, 6);
    assert!(!case.result().quorum.met);
}

#[test]
fn a_recused_chair_without_a_vice_chair_is_stood_in_for_by_the_presiding_member() {
    let mut case = Case::new(&[70; 7]);
    // No vice-chair on this council: member 2 is an ordinary member.
    case.members[1].role = Role::Member;
    case.recused.insert(MemberId(1));
    let r = case.result();
    assert!(!r.quorum.chair_took_part, "nobody stands in yet");
    assert_eq!(r.state, ResultState::PendingQuorum);
    // The council names member 3 to preside: their sheet counts as the chair's.
    case.presiding = Some(MemberId(3));
    let r = case.result();
    assert!(r.quorum.chair_took_part);
    assert_eq!(r.state, ResultState::Final);
    // A presiding member who has not submitted does not meet the condition.
    case.sheets.retain(|s| s.member != MemberId(3));
    assert!(!case.result().quorum.chair_took_part);
    // Nor does a recused one.
    let mut case = Case::new(&[70; 7]);
    case.members[1].role = Role::Member;
    case.recused.extend([MemberId(1), MemberId(3)]);
    case.presiding = Some(MemberId(3));
    assert!(!case.result().quorum.chair_took_part);
}

#[test]
fn non_voting_sheets_do_not_count() {
    let mut case = Case::new(&[70; 7]);
    let sheet = marked_sheet();
    case.sheets.push(counted(&sheet, 8, 20, FULL_MARKS));
    let r = case.result();
    assert_eq!(r.member_totals.len(), 7);
    assert_eq!(r.mean.unwrap().exact(), "490/7");
}

#[test]
fn disqualified_product_gets_no_star() {
    let mut case = Case::new(&[85; 7]);
    case.disqualified = Some(Disqualification {
        reason: DisqualificationReason::FoodSafetyCertificate,
        note: "Giấy chứng nhận ATTP hết hạn".into(),
    });
    let r = case.result();
    assert_eq!(r.stars, 0);
    assert_eq!(r.state, ResultState::Disqualified);
    assert!(!r.certifiable);
    assert_eq!(
        r.outcome.as_ref().unwrap().band,
        4,
        "the band is still shown"
    );
}

#[test]
fn no_sheets_means_not_scored() {
    let r = Case::new(&[]).result();
    assert_eq!(r.state, ResultState::NotScored);
    assert_eq!(r.stars, 0);
    assert!(r.mean.is_none());
}

#[test]
fn certification_depends_on_the_rounds_level() {
    use RoundLevel::{Central, Provincial};
    assert_eq!(
        Certification::for_level(Provincial, true, 3),
        Certification::Province
    );
    assert_eq!(
        Certification::for_level(Provincial, true, 4),
        Certification::Province
    );
    assert_eq!(
        Certification::for_level(Provincial, true, 5),
        Certification::RecommendUpward
    );
    // The central council certifies 5★ itself and proposes nothing further.
    assert_eq!(
        Certification::for_level(Central, true, 5),
        Certification::Ministry
    );
    assert_eq!(
        Certification::for_level(Central, true, 4),
        Certification::None
    );
    assert_eq!(
        Certification::for_level(Central, false, 5),
        Certification::None
    );
    assert!(Certification::Ministry.certified_here());
    assert!(!Certification::RecommendUpward.certified_here());
}

#[test]
fn rules_read_old_packages_and_write_a_percent_as_before() {
    let old = r#"{"spread_threshold_points":10,"quorum_percent":75,"quorum_requires_chair":true}"#;
    let rules: CouncilRules = serde_json::from_str(old).unwrap();
    assert_eq!(rules, CouncilRules::default());
    assert_eq!(
        serde_json::to_string(&rules).unwrap(),
        old,
        "byte-identical"
    );
    let mut two_thirds = rules;
    two_thirds.quorum = QuorumShare::parse("2/3").unwrap();
    let json = serde_json::to_string(&two_thirds).unwrap();
    assert_eq!(
        json,
        r#"{"spread_threshold_points":10,"quorum":"2/3","quorum_requires_chair":true}"#
    );
    assert_eq!(
        serde_json::from_str::<CouncilRules>(&json).unwrap(),
        two_thirds
    );
    for bad in [
        r#"{"spread_threshold_points":10,"quorum_requires_chair":true}"#,
        r#"{"spread_threshold_points":10,"quorum_percent":75,"quorum":"3/4","quorum_requires_chair":true}"#,
        r#"{"spread_threshold_points":10,"quorum_percent":0,"quorum_requires_chair":true}"#,
        r#"{"spread_threshold_points":10,"quorum":"5/4","quorum_requires_chair":true}"#,
    ] {
        assert!(serde_json::from_str::<CouncilRules>(bad).is_err(), "{bad}");
    }
}
