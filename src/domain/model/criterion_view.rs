//! The per-criterion view of one product for the council meeting.

use serde::Serialize;

use super::{MemberRow, ProductRow};
use crate::domain::commune::CommuneComparison;
use crate::domain::disagreement::CriterionDisagreement;

#[derive(Debug, Clone, Serialize)]
pub struct CriterionView {
    pub product: ProductRow,
    /// The members whose sheets count, in the order of each row's `by_member`.
    pub members: Vec<MemberRow>,
    /// The members' totals in the same order.
    pub totals: Vec<u32>,
    pub rows: Vec<CriterionDisagreement>,
    /// The commune's report reference ("45/BC-UBND ngày …") and its findings
    /// beside the council's means (QĐ 1489/2025), from the latest dossier.
    pub commune_report: Option<String>,
    pub commune: Vec<CommuneComparison>,
}
