//! Certificates after issue: the record they print (producer, address, issuer,
//! signatory) is covered by the digest and frozen with the round; numbering per
//! normalised authority; revocation is append-only, refuses reprints, and makes
//! verify-certificate fail.

use chrono::NaiveDate;
use ocop_council::domain::ids::MemberId;
use ocop_council::domain::round::RoundLevel;
use ocop_council::store::Store;

use crate::certificates::{finalized_round, issuer};
use crate::common::council::refused;
use crate::common::{as_member, chair_of, chair_of_certificate};

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

/// (chair, member) of a round made by `finalized_round`.
fn chair_and_member(
    store: &Store,
    round: ocop_council::domain::ids::RoundId,
) -> (MemberId, MemberId) {
    let members = store.members(round).unwrap();
    (members[0].id, members[1].id)
}

#[test]
fn two_spellings_of_one_committee_share_one_sequence_and_the_record_is_frozen() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path()).unwrap();
    let (r1, _) = finalized_round(
        &mut store,
        RoundLevel::Provincial,
        &[80, 60],
        d(2026, 6, 30),
    );
    let first = store
        .issue_certificates(
            r1,
            &issuer("UBND tỉnh Sóc Trăng"),
            None,
            &chair_of(&store, r1),
        )
        .unwrap();
    let (r2, _) = finalized_round(&mut store, RoundLevel::Provincial, &[75], d(2026, 8, 1));
    let second = store
        .issue_certificates(
            r2,
            &issuer("ỦY BAN NHÂN DÂN TỈNH SÓC TRĂNG"),
            None,
            &chair_of(&store, r2),
        )
        .unwrap();
    assert_eq!(first.len(), 2);
    assert_eq!(second[0].number, "003/2026/GCN-OCOP");

    // What it prints is recorded with it.
    let recorded = first[0].recorded.clone().unwrap();
    assert_eq!(recorded.producer_name, "Cơ sở nước mắm 1");
    assert_eq!(
        recorded.producer_address,
        "Ấp Vĩnh Thạnh 1, Xã Vĩnh Hải, Sóc Trăng"
    );
    assert_eq!(recorded.signatory_name, "Lâm Văn Phó");
    assert!(recorded.signatory_title.contains("KT. CHỦ TỊCH"));

    // Producers, dossiers and the certificate record of an issued round are frozen.
    let conn = rusqlite::Connection::open(dir.path().join("ocop-council.sqlite3")).unwrap();
    let err = refused(&conn, "UPDATE producers SET name = 'HTX Giả mạo'");
    assert!(err.contains("producers cannot change"), "{err}");
    let err = refused(
        &conn,
        "UPDATE certificates SET producer_address = 'Xã khác'",
    );
    assert!(err.contains("a certificate never changes"), "{err}");
    let err = refused(
        &conn,
        &format!(
            "INSERT INTO dossiers (round_id, product_id, version, content_hash, registration_type,
                 product_set, fictional, facts_json, source_name, imported_at, imported_by)
             VALUES ({r1}, {}, 9, 'x', 'new', 9, 1, '{{}}', 'x', 't', 't')",
            first[0].product_id
        ),
    );
    assert!(err.contains("dossiers cannot change"), "{err}");
    assert!(store.verify_round(r1).unwrap().passed());
}

#[test]
fn issuing_needs_every_producer_address_and_a_whole_issuer() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path()).unwrap();
    let (round, products) =
        finalized_round(&mut store, RoundLevel::Provincial, &[80], d(2026, 6, 30));
    // No signatory: refused, nothing issued.
    let mut bad = issuer("UBND tỉnh Sóc Trăng");
    bad.signatory_name = " ".into();
    let err = store
        .issue_certificates(round, &bad, None, &chair_of(&store, round))
        .unwrap_err()
        .to_string();
    assert!(err.contains("signatory name is empty"), "{err}");
    assert!(store.certificates(round).unwrap().is_empty());
    // A producer without an address cannot be issued (it is printed); the round is
    // frozen, so this is checked on a raw copy of the database before it was.
    let conn = rusqlite::Connection::open(dir.path().join("ocop-council.sqlite3")).unwrap();
    let err = refused(
        &conn,
        &format!(
            "UPDATE producers SET address = NULL, commune = NULL, province = NULL
             WHERE id = (SELECT producer_id FROM products WHERE id = {})",
            products[0]
        ),
    );
    assert!(err.contains("producers cannot change"), "{err}");
}

#[test]
fn a_revoked_certificate_keeps_its_number_fails_verification_and_is_not_reprinted() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path()).unwrap();
    let (round, _) = finalized_round(
        &mut store,
        RoundLevel::Provincial,
        &[80, 60],
        d(2026, 6, 30),
    );
    let list = store
        .issue_certificates(
            round,
            &issuer("UBND tỉnh Sóc Trăng"),
            None,
            &chair_of(&store, round),
        )
        .unwrap();
    let (chair, member) = chair_and_member(&store, round);
    let cert = &list[0];

    // Only the chair or the secretary records it.
    let err = store
        .revoke_certificate(
            cert.id,
            "58/QĐ-UBND",
            d(2027, 3, 1),
            "Vi phạm quy chế",
            &as_member(member),
        )
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("may not revoke a certificate: only the chair, or the secretary may"),
        "{err}"
    );
    // Not before the certificate.
    let err = store
        .revoke_certificate(cert.id, "58/QĐ-UBND", d(2026, 1, 1), "x", &as_member(chair))
        .unwrap_err()
        .to_string();
    assert!(err.contains("predates the certificate"), "{err}");

    let revoked = store
        .revoke_certificate(
            cert.id,
            "58/QĐ-UBND",
            d(2027, 3, 1),
            "Vi phạm quy chế",
            &as_member(chair),
        )
        .unwrap();
    assert_eq!(revoked.number, cert.number);
    let r = revoked.revocation.clone().unwrap();
    assert_eq!((r.decision_no.as_str(), r.member), ("58/QĐ-UBND", chair));
    // Audited with the member as the actor.
    let log = store.audit_log(round).unwrap();
    let entry = log
        .iter()
        .find(|e| e.action == "certificate.revoke")
        .unwrap();
    assert!(entry.actor.contains("Chủ tịch"), "{entry:?}");
    // Once only; no reprint.
    assert!(
        store
            .revoke_certificate(
                cert.id,
                "59/QĐ-UBND",
                d(2027, 3, 2),
                "again",
                &as_member(chair)
            )
            .is_err()
    );
    let err = store
        .reprint_certificate(cert.id, &chair_of_certificate(&store, cert.id))
        .unwrap_err()
        .to_string();
    assert!(err.contains("not reprinted"), "{err}");
    // The payload still matches its record, but the certificate is revoked.
    let verdict = store
        .check_certificate_payload(&cert.payload(), d(2027, 4, 1))
        .unwrap();
    assert!(verdict.matches() && !verdict.stands());
    assert_eq!(verdict.revocation.unwrap().decision_no, "58/QĐ-UBND");
    // The record is append-only, whatever connection tries.
    let conn = rusqlite::Connection::open(dir.path().join("ocop-council.sqlite3")).unwrap();
    let err = refused(&conn, "UPDATE certificate_revocations SET reason = 'nhầm'");
    assert!(err.contains("never edited"), "{err}");
    let err = refused(&conn, "DELETE FROM certificate_revocations");
    assert!(err.contains("never deleted"), "{err}");
    let err = refused(
        &conn,
        &format!(
            "UPDATE certificates SET reprint_count = reprint_count + 1 WHERE id = {}",
            cert.id
        ),
    );
    assert!(err.contains("not reprinted"), "{err}");
    // The other certificate is untouched.
    assert!(store.certificate(list[1].id).unwrap().revocation.is_none());
}
