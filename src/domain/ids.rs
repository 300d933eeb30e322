//! Newtype ids, so a member id can never be passed where a product id is meant.

use serde::{Deserialize, Serialize};

macro_rules! id_type {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name(pub i64);

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                write!(f, "{}", self.0)
            }
        }
    };
}

id_type!(
    /// An evaluation round (đợt đánh giá).
    RoundId
);
id_type!(
    /// A council member of one round.
    MemberId
);
id_type!(
    /// A product entered in one round.
    ProductId
);
id_type!(
    /// A producer (chủ thể OCOP).
    ProducerId
);
id_type!(
    /// One member's scoring sheet for one product.
    SheetId
);
id_type!(
    /// One version of a product's dossier (hồ sơ sản phẩm).
    DossierId
);
id_type!(
    /// A star certificate issued for a product.
    CertificateId
);
