//! Members' sheets as the layers pass them around: a sheet's status, one answer of a
//! round (for exports), a whole sheet to write at once.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::domain::criteria::{ChoiceId, CriterionId};
use crate::domain::ids::{MemberId, ProductId, RoundId};
use crate::domain::score::SheetAnswers;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SheetStatus {
    Draft,
    Submitted,
}

impl SheetStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Draft => "draft",
            Self::Submitted => "submitted",
        }
    }
}

/// One answer of a round, with whose sheet it is (for exports).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RoundAnswer {
    pub product: ProductId,
    pub member: MemberId,
    pub status: SheetStatus,
    pub criterion: CriterionId,
    pub choice: Option<ChoiceId>,
    pub points: Option<u32>,
    pub comment: String,
}

/// A whole sheet to write at once (the CLI's `sheet import`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SheetWrite {
    pub round: RoundId,
    pub product: ProductId,
    pub member: MemberId,
    pub answers: SheetAnswers,
    pub comments: BTreeMap<CriterionId, String>,
    pub submitted: bool,
}
