// Words: folding and tokenising as src/search/tokenize.rs and src/text.rs
// do, and the words of a query (src/search/query.rs). MAX_WORD,
// APOSTROPHES, SPECIAL and STOPWORDS come from the generated prelude.

var MARK = /\p{M}/u;
var WORD_CHAR = /[\p{Alphabetic}\p{N}\p{M}'-]/u;
// The typographic apostrophes, for a quick look-up.
var APOSTROPHE = {};
Array.from(APOSTROPHES).forEach(function (c) { APOSTROPHE[c] = 1; });

function fold(s) {
  if (/^[\x00-\x7f]*$/.test(s)) return s.toLowerCase();
  var out = "";
  for (var c of s.normalize("NFKD")) {
    if (MARK.test(c)) continue;
    var special = SPECIAL[c];
    out += special !== undefined ? special : c.toLowerCase();
  }
  return out;
}

function charCount(s) { return Array.from(s).length; }

function normalisePart(part) {
  var t = part.replace(/^'+|'+$/g, "");
  if (t.endsWith("'s")) t = t.slice(0, -2);
  var word = fold(t.indexOf("'") >= 0 ? t.replace(/'/g, "") : t);
  return word && charCount(word) <= MAX_WORD ? word : null;
}

// Calls emit(word, joined) for every token of text.
function tokens(text, emit) {
  var run = "";
  function flush() {
    if (!run) return;
    var parts = [];
    run.split("-").forEach(function (p) { var w = normalisePart(p); if (w) parts.push(w); });
    parts.forEach(function (w) { emit(w, false); });
    if (parts.length > 1) {
      var joined = parts.join("");
      if (charCount(joined) <= MAX_WORD) emit(joined, true);
    }
    run = "";
  }
  for (var c of text) {
    if (APOSTROPHE[c]) c = "'";
    if (WORD_CHAR.test(c)) run += c; else flush();
  }
  flush();
}

// Stopwords (function words of questions and phrases) are dropped from
// a query that has other words.
var stopSets = new Map();

function baseLanguage(lang) { return String(lang || "").split("-")[0]; }

function stopwords(lang) {
  return Object.prototype.hasOwnProperty.call(STOPWORDS, baseLanguage(lang)) ? STOPWORDS[baseLanguage(lang)].slice() : [];
}

// The query words: parts of hyphenated words (not their joined forms),
// each once, in order, without stopwords unless there is nothing else;
// `typing` when the last one is still being typed (not when that was a
// stopword and dropped).
function queryWords(query, lang) {
  var words = [];
  tokens(query, function (w, joined) { if (!joined && words.indexOf(w) < 0) words.push(w); });
  var typing = !/\p{White_Space}$/u.test(query);
  var base = baseLanguage(lang);
  if (!stopSets.has(base)) stopSets.set(base, new Set(stopwords(base)));
  var stop = stopSets.get(base);
  var kept = words.filter(function (w) { return !stop.has(w); });
  if (kept.length) {
    if (kept.length < words.length && stop.has(words[words.length - 1])) typing = false;
    words = kept;
  }
  return { words: words, typing: typing };
}

