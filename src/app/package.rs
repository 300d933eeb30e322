//! A council of laptops (docs/packages.md), for the GUI and the CLI.
//!
//! - The data folder's **profile key** ([`profile_public_key`]): made on first use,
//!   the private half never leaves the folder.
//! - The secretary **registers** each member's public key ([`register_member_key`]),
//!   **exports the round package** ([`export_round_package`]); a member **imports** it
//!   ([`import_round_package`]) and scores offline; [`member_for_profile`] says which
//!   member of the round this laptop is.
//! - The member **exports a signed sheets package** ([`export_sheets_package`]); the
//!   secretary **merges** packages ([`merge_sheets_packages`]) and reviews the
//!   **conflicts** ([`round_conflicts`]).
//!
//! The long operations (export, import, merge) report progress through a callback and
//! run on whatever thread calls them: the GUI runs them on a worker thread with its own
//! [`Session`] on the same data folder (SQLite WAL lets the UI keep reading).

mod keys;
mod round;
mod sheets;

pub use keys::{
    KEYS_SUBDIR, PROFILE_KEY_FILE, existing_profile_key, profile_key, profile_key_path,
};
pub use round::{
    ExportRefusal, KeylessMember, RoundExport, RoundImport, export_round_package,
    import_round_package,
};
pub use sheets::{PackageReport, SheetsExport, export_sheets_package, merge_sheets_packages};

use std::path::Path;

use crate::app::Session;
use crate::domain::ids::{MemberId, RoundId};
use crate::exchange::signed::parse_public_key;
use crate::store::{Actor, ConflictRow, MemberRow};

/// This data folder's public key (64 hex digits), making the key pair if needed: what a
/// member sends the secretary.
pub fn profile_public_key(data_dir: &Path) -> anyhow::Result<String> {
    Ok(profile_key(data_dir)?.public_hex())
}

/// Registers `key_text` (64 hex digits) as the key that signs `member`'s sheets
/// packages; returns the key as stored (lowercase). Refused for an invalid key, a key
/// another member of the round has, or a finalized round.
pub fn register_member_key(
    session: &mut Session,
    member: MemberId,
    key_text: &str,
    actor: &Actor,
) -> anyhow::Result<String> {
    let key = parse_public_key(key_text).map_err(anyhow::Error::msg)?;
    session.store.set_member_key(member, &key, actor)?;
    Ok(key)
}

/// The member of `round` whose registered key is this data folder's profile key ("who
/// am I" on a member's laptop); `None` without a profile key or a matching member.
pub fn member_for_profile(session: &Session, round: RoundId) -> anyhow::Result<Option<MemberRow>> {
    let Some(key) = existing_profile_key(&session.data_dir)? else {
        return Ok(None);
    };
    Ok(session.store.member_with_key(round, &key.public_hex())?)
}

/// The conflicts merges recorded in a round: incoming sheets kept aside, not applied.
pub fn round_conflicts(session: &Session, round: RoundId) -> anyhow::Result<Vec<ConflictRow>> {
    session.store.round(round)?;
    Ok(session.store.sheet_conflicts(round)?)
}
