//! `ocop-council verify --catalogue` (and `verify` of the whole file): the
//! catalogue's own audit chain (round id 0), each entry against the last value its
//! audit entries record (so a stars, date or name edited with raw SQL is named),
//! the entries a round issued against their certificates, and SQLite's own checks.
//! The same limit as a round's chain applies (store/verify.rs): the chain is not
//! keyed, so a rewrite with recomputed hashes is caught only by the rollback anchor.

use std::collections::HashMap;

use serde::Serialize;

use super::audit::chain_breaks;
use super::catalogue::{CATALOGUE_CHAIN, audit_value};
use super::{CheckKind, Store, StoreResult, VerifyCheck};

/// What `verify --catalogue` found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CatalogueVerifyReport {
    pub entries: usize,
    pub checks: Vec<VerifyCheck>,
}

impl CatalogueVerifyReport {
    pub fn passed(&self) -> bool {
        self.checks.iter().all(VerifyCheck::passed)
    }
}

/// The entry id an audit target names ("catalogue:… 001/2023 entry:12 round:3").
fn entry_of_target(target: &str) -> Option<i64> {
    let rest = &target[target.rfind(" entry:")? + " entry:".len()..];
    rest.split(' ').next()?.parse().ok()
}

impl Store {
    /// Runs the catalogue's checks (see the module documentation).
    pub fn verify_catalogue(&self) -> StoreResult<CatalogueVerifyReport> {
        let log = self.audit_log(CATALOGUE_CHAIN)?;
        let entries = self.catalogue_entries()?;
        let mut checks = Vec::new();

        let mut problems: Vec<String> =
            chain_breaks(&log).iter().map(ToString::to_string).collect();
        for (before, after) in self.audit_id_gaps()? {
            problems.push(format!(
                "audit entries {} to {} are missing (deleted outside the app)",
                before + 1,
                after - 1
            ));
        }
        checks.push(VerifyCheck {
            kind: CheckKind::CatalogueAuditChain,
            detail: format!("{} entries", log.len()),
            problems,
        });

        // The last value the chain records for each catalogue entry.
        let mut last: HashMap<i64, (i64, Option<&str>)> = HashMap::new();
        for a in &log {
            if let Some(id) = entry_of_target(&a.target) {
                last.insert(id, (a.id, a.new_value.as_deref()));
            }
        }
        let mut problems = Vec::new();
        for e in &entries {
            let want = audit_value(&e.record);
            match last.get(&e.id) {
                None => problems.push(format!(
                    "catalogue entry {} (certificate {}) has no audit entry (added outside the app)",
                    e.id, e.record.certificate_number
                )),
                Some((audit_id, logged)) => {
                    let logged = logged.unwrap_or("");
                    let matches = logged == want || logged.starts_with(&format!("{want} ["));
                    if !matches {
                        problems.push(format!(
                            "catalogue entry {} (certificate {}) reads \"{want}\" but its audit entry {audit_id} recorded \"{logged}\" (edited outside the app)",
                            e.id, e.record.certificate_number
                        ));
                    }
                }
            }
        }
        checks.push(VerifyCheck {
            kind: CheckKind::CatalogueEntries,
            detail: format!("{} entries against their audit entries", entries.len()),
            problems,
        });

        let mut stmt = self.conn.prepare(
            "SELECT e.id, e.certificate_number, c.number, e.stars, c.stars,
                    e.issued_on, c.issued_on, e.valid_until, c.valid_until
             FROM catalogue_entries e JOIN certificates c ON c.id = e.certificate_id
             WHERE e.certificate_number IS NOT c.number OR e.stars IS NOT c.stars
                OR e.issued_on IS NOT c.issued_on OR e.valid_until IS NOT c.valid_until",
        )?;
        let problems = stmt
            .query_map([], |r| {
                Ok(format!(
                    "catalogue entry {} ({} {}★ {}–{}) differs from its certificate ({} {}★ {}–{})",
                    r.get::<_, i64>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, i64>(3)?,
                    r.get::<_, String>(5)?,
                    r.get::<_, String>(7)?,
                    r.get::<_, String>(2)?,
                    r.get::<_, i64>(4)?,
                    r.get::<_, String>(6)?,
                    r.get::<_, String>(8)?,
                ))
            })?
            .collect::<Result<Vec<_>, _>>()?;
        let issued = entries
            .iter()
            .filter(|e| e.certificate_id.is_some())
            .count();
        checks.push(VerifyCheck {
            kind: CheckKind::EntriesIssuedByRounds,
            detail: format!("{issued} entries against their certificates"),
            problems,
        });

        checks.push(VerifyCheck {
            kind: CheckKind::DatabaseIntegrity,
            detail: "integrity_check, foreign_key_check".to_string(),
            problems: self.integrity_problems()?,
        });
        Ok(CatalogueVerifyReport {
            entries: entries.len(),
            checks,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::entry_of_target;

    #[test]
    fn the_entry_id_is_read_from_an_audit_target() {
        assert_eq!(
            entry_of_target("catalogue:ubnd tinh x 001/2023 entry:12"),
            Some(12)
        );
        assert_eq!(
            entry_of_target("catalogue:k 7 / GCN entry:3 round:2"),
            Some(3)
        );
        assert_eq!(entry_of_target("catalogue:plan-target"), None);
    }
}
