//! The meeting day through egui_kittest: moving between products from the desk
//! by button and by key, the keyboard still working after a mouse click, the
//! dossier panel starting at its top, and a layout that holds at 900×600 pixels
//! at 150% (the app then lays out 600×400 points).

use crate::common::ui::*;
use crate::ui_desk::{
    MEMBER_NAME, PRODUCT_NAME, fixture, open_product_as_member, sheet, stored_choice,
};

use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT, Queryable};
use ocop_council::app::prefs::{Identity, Lang, Prefs};
use ocop_council::ui::OcopApp;

const SECOND_PRODUCT: &str = "Nước mắm cá cơm Trần Đề";

/// The desk shows `name` as its heading (the summary's first line).
fn desk_shows(harness: &Harness<'static, OcopApp>, name: &str) -> bool {
    harness
        .query_all_by_label(name)
        .any(|n| n.accesskit_node().role() == Role::Label)
}

#[test]
fn the_desk_moves_to_the_next_and_previous_product_by_button_and_by_key() {
    let f = fixture();
    let mut harness = harness(f.dir.path());
    open_product_as_member(&mut harness);
    harness.get_by_label("1/2");
    assert!(
        harness
            .get_by_label("‹ Sản phẩm trước")
            .accesskit_node()
            .is_disabled(),
        "the first product has no previous one"
    );

    harness.get_by_label("Sản phẩm sau ›").click();
    settle(&mut harness);
    harness.get_by_label("2/2");
    assert!(desk_shows(&harness, SECOND_PRODUCT));

    harness.key_press_modifiers(egui::Modifiers::ALT, egui::Key::ArrowLeft);
    settle(&mut harness);
    harness.get_by_label("1/2");
    assert!(desk_shows(&harness, PRODUCT_NAME));

    harness.key_press(egui::Key::PageDown);
    settle(&mut harness);
    harness.get_by_label("2/2");

    harness.key_press(egui::Key::PageUp);
    settle(&mut harness);
    harness.get_by_label("1/2");

    // "Next unscored" on the desk goes to the other product (none is submitted).
    harness
        .get_by_label("Sản phẩm chưa chấm tiếp theo →")
        .click();
    settle(&mut harness);
    harness.get_by_label("2/2");

    // Back to the round's list.
    harness.get_by_label("← Danh sách sản phẩm").click();
    settle(&mut harness);
    harness.get_by_label("Đã nộp 0/2 sản phẩm");
    assert!(harness.query_by_label("← Danh sách sản phẩm").is_none());
}

#[test]
fn digits_and_n_still_work_after_clicking_an_option_with_the_mouse() {
    let f = fixture();
    let db = f.dir.path().join(ocop_council::store::DATABASE_FILE);
    let set4 = sheet(4);
    let criteria: Vec<_> = set4.criteria().map(|(_, _, c)| c.clone()).collect();
    let mut harness = harness(f.dir.path());
    open_product_as_member(&mut harness);

    // A real pointer click on the second box of the first criterion.
    let first = &criteria[0];
    let second_box = &first.options[1];
    harness
        .get_by_role_and_label(
            Role::RadioButton,
            &format!("{}: {}", second_box.id, second_box.label_vi),
        )
        .click();
    settle(&mut harness);
    assert_eq!(
        stored_choice(&db, f.member, &first.id.0).as_deref(),
        Some(second_box.id.0.as_str())
    );

    // The digit acts on the clicked criterion: 1 picks its first box.
    harness.key_press(egui::Key::Num1);
    harness.step();
    settle(&mut harness);
    assert_eq!(
        stored_choice(&db, f.member, &first.id.0).as_deref(),
        Some(first.options[0].id.0.as_str()),
        "1 after a click answers the clicked criterion"
    );

    // N goes on to the next unanswered criterion, and 1 answers it.
    harness.key_press(egui::Key::N);
    harness.step();
    harness.step();
    harness.key_press(egui::Key::Num1);
    harness.step();
    settle(&mut harness);
    assert_eq!(
        stored_choice(&db, f.member, &criteria[1].id.0).as_deref(),
        Some(criteria[1].options[0].id.0.as_str()),
        "N then 1 after a click answers the next criterion"
    );

    // Tab stays in the sheet (it does not jump to the top bar).
    harness.key_press(egui::Key::Tab);
    harness.step();
    harness.key_press(egui::Key::Num1);
    harness.step();
    settle(&mut harness);
    assert_eq!(
        stored_choice(&db, f.member, &criteria[2].id.0).as_deref(),
        Some(criteria[2].options[0].id.0.as_str()),
        "Tab then 1 answers the criterion after"
    );
}

#[test]
fn the_dossier_panel_starts_at_its_top_for_every_product() {
    let f = fixture();
    // A short window, so the dossier panel scrolls.
    let mut harness = harness_sized(f.dir.path(), egui::vec2(1000.0, 300.0));
    open_product_as_member(&mut harness);
    let heading = "Hồ sơ sản phẩm";
    let top_at_start = harness.get_by_label(heading).rect().top();

    // Scroll the dossier panel down.
    let producer = harness.get_by_label("HTX Ong mật Cù Lao Dung");
    let over_panel = producer.rect().center();
    harness.hover_at(over_panel);
    for _ in 0..5 {
        harness.event(egui::Event::MouseWheel {
            unit: egui::MouseWheelUnit::Line,
            delta: egui::vec2(0.0, -3.0),
            phase: egui::TouchPhase::Move,
            modifiers: egui::Modifiers::NONE,
            source: egui::MouseWheelSource::Wheel,
        });
        harness.step();
    }
    harness.run();
    let scrolled = harness.get_by_label(heading).rect().top();
    assert!(
        scrolled < top_at_start - 10.0,
        "the panel scrolled ({top_at_start} → {scrolled})"
    );

    // The next product's dossier starts at its top again.
    harness.get_by_label("Sản phẩm sau ›").click();
    settle(&mut harness);
    let next_top = harness.get_by_label(heading).rect().top();
    assert!(
        (next_top - top_at_start).abs() < 1.0,
        "the next product's dossier starts at the top ({top_at_start} vs {next_top})"
    );
}

/// Preferences for the layout test: Vietnamese, 150%, the secretariat in round 1.
fn projector_prefs(dir: &std::path::Path, round: ocop_council::domain::ids::RoundId) {
    let mut prefs = Prefs {
        lang: Lang::Vi,
        ui_scale: 1.5,
        last_round: Some(round),
        ..Prefs::default()
    };
    prefs.set_identity(round, Identity::Secretariat);
    prefs.save(dir).unwrap();
}

#[test]
fn at_900_by_600_and_150_percent_the_top_bar_does_not_overlap_and_the_matrix_state_is_reachable() {
    let f = fixture();
    projector_prefs(f.dir.path(), f.round);
    // A 900×600 window; at 150% the app lays out 600×400 points.
    let mut harness = harness_sized(f.dir.path(), egui::vec2(900.0, 600.0));
    let screen = harness.ctx.input(|i| i.content_rect());
    assert!(
        (screen.width() - 600.0).abs() < 1.0 && (screen.height() - 400.0).abs() < 1.0,
        "150% of 900×600 is 600×400 points: {screen:?}"
    );
    harness.get_by_label("Tiến độ và kết quả").click();
    settle(&mut harness);

    // Every widget of the top bar: within the window, and no two overlapping.
    let app_name = harness.get_by_label("OCOP Council").rect();
    let bar_bottom = app_name.bottom() + 6.0;
    let widgets: Vec<(String, egui::Rect)> = harness
        .query_all_by(|n| {
            matches!(
                n.role(),
                Role::Button | Role::Label | Role::ComboBox | Role::Link
            )
        })
        .map(|n| {
            let node = n.accesskit_node();
            let name = node.label().or_else(|| node.value()).unwrap_or_default();
            (name, n.rect())
        })
        .filter(|(_, r)| r.bottom() <= bar_bottom && r.area() > 0.0)
        .collect();
    assert!(
        widgets.len() >= 3,
        "the top bar's widgets are found: {widgets:?}"
    );
    for (name, rect) in &widgets {
        assert!(
            rect.left() >= 0.0 && rect.right() <= screen.right() + 0.5,
            "{name} is inside the window: {rect:?}"
        );
    }
    for (i, (a, ra)) in widgets.iter().enumerate() {
        for (b, rb) in &widgets[i + 1..] {
            // A button's own unnamed text part lies inside it: not an overlap.
            let nested =
                (a.is_empty() && rb.contains_rect(*ra)) || (b.is_empty() && ra.contains_rect(*rb));
            if nested {
                continue;
            }
            let overlap = ra.intersect(*rb);
            assert!(
                overlap.width() <= 0.5 || overlap.height() <= 0.5,
                "top bar: {a} {ra:?} overlaps {b} {rb:?}"
            );
        }
    }
    // The tools folded into the menu, which still offers them.
    harness.get_by_label("☰ Menu").click();
    harness.run();
    harness.get_by_label("⟳ Tải lại");
    harness.get_by_label("Sao lưu");
    harness.key_press(egui::Key::Escape);
    harness.run();

    // The matrix's state column scrolls into view, inside the window, while the
    // product column stays where it was.
    let product_before = harness.get_by_label(PRODUCT_NAME).rect();
    let state = harness.get_by_label("Trạng thái");
    state.scroll_to_me();
    harness.run();
    let state = harness.get_by_label("Trạng thái").rect();
    assert!(
        state.right() <= screen.right() + 0.5 && state.left() >= product_before.right() - 0.5,
        "the state column is reachable beside the product column: {state:?}"
    );
    let product_after = harness.get_by_label(PRODUCT_NAME).rect();
    assert!(
        (product_after.left() - product_before.left()).abs() < 0.5,
        "the product column stays put"
    );
    // The product's state cell is on the product's row, under the header.
    let on_row = harness
        .query_all_by_label("chưa chấm")
        .map(|n| n.rect())
        .any(|r| {
            (r.center().y - product_after.center().y).abs() < 4.0 && r.left() >= state.left() - 0.5
        });
    assert!(on_row, "the state cell sits on the product's row");
    let _ = MEMBER_NAME;
}

/// The council fixture (the honey needs discussion), the chair at the keyboard,
/// on the council tab.
fn council_as_chair() -> (crate::ui_council::Fixture, Harness<'static, OcopApp>) {
    let f = crate::ui_council::fixture();
    let mut h = harness(f.dir.path());
    h.get_by_label("Đợt 3/2026 tỉnh Sóc Trăng").click();
    settle(&mut h);
    pick_identity(&mut h, "— chọn —", "Lâm Văn Chủ (Chủ tịch Hội đồng)");
    h.get_by_label("Hội đồng").click();
    settle(&mut h);
    (f, h)
}

/// Moves the round with the council tab's `button`, through its confirmation.
fn move_round(h: &mut Harness<'static, OcopApp>, button: &str) {
    h.get_by_label(button).click();
    h.run();
    h.get_by_label("Chuyển").click();
    h.run();
    h.get_by_label("Xác nhận: Chuyển").click();
    settle(h);
}

/// Asks to approve with a complete decision; the store refuses (the honey).
fn try_to_finalize(h: &mut Harness<'static, OcopApp>) {
    h.get_by_label("Phê duyệt kết quả…").click();
    h.run();
    type_into(h, "Số quyết định:", "1234/QĐ-UBND");
    type_into(h, "Người ký quyết định:", "Nguyễn Văn Thành");
    h.get_by_role_and_label(Role::Button, "Phê duyệt").click();
    h.run();
    h.get_by_label("Xác nhận: Phê duyệt").click();
    settle(h);
}

#[test]
fn a_refusal_panel_lists_its_reasons_closes_and_clears_when_a_change_goes_through() {
    let (_f, mut h) = council_as_chair();
    move_round(&mut h, "Chuyển sang họp thảo luận");
    h.get_by_label("● Họp thảo luận");

    try_to_finalize(&mut h);
    h.get_by_label("Chưa thể thực hiện bước này:");
    let reasons: Vec<String> = h
        .query_all_by_label_contains("• ")
        .filter_map(|n| n.accesskit_node().value())
        .collect();
    assert!(
        reasons
            .iter()
            .any(|r| r.contains("Mật ong hoa bần") && r.contains("chưa có kết quả cuối cùng")),
        "the reason names the product, in Vietnamese: {reasons:?}"
    );
    assert!(
        reasons.iter().all(|r| !r.contains("not settled")),
        "no English inside the Vietnamese UI: {reasons:?}"
    );
    // The panel lies inside the window.
    let screen = h.ctx.input(|i| i.content_rect());
    let panel = h.get_by_label("Chưa thể thực hiện bước này:").rect();
    assert!(screen.contains_rect(panel), "{panel:?} inside {screen:?}");

    h.get_by_label("Đã hiểu, đóng").click();
    h.run();
    assert!(h.query_by_label("Chưa thể thực hiện bước này:").is_none());

    // Refused again, then a change goes through: the panel clears by itself.
    h.get_by_role_and_label(Role::Button, "Phê duyệt").click();
    h.run();
    h.get_by_label("Xác nhận: Phê duyệt").click();
    settle(&mut h);
    h.get_by_label("Chưa thể thực hiện bước này:");
    h.get_by_label("Hủy").click();
    h.run();
    move_round(&mut h, "Quay lại chấm điểm");
    h.get_by_label("● Đang chấm điểm");
    assert!(
        h.query_by_label("Chưa thể thực hiện bước này:").is_none(),
        "the refusal cleared when the round moved"
    );
    h.get_by_label_contains("Đợt đã chuyển sang Đang chấm điểm");
}

#[test]
fn the_certificate_dialog_starts_empty_and_stays_disabled_until_the_authority_is_real() {
    use ocop_council::domain::disqualify::{Disqualification, DisqualificationReason};
    use ocop_council::domain::round::RoundStatus;
    use ocop_council::store::Store;
    let f = crate::ui_council::fixture();
    {
        let mut store = Store::open(f.dir.path()).unwrap();
        let chair = crate::common::chair_of(&store, f.round);
        store
            .advance_round(f.round, RoundStatus::Deliberation, &chair)
            .unwrap();
        store
            .set_disqualification(
                f.flagged,
                Some(&Disqualification {
                    reason: DisqualificationReason::Labelling,
                    note: "Nhãn thiếu hạn sử dụng".into(),
                }),
                &chair,
            )
            .unwrap();
        store
            .finalize_round(f.round, &crate::common::council::decision(), &chair)
            .unwrap();
    }
    let mut h = harness(f.dir.path());
    h.get_by_label("Đợt 3/2026 tỉnh Sóc Trăng").click();
    settle(&mut h);
    pick_identity(&mut h, "— chọn —", "Lâm Văn Chủ (Chủ tịch Hội đồng)");
    h.get_by_label("Hội đồng").click();
    settle(&mut h);
    h.get_by_label("Cấp giấy chứng nhận…").click();
    h.run();

    // No placeholder: the authority is empty and the step is disabled.
    assert_eq!(h.get_by_label("Cơ quan cấp:").value().as_deref(), Some(""));
    let issue = |h: &Harness<'static, OcopApp>| {
        h.get_by_role_and_label(Role::Button, "Cấp giấy chứng nhận")
            .accesskit_node()
            .is_disabled()
    };
    assert!(issue(&h), "disabled with an empty authority");
    type_into(&mut h, "Cơ quan cấp:", "ỦY BAN NHÂN DÂN TỈNH …");
    assert!(issue(&h), "disabled while the authority is a placeholder");
    h.get_by_label("Cơ quan cấp:").focus();
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
    h.step();
    h.get_by_label("Cơ quan cấp:")
        .type_text("ỦY BAN NHÂN DÂN TỈNH SÓC TRĂNG");
    h.run();
    assert!(!issue(&h), "enabled once the authority is real");

    // The confirmation says what will be issued (the rice's 5★ is the central
    // level's: none here), by whom and when; nothing is sent yet.
    h.get_by_role_and_label(Role::Button, "Cấp giấy chứng nhận")
        .click();
    h.run();
    let what = h
        .get_by_label_contains("Sẽ cấp ")
        .accesskit_node()
        .value()
        .unwrap_or_default();
    assert!(
        what.contains("ỦY BAN NHÂN DÂN TỈNH SÓC TRĂNG")
            && what.contains("Lâm Văn Chủ")
            && what.contains("30/06/2026"),
        "{what}"
    );
    let store = Store::open(f.dir.path()).unwrap();
    assert_eq!(store.round(f.round).unwrap().status, RoundStatus::Finalized);
}
