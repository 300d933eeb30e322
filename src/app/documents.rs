//! Gathering the inputs of the council's documents from the store and the
//! document settings, and writing the PDFs: a member's sheets for a round, and
//! the minutes. Settings are loaded and checked before anything is written.

use std::path::Path;

use anyhow::{Context as _, bail};
use chrono::{DateTime, FixedOffset, NaiveDate};

use super::Session;
use super::doc_settings::{self, DocSetup};
use crate::domain::criteria::CriterionId;
use crate::domain::ids::{MemberId, RoundId};
use crate::domain::score::SheetAnswers;
use crate::pdf::minutes::producer_address;
use crate::pdf::{self, DocAssets, MinutesData, MinutesExtras, SheetHeader, SheetPdfData};
use crate::store::SheetStatus;

/// Vietnam's time zone (UTC+7, no daylight saving): a sheet submitted at 06:30
/// local time is dated that day, not the UTC day before.
fn local_date(rfc3339: &str) -> Option<NaiveDate> {
    let offset = FixedOffset::east_opt(7 * 3600)?;
    DateTime::parse_from_rfc3339(rfc3339)
        .ok()
        .map(|t| t.with_timezone(&offset).date_naive())
}

/// The optional settings as assets plus heading and place (empty when absent).
fn optional_setup(session: &Session) -> anyhow::Result<(DocAssets, Vec<String>, String)> {
    match doc_settings::load_optional(&session.data_dir)? {
        Some(DocSetup { settings, assets }) => {
            Ok((assets, settings.council_heading(), settings.place_name))
        }
        None => Ok((
            DocAssets::embedded()?,
            vec![doc_settings::COUNCIL_NAME.into()],
            String::new(),
        )),
    }
}

/// Every sheet `member` has in `round`, in product order, ready to print.
pub fn sheet_pdf_inputs(
    session: &Session,
    round: RoundId,
    member: MemberId,
    council_heading: &[String],
    place_name: &str,
) -> anyhow::Result<Vec<SheetPdfData>> {
    let store = &session.store;
    let round_row = store.round(round)?;
    let member_row = store.member(member)?;
    if member_row.round_id != round {
        bail!(
            "member {member} ({}) belongs to round {}, not round {round}",
            member_row.name,
            member_row.round_id
        );
    }
    let sheets: Vec<_> = store
        .sheets_of_round(round)?
        .into_iter()
        .filter(|s| s.member_id == member)
        .collect();
    if sheets.is_empty() {
        bail!(
            "member {member} ({}) has no sheet in round {round}",
            member_row.name
        );
    }
    let mut out = Vec::with_capacity(sheets.len());
    for row in sheets {
        let product = store.product(row.product_id)?;
        let criteria = store.round_sheet(round, product.product_set)?;
        let mut answers = SheetAnswers::default();
        let mut comments = std::collections::BTreeMap::<CriterionId, String>::new();
        for answer in store.answers(row.id)? {
            if let Some(choice) = answer.choice_id {
                answers.choices.insert(answer.criterion_id.clone(), choice);
            }
            if !answer.comment.trim().is_empty() {
                comments.insert(answer.criterion_id, answer.comment);
            }
        }
        out.push(SheetPdfData {
            criteria,
            header: SheetHeader {
                council_heading: council_heading.to_vec(),
                round_name: round_row.name.clone(),
                product_name: product.name.clone(),
                product_code: product.product_code.clone(),
                producer_name: product.producer.name.clone(),
                producer_address: producer_address(&product.producer),
                member_name: member_row.name.clone(),
                member_role: member_row.role.label_vi().to_owned(),
                place_name: place_name.to_owned(),
                date: row.submitted_at.as_deref().and_then(local_date),
                submitted: row.status == SheetStatus::Submitted,
            },
            answers,
            comments,
            general_comment: None,
        });
    }
    Ok(out)
}

/// Writes all of `member`'s sheets for `round` into one PDF at `out`; returns
/// (sheets, bytes).
pub fn write_member_sheets(
    session: &Session,
    round: RoundId,
    member: MemberId,
    out: &Path,
) -> anyhow::Result<(usize, usize)> {
    let (assets, heading, place) = optional_setup(session)?;
    let sheets = sheet_pdf_inputs(session, round, member, &heading, &place)?;
    let bytes = pdf::render_sheets(&sheets, &assets)?;
    pdf::write_atomically(out, &bytes)?;
    Ok((sheets.len(), bytes.len()))
}

/// The minutes' input for `round`; `extras` adds what the store does not hold.
/// The heading and place default to the document settings when not given.
pub fn minutes_input(
    session: &Session,
    round: RoundId,
    mut extras: MinutesExtras,
) -> anyhow::Result<(MinutesData, DocAssets)> {
    let (assets, heading, place) = optional_setup(session)?;
    if extras.council_heading.is_empty() {
        extras.council_heading = heading;
    }
    if extras.place_name.trim().is_empty() {
        extras.place_name = place;
    }
    let results = session
        .store
        .round_results(round)
        .with_context(|| format!("cannot read the results of round {round}"))?;
    // What the store already knows fills what the caller did not say: the
    // recusals' reasons, and a note per re-scored product (reason, who, totals).
    for r in session.store.recusals(round)? {
        extras
            .recusal_reasons
            .entry((r.product_id, r.member_id))
            .or_insert(r.reason);
    }
    for o in &results.products {
        if extras.rescore_notes.contains_key(&o.product.id) {
            continue;
        }
        let mut notes = Vec::new();
        for h in session.store.sheet_history(o.product.id)? {
            for v in h
                .versions
                .iter()
                .filter(|v| v.kind == crate::store::VersionKind::Rescore)
            {
                notes.push(format!(
                    "{} chấm lại ({}): {} → {} điểm",
                    h.member.name, v.reason, v.total_points, h.current.total_points
                ));
            }
        }
        if !notes.is_empty() {
            extras.rescore_notes.insert(o.product.id, notes.join("; "));
        }
    }
    for (product, member) in extras.recusal_reasons.keys() {
        if !results
            .products
            .iter()
            .any(|o| o.product.id == *product && o.recused.contains(member))
        {
            bail!("member {member} is not recused from product {product} in round {round}");
        }
    }
    for product in extras.rescore_notes.keys() {
        if !results.products.iter().any(|o| o.product.id == *product) {
            bail!("product {product} is not in round {round}");
        }
    }
    if let Some(absent) = &extras.absent_members {
        for member in absent {
            if !results.members.iter().any(|m| m.id == *member) {
                bail!("member {member} is not in round {round}");
            }
        }
    }
    let mut data = MinutesData::from_round_results(&results, &extras);
    // The commune's report of each product (QĐ 1489/2025), from its latest dossier;
    // `data.products` follows `results.products`.
    let commune_expected = crate::app::dossier::commune_report_expected(session, Some(round))?;
    for (printed, o) in data.products.iter_mut().zip(&results.products) {
        let report = session
            .store
            .latest_dossier(o.product.id)?
            .and_then(|d| d.facts.commune_report);
        printed.commune_report =
            crate::domain::commune::minutes_sentence_vi(report.as_ref(), commune_expected);
    }
    Ok((data, assets))
}

/// Writes the minutes of `round` to `out`; returns the file size.
pub fn write_minutes(
    session: &Session,
    round: RoundId,
    extras: MinutesExtras,
    out: &Path,
) -> anyhow::Result<usize> {
    let (data, assets) = minutes_input(session, round, extras)?;
    let bytes = pdf::render_minutes(&data, &assets)?;
    pdf::write_atomically(out, &bytes)?;
    Ok(bytes.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn submission_times_are_dated_in_vietnam() {
        // 23:30 UTC on the 19th is 06:30 on the 20th in Vietnam.
        assert_eq!(
            local_date("2026-11-19T23:30:00Z"),
            NaiveDate::from_ymd_opt(2026, 11, 20)
        );
        assert_eq!(local_date("not a time"), None);
    }
}
