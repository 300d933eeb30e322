//! The worker thread: owns the session (SQLite, files) so that no query, file or
//! PDF work ever runs inside a UI frame. The UI sends [`Request`]s; the worker runs
//! them in order (so autosaves land in the order they were made) and sends back
//! [`Reply`]s, waking the UI through the waker. No egui here: the waker is a closure.

use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc::{Receiver, Sender, channel};

use crate::app::Session;
use crate::app::dossier::{self, DossierView};
use crate::app::export::{ExportFormat, export_round};
use crate::app::prefs::{Identity, Prefs};
use crate::app::views::{self, DeskData, RoundData, RoundsData};
use crate::app::{demo, dossier_export};
use crate::domain::criteria::{ChoiceId, CriterionId};
use crate::domain::ids::{DossierId, MemberId, ProductId, RoundId};
use crate::exchange::dossier::Progress;
use crate::store::{Actor, AnswerChange, StoreError};

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
    /// Write a product's latest dossier as a bundle (folder, or .zip by extension).
    ExportDossier {
        product: ProductId,
        path: PathBuf,
    },
    /// Show an older version of a dossier.
    LoadDossierVersion {
        dossier: DossierId,
    },
    /// Write the round's results to `path` (chosen in a save dialog).
    Export {
        round: RoundId,
        format: ExportFormat,
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
    /// A file was written.
    Written {
        path: PathBuf,
    },
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
    for request in inbox {
        let mut emit = |reply: Reply| {
            outbox.send(reply).ok();
            waker();
        };
        let reply = handle(&mut session, request, &mut emit);
        outbox.send(reply).ok();
        in_flight.fetch_sub(1, Ordering::SeqCst);
        waker();
    }
}

fn actor(session: &Session, member: MemberId) -> Actor {
    match session.store.member(member) {
        Ok(m) => Actor::new(format!("member:{} {}", m.id, m.name)),
        Err(_) => Actor::new(format!("member:{member}")),
    }
}

fn failed(what: impl Into<String>, e: &StoreError) -> Reply {
    Reply::Failed {
        what: what.into(),
        message: e.to_string(),
    }
}

/// Runs one request; `emit` sends intermediate replies (progress).
fn handle(session: &mut Session, request: Request, emit: &mut dyn FnMut(Reply)) -> Reply {
    match request {
        Request::LoadDemo => match demo::load_demo_round(session) {
            Ok(round) => Reply::DemoLoaded(round),
            Err(e) => Reply::Failed {
                what: "demo round".into(),
                message: format!("{e:#}"),
            },
        },
        Request::ImportDossier { round, path } => {
            let what = path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            let actor = Actor::new("gui (secretariat)");
            let mut last_percent = u64::MAX;
            let mut progress = |p: Progress| {
                // At most one message per percent: the UI need not repaint more.
                let percent = (p.bytes_done * 100).checked_div(p.bytes_total).unwrap_or(0);
                if percent != last_percent {
                    last_percent = percent;
                    emit(Reply::Progress {
                        what: what.clone(),
                        done: p.bytes_done,
                        total: p.bytes_total,
                    });
                }
            };
            match dossier::import_bundle(session, &path, round, &actor, &mut progress) {
                Ok(Ok(outcome)) => Reply::DossierImported {
                    round,
                    product: outcome.product,
                    message: dossier::describe_outcome(&outcome),
                },
                Ok(Err(report)) => Reply::DossierRefused {
                    bundle: report.bundle.clone(),
                    problems: report.problems.iter().map(ToString::to_string).collect(),
                },
                Err(e) => Reply::Failed {
                    what: format!("import {what}"),
                    message: format!("{e:#}"),
                },
            }
        }
        Request::ExportDossier { product, path } => {
            match dossier_export::export_dossier(session, product, &path) {
                Ok(_) => Reply::Written { path },
                Err(e) => Reply::Failed {
                    what: format!("export {}", path.display()),
                    message: format!("{e:#}"),
                },
            }
        }
        Request::LoadDossierVersion { dossier } => {
            match dossier::dossier_version_view(session, dossier) {
                Ok(view) => Reply::DossierVersion(Box::new(view)),
                Err(e) => Reply::Failed {
                    what: "dossier version".into(),
                    message: format!("{e:#}"),
                },
            }
        }
        Request::LoadRounds => match views::rounds(session) {
            Ok(data) => Reply::Rounds(data),
            Err(e) => failed("load rounds", &e),
        },
        Request::LoadRound { round, identity } => match views::round(session, round, identity) {
            Ok(data) => Reply::Round(Box::new(data)),
            Err(e) => failed("load round", &e),
        },
        Request::LoadDesk { product, member } => match views::desk(session, product, member) {
            Ok(data) => Reply::Desk(Box::new(data)),
            Err(e) => Reply::Failed {
                what: "load sheet".into(),
                message: format!("{e:#}"),
            },
        },
        Request::Choose {
            product,
            member,
            criterion,
            choice,
        } => {
            let who = actor(session, member);
            match session.store.change_answer(
                product,
                member,
                &criterion,
                &AnswerChange::Choice(choice),
                &who,
            ) {
                Ok(total) => Reply::Saved {
                    product,
                    member,
                    criterion,
                    total,
                },
                Err(e) => failed(format!("save {criterion}"), &e),
            }
        }
        Request::Comment {
            product,
            member,
            criterion,
            text,
        } => {
            let who = actor(session, member);
            match session.store.change_answer(
                product,
                member,
                &criterion,
                &AnswerChange::Comment(text),
                &who,
            ) {
                Ok(total) => Reply::Saved {
                    product,
                    member,
                    criterion,
                    total,
                },
                Err(e) => failed(format!("save comment {criterion}"), &e),
            }
        }
        Request::Submit { product, member } => {
            let who = actor(session, member);
            match session.store.submit_sheet(product, member, &who) {
                Ok(total) => Reply::Submitted {
                    product,
                    member,
                    total,
                },
                Err(e) => failed("submit", &e),
            }
        }
        Request::Reopen {
            product,
            member,
            by,
            reason,
        } => {
            let who = actor(session, by);
            match session
                .store
                .reopen_sheet(product, member, by, &reason, &who)
            {
                Ok(()) => match views::desk(session, product, member) {
                    Ok(data) => Reply::Desk(Box::new(data)),
                    Err(e) => Reply::Failed {
                        what: "load sheet".into(),
                        message: format!("{e:#}"),
                    },
                },
                Err(e) => failed("reopen", &e),
            }
        }
        Request::Export {
            round,
            format,
            path,
        } => match export_round(session, round, format, &path) {
            Ok(()) => Reply::Written { path },
            Err(e) => Reply::Failed {
                what: format!("export {}", path.display()),
                message: format!("{e:#}"),
            },
        },
        Request::SavePrefs(prefs) => match prefs.save(&session.data_dir) {
            Ok(()) => Reply::PrefsSaved,
            Err(e) => Reply::Failed {
                what: "save preferences".into(),
                message: e.to_string(),
            },
        },
    }
}
