//! Product dossiers: versions of the registration facts, the self-assessment and
//! the evidence file list, with each file's content hash (the bytes live in the
//! data folder's attachment store, which this module never touches).
//!
//! An import is one transaction: the product and producer rows (created, or
//! updated from the newer dossier), the dossier version, its files, the audit
//! entry and the product's result.

use crate::domain::permissions::CouncilAction;
use crate::domain::refusal::{Problem, SetupFault, StoreFault, StoreOperation};
use crate::store::authorize::authorize_on;
use std::collections::BTreeSet;

use rusqlite::{Connection, OptionalExtension, Transaction, params};
use serde::Serialize;

use super::audit::{self, Actor};
use super::{Record, Store, StoreError, StoreResult, begin, now, products, results};
use crate::domain::dossier::{
    DossierFacts, DossierProducer, EvidenceKind, RegistrationType, SelfAssessment, name_key,
};
use crate::domain::ids::{DossierId, ProductId, RoundId};
pub use crate::domain::model::{DossierFileRow, DossierSaveKind};

/// What an import hands the store (everything already validated).
#[derive(Debug, Clone)]
pub struct NewDossier {
    pub round: RoundId,
    pub facts: DossierFacts,
    pub self_assessment: Option<SelfAssessment>,
    pub files: Vec<DossierFileRow>,
    pub content_hash: String,
    pub source_name: String,
}

/// One stored dossier version with its files.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DossierRow {
    pub id: DossierId,
    pub round_id: RoundId,
    pub product_id: ProductId,
    pub version: u32,
    pub content_hash: String,
    pub facts: DossierFacts,
    pub self_assessment: Option<SelfAssessment>,
    pub source_name: String,
    pub imported_at: String,
    pub imported_by: String,
    pub files: Vec<DossierFileRow>,
}

/// A version in a product's history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DossierVersionRow {
    pub id: DossierId,
    pub version: u32,
    pub registration_type: RegistrationType,
    pub content_hash: String,
    pub source_name: String,
    pub imported_at: String,
    pub imported_by: String,
    pub file_count: u32,
    pub total_bytes: u64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct DossierSaved {
    pub kind: DossierSaveKind,
    pub product: ProductId,
    pub dossier: DossierId,
    pub version: u32,
}

const DOSSIER_COLUMNS: &str = "id, round_id, product_id, version, content_hash, facts_json,
     self_assessment_json, source_name, imported_at, imported_by";

fn corrupt(what: impl std::fmt::Display) -> StoreError {
    StoreError::Corrupt(what.to_string())
}

fn dossier_on(conn: &Connection, id: DossierId) -> StoreResult<DossierRow> {
    let raw = conn
        .query_row(
            &format!("SELECT {DOSSIER_COLUMNS} FROM dossiers WHERE id = ?1"),
            [id.0],
            |r| {
                Ok((
                    DossierId(r.get(0)?),
                    RoundId(r.get(1)?),
                    ProductId(r.get(2)?),
                    r.get::<_, u32>(3)?,
                    r.get::<_, String>(4)?,
                    r.get::<_, String>(5)?,
                    r.get::<_, Option<String>>(6)?,
                    r.get::<_, String>(7)?,
                    r.get::<_, String>(8)?,
                    r.get::<_, String>(9)?,
                ))
            },
        )
        .optional()?
        .ok_or(StoreError::NoDossier(id))?;
    let (id, round_id, product_id, version, content_hash, facts, sa, source, at, by) = raw;
    let facts: DossierFacts = serde_json::from_str(&facts)
        .map_err(|e| corrupt(format!("dossier {id}: facts do not parse: {e}")))?;
    let self_assessment = sa
        .map(|json| serde_json::from_str::<SelfAssessment>(&json))
        .transpose()
        .map_err(|e| corrupt(format!("dossier {id}: self-assessment does not parse: {e}")))?;
    Ok(DossierRow {
        id,
        round_id,
        product_id,
        version,
        content_hash,
        facts,
        self_assessment,
        source_name: source,
        imported_at: at,
        imported_by: by,
        files: files_on(conn, id)?,
    })
}

/// Whether `sha256` is a file of any version of `product`'s dossier (a member's
/// evidence link must point at one).
pub(super) fn is_attachment_of(
    conn: &Connection,
    product: ProductId,
    sha256: &str,
) -> StoreResult<bool> {
    Ok(conn.query_row(
        "SELECT EXISTS (SELECT 1 FROM dossier_files f JOIN dossiers d ON d.id = f.dossier_id
         WHERE d.product_id = ?1 AND f.sha256 = ?2)",
        params![product.0, sha256],
        |r| r.get::<_, bool>(0),
    )?)
}

fn files_on(conn: &Connection, dossier: DossierId) -> StoreResult<Vec<DossierFileRow>> {
    let mut stmt = conn.prepare(
        "SELECT path, kind, title, criteria, size_bytes, media_type, sha256
         FROM dossier_files WHERE dossier_id = ?1 ORDER BY position",
    )?;
    let rows = stmt.query_map([dossier.0], |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, Option<String>>(2)?,
            r.get::<_, String>(3)?,
            r.get::<_, i64>(4)?,
            r.get::<_, String>(5)?,
            r.get::<_, String>(6)?,
        ))
    })?;
    let mut files = Vec::new();
    for row in rows {
        let (path, kind, title, criteria, size, media_type, sha256) = row?;
        files.push(DossierFileRow {
            kind: EvidenceKind::parse(&kind).ok_or_else(|| {
                corrupt(format!(
                    "dossier {dossier}: unknown evidence kind \"{kind}\""
                ))
            })?,
            criteria: serde_json::from_str(&criteria)
                .map_err(|e| corrupt(format!("dossier {dossier}: criteria of {path}: {e}")))?,
            size_bytes: u64::try_from(size).unwrap_or(0),
            path,
            title,
            media_type,
            sha256,
        });
    }
    Ok(files)
}

/// The version already stored with the same content in the round, if any.
fn already_imported(tx: &Transaction<'_>, new: &NewDossier) -> StoreResult<Option<DossierSaved>> {
    let round = new.round;
    let existing: Option<DossierSaved> = tx
        .query_row(
            "SELECT product_id, id, version FROM dossiers WHERE round_id = ?1 AND content_hash = ?2",
            params![round.0, new.content_hash],
            |r| {
                Ok(DossierSaved {
                    kind: DossierSaveKind::AlreadyImported,
                    product: ProductId(r.get(0)?),
                    dossier: DossierId(r.get(1)?),
                    version: r.get(2)?,
                })
            },
        )
        .optional()?;
    Ok(existing)
}

/// Updates the matched product with the dossier's facts, or adds the product;
/// returns it and whether it is new.
fn save_product(
    tx: &Transaction<'_>,
    round: RoundId,
    facts: &DossierFacts,
    matched: Option<&products::ProductRow>,
    producer_id: i64,
) -> StoreResult<(ProductId, DossierSaveKind)> {
    let saved = match matched {
        Some(p) => {
            tx.execute(
                "UPDATE products SET name = ?2, product_set = ?3, product_code = ?4, producer_id = ?5
                 WHERE id = ?1",
                params![
                    p.id.0,
                    facts.product_name,
                    facts.product_set,
                    facts.product_code.as_ref().or(p.product_code.as_ref()),
                    producer_id
                ],
            )?;
            (p.id, DossierSaveKind::NewVersion)
        }
        None => {
            tx.execute(
                "INSERT INTO products (round_id, name, product_set, product_code, producer_id, created_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                params![round.0, facts.product_name, facts.product_set, facts.product_code, producer_id, now()],
            )?;
            (
                ProductId(tx.last_insert_rowid()),
                DossierSaveKind::NewProduct,
            )
        }
    };
    Ok(saved)
}

/// The import's audit entry: the version, what it is, its files and their source.
fn audit_import(
    tx: &Transaction<'_>,
    new: &NewDossier,
    actor: &Actor,
    product: ProductId,
    dossier: DossierId,
    previous: Option<u32>,
    version: u32,
) -> StoreResult<()> {
    let round = new.round;
    let facts = &new.facts;
    let total_bytes: u64 = new.files.iter().map(|f| f.size_bytes).sum();
    audit::append(
        tx,
        round,
        actor,
        "dossier.import",
        &format!("product:{product} dossier:{dossier}"),
        previous.map(|v| format!("version {v}")).as_deref(),
        Some(&format!(
            "version {version}: {} (bộ {}), {}, {} files, {total_bytes} bytes, from {}, content {}",
            facts.product_name,
            facts.product_set,
            facts.registration_type.as_str(),
            new.files.len(),
            new.source_name,
            new.content_hash
        )),
    )?;
    Ok(())
}

/// The product a dossier belongs to, if the round already has it: same product
/// code; else same product name and producer name (compared without case, accents
/// kept, after NFC) among products without a different code.
fn matching_product(
    conn: &Connection,
    round: RoundId,
    facts: &DossierFacts,
) -> StoreResult<Option<products::ProductRow>> {
    let candidates = products::products_on(conn, round)?;
    if let Some(code) = &facts.product_code
        && let Some(found) = candidates
            .iter()
            .find(|p| p.product_code.as_deref() == Some(code.as_str()))
    {
        return Ok(Some(found.clone()));
    }
    let name = name_key(&facts.product_name);
    let producer = name_key(&facts.producer.name);
    Ok(candidates.into_iter().find(|p| {
        name_key(&p.name) == name
            && name_key(&p.producer.name) == producer
            && (p.product_code.is_none() || p.product_code == facts.product_code)
    }))
}

/// The producer row for `producer`, created or updated to the latest registration.
fn upsert_producer(tx: &Transaction<'_>, producer: &DossierProducer) -> StoreResult<i64> {
    let existing: Option<i64> = tx
        .query_row(
            "SELECT id FROM producers WHERE name = ?1 ORDER BY id LIMIT 1",
            [producer.name.as_str()],
            |r| r.get(0),
        )
        .optional()?;
    let p = producer;
    match existing {
        Some(id) => {
            tx.execute(
                "UPDATE producers SET kind = ?2, legal_representative = ?3, address = ?4,
                     province = ?5, commune = ?6, phone = ?7 WHERE id = ?1",
                params![
                    id,
                    p.producer_type.as_str(),
                    p.legal_representative,
                    p.address,
                    p.province,
                    p.commune,
                    p.phone
                ],
            )?;
            Ok(id)
        }
        None => {
            tx.execute(
                "INSERT INTO producers (name, kind, legal_representative, address, province, commune, phone, created_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                params![
                    p.name,
                    p.producer_type.as_str(),
                    p.legal_representative,
                    p.address,
                    p.province,
                    p.commune,
                    p.phone,
                    now()
                ],
            )?;
            Ok(tx.last_insert_rowid())
        }
    }
}

fn to_json<T: Serialize>(value: &T, what: Record) -> StoreResult<String> {
    serde_json::to_string(value).map_err(what.failed())
}

/// Inserts one dossier version and its file rows (the caller audits and refreshes).
pub(super) fn insert_version(
    tx: &Transaction<'_>,
    product: ProductId,
    version: u32,
    new: &NewDossier,
    imported_at: &str,
    imported_by: &str,
) -> StoreResult<DossierId> {
    let facts = &new.facts;
    tx.execute(
        "INSERT INTO dossiers (round_id, product_id, version, content_hash, registration_type,
             product_set, fictional, facts_json, self_assessment_json, source_name, imported_at, imported_by)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
        params![
            new.round.0,
            product.0,
            version,
            new.content_hash,
            facts.registration_type.as_str(),
            facts.product_set,
            facts.fictional,
            to_json(facts, Record::DossierFacts)?,
            new.self_assessment
                .as_ref()
                .map(|s| to_json(s, Record::SelfAssessment))
                .transpose()?,
            new.source_name,
            imported_at,
            imported_by,
        ],
    )?;
    let dossier = DossierId(tx.last_insert_rowid());
    let mut insert = tx.prepare(
        "INSERT INTO dossier_files (dossier_id, position, path, kind, title, criteria, size_bytes, media_type, sha256)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
    )?;
    for (position, file) in new.files.iter().enumerate() {
        insert.execute(params![
            dossier.0,
            position as i64,
            file.path,
            file.kind.as_str(),
            file.title,
            to_json(&file.criteria, Record::FileCriteria)?,
            i64::try_from(file.size_bytes).unwrap_or(i64::MAX),
            file.media_type,
            file.sha256,
        ])?;
    }
    Ok(dossier)
}

impl Store {
    /// The dossier of `round` with this canonical content hash, if imported before.
    pub fn dossier_by_content(
        &self,
        round: RoundId,
        content_hash: &str,
    ) -> StoreResult<Option<DossierSaved>> {
        Ok(self
            .conn
            .query_row(
                "SELECT product_id, id, version FROM dossiers WHERE round_id = ?1 AND content_hash = ?2",
                params![round.0, content_hash],
                |r| {
                    Ok(DossierSaved {
                        kind: DossierSaveKind::AlreadyImported,
                        product: ProductId(r.get(0)?),
                        dossier: DossierId(r.get(1)?),
                        version: r.get(2)?,
                    })
                },
            )
            .optional()?)
    }

    /// Every reason `facts` cannot be stored in `round` that only the database
    /// knows (round frozen, a product set changing under existing sheets).
    pub fn check_dossier_placement(
        &self,
        round: RoundId,
        facts: &DossierFacts,
    ) -> StoreResult<Vec<Problem>> {
        let mut problems = Vec::new();
        let row = self.round(round)?;
        let status = || row.status.as_str().to_string();
        if row.status.is_frozen() {
            problems.push(Problem::Store(StoreFault::DossiersClosed {
                round,
                status: status(),
            }));
        }
        let matched = matching_product(&self.conn, round, facts)?;
        if matched.is_none()
            && !row.status.is_frozen()
            && !row
                .status
                .allows(crate::domain::round::RoundAction::EditProducts)
        {
            problems.push(Problem::Store(StoreFault::NewProductOnlyInSetup {
                round,
                status: status(),
            }));
        }
        if let Some(product) = matched
            && product.product_set != facts.product_set
            && !self.sheets_of_product(product.id)?.is_empty()
        {
            problems.push(Problem::Store(StoreFault::ProductSetScored {
                product: product.id,
                name: product.name.clone(),
                scored_set: product.product_set,
                new_set: facts.product_set,
            }));
        }
        Ok(problems)
    }

    /// Stores a validated dossier in one transaction: product and producer rows,
    /// the new version, its files, the audit entry and the product's result.
    /// The same content twice in a round changes nothing ([`DossierSaveKind::AlreadyImported`]).
    pub fn add_dossier(&mut self, new: &NewDossier, actor: &Actor) -> StoreResult<DossierSaved> {
        let round = new.round;
        self.check_dossier_target(new)?;
        let tx = begin(&mut self.conn)?;
        authorize_on(&tx, round, actor, CouncilAction::ImportDossiers, None)?;
        // Checked again inside the write lock: another window may have imported it.
        if let Some(saved) = already_imported(&tx, new)? {
            return Ok(saved);
        }
        let facts = &new.facts;
        let producer_id = upsert_producer(&tx, &facts.producer)?;
        let matched = matching_product(&tx, round, facts)?;
        let (product, kind) = save_product(&tx, round, facts, matched.as_ref(), producer_id)?;
        let previous: Option<u32> = tx.query_row(
            "SELECT max(version) FROM dossiers WHERE product_id = ?1",
            [product.0],
            |r| r.get(0),
        )?;
        let version = previous.unwrap_or(0) + 1;
        let by = audit::actor_label(&tx, actor)?;
        let dossier = insert_version(&tx, product, version, new, &now(), &by)?;
        audit_import(&tx, new, actor, product, dossier, previous, version)?;
        results::refresh(&tx, &self.sheet_cache, round, product)?;
        tx.commit()?;
        Ok(DossierSaved {
            kind,
            product,
            dossier,
            version,
        })
    }

    /// Refuses a dossier the round cannot take: the reasons of
    /// [`Store::check_dossier_placement`], or a product set not in the round's
    /// criteria set.
    fn check_dossier_target(&self, new: &NewDossier) -> StoreResult<()> {
        let round = new.round;
        let operation = StoreOperation::StoreDossier { round };
        StoreError::refused_for(
            operation.clone(),
            self.check_dossier_placement(round, &new.facts)?,
        )?;
        if !self
            .round_product_sets(round)?
            .contains(&new.facts.product_set)
        {
            return Err(StoreError::refused(
                operation,
                SetupFault::DossierSetNotInRound {
                    product_set: new.facts.product_set,
                    round,
                },
            ));
        }
        Ok(())
    }

    pub fn dossier(&self, id: DossierId) -> StoreResult<DossierRow> {
        dossier_on(&self.conn, id)
    }

    /// The newest dossier version of a product, if it has any.
    pub fn latest_dossier(&self, product: ProductId) -> StoreResult<Option<DossierRow>> {
        let id: Option<i64> = self
            .conn
            .query_row(
                "SELECT id FROM dossiers WHERE product_id = ?1 ORDER BY version DESC LIMIT 1",
                [product.0],
                |r| r.get(0),
            )
            .optional()?;
        id.map(|id| dossier_on(&self.conn, DossierId(id)))
            .transpose()
    }

    /// A product's dossier versions, oldest first.
    pub fn dossier_versions(&self, product: ProductId) -> StoreResult<Vec<DossierVersionRow>> {
        let mut stmt = self.conn.prepare(
            "SELECT d.id, d.version, d.registration_type, d.content_hash, d.source_name, d.imported_at,
                    d.imported_by, count(f.position), coalesce(sum(f.size_bytes), 0)
             FROM dossiers d LEFT JOIN dossier_files f ON f.dossier_id = d.id
             WHERE d.product_id = ?1 GROUP BY d.id ORDER BY d.version",
        )?;
        let rows = stmt.query_map([product.0], |r| {
            let kind: String = r.get(2)?;
            Ok((
                DossierVersionRow {
                    id: DossierId(r.get(0)?),
                    version: r.get(1)?,
                    registration_type: RegistrationType::New,
                    content_hash: r.get(3)?,
                    source_name: r.get(4)?,
                    imported_at: r.get(5)?,
                    imported_by: r.get(6)?,
                    file_count: r.get(7)?,
                    total_bytes: u64::try_from(r.get::<_, i64>(8)?).unwrap_or(0),
                },
                kind,
            ))
        })?;
        let mut out = Vec::new();
        for row in rows {
            let (mut version, kind) = row?;
            version.registration_type = RegistrationType::parse(&kind)
                .ok_or_else(|| corrupt(format!("unknown registration type \"{kind}\"")))?;
            out.push(version);
        }
        Ok(out)
    }

    /// The latest dossier of every product of a round that has one, by product id.
    pub fn latest_dossiers_of_round(&self, round: RoundId) -> StoreResult<Vec<DossierRow>> {
        let mut stmt = self.conn.prepare(
            "SELECT d.id FROM dossiers d
             WHERE d.round_id = ?1
               AND d.version = (SELECT max(version) FROM dossiers e WHERE e.product_id = d.product_id)
             ORDER BY d.product_id",
        )?;
        let ids: Vec<i64> = stmt
            .query_map([round.0], |r| r.get(0))?
            .collect::<Result<_, _>>()?;
        ids.into_iter()
            .map(|id| dossier_on(&self.conn, DossierId(id)))
            .collect()
    }

    /// Every attachment hash some dossier row refers to (what the store sweep keeps).
    pub fn referenced_attachments(&self) -> StoreResult<BTreeSet<String>> {
        let mut stmt = self
            .conn
            .prepare("SELECT DISTINCT sha256 FROM dossier_files")?;
        let rows = stmt.query_map([], |r| r.get(0))?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Whether any dossier row refers to this attachment hash.
    pub fn is_attachment_referenced(&self, sha256: &str) -> StoreResult<bool> {
        Ok(self
            .conn
            .query_row(
                "SELECT 1 FROM dossier_files WHERE sha256 = ?1 LIMIT 1",
                [sha256],
                |_| Ok(()),
            )
            .optional()?
            .is_some())
    }
}
