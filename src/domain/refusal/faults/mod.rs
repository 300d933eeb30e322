//! The typed faults a [`Problem`](super::Problem) carries, by what they are about:
//! a path, a file's content or media type, a signature or key, a dossier bundle, a
//! package, a table (product list, catalogue file), the store. Each says itself in
//! English (`Display`, for the CLI); ui/refusal_text.rs says it in the user's language.

mod file;
mod imports;
mod package;
mod table;

pub use file::{Content, KeyFault, MediaFault, PathFault, SignatureFault};
pub use imports::{CatalogueCell, CatalogueFault, CriteriaFault, ListFault, SheetImportFault};
pub use package::{BundleFault, PackageFault};
pub use table::{ListCell, StoreFault, TableFault};
