//! The workbook as officials open and print it, read back from the file: rows as
//! tall as their wrapped text, numbers as numbers with their formats, dates as
//! dates, header rows and key columns repeated on printed pages, formula-like text
//! kept as text (XLSX and CSV), Excel's cell limit, and the product-list template
//! that imports as filled.

use std::collections::BTreeMap;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use calamine::{Data, Reader};
use ocop_council::app::Session;
use ocop_council::app::export::{ExportFormat, export_round};
use ocop_council::domain::criteria::CriterionId;
use ocop_council::domain::round::RoundStatus;
use ocop_council::export::xlsx::{MAX_CELL_UTF16, TRUNCATION_MARKER};
use ocop_council::store::{NewProduct, ProducerFacts, SheetWrite};

use crate::common::Cli;
use crate::common::answers_totalling;
use crate::common::as_member;
use crate::common::council::{self, Council, SET, actor, date, decision};

const HOSTILE_PRODUCER: &str = "=HYPERLINK(\"http://evil.example\",\"Bấm vào đây\")";
const LONG_NAME: &str = "Mật ong hoa nhãn nguyên chất thu hoạch tại vườn nhãn cổ ven sông Hậu, đóng chai thủy tinh 500 ml có tem truy xuất nguồn gốc";

/// One zip entry of the workbook as text.
pub(crate) fn part(xlsx: &Path, name: &str) -> String {
    let file = std::fs::File::open(xlsx).unwrap();
    let mut zip = zip::ZipArchive::new(file).unwrap();
    let mut text = String::new();
    zip.by_name(name)
        .unwrap_or_else(|_| panic!("{name} in {}", xlsx.display()))
        .read_to_string(&mut text)
        .unwrap();
    text
}

/// The value of `attr="…"` inside `tag_text` (which may start at the attribute).
fn attr(tag_text: &str, attr: &str) -> Option<String> {
    let tag_text = format!(" {tag_text}");
    let start = tag_text.find(&format!(" {attr}=\""))? + attr.len() + 3;
    let rest = &tag_text[start..];
    Some(rest[..rest.find('"')?].to_string())
}

/// Row number (1-based) → height in points, for rows that state one.
fn row_heights(sheet_xml: &str) -> BTreeMap<u32, f64> {
    sheet_xml
        .split("<row ")
        .skip(1)
        .filter_map(|row| {
            let tag = &row[..row.find('>')?];
            Some((
                attr(tag, "r")?.parse().ok()?,
                attr(tag, "ht")?.parse().ok()?,
            ))
        })
        .collect()
}

/// Column index (0-based) → width in digits.
fn column_widths(sheet_xml: &str) -> BTreeMap<u16, f64> {
    let mut widths = BTreeMap::new();
    for col in sheet_xml.split("<col ").skip(1) {
        let tag = &col[..col.find('>').unwrap()];
        let (min, max): (u16, u16) = (
            attr(tag, "min").unwrap().parse().unwrap(),
            attr(tag, "max").unwrap().parse().unwrap(),
        );
        let width: f64 = attr(tag, "width").unwrap().parse().unwrap();
        for c in min..=max {
            widths.insert(c - 1, width);
        }
    }
    widths
}

/// The style index of cell `reference` ("F5").
fn cell_style(sheet_xml: &str, reference: &str) -> usize {
    let start = sheet_xml
        .find(&format!("<c r=\"{reference}\""))
        .unwrap_or_else(|| panic!("cell {reference}"));
    let tag = &sheet_xml[start..start + sheet_xml[start..].find('>').unwrap()];
    attr(tag, "s").map_or(0, |s| s.parse().unwrap())
}

/// The `<xf …>` of style `index` in styles.xml's cellXfs.
fn cell_xf(styles: &str, index: usize) -> String {
    let xfs = &styles[styles.find("<cellXfs").unwrap()..styles.find("</cellXfs>").unwrap()];
    let xf = xfs.split("<xf ").nth(index + 1).unwrap();
    xf[..xf.find("</xf>").or_else(|| xf.find("/>")).unwrap()].to_string()
}

/// The number format code of style `index` (built-in 1 = "0", 2 = "0.00").
fn number_format(styles: &str, index: usize) -> String {
    let id: u32 = attr(&cell_xf(styles, index), "numFmtId")
        .unwrap_or_else(|| "0".into())
        .parse()
        .unwrap();
    match id {
        0 => "General".into(),
        1 => "0".into(),
        2 => "0.00".into(),
        custom => {
            let at = styles
                .find(&format!("<numFmt numFmtId=\"{custom}\""))
                .unwrap();
            attr(&styles[at..], "formatCode").unwrap()
        }
    }
}

/// "A1"-style reference of a 0-based (row, column).
fn reference(row: usize, col: usize) -> String {
    let mut letters = String::new();
    let mut n = col + 1;
    while n > 0 {
        letters.insert(0, (b'A' + ((n - 1) % 26) as u8) as char);
        n = (n - 1) / 26;
    }
    format!("{letters}{}", row + 1)
}

/// A lower bound on the lines `text` needs in a column `width` digits wide:
/// even at the narrowest average (0.8 digit a character) and no wasted space at
/// line ends, a paragraph needs this many lines.
fn lines_at_least(text: &str, width: f64) -> u32 {
    text.split('\n')
        .map(|p| ((p.chars().count() as f64 * 0.8) / width).ceil().max(1.0) as u32)
        .sum()
}

/// A council of five with three products, the third with a very long name and a
/// formula-like producer; product 1 is scored by three (two recused) to a mean of
/// 200/3; every member leaves a 7,000-character comment on product 2's first
/// criterion; finalized and certificates issued.
fn finalized_council() -> (Council, PathBuf) {
    let mut c = council::council(2);
    let long = c
        .store
        .add_product(
            c.round,
            &NewProduct {
                name: LONG_NAME.into(),
                product_set: SET,
                product_code: None,
                producer: ProducerFacts {
                    name: HOSTILE_PRODUCER.into(),
                    commune: Some("+84 299 3 123 456".into()),
                    ..Default::default()
                },
            },
            &actor(),
        )
        .unwrap();
    c.products.push(long);
    c.store
        .advance_round(c.round, RoundStatus::Scoring, &as_member(c.chair))
        .unwrap();
    let (p1, p2) = (c.products[0], c.products[1]);
    for m in [c.m2, c.m3] {
        c.store
            .record_recusal(p1, m, "người nhà", &as_member(m))
            .unwrap();
    }
    for (m, total) in [(c.chair, 70), (c.vice, 66), (c.m1, 64)] {
        c.submit(p1, m, total);
    }
    let sheet = c.store.round_sheet(c.round, SET).unwrap();
    let first: CriterionId = sheet.criteria().next().unwrap().2.id.clone();
    let members = [c.chair, c.vice, c.m1, c.m2, c.m3];
    for (i, m) in members.iter().enumerate() {
        c.store
            .write_sheets(
                &[SheetWrite {
                    round: c.round,
                    product: p2,
                    member: *m,
                    answers: answers_totalling(&sheet, 80 - i as u32),
                    comments: BTreeMap::from([(first.clone(), "Nhận xét dài. ".repeat(500))]),
                    submitted: true,
                }],
                &actor(),
            )
            .unwrap();
        c.submit(long, *m, 85);
    }
    c.store
        .advance_round(c.round, RoundStatus::Deliberation, &as_member(c.chair))
        .unwrap();
    c.store
        .finalize_round(c.round, &decision(), &as_member(c.chair))
        .unwrap();
    c.store
        .issue_certificates(
            c.round,
            &crate::certificates::issuer("UBND tỉnh Sóc Trăng"),
            Some(date(2026, 7, 1)),
            &as_member(c.chair),
        )
        .unwrap();
    let dir = c.db.parent().unwrap().to_path_buf();
    (c, dir)
}

fn export(
    dir: &Path,
    round: ocop_council::domain::ids::RoundId,
    format: ExportFormat,
    name: &str,
) -> PathBuf {
    let session = Session::open(dir).unwrap();
    let out = dir.join(name);
    export_round(&session, round, format, &out).unwrap();
    out
}

#[test]
fn results_are_numbers_and_dates_with_formats_and_formula_text_stays_text() {
    let (c, dir) = finalized_council();
    let xlsx = export(&dir, c.round, ExportFormat::Xlsx, "ket-qua.xlsx");
    let mut book = calamine::open_workbook_auto(&xlsx).unwrap();
    let names = book.sheet_names();
    assert_eq!(&names[..2], ["Kết quả", "Điểm từng thành viên"]);
    assert_eq!(names.len(), 5, "{names:?}");

    let results = book.worksheet_range("Kết quả").unwrap();
    let rows: Vec<&[Data]> = results.rows().collect();
    let header_at = rows
        .iter()
        .position(|r| r.iter().any(|c| c == &Data::String("Tên sản phẩm".into())))
        .unwrap();
    let header: Vec<String> = rows[header_at].iter().map(|c| c.to_string()).collect();
    let col = |name: &str| header.iter().position(|h| h == name).unwrap();
    let p1 = rows[header_at + 1];
    // 200/3 = 66.666…: the value written is the truncated 66.66, a number.
    assert_eq!(p1[col("Điểm trung bình")], Data::Float(66.66));
    assert_eq!(p1[col("Số sao")], Data::Float(3.0));
    assert_eq!(p1[col("Hạng theo điểm")], Data::Float(3.0));
    assert_eq!(
        p1[col("Số giấy chứng nhận")],
        Data::String("001/2026/GCN-OCOP".into())
    );
    match &p1[col("Ngày cấp")] {
        Data::DateTime(d) => {
            // Excel's serial day: days since 1899-12-30.
            let serial = (date(2026, 7, 1) - date(1899, 12, 30)).num_days() as f64;
            assert!(d.is_datetime());
            assert_eq!(d.as_f64(), serial, "a date cell");
        }
        other => panic!("the issue date is not a date: {other:?}"),
    }
    let p3 = rows[header_at + 3];
    assert_eq!(p3[col("Chủ thể")], Data::String(HOSTILE_PRODUCER.into()));
    assert_eq!(p3[col("Xã")], Data::String("+84 299 3 123 456".into()));

    // The formats behind those values, from the file itself.
    let sheet1 = part(&xlsx, "xl/worksheets/sheet1.xml");
    let styles = part(&xlsx, "xl/styles.xml");
    let data_row = header_at + 1;
    let format_of = |name: &str| {
        number_format(
            &styles,
            cell_style(&sheet1, &reference(data_row, col(name))),
        )
    };
    assert_eq!(format_of("Điểm trung bình"), "0.00");
    assert_eq!(format_of("Số sao"), "0");
    assert_eq!(format_of("Mã SP"), "0");
    assert_eq!(format_of("Ngày cấp"), "dd/mm/yyyy");
    // No cell anywhere is a formula; the formula-like producer is a
    // quote-prefixed string (Excel keeps it text even when edited).
    for i in 1..=5 {
        let xml = part(&xlsx, &format!("xl/worksheets/sheet{i}.xml"));
        assert!(
            !xml.contains("<f>") && !xml.contains("<f "),
            "sheet {i} has a formula"
        );
    }
    let producer_xf = cell_xf(
        &styles,
        cell_style(&sheet1, &reference(header_at + 3, col("Chủ thể"))),
    );
    assert!(producer_xf.contains("quotePrefix=\"1\""), "{producer_xf}");

    // The members' totals are whole numbers on the second sheet; recused shown.
    let members = book.worksheet_range("Điểm từng thành viên").unwrap();
    let m_rows: Vec<&[Data]> = members.rows().collect();
    let m_header = m_rows
        .iter()
        .position(|r| r.iter().any(|c| c == &Data::String("Tên sản phẩm".into())))
        .unwrap();
    assert_eq!(m_rows[m_header][2], Data::String("Lâm Văn Chủ".into()));
    assert_eq!(m_rows[m_header + 1][2], Data::Float(70.0));
    assert_eq!(m_rows[m_header + 1][5], Data::String("tránh".into()));

    // CSV: the same producer with a leading apostrophe.
    let csv_file = export(&dir, c.round, ExportFormat::Csv, "ket-qua.csv");
    let bytes = std::fs::read(&csv_file).unwrap();
    let mut reader = csv::Reader::from_reader(&bytes[3..]);
    let headers = reader.headers().unwrap().clone();
    let producer = headers.iter().position(|h| h == "Chủ thể").unwrap();
    let commune = headers.iter().position(|h| h == "Xã").unwrap();
    let records: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(&records[2][producer], format!("'{HOSTILE_PRODUCER}"));
    assert_eq!(&records[2][commune], "'+84 299 3 123 456");
    assert_eq!(
        &records[0][producer], "HTX Ong mật 1",
        "plain text untouched"
    );
}

#[test]
fn every_row_is_as_tall_as_its_wrapped_text_and_pages_repeat_headers() {
    let (c, dir) = finalized_council();
    let xlsx = export(&dir, c.round, ExportFormat::Xlsx, "ket-qua.xlsx");
    let mut book = calamine::open_workbook_auto(&xlsx).unwrap();
    let names = book.sheet_names();
    for (i, name) in names.iter().enumerate() {
        let xml = part(&xlsx, &format!("xl/worksheets/sheet{}.xml", i + 1));
        let heights = row_heights(&xml);
        let widths = column_widths(&xml);
        let range = book.worksheet_range(name).unwrap();
        // Titles above the table run over empty cells; the table starts at the
        // first row of several cells.
        let table = range
            .rows()
            .position(|r| r.iter().filter(|c| !matches!(c, Data::Empty)).count() > 2)
            .unwrap();
        for (r, row) in range.rows().enumerate().skip(table) {
            let row_number = (range.start().unwrap().0 as usize + r + 1) as u32;
            for (col, cell) in row.iter().enumerate() {
                let Data::String(text) = cell else { continue };
                let width = widths.get(&(col as u16)).copied().unwrap_or(8.43);
                let need = lines_at_least(text, width).min(27);
                let height = heights.get(&row_number).copied().unwrap_or(15.0);
                assert!(
                    height >= 15.0 * f64::from(need) - 0.5,
                    "{name} row {row_number} column {col}: {height} pt for {need} lines of {:?}",
                    text.chars().take(60).collect::<String>()
                );
            }
        }
    }
    // The long product name wraps over several lines in the results sheet.
    let results_xml = part(&xlsx, "xl/worksheets/sheet1.xml");
    assert!(row_heights(&results_xml).values().any(|h| *h >= 75.0));

    // Printing: A4 landscape, headers repeated, the round on top, "Trang x/y".
    let workbook_xml = part(&xlsx, "xl/workbook.xml");
    assert!(
        workbook_xml.contains("'Kết quả'!$4:$4"),
        "results header row repeats: {workbook_xml}"
    );
    for i in 1..=names.len() {
        let xml = part(&xlsx, &format!("xl/worksheets/sheet{i}.xml"));
        let setup = &xml[xml.find("<pageSetup").unwrap()..];
        assert_eq!(attr(setup, "paperSize").as_deref(), Some("9"), "A4");
        assert_eq!(attr(setup, "orientation").as_deref(), Some("landscape"));
        assert!(xml.contains("Đợt đánh giá: Đợt 1/2026"), "sheet {i} header");
        assert!(xml.contains("Trang &amp;P/&amp;N"), "sheet {i} footer");
        assert!(
            xml.contains("QĐ 1234/QĐ-UBND ngày 30/06/2026"),
            "sheet {i} date"
        );
    }
}

#[test]
fn a_comment_cell_over_excels_limit_is_cut_with_a_marker_and_a_note() {
    let (c, dir) = finalized_council();
    let xlsx = export(&dir, c.round, ExportFormat::Xlsx, "ket-qua.xlsx");
    let mut book = calamine::open_workbook_auto(&xlsx).unwrap();
    let names = book.sheet_names();
    let product2 = book.worksheet_range(&names[3]).unwrap();
    let cut: Vec<String> = product2
        .rows()
        .flat_map(|r| r.iter())
        .filter_map(|c| match c {
            Data::String(s) if s.ends_with(TRUNCATION_MARKER) => Some(s.clone()),
            _ => None,
        })
        .collect();
    assert_eq!(cut.len(), 1, "one cut comments cell");
    assert!(cut[0].encode_utf16().count() <= MAX_CELL_UTF16);
    assert!(cut[0].starts_with("Lâm Văn Chủ: Nhận xét dài."));
    let notes = part(&xlsx, "xl/comments1.xml");
    assert!(notes.contains("cắt bớt"), "{notes}");
}

#[test]
fn a_large_council_prints_member_columns_across_pages_with_the_product_columns_repeated() {
    let cli = Cli::new();
    let r = cli
        .id(&["round", "create", "--name", "Đợt lớn & đông"])
        .to_string();
    for i in 0..12 {
        let role = if i == 0 { "chair" } else { "member" };
        cli.ok(&[
            "member",
            "add",
            "--round",
            &r,
            "--name",
            &format!("Thành viên số {i}"),
            "--role",
            role,
        ]);
    }
    cli.ok(&[
        "product",
        "add",
        "--round",
        &r,
        "--name",
        "Nước mắm",
        "--set",
        "9",
        "--producer",
        "Cơ sở A",
    ]);
    let out = cli.dir().join("lon.xlsx");
    cli.ok(&[
        "export",
        "--round",
        &r,
        "--format",
        "xlsx",
        "--out",
        out.to_str().unwrap(),
    ]);
    let workbook_xml = part(&out, "xl/workbook.xml");
    // Members sheet: Mã SP + name repeat; product sheet: code, criterion, max.
    assert!(
        workbook_xml.contains("'Điểm từng thành viên'!$A:$B"),
        "{workbook_xml}"
    );
    assert!(
        workbook_xml.contains("'1 Nước mắm'!$A:$C"),
        "{workbook_xml}"
    );
    let product = part(&out, "xl/worksheets/sheet3.xml");
    let setup = &product[product.find("<pageSetup").unwrap()..];
    assert_eq!(
        attr(setup, "scale").as_deref(),
        Some("90"),
        "≥ 9 pt: 11 pt at 90%"
    );
    assert_eq!(attr(setup, "pageOrder").as_deref(), Some("overThenDown"));
    // The results sheet still fits one page's width.
    let results = part(&out, "xl/worksheets/sheet1.xml");
    assert!(results.contains("fitToPage=\"1\""), "results fit the width");
    // "&" in the round's name is escaped in the page header.
    assert!(
        results.contains("Đợt lớn &amp;&amp; đông"),
        "header escapes &"
    );
}

/// Writes `rows` (column letter → text) under the template's example row, as a
/// person filling it in would: inline strings in the list sheet.
pub(crate) fn fill_template(template: &Path, filled: &Path, rows: &[&[(&str, &str)]]) {
    let mut zip = zip::ZipArchive::new(std::fs::File::open(template).unwrap()).unwrap();
    let mut out = zip::ZipWriter::new(std::fs::File::create(filled).unwrap());
    for i in 0..zip.len() {
        let mut entry = zip.by_index(i).unwrap();
        let name = entry.name().unwrap().to_string();
        let mut bytes = Vec::new();
        entry.read_to_end(&mut bytes).unwrap();
        if name == "xl/worksheets/sheet1.xml" {
            let xml = String::from_utf8(bytes).unwrap();
            let mut added = String::new();
            for (i, row) in rows.iter().enumerate() {
                let r = i + 3;
                added.push_str(&format!("<row r=\"{r}\">"));
                for (column, text) in *row {
                    added.push_str(&format!(
                        "<c r=\"{column}{r}\" t=\"inlineStr\"><is><t>{text}</t></is></c>"
                    ));
                }
                added.push_str("</row>");
            }
            bytes = xml
                .replace("</sheetData>", &format!("{added}</sheetData>"))
                .into_bytes();
        }
        out.start_file(name, zip::write::SimpleFileOptions::default())
            .unwrap();
        out.write_all(&bytes).unwrap();
    }
    out.finish().unwrap();
}

#[test]
fn the_product_list_template_has_lists_an_example_and_notes_and_imports_as_filled() {
    let cli = Cli::new();
    let template = cli.dir().join("mau.xlsx");
    let printed = cli.ok(&[
        "template",
        "product-list",
        "--out",
        template.to_str().unwrap(),
    ]);
    assert!(printed.contains("mau.xlsx"), "{printed}");
    let mut book = calamine::open_workbook_auto(&template).unwrap();
    assert_eq!(
        book.sheet_names(),
        ["Danh sách sản phẩm", "Hướng dẫn", "Danh mục"]
    );
    let list = book.worksheet_range("Danh sách sản phẩm").unwrap();
    let rows: Vec<Vec<String>> = list
        .rows()
        .map(|r| r.iter().map(|c| c.to_string()).collect())
        .collect();
    assert_eq!(
        rows[0][..4],
        ["STT", "Tên sản phẩm *", "Bộ sản phẩm *", "Chủ thể *"]
    );
    assert_eq!(rows[1][0], "Ví dụ");
    assert!(rows[1][2].starts_with("4 · "), "{:?}", rows[1]);
    let lists = book.worksheet_range("Danh mục").unwrap();
    let sets: Vec<String> = lists
        .rows()
        .skip(1)
        .map(|r| r[0].to_string())
        .filter(|s| !s.is_empty())
        .collect();
    assert_eq!(sets.len(), 26);
    assert!(sets[8].starts_with("9 · "), "{sets:?}");
    let notes = book.worksheet_range("Hướng dẫn").unwrap();
    assert!(notes.rows().count() >= 8);
    let sheet1 = part(&template, "xl/worksheets/sheet1.xml");
    assert!(sheet1.contains("'Danh mục'!$A$2:$A$27"), "set drop-down");
    assert!(
        sheet1.contains("'Danh mục'!$B$2:$B$6"),
        "legal form drop-down"
    );

    // Unfilled, it imports nothing and says so.
    let round = cli
        .id(&["round", "create", "--name", "Đợt 5/2026"])
        .to_string();
    let stderr = cli.fails(&[
        "product",
        "import",
        "--round",
        &round,
        template.to_str().unwrap(),
    ]);
    assert!(stderr.contains("no product rows"), "{stderr}");

    // Filled as a secretary does (drop-down values, phone with its zero), it
    // imports without edits; the example row is skipped.
    let filled = cli.dir().join("da-dien.xlsx");
    let sauce = sets[8].clone();
    fill_template(
        &template,
        &filled,
        &[
            &[
                ("A", "1"),
                ("B", "Nước mắm cá cơm Ba Lành"),
                ("C", &sauce),
                ("D", "Cơ sở Ba Lành"),
                ("E", "Hộ sản xuất, kinh doanh"),
                ("G", "Xã Trung Bình"),
                ("K", "0299 3 111 222"),
            ],
            &[
                ("A", "2"),
                ("B", "Gạo ST25 Hòa Tú"),
                ("C", "3"),
                ("D", "HTX Hòa Tú"),
                ("E", "Hợp tác xã"),
            ],
        ],
    );
    let out = cli.ok(&[
        "product",
        "import",
        "--round",
        &round,
        filled.to_str().unwrap(),
    ]);
    assert!(out.contains("imported 2 product(s)"), "{out}");
    let products = cli.json(&["product", "list", "--round", &round, "--json"]);
    assert_eq!(products.as_array().unwrap().len(), 2);
    assert_eq!(products[0]["name"], "Nước mắm cá cơm Ba Lành");
    assert_eq!(products[0]["product_set"], 9);
    assert_eq!(products[0]["producer"]["kind"], "household");
    assert_eq!(products[0]["producer"]["phone"], "0299 3 111 222");
    assert_eq!(products[1]["producer"]["kind"], "cooperative");
}

#[test]
fn the_council_tab_saves_the_product_list_template() {
    use crate::common::ui::{harness, pick_identity, settle, vietnamese};
    use egui_kittest::kittest::Queryable;
    let dir = tempfile::tempdir().unwrap();
    vietnamese(dir.path());
    let mut h = harness(dir.path());
    h.get_by_label("Đợt mới:").focus();
    h.step();
    h.get_by_label("Đợt mới:").type_text("Đợt 1/2027");
    h.step();
    h.get_by_label("Tạo đợt").click();
    settle(&mut h);
    pick_identity(&mut h, "— chọn —", "Ban thư ký");
    h.get_by_label("Hội đồng").click();
    settle(&mut h);
    let saved = tempfile::tempdir().unwrap();
    h.state_mut()
        .answer_save_dialogs_in(saved.path().to_path_buf());
    h.get_by_label("Tải mẫu danh sách sản phẩm (XLSX)…").click();
    settle(&mut h);
    let file = saved.path().join("mau-danh-sach-san-pham.xlsx");
    let mut book = calamine::open_workbook_auto(&file).expect("the template was written");
    assert_eq!(book.sheet_names()[0], "Danh sách sản phẩm");
    assert_eq!(
        book.worksheet_range("Danh mục").unwrap().rows().count(),
        27,
        "header and the 26 sets of the round's criteria set"
    );
}
