//! The store on a temp data folder: autosave, submit and lock, reopen, audit chain.

use crate::common::as_member;
use ocop_council::domain::criteria::{
    Catalog, ChoiceId, CriterionId, catalog::DEFAULT_CRITERIA_SET,
};
use ocop_council::domain::ids::{MemberId, ProductId, RoundId};
use ocop_council::domain::member::Role;
use ocop_council::domain::round::RoundStatus;
use ocop_council::store::{
    Actor, AnswerChange, NewProduct, NewRound, ProducerFacts, SheetStatus, Store, StoreError,
};

struct Fixture {
    _dir: tempfile::TempDir,
    path: std::path::PathBuf,
    store: Store,
    round: RoundId,
    chair: MemberId,
    member: MemberId,
    product: ProductId,
}

fn actor() -> Actor {
    crate::common::office()
}

fn fixture() -> Fixture {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().to_path_buf();
    let mut store = Store::open(&path).unwrap();
    let catalog = Catalog::embedded();
    let round = store
        .create_round(
            &NewRound::provincial("Đợt thử", catalog.set(DEFAULT_CRITERIA_SET).unwrap()),
            &actor(),
        )
        .unwrap();
    let chair = store
        .add_member(round, "Chủ tịch", Role::Chair, true, &actor())
        .unwrap();
    let member = store
        .add_member(round, "Ủy viên", Role::Member, true, &actor())
        .unwrap();
    let product = store
        .add_product(
            round,
            &NewProduct {
                name: "Mật ong hoa nhãn".into(),
                product_set: 4,
                product_code: Some("94-941-001-2026".into()),
                producer: ProducerFacts {
                    name: "HTX Ong mật Cù Lao Dung".into(),
                    ..Default::default()
                },
            },
            &actor(),
        )
        .unwrap();
    store
        .advance_round(round, RoundStatus::Scoring, &as_member(chair))
        .unwrap();
    Fixture {
        _dir: dir,
        path,
        store,
        round,
        chair,
        member,
        product,
    }
}

fn choose(
    f: &mut Fixture,
    member: MemberId,
    criterion: &str,
    option: &str,
) -> Result<u32, StoreError> {
    f.store.change_answer(
        f.product,
        member,
        &CriterionId(criterion.into()),
        &AnswerChange::Choice(Some(ChoiceId(option.into()))),
        &as_member(member),
    )
}

/// Visibility only: a second connection sees each answer once the call returns.
/// Durability across a power cut comes from `synchronous = FULL` (see
/// `the_database_syncs_every_commit`), which no test can cut the power on.
#[test]
fn every_answer_is_visible_to_another_connection_when_the_call_returns() {
    let mut f = fixture();
    let m = f.member;
    let sheet = f.store.round_sheet(f.round, 4).unwrap();
    let db = f.path.join(ocop_council::store::DATABASE_FILE);
    for (_, _, c) in sheet.criteria().take(5) {
        let best = c.options.iter().max_by_key(|o| o.points).unwrap();
        choose(&mut f, m, &c.id.0, &best.id.0).unwrap();
        // A separate connection, as another process would open it.
        let other = rusqlite::Connection::open(&db).unwrap();
        let stored: String = other
            .query_row(
                "SELECT a.choice_id FROM answers a JOIN sheets s ON s.id = a.sheet_id
                 WHERE s.member_id = ?1 AND a.criterion_id = ?2",
                rusqlite::params![f.member.0, c.id.0],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(stored, best.id.0);
    }
}

#[test]
fn the_database_syncs_every_commit() {
    let f = fixture();
    let conn = f.store.raw_connection();
    let synchronous: i64 = conn
        .query_row("PRAGMA synchronous", [], |r| r.get(0))
        .unwrap();
    assert_eq!(synchronous, 2, "synchronous = FULL");
    let mode: String = conn
        .query_row("PRAGMA journal_mode", [], |r| r.get(0))
        .unwrap();
    assert_eq!(mode, "wal");
}

#[test]
fn submit_refuses_an_incomplete_sheet_and_locks_a_complete_one() {
    let mut f = fixture();
    let m = f.member;
    let sheet = f.store.round_sheet(f.round, 4).unwrap();
    choose(&mut f, m, "A.1.a", "A.1.a.1").unwrap();
    let err = f
        .store
        .submit_sheet(f.product, f.member, &as_member(f.member))
        .unwrap_err();
    assert!(err.to_string().contains("criteria are unanswered"), "{err}");

    let mut total = 0;
    for (_, _, c) in sheet.criteria() {
        let best = c.options.iter().max_by_key(|o| o.points).unwrap();
        total = choose(&mut f, m, &c.id.0, &best.id.0).unwrap();
    }
    assert_eq!(total, 100);
    assert_eq!(
        f.store
            .submit_sheet(f.product, f.member, &as_member(f.member))
            .unwrap(),
        100
    );
    let row = f.store.sheet(f.product, f.member).unwrap().unwrap();
    assert_eq!(row.status, SheetStatus::Submitted);
    // Locked.
    let err = choose(&mut f, m, "A.1.a", "A.1.a.1").unwrap_err();
    assert!(err.to_string().contains("submitted and locked"), "{err}");

    // A member cannot reopen; the chair can, with a reason, and it is logged.
    let err = f
        .store
        .reopen_sheet(f.product, f.member, "muốn sửa", &as_member(f.member))
        .unwrap_err();
    assert!(
        err.to_string()
            .contains("may not reopen a submitted sheet: only the chair"),
        "{err}"
    );
    let err = f
        .store
        .reopen_sheet(f.product, f.member, "  ", &as_member(f.chair))
        .unwrap_err();
    assert!(err.to_string().contains("needs a reason"), "{err}");
    f.store
        .reopen_sheet(
            f.product,
            f.member,
            "Chênh lệch trên 10 điểm",
            &as_member(f.chair),
        )
        .unwrap();
    assert_eq!(
        f.store.sheet(f.product, f.member).unwrap().unwrap().status,
        SheetStatus::Draft
    );
    let log = f.store.audit_log(f.round).unwrap();
    let reopen = log.iter().find(|e| e.action == "sheet.reopen").unwrap();
    assert!(
        reopen
            .new_value
            .as_deref()
            .unwrap()
            .contains("Chênh lệch trên 10 điểm")
    );
    choose(&mut f, m, "A.1.a", "A.1.a.1").unwrap();
}

#[test]
fn the_results_table_follows_every_submit() {
    let mut f = fixture();
    let sheet = f.store.round_sheet(f.round, 4).unwrap();
    for member in [f.chair, f.member] {
        for (_, _, c) in sheet.criteria() {
            let best = c.options.iter().max_by_key(|o| o.points).unwrap();
            choose(&mut f, member, &c.id.0, &best.id.0).unwrap();
        }
        f.store
            .submit_sheet(f.product, member, &as_member(member))
            .unwrap();
    }
    let (stars, state): (i64, String) = f
        .store
        .raw_connection()
        .query_row(
            "SELECT stars, state FROM results WHERE product_id = ?1",
            [f.product.0],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!((stars, state.as_str()), (5, "final"));
    let fresh = f.store.product_result(f.product).unwrap();
    assert_eq!(fresh.result.stars, 5);
}

#[test]
fn the_audit_chain_verifies_and_detects_an_outside_edit() {
    let mut f = fixture();
    let m = f.member;
    choose(&mut f, m, "A.1.a", "A.1.a.1").unwrap();
    choose(&mut f, m, "A.1.a", "A.1.a.3").unwrap();
    let n = f.store.verify_audit_chain(f.round).unwrap().unwrap();
    assert!(n >= 5, "round, 2 members, product, 2 answers: {n}");
    let log = f.store.audit_log(f.round).unwrap();
    let change = log.iter().rfind(|e| e.action == "answer.choice").unwrap();
    assert_eq!(change.old_value.as_deref(), Some("A.1.a.1"));
    assert_eq!(change.new_value.as_deref(), Some("A.1.a.3"));

    // Edit an entry behind the app's back: the log is append-only, so the editor must
    // first drop the trigger that guards it.
    let other =
        rusqlite::Connection::open(f.path.join(ocop_council::store::DATABASE_FILE)).unwrap();
    let edit = "UPDATE audit_log SET new_value = 'A.1.a.2' WHERE id = ?1";
    let refused = other.execute(edit, [change.id]).unwrap_err();
    assert!(refused.to_string().contains("append-only"), "{refused}");
    other
        .execute_batch("DROP TRIGGER audit_log_no_update")
        .unwrap();
    other.execute(edit, [change.id]).unwrap();
    let broken = f.store.verify_audit_chain(f.round).unwrap().unwrap_err();
    assert_eq!(broken.entry_id, change.id);
}

#[test]
fn an_evidence_link_must_be_one_of_the_products_own_attachments() {
    let mut f = fixture();
    let err = f
        .store
        .change_answer(
            f.product,
            f.member,
            &CriterionId("A.1.a".into()),
            &AnswerChange::Evidence(Some("0".repeat(64))),
            &as_member(f.member),
        )
        .unwrap_err();
    assert!(
        err.to_string().contains("is not an attachment of product"),
        "{err}"
    );
}

#[test]
fn answered_counts_count_choices_not_comments_per_member() {
    let mut f = fixture();
    let (m, chair) = (f.member, f.chair);
    let sheet = f.store.round_sheet(f.round, 4).unwrap();
    let criteria: Vec<_> = sheet.criteria().map(|(_, _, c)| c.clone()).collect();
    for c in criteria.iter().take(3) {
        choose(&mut f, m, &c.id.0, &c.options[0].id.0).unwrap();
    }
    choose(
        &mut f,
        chair,
        &criteria[0].id.0,
        &criteria[0].options[0].id.0,
    )
    .unwrap();
    // A comment alone is not an answer; a cleared choice no longer counts.
    f.store
        .change_answer(
            f.product,
            m,
            &criteria[5].id,
            &AnswerChange::Comment("Chưa rõ".into()),
            &as_member(m),
        )
        .unwrap();
    f.store
        .change_answer(
            f.product,
            m,
            &criteria[2].id,
            &AnswerChange::Choice(None),
            &as_member(m),
        )
        .unwrap();
    let counts = f.store.answered_counts(f.round, m).unwrap();
    assert_eq!(counts.get(&f.product), Some(&2));
    let counts = f.store.answered_counts(f.round, chair).unwrap();
    assert_eq!(counts.get(&f.product), Some(&1));
}

#[test]
fn a_chair_who_does_not_vote_is_refused_when_the_quorum_needs_the_chair() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path()).unwrap();
    let catalog = Catalog::embedded();
    let round = store
        .create_round(
            &NewRound::provincial("Đợt thử", catalog.set(DEFAULT_CRITERIA_SET).unwrap()),
            &actor(),
        )
        .unwrap();
    let err = store
        .add_member(round, "Chủ tịch", Role::Chair, false, &actor())
        .unwrap_err()
        .to_string();
    assert!(err.contains("must vote"), "{err}");
    assert!(store.members(round).unwrap().is_empty());
    store
        .add_member(round, "Chủ tịch", Role::Chair, true, &actor())
        .unwrap();
}
