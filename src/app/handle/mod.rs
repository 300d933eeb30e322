//! The worker's handlers: one module per request area, each with one exhaustive
//! `match` over its sub-enum, and [`dispatch`], the one exhaustive `match` over
//! [`Request`]. A request nobody handles does not compile. Runs on the worker
//! thread only.

pub(super) mod backups;
mod catalogue;
mod council;
mod documents;
mod dossiers;
mod files;
mod laptops;
mod sheet;
mod views;

use std::path::PathBuf;

use super::Session;
use super::desk::Desk;
use super::failure::{Cause, Failure, Operation};
use super::reply::Reply;
use super::request::Request;
use crate::domain::actor::Actor;
use crate::store::StoreError;

/// What the worker does after a request.
pub(super) enum Next {
    /// Send the reply and take the next request.
    Reply(Reply),
    /// Close the session and restore this backup (the reply comes after).
    Restore(PathBuf),
    /// Send the reply and try opening the data folder again.
    Retry(Reply),
}

impl From<Reply> for Next {
    fn from(reply: Reply) -> Self {
        Self::Reply(reply)
    }
}

/// Why the data folder did not open, when it is nothing the user can fix in the
/// app (those are `Reply::StartProblem`s).
pub(super) fn open_failure(data_dir: &std::path::Path, e: &anyhow::Error) -> Failure {
    let cause = match e.chain().find_map(|c| c.downcast_ref::<StoreError>()) {
        Some(store) => Cause::of_store(store),
        None => Cause::of_chain(Some(data_dir), e),
    };
    Failure {
        operation: Operation::OpenDataFolder,
        cause,
    }
}

/// Runs one request as `actor`, unwrapping the PIN wrappers (each checks its PIN
/// and runs the request it carries as the vouched actor); `emit` sends
/// intermediate replies (progress).
pub(super) fn dispatch(
    session: &mut Session,
    desk: &mut Desk,
    request: Request,
    actor: Actor,
    emit: &mut dyn FnMut(Reply),
) -> Next {
    match request {
        Request::WithPin { pin, request } => match desk.with_pin(session, &pin, actor) {
            Ok(actor) => dispatch(session, desk, *request, actor, emit),
            Err(reply) => (*reply).into(),
        },
        Request::OnOrder {
            chair,
            chair_pin,
            request,
        } => match desk.on_order(session, chair, chair_pin.as_deref(), actor) {
            Ok(actor) => dispatch(session, desk, *request, actor, emit),
            Err(reply) => (*reply).into(),
        },
        Request::People(request) => desk.handle(session, request, &actor).into(),
        Request::Backups(request) => backups::handle(&session.data_dir, Some(session), request),
        Request::Views(request) => views::handle(session, request).into(),
        Request::Sheet(request) => sheet::handle(session, request, &actor).into(),
        Request::Council(request) => council::handle(session, request, &actor).into(),
        Request::Dossiers(request) => dossiers::handle(session, request, &actor, emit).into(),
        Request::Documents(request) => documents::handle(session, request, &actor, emit).into(),
        Request::Laptops(request) => laptops::handle(session, request, &actor, emit).into(),
        Request::Catalogue(request) => catalogue::handle(session, request, &actor, emit).into(),
        Request::Files(request) => files::handle(session, request).into(),
    }
}
