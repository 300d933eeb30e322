//! Merging a member's sheets package into the secretary's round (docs/packages.md,
//! "Merge rules"). The caller has verified the signature and parsed the payload; the
//! store decides whether the package may apply here (round, member, key, state,
//! products, answers) and what happens to each sheet, all in one transaction with
//! its audit entries and the affected results. A rejected package writes nothing.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{DateTime, Utc};
use rusqlite::{OptionalExtension, Transaction, params};
use serde::Serialize;

use super::audit::{self, Actor};
use super::members::{MemberRow, members_on};
use super::packages::round_by_uid_on;
use super::products::products_on;
use super::rescore::{self, VersionAnswer, VersionKind};
use super::sheets::{SheetRow, SheetStatus, answers_on, sheet_on};
use super::{Store, StoreError, StoreResult, begin, now, results, snapshots};
use crate::domain::criteria::{ChoiceId, CriteriaSheet, CriterionId};
use crate::domain::ids::{MemberId, ProductId, RoundId};
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

/// What became of one incoming sheet.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "outcome", rename_all = "kebab-case")]
pub enum SheetOutcome {
    /// No sheet here: stored as submitted, with the member's submission time.
    Inserted { total: u32 },
    /// The same answers and comments are here already.
    Unchanged { total: u32 },
    /// A later submission replaced the submitted sheet here, which is kept as a version.
    Replaced {
        old_total: u32,
        new_total: u32,
        kept_version: u32,
    },
    /// The sheet here was reopened (a correction or re-score, kept as a version) and not
    /// changed since; this later submission completes it.
    Resubmitted { old_total: u32, new_total: u32 },
    /// Not newer than the sheet here, which stays.
    Older {
        incoming_total: u32,
        stored_total: u32,
    },
    /// Not applied: the sheet here changed locally and the incoming one does not
    /// clearly supersede it. Stored as conflict `conflict`.
    Conflict {
        conflict: i64,
        incoming_total: u32,
        stored_total: u32,
        reason: String,
    },
    /// A draft on the member's laptop: only submitted sheets are merged.
    Draft { total: u32 },
    /// The member is recused from the product: refused.
    Recused,
}

impl SheetOutcome {
    /// A short label for reports: "new", "replaced", …
    pub fn label(&self) -> &'static str {
        match self {
            Self::Inserted { .. } => "new",
            Self::Unchanged { .. } => "unchanged",
            Self::Replaced { .. } => "replaced",
            Self::Resubmitted { .. } => "resubmitted",
            Self::Older { .. } => "older",
            Self::Conflict { .. } => "conflict",
            Self::Draft { .. } => "draft",
            Self::Recused => "recused",
        }
    }

    /// One sentence for reports.
    pub fn describe(&self) -> String {
        match self {
            Self::Inserted { total } => format!("new sheet, total {total}"),
            Self::Unchanged { total } => format!("unchanged (total {total})"),
            Self::Replaced {
                old_total,
                new_total,
                kept_version,
            } => format!(
                "replaced by a newer submission: total {old_total} → {new_total} (the older one kept as version {kept_version})"
            ),
            Self::Resubmitted {
                old_total,
                new_total,
            } => format!("resubmitted after it was reopened here: total {old_total} → {new_total}"),
            Self::Older {
                incoming_total,
                stored_total,
            } => format!(
                "older than the sheet already here, kept the newer (incoming total {incoming_total}, here {stored_total})"
            ),
            Self::Conflict {
                conflict,
                incoming_total,
                stored_total,
                reason,
            } => format!(
                "CONFLICT {conflict}: {reason}; kept the sheet here (total {stored_total}), stored the incoming one (total {incoming_total}) — see `package conflicts`"
            ),
            Self::Draft { total } => format!("draft, not merged (total so far {total})"),
            Self::Recused => "refused: the member is recused from this product".into(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SheetMerge {
    pub product: ProductId,
    pub product_uid: String,
    pub product_name: String,
    #[serde(flatten)]
    pub outcome: SheetOutcome,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MergeSummary {
    pub round: RoundId,
    pub round_name: String,
    pub member: MemberId,
    pub member_name: String,
    pub sheets: Vec<SheetMerge>,
}

impl MergeSummary {
    /// "2 new, 1 replaced, 1 draft" in the order of [`SheetOutcome::label`].
    pub fn counts(&self) -> String {
        let mut counts: Vec<(&'static str, usize)> = Vec::new();
        for sheet in &self.sheets {
            let label = sheet.outcome.label();
            match counts.iter_mut().find(|(l, _)| *l == label) {
                Some((_, n)) => *n += 1,
                None => counts.push((label, 1)),
            }
        }
        if counts.is_empty() {
            return "no sheets".into();
        }
        counts
            .iter()
            .map(|(label, n)| format!("{n} {label}"))
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// What a merge did with one package.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "verdict", rename_all = "kebab-case")]
pub enum MergeVerdict {
    /// Nothing written; every reason listed.
    Rejected {
        reasons: Vec<String>,
    },
    /// This exact file was merged before; nothing written.
    AlreadyMerged {
        round: RoundId,
        member: MemberId,
        merged_at: String,
    },
    Merged(MergeSummary),
}

/// A sheet's content, compared when deciding whether anything changed.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Content {
    answers: BTreeMap<CriterionId, ChoiceId>,
    comments: BTreeMap<CriterionId, String>,
}

impl Content {
    fn of(answers: impl IntoIterator<Item = VersionAnswer>) -> Self {
        let mut content = Content {
            answers: BTreeMap::new(),
            comments: BTreeMap::new(),
        };
        for a in answers {
            if let Some(choice) = a.choice {
                content.answers.insert(a.criterion.clone(), choice);
            }
            if !a.comment.is_empty() {
                content.comments.insert(a.criterion, a.comment);
            }
        }
        content
    }

    fn of_incoming(sheet: &IncomingSheet) -> Self {
        Content {
            answers: sheet.answers.clone(),
            comments: sheet
                .comments
                .iter()
                .filter(|(_, c)| !c.is_empty())
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect(),
        }
    }
}

fn stored_content(tx: &Transaction<'_>, row: &SheetRow) -> StoreResult<Content> {
    Ok(Content::of(answers_on(tx, row.id)?.into_iter().map(|a| {
        VersionAnswer {
            criterion: a.criterion_id,
            choice: a.choice_id,
            points: a.points,
            comment: a.comment,
        }
    })))
}

fn time(what: &str, text: &str) -> StoreResult<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(text)
        .map(|t| t.with_timezone(&Utc))
        .map_err(|_| StoreError::Corrupt(format!("{what} \"{text}\" is not a time")))
}

fn rejected(reasons: Vec<String>) -> MergeVerdict {
    MergeVerdict::Rejected { reasons }
}

/// Where a sheet goes: its round, product and member.
#[derive(Debug, Clone, Copy)]
struct Slot {
    round: RoundId,
    product: ProductId,
    member: MemberId,
}

/// Writes the incoming answers as `row`'s (or a new sheet's) submitted content.
fn write_submitted(
    tx: &Transaction<'_>,
    slot: Slot,
    existing: Option<&SheetRow>,
    incoming: &IncomingSheet,
    sheet: &CriteriaSheet,
    total: u32,
) -> StoreResult<()> {
    let Slot {
        round,
        product,
        member,
    } = slot;
    let id = match existing {
        Some(row) => {
            tx.execute(
                "UPDATE sheets SET status = 'submitted', total_points = ?2, updated_at = ?3,
                     submitted_at = ?4 WHERE id = ?1",
                params![row.id.0, total, incoming.updated_at, incoming.submitted_at],
            )?;
            tx.execute("DELETE FROM answers WHERE sheet_id = ?1", [row.id.0])?;
            row.id.0
        }
        None => {
            tx.execute(
                "INSERT INTO sheets (round_id, product_id, member_id, status, total_points,
                                     created_at, updated_at, submitted_at)
                 VALUES (?1, ?2, ?3, 'submitted', ?4, ?5, ?6, ?7)",
                params![
                    round.0,
                    product.0,
                    member.0,
                    total,
                    now(),
                    incoming.updated_at,
                    incoming.submitted_at
                ],
            )?;
            tx.last_insert_rowid()
        }
    };
    let criteria: BTreeSet<&CriterionId> = incoming
        .answers
        .keys()
        .chain(incoming.comments.keys())
        .collect();
    let mut insert = tx.prepare(
        "INSERT INTO answers (sheet_id, criterion_id, choice_id, points, comment, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?;
    for criterion in criteria {
        let choice = incoming.answers.get(criterion);
        let points = choice.and_then(|c| sheet.criterion(criterion)?.points_of(c));
        insert.execute(params![
            id,
            criterion.0,
            choice.map(|c| c.0.as_str()),
            points,
            incoming.comments.get(criterion).map_or("", String::as_str),
            incoming.updated_at
        ])?;
    }
    Ok(())
}

fn version_answers(incoming: &IncomingSheet, sheet: &CriteriaSheet) -> Vec<VersionAnswer> {
    let criteria: BTreeSet<&CriterionId> = incoming
        .answers
        .keys()
        .chain(incoming.comments.keys())
        .collect();
    criteria
        .into_iter()
        .map(|criterion| {
            let choice = incoming.answers.get(criterion).cloned();
            VersionAnswer {
                points: choice
                    .as_ref()
                    .and_then(|c| sheet.criterion(criterion)?.points_of(c)),
                choice,
                criterion: criterion.clone(),
                comment: incoming
                    .comments
                    .get(criterion)
                    .cloned()
                    .unwrap_or_default(),
            }
        })
        .collect()
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
        let earlier: Option<(i64, i64, String)> = tx
            .query_row(
                "SELECT round_id, member_id, merged_at FROM merged_packages WHERE sha256 = ?1",
                [&package.sha256],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .optional()?;
        if let Some((round, member, merged_at)) = earlier {
            return Ok(MergeVerdict::AlreadyMerged {
                round: RoundId(round),
                member: MemberId(member),
                merged_at,
            });
        }
        let Some(round) = round_by_uid_on(&tx, &package.round_uid)? else {
            return Ok(rejected(vec![format!(
                "the package is for round uid {}, which this data folder does not have (a package for another round?)",
                package.round_uid
            )]));
        };
        let council = members_on(&tx, round.id)?;
        let Some(member) = council.iter().find(|m| m.uid == package.member_uid) else {
            return Ok(rejected(vec![format!(
                "member uid {} is not on the council of round {} ({})",
                package.member_uid, round.id, round.name
            )]));
        };
        if member.public_key.as_deref() != Some(package.signer_key.as_str()) {
            let registered = match &member.public_key {
                Some(key) => format!("the key registered for them is {}…", short_sha_of(key)),
                None => "no key is registered for them (member set-key)".into(),
            };
            return Ok(rejected(vec![format!(
                "unknown key: the package is signed by {}…, which is not the key of member {} ({}) in round {}; {registered}",
                short_sha_of(&package.signer_key),
                member.id,
                member.name,
                round.id
            )]));
        }
        if round.status.is_frozen() {
            return Ok(rejected(vec![format!(
                "round {} is {}: its sheets can no longer change (the chair must reopen the round)",
                round.id,
                round.status.as_str()
            )]));
        }
        if !round.status.allows(RoundAction::WriteSheets) {
            return Ok(rejected(vec![format!(
                "round {} is {}: it is not accepting sheets ({})",
                round.id,
                round.status.as_str(),
                round.status.refusal_hint()
            )]));
        }

        // Every sheet must fit the round here before anything is written.
        let products = products_on(&tx, round.id)?;
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
            let sheet = snapshots::load(&tx, &self.sheet_cache, round.id, product.product_set)?;
            let label = format!("sheet for product {} ({})", product.id, product.name);
            let answers = SheetAnswers {
                choices: incoming.answers.clone(),
            };
            let errors = score::check_answers(&sheet, &answers);
            if !errors.is_empty() {
                for e in errors {
                    problems.push(format!("{label}: {e}"));
                }
                continue;
            }
            for criterion in incoming.comments.keys() {
                if sheet.criterion(criterion).is_none() {
                    problems.push(format!(
                        "{label}: comment for criterion {criterion}, which is not on the sheet of product set {}",
                        product.product_set
                    ));
                }
            }
            let scored = score::score(&sheet, &answers)
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
            checked.push((incoming, product.clone(), sheet, scored.total));
        }
        if !problems.is_empty() {
            return Ok(rejected(problems));
        }

        let recused: BTreeSet<ProductId> = {
            let mut stmt = tx.prepare(
                "SELECT product_id FROM recusals WHERE round_id = ?1 AND member_id = ?2",
            )?;
            let rows = stmt.query_map(params![round.id.0, member.id.0], |r| {
                Ok(ProductId(r.get(0)?))
            })?;
            rows.collect::<Result<_, _>>()?
        };
        let mut lines = Vec::new();
        let mut affected = BTreeSet::new();
        for (incoming, product, sheet, total) in checked {
            let outcome = if incoming.status == SheetStatus::Draft {
                SheetOutcome::Draft { total }
            } else if recused.contains(&product.id) {
                SheetOutcome::Recused
            } else {
                let outcome = merge_one(
                    &tx,
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
        let summary = MergeSummary {
            round: round.id,
            round_name: round.name.clone(),
            member: member.id,
            member_name: member.name.clone(),
            sheets: lines,
        };
        for product in &affected {
            results::refresh(&tx, &self.sheet_cache, round.id, *product)?;
        }
        let counts = summary.counts();
        tx.execute(
            "INSERT INTO merged_packages (sha256, round_id, member_id, public_key, source_name,
                                          summary, merged_at, merged_by)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            params![
                package.sha256,
                round.id.0,
                member.id.0,
                package.signer_key,
                package.source_name,
                counts,
                now(),
                actor.0
            ],
        )?;
        audit::append(
            &tx,
            round.id,
            actor,
            "package.merge",
            &format!("member:{}", member.id),
            None,
            Some(&format!(
                "sheets package {} ({}) signed by {}…: {counts}",
                package.sha256,
                package.source_name,
                short_sha_of(&package.signer_key)
            )),
        )?;
        tx.commit()?;
        Ok(MergeVerdict::Merged(summary))
    }
}

/// The first 16 hex digits of a hash or key, for messages.
fn short_sha_of(hex: &str) -> &str {
    hex.get(..16).unwrap_or(hex)
}

/// Decides and applies one submitted incoming sheet (see [`SheetOutcome`]).
#[allow(clippy::too_many_arguments)]
fn merge_one(
    tx: &Transaction<'_>,
    round: RoundId,
    member: &MemberRow,
    product: ProductId,
    incoming: &IncomingSheet,
    sheet: &CriteriaSheet,
    total: u32,
    package_sha256: &str,
    actor: &Actor,
) -> StoreResult<SheetOutcome> {
    let short_sha = short_sha_of(package_sha256);
    let slot = Slot {
        round,
        product,
        member: member.id,
    };
    let submitted_text = incoming.submitted_at.as_deref().unwrap_or_default();
    let incoming_at = time("the incoming submission time", submitted_text)?;
    let content = Content::of_incoming(incoming);
    let target = |id: i64| format!("sheet:{id} product:{product} member:{}", member.id);
    let applied = |old: Option<String>| -> StoreResult<()> {
        audit::append(
            tx,
            round,
            actor,
            "sheet.merge",
            &target(sheet_on(tx, product, member.id)?.map_or(0, |r| r.id.0)),
            old.as_deref(),
            Some(&format!(
                "submitted, total {total}, at {submitted_text} (package {short_sha})"
            )),
        )
    };
    let Some(row) = sheet_on(tx, product, member.id)? else {
        write_submitted(tx, slot, None, incoming, sheet, total)?;
        applied(None)?;
        return Ok(SheetOutcome::Inserted { total });
    };
    let here = stored_content(tx, &row)?;
    let conflict = |reason: String| -> StoreResult<SheetOutcome> {
        let json = serde_json::to_string(&version_answers(incoming, sheet))
            .map_err(|e| StoreError::Invalid(format!("cannot serialise a sheet: {e}")))?;
        tx.execute(
            "INSERT INTO sheet_conflicts (round_id, product_id, member_id, package_sha256,
                 incoming_total, incoming_answers_json, incoming_updated_at,
                 incoming_submitted_at, stored_status, stored_total, stored_updated_at,
                 stored_submitted_at, reason, recorded_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)",
            params![
                round.0,
                product.0,
                member.id.0,
                package_sha256,
                total,
                json,
                incoming.updated_at,
                submitted_text,
                row.status.as_str(),
                row.total_points,
                row.updated_at,
                row.submitted_at,
                reason,
                now()
            ],
        )?;
        let conflict = tx.last_insert_rowid();
        audit::append(
            tx,
            round,
            actor,
            "sheet.conflict",
            &target(row.id.0),
            Some(&format!(
                "{}, total {} (kept)",
                row.status.as_str(),
                row.total_points
            )),
            Some(&format!(
                "incoming total {total} submitted at {submitted_text} stored as conflict {conflict}: {reason} (package {short_sha})"
            )),
        )?;
        Ok(SheetOutcome::Conflict {
            conflict,
            incoming_total: total,
            stored_total: row.total_points,
            reason,
        })
    };
    match row.status {
        SheetStatus::Submitted => {
            if here == content {
                return Ok(SheetOutcome::Unchanged { total });
            }
            let stored_text = row.submitted_at.as_deref().unwrap_or_default();
            let stored_at = time("the stored submission time", stored_text)?;
            if incoming_at > stored_at {
                let kept = rescore::keep_submitted_version(
                    tx,
                    &row,
                    VersionKind::Reopen,
                    &format!(
                        "replaced by the member's newer submission of {submitted_text} (sheets package {short_sha})"
                    ),
                    member.id,
                )?;
                write_submitted(tx, slot, Some(&row), incoming, sheet, total)?;
                applied(Some(format!(
                    "submitted, total {}, at {stored_text} (kept as version {kept})",
                    row.total_points
                )))?;
                Ok(SheetOutcome::Replaced {
                    old_total: row.total_points,
                    new_total: total,
                    kept_version: kept,
                })
            } else if incoming_at < stored_at {
                Ok(SheetOutcome::Older {
                    incoming_total: total,
                    stored_total: row.total_points,
                })
            } else {
                conflict(format!(
                    "a different submission with the same time ({submitted_text}) is here"
                ))
            }
        }
        SheetStatus::Draft => {
            let latest = rescore::versions_on(tx, product, Some(member.id))?
                .into_iter()
                .filter(|v| v.sheet_id == row.id)
                .max_by_key(|v| v.version);
            let Some(kept) = latest else {
                return conflict("a draft was started here for this member and product".into());
            };
            if Content::of(kept.answers.clone()) != here {
                return conflict(format!(
                    "the sheet was reopened here ({}: {}) and changed here since",
                    kept.kind.as_str(),
                    kept.reason
                ));
            }
            let kept_at = match kept.submitted_at.as_deref() {
                Some(text) => Some(time("a kept submission time", text)?),
                None => None,
            };
            if kept_at.is_some_and(|k| incoming_at <= k) {
                return Ok(SheetOutcome::Older {
                    incoming_total: total,
                    stored_total: kept.total_points,
                });
            }
            let reopened_at = time("a reopening time", &kept.reopened_at)?;
            if incoming_at <= reopened_at {
                return conflict(format!(
                    "submitted on the member's laptop at {submitted_text}, before the sheet was reopened here at {} ({}: {})",
                    kept.reopened_at,
                    kept.kind.as_str(),
                    kept.reason
                ));
            }
            write_submitted(tx, slot, Some(&row), incoming, sheet, total)?;
            applied(Some(format!(
                "draft, reopened from total {} (version {})",
                kept.total_points, kept.version
            )))?;
            Ok(SheetOutcome::Resubmitted {
                old_total: kept.total_points,
                new_total: total,
            })
        }
    }
}
