//! Reading text files that come from outside: the problems every format shares
//! (a refused file, text that is not UTF-8, JSON that does not parse), as typed
//! [`Problem`]s.

use crate::domain::refusal::Problem;

/// The problem a refused read is, without the path (the caller names the file).
pub fn file_problem(e: crate::files::FileError) -> Problem {
    match e {
        crate::files::FileError::Io { source, .. } => Problem::CannotRead {
            detail: source.to_string(),
        },
        crate::files::FileError::TooLarge { size, cap, .. } => Problem::FileTooBig {
            size_bytes: size,
            cap_bytes: cap,
        },
        crate::files::FileError::NotRegular { kind, .. } => Problem::NotARegularFile {
            kind: kind.to_string(),
        },
    }
}

/// Decodes text that should be UTF-8: a byte-order mark is dropped, UTF-16 and
/// invalid bytes are refused.
pub fn utf8_text(bytes: &[u8]) -> Result<&str, Problem> {
    if bytes.starts_with(b"\xFF\xFE") || bytes.starts_with(b"\xFE\xFF") {
        return Err(Problem::Utf16);
    }
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    std::str::from_utf8(bytes).map_err(|e| not_utf8(bytes, &e))
}

/// The problem for bytes that are not UTF-8, naming the first bad byte.
pub fn not_utf8(bytes: &[u8], e: &std::str::Utf8Error) -> Problem {
    Problem::NotUtf8 {
        offset: e.valid_up_to(),
        byte: bytes.get(e.valid_up_to()).copied().unwrap_or_default(),
    }
}

/// A serde error with its position and the path of the field it concerns.
pub fn json_problem(e: &serde_path_to_error::Error<serde_json::Error>) -> Problem {
    let path = e.path().to_string();
    let inner = e.inner();
    // serde_json repeats the position at the end of its message; say it once.
    let message = inner.to_string();
    let suffix = format!(" at line {} column {}", inner.line(), inner.column());
    let detail = message
        .strip_suffix(&suffix)
        .unwrap_or(&message)
        .to_string();
    Problem::InvalidJson {
        line: inner.line(),
        column: inner.column(),
        at: (path != ".").then_some(path),
        detail,
    }
}
