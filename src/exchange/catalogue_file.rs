//! The province's existing catalogue from a spreadsheet (XLSX/XLS/ODS via calamine,
//! or UTF-8 CSV): columns found by their header in Vietnamese or English (compared
//! without diacritics, any order), every bad cell reported as a typed problem in
//! its row and column ([`Problem::InCell`]), and nothing returned for import unless
//! the whole file is clean.
//!
//! Required columns: product, producer, legal form, commune, district (or former
//! district; cells may be empty after the 2025 mergers), province, product set,
//! stars, certificate number, decision number, decision date, issue date, expiry
//! date (an empty cell is the issue date + 36 months). Optional: product code,
//! product group, producer key, address, authority (default "UBND tỉnh <province>"),
//! round or year, score, registration type (new / upgrade / re-evaluation), revoked
//! (a date, or yes/no). A row whose STT says "Ví dụ" (the template's example) is skipped.

use std::path::Path;

use crate::domain::catalogue::{CatalogueRecord, normalise};
use crate::domain::certificate::authority_key;
use crate::domain::refusal::{CatalogueFault, Problem, Refusal, Subject, TableFault};

mod columns;
mod row;

use columns::{Field, header_columns};
use row::{cell_text, parse_row};

/// The STT of an example row (the template's, `template catalogue`), normalised:
/// such a row is skipped, so a filled template imports without edits.
const EXAMPLE_MARKS: &[&str] = &["vi du", "vd", "example", "e g"];

/// A national catalogue has ~20,000 products (12/2025: 18,243).
pub const MAX_ROWS: usize = 50_000;

/// `problem` in the cell of `row` (1-based, the header is row 1) under `column`
/// (as the file heads it, or the expected header).
pub(crate) fn in_cell(row: usize, column: impl Into<String>, problem: Problem) -> Problem {
    Problem::InCell {
        row,
        column: column.into(),
        problem: Box::new(problem),
    }
}

/// A clean row: its "file row N" text and the record.
pub type CatalogueRow = (String, CatalogueRecord);

/// Reads and checks the whole file. `Ok` only when every row is clean; otherwise
/// every problem found, each with its row and column.
pub fn read(path: &Path) -> Result<Vec<CatalogueRow>, Refusal> {
    let refused = |problems| Refusal::new(Subject::CatalogueFile, problems);
    let rows = crate::exchange::spreadsheet::read_rows(
        path,
        crate::files::caps::PRODUCT_LIST_BYTES,
        Some(MAX_ROWS),
        cell_text,
    )
    .map_err(|e| refused(vec![e]))?;
    let Some((header, body)) = rows.split_first() else {
        return Err(refused(vec![Problem::Table(TableFault::EmptyFile)]));
    };
    if body.len() > MAX_ROWS {
        let fault = CatalogueFault::TooManyRows { cap: MAX_ROWS };
        return Err(refused(vec![Problem::Catalogue(fault)]));
    }
    let columns = header_columns(header).map_err(refused)?;
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
                if let Some(first_row) = seen.insert(key, line) {
                    let fault = CatalogueFault::SameCertificate {
                        certificate: record.certificate_number.clone(),
                        authority: record.authority.clone(),
                        first_row,
                    };
                    let column = columns.name(Field::Certificate);
                    problems.push(in_cell(line, column, Problem::Catalogue(fault)));
                } else {
                    out.push((format!("{file_name} row {line}"), record));
                }
            }
            _ => problems.extend(row_problems),
        }
    }
    if problems.is_empty() && out.is_empty() {
        return Err(refused(vec![Problem::Table(TableFault::NoRows)]));
    }
    if problems.is_empty() {
        Ok(out)
    } else {
        Err(refused(problems))
    }
}
