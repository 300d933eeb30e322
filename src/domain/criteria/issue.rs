//! What the validator found wrong with a criteria sheet, as data: where (an element
//! path such as `C.7.a`) and what ([`IssueKind`]). `Display` is English, for the CLI
//! (`criteria check`, `criteria show`); the GUI says it in the user's language
//! (ui/refusal_text/criteria.rs).

use std::fmt;

use serde::Serialize;

/// One problem found in a sheet, located by an element path such as `C.7.a`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Issue {
    pub path: String,
    pub kind: IssueKind,
}

/// Serialised as it was before the kind was typed: the path and the English message.
impl Serialize for Issue {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct as _;
        let mut s = serializer.serialize_struct("Issue", 2)?;
        s.serialize_field("path", &self.path)?;
        s.serialize_field("message", &self.kind.to_string())?;
        s.end()
    }
}

impl fmt::Display for Issue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.path, self.kind)
    }
}

/// What is wrong at an issue's path.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum IssueKind {
    // The structure: any of these rejects the file.
    /// The file's `format` is not the sheet format.
    WrongFormat {
        expected: String,
        found: String,
    },
    /// A criteria set id that is not lowercase letters, digits and '-'.
    BadSetId {
        id: String,
    },
    /// Product set 0.
    ProductSetZero,
    /// Parts other than A, B, C in that order.
    WrongParts {
        found: Vec<String>,
    },
    PartWithoutSections,
    /// A section id that does not follow its part and number.
    SectionId {
        want: String,
    },
    /// A section numbered at or below the one before it.
    SectionOrder,
    /// An id given twice (section, criterion or option).
    DuplicateId,
    SectionWithoutCriteria,
    /// A criterion id that does not follow its section and letter.
    CriterionId {
        want: String,
    },
    /// A star mark other than 3, 4 or 5.
    StarMark {
        mark: u8,
    },
    CriterionWithoutOptions,
    /// An option id that does not follow its criterion and position.
    OptionId {
        want: String,
    },
    OptionWithoutWording,
    // The arithmetic: these reject a file that claims its sums check.
    /// A criterion's printed maximum that its best option does not give.
    MaximumDiffers {
        declared: u32,
        best: u32,
    },
    /// A criterion without a printed maximum.
    NoMaximum {
        best: u32,
    },
    /// A section whose criteria do not add up to its maximum.
    SectionSum {
        sum: u32,
        declared: u32,
    },
    /// A part whose sections do not add up to its maximum.
    PartSum {
        sum: u32,
        declared: u32,
    },
    /// A part whose maximum is not QĐ 148's.
    PartPoints {
        part: String,
        declared: u32,
        want: u32,
    },
    /// Parts that do not add up to 100.
    TotalPoints {
        total: u32,
        want: u32,
    },
    /// Marked "corrected" without listing a correction.
    CorrectedWithoutCorrections,
}

impl fmt::Display for IssueKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::WrongFormat { expected, found } => {
                write!(f, "expected \"{expected}\", found \"{found}\"")
            }
            Self::BadSetId { id } => {
                write!(
                    f,
                    "\"{id}\" must be non-empty lowercase letters, digits and '-'"
                )
            }
            Self::ProductSetZero => f.write_str("must be 1 or more"),
            Self::WrongParts { found } => {
                write!(f, "expected parts A, B, C in order, found {found:?}")
            }
            Self::PartWithoutSections => f.write_str("part has no sections"),
            Self::SectionId { want } => write!(f, "section id should be \"{want}\""),
            Self::SectionOrder => f.write_str("sections must be numbered in increasing order"),
            Self::DuplicateId => f.write_str("duplicate id"),
            Self::SectionWithoutCriteria => f.write_str("section has no criteria"),
            Self::CriterionId { want } => write!(f, "criterion id should be \"{want}\""),
            Self::StarMark { mark } => write!(f, "star mark {mark} is not 3, 4 or 5"),
            Self::CriterionWithoutOptions => f.write_str("criterion has no options"),
            Self::OptionId { want } => write!(
                f,
                "option id should be \"{want}\" (its position on the form)"
            ),
            Self::OptionWithoutWording => f.write_str("option has no wording"),
            Self::MaximumDiffers { declared, best } => write!(
                f,
                "declared maximum {declared} but the best option gives {best}"
            ),
            Self::NoMaximum { best } => {
                write!(f, "no maximum printed (best option gives {best})")
            }
            Self::SectionSum { sum, declared } => {
                write!(f, "criteria add up to {sum}, section declares {declared}")
            }
            Self::PartSum { sum, declared } => {
                write!(f, "sections declare {sum} in all, part declares {declared}")
            }
            Self::PartPoints {
                part,
                declared,
                want,
            } => write!(
                f,
                "part declares {declared}, QĐ 148 gives part {part} {want} points"
            ),
            Self::TotalPoints { total, want } => {
                write!(f, "parts add up to {total}, not {want}")
            }
            Self::CorrectedWithoutCorrections => {
                f.write_str("status is \"corrected\" but no correction is listed")
            }
        }
    }
}
