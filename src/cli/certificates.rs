//! `certificates-expiring`, `verify-certificate PAYLOAD` and `certificate list|reprint`.

use super::lifecycle::as_of_or_today;
use super::{CertificateCommand, CliResult, Failure, print_json, print_table, round_actor};
use crate::app::Session;
use crate::domain::certificate::Expiry;
use crate::domain::ids::{CertificateId, RoundId};

fn describe(expiry: Expiry) -> String {
    match expiry {
        Expiry::Valid { days_left } => format!("valid, {days_left} days left"),
        Expiry::ExpiringSoon { days_left: 0 } => "expires today".into(),
        Expiry::ExpiringSoon { days_left } => format!("expires in {days_left} days"),
        Expiry::Expired { days_ago } => format!("EXPIRED {days_ago} days ago"),
    }
}

pub(super) fn expiring(
    session: &Session,
    within_days: u32,
    as_of: Option<String>,
    json: bool,
) -> CliResult {
    let as_of = as_of_or_today(as_of.as_deref())?;
    let list = session.store.certificates_expiring(as_of, within_days)?;
    if json {
        return print_json(&serde_json::json!({
            "as_of": as_of,
            "within_days": within_days,
            "certificates": list,
        }));
    }
    let rows: Vec<Vec<String>> = list
        .iter()
        .map(|e| {
            let c = &e.certificate;
            vec![
                c.number.clone(),
                c.product_id.to_string(),
                c.product_name.clone(),
                e.producer.clone(),
                format!("{}★", c.stars),
                c.valid_until.to_string(),
                describe(e.expiry),
            ]
        })
        .collect();
    out!(
        "{} certificate(s) expired or expiring within {within_days} days of {as_of}",
        rows.len()
    );
    if !rows.is_empty() {
        print_table(
            &[
                "number",
                "product",
                "name",
                "producer",
                "stars",
                "valid until",
                "status",
            ],
            &rows,
        );
    }
    Ok(())
}

pub(super) fn verify(
    session: &Session,
    payload: &str,
    as_of: Option<String>,
    json: bool,
) -> CliResult {
    let as_of = as_of_or_today(as_of.as_deref())?;
    let verdict = session.store.check_certificate_payload(payload, as_of)?;
    if let (Some(r), Some(c), true) = (&verdict.revocation, &verdict.certificate, verdict.matches())
    {
        let line = format!(
            "REVOKED: certificate {} (product {}, {}) was revoked by decision {} of {}: {}",
            c.number, c.product_id, c.product_name, r.decision_no, r.decision_date, r.reason
        );
        if json {
            print_json(&verdict)?;
        } else {
            out!("{line}");
        }
        return Err(Failure(vec![line]));
    }
    if json {
        print_json(&verdict)?;
    } else if let (true, Some(c)) = (verdict.matches(), &verdict.certificate) {
        out!(
            "MATCHES: certificate {} issued by {} for product {} ({}), {}★, issued {}, valid until {}{}",
            c.number,
            c.authority,
            c.product_id,
            c.product_name,
            c.stars,
            c.issued_on,
            c.valid_until,
            verdict
                .expiry
                .map(|e| format!(" — on {as_of}: {}", describe(e)))
                .unwrap_or_default()
        );
    } else {
        out!("DOES NOT MATCH the database:");
        for p in &verdict.problems {
            out!("  - {p}");
        }
    }
    if verdict.matches() {
        Ok(())
    } else {
        Err(Failure(
            std::iter::once("the certificate payload does not match the database".to_string())
                .chain(verdict.problems.iter().cloned())
                .collect(),
        ))
    }
}

pub(super) fn run(session: &mut Session, cmd: CertificateCommand) -> CliResult {
    match cmd {
        CertificateCommand::List { round, json } => {
            let list = session.store.certificates(RoundId(round))?;
            if json {
                let with_payload: Vec<_> = list
                    .iter()
                    .map(|c| serde_json::json!({ "certificate": c, "payload": c.payload() }))
                    .collect();
                return print_json(&with_payload);
            }
            let rows: Vec<Vec<String>> = list
                .iter()
                .map(|c| {
                    vec![
                        c.id.to_string(),
                        c.number.clone(),
                        c.product_id.to_string(),
                        c.product_name.clone(),
                        format!("{}★", c.stars),
                        c.issued_on.to_string(),
                        c.valid_until.to_string(),
                        c.reprint_count.to_string(),
                        c.revocation.as_ref().map_or_else(String::new, |r| {
                            format!("REVOKED {} ({})", r.decision_no, r.decision_date)
                        }),
                        c.payload(),
                    ]
                })
                .collect();
            print_table(
                &[
                    "id",
                    "number",
                    "product",
                    "name",
                    "stars",
                    "issued",
                    "valid until",
                    "reprints",
                    "revoked",
                    "payload",
                ],
                &rows,
            );
            Ok(())
        }
        CertificateCommand::Revoke {
            id,
            decision,
            date,
            reason,
        } => {
            let date = super::lifecycle::date_arg("--date", &date)?;
            let round = session.store.certificate(CertificateId(id))?.round_id;
            let actor = round_actor(session, round)?;
            let c = session.store.revoke_certificate(
                CertificateId(id),
                &decision,
                date,
                &reason,
                &actor,
            )?;
            out!(
                "certificate {} (product {}) is revoked by decision {} of {date}",
                c.number,
                c.product_id,
                decision.trim()
            );
            Ok(())
        }
        CertificateCommand::Reprint { id } => {
            let round = session.store.certificate(CertificateId(id))?.round_id;
            let actor = round_actor(session, round)?;
            let c = session
                .store
                .reprint_certificate(CertificateId(id), &actor)?;
            out!(
                "certificate {} (product {}): reprint {} — print it marked as a copy (bản sao)",
                c.number,
                c.product_id,
                c.reprint_count
            );
            Ok(())
        }
    }
}
