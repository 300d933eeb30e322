//! An exact mean of integer points: a fraction, compared without floating point.
//!
//! Star boundaries are compared as `sum >= threshold × count`, so a mean of exactly
//! 70 is 4★ and 69.99… is 3★ whatever the number of members. For display the mean
//! is truncated (never rounded up) to two decimals, so the shown figure cannot cross
//! a boundary the exact value does not reach.

use std::cmp::Ordering;

use serde::{Serialize, Serializer};

/// `sum / count` with `count > 0`.
#[derive(Debug, Clone, Copy)]
pub struct Mean {
    sum: u64,
    count: u64,
}

impl Mean {
    /// `None` when there is nothing to average.
    pub fn new(sum: u64, count: u64) -> Option<Self> {
        (count > 0).then_some(Self { sum, count })
    }

    pub fn sum(self) -> u64 {
        self.sum
    }

    pub fn count(self) -> u64 {
        self.count
    }

    /// Whether the mean reaches `points` exactly (`≥`).
    pub fn at_least(self, points: u32) -> bool {
        u128::from(self.sum) >= u128::from(points) * u128::from(self.count)
    }

    /// The mean in hundredths, truncated toward zero.
    pub fn hundredths_truncated(self) -> u64 {
        ((u128::from(self.sum) * 100) / u128::from(self.count)) as u64
    }

    /// "69.99": two decimals, truncated.
    pub fn display_2dp(self) -> String {
        let h = self.hundredths_truncated();
        format!("{}.{:02}", h / 100, h % 100)
    }

    /// The same with a decimal comma, as Vietnamese documents write it: "69,99".
    pub fn display_2dp_vi(self) -> String {
        self.display_2dp().replace('.', ",")
    }

    /// The exact fraction as text, e.g. "1049/15".
    pub fn exact(self) -> String {
        format!("{}/{}", self.sum, self.count)
    }

    /// For JSON: the truncated 2-decimal value as a number.
    pub fn as_f64_2dp(self) -> f64 {
        self.hundredths_truncated() as f64 / 100.0
    }
}

impl PartialEq for Mean {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}

impl Eq for Mean {}

impl PartialOrd for Mean {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Mean {
    fn cmp(&self, other: &Self) -> Ordering {
        (u128::from(self.sum) * u128::from(other.count))
            .cmp(&(u128::from(other.sum) * u128::from(self.count)))
    }
}

impl Serialize for Mean {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_f64(self.as_f64_2dp())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn boundary_comparisons_are_exact() {
        // 7 members, 490 points: exactly 70.
        let m = Mean::new(490, 7).unwrap();
        assert!(m.at_least(70));
        // 6999/100 = 69.99 is below 70.
        assert!(!Mean::new(6999, 100).unwrap().at_least(70));
        // 1/3 style means: 209/3 = 69.666…, 210/3 = 70.
        assert!(!Mean::new(209, 3).unwrap().at_least(70));
        assert!(Mean::new(210, 3).unwrap().at_least(70));
    }

    #[test]
    fn display_truncates_so_it_never_shows_a_higher_band() {
        // 69.999… must not print as 70.00.
        let m = Mean::new(69_999, 1000).unwrap();
        assert_eq!(m.display_2dp(), "69.99");
        assert_eq!(m.display_2dp_vi(), "69,99");
        assert_eq!(Mean::new(490, 7).unwrap().display_2dp(), "70.00");
        assert_eq!(Mean::new(1049, 15).unwrap().display_2dp(), "69.93");
        assert_eq!(Mean::new(1049, 15).unwrap().exact(), "1049/15");
    }

    #[test]
    fn empty_mean_is_none_and_ordering_cross_multiplies() {
        assert!(Mean::new(10, 0).is_none());
        assert!(Mean::new(2, 3).unwrap() < Mean::new(1, 1).unwrap());
        assert_eq!(Mean::new(2, 4).unwrap(), Mean::new(1, 2).unwrap());
    }
}
