//! Keeping the learner's work: the lab is saved as its journal (a lab
//! script) in local storage, in a file, or in a share link.
//!
//! A share link carries the script in the page's fragment, with a version
//! marker in the key:
//! - `#lab2=DATA` (written since share links are compressed): DATA is the
//!   script's UTF-8 bytes compressed with raw deflate (RFC 1951), then
//!   URL-safe base64 without padding (RFC 4648 §5);
//! - `#lab=DATA` (older links, still opened): the script's bytes in URL-safe
//!   base64 without padding, uncompressed.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;

/// The local storage key of the autosaved lab.
pub const STORAGE_KEY: &str = "failover-lab/autosave";
/// Where the autosave is kept when a share link opens another lab over it
/// (the learner can restore it).
pub const PREVIOUS_KEY: &str = "failover-lab/autosave-before-share";

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
