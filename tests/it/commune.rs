//! The commune's report (QĐ 1489/2025) end to end: a bundle with one round-trips
//! through import → export → import with its findings; a round from 06/07/2025
//! flags a dossier without one (an earlier round asks nothing); a finding on a
//! criterion the set does not have is refused by name; and on the desk the
//! finding shows beside A.1.a as evidence while the member's choice stays free.

use std::path::{Path, PathBuf};

use crate::common::Cli;
use crate::common::ui::*;
use egui_kittest::kittest::Queryable;
use ocop_council::app::Session;
use ocop_council::app::dossier;
use ocop_council::domain::ids::ProductId;
use serde_json::Value;

fn sample(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("assets/samples")
        .join(name)
}

const RICE: &str = "01-gao-st25-hoa-tu";

fn commune_report_of(data: &Path, product: i64) -> Value {
    let session = Session::open(data).unwrap();
    let view = dossier::dossier_view(&session, ProductId(product))
        .unwrap()
        .expect("a dossier");
    serde_json::to_value(&view.dossier.facts.commune_report).unwrap()
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

#[test]
fn a_bundle_with_a_commune_report_round_trips_with_its_findings() {
    let a = Cli::new();
    let round = a
        .id(&[
            "round",
            "create",
            "--name",
            "Đợt 1/2026",
            "--starts-on",
            "2026-03-02",
        ])
        .to_string();
    let product = a.id(&[
        "dossier",
        "import",
        sample(RICE).to_str().unwrap(),
        "--round",
        &round,
    ]);
    let report = commune_report_of(a.dir(), product);
    assert_eq!(report["report_number"], "45/BC-UBND");
    assert_eq!(report["signed_by"], "Nguyễn Văn Hai");
    assert_eq!(report["request_number"], "46/UBND-KT");
    let findings = report["findings"].as_array().unwrap();
    let criteria: Vec<&str> = findings
        .iter()
        .map(|f| f["criterion"].as_str().unwrap())
        .collect();
    assert_eq!(criteria, ["A.1.a", "A.2.a", "A.3.c", "B.5.b"]);
    assert_eq!(
        findings[2]["text"],
        "52/60 lao động (87%) là người trong xã"
    );

    let out = tempfile::tempdir().unwrap();
    let zip = out.path().join("gao.zip");
    a.ok(&[
        "dossier",
        "export",
        &product.to_string(),
        "--out",
        zip.to_str().unwrap(),
    ]);
    let b = Cli::new();
    let round_b = b
        .id(&[
            "round",
            "create",
            "--name",
            "Đợt B",
            "--starts-on",
            "2026-03-02",
        ])
        .to_string();
    let again = b.id(&[
        "dossier",
        "import",
        zip.to_str().unwrap(),
        "--round",
        &round_b,
    ]);
    assert_eq!(commune_report_of(b.dir(), again), report);
    // The scan came along as its own evidence kind, and nothing is missing.
    let list = b.json(&["dossier", "list", "--round", &round_b, "--json"]);
    assert_eq!(list[0]["required_missing"], serde_json::json!([]), "{list}");
    // Into the same round: recognised as already imported.
    let out = a.run(&[
        "dossier",
        "import",
        zip.to_str().unwrap(),
        "--round",
        &round,
    ]);
    assert!(String::from_utf8_lossy(&out.stderr).contains("already imported"));
}

#[test]
fn the_round_package_carries_the_commune_report_to_a_members_laptop() {
    let sec = Cli::new();
    let rs = sec
        .id(&[
            "round",
            "create",
            "--name",
            "Đợt 1/2026",
            "--starts-on",
            "2026-03-02",
        ])
        .to_string();
    for (name, role) in [("Lâm Văn Chủ", "chair"), ("Ủy viên Một", "member")] {
        sec.ok(&[
            "member", "add", "--round", &rs, "--name", name, "--role", role,
        ]);
    }
    let product = sec.id(&[
        "dossier",
        "import",
        sample(RICE).to_str().unwrap(),
        "--round",
        &rs,
    ]);
    let laptop = crate::common::laptops::Laptop::new();
    sec.ok(&["member", "set-key", "--member", "2", "--key", &laptop.key]);
    sec.ok(&[
        "--by", "1", "round", "advance", "--round", &rs, "--to", "scoring",
    ]);
    let package = sec.dir().join("dot-1.ocop-round");
    sec.ok(&[
        "package",
        "export-round",
        "--round",
        &rs,
        "--out",
        package.to_str().unwrap(),
        "--allow-missing-keys",
    ]);
    laptop.import(&package);
    let uid = sec.json(&["round", "list", "--json"])[0]["uid"]
        .as_str()
        .unwrap()
        .to_string();
    let there = laptop.round(&uid);
    let list = laptop
        .cli
        .json(&["product", "list", "--round", &there.to_string(), "--json"]);
    let on_laptop = list[0]["id"].as_i64().unwrap();
    assert_eq!(
        commune_report_of(laptop.cli.dir(), on_laptop),
        commune_report_of(sec.dir(), product)
    );
    assert_eq!(
        commune_report_of(laptop.cli.dir(), on_laptop)["findings"][0]["option"],
        "A.1.a.3"
    );
}

#[test]
fn a_round_from_6_july_2025_flags_a_dossier_without_a_commune_report() {
    let cli = Cli::new();
    let after = cli
        .id(&[
            "round",
            "create",
            "--name",
            "Đợt 2026",
            "--starts-on",
            "2026-03-02",
        ])
        .to_string();
    let before = cli
        .id(&[
            "round",
            "create",
            "--name",
            "Đợt 2024",
            "--starts-on",
            "2024-10-01",
        ])
        .to_string();
    let honey = sample("05-mat-ong-cu-lao-dung");
    for round in [&after, &before] {
        cli.ok(&[
            "dossier",
            "import",
            honey.to_str().unwrap(),
            "--round",
            round,
        ]);
    }
    let flagged = cli.json(&["dossier", "list", "--round", &after, "--json"]);
    let missing = flagged[0]["required_missing"].as_array().unwrap();
    assert!(missing.iter().any(|m| m == "commune-report"), "{flagged}");
    assert_eq!(flagged[0]["complete"], false);
    // Flagged, not refused: the product is there, and it is not a hard condition.
    assert!(
        !flagged[0]["hard_conditions_missing"]
            .as_array()
            .unwrap()
            .iter()
            .any(|m| m == "commune-report")
    );
    let earlier = cli.json(&["dossier", "list", "--round", &before, "--json"]);
    assert!(
        !earlier[0]["required_missing"]
            .as_array()
            .unwrap()
            .iter()
            .any(|m| m == "commune-report"),
        "{earlier}"
    );
}

#[test]
fn a_finding_on_a_criterion_the_set_lacks_is_refused_with_a_clear_message() {
    let cli = Cli::new();
    let round = cli
        .id(&[
            "round",
            "create",
            "--name",
            "Đợt 1/2026",
            "--starts-on",
            "2026-03-02",
        ])
        .to_string();
    let bundle = tempfile::tempdir().unwrap();
    copy_dir(&sample(RICE), bundle.path());
    let manifest_path = bundle.path().join("dossier.json");
    let mut manifest: Value =
        serde_json::from_str(&std::fs::read_to_string(&manifest_path).unwrap()).unwrap();
    manifest["commune_report"]["findings"][1]["criterion"] = "A.9.z".into();
    manifest["commune_report"]["findings"][3]["criterion"] = "A.1.b".into();
    manifest["commune_report"]["report_date"] = "26/02/2026".into();
    std::fs::write(&manifest_path, manifest.to_string()).unwrap();
    let stderr = cli.fails(&[
        "dossier",
        "import",
        bundle.path().to_str().unwrap(),
        "--round",
        &round,
    ]);
    for expected in [
        "dossier.json: commune_report.findings[1].criterion: criterion A.9.z is not on the sheet of product set 3",
        "dossier.json: commune_report.findings[3].criterion: criterion A.1.b is not one of the criteria the commune assesses on the sheet of product set 3 (A.1.a, A.2.a, A.3.c, B.5.b)",
        "commune_report.report_date \"26/02/2026\" is not a date written YYYY-MM-DD",
    ] {
        assert!(stderr.contains(expected), "{expected}\nnot in:\n{stderr}");
    }
    // Nothing was written.
    let list = cli.json(&["dossier", "list", "--round", &round, "--json"]);
    assert_eq!(list, serde_json::json!([]));
    // `dossier check` says the same without a round.
    let checked = cli.fails(&["dossier", "check", bundle.path().to_str().unwrap()]);
    assert!(
        checked.contains("A.9.z is not on the sheet of product set 3"),
        "{checked}"
    );
}

#[test]
fn the_desk_shows_the_communes_finding_beside_a_1_a_and_leaves_the_choice_free() {
    let dir = tempfile::tempdir().unwrap();
    vietnamese(dir.path());
    let mut harness = harness(dir.path());
    harness
        .get_by_label("Tải đợt minh họa (9 hồ sơ hư cấu)")
        .click();
    settle(&mut harness);
    harness.get_by_value("— chọn —").click();
    harness.run();
    harness.get_by_label("Nguyễn Hoàng Phúc (Ủy viên)").click();
    settle(&mut harness);
    let before = answers_of_phuc(dir.path());
    harness.get_by_label("Gạo ST25 Ruộng Tôm Hòa Tú").click();
    settle(&mut harness);

    // The dossier panel's section.
    harness.get_by_label("Báo cáo của UBND cấp xã (QĐ 1489/2025)");
    harness.get_by_label("45/BC-UBND ngày 26/02/2026");
    harness.get_by_label("Nguyễn Văn Hai");
    harness.get_by_label("46/UBND-KT ngày 27/02/2026");

    // On the sheet: one finding per commune criterion, marked as evidence.
    assert_eq!(harness.query_all_by_label("UBND xã đánh giá:").count(), 4);
    // The words show twice: in the dossier panel (left) and on the sheet (right).
    let words = "5đ · Sản phẩm được trồng trên địa bàn cấp xã từ 75% đến 100%";
    assert_eq!(harness.query_all_by_label(words).count(), 2);
    let on_sheet = |label: &str| {
        harness
            .query_all_by_label(label)
            .map(|n| n.rect())
            .max_by(|a, b| a.center().x.total_cmp(&b.center().x))
            .unwrap()
    };
    // Beside A.1.a: below its id, above the next criterion's.
    let y = on_sheet(words).center().y;
    let a1a = on_sheet("A.1.a").center().y;
    let a1b = on_sheet("A.1.b").center().y;
    assert!(a1a < y && y < a1b, "A.1.a {a1a}, finding {y}, A.1.b {a1b}");
    assert_eq!(
        harness
            .query_all_by_label(
                "3đ · Có sử dụng ≥ 75% lao động là người trên địa bàn cấp huyện «52/60 lao động (87%) là người trong xã»"
            )
            .count(),
        2
    );
    assert!(
        harness
            .query_all_by_label_contains("Minh chứng, không phải điểm")
            .count()
            >= 4
    );

    // The finding filled nothing: the member's answers are what they were
    // before the sheet was opened.
    assert_eq!(answers_of_phuc(dir.path()), before);
}

/// Nguyễn Hoàng Phúc's answers on the rice sheet (the demo may have scored some).
fn answers_of_phuc(dir: &Path) -> Vec<(String, String)> {
    let db = rusqlite::Connection::open(dir.join(ocop_council::store::DATABASE_FILE)).unwrap();
    let mut stmt = db
        .prepare(
            "SELECT a.criterion_id, a.choice_id FROM answers a JOIN sheets s ON s.id = a.sheet_id
             JOIN members m ON m.id = s.member_id JOIN products p ON p.id = s.product_id
             WHERE m.name = 'Nguyễn Hoàng Phúc' AND p.name = 'Gạo ST25 Ruộng Tôm Hòa Tú'
             ORDER BY a.criterion_id",
        )
        .unwrap();
    stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect()
}

#[test]
fn loose_files_carry_a_typed_commune_report_and_its_scan() {
    use ocop_council::app::dossier::LooseFile;
    use ocop_council::domain::commune::{CommuneFinding, CommuneReport};
    use ocop_council::domain::criteria::CriterionId;
    use ocop_council::domain::dossier::{
        DossierFacts, DossierProducer, EvidenceKind, ProducerType, RegistrationType,
    };
    use ocop_council::domain::ids::RoundId;

    let cli = Cli::new();
    let round = RoundId(cli.id(&[
        "round",
        "create",
        "--name",
        "Đợt 1/2026",
        "--starts-on",
        "2026-03-02",
    ]));
    let mut session = Session::open(cli.dir()).unwrap();
    let mut report = CommuneReport {
        commune: "Xã Phú Tân".into(),
        report_number: "12/BC-UBND".into(),
        report_date: "2026-02-20".into(),
        signed_by: "Trần Văn Chủ".into(),
        request_number: None,
        request_date: None,
        findings: vec![CommuneFinding {
            criterion: CriterionId("A.3.c".into()),
            option: None,
            text: Some("Cả 6 lao động là người trong xã".into()),
            note: Some("Theo danh sách lao động có xác nhận".into()),
        }],
    };
    let facts = DossierFacts {
        registration_type: RegistrationType::New,
        product_name: "Bánh pía kiểm thử".into(),
        product_set: 6,
        product_code: None,
        producer: DossierProducer {
            name: "Cơ sở Kiểm Thử".into(),
            producer_type: ProducerType::Household,
            legal_representative: "Trần Văn Thử".into(),
            address: "Ấp 1".into(),
            province: "Sóc Trăng".into(),
            commune: "Xã Phú Tân".into(),
            phone: None,
        },
        sample_count: 5,
        previous_star: None,
        certificate_number: None,
        fictional: true,
        commune_report: Some(report.clone()),
    };
    let scan = LooseFile {
        path: sample(RICE).join("bao-cao-ubnd-xa.pdf"),
        kind: EvidenceKind::CommuneReport,
        title: None,
        criteria: vec![],
    };
    let actor = crate::common::office();
    // A finding on a line the set does not have is named, nothing imported.
    report.findings[0].criterion = CriterionId("A.1.b".into());
    let bad = DossierFacts {
        commune_report: Some(report),
        ..facts.clone()
    };
    let refused = dossier::import_loose_files(
        &mut session,
        round,
        &bad,
        None,
        std::slice::from_ref(&scan),
        &actor,
        &mut |_| {},
    )
    .unwrap()
    .unwrap_err();
    assert!(
        refused.problems.iter().any(|p| p
            .problem
            .to_string()
            .contains("A.1.b is not one of the criteria the commune assesses")),
        "{:?}",
        refused.problems
    );
    let saved = dossier::import_loose_files(
        &mut session,
        round,
        &facts,
        None,
        &[scan],
        &actor,
        &mut |_| {},
    )
    .unwrap()
    .unwrap();
    let view = dossier::dossier_view(&session, saved.product)
        .unwrap()
        .unwrap();
    assert_eq!(view.dossier.facts.commune_report, facts.commune_report);
    assert_eq!(view.files[0].kind, EvidenceKind::CommuneReport);
    assert!(
        view.completeness
            .items
            .iter()
            .any(|i| i.id == "commune-report" && i.is_present())
    );
}

#[test]
fn the_minutes_name_each_products_commune_report_or_its_absence() {
    use ocop_council::app::documents::minutes_input;
    use ocop_council::domain::ids::RoundId;
    use ocop_council::pdf::MinutesExtras;

    let cli = Cli::new();
    let rs = cli
        .id(&[
            "round",
            "create",
            "--name",
            "Đợt 1/2026",
            "--starts-on",
            "2026-03-02",
        ])
        .to_string();
    for name in [RICE, "05-mat-ong-cu-lao-dung"] {
        cli.ok(&[
            "dossier",
            "import",
            sample(name).to_str().unwrap(),
            "--round",
            &rs,
        ]);
    }
    let session = Session::open(cli.dir()).unwrap();
    let round = RoundId(rs.parse().unwrap());
    let (data, _) = minutes_input(&session, round, MinutesExtras::default()).unwrap();
    let said: Vec<Option<&str>> = data
        .products
        .iter()
        .map(|p| p.commune_report.as_deref())
        .collect();
    assert_eq!(
        said,
        [
            Some(
                "Báo cáo đánh giá của UBND Xã Hòa Tú số 45/BC-UBND ngày 26/02/2026 (người ký: Nguyễn Văn Hai); văn bản đề nghị số 46/UBND-KT ngày 27/02/2026."
            ),
            Some("Hồ sơ chưa có Báo cáo đánh giá của UBND cấp xã."),
        ]
    );
    // The PDF prints it.
    let out = cli.dir().join("bien-ban.pdf");
    cli.ok(&["minutes", "--round", &rs, "--out", out.to_str().unwrap()]);
    let (_, text) = crate::pdf_documents::pdf_text(&std::fs::read(&out).unwrap());
    let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(flat.contains("45/BC-UBND ngày 26/02/2026"), "{flat}");
}
