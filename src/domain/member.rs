//! Council roles and who votes.

use serde::{Deserialize, Serialize};

/// A member's role in the council (Quyết định thành lập Hội đồng).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Role {
    Chair,
    ViceChair,
    Member,
    Secretary,
    Advisor,
}

impl Role {
    pub const ALL: [Role; 5] = [
        Role::Chair,
        Role::ViceChair,
        Role::Member,
        Role::Secretary,
        Role::Advisor,
    ];

    /// The token used in the CLI, the database and JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Chair => "chair",
            Self::ViceChair => "vice-chair",
            Self::Member => "member",
            Self::Secretary => "secretary",
            Self::Advisor => "advisor",
        }
    }

    pub fn parse(token: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|r| r.as_str() == token)
    }

    pub fn label_vi(self) -> &'static str {
        match self {
            Self::Chair => "Chủ tịch Hội đồng",
            Self::ViceChair => "Phó Chủ tịch Hội đồng",
            Self::Member => "Ủy viên",
            Self::Secretary => "Thư ký",
            Self::Advisor => "Tư vấn",
        }
    }

    pub fn label_en(self) -> &'static str {
        match self {
            Self::Chair => "Chair",
            Self::ViceChair => "Vice-chair",
            Self::Member => "Member",
            Self::Secretary => "Secretary",
            Self::Advisor => "Advisor",
        }
    }

    /// Whether the role scores by default. Our reading: the chair, vice-chairs and
    /// members score; the secretary and advisors do not unless the round says so
    /// (many councils make the secretary a scoring member: set `voting` explicitly).
    pub fn votes_by_default(self) -> bool {
        matches!(self, Self::Chair | Self::ViceChair | Self::Member)
    }

    /// Whether the role may reopen a submitted sheet, record recusals, and so on.
    pub fn can_administer(self) -> bool {
        matches!(self, Self::Chair | Self::Secretary)
    }
}

impl std::fmt::Display for Role {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}
