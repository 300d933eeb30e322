//! Who is acting on the command line: `--by MEMBER` (or the secretariat when it is
//! left out), their PIN where the round requires PINs (from `OCOP_COUNCIL_PIN` or a
//! prompt on the terminal), and the chair's confirmation for `--ordered-by`; plus
//! the `pin` commands.

use std::io::IsTerminal as _;
use std::sync::OnceLock;

use super::{CliResult, Failure, PinCommand};
use crate::app::Session;
use crate::domain::actor::{Actor, Channel, Principal};
use crate::domain::ids::{MemberId, RoundId};

/// The PIN of the person named by `--by`.
pub(super) const PIN_VARIABLE: &str = "OCOP_COUNCIL_PIN";
/// The PIN of the chair named by `--ordered-by`.
pub(super) const ORDER_PIN_VARIABLE: &str = "OCOP_COUNCIL_ORDER_PIN";
/// A new PIN for `pin set`.
pub(super) const NEW_PIN_VARIABLE: &str = "OCOP_COUNCIL_NEW_PIN";

/// `--by` and `--ordered-by`, given once per process (the CLI runs one command).
#[derive(Debug, Clone, Default)]
pub(super) struct People {
    pub by: Option<Principal>,
    pub ordered_by: Option<MemberId>,
}

static PEOPLE: OnceLock<People> = OnceLock::new();

/// Reads `--by` (a member id or `secretariat`) and `--ordered-by`.
pub(super) fn set_people(by: Option<&str>, ordered_by: Option<i64>) -> Result<(), Failure> {
    let by = match by {
        None => None,
        Some(text) => Some(parse_who(text)?),
    };
    // Set once in `run`; a second call would be a bug, and the first value stands.
    let _ = PEOPLE.set(People {
        by,
        ordered_by: ordered_by.map(MemberId),
    });
    Ok(())
}

fn people() -> People {
    PEOPLE.get().cloned().unwrap_or_default()
}

/// The member named by `--by`, if one is (not the secretariat).
pub(super) fn named_member() -> Option<MemberId> {
    people().by.and_then(Principal::member)
}

/// A member id or `secretariat`.
pub(super) fn parse_who(text: &str) -> Result<Principal, Failure> {
    let text = text.trim();
    if text.eq_ignore_ascii_case("secretariat") {
        return Ok(Principal::Secretariat);
    }
    text.parse()
        .map(|id| Principal::Member(MemberId(id)))
        .map_err(|_| {
            Failure(vec![format!(
                "--by \"{text}\" is neither a member id nor \"secretariat\""
            )])
        })
}

/// The person named by `--by` (the secretariat by default), not vouched for by a PIN:
/// for changes outside a round (creating one, importing a round package).
pub(super) fn cli_actor() -> Actor {
    Actor::new(people().by.unwrap_or(Principal::Secretariat), Channel::Cli)
}

/// The person acting in `round`: where the round requires PINs, their PIN is asked
/// now (and the chair's, for `--ordered-by`), so every CLI change counts as a
/// PIN entered at the moment of the action.
pub(super) fn round_actor(session: &mut Session, round: RoundId) -> Result<Actor, Failure> {
    let people = people();
    let who = people.by.unwrap_or(Principal::Secretariat);
    let state = session.store.pin_state(round, who)?;
    let mut actor = if state.pins_required {
        let pin = read_pin(PIN_VARIABLE, &format!("PIN of {}: ", who.token()))?;
        session
            .store
            .authenticate(round, who, &pin, Channel::Cli, true)?
    } else {
        Actor::new(who, Channel::Cli)
    };
    if let Some(chair) = people.ordered_by {
        actor = actor.on_order_of(chair);
        if state.pins_required {
            let pin = read_pin(
                ORDER_PIN_VARIABLE,
                &format!("PIN of member:{chair}, who ordered it: "),
            )?;
            actor = session.store.confirm_order(round, actor, &pin)?;
        }
    }
    Ok(actor)
}

/// A PIN from `variable`, else typed on the terminal without echo.
fn read_pin(variable: &str, prompt: &str) -> Result<String, Failure> {
    if let Ok(pin) = std::env::var(variable) {
        return Ok(pin);
    }
    if !std::io::stdin().is_terminal() {
        return Err(Failure(vec![format!(
            "this round requires PINs: set {variable} or run the command on a terminal"
        )]));
    }
    rpassword::prompt_password(prompt)
        .map_err(|e| Failure(vec![format!("cannot read the PIN: {e}")]))
}

/// `pin set|reset|require`.
pub(super) fn run(session: &mut Session, cmd: PinCommand) -> CliResult {
    match cmd {
        PinCommand::Set { round } => {
            let who = people().by.unwrap_or(Principal::Secretariat);
            let pin = read_pin(NEW_PIN_VARIABLE, &format!("new PIN of {}: ", who.token()))?;
            session
                .store
                .set_own_pin(RoundId(round), who, &pin, Channel::Cli)?;
            out!("PIN set for {} in round {round}", who.token());
        }
        PinCommand::Reset { round, who } => {
            let who = parse_who(&who)?;
            let actor = round_actor(session, RoundId(round))?;
            session.store.reset_pin(RoundId(round), who, &actor)?;
            out!(
                "PIN of {} cleared in round {round}: they set a new one next time",
                who.token()
            );
        }
        PinCommand::Require { round, required } => {
            let required = required.is_on();
            let actor = round_actor(session, RoundId(round))?;
            session
                .store
                .require_pins(RoundId(round), required, &actor)?;
            out!(
                "round {round}: PINs {}",
                if required { "required" } else { "not required" }
            );
        }
    }
    Ok(())
}
