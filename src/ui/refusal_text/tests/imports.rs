//! One of every problem of the files checked against this data folder (product
//! lists, sheet imports, the catalogue file, criteria files), for the checks in
//! the parent module, and their own checks.

use std::path::PathBuf;

use super::*;
use crate::domain::criteria::catalog::SheetOrigin;
use crate::domain::criteria::{Issue, IssueKind};
use crate::domain::date::DateError;
use crate::domain::ids::{MemberId, ProductId, RoundId};
use crate::domain::member::Role;
use crate::domain::refusal::{
    CatalogueCell, CatalogueFault, CriteriaFault, ListFault, SheetImportFault,
};

fn every_issue() -> Vec<IssueKind> {
    let s = || "x".to_string();
    vec![
        IssueKind::WrongFormat {
            expected: s(),
            found: s(),
        },
        IssueKind::BadSetId { id: s() },
        IssueKind::ProductSetZero,
        IssueKind::WrongParts { found: vec![] },
        IssueKind::WrongParts {
            found: vec![s(), s()],
        },
        IssueKind::PartWithoutSections,
        IssueKind::SectionId { want: s() },
        IssueKind::SectionOrder,
        IssueKind::DuplicateId,
        IssueKind::SectionWithoutCriteria,
        IssueKind::CriterionId { want: s() },
        IssueKind::StarMark { mark: 6 },
        IssueKind::CriterionWithoutOptions,
        IssueKind::OptionId { want: s() },
        IssueKind::OptionWithoutWording,
        IssueKind::MaximumDiffers {
            declared: 6,
            best: 5,
        },
        IssueKind::NoMaximum { best: 5 },
        IssueKind::SectionSum {
            sum: 9,
            declared: 10,
        },
        IssueKind::PartSum {
            sum: 39,
            declared: 40,
        },
        IssueKind::PartPoints {
            part: s(),
            declared: 41,
            want: 40,
        },
        IssueKind::TotalPoints {
            total: 99,
            want: 100,
        },
        IssueKind::CorrectedWithoutCorrections,
    ]
}

/// One of every import fault (and every cell, date error and issue inside one).
pub(super) fn every_import_problem() -> Vec<Problem> {
    let s = || "x".to_string();
    let mut all = vec![
        Problem::InCell {
            row: 3,
            column: s(),
            problem: Box::new(Problem::missing("x")),
        },
        Problem::ProductList(ListFault::SetNotInCriteria {
            product_set: 27,
            criteria_set: s(),
        }),
        Problem::ProductList(ListFault::AlreadyInRound {
            name: s(),
            producer: s(),
            round: RoundId(2),
        }),
        Problem::ProductList(ListFault::ListedTwice {
            name: s(),
            producer: s(),
        }),
        Problem::SheetImport(SheetImportFault::SecondSheet {
            member: MemberId(1),
            product: ProductId(2),
        }),
        Problem::SheetImport(SheetImportFault::NonVoting {
            member: MemberId(1),
            name: s(),
            role: Role::Secretary,
        }),
        Problem::Criteria(CriteriaFault::ProductSetTaken {
            criteria_set: s(),
            product_set: 1,
            other: SheetOrigin::Embedded("x"),
        }),
        Problem::Criteria(CriteriaFault::ProductSetTaken {
            criteria_set: s(),
            product_set: 1,
            other: SheetOrigin::File(PathBuf::from("x")),
        }),
        Problem::Criteria(CriteriaFault::DescribedDifferently {
            criteria_set: s(),
            instrument: s(),
        }),
    ];
    for kind in every_issue() {
        all.push(Problem::Criteria(CriteriaFault::Invalid(Issue {
            path: s(),
            kind,
        })));
    }
    let cells = [
        CatalogueCell::ProductName,
        CatalogueCell::Producer,
        CatalogueCell::LegalForm,
        CatalogueCell::Commune,
        CatalogueCell::Province,
        CatalogueCell::ProductSetOrGroup,
        CatalogueCell::Stars,
        CatalogueCell::CertificateNumber,
        CatalogueCell::DecisionNumber,
        CatalogueCell::DecisionDate,
        CatalogueCell::IssueDate,
    ];
    let dates = [
        DateError::Empty,
        DateError::Format(s()),
        DateError::NoSuchDay(s()),
        DateError::YearOutOfRange {
            text: s(),
            year: 3000,
        },
    ];
    let faults = cells
        .into_iter()
        .map(|cell| CatalogueFault::Missing { cell })
        .chain(dates.into_iter().map(CatalogueFault::BadDate))
        .chain([
            CatalogueFault::TooManyRows { cap: 1 },
            CatalogueFault::NotAGroup { text: s() },
            CatalogueFault::NotALegalForm { text: s() },
            CatalogueFault::NotStars { text: s() },
            CatalogueFault::NotRevocation { text: s() },
            CatalogueFault::NotRegistration { text: s() },
            CatalogueFault::NotAScore { text: s() },
            CatalogueFault::IssuedBeforeDecision,
            CatalogueFault::ExpiryNotAfterIssue,
            CatalogueFault::SameCertificate {
                certificate: s(),
                authority: s(),
                first_row: 2,
            },
        ]);
    all.extend(faults.map(Problem::Catalogue));
    all
}

#[test]
fn a_catalogue_cell_reads_with_its_row_and_column_in_both_languages() {
    let problem = Problem::InCell {
        row: 3,
        column: "Hạng sao".into(),
        problem: Box::new(Problem::Catalogue(CatalogueFault::NotStars {
            text: "6".into(),
        })),
    };
    assert_eq!(
        problem_text(Lang::En, &problem),
        "row 3, column \"Hạng sao\": \"6\" is not 3, 4 or 5 stars"
    );
    assert_eq!(
        problem_text(Lang::Vi, &problem),
        "dòng 3, cột \"Hạng sao\": \"6\" không phải hạng 3, 4 hoặc 5 sao"
    );
    let date = Problem::Catalogue(CatalogueFault::BadDate(DateError::Format(
        "30.06.2026".into(),
    )));
    assert!(problem_text(Lang::Vi, &date).contains("không phải là ngày"));
}

#[test]
fn a_product_list_row_reads_in_vietnamese() {
    let problem = Problem::InRow {
        row: 5,
        problem: Box::new(Problem::ProductList(ListFault::ListedTwice {
            name: "Gạo ST25".into(),
            producer: "HTX Hòa Lộc".into(),
        })),
    };
    assert_eq!(
        problem_text(Lang::Vi, &problem),
        "dòng 5: \"Gạo ST25\" của \"HTX Hòa Lộc\" có hai lần trong danh sách"
    );
    assert_eq!(
        problem_text(Lang::En, &problem),
        "row 5: \"Gạo ST25\" of \"HTX Hòa Lộc\" is listed twice"
    );
}
