//! The catalogue's operations: importing the province's file (all or nothing),
//! listing with filters and where each entry stands, exporting the list, and the
//! programme report in JSON, PDF or XLSX (one computed value behind all three).
//! Returns data and typed failures; the CLI and the GUI word them.

use crate::domain::progress::Progress;
use std::path::Path;

use anyhow::Context as _;
use chrono::{Datelike, NaiveDate};

use super::Session;
pub use crate::app::failure::ImportError;
use crate::domain::catalogue::report::{ProgrammeReport, ReportParams, compute};
use crate::domain::catalogue::{CatalogueEntry, CatalogueFilter, EntryStatus, statuses};
use crate::exchange::catalogue_file;
use crate::export::catalogue::{list_csv, list_xlsx, report_xlsx};
use crate::files::write_atomic;
use crate::pdf::DocAssets;
use crate::pdf::programme_report::{ReportHeading, render_programme_report, subject_line};
use crate::store::{Actor, CatalogueImport, Store, StoreResult};

/// Reads, checks and imports a catalogue file: nothing is written unless every
/// row is clean (else every problem, each in its row and column); re-importing
/// the same file changes nothing.
pub fn import_catalogue(
    store: &mut Store,
    path: &Path,
    actor: &Actor,
    progress: &mut dyn FnMut(Progress),
) -> Result<CatalogueImport, ImportError> {
    let rows = catalogue_file::read(path).map_err(ImportError::Refused)?;
    Ok(store.import_catalogue_reporting(&rows, actor, progress)?)
}

/// The entries that pass `filter` on `as_of`, each with where it stands.
pub fn listing(
    store: &Store,
    filter: &CatalogueFilter,
    as_of: NaiveDate,
) -> StoreResult<Vec<(CatalogueEntry, EntryStatus)>> {
    let entries = store.catalogue_entries()?;
    let states = statuses(&entries, as_of);
    Ok(entries
        .into_iter()
        .zip(states)
        .filter(|(e, s)| filter.matches(e, *s, as_of))
        .collect())
}

/// List file formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ListFormat {
    Xlsx,
    Csv,
}

impl ListFormat {
    /// From the file's extension.
    pub fn of_path(path: &Path) -> Option<Self> {
        match path.extension()?.to_str()?.to_ascii_lowercase().as_str() {
            "xlsx" => Some(Self::Xlsx),
            "csv" => Some(Self::Csv),
            _ => None,
        }
    }
}

/// Writes the listing atomically.
pub fn export_listing(
    rows: &[(CatalogueEntry, EntryStatus)],
    format: ListFormat,
    out: &Path,
) -> anyhow::Result<()> {
    let bytes = match format {
        ListFormat::Xlsx => list_xlsx(rows).context("cannot build the workbook")?,
        ListFormat::Csv => list_csv(rows).context("cannot build the CSV")?,
    };
    write_atomic(out, &bytes).with_context(|| format!("cannot write {}", out.display()))
}

/// What the report is asked for; years default to the catalogue's first year and
/// the as-of year, the target to the one kept in the settings.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReportRequest {
    pub as_of: NaiveDate,
    pub from_year: Option<i32>,
    pub to_year: Option<i32>,
    pub target: Option<u64>,
}

/// Computes the report.
pub fn programme_report(store: &Store, request: &ReportRequest) -> StoreResult<ProgrammeReport> {
    let entries = store.catalogue_entries()?;
    let to_year = request.to_year.unwrap_or(request.as_of.year());
    let first = entries
        .iter()
        .map(|e| e.record.year())
        .min()
        .unwrap_or(to_year);
    let from_year = request.from_year.unwrap_or(first).min(to_year);
    let target = match request.target {
        Some(t) => Some(t),
        None => store.catalogue_target()?,
    };
    Ok(compute(
        &entries,
        ReportParams {
            as_of: request.as_of,
            from_year,
            to_year,
            target,
        },
    ))
}

/// Report file formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReportFormat {
    Json,
    Pdf,
    Xlsx,
    /// Word, for the office to edit (the same sentences and tables; charts in PDF/XLSX).
    Docx,
}

impl ReportFormat {
    pub fn of_path(path: &Path) -> Option<Self> {
        match path.extension()?.to_str()?.to_ascii_lowercase().as_str() {
            "json" => Some(Self::Json),
            "pdf" => Some(Self::Pdf),
            "xlsx" => Some(Self::Xlsx),
            "docx" => Some(Self::Docx),
            _ => None,
        }
    }
}

/// The report's heading from the document settings (the province's People's
/// Committee), or a neutral heading without them.
fn heading(data_dir: &Path, as_of: NaiveDate) -> anyhow::Result<(ReportHeading, DocAssets)> {
    let setup = super::doc_settings::load_optional(data_dir).map_err(|e| anyhow::anyhow!(e))?;
    Ok(match setup {
        Some(setup) => (
            ReportHeading {
                issuer_lines: super::decision::issuer_lines(&setup.settings.authority),
                place: setup.settings.place_name.clone(),
                province: setup.settings.province.clone(),
                dated: as_of,
            },
            setup.assets,
        ),
        None => (
            ReportHeading {
                issuer_lines: vec!["ỦY BAN NHÂN DÂN".into(), "TỈNH …".into()],
                place: "……".into(),
                province: String::new(),
                dated: as_of,
            },
            DocAssets::embedded()?,
        ),
    })
}

/// The report in `format`, as bytes.
pub fn report_bytes(
    session: &Session,
    report: &ProgrammeReport,
    format: ReportFormat,
) -> anyhow::Result<Vec<u8>> {
    Ok(match format {
        ReportFormat::Json => {
            let mut text = serde_json::to_string_pretty(report)?;
            text.push('\n');
            text.into_bytes()
        }
        ReportFormat::Pdf => {
            let (heading, assets) = heading(&session.data_dir, report.params.as_of)?;
            render_programme_report(report, &heading, &assets)?
        }
        ReportFormat::Docx => {
            let (heading, _) = heading(&session.data_dir, report.params.as_of)?;
            crate::export::programme_report_docx::report_docx(report, &heading)?
        }
        ReportFormat::Xlsx => {
            report_xlsx(report, &subject_line(report)).context("cannot build the workbook")?
        }
    })
}

/// Writes the report atomically.
pub fn write_report(
    session: &Session,
    report: &ProgrammeReport,
    format: ReportFormat,
    out: &Path,
) -> anyhow::Result<()> {
    let bytes = report_bytes(session, report, format)?;
    write_atomic(out, &bytes).with_context(|| format!("cannot write {}", out.display()))
}

/// What the catalogue screen shows: every entry with where it stands, and the
/// report's figures on the same day (the dashboard and the JSON are one value).
#[derive(Debug, Clone)]
pub struct CatalogueData {
    pub as_of: NaiveDate,
    pub entries: Vec<(CatalogueEntry, EntryStatus)>,
    pub report: ProgrammeReport,
    /// The plan target kept in the settings.
    pub target: Option<u64>,
}

/// Loads the screen's data for `as_of` (the period: the catalogue's first year to
/// the as-of year).
pub fn load_catalogue(store: &Store, as_of: NaiveDate) -> StoreResult<CatalogueData> {
    let entries = listing(store, &CatalogueFilter::default(), as_of)?;
    let report = programme_report(
        store,
        &ReportRequest {
            as_of,
            from_year: None,
            to_year: None,
            target: None,
        },
    )?;
    Ok(CatalogueData {
        as_of,
        entries,
        report,
        target: store.catalogue_target()?,
    })
}

/// The notice letters for the certificates in force on `as_of` that end within
/// `within_days` days, one per producer.
pub fn notice_letters(
    store: &Store,
    as_of: NaiveDate,
    within_days: i64,
) -> StoreResult<Vec<crate::domain::catalogue::notice::NoticeLetter>> {
    let entries = store.catalogue_entries()?;
    let states = statuses(&entries, as_of);
    Ok(crate::domain::catalogue::notice::notice_letters(
        &entries,
        &states,
        as_of,
        within_days,
    ))
}

/// Writes the letters: one PDF with all of them when `out` ends in `.pdf`, else one
/// PDF per producer in the folder `out` (created if needed). Returns the files written.
pub fn write_notices(
    session: &Session,
    letters: &[crate::domain::catalogue::notice::NoticeLetter],
    as_of: NaiveDate,
    out: &Path,
) -> anyhow::Result<Vec<std::path::PathBuf>> {
    use crate::pdf::expiry_notice::{Signature, render_notices};
    let (heading, assets) = heading(&session.data_dir, as_of)?;
    let settings = super::doc_settings::load_optional(&session.data_dir)
        .map_err(|e| anyhow::anyhow!(e))?
        .map(|s| s.settings);
    let signature = match settings {
        Some(s) => Signature {
            title_lines: s.signatory_title.lines().map(str::to_owned).collect(),
            name: s.signatory_name,
        },
        None => Signature {
            title_lines: vec![
                "TM. ỦY BAN NHÂN DÂN".into(),
                "KT. CHỦ TỊCH".into(),
                "PHÓ CHỦ TỊCH".into(),
            ],
            name: String::new(),
        },
    };
    let is_pdf = out
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("pdf"));
    if is_pdf {
        let bytes = render_notices(letters, &heading, &signature, &assets)?;
        write_atomic(out, &bytes).with_context(|| format!("cannot write {}", out.display()))?;
        return Ok(vec![out.to_path_buf()]);
    }
    std::fs::create_dir_all(out).with_context(|| format!("cannot create {}", out.display()))?;
    let mut written = Vec::new();
    for (i, letter) in letters.iter().enumerate() {
        let slug: String = crate::domain::catalogue::normalise(&letter.producer_name)
            .replace(' ', "-")
            .chars()
            .take(40)
            .collect();
        let path = out.join(format!("thong-bao-{:03}-{slug}.pdf", i + 1));
        let bytes = render_notices(std::slice::from_ref(letter), &heading, &signature, &assets)?;
        write_atomic(&path, &bytes).with_context(|| format!("cannot write {}", path.display()))?;
        written.push(path);
    }
    Ok(written)
}
