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

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::app::{Session, paths};
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

#[derive(Debug, Args)]
pub struct ExportArgs {
    #[arg(long)]
    pub round: i64,
    /// What to write.
    #[arg(long, value_enum)]
    pub format: ExportFormatArg,
    /// The file to write (replaced atomically).
    #[arg(long, value_name = "PATH")]
    pub out: PathBuf,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum ExportFormatArg {
    /// The results workbook, as officials print it (docs/workbook.md).
    Xlsx,
    /// One row per product.
    Csv,
    /// The results document (docs/results-json.md).
    Json,
    /// The approval decision's annex (the certified products by rank) as .xlsx.
    AnnexXlsx,
}

#[derive(Debug, Subcommand)]
pub enum DossierCommand {
    /// Validate a dossier bundle (folder or .zip) without importing it; exits non-zero when invalid.
    Check {
        /// The bundle: a folder or a .zip.
        path: PathBuf,
        /// Check the product set and self-assessment against this round (default: the QĐ 148 sets).
        #[arg(long)]
        round: Option<i64>,
    },
    /// Import a dossier bundle into a round; prints the product id.
    Import {
        /// The bundle: a folder or a .zip.
        path: PathBuf,
        #[arg(long)]
        round: i64,
    },
    /// Export a product's latest dossier as a folder, or a .zip when PATH ends in .zip.
    Export {
        product: i64,
        /// A folder to create, or FILE.zip.
        #[arg(long, value_name = "PATH")]
        out: PathBuf,
    },
    /// List the latest dossier of every product of a round, with what is missing.
    List {
        #[arg(long)]
        round: i64,
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, Subcommand)]
pub enum DemoCommand {
    /// Create the demo round (fictional dossiers, council, some scored sheets); prints its id.
    Load,
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
        /// Criteria sheet files (JSON, docs/criteria-format.md).
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
    /// Move a round to its next (or previous) state: setup, scoring, deliberation;
    /// certificates-issued (with --authority) numbers the certificates.
    Advance {
        #[arg(long)]
        round: i64,
        /// setup, scoring, deliberation or certificates-issued.
        #[arg(long)]
        to: String,
        /// The issuing authority (for certificates-issued; default: the document
        /// settings' authority, the Ministry for a central round), e.g. "UBND tỉnh Sóc Trăng".
        #[arg(long)]
        authority: Option<String>,
        /// The certificates' issue date (default: the approval decision's date).
        #[arg(long, value_name = "YYYY-MM-DD")]
        date: Option<String>,
    },
    /// Finalize a round with the People's Committee's approval decision.
    Finalize {
        #[arg(long)]
        round: i64,
        /// The decision number, e.g. "1234/QĐ-UBND".
        #[arg(long)]
        decision: String,
        /// The decision's date.
        #[arg(long, value_name = "YYYY-MM-DD")]
        date: String,
        /// Who signed the decision, e.g. "Nguyễn Văn A".
        #[arg(long)]
        signatory: String,
    },
    /// Reopen a finalized round (back to deliberation): the chair or the secretary
    /// (--by), with a reason.
    Reopen {
        #[arg(long)]
        round: i64,
        #[arg(long)]
        reason: String,
    },
}

#[derive(Debug, Args)]
pub struct RoundCreateArgs {
    /// The round's name, e.g. "Đánh giá OCOP tỉnh Sóc Trăng 2025 – đợt 1".
    #[arg(long)]
    pub name: String,
    /// Who runs the council: the province (certifies 3★ and 4★) or the central level (5★).
    #[arg(long, value_enum, default_value_t = LevelArg::Provincial)]
    pub level: LevelArg,
    /// The criteria set the sheets come from (see `criteria list`).
    #[arg(long, default_value = crate::domain::criteria::catalog::DEFAULT_CRITERIA_SET)]
    pub criteria_set: String,
    /// Totals more than this many points apart flag a product for re-scoring.
    #[arg(long, default_value_t = 10)]
    pub spread: u32,
    /// Quorum of the eligible voting members: a whole percent (75) or a fraction
    /// (3/4, 2/3); the number required is rounded up (ceil).
    #[arg(long, default_value = "75", value_name = "PERCENT|N/D")]
    pub quorum: crate::domain::quorum::QuorumShare,
    /// Do not require the chair among the quorum.
    #[arg(long)]
    pub no_chair_required: bool,
    /// Show star marks as advice only, without capping the stars.
    #[arg(long)]
    pub advisory_star_marks: bool,
    /// The round's first day.
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub starts_on: Option<String>,
    /// The round's last day.
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
        /// The member's full name.
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
    /// Register the public key (`package key` on the member's laptop) that signs the
    /// member's sheets packages.
    SetKey {
        #[arg(long)]
        member: i64,
        /// 64 hex digits.
        #[arg(long)]
        key: String,
    },
}

#[derive(Debug, Subcommand)]
pub enum ProductCommand {
    /// Add a product to a round; prints the product id.
    Add {
        #[arg(long)]
        round: i64,
        /// The product's name as on its label.
        #[arg(long)]
        name: String,
        /// Product set number (1–26 under QĐ 148).
        #[arg(long)]
        set: u8,
        /// The producer (chủ thể): cooperative, enterprise or household.
        #[arg(long)]
        producer: String,
        /// Product code (T-H-STT-year).
        #[arg(long)]
        code: Option<String>,
        /// The producer's commune.
        #[arg(long)]
        commune: Option<String>,
        /// The producer's province.
        #[arg(long)]
        province: Option<String>,
        /// The producer's address.
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
    /// Import a product list (XLSX/XLS/ODS/CSV with a header row): all or nothing.
    Import {
        #[arg(long)]
        round: i64,
        /// The product list (see `template product-list`).
        file: PathBuf,
    },
    /// Disqualify a dossier (no star) for a hard condition, or lift it with --clear.
    Disqualify {
        #[arg(long)]
        product: i64,
        /// forged-dossier, food-safety-certificate, self-declaration, labelling,
        /// entry-requirements, imported-or-unknown-material or relabelled-copy.
        #[arg(long, required_unless_present = "clear")]
        reason: Option<String>,
        /// What the council found, for the minutes.
        #[arg(long, required_unless_present = "clear")]
        note: Option<String>,
        /// Lift the disqualification.
        #[arg(long, conflicts_with_all = ["reason", "note"])]
        clear: bool,
    },
}

#[derive(Debug, Args)]
pub struct RecuseArgs {
    #[arg(long)]
    pub round: i64,
    #[arg(long)]
    pub member: i64,
    #[arg(long)]
    pub product: i64,
    #[arg(long)]
    pub reason: String,
}

#[derive(Debug, Args)]
pub struct PresidingArgs {
    #[arg(long)]
    pub round: i64,
    #[arg(long)]
    pub product: i64,
    /// The member the council named; they count as the chair for the quorum.
    #[arg(long)]
    pub member: i64,
}

#[derive(Debug, Args)]
pub struct RescoreArgs {
    #[arg(long)]
    pub round: i64,
    #[arg(long)]
    pub product: i64,
    /// Member ids, comma-separated.
    #[arg(long, value_delimiter = ',', required = true)]
    pub members: Vec<i64>,
    #[arg(long)]
    pub reason: String,
}

#[derive(Debug, Subcommand)]
pub enum PinCommand {
    /// Set your own PIN (--by), the first time: 4–12 digits or a passphrase of 8 or
    /// more characters, from $OCOP_COUNCIL_NEW_PIN or typed on the terminal.
    Set {
        #[arg(long)]
        round: i64,
    },
    /// Clear a person's PIN (forgotten, or known to others): the chair, the secretary
    /// or the secretariat (--by).
    Reset {
        #[arg(long)]
        round: i64,
        /// The member id, or "secretariat".
        #[arg(long)]
        who: String,
    },
    /// Require PINs from everyone acting in the round (on), or no longer (off).
    Require {
        #[arg(long)]
        round: i64,
        /// on or off.
        #[arg(value_enum)]
        required: OnOff,
    },
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum OnOff {
    On,
    Off,
}

impl OnOff {
    pub fn is_on(self) -> bool {
        matches!(self, Self::On)
    }
}

#[derive(Debug, Subcommand)]
pub enum CertificateCommand {
    /// A round's certificates with their QR payloads.
    List {
        #[arg(long)]
        round: i64,
        #[arg(long)]
        json: bool,
    },
    /// Count one more print of a certificate (a copy keeps its number).
    Reprint {
        /// The certificate id (see `certificate list`).
        id: i64,
    },
    /// Revoke a certificate (thu hồi): it keeps its number and gains a revocation
    /// record that is never edited; verify-certificate then says REVOKED.
    Revoke {
        /// The certificate id (see `certificate list`).
        id: i64,
        /// The revoking decision, e.g. "58/QĐ-UBND".
        #[arg(long)]
        decision: String,
        /// The revoking decision's date.
        #[arg(long, value_name = "YYYY-MM-DD")]
        date: String,
        #[arg(long)]
        reason: String,
    },
}

#[derive(Debug, Subcommand)]
pub enum SheetCommand {
    /// Import members' filled sheets (JSON, see README): all or nothing.
    Import {
        /// Sheet files (JSON, as `sheet template` prints them).
        #[arg(required = true)]
        files: Vec<PathBuf>,
    },
    /// Reopen one submitted sheet to correct it: the chair (--by), or the secretary
    /// recording the chair's order (--by SECRETARY --ordered-by CHAIR).
    Reopen {
        #[arg(long)]
        product: i64,
        #[arg(long)]
        member: i64,
        #[arg(long)]
        reason: String,
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
    /// A product's sheets with their earlier submissions (reopened or re-scored).
    History {
        #[arg(long)]
        product: i64,
        #[arg(long)]
        member: Option<i64>,
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, Args)]
pub struct ResultsArgs {
    #[arg(long)]
    pub round: i64,
    /// How to print the results.
    #[arg(long, value_enum, default_value_t = ResultsFormat::Table)]
    pub format: ResultsFormat,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum ResultsFormat {
    Table,
    Json,
    Csv,
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
