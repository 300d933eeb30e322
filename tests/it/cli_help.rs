//! The command line as people expect it: a help line for every option and
//! subcommand, shell completions and man pages that name every subcommand, a
//! `--version` that names the criteria sets, and no progress bar when stderr is
//! not a terminal.

use std::path::Path;

use crate::common::Cli;

/// Every visible subcommand's path, e.g. `["round", "create"]`.
fn subcommand_paths(command: &clap::Command, prefix: &[String], out: &mut Vec<Vec<String>>) {
    for sub in command.get_subcommands().filter(|s| !s.is_hide_set()) {
        let mut path = prefix.to_vec();
        path.push(sub.get_name().to_owned());
        out.push(path.clone());
        subcommand_paths(sub, &path, out);
    }
}

fn all_subcommands() -> Vec<Vec<String>> {
    let mut paths = Vec::new();
    subcommand_paths(&ocop_council::cli::command(), &[], &mut paths);
    paths
}

#[test]
fn every_option_and_subcommand_has_a_help_line() {
    let missing = ocop_council::cli::missing_help(&ocop_council::cli::command());
    assert!(
        missing.is_empty(),
        "without a help line:\n  {}",
        missing.join("\n  ")
    );
}

#[test]
fn help_shows_the_shared_lines_and_the_own_ones() {
    let cli = Cli::new();
    let help = cli.ok(&["export", "--help"]);
    assert!(help.contains("The round's id"), "{help}");
    assert!(help.contains("--format"), "{help}");
    let help = cli.ok(&["round", "create", "--help"]);
    assert!(
        help.contains("--name") && help.contains("The round's name"),
        "{help}"
    );
}

#[test]
fn version_names_the_criteria_sets() {
    let cli = Cli::new();
    let text = cli.ok(&["--version"]);
    assert!(text.contains(env!("CARGO_PKG_VERSION")), "{text}");
    assert!(text.contains("qd148-2023"), "{text}");
}

#[test]
fn completions_for_every_shell_name_every_subcommand() {
    let cli = Cli::new();
    let paths = all_subcommands();
    assert!(paths.len() > 40, "{paths:?}");
    for shell in ["bash", "zsh", "fish", "powershell"] {
        let script = cli.ok(&["completions", shell]);
        assert!(script.len() > 1000, "{shell}: {} bytes", script.len());
        for path in &paths {
            let name = path.last().unwrap();
            assert!(script.contains(name.as_str()), "{shell} lacks {path:?}");
        }
    }
}

#[test]
fn completions_refuse_an_unknown_shell() {
    let cli = Cli::new();
    let err = cli.fails(&["completions", "tcsh"]);
    assert!(err.contains("tcsh"), "{err}");
}

#[test]
fn man_pages_cover_every_subcommand() {
    let cli = Cli::new();
    let out = cli.dir().join("man");
    cli.ok(&["man-pages", "--out", out.to_str().unwrap()]);
    // roff writes a hyphen as `\-`.
    let main = read(&out.join("ocop-council.1")).replace("\\-", "-");
    assert!(main.contains(".TH ocop-council"), "{main}");
    for path in all_subcommands() {
        let file = out.join(format!("ocop-council-{}.1", path.join("-")));
        let page = read(&file);
        assert!(
            page.contains(".SH DESCRIPTION") || page.contains(".SH NAME"),
            "{file:?}"
        );
        if path.len() == 1 {
            assert!(main.contains(&path[0]), "the main page lacks {path:?}");
        }
    }
    let create = read(&out.join("ocop-council-round-create.1"));
    assert!(create.contains("quorum"), "{create}");
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

#[test]
fn no_progress_bar_when_stderr_is_not_a_terminal() {
    let cli = Cli::new();
    let round = cli.id(&["round", "create", "--name", "R"]);
    let out = cli.dir().join("r.json");
    let run = cli.run(&[
        "export",
        "--round",
        &round.to_string(),
        "--format",
        "json",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert!(run.status.success());
    assert!(
        run.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
}
