//! Certificates of a finalized round: their inputs and the batch that writes them.
//!
//! The PDF side is complete (crate::pdf::certificate, crate::pdf::batch). What a
//! certificate prints besides the settings (the approval decision number and
//! date, the signing date, the certificate number, the validity and the QR
//! verification payload) is assigned when the round is finalized, which the round
//! lifecycle provides. Until it is merged, [`certificate_inputs`] refuses with a
//! clear error; filling that one function is all the merge needs.

use std::path::PathBuf;

use anyhow::bail;
use chrono::NaiveDate;

use super::Session;
use super::doc_settings::{self, DocSettings, DocSetup};
use crate::domain::ids::RoundId;
use crate::domain::round::RoundStatus;
use crate::pdf::{BatchOutput, BatchReport, CertificateData, write_certificates};

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

/// The certificates of `round`, one per product the province certifies (3★, 4★),
/// with the issuing facts from `setup` (authority, place, signatory).
///
/// Refuses until the round is finalized: certificate numbers, the decision and
/// the validity exist only from then on. MERGE: map the lifecycle's issued
/// certificates of the round to [`IssuedCertificate`] and return
/// `certificate_data(&setup.settings, issued)` for each.
pub fn certificate_inputs(
    session: &Session,
    round: RoundId,
    setup: &DocSetup,
) -> anyhow::Result<Vec<CertificateData>> {
    let round_row = session.store.round(round)?;
    let _settings = &setup.settings;
    match round_row.status {
        RoundStatus::Finalized | RoundStatus::CertificatesIssued => bail!(
            "round {round} is finalized, but this build cannot read certificate numbers, the approval decision or the verification payload yet (the round lifecycle provides them)"
        ),
        status => bail!(
            "round {round} is not finalized (status: {}); certificates are printed after the People's Committee approves the results",
            status.as_str()
        ),
    }
}

/// Checks the settings, gathers the round's certificates and writes them.
/// Nothing is written when the settings or any certificate are refused.
pub fn write_round_certificates(
    session: &Session,
    round: RoundId,
    out: PathBuf,
    one_file: bool,
    progress: &mut dyn FnMut(usize, usize),
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
        progress,
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
