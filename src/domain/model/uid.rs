//! Stable ids (uids): the ids a round, its members and products keep in every data
//! folder a package goes to.

/// Whether `text` is a stable id: 32 lowercase hex digits.
pub fn is_uid(text: &str) -> bool {
    text.len() == 32
        && text
            .bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}
