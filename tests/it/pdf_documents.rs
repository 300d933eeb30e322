//! The PDF documents opened with a PDF parser (lopdf): page counts, and the text
//! layer gives back the Vietnamese words (so search and copy work). Certificates
//! a province may not issue are refused; batches write all files or none.

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;

use chrono::NaiveDate;
use ocop_council::domain::criteria::{Catalog, CriterionId, catalog::DEFAULT_CRITERIA_SET};
use ocop_council::domain::score::SheetAnswers;
use ocop_council::pdf::batch::{BatchOutput, certificate_file_name, write_certificates};
use ocop_council::pdf::{
    CertificateData, DocAssets, Logo, SheetHeader, SheetPdfData, render_certificate,
    render_certificates, render_sheets,
};

/// Pages and the text of every page, as a PDF reader extracts them.
pub fn pdf_text(bytes: &[u8]) -> (usize, String) {
    let doc = lopdf::Document::load_mem(bytes).expect("a PDF lopdf can open");
    let pages: Vec<u32> = doc.get_pages().keys().copied().collect();
    let text = doc.extract_text(&pages).expect("text layer");
    // Wrapped lines come back as separate lines: compare with single spaces.
    (
        pages.len(),
        text.split_whitespace().collect::<Vec<_>>().join(" "),
    )
}

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

fn certificate(number: &str, product: &str, stars: u8) -> CertificateData {
    CertificateData {
        authority: "ỦY BAN NHÂN DÂN TỈNH SÓC TRĂNG".into(),
        certificate_number: number.into(),
        product_name: product.into(),
        producer_name: "Hợp tác xã Nông nghiệp Hòa Lộc".into(),
        producer_address: "Ấp Hòa Lộc, xã Hòa Tú, tỉnh Sóc Trăng".into(),
        stars,
        decision_number: "1234/QĐ-UBND".into(),
        decision_date: d(2026, 12, 10),
        issue_date: d(2026, 12, 15),
        valid_until: d(2029, 12, 15),
        place_name: "Sóc Trăng".into(),
        signatory_title: "TM. ỦY BAN NHÂN DÂN\nKT. CHỦ TỊCH\nPHÓ CHỦ TỊCH".into(),
        signatory_name: "Nguyễn Văn Thành".into(),
        qr_payload: format!("OCOP1|{number}|{stars}|20261215|20291215|ab12cd34"),
        copy: false,
    }
}

#[test]
fn certificate_text_layer_has_the_vietnamese_facts_and_the_file_is_small() {
    let assets = DocAssets::embedded().unwrap();
    let bytes = render_certificate(
        &certificate("12/2026/GCN-OCOP", "Gạo ST25 Ông Cua", 4),
        &assets,
    )
    .unwrap();
    let (pages, text) = pdf_text(&bytes);
    assert_eq!(pages, 1);
    for expected in [
        "GIẤY CHỨNG NHẬN",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "ỦY BAN NHÂN DÂN",
        "TỈNH SÓC TRĂNG",
        "Gạo ST25 Ông Cua",
        "Hợp tác xã Nông nghiệp Hòa Lộc",
        "Ấp Hòa Lộc, xã Hòa Tú, tỉnh Sóc Trăng",
        "đạt hạng 4 sao",
        "1234/QĐ-UBND",
        "có giá trị đến ngày 15/12/2029",
        "Số: 12/2026/GCN-OCOP",
        "Sóc Trăng, ngày 15 tháng 12 năm 2026",
        "PHÓ CHỦ TỊCH",
        "Nguyễn Văn Thành",
    ] {
        assert!(text.contains(expected), "missing {expected:?} in:\n{text}");
    }
    assert!(!text.contains("BẢN SAO"));
    // Subsetted fonts: a whole embedded DejaVu face alone is ~700 KB.
    assert!(bytes.len() < 60_000, "certificate is {} bytes", bytes.len());
}

#[test]
fn a_reprint_is_marked_as_a_copy() {
    let assets = DocAssets::embedded().unwrap();
    let data = CertificateData {
        copy: true,
        ..certificate("12/2026/GCN-OCOP", "Gạo ST25 Ông Cua", 3)
    };
    let (_, text) = pdf_text(&render_certificate(&data, &assets).unwrap());
    assert!(
        text.contains("BẢN SAO") && text.contains("đạt hạng 3 sao"),
        "{text}"
    );
}

#[test]
fn two_and_five_star_products_get_no_provincial_certificate() {
    let assets = DocAssets::embedded().unwrap();
    let two = render_certificate(&certificate("1/2026/GCN", "Mắm ba khía", 2), &assets)
        .unwrap_err()
        .to_string();
    assert!(
        two.contains("2★ is not certifiable") && two.contains("Mắm ba khía"),
        "{two}"
    );
    let five = render_certificate(&certificate("2/2026/GCN", "Trà Ô long", 5), &assets)
        .unwrap_err()
        .to_string();
    assert!(five.contains("recommended to the Ministry"), "{five}");
}

#[test]
fn a_batch_with_one_refused_certificate_writes_nothing() {
    let assets = DocAssets::embedded().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let batch = vec![
        certificate("1/2026/GCN-OCOP", "Gạo ST25 Ông Cua", 4),
        certificate("2/2026/GCN-OCOP", "Bánh pía", 5),
    ];
    let folder = dir.path().join("certificates");
    let err = write_certificates(
        &batch,
        &assets,
        &BatchOutput::FilePerCertificate(folder.clone()),
        &mut |_, _| {},
    )
    .unwrap_err();
    assert!(err.to_string().contains("2/2026/GCN-OCOP"), "{err}");
    assert!(!folder.exists(), "nothing may be written");
    let one = dir.path().join("all.pdf");
    assert!(
        write_certificates(
            &batch,
            &assets,
            &BatchOutput::OneFile(one.clone()),
            &mut |_, _| {}
        )
        .is_err()
    );
    assert!(!one.exists());
}

fn files_in(folder: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(folder)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[test]
fn batch_writes_a_page_per_certificate_or_a_file_each_with_progress() {
    let assets = DocAssets::embedded().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let batch: Vec<CertificateData> = [
        ("1/2026/GCN-OCOP", "Gạo ST25 Ông Cua", 4),
        ("2/2026/GCN-OCOP", "Nước mắm cá cơm Vĩnh Châu", 3),
        ("3/2026/GCN-OCOP", "Bánh pía \"Tân Huê Viên\" sầu riêng", 4),
    ]
    .into_iter()
    .map(|(n, p, s)| certificate(n, p, s))
    .collect();

    let one = dir.path().join("in-ra.pdf");
    let mut calls = Vec::new();
    let report = write_certificates(
        &batch,
        &assets,
        &BatchOutput::OneFile(one.clone()),
        &mut |done, total| calls.push((done, total)),
    )
    .unwrap();
    assert_eq!(calls.last(), Some(&(3, 3)));
    assert!(calls.windows(2).all(|w| w[0].0 < w[1].0), "{calls:?}");
    let (pages, text) = pdf_text(&std::fs::read(&one).unwrap());
    assert_eq!((pages, report.certificates), (3, 3));
    assert!(text.contains("Nước mắm cá cơm Vĩnh Châu") && text.contains("đạt hạng 3 sao"));
    // One multi-page file shares its fonts: far smaller than three single files.
    assert!(report.bytes < 3 * 40_000, "{} bytes", report.bytes);

    let folder = dir.path().join("tung-ban");
    let mut done_calls = 0;
    let report = write_certificates(
        &batch,
        &assets,
        &BatchOutput::FilePerCertificate(folder.clone()),
        &mut |_, total| {
            assert_eq!(total, 3);
            done_calls += 1;
        },
    )
    .unwrap();
    assert_eq!(done_calls, 3);
    assert_eq!(
        files_in(&folder),
        [
            "1-2026-GCN-OCOP_Gạo-ST25-Ông-Cua.pdf",
            "2-2026-GCN-OCOP_Nước-mắm-cá-cơm-Vĩnh-Châu.pdf",
            "3-2026-GCN-OCOP_Bánh-pía-Tân-Huê-Viên-sầu-riêng.pdf",
        ],
        "named by number and product, no temp files left"
    );
    for (file, data) in report.files.iter().zip(&batch) {
        assert_eq!(
            file.file_name().unwrap().to_string_lossy(),
            certificate_file_name(data)
        );
        let (pages, text) = pdf_text(&std::fs::read(file).unwrap());
        assert_eq!(pages, 1);
        assert!(text.contains(&data.certificate_number));
    }
}

#[test]
fn two_certificates_that_would_share_a_file_name_are_refused() {
    let assets = DocAssets::embedded().unwrap();
    let dir = tempfile::tempdir().unwrap();
    // "1/2026" and "1-2026" sanitise to the same name.
    let batch = vec![
        certificate("1/2026", "Gạo ST25", 4),
        certificate("1-2026", "gạo st25", 4),
    ];
    let err = write_certificates(
        &batch,
        &assets,
        &BatchOutput::FilePerCertificate(dir.path().join("x")),
        &mut |_, _| {},
    )
    .unwrap_err();
    assert!(err.to_string().contains("would both be written"), "{err}");
    // In one file they are just two pages.
    assert_eq!(
        pdf_text(&render_certificates(&batch, &assets).unwrap()).0,
        2
    );
}

#[test]
fn a_logo_is_embedded_as_an_image() {
    let mut png = std::io::Cursor::new(Vec::new());
    image::RgbImage::from_pixel(64, 64, image::Rgb([200, 20, 20]))
        .write_to(&mut png, image::ImageFormat::Png)
        .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("logo.png");
    std::fs::write(&path, png.into_inner()).unwrap();
    let assets = DocAssets {
        logo: Some(Logo::load(&path).unwrap()),
        ..DocAssets::embedded().unwrap()
    };
    let bytes = render_certificate(&certificate("1/2026", "Gạo ST25", 4), &assets).unwrap();
    let doc = lopdf::Document::load_mem(&bytes).unwrap();
    let images = doc
        .objects
        .values()
        .filter(|o| {
            o.as_stream().is_ok_and(|s| {
                s.dict
                    .get(b"Subtype")
                    .and_then(|v| v.as_name())
                    .is_ok_and(|n| n == b"Image")
            })
        })
        .count();
    assert_eq!(images, 1);
}

#[test]
fn a_sheet_with_a_comment_longer_than_a_page_loses_nothing_and_repeats_the_table_header() {
    let criteria = Arc::new(
        Catalog::embedded()
            .sheet(DEFAULT_CRITERIA_SET, 9)
            .unwrap()
            .sheet
            .clone(),
    );
    // Numbered words, so every one of them can be found in the text layer.
    let long: Vec<String> = (0..900).map(|i| format!("ý{i}")).collect();
    let mut comments = BTreeMap::new();
    comments.insert(CriterionId("A.1.a".into()), long.join(" "));
    let sheet = SheetPdfData {
        criteria,
        header: SheetHeader {
            council_heading: vec!["HỘI ĐỒNG ĐÁNH GIÁ,\nPHÂN HẠNG SẢN PHẨM OCOP".into()],
            round_name: "Đợt 1/2026".into(),
            product_name: "Nước mắm cá cơm Trần Đề".into(),
            member_name: "Trần Thị Bình".into(),
            member_role: "Ủy viên".into(),
            submitted: true,
            ..SheetHeader::default()
        },
        answers: SheetAnswers::default(),
        comments,
        general_comment: None,
    };
    let bytes = render_sheets(&[sheet], &DocAssets::embedded().unwrap()).unwrap();
    if let Ok(dir) = std::env::var("OCOP_TEST_KEEP") {
        std::fs::write(Path::new(&dir).join("long-comment.pdf"), &bytes).unwrap();
    }
    let (pages, text) = pdf_text(&bytes);
    let tokens: std::collections::HashSet<&str> = text.split(' ').collect();
    let lost: Vec<&String> = long
        .iter()
        .filter(|w| !tokens.contains(w.as_str()))
        .collect();
    assert!(lost.is_empty(), "lost words: {lost:?}");
    // The criteria table's header row is repeated on every page it continues on
    // (the last page may hold only the closing summary and the signature).
    let headers = text.matches("Tiêu chí đánh giá").count();
    assert!(
        pages >= 3 && headers + 1 >= pages,
        "{headers} headers on {pages} pages"
    );
    assert!(text.contains(&format!("Trang {pages}/{pages}")));
    // An unanswered sheet says so instead of claiming a total.
    assert!(text.contains("Phiếu chưa chấm đủ"), "{text}");
}
