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
use crate::domain::refusal::Problem;
use crate::domain::score::SheetAnswers;
use crate::exchange::text::{file_problem, json_problem, utf8_text};

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

/// Reads and parses a sheet file; the problem is one, without the file name.
/// Only a regular file within the size cap is read (not a pipe or a device).
pub fn read(path: &Path) -> Result<SheetFile, Problem> {
    let bytes = crate::files::read_input(path, MAX_SHEET_FILE_BYTES).map_err(file_problem)?;
    parse(&bytes)
}

/// Parses a sheet file. A UTF-8 byte-order mark (Notepad) and Windows line endings
/// are accepted: neither changes what JSON says.
pub fn parse(bytes: &[u8]) -> Result<SheetFile, Problem> {
    let text = utf8_text(bytes)?;
    let deserializer = &mut serde_json::Deserializer::from_str(text);
    let file: SheetFile =
        serde_path_to_error::deserialize(deserializer).map_err(|e| json_problem(&e))?;
    if file.format != SHEET_FILE_FORMAT {
        return Err(Problem::WrongFormat {
            found: file.format,
            expected: vec![SHEET_FILE_FORMAT.into()],
        });
    }
    let cap = crate::exchange::package::sheets::field_caps::COMMENT_CHARS;
    for (criterion, text) in &file.comments {
        let chars = text.chars().count();
        if chars > cap {
            return Err(Problem::TooLong {
                field: format!("comments.{criterion}"),
                chars,
                cap,
            });
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
        let err = parse(SHEET.as_bytes()).unwrap_err().to_string();
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
        assert_eq!(parse(b"\xFF\xFE{\x00").unwrap_err(), Problem::Utf16);
    }

    #[test]
    fn each_check_names_its_typed_problem() {
        assert_eq!(
            parse(b"{\"a\": \"S\xf3c\"}").unwrap_err(),
            Problem::NotUtf8 {
                offset: 8,
                byte: 0xf3
            }
        );
        let wrong = SHEET
            .replace(", \"A.1.a\": \"A.1.a.3\"", "")
            .replace("ocop-member-sheet/1", "ocop-member-sheet/9");
        assert!(matches!(
            parse(wrong.as_bytes()).unwrap_err(),
            Problem::WrongFormat { found, .. } if found == "ocop-member-sheet/9"
        ));
        let long = SHEET.replace(", \"A.1.a\": \"A.1.a.3\"", "").replace(
            "\"submitted\"",
            &format!(
                "\"comments\": {{\"A.1.a\": \"{}\"}}, \"submitted\"",
                "x".repeat(10_001)
            ),
        );
        assert!(matches!(
            parse(long.as_bytes()).unwrap_err(),
            Problem::TooLong {
                chars: 10_001,
                cap: 10_000,
                ..
            }
        ));
        assert!(matches!(
            parse(b"{\"format\": 1").unwrap_err(),
            Problem::InvalidJson { line: 1, .. }
        ));
        let dir = std::env::temp_dir().join(format!("ocop-sheet-cap-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let big = dir.join("big.json");
        std::fs::write(&big, vec![b' '; MAX_SHEET_FILE_BYTES as usize + 1]).unwrap();
        assert!(matches!(
            read(&big).unwrap_err(),
            Problem::FileTooBig { .. }
        ));
        assert!(matches!(
            read(&dir).unwrap_err(),
            Problem::NotARegularFile { .. }
        ));
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
