//! Where long work is (a dossier import, a round or sheets package, a batch of
//! certificates): the one value the exchange and app layers report through their
//! callbacks, the worker passes to the GUI (`Reply::Progress`) and the CLI turns
//! into a bar on stderr. Only the typed "what" is here: the GUI words it in the
//! user's language (ui/messages.rs), the CLI in English (cli/progress.rs).

use serde::Serialize;

/// What is being done.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Work {
    /// Reading and checking every file of a dossier or a package (nothing written).
    Checking,
    /// Copying checked files into the data folder's attachment store.
    Storing,
    /// Writing a package file.
    Writing,
    /// Merging sheets packages, one after another.
    Merging,
    /// Writing certificates (PDF).
    Certificates,
    /// Recording a catalogue file's rows in the province's catalogue.
    CatalogueRows,
}

/// What `done` and `total` count.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unit {
    Bytes,
    Items,
}

impl Work {
    pub fn unit(self) -> Unit {
        match self {
            Self::Checking | Self::Storing | Self::Writing => Unit::Bytes,
            Self::Merging | Self::Certificates | Self::CatalogueRows => Unit::Items,
        }
    }
}

/// `done` of `total` (bytes or items, by [`Work::unit`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Progress {
    pub work: Work,
    pub done: u64,
    pub total: u64,
    /// The file or item being worked on, when there are several.
    pub item: Option<String>,
}

impl Progress {
    pub fn new(work: Work, done: u64, total: u64) -> Self {
        Self {
            work,
            done,
            total,
            item: None,
        }
    }

    pub fn with_item(self, item: impl Into<String>) -> Self {
        Self {
            item: Some(item.into()),
            ..self
        }
    }

    /// 0.0 to 1.0 (0 while the total is unknown).
    pub fn fraction(&self) -> f32 {
        if self.total == 0 {
            0.0
        } else {
            (self.done.min(self.total) as f64 / self.total as f64) as f32
        }
    }

    /// Whole percent, 0 to 100: a reporter sends at most one value per percent.
    pub fn percent(&self) -> u64 {
        (self.done.min(self.total) * 100)
            .checked_div(self.total)
            .unwrap_or(0)
    }
}

/// Lets through at most one report per whole percent (a GUI need not repaint more
/// often, a bar not redraw): the first report always passes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PerPercent {
    last: Option<u64>,
}

impl PerPercent {
    pub fn new() -> Self {
        Self { last: None }
    }

    /// Whether `progress` starts a new percent (and is worth reporting).
    pub fn admits(&mut self, progress: &Progress) -> bool {
        let percent = progress.percent();
        let new = self.last != Some(percent);
        self.last = Some(percent);
        new
    }
}

impl Default for PerPercent {
    fn default() -> Self {
        Self::new()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fraction_and_percent_stay_within_bounds() {
        let p = Progress::new(Work::Storing, 50, 200);
        assert_eq!((p.fraction(), p.percent()), (0.25, 25));
        let unknown = Progress::new(Work::Checking, 10, 0);
        assert_eq!((unknown.fraction(), unknown.percent()), (0.0, 0));
        let over = Progress::new(Work::Merging, 5, 3).with_item("a.ocop-sheets");
        assert_eq!((over.fraction(), over.percent()), (1.0, 100));
        assert_eq!(over.item.as_deref(), Some("a.ocop-sheets"));
        assert_eq!(Work::Certificates.unit(), Unit::Items);
    }

    #[test]
    fn one_report_per_percent_gets_through() {
        let mut gate = PerPercent::new();
        let admitted = (0..=1000)
            .filter(|done| gate.admits(&Progress::new(Work::Storing, *done, 1000)))
            .count();
        assert_eq!(admitted, 101);
    }
}
