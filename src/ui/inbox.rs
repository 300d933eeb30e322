//! Actions handed to the UI from other threads (a native dialog's: the files
//! picked), applied at the start of the next frame. The worker is not involved:
//! what the user picked stays in the UI until it becomes a request.

use super::Action;

/// Actions sent from other threads (a native dialog's), waking the UI.
pub(super) struct Inbox {
    sender: ActionSender,
    actions: std::sync::mpsc::Receiver<Action>,
}

impl Inbox {
    pub(super) fn new(waker: crate::app::worker::Waker) -> Self {
        let (actions_tx, actions) = std::sync::mpsc::channel();
        Self {
            sender: ActionSender {
                actions: actions_tx,
                waker,
            },
            actions,
        }
    }

    pub(super) fn sender(&self) -> ActionSender {
        self.sender.clone()
    }

    pub(super) fn take(&self) -> Vec<Action> {
        self.actions.try_iter().collect()
    }
}

/// A cloneable way to hand the UI an action from another thread.
#[derive(Clone)]
pub(super) struct ActionSender {
    actions: std::sync::mpsc::Sender<Action>,
    waker: crate::app::worker::Waker,
}

impl ActionSender {
    pub(super) fn send(&self, action: Action) {
        if self.actions.send(action).is_ok() {
            (self.waker)();
        }
    }
}
