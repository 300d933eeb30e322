//! The lifecycle commands end to end: recuse, rescore, product disqualify,
//! by-criterion, round advance/finalize/reopen, audit, verify (also after an edit
//! with the sqlite3 shell), certificates, verify-certificate, certificates-expiring.

use crate::common::{Cli, answers_json_totalling, answers_totalling, sheet, sheet_file};
use ocop_council::domain::criteria::CriterionId;
use ocop_council::domain::ids::{MemberId, ProductId};
use ocop_council::store::{Actor, AnswerChange, Store};

fn s(id: i64) -> String {
    id.to_string()
}

#[test]
fn a_round_from_setup_to_certificates_through_the_cli() {
    let cli = Cli::new();
    // Star marks advisory: the synthetic answers are built for totals, not for marks.
    let r = s(cli.id(&[
        "round",
        "create",
        "--name",
        "Đợt 1/2026 tỉnh Sóc Trăng",
        "--advisory-star-marks",
    ]));
    let member = |name: &str, role: &str| {
        cli.id(&[
            "member", "add", "--round", &r, "--name", name, "--role", role,
        ])
    };
    let chair = member("Lâm Văn Chủ", "chair");
    let vice = member("Trịnh Thị Phó", "vice-chair");
    let m1 = member("Ủy viên Một", "member");
    let m2 = member("Ủy viên Hai", "member");
    let m3 = member("Ủy viên Ba", "member");
    let product = |name: &str, set: &str| {
        cli.id(&[
            "product",
            "add",
            "--round",
            &r,
            "--name",
            name,
            "--set",
            set,
            "--producer",
            "HTX Hòa Tú",
        ])
    };
    let p1 = product("Nước mắm cá cơm Trần Đề", "9");
    let p2 = product("Tương ớt Hòa Tú", "9");
    let p3 = product("Mắm ba khía", "9");

    // Setup: a declared conflict; sheets are not accepted yet.
    cli.ok(&[
        "recuse",
        "--round",
        &r,
        "--member",
        &s(m3),
        "--product",
        &s(p2),
        "--reason",
        "Vợ là xã viên HTX",
    ]);
    let set9 = sheet(9);
    let file = |p: i64, m: i64, total: u32| {
        cli.write(
            &format!("p{p}-m{m}.json"),
            &sheet_file(
                r.parse().unwrap(),
                p,
                m,
                answers_json_totalling(&set9, total),
                true,
            ),
        )
    };
    let early = file(p1, chair, 80);
    let stderr = cli.fails(&["sheet", "import", early.to_str().unwrap()]);
    assert!(
        stderr.contains("is setup: changing sheets is not allowed (scoring has not started"),
        "{stderr}"
    );
    let stderr = cli.fails(&["round", "advance", "--round", &r, "--to", "finalized"]);
    assert!(
        stderr.contains("cannot go from setup to finalized"),
        "{stderr}"
    );
    cli.ok(&["round", "advance", "--round", &r, "--to", "scoring"]);

    // Scoring: p1 has a 20-point spread; p2 agrees; m3 may not score p2.
    let mut files = vec![early];
    for (m, t) in [(vice, 78), (m1, 76), (m2, 60), (m3, 75)] {
        files.push(file(p1, m, t));
    }
    for (m, t) in [(chair, 72), (vice, 70), (m1, 71), (m2, 70)] {
        files.push(file(p2, m, t));
    }
    let recused = file(p2, m3, 70);
    let stderr = cli.fails(&["sheet", "import", recused.to_str().unwrap()]);
    assert!(
        stderr.contains(&format!("member {m3} is recused from product {p2}")),
        "{stderr}"
    );
    let paths: Vec<&str> = files.iter().map(|p| p.to_str().unwrap()).collect();
    cli.ok(&[&["sheet", "import"][..], &paths].concat());
    cli.ok(&["round", "advance", "--round", &r, "--to", "deliberation"]);

    // Deliberation: finalizing lists what is not settled, one line each.
    let args = [
        "round",
        "finalize",
        "--round",
        &r,
        "--decision",
        "1234/QĐ-UBND",
        "--date",
        "2026-06-30",
        "--signatory",
        "Lâm Văn Chủ",
    ];
    let stderr = cli.fails(&args);
    let lines: Vec<&str> = stderr.lines().collect();
    assert_eq!(
        lines,
        [
            format!(
                "error: round {r}: product {p1} (Nước mắm cá cơm Trần Đề) is not settled: needs discussion / re-score"
            ),
            format!("error: round {r}: product {p3} (Mắm ba khía) is not settled: not scored"),
        ]
    );
    let stderr = cli.fails(&[
        "product",
        "disqualify",
        "--product",
        &s(p3),
        "--reason",
        "forged",
        "--note",
        "x",
    ]);
    assert!(stderr.contains("use one of: forged-dossier,"), "{stderr}");
    cli.ok(&[
        "product",
        "disqualify",
        "--product",
        &s(p3),
        "--reason",
        "food-safety-certificate",
        "--note",
        "Giấy chứng nhận ATTP hết hạn",
    ]);

    // The meeting looks at p1 criterion by criterion, then the chair orders a re-score.
    let view = cli.json(&["by-criterion", "--product", &s(p1), "--json"]);
    let rows = view["rows"].as_array().unwrap();
    assert_eq!(view["members"].as_array().unwrap().len(), 5);
    assert!(rows[0]["spread_points"].as_u64().unwrap() > 0);
    assert!(
        rows.windows(2)
            .all(|w| w[0]["spread_points"].as_u64() >= w[1]["spread_points"].as_u64())
    );
    assert!(!rows[0]["title_vi"].as_str().unwrap().is_empty());
    let out = cli.ok(&[
        "rescore",
        "--round",
        &r,
        "--product",
        &s(p1),
        "--members",
        &s(m2),
        "--reason",
        "Chênh lệch 20 điểm",
    ]);
    assert!(out.starts_with("reopened 1 sheet(s) of product"), "{out}");
    // m2 re-scores at 72 (at the desk, through the store) and submits.
    {
        let mut store = Store::open(cli.dir()).unwrap();
        let want = answers_totalling(&set9, 72);
        for (criterion, choice) in &want.choices {
            store
                .change_answer(
                    ProductId(p1),
                    MemberId(m2),
                    &CriterionId(criterion.0.clone()),
                    &AnswerChange::Choice(Some(choice.clone())),
                    &Actor::new("desk"),
                )
                .unwrap();
        }
        store
            .submit_sheet(ProductId(p1), MemberId(m2), &Actor::new("desk"))
            .unwrap();
    }
    let history = cli.json(&[
        "sheet",
        "history",
        "--product",
        &s(p1),
        "--member",
        &s(m2),
        "--json",
    ]);
    assert_eq!(history[0]["versions"][0]["total_points"], 60);
    assert_eq!(history[0]["versions"][0]["reason"], "Chênh lệch 20 điểm");
    assert_eq!(history[0]["current"]["total_points"], 72);

    let out = cli.ok(&args);
    assert!(out.contains("is finalized; seal sha256:"), "{out}");
    let out = cli.ok(&["verify", "--round", &r]);
    assert!(out.contains("ok    audit chain:"), "{out}");
    assert!(
        out.contains("ok    finalized content: matches the seal"),
        "{out}"
    );
    let stderr = cli.fails(&[
        "recuse",
        "--round",
        &r,
        "--member",
        &s(m1),
        "--product",
        &s(p1),
        "--reason",
        "x",
    ]);
    assert!(
        stderr.contains("is finalized: recording a recusal is not allowed"),
        "{stderr}"
    );

    // The audit log: JSON (verified) and CSV.
    let audit = cli.json(&["audit", "--round", &r, "--json"]);
    assert_eq!(audit["format"], "ocop-audit-log/1");
    assert_eq!(audit["chain_verified"], true);
    let actions: Vec<&str> = audit["entries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["action"].as_str().unwrap())
        .collect();
    for action in [
        "recusal.record",
        "sheet.import",
        "sheet.rescore",
        "answer.choice",
        "sheet.submit",
        "product.disqualify",
        "round.finalize",
        "round.seal",
        "round.state",
    ] {
        assert!(
            actions.contains(&action),
            "{action} missing from {actions:?}"
        );
    }
    let csv = cli.ok(&["audit", "--round", &r, "--csv"]);
    assert!(
        csv.starts_with("\u{feff}id,at,actor,action,target,old,new"),
        "{csv}"
    );

    // Certificates: p1 (mean (80+78+76+72+75)/5 = 76.2, 4★) and p2 (70.75, 4★).
    let out = cli.ok(&[
        "round",
        "advance",
        "--round",
        &r,
        "--to",
        "certificates-issued",
        "--authority",
        "UBND tỉnh Sóc Trăng",
        "--date",
        "2026-07-01",
    ]);
    assert!(out.contains("2 certificate(s) issued"), "{out}");
    assert!(out.contains("001/2026/GCN-OCOP"), "{out}");
    let list = cli.json(&["certificate", "list", "--round", &r, "--json"]);
    let payload = list[0]["payload"].as_str().unwrap().to_string();
    let id = list[0]["certificate"]["id"].as_i64().unwrap();
    let out = cli.ok(&["verify-certificate", &payload, "--as-of", "2026-08-01"]);
    assert!(
        out.starts_with("MATCHES: certificate 001/2026/GCN-OCOP"),
        "{out}"
    );
    assert!(out.contains("valid until 2029-07-01"), "{out}");
    let forged = payload.replace("|4|", "|5|");
    let stderr = cli.fails(&["verify-certificate", &forged]);
    assert!(stderr.contains("stars: the payload says \"5\""), "{stderr}");
    let out = cli.ok(&["certificate", "reprint", &s(id)]);
    assert!(out.contains("reprint 1"), "{out}");
    let expiring = cli.json(&["certificates-expiring", "--as-of", "2029-06-15", "--json"]);
    let certs = expiring["certificates"].as_array().unwrap();
    assert_eq!(certs.len(), 2);
    assert_eq!(certs[0]["expiry"]["status"], "expiring-soon");
    assert_eq!(certs[0]["expiry"]["days_left"], 16);
    let out = cli.ok(&["certificates-expiring", "--as-of", "2026-08-01"]);
    assert!(out.starts_with("0 certificate(s)"), "{out}");
    let stderr = cli.fails(&["round", "reopen", "--round", &r, "--reason", "muộn"]);
    assert!(stderr.contains("it is the last state"), "{stderr}");
    cli.ok(&["verify", "--round", &r]);

    // An audit entry edited with the sqlite3 shell (dropping the append-only guard
    // first) is named by verify, which exits non-zero.
    let db = cli.dir().join(ocop_council::store::DATABASE_FILE);
    let target = audit["entries"][7]["id"].as_i64().unwrap();
    let sql = format!(
        "DROP TRIGGER audit_log_no_update; UPDATE audit_log SET actor = 'mallory' WHERE id = {target};"
    );
    match std::process::Command::new("sqlite3")
        .arg(&db)
        .arg(&sql)
        .output()
    {
        Ok(out) => assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        ),
        Err(_) => {
            eprintln!("sqlite3 is not installed: editing with rusqlite instead");
            rusqlite::Connection::open(&db)
                .unwrap()
                .execute_batch(&sql)
                .unwrap();
        }
    }
    let out = cli.run(&["verify", "--round", &r]);
    assert!(!out.status.success());
    let stdout = String::from_utf8(out.stdout).unwrap();
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(stdout.contains("FAIL  audit chain"), "{stdout}");
    assert!(
        stderr.contains(&format!(
            "audit chain: audit entry {target}: its content does not match its hash"
        )),
        "{stderr}"
    );
    assert!(
        stderr.contains("trigger audit_log_no_update is missing"),
        "{stderr}"
    );
    let audit = cli.json(&["audit", "--round", &r, "--json"]);
    assert_eq!(audit["chain_verified"], false);
    assert_eq!(audit["chain_breaks"][0]["entry_id"], target);
}
