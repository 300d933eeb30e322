//! The draft approval decision as a Word document (.docx), the file officials
//! edit and sign: written with the `docx-rs` crate, with named paragraph styles,
//! real tables (the two-column heading, the signature block, the annex), Times
//! New Roman named as the font (the reader's copy renders it), A4 portrait and
//! the margins of Nghị định 30/2020/NĐ-CP (top and bottom 20 mm, left 30 mm,
//! right 15 mm), page numbers centred in the top margin from page 2.
//!
//! Why here: like the XLSX and CSV writers it turns data the app already holds
//! into a file format for other programs; it draws nothing (that is `pdf/`).

use std::io::Cursor;

use docx_rs::{
    AlignmentType, BreakType, Docx, Header, LineSpacing, PageMargin, PageNum, Paragraph, Run,
    RunFonts, SpecialIndentType, Style, StyleType, Table, TableCell, TableRow, WidthType,
};

use crate::domain::decision::{ANNEX_COLUMNS, Annex, DecisionDraft};

/// The font ND30 prescribes.
pub const FONT: &str = "Times New Roman";

/// Twips (1/20 pt) per millimetre.
const TWIPS_PER_MM: f32 = 56.693;

fn mm(v: f32) -> i32 {
    (v * TWIPS_PER_MM).round() as i32
}

/// A4 in twips.
const A4_W: u32 = 11906;
const A4_H: u32 = 16838;
/// The text width: 210 − 30 − 15 mm.
const TEXT_W_MM: f32 = 165.0;
/// Annex columns (mm), summing to the text width.
const ANNEX_W_MM: [f32; 7] = [11.0, 33.0, 33.0, 38.0, 24.0, 13.0, 13.0];

/// Paragraph style ids (and names, as Word shows them).
mod style {
    pub const BODY: &str = "OcopBody";
    pub const BASIS: &str = "OcopBasis";
    pub const CENTRED: &str = "OcopCentred";
    pub const TABLE: &str = "OcopTable";
    pub const RECIPIENTS: &str = "OcopRecipients";
}

fn fonts() -> RunFonts {
    RunFonts::new()
        .ascii(FONT)
        .hi_ansi(FONT)
        .cs(FONT)
        .east_asia(FONT)
}

/// Half-points, as Word counts sizes.
fn pt(size: f32) -> usize {
    (size * 2.0).round() as usize
}

fn styles(docx: Docx) -> Docx {
    let para = |id: &str, size: f32| {
        Style::new(id, StyleType::Paragraph)
            .name(id)
            .fonts(fonts())
            .size(pt(size))
    };
    docx.add_style(
        para(style::BODY, 14.0)
            .align(AlignmentType::Both)
            .indent(
                Some(0),
                Some(SpecialIndentType::FirstLine(mm(10.0))),
                None,
                None,
            )
            .line_spacing(LineSpacing::new().before(0).after(120).line(276)),
    )
    .add_style(
        para(style::BASIS, 14.0)
            .italic()
            .align(AlignmentType::Both)
            .indent(
                Some(0),
                Some(SpecialIndentType::FirstLine(mm(10.0))),
                None,
                None,
            )
            .line_spacing(LineSpacing::new().before(0).after(80).line(264)),
    )
    .add_style(
        para(style::CENTRED, 13.0)
            .align(AlignmentType::Center)
            .line_spacing(LineSpacing::new().before(0).after(0).line(240)),
    )
    .add_style(
        para(style::TABLE, 12.0).line_spacing(LineSpacing::new().before(40).after(40).line(240)),
    )
    .add_style(
        para(style::RECIPIENTS, 11.0).line_spacing(LineSpacing::new().before(0).after(0).line(240)),
    )
}

fn run(text: &str) -> Run {
    Run::new().add_text(text).fonts(fonts())
}

fn centred(text: &str, size: f32, bold: bool, italic: bool) -> Paragraph {
    let mut r = run(text).size(pt(size));
    if bold {
        r = r.bold();
    }
    if italic {
        r = r.italic();
    }
    Paragraph::new()
        .style(style::CENTRED)
        .align(AlignmentType::Center)
        .add_run(r)
}

fn cell(width_mm: f32) -> TableCell {
    TableCell::new().width(mm(width_mm).max(0) as usize, WidthType::Dxa)
}

/// The heading: issuer, rule and number on the left; the national heading,
/// rule and place/date on the right; no borders.
fn heading(d: &DecisionDraft) -> Table {
    let (left_w, right_w) = (62.0, TEXT_W_MM - 62.0);
    let mut left = cell(left_w);
    for line in &d.issuer_lines {
        // The issuer in bold capitals (ND30); its name may run over two lines.
        left = left.add_paragraph(centred(line, 13.0, true, false));
    }
    left = left
        .add_paragraph(centred("_______", 13.0, true, false))
        .add_paragraph(centred(&d.number_line, 13.0, false, false));
    let right = cell(right_w)
        .add_paragraph(centred(
            "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
            13.0,
            true,
            false,
        ))
        .add_paragraph(
            Paragraph::new()
                .style(style::CENTRED)
                .align(AlignmentType::Center)
                .add_run(
                    run("Độc lập - Tự do - Hạnh phúc")
                        .size(pt(14.0))
                        .bold()
                        .underline("single"),
                ),
        )
        .add_paragraph(centred("", 13.0, false, false))
        .add_paragraph(centred(&d.place_date_line, 14.0, false, true));
    Table::without_borders(vec![TableRow::new(vec![left, right])])
        .set_grid(vec![mm(left_w) as usize, mm(right_w) as usize])
        .width(mm(TEXT_W_MM) as usize, WidthType::Dxa)
}

/// "Nơi nhận" on the left, the signature on the right; no borders.
fn signature(d: &DecisionDraft) -> Table {
    let (left_w, right_w) = (80.0, TEXT_W_MM - 80.0);
    let mut left = cell(left_w).add_paragraph(
        Paragraph::new()
            .style(style::RECIPIENTS)
            .add_run(run("Nơi nhận:").size(pt(12.0)).bold().italic()),
    );
    for line in &d.recipients {
        left = left.add_paragraph(
            Paragraph::new()
                .style(style::RECIPIENTS)
                .add_run(run(&format!("- {line}")).size(pt(11.0))),
        );
    }
    let mut right = cell(right_w);
    for line in &d.signatory_title {
        right = right.add_paragraph(centred(line, 14.0, true, false));
    }
    for _ in 0..4 {
        right = right.add_paragraph(centred("", 14.0, false, false));
    }
    right = right.add_paragraph(centred(&d.signatory_name, 14.0, true, false));
    Table::without_borders(vec![TableRow::new(vec![left, right])])
        .set_grid(vec![mm(left_w) as usize, mm(right_w) as usize])
        .width(mm(TEXT_W_MM) as usize, WidthType::Dxa)
}

fn table_text(text: &str, bold: bool, align: AlignmentType) -> Paragraph {
    let mut r = run(text).size(pt(12.0));
    if bold {
        r = r.bold();
    }
    Paragraph::new().style(style::TABLE).align(align).add_run(r)
}

fn spanning_row(text: &str, bold: bool) -> TableRow {
    TableRow::new(vec![
        cell(TEXT_W_MM)
            .grid_span(ANNEX_W_MM.len())
            .add_paragraph(table_text(text, bold, AlignmentType::Left)),
    ])
    .cant_split()
}

/// The annex table: header, then per rank a heading row, its products and its
/// total; the grand total last.
fn annex_table(annex: &Annex) -> Table {
    let header = TableRow::new(
        ANNEX_COLUMNS
            .iter()
            .zip(ANNEX_W_MM)
            .map(|(h, w)| cell(w).add_paragraph(table_text(h, true, AlignmentType::Center)))
            .collect(),
    )
    .cant_split();
    let mut rows = vec![header];
    for group in &annex.groups {
        rows.push(spanning_row(&group.heading, true));
        for r in &group.rows {
            let texts = [
                (r.number.to_string(), AlignmentType::Center),
                (r.product.clone(), AlignmentType::Left),
                (r.producer.clone(), AlignmentType::Left),
                (r.address.clone(), AlignmentType::Left),
                (r.product_set.clone(), AlignmentType::Left),
                (r.score.clone(), AlignmentType::Center),
                (format!("{} sao", r.stars), AlignmentType::Center),
            ];
            rows.push(
                TableRow::new(
                    texts
                        .into_iter()
                        .zip(ANNEX_W_MM)
                        .map(|((t, a), w)| cell(w).add_paragraph(table_text(&t, false, a)))
                        .collect(),
                )
                .cant_split(),
            );
        }
        rows.push(spanning_row(&group.total_line(), true));
    }
    rows.push(spanning_row(&annex.grand_total_line(), true));
    Table::new(rows)
        .set_grid(ANNEX_W_MM.iter().map(|w| mm(*w) as usize).collect())
        .width(mm(TEXT_W_MM) as usize, WidthType::Dxa)
}

fn body_paragraph(text: &str, style_id: &str) -> Paragraph {
    let mut r = run(text).size(pt(14.0));
    if style_id == style::BASIS {
        r = r.italic();
    }
    Paragraph::new().style(style_id).add_run(r)
}

/// The decision and its annex as .docx bytes.
pub fn docx(d: &DecisionDraft) -> anyhow::Result<Vec<u8>> {
    let mut doc = styles(Docx::new())
        .default_fonts(fonts())
        .default_size(pt(14.0))
        .page_size(A4_W, A4_H)
        .page_margin(PageMargin {
            top: mm(20.0),
            bottom: mm(20.0),
            left: mm(30.0),
            right: mm(15.0),
            header: mm(10.0),
            footer: mm(10.0),
            gutter: 0,
        })
        // Page numbers centred in the top margin, none on the first page (ND30).
        .header(
            Header::new().add_paragraph(
                Paragraph::new()
                    .align(AlignmentType::Center)
                    .add_page_num(PageNum::new())
                    .size(pt(13.0)),
            ),
        )
        .first_header(Header::new())
        .title_pg();
    if d.draft {
        doc = doc.add_paragraph(
            Paragraph::new()
                .align(AlignmentType::Right)
                .add_run(run("DỰ THẢO").size(pt(12.0)).bold()),
        );
    }
    doc = doc
        .add_table(heading(d))
        .add_paragraph(centred("", 13.0, false, false))
        .add_paragraph(centred(&d.title, 14.0, true, false))
        .add_paragraph(centred(&d.subject, 14.0, true, false))
        .add_paragraph(centred("_________________", 14.0, true, false))
        .add_paragraph(centred("", 13.0, false, false))
        .add_paragraph(centred(&d.authority_line, 14.0, true, false))
        .add_paragraph(centred("", 13.0, false, false));
    for basis in &d.bases {
        doc = doc.add_paragraph(body_paragraph(basis, style::BASIS));
    }
    doc = doc.add_paragraph(centred("QUYẾT ĐỊNH:", 14.0, true, false));
    for article in &d.articles {
        let mut first = true;
        for text in &article.paragraphs {
            let mut p = Paragraph::new().style(style::BODY);
            if first {
                p = p.add_run(run(&format!("{} ", article.label)).size(pt(14.0)).bold());
                first = false;
            }
            doc = doc.add_paragraph(p.add_run(run(text).size(pt(14.0))));
        }
    }
    doc = doc
        .add_paragraph(centred("", 13.0, false, false))
        .add_table(signature(d))
        // The annex starts on its own page.
        .add_paragraph(Paragraph::new().add_run(Run::new().add_break(BreakType::Page)))
        .add_paragraph(centred(&d.annex.label, 14.0, true, false))
        .add_paragraph(centred(&d.annex.title, 13.0, true, false))
        .add_paragraph(centred(&d.annex.caption, 13.0, false, true))
        .add_paragraph(centred("", 12.0, false, false))
        .add_table(annex_table(&d.annex));
    let mut bytes = Vec::new();
    doc.build()
        .pack(Cursor::new(&mut bytes))
        .map_err(|e| anyhow::anyhow!("cannot write the Word document: {e}"))?;
    Ok(bytes)
}
