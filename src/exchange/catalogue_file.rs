//! The province's existing catalogue from a spreadsheet (XLSX/XLS/ODS via calamine,
//! or UTF-8 CSV): columns found by their header in Vietnamese or English (compared
//! without diacritics, any order), every bad cell reported as (row, column,
//! problem), and nothing returned for import unless the whole file is clean.
//!
//! Required columns: product, producer, legal form, commune, district (or former
//! district; cells may be empty after the 2025 mergers), province, product set,
//! stars, certificate number, decision number, decision date, issue date, expiry
//! date (an empty cell is the issue date + 36 months). Optional: product code,
//! product group, producer key, address, authority (default "UBND tỉnh <province>"),
//! round or year, score, registration type (new / upgrade / re-evaluation), revoked
//! (a date, or yes/no). A row whose STT says "Ví dụ" (the template's example) is skipped.

use std::path::Path;

use serde::Serialize;

use crate::domain::catalogue::{CatalogueRecord, normalise};
use crate::domain::certificate::authority_key;

mod columns;
mod row;

use columns::{Field, header_columns};
use row::{cell_text, parse_row};

/// The STT of an example row (the template's, `template catalogue`), normalised:
/// such a row is skipped, so a filled template imports without edits.
const EXAMPLE_MARKS: &[&str] = &["vi du", "vd", "example", "e g"];

/// A national catalogue has ~20,000 products (12/2025: 18,243).
pub const MAX_ROWS: usize = 50_000;

/// One problem: the row (1-based, the header is row 1), the column as written in
/// the file (or the expected header), and what is wrong.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RowProblem {
    pub row: usize,
    pub column: String,
    pub problem: String,
}

impl std::fmt::Display for RowProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.column.is_empty() {
            write!(f, "row {}: {}", self.row, self.problem)
        } else {
            write!(
                f,
                "row {}, column \"{}\": {}",
                self.row, self.column, self.problem
            )
        }
    }
}

/// A clean row: its "file row N" text and the record.
pub type CatalogueRow = (String, CatalogueRecord);

/// Reads and checks the whole file. `Ok` only when every row is clean; otherwise
/// every problem found, each with its row and column.
pub fn read(path: &Path) -> Result<Vec<CatalogueRow>, Vec<RowProblem>> {
    let file_problem = |problem: String| {
        vec![RowProblem {
            row: 0,
            column: String::new(),
            problem,
        }]
    };
    let rows = crate::exchange::spreadsheet::read_rows(
        path,
        crate::files::caps::PRODUCT_LIST_BYTES,
        Some(MAX_ROWS),
        cell_text,
    )
    .map_err(|e| file_problem(e.to_string()))?;
    let Some((header, body)) = rows.split_first() else {
        return Err(file_problem("the file is empty".into()));
    };
    if body.len() > MAX_ROWS {
        return Err(file_problem(format!("more than {MAX_ROWS} rows")));
    }
    let columns = header_columns(header)?;
    let file_name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let mut problems = Vec::new();
    let mut out: Vec<CatalogueRow> = Vec::new();
    let mut seen: std::collections::HashMap<(String, String), usize> = Default::default();
    for (i, row) in body.iter().enumerate() {
        let line = i + 2;
        let blank = columns
            .found
            .iter()
            .filter(|(f, _, _)| *f != Field::RowNumber)
            .all(|(f, _, _)| columns.get(row, *f).is_none());
        let example = columns
            .get(row, Field::RowNumber)
            .is_some_and(|stt| EXAMPLE_MARKS.contains(&normalise(stt).as_str()));
        if blank || example {
            continue;
        }
        let mut row_problems = Vec::new();
        let record = parse_row(&columns, row, line, &mut row_problems);
        match record {
            Some(record) if row_problems.is_empty() => {
                let key = (
                    authority_key(&record.authority),
                    record.certificate_number.clone(),
                );
                if let Some(first) = seen.insert(key, line) {
                    problems.push(RowProblem {
                        row: line,
                        column: columns.name(Field::Certificate),
                        problem: format!(
                            "certificate {} of {} is also on row {first}",
                            record.certificate_number, record.authority
                        ),
                    });
                } else {
                    out.push((format!("{file_name} row {line}"), record));
                }
            }
            _ => problems.extend(row_problems),
        }
    }
    if problems.is_empty() && out.is_empty() {
        return Err(file_problem("no product rows under the header".into()));
    }
    if problems.is_empty() {
        Ok(out)
    } else {
        Err(problems)
    }
}
