//! Backups and restore, a damaged database at start (CLI), durability settings,
//! `verify`'s integrity and rollback checks, and the data folder that must exist.

use std::path::{Path, PathBuf};

use crate::common::Cli;
use ocop_council::app::Session;
use ocop_council::store::DATABASE_FILE;

pub fn round_with_member(cli: &Cli) -> String {
    let round = cli
        .id(&["round", "create", "--name", "Đợt sao lưu"])
        .to_string();
    cli.id(&[
        "member",
        "add",
        "--round",
        &round,
        "--name",
        "Lâm Văn Chủ",
        "--role",
        "chair",
    ]);
    round
}

fn member_count(cli: &Cli, round: &str) -> usize {
    cli.json(&["member", "list", "--round", round, "--json"])
        .as_array()
        .unwrap()
        .len()
}

/// Cuts the database file to half its size, as a failed copy or a bad disk would.
pub fn truncate_to_half(dir: &Path) {
    let db = dir.join(DATABASE_FILE);
    assert!(
        !dir.join(format!("{DATABASE_FILE}-wal")).exists() || {
            // Every session checkpoints on close; a WAL left behind is empty.
            std::fs::metadata(dir.join(format!("{DATABASE_FILE}-wal")))
                .unwrap()
                .len()
                == 0
        }
    );
    let len = std::fs::metadata(&db).unwrap().len();
    let file = std::fs::OpenOptions::new().write(true).open(&db).unwrap();
    file.set_len(len / 2).unwrap();
}

#[test]
fn backup_then_restore_round_trips_and_keeps_the_replaced_database() {
    let cli = Cli::new();
    let round = round_with_member(&cli);
    let backup = PathBuf::from(cli.ok(&["backup"]).trim());
    assert!(backup.starts_with(cli.dir().join("backups")), "{backup:?}");
    cli.id(&[
        "member",
        "add",
        "--round",
        &round,
        "--name",
        "Trần Thị Bình",
        "--role",
        "member",
    ]);
    assert_eq!(member_count(&cli, &round), 2);

    let out = cli.ok(&["restore", backup.to_str().unwrap()]);
    assert!(out.contains("restored"), "{out}");
    assert_eq!(member_count(&cli, &round), 1);

    let list = cli.json(&["backup", "list", "--json"]);
    let reasons: Vec<&str> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|b| b["reason"].as_str().unwrap())
        .collect();
    assert!(reasons.contains(&"manual"), "{reasons:?}");
    assert!(reasons.contains(&"before-restore"), "{reasons:?}");
    // The replaced database is itself restorable: the second member comes back.
    let before = list
        .as_array()
        .unwrap()
        .iter()
        .find(|b| b["reason"] == "before-restore")
        .unwrap()["path"]
        .as_str()
        .unwrap()
        .to_string();
    cli.ok(&["restore", &before]);
    assert_eq!(member_count(&cli, &round), 2);
    // A restore resets the rollback anchor: verify passes.
    cli.ok(&["verify", "--round", &round]);
}

#[test]
fn backup_out_writes_a_copy_anywhere_and_refuses_a_link() {
    let cli = Cli::new();
    round_with_member(&cli);
    let elsewhere = tempfile::tempdir().unwrap();
    let out = elsewhere.path().join("usb.sqlite3");
    cli.ok(&["backup", "--out", out.to_str().unwrap()]);
    assert!(out.is_file());
    #[cfg(unix)]
    {
        let target = elsewhere.path().join("keep.txt");
        std::fs::write(&target, b"keep").unwrap();
        let link = elsewhere.path().join("link.sqlite3");
        std::os::unix::fs::symlink(&target, &link).unwrap();
        let err = cli.fails(&["backup", "--out", link.to_str().unwrap()]);
        assert!(err.contains("symbolic link"), "{err}");
        assert_eq!(std::fs::read(&target).unwrap(), b"keep");
    }
}

#[test]
fn restore_refuses_while_the_folder_is_open_and_checks_the_file() {
    let cli = Cli::new();
    round_with_member(&cli);
    let backup = cli.ok(&["backup"]).trim().to_string();
    {
        let _open = Session::open(cli.dir()).unwrap();
        let err = cli.fails(&["restore", &backup]);
        assert!(err.contains("in use"), "{err}");
    }
    let junk = cli.dir().join("junk.sqlite3");
    std::fs::write(&junk, vec![b'x'; 8192]).unwrap();
    let err = cli.fails(&["restore", junk.to_str().unwrap()]);
    assert!(err.contains("not an SQLite database"), "{err}");

    let future = cli.dir().join("future.sqlite3");
    let conn = rusqlite::Connection::open(&future).unwrap();
    conn.execute_batch("CREATE TABLE rounds (id INTEGER); PRAGMA user_version = 999;")
        .unwrap();
    drop(conn);
    let err = cli.fails(&["restore", future.to_str().unwrap()]);
    assert!(err.contains("schema version 999"), "{err}");
    // Nothing was replaced.
    cli.ok(&["round", "list"]);
}

#[test]
fn a_database_cut_in_half_is_named_at_start_with_the_command_that_restores_it() {
    let cli = Cli::new();
    let round = round_with_member(&cli);
    // Enough rows that half the file holds tables, not only the schema.
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
    truncate_to_half(cli.dir());
    let err = cli.fails(&["member", "list", "--round", &round]);
    assert!(err.contains("is damaged"), "{err}");
    let command = err
        .lines()
        .find_map(|l| l.split("restore it with: ").nth(1))
        .unwrap_or_else(|| panic!("no restore command in:\n{err}"));
    // Run exactly what it says (minus the program name).
    let args: Vec<String> = command
        .split_whitespace()
        .skip(1)
        .map(|a| a.trim_matches('\'').to_string())
        .collect();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_ocop-council"))
        .args(&args)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(member_count(&cli, &round), 31);
    let kept = cli.json(&["backup", "list", "--json"]);
    assert!(
        kept.as_array()
            .unwrap()
            .iter()
            .any(|b| b["reason"] == "damaged" || b["reason"] == "before-restore"),
        "{kept}"
    );
}

#[test]
fn verify_runs_sqlite_checks_and_reports_a_rollback() {
    let cli = Cli::new();
    let round = round_with_member(&cli);
    let report = cli.json(&["verify", "--round", &round, "--json"]);
    let names: Vec<&str> = report["checks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["name"].as_str().unwrap())
        .collect();
    assert!(names.contains(&"database integrity"), "{names:?}");
    assert!(names.contains(&"rollback"), "{names:?}");

    // An old copy put back by hand (what a lost -wal file amounts to).
    let old = cli.dir().join("old.sqlite3");
    std::fs::copy(cli.dir().join(DATABASE_FILE), &old).unwrap();
    cli.id(&[
        "member",
        "add",
        "--round",
        &round,
        "--name",
        "Trần Thị Bình",
        "--role",
        "member",
    ]);
    std::fs::copy(&old, cli.dir().join(DATABASE_FILE)).unwrap();
    let err = cli.fails(&["verify", "--round", &round]);
    assert!(err.contains("rollback"), "{err}");
}

#[test]
fn verify_names_a_dangling_reference() {
    let cli = Cli::new();
    let round = round_with_member(&cli);
    {
        let conn = rusqlite::Connection::open(cli.dir().join(DATABASE_FILE)).unwrap();
        conn.execute_batch("PRAGMA foreign_keys = OFF; UPDATE members SET round_id = 999;")
            .unwrap_or(());
    }
    let err = cli.fails(&["verify", "--round", &round]);
    assert!(err.contains("missing") || err.contains("does not"), "{err}");
}

#[test]
fn a_migration_is_preceded_by_a_backup() {
    let dir = tempfile::tempdir().unwrap();
    let conn = rusqlite::Connection::open(dir.path().join(DATABASE_FILE)).unwrap();
    for sql in [
        include_str!("../../src/store/sql/0001_initial.sql"),
        include_str!("../../src/store/sql/0002_dossiers.sql"),
    ] {
        conn.execute_batch(sql).unwrap();
    }
    conn.pragma_update(None, "user_version", 2).unwrap();
    drop(conn);
    drop(Session::open(dir.path()).unwrap());
    let names: Vec<String> = std::fs::read_dir(dir.path().join("backups"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(
        names.iter().any(|n| n.ends_with("-migration-v2.sqlite3")),
        "{names:?}"
    );
}

#[test]
fn finalizing_backs_up_before_and_after() {
    let cli = Cli::new();
    let round = round_with_member(&cli);
    // Reopen needs a finalized round; a backup before it is enough to show the hook.
    let err = cli.fails(&[
        "round",
        "finalize",
        "--round",
        &round,
        "--decision",
        "1/QĐ",
        "--date",
        "2026-06-30",
        "--signatory",
        "A",
    ]);
    assert!(!err.is_empty());
    let list = cli.json(&["backup", "list", "--json"]);
    assert!(
        list.as_array()
            .unwrap()
            .iter()
            .any(|b| b["reason"] == format!("finalize-r{round}")),
        "{list}"
    );
}

#[test]
fn a_mistyped_data_folder_is_reported_not_created() {
    let parent = tempfile::tempdir().unwrap();
    let missing = parent.path().join("ocop-dataa");
    let run = |extra: &[&str]| {
        std::process::Command::new(env!("CARGO_BIN_EXE_ocop-council"))
            .arg("--data-dir")
            .arg(&missing)
            .args(extra)
            .env_remove("OCOP_COUNCIL_DATA")
            .output()
            .unwrap()
    };
    let out = run(&["round", "list"]);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("does not exist") && err.contains("--create"),
        "{err}"
    );
    assert!(!missing.exists());
    let out = run(&["--create", "round", "list"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(missing.join(DATABASE_FILE).is_file());
}
