//! The province's catalogue and the programme report: loading the screen's
//! data, importing the province's file (all or nothing), the list and the
//! template out, the report, the plan target.

use crate::domain::progress::Progress;
use std::path::PathBuf;

use chrono::NaiveDate;

use crate::app::Session;
use crate::app::catalogue::{
    ImportError, ListFormat, ReportFormat, ReportRequest, export_listing, import_catalogue,
    listing, load_catalogue, programme_report, write_report,
};
use crate::app::failure::{Cause, Operation};
use crate::app::reply::{Reply, chain_failure, failed, import_failure, store_failure};
use crate::app::request::CatalogueRequest;
use crate::domain::actor::Actor;
use crate::domain::catalogue::CatalogueFilter;

pub(super) fn handle(
    session: &mut Session,
    request: CatalogueRequest,
    actor: &Actor,
    emit: &mut dyn FnMut(Reply),
) -> Reply {
    let today = chrono::Local::now().date_naive();
    match request {
        CatalogueRequest::LoadCatalogue { as_of } => {
            match load_catalogue(&session.store, as_of.unwrap_or(today)) {
                Ok(data) => Reply::Catalogue(Box::new(data)),
                Err(e) => store_failure(Operation::LoadCatalogue, &e),
            }
        }
        CatalogueRequest::ImportCatalogue { path } => {
            let file = path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            let mut progress = |p: Progress| emit(Reply::Progress(p.with_item(file.clone())));
            match import_catalogue(&mut session.store, &path, actor, &mut progress) {
                Ok(done) => Reply::CatalogueImported(done),
                Err(ImportError::Refused(refusal)) => Reply::CatalogueRefused {
                    file,
                    problems: refusal.problems,
                },
                Err(e) => import_failure(Operation::ImportCatalogue, &path, e),
            }
        }
        CatalogueRequest::ExportCatalogue { path, filter } => {
            export_catalogue(session, path, &filter, today)
        }
        CatalogueRequest::CatalogueTemplate { path } => {
            match crate::app::export::write_catalogue_template(session.catalog(), &path) {
                Ok(()) => Reply::Written { path },
                Err(e) => chain_failure(Operation::CatalogueTemplate, Some(&path), &e),
            }
        }
        CatalogueRequest::ProgrammeReport { path } => report(session, path, today),
        CatalogueRequest::SetCatalogueTarget { target } => {
            match session.store.set_catalogue_target(target, actor) {
                Ok(()) => match load_catalogue(&session.store, today) {
                    Ok(data) => Reply::Catalogue(Box::new(data)),
                    Err(e) => store_failure(Operation::LoadCatalogue, &e),
                },
                Err(e) => store_failure(Operation::SetPlanTarget, &e),
            }
        }
    }
}

fn export_catalogue(
    session: &Session,
    path: PathBuf,
    filter: &CatalogueFilter,
    today: NaiveDate,
) -> Reply {
    let Some(format) = ListFormat::of_path(&path) else {
        return failed(
            Operation::ExportCatalogue,
            Cause::Extension {
                path,
                expected: &["xlsx", "csv"],
            },
        );
    };
    let written = listing(&session.store, filter, today)
        .map_err(anyhow::Error::from)
        .and_then(|rows| export_listing(&rows, format, &path));
    match written {
        Ok(()) => Reply::Written { path },
        Err(e) => chain_failure(Operation::ExportCatalogue, Some(&path), &e),
    }
}

/// The programme report on today's figures, in the format of the extension.
fn report(session: &Session, path: PathBuf, today: NaiveDate) -> Reply {
    let Some(format) = ReportFormat::of_path(&path) else {
        return failed(
            Operation::ProgrammeReport,
            Cause::Extension {
                path,
                expected: &["pdf", "xlsx", "docx", "json"],
            },
        );
    };
    let request = ReportRequest {
        as_of: today,
        from_year: None,
        to_year: None,
        target: None,
    };
    let written = programme_report(&session.store, &request)
        .map_err(anyhow::Error::from)
        .and_then(|report| write_report(session, &report, format, &path));
    match written {
        Ok(()) => Reply::DocumentWritten { path },
        Err(e) => chain_failure(Operation::ProgrammeReport, Some(&path), &e),
    }
}
