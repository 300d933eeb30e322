//! Documents the council shares: round results as JSON and CSV (XLSX follows).
//! Reads store results; never writes the database.

pub mod annex;
pub mod audit;
pub mod decision_docx;
pub mod results;
pub mod xlsx;
