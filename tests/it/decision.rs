//! The draft approval decision and its annex: the Word file read back with the
//! zip crate (word/document.xml), the PDF's text with lopdf, the annex workbook
//! with calamine; a central round's decision and 5★ certificates.

use std::io::Read as _;
use std::path::Path;

use calamine::{Reader as _, Xlsx};
use chrono::NaiveDate;
use ocop_council::app::Session;
use ocop_council::app::decision::write_decision;
use ocop_council::app::doc_settings::{self, DocSettings};
use ocop_council::app::export::{ExportFormat, export_round};
use ocop_council::domain::round::RoundLevel;

use crate::certificates::finalized_round;

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

fn settings() -> DocSettings {
    DocSettings {
        authority: "ỦY BAN NHÂN DÂN TỈNH SÓC TRĂNG".into(),
        province: "Sóc Trăng".into(),
        place_name: "Sóc Trăng".into(),
        signatory_title: "TM. ỦY BAN NHÂN DÂN\nKT. CHỦ TỊCH\nPHÓ CHỦ TỊCH".into(),
        signatory_name: "Lâm Văn Phó".into(),
        central_signatory_name: Some("Trần Thanh Nam".into()),
        ..DocSettings::default()
    }
}

/// The text of every `<w:t>` element of word/document.xml, in order, unescaped.
fn docx_texts(path: &Path) -> (String, Vec<String>) {
    let file = std::fs::File::open(path).unwrap();
    let mut zip = zip::ZipArchive::new(file).unwrap();
    let mut xml = String::new();
    zip.by_name("word/document.xml")
        .unwrap()
        .read_to_string(&mut xml)
        .unwrap();
    let mut texts = Vec::new();
    let mut rest = xml.as_str();
    while let Some(start) = rest.find("<w:t") {
        let after = &rest[start..];
        let Some(open_end) = after.find('>') else {
            break;
        };
        // <w:tbl>, <w:tc>, <w:tr> … are not text elements.
        let tag = &after[..open_end];
        if !(tag == "<w:t" || tag.starts_with("<w:t ")) {
            rest = &after[open_end..];
            continue;
        }
        let body = &after[open_end + 1..];
        let end = body.find("</w:t>").unwrap();
        texts.push(
            body[..end]
                .replace("&lt;", "<")
                .replace("&gt;", ">")
                .replace("&quot;", "\"")
                .replace("&apos;", "'")
                .replace("&amp;", "&"),
        );
        rest = &body[end..];
    }
    (xml, texts)
}

fn pdf_text(path: &Path) -> String {
    let doc = lopdf::Document::load(path).unwrap();
    let pages: Vec<u32> = doc.get_pages().keys().copied().collect();
    doc.extract_text(&pages)
        .unwrap()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// Positions of `needles` in `hay`, which must be increasing.
fn in_order(hay: &str, needles: &[&str]) {
    let mut from = 0;
    for n in needles {
        let at = hay[from..]
            .find(n)
            .unwrap_or_else(|| panic!("\"{n}\" not found after byte {from} in:\n{hay}"));
        from += at + n.len();
    }
}

#[test]
fn the_decision_in_word_and_pdf_lists_the_certified_products_by_rank_with_totals() {
    let dir = tempfile::tempdir().unwrap();
    let mut session = Session::open(dir.path()).unwrap();
    doc_settings::save(dir.path(), &settings()).unwrap();
    // 92 → 5★ (proposed upward, not in the annex), 75 → 4★, 81 → 4★, 60 → 3★,
    // 40 → 2★ (not certified), 72 → 4★, 55 → 3★.
    let (round, _) = finalized_round(
        &mut session.store,
        RoundLevel::Provincial,
        &[92, 75, 81, 60, 40, 72, 55],
        d(2026, 6, 30),
    );

    let docx = dir.path().join("quyet-dinh.docx");
    assert_eq!(write_decision(&session, round, &docx).unwrap(), 5);
    let (xml, texts) = docx_texts(&docx);
    let all = texts.join("\n");
    // A4 portrait, ND30 margins (twips), Times New Roman, real tables and styles.
    assert!(
        xml.contains(r#"<w:pgSz w:w="11906" w:h="16838""#),
        "page size"
    );
    assert!(
        xml.contains(r#"w:left="1701""#) && xml.contains(r#"w:right="850""#),
        "margins"
    );
    assert!(xml.contains("<w:tbl>"), "tables");
    assert!(xml.contains(r#"w:ascii="Times New Roman""#));
    assert!(
        xml.contains(r#"<w:pStyle w:val="OcopBasis" />"#)
            || xml.contains(r#"<w:pStyle w:val="OcopBasis"/>"#)
    );
    in_order(
        &all,
        &[
            "ỦY BAN NHÂN DÂN",
            "TỈNH SÓC TRĂNG",
            "Số: 0630/QĐ-UBND",
            "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
            "Sóc Trăng, ngày 30 tháng 6 năm 2026",
            "QUYẾT ĐỊNH",
            "Về việc phê duyệt kết quả đánh giá, phân hạng sản phẩm OCOP tỉnh Sóc Trăng năm 2026",
            "Căn cứ Luật Tổ chức chính quyền địa phương ngày 16 tháng 6 năm 2025;",
            "QUYẾT ĐỊNH:",
            "Điều 1.",
            "công nhận 5 sản phẩm đạt chuẩn OCOP, gồm: 3 sản phẩm đạt 4 sao, 2 sản phẩm đạt 3 sao",
            "Đề nghị Bộ Nông nghiệp và Môi trường",
            "Sản phẩm 1 (92 điểm)",
            "Điều 2.",
            "có giá trị 36 tháng kể từ ngày ký, đến hết ngày 30/06/2029",
            "Điều 3.",
            "Nơi nhận:",
            "- Như Điều 3;",
            "KT. CHỦ TỊCH",
            "Lâm Văn Phó",
            "PHỤ LỤC",
            "(Kèm theo Quyết định số 0630/QĐ-UBND ngày 30/06/2026 của Ủy ban nhân dân tỉnh Sóc Trăng)",
            "STT",
            "Hạng sao",
            "I. SẢN PHẨM ĐẠT 4 SAO",
            "Sản phẩm 3 (81 điểm)",
            "Cơ sở nước mắm 3",
            "Ấp Vĩnh Thạnh 3, Xã Vĩnh Hải, Sóc Trăng",
            "81,00",
            "Sản phẩm 2 (75 điểm)",
            "Sản phẩm 6 (72 điểm)",
            "Cộng 4 sao: 3 sản phẩm",
            "II. SẢN PHẨM ĐẠT 3 SAO",
            "Sản phẩm 4 (60 điểm)",
            "Sản phẩm 7 (55 điểm)",
            "Cộng 3 sao: 2 sản phẩm",
            "Tổng cộng: 5 sản phẩm (4 sao: 3; 3 sao: 2)",
        ],
    );
    // Not certified by this round: the 5★ proposal and the 2★ product.
    let annex = &all[all.find("PHỤ LỤC").unwrap()..];
    assert!(
        !annex.contains("92 điểm") && !annex.contains("40 điểm"),
        "{annex}"
    );
    assert!(
        !all.contains("DỰ THẢO"),
        "a recorded decision is not a draft"
    );

    // The PDF says the same.
    let pdf = dir.path().join("quyet-dinh.pdf");
    write_decision(&session, round, &pdf).unwrap();
    let text = pdf_text(&pdf);
    let squeezed: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    let sq = |s: &str| s.chars().filter(|c| !c.is_whitespace()).collect::<String>();
    let needles: Vec<String> = [
        "Số: 0630/QĐ-UBND",
        "QUYẾT ĐỊNH",
        "Căn cứ Quyết định số 148/QĐ-TTg",
        "Điều 1.",
        "có giá trị 36 tháng kể từ ngày ký",
        "PHỤ LỤC",
        "I. SẢN PHẨM ĐẠT 4 SAO",
        "Sản phẩm 3 (81 điểm)",
        "Sản phẩm 2 (75 điểm)",
        "Sản phẩm 6 (72 điểm)",
        "Cộng 4 sao: 3 sản phẩm",
        "Sản phẩm 4 (60 điểm)",
        "Sản phẩm 7 (55 điểm)",
        "Tổng cộng: 5 sản phẩm (4 sao: 3; 3 sao: 2)",
    ]
    .iter()
    .map(|s| sq(s))
    .collect();
    in_order(
        &squeezed,
        &needles.iter().map(String::as_str).collect::<Vec<_>>(),
    );

    // The annex as a workbook: the same rows in the same order.
    let xlsx = dir.path().join("phu-luc.xlsx");
    export_round(&session, round, ExportFormat::AnnexXlsx, &xlsx).unwrap();
    let mut book: Xlsx<_> = calamine::open_workbook(&xlsx).unwrap();
    let range = book.worksheet_range("Phụ lục").unwrap();
    let names: Vec<String> = range
        .rows()
        .filter_map(|r| r.get(1).map(ToString::to_string))
        .filter(|s| s.starts_with("Sản phẩm"))
        .collect();
    assert_eq!(
        names,
        [
            "Sản phẩm 3 (81 điểm)",
            "Sản phẩm 2 (75 điểm)",
            "Sản phẩm 6 (72 điểm)",
            "Sản phẩm 4 (60 điểm)",
            "Sản phẩm 7 (55 điểm)"
        ]
    );
    let firsts: Vec<String> = range
        .rows()
        .filter_map(|r| r.first().map(ToString::to_string))
        .collect();
    assert!(
        firsts.iter().any(|s| s == "Cộng 4 sao: 3 sản phẩm"),
        "{firsts:?}"
    );
    assert!(
        firsts
            .iter()
            .any(|s| s.starts_with("Tổng cộng: 5 sản phẩm"))
    );
}

#[test]
fn a_central_round_certifies_5_stars_in_the_ministrys_name() {
    let dir = tempfile::tempdir().unwrap();
    let mut session = Session::open(dir.path()).unwrap();
    doc_settings::save(dir.path(), &settings()).unwrap();
    let (round, products) = finalized_round(
        &mut session.store,
        RoundLevel::Central,
        &[95, 91, 80],
        d(2026, 9, 1),
    );
    let docx = dir.path().join("qd.docx");
    assert_eq!(write_decision(&session, round, &docx).unwrap(), 2);
    let (_, texts) = docx_texts(&docx);
    let all = texts.join("\n");
    in_order(
        &all,
        &[
            "BỘ NÔNG NGHIỆP VÀ MÔI TRƯỜNG",
            "Số: 0901/QĐ-UBND",
            "Hà Nội, ngày 01 tháng 9 năm 2026",
            "Công nhận 2 sản phẩm đạt chuẩn OCOP 5 sao",
            "KT. BỘ TRƯỞNG",
            "THỨ TRƯỞNG",
            "Trần Thanh Nam",
            "I. SẢN PHẨM ĐẠT 5 SAO",
            "Sản phẩm 1 (95 điểm)",
            "Sản phẩm 2 (91 điểm)",
            "Cộng 5 sao: 2 sản phẩm",
        ],
    );
    assert!(
        !all.contains("Đề nghị Bộ"),
        "the central council proposes nothing upward"
    );
    assert!(!all.contains("80 điểm"));

    // Its certificates: 5★, the Ministry as the authority, and they print.
    let chair = crate::common::chair_of(&session.store, round);
    let issued = ocop_council::app::certificates::issue_round_certificates(
        &mut session,
        round,
        None,
        None,
        &chair,
    )
    .unwrap();
    assert_eq!(
        issued
            .iter()
            .map(|c| (c.product_id, c.stars))
            .collect::<Vec<_>>(),
        [(products[0], 5), (products[1], 5)]
    );
    assert!(
        issued
            .iter()
            .all(|c| c.authority == "BỘ NÔNG NGHIỆP VÀ MÔI TRƯỜNG")
    );
    let out = dir.path().join("gcn.pdf");
    let report = ocop_council::app::certificates::write_round_certificates(
        &session,
        round,
        out.clone(),
        true,
        &mut |_| {},
    )
    .unwrap();
    assert_eq!(report.certificates, 2, "{report:?}");
    let text = pdf_text(&out);
    assert!(text.contains("BỘ NÔNG NGHIỆP VÀ MÔI TRƯỜNG"), "{text}");
    assert!(text.contains("Sản phẩm đạt hạng 5 sao"), "{text}");
    assert!(text.contains("Trần Thanh Nam"), "{text}");
    assert!(text.contains("có giá trị 36 tháng kể từ ngày ký"), "{text}");
}
