//! `criteria list | show | check`.

use std::path::PathBuf;

use serde::Serialize;

use super::{CliResult, CriteriaCommand, Failure, print_json, print_table};
use crate::app::Session;
use crate::domain::criteria::{
    Catalog, CriteriaSheet, Issue, NONE_APPLIES_VI, NoteKind, TranscriptionStatus,
};

#[derive(Serialize)]
struct SheetSummary<'a> {
    criteria_set: &'a str,
    instrument: &'a str,
    product_set: u8,
    name_vi: &'a str,
    name_en: &'a str,
    group_vi: &'a str,
    status: TranscriptionStatus,
    warnings: &'a [Issue],
    origin: String,
}

pub(super) fn run(session: &Session, cmd: CriteriaCommand) -> CliResult {
    match cmd {
        CriteriaCommand::List { json } => list(session.catalog(), json),
        CriteriaCommand::Show {
            set,
            criteria_set,
            json,
        } => {
            let loaded = session.catalog().sheet(&criteria_set, set).ok_or_else(|| {
                Failure(vec![format!(
                    "criteria set \"{criteria_set}\" has no product set {set}"
                )])
            })?;
            if json {
                print_json(&loaded.sheet)
            } else {
                show(&loaded.sheet, &loaded.warnings);
                Ok(())
            }
        }
        CriteriaCommand::Check { files } => check(&files),
    }
}

fn list(catalog: &Catalog, json: bool) -> CliResult {
    let summaries: Vec<SheetSummary<'_>> = catalog
        .sets()
        .iter()
        .flat_map(|set| set.sheets.values())
        .map(|l| SheetSummary {
            criteria_set: &l.sheet.criteria_set.id,
            instrument: &l.sheet.criteria_set.instrument_short,
            product_set: l.sheet.product_set.number,
            name_vi: &l.sheet.product_set.name_vi,
            name_en: &l.sheet.product_set.name_en,
            group_vi: &l.sheet.product_set.group_vi,
            status: l.status(),
            warnings: &l.warnings,
            origin: l.origin.to_string(),
        })
        .collect();
    for error in catalog.errors() {
        eprintln!("warning: criteria file not loaded: {error}");
    }
    if json {
        return print_json(&summaries);
    }
    let rows: Vec<Vec<String>> = summaries
        .iter()
        .map(|s| {
            vec![
                s.criteria_set.to_string(),
                s.product_set.to_string(),
                s.name_vi.to_string(),
                s.status.label_en().to_string(),
                s.warnings
                    .iter()
                    .map(ToString::to_string)
                    .collect::<Vec<_>>()
                    .join("; "),
            ]
        })
        .collect();
    print_table(
        &["criteria set", "set", "name", "status", "problems"],
        &rows,
    );
    Ok(())
}

fn stars(mark: Option<u8>) -> String {
    mark.map(|m| format!(" {}", "*".repeat(m as usize)))
        .unwrap_or_default()
}

fn show(sheet: &CriteriaSheet, warnings: &[Issue]) {
    let ps = &sheet.product_set;
    out!(
        "{} · Bộ {} · {} ({})",
        sheet.criteria_set.instrument_short,
        ps.number,
        ps.name_vi,
        ps.name_en
    );
    out!(
        "Transcription: {}{}",
        sheet.transcription.status.label_en(),
        if sheet.star_marks_binding {
            "; star marks are applied as minimums (our reading)"
        } else {
            "; star marks are advisory"
        }
    );
    for w in warnings {
        out!("  ! {w}");
    }
    for part in &sheet.parts {
        out!("");
        out!(
            "Phần {}: {} ({}) — {} điểm",
            part.code,
            part.title_vi,
            part.title_en,
            part.max_points
        );
        for section in &part.sections {
            out!(
                "  {} {}. {} ({}) — {}",
                section.id,
                section.number,
                section.title_vi,
                section.title_en,
                section.max_points
            );
            for note in &section.notes {
                let tag = if note.kind == NoteKind::Knockout {
                    "KNOCK-OUT"
                } else {
                    "note"
                };
                out!("      [{tag}] {}", note.text_vi);
            }
            for c in &section.criteria {
                let max = c
                    .max_points
                    .map_or_else(|| "max —".to_string(), |m| format!("max {m}"));
                out!(
                    "    {:<8} {}) {}{} — {max}",
                    c.id.0,
                    c.letter,
                    c.display_title(section),
                    stars(c.star_mark)
                );
                for note in &c.notes {
                    let tag = if note.kind == NoteKind::Knockout {
                        "KNOCK-OUT"
                    } else {
                        "note"
                    };
                    out!("             [{tag}] {}", note.text_vi);
                }
                if !c.has_zero_option() {
                    out!("      {:<10} [0] {NONE_APPLIES_VI}", c.none_applies_id().0);
                }
                for o in &c.options {
                    out!(
                        "      {:<10} [{}] {}{}",
                        o.id.0,
                        o.points,
                        o.label_vi,
                        stars(o.star_mark)
                    );
                }
            }
        }
    }
}

/// `criteria check FILE...`: exit ≠ 0 when any file is unusable.
pub(super) fn check(files: &[PathBuf]) -> CliResult {
    let mut catalog = Catalog::default();
    let mut failures = Vec::new();
    for file in files {
        let before = catalog.errors().len();
        catalog.load_file(file);
        if catalog.errors().len() > before {
            failures.extend(catalog.errors()[before..].iter().map(ToString::to_string));
        } else {
            out!("{}: ok", file.display());
        }
    }
    for set in catalog.sets() {
        for loaded in set.sheets.values() {
            for w in &loaded.warnings {
                out!("{}: unverified transcription: {w}", loaded.origin);
            }
        }
    }
    if failures.is_empty() {
        Ok(())
    } else {
        Err(Failure(failures))
    }
}
