//! File formats exchanged with the outside: members' sheet files (and, later,
//! dossier bundles and council packages). Parses and checks bytes; never writes the
//! database itself (the app layer hands what it parsed to the store).

pub mod catalogue_file;
pub mod dossier;
pub mod package;
pub mod product_list;
pub mod sheet_file;
pub mod signed;
pub mod spreadsheet;
pub mod text;
