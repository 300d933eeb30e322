//! A member's sheet: answers autosaved one at a time, evidence, submitting, and
//! reopening a submitted sheet (the chair, or the secretary on the chair's order).

use crate::app::Session;
use crate::app::failure::Operation;
use crate::app::notice::Notice;
use crate::app::reply::{Reply, store_failure};
use crate::app::request::SheetRequest;
use crate::domain::actor::Actor;
use crate::domain::criteria::CriterionId;
use crate::domain::ids::{MemberId, ProductId};
use crate::store::AnswerChange;

pub(super) fn handle(session: &mut Session, request: SheetRequest, actor: &Actor) -> Reply {
    match request {
        SheetRequest::Choose {
            product,
            member,
            criterion,
            choice,
        } => {
            let change = AnswerChange::Choice(choice);
            save_answer(session, actor, product, member, criterion, change)
        }
        SheetRequest::Comment {
            product,
            member,
            criterion,
            text,
        } => {
            let change = AnswerChange::Comment(text);
            save_answer(session, actor, product, member, criterion, change)
        }
        SheetRequest::Evidence {
            product,
            member,
            criterion,
            sha256,
        } => {
            let change = AnswerChange::Evidence(sha256);
            save_answer(session, actor, product, member, criterion, change)
        }
        SheetRequest::Submit { product, member } => {
            match session.store.submit_sheet(product, member, actor) {
                Ok(total) => Reply::Submitted {
                    product,
                    member,
                    total,
                },
                Err(e) => store_failure(Operation::SubmitSheet, &e),
            }
        }
        SheetRequest::Reopen {
            product,
            member,
            reason,
        } => match session.store.reopen_sheet(product, member, &reason, actor) {
            // The UI reloads the round and an open desk on this notice.
            Ok(()) => Reply::Done(Notice::SheetReopened { product, member }),
            Err(e) => store_failure(Operation::ReopenSheet, &e),
        },
    }
}

/// One autosaved change on `member`'s sheet, by whoever is at the keyboard (the
/// store refuses anyone but the member themself).
fn save_answer(
    session: &mut Session,
    actor: &Actor,
    product: ProductId,
    member: MemberId,
    criterion: CriterionId,
    change: AnswerChange,
) -> Reply {
    match session
        .store
        .change_answer(product, member, &criterion, &change, actor)
    {
        Ok(total) => Reply::Saved {
            product,
            member,
            criterion,
            total,
        },
        Err(e) => store_failure(Operation::SaveAnswer { criterion }, &e),
    }
}
