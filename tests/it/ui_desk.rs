//! The evaluator's desk through egui_kittest (headless, no GPU), found by role and
//! label as a screen reader would: pick a member, open a product, answer every
//! criterion, see the total and the star, submit; the answers survive a restart.

use crate::common::chair_of;
use crate::common::ui::*;

use std::path::Path;

use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT, Queryable};
use ocop_council::app::prefs::{Lang, Prefs};
use ocop_council::domain::criteria::{Catalog, CriteriaSheet, catalog::DEFAULT_CRITERIA_SET};
use ocop_council::domain::ids::{MemberId, ProductId, RoundId};
use ocop_council::domain::member::Role as CouncilRole;
use ocop_council::store::{NewProduct, NewRound, ProducerFacts, Store};
use ocop_council::ui::OcopApp;

pub(crate) const MEMBER_NAME: &str = "Trịnh Thị Ánh";
pub(crate) const PRODUCT_NAME: &str = "Mật ong hoa nhãn Cù Lao Dung";

pub(crate) struct Fixture {
    pub(crate) dir: tempfile::TempDir,
    pub(crate) round: RoundId,
    pub(crate) member: MemberId,
    pub(crate) product: ProductId,
}

/// A round with a chair and two members; two products (sets 4 and 9).
pub(crate) fn fixture() -> Fixture {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path()).unwrap();
    let catalog = Catalog::embedded();
    let actor = crate::common::office();
    let round = store
        .create_round(
            &NewRound::provincial(
                "Đợt 1/2026 tỉnh Sóc Trăng",
                catalog.set(DEFAULT_CRITERIA_SET).unwrap(),
            ),
            &actor,
        )
        .unwrap();
    store
        .add_member(round, "Lâm Văn Chủ", CouncilRole::Chair, true, &actor)
        .unwrap();
    let member = store
        .add_member(round, MEMBER_NAME, CouncilRole::Member, true, &actor)
        .unwrap();
    store
        .add_member(round, "Thạch Sô Phên", CouncilRole::Member, true, &actor)
        .unwrap();
    let product = store
        .add_product(
            round,
            &NewProduct {
                name: PRODUCT_NAME.into(),
                product_set: 4,
                product_code: Some("94-946-003-2026".into()),
                producer: ProducerFacts {
                    name: "HTX Ong mật Cù Lao Dung".into(),
                    commune: Some("Xã An Thạnh Nhất".into()),
                    ..Default::default()
                },
            },
            &actor,
        )
        .unwrap();
    store
        .add_product(
            round,
            &NewProduct {
                name: "Nước mắm cá cơm Trần Đề".into(),
                product_set: 9,
                product_code: None,
                producer: ProducerFacts {
                    name: "Cơ sở Ba Lành".into(),
                    ..Default::default()
                },
            },
            &actor,
        )
        .unwrap();
    store
        .advance_round(
            round,
            ocop_council::domain::round::RoundStatus::Scoring,
            &chair_of(&store, round),
        )
        .unwrap();
    // Vietnamese UI, so the test reads the labels a Vietnamese council sees.
    let prefs = Prefs {
        lang: Lang::Vi,
        ..Prefs::default()
    };
    prefs.save(dir.path()).unwrap();
    Fixture {
        dir,
        round,
        member,
        product,
    }
}

pub(crate) fn sheet(set: u8) -> CriteriaSheet {
    Catalog::embedded()
        .sheet(DEFAULT_CRITERIA_SET, set)
        .unwrap()
        .sheet
        .clone()
}

/// From the rounds list: open the round, say who I am, open the product.
pub(crate) fn open_product_as_member(harness: &mut Harness<'static, OcopApp>) {
    harness.get_by_label("Đợt 1/2026 tỉnh Sóc Trăng").click();
    settle(harness);
    harness.get_by_value("— chọn —").click();
    harness.run();
    harness
        .get_by_label(&format!("{MEMBER_NAME} (Ủy viên)"))
        .click();
    settle(harness);
    harness.get_by_label(PRODUCT_NAME).click();
    settle(harness);
}

pub(crate) fn stored_choice(db: &Path, member: MemberId, criterion: &str) -> Option<String> {
    let conn = rusqlite::Connection::open(db).unwrap();
    conn.query_row(
        "SELECT a.choice_id FROM answers a JOIN sheets s ON s.id = a.sheet_id
         WHERE s.member_id = ?1 AND a.criterion_id = ?2",
        rusqlite::params![member.0, criterion],
        |r| r.get(0),
    )
    .ok()
}

#[test]
fn score_a_product_by_clicking_then_submit_and_find_it_locked_after_restart() {
    let f = fixture();
    let db = f.dir.path().join(ocop_council::store::DATABASE_FILE);
    let set4 = sheet(4);
    {
        let mut harness = harness(f.dir.path());
        harness.get_by_label("Các đợt đánh giá, phân hạng");
        open_product_as_member(&mut harness);

        // The dossier facts and the official wording are on screen.
        harness.get_by_label("HTX Ong mật Cù Lao Dung");
        harness.get_by_label("Hồ sơ sản phẩm");
        assert!(harness.query_by_label("Tổng 0/100").is_some());

        // Every criterion: click the best box by its label. After each click a
        // separate connection to the database file already sees the answer.
        for (_, _, criterion) in set4.criteria() {
            let best = criterion.options.iter().max_by_key(|o| o.points).unwrap();
            let label = format!("{}: {}", best.id, best.label_vi);
            harness
                .get_by_role_and_label(Role::RadioButton, &label)
                .click_accesskit();
            settle(&mut harness);
            assert_eq!(
                stored_choice(&db, f.member, &criterion.id.0).as_deref(),
                Some(best.id.0.as_str()),
                "autosave of {}",
                criterion.id
            );
        }
        // The total, the star it gives and the saved state are visible.
        harness.get_by_label("Tổng 100/100");
        harness.get_by_label("5 sao");
        harness.get_by_label("✔ Đã lưu");

        harness.get_by_label("Nộp phiếu (Ctrl+Enter)").click();
        harness.run();
        harness.get_by_label("Xác nhận nộp").click();
        settle(&mut harness);
        harness.get_by_label_contains("Đã nộp lúc");
    }
    // A new app on the same data folder: remembered member, answers kept, locked.
    let mut harness = harness(f.dir.path());
    harness.get_by_value(&format!("{MEMBER_NAME} (Ủy viên)"));
    harness.get_by_label("Đã nộp 1/2 sản phẩm");
    harness.get_by_label(PRODUCT_NAME).click();
    settle(&mut harness);
    harness.get_by_label("Tổng 100/100");
    harness.get_by_label_contains("Đã nộp lúc");
    assert!(harness.query_by_label("Nộp phiếu (Ctrl+Enter)").is_none());
    let first = set4.criteria().next().unwrap().2;
    let worst = first.options.iter().min_by_key(|o| o.points).unwrap();
    let worst_label = format!("{}: {}", worst.id, worst.label_vi);
    let node = harness.get_by_role_and_label(Role::RadioButton, &worst_label);
    assert!(
        node.accesskit_node().is_disabled(),
        "a submitted sheet is locked"
    );
    node.click_accesskit();
    settle(&mut harness);
    assert_ne!(
        stored_choice(&db, f.member, &first.id.0).as_deref(),
        Some(worst.id.0.as_str()),
        "a click on a locked sheet changes nothing"
    );
    let _ = f.product;
    let _ = f.round;
}

#[test]
fn the_sheet_can_be_filled_and_submitted_with_the_keyboard_only() {
    let f = fixture();
    let db = f.dir.path().join(ocop_council::store::DATABASE_FILE);
    let set4 = sheet(4);
    let mut harness = harness(f.dir.path());
    open_product_as_member(&mut harness);

    // The first criterion has focus on arrival. For each criterion press the
    // number of its first box (1), except every third gets ↓ twice, then Tab.
    let criteria: Vec<_> = set4.criteria().map(|(_, _, c)| c.clone()).collect();
    for (i, c) in criteria.iter().enumerate() {
        if i % 3 == 2 {
            harness.key_press(egui::Key::ArrowDown);
            harness.step();
            harness.key_press(egui::Key::ArrowDown);
        } else {
            harness.key_press(egui::Key::Num1);
        }
        harness.step();
        harness.key_press(egui::Key::Tab);
        harness.step();
        settle(&mut harness);
        let want = if i % 3 == 2 && c.options.len() + usize::from(!c.has_zero_option()) > 1 {
            &c.options
                .get(1)
                .map_or_else(|| c.none_applies_id(), |o| o.id.clone())
                .0
        } else {
            &c.options[0].id.0
        };
        assert_eq!(
            stored_choice(&db, f.member, &c.id.0).as_deref(),
            Some(want.as_str()),
            "criterion {} by keyboard",
            c.id
        );
    }
    harness.get_by_label("✔ Đã lưu");
    // Ctrl+Enter opens the confirmation; Enter confirms (its button has focus).
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Enter);
    harness.run();
    harness.get_by_label("Xác nhận nộp");
    harness.key_press(egui::Key::Enter);
    harness.step();
    settle(&mut harness);
    harness.get_by_label_contains("Đã nộp lúc");
    let conn = rusqlite::Connection::open(&db).unwrap();
    let status: String = conn
        .query_row(
            "SELECT status FROM sheets WHERE member_id = ?1 AND product_id = ?2",
            rusqlite::params![f.member.0, f.product.0],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(status, "submitted");
}

#[test]
fn english_ui_shows_glosses_and_the_language_choice_is_remembered() {
    let f = fixture();
    {
        let mut harness = harness(f.dir.path());
        harness.get_by_label("English").click();
        settle(&mut harness);
        harness.get_by_label("Evaluation rounds");
    }
    let prefs = Prefs::load(f.dir.path());
    assert_eq!(prefs.lang, Lang::En);
    let mut harness = harness(f.dir.path());
    harness.get_by_label("Evaluation rounds");
    harness.get_by_label("Tiếng Việt");
    // The sheet keeps the official Vietnamese wording, with English glosses of
    // the headings beside it.
    harness.get_by_label("Đợt 1/2026 tỉnh Sóc Trăng").click();
    settle(&mut harness);
    harness.get_by_value("— choose —").click();
    harness.run();
    harness
        .get_by_label(&format!("{MEMBER_NAME} (Member)"))
        .click();
    settle(&mut harness);
    harness.get_by_label(PRODUCT_NAME).click();
    settle(&mut harness);
    harness.get_by_label(
        "Part A: Product and community strength (SẢN PHẨM VÀ SỨC MẠNH CỦA CỘNG ĐỒNG)",
    );
    harness.get_by_label("1. Production organisation (TỔ CHỨC SẢN XUẤT)");
    harness.get_by_label("Total 0/100");
}

#[test]
fn next_unanswered_button_moves_the_keyboard_to_the_first_open_criterion() {
    let f = fixture();
    let db = f.dir.path().join(ocop_council::store::DATABASE_FILE);
    let set4 = sheet(4);
    let criteria: Vec<_> = set4.criteria().map(|(_, _, c)| c.clone()).collect();
    let mut harness = harness(f.dir.path());
    open_product_as_member(&mut harness);
    // Answer the first two criteria, then go back to the first.
    for _ in 0..2 {
        harness.key_press(egui::Key::Num1);
        harness.step();
        harness.key_press(egui::Key::Tab);
        harness.step();
    }
    harness.key_press_modifiers(egui::Modifiers::SHIFT, egui::Key::Tab);
    harness.step();
    harness.key_press_modifiers(egui::Modifiers::SHIFT, egui::Key::Tab);
    harness.step();
    settle(&mut harness);
    harness.get_by_label("Câu chưa chọn tiếp theo (N)").click();
    harness.step();
    harness.step();
    harness.key_press(egui::Key::Num1);
    harness.step();
    settle(&mut harness);
    assert_eq!(
        stored_choice(&db, f.member, &criteria[2].id.0).as_deref(),
        Some(criteria[2].options[0].id.0.as_str()),
        "the number key answered the criterion the button moved to"
    );
}
