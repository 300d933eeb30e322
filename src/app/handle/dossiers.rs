//! Dossiers and product lists: a bundle (folder or .zip) or files typed in the
//! GUI into a round, with progress; a product list; a dossier out as a bundle.

use crate::app::dossier::{DossierReport, ImportOutcome};
use crate::app::failure::Operation;
use crate::app::notice::Notice;
use crate::app::reply::{Reply, chain_failure, import_failure};
use crate::app::request::DossiersRequest;
use crate::app::{Session, dossier, dossier_export};
use crate::domain::actor::Actor;
use crate::domain::ids::RoundId;
use crate::domain::progress::{PerPercent, Progress};
use crate::domain::refusal::{Refusal, Subject};

pub(super) fn handle(
    session: &mut Session,
    request: DossiersRequest,
    actor: &Actor,
    emit: &mut dyn FnMut(Reply),
) -> Reply {
    match request {
        DossiersRequest::ImportDossier { round, path } => {
            import_bundle(session, round, &path, actor, emit)
        }
        DossiersRequest::ImportLoose {
            round,
            facts,
            files,
        } => {
            let what = facts.product_name.clone();
            let mut progress = |p: Progress| {
                emit(Reply::Progress(p.with_item(what.clone())));
            };
            let imported = dossier::import_loose_files(
                session,
                round,
                &facts,
                None,
                &files,
                actor,
                &mut progress,
            );
            imported_reply(round, None, imported)
        }
        DossiersRequest::ImportProductList { round, path } => {
            match crate::app::export::import_product_list(session, round, &path, actor) {
                Ok(ids) => Reply::Done(Notice::ProductsImported {
                    count: ids.len(),
                    from: path.clone(),
                }),
                Err(e) => import_failure(Operation::ImportProductList, &path, e),
            }
        }
        DossiersRequest::ExportDossier { product, path } => {
            match dossier_export::export_dossier(session, product, &path) {
                Ok(_) => Reply::Written { path },
                Err(e) => chain_failure(Operation::ExportDossier, Some(&path), &e),
            }
        }
    }
}

/// Imports the bundle at `path`, reporting progress at most once per percent
/// (the UI need not repaint more).
fn import_bundle(
    session: &mut Session,
    round: RoundId,
    path: &std::path::Path,
    actor: &Actor,
    emit: &mut dyn FnMut(Reply),
) -> Reply {
    let what = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let mut gate = PerPercent::new();
    let mut progress = |p: Progress| {
        if gate.admits(&p) {
            emit(Reply::Progress(p.with_item(what.clone())));
        }
    };
    let imported = dossier::import_bundle(session, path, round, actor, &mut progress);
    imported_reply(round, Some(path), imported)
}

/// The reply for a dossier import: imported, refused with every problem, or failed.
fn imported_reply(
    round: RoundId,
    path: Option<&std::path::Path>,
    imported: anyhow::Result<Result<ImportOutcome, DossierReport>>,
) -> Reply {
    match imported {
        Ok(Ok(outcome)) => Reply::DossierImported {
            round,
            product: outcome.product,
            outcome,
        },
        Ok(Err(report)) => Reply::FileRefused {
            file: report.bundle.clone(),
            refusal: Refusal::new(
                Subject::DossierBundle,
                report.problems.iter().map(|p| p.typed()).collect(),
            ),
        },
        Err(e) => chain_failure(Operation::ImportDossier, path, &e),
    }
}
