//! The province's catalogue and the programme report: a catalogue built to match
//! the Sóc Trăng conference figures (326 products: 1 at 5★, 29 at 4★, 296 at 3★;
//! 186 producers, 30% cooperatives and 15% SMEs; target 200) gives exactly those
//! figures in the JSON and the PDF; bad rows are all reported and nothing is
//! imported; re-importing changes nothing; a changed row is an update; a round's
//! issued certificates feed the catalogue; a re-evaluated product keeps its history.

use ocop_council::domain::refusal::{Problem, StoreFault};
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use ocop_council::domain::catalogue::EntryStatus;
use ocop_council::domain::round::RoundLevel;
use ocop_council::store::{CATALOGUE_CHAIN, Store, StoreError};
use serde_json::Value;

use crate::certificates::{finalized_round, issuer};
use crate::common::{Cli, chair_of, office};
use crate::pdf_documents::pdf_text;

const HEADER: &str = "STT,Tên sản phẩm,Mã sản phẩm,Chủ thể,Loại hình,Xã,Huyện,Tỉnh,Bộ sản phẩm,Hạng sao,Số giấy chứng nhận,Số quyết định,Ngày quyết định,Ngày cấp,Ngày hết hạn,Loại đăng ký,Đợt";

/// The legal form of producer `p` (0..186): 56 cooperatives (30%), 28 SMEs (15%),
/// 36 enterprises, 60 households, 6 cooperative groups.
fn form_of(p: usize) -> &'static str {
    match p {
        0..56 => "Hợp tác xã",
        56..84 => "Doanh nghiệp nhỏ và vừa",
        84..120 => "Doanh nghiệp",
        120..180 => "Hộ kinh doanh",
        _ => "Tổ hợp tác",
    }
}

const DISTRICTS: [&str; 4] = ["Mỹ Xuyên", "Kế Sách", "Long Phú", "Trần Đề"];

/// One row: product `i` (0..326), 5★ for product 0, 4★ for 1..=29, else 3★;
/// producer `i % 186`; 114 upgrades or re-evaluations (35%).
pub(crate) fn soc_trang_row(i: usize) -> String {
    let stars = match i {
        0 => 5,
        1..=29 => 4,
        _ => 3,
    };
    let p = i % 186;
    let year = 2023 + (i % 3) as i32;
    let issued = format!("{:02}/{:02}/{year}", 1 + i % 28, 1 + i % 5);
    let registration = match i % 20 {
        0..7 if i < 322 => {
            if i.is_multiple_of(2) {
                "Nâng hạng"
            } else {
                "Đánh giá lại"
            }
        }
        _ => "Mới",
    };
    let product = if i == 0 {
        "Gạo ST25".to_owned()
    } else {
        format!("Sản phẩm {i}")
    };
    format!(
        "{},{product},ST-{i:04},Chủ thể {p},{},Xã {},{},Sóc Trăng,3 · Gạo ngũ cốc,{stars},{:03}/{year}/GCN-OCOP,{}/QĐ-UBND,{issued},{issued},,{registration},Đợt {}/{year}",
        i + 1,
        form_of(p),
        p % 40,
        DISTRICTS[p % 4],
        i + 1,
        100 + i % 3,
        1 + i % 2,
    )
}

pub(crate) fn write_csv(dir: &Path, name: &str, rows: &[String]) -> PathBuf {
    let path = dir.join(name);
    let mut text = String::from(HEADER);
    for row in rows {
        text.push('\n');
        text.push_str(row);
    }
    text.push('\n');
    std::fs::write(&path, text).unwrap();
    path
}

pub(crate) fn soc_trang(cli: &Cli) -> PathBuf {
    let rows: Vec<String> = (0..326).map(soc_trang_row).collect();
    let upgrades = rows
        .iter()
        .filter(|r| r.contains("Nâng hạng") || r.contains("Đánh giá lại"))
        .count();
    assert_eq!(upgrades, 114, "the fixture itself: 35% of 326");
    write_csv(cli.dir(), "soc-trang.csv", &rows)
}

pub(crate) fn report_json(cli: &Cli) -> Value {
    let out = cli.dir().join("report.json");
    cli.ok(&[
        "report",
        "--as-of",
        "2025-12-31",
        "--from",
        "2023",
        "--to",
        "2025",
        "--out",
        out.to_str().unwrap(),
    ]);
    serde_json::from_str(&std::fs::read_to_string(out).unwrap()).unwrap()
}

fn form_share(report: &Value, form: &str) -> (u64, u64) {
    let row = report["by_legal_form"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["form"] == form)
        .unwrap();
    (
        row["producers"]["count"].as_u64().unwrap(),
        row["producers"]["of"].as_u64().unwrap(),
    )
}

#[test]
fn the_soc_trang_catalogue_gives_the_conference_figures_in_json_and_pdf() {
    let cli = Cli::new();
    let file = soc_trang(&cli);
    let out = cli.ok(&["registry", "import", file.to_str().unwrap()]);
    assert!(out.contains("326 added, 0 updated, 0 unchanged"), "{out}");
    cli.ok(&["registry", "target", "200"]);
    let r = report_json(&cli);
    assert_eq!(r["format"], "ocop-programme-report/1");
    assert_eq!(r["in_force"]["total"], 326);
    assert_eq!(r["in_force"]["stars_5"], 1);
    assert_eq!(r["in_force"]["stars_4"], 29);
    assert_eq!(r["in_force"]["stars_3"], 296);
    assert_eq!(r["against_target"]["count"], 326);
    assert_eq!(r["against_target"]["of"], 200);
    assert_eq!(r["producers"], 186);
    assert_eq!(form_share(&r, "cooperative"), (56, 186));
    assert_eq!(form_share(&r, "sme"), (28, 186));
    assert_eq!(r["upgraded_or_reevaluated"]["count"], 114);
    assert_eq!(r["upgraded_or_reevaluated"]["of"], 326);
    assert_eq!(r["by_group"][0]["key"], "food");
    assert_eq!(r["by_group"][0]["count"], 326);
    let rounds = r["rounds"].as_array().unwrap();
    assert_eq!(rounds.len(), 6, "2 rounds a year for 3 years");
    let by_year: Vec<u64> = r["by_year"]
        .as_array()
        .unwrap()
        .iter()
        .map(|y| y["certified"]["total"].as_u64().unwrap())
        .collect();
    assert_eq!(by_year.iter().sum::<u64>(), 326);

    let pdf = cli.dir().join("report.pdf");
    cli.ok(&[
        "report",
        "--as-of",
        "2025-12-31",
        "--from",
        "2023",
        "--to",
        "2025",
        "--out",
        pdf.to_str().unwrap(),
    ]);
    let (pages, text) = pdf_text(&std::fs::read(&pdf).unwrap());
    assert!(pages >= 2, "{pages} pages");
    for words in [
        "BÁO CÁO",
        "có 326 sản phẩm OCOP còn hiệu lực, đạt 163% kế hoạch (200 sản phẩm), gồm 1 sản phẩm 5 sao, 29 sản phẩm 4 sao, 296 sản phẩm 3 sao",
        "thuộc 186 chủ thể OCOP, trong đó hợp tác xã 30,1%",
        "doanh nghiệp nhỏ và vừa 15,1%",
        "35% (114 sản phẩm) là sản phẩm nâng hạng hoặc đánh giá lại",
        "Biểu đồ 1",
    ] {
        assert!(text.contains(words), "PDF lacks \"{words}\":\n{text}");
    }
    let docx = cli.dir().join("report.docx");
    cli.ok(&[
        "report",
        "--as-of",
        "2025-12-31",
        "--from",
        "2023",
        "--to",
        "2025",
        "--out",
        docx.to_str().unwrap(),
    ]);
    let mut zip = zip::ZipArchive::new(std::fs::File::open(&docx).unwrap()).unwrap();
    let mut xml = String::new();
    std::io::Read::read_to_string(&mut zip.by_name("word/document.xml").unwrap(), &mut xml)
        .unwrap();
    assert!(xml.contains("có 326 sản phẩm OCOP còn hiệu lực, đạt 163% kế hoạch (200 sản phẩm)"));
    let xlsx = cli.dir().join("report.xlsx");
    cli.ok(&[
        "report",
        "--as-of",
        "2025-12-31",
        "--out",
        xlsx.to_str().unwrap(),
    ]);
    assert!(std::fs::metadata(&xlsx).unwrap().len() > 5_000);
}

#[test]
fn every_bad_row_is_reported_with_its_column_and_nothing_is_imported() {
    let cli = Cli::new();
    let mut rows: Vec<String> = (0..5).map(soc_trang_row).collect();
    rows[1] = rows[1].replace(",4,002/", ",6,002/"); // row 3: 6 stars
    rows[2] = rows[2].replace("Hợp tác xã", "Câu lạc bộ"); // row 4: legal form
    rows[3] = rows[3].replace("04/04/2023", "31/02/2023"); // row 5: two dates
    rows[4] = rows[4].replace("Sản phẩm 4", ""); // row 6: no product
    let file = write_csv(cli.dir(), "bad.csv", &rows);
    let err = cli.fails(&["registry", "import", file.to_str().unwrap()]);
    for expected in [
        "row 3, column \"Hạng sao\": \"6\" is not 3, 4 or 5 stars",
        "row 4, column \"Loại hình\": \"Câu lạc bộ\" is not a legal form",
        "row 5, column \"Ngày quyết định\": \"31/02/2023\" is not a date",
        "row 5, column \"Ngày cấp\": \"31/02/2023\" is not a date",
        "row 6, column \"Tên sản phẩm\": no product name",
        "nothing imported (5 problem(s))",
    ] {
        assert!(err.contains(expected), "missing \"{expected}\" in:\n{err}");
    }
    let list = cli.json(&["registry", "list", "--json"]);
    assert_eq!(list["entries"].as_array().unwrap().len(), 0);
}

#[test]
fn importing_again_changes_nothing_and_a_changed_row_is_an_update() {
    let cli = Cli::new();
    let rows: Vec<String> = (0..10).map(soc_trang_row).collect();
    let file = write_csv(cli.dir(), "ten.csv", &rows);
    cli.ok(&["registry", "import", file.to_str().unwrap()]);
    let again = cli.ok(&["registry", "import", file.to_str().unwrap()]);
    assert!(
        again.contains("0 added, 0 updated, 10 unchanged"),
        "{again}"
    );
    let mut changed = rows.clone();
    changed[4] = changed[4].replace(",4,005/", ",5,005/");
    let file2 = write_csv(cli.dir(), "ten-changed.csv", &changed);
    let out = cli.ok(&["registry", "import", file2.to_str().unwrap()]);
    assert!(out.contains("0 added, 1 updated, 9 unchanged"), "{out}");
    assert!(
        out.contains("updated: ten-changed.csv row 6 (certificate 005/2024/GCN-OCOP): stars"),
        "{out}"
    );
    let list = cli.json(&["registry", "list", "--json", "--stars", "5"]);
    assert_eq!(list["entries"].as_array().unwrap().len(), 2);
    // The catalogue's own audit chain names the secretariat and verifies.
    let store = Store::open(cli.dir()).unwrap();
    let log = store.audit_log(CATALOGUE_CHAIN).unwrap();
    assert_eq!(log.len(), 10 + 1);
    assert!(log.iter().all(|e| e.actor.starts_with("secretariat;")));
    assert_eq!(store.verify_audit_chain(CATALOGUE_CHAIN).unwrap(), Ok(11));
}

#[test]
fn a_re_evaluated_product_keeps_its_history_and_the_old_certificate_is_superseded() {
    let cli = Cli::new();
    let first = soc_trang_row(7).replace("ST-0007", "ST-X");
    let second = soc_trang_row(8)
        .replace("ST-0008", "ST-X")
        .replace(",Mới,", ",Đánh giá lại,");
    let file = write_csv(cli.dir(), "two.csv", &[first, second]);
    cli.ok(&["registry", "import", file.to_str().unwrap()]);
    let list = cli.json(&["registry", "list", "--json", "--as-of", "2025-12-31"]);
    let entries = list["entries"].as_array().unwrap();
    let (old, new) = (&entries[0], &entries[1]);
    assert_eq!(old["status"]["state"], "superseded");
    assert_eq!(new["entry"]["previous_entry_id"], old["entry"]["id"]);
    let id = new["entry"]["id"].as_i64().unwrap().to_string();
    let shown = cli.json(&["registry", "show", &id, "--json"]);
    assert_eq!(shown["history"].as_array().unwrap().len(), 2);
}

#[test]
fn a_council_member_may_not_write_the_catalogue() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path()).unwrap();
    let (round, _) = finalized_round(
        &mut store,
        RoundLevel::Provincial,
        &[80],
        NaiveDate::from_ymd_opt(2026, 6, 30).unwrap(),
    );
    let chair = chair_of(&store, round);
    match store.set_catalogue_target(Some(10), &chair) {
        Err(StoreError::NotPermitted(r)) => assert!(r.to_string().contains("catalogue")),
        other => panic!("{other:?}"),
    }
    store.set_catalogue_target(Some(10), &office()).unwrap();
    assert_eq!(store.catalogue_target().unwrap(), Some(10));
}

#[test]
fn a_rounds_issued_certificates_appear_in_the_catalogue() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path()).unwrap();
    let decided = NaiveDate::from_ymd_opt(2026, 6, 30).unwrap();
    let (round, _) = finalized_round(&mut store, RoundLevel::Provincial, &[80, 60, 40], decided);
    let chair = chair_of(&store, round);
    let issued = store
        .issue_certificates(round, &issuer("UBND tỉnh Sóc Trăng"), None, &chair)
        .unwrap();
    assert_eq!(issued.len(), 2);
    let entries = store.catalogue_entries().unwrap();
    assert_eq!(entries.len(), 2);
    for (entry, certificate) in entries.iter().zip(&issued) {
        assert_eq!(entry.certificate_id, Some(certificate.id.0));
        assert_eq!(entry.record.certificate_number, certificate.number);
        assert_eq!(entry.record.stars, certificate.stars);
        assert_eq!(entry.record.valid_until, certificate.valid_until);
        assert_eq!(entry.record.commune.as_deref(), Some("Xã Vĩnh Hải"));
        assert_eq!(entry.record.product_set_no, Some(9));
        assert_eq!(
            entry.status(decided, false),
            EntryStatus::InForce,
            "{entry:?}"
        );
    }
    let log = store.audit_log(CATALOGUE_CHAIN).unwrap();
    assert_eq!(log.len(), 2);
    assert!(log[0].actor.contains("role=chair"), "{}", log[0].actor);
    assert_eq!(log[0].action, "catalogue.add-from-round");
    // The app's record stands: a file naming the same certificate is refused.
    let cli_dir = dir.path().join("in.csv");
    let number = &issued[0].number;
    std::fs::write(
        &cli_dir,
        format!(
            "{HEADER}\n1,X,,HTX A,Hợp tác xã,Xã A,,Sóc Trăng,9,4,{number},1/QĐ-UBND,30/06/2026,30/06/2026,,Mới,\n"
        ),
    )
    .unwrap();
    let rows = ocop_council::exchange::catalogue_file::read(&cli_dir).unwrap();
    match store.import_catalogue(&rows, &office()) {
        Err(StoreError::Refused(refusal)) => {
            assert!(
                matches!(
                    &refusal.problems[..],
                    [Problem::Store(StoreFault::IssuedByApp { .. })]
                ),
                "{refusal:?}"
            );
            assert!(
                refusal.to_string().contains("issued by this app"),
                "{refusal}"
            )
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn the_notice_letters_list_exactly_the_certificates_expiring_in_the_window() {
    let cli = Cli::new();
    let rows: Vec<String> = (0..10).map(soc_trang_row).collect();
    let file = write_csv(cli.dir(), "ten.csv", &rows);
    cli.ok(&["registry", "import", file.to_str().unwrap()]);
    // On 10/01/2026, within 90 days: 004/2023 (ends 04/04/2026) and 007/2023
    // (07/02/2026); not 001/2023 (lapsed on 01/01/2026) nor 010/2023 (10/05/2026).
    let folder = cli.dir().join("letters");
    let out = cli.json(&[
        "registry",
        "notices",
        "--as-of",
        "2026-01-10",
        "--within-days",
        "90",
        "--out",
        folder.to_str().unwrap(),
        "--json",
    ]);
    let mut numbers: Vec<String> = out["letters"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|l| l["items"].as_array().unwrap().clone())
        .map(|i| i["certificate_number"].as_str().unwrap().to_owned())
        .collect();
    numbers.sort();
    assert_eq!(numbers, ["004/2023/GCN-OCOP", "007/2023/GCN-OCOP"]);
    assert_eq!(
        std::fs::read_dir(&folder).unwrap().count(),
        2,
        "one file per producer"
    );
    let all = cli.dir().join("all.pdf");
    cli.ok(&[
        "registry",
        "notices",
        "--as-of",
        "2026-01-10",
        "--within-days",
        "90",
        "--out",
        all.to_str().unwrap(),
    ]);
    let (pages, text) = pdf_text(&std::fs::read(&all).unwrap());
    assert_eq!(pages, 2);
    assert!(
        text.contains("004/2023/GCN-OCOP") && text.contains("007/2023/GCN-OCOP"),
        "{text}"
    );
    assert!(!text.contains("001/2023/GCN-OCOP") && !text.contains("010/2023/GCN-OCOP"));
    assert!(text.contains("Về việc hết hạn Giấy chứng nhận sản phẩm OCOP"));
    // Nothing in the window: said, and non-zero.
    let err = cli.fails(&[
        "registry",
        "notices",
        "--as-of",
        "2022-01-01",
        "--out",
        all.to_str().unwrap(),
    ]);
    assert!(err.contains("no certificate in force expires"), "{err}");
}

#[test]
fn a_catalogue_import_reports_its_rows_from_zero_and_at_most_once_per_percent() {
    let dir = tempfile::tempdir().unwrap();
    let rows: Vec<String> = (0..326).map(soc_trang_row).collect();
    let file = write_csv(dir.path(), "soc-trang.csv", &rows);
    let mut store = Store::open(dir.path()).unwrap();
    let mut seen = Vec::new();
    let done =
        ocop_council::app::catalogue::import_catalogue(&mut store, &file, &office(), &mut |p| {
            seen.push(p)
        })
        .unwrap();
    assert_eq!(done.added.len(), 326);
    assert_eq!(seen.first().map(|p| (p.done, p.total)), Some((0, 326)));
    assert!(seen.len() <= 101, "{} reports", seen.len());
    assert!(seen.windows(2).all(|w| w[0].done < w[1].done));
    assert!(seen.iter().all(|p| p.total == 326 && p.item.is_none()));
}
