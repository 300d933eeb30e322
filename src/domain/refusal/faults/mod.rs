//! The typed faults a [`Problem`](super::Problem) carries, by what they are about:
//! a path, a file's content or media type, a signature or key, a dossier bundle, a
//! package, a table (product list, catalogue file), the store. Each says itself in
//! English (`Display`, for the CLI); ui/refusal_text.rs says it in the user's language.
//!
//! The store's refusals are grouped by idea: a round package against this data
//! folder, a re-score, a catalogue import (`StoreFault`, table.rs); a member's sheet
//! (sheet.rs); the council's people and records (council.rs); certificates
//! (certificate.rs); setting a round up (setup.rs); a sheets package's merge
//! (merge.rs).

mod certificate;
mod council;
mod file;
mod imports;
mod merge;
mod package;
mod setup;
mod sheet;
mod table;

pub use certificate::{CertificateFault, IssuerField};
pub use council::CouncilFault;
pub use file::{Content, KeyFault, MediaFault, PathFault, SignatureFault};
pub use imports::{CatalogueCell, CatalogueFault, CriteriaFault, ListFault, SheetImportFault};
pub use merge::MergeFault;
pub use package::{BundleFault, PackageFault};
pub use setup::SetupFault;
pub use sheet::SheetFault;
pub use table::{ListCell, StoreFault, TableFault};

/// Each store fault is a problem of its own kind.
macro_rules! problem_from {
    ($($fault:ty => $variant:ident),* $(,)?) => {
        $(impl From<$fault> for super::Problem {
            fn from(fault: $fault) -> Self {
                Self::$variant(fault)
            }
        })*
    };
}

problem_from!(
    StoreFault => Store,
    SheetFault => Sheet,
    CouncilFault => Council,
    CertificateFault => Certificate,
    SetupFault => Setup,
    MergeFault => Merge,
);
