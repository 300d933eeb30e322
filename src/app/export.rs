//! Exporting a round's results (XLSX, CSV, JSON), writing the product-list
//! template and importing a product list.

use std::collections::BTreeSet;
use std::path::Path;

use anyhow::Context as _;

use crate::app::Session;
use crate::app::failure::ImportError;
use crate::domain::criteria::Catalog;
use crate::domain::ids::{ProductId, RoundId};
use crate::domain::refusal::{ListFault, Problem, Refusal, Subject};
use crate::exchange::product_list;
use crate::export::product_list_template::{TemplateSets, product_list_template};
use crate::export::results::{ResultsDocument, write_csv};
use crate::export::xlsx::{self, ExportExtras, IssuedCertificate};
use crate::files::write_atomic;
use crate::store::Actor;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExportFormat {
    Xlsx,
    Csv,
    Json,
    /// The approval decision's annex (app/decision.rs).
    AnnexXlsx,
}

/// Writes the round's results to `out` (atomically) in `format`.
pub fn export_round(
    session: &Session,
    round: RoundId,
    format: ExportFormat,
    out: &Path,
) -> anyhow::Result<()> {
    let bytes = match format {
        ExportFormat::AnnexXlsx => super::decision::annex_workbook(session, round)?,
        _ => results_bytes(session, round, format)?,
    };
    write_atomic(out, &bytes).with_context(|| format!("cannot write {}", out.display()))
}

fn results_bytes(
    session: &Session,
    round: RoundId,
    format: ExportFormat,
) -> anyhow::Result<Vec<u8>> {
    let results = session.store.round_results(round)?;
    Ok(match format {
        ExportFormat::AnnexXlsx => super::decision::annex_workbook(session, round)?,
        ExportFormat::Json => {
            let mut text = ResultsDocument::new(&results).to_json();
            text.push('\n');
            text.into_bytes()
        }
        ExportFormat::Csv => {
            let mut buf = Vec::new();
            write_csv(&results, &mut buf).context("cannot write the CSV")?;
            buf
        }
        ExportFormat::Xlsx => {
            let answers = session.store.round_answers(round)?;
            let extras = ExportExtras {
                certificates: session
                    .store
                    .certificates(round)?
                    .into_iter()
                    .map(|c| {
                        let issued = IssuedCertificate {
                            number: c.number,
                            issued_on: c.issued_on,
                        };
                        (c.product_id, issued)
                    })
                    .collect(),
                exported_on: Some(chrono::Local::now().date_naive()),
            };
            xlsx::workbook(&results, &answers, &extras).context("cannot build the workbook")?
        }
    })
}

/// Writes the product-list template (`export::product_list_template`) with the
/// product sets of `criteria_set` to `out`, atomically.
pub fn write_product_list_template(
    catalog: &Catalog,
    criteria_set: &str,
    out: &Path,
) -> anyhow::Result<()> {
    let set = catalog
        .set(criteria_set)
        .with_context(|| format!("no criteria set \"{criteria_set}\""))?;
    let issued = chrono::NaiveDate::parse_from_str(&set.info.issued, "%Y-%m-%d")
        .map(|d| d.format("%d/%m/%Y").to_string())
        .unwrap_or_else(|_| set.info.issued.clone());
    let label = format!("QĐ {} ngày {issued}", set.info.instrument_short);
    let sets = TemplateSets {
        criteria_set: &label,
        sets: set
            .sheets
            .iter()
            .map(|(n, s)| (*n, s.sheet.product_set.name_vi.clone()))
            .collect(),
    };
    let bytes = product_list_template(&sets).context("cannot build the template")?;
    write_atomic(out, &bytes).with_context(|| format!("cannot write {}", out.display()))
}

/// Writes the catalogue template (`export::catalogue_template`) with the product
/// sets of the default criteria set (QĐ 148) to `out`, atomically.
pub fn write_catalogue_template(catalog: &Catalog, out: &Path) -> anyhow::Result<()> {
    let criteria_set = crate::domain::criteria::catalog::DEFAULT_CRITERIA_SET;
    let set = catalog
        .set(criteria_set)
        .with_context(|| format!("no criteria set \"{criteria_set}\""))?;
    let label = format!("QĐ {}", set.info.instrument_short);
    let sets = TemplateSets {
        criteria_set: &label,
        sets: set
            .sheets
            .iter()
            .map(|(n, s)| (*n, s.sheet.product_set.name_vi.clone()))
            .collect(),
    };
    let bytes = crate::export::catalogue_template::catalogue_template(&sets)
        .context("cannot build the template")?;
    write_atomic(out, &bytes).with_context(|| format!("cannot write {}", out.display()))
}

/// Imports a product list (XLSX/XLS/ODS/CSV) into a round: every bad row is
/// reported (each problem in its row, in file order) and nothing is imported
/// unless all rows are good.
pub fn import_product_list(
    session: &mut Session,
    round: RoundId,
    path: &Path,
    actor: &Actor,
) -> Result<Vec<ProductId>, ImportError> {
    let parsed = product_list::read(path).map_err(ImportError::Refused)?;
    let listed = parsed.rows;
    let round_row = session.store.round(round)?;
    let sets = session.store.round_product_sets(round)?;
    let existing: BTreeSet<(String, String)> = session
        .store
        .products(round)?
        .into_iter()
        .map(|p| (p.name.to_lowercase(), p.producer.name.to_lowercase()))
        .collect();
    let mut seen = BTreeSet::new();
    let mut problems = parsed.problems;
    let in_row = |row: usize, fault: ListFault| Problem::InRow {
        row,
        problem: Box::new(Problem::ProductList(fault)),
    };
    for item in &listed {
        let p = &item.product;
        if !sets.contains(&p.product_set) {
            let fault = ListFault::SetNotInCriteria {
                product_set: p.product_set,
                criteria_set: round_row.criteria_set_id.clone(),
            };
            problems.push(in_row(item.row, fault));
        }
        let key = (p.name.to_lowercase(), p.producer.name.to_lowercase());
        let (name, producer) = (p.name.clone(), p.producer.name.clone());
        if existing.contains(&key) {
            let fault = ListFault::AlreadyInRound {
                name,
                producer,
                round,
            };
            problems.push(in_row(item.row, fault));
        } else if !seen.insert(key) {
            problems.push(in_row(item.row, ListFault::ListedTwice { name, producer }));
        }
    }
    if !problems.is_empty() {
        // In file order, whichever check found them (a stable sort keeps a row's
        // problems in the order they were found).
        problems.sort_by_key(|p| p.row().unwrap_or(0));
        return Err(ImportError::Refused(Refusal::new(
            Subject::ProductList,
            problems,
        )));
    }
    let products: Vec<_> = listed.into_iter().map(|l| l.product).collect();
    Ok(session.store.add_products(round, &products, actor)?)
}
