//! Issue 13's council edge cases: a quorum set as a fraction (kept and compared
//! exactly, carried in round packages, printed in the minutes), and the member the
//! council names to preside over a product from which the chair is recused when no
//! vice-chair stands in (recorded, audited, counted as the chair, in the minutes).

use crate::common::council::*;
use crate::common::{Cli, as_member};
use crate::pdf_documents::pdf_text;
use ocop_council::domain::council::ResultState;
use ocop_council::domain::criteria::{Catalog, catalog::DEFAULT_CRITERIA_SET};
use ocop_council::domain::quorum::QuorumShare;
use ocop_council::domain::round::RoundStatus;
use ocop_council::pdf::{DocAssets, MinutesData, MinutesExtras, render_minutes};
use ocop_council::store::{NewRound, Store};

fn minutes_text(c: &Council) -> String {
    let results = c.store.round_results(c.round).unwrap();
    let data = MinutesData::from_round_results(&results, &MinutesExtras::default());
    let bytes = render_minutes(&data, &DocAssets::embedded().unwrap()).unwrap();
    pdf_text(&bytes).1
}

#[test]
fn a_fractional_quorum_is_stored_exactly_and_a_percent_as_before() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path()).unwrap();
    let catalog = Catalog::embedded();
    let set = catalog.set(DEFAULT_CRITERIA_SET).unwrap();
    let mut create = |quorum: &str| {
        let mut new = NewRound::provincial("Đợt túc số", set);
        new.rules.quorum = QuorumShare::parse(quorum).unwrap();
        store.create_round(&new, &crate::common::office()).unwrap()
    };
    let two_thirds = create("2/3");
    let percent = create("75");
    assert_eq!(
        store.round(two_thirds).unwrap().rules.quorum.to_string(),
        "2/3"
    );
    assert_eq!(
        store.round(percent).unwrap().rules.quorum.to_string(),
        "75%"
    );
    // A whole percent leaves the fraction columns empty: stored (and sealed) exactly
    // as rounds were before the fraction existed.
    let raw =
        rusqlite::Connection::open(dir.path().join(ocop_council::store::DATABASE_FILE)).unwrap();
    let columns = |round: i64| -> (u32, Option<u32>, Option<u32>) {
        raw.query_row(
            "SELECT quorum_percent, quorum_numerator, quorum_denominator FROM rounds WHERE id = ?1",
            [round],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .unwrap()
    };
    assert_eq!(columns(percent.0), (75, None, None));
    assert_eq!(columns(two_thirds.0), (67, Some(2), Some(3)));
    // The schema refuses a fraction above 1 or half a fraction.
    for bad in [
        "UPDATE rounds SET quorum_numerator = 4, quorum_denominator = 3 WHERE id = 1",
        "UPDATE rounds SET quorum_denominator = NULL WHERE id = 1",
    ] {
        assert!(raw.execute_batch(bad).is_err(), "{bad}");
    }
}

#[test]
fn the_cli_takes_a_fraction_and_the_results_and_minutes_show_it() {
    let cli = Cli::new();
    let round = cli.id(&["round", "create", "--name", "Đợt 2/3", "--quorum", "2/3"]);
    let r = round.to_string();
    let json = cli.json(&["results", "--round", &r, "--format", "json"]);
    assert_eq!(json["round"]["quorum"], "2/3");
    assert!(json["round"].get("quorum_percent").is_none());
    let percent = cli.id(&["round", "create", "--name", "Đợt 75", "--quorum", "75"]);
    let json = cli.json(&[
        "results",
        "--round",
        &percent.to_string(),
        "--format",
        "json",
    ]);
    assert_eq!(json["round"]["quorum"], "75%");
    assert_eq!(json["round"]["quorum_percent"], 75);
    for bad in ["4/3", "0", "101", "2/0", "ba phần tư"] {
        let err = cli.fails(&["round", "create", "--name", "x", "--quorum", bad]);
        assert!(err.contains("quorum"), "{bad}: {err}");
    }
    let out = cli.dir().join("bien-ban.pdf");
    cli.ok(&["minutes", "--round", &r, "--out", out.to_str().unwrap()]);
    let (_, text) = pdf_text(&std::fs::read(&out).unwrap());
    assert!(
        text.contains("ít nhất 2/3 số thành viên có quyền chấm"),
        "{text}"
    );
    assert!(text.contains("làm tròn lên"), "{text}");
}

#[test]
fn a_two_thirds_quorum_finalizes_where_three_quarters_would_not() {
    // Five voting members, two recused: three eligible. 2/3 of 3 is exactly 2; 75%
    // of 3 is 2.25, rounded up to 3. The same two sheets meet one and not the other.
    let scored = |quorum: &str| {
        let mut c = council_with_quorum(1, QuorumShare::parse(quorum).unwrap());
        let p = c.products[0];
        for m in [c.m2, c.m3] {
            c.store
                .record_recusal(p, m, "Người nhà chủ thể", &as_member(m))
                .unwrap();
        }
        c.store
            .advance_round(c.round, RoundStatus::Scoring, &as_member(c.chair))
            .unwrap();
        c.submit(p, c.chair, 80);
        c.submit(p, c.vice, 78);
        let r = c.store.product_result(p).unwrap().result;
        (r.quorum.eligible, r.quorum.required, r.state)
    };
    assert_eq!(scored("2/3"), (3, 2, ResultState::Final));
    assert_eq!(scored("75"), (3, 3, ResultState::PendingQuorum));
    assert_eq!(scored("3/4"), (3, 3, ResultState::PendingQuorum));
}

/// A council whose chair and vice-chair are both recused from the product, so no
/// vice-chair stands in; the three ordinary members score.
fn chairless_product() -> (Council, ocop_council::domain::ids::ProductId) {
    let mut c = council(2);
    let p = c.products[0];
    c.store
        .record_recusal(p, c.chair, "Người nhà chủ thể", &as_member(c.chair))
        .unwrap();
    c.store
        .record_recusal(p, c.vice, "Góp vốn vào HTX", &as_member(c.vice))
        .unwrap();
    c.store
        .advance_round(c.round, RoundStatus::Scoring, &as_member(c.chair))
        .unwrap();
    for (m, total) in [(c.m1, 76), (c.m2, 75), (c.m3, 74)] {
        c.submit(p, m, total);
    }
    // The other product is scored normally (chair presides).
    let q = c.products[1];
    for (m, total) in [(c.chair, 80), (c.vice, 78), (c.m1, 76), (c.m2, 74)] {
        c.submit(q, m, total);
    }
    (c, p)
}

#[test]
fn the_presiding_member_stands_in_for_a_recused_chair_and_the_round_finalizes() {
    let (mut c, p) = chairless_product();
    let r = c.store.product_result(p).unwrap().result;
    assert!(!r.quorum.chair_took_part);
    assert_eq!(r.state, ResultState::PendingQuorum, "blocked without it");

    // The recused chair may not name who presides; neither may an ordinary member.
    for who in [c.chair, c.m1] {
        let err = c
            .store
            .name_presiding_member(p, c.m2, &as_member(who))
            .unwrap_err();
        assert!(
            err.to_string()
                .contains("may not record the member presiding for a recused chair"),
            "{err}"
        );
    }
    // The member named must vote and not be recused.
    let err = c
        .store
        .name_presiding_member(p, c.secretary, &as_member(c.secretary))
        .unwrap_err();
    assert!(err.to_string().contains("does not vote"), "{err}");
    let err = c
        .store
        .name_presiding_member(p, c.vice, &as_member(c.secretary))
        .unwrap_err();
    assert!(err.to_string().contains("is recused"), "{err}");
    // Not where the chair presides.
    let err = c
        .store
        .name_presiding_member(c.products[1], c.m1, &as_member(c.secretary))
        .unwrap_err();
    assert!(
        err.to_string().contains("the chair is not recused"),
        "{err}"
    );

    // The secretary records the council's choice: m2 counts as the chair.
    c.store
        .name_presiding_member(p, c.m2, &as_member(c.secretary))
        .unwrap();
    let outcome = c.store.product_result(p).unwrap();
    assert_eq!(outcome.presiding.map(|p| p.member), Some(c.m2));
    assert!(outcome.result.quorum.chair_took_part);
    assert_eq!(outcome.result.state, ResultState::Final);
    let rows = c.store.presiding_members(c.round).unwrap();
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].member_name, "Ủy viên Hai");
    assert_eq!(rows[0].recorded_by, "Thư Ký (secretary)");
    let audit = c.store.audit_log(c.round).unwrap();
    let entry = audit
        .iter()
        .find(|e| e.action == "presiding.name")
        .expect("audited");
    assert!(entry.actor.contains("role=secretary"), "{}", entry.actor);

    let minutes = minutes_text(&c);
    assert!(
        minutes.contains("Hội đồng cử Ủy viên Hai chủ trì thay đối với sản phẩm này"),
        "{minutes}"
    );

    c.store
        .advance_round(c.round, RoundStatus::Deliberation, &as_member(c.chair))
        .unwrap();
    c.store
        .finalize_round(c.round, &decision(), &as_member(c.chair))
        .unwrap();
    let report = c.store.verify_round(c.round).unwrap();
    assert!(report.passed(), "{:?}", report.checks);

    // Frozen with the round, by the app and by the schema.
    let err = c
        .store
        .name_presiding_member(p, c.m3, &as_member(c.secretary))
        .unwrap_err();
    not_in_state(err, RoundStatus::Finalized);
    let msg = refused(
        &c.raw(),
        &format!("UPDATE presiding_members SET member_id = {}", c.m3.0),
    );
    assert!(msg.contains("presiding member cannot change"), "{msg}");
}

#[test]
fn a_forged_presiding_member_breaks_the_seal() {
    let (mut c, p) = chairless_product();
    c.store
        .name_presiding_member(p, c.m2, &as_member(c.secretary))
        .unwrap();
    c.store
        .advance_round(c.round, RoundStatus::Deliberation, &as_member(c.chair))
        .unwrap();
    c.store
        .finalize_round(c.round, &decision(), &as_member(c.chair))
        .unwrap();
    let raw = c.raw();
    raw.execute_batch(
        "DROP TRIGGER presiding_members_frozen_update;
         UPDATE presiding_members SET member_id = member_id + 1;",
    )
    .unwrap();
    let report = c.store.verify_round(c.round).unwrap();
    assert!(!report.passed(), "the seal covers the presiding member");
}

#[test]
fn the_cli_names_the_presiding_member_with_the_global_by() {
    let cli = Cli::new();
    let r = cli.id(&["round", "create", "--name", "Đợt không có Phó Chủ tịch"]);
    let rs = r.to_string();
    let add = |name: &str, role: &str| {
        cli.id(&[
            "member", "add", "--round", &rs, "--name", name, "--role", role,
        ])
    };
    let chair = add("Nguyễn Văn An", "chair");
    let m2 = add("Trần Thị Bình", "member");
    let _m3 = add("Lê Văn Cường", "member");
    let secretary = add("Phạm Thư Ký", "secretary");
    let product = cli.id(&[
        "product",
        "add",
        "--round",
        &rs,
        "--name",
        "Gạo ST25",
        "--set",
        "3",
        "--producer",
        "HTX Hòa Lộc",
    ]);
    let (p, c, m, s) = (
        product.to_string(),
        chair.to_string(),
        m2.to_string(),
        secretary.to_string(),
    );
    cli.ok(&[
        "--by",
        &c,
        "recuse",
        "--round",
        &rs,
        "--product",
        &p,
        "--member",
        &c,
        "--reason",
        "Người nhà chủ thể",
    ]);
    let err = cli.fails(&[
        "--by",
        &c,
        "presiding",
        "--round",
        &rs,
        "--product",
        &p,
        "--member",
        &m,
    ]);
    assert!(err.contains("may not record the member presiding"), "{err}");
    let out = cli.ok(&[
        "--by",
        &s,
        "presiding",
        "--round",
        &rs,
        "--product",
        &p,
        "--member",
        &m,
    ]);
    assert!(
        out.contains(&format!("member {m} presides over product {p}")),
        "{out}"
    );
    let audit = cli.ok(&["audit", "--round", &rs]);
    assert!(audit.contains("presiding.name"), "{audit}");
}

#[test]
fn a_round_package_carries_the_fraction_to_a_members_laptop() {
    use crate::common::laptops::Laptop;
    let office = Cli::new();
    let r = office.id(&["round", "create", "--name", "Đợt 2/3", "--quorum", "2/3"]);
    let rs = r.to_string();
    for (name, role) in [("Lâm Văn Chủ", "chair"), ("Ủy viên Một", "member")] {
        office.ok(&[
            "member", "add", "--round", &rs, "--name", name, "--role", role,
        ]);
    }
    let package = office.dir().join("dot.ocop-round");
    office.ok(&[
        "package",
        "export-round",
        "--round",
        &rs,
        "--out",
        package.to_str().unwrap(),
        "--allow-missing-keys",
    ]);
    let laptop = Laptop::new();
    laptop.import(&package);
    let uid = office.json(&["round", "list", "--json"])[0]["uid"]
        .as_str()
        .unwrap()
        .to_string();
    let local = laptop.round(&uid).to_string();
    let json = laptop
        .cli
        .json(&["results", "--round", &local, "--format", "json"]);
    assert_eq!(json["round"]["quorum"], "2/3");
}

#[test]
fn the_exports_say_who_presided_and_not_a_member_recused_since() {
    use calamine::Reader;
    use ocop_council::export::results::{ResultsDocument, write_csv};
    use ocop_council::export::xlsx::{ExportExtras, workbook};
    let (mut c, p) = chairless_product();
    c.store
        .name_presiding_member(p, c.m2, &as_member(c.secretary))
        .unwrap();
    let results = c.store.round_results(c.round).unwrap();

    // JSON: who, and who recorded the council's choice when; nobody where the
    // chair presides.
    let json: serde_json::Value =
        serde_json::from_str(&ResultsDocument::new(&results).to_json()).unwrap();
    let presiding = &json["products"][0]["presiding"];
    assert_eq!(presiding["member"], c.m2.0);
    assert_eq!(presiding["name"], "Ủy viên Hai");
    assert_eq!(presiding["recorded_by"], "Thư Ký (secretary)");
    let recorded_at = presiding["recorded_at"].as_str().unwrap();
    assert!(
        chrono::DateTime::parse_from_rfc3339(recorded_at).is_ok(),
        "{recorded_at}"
    );
    assert_eq!(json["products"][1]["presiding"], serde_json::Value::Null);

    // CSV: a last column with the name.
    let mut csv_bytes = Vec::new();
    write_csv(&results, &mut csv_bytes).unwrap();
    let mut reader = csv::Reader::from_reader(&csv_bytes[3..]);
    let header = reader.headers().unwrap().clone();
    assert_eq!(header.iter().next_back(), Some("Chủ trì thay Chủ tịch"));
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows[0].iter().next_back(), Some("Ủy viên Hai"));
    assert_eq!(rows[1].iter().next_back(), Some(""));

    // The workbook's results sheet: in the notes column.
    let extras = ExportExtras::default();
    let bytes = workbook(&results, &c.store.round_answers(c.round).unwrap(), &extras).unwrap();
    let mut book = calamine::Xlsx::new(std::io::Cursor::new(bytes)).unwrap();
    let sheet = book.worksheet_range("Kết quả").unwrap();
    let rows: Vec<Vec<String>> = sheet
        .rows()
        .map(|r| r.iter().map(ToString::to_string).collect())
        .collect();
    let header = rows
        .iter()
        .position(|r| r.iter().any(|c| c == "Tên sản phẩm"))
        .unwrap();
    let notes = rows[header]
        .iter()
        .position(|c| c == "Giới hạn sao / bị loại / chủ trì")
        .unwrap();
    let note = &rows[header + 1][notes];
    assert!(
        note.contains("Chủ trì thay Chủ tịch: Ủy viên Hai (ghi nhận: Thư Ký (secretary), "),
        "{note}"
    );
    assert!(!rows[header + 2][notes].contains("Chủ trì"), "{rows:?}");

    // Recused since being named: they no longer preside, in every export and the
    // minutes (the quorum does not count them either).
    c.store
        .record_recusal(p, c.m2, "Nhận tư vấn cho chủ thể", &as_member(c.m2))
        .unwrap();
    let results = c.store.round_results(c.round).unwrap();
    let json: serde_json::Value =
        serde_json::from_str(&ResultsDocument::new(&results).to_json()).unwrap();
    assert_eq!(json["products"][0]["presiding"], serde_json::Value::Null);
    assert_eq!(json["products"][0]["quorum"]["chair_took_part"], false);
    assert!(!minutes_text(&c).contains("Hội đồng cử Ủy viên Hai chủ trì"));
}
