//! The council-of-laptops requests, run on the worker thread: this laptop's key,
//! registering members' keys, round packages out and in, sheets packages out, and
//! merging members' packages on the secretary's machine.

use super::Session;
use super::package;
use super::worker::{Reply, Request};
use crate::domain::progress::Progress;
use crate::store::Actor;

fn failed(what: &str, e: impl std::fmt::Display) -> Reply {
    Reply::Failed {
        what: what.to_string(),
        message: e.to_string(),
    }
}

pub(super) fn handle(
    session: &mut Session,
    request: Request,
    actor: &Actor,
    emit: &mut dyn FnMut(Reply),
) -> Reply {
    let mut progress = |p: Progress| emit(Reply::Progress(p));
    match request {
        Request::ProfileKey => match package::profile_public_key(&session.data_dir) {
            Ok(key) => Reply::ProfileKey(key),
            Err(e) => failed("profile key", format!("{e:#}")),
        },
        Request::RegisterKey { round, member, key } => {
            match package::register_member_key(session, member, &key, actor) {
                Ok(_) => Reply::Done {
                    round: Some(round),
                    notice: super::notice::Notice::KeyRegistered,
                },
                Err(e) => failed("register key", format!("{e:#}")),
            }
        }
        Request::ExportRoundPackage { round, path } => {
            match package::export_round_package(session, round, &path, false, &mut progress) {
                Ok(export) => Reply::Written { path: export.path },
                Err(e) => failed("round package", format!("{e:#}")),
            }
        }
        Request::ImportRoundPackage { path } => {
            match package::import_round_package(session, &path, actor, &mut progress) {
                Ok(Ok(import)) => Reply::RoundPackageImported {
                    round: import.round,
                    me: import.me.map(|m| m.id),
                    round_name: import.round_name.clone(),
                    changes: import.changes.len(),
                },
                Ok(Err(problems)) => Reply::DossierRefused {
                    bundle: path.display().to_string(),
                    problems,
                },
                Err(e) => failed("round package", format!("{e:#}")),
            }
        }
        Request::ExportSheetsPackage {
            round,
            member,
            path,
        } => match package::export_sheets_package(session, round, member, &path) {
            Ok(export) => Reply::Written { path: export.path },
            Err(e) => failed("sheets package", format!("{e:#}")),
        },
        Request::MergePackages { round, paths } => {
            match package::merge_sheets_packages(session, &paths, actor, &mut progress) {
                Ok(reports) => Reply::Merged {
                    round,
                    reports,
                    conflicts: package::round_conflicts(session, round).unwrap_or_default(),
                },
                Err(e) => failed("merge", format!("{e:#}")),
            }
        }
        Request::LoadConflicts { round } => match package::round_conflicts(session, round) {
            Ok(conflicts) => Reply::Conflicts { round, conflicts },
            Err(e) => failed("conflicts", format!("{e:#}")),
        },
        other => failed("request", format!("not handled: {other:?}")),
    }
}
