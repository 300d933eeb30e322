//! What the command line prints: lines on stdout (a closed pipe ends quietly),
//! JSON, aligned tables, with control characters escaped so a name cannot drive
//! the terminal.

use super::{CliResult, Failure};

/// Text for the terminal: control characters (an escape sequence hidden in a
/// producer's name could recolour or rewrite the screen) are shown as `\u{1b}`;
/// line breaks and tabs stay when `keep_lines`.
pub fn escape_controls(text: &str, keep_lines: bool) -> std::borrow::Cow<'_, str> {
    let odd = |c: char| c.is_control() && !(keep_lines && matches!(c, '\n' | '\t'));
    if !text.chars().any(odd) {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if odd(c) {
            out.push_str(&c.escape_unicode().to_string());
        } else {
            out.push(c);
        }
    }
    std::borrow::Cow::Owned(out)
}

#[doc(hidden)]
pub fn write_line(args: std::fmt::Arguments<'_>) {
    use std::io::Write as _;
    let text = args.to_string();
    if let Err(e) = writeln!(std::io::stdout().lock(), "{}", escape_controls(&text, true)) {
        if e.kind() == std::io::ErrorKind::BrokenPipe {
            std::process::exit(0);
        }
        eprintln!("error: cannot write the output: {e}");
        std::process::exit(1);
    }
}

pub(super) fn print_json<T: serde::Serialize>(value: &T) -> CliResult {
    let text = serde_json::to_string_pretty(value)
        .map_err(|e| Failure(vec![format!("cannot write JSON: {e}")]))?;
    out!("{text}");
    Ok(())
}

/// Left-aligns `rows` into columns (width in characters, fine for Vietnamese NFC).
pub(super) fn print_table(header: &[&str], rows: &[Vec<String>]) {
    // One row per line: a line break in a name is escaped like any control character.
    let rows: Vec<Vec<String>> = rows
        .iter()
        .map(|row| {
            row.iter()
                .map(|c| escape_controls(c, false).into_owned())
                .collect()
        })
        .collect();
    let rows = &rows;
    let mut widths: Vec<usize> = header.iter().map(|h| h.chars().count()).collect();
    for row in rows {
        for (i, cell) in row.iter().enumerate() {
            if let Some(w) = widths.get_mut(i) {
                *w = (*w).max(cell.chars().count());
            }
        }
    }
    let line = |cells: Vec<String>| {
        let padded: Vec<String> = cells
            .iter()
            .zip(&widths)
            .map(|(c, w)| format!("{c}{}", " ".repeat(w - c.chars().count())))
            .collect();
        out!("{}", padded.join("  ").trim_end());
    };
    line(header.iter().map(|h| h.to_string()).collect());
    line(widths.iter().map(|w| "-".repeat(*w)).collect());
    for row in rows {
        line(row.clone());
    }
}

#[cfg(test)]
mod tests {
    use super::escape_controls;

    #[test]
    fn control_characters_are_escaped_and_vietnamese_is_not() {
        assert_eq!(escape_controls("Gạo ST25", false), "Gạo ST25");
        assert_eq!(
            escape_controls("HTX\u{1b}[31m đỏ", true),
            "HTX\\u{1b}[31m đỏ"
        );
        assert_eq!(escape_controls("a\nb", true), "a\nb");
        assert_eq!(escape_controls("a\nb", false), "a\\u{a}b");
    }
}
