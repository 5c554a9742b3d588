//! Keeping the learner's work: the lab is saved as its journal (a lab
//! script) in local storage, in a file, or in a share link (URL-safe base64
//! in the page's `#lab=` fragment).

/// The local storage key of the autosaved lab.
pub const STORAGE_KEY: &str = "failover-lab/autosave";

const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/// URL-safe base64 without padding.
pub fn encode(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            *chunk.get(1).unwrap_or(&0),
            *chunk.get(2).unwrap_or(&0),
        ];
        let n = (b[0] as u32) << 16 | (b[1] as u32) << 8 | b[2] as u32;
        let chars = chunk.len() + 1;
        for i in 0..chars {
            out.push(ALPHABET[(n >> (18 - 6 * i) & 63) as usize] as char);
        }
    }
    out
}

/// Decodes [`encode`]'s output; `None` for anything else.
pub fn decode(text: &str) -> Option<Vec<u8>> {
    let mut vals = Vec::with_capacity(text.len());
    for c in text.bytes() {
        vals.push(ALPHABET.iter().position(|a| *a == c)? as u32);
    }
    if vals.len() % 4 == 1 {
        return None;
    }
    let mut out = Vec::with_capacity(vals.len() * 3 / 4);
    for chunk in vals.chunks(4) {
        let mut n = 0u32;
        for (i, v) in chunk.iter().enumerate() {
            n |= v << (18 - 6 * i);
        }
        let bytes = [(n >> 16) as u8, (n >> 8) as u8, n as u8];
        out.extend_from_slice(&bytes[..chunk.len() - 1]);
    }
    Some(out)
}

/// The lab script carried by a page fragment `#lab=...`, if any.
pub fn script_from_fragment(fragment: &str) -> Option<Result<String, String>> {
    let data = fragment.trim_start_matches('#').strip_prefix("lab=")?;
    Some(
        decode(data)
            .and_then(|b| String::from_utf8(b).ok())
            .ok_or_else(|| {
                "the share link is damaged (its lab data cannot be decoded)".to_string()
            }),
    )
}

/// The fragment of a share link for a lab script.
pub fn fragment_for(script: &str) -> String {
    format!("#lab={}", encode(script.as_bytes()))
}
