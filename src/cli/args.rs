//! The subcommands' own arguments and option values (the top-level [`Command`]
//! tree is in mod.rs): one clap struct or enum per command family.
//!
//! [`Command`]: super::Command

use std::path::PathBuf;

use clap::{Args, Subcommand, ValueEnum};

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
