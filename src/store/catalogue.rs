//! The province's catalogue (sổ theo dõi sản phẩm OCOP): entries fed by a round's
//! certificate issuing (in the same transaction) and by importing the province's
//! earlier list; the plan target. Every write names its actor, is allowed only to
//! the secretariat (domain/permissions.rs, `KeepCatalogue`) or comes with a round's
//! authorised certificate issuing, and is audited on the catalogue's own hash chain
//! (audit_log, round id 0).

use chrono::NaiveDate;
use rusqlite::{Connection, OptionalExtension, Transaction, params};

use super::audit::{self, Actor};
use super::certificates::CertificateRow;
use super::{Store, StoreError, StoreResult, begin, now};
use crate::domain::actor::Principal;
use crate::domain::catalogue::{
    CatalogueEntry, CatalogueRecord, EntrySource, LegalForm, group_from_token, group_token,
    producer_key,
};
use crate::domain::certificate::authority_key;
use crate::domain::completeness::ProductGroup;
use crate::domain::dossier::RegistrationType;
use crate::domain::ids::RoundId;
use crate::domain::member::Role;
use crate::domain::permissions::{self, Acting, Circumstances, CouncilAction, Denial};

mod import;

/// The catalogue's audit chain: audit_log rows with this round id (no round has it).
pub const CATALOGUE_CHAIN: RoundId = RoundId(0);

/// Refuses unless the actor is the secretariat (the catalogue has no council).
fn authorize_catalogue(conn: &Connection, actor: &Actor) -> StoreResult<()> {
    let acting = match actor.principal {
        Principal::Secretariat => Acting::Secretariat,
        Principal::Member(id) => {
            let row: Option<(String, bool)> = conn
                .query_row(
                    "SELECT role, voting FROM members WHERE id = ?1",
                    [id.0],
                    |r| Ok((r.get(0)?, r.get(1)?)),
                )
                .optional()?;
            let (role, voting) = row.ok_or(StoreError::NoMember(id))?;
            Acting::Member {
                id,
                role: Role::parse(&role).unwrap_or(Role::Member),
                voting,
            }
        }
    };
    if acting != Acting::Secretariat {
        return Err(StoreError::NotPermitted(permissions::PermissionRefusal {
            action: CouncilAction::KeepCatalogue,
            acting,
            denial: Denial::NoRight,
        }));
    }
    permissions::permit(
        CouncilAction::KeepCatalogue,
        acting,
        actor,
        Circumstances::default(),
    )
    .map(|_| ())
    .map_err(StoreError::NotPermitted)
}

const ENTRY_COLUMNS: &str = "e.id, e.product_name, e.product_code, e.producer_name, e.producer_key,
     e.legal_form, e.address, e.commune, e.district, e.province, e.product_set, e.product_set_no,
     e.product_group, e.stars, e.score, e.authority, e.certificate_number, e.decision_no,
     e.decision_date, e.issued_on, e.valid_until, e.registration_type, e.round_label,
     e.revoked, e.revoked_on, e.previous_entry_id, e.certificate_id, e.source, e.source_detail,
     e.recorded_by, e.created_at, e.updated_at,
     (SELECT min(n.id) FROM catalogue_entries n WHERE n.previous_entry_id = e.id),
     (SELECT v.decision_date FROM certificate_revocations v WHERE v.certificate_id = e.certificate_id)";

fn bad(index: usize, what: &str) -> rusqlite::Error {
    rusqlite::Error::FromSqlConversionFailure(
        index,
        rusqlite::types::Type::Text,
        format!("catalogue entry: {what}").into(),
    )
}

fn date_at(r: &rusqlite::Row<'_>, index: usize) -> rusqlite::Result<NaiveDate> {
    let text: String = r.get(index)?;
    NaiveDate::parse_from_str(&text, "%Y-%m-%d").map_err(|_| bad(index, "a date does not parse"))
}

fn opt_date_at(r: &rusqlite::Row<'_>, index: usize) -> rusqlite::Result<Option<NaiveDate>> {
    match r.get::<_, Option<String>>(index)? {
        None => Ok(None),
        Some(_) => date_at(r, index).map(Some),
    }
}

fn entry_from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<CatalogueEntry> {
    let form: String = r.get(5)?;
    let group: Option<String> = r.get(12)?;
    let registration: String = r.get(21)?;
    let source: String = r.get(27)?;
    Ok(CatalogueEntry {
        id: r.get(0)?,
        record: CatalogueRecord {
            product_name: r.get(1)?,
            product_code: r.get(2)?,
            producer_name: r.get(3)?,
            producer_key: r.get(4)?,
            legal_form: LegalForm::parse(&form).ok_or_else(|| bad(5, "legal form"))?,
            address: r.get(6)?,
            commune: r.get(7)?,
            district: r.get(8)?,
            province: r.get(9)?,
            product_set: r.get(10)?,
            product_set_no: r.get(11)?,
            product_group: group.as_deref().and_then(group_from_token),
            stars: r.get(13)?,
            score: r.get(14)?,
            authority: r.get(15)?,
            certificate_number: r.get(16)?,
            decision_no: r.get(17)?,
            decision_date: date_at(r, 18)?,
            issued_on: date_at(r, 19)?,
            valid_until: date_at(r, 20)?,
            registration_type: RegistrationType::parse(&registration)
                .ok_or_else(|| bad(21, "registration type"))?,
            round_label: r.get(22)?,
            revoked: r.get(23)?,
            revoked_on: opt_date_at(r, 24)?,
        },
        previous_entry_id: r.get(25)?,
        certificate_id: r.get(26)?,
        source: EntrySource::parse(&source).ok_or_else(|| bad(27, "source"))?,
        source_detail: r.get(28)?,
        recorded_by: r.get(29)?,
        created_at: r.get(30)?,
        updated_at: r.get(31)?,
        next_entry_id: r.get(32)?,
        app_revoked_on: opt_date_at(r, 33)?,
    })
}

fn entries_where(
    conn: &Connection,
    condition: &str,
    args: impl rusqlite::Params,
) -> StoreResult<Vec<CatalogueEntry>> {
    let sql = format!("SELECT {ENTRY_COLUMNS} FROM catalogue_entries e WHERE {condition}");
    let mut stmt = conn.prepare(&sql)?;
    let rows = stmt.query_map(args, entry_from_row)?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// The entry of this certificate (authority compared by its key), if any.
fn entry_by_certificate(
    conn: &Connection,
    authority: &str,
    number: &str,
) -> StoreResult<Option<CatalogueEntry>> {
    Ok(entries_where(
        conn,
        "e.authority_key = ?1 AND e.certificate_number = ?2",
        params![authority_key(authority), number.trim()],
    )?
    .pop())
}

/// The latest earlier certificate of the same product (same product code, issued
/// before), which this one follows.
fn previous_by_code(
    conn: &Connection,
    code: Option<&str>,
    issued_on: NaiveDate,
    except: Option<i64>,
) -> StoreResult<Option<i64>> {
    let Some(code) = code.map(str::trim).filter(|c| !c.is_empty()) else {
        return Ok(None);
    };
    Ok(conn
        .query_row(
            "SELECT id FROM catalogue_entries WHERE product_code = ?1 AND issued_on < ?2
             AND id IS NOT ?3 ORDER BY issued_on DESC, id DESC LIMIT 1",
            params![code, issued_on.to_string(), except],
            |r| r.get(0),
        )
        .optional()?)
}

fn insert_entry(
    tx: &Transaction<'_>,
    record: &CatalogueRecord,
    source: EntrySource,
    detail: &str,
    certificate_id: Option<i64>,
    previous: Option<i64>,
    label: &str,
) -> StoreResult<i64> {
    let at = now();
    tx.execute(
        "INSERT INTO catalogue_entries (product_name, product_code, producer_name, producer_key,
             legal_form, address, commune, district, province, product_set, product_set_no,
             product_group, stars, score, authority, authority_key, certificate_number,
             decision_no, decision_date, issued_on, valid_until, registration_type, round_label,
             revoked, revoked_on, previous_entry_id, certificate_id, source, source_detail,
             recorded_by, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17,
             ?18, ?19, ?20, ?21, ?22, ?23, ?24, ?25, ?26, ?27, ?28, ?29, ?30, ?31, ?31)",
        params![
            record.product_name,
            record.product_code,
            record.producer_name,
            record.producer_key,
            record.legal_form.as_str(),
            record.address,
            record.commune,
            record.district,
            record.province,
            record.product_set,
            record.product_set_no,
            record.product_group.map(group_token),
            record.stars,
            record.score,
            record.authority,
            authority_key(&record.authority),
            record.certificate_number,
            record.decision_no,
            record.decision_date.to_string(),
            record.issued_on.to_string(),
            record.valid_until.to_string(),
            record.registration_type.as_str(),
            record.round_label,
            record.revoked,
            record.revoked_on.map(|d| d.to_string()),
            previous,
            certificate_id,
            source.as_str(),
            detail,
            label,
            at,
        ],
    )?;
    Ok(tx.last_insert_rowid())
}

fn update_entry(
    tx: &Transaction<'_>,
    id: i64,
    record: &CatalogueRecord,
    detail: &str,
    previous: Option<i64>,
    label: &str,
) -> StoreResult<()> {
    tx.execute(
        "UPDATE catalogue_entries SET product_name = ?2, product_code = ?3, producer_name = ?4,
             producer_key = ?5, legal_form = ?6, address = ?7, commune = ?8, district = ?9,
             province = ?10, product_set = ?11, product_set_no = ?12, product_group = ?13,
             stars = ?14, score = ?15, authority = ?16, decision_no = ?17, decision_date = ?18,
             issued_on = ?19, valid_until = ?20, registration_type = ?21, round_label = ?22,
             revoked = ?23, revoked_on = ?24, previous_entry_id = ?25, source_detail = ?26,
             recorded_by = ?27, updated_at = ?28
         WHERE id = ?1",
        params![
            id,
            record.product_name,
            record.product_code,
            record.producer_name,
            record.producer_key,
            record.legal_form.as_str(),
            record.address,
            record.commune,
            record.district,
            record.province,
            record.product_set,
            record.product_set_no,
            record.product_group.map(group_token),
            record.stars,
            record.score,
            record.authority,
            record.decision_no,
            record.decision_date.to_string(),
            record.issued_on.to_string(),
            record.valid_until.to_string(),
            record.registration_type.as_str(),
            record.round_label,
            record.revoked,
            record.revoked_on.map(|d| d.to_string()),
            previous,
            detail,
            label,
            now(),
        ],
    )?;
    Ok(())
}

/// A short audit value: "3★ Gạo ST25 (HTX …), cấp 2023-05-02, hết hạn 2026-05-02".
pub(super) fn audit_value(r: &CatalogueRecord) -> String {
    format!(
        "{}★ {} ({}), issued {}, valid until {}{}",
        r.stars,
        r.product_name,
        r.producer_name,
        r.issued_on,
        r.valid_until,
        if r.revoked { ", revoked" } else { "" }
    )
}

fn target_of(r: &CatalogueRecord) -> String {
    format!(
        "catalogue:{} {}",
        authority_key(&r.authority),
        r.certificate_number
    )
}

/// Adds a round's freshly issued certificates to the catalogue, inside the issuing
/// transaction (the issuing actor was authorised for it and is named here too).
pub(super) fn feed_from_round(
    tx: &Transaction<'_>,
    round: RoundId,
    actor: &Actor,
    certificates: &[CertificateRow],
) -> StoreResult<()> {
    let label = audit::actor_label(tx, actor)?;
    let round_name: String =
        tx.query_row("SELECT name FROM rounds WHERE id = ?1", [round.0], |r| {
            r.get(0)
        })?;
    for certificate in certificates {
        let record = round_record(tx, certificate, &round_name)?;
        let previous = super::catalogue_link::previous_for_product(
            tx,
            certificate.product_id,
            record.issued_on,
        )?
        .map(|(_, id)| id);
        let id = insert_entry(
            tx,
            &record,
            EntrySource::Round,
            &format!("round {round}"),
            Some(certificate.id.0),
            previous,
            &label,
        )?;
        audit::append(
            tx,
            CATALOGUE_CHAIN,
            actor,
            "catalogue.add-from-round",
            &format!("{} entry:{id} round:{round}", target_of(&record)),
            None,
            Some(&audit_value(&record)),
        )?;
    }
    Ok(())
}

/// What a round knows of a certified product, as a catalogue record.
fn round_record(
    conn: &Connection,
    c: &CertificateRow,
    round_name: &str,
) -> StoreResult<CatalogueRecord> {
    type Facts = (
        Option<String>,
        u8,
        String,
        Option<String>,
        Option<String>,
        Option<String>,
    );
    let (code, set, producer, kind, commune, province): Facts = conn.query_row(
        "SELECT p.product_code, p.product_set, pr.name, pr.kind, pr.commune, pr.province
         FROM products p JOIN producers pr ON pr.id = p.producer_id WHERE p.id = ?1",
        [c.product_id.0],
        |r| {
            Ok((
                r.get(0)?,
                r.get(1)?,
                r.get(2)?,
                r.get(3)?,
                r.get(4)?,
                r.get(5)?,
            ))
        },
    )?;
    let dossier: Option<(String, String)> = conn
        .query_row(
            "SELECT registration_type, facts_json FROM dossiers WHERE product_id = ?1
             ORDER BY version DESC LIMIT 1",
            [c.product_id.0],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?;
    let registration_type = dossier
        .as_ref()
        .and_then(|(t, _)| RegistrationType::parse(t))
        .unwrap_or(RegistrationType::New);
    let dossier_type = dossier
        .and_then(|(_, json)| serde_json::from_str::<serde_json::Value>(&json).ok())
        .and_then(|v| v.get("producer")?.get("type")?.as_str().map(str::to_owned));
    let legal_form = dossier_type
        .as_deref()
        .and_then(LegalForm::from_text)
        .unwrap_or_else(|| LegalForm::of_round_producer(kind.as_deref(), &producer));
    let recorded = c.recorded.as_ref();
    let producer_name = recorded.map_or(producer, |r| r.producer_name.clone());
    let set_no = (1..=26).contains(&set).then_some(set);
    Ok(CatalogueRecord {
        product_name: c.product_name.clone(),
        product_code: code.filter(|s| !s.trim().is_empty()),
        producer_key: producer_key(&producer_name, commune.as_deref(), None),
        producer_name,
        legal_form,
        address: recorded.map(|r| r.producer_address.clone()),
        commune,
        district: None,
        province,
        product_set: Some(format!("Bộ {set}")),
        product_set_no: set_no,
        product_group: ProductGroup::of_set(set),
        stars: c.stars,
        score: None,
        authority: c.authority.clone(),
        certificate_number: c.number.clone(),
        decision_no: c.decision_no.clone(),
        decision_date: c.decision_date,
        issued_on: c.issued_on,
        valid_until: c.valid_until,
        registration_type,
        round_label: Some(round_name.to_owned()),
        revoked: false,
        revoked_on: None,
    })
}

const TARGET_KEY: &str = "plan-target-products";

impl Store {
    /// Every catalogue entry, by issue date then id.
    pub fn catalogue_entries(&self) -> StoreResult<Vec<CatalogueEntry>> {
        entries_where(&self.conn, "1 ORDER BY e.issued_on, e.id", [])
    }

    pub fn catalogue_entry(&self, id: i64) -> StoreResult<Option<CatalogueEntry>> {
        Ok(entries_where(&self.conn, "e.id = ?1", [id])?.pop())
    }

    /// An entry and the entries before and after it (oldest first).
    pub fn catalogue_history(&self, id: i64) -> StoreResult<Vec<CatalogueEntry>> {
        let mut chain = Vec::new();
        let mut at = self.catalogue_entry(id)?;
        while let Some(entry) = at {
            let previous = entry.previous_entry_id;
            chain.push(entry);
            at = match previous {
                Some(p) if chain.len() < 100 => self.catalogue_entry(p)?,
                _ => None,
            };
        }
        chain.reverse();
        let mut next = chain.last().and_then(|e| e.next_entry_id);
        while let Some(n) = next.filter(|_| chain.len() < 200) {
            let Some(entry) = self.catalogue_entry(n)? else {
                break;
            };
            next = entry.next_entry_id;
            chain.push(entry);
        }
        Ok(chain)
    }

    /// The plan's target number of products (3★ and more), if set.
    pub fn catalogue_target(&self) -> StoreResult<Option<u64>> {
        let value: Option<String> = self
            .conn
            .query_row(
                "SELECT value FROM catalogue_settings WHERE key = ?1",
                [TARGET_KEY],
                |r| r.get(0),
            )
            .optional()?;
        Ok(value.and_then(|v| v.parse().ok()))
    }

    /// Sets (or clears) the plan target; the secretariat only, audited.
    pub fn set_catalogue_target(&mut self, target: Option<u64>, actor: &Actor) -> StoreResult<()> {
        let tx = begin(&mut self.conn)?;
        authorize_catalogue(&tx, actor)?;
        let old: Option<String> = tx
            .query_row(
                "SELECT value FROM catalogue_settings WHERE key = ?1",
                [TARGET_KEY],
                |r| r.get(0),
            )
            .optional()?;
        let new = target.map(|t| t.to_string());
        if old == new {
            return Ok(());
        }
        match &new {
            Some(v) => tx.execute(
                "INSERT INTO catalogue_settings (key, value) VALUES (?1, ?2)
                 ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                params![TARGET_KEY, v],
            )?,
            None => tx.execute(
                "DELETE FROM catalogue_settings WHERE key = ?1",
                [TARGET_KEY],
            )?,
        };
        audit::append(
            &tx,
            CATALOGUE_CHAIN,
            actor,
            "catalogue.target",
            "catalogue:plan-target",
            old.as_deref(),
            new.as_deref(),
        )?;
        tx.commit()?;
        Ok(())
    }
}
