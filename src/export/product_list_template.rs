//! The product-list template (`template product-list`): the workbook that
//! `product import` reads, to hand to the districts or fill in the office.
//!
//! - "Danh sách sản phẩm" (first sheet, the one the import reads): the header row
//!   the import knows, an example row marked "Ví dụ" in the STT column (the
//!   import skips it, so a filled template imports without edits), drop-down
//!   lists for the product set (number and name) and the producer's legal form,
//!   text columns so phone numbers keep their leading zero.
//! - "Hướng dẫn": how to fill it, in Vietnamese and English.
//! - "Danh mục": the lists the drop-downs read.

use rust_xlsxwriter::{
    DataValidation, DataValidationErrorStyle, Format, Formula, Workbook, Worksheet, XlsxError,
};

use super::xlsx::cells::{SheetResult, SheetWriter, WorkbookError};
use super::xlsx::layout::{Formats, PageHeading};
use crate::domain::dossier::ProducerType;

pub const LIST_SHEET: &str = "Danh sách sản phẩm";
pub const NOTES_SHEET: &str = "Hướng dẫn";
pub const LISTS_SHEET: &str = "Danh mục";

/// The STT cell of the example row; `product_list::read` skips such rows.
pub const EXAMPLE_MARK: &str = "Ví dụ";

/// Rows of the list that carry the drop-downs and text format.
const FORM_ROWS: u32 = 1_000;

/// The columns: header (as `product_list` reads it; `*` = required) and width.
const COLUMNS: [(&str, f64); 11] = [
    ("STT", 6.0),
    ("Tên sản phẩm *", 28.0),
    ("Bộ sản phẩm *", 30.0),
    ("Chủ thể *", 28.0),
    ("Loại hình", 20.0),
    ("Mã sản phẩm", 16.0),
    ("Xã/phường", 16.0),
    ("Tỉnh", 14.0),
    ("Địa chỉ", 28.0),
    ("Đại diện pháp luật", 20.0),
    ("Điện thoại", 13.0),
];
const SET_COL: u16 = 2;
const KIND_COL: u16 = 4;

/// The example row, column by column (the set is filled from the list).
const EXAMPLE: [&str; 11] = [
    EXAMPLE_MARK,
    "Mật ong hoa nhãn An Phú",
    "",
    "Hợp tác xã Ong mật An Phú",
    "Hợp tác xã",
    "",
    "Xã An Phú",
    "Tỉnh Mẫu",
    "Ấp 1, xã An Phú",
    "Nguyễn Thị Mẫu",
    "0299 3 123 456",
];

/// The product sets offered: number and Vietnamese name, in order.
pub struct TemplateSets<'a> {
    /// Which criteria set they belong to, e.g. "QĐ 148/QĐ-TTg (2023)".
    pub criteria_set: &'a str,
    pub sets: Vec<(u8, String)>,
}

/// "9 · Tương, nước mắm, gia vị": the import reads the leading number.
pub(crate) fn set_choice(number: u8, name: &str) -> String {
    format!("{number} · {name}")
}

/// Builds the template in memory.
pub fn product_list_template(sets: &TemplateSets<'_>) -> Result<Vec<u8>, WorkbookError> {
    let formats = Formats::new();
    let mut book = Workbook::new();
    let heading = PageHeading {
        left: "Mẫu danh sách sản phẩm OCOP",
        right: sets.criteria_set,
    };
    list_sheet(book.add_worksheet(), sets, &formats, &heading)?;
    notes_sheet(book.add_worksheet(), &notes(sets), &formats, &heading)?;
    lists_sheet(book.add_worksheet(), sets, &formats, &heading)?;
    book.save_to_buffer().map_err(|source| WorkbookError {
        sheet: String::new(),
        source,
    })
}

fn list_sheet(
    sheet: &mut Worksheet,
    sets: &TemplateSets<'_>,
    f: &Formats,
    heading: &PageHeading<'_>,
) -> SheetResult {
    let mut w = SheetWriter::new(sheet, LIST_SHEET)?;
    // Typed entries stay text: "0299…" keeps its zero, "9" stays "9".
    let typed = Format::new().set_num_format("@");
    for (col, (title, width)) in COLUMNS.iter().enumerate() {
        let col = col as u16;
        w.column(col, *width)?;
        w.apply(|s| s.set_column_format(col, &typed).map(|_| ()))?;
        w.text(0, col, title, &f.header)?;
    }
    let example_set = sets
        .sets
        .iter()
        .find(|(n, _)| *n == 4)
        .or(sets.sets.first())
        .map(|(n, name)| set_choice(*n, name))
        .unwrap_or_default();
    let example = f.text.clone().set_italic().set_font_color("5A5A5A");
    for (col, value) in EXAMPLE.iter().enumerate() {
        let value = if col as u16 == SET_COL {
            &example_set
        } else {
            *value
        };
        w.text(1, col as u16, value, &example)?;
    }
    let last_set = sets.sets.len().max(1) + 1;
    w.apply(|s| {
        let v = set_validation(last_set)?;
        s.add_data_validation(1, SET_COL, FORM_ROWS, SET_COL, &v)
            .map(|_| ())
    })?;
    w.apply(|s| {
        let v = kind_validation()?;
        s.add_data_validation(1, KIND_COL, FORM_ROWS, KIND_COL, &v)
            .map(|_| ())
    })?;
    w.finish((0, 0), (0, 1), heading)
}

/// The product set: one of the list on "Danh mục" (a Stop error otherwise).
fn set_validation(last_row: usize) -> Result<DataValidation, XlsxError> {
    DataValidation::new()
        .allow_list_formula(Formula::new(format!("='{LISTS_SHEET}'!$A$2:$A${last_row}")))
        .set_input_title("Bộ sản phẩm")?
        .set_input_message("Chọn trong danh sách (số và tên bộ sản phẩm).")?
        .set_error_title("Bộ sản phẩm")?
        .set_error_message("Chọn một bộ sản phẩm trong danh sách (trang \"Danh mục\").")
}

/// The legal form: the list on "Danh mục", with a warning (not a refusal) for
/// other text, since the import accepts any text here.
fn kind_validation() -> Result<DataValidation, XlsxError> {
    let last_row = ProducerType::ALL.len() + 1;
    DataValidation::new()
        .allow_list_formula(Formula::new(format!("='{LISTS_SHEET}'!$B$2:$B${last_row}")))
        .set_error_style(DataValidationErrorStyle::Warning)
        .set_error_title("Loại hình")?
        .set_error_message("Loại hình nên chọn trong danh sách (trang \"Danh mục\").")
}

/// The instructions: (Vietnamese, English).
fn notes(sets: &TemplateSets<'_>) -> Vec<(String, String)> {
    let pairs: [(&str, &str); 8] = [
        (
            "Mỗi dòng một sản phẩm, từ dòng 3 của trang \"Danh sách sản phẩm\". Dòng 2 là dòng ví dụ (STT = \"Ví dụ\"): khi nhập, ứng dụng bỏ qua dòng này; để nguyên hay xóa đều được.",
            "One product per row, from row 3 of the \"Danh sách sản phẩm\" sheet. Row 2 is an example (STT = \"Ví dụ\"): the import skips it; keep or delete it.",
        ),
        (
            "Cột bắt buộc (dấu *): Tên sản phẩm, Bộ sản phẩm, Chủ thể. Các cột khác không bắt buộc; cột STT không được đọc.",
            "Required columns (*): product name, product set, producer. The others are optional; STT is not read.",
        ),
        (
            "Bộ sản phẩm: chọn trong danh sách thả xuống; ứng dụng đọc số đứng đầu, nên gõ \"9\" cũng được.",
            "Product set: pick from the drop-down; the import reads the leading number, so typing \"9\" works too.",
        ),
        (
            "Loại hình: chọn trong danh sách (hộ, tổ hợp tác, hợp tác xã, doanh nghiệp, khác).",
            "Legal form: pick from the list (household, cooperative group, cooperative, enterprise, other).",
        ),
        (
            "Điện thoại, Mã sản phẩm: các ô được định dạng văn bản để giữ số 0 đứng đầu.",
            "Phone and product code: the cells are text, so leading zeros stay.",
        ),
        (
            "Nhập: ocop-council product import --round R tệp.xlsx, hoặc nút \"Nhập danh sách sản phẩm\" trong ứng dụng. Tất cả hoặc không: mọi dòng lỗi được báo kèm số dòng và không sản phẩm nào được nhập cho đến khi danh sách hết lỗi; sản phẩm đã có trong đợt (cùng tên và chủ thể) bị từ chối.",
            "Import: ocop-council product import --round R file.xlsx, or the \"Import the product list\" button. All or nothing: every bad row is reported with its number and nothing is imported until the list is clean; a product already in the round (same name and producer) is refused.",
        ),
        (
            "Giữ danh sách ở trang tính đầu tiên và giữ nguyên dòng tiêu đề; có thể đổi thứ tự hoặc xóa các cột không bắt buộc. Tiêu đề tiếng Anh (Name, Set, Producer…) cũng được chấp nhận.",
            "Keep the list on the first sheet and keep the header row; optional columns may be reordered or removed. English headers (Name, Set, Producer…) are accepted too.",
        ),
        (
            "Tệp CSV (UTF-8) có cùng dòng tiêu đề cũng nhập được.",
            "A CSV file (UTF-8) with the same header row imports too.",
        ),
    ];
    let mut out = vec![(
        format!(
            "Mẫu danh sách sản phẩm để nhập vào OCOP Council. Bộ sản phẩm theo {}.",
            sets.criteria_set
        ),
        format!(
            "Product list template for OCOP Council. Product sets of {}.",
            sets.criteria_set
        ),
    )];
    out.extend(
        pairs
            .iter()
            .map(|(vi, en)| (vi.to_string(), en.to_string())),
    );
    out
}

/// The instructions sheet of a template: one numbered row per note, Vietnamese
/// beside English (the catalogue template writes its own notes with it too).
pub(super) fn notes_sheet(
    sheet: &mut Worksheet,
    notes: &[(String, String)],
    f: &Formats,
    heading: &PageHeading<'_>,
) -> SheetResult {
    let mut w = SheetWriter::new(sheet, NOTES_SHEET)?;
    w.column(0, 4.0)?;
    w.column(1, 80.0)?;
    w.column(2, 64.0)?;
    w.text(0, 0, "#", &f.header)?;
    w.text(0, 1, "Hướng dẫn", &f.header)?;
    w.text(0, 2, "Instructions", &f.header)?;
    for (i, (vi, en)) in notes.iter().enumerate() {
        let row = 1 + i as u32;
        w.number(row, 0, (i + 1) as f64, &f.int)?;
        w.text(row, 1, vi, &f.text)?;
        w.text(row, 2, en, &f.text)?;
    }
    w.finish((0, 0), (0, 1), heading)
}

fn lists_sheet(
    sheet: &mut Worksheet,
    sets: &TemplateSets<'_>,
    f: &Formats,
    heading: &PageHeading<'_>,
) -> SheetResult {
    let mut w = SheetWriter::new(sheet, LISTS_SHEET)?;
    w.column(0, 62.0)?;
    w.column(1, 26.0)?;
    w.text(0, 0, "Bộ sản phẩm", &f.header)?;
    w.text(0, 1, "Loại hình chủ thể", &f.header)?;
    for (i, (number, name)) in sets.sets.iter().enumerate() {
        w.text(1 + i as u32, 0, &set_choice(*number, name), &f.text)?;
    }
    for (i, kind) in ProducerType::ALL.iter().enumerate() {
        w.text(1 + i as u32, 1, kind.label_vi(), &f.text)?;
    }
    w.finish((0, 0), (0, 0), heading)
}
