//! Round packages: exporting the secretary's round, importing it on a member's laptop.

use std::collections::BTreeMap;
use std::fs::File;
use std::io::BufReader;
use std::path::{Path, PathBuf};

use anyhow::Context as _;
use serde::Serialize;

use crate::app::Session;
use crate::app::dossier::sweep_attachments;
use crate::app::failure::ImportError;
use crate::domain::ids::{MemberId, ProductId, RoundId};
use crate::domain::model::{MirrorChange, MirrorNote, MirrorPresiding};
use crate::domain::progress::{Progress, Work};
use crate::domain::refusal::{Problem, Refusal, Subject};
use crate::domain::round::RoundStatus;
use crate::exchange::package::round::{self as format, ROUND_PACKAGE_LIMITS};
use crate::store::{
    Actor, MemberRow, MirrorDossier, MirrorMember, MirrorProduct, MirrorRecusal, MirrorRound,
    RoundMirror,
};

/// What `export_round_package` wrote.
#[derive(Debug, Clone, Serialize)]
pub struct RoundExport {
    pub path: PathBuf,
    pub round: RoundId,
    pub round_uid: String,
    pub members: usize,
    pub products: usize,
    pub dossier_versions: usize,
    pub attachments: usize,
    pub attachment_bytes: u64,
    /// Members (non-voting ones, unless `allow_missing_keys`) without a registered
    /// key: they cannot send sheets.
    pub members_without_key: Vec<KeylessMember>,
}

/// A member without a registered public key.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct KeylessMember {
    pub member: MemberId,
    pub name: String,
}

impl KeylessMember {
    fn of(member: &MemberRow) -> Self {
        Self {
            member: member.id,
            name: member.name.clone(),
        }
    }
}

/// Why no round package is sent out (the UI words it: ui/failures.rs).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ExportRefusal {
    /// The round is past scoring.
    #[error("round {round} is {}: there is nothing left to score, so no round package is sent out", status.as_str())]
    NothingToScore { round: RoundId, status: RoundStatus },
    /// Voting members have no registered key: they could not send their sheets back.
    #[error(
        "round {round}: register the public key of every voting member first (member set-key), missing for: {}; or pass --allow-missing-keys if they score on this machine",
        members.iter().map(|m| format!("{} ({})", m.member, m.name)).collect::<Vec<_>>().join(", ")
    )]
    MissingKeys {
        round: RoundId,
        members: Vec<KeylessMember>,
    },
}

/// What `import_round_package` did.
#[derive(Debug, Clone, Serialize)]
pub struct RoundImport {
    pub round: RoundId,
    pub round_name: String,
    /// The round was new in this data folder.
    pub created: bool,
    /// Each change, typed; empty: the package brought nothing new.
    pub changes: Vec<MirrorChange>,
    /// What was left as it is here, and why.
    pub notes: Vec<MirrorNote>,
    /// Attachments copied into the data folder (others were there already).
    pub attachments_stored: usize,
    /// The member whose registered key is this data folder's profile key.
    pub me: Option<MemberRow>,
}

/// The round as the store has it, in the package's terms.
fn mirror_of(session: &Session, round: RoundId) -> anyhow::Result<RoundMirror> {
    let store = &session.store;
    let row = store.round(round)?;
    let members = store.members(round)?;
    let products = store.products(round)?;
    let member_uid: BTreeMap<_, _> = members.iter().map(|m| (m.id, m.uid.clone())).collect();
    let product_uid: BTreeMap<_, _> = products.iter().map(|p| (p.id, p.uid.clone())).collect();
    let mut mirror_products = Vec::new();
    for p in products {
        let mut dossiers = Vec::new();
        for version in store.dossier_versions(p.id)? {
            let d = store.dossier(version.id)?;
            dossiers.push(MirrorDossier {
                version: d.version,
                content_hash: d.content_hash,
                facts: d.facts,
                self_assessment: d.self_assessment,
                source_name: d.source_name,
                imported_at: d.imported_at,
                imported_by: d.imported_by,
                files: d.files,
            });
        }
        mirror_products.push(MirrorProduct {
            uid: p.uid,
            name: p.name,
            product_set: p.product_set,
            product_code: p.product_code,
            producer: p.producer,
            disqualification: p.disqualified,
            dossiers,
        });
    }
    let recusals: Vec<MirrorRecusal> = store
        .recusals(round)?
        .into_iter()
        .map(|r| -> anyhow::Result<MirrorRecusal> {
            Ok(MirrorRecusal {
                product: product_uid
                    .get(&r.product_id)
                    .cloned()
                    .with_context(|| format!("recusal of unknown product {}", r.product_id))?,
                member: member_uid
                    .get(&r.member_id)
                    .cloned()
                    .with_context(|| format!("recusal of unknown member {}", r.member_id))?,
                reason: r.reason,
                recorded_by: r.recorded_by,
                recorded_by_member: r
                    .recorded_by_member
                    .and_then(|m| member_uid.get(&m).cloned()),
                created_at: r.created_at,
            })
        })
        .collect::<anyhow::Result<_>>()?;
    let presiding = presiding_of(session, round, &member_uid, &product_uid, &recusals)?;
    Ok(RoundMirror {
        exported_at: chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
        round: MirrorRound {
            uid: row.uid,
            name: row.name,
            level: row.level,
            criteria_set_id: row.criteria_set_id,
            status: row.status,
            starts_on: row.starts_on,
            ends_on: row.ends_on,
            rules: row.rules,
            star_marks_binding: row.star_marks_binding,
        },
        snapshots: store.raw_snapshots(round)?,
        members: members
            .into_iter()
            .map(|m| MirrorMember {
                uid: m.uid,
                name: m.name,
                role: m.role,
                voting: m.voting,
                public_key: m.public_key,
            })
            .collect(),
        products: mirror_products,
        recusals,
        presiding,
    })
}

/// The round's presiding members in the package's terms. One recused from the
/// product since being named no longer presides (the quorum does not count them),
/// so it is left out: a package naming them would be refused.
fn presiding_of(
    session: &Session,
    round: RoundId,
    member_uid: &BTreeMap<MemberId, String>,
    product_uid: &BTreeMap<ProductId, String>,
    recusals: &[MirrorRecusal],
) -> anyhow::Result<Vec<MirrorPresiding>> {
    let mut out = Vec::new();
    for p in session.store.presiding_members(round)? {
        let (Some(product), Some(member)) =
            (product_uid.get(&p.product_id), member_uid.get(&p.member_id))
        else {
            anyhow::bail!(
                "presiding member {} of unknown product {}",
                p.member_id,
                p.product_id
            );
        };
        if recusals
            .iter()
            .any(|r| r.product == *product && r.member == *member)
        {
            continue;
        }
        out.push(MirrorPresiding {
            product: product.clone(),
            member: member.clone(),
            recorded_by: p.recorded_by,
            created_at: p.created_at,
        });
    }
    Ok(out)
}

/// Writes the round package of `round` to `out` (replaced atomically if it exists).
/// Refused for a finalized round, and while a voting member has no registered key
/// (unless `allow_missing_keys`: that member then cannot send a sheets package).
pub fn export_round_package(
    session: &Session,
    round: RoundId,
    out: &Path,
    allow_missing_keys: bool,
    progress: &mut dyn FnMut(Progress),
) -> anyhow::Result<RoundExport> {
    let row = session.store.round(round)?;
    if row.status.is_frozen() {
        let status = row.status;
        return Err(ExportRefusal::NothingToScore { round, status }.into());
    }
    let members = session.store.members(round)?;
    let missing: Vec<&MemberRow> = members.iter().filter(|m| m.public_key.is_none()).collect();
    let voting_missing: Vec<KeylessMember> = missing
        .iter()
        .filter(|m| m.voting)
        .map(|m| KeylessMember::of(m))
        .collect();
    if !voting_missing.is_empty() && !allow_missing_keys {
        let members = voting_missing;
        return Err(ExportRefusal::MissingKeys { round, members }.into());
    }
    let mirror = mirror_of(session, round)?;
    let attachments = session.attachments();
    let temp = crate::files::temp_path_for(out);
    let written = format::write(
        &temp,
        &mirror,
        &mut |sha| {
            let path = attachments
                .path_of(sha)
                .ok_or_else(|| std::io::Error::other(format!("\"{sha}\" is not a SHA-256")))?;
            File::open(&path).map(|f| Box::new(BufReader::new(f)) as Box<dyn std::io::Read>)
        },
        progress,
    )
    .map_err(|e| e.to_string())
    .and_then(|()| {
        crate::files::rename_into_place(&temp, out)
            .map_err(|e| format!("cannot write {}: {e}", out.display()))
    });
    if let Err(message) = written {
        let _ = std::fs::remove_file(&temp);
        anyhow::bail!("{message}");
    }
    let files: BTreeMap<&str, u64> = mirror
        .products
        .iter()
        .flat_map(|p| &p.dossiers)
        .flat_map(|d| &d.files)
        .map(|f| (f.sha256.as_str(), f.size_bytes))
        .collect();
    Ok(RoundExport {
        path: out.to_path_buf(),
        round,
        round_uid: mirror.round.uid.clone(),
        members: mirror.members.len(),
        products: mirror.products.len(),
        dossier_versions: mirror.products.iter().map(|p| p.dossiers.len()).sum(),
        attachments: files.len(),
        attachment_bytes: files.values().sum(),
        members_without_key: missing.iter().map(|m| KeylessMember::of(m)).collect(),
    })
}

/// Imports a round package: the round with the same uids and status, its council,
/// products and dossiers; a newer package of the same round updates it without
/// touching local sheets; the same package again changes nothing. Refused (the
/// package's problems, or the store's refusal of it): nothing written.
pub fn import_round_package(
    session: &mut Session,
    path: &Path,
    actor: &Actor,
    progress: &mut dyn FnMut(Progress),
) -> Result<RoundImport, ImportError> {
    let mut package =
        format::read(path, &ROUND_PACKAGE_LIMITS, progress).map_err(ImportError::Refused)?;
    // This laptop's key: the member it is registered for owns the round here.
    let laptop_key = super::existing_profile_key(&session.data_dir)?.map(|k| k.public_hex());
    crate::app::backup::before_change(session, crate::app::backup::BackupReason::RoundPackage)?;
    // Files first (atomic renames into the content-addressed store), then the rows.
    let attachments = session.attachments();
    let lock = attachments
        .lock_for_writing()
        .with_context(|| format!("cannot lock {}", attachments.root().display()))?;
    let total: u64 = package.attachments.values().map(|a| a.size_bytes).sum();
    let mut done = 0u64;
    let mut stored = 0usize;
    let mut failure = None;
    for (sha, attachment) in &package.attachments {
        if attachments.size_of(sha) == Some(attachment.size_bytes) {
            done += attachment.size_bytes;
            continue;
        }
        let label = package.label.clone();
        let put = match package.bundle.open_entry(&attachment.entry) {
            Ok(mut reader) => {
                attachments.put(&lock, &mut reader, sha, attachment.size_bytes, &mut |n| {
                    done += n;
                    progress(Progress {
                        work: Work::Storing,
                        done,
                        total: total.max(done),
                        item: Some(label.clone()),
                    });
                })
            }
            Err(e) => Err(crate::app::attachments::PutError::Read(e)),
        };
        match put {
            Ok(_) => stored += 1,
            Err(e) => {
                // The copy's own words (a read or write error), under the entry.
                let problem = Problem::Detail(e.to_string())
                    .in_file(format!("attachments/{sha}"))
                    .in_file(package.label.clone());
                failure = Some(Refusal::one(Subject::RoundPackage { round: None }, problem));
                break;
            }
        }
    }
    let applied = match failure {
        Some(refusal) => Err(ImportError::Refused(refusal)),
        None => session
            .store
            .apply_round_mirror(&package.mirror, laptop_key.as_deref(), actor)
            .map_err(ImportError::Store),
    };
    drop(lock);
    let report = match applied {
        Ok(report) => report,
        Err(e) => {
            sweep_attachments(session);
            return Err(e);
        }
    };
    Ok(RoundImport {
        round: report.round,
        round_name: package.mirror.round.name.clone(),
        created: report.created,
        changes: report.changes,
        notes: report.notes,
        attachments_stored: stored,
        me: super::member_for_profile(session, report.round)?,
    })
}
