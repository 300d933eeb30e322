//! Producers and products of a round: the facts entered, and the stored row.

use serde::{Deserialize, Serialize};

use crate::domain::disqualify::Disqualification;
use crate::domain::ids::{ProducerId, ProductId, RoundId};

/// Registration facts of a producer (chủ thể).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProducerFacts {
    pub name: String,
    #[serde(default)]
    pub kind: Option<String>,
    #[serde(default)]
    pub legal_representative: Option<String>,
    #[serde(default)]
    pub address: Option<String>,
    #[serde(default)]
    pub province: Option<String>,
    #[serde(default)]
    pub commune: Option<String>,
    #[serde(default)]
    pub phone: Option<String>,
}

impl ProducerFacts {
    /// "Ấp Hòa Lộc, Xã Hòa Tú, Sóc Trăng": the address parts that are known.
    pub fn full_address(&self) -> String {
        [&self.address, &self.commune, &self.province]
            .into_iter()
            .flatten()
            .map(|s| s.trim())
            .filter(|s| !s.is_empty())
            .collect::<Vec<_>>()
            .join(", ")
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewProduct {
    pub name: String,
    pub product_set: u8,
    pub product_code: Option<String>,
    pub producer: ProducerFacts,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ProductRow {
    pub id: ProductId,
    pub round_id: RoundId,
    pub name: String,
    pub product_set: u8,
    pub product_code: Option<String>,
    pub producer_id: ProducerId,
    pub producer: ProducerFacts,
    pub disqualified: Option<Disqualification>,
    /// The stable id shared by every data folder the round package went to.
    pub uid: String,
}
