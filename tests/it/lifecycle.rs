//! The round's lifecycle through the store on a temp data folder: what each state
//! allows, finalizing and reopening, immutability through the store API and through
//! raw SQL on the same file, and what verify detects.

use crate::common::answers_totalling;
use crate::common::as_member;
use crate::common::council::*;
use ocop_council::domain::criteria::{Catalog, CriterionId, catalog::DEFAULT_CRITERIA_SET};
use ocop_council::domain::disqualify::{Disqualification, DisqualificationReason};
use ocop_council::domain::member::Role;
use ocop_council::domain::round::RoundStatus;
use ocop_council::store::{
    AnswerChange, NewProduct, NewRound, ProducerFacts, SheetWrite, Store, StoreError,
};

#[test]
fn each_state_allows_only_its_own_writes() {
    let mut c = council(2);
    let p = c.products[0];
    let a1 = CriterionId("A.1.a".into());
    let choose = |c: &mut Council| {
        c.store.change_answer(
            p,
            c.m1,
            &a1,
            &AnswerChange::Choice(Some(ocop_council::domain::criteria::ChoiceId(
                "A.1.a.1".into(),
            ))),
            &as_member(c.m1),
        )
    };

    // Setup: the council and the products change; no sheet yet.
    not_in_state(choose(&mut c).unwrap_err(), RoundStatus::Setup);
    let err = c
        .store
        .advance_round(c.round, RoundStatus::Deliberation, &as_member(c.chair))
        .unwrap_err();
    assert_eq!(
        refusal_lines(err),
        ["a round cannot go from setup to deliberation (from setup it can go to: scoring)"]
    );
    c.store
        .advance_round(c.round, RoundStatus::Scoring, &as_member(c.chair))
        .unwrap();

    // Scoring: sheets, but no new member or product, no re-score yet.
    let err = c
        .store
        .add_member(c.round, "Muộn", Role::Member, true, &actor())
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        format!(
            "round {} is scoring: changing the council is not allowed (scoring has started)",
            c.round
        )
    );
    let late = NewProduct {
        name: "Nộp muộn".into(),
        product_set: SET,
        product_code: None,
        producer: ProducerFacts {
            name: "HTX Muộn".into(),
            ..Default::default()
        },
    };
    not_in_state(
        c.store.add_product(c.round, &late, &actor()).unwrap_err(),
        RoundStatus::Scoring,
    );
    choose(&mut c).unwrap();
    not_in_state(
        c.store
            .rescore(p, &[c.m1], "chênh lệch", &as_member(c.chair))
            .unwrap_err(),
        RoundStatus::Scoring,
    );
    // A sheet exists now, so the round cannot go back to setup.
    let err = c
        .store
        .advance_round(c.round, RoundStatus::Setup, &as_member(c.chair))
        .unwrap_err();
    assert_eq!(
        refusal_lines(err),
        ["1 sheet(s) already exist: the round cannot go back to setup"]
    );
    // A plain advance never finalizes.
    c.store
        .advance_round(c.round, RoundStatus::Deliberation, &as_member(c.chair))
        .unwrap();
    let err = c
        .store
        .advance_round(c.round, RoundStatus::Finalized, &as_member(c.chair))
        .unwrap_err();
    assert!(refusal_lines(err)[0].contains("use `round finalize`"));
    // Deliberation → scoring and back is allowed (more sheets to collect).
    c.store
        .advance_round(c.round, RoundStatus::Scoring, &as_member(c.chair))
        .unwrap();
    c.store
        .advance_round(c.round, RoundStatus::Deliberation, &as_member(c.chair))
        .unwrap();
    // Every state change is in the audit log as old → new.
    let changes: Vec<(String, String)> = c
        .store
        .audit_log(c.round)
        .unwrap()
        .into_iter()
        .filter(|e| e.action == "round.state")
        .map(|e| (e.old_value.unwrap(), e.new_value.unwrap()))
        .collect();
    let changes: Vec<(&str, &str)> = changes
        .iter()
        .map(|(a, b)| (a.as_str(), b.as_str()))
        .collect();
    assert_eq!(
        changes,
        [
            ("setup", "scoring"),
            ("scoring", "deliberation"),
            ("deliberation", "scoring"),
            ("scoring", "deliberation")
        ]
    );
}

#[test]
fn finalizing_lists_what_is_unsettled_then_freezes_the_round_until_the_chair_reopens_it() {
    let mut c = council(3);
    c.store
        .advance_round(c.round, RoundStatus::Scoring, &as_member(c.chair))
        .unwrap();
    let [p1, p2, p3] = [c.products[0], c.products[1], c.products[2]];
    for (m, t) in [(c.chair, 80), (c.vice, 78), (c.m1, 76), (c.m2, 74)] {
        c.submit(p1, m, t);
    }
    // p2: a spread of 20 points; p3: only two sheets.
    for (m, t) in [(c.chair, 80), (c.vice, 78), (c.m1, 76), (c.m2, 60)] {
        c.submit(p2, m, t);
    }
    c.submit(p3, c.chair, 70);
    c.submit(p3, c.vice, 70);
    c.store
        .advance_round(c.round, RoundStatus::Deliberation, &as_member(c.chair))
        .unwrap();
    let err = c
        .store
        .finalize_round(c.round, &decision(), &as_member(c.chair))
        .unwrap_err();
    assert_eq!(
        refusal_lines(err),
        [
            format!(
                "product {p2} (Mật ong hoa nhãn số 2) is not settled: needs discussion / re-score"
            ),
            format!("product {p3} (Mật ong hoa nhãn số 3) is not settled: pending quorum"),
        ]
    );
    assert_eq!(c.status(), RoundStatus::Deliberation);
    // Settle them: p2 disqualified (a hard condition), p3 gets its quorum.
    c.store
        .set_disqualification(
            p2,
            Some(&Disqualification {
                reason: DisqualificationReason::Labelling,
                note: "Nhãn thiếu hạn sử dụng".into(),
            }),
            &as_member(c.chair),
        )
        .unwrap();
    c.submit(p3, c.m1, 70);
    c.submit(p3, c.m2, 70);
    let seal = c
        .store
        .finalize_round(c.round, &decision(), &as_member(c.chair))
        .unwrap();
    assert!(seal.starts_with("sha256:"));
    let row = c.store.round(c.round).unwrap();
    assert_eq!(row.status, RoundStatus::Finalized);
    assert_eq!(row.decision_no.as_deref(), Some("1234/QĐ-UBND"));
    assert_eq!(row.decision_date.as_deref(), Some("2026-06-30"));

    // Every write through the store API is refused.
    let a = CriterionId("A.1.a".into());
    let writes: Vec<(&str, StoreError)> = vec![
        (
            "answer",
            c.store
                .change_answer(
                    p1,
                    c.m3,
                    &a,
                    &AnswerChange::Comment("x".into()),
                    &as_member(c.m3),
                )
                .unwrap_err(),
        ),
        (
            "reopen sheet",
            c.store
                .reopen_sheet(p1, c.m1, "sai", &as_member(c.chair))
                .unwrap_err(),
        ),
        (
            "recusal",
            c.store
                .record_recusal(p1, c.m3, "người nhà", &as_member(c.m3))
                .unwrap_err(),
        ),
        (
            "disqualify",
            c.store
                .set_disqualification(p2, None, &as_member(c.chair))
                .unwrap_err(),
        ),
        (
            "member",
            c.store
                .add_member(c.round, "X", Role::Member, true, &actor())
                .unwrap_err(),
        ),
        (
            "re-score",
            c.store
                .rescore(p1, &[c.m1], "x", &as_member(c.chair))
                .unwrap_err(),
        ),
    ];
    for (what, err) in writes {
        assert!(
            matches!(
                err,
                StoreError::NotInState {
                    status: RoundStatus::Finalized,
                    ..
                }
            ),
            "{what}: {err}"
        );
        assert!(
            err.to_string().contains("finalized and immutable"),
            "{what}: {err}"
        );
    }
    let sheet = c.store.round_sheet(c.round, SET).unwrap();
    let problems = c
        .store
        .check_sheet_write(&SheetWrite {
            round: c.round,
            product: p1,
            member: c.m3,
            answers: answers_totalling(&sheet, 50),
            comments: Default::default(),
            submitted: true,
        })
        .unwrap();
    assert!(
        problems[0].to_string().contains("is finalized"),
        "{problems:?}"
    );

    // Reopening: the chair or the secretary (README: who may do what), with a reason.
    let err = c
        .store
        .reopen_round(c.round, "sai sót", &as_member(c.m1))
        .unwrap_err();
    assert!(
        err.to_string().contains(
            "member 3 (member) may not reopen a finalized round: only the chair, or the secretary may"
        ),
        "{err}"
    );
    let err = c
        .store
        .reopen_round(c.round, " ", &as_member(c.chair))
        .unwrap_err();
    assert_eq!(
        refusal_lines(err),
        ["reopening a finalized round needs a reason"]
    );
    let by = c
        .store
        .reopen_round(
            c.round,
            "Sai tên sản phẩm trong quyết định",
            &as_member(c.chair),
        )
        .unwrap();
    assert_eq!(by, c.chair);
    let row = c.store.round(c.round).unwrap();
    assert_eq!(row.status, RoundStatus::Deliberation);
    assert_eq!(
        row.decision_no, None,
        "the decision is void until re-approved"
    );
    let log = c.store.audit_log(c.round).unwrap();
    let reopen = log.iter().rfind(|e| e.action == "round.reopen").unwrap();
    assert!(
        reopen
            .old_value
            .as_deref()
            .unwrap()
            .contains("1234/QĐ-UBND")
    );
    assert!(
        reopen
            .new_value
            .as_deref()
            .unwrap()
            .contains("Sai tên sản phẩm trong quyết định (by chair Lâm Văn Chủ")
    );
    let last = log.last().unwrap();
    assert_eq!(
        (
            last.action.as_str(),
            last.old_value.as_deref(),
            last.new_value.as_deref()
        ),
        ("round.state", Some("finalized"), Some("deliberation"))
    );
    // Writable again; finalize again; then certificates, after which nothing reopens.
    c.store
        .record_recusal(p1, c.m3, "Người nhà làm ở HTX", &as_member(c.m3))
        .unwrap();
    c.store
        .finalize_round(c.round, &decision(), &as_member(c.chair))
        .unwrap();
    let issued = c
        .store
        .issue_certificates(
            c.round,
            &crate::certificates::issuer("UBND tỉnh Sóc Trăng"),
            None,
            &as_member(c.chair),
        )
        .unwrap();
    // p1 (mean 77, 4★) and p3 (70, 4★); p2 is disqualified.
    assert_eq!(
        issued.iter().map(|i| i.product_id).collect::<Vec<_>>(),
        [p1, p3]
    );
    assert_eq!(c.status(), RoundStatus::CertificatesIssued);
    let err = c
        .store
        .reopen_round(c.round, "muộn", &as_member(c.chair))
        .unwrap_err();
    assert!(refusal_lines(err)[0].contains("it is the last state"));
    assert!(c.store.verify_round(c.round).unwrap().passed());
}

/// Runs `sql` on a separate connection and returns the error it must fail with.
fn refused(conn: &rusqlite::Connection, sql: &str) -> String {
    match conn.execute_batch(sql) {
        Ok(()) => panic!("raw SQL should have been refused: {sql}"),
        Err(e) => e.to_string(),
    }
}

#[test]
fn a_finalized_round_refuses_raw_sql_on_the_same_database_file() {
    let mut c = council(2);
    c.store
        .advance_round(c.round, RoundStatus::Scoring, &as_member(c.chair))
        .unwrap();
    score_all(&mut c);
    c.store
        .advance_round(c.round, RoundStatus::Deliberation, &as_member(c.chair))
        .unwrap();
    c.store
        .finalize_round(c.round, &decision(), &as_member(c.chair))
        .unwrap();
    let raw = c.raw();
    let (r, p, m3) = (c.round.0, c.products[0].0, c.m3.0);
    let sheet: i64 = raw
        .query_row(
            "SELECT id FROM sheets WHERE product_id = ?1 ORDER BY id LIMIT 1",
            [p],
            |row| row.get(0),
        )
        .unwrap();
    let now = "'2026-07-01T00:00:00Z'";
    let attempts = [
        format!("UPDATE answers SET choice_id = 'A.1.a.1', points = 0 WHERE sheet_id = {sheet}"),
        format!(
            "INSERT INTO answers (sheet_id, criterion_id, choice_id, points, comment, updated_at)
             VALUES ({sheet}, 'Z.9.z', NULL, NULL, 'x', {now})"
        ),
        format!("DELETE FROM answers WHERE sheet_id = {sheet}"),
        format!("UPDATE sheets SET total_points = 100 WHERE id = {sheet}"),
        format!(
            "INSERT INTO sheets (round_id, product_id, member_id, status, total_points, created_at, updated_at)
             VALUES ({r}, {p}, {m3}, 'submitted', 100, {now}, {now})"
        ),
        format!("DELETE FROM sheets WHERE id = {sheet}"),
        format!("UPDATE results SET stars = 5 WHERE product_id = {p}"),
        format!("DELETE FROM results WHERE product_id = {p}"),
        format!(
            "INSERT INTO results (product_id, round_id, stars, state, certifiable, json, computed_at)
             VALUES (999, {r}, 5, 'final', 1, '{{}}', {now})"
        ),
        format!(
            "UPDATE products SET disqualified_reason = 'labelling', disqualified_note = 'x' WHERE id = {p}"
        ),
        format!(
            "INSERT INTO recusals (round_id, product_id, member_id, reason, recorded_by, created_at)
             VALUES ({r}, {p}, {m3}, 'x', 'x', {now})"
        ),
        format!("DELETE FROM products WHERE id = {p}"),
        format!("UPDATE members SET voting = 0 WHERE id = {m3}"),
        format!("UPDATE rounds SET spread_threshold_points = 50 WHERE id = {r}"),
        format!("DELETE FROM rounds WHERE id = {r}"),
        // Flipping the status first is refused too: no matching audit entry.
        format!("UPDATE rounds SET status = 'deliberation' WHERE id = {r}"),
        format!("UPDATE audit_log SET actor = 'x' WHERE round_id = {r}"),
        format!("DELETE FROM audit_log WHERE round_id = {r}"),
    ];
    for sql in &attempts {
        let err = refused(&raw, sql);
        assert!(
            err.contains("finalized") || err.contains("audit"),
            "{sql}: {err}"
        );
    }
    assert!(refused(&raw, &attempts[0]).contains("answers cannot change"));
    assert!(refused(&raw, &attempts[3]).contains("sheets cannot change"));
    assert!(refused(&raw, &attempts[6]).contains("results cannot change"));
    assert!(
        refused(&raw, &attempts[15]).contains("a round status changes only with its audit entry")
    );
    // Nothing changed: the round still verifies.
    let report = c.store.verify_round(c.round).unwrap();
    assert!(report.passed(), "{report:?}");
}

#[test]
fn verify_detects_what_triggers_cannot_prevent() {
    let mut c = council(1);
    c.store
        .advance_round(c.round, RoundStatus::Scoring, &as_member(c.chair))
        .unwrap();
    score_all(&mut c);
    c.store
        .advance_round(c.round, RoundStatus::Deliberation, &as_member(c.chair))
        .unwrap();
    c.store
        .finalize_round(c.round, &decision(), &as_member(c.chair))
        .unwrap();
    let raw = c.raw();
    let r = c.round.0;

    // 1. Someone drops the guards, flips the round back, raises a sheet and flips it
    //    back to finalized: triggers are gone, so only verify can tell.
    raw.execute_batch(&format!(
        "DROP TRIGGER rounds_status_logged;
         DROP TRIGGER answers_frozen_update; DROP TRIGGER sheets_frozen_update;
         UPDATE rounds SET status = 'deliberation' WHERE id = {r};
         UPDATE answers SET choice_id = NULL, points = NULL
            WHERE sheet_id = (SELECT min(id) FROM sheets WHERE round_id = {r})
              AND criterion_id = (SELECT min(criterion_id) FROM answers
                                  WHERE sheet_id = (SELECT min(id) FROM sheets WHERE round_id = {r})
                                    AND points > 0);
         UPDATE rounds SET status = 'finalized' WHERE id = {r};"
    ))
    .unwrap();
    let report = c.store.verify_round(c.round).unwrap();
    assert!(!report.passed());
    let failed: Vec<&str> = report
        .checks
        .iter()
        .filter(|k| !k.passed())
        .map(|k| k.kind.as_str())
        .collect();
    assert_eq!(
        failed,
        ["immutability triggers", "finalized content", "results"]
    );
    let triggers = &report.checks[2].problems;
    assert!(triggers.contains(
        &"trigger rounds_status_logged is missing (dropped outside the app)".to_string()
    ));
    assert!(report.checks[3].problems[0].contains("changed after it was finalized"));
}

#[test]
fn a_forged_state_entry_or_an_edited_entry_is_named_by_verify() {
    let mut c = council(1);
    c.store
        .advance_round(c.round, RoundStatus::Scoring, &as_member(c.chair))
        .unwrap();
    score_all(&mut c);
    c.store
        .advance_round(c.round, RoundStatus::Deliberation, &as_member(c.chair))
        .unwrap();
    c.store
        .finalize_round(c.round, &decision(), &as_member(c.chair))
        .unwrap();
    let raw = c.raw();
    let r = c.round.0;
    // The status trigger wants a round.state entry: forge one (the forger cannot
    // produce a hash that chains), then flip the status, which is now accepted.
    raw.execute(
        "INSERT INTO audit_log (round_id, at, actor, action, target, old_value, new_value, prev_hash, hash)
         VALUES (?1, '2026-07-01T00:00:00Z', 'x', 'round.state', 'round:1', 'finalized', 'deliberation', 'bad', 'bad')",
        [r],
    )
    .unwrap();
    let forged = raw.last_insert_rowid();
    raw.execute(
        "UPDATE rounds SET status = 'deliberation' WHERE id = ?1",
        [r],
    )
    .unwrap();
    let report = c.store.verify_round(c.round).unwrap();
    let chain = &report.checks[0];
    assert_eq!(chain.kind.as_str(), "audit chain");
    assert!(
        chain
            .problems
            .iter()
            .all(|p| p.starts_with(&format!("audit entry {forged}:"))),
        "{chain:?}"
    );
    assert_eq!(
        chain.problems.len(),
        2,
        "does not follow, and content ≠ hash"
    );

    // An entry edited in place (after dropping the append-only guard) is named too,
    // and the status no longer matches the log once the forged entry is gone.
    let mut c = council(1);
    c.store
        .advance_round(c.round, RoundStatus::Scoring, &as_member(c.chair))
        .unwrap();
    score_all(&mut c);
    let raw = c.raw();
    let target: i64 = raw
        .query_row(
            "SELECT id FROM audit_log WHERE round_id = ?1 AND action = 'sheet.import' ORDER BY id LIMIT 1",
            [c.round.0],
            |row| row.get(0),
        )
        .unwrap();
    raw.execute_batch(&format!(
        "DROP TRIGGER audit_log_no_update;
         UPDATE audit_log SET new_value = '40 answers, total 100, submitted' WHERE id = {target};
         DROP TRIGGER rounds_status_logged; DROP TRIGGER rounds_status_transition;
         UPDATE rounds SET status = 'deliberation' WHERE id = {};",
        c.round.0
    ))
    .unwrap();
    let report = c.store.verify_round(c.round).unwrap();
    assert_eq!(
        report.checks[0].problems,
        [format!(
            "audit entry {target}: its content does not match its hash (edited outside the app)"
        )]
    );
    assert!(
        report.checks[1].problems[0]
            .starts_with("the round is deliberation but its audit log last records scoring"),
        "{:?}",
        report.checks[1]
    );
}

#[test]
fn the_sql_transition_table_matches_the_domains() {
    use ocop_council::domain::round::transition_via;
    // Raw SQL on a fresh database: the triggers alone decide. Each status change is
    // preceded by the matching round.state entry the status trigger asks for.
    let store = Store::open_in_memory().unwrap();
    let conn = store.raw_connection();
    let path = [
        RoundStatus::Setup,
        RoundStatus::Scoring,
        RoundStatus::Deliberation,
        RoundStatus::Finalized,
        RoundStatus::CertificatesIssued,
    ];
    let move_to = |round: i64, from: RoundStatus, to: RoundStatus| {
        conn.execute(
            "INSERT INTO audit_log (round_id, at, actor, action, target, old_value, new_value, prev_hash, hash)
             VALUES (?1, 'now', 't', 'round.state', 'r', ?2, ?3, 'p', 'h')",
            rusqlite::params![round, from.as_str(), to.as_str()],
        )
        .unwrap();
        conn.execute(
            "UPDATE rounds SET status = ?2, decision_no = 'x', decision_date = 'x', signatory = 'x'
             WHERE id = ?1",
            rusqlite::params![round, to.as_str()],
        )
    };
    for (i, from) in path.iter().enumerate() {
        for to in RoundStatus::ALL {
            if to == *from {
                continue;
            }
            conn.execute(
                "INSERT INTO rounds (name, level, criteria_set_id, created_at)
                 VALUES ('t', 'provincial', 'x', 'now')",
                [],
            )
            .unwrap();
            let round = conn.last_insert_rowid();
            for step in path[..=i].windows(2) {
                move_to(round, step[0], step[1]).unwrap();
            }
            let result = move_to(round, *from, to);
            assert_eq!(
                result.is_ok(),
                transition_via(*from, to).is_some(),
                "{from:?} → {to:?}: {result:?}"
            );
        }
    }
    // A round created in another state is refused.
    let err = conn
        .execute(
            "INSERT INTO rounds (name, level, criteria_set_id, status, created_at)
             VALUES ('t', 'provincial', 'x', 'finalized', 'now')",
            [],
        )
        .unwrap_err();
    assert!(err.to_string().contains("starts in setup"), "{err}");
}

#[test]
fn entries_deleted_from_the_audit_log_are_reported() {
    // Two rounds share the log; deleting the tail of the first round's chain leaves
    // its own chain intact, but a gap in the shared entry ids.
    let mut a = council(1);
    let catalog = Catalog::embedded();
    let other = a
        .store
        .create_round(
            &NewRound::provincial("Đợt 2", catalog.set(DEFAULT_CRITERIA_SET).unwrap()),
            &actor(),
        )
        .unwrap();
    let raw = a.raw();
    let last_of_first: i64 = raw
        .query_row(
            "SELECT max(id) FROM audit_log WHERE round_id = ?1",
            [a.round.0],
            |r| r.get(0),
        )
        .unwrap();
    raw.execute_batch(&format!(
        "DROP TRIGGER audit_log_no_delete; DELETE FROM audit_log WHERE id = {last_of_first};"
    ))
    .unwrap();
    assert_eq!(a.store.audit_chain_breaks(a.round).unwrap(), []);
    let report = a.store.verify_round(a.round).unwrap();
    assert_eq!(
        report.checks[0].problems,
        [format!(
            "audit entries {last_of_first} to {last_of_first} are missing (deleted outside the app)"
        )]
    );
    assert!(!a.store.verify_round(other).unwrap().checks[0].passed());
}
