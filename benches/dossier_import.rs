//! Imports a 200 MB synthetic dossier (40 incompressible 5 MB PDFs), as a folder
//! and as a zip, and compares the time with `cp -r` + `sha256sum` on the same
//! files in the same run (the least any import must do: copy and hash).
//!
//!     cargo bench --bench dossier_import
//!
//! Each measurement is the median of 3 runs, all from the page cache (the source
//! is read once before timing). The import also checks every file, fsyncs each
//! blob and commits one transaction; `cp` syncs nothing.

#![allow(clippy::unwrap_used, clippy::expect_used)] // benchmark code: a panic is the failure report

use std::io::Write;
use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use ocop_council::app::Session;
use ocop_council::app::dossier::import_bundle;
use ocop_council::domain::criteria::catalog::DEFAULT_CRITERIA_SET;
use ocop_council::store::{Actor, NewRound};
use zip::write::SimpleFileOptions;

const FILES: usize = 40;
const FILE_BYTES: usize = 5 * 1000 * 1000;
const RUNS: usize = 3;

/// Incompressible bytes (xorshift), like scanned pages.
fn noise(seed: u64, len: usize) -> Vec<u8> {
    let mut state = seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1;
    let mut out = Vec::with_capacity(len + 8);
    out.extend_from_slice(b"%PDF-1.7\n");
    while out.len() < len {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        out.extend_from_slice(&state.to_le_bytes());
    }
    out.truncate(len);
    out
}

fn make_bundle(dir: &Path) {
    std::fs::create_dir_all(dir.join("scans")).unwrap();
    let mut files = Vec::new();
    for i in 0..FILES {
        let name = format!("scans/trang-{i:03}.pdf");
        std::fs::write(dir.join(&name), noise(i as u64 + 1, FILE_BYTES)).unwrap();
        files.push(serde_json::json!({"path": name, "kind": if i == 0 { "registration-form" } else { "other" }}));
    }
    let manifest = serde_json::json!({
        "format": "ocop-dossier/1", "fictional": true, "registration_type": "new",
        "product_name": "Gạo thử tải 200 MB", "product_set": 3, "sample_count": 5,
        "producer": {"name": "HTX Thử Tải", "type": "cooperative", "legal_representative": "Nguyễn Văn Tải",
                     "address": "Ấp 1", "province": "Sóc Trăng", "commune": "Xã Hòa Tú"},
        "files": files,
    });
    std::fs::write(
        dir.join("dossier.json"),
        serde_json::to_vec_pretty(&manifest).unwrap(),
    )
    .unwrap();
}

fn make_zip(folder: &Path, zip_path: &Path) {
    let mut zip = zip::ZipWriter::new(std::io::BufWriter::new(
        std::fs::File::create(zip_path).unwrap(),
    ));
    let stored = SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    zip.start_file("dossier.json", stored).unwrap();
    zip.write_all(&std::fs::read(folder.join("dossier.json")).unwrap())
        .unwrap();
    for i in 0..FILES {
        let name = format!("scans/trang-{i:03}.pdf");
        zip.start_file(name.as_str(), stored).unwrap();
        zip.write_all(&std::fs::read(folder.join(&name)).unwrap())
            .unwrap();
    }
    zip.finish().unwrap();
}

fn warm(path: &Path) {
    let status = Command::new("sh")
        .arg("-c")
        .arg(format!(
            "cat $(find '{}' -type f) > /dev/null",
            path.display()
        ))
        .status()
        .unwrap();
    assert!(status.success());
}

fn median(mut times: Vec<Duration>) -> Duration {
    times.sort();
    times[times.len() / 2]
}

fn baseline(src: &Path, scratch: &Path) -> Duration {
    let mut times = Vec::new();
    for run in 0..RUNS {
        let dst = scratch.join(format!("cp-{run}"));
        let start = Instant::now();
        let status = Command::new("sh")
            .arg("-c")
            .arg(format!(
                "cp -r '{src}' '{dst}' && find '{dst}' -type f -print0 | xargs -0 sha256sum > /dev/null",
                src = src.display(),
                dst = dst.display()
            ))
            .status()
            .unwrap();
        times.push(start.elapsed());
        assert!(status.success());
        std::fs::remove_dir_all(&dst).unwrap();
    }
    median(times)
}

fn import(bundle: &Path, scratch: &Path, label: &str) -> Duration {
    let mut times = Vec::new();
    for run in 0..RUNS {
        let data = scratch.join(format!("data-{label}-{run}"));
        let mut session = Session::open(&data).unwrap();
        let set = session
            .catalog()
            .set(DEFAULT_CRITERIA_SET)
            .cloned()
            .unwrap();
        let round = session
            .store
            .create_round(
                &NewRound::provincial("Bench", &set),
                &Actor::secretariat(ocop_council::domain::actor::Channel::Api),
            )
            .unwrap();
        let start = Instant::now();
        let outcome = import_bundle(
            &mut session,
            bundle,
            round,
            &Actor::secretariat(ocop_council::domain::actor::Channel::Api),
            &mut |_| {},
        )
        .unwrap()
        .unwrap_or_else(|report| panic!("{:?}", report.problems));
        times.push(start.elapsed());
        assert_eq!(outcome.version, 1);
        assert_eq!(session.attachments().list().len(), FILES);
        drop(session);
        std::fs::remove_dir_all(&data).unwrap();
    }
    median(times)
}

fn main() {
    let scratch =
        tempfile::tempdir_in(std::env::var_os("BENCH_DIR").unwrap_or_else(|| "/tmp".into()))
            .unwrap();
    let folder = scratch.path().join("dossier-200mb");
    let zip_path = scratch.path().join("dossier-200mb.zip");
    make_bundle(&folder);
    make_zip(&folder, &zip_path);
    warm(&folder);
    warm(&zip_path);
    let megabytes = (FILES * FILE_BYTES) as f64 / 1e6;
    let rate = |d: Duration| megabytes / d.as_secs_f64();

    let cp = baseline(&folder, scratch.path());
    let from_folder = import(&folder, scratch.path(), "folder");
    let from_zip = import(&zip_path, scratch.path(), "zip");
    println!("dossier import benchmark: {FILES} files, {megabytes:.0} MB, median of {RUNS} runs");
    println!(
        "  cp -r + sha256sum      {:>7.2} s  {:>7.1} MB/s",
        cp.as_secs_f64(),
        rate(cp)
    );
    for (label, d) in [
        ("import from folder", from_folder),
        ("import from zip", from_zip),
    ] {
        println!(
            "  {label:<22} {:>7.2} s  {:>7.1} MB/s  throughput = {:.2} × cp -r + sha256sum",
            d.as_secs_f64(),
            rate(d),
            cp.as_secs_f64() / d.as_secs_f64()
        );
    }
}
