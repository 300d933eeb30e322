//! Recusal, quorum and re-score through the store: the mean and quorum change as the
//! rules say, a recused member's sheet is locked, and a re-score keeps the previous
//! answers and clears the spread flag only within the threshold.

use crate::common::answers_totalling;
use crate::common::council::*;
use ocop_council::domain::council::ResultState;
use ocop_council::domain::criteria::CriterionId;
use ocop_council::domain::ids::MemberId;
use ocop_council::domain::round::RoundStatus;
use ocop_council::store::{AnswerChange, SheetStatus, VersionKind};

#[test]
fn recusal_changes_the_mean_and_the_quorum_and_locks_the_members_sheet() {
    let mut c = council(1);
    let p = c.products[0];
    // Declared during setup already (a conflict known in advance).
    c.store
        .record_recusal(p, c.m3, "Là thành viên HTX Ong mật 1", c.m3, &actor())
        .unwrap();
    c.store
        .advance_round(c.round, RoundStatus::Scoring, &actor())
        .unwrap();
    c.submit(p, c.chair, 80);
    c.submit(p, c.vice, 78);
    // Eligible 4 (m3 recused), 2 participants: 3 needed.
    let r = c.store.product_result(p).unwrap().result;
    assert_eq!(
        (r.quorum.eligible, r.quorum.required, r.quorum.participants),
        (4, 3, 2)
    );
    assert_eq!(r.state, ResultState::PendingQuorum);
    c.submit(p, c.m1, 70);
    let r = c.store.product_result(p).unwrap().result;
    assert_eq!(r.state, ResultState::Final);
    assert_eq!(r.mean.unwrap().exact(), "228/3");

    // The chair records m1's conflict: m1's 70 leaves the mean, and the quorum of the
    // remaining 3 eligible needs all 3.
    let err = c
        .store
        .record_recusal(p, c.m1, "Họ hàng chủ cơ sở", c.vice, &actor())
        .unwrap_err();
    assert!(
        err.to_string()
            .contains("declared by the member or recorded by the chair"),
        "{err}"
    );
    c.store
        .record_recusal(p, c.m1, "Họ hàng chủ cơ sở", c.chair, &actor())
        .unwrap();
    let r = c.store.product_result(p).unwrap().result;
    assert_eq!(r.mean.unwrap().exact(), "158/2");
    assert_eq!(
        (r.quorum.eligible, r.quorum.required, r.quorum.participants),
        (3, 3, 2)
    );
    assert_eq!(r.state, ResultState::PendingQuorum);
    // The stored results table follows (refreshed in the same transaction).
    let (sum, count, state): (i64, i64, String) = c
        .raw()
        .query_row(
            "SELECT mean_sum, mean_count, state FROM results WHERE product_id = ?1",
            [p.0],
            |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)),
        )
        .unwrap();
    assert_eq!((sum, count, state.as_str()), (158, 2, "pending-quorum"));

    // m1 can no longer touch that sheet; a second recusal is refused.
    let err = c
        .store
        .change_answer(
            p,
            c.m1,
            &CriterionId("A.1.a".into()),
            &AnswerChange::Comment("x".into()),
            &actor(),
        )
        .unwrap_err();
    assert!(err.to_string().contains("recused from product"), "{err}");
    assert!(
        c.store
            .record_recusal(p, c.m1, "lại", c.chair, &actor())
            .unwrap_err()
            .to_string()
            .contains("already recused")
    );
    c.submit(p, c.m2, 79);
    let r = c.store.product_result(p).unwrap().result;
    assert_eq!(r.state, ResultState::Final);
    assert_eq!(r.mean.unwrap().exact(), "237/3");

    // Listed for the minutes, with who recorded each.
    let list = c.store.recusals(c.round).unwrap();
    assert_eq!(list.len(), 2);
    assert_eq!(list[0].member_id, c.m1);
    assert_eq!(list[0].recorded_by, "Lâm Văn Chủ (chair)");
    assert!(!list[0].declared_by_member);
    assert_eq!(list[1].member_id, c.m3);
    assert!(list[1].declared_by_member);
    assert_eq!(list[1].reason, "Là thành viên HTX Ong mật 1");
    assert!(c.store.audit_log(c.round).unwrap().iter().any(|e| {
        e.action == "recusal.record"
            && e.new_value
                .as_deref()
                .unwrap()
                .contains("Họ hàng chủ cơ sở")
    }));
}

#[test]
fn quorum_without_the_chair_is_not_met() {
    let mut c = council(1);
    let p = c.products[0];
    c.store
        .advance_round(c.round, RoundStatus::Scoring, &actor())
        .unwrap();
    for (m, t) in [(c.vice, 80), (c.m1, 78), (c.m2, 76), (c.m3, 74)] {
        c.submit(p, m, t);
    }
    let r = c.store.product_result(p).unwrap().result;
    assert_eq!((r.quorum.participants, r.quorum.required), (4, 4));
    assert!(!r.quorum.chair_took_part);
    assert_eq!(r.state, ResultState::PendingQuorum);
    c.submit(p, c.chair, 80);
    assert_eq!(c.state(p), ResultState::Final);
}

#[test]
fn a_rescore_keeps_the_old_answers_and_clears_the_spread_only_within_ten_points() {
    let mut c = council(1);
    let p = c.products[0];
    c.store
        .advance_round(c.round, RoundStatus::Scoring, &actor())
        .unwrap();
    for (m, t) in [
        (c.chair, 80),
        (c.vice, 78),
        (c.m1, 76),
        (c.m2, 60),
        (c.m3, 75),
    ] {
        c.submit(p, m, t);
    }
    let r = c.store.product_result(p).unwrap().result;
    assert_eq!((r.spread_points, r.spread_flag), (Some(20), true));
    assert_eq!(r.state, ResultState::NeedsDiscussion);
    c.store
        .advance_round(c.round, RoundStatus::Deliberation, &actor())
        .unwrap();

    // The per-criterion view puts the disputed criteria first.
    let view = c.store.criterion_view(p).unwrap();
    assert_eq!(view.members.len(), 5);
    assert_eq!(view.totals, [80, 78, 76, 60, 75]);
    assert!(view.rows[0].spread_points > 0);
    assert!(
        view.rows
            .windows(2)
            .all(|w| w[0].spread_points >= w[1].spread_points)
    );
    assert!(view.rows.iter().all(|r| !r.title_vi.is_empty()));

    // Refusals, all at once: not the chair, no reason, a member without a sheet, a
    // stranger.
    let err = c
        .store
        .rescore(
            p,
            &[MemberId(999), c.secretary],
            Some(c.vice),
            " ",
            &actor(),
        )
        .unwrap_err();
    assert_eq!(
        refusal_lines(err),
        [
            "only the chair orders a re-score (Trịnh Thị Phó is vice-chair)".to_string(),
            "a re-score needs a reason".to_string(),
            format!("member {} has no sheet for product {p}", c.secretary),
            format!("member 999 is not on the council of round {}", c.round),
        ]
    );
    let reopened = c
        .store
        .rescore(
            p,
            &[c.m2],
            None,
            "Chênh lệch 20 điểm, hội đồng thảo luận",
            &actor(),
        )
        .unwrap();
    assert_eq!(reopened.len(), 1);
    assert_eq!(
        c.store.sheet(p, c.m2).unwrap().unwrap().status,
        SheetStatus::Draft
    );
    // While m2 re-scores, the other four agree (spread 5) and have their quorum, so
    // the product looks final; but the round cannot be finalized: the reopened sheet
    // is pending.
    assert_eq!(c.state(p), ResultState::Final);
    let err = c
        .store
        .finalize_round(c.round, &decision(), &actor())
        .unwrap_err();
    assert_eq!(
        refusal_lines(err),
        [format!(
            "sheet {} (product {p}, member {}) was reopened and is not submitted again",
            reopened[0], c.m2
        )]
    );

    // 65 is still 15 from 80: the flag stays.
    c.rescore_to(p, c.m2, 65);
    let r = c.store.product_result(p).unwrap().result;
    assert_eq!((r.spread_points, r.spread_flag), (Some(15), true));
    assert_eq!(r.state, ResultState::NeedsDiscussion);
    // Second round of discussion: 72 is within 10 of 80, so the flag clears.
    c.store
        .rescore(p, &[c.m2], None, "Thảo luận lần 2", &actor())
        .unwrap();
    c.rescore_to(p, c.m2, 72);
    let r = c.store.product_result(p).unwrap().result;
    assert_eq!((r.spread_points, r.spread_flag), (Some(8), false));
    assert_eq!(r.state, ResultState::Final);

    // Both earlier submissions are still readable, with their reasons.
    let versions = c.store.sheet_versions(p, c.m2).unwrap();
    assert_eq!(
        versions
            .iter()
            .map(|v| (v.version, v.total_points, v.kind, v.reason.as_str()))
            .collect::<Vec<_>>(),
        [
            (
                1,
                60,
                VersionKind::Rescore,
                "Chênh lệch 20 điểm, hội đồng thảo luận"
            ),
            (2, 65, VersionKind::Rescore, "Thảo luận lần 2"),
        ]
    );
    assert_eq!(versions[0].reopened_by, c.chair);
    let old_sum: u32 = versions[0].answers.iter().filter_map(|a| a.points).sum();
    assert_eq!(old_sum, 60, "the kept answers add up to the kept total");
    let sheet = c.store.round_sheet(c.round, SET).unwrap();
    let first = answers_totalling(&sheet, 60);
    assert!(
        versions[0]
            .answers
            .iter()
            .all(|a| first.choices.get(&a.criterion) == a.choice.as_ref())
    );
    let history = c.store.sheet_history(p).unwrap();
    let m2 = history.iter().find(|h| h.member.id == c.m2).unwrap();
    assert_eq!(m2.versions.len(), 2);
    assert_eq!(m2.current.total_points, 72);
    assert_eq!(m2.current.status, SheetStatus::Submitted);
    let current_sum: u32 = m2.current_answers.iter().filter_map(|a| a.points).sum();
    assert_eq!(current_sum, 72);
    // The re-scores are in the audit log, and the round now finalizes and verifies.
    let rescores = c
        .store
        .audit_log(c.round)
        .unwrap()
        .into_iter()
        .filter(|e| e.action == "sheet.rescore")
        .count();
    assert_eq!(rescores, 2);
    c.store
        .finalize_round(c.round, &decision(), &actor())
        .unwrap();
    let report = c.store.verify_round(c.round).unwrap();
    assert!(report.passed(), "{report:?}");
    // The history is append-only even before finalizing: raw edits are refused.
    let err = refused(&c.raw(), "UPDATE sheet_versions SET total_points = 80");
    assert!(err.contains("sheet versions are history"), "{err}");
}

#[test]
fn a_secretarys_correction_also_keeps_the_submitted_version() {
    let mut c = council(1);
    let p = c.products[0];
    c.store
        .advance_round(c.round, RoundStatus::Scoring, &actor())
        .unwrap();
    c.submit(p, c.m1, 70);
    c.store
        .reopen_sheet(p, c.m1, c.secretary, "Đánh nhầm ô A.1.a", &actor())
        .unwrap();
    let versions = c.store.sheet_versions(p, c.m1).unwrap();
    assert_eq!(versions.len(), 1);
    assert_eq!(versions[0].kind, VersionKind::Reopen);
    assert_eq!(versions[0].reopened_by, c.secretary);
    assert_eq!(c.store.pending_resubmissions(c.round).unwrap().len(), 1);
    c.rescore_to(p, c.m1, 71);
    assert!(c.store.pending_resubmissions(c.round).unwrap().is_empty());
}
