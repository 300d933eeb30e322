//! What a PIN may be, and how many wrong tries lock a person out.
//!
//! A PIN on a shared laptop stops casual misuse (a colleague picking the chair in
//! the drop-down); it does not stop someone who has the database file. The signed
//! sheets packages and the hash-chained audit log are what detect tampering.

use serde::Serialize;

/// Wrong tries in a row that lock the person.
pub const MAX_WRONG_TRIES: u32 = 5;
/// How long a lock lasts.
pub const LOCK_SECONDS: i64 = 60;
/// Digits-only PINs: 4 to 12 digits.
pub const DIGITS_MIN: usize = 4;
pub const DIGITS_MAX: usize = 12;
/// A passphrase (anything that is not only digits): 8 to 128 characters.
pub const PASSPHRASE_MIN: usize = 8;
pub const PASSPHRASE_MAX: usize = 128;

/// Why a new PIN is not accepted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum PinFormatProblem {
    TooFewDigits,
    TooManyDigits,
    PassphraseTooShort,
    PassphraseTooLong,
}

impl std::fmt::Display for PinFormatProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::TooFewDigits => write!(f, "a PIN has at least {DIGITS_MIN} digits"),
            Self::TooManyDigits => write!(f, "a PIN has at most {DIGITS_MAX} digits"),
            Self::PassphraseTooShort => {
                write!(f, "a passphrase has at least {PASSPHRASE_MIN} characters")
            }
            Self::PassphraseTooLong => {
                write!(f, "a passphrase has at most {PASSPHRASE_MAX} characters")
            }
        }
    }
}

/// Why a PIN was not accepted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case", tag = "kind")]
pub enum PinRefusal {
    /// The person has no PIN yet: they set one first.
    NotSet,
    /// The person has a PIN already; only the chair or the secretary can reset it.
    AlreadySet,
    /// Wrong PIN; after `tries_left` more wrong tries the person is locked.
    Wrong { tries_left: u32 },
    /// Too many wrong tries: locked for `seconds_left` more seconds.
    Locked { seconds_left: i64 },
    /// A new PIN that does not fit the rule.
    Format { problem: PinFormatProblem },
}

impl std::fmt::Display for PinRefusal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::NotSet => write!(f, "no PIN is set for this person yet: set one first"),
            Self::AlreadySet => write!(
                f,
                "this person has a PIN already (the chair or the secretary can reset it)"
            ),
            Self::Wrong { tries_left } => write!(
                f,
                "wrong PIN ({tries_left} more wrong tries lock this person for a minute)"
            ),
            Self::Locked { seconds_left } => write!(
                f,
                "too many wrong PINs: this person is locked for {seconds_left} more seconds"
            ),
            Self::Format { problem } => write!(f, "{problem}"),
        }
    }
}

/// Checks a new PIN: 4–12 digits, or a passphrase of 8–128 characters.
pub fn check_new_pin(pin: &str) -> Result<(), PinFormatProblem> {
    let chars = pin.chars().count();
    if !pin.is_empty() && pin.chars().all(|c| c.is_ascii_digit()) {
        if chars < DIGITS_MIN {
            return Err(PinFormatProblem::TooFewDigits);
        }
        if chars > DIGITS_MAX {
            return Err(PinFormatProblem::TooManyDigits);
        }
        return Ok(());
    }
    if chars < PASSPHRASE_MIN {
        return Err(PinFormatProblem::PassphraseTooShort);
    }
    if chars > PASSPHRASE_MAX {
        return Err(PinFormatProblem::PassphraseTooLong);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pins_are_4_to_12_digits_or_a_passphrase() {
        assert_eq!(check_new_pin("123"), Err(PinFormatProblem::TooFewDigits));
        assert_eq!(check_new_pin("1234"), Ok(()));
        assert_eq!(check_new_pin("123456789012"), Ok(()));
        assert_eq!(
            check_new_pin("1234567890123"),
            Err(PinFormatProblem::TooManyDigits)
        );
        assert_eq!(check_new_pin(""), Err(PinFormatProblem::PassphraseTooShort));
        assert_eq!(
            check_new_pin("abc1"),
            Err(PinFormatProblem::PassphraseTooShort)
        );
        assert_eq!(check_new_pin("lúa gạo ST25"), Ok(()));
        assert_eq!(
            check_new_pin(&"x".repeat(129)),
            Err(PinFormatProblem::PassphraseTooLong)
        );
    }
}
