//! Merging a member's sheets package into the secretary's round (docs/packages.md,
//! "Merge rules"). The caller has verified the signature and parsed the payload; the
//! store decides whether the package may apply here (round, member, key, state,
//! products, answers) and what happens to each sheet, all in one transaction with
//! its audit entries and the affected results. A rejected package writes nothing.

mod sheet;

use crate::domain::permissions::CouncilAction;
use crate::store::authorize::authorize_on;
use std::collections::{BTreeMap, BTreeSet};

use std::sync::Arc;

use rusqlite::{OptionalExtension, Transaction, params};

use super::audit::{self, Actor};
use super::members::members_on;
use super::packages::round_by_uid_on;
use super::products::products_on;
use super::sheets::SheetStatus;
use super::{Store, StoreError, StoreResult, begin, now, results, snapshots};
use crate::domain::criteria::{ChoiceId, CriteriaSheet, CriterionId};
use crate::domain::ids::{MemberId, ProductId, RoundId};
use crate::domain::model::{MemberRow, ProductRow, RoundRow};
pub use crate::domain::model::{MergeSummary, MergeVerdict, SheetMerge, SheetOutcome};
use crate::domain::refusal::{MergeFault, Problem, SheetFault};
use crate::domain::round::RoundAction;
use crate::domain::score::{self, SheetAnswers};

/// One sheet as a member's laptop exported it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IncomingSheet {
    pub product_uid: String,
    pub status: SheetStatus,
    /// RFC 3339, UTC.
    pub updated_at: String,
    pub submitted_at: Option<String>,
    pub answers: BTreeMap<CriterionId, ChoiceId>,
    pub comments: BTreeMap<CriterionId, String>,
    /// Criterion → SHA-256 of the dossier attachment given as evidence.
    pub evidence: BTreeMap<CriterionId, String>,
}

/// A sheets package whose signature verified.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IncomingPackage {
    /// SHA-256 of the whole file (recognises a second import).
    pub sha256: String,
    /// The file name, for the record.
    pub source_name: String,
    /// The key whose signature verified (hex).
    pub signer_key: String,
    pub round_uid: String,
    pub member_uid: String,
    pub sheets: Vec<IncomingSheet>,
}

/// Why a merge stops before its end: a verdict that writes nothing (already merged,
/// rejected), or the data folder failing.
enum Halt {
    Verdict(MergeVerdict),
    Store(StoreError),
}

impl<E: Into<StoreError>> From<E> for Halt {
    fn from(e: E) -> Self {
        Self::Store(e.into())
    }
}

/// Rejected for `reasons`: the package writes nothing.
fn rejected(reasons: Vec<Problem>) -> Halt {
    Halt::Verdict(MergeVerdict::Rejected { reasons })
}

/// Rejected for one reason.
fn rejected_for(fault: MergeFault) -> Halt {
    rejected(vec![fault.into()])
}

/// An incoming sheet that fits the round here, with what it needs to be applied.
struct CheckedSheet<'p> {
    incoming: &'p IncomingSheet,
    product: ProductRow,
    sheet: Arc<CriteriaSheet>,
    total: u32,
}

impl Store {
    /// Applies one verified sheets package; see the module documentation and
    /// docs/packages.md for the rules. `Ok(Rejected)` and `Ok(AlreadyMerged)` wrote
    /// nothing; `Err` is the data folder failing (nothing written either).
    pub fn merge_sheets_package(
        &mut self,
        package: &IncomingPackage,
        actor: &Actor,
    ) -> StoreResult<MergeVerdict> {
        let tx = begin(&mut self.conn)?;
        let merged = (|| {
            not_merged_before(&tx, package)?;
            let (round, member) = check_sender(&tx, package, actor)?;
            let checked = check_sheets(&tx, &self.sheet_cache, &round, package)?;
            let summary = apply_sheets(&tx, &round, &member, checked, package, actor)?;
            for product in &summary.affected {
                results::refresh(&tx, &self.sheet_cache, round.id, *product)?;
            }
            record_merge(&tx, package, &summary.summary, actor)?;
            Ok(summary.summary)
        })();
        match merged {
            Ok(summary) => {
                tx.commit()?;
                Ok(MergeVerdict::Merged(summary))
            }
            Err(Halt::Verdict(verdict)) => Ok(verdict),
            Err(Halt::Store(e)) => Err(e),
        }
    }
}

/// The same file merged before is not merged again (nothing written).
fn not_merged_before(tx: &Transaction<'_>, package: &IncomingPackage) -> Result<(), Halt> {
    let earlier: Option<(i64, i64, String)> = tx
        .query_row(
            "SELECT round_id, member_id, merged_at FROM merged_packages WHERE sha256 = ?1",
            [&package.sha256],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .optional()?;
    match earlier {
        Some((round, member, merged_at)) => Err(Halt::Verdict(MergeVerdict::AlreadyMerged {
            round: RoundId(round),
            member: MemberId(member),
            merged_at,
        })),
        None => Ok(()),
    }
}

/// The package's round is here and accepting sheets, the actor may collect them,
/// and the signer is the member the package names, by their registered key.
fn check_sender(
    tx: &Transaction<'_>,
    package: &IncomingPackage,
    actor: &Actor,
) -> Result<(RoundRow, MemberRow), Halt> {
    let Some(round) = round_by_uid_on(tx, &package.round_uid)? else {
        return Err(rejected_for(MergeFault::RoundNotHere {
            round_uid: package.round_uid.clone(),
        }));
    };
    authorize_on(tx, round.id, actor, CouncilAction::CollectSheets, None)?;
    let council = members_on(tx, round.id)?;
    let Some(member) = council.into_iter().find(|m| m.uid == package.member_uid) else {
        return Err(rejected_for(MergeFault::MemberNotOnCouncil {
            member_uid: package.member_uid.clone(),
            round: round.id,
            round_name: round.name.clone(),
        }));
    };
    if member.public_key.as_deref() != Some(package.signer_key.as_str()) {
        return Err(rejected_for(MergeFault::UnknownKey {
            signed_by: short_sha_of(&package.signer_key).to_owned(),
            member: member.id,
            member_name: member.name.clone(),
            round: round.id,
            registered: member
                .public_key
                .as_deref()
                .map(|key| short_sha_of(key).to_owned()),
        }));
    }
    if round.status.is_frozen() {
        return Err(rejected_for(MergeFault::RoundFrozen {
            round: round.id,
            status: round.status,
        }));
    }
    if !round.status.allows(RoundAction::WriteSheets) {
        return Err(rejected_for(MergeFault::NotAcceptingSheets {
            round: round.id,
            status: round.status,
        }));
    }
    Ok((round, member))
}

/// Every sheet must fit the round here before anything is written: its product in
/// the round once, its answers, comments and evidence on the product's sheet.
fn check_sheets<'p>(
    tx: &Transaction<'_>,
    cache: &snapshots::SheetCache,
    round: &RoundRow,
    package: &'p IncomingPackage,
) -> Result<Vec<CheckedSheet<'p>>, Halt> {
    let products = products_on(tx, round.id)?;
    let mut problems: Vec<Problem> = Vec::new();
    let mut seen = BTreeSet::new();
    let mut checked = Vec::new();
    for incoming in &package.sheets {
        let Some(product) = products.iter().find(|p| p.uid == incoming.product_uid) else {
            problems.push(
                MergeFault::ProductNotInRound {
                    product_uid: incoming.product_uid.clone(),
                    round: round.id,
                }
                .into(),
            );
            continue;
        };
        if !seen.insert(product.id) {
            problems.push(
                MergeFault::TwoSheets {
                    product: product.id,
                    name: product.name.clone(),
                }
                .into(),
            );
            continue;
        }
        let sheet = snapshots::load(tx, cache, round.id, product.product_set)?;
        if let Some(total) = check_sheet(tx, product, &sheet, incoming, &mut problems)? {
            checked.push(CheckedSheet {
                incoming,
                product: product.clone(),
                sheet,
                total,
            });
        }
    }
    if problems.is_empty() {
        Ok(checked)
    } else {
        Err(rejected(problems))
    }
}

/// One incoming sheet against the product's sheet here: its total, or `None` with
/// what is wrong pushed to `found`.
fn check_sheet(
    tx: &Transaction<'_>,
    product: &ProductRow,
    sheet: &CriteriaSheet,
    incoming: &IncomingSheet,
    found: &mut Vec<Problem>,
) -> StoreResult<Option<u32>> {
    let of_sheet = |fault: SheetFault| -> Problem {
        MergeFault::Sheet {
            product: product.id,
            name: product.name.clone(),
            problem: Box::new(fault.into()),
        }
        .into()
    };
    let answers = SheetAnswers {
        choices: incoming.answers.clone(),
    };
    let scored = match score::score(sheet, &answers) {
        Ok(scored) => scored,
        Err(errors) => {
            found.extend(errors.into_iter().map(|e| of_sheet(e.into())));
            return Ok(None);
        }
    };
    let mut problems = Vec::new();
    let product_set = product.product_set;
    for criterion in incoming.comments.keys() {
        if sheet.criterion(criterion).is_none() {
            problems.push(of_sheet(SheetFault::CommentNotOnSheet {
                criterion: criterion.clone(),
                product_set,
            }));
        }
    }
    for (criterion, sha) in &incoming.evidence {
        if sheet.criterion(criterion).is_none() {
            problems.push(of_sheet(SheetFault::EvidenceNotOnSheet {
                criterion: criterion.clone(),
                product_set,
            }));
        } else if !super::dossiers::is_attachment_of(tx, product.id, sha)? {
            problems.push(of_sheet(SheetFault::EvidenceNotInDossier {
                criterion: criterion.clone(),
                sha256: short_sha_of(sha).to_owned(),
            }));
        }
    }
    if incoming.status == SheetStatus::Submitted {
        if !scored.is_complete() {
            // The report counts them; the member's laptop lists them.
            problems.push(of_sheet(SheetFault::SubmittedUnanswered {
                count: scored.unanswered.len(),
                criteria: Vec::new(),
            }));
        }
        if incoming.submitted_at.is_none() {
            problems.push(of_sheet(SheetFault::SubmittedWithoutTime));
        }
    }
    let total = problems.is_empty().then_some(scored.total);
    found.extend(problems);
    Ok(total)
}

/// What applying the checked sheets did, and the products whose results changed.
struct Applied {
    summary: MergeSummary,
    affected: BTreeSet<ProductId>,
}

/// Applies each checked sheet: a draft is reported, a recused member's sheet is
/// left out, a submitted one goes through the merge rules (sheet.rs).
fn apply_sheets(
    tx: &Transaction<'_>,
    round: &RoundRow,
    member: &MemberRow,
    checked: Vec<CheckedSheet<'_>>,
    package: &IncomingPackage,
    actor: &Actor,
) -> StoreResult<Applied> {
    let recused: BTreeSet<ProductId> = {
        let mut stmt =
            tx.prepare("SELECT product_id FROM recusals WHERE round_id = ?1 AND member_id = ?2")?;
        let rows = stmt.query_map(params![round.id.0, member.id.0], |r| {
            Ok(ProductId(r.get(0)?))
        })?;
        rows.collect::<Result<_, _>>()?
    };
    let mut lines = Vec::new();
    let mut affected = BTreeSet::new();
    for CheckedSheet {
        incoming,
        product,
        sheet,
        total,
    } in checked
    {
        let outcome = if incoming.status == SheetStatus::Draft {
            SheetOutcome::Draft { total }
        } else if recused.contains(&product.id) {
            SheetOutcome::Recused
        } else {
            let outcome = sheet::merge_one(
                tx,
                round.id,
                member,
                product.id,
                incoming,
                &sheet,
                total,
                &package.sha256,
                actor,
            )?;
            if matches!(
                outcome,
                SheetOutcome::Inserted { .. }
                    | SheetOutcome::Replaced { .. }
                    | SheetOutcome::Resubmitted { .. }
            ) {
                affected.insert(product.id);
            }
            outcome
        };
        lines.push(SheetMerge {
            product: product.id,
            product_uid: product.uid.clone(),
            product_name: product.name.clone(),
            outcome,
        });
    }
    Ok(Applied {
        summary: MergeSummary {
            round: round.id,
            round_name: round.name.clone(),
            member: member.id,
            member_name: member.name.clone(),
            sheets: lines,
        },
        affected,
    })
}

/// Records the merged package (so the same file is recognised) and its audit entry.
fn record_merge(
    tx: &Transaction<'_>,
    package: &IncomingPackage,
    summary: &MergeSummary,
    actor: &Actor,
) -> StoreResult<()> {
    let counts = summary.counts();
    tx.execute(
        "INSERT INTO merged_packages (sha256, round_id, member_id, public_key, source_name,
                                      summary, merged_at, merged_by)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        params![
            package.sha256,
            summary.round.0,
            summary.member.0,
            package.signer_key,
            package.source_name,
            counts,
            now(),
            audit::actor_label(tx, actor)?
        ],
    )?;
    audit::append(
        tx,
        summary.round,
        actor,
        "package.merge",
        &format!("member:{}", summary.member),
        None,
        Some(&format!(
            "sheets package {} ({}) signed by {}…: {counts}",
            package.sha256,
            package.source_name,
            short_sha_of(&package.signer_key)
        )),
    )?;
    Ok(())
}

/// The first 16 hex digits of a hash or key, for messages.
pub(super) fn short_sha_of(hex: &str) -> &str {
    hex.get(..16).unwrap_or(hex)
}
