//! What each screen shows, loaded in one go from the session (on the worker thread)
//! and handed to the UI as plain data. Visibility rules live here, so a member's
//! view never even carries other members' scores before the results are opened.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::Arc;

use crate::app::Session;
use crate::app::dossier::{self, DossierView};
use crate::app::prefs::Identity;
use crate::domain::catalogue::CatalogueLink;
use crate::domain::council::{ProductResult, ResultState};
use crate::domain::criteria::{CriteriaSheet, CriterionId, TranscriptionStatus};
use crate::domain::ids::{MemberId, ProductId, RoundId};
use crate::domain::mean::Mean;
use crate::domain::permissions::{self, Acting, CouncilAction};
use crate::domain::round::{RoundAction, RoundStatus};
use crate::domain::score::{self, SheetAnswers, SheetScore};
use crate::domain::stars::{self, StarOutcome};
use crate::store::{
    AnswerRow, ExpiringCertificate, MemberRow, ProductRow, RecusalRow, RoundRow, SheetRow,
    SheetStatus, StoreResult,
};

/// The rounds list.
#[derive(Debug, Clone)]
pub struct RoundsData {
    pub rounds: Vec<RoundRow>,
    /// Certificates of every round expiring within 30 days or expired: the
    /// issuing body must tell the producers (QĐ 148, 30 days' notice).
    pub expiring: Vec<ExpiringCertificate>,
    /// External criteria files that could not be loaded, with every problem
    /// (shown as a warning, in the user's language).
    pub catalog_errors: Vec<crate::domain::criteria::CatalogError>,
}

pub fn rounds(session: &Session) -> StoreResult<RoundsData> {
    Ok(RoundsData {
        rounds: session.store.rounds()?,
        expiring: session.store.certificates_expiring(
            chrono::Local::now().date_naive(),
            crate::domain::certificate::DEFAULT_NOTICE_DAYS,
        )?,
        catalog_errors: session.catalog().errors().to_vec(),
    })
}

/// One row of a round's product list.
#[derive(Debug, Clone)]
pub struct ProductLine {
    pub product: ProductRow,
    pub set_name_vi: String,
    pub set_status: TranscriptionStatus,
    /// The viewer's own sheet, when the viewer is a member.
    pub my_sheet: Option<SheetRow>,
    pub my_answered: usize,
    pub criteria_count: usize,
    pub recused: bool,
    /// The member the council named to preside over this product for the recused
    /// chair (no vice-chair standing in).
    pub presiding: Option<MemberId>,
    /// Submitted sheets / eligible voting members.
    pub submitted: usize,
    pub eligible: usize,
    /// The council's result, when the viewer may see it.
    pub result: Option<ProductResult>,
    /// The producer's self-assessment total, from the latest dossier.
    pub self_assessment_total: Option<u32>,
}

/// A round's product list with progress (and results when visible).
#[derive(Debug, Clone)]
pub struct RoundData {
    pub round: RoundRow,
    pub members: Vec<MemberRow>,
    pub identity: Option<Identity>,
    /// Whether the viewer may see the council's results.
    pub results_visible: bool,
    pub lines: Vec<ProductLine>,
    /// Every member's sheet (drafts too), only when results are visible.
    pub all_sheets: Vec<SheetRow>,
    pub recusals: Vec<RecusalRow>,
    /// The product sets the round scores on: number and name.
    pub set_names: Vec<(u8, String)>,
}

impl RoundData {
    pub fn me(&self) -> Option<&MemberRow> {
        match self.identity? {
            Identity::Member(id) => self.members.iter().find(|m| m.id == id),
            Identity::Secretariat => None,
        }
    }

    /// The viewer as the permission table sees them.
    pub fn acting(&self) -> Option<Acting> {
        match self.identity? {
            Identity::Secretariat => Some(Acting::Secretariat),
            Identity::Member(_) => self.me().map(|m| Acting::Member {
                id: m.id,
                role: m.role,
                voting: m.voting,
            }),
        }
    }

    /// Whether the viewer may perform `action` here (PINs aside: they are asked at
    /// the moment). The store decides again when the request arrives.
    pub fn may(&self, action: CouncilAction) -> bool {
        self.acting()
            .is_some_and(|acting| permissions::may(action, acting, self.round.laptop_member))
    }

    /// n of m products the viewer has submitted (members only).
    pub fn my_progress(&self) -> Option<(usize, usize)> {
        // A member who does not vote has nothing to submit.
        self.me().filter(|m| m.voting)?;
        let scoreable: Vec<&ProductLine> = self.lines.iter().filter(|l| !l.recused).collect();
        let done = scoreable
            .iter()
            .filter(|l| {
                l.my_sheet
                    .as_ref()
                    .is_some_and(|s| s.status == SheetStatus::Submitted)
            })
            .count();
        Some((done, scoreable.len()))
    }
}

/// Whether `identity` may see the council's results in a round with `status`:
/// the secretariat, the chair and the secretary always; members once the round
/// reaches deliberation ("results opened").
pub fn results_visible(
    identity: Option<Identity>,
    members: &[MemberRow],
    status: RoundStatus,
) -> bool {
    match identity {
        Some(Identity::Secretariat) => true,
        Some(Identity::Member(id)) => {
            status >= RoundStatus::Deliberation
                || members
                    .iter()
                    .any(|m| m.id == id && m.role.can_administer())
        }
        None => false,
    }
}

pub fn round(
    session: &Session,
    round: RoundId,
    identity: Option<Identity>,
) -> StoreResult<RoundData> {
    let round_row = session.store.round(round)?;
    let members = session.store.members(round)?;
    let results = session.store.round_results(round)?;
    let sheets = session.store.sheets_of_round(round)?;
    let visible = results_visible(identity, &members, round_row.status);
    let me = match identity {
        Some(Identity::Member(id)) => Some(id),
        _ => None,
    };
    let self_assessed: BTreeMap<ProductId, SheetAnswers> = session
        .store
        .latest_dossiers_of_round(round)?
        .into_iter()
        .filter_map(|d| Some((d.product_id, d.self_assessment?.sheet_answers())))
        .collect();
    // The viewer's own sheets and how far each got, looked up once for the list.
    let mut my_sheets: BTreeMap<ProductId, SheetRow> = match me {
        Some(m) => sheets
            .iter()
            .filter(|s| s.member_id == m)
            .map(|s| (s.product_id, s.clone()))
            .collect(),
        None => BTreeMap::new(),
    };
    let my_answered_counts = match me {
        Some(m) => session.store.answered_counts(round, m)?,
        None => BTreeMap::new(),
    };
    let mut lines = Vec::with_capacity(results.products.len());
    for outcome in results.products {
        let self_assessment_total = self_assessed
            .get(&outcome.product.id)
            .and_then(|a| score::score(&outcome.sheet, a).ok())
            .map(|s| s.total);
        let my_sheet = my_sheets.remove(&outcome.product.id);
        let my_answered = my_answered_counts
            .get(&outcome.product.id)
            .copied()
            .unwrap_or(0);
        let result = outcome.result;
        lines.push(ProductLine {
            set_name_vi: outcome.sheet.product_set.name_vi.clone(),
            set_status: outcome.sheet.transcription.status,
            criteria_count: outcome.sheet.criteria().count(),
            recused: me.is_some_and(|m| outcome.recused.contains(&m)),
            presiding: outcome.presiding.map(|p| p.member),
            submitted: result.quorum.participants as usize,
            eligible: result.quorum.eligible as usize,
            result: visible.then_some(result),
            self_assessment_total,
            my_sheet,
            my_answered,
            product: outcome.product,
        });
    }
    Ok(RoundData {
        round: round_row,
        members,
        identity,
        results_visible: visible,
        lines,
        all_sheets: if visible { sheets } else { Vec::new() },
        recusals: session.store.recusals(round)?,
        set_names: session
            .store
            .round_product_sets(round)?
            .into_iter()
            .map(|n| {
                let name = session
                    .store
                    .round_sheet(round, n)?
                    .product_set
                    .name_vi
                    .clone();
                Ok((n, name))
            })
            .collect::<StoreResult<_>>()?,
    })
}

/// The evaluator's desk for one product and one member.
#[derive(Debug, Clone)]
pub struct DeskData {
    pub round: RoundRow,
    pub product: ProductRow,
    pub member: MemberRow,
    pub sheet: Arc<CriteriaSheet>,
    pub sheet_row: Option<SheetRow>,
    pub answers: BTreeMap<CriterionId, AnswerRow>,
    pub recused: bool,
    pub marks_binding: bool,
    /// The product's latest dossier, when it came with one.
    pub dossier: Option<DossierView>,
    /// Where each attachment (by SHA-256) is stored, to open or show it.
    pub attachment_paths: BTreeMap<String, PathBuf>,
    /// Why the sheet is open again, when it was reopened and not resubmitted.
    pub reopened: Option<crate::app::reopened::Reopened>,
    /// The catalogue entry this product continues (re-evaluation, upgrade), seen today.
    pub catalogue_link: Option<CatalogueLink>,
}

impl DeskData {
    pub fn is_locked(&self) -> bool {
        // A member who does not vote (the secretary, an advisor) never scores: the
        // store refuses it, so the desk shows the sheet read only.
        !self.member.voting
            || self.recused
            || !self.round.status.allows(RoundAction::WriteSheets)
            || self
                .sheet_row
                .as_ref()
                .is_some_and(|s| s.status == SheetStatus::Submitted)
    }

    pub fn sheet_answers(&self) -> SheetAnswers {
        SheetAnswers {
            choices: self
                .answers
                .iter()
                .filter_map(|(c, a)| Some((c.clone(), a.choice_id.clone()?)))
                .collect(),
        }
    }
}

pub fn desk(session: &Session, product: ProductId, member: MemberId) -> anyhow::Result<DeskData> {
    let product_row = session.store.product(product)?;
    let round = session.store.round(product_row.round_id)?;
    let member_row = session.store.member(member)?;
    let sheet = session
        .store
        .round_sheet(round.id, product_row.product_set)?;
    let sheet_row = session.store.sheet(product, member)?;
    let answers = match &sheet_row {
        Some(row) => session
            .store
            .answers(row.id)?
            .into_iter()
            .map(|a| (a.criterion_id.clone(), a))
            .collect(),
        None => BTreeMap::new(),
    };
    let recused = session.store.recused_members(product)?.contains(&member);
    let dossier = dossier::dossier_view(session, product)?;
    let attachment_paths = attachment_paths(session, dossier.as_ref())?;
    let reopened = crate::app::reopened::reopened(session, product, member)?;
    let catalogue_link = session
        .store
        .catalogue_link_of_product(product, chrono::Local::now().date_naive())?;
    Ok(DeskData {
        reopened,
        catalogue_link,
        dossier,
        attachment_paths,
        marks_binding: round.star_marks_binding && sheet.star_marks_binding,
        round,
        product: product_row,
        member: member_row,
        sheet,
        sheet_row,
        answers,
        recused,
    })
}

/// The stored file of every attachment of a dossier view.
pub fn attachment_paths(
    session: &Session,
    view: Option<&DossierView>,
) -> anyhow::Result<BTreeMap<String, PathBuf>> {
    let mut paths = BTreeMap::new();
    for file in view.iter().flat_map(|v| v.files.iter()) {
        if let Some(path) = dossier::attachment_path(session, &file.sha256)? {
            paths.insert(file.sha256.clone(), path);
        }
    }
    Ok(paths)
}

/// A member's running arithmetic: subtotals, total, and the star the sheet alone
/// would give (with the cap explanation), recomputed from the answers in memory.
#[derive(Debug, Clone)]
pub struct SheetPreview {
    pub score: SheetScore,
    pub outcome: Option<StarOutcome>,
}

pub fn preview(
    sheet: &CriteriaSheet,
    answers: &SheetAnswers,
    marks_binding: bool,
) -> Option<SheetPreview> {
    let score = score::score(sheet, answers).ok()?;
    let sums = score
        .criterion_points
        .iter()
        .map(|(c, p)| (c.clone(), u64::from(*p)))
        .collect();
    let outcome =
        Mean::new(u64::from(score.total), 1).map(|m| stars::rank(sheet, m, &sums, marks_binding));
    Some(SheetPreview { score, outcome })
}

/// Label for a result state, for lists.
pub fn state_label(state: ResultState, lang: crate::app::prefs::Lang) -> &'static str {
    match lang {
        crate::app::prefs::Lang::Vi => state.label_vi(),
        crate::app::prefs::Lang::En => state.label_en(),
    }
}
