//! One incoming submitted sheet against the sheet here: the decision table of
//! docs/packages.md ("Merge rules"), and the writes it leads to.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{DateTime, Utc};
use rusqlite::{Transaction, params};

use super::{IncomingSheet, SheetOutcome, short_sha_of};
use crate::domain::criteria::{ChoiceId, CriteriaSheet, CriterionId};
use crate::domain::ids::{MemberId, ProductId, RoundId};
use crate::store::audit::{self, Actor};
use crate::store::members::MemberRow;
use crate::store::rescore::{self, VersionAnswer, VersionKind};
use crate::store::sheets::{SheetRow, SheetStatus, answers_on, sheet_on};
use crate::store::{StoreError, StoreResult, now};

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
        .chain(incoming.evidence.keys())
        .collect();
    let mut insert = tx.prepare(
        "INSERT INTO answers (sheet_id, criterion_id, choice_id, points, comment,
                              evidence_sha256, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
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
            incoming.evidence.get(criterion),
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

/// Decides and applies one submitted incoming sheet (see [`SheetOutcome`]).
#[allow(clippy::too_many_arguments)]
pub(super) fn merge_one(
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
