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
    let submitted_text = incoming.submitted_at.as_deref().unwrap_or_default();
    let merging = Merging {
        tx,
        slot: Slot {
            round,
            product,
            member: member.id,
        },
        incoming,
        sheet,
        total,
        package_sha256,
        actor,
        submitted_text,
        incoming_at: time("the incoming submission time", submitted_text)?,
    };
    let Some(row) = sheet_on(tx, product, member.id)? else {
        write_submitted(tx, merging.slot, None, incoming, sheet, total)?;
        merging.applied(None)?;
        return Ok(SheetOutcome::Inserted { total });
    };
    let here = stored_content(tx, &row)?;
    match row.status {
        SheetStatus::Submitted => merging.over_submitted(&row, &here),
        SheetStatus::Draft => merging.over_draft(&row, &here),
    }
}

/// One incoming submitted sheet being merged, with what every step needs.
struct Merging<'a> {
    tx: &'a Transaction<'a>,
    slot: Slot,
    incoming: &'a IncomingSheet,
    sheet: &'a CriteriaSheet,
    total: u32,
    package_sha256: &'a str,
    actor: &'a Actor,
    /// The incoming submission time, as written and as read.
    submitted_text: &'a str,
    incoming_at: DateTime<Utc>,
}

impl Merging<'_> {
    fn short_sha(&self) -> &str {
        short_sha_of(self.package_sha256)
    }

    fn target(&self, id: i64) -> String {
        format!(
            "sheet:{id} product:{} member:{}",
            self.slot.product, self.slot.member
        )
    }

    /// The audit entry of an incoming sheet written here (`old`: what it replaced).
    fn applied(&self, old: Option<String>) -> StoreResult<()> {
        let Slot {
            round,
            product,
            member,
        } = self.slot;
        let id = sheet_on(self.tx, product, member)?.map_or(0, |r| r.id.0);
        audit::append(
            self.tx,
            round,
            self.actor,
            "sheet.merge",
            &self.target(id),
            old.as_deref(),
            Some(&format!(
                "submitted, total {}, at {} (package {})",
                self.total,
                self.submitted_text,
                self.short_sha()
            )),
        )
    }

    /// Keeps the sheet here and stores the incoming one as a conflict for the council.
    fn conflict(&self, row: &SheetRow, reason: String) -> StoreResult<SheetOutcome> {
        let json = serde_json::to_string(&version_answers(self.incoming, self.sheet))
            .map_err(crate::store::Record::Sheet.failed())?;
        self.tx.execute(
            "INSERT INTO sheet_conflicts (round_id, product_id, member_id, package_sha256,
                 incoming_total, incoming_answers_json, incoming_updated_at,
                 incoming_submitted_at, stored_status, stored_total, stored_updated_at,
                 stored_submitted_at, reason, recorded_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)",
            params![
                self.slot.round.0,
                self.slot.product.0,
                self.slot.member.0,
                self.package_sha256,
                self.total,
                json,
                self.incoming.updated_at,
                self.submitted_text,
                row.status.as_str(),
                row.total_points,
                row.updated_at,
                row.submitted_at,
                reason,
                now()
            ],
        )?;
        let conflict = self.tx.last_insert_rowid();
        audit::append(
            self.tx,
            self.slot.round,
            self.actor,
            "sheet.conflict",
            &self.target(row.id.0),
            Some(&format!(
                "{}, total {} (kept)",
                row.status.as_str(),
                row.total_points
            )),
            Some(&format!(
                "incoming total {} submitted at {} stored as conflict {conflict}: {reason} (package {})",
                self.total,
                self.submitted_text,
                self.short_sha()
            )),
        )?;
        Ok(SheetOutcome::Conflict {
            conflict,
            incoming_total: self.total,
            stored_total: row.total_points,
            reason,
        })
    }

    /// Over a submitted sheet here: the same content changes nothing, a newer
    /// submission replaces it (keeping it as a version), an older one is ignored,
    /// a different one at the same time is a conflict.
    fn over_submitted(&self, row: &SheetRow, here: &Content) -> StoreResult<SheetOutcome> {
        let total = self.total;
        if *here == Content::of_incoming(self.incoming) {
            return Ok(SheetOutcome::Unchanged { total });
        }
        let stored_text = row.submitted_at.as_deref().unwrap_or_default();
        let stored_at = time("the stored submission time", stored_text)?;
        if self.incoming_at > stored_at {
            let kept = rescore::keep_submitted_version(
                self.tx,
                row,
                VersionKind::Reopen,
                &format!(
                    "replaced by the member's newer submission of {} (sheets package {})",
                    self.submitted_text,
                    self.short_sha()
                ),
                self.slot.member,
            )?;
            write_submitted(
                self.tx,
                self.slot,
                Some(row),
                self.incoming,
                self.sheet,
                total,
            )?;
            self.applied(Some(format!(
                "submitted, total {}, at {stored_text} (kept as version {kept})",
                row.total_points
            )))?;
            Ok(SheetOutcome::Replaced {
                old_total: row.total_points,
                new_total: total,
                kept_version: kept,
            })
        } else if self.incoming_at < stored_at {
            Ok(SheetOutcome::Older {
                incoming_total: total,
                stored_total: row.total_points,
            })
        } else {
            self.conflict(
                row,
                format!(
                    "a different submission with the same time ({}) is here",
                    self.submitted_text
                ),
            )
        }
    }

    /// Over a draft here: a sheet reopened here and untouched since takes the
    /// member's later submission; a draft started or changed here is a conflict.
    fn over_draft(&self, row: &SheetRow, here: &Content) -> StoreResult<SheetOutcome> {
        let latest = rescore::versions_on(self.tx, self.slot.product, Some(self.slot.member))?
            .into_iter()
            .filter(|v| v.sheet_id == row.id)
            .max_by_key(|v| v.version);
        let Some(kept) = latest else {
            let reason = "a draft was started here for this member and product".into();
            return self.conflict(row, reason);
        };
        if Content::of(kept.answers.clone()) != *here {
            let reason = format!(
                "the sheet was reopened here ({}: {}) and changed here since",
                kept.kind.as_str(),
                kept.reason
            );
            return self.conflict(row, reason);
        }
        let kept_at = match kept.submitted_at.as_deref() {
            Some(text) => Some(time("a kept submission time", text)?),
            None => None,
        };
        if kept_at.is_some_and(|k| self.incoming_at <= k) {
            return Ok(SheetOutcome::Older {
                incoming_total: self.total,
                stored_total: kept.total_points,
            });
        }
        let reopened_at = time("a reopening time", &kept.reopened_at)?;
        if self.incoming_at <= reopened_at {
            let reason = format!(
                "submitted on the member's laptop at {}, before the sheet was reopened here at {} ({}: {})",
                self.submitted_text,
                kept.reopened_at,
                kept.kind.as_str(),
                kept.reason
            );
            return self.conflict(row, reason);
        }
        write_submitted(
            self.tx,
            self.slot,
            Some(row),
            self.incoming,
            self.sheet,
            self.total,
        )?;
        self.applied(Some(format!(
            "draft, reopened from total {} (version {})",
            kept.total_points, kept.version
        )))?;
        Ok(SheetOutcome::Resubmitted {
            old_total: kept.total_points,
            new_total: self.total,
        })
    }
}
