//! A refusal from the store reaches a Vietnamese council member in Vietnamese: the
//! GUI lets the request through (the store is where the rule holds), the store
//! answers with typed faults, and the refusal panel words them with no English left.

use crate::common::ui::{harness, pick_identity, settle, type_into};
use crate::common::{as_member, chair_of};
use crate::ui_desk::{MEMBER_NAME, PRODUCT_NAME, open_product_as_member, sheet};

use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT, Queryable};
use ocop_council::app::prefs::{Lang, Prefs};
use ocop_council::store::{AnswerChange, Store};
use ocop_council::ui::OcopApp;

/// English that would show a Vietnamese user an untranslated store sentence.
const ENGLISH: [&str; 12] = [
    " is ",
    " the ",
    " not ",
    " has ",
    " must ",
    "already",
    "recused",
    "submitted",
    "locked",
    "member",
    "product",
    "Refused",
];

/// The text of the label that contains `part`.
fn text_of(h: &Harness<'static, OcopApp>, part: &str) -> String {
    let node = h.get_by_label_contains(part);
    let node = node.accesskit_node();
    node.value().or(node.label()).unwrap_or_default()
}

/// The refusal panel's heading and its reasons (one "• " line each).
fn refusal_panel(h: &Harness<'static, OcopApp>) -> (String, Vec<String>) {
    let heading = text_of(h, "Bị từ chối (");
    // The panel's lines, not the other bullets on the screen behind it.
    let panel = h
        .get_by_label("Đã hiểu, đóng")
        .rect()
        .union(h.get_by_label_contains("Bị từ chối (").rect());
    let reasons = h
        .query_all_by_label_contains("• ")
        .filter(|n| panel.x_range().contains(n.rect().center().x))
        .filter(|n| panel.y_range().contains(n.rect().center().y))
        .filter_map(|n| n.accesskit_node().value().or(n.accesskit_node().label()))
        .collect();
    (heading, reasons)
}

fn assert_no_english(heading: &str, reasons: &[String]) {
    for text in std::iter::once(heading).chain(reasons.iter().map(String::as_str)) {
        for word in ENGLISH {
            assert!(!text.contains(word), "{word:?} in {text:?}");
        }
    }
}

#[test]
fn a_second_chair_added_on_the_council_tab_is_refused_in_vietnamese() {
    let dir = tempfile::tempdir().unwrap();
    crate::common::ui::vietnamese(dir.path());
    let mut h = harness(dir.path());
    type_into(&mut h, "Đợt mới:", "Đợt 1/2027 tỉnh Sóc Trăng");
    h.get_by_label("Tạo đợt").click();
    settle(&mut h);
    pick_identity(&mut h, "— chọn —", "Ban thư ký");
    h.get_by_label("Hội đồng").click();
    settle(&mut h);
    // The role list offers the chair again (one council may mistype a role); the
    // store holds the rule of one chair per council.
    for name in ["Lâm Văn Chủ", "Trịnh Thị Ánh"] {
        type_into(&mut h, "Họ tên:", name);
        h.get_by_label("Vai trò:").click();
        h.run();
        h.get_by_label("Chủ tịch Hội đồng").click();
        h.step();
        h.get_by_label("Thêm thành viên").click();
        settle(&mut h);
    }
    let (heading, reasons) = refusal_panel(&h);
    assert_eq!(heading, "Bị từ chối (thêm thành viên hội đồng đợt 1):");
    assert_eq!(reasons, ["• đợt 1 đã có Chủ tịch hội đồng"]);
    assert_no_english(&heading, &reasons);
    let store = Store::open(dir.path()).unwrap();
    let members = store
        .members(ocop_council::domain::ids::RoundId(1))
        .unwrap();
    assert_eq!(members.len(), 1, "nothing was added");
}

#[test]
fn recording_a_recusal_twice_is_refused_in_vietnamese() {
    let f = crate::ui_council::fixture();
    let mut h = harness(f.dir.path());
    h.get_by_label("Đợt 3/2026 tỉnh Sóc Trăng").click();
    settle(&mut h);
    pick_identity(&mut h, "— chọn —", "Lâm Văn Chủ (Chủ tịch Hội đồng)");
    h.get_by_label("Hội đồng").click();
    settle(&mut h);
    // The dialog offers every pair; the second time the store refuses it.
    for _ in 0..2 {
        h.get_by_label("Ghi nhận tránh…").click();
        h.run();
        h.get_by_label("Sản phẩm:").click();
        h.run();
        h.get_by_label("Mật ong hoa bần").click();
        h.run();
        h.get_by_label("Thành viên:").click();
        h.run();
        h.get_by_label("Thạch Sô Phên").click();
        h.run();
        type_into(&mut h, "Lý do:", "Là người thân của chủ thể");
        h.get_by_role_and_label(Role::Button, "Ghi nhận").click();
        settle(&mut h);
    }
    let (heading, reasons) = refusal_panel(&h);
    let (product, member) = (f.flagged, f.low_member);
    assert_eq!(
        heading,
        format!("Bị từ chối (ghi nhận thành viên {member} tránh sản phẩm {product}):")
    );
    assert_eq!(
        reasons,
        [format!(
            "• thành viên {member} đã được ghi nhận tránh sản phẩm {product}"
        )]
    );
    assert_no_english(&heading, &reasons);
    let store = Store::open(f.dir.path()).unwrap();
    assert_eq!(store.recusals(f.round).unwrap().len(), 1);
}

#[test]
fn a_choice_on_a_sheet_submitted_in_another_window_is_refused_in_vietnamese() {
    let f = crate::ui_desk::fixture();
    let set4 = sheet(4);
    let mut h = harness(f.dir.path());
    open_product_as_member(&mut h);
    let criteria: Vec<_> = set4.criteria().map(|(_, _, c)| c.clone()).collect();
    let label = |c: &ocop_council::domain::criteria::Criterion, best: bool| {
        let o = if best {
            c.options.iter().max_by_key(|o| o.points)
        } else {
            c.options.iter().min_by_key(|o| o.points)
        };
        let o = o.unwrap();
        format!("{}: {}", o.id, o.label_vi)
    };
    // The first answer creates the draft on this desk.
    h.get_by_role_and_label(Role::RadioButton, &label(&criteria[0], true))
        .click_accesskit();
    settle(&mut h);
    // Meanwhile the member finishes and submits the sheet in a second window.
    {
        let mut other = Store::open(f.dir.path()).unwrap();
        let me = as_member(f.member);
        for c in &criteria[1..] {
            let best = c.options.iter().max_by_key(|o| o.points).unwrap();
            other
                .change_answer(
                    f.product,
                    f.member,
                    &c.id,
                    &AnswerChange::Choice(Some(best.id.clone())),
                    &me,
                )
                .unwrap();
        }
        other.submit_sheet(f.product, f.member, &me).unwrap();
    }
    // This desk still shows the draft; a change is refused by the store.
    h.get_by_role_and_label(Role::RadioButton, &label(&criteria[0], false))
        .click_accesskit();
    settle(&mut h);
    let (heading, reasons) = refusal_panel(&h);
    let sheet_id = Store::open(f.dir.path())
        .unwrap()
        .sheet(f.product, f.member)
        .unwrap()
        .unwrap()
        .id;
    assert_eq!(
        heading,
        format!(
            "Bị từ chối (ghi phiếu chấm sản phẩm {} của thành viên {}):",
            f.product, f.member
        )
    );
    assert_eq!(
        reasons,
        [format!(
            "• phiếu {sheet_id} đã nộp và đã khóa; Chủ tịch hoặc Thư ký phải mở lại phiếu thì mới sửa được"
        )]
    );
    assert_no_english(&heading, &reasons);
    let _ = (MEMBER_NAME, PRODUCT_NAME);
}

#[test]
fn the_same_refusal_reads_in_english_in_the_english_ui() {
    let f = crate::ui_council::fixture();
    Prefs {
        lang: Lang::En,
        ..Prefs::default()
    }
    .save(f.dir.path())
    .unwrap();
    let mut store = Store::open(f.dir.path()).unwrap();
    store
        .record_recusal(
            f.flagged,
            f.low_member,
            "Là người thân của chủ thể",
            &chair_of(&store, f.round),
        )
        .unwrap();
    drop(store);
    let mut h = harness(f.dir.path());
    h.get_by_label("Đợt 3/2026 tỉnh Sóc Trăng").click();
    settle(&mut h);
    pick_identity(&mut h, "— choose —", "Lâm Văn Chủ (Chair)");
    h.get_by_label("Council").click();
    settle(&mut h);
    h.get_by_label("Record a recusal…").click();
    h.run();
    h.get_by_label("Product:").click();
    h.run();
    h.get_by_label("Mật ong hoa bần").click();
    h.run();
    h.get_by_label("Member:").click();
    h.run();
    h.get_by_label("Thạch Sô Phên").click();
    h.run();
    type_into(&mut h, "Reason:", "Related to the producer");
    h.get_by_role_and_label(Role::Button, "Record").click();
    settle(&mut h);
    let heading = text_of(&h, "Refused (");
    let (product, member) = (f.flagged, f.low_member);
    assert_eq!(
        heading,
        format!("Refused (recusal of member {member} from product {product}):")
    );
    h.get_by_label(&format!(
        "• member {member} is already recused from product {product}"
    ));
}
