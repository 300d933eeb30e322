//! The worker thread: owns the session (SQLite, files) so that no query, file or
//! PDF work ever runs inside a UI frame. The UI sends [`Request`]s; the worker runs
//! them in order (so autosaves land in the order they were made) and sends back
//! [`Reply`]s, waking the UI through the waker. No egui here: the waker is a closure.
//! The protocol itself lives in request.rs and reply.rs; the handlers in handle/.

use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc::{Receiver, Sender, channel};

use crate::app::Session;
use crate::app::backup;
use crate::app::handle::{self, Next};

pub use crate::app::reply::{IdentityOutcome, PinChange, Reply};
pub use crate::app::request::Request;

/// Wakes the UI thread (e.g. `egui::Context::request_repaint`).
pub type Waker = Arc<dyn Fn() + Send + Sync>;

/// A cloneable way to send requests, e.g. from a file dialog's thread.
#[derive(Clone)]
pub struct Requester {
    requests: Sender<Request>,
    in_flight: Arc<AtomicUsize>,
}

impl Requester {
    pub fn send(&self, request: impl Into<Request>) {
        self.in_flight.fetch_add(1, Ordering::SeqCst);
        if self.requests.send(request.into()).is_err() {
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

    pub fn send(&self, request: impl Into<Request>) {
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
            send(handle::backups::restore(&data_dir, &path));
            answered();
        }
        let served = match Session::open(&data_dir) {
            Ok(session) => serve(session, &inbox, &send, &answered),
            Err(e) => {
                send(match backup::start_problem(&data_dir, &e) {
                    Some(problem) => Reply::StartProblem(problem),
                    None => Reply::Fatal(handle::open_failure(&data_dir, &e)),
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

/// While the folder does not open: only the backups' requests (what can fix it)
/// run; every other request is answered [`Reply::NotOpen`]. `None` from the
/// inbox's end means the UI is gone.
fn wait_for_fix(
    data_dir: &std::path::Path,
    inbox: &Receiver<Request>,
    send: &dyn Fn(Reply),
    answered: &dyn Fn(),
) -> Served {
    for request in inbox {
        let next = match request {
            Request::Backups(request) => handle::backups::handle(data_dir, None, request),
            _ => Next::Reply(Reply::NotOpen),
        };
        match next {
            Next::Reply(reply) => send(reply),
            Next::Restore(path) => return Served::Restore(path),
            Next::Retry(reply) => {
                send(reply);
                answered();
                return Served::Retry;
            }
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
        let actor = desk.actor();
        match handle::dispatch(&mut session, &mut desk, request, actor, &mut emit) {
            Next::Reply(reply) | Next::Retry(reply) => send(reply),
            Next::Restore(path) => return Served::Restore(path),
        }
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
