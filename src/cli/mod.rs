//! The headless command line. Parses arguments (clap), opens the session, calls the
//! app and store layers and prints. Errors are one line each on stderr, naming the
//! file or id and the problem, with a non-zero exit code; nothing is half-written.

mod criteria;
mod documents;
mod records;
mod results;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::app::{Session, paths};
use crate::store::Actor;

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
    /// A member's scoring sheets for a round as one PDF (phiếu đánh giá).
    SheetPdf(documents::SheetPdfArgs),
    /// The minutes of the council meeting as PDF (biên bản họp hội đồng).
    Minutes(documents::MinutesArgs),
    /// Certificates of a finalized round as PDF (giấy chứng nhận).
    Certificates(documents::CertificatesArgs),
    /// Who issues the documents: authority, province, place, signatory, logo.
    #[command(subcommand)]
    DocSettings(documents::DocSettingsCommand),
}

#[derive(Debug, Subcommand)]
pub enum CriteriaCommand {
    /// List every loaded sheet with its transcription status.
    List {
        #[arg(long)]
        json: bool,
    },
    /// Show one product set's sheet: ids, points, star marks, notes.
    Show {
        /// Product set number (1–26).
        set: u8,
        /// Criteria set id (default: the QĐ 148 sets).
        #[arg(long, default_value = crate::domain::criteria::catalog::DEFAULT_CRITERIA_SET)]
        criteria_set: String,
        #[arg(long)]
        json: bool,
    },
    /// Validate criteria sheet files without installing them.
    Check {
        #[arg(required = true)]
        files: Vec<PathBuf>,
    },
}

#[derive(Debug, Subcommand)]
pub enum RoundCommand {
    /// Create a round; prints its id.
    Create(RoundCreateArgs),
    /// List rounds.
    List {
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, Args)]
pub struct RoundCreateArgs {
    #[arg(long)]
    pub name: String,
    #[arg(long, value_enum, default_value_t = LevelArg::Provincial)]
    pub level: LevelArg,
    #[arg(long, default_value = crate::domain::criteria::catalog::DEFAULT_CRITERIA_SET)]
    pub criteria_set: String,
    /// Totals more than this many points apart flag a product for re-scoring.
    #[arg(long, default_value_t = 10)]
    pub spread: u32,
    /// Quorum, in percent of the eligible voting members.
    #[arg(long, default_value_t = 75)]
    pub quorum: u32,
    /// Do not require the chair among the quorum.
    #[arg(long)]
    pub no_chair_required: bool,
    /// Show star marks as advice only, without capping the stars.
    #[arg(long)]
    pub advisory_star_marks: bool,
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub starts_on: Option<String>,
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub ends_on: Option<String>,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum LevelArg {
    Provincial,
    Central,
}

#[derive(Debug, Subcommand)]
pub enum MemberCommand {
    /// Add a council member; prints the member id.
    Add {
        #[arg(long)]
        round: i64,
        #[arg(long)]
        name: String,
        /// chair, vice-chair, member, secretary or advisor.
        #[arg(long)]
        role: String,
        /// Whether the member scores (default: chair, vice-chairs and members do).
        #[arg(long)]
        voting: Option<bool>,
    },
    /// List a round's members.
    List {
        #[arg(long)]
        round: i64,
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, Subcommand)]
pub enum ProductCommand {
    /// Add a product to a round; prints the product id.
    Add {
        #[arg(long)]
        round: i64,
        #[arg(long)]
        name: String,
        /// Product set number (1–26 under QĐ 148).
        #[arg(long)]
        set: u8,
        #[arg(long)]
        producer: String,
        /// Product code (T-H-STT-year).
        #[arg(long)]
        code: Option<String>,
        #[arg(long)]
        commune: Option<String>,
        #[arg(long)]
        province: Option<String>,
        #[arg(long)]
        address: Option<String>,
    },
    /// List a round's products.
    List {
        #[arg(long)]
        round: i64,
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, Subcommand)]
pub enum SheetCommand {
    /// Import members' filled sheets (JSON, see README): all or nothing.
    Import {
        #[arg(required = true)]
        files: Vec<PathBuf>,
    },
    /// Print an empty sheet file for a member and a product, listing every criterion.
    Template {
        #[arg(long)]
        round: i64,
        #[arg(long)]
        product: i64,
        #[arg(long)]
        member: i64,
    },
}

#[derive(Debug, Args)]
pub struct ResultsArgs {
    #[arg(long)]
    pub round: i64,
    #[arg(long, value_enum, default_value_t = ResultsFormat::Table)]
    pub format: ResultsFormat,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum ResultsFormat {
    Table,
    Json,
    Csv,
}

/// The actor recorded in the audit log for CLI changes.
fn cli_actor() -> Actor {
    let user = std::env::var("USER").unwrap_or_else(|_| "unknown".into());
    Actor::new(format!("cli ({user})"))
}

/// Runs a subcommand. Errors come back as lines to print on stderr.
pub fn run(data_dir: Option<PathBuf>, command: Command) -> ExitCode {
    match dispatch(data_dir, command) {
        Ok(()) => ExitCode::SUCCESS,
        Err(Failure(lines)) => {
            for line in lines {
                eprintln!("error: {line}");
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
        Self(vec![e.to_string()])
    }
}

type CliResult = Result<(), Failure>;

fn open_session(data_dir: Option<PathBuf>) -> Result<Session, Failure> {
    let dir = paths::resolve_data_dir(data_dir)?;
    Ok(Session::open(&dir)?)
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
        Command::SheetPdf(args) => documents::sheet_pdf(&open_session(data_dir)?, &args),
        Command::Minutes(args) => documents::minutes(&open_session(data_dir)?, args),
        Command::Certificates(args) => documents::certificates(&open_session(data_dir)?, args),
        Command::DocSettings(cmd) => {
            documents::doc_settings(&paths::resolve_data_dir(data_dir)?, cmd)
        }
    }
}

fn print_json<T: serde::Serialize>(value: &T) -> CliResult {
    let text = serde_json::to_string_pretty(value)
        .map_err(|e| Failure(vec![format!("cannot write JSON: {e}")]))?;
    println!("{text}");
    Ok(())
}

/// Left-aligns `rows` into columns (width in characters, fine for Vietnamese NFC).
fn print_table(header: &[&str], rows: &[Vec<String>]) {
    let mut widths: Vec<usize> = header.iter().map(|h| h.chars().count()).collect();
    for row in rows {
        for (i, cell) in row.iter().enumerate() {
            if let Some(w) = widths.get_mut(i) {
                *w = (*w).max(cell.chars().count());
            }
        }
    }
    let line = |cells: Vec<String>| {
        let padded: Vec<String> = cells
            .iter()
            .zip(&widths)
            .map(|(c, w)| format!("{c}{}", " ".repeat(w - c.chars().count())))
            .collect();
        println!("{}", padded.join("  ").trim_end());
    };
    line(header.iter().map(|h| h.to_string()).collect());
    line(widths.iter().map(|w| "-".repeat(*w)).collect());
    for row in rows {
        line(row.clone());
    }
}
