//! Hostile and malformed dossier bundles: every class is refused with a clear
//! message naming the bundle and the file inside it, and the database file and
//! the attachment store stay byte-for-byte as they were.

use std::collections::BTreeMap;
use std::io::{Cursor, Write};
use std::path::{Path, PathBuf};

use crate::common::Cli;
use ocop_council::app::Session;
use ocop_council::app::dossier::import_bundle_with_limits;
use ocop_council::domain::ids::RoundId;
use ocop_council::exchange::dossier::Limits;
use serde_json::{Value, json};
use sha2::{Digest, Sha256};
use zip::write::SimpleFileOptions;

const PDF: &[u8] =
    b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj << /Type /Catalog >> endobj\ntrailer\n%%EOF\n";
const PNG: &[u8] = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x02\0\0\0\x90wS\xde";

fn manifest(files: &[(&str, &str)]) -> Value {
    json!({
        "format": "ocop-dossier/1",
        "fictional": true,
        "registration_type": "new",
        "product_name": "Bánh pía kiểm thử",
        "product_set": 6,
        "sample_count": 5,
        "producer": {
            "name": "Cơ sở Kiểm Thử", "type": "household", "legal_representative": "Trần Văn Thử",
            "address": "Ấp 1", "province": "Sóc Trăng", "commune": "Xã Phú Tân"
        },
        "files": files.iter().map(|(path, kind)| json!({"path": path, "kind": kind})).collect::<Vec<_>>()
    })
}

fn manifest_bytes(files: &[(&str, &str)]) -> Vec<u8> {
    serde_json::to_vec_pretty(&manifest(files)).unwrap()
}

/// The files of a valid dossier: (path, bytes, kind).
fn valid_files() -> Vec<(&'static str, &'static [u8], &'static str)> {
    vec![
        ("phieu-dang-ky.pdf", PDF, "registration-form"),
        ("anh/nhan.png", PNG, "label"),
    ]
}

fn zip_of(entries: &[(&str, &[u8])]) -> Vec<u8> {
    let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let options = SimpleFileOptions::default();
    for (name, bytes) in entries {
        zip.start_file(*name, options).unwrap();
        zip.write_all(bytes).unwrap();
    }
    zip.finish().unwrap().into_inner()
}

/// A valid zip plus extra entries (listed in the manifest as `extra_kinds`).
fn zip_with(extra: &[(&str, &[u8])], listed_extra: &[(&str, &str)]) -> Vec<u8> {
    let mut listed: Vec<(&str, &str)> = valid_files().iter().map(|(p, _, k)| (*p, *k)).collect();
    listed.extend_from_slice(listed_extra);
    let manifest = manifest_bytes(&listed);
    let mut entries: Vec<(&str, &[u8])> = vec![("dossier.json", &manifest)];
    entries.extend(valid_files().iter().map(|(p, b, _)| (*p, *b)));
    entries.extend_from_slice(extra);
    zip_of(&entries)
}

struct Setup {
    cli: Cli,
    round: String,
    inbox: PathBuf,
}

fn setup() -> Setup {
    let cli = Cli::new();
    let round = cli
        .id(&["round", "create", "--name", "Đợt kiểm thử"])
        .to_string();
    let inbox = cli.dir().join("inbox");
    std::fs::create_dir_all(&inbox).unwrap();
    // The store already holds a dossier, so "unchanged" means something.
    let good = inbox.join("good.zip");
    std::fs::write(&good, zip_with(&[], &[])).unwrap();
    cli.id(&[
        "dossier",
        "import",
        good.to_str().unwrap(),
        "--round",
        &round,
    ]);
    Setup { cli, round, inbox }
}

fn sha_hex(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

/// The database file's hash after a checkpoint, and every file of the
/// attachment store with its hash.
fn snapshot(data: &Path) -> (String, BTreeMap<String, String>) {
    let db = data.join("ocop-council.sqlite3");
    {
        let conn = rusqlite::Connection::open(&db).unwrap();
        conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))
            .unwrap();
    }
    let mut files = BTreeMap::new();
    let mut pending = vec![data.join("attachments")];
    while let Some(dir) = pending.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                pending.push(path);
            } else {
                let relative = path.strip_prefix(data).unwrap().display().to_string();
                files.insert(relative, sha_hex(&std::fs::read(&path).unwrap()));
            }
        }
    }
    assert!(
        files.keys().any(|k| k.contains("sha256")),
        "the store should hold the good dossier's blobs: {files:?}"
    );
    (sha_hex(&std::fs::read(&db).unwrap()), files)
}

/// Imports `path`, expects a refusal whose lines contain every `needles` (with the
/// bundle's name), and checks nothing changed.
fn refused(s: &Setup, path: &Path, needles: &[&str]) -> String {
    let before = snapshot(s.cli.dir());
    let stderr = s.cli.fails(&[
        "dossier",
        "import",
        path.to_str().unwrap(),
        "--round",
        &s.round,
    ]);
    let bundle = path.file_name().unwrap().to_str().unwrap();
    for needle in needles {
        assert!(
            stderr
                .lines()
                .any(|l| l.contains(needle) && l.contains(bundle)),
            "expected a line with {needle:?} naming {bundle}; got:\n{stderr}"
        );
    }
    assert_eq!(
        snapshot(s.cli.dir()),
        before,
        "the database or the attachment store changed after refusing {bundle}"
    );
    stderr
}

fn write(s: &Setup, name: &str, bytes: &[u8]) -> PathBuf {
    let path = s.inbox.join(name);
    std::fs::write(&path, bytes).unwrap();
    path
}

#[test]
fn path_traversal_absolute_drive_and_unc_names_are_refused() {
    let s = setup();
    let zip = zip_with(
        &[
            ("../evil.txt", b"x"),
            ("/etc/evil.txt", b"x"),
            ("C:/Windows/evil.txt", b"x"),
            ("\\\\server\\share\\evil.txt", b"x"),
        ],
        &[],
    );
    let stderr = refused(
        &s,
        &write(&s, "traversal.zip", &zip),
        &[
            "../evil.txt: contains \"..\"",
            "/etc/evil.txt: is an absolute path",
            "C:/Windows/evil.txt: is a Windows drive path",
            "is a network (UNC) path",
        ],
    );
    // Every problem at once: four lines, not the first only.
    assert_eq!(stderr.lines().count(), 4, "{stderr}");
    // The manifest may not point outside either.
    let manifest = manifest_bytes(&[("../../etc/passwd", "other")]);
    let zip = zip_of(&[("dossier.json", &manifest)]);
    refused(
        &s,
        &write(&s, "manifest-traversal.zip", &zip),
        &["files[0].path \"../../etc/passwd\" contains \"..\""],
    );
}

#[test]
fn symlinks_are_refused_in_zips_and_folders() {
    let s = setup();
    let manifest = manifest_bytes(&[
        ("phieu-dang-ky.pdf", "registration-form"),
        ("link.pdf", "other"),
    ]);
    let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
    zip.start_file("dossier.json", SimpleFileOptions::default())
        .unwrap();
    zip.write_all(&manifest).unwrap();
    zip.start_file("phieu-dang-ky.pdf", SimpleFileOptions::default())
        .unwrap();
    zip.write_all(PDF).unwrap();
    zip.add_symlink("link.pdf", "/etc/passwd", SimpleFileOptions::default())
        .unwrap();
    let zip = zip.finish().unwrap().into_inner();
    refused(
        &s,
        &write(&s, "symlink.zip", &zip),
        &["link.pdf: is a symbolic link"],
    );

    // Making a symlink on Windows needs a privilege tests do not have.
    #[cfg(unix)]
    {
        let folder = s.inbox.join("symlink-folder");
        std::fs::create_dir_all(&folder).unwrap();
        std::fs::write(folder.join("dossier.json"), &manifest).unwrap();
        std::fs::write(folder.join("phieu-dang-ky.pdf"), PDF).unwrap();
        std::os::unix::fs::symlink("/etc/passwd", folder.join("link.pdf")).unwrap();
        refused(&s, &folder, &["link.pdf: is a symbolic link"]);
    }
}

#[test]
fn a_zip_bomb_is_stopped_by_the_bytes_actually_read() {
    let s = setup();
    // 40 MiB of zeros deflate to ~40 KiB: a ratio of ~1000:1.
    let zeros = vec![0u8; 40 * 1024 * 1024];
    let zip = zip_with(&[("bomb.pdf", &zeros)], &[("bomb.pdf", "other")]);
    assert!(zip.len() < 200_000);
    refused(
        &s,
        &write(&s, "bomb.zip", &zip),
        &["bomb.pdf: expands from"],
    );
}

#[test]
fn duplicate_names_exact_by_case_and_by_unicode_form_are_refused() {
    let s = setup();
    // The zip writer refuses a duplicate, so write two names and make them equal.
    let mut zip = zip_with(
        &[("dup-a.txt", b"one"), ("dup-b.txt", b"two")],
        &[("dup-a.txt", "other")],
    );
    let (from, to) = (b"dup-b.txt", b"dup-a.txt");
    let mut i = 0;
    while i + from.len() <= zip.len() {
        if &zip[i..i + from.len()] == from {
            zip[i..i + to.len()].copy_from_slice(to);
        }
        i += 1;
    }
    refused(
        &s,
        &write(&s, "duplicate.zip", &zip),
        &["holds two entries with the same name"],
    );

    let zip = zip_with(
        &[("Ghi-chu.txt", b"one"), ("ghi-chu.TXT", b"two")],
        &[("Ghi-chu.txt", "other")],
    );
    refused(
        &s,
        &write(&s, "case-duplicate.zip", &zip),
        &["ghi-chu.TXT: has the same name as \"Ghi-chu.txt\""],
    );

    let nfc = "nhãn.txt";
    let nfd = "nha\u{303}n.txt";
    let zip = zip_with(&[(nfc, b"one"), (nfd, b"two")], &[(nfc, "other")]);
    refused(
        &s,
        &write(&s, "nfd-duplicate.zip", &zip),
        &["has the same name as \"nhãn.txt\""],
    );
}

#[test]
fn missing_and_unlisted_files_are_both_reported() {
    let s = setup();
    let zip = zip_with(&[("thua.pdf", PDF)], &[("thieu.pdf", "test-report")]);
    refused(
        &s,
        &write(&s, "missing-unlisted.zip", &zip),
        &[
            "thieu.pdf: is listed in dossier.json but is not in the bundle",
            "thua.pdf: is in the bundle but not listed in dossier.json",
        ],
    );
}

#[test]
fn bad_json_non_utf8_missing_fields_and_unknown_sets_are_refused() {
    let s = setup();
    let zip = zip_of(&[(
        "dossier.json",
        b"{\n  \"format\": \"ocop-dossier/1\",\n  \"product_set\": 6,,\n}",
    )]);
    refused(
        &s,
        &write(&s, "bad-json.zip", &zip),
        &["dossier.json: invalid JSON (line 3"],
    );

    let mut latin1 = manifest_bytes(&[]);
    let at = latin1.windows(2).position(|w| w == "á".as_bytes()).unwrap();
    latin1.splice(at..at + 2, [0xe1]); // "á" in Latin-1
    let zip = zip_of(&[("dossier.json", &latin1)]);
    refused(
        &s,
        &write(&s, "latin1.zip", &zip),
        &["dossier.json: not UTF-8 text (invalid byte 0xe1"],
    );

    let mut incomplete = manifest(&[("phieu-dang-ky.pdf", "registration-form")]);
    incomplete.as_object_mut().unwrap().remove("product_name");
    incomplete["producer"]
        .as_object_mut()
        .unwrap()
        .remove("commune");
    incomplete["product_set"] = 27.into();
    let bytes = serde_json::to_vec(&incomplete).unwrap();
    let zip = zip_of(&[("dossier.json", &bytes), ("phieu-dang-ky.pdf", PDF)]);
    refused(
        &s,
        &write(&s, "incomplete.zip", &zip),
        &[
            "dossier.json: missing required field \"product_name\"",
            "dossier.json: missing required field \"producer.commune\"",
            "dossier.json: product_set 27 is not a product set of criteria set qd148-2023 of round",
        ],
    );
}

#[test]
fn mislabelled_unsupported_and_oversized_files_are_refused() {
    let s = setup();
    let mut elf = b"\x7fELF\x02\x01\x01\0".to_vec();
    elf.resize(4096, 0);
    let zip = zip_with(
        &[
            ("giay-attp.pdf", PNG),
            ("setup.exe", &elf),
            ("anh.jpg", &elf),
        ],
        &[
            ("giay-attp.pdf", "food-safety-certificate"),
            ("setup.exe", "other"),
            ("anh.jpg", "photo"),
        ],
    );
    refused(
        &s,
        &write(&s, "types.zip", &zip),
        &[
            "giay-attp.pdf: content does not match its extension: the name says .pdf (application/pdf) but the content is an image (image/png)",
            "setup.exe: unsupported file type \".exe\"",
            "anh.jpg: content does not match its extension",
        ],
    );

    // Too large: a sparse 101 MiB file costs no disk and is refused before reading.
    let folder = s.inbox.join("too-large");
    std::fs::create_dir_all(&folder).unwrap();
    std::fs::write(
        folder.join("dossier.json"),
        manifest_bytes(&[("scan.pdf", "registration-form")]),
    )
    .unwrap();
    let big = std::fs::File::create(folder.join("scan.pdf")).unwrap();
    big.set_len(101 * 1024 * 1024).unwrap();
    refused(
        &s,
        &folder,
        &["scan.pdf: is 105906176 bytes, more than the limit of 104857600 bytes per file"],
    );
}

#[test]
fn total_size_and_file_count_limits_hold() {
    let s = setup();
    let data = s.cli.dir().to_path_buf();
    let zip = zip_with(
        &[("a.txt", b"tam tam tam"), ("b.txt", b"bon bon bon")],
        &[("a.txt", "other"), ("b.txt", "other")],
    );
    let path = write(&s, "limits.zip", &zip);
    let before = snapshot(&data);
    let mut session = Session::open(&data).unwrap();
    let actor = crate::common::office();
    let round = RoundId(s.round.parse().unwrap());
    let small_total = Limits {
        max_total_bytes: 64,
        ..Limits::DEFAULT
    };
    let report = import_bundle_with_limits(&mut session, &path, round, &actor, &small_total)
        .unwrap()
        .unwrap_err();
    assert!(
        report.problems.iter().any(|p| p
            .to_string()
            .contains("limits.zip: its files together exceed the limit of 64 bytes")),
        "{:?}",
        report.problems
    );
    let few_files = Limits {
        max_files: 3,
        ..Limits::DEFAULT
    };
    let report = import_bundle_with_limits(&mut session, &path, round, &actor, &few_files)
        .unwrap()
        .unwrap_err();
    assert!(
        report.problems[0]
            .to_string()
            .contains("dossier.json: lists 4 files, more than the limit of 3"),
        "{:?}",
        report.problems
    );
    let few_entries = Limits {
        max_entries: 4,
        ..Limits::DEFAULT
    };
    let report = import_bundle_with_limits(&mut session, &path, round, &actor, &few_entries)
        .unwrap()
        .unwrap_err();
    assert!(
        report.problems[0].to_string().contains("holds 5 entries"),
        "{:?}",
        report.problems
    );
    drop(session);
    assert_eq!(snapshot(&data), before);
}

#[test]
fn check_validates_without_writing_and_sets_the_exit_code() {
    let s = setup();
    let good = write(&s, "check-good.zip", &zip_with(&[], &[]));
    let before = snapshot(s.cli.dir());
    let out = s.cli.ok(&["dossier", "check", good.to_str().unwrap()]);
    assert!(out.contains("check-good.zip: valid"), "{out}");
    // Same content as the imported good.zip: the round knows it.
    let out = s.cli.ok(&[
        "dossier",
        "check",
        good.to_str().unwrap(),
        "--round",
        &s.round,
    ]);
    assert!(out.contains("already imported as product 1"), "{out}");
    assert!(out.contains("MISSING HARD CONDITION"), "{out}");
    let bad = write(&s, "check-bad.zip", &zip_with(&[("thua.pdf", PDF)], &[]));
    let err = s.cli.fails(&["dossier", "check", bad.to_str().unwrap()]);
    assert!(
        err.contains("check-bad.zip: thua.pdf: is in the bundle but not listed"),
        "{err}"
    );
    assert_eq!(snapshot(s.cli.dir()), before);
}

#[test]
fn names_windows_cannot_write_are_refused() {
    let s = setup();
    let zip = zip_with(
        &[("CON.pdf", PDF), ("anh/lpt1.png", PNG)],
        &[("CON.pdf", "other"), ("anh/lpt1.png", "label")],
    );
    let path = write(&s, "windows-names.zip", &zip);
    refused(&s, &path, &["CON.pdf", "lpt1.png", "reserves for a device"]);
}

/// Zip64 is accepted deliberately: the extra field only widens the size fields,
/// and every size limit is enforced on the bytes actually read (zip bombs stay
/// refused); Windows and macOS write Zip64 entries for large or streamed files.
#[test]
fn zip64_entries_are_accepted() {
    let s = setup();
    let manifest = manifest_bytes(&[
        ("phieu-dang-ky.pdf", "registration-form"),
        ("anh/nhan.png", "label"),
    ]);
    let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let options = SimpleFileOptions::default().large_file(true);
    for (name, bytes) in [
        ("dossier.json", &manifest[..]),
        ("phieu-dang-ky.pdf", PDF),
        ("anh/nhan.png", PNG),
    ] {
        zip.start_file(name, options).unwrap();
        zip.write_all(bytes).unwrap();
    }
    let bytes = zip.finish().unwrap().into_inner();
    let path = write(&s, "zip64.zip", &bytes);
    s.cli.ok(&[
        "dossier",
        "check",
        path.to_str().unwrap(),
        "--round",
        &s.round,
    ]);
}

#[cfg(unix)]
#[test]
fn a_named_pipe_is_refused_without_waiting() {
    let s = setup();
    let fifo = s.inbox.join("pipe.zip");
    let status = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap();
    assert!(status.success());
    let err = s.cli.fails(&[
        "dossier",
        "import",
        fifo.to_str().unwrap(),
        "--round",
        &s.round,
    ]);
    assert!(err.contains("not a regular file"), "{err}");
    let err = s.cli.fails(&["sheet", "import", fifo.to_str().unwrap()]);
    assert!(err.contains("not a regular file"), "{err}");
}

/// A manifest of format 1.1 with `report` as its commune report and a scan listed.
fn with_commune_report(report: Value) -> Vec<u8> {
    let mut m = manifest(&[
        ("phieu-dang-ky.pdf", "registration-form"),
        ("bao-cao-xa.pdf", "commune-report"),
    ]);
    m["format"] = "ocop-dossier/1.1".into();
    m["commune_report"] = report;
    let bytes = serde_json::to_vec(&m).unwrap();
    zip_of(&[
        ("dossier.json", &bytes),
        ("phieu-dang-ky.pdf", PDF),
        ("bao-cao-xa.pdf", PDF),
    ])
}

#[test]
fn hostile_commune_reports_are_refused_by_field_and_nothing_is_written() {
    let s = setup();
    let good = json!({
        "commune": "Xã Phú Tân", "report_number": "12/BC-UBND", "report_date": "2026-02-20",
        "signed_by": "Trần Văn Chủ",
        "findings": [{"criterion": "A.1.a", "option": "A.1.a.2"}]
    });
    // Wrong types: a clear JSON message with the field path.
    let mut wrong = good.clone();
    wrong["findings"] = "A.1.a tốt".into();
    refused(
        &s,
        &write(&s, "wrong-type.zip", &with_commune_report(wrong)),
        &["dossier.json: invalid JSON", "commune_report.findings"],
    );
    // An unknown field inside a finding (a misspelt "option").
    let mut misspelt = good.clone();
    misspelt["findings"][0] = json!({"criterion": "A.1.a", "opton": "A.1.a.2"});
    refused(
        &s,
        &write(&s, "misspelt.zip", &with_commune_report(misspelt)),
        &["unknown field `opton`"],
    );
    // Too many findings, and text past the cap.
    let mut many = good.clone();
    many["findings"] = (0..65)
        .map(|_| json!({"criterion": "A.1.a", "text": "x"}))
        .collect::<Vec<_>>()
        .into();
    refused(
        &s,
        &write(&s, "many.zip", &with_commune_report(many)),
        &["commune_report.findings has 65 entries, more than the limit of 64"],
    );
    let mut long = good.clone();
    long["findings"][0]["note"] = "ý".repeat(10_001).into();
    long["signed_by"] = "\u{0}".repeat(3).into();
    let stderr_of_long = refused(
        &s,
        &write(&s, "long.zip", &with_commune_report(long)),
        &[
            "commune_report.findings[0].note is 10001 characters long (at most 10000)",
            "commune_report.signed_by contains the control character U+0000",
        ],
    );
    assert!(!stderr_of_long.contains("missing required field \"commune_report.signed_by\""));
    // A request dated before its report, a date that does not exist, nulls.
    let mut dates = good.clone();
    dates["request_date"] = "2026-02-19".into();
    dates["report_date"] = "2026-02-20".into();
    dates["commune"] = Value::Null;
    refused(
        &s,
        &write(&s, "dates.zip", &with_commune_report(dates)),
        &[
            "commune_report.request_date 2026-02-19 is before the report's date 2026-02-20",
            "missing required field \"commune_report.commune\"",
        ],
    );
    // The same report in a 1.0 manifest: named, not silently dropped.
    let mut old = manifest(&[("phieu-dang-ky.pdf", "registration-form")]);
    old["commune_report"] = good.clone();
    let bytes = serde_json::to_vec(&old).unwrap();
    let zip = zip_of(&[("dossier.json", &bytes), ("phieu-dang-ky.pdf", PDF)]);
    refused(
        &s,
        &write(&s, "old-format.zip", &zip),
        &["commune_report needs format \"ocop-dossier/1.1\""],
    );
    // And the good one imports.
    let path = write(&s, "good.zip", &with_commune_report(good));
    s.cli.ok(&[
        "dossier",
        "import",
        path.to_str().unwrap(),
        "--round",
        &s.round,
    ]);
}
