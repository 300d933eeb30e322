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

use super::Session;
use super::doc_settings::{self, DocSetup};
use crate::domain::ids::RoundId;
use crate::domain::round::RoundStatus;
use crate::pdf::{BatchOutput, BatchReport, CertificateData, write_certificates};

/// The certificates of `round`, one per product the province certifies (3★, 4★),
/// with the issuing facts from `setup` (authority, place, signatory).
///
/// Refuses until the round is finalized: certificate numbers, the decision and
/// the validity exist only from then on.
pub fn certificate_inputs(
    session: &Session,
    round: RoundId,
    setup: &DocSetup,
) -> anyhow::Result<Vec<CertificateData>> {
    let round_row = session.store.round(round)?;
    let _ = setup;
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
