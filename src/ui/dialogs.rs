//! Native file dialogs (rfd, xdg-portal) on their own thread: a dialog blocks
//! until the user answers, which must never freeze a frame. The chosen path goes
//! straight to the worker as a request.

use std::path::PathBuf;

use crate::app::worker::{Request, Requester};

/// Asks where to save; on an answer, sends `make(path)` to the worker.
pub fn save_file(
    requester: Requester,
    title: String,
    file_name: String,
    filter: (&'static str, &'static [&'static str]),
    make: impl FnOnce(PathBuf) -> Request + Send + 'static,
) {
    let spawned = std::thread::Builder::new()
        .name("save-dialog".into())
        .spawn(move || {
            let chosen = rfd::FileDialog::new()
                .set_title(title)
                .set_file_name(file_name)
                .add_filter(filter.0, filter.1)
                .save_file();
            if let Some(path) = chosen {
                requester.send(make(path));
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
            if let Some(path) = rfd::FileDialog::new().set_title(title).pick_folder() {
                requester.send(make(path));
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
            if let Some(path) = rfd::FileDialog::new()
                .set_title(title)
                .add_filter(filter.0, filter.1)
                .pick_file()
            {
                requester.send(make(path));
            }
        });
    if let Err(e) = spawned {
        log::error!("cannot open a file dialog: {e}");
    }
}
