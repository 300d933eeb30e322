//! 326 certificates (the province's whole catalogue in the seed report) with
//! printpdf and, in the same run, with Typst (the `typst` PyPI package) from the
//! equivalent template in benches/typst/: times and file sizes, one multi-page
//! file and 326 single files. Run: `cargo bench --bench certificates`.
//!
//! Typst needs `python3` with `pip install typst`; without it only printpdf is
//! measured and the Typst rows say why.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use chrono::{Months, NaiveDate};
use ocop_council::pdf::batch::{BatchOutput, write_certificates};
use ocop_council::pdf::qr::QrMatrix;
use ocop_council::pdf::text_vi::{date_long, date_short};
use ocop_council::pdf::{
    CertificateData, DocAssets, Fonts, render_certificate, render_certificates,
};
use serde_json::{Value, json};

const COUNT: usize = 326;
const RUNS: usize = 3;

fn catalogue() -> Vec<CertificateData> {
    let products = [
        "Gạo ST25 Ông Cua",
        "Nước mắm cá cơm Vĩnh Châu",
        "Bánh pía sầu riêng Tân Huê Viên",
        "Hành tím Vĩnh Châu",
        "Mật ong hoa tràm U Minh",
        "Lạp xưởng tươi Cô Bảy",
        "Trà mãng cầu Phước Thọ",
        "Khô cá lóc đồng Mỹ Xuyên",
        "Bưởi năm roi Kế Sách",
        "Giỏ đan lục bình Phú Tâm",
        "Mắm ba khía Long Phú",
        "Bánh cống Đại Tâm",
        "Rượu nếp than Trường Khánh",
    ];
    let producers = [
        "Hợp tác xã Nông nghiệp Hòa Lộc",
        "Cơ sở Nước mắm Út Lợi",
        "Công ty TNHH Tân Huê Viên",
        "Tổ hợp tác Đan lát Phú Tâm",
        "Hộ kinh doanh Trần Thị Ngọc Ánh",
    ];
    let communes = [
        "xã Hòa Tú",
        "phường Vĩnh Phước",
        "xã Phú Tâm",
        "xã Đại Tâm",
        "xã Kế An",
    ];
    let issue = NaiveDate::from_ymd_opt(2026, 12, 15).unwrap_or_default();
    let valid = issue.checked_add_months(Months::new(36)).unwrap_or(issue);
    (0..COUNT)
        .map(|i| {
            let number = format!("{}/2026/GCN-OCOP", i + 1);
            let stars = if i % 3 == 0 { 4 } else { 3 };
            CertificateData {
                authority: "ỦY BAN NHÂN DÂN TỈNH SÓC TRĂNG".into(),
                certificate_number: number.clone(),
                product_name: format!("{} (mẫu {})", products[i % products.len()], i + 1),
                producer_name: producers[i % producers.len()].into(),
                producer_address: format!(
                    "Ấp {}, {}, tỉnh Sóc Trăng",
                    i % 17 + 1,
                    communes[i % communes.len()]
                ),
                stars,
                decision_number: "1234/QĐ-UBND".into(),
                decision_date: NaiveDate::from_ymd_opt(2026, 12, 10).unwrap_or_default(),
                issue_date: issue,
                valid_until: valid,
                place_name: "Sóc Trăng".into(),
                signatory_title: "TM. ỦY BAN NHÂN DÂN\nKT. CHỦ TỊCH\nPHÓ CHỦ TỊCH".into(),
                signatory_name: "Nguyễn Văn Thành".into(),
                qr_payload: format!(
                    "OCOP1|{number}|{stars}|20261215|20291215|{:016x}",
                    i * 7919 + 12345
                ),
                copy: false,
            }
        })
        .collect()
}

/// The certificates as the Typst template reads them (same texts, same QR modules).
fn typst_data(certificates: &[CertificateData]) -> Value {
    Value::Array(
        certificates
            .iter()
            .map(|c| {
                let qr = QrMatrix::encode(&c.qr_payload).ok();
                let runs: Vec<Value> = qr
                    .as_ref()
                    .map(|q| {
                        q.dark_runs()
                            .into_iter()
                            .map(|(r, col, n)| json!([r, col, n]))
                            .collect()
                    })
                    .unwrap_or_default();
                let authority_lines: Vec<String> =
                    match c.authority.strip_prefix("ỦY BAN NHÂN DÂN ") {
                        Some(rest) => vec!["ỦY BAN NHÂN DÂN".into(), rest.into()],
                        None => vec![c.authority.clone()],
                    };
                json!({
                    "authority_lines": authority_lines,
                    "number": c.certificate_number,
                    "product": c.product_name,
                    "producer": c.producer_name,
                    "address": c.producer_address,
                    "stars": c.stars,
                    "decision": c.decision_number,
                    "decision_date": date_short(c.decision_date),
                    "valid_until": date_short(c.valid_until),
                    "place": c.place_name,
                    "issue_date_long": date_long(c.issue_date),
                    "signatory_title": c.signatory_title.lines().collect::<Vec<_>>(),
                    "signatory": c.signatory_name,
                    "copy": c.copy,
                    "qr_width": qr.as_ref().map_or(21, |q| q.width_modules),
                    "qr_runs": runs,
                })
            })
            .collect(),
    )
}

fn median(mut times: Vec<Duration>) -> Duration {
    times.sort();
    times[times.len() / 2]
}

/// Files in `folder` whose name starts with `prefix`: (count, bytes).
fn folder_bytes(folder: &Path, prefix: &str) -> (usize, u64) {
    let mut files = 0;
    let mut bytes = 0;
    for entry in std::fs::read_dir(folder).into_iter().flatten().flatten() {
        if entry.file_name().to_string_lossy().starts_with(prefix) {
            files += 1;
            bytes += entry.metadata().map_or(0, |m| m.len());
        }
    }
    (files, bytes)
}

fn kb(bytes: u64) -> String {
    format!("{:.1} KB", bytes as f64 / 1024.0)
}

fn mb(bytes: u64) -> String {
    format!("{:.2} MB", bytes as f64 / 1024.0 / 1024.0)
}

fn main() -> anyhow::Result<()> {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let work = tempfile::tempdir()?;
    let certificates = catalogue();

    let t = Instant::now();
    let fonts = Fonts::embedded()?;
    let font_parse = t.elapsed();
    let assets = DocAssets { fonts, logo: None };

    // printpdf, one file with 326 pages.
    let multi_path = work.path().join("printpdf-all.pdf");
    let mut multi_times = Vec::new();
    for _ in 0..RUNS {
        let t = Instant::now();
        let bytes = render_certificates(&certificates, &assets)?;
        std::fs::write(&multi_path, &bytes)?;
        multi_times.push(t.elapsed());
    }
    let multi_bytes = std::fs::metadata(&multi_path)?.len();

    // printpdf, 326 files: the batch (all cores, temp files then renames) and one
    // thread rendering file after file.
    let mut batch_times = Vec::new();
    let mut batch_bytes = 0;
    for run in 0..RUNS {
        let folder = work.path().join(format!("batch-{run}"));
        let t = Instant::now();
        let report = write_certificates(
            &certificates,
            &assets,
            &BatchOutput::FilePerCertificate(folder),
            &mut |_, _| {},
        )?;
        batch_times.push(t.elapsed());
        batch_bytes = report.bytes;
    }
    let mut serial_times = Vec::new();
    for run in 0..RUNS {
        let folder = work.path().join(format!("serial-{run}"));
        std::fs::create_dir_all(&folder)?;
        let t = Instant::now();
        for (i, c) in certificates.iter().enumerate() {
            std::fs::write(
                folder.join(format!("{i:03}.pdf")),
                render_certificate(c, &assets)?,
            )?;
        }
        serial_times.push(t.elapsed());
    }
    let threads = std::thread::available_parallelism().map_or(1, usize::from);
    let (multi_time, batch_time, serial_time) = (
        median(multi_times),
        median(batch_times),
        median(serial_times),
    );

    println!(
        "{COUNT} OCOP certificates, A4 landscape, DejaVu Serif, vector QR; median of {RUNS} runs"
    );
    println!("printpdf 0.12 (fonts parsed once: {font_parse:.1?})");
    println!(
        "  one file, {COUNT} pages            {:>9.1?}   {} ({})",
        multi_time,
        mb(multi_bytes),
        kb(multi_bytes / COUNT as u64) + "/page"
    );
    println!(
        "  {COUNT} files, batch ({threads} threads)    {:>9.1?}   {} total, {} each",
        batch_time,
        mb(batch_bytes),
        kb(batch_bytes / COUNT as u64)
    );
    println!("  {COUNT} files, one thread          {:>9.1?}", serial_time);
    const GOAL_BYTES: u64 = 5 * 1024 * 1024;
    println!(
        "  size goal (issue #16): {COUNT} files under {}: {} (earlier: 12.1 MB with hinted \
         fonts, 6.41 MB before the shared border, object streams and trimmed font tables)",
        mb(GOAL_BYTES),
        if batch_bytes < GOAL_BYTES {
            "met"
        } else {
            "NOT met"
        }
    );

    // Typst, same certificates, same fonts.
    let typst_dir = work.path().join("typst");
    std::fs::create_dir_all(&typst_dir)?;
    std::fs::copy(
        root.join("benches/typst/certificate.typ"),
        typst_dir.join("certificate.typ"),
    )?;
    let data_path = typst_dir.join("certificates.json");
    std::fs::write(&data_path, serde_json::to_vec(&typst_data(&certificates))?)?;
    let out = work.path().join("typst-out");
    let output = Command::new("python3")
        .arg(root.join("benches/typst/bench_typst.py"))
        .arg(&typst_dir)
        .arg(&data_path)
        .arg(root.join("assets/fonts"))
        .arg(&out)
        .output();
    match output {
        Ok(o) if o.status.success() => {
            let v: Value = serde_json::from_slice(&o.stdout)?;
            let secs = |k: &str| Duration::from_secs_f64(v[k].as_f64().unwrap_or(0.0));
            let bytes = |k: &str| v[k].as_u64().unwrap_or(0);
            println!(
                "Typst {} (python package, one warm Compiler; 1 run)",
                v["typst_version"].as_str().unwrap_or("?")
            );
            println!("  compiler setup                 {:>9.1?}", secs("setup_s"));
            println!(
                "  one file, {COUNT} pages            {:>9.1?}   {} ({})",
                secs("multi_s"),
                mb(bytes("multi_bytes")),
                kb(bytes("multi_bytes") / COUNT as u64) + "/page"
            );
            println!(
                "  {COUNT} files, one compiler       {:>9.1?}   {} total, {} each",
                secs("singles_s"),
                mb(bytes("singles_bytes")),
                kb(bytes("singles_bytes") / COUNT as u64)
            );
            let (all, _) = folder_bytes(&out, "typst-all");
            let (files, _) = folder_bytes(&out, "typst-");
            println!(
                "  ({} single files + {all} multi-page file written)",
                files - all
            );
            println!(
                "ratios (Typst / printpdf): one file {:.1}× time, {:.2}× size; single files {:.1}× time (batch), {:.1}× time (one thread), {:.2}× size",
                secs("multi_s").as_secs_f64() / multi_time.as_secs_f64(),
                bytes("multi_bytes") as f64 / multi_bytes as f64,
                secs("singles_s").as_secs_f64() / batch_time.as_secs_f64(),
                secs("singles_s").as_secs_f64() / serial_time.as_secs_f64(),
                bytes("singles_bytes") as f64 / batch_bytes as f64,
            );
        }
        Ok(o) => println!(
            "Typst: not measured ({})",
            String::from_utf8_lossy(&o.stderr)
                .lines()
                .last()
                .unwrap_or("python3 failed")
        ),
        Err(e) => println!("Typst: not measured (cannot run python3: {e}); `pip install typst`"),
    }
    if let Ok(keep) = std::env::var("OCOP_BENCH_KEEP") {
        // Keep one file of each for looking at: OCOP_BENCH_KEEP=DIR.
        std::fs::create_dir_all(&keep)?;
        std::fs::copy(&multi_path, Path::new(&keep).join("printpdf-all.pdf"))?;
        std::fs::copy(
            work.path().join("serial-0").join("000.pdf"),
            Path::new(&keep).join("printpdf-000.pdf"),
        )?;
        let _ = std::fs::copy(
            out.join("typst-all.pdf"),
            Path::new(&keep).join("typst-all.pdf"),
        );
        let _ = std::fs::copy(
            out.join("typst-000.pdf"),
            Path::new(&keep).join("typst-000.pdf"),
        );
    }
    Ok(())
}
