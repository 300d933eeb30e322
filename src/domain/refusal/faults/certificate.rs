//! Faults about certificates: issuing a round's (who issues them, the dates, the
//! producers' addresses they print), reprinting, revoking, listing the expiring.

use std::fmt;

use chrono::NaiveDate;
use serde::Serialize;

use crate::domain::ids::{ProductId, RoundId};
use crate::domain::round::RoundStatus;

/// A part of the issuer a certificate prints.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum IssuerField {
    Authority,
    PlaceName,
    SignatoryTitle,
    SignatoryName,
}

impl IssuerField {
    pub const ALL: [Self; 4] = [
        Self::Authority,
        Self::PlaceName,
        Self::SignatoryTitle,
        Self::SignatoryName,
    ];

    fn label_en(self) -> &'static str {
        match self {
            Self::Authority => "authority",
            Self::PlaceName => "place name",
            Self::SignatoryTitle => "signatory title",
            Self::SignatoryName => "signatory name",
        }
    }
}

/// Why the store refuses to issue, reprint or revoke a certificate.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case", tag = "fault")]
pub enum CertificateFault {
    /// No issue date given and no approval decision to take it from.
    NoDecisionDate {
        round: RoundId,
    },
    /// The 36 months of validity run past the calendar.
    ValidityOutOfRange {
        issued_on: NaiveDate,
    },
    /// The expiry window runs past the calendar.
    WindowOutOfRange {
        as_of: NaiveDate,
        days: u32,
    },
    EmptyIssuer {
        field: IssuerField,
    },
    /// A certified product whose producer has no address (the certificate prints it).
    NoProducerAddress {
        product: ProductId,
        name: String,
        producer: String,
    },
    /// A revoked certificate is not reprinted.
    Revoked {
        number: String,
        decision_no: String,
        decision_date: NaiveDate,
    },
    NoRevokingDecisionNumber,
    NoRevocationReason,
    RevokedBeforeIssued {
        decision_date: NaiveDate,
        issued_on: NaiveDate,
    },
    AlreadyRevoked {
        number: String,
        decision_no: String,
        decision_date: NaiveDate,
    },
    RevocationByMember,
    /// Only a round whose certificates are issued has certificates to revoke.
    NotIssued {
        round: RoundId,
        status: RoundStatus,
    },
}

impl fmt::Display for CertificateFault {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::NoDecisionDate { round } => write!(
                f,
                "round {round} has no approval decision date; give the issue date"
            ),
            Self::ValidityOutOfRange { issued_on } => {
                write!(f, "{issued_on} + 36 months is out of range")
            }
            Self::WindowOutOfRange { as_of, days } => {
                write!(f, "{as_of} + {days} days is out of range")
            }
            Self::EmptyIssuer { field } => write!(f, "the issuer's {} is empty", field.label_en()),
            Self::NoProducerAddress {
                product,
                name,
                producer,
            } => write!(
                f,
                "product {product} \"{name}\": the producer \"{producer}\" has no address, and a certificate prints it"
            ),
            Self::Revoked {
                number,
                decision_no,
                decision_date,
            } => write!(
                f,
                "certificate {number} was revoked by decision {decision_no} of {decision_date}; a revoked certificate is not reprinted"
            ),
            Self::NoRevokingDecisionNumber => {
                f.write_str("the revoking decision's number is empty")
            }
            Self::NoRevocationReason => f.write_str("the reason is empty"),
            Self::RevokedBeforeIssued {
                decision_date,
                issued_on,
            } => write!(
                f,
                "the revoking decision ({decision_date}) predates the certificate ({issued_on})"
            ),
            Self::AlreadyRevoked {
                number,
                decision_no,
                decision_date,
            } => write!(
                f,
                "certificate {number} is already revoked by decision {decision_no} of {decision_date}"
            ),
            Self::RevocationByMember => f.write_str("a revocation is recorded by a council member"),
            Self::NotIssued { round, status } => write!(
                f,
                "round {round} is {}: only issued certificates are revoked",
                status.as_str()
            ),
        }
    }
}
