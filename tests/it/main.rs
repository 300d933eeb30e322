//! The integration tests, in one binary: linking one test binary per file against the
//! whole app cost a minute each on two cores.

#![allow(clippy::unwrap_used, clippy::expect_used)] // test code: a panic is the failure report

mod backup;
mod catalogue;
mod catalogue_link;
mod catalogue_template;
mod certificates;
mod cli;
mod cli_documents;
mod cli_help;
mod common;
mod commune;
mod crash;
mod criteria;
mod decision;
mod dossier;
mod dossier_hostile;
mod export;
mod hostile_inputs;
mod lifecycle;
mod lifecycle_cli;
mod packages;
mod packages_presiding;
mod packaging;
mod pdf_documents;
mod permissions;
mod quorum_presiding;
mod recusal_rescore;
mod results_stored;
mod revocation;
mod store;
mod ui_backup;
mod ui_catalogue;
mod ui_certificates;
mod ui_council;
mod ui_desk;
mod ui_dossier;
mod ui_failures;
mod ui_meeting_day;
mod ui_meeting_polish;
mod ui_people;
mod ui_refusals;
mod ui_store_refusals;
mod ui_toolbar_roles;
mod workbook;
