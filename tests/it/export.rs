//! Exports (XLSX, CSV, JSON) read back with independent parsers, and the product
//! list import from XLSX and CSV.

use crate::common::{Cli, Pick, answers, sheet, sheet_file};
use calamine::{Data, Reader};

/// A round of 3 voting members and 2 products, every sheet submitted.
fn scored_round() -> (Cli, i64) {
    let cli = Cli::new();
    let round = cli.id(&["round", "create", "--name", "Đợt 1/2026"]);
    let r = round.to_string();
    let chair = cli.id(&[
        "member",
        "add",
        "--round",
        &r,
        "--name",
        "Lâm Văn Chủ",
        "--role",
        "chair",
    ]);
    let m2 = cli.id(&[
        "member",
        "add",
        "--round",
        &r,
        "--name",
        "Trịnh Thị Ánh",
        "--role",
        "member",
    ]);
    let m3 = cli.id(&[
        "member",
        "add",
        "--round",
        &r,
        "--name",
        "Thạch Sô Phên",
        "--role",
        "member",
    ]);
    let p1 = cli.id(&[
        "product",
        "add",
        "--round",
        &r,
        "--name",
        "Bánh pía sầu riêng Vũng Thơm",
        "--set",
        "6",
        "--producer",
        "Cơ sở Tân Huê Viên",
        "--commune",
        "Phường Phú Lợi",
    ]);
    let p2 = cli.id(&[
        "product",
        "add",
        "--round",
        &r,
        "--name",
        "Mật ong hoa nhãn",
        "--set",
        "4",
        "--producer",
        "HTX Ong mật Cù Lao Dung",
    ]);
    cli.ok(&[
        "--by", "1", "round", "advance", "--round", &r, "--to", "scoring",
    ]);
    let (s6, s4) = (sheet(6), sheet(4));
    let mut files = Vec::new();
    for (i, m) in [chair, m2, m3].into_iter().enumerate() {
        let mut a = answers(&s6, Pick::Best, &[]);
        if i == 2 {
            a = answers(&s6, Pick::Best, &[("A.1.a", 1)]);
        }
        let mut file = sheet_file(round, p1, m, a, true);
        file["comments"] = serde_json::json!({"A.1.a": format!("Nhận xét của thành viên {m}: nguyên liệu tại chỗ")});
        files.push(cli.write(&format!("p1-{m}.json"), &file));
        files.push(cli.write(
            &format!("p2-{m}.json"),
            &sheet_file(round, p2, m, answers(&s4, Pick::Lowest, &[]), true),
        ));
    }
    let mut args = vec!["sheet".to_string(), "import".to_string()];
    args.extend(files.iter().map(|p| p.display().to_string()));
    cli.ok(&args.iter().map(String::as_str).collect::<Vec<_>>());
    (cli, round)
}

fn text(cell: &Data) -> String {
    match cell {
        Data::String(s) => s.clone(),
        Data::Float(f) => format!("{f}"),
        Data::Int(i) => i.to_string(),
        Data::Empty => String::new(),
        other => other.to_string(),
    }
}

#[test]
fn xlsx_export_reads_back_with_vietnamese_headers_totals_and_criteria() {
    let (cli, round) = scored_round();
    let out = cli.dir().join("kết quả đợt 1.xlsx");
    let r = round.to_string();
    cli.ok(&[
        "export",
        "--round",
        &r,
        "--format",
        "xlsx",
        "--out",
        out.to_str().unwrap(),
    ]);
    let json = cli.json(&["results", "--round", &r, "--format", "json"]);

    let mut book = calamine::open_workbook_auto(&out).unwrap();
    let names = book.sheet_names();
    assert_eq!(names.len(), 4, "{names:?}");
    assert_eq!(names[0], "Kết quả");
    assert_eq!(names[1], "Điểm từng thành viên");
    assert!(names[2].starts_with("1 Bánh pía sầu riêng"), "{names:?}");

    // The header row is the one naming the product column (titles above it).
    let header_of = |range: &calamine::Range<Data>| -> (usize, Vec<String>) {
        let at = range
            .rows()
            .position(|r| r.iter().any(|c| text(c) == "Tên sản phẩm"))
            .unwrap();
        (at, range.rows().nth(at).unwrap().iter().map(text).collect())
    };
    let results = book.worksheet_range("Kết quả").unwrap();
    let (at, header) = header_of(&results);
    for want in [
        "Tên sản phẩm",
        "Bộ sản phẩm",
        "Chủ thể",
        "Xã",
        "Điểm trung bình",
        "Số sao",
        "Giới hạn sao / bị loại / chủ trì",
        "Trạng thái",
        "Số giấy chứng nhận",
    ] {
        assert!(
            header.iter().any(|h| h == want),
            "missing header {want}: {header:?}"
        );
    }
    let col = |header: &[String], name: &str| header.iter().position(|h| h == name).unwrap();
    let row: Vec<&Data> = results.rows().nth(at + 1).unwrap().iter().collect();
    assert_eq!(
        text(row[col(&header, "Tên sản phẩm")]),
        "Bánh pía sầu riêng Vũng Thơm"
    );
    assert_eq!(text(row[col(&header, "Xã")]), "Phường Phú Lợi");
    let p1 = &json["products"][0];
    assert_eq!(
        text(row[col(&header, "Điểm trung bình")]),
        p1["mean"].to_string()
    );
    assert_eq!(text(row[col(&header, "Số sao")]), p1["stars"].to_string());

    // Each member's total, the spread and the recusals are on the second sheet.
    let members = book.worksheet_range("Điểm từng thành viên").unwrap();
    let (at, header) = header_of(&members);
    for want in ["Lâm Văn Chủ", "Cần chấm lại", "Thành viên tránh", "Túc số"] {
        assert!(
            header.iter().any(|h| h == want),
            "missing {want}: {header:?}"
        );
    }
    let row: Vec<&Data> = members.rows().nth(at + 1).unwrap().iter().collect();
    assert_eq!(
        text(row[col(&header, "Lâm Văn Chủ")]),
        p1["member_totals"][0]["total"].to_string()
    );

    // The product sheet: one row per criterion, each member's points, comments.
    let product = book.worksheet_range(&names[2]).unwrap();
    let rows: Vec<Vec<String>> = product
        .rows()
        .map(|r| r.iter().map(text).collect())
        .collect();
    assert_eq!(rows[2][0], "Mã tiêu chí");
    let a1a = rows.iter().find(|r| r[0] == "A.1.a").unwrap();
    assert_eq!(a1a[3], "5", "chair's best option");
    assert!(
        a1a.last().unwrap().contains("Nhận xét của thành viên"),
        "{a1a:?}"
    );
    let criteria = sheet(6).criteria().count();
    // Criterion ids ("A.1.a") in the first column, one row each.
    let ids = rows
        .iter()
        .filter(|r| r[0].contains('.') && !r[0].contains(' '))
        .count();
    assert_eq!(ids, criteria);
    let total = rows
        .iter()
        .find(|r| r.get(1).is_some_and(|c| c == "TỔNG ĐIỂM"))
        .unwrap();
    assert_eq!(total[3], "100");
}

#[test]
fn csv_export_opens_with_the_csv_crate_and_matches_the_results() {
    let (cli, round) = scored_round();
    let out = cli.dir().join("ket-qua.csv");
    let r = round.to_string();
    cli.ok(&[
        "export",
        "--round",
        &r,
        "--format",
        "csv",
        "--out",
        out.to_str().unwrap(),
    ]);
    let bytes = std::fs::read(&out).unwrap();
    assert!(
        bytes.starts_with("\u{feff}".as_bytes()),
        "UTF-8 BOM for Excel"
    );
    let mut reader = csv::Reader::from_reader(&bytes[3..]);
    let headers = reader.headers().unwrap().clone();
    assert_eq!(&headers[1], "Tên sản phẩm");
    let records: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(records.len(), 2);
    let json = cli.json(&["results", "--round", &r, "--format", "json"]);
    for (record, product) in records.iter().zip(json["products"].as_array().unwrap()) {
        assert_eq!(&record[1], product["name"].as_str().unwrap());
        let mean_col = headers.iter().position(|h| h == "Điểm trung bình").unwrap();
        assert_eq!(
            record[mean_col].parse::<f64>().unwrap(),
            product["mean"].as_f64().unwrap()
        );
    }
    // Round trip: writing the parsed records again gives the same bytes.
    let mut again = csv::Writer::from_writer(Vec::new());
    again.write_record(&headers).unwrap();
    for record in &records {
        again.write_record(record).unwrap();
    }
    assert_eq!(again.into_inner().unwrap(), bytes[3..].to_vec());
}

#[test]
fn json_export_is_the_documented_results_document() {
    let (cli, round) = scored_round();
    let out = cli.dir().join("results.json");
    let r = round.to_string();
    cli.ok(&[
        "export",
        "--round",
        &r,
        "--format",
        "json",
        "--out",
        out.to_str().unwrap(),
    ]);
    let file: serde_json::Value = serde_json::from_slice(&std::fs::read(&out).unwrap()).unwrap();
    assert_eq!(
        file,
        cli.json(&["results", "--round", &r, "--format", "json"])
    );
    assert_eq!(file["format"], "ocop-round-results/1");
}

#[test]
fn product_list_import_reports_every_bad_row_and_imports_nothing_then_all() {
    let cli = Cli::new();
    let round = cli.id(&["round", "create", "--name", "Đợt 2/2026"]);
    let r = round.to_string();
    let bad = cli.dir().join("danh-sach.csv");
    std::fs::write(
        &bad,
        "\u{feff}Tên sản phẩm,Bộ sản phẩm,Chủ thể,Xã\n\
         Gạo ST25 Ông Cua,3,HTX Hòa Lộc,Xã Hòa Tú\n\
         Lạp xưởng tươi,27,Cơ sở Tân Hòa,\n\
         Bánh pía,6,,Phường 5\n\
         Gạo ST25 Ông Cua,3 · Gạo,HTX Hòa Lộc,Xã Hòa Tú\n",
    )
    .unwrap();
    let stderr = cli.fails(&["product", "import", "--round", &r, bad.to_str().unwrap()]);
    let lines: Vec<&str> = stderr.lines().collect();
    assert_eq!(lines.len(), 3, "{stderr}");
    assert!(
        lines.iter().any(|l| l.contains("row 4: no producer")),
        "{stderr}"
    );
    assert!(
        lines
            .iter()
            .any(|l| l.contains("row 3: product set 27 is not in criteria set")),
        "{stderr}"
    );
    assert!(
        lines
            .iter()
            .any(|l| l.contains("row 5:") && l.contains("listed twice")),
        "{stderr}"
    );
    assert!(lines.iter().all(|l| l.contains("danh-sach.csv")));
    assert_eq!(
        cli.json(&["product", "list", "--round", &r, "--json"]),
        serde_json::json!([])
    );

    // A clean XLSX with English headers in another order imports every row.
    let good = cli.dir().join("products.xlsx");
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    let rows = [
        ["Producer", "Name", "Set", "Commune", "Code"],
        [
            "HTX Hòa Lộc",
            "Gạo ST25 Ông Cua",
            "3",
            "Xã Hòa Tú",
            "94-941-001-2026",
        ],
        ["Cơ sở Ba Lành", "Nước mắm cá cơm", "9", "Xã Trung Bình", ""],
    ];
    for (i, row) in rows.iter().enumerate() {
        for (j, cell) in row.iter().enumerate() {
            sheet.write_string(i as u32, j as u16, *cell).unwrap();
        }
    }
    // A set number typed as a number, as Excel users do.
    sheet.write_number(2, 2, 9.0).unwrap();
    book.save(&good).unwrap();
    let out = cli.ok(&["product", "import", "--round", &r, good.to_str().unwrap()]);
    assert!(out.contains("imported 2 product(s)"), "{out}");
    let list = cli.json(&["product", "list", "--round", &r, "--json"]);
    assert_eq!(list[0]["name"], "Gạo ST25 Ông Cua");
    assert_eq!(list[0]["product_code"], "94-941-001-2026");
    assert_eq!(list[1]["product_set"], 9);
    assert_eq!(list[1]["producer"]["commune"], "Xã Trung Bình");
    // Importing the same list again is refused (already in the round).
    let stderr = cli.fails(&["product", "import", "--round", &r, good.to_str().unwrap()]);
    assert!(stderr.contains("already in round"), "{stderr}");
}
