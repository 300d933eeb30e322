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
use crate::domain::model::{SheetStatus, is_uid};
use crate::domain::refusal::{Expected, PackageFault, Problem, Refusal, Subject};
use crate::exchange::signed::{self, KeyPair};

pub const SHEETS_PACKAGE_FORMAT: &str = "ocop-sheets-package/1";
/// The first line of the file.
pub const SHEETS_PACKAGE_HEADER: &str = "OCOP-SHEETS-PACKAGE 1";
/// The file extension `package merge` looks for in folders.
pub const SHEETS_PACKAGE_EXTENSION: &str = "ocop-sheets";
/// A package of 500 full sheets is a few MB; anything past this is not one.
pub const MAX_SHEETS_PACKAGE_BYTES: u64 = 32 * 1024 * 1024;

/// Per-field caps (README "Size caps"): a signature proves who sent a package, not
/// that its content is sensible, so a signed 30 MB comment is still refused.
pub mod field_caps {
    /// A member's comment on one criterion, in characters.
    pub const COMMENT_CHARS: usize = 10_000;
    /// A round's, member's or product's name (for people reading the file).
    pub const NAME_CHARS: usize = 500;
    /// An id (criterion, option) or a timestamp, in bytes.
    pub const ID_BYTES: usize = 64;
    /// Sheets in one package (one per product of the round).
    pub const SHEETS: usize = 5_000;
    /// Answers, comments or evidence links on one sheet.
    pub const ENTRIES_PER_SHEET: usize = 500;
}

/// Every field over its cap in `payload`, one line each, naming the field.
fn oversized_fields(payload: &SheetsPayload) -> Vec<Problem> {
    use field_caps::*;
    let mut problems = Vec::new();
    let mut name = |at: String, value: Option<&String>| {
        if let Some(v) = value
            && v.chars().count() > NAME_CHARS
        {
            problems.push(Problem::TooLong {
                field: at,
                chars: v.chars().count(),
                cap: NAME_CHARS,
            });
        }
    };
    name("round_name".into(), payload.round_name.as_ref());
    name("member_name".into(), payload.member_name.as_ref());
    for (i, sheet) in payload.sheets.iter().enumerate() {
        name(
            format!("sheets[{i}].product_name"),
            sheet.product_name.as_ref(),
        );
    }
    if payload.sheets.len() > SHEETS {
        problems.push(Problem::TooMany {
            what: "sheets".into(),
            count: payload.sheets.len(),
            cap: SHEETS,
        });
    }
    for (i, sheet) in payload.sheets.iter().enumerate().take(SHEETS) {
        let at = format!("sheets[{i}]");
        for (field, count) in [
            ("answers", sheet.answers.len()),
            ("comments", sheet.comments.len()),
            ("evidence", sheet.evidence.len()),
        ] {
            if count > ENTRIES_PER_SHEET {
                problems.push(Problem::TooMany {
                    what: format!("{at}.{field}"),
                    count,
                    cap: ENTRIES_PER_SHEET,
                });
            }
        }
        for (criterion, text) in &sheet.comments {
            let chars = text.chars().count();
            if chars > COMMENT_CHARS {
                problems.push(Problem::TooLong {
                    field: format!("{at}.comments.{}", short(&criterion.0)),
                    chars,
                    cap: COMMENT_CHARS,
                });
            }
        }
        let ids = sheet
            .answers
            .iter()
            .flat_map(|(c, o)| [&c.0, &o.0])
            .chain(sheet.comments.keys().map(|c| &c.0))
            .chain(sheet.evidence.keys().map(|c| &c.0))
            .chain([&sheet.updated_at])
            .chain(sheet.submitted_at.as_ref());
        for id in ids {
            if id.len() > ID_BYTES {
                problems.push(
                    Problem::Package(PackageFault::IdTooLong {
                        start: short(id),
                        bytes: id.len(),
                        cap: ID_BYTES,
                    })
                    .in_file(at.clone()),
                );
            }
        }
    }
    problems
}

/// The first 20 characters, for naming a value in a message.
fn short(text: &str) -> String {
    text.chars().take(20).collect()
}

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
pub fn build(payload: &SheetsPayload, key: &KeyPair) -> Result<Vec<u8>, serde_json::Error> {
    let json = serde_json::to_string_pretty(payload)?;
    Ok(signed::sign(SHEETS_PACKAGE_HEADER, &json, key))
}

/// Verifies and parses a sheets package; refused with every reason the package is
/// rejected for (one, when the signature does not hold).
pub fn open(bytes: &[u8]) -> Result<OpenedSheets, Refusal> {
    let refused = |problems| Refusal::new(Subject::SheetsPackage, problems);
    let verified = signed::verify(bytes, SHEETS_PACKAGE_HEADER).map_err(|p| refused(vec![p]))?;
    let mut payload: SheetsPayload = parse_json(&verified.payload).map_err(|p| refused(vec![p]))?;
    let mut problems = oversized_fields(&payload);
    if !problems.is_empty() {
        return Err(refused(problems));
    }
    if payload.format != SHEETS_PACKAGE_FORMAT {
        problems.push(Problem::WrongFormat {
            found: payload.format.clone(),
            expected: vec![SHEETS_PACKAGE_FORMAT.into()],
        });
    }
    for (field, value) in [
        ("round_uid", &payload.round_uid),
        ("member_uid", &payload.member_uid),
    ] {
        if !is_uid(value) {
            problems.push(Problem::BadValue {
                field: field.into(),
                value: value.clone(),
                expected: Expected::Uid,
            });
        }
    }
    if let Err(e) = normalise_time("exported_at", &payload.exported_at) {
        problems.push(e);
    }
    let mut products = BTreeSet::new();
    for (i, sheet) in payload.sheets.iter_mut().enumerate() {
        let at = format!("sheets[{i}]");
        if !is_uid(&sheet.product_uid) {
            problems.push(Problem::BadValue {
                field: format!("{at}.product_uid"),
                value: sheet.product_uid.clone(),
                expected: Expected::Uid,
            });
        } else if !products.insert(sheet.product_uid.clone()) {
            problems.push(
                Problem::Package(PackageFault::SecondSheet {
                    product: sheet.product_uid.clone(),
                })
                .in_file(at.clone()),
            );
        }
        for (criterion, sha) in &sheet.evidence {
            if !is_sha256_hex(sha) {
                problems.push(Problem::BadValue {
                    field: format!("{at}.evidence.{criterion}"),
                    value: sha.clone(),
                    expected: Expected::Sha256,
                });
            }
        }
        match normalise_time(&format!("{at}.updated_at"), &sheet.updated_at) {
            Ok(t) => sheet.updated_at = t,
            Err(e) => problems.push(e),
        }
        match (&sheet.status, sheet.submitted_at.as_deref()) {
            (SheetStatus::Submitted, None) => {
                problems
                    .push(Problem::Package(PackageFault::SubmittedWithoutTime).in_file(at.clone()));
            }
            (_, Some(text)) => match normalise_time(&format!("{at}.submitted_at"), text) {
                Ok(t) => sheet.submitted_at = Some(t),
                Err(e) => problems.push(e),
            },
            (SheetStatus::Draft, None) => {}
        }
    }
    if !problems.is_empty() {
        return Err(refused(problems));
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
    fn a_signed_package_with_a_huge_comment_is_refused_naming_the_field() {
        let key = KeyPair::from_seed([3; 32]);
        let mut p = payload();
        p.sheets[0].comments.insert(
            CriterionId("A.1".into()),
            "x".repeat(field_caps::COMMENT_CHARS + 1),
        );
        let err = open(&build(&p, &key).unwrap()).unwrap_err();
        assert_eq!(
            err.problems,
            [Problem::TooLong {
                field: "sheets[0].comments.A.1".into(),
                chars: field_caps::COMMENT_CHARS + 1,
                cap: field_caps::COMMENT_CHARS
            }]
        );
        let mut p = payload();
        p.member_name = Some("a".repeat(field_caps::NAME_CHARS + 1));
        let err = open(&build(&p, &key).unwrap()).unwrap_err().to_string();
        assert!(err.contains("member_name"), "{err}");
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
        let err = open(&build(&bad, &key).unwrap()).unwrap_err().to_string();
        for needle in [
            "format",
            "member_uid",
            "without submitted_at",
            "second sheet",
        ] {
            assert!(err.contains(needle), "{needle}: {err}");
        }
        let err = open(b"OCOP-ROUND 1\n{}\n").unwrap_err();
        assert!(
            matches!(&err.problems[..], [Problem::WrongHeader { found, .. }] if found == "OCOP-ROUND 1"),
            "{err}"
        );
    }
}
