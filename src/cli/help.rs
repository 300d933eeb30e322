//! The clap command as users see it: the derived tree plus the help lines shared by
//! many subcommands (`--round`, `--json`, ...), and `--version` naming the embedded
//! criteria sets. `main`, the completions and the man pages all use [`command`], so
//! what `--help` says, what the shell completes and what `man` shows stay one text.

use clap::{Arg, CommandFactory, FromArgMatches};

use super::Cli;
use crate::domain::criteria::Catalog;

/// Help for arguments that mean the same in every subcommand that has them. An
/// argument's own doc comment wins; this only fills the ones without.
const SHARED_HELP: &[(&str, &str)] = &[
    ("round", "The round's id (see `round list`)"),
    ("product", "The product's id (see `product list --round R`)"),
    ("member", "The member's id (see `member list --round R`)"),
    ("json", "Print JSON instead of a table"),
    ("csv", "Print CSV instead of a table"),
    (
        "reason",
        "Why, in a sentence; kept in the audit log and the minutes",
    ),
];

/// The full command tree, with shared help filled in and the long version.
pub fn command() -> clap::Command {
    with_shared_help(Cli::command())
}

/// Parses the process arguments against [`command`] (clap exits on `--help`,
/// `--version` and errors, as `Cli::parse` would).
pub fn parse() -> Cli {
    let mut command = command();
    // Reading the embedded sheets costs a few milliseconds: only for `--version`.
    if std::env::args_os().any(|arg| arg == "--version") {
        command = command.long_version(long_version());
    }
    let matches = command.get_matches();
    Cli::from_arg_matches(&matches).unwrap_or_else(|e| e.exit())
}

/// `--version`: the program's version, then each embedded criteria set (the legal
/// instrument and its date), since a council's scores are only comparable under
/// the same sheets.
pub fn long_version() -> String {
    let mut text = env!("CARGO_PKG_VERSION").to_owned();
    for set in Catalog::embedded().sets() {
        text.push_str(&format!(
            "\ncriteria set {}: {} ({}), {} sheets",
            set.info.id,
            set.info.instrument_short,
            set.info.issued,
            set.sheets.len()
        ));
    }
    text
}

fn with_shared_help(command: clap::Command) -> clap::Command {
    let command = command.mut_args(|arg| {
        if arg.get_help().is_some() {
            return arg;
        }
        match SHARED_HELP.iter().find(|(id, _)| arg.get_id() == *id) {
            Some((_, help)) => arg.help(*help),
            None => arg,
        }
    });
    command.mut_subcommands(with_shared_help)
}

/// Every argument and subcommand without a help line, as `path --arg` / `path`
/// (the test that keeps `--help` complete).
pub fn missing_help(command: &clap::Command) -> Vec<String> {
    let mut missing = Vec::new();
    collect_missing(command, command.get_name(), &mut missing);
    missing
}

fn collect_missing(command: &clap::Command, path: &str, missing: &mut Vec<String>) {
    for arg in command.get_arguments().filter(|a| !is_builtin(a)) {
        if arg.get_help().is_none() && arg.get_long_help().is_none() {
            let name = match arg.get_long() {
                Some(long) => format!("--{long}"),
                None => format!("<{}>", arg.get_id()),
            };
            missing.push(format!("{path} {name}"));
        }
    }
    for sub in command.get_subcommands() {
        let sub_path = format!("{path} {}", sub.get_name());
        if sub.get_about().is_none() && sub.get_long_about().is_none() {
            missing.push(sub_path.clone());
        }
        collect_missing(sub, &sub_path, missing);
    }
}

/// clap's own `--help` / `--version` (they always have help once built).
fn is_builtin(arg: &Arg) -> bool {
    matches!(arg.get_id().as_str(), "help" | "version")
}
