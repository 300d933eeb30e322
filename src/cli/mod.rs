//! The headless command line. Parses arguments (clap), opens the session, calls the
//! app and store layers and prints. Errors are one line each on stderr, naming the
//! file or id and the problem, with a non-zero exit code; nothing is half-written.

/// `println!` for the CLI's output: a closed pipe (`ocop-council … | head`) ends
/// the program quietly instead of panicking.
macro_rules! out {
    ($($arg:tt)*) => {
        $crate::cli::write_line(format_args!($($arg)*))
    };
}

mod args;
mod backup;
mod certificates;
mod completions;
mod criteria;
mod documents;
mod dossier;
mod help;
mod lifecycle;
mod output;
mod package;
mod people;
mod progress;
mod records;
mod registry;
mod results;
mod template;
mod verify;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use crate::app::{Session, paths};
pub use args::*;
pub use help::{command, long_version, missing_help, parse};
pub use output::{escape_controls, write_line};
use output::{print_json, print_table};

#[derive(Debug, Parser)]
#[command(
    name = "ocop-council",
    version,
    about = "OCOP Council: offline scoring for OCOP evaluation councils (Hội đồng đánh giá, phân hạng sản phẩm OCOP).",
    long_about = "OCOP Council: offline scoring for OCOP evaluation councils.\n\nWithout a subcommand the desktop app opens. The data folder is --data-dir, else $OCOP_COUNCIL_DATA, else the platform data folder."
)]
pub struct Cli {
    /// The data folder (database, attachments, extra criteria sets).
    #[arg(long, global = true, value_name = "DIR")]
    pub data_dir: Option<PathBuf>,
    /// Who is acting: a council member's id, or "secretariat" (the default). Council
    /// decisions (re-score, recusal of another, disqualify, advance, finalize, reopen,
    /// certificates) need the chair's or the secretary's id (README: "Who may do what").
    /// Where the round requires PINs, the PIN comes from $OCOP_COUNCIL_PIN or a prompt.
    #[arg(long, global = true, value_name = "MEMBER")]
    pub by: Option<String>,
    /// The chair whose order the secretary records (`sheet reopen`); where the round
    /// requires PINs, the chair's PIN comes from $OCOP_COUNCIL_ORDER_PIN or a prompt.
    #[arg(long, global = true, value_name = "CHAIR")]
    pub ordered_by: Option<i64>,
    /// Create the data folder when it does not exist (a mistyped --data-dir is
    /// otherwise reported, not made into a new, empty store).
    #[arg(long, global = true)]
    pub create: bool,
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// The official criteria sets and their scoring sheets.
    #[command(subcommand)]
    Criteria(CriteriaCommand),
    /// Evaluation rounds.
    #[command(subcommand)]
    Round(RoundCommand),
    /// Council members of a round.
    #[command(subcommand)]
    Member(MemberCommand),
    /// Products entered in a round.
    #[command(subcommand)]
    Product(ProductCommand),
    /// Members' scoring sheets.
    #[command(subcommand)]
    Sheet(SheetCommand),
    /// The council's results for a round.
    Results(ResultsArgs),
    /// Export a round's results as Excel, CSV or JSON, or the decision's annex as Excel.
    Export(ExportArgs),
    /// A member's scoring sheets for a round as one PDF (phiếu đánh giá).
    SheetPdf(documents::SheetPdfArgs),
    /// The minutes of the council meeting as PDF (biên bản họp hội đồng).
    Minutes(documents::MinutesArgs),
    /// Certificates of a finalized round as PDF (giấy chứng nhận).
    Certificates(documents::CertificatesArgs),
    /// The draft approval decision with its annex, as .docx (to edit and sign) or .pdf.
    Decision(documents::DecisionArgs),
    /// Who issues the documents: authority, province, place, signatory, logo.
    #[command(subcommand)]
    DocSettings(documents::DocSettingsCommand),
    /// Product dossiers: check, import, export and list bundles (docs/dossier-format.md).
    #[command(subcommand)]
    Dossier(DossierCommand),
    /// The demo round built from the embedded sample dossiers.
    #[command(subcommand)]
    Demo(DemoCommand),
    /// Record a member's conflict of interest on a product (declared, or by the chair).
    Recuse(RecuseArgs),
    /// Record whom the council named to preside over a product from which the chair
    /// is recused and no vice-chair stands in (e.g. `--by SECRETARY presiding ...`).
    Presiding(PresidingArgs),
    /// The chair reopens a product's sheets for chosen members to score again.
    Rescore(RescoreArgs),
    /// A product's criteria with each member's points, most disputed first.
    ByCriterion {
        #[arg(long)]
        product: i64,
        #[arg(long)]
        json: bool,
    },
    /// A round's audit log (who, when, what, old → new), with the chain verified.
    Audit {
        #[arg(long)]
        round: i64,
        #[arg(long, conflicts_with = "csv")]
        json: bool,
        #[arg(long)]
        csv: bool,
    },
    /// Re-check a round (audit chain, status, triggers, seal, results, certificates),
    /// the catalogue (--catalogue), or, with neither, every round and the catalogue.
    /// Exits non-zero when anything is broken.
    Verify {
        /// One round; without it (and without --catalogue) every round and the catalogue.
        #[arg(long)]
        round: Option<i64>,
        /// The catalogue: its audit chain, its entries against their audit, its
        /// issued entries against their certificates.
        #[arg(long)]
        catalogue: bool,
        #[arg(long)]
        json: bool,
    },
    /// Certificates that expire within N days, or have expired (producers must be told).
    CertificatesExpiring {
        /// How many days ahead to look.
        #[arg(long, default_value_t = crate::domain::certificate::DEFAULT_NOTICE_DAYS)]
        within_days: u32,
        /// The day to count from (default: today).
        #[arg(long, value_name = "YYYY-MM-DD")]
        as_of: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// Check a certificate's QR payload against the database, offline. Exits non-zero
    /// when it does not match.
    VerifyCertificate {
        /// The payload: OCOP1|number|product|stars|issued|expires|digest16
        payload: String,
        /// The day the certificate must be valid on (default: today).
        #[arg(long, value_name = "YYYY-MM-DD")]
        as_of: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// PINs on a shared laptop: set one's own, reset someone's, require them in a round.
    #[command(subcommand)]
    Pin(PinCommand),
    /// Issued certificates: list, reprint.
    #[command(subcommand)]
    Certificate(CertificateCommand),
    /// A council of laptops: keys, round packages, signed sheets packages, merging
    /// (docs/packages.md).
    #[command(subcommand)]
    Package(package::PackageCommand),
    /// Workbooks to fill in: the product list that `product import` reads.
    #[command(subcommand)]
    Template(template::TemplateCommand),
    /// Back up the database now (into <data folder>/backups/, or --out FILE); `backup
    /// list` shows the backups.
    Backup(backup::BackupArgs),
    /// The province's OCOP catalogue (sổ theo dõi sản phẩm OCOP): import, list,
    /// show, export, the plan target.
    #[command(subcommand)]
    Registry(registry::RegistryCommand),
    /// The programme report (báo cáo kết quả thực hiện Chương trình OCOP) from the
    /// catalogue, as JSON (docs/programme-report-json.md), PDF or XLSX.
    Report(registry::ReportArgs),
    /// Replace the database with a backup, after checking it (the app must be closed;
    /// the current database is backed up first).
    Restore {
        /// The backup file (see `backup list`).
        file: PathBuf,
    },
    /// Print a shell completion script, e.g. `source <(ocop-council completions bash)`.
    Completions {
        /// The shell to complete in.
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Write the man pages (one per command) into a folder, as the packages install them.
    ManPages {
        /// The folder to write into (created when missing).
        #[arg(long, value_name = "DIR")]
        out: PathBuf,
    },
}

use people::{cli_actor, round_actor};

/// Runs a subcommand. Errors come back as lines to print on stderr.
pub fn run(
    data_dir: Option<PathBuf>,
    create: bool,
    by: Option<&str>,
    ordered_by: Option<i64>,
    command: Command,
) -> ExitCode {
    let needs_folder = !matches!(
        command,
        Command::Criteria(CriteriaCommand::Check { .. })
            | Command::Completions { .. }
            | Command::ManPages { .. }
    );
    let data_dir = if needs_folder {
        match paths::prepare_data_dir(data_dir, create) {
            Ok(dir) => Some(dir),
            Err(e) => {
                eprintln!("error: {e:#}");
                return ExitCode::FAILURE;
            }
        }
    } else {
        data_dir
    };
    let outcome = people::set_people(by, ordered_by).and_then(|()| dispatch(data_dir, command));
    match outcome {
        Ok(()) => ExitCode::SUCCESS,
        Err(Failure(lines)) => {
            for line in lines {
                eprintln!("error: {}", escape_controls(&line, false));
            }
            ExitCode::FAILURE
        }
    }
}

/// One or more error lines.
struct Failure(Vec<String>);

impl From<anyhow::Error> for Failure {
    fn from(e: anyhow::Error) -> Self {
        Self(vec![format!("{e:#}")])
    }
}

impl From<crate::store::StoreError> for Failure {
    fn from(e: crate::store::StoreError) -> Self {
        match e {
            // One line per reason, so every problem is reported at once.
            crate::store::StoreError::Refused(refusal) => Self::from(refusal),
            crate::store::StoreError::Transition { round, refusals } => Self(
                refusals
                    .iter()
                    .map(|r| format!("round {round}: {r}"))
                    .collect(),
            ),
            crate::store::StoreError::NotPermitted(refusal)
                if refusal.acting == crate::domain::permissions::Acting::Secretariat =>
            {
                Self(vec![format!(
                    "{refusal} (name who you are with --by MEMBER)"
                )])
            }
            other => Self(vec![other.to_string()]),
        }
    }
}

/// A refusal in English, one line per problem, each naming what refused.
impl From<crate::domain::refusal::Refusal> for Failure {
    fn from(refusal: crate::domain::refusal::Refusal) -> Self {
        let what = &refusal.what;
        Self(
            refusal
                .problems
                .iter()
                .map(|p| format!("{what}: {p}"))
                .collect(),
        )
    }
}

/// An import that wrote nothing: the file's refusal one line per problem (each
/// naming its file where the import reads several), or the store's or another
/// failure as above.
impl From<crate::app::failure::ImportError> for Failure {
    fn from(e: crate::app::failure::ImportError) -> Self {
        use crate::app::failure::ImportError;
        match e {
            ImportError::Refused(refusal) => Self(refusal.lines()),
            ImportError::Store(e) => Self::from(e),
            ImportError::Failed(e) => Self::from(e),
        }
    }
}

type CliResult = Result<(), Failure>;

fn open_session(data_dir: Option<PathBuf>) -> Result<Session, Failure> {
    let dir = paths::resolve_data_dir(data_dir)?;
    Session::open(&dir).map_err(|e| backup::open_failure(&dir, e))
}

fn dispatch(data_dir: Option<PathBuf>, command: Command) -> CliResult {
    match command {
        Command::Criteria(CriteriaCommand::Check { files }) => criteria::check(&files),
        Command::Criteria(cmd) => criteria::run(&open_session(data_dir)?, cmd),
        Command::Round(cmd) => records::round(&mut open_session(data_dir)?, cmd),
        Command::Member(cmd) => records::member(&mut open_session(data_dir)?, cmd),
        Command::Product(cmd) => records::product(&mut open_session(data_dir)?, cmd),
        Command::Sheet(cmd) => records::sheet(&mut open_session(data_dir)?, cmd),
        Command::Results(args) => results::run(&open_session(data_dir)?, &args),
        Command::Export(args) => results::export(&open_session(data_dir)?, &args),
        Command::SheetPdf(args) => documents::sheet_pdf(&open_session(data_dir)?, &args),
        Command::Minutes(args) => documents::minutes(&open_session(data_dir)?, args),
        Command::Certificates(args) => documents::certificates(&open_session(data_dir)?, args),
        Command::Decision(args) => documents::decision(&open_session(data_dir)?, &args),
        Command::DocSettings(cmd) => {
            documents::doc_settings(&paths::resolve_data_dir(data_dir)?, cmd)
        }
        Command::Dossier(cmd) => dossier::run(&mut open_session(data_dir)?, cmd),
        Command::Demo(DemoCommand::Load) => dossier::demo_load(&mut open_session(data_dir)?),
        Command::Recuse(args) => lifecycle::recuse(&mut open_session(data_dir)?, &args),
        Command::Presiding(args) => lifecycle::presiding(&mut open_session(data_dir)?, &args),
        Command::Rescore(args) => lifecycle::rescore(&mut open_session(data_dir)?, &args),
        Command::ByCriterion { product, json } => {
            lifecycle::by_criterion(&open_session(data_dir)?, product, json)
        }
        Command::Audit { round, json, csv } => {
            lifecycle::audit(&open_session(data_dir)?, round, json, csv)
        }
        Command::Verify {
            round,
            catalogue,
            json,
        } => verify::run(&open_session(data_dir)?, round, catalogue, json),
        Command::CertificatesExpiring {
            within_days,
            as_of,
            json,
        } => certificates::expiring(&open_session(data_dir)?, within_days, as_of, json),
        Command::VerifyCertificate {
            payload,
            as_of,
            json,
        } => certificates::verify(&open_session(data_dir)?, &payload, as_of, json),
        Command::Certificate(cmd) => certificates::run(&mut open_session(data_dir)?, cmd),
        Command::Package(cmd) => package::run(data_dir, cmd),
        Command::Pin(cmd) => people::run(&mut open_session(data_dir)?, cmd),
        Command::Template(cmd) => template::run(data_dir, cmd),
        Command::Backup(args) => backup::backup(&paths::resolve_data_dir(data_dir)?, args),
        Command::Registry(cmd) => registry::run(&mut open_session(data_dir)?, cmd),
        Command::Report(args) => registry::report(&open_session(data_dir)?, &args),
        Command::Restore { file } => backup::restore(&paths::resolve_data_dir(data_dir)?, &file),
        Command::Completions { shell } => completions::completions(shell),
        Command::ManPages { out } => completions::man_pages(&out),
    }
}
