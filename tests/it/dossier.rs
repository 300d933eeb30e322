//! Dossiers end to end: export → import round-trips facts and file hashes, a
//! re-import changes nothing, a changed bundle becomes version 2 beside version 1,
//! orphans of a killed import are swept, loose files import, and the demo round
//! loads on an empty data folder with scored and unscored products.

use std::path::{Path, PathBuf};

use crate::common::Cli;
use ocop_council::app::Session;
use ocop_council::app::dossier::{self, DossierView, LooseFile};
use ocop_council::domain::dossier::{
    DossierFacts, DossierProducer, EvidenceKind, ProducerType, RegistrationType,
};
use ocop_council::domain::ids::{ProductId, RoundId};
use ocop_council::store::DossierSaveKind;
use serde_json::Value;

fn samples() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/samples")
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// What must survive a round trip: facts, self-assessment, and per file its
/// path, kind, title, criteria, size, media type and hash.
fn essence(view: &DossierView) -> Value {
    serde_json::json!({
        "facts": view.dossier.facts,
        "self_assessment": view.dossier.self_assessment,
        "files": view.files,
    })
}

fn view(data: &Path, product: i64) -> DossierView {
    let session = Session::open(data).unwrap();
    dossier::dossier_view(&session, ProductId(product))
        .unwrap()
        .expect("a dossier")
}

#[test]
fn export_then_import_round_trips_exactly_and_reimport_changes_nothing() {
    let a = Cli::new();
    let round_a = a.id(&["round", "create", "--name", "Đợt A"]).to_string();
    let sample = samples().join("04-banh-pia-vung-thom");
    let product = a.id(&[
        "dossier",
        "import",
        sample.to_str().unwrap(),
        "--round",
        &round_a,
    ]);
    let original = view(a.dir(), product);
    assert_eq!(original.files.len(), 9);
    assert!(original.dossier.self_assessment.is_some());

    let out = tempfile::tempdir().unwrap();
    for name in ["pia.zip", "pia-folder"] {
        let target = out.path().join(name);
        let printed = a.ok(&[
            "dossier",
            "export",
            &product.to_string(),
            "--out",
            target.to_str().unwrap(),
        ]);
        assert_eq!(printed.trim(), target.display().to_string());
        // No temporary leftovers beside the export.
        let names: Vec<String> = std::fs::read_dir(out.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        assert!(names.iter().all(|n| !n.contains("partial")), "{names:?}");

        // Into another data folder: the same facts and hashes.
        let b = Cli::new();
        let round_b = b.id(&["round", "create", "--name", "Đợt B"]).to_string();
        let imported = b.id(&[
            "dossier",
            "import",
            target.to_str().unwrap(),
            "--round",
            &round_b,
        ]);
        assert_eq!(
            essence(&view(b.dir(), imported)),
            essence(&original),
            "{name}"
        );

        // Into the original round: recognised, nothing changes.
        let list_before = a.json(&["dossier", "list", "--round", &round_a, "--json"]);
        let products_before = a.json(&["product", "list", "--round", &round_a, "--json"]);
        let again = a.run(&[
            "dossier",
            "import",
            target.to_str().unwrap(),
            "--round",
            &round_a,
        ]);
        assert!(again.status.success());
        assert_eq!(
            String::from_utf8_lossy(&again.stdout).trim(),
            product.to_string()
        );
        assert!(String::from_utf8_lossy(&again.stderr).contains("already imported"));
        assert_eq!(
            a.json(&["dossier", "list", "--round", &round_a, "--json"]),
            list_before
        );
        assert_eq!(
            a.json(&["product", "list", "--round", &round_a, "--json"]),
            products_before
        );
        assert_eq!(view(a.dir(), product).versions.len(), 1);
    }
    // Exporting onto an existing name is refused.
    let err = a.fails(&[
        "dossier",
        "export",
        &product.to_string(),
        "--out",
        out.path().join("pia.zip").to_str().unwrap(),
    ]);
    assert!(err.contains("already exists"), "{err}");
}

#[test]
fn a_changed_bundle_becomes_version_2_and_version_1_stays_viewable() {
    let cli = Cli::new();
    let round = cli
        .id(&["round", "create", "--name", "Đợt phiên bản"])
        .to_string();
    let work = tempfile::tempdir().unwrap();
    let bundle = work.path().join("mat-ong");
    copy_dir(&samples().join("05-mat-ong-cu-lao-dung"), &bundle);
    let bundle_v1 = work.path().join("mat-ong-v1");
    copy_dir(&samples().join("05-mat-ong-cu-lao-dung"), &bundle_v1);
    let product = cli.id(&[
        "dossier",
        "import",
        bundle.to_str().unwrap(),
        "--round",
        &round,
    ]);
    let v1 = view(cli.dir(), product);

    // The producer updates the story; the same product (same name and producer).
    let story = bundle.join("cau-chuyen-san-pham.txt");
    let mut text = std::fs::read_to_string(&story).unwrap();
    text.push_str("Năm 2026 tổ hợp tác có thêm 12 hộ nuôi ong.\n");
    std::fs::write(&story, text).unwrap();
    let again = cli.id(&[
        "dossier",
        "import",
        bundle.to_str().unwrap(),
        "--round",
        &round,
    ]);
    assert_eq!(
        again, product,
        "a changed dossier is a new version of the same product"
    );

    let v2 = view(cli.dir(), product);
    assert_eq!(v2.dossier.version, 2);
    assert_eq!(v2.versions.len(), 2);
    assert!(v2.is_latest());
    let story_hash = |v: &DossierView| {
        v.files
            .iter()
            .find(|f| f.path == "cau-chuyen-san-pham.txt")
            .unwrap()
            .sha256
            .clone()
    };
    assert_ne!(story_hash(&v1), story_hash(&v2));

    let session = Session::open(cli.dir()).unwrap();
    let old = dossier::dossier_version_view(&session, v1.dossier.id).unwrap();
    assert_eq!(old.dossier.version, 1);
    assert!(!old.is_latest());
    assert_eq!(essence(&old), essence(&v1));
    // Both versions' files are still in the store and open.
    for hash in [story_hash(&v1), story_hash(&v2)] {
        let path = dossier::attachment_path(&session, &hash).unwrap().unwrap();
        assert!(
            std::fs::read_to_string(path)
                .unwrap()
                .contains("Cù Lao Dung")
        );
    }
    assert!(
        dossier::attachment_path(&session, &"0".repeat(64))
            .unwrap()
            .is_none()
    );
    let audit = session
        .store
        .audit_log(RoundId(round.parse().unwrap()))
        .unwrap();
    let imports: Vec<_> = audit
        .iter()
        .filter(|e| e.action == "dossier.import")
        .collect();
    assert_eq!(imports.len(), 2);
    assert_eq!(imports[1].old_value.as_deref(), Some("version 1"));
    assert!(
        session
            .store
            .verify_audit_chain(RoundId(round.parse().unwrap()))
            .unwrap()
            .is_ok()
    );
    drop(session);

    // Re-importing version 1's content changes nothing.
    let before = cli.json(&["dossier", "list", "--round", &round, "--json"]);
    let same = cli.id(&[
        "dossier",
        "import",
        bundle_v1.to_str().unwrap(),
        "--round",
        &round,
    ]);
    assert_eq!(same, product);
    let list = cli.json(&["dossier", "list", "--round", &round, "--json"]);
    assert_eq!(list, before);
    assert_eq!(list.as_array().unwrap().len(), 1);
    assert_eq!(list[0]["version"], 2);
}

#[test]
fn orphans_of_a_killed_import_are_swept_when_a_session_opens() {
    let cli = Cli::new();
    let round = cli
        .id(&["round", "create", "--name", "Đợt sweep"])
        .to_string();
    let sample = samples().join("07-gio-luc-binh-long-phu");
    cli.id(&[
        "dossier",
        "import",
        sample.to_str().unwrap(),
        "--round",
        &round,
    ]);
    let session = Session::open(cli.dir()).unwrap();
    let store = session.attachments();
    let kept = store.list();
    assert_eq!(kept.len(), 6);
    // What a kill between the blob writes and the commit leaves behind.
    let lock = store.lock_for_writing().unwrap();
    let orphan = b"%PDF-1.4 never committed";
    let sha = hex::encode(<sha2::Sha256 as sha2::Digest>::digest(orphan));
    store
        .put(&lock, &mut &orphan[..], &sha, 100, &mut |_| {})
        .unwrap();
    std::fs::write(
        store.root().join("tmp").join("999-0-deadbeef.part"),
        b"half",
    )
    .unwrap();
    drop(lock);
    drop(session);
    assert_eq!(store.list().len(), 7);
    // A later session (GUI start, any CLI command) sweeps them.
    cli.ok(&["round", "list"]);
    assert_eq!(store.list(), kept);
    assert_eq!(
        std::fs::read_dir(store.root().join("tmp")).unwrap().count(),
        0
    );
}

#[test]
fn loose_files_import_with_the_same_checks() {
    let cli = Cli::new();
    let round = RoundId(cli.id(&["round", "create", "--name", "Đợt nhập tay"]));
    let mut session = Session::open(cli.dir()).unwrap();
    let sample = samples().join("09-hanh-tim-vinh-chau");
    let other = tempfile::tempdir().unwrap();
    // Two picked files with the same name from different folders.
    std::fs::copy(
        sample.join("phieu-dang-ky.pdf"),
        other.path().join("chung-nhan-attp.pdf"),
    )
    .unwrap();
    let facts = DossierFacts {
        registration_type: RegistrationType::New,
        product_name: "Hành tím sấy giòn".into(),
        product_set: 10,
        product_code: None,
        producer: DossierProducer {
            name: "Hộ kinh doanh Sơn Thị Mai".into(),
            producer_type: ProducerType::Household,
            legal_representative: "Sơn Thị Mai".into(),
            address: "Ấp Huỳnh Thu".into(),
            province: "Sóc Trăng".into(),
            commune: "Phường Khánh Hòa".into(),
            phone: None,
        },
        sample_count: 5,
        previous_star: None,
        certificate_number: None,
        fictional: true,
        commune_report: None,
    };
    let file = |path: PathBuf, kind| LooseFile {
        path,
        kind,
        title: None,
        criteria: vec![],
    };
    let files = vec![
        file(
            sample.join("chung-nhan-attp.pdf"),
            EvidenceKind::FoodSafetyCertificate,
        ),
        file(
            other.path().join("chung-nhan-attp.pdf"),
            EvidenceKind::Other,
        ),
        file(sample.join("anh/nhan-san-pham.png"), EvidenceKind::Label),
    ];
    let actor = crate::common::office();
    let outcome = dossier::import_loose_files(
        &mut session,
        round,
        &facts,
        None,
        &files,
        &actor,
        &mut |_| {},
    )
    .unwrap()
    .unwrap();
    assert_eq!(outcome.kind, DossierSaveKind::NewProduct);
    let view = dossier::dossier_view(&session, outcome.product)
        .unwrap()
        .unwrap();
    let names: Vec<&str> = view.files.iter().map(|f| f.path.as_str()).collect();
    assert_eq!(
        names,
        [
            "chung-nhan-attp.pdf",
            "chung-nhan-attp (2).pdf",
            "nhan-san-pham.png"
        ]
    );
    assert!(view.files[2].is_image());
    assert_eq!(view.dossier.facts, facts);

    // A mislabelled pick is refused like in a bundle, naming the file.
    let photo = sample.join("anh/anh-san-pham.jpg");
    let renamed = other.path().join("nhan.pdf");
    std::fs::copy(&photo, &renamed).unwrap();
    let report = dossier::import_loose_files(
        &mut session,
        round,
        &facts,
        None,
        &[file(renamed, EvidenceKind::Label)],
        &actor,
        &mut |_| {},
    )
    .unwrap()
    .unwrap_err();
    assert!(
        report.problems[0]
            .to_string()
            .contains("nhan.pdf: content does not match its extension"),
        "{:?}",
        report.problems
    );
}

#[test]
fn demo_load_on_an_empty_data_folder_gives_scored_and_unscored_products() {
    let cli = Cli::new();
    let round = cli.id(&["demo", "load"]).to_string();
    let results = cli.json(&["results", "--round", &round, "--format", "json"]);
    let products = results["products"].as_array().unwrap();
    assert!(products.len() >= 8, "{}", products.len());
    let state = |p: &Value| p["state"].as_str().unwrap().to_string();
    let scored = products.iter().filter(|p| state(p) != "not-scored").count();
    let unscored = products.iter().filter(|p| state(p) == "not-scored").count();
    assert!(
        scored >= 3 && unscored >= 3,
        "scored {scored}, unscored {unscored}"
    );
    assert!(
        products.iter().any(|p| p["spread_flag"] == true),
        "one product's spread exceeds 10"
    );
    assert!(
        products.iter().any(|p| p["band"]
            .as_u64()
            .is_some_and(|band| p["stars"].as_u64().unwrap() < band)),
        "one product is capped by a star mark"
    );
    assert!(
        products
            .iter()
            .any(|p| state(p) == "final" && p["stars"] == 4)
    );
    let sets: std::collections::BTreeSet<u64> = products
        .iter()
        .map(|p| p["product_set"].as_u64().unwrap())
        .collect();
    assert!(sets.len() >= 5, "{sets:?}");

    let members = cli.json(&["member", "list", "--round", &round, "--json"]);
    let members = members.as_array().unwrap();
    assert_eq!(members.len(), 8);
    assert_eq!(members.iter().filter(|m| m["voting"] == true).count(), 7);

    let list = cli.json(&["dossier", "list", "--round", &round, "--json"]);
    let list = list.as_array().unwrap();
    assert_eq!(list.len(), products.len());
    assert!(list.iter().all(|d| d["fictional"] == true));
    assert!(
        list.iter().any(|d| d["hard_conditions_missing"]
            .as_array()
            .unwrap()
            .iter()
            .any(|h| h == "food-safety-certificate")),
        "one sample lacks its food-safety certificate"
    );
}

#[test]
fn every_sample_checks_valid_and_is_fictional() {
    let cli = Cli::new();
    let mut count = 0;
    for entry in std::fs::read_dir(samples()).unwrap() {
        let path = entry.unwrap().path();
        if !path.is_dir() {
            continue;
        }
        let out = cli.ok(&["dossier", "check", path.to_str().unwrap()]);
        assert!(out.contains(", fictional"), "{out}");
        count += 1;
    }
    assert!(count >= 8);
    let bytes: u64 = walk_size(&samples());
    assert!(bytes < 5 * 1024 * 1024, "samples take {bytes} bytes");
}

fn walk_size(dir: &Path) -> u64 {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| {
            let e = e.unwrap();
            if e.file_type().unwrap().is_dir() {
                walk_size(&e.path())
            } else {
                e.metadata().unwrap().len()
            }
        })
        .sum()
}

#[test]
fn a_zip_of_the_folder_itself_imports_like_the_folder() {
    use std::io::Write;
    let cli = Cli::new();
    let round = cli
        .id(&["round", "create", "--name", "Đợt zip"])
        .to_string();
    let sample = samples().join("08-du-lich-con-my-phuoc");
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default();
    fn add(
        zip: &mut zip::ZipWriter<std::io::Cursor<Vec<u8>>>,
        dir: &Path,
        prefix: &str,
        options: zip::write::SimpleFileOptions,
    ) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let entry = entry.unwrap();
            let name = format!("{prefix}/{}", entry.file_name().to_string_lossy());
            if entry.file_type().unwrap().is_dir() {
                zip.add_directory(name.as_str(), options).unwrap();
                add(zip, &entry.path(), &name, options);
            } else {
                zip.start_file(name.as_str(), options).unwrap();
                zip.write_all(&std::fs::read(entry.path()).unwrap())
                    .unwrap();
            }
        }
    }
    add(&mut zip, &sample, "Cồn Mỹ Phước", options);
    // What macOS adds to a zip is skipped, not reported.
    zip.start_file("__MACOSX/Cồn Mỹ Phước/._dossier.json", options)
        .unwrap();
    zip.write_all(b"\0\x05\x16\x07").unwrap();
    let bytes = zip.finish().unwrap().into_inner();
    let path = cli.dir().join("con-my-phuoc.zip");
    std::fs::write(&path, bytes).unwrap();
    let from_zip = cli.id(&[
        "dossier",
        "import",
        path.to_str().unwrap(),
        "--round",
        &round,
    ]);
    // The folder itself has the same content: already imported.
    let from_folder = cli.id(&[
        "dossier",
        "import",
        sample.to_str().unwrap(),
        "--round",
        &round,
    ]);
    assert_eq!(from_zip, from_folder);
    let list = cli.json(&["dossier", "list", "--round", &round, "--json"]);
    assert_eq!(list.as_array().unwrap().len(), 1);
    assert_eq!(list[0]["file_count"], 5);
}

#[test]
fn unknown_rounds_and_products_are_named() {
    let cli = Cli::new();
    let sample = samples().join("01-gao-st25-hoa-tu");
    let err = cli.fails(&[
        "dossier",
        "import",
        sample.to_str().unwrap(),
        "--round",
        "42",
    ]);
    assert!(err.contains("round 42 does not exist"), "{err}");
    let err = cli.fails(&["dossier", "export", "7", "--out", "x.zip"]);
    assert!(err.contains("product 7"), "{err}");
    let err = cli.fails(&["dossier", "check", "/nonexistent/bundle.zip"]);
    assert!(
        err.contains("bundle.zip") && err.contains("cannot open"),
        "{err}"
    );
}
