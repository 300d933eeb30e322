//! The draft approval decision (Quyết định phê duyệt kết quả đánh giá, phân hạng
//! sản phẩm OCOP) and its annex as plain data: the parts in the order of Nghị định
//! 30/2020/NĐ-CP, Mẫu 1.2, every text already worded. The app layer fills it from
//! the round's results and the document settings; the PDF and Word writers only
//! lay it out, so both files say the same words.
//!
//! What is confirmed and what is our reading: shared/reference/official-documents.md
//! §1 (the content of the articles is confirmed across decisions; the exact wording
//! of the legal bases, the last article and "Nơi nhận" is inferred and editable in
//! the document settings).

use serde::Serialize;

/// One product in the annex.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AnnexRow {
    /// Running number over the whole annex, from 1.
    pub number: usize,
    pub product: String,
    pub producer: String,
    pub address: String,
    /// "Bộ 3: Gạo, ngũ cốc…".
    pub product_set: String,
    /// The council's mean, two decimals truncated, decimal comma ("78,42").
    pub score: String,
    pub stars: u8,
}

/// The products of one rank, best score first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AnnexGroup {
    pub stars: u8,
    /// "I. SẢN PHẨM ĐẠT 4 SAO".
    pub heading: String,
    pub rows: Vec<AnnexRow>,
}

impl AnnexGroup {
    /// "Cộng 4 sao: 3 sản phẩm".
    pub fn total_line(&self) -> String {
        format!("Cộng {} sao: {} sản phẩm", self.stars, self.rows.len())
    }
}

/// The annex (Phụ lục): only the products the round certifies, grouped by rank.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Annex {
    /// "PHỤ LỤC".
    pub label: String,
    /// "DANH SÁCH SẢN PHẨM ĐẠT CHUẨN OCOP …".
    pub title: String,
    /// "(Kèm theo Quyết định số … ngày … của …)".
    pub caption: String,
    /// Highest rank first.
    pub groups: Vec<AnnexGroup>,
}

/// Column headings of the annex table, in order.
pub const ANNEX_COLUMNS: [&str; 7] = [
    "STT",
    "Tên sản phẩm",
    "Chủ thể",
    "Địa chỉ",
    "Bộ sản phẩm",
    "Điểm",
    "Hạng sao",
];

impl Annex {
    pub fn product_count(&self) -> usize {
        self.groups.iter().map(|g| g.rows.len()).sum()
    }

    /// Every row in order.
    pub fn rows(&self) -> impl Iterator<Item = &AnnexRow> {
        self.groups.iter().flat_map(|g| g.rows.iter())
    }

    /// "Tổng cộng: 5 sản phẩm (4 sao: 2; 3 sao: 3)".
    pub fn grand_total_line(&self) -> String {
        let parts: Vec<String> = self
            .groups
            .iter()
            .map(|g| format!("{} sao: {}", g.stars, g.rows.len()))
            .collect();
        format!(
            "Tổng cộng: {} sản phẩm ({})",
            self.product_count(),
            parts.join("; ")
        )
    }
}

/// An article: "Điều 1." and its paragraphs (khoản).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Article {
    /// "Điều 1."
    pub label: String,
    pub paragraphs: Vec<String>,
}

/// The whole draft decision.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DecisionDraft {
    /// Printed "DỰ THẢO" at the top: no decision number is recorded yet.
    pub draft: bool,
    /// Left heading lines: "ỦY BAN NHÂN DÂN", "TỈNH SÓC TRĂNG".
    pub issuer_lines: Vec<String>,
    /// "Số: 1234/QĐ-UBND" or "Số:        /QĐ-UBND".
    pub number_line: String,
    /// "Sóc Trăng, ngày 30 tháng 6 năm 2026" or dotted blanks.
    pub place_date_line: String,
    /// "QUYẾT ĐỊNH".
    pub title: String,
    /// "Về việc phê duyệt kết quả đánh giá, phân hạng sản phẩm OCOP …".
    pub subject: String,
    /// "ỦY BAN NHÂN DÂN TỈNH SÓC TRĂNG" (who decides).
    pub authority_line: String,
    /// "Căn cứ …;" lines, the last ending ".".
    pub bases: Vec<String>,
    pub articles: Vec<Article>,
    /// "Như Điều 3;", …, "Lưu: VT, KT." (printed with a leading "- ").
    pub recipients: Vec<String>,
    /// "TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH".
    pub signatory_title: Vec<String>,
    pub signatory_name: String,
    pub annex: Annex,
    /// The file's title (PDF metadata, DOCX core properties).
    pub document_title: String,
}

/// The legal bases we propose when the settings have none: which laws apply
/// depends on the decision date (official-documents.md §1.2 item 5, §7 fact 3).
/// Our reading: each line is attested in provincial OCOP acts; check one signed
/// decision of your province and edit them in the document settings.
pub fn default_bases(
    on: Option<chrono::NaiveDate>,
    central: bool,
    round_name: &str,
) -> Vec<String> {
    let date = |y, m, d| chrono::NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default();
    // Undated drafts take the newest texts.
    let after = |y, m, d| on.is_none_or(|on| on >= date(y, m, d));
    let mut lines = Vec::new();
    if !central {
        lines.push(if after(2025, 7, 1) {
            "Căn cứ Luật Tổ chức chính quyền địa phương ngày 16 tháng 6 năm 2025;".to_owned()
        } else {
            "Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015; Luật sửa đổi, bổ sung một số điều của Luật Tổ chức Chính phủ và Luật Tổ chức chính quyền địa phương ngày 22 tháng 11 năm 2019;".to_owned()
        });
    }
    lines.push("Căn cứ Quyết định số 919/QĐ-TTg ngày 01 tháng 8 năm 2022 của Thủ tướng Chính phủ phê duyệt Chương trình mỗi xã một sản phẩm giai đoạn 2021-2025;".to_owned());
    lines.push("Căn cứ Quyết định số 148/QĐ-TTg ngày 24 tháng 02 năm 2023 của Thủ tướng Chính phủ ban hành Bộ tiêu chí và quy trình đánh giá, phân hạng sản phẩm Chương trình mỗi xã một sản phẩm;".to_owned());
    if after(2025, 7, 6) {
        lines.push("Căn cứ Quyết định số 1489/QĐ-TTg ngày 06 tháng 7 năm 2025 của Thủ tướng Chính phủ sửa đổi, bổ sung Quyết định số 148/QĐ-TTg;".to_owned());
    }
    lines.push(format!(
        "Căn cứ Biên bản họp Hội đồng đánh giá, phân hạng sản phẩm OCOP ({round_name});"
    ));
    lines.push(if central {
        "Theo đề nghị của Chánh Văn phòng Điều phối nông thôn mới Trung ương.".to_owned()
    } else if after(2025, 3, 1) {
        "Theo đề nghị của Giám đốc Sở Nông nghiệp và Môi trường tại Tờ trình số ……/TTr-SNNMT ngày …………….".to_owned()
    } else {
        "Theo đề nghị của Giám đốc Sở Nông nghiệp và Phát triển nông thôn tại Tờ trình số ……/TTr-SNN ngày …………….".to_owned()
    });
    lines
}

/// "Nơi nhận" we propose when the settings have none (the form is ND30's; the
/// list is our reading).
pub fn default_recipients(central: bool) -> Vec<String> {
    let list: &[&str] = if central {
        &[
            "Như Điều 3;",
            "Bộ trưởng (để b/c);",
            "UBND các tỉnh, thành phố có sản phẩm;",
            "Lưu: VT, VPĐP.",
        ]
    } else {
        &[
            "Như Điều 3;",
            "Bộ Nông nghiệp và Môi trường (VPĐP NTM TW) (b/c);",
            "TT Tỉnh ủy, TT HĐND tỉnh (b/c);",
            "CT, các PCT UBND tỉnh;",
            "Lưu: VT, KT.",
        ]
    };
    list.iter().map(|s| (*s).to_owned()).collect()
}

/// "I", "II", … for the annex's group headings.
pub fn roman(n: usize) -> &'static str {
    const R: [&str; 6] = ["I", "II", "III", "IV", "V", "VI"];
    R.get(n.saturating_sub(1)).copied().unwrap_or("VI")
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    #[test]
    fn the_local_government_law_depends_on_the_date() {
        let before = default_bases(NaiveDate::from_ymd_opt(2025, 6, 30), false, "Đợt 1");
        assert!(before[0].contains("19 tháng 6 năm 2015"), "{before:?}");
        assert!(!before.iter().any(|l| l.contains("1489")));
        let after = default_bases(NaiveDate::from_ymd_opt(2026, 6, 30), false, "Đợt 1");
        assert!(after[0].contains("16 tháng 6 năm 2025"));
        assert!(after.iter().any(|l| l.contains("1489")));
        // The bases end with ";" and the last line with ".".
        let (last, rest) = after.split_last().unwrap();
        assert!(rest.iter().all(|l| l.ends_with(';')));
        assert!(last.ends_with('.'));
    }
}
