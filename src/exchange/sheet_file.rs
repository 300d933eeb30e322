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
use crate::domain::score::SheetAnswers;
use crate::store::SheetWrite;

pub const SHEET_FILE_FORMAT: &str = "ocop-member-sheet/1";

/// Files larger than this are not sheets (a full sheet is a few KB).
const MAX_SHEET_FILE_BYTES: u64 = 1024 * 1024;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SheetFile {
    pub format: String,
    pub round: RoundId,
    pub product: ProductId,
    pub member: MemberId,
    /// Criterion id → chosen option id.
    pub answers: BTreeMap<CriterionId, ChoiceId>,
    #[serde(default)]
    pub comments: BTreeMap<CriterionId, String>,
    pub submitted: bool,
}

impl SheetFile {
    pub fn into_write(self) -> SheetWrite {
        SheetWrite {
            round: self.round,
            product: self.product,
            member: self.member,
            answers: SheetAnswers {
                choices: self.answers,
            },
            comments: self.comments,
            submitted: self.submitted,
        }
    }
}

/// Reads and parses a sheet file; the error is one line without the file name.
pub fn read(path: &Path) -> Result<SheetFile, String> {
    let meta = std::fs::metadata(path).map_err(|e| format!("cannot read: {e}"))?;
    if meta.len() > MAX_SHEET_FILE_BYTES {
        return Err(format!(
            "{} bytes is too large for a sheet file (limit {MAX_SHEET_FILE_BYTES})",
            meta.len()
        ));
    }
    let bytes = std::fs::read(path).map_err(|e| format!("cannot read: {e}"))?;
    parse(&bytes)
}

pub fn parse(bytes: &[u8]) -> Result<SheetFile, String> {
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
    Ok(file)
}
