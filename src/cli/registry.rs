//! `registry …` (the province's OCOP catalogue: import, list, show, export, plan
//! target) and `report` (the programme report as JSON, PDF or XLSX).

use std::path::PathBuf;

use clap::{Args, Subcommand, ValueEnum};

use super::lifecycle::as_of_or_today;
use super::output::{print_json, print_table};
use super::{CliResult, Failure, cli_actor};
use crate::app::Session;
use crate::app::catalogue::{
    ImportError, ListFormat, ReportFormat, ReportRequest, export_listing, import_catalogue,
    listing, programme_report, write_report,
};
use crate::domain::catalogue::{CatalogueFilter, EntryStatus, statuses};

#[derive(Debug, Subcommand)]
pub enum RegistryCommand {
    /// Import the province's catalogue (XLSX/XLS/ODS/CSV, Vietnamese or English
    /// headers): every bad row is reported and nothing is imported until the file
    /// is clean; a row whose certificate is already listed updates it.
    Import {
        /// The catalogue spreadsheet (XLSX, XLS, ODS or CSV with a header row).
        file: PathBuf,
    },
    /// List the catalogue with where each entry stands on --as-of.
    List {
        #[command(flatten)]
        filter: FilterArgs,
        #[arg(long)]
        json: bool,
    },
    /// One entry with its history (earlier and later certificates of the product).
    Show {
        /// The catalogue entry's id (see `registry list`).
        id: i64,
        /// The day the state is judged on (default: today).
        #[arg(long, value_name = "YYYY-MM-DD")]
        as_of: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// Write the (filtered) list as .xlsx or .csv.
    Export {
        #[command(flatten)]
        filter: FilterArgs,
        /// Where to write the list (.xlsx or .csv).
        #[arg(long, value_name = "FILE.xlsx|FILE.csv")]
        out: PathBuf,
    },
    /// The producers' notice letters for the certificates that expire within DAYS
    /// (default 30) of --as-of: one PDF for all (--out FILE.pdf) or one per producer
    /// (--out FOLDER). Exits non-zero when no certificate expires in the window.
    Notices {
        /// Certificates expiring within this many days of --as-of.
        #[arg(long, default_value_t = 30, value_name = "DAYS")]
        within_days: i64,
        /// The day to count from (default: today).
        #[arg(long, value_name = "YYYY-MM-DD")]
        as_of: Option<String>,
        /// One PDF for all the letters (FILE.pdf), or a folder for one per producer.
        #[arg(long, value_name = "FILE.pdf|FOLDER")]
        out: PathBuf,
        /// List the letters' certificates as JSON instead of printing nothing but the files.
        #[arg(long)]
        json: bool,
    },
    /// Set the plan's target number of products (3 stars or more), or --clear it.
    Target {
        /// The plan's target number of products.
        #[arg(required_unless_present = "clear")]
        products: Option<u64>,
        /// Remove the target.
        #[arg(long, conflicts_with = "products")]
        clear: bool,
    },
}

#[derive(Debug, Args)]
pub struct FilterArgs {
    /// In force and expiring within this many days.
    #[arg(long, value_name = "DAYS")]
    expiring_within: Option<i64>,
    /// The day the state is judged on (default: today).
    #[arg(long, value_name = "YYYY-MM-DD")]
    as_of: Option<String>,
    /// Only products with this many stars (3, 4 or 5).
    #[arg(long)]
    stars: Option<u8>,
    /// A district (or former district) or commune.
    #[arg(long)]
    district: Option<String>,
    /// Words in the product, producer, code, place or certificate number.
    #[arg(long)]
    search: Option<String>,
    /// Only entries in force.
    #[arg(long)]
    in_force: bool,
}

impl FilterArgs {
    fn filter(&self) -> CatalogueFilter {
        CatalogueFilter {
            text: self.search.clone().unwrap_or_default(),
            stars: self.stars,
            district: self.district.clone(),
            expiring_within_days: self.expiring_within,
            in_force_only: self.in_force,
        }
    }
}

#[derive(Debug, Args)]
pub struct ReportArgs {
    /// The day the figures are counted on (default: today).
    #[arg(long, value_name = "YYYY-MM-DD")]
    as_of: Option<String>,
    /// First year of the period (default: the catalogue's first year).
    #[arg(long, value_name = "YEAR")]
    from: Option<i32>,
    /// Last year of the period (default: the as-of year).
    #[arg(long, value_name = "YEAR")]
    to: Option<i32>,
    /// Shorthand for --from Y --to Y.
    #[arg(long, value_name = "YEAR", conflicts_with_all = ["from", "to"])]
    year: Option<i32>,
    /// The plan's target (default: `registry target`).
    #[arg(long)]
    target: Option<u64>,
    /// Default: from the file's extension.
    #[arg(long, value_enum)]
    format: Option<ReportFormatArg>,
    /// Where to write the report (.json, .pdf, .xlsx or .docx).
    #[arg(long, value_name = "PATH")]
    out: PathBuf,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum ReportFormatArg {
    Json,
    Pdf,
    Xlsx,
    Docx,
}

fn fail(text: String) -> Failure {
    Failure(vec![text])
}

pub(super) fn run(session: &mut Session, cmd: RegistryCommand) -> CliResult {
    match cmd {
        RegistryCommand::Import { file } => import(session, &file),
        RegistryCommand::List { filter, json } => list(session, &filter, json),
        RegistryCommand::Show { id, as_of, json } => show(session, id, as_of, json),
        RegistryCommand::Export { filter, out } => {
            let format = ListFormat::of_path(&out)
                .ok_or_else(|| fail(format!("{}: give a .xlsx or .csv file", out.display())))?;
            let as_of = as_of_or_today(filter.as_of.as_deref())?;
            let rows = listing(&session.store, &filter.filter(), as_of)?;
            export_listing(&rows, format, &out)?;
            out!("{} entries written to {}", rows.len(), out.display());
            Ok(())
        }
        RegistryCommand::Notices {
            within_days,
            as_of,
            out,
            json,
        } => {
            let as_of = as_of_or_today(as_of.as_deref())?;
            let letters =
                crate::app::catalogue::notice_letters(&session.store, as_of, within_days)?;
            if letters.is_empty() {
                return Err(fail(format!(
                    "no certificate in force expires within {within_days} days of {as_of}"
                )));
            }
            let files = crate::app::catalogue::write_notices(session, &letters, as_of, &out)?;
            if json {
                return print_json(
                    &serde_json::json!({ "as_of": as_of, "within_days": within_days, "letters": letters, "files": files }),
                );
            }
            let certificates: usize = letters.iter().map(|l| l.items.len()).sum();
            out!(
                "{} letter(s) for {certificates} certificate(s) expiring within {within_days} days of {as_of}: {}",
                letters.len(),
                files
                    .iter()
                    .map(|f| f.display().to_string())
                    .collect::<Vec<_>>()
                    .join(", ")
            );
            Ok(())
        }
        RegistryCommand::Target { products, clear } => {
            let target = if clear { None } else { products };
            session.store.set_catalogue_target(target, &cli_actor())?;
            match target {
                Some(n) => out!("plan target: {n} products"),
                None => out!("plan target cleared"),
            }
            Ok(())
        }
    }
}

fn import(session: &mut Session, file: &std::path::Path) -> CliResult {
    // Reading and checking a province's file (a spinner), then one transaction
    // that reports its rows (a bar); on a terminal only.
    let bar = super::progress::Bar::spinner("reading");
    let result = import_catalogue(&mut session.store, file, &cli_actor(), &mut |p| {
        bar.show(&p)
    });
    drop(bar);
    match result {
        Ok(done) => {
            for row in &done.updated {
                out!(
                    "updated: {} (certificate {}): {}",
                    row.source,
                    row.certificate_number,
                    row.fields.join(", ")
                );
            }
            out!(
                "{}: {} added, {} updated, {} unchanged",
                file.display(),
                done.added.len(),
                done.updated.len(),
                done.unchanged.len()
            );
            Ok(())
        }
        Err(ImportError::Refused(refusal)) => {
            let problems = refusal.problems;
            let mut lines: Vec<String> = problems
                .iter()
                .map(|p| format!("{}: {p}", file.display()))
                .collect();
            lines.push(format!(
                "{}: nothing imported ({} problem(s))",
                file.display(),
                problems.len()
            ));
            Err(Failure(lines))
        }
        Err(e) => Err(e.into()),
    }
}

fn list(session: &Session, filter: &FilterArgs, json: bool) -> CliResult {
    let as_of = as_of_or_today(filter.as_of.as_deref())?;
    let rows = listing(&session.store, &filter.filter(), as_of)?;
    if json {
        let value: Vec<_> = rows
            .iter()
            .map(|(e, s)| serde_json::json!({ "entry": e, "status": s }))
            .collect();
        return print_json(&serde_json::json!({ "as_of": as_of, "entries": value }));
    }
    let table: Vec<Vec<String>> = rows
        .iter()
        .map(|(e, s)| {
            let r = &e.record;
            vec![
                e.id.to_string(),
                r.product_name.clone(),
                r.producer_name.clone(),
                format!("{}★", r.stars),
                r.certificate_number.clone(),
                r.valid_until.to_string(),
                status_text(*s),
                r.district.clone().or(r.commune.clone()).unwrap_or_default(),
            ]
        })
        .collect();
    print_table(
        &[
            "id",
            "product",
            "producer",
            "stars",
            "certificate",
            "valid until",
            "state",
            "place",
        ],
        &table,
    );
    out!("{} entries on {as_of}", rows.len());
    Ok(())
}

fn status_text(s: EntryStatus) -> String {
    match s {
        EntryStatus::Expiring { days_left } => format!("expiring in {days_left} days"),
        other => other.label_en().to_lowercase(),
    }
}

fn show(session: &Session, id: i64, as_of: Option<String>, json: bool) -> CliResult {
    let as_of = as_of_or_today(as_of.as_deref())?;
    let history = session.store.catalogue_history(id)?;
    if history.is_empty() {
        return Err(fail(format!("catalogue entry {id} does not exist")));
    }
    let all = session.store.catalogue_entries()?;
    let states = statuses(&all, as_of);
    let state_of = |entry_id: i64| {
        all.iter()
            .zip(&states)
            .find(|(e, _)| e.id == entry_id)
            .map(|(_, s)| *s)
    };
    if json {
        let value: Vec<_> = history
            .iter()
            .map(|e| serde_json::json!({ "entry": e, "status": state_of(e.id) }))
            .collect();
        return print_json(&serde_json::json!({ "id": id, "as_of": as_of, "history": value }));
    }
    for e in &history {
        let r = &e.record;
        let mark = if e.id == id { "*" } else { " " };
        out!(
            "{mark} entry {}: {} — {} ({}) {}★, certificate {} of {}, issued {}, valid until {}, {} [{}]; {}",
            e.id,
            r.product_name,
            r.producer_name,
            r.legal_form.label_en(),
            r.stars,
            r.certificate_number,
            r.authority,
            r.issued_on,
            r.valid_until,
            r.registration_type.as_str(),
            state_of(e.id).map(status_text).unwrap_or_default(),
            e.source_detail
        );
    }
    Ok(())
}

pub(super) fn report(session: &Session, args: &ReportArgs) -> CliResult {
    let as_of = as_of_or_today(args.as_of.as_deref())?;
    let format = match args.format {
        Some(ReportFormatArg::Json) => ReportFormat::Json,
        Some(ReportFormatArg::Pdf) => ReportFormat::Pdf,
        Some(ReportFormatArg::Xlsx) => ReportFormat::Xlsx,
        Some(ReportFormatArg::Docx) => ReportFormat::Docx,
        None => ReportFormat::of_path(&args.out).ok_or_else(|| {
            fail(format!(
                "{}: give --format json|pdf|xlsx|docx or a file ending in one of them",
                args.out.display()
            ))
        })?,
    };
    let request = ReportRequest {
        as_of,
        from_year: args.year.or(args.from),
        to_year: args.year.or(args.to),
        target: args.target,
    };
    let report = programme_report(&session.store, &request)?;
    write_report(session, &report, format, &args.out)?;
    out!(
        "programme report {}–{} (as of {as_of}): {} products in force, written to {}",
        report.params.from_year,
        report.params.to_year,
        report.in_force.total,
        args.out.display()
    );
    Ok(())
}
