//! The secretary's and the chair's requests, run on the worker thread: the round's
//! lifecycle, re-score, recusal, disqualification, the audit log and its check,
//! certificates, the official documents and their settings.

use chrono::Local;

use super::backup::{self, BackupReason};
use super::notice::Notice;
use super::worker::{PinChange, Reply, Request};
use super::{Session, certificates, doc_settings, documents};
use crate::export::audit;
use crate::files::write_atomic;
use crate::store::{Actor, StoreError};

fn failed(what: &str, message: impl std::fmt::Display) -> Reply {
    Reply::Failed {
        what: what.to_string(),
        message: message.to_string(),
    }
}

fn store_failed(what: &str, e: &StoreError) -> Reply {
    super::worker::error_reply(what, e)
}

pub(super) fn handle(
    session: &mut Session,
    request: Request,
    actor: &Actor,
    emit: &mut dyn FnMut(Reply),
) -> Reply {
    match request {
        Request::AdvanceRound { round, to } => {
            match session.store.advance_round(round, to, actor) {
                Ok(()) => Reply::Done {
                    round: Some(round),
                    notice: Notice::RoundMoved { to },
                },
                Err(e) => store_failed("round", &e),
            }
        }
        Request::FinalizeRound { round, decision } => {
            if let Err(reply) = backup_first(session, BackupReason::Finalize(round)) {
                return *reply;
            }
            match session.store.finalize_round(round, &decision, actor) {
                Ok(seal) => {
                    backup::after_finalize(session, round);
                    Reply::Done {
                        round: Some(round),
                        notice: Notice::Finalized {
                            decision: decision.number.clone(),
                            seal: seal.chars().take(16).collect(),
                        },
                    }
                }
                Err(e) => store_failed("finalize", &e),
            }
        }
        Request::ReopenRound { round, reason } => {
            if let Err(reply) = backup_first(session, BackupReason::Reopen(round)) {
                return *reply;
            }
            match session.store.reopen_round(round, &reason, actor) {
                Ok(_) => Reply::Done {
                    round: Some(round),
                    notice: Notice::RoundReopened,
                },
                Err(e) => store_failed("reopen round", &e),
            }
        }
        Request::IssueCertificates {
            round,
            authority,
            date,
        } => {
            if let Err(reply) = backup_first(session, BackupReason::Certificates(round)) {
                return *reply;
            }
            match super::certificates::issue_round_certificates(
                session,
                round,
                Some(&authority),
                date,
                actor,
            ) {
                Ok(rows) => Reply::Done {
                    round: Some(round),
                    notice: Notice::CertificatesIssued { count: rows.len() },
                },
                Err(e) => match e.downcast_ref::<StoreError>() {
                    Some(store) => store_failed("issue certificates", store),
                    None => failed("issue certificates", format!("{e:#}")),
                },
            }
        }
        Request::PreviewCertificates {
            round,
            authority,
            date,
        } => Reply::CertificatePreview(
            certificates::preview_round_certificates(session, round, Some(&authority), date)
                .map(Box::new)
                .map_err(|e| format!("{e:#}")),
        ),
        Request::LoadCriterionView { product } => match session.store.criterion_view(product) {
            Ok(view) => Reply::CriterionView(Box::new(view)),
            Err(e) => store_failed("per-criterion view", &e),
        },
        Request::Rescore {
            product,
            members,
            reason,
        } => match session.store.rescore(product, &members, &reason, actor) {
            Ok(sheets) => Reply::Done {
                round: session.store.product(product).ok().map(|p| p.round_id),
                notice: Notice::SheetsReopenedForRescore {
                    count: sheets.len(),
                },
            },
            Err(e) => store_failed("re-score", &e),
        },
        Request::Recuse {
            product,
            member,
            reason,
        } => match session
            .store
            .record_recusal(product, member, &reason, actor)
        {
            Ok(()) => Reply::Done {
                round: session.store.product(product).ok().map(|p| p.round_id),
                notice: Notice::RecusalRecorded,
            },
            Err(e) => store_failed("recusal", &e),
        },
        Request::NamePresiding { product, member } => {
            match session.store.name_presiding_member(product, member, actor) {
                Ok(()) => Reply::Done {
                    round: session.store.product(product).ok().map(|p| p.round_id),
                    notice: Notice::PresidingNamed,
                },
                Err(e) => store_failed("presiding member", &e),
            }
        }
        Request::Disqualify {
            product,
            disqualification,
        } => match session
            .store
            .set_disqualification(product, disqualification.as_ref(), actor)
        {
            Ok(()) => Reply::Done {
                round: session.store.product(product).ok().map(|p| p.round_id),
                notice: if disqualification.is_some() {
                    Notice::Disqualified
                } else {
                    Notice::DisqualificationLifted
                },
            },
            Err(e) => store_failed("disqualify", &e),
        },
        Request::LoadAudit { round } => {
            let entries = match session.store.audit_log(round) {
                Ok(entries) => entries,
                Err(e) => return store_failed("audit log", &e),
            };
            match backup::verify_round(session, round) {
                Ok(report) => Reply::Audit {
                    round,
                    entries,
                    report: Box::new(report),
                },
                Err(e) => store_failed("verify", &e),
            }
        }
        Request::ExportAudit { round, path } => {
            let written = session
                .store
                .audit_log(round)
                .map_err(|e| e.to_string())
                .and_then(|entries| {
                    let mut buf = Vec::new();
                    audit::write_csv(&entries, &mut buf).map_err(|e| e.to_string())?;
                    write_atomic(&path, &buf)
                        .map_err(|e| format!("cannot write {}: {e}", path.display()))
                });
            match written {
                Ok(()) => Reply::Written { path },
                Err(e) => failed("export audit log", e),
            }
        }
        Request::LoadCertificates { round } => {
            let today = Local::now().date_naive();
            let rows = match session.store.certificates(round) {
                Ok(rows) => rows,
                Err(e) => return store_failed("certificates", &e),
            };
            match session
                .store
                .certificates_expiring(today, crate::domain::certificate::DEFAULT_NOTICE_DAYS)
            {
                Ok(expiring) => Reply::Certificates {
                    round,
                    rows,
                    expiring,
                },
                Err(e) => store_failed("expiring certificates", &e),
            }
        }
        Request::PrintCertificates {
            round,
            out,
            one_file,
        } => {
            let mut progress = |done: usize, total: usize| {
                emit(Reply::Progress {
                    what: "giấy chứng nhận".into(),
                    done: done as u64,
                    total: total as u64,
                });
            };
            match certificates::write_round_certificates(
                session,
                round,
                out.clone(),
                one_file,
                &mut progress,
            ) {
                Ok(_) => Reply::DocumentWritten { path: out },
                Err(e) => failed("certificates", format!("{e:#}")),
            }
        }
        Request::PrintMinutes {
            round,
            path,
            extras,
        } => match documents::write_minutes(session, round, extras, &path) {
            Ok(_) => Reply::DocumentWritten { path },
            Err(e) => failed("minutes", format!("{e:#}")),
        },
        Request::PrintDecision { round, path } => {
            match super::decision::write_decision(session, round, &path) {
                Ok(_) => Reply::DocumentWritten { path },
                Err(e) => failed("decision", format!("{e:#}")),
            }
        }
        Request::RevokeCertificate {
            certificate,
            decision_no,
            decision_date,
            reason,
        } => match session.store.revoke_certificate(
            certificate,
            &decision_no,
            decision_date,
            &reason,
            actor,
        ) {
            Ok(row) => Reply::Done {
                round: Some(row.round_id),
                notice: Notice::CertificateRevoked { number: row.number },
            },
            Err(e) => store_failed("revoke certificate", &e),
        },
        Request::PrintMemberSheets {
            round,
            member,
            path,
        } => match documents::write_member_sheets(session, round, member, &path) {
            Ok(_) => Reply::DocumentWritten { path },
            Err(e) => failed("sheets", format!("{e:#}")),
        },
        Request::VerifyPayload { text } => {
            match session
                .store
                .check_certificate_payload(&text, Local::now().date_naive())
            {
                Ok(verdict) => Reply::PayloadVerdict(Box::new(verdict)),
                Err(e) => store_failed("verify certificate", &e),
            }
        }
        Request::LoadDocSettings => Reply::DocSettings(
            doc_settings::load_optional(&session.data_dir)
                .map(|setup| setup.map(|s| Box::new(s.settings)))
                .map_err(|e| e.to_string()),
        ),
        Request::SaveDocSettings { round, settings } => {
            // Who edits the settings is checked first, and recorded in the round at
            // hand once the file is saved.
            let action = crate::domain::permissions::CouncilAction::EditDocumentSettings;
            if let Err(e) = session.store.check_permission(round, actor, action) {
                return store_failed("document settings", &e);
            }
            match doc_settings::save(&session.data_dir, &settings) {
                Ok(setup) => match session.store.record_settings_edit(round, actor) {
                    Ok(()) => {
                        emit(Reply::DocSettings(Ok(Some(Box::new(setup.settings)))));
                        Reply::Done {
                            round: Some(round),
                            notice: Notice::DocSettingsSaved,
                        }
                    }
                    Err(e) => store_failed("document settings", &e),
                },
                Err(e) => failed("document settings", e),
            }
        }
        Request::RequirePins { round, required } => {
            match session.store.require_pins(round, required, actor) {
                Ok(()) => Reply::PinsChanged {
                    round,
                    change: PinChange::Required(required),
                },
                Err(e) => store_failed("PIN", &e),
            }
        }
        Request::ResetPin { round, who } => match session.store.reset_pin(round, who, actor) {
            Ok(()) => Reply::PinsChanged {
                round,
                change: PinChange::Reset(who),
            },
            Err(e) => store_failed("PIN", &e),
        },
        other => super::package_requests::handle(session, other, actor, emit),
    }
}

/// The automatic backup before a change that is hard to undo; a failed one refuses it.
fn backup_first(session: &Session, reason: BackupReason) -> Result<(), Box<Reply>> {
    backup::before_change(session, reason).map_err(|e| {
        Box::new(Reply::Failed {
            what: "backup".into(),
            message: format!("{e:#}"),
        })
    })
}
