//! The application layer shared by the GUI and the CLI: where the data lives, the
//! open session (catalog + store), and the operations that span files and the
//! store (importing sheet files, …). No egui here; the GUI's command loop and
//! background jobs build on these functions.

pub mod attachments;
pub mod backup;
pub mod catalogue;
pub mod certificates;
pub mod decision;
pub mod demo;
mod desk;
pub mod doc_settings;
pub mod documents;
pub mod dossier;
pub mod dossier_export;
pub mod export;
pub mod failure;
mod handle;
pub mod notice;
pub mod open_file;
pub mod package;
pub mod paths;
pub mod prefs;
pub mod reopened;
pub mod reply;
pub mod request;
pub mod session;
pub mod sheet_import;
pub mod views;
pub mod worker;

pub use session::Session;
