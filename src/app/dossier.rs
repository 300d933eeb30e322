//! Opening product dossiers, for the GUI and the CLI: check a bundle (no writes),
//! import it (attachment store, then one database transaction), build one from
//! loose files, and read what is stored (facts, files, versions, completeness).
//!
//! An import runs on whatever thread calls it and reports progress through a
//! callback. The GUI runs it on a worker thread with its own [`Session`] opened on
//! the same data folder (SQLite WAL lets the UI keep reading meanwhile).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use anyhow::Context as _;
use serde::Serialize;

use super::Session;
use super::attachments::AttachmentStore;
use crate::domain::criteria::{CriterionId, catalog::DEFAULT_CRITERIA_SET};
use crate::domain::dossier::{
    Completeness, DossierFacts, EvidenceFile, EvidenceKind, SelfAssessment, completeness,
};
use crate::domain::ids::{DossierId, ProductId, RoundId};
use crate::domain::progress::{Progress, Work};
use crate::domain::score::{self, SheetScore};
use crate::exchange::dossier::{
    self as format, Bundle, Inspection, KnownSheets, Limits, Manifest, MemoryEntries, Problem,
    manifest, safety,
};
use crate::store::{
    Actor, DossierFileRow, DossierRow, DossierSaved, DossierVersionRow, NewDossier, ProductRow,
};

/// What checking a bundle found. Valid when `problems` is empty.
#[derive(Debug, Clone, Serialize)]
pub struct DossierReport {
    /// The bundle's file or folder name.
    pub bundle: String,
    pub problems: Vec<Problem>,
    /// Present when the manifest was read and checked without problems.
    pub summary: Option<CheckedDossier>,
}

impl DossierReport {
    pub fn is_valid(&self) -> bool {
        self.problems.is_empty()
    }

    fn refused(bundle: String, problem: crate::domain::refusal::Problem) -> Self {
        Self {
            problems: vec![Problem {
                bundle: bundle.clone(),
                file: None,
                problem,
            }],
            bundle,
            summary: None,
        }
    }
}

/// A bundle's content as checked.
#[derive(Debug, Clone, Serialize)]
pub struct CheckedDossier {
    pub facts: DossierFacts,
    pub self_assessment: Option<SelfAssessment>,
    pub files: Vec<FileView>,
    pub total_bytes: u64,
    pub completeness: Completeness,
    pub content_hash: String,
    /// When checked against a round: the product that already holds this exact content.
    pub already_imported_as: Option<ProductId>,
}

/// One attached file as the GUI lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FileView {
    /// Path inside the bundle, e.g. `anh/nhan.png`.
    pub path: String,
    /// The last part of the path, for a label.
    pub name: String,
    pub kind: EvidenceKind,
    pub title: Option<String>,
    pub criteria: Vec<CriterionId>,
    pub size_bytes: u64,
    pub media_type: String,
    pub sha256: String,
}

impl FileView {
    pub fn is_image(&self) -> bool {
        self.media_type.starts_with("image/")
    }

    fn from_row(row: &DossierFileRow) -> Self {
        Self {
            name: row.path.rsplit('/').next().unwrap_or(&row.path).to_string(),
            path: row.path.clone(),
            kind: row.kind,
            title: row.title.clone(),
            criteria: row.criteria.clone(),
            size_bytes: row.size_bytes,
            media_type: row.media_type.clone(),
            sha256: row.sha256.clone(),
        }
    }
}

/// The result of an import that was carried out (or found already done).
pub type ImportOutcome = DossierSaved;

/// The sheets a dossier can be registered for: the round's snapshots, or the
/// default criteria set when no round is given.
fn known_sheets(session: &Session, round: Option<RoundId>) -> anyhow::Result<KnownSheets> {
    match round {
        Some(round) => {
            let row = session.store.round(round)?;
            let mut sheets = BTreeMap::new();
            for set in session.store.round_product_sets(round)? {
                sheets.insert(set, session.store.round_sheet(round, set)?);
            }
            Ok(KnownSheets {
                description: format!("criteria set {} of round {round}", row.criteria_set_id),
                criteria_set_id: row.criteria_set_id.clone(),
                sheets,
            })
        }
        None => {
            let set = session
                .catalog()
                .set(DEFAULT_CRITERIA_SET)
                .with_context(|| format!("criteria set {DEFAULT_CRITERIA_SET} is not loaded"))?;
            Ok(KnownSheets {
                description: format!("criteria set {DEFAULT_CRITERIA_SET}"),
                criteria_set_id: DEFAULT_CRITERIA_SET.into(),
                sheets: set
                    .sheets
                    .iter()
                    .map(|(n, s)| (*n, std::sync::Arc::new(s.sheet.clone())))
                    .collect(),
            })
        }
    }
}

/// Whether the round falls under QĐ 1489/2025 (a commune report expected with
/// each dossier): by its start date, else the day it was created. No round (a
/// check outside any round) asks nothing.
pub fn commune_report_expected(session: &Session, round: Option<RoundId>) -> anyhow::Result<bool> {
    let Some(round) = round else {
        return Ok(false);
    };
    let row = session.store.round(round)?;
    let day = |text: &str| {
        text.get(..10)
            .and_then(|d| chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").ok())
    };
    Ok(row
        .starts_on
        .as_deref()
        .and_then(day)
        .or_else(|| day(&row.created_at))
        .is_some_and(crate::domain::commune::commune_report_expected))
}

/// The checklist of a dossier in a round, with the commune report where QĐ 1489 applies.
fn dossier_completeness(
    facts: &DossierFacts,
    kinds: &[EvidenceKind],
    self_assessment_present: bool,
    commune_expected: bool,
) -> Completeness {
    let c = completeness(facts.product_set, kinds, self_assessment_present);
    if commune_expected {
        c.expect_commune_report(kinds, facts.commune_report.is_some())
    } else {
        c
    }
}

fn checked_files(inspection: &Inspection) -> Vec<FileView> {
    inspection
        .files
        .iter()
        .map(|f| FileView {
            name: f
                .listed
                .path
                .rsplit('/')
                .next()
                .unwrap_or(&f.listed.path)
                .to_string(),
            path: f.listed.path.clone(),
            kind: f.listed.kind,
            title: f.listed.title.clone(),
            criteria: f.listed.criteria.clone(),
            size_bytes: f.size_bytes,
            media_type: f.media_type.to_string(),
            sha256: f.sha256.clone(),
        })
        .collect()
}

/// Inspects `bundle` and adds what only the database knows (round frozen, a
/// product set changing under scored sheets, the same content already imported).
fn inspect_for(
    session: &Session,
    bundle: &mut Bundle,
    round: Option<RoundId>,
    limits: &Limits,
    progress: &mut dyn FnMut(Progress),
) -> anyhow::Result<(Inspection, DossierReport)> {
    let sheets = known_sheets(session, round)?;
    let mut inspection = format::inspect(bundle, &sheets, limits, progress);
    if let (Some(round), Some(manifest)) = (round, &inspection.manifest) {
        for problem in session
            .store
            .check_dossier_placement(round, &manifest.facts)?
        {
            inspection.problems.push(Problem {
                bundle: inspection.bundle.clone(),
                file: None,
                problem,
            });
        }
    }
    let summary = match (&inspection.manifest, inspection.content_hash()) {
        (Some(m), Some(content_hash)) => {
            let kinds: Vec<EvidenceKind> = m.files.iter().map(|f| f.kind).collect();
            let already_imported_as = match round {
                Some(round) => session
                    .store
                    .dossier_by_content(round, &content_hash)?
                    .map(|d| d.product),
                None => None,
            };
            Some(CheckedDossier {
                completeness: dossier_completeness(
                    &m.facts,
                    &kinds,
                    m.self_assessment.is_some(),
                    commune_report_expected(session, round)?,
                ),
                facts: m.facts.clone(),
                self_assessment: m.self_assessment.clone(),
                files: checked_files(&inspection),
                total_bytes: inspection.total_bytes,
                content_hash,
                already_imported_as,
            })
        }
        _ => None,
    };
    let report = DossierReport {
        bundle: inspection.bundle.clone(),
        problems: inspection.problems.clone(),
        summary,
    };
    Ok((inspection, report))
}

/// Checks a bundle (folder or `.zip`) without writing anything. With a round,
/// the product set and self-assessment are checked against the round's sheets;
/// without, against the default criteria set.
pub fn check_bundle(
    session: &Session,
    path: &Path,
    round: Option<RoundId>,
) -> anyhow::Result<DossierReport> {
    let mut bundle = match Bundle::open(path) {
        Ok(bundle) => bundle,
        Err(message) => return Ok(DossierReport::refused(bundle_name(path), message)),
    };
    Ok(inspect_for(session, &mut bundle, round, &Limits::DEFAULT, &mut |_| {})?.1)
}

fn bundle_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.display().to_string())
}

/// Imports a bundle into `round`. `Ok(Err(report))`: refused, nothing written,
/// every problem listed. `Ok(Ok(outcome))`: imported (or already there, changing
/// nothing). `Err`: the data folder itself failed (disk, database).
///
/// `progress` is called as bytes are checked, then as they are stored.
pub fn import_bundle(
    session: &mut Session,
    path: &Path,
    round: RoundId,
    actor: &Actor,
    progress: &mut dyn FnMut(Progress),
) -> anyhow::Result<Result<ImportOutcome, DossierReport>> {
    let bundle = match Bundle::open(path) {
        Ok(bundle) => bundle,
        Err(message) => return Ok(Err(DossierReport::refused(bundle_name(path), message))),
    };
    import_from(session, bundle, round, actor, &Limits::DEFAULT, progress)
}

/// [`import_bundle`] with other limits (tests of the limits themselves).
#[doc(hidden)]
pub fn import_bundle_with_limits(
    session: &mut Session,
    path: &Path,
    round: RoundId,
    actor: &Actor,
    limits: &Limits,
) -> anyhow::Result<Result<ImportOutcome, DossierReport>> {
    let bundle = match Bundle::open(path) {
        Ok(bundle) => bundle,
        Err(message) => return Ok(Err(DossierReport::refused(bundle_name(path), message))),
    };
    import_from(session, bundle, round, actor, limits, &mut |_| {})
}

/// A file picked in the GUI for a dossier typed by hand.
#[derive(Debug, Clone)]
pub struct LooseFile {
    pub path: PathBuf,
    pub kind: EvidenceKind,
    pub title: Option<String>,
    pub criteria: Vec<CriterionId>,
}

/// Builds a dossier from typed facts and picked files and imports it with the
/// same checks as a bundle. Files are named by their file names inside the
/// dossier; a second file of the same name gets " (2)" before its extension.
pub fn import_loose_files(
    session: &mut Session,
    round: RoundId,
    facts: &DossierFacts,
    self_assessment: Option<&SelfAssessment>,
    files: &[LooseFile],
    actor: &Actor,
    progress: &mut dyn FnMut(Progress),
) -> anyhow::Result<Result<ImportOutcome, DossierReport>> {
    let mut taken = std::collections::BTreeSet::new();
    let mut listed = Vec::new();
    let mut entries = Vec::new();
    for file in files {
        let base = file
            .path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "tep".into());
        let (stem, ext) = match base.rsplit_once('.') {
            Some((stem, ext)) if !stem.is_empty() => (stem.to_string(), format!(".{ext}")),
            _ => (base.clone(), String::new()),
        };
        let mut name = base.clone();
        let mut n = 2;
        while !taken.insert(safety::collision_key(&name)) {
            name = format!("{stem} ({n}){ext}");
            n += 1;
        }
        listed.push(EvidenceFile {
            path: name.clone(),
            kind: file.kind,
            title: file.title.clone(),
            criteria: file.criteria.clone(),
        });
        entries.push((name, file.path.clone()));
    }
    let manifest_json = manifest::to_json(&Manifest {
        facts: facts.clone(),
        self_assessment: self_assessment.cloned(),
        files: listed,
    });
    let bundle = Bundle::Loose {
        label: format!("hồ sơ nhập tay \"{}\"", facts.product_name),
        manifest: manifest_json.into_bytes(),
        files: entries,
    };
    import_from(session, bundle, round, actor, &Limits::DEFAULT, progress)
}

/// Imports bundle entries held in memory (the embedded demo dossiers, tests).
pub fn import_memory_bundle(
    session: &mut Session,
    label: &str,
    entries: MemoryEntries,
    round: RoundId,
    actor: &Actor,
) -> anyhow::Result<Result<ImportOutcome, DossierReport>> {
    let bundle = Bundle::Memory {
        label: label.to_string(),
        entries,
    };
    import_from(session, bundle, round, actor, &Limits::DEFAULT, &mut |_| {})
}

fn import_from(
    session: &mut Session,
    mut bundle: Bundle,
    round: RoundId,
    actor: &Actor,
    limits: &Limits,
    progress: &mut dyn FnMut(Progress),
) -> anyhow::Result<Result<ImportOutcome, DossierReport>> {
    let (inspection, report) = inspect_for(session, &mut bundle, Some(round), limits, progress)?;
    let (Some(manifest), Some(content_hash), true) = (
        inspection.manifest.as_ref(),
        inspection.content_hash(),
        report.is_valid(),
    ) else {
        return Ok(Err(report));
    };
    if let Some(existing) = session.store.dossier_by_content(round, &content_hash)? {
        return Ok(Ok(existing));
    }

    // Files first (atomic renames into the content-addressed store), then the rows.
    let attachments = session.attachments();
    let lock = attachments
        .lock_for_writing()
        .with_context(|| format!("cannot lock {}", attachments.root().display()))?;
    let bytes_total = inspection.total_bytes;
    let mut bytes_done = 0u64;
    let mut store_problems = Vec::new();
    for file in &inspection.files {
        if attachments.size_of(&file.sha256) == Some(file.size_bytes) {
            bytes_done += file.size_bytes;
            progress(Progress::new(Work::Storing, bytes_done, bytes_total));
            continue;
        }
        let stored = match bundle.open_entry(&file.entry) {
            Ok(mut reader) => attachments.put(
                &lock,
                &mut reader,
                &file.sha256,
                file.size_bytes,
                &mut |n| {
                    bytes_done += n;
                    progress(Progress::new(Work::Storing, bytes_done, bytes_total));
                },
            ),
            Err(e) => Err(super::attachments::PutError::Read(e)),
        };
        if let Err(e) = stored {
            store_problems.push(Problem {
                bundle: inspection.bundle.clone(),
                file: Some(file.listed.path.clone()),
                problem: crate::domain::refusal::Problem::Detail(e.to_string()),
            });
            break;
        }
    }
    let new = NewDossier {
        round,
        facts: manifest.facts.clone(),
        self_assessment: manifest.self_assessment.clone(),
        files: inspection
            .files
            .iter()
            .map(|f| DossierFileRow {
                path: f.listed.path.clone(),
                kind: f.listed.kind,
                title: f.listed.title.clone(),
                criteria: f.listed.criteria.clone(),
                size_bytes: f.size_bytes,
                media_type: f.media_type.to_string(),
                sha256: f.sha256.clone(),
            })
            .collect(),
        content_hash,
        source_name: inspection.bundle.clone(),
    };
    let saved = if store_problems.is_empty() {
        Some(session.store.add_dossier(&new, actor))
    } else {
        None
    };
    drop(lock);
    match saved {
        Some(Ok(saved)) => Ok(Ok(saved)),
        Some(Err(e)) => {
            sweep_attachments(session);
            Err(anyhow::Error::new(e).context(format!("{}: not imported", inspection.bundle)))
        }
        None => {
            sweep_attachments(session);
            Ok(Err(DossierReport {
                problems: store_problems,
                ..report
            }))
        }
    }
}

/// Removes blobs no row refers to and leftover temp files (skipped while another
/// import holds the lock). Runs when a session opens and after a failed import.
pub fn sweep_attachments(session: &Session) {
    let referenced = match session.store.referenced_attachments() {
        Ok(referenced) => referenced,
        Err(e) => {
            log::warn!("attachment sweep skipped: {e}");
            return;
        }
    };
    match session.attachments().sweep(&referenced) {
        Ok(report) if report.blobs_removed + report.temp_files_removed > 0 => log::info!(
            "attachment sweep removed {} unreferenced blobs and {} temp files",
            report.blobs_removed,
            report.temp_files_removed
        ),
        Ok(_) => {}
        Err(e) => log::warn!("attachment sweep failed: {e}"),
    }
}

/// Everything the dossier view shows for one dossier version.
#[derive(Debug, Clone, Serialize)]
pub struct DossierView {
    pub product: ProductRow,
    pub dossier: DossierRow,
    pub files: Vec<FileView>,
    /// Every version of the product's dossier, oldest first.
    pub versions: Vec<DossierVersionRow>,
    /// The self-assessment scored on the round's sheet (subtotals, total).
    pub self_assessment_score: Option<SheetScore>,
    pub completeness: Completeness,
}

impl DossierView {
    pub fn is_latest(&self) -> bool {
        self.versions
            .last()
            .is_some_and(|v| v.id == self.dossier.id)
    }
}

fn view_of(session: &Session, dossier: DossierRow) -> anyhow::Result<DossierView> {
    let product = session.store.product(dossier.product_id)?;
    let versions = session.store.dossier_versions(dossier.product_id)?;
    let self_assessment_score = match &dossier.self_assessment {
        Some(sa) => {
            let sheet = session
                .store
                .round_sheet(dossier.round_id, dossier.facts.product_set)?;
            score::score(&sheet, &sa.sheet_answers()).ok()
        }
        None => None,
    };
    let kinds: Vec<EvidenceKind> = dossier.files.iter().map(|f| f.kind).collect();
    Ok(DossierView {
        completeness: dossier_completeness(
            &dossier.facts,
            &kinds,
            dossier.self_assessment.is_some(),
            commune_report_expected(session, Some(dossier.round_id))?,
        ),
        files: dossier.files.iter().map(FileView::from_row).collect(),
        product,
        versions,
        self_assessment_score,
        dossier,
    })
}

/// The latest dossier of a product with everything the view needs; `None` when
/// the product has no dossier (added by hand).
pub fn dossier_view(session: &Session, product: ProductId) -> anyhow::Result<Option<DossierView>> {
    session
        .store
        .latest_dossier(product)?
        .map(|d| view_of(session, d))
        .transpose()
}

/// One dossier version (an older one stays viewable).
pub fn dossier_version_view(session: &Session, dossier: DossierId) -> anyhow::Result<DossierView> {
    view_of(session, session.store.dossier(dossier)?)
}

/// The stored file with this hash, to open in the system viewer; `None` when no
/// dossier refers to it or the file is missing.
pub fn attachment_path(session: &Session, sha256: &str) -> anyhow::Result<Option<PathBuf>> {
    if !session.store.is_attachment_referenced(sha256)? {
        return Ok(None);
    }
    Ok(session
        .attachments()
        .path_of(sha256)
        .filter(|p| p.is_file()))
}

/// One line of `dossier list`.
#[derive(Debug, Clone, Serialize)]
pub struct DossierListRow {
    pub product: ProductId,
    pub product_name: String,
    pub product_set: u8,
    pub producer: String,
    pub registration_type: crate::domain::dossier::RegistrationType,
    pub version: u32,
    pub file_count: usize,
    pub total_bytes: u64,
    pub fictional: bool,
    pub complete: bool,
    /// Ids of the hard conditions without evidence (ocop-domain.md §1.4).
    pub hard_conditions_missing: Vec<&'static str>,
    /// Ids of the other required items without evidence.
    pub required_missing: Vec<&'static str>,
}

/// The latest dossier of every product of a round that has one.
pub fn round_dossiers(session: &Session, round: RoundId) -> anyhow::Result<Vec<DossierListRow>> {
    session.store.round(round)?;
    let commune_expected = commune_report_expected(session, Some(round))?;
    let mut rows = Vec::new();
    for d in session.store.latest_dossiers_of_round(round)? {
        let kinds: Vec<EvidenceKind> = d.files.iter().map(|f| f.kind).collect();
        let c = dossier_completeness(
            &d.facts,
            &kinds,
            d.self_assessment.is_some(),
            commune_expected,
        );
        rows.push(DossierListRow {
            product: d.product_id,
            product_name: d.facts.product_name.clone(),
            product_set: d.facts.product_set,
            producer: d.facts.producer.name.clone(),
            registration_type: d.facts.registration_type,
            version: d.version,
            file_count: d.files.len(),
            total_bytes: d.files.iter().map(|f| f.size_bytes).sum(),
            fictional: d.facts.fictional,
            complete: c.is_complete(),
            hard_conditions_missing: c.hard_missing().map(|i| i.id).collect(),
            required_missing: c
                .required_missing()
                .filter(|i| i.requirement != crate::domain::dossier::Requirement::HardCondition)
                .map(|i| i.id)
                .collect(),
        });
    }
    Ok(rows)
}

/// The attachment store of the session's data folder.
impl Session {
    pub fn attachments(&self) -> AttachmentStore {
        AttachmentStore::new(&self.data_dir)
    }
}
