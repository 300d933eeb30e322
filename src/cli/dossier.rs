//! `dossier check|import|export|list` and `demo load`.

use super::{CliResult, DossierCommand, Failure, print_json, print_table, round_actor};
use crate::app::dossier::{self, CheckedDossier, DossierReport, ImportOutcome};
use crate::app::{Session, demo, dossier_export};
use crate::domain::dossier::{Completeness, Requirement};
use crate::domain::ids::{ProductId, RoundId};
use crate::store::DossierSaveKind;

fn kib(bytes: u64) -> String {
    if bytes >= 10 * 1024 * 1024 {
        format!("{:.1} MiB", bytes as f64 / (1024.0 * 1024.0))
    } else {
        format!("{:.0} KiB", (bytes as f64 / 1024.0).ceil())
    }
}

/// The evidence checklist, hard conditions first and loud when missing.
fn print_checklist(c: &Completeness, self_assessment: bool) {
    out!("Evidence for product set {}:", c.product_set);
    let mut items: Vec<_> = c.items.iter().collect();
    items.sort_by_key(|i| i.requirement);
    for item in items {
        let mark = if item.is_present() { "[x]" } else { "[ ]" };
        let count = if item.files_present > 1 {
            format!(" ({} files)", item.files_present)
        } else {
            String::new()
        };
        let loud = match (item.requirement, item.is_present()) {
            (Requirement::HardCondition, false) => {
                "  <-- MISSING HARD CONDITION: the dossier is rejected without it (§1.4)"
            }
            (Requirement::Required, false) => "  <-- missing entry requirement",
            _ => "",
        };
        out!(
            "  {mark} {} / {}{count} [{}]{loud}",
            item.label_vi,
            item.label_en,
            item.requirement.label_en()
        );
    }
    for na in &c.not_applicable {
        out!("  n/a {}: {}", na.kind.label_en(), na.reason_en);
    }
    out!(
        "  {} self-assessment (báo cáo tự đánh giá)",
        if self_assessment { "[x]" } else { "[ ]" }
    );
}

fn print_summary(summary: &CheckedDossier) {
    let f = &summary.facts;
    out!(
        "{} (bộ {}), {} — {}{}",
        f.product_name,
        f.product_set,
        f.producer.name,
        f.registration_type.as_str(),
        if f.fictional { ", fictional" } else { "" }
    );
    out!(
        "{} files, {}; content {}",
        summary.files.len(),
        kib(summary.total_bytes),
        &summary.content_hash[..16]
    );
    print_checklist(&summary.completeness, summary.self_assessment.is_some());
    if let Some(r) = &f.commune_report {
        let findings: Vec<String> = r
            .findings
            .iter()
            .map(|finding| {
                let said = finding
                    .option
                    .as_ref()
                    .map(|o| o.0.clone())
                    .or_else(|| finding.text.clone())
                    .unwrap_or_default();
                format!("{} {said}", finding.criterion)
            })
            .collect();
        out!(
            "Commune report (evidence, not a score): {}, UBND {}, signed by {}; findings: {}",
            r.reference_vi(),
            r.commune,
            r.signed_by,
            if findings.is_empty() {
                "none".to_string()
            } else {
                findings.join("; ")
            }
        );
    }
}

fn problems(report: DossierReport) -> Failure {
    Failure(report.problems.iter().map(ToString::to_string).collect())
}

pub(super) fn run(session: &mut Session, cmd: DossierCommand) -> CliResult {
    match cmd {
        DossierCommand::Check { path, round } => {
            let report = dossier::check_bundle(session, &path, round.map(RoundId))?;
            if let Some(summary) = &report.summary {
                print_summary(summary);
                if let Some(product) = summary.already_imported_as {
                    out!("already imported as product {product}");
                }
            }
            if report.is_valid() {
                out!("{}: valid", report.bundle);
                Ok(())
            } else {
                Err(problems(report))
            }
        }
        DossierCommand::Import { path, round } => {
            let actor = round_actor(session, RoundId(round))?;
            let bar = super::progress::Bar::new();
            let outcome =
                dossier::import_bundle(session, &path, RoundId(round), &actor, &mut |p| {
                    bar.show(&p)
                })?
                .map_err(problems)?;
            drop(bar);
            eprintln!("{}", describe_outcome(&outcome));
            if outcome.kind != DossierSaveKind::AlreadyImported
                && let Some(view) = dossier::dossier_view(session, outcome.product)?
            {
                for item in view.completeness.hard_missing() {
                    eprintln!(
                        "warning: product {}: no {} (hard condition, ocop-domain.md §1.4)",
                        outcome.product, item.label_en
                    );
                }
            }
            out!("{}", outcome.product);
            Ok(())
        }
        DossierCommand::Export { product, out } => {
            let written = dossier_export::export_dossier(session, ProductId(product), &out)?;
            out!("{}", written.display());
            Ok(())
        }
        DossierCommand::List { round, json } => {
            let rows = dossier::round_dossiers(session, RoundId(round))?;
            if json {
                return print_json(&rows);
            }
            let table: Vec<Vec<String>> = rows
                .iter()
                .map(|r| {
                    let mut missing: Vec<String> = r
                        .hard_conditions_missing
                        .iter()
                        .map(|id| format!("{id} (HARD)"))
                        .collect();
                    missing.extend(r.required_missing.iter().map(|id| id.to_string()));
                    vec![
                        r.product.to_string(),
                        r.product_name.clone(),
                        r.product_set.to_string(),
                        r.registration_type.as_str().into(),
                        format!("v{}", r.version),
                        r.file_count.to_string(),
                        kib(r.total_bytes),
                        if missing.is_empty() {
                            "complete".into()
                        } else {
                            missing.join(", ")
                        },
                    ]
                })
                .collect();
            print_table(
                &[
                    "id", "product", "set", "type", "version", "files", "size", "missing",
                ],
                &table,
            );
            Ok(())
        }
    }
}

pub(super) fn demo_load(session: &mut Session) -> CliResult {
    let round = demo::load_demo_round(session)?;
    out!("{round}");
    Ok(())
}

/// What an import did, in the CLI's English (the GUI words the same outcome in
/// ui/messages.rs).
fn describe_outcome(outcome: &ImportOutcome) -> String {
    match outcome.kind {
        DossierSaveKind::NewProduct => format!(
            "new product {} with dossier version {}",
            outcome.product, outcome.version
        ),
        DossierSaveKind::NewVersion => format!(
            "dossier version {} of product {}",
            outcome.version, outcome.product
        ),
        DossierSaveKind::AlreadyImported => format!(
            "already imported as version {} of product {}; nothing changed",
            outcome.version, outcome.product
        ),
    }
}
