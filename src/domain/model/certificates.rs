//! Issued certificates as stored, the expiry list, a QR payload's verdict, and a
//! certificate's revocation record.

use chrono::NaiveDate;
use serde::Serialize;

use crate::domain::certificate::{CertificateFacts, Expiry, RecordedFacts};
use crate::domain::ids::{CertificateId, MemberId, ProductId, RoundId};

/// A stored certificate: everything printed on it and in its QR code.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CertificateRow {
    pub id: CertificateId,
    pub round_id: RoundId,
    pub product_id: ProductId,
    pub product_name: String,
    pub authority: String,
    pub year: i32,
    pub seq: u32,
    /// "012/2026/GCN-OCOP".
    pub number: String,
    pub stars: u8,
    pub decision_no: String,
    pub decision_date: NaiveDate,
    pub issued_on: NaiveDate,
    pub valid_until: NaiveDate,
    pub audit_head: String,
    pub digest: String,
    /// 0 for the original; each reprint adds one and is marked as a copy (bản sao).
    pub reprint_count: u32,
    pub created_at: String,
    /// The producer and issuer as printed, recorded when issued (`None` on
    /// certificates issued before schema 6: they print from the settings).
    pub recorded: Option<RecordedFacts>,
    /// Set once the certificate is revoked (thu hồi).
    pub revocation: Option<Revocation>,
}

impl CertificateRow {
    pub fn facts(&self) -> CertificateFacts {
        CertificateFacts {
            number: self.number.clone(),
            round: self.round_id,
            product: self.product_id,
            product_name: self.product_name.clone(),
            stars: self.stars,
            authority: self.authority.clone(),
            decision_no: self.decision_no.clone(),
            decision_date: self.decision_date,
            issued_on: self.issued_on,
            valid_until: self.valid_until,
            audit_head: self.audit_head.clone(),
            recorded: self.recorded.clone(),
        }
    }

    pub fn is_revoked(&self) -> bool {
        self.revocation.is_some()
    }

    /// The text for the QR code.
    pub fn payload(&self) -> String {
        self.facts().payload().to_string()
    }

    /// Whether a print now is a reprint (a copy).
    pub fn is_copy(&self) -> bool {
        self.reprint_count > 0
    }
}

/// A certificate in the expiry list, with where it stands on the given day.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ExpiringCertificate {
    pub certificate: CertificateRow,
    pub producer: String,
    pub expiry: Expiry,
}

/// The answer to "does this payload match the database?".
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PayloadVerdict {
    pub payload: String,
    pub certificate: Option<CertificateRow>,
    /// Empty when the payload matches the stored certificate and that row is intact.
    pub problems: Vec<String>,
    /// On `as_of`, when the certificate was found.
    pub expiry: Option<Expiry>,
    /// The certificate was revoked: it matches its record but is no longer valid.
    pub revocation: Option<Revocation>,
}

impl PayloadVerdict {
    /// The payload matches an intact stored certificate (revoked or not).
    pub fn matches(&self) -> bool {
        self.certificate.is_some() && self.problems.is_empty()
    }

    /// Matches, is not revoked, and has not expired: the certificate stands.
    pub fn stands(&self) -> bool {
        self.matches()
            && self.revocation.is_none()
            && !matches!(self.expiry, Some(Expiry::Expired { .. }))
    }
}

/// A certificate's revocation record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Revocation {
    /// The revoking decision, e.g. "58/QĐ-UBND".
    pub decision_no: String,
    pub decision_date: NaiveDate,
    pub reason: String,
    pub member: MemberId,
    pub member_name: String,
    pub created_at: String,
}
