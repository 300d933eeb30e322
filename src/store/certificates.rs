//! Certificates: issued when a finalized round moves to certificates-issued, one per
//! product the round certifies, numbered per issuing authority and year (issue.rs);
//! reprints; the expiry list; checking a presented QR payload against the database.

mod issue;

use crate::domain::permissions::CouncilAction;
use crate::store::authorize::authorize_on;
use chrono::{Days, NaiveDate};
use rusqlite::{Connection, OptionalExtension, Row, params};

use super::revocations::revocation_of;

use super::audit::{self, Actor};
use super::lifecycle::parse_date;
use super::{Store, StoreError, StoreResult, begin};
use crate::domain::certificate::{self, Mismatch, Payload, RecordedFacts};
use crate::domain::ids::{CertificateId, ProductId, RoundId};
pub use crate::domain::model::{CertificateRow, ExpiringCertificate, PayloadVerdict};
use crate::domain::refusal::{CertificateFault, StoreOperation};

const CERTIFICATE_COLUMNS: &str =
    "c.id, c.round_id, c.product_id, c.product_name, c.authority, c.year, c.seq,
     c.number, c.stars, c.decision_no, c.decision_date, c.issued_on, c.valid_until,
     c.audit_head, c.digest, c.reprint_count, c.created_at,
     c.producer_name, c.producer_address, c.place_name, c.signatory_title, c.signatory_name";

/// Reads a row; dates that do not parse are reported by [`certificate_from_raw`].
type RawCertificate = (CertificateRow, [String; 3]);

fn raw_from_row(r: &Row<'_>) -> rusqlite::Result<RawCertificate> {
    let epoch = NaiveDate::MIN;
    Ok((
        CertificateRow {
            id: CertificateId(r.get(0)?),
            round_id: RoundId(r.get(1)?),
            product_id: ProductId(r.get(2)?),
            product_name: r.get(3)?,
            authority: r.get(4)?,
            year: r.get(5)?,
            seq: r.get(6)?,
            number: r.get(7)?,
            stars: r.get(8)?,
            decision_no: r.get(9)?,
            decision_date: epoch,
            issued_on: epoch,
            valid_until: epoch,
            audit_head: r.get(13)?,
            digest: r.get(14)?,
            reprint_count: r.get(15)?,
            created_at: r.get(16)?,
            recorded: match (r.get(17)?, r.get(18)?, r.get(19)?, r.get(20)?, r.get(21)?) {
                (
                    Some(producer_name),
                    Some(producer_address),
                    Some(place_name),
                    Some(signatory_title),
                    Some(signatory_name),
                ) => Some(RecordedFacts {
                    producer_name,
                    producer_address,
                    place_name,
                    signatory_title,
                    signatory_name,
                }),
                _ => None,
            },
            revocation: None,
        },
        [r.get(10)?, r.get(11)?, r.get(12)?],
    ))
}

fn certificate_from_raw((mut row, dates): RawCertificate) -> StoreResult<CertificateRow> {
    let what = |field: &str| format!("certificate {} {field}", row.number);
    row.decision_date = parse_date(&what("decision date"), &dates[0])?;
    row.issued_on = parse_date(&what("issue date"), &dates[1])?;
    row.valid_until = parse_date(&what("expiry date"), &dates[2])?;
    Ok(row)
}

fn certificates_where(
    conn: &Connection,
    condition: &str,
    params: impl rusqlite::Params,
) -> StoreResult<Vec<CertificateRow>> {
    let mut stmt = conn.prepare(&format!(
        "SELECT {CERTIFICATE_COLUMNS} FROM certificates c WHERE {condition}"
    ))?;
    let raw: Vec<RawCertificate> = stmt
        .query_map(params, raw_from_row)?
        .collect::<Result<_, _>>()?;
    raw.into_iter()
        .map(|raw| {
            let mut row = certificate_from_raw(raw)?;
            row.revocation = revocation_of(conn, row.id)?;
            Ok(row)
        })
        .collect()
}

impl Store {
    /// A round's certificates, by number.
    pub fn certificates(&self, round: RoundId) -> StoreResult<Vec<CertificateRow>> {
        certificates_where(
            &self.conn,
            "c.round_id = ?1 ORDER BY c.authority, c.year, c.seq",
            [round.0],
        )
    }

    pub fn certificate(&self, id: CertificateId) -> StoreResult<CertificateRow> {
        certificates_where(&self.conn, "c.id = ?1", [id.0])?
            .into_iter()
            .next()
            .ok_or(StoreError::NoCertificate(id))
    }

    /// Marks one more print of a certificate as a copy; returns the updated row. The
    /// number does not change.
    pub fn reprint_certificate(
        &mut self,
        id: CertificateId,
        actor: &Actor,
    ) -> StoreResult<CertificateRow> {
        let before = self.certificate(id)?;
        if let Some(r) = &before.revocation {
            return Err(StoreError::refused(
                StoreOperation::ReprintCertificate {
                    number: before.number.clone(),
                },
                CertificateFault::Revoked {
                    number: before.number.clone(),
                    decision_no: r.decision_no.clone(),
                    decision_date: r.decision_date,
                },
            ));
        }
        let tx = begin(&mut self.conn)?;
        authorize_on(
            &tx,
            before.round_id,
            actor,
            CouncilAction::IssueCertificates,
            None,
        )?;
        tx.execute(
            "UPDATE certificates SET reprint_count = reprint_count + 1 WHERE id = ?1",
            [id.0],
        )?;
        audit::append(
            &tx,
            before.round_id,
            actor,
            "certificate.reprint",
            &format!(
                "certificate:{} product:{}",
                before.number, before.product_id
            ),
            Some(&before.reprint_count.to_string()),
            Some(&(before.reprint_count + 1).to_string()),
        )?;
        tx.commit()?;
        self.certificate(id)
    }

    /// Certificates that expire within `within_days` of `as_of`, or have expired, soonest
    /// first, in every round.
    pub fn certificates_expiring(
        &self,
        as_of: NaiveDate,
        within_days: u32,
    ) -> StoreResult<Vec<ExpiringCertificate>> {
        let limit = as_of
            .checked_add_days(Days::new(u64::from(within_days)))
            .ok_or_else(|| {
                StoreError::refused(
                    StoreOperation::ExpiringCertificates,
                    CertificateFault::WindowOutOfRange {
                        as_of,
                        days: within_days,
                    },
                )
            })?;
        let rows = certificates_where(
            &self.conn,
            "c.valid_until <= ?1 ORDER BY c.valid_until, c.authority, c.year, c.seq",
            [limit.to_string()],
        )?;
        rows.into_iter()
            .map(|certificate| {
                let producer = self.product(certificate.product_id)?.producer.name;
                let expiry = certificate::expiry(certificate.valid_until, as_of, within_days);
                Ok(ExpiringCertificate {
                    certificate,
                    producer,
                    expiry,
                })
            })
            .collect()
    }

    /// Checks a presented QR payload against the database, offline.
    pub fn check_certificate_payload(
        &self,
        text: &str,
        as_of: NaiveDate,
    ) -> StoreResult<PayloadVerdict> {
        let mut verdict = PayloadVerdict {
            payload: text.trim().to_string(),
            certificate: None,
            problems: Vec::new(),
            expiry: None,
            revocation: None,
        };
        let payload = match Payload::parse(text) {
            Ok(p) => p,
            Err(e) => {
                verdict.problems.push(e.to_string());
                return Ok(verdict);
            }
        };
        let found = certificates_where(
            &self.conn,
            "c.number = ?1 AND c.product_id = ?2",
            params![payload.number, payload.product.0],
        )?
        .into_iter()
        .next();
        let Some(row) = found else {
            let same_number =
                certificates_where(&self.conn, "c.number = ?1 ORDER BY c.id", [&payload.number])?;
            verdict.problems.push(if same_number.is_empty() {
                format!(
                    "no certificate numbered {} in this database",
                    payload.number
                )
            } else {
                format!(
                    "certificate {} was issued for product {}, not product {}",
                    payload.number,
                    same_number
                        .iter()
                        .map(|c| c.product_id.to_string())
                        .collect::<Vec<_>>()
                        .join(", "),
                    payload.product
                )
            });
            return Ok(verdict);
        };
        verdict.problems = payload
            .check_against(&row.facts(), &row.digest)
            .iter()
            .map(Mismatch::to_string)
            .collect();
        // The certificate must also hang on the round's chain.
        let on_chain: bool = self
            .conn
            .query_row(
                "SELECT EXISTS (SELECT 1 FROM audit_log WHERE round_id = ?1 AND hash = ?2)",
                params![row.round_id.0, row.audit_head],
                |r| r.get(0),
            )
            .optional()?
            .unwrap_or(false);
        if !on_chain {
            verdict.problems.push(format!(
                "the audit entry the certificate was issued on is not in round {}'s audit log",
                row.round_id
            ));
        }
        verdict.expiry = Some(certificate::expiry(
            row.valid_until,
            as_of,
            certificate::DEFAULT_NOTICE_DAYS,
        ));
        verdict.revocation = row.revocation.clone();
        verdict.certificate = Some(row);
        Ok(verdict)
    }
}
