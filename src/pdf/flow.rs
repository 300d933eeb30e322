//! Flowing content over pages: paragraphs and tables whose rows wrap their cells,
//! break to a new page when they do not fit (repeating the table's header row),
//! and split across pages only when a single row is taller than a whole page.
//! Footers ("Trang x/y") are drawn once the page count is known.

use super::canvas::{Align, Canvas, Colour, TextStyle};

/// Page margins in millimetres.
#[derive(Debug, Clone, Copy)]
pub struct Margins {
    pub top: f32,
    pub bottom: f32,
    pub left: f32,
    pub right: f32,
}

/// Where the first text baseline sits below the top of its line box (DejaVu's
/// ascender plus half the extra leading at 1.25 × size).
pub const BASELINE_IN_LINE: f32 = 0.78;

/// A cell of a table row.
#[derive(Debug, Clone)]
pub struct Cell {
    pub text: String,
    pub style: TextStyle,
    pub align: Align,
    /// How many columns the cell spans (≥ 1).
    pub span: usize,
    /// Extra left indent inside the cell, in mm.
    pub indent_mm: f32,
    /// A check box instead of text: `Some(true)` is ticked.
    pub check: Option<bool>,
}

impl Cell {
    pub fn text(text: impl Into<String>, style: TextStyle) -> Self {
        Self {
            text: text.into(),
            style,
            align: Align::Left,
            span: 1,
            indent_mm: 0.0,
            check: None,
        }
    }

    pub fn align(mut self, align: Align) -> Self {
        self.align = align;
        self
    }

    pub fn span(mut self, span: usize) -> Self {
        self.span = span.max(1);
        self
    }

    pub fn indent(mut self, mm: f32) -> Self {
        self.indent_mm = mm;
        self
    }

    pub fn check_box(checked: bool, style: TextStyle) -> Self {
        Self {
            check: Some(checked),
            ..Self::text("", style).align(Align::Centre)
        }
    }
}

/// A table row.
#[derive(Debug, Clone)]
pub struct Row {
    pub cells: Vec<Cell>,
    pub fill: Option<Colour>,
    /// Space that must remain below this row on the same page (keeps a heading
    /// with the first row under it).
    pub keep_with_next_mm: f32,
}

impl Row {
    pub fn new(cells: Vec<Cell>) -> Self {
        Self {
            cells,
            fill: None,
            keep_with_next_mm: 0.0,
        }
    }

    pub fn fill(mut self, colour: Colour) -> Self {
        self.fill = Some(colour);
        self
    }

    pub fn keep_with_next(mut self, mm: f32) -> Self {
        self.keep_with_next_mm = mm;
        self
    }
}

/// Column widths and the look of a table.
#[derive(Debug, Clone)]
pub struct Table {
    pub columns_mm: Vec<f32>,
    /// Repeated at the top of every page the table continues on.
    pub header: Option<Row>,
    pub padding_x_mm: f32,
    pub padding_y_mm: f32,
    pub border: Colour,
    pub border_pt: f32,
    pub check_size_mm: f32,
}

impl Table {
    pub fn new(columns_mm: Vec<f32>) -> Self {
        Self {
            columns_mm,
            header: None,
            padding_x_mm: 1.5,
            padding_y_mm: 1.0,
            border: Colour::GREY,
            border_pt: 0.5,
            check_size_mm: 3.4,
        }
    }

    pub fn with_header(mut self, header: Row) -> Self {
        self.header = Some(header);
        self
    }

    pub fn width_mm(&self) -> f32 {
        self.columns_mm.iter().sum()
    }
}

/// A cell laid out: its x range and wrapped lines.
struct LaidCell<'a> {
    cell: &'a Cell,
    x: f32,
    width: f32,
    lines: Vec<String>,
}

/// Draws a running header on each new page and returns the y where content starts.
pub type PageHeader = Box<dyn Fn(&mut Canvas) -> f32>;

/// Content flowing over pages.
pub struct Flow {
    pages: Vec<Canvas>,
    page: Canvas,
    pub y: f32,
    pub margins: Margins,
    /// y where content starts on the current page (after any running header).
    page_top: f32,
    running_header: Option<PageHeader>,
}

impl Flow {
    pub fn new(first_page: Canvas, margins: Margins) -> Self {
        Self {
            pages: Vec::new(),
            page: first_page,
            y: margins.top,
            margins,
            page_top: margins.top,
            running_header: None,
        }
    }

    /// Sets a header drawn on every page after the first.
    pub fn set_running_header(&mut self, header: PageHeader) {
        self.running_header = Some(header);
    }

    pub fn canvas(&mut self) -> &mut Canvas {
        &mut self.page
    }

    pub fn left(&self) -> f32 {
        self.margins.left
    }

    pub fn content_width(&self) -> f32 {
        self.page.width_mm - self.margins.left - self.margins.right
    }

    pub fn bottom(&self) -> f32 {
        self.page.height_mm - self.margins.bottom
    }

    pub fn space_left(&self) -> f32 {
        self.bottom() - self.y
    }

    fn at_page_top(&self) -> bool {
        self.y <= self.page_top + 0.01
    }

    pub fn new_page(&mut self) {
        let next = self.page.sibling();
        self.pages.push(std::mem::replace(&mut self.page, next));
        self.y = self.margins.top;
        if let Some(header) = &self.running_header {
            self.y = header(&mut self.page).max(self.margins.top);
        }
        self.page_top = self.y;
    }

    /// Starts a new page unless `height_mm` still fits on this one.
    pub fn ensure(&mut self, height_mm: f32) {
        if height_mm > self.space_left() && !self.at_page_top() {
            self.new_page();
        }
    }

    pub fn gap(&mut self, mm: f32) {
        self.y = (self.y + mm).min(self.bottom());
    }

    /// A wrapped paragraph across the content width (minus `indent_mm`), broken
    /// between lines at page ends.
    pub fn paragraph(&mut self, style: &TextStyle, align: Align, indent_mm: f32, text: &str) {
        let width = self.content_width() - indent_mm;
        let x = self.left() + indent_mm;
        let lines = self.page.typesetter.wrap(style, text, width);
        self.lines(style, align, x, width, &lines);
    }

    /// A list item: `marker` at `indent_mm`, the text wrapped with a hanging
    /// indent so continuation lines align with the first word.
    pub fn bullet(&mut self, style: &TextStyle, indent_mm: f32, marker: &str, text: &str) {
        let hang = self.page.width_of(style, marker) + self.page.width_of(style, " ");
        let x = self.left() + indent_mm;
        let width = self.content_width() - indent_mm - hang;
        let lines = self.page.typesetter.wrap(style, text, width);
        let lh = style.line_height_mm();
        for (i, line) in lines.iter().enumerate() {
            self.ensure(lh);
            let baseline = self.y + lh * BASELINE_IN_LINE;
            if i == 0 {
                self.page.text(x, baseline, style, Align::Left, marker);
            }
            self.page.text(x + hang, baseline, style, Align::Left, line);
            self.y += lh;
        }
    }

    /// Draws pre-wrapped lines in the column [x, x + width].
    pub fn lines(&mut self, style: &TextStyle, align: Align, x: f32, width: f32, lines: &[String]) {
        let lh = style.line_height_mm();
        let anchor = match align {
            Align::Left => x,
            Align::Centre => x + width / 2.0,
            Align::Right => x + width,
        };
        for line in lines {
            self.ensure(lh);
            let baseline = self.y + lh * BASELINE_IN_LINE;
            self.page.text(anchor, baseline, style, align, line);
            self.y += lh;
        }
    }

    fn lay_out<'a>(&self, table: &Table, row: &'a Row) -> Vec<LaidCell<'a>> {
        let mut x = self.left();
        let mut column = 0;
        let mut out = Vec::with_capacity(row.cells.len());
        for cell in &row.cells {
            let end = (column + cell.span).min(table.columns_mm.len());
            let width: f32 = table.columns_mm[column.min(end)..end].iter().sum();
            column = end;
            let inner = (width - 2.0 * table.padding_x_mm - cell.indent_mm).max(1.0);
            let lines = if cell.check.is_some() || cell.text.is_empty() {
                Vec::new()
            } else {
                self.page.typesetter.wrap(&cell.style, &cell.text, inner)
            };
            out.push(LaidCell {
                cell,
                x,
                width,
                lines,
            });
            x += width;
        }
        out
    }

    /// Height of the part of a row from line `from` of each cell, with all its lines.
    fn rest_height(table: &Table, cells: &[LaidCell<'_>], from: &[usize]) -> f32 {
        cells
            .iter()
            .zip(from)
            .map(|(c, &f)| {
                let content = if c.cell.check.is_some() {
                    if f == 0 { table.check_size_mm } else { 0.0 }
                } else {
                    c.lines.len().saturating_sub(f) as f32 * c.cell.style.line_height_mm()
                };
                content + 2.0 * table.padding_y_mm
            })
            .fold(0.0, f32::max)
    }

    /// Draws one table row, breaking the page (and repeating the header) as needed.
    pub fn row(&mut self, table: &Table, row: &Row) {
        let cells = self.lay_out(table, row);
        let mut from = vec![0usize; cells.len()];
        loop {
            let height = Self::rest_height(table, &cells, &from);
            let keep = if self.at_page_top() {
                0.0
            } else {
                row.keep_with_next_mm
            };
            if height + keep <= self.space_left() {
                let to: Vec<usize> = cells.iter().map(|c| c.lines.len()).collect();
                self.draw_row_part(table, row, &cells, &from, &to, height);
                self.y += height;
                return;
            }
            if !self.at_page_top() {
                self.break_in_table(table);
                continue;
            }
            // Taller than a whole page: draw what fits, continue on the next page.
            let available = self.space_left() - 2.0 * table.padding_y_mm;
            let to: Vec<usize> = cells
                .iter()
                .zip(&from)
                .map(|(c, &f)| {
                    let fit = (available / c.cell.style.line_height_mm()).floor().max(1.0) as usize;
                    (f + fit).min(c.lines.len())
                })
                .collect();
            let part_height = self.space_left();
            self.draw_row_part(table, row, &cells, &from, &to, part_height);
            from = to;
            // A check box is drawn with the first part only.
            self.break_in_table(table);
        }
    }

    fn break_in_table(&mut self, table: &Table) {
        self.new_page();
        if let Some(header) = &table.header {
            let cells = self.lay_out(table, header);
            let from = vec![0usize; cells.len()];
            let to: Vec<usize> = cells.iter().map(|c| c.lines.len()).collect();
            let height = Self::rest_height(table, &cells, &from);
            self.draw_row_part(table, header, &cells, &from, &to, height);
            self.y += height;
            self.page_top = self.y;
        }
    }

    fn draw_row_part(
        &mut self,
        table: &Table,
        row: &Row,
        cells: &[LaidCell<'_>],
        from: &[usize],
        to: &[usize],
        height: f32,
    ) {
        let top = self.y;
        if let Some(fill) = row.fill {
            let width: f32 = cells.iter().map(|c| c.width).sum();
            self.page.fill_box(self.left(), top, width, height, fill);
        }
        for ((cell, &f), &t) in cells.iter().zip(from).zip(to) {
            if table.border_pt > 0.0 {
                self.page.stroke_box(
                    cell.x,
                    top,
                    cell.width,
                    height,
                    table.border,
                    table.border_pt,
                );
            }
            let style = &cell.cell.style;
            if let Some(checked) = cell.cell.check {
                if f == 0 {
                    let size = table.check_size_mm;
                    let x = cell.x + (cell.width - size) / 2.0;
                    self.page
                        .check_box(x, top + table.padding_y_mm, size, checked);
                }
                continue;
            }
            let lh = style.line_height_mm();
            let inner_left = cell.x + table.padding_x_mm + cell.cell.indent_mm;
            let inner_right = cell.x + cell.width - table.padding_x_mm;
            let anchor = match cell.cell.align {
                Align::Left => inner_left,
                Align::Centre => (inner_left + inner_right) / 2.0,
                Align::Right => inner_right,
            };
            let mut baseline = top + table.padding_y_mm + lh * BASELINE_IN_LINE;
            for line in &cell.lines[f.min(t)..t] {
                self.page
                    .text(anchor, baseline, style, cell.cell.align, line);
                baseline += lh;
            }
        }
    }

    /// Ends the flow: draws `footer(page, number, total)` on every page (numbers from 1).
    pub fn finish(mut self, footer: impl Fn(&mut Canvas, usize, usize)) -> Vec<Canvas> {
        self.pages.push(self.page);
        let total = self.pages.len();
        for (i, page) in self.pages.iter_mut().enumerate() {
            footer(page, i + 1, total);
        }
        self.pages
    }
}
