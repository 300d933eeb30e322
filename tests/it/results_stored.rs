//! The stored results (one row per product, refreshed inside every write that
//! changes a result) read back equal to a full recomputation from the sheets, after
//! a mixed sequence of writes; a row from before schema 10 (no tally) is recomputed
//! when read and refilled when the data folder is opened again.

use crate::common::as_member;
use crate::common::council::*;
use ocop_council::domain::disqualify::{Disqualification, DisqualificationReason};
use ocop_council::domain::round::RoundStatus;
use ocop_council::store::Store;

/// The stored rows are read (no fallback) and equal the recomputation.
fn assert_in_step(c: &Council, step: &str) {
    let stored = c
        .store
        .round_results_from_stored_rows(c.round)
        .unwrap()
        .unwrap_or_else(|| panic!("after {step}: a stored row is missing or out of step"));
    let fresh = c.store.round_results_recomputed(c.round).unwrap();
    assert_eq!(stored.round, fresh.round, "after {step}");
    assert_eq!(stored.members, fresh.members, "after {step}");
    assert_eq!(stored.products.len(), fresh.products.len(), "after {step}");
    for (s, f) in stored.products.iter().zip(&fresh.products) {
        let p = f.product.id;
        assert_eq!(s.product, f.product, "after {step}: product {p}");
        assert_eq!(s.result, f.result, "after {step}: product {p}");
        assert_eq!(
            s.result.criterion_sums, f.result.criterion_sums,
            "after {step}: product {p}"
        );
        assert_eq!(s.recused, f.recused, "after {step}: product {p}");
        assert_eq!(s.presiding, f.presiding, "after {step}: product {p}");
        assert_eq!(*s.sheet, *f.sheet, "after {step}: product {p}");
    }
    // What callers get is the same.
    let read = c.store.round_results(c.round).unwrap();
    assert_eq!(read.products.len(), fresh.products.len());
}

#[test]
fn stored_results_equal_a_recomputation_after_mixed_writes() {
    let mut c = council(3);
    let [p, q, r] = [c.products[0], c.products[1], c.products[2]];
    assert_in_step(&c, "setup");
    // The chair and the vice-chair declare conflicts on r in advance: m1 presides.
    for m in [c.chair, c.vice] {
        c.store
            .record_recusal(r, m, "Người nhà chủ thể", &as_member(m))
            .unwrap();
    }
    assert_in_step(&c, "recusals in setup");
    c.store
        .advance_round(c.round, RoundStatus::Scoring, &as_member(c.chair))
        .unwrap();

    for (m, total) in [(c.chair, 80), (c.vice, 78), (c.m1, 76), (c.m2, 60)] {
        c.submit(p, m, total);
        c.submit(q, m, total - 10);
    }
    for (m, total) in [(c.m1, 72), (c.m2, 71), (c.m3, 70)] {
        c.submit(r, m, total);
    }
    assert_in_step(&c, "submissions");

    c.store
        .name_presiding_member(r, c.m1, &as_member(c.secretary))
        .unwrap();
    assert_in_step(&c, "presiding member");

    // A correction: the chair reopens m1's sheet on p, m1 submits a new total.
    c.store
        .reopen_sheet(p, c.m1, "Đánh nhầm ô A.1.a", &as_member(c.chair))
        .unwrap();
    assert_in_step(&c, "reopen");
    c.rescore_to(p, c.m1, 70);
    assert_in_step(&c, "resubmission");

    // m3 recuses from q during scoring; q is disqualified.
    c.store
        .record_recusal(q, c.m3, "Góp vốn vào HTX", &as_member(c.chair))
        .unwrap();
    assert_in_step(&c, "recusal while scoring");
    c.store
        .set_disqualification(
            q,
            Some(&Disqualification {
                reason: DisqualificationReason::Labelling,
                note: "Nhãn sai".into(),
            }),
            &as_member(c.chair),
        )
        .unwrap();
    assert_in_step(&c, "disqualification");

    // The spread on p (80 vs 60) is discussed: the chair orders m2 to re-score.
    c.store
        .advance_round(c.round, RoundStatus::Deliberation, &as_member(c.chair))
        .unwrap();
    assert_in_step(&c, "deliberation");
    c.store
        .rescore(p, &[c.m2], "Chênh lệch lớn", &as_member(c.chair))
        .unwrap();
    assert_in_step(&c, "rescore ordered");
    c.rescore_to(p, c.m2, 74);
    assert_in_step(&c, "rescored");
    c.store
        .set_disqualification(q, None, &as_member(c.chair))
        .unwrap();
    assert_in_step(&c, "disqualification lifted");
}

#[test]
fn a_row_without_a_tally_is_recomputed_when_read_and_refilled_on_opening() {
    let mut c = council(2);
    c.store
        .advance_round(c.round, RoundStatus::Scoring, &as_member(c.chair))
        .unwrap();
    score_all(&mut c);
    let before = c.store.round_results(c.round).unwrap();
    // As a database from before schema 10 has it.
    c.raw()
        .execute("UPDATE results SET tally = NULL", [])
        .unwrap();
    assert!(
        c.store
            .round_results_from_stored_rows(c.round)
            .unwrap()
            .is_none()
    );
    let read = c.store.round_results(c.round).unwrap();
    for (a, b) in read.products.iter().zip(&before.products) {
        assert_eq!(a.result, b.result);
    }
    let Council {
        _dir, store, round, ..
    } = c;
    drop(store);
    let store = Store::open(_dir.path()).unwrap();
    let stored = store
        .round_results_from_stored_rows(round)
        .unwrap()
        .expect("refilled when opened");
    for (a, b) in stored.products.iter().zip(&before.products) {
        assert_eq!(a.result, b.result);
    }
    // A row out of step with its columns is not trusted either.
    store
        .raw_connection()
        .execute("UPDATE results SET stars = 5", [])
        .unwrap();
    assert!(
        store
            .round_results_from_stored_rows(round)
            .unwrap()
            .is_none()
    );
    assert_eq!(
        store.round_results(round).unwrap().products[0].result.stars,
        before.products[0].result.stars
    );
}
