//! Importing members' sheet files: parse and check every file, report every
//! problem (each in its file), and write all sheets in one transaction or none.

use std::collections::BTreeSet;
use std::path::PathBuf;

use crate::app::failure::ImportError;
use crate::domain::ids::SheetId;
use crate::domain::refusal::{Problem, Refusal, SheetImportFault, Subject};
use crate::exchange::sheet_file;
use crate::store::{Actor, Store};

/// Imports `paths`; on any problem nothing is written and every problem is
/// returned, each naming its file ([`Problem::InFile`]).
pub fn import_sheet_files(
    store: &mut Store,
    paths: &[PathBuf],
    actor: &Actor,
) -> Result<Vec<SheetId>, ImportError> {
    let mut problems = Vec::new();
    let mut writes = Vec::new();
    let mut seen = BTreeSet::new();
    for path in paths {
        let name = path.display().to_string();
        let file = match sheet_file::read(path) {
            Ok(file) => file,
            Err(problem) => {
                problems.push(problem.in_file(name));
                continue;
            }
        };
        let write = file.into_write();
        if !seen.insert((write.product, write.member)) {
            let fault = SheetImportFault::SecondSheet {
                member: write.member,
                product: write.product,
            };
            problems.push(Problem::SheetImport(fault).in_file(name));
            continue;
        }
        // A non-voting member's (the secretary's, an advisor's) sheet would be stored
        // but never counted: refuse it rather than let it look like a vote.
        if let Ok(member) = store.member(write.member)
            && !member.voting
        {
            let fault = SheetImportFault::NonVoting {
                member: member.id,
                name: member.name,
                role: member.role,
            };
            problems.push(Problem::SheetImport(fault).in_file(name));
            continue;
        }
        for problem in store.check_sheet_write(&write)? {
            problems.push(problem.in_file(name.clone()));
        }
        writes.push(write);
    }
    if !problems.is_empty() {
        return Err(ImportError::Refused(Refusal::new(
            Subject::SheetFile,
            problems,
        )));
    }
    Ok(store.write_sheets(&writes, actor)?)
}
