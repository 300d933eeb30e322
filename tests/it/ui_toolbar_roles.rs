//! The round's toolbar offers each person only what the store would let them do:
//! a member is not offered *Nhập hồ sơ* (importing dossiers is the secretariat's,
//! the chair's or the secretary's, domain/permissions.rs), nor a dropped dossier,
//! nor, on the secretary's shared machine, a signed sheets package that machine
//! cannot sign for them. Found by role and label in the demo round.

use crate::common::Cli;
use crate::common::ui::*;

use egui::accesskit::Role;
use egui_kittest::kittest::Queryable;
use ocop_council::app::prefs::{Identity, Lang, Prefs};
use ocop_council::domain::ids::{MemberId, RoundId};
use ocop_council::store::Store;

/// The demo round (1 the chair, 3 a member, 8 the secretary) opened with `who` at
/// the keyboard, in Vietnamese.
fn demo_as(cli: &Cli, who: Identity) -> egui_kittest::Harness<'static, ocop_council::ui::OcopApp> {
    let round = RoundId(cli.id(&["demo", "load"]));
    let mut prefs = Prefs {
        lang: Lang::Vi,
        last_round: Some(round),
        ..Prefs::default()
    };
    prefs.set_identity(round, who);
    prefs.save(cli.dir()).unwrap();
    let mut h = harness(cli.dir());
    wait_for_label(&mut h, "Tôi là:");
    settle(&mut h);
    h
}

fn offers_import(h: &egui_kittest::Harness<'static, ocop_council::ui::OcopApp>) -> bool {
    h.query_by_role_and_label(Role::Button, "Nhập hồ sơ ▾")
        .is_some()
}

#[test]
fn only_those_who_may_import_dossiers_are_offered_the_import_button() {
    for (who, offered) in [
        (Identity::Member(MemberId(3)), false),
        (Identity::Member(MemberId(1)), true),
        (Identity::Member(MemberId(8)), true),
        (Identity::Secretariat, true),
    ] {
        let cli = Cli::new();
        let mut h = demo_as(&cli, who);
        assert_eq!(offers_import(&h), offered, "{who:?}");
        if offered {
            h.get_by_role_and_label(Role::Button, "Nhập hồ sơ ▾")
                .click();
            h.run();
            h.get_by_label("Tệp .zip…");
            h.get_by_label("Thư mục hồ sơ…");
        }
    }
}

/// A folder dropped on the window, as the windowing layer hands it over.
#[derive(Debug)]
struct Dropped(std::path::PathBuf);

impl egui::DroppedFile for Dropped {
    fn path(&self) -> &std::path::Path {
        &self.0
    }

    fn bytes(&self) -> Result<Vec<u8>, String> {
        Err("a folder".into())
    }
}

/// Drops the demo's honey dossier (already in the round) on the window.
fn drop_honey_dossier(h: &mut egui_kittest::Harness<'static, ocop_council::ui::OcopApp>) {
    let dossier = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("assets/samples/05-mat-ong-cu-lao-dung");
    h.input_mut()
        .dropped_files
        .push(std::sync::Arc::new(Dropped(dossier)));
    h.step();
    settle(h);
}

fn audit_length(dir: &std::path::Path) -> usize {
    Store::open(dir)
        .unwrap()
        .audit_log(RoundId(1))
        .unwrap()
        .len()
}

#[test]
fn a_member_dropping_a_dossier_sends_nothing_the_secretary_imports_it() {
    let cli = Cli::new();
    let mut h = demo_as(&cli, Identity::Member(MemberId(3)));
    let before = audit_length(cli.dir());
    drop_honey_dossier(&mut h);
    // Nothing was sent: no refusal, and not even the answer a member's drop used to
    // get for a dossier already in the round ("already imported, nothing changed").
    for said in ["không được", "Hồ sơ này đã được nhập"] {
        assert!(h.query_by_label_contains(said).is_none(), "{said}");
    }
    assert_eq!(audit_length(cli.dir()), before);

    let cli = Cli::new();
    let mut h = demo_as(&cli, Identity::Member(MemberId(8)));
    drop_honey_dossier(&mut h);
    h.get_by_label_contains("Hồ sơ này đã được nhập");
}

#[test]
fn on_the_shared_machine_a_member_is_offered_printing_not_signing_their_sheets() {
    let cli = Cli::new();
    let mut h = demo_as(&cli, Identity::Member(MemberId(3)));
    h.get_by_role_and_label(Role::Button, "Phiếu của tôi ▾")
        .click();
    h.run();
    h.get_by_label("In phiếu của tôi (PDF)…");
    assert!(h.query_by_label("Xuất gói phiếu đã ký…").is_none());
}
