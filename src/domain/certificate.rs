//! Star certificates (giấy chứng nhận sản phẩm OCOP) as data: who gets one, the
//! number, the validity, the digest that ties a certificate to the round's audit
//! chain, and the compact payload printed in the QR code.
//!
//! Pure: the store allocates numbers and keeps the rows; the PDF layer draws them.

use chrono::{Months, NaiveDate};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use unicode_normalization::UnicodeNormalization;

use super::council::{Certification, ProductResult};
use super::ids::{ProductId, RoundId};
use super::round::RoundLevel;

/// Certificates are valid 36 months from issue (QĐ 148; ocop-domain.md §3.4).
pub const VALIDITY_MONTHS: u32 = 36;

/// The producers are notified at least 30 days before expiry.
pub const DEFAULT_NOTICE_DAYS: u32 = 30;

/// The suffix of a certificate number, as in "012/2026/GCN-OCOP".
pub const NUMBER_SUFFIX: &str = "GCN-OCOP";

/// Whether this round's council certifies the product: a provincial round certifies
/// 3★ and 4★ (5★ is recommended upward to the Ministry), a central round 5★
/// (QĐ 1489/2025). Decided from the level again, not only from the stored result.
pub fn certified_by(level: RoundLevel, result: &ProductResult) -> bool {
    Certification::for_level(level, result.certifiable, result.stars).certified_here()
}

/// Who issues a round's certificates: the authority, the place written before the
/// date, and the signatory's title and name from ONE record, stored with each
/// certificate when it is issued (so later settings never change what it prints).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Issuer {
    /// e.g. "ỦY BAN NHÂN DÂN TỈNH SÓC TRĂNG" or "BỘ NÔNG NGHIỆP VÀ MÔI TRƯỜNG".
    pub authority: String,
    pub place_name: String,
    /// One line per '\n', e.g. "TM. ỦY BAN NHÂN DÂN\nKT. CHỦ TỊCH\nPHÓ CHỦ TỊCH".
    pub signatory_title: String,
    pub signatory_name: String,
}

/// What issuing a round's certificates would write, computed without writing
/// anything: the confirmation shows it before the step that cannot be undone.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct IssuePreview {
    pub round: RoundId,
    /// The issuer as it will be recorded (the authority trimmed, NFC).
    pub issuer: Issuer,
    pub issued_on: NaiveDate,
    pub valid_until: NaiveDate,
    /// One per certified product, in the order issuing numbers them.
    pub certificates: Vec<PlannedCertificate>,
}

/// One certificate [`IssuePreview`] foresees: the number it will get.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PlannedCertificate {
    pub number: String,
    pub product: ProductId,
    pub product_name: String,
    pub stars: u8,
}

/// The issuing authority compared for numbering: NFC, upper case, "UBND" written
/// out as "ỦY BAN NHÂN DÂN", the old tone placement "UỶ" as "ỦY", runs of spaces
/// as one. "UBND tỉnh Sóc Trăng" and "ỦY BAN NHÂN DÂN TỈNH SÓC TRĂNG" are one
/// authority, so their numbers run on one sequence.
pub fn authority_key(authority: &str) -> String {
    let upper: String = authority.nfc().collect::<String>().to_uppercase();
    upper
        .split_whitespace()
        .map(|word| match word {
            "UBND" => "ỦY BAN NHÂN DÂN".to_owned(),
            w => w.replace("UỶ", "ỦY"),
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// The validity as the law words it: "có giá trị 36 tháng kể từ ngày ký".
pub const VALIDITY_WORDING: &str = "có giá trị 36 tháng kể từ ngày ký";

/// The last day a certificate is valid: the same day 36 months later, or the last day
/// of that month when it has no such day (29 Feb 2024 → 28 Feb 2027), as periods in
/// months are counted in Vietnamese civil law (our reading).
pub fn valid_until(issued_on: NaiveDate) -> Option<NaiveDate> {
    issued_on.checked_add_months(Months::new(VALIDITY_MONTHS))
}

/// "012/2026/GCN-OCOP": sequence (3 digits at least), year, suffix.
pub fn format_number(seq: u32, year: i32) -> String {
    format!("{seq:03}/{year}/{NUMBER_SUFFIX}")
}

/// The sequence and year of a number made by [`format_number`].
pub fn parse_number(number: &str) -> Option<(u32, i32)> {
    let mut parts = number.split('/');
    let seq = parts.next()?.parse().ok()?;
    let year = parts.next()?.parse().ok()?;
    (parts.next()? == NUMBER_SUFFIX && parts.next().is_none()).then_some((seq, year))
}

/// The fields a certificate's digest covers. Changing any of them changes the digest.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CertificateFacts {
    pub number: String,
    pub round: RoundId,
    pub product: ProductId,
    pub product_name: String,
    pub stars: u8,
    pub authority: String,
    pub decision_no: String,
    pub decision_date: NaiveDate,
    pub issued_on: NaiveDate,
    pub valid_until: NaiveDate,
    /// The round's audit head (hash of its latest entry) when the certificates were issued.
    pub audit_head: String,
    /// What the certificate prints besides the above, recorded when issued
    /// (schema 6 on); `None` on certificates issued before, whose digest is the
    /// first version's.
    pub recorded: Option<RecordedFacts>,
}

/// The producer and the issuer as printed, covered by the digest (version 2).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RecordedFacts {
    pub producer_name: String,
    pub producer_address: String,
    pub place_name: String,
    pub signatory_title: String,
    pub signatory_name: String,
}

impl CertificateFacts {
    /// SHA-256 (hex) over the fields, each length-prefixed so none can run into another.
    pub fn digest(&self) -> String {
        let mut hasher = Sha256::new();
        let tag = if self.recorded.is_some() {
            "ocop-certificate/2"
        } else {
            "ocop-certificate/1"
        };
        let mut fields = vec![
            tag.to_string(),
            self.number.clone(),
            self.round.0.to_string(),
            self.product.0.to_string(),
            self.product_name.clone(),
            self.stars.to_string(),
            self.authority.clone(),
            self.decision_no.clone(),
            self.decision_date.to_string(),
            self.issued_on.to_string(),
            self.valid_until.to_string(),
            self.audit_head.clone(),
        ];
        if let Some(r) = &self.recorded {
            fields.extend([
                r.producer_name.clone(),
                r.producer_address.clone(),
                r.place_name.clone(),
                r.signatory_title.clone(),
                r.signatory_name.clone(),
            ]);
        }
        for field in fields {
            hasher.update((field.len() as u64).to_le_bytes());
            hasher.update(field.as_bytes());
        }
        hex::encode(hasher.finalize())
    }

    pub fn payload(&self) -> Payload {
        Payload {
            number: self.number.clone(),
            product: self.product,
            stars: self.stars,
            issued_on: self.issued_on,
            valid_until: self.valid_until,
            digest16: self.digest()[..Payload::DIGEST_CHARS].to_string(),
        }
    }
}

/// The QR code's verification payload:
/// `OCOP1|<number>|<product id>|<stars>|<issued YYYY-MM-DD>|<expires YYYY-MM-DD>|<digest16>`,
/// where digest16 is the first 16 hex digits of the certificate's digest.
/// Plain ASCII apart from the number, so any QR reader shows it as text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Payload {
    pub number: String,
    pub product: ProductId,
    pub stars: u8,
    pub issued_on: NaiveDate,
    pub valid_until: NaiveDate,
    pub digest16: String,
}

/// Why a payload does not parse.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PayloadError {
    #[error("not an OCOP certificate payload (it must start with \"OCOP1|\")")]
    NotOcop,
    #[error("the payload has {0} fields; an OCOP1 payload has 7")]
    FieldCount(usize),
    #[error("field {field} \"{value}\" is not valid: {expected}")]
    Field {
        field: &'static str,
        value: String,
        expected: &'static str,
    },
}

impl Payload {
    pub const TAG: &'static str = "OCOP1";
    pub const DIGEST_CHARS: usize = 16;

    pub fn parse(text: &str) -> Result<Self, PayloadError> {
        let text = text.trim();
        if !text.starts_with("OCOP1|") {
            return Err(PayloadError::NotOcop);
        }
        let fields: Vec<&str> = text.split('|').collect();
        let [_, number, product, stars, issued, expires, digest] = fields[..] else {
            return Err(PayloadError::FieldCount(fields.len()));
        };
        let bad = |field, value: &str, expected| PayloadError::Field {
            field,
            value: value.to_string(),
            expected,
        };
        if parse_number(number).is_none() {
            return Err(bad("number", number, "NNN/YYYY/GCN-OCOP"));
        }
        let date = |field, value: &str| {
            NaiveDate::parse_from_str(value, "%Y-%m-%d")
                .map_err(|_| bad(field, value, "a date YYYY-MM-DD"))
        };
        let stars_value: u8 = stars
            .parse()
            .ok()
            .filter(|s| (1..=5).contains(s))
            .ok_or_else(|| bad("stars", stars, "1 to 5"))?;
        let product_id: i64 = product
            .parse()
            .ok()
            .filter(|p| *p > 0)
            .ok_or_else(|| bad("product", product, "a product id"))?;
        if digest.len() != Self::DIGEST_CHARS || !digest.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Err(bad("digest", digest, "16 hexadecimal digits"));
        }
        Ok(Self {
            number: number.to_string(),
            product: ProductId(product_id),
            stars: stars_value,
            issued_on: date("issued", issued)?,
            valid_until: date("expires", expires)?,
            digest16: digest.to_ascii_lowercase(),
        })
    }

    /// Checks a presented payload against the stored certificate: every field that
    /// differs, and whether the stored row still matches its own digest.
    pub fn check_against(&self, stored: &CertificateFacts, stored_digest: &str) -> Vec<Mismatch> {
        let mut out = Vec::new();
        let mut field = |name: &'static str, presented: String, recorded: String| {
            if presented != recorded {
                out.push(Mismatch::Field {
                    field: name,
                    presented,
                    recorded,
                });
            }
        };
        field("number", self.number.clone(), stored.number.clone());
        field(
            "product",
            self.product.to_string(),
            stored.product.to_string(),
        );
        field("stars", self.stars.to_string(), stored.stars.to_string());
        field(
            "issued",
            self.issued_on.to_string(),
            stored.issued_on.to_string(),
        );
        field(
            "expires",
            self.valid_until.to_string(),
            stored.valid_until.to_string(),
        );
        let recomputed = stored.digest();
        field(
            "digest",
            self.digest16.clone(),
            recomputed[..Self::DIGEST_CHARS].to_string(),
        );
        if recomputed != stored_digest {
            out.push(Mismatch::StoredRowAltered);
        }
        out
    }
}

impl std::fmt::Display for Payload {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{}|{}|{}|{}|{}|{}|{}",
            Self::TAG,
            self.number,
            self.product,
            self.stars,
            self.issued_on,
            self.valid_until,
            self.digest16
        )
    }
}

/// One way a presented payload differs from the database.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, thiserror::Error)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum Mismatch {
    #[error("{field}: the payload says \"{presented}\", the database \"{recorded}\"")]
    Field {
        field: &'static str,
        presented: String,
        recorded: String,
    },
    #[error("the stored certificate no longer matches its own digest (edited outside the app)")]
    StoredRowAltered,
}

/// Where a certificate stands on a given day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(tag = "status", rename_all = "kebab-case")]
pub enum Expiry {
    Valid {
        days_left: i64,
    },
    /// Valid, but expires within the notice period: the producer must be told.
    ExpiringSoon {
        days_left: i64,
    },
    /// `valid_until` is before `as_of`.
    Expired {
        days_ago: i64,
    },
}

/// A certificate is valid through its `valid_until` day.
pub fn expiry(valid_until: NaiveDate, as_of: NaiveDate, notice_days: u32) -> Expiry {
    let days_left = (valid_until - as_of).num_days();
    if days_left < 0 {
        Expiry::Expired {
            days_ago: -days_left,
        }
    } else if days_left <= i64::from(notice_days) {
        Expiry::ExpiringSoon { days_left }
    } else {
        Expiry::Valid { days_left }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn facts() -> CertificateFacts {
        CertificateFacts {
            number: format_number(12, 2026),
            round: RoundId(1),
            product: ProductId(7),
            product_name: "Gạo ST25 Ông Cua".into(),
            stars: 4,
            authority: "UBND tỉnh Sóc Trăng".into(),
            decision_no: "1234/QĐ-UBND".into(),
            decision_date: d(2026, 6, 30),
            issued_on: d(2026, 7, 1),
            valid_until: d(2029, 7, 1),
            audit_head: "ab".repeat(32),
            recorded: Some(RecordedFacts {
                producer_name: "HTX Nông nghiệp Hòa Lộc".into(),
                producer_address: "Ấp Hòa Lộc, xã Hòa Tú, tỉnh Sóc Trăng".into(),
                place_name: "Sóc Trăng".into(),
                signatory_title: "TM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH".into(),
                signatory_name: "Nguyễn Văn Thành".into(),
            }),
        }
    }

    #[test]
    fn the_digest_covers_the_producer_and_the_signatory() {
        let base = facts();
        let digest = base.digest();
        let edit = |f: &dyn Fn(&mut RecordedFacts)| {
            let mut changed = base.clone();
            f(changed.recorded.as_mut().unwrap());
            changed.digest()
        };
        assert_ne!(edit(&|r| r.producer_name = "HTX Giả".into()), digest);
        assert_ne!(edit(&|r| r.producer_address = "Xã khác".into()), digest);
        assert_ne!(edit(&|r| r.signatory_name = "Người khác".into()), digest);
        assert_ne!(edit(&|r| r.signatory_title = "CHỦ TỊCH".into()), digest);
        // A certificate from before schema 6 keeps its first-version digest.
        let legacy = CertificateFacts {
            recorded: None,
            ..base
        };
        assert_ne!(legacy.digest(), digest);
    }

    #[test]
    fn authorities_are_compared_after_normalisation() {
        let key = authority_key("ỦY BAN NHÂN DÂN TỈNH SÓC TRĂNG");
        assert_eq!(authority_key("UBND tỉnh Sóc Trăng"), key);
        assert_eq!(authority_key("  Uỷ ban  nhân dân tỉnh Sóc Trăng "), key);
        let decomposed: String = "UBND tỉnh Sóc Trăng".nfd().collect();
        assert_eq!(authority_key(&decomposed), key);
        assert_ne!(authority_key("UBND tỉnh Bạc Liêu"), key);
    }

    #[test]
    fn validity_is_36_months_and_month_ends_clamp() {
        assert_eq!(valid_until(d(2026, 7, 1)), Some(d(2029, 7, 1)));
        // 31 January: January 2029 has a 31st.
        assert_eq!(valid_until(d(2026, 1, 31)), Some(d(2029, 1, 31)));
        // 29 February: February 2027 has no 29th, so its last day.
        assert_eq!(valid_until(d(2024, 2, 29)), Some(d(2027, 2, 28)));
        // …and back onto a leap year: 28 Feb 2025 → 28 Feb 2028 (not the 29th).
        assert_eq!(valid_until(d(2025, 2, 28)), Some(d(2028, 2, 28)));
        assert_eq!(valid_until(d(2026, 12, 31)), Some(d(2029, 12, 31)));
    }

    #[test]
    fn numbers_format_and_parse() {
        assert_eq!(format_number(12, 2026), "012/2026/GCN-OCOP");
        assert_eq!(format_number(1234, 2026), "1234/2026/GCN-OCOP");
        assert_eq!(parse_number("012/2026/GCN-OCOP"), Some((12, 2026)));
        assert_eq!(parse_number("012/2026/GCN"), None);
        assert_eq!(parse_number("12/2026/GCN-OCOP/x"), None);
        assert_eq!(parse_number("a/2026/GCN-OCOP"), None);
    }

    #[test]
    fn the_payload_round_trips() {
        let f = facts();
        let payload = f.payload();
        let text = payload.to_string();
        assert!(text.starts_with("OCOP1|012/2026/GCN-OCOP|7|4|2026-07-01|2029-07-01|"));
        assert_eq!(text.split('|').count(), 7);
        let parsed = Payload::parse(&text).unwrap();
        assert_eq!(parsed, payload);
        assert!(parsed.check_against(&f, &f.digest()).is_empty());
        // Whitespace around a scanned payload is tolerated; hex case is not significant.
        let upper = format!(
            "  {}\n",
            text.replace(&payload.digest16, &payload.digest16.to_uppercase())
        );
        assert_eq!(Payload::parse(&upper).unwrap(), payload);
    }

    #[test]
    fn a_tampered_payload_is_detected_field_by_field() {
        let f = facts();
        let good = f.payload().to_string();
        // A forger raises the stars: the stars differ, and the digest no longer matches
        // (the forger cannot compute it without the audit head).
        let forged = good.replace("|7|4|", "|7|5|");
        let mismatches = Payload::parse(&forged)
            .unwrap()
            .check_against(&f, &f.digest());
        assert_eq!(
            mismatches,
            vec![Mismatch::Field {
                field: "stars",
                presented: "5".into(),
                recorded: "4".into()
            }]
        );
        // Extending the validity.
        let forged = good.replace("2029-07-01", "2030-07-01");
        let m = Payload::parse(&forged)
            .unwrap()
            .check_against(&f, &f.digest());
        assert_eq!(m.len(), 1);
        assert!(
            m[0].to_string()
                .starts_with("expires: the payload says \"2030-07-01\"")
        );
        // A made-up digest.
        let p = f.payload();
        let forged = good.replace(&p.digest16, "0123456789abcdef");
        let m = Payload::parse(&forged)
            .unwrap()
            .check_against(&f, &f.digest());
        assert!(matches!(
            &m[..],
            [Mismatch::Field {
                field: "digest",
                ..
            }]
        ));
    }

    #[test]
    fn a_stored_row_edited_behind_the_apps_back_is_detected() {
        let f = facts();
        let payload = f.payload();
        let stored_digest = f.digest();
        // Someone raises the stars in the database; the printed payload says 4.
        let mut edited = f.clone();
        edited.stars = 5;
        let m = payload.check_against(&edited, &stored_digest);
        assert!(m.contains(&Mismatch::StoredRowAltered), "{m:?}");
        // Every covered field changes the digest.
        let base = f.digest();
        let mut changed = f.clone();
        changed.authority = "UBND tỉnh Bạc Liêu".into();
        assert_ne!(changed.digest(), base);
        let mut changed = f.clone();
        changed.audit_head = "cd".repeat(32);
        assert_ne!(changed.digest(), base);
        let mut changed = f;
        changed.product_name = "Gạo ST24".into();
        assert_ne!(changed.digest(), base);
    }

    #[test]
    fn malformed_payloads_say_what_is_wrong() {
        assert_eq!(Payload::parse("hello"), Err(PayloadError::NotOcop));
        assert_eq!(
            Payload::parse("OCOP1|012/2026/GCN-OCOP|7|4"),
            Err(PayloadError::FieldCount(4))
        );
        let err =
            Payload::parse("OCOP1|012/2026/GCN-OCOP|7|6|2026-07-01|2029-07-01|0123456789abcdef")
                .unwrap_err();
        assert_eq!(err.to_string(), "field stars \"6\" is not valid: 1 to 5");
        let err =
            Payload::parse("OCOP1|012/2026/GCN-OCOP|7|4|2026-02-30|2029-07-01|0123456789abcdef")
                .unwrap_err();
        assert!(
            err.to_string().contains("field issued \"2026-02-30\""),
            "{err}"
        );
        let err =
            Payload::parse("OCOP1|012/2026/GCN-OCOP|7|4|2026-07-01|2029-07-01|xyz").unwrap_err();
        assert!(err.to_string().contains("16 hexadecimal digits"), "{err}");
    }

    #[test]
    fn expiry_counts_the_last_day_as_valid() {
        let until = d(2029, 7, 1);
        assert_eq!(
            expiry(until, d(2029, 5, 1), 30),
            Expiry::Valid { days_left: 61 }
        );
        assert_eq!(
            expiry(until, d(2029, 6, 1), 30),
            Expiry::ExpiringSoon { days_left: 30 }
        );
        assert_eq!(
            expiry(until, d(2029, 7, 1), 30),
            Expiry::ExpiringSoon { days_left: 0 }
        );
        assert_eq!(
            expiry(until, d(2029, 7, 2), 30),
            Expiry::Expired { days_ago: 1 }
        );
    }
}
