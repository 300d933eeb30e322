//! The rules that keep a hostile bundle harmless: size limits, entry names that
//! cannot escape the bundle or collide, and file types recognised by their bytes.
//!
//! Pure checks on names and bytes; reading lives in `bundle.rs`.

use unicode_normalization::UnicodeNormalization as _;

use crate::domain::refusal::{Content, MediaFault, PathFault};

/// Limits on what one bundle may hold. Counted on the bytes actually read, never
/// on the sizes an archive's headers claim.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Per attached file (a scanned registration form of a few hundred pages fits).
    pub max_file_bytes: u64,
    /// All attached files together.
    pub max_total_bytes: u64,
    /// Files listed in the manifest.
    pub max_files: usize,
    /// Entries (files and folders) in the bundle; a zip with more is refused before reading.
    pub max_entries: usize,
    pub max_manifest_bytes: u64,
    /// Uncompressed : compressed, per zip entry, once past `ratio_floor_bytes`.
    pub max_compression_ratio: u64,
    /// Small entries may compress very well (text, blank pages); the ratio counts above this.
    pub ratio_floor_bytes: u64,
    /// Folder nesting inside a bundle.
    pub max_depth: usize,
}

pub const MIB: u64 = 1024 * 1024;

impl Limits {
    pub const DEFAULT: Self = Self {
        max_file_bytes: 100 * MIB,
        max_total_bytes: 1024 * MIB,
        max_files: 500,
        max_entries: 2000,
        max_manifest_bytes: MIB,
        max_compression_ratio: 100,
        ratio_floor_bytes: MIB,
        max_depth: 16,
    };
}

impl Default for Limits {
    fn default() -> Self {
        Self::DEFAULT
    }
}

/// File names that operating systems leave behind; skipped, never read or stored.
pub fn is_os_litter(path: &str) -> bool {
    let first = path.split('/').next().unwrap_or_default();
    let last = path.rsplit('/').next().unwrap_or_default();
    first == "__MACOSX" || matches!(last, ".DS_Store" | "Thumbs.db" | "desktop.ini")
}

/// Checks a path as written inside a bundle (zip entry name, folder-relative path
/// or manifest `files[].path`) and returns it NFC-normalised, `/`-separated,
/// without a trailing `/`. The error says what is wrong, without the name.
pub fn check_relative_path(raw: &str) -> Result<String, PathFault> {
    if raw.is_empty() {
        return Err(PathFault::Empty);
    }
    if raw.starts_with("\\\\") || raw.starts_with("//") {
        return Err(PathFault::Unc);
    }
    if raw.contains('\\') {
        return Err(PathFault::Backslash);
    }
    if raw.starts_with('/') {
        return Err(PathFault::Absolute);
    }
    let bytes = raw.as_bytes();
    if bytes.len() >= 2 && bytes[0].is_ascii_alphabetic() && bytes[1] == b':' {
        return Err(PathFault::WindowsDrive);
    }
    if raw.chars().any(char::is_control) {
        return Err(PathFault::ControlCharacters);
    }
    if raw.len() > 1024 {
        return Err(PathFault::TooLong { bytes: raw.len() });
    }
    let trimmed = raw.strip_suffix('/').unwrap_or(raw);
    let mut parts = Vec::new();
    for part in trimmed.split('/') {
        match part {
            "" => return Err(PathFault::EmptyFolderName),
            "." | ".." => {
                return Err(PathFault::Traversal { part: part.into() });
            }
            _ if part.len() > 255 => {
                return Err(PathFault::PartTooLong { bytes: part.len() });
            }
            _ if is_windows_reserved(part) => {
                return Err(PathFault::WindowsDevice { part: part.into() });
            }
            _ if part
                .chars()
                .any(|c| matches!(c, '<' | '>' | ':' | '"' | '|' | '?' | '*')) =>
            {
                return Err(PathFault::WindowsCharacter { part: part.into() });
            }
            _ if part.ends_with(' ') || part.ends_with('.') => {
                return Err(PathFault::TrailingSpaceOrDot { part: part.into() });
            }
            _ => parts.push(part),
        }
    }
    Ok(parts.join("/").nfc().collect())
}

/// `CON`, `nul.txt`, `LPT1.pdf`, `com¹`…: names Windows maps to devices whatever
/// the extension (the part before the first dot, case-insensitive, trailing spaces
/// ignored).
pub fn is_windows_reserved(part: &str) -> bool {
    let stem = part
        .split('.')
        .next()
        .unwrap_or(part)
        .trim_end()
        .to_ascii_uppercase();
    match stem.as_str() {
        "CON" | "PRN" | "AUX" | "NUL" | "CONIN$" | "CONOUT$" => true,
        _ => {
            let (Some(head), Some(tail)) = (stem.get(..3), stem.get(3..)) else {
                return false;
            };
            (head == "COM" || head == "LPT")
                && matches!(
                    tail,
                    "0" | "1" | "2" | "3" | "4" | "5" | "6" | "7" | "8" | "9" | "¹" | "²" | "³"
                )
        }
    }
}

/// The key under which two names count as the same file: NFC and lowercase, so
/// `Nhãn.PNG` and `nhãn.png` (or a decomposed `ã`) collide, as they would on
/// Windows and macOS.
pub fn collision_key(normalised: &str) -> String {
    normalised.nfc().collect::<String>().to_lowercase()
}

/// The attachment types a dossier may hold: extension → media type.
pub const ACCEPTED_TYPES: [(&str, &str); 6] = [
    ("pdf", "application/pdf"),
    ("png", "image/png"),
    ("jpg", "image/jpeg"),
    ("jpeg", "image/jpeg"),
    ("webp", "image/webp"),
    ("txt", "text/plain"),
];

/// How many leading bytes [`media_type_of`] looks at.
pub const SNIFF_BYTES: usize = 8192;

fn accepted_list() -> Vec<String> {
    ACCEPTED_TYPES
        .iter()
        .map(|(ext, _)| (*ext).to_string())
        .collect()
}

/// What the bytes say the file is, for messages.
fn describe_content(head: &[u8]) -> Content {
    match infer::get(head) {
        Some(t) => {
            let mime = t.mime_type().to_string();
            match t.matcher_type() {
                infer::MatcherType::App => Content::Program { mime },
                infer::MatcherType::Archive => Content::Archive { mime },
                infer::MatcherType::Audio => Content::Audio { mime },
                infer::MatcherType::Video => Content::Video { mime },
                infer::MatcherType::Image => Content::Image { mime },
                infer::MatcherType::Doc => Content::OfficeDocument { mime },
                infer::MatcherType::Font => Content::Font { mime },
                _ => Content::Binary { mime },
            }
        }
        None if looks_like_text(head) => Content::Text,
        None => Content::Unrecognised,
    }
}

/// UTF-8 without NUL or stray control bytes (a multi-byte character cut at the
/// end of `head` is fine).
pub fn looks_like_text(head: &[u8]) -> bool {
    let valid = match std::str::from_utf8(head) {
        Ok(text) => text,
        Err(e) if e.error_len().is_none() => {
            // Truncated in the middle of a character at the end of the sample.
            match std::str::from_utf8(&head[..e.valid_up_to()]) {
                Ok(text) => text,
                Err(_) => return false,
            }
        }
        Err(_) => return false,
    };
    !valid
        .chars()
        .any(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t' | '\u{c}'))
}

/// The media type of an attachment named `path` whose content starts with `head`,
/// if its extension is accepted and its bytes match it. The error explains.
pub fn media_type_of(path: &str, head: &[u8], size_bytes: u64) -> Result<&'static str, MediaFault> {
    let name = path.rsplit('/').next().unwrap_or(path);
    let ext = match name.rsplit_once('.') {
        Some((stem, ext)) if !stem.is_empty() => ext.to_lowercase(),
        _ => {
            return Err(MediaFault::NoExtension {
                accepted: accepted_list(),
            });
        }
    };
    let Some(&(_, expected)) = ACCEPTED_TYPES.iter().find(|(e, _)| *e == ext) else {
        return Err(MediaFault::Unsupported {
            content: (size_bytes != 0).then(|| describe_content(head)),
            extension: ext,
            accepted: accepted_list(),
        });
    };
    if size_bytes == 0 {
        return Err(MediaFault::Empty);
    }
    let detected = infer::get(head);
    let matches = match (expected, detected) {
        ("text/plain", None) => looks_like_text(head),
        (_, Some(t)) => t.mime_type() == expected,
        (_, None) => false,
    };
    if matches {
        Ok(expected)
    } else {
        Err(MediaFault::Mismatch {
            extension: ext,
            expected: expected.into(),
            content: describe_content(head),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_paths_that_leave_the_bundle() {
        for (raw, needle) in [
            ("../evil.txt", "path traversal"),
            ("a/../../evil.txt", "path traversal"),
            ("./a.pdf", "path traversal"),
            ("/etc/passwd", "absolute"),
            ("C:/Windows/evil.exe", "drive"),
            ("c:evil", "drive"),
            ("\\\\server\\share\\x.pdf", "UNC"),
            ("//server/share/x.pdf", "UNC"),
            ("a\\..\\b.pdf", "backslash"),
            ("a//b.pdf", "empty folder"),
            ("", "empty name"),
            ("a\u{0}b", "control"),
            ("nhan. ", "space or a dot"),
            ("CON.pdf", "reserves"),
            ("ho-so/lpt1.txt", "reserves"),
            ("nul", "reserves"),
            ("Com3.Png", "reserves"),
            ("a/aux.tar.gz", "reserves"),
            ("nhan?.pdf", "cannot store"),
            ("ab:c.pdf", "cannot store"),
        ] {
            let err = check_relative_path(raw).unwrap_err().to_string();
            assert!(err.contains(needle), "{raw:?}: {err}");
        }
    }

    #[test]
    fn names_that_merely_start_like_a_device_are_fine() {
        for ok in [
            "ấn/x.pdf",
            "console.pdf",
            "com10.txt",
            "lpt.pdf",
            "nul-list.png",
            "auxiliary/a.pdf",
        ] {
            assert!(check_relative_path(ok).is_ok(), "{ok}");
        }
    }

    #[test]
    fn normalises_to_nfc_and_drops_a_folder_slash() {
        let decomposed = "ho-so/nha\u{0303}n.png"; // ã as a + combining tilde
        assert_eq!(check_relative_path(decomposed).unwrap(), "ho-so/nhãn.png");
        assert_eq!(check_relative_path("anh/").unwrap(), "anh");
        assert_eq!(
            collision_key("Ho-so/NHÃN.png"),
            collision_key(&check_relative_path(decomposed).unwrap())
        );
    }

    #[test]
    fn recognises_types_by_their_bytes() {
        let pdf = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj";
        let png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR";
        let jpeg = b"\xff\xd8\xff\xe0\0\x10JFIF\0";
        let mut elf = b"\x7fELF\x02\x01\x01\0".to_vec();
        elf.resize(128, 0);
        let elf = elf.as_slice();
        let exe = b"MZ\x90\0\x03\0\0\0\x04\0\0\0\xff\xff\0\0";
        assert_eq!(media_type_of("a/phieu.pdf", pdf, 10), Ok("application/pdf"));
        assert_eq!(media_type_of("nhan.PNG", png, 10), Ok("image/png"));
        assert_eq!(media_type_of("anh.jpeg", jpeg, 10), Ok("image/jpeg"));
        assert_eq!(
            media_type_of("ghi-chu.txt", "Nước mắm nhĩ".as_bytes(), 10),
            Ok("text/plain")
        );
        let err = media_type_of("nhan.pdf", png, 10).unwrap_err().to_string();
        assert!(
            err.contains("says .pdf") && err.contains("image/png"),
            "{err}"
        );
        let err = media_type_of("photo.jpg", elf, 10).unwrap_err().to_string();
        assert!(err.contains("program"), "{err}");
        let err = media_type_of("setup.exe", exe, 10).unwrap_err().to_string();
        assert!(err.contains("unsupported file type \".exe\""), "{err}");
        let err = media_type_of("notes.txt", elf, 10).unwrap_err().to_string();
        assert!(err.contains("does not match"), "{err}");
        assert!(media_type_of("README", b"hello", 5).is_err());
        assert_eq!(media_type_of("empty.pdf", b"", 0), Err(MediaFault::Empty));
        assert!(matches!(
            media_type_of("photo.jpg", elf, 10),
            Err(MediaFault::Mismatch {
                content: Content::Program { .. },
                ..
            })
        ));
        assert_eq!(
            check_relative_path("../x.pdf"),
            Err(PathFault::Traversal { part: "..".into() })
        );
    }

    #[test]
    fn text_may_end_in_a_cut_character_but_not_hold_binary() {
        let text = "Sóc Trăng".as_bytes();
        assert!(looks_like_text(&text[..text.len() - 1]));
        assert!(!looks_like_text(b"abc\0def"));
        assert!(!looks_like_text(b"\xff\xfeh\0i\0"));
    }

    #[test]
    fn os_litter_is_recognised() {
        assert!(is_os_litter("__MACOSX/._dossier.json"));
        assert!(is_os_litter("anh/.DS_Store"));
        assert!(is_os_litter("Thumbs.db"));
        assert!(!is_os_litter("anh/nhan.png"));
    }
}
