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

use calamine::Data;
use chrono::{Days, NaiveDate};
use serde::Serialize;

use crate::domain::catalogue::{
    CatalogueRecord, LegalForm, group_from_text, normalise, producer_key,
};
use crate::domain::certificate::{authority_key, valid_until};
use crate::domain::completeness::ProductGroup;
use crate::domain::dossier::RegistrationType;

/// The STT of an example row (the template's, `template catalogue`), normalised:
/// such a row is skipped, so a filled template imports without edits.
const EXAMPLE_MARKS: &[&str] = &["vi du", "vd", "example", "e g"];

/// A national catalogue has ~20,000 products (12/2025: 18,243).
pub const MAX_ROWS: usize = 50_000;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Field {
    Product,
    Code,
    Producer,
    ProducerKey,
    LegalForm,
    Address,
    Commune,
    District,
    Province,
    Set,
    Group,
    Stars,
    Certificate,
    Authority,
    DecisionNo,
    DecisionDate,
    IssueDate,
    ExpiryDate,
    Round,
    Score,
    Registration,
    Revoked,
    RowNumber,
}

/// Accepted headers, without diacritics, lower case.
const HEADERS: &[(Field, &[&str])] = &[
    (
        Field::Product,
        &["ten san pham", "san pham", "product", "product name"],
    ),
    (
        Field::Code,
        &["ma san pham", "ma sp", "product code", "code"],
    ),
    (
        Field::Producer,
        &[
            "chu the",
            "ten chu the",
            "chu the ocop",
            "producer",
            "producer name",
        ],
    ),
    (
        Field::ProducerKey,
        &["ma chu the", "producer key", "producer id"],
    ),
    (
        Field::LegalForm,
        &[
            "loai hinh",
            "loai hinh chu the",
            "hinh thuc to chuc",
            "legal form",
            "producer type",
        ],
    ),
    (Field::Address, &["dia chi", "address"]),
    (
        Field::Commune,
        &["xa", "xa phuong", "xa phuong thi tran", "commune", "ward"],
    ),
    (
        Field::District,
        &[
            "huyen",
            "quan huyen",
            "huyen cu",
            "huyen truoc day",
            "district",
            "former district",
        ],
    ),
    (Field::Province, &["tinh", "tinh thanh pho", "province"]),
    (
        Field::Set,
        &["bo san pham", "bo", "phan nhom", "product set", "set"],
    ),
    (
        Field::Group,
        &[
            "nhom san pham",
            "nhom",
            "nganh hang",
            "product group",
            "group",
        ],
    ),
    (
        Field::Stars,
        &[
            "hang sao",
            "so sao",
            "sao",
            "xep hang",
            "stars",
            "star rating",
            "rating",
        ],
    ),
    (
        Field::Certificate,
        &[
            "so giay chung nhan",
            "so gcn",
            "giay chung nhan",
            "certificate number",
            "certificate no",
            "certificate",
        ],
    ),
    (
        Field::Authority,
        &["co quan cap", "noi cap", "authority", "issuing authority"],
    ),
    (
        Field::DecisionNo,
        &[
            "so quyet dinh",
            "quyet dinh",
            "so qd",
            "decision number",
            "decision no",
            "decision",
        ],
    ),
    (
        Field::DecisionDate,
        &["ngay quyet dinh", "ngay qd", "decision date"],
    ),
    (
        Field::IssueDate,
        &[
            "ngay cap",
            "ngay cap gcn",
            "issue date",
            "issued on",
            "date of issue",
        ],
    ),
    (
        Field::ExpiryDate,
        &[
            "ngay het han",
            "han hieu luc",
            "hieu luc den",
            "thoi han",
            "expiry date",
            "expiry",
            "valid until",
        ],
    ),
    (
        Field::Round,
        &[
            "dot",
            "dot danh gia",
            "nam",
            "dot nam",
            "round",
            "year",
            "round or year",
        ],
    ),
    (Field::Score, &["diem", "tong diem", "score", "points"]),
    (
        Field::Registration,
        &[
            "loai dang ky",
            "hinh thuc",
            "hinh thuc danh gia",
            "dang ky",
            "registration type",
            "registration",
        ],
    ),
    (
        Field::Revoked,
        &[
            "thu hoi",
            "da thu hoi",
            "ngay thu hoi",
            "revoked",
            "revoked on",
        ],
    ),
    (Field::RowNumber, &["stt", "so thu tu", "no", "#"]),
];

const REQUIRED: [Field; 13] = [
    Field::Product,
    Field::Producer,
    Field::LegalForm,
    Field::Commune,
    Field::District,
    Field::Province,
    Field::Set,
    Field::Stars,
    Field::Certificate,
    Field::DecisionNo,
    Field::DecisionDate,
    Field::IssueDate,
    Field::ExpiryDate,
];

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

fn excel_serial_date(serial: f64) -> Option<NaiveDate> {
    if !(1.0..=2_958_465.0).contains(&serial) {
        return None;
    }
    NaiveDate::from_ymd_opt(1899, 12, 30)?.checked_add_days(Days::new(serial.floor() as u64))
}

fn cell_text(cell: &Data) -> String {
    match cell {
        Data::Empty => String::new(),
        Data::String(s) => s.trim().to_string(),
        Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", *f as i64),
        Data::DateTime(d) => excel_serial_date(d.as_f64())
            .map(|d| d.to_string())
            .unwrap_or_else(|| d.to_string()),
        Data::DateTimeIso(s) => s.get(..10).unwrap_or(s).to_string(),
        other => other.to_string().trim().to_string(),
    }
}

/// "05/01/2025", "5/1/2025", "2025-01-05", "05-01-2025", "05.01.2025".
pub fn parse_date(text: &str) -> Option<NaiveDate> {
    let t = text.trim();
    ["%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y", "%d.%m.%Y"]
        .iter()
        .find_map(|f| NaiveDate::parse_from_str(t, f).ok())
}

/// "3", "3 sao", "4★", "***".
fn parse_stars(text: &str) -> Option<u8> {
    let digits: String = text.chars().filter(char::is_ascii_digit).collect();
    let n = if digits.is_empty() {
        text.chars()
            .filter(|c| matches!(c, '*' | '★' | '☆'))
            .count()
    } else {
        digits.parse().ok()?
    };
    u8::try_from(n).ok().filter(|n| (3..=5).contains(n))
}

fn parse_registration(text: &str) -> Option<RegistrationType> {
    let key = normalise(text);
    if key.is_empty() || key.contains("moi") || key == "new" || key.contains("first") {
        Some(RegistrationType::New)
    } else if key.contains("nang hang") || key.contains("thang hang") || key.contains("upgrade") {
        Some(RegistrationType::Upgrade)
    } else if key.contains("danh gia lai") || key.contains("cong nhan lai") || key.starts_with("re")
    {
        Some(RegistrationType::ReEvaluation)
    } else {
        None
    }
}

/// Empty / no → not revoked; yes → revoked (date unknown); a date → revoked then.
fn parse_revoked(text: &str) -> Option<(bool, Option<NaiveDate>)> {
    let key = normalise(text);
    if key.is_empty() || ["khong", "no", "0", "chua"].contains(&key.as_str()) {
        return Some((false, None));
    }
    if let Some(date) = parse_date(text) {
        return Some((true, Some(date)));
    }
    ["x", "co", "yes", "1", "da thu hoi", "thu hoi", "revoked"]
        .contains(&key.as_str())
        .then_some((true, None))
}

struct Columns {
    found: Vec<(Field, usize, String)>,
}

impl Columns {
    fn get<'a>(&self, row: &'a [String], field: Field) -> Option<&'a str> {
        let (_, col, _) = self.found.iter().find(|(f, _, _)| *f == field)?;
        row.get(*col).map(|s| s.trim()).filter(|s| !s.is_empty())
    }

    fn name(&self, field: Field) -> String {
        self.found
            .iter()
            .find(|(f, _, _)| *f == field)
            .map(|(_, _, h)| h.clone())
            .unwrap_or_default()
    }
}

fn header_columns(header: &[String]) -> Result<Columns, Vec<RowProblem>> {
    let mut found: Vec<(Field, usize, String)> = Vec::new();
    let mut problems = Vec::new();
    let problem = |column: &str, text: String| RowProblem {
        row: 1,
        column: column.to_owned(),
        problem: text,
    };
    for (col, text) in header.iter().enumerate() {
        let key = normalise(text.trim().trim_end_matches('*'));
        if key.is_empty() {
            continue;
        }
        match HEADERS
            .iter()
            .find(|(_, names)| names.contains(&key.as_str()))
        {
            Some((field, _)) if found.iter().any(|(f, _, _)| f == field) => {
                problems.push(problem(text, "the column appears twice".into()));
            }
            Some((field, _)) => found.push((*field, col, text.trim().to_owned())),
            None => problems.push(problem(text, "unknown column".into())),
        }
    }
    for required in REQUIRED {
        if !found.iter().any(|(f, _, _)| *f == required) {
            let name = HEADERS
                .iter()
                .find(|(f, _)| *f == required)
                .map_or("", |(_, n)| n[0]);
            problems.push(problem(name, "missing column".into()));
        }
    }
    if problems.is_empty() {
        Ok(Columns { found })
    } else {
        Err(problems)
    }
}

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

/// One row: the record when every cell is usable, and a problem per bad cell.
fn parse_row(
    columns: &Columns,
    row: &[String],
    line: usize,
    problems: &mut Vec<RowProblem>,
) -> Option<CatalogueRecord> {
    let mut complain = |field: Field, problem: String| {
        problems.push(RowProblem {
            row: line,
            column: columns.name(field),
            problem,
        });
    };
    let mut required = |field: Field, what: &str| -> Option<String> {
        let value = columns.get(row, field).map(str::to_owned);
        if value.is_none() {
            complain(field, format!("no {what}"));
        }
        value
    };
    let product = required(Field::Product, "product name");
    let producer = required(Field::Producer, "producer");
    let form_text = required(Field::LegalForm, "legal form");
    let commune = required(Field::Commune, "commune");
    let province = required(Field::Province, "province");
    // A list that names only the group (as many provincial lists do) is enough.
    let set_text = match columns.get(row, Field::Set) {
        None if columns.get(row, Field::Group).is_none() => {
            required(Field::Set, "product set (nor product group)")
        }
        other => other.map(str::to_owned),
    };
    let stars_text = required(Field::Stars, "stars");
    let number = required(Field::Certificate, "certificate number");
    let decision_no = required(Field::DecisionNo, "decision number");
    let decision_text = required(Field::DecisionDate, "decision date");
    let issue_text = required(Field::IssueDate, "issue date");
    let mut problems_of = Vec::new();
    let mut complain = |field: Field, problem: String| problems_of.push((field, problem));
    let legal_form = form_text.as_deref().and_then(|t| {
        let form = LegalForm::from_text(t);
        if form.is_none() {
            complain(
                Field::LegalForm,
                format!("\"{t}\" is not a legal form (hợp tác xã, tổ hợp tác, doanh nghiệp, doanh nghiệp nhỏ và vừa, hộ kinh doanh, khác)"),
            );
        }
        form
    });
    let stars = stars_text.as_deref().and_then(|t| {
        let s = parse_stars(t);
        if s.is_none() {
            complain(Field::Stars, format!("\"{t}\" is not 3, 4 or 5 stars"));
        }
        s
    });
    let mut date = |field: Field, text: Option<&str>| {
        text.and_then(|t| {
            let d = parse_date(t);
            if d.is_none() {
                complain(field, format!("\"{t}\" is not a date (dd/mm/yyyy)"));
            }
            d
        })
    };
    let decision_date = date(Field::DecisionDate, decision_text.as_deref());
    let issued_on = date(Field::IssueDate, issue_text.as_deref());
    let expiry_given = date(Field::ExpiryDate, columns.get(row, Field::ExpiryDate));
    let revoked = columns
        .get(row, Field::Revoked)
        .map_or(Some((false, None)), |t| {
            let r = parse_revoked(t);
            if r.is_none() {
                complain(
                    Field::Revoked,
                    format!("\"{t}\" is neither a date nor yes/no"),
                );
            }
            r
        });
    let registration = parse_registration(columns.get(row, Field::Registration).unwrap_or(""))
        .or_else(|| {
            let t = columns.get(row, Field::Registration).unwrap_or("");
            complain(
                Field::Registration,
                format!(
                    "\"{t}\" is not new (mới), upgrade (nâng hạng) or re-evaluation (đánh giá lại)"
                ),
            );
            None
        });
    let score = match columns.get(row, Field::Score) {
        None => Some(None),
        Some(t) => match t.replace(',', ".").parse::<f64>() {
            Ok(v) if (0.0..=100.0).contains(&v) => Some(Some(v.trunc() as u8)),
            _ => {
                complain(
                    Field::Score,
                    format!("\"{t}\" is not a score from 0 to 100"),
                );
                None
            }
        },
    };
    let group_text = columns.get(row, Field::Group);
    let set_no: Option<u8> = set_text.as_deref().and_then(|t| {
        let digits: String = t.chars().take_while(char::is_ascii_digit).collect();
        digits.parse().ok().filter(|n| (1..=26).contains(n))
    });
    let group = match group_text {
        Some(t) => {
            let g = group_from_text(t);
            if g.is_none() {
                complain(
                    Field::Group,
                    format!(
                        "\"{t}\" is not a product group of QĐ 148 (thực phẩm, đồ uống, dược liệu, thủ công mỹ nghệ, sinh vật cảnh, du lịch)"
                    ),
                );
            }
            g
        }
        None => set_no
            .and_then(ProductGroup::of_set)
            .or_else(|| set_text.as_deref().and_then(group_from_text)),
    };
    if let (Some(issued), Some(decided)) = (issued_on, decision_date)
        && issued < decided
    {
        complain(
            Field::IssueDate,
            "the issue date is before the decision date".into(),
        );
    }
    let valid_until = match (expiry_given, issued_on) {
        (Some(e), Some(i)) if e <= i => {
            complain(
                Field::ExpiryDate,
                "the expiry date is not after the issue date".into(),
            );
            None
        }
        (Some(e), _) => Some(e),
        (None, Some(i)) => valid_until(i),
        (None, None) => None,
    };
    for (field, problem) in problems_of {
        problems.push(RowProblem {
            row: line,
            column: columns.name(field),
            problem,
        });
    }
    let (revoked, revoked_on) = revoked?;
    let district = columns.get(row, Field::District).map(str::to_owned);
    let producer = producer?;
    let province = province?;
    let key = columns
        .get(row, Field::ProducerKey)
        .map(normalise)
        .unwrap_or_else(|| producer_key(&producer, commune.as_deref(), district.as_deref()));
    let authority = columns
        .get(row, Field::Authority)
        .map(str::to_owned)
        .unwrap_or_else(|| format!("UBND tỉnh {province}"));
    Some(CatalogueRecord {
        product_name: product?,
        product_code: columns.get(row, Field::Code).map(str::to_owned),
        producer_name: producer,
        producer_key: key,
        legal_form: legal_form?,
        address: columns.get(row, Field::Address).map(str::to_owned),
        commune,
        district,
        province: Some(province),
        product_set: set_text,
        product_set_no: set_no,
        product_group: group,
        stars: stars?,
        score: score?,
        authority,
        certificate_number: number?,
        decision_no: decision_no?,
        decision_date: decision_date?,
        issued_on: issued_on?,
        valid_until: valid_until?,
        registration_type: registration?,
        round_label: columns.get(row, Field::Round).map(str::to_owned),
        revoked,
        revoked_on,
    })
}
