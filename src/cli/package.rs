//! `package key|export-round|import|whoami|export-sheets|merge|conflicts` and
//! `member set-key`: a council of laptops (docs/packages.md).

use std::path::PathBuf;

use clap::Subcommand;

use super::{CliResult, Failure, cli_actor, print_json, print_table, round_actor};
use crate::app::{Session, package, paths};
use crate::domain::ids::{MemberId, RoundId};
use crate::store::MergeVerdict;

#[derive(Debug, Subcommand)]
pub enum PackageCommand {
    /// Print this data folder's public key (made on first use); the member sends it to
    /// the secretary, who registers it with `member set-key`.
    Key,
    /// Write the round package (round, criteria, council with keys, products, dossiers)
    /// that members import on their laptops.
    ExportRound {
        #[arg(long)]
        round: i64,
        /// The package file to write.
        #[arg(long, value_name = "PATH")]
        out: PathBuf,
        /// Send it although a voting member has no registered key (they then score on
        /// this machine, not with a sheets package).
        #[arg(long)]
        allow_missing_keys: bool,
    },
    /// Import a round package on a member's laptop (same uids, status, council,
    /// products, dossiers); a newer package of the same round updates it.
    Import {
        /// The round package file.
        path: PathBuf,
    },
    /// Which member of the round this data folder's key belongs to.
    Whoami {
        #[arg(long)]
        round: i64,
    },
    /// Write a member's sheets of a round as a signed sheets package.
    ExportSheets {
        #[arg(long)]
        round: i64,
        #[arg(long)]
        member: i64,
        /// The sheets package file to write.
        #[arg(long, value_name = "PATH")]
        out: PathBuf,
    },
    /// Merge sheets packages (files, or folders of .ocop-sheets files), each on its
    /// own; exits non-zero when any package is rejected.
    Merge {
        /// Sheets package files, or folders holding them.
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        #[arg(long)]
        json: bool,
    },
    /// Incoming sheets a merge kept aside because the sheet here changed locally.
    Conflicts {
        #[arg(long)]
        round: i64,
        #[arg(long)]
        json: bool,
    },
}

fn short(hex: &str) -> &str {
    hex.get(..16).unwrap_or(hex)
}

pub(super) fn run(data_dir: Option<PathBuf>, cmd: PackageCommand) -> CliResult {
    if let PackageCommand::Key = cmd {
        let dir = paths::resolve_data_dir(data_dir)?;
        out!("{}", package::profile_public_key(&dir)?);
        return Ok(());
    }
    let mut session = Session::open(&paths::resolve_data_dir(data_dir)?)?;
    match cmd {
        PackageCommand::Key => Ok(()),
        PackageCommand::ExportRound {
            round,
            out,
            allow_missing_keys,
        } => export_round(&session, round, &out, allow_missing_keys),
        PackageCommand::Import { path } => import(&mut session, &path),
        PackageCommand::Whoami { round } => whoami(&session, round),
        PackageCommand::ExportSheets { round, member, out } => {
            export_sheets(&session, round, member, &out)
        }
        PackageCommand::Merge { paths, json } => merge(&mut session, &paths, json),
        PackageCommand::Conflicts { round, json } => conflicts(&session, round, json),
    }
}

/// `package export-round`: the round package, and who cannot send sheets back.
fn export_round(
    session: &Session,
    round: i64,
    out: &std::path::Path,
    allow_missing_keys: bool,
) -> CliResult {
    let bar = super::progress::Bar::new();
    let done = package::export_round_package(
        session,
        RoundId(round),
        out,
        allow_missing_keys,
        &mut |p| bar.show(&p),
    )?;
    drop(bar);
    out!(
        "{}: round {} (uid {}), {} members, {} products, {} dossier versions, {} attachments ({} bytes)",
        done.path.display(),
        done.round,
        done.round_uid,
        done.members,
        done.products,
        done.dossier_versions,
        done.attachments,
        done.attachment_bytes
    );
    for m in &done.members_without_key {
        out!(
            "  member {} ({}) has no registered key: they cannot send sheets",
            m.member,
            m.name
        );
    }
    Ok(())
}

/// `package import`: what the round package created or changed, and who this
/// data folder is in the round.
fn import(session: &mut Session, path: &std::path::Path) -> CliResult {
    let bar = super::progress::Bar::new();
    let imported =
        package::import_round_package(session, path, &cli_actor(), &mut |p| bar.show(&p))?;
    drop(bar);
    let what = if imported.created {
        "created".to_string()
    } else if imported.changes.is_empty() {
        "already up to date; nothing changed".to_string()
    } else {
        format!("updated ({} changes)", imported.changes.len())
    };
    out!(
        "round {} \"{}\": {what}",
        imported.round,
        imported.round_name
    );
    for change in &imported.changes {
        out!("  {change}");
    }
    for note in &imported.notes {
        out!("  {note}");
    }
    if imported.attachments_stored > 0 {
        out!("  {} attachment(s) stored", imported.attachments_stored);
    }
    match &imported.me {
        Some(me) => out!("this data folder is member {} ({})", me.id, me.name),
        None => out!(
            "no member of this round has this data folder's key (package key): scoring here cannot be sent back"
        ),
    }
    Ok(())
}

/// `package whoami`: the member whose key this data folder holds.
fn whoami(session: &Session, round: i64) -> CliResult {
    match package::member_for_profile(session, RoundId(round))? {
        Some(me) => {
            out!("{}", me.id);
            Ok(())
        }
        None => Err(Failure(vec![format!(
            "no member of round {round} has this data folder's key"
        )])),
    }
}

/// `package export-sheets`: a member's sheets, signed.
fn export_sheets(session: &Session, round: i64, member: i64, out: &std::path::Path) -> CliResult {
    let done = package::export_sheets_package(session, RoundId(round), MemberId(member), out)?;
    out!(
        "{}: {} submitted and {} draft sheet(s) of member {} in round {}, signed",
        done.path.display(),
        done.submitted,
        done.drafts,
        done.member,
        done.round
    );
    Ok(())
}

/// `package merge`: each package's verdict; fails when any was rejected.
fn merge(session: &mut Session, paths: &[PathBuf], json: bool) -> CliResult {
    let bar = super::progress::Bar::new();
    let reports =
        package::merge_sheets_packages(session, paths, &cli_actor(), &mut |p| bar.show(&p))?;
    drop(bar);
    if json {
        print_json(&reports)?;
    } else {
        for report in &reports {
            print_merge_report(report);
        }
    }
    let rejected = reports.iter().filter(|r| r.is_rejected()).count();
    if rejected > 0 {
        return Err(Failure(vec![format!(
            "{rejected} of {} package(s) rejected",
            reports.len()
        )]));
    }
    Ok(())
}

/// One merged package: rejected (why), already merged, or what it did to each sheet.
fn print_merge_report(report: &package::PackageReport) {
    let name = report.path.display();
    match &report.verdict {
        MergeVerdict::Rejected { reasons } => {
            out!("{name}: REJECTED, nothing written");
            for reason in reasons {
                out!("  {reason}");
            }
        }
        MergeVerdict::AlreadyMerged {
            round,
            member,
            merged_at,
        } => out!(
            "{name}: already merged into round {round} (member {member}) at {merged_at}; nothing changed"
        ),
        MergeVerdict::Merged(summary) => {
            out!(
                "{name}: merged into round {} (member {}, {}): {}",
                summary.round,
                summary.member,
                summary.member_name,
                summary.counts()
            );
            for sheet in &summary.sheets {
                out!(
                    "  product {} ({}): {}",
                    sheet.product,
                    sheet.product_name,
                    sheet.outcome.describe()
                );
            }
        }
    }
}

/// `package conflicts`: the incoming sheets kept aside, as a table or JSON.
fn conflicts(session: &Session, round: i64, json: bool) -> CliResult {
    let conflicts = package::round_conflicts(session, RoundId(round))?;
    if json {
        return print_json(&conflicts);
    }
    if conflicts.is_empty() {
        out!("no conflicts in round {round}");
        return Ok(());
    }
    let rows: Vec<Vec<String>> = conflicts
        .iter()
        .map(|c| {
            vec![
                c.id.to_string(),
                format!("{} {}", c.product_id, c.product_name),
                format!("{} {}", c.member_id, c.member_name),
                format!("{} {}", c.stored_status, c.stored_total),
                format!("{} at {}", c.incoming_total, c.incoming_submitted_at),
                c.reason.clone(),
                short(&c.package_sha256).to_string(),
            ]
        })
        .collect();
    print_table(
        &[
            "id", "product", "member", "here", "incoming", "reason", "package",
        ],
        &rows,
    );
    Ok(())
}

/// `member set-key --member M --key HEX`.
pub(super) fn set_key(session: &mut Session, member: i64, key: &str) -> CliResult {
    let round = session.store.member(MemberId(member))?.round_id;
    let actor = round_actor(session, round)?;
    let key = package::register_member_key(session, MemberId(member), key, &actor)?;
    out!("member {member}: key {}… registered", short(&key));
    Ok(())
}
