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
    pub presiding: Option<MemberId>,
}

/// A whole round's results, fresh from the sheets.
#[derive(Debug, Clone, Serialize)]
pub struct RoundResults {
    pub round: RoundRow,
    pub members: Vec<MemberRow>,
    pub products: Vec<ProductOutcome>,
}
