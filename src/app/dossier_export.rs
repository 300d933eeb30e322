//! Exporting a stored dossier as a bundle (a folder, or a `.zip` when the target
//! ends in `.zip`) that `dossier import` reads back to the same facts and file
//! hashes. Written under a temporary name beside the target and renamed when
//! complete, so a half-written export never carries the target's name.

use std::fs::{self, File};
use std::io::{BufWriter, Read, Write};
use std::path::{Path, PathBuf};

use anyhow::{Context as _, bail};
use sha2::{Digest, Sha256};
use zip::CompressionMethod;
use zip::write::SimpleFileOptions;

use super::Session;
use crate::domain::dossier::EvidenceFile;
use crate::domain::ids::{DossierId, ProductId};
use crate::exchange::dossier::{MANIFEST_NAME, Manifest, manifest};
use crate::store::DossierRow;

/// Exports the latest dossier of `product` to `out`; returns `out`.
pub fn export_dossier(
    session: &Session,
    product: ProductId,
    out: &Path,
) -> anyhow::Result<PathBuf> {
    let dossier = session
        .store
        .latest_dossier(product)?
        .with_context(|| format!("product {product} has no dossier"))?;
    export_row(session, &dossier, out)
}

/// Exports one dossier version to `out`.
pub fn export_dossier_version(
    session: &Session,
    dossier: DossierId,
    out: &Path,
) -> anyhow::Result<PathBuf> {
    export_row(session, &session.store.dossier(dossier)?, out)
}

fn is_zip_target(out: &Path) -> bool {
    out.extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("zip"))
}

fn export_row(session: &Session, dossier: &DossierRow, out: &Path) -> anyhow::Result<PathBuf> {
    // Not followed: a link (even a dangling one) at the target is not written through.
    if fs::symlink_metadata(out).is_ok() {
        bail!("{}: already exists; choose another name", out.display());
    }
    let parent = match out.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let name = out
        .file_name()
        .with_context(|| format!("{}: not a file or folder name", out.display()))?
        .to_string_lossy()
        .into_owned();
    let temp = parent.join(format!(".{name}.partial-{}", std::process::id()));
    let manifest_json = manifest::to_json(&Manifest {
        facts: dossier.facts.clone(),
        self_assessment: dossier.self_assessment.clone(),
        files: dossier
            .files
            .iter()
            .map(|f| EvidenceFile {
                path: f.path.clone(),
                kind: f.kind,
                title: f.title.clone(),
                criteria: f.criteria.clone(),
            })
            .collect(),
    });
    let written = if is_zip_target(out) {
        write_zip(session, dossier, &manifest_json, &temp)
    } else {
        write_folder(session, dossier, &manifest_json, &temp)
    };
    if let Err(e) = written {
        let _ = fs::remove_dir_all(&temp);
        let _ = fs::remove_file(&temp);
        return Err(e);
    }
    if let Err(e) = crate::files::rename_into_place(&temp, out) {
        let _ = fs::remove_dir_all(&temp);
        let _ = fs::remove_file(&temp);
        return Err(e)
            .with_context(|| format!("cannot rename {} to {}", temp.display(), out.display()));
    }
    Ok(out.to_path_buf())
}

/// Copies a stored blob to `sink`, checking it still has its hash.
fn copy_blob(
    session: &Session,
    sha256: &str,
    path: &str,
    sink: &mut dyn Write,
) -> anyhow::Result<()> {
    let blob = session
        .attachments()
        .path_of(sha256)
        .with_context(|| format!("{path}: stored hash \"{sha256}\" is not a SHA-256"))?;
    let mut file = File::open(&blob)
        .with_context(|| format!("{path}: the stored copy {} is missing", blob.display()))?;
    let mut hasher = Sha256::new();
    let mut buffer = vec![0u8; 256 * 1024];
    loop {
        let n = file
            .read(&mut buffer)
            .with_context(|| format!("{path}: cannot read {}", blob.display()))?;
        if n == 0 {
            break;
        }
        hasher.update(&buffer[..n]);
        sink.write_all(&buffer[..n])
            .with_context(|| format!("{path}: cannot write"))?;
    }
    if hex::encode(hasher.finalize()) != sha256 {
        bail!(
            "{path}: the stored copy {} no longer matches its hash (damaged on disk)",
            blob.display()
        );
    }
    Ok(())
}

fn write_folder(
    session: &Session,
    dossier: &DossierRow,
    manifest_json: &str,
    temp: &Path,
) -> anyhow::Result<()> {
    fs::create_dir(temp).with_context(|| format!("cannot create {}", temp.display()))?;
    let write_file =
        |relative: &str, fill: &mut dyn FnMut(&mut dyn Write) -> anyhow::Result<()>| {
            let target = temp.join(relative);
            if let Some(dir) = target.parent() {
                fs::create_dir_all(dir)
                    .with_context(|| format!("cannot create {}", dir.display()))?;
            }
            let file = File::create_new(&target)
                .with_context(|| format!("cannot create {}", target.display()))?;
            let mut writer = BufWriter::new(file);
            fill(&mut writer)?;
            let file = writer
                .into_inner()
                .map_err(|e| anyhow::anyhow!("cannot write {}: {}", target.display(), e.error()))?;
            file.sync_all()
                .with_context(|| format!("cannot write {}", target.display()))
        };
    for f in &dossier.files {
        write_file(&f.path, &mut |w| copy_blob(session, &f.sha256, &f.path, w))?;
    }
    write_file(MANIFEST_NAME, &mut |w| {
        w.write_all(manifest_json.as_bytes())
            .context("cannot write dossier.json")
    })
}

fn write_zip(
    session: &Session,
    dossier: &DossierRow,
    manifest_json: &str,
    temp: &Path,
) -> anyhow::Result<()> {
    let file =
        File::create_new(temp).with_context(|| format!("cannot create {}", temp.display()))?;
    let mut zip = zip::ZipWriter::new(BufWriter::new(file));
    // A fixed timestamp keeps exports of the same dossier identical.
    let deflated = SimpleFileOptions::default()
        .compression_method(CompressionMethod::Deflated)
        .unix_permissions(0o644);
    let stored = deflated.compression_method(CompressionMethod::Stored);
    zip.start_file(MANIFEST_NAME, deflated)?;
    zip.write_all(manifest_json.as_bytes())?;
    for f in &dossier.files {
        // Images are compressed already; PDFs and text usually gain.
        let options = if f.media_type.starts_with("image/") {
            stored
        } else {
            deflated
        };
        zip.start_file(f.path.as_str(), options)
            .with_context(|| format!("{}: cannot add to the zip", f.path))?;
        copy_blob(session, &f.sha256, &f.path, &mut zip)?;
    }
    let writer = zip.finish().context("cannot finish the zip")?;
    let file = writer
        .into_inner()
        .map_err(|e| anyhow::anyhow!("cannot write {}: {}", temp.display(), e.error()))?;
    file.sync_all()
        .with_context(|| format!("cannot write {}", temp.display()))
}
