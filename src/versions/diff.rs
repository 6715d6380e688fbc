//! What changed between two versions of a policy, clause by clause.
//!
//! Clauses are matched by id first. Ids derived from numbers move when an
//! article is inserted before them, so the clauses left over on both sides
//! are then paired by the similarity of their text and reported as
//! renumbered ("5 → 6") instead of as removed and added. Inside a changed
//! clause the words added and removed are found with a sequence diff over
//! words, spaces and punctuation, so Dutch compounds and inflections show
//! as whole words.

use similar::{Algorithm, DiffOp, capture_diff_slices};

use crate::markdown::Clause;

/// How a clause changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Kind {
    /// The same number and text.
    Unchanged,
    /// The same clause, other words.
    Changed,
    /// Only in the newer version.
    Added,
    /// Only in the older version.
    Removed,
    /// The same clause under another number or at another place, maybe
    /// with other words too.
    Moved,
}

/// One piece of a word-level comparison.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Words {
    /// Text in both versions.
    Same(String),
    /// Text only in the newer version.
    Added(String),
    /// Text only in the older version.
    Removed(String),
}

/// One clause's fate between two versions.
#[derive(Debug, Clone)]
pub struct Change<'a> {
    /// How it changed.
    pub kind: Kind,
    /// The clause in the older version.
    pub old: Option<&'a Clause>,
    /// The clause in the newer version.
    pub new: Option<&'a Clause>,
    /// The word-level comparison of heading and text, for changed and moved
    /// clauses whose words differ (empty otherwise).
    pub words: Vec<Words>,
}

impl Change<'_> {
    /// True if the words of the clause differ between the versions.
    pub fn words_differ(&self) -> bool {
        self.words.iter().any(|w| !matches!(w, Words::Same(_)))
    }
}

/// Pairs left over after matching by id are taken to be the same clause
/// when at least this share of their words is the same.
const SIMILAR_ENOUGH: f64 = 0.6;

/// Above this many pairs of unmatched clauses, they are not compared by
/// text (each comparison is a diff; a hostile page must not take hours).
const MAX_PAIRS: usize = 40_000;

/// Compares two versions' clauses. The result follows the newer version's
/// order, with each removed clause after the clause that preceded it.
pub fn compare<'a>(old: &'a [Clause], new: &'a [Clause]) -> Vec<Change<'a>> {
    let old_texts: Vec<String> = old.iter().map(full_text).collect();
    let new_texts: Vec<String> = new.iter().map(full_text).collect();
    let old_tokens: Vec<Vec<&str>> = old_texts.iter().map(|t| tokens(t)).collect();
    let new_tokens: Vec<Vec<&str>> = new_texts.iter().map(|t| tokens(t)).collect();
    let by_id: Vec<Option<usize>> = new.iter().map(|n| old.iter().position(|o| o.id == n.id)).collect();
    // Same id and much the same words: the same clause.
    let mut partner: Vec<Option<usize>> = by_id
        .iter()
        .enumerate()
        .map(|(n, o)| {
            o.filter(|&o| old_texts[o] == new_texts[n] || similarity(&old_tokens[o], &new_tokens[n]) >= SIMILAR_ENOUGH)
        })
        .collect();
    // Renumbered clauses: the same words under another id.
    pair_by_similarity(&old_tokens, &new_tokens, &mut partner);
    // A clause rewritten under its own id, that nothing else resembles.
    for n in 0..new.len() {
        if partner[n].is_none()
            && let Some(o) = by_id[n]
            && !partner.contains(&Some(o))
        {
            partner[n] = Some(o);
        }
    }
    let kept = in_order(&partner);
    let mut paired = vec![false; old.len()];
    for &o in partner.iter().flatten() {
        paired[o] = true;
    }
    // Removed clauses, in old order, each placed before the first kept
    // clause that followed it.
    let mut orphans = (0..old.len()).filter(|&r| !paired[r]).peekable();
    let removed = |r: usize| Change { kind: Kind::Removed, old: Some(&old[r]), new: None, words: Vec::new() };
    let mut changes = Vec::new();
    for (n, new_clause) in new.iter().enumerate() {
        let Some(o) = partner[n] else {
            changes.push(Change { kind: Kind::Added, old: None, new: Some(new_clause), words: Vec::new() });
            continue;
        };
        while let Some(r) = orphans.next_if(|&r| r < o) {
            changes.push(removed(r));
        }
        let old_clause = &old[o];
        let words = compare_words(&old_texts[o], &new_texts[n]);
        let differ = words.iter().any(|w| !matches!(w, Words::Same(_)));
        let kind = if old_clause.id != new_clause.id || old_clause.number != new_clause.number || !kept[n] {
            Kind::Moved
        } else if differ {
            Kind::Changed
        } else {
            Kind::Unchanged
        };
        let words = if differ { words } else { Vec::new() };
        changes.push(Change { kind, old: Some(old_clause), new: Some(new_clause), words });
    }
    changes.extend(orphans.map(removed));
    changes
}

/// A clause's heading and text, as compared.
fn full_text(clause: &Clause) -> String {
    match (clause.heading.is_empty(), clause.text.is_empty()) {
        (false, false) if !clause.text.contains(&clause.heading) => format!("{}\n\n{}", clause.heading, clause.text),
        (false, true) => clause.heading.clone(),
        _ => clause.text.clone(),
    }
}

/// Pairs the clauses not yet paired by the similarity of their words, the
/// most similar pairs first.
fn pair_by_similarity(old: &[Vec<&str>], new: &[Vec<&str>], partner: &mut [Option<usize>]) {
    let mut old_used: Vec<bool> = (0..old.len()).map(|o| partner.contains(&Some(o))).collect();
    let free_new: Vec<usize> = (0..new.len()).filter(|&n| partner[n].is_none()).collect();
    let free_old: Vec<usize> = (0..old.len()).filter(|&o| !old_used[o]).collect();
    if free_new.len() * free_old.len() > MAX_PAIRS {
        return;
    }
    let mut candidates = Vec::new();
    for &n in &free_new {
        for &o in &free_old {
            let share = similarity(&old[o], &new[n]);
            if share >= SIMILAR_ENOUGH {
                // Whole per-mille keep the order total and deterministic.
                candidates.push((std::cmp::Reverse((share * 1000.0) as u32), n, o));
            }
        }
    }
    candidates.sort();
    for (_, n, o) in candidates {
        if partner[n].is_none() && !old_used[o] {
            partner[n] = Some(o);
            old_used[o] = true;
        }
    }
}

/// For each new clause, whether it kept its place relative to the others:
/// the longest run of partners in increasing old order stays, the rest moved.
fn in_order(partner: &[Option<usize>]) -> Vec<bool> {
    let matched: Vec<(usize, usize)> = partner.iter().enumerate().filter_map(|(n, o)| Some((n, (*o)?))).collect();
    // Longest increasing subsequence of old positions, with back links.
    let mut tails: Vec<usize> = Vec::new();
    let mut back: Vec<Option<usize>> = vec![None; matched.len()];
    for (k, &(_, o)) in matched.iter().enumerate() {
        let at = tails.partition_point(|&t| matched[t].1 < o);
        back[k] = at.checked_sub(1).map(|p| tails[p]);
        if at == tails.len() {
            tails.push(k);
        } else {
            tails[at] = k;
        }
    }
    let mut kept = vec![false; partner.len()];
    let mut next = tails.last().copied();
    while let Some(k) = next {
        kept[matched[k].0] = true;
        next = back[k];
    }
    kept
}

/// Splits text into words, runs of spaces, and single other characters.
fn tokens(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut class = None;
    for (i, c) in text.char_indices() {
        let this = if c.is_alphanumeric() {
            Some(0)
        } else if c.is_whitespace() {
            Some(1)
        } else {
            None
        };
        if i > start && (this != class || this.is_none()) {
            out.push(&text[start..i]);
            start = i;
        }
        class = this;
    }
    if start < text.len() {
        out.push(&text[start..]);
    }
    out
}

/// The share of tokens two texts have in common, from 0 to 1.
fn similarity(old: &[&str], new: &[&str]) -> f64 {
    if old.is_empty() && new.is_empty() {
        return 1.0;
    }
    let same: usize = capture_diff_slices(Algorithm::Myers, old, new)
        .iter()
        .map(|op| if let DiffOp::Equal { len, .. } = op { *len } else { 0 })
        .sum();
    (2 * same) as f64 / (old.len() + new.len()) as f64
}

/// The word-level comparison of two texts. Spaces at the edge of an added
/// or removed run are given to the text around it, so the marks hold words.
pub fn compare_words(old: &str, new: &str) -> Vec<Words> {
    // Most clauses of a new version are unchanged: no diff needed.
    if old == new {
        return if old.is_empty() { Vec::new() } else { vec![Words::Same(old.to_string())] };
    }
    let (old_tokens, new_tokens) = (tokens(old), tokens(new));
    let mut out: Vec<Words> = Vec::new();
    let join = |t: &[&str]| t.concat();
    for op in capture_diff_slices(Algorithm::Myers, &old_tokens, &new_tokens) {
        match op {
            DiffOp::Equal { old_index, len, .. } => {
                push(&mut out, Words::Same(join(&old_tokens[old_index..old_index + len])))
            }
            DiffOp::Delete { old_index, old_len, .. } => {
                push_marked(&mut out, Words::Removed(join(&old_tokens[old_index..old_index + old_len])));
            }
            DiffOp::Insert { new_index, new_len, .. } => {
                push_marked(&mut out, Words::Added(join(&new_tokens[new_index..new_index + new_len])));
            }
            DiffOp::Replace { old_index, old_len, new_index, new_len } => {
                push_marked(&mut out, Words::Removed(join(&old_tokens[old_index..old_index + old_len])));
                push_marked(&mut out, Words::Added(join(&new_tokens[new_index..new_index + new_len])));
            }
        }
    }
    out
}

/// Appends a piece, joining it to the previous one of the same kind.
fn push(out: &mut Vec<Words>, piece: Words) {
    let text_of = |w: &Words| match w {
        Words::Same(t) | Words::Added(t) | Words::Removed(t) => t.is_empty(),
    };
    if text_of(&piece) {
        return;
    }
    match (out.last_mut(), piece) {
        (Some(Words::Same(a)), Words::Same(b))
        | (Some(Words::Added(a)), Words::Added(b))
        | (Some(Words::Removed(a)), Words::Removed(b)) => a.push_str(&b),
        (_, piece) => out.push(piece),
    }
}

/// Appends an added or removed run with the spaces at its edges moved out.
fn push_marked(out: &mut Vec<Words>, piece: Words) {
    let (Words::Added(text) | Words::Removed(text)) = &piece else {
        return push(out, piece);
    };
    let core = text.trim();
    let lead = &text[..text.len() - text.trim_start().len()];
    let trail = &text[text.trim_end().len()..];
    let core_piece = match piece {
        Words::Added(_) => Words::Added(core.to_string()),
        _ => Words::Removed(core.to_string()),
    };
    // Spaces both versions lack on one side only belong to the change's
    // side; keep them plain text when the neighbour is plain text.
    push(out, Words::Same(lead.to_string()));
    push(out, core_piece);
    push(out, Words::Same(trail.to_string()));
}

#[cfg(test)]
#[path = "diff_tests.rs"]
mod tests;
