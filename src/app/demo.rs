//! The demo round: the fictional dossiers of `assets/samples/` (compiled into the
//! binary), a council of seven voting members and a secretary, and deterministic
//! submitted sheets for about half of the products, so that a newcomer sees a
//! full round at once: a final 4★, a 3★, a product flagged for its spread, one
//! capped by a star mark, and unscored products.

use std::borrow::Cow;

use anyhow::{Context as _, bail};
use include_dir::{Dir, include_dir};

use super::Session;
use super::dossier::import_memory_bundle;
use crate::domain::actor::Channel;
use crate::domain::criteria::{ChoiceId, CriteriaSheet, catalog::DEFAULT_CRITERIA_SET};
use crate::domain::ids::{MemberId, ProductId, RoundId};
use crate::domain::member::Role;
use crate::domain::score::SheetAnswers;
use crate::domain::stars::star_conditions;
use crate::exchange::dossier::MemoryEntries;
use crate::store::{Actor, NewRound, SheetWrite};

static SAMPLES: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/assets/samples");

pub const DEMO_ROUND_NAME: &str = "Đợt 1/2026 — dữ liệu minh họa";

/// The council: name, role. The secretary does not vote.
const COUNCIL: [(&str, Role); 8] = [
    ("Lâm Quốc Thái", Role::Chair),
    ("Trương Thị Mỹ Hạnh", Role::ViceChair),
    ("Nguyễn Hoàng Phúc", Role::Member),
    ("Lý Thị Kim Ngân", Role::Member),
    ("Thạch Sô Phal", Role::Member),
    ("Trần Minh Luân", Role::Member),
    ("Huỳnh Thị Ngọc Diễm", Role::Member),
    ("Đặng Văn Khoa", Role::Secretary),
];

/// How the council scores one demo product.
struct Profile {
    /// Sample folder name.
    slug: &'static str,
    /// Position between the lowest (0) and the best (1) option.
    quality: f64,
    /// Added to `quality` per voting member, in council order.
    member_offsets: [f64; 7],
    /// Star-mark minimums up to this level are met by every member.
    marks_met_up_to: u8,
    /// Every member stays just under the first 4★ minimum that can be missed.
    miss_a_four_star_mark: bool,
}

const SCORED: [Profile; 4] = [
    // A clear 4★.
    Profile {
        slug: "01-gao-st25-hoa-tu",
        quality: 0.85,
        member_offsets: [0.0, 0.04, -0.04, 0.0, 0.04, -0.04, 0.0],
        marks_met_up_to: 4,
        miss_a_four_star_mark: false,
    },
    // Members far apart: flagged for discussion and re-scoring.
    Profile {
        slug: "02-nuoc-mam-vinh-chau",
        quality: 0.65,
        member_offsets: [-0.12, -0.04, 0.0, 0.05, 0.1, 0.07, -0.08],
        marks_met_up_to: 3,
        miss_a_four_star_mark: false,
    },
    // Points for 4★ or more, held at 3★ by one star-marked criterion.
    Profile {
        slug: "04-banh-pia-vung-thom",
        quality: 0.8,
        member_offsets: [0.0, 0.06, -0.06, 0.03, 0.06, -0.03, 0.0],
        marks_met_up_to: 5,
        miss_a_four_star_mark: true,
    },
    // A plain 3★.
    Profile {
        slug: "05-mat-ong-cu-lao-dung",
        quality: 0.6,
        member_offsets: [0.0, 0.03, -0.03, 0.02, -0.02, 0.0, 0.03],
        marks_met_up_to: 3,
        miss_a_four_star_mark: false,
    },
];

/// The embedded sample dossiers: (folder name, entries relative to that folder).
pub fn sample_bundles() -> Vec<(String, MemoryEntries)> {
    fn collect(
        dir: &'static Dir<'static>,
        root: &str,
        out: &mut Vec<(String, Cow<'static, [u8]>)>,
    ) {
        for file in dir.files() {
            let path = file.path().to_string_lossy().replace('\\', "/");
            let relative = path
                .strip_prefix(root)
                .and_then(|p| p.strip_prefix('/'))
                .unwrap_or(&path)
                .to_string();
            out.push((relative, Cow::Borrowed(file.contents())));
        }
        for sub in dir.dirs() {
            collect(sub, root, out);
        }
    }
    let mut bundles: Vec<_> = SAMPLES
        .dirs()
        .map(|dir| {
            let name = dir.path().to_string_lossy().into_owned();
            let mut entries = Vec::new();
            collect(dir, &name, &mut entries);
            entries.sort_by(|a, b| a.0.cmp(&b.0));
            (name, entries)
        })
        .collect();
    bundles.sort_by(|a, b| a.0.cmp(&b.0));
    bundles
}

/// Creates the demo round with every sample imported and about half of the
/// products scored by the whole council. Returns the round id.
pub fn load_demo_round(session: &mut Session) -> anyhow::Result<RoundId> {
    // The secretariat prepares the round and types in the paper sheets; the chair
    // opens scoring.
    let actor = Actor::secretariat(Channel::Demo);
    let criteria = session
        .catalog()
        .set(DEFAULT_CRITERIA_SET)
        .cloned()
        .with_context(|| format!("criteria set {DEFAULT_CRITERIA_SET} is not loaded"))?;
    let round = session.store.create_round(
        &NewRound {
            starts_on: Some("2026-03-02".into()),
            ends_on: Some("2026-03-20".into()),
            ..NewRound::provincial(DEMO_ROUND_NAME, &criteria)
        },
        &actor,
    )?;
    let mut voters = Vec::new();
    let mut chair = None;
    for (name, role) in COUNCIL {
        let id = session
            .store
            .add_member(round, name, role, role.votes_by_default(), &actor)?;
        if role.votes_by_default() {
            voters.push(id);
        }
        if role == crate::domain::member::Role::Chair {
            chair = Some(Actor::member(id, Channel::Demo));
        }
    }
    let chair = chair.context("the demo council has no chair")?;
    let mut products = Vec::new();
    for (slug, entries) in sample_bundles() {
        match import_memory_bundle(session, &slug, entries, round, &actor)? {
            Ok(outcome) => products.push((slug, outcome.product)),
            Err(report) => bail!(
                "demo dossier {slug} does not import: {}",
                report
                    .problems
                    .iter()
                    .map(ToString::to_string)
                    .collect::<Vec<_>>()
                    .join("; ")
            ),
        }
    }
    // Members and products are entered in setup; scoring opens the sheets.
    session
        .store
        .advance_round(round, crate::domain::round::RoundStatus::Scoring, &chair)?;
    let mut writes = Vec::new();
    for profile in &SCORED {
        let product = products
            .iter()
            .find(|(slug, _)| slug == profile.slug)
            .map(|(_, id)| *id)
            .with_context(|| format!("demo dossier {} is missing", profile.slug))?;
        writes.extend(sheets_for(session, round, product, &voters, profile)?);
    }
    for write in &writes {
        if let Some(problem) = session.store.check_sheet_write(write)?.into_iter().next() {
            bail!("demo sheet for product {}: {problem}", write.product);
        }
    }
    session.store.write_sheets(&writes, &actor)?;
    Ok(round)
}

fn sheets_for(
    session: &Session,
    round: RoundId,
    product: ProductId,
    voters: &[MemberId],
    profile: &Profile,
) -> anyhow::Result<Vec<SheetWrite>> {
    let set = session.store.product(product)?.product_set;
    let sheet = session.store.round_sheet(round, set)?;
    let missed =
        if profile.miss_a_four_star_mark {
            Some(missable_four_star_mark(&sheet).with_context(|| {
                format!("product set {set} has no 4★ minimum that can be missed")
            })?)
        } else {
            None
        };
    Ok(voters
        .iter()
        .enumerate()
        .map(|(m, member)| SheetWrite {
            round,
            product,
            member: *member,
            answers: member_answers(&sheet, profile, m, missed.as_ref()),
            comments: Default::default(),
            submitted: true,
        })
        .collect())
}

/// The points a criterion must reach for every star mark up to `level`.
fn minimum_points(sheet: &CriteriaSheet, criterion: &str, level: u8) -> u32 {
    star_conditions(sheet)
        .iter()
        .filter(|c| c.criterion.0 == criterion && c.level <= level)
        .map(|c| c.needed_points)
        .max()
        .unwrap_or(0)
}

/// (criterion, the option to pick): the first criterion whose 4★ minimum can be
/// missed while every 3★ minimum is still met, and the best option that does so.
fn missable_four_star_mark(sheet: &CriteriaSheet) -> Option<(String, ChoiceId)> {
    sheet.criteria().find_map(|(_, _, c)| {
        let four = minimum_points(sheet, &c.id.0, 4);
        let three = minimum_points(sheet, &c.id.0, 3);
        if four <= three {
            return None;
        }
        c.options
            .iter()
            .filter(|o| o.points >= three && o.points < four)
            .max_by_key(|o| o.points)
            .map(|o| (c.id.0.clone(), o.id.clone()))
    })
}

fn member_answers(
    sheet: &CriteriaSheet,
    profile: &Profile,
    member_index: usize,
    missed: Option<&(String, ChoiceId)>,
) -> SheetAnswers {
    let quality = (profile.quality + profile.member_offsets[member_index % 7]).clamp(0.0, 1.0);
    let mut answers = SheetAnswers::default();
    for (i, (_, _, criterion)) in sheet.criteria().enumerate() {
        if let Some((id, choice)) = missed
            && *id == criterion.id.0
        {
            answers.choices.insert(criterion.id.clone(), choice.clone());
            continue;
        }
        let mut options: Vec<_> = criterion.options.iter().collect();
        options.sort_by_key(|o| o.points);
        let last = options.len().saturating_sub(1);
        // A small deterministic wobble so members do not tick identical sheets.
        let wobble = ((member_index * 7 + i * 5) % 3) as f64 - 1.0;
        let position = (quality * last as f64 + 0.4 * wobble)
            .round()
            .clamp(0.0, last as f64);
        let floor = minimum_points(sheet, &criterion.id.0, profile.marks_met_up_to);
        let chosen = options
            .iter()
            .skip(position as usize)
            .chain(options.iter().rev())
            .find(|o| o.points >= floor)
            .or(options.last());
        if let Some(option) = chosen {
            answers
                .choices
                .insert(criterion.id.clone(), option.id.clone());
        }
    }
    answers
}
