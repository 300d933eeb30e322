//! A round's lifecycle: setup → scoring → deliberation → finalized → certificates issued.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum RoundStatus {
    Setup,
    Scoring,
    Deliberation,
    Finalized,
    CertificatesIssued,
}

impl RoundStatus {
    pub const ALL: [Self; 5] = [
        Self::Setup,
        Self::Scoring,
        Self::Deliberation,
        Self::Finalized,
        Self::CertificatesIssued,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Setup => "setup",
            Self::Scoring => "scoring",
            Self::Deliberation => "deliberation",
            Self::Finalized => "finalized",
            Self::CertificatesIssued => "certificates-issued",
        }
    }

    pub fn parse(token: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.as_str() == token)
    }

    pub fn label_vi(self) -> &'static str {
        match self {
            Self::Setup => "Chuẩn bị",
            Self::Scoring => "Đang chấm điểm",
            Self::Deliberation => "Họp thảo luận",
            Self::Finalized => "Đã phê duyệt",
            Self::CertificatesIssued => "Đã cấp giấy chứng nhận",
        }
    }

    pub fn label_en(self) -> &'static str {
        match self {
            Self::Setup => "Setup",
            Self::Scoring => "Scoring",
            Self::Deliberation => "Deliberation",
            Self::Finalized => "Finalized",
            Self::CertificatesIssued => "Certificates issued",
        }
    }

    /// Whether sheets, answers and results may still change.
    pub fn is_frozen(self) -> bool {
        matches!(self, Self::Finalized | Self::CertificatesIssued)
    }
}

/// The level a round is held at (QĐ 1489/2025: province for 3★–4★, central for 5★).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum RoundLevel {
    Provincial,
    Central,
}

impl RoundLevel {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Provincial => "provincial",
            Self::Central => "central",
        }
    }

    pub fn parse(token: &str) -> Option<Self> {
        [Self::Provincial, Self::Central]
            .into_iter()
            .find(|l| l.as_str() == token)
    }

    pub fn label_vi(self) -> &'static str {
        match self {
            Self::Provincial => "cấp tỉnh",
            Self::Central => "cấp trung ương",
        }
    }
}
