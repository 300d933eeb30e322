//! The audit log's action codes (`sheet.submit`, `round.finalize`, …) in words, so
//! the Vietnamese audit screen reads in Vietnamese. The code itself is what the
//! log stores, what the CLI and the exported audit show, and what verify checks;
//! the screen shows it on hover. A code this table does not know is shown as is.

use crate::app::prefs::Lang;

/// `code` said in `lang`, or `None` for a code the table does not know.
pub fn action_text(lang: Lang, code: &str) -> Option<&'static str> {
    let (vi, en) = match code {
        "answer.choice" => ("Chọn mức điểm", "Option chosen"),
        "answer.comment" => ("Nhận xét", "Comment"),
        "answer.evidence" => ("Minh chứng", "Evidence"),
        "sheet.submit" => ("Nộp phiếu", "Sheet submitted"),
        "sheet.reopen" => ("Mở lại phiếu", "Sheet reopened"),
        "sheet.rescore" => ("Chấm lại (theo yêu cầu)", "Re-score ordered"),
        "sheet.import" => ("Nhập phiếu từ tệp", "Sheet imported from a file"),
        "sheet.merge" => ("Gộp phiếu từ máy thành viên", "Sheet merged from a laptop"),
        "sheet.conflict" => (
            "Phiếu xung đột cần Hội đồng xem",
            "Conflicting sheet for the council",
        ),
        "round.create" => ("Tạo đợt đánh giá", "Round created"),
        "round.state" => ("Chuyển trạng thái đợt", "Round state changed"),
        "round.finalize" => ("Phê duyệt kết quả", "Results approved"),
        "round.reopen" => ("Mở lại đợt", "Round reopened"),
        "round.seal" => ("Niêm phong kết quả", "Results sealed"),
        "round.pins" => ("Yêu cầu mã PIN", "PINs required"),
        "rounds.quorum_fraction" => ("Tỷ lệ túc số", "Quorum fraction"),
        "results.tally" => ("Cập nhật kết quả", "Results updated"),
        "member.add" => ("Thêm thành viên", "Member added"),
        "member.key" => ("Đăng ký khóa máy", "Laptop key registered"),
        "product.add" => ("Thêm sản phẩm", "Product added"),
        "product.disqualify" => ("Loại sản phẩm", "Product disqualified"),
        "dossier.import" => ("Nhập hồ sơ", "Dossier imported"),
        "recusal.record" => ("Ghi nhận không chấm", "Recusal recorded"),
        "presiding.name" => ("Cử người chủ trì", "Presiding member named"),
        "package.import" => ("Nhập gói đợt", "Round package imported"),
        "package.merge" => ("Gộp gói phiếu", "Sheets package merged"),
        "pin.set" => ("Đặt mã PIN", "PIN set"),
        "pin.reset" => ("Đặt lại mã PIN", "PIN reset"),
        "pin.locked" => ("Khóa do nhập sai PIN", "Locked after wrong PINs"),
        "certificate.issue" => ("Cấp giấy chứng nhận", "Certificate issued"),
        "certificate.reprint" => ("In lại giấy chứng nhận", "Certificate reprinted"),
        "certificate.revoke" => ("Thu hồi giấy chứng nhận", "Certificate revoked"),
        "documents.settings" => ("Thông tin cơ quan ban hành", "Document settings"),
        "catalogue.import" => ("Nhập vào sổ theo dõi", "Catalogue entry imported"),
        "catalogue.update" => ("Sửa sổ theo dõi", "Catalogue entry updated"),
        "catalogue.add-from-round" => ("Ghi sổ từ đợt", "Catalogue entry from a round"),
        "catalogue.target" => ("Chỉ tiêu kế hoạch", "Plan target"),
        _ => return None,
    };
    Some(match lang {
        Lang::Vi => vi,
        Lang::En => en,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_codes_read_in_both_languages_and_unknown_ones_stay_as_stored() {
        assert_eq!(action_text(Lang::Vi, "sheet.submit"), Some("Nộp phiếu"));
        assert_eq!(
            action_text(Lang::En, "round.finalize"),
            Some("Results approved")
        );
        assert_eq!(action_text(Lang::Vi, "future.thing"), None);
    }
}
