//! The round's setup and lifecycle, and the council's decisions on products:
//! the demo round, a new round, members, moving/finalizing/reopening a round,
//! certificates issued and revoked, re-score, recusal, disqualification, the
//! presiding member. Weighty steps take an automatic backup first.

use chrono::Local;

use crate::app::backup::{self, BackupReason};
use crate::app::failure::{Cause, Failure, Operation};
use crate::app::notice::Notice;
use crate::app::reply::{Reply, chain_failure, failed, store_failure};
use crate::app::request::CouncilRequest;
use crate::app::{Session, demo};
use crate::domain::actor::Actor;
use crate::domain::ids::{ProductId, RoundId};
use crate::domain::round::ApprovalDecision;
use crate::store::StoreError;

pub(super) fn handle(session: &mut Session, request: CouncilRequest, actor: &Actor) -> Reply {
    match request {
        CouncilRequest::LoadDemo => match demo::load_demo_round(session) {
            Ok(round) => Reply::DemoLoaded(round),
            Err(e) => chain_failure(Operation::DemoRound, None, &e),
        },
        CouncilRequest::CreateRound { name } => create_round(session, name, actor),
        CouncilRequest::AddMember { round, name, role } => {
            match session
                .store
                .add_member(round, &name, role, role.votes_by_default(), actor)
            {
                Ok(_) => Reply::Done(Notice::MemberAdded { name }),
                Err(e) => store_failure(Operation::AddMember, &e),
            }
        }
        CouncilRequest::AdvanceRound { round, to } => {
            match session.store.advance_round(round, to, actor) {
                Ok(()) => Reply::Done(Notice::RoundMoved { to }),
                Err(e) => store_failure(Operation::MoveRound, &e),
            }
        }
        CouncilRequest::FinalizeRound { round, decision } => {
            finalize(session, round, &decision, actor)
        }
        CouncilRequest::ReopenRound { round, reason } => {
            if let Err(reply) = backup_first(session, BackupReason::Reopen(round)) {
                return *reply;
            }
            match session.store.reopen_round(round, &reason, actor) {
                Ok(_) => Reply::Done(Notice::RoundReopened),
                Err(e) => store_failure(Operation::ReopenRound, &e),
            }
        }
        CouncilRequest::IssueCertificates {
            round,
            authority,
            date,
        } => issue_certificates(session, round, &authority, date, actor),
        CouncilRequest::PreviewCertificates {
            round,
            authority,
            date,
        } => preview_certificates(session, round, &authority, date),
        CouncilRequest::RevokeCertificate {
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
            Ok(row) => Reply::Done(Notice::CertificateRevoked { number: row.number }),
            Err(e) => store_failure(Operation::RevokeCertificate, &e),
        },
        CouncilRequest::VerifyPayload { text } => {
            match session
                .store
                .check_certificate_payload(&text, Local::now().date_naive())
            {
                Ok(verdict) => Reply::PayloadVerdict(Box::new(verdict)),
                Err(e) => store_failure(Operation::VerifyCertificate, &e),
            }
        }
        CouncilRequest::Rescore {
            product,
            members,
            reason,
        } => match session.store.rescore(product, &members, &reason, actor) {
            Ok(sheets) => Reply::Done(Notice::SheetsReopenedForRescore {
                count: sheets.len(),
            }),
            Err(e) => store_failure(Operation::Rescore, &e),
        },
        CouncilRequest::Recuse {
            product,
            member,
            reason,
        } => match session
            .store
            .record_recusal(product, member, &reason, actor)
        {
            Ok(()) => Reply::Done(Notice::RecusalRecorded),
            Err(e) => store_failure(Operation::Recusal, &e),
        },
        CouncilRequest::Disqualify {
            product,
            disqualification,
        } => disqualify(session, product, disqualification, actor),
        CouncilRequest::NamePresiding { product, member } => {
            match session.store.name_presiding_member(product, member, actor) {
                Ok(()) => Reply::Done(Notice::PresidingNamed),
                Err(e) => store_failure(Operation::NamePresiding, &e),
            }
        }
    }
}

/// A new round on the default criteria set.
fn create_round(session: &mut Session, name: String, actor: &Actor) -> Reply {
    let Some(set) = session
        .catalog()
        .set(crate::domain::criteria::catalog::DEFAULT_CRITERIA_SET)
        .cloned()
    else {
        return failed(Operation::NewRound, Cause::CriteriaMissing);
    };
    let new = crate::store::NewRound::provincial(name, &set);
    match session.store.create_round(&new, actor) {
        Ok(round) => Reply::RoundCreated(round),
        Err(e) => store_failure(Operation::NewRound, &e),
    }
}

/// Finalizes the round after a backup, and backs up again once sealed.
fn finalize(
    session: &mut Session,
    round: RoundId,
    decision: &ApprovalDecision,
    actor: &Actor,
) -> Reply {
    if let Err(reply) = backup_first(session, BackupReason::Finalize(round)) {
        return *reply;
    }
    match session.store.finalize_round(round, decision, actor) {
        Ok(seal) => {
            backup::after_finalize(session, round);
            Reply::Done(Notice::Finalized {
                decision: decision.number.clone(),
                seal: seal.chars().take(16).collect(),
            })
        }
        Err(e) => store_failure(Operation::FinalizeRound, &e),
    }
}

fn issue_certificates(
    session: &mut Session,
    round: RoundId,
    authority: &str,
    date: Option<chrono::NaiveDate>,
    actor: &Actor,
) -> Reply {
    if let Err(reply) = backup_first(session, BackupReason::Certificates(round)) {
        return *reply;
    }
    match crate::app::certificates::issue_round_certificates(
        session,
        round,
        Some(authority),
        date,
        actor,
    ) {
        Ok(rows) => Reply::Done(Notice::CertificatesIssued { count: rows.len() }),
        Err(e) => chain_failure(Operation::IssueCertificates, None, &e),
    }
}

/// What issuing would write, for the confirmation (nothing is written).
fn preview_certificates(
    session: &Session,
    round: RoundId,
    authority: &str,
    date: Option<chrono::NaiveDate>,
) -> Reply {
    let preview =
        crate::app::certificates::preview_round_certificates(session, round, Some(authority), date)
            .map(Box::new)
            .map_err(|e| {
                let cause = match e.chain().find_map(|c| c.downcast_ref::<StoreError>()) {
                    Some(store) => Cause::of_store(store),
                    None => Cause::of_chain(None, &e),
                };
                Failure {
                    operation: Operation::IssueCertificates,
                    cause,
                }
            });
    Reply::CertificatePreview(preview)
}

fn disqualify(
    session: &mut Session,
    product: ProductId,
    disqualification: Option<crate::domain::disqualify::Disqualification>,
    actor: &Actor,
) -> Reply {
    match session
        .store
        .set_disqualification(product, disqualification.as_ref(), actor)
    {
        Ok(()) => Reply::Done(if disqualification.is_some() {
            Notice::Disqualified
        } else {
            Notice::DisqualificationLifted
        }),
        Err(e) => store_failure(Operation::Disqualify, &e),
    }
}

/// The automatic backup before a change that is hard to undo; a failed one refuses it.
fn backup_first(session: &Session, reason: BackupReason) -> Result<(), Box<Reply>> {
    backup::before_change(session, reason)
        .map_err(|e| Box::new(chain_failure(Operation::BackupBeforeChange, None, &e)))
}
