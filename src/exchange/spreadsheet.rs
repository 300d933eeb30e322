//! The first sheet of a workbook (XLSX/XLS/ODS via calamine) or a UTF-8 CSV, as
//! rows of text: what the product list and the catalogue file share. Each caller
//! says how a cell becomes text (the catalogue reads dates, the product list not).

use std::path::Path;

use calamine::{Data, Reader};

use crate::domain::refusal::{Problem, TableFault};

/// Reads the rows of `path` (a regular file within `cap_bytes`), stopping after
/// `max_rows` rows when given (enough to say "too many").
pub fn read_rows(
    path: &Path,
    cap_bytes: u64,
    max_rows: Option<usize>,
    cell_text: fn(&Data) -> String,
) -> Result<Vec<Vec<String>>, Problem> {
    // Regular files within the cap only (a pipe or /dev/zero would never end).
    crate::files::open_input(path, cap_bytes).map_err(crate::exchange::text::file_problem)?;
    let is_csv = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("csv"));
    let max_rows = max_rows.unwrap_or(usize::MAX);
    if is_csv {
        let bytes = std::fs::read(path).map_err(|e| Problem::CannotRead {
            detail: e.to_string(),
        })?;
        let text =
            std::str::from_utf8(&bytes).map_err(|e| crate::exchange::text::not_utf8(&bytes, &e))?;
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .from_reader(text.as_bytes());
        let mut rows = Vec::new();
        for (i, record) in reader.records().enumerate() {
            let record = record.map_err(|e| {
                Problem::Table(TableFault::BadCsvRecord {
                    row: i + 1,
                    detail: e.to_string(),
                })
            })?;
            rows.push(record.iter().map(|c| c.trim().to_string()).collect());
            if rows.len() > max_rows.saturating_add(1) {
                break;
            }
        }
        Ok(rows)
    } else {
        let mut book = calamine::open_workbook_auto(path).map_err(|e| {
            Problem::Table(TableFault::NotASpreadsheet {
                detail: e.to_string(),
            })
        })?;
        let range = book
            .worksheet_range_at(0)
            .ok_or(Problem::Table(TableFault::NoSheet))?
            .map_err(|e| {
                Problem::Table(TableFault::CannotReadSheet {
                    detail: e.to_string(),
                })
            })?;
        Ok(range
            .rows()
            .take(max_rows.saturating_add(2))
            .map(|r| r.iter().map(cell_text).collect())
            .collect())
    }
}
