//! Versioned schema migrations, applied in order inside one transaction each.
//!
//! The model is rusqlite_migration's (the schema version lives in SQLite's
//! `user_version`); that crate does not support rusqlite 0.43 yet, hence these few
//! lines. Never edit a released migration: append a new one.

use rusqlite::{Connection, TransactionBehavior};

/// Migration `i` moves the schema from version `i` to `i + 1`.
const MIGRATIONS: &[&str] = &[
    include_str!("sql/0001_initial.sql"),
    include_str!("sql/0002_dossiers.sql"),
    include_str!("sql/0003_lifecycle.sql"),
    include_str!("sql/0004_packages.sql"),
    include_str!("sql/0005_evidence.sql"),
    include_str!("sql/0006_certificate_record.sql"),
    include_str!("sql/0007_people.sql"),
    include_str!("sql/0008_catalogue.sql"),
    include_str!("sql/0009_quorum_presiding.sql"),
    include_str!("sql/0010_result_tally.sql"),
];

/// The schema version this build expects.
pub const SCHEMA_VERSION: u32 = MIGRATIONS.len() as u32;

#[derive(Debug, thiserror::Error)]
pub enum MigrationError {
    #[error(
        "the database has schema version {found}, newer than this app understands ({SCHEMA_VERSION}); use a newer OCOP Council"
    )]
    TooNew { found: u32 },
    #[error("migration to schema version {version} failed: {source}")]
    Failed {
        version: u32,
        source: rusqlite::Error,
    },
    #[error(transparent)]
    Sqlite(#[from] rusqlite::Error),
}

/// Brings the database to [`SCHEMA_VERSION`].
pub fn migrate(conn: &mut Connection) -> Result<(), MigrationError> {
    let current: u32 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    if current > SCHEMA_VERSION {
        return Err(MigrationError::TooNew { found: current });
    }
    for (index, sql) in MIGRATIONS.iter().enumerate().skip(current as usize) {
        let version = index as u32 + 1;
        let failed = |source| MigrationError::Failed { version, source };
        let tx = conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(failed)?;
        tx.execute_batch(sql).map_err(failed)?;
        tx.pragma_update(None, "user_version", version)
            .map_err(failed)?;
        tx.commit().map_err(failed)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn migrates_from_empty_and_is_idempotent() {
        let mut conn = Connection::open_in_memory().unwrap();
        migrate(&mut conn).unwrap();
        migrate(&mut conn).unwrap();
        let version: u32 = conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .unwrap();
        assert_eq!(version, SCHEMA_VERSION);
        let tables: i64 = conn
            .query_row(
                "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name IN
                 ('rounds','members','producers','products','sheets','answers','results',
                  'audit_log','criteria_snapshots','round_sheets','recusals')",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(tables, 11);
    }

    #[test]
    fn uids_are_backfilled_in_a_finalized_round_whose_guards_come_back() {
        let mut conn = Connection::open_in_memory().unwrap();
        for (i, sql) in MIGRATIONS[..3].iter().enumerate() {
            conn.execute_batch(sql).unwrap();
            conn.pragma_update(None, "user_version", i as i64 + 1)
                .unwrap();
        }
        // A version-3 database with a finalized round (each state change logged first,
        // as the status trigger wants).
        conn.execute_batch(
            "INSERT INTO criteria_snapshots VALUES ('h', 'qd148-2023', 4, 'verified', '{}');
             INSERT INTO rounds (id, name, level, criteria_set_id, created_at)
                 VALUES (1, 'Đợt 1', 'provincial', 'qd148-2023', 't');
             INSERT INTO round_sheets VALUES (1, 4, 'h');
             INSERT INTO members (id, round_id, name, role, voting, created_at)
                 VALUES (1, 1, 'Chủ tịch', 'chair', 1, 't');
             INSERT INTO producers (id, name, created_at) VALUES (1, 'HTX', 't');
             INSERT INTO products (id, round_id, name, product_set, producer_id, created_at)
                 VALUES (1, 1, 'Mật ong', 4, 1, 't');",
        )
        .unwrap();
        for (from, to) in [
            ("setup", "scoring"),
            ("scoring", "deliberation"),
            ("deliberation", "finalized"),
        ] {
            conn.execute(
                "INSERT INTO audit_log (round_id, at, actor, action, target, old_value, new_value, prev_hash, hash)
                 VALUES (1, 't', 'test', 'round.state', 'round:1', ?1, ?2, '', '')",
                [from, to],
            )
            .unwrap();
            conn.execute("UPDATE rounds SET status = ?1 WHERE id = 1", [to])
                .unwrap();
        }
        migrate(&mut conn).unwrap();
        for table in ["rounds", "members", "products"] {
            let uid: String = conn
                .query_row(&format!("SELECT uid FROM {table} WHERE id = 1"), [], |r| {
                    r.get(0)
                })
                .unwrap();
            assert!(super::super::is_uid(&uid), "{table}: {uid}");
        }
        // The finalized round's guards are back, and a uid never changes.
        for sql in [
            "UPDATE members SET name = 'Khác' WHERE id = 1",
            "UPDATE products SET name = 'Khác' WHERE id = 1",
            "UPDATE members SET public_key = NULL WHERE id = 1",
            "UPDATE rounds SET uid = '0123456789abcdef0123456789abcdef' WHERE id = 1",
        ] {
            assert!(conn.execute(sql, []).is_err(), "{sql}");
        }
        // Every new row gets one, whoever inserts it.
        conn.execute(
            "INSERT INTO rounds (id, name, level, criteria_set_id, created_at)
             VALUES (2, 'Đợt 2', 'provincial', 'qd148-2023', 't')",
            [],
        )
        .unwrap();
        let uid: String = conn
            .query_row("SELECT uid FROM rounds WHERE id = 2", [], |r| r.get(0))
            .unwrap();
        assert!(super::super::is_uid(&uid), "{uid}");
    }

    #[test]
    fn refuses_a_database_from_the_future() {
        let mut conn = Connection::open_in_memory().unwrap();
        conn.pragma_update(None, "user_version", SCHEMA_VERSION + 1)
            .unwrap();
        let err = migrate(&mut conn).unwrap_err();
        assert!(matches!(err, MigrationError::TooNew { .. }), "{err}");
    }
}
