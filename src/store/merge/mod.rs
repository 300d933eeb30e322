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
fn rejected(reasons: Vec<String>) -> Halt {
    Halt::Verdict(MergeVerdict::Rejected { reasons })
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
        return Err(rejected(vec![format!(
            "the package is for round uid {}, which this data folder does not have (a package for another round?)",
            package.round_uid
        )]));
    };
    authorize_on(tx, round.id, actor, CouncilAction::CollectSheets, None)?;
    let council = members_on(tx, round.id)?;
    let Some(member) = council.into_iter().find(|m| m.uid == package.member_uid) else {
        return Err(rejected(vec![format!(
            "member uid {} is not on the council of round {} ({})",
            package.member_uid, round.id, round.name
        )]));
    };
    if member.public_key.as_deref() != Some(package.signer_key.as_str()) {
        let registered = match &member.public_key {
            Some(key) => format!("the key registered for them is {}…", short_sha_of(key)),
            None => "no key is registered for them (member set-key)".into(),
        };
        return Err(rejected(vec![format!(
            "unknown key: the package is signed by {}…, which is not the key of member {} ({}) in round {}; {registered}",
            short_sha_of(&package.signer_key),
            member.id,
            member.name,
            round.id
        )]));
    }
    if round.status.is_frozen() {
        return Err(rejected(vec![format!(
            "round {} is {}: its sheets can no longer change (the chair must reopen the round)",
            round.id,
            round.status.as_str()
        )]));
    }
    if !round.status.allows(RoundAction::WriteSheets) {
        return Err(rejected(vec![format!(
            "round {} is {}: it is not accepting sheets ({})",
            round.id,
            round.status.as_str(),
            round.status.refusal_hint()
        )]));
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
    let mut problems = Vec::new();
    let mut seen = BTreeSet::new();
    let mut checked = Vec::new();
    for incoming in &package.sheets {
        let Some(product) = products.iter().find(|p| p.uid == incoming.product_uid) else {
            problems.push(format!(
                "product uid {} is not in round {} here",
                incoming.product_uid, round.id
            ));
            continue;
        };
        if !seen.insert(product.id) {
            problems.push(format!(
                "two sheets for product {} ({})",
                product.id, product.name
            ));
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
    found: &mut Vec<String>,
) -> StoreResult<Option<u32>> {
    let label = format!("sheet for product {} ({})", product.id, product.name);
    let answers = SheetAnswers {
        choices: incoming.answers.clone(),
    };
    let errors = score::check_answers(sheet, &answers);
    if !errors.is_empty() {
        found.extend(errors.iter().map(|e| format!("{label}: {e}")));
        return Ok(None);
    }
    let mut problems = Vec::new();
    for criterion in incoming.comments.keys() {
        if sheet.criterion(criterion).is_none() {
            problems.push(format!(
                "{label}: comment for criterion {criterion}, which is not on the sheet of product set {}",
                product.product_set
            ));
        }
    }
    for (criterion, sha) in &incoming.evidence {
        if sheet.criterion(criterion).is_none() {
            problems.push(format!(
                "{label}: evidence for criterion {criterion}, which is not on the sheet of product set {}",
                product.product_set
            ));
        } else if !super::dossiers::is_attachment_of(tx, product.id, sha)? {
            problems.push(format!(
                "{label}: the evidence for criterion {criterion} ({}) is not a file of the product's dossier here",
                short_sha_of(sha)
            ));
        }
    }
    let scored = score::score(sheet, &answers)
        .map_err(|_| StoreError::Invalid("answers were checked but do not score".into()))?;
    if incoming.status == SheetStatus::Submitted {
        if !scored.is_complete() {
            problems.push(format!(
                "{label}: marked submitted but {} criteria are unanswered",
                scored.unanswered.len()
            ));
        }
        if incoming.submitted_at.is_none() {
            problems.push(format!("{label}: submitted without a submission time"));
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
