//! The round's lifecycle on the command line: `round advance|finalize|reopen`,
//! `recuse`, `rescore`, `product disqualify`, `sheet history`, `by-criterion`,
//! `audit` and `verify`.

use chrono::NaiveDate;

use super::{
    CliResult, Failure, PresidingArgs, RecuseArgs, RescoreArgs, RoundCommand, print_json,
    print_table, round_actor,
};
use crate::app::Session;
use crate::app::backup::{self, BackupReason};
use crate::domain::disqualify::{Disqualification, DisqualificationReason};
use crate::domain::ids::{MemberId, ProductId, RoundId};
use crate::domain::round::{ApprovalDecision, RoundStatus};
use crate::export::audit::{AuditDocument, write_csv};

fn fail(message: impl Into<String>) -> Failure {
    Failure(vec![message.into()])
}

/// A date argument (`--date 30/06/2026` or `2026-06-30`; domain/date.rs).
pub(super) fn date_arg(label: &str, text: &str) -> Result<NaiveDate, Failure> {
    crate::domain::date::parse_date(text).map_err(|e| fail(format!("{label}: {e}")))
}

/// `--as-of`, or today on this computer's clock.
pub(super) fn as_of_or_today(as_of: Option<&str>) -> Result<NaiveDate, Failure> {
    match as_of {
        Some(text) => date_arg("--as-of", text),
        None => Ok(chrono::Local::now().date_naive()),
    }
}

/// Fails unless `product` is in `round` (ids given together must agree).
fn product_in_round(session: &Session, product: i64, round: i64) -> CliResult {
    let row = session.store.product(ProductId(product))?;
    if row.round_id != RoundId(round) {
        return Err(fail(format!(
            "product {product} is in round {}, not round {round}",
            row.round_id
        )));
    }
    Ok(())
}

pub(super) fn round(session: &mut Session, cmd: RoundCommand) -> CliResult {
    let actor = match &cmd {
        RoundCommand::Advance { round, .. }
        | RoundCommand::Finalize { round, .. }
        | RoundCommand::Reopen { round, .. } => round_actor(session, RoundId(*round))?,
        RoundCommand::Create(_) | RoundCommand::List { .. } => {
            return Err(fail("internal: round create/list are handled elsewhere"));
        }
    };
    match cmd {
        RoundCommand::Advance {
            round,
            to,
            authority,
            date,
        } => {
            let status = RoundStatus::parse(&to).ok_or_else(|| {
                fail(format!(
                    "unknown state \"{to}\"; use one of: {}",
                    RoundStatus::ALL.map(RoundStatus::as_str).join(", ")
                ))
            })?;
            if status == RoundStatus::CertificatesIssued {
                let date = date.map(|d| date_arg("--date", &d)).transpose()?;
                backup::before_change(session, BackupReason::Certificates(RoundId(round)))?;
                // The issuer and signatory come from the document settings.
                let issued = crate::app::certificates::issue_round_certificates(
                    session,
                    RoundId(round),
                    authority.as_deref(),
                    date,
                    &actor,
                )?;
                out!(
                    "round {round} is {}: {} certificate(s) issued",
                    status.as_str(),
                    issued.len()
                );
                for c in issued {
                    out!(
                        "{}  product {}  {}★  valid until {}",
                        c.number,
                        c.product_id,
                        c.stars,
                        c.valid_until
                    );
                }
                return Ok(());
            }
            if authority.is_some() || date.is_some() {
                return Err(fail(
                    "--authority and --date are only for --to certificates-issued",
                ));
            }
            session
                .store
                .advance_round(RoundId(round), status, &actor)?;
            out!("round {round} is {}", status.as_str());
            Ok(())
        }
        RoundCommand::Finalize {
            round,
            decision,
            date,
            signatory,
        } => {
            let decision = ApprovalDecision {
                number: decision,
                date: date_arg("--date", &date)?,
                signatory,
            };
            backup::before_change(session, BackupReason::Finalize(RoundId(round)))?;
            let seal = session
                .store
                .finalize_round(RoundId(round), &decision, &actor)?;
            backup::after_finalize(session, RoundId(round));
            out!("round {round} is finalized; seal {seal}");
            Ok(())
        }
        RoundCommand::Reopen { round, reason } => {
            backup::before_change(session, BackupReason::Reopen(RoundId(round)))?;
            let by = session
                .store
                .reopen_round(RoundId(round), &reason, &actor)?;
            out!("round {round} is deliberation again (reopened by member {by})");
            Ok(())
        }
        RoundCommand::Create(_) | RoundCommand::List { .. } => {
            Err(fail("internal: round create/list are handled elsewhere"))
        }
    }
}

pub(super) fn disqualify(
    session: &mut Session,
    product: i64,
    reason: Option<String>,
    note: Option<String>,
    clear: bool,
) -> CliResult {
    let round = session.store.product(ProductId(product))?.round_id;
    let actor = round_actor(session, round)?;
    if clear {
        session
            .store
            .set_disqualification(ProductId(product), None, &actor)?;
        out!("product {product}: disqualification lifted");
        return Ok(());
    }
    let (Some(reason), Some(note)) = (reason, note) else {
        return Err(fail("give --reason and --note, or --clear"));
    };
    let reason = DisqualificationReason::parse(&reason).ok_or_else(|| {
        fail(format!(
            "unknown reason \"{reason}\"; use one of: {}",
            DisqualificationReason::ALL
                .map(DisqualificationReason::as_str)
                .join(", ")
        ))
    })?;
    let note = note.trim().to_string();
    if note.is_empty() {
        return Err(fail("--note must say what the council found"));
    }
    session.store.set_disqualification(
        ProductId(product),
        Some(&Disqualification { reason, note }),
        &actor,
    )?;
    out!(
        "product {product} disqualified: {} ({})",
        reason.as_str(),
        reason.label_vi()
    );
    Ok(())
}

pub(super) fn recuse(session: &mut Session, args: &RecuseArgs) -> CliResult {
    product_in_round(session, args.product, args.round)?;
    let actor = round_actor(session, RoundId(args.round))?;
    session.store.record_recusal(
        ProductId(args.product),
        MemberId(args.member),
        &args.reason,
        &actor,
    )?;
    out!(
        "member {} is recused from product {}",
        args.member,
        args.product
    );
    Ok(())
}

pub(super) fn presiding(session: &mut Session, args: &PresidingArgs) -> CliResult {
    product_in_round(session, args.product, args.round)?;
    let actor = round_actor(session, RoundId(args.round))?;
    session
        .store
        .name_presiding_member(ProductId(args.product), MemberId(args.member), &actor)?;
    out!(
        "member {} presides over product {} for the recused chair",
        args.member,
        args.product
    );
    Ok(())
}

pub(super) fn rescore(session: &mut Session, args: &RescoreArgs) -> CliResult {
    product_in_round(session, args.product, args.round)?;
    let members: Vec<MemberId> = args.members.iter().copied().map(MemberId).collect();
    let actor = round_actor(session, RoundId(args.round))?;
    let sheets = session
        .store
        .rescore(ProductId(args.product), &members, &args.reason, &actor)?;
    out!(
        "reopened {} sheet(s) of product {} for re-scoring: {}",
        sheets.len(),
        args.product,
        sheets
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join(", ")
    );
    Ok(())
}

pub(super) fn sheet_history(
    session: &Session,
    product: i64,
    member: Option<i64>,
    json: bool,
) -> CliResult {
    let mut history = session.store.sheet_history(ProductId(product))?;
    if let Some(m) = member {
        history.retain(|h| h.member.id == MemberId(m));
    }
    if json {
        return print_json(&history);
    }
    let mut rows = Vec::new();
    for h in &history {
        for v in &h.versions {
            rows.push(vec![
                h.member.id.to_string(),
                h.member.name.clone(),
                format!("v{}", v.version),
                v.total_points.to_string(),
                format!(
                    "{} by member {}: {}",
                    v.kind.as_str(),
                    v.reopened_by,
                    v.reason
                ),
                v.reopened_at.clone(),
            ]);
        }
        rows.push(vec![
            h.member.id.to_string(),
            h.member.name.clone(),
            "current".into(),
            h.current.total_points.to_string(),
            h.current.status.as_str().into(),
            h.current.updated_at.clone(),
        ]);
    }
    print_table(
        &[
            "member",
            "name",
            "version",
            "total",
            "status / why reopened",
            "at",
        ],
        &rows,
    );
    Ok(())
}

pub(super) fn by_criterion(session: &Session, product: i64, json: bool) -> CliResult {
    let view = session.store.criterion_view(ProductId(product))?;
    if json {
        return print_json(&view);
    }
    let mut header = vec!["criterion".to_string(), "spread".into(), "variance".into()];
    header.extend(view.members.iter().map(|m| format!("m{}", m.id)));
    header.push("title".into());
    let rows: Vec<Vec<String>> = view
        .rows
        .iter()
        .map(|r| {
            let mut row = vec![
                r.criterion.0.clone(),
                r.spread_points.to_string(),
                format!("{:.2}", r.variance),
            ];
            row.extend(
                r.by_member
                    .iter()
                    .map(|m| m.points.map_or("–".into(), |p| p.to_string())),
            );
            row.push(r.title_vi.clone());
            row
        })
        .collect();
    let header: Vec<&str> = header.iter().map(String::as_str).collect();
    print_table(&header, &rows);
    Ok(())
}

pub(super) fn audit(session: &Session, round: i64, json: bool, csv: bool) -> CliResult {
    let round = RoundId(round);
    session.store.round(round)?;
    let entries = session.store.audit_log(round)?;
    let breaks = session.store.audit_chain_breaks(round)?;
    if json {
        out!("{}", AuditDocument::new(round, &entries, &breaks).to_json());
    } else if csv {
        write_csv(&entries, std::io::stdout().lock())
            .map_err(|e| fail(format!("cannot write CSV: {e}")))?;
    } else {
        let rows: Vec<Vec<String>> = entries
            .iter()
            .map(|e| {
                let change = match (&e.old_value, &e.new_value) {
                    (Some(old), Some(new)) => format!("{old} → {new}"),
                    (None, Some(new)) => new.clone(),
                    (Some(old), None) => format!("{old} → (none)"),
                    (None, None) => String::new(),
                };
                vec![
                    e.id.to_string(),
                    e.at.clone(),
                    e.actor.clone(),
                    e.action.clone(),
                    e.target.clone(),
                    change,
                ]
            })
            .collect();
        print_table(&["id", "at", "actor", "action", "target", "change"], &rows);
        for b in &breaks {
            eprintln!("warning: {b}");
        }
    }
    Ok(())
}

pub(super) fn verify(session: &Session, round: i64, json: bool) -> CliResult {
    let (report, _) = backup::verify_round(session, RoundId(round))?;
    if json {
        print_json(&report)?;
    } else {
        out!("round {round} ({}):", report.status.as_str());
        for c in &report.checks {
            let mark = if c.passed() { "ok  " } else { "FAIL" };
            out!("  {mark}  {}: {}", c.kind.as_str(), c.detail);
            for p in &c.problems {
                out!("          - {p}");
            }
        }
        out!("content digest: {}", report.seal);
    }
    if report.passed() {
        Ok(())
    } else {
        let problems: Vec<String> = report
            .checks
            .iter()
            .flat_map(|c| {
                c.problems
                    .iter()
                    .map(move |p| format!("{}: {p}", c.kind.as_str()))
            })
            .collect();
        Err(Failure(
            std::iter::once(format!("round {round} does not verify"))
                .chain(problems)
                .collect(),
        ))
    }
}
