//! Revocation (thu hồi) of an issued certificate: the certificate keeps its row
//! and number and gains one record (the revoking decision, its date, the reason,
//! who recorded it), audited. The record is append-only (triggers in migration
//! 0006 refuse editing or deleting it); a revoked certificate is not reprinted,
//! and `verify-certificate` reports it.

use crate::domain::permissions::CouncilAction;
use crate::store::authorize::authorize_on;
use chrono::NaiveDate;
use rusqlite::{Connection, OptionalExtension, params};

use super::audit::{self, Actor};
use super::certificates::CertificateRow;
use super::lifecycle::parse_date;
use super::{Store, StoreError, StoreResult, begin, now};
use crate::domain::ids::{CertificateId, MemberId};
pub use crate::domain::model::Revocation;
use crate::domain::refusal::{CertificateFault, Problem, StoreOperation};
use crate::domain::round::RoundStatus;

/// The revocation of certificate `id`, if any.
pub(super) fn revocation_of(
    conn: &Connection,
    id: CertificateId,
) -> StoreResult<Option<Revocation>> {
    let raw: Option<(String, String, String, i64, Option<String>, String)> = conn
        .query_row(
            "SELECT v.decision_no, v.decision_date, v.reason, v.member_id, m.name, v.created_at
             FROM certificate_revocations v LEFT JOIN members m ON m.id = v.member_id
             WHERE v.certificate_id = ?1",
            [id.0],
            |r| {
                Ok((
                    r.get(0)?,
                    r.get(1)?,
                    r.get(2)?,
                    r.get(3)?,
                    r.get(4)?,
                    r.get(5)?,
                ))
            },
        )
        .optional()?;
    raw.map(|(decision_no, date, reason, member, name, created_at)| {
        Ok(Revocation {
            decision_date: parse_date(&format!("revocation of certificate {id} date"), &date)?,
            decision_no,
            reason,
            member: MemberId(member),
            member_name: name.unwrap_or_default(),
            created_at,
        })
    })
    .transpose()
}

impl Store {
    /// Revokes an issued certificate by the decision `decision_no` of
    /// `decision_date` for `reason`, recorded by the actor (the chair or the secretary
    /// of the certificate's round, domain/permissions.rs), who is named in the audit entry.
    /// Refused: a certificate already revoked, a round whose certificates are not
    /// issued, a decision dated before the certificate, empty texts.
    pub fn revoke_certificate(
        &mut self,
        id: CertificateId,
        decision_no: &str,
        decision_date: NaiveDate,
        reason: &str,
        actor: &Actor,
    ) -> StoreResult<CertificateRow> {
        let (decision_no, reason) = (decision_no.trim(), reason.trim());
        let certificate = self.certificate(id)?;
        let operation = StoreOperation::RevokeCertificate {
            number: certificate.number.clone(),
        };
        let mut problems: Vec<Problem> = Vec::new();
        if decision_no.is_empty() {
            problems.push(CertificateFault::NoRevokingDecisionNumber.into());
        }
        if reason.is_empty() {
            problems.push(CertificateFault::NoRevocationReason.into());
        }
        if decision_date < certificate.issued_on {
            problems.push(
                CertificateFault::RevokedBeforeIssued {
                    decision_date,
                    issued_on: certificate.issued_on,
                }
                .into(),
            );
        }
        if let Some(r) = &certificate.revocation {
            problems.push(
                CertificateFault::AlreadyRevoked {
                    number: certificate.number.clone(),
                    decision_no: r.decision_no.clone(),
                    decision_date: r.decision_date,
                }
                .into(),
            );
        }
        let round = certificate.round_id;
        let tx = begin(&mut self.conn)?;
        authorize_on(&tx, round, actor, CouncilAction::RevokeCertificate, None)?;
        let by = actor.member_id().ok_or_else(|| {
            StoreError::refused(operation.clone(), CertificateFault::RevocationByMember)
        })?;
        let status = super::rounds::round_on(&tx, round)?.status;
        if status != RoundStatus::CertificatesIssued {
            problems.push(CertificateFault::NotIssued { round, status }.into());
        }
        StoreError::refused_for(operation, problems)?;
        tx.execute(
            "INSERT INTO certificate_revocations
                 (certificate_id, decision_no, decision_date, reason, member_id, created_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![
                id.0,
                decision_no,
                decision_date.to_string(),
                reason,
                by.0,
                now()
            ],
        )?;
        audit::append(
            &tx,
            round,
            actor,
            "certificate.revoke",
            &format!(
                "certificate:{} product:{}",
                certificate.number, certificate.product_id
            ),
            None,
            Some(&format!(
                "revoked by decision {decision_no} of {decision_date}: {reason}"
            )),
        )?;
        tx.commit()?;
        self.certificate(id)
    }
}
