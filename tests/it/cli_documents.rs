//! The document commands end to end: `sheet-pdf`, `minutes`, `certificates` and
//! `doc-settings` on a temp data folder, the PDFs opened with lopdf. Bad settings
//! and unfinished rounds are refused before any file is written.

use std::path::PathBuf;

use crate::common::{Cli, Pick, answers, sheet, sheet_file, total};
use ocop_council::domain::disqualify::{Disqualification, DisqualificationReason};
use ocop_council::domain::ids::ProductId;
use ocop_council::store::{Actor, Store};
use serde_json::Value;

fn pdf_text(path: &std::path::Path) -> (usize, String) {
    let doc = lopdf::Document::load(path).expect("a PDF lopdf can open");
    let pages: Vec<u32> = doc.get_pages().keys().copied().collect();
    let text = doc.extract_text(&pages).expect("text layer");
    // Wrapped lines come back as separate lines: compare with single spaces.
    (
        pages.len(),
        text.split_whitespace().collect::<Vec<_>>().join(" "),
    )
}

struct Round {
    cli: Cli,
    round: String,
    /// chair, vice-chair, three members (all voting); then the secretary.
    members: Vec<i64>,
    secretary: i64,
    products: [i64; 3],
}

fn setup() -> Round {
    let cli = Cli::new();
    let round = cli
        .id(&["round", "create", "--name", "Đợt 2/2026 tỉnh Sóc Trăng"])
        .to_string();
    let member = |name: &str, role: &str| {
        cli.id(&[
            "member", "add", "--round", &round, "--name", name, "--role", role,
        ])
    };
    let members = vec![
        member("Lâm Văn Chủ", "chair"),
        member("Trịnh Thị Phó", "vice-chair"),
        member("Nguyễn Văn An", "member"),
        member("Trần Thị Bình", "member"),
        member("Lê Hoàng Cường", "member"),
    ];
    let secretary = member("Đặng Thư Ký", "secretary");
    let product = |name: &str, set: &str, producer: &str| {
        cli.id(&[
            "product",
            "add",
            "--round",
            &round,
            "--name",
            name,
            "--set",
            set,
            "--producer",
            producer,
            "--commune",
            "Xã Hòa Tú",
            "--province",
            "Sóc Trăng",
            "--code",
            "94-941-0012-2026",
        ])
    };
    let products = [
        product("Củ hành tím Vĩnh Châu", "1", "HTX Hành tím Vĩnh Hiệp"),
        product("Nước mắm cá cơm Trần Đề", "9", "Cơ sở Nước mắm Ba Lành"),
        product(
            "Bánh pía sầu riêng Tân Huê Viên",
            "6",
            "Công ty TNHH Tân Huê Viên",
        ),
    ];
    cli.ok(&["round", "advance", "--round", &round, "--to", "scoring"]);
    Round {
        cli,
        round,
        members,
        secretary,
        products,
    }
}

fn import(t: &Round, files: &[PathBuf]) {
    let paths: Vec<String> = files.iter().map(|p| p.display().to_string()).collect();
    let mut args = vec!["sheet", "import"];
    args.extend(paths.iter().map(String::as_str));
    t.cli.ok(&args);
}

fn settings(t: &Round) {
    t.cli.ok(&[
        "doc-settings",
        "set",
        "--authority",
        "ỦY BAN NHÂN DÂN TỈNH SÓC TRĂNG",
        "--province",
        "Sóc Trăng",
        "--place-name",
        "Sóc Trăng",
        "--signatory-title",
        "TM. ỦY BAN NHÂN DÂN\\nCHỦ TỊCH",
        "--signatory-name",
        "Nguyễn Văn Thành",
    ]);
}

#[test]
fn sheet_pdf_prints_every_sheet_of_the_member_ticked_totalled_and_numbered() {
    let t = setup();
    settings(&t);
    let member = t.members[3];
    let (s1, s9) = (sheet(1), sheet(9));
    let a1 = answers(&s1, Pick::Best, &[("A.1.c", 1)]);
    let a9 = answers(&s9, Pick::Lowest, &[]);
    let mut f1 = sheet_file(
        t.round.parse().unwrap(),
        t.products[0],
        member,
        a1.clone(),
        true,
    );
    f1["comments"] = serde_json::json!({ "A.1.a": "Vùng nguyên liệu ổn định ở Vĩnh Châu" });
    let files = [
        t.cli.write("p1.json", &f1),
        t.cli.write(
            "p2.json",
            &sheet_file(
                t.round.parse().unwrap(),
                t.products[1],
                member,
                a9.clone(),
                false,
            ),
        ),
    ];
    import(&t, &files);

    let out = t.cli.dir().join("phieu-binh.pdf");
    let printed = t.cli.ok(&[
        "sheet-pdf",
        "--round",
        &t.round,
        "--member",
        &member.to_string(),
        "--out",
        out.to_str().unwrap(),
    ]);
    assert!(printed.contains("2 sheet(s)"), "{printed}");
    let (pages, text) = pdf_text(&out);
    assert!(
        pages >= 4,
        "two full sheets span several pages each, got {pages}"
    );
    for expected in [
        "UBND TỈNH SÓC TRĂNG",
        "PHIẾU ĐÁNH GIÁ SẢN PHẨM OCOP",
        "Đợt 2/2026 tỉnh Sóc Trăng",
        "Củ hành tím Vĩnh Châu",
        "Nước mắm cá cơm Trần Đề",
        "94-941-0012-2026",
        "Trần Thị Bình (Ủy viên)",
        "Hồ sơ bị loại khi",
        "Nhận xét: Vùng nguyên liệu ổn định ở Vĩnh Châu",
        "TỔNG ĐIỂM",
        "BẢN NHÁP",
        "Sóc Trăng, ngày",
    ] {
        assert!(text.contains(expected), "missing {expected:?}");
    }
    let t1 = total(&s1, &a1);
    assert_eq!(t1, 98);
    assert!(
        text.contains(&format!("Tổng điểm của phiếu: {t1}/100")),
        "{text}"
    );
    assert!(text.contains(&format!("Tổng điểm của phiếu: {}/100", total(&s9, &a9))));
    // Each sheet is numbered on its own: two "Trang 1/…", and the last page of
    // the file ends the second sheet's count.
    assert_eq!(text.matches("Trang 1/").count(), 2, "{text}");
    assert!(text.contains("★★★★"), "star marks are printed");

    // A member without sheets in the round: refused, nothing written.
    let none = t.cli.dir().join("none.pdf");
    let err = t.cli.fails(&[
        "sheet-pdf",
        "--round",
        &t.round,
        "--member",
        &t.secretary.to_string(),
        "--out",
        none.to_str().unwrap(),
    ]);
    assert!(err.contains("has no sheet in round"), "{err}");
    assert!(!none.exists());
}

#[test]
fn minutes_record_attendance_means_caps_spread_recusal_and_disqualification() {
    let t = setup();
    let round: i64 = t.round.parse().unwrap();
    let (s1, s9, s6) = (sheet(1), sheet(9), sheet(6));
    let mut files = Vec::new();
    let mut p1_totals = Vec::new();
    for (i, member) in t.members.iter().enumerate() {
        // Product 1: A.1.c ticked at 1 point caps it at 3★; one member lower still.
        let mut overrides = vec![("A.1.c", 1)];
        if i == 4 {
            overrides.push(("A.1.a", 1));
        }
        let a1 = answers(&s1, Pick::Best, &overrides);
        p1_totals.push(total(&s1, &a1));
        files.push(t.cli.write(
            &format!("p1-{member}.json"),
            &sheet_file(round, t.products[0], *member, a1, true),
        ));
        // Product 2: the last member far lower (spread); product 2 is later disqualified.
        let a9 = answers(&s9, if i == 4 { Pick::Lowest } else { Pick::Best }, &[]);
        files.push(t.cli.write(
            &format!("p2-{member}.json"),
            &sheet_file(round, t.products[1], *member, a9, true),
        ));
        // Product 3: member 3 (index 2) is recused and sends no sheet.
        if i != 2 {
            let a6 = answers(&s6, Pick::Best, &[]);
            files.push(t.cli.write(
                &format!("p3-{member}.json"),
                &sheet_file(round, t.products[2], *member, a6, true),
            ));
        }
    }
    import(&t, &files);
    {
        let mut store = Store::open(t.cli.dir()).unwrap();
        store
            .set_disqualification(
                ProductId(t.products[1]),
                Some(&Disqualification {
                    reason: DisqualificationReason::ForgedDossier,
                    note: "Hợp đồng liên kết không có thật".into(),
                }),
                &Actor::new("test"),
            )
            .unwrap();
    }
    t.cli.ok(&[
        "recuse",
        "--round",
        &t.round,
        "--member",
        &t.members[2].to_string(),
        "--product",
        &t.products[2].to_string(),
        "--reason",
        "conflict",
    ]);
    let results: Value = t
        .cli
        .json(&["results", "--round", &t.round, "--format", "json"]);
    let p1_mean = results["products"][0]["mean"].as_f64().unwrap();
    let sum: u32 = p1_totals.iter().sum();
    let hundredths = u64::from(sum) * 100 / p1_totals.len() as u64;
    let mean_vi = format!("{},{:02}", hundredths / 100, hundredths % 100);
    assert!((p1_mean - hundredths as f64 / 100.0).abs() < 1e-9);

    let out = t.cli.dir().join("bien-ban.pdf");
    let member3 = t.members[2].to_string();
    t.cli.ok(&[
        "minutes",
        "--round",
        &t.round,
        "--out",
        out.to_str().unwrap(),
        "--date",
        "2026-11-28",
        "--place",
        "Hội trường UBND tỉnh Sóc Trăng",
        "--rescore-note",
        &format!(
            "{}=Thành viên Lê Hoàng Cường giữ nguyên điểm sau thảo luận",
            t.products[1]
        ),
        "--recusal-reason",
        &format!(
            "{}:{member3}=Là cổ đông của Công ty Tân Huê Viên",
            t.products[2]
        ),
        "--absent",
        &t.secretary.to_string(),
    ]);
    let (pages, text) = pdf_text(&out);
    assert!(pages >= 1);
    for expected in [
        "BIÊN BẢN",
        "Hôm nay, ngày 28 tháng 11 năm 2026, tại Hội trường UBND tỉnh Sóc Trăng",
        "Lâm Văn Chủ",
        "Chủ tịch Hội đồng",
        "Vắng mặt",
        "Củ hành tím Vĩnh Châu",
        &mean_vi,
        "Giới hạn ở 3 sao (điểm đạt hạng 5 sao): A.1.c",
        "quá 10 điểm",
        "Thành viên Lê Hoàng Cường giữ nguyên điểm sau thảo luận",
        "Nguyễn Văn An không chấm sản phẩm này (lý do: Là cổ đông của Công ty Tân Huê Viên)",
        "Bị loại: Hồ sơ giả mạo. Hợp đồng liên kết không có thật",
        "THƯ KÝ HỘI ĐỒNG",
        "CHỦ TỊCH HỘI ĐỒNG",
        "Đặng Thư Ký",
        "Trang 1/",
    ] {
        assert!(text.contains(expected), "missing {expected:?} in:\n{text}");
    }
    assert!(mean_vi.contains(','), "{mean_vi}");

    // A recusal reason for a member who is not recused is refused; nothing written.
    let bad = t.cli.dir().join("bad.pdf");
    let err = t.cli.fails(&[
        "minutes",
        "--round",
        &t.round,
        "--out",
        bad.to_str().unwrap(),
        "--recusal-reason",
        &format!("{}:{}=x", t.products[0], t.members[0]),
    ]);
    assert!(err.contains("is not recused"), "{err}");
    assert!(!bad.exists());
}

#[test]
fn certificates_need_settings_first_then_a_finalized_round() {
    let t = setup();
    let out = t.cli.dir().join("gcn");
    let err = t.cli.fails(&[
        "certificates",
        "--round",
        &t.round,
        "--out",
        out.to_str().unwrap(),
    ]);
    assert!(
        err.contains("document-settings.json") && err.contains("not found"),
        "{err}"
    );
    settings(&t);
    let err = t.cli.fails(&[
        "certificates",
        "--round",
        &t.round,
        "--out",
        out.to_str().unwrap(),
        "--one-file",
    ]);
    assert!(err.contains("is not finalized"), "{err}");
    assert!(!out.exists());
}

#[test]
fn bad_settings_are_refused_before_anything_is_written() {
    let t = setup();
    let dir = t.cli.dir();
    let garbage = dir.join("logo.png");
    std::fs::write(&garbage, b"this is not a PNG").unwrap();
    let settings_file = dir.join("document-settings.json");

    // The command refuses a garbage logo and a missing one, and writes no settings.
    let base = [
        "doc-settings",
        "set",
        "--authority",
        "ỦY BAN NHÂN DÂN TỈNH SÓC TRĂNG",
        "--province",
        "Sóc Trăng",
        "--place-name",
        "Sóc Trăng",
        "--signatory-title",
        "CHỦ TỊCH",
    ];
    let named = |name: &'static str| {
        let mut args = base.to_vec();
        args.extend(["--signatory-name", name]);
        args
    };
    let mut args = named("Nguyễn Văn Thành");
    args.extend(["--logo", garbage.to_str().unwrap()]);
    let err = t.cli.fails(&args);
    assert!(
        err.contains("logo.png") && err.contains("not a PNG or JPEG"),
        "{err}"
    );
    assert!(!settings_file.exists());
    let err = t.cli.fails(&named(" "));
    assert!(err.contains("signatory_name is empty"), "{err}");
    assert!(!settings_file.exists());

    // A hand-edited file with a garbage logo and an unreadable font: every
    // document command refuses before writing, naming each problem.
    let bad = serde_json::json!({
        "format": "ocop-document-settings/1",
        "authority": "ỦY BAN NHÂN DÂN TỈNH SÓC TRĂNG",
        "province": "Sóc Trăng",
        "place_name": "Sóc Trăng",
        "signatory_title": "CHỦ TỊCH",
        "signatory_name": "Nguyễn Văn Thành",
        "logo_path": "logo.png",
        "serif_font_path": "fonts/missing.ttf",
        "serif_bold_font_path": "logo.png"
    });
    std::fs::write(&settings_file, serde_json::to_string_pretty(&bad).unwrap()).unwrap();
    let round = t.round.clone();
    let member = t.members[0].to_string();
    let out = dir.join("out.pdf");
    for args in [
        vec![
            "sheet-pdf",
            "--round",
            &round,
            "--member",
            &member,
            "--out",
            out.to_str().unwrap(),
        ],
        vec!["minutes", "--round", &round, "--out", out.to_str().unwrap()],
        vec![
            "certificates",
            "--round",
            &round,
            "--out",
            out.to_str().unwrap(),
            "--one-file",
        ],
    ] {
        let err = t.cli.fails(&args);
        assert!(
            err.contains("logo_path") && err.contains("logo.png"),
            "{err}"
        );
        assert!(err.contains("missing.ttf"), "{err}");
        assert!(err.lines().count() >= 2, "one line per problem: {err}");
        assert!(!out.exists(), "{args:?} wrote a file");
    }

    // A garbage font file is refused too.
    let mut bad_font = bad.clone();
    bad_font["logo_path"] = Value::Null;
    bad_font["serif_font_path"] = "logo.png".into();
    std::fs::write(&settings_file, serde_json::to_string(&bad_font).unwrap()).unwrap();
    let err = t
        .cli
        .fails(&["minutes", "--round", &round, "--out", out.to_str().unwrap()]);
    assert!(err.contains("not a TrueType/OpenType font"), "{err}");
    assert!(!out.exists());

    // Malformed JSON names the file and the line.
    std::fs::write(&settings_file, "{ \"format\": ").unwrap();
    let err = t
        .cli
        .fails(&["minutes", "--round", &round, "--out", out.to_str().unwrap()]);
    assert!(err.contains("document-settings.json: line 1"), "{err}");
    assert!(!out.exists());

    // A real font pair (DejaVu Serif from the assets) is accepted.
    let fonts = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/fonts");
    let mut args = named("Nguyễn Văn Thành");
    let regular = fonts.join("DejaVuSerif.ttf");
    let bold = fonts.join("DejaVuSerif-Bold.ttf");
    std::fs::remove_file(&settings_file).unwrap();
    args.extend([
        "--serif-font",
        regular.to_str().unwrap(),
        "--serif-bold-font",
        bold.to_str().unwrap(),
    ]);
    t.cli.ok(&args);
    let shown = t.cli.ok(&["doc-settings", "show"]);
    assert!(
        shown.contains("valid: yes") && shown.contains("DejaVuSerif.ttf"),
        "{shown}"
    );
    t.cli
        .ok(&["minutes", "--round", &round, "--out", out.to_str().unwrap()]);
    assert!(out.exists());
}

#[test]
fn certificates_of_an_issued_round_print_with_numbers_decision_validity_and_copies() {
    let t = setup();
    settings(&t);
    let round: i64 = t.round.parse().unwrap();
    let (s1, s9, s6) = (sheet(1), sheet(9), sheet(6));
    let mut files = Vec::new();
    for member in &t.members {
        // Product 1: 4★ (a mean of 80 with every star mark met).
        let a1 = answers(
            &s1,
            Pick::Best,
            &[("A.1.a", 1), ("A.1.b", 1), ("B.4.a", 1), ("B.4.c", 1)],
        );
        let total1 = total(&s1, &a1);
        files.push(t.cli.write(
            &format!("c1-{member}.json"),
            &sheet_file(round, t.products[0], *member, a1, true),
        ));
        // Product 2: 2★ (all lowest): not certified. Product 3: 5★ (recommended upward).
        files.push(t.cli.write(
            &format!("c2-{member}.json"),
            &sheet_file(
                round,
                t.products[1],
                *member,
                answers(&s9, Pick::Lowest, &[]),
                true,
            ),
        ));
        files.push(t.cli.write(
            &format!("c3-{member}.json"),
            &sheet_file(
                round,
                t.products[2],
                *member,
                answers(&s6, Pick::Best, &[]),
                true,
            ),
        ));
        assert!((70..90).contains(&total1), "product 1 total {total1}");
    }
    import(&t, &files);
    t.cli.ok(&[
        "round",
        "advance",
        "--round",
        &t.round,
        "--to",
        "deliberation",
    ]);
    t.cli.ok(&[
        "round",
        "finalize",
        "--round",
        &t.round,
        "--decision",
        "1234/QĐ-UBND",
        "--date",
        "2026-12-15",
        "--signatory",
        "Nguyễn Văn Thành",
    ]);
    let out = t.cli.dir().join("gcn");
    let err = t.cli.fails(&[
        "certificates",
        "--round",
        &t.round,
        "--out",
        out.to_str().unwrap(),
    ]);
    assert!(err.contains("not issued yet"), "{err}");
    t.cli.ok(&[
        "round",
        "advance",
        "--round",
        &t.round,
        "--to",
        "certificates-issued",
        "--authority",
        "UBND tỉnh Sóc Trăng",
        "--date",
        "2026-12-15",
    ]);

    // One file per certificate: only product 1 is certified by the province.
    t.cli.ok(&[
        "certificates",
        "--round",
        &t.round,
        "--out",
        out.to_str().unwrap(),
    ]);
    let written: Vec<PathBuf> = std::fs::read_dir(&out)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .collect();
    assert_eq!(written.len(), 1, "{written:?}");
    let (pages, text) = pdf_text(&written[0]);
    assert_eq!(pages, 1);
    for want in [
        "GIẤY CHỨNG NHẬN SẢN PHẨM OCOP",
        "Củ hành tím Vĩnh Châu",
        "đạt hạng 4 sao",
        "1234/QĐ-UBND",
        "001/2026/GCN-OCOP",
        "có giá trị đến ngày 15/12/2029",
    ] {
        assert!(text.contains(want), "missing {want:?} in {text}");
    }
    assert!(!text.contains("BẢN SAO"));

    // A recorded reprint keeps the number and is marked as a copy.
    let list = t
        .cli
        .json(&["certificate", "list", "--round", &t.round, "--json"]);
    let id = list[0]["certificate"]["id"].as_i64().unwrap();
    t.cli.ok(&["certificate", "reprint", &id.to_string()]);
    let copy = t.cli.dir().join("ban-sao.pdf");
    t.cli.ok(&[
        "certificates",
        "--round",
        &t.round,
        "--out",
        copy.to_str().unwrap(),
        "--one-file",
    ]);
    let (pages, text) = pdf_text(&copy);
    assert_eq!(pages, 1);
    assert!(
        text.contains("BẢN SAO") && text.contains("001/2026/GCN-OCOP"),
        "{text}"
    );
    // The QR payload printed on it verifies offline against the database.
    let payload = list[0]["payload"].as_str().unwrap();
    t.cli.ok(&["verify-certificate", payload]);
}
