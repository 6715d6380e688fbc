//! Dutch compound words. Dutch writes compounds as one word
//! (`socialemediabeleid`, `beleidsregels`, `privacyrechten`), so a reader
//! searching for `beleid` expects to find them. At index time, each long word
//! is split into words that occur on their own elsewhere in the site,
//! allowing the linking sounds `s`, `e` and `en` between them
//! (`beleid` + `s` + `regels`); the parts are indexed with the compound.

use rustc_hash::FxHashSet;

/// The words a site uses on their own.
pub type Vocabulary<'a> = FxHashSet<&'a str>;

/// Parts shorter than this are not trusted (too many false splits).
const MIN_PART: usize = 3;
/// Words shorter than this are not split.
pub const MIN_WORD: usize = 7;
/// The linking sounds allowed between parts.
const LINKS: [&str; 3] = ["s", "e", "en"];

/// True for languages whose compounds are written as one word.
pub fn splits_compounds(lang: &str) -> bool {
    matches!(lang, "nl" | "de" | "fy" | "af" | "da" | "sv" | "nb" | "nn" | "no")
}

/// Known words at the edge of a compound whose other part is unknown must
/// be at least this long, and so must the unknown part.
const MIN_EDGE: usize = 4;

/// Splits `word` into parts to index it under: into vocabulary words where
/// possible (fewest parts, then longest first part, so the result is
/// deterministic); else a known word at its start or end and the rest
/// (`beleid` + `s` + `regels` when only `beleid` occurs on its own).
/// `None` when it is no compound.
pub fn split<'w>(word: &'w str, vocabulary: &Vocabulary<'_>) -> Option<Vec<&'w str>> {
    if !word.is_ascii() || word.len() < MIN_WORD {
        return None;
    }
    full_split(word, vocabulary).or_else(|| edge_split(word, vocabulary))
}

/// A known word at the end (the head of a Dutch compound) or the start,
/// with the rest as the other part.
fn edge_split<'w>(word: &'w str, vocabulary: &Vocabulary<'_>) -> Option<Vec<&'w str>> {
    let n = word.len();
    let mut parts: Vec<&'w str> = Vec::new();
    if let Some(start) = (MIN_EDGE..=n - MIN_EDGE).find(|&i| vocabulary.contains(&word[i..])) {
        parts.extend([&word[..start], &word[start..]]);
    }
    if let Some(end) = (MIN_EDGE..=n - MIN_EDGE).rev().find(|&i| vocabulary.contains(&word[..i])) {
        let mut rest = &word[end..];
        if let Some(link) = LINKS.iter().rev().find(|l| rest.len() >= l.len() + MIN_EDGE && rest.starts_with(**l)) {
            rest = &rest[link.len()..];
        }
        for part in [&word[..end], rest] {
            if !parts.contains(&part) {
                parts.push(part);
            }
        }
    }
    (!parts.is_empty()).then_some(parts)
}

/// Splits `word` entirely into vocabulary words and linking sounds.
fn full_split<'w>(word: &'w str, vocabulary: &Vocabulary<'_>) -> Option<Vec<&'w str>> {
    let n = word.len();
    // best[i]: the fewest parts covering word[..i] with a part ending at i,
    // as (parts, where that part starts, where the previous part ends).
    let mut best: Vec<Option<(usize, usize, usize)>> = vec![None; n + 1];
    // Parts can only start at 0, where a part ends, or after a linking sound
    // that follows a part: walking forward from those alone keeps the number
    // of lookups small.
    let consider = |best: &mut Vec<Option<(usize, usize, usize)>>, start: usize, count: usize, previous_end: usize| {
        for end in start + MIN_PART..=n {
            if end - start == n || !vocabulary.contains(&word[start..end]) {
                continue;
            }
            let candidate = (count + 1, start, previous_end);
            // Fewer parts win; on a tie, the later start (longer first parts).
            if best[end].is_none_or(|(c, s, _)| candidate.0 < c || (candidate.0 == c && start > s)) {
                best[end] = Some(candidate);
            }
        }
    };
    consider(&mut best, 0, 0, 0);
    for position in MIN_PART..n {
        let Some((count, _, _)) = best[position] else { continue };
        // The fewest parts reaching the next start, directly or after a link.
        consider(&mut best, position, count, position);
        for link in LINKS {
            if word[position..].starts_with(link) && position + link.len() < n {
                consider(&mut best, position + link.len(), count, position);
            }
        }
    }
    let (count, _, _) = best[n]?;
    if count < 2 {
        return None;
    }
    let mut parts = Vec::with_capacity(count);
    let mut end = n;
    while end > 0 {
        let (_, start, previous_end) = best[end]?;
        parts.push(&word[start..end]);
        end = previous_end;
    }
    parts.reverse();
    Some(parts)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn compound_table() {
        let vocabulary: Vocabulary<'_> = [
            "beleid", "regels", "sociale", "media", "privacy", "rechten", "werk", "nemers", "gever", "zoek", "index",
            "bestand", "server", "en", "de", "het",
        ]
        .into_iter()
        .collect();
        for (word, want) in [
            ("socialemediabeleid", Some(vec!["sociale", "media", "beleid"])),
            ("beleidsregels", Some(vec!["beleid", "regels"])),
            ("privacyrechten", Some(vec!["privacy", "rechten"])),
            ("zoekindex", Some(vec!["zoek", "index"])),
            ("bestandenserver", Some(vec!["bestand", "server"])),
            ("werkgever", Some(vec!["werk", "gever"])),
            ("beleid", None),
            ("onbekendwoord", None),
            // Only one part known: split off the known word, keep the rest.
            ("beleidsstukken", Some(vec!["beleid", "stukken"])),
            ("crisisbeleid", Some(vec!["crisis", "beleid"])),
            ("zoekresultaat", Some(vec!["zoek", "resultaat"])),
            ("beleidx", None),
            ("financiële", None),
        ] {
            assert_eq!(split(word, &vocabulary), want, "{word}");
        }
    }
}
