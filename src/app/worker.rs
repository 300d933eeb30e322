//! The worker thread: owns the session (SQLite, files) so that no query, file or
//! PDF work ever runs inside a UI frame. The UI sends [`Request`]s; the worker runs
//! them in order (so autosaves land in the order they were made) and sends back
//! [`Reply`]s, waking the UI through the waker. No egui here: the waker is a closure.

use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc::{Receiver, Sender, channel};

use crate::app::Session;
use crate::app::backup::{self, BackupInfo, BackupReason, StartProblem};
use crate::app::doc_settings::DocSettings;
use crate::app::dossier::DossierView;
use crate::app::dossier::LooseFile;
use crate::app::export::ExportFormat;
use crate::app::package::PackageReport;
use crate::app::prefs::{Identity, Prefs};
use crate::app::views::{DeskData, RoundData, RoundsData};
use crate::domain::actor::{PinCheck, Principal};
use crate::domain::criteria::{ChoiceId, CriterionId};
use crate::domain::disqualify::Disqualification;
use crate::domain::dossier::DossierFacts;
use crate::domain::ids::{DossierId, MemberId, ProductId, RoundId};
use crate::domain::member::Role;
use crate::domain::permissions::{CouncilAction, PermissionRefusal};
use crate::domain::pin::PinRefusal;
use crate::domain::round::{ApprovalDecision, RoundStatus};
use crate::store::ConflictRow;
use crate::store::StoreError;
use crate::store::{
    AuditEntry, CertificateRow, CriterionView, ExpiringCertificate, PayloadVerdict, VerifyReport,
};
use chrono::NaiveDate;

/// Wakes the UI thread (e.g. `egui::Context::request_repaint`).
pub type Waker = Arc<dyn Fn() + Send + Sync>;

#[derive(Debug, Clone)]
pub enum Request {
    LoadRounds,
    LoadRound {
        round: RoundId,
        identity: Option<Identity>,
    },
    LoadDesk {
        product: ProductId,
        member: MemberId,
    },
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
    Submit {
        product: ProductId,
        member: MemberId,
    },
    /// Link one of the dossier's attachments (by SHA-256) as a criterion's evidence.
    Evidence {
        product: ProductId,
        member: MemberId,
        criterion: CriterionId,
        sha256: Option<String>,
    },
    /// Reopen a submitted sheet (the chair; the secretary wraps it in [`Request::OnOrder`]).
    Reopen {
        product: ProductId,
        member: MemberId,
        reason: String,
    },
    SavePrefs(Box<Prefs>),
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
    /// Create the demo round from the embedded sample dossiers.
    LoadDemo,
    /// Import a dossier bundle (folder or .zip) into a round, with progress.
    ImportDossier {
        round: RoundId,
        path: PathBuf,
    },
    /// A dossier typed in the GUI from picked files, checked like a bundle.
    ImportLoose {
        round: RoundId,
        facts: Box<DossierFacts>,
        files: Vec<LooseFile>,
    },
    /// A product list (XLSX/XLS/ODS/CSV) into a round in setup: all rows or none.
    ImportProductList {
        round: RoundId,
        path: PathBuf,
    },
    /// A new round on the default criteria set.
    CreateRound {
        name: String,
    },
    AddMember {
        round: RoundId,
        name: String,
        role: Role,
    },
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
    /// Files picked in a dialog, handed back to the UI as [`Reply::PickedFiles`].
    PickedFiles(Vec<PathBuf>),
    /// Write a product's latest dossier as a bundle (folder, or .zip by extension).
    ExportDossier {
        product: ProductId,
        path: PathBuf,
    },
    /// Show an older version of a dossier.
    LoadDossierVersion {
        dossier: DossierId,
    },
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
    /// Require PINs in the round, or no longer.
    RequirePins {
        round: RoundId,
        required: bool,
    },
    /// Clear a person's PIN so they set a new one.
    ResetPin {
        round: RoundId,
        who: Principal,
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
    /// answered by [`Reply::CertificatePreview`] for the confirmation.
    PreviewCertificates {
        round: RoundId,
        authority: String,
        date: Option<NaiveDate>,
    },
    LoadCriterionView {
        product: ProductId,
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
    LoadAudit {
        round: RoundId,
    },
    ExportAudit {
        round: RoundId,
        path: PathBuf,
    },
    LoadCertificates {
        round: RoundId,
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
    /// Revoke an issued certificate (thu hồi), recorded by `by` (chair or secretary).
    RevokeCertificate {
        certificate: crate::domain::ids::CertificateId,
        decision_no: String,
        decision_date: chrono::NaiveDate,
        reason: String,
    },
    PrintMemberSheets {
        round: RoundId,
        member: MemberId,
        path: PathBuf,
    },
    VerifyPayload {
        text: String,
    },
    LoadDocSettings,
    /// Save who issues the documents; checked and audited in `round`.
    SaveDocSettings {
        round: RoundId,
        settings: Box<DocSettings>,
    },
    /// Write the round's results to `path` (chosen in a save dialog).
    Export {
        round: RoundId,
        format: ExportFormat,
        path: PathBuf,
    },
    /// The backups in the data folder (answered by [`Reply::Backups`]).
    ListBackups,
    /// A backup now (the *Sao lưu / Backups* screen).
    BackupNow,
    /// Replace the database with a backup: the worker closes its session, restores
    /// (checks, backs up the current one) and opens the folder again.
    RestoreBackup {
        path: PathBuf,
    },
    /// The user confirmed creating the missing data folder.
    CreateDataFolder,
    /// Write the product-list template with the round's product sets to `path`.
    ProductListTemplate {
        round: RoundId,
        path: PathBuf,
    },
    /// Write the catalogue template (what the catalogue import reads) to `path`.
    CatalogueTemplate {
        path: PathBuf,
    },
    /// The province's catalogue and the report's figures on `as_of` (default today).
    LoadCatalogue {
        as_of: Option<chrono::NaiveDate>,
    },
    /// Import the province's catalogue file (all or nothing).
    ImportCatalogue {
        path: PathBuf,
    },
    /// Write the catalogue's entries that pass `filter` as .xlsx or .csv.
    ExportCatalogue {
        path: PathBuf,
        filter: crate::domain::catalogue::CatalogueFilter,
    },
    /// Write the programme report (.pdf, .xlsx or .json) on today's figures.
    ProgrammeReport {
        path: PathBuf,
    },
    /// Set or clear the plan target.
    SetCatalogueTarget {
        target: Option<u64>,
    },
}

impl Request {
    /// The council action this request performs, for the UI to ask the PIN again
    /// before the weighty ones (`me`: the person at the keyboard, for recusals).
    pub fn council_action(&self, me: Option<MemberId>) -> Option<CouncilAction> {
        use CouncilAction as A;
        Some(match self {
            Self::AdvanceRound { .. } => A::MoveRound,
            Self::FinalizeRound { .. } => A::Finalize,
            Self::ReopenRound { .. } => A::ReopenRound,
            Self::IssueCertificates { .. } => A::IssueCertificates,
            Self::RevokeCertificate { .. } => A::RevokeCertificate,
            Self::Rescore { .. } => A::OrderRescore,
            Self::Reopen { .. } => A::ReopenSheet,
            Self::Disqualify { .. } => A::Disqualify,
            Self::Recuse { member, .. } if Some(*member) == me => A::DeclareConflict,
            Self::Recuse { .. } => A::RecordRecusal,
            Self::NamePresiding { .. } => A::NamePresidingMember,
            Self::RequirePins { .. } | Self::ResetPin { .. } => A::ManagePins,
            Self::OnOrder { request, .. } | Self::WithPin { request, .. } => {
                return request.council_action(me);
            }
            _ => return None,
        })
    }
}

/// What changed about PINs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PinChange {
    Required(bool),
    Reset(Principal),
}

/// What became of picking oneself in a round.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IdentityOutcome {
    /// The person acts from now on (`pin`: how they were vouched for).
    Accepted { pin: PinCheck },
    /// The round requires PINs and this person has one: ask for it.
    NeedsPin,
    /// The round requires PINs and this person has none yet: ask them to set one.
    NeedsNewPin,
    /// The PIN was not accepted (wrong, locked, not fitting the rule).
    Refused(PinRefusal),
}

#[derive(Debug, Clone)]
pub enum Reply {
    Rounds(RoundsData),
    Round(Box<RoundData>),
    Desk(Box<DeskData>),
    /// An answer (choice or comment) is stored; the sheet's total is `total`.
    Saved {
        product: ProductId,
        member: MemberId,
        criterion: CriterionId,
        total: u32,
    },
    Submitted {
        product: ProductId,
        member: MemberId,
        total: u32,
    },
    /// A request failed; `what` says which, `message` why (shown to the user).
    Failed {
        what: String,
        message: String,
    },
    PrefsSaved,
    DemoLoaded(RoundId),
    /// Long work under way: `done` of `total` (bytes or items).
    Progress {
        what: String,
        done: u64,
        total: u64,
    },
    DossierImported {
        round: RoundId,
        product: ProductId,
        /// What the import did (a new product, a new version, nothing).
        outcome: crate::app::dossier::ImportOutcome,
    },
    /// A bundle was refused; nothing was written. Every problem, one per line.
    DossierRefused {
        bundle: String,
        problems: Vec<crate::domain::refusal::Problem>,
    },
    DossierVersion(Box<DossierView>),
    PickedFiles(Vec<PathBuf>),
    /// A file was opened in the system viewer (a copy, for an attachment).
    Opened {
        path: PathBuf,
    },
    /// A file could not be opened: which, and why.
    OpenFailed {
        name: String,
        reason: String,
    },
    /// No native file dialog could be shown (see [`Request::NoFileDialog`]).
    NoFileDialog {
        saved_in: Option<PathBuf>,
    },
    RoundCreated(RoundId),
    ProfileKey(String),
    /// A round package was imported; `me` is this laptop's member, when its key is registered.
    RoundPackageImported {
        round: RoundId,
        me: Option<MemberId>,
        round_name: String,
        /// How many changes the package brought.
        changes: usize,
    },
    /// What became of each merged sheets package, and the conflicts now stored.
    Merged {
        round: RoundId,
        reports: Vec<PackageReport>,
        conflicts: Vec<ConflictRow>,
    },
    Conflicts {
        round: RoundId,
        conflicts: Vec<ConflictRow>,
    },
    /// A file was written.
    Written {
        path: PathBuf,
    },
    /// A document was written: open it in the system viewer.
    DocumentWritten {
        path: PathBuf,
    },
    /// A change went through; the round's views must be reloaded.
    Done {
        round: Option<RoundId>,
        notice: super::notice::Notice,
    },
    /// The store refused a change, with its reasons as data.
    Refused(super::notice::Refusal),
    CriterionView(Box<CriterionView>),
    Audit {
        round: RoundId,
        entries: Vec<AuditEntry>,
        report: Box<VerifyReport>,
    },
    Certificates {
        round: RoundId,
        rows: Vec<CertificateRow>,
        expiring: Vec<ExpiringCertificate>,
    },
    PayloadVerdict(Box<PayloadVerdict>),
    /// What issuing the certificates would write, or why it cannot be foreseen.
    CertificatePreview(Result<Box<crate::domain::certificate::IssuePreview>, String>),
    /// The document settings (None: not set yet), or why they do not load.
    DocSettings(Result<Option<Box<DocSettings>>, String>),
    /// The data folder could not be opened at all.
    Fatal(String),
    /// Who is at the keyboard now, and what their PIN check came to.
    Identity {
        round: RoundId,
        who: Principal,
        outcome: IdentityOutcome,
    },
    /// The person may not do this (the UI says why, in its language).
    NotPermitted(PermissionRefusal),
    /// A PIN was not accepted.
    PinRefused(PinRefusal),
    /// The screen is locked: the person's PIN check is dropped.
    Locked,
    /// PINs are now required (or not) in `round`, or a person's PIN was cleared.
    PinsChanged {
        round: RoundId,
        change: PinChange,
    },
    /// The data folder did not open for a reason the user can fix here (a missing
    /// folder, a damaged database with a backup to restore).
    StartProblem(StartProblem),
    /// The backups, newest first; `made` is the one just taken, if any.
    Backups {
        list: Vec<BackupInfo>,
        made: Option<PathBuf>,
    },
    /// A backup was restored and the folder opened again.
    Restored {
        from: PathBuf,
        /// Where the replaced database was kept.
        previous: Option<PathBuf>,
    },
    /// A request that cannot run while the data folder is not open; nothing happened.
    NotOpen,
    Catalogue(Box<crate::app::catalogue::CatalogueData>),
    /// A catalogue import went through.
    CatalogueImported(crate::store::CatalogueImport),
    /// A catalogue file was refused; nothing was written. Every problem.
    CatalogueRefused {
        file: String,
        problems: Vec<crate::exchange::catalogue_file::RowProblem>,
    },
}

/// A cloneable way to send requests, e.g. from a file dialog's thread.
#[derive(Clone)]
pub struct Requester {
    requests: Sender<Request>,
    in_flight: Arc<AtomicUsize>,
}

impl Requester {
    pub fn send(&self, request: Request) {
        self.in_flight.fetch_add(1, Ordering::SeqCst);
        if self.requests.send(request).is_err() {
            // The worker is gone (it reported Fatal); nothing will answer.
            self.in_flight.fetch_sub(1, Ordering::SeqCst);
        }
    }
}

/// The UI's handle on the worker thread.
pub struct Worker {
    requester: Requester,
    replies: Receiver<Reply>,
}

impl Worker {
    /// Starts the worker on `data_dir`; opening the database happens on the thread.
    pub fn spawn(data_dir: PathBuf, waker: Waker) -> Self {
        let (requests, inbox) = channel::<Request>();
        let (outbox, replies) = channel::<Reply>();
        let in_flight = Arc::new(AtomicUsize::new(0));
        let counter = in_flight.clone();
        let spawned = std::thread::Builder::new()
            .name("ocop-worker".into())
            .spawn(move || run(data_dir, inbox, outbox, counter, waker));
        if let Err(e) = spawned {
            log::error!("cannot start the worker thread: {e}");
        }
        Self {
            requester: Requester {
                requests,
                in_flight,
            },
            replies,
        }
    }

    pub fn send(&self, request: Request) {
        self.requester.send(request);
    }

    pub fn requester(&self) -> Requester {
        self.requester.clone()
    }

    /// Every reply that has arrived, in order.
    pub fn poll(&self) -> Vec<Reply> {
        self.replies.try_iter().collect()
    }

    /// True when every request sent has been answered (replies may await `poll`).
    pub fn is_idle(&self) -> bool {
        self.requester.in_flight.load(Ordering::SeqCst) == 0
    }
}

/// What ended serving an open session.
enum Served {
    /// The UI is gone.
    Closed,
    /// A restore was asked for: the session must close first.
    Restore(PathBuf),
    /// Try opening the folder again (it was just created).
    Retry,
}

fn run(
    data_dir: PathBuf,
    inbox: Receiver<Request>,
    outbox: Sender<Reply>,
    in_flight: Arc<AtomicUsize>,
    waker: Waker,
) {
    let send = |reply: Reply| {
        outbox.send(reply).ok();
        waker();
    };
    let answered = || {
        in_flight.fetch_sub(1, Ordering::SeqCst);
    };
    let mut pending_restore: Option<PathBuf> = None;
    loop {
        if let Some(path) = pending_restore.take() {
            send(restore_reply(&data_dir, &path));
            answered();
        }
        let served = match Session::open(&data_dir) {
            Ok(session) => serve(session, &inbox, &send, &answered),
            Err(e) => {
                send(match backup::start_problem(&data_dir, &e) {
                    Some(problem) => Reply::StartProblem(problem),
                    None => Reply::Fatal(format!("{e:#}")),
                });
                wait_for_fix(&data_dir, &inbox, &send, &answered)
            }
        };
        match served {
            Served::Closed => return,
            Served::Restore(path) => pending_restore = Some(path),
            Served::Retry => {}
        }
    }
}

fn restore_reply(data_dir: &std::path::Path, path: &std::path::Path) -> Reply {
    match backup::restore::restore(data_dir, path) {
        Ok(done) => Reply::Restored {
            from: done.from,
            previous: done.previous,
        },
        Err(e) => Reply::Failed {
            what: format!("restore {}", path.display()),
            message: e.to_string(),
        },
    }
}

/// While the folder does not open: only what can fix it runs. `None` from the
/// inbox's end means the UI is gone.
fn wait_for_fix(
    data_dir: &std::path::Path,
    inbox: &Receiver<Request>,
    send: &dyn Fn(Reply),
    answered: &dyn Fn(),
) -> Served {
    for request in inbox {
        match request {
            Request::RestoreBackup { path } => return Served::Restore(path),
            Request::CreateDataFolder => {
                match crate::app::paths::create_data_dir(data_dir) {
                    Ok(()) => send(Reply::Done {
                        round: None,
                        notice: super::notice::Notice::DataFolderCreated {
                            path: data_dir.to_path_buf(),
                        },
                    }),
                    Err(e) => send(Reply::Failed {
                        what: "create the data folder".into(),
                        message: format!("{e:#}"),
                    }),
                }
                answered();
                return Served::Retry;
            }
            Request::ListBackups => send(Reply::Backups {
                list: backup::list(data_dir),
                made: None,
            }),
            _ => send(Reply::NotOpen),
        }
        answered();
    }
    Served::Closed
}

fn serve(
    mut session: Session,
    inbox: &Receiver<Request>,
    send: &dyn Fn(Reply),
    answered: &dyn Fn(),
) -> Served {
    // Who is at the keyboard; a restored database starts with nobody picked.
    let mut desk = super::desk::Desk::default();
    let mut anchored = None;
    for request in inbox {
        let mut emit = |reply: Reply| send(reply);
        let reply = match request {
            Request::RestoreBackup { path } => return Served::Restore(path),
            Request::ListBackups => Reply::Backups {
                list: backup::list(&session.data_dir),
                made: None,
            },
            Request::BackupNow => match backup::backup_now(&session, BackupReason::Manual) {
                Ok(info) => Reply::Backups {
                    list: backup::list(&session.data_dir),
                    made: Some(info.path),
                },
                Err(e) => Reply::Failed {
                    what: "backup".into(),
                    message: e.to_string(),
                },
            },
            request => desk.run(&mut session, request, &mut emit),
        };
        send(reply);
        // A change confirmed: move the audit anchor (verify's rollback check).
        let tip = session.store.audit_tip().ok().flatten().map(|t| t.id);
        if tip != anchored {
            session.advance_anchor();
            anchored = tip;
        }
        answered();
    }
    Served::Closed
}

/// The reply for a store error: typed for what the UI translates (a refusal by the
/// permission table, a PIN), the store's own words otherwise.
pub(crate) fn error_reply(what: &str, e: &StoreError) -> Reply {
    if let Some(refusal) = super::notice::Refusal::of(e) {
        return Reply::Refused(refusal);
    }
    match e {
        StoreError::NotPermitted(refusal) => Reply::NotPermitted(*refusal),
        StoreError::Pin(refusal) => Reply::PinRefused(*refusal),
        other => Reply::Failed {
            what: what.to_string(),
            message: other.to_string(),
        },
    }
}
