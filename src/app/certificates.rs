//! Certificates of a finalized round: their inputs and the batch that writes them.
//!
//! What a certificate prints besides the document settings (the approval
//! decision, the certificate number, the validity and the QR verification
//! payload) comes from the store's certificates, allocated when a finalized round
//! moves to certificates-issued.

use crate::domain::progress::{Progress, Work};
use std::path::PathBuf;

use anyhow::{Context as _, bail};
use chrono::NaiveDate;

use super::Session;
use super::doc_settings::{self, DocSettings, DocSetup};
use crate::domain::certificate::{IssuePreview, Issuer};
use crate::domain::ids::RoundId;
use crate::domain::round::RoundStatus;
use crate::pdf::{BatchOutput, BatchReport, CertificateData, write_certificates};
use crate::store::{Actor, CertificateRow};

/// Finalized → certificates-issued with the issuer of the document settings (the
/// Ministry's for a central round): authority (or `authority` when given), place,
/// signatory title and name, recorded with every certificate.
pub fn issue_round_certificates(
    session: &mut Session,
    round: RoundId,
    authority: Option<&str>,
    issued_on: Option<NaiveDate>,
    actor: &Actor,
) -> anyhow::Result<Vec<CertificateRow>> {
    let issuer = round_issuer(session, round, authority)?;
    Ok(session
        .store
        .issue_certificates(round, &issuer, issued_on, actor)?)
}

/// What [`issue_round_certificates`] would issue with the same inputs (numbers,
/// stars, issuer), computed without writing: for the confirmation.
pub fn preview_round_certificates(
    session: &Session,
    round: RoundId,
    authority: Option<&str>,
    issued_on: Option<NaiveDate>,
) -> anyhow::Result<IssuePreview> {
    let issuer = round_issuer(session, round, authority)?;
    Ok(session
        .store
        .preview_certificates(round, &issuer, issued_on)?)
}

/// The issuer recorded with `round`'s certificates: the document settings' for
/// the round's level, with `authority` instead of theirs when given.
fn round_issuer(
    session: &Session,
    round: RoundId,
    authority: Option<&str>,
) -> anyhow::Result<Issuer> {
    // The settings' problems stay typed in the chain (the GUI words them).
    let setup = doc_settings::load(&session.data_dir).context(
        "issuing certificates records the issuer and signatory from the document settings",
    )?;
    let level = session.store.round(round)?.level;
    let mut issuer: Issuer = setup.settings.issuer(level)?;
    if let Some(a) = authority.filter(|a| !a.trim().is_empty()) {
        issuer.authority = a.trim().to_owned();
    }
    Ok(issuer)
}

/// What the round lifecycle knows about one issued certificate; the rest of a
/// certificate comes from the document settings ([`certificate_data`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IssuedCertificate {
    pub certificate_number: String,
    pub product_name: String,
    pub producer_name: String,
    pub producer_address: String,
    pub stars: u8,
    pub decision_number: String,
    pub decision_date: NaiveDate,
    pub issue_date: NaiveDate,
    pub valid_until: NaiveDate,
    /// The round's signatory when it differs from the settings' (e.g. recorded at
    /// finalization).
    pub signatory_name: Option<String>,
    pub qr_payload: String,
    /// A reprint keeps its number and is marked "BẢN SAO".
    pub reprint: bool,
}

/// A certificate's full data: the issued facts plus authority, place and
/// signatory from the settings.
pub fn certificate_data(settings: &DocSettings, issued: IssuedCertificate) -> CertificateData {
    CertificateData {
        authority: settings.authority.clone(),
        certificate_number: issued.certificate_number,
        product_name: issued.product_name,
        producer_name: issued.producer_name,
        producer_address: issued.producer_address,
        stars: issued.stars,
        decision_number: issued.decision_number,
        decision_date: issued.decision_date,
        issue_date: issued.issue_date,
        valid_until: issued.valid_until,
        place_name: settings.place_name.clone(),
        signatory_title: settings.signatory_title.clone(),
        signatory_name: issued
            .signatory_name
            .filter(|n| !n.trim().is_empty())
            .unwrap_or_else(|| settings.signatory_name.clone()),
        qr_payload: issued.qr_payload,
        copy: issued.reprint,
    }
}

/// The certificates of `round`, one per certified product, with the issuing facts
/// from `setup` (authority, place, signatory). Certificate numbers, the decision
/// and the validity exist once the finalized round has moved to
/// certificates-issued (`round advance --to certificates-issued --authority …`).
/// A certificate whose reprint was recorded (`certificate reprint ID`) prints as
/// a copy ("BẢN SAO") with its own number.
pub fn certificate_inputs(
    session: &Session,
    round: RoundId,
    setup: &DocSetup,
) -> anyhow::Result<Vec<CertificateData>> {
    let round_row = session.store.round(round)?;
    match round_row.status {
        RoundStatus::CertificatesIssued => {}
        RoundStatus::Finalized => bail!(
            "round {round} is finalized but its certificates are not issued yet: `round advance --round {round} --to certificates-issued --authority …` numbers them"
        ),
        status => bail!(
            "round {round} is not finalized (status: {}); certificates are printed after the People's Committee approves the results",
            status.as_str()
        ),
    }
    let all = session.store.certificates(round)?;
    let revoked = all.iter().filter(|c| c.is_revoked()).count();
    let rows: Vec<CertificateRow> = all.into_iter().filter(|c| !c.is_revoked()).collect();
    if rows.is_empty() {
        if revoked > 0 {
            bail!(
                "every certificate of round {round} is revoked; a revoked certificate is not printed"
            );
        }
        bail!(
            "round {round} certified no product (a provincial round certifies 3★ and 4★, a central round 5★), so there is no certificate to print"
        );
    }
    rows.into_iter()
        .map(|row| {
            if let Some(recorded) = &row.recorded {
                // What was recorded when issued, not what the settings say today.
                return Ok(CertificateData {
                    authority: row.authority.clone(),
                    certificate_number: row.number.clone(),
                    product_name: row.product_name.clone(),
                    producer_name: recorded.producer_name.clone(),
                    producer_address: recorded.producer_address.clone(),
                    stars: row.stars,
                    decision_number: row.decision_no.clone(),
                    decision_date: row.decision_date,
                    issue_date: row.issued_on,
                    valid_until: row.valid_until,
                    place_name: recorded.place_name.clone(),
                    signatory_title: recorded.signatory_title.clone(),
                    signatory_name: recorded.signatory_name.clone(),
                    qr_payload: row.payload(),
                    copy: row.is_copy(),
                });
            }
            let product = session.store.product(row.product_id)?;
            let f = &product.producer;
            let address: Vec<&str> = [
                f.address.as_deref(),
                f.commune.as_deref(),
                f.province.as_deref(),
            ]
            .into_iter()
            .flatten()
            .filter(|part| !part.trim().is_empty())
            .collect();
            let issued = IssuedCertificate {
                certificate_number: row.number.clone(),
                product_name: row.product_name.clone(),
                producer_name: f.name.clone(),
                producer_address: address.join(", "),
                stars: row.stars,
                decision_number: row.decision_no.clone(),
                decision_date: row.decision_date,
                issue_date: row.issued_on,
                valid_until: row.valid_until,
                // Title and name both from the settings: one record.
                signatory_name: None,
                qr_payload: row.payload(),
                reprint: row.is_copy(),
            };
            Ok(certificate_data(&setup.settings, issued))
        })
        .collect()
}

/// Checks the settings, gathers the round's certificates and writes them.
/// Nothing is written when the settings or any certificate are refused.
pub fn write_round_certificates(
    session: &Session,
    round: RoundId,
    out: PathBuf,
    one_file: bool,
    progress: &mut dyn FnMut(Progress),
) -> anyhow::Result<BatchReport> {
    let setup = doc_settings::load(&session.data_dir)?;
    let certificates = certificate_inputs(session, round, &setup)?;
    let output = if one_file {
        BatchOutput::OneFile(out)
    } else {
        BatchOutput::FilePerCertificate(out)
    };
    Ok(write_certificates(
        &certificates,
        &setup.assets,
        &output,
        &mut |done, total| progress(Progress::new(Work::Certificates, done as u64, total as u64)),
    )?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn settings_fill_the_issuer_and_the_round_signatory_wins() {
        let settings = DocSettings {
            authority: "ỦY BAN NHÂN DÂN TỈNH SÓC TRĂNG".into(),
            place_name: "Sóc Trăng".into(),
            signatory_title: "CHỦ TỊCH".into(),
            signatory_name: "Nguyễn Văn Thành".into(),
            ..DocSettings::default()
        };
        let d = NaiveDate::from_ymd_opt(2026, 12, 15).unwrap_or_default();
        let issued = IssuedCertificate {
            certificate_number: "1/2026/GCN-OCOP".into(),
            product_name: "Gạo ST25".into(),
            producer_name: "HTX Hòa Lộc".into(),
            producer_address: "Xã Hòa Tú".into(),
            stars: 4,
            decision_number: "1/QĐ-UBND".into(),
            decision_date: d,
            issue_date: d,
            valid_until: d,
            signatory_name: None,
            qr_payload: "x".into(),
            reprint: true,
        };
        let data = certificate_data(&settings, issued.clone());
        assert_eq!(data.authority, settings.authority);
        assert_eq!(data.signatory_name, "Nguyễn Văn Thành");
        assert!(data.copy);
        let data = certificate_data(
            &settings,
            IssuedCertificate {
                signatory_name: Some("Trần Văn Phó".into()),
                ..issued
            },
        );
        assert_eq!(data.signatory_name, "Trần Văn Phó");
    }
}
