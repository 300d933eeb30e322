//! Files the office prints or hands on: the round's results, the product-list
//! template, the audit log, certificates, the minutes, the approval decision, a
//! member's sheets, and the document settings (who issues the documents).

use std::path::Path;

use crate::app::failure::{Cause, Operation};
use crate::app::notice::Notice;
use crate::app::reply::{Reply, chain_failure, failed, store_failure};
use crate::app::request::DocumentsRequest;
use crate::app::{Session, certificates, doc_settings, documents};
use crate::domain::actor::Actor;
use crate::domain::ids::RoundId;
use crate::export::audit;
use crate::files::write_atomic;

pub(super) fn handle(
    session: &mut Session,
    request: DocumentsRequest,
    actor: &Actor,
    emit: &mut dyn FnMut(Reply),
) -> Reply {
    match request {
        DocumentsRequest::Export {
            round,
            format,
            path,
        } => match crate::app::export::export_round(session, round, format, &path) {
            Ok(()) => Reply::Written { path },
            Err(e) => chain_failure(Operation::ExportResults, Some(&path), &e),
        },
        DocumentsRequest::ProductListTemplate { round, path } => {
            product_list_template(session, round, path)
        }
        DocumentsRequest::ExportAudit { round, path } => export_audit(session, round, path),
        DocumentsRequest::PrintCertificates {
            round,
            out,
            one_file,
        } => {
            let mut progress = |p| emit(Reply::Progress(p));
            match certificates::write_round_certificates(
                session,
                round,
                out.clone(),
                one_file,
                &mut progress,
            ) {
                Ok(_) => Reply::DocumentWritten { path: out },
                Err(e) => chain_failure(Operation::PrintCertificates, Some(&out), &e),
            }
        }
        DocumentsRequest::PrintMinutes {
            round,
            path,
            extras,
        } => match documents::write_minutes(session, round, extras, &path) {
            Ok(_) => Reply::DocumentWritten { path },
            Err(e) => chain_failure(Operation::PrintMinutes, Some(&path), &e),
        },
        DocumentsRequest::PrintDecision { round, path } => {
            match crate::app::decision::write_decision(session, round, &path) {
                Ok(_) => Reply::DocumentWritten { path },
                Err(e) => chain_failure(Operation::PrintDecision, Some(&path), &e),
            }
        }
        DocumentsRequest::PrintMemberSheets {
            round,
            member,
            path,
        } => match documents::write_member_sheets(session, round, member, &path) {
            Ok(_) => Reply::DocumentWritten { path },
            Err(e) => chain_failure(Operation::PrintMemberSheets, Some(&path), &e),
        },
        DocumentsRequest::LoadDocSettings => Reply::DocSettings(
            doc_settings::load_optional(&session.data_dir)
                .map(|setup| setup.map(|s| Box::new(s.settings))),
        ),
        DocumentsRequest::SaveDocSettings { round, settings } => {
            save_doc_settings(session, round, &settings, actor, emit)
        }
    }
}

fn product_list_template(session: &Session, round: RoundId, path: std::path::PathBuf) -> Reply {
    let written = session
        .store
        .round(round)
        .map_err(anyhow::Error::from)
        .and_then(|r| {
            crate::app::export::write_product_list_template(
                session.catalog(),
                &r.criteria_set_id,
                &path,
            )
        });
    match written {
        Ok(()) => Reply::Written { path },
        Err(e) => chain_failure(Operation::ProductListTemplate, Some(&path), &e),
    }
}

fn export_audit(session: &Session, round: RoundId, path: std::path::PathBuf) -> Reply {
    let entries = match session.store.audit_log(round) {
        Ok(entries) => entries,
        Err(e) => return store_failure(Operation::ExportAudit, &e),
    };
    match write_audit_csv(&entries, &path) {
        Ok(()) => Reply::Written { path },
        Err(e) => failed(Operation::ExportAudit, Cause::io(Some(&path), &e)),
    }
}

fn write_audit_csv(
    entries: &[crate::domain::model::AuditEntry],
    path: &Path,
) -> std::io::Result<()> {
    let mut buf = Vec::new();
    audit::write_csv(entries, &mut buf)?;
    write_atomic(path, &buf)
}

/// Who edits the settings is checked first, and recorded in the round at hand
/// once the file is saved.
fn save_doc_settings(
    session: &mut Session,
    round: RoundId,
    settings: &doc_settings::DocSettings,
    actor: &Actor,
    emit: &mut dyn FnMut(Reply),
) -> Reply {
    let action = crate::domain::permissions::CouncilAction::EditDocumentSettings;
    if let Err(e) = session.store.check_permission(round, actor, action) {
        return store_failure(Operation::SaveDocSettings, &e);
    }
    match doc_settings::save(&session.data_dir, settings) {
        Ok(setup) => match session.store.record_settings_edit(round, actor) {
            Ok(()) => {
                emit(Reply::DocSettings(Ok(Some(Box::new(setup.settings)))));
                Reply::Done(Notice::DocSettingsSaved)
            }
            Err(e) => store_failure(Operation::SaveDocSettings, &e),
        },
        Err(e) => failed(Operation::SaveDocSettings, Cause::DocSettings(e)),
    }
}
