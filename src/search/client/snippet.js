// Snippets: the words of a result's text around its first match, matched
// words marked (the interface shows them with textContent only).

// Runs of word characters (apostrophes included) and of anything else.
var WORD_CHARS = "\\p{Alphabetic}\\p{N}\\p{M}'" + APOSTROPHES + "-";
var PIECE = "[" + WORD_CHARS + "]+|[^" + WORD_CHARS + "]+";
var PLAIN = /^[A-Za-z0-9]+$/;

// Whether a piece of text (a run of word characters) holds a matched word.
function marked(text, matches) {
  // Most words are plain ASCII: one word, lowercased, no tokenising.
  if (PLAIN.test(text)) return text.length <= MAX_WORD && matches(text.toLowerCase());
  var mark = false;
  tokens(text, function (w) { if (!mark && matches(w)) mark = true; });
  return mark;
}

// Pieces of `text` around the first matched word, as [{text, mark}], at
// most about `span` words long.
function snippet(text, matches, span) {
  var pieces = [], re = new RegExp(PIECE, "gu"), m, first = -1;
  while ((m = re.exec(text))) {
    var piece = { text: m[0], mark: false, word: WORD_CHAR.test(m[0][0]) || APOSTROPHE[m[0][0]] };
    if (piece.word) {
      piece.mark = marked(m[0], matches);
      if (piece.mark && first < 0) first = pieces.length;
    }
    pieces.push(piece);
    // Nothing after the span that follows the first match is shown: one
    // more piece says there is more.
    if (first >= 0 && pieces.length > first + span * 2) break;
  }
  // Words and the gaps between them alternate, so a word is two pieces:
  // start about a third of the span before the first match.
  var start = Math.max(0, (first < 0 ? 0 : first) - Math.round(span * 2 / 3));
  if (start % 2 !== (pieces[0] && pieces[0].word ? 0 : 1)) start = Math.max(0, start - 1);
  var end = Math.min(pieces.length, start + span * 2);
  var out = pieces.slice(start, end);
  if (start > 0) out.unshift({ text: "… ", mark: false });
  if (end < pieces.length) out.push({ text: " …", mark: false });
  return out;
}

// Whether a (folded) word of a snippet is to be marked: a word that
// matched, or a compound holding a form of a stem whose compounds
// matched ("*prive" marks "privepersoon", not "privacy").
function matcher(result) {
  var exact = result.words, parts = [];
  exact.forEach(function (w) { if (w.charAt(0) === "*") parts.push(w.slice(1)); });
  return function (w) {
    if (exact.has(w)) return true;
    if (w.length < COMPOUND_MIN_CHARS) return false;
    for (var i = 0; i < parts.length; i++) if (w.length > parts[i].length && w.indexOf(parts[i]) >= 0) return true;
    return false;
  };
}

