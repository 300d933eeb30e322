//! Sheets packages: a member exports their sheets signed with the profile key; the
//! secretary merges packages, each on its own, all or nothing.

use std::io::Read as _;
use std::path::{Path, PathBuf};

use anyhow::{Context as _, bail};
use serde::Serialize;
use sha2::{Digest, Sha256};

use super::keys::existing_profile_key;
use crate::app::Session;
use crate::domain::ids::{MemberId, RoundId};
use crate::domain::progress::{Progress, Work};
use crate::domain::refusal::{MergeFault, Problem};
use crate::exchange::package::sheets::{
    self as format, MAX_SHEETS_PACKAGE_BYTES, PackagedSheet, SHEETS_PACKAGE_EXTENSION,
    SHEETS_PACKAGE_FORMAT, SheetsPayload,
};
use crate::store::{Actor, IncomingPackage, IncomingSheet, MergeVerdict, SheetStatus};

/// What `export_sheets_package` wrote.
#[derive(Debug, Clone, Serialize)]
pub struct SheetsExport {
    pub path: PathBuf,
    pub round: RoundId,
    pub member: MemberId,
    pub submitted: usize,
    pub drafts: usize,
}

/// What became of one package file in a merge.
#[derive(Debug, Clone, Serialize)]
pub struct PackageReport {
    pub path: PathBuf,
    /// SHA-256 of the file, when it could be read.
    pub sha256: Option<String>,
    #[serde(flatten)]
    pub verdict: MergeVerdict,
}

impl PackageReport {
    pub fn is_rejected(&self) -> bool {
        matches!(self.verdict, MergeVerdict::Rejected { .. })
    }
}

/// Writes `member`'s sheets of `round` as a sheets package signed with this data
/// folder's profile key. Refused unless that key is the one registered for the member.
pub fn export_sheets_package(
    session: &Session,
    round: RoundId,
    member: MemberId,
    out: &Path,
) -> anyhow::Result<SheetsExport> {
    let store = &session.store;
    let round_row = store.round(round)?;
    let member_row = store.member(member)?;
    if member_row.round_id != round {
        bail!("member {member} is not on the council of round {round}");
    }
    let key = existing_profile_key(&session.data_dir)?.with_context(|| {
        format!(
            "this data folder has no profile key yet: run `package key` and have the secretary register it for member {member} ({})",
            member_row.name
        )
    })?;
    let mine = key.public_hex();
    match member_row.public_key.as_deref() {
        Some(registered) if registered == mine => {}
        Some(registered) => bail!(
            "the profile key of this data folder ({}…) is not the key registered for member {member} ({}) in round {round} ({}…): a package signed here would be rejected; export from the member's own data folder",
            &mine[..16],
            member_row.name,
            registered.get(..16).unwrap_or(registered)
        ),
        None => bail!(
            "member {member} ({}) has no registered key in round {round} here: the secretary registers it (member set-key) before sending the round package",
            member_row.name
        ),
    }
    let products = store.products(round)?;
    let mut sheets = Vec::new();
    for row in store
        .sheets_of_round(round)?
        .into_iter()
        .filter(|s| s.member_id == member)
    {
        let product = products
            .iter()
            .find(|p| p.id == row.product_id)
            .with_context(|| format!("sheet {} has no product", row.id))?;
        let answers = store.answers(row.id)?;
        sheets.push(PackagedSheet {
            product_uid: product.uid.clone(),
            product_name: Some(product.name.clone()),
            status: row.status,
            updated_at: row.updated_at,
            submitted_at: row.submitted_at,
            answers: answers
                .iter()
                .filter_map(|a| Some((a.criterion_id.clone(), a.choice_id.clone()?)))
                .collect(),
            comments: answers
                .iter()
                .filter(|a| !a.comment.is_empty())
                .map(|a| (a.criterion_id.clone(), a.comment.clone()))
                .collect(),
            evidence: answers
                .into_iter()
                .filter_map(|a| Some((a.criterion_id, a.evidence?)))
                .collect(),
        });
    }
    let payload = SheetsPayload {
        format: SHEETS_PACKAGE_FORMAT.into(),
        round_uid: round_row.uid,
        round_name: Some(round_row.name),
        member_uid: member_row.uid,
        member_name: Some(member_row.name),
        exported_at: chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
        sheets,
    };
    let bytes = format::build(&payload, &key).map_err(anyhow::Error::msg)?;
    crate::files::write_atomic(out, &bytes)
        .with_context(|| format!("cannot write {}", out.display()))?;
    let submitted = payload
        .sheets
        .iter()
        .filter(|s| s.status == SheetStatus::Submitted)
        .count();
    Ok(SheetsExport {
        path: out.to_path_buf(),
        round,
        member,
        submitted,
        drafts: payload.sheets.len() - submitted,
    })
}

/// The package files named by `paths`: files as given, and in each folder its
/// `.ocop-sheets` files by name. A folder without any is reported as rejected.
fn package_files(paths: &[PathBuf]) -> anyhow::Result<Vec<Result<PathBuf, PackageReport>>> {
    let mut out = Vec::new();
    for path in paths {
        if !path.is_dir() {
            out.push(Ok(path.clone()));
            continue;
        }
        let mut found: Vec<PathBuf> = std::fs::read_dir(path)
            .with_context(|| format!("cannot list {}", path.display()))?
            .flatten()
            .map(|e| e.path())
            .filter(|p| {
                p.is_file()
                    && p.extension()
                        .is_some_and(|e| e.eq_ignore_ascii_case(SHEETS_PACKAGE_EXTENSION))
            })
            .collect();
        found.sort();
        if found.is_empty() {
            out.push(Err(PackageReport {
                path: path.clone(),
                sha256: None,
                verdict: MergeVerdict::Rejected {
                    reasons: vec![
                        MergeFault::NoPackageInFolder {
                            extension: SHEETS_PACKAGE_EXTENSION.into(),
                        }
                        .into(),
                    ],
                },
            }));
        }
        out.extend(found.into_iter().map(Ok));
    }
    Ok(out)
}

fn rejected(path: &Path, sha256: Option<String>, reasons: Vec<Problem>) -> PackageReport {
    PackageReport {
        path: path.to_path_buf(),
        sha256,
        verdict: MergeVerdict::Rejected { reasons },
    }
}

/// Merges sheets packages (files, or folders of `.ocop-sheets` files), each checked
/// and applied on its own, all or nothing; returns what happened to each, in order.
/// `Err` only when the data folder itself fails (packages merged before stay merged).
pub fn merge_sheets_packages(
    session: &mut Session,
    paths: &[PathBuf],
    actor: &Actor,
    progress: &mut dyn FnMut(Progress),
) -> anyhow::Result<Vec<PackageReport>> {
    let files = package_files(paths)?;
    crate::app::backup::before_change(session, crate::app::backup::BackupReason::Merge)?;
    let total = files.len() as u64;
    let mut reports = Vec::new();
    for (i, file) in files.into_iter().enumerate() {
        let path = match file {
            Ok(path) => path,
            Err(report) => {
                reports.push(report);
                continue;
            }
        };
        progress(Progress {
            work: Work::Merging,
            done: i as u64,
            total,
            item: Some(path.display().to_string()),
        });
        reports.push(merge_one(session, &path, actor)?);
    }
    progress(Progress {
        work: Work::Merging,
        done: total,
        total,
        item: None,
    });
    Ok(reports)
}

fn merge_one(session: &mut Session, path: &Path, actor: &Actor) -> anyhow::Result<PackageReport> {
    let mut bytes = Vec::new();
    // A regular file only: a named pipe would block the merge forever.
    let read = crate::files::open_input(path, u64::MAX)
        .map_err(std::io::Error::from)
        .and_then(|(f, _)| f.take(MAX_SHEETS_PACKAGE_BYTES + 1).read_to_end(&mut bytes));
    if let Err(e) = read {
        let unreadable = MergeFault::Unreadable {
            detail: e.to_string(),
        };
        return Ok(rejected(path, None, vec![unreadable.into()]));
    }
    if bytes.len() as u64 > MAX_SHEETS_PACKAGE_BYTES {
        let too_large = MergeFault::TooLarge {
            cap_bytes: MAX_SHEETS_PACKAGE_BYTES,
        };
        return Ok(rejected(path, None, vec![too_large.into()]));
    }
    let sha256 = hex::encode(Sha256::digest(&bytes));
    let opened = match format::open(&bytes) {
        Ok(opened) => opened,
        Err(refusal) => {
            return Ok(rejected(path, Some(sha256), refusal.problems));
        }
    };
    let payload = opened.payload;
    let package = IncomingPackage {
        sha256: sha256.clone(),
        source_name: path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default(),
        signer_key: opened.signer_key,
        round_uid: payload.round_uid,
        member_uid: payload.member_uid,
        sheets: payload
            .sheets
            .into_iter()
            .map(|s| IncomingSheet {
                product_uid: s.product_uid,
                status: s.status,
                updated_at: s.updated_at,
                submitted_at: s.submitted_at,
                answers: s.answers,
                comments: s.comments,
                evidence: s.evidence,
            })
            .collect(),
    };
    let verdict = session
        .store
        .merge_sheets_package(&package, actor)
        .with_context(|| format!("{}: not merged", path.display()))?;
    Ok(PackageReport {
        path: path.to_path_buf(),
        sha256: Some(sha256),
        verdict,
    })
}
