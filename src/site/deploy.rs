//! What a static host needs besides the pages: the Content-Security-Policy
//! and security headers (`_headers`, read by Netlify and Cloudflare Pages,
//! and a `<meta>` policy in every page for hosts that send no headers),
//! and redirects from old URLs (see [`aliases`]).
//!
//! The policy itself is [`crate::csp`].

pub mod aliases;

pub use crate::csp::{Csp, DEFAULT_CSP, HEADERS_FILE, SecurityConfig, headers_file};

/// The files a host reads besides the pages: `_headers` (unless
/// `[security] headers_file = false`) and the aliases' redirects.
pub fn files(inputs: &crate::inputs::Inputs) -> Vec<(String, Vec<u8>)> {
    let security = &inputs.config.security;
    let csp = Csp::from_config(security);
    let meta = security.meta.then(|| csp.meta());
    let mut files = aliases::files(inputs, meta.as_deref());
    if security.headers_file {
        files.push((HEADERS_FILE.to_string(), headers_file(&csp).into_bytes()));
    }
    files
}

/// The site's URLs and every file a build of it would write (aliases
/// included), for `beleid check --published`; `None` when the site does
/// not load (the other checks report why).
pub fn planned_outputs(
    root: &std::path::Path,
    options: &crate::inputs::BuildOptions,
) -> crate::error::Result<Option<(crate::urls::Urls, std::collections::BTreeSet<String>)>> {
    let Ok(inputs) = crate::inputs::Inputs::load(root, options, &mut Vec::new()) else { return Ok(None) };
    let Ok(presentation) = super::Presentation::load(&inputs) else { return Ok(None) };
    let prepared = super::Prepared::new(&inputs, &presentation);
    Ok(Some((inputs.urls.clone(), prepared.plan().keys().cloned().collect())))
}
