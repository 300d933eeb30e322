//! The *Sao lưu / Backups* screen and the start-up dialog for a damaged database,
//! through egui_kittest: a database cut in half is named at start and restored
//! from the newest good backup by clicking, and *Sao lưu ngay* adds a backup.

use egui_kittest::kittest::Queryable;

use crate::backup::truncate_to_half;
use crate::common::Cli;
use crate::common::ui::{harness, settle, vietnamese, wait_for_label};

const ROUND: &str = "Đợt sao lưu giao diện";

fn folder_with_a_round_and_a_backup() -> Cli {
    let cli = Cli::new();
    let round = cli.id(&["round", "create", "--name", ROUND]).to_string();
    for i in 0..30 {
        cli.ok(&[
            "member",
            "add",
            "--round",
            &round,
            "--name",
            &format!("Ủy viên {i}"),
            "--role",
            "member",
        ]);
    }
    cli.ok(&["backup"]);
    vietnamese(cli.dir());
    cli
}

#[test]
fn a_database_cut_in_half_is_restored_from_the_newest_backup_by_the_gui() {
    let cli = folder_with_a_round_and_a_backup();
    truncate_to_half(cli.dir());
    let mut h = harness(cli.dir());
    h.get_by_label("Tệp dữ liệu bị hỏng");
    h.get_by_label("Khôi phục bản sao lưu gần nhất").click();
    settle(&mut h);
    // The app opened the restored database: the round is listed again.
    wait_for_label(&mut h, ROUND);
    assert!(h.query_by_label("Tệp dữ liệu bị hỏng").is_none());
    drop(h);
    let out = cli.ok(&["round", "list"]);
    assert!(out.contains(ROUND), "{out}");
}

#[test]
fn back_up_now_adds_a_backup_to_the_list() {
    let cli = folder_with_a_round_and_a_backup();
    let before = cli
        .json(&["backup", "list", "--json"])
        .as_array()
        .unwrap()
        .len();
    let mut h = harness(cli.dir());
    h.get_by_label("Sao lưu").click();
    settle(&mut h);
    h.get_by_label("Sao lưu ngay").click();
    settle(&mut h);
    assert!(
        !h.query_all_by_label("sao lưu thủ công")
            .collect::<Vec<_>>()
            .is_empty()
    );
    drop(h);
    let after = cli
        .json(&["backup", "list", "--json"])
        .as_array()
        .unwrap()
        .len();
    assert_eq!(after, before + 1);
}

#[test]
fn a_missing_data_folder_is_created_only_when_confirmed() {
    let parent = tempfile::tempdir().unwrap();
    let dir = parent.path().join("moi");
    let mut h = harness(&dir);
    assert!(!dir.exists());
    // No preferences in a folder that does not exist: either language.
    match h.query_by_label("Tạo thư mục dữ liệu mới") {
        Some(button) => button.click(),
        None => h.get_by_label("Create a new data folder").click(),
    }
    settle(&mut h);
    assert!(dir.join(ocop_council::store::DATABASE_FILE).is_file());
}

#[test]
fn a_listed_backup_is_restored_after_a_confirmation() {
    let cli = folder_with_a_round_and_a_backup();
    let round = "1";
    cli.id(&[
        "member",
        "add",
        "--round",
        round,
        "--name",
        "Thêm sau sao lưu",
        "--role",
        "member",
    ]);
    let mut h = harness(cli.dir());
    h.get_by_label("Sao lưu").click();
    settle(&mut h);
    // Newest first: the manual backup taken before the extra member.
    h.query_all_by_label("Khôi phục…").next().unwrap().click();
    h.run();
    h.get_by_label("Khôi phục bản sao lưu?");
    h.get_by_label("Khôi phục").click();
    settle(&mut h);
    // The worker closes the store, restores and opens it again: on a loaded machine
    // the notice may come a few frames after the app first looks settled.
    for _ in 0..1000 {
        if h.query_by_label_contains("Đã khôi phục").is_some() {
            break;
        }
        h.step();
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
    assert!(h.query_by_label_contains("Đã khôi phục").is_some());
    drop(h);
    let members = cli.json(&["member", "list", "--round", round, "--json"]);
    assert_eq!(members.as_array().unwrap().len(), 30);
}
