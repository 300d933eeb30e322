//! OCOP Council: an offline desktop app for OCOP evaluation councils.
//!
//! Layers, each depending only on those listed before it:
//! - [`domain`]: criteria, sheets, council rules (pure).
//! - [`store`]: the SQLite database; the only place with SQL.
//! - [`exchange`], [`export`]: file formats in and out.
//! - [`app`]: operations shared by the GUI and the CLI.
//! - [`ui`]: the egui screens. [`cli`]: the headless command line.

pub mod app;
pub mod cli;
pub mod domain;
pub mod exchange;
pub mod export;
pub mod files;
pub mod pdf;
pub mod store;
pub mod ui;
