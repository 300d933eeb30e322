//! The CLI end to end on a temp data folder: a round of 7 members and 3 products,
//! 21 sheets, and the results as JSON; bad input is refused and changes nothing.

use crate::common::{Cli, Pick, answers, sheet, sheet_file, total};
use serde_json::Value;

struct Round {
    cli: Cli,
    round: i64,
    members: Vec<i64>,
    products: [i64; 3],
}

/// A round with a chair, a vice-chair, five members and a non-voting secretary,
/// and three products of sets 1 (vegetables), 9 (fish sauce) and 21 (handicraft).
fn setup() -> Round {
    let cli = Cli::new();
    let round = cli.id(&["round", "create", "--name", "Đợt 2/2026 tỉnh Sóc Trăng"]);
    let r = round.to_string();
    let mut members = vec![cli.id(&[
        "member",
        "add",
        "--round",
        &r,
        "--name",
        "Lâm Văn Chủ",
        "--role",
        "chair",
    ])];
    members.push(cli.id(&[
        "member",
        "add",
        "--round",
        &r,
        "--name",
        "Trịnh Thị Phó",
        "--role",
        "vice-chair",
    ]));
    for name in [
        "Ủy viên Một",
        "Ủy viên Hai",
        "Ủy viên Ba",
        "Ủy viên Bốn",
        "Ủy viên Năm",
    ] {
        members.push(cli.id(&[
            "member", "add", "--round", &r, "--name", name, "--role", "member",
        ]));
    }
    cli.id(&[
        "member",
        "add",
        "--round",
        &r,
        "--name",
        "Thư Ký",
        "--role",
        "secretary",
    ]);
    let product = |name: &str, set: &str, producer: &str| {
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
            producer,
            "--commune",
            "Xã Hòa Tú",
        ])
    };
    let products = [
        product("Củ hành tím Vĩnh Châu", "1", "HTX Hành tím Vĩnh Hiệp"),
        product("Nước mắm cá cơm Trần Đề", "9", "Cơ sở Nước mắm Ba Lành"),
        product("Giỏ đan lục bình", "21", "Tổ hợp tác Đan lát Phú Tâm"),
    ];
    // The council and the products are set; members score from here on.
    cli.ok(&[
        "--by", "1", "round", "advance", "--round", &r, "--to", "scoring",
    ]);
    Round {
        cli,
        round,
        members,
        products,
    }
}

impl Round {
    fn results(&self) -> Value {
        self.cli.json(&[
            "results",
            "--round",
            &self.round.to_string(),
            "--format",
            "json",
        ])
    }
}

#[test]
fn a_full_round_through_the_cli_gives_mean_stars_caps_spread_and_quorum() {
    let t = setup();
    let (s1, s9, s21) = (sheet(1), sheet(9), sheet(21));
    let mut files = Vec::new();
    for (i, member) in t.members.iter().enumerate() {
        // Product 1: everyone ticks the best box except A.1.c, where they tick the
        // 1-point box; its 2-point box is marked ★★★★, so 98 points give only 3★.
        let a1 = answers(&s1, Pick::Best, &[("A.1.c", 1)]);
        assert_eq!(total(&s1, &a1), 98);
        files.push(t.cli.write(
            &format!("p1-m{member}.json"),
            &sheet_file(t.round, t.products[0], *member, a1, true),
        ));
        // Product 2: the last member scores far lower than the others.
        let a2 = if i == 6 {
            answers(&s9, Pick::Lowest, &[])
        } else {
            answers(&s9, Pick::Best, &[])
        };
        files.push(t.cli.write(
            &format!("p2-m{member}.json"),
            &sheet_file(t.round, t.products[1], *member, a2, true),
        ));
        // Product 3: the chair's sheet is still a draft.
        let a3 = answers(&s21, Pick::Best, &[]);
        files.push(t.cli.write(
            &format!("p3-m{member}.json"),
            &sheet_file(t.round, t.products[2], *member, a3, i != 0),
        ));
    }
    assert_eq!(files.len(), 21);
    let mut args = vec!["sheet", "import"];
    let paths: Vec<String> = files.iter().map(|p| p.display().to_string()).collect();
    args.extend(paths.iter().map(String::as_str));
    let out = t.cli.ok(&args);
    assert!(out.contains("imported 21 sheet(s)"), "{out}");

    let results = t.results();
    assert_eq!(results["format"], "ocop-round-results/1");
    let products = results["products"].as_array().unwrap();
    assert_eq!(products.len(), 3);

    let p1 = &products[0];
    assert_eq!(p1["name"], "Củ hành tím Vĩnh Châu");
    assert_eq!(p1["mean"], 98.0);
    assert_eq!(p1["mean_exact"], "686/7");
    assert_eq!(p1["band"], 5);
    assert_eq!(p1["stars"], 3);
    assert_eq!(p1["capped"], true);
    let cap = p1["cap_explanation_en"].as_str().unwrap();
    assert!(
        cap.contains("A.1.c") && cap.contains("needs ≥ 2 for 4★"),
        "{cap}"
    );
    assert!(
        p1["cap_explanation_vi"]
            .as_str()
            .unwrap()
            .contains("cần ≥ 2 điểm để đạt 4 sao")
    );
    assert_eq!(p1["state"], "final");
    assert_eq!(p1["certifiable"], true);
    assert_eq!(p1["certification"], "province");
    assert_eq!(p1["quorum"]["met"], true);
    assert_eq!(p1["quorum"]["participants"], 7);

    let p2 = &products[1];
    let totals: Vec<u64> = p2["member_totals"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["total"].as_u64().unwrap())
        .collect();
    assert_eq!(&totals[..6], &[100; 6]);
    assert!(totals[6] < 90);
    assert_eq!(p2["spread_points"], 100 - totals[6]);
    assert_eq!(p2["spread_flag"], true);
    assert_eq!(p2["state"], "needs-discussion");
    assert_eq!(p2["certifiable"], false);

    let p3 = &products[2];
    assert_eq!(p3["quorum"]["participants"], 6);
    assert_eq!(p3["quorum"]["eligible"], 7);
    assert_eq!(p3["quorum"]["chair_took_part"], false);
    assert_eq!(p3["quorum"]["met"], false);
    assert_eq!(p3["state"], "pending-quorum");
    assert_eq!(p3["mean"], 100.0);

    // The table and CSV views agree on the essentials.
    let table = t.cli.ok(&["results", "--round", &t.round.to_string()]);
    assert!(table.contains("Capped at 3★ (score band 5★)"), "{table}");
    let csv = t.cli.ok(&[
        "results",
        "--round",
        &t.round.to_string(),
        "--format",
        "csv",
    ]);
    assert!(csv.starts_with('\u{feff}'), "CSV carries a BOM for Excel");
    assert!(csv.contains("Nước mắm cá cơm Trần Đề") && csv.contains("98.00"));
}

#[test]
fn bad_sheets_are_refused_with_one_line_each_and_nothing_is_written() {
    let t = setup();
    let s1 = sheet(1);
    let (round, p1, m1, m2) = (t.round, t.products[0], t.members[0], t.members[1]);
    let good = t.cli.write(
        "good.json",
        &sheet_file(round, p1, m1, answers(&s1, Pick::Best, &[]), true),
    );
    let before = t.results();

    let mut wrong_option = answers(&s1, Pick::Best, &[]);
    wrong_option["A.1.a"] = "A.1.b.1".into();
    let mut wrong_set = answers(&s1, Pick::Best, &[]);
    wrong_set["C.13.a"] = "C.13.a.1".into();
    let cases: Vec<(&str, std::path::PathBuf, &str)> = vec![
        (
            "unknown-product",
            t.cli.write(
                "unknown-product.json",
                &sheet_file(round, 999, m1, answers(&s1, Pick::Best, &[]), true),
            ),
            "product 999 does not exist",
        ),
        (
            "unknown-member",
            t.cli.write(
                "unknown-member.json",
                &sheet_file(round, p1, 555, answers(&s1, Pick::Best, &[]), true),
            ),
            "member 555 does not exist",
        ),
        (
            "wrong-option",
            t.cli.write(
                "wrong-option.json",
                &sheet_file(round, p1, m2, wrong_option, true),
            ),
            "option A.1.b.1 is not an option of criterion A.1.a",
        ),
        (
            "wrong-set",
            t.cli.write(
                "wrong-set.json",
                &sheet_file(round, p1, m2, wrong_set, true),
            ),
            "criterion C.13.a is not on the sheet of product set 1",
        ),
        (
            "incomplete",
            t.cli.write(
                "incomplete.json",
                &sheet_file(round, p1, m2, serde_json::json!({"A.1.a": "A.1.a.1"}), true),
            ),
            "marked submitted but",
        ),
    ];
    for (name, path, expected) in &cases {
        // Each bad file is imported together with a good one: all or nothing.
        let stderr = t.cli.fails(&[
            "sheet",
            "import",
            good.to_str().unwrap(),
            path.to_str().unwrap(),
        ]);
        let lines: Vec<&str> = stderr.lines().collect();
        assert_eq!(lines.len(), 1, "{name}: {stderr}");
        assert!(
            lines[0].contains(&format!("{name}.json")),
            "{name}: {stderr}"
        );
        assert!(lines[0].contains(expected), "{name}: {stderr}");
    }

    let malformed = t.cli.dir().join("inbox/malformed.json");
    std::fs::write(
        &malformed,
        "{\"format\": \"ocop-member-sheet/1\", \"round\": 1,,}",
    )
    .unwrap();
    let stderr = t.cli.fails(&[
        "sheet",
        "import",
        good.to_str().unwrap(),
        malformed.to_str().unwrap(),
    ]);
    assert!(
        stderr.contains("malformed.json: invalid JSON (line 1, column"),
        "{stderr}"
    );

    let latin1 = t.cli.dir().join("inbox/latin1.json");
    std::fs::write(&latin1, b"{\"format\": \"caf\xe9\"}").unwrap();
    let stderr = t.cli.fails(&["sheet", "import", latin1.to_str().unwrap()]);
    assert!(stderr.contains("latin1.json: not UTF-8"), "{stderr}");

    // Nothing was written by any refused import.
    assert_eq!(t.results(), before);

    // The good sheet alone imports; a second sheet from the same member is refused.
    t.cli.ok(&["sheet", "import", good.to_str().unwrap()]);
    let again = t.cli.write(
        "again.json",
        &sheet_file(round, p1, m1, answers(&s1, Pick::Lowest, &[]), true),
    );
    let stderr = t.cli.fails(&["sheet", "import", again.to_str().unwrap()]);
    assert!(
        stderr.contains("again.json: member") && stderr.contains("already has a sheet"),
        "{stderr}"
    );
    let after = t.results();
    assert_eq!(
        after["products"][0]["member_totals"]
            .as_array()
            .unwrap()
            .len(),
        1
    );
    assert_eq!(after["products"][0]["member_totals"][0]["total"], 100);
}

#[test]
fn unknown_ids_and_bad_arguments_fail_with_a_clear_line() {
    let t = setup();
    // Back to setup (nothing scored yet), where the council and products may change.
    t.cli.ok(&[
        "--by", "1", "round", "advance", "--round", "1", "--to", "setup",
    ]);
    let stderr = t.cli.fails(&[
        "member", "add", "--round", "42", "--name", "X", "--role", "member",
    ]);
    assert_eq!(stderr.trim(), "error: round 42 does not exist");
    let stderr = t.cli.fails(&[
        "member", "add", "--round", "1", "--name", "X", "--role", "boss",
    ]);
    assert!(stderr.contains("unknown role \"boss\""), "{stderr}");
    let stderr = t.cli.fails(&[
        "member", "add", "--round", "1", "--name", "X", "--role", "chair",
    ]);
    assert!(stderr.contains("already has a chair"), "{stderr}");
    let stderr = t.cli.fails(&[
        "product",
        "add",
        "--round",
        "1",
        "--name",
        "X",
        "--set",
        "27",
        "--producer",
        "Y",
    ]);
    assert!(
        stderr.contains("product set 27 is not in criteria set qd148-2023"),
        "{stderr}"
    );
    let stderr = t
        .cli
        .fails(&["round", "create", "--name", "X", "--criteria-set", "qd999"]);
    assert!(
        stderr.contains("unknown criteria set \"qd999\""),
        "{stderr}"
    );
    let stderr = t.cli.fails(&["results", "--round", "7"]);
    assert!(stderr.contains("round 7 does not exist"), "{stderr}");
}

#[test]
fn dates_are_typed_day_first_or_iso_and_impossible_days_are_refused() {
    let cli = Cli::new();
    // Day first (as written in Vietnam) is stored as ISO.
    let round = cli.id(&[
        "round",
        "create",
        "--name",
        "Đợt ngày",
        "--starts-on",
        "5/6/2026",
        "--ends-on",
        "2026-06-30",
    ]);
    let list = cli.json(&["round", "list", "--json"]);
    let row = list
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["id"] == round)
        .unwrap();
    assert_eq!(row["starts_on"], "2026-06-05");
    assert_eq!(row["ends_on"], "2026-06-30");
    for (date, why) in [
        ("31/02/2026", "no such day"),
        ("06.05.2026", "not a date (dd/mm/yyyy or yyyy-mm-dd)"),
        ("1/1/1899", "out of range"),
    ] {
        let stderr = cli.fails(&["round", "create", "--name", "X", "--starts-on", date]);
        assert!(
            stderr.contains(&format!("--starts-on: \"{date}\"")),
            "{stderr}"
        );
        assert!(stderr.contains(why), "{stderr}");
    }
}

#[test]
fn criteria_commands_list_show_and_check() {
    let cli = Cli::new();
    let list = cli.json(&["criteria", "list", "--json"]);
    let list = list.as_array().unwrap();
    assert_eq!(list.len(), 26);
    let set7 = list.iter().find(|s| s["product_set"] == 7).unwrap();
    assert_eq!(set7["status"], "unverified");
    assert!(!set7["warnings"].as_array().unwrap().is_empty());
    let table = cli.ok(&["criteria", "list"]);
    assert!(table.contains("unverified transcription"));

    let show = cli.ok(&["criteria", "show", "1"]);
    assert!(show.contains("A.1.a.3") && show.contains("****"), "{show}");
    let json = cli.json(&["criteria", "show", "1", "--json"]);
    assert_eq!(json["product_set"]["name_vi"], "Rau, củ, quả, hạt tươi");

    let bad = cli.dir().join("bad.json");
    std::fs::write(&bad, "{").unwrap();
    let stderr = cli.fails(&["criteria", "check", bad.to_str().unwrap()]);
    assert!(
        stderr.contains("bad.json") && stderr.contains("line 1"),
        "{stderr}"
    );
}

#[test]
fn sheet_template_lists_every_criterion_of_the_products_set() {
    let t = setup();
    let template = t.cli.json(&[
        "sheet",
        "template",
        "--round",
        &t.round.to_string(),
        "--product",
        &t.products[1].to_string(),
        "--member",
        &t.members[0].to_string(),
    ]);
    let answers = template["answers"].as_object().unwrap();
    assert_eq!(answers.len(), sheet(9).criteria().count());
    assert_eq!(template["submitted"], false);
}
