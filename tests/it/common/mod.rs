//! Helpers shared by the integration tests: run the CLI on a temp data folder and
//! build members' sheet files from the real criteria.

#![allow(dead_code, clippy::expect_used, clippy::unwrap_used)]

pub mod council;
pub mod laptops;

pub mod ui;

use std::path::{Path, PathBuf};
use std::process::Output;

use ocop_council::domain::criteria::{Catalog, CriteriaSheet, catalog::DEFAULT_CRITERIA_SET};
use serde_json::{Value, json};

pub struct Cli {
    pub data: tempfile::TempDir,
}

impl Cli {
    pub fn new() -> Self {
        Self {
            data: tempfile::tempdir().expect("temp dir"),
        }
    }

    pub fn dir(&self) -> &Path {
        self.data.path()
    }

    pub fn run(&self, args: &[&str]) -> Output {
        std::process::Command::new(env!("CARGO_BIN_EXE_ocop-council"))
            .arg("--data-dir")
            .arg(self.data.path())
            .args(args)
            .env_remove("OCOP_COUNCIL_DATA")
            .output()
            .expect("run ocop-council")
    }

    /// Runs and expects success; returns stdout.
    pub fn ok(&self, args: &[&str]) -> String {
        let out = self.run(args);
        assert!(
            out.status.success(),
            "ocop-council {args:?} failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).expect("UTF-8 stdout")
    }

    /// Runs and expects failure; returns stderr.
    pub fn fails(&self, args: &[&str]) -> String {
        let out = self.run(args);
        assert!(
            !out.status.success(),
            "ocop-council {args:?} should have failed; stdout: {}",
            String::from_utf8_lossy(&out.stdout)
        );
        String::from_utf8(out.stderr).expect("UTF-8 stderr")
    }

    /// Runs a command that prints an id.
    pub fn id(&self, args: &[&str]) -> i64 {
        self.ok(args).trim().parse().expect("an id")
    }

    pub fn json(&self, args: &[&str]) -> Value {
        serde_json::from_str(&self.ok(args)).expect("JSON output")
    }

    pub fn write(&self, name: &str, value: &Value) -> PathBuf {
        let path = self.data.path().join("inbox").join(name);
        std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        std::fs::write(&path, serde_json::to_string_pretty(value).expect("json")).expect("write");
        path
    }
}

pub fn sheet(set: u8) -> CriteriaSheet {
    Catalog::embedded()
        .sheet(DEFAULT_CRITERIA_SET, set)
        .expect("embedded set")
        .sheet
        .clone()
}

/// How a member answers each criterion.
pub enum Pick {
    Best,
    Lowest,
}

/// Answers (criterion → option id) picking `default` everywhere except `overrides`
/// (criterion id → option position, 0 = "none applies").
pub fn answers(sheet: &CriteriaSheet, default: Pick, overrides: &[(&str, usize)]) -> Value {
    let mut map = serde_json::Map::new();
    for (_, _, c) in sheet.criteria() {
        let option = if let Some((_, k)) = overrides.iter().find(|(id, _)| *id == c.id.0) {
            format!("{}.{k}", c.id.0)
        } else {
            let pick = match default {
                Pick::Best => c.options.iter().max_by_key(|o| o.points),
                Pick::Lowest => c.options.iter().min_by_key(|o| o.points),
            };
            pick.expect("options").id.0.clone()
        };
        map.insert(c.id.0.clone(), Value::String(option));
    }
    Value::Object(map)
}

/// The total a set of answers gives on `sheet`.
pub fn total(sheet: &CriteriaSheet, answers: &Value) -> u32 {
    sheet
        .criteria()
        .map(|(_, _, c)| {
            let chosen = answers[&c.id.0].as_str().expect("answer");
            c.points_of(&ocop_council::domain::criteria::ChoiceId(chosen.into()))
                .expect("valid option")
        })
        .sum()
}

pub fn sheet_file(round: i64, product: i64, member: i64, answers: Value, submitted: bool) -> Value {
    json!({
        "format": "ocop-member-sheet/1",
        "round": round,
        "product": product,
        "member": member,
        "answers": answers,
        "comments": {},
        "submitted": submitted
    })
}

/// Answers that total exactly `target` on `sheet`: the best option everywhere, then
/// lowered criterion by criterion (form order) until the total is reached.
pub fn answers_totalling(
    sheet: &CriteriaSheet,
    target: u32,
) -> ocop_council::domain::score::SheetAnswers {
    use ocop_council::domain::criteria::ChoiceId;
    let best_total: u32 = sheet.criteria().map(|(_, _, c)| c.best_points()).sum();
    let mut need = best_total
        .checked_sub(target)
        .expect("target above the maximum");
    let mut choices = std::collections::BTreeMap::new();
    for (_, _, c) in sheet.criteria() {
        let best = c.best_points();
        let mut options: Vec<(ChoiceId, u32)> =
            c.options.iter().map(|o| (o.id.clone(), o.points)).collect();
        if !c.has_zero_option() {
            options.push((c.none_applies_id(), 0));
        }
        let (id, points) = options
            .into_iter()
            .filter(|(_, p)| best - p <= need)
            .min_by_key(|(_, p)| *p)
            .expect("the best option always fits");
        need -= best - points;
        choices.insert(c.id.clone(), id);
    }
    assert_eq!(need, 0, "cannot reach {target} exactly");
    ocop_council::domain::score::SheetAnswers { choices }
}

/// The same answers as a sheet file's `answers` object.
pub fn answers_json_totalling(sheet: &CriteriaSheet, target: u32) -> Value {
    let answers = answers_totalling(sheet, target);
    Value::Object(
        answers
            .choices
            .into_iter()
            .map(|(c, o)| (c.0, Value::String(o.0)))
            .collect(),
    )
}

/// The secretariat (Ban thư ký): sets up rounds, imports dossiers and sheets.
pub fn office() -> ocop_council::store::Actor {
    ocop_council::store::Actor::secretariat(ocop_council::domain::actor::Channel::Api)
}

/// A council member acting in their own name (no PIN).
pub fn as_member(id: ocop_council::domain::ids::MemberId) -> ocop_council::store::Actor {
    ocop_council::store::Actor::member(id, ocop_council::domain::actor::Channel::Api)
}

/// The chair of `round`, acting (no PIN).
pub fn chair_of(
    store: &ocop_council::store::Store,
    round: ocop_council::domain::ids::RoundId,
) -> ocop_council::store::Actor {
    let chair = store
        .members(round)
        .unwrap()
        .into_iter()
        .find(|m| m.role == ocop_council::domain::member::Role::Chair)
        .expect("the round has a chair");
    as_member(chair.id)
}

/// The chair of `product`'s round.
pub fn chair_of_product(
    store: &ocop_council::store::Store,
    product: ocop_council::domain::ids::ProductId,
) -> ocop_council::store::Actor {
    chair_of(store, store.product(product).unwrap().round_id)
}

/// The chair of the round that issued `certificate`.
pub fn chair_of_certificate(
    store: &ocop_council::store::Store,
    certificate: ocop_council::domain::ids::CertificateId,
) -> ocop_council::store::Actor {
    chair_of(store, store.certificate(certificate).unwrap().round_id)
}
