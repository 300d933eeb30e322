//! The worker thread: owns the session (SQLite, files) so that no query, file or
//! PDF work ever runs inside a UI frame. The UI sends [`Request`]s; the worker runs
//! them in order (so autosaves land in the order they were made) and sends back
//! [`Reply`]s, waking the UI through the waker. No egui here: the waker is a closure.

use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc::{Receiver, Sender, channel};

use crate::app::Session;
use crate::app::doc_settings::DocSettings;
use crate::app::dossier::DossierView;
use crate::app::dossier::LooseFile;
use crate::app::export::ExportFormat;
use crate::app::package::PackageReport;
use crate::app::prefs::{Identity, Prefs};
use crate::app::views::{DeskData, RoundData, RoundsData};
use crate::domain::criteria::{ChoiceId, CriterionId};
use crate::domain::disqualify::Disqualification;
use crate::domain::dossier::DossierFacts;
use crate::domain::ids::{DossierId, MemberId, ProductId, RoundId};
use crate::domain::member::Role;
use crate::domain::round::{ApprovalDecision, RoundStatus};
use crate::store::Actor;
use crate::store::ConflictRow;
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
    Reopen {
        product: ProductId,
        member: MemberId,
        by: MemberId,
        reason: String,
    },
    SavePrefs(Box<Prefs>),
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
    /// Who is at the keyboard, for the audit log of the requests that follow.
    SetActor(String),
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
        by: Option<MemberId>,
        reason: String,
    },
    /// Finalized → certificates issued: numbers every certificate.
    IssueCertificates {
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
        by: Option<MemberId>,
        reason: String,
    },
    Recuse {
        product: ProductId,
        member: MemberId,
        by: MemberId,
        reason: String,
    },
    Disqualify {
        product: ProductId,
        disqualification: Option<Disqualification>,
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
    PrintMemberSheets {
        round: RoundId,
        member: MemberId,
        path: PathBuf,
    },
    VerifyPayload {
        text: String,
    },
    LoadDocSettings,
    SaveDocSettings(Box<DocSettings>),
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
        message: String,
    },
    /// A bundle was refused; nothing was written. Every problem, one per line.
    DossierRefused {
        bundle: String,
        problems: Vec<String>,
    },
    DossierVersion(Box<DossierView>),
    PickedFiles(Vec<PathBuf>),
    RoundCreated(RoundId),
    ProfileKey(String),
    /// A round package was imported; `me` is this laptop's member, when its key is registered.
    RoundPackageImported {
        round: RoundId,
        me: Option<MemberId>,
        message: String,
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
    Changed {
        round: Option<RoundId>,
        message: String,
    },
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
    /// The document settings (None: not set yet), or why they do not load.
    DocSettings(Result<Option<DocSettings>, String>),
    /// The data folder could not be opened at all.
    Fatal(String),
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

fn run(
    data_dir: PathBuf,
    inbox: Receiver<Request>,
    outbox: Sender<Reply>,
    in_flight: Arc<AtomicUsize>,
    waker: Waker,
) {
    let mut session = match Session::open(&data_dir) {
        Ok(session) => session,
        Err(e) => {
            outbox.send(Reply::Fatal(format!("{e:#}"))).ok();
            waker();
            // Answer nothing more, but keep the count honest for waiting tests.
            for _ in inbox {
                in_flight.fetch_sub(1, Ordering::SeqCst);
            }
            return;
        }
    };
    let mut actor = Actor::new("gui");
    for request in inbox {
        let mut emit = |reply: Reply| {
            outbox.send(reply).ok();
            waker();
        };
        let reply = match request {
            Request::SetActor(label) => {
                actor = Actor::new(label);
                Reply::PrefsSaved
            }
            request => super::requests::handle(&mut session, request, &actor, &mut emit),
        };
        outbox.send(reply).ok();
        in_flight.fetch_sub(1, Ordering::SeqCst);
        waker();
    }
}
