//! `verify`'s check that every audit entry's actor had the right to do what the entry
//! records, at that time (domain/permissions.rs).
//!
//! The app refuses such writes itself; this check is for entries written outside it
//! (raw SQL forging an entry in which an ordinary member re-scores colleagues, with
//! the chain's hashes recomputed). Roles never change once scoring starts, so the
//! council as stored now says who held which role; whether PINs were required is
//! replayed from the `round.pins` entries in order. Entries whose actor predates
//! structured labels (`gui`, `cli (user)`) cannot be checked and are counted as such,
//! and so are, on a member's laptop, the entries of the round packages applied there.

use std::collections::BTreeMap;

use rusqlite::{Connection, OptionalExtension};

use super::audit::AuditEntry;
use super::members::members_on;
use super::{StoreError, StoreResult};
use crate::domain::actor::{Actor, ActorLabel, Principal};
use crate::domain::ids::{MemberId, RoundId};
use crate::domain::member::Role;
use crate::domain::permissions::{self, Acting, Circumstances, CouncilAction};

/// What the check found: how many entries it checked, how many it could not (old
/// labels, actions outside the table), and one line per entry whose actor had no right.
pub(super) struct ActorCheck {
    pub checked: usize,
    pub unchecked: usize,
    pub problems: Vec<String>,
}

/// Whose each of the round's sheets is, read once (a round's log holds an entry
/// per answer: one query per entry would be hundreds of thousands).
fn sheet_owners(conn: &Connection, round: RoundId) -> StoreResult<BTreeMap<i64, MemberId>> {
    let mut stmt = conn.prepare("SELECT id, member_id FROM sheets WHERE round_id = ?1")?;
    let rows = stmt.query_map([round.0], |r| Ok((r.get(0)?, MemberId(r.get(1)?))))?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// The member a `sheet:ID …` target's sheet belongs to.
fn sheet_owner(owners: &BTreeMap<i64, MemberId>, target: &str) -> Option<MemberId> {
    target
        .strip_prefix("sheet:")
        .and_then(|rest| rest.split_whitespace().next())
        .and_then(|id| id.parse::<i64>().ok())
        .and_then(|id| owners.get(&id).copied())
}

/// `member:N` in a target such as `product:3 member:5`.
fn member_in_target(target: &str) -> Option<MemberId> {
    target
        .split_whitespace()
        .find_map(|part| part.strip_prefix("member:"))
        .and_then(|id| id.parse().ok())
        .map(MemberId)
}

/// The council action an entry records, and whose sheet or recusal it concerns.
/// `None`: not a council action the table covers (creating the round, a round
/// package applied on a laptop, a PIN set or locked).
fn action_of(
    owners: &BTreeMap<i64, MemberId>,
    entry: &AuditEntry,
    actor: Option<MemberId>,
) -> Option<(CouncilAction, Option<MemberId>)> {
    use CouncilAction as A;
    let owner = || sheet_owner(owners, &entry.target);
    let own_or = |subject: Option<MemberId>, own: A, other: A| {
        if subject.is_some() && subject == actor {
            (own, subject)
        } else {
            (other, subject)
        }
    };
    Some(match entry.action.as_str() {
        "answer.choice" | "answer.comment" | "answer.evidence" | "sheet.submit" => {
            (A::Score, owner())
        }
        "sheet.import" => own_or(member_in_target(&entry.target), A::Score, A::CollectSheets),
        "sheet.reopen" => (A::ReopenSheet, owner()),
        "sheet.rescore" => (A::OrderRescore, None),
        "presiding.name" => (A::NamePresidingMember, None),
        "sheet.merge" | "sheet.conflict" | "package.merge" => (A::CollectSheets, None),
        "recusal.record" => own_or(
            member_in_target(&entry.target),
            A::DeclareConflict,
            A::RecordRecusal,
        ),
        "product.disqualify" => (A::Disqualify, None),
        "round.state" => (
            match (entry.old_value.as_deref(), entry.new_value.as_deref()) {
                (_, Some("finalized")) => A::Finalize,
                (Some("finalized"), _) => A::ReopenRound,
                (_, Some("certificates-issued")) => A::IssueCertificates,
                _ => A::MoveRound,
            },
            None,
        ),
        "round.finalize" | "round.seal" => (A::Finalize, None),
        "round.reopen" => (A::ReopenRound, None),
        "certificate.issue" | "certificate.reprint" => (A::IssueCertificates, None),
        "certificate.revoke" => (A::RevokeCertificate, None),
        "member.add" | "product.add" => (A::SetUpRound, None),
        "dossier.import" => (A::ImportDossiers, None),
        "member.key" => (A::RegisterKeys, None),
        "round.pins" | "pin.reset" => (A::ManagePins, None),
        "documents.settings" => (A::EditDocumentSettings, None),
        _ => return None,
    })
}

/// Checks every entry of `round` (oldest first).
pub(super) fn check_actors(
    conn: &Connection,
    round: RoundId,
    entries: &[AuditEntry],
) -> StoreResult<ActorCheck> {
    let council: BTreeMap<MemberId, (Role, bool)> = members_on(conn, round)?
        .into_iter()
        .map(|m| (m.id, (m.role, m.voting)))
        .collect();
    let laptop_of: Option<MemberId> = conn
        .query_row(
            "SELECT laptop_member FROM rounds WHERE id = ?1",
            [round.0],
            |r| r.get::<_, Option<i64>>(0),
        )
        .optional()?
        .ok_or(StoreError::NoRound(round))?
        .map(MemberId);
    let owners = sheet_owners(conn, round)?;
    let mut pins_required = false;
    let mut found = ActorCheck {
        checked: 0,
        unchecked: 0,
        problems: Vec::new(),
    };
    for entry in entries {
        let Some(label) = ActorLabel::parse(&entry.actor) else {
            found.unchecked += 1;
            continue;
        };
        // On a member's laptop the secretariat never acts (the store refuses it): its
        // entries there are the secretary's round package being applied (the round's
        // state and council as the package brings them), not council actions.
        if laptop_of.is_some() && label.principal == Principal::Secretariat {
            found.unchecked += 1;
            continue;
        }
        let Some((action, subject)) = action_of(&owners, entry, label.principal.member()) else {
            // Not in the table; a PIN requirement changes only through ManagePins.
            continue;
        };
        found.checked += 1;
        if let Some(problem) = entry_problem(
            entry,
            &label,
            action,
            subject,
            &council,
            laptop_of,
            pins_required,
        ) {
            found.problems.push(problem);
        }
        if entry.action == "round.pins" {
            pins_required = entry.new_value.as_deref() == Some("required");
        }
    }
    Ok(found)
}

/// Why `entry`'s actor had no right to `action`, if they had none.
fn entry_problem(
    entry: &AuditEntry,
    label: &ActorLabel,
    action: CouncilAction,
    subject: Option<MemberId>,
    council: &BTreeMap<MemberId, (Role, bool)>,
    laptop_of: Option<MemberId>,
    pins_required: bool,
) -> Option<String> {
    let acting = match label.principal {
        Principal::Secretariat => Acting::Secretariat,
        Principal::Member(id) => match council.get(&id) {
            Some(&(role, voting)) => Acting::Member { id, role, voting },
            None => {
                return Some(format!(
                    "audit entry {} ({}): member {id} is not on the council",
                    entry.id, entry.action
                ));
            }
        },
    };
    if let (Some(written), Some(role)) = (label.role, acting.role())
        && written != role
    {
        return Some(format!(
            "audit entry {} ({}): its actor is recorded as {} but member is {}",
            entry.id,
            entry.action,
            written.as_str(),
            role.as_str()
        ));
    }
    let mut actor = Actor::new(label.principal, label.via).with_pin(label.pin, entry.round_id);
    let mut order_from = None;
    if let Some(order) = label.order {
        actor = actor.on_order_of(order.by).with_order_pin(order.pin);
        order_from = council.get(&order.by).map(|&(role, _)| role);
    }
    let circumstances = Circumstances {
        subject,
        order_from,
        pins_required: pins_required.then_some(entry.round_id),
        laptop_of,
    };
    permissions::permit(action, acting, &actor, circumstances)
        .err()
        .map(|refusal| format!("audit entry {} ({}): {refusal}", entry.id, entry.action))
}
