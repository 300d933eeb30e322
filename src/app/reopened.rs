//! Why a member's sheet is open again: the reason, who ordered it, the total
//! they had submitted, and the criteria where their previous answers stood
//! furthest from the other members' — shown on the member's desk.

use crate::app::Session;
use crate::domain::criteria::CriterionId;
use crate::domain::ids::{MemberId, ProductId};
use crate::store::{SheetStatus, VersionKind};

/// A reopened sheet's story, for the member at the desk.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reopened {
    pub kind: VersionKind,
    pub reason: String,
    pub ordered_by: String,
    /// When it was reopened (stored UTC text).
    pub at: String,
    pub previous_total: u32,
    /// Up to three criteria, most disputed first.
    pub disputed: Vec<Disputed>,
}

/// One criterion where the member's previous answer differs from the others'.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Disputed {
    pub criterion: CriterionId,
    pub title_vi: String,
    pub mine: u32,
    /// The other members' points, lowest and highest.
    pub others: (u32, u32),
}

/// The story of `member`'s sheet for `product` when it is reopened and not yet
/// submitted again; `None` otherwise.
pub fn reopened(
    session: &Session,
    product: ProductId,
    member: MemberId,
) -> anyhow::Result<Option<Reopened>> {
    let Some(sheet) = session.store.sheet(product, member)? else {
        return Ok(None);
    };
    if sheet.status == SheetStatus::Submitted {
        return Ok(None);
    }
    let Some(last) = session.store.sheet_versions(product, member)?.pop() else {
        return Ok(None);
    };
    let ordered_by = session
        .store
        .member(last.reopened_by)
        .map(|m| m.name)
        .unwrap_or_else(|_| format!("#{}", last.reopened_by));
    let view = session.store.criterion_view(product)?;
    let mut disputed: Vec<(u32, Disputed)> = Vec::new();
    for row in &view.rows {
        let Some(mine) = last
            .answers
            .iter()
            .find(|a| a.criterion == row.criterion)
            .and_then(|a| a.points)
        else {
            continue;
        };
        let others: Vec<u32> = row
            .by_member
            .iter()
            .filter(|p| p.member != member)
            .filter_map(|p| p.points)
            .collect();
        let (Some(low), Some(high)) = (others.iter().min(), others.iter().max()) else {
            continue;
        };
        let distance = if mine < *low {
            low - mine
        } else {
            mine.saturating_sub(*high)
        };
        if distance > 0 {
            disputed.push((
                distance,
                Disputed {
                    criterion: row.criterion.clone(),
                    title_vi: row.title_vi.clone(),
                    mine,
                    others: (*low, *high),
                },
            ));
        }
    }
    // Furthest first; form order among equals (the rows come in form order).
    disputed.sort_by_key(|d| std::cmp::Reverse(d.0));
    Ok(Some(Reopened {
        kind: last.kind,
        reason: last.reason,
        ordered_by,
        at: last.reopened_at,
        previous_total: last.total_points,
        disputed: disputed.into_iter().take(3).map(|(_, d)| d).collect(),
    }))
}
