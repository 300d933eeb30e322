//! The store's refusals in Vietnamese: which operation refused
//! ([`StoreOperation`]) and why (a sheet, the council's records, certificates,
//! setting a round up, a sheets package's merge). English is their `Display`.

use chrono::NaiveDate;

use super::problem_vi;
use crate::app::prefs::Lang;
use crate::domain::criteria::CriterionId;
use crate::domain::refusal::{
    CertificateFault, CouncilFault, IssuerField, MergeFault, SetupFault, SheetFault, StoreOperation,
};
use crate::domain::round::{RoundAction, RoundStatus};

/// The operation, as a noun phrase (the refusal's heading names it).
pub(super) fn operation_text(lang: Lang, operation: &StoreOperation) -> String {
    match lang {
        Lang::En => operation.to_string(),
        Lang::Vi => operation_vi(operation),
    }
}

fn operation_vi(operation: &StoreOperation) -> String {
    use StoreOperation as O;
    match operation {
        O::Acting { round, action } => format!("{} (đợt {round})", action.label_vi()),
        O::NewRound => "tạo đợt đánh giá mới".into(),
        O::NewMember { round } => format!("thêm thành viên hội đồng đợt {round}"),
        O::NewProducts { round } => format!("thêm sản phẩm vào đợt {round}"),
        O::StoreDossier { round } => format!("lưu hồ sơ vào đợt {round}"),
        O::Answer { product, member } => {
            format!("ghi phiếu chấm sản phẩm {product} của thành viên {member}")
        }
        O::Submit { product, member } => {
            format!("nộp phiếu chấm sản phẩm {product} của thành viên {member}")
        }
        O::ReopenSheet { product, member } => {
            format!("mở lại phiếu chấm sản phẩm {product} của thành viên {member}")
        }
        O::SheetImport => "nhập phiếu chấm".into(),
        O::Recusal { product, member } => {
            format!("ghi nhận thành viên {member} tránh sản phẩm {product}")
        }
        O::Presiding { product } => format!("cử người chủ trì cho sản phẩm {product}"),
        O::ReopenRound { round } => format!("mở lại đợt {round}"),
        O::IssueCertificates { round } => format!("cấp giấy chứng nhận đợt {round}"),
        O::ReprintCertificate { number } => format!("in lại giấy chứng nhận {number}"),
        O::RevokeCertificate { number } => format!("thu hồi giấy chứng nhận {number}"),
        O::ExpiringCertificates => "danh sách giấy chứng nhận sắp hết hạn".into(),
        O::RegisterKey { member } => format!("đăng ký khóa của thành viên {member}"),
        O::SetOwnPin { round } => format!("đặt mã PIN trong đợt {round}"),
        O::ConfirmOrder { round } => {
            format!("xác nhận yêu cầu của Chủ tịch trong đợt {round}")
        }
    }
}

/// A date as a Vietnamese reader writes it.
fn date_vi(date: &NaiveDate) -> String {
    date.format("%d/%m/%Y").to_string()
}

fn criteria_vi(criteria: &[CriterionId]) -> String {
    criteria
        .iter()
        .map(|c| c.0.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}

fn status_vi(status: RoundStatus) -> &'static str {
    status.label_vi()
}

pub(super) fn sheet_fault_vi(fault: &SheetFault) -> String {
    use SheetFault as F;
    match fault {
        F::Locked { sheet } => format!(
            "phiếu {sheet} đã nộp và đã khóa; Chủ tịch hoặc Thư ký phải mở lại phiếu thì mới sửa được"
        ),
        F::AlreadySubmitted { sheet } => format!("phiếu {sheet} đã được nộp rồi"),
        F::NotSubmitted { sheet } => format!("phiếu {sheet} chưa nộp"),
        F::Unanswered { criteria } => format!(
            "còn {} tiêu chí chưa chấm: {}",
            criteria.len(),
            criteria_vi(criteria)
        ),
        F::SubmittedUnanswered { count, criteria } => {
            let listed = if criteria.is_empty() {
                String::new()
            } else {
                format!(": {}", criteria_vi(criteria))
            };
            format!("phiếu ghi là đã nộp nhưng còn {count} tiêu chí chưa chấm{listed}")
        }
        F::SubmittedWithoutTime => "phiếu ghi là đã nộp nhưng không có thời điểm nộp".into(),
        F::CriterionNotOnSheet {
            criterion,
            product_set,
        } => format!("tiêu chí {criterion} không có trong phiếu của bộ sản phẩm {product_set}"),
        F::NotAnOption { criterion, choice } => {
            format!("{choice} không phải một mức của tiêu chí {criterion}")
        }
        F::CommentNotOnSheet {
            criterion,
            product_set,
        } => format!(
            "có nhận xét cho tiêu chí {criterion}, nhưng tiêu chí này không có trong phiếu của bộ sản phẩm {product_set}"
        ),
        F::EvidenceNotOnSheet {
            criterion,
            product_set,
        } => format!(
            "có minh chứng cho tiêu chí {criterion}, nhưng tiêu chí này không có trong phiếu của bộ sản phẩm {product_set}"
        ),
        F::NotAnAttachment { sha256, product } => {
            format!("tệp {sha256} không phải tệp đính kèm trong hồ sơ của sản phẩm {product}")
        }
        F::EvidenceNotInDossier { criterion, sha256 } => format!(
            "minh chứng của tiêu chí {criterion} ({sha256}) không phải tệp nào trong hồ sơ sản phẩm ở máy này"
        ),
        F::ReopenNeedsReason => "mở lại phiếu cần ghi lý do".into(),
        F::SecretariatCannotReopen => "Ban thư ký không được mở lại phiếu".into(),
        F::AlreadyHasSheet { member, product } => {
            format!("thành viên {member} đã có phiếu cho sản phẩm {product}")
        }
        F::UnknownRound { round } => format!("đợt {round} không có trong dữ liệu"),
        F::UnknownProduct { product } => format!("sản phẩm {product} không có trong dữ liệu"),
        F::UnknownMember { member } => format!("thành viên {member} không có trong dữ liệu"),
        F::ProductOfOtherRound { product, of, not } => {
            format!("sản phẩm {product} thuộc đợt {of}, không phải đợt {not}")
        }
        F::MemberOfOtherRound { member, of, not } => {
            format!("thành viên {member} thuộc đợt {of}, không phải đợt {not}")
        }
        F::RoundTakesNoSheets { round, status } => format!(
            "đợt {round} đang ở trạng thái \"{}\": không thể {}",
            status_vi(*status),
            crate::ui::messages::action(RoundAction::WriteSheets, Lang::Vi)
        ),
    }
}

pub(super) fn council_fault_vi(fault: &CouncilFault) -> String {
    use CouncilFault as F;
    match fault {
        F::MemberNeedsName => "thành viên cần có họ tên".into(),
        F::ChairMustVote { round } => format!(
            "Chủ tịch hội đồng đợt {round} phải chấm điểm: túc số của đợt cần có phiếu của Chủ tịch"
        ),
        F::SecondChair { round } => format!("đợt {round} đã có Chủ tịch hội đồng"),
        F::RecusalNeedsReason => "ghi nhận tránh xung đột lợi ích cần có lý do".into(),
        F::RecusalByMember => {
            "việc tránh xung đột lợi ích phải do một thành viên hội đồng ghi nhận".into()
        }
        F::AlreadyRecused { member, product } => {
            format!("thành viên {member} đã được ghi nhận tránh sản phẩm {product}")
        }
        F::ChairPresides { product } => {
            format!("Chủ tịch không tránh sản phẩm {product} nên Chủ tịch chủ trì")
        }
        F::ViceChairStandsIn {
            vice_chair,
            name,
            product,
        } => format!(
            "Phó Chủ tịch {name} ({vice_chair}) chủ trì sản phẩm {product} thay cho Chủ tịch đã tránh"
        ),
        F::CannotCountAsChair { member, name } => {
            format!("thành viên {name} ({member}) không chấm điểm nên không thể thay Chủ tịch")
        }
        F::PresidingRecused {
            member,
            name,
            product,
        } => format!("thành viên {name} ({member}) đã tránh sản phẩm {product}"),
        F::OrderGiverNotOnCouncil { member, round } => {
            format!("thành viên {member}, người đưa ra yêu cầu, không thuộc hội đồng đợt {round}")
        }
        F::NoOrderToConfirm => "không có yêu cầu nào cần xác nhận".into(),
        F::RoundReopenedByMember => {
            "chỉ thành viên hội đồng mới mở lại được đợt đã phê duyệt".into()
        }
        F::RescoreOrderedByMember => "việc chấm lại phải do một thành viên hội đồng yêu cầu".into(),
        F::KeyOfAnotherMember {
            member,
            name,
            round,
        } => format!(
            "khóa này đã được đăng ký cho thành viên {name} ({member}) của đợt {round}; mỗi thành viên cần một khóa riêng"
        ),
        F::PinNotHashed { detail } => format!("không mã hóa được mã PIN: {detail}"),
    }
}

fn issuer_field_vi(field: IssuerField) -> &'static str {
    match field {
        IssuerField::Authority => "cơ quan cấp",
        IssuerField::PlaceName => "địa danh",
        IssuerField::SignatoryTitle => "chức danh người ký",
        IssuerField::SignatoryName => "họ tên người ký",
    }
}

pub(super) fn certificate_fault_vi(fault: &CertificateFault) -> String {
    use CertificateFault as F;
    match fault {
        F::NoDecisionDate { round } => {
            format!("đợt {round} chưa có ngày quyết định phê duyệt; hãy nhập ngày cấp")
        }
        F::ValidityOutOfRange { issued_on } => format!(
            "ngày cấp {} cộng thời hạn 36 tháng vượt quá phạm vi lịch",
            date_vi(issued_on)
        ),
        F::WindowOutOfRange { as_of, days } => format!(
            "ngày {} cộng {days} ngày vượt quá phạm vi lịch",
            date_vi(as_of)
        ),
        F::EmptyIssuer { field } => format!("chưa ghi {}", issuer_field_vi(*field)),
        F::NoProducerAddress {
            product,
            name,
            producer,
        } => format!(
            "sản phẩm {product} \"{name}\": chủ thể \"{producer}\" chưa có địa chỉ, mà giấy chứng nhận phải in địa chỉ"
        ),
        F::Revoked {
            number,
            decision_no,
            decision_date,
        } => format!(
            "giấy chứng nhận {number} đã bị thu hồi theo quyết định {decision_no} ngày {}; giấy đã thu hồi không được in lại",
            date_vi(decision_date)
        ),
        F::NoRevokingDecisionNumber => "chưa ghi số quyết định thu hồi".into(),
        F::NoRevocationReason => "chưa ghi lý do thu hồi".into(),
        F::RevokedBeforeIssued {
            decision_date,
            issued_on,
        } => format!(
            "quyết định thu hồi (ngày {}) có trước ngày cấp giấy chứng nhận ({})",
            date_vi(decision_date),
            date_vi(issued_on)
        ),
        F::AlreadyRevoked {
            number,
            decision_no,
            decision_date,
        } => format!(
            "giấy chứng nhận {number} đã bị thu hồi theo quyết định {decision_no} ngày {}",
            date_vi(decision_date)
        ),
        F::RevocationByMember => "việc thu hồi phải do một thành viên hội đồng ghi nhận".into(),
        F::NotIssued { round, status } => format!(
            "đợt {round} đang ở trạng thái \"{}\": chỉ thu hồi được giấy chứng nhận đã cấp",
            status_vi(*status)
        ),
    }
}

pub(super) fn setup_fault_vi(fault: &SetupFault) -> String {
    use SetupFault as F;
    match fault {
        F::RoundNeedsName => "đợt đánh giá cần có tên".into(),
        F::CriteriaSetWithoutSheets { criteria_set } => {
            format!("bộ tiêu chí {criteria_set} không có phiếu chấm nào")
        }
        F::ProductNeedsName => "sản phẩm cần có tên".into(),
        F::ProductNeedsProducer => "sản phẩm cần có chủ thể".into(),
        F::ProductSetNotInCriteria {
            product_set,
            criteria_set,
            round,
        } => format!(
            "bộ sản phẩm {product_set} không có trong bộ tiêu chí {criteria_set} (đợt {round})"
        ),
        F::DossierSetNotInRound { product_set, round } => {
            format!("bộ sản phẩm {product_set} không có trong bộ tiêu chí của đợt {round}")
        }
    }
}

pub(super) fn merge_fault_vi(fault: &MergeFault) -> String {
    use MergeFault as F;
    match fault {
        F::NoPackageInFolder { extension } => format!("thư mục không có tệp .{extension} nào"),
        F::Unreadable { detail } => format!("không đọc được tệp: {detail}"),
        F::TooLarge { cap_bytes } => {
            format!("tệp lớn hơn {cap_bytes} byte: không phải gói phiếu chấm")
        }
        F::RoundNotHere { round_uid } => format!(
            "gói dành cho đợt có mã {round_uid}, mà thư mục dữ liệu này không có (gói của một đợt khác?)"
        ),
        F::MemberNotOnCouncil {
            member_uid,
            round,
            round_name,
        } => format!("thành viên mã {member_uid} không thuộc hội đồng đợt {round} ({round_name})"),
        F::UnknownKey {
            signed_by,
            member,
            member_name,
            round,
            registered,
        } => {
            let registered = match registered {
                Some(key) => format!("khóa đã đăng ký cho thành viên này là {key}…"),
                None => "chưa đăng ký khóa nào cho thành viên này".into(),
            };
            format!(
                "khóa lạ: gói được ký bằng khóa {signed_by}…, không phải khóa của thành viên {member_name} ({member}) trong đợt {round}; {registered}"
            )
        }
        F::RoundFrozen { round, status } => format!(
            "đợt {round} đang ở trạng thái \"{}\": phiếu chấm không thay đổi được nữa (Chủ tịch phải mở lại đợt)",
            status_vi(*status)
        ),
        F::NotAcceptingSheets { round, status } => format!(
            "đợt {round} đang ở trạng thái \"{}\": lúc này đợt không nhận phiếu chấm",
            status_vi(*status)
        ),
        F::ProductNotInRound { product_uid, round } => {
            format!("sản phẩm mã {product_uid} không có trong đợt {round} ở máy này")
        }
        F::TwoSheets { product, name } => {
            format!("có hai phiếu cho sản phẩm {product} ({name})")
        }
        F::Sheet {
            product,
            name,
            problem,
        } => format!(
            "phiếu chấm sản phẩm {product} ({name}): {}",
            problem_vi(problem)
        ),
    }
}

#[cfg(test)]
pub(super) mod examples;
