//! What the UI asks of the worker: one [`Request`] per message, grouped by area
//! into sub-enums. Each area has one handler with one exhaustive `match`
//! (app/handle/), so a request nobody handles does not compile. The PIN
//! wrappers ([`Request::WithPin`], [`Request::OnOrder`]) box a request of any area.

use std::path::PathBuf;

use chrono::NaiveDate;

use crate::app::doc_settings::DocSettings;
use crate::app::dossier::LooseFile;
use crate::app::export::ExportFormat;
use crate::app::prefs::{Identity, Prefs};
use crate::domain::actor::Principal;
use crate::domain::catalogue::CatalogueFilter;
use crate::domain::criteria::{ChoiceId, CriterionId};
use crate::domain::disqualify::Disqualification;
use crate::domain::dossier::DossierFacts;
use crate::domain::ids::{CertificateId, DossierId, MemberId, ProductId, RoundId};
use crate::domain::member::Role;
use crate::domain::permissions::CouncilAction;
use crate::domain::round::{ApprovalDecision, RoundStatus};

/// One message to the worker.
#[derive(Debug, Clone)]
pub enum Request {
    Views(ViewsRequest),
    Sheet(SheetRequest),
    Council(CouncilRequest),
    Dossiers(DossiersRequest),
    Documents(DocumentsRequest),
    Laptops(LaptopsRequest),
    Catalogue(CatalogueRequest),
    People(PeopleRequest),
    Backups(BackupsRequest),
    Files(FilesRequest),
    /// Run `request` with the person's PIN asked again at this moment (weighty steps).
    WithPin {
        pin: String,
        request: Box<Request>,
    },
    /// Run `request` as recording `chair`'s order (the secretary reopening a sheet),
    /// confirmed by the chair's PIN where the round requires PINs.
    OnOrder {
        chair: MemberId,
        chair_pin: Option<String>,
        request: Box<Request>,
    },
}

/// Loading what a screen shows.
#[derive(Debug, Clone)]
pub enum ViewsRequest {
    LoadRounds,
    LoadRound {
        round: RoundId,
        identity: Option<Identity>,
    },
    LoadDesk {
        product: ProductId,
        member: MemberId,
    },
    LoadCriterionView {
        product: ProductId,
    },
    /// Show an older version of a dossier.
    LoadDossierVersion {
        dossier: DossierId,
    },
    LoadAudit {
        round: RoundId,
    },
    LoadCertificates {
        round: RoundId,
    },
}

/// A member's sheet: answers, evidence, submitting, reopening.
#[derive(Debug, Clone)]
pub enum SheetRequest {
    Choose {
        product: ProductId,
        member: MemberId,
        criterion: CriterionId,
        choice: Option<ChoiceId>,
    },
    Comment {
        product: ProductId,
        member: MemberId,
        criterion: CriterionId,
        text: String,
    },
    /// Link one of the dossier's attachments (by SHA-256) as a criterion's evidence.
    Evidence {
        product: ProductId,
        member: MemberId,
        criterion: CriterionId,
        sha256: Option<String>,
    },
    Submit {
        product: ProductId,
        member: MemberId,
    },
    /// Reopen a submitted sheet (the chair; the secretary wraps it in [`Request::OnOrder`]).
    Reopen {
        product: ProductId,
        member: MemberId,
        reason: String,
    },
}

/// The round's setup and lifecycle, and the council's decisions on products.
#[derive(Debug, Clone)]
pub enum CouncilRequest {
    /// Create the demo round from the embedded sample dossiers.
    LoadDemo,
    /// A new round on the default criteria set.
    CreateRound {
        name: String,
    },
    AddMember {
        round: RoundId,
        name: String,
        role: Role,
    },
    /// Move a round to another state (not finalize, not certificates: see below).
    AdvanceRound {
        round: RoundId,
        to: RoundStatus,
    },
    FinalizeRound {
        round: RoundId,
        decision: ApprovalDecision,
    },
    ReopenRound {
        round: RoundId,
        reason: String,
    },
    /// Finalized → certificates issued: numbers every certificate.
    IssueCertificates {
        round: RoundId,
        authority: String,
        date: Option<NaiveDate>,
    },
    /// What issuing would write (numbers, stars, issuer), read without writing:
    /// answered by [`Reply::CertificatePreview`](super::reply::Reply::CertificatePreview)
    /// for the confirmation.
    PreviewCertificates {
        round: RoundId,
        authority: String,
        date: Option<NaiveDate>,
    },
    /// Revoke an issued certificate (thu hồi), recorded by the chair or secretary.
    RevokeCertificate {
        certificate: CertificateId,
        decision_no: String,
        decision_date: NaiveDate,
        reason: String,
    },
    /// Check a certificate's QR payload against the store.
    VerifyPayload {
        text: String,
    },
    Rescore {
        product: ProductId,
        members: Vec<MemberId>,
        reason: String,
    },
    /// `member` recused from `product`: their own declaration, or the chair's record.
    Recuse {
        product: ProductId,
        member: MemberId,
        reason: String,
    },
    Disqualify {
        product: ProductId,
        disqualification: Option<Disqualification>,
    },
    /// The member the council named to preside over `product` for the recused chair.
    NamePresiding {
        product: ProductId,
        member: MemberId,
    },
}

/// Dossiers and product lists in and out.
#[derive(Debug, Clone)]
pub enum DossiersRequest {
    /// Import a dossier bundle (folder or .zip) into a round, with progress.
    ImportDossier { round: RoundId, path: PathBuf },
    /// A dossier typed in the GUI from picked files, checked like a bundle.
    ImportLoose {
        round: RoundId,
        facts: Box<DossierFacts>,
        files: Vec<LooseFile>,
    },
    /// A product list (XLSX/XLS/ODS/CSV) into a round in setup: all rows or none.
    ImportProductList { round: RoundId, path: PathBuf },
    /// Write a product's latest dossier as a bundle (folder, or .zip by extension).
    ExportDossier { product: ProductId, path: PathBuf },
}

/// Files the office prints or hands on: results, documents, templates, settings.
#[derive(Debug, Clone)]
pub enum DocumentsRequest {
    /// Write the round's results to `path` (chosen in a save dialog).
    Export {
        round: RoundId,
        format: ExportFormat,
        path: PathBuf,
    },
    /// Write the product-list template with the round's product sets to `path`.
    ProductListTemplate {
        round: RoundId,
        path: PathBuf,
    },
    ExportAudit {
        round: RoundId,
        path: PathBuf,
    },
    PrintCertificates {
        round: RoundId,
        out: PathBuf,
        one_file: bool,
    },
    PrintMinutes {
        round: RoundId,
        path: PathBuf,
        /// Meeting date and place, attendance, re-score notes.
        extras: crate::pdf::MinutesExtras,
    },
    /// The draft approval decision with its annex (.docx or .pdf by the extension).
    PrintDecision {
        round: RoundId,
        path: PathBuf,
    },
    PrintMemberSheets {
        round: RoundId,
        member: MemberId,
        path: PathBuf,
    },
    LoadDocSettings,
    /// Save who issues the documents; checked and audited in `round`.
    SaveDocSettings {
        round: RoundId,
        settings: Box<DocSettings>,
    },
}

/// The council of laptops: keys, round packages, members' sheets packages.
#[derive(Debug, Clone)]
pub enum LaptopsRequest {
    /// This data folder's public key (made on first use).
    ProfileKey,
    RegisterKey {
        round: RoundId,
        member: MemberId,
        key: String,
    },
    ExportRoundPackage {
        round: RoundId,
        path: PathBuf,
    },
    ImportRoundPackage {
        path: PathBuf,
    },
    ExportSheetsPackage {
        round: RoundId,
        member: MemberId,
        path: PathBuf,
    },
    MergePackages {
        round: RoundId,
        paths: Vec<PathBuf>,
    },
    LoadConflicts {
        round: RoundId,
    },
}

/// The province's catalogue and the programme report.
#[derive(Debug, Clone)]
pub enum CatalogueRequest {
    /// The province's catalogue and the report's figures on `as_of` (default today).
    LoadCatalogue { as_of: Option<NaiveDate> },
    /// Import the province's catalogue file (all or nothing).
    ImportCatalogue { path: PathBuf },
    /// Write the catalogue's entries that pass `filter` as .xlsx or .csv.
    ExportCatalogue {
        path: PathBuf,
        filter: CatalogueFilter,
    },
    /// Write the catalogue template (what the catalogue import reads) to `path`.
    CatalogueTemplate { path: PathBuf },
    /// Write the programme report (.pdf, .xlsx or .json) on today's figures.
    ProgrammeReport { path: PathBuf },
    /// Set or clear the plan target.
    SetCatalogueTarget { target: Option<u64> },
}

/// Who is at the keyboard, and PINs.
#[derive(Debug, Clone)]
pub enum PeopleRequest {
    /// Who is at the keyboard in `round`, for every write that follows; `pin`: their
    /// PIN (checked), or their new PIN the first time in a round that requires PINs.
    SetIdentity {
        round: RoundId,
        who: Principal,
        pin: Option<String>,
    },
    /// Nobody has picked themselves (the secretariat, unverified, acts by default).
    ClearIdentity,
    /// The screen locked: the person stays, their PIN check does not.
    LockIdentity,
    /// Require PINs in the round, or no longer.
    RequirePins { round: RoundId, required: bool },
    /// Clear a person's PIN so they set a new one.
    ResetPin { round: RoundId, who: Principal },
}

/// The data folder's backups; these also run while the folder does not open.
#[derive(Debug, Clone)]
pub enum BackupsRequest {
    /// The backups in the data folder (answered by `Reply::Backups`).
    ListBackups,
    /// A backup now (the *Sao lưu / Backups* screen).
    BackupNow,
    /// Replace the database with a backup: the worker closes its session, restores
    /// (checks, backs up the current one) and opens the folder again.
    RestoreBackup { path: PathBuf },
    /// The user confirmed creating the missing data folder.
    CreateDataFolder,
}

/// Files outside the store: the viewer, the preferences, a missing file dialog.
#[derive(Debug, Clone)]
pub enum FilesRequest {
    /// Open a stored file in the system viewer; `name`: open a copy so named
    /// (attachments are stored without their extension).
    OpenFile {
        path: PathBuf,
        name: Option<String>,
    },
    /// No native file dialog could be shown; `saved_in`: where the file goes
    /// instead. Answered as is, for the UI to say.
    NoFileDialog {
        saved_in: Option<PathBuf>,
    },
    SavePrefs(Box<Prefs>),
}

macro_rules! area {
    ($($area:ident($sub:ty)),* $(,)?) => {$(
        impl From<$sub> for Request {
            fn from(request: $sub) -> Self {
                Self::$area(request)
            }
        }
    )*};
}

area!(
    Views(ViewsRequest),
    Sheet(SheetRequest),
    Council(CouncilRequest),
    Dossiers(DossiersRequest),
    Documents(DocumentsRequest),
    Laptops(LaptopsRequest),
    Catalogue(CatalogueRequest),
    People(PeopleRequest),
    Backups(BackupsRequest),
    Files(FilesRequest),
);

impl Request {
    /// The council action this request performs, for the UI to ask the PIN again
    /// before the weighty ones (`me`: the person at the keyboard, for recusals).
    pub fn council_action(&self, me: Option<MemberId>) -> Option<CouncilAction> {
        match self {
            Self::Council(request) => request.council_action(me),
            Self::Sheet(SheetRequest::Reopen { .. }) => Some(CouncilAction::ReopenSheet),
            Self::Sheet(
                SheetRequest::Choose { .. }
                | SheetRequest::Comment { .. }
                | SheetRequest::Evidence { .. }
                | SheetRequest::Submit { .. },
            ) => None,
            Self::People(PeopleRequest::RequirePins { .. } | PeopleRequest::ResetPin { .. }) => {
                Some(CouncilAction::ManagePins)
            }
            Self::People(
                PeopleRequest::SetIdentity { .. }
                | PeopleRequest::ClearIdentity
                | PeopleRequest::LockIdentity,
            ) => None,
            Self::OnOrder { request, .. } | Self::WithPin { request, .. } => {
                request.council_action(me)
            }
            // Loads, files and documents: none asks the PIN again.
            Self::Views(_)
            | Self::Dossiers(_)
            | Self::Documents(_)
            | Self::Laptops(_)
            | Self::Catalogue(_)
            | Self::Backups(_)
            | Self::Files(_) => None,
        }
    }
}

impl CouncilRequest {
    fn council_action(&self, me: Option<MemberId>) -> Option<CouncilAction> {
        use CouncilAction as A;
        Some(match self {
            Self::AdvanceRound { .. } => A::MoveRound,
            Self::FinalizeRound { .. } => A::Finalize,
            Self::ReopenRound { .. } => A::ReopenRound,
            Self::IssueCertificates { .. } => A::IssueCertificates,
            Self::RevokeCertificate { .. } => A::RevokeCertificate,
            Self::Rescore { .. } => A::OrderRescore,
            Self::Disqualify { .. } => A::Disqualify,
            Self::Recuse { member, .. } if Some(*member) == me => A::DeclareConflict,
            Self::Recuse { .. } => A::RecordRecusal,
            Self::NamePresiding { .. } => A::NamePresidingMember,
            Self::LoadDemo
            | Self::CreateRound { .. }
            | Self::AddMember { .. }
            | Self::PreviewCertificates { .. }
            | Self::VerifyPayload { .. } => return None,
        })
    }
}
