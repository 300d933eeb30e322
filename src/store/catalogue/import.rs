//! Importing the province's earlier list into the catalogue: all or nothing, each
//! row added, updated or unchanged, a certificate this app issued refused.

use rusqlite::Transaction;

use super::{
    CATALOGUE_CHAIN, audit_value, authorize_catalogue, entry_by_certificate, insert_entry,
    previous_by_code, target_of, update_entry,
};
use crate::domain::catalogue::{CatalogueEntry, CatalogueRecord, EntrySource};
use crate::domain::model::{CatalogueImport, ImportedRow};
use crate::domain::progress::{PerPercent, Progress, Work};
use crate::domain::refusal::{Problem, Refusal, StoreFault, Subject};
use crate::store::audit::{self, Actor};
use crate::store::{Store, StoreError, StoreResult, begin};

impl Store {
    /// Imports rows (each with its "file row N" text) all or nothing: a row whose
    /// certificate (authority + number) is already in the catalogue updates that
    /// entry when something differs, else counts as unchanged; a row naming a
    /// certificate that one of this app's rounds issued is refused (the app's
    /// record stands). Only the secretariat imports.
    pub fn import_catalogue(
        &mut self,
        rows: &[(String, CatalogueRecord)],
        actor: &Actor,
    ) -> StoreResult<CatalogueImport> {
        self.import_catalogue_reporting(rows, actor, &mut |_| {})
    }

    /// [`Store::import_catalogue`], reporting the rows done (at most once per
    /// percent) to `progress`.
    pub fn import_catalogue_reporting(
        &mut self,
        rows: &[(String, CatalogueRecord)],
        actor: &Actor,
        progress: &mut dyn FnMut(Progress),
    ) -> StoreResult<CatalogueImport> {
        let tx = begin(&mut self.conn)?;
        authorize_catalogue(&tx, actor)?;
        let label = audit::actor_label(&tx, actor)?;
        let mut outcome = CatalogueImport::default();
        let mut refusals = Vec::new();
        let total = rows.len() as u64;
        let mut gate = PerPercent::new();
        for (done, (detail, record)) in rows.iter().enumerate() {
            let step = Progress::new(Work::CatalogueRows, done as u64, total);
            if gate.admits(&step) {
                progress(step);
            }
            let existing =
                entry_by_certificate(&tx, &record.authority, &record.certificate_number)?;
            match existing {
                Some(e) if e.source == EntrySource::Round => {
                    refusals.push(Problem::Store(StoreFault::IssuedByApp {
                        row: detail.clone(),
                        certificate: record.certificate_number.clone(),
                        issued_by: e.source_detail.clone(),
                    }))
                }
                Some(e) => import_listed(&tx, actor, &label, detail, record, &e, &mut outcome)?,
                None => import_new(&tx, actor, &label, detail, record, &mut outcome)?,
            }
        }
        if !refusals.is_empty() {
            return Err(StoreError::Refused(Refusal::new(
                Subject::CatalogueImport,
                refusals,
            )));
        }
        tx.commit()?;
        Ok(outcome)
    }
}

/// A row whose certificate is already listed: unchanged, or the entry updated
/// (linked to the certificate it follows) with its audit entry.
fn import_listed(
    tx: &Transaction<'_>,
    actor: &Actor,
    label: &str,
    detail: &str,
    record: &CatalogueRecord,
    e: &CatalogueEntry,
    outcome: &mut CatalogueImport,
) -> StoreResult<()> {
    let fields = record.changed_fields(&e.record);
    let row = ImportedRow {
        source: detail.to_owned(),
        certificate_number: record.certificate_number.clone(),
        entry_id: e.id,
        fields: fields.clone(),
    };
    if fields.is_empty() {
        outcome.unchanged.push(row);
        return Ok(());
    }
    let previous = e.previous_entry_id.or(previous_by_code(
        tx,
        record.product_code.as_deref(),
        record.issued_on,
        Some(e.id),
    )?);
    update_entry(tx, e.id, record, detail, previous, label)?;
    audit::append(
        tx,
        CATALOGUE_CHAIN,
        actor,
        "catalogue.update",
        &format!("{} entry:{}", target_of(record), e.id),
        Some(&audit_value(&e.record)),
        Some(&format!("{} [{}]", audit_value(record), fields.join(", "))),
    )?;
    outcome.updated.push(row);
    Ok(())
}

/// A row of a certificate not listed yet: a new entry (linked to the certificate
/// it follows) with its audit entry.
fn import_new(
    tx: &Transaction<'_>,
    actor: &Actor,
    label: &str,
    detail: &str,
    record: &CatalogueRecord,
    outcome: &mut CatalogueImport,
) -> StoreResult<()> {
    let previous = previous_by_code(tx, record.product_code.as_deref(), record.issued_on, None)?;
    let id = insert_entry(
        tx,
        record,
        EntrySource::Import,
        detail,
        None,
        previous,
        label,
    )?;
    audit::append(
        tx,
        CATALOGUE_CHAIN,
        actor,
        "catalogue.import",
        &format!("{} entry:{id}", target_of(record)),
        None,
        Some(&audit_value(record)),
    )?;
    outcome.added.push(ImportedRow {
        source: detail.to_owned(),
        certificate_number: record.certificate_number.clone(),
        entry_id: id,
        fields: Vec::new(),
    });
    Ok(())
}
