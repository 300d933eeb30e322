//! Native file dialogs (rfd, xdg-portal) on their own thread: a dialog blocks
//! until the user answers, which must never freeze a frame. The chosen path goes
//! straight to the worker as a request.
//!
//! Without xdg-desktop-portal or zenity, rfd shows nothing and answers "no file"
//! at once, as if cancelled. An answer faster than a person can cancel is taken
//! for that (our reading of rfd's behaviour, not an API it offers): a file to
//! save then goes into the data folder's `exports/`, and the UI says so; a file
//! to open is reported as impossible, with what to do.

use crate::app::request::FilesRequest;

use std::path::PathBuf;
use std::time::{Duration, Instant};

use crate::app::worker::{Request, Requester};

/// No person cancels a dialog faster than this.
const FASTEST_CANCEL: Duration = Duration::from_millis(400);

/// The dialog answered "no file" too fast for a person: none was shown.
pub fn none_was_shown(asked: Instant) -> bool {
    asked.elapsed() < FASTEST_CANCEL
}

/// Asks where to save; on an answer, sends `make(path)` to the worker. When no
/// dialog can be shown, the file goes into `exports` (the data folder's).
pub fn save_file(
    requester: Requester,
    title: String,
    file_name: String,
    filter: (&'static str, &'static [&'static str]),
    make: impl FnOnce(PathBuf) -> Request + Send + 'static,
    exports: PathBuf,
) {
    let spawned = std::thread::Builder::new()
        .name("save-dialog".into())
        .spawn(move || {
            let asked = Instant::now();
            let chosen = rfd::FileDialog::new()
                .set_title(title)
                .set_file_name(&file_name)
                .add_filter(filter.0, filter.1)
                .save_file();
            match chosen {
                Some(path) => requester.send(make(path)),
                None if none_was_shown(asked) => {
                    // This thread, not a frame, makes the folder.
                    let saved_in = std::fs::create_dir_all(&exports)
                        .ok()
                        .map(|()| exports.clone());
                    requester.send(FilesRequest::NoFileDialog {
                        saved_in: saved_in.clone(),
                    });
                    if let Some(folder) = saved_in {
                        requester.send(make(folder.join(file_name)));
                    }
                }
                None => {}
            }
        });
    if let Err(e) = spawned {
        log::error!("cannot open a file dialog: {e}");
    }
}

/// Asks for a folder; on an answer, sends `make(path)` to the worker.
pub fn pick_folder(
    requester: Requester,
    title: String,
    make: impl FnOnce(PathBuf) -> Request + Send + 'static,
) {
    let spawned = std::thread::Builder::new()
        .name("folder-dialog".into())
        .spawn(move || {
            let asked = Instant::now();
            match rfd::FileDialog::new().set_title(title).pick_folder() {
                Some(path) => requester.send(make(path)),
                None if none_was_shown(asked) => {
                    requester.send(FilesRequest::NoFileDialog { saved_in: None });
                }
                None => {}
            }
        });
    if let Err(e) = spawned {
        log::error!("cannot open a folder dialog: {e}");
    }
}

/// Asks for one file to open; on an answer, sends `make(path)` to the worker.
pub fn pick_file(
    requester: Requester,
    title: String,
    filter: (&'static str, &'static [&'static str]),
    make: impl FnOnce(PathBuf) -> Request + Send + 'static,
) {
    let spawned = std::thread::Builder::new()
        .name("open-dialog".into())
        .spawn(move || {
            let asked = Instant::now();
            match rfd::FileDialog::new()
                .set_title(title)
                .add_filter(filter.0, filter.1)
                .pick_file()
            {
                Some(path) => requester.send(make(path)),
                None if none_was_shown(asked) => {
                    requester.send(FilesRequest::NoFileDialog { saved_in: None });
                }
                None => {}
            }
        });
    if let Err(e) = spawned {
        log::error!("cannot open a file dialog: {e}");
    }
}
