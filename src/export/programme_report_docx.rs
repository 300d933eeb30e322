//! The programme report as a Word file, for the office to edit before signing:
//! the same heading, title, sentences and tables as the PDF (one
//! [`ProgrammeReport`] behind both), in Times New Roman on A4 with the margins of
//! Nghị định 30/2020. Charts are in the PDF and the workbook; the Word file keeps
//! the tables (an office pastes its own charts if it wants them here).

use std::io::Cursor;

use chrono::Datelike;
use docx_rs::{
    AlignmentType, Docx, PageMargin, Paragraph, Run, RunFonts, Table, TableCell, TableRow,
    WidthType,
};

use crate::domain::catalogue::report::{NamedCount, ProgrammeReport, Share};
use crate::domain::catalogue::report_text;
use crate::pdf::programme_report::{ReportHeading, subject_line};

const FONT: &str = "Times New Roman";
const TEXT_W_MM: f32 = 165.0;

fn mm(v: f32) -> usize {
    (v * 56.693).round() as usize
}

fn run(text: &str, size: f32) -> Run {
    Run::new()
        .add_text(text)
        .fonts(
            RunFonts::new()
                .ascii(FONT)
                .hi_ansi(FONT)
                .cs(FONT)
                .east_asia(FONT),
        )
        .size((size * 2.0).round() as usize)
}

fn centred(text: &str, size: f32, bold: bool) -> Paragraph {
    let r = run(text, size);
    Paragraph::new()
        .align(AlignmentType::Center)
        .add_run(if bold { r.bold() } else { r })
}

fn body(text: &str) -> Paragraph {
    Paragraph::new()
        .align(AlignmentType::Both)
        .add_run(run(text, 14.0))
}

fn bold_line(text: &str) -> Paragraph {
    Paragraph::new().add_run(run(text, 14.0).bold())
}

fn cell(text: &str, width: f32, bold: bool, align: AlignmentType) -> TableCell {
    let r = run(text, 12.0);
    TableCell::new()
        .width(mm(width), WidthType::Dxa)
        .add_paragraph(
            Paragraph::new()
                .align(align)
                .add_run(if bold { r.bold() } else { r }),
        )
}

fn count_table(header: [&str; 3], rows: &[(String, u64, Option<Share>)]) -> Table {
    let widths = [TEXT_W_MM - 60.0, 30.0, 30.0];
    let mut out = vec![TableRow::new(
        header
            .iter()
            .zip(widths)
            .map(|(h, w)| cell(h, w, true, AlignmentType::Center))
            .collect(),
    )];
    for (name, count, share) in rows {
        out.push(TableRow::new(vec![
            cell(name, widths[0], false, AlignmentType::Left),
            cell(&count.to_string(), widths[1], false, AlignmentType::Center),
            cell(
                &share.map(Share::percent_vi).unwrap_or_default(),
                widths[2],
                false,
                AlignmentType::Center,
            ),
        ]));
    }
    Table::new(out)
        .set_grid(widths.iter().map(|w| mm(*w)).collect())
        .width(mm(TEXT_W_MM), WidthType::Dxa)
}

fn named(rows: &[NamedCount], of: u64) -> Vec<(String, u64, Option<Share>)> {
    rows.iter()
        .map(|n| (n.label.clone(), n.count, Some(Share::new(n.count, of))))
        .collect()
}

fn heading(h: &ReportHeading) -> Table {
    let (lw, rw) = (62.0, TEXT_W_MM - 62.0);
    let mut left = TableCell::new().width(mm(lw), WidthType::Dxa);
    for line in &h.issuer_lines {
        left = left.add_paragraph(centred(line, 13.0, true));
    }
    left = left
        .add_paragraph(centred("_______", 13.0, true))
        .add_paragraph(centred("Số:        /BC-UBND", 13.0, false));
    let d = h.dated;
    let date = format!(
        "{}, ngày {:02} tháng {:02} năm {}",
        h.place,
        d.day(),
        d.month(),
        d.year()
    );
    let right = TableCell::new()
        .width(mm(rw), WidthType::Dxa)
        .add_paragraph(centred("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", 13.0, true))
        .add_paragraph(
            Paragraph::new().align(AlignmentType::Center).add_run(
                run("Độc lập - Tự do - Hạnh phúc", 14.0)
                    .bold()
                    .underline("single"),
            ),
        )
        .add_paragraph(centred("", 13.0, false))
        .add_paragraph(
            Paragraph::new()
                .align(AlignmentType::Center)
                .add_run(run(&date, 14.0).italic()),
        );
    Table::without_borders(vec![TableRow::new(vec![left, right])])
        .set_grid(vec![mm(lw), mm(rw)])
        .width(mm(TEXT_W_MM), WidthType::Dxa)
}

/// The report as .docx bytes.
pub fn report_docx(r: &ProgrammeReport, h: &ReportHeading) -> anyhow::Result<Vec<u8>> {
    let mut doc = front_matter(r, h);
    doc = products_part(doc, r);
    doc = producers_part(doc, r);
    doc = management_part(doc, r);
    doc = readings_part(doc, r);
    let mut bytes = Vec::new();
    doc.build()
        .pack(Cursor::new(&mut bytes))
        .map_err(|e| anyhow::anyhow!("cannot write the Word document: {e}"))?;
    Ok(bytes)
}

/// The page, the heading, the title and the first sentence of part I.
fn front_matter(r: &ProgrammeReport, h: &ReportHeading) -> Docx {
    Docx::new()
        .page_size(11906, 16838)
        .page_margin(PageMargin {
            top: mm(20.0) as i32,
            bottom: mm(20.0) as i32,
            left: mm(30.0) as i32,
            right: mm(15.0) as i32,
            header: mm(10.0) as i32,
            footer: mm(10.0) as i32,
            gutter: 0,
        })
        .add_table(heading(h))
        .add_paragraph(centred("", 13.0, false))
        .add_paragraph(centred("BÁO CÁO", 14.0, true))
        .add_paragraph(centred(&subject_line(r), 14.0, true))
        .add_paragraph(centred(
            &format!("(Số liệu đến ngày {})", r.params.as_of.format("%d/%m/%Y")),
            14.0,
            false,
        ))
        .add_paragraph(centred("_________________", 14.0, true))
        .add_paragraph(bold_line("I. KẾT QUẢ ĐÁNH GIÁ, PHÂN HẠNG SẢN PHẨM"))
        .add_paragraph(body(&report_text::products_sentence(r, &h.province)))
}

/// Part I's tables: products by stars (and against the plan), by year, by group
/// and by district.
fn products_part(mut doc: Docx, r: &ProgrammeReport) -> Docx {
    let total = r.in_force.total;
    let mut stars: Vec<(String, u64, Option<Share>)> = [5u8, 4, 3]
        .iter()
        .map(|s| {
            (
                format!("Sản phẩm {s} sao"),
                r.in_force.of(*s),
                Some(Share::new(r.in_force.of(*s), total)),
            )
        })
        .collect();
    stars.push(("Tổng cộng".into(), total, None));
    if let Some(t) = r.against_target {
        stars.push((
            format!("Kế hoạch: {} sản phẩm; tỷ lệ đạt", t.of),
            t.count,
            Some(t),
        ));
    }
    doc = doc
        .add_table(count_table(["Hạng sao", "Số sản phẩm", "Tỷ lệ"], &stars))
        .add_paragraph(body(&report_text::period_sentence(r)));
    let years: Vec<(String, u64, Option<Share>)> = r
        .by_year
        .iter()
        .map(|y| {
            (
                format!("Năm {} (đến hạn trong năm: {})", y.year, y.expiring),
                y.certified.total,
                None,
            )
        })
        .collect();
    doc.add_table(count_table(["Năm", "Công nhận", ""], &years))
        .add_paragraph(bold_line("Sản phẩm theo nhóm sản phẩm:"))
        .add_table(count_table(
            ["Nhóm sản phẩm", "Số sản phẩm", "Tỷ lệ"],
            &named(&r.by_group, total),
        ))
        .add_paragraph(bold_line("Sản phẩm theo huyện (huyện cũ):"))
        .add_table(count_table(
            ["Huyện", "Số sản phẩm", "Tỷ lệ"],
            &named(&r.by_district, total),
        ))
}

/// Part II: the producers, by legal form.
fn producers_part(doc: Docx, r: &ProgrammeReport) -> Docx {
    let mut forms: Vec<(String, u64, Option<Share>)> = r
        .by_legal_form
        .iter()
        .map(|f| (f.label_vi.to_string(), f.producers.count, Some(f.producers)))
        .collect();
    forms.push(("Tổng số chủ thể".into(), r.producers, None));
    doc.add_paragraph(bold_line("II. CHỦ THỂ SẢN PHẨM OCOP"))
        .add_paragraph(body(&report_text::producers_sentence(r)))
        .add_table(count_table(
            ["Loại hình chủ thể", "Số chủ thể", "Tỷ lệ"],
            &forms,
        ))
}

/// Part III: certified in the period (new, upgraded, re-evaluated), lapsed,
/// revoked and expiring; the period's rounds.
fn management_part(mut doc: Docx, r: &ProgrammeReport) -> Docx {
    let period = r.certified_in_period.total;
    let management = vec![
        ("Công nhận trong kỳ".to_string(), period, None),
        (
            "– đăng ký mới".into(),
            r.registrations.new,
            Some(Share::new(r.registrations.new, period)),
        ),
        (
            "– nâng hạng".into(),
            r.registrations.upgrade,
            Some(Share::new(r.registrations.upgrade, period)),
        ),
        (
            "– đánh giá lại".into(),
            r.registrations.re_evaluation,
            Some(Share::new(r.registrations.re_evaluation, period)),
        ),
        ("Hết hạn chưa đánh giá lại (lũy kế)".into(), r.lapsed, None),
        ("Bị thu hồi (lũy kế)".into(), r.revoked, None),
        (
            "Sẽ hết hạn trong 30 ngày".into(),
            r.expiring_within_30_days,
            None,
        ),
        (
            "Sẽ hết hạn trong 90 ngày".into(),
            r.expiring_within_90_days,
            None,
        ),
    ];
    doc = doc
        .add_paragraph(bold_line(
            "III. ĐÁNH GIÁ LẠI, NÂNG HẠNG, HẾT HẠN VÀ THU HỒI",
        ))
        .add_paragraph(body(&report_text::management_sentence(r)))
        .add_table(count_table(
            ["Nội dung", "Số sản phẩm", "Tỷ lệ"],
            &management,
        ));
    if !r.rounds.is_empty() {
        doc = doc
            .add_paragraph(bold_line("Các đợt đánh giá trong kỳ:"))
            .add_table(count_table(
                ["Đợt", "Số sản phẩm", "Tỷ lệ"],
                &named(&r.rounds, period),
            ));
    }
    doc
}

/// The software's readings, for the authority writing the report to check.
fn readings_part(mut doc: Docx, r: &ProgrammeReport) -> Docx {
    doc = doc.add_paragraph(
        Paragraph::new().add_run(
            run(
                "Ghi chú (cách hiểu của phần mềm, cơ quan soạn báo cáo kiểm tra và sửa nếu cần):",
                12.0,
            )
            .bold()
            .italic(),
        ),
    );
    for reading in &r.readings {
        doc = doc.add_paragraph(Paragraph::new().add_run(run(&format!("– {reading}"), 12.0)));
    }
    doc
}
