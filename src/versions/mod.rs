//! Versions of a policy: what readers, works councils and auditors ask
//! ("what did it say on 1 March?", "what changed in 1.1?").
//!
//! The current text stays the policy page; each earlier (or scheduled)
//! version is a file of its own in a folder beside it, named after the
//! page: `beleid/voorbeeldbeleid.md` keeps `beleid/voorbeeldbeleid.versions/1.0.md`,
//! with the front matter that version had. [`new_version`] makes them.

pub(crate) mod diff;
mod new_version;

pub(crate) use crate::content::versions::{compare_versions, is_usable_version, version_file, versions_dir};
pub(crate) use new_version::{Request, new_version};
