//! Share links: a lab script carried in a page's fragment, with a version
//! marker in the key:
//! - `#lab2=DATA` (written since share links are compressed): DATA is the
//!   script's UTF-8 bytes compressed with raw deflate (RFC 1951), then
//!   URL-safe base64 without padding (RFC 4648 §5);
//! - `#lab=DATA` (older links, still opened): the script's bytes in URL-safe
//!   base64 without padding, uncompressed.
//!
//! A link is untrusted: what it carries is opened with
//! [`parse_untrusted`](super::parse_untrusted).

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;

/// The fragment key of compressed links (format 2).
const KEY_DEFLATE: &str = "lab2=";
/// The fragment key of the first, uncompressed links.
const KEY_PLAIN: &str = "lab=";
/// The largest script a link may expand to: a damaged or hostile link
/// cannot make the page allocate without bound.
const MAX_SCRIPT: usize = 16 << 20;
/// Deflate level (miniz_oxide's 0..=10; 9 is zlib's best).
const LEVEL: u8 = 9;

/// URL-safe base64 without padding.
pub fn encode(bytes: &[u8]) -> String {
    URL_SAFE_NO_PAD.encode(bytes)
}

/// Decodes [`encode`]'s output; `None` for anything else.
pub fn decode(text: &str) -> Option<Vec<u8>> {
    URL_SAFE_NO_PAD.decode(text).ok()
}

/// The lab script carried by a page fragment (`#lab2=...` or the older
/// `#lab=...`), if the fragment is a share link at all.
pub fn script_from_fragment(fragment: &str) -> Option<Result<String, String>> {
    let frag = fragment.trim_start_matches('#');
    let bytes = if let Some(data) = frag.strip_prefix(KEY_DEFLATE) {
        decode(data)
            .and_then(|z| miniz_oxide::inflate::decompress_to_vec_with_limit(&z, MAX_SCRIPT).ok())
    } else {
        decode(frag.strip_prefix(KEY_PLAIN)?)
    };
    Some(
        bytes
            .and_then(|b| String::from_utf8(b).ok())
            .ok_or_else(|| {
                "the share link is damaged (its lab data cannot be decoded)".to_string()
            }),
    )
}

/// The fragment of a share link for a lab script (compressed, format 2).
pub fn fragment_for(script: &str) -> String {
    let z = miniz_oxide::deflate::compress_to_vec(script.as_bytes(), LEVEL);
    format!("#{KEY_DEFLATE}{}", encode(&z))
}

/// The fragment the first share links used (uncompressed); kept so tests
/// can show that such links still open.
pub fn plain_fragment_for(script: &str) -> String {
    format!("#{KEY_PLAIN}{}", encode(script.as_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_round_trip_and_compress() {
        let script = "lab active-standby\nwait 60s\n".repeat(200);
        let new = fragment_for(&script);
        assert!(new.starts_with("#lab2="));
        assert_eq!(script_from_fragment(&new), Some(Ok(script.clone())));
        let old = plain_fragment_for(&script);
        assert!(old.starts_with("#lab="));
        assert_eq!(script_from_fragment(&old), Some(Ok(script.clone())));
        assert!(new.len() * 3 <= old.len(), "{} vs {}", new.len(), old.len());
        assert_eq!(script_from_fragment("#somewhere"), None);
        assert!(script_from_fragment("#lab2=%%%").unwrap().is_err());
    }
}
