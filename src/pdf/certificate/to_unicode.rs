//! A shorter ToUnicode map (the table that lets `pdftotext`, search and copy turn
//! glyphs back into Vietnamese text) with the same mappings.
//!
//! printpdf writes one `<glyph> <character>` line per glyph. The subset numbers
//! its glyphs in the font's order, which for DejaVu follows Unicode in long
//! stretches (digits, A–Z, a–z, the Vietnamese block), so most lines fold into
//! `bfrange` entries (`<0007> <000D> <0030>`: seven digits in one line). About
//! 0.4 KB less per certificate.

/// The rewritten map, or `None` when `cmap` is not a plain list of `bfchar`
/// entries (then it is left as it is).
pub(super) fn compact(cmap: &[u8]) -> Option<Vec<u8>> {
    let text = std::str::from_utf8(cmap).ok()?;
    if text.contains("beginbfrange") {
        return None;
    }
    let pairs = bfchar_pairs(text)?;
    if pairs.is_empty() {
        return None;
    }
    let (ranges, singles) = fold_ranges(&pairs);
    Some(write_cmap(&ranges, &singles).into_bytes())
}

/// One mapping: a 2-byte glyph code to one or more UTF-16 code units.
type Pair = (u16, Vec<u16>);

/// Every `<code> <unicode>` line between `beginbfchar` and `endbfchar`.
fn bfchar_pairs(text: &str) -> Option<Vec<Pair>> {
    let mut pairs = Vec::new();
    let mut inside = false;
    for line in text.lines().map(str::trim) {
        if line.ends_with("beginbfchar") {
            inside = true;
        } else if line == "endbfchar" {
            inside = false;
        } else if inside {
            pairs.push(parse_pair(line)?);
        }
    }
    Some(pairs)
}

fn hex_units(hex: &str) -> Option<Vec<u16>> {
    if hex.is_empty() || !hex.len().is_multiple_of(4) {
        return None;
    }
    (0..hex.len())
        .step_by(4)
        .map(|i| u16::from_str_radix(hex.get(i..i + 4)?, 16).ok())
        .collect()
}

/// `<0007> <0030>` → (7, [0x30]).
fn parse_pair(line: &str) -> Option<Pair> {
    let mut parts = line
        .split(['<', '>'])
        .map(str::trim)
        .filter(|p| !p.is_empty());
    let code = hex_units(parts.next()?)?;
    let unicode = hex_units(parts.next()?)?;
    match (code.as_slice(), parts.next()) {
        ([code], None) => Some((*code, unicode)),
        _ => None,
    }
}

/// Runs of consecutive codes mapped to consecutive single characters become
/// ranges (start, end, first character); within one high byte, as the CMap
/// format asks of both the codes and the characters. The rest stay single.
fn fold_ranges(pairs: &[Pair]) -> (Vec<(u16, u16, u16)>, Vec<Pair>) {
    let mut sorted = pairs.to_vec();
    sorted.sort_by_key(|(code, _)| *code);
    let mut ranges = Vec::new();
    let mut singles = Vec::new();
    let mut i = 0;
    while i < sorted.len() {
        let mut j = i;
        while let (Some((code, unicode)), Some((next_code, next_unicode))) =
            (sorted.get(j), sorted.get(j + 1))
        {
            let continues = matches!((unicode.as_slice(), next_unicode.as_slice()),
                ([u], [n]) if u.checked_add(1) == Some(*n) && n >> 8 == u >> 8)
                && code.checked_add(1) == Some(*next_code)
                && next_code >> 8 == code >> 8;
            if !continues {
                break;
            }
            j += 1;
        }
        if j > i {
            ranges.push((sorted[i].0, sorted[j].0, sorted[i].1[0]));
        } else {
            singles.push(sorted[i].clone());
        }
        i = j + 1;
    }
    (ranges, singles)
}

fn write_cmap(ranges: &[(u16, u16, u16)], singles: &[Pair]) -> String {
    use std::fmt::Write as _;
    let mut out = String::from(
        "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n\
         /CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n\
         /CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n\
         1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n",
    );
    // At most 100 entries per block (the CMap format's limit).
    for block in singles.chunks(100) {
        let _ = writeln!(out, "{} beginbfchar", block.len());
        for (code, unicode) in block {
            let hex: String = unicode.iter().map(|u| format!("{u:04X}")).collect();
            let _ = writeln!(out, "<{code:04X}> <{hex}>");
        }
        out.push_str("endbfchar\n");
    }
    for block in ranges.chunks(100) {
        let _ = writeln!(out, "{} beginbfrange", block.len());
        for (start, end, first) in block {
            let _ = writeln!(out, "<{start:04X}> <{end:04X}> <{first:04X}>");
        }
        out.push_str("endbfrange\n");
    }
    out.push_str("endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every code's characters, as a map would give them back.
    fn expand(ranges: &[(u16, u16, u16)], singles: &[Pair]) -> Vec<Pair> {
        let mut all: Vec<Pair> = singles.to_vec();
        for &(start, end, first) in ranges {
            for code in start..=end {
                all.push((code, vec![first + (code - start)]));
            }
        }
        all.sort_by_key(|(code, _)| *code);
        all
    }

    #[test]
    fn folding_keeps_every_mapping() {
        let source = "12 dict begin\n5 beginbfchar\n<0001> <0020>\n<0007> <0030>\n<0008> <0031>\n\
                      <0009> <0032>\n<000A> <1EA1>\nendbfchar\n2 beginbfchar\n<00FF> <0041>\n\
                      <0100> <0042>\nendbfchar\nendcmap\n";
        let pairs = bfchar_pairs(source).unwrap();
        assert_eq!(pairs.len(), 7);
        let (ranges, singles) = fold_ranges(&pairs);
        // 0007–0009 fold; 00FF→0100 crosses a high byte and stays two singles.
        assert_eq!(ranges, [(7, 9, 0x30)]);
        assert_eq!(singles.len(), 4);
        let mut sorted = pairs.clone();
        sorted.sort_by_key(|(code, _)| *code);
        assert_eq!(expand(&ranges, &singles), sorted);
        let written = String::from_utf8(compact(source.as_bytes()).unwrap()).unwrap();
        assert!(
            written.contains("1 beginbfrange\n<0007> <0009> <0030>\n"),
            "{written}"
        );
        assert!(written.contains("<000A> <1EA1>"), "{written}");
    }

    #[test]
    fn anything_unexpected_is_left_alone() {
        assert!(compact(b"1 beginbfrange\n<0001> <0002> <0041>\nendbfrange\n").is_none());
        assert!(compact(b"1 beginbfchar\n<01> <0041>\nendbfchar\n").is_none());
        assert!(compact(b"no mappings at all").is_none());
        // Several characters for one glyph (a ligature) stay one bfchar line.
        let fi = compact(b"1 beginbfchar\n<0005> <00660069>\nendbfchar\n").unwrap();
        assert!(String::from_utf8(fi).unwrap().contains("<0005> <00660069>"));
    }
}
