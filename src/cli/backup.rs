//! `ocop-council backup [--out FILE]`, `backup list`, `restore FILE`, and what the
//! command line says when the database is damaged: the command that restores the
//! newest good backup.

use std::path::{Path, PathBuf};

use clap::{Args, Subcommand};

use super::{CliResult, Failure, print_json, print_table};
use crate::app::Session;
use crate::app::backup::{self, BackupReason, restore};
use crate::store::StoreError;

#[derive(Debug, Args)]
#[command(args_conflicts_with_subcommands = true)]
pub struct BackupArgs {
    #[command(subcommand)]
    pub command: Option<BackupCommand>,
    /// Write the copy to FILE instead of <data folder>/backups/.
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
}

#[derive(Debug, Subcommand)]
pub enum BackupCommand {
    /// The backups in <data folder>/backups/, newest first.
    List {
        #[arg(long)]
        json: bool,
    },
}

/// `backup`: a copy now (SQLite's online backup API; safe while the app runs).
pub(super) fn backup(data_dir: &Path, args: BackupArgs) -> CliResult {
    match args.command {
        Some(BackupCommand::List { json }) => list(data_dir, json),
        None => {
            let session = Session::open(data_dir)?;
            let path = match args.out {
                Some(out) => {
                    session.store.backup_to(&out)?;
                    out
                }
                None => backup::backup_now(&session, BackupReason::Manual)?.path,
            };
            out!("{}", path.display());
            Ok(())
        }
    }
}

fn list(data_dir: &Path, json: bool) -> CliResult {
    let backups = backup::list(data_dir);
    if json {
        return print_json(&backups);
    }
    if backups.is_empty() {
        out!(
            "no backups yet in {}",
            backup::backup_folder(data_dir).display()
        );
        return Ok(());
    }
    let rows: Vec<Vec<String>> = backups
        .iter()
        .map(|b| {
            vec![
                b.taken_at.clone(),
                b.reason.clone(),
                format!("{} KB", b.bytes.div_ceil(1024)),
                if b.kept_forever { "forever" } else { "" }.to_string(),
                b.path.display().to_string(),
            ]
        })
        .collect();
    print_table(&["taken (UTC)", "why", "size", "kept", "file"], &rows);
    Ok(())
}

/// `restore FILE`: refuses while the app or another command has the folder open.
pub(super) fn restore(data_dir: &Path, file: &Path) -> CliResult {
    let done = restore::restore(data_dir, file).map_err(|e| Failure(vec![e.to_string()]))?;
    out!(
        "restored {} (schema version {}, {} round(s)) into {}",
        done.from.display(),
        done.facts.schema_version,
        done.facts.rounds,
        data_dir.display()
    );
    if let Some(previous) = done.previous {
        out!("the database it replaced is kept as {}", previous.display());
    }
    Ok(())
}

/// The lines for a session that did not open: a damaged database names the
/// newest good backup and the command that restores it.
pub(super) fn open_failure(data_dir: &Path, e: anyhow::Error) -> Failure {
    let Some(StoreError::Damaged { path, detail }) = e.downcast_ref::<StoreError>() else {
        return Failure::from(e);
    };
    let mut lines = vec![format!(
        "the database {} is damaged and cannot be used as it is (SQLite reports: {detail})",
        path.display()
    )];
    match backup::newest_good(data_dir) {
        Some((info, facts)) => lines.push(format!(
            "the newest good backup is {} (taken {} UTC, {} round(s)); restore it with: ocop-council --data-dir {} restore {}",
            info.file_name,
            info.taken_at,
            facts.rounds,
            shell_quote(data_dir),
            shell_quote(&info.path)
        )),
        None => lines.push(format!(
            "no good backup was found in {}; if you have a copy elsewhere: ocop-council --data-dir {} restore FILE",
            backup::backup_folder(data_dir).display(),
            shell_quote(data_dir)
        )),
    }
    Failure(lines)
}

fn shell_quote(path: &Path) -> String {
    let text = path.display().to_string();
    if text
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || "/._-+:".contains(c))
    {
        text
    } else {
        format!("'{}'", text.replace('\'', "'\\''"))
    }
}
