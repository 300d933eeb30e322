//! Running one worker request against the session: the bodies behind
//! [`super::worker::Request`]. Runs on the worker thread only.

use super::dossier::{self};
use super::export::export_round;
use super::views;
use super::worker::{Reply, Request};
use super::{Session, demo, dossier_export};
use crate::domain::ids::MemberId;
use crate::exchange::dossier::Progress;
use crate::store::{Actor, AnswerChange, StoreError};

fn failed(what: impl Into<String>, e: &StoreError) -> Reply {
    super::worker::error_reply(&what.into(), e)
}

/// Runs one request; `emit` sends intermediate replies (progress).
/// One autosaved change on `member`'s sheet, by whoever is at the keyboard (the
/// store refuses anyone but the member themself).
fn save_answer(
    session: &mut Session,
    actor: &Actor,
    product: crate::domain::ids::ProductId,
    member: MemberId,
    criterion: crate::domain::criteria::CriterionId,
    change: AnswerChange,
) -> Reply {
    match session
        .store
        .change_answer(product, member, &criterion, &change, actor)
    {
        Ok(total) => Reply::Saved {
            product,
            member,
            criterion,
            total,
        },
        Err(e) => failed(format!("save {criterion}"), &e),
    }
}

pub(super) fn handle(
    session: &mut Session,
    request: Request,
    actor: &Actor,
    emit: &mut dyn FnMut(Reply),
) -> Reply {
    match request {
        request @ (Request::LoadCatalogue { .. }
        | Request::ImportCatalogue { .. }
        | Request::ExportCatalogue { .. }
        | Request::ProgrammeReport { .. }
        | Request::SetCatalogueTarget { .. }) => super::catalogue::handle(session, request, actor),
        Request::LoadDemo => match demo::load_demo_round(session) {
            Ok(round) => Reply::DemoLoaded(round),
            Err(e) => Reply::Failed {
                what: "demo round".into(),
                message: format!("{e:#}"),
            },
        },
        Request::ImportDossier { round, path } => {
            let what = path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            let mut last_percent = u64::MAX;
            let mut progress = |p: Progress| {
                // At most one message per percent: the UI need not repaint more.
                let percent = (p.bytes_done * 100).checked_div(p.bytes_total).unwrap_or(0);
                if percent != last_percent {
                    last_percent = percent;
                    emit(Reply::Progress {
                        what: what.clone(),
                        done: p.bytes_done,
                        total: p.bytes_total,
                    });
                }
            };
            match dossier::import_bundle(session, &path, round, actor, &mut progress) {
                Ok(Ok(outcome)) => Reply::DossierImported {
                    round,
                    product: outcome.product,
                    outcome,
                },
                Ok(Err(report)) => Reply::DossierRefused {
                    bundle: report.bundle.clone(),
                    problems: report.problems.iter().map(|p| p.typed()).collect(),
                },
                Err(e) => Reply::Failed {
                    what: format!("import {what}"),
                    message: format!("{e:#}"),
                },
            }
        }
        Request::PickedFiles(paths) => Reply::PickedFiles(paths),
        Request::NoFileDialog { saved_in } => Reply::NoFileDialog { saved_in },
        Request::OpenFile { path, name } => match super::open_file::open(&path, name.as_deref()) {
            Ok(path) => Reply::Opened { path },
            Err(e) => Reply::OpenFailed {
                name: name.unwrap_or_else(|| path.display().to_string()),
                reason: format!("{e:#}"),
            },
        },
        Request::ImportProductList { round, path } => {
            match super::export::import_product_list(session, round, &path, actor) {
                Ok(Ok(ids)) => Reply::Done {
                    round: Some(round),
                    notice: super::notice::Notice::ProductsImported {
                        count: ids.len(),
                        from: path.clone(),
                    },
                },
                Ok(Err(problems)) => Reply::DossierRefused {
                    bundle: path.display().to_string(),
                    problems: problems
                        .into_iter()
                        .map(crate::domain::refusal::Problem::Detail)
                        .collect(),
                },
                Err(e) => Reply::Failed {
                    what: format!("import {}", path.display()),
                    message: format!("{e:#}"),
                },
            }
        }
        Request::CreateRound { name } => {
            let Some(set) = session
                .catalog
                .set(crate::domain::criteria::catalog::DEFAULT_CRITERIA_SET)
            else {
                return Reply::Failed {
                    what: "new round".into(),
                    message: "the QĐ 148 criteria set is not loaded".into(),
                };
            };
            let new = crate::store::NewRound::provincial(name, set);
            match session.store.create_round(&new, actor) {
                Ok(round) => Reply::RoundCreated(round),
                Err(e) => failed("new round", &e),
            }
        }
        Request::AddMember { round, name, role } => {
            match session
                .store
                .add_member(round, &name, role, role.votes_by_default(), actor)
            {
                Ok(_) => Reply::Done {
                    round: Some(round),
                    notice: super::notice::Notice::MemberAdded { name },
                },
                Err(e) => failed("add member", &e),
            }
        }
        Request::ImportLoose {
            round,
            facts,
            files,
        } => {
            let what = facts.product_name.clone();
            let mut progress = |p: Progress| {
                emit(Reply::Progress {
                    what: what.clone(),
                    done: p.bytes_done,
                    total: p.bytes_total,
                });
            };
            match dossier::import_loose_files(
                session,
                round,
                &facts,
                None,
                &files,
                actor,
                &mut progress,
            ) {
                Ok(Ok(outcome)) => Reply::DossierImported {
                    round,
                    product: outcome.product,
                    outcome,
                },
                Ok(Err(report)) => Reply::DossierRefused {
                    bundle: report.bundle.clone(),
                    problems: report.problems.iter().map(|p| p.typed()).collect(),
                },
                Err(e) => Reply::Failed {
                    what: format!("import {what}"),
                    message: format!("{e:#}"),
                },
            }
        }
        Request::ExportDossier { product, path } => {
            match dossier_export::export_dossier(session, product, &path) {
                Ok(_) => Reply::Written { path },
                Err(e) => Reply::Failed {
                    what: format!("export {}", path.display()),
                    message: format!("{e:#}"),
                },
            }
        }
        Request::LoadDossierVersion { dossier } => {
            match dossier::dossier_version_view(session, dossier) {
                Ok(view) => Reply::DossierVersion(Box::new(view)),
                Err(e) => Reply::Failed {
                    what: "dossier version".into(),
                    message: format!("{e:#}"),
                },
            }
        }
        Request::LoadRounds => match views::rounds(session) {
            Ok(data) => Reply::Rounds(data),
            Err(e) => failed("load rounds", &e),
        },
        Request::LoadRound { round, identity } => match views::round(session, round, identity) {
            Ok(data) => Reply::Round(Box::new(data)),
            Err(e) => failed("load round", &e),
        },
        Request::LoadDesk { product, member } => match views::desk(session, product, member) {
            Ok(data) => Reply::Desk(Box::new(data)),
            Err(e) => Reply::Failed {
                what: "load sheet".into(),
                message: format!("{e:#}"),
            },
        },
        Request::Choose {
            product,
            member,
            criterion,
            choice,
        } => save_answer(
            session,
            actor,
            product,
            member,
            criterion,
            AnswerChange::Choice(choice),
        ),
        Request::Comment {
            product,
            member,
            criterion,
            text,
        } => save_answer(
            session,
            actor,
            product,
            member,
            criterion,
            AnswerChange::Comment(text),
        ),
        Request::Evidence {
            product,
            member,
            criterion,
            sha256,
        } => save_answer(
            session,
            actor,
            product,
            member,
            criterion,
            AnswerChange::Evidence(sha256),
        ),
        Request::Submit { product, member } => {
            match session.store.submit_sheet(product, member, actor) {
                Ok(total) => Reply::Submitted {
                    product,
                    member,
                    total,
                },
                Err(e) => failed("submit", &e),
            }
        }
        Request::Reopen {
            product,
            member,
            reason,
        } => match session.store.reopen_sheet(product, member, &reason, actor) {
            // The UI reloads the round and an open desk on this notice.
            Ok(()) => Reply::Done {
                round: session.store.product(product).ok().map(|p| p.round_id),
                notice: super::notice::Notice::SheetReopened { product, member },
            },
            Err(e) => failed("reopen", &e),
        },
        Request::Export {
            round,
            format,
            path,
        } => match export_round(session, round, format, &path) {
            Ok(()) => Reply::Written { path },
            Err(e) => Reply::Failed {
                what: format!("export {}", path.display()),
                message: format!("{e:#}"),
            },
        },
        Request::ProductListTemplate { round, path } => {
            let written = session
                .store
                .round(round)
                .map_err(anyhow::Error::from)
                .and_then(|r| {
                    super::export::write_product_list_template(
                        &session.catalog,
                        &r.criteria_set_id,
                        &path,
                    )
                });
            match written {
                Ok(()) => Reply::Written { path },
                Err(e) => Reply::Failed {
                    what: format!("template {}", path.display()),
                    message: format!("{e:#}"),
                },
            }
        }
        Request::CatalogueTemplate { path } => {
            match super::export::write_catalogue_template(&session.catalog, &path) {
                Ok(()) => Reply::Written { path },
                Err(e) => Reply::Failed {
                    what: format!("template {}", path.display()),
                    message: format!("{e:#}"),
                },
            }
        }
        Request::SavePrefs(prefs) => match prefs.save(&session.data_dir) {
            Ok(()) => Reply::PrefsSaved,
            Err(e) => Reply::Failed {
                what: "save preferences".into(),
                message: e.to_string(),
            },
        },
        other => super::council::handle(session, other, actor, emit),
    }
}
