//! `completions SHELL` (clap_complete) and the hidden `man-pages --out DIR`
//! (clap_mangen) that the packages run at build time. Both come from
//! [`super::help::command`], so they always match `--help`. Neither opens a data
//! folder.

use std::path::Path;

use anyhow::Context as _;
use clap_complete::Shell;

use super::CliResult;
use super::help::command;

const BIN_NAME: &str = "ocop-council";

/// The completion script for `shell` on stdout (`source <(ocop-council completions bash)`).
pub(super) fn completions(shell: Shell) -> CliResult {
    use std::io::Write as _;
    let mut script = Vec::new();
    clap_complete::generate(shell, &mut command(), BIN_NAME, &mut script);
    let written = std::io::stdout()
        .lock()
        .write_all(&script)
        .and_then(|()| std::io::stdout().lock().flush());
    match written {
        Ok(()) => Ok(()),
        // `… | head` closes the pipe: not an error.
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        Err(e) => Err(anyhow::Error::new(e)
            .context("cannot write the completions")
            .into()),
    }
}

/// One man page per (visible) command into `out_dir`: `ocop-council.1`,
/// `ocop-council-round.1`, `ocop-council-round-create.1`, ...
pub(super) fn man_pages(out_dir: &Path) -> CliResult {
    std::fs::create_dir_all(out_dir)
        .with_context(|| format!("cannot create {}", out_dir.display()))?;
    clap_mangen::generate_to(command(), out_dir)
        .with_context(|| format!("cannot write the man pages into {}", out_dir.display()))?;
    out!("{}", out_dir.display());
    Ok(())
}
