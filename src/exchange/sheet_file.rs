//! A member's filled sheet as a JSON file (`ocop-member-sheet/1`), e.g.
//!
//! ```json
//! { "format": "ocop-member-sheet/1", "round": 1, "product": 3, "member": 2,
//!   "answers": { "A.1.a": "A.1.a.3", "A.1.b": "A.1.b.2" },
//!   "comments": { "A.1.a": "Hợp đồng bao tiêu 80% sản lượng" },
//!   "submitted": true }
//! ```

use std::collections::BTreeMap;
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::domain::criteria::{ChoiceId, CriterionId};
use crate::domain::ids::{MemberId, ProductId, RoundId};
use crate::domain::model::SheetWrite;
use crate::domain::score::SheetAnswers;

pub const SHEET_FILE_FORMAT: &str = "ocop-member-sheet/1";

/// Files larger than this are not sheets (a full sheet is a few KB).
const MAX_SHEET_FILE_BYTES: u64 = crate::files::caps::SHEET_FILE_BYTES;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SheetFile {
    pub format: String,
    pub round: RoundId,
    pub product: ProductId,
    pub member: MemberId,
    /// Criterion id → chosen option id. A criterion twice is refused (JSON keeps
    /// only the last one silently).
    #[serde(deserialize_with = "unique_keys")]
    pub answers: BTreeMap<CriterionId, ChoiceId>,
    #[serde(default, deserialize_with = "unique_keys")]
    pub comments: BTreeMap<CriterionId, String>,
    pub submitted: bool,
}

impl SheetFile {
    pub fn into_write(self) -> SheetWrite {
        SheetWrite {
            round: self.round,
            product: self.product,
            member: self.member,
            // A criterion left blank (as `sheet template` prints it) is not answered yet.
            answers: SheetAnswers {
                choices: self
                    .answers
                    .into_iter()
                    .filter(|(_, choice)| !choice.0.trim().is_empty())
                    .collect(),
            },
            comments: self.comments,
            submitted: self.submitted,
        }
    }
}

/// A JSON object read into a map, refusing a key that comes twice (naming it).
fn unique_keys<'de, D, K, V>(deserializer: D) -> Result<BTreeMap<K, V>, D::Error>
where
    D: serde::Deserializer<'de>,
    K: Deserialize<'de> + Ord + std::fmt::Display,
    V: Deserialize<'de>,
{
    struct Unique<K, V>(std::marker::PhantomData<(K, V)>);
    impl<'de, K, V> serde::de::Visitor<'de> for Unique<K, V>
    where
        K: Deserialize<'de> + Ord + std::fmt::Display,
        V: Deserialize<'de>,
    {
        type Value = BTreeMap<K, V>;
        fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str("an object of criterion ids")
        }
        fn visit_map<A: serde::de::MapAccess<'de>>(
            self,
            mut map: A,
        ) -> Result<Self::Value, A::Error> {
            let mut out = BTreeMap::new();
            while let Some((key, value)) = map.next_entry::<K, V>()? {
                if out.contains_key(&key) {
                    return Err(serde::de::Error::custom(format!(
                        "criterion \"{key}\" appears twice; keep one"
                    )));
                }
                out.insert(key, value);
            }
            Ok(out)
        }
    }
    deserializer.deserialize_map(Unique(std::marker::PhantomData))
}

/// Reads and parses a sheet file; the error is one line without the file name.
/// Only a regular file within the size cap is read (not a pipe or a device).
pub fn read(path: &Path) -> Result<SheetFile, String> {
    let bytes = crate::files::read_input(path, MAX_SHEET_FILE_BYTES).map_err(|e| match e {
        crate::files::FileError::Io { source, .. } => format!("cannot read: {source}"),
        other => other.to_string(),
    })?;
    parse(&bytes)
}

/// Parses a sheet file. A UTF-8 byte-order mark (Notepad) and Windows line endings
/// are accepted: neither changes what JSON says.
pub fn parse(bytes: &[u8]) -> Result<SheetFile, String> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if bytes.starts_with(b"\xFF\xFE") || bytes.starts_with(b"\xFE\xFF") {
        return Err("the file is UTF-16 text (Windows \"Unicode\"); save it as UTF-8".into());
    }
    let text = std::str::from_utf8(bytes).map_err(|e| {
        format!(
            "not UTF-8 text (invalid byte at offset {})",
            e.valid_up_to()
        )
    })?;
    let deserializer = &mut serde_json::Deserializer::from_str(text);
    let file: SheetFile = serde_path_to_error::deserialize(deserializer).map_err(|e| {
        let path = e.path().to_string();
        let inner = e.inner();
        let at = if path == "." {
            String::new()
        } else {
            format!(" at {path}")
        };
        format!(
            "invalid JSON (line {}, column {}{at}): {inner}",
            inner.line(),
            inner.column()
        )
    })?;
    if file.format != SHEET_FILE_FORMAT {
        return Err(format!(
            "format is \"{}\", expected \"{SHEET_FILE_FORMAT}\"",
            file.format
        ));
    }
    let cap = crate::exchange::package::sheets::field_caps::COMMENT_CHARS;
    for (criterion, text) in &file.comments {
        let chars = text.chars().count();
        if chars > cap {
            return Err(format!(
                "the comment on {criterion} is {chars} characters long (at most {cap})"
            ));
        }
    }
    Ok(file)
}

#[cfg(test)]
mod tests {
    use super::*;

    const SHEET: &str = r#"{"format": "ocop-member-sheet/1", "round": 1, "product": 2, "member": 3,
        "answers": {"A.1.a": "A.1.a.1", "A.1.b": "A.1.b.2", "A.1.a": "A.1.a.3"}, "submitted": false}"#;

    #[test]
    fn a_criterion_answered_twice_is_refused_by_name() {
        let err = parse(SHEET.as_bytes()).unwrap_err();
        assert!(err.contains("\"A.1.a\" appears twice"), "{err}");
    }

    #[test]
    fn a_byte_order_mark_and_windows_line_endings_are_accepted() {
        let text = SHEET
            .replace(", \"A.1.a\": \"A.1.a.3\"", "")
            .replace('\n', "\r\n");
        let mut bytes = b"\xEF\xBB\xBF".to_vec();
        bytes.extend_from_slice(text.as_bytes());
        let file = parse(&bytes).unwrap();
        assert_eq!(file.answers.len(), 2);
    }

    #[test]
    fn utf16_is_named() {
        let err = parse(b"\xFF\xFE{\x00").unwrap_err();
        assert!(err.contains("UTF-16"), "{err}");
    }
}
