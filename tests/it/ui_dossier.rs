//! The dossier view through egui_kittest: the demo round offered on an empty data
//! folder, and a demo dossier's facts, checklist and attachments found by label.

use crate::common::ui::*;

use egui_kittest::kittest::Queryable;

#[test]
fn an_empty_data_folder_offers_the_demo_round_and_a_dossier_shows_its_evidence() {
    let dir = tempfile::tempdir().unwrap();
    vietnamese(dir.path());
    let mut harness = harness(dir.path());
    harness
        .get_by_label("Tải đợt minh họa (9 hồ sơ hư cấu)")
        .click();
    settle(&mut harness);
    // The demo round opens on its product list.
    harness.get_by_label("Gạo ST25 Ruộng Tôm Hòa Tú");
    harness.get_by_value("— chọn —").click();
    harness.run();
    harness.get_by_label("Nguyễn Hoàng Phúc (Ủy viên)").click();
    settle(&mut harness);
    harness
        .get_by_label("Lạp xưởng tươi Cô Út Mỹ Xuyên")
        .click();
    settle(&mut harness);

    // Facts from the dossier's registration.
    harness.get_by_label("Hồ sơ sản phẩm");
    harness.get_by_label("Công ty TNHH Thực phẩm Cô Út");
    harness.get_by_label("Đăng ký mới");
    harness.get_by_label("Hồ sơ minh họa (hư cấu).");
    // The missing food-safety certificate is flagged as a hard condition.
    harness.get_by_label("⚠ Thiếu điều kiện bắt buộc — hồ sơ có thể bị loại:");
    // Attachments by their titles, the photo as an image, and an Open button each.
    for title in [
        "Phiếu đăng ký sản phẩm tham gia đánh giá, phân hạng OCOP",
        "Giấy chứng nhận đăng ký kinh doanh",
        "Bản tự công bố sản phẩm",
        "Phiếu kết quả kiểm nghiệm",
        "Nhãn sản phẩm",
        "Ảnh sản phẩm",
    ] {
        // A title may also be a checklist line (e.g. the business registration).
        assert!(
            harness.query_all_by_label(title).count() >= 1,
            "attachment {title}"
        );
    }
    // The photo loads on egui_extras' own thread and then shows as a thumbnail (a
    // small spinner stands in meanwhile: wait for the picture itself, up to 20 s on
    // a loaded machine).
    let mut size = egui::Vec2::ZERO;
    for _ in 0..2000 {
        harness.step();
        size = harness.get_by_label("Ảnh anh-san-pham.jpg").rect().size();
        if size.x > 50.0 {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
    assert!(
        size.x > 50.0 && size.y > 50.0 && size.y <= 110.0,
        "thumbnail size {size:?}"
    );
    assert_eq!(harness.query_all_by_label("Mở").count(), 6);
    // On the sheet, a criterion links to the producer's evidence for it.
    harness.get_by_label("▸ Bản tự công bố sản phẩm");
    harness.get_by_label("Tài liệu đính kèm (6)");

    // The member links a criterion to one of the dossier's files as evidence;
    // it is saved like an answer.
    let producer_links = harness
        .query_all_by_label("▸ Phiếu kết quả kiểm nghiệm")
        .count();
    harness
        .query_all_by_label("Minh chứng tôi dựa vào:")
        .next()
        .expect("an evidence picker on the first criterion")
        .click();
    harness.run();
    harness
        .query_all_by_label("Phiếu kết quả kiểm nghiệm")
        .last()
        .expect("the test report in the picker")
        .click();
    settle(&mut harness);
    let db =
        rusqlite::Connection::open(dir.path().join(ocop_council::store::DATABASE_FILE)).unwrap();
    let (criterion, title): (String, String) = db
        .query_row(
            "SELECT a.criterion_id, f.title FROM answers a
             JOIN sheets s ON s.id = a.sheet_id
             JOIN dossier_files f ON f.sha256 = a.evidence_sha256
             WHERE s.member_id = 3 AND a.evidence_sha256 IS NOT NULL",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!(criterion, "A.1.a");
    assert_eq!(title, "Phiếu kết quả kiểm nghiệm");
    assert_eq!(
        harness
            .query_all_by_label("▸ Phiếu kết quả kiểm nghiệm")
            .count(),
        producer_links + 1,
        "the member's link shows beside the producer's"
    );
    // From the keyboard: E on a criterion moves to its evidence picker.
    harness.key_press(egui::Key::Escape);
    harness.step();
    harness
        .query_all_by_label_contains("A.1.b.2:")
        .next()
        .unwrap()
        .click_accesskit();
    settle(&mut harness);
    harness.key_press(egui::Key::E);
    harness.step();
    harness.step();
    assert!(
        harness
            .query_all_by_label("Minh chứng tôi dựa vào:")
            .any(|n| n.is_focused()),
        "the evidence picker has focus"
    );
}

#[test]
fn the_secretary_builds_a_dossier_from_loose_files_in_the_gui() {
    use ocop_council::ui::Action;
    let dir = tempfile::tempdir().unwrap();
    {
        let mut store = ocop_council::store::Store::open(dir.path()).unwrap();
        let catalog = ocop_council::domain::criteria::Catalog::embedded();
        store
            .create_round(
                &ocop_council::store::NewRound::provincial(
                    "Đợt 4/2026",
                    catalog.set("qd148-2023").unwrap(),
                ),
                &crate::common::office(),
            )
            .unwrap();
    }
    vietnamese(dir.path());
    let mut harness = harness(dir.path());
    harness.get_by_label("Đợt 4/2026").click();
    settle(&mut harness);
    harness.get_by_value("— chọn —").click();
    harness.run();
    harness.get_by_label("Ban thư ký").click();
    settle(&mut harness);
    harness.get_by_label("Nhập hồ sơ ▾").click();
    harness.run();
    harness.get_by_label("Tạo hồ sơ từ tệp…").click();
    harness.run();
    for (label, text) in [
        ("Tên sản phẩm:", "Bánh pía kim sa"),
        ("Chủ thể:", "Cơ sở bánh pía Tân Lộc"),
        ("Đại diện pháp luật:", "Trần Thị Lộc"),
        ("Địa chỉ:", "Số 5, ấp Phú Tân"),
        ("Xã:", "Xã Phú Tâm"),
        ("Tỉnh:", "Sóc Trăng"),
    ] {
        harness.get_by_label(label).focus();
        harness.step();
        harness.get_by_label(label).type_text(text);
        harness.step();
    }
    // The native file dialog's thread hands its paths back to the UI.
    let samples = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("assets/samples/04-banh-pia-vung-thom");
    harness.state_mut().apply(Action::FilesPicked(vec![
        samples.join("phieu-dang-ky.pdf"),
        samples.join("anh/nhan-san-pham.png"),
    ]));
    settle(&mut harness);
    harness.get_by_label("phieu-dang-ky.pdf");
    harness.get_by_label("nhan-san-pham.png");
    // The button sits below the form's scroll area: press it as a screen reader would.
    harness.get_by_label("Kiểm tra và nhập").click_accesskit();
    settle(&mut harness);
    harness.get_by_label_contains("Đã nhập hồ sơ");
    // The product is in the round with its two files.
    let store = ocop_council::store::Store::open(dir.path()).unwrap();
    let products = store
        .products(ocop_council::domain::ids::RoundId(1))
        .unwrap();
    assert_eq!(products.len(), 1);
    assert_eq!(products[0].name, "Bánh pía kim sa");
    assert_eq!(products[0].producer.commune.as_deref(), Some("Xã Phú Tâm"));
    let dossier = store.latest_dossier(products[0].id).unwrap().unwrap();
    assert_eq!(dossier.files.len(), 2);
}
