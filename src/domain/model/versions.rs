//! Earlier submissions of a reopened sheet: why it was reopened, and its answers.

use serde::{Deserialize, Serialize};

use crate::domain::criteria::{ChoiceId, CriterionId};

/// Why a submitted sheet was reopened.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum VersionKind {
    /// A correction (chair or secretary), e.g. a wrong box ticked.
    Reopen,
    /// The chair's re-score after the discussion of a spread.
    Rescore,
}

impl VersionKind {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Reopen => "reopen",
            Self::Rescore => "rescore",
        }
    }

    pub fn parse(token: &str) -> Option<Self> {
        [Self::Reopen, Self::Rescore]
            .into_iter()
            .find(|k| k.as_str() == token)
    }
}

/// One answer as it was submitted.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VersionAnswer {
    pub criterion: CriterionId,
    pub choice: Option<ChoiceId>,
    pub points: Option<u32>,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub comment: String,
}
