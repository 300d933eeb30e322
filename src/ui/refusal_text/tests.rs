//! Every problem and subject reads in both languages, with no English left in the
//! Vietnamese text.

use super::*;
use crate::domain::ids::{MemberId, ProductId, RoundId, SheetId};

mod imports;

/// One of every problem (and every fault inside one), for the checks below.
fn every_problem() -> Vec<Problem> {
    let s = || "x".to_string();
    let mut all = vec![
        Problem::missing("format"),
        Problem::MissingField {
            field: s(),
            of: Some(s()),
        },
        Problem::RequiredFor {
            field: s(),
            registration_type: s(),
        },
        Problem::NotOneOf {
            field: s(),
            value: s(),
            of: None,
            allowed: vec![s()],
        },
        Problem::TooLong {
            field: s(),
            chars: 2,
            cap: 1,
        },
        Problem::TooMany {
            what: s(),
            count: 2,
            cap: 1,
        },
        Problem::FileTooBig {
            size_bytes: 2,
            cap_bytes: 1,
        },
        Problem::NotARegularFile { kind: s() },
        Problem::CannotRead { detail: s() },
        Problem::CannotOpen { detail: s() },
        Problem::Utf16,
        Problem::NotUtf8 {
            offset: 1,
            byte: 0xe1,
        },
        Problem::InvalidJson {
            line: 1,
            column: 2,
            at: Some(s()),
            detail: s(),
        },
        Problem::WrongFormat {
            found: s(),
            expected: vec![s(), s()],
        },
        Problem::WrongHeader {
            found: s(),
            expected: s(),
        },
        Problem::UnknownCriterion {
            field: s(),
            criterion: s(),
            product_set: 1,
        },
        Problem::NotAnOption {
            field: s(),
            criterion: s(),
            option: s(),
        },
        Problem::Duplicate {
            field: s(),
            value: s(),
            first: None,
        },
        Problem::Duplicate {
            field: s(),
            value: s(),
            first: Some(s()),
        },
        Problem::NotAssessedByCommune {
            field: s(),
            criterion: s(),
            product_set: 1,
            assessed: vec![s()],
        },
        Problem::NeitherOptionNorText {
            field: s(),
            criterion: s(),
        },
        Problem::RequestBeforeReport {
            request: s(),
            report: s(),
        },
        Problem::ControlCharacter {
            field: s(),
            code: 7,
        },
        Problem::UnknownProductSet {
            field: s(),
            value: 27,
            criteria: s(),
            range: Some((1, 26)),
        },
        Problem::ManifestListed { field: s() },
        Problem::NeedsNewerFormat {
            field: s(),
            value: Some(s()),
            needs: s(),
            found: s(),
        },
        Problem::missing("x").in_file("a.pdf"),
        Problem::InRow {
            row: 2,
            problem: Box::new(Problem::missing("x")),
        },
        Problem::Detail(s()),
    ];
    for expected in [
        Expected::Uid,
        Expected::Sha256,
        Expected::Rfc3339Time,
        Expected::IsoDate,
        Expected::RealDate,
        Expected::ProductCode,
        Expected::CertifiedStar,
        Expected::WholeNumber,
        Expected::YesNo,
    ] {
        all.push(Problem::BadValue {
            field: s(),
            value: s(),
            expected,
        });
    }
    for fault in [
        PathFault::Empty,
        PathFault::Unc,
        PathFault::Backslash,
        PathFault::Absolute,
        PathFault::WindowsDrive,
        PathFault::ControlCharacters,
        PathFault::TooLong { bytes: 2000 },
        PathFault::EmptyFolderName,
        PathFault::Traversal { part: "..".into() },
        PathFault::PartTooLong { bytes: 300 },
        PathFault::WindowsDevice { part: "CON".into() },
        PathFault::WindowsCharacter { part: "a?".into() },
        PathFault::TrailingSpaceOrDot { part: "a.".into() },
    ] {
        all.push(Problem::UnsafeName(fault.clone()));
        all.push(Problem::UnsafePath {
            field: Some(s()),
            path: s(),
            fault,
        });
    }
    let mime = || "application/x".to_string();
    for content in [
        Content::Program { mime: mime() },
        Content::Archive { mime: mime() },
        Content::Audio { mime: mime() },
        Content::Video { mime: mime() },
        Content::Image { mime: mime() },
        Content::OfficeDocument { mime: mime() },
        Content::Font { mime: mime() },
        Content::Binary { mime: mime() },
        Content::Text,
        Content::Unrecognised,
    ] {
        all.push(Problem::WrongMediaType(MediaFault::Mismatch {
            extension: "pdf".into(),
            expected: mime(),
            content,
        }));
    }
    all.extend([
        Problem::WrongMediaType(MediaFault::NoExtension {
            accepted: vec!["pdf".into()],
        }),
        Problem::WrongMediaType(MediaFault::Unsupported {
            extension: "exe".into(),
            accepted: vec!["pdf".into()],
            content: Some(Content::Text),
        }),
        Problem::WrongMediaType(MediaFault::Empty),
    ]);
    for fault in [
        SignatureFault::ByteOrderMark,
        SignatureFault::WindowsLineEndings,
        SignatureFault::NoSignatureBlock,
        SignatureFault::MalformedBlock,
        SignatureFault::KeyNotValid,
        SignatureFault::NotHex,
        SignatureFault::WrongLength,
        SignatureFault::DoesNotMatch,
    ] {
        all.push(Problem::BadSignature(fault));
    }
    for fault in [KeyFault::NotHex, KeyFault::NotOnCurve, KeyFault::Weak] {
        all.push(Problem::BadKey { key: s(), fault });
    }
    for fault in [
        BundleFault::NoManifest,
        BundleFault::TooManyListed { count: 2, cap: 1 },
        BundleFault::ListedButAbsent { near: Some(s()) },
        BundleFault::NotListed,
        BundleFault::FileOverLimit {
            size_bytes: 2,
            cap_bytes: 1,
        },
        BundleFault::TotalOverLimit {
            cap_bytes: 1,
            stopped_at: s(),
        },
        BundleFault::ReadOverLimit { cap_bytes: 1 },
        BundleFault::CompressionRatio {
            read_bytes: 2,
            compressed_bytes: 1,
        },
        BundleFault::NameNotUtf8,
        BundleFault::TooDeep { max_depth: 1 },
        BundleFault::SymbolicLink,
        BundleFault::SpecialFile,
        BundleFault::SameNameAs { first: s() },
        BundleFault::Encrypted,
        BundleFault::UnsupportedCompression { method: s() },
        BundleFault::TooManyEntries {
            count: Some(2),
            cap: 1,
        },
        BundleFault::TooManyEntries {
            count: None,
            cap: 1,
        },
        BundleFault::DuplicateEntries,
        BundleFault::OverlappingEntries,
        BundleFault::NeitherFolderNorZip,
        BundleFault::NotAZip { detail: s() },
        BundleFault::Damaged { detail: s() },
    ] {
        all.push(Problem::Bundle(fault));
    }
    for fault in [
        PackageFault::IsAFolder { extension: s() },
        PackageFault::NotAPackage { manifest: s() },
        PackageFault::NotListed { manifest: s() },
        PackageFault::Absent { manifest: s() },
        PackageFault::UnexpectedName,
        PackageFault::NotNamedBySha,
        PackageFault::HashMismatch,
        PackageFault::RoundFinalized { status: s() },
        PackageFault::CriteriaNotListed { path: s() },
        PackageFault::SnapshotNotRead { path: s() },
        PackageFault::SnapshotNotUtf8 { path: s() },
        PackageFault::NotACriteriaSheet {
            path: s(),
            detail: s(),
        },
        PackageFault::SnapshotOfOtherSet {
            found: 1,
            listed: 2,
        },
        PackageFault::SnapshotOfOtherCriteria {
            found: s(),
            round: s(),
        },
        PackageFault::SecondSheetForSet { product_set: 1 },
        PackageFault::KeyOfAnotherMember,
        PackageFault::KeyNotLowercase,
        PackageFault::TooManyChairs { count: 2 },
        PackageFault::ProductWithoutName,
        PackageFault::NoSheetForSet { product_set: 1 },
        PackageFault::NotANewVersion { version: 0 },
        PackageFault::ContentHashMismatch,
        PackageFault::AttachmentAbsent { sha256: s() },
        PackageFault::SizeMismatch {
            listed: 1,
            actual: 2,
        },
        PackageFault::MediaTypeMismatch {
            listed: s(),
            actual: s(),
        },
        PackageFault::UnsafeListedPath { path: s() },
        PackageFault::RecusalUnknown,
        PackageFault::PresidingUnknown,
        PackageFault::PresidingDoesNotVote { name: s() },
        PackageFault::PresidingRecused { name: s() },
        PackageFault::PresidingChairNotRecused,
        PackageFault::SecondSheet { product: s() },
        PackageFault::SubmittedWithoutTime,
        PackageFault::IdTooLong {
            start: s(),
            bytes: 100,
            cap: 64,
        },
    ] {
        all.push(Problem::Package(fault));
    }
    for fault in [
        TableFault::NotASpreadsheet { detail: s() },
        TableFault::NoSheet,
        TableFault::CannotReadSheet { detail: s() },
        TableFault::BadCsvRecord {
            row: 1,
            detail: s(),
        },
        TableFault::EmptyFile,
        TableFault::TooManyRows { count: 2, cap: 1 },
        TableFault::NoRows,
        TableFault::UnknownColumn { column: s() },
        TableFault::ColumnTwice { column: s() },
        TableFault::MissingColumn { column: s() },
        TableFault::EmptyCell(ListCell::ProductName),
        TableFault::EmptyCell(ListCell::Producer),
        TableFault::EmptyCell(ListCell::ProductSet),
        TableFault::NotASetNumber { text: s() },
    ] {
        all.push(Problem::Table(fault));
    }
    let (m, p, r) = (MemberId(1), ProductId(2), RoundId(3));
    for fault in [
        StoreFault::NothingLeftToScore { status: s() },
        StoreFault::SecretarysCopy { round: r },
        StoreFault::RollsBack {
            exported_at: s(),
            latest: s(),
        },
        StoreFault::RoundFrozenHere {
            round: r,
            status: s(),
        },
        StoreFault::OtherCriteriaSet {
            here: s(),
            package: s(),
        },
        StoreFault::OtherSnapshots,
        StoreFault::UidOfAnotherRound {
            table: s(),
            uid: s(),
            id: 1,
            round: 2,
        },
        StoreFault::ProductSetMoves {
            product: p,
            name: s(),
            from: 1,
            to: 2,
        },
        StoreFault::BackToSetupWithSheets { sheets: 2 },
        StoreFault::ReasonRequired,
        StoreFault::NoMemberChosen,
        StoreFault::NotOnCouncil {
            member: m,
            round: r,
        },
        StoreFault::Recused {
            member: m,
            product: p,
        },
        StoreFault::SheetNotSubmitted {
            sheet: SheetId(4),
            member: m,
        },
        StoreFault::NoSheet {
            member: m,
            product: p,
        },
        StoreFault::DossiersClosed {
            round: r,
            status: s(),
        },
        StoreFault::NewProductOnlyInSetup {
            round: r,
            status: s(),
        },
        StoreFault::ProductSetScored {
            product: p,
            name: s(),
            scored_set: 1,
            new_set: 2,
        },
        StoreFault::IssuedByApp {
            row: s(),
            certificate: s(),
            issued_by: s(),
        },
    ] {
        all.push(Problem::Store(fault));
    }
    // The store's refusals by idea (sheet, council, certificate, setup, merge).
    all.extend(super::store::examples::every_store_problem());
    all.extend(imports::every_import_problem());
    all
}

/// English words that would show a Vietnamese user an untranslated sentence
/// (field names and values in the tests above are "x", so any hit is ours).
const ENGLISH: [&str; 14] = [
    " the ", " is ", " not ", " of ", "missing", "cannot", "refused", " file", " bytes",
    "expected", " has ", " with ", " more ", " must ",
];

#[test]
fn every_problem_reads_in_vietnamese_without_english_left() {
    let problems = every_problem();
    assert!(problems.len() > 230, "{}", problems.len());
    for problem in &problems {
        let vi = format!(" {} ", problem_text(Lang::Vi, problem));
        let en = problem_text(Lang::En, problem);
        assert_ne!(vi.trim(), en, "untranslated: {problem:?}");
        for word in ENGLISH {
            assert!(!vi.contains(word), "{word:?} in {vi:?} ({problem:?})");
        }
        assert!(
            !vi.contains("{}") && !vi.contains('{'),
            "placeholder in {vi:?}"
        );
    }
}

#[test]
fn every_subject_is_named_in_both_languages() {
    for subject in [
        Subject::DossierBundle,
        Subject::RoundPackage { round: None },
        Subject::RoundPackage {
            round: Some("Đợt 1".into()),
        },
        Subject::SheetsPackage,
        Subject::ProductList,
        Subject::CatalogueFile,
        Subject::CatalogueImport,
        Subject::SheetFile,
        Subject::SignedPayload,
        Subject::Key,
        Subject::Attachment,
        Subject::Rescore {
            product: ProductId(7),
        },
    ]
    .into_iter()
    .chain(
        super::store::examples::every_store_operation()
            .into_iter()
            .map(Subject::Store),
    ) {
        let vi = subject_text(Lang::Vi, &subject);
        assert_ne!(vi, subject_text(Lang::En, &subject), "{subject:?}");
        let padded = format!(" {vi} ");
        for word in ENGLISH {
            assert!(!padded.contains(word), "{word:?} in {vi:?} ({subject:?})");
        }
    }
    let refusal = Refusal::one(Subject::SheetsPackage, Problem::Utf16);
    let (heading, lines) = refusal_text(Lang::Vi, &refusal);
    assert_eq!(heading, "Bị từ chối (gói phiếu chấm):");
    assert_eq!(lines.len(), 1);
}
