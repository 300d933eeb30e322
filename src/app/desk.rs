//! Who is at the keyboard, as the worker keeps it between requests: the person
//! picked in a round (checked against their PIN where the round requires PINs), the
//! screen lock, and the PINs a weighty request carries ([`Request::WithPin`],
//! [`Request::OnOrder`]), unwrapped into the actor the request runs as.

use super::Session;
use super::worker::{IdentityOutcome, Reply, Request, error_reply};
use crate::domain::actor::{Actor, Channel, Principal};
use crate::domain::ids::RoundId;
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
    fn actor(&self) -> Actor {
        self.actor
            .clone()
            .unwrap_or_else(|| Actor::secretariat(Channel::Gui))
    }

    pub(super) fn run(
        &mut self,
        session: &mut Session,
        request: Request,
        emit: &mut dyn FnMut(Reply),
    ) -> Reply {
        match request {
            Request::SetIdentity { round, who, pin } => self.set_identity(session, round, who, pin),
            Request::ClearIdentity => {
                self.actor = None;
                Reply::Locked
            }
            Request::LockIdentity => {
                self.actor = self.actor.take().map(Actor::without_pin);
                Reply::Locked
            }
            request => {
                let actor = self.actor();
                match self.vouched(session, request, actor) {
                    Ok((request, actor)) => super::requests::handle(session, request, &actor, emit),
                    Err(reply) => *reply,
                }
            }
        }
    }

    /// Unwraps [`Request::WithPin`] and [`Request::OnOrder`], checking the PINs they
    /// carry, into the request to run and the actor to run it as.
    fn vouched(
        &self,
        session: &mut Session,
        request: Request,
        actor: Actor,
    ) -> Result<(Request, Actor), Box<Reply>> {
        let round = self.round;
        match request {
            Request::WithPin { pin, request } => {
                let Some(round) = round else {
                    return Err(Box::new(Reply::PinRefused(PinRefusal::NotSet)));
                };
                let checked = session
                    .store
                    .authenticate(round, actor.principal, &pin, Channel::Gui, true)
                    .map_err(|e| Box::new(error_reply("PIN", &e)))?;
                // Keep an order the outer request named.
                let checked = match actor.order() {
                    Some(order) => checked.on_order_of(order.by),
                    None => checked,
                };
                self.vouched(session, *request, checked)
            }
            Request::OnOrder {
                chair,
                chair_pin,
                request,
            } => {
                let ordered = actor.on_order_of(chair);
                let ordered = match (chair_pin, round) {
                    (Some(pin), Some(round)) => session
                        .store
                        .confirm_order(round, ordered, &pin)
                        .map_err(|e| Box::new(error_reply("PIN", &e)))?,
                    _ => ordered,
                };
                self.vouched(session, *request, ordered)
            }
            request => Ok((request, actor)),
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
            Err(e) => return error_reply("identity", &e),
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
            Err(e) => error_reply("identity", &e),
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
