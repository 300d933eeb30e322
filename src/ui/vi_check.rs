//! For tests: a Vietnamese text with no English sentence left in it (the same
//! words ui/refusal_text/tests.rs looks for), and no placeholder unfilled.

/// English words that would show a Vietnamese user an untranslated sentence
/// (the names and values in the tests are "x" or Vietnamese, so any hit is ours).
const ENGLISH: [&str; 14] = [
    " the ", " is ", " not ", " of ", "missing", "cannot", "refused", " file", " bytes",
    "expected", " has ", " with ", " more ", " must ",
];

/// Panics when `vi` equals `en` or still holds English or a `{`.
pub fn assert_vietnamese(vi: &str, en: &str, what: &dyn std::fmt::Debug) {
    assert_ne!(vi.trim(), en.trim(), "untranslated: {what:?}");
    let padded = format!(" {vi} ");
    for word in ENGLISH {
        assert!(!padded.contains(word), "{word:?} in {vi:?} ({what:?})");
    }
    assert!(!vi.contains('{'), "placeholder in {vi:?}");
}
