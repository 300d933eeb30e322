//! Saving a certificate PDF small: a province prints 300+ of them a year, each its
//! own file, and most of a file is the two embedded serif subsets.
//!
//! On top of printpdf's output (subsetted fonts, compressed streams):
//! - the embedded TrueType programs keep only the tables a CID-keyed font uses
//!   (ISO 32000-1 §9.9: with a CIDFont "the 'cmap' table is not needed", the PDF's
//!   CIDToGIDMap picks the glyphs); the name and cmap tables go, the outlines and
//!   metrics stay byte for byte, so the glyphs drawn are the same;
//! - the small dictionaries go into a compressed object stream with a
//!   cross-reference stream (PDF 1.5, read by every current viewer).
//!
//! - the ToUnicode maps (what makes the text extractable) say the same in fewer
//!   lines (to_unicode.rs).

use lopdf::{Document, Object, ObjectId};

use super::to_unicode;

/// Tables a TrueType program embedded under a CIDFont needs (the hinting tables
/// only if the face has them; tools/fonts/strip-serif.sh removes them).
const KEPT_TABLES: [[u8; 4]; 10] = [
    *b"head", *b"hhea", *b"maxp", *b"loca", *b"glyf", *b"hmtx", *b"post", *b"cvt ", *b"fpgm",
    *b"prep",
];
/// Without these there is no font to draw with: leave such a program alone.
const REQUIRED_TABLES: [[u8; 4]; 4] = [*b"head", *b"glyf", *b"loca", *b"hmtx"];

/// Writes `doc` compactly; `None` if lopdf refuses (the caller then saves it
/// the ordinary way).
pub(super) fn save(mut doc: Document) -> Option<Vec<u8>> {
    trim_font_programs(&mut doc);
    compact_to_unicode_maps(&mut doc);
    doc.compress();
    let mut bytes = Vec::new();
    doc.save_modern(&mut bytes).ok()?;
    Some(bytes)
}

/// The streams that dictionaries of `doc` name under `key`.
fn streams_under(doc: &Document, key: &[u8]) -> Vec<ObjectId> {
    doc.objects
        .values()
        .filter_map(|o| o.as_dict().ok())
        .filter_map(|d| d.get(key).ok())
        .filter_map(|o| o.as_reference().ok())
        .collect()
}

/// Replaces the content of stream `id` by `rewrite(content)` (uncompressed;
/// compressed again on saving): the new length, or `None` when it stays as it was.
fn rewrite_stream(
    doc: &mut Document,
    id: ObjectId,
    rewrite: impl Fn(&[u8]) -> Option<Vec<u8>>,
) -> Option<usize> {
    let stream = doc
        .get_object_mut(id)
        .and_then(Object::as_stream_mut)
        .ok()?;
    let new = rewrite(&stream.decompressed_content().ok()?)?;
    let length = new.len();
    stream.set_plain_content(new);
    Some(length)
}

/// Replaces every `/FontFile2` program by its trimmed copy (left as is when it
/// does not parse as a TrueType font).
fn trim_font_programs(doc: &mut Document) {
    for id in streams_under(doc, b"FontFile2") {
        if let Some(length) = rewrite_stream(doc, id, keep_tables)
            && let Ok(stream) = doc.get_object_mut(id).and_then(Object::as_stream_mut)
        {
            // The program's own length, which the format asks for besides /Length.
            stream.dict.set("Length1", length as i64);
        }
    }
}

fn compact_to_unicode_maps(doc: &mut Document) {
    for id in streams_under(doc, b"ToUnicode") {
        rewrite_stream(doc, id, to_unicode::compact);
    }
}

fn read_u16(bytes: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_be_bytes(bytes.get(at..at + 2)?.try_into().ok()?))
}

fn read_u32(bytes: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_be_bytes(bytes.get(at..at + 4)?.try_into().ok()?))
}

/// The OpenType checksum: the sum of big-endian u32 words, zero-padded.
fn checksum(bytes: &[u8]) -> u32 {
    bytes.chunks(4).fold(0u32, |sum, chunk| {
        let mut word = [0u8; 4];
        word[..chunk.len()].copy_from_slice(chunk);
        sum.wrapping_add(u32::from_be_bytes(word))
    })
}

/// A TrueType font (sfnt version 1.0 or 'true') with only [`KEPT_TABLES`]:
/// table data copied unchanged, a new directory, checksums recomputed. `None` for
/// anything else (CFF, collections, damaged data) or when nothing would go.
fn keep_tables(font: &[u8]) -> Option<Vec<u8>> {
    let version = read_u32(font, 0)?;
    if version != 0x0001_0000 && version != u32::from_be_bytes(*b"true") {
        return None;
    }
    let count = usize::from(read_u16(font, 4)?);
    let mut kept: Vec<([u8; 4], &[u8])> = Vec::with_capacity(count);
    for i in 0..count {
        let record = 12 + 16 * i;
        let tag: [u8; 4] = font.get(record..record + 4)?.try_into().ok()?;
        let offset = usize::try_from(read_u32(font, record + 8)?).ok()?;
        let length = usize::try_from(read_u32(font, record + 12)?).ok()?;
        if KEPT_TABLES.contains(&tag) {
            kept.push((tag, font.get(offset..offset.checked_add(length)?)?));
        }
    }
    let has = |name: &[u8; 4]| kept.iter().any(|(tag, _)| tag == name);
    if kept.len() == count || !REQUIRED_TABLES.iter().all(has) {
        return None;
    }
    // Tables stay in tag order, as the format asks.
    kept.sort_by_key(|(tag, _)| *tag);
    let n = kept.len();
    let power = 1usize << n.ilog2();
    let mut out = Vec::with_capacity(font.len());
    out.extend_from_slice(&version.to_be_bytes());
    for field in [n, power * 16, n.ilog2() as usize, n * 16 - power * 16] {
        out.extend_from_slice(&u16::try_from(field).ok()?.to_be_bytes());
    }
    let mut offset = 12 + 16 * n;
    let mut head_at = None;
    for (tag, data) in &kept {
        if tag == b"head" {
            head_at = Some(offset);
        }
        out.extend_from_slice(tag);
        out.extend_from_slice(&checksum_of_table(tag, data).to_be_bytes());
        out.extend_from_slice(&u32::try_from(offset).ok()?.to_be_bytes());
        out.extend_from_slice(&u32::try_from(data.len()).ok()?.to_be_bytes());
        offset += data.len().next_multiple_of(4);
    }
    for (_, data) in &kept {
        out.extend_from_slice(data);
        out.resize(out.len().next_multiple_of(4), 0);
    }
    // head.checkSumAdjustment makes the whole file sum to 0xB1B0AFBA.
    let adjustment_at = head_at? + 8;
    out.get_mut(adjustment_at..adjustment_at + 4)?
        .copy_from_slice(&[0; 4]);
    let adjustment = 0xB1B0_AFBAu32.wrapping_sub(checksum(&out));
    out.get_mut(adjustment_at..adjustment_at + 4)?
        .copy_from_slice(&adjustment.to_be_bytes());
    Some(out)
}

/// A table's checksum; head's is taken with its checkSumAdjustment as zero.
fn checksum_of_table(tag: &[u8; 4], data: &[u8]) -> u32 {
    if tag == b"head" && data.len() >= 12 {
        let mut head = data.to_vec();
        head[8..12].copy_from_slice(&[0; 4]);
        checksum(&head)
    } else {
        checksum(data)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_serif_face_keeps_its_outlines_and_loses_cmap_and_name() {
        let font = include_bytes!("../../../assets/fonts/DejaVuSerif.ttf");
        let trimmed = keep_tables(font).unwrap();
        assert!(trimmed.len() < font.len());
        let tables = |bytes: &[u8]| -> Vec<([u8; 4], Vec<u8>)> {
            let n = usize::from(read_u16(bytes, 4).unwrap());
            (0..n)
                .map(|i| {
                    let r = 12 + 16 * i;
                    let off = read_u32(bytes, r + 8).unwrap() as usize;
                    let len = read_u32(bytes, r + 12).unwrap() as usize;
                    (
                        bytes[r..r + 4].try_into().unwrap(),
                        bytes[off..off + len].to_vec(),
                    )
                })
                .collect()
        };
        let before = tables(font);
        let after = tables(&trimmed);
        let tags: Vec<&[u8]> = after.iter().map(|(t, _)| &t[..]).collect();
        assert!(!tags.contains(&&b"cmap"[..]) && !tags.contains(&&b"name"[..]));
        for tag in [b"glyf", b"loca", b"hmtx", b"hhea", b"maxp"] {
            let old = before.iter().find(|(t, _)| t == tag).unwrap();
            let new = after.iter().find(|(t, _)| t == tag).unwrap();
            assert_eq!(old.1, new.1, "{}", String::from_utf8_lossy(tag));
        }
        // The whole file sums to the magic number, as the format asks.
        assert_eq!(checksum(&trimmed), 0xB1B0_AFBA);
        // Not a TrueType font: left alone.
        assert!(keep_tables(b"OTTO and more bytes").is_none());
        assert!(keep_tables(&font[..40]).is_none());
    }
}
