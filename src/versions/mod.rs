//! Versions of a policy: what readers, works councils and auditors ask
//! ("what did it say on 1 March?", "what changed in 1.1?").

pub mod diff;
