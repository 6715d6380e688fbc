//! Checks of the dev server's routing and host filter and of the search decoder.

use std::sync::{Arc, OnceLock};

use crate::check_content::text_of;

pub(crate) fn route_files() -> &'static beleid::site::session::Files {
    static FILES: OnceLock<beleid::site::session::Files> = OnceLock::new();
    FILES.get_or_init(|| {
        [
            "index.html",
            "404.html",
            "faq/index.html",
            "beleid/index.html",
            "beleid/faq/index.html",
            "en/index.html",
            "files/a b.pdf",
            "files/x.pdf",
            "ünï/index.html",
            "style.1a2b3c4d.css",
            "a/b/c/index.html",
            "..",
            "../index.html",
        ]
        .into_iter()
        .map(|p| (p.to_string(), Arc::new(b"x".to_vec())))
        .collect()
    })
}

/// Percent-decodes bytes, leaving invalid escapes as written.
pub(crate) fn percent_decode_bytes(s: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(s.len());
    let mut i = 0;
    while i < s.len() {
        if s[i] == b'%'
            && i + 2 < s.len()
            && let Some(v) = std::str::from_utf8(&s[i + 1..i + 3]).ok().and_then(|h| u8::from_str_radix(h, 16).ok())
        {
            out.push(v);
            i += 3;
        } else {
            out.push(s[i]);
            i += 1;
        }
    }
    out
}

pub(crate) fn has_dot_dot_segment(target: &str) -> bool {
    let path = target.split(['?', '#']).next().unwrap_or("");
    let decoded = percent_decode_bytes(path.as_bytes());
    decoded.split(|&b| b == b'/' || b == b'\\').any(|seg| seg == b".." || seg == b".")
}

pub(crate) fn check_route(bytes: &[u8]) -> Result<(), String> {
    use beleid::serve::route::{Route, route};
    let target = text_of(bytes);
    let files = route_files();
    for base in ["/", "/beleid/", "/a b/", "/ünï/sub/"] {
        match route(&target, base, files) {
            Route::File(p) => {
                if !files.contains_key(&p) {
                    return Err(format!("file: {p:?} is not a built file (base {base})"));
                }
                if has_dot_dot_segment(&target) {
                    return Err(format!("traversal: {target:?} gave File({p:?}) (base {base})"));
                }
            }
            Route::Redirect(loc) => {
                if !loc.starts_with('/') || loc.starts_with("//") || loc.starts_with("/\\") {
                    return Err(format!("redirect: {target:?} redirects to {loc:?} (base {base})"));
                }
                if loc.chars().any(char::is_control) {
                    return Err(format!("redirect header: {target:?} redirects to {loc:?}, with control characters"));
                }
                if loc.split('/').any(|s| s == ".." || s == ".") {
                    return Err(format!("redirect: {target:?} redirects to {loc:?}"));
                }
            }
            _ => {}
        }
    }
    Ok(())
}

pub(crate) fn check_host(bytes: &[u8]) -> Result<(), String> {
    use beleid::serve::route::host_allowed;
    use std::net::IpAddr;
    let host = text_of(bytes);
    let lan: IpAddr = "10.0.0.5".parse().unwrap();
    for bind in ["127.0.0.1", "::1", "0.0.0.0", "::", "10.0.0.5", "192.168.1.1"] {
        let bind: IpAddr = bind.parse().unwrap();
        let allowed = host_allowed(Some(&host), bind);
        if host_allowed(None, bind) {
            return Err("no host: a request without Host was allowed".into());
        }
        if bind == lan && allowed && !host.contains("10.0.0.5") {
            return Err(format!("lan: {host:?} was allowed for a server bound to {bind}"));
        }
    }
    Ok(())
}

pub(crate) fn check_shard(bytes: &[u8]) -> Result<(), String> {
    use beleid::search::query::{Manifest, decode_shard};
    if bytes.starts_with(b"{") {
        // A manifest and its shards.bin: every shard it names loads (or
        // not) and decodes (or not) without a panic.
        let nl = bytes.iter().position(|&b| b == b'\n').unwrap_or(bytes.len());
        if let Ok(manifest) = serde_json::from_slice::<Manifest>(&bytes[..nl]) {
            let shards_bin = bytes.get(nl + 1..).unwrap_or_default();
            let load = manifest.loader(shards_bin);
            for key in manifest.shard_ranges().keys() {
                if let Some(shard) = load(key) {
                    let _ = decode_shard(&shard);
                }
            }
        }
        return Ok(());
    }
    let _ = decode_shard(bytes);
    Ok(())
}

pub(crate) fn check_words(bytes: &[u8]) -> Result<(), String> {
    use beleid::search::tokenize::{MAX_WORD, words};
    let text = text_of(bytes);
    for w in words(&text) {
        if w.is_empty() || w.chars().count() > MAX_WORD || w.chars().any(char::is_control) {
            return Err(format!("word: {w:?}"));
        }
        if w.chars().any(char::is_whitespace) {
            return Err(format!("word with spaces: {w:?}"));
        }
    }
    Ok(())
}
