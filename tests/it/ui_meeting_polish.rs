//! The meeting day's finishing touches: the certificate confirmation shows the
//! numbers the store will give, the toolbar keeps one height for every role, the
//! matrix's reopen dialog stays open until the change goes through, and the
//! audit screen names verify's checks in the user's language.

use egui::accesskit::Role;
use egui_kittest::kittest::{NodeT, Queryable};
use ocop_council::app::doc_settings::{self, DocSettings};
use ocop_council::domain::round::{RoundLevel, RoundStatus};
use ocop_council::store::Store;

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
        "002/2026/GCN-OCOP — Sản phẩm 1 (80 điểm) — 4★",
        "003/2026/GCN-OCOP — Sản phẩm 2 (65 điểm) — 3★",
        "Cơ quan cấp: ỦY BAN NHÂN DÂN TỈNH SÓC TRĂNG",
        "ngày cấp 30/06/2026",
        "Người ký: KT. CHỦ TỊCH PHÓ CHỦ TỊCH Lâm Văn Phó",
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
