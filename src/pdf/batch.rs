//! Printing many certificates at once: one PDF with a page per certificate (for
//! the printer), or one file per certificate named by its number and product.
//!
//! Every certificate is checked before anything is written; files go to temp
//! names in the target folder and are renamed only when all of them are ready, so
//! a refused or failed batch leaves no partial files. A progress callback
//! (done, total) lets a GUI worker thread drive a progress bar.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::mpsc;

use tempfile::NamedTempFile;

use super::certificate::{CertificateData, CertificateDoc, join_errors};
use super::text_vi::file_name_part;
use super::{DocAssets, PdfError, render_certificate};

/// Where a batch goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BatchOutput {
    /// One PDF, a page per certificate.
    OneFile(PathBuf),
    /// One PDF per certificate in this folder (created if needed).
    FilePerCertificate(PathBuf),
}

/// What a batch wrote.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BatchReport {
    pub files: Vec<PathBuf>,
    pub certificates: usize,
    pub bytes: u64,
}

/// "12-2026-GCN-OCOP_Gạo-ST25-Ông-Cua.pdf".
pub fn certificate_file_name(data: &CertificateData) -> String {
    format!(
        "{}_{}.pdf",
        file_name_part(&data.certificate_number, 40),
        file_name_part(&data.product_name, 80)
    )
}

/// Checks every certificate and, for one file each, that no two share a file name.
pub fn check_batch(
    certificates: &[CertificateData],
    assets: &DocAssets,
    per_file: bool,
) -> Result<(), PdfError> {
    if certificates.is_empty() {
        return Err(PdfError::Invalid("no certificate to print".into()));
    }
    let mut errors: Vec<PdfError> = certificates
        .iter()
        .filter_map(|c| c.validate(assets).err())
        .collect();
    if per_file {
        // Case-insensitive: Windows and macOS folders would merge "A.pdf" and "a.pdf".
        let mut seen: BTreeMap<String, &str> = BTreeMap::new();
        for c in certificates {
            let name = certificate_file_name(c);
            if let Some(first) = seen.insert(name.to_lowercase(), &c.certificate_number) {
                errors.push(PdfError::Invalid(format!(
                    "certificates {first} and {} would both be written to {name}",
                    c.certificate_number
                )));
            }
        }
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(join_errors(errors))
    }
}

/// Writes `certificates` to `output`, calling `progress(done, total)` as it goes.
pub fn write_certificates(
    certificates: &[CertificateData],
    assets: &DocAssets,
    output: &BatchOutput,
    progress: &mut dyn FnMut(usize, usize),
) -> Result<BatchReport, PdfError> {
    match output {
        BatchOutput::OneFile(path) => {
            check_batch(certificates, assets, false)?;
            let bytes = render_with_progress(certificates, assets, progress)?;
            super::write_atomically(path, &bytes)?;
            Ok(BatchReport {
                files: vec![path.clone()],
                certificates: certificates.len(),
                bytes: bytes.len() as u64,
            })
        }
        BatchOutput::FilePerCertificate(folder) => {
            check_batch(certificates, assets, true)?;
            std::fs::create_dir_all(folder).map_err(|source| PdfError::Write {
                path: folder.clone(),
                source,
            })?;
            write_one_per_file(certificates, assets, folder, progress)
        }
    }
}

/// All pages in one document; progress counts pages drawn (saving is the last step).
fn render_with_progress(
    certificates: &[CertificateData],
    assets: &DocAssets,
    progress: &mut dyn FnMut(usize, usize),
) -> Result<Vec<u8>, PdfError> {
    let total = certificates.len();
    let mut doc = CertificateDoc::new(
        &format!("Giấy chứng nhận sản phẩm OCOP ({total} bản)"),
        assets,
    );
    for (i, data) in certificates.iter().enumerate() {
        doc.add_page(data)?;
        // Drawing is quick; saving (font subsetting, compression) is the rest.
        if i + 1 < total {
            progress(i + 1, total);
        }
    }
    let bytes = doc.finish();
    progress(total, total);
    Ok(bytes)
}

/// One file per certificate, rendered on all cores into temp files in `folder`,
/// then renamed once every file is ready.
fn write_one_per_file(
    certificates: &[CertificateData],
    assets: &DocAssets,
    folder: &Path,
    progress: &mut dyn FnMut(usize, usize),
) -> Result<BatchReport, PdfError> {
    let total = certificates.len();
    let workers = std::thread::available_parallelism()
        .map_or(1, usize::from)
        .clamp(1, 8)
        .min(total);
    let chunk = total.div_ceil(workers);
    let (sender, receiver) = mpsc::channel::<(usize, Result<(NamedTempFile, u64), PdfError>)>();
    let mut ready: Vec<Option<(NamedTempFile, u64)>> = (0..total).map(|_| None).collect();
    let mut first_error: Option<PdfError> = None;
    std::thread::scope(|scope| {
        for (w, slice) in certificates.chunks(chunk).enumerate() {
            let sender = sender.clone();
            scope.spawn(move || {
                for (k, data) in slice.iter().enumerate() {
                    let result = render_certificate(data, assets).and_then(|bytes| {
                        temp_file(folder, &bytes).map(|f| (f, bytes.len() as u64))
                    });
                    let failed = result.is_err();
                    if sender.send((w * chunk + k, result)).is_err() || failed {
                        return;
                    }
                }
            });
        }
        drop(sender);
        let mut done = 0;
        for (index, result) in receiver {
            match result {
                Ok(file) => {
                    ready[index] = Some(file);
                    done += 1;
                    progress(done, total);
                }
                Err(e) => {
                    first_error.get_or_insert(e);
                }
            }
        }
    });
    if let Some(e) = first_error {
        // Dropping the temp files deletes them: nothing partial is left.
        return Err(e);
    }
    let mut files = Vec::with_capacity(total);
    let mut bytes = 0;
    for (data, slot) in certificates.iter().zip(ready) {
        let Some((temp, size)) = slot else {
            return Err(PdfError::Invalid(format!(
                "certificate {} was not rendered",
                data.certificate_number
            )));
        };
        let path = folder.join(certificate_file_name(data));
        // As crate::files does for every output: a link or device is never replaced.
        crate::files::check_output_target(&path).map_err(|e| PdfError::Write {
            path: path.clone(),
            source: e.into(),
        })?;
        temp.persist(&path).map_err(|e| PdfError::Write {
            path: path.clone(),
            source: e.error,
        })?;
        bytes += size;
        files.push(path);
    }
    crate::files::sync_folder(folder);
    Ok(BatchReport {
        files,
        certificates: total,
        bytes,
    })
}

fn temp_file(folder: &Path, bytes: &[u8]) -> Result<NamedTempFile, PdfError> {
    let fail = |source| PdfError::Write {
        path: folder.to_path_buf(),
        source,
    };
    let mut temp = super::temp_file_in(folder, ".ocop-certificate-").map_err(fail)?;
    std::io::Write::write_all(&mut temp, bytes).map_err(fail)?;
    temp.as_file().sync_all().map_err(fail)?;
    Ok(temp)
}
