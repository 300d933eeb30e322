//! The secretary's and the chair's side through egui_kittest: a round walked from
//! scoring to finalized in the GUI — deliberation, the per-criterion view of a
//! flagged product, a re-score by the member, and the approval decision.

use ocop_council::app::request::{DossiersRequest, LaptopsRequest};

use crate::common::ui::*;
use crate::common::{as_member, chair_of};

use std::collections::BTreeMap;
use std::path::Path;

use egui::accesskit::Role;
use egui_kittest::kittest::{NodeT, Queryable};
use ocop_council::app::prefs::{Lang, Prefs};
use ocop_council::domain::criteria::{Catalog, catalog::DEFAULT_CRITERIA_SET};
use ocop_council::domain::ids::{MemberId, ProductId, RoundId};
use ocop_council::domain::member::Role as CouncilRole;
use ocop_council::domain::round::RoundStatus;
use ocop_council::domain::score::SheetAnswers;
use ocop_council::store::{NewProduct, NewRound, ProducerFacts, SheetWrite, Store};

pub(crate) struct Fixture {
    pub(crate) dir: tempfile::TempDir,
    pub(crate) round: RoundId,
    pub(crate) flagged: ProductId,
    pub(crate) low_member: MemberId,
}

/// Chair + two members; two products; every sheet submitted. On the honey
/// (set 4) the third member ticked the lowest boxes: the spread is flagged.
/// (Shared with the UI tests of who may do what, ui_people.)
pub(crate) fn fixture() -> Fixture {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path()).unwrap();
    let catalog = Catalog::embedded();
    let actor = crate::common::office();
    let round = store
        .create_round(
            &NewRound::provincial(
                "Đợt 3/2026 tỉnh Sóc Trăng",
                catalog.set(DEFAULT_CRITERIA_SET).unwrap(),
            ),
            &actor,
        )
        .unwrap();
    let members = [
        store
            .add_member(round, "Lâm Văn Chủ", CouncilRole::Chair, true, &actor)
            .unwrap(),
        store
            .add_member(round, "Trịnh Thị Ánh", CouncilRole::Member, true, &actor)
            .unwrap(),
        store
            .add_member(round, "Thạch Sô Phên", CouncilRole::Member, true, &actor)
            .unwrap(),
    ];
    let product = |store: &mut Store, name: &str, set: u8| {
        store
            .add_product(
                round,
                &NewProduct {
                    name: name.into(),
                    product_set: set,
                    product_code: None,
                    producer: ProducerFacts {
                        name: format!("Cơ sở {name}"),
                        ..Default::default()
                    },
                },
                &actor,
            )
            .unwrap()
    };
    let honey = product(&mut store, "Mật ong hoa bần", 4);
    let rice = product(&mut store, "Gạo ST25 Hòa Tú", 3);
    store
        .advance_round(round, RoundStatus::Scoring, &chair_of(&store, round))
        .unwrap();
    let mut writes = Vec::new();
    for (p, set) in [(honey, 4), (rice, 3)] {
        let sheet = store.round_sheet(round, set).unwrap();
        for (i, m) in members.iter().enumerate() {
            let lowest = p == honey && i == 2;
            let choices: BTreeMap<_, _> = sheet
                .criteria()
                .map(|(_, _, c)| {
                    let o = if lowest {
                        c.options.iter().min_by_key(|o| o.points)
                    } else {
                        c.options.iter().max_by_key(|o| o.points)
                    };
                    (c.id.clone(), o.unwrap().id.clone())
                })
                .collect();
            writes.push(SheetWrite {
                round,
                product: p,
                member: *m,
                answers: SheetAnswers { choices },
                comments: BTreeMap::new(),
                submitted: true,
            });
        }
    }
    store.write_sheets(&writes, &actor).unwrap();
    Prefs {
        lang: Lang::Vi,
        ..Prefs::default()
    }
    .save(dir.path())
    .unwrap();
    Fixture {
        dir,
        round,
        flagged: honey,
        low_member: members[2],
    }
}

fn status(dir: &Path, round: RoundId) -> RoundStatus {
    Store::open(dir).unwrap().round(round).unwrap().status
}

#[test]
fn a_round_goes_from_scoring_to_finalized_through_the_gui() {
    let f = fixture();
    let mut h = harness(f.dir.path());
    h.get_by_label("Đợt 3/2026 tỉnh Sóc Trăng").click();
    settle(&mut h);
    // The chair runs the meeting (the secretariat may not move the round).
    pick_identity(&mut h, "— chọn —", "Lâm Văn Chủ (Chủ tịch Hội đồng)");

    // Scoring → deliberation from the council tab.
    h.get_by_label("Hội đồng").click();
    settle(&mut h);
    assert!(
        h.get_by_label("Quay lại chuẩn bị")
            .accesskit_node()
            .is_disabled(),
        "sheets exist, so going back to setup is not offered"
    );
    h.get_by_label("Chuyển sang họp thảo luận").click();
    h.run();
    // The step is confirmed, after reading what it makes read-only.
    h.get_by_label("Chuyển").click();
    h.run();
    h.get_by_label_contains("Các phiếu bị khóa");
    h.get_by_label("Xác nhận: Chuyển").click();
    settle(&mut h);
    assert_eq!(status(f.dir.path(), f.round), RoundStatus::Deliberation);
    h.get_by_label("● Họp thảo luận");

    // The results matrix flags the honey; its per-criterion view shows why.
    h.get_by_label("Tiến độ và kết quả").click();
    settle(&mut h);
    // The flagged row's state.
    assert_eq!(
        h.query_all_by_label_contains("cần thảo luận, chấm lại")
            .count(),
        1
    );
    h.get_by_label("Mật ong hoa bần").click();
    settle(&mut h);
    h.get_by_label("Theo tiêu chí — Mật ong hoa bần");
    // Approving now is refused: a product still needs discussion.
    h.get_by_label("Hội đồng").click();
    settle(&mut h);
    h.get_by_label("Phê duyệt kết quả…").click();
    h.run();
    type_into(&mut h, "Số quyết định:", "1234/QĐ-UBND");
    type_into(&mut h, "Người ký quyết định:", "Nguyễn Văn Thành");
    h.get_by_role_and_label(Role::Button, "Phê duyệt").click();
    h.run();
    h.get_by_label_contains("niêm phong theo quyết định 1234/QĐ-UBND");
    h.get_by_label("Xác nhận: Phê duyệt").click();
    settle(&mut h);
    // Every reason, in Vietnamese, in the refusal panel.
    h.get_by_label("Chưa thể thực hiện bước này:");
    h.get_by_label_contains("chưa có kết quả cuối cùng: cần thảo luận, chấm lại");
    assert_eq!(status(f.dir.path(), f.round), RoundStatus::Deliberation);
    // The dialog kept what was typed.
    assert_eq!(
        h.get_by_label("Số quyết định:").value().as_deref(),
        Some("1234/QĐ-UBND")
    );
    assert_eq!(
        h.get_by_label("Người ký quyết định:").value().as_deref(),
        Some("Nguyễn Văn Thành")
    );
    h.get_by_label("Đã hiểu, đóng").click();
    h.run();
    assert!(h.query_by_label("Chưa thể thực hiện bước này:").is_none());
    h.get_by_label("Hủy").click();
    h.run();

    // The chair reopens the low sheet for re-scoring, with a reason.
    h.get_by_label("Tiến độ và kết quả").click();
    settle(&mut h);
    h.get_by_label("Chấm lại…").click();
    h.run();
    h.get_by_role_and_label(Role::CheckBox, "Thạch Sô Phên")
        .click();
    h.step();
    type_into(&mut h, "Lý do:", "Chênh lệch 100 điểm, đã thảo luận");
    h.get_by_label("Mở lại để chấm lại").click();
    settle(&mut h);

    // The member scores again at the desk and submits.
    pick_identity(
        &mut h,
        "Lâm Văn Chủ (Chủ tịch Hội đồng)",
        "Thạch Sô Phên (Ủy viên)",
    );
    h.get_by_role_and_label(Role::Button, "Sản phẩm").click();
    settle(&mut h);
    h.get_by_label("Mật ong hoa bần").click();
    settle(&mut h);
    // The member sees why the sheet is open again, and where they stood apart.
    let why = h
        .get_by_label_contains("Phiếu của bạn đã được mở lại để chấm lại")
        .accesskit_node()
        .value()
        .unwrap_or_default();
    assert!(
        why.contains("Lâm Văn Chủ") && why.contains("Chênh lệch 100 điểm, đã thảo luận"),
        "{why}"
    );
    h.get_by_label("Chênh lệch nhiều nhất so với các thành viên khác:");
    let sheet = Catalog::embedded()
        .sheet(DEFAULT_CRITERIA_SET, 4)
        .unwrap()
        .sheet
        .clone();
    for (_, _, c) in sheet.criteria() {
        let best = c.options.iter().max_by_key(|o| o.points).unwrap();
        h.get_by_role_and_label(
            Role::RadioButton,
            &format!("{}: {}", best.id, best.label_vi),
        )
        .click_accesskit();
        settle(&mut h);
    }
    h.get_by_label("Tổng 100/100");
    h.get_by_label("Nộp phiếu (Ctrl+Enter)").click();
    h.run();
    // The confirmation shows the total before and now.
    h.get_by_label_contains("→ 100/100");
    h.get_by_label("Xác nhận nộp").click();
    settle(&mut h);
    h.get_by_label("✔ Đã nộp phiếu — tổng 100/100");

    // Back as the chair: the flag has cleared; approve with the decision.
    h.get_by_label("← Các đợt đánh giá").click();
    settle(&mut h);
    h.get_by_label("Đợt 3/2026 tỉnh Sóc Trăng").click();
    settle(&mut h);
    pick_identity(
        &mut h,
        "Thạch Sô Phên (Ủy viên)",
        "Lâm Văn Chủ (Chủ tịch Hội đồng)",
    );
    h.get_by_label("Tiến độ và kết quả").click();
    settle(&mut h);
    assert_eq!(
        h.query_all_by_label_contains("cần thảo luận, chấm lại")
            .count(),
        0,
        "no row needs discussion any more"
    );
    let result = Store::open(f.dir.path())
        .unwrap()
        .product_result(f.flagged)
        .unwrap()
        .result;
    assert!(!result.spread_flag);
    h.get_by_label("Hội đồng").click();
    settle(&mut h);
    h.get_by_label("Phê duyệt kết quả…").click();
    h.run();
    type_into(&mut h, "Số quyết định:", "1234/QĐ-UBND");
    type_into(&mut h, "Người ký quyết định:", "Nguyễn Văn Thành");
    h.get_by_role_and_label(Role::Button, "Phê duyệt").click();
    h.run();
    h.get_by_label("Xác nhận: Phê duyệt").click();
    settle(&mut h);
    assert_eq!(status(f.dir.path(), f.round), RoundStatus::Finalized);
    h.get_by_label("● Đã phê duyệt");
    assert!(h.query_all_by_label_contains("1234/QĐ-UBND").count() >= 1);

    // The minutes from the dialog: the meeting date and place, one member
    // absent, a note on the honey's re-scoring; the PDF carries them all.
    let printed = tempfile::tempdir().unwrap();
    h.state_mut()
        .answer_save_dialogs_in(printed.path().to_path_buf());
    h.get_by_label("In biên bản họp (PDF)…").click();
    h.run();
    let date_field = "Ngày họp (YYYY-MM-DD, để trống để ghi tay):";
    h.get_by_label(date_field).focus();
    h.step();
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
    h.step();
    h.get_by_label(date_field).type_text("2026-12-02");
    h.step();
    type_into(&mut h, "Địa điểm:", "Hội trường UBND tỉnh");
    h.get_by_role_and_label(Role::CheckBox, "Trịnh Thị Ánh (Ủy viên)")
        .click();
    h.step();
    h.get_by_role_and_label(Role::TextInput, "Mật ong hoa bần")
        .focus();
    h.step();
    h.get_by_role_and_label(Role::TextInput, "Mật ong hoa bần")
        .type_text("Thống nhất chấm lại sau thảo luận");
    h.step();
    h.get_by_role_and_label(Role::Button, "In biên bản…")
        .click();
    settle(&mut h);
    let pdf = std::fs::read(printed.path().join(format!("bien-ban-dot-{}.pdf", f.round)))
        .expect("the minutes were written where the save dialog answered");
    let doc = lopdf::Document::load_mem(&pdf).unwrap();
    let pages: Vec<u32> = doc.get_pages().keys().copied().collect();
    let text = doc.extract_text(&pages).unwrap();
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    for expected in [
        "ngày 02 tháng 12 năm 2026",
        "Hội trường UBND tỉnh",
        "Vắng mặt",
        "Thống nhất chấm lại sau thảo luận",
    ] {
        assert!(
            text.contains(expected),
            "{expected:?} in the minutes: {text}"
        );
    }
    assert_eq!(text.matches("Vắng mặt").count(), 1, "one member absent");

    // The audit log shows the journey and verifies.
    h.get_by_label("Nhật ký").click();
    settle(&mut h);
    h.get_by_label("✔ Kiểm tra toàn vẹn: đạt");
    // Newest first: the approval is on top.
    assert!(h.query_all_by_label("Phê duyệt kết quả").count() >= 1);
    assert!(
        h.query_by_label("round.finalize").is_none(),
        "the code is on hover only"
    );
    let log = Store::open(f.dir.path())
        .unwrap()
        .audit_log(f.round)
        .unwrap();
    let rescore = log.iter().find(|e| e.action == "sheet.rescore").unwrap();
    // The audit names the real actor: the chair, through the GUI, not PIN-verified.
    assert_eq!(
        rescore.actor,
        "member:1; role=chair; pin=none; via=gui; name=Lâm Văn Chủ"
    );
    let _ = (f.flagged, f.low_member);
}

#[test]
fn a_new_round_is_set_up_in_the_gui_council_and_product_list() {
    use ocop_council::ui::Action;
    let dir = tempfile::tempdir().unwrap();
    Prefs {
        lang: Lang::Vi,
        ..Prefs::default()
    }
    .save(dir.path())
    .unwrap();
    let mut h = harness(dir.path());
    h.get_by_label("Đợt mới:").focus();
    h.step();
    h.get_by_label("Đợt mới:")
        .type_text("Đợt 1/2027 tỉnh Sóc Trăng");
    h.step();
    h.get_by_label("Tạo đợt").click();
    settle(&mut h);
    pick_identity(&mut h, "— chọn —", "Ban thư ký");
    h.get_by_label("Hội đồng").click();
    settle(&mut h);
    for (name, role) in [
        ("Lâm Văn Chủ", "Chủ tịch Hội đồng"),
        ("Trịnh Thị Ánh", "Ủy viên"),
    ] {
        h.get_by_label("Họ tên:").focus();
        h.step();
        h.get_by_label("Họ tên:").type_text(name);
        h.step();
        h.get_by_label("Vai trò:").click();
        h.run();
        h.get_by_label(role).click();
        h.step();
        h.get_by_label("Thêm thành viên").click();
        settle(&mut h);
    }
    h.get_by_label("• Lâm Văn Chủ — Chủ tịch Hội đồng");
    // The product list arrives through the file dialog's request.
    let list = dir.path().join("danh-sach.csv");
    std::fs::write(
        &list,
        "Tên sản phẩm,Bộ sản phẩm,Chủ thể,Xã\nGạo ST25,3,HTX Hòa Tú,Xã Hòa Tú\nNước mắm,9,Cơ sở Ba Lành,\n",
    )
    .unwrap();
    h.state_mut()
        .apply(Action::send(DossiersRequest::ImportProductList {
            round: RoundId(1),
            path: list,
        }));
    settle(&mut h);
    h.get_by_label_contains("Đã nhập 2 sản phẩm");
    let store = Store::open(dir.path()).unwrap();
    let members = store.members(RoundId(1)).unwrap();
    assert_eq!(members.len(), 2);
    assert_eq!(members[0].role, CouncilRole::Chair);
    assert_eq!(store.products(RoundId(1)).unwrap().len(), 2);
    // Scoring starts from the council tab, by the chair: the secretariat sees the
    // step disabled. Adding members is then refused.
    assert!(
        h.get_by_label("Bắt đầu chấm điểm")
            .accesskit_node()
            .is_disabled()
    );
    pick_identity(&mut h, "Ban thư ký", "Lâm Văn Chủ (Chủ tịch Hội đồng)");
    h.get_by_label("Hội đồng").click();
    settle(&mut h);
    h.get_by_label("Bắt đầu chấm điểm").click();
    h.run();
    h.get_by_label("Chuyển").click();
    h.run();
    h.get_by_label("Xác nhận: Chuyển").click();
    settle(&mut h);
    assert_eq!(
        store.round(RoundId(1)).unwrap().status,
        RoundStatus::Scoring
    );
    assert!(h.query_by_label("Thêm thành viên").is_none());
    assert!(
        !h.get_by_label("Quay lại chuẩn bị")
            .accesskit_node()
            .is_disabled(),
        "no sheet yet: the round may still go back to setup"
    );
}

#[test]
fn a_council_of_laptops_registers_keys_sends_the_round_and_merges_sheets_in_the_gui() {
    use ocop_council::ui::Action;
    let secretary = tempfile::tempdir().unwrap();
    let laptop = tempfile::tempdir().unwrap();
    let chair_laptop = tempfile::tempdir().unwrap();
    let actor = crate::common::office();
    let (round, member, product) = {
        let mut store = Store::open(secretary.path()).unwrap();
        let catalog = Catalog::embedded();
        let round = store
            .create_round(
                &NewRound::provincial("Đợt 5/2026", catalog.set(DEFAULT_CRITERIA_SET).unwrap()),
                &actor,
            )
            .unwrap();
        store
            .add_member(round, "Lâm Văn Chủ", CouncilRole::Chair, true, &actor)
            .unwrap();
        let member = store
            .add_member(round, "Trịnh Thị Ánh", CouncilRole::Member, true, &actor)
            .unwrap();
        let product = store
            .add_product(
                round,
                &NewProduct {
                    name: "Mật ong hoa bần".into(),
                    product_set: 4,
                    product_code: None,
                    producer: ProducerFacts {
                        name: "HTX Ong mật".into(),
                        ..Default::default()
                    },
                },
                &actor,
            )
            .unwrap();
        (round, member, product)
    };
    for dir in [secretary.path(), laptop.path()] {
        Prefs {
            lang: Lang::Vi,
            ..Prefs::default()
        }
        .save(dir)
        .unwrap();
    }
    let member_key = ocop_council::app::package::profile_public_key(laptop.path()).unwrap();
    let chair_key = ocop_council::app::package::profile_public_key(chair_laptop.path()).unwrap();

    // The secretary pastes both keys in the laptops tab.
    let mut s = harness(secretary.path());
    s.get_by_label("Đợt 5/2026").click();
    settle(&mut s);
    pick_identity(&mut s, "— chọn —", "Ban thư ký");
    s.get_by_label("Máy của hội đồng").click();
    settle(&mut s);
    // One key field per voting member, in council order: the chair, then the member.
    for (i, key) in [&chair_key, &member_key].into_iter().enumerate() {
        let field = s.query_all_by_label("Khóa:").nth(i).unwrap();
        field.focus();
        s.step();
        s.query_all_by_label("Khóa:").nth(i).unwrap().type_text(key);
        s.step();
        s.query_all_by_label("Đăng ký khóa")
            .find(|n| !n.accesskit_node().is_disabled())
            .unwrap()
            .click();
        settle(&mut s);
    }
    let stored = Store::open(secretary.path())
        .unwrap()
        .member(member)
        .unwrap();
    assert_eq!(stored.public_key.as_deref(), Some(member_key.as_str()));
    let mut office_store = Store::open(secretary.path()).unwrap();
    let chair = chair_of(&office_store, round);
    office_store
        .advance_round(round, RoundStatus::Scoring, &chair)
        .unwrap();
    let package = secretary.path().join("dot-5.ocop-round");
    s.state_mut()
        .apply(Action::send(LaptopsRequest::ExportRoundPackage {
            round,
            path: package.clone(),
        }));
    settle(&mut s);
    assert!(package.is_file());

    // The member's laptop imports it and knows who is at the keyboard.
    let mut m = harness(laptop.path());
    m.state_mut()
        .apply(Action::send(LaptopsRequest::ImportRoundPackage {
            path: package,
        }));
    settle(&mut m);
    m.get_by_value("Trịnh Thị Ánh (Ủy viên)");
    m.get_by_label("Mật ong hoa bần");
    // What the package did here, in Vietnamese, until the member closes it.
    m.get_by_label("Gói đợt đã nhập");
    m.get_by_label_contains("• thêm sản phẩm");
    m.get_by_label_contains("Mật ong hoa bần (bộ 4), HTX Ong mật");
    m.get_by_label("Đã hiểu, đóng").click();
    settle(&mut m);
    assert!(m.query_by_label("Gói đợt đã nhập").is_none());
    // Their own laptop signs for them; importing dossiers is not theirs to do.
    m.get_by_role_and_label(Role::Button, "Phiếu của tôi ▾")
        .click();
    m.run();
    m.get_by_label("Xuất gói phiếu đã ký…");
    m.key_press(egui::Key::Escape);
    m.run();
    assert!(
        m.query_by_role_and_label(Role::Button, "Nhập hồ sơ ▾")
            .is_none()
    );
    {
        let mut store = Store::open(laptop.path()).unwrap();
        let local = store.rounds().unwrap()[0].id;
        let local_member = store
            .members(local)
            .unwrap()
            .into_iter()
            .find(|x| x.name == "Trịnh Thị Ánh")
            .unwrap()
            .id;
        let local_product = store.products(local).unwrap()[0].id;
        let sheet = store.round_sheet(local, 4).unwrap();
        for (_, _, c) in sheet.criteria() {
            let best = c.options.iter().max_by_key(|o| o.points).unwrap();
            store
                .change_answer(
                    local_product,
                    local_member,
                    &c.id,
                    &ocop_council::store::AnswerChange::Choice(Some(best.id.clone())),
                    &as_member(local_member),
                )
                .unwrap();
        }
        store
            .submit_sheet(local_product, local_member, &as_member(local_member))
            .unwrap();
        let out = laptop.path().join("phieu.ocop-sheets");
        m.state_mut()
            .apply(Action::send(LaptopsRequest::ExportSheetsPackage {
                round: local,
                member: local_member,
                path: out,
            }));
    }
    settle(&mut m);
    let sheets_package = laptop.path().join("phieu.ocop-sheets");
    assert!(sheets_package.is_file());

    // The secretary merges it; the report names the member and the sheet.
    s.state_mut()
        .apply(Action::send(LaptopsRequest::MergePackages {
            round,
            paths: vec![sheets_package.clone()],
        }));
    settle(&mut s);
    s.get_by_label_contains("✔ phieu.ocop-sheets: Trịnh Thị Ánh");
    let merged = Store::open(secretary.path())
        .unwrap()
        .sheet(product, member)
        .unwrap()
        .unwrap();
    assert_eq!(merged.total_points, 100);
    // A second merge of the same file changes nothing and says so.
    s.state_mut()
        .apply(Action::send(LaptopsRequest::MergePackages {
            round,
            paths: vec![sheets_package],
        }));
    settle(&mut s);
    s.get_by_label_contains("đã gộp trước đó");
}
