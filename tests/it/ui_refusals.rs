//! Files the data folder refuses, read in Vietnamese in the GUI: a bad product
//! list (its rows' problems in a panel titled for the list), a bad criteria file
//! in `criteria/` (on the rounds screen) and a bad catalogue file (each cell by its
//! row and column). Each problem is typed in the app; the GUI words it.

use egui_kittest::kittest::{NodeT, Queryable};
use ocop_council::app::request::{CatalogueRequest, DossiersRequest};
use ocop_council::domain::ids::RoundId;
use ocop_council::ui::Action;

use crate::common::Cli;
use crate::common::ui::{harness, pick_identity, settle, vietnamese};

#[test]
fn a_bad_product_list_is_refused_row_by_row_in_vietnamese() {
    let cli = Cli::new();
    let round = cli.id(&["round", "create", "--name", "Đợt 2/2026"]);
    let list = cli.dir().join("danh-sach.csv");
    std::fs::write(
        &list,
        "Tên sản phẩm,Bộ sản phẩm,Chủ thể,Xã\n\
         Gạo ST25 Ông Cua,3,HTX Hòa Lộc,Xã Hòa Tú\n\
         Lạp xưởng tươi,27,Cơ sở Tân Hòa,\n\
         Bánh pía,6,,Phường 5\n\
         Gạo ST25 Ông Cua,3,HTX Hòa Lộc,Xã Hòa Tú\n",
    )
    .unwrap();
    vietnamese(cli.dir());
    let mut h = harness(cli.dir());
    h.get_by_label("Đợt 2/2026").click();
    settle(&mut h);
    pick_identity(&mut h, "— chọn —", "Ban thư ký");
    h.state_mut()
        .apply(Action::send(DossiersRequest::ImportProductList {
            round: RoundId(round),
            path: list,
        }));
    settle(&mut h);
    h.get_by_label("Danh sách sản phẩm không được nhập");
    h.get_by_label_contains("3 vấn đề. Không có gì được ghi.");
    // In file order, each in its row, in Vietnamese.
    h.get_by_label("• dòng 3: bộ sản phẩm 27 không có trong bộ tiêu chí qd148-2023");
    h.get_by_label("• dòng 4: thiếu chủ thể");
    h.get_by_label("• dòng 5: \"Gạo ST25 Ông Cua\" của \"HTX Hòa Lộc\" có hai lần trong danh sách");
    assert!(h.query_by_label_contains("row ").is_none());
    assert_eq!(
        cli.json(&["product", "list", "--round", &round.to_string(), "--json"]),
        serde_json::json!([])
    );
    h.get_by_label("Đã hiểu, đóng").click();
    settle(&mut h);
    assert!(
        h.query_by_label("Danh sách sản phẩm không được nhập")
            .is_none()
    );
}

#[test]
fn a_bad_criteria_file_is_named_with_its_problem_in_vietnamese_on_the_rounds_screen() {
    let cli = Cli::new();
    let criteria = cli.dir().join("criteria");
    std::fs::create_dir_all(&criteria).unwrap();
    // Claims its sums check, but a criterion's maximum was bent.
    let catalog = ocop_council::domain::criteria::Catalog::embedded();
    let sheet = &catalog
        .sheet(
            ocop_council::domain::criteria::catalog::DEFAULT_CRITERIA_SET,
            1,
        )
        .unwrap()
        .sheet;
    let mut bent = serde_json::to_value(sheet).unwrap();
    bent["criteria_set"]["id"] = "bent-2026".into();
    bent["parts"][0]["sections"][0]["criteria"][0]["max_points"] = 6.into();
    std::fs::write(criteria.join("bent.json"), bent.to_string()).unwrap();
    std::fs::write(criteria.join("latin1.json"), b"{\"format\": \"caf\xe9\"}").unwrap();
    vietnamese(cli.dir());
    let h = harness(cli.dir());
    let label = |node: egui_kittest::Node<'_>| {
        let node = node.accesskit_node();
        node.label().or_else(|| node.value()).unwrap_or_default()
    };
    let text = label(h.get_by_label_contains("bent.json"));
    assert!(
        text.contains("Không nạp được bộ tiêu chí")
            && text.contains("A.1.a: điểm tối đa ghi 6 nhưng mức cao nhất cho"),
        "{text}"
    );
    let text = label(h.get_by_label_contains("latin1.json"));
    assert!(
        text.contains("không phải văn bản UTF-8 (byte sai 0xe9 ở vị trí 15)"),
        "{text}"
    );
}

#[test]
fn a_bad_catalogue_file_names_each_cell_in_vietnamese() {
    let cli = Cli::new();
    let mut rows: Vec<String> = (0..3).map(crate::catalogue::soc_trang_row).collect();
    rows[1] = rows[1].replace(",4,002/", ",6,002/"); // row 3: 6 stars
    rows[2] = rows[2].replace("03/03/2025", "31/02/2023"); // row 4: no such day
    let file = crate::catalogue::write_csv(cli.dir(), "bad.csv", &rows);
    vietnamese(cli.dir());
    let mut h = harness(cli.dir());
    h.get_by_label("Danh mục sản phẩm OCOP").click();
    settle(&mut h);
    h.state_mut()
        .apply(Action::send(CatalogueRequest::ImportCatalogue {
            path: file,
        }));
    settle(&mut h);
    h.get_by_label_contains("bad.csv: 3 lỗi.");
    h.get_by_label("• dòng 3, cột \"Hạng sao\": \"6\" không phải hạng 3, 4 hoặc 5 sao");
    h.get_by_label(
        "• dòng 4, cột \"Ngày quyết định\": \"31/02/2023\" không phải là ngày: lịch không có ngày này",
    );
    assert!(h.query_by_label_contains("is not").is_none());
}
