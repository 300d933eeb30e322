//! The catalogue file's columns: the headers accepted for each field (Vietnamese
//! or English, compared without diacritics), the required ones, and where each
//! field is in a given file.

use crate::domain::catalogue::normalise;
use crate::domain::refusal::{Problem, TableFault};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Field {
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

pub(super) struct Columns {
    pub(super) found: Vec<(Field, usize, String)>,
}

impl Columns {
    pub(super) fn get<'a>(&self, row: &'a [String], field: Field) -> Option<&'a str> {
        let (_, col, _) = self.found.iter().find(|(f, _, _)| *f == field)?;
        row.get(*col).map(|s| s.trim()).filter(|s| !s.is_empty())
    }

    pub(super) fn name(&self, field: Field) -> String {
        self.found
            .iter()
            .find(|(f, _, _)| *f == field)
            .map(|(_, _, h)| h.clone())
            .unwrap_or_default()
    }
}

/// The columns a header row names; every unknown, doubled or missing column.
pub(super) fn header_columns(header: &[String]) -> Result<Columns, Vec<Problem>> {
    let mut found: Vec<(Field, usize, String)> = Vec::new();
    let mut problems = Vec::new();
    let problem = |fault: TableFault| Problem::InRow {
        row: 1,
        problem: Box::new(Problem::Table(fault)),
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
                let column = text.trim().to_owned();
                problems.push(problem(TableFault::ColumnTwice { column }));
            }
            Some((field, _)) => found.push((*field, col, text.trim().to_owned())),
            None => problems.push(problem(TableFault::UnknownColumn {
                column: text.trim().to_owned(),
            })),
        }
    }
    for required in REQUIRED {
        if !found.iter().any(|(f, _, _)| *f == required) {
            let name = HEADERS
                .iter()
                .find(|(f, _)| *f == required)
                .map_or("", |(_, n)| n[0]);
            let column = name.to_owned();
            problems.push(problem(TableFault::MissingColumn { column }));
        }
    }
    if problems.is_empty() {
        Ok(Columns { found })
    } else {
        Err(problems)
    }
}
