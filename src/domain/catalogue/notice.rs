//! The producers' notice letters before expiry (QĐ 148 Phụ lục II: "chậm nhất 30
//! ngày trước ngày hết thời hạn 36 tháng", the issuing body tells the producer in
//! writing): one letter per producer, listing exactly the certificates in force on
//! the day that end within the window. No national template exists; the letter's
//! wording is our reading (docs and README say so; the PDF is marked DỰ THẢO).

use chrono::NaiveDate;
use serde::Serialize;

use super::{CatalogueEntry, EntryStatus};

/// One certificate in a letter.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NoticeItem {
    pub entry_id: i64,
    pub product_name: String,
    pub stars: u8,
    pub certificate_number: String,
    pub decision_no: String,
    pub decision_date: NaiveDate,
    pub valid_until: NaiveDate,
}

/// One producer's letter.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NoticeLetter {
    pub producer_key: String,
    pub producer_name: String,
    /// Address, commune, district, province as known.
    pub address: String,
    pub items: Vec<NoticeItem>,
}

/// The letters for the certificates in force on `as_of` that end within
/// `within_days` days, one per producer (by key), producers by name.
pub fn notice_letters(
    entries: &[CatalogueEntry],
    statuses: &[EntryStatus],
    as_of: NaiveDate,
    within_days: i64,
) -> Vec<NoticeLetter> {
    let mut letters: Vec<NoticeLetter> = Vec::new();
    for (e, s) in entries.iter().zip(statuses) {
        let r = &e.record;
        if !s.in_force() || (r.valid_until - as_of).num_days() > within_days {
            continue;
        }
        let item = NoticeItem {
            entry_id: e.id,
            product_name: r.product_name.clone(),
            stars: r.stars,
            certificate_number: r.certificate_number.clone(),
            decision_no: r.decision_no.clone(),
            decision_date: r.decision_date,
            valid_until: r.valid_until,
        };
        match letters
            .iter_mut()
            .find(|l| l.producer_key == r.producer_key)
        {
            Some(letter) => letter.items.push(item),
            None => letters.push(NoticeLetter {
                producer_key: r.producer_key.clone(),
                producer_name: r.producer_name.clone(),
                address: [&r.address, &r.commune, &r.district, &r.province]
                    .into_iter()
                    .flatten()
                    .map(|s| s.trim())
                    .filter(|s| !s.is_empty())
                    .collect::<Vec<_>>()
                    .join(", "),
                items: vec![item],
            }),
        }
    }
    for letter in &mut letters {
        letter.items.sort_by_key(|i| (i.valid_until, i.entry_id));
    }
    letters.sort_by(|a, b| {
        a.producer_name
            .cmp(&b.producer_name)
            .then(a.producer_key.cmp(&b.producer_key))
    });
    letters
}
