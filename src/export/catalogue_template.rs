//! The catalogue template (`template catalogue`): the workbook that
//! `registry import` reads, for the province to copy its existing list into or
//! for the districts to fill.
//!
//! - "Danh mục sản phẩm OCOP" (first sheet, the one the import reads): the headers
//!   the import knows (Vietnamese), an example row marked "Ví dụ" in the STT column
//!   (the import skips it, so a filled template imports without edits), drop-down
//!   lists for the legal form, product set (1–26 with names), stars (3–5) and
//!   registration type, date columns as dates, the other columns as text so
//!   numbers keep their leading zeros.
//! - "Hướng dẫn": how to fill it, in Vietnamese and English.
//! - "Danh sách chọn": the lists the drop-downs read.

use rust_xlsxwriter::{
    DataValidation, DataValidationErrorStyle, Format, Formula, Workbook, Worksheet, XlsxError,
};

use super::product_list_template::{EXAMPLE_MARK, TemplateSets, notes_sheet, set_choice};
use super::xlsx::cells::{SheetResult, SheetWriter, WorkbookError};
use super::xlsx::layout::{Formats, PageHeading};
use crate::domain::catalogue::LegalForm;
use crate::domain::dossier::RegistrationType;

pub const LIST_SHEET: &str = "Danh mục sản phẩm OCOP";
pub const NOTES_SHEET: &str = "Hướng dẫn";
pub const LISTS_SHEET: &str = "Danh sách chọn";

/// Rows of the list that carry the drop-downs and formats.
const FORM_ROWS: u32 = 5_000;

/// What a column holds, for its format and drop-down.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Text,
    Date,
    LegalForm,
    Set,
    Stars,
    Registration,
}

/// The columns: header (as `exchange::catalogue_file` reads it; `*` = a value is
/// required), width, kind, and the example row's value (dates as dd/mm/yyyy).
const COLUMNS: [(&str, f64, Kind, &str); 21] = [
    ("STT", 6.0, Kind::Text, EXAMPLE_MARK),
    (
        "Tên sản phẩm *",
        28.0,
        Kind::Text,
        "Mật ong hoa nhãn An Phú",
    ),
    ("Mã sản phẩm", 17.0, Kind::Text, "94-941-012-2024"),
    ("Chủ thể *", 28.0, Kind::Text, "Hợp tác xã Ong mật An Phú"),
    ("Loại hình *", 22.0, Kind::LegalForm, "Hợp tác xã"),
    ("Địa chỉ", 24.0, Kind::Text, "Ấp 1, xã An Phú"),
    ("Xã *", 16.0, Kind::Text, "Xã An Phú"),
    ("Huyện (cũ)", 16.0, Kind::Text, ""),
    ("Tỉnh *", 14.0, Kind::Text, "Tỉnh Mẫu"),
    ("Bộ sản phẩm *", 30.0, Kind::Set, ""),
    ("Hạng sao *", 10.0, Kind::Stars, "4"),
    (
        "Số giấy chứng nhận *",
        20.0,
        Kind::Text,
        "012/2024/GCN-OCOP",
    ),
    ("Cơ quan cấp", 18.0, Kind::Text, "UBND tỉnh Mẫu"),
    ("Số quyết định *", 16.0, Kind::Text, "345/QĐ-UBND"),
    ("Ngày quyết định *", 12.0, Kind::Date, "15/05/2024"),
    ("Ngày cấp *", 12.0, Kind::Date, "15/05/2024"),
    ("Ngày hết hạn", 12.0, Kind::Date, "15/05/2027"),
    ("Loại đăng ký", 16.0, Kind::Registration, "Đăng ký mới"),
    ("Đợt", 14.0, Kind::Text, "Đợt 1/2024"),
    ("Điểm", 7.0, Kind::Text, "75"),
    ("Thu hồi", 12.0, Kind::Text, ""),
];

/// The product set of the example row.
const EXAMPLE_SET: u8 = 4;

/// Builds the template in memory.
pub fn catalogue_template(sets: &TemplateSets<'_>) -> Result<Vec<u8>, WorkbookError> {
    let formats = Formats::new();
    let mut book = Workbook::new();
    let heading = PageHeading {
        left: "Mẫu danh mục sản phẩm OCOP",
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
    let typed = Format::new().set_num_format("@");
    let day = Format::new().set_num_format("dd/mm/yyyy");
    let example = f.text.clone().set_italic().set_font_color("5A5A5A");
    let example_date = f.date.clone().set_italic().set_font_color("5A5A5A");
    let example_set = sets
        .sets
        .iter()
        .find(|(n, _)| *n == EXAMPLE_SET)
        .or(sets.sets.first())
        .map(|(n, name)| set_choice(*n, name))
        .unwrap_or_default();
    for (col, (title, width, kind, value)) in COLUMNS.iter().enumerate() {
        let col = col as u16;
        w.column(col, *width)?;
        let column_format = if *kind == Kind::Date { &day } else { &typed };
        w.apply(|s| s.set_column_format(col, column_format).map(|_| ()))?;
        w.text(0, col, title, &f.header)?;
        let date = (*kind == Kind::Date)
            .then(|| chrono::NaiveDate::parse_from_str(value, "%d/%m/%Y").ok())
            .flatten();
        match (kind, date) {
            (_, Some(d)) => w.date(1, col, d, &example_date)?,
            (Kind::Set, _) => w.text(1, col, &example_set, &example)?,
            _ => w.text(1, col, value, &example)?,
        }
        let set_count = sets.sets.len().max(1);
        w.apply(|s| match validation(*kind, set_count)? {
            Some(v) => s
                .add_data_validation(1, col, FORM_ROWS, col, &v)
                .map(|_| ()),
            None => Ok(()),
        })?;
    }
    w.finish((0, 0), (0, 1), heading)
}

/// The column's drop-down or date check, if any.
fn validation(kind: Kind, set_count: usize) -> Result<Option<DataValidation>, XlsxError> {
    use DataValidationErrorStyle::{Stop, Warning};
    Ok(match kind {
        Kind::Text => None,
        Kind::Date => Some(date_validation()?),
        Kind::LegalForm => Some(list_validation(
            'B',
            LegalForm::ALL.len(),
            "Loại hình",
            Stop,
        )?),
        // The import reads the leading number: "9" typed by hand is fine.
        Kind::Set => Some(list_validation('A', set_count, "Bộ sản phẩm", Warning)?),
        Kind::Stars => Some(
            DataValidation::new()
                .allow_list_strings(&["3", "4", "5"])?
                .set_error_title("Hạng sao")?
                .set_error_message("Sản phẩm OCOP được công nhận 3, 4 hoặc 5 sao.")?,
        ),
        Kind::Registration => Some(list_validation(
            'C',
            RegistrationType::ALL.len(),
            "Loại đăng ký",
            Stop,
        )?),
    })
}

/// A drop-down reading column `column` of "Danh sách chọn" (rows 2 to `count` + 1).
fn list_validation(
    column: char,
    count: usize,
    title: &str,
    style: DataValidationErrorStyle,
) -> Result<DataValidation, XlsxError> {
    let last = count + 1;
    DataValidation::new()
        .allow_list_formula(Formula::new(format!(
            "='{LISTS_SHEET}'!${column}$2:${column}${last}"
        )))
        .set_error_style(style)
        .set_error_title(title)?
        .set_error_message(format!("Chọn trong danh sách (trang \"{LISTS_SHEET}\")."))
}

/// A date from 1990 on (a warning only: the import reads typed dates too).
fn date_validation() -> Result<DataValidation, XlsxError> {
    let from = rust_xlsxwriter::ExcelDateTime::from_ymd(1990, 1, 1)?;
    let to = rust_xlsxwriter::ExcelDateTime::from_ymd(2100, 12, 31)?;
    DataValidation::new()
        .allow_date(rust_xlsxwriter::DataValidationRule::Between(from, to))
        .set_error_style(DataValidationErrorStyle::Warning)
        .set_error_title("Ngày")?
        .set_error_message("Nhập ngày dạng dd/mm/yyyy.")
}

/// The instructions: (Vietnamese, English).
fn notes(sets: &TemplateSets<'_>) -> Vec<(String, String)> {
    let pairs: [(&str, &str); 9] = [
        (
            "Mỗi dòng một giấy chứng nhận OCOP, từ dòng 3 của trang \"Danh mục sản phẩm OCOP\". Dòng 2 là dòng ví dụ (STT = \"Ví dụ\"): khi nhập, ứng dụng bỏ qua dòng này; để nguyên hay xóa đều được.",
            "One OCOP certificate per row, from row 3 of the \"Danh mục sản phẩm OCOP\" sheet. Row 2 is an example (STT = \"Ví dụ\"): the import skips it; keep or delete it.",
        ),
        (
            "Cột có dấu * phải có giá trị. Huyện (cũ) có thể để trống (các huyện chấm dứt hoạt động từ 01/7/2025). Ngày hết hạn để trống thì tính bằng ngày cấp cộng 36 tháng. Cơ quan cấp để trống thì là \"UBND tỉnh <Tỉnh>\".",
            "Columns marked * need a value. The former district may be empty (districts ended on 1/7/2025). An empty expiry date is the issue date + 36 months. An empty issuing authority is \"UBND tỉnh <province>\".",
        ),
        (
            "Loại hình, Bộ sản phẩm, Hạng sao (3, 4, 5), Loại đăng ký (đăng ký mới, nâng hạng, đánh giá lại): chọn trong danh sách thả xuống. Bộ sản phẩm: ứng dụng đọc số đứng đầu, nên gõ \"9\" cũng được.",
            "Legal form, product set, stars (3, 4, 5), registration type (new, upgrade, re-evaluation): pick from the drop-downs. Product set: the import reads the leading number, so typing \"9\" works too.",
        ),
        (
            "Ngày: dạng dd/mm/yyyy (ví dụ 15/05/2024). Ngày cấp không được trước ngày quyết định; ngày hết hạn phải sau ngày cấp.",
            "Dates: dd/mm/yyyy (e.g. 15/05/2024). The issue date may not precede the decision date; the expiry must follow the issue date.",
        ),
        (
            "Thu hồi: để trống nếu còn hiệu lực; ghi ngày thu hồi, hoặc \"Có\" nếu không rõ ngày. Điểm: tổng điểm (0–100), không bắt buộc.",
            "Revoked: empty when in force; the revocation date, or \"Có\" (yes) when the date is unknown. Score: the total (0–100), optional.",
        ),
        (
            "Mã sản phẩm nối các lần công nhận của cùng một sản phẩm (đánh giá lại, nâng hạng) thành lịch sử; nên ghi khi có.",
            "The product code links a product's certificates (re-evaluation, upgrade) into its history; fill it in when known.",
        ),
        (
            "Nhập: ocop-council registry import tệp.xlsx, hoặc nút \"Nhập danh mục (Excel/CSV)…\" trên màn hình Danh mục sản phẩm OCOP. Tất cả hoặc không: mọi ô lỗi được báo kèm số dòng và tên cột, và không dòng nào được nhập cho đến khi tệp hết lỗi. Nhập lại cùng tệp không thay đổi gì; dòng có cùng số giấy chứng nhận và cơ quan cấp sẽ cập nhật mục đã có.",
            "Import: ocop-council registry import file.xlsx, or the \"Import catalogue (Excel/CSV)…\" button on the OCOP catalogue screen. All or nothing: every bad cell is reported with its row and column, and nothing is imported until the file is clean. Importing the same file again changes nothing; a row with the same certificate number and authority updates that entry.",
        ),
        (
            "Giữ danh mục ở trang tính đầu tiên và giữ nguyên dòng tiêu đề; có thể đổi thứ tự cột. Tiêu đề tiếng Anh (product, producer, stars…) cũng được chấp nhận.",
            "Keep the list on the first sheet and keep the header row; columns may be reordered. English headers (product, producer, stars…) are accepted too.",
        ),
        (
            "Tệp CSV (UTF-8) có cùng dòng tiêu đề cũng nhập được.",
            "A CSV file (UTF-8) with the same header row imports too.",
        ),
    ];
    let mut out = vec![(
        format!(
            "Mẫu danh mục sản phẩm OCOP (sổ theo dõi) để nhập vào OCOP Council. Bộ sản phẩm theo {}.",
            sets.criteria_set
        ),
        format!(
            "OCOP catalogue template for OCOP Council. Product sets of {}.",
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

fn lists_sheet(
    sheet: &mut Worksheet,
    sets: &TemplateSets<'_>,
    f: &Formats,
    heading: &PageHeading<'_>,
) -> SheetResult {
    let mut w = SheetWriter::new(sheet, LISTS_SHEET)?;
    w.column(0, 62.0)?;
    w.column(1, 28.0)?;
    w.column(2, 18.0)?;
    w.text(0, 0, "Bộ sản phẩm", &f.header)?;
    w.text(0, 1, "Loại hình chủ thể", &f.header)?;
    w.text(0, 2, "Loại đăng ký", &f.header)?;
    for (i, (number, name)) in sets.sets.iter().enumerate() {
        w.text(1 + i as u32, 0, &set_choice(*number, name), &f.text)?;
    }
    for (i, form) in LegalForm::ALL.iter().enumerate() {
        w.text(1 + i as u32, 1, form.label_vi(), &f.text)?;
    }
    for (i, kind) in RegistrationType::ALL.iter().enumerate() {
        w.text(1 + i as u32, 2, kind.label_vi(), &f.text)?;
    }
    w.finish((0, 0), (0, 0), heading)
}
