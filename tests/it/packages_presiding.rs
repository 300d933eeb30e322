//! Presiding members travel in round packages (docs/packages.md): the member the
//! secretary records as presiding over a product from which the chair is recused
//! reaches a member's laptop, a later package that changes or ends it updates the
//! laptop, and a forged package naming someone who may not preside is refused
//! without a write. A package without presiding members has no such field, as
//! packages had before they travelled.

use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::common::laptops::{Laptop, Office, ids_by_uid, import_sheet, office};
use crate::packages::rewrite_zip;

/// The secretary's round: a chair, a vice-chair, two members, a secretary and two
/// products; on the first product the chair and the vice-chair are recused, so no
/// vice-chair stands in. Returns the office and its first product.
fn office_with_chairless_product() -> (Office, i64) {
    let o = office("Đợt có người chủ trì", 4, &[4, 4]);
    let product = o.products[0].0;
    for member in [o.voting[0], o.voting[1]] {
        recuse(&o.cli, o.round, product, member);
    }
    (o, product)
}

fn recuse(cli: &crate::common::Cli, round: i64, product: i64, member: i64) {
    cli.ok(&[
        "--by",
        &member.to_string(),
        "recuse",
        "--round",
        &round.to_string(),
        "--product",
        &product.to_string(),
        "--member",
        &member.to_string(),
        "--reason",
        "Người nhà chủ thể",
    ]);
}

fn name_presiding(o: &Office, product: i64, member: i64) {
    o.cli.ok(&[
        "--by",
        &o.secretary.to_string(),
        "presiding",
        "--round",
        &o.r(),
        "--product",
        &product.to_string(),
        "--member",
        &member.to_string(),
    ]);
}

/// The round package, with only the laptop's member keyed (the others score on the
/// secretary's machine).
fn export(o: &Office, name: &str) -> PathBuf {
    let out = o.cli.dir().join(name);
    o.cli.ok(&[
        "package",
        "export-round",
        "--round",
        &o.r(),
        "--out",
        out.to_str().unwrap(),
        "--allow-missing-keys",
    ]);
    out
}

fn manifest(package: &Path) -> Value {
    let mut archive = zip::ZipArchive::new(std::fs::File::open(package).unwrap()).unwrap();
    serde_json::from_reader(archive.by_name("manifest.json").unwrap()).unwrap()
}

/// A change to a manifest's JSON.
type ManifestEdit = dyn Fn(&mut Value);

/// A copy of `package` whose manifest `edit` changed.
fn forge(package: &Path, name: &str, edit: impl Fn(&mut Value)) -> PathBuf {
    let out = package.with_file_name(name);
    let mut json = manifest(package);
    edit(&mut json);
    let edited = serde_json::to_vec_pretty(&json).unwrap();
    rewrite_zip(package, &out, &mut move |entry: &str, bytes: Vec<u8>| {
        let bytes = if entry == "manifest.json" {
            edited.clone()
        } else {
            bytes
        };
        vec![(entry.to_string(), bytes)]
    });
    out
}

/// The laptop's id of the office's member or product (`what`) `id`, by uid.
fn local_id(o: &Office, laptop: &Laptop, what: &str, id: i64) -> i64 {
    let (uid, _) = ids_by_uid(&o.cli, what, o.round)
        .into_iter()
        .find(|(_, here)| *here == id)
        .unwrap();
    ids_by_uid(&laptop.cli, what, laptop.round(&o.uid))[&uid]
}

/// The product's entry of a round's results JSON.
fn product_result(cli: &crate::common::Cli, round: i64, product: i64) -> Value {
    let json = cli.json(&["results", "--round", &round.to_string(), "--format", "json"]);
    json["products"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["id"] == product)
        .unwrap()
        .clone()
}

/// The laptop's audit log: its length and its last entry's hash.
fn laptop_audit(laptop: &Laptop, round: i64) -> (usize, Value) {
    let log = laptop
        .cli
        .json(&["audit", "--round", &round.to_string(), "--json"]);
    let entries = log["entries"].as_array().unwrap();
    (entries.len(), entries.last().unwrap()["hash"].clone())
}

/// The office and the laptop agree on who presides (name and record), by uid.
fn assert_same_presiding(
    o: &Office,
    product: i64,
    laptop: &Laptop,
    local: i64,
    local_product: i64,
) {
    let here = product_result(&o.cli, o.round, product)["presiding"].clone();
    let there = product_result(&laptop.cli, local, local_product)["presiding"].clone();
    for field in ["name", "recorded_by", "recorded_at"] {
        assert_eq!(here[field], there[field], "{field}: {here} / {there}");
    }
}

#[test]
fn a_presiding_member_reaches_the_laptop_and_a_newer_package_changes_or_ends_it() {
    let (o, product) = office_with_chairless_product();
    let (first, second) = (o.voting[2], o.voting[3]);
    let laptop = Laptop::new();
    o.set_key(second, &laptop.key);
    o.advance("scoring");

    // Before anyone is named, the package has no `presiding` field at all: what an
    // app from before presiding members travelled reads.
    let none = export(&o, "0-none.ocop-round");
    assert!(manifest(&none).get("presiding").is_none());
    laptop.import(&none);
    let local = laptop.round(&o.uid);
    let local_product = local_id(&o, &laptop, "product", product);
    let local_second = local_id(&o, &laptop, "member", second);
    // The laptop's member scores the product; without a presiding member the chair's
    // condition of the quorum cannot be met there.
    import_sheet(&laptop.cli, local, local_product, 4, local_second, 80, true);
    let there = product_result(&laptop.cli, local, local_product);
    assert_eq!(there["presiding"], Value::Null);
    assert_eq!(there["quorum"]["chair_took_part"], false);

    // The secretary records the council's choice: the laptop's member presides.
    name_presiding(&o, product, second);
    let named = export(&o, "1-named.ocop-round");
    assert_eq!(manifest(&named)["presiding"].as_array().unwrap().len(), 1);
    let out = laptop.import(&named);
    assert!(out.contains("presides for the recused chair"), "{out}");
    assert_same_presiding(&o, product, &laptop, local, local_product);
    let there = product_result(&laptop.cli, local, local_product);
    assert_eq!(there["presiding"]["member"], local_second);
    assert_eq!(there["quorum"]["chair_took_part"], true, "{there}");
    // The same package again changes nothing.
    let before = laptop_audit(&laptop, local);
    assert!(laptop.import(&named).contains("up to date"));
    assert_eq!(laptop_audit(&laptop, local), before);

    // The council names another member: the next package moves it on the laptop.
    name_presiding(&o, product, first);
    laptop.import(&export(&o, "2-changed.ocop-round"));
    assert_same_presiding(&o, product, &laptop, local, local_product);
    let there = product_result(&laptop.cli, local, local_product);
    assert_eq!(
        there["presiding"]["member"],
        local_id(&o, &laptop, "member", first)
    );
    assert_eq!(there["quorum"]["chair_took_part"], false, "{there}");
    let audit = laptop.cli.ok(&["audit", "--round", &local.to_string()]);
    assert!(audit.contains("presiding"), "{audit}");

    // That member is then recused too: they no longer preside, so the package names
    // nobody, and the laptop drops its presiding member.
    recuse(&o.cli, o.round, product, first);
    let ended = export(&o, "3-ended.ocop-round");
    assert!(manifest(&ended).get("presiding").is_none());
    assert_eq!(
        product_result(&o.cli, o.round, product)["presiding"],
        Value::Null
    );
    let out = laptop.import(&ended);
    assert!(out.contains("the package names nobody"), "{out}");
    assert_eq!(
        product_result(&laptop.cli, local, local_product)["presiding"],
        Value::Null
    );
}

#[test]
fn a_forged_presiding_member_is_refused_and_changes_nothing() {
    let (o, product) = office_with_chairless_product();
    let laptop = Laptop::new();
    o.set_key(o.voting[3], &laptop.key);
    o.advance("scoring");
    name_presiding(&o, product, o.voting[2]);
    let good = export(&o, "good.ocop-round");
    laptop.import(&good);
    let local = laptop.round(&o.uid);
    let before = (
        laptop_audit(&laptop, local),
        laptop
            .cli
            .json(&["results", "--round", &local.to_string(), "--format", "json"]),
    );
    let m = manifest(&good);
    let (vice, secretary) = (
        m["members"][1]["uid"].clone(),
        m["members"][4]["uid"].clone(),
    );
    let other_product = m["products"][1]["uid"].clone();
    let cases: Vec<(&str, Box<ManifestEdit>, &str)> = vec![
        (
            "stranger",
            Box::new(|j| j["presiding"][0]["member"] = "0123456789abcdef0123456789abcdef".into()),
            "names a product or member the package does not hold",
        ),
        (
            "recused",
            // The vice-chair is recused from the product.
            Box::new(move |j| j["presiding"][0]["member"] = vice.clone()),
            "to preside over a product they are recused from",
        ),
        (
            "non-voting",
            Box::new(move |j| j["presiding"][0]["member"] = secretary.clone()),
            "who does not vote",
        ),
        (
            "chair-not-recused",
            Box::new(move |j| j["presiding"][0]["product"] = other_product.clone()),
            "from which the chair is not recused",
        ),
        (
            "bad-time",
            Box::new(|j| j["presiding"][0]["created_at"] = "hôm qua".into()),
            "presiding[0].created_at",
        ),
    ];
    for (name, edit, needle) in cases {
        let forged = forge(&good, &format!("{name}.ocop-round"), edit);
        let err = laptop
            .cli
            .fails(&["package", "import", forged.to_str().unwrap()]);
        assert!(err.contains(needle), "{name}: {err}");
        let after = (
            laptop_audit(&laptop, local),
            laptop
                .cli
                .json(&["results", "--round", &local.to_string(), "--format", "json"]),
        );
        assert_eq!(after, before, "{name}: nothing changed");
    }
}

#[test]
fn a_presiding_member_recused_on_the_laptop_is_refused_there() {
    // The laptop's member declared a conflict on their laptop the secretary has not
    // heard of; the secretary then names them: the laptop refuses that package.
    let (o, product) = office_with_chairless_product();
    let laptop = Laptop::new();
    let member = o.voting[3];
    o.set_key(member, &laptop.key);
    o.advance("scoring");
    laptop.import(&export(&o, "first.ocop-round"));
    let local = laptop.round(&o.uid);
    let local_product = local_id(&o, &laptop, "product", product);
    let local_member = laptop
        .cli
        .id(&["package", "whoami", "--round", &local.to_string()]);
    recuse(&laptop.cli, local, local_product, local_member);
    name_presiding(&o, product, member);
    let before = laptop_audit(&laptop, local);
    let package = export(&o, "named.ocop-round");
    let err = laptop
        .cli
        .fails(&["package", "import", package.to_str().unwrap()]);
    assert!(
        err.contains(&format!(
            "member {local_member} is recused from product {local_product}"
        )),
        "{err}"
    );
    assert_eq!(laptop_audit(&laptop, local), before);
}
