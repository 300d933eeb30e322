//! Progress bars on stderr for the long commands (dossier import, round packages,
//! merging sheets packages, certificates, export). Only when stderr is a terminal:
//! a script or a pipe gets exactly the output it got before. The app layer reports
//! progress through callbacks; this turns those calls into an `indicatif` bar.

use std::io::IsTerminal as _;
use std::time::Duration;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use crate::domain::progress::{Progress, Unit, Work};

/// A bar, or nothing when stderr is not a terminal. Cleared when dropped, so
/// the command's own lines follow on a clean screen (also after an error).
pub(super) struct Bar(Option<ProgressBar>);

impl Bar {
    /// A bar that shows itself only on a terminal.
    pub(super) fn new() -> Self {
        if !std::io::stderr().is_terminal() {
            return Self(None);
        }
        let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr());
        // A spinner until the first report gives a length (else the ticker draws
        // indicatif's default bar for an instant).
        bar.set_style(ProgressStyle::default_spinner());
        bar.enable_steady_tick(Duration::from_millis(120));
        Self(Some(bar))
    }

    /// A spinner with a message, for work that reports no steps (an export).
    pub(super) fn spinner(message: &'static str) -> Self {
        let bar = Self::new();
        if let Some(inner) = &bar.0 {
            inner.set_style(ProgressStyle::default_spinner());
            inner.set_message(message);
        }
        bar
    }

    fn set(&self, unit: Unit, message: &str, done: u64, total: u64) {
        let Some(bar) = &self.0 else { return };
        if bar.length() != Some(total) {
            // A new phase starts from its own zero (not drawn for an instant with
            // the previous phase's position over the new length).
            bar.set_position(0);
            bar.set_style(style(unit));
            bar.set_length(total);
        }
        if bar.message() != message {
            bar.set_message(message.to_owned());
        }
        bar.set_position(done.min(total));
    }

    /// Long work under way (a dossier, a package, merging, certificates).
    pub(super) fn show(&self, progress: &Progress) {
        let phase = work_label(progress.work);
        let message = match &progress.item {
            Some(item) => format!("{phase} {}", crate::cli::escape_controls(item, false)),
            None => phase.to_owned(),
        };
        self.set(
            progress.work.unit(),
            &message,
            progress.done,
            progress.total,
        );
    }
}

/// What long work is doing, in the bar's English (lower case: it leads the line).
fn work_label(work: Work) -> &'static str {
    match work {
        Work::Checking => "checking",
        Work::Storing => "storing",
        Work::Writing => "writing",
        Work::Merging => "merging",
        Work::Certificates => "certificates",
        Work::CatalogueRows => "catalogue rows",
    }
}

impl Drop for Bar {
    fn drop(&mut self) {
        if let Some(bar) = &self.0 {
            bar.finish_and_clear();
        }
    }
}

fn style(unit: Unit) -> ProgressStyle {
    let template = match unit {
        Unit::Bytes => "{msg:<12} [{bar:32}] {bytes}/{total_bytes} ({eta})",
        Unit::Items => "{msg:<12} [{bar:32}] {pos}/{len}",
    };
    // The templates are constants; a bad one would show the default bar.
    ProgressStyle::with_template(template)
        .unwrap_or_else(|_| ProgressStyle::default_bar())
        .progress_chars("=> ")
}
