//! A round's council results: each product with its result, what the matrix, the
//! exports and the minutes read.

use std::collections::BTreeSet;
use std::sync::Arc;

use serde::Serialize;

use super::{MemberRow, ProductRow, RoundRow};
use crate::domain::council::ProductResult;
use crate::domain::criteria::CriteriaSheet;
use crate::domain::ids::MemberId;

/// One product with its council result.
#[derive(Debug, Clone, Serialize)]
pub struct ProductOutcome {
    pub product: ProductRow,
    pub result: ProductResult,
    #[serde(skip)]
    pub sheet: Arc<CriteriaSheet>,
    pub recused: BTreeSet<MemberId>,
    /// Whom the council named to preside when the chair is recused (no vice-chair).
    pub presiding: Option<PresidingMember>,
}

/// The member the council named to preside over a product, as recorded.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PresidingMember {
    pub member: MemberId,
    /// Who recorded it, as shown: "Lê Văn C (secretary)".
    pub recorded_by: String,
    /// When (RFC 3339, UTC).
    pub recorded_at: String,
}

impl ProductOutcome {
    /// Who presided over the product for the recused chair: the member the council
    /// named, unless they have been recused from it since (the quorum does not count
    /// them then either, so the council must name another).
    pub fn presided_by(&self) -> Option<&PresidingMember> {
        self.presiding
            .as_ref()
            .filter(|p| !self.recused.contains(&p.member))
    }
}

/// A whole round's results, fresh from the sheets.
#[derive(Debug, Clone, Serialize)]
pub struct RoundResults {
    pub round: RoundRow,
    pub members: Vec<MemberRow>,
    pub products: Vec<ProductOutcome>,
}
