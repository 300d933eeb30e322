//! Which catalogue entry a round's product continues (domain/catalogue/link.rs):
//! the rules the certificate issuing records the link by, and the desk's look-up
//! of that link before and after issuing.

use chrono::NaiveDate;
use rusqlite::{Connection, OptionalExtension, params};

use super::{Store, StoreResult};
use crate::domain::catalogue::{CatalogueLink, LinkBasis};
use crate::domain::dossier::name_key;
use crate::domain::ids::ProductId;

/// The previous certificate number the product's latest dossier names, if any.
fn dossier_previous_number(conn: &Connection, product: ProductId) -> StoreResult<Option<String>> {
    let facts: Option<String> = conn
        .query_row(
            "SELECT facts_json FROM dossiers WHERE product_id = ?1 ORDER BY version DESC LIMIT 1",
            [product.0],
            |r| r.get(0),
        )
        .optional()?;
    Ok(facts
        .and_then(|json| serde_json::from_str::<serde_json::Value>(&json).ok())
        .and_then(|v| v.get("certificate_number")?.as_str().map(str::to_owned))
        .map(|n| n.trim().to_owned())
        .filter(|n| !n.is_empty()))
}

/// The latest entry issued by `issued_on` with the product's code.
fn by_code(
    conn: &Connection,
    code: Option<&str>,
    issued_on: NaiveDate,
) -> StoreResult<Option<i64>> {
    let Some(code) = code.map(str::trim).filter(|c| !c.is_empty()) else {
        return Ok(None);
    };
    Ok(conn
        .query_row(
            "SELECT id FROM catalogue_entries WHERE product_code = ?1 AND issued_on < ?2
             ORDER BY issued_on DESC, id DESC LIMIT 1",
            params![code, issued_on.to_string()],
            |r| r.get(0),
        )
        .optional()?)
}

/// The entry a product's new certificate (issued on `issued_on`) follows, and how
/// it was found: the certificate number its dossier names; else that text naming
/// an entry's decision ("2087/QĐ-UBND ngày 05/10/2022", as dossiers often write
/// the previous recognition) for the same product code or name; else the product
/// code. Entries issued after `issued_on` are never a previous one.
pub(super) fn previous_for_product(
    conn: &Connection,
    product: ProductId,
    issued_on: NaiveDate,
) -> StoreResult<Option<(LinkBasis, i64)>> {
    let (name, code): (String, Option<String>) = conn.query_row(
        "SELECT name, product_code FROM products WHERE id = ?1",
        [product.0],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    let day = issued_on.to_string();
    if let Some(number) = dossier_previous_number(conn, product)? {
        let exact: Option<i64> = conn
            .query_row(
                "SELECT id FROM catalogue_entries WHERE certificate_number = ?1 AND issued_on <= ?2
                 ORDER BY issued_on DESC, id DESC LIMIT 1",
                params![number, day],
                |r| r.get(0),
            )
            .optional()?;
        if let Some(id) = exact {
            return Ok(Some((LinkBasis::CertificateNumber, id)));
        }
        // The decision number followed by nothing or by a space ("… ngày …").
        let mut stmt = conn.prepare(
            "SELECT id, product_code, product_name FROM catalogue_entries
             WHERE issued_on <= ?2 AND length(trim(decision_no)) > 0
               AND substr(?1, 1, length(decision_no)) = decision_no
               AND (length(?1) = length(decision_no)
                    OR substr(?1, length(decision_no) + 1, 1) IN (' ', ','))
             ORDER BY issued_on DESC, id DESC",
        )?;
        let candidates = stmt.query_map(params![number, day], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, Option<String>>(1)?,
                r.get::<_, String>(2)?,
            ))
        })?;
        let wanted = name_key(&name);
        for candidate in candidates {
            let (id, their_code, their_name) = candidate?;
            let same_code = code.is_some()
                && their_code.as_deref().map(str::trim) == code.as_deref().map(str::trim);
            if same_code || name_key(&their_name) == wanted {
                return Ok(Some((LinkBasis::DecisionNumber, id)));
            }
        }
    }
    Ok(by_code(conn, code.as_deref(), issued_on)?.map(|id| (LinkBasis::ProductCode, id)))
}

impl Store {
    /// The catalogue entry `product` continues, seen on `as_of`: the link its
    /// certificate's entry records once issued, else the one the issuing would
    /// record (see [`previous_for_product`]); `None` for a product the catalogue
    /// does not know (or whose issued certificate follows none).
    pub fn catalogue_link_of_product(
        &self,
        product: ProductId,
        as_of: NaiveDate,
    ) -> StoreResult<Option<CatalogueLink>> {
        let issued: Option<Option<i64>> = self
            .conn
            .query_row(
                "SELECT e.previous_entry_id FROM catalogue_entries e
                 JOIN certificates c ON c.id = e.certificate_id WHERE c.product_id = ?1",
                [product.0],
                |r| r.get(0),
            )
            .optional()?;
        let found = match issued {
            Some(previous) => previous.map(|id| (LinkBasis::RecordedAtIssuing, id)),
            None => previous_for_product(&self.conn, product, as_of)?,
        };
        let Some((basis, id)) = found else {
            return Ok(None);
        };
        let history = self.catalogue_history(id)?;
        let Some(at) = history.iter().position(|e| e.id == id) else {
            return Ok(None);
        };
        let superseded = history
            .get(at + 1)
            .is_some_and(|next| next.record.issued_on <= as_of);
        let entry = history[at].clone();
        Ok(Some(CatalogueLink {
            basis,
            status: entry.status(as_of, superseded),
            entry,
            as_of,
            earlier: history[..at].to_vec(),
        }))
    }
}
