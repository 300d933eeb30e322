//! The sheets package (`ocop-sheets-package/1`): a member's sheets for one round, as a
//! signed text file ([`crate::exchange::signed`]): the header line
//! `OCOP-SHEETS-PACKAGE 1`, the JSON payload, and an Ed25519 signature over every
//! byte before the signature block.
//!
//! [`open`] verifies the signature, parses the payload and checks its shape (uids,
//! times, statuses). Whether the signing key belongs to the member, and whether the
//! sheets fit the round, only the secretary's database can say (store::merge).

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

use super::{normalise_time, parse_json};
use crate::domain::criteria::{ChoiceId, CriterionId};
use crate::exchange::signed::{self, KeyPair};
use crate::store::{SheetStatus, is_uid};

pub const SHEETS_PACKAGE_FORMAT: &str = "ocop-sheets-package/1";
/// The first line of the file.
pub const SHEETS_PACKAGE_HEADER: &str = "OCOP-SHEETS-PACKAGE 1";
/// The file extension `package merge` looks for in folders.
pub const SHEETS_PACKAGE_EXTENSION: &str = "ocop-sheets";
/// A package of 500 full sheets is a few MB; anything past this is not one.
pub const MAX_SHEETS_PACKAGE_BYTES: u64 = 32 * 1024 * 1024;

/// The signed payload.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SheetsPayload {
    pub format: String,
    pub round_uid: String,
    /// For people reading the file; the merge goes by `round_uid`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub round_name: Option<String>,
    pub member_uid: String,
    /// For people reading the file; the merge goes by `member_uid`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub member_name: Option<String>,
    pub exported_at: String,
    pub sheets: Vec<PackagedSheet>,
}

/// One of the member's sheets.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PackagedSheet {
    pub product_uid: String,
    /// For people reading the file.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub product_name: Option<String>,
    pub status: SheetStatus,
    pub updated_at: String,
    #[serde(default)]
    pub submitted_at: Option<String>,
    /// Criterion id → chosen option id.
    pub answers: BTreeMap<CriterionId, ChoiceId>,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub comments: BTreeMap<CriterionId, String>,
    /// Criterion id → SHA-256 (hex) of the dossier attachment the member gives
    /// as evidence for it.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub evidence: BTreeMap<CriterionId, String>,
}

/// A package whose signature verified and whose payload is well-formed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OpenedSheets {
    /// The key that signed it (hex); not yet known to belong to the member.
    pub signer_key: String,
    pub payload: SheetsPayload,
}

/// Signs `payload` with `key`: the whole file, ready to write.
pub fn build(payload: &SheetsPayload, key: &KeyPair) -> Result<Vec<u8>, String> {
    let json = serde_json::to_string_pretty(payload)
        .map_err(|e| format!("cannot write the sheets package: {e}"))?;
    Ok(signed::sign(SHEETS_PACKAGE_HEADER, &json, key))
}

/// Verifies and parses a sheets package. The error is one sentence (the reason the
/// package is rejected).
pub fn open(bytes: &[u8]) -> Result<OpenedSheets, String> {
    let verified = signed::verify(bytes, SHEETS_PACKAGE_HEADER)?;
    let mut payload: SheetsPayload =
        parse_json(&verified.payload).map_err(|e| format!("the package is malformed: {e}"))?;
    let mut problems = Vec::new();
    if payload.format != SHEETS_PACKAGE_FORMAT {
        problems.push(format!(
            "format is \"{}\", expected \"{SHEETS_PACKAGE_FORMAT}\"",
            payload.format
        ));
    }
    if !is_uid(&payload.round_uid) {
        problems.push(format!(
            "round_uid \"{}\" is not a uid (32 hex digits)",
            payload.round_uid
        ));
    }
    if !is_uid(&payload.member_uid) {
        problems.push(format!(
            "member_uid \"{}\" is not a uid (32 hex digits)",
            payload.member_uid
        ));
    }
    if let Err(e) = normalise_time("exported_at", &payload.exported_at) {
        problems.push(e);
    }
    let mut products = BTreeSet::new();
    for (i, sheet) in payload.sheets.iter_mut().enumerate() {
        let at = format!("sheets[{i}]");
        if !is_uid(&sheet.product_uid) {
            problems.push(format!(
                "{at}.product_uid \"{}\" is not a uid",
                sheet.product_uid
            ));
        } else if !products.insert(sheet.product_uid.clone()) {
            problems.push(format!(
                "{at}: a second sheet for product {}",
                sheet.product_uid
            ));
        }
        for (criterion, sha) in &sheet.evidence {
            if !is_sha256_hex(sha) {
                problems.push(format!(
                    "{at}.evidence.{criterion} \"{sha}\" is not a SHA-256 (64 lowercase hex digits)"
                ));
            }
        }
        match normalise_time(&format!("{at}.updated_at"), &sheet.updated_at) {
            Ok(t) => sheet.updated_at = t,
            Err(e) => problems.push(e),
        }
        match (&sheet.status, sheet.submitted_at.as_deref()) {
            (SheetStatus::Submitted, None) => {
                problems.push(format!("{at} is submitted without submitted_at"));
            }
            (_, Some(text)) => match normalise_time(&format!("{at}.submitted_at"), text) {
                Ok(t) => sheet.submitted_at = Some(t),
                Err(e) => problems.push(e),
            },
            (SheetStatus::Draft, None) => {}
        }
    }
    if !problems.is_empty() {
        return Err(format!("the package is malformed: {}", problems.join("; ")));
    }
    Ok(OpenedSheets {
        signer_key: verified.public_key,
        payload,
    })
}

fn is_sha256_hex(text: &str) -> bool {
    text.len() == 64 && text.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn payload() -> SheetsPayload {
        SheetsPayload {
            format: SHEETS_PACKAGE_FORMAT.into(),
            round_uid: "0123456789abcdef0123456789abcdef".into(),
            round_name: Some("Đợt 1/2026".into()),
            member_uid: "fedcba9876543210fedcba9876543210".into(),
            member_name: Some("Ủy viên Một".into()),
            exported_at: "2026-05-02T08:00:00+07:00".into(),
            sheets: vec![PackagedSheet {
                product_uid: "00000000000000000000000000000001".into(),
                product_name: None,
                status: SheetStatus::Submitted,
                updated_at: "2026-05-02T01:00:00Z".into(),
                submitted_at: Some("2026-05-02T08:00:00+07:00".into()),
                answers: [(CriterionId("A.1".into()), ChoiceId("A.1.2".into()))].into(),
                comments: BTreeMap::new(),
                evidence: BTreeMap::new(),
            }],
        }
    }

    #[test]
    fn a_built_package_opens_with_its_key_and_times_in_utc() {
        let key = KeyPair::from_seed([3; 32]);
        let opened = open(&build(&payload(), &key).unwrap()).unwrap();
        assert_eq!(opened.signer_key, key.public_hex());
        assert_eq!(
            opened.payload.sheets[0].submitted_at.as_deref(),
            Some("2026-05-02T01:00:00Z")
        );
    }

    #[test]
    fn a_malformed_payload_is_refused_with_every_problem() {
        let key = KeyPair::from_seed([4; 32]);
        let mut bad = payload();
        bad.format = "ocop-sheets-package/9".into();
        bad.member_uid = "Ánh".into();
        bad.sheets[0].submitted_at = None;
        bad.sheets.push(bad.sheets[0].clone());
        let err = open(&build(&bad, &key).unwrap()).unwrap_err();
        for needle in [
            "format",
            "member_uid",
            "without submitted_at",
            "second sheet",
        ] {
            assert!(err.contains(needle), "{needle}: {err}");
        }
        let err = open(b"OCOP-ROUND 1\n{}\n").unwrap_err();
        assert!(err.contains("not a package of this kind"), "{err}");
    }
}
