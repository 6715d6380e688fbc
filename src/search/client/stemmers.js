// Snowball stemmers for the client-side search, written for beleid.
//
// The search index is stemmed in Rust by the crate rust-stemmers 1.2.0, so a
// query word only finds its pages when it is stemmed here to exactly the same
// string. These are hand-written ports of the two Snowball algorithms that
// crate ships, in its `algorithms/dutch.sbl` (the original, Porter-style Dutch
// stemmer) and `algorithms/english.sbl` (English, "Porter2"). Comments name
// the Snowball routine each part implements. `tests/stemmer_parity.rs`
// compares both against the crate, word by word.
//
// The code is ASCII (è is written \u00e8), so it runs the same whatever
// character encoding a server or page announces for this file.
//
// How the Snowball runtime is mirrored:
// - A word is a JavaScript string; positions are string indices, always on
//   code-point boundaries. Patterns that can meet any character (`[^…]`)
//   have the `u` flag, so "one character" is one code point, as in Rust
//   (never half a surrogate pair).
// - The regions R1 and R2 are numbers `p1` and `p2`: a suffix is "in R1" when
//   it starts at or after `p1`.
// - `among` picks the longest listed suffix the word ends with and runs only
//   that one's action; if the action's conditions fail, shorter suffixes are
//   not tried. `ending` below does the picking.
// Usage: `BeleidStemmers.nl("beleidsregels")` → "beleidsregel",
// `BeleidStemmers.en("generously")` → "generous". Words are meant to be
// lowercase, as in the index, but any string gets the crate's answer; the
// stemmers never throw.
(function () {
  "use strict";

  function has(table, key) {
    return Object.prototype.hasOwnProperty.call(table, key);
  }

  // Snowball `among` in backward mode: the longest key of `table` (at most 7
  // characters long) that `w` ends with, or "" when none does.
  function ending(w, table) {
    for (var n = Math.min(w.length, 7); n > 0; n--) {
      if (has(table, w.slice(-n))) return w.slice(-n);
    }
    return "";
  }

  // `gopast v gopast non-v` from `from`: the index just after the first
  // non-vowel that follows a vowel, or `w.length` when there is none.
  // `vowelThenOther` must be a global (g) regular expression.
  function region(vowelThenOther, w, from) {
    vowelThenOther.lastIndex = from;
    return vowelThenOther.exec(w) ? vowelThenOther.lastIndex : w.length;
  }

  // ---------------------------------------------------------------- Dutch --
  // Vowels are `aeiouyè` (è is \u00e8); `I` and `Y` are the prelude's
  // consonant marks.

  var NL_REGION = /[aeiouy\u00e8][^aeiouy\u00e8]/gu;
  // The prelude's accented letters (ä á ë é ï í ö ó ü ú) and their plain ones.
  var NL_ACCENTED = "\u00e4\u00e1\u00eb\u00e9\u00ef\u00ed\u00f6\u00f3\u00fc\u00fa";
  var NL_PLAIN = "aaeeiioouu";
  var NL_ACCENT = new RegExp("[" + NL_ACCENTED + "]", "g");
  var NL_STEP1 = { heden: 1, en: 1, ene: 1, s: 1, se: 1 };
  var NL_STEP3 = { end: 1, ing: 1, ig: 1, lijk: 1, baar: 1, bar: 1 };

  // undouble: `kk`, `dd`, `tt` at the end lose one letter.
  function nlUndouble(w) {
    return w.replace(/([kdt])\1$/, "$1");
  }

  function nl(word) {
    // prelude: drop acute accents and diaereses (not è); mark consonant uses
    // of i and y as I and Y: y at the start or after a vowel, and i between
    // vowels. One left-to-right pass; a mark is no vowel for what follows.
    var w = word
      .replace(NL_ACCENT, function (c) { return NL_PLAIN.charAt(NL_ACCENTED.indexOf(c)); })
      .replace(/^y/, "Y")
      .replace(/([aeiouy\u00e8])(?:i(?=[aeiouy\u00e8])|y)/gu, function (m, v) {
        return v + m.slice(1).toUpperCase();
      });

    // mark_regions: R1 starts after the first non-vowel that follows a
    // vowel, but not before position 3; R2 the same again, inside R1.
    var p1 = w.length;
    var p2 = w.length;
    NL_REGION.lastIndex = 0;
    if (NL_REGION.exec(w)) {
      p1 = NL_REGION.lastIndex;
      // "At least 3" counts UTF-8 bytes in rust-stemmers: it only applies
      // when the first two letters are ASCII (`aç…` and `èn…` keep p1 = 2).
      // Position 3 then also stands for "after the third character".
      if (p1 < 3 && /^[\0-\x7f]*$/.test(w.slice(0, p1))) p1 = 3;
      p2 = region(NL_REGION, w, NL_REGION.lastIndex);
    }
    function inR1(pos) { return pos >= p1; }
    function inR2(pos) { return pos >= p2; }

    // en_ending: delete the suffix after `stem` (-en or -ene) when it is in
    // R1 and follows a non-vowel, but not `gem`; then undouble.
    function enEnding(stem) {
      if (inR1(stem.length) && /[^aeiouy\u00e8]$/u.test(stem) && !/gem$/.test(stem)) {
        w = nlUndouble(stem);
      }
    }

    // e_ending: delete a final `e` in R1 after a non-vowel, then undouble.
    // Remembers whether it did, for `bar` below.
    var eFound;
    function eEnding() {
      eFound = false;
      if (inR1(w.length - 1) && /[^aeiouy\u00e8]e$/u.test(w)) {
        w = nlUndouble(w.slice(0, -1));
        eFound = true;
      }
    }

    // standard_suffix, step 1: -heden, -en/-ene, -s/-se.
    var s = ending(w, NL_STEP1);
    var stem = w.slice(0, w.length - s.length);
    if (s === "heden") {
      if (inR1(stem.length)) w = stem + "heid";
    } else if (s === "en" || s === "ene") {
      enEnding(stem);
    } else if (s && inR1(stem.length) && /[^aeiouy\u00e8j]$/u.test(stem)) {
      w = stem;
    }

    // step 2: a final -e.
    eEnding();

    // step 3a: -heid in R2, not after c; then -en as in step 1.
    if (/heid$/.test(w) && inR2(w.length - 4) && !/cheid$/.test(w)) {
      w = w.slice(0, -4);
      if (/en$/.test(w)) enEnding(w.slice(0, -2));
    }

    // step 3b: derivational suffixes, all in R2.
    s = ending(w, NL_STEP3);
    stem = w.slice(0, w.length - s.length);
    if (s && inR2(stem.length)) {
      if (s === "end" || s === "ing") {
        // then -ig (in R2, not after e), else undouble
        w = /ig$/.test(stem) && !/eig$/.test(stem) && inR2(stem.length - 2)
          ? stem.slice(0, -2) : nlUndouble(stem);
      } else if (s === "ig") {
        if (!/e$/.test(stem)) w = stem;
      } else if (s === "lijk") {
        w = stem;
        eEnding();
      } else if (s === "baar" || (s === "bar" && eFound)) {
        w = stem;
      }
    }

    // step 4: undouble a vowel: C-aa-C at the end becomes C-a-C (also ee,
    // oo, uu), where the last consonant may not be the mark I.
    w = w.replace(/([^aeiouy\u00e8])([aeou])\2([^aeiouy\u00e8I])$/u, "$1$2$3");

    // postlude: the marks become letters again.
    return w.replace(/[IY]/g, function (c) { return c.toLowerCase(); });
  }

  // -------------------------------------------------------------- English --
  // Vowels are `aeiouy`; `Y` marks a consonant y.

  var EN_REGION = /[aeiouy][^aeiouy]/gu;

  // exception1: whole words with a fixed stem.
  var EN_EXCEPTIONS = {
    skis: "ski", skies: "sky", dying: "die", lying: "lie", tying: "tie",
    idly: "idl", gently: "gentl", ugly: "ugli", early: "earli", only: "onli", singly: "singl",
    sky: "sky", news: "news", howe: "howe", atlas: "atlas", cosmos: "cosmos", bias: "bias", andes: "andes"
  };
  // exception2: words that, after Step_1a, are left as they are.
  var EN_INVARIANT = {
    inning: 1, outing: 1, canning: 1, herring: 1, earring: 1, proceed: 1, exceed: 1, succeed: 1
  };
  var EN_POSSESSIVE = { "'": 1, "'s": 1, "'s'": 1 };
  var EN_STEP1A = { sses: 1, ied: 1, ies: 1, s: 1, us: 1, ss: 1 };
  var EN_STEP1B = { eed: 1, eedly: 1, ed: 1, edly: 1, ing: 1, ingly: 1 };
  var EN_STEP2 = {
    tional: "tion", enci: "ence", anci: "ance", abli: "able", entli: "ent", izer: "ize",
    ization: "ize", ational: "ate", ation: "ate", ator: "ate", alism: "al", aliti: "al",
    alli: "al", fulness: "ful", ousli: "ous", ousness: "ous", iveness: "ive", iviti: "ive",
    biliti: "ble", bli: "ble", ogi: "og", fulli: "ful", lessli: "less", li: ""
  };
  var EN_STEP3 = {
    tional: "tion", ational: "ate", alize: "al", icate: "ic", iciti: "ic", ical: "ic",
    ful: "", ness: "", ative: ""
  };
  var EN_STEP4 = {};
  ("al ance ence er ic able ible ant ement ment ent ism ate iti ous ive ize ion")
    .split(" ").forEach(function (s) { EN_STEP4[s] = 1; });

  // shortv: `w` ends in a short syllable: non-vowel, vowel, non-vowel other
  // than w, x or Y; or it is just a vowel and a non-vowel.
  function enShort(w) {
    return /[^aeiouy][aeiouy][^aeiouywxY]$|^[aeiouy][^aeiouy]$/u.test(w);
  }

  function en(word) {
    if (has(EN_EXCEPTIONS, word)) return EN_EXCEPTIONS[word];
    // Words of fewer than three characters are left alone.
    if (Array.from(word).length < 3) return word;

    // prelude: drop one leading apostrophe; mark y at the start or after a
    // vowel as the consonant Y (a mark is no vowel for what follows).
    var yFound = false;
    var w = word.replace(/^'/, "").replace(/^y|([aeiouy])y/g, function (m, v) {
      yFound = true;
      return (v || "") + "Y";
    });

    // mark_regions: R1 starts after the first non-vowel that follows a vowel,
    // or after one of three prefixes; R2 the same again, inside R1.
    var p1 = w.length;
    var p2 = w.length;
    var prefix = /^(?:gener|commun|arsen)/.exec(w);
    EN_REGION.lastIndex = 0;
    if (prefix || EN_REGION.exec(w)) {
      p1 = prefix ? prefix[0].length : EN_REGION.lastIndex;
      p2 = region(EN_REGION, w, p1);
    }
    function inR1(pos) { return pos >= p1; }
    function inR2(pos) { return pos >= p2; }

    // Step_1a: possessive apostrophes, then plural -s forms.
    w = w.slice(0, w.length - ending(w, EN_POSSESSIVE).length);
    var s = ending(w, EN_STEP1A);
    var stem = w.slice(0, w.length - s.length);
    if (s === "sses") {
      w = stem + "ss";
    } else if (s === "ied" || s === "ies") {
      // -i after two or more characters, else -ie: cries → cri, ties → tie
      w = stem + (Array.from(stem).length >= 2 ? "i" : "ie");
    } else if (s === "s" && /[aeiouy][^]/u.test(stem)) {
      // only when a vowel comes before the letter before the s: gaps → gap,
      // but gas stays
      w = stem;
    }

    if (!has(EN_INVARIANT, w)) {
      // Step_1b: -eed(ly) in R1 becomes -ee; -ed(ly), -ing(ly) go after a
      // vowel, and the rest may get an e back or lose a doubled consonant.
      s = ending(w, EN_STEP1B);
      stem = w.slice(0, w.length - s.length);
      if (s === "eed" || s === "eedly") {
        if (inR1(stem.length)) w = stem + "ee";
      } else if (s && /[aeiouy]/.test(stem)) {
        w = stem;
        if (/(?:at|bl|iz)$/.test(w)) {
          w += "e";
        } else if (/(?:bb|dd|ff|gg|mm|nn|pp|rr|tt)$/.test(w)) {
          w = w.slice(0, -1);
        } else if (w.length === p1 && enShort(w)) {
          w += "e"; // a short word: hop(p)ing → hope
        }
      }

      // Step_1c: final y or Y after a non-vowel that is not the first letter
      // becomes i.
      if (/[^][^aeiouy][yY]$/u.test(w)) w = w.slice(0, -1) + "i";

      // Step_2: suffixes in R1 replaced by shorter ones.
      s = ending(w, EN_STEP2);
      stem = w.slice(0, w.length - s.length);
      if (s && inR1(stem.length)) {
        if (s === "ogi") {
          if (/l$/.test(stem)) w = stem + "og";
        } else if (s === "li") {
          if (/[cdeghkmnrt]$/.test(stem)) w = stem;
        } else {
          w = stem + EN_STEP2[s];
        }
      }

      // Step_3: more suffixes in R1; -ative only in R2.
      s = ending(w, EN_STEP3);
      stem = w.slice(0, w.length - s.length);
      if (s && inR1(stem.length) && (s !== "ative" || inR2(stem.length))) {
        w = stem + EN_STEP3[s];
      }

      // Step_4: suffixes in R2 deleted; -ion only after s or t.
      s = ending(w, EN_STEP4);
      stem = w.slice(0, w.length - s.length);
      if (s && inR2(stem.length) && (s !== "ion" || /[st]$/.test(stem))) w = stem;

      // Step_5: final e in R2, or in R1 after no short syllable; final l in R2
      // after another l.
      stem = w.slice(0, -1);
      if (/e$/.test(w)) {
        if (inR2(stem.length) || (inR1(stem.length) && !enShort(stem))) w = stem;
      } else if (/ll$/.test(w) && inR2(stem.length)) {
        w = stem;
      }
    }

    // postlude: the marks become y again.
    return yFound ? w.replace(/Y/g, "y") : w;
  }

  globalThis.BeleidStemmers = { nl: nl, en: en };
})();
