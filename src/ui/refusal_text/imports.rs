//! The faults of files checked against this data folder, in Vietnamese: a product
//! list's rows against the round, members' sheet files against their import, the
//! catalogue file's cells, the criteria files (domain/refusal/faults/imports.rs).
//! English is their `Display`.

use crate::app::prefs::Lang;
use crate::domain::criteria::IssueKind;
use crate::domain::criteria::catalog::{CatalogError, SheetOrigin};
use crate::domain::date::{DateError, YEARS};
use crate::domain::refusal::{
    CatalogueCell, CatalogueFault, CriteriaFault, ListFault, SheetImportFault,
};

use super::problem_text;

/// A criteria file that was not loaded: the file, then each problem.
pub fn catalog_error_text(lang: Lang, error: &CatalogError) -> String {
    let problems: Vec<String> = error
        .problems
        .iter()
        .map(|p| problem_text(lang, p))
        .collect();
    format!("{}: {}", error.file, problems.join("; "))
}

pub(super) fn list_fault_vi(fault: &ListFault) -> String {
    match fault {
        ListFault::SetNotInCriteria {
            product_set,
            criteria_set,
        } => format!("bộ sản phẩm {product_set} không có trong bộ tiêu chí {criteria_set}"),
        ListFault::AlreadyInRound {
            name,
            producer,
            round,
        } => format!("\"{name}\" của \"{producer}\" đã có trong đợt {round}"),
        ListFault::ListedTwice { name, producer } => {
            format!("\"{name}\" của \"{producer}\" có hai lần trong danh sách")
        }
    }
}

pub(super) fn sheet_import_fault_vi(fault: &SheetImportFault) -> String {
    match fault {
        SheetImportFault::SecondSheet { member, product } => format!(
            "phiếu thứ hai của thành viên {member} cho sản phẩm {product} trong cùng một lần nhập"
        ),
        SheetImportFault::NonVoting { member, name, role } => format!(
            "thành viên {member} ({name}, {}) không biểu quyết trong hội đồng này; phiếu của họ sẽ không được tính",
            role.label_vi()
        ),
    }
}

fn catalogue_cell_vi(cell: CatalogueCell) -> &'static str {
    match cell {
        CatalogueCell::ProductName => "tên sản phẩm",
        CatalogueCell::Producer => "chủ thể",
        CatalogueCell::LegalForm => "loại hình",
        CatalogueCell::Commune => "xã",
        CatalogueCell::Province => "tỉnh",
        CatalogueCell::ProductSetOrGroup => "bộ sản phẩm (cũng không có nhóm sản phẩm)",
        CatalogueCell::Stars => "hạng sao",
        CatalogueCell::CertificateNumber => "số giấy chứng nhận",
        CatalogueCell::DecisionNumber => "số quyết định",
        CatalogueCell::DecisionDate => "ngày quyết định",
        CatalogueCell::IssueDate => "ngày cấp",
    }
}

/// A date the one date parser refused (domain/date.rs), in Vietnamese.
pub fn date_error_vi(e: &DateError) -> String {
    match e {
        DateError::Empty => "chưa nhập ngày (dd/mm/yyyy)".into(),
        DateError::Format(text) => {
            format!("\"{text}\" không phải là ngày (dd/mm/yyyy hoặc yyyy-mm-dd)")
        }
        DateError::NoSuchDay(text) => {
            format!("\"{text}\" không phải là ngày: lịch không có ngày này")
        }
        DateError::YearOutOfRange { text, year } => format!(
            "\"{text}\": năm {year} nằm ngoài khoảng {}–{}",
            YEARS.start(),
            YEARS.end()
        ),
    }
}

pub(super) fn catalogue_fault_vi(fault: &CatalogueFault) -> String {
    match fault {
        CatalogueFault::TooManyRows { cap } => format!("nhiều hơn {cap} dòng"),
        CatalogueFault::Missing { cell } => format!("thiếu {}", catalogue_cell_vi(*cell)),
        CatalogueFault::NotAGroup { text } => format!(
            "\"{text}\" không phải nhóm sản phẩm theo QĐ 148 (thực phẩm, đồ uống, dược liệu, thủ công mỹ nghệ, sinh vật cảnh, du lịch)"
        ),
        CatalogueFault::NotALegalForm { text } => format!(
            "\"{text}\" không phải loại hình chủ thể (hợp tác xã, tổ hợp tác, doanh nghiệp, doanh nghiệp nhỏ và vừa, hộ kinh doanh, khác)"
        ),
        CatalogueFault::NotStars { text } => format!("\"{text}\" không phải hạng 3, 4 hoặc 5 sao"),
        CatalogueFault::NotRevocation { text } => {
            format!("\"{text}\" không phải ngày, cũng không phải có/không")
        }
        CatalogueFault::NotRegistration { text } => {
            format!("\"{text}\" không phải đăng ký mới, nâng hạng hoặc đánh giá lại")
        }
        CatalogueFault::NotAScore { text } => {
            format!("\"{text}\" không phải điểm từ 0 đến 100")
        }
        CatalogueFault::BadDate(e) => date_error_vi(e),
        CatalogueFault::IssuedBeforeDecision => "ngày cấp sớm hơn ngày quyết định".into(),
        CatalogueFault::ExpiryNotAfterIssue => "ngày hết hạn không sau ngày cấp".into(),
        CatalogueFault::SameCertificate {
            certificate,
            authority,
            first_row,
        } => format!("giấy chứng nhận {certificate} của {authority} đã có ở dòng {first_row}"),
    }
}

fn origin_vi(origin: &SheetOrigin) -> String {
    match origin {
        SheetOrigin::Embedded(name) => format!("bộ có sẵn trong ứng dụng, {name}"),
        SheetOrigin::File(path) => format!("tệp {}", path.display()),
    }
}

pub(super) fn criteria_fault_vi(fault: &CriteriaFault) -> String {
    match fault {
        CriteriaFault::ProductSetTaken {
            criteria_set,
            product_set,
            other,
        } => format!(
            "bộ tiêu chí \"{criteria_set}\" đã có bộ sản phẩm {product_set} (từ {})",
            origin_vi(other)
        ),
        CriteriaFault::DescribedDifferently {
            criteria_set,
            instrument,
        } => format!(
            "bộ tiêu chí \"{criteria_set}\" được mô tả khác trong một tệp khác (văn bản \"{instrument}\")"
        ),
        CriteriaFault::Invalid(issue) => format!("{}: {}", issue.path, issue_vi(&issue.kind)),
    }
}

/// What the validator found, in Vietnamese (the element path stays as written).
pub fn issue_vi(kind: &IssueKind) -> String {
    match kind {
        IssueKind::WrongFormat { expected, found } => {
            format!("định dạng là \"{found}\", cần \"{expected}\"")
        }
        IssueKind::BadSetId { id } => {
            format!("\"{id}\" phải gồm chữ thường không dấu, chữ số và dấu '-', không để trống")
        }
        IssueKind::ProductSetZero => "phải từ 1 trở lên".into(),
        IssueKind::WrongParts { found } => format!(
            "cần các phần A, B, C theo thứ tự, tệp có {}",
            if found.is_empty() {
                "không phần nào".to_owned()
            } else {
                found.join(", ")
            }
        ),
        IssueKind::PartWithoutSections => "phần không có mục nào".into(),
        IssueKind::SectionId { want } => format!("mã mục phải là \"{want}\""),
        IssueKind::SectionOrder => "các mục phải được đánh số tăng dần".into(),
        IssueKind::DuplicateId => "mã bị trùng".into(),
        IssueKind::SectionWithoutCriteria => "mục không có tiêu chí nào".into(),
        IssueKind::CriterionId { want } => format!("mã tiêu chí phải là \"{want}\""),
        IssueKind::StarMark { mark } => {
            format!("dấu sao {mark} không phải 3, 4 hoặc 5")
        }
        IssueKind::CriterionWithoutOptions => "tiêu chí không có mức nào".into(),
        IssueKind::OptionId { want } => {
            format!("mã mức phải là \"{want}\" (theo vị trí trên phiếu)")
        }
        IssueKind::OptionWithoutWording => "mức không có nội dung".into(),
        IssueKind::MaximumDiffers { declared, best } => {
            format!("điểm tối đa ghi {declared} nhưng mức cao nhất cho {best}")
        }
        IssueKind::NoMaximum { best } => {
            format!("không ghi điểm tối đa (mức cao nhất cho {best})")
        }
        IssueKind::SectionSum { sum, declared } => {
            format!("các tiêu chí cộng lại {sum}, mục ghi {declared}")
        }
        IssueKind::PartSum { sum, declared } => {
            format!("các mục cộng lại {sum}, phần ghi {declared}")
        }
        IssueKind::PartPoints {
            part,
            declared,
            want,
        } => format!("phần ghi {declared} điểm, QĐ 148 quy định phần {part} là {want} điểm"),
        IssueKind::TotalPoints { total, want } => {
            format!("các phần cộng lại {total}, không phải {want}")
        }
        IssueKind::CorrectedWithoutCorrections => {
            "trạng thái là \"corrected\" (đã hiệu đính) nhưng không liệt kê chỗ hiệu đính nào"
                .into()
        }
    }
}
