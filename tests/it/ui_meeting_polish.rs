//! The meeting day's finishing touches: the certificate confirmation shows the
//! numbers the store will give, the toolbar keeps one height for every role, the
//! matrix's reopen dialog stays open until the change goes through, and the
//! audit screen names verify's checks in the user's language.

use egui::accesskit::Role;
use egui_kittest::kittest::{NodeT, Queryable};
use ocop_council::app::doc_settings::{self, DocSettings};
use ocop_council::domain::round::{RoundLevel, RoundStatus};
use ocop_council::store::{SheetStatus, Store};

use crate::certificates::{finalized_round, issuer};
use crate::common::chair_of;
use crate::common::ui::*;

fn date(y: i32, m: u32, d: u32) -> chrono::NaiveDate {
    chrono::NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

fn settings() -> DocSettings {
    DocSettings {
        authority: "ỦY BAN NHÂN DÂN TỈNH SÓC TRĂNG".into(),
        province: "Sóc Trăng".into(),
        place_name: "Sóc Trăng".into(),
        signatory_title: "KT. CHỦ TỊCH\nPHÓ CHỦ TỊCH".into(),
        signatory_name: "Lâm Văn Phó".into(),
        ..DocSettings::default()
    }
}

#[test]
fn the_certificate_confirmation_shows_the_numbers_stars_authority_and_signatory_to_be_issued() {
    let dir = tempfile::tempdir().unwrap();
    let round = {
        let mut store = Store::open(dir.path()).unwrap();
        // An earlier round of the year took number 001 of the same authority.
        let (earlier, _) =
            finalized_round(&mut store, RoundLevel::Provincial, &[80], date(2026, 3, 2));
        store
            .issue_certificates(
                earlier,
                &issuer("UBND tỉnh Sóc Trăng"),
                None,
                &chair_of(&store, earlier),
            )
            .unwrap();
        let (round, _) = finalized_round(
            &mut store,
            RoundLevel::Provincial,
            &[80, 65],
            date(2026, 6, 30),
        );
        round
    };
    doc_settings::save(dir.path(), &settings()).unwrap();
    vietnamese(dir.path());
    let mut h = harness(dir.path());
    h.get_by_label("Đợt 2026-06-30").click();
    settle(&mut h);
    pick_identity(&mut h, "— chọn —", "Chủ tịch (Chủ tịch Hội đồng)");
    h.get_by_label("Hội đồng").click();
    settle(&mut h);
    h.get_by_label("Cấp giấy chứng nhận…").click();
    h.run();
    h.get_by_role_and_label(Role::Button, "Cấp giấy chứng nhận")
        .click();
    settle(&mut h);

    let what = h
        .get_by_label_contains("Sẽ cấp ")
        .accesskit_node()
        .value()
        .unwrap_or_default();
    for expected in [
        "Sẽ cấp 2 giấy chứng nhận (1 × 3★, 1 × 4★)",
        "002/2026/GCN-OCOP · 4★ · Sản phẩm 1 (80 điểm)",
        "003/2026/GCN-OCOP · 3★ · Sản phẩm 2 (65 điểm)",
        "Cơ quan cấp: ỦY BAN NHÂN DÂN TỈNH SÓC TRĂNG",
        "ngày cấp 30/06/2026",
        "Người ký: Lâm Văn Phó (KT. CHỦ TỊCH, PHÓ CHỦ TỊCH)",
    ] {
        assert!(what.contains(expected), "{expected:?} in {what}");
    }
    // Nothing was written by the preview.
    let store = Store::open(dir.path()).unwrap();
    assert_eq!(store.round(round).unwrap().status, RoundStatus::Finalized);
    assert!(store.certificates(round).unwrap().is_empty());
    drop(store);

    // Issued: the numbers are the ones shown.
    h.get_by_label("Xác nhận: Cấp giấy chứng nhận").click();
    settle(&mut h);
    wait_for_label(&mut h, "✔ Đã cấp 2 giấy chứng nhận.");
    let store = Store::open(dir.path()).unwrap();
    let issued: Vec<String> = store
        .certificates(round)
        .unwrap()
        .into_iter()
        .map(|c| format!("{} {}★", c.number, c.stars))
        .collect();
    assert_eq!(issued, ["002/2026/GCN-OCOP 4★", "003/2026/GCN-OCOP 3★"]);
}

/// The submitted totals the matrix offers to reopen (buttons named by a number).
fn reopenable_totals(h: &egui_kittest::Harness<'static, ocop_council::ui::OcopApp>) -> usize {
    h.query_all_by_role(Role::Button)
        .filter(|n| {
            n.accesskit_node()
                .label()
                .is_some_and(|l| l.parse::<u32>().is_ok())
        })
        .count()
}

fn open_reopen_dialog(h: &mut egui_kittest::Harness<'static, ocop_council::ui::OcopApp>) {
    let total = h
        .query_all_by_role(Role::Button)
        .find(|n| {
            n.accesskit_node()
                .label()
                .is_some_and(|l| l.parse::<u32>().is_ok())
        })
        .expect("a submitted total to reopen");
    total.click();
    h.run();
}

#[test]
fn the_matrix_reopen_dialog_stays_open_with_its_reason_until_the_reopening_goes_through() {
    let f = crate::ui_council::fixture();
    let mut h = harness(f.dir.path());
    h.get_by_label("Đợt 3/2026 tỉnh Sóc Trăng").click();
    settle(&mut h);
    pick_identity(&mut h, "— chọn —", "Lâm Văn Chủ (Chủ tịch Hội đồng)");
    h.get_by_label("Tiến độ và kết quả").click();
    settle(&mut h);
    let before = reopenable_totals(&h);
    assert_eq!(before, 6, "two products × three members, all submitted");

    // Went through: the dialog closes and the total is no longer submitted.
    open_reopen_dialog(&mut h);
    type_into(&mut h, "reopen reason", "Thành viên chọn nhầm");
    h.get_by_role_and_label(Role::Button, "Mở lại").click();
    h.step();
    assert!(
        h.query_by_label("reopen reason").is_some(),
        "open while the worker works"
    );
    settle(&mut h);
    assert!(
        h.query_by_label("reopen reason").is_none(),
        "closed once done"
    );
    assert_eq!(reopenable_totals(&h), 5);

    // Refused: every sheet was reopened meanwhile (another laptop, say); the
    // dialog stays, with the reason, and says why inside it.
    open_reopen_dialog(&mut h);
    type_into(&mut h, "reopen reason", "Nhầm tiêu chí 2.1");
    {
        let mut store = Store::open(f.dir.path()).unwrap();
        let chair = chair_of(&store, f.round);
        let submitted = store.sheets_of_round(f.round).unwrap().into_iter();
        for sheet in submitted.filter(|s| s.status == SheetStatus::Submitted) {
            store
                .reopen_sheet(sheet.product_id, sheet.member_id, "trước", &chair)
                .unwrap();
        }
    }
    h.get_by_role_and_label(Role::Button, "Mở lại").click();
    settle(&mut h);
    assert_eq!(
        h.get_by_label("reopen reason").value().as_deref(),
        Some("Nhầm tiêu chí 2.1"),
        "the reason is kept"
    );
    h.get_by_label_contains("✘ Chưa mở lại được:");
    h.get_by_label("Hủy").click();
    h.run();
    assert!(
        h.query_by_label("reopen reason").is_none(),
        "cancel closes it"
    );
}

#[test]
fn the_audit_screen_names_verify_checks_in_vietnamese() {
    let f = crate::ui_council::fixture();
    let mut h = harness(f.dir.path());
    h.get_by_label("Đợt 3/2026 tỉnh Sóc Trăng").click();
    settle(&mut h);
    pick_identity(&mut h, "— chọn —", "Lâm Văn Chủ (Chủ tịch Hội đồng)");
    h.get_by_label("Nhật ký").click();
    settle(&mut h);
    h.get_by_label("✔ Kiểm tra toàn vẹn: đạt");
    // Every check passed: the list is folded so the log keeps the room.
    assert!(h.query_by_label("✔ Chuỗi nhật ký (băm nối tiếp)").is_none());
    h.get_by_label_contains("Các phép kiểm tra (").click();
    settle(&mut h);
    h.get_by_label("✔ Chuỗi nhật ký (băm nối tiếp)");
    h.get_by_label("✔ Quyền của người thực hiện");
    // The log's actions in words (the stored code is on hover).
    h.get_by_label("Tạo đợt đánh giá");
    assert!(h.query_by_label("round.create").is_none());
    for english in ["audit chain", "actors' rights", "round status", "rollback"] {
        assert!(
            h.query_by_label_contains(english).is_none(),
            "no English check name ({english}) in the Vietnamese UI"
        );
    }
}

/// Preferences at `scale` in the demo round with `who` at the keyboard.
fn demo_prefs(
    dir: &std::path::Path,
    round: ocop_council::domain::ids::RoundId,
    scale: f32,
    who: ocop_council::app::prefs::Identity,
) {
    use ocop_council::app::prefs::{Lang, Prefs};
    let mut prefs = Prefs {
        lang: Lang::Vi,
        ui_scale: scale,
        last_round: Some(round),
        ..Prefs::default()
    };
    prefs.set_identity(round, who);
    prefs.save(dir).unwrap();
}

#[test]
fn the_toolbar_has_one_height_for_a_member_the_chair_and_the_secretary_at_900_by_600_and_150_percent()
 {
    use ocop_council::app::prefs::Identity;
    use ocop_council::domain::ids::{MemberId, RoundId};
    let cli = crate::common::Cli::new();
    let round = RoundId(cli.id(&["demo", "load"]));
    // The demo council: 1 the chair, 3 a member, 8 the secretary.
    let mut bottoms = Vec::new();
    for member in [3, 1, 8] {
        demo_prefs(cli.dir(), round, 1.5, Identity::Member(MemberId(member)));
        let mut h = harness_sized(cli.dir(), egui::vec2(900.0, 600.0));
        wait_for_label(&mut h, "Tôi là:");
        settle(&mut h);
        // The toolbar ends where the product list's filter begins.
        let identity = h.get_by_label("Tôi là:").rect();
        let tabs = h.get_by_role_and_label(Role::Button, "Sản phẩm").rect();
        let filter = h.get_by_label("filter").rect();
        bottoms.push((member, identity.top(), tabs.top(), filter.top()));
    }
    let (_, identity, tabs, filter) = bottoms[0];
    for (member, i, t, f) in &bottoms {
        assert!(
            (i - identity).abs() < 0.01 && (t - tabs).abs() < 0.01 && (f - filter).abs() < 0.01,
            "member {member}: rows at {i}, {t}, {f}; the member's at {identity}, {tabs}, {filter}: {bottoms:?}"
        );
    }
}

#[test]
fn the_matrix_frozen_product_column_stays_on_its_rows_while_scrolling_at_150_percent() {
    use ocop_council::app::prefs::Identity;
    use ocop_council::domain::ids::RoundId;
    let cli = crate::common::Cli::new();
    let round = RoundId(cli.id(&["demo", "load"]));
    // The secretariat: the totals are plain labels (no reopen button), the
    // same kind of widget as the frozen names.
    demo_prefs(cli.dir(), round, 1.5, Identity::Secretariat);
    let mut h = harness_sized(cli.dir(), egui::vec2(900.0, 600.0));
    wait_for_label(&mut h, "Tiến độ và kết quả");
    h.get_by_label("Tiến độ và kết quả").click();
    settle(&mut h);
    let pixel = 1.0 / h.ctx.pixels_per_point();
    let product = "Mật ong hoa bần Cù Lao Dung";
    let before = h.get_by_label_contains(product).rect();
    // The wheel over the cells scrolls both tables; let the scroll settle.
    let cells = h.get_by_label_contains("Trương").rect();
    h.event(egui::Event::PointerMoved(
        cells.center() + egui::vec2(0.0, 80.0),
    ));
    for _ in 0..3 {
        h.event(egui::Event::MouseWheel {
            unit: egui::MouseWheelUnit::Point,
            delta: egui::vec2(0.0, -37.3),
            modifiers: egui::Modifiers::NONE,
            phase: egui::TouchPhase::Move,
            source: egui::MouseWheelSource::Wheel,
        });
        h.step();
    }
    settle(&mut h);
    let name = h.get_by_label_contains(product).rect();
    assert!(
        name.top() < before.top() - 10.0,
        "scrolled: {before:?} → {name:?}"
    );
    // Every total on the product's row lies on the name's row, to the pixel.
    let row: Vec<egui::Rect> = h
        .query_all_by(|n| {
            n.role() == Role::Label && n.value().is_some_and(|l| l.parse::<u32>().is_ok())
        })
        .map(|n| n.rect())
        .filter(|r| (r.center().y - name.center().y).abs() < 6.0)
        .collect();
    assert!(!row.is_empty(), "the row's totals are found");
    for cell in row {
        assert!(
            (cell.center().y - name.center().y).abs() < pixel,
            "cell {cell:?} vs name {name:?}"
        );
    }
}
