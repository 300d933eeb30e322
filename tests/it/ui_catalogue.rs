//! The *Danh mục sản phẩm OCOP* screen through egui_kittest: it opens from the top
//! bar, shows the same figures as the report's JSON, and filters the list.

use egui_kittest::kittest::Queryable;

use crate::catalogue::{report_json, soc_trang};
use crate::common::Cli;
use crate::common::ui::{harness, settle, type_into, vietnamese};

#[test]
fn the_catalogue_screen_shows_the_reports_figures_and_filters_the_list() {
    let cli = Cli::new();
    let file = soc_trang(&cli);
    cli.ok(&["registry", "import", file.to_str().unwrap()]);
    cli.ok(&["registry", "target", "200"]);
    let json = report_json(&cli);
    vietnamese(cli.dir());
    let mut h = harness(cli.dir());
    h.get_by_label("Danh mục sản phẩm OCOP").click();
    settle(&mut h);
    // Every entry is in force today only if the fixture is recent: compare with
    // the JSON computed on the same day instead of fixed numbers.
    let today = cli.dir().join("today.json");
    cli.ok(&["report", "--out", today.to_str().unwrap()]);
    let now: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&today).unwrap()).unwrap();
    let f = &now["in_force"];
    let target = &now["against_target"];
    // One rule with the report's tables: one decimal, decimal comma.
    let per_mille = (target["count"].as_u64().unwrap() * 2000 + 200) / 400;
    let percent = match per_mille % 10 {
        0 => format!("{}", per_mille / 10),
        d => format!("{},{d}", per_mille / 10),
    };
    let sentence = format!(
        "Toàn tỉnh có {} sản phẩm OCOP còn hiệu lực, đạt {percent}% kế hoạch (200 sản phẩm), gồm {} sản phẩm 5 sao, {} sản phẩm 4 sao, {} sản phẩm 3 sao.",
        f["total"], f["stars_5"], f["stars_4"], f["stars_3"]
    );
    h.get_by_label(&sentence);
    assert_eq!(json["in_force"]["total"], 326, "the report on 2025-12-31");
    h.get_by_label("326 / 326 sản phẩm");
    // The timeline (egui_plot) of the same report, with its legend.
    h.get_by_label("Công nhận và hết hạn theo năm");
    h.get_by_label("Đến hạn (hết 36 tháng)");
    type_into(&mut h, "Tìm:", "Gạo ST25");
    settle(&mut h);
    h.get_by_label("1 / 326 sản phẩm");
    h.get_by_label("Gạo ST25");
}

#[test]
fn a_re_evaluation_products_desk_shows_its_previous_stars_and_certificate() {
    let cli = Cli::new();
    cli.ok(&["demo", "load"]);
    let file = crate::catalogue_link::demo_catalogue(&cli);
    cli.ok(&["registry", "import", file.to_str().unwrap()]);
    vietnamese(cli.dir());
    let mut h = harness(cli.dir());
    h.get_by_label(ocop_council::app::demo::DEMO_ROUND_NAME)
        .click();
    settle(&mut h);
    h.get_by_value("— chọn —").click();
    h.run();
    h.get_by_label("Nguyễn Hoàng Phúc (Ủy viên)").click();
    settle(&mut h);
    h.get_by_label(crate::catalogue_link::PIA).click();
    settle(&mut h);
    h.get_by_label("Giấy chứng nhận trước (sổ theo dõi OCOP)");
    h.get_by_label("★★★★ 4 sao");
    h.get_by_label("0456/2022/GCN-OCOP");
    h.get_by_label("05/10/2022 – 05/10/2025");
    h.get_by_label("2019 3★ (0101/2019/GCN-OCOP)");
    h.get_by_label("Liên kết theo số quyết định ghi trong hồ sơ");
    h.get_by_label("Tình trạng:");
}
