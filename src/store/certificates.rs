//! Certificates: issued when a finalized round moves to certificates-issued, one per
//! product the round certifies, numbered per issuing authority and year; reprints;
//! the expiry list; checking a presented QR payload against the database.

use crate::domain::permissions::CouncilAction;
use crate::store::authorize::authorize_on;
use chrono::{Datelike, Days, NaiveDate};
use rusqlite::{Connection, OptionalExtension, Row, params};
use unicode_normalization::UnicodeNormalization;

use super::revocations::revocation_of;

use super::audit::{self, Actor};
use super::lifecycle::{change_status, parse_date, refused, round_facts_on};
use super::results::{ProductOutcome, RoundResults, round_results_on};
use super::rounds::round_on;
use super::{Store, StoreError, StoreResult, begin, now};
use crate::domain::certificate::{
    self, CertificateFacts, IssuePreview, Issuer, Mismatch, Payload, PlannedCertificate,
    RecordedFacts, authority_key, certified_by, format_number,
};
use crate::domain::ids::{CertificateId, ProductId, RoundId};
pub use crate::domain::model::{CertificateRow, ExpiringCertificate, PayloadVerdict};
use crate::domain::refusal::{CertificateFault, IssuerField, Problem, StoreOperation};
use crate::domain::round::{RoundLevel, RoundStatus, TransitionRequest, check_transition};

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

/// The issuing authority as stored: trimmed, NFC.
fn authority_display(authority: &str) -> String {
    authority.trim().nfc().collect()
}

/// The next sequence number of `authority` in `year`, comparing authorities after
/// normalisation ([`authority_key`]), older rows included.
fn next_seq(conn: &Connection, authority: &str, year: i32) -> StoreResult<u32> {
    let key = authority_key(authority);
    let mut stmt = conn.prepare("SELECT authority, seq FROM certificates WHERE year = ?1")?;
    let rows: Vec<(String, u32)> = stmt
        .query_map([year], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<Result<_, _>>()?;
    Ok(rows
        .iter()
        .filter(|(a, _)| authority_key(a) == key)
        .map(|(_, seq)| *seq)
        .max()
        .unwrap_or(0)
        + 1)
}

/// Every empty part of the issuer, one problem each.
fn issuer_problems(issuer: &Issuer) -> Vec<Problem> {
    IssuerField::ALL
        .into_iter()
        .filter(|field| issuer_part(issuer, *field).trim().is_empty())
        .map(|field| CertificateFault::EmptyIssuer { field }.into())
        .collect()
}

fn issuer_part(issuer: &Issuer, field: IssuerField) -> &str {
    match field {
        IssuerField::Authority => &issuer.authority,
        IssuerField::PlaceName => &issuer.place_name,
        IssuerField::SignatoryTitle => &issuer.signatory_title,
        IssuerField::SignatoryName => &issuer.signatory_name,
    }
}

/// The products `results` certifies at `level`, each with the sequence number it
/// gets: after `authority`'s last number of `year`, in the results' order.
fn numbered_on<'r>(
    conn: &Connection,
    results: &'r RoundResults,
    level: RoundLevel,
    authority: &str,
    year: i32,
) -> StoreResult<Vec<(u32, &'r ProductOutcome)>> {
    let first_seq = next_seq(conn, authority, year)?;
    Ok((first_seq..)
        .zip(
            results
                .products
                .iter()
                .filter(|o| certified_by(level, &o.result)),
        )
        .collect())
}

/// The issue date when none is given: the approval decision's.
fn issue_date(
    round: RoundId,
    given: Option<NaiveDate>,
    decided: Option<NaiveDate>,
) -> StoreResult<NaiveDate> {
    given.or(decided).ok_or_else(|| {
        StoreError::refused(
            StoreOperation::IssueCertificates { round },
            CertificateFault::NoDecisionDate { round },
        )
    })
}

/// The last day a certificate issued on `issued_on` is valid (36 months on).
fn valid_until(round: RoundId, issued_on: NaiveDate) -> StoreResult<NaiveDate> {
    certificate::valid_until(issued_on).ok_or_else(|| {
        StoreError::refused(
            StoreOperation::IssueCertificates { round },
            CertificateFault::ValidityOutOfRange { issued_on },
        )
    })
}

impl Store {
    /// What [`Store::issue_certificates`] would issue with `issuer` on `issued_on`,
    /// read without writing anything: every certified product with the number it
    /// would get (the next in the authority's sequence of the year), its stars, the
    /// dates and the issuer as recorded. The confirmation shows it before the step.
    pub fn preview_certificates(
        &self,
        round: RoundId,
        issuer: &Issuer,
        issued_on: Option<NaiveDate>,
    ) -> StoreResult<IssuePreview> {
        let row = round_on(&self.conn, round)?;
        let facts = round_facts_on(&self.conn, &self.sheet_cache, round)?;
        let issued_on = issue_date(round, issued_on, facts.decision_date)?;
        let valid_until = valid_until(round, issued_on)?;
        let issuer = Issuer {
            authority: authority_display(&issuer.authority),
            place_name: issuer.place_name.trim().to_owned(),
            signatory_title: issuer.signatory_title.trim().to_owned(),
            signatory_name: issuer.signatory_name.trim().to_owned(),
        };
        let results = round_results_on(&self.conn, &self.sheet_cache, round)?;
        let year = issued_on.year();
        let certificates = numbered_on(&self.conn, &results, row.level, &issuer.authority, year)?
            .into_iter()
            .map(|(seq, o)| PlannedCertificate {
                number: format_number(seq, year),
                product: o.product.id,
                product_name: o.product.name.clone(),
                stars: o.result.stars,
            })
            .collect();
        Ok(IssuePreview {
            round,
            issuer,
            issued_on,
            valid_until,
            certificates,
        })
    }

    /// Finalized → certificates-issued: allocates one certificate per product this
    /// round certifies (provincial round: 3★ and 4★; central round: 5★), numbered
    /// after the authority's last number of the year (authorities compared after
    /// normalisation), issued on `issued_on` (default: the approval decision's
    /// date), valid 36 months. Each records the producer's name and address and the
    /// issuer (authority, place, signatory title and name), all covered by its
    /// digest with the round's audit head. Refused when the issuer is incomplete or
    /// a certified product's producer has no address. Returns the new certificates.
    pub fn issue_certificates(
        &mut self,
        round: RoundId,
        issuer: &Issuer,
        issued_on: Option<NaiveDate>,
        actor: &Actor,
    ) -> StoreResult<Vec<CertificateRow>> {
        StoreError::refused_for(
            StoreOperation::IssueCertificates { round },
            issuer_problems(issuer),
        )?;
        let authority = authority_display(&issuer.authority);
        let tx = begin(&mut self.conn)?;
        authorize_on(&tx, round, actor, CouncilAction::IssueCertificates, None)?;
        let row = round_on(&tx, round)?;
        let facts = round_facts_on(&tx, &self.sheet_cache, round)?;
        let decision_date = facts.decision_date;
        let issued_on = issue_date(round, issued_on, decision_date)?;
        check_transition(
            row.status,
            &TransitionRequest::IssueCertificates {
                authority: &authority,
                issued_on,
            },
            &facts,
        )
        .map_err(|r| refused(round, r))?;
        let (Some(decision_no), Some(decision_date)) = (row.decision_no.clone(), decision_date)
        else {
            return Err(StoreError::Corrupt(format!(
                "round {round} is finalized without an approval decision"
            )));
        };
        let valid_until = valid_until(round, issued_on)?;
        let head = super::audit::head_on(&tx, round)?;
        let year = issued_on.year();
        let key = authority_key(&authority);
        let results = round_results_on(&tx, &self.sheet_cache, round)?;
        let numbered = numbered_on(&tx, &results, row.level, &authority, year)?;
        let no_address: Vec<Problem> = numbered
            .iter()
            .map(|(_, o)| &o.product)
            .filter(|p| p.producer.full_address().is_empty())
            .map(|p| {
                CertificateFault::NoProducerAddress {
                    product: p.id,
                    name: p.name.clone(),
                    producer: p.producer.name.clone(),
                }
                .into()
            })
            .collect();
        StoreError::refused_for(StoreOperation::IssueCertificates { round }, no_address)?;
        let mut issued = Vec::new();
        for (seq, outcome) in numbered {
            let recorded = RecordedFacts {
                producer_name: outcome.product.producer.name.trim().to_owned(),
                producer_address: outcome.product.producer.full_address(),
                place_name: issuer.place_name.trim().to_owned(),
                signatory_title: issuer.signatory_title.trim().to_owned(),
                signatory_name: issuer.signatory_name.trim().to_owned(),
            };
            let facts = CertificateFacts {
                number: format_number(seq, year),
                round,
                product: outcome.product.id,
                product_name: outcome.product.name.clone(),
                stars: outcome.result.stars,
                authority: authority.clone(),
                decision_no: decision_no.clone(),
                decision_date,
                issued_on,
                valid_until,
                audit_head: head.clone(),
                recorded: Some(recorded.clone()),
            };
            let digest = facts.digest();
            tx.execute(
                "INSERT INTO certificates (round_id, product_id, authority, year, seq, number,
                     product_name, stars, decision_no, decision_date, issued_on, valid_until,
                     audit_head, digest, created_at, producer_name, producer_address, place_name,
                     signatory_title, signatory_name, authority_key)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15,
                     ?16, ?17, ?18, ?19, ?20, ?21)",
                params![
                    round.0,
                    facts.product.0,
                    authority,
                    year,
                    seq,
                    facts.number,
                    facts.product_name,
                    facts.stars,
                    decision_no,
                    decision_date.to_string(),
                    issued_on.to_string(),
                    valid_until.to_string(),
                    head,
                    digest,
                    now(),
                    recorded.producer_name,
                    recorded.producer_address,
                    recorded.place_name,
                    recorded.signatory_title,
                    recorded.signatory_name,
                    key
                ],
            )?;
            audit::append(
                &tx,
                round,
                actor,
                "certificate.issue",
                &format!("certificate:{} product:{}", facts.number, facts.product),
                None,
                Some(&format!(
                    "{}★, {authority}, issued {issued_on}, valid until {valid_until}, digest {digest}",
                    facts.stars
                )),
            )?;
            issued.push(facts.number);
        }
        change_status(
            &tx,
            round,
            row.status,
            RoundStatus::CertificatesIssued,
            actor,
        )?;
        let rows = certificates_where(&tx, "c.round_id = ?1 ORDER BY c.seq", [round.0])?;
        // The province's catalogue gains these certificates in the same transaction.
        super::catalogue::feed_from_round(&tx, round, actor, &rows)?;
        tx.commit()?;
        Ok(rows)
    }

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
