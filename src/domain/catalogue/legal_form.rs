//! The producer's legal form (loại hình chủ thể) as programme reports count it:
//! cooperatives, cooperative groups, enterprises with small and medium enterprises
//! as their own class, households and household businesses, other.
//!
//! The dossier's [`ProducerType`] has no SME class; a round's producer maps to
//! "enterprise" unless its kind says SME. Which words name which form is our
//! reading of how provincial lists write them (HTX, Công ty TNHH, Hộ kinh doanh…).

use serde::Serialize;

use super::normalise;
use crate::domain::dossier::ProducerType;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum LegalForm {
    /// Hợp tác xã.
    Cooperative,
    /// Tổ hợp tác.
    CooperativeGroup,
    /// Doanh nghiệp (not classed as small or medium).
    Enterprise,
    /// Doanh nghiệp nhỏ và vừa.
    Sme,
    /// Hộ kinh doanh / hộ sản xuất / cơ sở sản xuất.
    Household,
    Other,
}

impl LegalForm {
    pub const ALL: [Self; 6] = [
        Self::Cooperative,
        Self::CooperativeGroup,
        Self::Enterprise,
        Self::Sme,
        Self::Household,
        Self::Other,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Cooperative => "cooperative",
            Self::CooperativeGroup => "cooperative-group",
            Self::Enterprise => "enterprise",
            Self::Sme => "sme",
            Self::Household => "household",
            Self::Other => "other",
        }
    }

    pub fn parse(token: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|f| f.as_str() == token)
    }

    pub fn label_vi(self) -> &'static str {
        match self {
            Self::Cooperative => "Hợp tác xã",
            Self::CooperativeGroup => "Tổ hợp tác",
            Self::Enterprise => "Doanh nghiệp",
            Self::Sme => "Doanh nghiệp nhỏ và vừa",
            Self::Household => "Hộ kinh doanh, hộ sản xuất",
            Self::Other => "Khác",
        }
    }

    pub fn label_en(self) -> &'static str {
        match self {
            Self::Cooperative => "Cooperative",
            Self::CooperativeGroup => "Cooperative group",
            Self::Enterprise => "Enterprise",
            Self::Sme => "Small or medium enterprise",
            Self::Household => "Household business",
            Self::Other => "Other",
        }
    }

    /// The form a text names: a token, a label, or the usual words and
    /// abbreviations ("HTX", "Công ty TNHH…", "DNNVV", "hộ", "cơ sở"), without
    /// diacritics. `None` when nothing fits (the import reports it).
    pub fn from_text(text: &str) -> Option<Self> {
        let key = normalise(text);
        if key.is_empty() {
            return None;
        }
        if let Some(form) = Self::ALL
            .into_iter()
            .find(|f| key == f.as_str().replace('-', " ") || key == normalise(f.label_vi()))
        {
            return Some(form);
        }
        if let Some(t) = ProducerType::parse(&key.replace(' ', "-")) {
            return Some(Self::from_producer_type(t));
        }
        let has = |w: &str| key == w || key.starts_with(&format!("{w} ")) || key.contains(w);
        Some(
            if has("nho va vua") || key == "dnnvv" || key == "sme" || key.contains("small") {
                Self::Sme
            } else if key == "tht" || has("to hop tac") || key.contains("cooperative group") {
                Self::CooperativeGroup
            } else if key == "htx"
                || key.starts_with("htx ")
                || has("hop tac xa")
                || key.contains("cooperative")
            {
                Self::Cooperative
            } else if key == "dn"
                || has("doanh nghiep")
                || has("cong ty")
                || key.starts_with("cty")
                || key.contains("enterprise")
                || key.contains("company")
            {
                Self::Enterprise
            } else if key == "ho"
                || key.starts_with("ho ")
                || has("co so")
                || key.contains("household")
            {
                Self::Household
            } else if key == "khac" || key == "other" {
                Self::Other
            } else {
                return None;
            },
        )
    }

    /// A dossier's producer type.
    pub fn from_producer_type(t: ProducerType) -> Self {
        match t {
            ProducerType::Household => Self::Household,
            ProducerType::CooperativeGroup => Self::CooperativeGroup,
            ProducerType::Cooperative => Self::Cooperative,
            ProducerType::Enterprise => Self::Enterprise,
            ProducerType::Other => Self::Other,
        }
    }

    /// A round's producer: its recorded kind, else read from the name ("HTX …",
    /// "Công ty …"), else other.
    pub fn of_round_producer(kind: Option<&str>, name: &str) -> Self {
        kind.and_then(Self::from_text)
            .or_else(|| Self::from_text(name))
            .unwrap_or(Self::Other)
    }
}
