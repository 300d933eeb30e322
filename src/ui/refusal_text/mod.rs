//! A [`Refusal`] and each [`Problem`] in the user's language (Vietnamese or
//! English). Field names (`producer.type`, `files[2].path`), file names and values
//! are quoted as the file has them; [`Problem::Detail`] and the `detail` of a
//! parser or the operating system stay in their own words, under a sentence in the
//! user's language.

use crate::app::prefs::Lang;
use crate::domain::refusal::{
    BundleFault, Content, Expected, KeyFault, ListCell, MediaFault, PackageFault, PathFault,
    Problem, Refusal, SignatureFault, StoreFault, Subject, TableFault,
};

/// The heading and one line per problem.
pub fn refusal_text(lang: Lang, refusal: &Refusal) -> (String, Vec<String>) {
    let heading = match lang {
        Lang::Vi => format!("Bị từ chối ({}):", subject_text(lang, &refusal.what)),
        Lang::En => format!("Refused ({}):", subject_text(lang, &refusal.what)),
    };
    let lines = refusal
        .problems
        .iter()
        .map(|p| problem_text(lang, p))
        .collect();
    (heading, lines)
}

/// What refused, as a noun phrase.
pub fn subject_text(lang: Lang, subject: &Subject) -> String {
    let vi = lang == Lang::Vi;
    match subject {
        Subject::DossierBundle => pick(vi, "hồ sơ sản phẩm", "dossier bundle"),
        Subject::DossierManifest => "dossier.json".into(),
        Subject::RoundPackage { round: Some(round) } => match lang {
            Lang::Vi => format!("gói đợt \"{round}\""),
            Lang::En => format!("round package of \"{round}\""),
        },
        Subject::RoundPackage { round: None } => pick(vi, "gói đợt", "round package"),
        Subject::SheetsPackage => pick(vi, "gói phiếu chấm", "sheets package"),
        Subject::ProductList => pick(vi, "danh sách sản phẩm", "product list"),
        Subject::CatalogueFile => pick(vi, "tệp danh mục", "catalogue file"),
        Subject::CatalogueImport => pick(vi, "nhập danh mục", "catalogue import"),
        Subject::SheetFile => pick(vi, "tệp phiếu chấm", "sheet file"),
        Subject::SignedPayload => pick(vi, "tệp có chữ ký", "signed file"),
        Subject::Key => pick(vi, "khóa", "key"),
        Subject::Attachment => pick(vi, "tệp đính kèm", "attachment"),
        Subject::Rescore { product } => match lang {
            Lang::Vi => format!("chấm lại sản phẩm {product}"),
            Lang::En => format!("re-score of product {product}"),
        },
        Subject::Store(operation) => store::operation_text(lang, operation),
    }
}

fn pick(vi: bool, vi_text: &str, en_text: &str) -> String {
    if vi { vi_text } else { en_text }.to_string()
}

/// One problem, as a sentence.
pub fn problem_text(lang: Lang, problem: &Problem) -> String {
    match lang {
        Lang::En => problem.to_string(),
        Lang::Vi => problem_vi(problem),
    }
}

fn quoted_list(items: &[String]) -> String {
    items.join(", ")
}

fn problem_vi(problem: &Problem) -> String {
    match problem {
        Problem::MissingField { field, of: None } => format!("thiếu trường bắt buộc \"{field}\""),
        Problem::MissingField {
            field,
            of: Some(of),
        } => format!("thiếu trường bắt buộc \"{field}\" ({of})"),
        Problem::RequiredFor {
            field,
            registration_type,
        } => format!(
            "thiếu trường bắt buộc \"{field}\" (bắt buộc với loại đăng ký \"{registration_type}\")"
        ),
        Problem::NotOneOf {
            field,
            value,
            of,
            allowed,
        } => {
            let of = of.as_ref().map(|o| format!(" ({o})")).unwrap_or_default();
            format!(
                "{field} \"{value}\"{of} không thuộc các giá trị: {}",
                quoted_list(allowed)
            )
        }
        Problem::BadValue {
            field,
            value,
            expected,
        } => format!("{field} \"{value}\" không phải {}", expected_vi(*expected)),
        Problem::TooLong { field, chars, cap } => {
            format!("{field} dài {chars} ký tự (tối đa {cap})")
        }
        Problem::TooMany { what, count, cap } => {
            format!("{what} có {count} mục, vượt giới hạn {cap}")
        }
        Problem::FileTooBig {
            size_bytes,
            cap_bytes,
        } => format!("tệp {size_bytes} byte, vượt mức {cap_bytes} byte cho loại tệp này"),
        Problem::NotARegularFile { kind } => {
            format!("không phải tệp thông thường ({kind}); bị từ chối")
        }
        Problem::CannotRead { detail } => format!("không đọc được tệp: {detail}"),
        Problem::CannotOpen { detail } => format!("không mở được: {detail}"),
        Problem::Utf16 => {
            "tệp là văn bản UTF-16 (\"Unicode\" của Windows); hãy lưu lại dạng UTF-8".into()
        }
        Problem::NotUtf8 { offset, byte } => format!(
            "không phải văn bản UTF-8 (byte sai 0x{byte:02x} ở vị trí {offset}); hãy lưu lại dạng UTF-8"
        ),
        Problem::InvalidJson {
            line,
            column,
            at,
            detail,
        } => {
            let at = at
                .as_ref()
                .map(|a| format!(", tại {a}"))
                .unwrap_or_default();
            format!("JSON không hợp lệ (dòng {line}, cột {column}{at}): {detail}")
        }
        Problem::WrongFormat { found, expected } => format!(
            "định dạng là \"{found}\", cần {}",
            expected
                .iter()
                .map(|e| format!("\"{e}\""))
                .collect::<Vec<_>>()
                .join(" hoặc ")
        ),
        Problem::WrongHeader { found, expected } => {
            format!("không phải gói loại này: tệp bắt đầu bằng \"{found}\", cần \"{expected}\"")
        }
        Problem::UnsafeName(fault) => path_fault_vi(fault),
        Problem::Bundle(fault) => bundle_fault_vi(fault),
        Problem::Package(fault) => package_fault_vi(fault),
        Problem::Table(fault) => table_fault_vi(fault),
        Problem::Store(fault) => store_fault_vi(fault),
        Problem::InRow { row, problem } => format!("dòng {row}: {}", problem_vi(problem)),
        Problem::InCell {
            row,
            column,
            problem,
        } => format!("dòng {row}, cột \"{column}\": {}", problem_vi(problem)),
        Problem::ProductList(fault) => imports::list_fault_vi(fault),
        Problem::SheetImport(fault) => imports::sheet_import_fault_vi(fault),
        Problem::Catalogue(fault) => imports::catalogue_fault_vi(fault),
        Problem::Criteria(fault) => imports::criteria_fault_vi(fault),
        Problem::UnsafePath { field, path, fault } => {
            let field = field.as_ref().map(|f| format!("{f} ")).unwrap_or_default();
            format!("{field}\"{path}\" {}", path_fault_vi(fault))
        }
        Problem::WrongMediaType(fault) => media_fault_vi(fault),
        Problem::BadSignature(fault) => signature_fault_vi(*fault),
        Problem::BadKey { key, fault } => match fault {
            KeyFault::NotHex => format!("\"{key}\" không phải khóa công khai (64 chữ số hex)"),
            KeyFault::NotOnCurve => format!("\"{key}\" không phải khóa công khai Ed25519 hợp lệ"),
            KeyFault::Weak => format!(
                "\"{key}\" là khóa Ed25519 yếu (bậc nhỏ); hãy dùng khóa mà lệnh `package key` in ra"
            ),
        },
        Problem::UnknownCriterion {
            field,
            criterion,
            product_set,
        } => format!(
            "{field}: tiêu chí {criterion} không có trong phiếu của bộ sản phẩm {product_set}"
        ),
        Problem::NotAnOption {
            field,
            criterion,
            option,
        } => format!("{field}: {option} không phải một mức của tiêu chí {criterion}"),
        Problem::Duplicate {
            field,
            value,
            first: None,
        } => format!("{field} \"{value}\" xuất hiện hai lần"),
        Problem::Duplicate {
            field,
            value,
            first: Some(first),
        } => format!(
            "{field} \"{value}\" được liệt kê hai lần (cùng với \"{first}\"; tên chỉ khác chữ hoa/thường hoặc cách mã hóa dấu là cùng một tệp)"
        ),
        Problem::NotAssessedByCommune {
            field,
            criterion,
            product_set,
            assessed,
        } => format!(
            "{field}: tiêu chí {criterion} không thuộc các tiêu chí xã đánh giá trong phiếu bộ sản phẩm {product_set} ({})",
            quoted_list(assessed)
        ),
        Problem::NeitherOptionNorText { field, criterion } => format!(
            "{field} ({criterion}) không có \"option\" lẫn \"text\": hãy ghi mức xã xác định, hoặc nhận xét bằng lời"
        ),
        Problem::RequestBeforeReport { request, report } => format!(
            "commune_report.request_date {request} sớm hơn ngày báo cáo {report} (văn bản đề nghị phải sau báo cáo)"
        ),
        Problem::ControlCharacter { field, code } => {
            format!("{field} chứa ký tự điều khiển U+{code:04X}")
        }
        Problem::UnknownProductSet {
            field,
            value,
            criteria,
            range,
        } => {
            let range = match range {
                Some((lo, hi)) => format!("bộ {lo}–{hi}"),
                None => "không có bộ nào".into(),
            };
            format!("{field} {value} không phải bộ sản phẩm của {criteria} ({range})")
        }
        Problem::ManifestListed { field } => {
            format!("{field}: \"dossier.json\" là tệp mô tả, không phải tệp đính kèm")
        }
        Problem::NeedsNewerFormat {
            field,
            value,
            needs,
            found,
        } => {
            let value = value
                .as_ref()
                .map(|v| format!(" \"{v}\""))
                .unwrap_or_default();
            format!("{field}{value} cần định dạng \"{needs}\" (tệp ghi \"{found}\")")
        }
        Problem::InFile { file, problem } => format!("{file}: {}", problem_vi(problem)),
        Problem::Detail(text) => format!("Chi tiết kỹ thuật: {text}"),
        Problem::Sheet(fault) => store::sheet_fault_vi(fault),
        Problem::Council(fault) => store::council_fault_vi(fault),
        Problem::Certificate(fault) => store::certificate_fault_vi(fault),
        Problem::Setup(fault) => store::setup_fault_vi(fault),
        Problem::Merge(fault) => store::merge_fault_vi(fault),
    }
}

fn expected_vi(expected: Expected) -> &'static str {
    match expected {
        Expected::Uid => "mã định danh (32 chữ số hex)",
        Expected::Sha256 => "mã SHA-256 (64 chữ số hex viết thường)",
        Expected::Rfc3339Time => "thời điểm theo RFC 3339",
        Expected::IsoDate => "ngày viết dạng YYYY-MM-DD (ví dụ 2026-03-02)",
        Expected::RealDate => "một ngày có thật",
        Expected::ProductCode => "mã sản phẩm (tỉnh-đơn vị-số-năm, ví dụ 94-941-012-2024)",
        Expected::CertifiedStar => "số sao đã công nhận (3, 4 hoặc 5)",
        Expected::WholeNumber => "số nguyên",
        Expected::YesNo => "có hoặc không",
    }
}

fn path_fault_vi(fault: &PathFault) -> String {
    match fault {
        PathFault::Empty => "tên trống".into(),
        PathFault::Unc => "là đường dẫn mạng (UNC); chỉ chấp nhận đường dẫn bên trong hồ sơ".into(),
        PathFault::Backslash => {
            "chứa dấu \\; đường dẫn trong hồ sơ dùng \"/\" (không dùng đường dẫn Windows)".into()
        }
        PathFault::Absolute => {
            "là đường dẫn tuyệt đối; chỉ chấp nhận đường dẫn bên trong hồ sơ".into()
        }
        PathFault::WindowsDrive => {
            "là đường dẫn ổ đĩa Windows; chỉ chấp nhận đường dẫn bên trong hồ sơ".into()
        }
        PathFault::ControlCharacters => "chứa ký tự điều khiển".into(),
        PathFault::TooLong { bytes } => format!("dài {bytes} byte (tối đa 1024)"),
        PathFault::EmptyFolderName => "có tên thư mục trống (\"//\")".into(),
        PathFault::Traversal { part } => {
            format!("chứa \"{part}\"; đường dẫn phải nằm trong hồ sơ (không được thoát ra ngoài)")
        }
        PathFault::PartTooLong { bytes } => {
            format!("có một phần tên dài {bytes} byte (tối đa 255)")
        }
        PathFault::WindowsDevice { part } => format!(
            "có phần tên \"{part}\" mà Windows dành cho thiết bị (CON, PRN, AUX, NUL, COM1–9, LPT1–9), nên không xuất hồ sơ ra đó được"
        ),
        PathFault::WindowsCharacter { part } => {
            format!("có phần tên \"{part}\" chứa ký tự Windows không lưu được (< > : \" | ? *)")
        }
        PathFault::TrailingSpaceOrDot { part } => format!(
            "có phần tên kết thúc bằng dấu cách hoặc dấu chấm (\"{part}\"), Windows không lưu được"
        ),
    }
}

fn content_vi(content: &Content) -> String {
    let (what, mime) = match content {
        Content::Program { mime } => ("chương trình hoặc tệp ứng dụng", mime),
        Content::Archive { mime } => ("tệp nén", mime),
        Content::Audio { mime } => ("âm thanh", mime),
        Content::Video { mime } => ("video", mime),
        Content::Image { mime } => ("ảnh", mime),
        Content::OfficeDocument { mime } => ("tài liệu văn phòng", mime),
        Content::Font { mime } => ("phông chữ", mime),
        Content::Binary { mime } => ("tệp nhị phân", mime),
        Content::Text => return "văn bản thuần".into(),
        Content::Unrecognised => return "dữ liệu nhị phân không nhận ra".into(),
    };
    format!("{what} ({mime})")
}

fn media_fault_vi(fault: &MediaFault) -> String {
    let list = |accepted: &[String]| {
        accepted
            .iter()
            .map(|e| format!(".{e}"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    match fault {
        MediaFault::NoExtension { accepted } => {
            format!("không có phần mở rộng; chấp nhận: {}", list(accepted))
        }
        MediaFault::Unsupported {
            extension,
            accepted,
            content,
        } => {
            let content = content
                .as_ref()
                .map(|c| format!("; nội dung là {}", content_vi(c)))
                .unwrap_or_default();
            format!(
                "loại tệp \".{extension}\" không được chấp nhận (chấp nhận: {}){content}",
                list(accepted)
            )
        }
        MediaFault::Empty => "tệp rỗng (0 byte)".into(),
        MediaFault::Mismatch {
            extension,
            expected,
            content,
        } => format!(
            "nội dung không khớp phần mở rộng: tên ghi .{extension} ({expected}) nhưng nội dung là {}",
            content_vi(content)
        ),
    }
}

fn signature_fault_vi(fault: SignatureFault) -> String {
    match fault {
        SignatureFault::ByteOrderMark => {
            "gói bắt đầu bằng dấu BOM: một trình soạn thảo đã lưu lại tệp, làm hỏng chữ ký; hãy dùng đúng tệp đã xuất"
        }
        SignatureFault::WindowsLineEndings => {
            "gói có xuống dòng kiểu Windows (CR LF): trình soạn thảo hoặc cách chép tệp đã sửa nó, làm hỏng chữ ký; hãy chép tệp gốc ở chế độ nhị phân"
        }
        SignatureFault::NoSignatureBlock => "gói không có phần chữ ký",
        SignatureFault::MalformedBlock => "phần chữ ký bị sai dạng",
        SignatureFault::KeyNotValid => "khóa công khai không hợp lệ",
        SignatureFault::NotHex => "chữ ký không phải chuỗi hex",
        SignatureFault::WrongLength => "chữ ký sai độ dài",
        SignatureFault::DoesNotMatch => {
            "chữ ký không khớp nội dung: gói đã bị sửa hoặc hỏng"
        }
    }
    .into()
}

fn bundle_fault_vi(fault: &BundleFault) -> String {
    match fault {
        BundleFault::NoManifest => "không có dossier.json ở thư mục gốc".into(),
        BundleFault::TooManyListed { count, cap } => {
            format!("liệt kê {count} tệp, vượt giới hạn {cap}")
        }
        BundleFault::ListedButAbsent { near } => {
            let near = near
                .as_ref()
                .map(|n| format!(" (hồ sơ có \"{n}\"; tên phải khớp chính xác)"))
                .unwrap_or_default();
            format!("có trong dossier.json nhưng không có trong hồ sơ{near}")
        }
        BundleFault::NotListed => {
            "có trong hồ sơ nhưng không được liệt kê trong dossier.json (thêm vào \"files\" hoặc bỏ tệp đi)".into()
        }
        BundleFault::FileOverLimit {
            size_bytes,
            cap_bytes,
        } => format!("dài {size_bytes} byte, vượt giới hạn {cap_bytes} byte mỗi tệp"),
        BundleFault::TotalOverLimit {
            cap_bytes,
            stopped_at,
        } => format!(
            "tổng các tệp vượt giới hạn {cap_bytes} byte (dừng ở {stopped_at})"
        ),
        BundleFault::ReadOverLimit { cap_bytes } => format!("lớn hơn {cap_bytes} byte"),
        BundleFault::CompressionRatio {
            read_bytes,
            compressed_bytes,
        } => format!(
            "giải nén từ {compressed_bytes} ra hơn {read_bytes} byte (tỷ lệ vượt giới hạn; có thể là bom zip)"
        ),
        BundleFault::NameNotUtf8 => {
            "tên không phải UTF-8 (tệp nén tạo bằng bảng mã cũ); hãy nén lại với tên UTF-8".into()
        }
        BundleFault::TooDeep { max_depth } => {
            format!("nằm sâu hơn {max_depth} cấp thư mục")
        }
        BundleFault::SymbolicLink => {
            "là liên kết tượng trưng; hồ sơ không được chứa liên kết (hãy đặt chính tệp vào)".into()
        }
        BundleFault::SpecialFile => {
            "không phải tệp thông thường (thiết bị, pipe hoặc socket)".into()
        }
        BundleFault::SameNameAs { first } => format!(
            "trùng tên với \"{first}\" (tên chỉ khác chữ hoa/thường hoặc dạng Unicode là cùng một tệp trên Windows và macOS)"
        ),
        BundleFault::Encrypted => "bị mã hóa; hồ sơ không được đặt mật khẩu".into(),
        BundleFault::UnsupportedCompression { method } => format!(
            "nén bằng {method}, không được hỗ trợ (hãy dùng kiểu nén thông thường \"deflate\")"
        ),
        BundleFault::TooManyEntries {
            count: Some(count),
            cap,
        } => format!("có {count} mục, vượt giới hạn {cap}; chưa đọc gì"),
        BundleFault::TooManyEntries { count: None, cap } => {
            format!("có hơn {cap} tệp và thư mục (giới hạn); chưa đọc gì")
        }
        BundleFault::DuplicateEntries => {
            "có hai mục trùng tên (bản thứ hai có thể thay bản thứ nhất)".into()
        }
        BundleFault::OverlappingEntries => {
            "có các mục chồng lên nhau trong tệp nén (một kiểu bom zip)".into()
        }
        BundleFault::NeitherFolderNorZip => "không phải thư mục cũng không phải tệp .zip".into(),
        BundleFault::NotAZip { detail } => format!("không đọc được tệp zip: {detail}"),
        BundleFault::Damaged { detail } => format!("bị hỏng: {detail}"),
    }
}

fn package_fault_vi(fault: &PackageFault) -> String {
    match fault {
        PackageFault::IsAFolder { extension } => {
            format!("là thư mục; gói đợt là một tệp .{extension}")
        }
        PackageFault::NotAPackage { manifest } => {
            format!("không có {manifest}: đây không phải gói đợt")
        }
        PackageFault::NotListed { manifest } => {
            format!("có trong gói nhưng không được liệt kê trong {manifest}")
        }
        PackageFault::Absent { manifest } => {
            format!("có trong {manifest} nhưng không có trong gói")
        }
        PackageFault::UnexpectedName => {
            "được liệt kê dưới tên không đúng (criteria/<sha256>.json hoặc attachments/<sha256>)"
                .into()
        }
        PackageFault::NotNamedBySha => "không được đặt tên bằng mã SHA-256".into(),
        PackageFault::HashMismatch => "không khớp mã SHA-256 (gói đã bị sửa hoặc hỏng)".into(),
        PackageFault::RoundFinalized { status } => {
            format!("round.status là {status}: đợt đã phê duyệt không gửi đi để chấm")
        }
        PackageFault::CriteriaNotListed { path } => {
            format!("đường dẫn \"{path}\" không có trong danh sách tệp")
        }
        PackageFault::SnapshotNotRead { path } => format!("{path} chưa được đọc"),
        PackageFault::SnapshotNotUtf8 { path } => format!("{path} không phải UTF-8"),
        PackageFault::NotACriteriaSheet { path, detail } => {
            format!("{path} không phải phiếu tiêu chí: {detail}")
        }
        PackageFault::SnapshotOfOtherSet { found, listed } => {
            format!("bản chụp là phiếu của bộ sản phẩm {found}, không phải {listed}")
        }
        PackageFault::SnapshotOfOtherCriteria { found, round } => {
            format!("bản chụp thuộc bộ tiêu chí {found}, không phải bộ {round} của đợt")
        }
        PackageFault::SecondSheetForSet { product_set } => {
            format!("phiếu thứ hai cho bộ sản phẩm {product_set}")
        }
        PackageFault::KeyOfAnotherMember => {
            "public_key cũng được đăng ký cho một thành viên khác".into()
        }
        PackageFault::KeyNotLowercase => "public_key phải là hex viết thường".into(),
        PackageFault::TooManyChairs { count } => format!("hội đồng có {count} chủ tịch"),
        PackageFault::ProductWithoutName => "sản phẩm cần có tên và chủ thể".into(),
        PackageFault::NoSheetForSet { product_set } => {
            format!("product_set {product_set} không có phiếu tiêu chí trong gói")
        }
        PackageFault::NotANewVersion { version } => {
            format!("phiên bản {version} không phải phiên bản mới")
        }
        PackageFault::ContentHashMismatch => "content_hash không khớp nội dung hồ sơ".into(),
        PackageFault::AttachmentAbsent { sha256 } => {
            format!("tệp đính kèm {sha256} không có trong gói")
        }
        PackageFault::SizeMismatch { listed, actual } => {
            format!("size_bytes ghi {listed}, tệp đính kèm có {actual} byte")
        }
        PackageFault::MediaTypeMismatch { listed, actual } => {
            format!("media_type ghi {listed}, nhưng nội dung là {actual}")
        }
        PackageFault::UnsafeListedPath { path } => {
            format!("đường dẫn \"{path}\" không phải đường dẫn tương đối an toàn")
        }
        PackageFault::RecusalUnknown => "nêu một sản phẩm hoặc thành viên mà gói không có".into(),
        PackageFault::PresidingUnknown => "nêu một sản phẩm hoặc thành viên mà gói không có".into(),
        PackageFault::PresidingDoesNotVote { name } => {
            format!("cử {name}, người không có quyền chấm, chủ trì thay Chủ tịch")
        }
        PackageFault::PresidingRecused { name } => {
            format!("cử {name} chủ trì một sản phẩm mà người này không tham gia chấm")
        }
        PackageFault::PresidingChairNotRecused => {
            "cử người chủ trì một sản phẩm mà Chủ tịch vẫn tham gia chấm".into()
        }
        PackageFault::SecondSheet { product } => {
            format!("phiếu thứ hai cho sản phẩm {product}")
        }
        PackageFault::SubmittedWithoutTime => "đã nộp nhưng thiếu submitted_at".into(),
        PackageFault::IdTooLong { start, bytes, cap } => {
            format!("\"{start}…\" dài {bytes} byte, quá dài cho một mã (tối đa {cap})")
        }
    }
}

fn table_fault_vi(fault: &TableFault) -> String {
    match fault {
        TableFault::NotASpreadsheet { detail } => {
            format!("không phải bảng tính đọc được: {detail}")
        }
        TableFault::NoSheet => "sổ tính không có trang nào".into(),
        TableFault::CannotReadSheet { detail } => {
            format!("không đọc được trang đầu: {detail}")
        }
        TableFault::BadCsvRecord { row, detail } => format!("dòng {row}: {detail}"),
        TableFault::EmptyFile => "tệp trống".into(),
        TableFault::TooManyRows { count, cap } => {
            format!("{count} dòng; chỉ nhận tối đa {cap}")
        }
        TableFault::NoRows => "không có dòng sản phẩm nào dưới dòng tiêu đề".into(),
        TableFault::UnknownColumn { column } => format!("cột \"{column}\" không nhận ra"),
        TableFault::ColumnTwice { column } => format!("cột \"{column}\" xuất hiện hai lần"),
        TableFault::MissingColumn { column } => format!("thiếu cột \"{column}\""),
        TableFault::EmptyCell(ListCell::ProductName) => "thiếu tên sản phẩm".into(),
        TableFault::EmptyCell(ListCell::Producer) => "thiếu chủ thể".into(),
        TableFault::EmptyCell(ListCell::ProductSet) => "thiếu bộ sản phẩm".into(),
        TableFault::NotASetNumber { text } => {
            format!("bộ sản phẩm \"{text}\" không phải số bộ")
        }
    }
}

fn store_fault_vi(fault: &StoreFault) -> String {
    match fault {
        StoreFault::NothingLeftToScore { status } => {
            format!("đợt đang ở trạng thái {status} trên máy thư ký: không còn gì để chấm")
        }
        StoreFault::SecretarysCopy { round } => format!(
            "đợt {round} được tạo trong thư mục dữ liệu này (bản của thư ký): gói đợt không thể thay đổi nó"
        ),
        StoreFault::RollsBack {
            exported_at,
            latest,
        } => format!(
            "gói này xuất lúc {exported_at}, trước gói đã nhập ở đây (xuất lúc {latest}): nhập vào sẽ đưa đợt lùi lại"
        ),
        StoreFault::RoundFrozenHere { round, status } => {
            format!("đợt {round} ở đây đã {status}, không thể thay đổi nữa")
        }
        StoreFault::OtherCriteriaSet { here, package } => {
            format!("ở đây đợt chấm theo bộ tiêu chí {here}, gói ghi {package}")
        }
        StoreFault::OtherSnapshots => {
            "phiếu tiêu chí trong gói khác với phiếu đợt này đang dùng ở đây".into()
        }
        StoreFault::UidOfAnotherRound {
            table,
            uid,
            id,
            round,
        } => format!(
            "{table} mã {uid} đã là {table} {id} của đợt {round} ở đây, không thuộc đợt này"
        ),
        StoreFault::ProductSetMoves {
            product,
            name,
            from,
            to,
        } => format!(
            "sản phẩm {product} ({name}) đã được chấm ở đây theo bộ {from}; gói chuyển sang bộ {to}"
        ),
        StoreFault::BackToSetupWithSheets { sheets } => format!(
            "thư ký đã đưa đợt về bước chuẩn bị, nhưng máy này đang giữ {sheets} phiếu của đợt: hãy xuất phiếu (package export-sheets) và xin thư ký gói mới khi chấm lại"
        ),
        StoreFault::ReasonRequired => "chấm lại cần có lý do".into(),
        StoreFault::NoMemberChosen => "hãy chọn ít nhất một thành viên chấm lại".into(),
        StoreFault::NotOnCouncil { member, round } => {
            format!("thành viên {member} không thuộc hội đồng đợt {round}")
        }
        StoreFault::Recused { member, product } => {
            format!("thành viên {member} đã tránh sản phẩm {product} (xung đột lợi ích)")
        }
        StoreFault::SheetNotSubmitted { sheet, member } => {
            format!("phiếu {sheet} của thành viên {member} chưa nộp (đang được chấm lại?)")
        }
        StoreFault::NoSheet { member, product } => {
            format!("thành viên {member} không có phiếu cho sản phẩm {product}")
        }
        StoreFault::DossiersClosed { round, status } => {
            format!("đợt {round} đang ở trạng thái {status}: không nhập thêm hồ sơ được nữa")
        }
        StoreFault::NewProductOnlyInSetup { round, status } => format!(
            "đợt {round} đang ở trạng thái {status}: chỉ nhập sản phẩm mới ở bước chuẩn bị (phiên bản mới của hồ sơ sản phẩm đã có thì được)"
        ),
        StoreFault::ProductSetScored {
            product,
            name,
            scored_set,
            new_set,
        } => format!(
            "sản phẩm {product} ({name}) đã được chấm theo bộ {scored_set}; hồ sơ theo bộ {new_set} phải đăng ký là sản phẩm khác"
        ),
        StoreFault::IssuedByApp {
            row,
            certificate,
            issued_by,
        } => format!(
            "{row}: giấy chứng nhận {certificate} do ứng dụng này cấp ({issued_by}); danh mục giữ bản ghi của ứng dụng"
        ),
    }
}

mod imports;
mod store;

pub use imports::catalog_error_text;

#[cfg(test)]
mod tests;
