//! `template catalogue`: the workbook `registry import` reads, with Vietnamese
//! headers, drop-down lists (legal form, product set 1–26, stars 3–5,
//! registration type), an example row the import skips and a notes sheet; filled
//! as an official does, it imports without edits. Also from the catalogue screen.

use crate::common::Cli;
use crate::workbook::{fill_template, part};

#[test]
fn the_catalogue_template_has_lists_an_example_and_notes_and_imports_as_filled() {
    let cli = Cli::new();
    let template = cli.dir().join("mau-danh-muc.xlsx");
    let printed = cli.ok(&["template", "catalogue", "--out", template.to_str().unwrap()]);
    assert!(printed.contains("mau-danh-muc.xlsx"), "{printed}");
    let mut book = calamine::open_workbook_auto(&template).unwrap();
    use calamine::Reader as _;
    assert_eq!(
        book.sheet_names(),
        ["Danh mục sản phẩm OCOP", "Hướng dẫn", "Danh sách chọn"]
    );
    let list = book.worksheet_range("Danh mục sản phẩm OCOP").unwrap();
    let rows: Vec<Vec<String>> = list
        .rows()
        .map(|r| r.iter().map(|c| c.to_string()).collect())
        .collect();
    assert_eq!(
        rows[0][..5],
        [
            "STT",
            "Tên sản phẩm *",
            "Mã sản phẩm",
            "Chủ thể *",
            "Loại hình *"
        ]
    );
    assert_eq!(rows[0].len(), 21);
    assert_eq!(rows[1][0], "Ví dụ");
    assert!(rows[1][9].starts_with("4 · "), "{:?}", rows[1]);
    let lists = book.worksheet_range("Danh sách chọn").unwrap();
    let column = |c: usize| -> Vec<String> {
        lists
            .rows()
            .skip(1)
            .map(|r| r[c].to_string())
            .filter(|s| !s.is_empty())
            .collect()
    };
    let sets = column(0);
    assert_eq!(sets.len(), 26);
    assert!(sets[8].starts_with("9 · "), "{sets:?}");
    assert_eq!(column(1).len(), 6, "legal forms");
    assert_eq!(column(2), ["Đăng ký mới", "Nâng hạng", "Đánh giá lại"]);
    let notes = book.worksheet_range("Hướng dẫn").unwrap();
    assert!(notes.rows().count() >= 9);
    let sheet1 = part(&template, "xl/worksheets/sheet1.xml");
    for (formula, what) in [
        ("'Danh sách chọn'!$A$2:$A$27", "product set"),
        ("'Danh sách chọn'!$B$2:$B$7", "legal form"),
        ("'Danh sách chọn'!$C$2:$C$4", "registration type"),
        ("\"3,4,5\"", "stars"),
    ] {
        assert!(sheet1.contains(formula), "{what} drop-down");
    }

    // Unfilled, it imports nothing and says so.
    let stderr = cli.fails(&["registry", "import", template.to_str().unwrap()]);
    assert!(stderr.contains("no product rows"), "{stderr}");

    // Filled with drop-down values and typed dates, it imports without edits;
    // the example row is skipped.
    let filled = cli.dir().join("danh-muc-da-dien.xlsx");
    let sauce = sets[8].clone();
    fill_template(
        &template,
        &filled,
        &[
            &[
                ("A", "1"),
                ("B", "Nước mắm cá cơm Ba Lành"),
                ("C", "94-950-021-2023"),
                ("D", "Cơ sở Ba Lành"),
                ("E", "Hộ kinh doanh, hộ sản xuất"),
                ("G", "Xã Trung Bình"),
                ("H", "Trần Đề"),
                ("I", "Sóc Trăng"),
                ("J", &sauce),
                ("K", "4"),
                ("L", "021/2023/GCN-OCOP"),
                ("N", "450/QĐ-UBND"),
                ("O", "20/06/2023"),
                ("P", "20/06/2023"),
                ("R", "Nâng hạng"),
                ("S", "Đợt 1/2023"),
                ("T", "78"),
            ],
            &[
                ("A", "2"),
                ("B", "Gạo ST25 Hòa Tú"),
                ("D", "HTX Hòa Tú"),
                ("E", "Hợp tác xã"),
                ("G", "Xã Hòa Tú"),
                ("I", "Sóc Trăng"),
                ("J", "3"),
                ("K", "5"),
                ("L", "001/2024/GCN-OCOP"),
                ("N", "12/QĐ-UBND"),
                ("O", "05/01/2024"),
                ("P", "05/01/2024"),
                ("Q", "05/01/2027"),
            ],
        ],
    );
    let out = cli.ok(&["registry", "import", filled.to_str().unwrap()]);
    assert!(out.contains("2 added, 0 updated, 0 unchanged"), "{out}");
    let list = cli.json(&["registry", "list", "--json", "--as-of", "2024-06-01"]);
    let entries = list["entries"].as_array().unwrap();
    assert_eq!(entries.len(), 2);
    let sauce_entry = &entries[0]["entry"];
    assert_eq!(sauce_entry["product_name"], "Nước mắm cá cơm Ba Lành");
    assert_eq!(sauce_entry["legal_form"], "household");
    assert_eq!(sauce_entry["product_set_no"], 9);
    assert_eq!(sauce_entry["stars"], 4);
    assert_eq!(sauce_entry["registration_type"], "upgrade");
    assert_eq!(sauce_entry["valid_until"], "2026-06-20");
    let rice = &entries[1]["entry"];
    assert_eq!(rice["legal_form"], "cooperative");
    assert_eq!(rice["authority"], "UBND tỉnh Sóc Trăng");
    assert_eq!(rice["registration_type"], "new");
}

#[test]
fn the_catalogue_screen_saves_the_template() {
    use crate::common::ui::{harness, settle, vietnamese};
    use egui_kittest::kittest::Queryable;
    let dir = tempfile::tempdir().unwrap();
    vietnamese(dir.path());
    let mut h = harness(dir.path());
    h.get_by_label("Danh mục sản phẩm OCOP").click();
    settle(&mut h);
    let saved = tempfile::tempdir().unwrap();
    h.state_mut()
        .answer_save_dialogs_in(saved.path().to_path_buf());
    h.get_by_label("Tải mẫu danh mục (XLSX)…").click();
    settle(&mut h);
    let file = saved.path().join("mau-danh-muc-ocop.xlsx");
    let book = calamine::open_workbook_auto(&file).expect("the template was written");
    use calamine::Reader as _;
    assert_eq!(book.sheet_names()[0], "Danh mục sản phẩm OCOP");
}
