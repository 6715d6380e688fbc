//! The comparison of two versions' clauses, as a table of cases.

use super::*;

/// A clause numbered `number` (id `art-<number>` unless `id` is given).
fn c(number: &str, text: &str) -> Clause {
    Clause {
        id: format!("art-{number}"),
        number: number.to_string(),
        heading: String::new(),
        text: text.to_string(),
        html: String::new(),
        line: 1,
        column: 1,
    }
}

fn pinned(id: &str, number: &str, text: &str) -> Clause {
    Clause { id: id.to_string(), ..c(number, text) }
}

/// Each change as `kind old-number→new-number`.
fn summary(changes: &[Change<'_>]) -> Vec<String> {
    changes
        .iter()
        .map(|ch| {
            let num = |c: Option<&Clause>| c.map_or("-".to_string(), |c| c.number.clone());
            format!("{:?} {}→{}", ch.kind, num(ch.old), num(ch.new))
        })
        .collect()
}

const PRIVACY: &str = "5.1 Vertrouwelijke informatie blijft binnen de organisatie, ook in besloten groepen.";
const CLIENTS: &str = "5.2 Je noemt geen klant zonder diens uitdrukkelijke schriftelijke toestemming vooraf.";
const AI: &str = "5.3 Door AI gemaakte beelden en teksten vermeld je altijd als zodanig bij het bericht.";

#[test]
fn clause_lists_compare_as_a_reader_expects() {
    type Case = (&'static str, Vec<Clause>, Vec<Clause>, Vec<&'static str>);
    let cases: Vec<Case> = vec![
        (
            "nothing changed",
            vec![c("5.1", PRIVACY), c("5.2", CLIENTS)],
            vec![c("5.1", PRIVACY), c("5.2", CLIENTS)],
            vec!["Unchanged 5.1→5.1", "Unchanged 5.2→5.2"],
        ),
        (
            "one word changed",
            vec![c("5.1", PRIVACY), c("5.2", CLIENTS)],
            vec![c("5.1", PRIVACY), c("5.2", &CLIENTS.replace("schriftelijke", "mondelinge"))],
            vec!["Unchanged 5.1→5.1", "Changed 5.2→5.2"],
        ),
        (
            "a clause added at the end",
            vec![c("5.1", PRIVACY), c("5.2", CLIENTS)],
            vec![c("5.1", PRIVACY), c("5.2", CLIENTS), c("5.3", AI)],
            vec!["Unchanged 5.1→5.1", "Unchanged 5.2→5.2", "Added -→5.3"],
        ),
        (
            "a clause removed in the middle keeps its place",
            vec![c("5.1", PRIVACY), c("5.2", CLIENTS), c("5.3", AI)],
            vec![c("5.1", PRIVACY), c("5.3", AI)],
            vec!["Unchanged 5.1→5.1", "Removed 5.2→-", "Unchanged 5.3→5.3"],
        ),
        (
            "a clause inserted before others renumbers them, reported as moved",
            vec![c("5.1", PRIVACY), c("5.2", CLIENTS)],
            vec![c("5.1", AI), c("5.2", PRIVACY), c("5.3", CLIENTS)],
            vec!["Added -→5.1", "Moved 5.1→5.2", "Moved 5.2→5.3"],
        ),
        (
            "renumbered with a word changed",
            vec![c("5.1", PRIVACY), c("5.2", CLIENTS)],
            vec![c("5.1", AI), c("5.2", &PRIVACY.replace("besloten", "gesloten")), c("5.3", CLIENTS)],
            vec!["Added -→5.1", "Moved 5.1→5.2", "Moved 5.2→5.3"],
        ),
        (
            "a pinned id moved to another place",
            vec![pinned("art-x", "5.1", PRIVACY), pinned("art-y", "5.2", CLIENTS), pinned("art-z", "5.3", AI)],
            vec![pinned("art-x", "5.1", PRIVACY), pinned("art-z", "5.3", AI), pinned("art-y", "5.2", CLIENTS)],
            // Of two equal readings (y moved down, z moved up) the first
            // clause that breaks the old order is the one reported.
            vec!["Unchanged 5.1→5.1", "Moved 5.3→5.3", "Unchanged 5.2→5.2"],
        ),
        (
            "rewritten under its own number, nothing else like it",
            vec![c("5.1", PRIVACY), c("5.2", CLIENTS)],
            vec![c("5.1", PRIVACY), c("5.2", "5.2 Geheel nieuwe regels over iets anders.")],
            vec!["Unchanged 5.1→5.1", "Changed 5.2→5.2"],
        ),
        ("everything new", vec![], vec![c("1", "Een."), c("2", "Twee.")], vec!["Added -→1", "Added -→2"]),
        ("everything gone", vec![c("1", "Een."), c("2", "Twee.")], vec![], vec!["Removed 1→-", "Removed 2→-"]),
    ];
    for (name, old, new, want) in cases {
        assert_eq!(summary(&compare(&old, &new)), want, "{name}");
    }
}

#[test]
fn changed_words_are_marked_as_whole_words_without_their_spaces() {
    let words = compare_words(
        "Je noemt geen klant zonder schriftelijke toestemming.",
        "Je noemt geen klant zonder uitdrukkelijke, schriftelijke toestemming.",
    );
    assert_eq!(
        words,
        [
            Words::Same("Je noemt geen klant zonder ".into()),
            Words::Added("uitdrukkelijke,".into()),
            Words::Same(" schriftelijke toestemming.".into()),
        ]
    );
    let words = compare_words("de arbeidsovereenkomst geldt", "de arbeidsovereenkomsten gelden");
    assert_eq!(
        words,
        [
            Words::Same("de ".into()),
            Words::Removed("arbeidsovereenkomst".into()),
            Words::Added("arbeidsovereenkomsten".into()),
            Words::Same(" ".into()),
            Words::Removed("geldt".into()),
            Words::Added("gelden".into()),
        ],
        "a Dutch compound is one word, never split into characters"
    );
    assert_eq!(compare_words("gelijk", "gelijk"), [Words::Same("gelijk".into())]);
    assert_eq!(compare_words("", ""), [], "nothing to compare, nothing to mark");
    assert_eq!(compare_words("", "nieuw"), [Words::Added("nieuw".into())]);
}

#[test]
fn a_changed_clause_carries_its_word_changes() {
    let old = [c("5.2", CLIENTS)];
    let new = [c("5.2", &CLIENTS.replace("schriftelijke ", ""))];
    let changes = compare(&old, &new);
    assert!(changes[0].words_differ());
    assert!(changes[0].words.contains(&Words::Removed("schriftelijke".into())), "{:?}", changes[0].words);
    let same = compare(&old, &old);
    assert!(same[0].words.is_empty() && !same[0].words_differ());
}

#[test]
fn many_unmatched_clauses_are_not_compared_pairwise() {
    let old: Vec<Clause> = (0..300).map(|i| c(&format!("{i}"), &format!("oude tekst {i}"))).collect();
    let new: Vec<Clause> = (0..300).map(|i| c(&format!("n{i}"), &format!("nieuwe tekst {i}"))).collect();
    let changes = compare(&old, &new);
    assert_eq!(changes.iter().filter(|c| c.kind == Kind::Added).count(), 300);
    assert_eq!(changes.iter().filter(|c| c.kind == Kind::Removed).count(), 300);
}
