//! A failed operation in the user's language: what did not happen, then why
//! ([`crate::app::failure`]). A technical detail (a database message) is shown
//! under the translated sentence, never as the sentence.

use std::io::ErrorKind;

use super::Ctx;
use crate::app::doc_settings::{FontField, SettingsError, SettingsField, SettingsProblem};
use crate::app::failure::{BackupCheck, Cause, Failure, Operation};
use crate::app::prefs::Lang;

/// "Could not …: why." in the user's language.
pub fn failure_text(view: &Ctx<'_>, failure: &Failure) -> String {
    format!(
        "{}: {}",
        operation_text(view, &failure.operation),
        cause_text(view, &failure.cause)
    )
}

/// What did not happen, as the start of a sentence.
pub fn operation_text(view: &Ctx<'_>, operation: &Operation) -> String {
    use Operation as O;
    if let O::SaveAnswer { criterion } = operation {
        return match view.lang {
            Lang::Vi => format!("Không lưu được câu trả lời tiêu chí {criterion}"),
            Lang::En => format!("The answer to criterion {criterion} was not saved"),
        };
    }
    let (vi, en) = match operation {
        O::LoadRounds => ("Không tải được danh sách đợt", "Cannot load the rounds"),
        O::LoadRound => ("Không tải được đợt đánh giá", "Cannot load the round"),
        O::LoadSheet => ("Không tải được phiếu chấm", "Cannot load the sheet"),
        O::LoadCriterionView => (
            "Không tải được bảng theo tiêu chí",
            "Cannot load the per-criterion view",
        ),
        O::LoadDossierVersion => (
            "Không tải được phiên bản hồ sơ",
            "Cannot load the dossier version",
        ),
        O::LoadAudit => ("Không tải được nhật ký", "Cannot load the audit log"),
        O::LoadCertificates => (
            "Không tải được giấy chứng nhận",
            "Cannot load the certificates",
        ),
        O::SaveAnswer { .. } => ("Không lưu được câu trả lời", "The answer was not saved"),
        O::SubmitSheet => ("Không nộp được phiếu", "The sheet was not submitted"),
        O::ReopenSheet => ("Không mở lại được phiếu", "The sheet was not reopened"),
        O::DemoRound => ("Không tạo được đợt mẫu", "Cannot create the demo round"),
        O::NewRound => ("Không tạo được đợt mới", "Cannot create the round"),
        O::AddMember => ("Không thêm được thành viên", "The member was not added"),
        O::MoveRound => (
            "Không chuyển được trạng thái đợt",
            "The round was not moved",
        ),
        O::FinalizeRound => ("Không phê duyệt được đợt", "The round was not finalized"),
        O::ReopenRound => ("Không mở lại được đợt", "The round was not reopened"),
        O::IssueCertificates => (
            "Không cấp được giấy chứng nhận",
            "The certificates were not issued",
        ),
        O::RevokeCertificate => (
            "Không thu hồi được giấy chứng nhận",
            "The certificate was not revoked",
        ),
        O::VerifyCertificate => (
            "Không kiểm tra được giấy chứng nhận",
            "Cannot check the certificate",
        ),
        O::Rescore => (
            "Không mở được việc chấm lại",
            "The re-score was not ordered",
        ),
        O::Recusal => (
            "Không ghi nhận được việc tránh",
            "The recusal was not recorded",
        ),
        O::Disqualify => (
            "Không thay đổi được việc loại",
            "The disqualification was not changed",
        ),
        O::NamePresiding => (
            "Không cử được người chủ trì",
            "The presiding member was not named",
        ),
        O::ImportDossier => ("Không nhập được hồ sơ", "The dossier was not imported"),
        O::ImportProductList => (
            "Không nhập được danh sách sản phẩm",
            "The product list was not imported",
        ),
        O::ExportDossier => ("Không xuất được hồ sơ", "The dossier was not exported"),
        O::ExportResults => (
            "Không xuất được kết quả đợt",
            "The round's results were not exported",
        ),
        O::ProductListTemplate => (
            "Không lưu được mẫu danh sách sản phẩm",
            "The product-list template was not saved",
        ),
        O::ExportAudit => ("Không xuất được nhật ký", "The audit log was not exported"),
        O::PrintCertificates => (
            "Không in được giấy chứng nhận",
            "The certificates were not printed",
        ),
        O::PrintMinutes => ("Không in được biên bản", "The minutes were not printed"),
        O::PrintDecision => ("Không in được quyết định", "The decision was not printed"),
        O::PrintMemberSheets => ("Không in được phiếu chấm", "The sheets were not printed"),
        O::SaveDocSettings => (
            "Không lưu được thông tin văn bản",
            "The document settings were not saved",
        ),
        O::ProfileKey => (
            "Không đọc được khóa của máy",
            "Cannot read this laptop's key",
        ),
        O::RegisterKey => ("Không đăng ký được khóa", "The key was not registered"),
        O::ExportRoundPackage => (
            "Không xuất được gói đợt",
            "The round package was not written",
        ),
        O::ImportRoundPackage => (
            "Không nhập được gói đợt",
            "The round package was not imported",
        ),
        O::ExportSheetsPackage => (
            "Không xuất được gói phiếu",
            "The sheets package was not written",
        ),
        O::MergePackages => ("Không gộp được gói phiếu", "The packages were not merged"),
        O::LoadConflicts => ("Không tải được các xung đột", "Cannot load the conflicts"),
        O::LoadCatalogue => ("Không tải được danh mục", "Cannot load the catalogue"),
        O::ImportCatalogue => ("Không nhập được danh mục", "The catalogue was not imported"),
        O::ExportCatalogue => ("Không xuất được danh mục", "The catalogue was not exported"),
        O::CatalogueTemplate => (
            "Không lưu được mẫu danh mục",
            "The catalogue template was not saved",
        ),
        O::ProgrammeReport => ("Không lưu được báo cáo", "The report was not saved"),
        O::SetPlanTarget => ("Không lưu được chỉ tiêu", "The plan target was not saved"),
        O::Identity => (
            "Không xác nhận được người dùng",
            "Cannot confirm who is at the keyboard",
        ),
        O::Pin => ("Không kiểm tra được mã PIN", "Cannot check the PIN"),
        O::OpenDataFolder => (
            "Không mở được thư mục dữ liệu",
            "The data folder cannot be opened",
        ),
        O::Backup => ("Không sao lưu được", "The backup was not made"),
        O::BackupBeforeChange => (
            "Không sao lưu được trước khi thay đổi, nên chưa thay đổi gì",
            "The backup before the change failed, so nothing was changed",
        ),
        O::Restore => ("Không khôi phục được", "The backup was not restored"),
        O::CreateDataFolder => (
            "Không tạo được thư mục dữ liệu",
            "The data folder was not created",
        ),
        O::OpenFile => ("Không mở được tệp", "Cannot open the file"),
        O::SavePrefs => ("Không lưu được tùy chọn", "The preferences were not saved"),
    };
    view.tr(vi, en).to_string()
}

/// Why, as a sentence (a technical detail on a line of its own).
pub fn cause_text(view: &Ctx<'_>, cause: &Cause) -> String {
    let lang = view.lang;
    let detail = |vi: &str, en: &str, detail: &str| {
        let (sentence, label) = match lang {
            Lang::Vi => (vi, "chi tiết kỹ thuật"),
            Lang::En => (en, "technical detail"),
        };
        format!("{sentence}\n({label}: {detail})")
    };
    match cause {
        Cause::Io { path, kind } => {
            let why = io_text(view, *kind);
            match path {
                Some(path) => format!("{why} ({})", path.display()),
                None => why.to_string(),
            }
        }
        Cause::NotAFile { path } => match lang {
            Lang::Vi => format!("đó không phải một tệp thông thường ({})", path.display()),
            Lang::En => format!("that is not a regular file ({})", path.display()),
        },
        Cause::TooLarge { path, size, cap } => {
            let (size, cap) = (megabytes(*size), megabytes(*cap));
            match lang {
                Lang::Vi => format!(
                    "tệp {size} MB, lớn hơn mức {cap} MB cho loại tệp này ({})",
                    path.display()
                ),
                Lang::En => format!(
                    "the file is {size} MB, more than the {cap} MB allowed for this kind of file ({})",
                    path.display()
                ),
            }
        }
        Cause::NotABackup { path, why } => backup_check_text(view, path, why),
        Cause::FolderInUse => view
            .tr(
                "thư mục dữ liệu đang được một phiên OCOP Council khác dùng (ứng dụng hoặc một lệnh); hãy đóng phiên đó trước",
                "the data folder is in use by another OCOP Council (the app or a command); close it first",
            )
            .into(),
        Cause::Restoring => view
            .tr(
                "đang khôi phục dữ liệu; hãy thử lại khi xong",
                "a restore is under way; try again when it has finished",
            )
            .into(),
        Cause::Extension { path, expected } => {
            let list = expected
                .iter()
                .map(|e| format!(".{e}"))
                .collect::<Vec<_>>()
                .join(", ");
            match lang {
                Lang::Vi => format!("tên tệp phải có đuôi {list} ({})", path.display()),
                Lang::En => format!("the file name must end in {list} ({})", path.display()),
            }
        }
        Cause::NoRound(id) => match lang {
            Lang::Vi => format!("đợt đánh giá {id} không có trong dữ liệu"),
            Lang::En => format!("round {id} does not exist"),
        },
        Cause::NoMember(id) => match lang {
            Lang::Vi => format!("thành viên {id} không có trong dữ liệu"),
            Lang::En => format!("member {id} does not exist"),
        },
        Cause::NoProduct(id) => match lang {
            Lang::Vi => format!("sản phẩm {id} không có trong dữ liệu"),
            Lang::En => format!("product {id} does not exist"),
        },
        Cause::NoDossier(id) => match lang {
            Lang::Vi => format!("hồ sơ {id} không có trong dữ liệu"),
            Lang::En => format!("dossier {id} does not exist"),
        },
        Cause::NoCertificate(id) => match lang {
            Lang::Vi => format!("giấy chứng nhận {id} không có trong dữ liệu"),
            Lang::En => format!("certificate {id} does not exist"),
        },
        Cause::Frozen { round } => match lang {
            Lang::Vi => format!("đợt {round} đã khóa, không nhận thay đổi này"),
            Lang::En => format!("round {round} is locked and takes no such change"),
        },
        Cause::CriteriaMissing => view
            .tr(
                "chưa nạp bộ tiêu chí QĐ 148 (bản cài đặt bị lỗi)",
                "the QĐ 148 criteria set is not loaded (the installation is broken)",
            )
            .into(),
        Cause::NothingToScore { round, status } => match lang {
            Lang::Vi => format!(
                "đợt {round} đang ở trạng thái \"{}\": không còn gì để chấm, nên không gửi gói đợt đi",
                status.label_vi()
            ),
            Lang::En => format!(
                "round {round} is at \"{}\": nothing is left to score, so no round package is sent out",
                status.label_en()
            ),
        },
        Cause::MissingKeys { members } => {
            let names = members
                .iter()
                .map(|m| format!("{} ({})", m.name, m.member))
                .collect::<Vec<_>>()
                .join(", ");
            match lang {
                Lang::Vi => format!(
                    "thành viên có quyền biểu quyết chưa đăng ký khóa công khai, nên không gửi phiếu về được: {names}. Hãy đăng ký khóa của họ trước (trang Máy của hội đồng)"
                ),
                Lang::En => format!(
                    "voting members have no registered public key, so they could not send their sheets back: {names}. Register their keys first (Council laptops tab)"
                ),
            }
        }
        Cause::DocSettings(e) => settings_error_text(lang, e),
        Cause::Damaged(d) => detail("dữ liệu đã lưu bị hỏng.", "the stored data is damaged.", d),
        Cause::Database(d) => detail("lỗi cơ sở dữ liệu.", "a database error.", d),
        Cause::Technical(d) => detail("lỗi kỹ thuật.", "a technical error.", d),
    }
}

/// The document settings' problems, one line each (the file named once).
pub fn settings_error_text(lang: Lang, e: &SettingsError) -> String {
    let lines: Vec<String> = e
        .problems
        .iter()
        .map(|p| settings_problem_text(lang, p))
        .collect();
    let file = e.file.display();
    match lang {
        Lang::Vi => format!("thông tin văn bản ({file}): {}", lines.join("; ")),
        Lang::En => format!("the document settings ({file}): {}", lines.join("; ")),
    }
}

/// The document settings' problems as a block of their own: a heading naming the
/// file, then one line per problem (the council tab shows it over the form).
pub fn settings_error_block(lang: Lang, e: &SettingsError) -> String {
    let file = e.file.display();
    let heading = match lang {
        Lang::Vi => format!("Thông tin văn bản ({file}) chưa dùng được:"),
        Lang::En => format!("The document settings ({file}) cannot be used:"),
    };
    std::iter::once(heading)
        .chain(
            e.problems
                .iter()
                .map(|p| format!("• {}", settings_problem_text(lang, p))),
        )
        .collect::<Vec<_>>()
        .join("\n")
}

/// One problem of the document settings, as a phrase.
pub fn settings_problem_text(lang: Lang, problem: &SettingsProblem) -> String {
    if lang == Lang::En {
        return problem.to_string();
    }
    let detail = |detail: &str| format!(" (chi tiết kỹ thuật: {detail})");
    match problem {
        SettingsProblem::NotFound => {
            "chưa có thông tin văn bản; hãy điền ở thẻ Hội đồng → Cơ quan ban hành văn bản rồi lưu"
                .into()
        }
        SettingsProblem::CannotRead { detail: d } => {
            format!("không đọc được tệp{}", detail(d))
        }
        SettingsProblem::InvalidJson {
            line,
            column,
            at,
            detail: d,
        } => format!(
            "tệp không đúng dạng JSON ở dòng {line}, cột {column} (tại {at}){}",
            detail(d)
        ),
        SettingsProblem::WrongFormat { found } => format!(
            "định dạng là \"{found}\", cần \"{}\"",
            crate::app::doc_settings::DOC_SETTINGS_FORMAT
        ),
        SettingsProblem::Empty { field } => {
            format!("chưa điền {}", settings_field_vi(*field))
        }
        SettingsProblem::Logo { path, detail: d } => format!(
            "không dùng được logo {}{}",
            path.display(),
            detail(d)
        ),
        SettingsProblem::FontUnreadable {
            field,
            path,
            detail: d,
        } => format!(
            "không đọc được phông chữ {} ({}){}",
            path.display(),
            match field {
                FontField::Regular => "chữ thường",
                FontField::Bold => "chữ đậm",
            },
            detail(d)
        ),
        SettingsProblem::Font { name, detail: d } => {
            format!("không dùng được phông chữ {name}{}", detail(d))
        }
        SettingsProblem::HalfFontPair => {
            "cần cả phông chữ thường lẫn chữ đậm (serif_font_path và serif_bold_font_path), hoặc bỏ cả hai"
                .into()
        }
        SettingsProblem::CannotSave { detail: d } => {
            format!("không lưu được tệp{}", detail(d))
        }
    }
}

fn settings_field_vi(field: SettingsField) -> &'static str {
    match field {
        SettingsField::Authority => "cơ quan ban hành",
        SettingsField::Province => "tỉnh",
        SettingsField::PlaceName => "địa danh",
        SettingsField::SignatoryTitle => "chức danh người ký",
        SettingsField::SignatoryName => "tên người ký",
    }
}

/// Bytes as megabytes with one decimal, as the user reads a file's size.
fn megabytes(bytes: u64) -> String {
    format!("{:.1}", bytes as f64 / 1_048_576.0)
}

/// Why a file is not a backup this app can restore.
fn backup_check_text(view: &Ctx<'_>, path: &std::path::Path, why: &BackupCheck) -> String {
    let path = path.display();
    let technical = |vi: &str, en: &str, detail: &str| match view.lang {
        Lang::Vi => format!("{vi} ({path})\n(chi tiết kỹ thuật: {detail})"),
        Lang::En => format!("{en} ({path})\n(technical detail: {detail})"),
    };
    match why {
        BackupCheck::NotADatabase(d) => technical(
            "tệp này không phải cơ sở dữ liệu SQLite",
            "this file is not an SQLite database",
            d,
        ),
        BackupCheck::Damaged(d) => technical(
            "bản sao lưu bị hỏng (SQLite kiểm tra không đạt)",
            "the backup is damaged (SQLite's check fails)",
            d,
        ),
        BackupCheck::UnknownVersion { found, known } => match view.lang {
            Lang::Vi => format!(
                "bản sao lưu từ phiên bản mới hơn (lược đồ {found}; ứng dụng này biết đến {known}): hãy cập nhật ứng dụng ({path})"
            ),
            Lang::En => format!(
                "the backup comes from a newer version (schema {found}; this app knows up to {known}): update the app ({path})"
            ),
        },
        BackupCheck::Foreign => match view.lang {
            Lang::Vi => format!("đây không phải dữ liệu của OCOP Council ({path})"),
            Lang::En => format!("this is not OCOP Council data ({path})"),
        },
    }
}

/// An I/O error's kind, as the user can act on it.
fn io_text(view: &Ctx<'_>, kind: ErrorKind) -> &'static str {
    let (vi, en) = match kind {
        ErrorKind::NotFound => (
            "thư mục hoặc tệp không tồn tại",
            "the folder or file does not exist",
        ),
        ErrorKind::PermissionDenied => (
            "không có quyền đọc hoặc ghi ở đó",
            "no permission to read or write there",
        ),
        ErrorKind::ReadOnlyFilesystem => ("ổ đĩa chỉ cho phép đọc", "the disk is read-only"),
        ErrorKind::StorageFull | ErrorKind::QuotaExceeded => ("ổ đĩa đã đầy", "the disk is full"),
        ErrorKind::AlreadyExists => ("đã có tệp cùng tên", "a file of that name already exists"),
        ErrorKind::IsADirectory => (
            "đó là một thư mục, không phải tệp",
            "that is a folder, not a file",
        ),
        ErrorKind::NotADirectory => (
            "một phần của đường dẫn không phải thư mục",
            "part of the path is not a folder",
        ),
        ErrorKind::InvalidData | ErrorKind::UnexpectedEof => (
            "nội dung tệp không đọc được",
            "the file's content cannot be read",
        ),
        ErrorKind::FileTooLarge => ("tệp quá lớn", "the file is too large"),
        _ => ("lỗi đọc hoặc ghi tệp", "a read or write error"),
    };
    view.tr(vi, en)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::package::KeylessMember;
    use crate::app::prefs::Prefs;
    use crate::domain::ids::{MemberId, RoundId};
    use crate::domain::round::RoundStatus;
    use crate::ui::vi_check::assert_vietnamese;
    use std::path::PathBuf;

    fn every_settings_problem() -> Vec<SettingsProblem> {
        let d = || "x".to_string();
        let mut all = vec![
            SettingsProblem::NotFound,
            SettingsProblem::CannotRead { detail: d() },
            SettingsProblem::InvalidJson {
                line: 1,
                column: 2,
                at: d(),
                detail: d(),
            },
            SettingsProblem::WrongFormat { found: d() },
            SettingsProblem::Logo {
                path: PathBuf::from("logo.png"),
                detail: d(),
            },
            SettingsProblem::Font {
                name: d(),
                detail: d(),
            },
            SettingsProblem::HalfFontPair,
            SettingsProblem::CannotSave { detail: d() },
        ];
        for field in [FontField::Regular, FontField::Bold] {
            all.push(SettingsProblem::FontUnreadable {
                field,
                path: PathBuf::from("a.ttf"),
                detail: d(),
            });
        }
        for field in [
            SettingsField::Authority,
            SettingsField::Province,
            SettingsField::PlaceName,
            SettingsField::SignatoryTitle,
            SettingsField::SignatoryName,
        ] {
            all.push(SettingsProblem::Empty { field });
        }
        all
    }

    #[test]
    fn every_settings_problem_reads_in_vietnamese() {
        for problem in every_settings_problem() {
            let vi = settings_problem_text(Lang::Vi, &problem);
            assert_vietnamese(&vi, &settings_problem_text(Lang::En, &problem), &problem);
        }
        let error = SettingsError {
            file: PathBuf::from("document-settings.json"),
            problems: vec![SettingsProblem::Empty {
                field: SettingsField::SignatoryName,
            }],
        };
        assert_eq!(
            settings_error_text(Lang::Vi, &error),
            "thông tin văn bản (document-settings.json): chưa điền tên người ký"
        );
        assert_eq!(
            error.to_string(),
            "document-settings.json: signatory_name is empty"
        );
        assert_eq!(
            settings_error_block(Lang::Vi, &error),
            "Thông tin văn bản (document-settings.json) chưa dùng được:\n• chưa điền tên người ký"
        );
    }

    #[test]
    fn a_round_package_not_sent_out_says_why_in_vietnamese() {
        let prefs = Prefs {
            lang: Lang::Vi,
            ..Prefs::default()
        };
        let view = crate::ui::view_of(&prefs);
        let en_prefs = Prefs {
            lang: Lang::En,
            ..Prefs::default()
        };
        let en_view = crate::ui::view_of(&en_prefs);
        for cause in [
            Cause::NothingToScore {
                round: RoundId(1),
                status: RoundStatus::Finalized,
            },
            Cause::MissingKeys {
                members: vec![KeylessMember {
                    member: MemberId(3),
                    name: "Lê Văn C".into(),
                }],
            },
        ] {
            let vi = cause_text(&view, &cause);
            assert_vietnamese(&vi, &cause_text(&en_view, &cause), &cause);
        }
    }
}
