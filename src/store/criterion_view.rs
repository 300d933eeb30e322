//! The per-criterion view of one product for the council meeting: each criterion's
//! points by member, most disputed first (domain/disagreement.rs), over the sheets
//! that count for the mean (submitted, voting members, not recused).

use super::members::{members_on, recused_on};
use super::sheets::{SheetStatus, sheet_answers_on, sheets_of_product_on};
use super::{Store, StoreResult};
use crate::domain::commune::compare_with_council;
use crate::domain::disagreement::{self};
use crate::domain::ids::ProductId;
pub use crate::domain::model::CriterionView;
use crate::domain::score::SheetAnswers;

impl Store {
    pub fn criterion_view(&self, product: ProductId) -> StoreResult<CriterionView> {
        let product_row = self.product(product)?;
        let round = product_row.round_id;
        let sheet = self.round_sheet(round, product_row.product_set)?;
        let council = members_on(&self.conn, round)?;
        let recused = recused_on(&self.conn, product)?;
        let mut members = Vec::new();
        let mut totals = Vec::new();
        let mut answers: Vec<SheetAnswers> = Vec::new();
        for row in sheets_of_product_on(&self.conn, product)? {
            let Some(member) = council.iter().find(|m| m.id == row.member_id) else {
                continue;
            };
            if row.status != SheetStatus::Submitted
                || !member.voting
                || recused.contains(&member.id)
            {
                continue;
            }
            answers.push(sheet_answers_on(&self.conn, &row)?);
            totals.push(row.total_points);
            members.push(member.clone());
        }
        let pairs: Vec<_> = members.iter().map(|m| m.id).zip(answers.iter()).collect();
        let rows = disagreement::by_disagreement(&sheet, &pairs);
        let report = self
            .latest_dossier(product)?
            .and_then(|d| d.facts.commune_report);
        let commune = report.as_ref().map_or_else(Vec::new, |r| {
            compare_with_council(r, &sheet, |c| {
                rows.iter()
                    .find(|row| &row.criterion == c)
                    .map(|row| row.by_member.iter().map(|m| m.points).collect())
                    .unwrap_or_default()
            })
        });
        Ok(CriterionView {
            product: product_row,
            members,
            totals,
            rows,
            commune_report: report.map(|r| format!("{} · {}", r.reference_vi(), r.commune)),
            commune,
        })
    }
}
