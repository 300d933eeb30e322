//! Loading what a screen shows: the rounds, a round, a member's sheet, the
//! per-criterion view, a dossier's older version, the audit log, certificates.

use chrono::Local;

use crate::app::failure::Operation;
use crate::app::reply::{Reply, chain_failure, store_failure};
use crate::app::request::ViewsRequest;
use crate::app::{Session, backup, dossier, views};
use crate::domain::ids::RoundId;

pub(super) fn handle(session: &mut Session, request: ViewsRequest) -> Reply {
    match request {
        ViewsRequest::LoadRounds => match views::rounds(session) {
            Ok(data) => Reply::Rounds(data),
            Err(e) => store_failure(Operation::LoadRounds, &e),
        },
        ViewsRequest::LoadRound { round, identity } => {
            match views::round(session, round, identity) {
                Ok(data) => Reply::Round(Box::new(data)),
                Err(e) => store_failure(Operation::LoadRound, &e),
            }
        }
        ViewsRequest::LoadDesk { product, member } => match views::desk(session, product, member) {
            Ok(data) => Reply::Desk(Box::new(data)),
            Err(e) => chain_failure(Operation::LoadSheet, None, &e),
        },
        ViewsRequest::LoadCriterionView { product } => {
            match session.store.criterion_view(product) {
                Ok(view) => Reply::CriterionView(Box::new(view)),
                Err(e) => store_failure(Operation::LoadCriterionView, &e),
            }
        }
        ViewsRequest::LoadDossierVersion { dossier } => {
            match dossier::dossier_version_view(session, dossier) {
                Ok(view) => Reply::DossierVersion(Box::new(view)),
                Err(e) => chain_failure(Operation::LoadDossierVersion, None, &e),
            }
        }
        ViewsRequest::LoadAudit { round } => audit(session, round),
        ViewsRequest::LoadCertificates { round } => certificates(session, round),
    }
}

/// The round's audit log with its check (the chain, and the rollback anchor).
fn audit(session: &Session, round: RoundId) -> Reply {
    let entries = match session.store.audit_log(round) {
        Ok(entries) => entries,
        Err(e) => return store_failure(Operation::LoadAudit, &e),
    };
    match backup::verify_round(session, round) {
        Ok((report, rollback)) => Reply::Audit {
            round,
            entries,
            report: Box::new(report),
            rollback,
        },
        Err(e) => store_failure(Operation::LoadAudit, &e),
    }
}

/// The round's certificates, and those of every round that end soon.
fn certificates(session: &Session, round: RoundId) -> Reply {
    let today = Local::now().date_naive();
    let rows = match session.store.certificates(round) {
        Ok(rows) => rows,
        Err(e) => return store_failure(Operation::LoadCertificates, &e),
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
        Err(e) => store_failure(Operation::LoadCertificates, &e),
    }
}
