//! Writes sample documents to a folder, for looking at them:
//! `cargo run --example pdf_samples -- OUT_DIR [LOGO.png]`.

use std::path::PathBuf;

use chrono::NaiveDate;
use std::collections::BTreeMap;
use std::sync::Arc;

use ocop_council::domain::criteria::{Catalog, catalog::DEFAULT_CRITERIA_SET};
use ocop_council::domain::score::SheetAnswers;
use ocop_council::pdf::{self, CertificateData, DocAssets, Logo, SheetHeader, SheetPdfData};

fn main() -> anyhow::Result<()> {
    let mut args = std::env::args_os().skip(1);
    let out = PathBuf::from(args.next().unwrap_or_else(|| "target/pdf-samples".into()));
    std::fs::create_dir_all(&out)?;
    let mut assets = DocAssets::embedded()?;
    if let Some(logo) = args.next() {
        assets.logo = Some(Logo::load(&PathBuf::from(logo))?);
    }
    let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).unwrap_or_default();
    let certificate = CertificateData {
        authority: "ỦY BAN NHÂN DÂN TỈNH SÓC TRĂNG".into(),
        certificate_number: "12/2026/GCN-OCOP".into(),
        product_name: "Gạo ST25 Ông Cua".into(),
        producer_name: "Hợp tác xã Nông nghiệp Hòa Lộc".into(),
        producer_address: "Ấp Hòa Lộc, xã Hòa Tú, tỉnh Sóc Trăng".into(),
        stars: 4,
        decision_number: "1234/QĐ-UBND".into(),
        decision_date: d(2026, 12, 10),
        issue_date: d(2026, 12, 15),
        valid_until: d(2029, 12, 15),
        place_name: "Sóc Trăng".into(),
        signatory_title: "TM. ỦY BAN NHÂN DÂN\nKT. CHỦ TỊCH\nPHÓ CHỦ TỊCH".into(),
        signatory_name: "Nguyễn Văn Thành".into(),
        qr_payload: "OCOP1|12/2026/GCN-OCOP|4|20261215|20291215|ab12cd34ef56".into(),
        copy: false,
    };
    let bytes = pdf::render_certificate(&certificate, &assets)?;
    std::fs::write(out.join("certificate.pdf"), &bytes)?;
    let copy = CertificateData {
        copy: true,
        stars: 3,
        product_name: "Nước mắm cá cơm truyền thống Vĩnh Châu loại đặc biệt 40 độ đạm".into(),
        ..certificate
    };
    std::fs::write(
        out.join("certificate-copy.pdf"),
        pdf::render_certificate(&copy, &assets)?,
    )?;
    // The longest texts the layout accepts: the body shrinks to fit.
    let long = CertificateData {
        product_name: "Nước mắm cá cơm truyền thống Vĩnh Châu loại đặc biệt 40 độ đạm, đóng chai thủy tinh 500 ml, nhãn hiệu Út Lợi".into(),
        producer_name: "Hợp tác xã Sản xuất, Chế biến và Tiêu thụ Nước mắm truyền thống Vĩnh Phước, thị xã Vĩnh Châu, tỉnh Sóc Trăng".into(),
        producer_address: "Số 123, đường Nguyễn Huệ, khóm Vĩnh Phước A, phường Vĩnh Phước, thị xã Vĩnh Châu, tỉnh Sóc Trăng; cơ sở sản xuất: ấp Prey Chóp, xã Lạc Hòa, thị xã Vĩnh Châu, tỉnh Sóc Trăng".into(),
        ..copy.clone()
    };
    std::fs::write(
        out.join("certificate-long.pdf"),
        pdf::render_certificate(&long, &assets)?,
    )?;
    println!("certificate: {} bytes -> {}", bytes.len(), out.display());

    // A member's sheet for set 3 (rice): best options, with comments.
    let catalog = Catalog::embedded();
    let loaded = catalog
        .sheet(DEFAULT_CRITERIA_SET, 3)
        .ok_or_else(|| anyhow::anyhow!("set 3 missing"))?;
    let criteria = Arc::new(loaded.sheet.clone());
    let mut answers = SheetAnswers::default();
    let mut comments = BTreeMap::new();
    for (i, (_, _, c)) in criteria.criteria().enumerate() {
        let pick = if i % 3 == 0 {
            c.options.iter().min_by_key(|o| o.points)
        } else {
            c.options.iter().max_by_key(|o| o.points)
        };
        if let Some(o) = pick {
            answers.choices.insert(c.id.clone(), o.id.clone());
        }
        if i == 2 {
            comments.insert(c.id.clone(), "Hợp đồng bao tiêu 80% sản lượng với Công ty Lương thực Sóc Trăng; cần bổ sung hóa đơn.".to_owned());
        }
    }
    let sheet = SheetPdfData {
        criteria,
        header: SheetHeader {
            council_heading: vec![
                "UBND TỈNH SÓC TRĂNG".into(),
                "HỘI ĐỒNG ĐÁNH GIÁ,\nPHÂN HẠNG SẢN PHẨM OCOP".into(),
            ],
            round_name: "Đợt 2/2026 tỉnh Sóc Trăng".into(),
            product_name: "Gạo ST25 Ông Cua".into(),
            product_code: Some("94-941-0012-2026".into()),
            producer_name: "Hợp tác xã Nông nghiệp Hòa Lộc".into(),
            producer_address: "Ấp Hòa Lộc, xã Hòa Tú, tỉnh Sóc Trăng".into(),
            member_name: "Trần Thị Bình".into(),
            member_role: "Ủy viên".into(),
            place_name: "Sóc Trăng".into(),
            date: Some(d(2026, 11, 20)),
            submitted: true,
        },
        answers,
        comments,
        general_comment: Some("Sản phẩm có chất lượng tốt, bao bì cần cải tiến.".into()),
    };
    let bytes = pdf::render_sheets(&[sheet], &assets)?;
    std::fs::write(out.join("sheet.pdf"), &bytes)?;
    println!("sheet: {} bytes", bytes.len());
    Ok(())
}
