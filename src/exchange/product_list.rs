//! A round's product list from a spreadsheet (XLSX/XLS/ODS via calamine, or CSV):
//! columns are found by their header (Vietnamese or English, any order), every bad
//! row is reported with its row number, and the caller imports nothing unless the
//! whole list is clean. Reads the template `template product-list` writes as it
//! comes: a trailing `*` (required) on a header is ignored, the STT column is not
//! read, the example row (STT "Ví dụ") is skipped, and a legal form chosen from
//! the template's list is stored as the token dossiers use ("cooperative").

use std::path::Path;

use calamine::Data;

use crate::domain::dossier::ProducerType;
use crate::domain::model::{NewProduct, ProducerFacts};
use crate::domain::refusal::{ListCell, Problem, Refusal, Subject, TableFault};

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

/// The rows that parsed, and the problems of those that did not.
#[derive(Debug, Clone, Default)]
pub struct ParsedList {
    pub rows: Vec<ListedProduct>,
    pub problems: Vec<Problem>,
}

/// Parses the list. `Err` when the file or its header is unusable; otherwise the
/// good rows and every bad row's problem (each naming its row), so the caller
/// can add its own checks and report everything at once.
pub fn read(path: &Path) -> Result<ParsedList, Refusal> {
    let refused = |problems| Refusal::new(Subject::ProductList, problems);
    let table = |fault| vec![Problem::Table(fault)];
    let rows = crate::exchange::spreadsheet::read_rows(
        path,
        crate::files::caps::PRODUCT_LIST_BYTES,
        None,
        cell_text,
    )
    .map_err(|e| refused(vec![e]))?;
    let Some((header, body)) = rows.split_first() else {
        return Err(refused(table(TableFault::EmptyFile)));
    };
    if body.len() > MAX_ROWS {
        return Err(refused(table(TableFault::TooManyRows {
            count: body.len(),
            cap: MAX_ROWS,
        })));
    }
    let columns = header_columns(header).map_err(refused)?;
    let mut out = Vec::new();
    let mut problems = Vec::new();
    for (i, row) in body.iter().enumerate() {
        match columns.product(row, i + 2) {
            Ok(Some(product)) => out.push(product),
            Ok(None) => {}
            Err(found) => problems.extend(found),
        }
    }
    if out.is_empty() && problems.is_empty() {
        return Err(refused(table(TableFault::NoRows)));
    }
    Ok(ParsedList {
        rows: out,
        problems,
    })
}

/// `fault` in row `row` (1-based, the header is row 1).
fn in_row(row: usize, fault: TableFault) -> Problem {
    Problem::InRow {
        row,
        problem: Box::new(Problem::Table(fault)),
    }
}

/// Where each field is in the file.
struct Columns(Vec<(Field, usize)>);

/// The columns the header names; every unknown, doubled or missing column.
fn header_columns(header: &[String]) -> Result<Columns, Vec<Problem>> {
    let mut columns: Vec<(Field, usize)> = Vec::new();
    let mut problems = Vec::new();
    for (col, text) in header.iter().enumerate() {
        let key = text.trim().trim_end_matches('*').trim().to_lowercase();
        if key.is_empty() {
            continue;
        }
        let column = text.clone();
        match HEADERS
            .iter()
            .find(|(_, names)| names.contains(&key.as_str()))
        {
            Some((field, _)) if columns.iter().any(|(f, _)| f == field) => {
                problems.push(in_row(1, TableFault::ColumnTwice { column }));
            }
            Some((field, _)) => columns.push((*field, col)),
            None => problems.push(in_row(1, TableFault::UnknownColumn { column })),
        }
    }
    for required in [Field::Name, Field::Set, Field::Producer] {
        if !columns.iter().any(|(f, _)| *f == required) {
            let names = HEADERS
                .iter()
                .find(|(f, _)| *f == required)
                .map_or("", |(_, n)| n[0]);
            let column = names.into();
            problems.push(in_row(1, TableFault::MissingColumn { column }));
        }
    }
    if problems.is_empty() {
        Ok(Columns(columns))
    } else {
        Err(problems)
    }
}

impl Columns {
    fn get(&self, row: &[String], field: Field) -> Option<String> {
        let col = self.0.iter().find(|(f, _)| *f == field)?.1;
        row.get(col)
            .map(|s| s.trim().to_string())
            .filter(|s| !s.is_empty())
    }

    /// Row `line`: its product, nothing for the example row or a blank one, or
    /// every problem of the row.
    fn product(&self, row: &[String], line: usize) -> Result<Option<ListedProduct>, Vec<Problem>> {
        let get = |field| self.get(row, field);
        let is_example = get(Field::RowNumber)
            .is_some_and(|stt| EXAMPLE_MARKS.contains(&stt.to_lowercase().as_str()));
        let is_blank = self
            .0
            .iter()
            .filter(|(f, _)| *f != Field::RowNumber)
            .all(|(f, _)| get(*f).is_none());
        if is_example || is_blank {
            return Ok(None);
        }
        let mut faults = Vec::new();
        let name = get(Field::Name);
        if name.is_none() {
            faults.push(TableFault::EmptyCell(ListCell::ProductName));
        }
        let producer = get(Field::Producer);
        if producer.is_none() {
            faults.push(TableFault::EmptyCell(ListCell::Producer));
        }
        let set = product_set(get(Field::Set), &mut faults);
        let (Some(name), Some(producer), Some(set)) = (name, producer, set) else {
            return Err(faults.into_iter().map(|f| in_row(line, f)).collect());
        };
        Ok(Some(ListedProduct {
            row: line,
            product: NewProduct {
                name,
                product_set: set,
                product_code: get(Field::Code),
                producer: ProducerFacts {
                    name: producer,
                    kind: get(Field::Kind).map(legal_form),
                    legal_representative: get(Field::Representative),
                    address: get(Field::Address),
                    province: get(Field::Province),
                    commune: get(Field::Commune),
                    phone: get(Field::Phone),
                },
            },
        }))
    }
}

/// "9" or "9 · Tương, nước mắm…": the leading number is the set.
fn product_set(text: Option<String>, faults: &mut Vec<TableFault>) -> Option<u8> {
    let Some(text) = text else {
        faults.push(TableFault::EmptyCell(ListCell::ProductSet));
        return None;
    };
    let digits: String = text.chars().take_while(char::is_ascii_digit).collect();
    match digits.parse::<u8>() {
        Ok(n) if n > 0 => Some(n),
        _ => {
            faults.push(TableFault::NotASetNumber { text });
            None
        }
    }
}
