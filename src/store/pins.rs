//! PINs on a shared laptop: setting one's own, checking it (with the lock after five
//! wrong tries), requiring PINs for a round, resetting a person's PIN.
//!
//! PINs are stored only as Argon2id PHC strings (the `argon2` crate, a random salt
//! per hash). A checked PIN is what attaches a [`PinCheck`] to an [`Actor`]: this
//! module is the only caller of `Actor::with_pin`.

use argon2::Argon2;
use argon2::password_hash::phc::PasswordHash;
use argon2::password_hash::{PasswordHasher, PasswordVerifier};
use rusqlite::{Connection, OptionalExtension, Transaction, params};
use serde::Serialize;

use super::authorize::authorize_on;
use super::{Store, StoreError, StoreResult, audit, begin, now};
use crate::domain::actor::{Actor, Channel, PinCheck, Principal};
use crate::domain::ids::RoundId;
use crate::domain::permissions::CouncilAction;
use crate::domain::pin::{self, LOCK_SECONDS, MAX_WRONG_TRIES, PinRefusal};
use crate::domain::refusal::{CouncilFault, StoreOperation};

/// A person's PIN state, for the GUI to ask the right question.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct PinState {
    pub pins_required: bool,
    pub pin_set: bool,
    /// Seconds the person stays locked (after five wrong tries).
    pub locked_seconds: Option<i64>,
}

struct PinRow {
    phc: String,
    wrong_tries: u32,
    locked_until: Option<String>,
}

fn pin_row(conn: &Connection, round: RoundId, who: Principal) -> StoreResult<Option<PinRow>> {
    Ok(conn
        .query_row(
            "SELECT phc, wrong_tries, locked_until FROM pins WHERE round_id = ?1 AND principal = ?2",
            params![round.0, who.token()],
            |r| {
                Ok(PinRow {
                    phc: r.get(0)?,
                    wrong_tries: r.get(1)?,
                    locked_until: r.get(2)?,
                })
            },
        )
        .optional()?)
}

/// Seconds left of a lock, if it still holds.
fn locked_seconds(row: &PinRow) -> Option<i64> {
    let until = chrono::DateTime::parse_from_rfc3339(row.locked_until.as_deref()?).ok()?;
    let left = (until.with_timezone(&chrono::Utc) - chrono::Utc::now()).num_seconds();
    (left > 0).then_some(left)
}

fn hash_pin(round: RoundId, pin: &str) -> StoreResult<String> {
    Argon2::default()
        .hash_password(pin.as_bytes())
        .map(|h| h.to_string())
        .map_err(|e| {
            StoreError::refused(
                StoreOperation::SetOwnPin { round },
                CouncilFault::PinNotHashed {
                    detail: e.to_string(),
                },
            )
        })
}

fn pin_matches(phc: &str, pin: &str) -> StoreResult<bool> {
    let parsed = PasswordHash::new(phc)
        .map_err(|e| StoreError::Corrupt(format!("a stored PIN hash is damaged: {e}")))?;
    Ok(Argon2::default()
        .verify_password(pin.as_bytes(), &parsed)
        .is_ok())
}

/// Checks `pin` for `who`, counting wrong tries; commits the count even when refusing.
fn check_pin(tx: &Transaction<'_>, round: RoundId, who: Principal, pin: &str) -> StoreResult<()> {
    let row = pin_row(tx, round, who)?.ok_or(StoreError::Pin(PinRefusal::NotSet))?;
    if let Some(seconds_left) = locked_seconds(&row) {
        return Err(StoreError::Pin(PinRefusal::Locked { seconds_left }));
    }
    if pin_matches(&row.phc, pin)? {
        tx.execute(
            "UPDATE pins SET wrong_tries = 0, locked_until = NULL WHERE round_id = ?1 AND principal = ?2",
            params![round.0, who.token()],
        )?;
        return Ok(());
    }
    let tries = row.wrong_tries + 1;
    if tries >= MAX_WRONG_TRIES {
        let until = chrono::Utc::now() + chrono::Duration::seconds(LOCK_SECONDS);
        tx.execute(
            "UPDATE pins SET wrong_tries = 0, locked_until = ?3 WHERE round_id = ?1 AND principal = ?2",
            params![
                round.0,
                who.token(),
                until.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
            ],
        )?;
        audit::append(
            tx,
            round,
            &Actor::new(who, Channel::Api),
            "pin.locked",
            &who.token(),
            None,
            Some(&format!(
                "{MAX_WRONG_TRIES} wrong PINs: locked for {LOCK_SECONDS} s"
            )),
        )?;
        return Err(StoreError::Pin(PinRefusal::Locked {
            seconds_left: LOCK_SECONDS,
        }));
    }
    tx.execute(
        "UPDATE pins SET wrong_tries = ?3 WHERE round_id = ?1 AND principal = ?2",
        params![round.0, who.token(), tries],
    )?;
    Err(StoreError::Pin(PinRefusal::Wrong {
        tries_left: MAX_WRONG_TRIES - tries,
    }))
}

/// Runs `check` in a transaction that is committed whatever it answers (a wrong try
/// must count), then returns its answer.
fn counted<T>(
    store: &mut Store,
    check: impl FnOnce(&Transaction<'_>) -> StoreResult<T>,
) -> StoreResult<T> {
    let tx = begin(&mut store.conn)?;
    let answer = check(&tx);
    match &answer {
        Ok(_) | Err(StoreError::Pin(_)) => tx.commit()?,
        Err(_) => {}
    }
    answer
}

impl Store {
    /// Whether `round` requires PINs, and `who`'s PIN state.
    pub fn pin_state(&self, round: RoundId, who: Principal) -> StoreResult<PinState> {
        let (pins_required, _) = super::authorize::round_people_rules(&self.conn, round)?;
        let row = pin_row(&self.conn, round, who)?;
        Ok(PinState {
            pins_required,
            pin_set: row.is_some(),
            locked_seconds: row.as_ref().and_then(locked_seconds),
        })
    }

    /// `who` sets their own PIN the first time (refused when one is set: only a reset
    /// clears it). Returns `who` as a PIN-verified actor.
    pub fn set_own_pin(
        &mut self,
        round: RoundId,
        who: Principal,
        pin: &str,
        via: Channel,
    ) -> StoreResult<Actor> {
        pin::check_new_pin(pin)
            .map_err(|problem| StoreError::Pin(PinRefusal::Format { problem }))?;
        let phc = hash_pin(round, pin)?;
        let tx = begin(&mut self.conn)?;
        let actor = Actor::new(who, via);
        super::authorize::acting_on(&tx, round, &actor, StoreOperation::SetOwnPin { round })?;
        if pin_row(&tx, round, who)?.is_some() {
            return Err(StoreError::Pin(PinRefusal::AlreadySet));
        }
        tx.execute(
            "INSERT INTO pins (round_id, principal, phc, set_at) VALUES (?1, ?2, ?3, ?4)",
            params![round.0, who.token(), phc, now()],
        )?;
        let actor = actor.with_pin(PinCheck::Verified, round);
        audit::append(
            &tx,
            round,
            &actor,
            "pin.set",
            &who.token(),
            None,
            Some("set"),
        )?;
        tx.commit()?;
        Ok(actor)
    }

    /// Checks `who`'s PIN. `again`: asked at the moment of a weighty step (the actor
    /// comes back re-authenticated), otherwise when picking oneself (verified).
    pub fn authenticate(
        &mut self,
        round: RoundId,
        who: Principal,
        pin: &str,
        via: Channel,
        again: bool,
    ) -> StoreResult<Actor> {
        counted(self, |tx| check_pin(tx, round, who, pin))?;
        let check = if again {
            PinCheck::Reauthenticated
        } else {
            PinCheck::Verified
        };
        Ok(Actor::new(who, via).with_pin(check, round))
    }

    /// The chair (or vice-chair) who gave the order `actor` records confirms it with
    /// their PIN at this moment.
    pub fn confirm_order(&mut self, round: RoundId, actor: Actor, pin: &str) -> StoreResult<Actor> {
        let Some(order) = actor.order() else {
            return Err(StoreError::refused(
                StoreOperation::ConfirmOrder { round },
                CouncilFault::NoOrderToConfirm,
            ));
        };
        counted(self, |tx| {
            check_pin(tx, round, Principal::Member(order.by), pin)
        })?;
        Ok(actor.with_order_pin(PinCheck::Reauthenticated))
    }

    /// Requires PINs in `round` (or no longer). The chair, the secretary or the
    /// secretariat; turning them off in a round that requires them needs the PIN again.
    pub fn require_pins(
        &mut self,
        round: RoundId,
        required: bool,
        actor: &Actor,
    ) -> StoreResult<()> {
        let tx = begin(&mut self.conn)?;
        authorize_on(&tx, round, actor, CouncilAction::ManagePins, None)?;
        let (before, _) = super::authorize::round_people_rules(&tx, round)?;
        if before == required {
            return Ok(());
        }
        tx.execute(
            "UPDATE rounds SET pins_required = ?2 WHERE id = ?1",
            params![round.0, required],
        )?;
        let word = |on: bool| if on { "required" } else { "not required" };
        audit::append(
            &tx,
            round,
            actor,
            "round.pins",
            &format!("round:{round}"),
            Some(word(before)),
            Some(word(required)),
        )?;
        tx.commit()?;
        Ok(())
    }

    /// Clears `who`'s PIN (forgotten, or known to others): they set a new one the next
    /// time they pick themselves. The chair, the secretary or the secretariat.
    pub fn reset_pin(&mut self, round: RoundId, who: Principal, actor: &Actor) -> StoreResult<()> {
        let tx = begin(&mut self.conn)?;
        authorize_on(&tx, round, actor, CouncilAction::ManagePins, None)?;
        let removed = tx.execute(
            "DELETE FROM pins WHERE round_id = ?1 AND principal = ?2",
            params![round.0, who.token()],
        )?;
        if removed == 0 {
            return Err(StoreError::Pin(PinRefusal::NotSet));
        }
        audit::append(
            &tx,
            round,
            actor,
            "pin.reset",
            &who.token(),
            Some("set"),
            None,
        )?;
        tx.commit()?;
        Ok(())
    }
}
