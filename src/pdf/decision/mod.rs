//! The draft approval decision and its annex as PDF, with the same words as the
//! Word file (both come from one `DecisionDraft`): A4 portrait with the margins
//! of Nghị định 30/2020/NĐ-CP (top and bottom 20 mm, left 30 mm, right 15 mm),
//! the two-column heading, title and subject, the italic legal bases, the
//! articles, "Nơi nhận" beside the signature, then the annex on a new page: a
//! table grouped by rank with a total per rank and a grand total, its header
//! repeated on every page. Page numbers sit centred in the top margin from page 2.
//!
//! The serif face is the documents' (DejaVu Serif, or the pair in the settings):
//! the PDF embeds what it draws; the Word file names Times New Roman instead.

use printpdf::PdfDocument;

use super::canvas::{Align, Canvas, Colour, TextStyle, Typesetter};
use super::flow::{BASELINE_IN_LINE, Cell, Flow, Margins, Row, Table};
use super::fonts::Face;
use super::heading::{PAGE_H, PAGE_W, issuer_heading, page_number};
use super::{DocAssets, PdfError, save};
use crate::domain::decision::{ANNEX_COLUMNS, Annex, DecisionDraft};

/// ND30: top and bottom 20–25 mm, left 30–35 mm, right 15–20 mm.
pub const ND30_MARGINS: Margins = Margins {
    top: 20.0,
    bottom: 20.0,
    left: 30.0,
    right: 15.0,
};
const M: Margins = ND30_MARGINS;
const BODY: TextStyle = TextStyle::new(Face::Serif, 13.0);
const BOLD: TextStyle = TextStyle::new(Face::SerifBold, 13.0);
/// ND30 sets the bases in italics; the documents embed no italic face, so the
/// PDF prints them upright (the Word file has them in italics).
const BASIS: TextStyle = TextStyle::new(Face::Serif, 13.0);
const TABLE: TextStyle = TextStyle::new(Face::Serif, 10.0);
const TABLE_BOLD: TextStyle = TextStyle::new(Face::SerifBold, 10.0);
/// Annex columns (mm), summing to the text width (165 mm).
const ANNEX_W: [f32; 7] = [12.0, 32.0, 30.0, 33.0, 26.0, 16.0, 16.0];

/// The decision as a PDF.
pub fn render_decision(d: &DecisionDraft, assets: &DocAssets) -> Result<Vec<u8>, PdfError> {
    let mut doc = PdfDocument::new(&d.document_title);
    let fonts = assets.fonts.register(&mut doc);
    let typesetter = Typesetter {
        fonts: assets.fonts.clone(),
    };
    let mut flow = Flow::new(Canvas::new(PAGE_W, PAGE_H, fonts, typesetter), M);
    heading(&mut flow, d);
    body(&mut flow, d);
    signature(&mut flow, d);
    flow.new_page();
    annex(&mut flow, &d.annex);
    let pages = flow.finish(|canvas, page, _| page_number(canvas, page));
    Ok(save(
        doc,
        pages.into_iter().map(Canvas::into_page).collect(),
    ))
}

fn heading(flow: &mut Flow, d: &DecisionDraft) {
    let top = flow.y;
    let y = issuer_heading(
        flow.canvas(),
        top,
        &M,
        &d.issuer_lines,
        &d.number_line,
        &d.place_date_line,
        d.draft,
    );
    flow.y = y + 10.0;
}

fn centred(flow: &mut Flow, style: &TextStyle, text: &str) {
    flow.paragraph(style, Align::Centre, 0.0, text);
}

fn body(flow: &mut Flow, d: &DecisionDraft) {
    let title = TextStyle::new(Face::SerifBold, 14.0);
    centred(flow, &title, &d.title);
    let width = flow.content_width();
    let subject_lines = flow
        .canvas()
        .typesetter
        .wrap_balanced(&BOLD, &d.subject, width - 20.0);
    let left = flow.left();
    flow.lines(&BOLD, Align::Centre, left, width, &subject_lines);
    let y = flow.y + 2.0;
    let cx = PAGE_W / 2.0 - (M.right - M.left) / 2.0;
    flow.canvas()
        .line(cx - 25.0, y, cx + 25.0, y, Colour::BLACK, 0.6);
    flow.gap(6.0);
    centred(flow, &BOLD, &d.authority_line);
    flow.gap(3.0);
    for basis in &d.bases {
        flow.paragraph(&BASIS, Align::Left, 0.0, basis);
        flow.gap(1.2);
    }
    flow.gap(2.0);
    centred(flow, &BOLD, "QUYẾT ĐỊNH:");
    flow.gap(2.0);
    for article in &d.articles {
        flow.ensure(14.0);
        flow.paragraph(&BOLD, Align::Left, 0.0, &article.label);
        for text in &article.paragraphs {
            flow.paragraph(&BODY, Align::Left, 0.0, text);
            flow.gap(2.0);
        }
    }
}

/// "Nơi nhận" (12 pt bold italic, recipients 11 pt) on the left; the signature
/// on the right.
fn signature(flow: &mut Flow, d: &DecisionDraft) {
    flow.gap(4.0);
    let recipients = TextStyle::new(Face::Serif, 11.0);
    let label = TextStyle::new(Face::SerifBold, 12.0);
    // The recipients keep to the left column, clear of the signature.
    let column_mm = 78.0;
    let wrapped: Vec<String> = d
        .recipients
        .iter()
        .flat_map(|line| {
            flow.canvas()
                .typesetter
                .wrap(&recipients, &format!("- {line}"), column_mm)
        })
        .collect();
    let lines_h = recipients.line_height_mm() * (wrapped.len() as f32 + 1.5);
    flow.ensure(lines_h.max(48.0));
    let top = flow.y;
    let left = flow.left();
    let right_x = PAGE_W - M.right - 38.0;
    let canvas = flow.canvas();
    let mut y = top + label.line_height_mm() * BASELINE_IN_LINE;
    canvas.text(left, y, &label, Align::Left, "Nơi nhận:");
    for line in &wrapped {
        y += recipients.line_height_mm();
        canvas.text(left, y, &recipients, Align::Left, line);
    }
    let mut sy = top + BOLD.line_height_mm() * BASELINE_IN_LINE;
    for line in &d.signatory_title {
        canvas.text(right_x, sy, &BOLD, Align::Centre, line);
        sy += BOLD.line_height_mm();
    }
    let name_y = sy + 24.0;
    canvas.text(right_x, name_y, &BOLD, Align::Centre, &d.signatory_name);
    flow.y = (y + 4.0).max(name_y + 4.0);
}

fn annex(flow: &mut Flow, annex: &Annex) {
    let label = TextStyle::new(Face::SerifBold, 14.0);
    centred(flow, &label, &annex.label);
    centred(flow, &BOLD, &annex.title);
    centred(flow, &BASIS, &annex.caption);
    flow.gap(4.0);
    let header = Row::new(
        ANNEX_COLUMNS
            .iter()
            .map(|h| Cell::text(*h, TABLE_BOLD).align(Align::Centre))
            .collect(),
    )
    .fill(Colour::LIGHT_FILL);
    let table = Table::new(ANNEX_W.to_vec()).with_header(header);
    let header_row = table.header.clone();
    if let Some(h) = &header_row {
        flow.row(&table, h);
    }
    let spanning = |text: &str| Row::new(vec![Cell::text(text, TABLE_BOLD).span(ANNEX_W.len())]);
    for group in &annex.groups {
        flow.row(&table, &spanning(&group.heading).keep_with_next(12.0));
        for r in &group.rows {
            let cells = vec![
                Cell::text(r.number.to_string(), TABLE).align(Align::Centre),
                Cell::text(&r.product, TABLE),
                Cell::text(&r.producer, TABLE),
                Cell::text(&r.address, TABLE),
                Cell::text(&r.product_set, TABLE),
                Cell::text(&r.score, TABLE).align(Align::Centre),
                Cell::text(format!("{} sao", r.stars), TABLE).align(Align::Centre),
            ];
            flow.row(&table, &Row::new(cells));
        }
        flow.row(&table, &spanning(&group.total_line()));
    }
    flow.row(&table, &spanning(&annex.grand_total_line()));
}
