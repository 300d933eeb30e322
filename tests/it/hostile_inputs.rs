//! Hostile inputs the data-safety issue found getting through: a secretary's sheet,
//! a criterion twice, `sheet template`'s own output, weak keys, control characters
//! in names, outputs onto devices and links, inputs that never end.

use crate::backup::round_with_member;
use crate::common::{Cli, Pick, answers, sheet, sheet_file};

#[test]
fn the_output_of_sheet_template_imports_as_a_draft() {
    let cli = Cli::new();
    let round = round_with_member(&cli);
    let product = cli.id(&[
        "product",
        "add",
        "--round",
        &round,
        "--name",
        "Mật ong",
        "--set",
        "4",
        "--producer",
        "HTX",
    ]);
    cli.ok(&[
        "--by", "1", "round", "advance", "--round", &round, "--to", "scoring",
    ]);
    let template = cli.ok(&[
        "sheet",
        "template",
        "--round",
        &round,
        "--product",
        &product.to_string(),
        "--member",
        "1",
    ]);
    let path = cli.dir().join("template.json");
    // As Notepad would save it: a byte-order mark and Windows line endings.
    let mut bytes = b"\xEF\xBB\xBF".to_vec();
    bytes.extend_from_slice(template.replace('\n', "\r\n").as_bytes());
    std::fs::write(&path, bytes).unwrap();
    let out = cli.ok(&["sheet", "import", path.to_str().unwrap()]);
    assert!(!out.is_empty());
}

#[test]
fn the_secretarys_sheet_is_refused_by_sheet_import() {
    let cli = Cli::new();
    let round = round_with_member(&cli);
    let secretary = cli.id(&[
        "member",
        "add",
        "--round",
        &round,
        "--name",
        "Thư Ký",
        "--role",
        "secretary",
    ]);
    let product = cli.id(&[
        "product",
        "add",
        "--round",
        &round,
        "--name",
        "Mật ong",
        "--set",
        "4",
        "--producer",
        "HTX",
    ]);
    cli.ok(&[
        "--by", "1", "round", "advance", "--round", &round, "--to", "scoring",
    ]);
    let r: i64 = round.parse().unwrap();
    let file = cli.write(
        "secretary.json",
        &sheet_file(
            r,
            product,
            secretary,
            answers(&sheet(4), Pick::Best, &[]),
            true,
        ),
    );
    let err = cli.fails(&["sheet", "import", file.to_str().unwrap()]);
    assert!(err.contains("does not vote"), "{err}");
}

#[test]
fn a_criterion_twice_in_a_sheet_file_is_refused_by_name() {
    let cli = Cli::new();
    let path = cli.dir().join("dup.json");
    std::fs::write(
        &path,
        r#"{"format": "ocop-member-sheet/1", "round": 1, "product": 1, "member": 1,
            "answers": {"A.1.a": "A.1.a.1", "A.1.a": "A.1.a.2"}, "submitted": false}"#,
    )
    .unwrap();
    let err = cli.fails(&["sheet", "import", path.to_str().unwrap()]);
    assert!(err.contains("\"A.1.a\" appears twice"), "{err}");
}

#[test]
fn weak_keys_and_control_characters() {
    let cli = Cli::new();
    let round = round_with_member(&cli);
    let identity = format!("01{}", "00".repeat(31));
    let err = cli.fails(&["member", "set-key", "--member", "1", "--key", &identity]);
    assert!(err.contains("weak"), "{err}");
    cli.id(&[
        "product",
        "add",
        "--round",
        &round,
        "--name",
        "Bánh\u{1b}[2J pía",
        "--set",
        "6",
        "--producer",
        "HTX",
    ]);
    let out = cli.ok(&["product", "list", "--round", &round]);
    assert!(!out.contains('\u{1b}'), "{out:?}");
    assert!(out.contains("\\u{1b}[2J"), "{out}");
}

#[cfg(unix)]
#[test]
fn outputs_refuse_devices_and_links() {
    let cli = Cli::new();
    let round = round_with_member(&cli);
    let err = cli.fails(&[
        "export",
        "--round",
        &round,
        "--format",
        "json",
        "--out",
        "/dev/null",
    ]);
    assert!(err.contains("device"), "{err}");
    let target = cli.dir().join("keep.json");
    std::fs::write(&target, b"keep").unwrap();
    let link = cli.dir().join("link.json");
    std::os::unix::fs::symlink(&target, &link).unwrap();
    let err = cli.fails(&[
        "export",
        "--round",
        &round,
        "--format",
        "json",
        "--out",
        link.to_str().unwrap(),
    ]);
    assert!(err.contains("symbolic link"), "{err}");
    assert_eq!(std::fs::read(&target).unwrap(), b"keep");
}

#[cfg(unix)]
#[test]
fn inputs_refuse_devices_before_reading() {
    let cli = Cli::new();
    round_with_member(&cli);
    let err = cli.fails(&["sheet", "import", "/dev/zero"]);
    assert!(err.contains("not a regular file"), "{err}");
    let err = cli.fails(&["criteria", "check", "/dev/zero"]);
    assert!(err.contains("not a regular file"), "{err}");
}
