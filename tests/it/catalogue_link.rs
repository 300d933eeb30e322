//! A product entered for re-evaluation or upgrade links to its catalogue entry
//! before its certificate is issued: by the decision number its dossier names
//! (the demo's "2087/QĐ-UBND ngày 05/10/2022"), by the product code, or not at all
//! for a new product; the earlier certificates come along as history.

use std::path::PathBuf;

use chrono::NaiveDate;
use ocop_council::domain::catalogue::{EntryStatus, LinkBasis};
use ocop_council::domain::ids::RoundId;
use ocop_council::store::{DATABASE_FILE, Store};

use crate::common::Cli;

const HEADER: &str = "STT,Tên sản phẩm,Mã sản phẩm,Chủ thể,Loại hình,Xã,Huyện,Tỉnh,Bộ sản phẩm,Hạng sao,Số giấy chứng nhận,Số quyết định,Ngày quyết định,Ngày cấp,Ngày hết hạn,Loại đăng ký,Đợt";

pub(crate) const PIA: &str = "Bánh pía sầu riêng trứng muối Vũng Thơm";

/// The demo's bánh pía (certified 3★ in 2019, re-evaluated 4★ in 2022, the
/// dossier naming the 2022 decision) and its nước mắm (known by code only).
pub(crate) fn demo_catalogue(cli: &Cli) -> PathBuf {
    let rows = [
        format!("1,{PIA},94-942-011-2022,Công ty TNHH Bánh pía Tân Huê Viên Vũng Thơm,Doanh nghiệp,Xã Phú Tân,Châu Thành,Sóc Trăng,6,3,0101/2019/GCN-OCOP,1500/QĐ-UBND,20/09/2019,20/09/2019,,Mới,Đợt 1/2019"),
        format!("2,{PIA},94-942-011-2022,Công ty TNHH Bánh pía Tân Huê Viên Vũng Thơm,Doanh nghiệp,Xã Phú Tân,Châu Thành,Sóc Trăng,6,4,0456/2022/GCN-OCOP,2087/QĐ-UBND,05/10/2022,05/10/2022,,Đánh giá lại,Đợt 2/2022"),
        "3,Nước mắm cá cơm,94-950-004-2023,Cơ sở nước mắm Vĩnh Châu,Hộ kinh doanh,Phường 1,Vĩnh Châu,Sóc Trăng,9,3,0077/2023/GCN-OCOP,999/QĐ-UBND,14/03/2023,14/03/2023,,Mới,Đợt 1/2023".to_owned(),
    ];
    let path = cli.dir().join("demo-catalogue.csv");
    std::fs::write(&path, format!("{HEADER}\n{}\n", rows.join("\n"))).unwrap();
    path
}

#[test]
fn a_re_evaluation_dossier_links_to_its_catalogue_entry_before_issuing() {
    let cli = Cli::new();
    let round = RoundId(cli.id(&["demo", "load"]));
    let file = demo_catalogue(&cli);
    cli.ok(&["registry", "import", file.to_str().unwrap()]);
    let store = Store::open(cli.dir()).unwrap();
    let products = store.products(round).unwrap();
    let id_of = |prefix: &str| {
        products
            .iter()
            .find(|p| p.name.starts_with(prefix))
            .unwrap_or_else(|| panic!("{prefix}"))
            .id
    };
    let as_of = NaiveDate::from_ymd_opt(2025, 8, 1).unwrap();

    let pia = store
        .catalogue_link_of_product(id_of("Bánh pía"), as_of)
        .unwrap()
        .expect("the bánh pía continues its 2022 certificate");
    assert_eq!(pia.basis, LinkBasis::DecisionNumber);
    assert_eq!(pia.entry.record.certificate_number, "0456/2022/GCN-OCOP");
    assert_eq!(pia.entry.record.stars, 4);
    assert!(
        matches!(pia.status, EntryStatus::Expiring { .. }),
        "{:?}",
        pia.status
    );
    let earlier: Vec<&str> = pia
        .earlier
        .iter()
        .map(|e| e.record.certificate_number.as_str())
        .collect();
    assert_eq!(earlier, ["0101/2019/GCN-OCOP"]);
    assert!(!pia.declared_stars_differ(Some(4)));

    // The nước mắm's dossier names a decision the catalogue lacks: found by code.
    let mam = store
        .catalogue_link_of_product(id_of("Nước mắm"), as_of)
        .unwrap()
        .expect("found by product code");
    assert_eq!(mam.basis, LinkBasis::ProductCode);
    assert_eq!(mam.entry.record.stars, 3);
    assert!(mam.earlier.is_empty());

    // A new product the catalogue does not know has no link.
    assert!(
        store
            .catalogue_link_of_product(id_of("Gạo ST25"), as_of)
            .unwrap()
            .is_none()
    );
}

#[test]
fn verify_names_an_edited_catalogue_audit_entry_and_an_edited_entry() {
    let cli = Cli::new();
    let file = demo_catalogue(&cli);
    cli.ok(&["registry", "import", file.to_str().unwrap()]);
    let out = cli.ok(&["verify", "--catalogue"]);
    assert!(out.contains("catalogue (3 entries):"), "{out}");
    let report = cli.json(&["verify", "--catalogue", "--json"]);
    assert_eq!(report["entries"], 3);
    let everything = cli.json(&["verify", "--json"]);
    assert_eq!(everything["rounds"].as_array().unwrap().len(), 0);
    assert_eq!(everything["catalogue"]["entries"], 3);

    let store = Store::open(cli.dir()).unwrap();
    let log = store
        .audit_log(ocop_council::store::CATALOGUE_CHAIN)
        .unwrap();
    let second = &log[1];
    assert!(second.new_value.as_deref().unwrap().starts_with("4★"));
    drop(store);
    {
        let conn = rusqlite::Connection::open(cli.dir().join(DATABASE_FILE)).unwrap();
        conn.execute_batch(&format!(
            "DROP TRIGGER audit_log_no_update;
             UPDATE audit_log SET new_value = replace(new_value, '4★', '5★') WHERE id = {};
             UPDATE catalogue_entries SET stars = 5 WHERE certificate_number = '0077/2023/GCN-OCOP';",
            second.id
        ))
        .unwrap();
    }
    let err = cli.fails(&["verify", "--catalogue"]);
    assert!(
        err.contains(&format!(
            "catalogue audit chain: audit entry {}: its content does not match",
            second.id
        )),
        "the edited audit entry is named: {err}"
    );
    assert!(
        err.contains("(certificate 0077/2023/GCN-OCOP) reads \"5★"),
        "the entry edited with raw SQL is named: {err}"
    );
    // `verify` without --round covers the catalogue too.
    let err = cli.fails(&["verify"]);
    assert!(err.contains("catalogue: catalogue audit chain"), "{err}");
}
