//! Signed text files: a header line, a JSON payload, and an Ed25519 signature
//! over every byte before the signature block.
//!
//! ```text
//! OCOP-SHEETS-PACKAGE 1
//! { …payload JSON… }
//! -----BEGIN OCOP SIGNATURE-----
//! ed25519 <public key, hex> <signature, hex>
//! ```
//!
//! Changing any byte of the signed part makes the signature fail; changing the
//! signature block either fails to parse, fails to verify, or names another key.

use ed25519_dalek::{Signature, Signer as _, SigningKey, VerifyingKey};

use crate::domain::refusal::{KeyFault, Problem, SignatureFault};

const SIGNATURE_BEGIN: &str = "-----BEGIN OCOP SIGNATURE-----\n";

/// A member's (or the secretary's) key pair, kept in the data folder.
pub struct KeyPair {
    signing: SigningKey,
}

impl KeyPair {
    /// A new random key from the operating system's generator.
    pub fn generate() -> Result<Self, getrandom::Error> {
        let mut seed = [0u8; 32];
        getrandom::fill(&mut seed)?;
        Ok(Self::from_seed(seed))
    }

    pub fn from_seed(seed: [u8; 32]) -> Self {
        Self {
            signing: SigningKey::from_bytes(&seed),
        }
    }

    pub fn seed(&self) -> [u8; 32] {
        self.signing.to_bytes()
    }

    /// The public key as 64 hex digits (what the secretary registers).
    pub fn public_hex(&self) -> String {
        hex::encode(self.signing.verifying_key().to_bytes())
    }
}

/// Checks that `text` is a public key: 64 hex digits of a valid Ed25519 point.
pub fn parse_public_key(text: &str) -> Result<String, Problem> {
    let text = text.trim().to_ascii_lowercase();
    let refused = |fault| Problem::BadKey {
        key: text.clone(),
        fault,
    };
    let bytes: [u8; 32] = hex::decode(&text)
        .ok()
        .and_then(|b| b.try_into().ok())
        .ok_or_else(|| refused(KeyFault::NotHex))?;
    let key = VerifyingKey::from_bytes(&bytes).map_err(|_| refused(KeyFault::NotOnCurve))?;
    // A small-order point: signatures under it prove nothing (anyone can make one).
    if key.is_weak() {
        return Err(refused(KeyFault::Weak));
    }
    Ok(text)
}

/// Builds a signed file: `header` line, the payload, the signature block.
pub fn sign(header: &str, payload_json: &str, key: &KeyPair) -> Vec<u8> {
    let mut signed = format!("{header}\n{payload_json}\n");
    let signature = key.signing.sign(signed.as_bytes());
    signed.push_str(SIGNATURE_BEGIN);
    signed.push_str(&format!(
        "ed25519 {} {}\n",
        key.public_hex(),
        hex::encode(signature.to_bytes())
    ));
    signed.into_bytes()
}

/// A file whose signature verified.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verified {
    /// The public key that signed it (hex). The caller decides whether it trusts it.
    pub public_key: String,
    pub payload: String,
}

/// Verifies a signed file with the expected `header`; the problem is one.
pub fn verify(bytes: &[u8], header: &str) -> Result<Verified, Problem> {
    let fault = Problem::BadSignature;
    if bytes.starts_with(b"\xEF\xBB\xBF") {
        return Err(fault(SignatureFault::ByteOrderMark));
    }
    let text =
        std::str::from_utf8(bytes).map_err(|e| crate::exchange::text::not_utf8(bytes, &e))?;
    let first = text.split('\n').next().unwrap_or("");
    if first.ends_with('\r') && first.trim_end_matches('\r') == header {
        return Err(fault(SignatureFault::WindowsLineEndings));
    }
    if first != header {
        return Err(Problem::WrongHeader {
            found: first.chars().take(40).collect(),
            expected: header.into(),
        });
    }
    let at = text
        .rfind(&format!("\n{SIGNATURE_BEGIN}"))
        .ok_or(fault(SignatureFault::NoSignatureBlock))?;
    let (signed, block) = text.split_at(at + 1);
    let block = &block[SIGNATURE_BEGIN.len()..];
    let parts: Vec<&str> = block.trim_end_matches('\n').split(' ').collect();
    let malformed = fault(SignatureFault::MalformedBlock);
    let [scheme, public_hex, signature_hex] = parts[..] else {
        return Err(malformed);
    };
    if scheme != "ed25519" || block.matches('\n').count() != 1 {
        return Err(malformed);
    }
    let public_key = parse_public_key(public_hex)?;
    let key_bytes: [u8; 32] = hex::decode(&public_key)
        .ok()
        .and_then(|b| b.try_into().ok())
        .ok_or(malformed)?;
    let verifying =
        VerifyingKey::from_bytes(&key_bytes).map_err(|_| fault(SignatureFault::KeyNotValid))?;
    let signature_bytes = hex::decode(signature_hex).map_err(|_| fault(SignatureFault::NotHex))?;
    let signature =
        Signature::from_slice(&signature_bytes).map_err(|_| fault(SignatureFault::WrongLength))?;
    verifying
        .verify_strict(signed.as_bytes(), &signature)
        .map_err(|_| fault(SignatureFault::DoesNotMatch))?;
    let payload = signed[header.len() + 1..]
        .trim_end_matches('\n')
        .to_string();
    Ok(Verified {
        public_key,
        payload,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const HEADER: &str = "OCOP-TEST 1";

    #[test]
    fn a_signed_file_verifies_and_names_its_key() {
        let key = KeyPair::from_seed([7; 32]);
        let file = sign(HEADER, "{\"tên\": \"Ánh\"}", &key);
        let v = verify(&file, HEADER).unwrap();
        assert_eq!(v.public_key, key.public_hex());
        assert_eq!(v.payload, "{\"tên\": \"Ánh\"}");
    }

    #[test]
    fn flipping_any_single_byte_is_detected() {
        let key = KeyPair::from_seed([9; 32]);
        let file = sign(HEADER, "{\"a\": 1, \"b\": \"điểm\"}", &key);
        for i in 0..file.len() {
            let mut bad = file.clone();
            bad[i] ^= 0x01;
            match verify(&bad, HEADER) {
                Err(_) => {}
                // A flip inside the public key may still parse as another key:
                // then it must not claim the original key.
                Ok(v) => panic!("byte {i} flipped and still verified as {}", v.public_key),
            }
        }
    }

    #[test]
    fn a_wrong_header_or_missing_signature_is_refused() {
        let key = KeyPair::from_seed([1; 32]);
        let file = sign("OCOP-OTHER 1", "{}", &key);
        assert!(matches!(
            verify(&file, HEADER),
            Err(Problem::WrongHeader { found, .. }) if found == "OCOP-OTHER 1"
        ));
        assert_eq!(
            verify(b"OCOP-TEST 1\n{}\n", HEADER).unwrap_err(),
            Problem::BadSignature(SignatureFault::NoSignatureBlock)
        );
        assert!(matches!(
            parse_public_key("xyz"),
            Err(Problem::BadKey {
                fault: KeyFault::NotHex,
                ..
            })
        ));
    }

    #[test]
    fn small_order_keys_are_refused() {
        // The identity point and the order-2 point (-1, 0), as 32-byte encodings.
        let identity = format!("01{}", "00".repeat(31));
        let order_two = format!("ec{}7f", "ff".repeat(30));
        for weak in [identity, order_two] {
            let err = parse_public_key(&weak).unwrap_err();
            assert!(
                matches!(
                    err,
                    Problem::BadKey {
                        fault: KeyFault::Weak,
                        ..
                    }
                ),
                "{err}"
            );
            assert!(err.to_string().contains("weak"), "{err}");
        }
        let good = KeyPair::from_seed([3; 32]).public_hex();
        assert_eq!(parse_public_key(&good).unwrap(), good);
    }

    #[test]
    fn a_bom_or_windows_line_endings_are_named() {
        let key = KeyPair::from_seed([5; 32]);
        let file = sign(HEADER, "{}", &key);
        let mut bom = b"\xEF\xBB\xBF".to_vec();
        bom.extend_from_slice(&file);
        assert_eq!(
            verify(&bom, HEADER).unwrap_err(),
            Problem::BadSignature(SignatureFault::ByteOrderMark)
        );
        let crlf = String::from_utf8(file.clone())
            .unwrap()
            .replace('\n', "\r\n");
        assert_eq!(
            verify(crlf.as_bytes(), HEADER).unwrap_err(),
            Problem::BadSignature(SignatureFault::WindowsLineEndings)
        );
        let mut altered = file;
        altered[HEADER.len() + 2] ^= 0x01;
        assert_eq!(
            verify(&altered, HEADER).unwrap_err(),
            Problem::BadSignature(SignatureFault::DoesNotMatch)
        );
    }
}
