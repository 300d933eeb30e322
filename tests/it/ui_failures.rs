//! A failure reaches the user as a sentence in their language: the operation
//! that did not happen and why, typed by the app and translated by the UI,
//! with no English from the error underneath (only the path).

use crate::common::ui::{harness, pick_identity, settle, vietnamese};
use egui_kittest::kittest::{NodeT, Queryable};

#[test]
fn saving_into_a_missing_folder_says_why_in_vietnamese_with_only_the_path_untranslated() {
    let dir = tempfile::tempdir().unwrap();
    vietnamese(dir.path());
    let mut h = harness(dir.path());
    h.get_by_label("Đợt mới:").focus();
    h.step();
    h.get_by_label("Đợt mới:").type_text("Đợt 1/2027");
    h.step();
    h.get_by_label("Tạo đợt").click();
    settle(&mut h);
    pick_identity(&mut h, "— chọn —", "Ban thư ký");
    h.get_by_label("Hội đồng").click();
    settle(&mut h);
    let saved = tempfile::tempdir().unwrap();
    let missing = saved.path().join("khong-co-thu-muc-nay");
    h.state_mut().answer_save_dialogs_in(missing.clone());
    h.get_by_label("Tải mẫu danh sách sản phẩm (XLSX)…").click();
    settle(&mut h);
    let path = missing.join("mau-danh-sach-san-pham.xlsx");
    let node = h.get_by_label_contains("Không lưu được mẫu danh sách sản phẩm");
    let message = node
        .accesskit_node()
        .label()
        .or_else(|| node.accesskit_node().value())
        .unwrap_or_default();
    assert_eq!(
        message,
        format!(
            "⚠ Không lưu được mẫu danh sách sản phẩm: thư mục hoặc tệp không tồn tại ({})",
            path.display()
        )
    );
    let without_path = message.replace(&path.display().to_string(), "");
    for english in [
        "cannot",
        "No such",
        "directory",
        "os error",
        "write",
        "error",
    ] {
        assert!(
            !without_path.contains(english),
            "no English from the error: {message}"
        );
    }
    assert!(!path.exists(), "nothing was written");
}

#[test]
fn restoring_a_file_that_is_not_a_backup_says_so_in_vietnamese_with_the_detail_apart() {
    use ocop_council::app::request::BackupsRequest;
    use ocop_council::ui::Action;
    let dir = tempfile::tempdir().unwrap();
    vietnamese(dir.path());
    let mut h = harness(dir.path());
    settle(&mut h);
    let notes = tempfile::tempdir().unwrap();
    let path = notes.path().join("ghi-chu.sqlite3");
    std::fs::write(
        &path,
        "không phải cơ sở dữ liệu, chỉ là ghi chú ".repeat(200),
    )
    .unwrap();
    h.state_mut()
        .apply(Action::send(BackupsRequest::RestoreBackup {
            path: path.clone(),
        }));
    settle(&mut h);
    let node = h.get_by_label_contains("Không khôi phục được");
    let message = node
        .accesskit_node()
        .label()
        .or_else(|| node.accesskit_node().value())
        .unwrap_or_default();
    let first_line = message.lines().next().unwrap_or_default().to_owned();
    assert_eq!(
        first_line,
        format!(
            "⚠ Không khôi phục được: tệp này không phải cơ sở dữ liệu SQLite ({})",
            path.display()
        ),
        "{message}"
    );
    // SQLite's own words, if any, only under the sentence, marked as a detail.
    assert!(
        message
            .lines()
            .skip(1)
            .all(|l| l.starts_with("(chi tiết kỹ thuật:")),
        "{message}"
    );
}
