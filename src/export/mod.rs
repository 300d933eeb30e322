//! Documents the council shares: round results as JSON, CSV and an Excel workbook,
//! the audit log, and the templates to fill (product list, catalogue). Reads store results; never writes
//! the database.

pub mod annex;
pub mod audit;
pub mod catalogue;
pub mod catalogue_template;
pub mod decision_docx;
pub mod formula_guard;
pub mod product_list_template;
pub mod programme_report_docx;
pub mod results;
pub mod xlsx;
