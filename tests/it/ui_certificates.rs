//! The certificate list in the GUI: the chair revokes an issued certificate through
//! *Thu hồi…* and the list marks it revoked; whoever the permission table does not
//! allow (an ordinary member, the secretariat) is offered no such button. And the
//! council tab's control naming the member who presides for a recused chair.

use egui::accesskit::Role;
use egui_kittest::kittest::Queryable;
use ocop_council::domain::round::{RoundLevel, RoundStatus};
use ocop_council::store::Store;

use crate::certificates::{finalized_round, issuer};
use crate::common::council::council;
use crate::common::ui::*;
use crate::common::{as_member, chair_of};

#[test]
fn the_chair_revokes_a_certificate_in_the_list_and_a_member_sees_no_button() {
    let dir = tempfile::tempdir().unwrap();
    let round = {
        let mut store = Store::open(dir.path()).unwrap();
        let date = chrono::NaiveDate::from_ymd_opt(2026, 6, 30).unwrap();
        let (round, _) = finalized_round(&mut store, RoundLevel::Provincial, &[80, 75], date);
        store
            .issue_certificates(
                round,
                &issuer("UBND tỉnh Sóc Trăng"),
                None,
                &chair_of(&store, round),
            )
            .unwrap();
        round
    };
    vietnamese(dir.path());
    let mut h = harness(dir.path());
    h.get_by_label("Đợt 2026-06-30").click();
    settle(&mut h);

    // The secretariat runs the files but may not revoke: the list, no button.
    pick_identity(&mut h, "— chọn —", "Ban thư ký");
    h.get_by_label("Giấy chứng nhận").click();
    settle(&mut h);
    h.get_by_label("001/2026/GCN-OCOP");
    assert_eq!(h.query_all_by_label("Thu hồi…").count(), 0);

    // The chair revokes the first certificate.
    pick_identity(&mut h, "Ban thư ký", "Chủ tịch (Chủ tịch Hội đồng)");
    h.get_by_label("Giấy chứng nhận").click();
    settle(&mut h);
    assert_eq!(h.query_all_by_label("Thu hồi…").count(), 2);
    h.query_all_by_label("Thu hồi…").next().unwrap().click();
    h.run();
    type_into(&mut h, "Số quyết định thu hồi:", "58/QĐ-UBND");
    let date_field = "Ngày quyết định (dd/mm/yyyy):";
    h.get_by_label(date_field).focus();
    h.step();
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
    h.step();
    h.get_by_label(date_field).type_text("15/09/2026");
    h.step();
    type_into(
        &mut h,
        "Lý do:",
        "Chủ thể vi phạm quy định về an toàn thực phẩm",
    );
    h.get_by_role_and_label(Role::Button, "Thu hồi").click();
    settle(&mut h);
    h.get_by_label("ĐÃ THU HỒI — QĐ 58/QĐ-UBND ngày 15/09/2026");
    assert_eq!(h.query_all_by_label("Thu hồi…").count(), 1, "the other one");
    let store = Store::open(dir.path()).unwrap();
    let revoked = store.certificates(round).unwrap();
    let revocation = revoked[0]
        .revocation
        .as_ref()
        .expect("revoked in the store");
    assert_eq!(revocation.decision_no, "58/QĐ-UBND");
    assert_eq!(revocation.member_name, "Chủ tịch");

    // An ordinary member: no certificate tab and so no button.
    pick_identity(&mut h, "Chủ tịch (Chủ tịch Hội đồng)", "Ủy viên (Ủy viên)");
    assert_eq!(h.query_all_by_label("Thu hồi…").count(), 0);
}

#[test]
fn the_secretary_names_the_presiding_member_in_the_council_tab() {
    let mut c = council(1);
    let p = c.products[0];
    for m in [c.chair, c.vice] {
        c.store
            .record_recusal(p, m, "Người nhà chủ thể", &as_member(m))
            .unwrap();
    }
    c.store
        .advance_round(c.round, RoundStatus::Scoring, &as_member(c.chair))
        .unwrap();
    let dir = c._dir.path().to_path_buf();
    drop(c.store);
    vietnamese(&dir);
    let mut h = harness(&dir);
    h.get_by_label("Đợt 1/2026").click();
    settle(&mut h);
    pick_identity(&mut h, "— chọn —", "Thư Ký (Thư ký)");
    h.get_by_label("Hội đồng").click();
    settle(&mut h);
    h.get_by_label("• Mật ong hoa nhãn số 1: chưa cử");
    h.get_by_role_and_label(Role::ComboBox, "Hội đồng cử:")
        .click();
    h.run();
    h.get_by_label("Ủy viên Hai").click();
    h.run();
    h.get_by_label("Ghi nhận chủ trì").click();
    settle(&mut h);
    h.get_by_label("• Mật ong hoa nhãn số 1: Ủy viên Hai");
    let store = Store::open(&dir).unwrap();
    assert_eq!(
        store.product_result(p).unwrap().presiding.map(|p| p.member),
        Some(c.m2)
    );
}
