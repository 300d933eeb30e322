//! A council of laptops on temp data folders: the secretary's office (a round built
//! through the CLI) and members' laptops with their profile keys.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde_json::Value;

use super::{Cli, answers_json_totalling, sheet, sheet_file};

/// A data folder whose profile key exists (`package key`).
pub struct Laptop {
    pub cli: Cli,
    pub key: String,
}

impl Laptop {
    pub fn new() -> Self {
        let cli = Cli::new();
        let key = cli.ok(&["package", "key"]).trim().to_string();
        assert_eq!(key.len(), 64, "a public key: {key}");
        Self { cli, key }
    }

    /// The local id of the round with `uid`.
    pub fn round(&self, uid: &str) -> i64 {
        round_by_uid(&self.cli, uid)
    }

    /// Imports a round package; returns stdout.
    pub fn import(&self, package: &Path) -> String {
        self.cli
            .ok(&["package", "import", package.to_str().unwrap()])
    }
}

pub fn round_by_uid(cli: &Cli, uid: &str) -> i64 {
    cli.json(&["round", "list", "--json"])
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["uid"] == uid)
        .unwrap_or_else(|| panic!("no round {uid}"))["id"]
        .as_i64()
        .unwrap()
}

/// uid → local id of a round's members (`what` = "member") or products ("product").
pub fn ids_by_uid(cli: &Cli, what: &str, round: i64) -> BTreeMap<String, i64> {
    cli.json(&[what, "list", "--round", &round.to_string(), "--json"])
        .as_array()
        .unwrap()
        .iter()
        .map(|row| {
            (
                row["uid"].as_str().unwrap().to_string(),
                row["id"].as_i64().unwrap(),
            )
        })
        .collect()
}

/// The secretary's data folder with a round in setup: a chair, a vice-chair and
/// members (`voting` in all), a non-voting secretary, and products of `sets`.
pub struct Office {
    pub cli: Cli,
    pub round: i64,
    pub uid: String,
    /// Voting members, the chair first.
    pub voting: Vec<i64>,
    pub secretary: i64,
    /// (product id, product set).
    pub products: Vec<(i64, u8)>,
}

pub fn office(name: &str, voting: usize, sets: &[u8]) -> Office {
    let cli = Cli::new();
    let round = cli.id(&["round", "create", "--name", name]);
    let r = round.to_string();
    let mut members = Vec::new();
    for i in 0..voting {
        let role = match i {
            0 => "chair",
            1 => "vice-chair",
            _ => "member",
        };
        let name = format!("Ủy viên số {}", i + 1);
        members.push(cli.id(&[
            "member", "add", "--round", &r, "--name", &name, "--role", role,
        ]));
    }
    let secretary = cli.id(&[
        "member",
        "add",
        "--round",
        &r,
        "--name",
        "Thư ký Hội đồng",
        "--role",
        "secretary",
    ]);
    let products = sets
        .iter()
        .enumerate()
        .map(|(i, set)| {
            let id = cli.id(&[
                "product",
                "add",
                "--round",
                &r,
                "--name",
                &format!("Sản phẩm số {}", i + 1),
                "--set",
                &set.to_string(),
                "--producer",
                &format!("HTX số {}", i + 1),
            ]);
            (id, *set)
        })
        .collect();
    let uid = cli.json(&["round", "list", "--json"])[0]["uid"]
        .as_str()
        .unwrap()
        .to_string();
    Office {
        cli,
        round,
        uid,
        voting: members,
        secretary,
        products,
    }
}

impl Office {
    pub fn r(&self) -> String {
        self.round.to_string()
    }

    pub fn set_key(&self, member: i64, key: &str) {
        self.cli.ok(&[
            "member",
            "set-key",
            "--member",
            &member.to_string(),
            "--key",
            key,
        ]);
    }

    pub fn advance(&self, to: &str) {
        self.cli.ok(&[
            "--by",
            "1",
            "round",
            "advance",
            "--round",
            &self.r(),
            "--to",
            to,
        ]);
    }

    /// Exports the round package into the office's outbox; returns its path.
    pub fn export_round(&self, name: &str) -> PathBuf {
        let out = self.cli.dir().join("outbox").join(name);
        std::fs::create_dir_all(out.parent().unwrap()).unwrap();
        self.cli.ok(&[
            "package",
            "export-round",
            "--round",
            &self.r(),
            "--out",
            out.to_str().unwrap(),
        ]);
        out
    }

    pub fn results(&self) -> Value {
        self.cli
            .json(&["results", "--round", &self.r(), "--format", "json"])
    }

    /// The audit log's length and head: any write changes one of them.
    pub fn audit_head(&self) -> (usize, String) {
        let log = self.cli.json(&["audit", "--round", &self.r(), "--json"]);
        let entries = log["entries"].as_array().unwrap();
        (
            entries.len(),
            entries
                .last()
                .map_or(String::new(), |e| e["hash"].to_string()),
        )
    }
}

/// Imports a submitted (or draft) sheet totalling `total` into `cli`'s round, with
/// that folder's local ids.
pub fn import_sheet(
    cli: &Cli,
    round: i64,
    product: i64,
    set: u8,
    member: i64,
    total: u32,
    submitted: bool,
) {
    let answers = answers_json_totalling(&sheet(set), total);
    let file = cli.write(
        &format!("sheet-{round}-{product}-{member}.json"),
        &sheet_file(round, product, member, answers, submitted),
    );
    // The member imports their own sheet (on their laptop, only they may).
    cli.ok(&[
        "--by",
        &member.to_string(),
        "sheet",
        "import",
        file.to_str().unwrap(),
    ]);
}
