//! The quorum's share of the eligible voting members, kept exactly as the council
//! set it: a whole percent (`75` → 75/100, shown "75%") or a fraction (`3/4`, `2/3`,
//! shown as written). The required number of participants is
//! `ceil(eligible × numerator / denominator)`, computed in integers: no float ever
//! decides whether a result is final.

use std::fmt;

use serde::{Deserialize, Serialize};

/// The largest denominator a council may write (a percent is n/100).
pub const MAX_DENOMINATOR: u32 = 100;

/// A share in (0, 1]: `numerator / denominator`, never reduced, so "75" stays 75%
/// and "3/4" stays 3/4 in everything the round prints.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct QuorumShare {
    numerator: u32,
    denominator: u32,
}

/// Why a quorum could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum QuorumShareError {
    #[error("the quorum {0:?} is neither a whole percent (75) nor a fraction (3/4)")]
    Unreadable(String),
    #[error("the quorum must be between 1 and 100 percent, not {0}")]
    PercentOutOfRange(u32),
    #[error(
        "the quorum fraction {0}/{1} must be more than 0 and at most 1, with a denominator of at most 100"
    )]
    FractionOutOfRange(u32, u32),
}

impl QuorumShare {
    /// 75%, the default of QĐ 148's councils as this app reads them.
    pub const DEFAULT: Self = Self {
        numerator: 75,
        denominator: 100,
    };

    /// A whole percent, 1..=100.
    pub fn percent(percent: u32) -> Result<Self, QuorumShareError> {
        if (1..=100).contains(&percent) {
            Ok(Self {
                numerator: percent,
                denominator: 100,
            })
        } else {
            Err(QuorumShareError::PercentOutOfRange(percent))
        }
    }

    /// `numerator / denominator` with 0 < numerator ≤ denominator ≤ 100.
    pub fn fraction(numerator: u32, denominator: u32) -> Result<Self, QuorumShareError> {
        if numerator >= 1 && numerator <= denominator && denominator <= MAX_DENOMINATOR {
            Ok(Self {
                numerator,
                denominator,
            })
        } else {
            Err(QuorumShareError::FractionOutOfRange(numerator, denominator))
        }
    }

    /// Reads "75", "75%", "3/4" or "2 / 3".
    pub fn parse(text: &str) -> Result<Self, QuorumShareError> {
        let unreadable = || QuorumShareError::Unreadable(text.to_string());
        let number = |s: &str| s.trim().parse::<u32>().map_err(|_| unreadable());
        let text_trimmed = text.trim();
        if let Some((num, den)) = text_trimmed.split_once('/') {
            Self::fraction(number(num)?, number(den)?)
        } else {
            let digits = text_trimmed.strip_suffix('%').unwrap_or(text_trimmed);
            Self::percent(number(digits)?)
        }
    }

    pub fn numerator(self) -> u32 {
        self.numerator
    }

    pub fn denominator(self) -> u32 {
        self.denominator
    }

    /// The whole percent, when the council set one.
    pub fn as_percent(self) -> Option<u32> {
        (self.denominator == 100).then_some(self.numerator)
    }

    /// The smallest number of participants p with p / eligible ≥ the share:
    /// `ceil(eligible × numerator / denominator)`, in integers.
    pub fn required(self, eligible: u32) -> u32 {
        let product = u64::from(eligible) * u64::from(self.numerator);
        // At most `eligible`, since numerator ≤ denominator.
        product.div_ceil(u64::from(self.denominator)) as u32
    }

    /// The smallest whole percent at or above the share (a percent is itself):
    /// what the database's legacy `quorum_percent` column holds for a fraction.
    pub fn percent_at_least(self) -> u32 {
        (u64::from(self.numerator) * 100).div_ceil(u64::from(self.denominator)) as u32
    }
}

impl Default for QuorumShare {
    fn default() -> Self {
        Self::DEFAULT
    }
}

/// "75%" or "3/4": the same text in both languages.
impl fmt::Display for QuorumShare {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.as_percent() {
            Some(percent) => write!(f, "{percent}%"),
            None => write!(f, "{}/{}", self.numerator, self.denominator),
        }
    }
}

impl std::str::FromStr for QuorumShare {
    type Err = QuorumShareError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        Self::parse(text)
    }
}

impl Serialize for QuorumShare {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for QuorumShare {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        Self::parse(&text).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn share(text: &str) -> QuorumShare {
        QuorumShare::parse(text).unwrap()
    }

    #[test]
    fn required_is_the_ceiling_at_the_boundaries() {
        assert_eq!(share("3/4").required(7), 6); // 5.25 → 6
        assert_eq!(share("3/4").required(8), 6); // exactly 6
        assert_eq!(share("2/3").required(9), 6); // exactly 6
        assert_eq!(share("2/3").required(10), 7); // 6.67 → 7
        assert_eq!(share("2/3").required(3), 2);
        assert_eq!(share("1/2").required(7), 4);
        assert_eq!(share("75").required(7), 6);
        assert_eq!(share("75").required(4), 3);
        assert_eq!(share("100").required(9), 9);
        assert_eq!(share("1/1").required(9), 9);
        assert_eq!(share("3/4").required(0), 0);
    }

    #[test]
    fn two_thirds_is_not_sixty_seven_percent() {
        // 67% of 9 needs 7 (6.03 → 7), 2/3 of 9 needs 6: why the fraction is kept.
        assert_eq!(share("67").required(9), 7);
        assert_eq!(share("2/3").required(9), 6);
        assert_eq!(share("2/3").percent_at_least(), 67);
    }

    #[test]
    fn reads_percents_and_fractions_as_written() {
        assert_eq!(share("75"), QuorumShare::DEFAULT);
        assert_eq!(share(" 75% "), QuorumShare::DEFAULT);
        assert_eq!(share("75").to_string(), "75%");
        assert_eq!(share("3/4").to_string(), "3/4");
        assert_eq!(share("2 / 3").to_string(), "2/3");
        assert_ne!(share("3/4"), share("75"), "kept as entered, not reduced");
        assert_eq!(share("3/4").as_percent(), None);
        assert_eq!(share("75/100").as_percent(), Some(75));
    }

    #[test]
    fn refuses_what_is_not_a_share() {
        for bad in [
            "", "0", "101", "0/3", "4/3", "1/0", "1/101", "x", "3/4/5", "-1", "1.5",
        ] {
            assert!(
                QuorumShare::parse(bad).is_err(),
                "{bad:?} should be refused"
            );
        }
    }

    #[test]
    fn serializes_as_its_text() {
        let json = serde_json::to_string(&share("2/3")).unwrap();
        assert_eq!(json, "\"2/3\"");
        let back: QuorumShare = serde_json::from_str(&json).unwrap();
        assert_eq!(back, share("2/3"));
        assert!(serde_json::from_str::<QuorumShare>("\"5/3\"").is_err());
    }
}
