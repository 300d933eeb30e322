//! Issuing a round's certificates, in named steps: the issuer complete, the round
//! ready (its transition's checks, the approval decision, the dates), every certified
//! product numbered in the authority's sequence of the year with its producer's
//! address, then each certificate written with its digest and audit entry. The
//! preview reads the same numbers without writing.

use chrono::{Datelike, NaiveDate};
use rusqlite::{Connection, Transaction, params};
use unicode_normalization::UnicodeNormalization;

use super::certificates_where;
use crate::domain::certificate::{
    self, CertificateFacts, IssuePreview, Issuer, PlannedCertificate, RecordedFacts, authority_key,
    certified_by, format_number,
};
use crate::domain::ids::RoundId;
use crate::domain::model::CertificateRow;
use crate::domain::permissions::CouncilAction;
use crate::domain::refusal::{CertificateFault, IssuerField, Problem, StoreOperation};
use crate::domain::round::{RoundLevel, RoundStatus, TransitionRequest, check_transition};
use crate::store::audit::{self, Actor};
use crate::store::authorize::authorize_on;
use crate::store::lifecycle::{change_status, refused, round_facts_on};
use crate::store::results::{ProductOutcome, RoundResults, round_results_on};
use crate::store::rounds::round_on;
use crate::store::snapshots::SheetCache;
use crate::store::{Store, StoreError, StoreResult, begin, now};

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

/// What every certificate of one issue shares: the round as it stands, the
/// approval decision, the dates and the audit head the digests cover.
struct IssueTerms {
    round: RoundId,
    status: RoundStatus,
    level: RoundLevel,
    authority: String,
    decision_no: String,
    decision_date: NaiveDate,
    issued_on: NaiveDate,
    valid_until: NaiveDate,
    audit_head: String,
}

/// The round may move to certificates-issued (its transition's checks) on the
/// date given or the decision's; the terms every certificate of it shares.
fn issue_terms_on(
    conn: &Connection,
    cache: &SheetCache,
    round: RoundId,
    authority: String,
    issued_on: Option<NaiveDate>,
) -> StoreResult<IssueTerms> {
    let row = round_on(conn, round)?;
    let facts = round_facts_on(conn, cache, round)?;
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
    let (Some(decision_no), Some(decision_date)) = (row.decision_no, decision_date) else {
        return Err(StoreError::Corrupt(format!(
            "round {round} is finalized without an approval decision"
        )));
    };
    let valid_until = valid_until(round, issued_on)?;
    Ok(IssueTerms {
        round,
        status: row.status,
        level: row.level,
        authority,
        decision_no,
        decision_date,
        issued_on,
        valid_until,
        audit_head: audit::head_on(conn, round)?,
    })
}

/// A certificate prints its producer's address: refused, naming every certified
/// product whose producer has none.
fn check_addresses(round: RoundId, numbered: &[(u32, &ProductOutcome)]) -> StoreResult<()> {
    let problems = numbered
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
    StoreError::refused_for(StoreOperation::IssueCertificates { round }, problems)
}

/// Inserts certificate number `seq` of the issue for `outcome`'s product, with
/// the producer and issuer as printed and the digest over them, and its audit entry.
fn insert_certificate(
    tx: &Transaction<'_>,
    terms: &IssueTerms,
    issuer: &Issuer,
    seq: u32,
    outcome: &ProductOutcome,
    actor: &Actor,
) -> StoreResult<()> {
    let year = terms.issued_on.year();
    let recorded = RecordedFacts {
        producer_name: outcome.product.producer.name.trim().to_owned(),
        producer_address: outcome.product.producer.full_address(),
        place_name: issuer.place_name.trim().to_owned(),
        signatory_title: issuer.signatory_title.trim().to_owned(),
        signatory_name: issuer.signatory_name.trim().to_owned(),
    };
    let facts = CertificateFacts {
        number: format_number(seq, year),
        round: terms.round,
        product: outcome.product.id,
        product_name: outcome.product.name.clone(),
        stars: outcome.result.stars,
        authority: terms.authority.clone(),
        decision_no: terms.decision_no.clone(),
        decision_date: terms.decision_date,
        issued_on: terms.issued_on,
        valid_until: terms.valid_until,
        audit_head: terms.audit_head.clone(),
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
            terms.round.0,
            facts.product.0,
            terms.authority,
            year,
            seq,
            facts.number,
            facts.product_name,
            facts.stars,
            terms.decision_no,
            terms.decision_date.to_string(),
            terms.issued_on.to_string(),
            terms.valid_until.to_string(),
            terms.audit_head,
            digest,
            now(),
            recorded.producer_name,
            recorded.producer_address,
            recorded.place_name,
            recorded.signatory_title,
            recorded.signatory_name,
            authority_key(&terms.authority)
        ],
    )?;
    audit::append(
        tx,
        terms.round,
        actor,
        "certificate.issue",
        &format!("certificate:{} product:{}", facts.number, facts.product),
        None,
        Some(&format!(
            "{}★, {}, issued {}, valid until {}, digest {digest}",
            facts.stars, terms.authority, terms.issued_on, terms.valid_until
        )),
    )?;
    Ok(())
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
        let tx = begin(&mut self.conn)?;
        authorize_on(&tx, round, actor, CouncilAction::IssueCertificates, None)?;
        let authority = authority_display(&issuer.authority);
        let terms = issue_terms_on(&tx, &self.sheet_cache, round, authority, issued_on)?;
        let results = round_results_on(&tx, &self.sheet_cache, round)?;
        let year = terms.issued_on.year();
        let numbered = numbered_on(&tx, &results, terms.level, &terms.authority, year)?;
        check_addresses(round, &numbered)?;
        for (seq, outcome) in numbered {
            insert_certificate(&tx, &terms, issuer, seq, outcome, actor)?;
        }
        change_status(
            &tx,
            round,
            terms.status,
            RoundStatus::CertificatesIssued,
            actor,
        )?;
        let rows = certificates_where(&tx, "c.round_id = ?1 ORDER BY c.seq", [round.0])?;
        // The province's catalogue gains these certificates in the same transaction.
        crate::store::catalogue::feed_from_round(&tx, round, actor, &rows)?;
        tx.commit()?;
        Ok(rows)
    }
}
