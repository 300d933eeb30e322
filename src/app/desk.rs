//! Who is at the keyboard, as the worker keeps it between requests: the person
//! picked in a round (checked against their PIN where the round requires PINs), the
//! screen lock, the PINs a weighty request carries ([`Request::WithPin`],
//! [`Request::OnOrder`]), checked into the actor the request runs as, and the
//! people requests (picking oneself, PINs required or reset).

use super::Session;
use super::failure::Operation;
use super::reply::{IdentityOutcome, PinChange, Reply, store_failure};
use super::request::PeopleRequest;
#[cfg(doc)]
use super::request::Request;
use crate::domain::actor::{Actor, Channel, Principal};
use crate::domain::ids::{MemberId, RoundId};
use crate::domain::pin::PinRefusal;
use crate::store::StoreError;

/// Who is at the keyboard, as the worker keeps it between requests.
#[derive(Default)]
pub(super) struct Desk {
    /// The round the person picked themselves in (PINs are per round).
    round: Option<RoundId>,
    actor: Option<Actor>,
}

impl Desk {
    /// The person acting now: the secretariat until someone picks themselves.
    pub(super) fn actor(&self) -> Actor {
        self.actor
            .clone()
            .unwrap_or_else(|| Actor::secretariat(Channel::Gui))
    }

    /// Who is at the keyboard, and PINs.
    pub(super) fn handle(
        &mut self,
        session: &mut Session,
        request: PeopleRequest,
        actor: &Actor,
    ) -> Reply {
        match request {
            PeopleRequest::SetIdentity { round, who, pin } => {
                self.set_identity(session, round, who, pin)
            }
            PeopleRequest::ClearIdentity => {
                self.actor = None;
                Reply::Locked
            }
            PeopleRequest::LockIdentity => {
                self.actor = self.actor.take().map(Actor::without_pin);
                Reply::Locked
            }
            PeopleRequest::RequirePins { round, required } => {
                match session.store.require_pins(round, required, actor) {
                    Ok(()) => Reply::PinsChanged {
                        round,
                        change: PinChange::Required(required),
                    },
                    Err(e) => store_failure(Operation::Pin, &e),
                }
            }
            PeopleRequest::ResetPin { round, who } => {
                match session.store.reset_pin(round, who, actor) {
                    Ok(()) => Reply::PinsChanged {
                        round,
                        change: PinChange::Reset(who),
                    },
                    Err(e) => store_failure(Operation::Pin, &e),
                }
            }
        }
    }

    /// [`Request::WithPin`]: `actor` vouched for by the PIN asked again now.
    pub(super) fn with_pin(
        &self,
        session: &mut Session,
        pin: &str,
        actor: Actor,
    ) -> Result<Actor, Box<Reply>> {
        let Some(round) = self.round else {
            return Err(Box::new(Reply::PinRefused(PinRefusal::NotSet)));
        };
        let checked = session
            .store
            .authenticate(round, actor.principal, pin, Channel::Gui, true)
            .map_err(|e| Box::new(store_failure(Operation::Pin, &e)))?;
        // Keep an order the outer request named.
        Ok(match actor.order() {
            Some(order) => checked.on_order_of(order.by),
            None => checked,
        })
    }

    /// [`Request::OnOrder`]: `actor` recording `chair`'s order, confirmed by the
    /// chair's PIN where one is given.
    pub(super) fn on_order(
        &self,
        session: &mut Session,
        chair: MemberId,
        chair_pin: Option<&str>,
        actor: Actor,
    ) -> Result<Actor, Box<Reply>> {
        let ordered = actor.on_order_of(chair);
        match (chair_pin, self.round) {
            (Some(pin), Some(round)) => session
                .store
                .confirm_order(round, ordered, pin)
                .map_err(|e| Box::new(store_failure(Operation::Pin, &e))),
            _ => Ok(ordered),
        }
    }

    fn set_identity(
        &mut self,
        session: &mut Session,
        round: RoundId,
        who: Principal,
        pin: Option<String>,
    ) -> Reply {
        // Until the check passes, the person is named but not vouched for: a round
        // that requires PINs refuses their writes.
        self.round = Some(round);
        self.actor = Some(Actor::new(who, Channel::Gui));
        let state = match session.store.pin_state(round, who) {
            Ok(state) => state,
            Err(e) => return store_failure(Operation::Identity, &e),
        };
        let checked = match (state.pins_required, state.pin_set, pin) {
            (false, _, _) => Ok(Actor::new(who, Channel::Gui)),
            (true, true, None) => {
                return identity(round, who, IdentityOutcome::NeedsPin);
            }
            (true, false, None) => {
                return identity(round, who, IdentityOutcome::NeedsNewPin);
            }
            (true, true, Some(pin)) => {
                session
                    .store
                    .authenticate(round, who, &pin, Channel::Gui, false)
            }
            (true, false, Some(pin)) => session.store.set_own_pin(round, who, &pin, Channel::Gui),
        };
        match checked {
            Ok(actor) => {
                let pin = actor.pin();
                self.actor = Some(actor);
                identity(round, who, IdentityOutcome::Accepted { pin })
            }
            Err(StoreError::Pin(refusal)) => {
                identity(round, who, IdentityOutcome::Refused(refusal))
            }
            Err(e) => store_failure(Operation::Identity, &e),
        }
    }
}

fn identity(round: RoundId, who: Principal, outcome: IdentityOutcome) -> Reply {
    Reply::Identity {
        round,
        who,
        outcome,
    }
}
