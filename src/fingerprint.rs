//! Content hashes for fingerprinted asset names (`style.3f2a9c1e.css`).
//!
//! FNV-1a is enough here: the hash only has to change when the file changes,
//! so browsers can cache assets forever; it is not a security boundary.

/// 64-bit FNV-1a hash of `bytes`.
pub fn fnv1a(bytes: &[u8]) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in bytes {
        hash ^= u64::from(b);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    hash
}

/// The fingerprinted form of a file name: `css/style.css` with contents
/// `bytes` becomes `css/style.1a2b3c4d.css`.
pub(crate) fn fingerprinted_name(name: &str, bytes: &[u8]) -> String {
    let hash = format!("{:08x}", fnv1a(bytes) as u32 ^ (fnv1a(bytes) >> 32) as u32);
    let (dir, file) = name.rsplit_once('/').map_or(("", name), |(d, f)| (d, f));
    let fingerprinted = match file.rsplit_once('.') {
        Some((stem, ext)) => format!("{stem}.{hash}.{ext}"),
        None => format!("{file}.{hash}"),
    };
    if dir.is_empty() { fingerprinted } else { format!("{dir}/{fingerprinted}") }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_change_with_content_only() {
        let a = fingerprinted_name("css/style.css", b"body{}");
        assert!(a.starts_with("css/style.") && a.ends_with(".css") && a.len() == "css/style.12345678.css".len(), "{a}");
        assert_eq!(a, fingerprinted_name("css/style.css", b"body{}"));
        assert_ne!(a, fingerprinted_name("css/style.css", b"body{ }"));
        assert_eq!(fnv1a(b""), 0xcbf2_9ce4_8422_2325);
    }
}
