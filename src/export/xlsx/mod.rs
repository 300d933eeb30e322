//! The round's results as an Excel workbook (rust_xlsxwriter), made to be opened
//! and printed by officials:
//!
//! - "Kết quả": one row per product with the columns a decision needs (product,
//!   producer, commune, set, mean, band, stars, cap or disqualification, state,
//!   certificate number and date); it fits one A4 landscape page's width at ≥ 9 pt.
//! - "Điểm từng thành viên": each voting member's total per product, spread,
//!   re-score flag, quorum, recusals.
//! - One sheet per product: every criterion's points per member, the criterion
//!   means and the members' comments.
//!
//! Numbers are numbers (means with two decimals, truncated as the README says;
//! points, totals and stars whole; dates as dates), so the Vietnamese locale shows
//! decimal commas. Rows fit their wrapped text; header rows repeat on every page,
//! the round's name and date head every page and the footer says "Trang x/y"
//! (`layout`). Text cells are safe against formula injection and Excel's cell
//! limit (`cells`).

pub(crate) mod cells;
pub(crate) mod layout;
mod members_sheet;
mod product_sheet;
mod results_sheet;

use std::collections::{BTreeMap, BTreeSet};

use chrono::NaiveDate;
use rust_xlsxwriter::Workbook;

pub use cells::{MAX_CELL_UTF16, TRUNCATION_MARKER, WorkbookError};
pub use layout::{BODY_FONT_PT, MIN_PRINTED_FONT_PT};

use crate::domain::ids::ProductId;
use crate::domain::model::{MemberRow, ProductOutcome, RoundAnswer, RoundResults};

pub const RESULTS_SHEET: &str = "Kết quả";
pub const MEMBERS_SHEET: &str = "Điểm từng thành viên";

/// A product's certificate, once issued.
#[derive(Debug, Clone)]
pub struct IssuedCertificate {
    /// "012/2026/GCN-OCOP".
    pub number: String,
    pub issued_on: NaiveDate,
}

/// Facts the results do not carry (filled by the caller).
#[derive(Debug, Clone, Default)]
pub struct ExportExtras {
    pub certificates: BTreeMap<ProductId, IssuedCertificate>,
    /// The day the workbook is made (printed in every page header).
    pub exported_on: Option<NaiveDate>,
}

/// What every sheet of the workbook shares.
struct Book<'a> {
    results: &'a RoundResults,
    voters: Vec<&'a MemberRow>,
    extras: &'a ExportExtras,
    formats: layout::Formats,
    /// Page header: the round's name (left) and dates (right).
    heading_left: String,
    heading_right: String,
}

impl Book<'_> {
    fn heading(&self) -> layout::PageHeading<'_> {
        layout::PageHeading {
            left: &self.heading_left,
            right: &self.heading_right,
        }
    }
}

/// Builds the workbook in memory. A failure names the sheet it happened in.
pub fn workbook(
    results: &RoundResults,
    answers: &[RoundAnswer],
    extras: &ExportExtras,
) -> Result<Vec<u8>, WorkbookError> {
    let book = Book {
        results,
        voters: results.members.iter().filter(|m| m.voting).collect(),
        extras,
        formats: layout::Formats::new(),
        heading_left: format!("Đợt đánh giá: {}", results.round.name),
        heading_right: round_dates(results, extras),
    };
    let mut workbook = Workbook::new();
    results_sheet::write(workbook.add_worksheet(), &book)?;
    members_sheet::write(workbook.add_worksheet(), &book)?;
    let mut used_names =
        BTreeSet::from([RESULTS_SHEET.to_lowercase(), MEMBERS_SHEET.to_lowercase()]);
    for outcome in &results.products {
        let name = sheet_name(outcome, &mut used_names);
        product_sheet::write(workbook.add_worksheet(), &name, outcome, answers, &book)?;
    }
    workbook.save_to_buffer().map_err(|source| WorkbookError {
        sheet: String::new(),
        source,
    })
}

/// "dd/mm/yyyy" for an ISO date, the text as it is otherwise.
fn vi_date(iso: &str) -> String {
    NaiveDate::parse_from_str(iso, "%Y-%m-%d")
        .map(|d| d.format("%d/%m/%Y").to_string())
        .unwrap_or_else(|_| iso.to_string())
}

/// The right side of the page header: the round's dates, the approval decision's
/// date once finalized, and the day of export.
fn round_dates(results: &RoundResults, extras: &ExportExtras) -> String {
    let round = &results.round;
    let mut parts = Vec::new();
    match (&round.starts_on, &round.ends_on) {
        (Some(from), Some(to)) => parts.push(format!("Từ {} đến {}", vi_date(from), vi_date(to))),
        (Some(day), None) | (None, Some(day)) => parts.push(format!("Ngày {}", vi_date(day))),
        (None, None) => {}
    }
    if let (Some(no), Some(date)) = (&round.decision_no, &round.decision_date) {
        parts.push(format!("QĐ {no} ngày {}", vi_date(date)));
    }
    if let Some(day) = extras.exported_on {
        parts.push(format!("Xuất ngày {}", day.format("%d/%m/%Y")));
    }
    parts.join(" · ")
}

/// A unique sheet name of at most 31 characters without `[]:*?/\`.
fn sheet_name(o: &ProductOutcome, used: &mut BTreeSet<String>) -> String {
    let clean: String = o
        .product
        .name
        .chars()
        .map(|c| if "[]:*?/\\'".contains(c) { ' ' } else { c })
        .collect();
    let base: String = format!("{} {}", o.product.id, clean.trim())
        .chars()
        .take(31)
        .collect();
    let mut name = base.trim().to_string();
    let mut n = 2;
    while !used.insert(name.to_lowercase()) {
        let suffix = format!("~{n}");
        name = format!(
            "{}{suffix}",
            base.chars()
                .take(31 - suffix.chars().count())
                .collect::<String>()
        );
        n += 1;
    }
    name
}
