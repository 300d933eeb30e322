//! A council of five voting members and a secretary on a temp data folder, with
//! helpers to submit and re-score sheets with exact totals (lifecycle tests).

#![allow(clippy::unwrap_used, clippy::expect_used)]

use super::as_member;
use chrono::NaiveDate;
use ocop_council::domain::council::ResultState;
use ocop_council::domain::criteria::{Catalog, catalog::DEFAULT_CRITERIA_SET};
use ocop_council::domain::ids::{MemberId, ProductId, RoundId};
use ocop_council::domain::member::Role;
use ocop_council::domain::quorum::QuorumShare;
use ocop_council::domain::round::{ApprovalDecision, RoundStatus};
use ocop_council::store::{
    Actor, AnswerChange, NewProduct, NewRound, ProducerFacts, SheetWrite, Store, StoreError,
};

use super::answers_totalling;

pub const SET: u8 = 4;

pub struct Council {
    pub _dir: tempfile::TempDir,
    pub db: std::path::PathBuf,
    pub store: Store,
    pub round: RoundId,
    pub chair: MemberId,
    pub vice: MemberId,
    pub m1: MemberId,
    pub m2: MemberId,
    pub m3: MemberId,
    pub secretary: MemberId,
    pub products: Vec<ProductId>,
}

pub fn actor() -> Actor {
    crate::common::office()
}

pub fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

pub fn decision() -> ApprovalDecision {
    ApprovalDecision {
        number: "1234/QĐ-UBND".into(),
        date: date(2026, 6, 30),
        signatory: "Lâm Văn Chủ".into(),
    }
}

/// A council of five voting members (chair, vice-chair, three members) and a
/// non-voting secretary, with `products` honey products (set 4), still in setup.
pub fn council(products: usize) -> Council {
    council_with_quorum(products, QuorumShare::DEFAULT)
}

/// [`council`] with the round's quorum set to `quorum`.
pub fn council_with_quorum(products: usize, quorum: QuorumShare) -> Council {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path()).unwrap();
    let catalog = Catalog::embedded();
    let mut new = NewRound {
        // Bands only, so the totals alone decide the stars in these tests.
        star_marks_binding: false,
        ..NewRound::provincial("Đợt 1/2026", catalog.set(DEFAULT_CRITERIA_SET).unwrap())
    };
    new.rules.quorum = quorum;
    let round = store.create_round(&new, &actor()).unwrap();
    let mut add = |name: &str, role: Role| {
        store
            .add_member(round, name, role, role.votes_by_default(), &actor())
            .unwrap()
    };
    let chair = add("Lâm Văn Chủ", Role::Chair);
    let vice = add("Trịnh Thị Phó", Role::ViceChair);
    let m1 = add("Ủy viên Một", Role::Member);
    let m2 = add("Ủy viên Hai", Role::Member);
    let m3 = add("Ủy viên Ba", Role::Member);
    let secretary = add("Thư Ký", Role::Secretary);
    let products = (0..products)
        .map(|i| {
            store
                .add_product(
                    round,
                    &NewProduct {
                        name: format!("Mật ong hoa nhãn số {}", i + 1),
                        product_set: SET,
                        product_code: None,
                        producer: ProducerFacts {
                            name: format!("HTX Ong mật {}", i + 1),
                            commune: Some("Xã Hòa Tú".into()),
                            ..Default::default()
                        },
                    },
                    &actor(),
                )
                .unwrap()
        })
        .collect();
    Council {
        db: dir.path().join(ocop_council::store::DATABASE_FILE),
        _dir: dir,
        store,
        round,
        chair,
        vice,
        m1,
        m2,
        m3,
        secretary,
        products,
    }
}

impl Council {
    pub fn submit(&mut self, product: ProductId, member: MemberId, total: u32) {
        let sheet = self.store.round_sheet(self.round, SET).unwrap();
        self.store
            .write_sheets(
                &[SheetWrite {
                    round: self.round,
                    product,
                    member,
                    answers: answers_totalling(&sheet, total),
                    comments: Default::default(),
                    submitted: true,
                }],
                &actor(),
            )
            .unwrap();
    }

    /// Changes a reopened draft to answers totalling `total`, then submits it.
    pub fn rescore_to(&mut self, product: ProductId, member: MemberId, total: u32) {
        let sheet = self.store.round_sheet(self.round, SET).unwrap();
        let want = answers_totalling(&sheet, total);
        for (criterion, choice) in &want.choices {
            self.store
                .change_answer(
                    product,
                    member,
                    criterion,
                    &AnswerChange::Choice(Some(choice.clone())),
                    &as_member(member),
                )
                .unwrap();
        }
        assert_eq!(
            self.store
                .submit_sheet(product, member, &as_member(member))
                .unwrap(),
            total
        );
    }

    pub fn state(&self, product: ProductId) -> ResultState {
        self.store.product_result(product).unwrap().result.state
    }

    pub fn raw(&self) -> rusqlite::Connection {
        rusqlite::Connection::open(&self.db).unwrap()
    }

    pub fn status(&self) -> RoundStatus {
        self.store.round(self.round).unwrap().status
    }
}

pub fn not_in_state(err: StoreError, status: RoundStatus) {
    match err {
        StoreError::NotInState { status: s, .. } => assert_eq!(s, status),
        other => panic!("expected a state refusal, got: {other}"),
    }
}

pub fn refusal_lines(err: StoreError) -> Vec<String> {
    match err {
        StoreError::Refused(refusal) => refusal.lines(),
        StoreError::Transition { refusals, .. } => {
            refusals.iter().map(ToString::to_string).collect()
        }
        other => panic!("expected a refusal, got: {other}"),
    }
}

/// All products scored 80, 78, 76, 74 by chair, vice, m1, m2: final, 4★.
pub fn score_all(c: &mut Council) {
    let members = [c.chair, c.vice, c.m1, c.m2];
    for product in c.products.clone() {
        for (member, total) in members.iter().zip([80, 78, 76, 74]) {
            c.submit(product, *member, total);
        }
    }
}

/// Runs `sql` on a separate connection and returns the error it must fail with.
pub fn refused(conn: &rusqlite::Connection, sql: &str) -> String {
    match conn.execute_batch(sql) {
        Ok(()) => panic!("raw SQL should have been refused: {sql}"),
        Err(e) => e.to_string(),
    }
}
