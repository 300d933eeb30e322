//! Who may do what in a round: one table for every council action ([`holders`]),
//! and the one function that decides ([`permit`]).
//!
//! Beside [`super::round::RoundStatus::allows`] (what a round's *state* allows),
//! this says what a *person* may do. The store calls [`permit`] inside every write
//! transaction, so a request from any caller (the GUI, the CLI, a forged request)
//! is refused there; the GUI asks the same table only to hide what would be refused.
//!
//! Which rows are quoted and which are our reading (README, "Who may do what"):
//! scoring by the member themself on their own sheet and recusal by the member follow
//! from the council's rules (each member scores independently; QĐ 148 Điều 5 on
//! conflicts of interest). Who orders a re-score, who records decisions and who
//! handles the files are our reading of how councils work: the chair presides (the
//! vice-chair stands in), the secretary records the council's decisions, the
//! secretariat (*Ban thư ký*, the office) prepares the round but never scores and
//! never decides.

use serde::Serialize;

use super::actor::{Actor, PinCheck, Principal};
use super::ids::{MemberId, RoundId};
use super::member::Role;

/// Everything a round's people can do that the store records.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum CouncilAction {
    /// Choose, comment, link evidence, submit: one's own sheet.
    Score,
    /// Declare one's own conflict of interest for a product.
    DeclareConflict,
    /// Record another member's recusal.
    RecordRecusal,
    /// Reopen chosen members' sheets for a product after the discussion.
    OrderRescore,
    /// Record whom the council named to preside over a product from which the chair
    /// is recused and no vice-chair stands in (that member then counts as the chair
    /// for the product's quorum).
    NamePresidingMember,
    /// Reopen one submitted sheet to correct it.
    ReopenSheet,
    /// Disqualify a dossier, or clear a disqualification.
    Disqualify,
    /// Setup ⇄ scoring ⇄ deliberation.
    MoveRound,
    /// Deliberation → finalized, with the approval decision.
    Finalize,
    /// Finalized → deliberation, with a reason.
    ReopenRound,
    /// Number and issue (or reprint) the certificates.
    IssueCertificates,
    /// Record the revocation (thu hồi) of an issued certificate.
    RevokeCertificate,
    /// Who issues the documents (authority, signatory, logo).
    EditDocumentSettings,
    /// Import dossiers and product lists.
    ImportDossiers,
    /// Add council members and products.
    SetUpRound,
    /// Register a member's laptop key.
    RegisterKeys,
    /// Merge members' sheets packages, import sheet files collected from members.
    CollectSheets,
    /// Require PINs for the round, reset a person's PIN.
    ManagePins,
    /// Import into, correct or set the target of the province's catalogue. Not a
    /// round's action: the catalogue has no council; our reading is that the
    /// programme's officials keep it (the secretariat), so no member's role holds it.
    KeepCatalogue,
}

/// Who may hold a right.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Holder {
    /// The voting member, on their own sheet or their own declaration.
    Themself,
    Chair,
    /// The vice-chair standing in for the chair (recused or absent): the audit
    /// records the vice-chair.
    ViceChairForChair,
    Secretary,
    /// The secretary, recording an order the chair gave (and confirmed with the
    /// chair's PIN where PINs are required).
    SecretaryOnChairsOrder,
    /// The secretariat's office (*Ban thư ký*), not a council member.
    Secretariat,
}

impl CouncilAction {
    pub const ALL: [Self; 19] = [
        Self::Score,
        Self::DeclareConflict,
        Self::RecordRecusal,
        Self::OrderRescore,
        Self::NamePresidingMember,
        Self::ReopenSheet,
        Self::Disqualify,
        Self::MoveRound,
        Self::Finalize,
        Self::ReopenRound,
        Self::IssueCertificates,
        Self::RevokeCertificate,
        Self::EditDocumentSettings,
        Self::ImportDossiers,
        Self::SetUpRound,
        Self::RegisterKeys,
        Self::CollectSheets,
        Self::ManagePins,
        Self::KeepCatalogue,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Score => "score",
            Self::DeclareConflict => "declare-conflict",
            Self::RecordRecusal => "record-recusal",
            Self::OrderRescore => "order-rescore",
            Self::NamePresidingMember => "name-presiding-member",
            Self::ReopenSheet => "reopen-sheet",
            Self::Disqualify => "disqualify",
            Self::MoveRound => "move-round",
            Self::Finalize => "finalize",
            Self::ReopenRound => "reopen-round",
            Self::IssueCertificates => "issue-certificates",
            Self::RevokeCertificate => "revoke-certificate",
            Self::EditDocumentSettings => "edit-document-settings",
            Self::ImportDossiers => "import-dossiers",
            Self::SetUpRound => "set-up-round",
            Self::RegisterKeys => "register-keys",
            Self::CollectSheets => "collect-sheets",
            Self::ManagePins => "manage-pins",
            Self::KeepCatalogue => "keep-catalogue",
        }
    }

    pub fn label_en(self) -> &'static str {
        match self {
            Self::Score => "score a sheet",
            Self::DeclareConflict => "declare a conflict of interest",
            Self::RecordRecusal => "record another member's recusal",
            Self::OrderRescore => "order a re-score",
            Self::NamePresidingMember => "record the member presiding for a recused chair",
            Self::ReopenSheet => "reopen a submitted sheet",
            Self::Disqualify => "disqualify a dossier",
            Self::MoveRound => "move the round to another state",
            Self::Finalize => "finalize the round",
            Self::ReopenRound => "reopen a finalized round",
            Self::IssueCertificates => "issue certificates",
            Self::RevokeCertificate => "revoke a certificate",
            Self::EditDocumentSettings => "edit the document settings",
            Self::ImportDossiers => "import dossiers and product lists",
            Self::SetUpRound => "set up the council and the products",
            Self::RegisterKeys => "register a laptop key",
            Self::CollectSheets => "collect members' sheets",
            Self::ManagePins => "require or reset PINs",
            Self::KeepCatalogue => "keep the province's OCOP catalogue",
        }
    }

    pub fn label_vi(self) -> &'static str {
        match self {
            Self::Score => "chấm phiếu",
            Self::DeclareConflict => "khai báo xung đột lợi ích",
            Self::RecordRecusal => "ghi nhận thành viên khác không tham gia chấm",
            Self::OrderRescore => "yêu cầu chấm lại",
            Self::NamePresidingMember => {
                "ghi nhận thành viên chủ trì thay Chủ tịch không tham gia chấm"
            }
            Self::ReopenSheet => "mở lại phiếu đã nộp",
            Self::Disqualify => "loại hồ sơ",
            Self::MoveRound => "chuyển trạng thái đợt",
            Self::Finalize => "chốt kết quả đợt",
            Self::ReopenRound => "mở lại đợt đã chốt",
            Self::IssueCertificates => "cấp giấy chứng nhận",
            Self::RevokeCertificate => "thu hồi giấy chứng nhận",
            Self::EditDocumentSettings => "sửa thông tin ban hành văn bản",
            Self::ImportDossiers => "nhập hồ sơ và danh sách sản phẩm",
            Self::SetUpRound => "lập hội đồng và danh sách sản phẩm",
            Self::RegisterKeys => "đăng ký khóa máy",
            Self::CollectSheets => "thu phiếu của thành viên",
            Self::ManagePins => "yêu cầu hoặc đặt lại mã PIN",
            Self::KeepCatalogue => "cập nhật danh mục sản phẩm OCOP của tỉnh",
        }
    }

    /// Whether, in a round that requires PINs, the PIN is asked again at the moment
    /// of the action (the weighty steps), not only when the person picked themselves.
    pub fn asks_pin_again(self) -> bool {
        matches!(
            self,
            Self::RecordRecusal
                | Self::OrderRescore
                | Self::NamePresidingMember
                | Self::ReopenSheet
                | Self::Disqualify
                | Self::MoveRound
                | Self::Finalize
                | Self::ReopenRound
                | Self::IssueCertificates
                | Self::RevokeCertificate
                | Self::ManagePins
        )
    }

    /// Whether a member's own laptop (a round imported from a package as that
    /// member) may do this: only the member's own scoring and declarations.
    pub fn allowed_on_members_laptop(self) -> bool {
        matches!(self, Self::Score | Self::DeclareConflict)
    }
}

impl Holder {
    pub fn label_en(self) -> &'static str {
        match self {
            Self::Themself => "the voting member on their own sheet",
            Self::Chair => "the chair",
            Self::ViceChairForChair => "the vice-chair standing in for the chair",
            Self::Secretary => "the secretary",
            Self::SecretaryOnChairsOrder => "the secretary on the chair's confirmed order",
            Self::Secretariat => "the secretariat",
        }
    }

    pub fn label_vi(self) -> &'static str {
        match self {
            Self::Themself => "chính thành viên có quyền chấm, trên phiếu của mình",
            Self::Chair => "Chủ tịch Hội đồng",
            Self::ViceChairForChair => "Phó Chủ tịch thay Chủ tịch",
            Self::Secretary => "Thư ký",
            Self::SecretaryOnChairsOrder => "Thư ký theo yêu cầu đã xác nhận của Chủ tịch",
            Self::Secretariat => "Ban thư ký",
        }
    }
}

/// The table: who may perform each action (README, "Who may do what").
pub fn holders(action: CouncilAction) -> &'static [Holder] {
    use CouncilAction as A;
    use Holder as H;
    match action {
        A::Score | A::DeclareConflict => &[H::Themself],
        A::RecordRecusal | A::OrderRescore => &[H::Chair, H::ViceChairForChair],
        // Our reading: the chair is recused from that product, so cannot name who
        // presides over it; the council chooses, the secretary records its choice (or
        // a vice-chair, recused too, does).
        A::NamePresidingMember => &[H::Secretary, H::ViceChairForChair],
        A::ReopenSheet => &[H::Chair, H::ViceChairForChair, H::SecretaryOnChairsOrder],
        A::Disqualify
        | A::MoveRound
        | A::Finalize
        | A::ReopenRound
        | A::IssueCertificates
        | A::RevokeCertificate => &[H::Chair, H::Secretary],
        A::EditDocumentSettings
        | A::ImportDossiers
        | A::SetUpRound
        | A::RegisterKeys
        | A::CollectSheets
        | A::ManagePins => &[H::Secretary, H::Chair, H::Secretariat],
        A::KeepCatalogue => &[H::Secretariat],
    }
}

/// The person as the store knows them when they act.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case", tag = "kind")]
pub enum Acting {
    Secretariat,
    Member {
        id: MemberId,
        role: Role,
        voting: bool,
    },
}

impl Acting {
    pub fn role(self) -> Option<Role> {
        match self {
            Self::Secretariat => None,
            Self::Member { role, .. } => Some(role),
        }
    }
}

/// What else the decision depends on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Circumstances {
    /// The member whose sheet or recusal the action concerns, if any.
    pub subject: Option<MemberId>,
    /// The role of the member who gave the order the actor records, if any.
    pub order_from: Option<Role>,
    /// The round, when it requires a PIN from everyone who acts in it.
    pub pins_required: Option<RoundId>,
    /// The round was imported on this member's own laptop.
    pub laptop_of: Option<MemberId>,
}

/// Why a person may not perform an action.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case", tag = "kind")]
pub enum Denial {
    /// The person's role holds no right to this action.
    NoRight,
    /// A sheet or declaration of another member.
    NotTheirs,
    /// A member who does not vote (the secretary, an advisor) never scores.
    DoesNotVote,
    /// The order the secretary records does not come from the chair.
    NotChairsOrder,
    /// The round requires PINs and this person's PIN was not checked.
    PinNotVerified,
    /// The PIN must be entered again for this step.
    PinNotReentered,
    /// The chair's PIN must confirm the order.
    OrderNotConfirmed,
    /// This data folder is member N's laptop: it acts only as member N, and only
    /// for their own sheets.
    MembersLaptop { owner: MemberId },
}

/// A refusal: who tried what, why not, and who may.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct PermissionRefusal {
    pub action: CouncilAction,
    pub acting: Acting,
    pub denial: Denial,
}

impl PermissionRefusal {
    pub fn allowed(&self) -> &'static [Holder] {
        holders(self.action)
    }
}

impl std::fmt::Display for PermissionRefusal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let who = match self.acting {
            Acting::Secretariat => "the secretariat".to_string(),
            Acting::Member { id, role, .. } => {
                format!("member {id} ({})", role.label_en().to_lowercase())
            }
        };
        let may = self
            .allowed()
            .iter()
            .map(|h| h.label_en())
            .collect::<Vec<_>>()
            .join(", or ");
        let action = self.action.label_en();
        match self.denial {
            Denial::NoRight => write!(f, "{who} may not {action}: only {may} may"),
            Denial::NotTheirs => write!(
                f,
                "{who} may not {action} for another member: only {may} may"
            ),
            Denial::DoesNotVote => {
                write!(f, "{who} does not vote and may not {action}")
            }
            Denial::NotChairsOrder => write!(
                f,
                "{who} may {action} only on the chair's order, naming the chair"
            ),
            Denial::PinNotVerified => write!(
                f,
                "this round requires PINs: {who} must enter their PIN to {action}"
            ),
            Denial::PinNotReentered => write!(
                f,
                "this round requires PINs: {who} must enter their PIN again to {action}"
            ),
            Denial::OrderNotConfirmed => write!(
                f,
                "this round requires PINs: the chair must confirm the order with their PIN to {action}"
            ),
            Denial::MembersLaptop { owner } => write!(
                f,
                "this data folder is member {owner}'s own laptop: it may only score member {owner}'s sheets and declare their conflicts ({who} may not {action} here)"
            ),
        }
    }
}

/// Decides whether `acting` (as `actor`) may perform `action`. `Ok` names the row of
/// the table that allowed it.
pub fn permit(
    action: CouncilAction,
    acting: Acting,
    actor: &Actor,
    circumstances: Circumstances,
) -> Result<Holder, PermissionRefusal> {
    let refuse = |denial| PermissionRefusal {
        action,
        acting,
        denial,
    };
    // On a member's laptop the member also reopens their own sheet when the chair
    // orders a re-score at the meeting: the order is on the secretary's record, and
    // only a sheet reopened there too is merged back as a resubmission.
    let laptop_reopen = action == CouncilAction::ReopenSheet
        && circumstances.laptop_of.is_some()
        && circumstances.subject == circumstances.laptop_of;
    if let Some(owner) = circumstances.laptop_of
        && (actor.principal != Principal::Member(owner)
            || !(action.allowed_on_members_laptop() || laptop_reopen))
    {
        return Err(refuse(Denial::MembersLaptop { owner }));
    }
    let holder = if laptop_reopen {
        Holder::Themself
    } else {
        role_holds(action, acting, actor, circumstances).map_err(refuse)?
    };
    if let Some(round) = circumstances.pins_required {
        let pin = actor.pin_in(round);
        if !pin.is_verified() {
            return Err(refuse(Denial::PinNotVerified));
        }
        if action.asks_pin_again() && pin != PinCheck::Reauthenticated {
            return Err(refuse(Denial::PinNotReentered));
        }
        if holder == Holder::SecretaryOnChairsOrder
            && actor.order().map(|o| o.pin) != Some(PinCheck::Reauthenticated)
        {
            return Err(refuse(Denial::OrderNotConfirmed));
        }
    }
    Ok(holder)
}

/// The table's answer for the person's role, before PINs.
fn role_holds(
    action: CouncilAction,
    acting: Acting,
    actor: &Actor,
    circumstances: Circumstances,
) -> Result<Holder, Denial> {
    let allowed = holders(action);
    let (id, role, voting) = match acting {
        Acting::Secretariat => {
            return if allowed.contains(&Holder::Secretariat) {
                Ok(Holder::Secretariat)
            } else {
                Err(Denial::NoRight)
            };
        }
        Acting::Member { id, role, voting } => (id, role, voting),
    };
    if allowed.contains(&Holder::Themself) {
        if circumstances.subject.is_some_and(|s| s != id) {
            return Err(Denial::NotTheirs);
        }
        if action == CouncilAction::Score && !voting {
            return Err(Denial::DoesNotVote);
        }
        return Ok(Holder::Themself);
    }
    let by_role = match role {
        Role::Chair => Some(Holder::Chair),
        Role::ViceChair => Some(Holder::ViceChairForChair),
        Role::Secretary => Some(Holder::Secretary),
        Role::Member | Role::Advisor => None,
    };
    if let Some(holder) = by_role
        && allowed.contains(&holder)
    {
        return Ok(holder);
    }
    if role == Role::Secretary && allowed.contains(&Holder::SecretaryOnChairsOrder) {
        return match (actor.order(), circumstances.order_from) {
            (Some(_), Some(Role::Chair | Role::ViceChair)) => Ok(Holder::SecretaryOnChairsOrder),
            _ => Err(Denial::NotChairsOrder),
        };
    }
    Err(Denial::NoRight)
}

/// What the GUI offers: whether `acting` could perform `action` at all (PINs aside,
/// since the GUI asks for them at the moment). Same table as [`permit`].
pub fn may(action: CouncilAction, acting: Acting, laptop_of: Option<MemberId>) -> bool {
    let actor = match acting {
        Acting::Secretariat => Actor::secretariat(super::actor::Channel::Gui),
        Acting::Member { id, .. } => Actor::member(id, super::actor::Channel::Gui),
    };
    let circumstances = Circumstances {
        laptop_of,
        // The secretary's order-based right counts as offered: the GUI then asks
        // which chair ordered it.
        order_from: Some(Role::Chair),
        ..Circumstances::default()
    };
    let actor = match acting {
        Acting::Member {
            role: Role::Secretary,
            ..
        } => actor.on_order_of(MemberId(0)),
        _ => actor,
    };
    permit(action, acting, &actor, circumstances).is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::actor::Channel;

    fn member(id: i64, role: Role) -> Acting {
        Acting::Member {
            id: MemberId(id),
            role,
            voting: role.votes_by_default(),
        }
    }

    fn actor_of(acting: Acting) -> Actor {
        match acting {
            Acting::Secretariat => Actor::secretariat(Channel::Api),
            Acting::Member { id, .. } => Actor::member(id, Channel::Api),
        }
    }

    #[test]
    fn an_ordinary_member_only_scores_and_declares_for_themself() {
        let me = member(5, Role::Member);
        let own = Circumstances {
            subject: Some(MemberId(5)),
            ..Default::default()
        };
        for action in CouncilAction::ALL {
            let got = permit(action, me, &actor_of(me), own);
            let expect = matches!(
                action,
                CouncilAction::Score | CouncilAction::DeclareConflict
            );
            assert_eq!(got.is_ok(), expect, "{action:?}: {got:?}");
        }
        let other = Circumstances {
            subject: Some(MemberId(6)),
            ..Default::default()
        };
        let refusal = permit(CouncilAction::Score, me, &actor_of(me), other).unwrap_err();
        assert_eq!(refusal.denial, Denial::NotTheirs);
        assert!(
            refusal
                .to_string()
                .contains("member 5 (member) may not score a sheet")
        );
    }

    #[test]
    fn the_secretariat_and_non_voters_never_score() {
        let own = |id| Circumstances {
            subject: Some(MemberId(id)),
            ..Default::default()
        };
        let office = Acting::Secretariat;
        assert_eq!(
            permit(CouncilAction::Score, office, &actor_of(office), own(1))
                .unwrap_err()
                .denial,
            Denial::NoRight
        );
        for role in [Role::Secretary, Role::Advisor] {
            let m = member(3, role);
            assert_eq!(
                permit(CouncilAction::Score, m, &actor_of(m), own(3))
                    .unwrap_err()
                    .denial,
                Denial::DoesNotVote
            );
        }
    }

    #[test]
    fn the_secretary_reopens_a_sheet_only_on_the_chairs_order() {
        let sec = member(7, Role::Secretary);
        let plain = Circumstances::default();
        assert_eq!(
            permit(CouncilAction::ReopenSheet, sec, &actor_of(sec), plain)
                .unwrap_err()
                .denial,
            Denial::NotChairsOrder
        );
        let ordered = actor_of(sec).on_order_of(MemberId(1));
        let by_chair = Circumstances {
            order_from: Some(Role::Chair),
            ..Default::default()
        };
        assert_eq!(
            permit(CouncilAction::ReopenSheet, sec, &ordered, by_chair),
            Ok(Holder::SecretaryOnChairsOrder)
        );
        let by_member = Circumstances {
            order_from: Some(Role::Member),
            ..Default::default()
        };
        assert!(permit(CouncilAction::ReopenSheet, sec, &ordered, by_member).is_err());
        // With PINs, the chair's confirmation is needed too.
        let pins = Circumstances {
            pins_required: Some(RoundId(1)),
            ..by_chair
        };
        let verified = ordered
            .clone()
            .with_pin(PinCheck::Reauthenticated, RoundId(1));
        assert_eq!(
            permit(CouncilAction::ReopenSheet, sec, &verified, pins)
                .unwrap_err()
                .denial,
            Denial::OrderNotConfirmed
        );
        let confirmed = verified.with_order_pin(PinCheck::Reauthenticated);
        assert!(permit(CouncilAction::ReopenSheet, sec, &confirmed, pins).is_ok());
    }

    #[test]
    fn weighty_steps_ask_the_pin_again() {
        let chair = member(1, Role::Chair);
        let pins = Circumstances {
            pins_required: Some(RoundId(1)),
            ..Default::default()
        };
        let named = actor_of(chair);
        assert_eq!(
            permit(CouncilAction::Finalize, chair, &named, pins)
                .unwrap_err()
                .denial,
            Denial::PinNotVerified
        );
        let session = named.clone().with_pin(PinCheck::Verified, RoundId(1));
        assert_eq!(
            permit(CouncilAction::Finalize, chair, &session, pins)
                .unwrap_err()
                .denial,
            Denial::PinNotReentered
        );
        let fresh = named.with_pin(PinCheck::Reauthenticated, RoundId(1));
        assert_eq!(
            permit(CouncilAction::Finalize, chair, &fresh, pins),
            Ok(Holder::Chair)
        );
    }

    #[test]
    fn a_members_laptop_acts_only_as_that_member_scoring() {
        let laptop = Circumstances {
            laptop_of: Some(MemberId(1)),
            subject: Some(MemberId(1)),
            ..Default::default()
        };
        let chair = member(1, Role::Chair);
        assert!(permit(CouncilAction::Score, chair, &actor_of(chair), laptop).is_ok());
        assert!(matches!(
            permit(CouncilAction::OrderRescore, chair, &actor_of(chair), laptop)
                .unwrap_err()
                .denial,
            Denial::MembersLaptop { .. }
        ));
        let other = member(2, Role::Member);
        assert!(permit(CouncilAction::Score, other, &actor_of(other), laptop).is_err());
        // The owner reopens their own sheet there (a re-score ordered at the meeting).
        assert_eq!(
            permit(CouncilAction::ReopenSheet, chair, &actor_of(chair), laptop),
            Ok(Holder::Themself)
        );
        assert!(!may(CouncilAction::Finalize, chair, Some(MemberId(1))));
    }

    #[test]
    fn may_matches_the_table_for_the_gui() {
        let sec = member(7, Role::Secretary);
        assert!(may(CouncilAction::ReopenSheet, sec, None));
        assert!(may(CouncilAction::Finalize, sec, None));
        assert!(!may(CouncilAction::OrderRescore, sec, None));
        assert!(may(
            CouncilAction::OrderRescore,
            member(2, Role::ViceChair),
            None
        ));
        assert!(!may(
            CouncilAction::Disqualify,
            member(2, Role::ViceChair),
            None
        ));
        assert!(!may(
            CouncilAction::Disqualify,
            member(3, Role::Member),
            None
        ));
        assert!(may(
            CouncilAction::ImportDossiers,
            Acting::Secretariat,
            None
        ));
        assert!(!may(CouncilAction::Finalize, Acting::Secretariat, None));
    }
}
