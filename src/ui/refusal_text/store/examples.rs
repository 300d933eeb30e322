//! One of every store fault and operation, for the checks in `refusal_text`'s
//! tests, and the Vietnamese of a few as a user reads them.

use chrono::NaiveDate;

use crate::app::prefs::Lang;
use crate::domain::criteria::{ChoiceId, CriterionId};
use crate::domain::ids::{MemberId, ProductId, RoundId, SheetId};
use crate::domain::permissions::CouncilAction;
use crate::domain::refusal::{
    CertificateFault, CouncilFault, IssuerField, MergeFault, Problem, Refusal, SetupFault,
    SheetFault, StoreFault, StoreOperation, Subject,
};
use crate::domain::round::RoundStatus;

const M: MemberId = MemberId(4);
const P: ProductId = ProductId(9);
const R: RoundId = RoundId(2);

fn x() -> String {
    "x".to_string()
}

fn criterion() -> CriterionId {
    CriterionId("A.1.a".into())
}

fn day() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 3, 2).unwrap_or_default()
}

/// Every store operation a refusal names.
pub fn every_store_operation() -> Vec<StoreOperation> {
    use StoreOperation as O;
    let mut all: Vec<StoreOperation> = CouncilAction::ALL
        .into_iter()
        .map(|action| O::Acting { round: R, action })
        .collect();
    all.extend([
        O::NewRound,
        O::NewMember { round: R },
        O::NewProducts { round: R },
        O::StoreDossier { round: R },
        O::Answer {
            product: P,
            member: M,
        },
        O::Submit {
            product: P,
            member: M,
        },
        O::ReopenSheet {
            product: P,
            member: M,
        },
        O::SheetImport,
        O::Recusal {
            product: P,
            member: M,
        },
        O::Presiding { product: P },
        O::ReopenRound { round: R },
        O::IssueCertificates { round: R },
        O::ReprintCertificate { number: x() },
        O::RevokeCertificate { number: x() },
        O::ExpiringCertificates,
        O::RegisterKey { member: M },
        O::SetOwnPin { round: R },
        O::ConfirmOrder { round: R },
    ]);
    all
}

fn sheet_faults() -> Vec<SheetFault> {
    use SheetFault as F;
    let sheet = SheetId(12);
    let mut all = vec![
        F::Locked { sheet },
        F::AlreadySubmitted { sheet },
        F::NotSubmitted { sheet },
        F::Unanswered {
            criteria: vec![criterion(), criterion()],
        },
        F::SubmittedUnanswered {
            count: 1,
            criteria: vec![criterion()],
        },
        F::SubmittedUnanswered {
            count: 3,
            criteria: Vec::new(),
        },
        F::SubmittedWithoutTime,
        F::CriterionNotOnSheet {
            criterion: criterion(),
            product_set: 1,
        },
        F::NotAnOption {
            criterion: criterion(),
            choice: ChoiceId("A.1.b.1".into()),
        },
        F::CommentNotOnSheet {
            criterion: criterion(),
            product_set: 1,
        },
        F::EvidenceNotOnSheet {
            criterion: criterion(),
            product_set: 1,
        },
        F::NotAnAttachment {
            sha256: x(),
            product: P,
        },
        F::EvidenceNotInDossier {
            criterion: criterion(),
            sha256: x(),
        },
        F::ReopenNeedsReason,
        F::SecretariatCannotReopen,
        F::AlreadyHasSheet {
            member: M,
            product: P,
        },
        F::UnknownRound { round: R },
        F::UnknownProduct { product: P },
        F::UnknownMember { member: M },
        F::ProductOfOtherRound {
            product: P,
            of: R,
            not: RoundId(3),
        },
        F::MemberOfOtherRound {
            member: M,
            of: R,
            not: RoundId(3),
        },
    ];
    all.extend(
        RoundStatus::ALL
            .into_iter()
            .map(|status| F::RoundTakesNoSheets { round: R, status }),
    );
    all
}

fn council_faults() -> Vec<CouncilFault> {
    use CouncilFault as F;
    vec![
        F::MemberNeedsName,
        F::ChairMustVote { round: R },
        F::SecondChair { round: R },
        F::RecusalNeedsReason,
        F::RecusalByMember,
        F::AlreadyRecused {
            member: M,
            product: P,
        },
        F::ChairPresides { product: P },
        F::ViceChairStandsIn {
            vice_chair: M,
            name: x(),
            product: P,
        },
        F::CannotCountAsChair {
            member: M,
            name: x(),
        },
        F::PresidingRecused {
            member: M,
            name: x(),
            product: P,
        },
        F::OrderGiverNotOnCouncil {
            member: M,
            round: R,
        },
        F::NoOrderToConfirm,
        F::RoundReopenedByMember,
        F::RescoreOrderedByMember,
        F::KeyOfAnotherMember {
            member: M,
            name: x(),
            round: R,
        },
        F::PinNotHashed { detail: x() },
    ]
}

fn certificate_faults() -> Vec<CertificateFault> {
    use CertificateFault as F;
    let mut all: Vec<CertificateFault> = IssuerField::ALL
        .into_iter()
        .map(|field| F::EmptyIssuer { field })
        .collect();
    all.extend([
        F::NoDecisionDate { round: R },
        F::ValidityOutOfRange { issued_on: day() },
        F::WindowOutOfRange {
            as_of: day(),
            days: 30,
        },
        F::NoProducerAddress {
            product: P,
            name: x(),
            producer: x(),
        },
        F::Revoked {
            number: x(),
            decision_no: x(),
            decision_date: day(),
        },
        F::NoRevokingDecisionNumber,
        F::NoRevocationReason,
        F::RevokedBeforeIssued {
            decision_date: day(),
            issued_on: day(),
        },
        F::AlreadyRevoked {
            number: x(),
            decision_no: x(),
            decision_date: day(),
        },
        F::RevocationByMember,
        F::NotIssued {
            round: R,
            status: RoundStatus::Finalized,
        },
    ]);
    all
}

fn setup_faults() -> Vec<SetupFault> {
    use SetupFault as F;
    vec![
        F::RoundNeedsName,
        F::CriteriaSetWithoutSheets { criteria_set: x() },
        F::ProductNeedsName,
        F::ProductNeedsProducer,
        F::ProductSetNotInCriteria {
            product_set: 27,
            criteria_set: x(),
            round: R,
        },
        F::DossierSetNotInRound {
            product_set: 27,
            round: R,
        },
    ]
}

fn merge_faults() -> Vec<MergeFault> {
    use MergeFault as F;
    vec![
        F::NoPackageInFolder { extension: x() },
        F::Unreadable { detail: x() },
        F::TooLarge { cap_bytes: 1 },
        F::RoundNotHere { round_uid: x() },
        F::MemberNotOnCouncil {
            member_uid: x(),
            round: R,
            round_name: x(),
        },
        F::UnknownKey {
            signed_by: x(),
            member: M,
            member_name: x(),
            round: R,
            registered: Some(x()),
        },
        F::UnknownKey {
            signed_by: x(),
            member: M,
            member_name: x(),
            round: R,
            registered: None,
        },
        F::RoundFrozen {
            round: R,
            status: RoundStatus::Finalized,
        },
        F::NotAcceptingSheets {
            round: R,
            status: RoundStatus::Setup,
        },
        F::ProductNotInRound {
            product_uid: x(),
            round: R,
        },
        F::TwoSheets {
            product: P,
            name: x(),
        },
        F::Sheet {
            product: P,
            name: x(),
            problem: Box::new(SheetFault::SubmittedWithoutTime.into()),
        },
    ]
}

/// One of every fault the store's refusals carry (beside `StoreFault`'s).
pub fn every_store_problem() -> Vec<Problem> {
    let mut all: Vec<Problem> = Vec::new();
    all.extend(sheet_faults().into_iter().map(Problem::from));
    all.extend(council_faults().into_iter().map(Problem::from));
    all.extend(certificate_faults().into_iter().map(Problem::from));
    all.extend(setup_faults().into_iter().map(Problem::from));
    all.extend(merge_faults().into_iter().map(Problem::from));
    all
}

fn vi(problem: impl Into<Problem>) -> String {
    super::super::problem_text(Lang::Vi, &problem.into())
}

#[test]
fn a_locked_sheet_reads_as_a_council_member_says_it() {
    assert_eq!(
        vi(SheetFault::Locked { sheet: SheetId(12) }),
        "phiếu 12 đã nộp và đã khóa; Chủ tịch hoặc Thư ký phải mở lại phiếu thì mới sửa được"
    );
    assert_eq!(
        vi(SheetFault::Unanswered {
            criteria: vec![CriterionId("A.1.a".into()), CriterionId("B.2".into())]
        }),
        "còn 2 tiêu chí chưa chấm: A.1.a, B.2"
    );
}

#[test]
fn dates_in_vietnamese_are_day_month_year() {
    assert_eq!(
        vi(CertificateFault::Revoked {
            number: "05/2026".into(),
            decision_no: "58/QĐ-UBND".into(),
            decision_date: day(),
        }),
        "giấy chứng nhận 05/2026 đã bị thu hồi theo quyết định 58/QĐ-UBND ngày 02/03/2026; giấy đã thu hồi không được in lại"
    );
}

#[test]
fn a_store_refusal_names_its_operation_in_the_heading() {
    let refusal = Refusal::one(
        Subject::Store(StoreOperation::ReopenSheet {
            product: P,
            member: M,
        }),
        SheetFault::ReopenNeedsReason.into(),
    );
    let (heading, lines) = super::super::refusal_text(Lang::Vi, &refusal);
    assert_eq!(
        heading,
        "Bị từ chối (mở lại phiếu chấm sản phẩm 9 của thành viên 4):"
    );
    assert_eq!(lines, ["mở lại phiếu cần ghi lý do"]);
    let (heading, lines) = super::super::refusal_text(Lang::En, &refusal);
    assert_eq!(
        heading,
        "Refused (reopening member 4's sheet for product 9):"
    );
    assert_eq!(lines, ["reopening a sheet needs a reason"]);
    // The CLI's line: the operation, then the reason.
    assert_eq!(
        refusal.to_string(),
        "reopening member 4's sheet for product 9: reopening a sheet needs a reason"
    );
}

#[test]
fn a_merge_rejection_says_the_sheet_then_its_problem() {
    let fault = MergeFault::Sheet {
        product: P,
        name: "Nước mắm".into(),
        problem: Box::new(
            SheetFault::SubmittedUnanswered {
                count: 3,
                criteria: Vec::new(),
            }
            .into(),
        ),
    };
    assert_eq!(
        vi(fault.clone()),
        "phiếu chấm sản phẩm 9 (Nước mắm): phiếu ghi là đã nộp nhưng còn 3 tiêu chí chưa chấm"
    );
    assert_eq!(
        fault.to_string(),
        "sheet for product 9 (Nước mắm): marked submitted but 3 criteria are unanswered"
    );
}

#[test]
fn the_merge_report_keeps_its_reasons_as_english_sentences() {
    let verdict = crate::domain::model::MergeVerdict::Rejected {
        reasons: vec![
            MergeFault::RoundNotHere {
                round_uid: "ab".into(),
            }
            .into(),
            StoreFault::NoMemberChosen.into(),
        ],
    };
    let json = serde_json::to_value(&verdict).unwrap_or_default();
    assert_eq!(
        json,
        serde_json::json!({
            "verdict": "rejected",
            "reasons": [
                "the package is for round uid ab, which this data folder does not have (a package for another round?)",
                "choose at least one member to re-score",
            ],
        })
    );
}
