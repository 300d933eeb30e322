//! The value types the layers share: what the store reads and writes, and what
//! `pdf`, `export`, `exchange`, `app`, `ui` and `cli` pass around. Plain data with pure
//! methods only; the SQL that fills them stays in `store/`, so nothing above the
//! store needs to name `crate::store` for a type (README: the code map).

mod audit;
mod catalogue;
mod certificates;
mod criterion_view;
mod dossiers;
mod members;
mod merge;
mod mirror;
mod mirror_report;
mod products;
mod results;
mod rounds;
mod sheets;
mod uid;
mod versions;

pub use audit::{AuditEntry, ChainBreak, CheckKind, VerifyCheck, VerifyReport};
pub use catalogue::{CatalogueImport, ImportedRow};
pub use certificates::{CertificateRow, ExpiringCertificate, PayloadVerdict, Revocation};
pub use criterion_view::CriterionView;
pub use dossiers::{DossierFileRow, DossierSaveKind};
pub use members::MemberRow;
pub use merge::{ConflictRow, MergeSummary, MergeVerdict, SheetMerge, SheetOutcome};
pub use mirror::{
    MirrorDossier, MirrorMember, MirrorPresiding, MirrorProduct, MirrorRecusal, MirrorRound,
    RawSnapshot, RoundMirror,
};
pub use mirror_report::{MemberField, MirrorChange, MirrorNote, ProductField, RoundField};
pub use products::{NewProduct, ProducerFacts, ProductRow};
pub use results::{PresidingMember, ProductOutcome, RoundResults};
pub use rounds::RoundRow;
pub use sheets::{RoundAnswer, SheetStatus, SheetWrite};
pub use uid::is_uid;
pub use versions::{VersionAnswer, VersionKind};
