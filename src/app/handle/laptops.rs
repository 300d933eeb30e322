//! The council of laptops: this laptop's key, registering members' keys, round
//! packages out and in, sheets packages out, and merging members' packages on
//! the secretary's machine.

use crate::app::Session;
use crate::app::failure::Operation;
use crate::app::notice::Notice;
use crate::app::package;
use crate::app::reply::{Reply, chain_failure, import_failure};
use crate::app::request::LaptopsRequest;
use crate::domain::actor::Actor;
use crate::domain::progress::Progress;

pub(super) fn handle(
    session: &mut Session,
    request: LaptopsRequest,
    actor: &Actor,
    emit: &mut dyn FnMut(Reply),
) -> Reply {
    let mut progress = |p: Progress| emit(Reply::Progress(p));
    match request {
        LaptopsRequest::ProfileKey => match package::profile_public_key(&session.data_dir) {
            Ok(key) => Reply::ProfileKey(key),
            Err(e) => chain_failure(Operation::ProfileKey, None, &e),
        },
        LaptopsRequest::RegisterKey {
            round: _,
            member,
            key,
        } => match package::register_member_key(session, member, &key, actor) {
            Ok(_) => Reply::Done(Notice::KeyRegistered),
            Err(e) => chain_failure(Operation::RegisterKey, None, &e),
        },
        LaptopsRequest::ExportRoundPackage { round, path } => {
            match package::export_round_package(session, round, &path, false, &mut progress) {
                Ok(export) => Reply::RoundPackageWritten {
                    path: export.path,
                    members_without_key: export.members_without_key,
                },
                Err(e) => chain_failure(Operation::ExportRoundPackage, Some(&path), &e),
            }
        }
        LaptopsRequest::ImportRoundPackage { path } => {
            match package::import_round_package(session, &path, actor, &mut progress) {
                Ok(import) => Reply::RoundPackageImported {
                    round: import.round,
                    me: import.me.map(|m| m.id),
                    round_name: import.round_name,
                    changes: import.changes,
                    notes: import.notes,
                },
                Err(e) => import_failure(Operation::ImportRoundPackage, &path, e),
            }
        }
        LaptopsRequest::ExportSheetsPackage {
            round,
            member,
            path,
        } => match package::export_sheets_package(session, round, member, &path) {
            Ok(export) => Reply::Written { path: export.path },
            Err(e) => chain_failure(Operation::ExportSheetsPackage, Some(&path), &e),
        },
        LaptopsRequest::MergePackages { round, paths } => {
            match package::merge_sheets_packages(session, &paths, actor, &mut progress) {
                Ok(reports) => Reply::Merged {
                    round,
                    reports,
                    conflicts: package::round_conflicts(session, round).unwrap_or_default(),
                },
                Err(e) => chain_failure(Operation::MergePackages, None, &e),
            }
        }
        LaptopsRequest::LoadConflicts { round } => match package::round_conflicts(session, round) {
            Ok(conflicts) => Reply::Conflicts { round, conflicts },
            Err(e) => chain_failure(Operation::LoadConflicts, None, &e),
        },
    }
}
