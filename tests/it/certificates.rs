//! Certificates through the store: who gets one, numbering per authority and year,
//! 36 months of validity, the expiry list, reprints, QR payloads and tampering.

use crate::common::answers_totalling;
use crate::common::{chair_of, chair_of_certificate};
use chrono::NaiveDate;
use ocop_council::domain::certificate::{Expiry, Issuer, Payload};
use ocop_council::domain::criteria::{Catalog, catalog::DEFAULT_CRITERIA_SET};
use ocop_council::domain::ids::{ProductId, RoundId};
use ocop_council::domain::member::Role;
use ocop_council::domain::round::{ApprovalDecision, RoundLevel, RoundStatus};
use ocop_council::store::{
    Actor, CertificateRow, NewProduct, NewRound, ProducerFacts, SheetWrite, Store,
};

fn actor() -> Actor {
    crate::common::office()
}

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

/// A finalized round whose products score `totals` (two members each, same total, bands
/// only), approved on `decided_on`. Returns the round and its products.
/// The issuer of a round's certificates: `authority`, the place and one signatory.
pub(crate) fn issuer(authority: &str) -> Issuer {
    Issuer {
        authority: authority.to_owned(),
        place_name: "Sóc Trăng".into(),
        signatory_title: "TM. ỦY BAN NHÂN DÂN\nKT. CHỦ TỊCH\nPHÓ CHỦ TỊCH".into(),
        signatory_name: "Lâm Văn Phó".into(),
    }
}

pub(crate) fn finalized_round(
    store: &mut Store,
    level: RoundLevel,
    totals: &[u32],
    decided_on: NaiveDate,
) -> (RoundId, Vec<ProductId>) {
    let catalog = Catalog::embedded();
    let round = store
        .create_round(
            &NewRound {
                level,
                star_marks_binding: false,
                ..NewRound::provincial(
                    format!("Đợt {decided_on}"),
                    catalog.set(DEFAULT_CRITERIA_SET).unwrap(),
                )
            },
            &actor(),
        )
        .unwrap();
    let chair = store
        .add_member(round, "Chủ tịch", Role::Chair, true, &actor())
        .unwrap();
    let member = store
        .add_member(round, "Ủy viên", Role::Member, true, &actor())
        .unwrap();
    let products: Vec<ProductId> = totals
        .iter()
        .enumerate()
        .map(|(i, total)| {
            store
                .add_product(
                    round,
                    &NewProduct {
                        name: format!("Sản phẩm {} ({total} điểm)", i + 1),
                        product_set: 9,
                        product_code: None,
                        producer: ProducerFacts {
                            name: format!("Cơ sở nước mắm {}", i + 1),
                            address: Some(format!("Ấp Vĩnh Thạnh {}", i + 1)),
                            commune: Some("Xã Vĩnh Hải".into()),
                            province: Some("Sóc Trăng".into()),
                            ..Default::default()
                        },
                    },
                    &actor(),
                )
                .unwrap()
        })
        .collect();
    store
        .advance_round(round, RoundStatus::Scoring, &chair_of(store, round))
        .unwrap();
    let sheet = store.round_sheet(round, 9).unwrap();
    let mut writes = Vec::new();
    for (product, total) in products.iter().zip(totals) {
        for m in [chair, member] {
            writes.push(SheetWrite {
                round,
                product: *product,
                member: m,
                answers: answers_totalling(&sheet, *total),
                comments: Default::default(),
                submitted: true,
            });
        }
    }
    store.write_sheets(&writes, &actor()).unwrap();
    store
        .advance_round(round, RoundStatus::Deliberation, &chair_of(store, round))
        .unwrap();
    store
        .finalize_round(
            round,
            &ApprovalDecision {
                number: format!("{}/QĐ-UBND", decided_on.format("%m%d")),
                date: decided_on,
                signatory: "Chủ tịch UBND tỉnh".into(),
            },
            &chair_of(store, round),
        )
        .unwrap();
    (round, products)
}

fn numbers(list: &[CertificateRow]) -> Vec<&str> {
    list.iter().map(|c| c.number.as_str()).collect()
}

const PROVINCE: &str = "UBND tỉnh Sóc Trăng";

#[test]
fn a_provincial_round_certifies_3_and_4_stars_with_sequential_numbers_per_authority_and_year() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path()).unwrap();
    // 95 → 5★ (recommended upward), 80 → 4★, 60 → 3★, 40 → 2★, 75 → 4★.
    let (r1, p1) = finalized_round(
        &mut store,
        RoundLevel::Provincial,
        &[95, 80, 60, 40, 75],
        d(2026, 6, 30),
    );
    let first = store
        .issue_certificates(
            r1,
            &issuer(PROVINCE),
            Some(d(2026, 7, 1)),
            &chair_of(&store, r1),
        )
        .unwrap();
    assert_eq!(
        first
            .iter()
            .map(|c| (c.product_id, c.stars))
            .collect::<Vec<_>>(),
        [(p1[1], 4), (p1[2], 3), (p1[4], 4)]
    );
    assert_eq!(
        numbers(&first),
        [
            "001/2026/GCN-OCOP",
            "002/2026/GCN-OCOP",
            "003/2026/GCN-OCOP"
        ]
    );
    assert!(first.iter().all(|c| c.valid_until == d(2029, 7, 1)));
    assert!(first.iter().all(|c| c.decision_no == "0630/QĐ-UBND"));

    // The same authority later in the year continues the sequence; the authority is
    // keyed in NFC, so a decomposed spelling is the same authority.
    let (r2, _) = finalized_round(
        &mut store,
        RoundLevel::Provincial,
        &[70, 55],
        d(2026, 11, 20),
    );
    let decomposed: String = {
        use unicode_normalization::UnicodeNormalization;
        PROVINCE.nfd().collect()
    };
    assert_ne!(decomposed, PROVINCE);
    let second = store
        .issue_certificates(r2, &issuer(&decomposed), None, &chair_of(&store, r2))
        .unwrap();
    assert_eq!(numbers(&second), ["004/2026/GCN-OCOP", "005/2026/GCN-OCOP"]);
    assert_eq!(
        second[0].issued_on,
        d(2026, 11, 20),
        "default: the decision's date"
    );
    assert_eq!(second[0].authority, PROVINCE);

    // Another authority starts at 001; so does the next year.
    let (r3, _) = finalized_round(&mut store, RoundLevel::Provincial, &[65], d(2026, 12, 1));
    let other = store
        .issue_certificates(
            r3,
            &issuer("UBND tỉnh Bạc Liêu"),
            None,
            &chair_of(&store, r3),
        )
        .unwrap();
    assert_eq!(numbers(&other), ["001/2026/GCN-OCOP"]);
    let (r4, _) = finalized_round(
        &mut store,
        RoundLevel::Provincial,
        &[65, 85],
        d(2027, 1, 31),
    );
    let next_year = store
        .issue_certificates(r4, &issuer(PROVINCE), None, &chair_of(&store, r4))
        .unwrap();
    assert_eq!(
        numbers(&next_year),
        ["001/2027/GCN-OCOP", "002/2027/GCN-OCOP"]
    );
    // 31 January + 36 months: 31 January.
    assert_eq!(next_year[0].valid_until, d(2030, 1, 31));

    // A central round certifies only 5★.
    let (r5, p5) = finalized_round(&mut store, RoundLevel::Central, &[95, 80], d(2027, 3, 1));
    let central = store
        .issue_certificates(
            r5,
            &issuer("Bộ Nông nghiệp và Môi trường"),
            None,
            &chair_of(&store, r5),
        )
        .unwrap();
    assert_eq!(
        central
            .iter()
            .map(|c| (c.product_id, c.stars))
            .collect::<Vec<_>>(),
        [(p5[0], 5)]
    );

    // The round's certificates are listed, each tied to the chain; verify passes.
    for round in [r1, r2, r3, r4, r5] {
        assert_eq!(
            store.round(round).unwrap().status,
            RoundStatus::CertificatesIssued
        );
        let report = store.verify_round(round).unwrap();
        assert!(report.passed(), "{report:?}");
    }
    let log = store.audit_log(r1).unwrap();
    for c in &first {
        assert!(log.iter().any(|e| e.hash == c.audit_head));
        assert_eq!(c.facts().digest(), c.digest);
    }
}

#[test]
fn certificates_issued_on_29_february_run_to_28_february() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path()).unwrap();
    let (round, _) = finalized_round(&mut store, RoundLevel::Provincial, &[72], d(2028, 2, 29));
    let list = store
        .issue_certificates(round, &issuer(PROVINCE), None, &chair_of(&store, round))
        .unwrap();
    assert_eq!(list[0].issued_on, d(2028, 2, 29));
    assert_eq!(list[0].valid_until, d(2031, 2, 28));
    // A date before the decision is refused, and nothing is issued.
    let (round, _) = finalized_round(&mut store, RoundLevel::Provincial, &[72], d(2028, 3, 10));
    let err = store
        .issue_certificates(
            round,
            &issuer(PROVINCE),
            Some(d(2028, 3, 9)),
            &chair_of(&store, round),
        )
        .unwrap_err();
    assert!(
        err.to_string()
            .contains("cannot be issued on 2028-03-09, before the approval decision of 2028-03-10"),
        "{err}"
    );
    assert!(store.certificates(round).unwrap().is_empty());
    assert_eq!(store.round(round).unwrap().status, RoundStatus::Finalized);
}

#[test]
fn the_expiry_list_holds_what_expires_within_the_notice_or_has_expired() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path()).unwrap();
    let (r1, _) = finalized_round(&mut store, RoundLevel::Provincial, &[72], d(2023, 5, 10));
    store
        .issue_certificates(r1, &issuer(PROVINCE), None, &chair_of(&store, r1))
        .unwrap(); // until 2026-05-10
    let (r2, _) = finalized_round(&mut store, RoundLevel::Provincial, &[72], d(2023, 7, 20));
    store
        .issue_certificates(r2, &issuer(PROVINCE), None, &chair_of(&store, r2))
        .unwrap(); // until 2026-07-20
    let (r3, _) = finalized_round(&mut store, RoundLevel::Provincial, &[72], d(2023, 12, 1));
    store
        .issue_certificates(r3, &issuer(PROVINCE), None, &chair_of(&store, r3))
        .unwrap(); // until 2026-12-01

    let as_of = d(2026, 7, 1);
    let list = store.certificates_expiring(as_of, 30).unwrap();
    assert_eq!(
        list.iter()
            .map(|e| (e.certificate.valid_until, e.expiry))
            .collect::<Vec<_>>(),
        [
            (d(2026, 5, 10), Expiry::Expired { days_ago: 52 }),
            (d(2026, 7, 20), Expiry::ExpiringSoon { days_left: 19 }),
        ]
    );
    assert_eq!(list[0].producer, "Cơ sở nước mắm 1");
    // A wider window takes in the third.
    assert_eq!(store.certificates_expiring(as_of, 180).unwrap().len(), 3);
    // On the expiry day itself the certificate is still valid (0 days left).
    let on_the_day = store.certificates_expiring(d(2026, 7, 20), 0).unwrap();
    assert_eq!(
        on_the_day.last().unwrap().expiry,
        Expiry::ExpiringSoon { days_left: 0 }
    );
}

#[test]
fn payloads_round_trip_and_tampering_is_detected() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path()).unwrap();
    let (round, _) = finalized_round(
        &mut store,
        RoundLevel::Provincial,
        &[80, 60],
        d(2026, 6, 30),
    );
    let list = store
        .issue_certificates(round, &issuer(PROVINCE), None, &chair_of(&store, round))
        .unwrap();
    let cert = &list[0];
    let payload = cert.payload();
    assert!(payload.starts_with("OCOP1|001/2026/GCN-OCOP|"), "{payload}");
    assert_eq!(Payload::parse(&payload).unwrap().to_string(), payload);
    let today = d(2026, 8, 1);
    let verdict = store.check_certificate_payload(&payload, today).unwrap();
    assert!(verdict.matches(), "{verdict:?}");
    assert!(matches!(verdict.expiry, Some(Expiry::Valid { .. })));

    // A forged payload: more stars.
    let forged = payload.replace("|4|", "|5|");
    let verdict = store.check_certificate_payload(&forged, today).unwrap();
    assert!(!verdict.matches());
    assert_eq!(
        verdict.problems,
        ["stars: the payload says \"5\", the database \"4\""]
    );
    // Another product's number.
    let swapped = payload.replace(
        &format!("|{}|", cert.product_id),
        &format!("|{}|", list[1].product_id),
    );
    let verdict = store.check_certificate_payload(&swapped, today).unwrap();
    assert_eq!(
        verdict.problems,
        [format!(
            "certificate 001/2026/GCN-OCOP was issued for product {}, not product {}",
            cert.product_id, list[1].product_id
        )]
    );
    let unknown = payload.replace("001/2026", "099/2026");
    let verdict = store.check_certificate_payload(&unknown, today).unwrap();
    assert_eq!(
        verdict.problems,
        ["no certificate numbered 099/2026/GCN-OCOP in this database"]
    );
    let verdict = store.check_certificate_payload("garbage", today).unwrap();
    assert!(verdict.problems[0].contains("not an OCOP certificate payload"));

    // Reprints keep the number and count up; nothing else about a certificate changes.
    let again = store
        .reprint_certificate(cert.id, &chair_of_certificate(&store, cert.id))
        .unwrap();
    assert_eq!(
        (again.number.as_str(), again.reprint_count),
        (cert.number.as_str(), 1)
    );
    assert!(again.is_copy());
    let raw =
        rusqlite::Connection::open(dir.path().join(ocop_council::store::DATABASE_FILE)).unwrap();
    for sql in [
        "UPDATE certificates SET stars = 5 WHERE seq = 1",
        "UPDATE certificates SET reprint_count = 0 WHERE seq = 1",
        "DELETE FROM certificates",
    ] {
        let err = raw.execute_batch(sql).unwrap_err();
        assert!(err.to_string().contains("certificate"), "{sql}: {err}");
    }
    // After dropping the guard, a raised star in the database is caught both by the
    // payload check (the printed QR still says 4) and by verify.
    raw.execute_batch(
        "DROP TRIGGER certificates_only_reprints; UPDATE certificates SET stars = 5 WHERE seq = 1;",
    )
    .unwrap();
    let verdict = store.check_certificate_payload(&payload, today).unwrap();
    assert!(
        verdict
            .problems
            .iter()
            .any(|p| p.contains("no longer matches its own digest")),
        "{verdict:?}"
    );
    let report = store.verify_round(round).unwrap();
    let certificates = report
        .checks
        .iter()
        .find(|c| c.kind.as_str() == "certificates")
        .unwrap();
    assert_eq!(
        certificates.problems,
        ["certificate 001/2026/GCN-OCOP no longer matches its digest (edited outside the app)"]
    );
}
