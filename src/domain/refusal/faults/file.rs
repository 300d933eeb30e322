//! Faults about one file: its path, its content (text, JSON), its media type, a
//! signature or a key.

use std::fmt;

use serde::Serialize;

/// What is wrong with a path written inside a bundle or package.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case", tag = "fault")]
pub enum PathFault {
    Empty,
    Unc,
    Backslash,
    Absolute,
    WindowsDrive,
    ControlCharacters,
    TooLong { bytes: usize },
    EmptyFolderName,
    Traversal { part: String },
    PartTooLong { bytes: usize },
    WindowsDevice { part: String },
    WindowsCharacter { part: String },
    TrailingSpaceOrDot { part: String },
}

impl fmt::Display for PathFault {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Empty => f.write_str("has an empty name"),
            Self::Unc => f.write_str(
                "is a network (UNC) path; only paths inside the bundle are allowed",
            ),
            Self::Backslash => f.write_str(
                "contains a backslash; paths inside a bundle use \"/\" (Windows paths are not allowed)",
            ),
            Self::Absolute => {
                f.write_str("is an absolute path; only paths inside the bundle are allowed")
            }
            Self::WindowsDrive => {
                f.write_str("is a Windows drive path; only paths inside the bundle are allowed")
            }
            Self::ControlCharacters => f.write_str("contains control characters"),
            Self::TooLong { bytes } => write!(f, "is {bytes} bytes long (at most 1024)"),
            Self::EmptyFolderName => f.write_str("has an empty folder name (\"//\")"),
            Self::Traversal { part } => write!(
                f,
                "contains \"{part}\"; a path must stay inside the bundle (path traversal)"
            ),
            Self::PartTooLong { bytes } => {
                write!(f, "has a name part of {bytes} bytes (at most 255)")
            }
            Self::WindowsDevice { part } => write!(
                f,
                "has a name part \"{part}\" that Windows reserves for a device (CON, PRN, AUX, NUL, COM1–9, LPT1–9), so the dossier could not be exported there"
            ),
            Self::WindowsCharacter { part } => write!(
                f,
                "has a name part \"{part}\" with a character Windows cannot store (< > : \" | ? *)"
            ),
            Self::TrailingSpaceOrDot { part } => write!(
                f,
                "has a name part ending in a space or a dot (\"{part}\"), which Windows cannot store"
            ),
        }
    }
}

/// What a file's bytes turned out to be (for "the content is …").
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case", tag = "kind")]
pub enum Content {
    Program { mime: String },
    Archive { mime: String },
    Audio { mime: String },
    Video { mime: String },
    Image { mime: String },
    OfficeDocument { mime: String },
    Font { mime: String },
    Binary { mime: String },
    Text,
    Unrecognised,
}

impl fmt::Display for Content {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (what, mime) = match self {
            Self::Program { mime } => ("a program or application file", mime),
            Self::Archive { mime } => ("an archive", mime),
            Self::Audio { mime } => ("audio", mime),
            Self::Video { mime } => ("video", mime),
            Self::Image { mime } => ("an image", mime),
            Self::OfficeDocument { mime } => ("an office document", mime),
            Self::Font { mime } => ("a font", mime),
            Self::Binary { mime } => ("a binary file", mime),
            Self::Text => return f.write_str("plain text"),
            Self::Unrecognised => return f.write_str("unrecognised binary data"),
        };
        write!(f, "{what} ({mime})")
    }
}

/// Why an attachment's type is not accepted.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case", tag = "fault")]
pub enum MediaFault {
    NoExtension {
        accepted: Vec<String>,
    },
    Unsupported {
        extension: String,
        accepted: Vec<String>,
        /// `None` for an empty file.
        content: Option<Content>,
    },
    Empty,
    Mismatch {
        extension: String,
        expected: String,
        content: Content,
    },
}

impl fmt::Display for MediaFault {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let list = |accepted: &[String]| {
            accepted
                .iter()
                .map(|e| format!(".{e}"))
                .collect::<Vec<_>>()
                .join(", ")
        };
        match self {
            Self::NoExtension { accepted } => {
                write!(f, "has no file extension; accepted: {}", list(accepted))
            }
            Self::Unsupported {
                extension,
                accepted,
                content,
            } => {
                write!(
                    f,
                    "unsupported file type \".{extension}\" (accepted: {})",
                    list(accepted)
                )?;
                match content {
                    Some(content) => write!(f, "; its content is {content}"),
                    None => Ok(()),
                }
            }
            Self::Empty => f.write_str("is empty (0 bytes)"),
            Self::Mismatch {
                extension,
                expected,
                content,
            } => write!(
                f,
                "content does not match its extension: the name says .{extension} ({expected}) but the content is {content}"
            ),
        }
    }
}

/// Why a signed file's signature does not hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum SignatureFault {
    /// A text editor added a byte-order mark.
    ByteOrderMark,
    /// CR LF line endings (an editor or a text-mode transfer).
    WindowsLineEndings,
    NoSignatureBlock,
    MalformedBlock,
    KeyNotValid,
    NotHex,
    WrongLength,
    /// The content was altered or damaged.
    DoesNotMatch,
}

impl fmt::Display for SignatureFault {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::ByteOrderMark => {
                "the package starts with a byte-order mark: a text editor re-saved it, which breaks its signature; use the file as it was exported"
            }
            Self::WindowsLineEndings => {
                "the package has Windows line endings (CR LF): an editor or a text-mode transfer changed it, which breaks its signature; copy the original file in binary mode"
            }
            Self::NoSignatureBlock => "the package has no signature block",
            Self::MalformedBlock => "the signature block is malformed",
            Self::KeyNotValid => "the public key is not valid",
            Self::NotHex => "the signature is not hex",
            Self::WrongLength => "the signature has the wrong length",
            Self::DoesNotMatch => {
                "the signature does not match the content: the package was altered or damaged"
            }
        })
    }
}

/// Why a text is not a usable public key.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum KeyFault {
    /// Not 64 hex digits.
    NotHex,
    /// Not a point on the curve.
    NotOnCurve,
    /// A small-order point: signatures under it prove nothing.
    Weak,
}
