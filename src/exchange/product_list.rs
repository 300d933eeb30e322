//! A round's product list from a spreadsheet (XLSX/XLS/ODS via calamine, or CSV):
//! columns are found by their header (Vietnamese or English, any order), every bad
//! row is reported with its row number, and the caller imports nothing unless the
//! whole list is clean. Reads the template `template product-list` writes as it
//! comes: a trailing `*` (required) on a header is ignored, the STT column is not
//! read, the example row (STT "Ví dụ") is skipped, and a legal form chosen from
//! the template's list is stored as the token dossiers use ("cooperative").

use std::path::Path;

use calamine::{Data, Reader};

use crate::domain::dossier::ProducerType;
use crate::domain::model::{NewProduct, ProducerFacts};

/// Largest list accepted: a province has a few hundred products a round.
const MAX_ROWS: usize = 20_000;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Field {
    Name,
    Set,
    Producer,
    Code,
    Commune,
    Province,
    Address,
    Kind,
    Representative,
    Phone,
    /// STT (row number): accepted and not read, except to spot the example row.
    RowNumber,
}

/// Accepted header texts (compared lower-case, trimmed).
const HEADERS: &[(Field, &[&str])] = &[
    (
        Field::Name,
        &[
            "tên sản phẩm",
            "sản phẩm",
            "name",
            "product",
            "product name",
        ],
    ),
    (Field::Set, &["bộ sản phẩm", "bộ", "set", "product set"]),
    (Field::Producer, &["chủ thể", "tên chủ thể", "producer"]),
    (Field::Code, &["mã sản phẩm", "code", "product code"]),
    (Field::Commune, &["xã", "xã/phường", "commune"]),
    (Field::Province, &["tỉnh", "province"]),
    (Field::Address, &["địa chỉ", "address"]),
    (
        Field::Kind,
        &["loại hình", "loại hình chủ thể", "type", "producer type"],
    ),
    (
        Field::Representative,
        &[
            "đại diện pháp luật",
            "người đại diện",
            "legal representative",
        ],
    ),
    (Field::Phone, &["điện thoại", "số điện thoại", "phone"]),
    (Field::RowNumber, &["stt", "số thứ tự", "no.", "#"]),
];

/// The STT of an example row (the template's), compared lower-case.
const EXAMPLE_MARKS: &[&str] = &["ví dụ", "vd", "vd.", "example", "e.g."];

/// A legal form from the template's list (Vietnamese label) or a dossier token
/// becomes the token; other text is kept as written.
fn legal_form(text: String) -> String {
    let key = text.to_lowercase();
    ProducerType::ALL
        .into_iter()
        .find(|t| t.as_str() == key || t.label_vi().to_lowercase() == key)
        .map_or(text, |t| t.as_str().to_string())
}

/// A parsed row with its row number in the file (1-based, header = row 1).
#[derive(Debug, Clone)]
pub struct ListedProduct {
    pub row: usize,
    pub product: NewProduct,
}

fn cell_text(cell: &Data) -> String {
    match cell {
        Data::Empty => String::new(),
        Data::String(s) => s.trim().to_string(),
        Data::Float(f) if f.fract() == 0.0 => format!("{}", *f as i64),
        other => other.to_string().trim().to_string(),
    }
}

/// Reads the rows of the first sheet (or the CSV) as text.
fn read_rows(path: &Path) -> Result<Vec<Vec<String>>, String> {
    // Regular files within the cap only (a pipe or /dev/zero would never end).
    crate::files::open_input(path, crate::files::caps::PRODUCT_LIST_BYTES)
        .map_err(|e| std::io::Error::from(e).to_string())?;
    let is_csv = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("csv"));
    if is_csv {
        let bytes = std::fs::read(path).map_err(|e| format!("cannot read: {e}"))?;
        let text = std::str::from_utf8(&bytes).map_err(|e| {
            format!(
                "not UTF-8 text (invalid byte at offset {}); save the CSV as UTF-8",
                e.valid_up_to()
            )
        })?;
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .from_reader(text.as_bytes());
        let mut rows = Vec::new();
        for (i, record) in reader.records().enumerate() {
            let record = record.map_err(|e| format!("row {}: {e}", i + 1))?;
            rows.push(record.iter().map(|c| c.trim().to_string()).collect());
        }
        Ok(rows)
    } else {
        let mut book = calamine::open_workbook_auto(path)
            .map_err(|e| format!("not a spreadsheet calamine can read: {e}"))?;
        let range = book
            .worksheet_range_at(0)
            .ok_or("the workbook has no sheet")?
            .map_err(|e| format!("cannot read the first sheet: {e}"))?;
        Ok(range
            .rows()
            .map(|r| r.iter().map(cell_text).collect())
            .collect())
    }
}

/// The rows that parsed, and the problems of those that did not.
#[derive(Debug, Clone, Default)]
pub struct ParsedList {
    pub rows: Vec<ListedProduct>,
    pub problems: Vec<String>,
}

/// Parses the list. `Err` when the file or its header is unusable; otherwise the
/// good rows and every bad row's problem (each naming its row), so the caller
/// can add its own checks and report everything at once.
pub fn read(path: &Path) -> Result<ParsedList, Vec<String>> {
    let rows = read_rows(path).map_err(|e| vec![e])?;
    let Some((header, body)) = rows.split_first() else {
        return Err(vec!["the file is empty".into()]);
    };
    if body.len() > MAX_ROWS {
        return Err(vec![format!(
            "{} rows; at most {MAX_ROWS} are accepted",
            body.len()
        )]);
    }
    let mut columns: Vec<(Field, usize)> = Vec::new();
    let mut problems = Vec::new();
    for (col, text) in header.iter().enumerate() {
        let key = text.trim().trim_end_matches('*').trim().to_lowercase();
        if key.is_empty() {
            continue;
        }
        match HEADERS
            .iter()
            .find(|(_, names)| names.contains(&key.as_str()))
        {
            Some((field, _)) if columns.iter().any(|(f, _)| f == field) => {
                problems.push(format!("row 1: column \"{text}\" appears twice"));
            }
            Some((field, _)) => columns.push((*field, col)),
            None => problems.push(format!("row 1: unknown column \"{text}\"")),
        }
    }
    for required in [Field::Name, Field::Set, Field::Producer] {
        if !columns.iter().any(|(f, _)| *f == required) {
            let names = HEADERS
                .iter()
                .find(|(f, _)| *f == required)
                .map_or("", |(_, n)| n[0]);
            problems.push(format!("row 1: missing the column \"{names}\""));
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    let get = |row: &[String], field: Field| -> Option<String> {
        let col = columns.iter().find(|(f, _)| *f == field)?.1;
        row.get(col)
            .map(|s| s.trim().to_string())
            .filter(|s| !s.is_empty())
    };
    let mut out = Vec::new();
    for (i, row) in body.iter().enumerate() {
        let line = i + 2;
        let is_example = get(row, Field::RowNumber)
            .is_some_and(|stt| EXAMPLE_MARKS.contains(&stt.to_lowercase().as_str()));
        let is_blank = columns
            .iter()
            .filter(|(f, _)| *f != Field::RowNumber)
            .all(|(f, _)| get(row, *f).is_none());
        if is_example || is_blank {
            continue;
        }
        let name = get(row, Field::Name);
        let producer = get(row, Field::Producer);
        let set_text = get(row, Field::Set);
        let mut row_problems = Vec::new();
        if name.is_none() {
            row_problems.push("no product name".to_string());
        }
        if producer.is_none() {
            row_problems.push("no producer".to_string());
        }
        // "9" or "9 · Tương, nước mắm…": the leading number is the set.
        let set = match &set_text {
            None => {
                row_problems.push("no product set".to_string());
                None
            }
            Some(text) => {
                let digits: String = text.chars().take_while(char::is_ascii_digit).collect();
                match digits.parse::<u8>() {
                    Ok(n) if n > 0 => Some(n),
                    _ => {
                        row_problems.push(format!("product set \"{text}\" is not a set number"));
                        None
                    }
                }
            }
        };
        if !row_problems.is_empty() {
            problems.push(format!("row {line}: {}", row_problems.join("; ")));
            continue;
        }
        if let (Some(name), Some(producer), Some(set)) = (name, producer, set) {
            out.push(ListedProduct {
                row: line,
                product: NewProduct {
                    name,
                    product_set: set,
                    product_code: get(row, Field::Code),
                    producer: ProducerFacts {
                        name: producer,
                        kind: get(row, Field::Kind).map(legal_form),
                        legal_representative: get(row, Field::Representative),
                        address: get(row, Field::Address),
                        province: get(row, Field::Province),
                        commune: get(row, Field::Commune),
                        phone: get(row, Field::Phone),
                    },
                },
            });
        }
    }
    if out.is_empty() && problems.is_empty() {
        return Err(vec!["no product rows under the header".into()]);
    }
    Ok(ParsedList {
        rows: out,
        problems,
    })
}
