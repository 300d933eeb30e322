//! Importing members' sheet files: parse and check every file, report every
//! problem (each naming its file), and write all sheets in one transaction or none.

use std::collections::BTreeSet;
use std::path::PathBuf;

use crate::domain::ids::SheetId;
use crate::exchange::sheet_file;
use crate::store::{Actor, Store};

/// Imports `paths`; on any problem nothing is written and every problem is returned.
pub fn import_sheet_files(
    store: &mut Store,
    paths: &[PathBuf],
    actor: &Actor,
) -> anyhow::Result<Result<Vec<SheetId>, Vec<String>>> {
    let mut problems = Vec::new();
    let mut writes = Vec::new();
    let mut seen = BTreeSet::new();
    for path in paths {
        let name = path.display();
        let file = match sheet_file::read(path) {
            Ok(file) => file,
            Err(problem) => {
                problems.push(format!("{name}: {problem}"));
                continue;
            }
        };
        let write = file.into_write();
        if !seen.insert((write.product, write.member)) {
            problems.push(format!(
                "{name}: a second sheet from member {} for product {} in the same import",
                write.member, write.product
            ));
            continue;
        }
        // A non-voting member's (the secretary's, an advisor's) sheet would be stored
        // but never counted: refuse it rather than let it look like a vote.
        if let Ok(member) = store.member(write.member)
            && !member.voting
        {
            problems.push(format!(
                "{name}: member {} ({}, {}) does not vote in this council; their sheet would not be counted",
                member.id,
                member.name,
                member.role.as_str()
            ));
            continue;
        }
        for problem in store.check_sheet_write(&write)? {
            problems.push(format!("{name}: {problem}"));
        }
        writes.push(write);
    }
    if !problems.is_empty() {
        return Ok(Err(problems));
    }
    Ok(Ok(store.write_sheets(&writes, actor)?))
}
