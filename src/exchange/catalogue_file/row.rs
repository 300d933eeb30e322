//! One row of a catalogue file: each cell read (dates, stars, registration type,
//! revocation, score, product group) and the record, with one problem per bad cell.

use chrono::{Days, NaiveDate};

use super::columns::{Columns, Field};
use super::in_cell;
use crate::domain::catalogue::{
    CatalogueRecord, LegalForm, group_from_text, normalise, producer_key,
};
use crate::domain::certificate::valid_until;
use crate::domain::completeness::ProductGroup;
use crate::domain::date::parse_date;
use crate::domain::dossier::RegistrationType;
use crate::domain::refusal::{CatalogueCell, CatalogueFault, Problem};

fn excel_serial_date(serial: f64) -> Option<NaiveDate> {
    if !(1.0..=2_958_465.0).contains(&serial) {
        return None;
    }
    NaiveDate::from_ymd_opt(1899, 12, 30)?.checked_add_days(Days::new(serial.floor() as u64))
}

pub(super) fn cell_text(cell: &calamine::Data) -> String {
    match cell {
        calamine::Data::Empty => String::new(),
        calamine::Data::String(s) => s.trim().to_string(),
        calamine::Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", *f as i64),
        calamine::Data::DateTime(d) => excel_serial_date(d.as_f64())
            .map(|d| d.to_string())
            .unwrap_or_else(|| d.to_string()),
        calamine::Data::DateTimeIso(s) => s.get(..10).unwrap_or(s).to_string(),
        other => other.to_string().trim().to_string(),
    }
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
    if let Ok(date) = parse_date(text) {
        return Some((true, Some(date)));
    }
    ["x", "co", "yes", "1", "da thu hoi", "thu hoi", "revoked"]
        .contains(&key.as_str())
        .then_some((true, None))
}

/// The cells of one row, and one problem per bad cell, in the order found.
struct Cells<'a> {
    columns: &'a Columns,
    row: &'a [String],
    line: usize,
    problems: &'a mut Vec<Problem>,
}

impl<'a> Cells<'a> {
    fn get(&self, field: Field) -> Option<&'a str> {
        self.columns.get(self.row, field)
    }

    fn complain(&mut self, field: Field, fault: CatalogueFault) {
        let column = self.columns.name(field);
        self.problems
            .push(in_cell(self.line, column, Problem::Catalogue(fault)));
    }

    /// The cell's text, or "no `cell`".
    fn required(&mut self, field: Field, cell: CatalogueCell) -> Option<String> {
        let value = self.get(field).map(str::to_owned);
        if value.is_none() {
            self.complain(field, CatalogueFault::Missing { cell });
        }
        value
    }

    /// `text` read by `parse`; `fault` says what a text it cannot read is not.
    fn parsed<T>(
        &mut self,
        field: Field,
        text: Option<&str>,
        parse: impl Fn(&str) -> Option<T>,
        fault: impl Fn(String) -> CatalogueFault,
    ) -> Option<T> {
        let text = text?;
        let value = parse(text);
        if value.is_none() {
            self.complain(field, fault(text.to_owned()));
        }
        value
    }

    /// One parser for every date people type (domain/date.rs), its reason kept.
    fn date(&mut self, field: Field, text: Option<&str>) -> Option<NaiveDate> {
        let text = text?;
        parse_date(text)
            .map_err(|e| self.complain(field, CatalogueFault::BadDate(e)))
            .ok()
    }
}

/// The cells every row must fill, as written.
struct Required {
    product: Option<String>,
    producer: Option<String>,
    legal_form: Option<String>,
    commune: Option<String>,
    province: Option<String>,
    set: Option<String>,
    stars: Option<String>,
    number: Option<String>,
    decision_no: Option<String>,
    decision_date: Option<String>,
    issue_date: Option<String>,
}

fn required_cells(cells: &mut Cells<'_>) -> Required {
    Required {
        product: cells.required(Field::Product, CatalogueCell::ProductName),
        producer: cells.required(Field::Producer, CatalogueCell::Producer),
        legal_form: cells.required(Field::LegalForm, CatalogueCell::LegalForm),
        commune: cells.required(Field::Commune, CatalogueCell::Commune),
        province: cells.required(Field::Province, CatalogueCell::Province),
        // A list that names only the group (as many provincial lists do) is enough.
        set: match cells.get(Field::Set) {
            None if cells.get(Field::Group).is_none() => {
                cells.required(Field::Set, CatalogueCell::ProductSetOrGroup)
            }
            other => other.map(str::to_owned),
        },
        stars: cells.required(Field::Stars, CatalogueCell::Stars),
        number: cells.required(Field::Certificate, CatalogueCell::CertificateNumber),
        decision_no: cells.required(Field::DecisionNo, CatalogueCell::DecisionNumber),
        decision_date: cells.required(Field::DecisionDate, CatalogueCell::DecisionDate),
        issue_date: cells.required(Field::IssueDate, CatalogueCell::IssueDate),
    }
}

/// The set number (a leading 1–26) and the product group: the group cell when
/// given, else the set's group.
fn set_and_group(cells: &mut Cells<'_>, set: Option<&str>) -> (Option<u8>, Option<ProductGroup>) {
    let set_no: Option<u8> = set.and_then(|t| {
        let digits: String = t.chars().take_while(char::is_ascii_digit).collect();
        digits.parse().ok().filter(|n| (1..=26).contains(n))
    });
    let group = match cells.get(Field::Group) {
        Some(t) => cells.parsed(Field::Group, Some(t), group_from_text, |text| {
            CatalogueFault::NotAGroup { text }
        }),
        None => set_no
            .and_then(ProductGroup::of_set)
            .or_else(|| set.and_then(group_from_text)),
    };
    (set_no, group)
}

/// The certificate's validity: the expiry cell when given (after the issue date),
/// else the issue date + 36 months.
fn validity(
    cells: &mut Cells<'_>,
    decision_date: Option<NaiveDate>,
    issued_on: Option<NaiveDate>,
    expiry_given: Option<NaiveDate>,
) -> Option<NaiveDate> {
    if let (Some(issued), Some(decided)) = (issued_on, decision_date)
        && issued < decided
    {
        cells.complain(Field::IssueDate, CatalogueFault::IssuedBeforeDecision);
    }
    match (expiry_given, issued_on) {
        (Some(e), Some(i)) if e <= i => {
            cells.complain(Field::ExpiryDate, CatalogueFault::ExpiryNotAfterIssue);
            None
        }
        (Some(e), _) => Some(e),
        (None, Some(i)) => valid_until(i),
        (None, None) => None,
    }
}

/// The score cell: none, or a number from 0 to 100 (decimals dropped).
fn score(cells: &mut Cells<'_>) -> Option<Option<u8>> {
    let Some(text) = cells.get(Field::Score) else {
        return Some(None);
    };
    let parse = |t: &str| match t.replace(',', ".").parse::<f64>() {
        Ok(v) if (0.0..=100.0).contains(&v) => Some(v.trunc() as u8),
        _ => None,
    };
    cells
        .parsed(Field::Score, Some(text), parse, |text| {
            CatalogueFault::NotAScore { text }
        })
        .map(Some)
}

/// One row: the record when every cell is usable, and a problem per bad cell.
pub(super) fn parse_row(
    columns: &Columns,
    row: &[String],
    line: usize,
    problems: &mut Vec<Problem>,
) -> Option<CatalogueRecord> {
    let mut cells = Cells {
        columns,
        row,
        line,
        problems,
    };
    let required = required_cells(&mut cells);
    let legal_form = cells.parsed(
        Field::LegalForm,
        required.legal_form.as_deref(),
        LegalForm::from_text,
        |text| CatalogueFault::NotALegalForm { text },
    );
    let stars = cells.parsed(
        Field::Stars,
        required.stars.as_deref(),
        parse_stars,
        |text| CatalogueFault::NotStars { text },
    );
    let decision_date = cells.date(Field::DecisionDate, required.decision_date.as_deref());
    let issued_on = cells.date(Field::IssueDate, required.issue_date.as_deref());
    let expiry_given = cells.date(Field::ExpiryDate, cells.get(Field::ExpiryDate));
    let revoked = match cells.get(Field::Revoked) {
        None => Some((false, None)),
        text => cells.parsed(Field::Revoked, text, parse_revoked, |text| {
            CatalogueFault::NotRevocation { text }
        }),
    };
    let registration = cells.parsed(
        Field::Registration,
        Some(cells.get(Field::Registration).unwrap_or("")),
        parse_registration,
        |text| CatalogueFault::NotRegistration { text },
    );
    let score = score(&mut cells);
    let (set_no, group) = set_and_group(&mut cells, required.set.as_deref());
    let valid_until = validity(&mut cells, decision_date, issued_on, expiry_given);

    let (revoked, revoked_on) = revoked?;
    let district = cells.get(Field::District).map(str::to_owned);
    let producer = required.producer?;
    let province = required.province?;
    let commune = required.commune;
    let key = cells
        .get(Field::ProducerKey)
        .map(normalise)
        .unwrap_or_else(|| producer_key(&producer, commune.as_deref(), district.as_deref()));
    let authority = cells
        .get(Field::Authority)
        .map(str::to_owned)
        .unwrap_or_else(|| format!("UBND tỉnh {province}"));
    Some(CatalogueRecord {
        product_name: required.product?,
        product_code: cells.get(Field::Code).map(str::to_owned),
        producer_name: producer,
        producer_key: key,
        legal_form: legal_form?,
        address: cells.get(Field::Address).map(str::to_owned),
        commune,
        district,
        province: Some(province),
        product_set: required.set,
        product_set_no: set_no,
        product_group: group,
        stars: stars?,
        score: score?,
        authority,
        certificate_number: required.number?,
        decision_no: required.decision_no?,
        decision_date: decision_date?,
        issued_on: issued_on?,
        valid_until: valid_until?,
        registration_type: registration?,
        round_label: cells.get(Field::Round).map(str::to_owned),
        revoked,
        revoked_on,
    })
}
