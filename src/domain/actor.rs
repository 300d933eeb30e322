//! Who makes a change: the person (a council member or the secretariat), whether a PIN
//! vouched for them, through which door (GUI, CLI, a package), and, when one person
//! records another's order (the secretary reopening a sheet the chair ordered
//! reopened), who gave the order.
//!
//! Every store write takes an [`Actor`]; the store checks it against the permission
//! table ([`super::permissions`]) and writes it into the audit log as a canonical
//! label ([`Actor::audit_label`]) that [`ActorLabel::parse`] reads back, so `verify`
//! can check afterwards that each entry's actor had the right to do what it did.
//!
//! A PIN check can only be attached by the store, which verifies the PIN
//! ([`Actor::with_pin`] is crate-private): code outside the crate cannot claim a
//! verified person. Inside the crate it is a convention, checked by review (the only
//! caller is `store/pins.rs`).

use serde::Serialize;

use super::ids::{MemberId, RoundId};
use super::member::Role;

/// The person behind a change.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case", tag = "kind", content = "member")]
pub enum Principal {
    /// A member of the round's council.
    Member(MemberId),
    /// The secretariat's office (*Ban thư ký*): sets up rounds and handles the files,
    /// never scores and never makes the council's decisions.
    Secretariat,
}

impl Principal {
    /// The token in audit labels and the PIN table: `member:5`, `secretariat`.
    pub fn token(self) -> String {
        match self {
            Self::Member(id) => format!("member:{id}"),
            Self::Secretariat => "secretariat".into(),
        }
    }

    pub fn parse_token(token: &str) -> Option<Self> {
        if token == "secretariat" {
            return Some(Self::Secretariat);
        }
        let id = token.strip_prefix("member:")?.parse().ok()?;
        Some(Self::Member(MemberId(id)))
    }

    pub fn member(self) -> Option<MemberId> {
        match self {
            Self::Member(id) => Some(id),
            Self::Secretariat => None,
        }
    }
}

/// Through which door the change came.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Channel {
    Gui,
    Cli,
    /// Loading the built-in demo round.
    Demo,
    /// A library caller (tests, benchmarks, tools).
    Api,
}

impl Channel {
    pub const ALL: [Self; 4] = [Self::Gui, Self::Cli, Self::Demo, Self::Api];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Gui => "gui",
            Self::Cli => "cli",
            Self::Demo => "demo",
            Self::Api => "api",
        }
    }

    pub fn parse(token: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|c| c.as_str() == token)
    }
}

/// What vouched for the person.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Default)]
#[serde(rename_all = "kebab-case")]
pub enum PinCheck {
    /// No PIN was checked (the round does not require PINs, or the person was only
    /// named): the audit says so.
    #[default]
    None,
    /// The person's PIN was checked when they picked themselves (a session).
    Verified,
    /// The PIN was asked again at the moment of this action (irreversible steps).
    Reauthenticated,
}

impl PinCheck {
    pub const ALL: [Self; 3] = [Self::None, Self::Verified, Self::Reauthenticated];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::None => "none",
            Self::Verified => "verified",
            Self::Reauthenticated => "reauthenticated",
        }
    }

    pub fn parse(token: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|c| c.as_str() == token)
    }

    pub fn is_verified(self) -> bool {
        self != Self::None
    }
}

/// One person acting on another's order: the chair who ordered it, and whether the
/// chair's PIN confirmed the order at that moment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub struct Order {
    pub by: MemberId,
    pub pin: PinCheck,
}

/// Who makes a change (see the module doc).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct Actor {
    pub principal: Principal,
    pub via: Channel,
    pin: PinCheck,
    /// The round whose PIN table vouched (PINs are per round).
    pin_round: Option<RoundId>,
    order: Option<Order>,
}

impl Actor {
    /// A council member, not vouched for by a PIN.
    pub fn member(id: MemberId, via: Channel) -> Self {
        Self {
            principal: Principal::Member(id),
            via,
            pin: PinCheck::None,
            pin_round: None,
            order: None,
        }
    }

    /// The secretariat, not vouched for by a PIN.
    pub fn secretariat(via: Channel) -> Self {
        Self {
            principal: Principal::Secretariat,
            via,
            pin: PinCheck::None,
            pin_round: None,
            order: None,
        }
    }

    pub fn new(principal: Principal, via: Channel) -> Self {
        Self {
            principal,
            via,
            pin: PinCheck::None,
            pin_round: None,
            order: None,
        }
    }

    /// The same person acting on `chair`'s order (not confirmed by the chair's PIN;
    /// the store attaches the confirmation when it checks the chair's PIN).
    pub fn on_order_of(mut self, chair: MemberId) -> Self {
        self.order = Some(Order {
            by: chair,
            pin: PinCheck::None,
        });
        self
    }

    pub fn pin(&self) -> PinCheck {
        self.pin
    }

    /// The PIN check as it holds in `round`: none where another round's PIN vouched.
    pub fn pin_in(&self, round: RoundId) -> PinCheck {
        if self.pin_round == Some(round) {
            self.pin
        } else {
            PinCheck::None
        }
    }

    pub fn order(&self) -> Option<Order> {
        self.order
    }

    pub fn member_id(&self) -> Option<MemberId> {
        self.principal.member()
    }

    /// The same actor without its PIN checks (what a GUI session keeps after a
    /// one-off re-authentication, or after the screen locks).
    pub fn without_pin(mut self) -> Self {
        self.pin = PinCheck::None;
        self.pin_round = None;
        if let Some(order) = &mut self.order {
            order.pin = PinCheck::None;
        }
        self
    }

    /// Attaches a PIN check. Crate-private: only the store, having verified the PIN.
    pub(crate) fn with_pin(mut self, pin: PinCheck, round: RoundId) -> Self {
        self.pin = pin;
        self.pin_round = Some(round);
        self
    }

    /// Attaches the chair's confirmation of an order. Crate-private, like `with_pin`.
    pub(crate) fn with_order_pin(mut self, pin: PinCheck) -> Self {
        if let Some(order) = &mut self.order {
            order.pin = pin;
        }
        self
    }

    /// The canonical label written into the audit log, e.g.
    /// `member:5; role=chair; pin=verified; via=gui; name=Nguyễn Văn An` or
    /// `member:7; role=secretary; pin=none; via=cli; ordered-by=member:1; order-pin=none; name=Lê Thị C`.
    /// The name comes last so that it may hold any character.
    pub fn audit_label(&self, role: Option<Role>, name: Option<&str>) -> String {
        let mut label = self.principal.token();
        if let Some(role) = role {
            label.push_str(&format!("; role={}", role.as_str()));
        }
        label.push_str(&format!(
            "; pin={}; via={}",
            self.pin.as_str(),
            self.via.as_str()
        ));
        if let Some(order) = self.order {
            label.push_str(&format!(
                "; ordered-by=member:{}; order-pin={}",
                order.by,
                order.pin.as_str()
            ));
        }
        if let Some(name) = name {
            label.push_str("; name=");
            label.push_str(name);
        }
        label
    }
}

/// An audit label read back. Entries written before actors were structured (plain
/// labels such as `gui` or `cli (root)`) do not parse: `verify` counts them as
/// unchecked instead of guessing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ActorLabel {
    pub principal: Principal,
    pub role: Option<Role>,
    pub pin: PinCheck,
    pub via: Channel,
    pub order: Option<Order>,
    pub name: Option<String>,
}

impl ActorLabel {
    pub fn parse(label: &str) -> Option<Self> {
        let (head, name) = match label.split_once("; name=") {
            Some((head, name)) => (head, Some(name.to_string())),
            None => (label, None),
        };
        let mut parts = head.split("; ");
        let principal = Principal::parse_token(parts.next()?)?;
        let (mut role, mut pin, mut via, mut ordered_by, mut order_pin) =
            (None, None, None, None, None);
        for part in parts {
            let (key, value) = part.split_once('=')?;
            match key {
                "role" => role = Some(Role::parse(value)?),
                "pin" => pin = Some(PinCheck::parse(value)?),
                "via" => via = Some(Channel::parse(value)?),
                "ordered-by" => ordered_by = Principal::parse_token(value)?.member(),
                "order-pin" => order_pin = Some(PinCheck::parse(value)?),
                _ => return None,
            }
        }
        Some(Self {
            principal,
            role,
            pin: pin?,
            via: via?,
            order: ordered_by.map(|by| Order {
                by,
                pin: order_pin.unwrap_or_default(),
            }),
            name,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_read_back_what_they_say() {
        let actor = Actor::member(MemberId(7), Channel::Cli).on_order_of(MemberId(1));
        let label = actor.audit_label(Some(Role::Secretary), Some("Lê; name=x"));
        let back = ActorLabel::parse(&label).unwrap();
        assert_eq!(back.principal, Principal::Member(MemberId(7)));
        assert_eq!(back.role, Some(Role::Secretary));
        assert_eq!(back.via, Channel::Cli);
        assert_eq!(back.pin, PinCheck::None);
        assert_eq!(back.order.unwrap().by, MemberId(1));
        assert_eq!(back.name.as_deref(), Some("Lê; name=x"));

        let office = Actor::secretariat(Channel::Gui).with_pin(PinCheck::Verified, RoundId(1));
        assert_eq!(office.pin_in(RoundId(2)), PinCheck::None);
        let back = ActorLabel::parse(&office.audit_label(None, None)).unwrap();
        assert_eq!(back.principal, Principal::Secretariat);
        assert_eq!(back.pin, PinCheck::Verified);
    }

    #[test]
    fn old_free_form_labels_do_not_parse() {
        for old in [
            "gui",
            "cli (root)",
            "member:5 Nguyễn Văn An",
            "demo",
            "test",
        ] {
            assert_eq!(ActorLabel::parse(old), None, "{old}");
        }
    }
}
