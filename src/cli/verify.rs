//! `verify`: one round (`--round R`, in cli/lifecycle.rs), the catalogue
//! (`--catalogue`), or, with neither, every round and the catalogue: the whole
//! file's records in one command, non-zero when anything is broken.

use serde::Serialize;

use super::{CliResult, Failure, lifecycle, print_json};
use crate::app::Session;
use crate::app::backup;
use crate::domain::ids::RoundId;
use crate::store::{CatalogueVerifyReport, VerifyCheck, VerifyReport};

/// The JSON of a verify that covers more than one round.
#[derive(Serialize)]
struct Everything {
    rounds: Vec<VerifyReport>,
    catalogue: Option<CatalogueVerifyReport>,
}

fn print_checks(checks: &[VerifyCheck]) {
    for c in checks {
        let mark = if c.passed() { "ok  " } else { "FAIL" };
        out!("  {mark}  {}: {}", c.kind.as_str(), c.detail);
        for p in &c.problems {
            out!("          - {p}");
        }
    }
}

/// Each failed check's problems, prefixed by `scope` ("round 3", "catalogue").
fn failures(scope: &str, checks: &[VerifyCheck]) -> Vec<String> {
    checks
        .iter()
        .flat_map(|c| {
            c.problems
                .iter()
                .map(move |p| format!("{scope}: {}: {p}", c.kind.as_str()))
        })
        .collect()
}

pub(super) fn run(session: &Session, round: Option<i64>, catalogue: bool, json: bool) -> CliResult {
    if let (Some(round), false) = (round, catalogue) {
        return lifecycle::verify(session, round, json);
    }
    let rounds: Vec<RoundId> = match round {
        Some(r) => vec![RoundId(r)],
        None if catalogue => Vec::new(),
        None => session.store.rounds()?.iter().map(|r| r.id).collect(),
    };
    let mut everything = Everything {
        rounds: Vec::new(),
        catalogue: None,
    };
    for r in rounds {
        everything.rounds.push(backup::verify_round(session, r)?.0);
    }
    everything.catalogue = Some(backup::verify_catalogue(session)?);
    let mut problems = Vec::new();
    for report in &everything.rounds {
        problems.extend(failures(&format!("round {}", report.round), &report.checks));
    }
    if let Some(c) = &everything.catalogue {
        problems.extend(failures("catalogue", &c.checks));
    }
    if json {
        // `--catalogue` alone prints the catalogue's report; anything wider the
        // object of rounds and catalogue (even when the folder has no round yet).
        match (&everything.catalogue, round) {
            (Some(c), None) if catalogue => print_json(c)?,
            _ => print_json(&everything)?,
        }
    } else {
        for report in &everything.rounds {
            out!("round {} ({}):", report.round, report.status.as_str());
            print_checks(&report.checks);
            out!("content digest: {}", report.seal);
        }
        if let Some(c) = &everything.catalogue {
            out!("catalogue ({} entries):", c.entries);
            print_checks(&c.checks);
        }
    }
    if problems.is_empty() {
        Ok(())
    } else {
        let what = if catalogue && round.is_none() {
            "the catalogue does not verify".to_owned()
        } else {
            "the data folder does not verify".to_owned()
        };
        Err(Failure(std::iter::once(what).chain(problems).collect()))
    }
}
