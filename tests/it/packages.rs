//! A council of laptops end to end (docs/packages.md): a round package recreates the
//! round on another data folder (and a re-import changes nothing), seven members
//! scoring on seven laptops merge to the same results as one machine, forged or
//! misdirected sheets packages are rejected without a write, and resubmissions,
//! replacements and conflicts are reported as the merge rules say.

use crate::common::as_member;
use std::collections::BTreeMap;
use std::io::{Read as _, Write as _};
use std::path::{Path, PathBuf};

use crate::common::laptops::{Laptop, Office, ids_by_uid, import_sheet, office, round_by_uid};
use crate::common::{Cli, answers_totalling};
use ocop_council::app::attachments::AttachmentStore;
use ocop_council::app::package::profile_key;
use ocop_council::domain::criteria::CriterionId;
use ocop_council::domain::ids::{MemberId, ProductId, RoundId};
use ocop_council::exchange::package::sheets::{self as sheets_format, SheetsPayload};
use ocop_council::exchange::signed::{self, KeyPair};
use ocop_council::store::{AnswerChange, Store};
use serde_json::{Value, json};

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

/// Everything about a round that must be the same on both sides, keyed by uid.
fn round_essence(dir: &Path, uid: &str) -> Value {
    let store = Store::open(dir).unwrap();
    let round = store
        .rounds()
        .unwrap()
        .into_iter()
        .find(|r| r.uid == uid)
        .unwrap();
    let members = store.members(round.id).unwrap();
    let member_uid: BTreeMap<MemberId, String> =
        members.iter().map(|m| (m.id, m.uid.clone())).collect();
    let products = store.products(round.id).unwrap();
    let product_uid: BTreeMap<ProductId, String> =
        products.iter().map(|p| (p.id, p.uid.clone())).collect();
    let attachments = AttachmentStore::new(dir);
    json!({
        "round": [round.name, round.level, round.criteria_set_id, round.status,
                  round.starts_on, round.ends_on, round.rules, round.star_marks_binding],
        "criteria": store.raw_snapshots(round.id).unwrap().iter()
            .map(|s| json!([s.product_set, s.hash, s.json.len()])).collect::<Vec<_>>(),
        "members": members.iter()
            .map(|m| json!([m.uid, m.name, m.role, m.voting, m.public_key])).collect::<Vec<_>>(),
        "products": products.iter().map(|p| {
            let dossiers: Vec<Value> = store.dossier_versions(p.id).unwrap().iter().map(|v| {
                let d = store.dossier(v.id).unwrap();
                for f in &d.files {
                    assert_eq!(attachments.size_of(&f.sha256), Some(f.size_bytes), "{}", f.path);
                }
                json!({"version": d.version, "content_hash": d.content_hash, "facts": d.facts,
                       "self_assessment": d.self_assessment, "files": d.files,
                       "imported_at": d.imported_at})
            }).collect();
            json!([p.uid, p.name, p.product_set, p.product_code, p.producer, p.disqualified, dossiers])
        }).collect::<Vec<_>>(),
        "recusals": store.recusals(round.id).unwrap().iter()
            .map(|r| json!([product_uid[&r.product_id], member_uid[&r.member_id], r.reason]))
            .collect::<Vec<_>>(),
    })
}

#[test]
fn a_round_package_recreates_the_round_and_a_newer_one_updates_it() {
    let sec = Cli::new();
    let r = sec.id(&["round", "create", "--name", "Đợt 2/2026 tỉnh Sóc Trăng"]);
    let rs = r.to_string();
    let chair = sec.id(&[
        "member",
        "add",
        "--round",
        &rs,
        "--name",
        "Lâm Văn Chủ",
        "--role",
        "chair",
    ]);
    let m1 = sec.id(&[
        "member",
        "add",
        "--round",
        &rs,
        "--name",
        "Ủy viên Một",
        "--role",
        "member",
    ]);
    sec.ok(&[
        "member",
        "add",
        "--round",
        &rs,
        "--name",
        "Thư Ký",
        "--role",
        "secretary",
    ]);
    // Two dossiers, the second in two versions, and a product without a dossier.
    let honey = samples().join("05-mat-ong-cu-lao-dung");
    let p1 = sec.id(&[
        "dossier",
        "import",
        samples().join("04-banh-pia-vung-thom").to_str().unwrap(),
        "--round",
        &rs,
    ]);
    let p2 = sec.id(&["dossier", "import", honey.to_str().unwrap(), "--round", &rs]);
    let v2 = sec.dir().join("mat-ong-v2");
    copy_dir(&honey, &v2);
    let manifest = v2.join("dossier.json");
    let text = std::fs::read_to_string(&manifest).unwrap();
    let changed = text.replacen("\"sample_count\": ", "\"sample_count\": 1", 1);
    assert_ne!(text, changed);
    std::fs::write(&manifest, changed).unwrap();
    assert_eq!(
        sec.id(&["dossier", "import", v2.to_str().unwrap(), "--round", &rs]),
        p2
    );
    sec.ok(&[
        "product",
        "add",
        "--round",
        &rs,
        "--name",
        "Gạo ST25",
        "--set",
        "3",
        "--producer",
        "HTX Hòa Tú",
    ]);
    sec.ok(&[
        "recuse",
        "--by",
        &m1.to_string(),
        "--round",
        &rs,
        "--member",
        &m1.to_string(),
        "--product",
        &p1.to_string(),
        "--reason",
        "Người nhà của chủ thể",
    ]);
    sec.ok(&[
        "--by",
        "1",
        "product",
        "disqualify",
        "--product",
        &p2.to_string(),
        "--reason",
        "labelling",
        "--note",
        "Nhãn thiếu hạn sử dụng",
    ]);
    let laptop = Laptop::new();
    sec.ok(&[
        "member",
        "set-key",
        "--member",
        &m1.to_string(),
        "--key",
        &laptop.key,
    ]);
    sec.ok(&[
        "--by", "1", "round", "advance", "--round", &rs, "--to", "scoring",
    ]);

    // The chair has no key: sending the package is refused unless allowed.
    let out = sec.dir().join("dot-2.ocop-round");
    let outs = out.to_str().unwrap();
    let err = sec.fails(&["package", "export-round", "--round", &rs, "--out", outs]);
    assert!(
        err.contains("register the public key") && err.contains("Lâm Văn Chủ"),
        "{err}"
    );
    assert!(!out.exists());
    let said = sec.ok(&[
        "package",
        "export-round",
        "--round",
        &rs,
        "--out",
        outs,
        "--allow-missing-keys",
    ]);
    assert!(
        said.contains("3 products") && said.contains("3 dossier versions"),
        "{said}"
    );

    let imported = laptop.import(&out);
    assert!(imported.contains("created"), "{imported}");
    assert!(
        imported.contains("this data folder is member"),
        "{imported}"
    );
    let uid = sec.json(&["round", "list", "--json"])[0]["uid"]
        .as_str()
        .unwrap()
        .to_string();
    let here = laptop.round(&uid);
    assert_eq!(
        round_essence(laptop.cli.dir(), &uid),
        round_essence(sec.dir(), &uid)
    );
    let me: i64 = laptop
        .cli
        .ok(&["package", "whoami", "--round", &here.to_string()])
        .trim()
        .parse()
        .unwrap();
    let m1_uid = ids_by_uid(&sec, "member", r)
        .into_iter()
        .find(|(_, id)| *id == m1)
        .unwrap()
        .0;
    assert_eq!(ids_by_uid(&laptop.cli, "member", here)[&m1_uid], me);
    let verify = laptop.cli.ok(&["verify", "--round", &here.to_string()]);
    assert!(
        !verify.contains("FAIL") && !verify.contains("BROKEN"),
        "{verify}"
    );

    // The same package again: nothing written.
    let audit = |cli: &Cli, round: i64| cli.ok(&["audit", "--round", &round.to_string(), "--json"]);
    let before = audit(&laptop.cli, here);
    let again = laptop.import(&out);
    assert!(again.contains("already up to date"), "{again}");
    assert_eq!(audit(&laptop.cli, here), before);

    // The member starts scoring here; the secretary adds a product (back to setup,
    // as no sheet exists there) and sends a newer package.
    let products = ids_by_uid(&laptop.cli, "product", here);
    let sec_products = ids_by_uid(&sec, "product", r);
    let rice_uid = sec_products
        .iter()
        .find(|(_, id)| **id != p1 && **id != p2)
        .unwrap()
        .0;
    import_sheet(&laptop.cli, here, products[rice_uid], 3, me, 71, true);
    sec.ok(&[
        "--by", "1", "round", "advance", "--round", &rs, "--to", "setup",
    ]);
    sec.ok(&[
        "product",
        "add",
        "--round",
        &rs,
        "--name",
        "Hành tím sấy",
        "--set",
        "10",
        "--producer",
        "HTX Lạc Hòa",
    ]);
    sec.ok(&[
        "--by", "1", "round", "advance", "--round", &rs, "--to", "scoring",
    ]);
    let out2 = sec.dir().join("dot-2-b.ocop-round");
    sec.ok(&[
        "package",
        "export-round",
        "--round",
        &rs,
        "--out",
        out2.to_str().unwrap(),
        "--allow-missing-keys",
    ]);
    let updated = laptop.import(&out2);
    assert!(
        updated.contains("updated") && updated.contains("Hành tím sấy"),
        "{updated}"
    );
    assert_eq!(
        round_essence(laptop.cli.dir(), &uid),
        round_essence(sec.dir(), &uid)
    );
    let local = Store::open(laptop.cli.dir()).unwrap();
    let sheets = local.sheets_of_round(RoundId(here)).unwrap();
    assert_eq!(sheets.len(), 1, "the local sheet survives the update");
    assert_eq!(sheets[0].total_points, 71);
    drop(local);

    // Neither the secretary's own round nor an older package can be rolled back.
    let err = sec.fails(&["package", "import", outs]);
    assert!(err.contains("was created in this data folder"), "{err}");
    let older = sec.dir().join("cu.ocop-round");
    rewrite_zip(&out2, &older, &mut |name: &str, bytes: Vec<u8>| {
        let bytes = if name == "manifest.json" {
            let manifest: Value = serde_json::from_slice(&bytes).unwrap();
            let mut manifest = manifest;
            manifest["exported_at"] = json!("2020-01-01T00:00:00Z");
            serde_json::to_vec(&manifest).unwrap()
        } else {
            bytes
        };
        vec![(name.to_string(), bytes)]
    });
    let before = audit(&laptop.cli, here);
    let err = laptop
        .cli
        .fails(&["package", "import", older.to_str().unwrap()]);
    assert!(err.contains("roll the round back"), "{err}");
    assert_eq!(audit(&laptop.cli, here), before);
    assert!(chair < m1);
}

/// Turns one zip entry (name, bytes) into the entries written instead.
pub(crate) type EntryEdit = dyn FnMut(&str, Vec<u8>) -> Vec<(String, Vec<u8>)>;

/// Rewrites a zip, changing entries through `edit` (name, bytes) → new entries.
pub(crate) fn rewrite_zip(from: &Path, to: &Path, edit: &mut EntryEdit) {
    let mut archive = zip::ZipArchive::new(std::fs::File::open(from).unwrap()).unwrap();
    let mut writer = zip::ZipWriter::new(std::fs::File::create(to).unwrap());
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for i in 0..archive.len() {
        let mut file = archive.by_index(i).unwrap();
        let name = file.name().unwrap().to_string();
        let mut bytes = Vec::new();
        file.read_to_end(&mut bytes).unwrap();
        for (name, bytes) in edit(&name, bytes) {
            writer.start_file(name, options).unwrap();
            writer.write_all(&bytes).unwrap();
        }
    }
    writer.finish().unwrap();
}

#[test]
fn a_hostile_or_altered_round_package_is_refused_and_writes_nothing() {
    let o = office("Đợt kiểm tra", 2, &[4]);
    let r = o.r();
    o.cli.ok(&[
        "dossier",
        "import",
        samples().join("05-mat-ong-cu-lao-dung").to_str().unwrap(),
        "--round",
        &r,
    ]);
    o.advance("scoring");
    o.cli.ok(&[
        "package",
        "export-round",
        "--round",
        &r,
        "--out",
        o.cli.dir().join("ok.ocop-round").to_str().unwrap(),
        "--allow-missing-keys",
    ]);
    let good = o.cli.dir().join("ok.ocop-round");
    let laptop = Laptop::new();
    let cases: Vec<(&str, Box<EntryEdit>, &str)> = vec![
        (
            "altered.ocop-round",
            Box::new(|name: &str, mut bytes: Vec<u8>| {
                if name.starts_with("attachments/") && bytes.len() > 100 {
                    bytes[100] ^= 0x01;
                }
                vec![(name.to_string(), bytes)]
            }),
            "does not match its SHA-256",
        ),
        (
            "traversal.ocop-round",
            Box::new(|name: &str, bytes: Vec<u8>| {
                let mut out = vec![(name.to_string(), bytes)];
                if name == "manifest.json" {
                    out.push(("../../evil.txt".into(), b"pwned".to_vec()));
                }
                out
            }),
            "path traversal",
        ),
        (
            "unlisted.ocop-round",
            Box::new(|name: &str, bytes: Vec<u8>| {
                let mut out = vec![(name.to_string(), bytes)];
                if name == "manifest.json" {
                    out.push(("attachments/extra".into(), b"%PDF-1.4".to_vec()));
                }
                out
            }),
            "not listed",
        ),
        (
            "criteria.ocop-round",
            Box::new(|name: &str, bytes: Vec<u8>| {
                if name.starts_with("criteria/") {
                    let text = String::from_utf8(bytes).unwrap().replacen(
                        "\"points\":",
                        "\"points\": 1",
                        1,
                    );
                    return vec![(name.to_string(), text.into_bytes())];
                }
                vec![(name.to_string(), bytes)]
            }),
            "does not match its SHA-256",
        ),
    ];
    for (file, mut edit, needle) in cases {
        let bad = o.cli.dir().join(file);
        rewrite_zip(&good, &bad, &mut *edit);
        let err = laptop
            .cli
            .fails(&["package", "import", bad.to_str().unwrap()]);
        assert!(err.contains(needle), "{file}: {err}");
        assert_eq!(
            laptop.cli.json(&["round", "list", "--json"]),
            json!([]),
            "{file}"
        );
        assert!(
            AttachmentStore::new(laptop.cli.dir()).list().is_empty(),
            "{file}"
        );
    }
    let err = laptop
        .cli
        .fails(&["package", "import", o.cli.dir().to_str().unwrap()]);
    assert!(err.contains("is a folder"), "{err}");
    // The untouched package still imports.
    assert!(laptop.import(&good).contains("created"));
}

#[test]
fn seven_laptops_merge_to_the_single_machine_result() {
    const SETS: [u8; 3] = [3, 4, 9];
    // The secretary who merges, and one who gets the same sheets typed in directly:
    // built by the same commands, so member and product ids are the same in both.
    let merged = office("Đợt 3/2026", 7, &SETS);
    let direct = office("Đợt 3/2026", 7, &SETS);
    assert_eq!(
        (merged.voting.clone(), merged.products.clone()),
        (direct.voting.clone(), direct.products.clone())
    );
    let laptops: Vec<Laptop> = (0..7).map(|_| Laptop::new()).collect();
    for (member, laptop) in merged.voting.iter().zip(&laptops) {
        merged.set_key(*member, &laptop.key);
        direct.set_key(*member, &laptop.key);
    }
    merged.advance("scoring");
    direct.advance("scoring");
    let package = merged.export_round("dot-3.ocop-round");
    let inbox = merged.cli.dir().join("inbox-packages");
    std::fs::create_dir_all(&inbox).unwrap();

    let total = |i: usize, p: usize| 50 + ((i * 7 + p * 11) % 40) as u32;
    // Member 6 is recused from the third product after scoring it on the laptop;
    // member 5 leaves the second product as a draft.
    let recused = (6, 2);
    let draft = (5, 1);
    for (i, laptop) in laptops.iter().enumerate() {
        assert!(laptop.import(&package).contains("created"));
        let round = laptop.round(&merged.uid);
        let me: i64 = laptop
            .cli
            .ok(&["package", "whoami", "--round", &round.to_string()])
            .trim()
            .parse()
            .unwrap();
        let sec_products = ids_by_uid(&merged.cli, "product", merged.round);
        let local_products = ids_by_uid(&laptop.cli, "product", round);
        for (p, (product, set)) in merged.products.iter().enumerate() {
            let uid = sec_products
                .iter()
                .find(|(_, id)| *id == product)
                .unwrap()
                .0;
            let submitted = (i, p) != draft;
            import_sheet(
                &laptop.cli,
                round,
                local_products[uid],
                *set,
                me,
                total(i, p),
                submitted,
            );
            if (i, p) != recused {
                import_sheet(
                    &direct.cli,
                    direct.round,
                    *product,
                    *set,
                    merged.voting[i],
                    total(i, p),
                    submitted,
                );
            }
        }
        let out = inbox.join(format!("thanh-vien-{i}.ocop-sheets"));
        let said = laptop.cli.ok(&[
            "package",
            "export-sheets",
            "--round",
            &round.to_string(),
            "--member",
            &me.to_string(),
            "--out",
            out.to_str().unwrap(),
        ]);
        assert!(said.contains("signed"), "{said}");
    }
    for o in [&merged, &direct] {
        o.cli.ok(&[
            "recuse",
            "--by",
            &o.voting[recused.0].to_string(),
            "--round",
            &o.r(),
            "--member",
            &o.voting[recused.0].to_string(),
            "--product",
            &o.products[recused.1].0.to_string(),
            "--reason",
            "Góp vốn vào HTX",
        ]);
    }

    let report = merged
        .cli
        .ok(&["package", "merge", inbox.to_str().unwrap()]);
    assert_eq!(report.matches(": merged into round").count(), 7, "{report}");
    assert!(report.contains("draft, not merged"), "{report}");
    assert!(
        report.contains("refused: the member is recused"),
        "{report}"
    );
    assert_eq!(report.matches("new sheet").count(), 7 * 3 - 2, "{report}");
    let results = merged.results();
    assert_eq!(results, direct.results());
    // The comparison means something: every product has its sheets counted.
    let counted: Vec<usize> = results["products"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["member_totals"].as_array().unwrap().len())
        .collect();
    assert_eq!(counted, vec![7, 6, 6]);

    // The same folder again: every package already merged, nothing written.
    let audit = merged.audit_head();
    let again = merged
        .cli
        .ok(&["package", "merge", inbox.to_str().unwrap()]);
    assert_eq!(again.matches("already merged").count(), 7, "{again}");
    assert_eq!(merged.audit_head(), audit);
    assert_eq!(merged.results(), results);
    let verify = merged.cli.ok(&["verify", "--round", &merged.r()]);
    assert!(verify.contains("ok    results"), "{verify}");
}

/// Re-signs a package's payload, changed by `edit`, with `key`.
fn resign(package: &Path, key: &KeyPair, edit: impl FnOnce(&mut SheetsPayload), to: &Path) {
    let bytes = std::fs::read(package).unwrap();
    let verified = signed::verify(&bytes, sheets_format::SHEETS_PACKAGE_HEADER).unwrap();
    let mut payload: SheetsPayload = serde_json::from_str(&verified.payload).unwrap();
    edit(&mut payload);
    std::fs::write(to, sheets_format::build(&payload, key).unwrap()).unwrap();
}

#[test]
fn forged_or_misdirected_sheets_packages_are_rejected_and_change_nothing() {
    let o = office("Đợt 4/2026", 2, &[4]);
    let laptop = Laptop::new();
    let stranger = Laptop::new();
    let (chair, member) = (o.voting[0], o.voting[1]);
    o.set_key(member, &laptop.key);
    // Keys are checked: not hex, and a key another member already has.
    let err = o.cli.fails(&[
        "member",
        "set-key",
        "--member",
        &chair.to_string(),
        "--key",
        "abc",
    ]);
    assert!(err.contains("not a public key"), "{err}");
    let err = o.cli.fails(&[
        "member",
        "set-key",
        "--member",
        &chair.to_string(),
        "--key",
        &laptop.key,
    ]);
    assert!(err.contains("already registered for member"), "{err}");
    o.set_key(chair, &stranger.key);
    o.advance("scoring");
    laptop.import(&o.export_round("dot-4.ocop-round"));
    let here = laptop.round(&o.uid);
    let me = ids_by_uid(&laptop.cli, "member", here)
        .into_values()
        .find(|id| *id == member)
        .unwrap();
    import_sheet(&laptop.cli, here, o.products[0].0, 4, me, 77, true);
    let good = o.cli.dir().join("mot.ocop-sheets");
    laptop.cli.ok(&[
        "package",
        "export-sheets",
        "--round",
        &here.to_string(),
        "--member",
        &me.to_string(),
        "--out",
        good.to_str().unwrap(),
    ]);
    // Exporting for a member whose key is not this folder's is refused.
    let err = stranger.cli.fails(&[
        "package",
        "export-sheets",
        "--round",
        "1",
        "--member",
        "1",
        "--out",
        stranger.cli.dir().join("x.ocop-sheets").to_str().unwrap(),
    ]);
    assert!(err.contains("round 1 does not exist"), "{err}");
    stranger.import(&o.export_round("dot-4b.ocop-round"));
    let err = stranger.cli.fails(&[
        "package",
        "export-sheets",
        "--round",
        "1",
        "--member",
        &member.to_string(),
        "--out",
        stranger.cli.dir().join("x.ocop-sheets").to_str().unwrap(),
    ]);
    assert!(
        err.contains("is not the key registered for member"),
        "{err}"
    );

    // A package for another round, signed by the member's real key.
    let other = office("Đợt khác", 1, &[4]);
    other.set_key(other.voting[0], &laptop.key);
    other.advance("scoring");
    laptop.import(&other.export_round("khac.ocop-round"));
    let there = round_by_uid(&laptop.cli, &other.uid);
    let local = |what: &str, office: &Office, id: i64| {
        let uid = ids_by_uid(&office.cli, what, office.round)
            .into_iter()
            .find(|(_, i)| *i == id)
            .unwrap()
            .0;
        ids_by_uid(&laptop.cli, what, there)[&uid]
    };
    let (their_product, their_member) = (
        local("product", &other, other.products[0].0),
        local("member", &other, other.voting[0]),
    );
    import_sheet(&laptop.cli, there, their_product, 4, their_member, 60, true);
    let elsewhere = o.cli.dir().join("khac.ocop-sheets");
    export_sheets(&laptop, there, their_member, &elsewhere);

    let flipped = o.cli.dir().join("lat-mot-byte.ocop-sheets");
    let mut bytes = std::fs::read(&good).unwrap();
    let at = bytes.len() / 2;
    bytes[at] ^= 0x04;
    std::fs::write(&flipped, bytes).unwrap();
    let unregistered = o.cli.dir().join("khoa-la.ocop-sheets");
    resign(&good, &KeyPair::from_seed([42; 32]), |_| {}, &unregistered);
    let wrong_product = o.cli.dir().join("san-pham-la.ocop-sheets");
    let member_key = profile_key(laptop.cli.dir()).unwrap();
    resign(
        &good,
        &member_key,
        |p| p.sheets[0].product_uid = "00000000000000000000000000000abc".into(),
        &wrong_product,
    );
    let wrong_member = o.cli.dir().join("thanh-vien-la.ocop-sheets");
    resign(
        &good,
        &member_key,
        |p| p.member_uid = "00000000000000000000000000000def".into(),
        &wrong_member,
    );
    let not_a_package = o.cli.dir().join("ghi-chu.ocop-sheets");
    std::fs::write(&not_a_package, "Phiếu của tôi\n").unwrap();

    let results = o.results();
    let audit = o.audit_head();
    for (file, reason) in [
        (&flipped, "altered"),
        (&unregistered, "unknown key"),
        (&elsewhere, "which this data folder does not have"),
        (&wrong_product, "is not in round"),
        (&wrong_member, "is not on the council"),
        (&not_a_package, "not a package of this kind"),
    ] {
        let out = o.cli.run(&["package", "merge", file.to_str().unwrap()]);
        assert!(!out.status.success(), "{}", file.display());
        let stdout = String::from_utf8(out.stdout).unwrap();
        assert!(
            stdout.contains("REJECTED, nothing written") && stdout.contains(reason),
            "{}: {stdout}",
            file.display()
        );
        assert_eq!(o.results(), results, "{}", file.display());
        assert_eq!(o.audit_head(), audit, "{}", file.display());
    }

    // The report is also JSON, one entry per package, for scripts and the GUI.
    let out = o
        .cli
        .run(&["package", "merge", "--json", flipped.to_str().unwrap()]);
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report[0]["verdict"], "rejected", "{report}");
    assert!(
        report[0]["reasons"][0]
            .as_str()
            .unwrap()
            .contains("altered")
    );

    // The genuine package merges once; a second time changes nothing.
    let first = o.cli.ok(&["package", "merge", good.to_str().unwrap()]);
    assert!(first.contains("new sheet, total 77"), "{first}");
    let merged_results = o.results();
    assert_ne!(merged_results, results);
    let audit = o.audit_head();
    let second = o.cli.ok(&["package", "merge", good.to_str().unwrap()]);
    assert!(second.contains("already merged"), "{second}");
    assert_eq!(o.audit_head(), audit);
    assert_eq!(o.results(), merged_results);

    // A round still in setup accepts no sheets either.
    let setup = office("Đợt chưa chấm", 1, &[4]);
    setup.set_key(setup.voting[0], &laptop.key);
    let stray = o.cli.dir().join("chua-cham.ocop-sheets");
    resign(
        &good,
        &member_key,
        |p| {
            p.round_uid = setup.uid.clone();
            p.member_uid = ids_by_uid(&setup.cli, "member", setup.round)
                .into_iter()
                .find(|(_, id)| *id == setup.voting[0])
                .unwrap()
                .0;
        },
        &stray,
    );
    let out = setup
        .cli
        .run(&["package", "merge", stray.to_str().unwrap()]);
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(stdout.contains("not accepting sheets"), "{stdout}");
}

/// On `member`'s laptop: reopen their sheet for `product` (the chair ordered a
/// re-score at the meeting) and submit answers totalling `total`.
fn rescore_on_laptop(cli: &Cli, round: i64, product: i64, set: u8, member: i64, total: u32) {
    // On the member's laptop the member reopens their own sheet (docs/packages.md).
    let _ = round;
    cli.ok(&[
        "--by",
        &member.to_string(),
        "sheet",
        "reopen",
        "--product",
        &product.to_string(),
        "--member",
        &member.to_string(),
        "--reason",
        "Chấm lại sau thảo luận",
    ]);
    let mut store = Store::open(cli.dir()).unwrap();
    let sheet = store.round_sheet(RoundId(round), set).unwrap();
    for (criterion, choice) in answers_totalling(&sheet, total).choices {
        store
            .change_answer(
                ProductId(product),
                MemberId(member),
                &criterion,
                &AnswerChange::Choice(Some(choice)),
                &as_member(MemberId(member)),
            )
            .unwrap();
    }
    assert_eq!(
        store
            .submit_sheet(
                ProductId(product),
                MemberId(member),
                &as_member(MemberId(member))
            )
            .unwrap(),
        total
    );
}

fn export_sheets(laptop: &Laptop, round: i64, member: i64, to: &Path) {
    laptop.cli.ok(&[
        "package",
        "export-sheets",
        "--round",
        &round.to_string(),
        "--member",
        &member.to_string(),
        "--out",
        to.to_str().unwrap(),
    ]);
}

#[test]
fn resubmissions_replace_older_sheets_and_conflicts_are_kept_aside() {
    let o: Office = office("Đợt 5/2026", 3, &[4, 9]);
    let laptops: Vec<Laptop> = (0..3).map(|_| Laptop::new()).collect();
    for (member, laptop) in o.voting.iter().zip(&laptops) {
        o.set_key(*member, &laptop.key);
    }
    o.advance("scoring");
    let package = o.export_round("dot-5.ocop-round");
    let inbox = o.cli.dir().join("lan-1");
    std::fs::create_dir_all(&inbox).unwrap();
    // Local ids equal the secretary's here (same insert order); the uids say so.
    for (i, laptop) in laptops.iter().enumerate() {
        laptop.import(&package);
        assert_eq!(
            ids_by_uid(&laptop.cli, "product", 1),
            ids_by_uid(&o.cli, "product", 1)
        );
        assert_eq!(
            ids_by_uid(&laptop.cli, "member", 1),
            ids_by_uid(&o.cli, "member", 1)
        );
        for (p, (product, set)) in o.products.iter().enumerate() {
            import_sheet(
                &laptop.cli,
                1,
                *product,
                *set,
                o.voting[i],
                80 - (i + p) as u32,
                true,
            );
        }
        export_sheets(
            laptop,
            1,
            o.voting[i],
            &inbox.join(format!("{i}.ocop-sheets")),
        );
    }
    o.cli.ok(&["package", "merge", inbox.to_str().unwrap()]);
    let (p0, p1) = (o.products[0].0, o.products[1].0);
    let (chair, m1, m2) = (o.voting[0], o.voting[1], o.voting[2]);

    // The meeting: the chair orders re-scores of member 1 on p0 and member 2 on p1;
    // here, someone then edits member 2's reopened sheet by hand.
    o.advance("deliberation");
    for (product, member) in [(p0, m1), (p1, m2)] {
        o.cli.ok(&[
            "--by",
            "1",
            "rescore",
            "--round",
            &o.r(),
            "--product",
            &product.to_string(),
            "--members",
            &member.to_string(),
            "--reason",
            "Chênh lệch trên 10 điểm",
        ]);
    }
    {
        // Someone changes one answer of member 2's reopened sheet here.
        let mut store = Store::open(o.cli.dir()).unwrap();
        let sheet = store.round_sheet(RoundId(o.round), 9).unwrap();
        let row = store.sheet(ProductId(p1), MemberId(m2)).unwrap().unwrap();
        let answer = store.answers(row.id).unwrap().into_iter().next().unwrap();
        let other = sheet
            .criterion(&answer.criterion_id)
            .unwrap()
            .options
            .iter()
            .find(|o| Some(&o.id) != answer.choice_id.as_ref())
            .unwrap()
            .id
            .clone();
        store
            .change_answer(
                ProductId(p1),
                MemberId(m2),
                &answer.criterion_id,
                &AnswerChange::Choice(Some(other)),
                &as_member(MemberId(m2)),
            )
            .unwrap();
    }
    let package = o.export_round("dot-5-thao-luan.ocop-round");
    // Submission times have a one-second resolution: the laptops' resubmissions must
    // come after the reopening here.
    std::thread::sleep(std::time::Duration::from_millis(1100));

    let inbox = o.cli.dir().join("lan-2");
    std::fs::create_dir_all(&inbox).unwrap();
    for laptop in &laptops {
        let said = laptop.import(&package);
        assert!(said.contains("scoring → deliberation"), "{said}");
    }
    // Member 1 re-scores as ordered; the chair re-scores p0 on the laptop only
    // (nothing was reopened here); member 2 re-scores p1 too.
    rescore_on_laptop(&laptops[1].cli, 1, p0, 4, m1, 66);
    rescore_on_laptop(&laptops[0].cli, 1, p0, 4, chair, 72);
    rescore_on_laptop(&laptops[2].cli, 1, p1, 9, m2, 61);
    for (i, laptop) in laptops.iter().enumerate() {
        export_sheets(
            laptop,
            1,
            o.voting[i],
            &inbox.join(format!("{i}.ocop-sheets")),
        );
    }
    let before_p1 = o.results()["products"][1].clone();
    let report = o.cli.ok(&["package", "merge", inbox.to_str().unwrap()]);
    assert!(
        report.contains("resubmitted after it was reopened here: total 79 → 66"),
        "{report}"
    );
    assert!(
        report.contains(
            "replaced by a newer submission: total 80 → 72 (the older one kept as version 1)"
        ),
        "{report}"
    );
    assert!(report.contains("CONFLICT"), "{report}");
    assert!(report.contains("changed here since"), "{report}");

    let results = o.results();
    let totals: BTreeMap<i64, i64> = results["products"][0]["member_totals"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| (t["member"].as_i64().unwrap(), t["total"].as_i64().unwrap()))
        .collect();
    assert_eq!(totals, BTreeMap::from([(chair, 72), (m1, 66), (m2, 78)]));
    assert_eq!(
        results["products"][1], before_p1,
        "a conflict is not applied"
    );
    let conflicts = o
        .cli
        .json(&["package", "conflicts", "--round", &o.r(), "--json"]);
    let conflicts = conflicts.as_array().unwrap();
    assert_eq!(conflicts.len(), 1, "{conflicts:?}");
    assert_eq!(conflicts[0]["member_id"], m2);
    assert_eq!(conflicts[0]["product_id"], p1);
    assert_eq!(conflicts[0]["incoming_total"], 61);
    assert_eq!(conflicts[0]["stored_status"], "draft");
    // The replaced submission stays readable, and the audit log names old → new.
    let history = o.cli.json(&[
        "sheet",
        "history",
        "--product",
        &p0.to_string(),
        "--member",
        &chair.to_string(),
        "--json",
    ]);
    assert!(
        history
            .to_string()
            .contains("replaced by the member's newer submission"),
        "{history}"
    );
    let audit = o.cli.ok(&["audit", "--round", &o.r()]);
    assert!(
        audit.contains("sheet.merge") && audit.contains("sheet.conflict"),
        "{audit}"
    );
    assert!(
        o.cli
            .ok(&["verify", "--round", &o.r()])
            .contains("ok    audit chain")
    );
}

#[test]
fn a_members_evidence_links_travel_with_the_sheets_and_a_forged_one_is_refused() {
    use sha2::{Digest, Sha256};
    let o = office("Đợt 5/2026", 2, &[]);
    let honey = samples().join("05-mat-ong-cu-lao-dung");
    let product = o.cli.id(&[
        "dossier",
        "import",
        honey.to_str().unwrap(),
        "--round",
        &o.r(),
    ]);
    let test_report = hex(&Sha256::digest(
        std::fs::read(honey.join("phieu-kiem-nghiem.pdf")).unwrap(),
    ));
    let laptop = Laptop::new();
    let member = o.voting[1];
    o.set_key(member, &laptop.key);
    o.set_key(o.voting[0], &Laptop::new().key);
    o.advance("scoring");
    laptop.import(&o.export_round("dot-5.ocop-round"));

    // On the laptop: answer every criterion, link the test report to A.1.a, submit.
    let round = laptop.round(&o.uid);
    let me: i64 = laptop
        .cli
        .ok(&["package", "whoami", "--round", &round.to_string()])
        .trim()
        .parse()
        .unwrap();
    let local_product = ids_by_uid(&laptop.cli, "product", round)
        .into_values()
        .next()
        .unwrap();
    {
        let mut store = Store::open(laptop.cli.dir()).unwrap();
        let sheet = store.round_sheet(RoundId(round), 4).unwrap();
        let _actor = crate::common::office();
        for (criterion, choice) in answers_totalling(&sheet, 70).choices {
            store
                .change_answer(
                    ProductId(local_product),
                    MemberId(me),
                    &criterion,
                    &AnswerChange::Choice(Some(choice)),
                    &as_member(MemberId(me)),
                )
                .unwrap();
        }
        store
            .change_answer(
                ProductId(local_product),
                MemberId(me),
                &CriterionId("A.1.a".into()),
                &AnswerChange::Evidence(Some(test_report.clone())),
                &as_member(MemberId(me)),
            )
            .unwrap();
        store
            .submit_sheet(
                ProductId(local_product),
                MemberId(me),
                &as_member(MemberId(me)),
            )
            .unwrap();
    }
    let package = laptop.cli.dir().join("out.ocop-sheets");
    export_sheets(&laptop, round, me, &package);

    // A copy whose link points at a file the dossier does not have, re-signed
    // with the member's own key: the merge refuses it and writes nothing.
    let forged = laptop.cli.dir().join("forged.ocop-sheets");
    resign(
        &package,
        &profile_key(laptop.cli.dir()).unwrap(),
        |p| {
            p.sheets[0]
                .evidence
                .insert(CriterionId("A.1.a".into()), "ab".repeat(32));
        },
        &forged,
    );
    let audit = o.audit_head();
    let out = o.cli.run(&["package", "merge", forged.to_str().unwrap()]);
    assert!(!out.status.success());
    let said = String::from_utf8(out.stdout).unwrap();
    assert!(
        said.contains("REJECTED, nothing written")
            && said.contains("is not a file of the product's dossier here"),
        "{said}"
    );
    assert_eq!(o.audit_head(), audit, "a refused package writes nothing");

    // The genuine package: the secretary's copy of the sheet keeps the link.
    let said = o.cli.ok(&["package", "merge", package.to_str().unwrap()]);
    assert!(said.contains("merged into round"), "{said}");
    let store = Store::open(o.cli.dir()).unwrap();
    let row = store
        .sheet(ProductId(product), MemberId(member))
        .unwrap()
        .unwrap();
    let answers = store.answers(row.id).unwrap();
    let linked: Vec<_> = answers
        .iter()
        .filter_map(|a| Some((a.criterion_id.0.as_str(), a.evidence.clone()?)))
        .collect();
    assert_eq!(linked, vec![("A.1.a", test_report)]);
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}
