//! Files outside the store: opening one in the system viewer, the preferences,
//! and a file dialog that could not be shown (answered as is, for the UI to say).

use crate::app::Session;
use crate::app::failure::{Cause, Operation};
use crate::app::reply::{Reply, failed};
use crate::app::request::FilesRequest;

pub(super) fn handle(session: &mut Session, request: FilesRequest) -> Reply {
    match request {
        FilesRequest::OpenFile { path, name } => {
            match crate::app::open_file::open(&path, name.as_deref()) {
                Ok(path) => Reply::Opened { path },
                Err(e) => Reply::OpenFailed {
                    name: name.unwrap_or_else(|| path.display().to_string()),
                    cause: Cause::of_chain(Some(&path), &e),
                },
            }
        }
        FilesRequest::NoFileDialog { saved_in } => Reply::NoFileDialog { saved_in },
        FilesRequest::SavePrefs(prefs) => match prefs.save(&session.data_dir) {
            Ok(()) => Reply::PrefsSaved,
            Err(e) => failed(Operation::SavePrefs, Cause::io(None, &e)),
        },
    }
}
