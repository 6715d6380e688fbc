// Ranking: the matches of each query word and the best sections, making
// the same decisions in the same order as src/search/query.rs (the parity
// test, tests/search_parity.rs, runs both on one index). The match kinds
// (EXACT ... FUZZY), their limits, the field flags (TITLE, HEADING, BODY),
// the weights and SECTIONS come from the generated prelude.

// A section's key is page * SECTIONS + section. Scores are below 256 (the
// build checks that the prelude's constants keep them there) and packed
// below sections as section * PACK + score for sorting.
var PACK = 256;

// Whether two words are one edit apart (a character added, removed or
// replaced, or two neighbours swapped). Typo matching compares the query
// word with every word of a shard, so the usual case (no surrogate pairs,
// where a UTF-16 unit is a character) compares the strings in place.
function withinOneEdit(a, b) {
  if (a === b) return false;
  // A character is one or two units: more than two units apart is more
  // than one character apart.
  if (a.length > b.length + 2 || b.length > a.length + 2) return false;
  return hasSurrogates(a) || hasSurrogates(b) ? oneEdit(Array.from(a), Array.from(b)) : oneEdit(a, b);
}

function hasSurrogates(s) {
  for (var i = 0; i < s.length; i++) {
    var c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdfff) return true;
  }
  return false;
}

// oneEdit for two sequences of characters (strings or arrays) that differ.
function oneEdit(a, b) {
  var la = a.length, lb = b.length;
  if (la > lb + 1 || lb > la + 1 || (la === lb && sameFrom(a, 0, b, 0))) return false;
  var p = 0;
  while (p < la && p < lb && a[p] === b[p]) p++;
  if (la === lb) {
    return sameFrom(a, p + 1, b, p + 1) ||
      (p + 1 < la && a[p] === b[p + 1] && a[p + 1] === b[p] && sameFrom(a, p + 2, b, p + 2));
  }
  return la > lb ? sameFrom(a, p + 1, b, p) : sameFrom(a, p, b, p + 1);
}

// Whether a from i on equals b from j on.
function sameFrom(a, i, b, j) {
  if (a.length - i !== b.length - j) return false;
  for (; i < a.length; i++, j++) if (a[i] !== b[j]) return false;
  return true;
}

// The part of a posting's score that belongs to its section.
function sectionWeight(flags) {
  var w = 0;
  if (flags & HEADING) w += HEADING_WEIGHT;
  if (flags & BODY) w += BODY_WEIGHT + Math.min(flags >> 3, COUNT_CAP);
  return w;
}

// The postings one query word matched, each list with its match kind,
// and on how many pages (counted as they are added).
function WordMatches(pages) {
  this.lists = [];
  this.kinds = [];
  this.seen = new Uint8Array(pages);
  this.pages = 0;
}
WordMatches.prototype.add = function (list, kind) {
  if (!list.length) return;
  this.lists.push(list);
  this.kinds.push(kind);
  // Pages never decrease along a list: the last is the largest.
  var seen = this.seen, last = list[list.length - 3];
  if (last >= seen.length) {
    seen = new Uint8Array(Math.max(last + 1, seen.length * 2));
    seen.set(this.seen);
    this.seen = seen;
  }
  for (var j = 0; j < list.length; j += 3) {
    if ((list[j + 2] & 7) && !seen[list[j]]) { seen[list[j]] = 1; this.pages++; }
  }
};
// Sorts the matches into sections (keys ascending, each with its best
// section score) and pages (best title score per page, `size` of them).
// A counting sort by page, then sections within each page: the lists of
// a frequent word (its forms, prefixes, compounds) together hold tens of
// thousands of postings, and sorting them all as numbers took most of
// the ranking time.
WordMatches.prototype.finish = function (size) {
  var lists = this.lists, kinds = this.kinds, i, j, list, kind, page, flags;
  var starts = new Uint32Array(size + 1), titles = null;
  // Each posting is an entry for its section if it scores there, and a
  // title match also makes its page's first section a candidate.
  for (i = 0; i < lists.length; i++) {
    list = lists[i]; kind = kinds[i];
    for (j = 0; j < list.length; j += 3) {
      flags = list[j + 2];
      if (flags & TITLE) starts[list[j] + 1]++;
      if (kind * sectionWeight(flags) > 0) starts[list[j] + 1]++;
    }
  }
  for (page = 0; page < size; page++) starts[page + 1] += starts[page];
  // Each entry is section * PACK + score, so that sorting a page's
  // entries sorts them by section, then score.
  var total = starts[size], at = starts.slice(0, size), entries = new Uint32Array(total);
  for (i = 0; i < lists.length; i++) {
    list = lists[i]; kind = kinds[i];
    for (j = 0; j < list.length; j += 3) {
      page = list[j]; flags = list[j + 2];
      if (flags & TITLE) {
        if (!titles) titles = new Uint8Array(size);
        if (titles[page] < kind * TITLE_WEIGHT) titles[page] = kind * TITLE_WEIGHT;
        entries[at[page]++] = 0;
      }
      var s = kind * sectionWeight(flags);
      if (s > 0) entries[at[page]++] = list[j + 1] * PACK + s;
    }
  }
  var keys = new Float64Array(total), scores = new Uint8Array(total), u = 0;
  for (page = 0; page < size; page++) {
    var from = starts[page], to = starts[page + 1];
    if (from === to) continue;
    if (to - from > 16) entries.subarray(from, to).sort();
    else {
      // Most pages have a few entries: an insertion sort is quicker.
      for (i = from + 1; i < to; i++) {
        var e = entries[i];
        for (j = i - 1; j >= from && entries[j] > e; j--) entries[j + 1] = entries[j];
        entries[j + 1] = e;
      }
    }
    for (i = from; i < to; i++) {
      var section = entries[i] >>> 8, key = page * SECTIONS + section;
      // Equal keys are sorted by score: the last is the best.
      if (u > 0 && keys[u - 1] === key) scores[u - 1] = entries[i] & 255;
      else { keys[u] = key; scores[u] = entries[i] & 255; u++; }
    }
  }
  this.keys = keys.subarray(0, u);
  this.scores = scores;
  this.titles = titles;
};

Index.prototype.rank = function (q, wanted, shards, limit) {
  var words = new Set(), pages = Math.max(1, this.manifest.pages);
  var perWord = wanted.map(function (w, i) {
    var stemShard = shards[i][0], wordShard = shards[i][1], m = new WordMatches(pages);
    var entry = stemShard.get(w.stem);
    if (entry) {
      entry.words.forEach(function (postings, word) { m.add(postings, word === w.word ? EXACT : STEM); words.add(word); });
      if (entry.compounds.length) {
        m.add(entry.compounds, COMPOUND);
        // The compounds are not in the index as words: highlight longer
        // words containing a form of the stem (a part).
        entry.words.forEach(function (_, form) { if (charCount(form) >= COMPOUND_PART_MIN_CHARS) words.add("*" + form); });
        if (charCount(w.word) >= COMPOUND_PART_MIN_CHARS) words.add("*" + w.word);
      }
    }
    var chars = charCount(w.word);
    if (i + 1 === wanted.length && q.typing && chars >= PREFIX_MIN_CHARS) {
      wordShard.forEach(function (e) {
        e.words.forEach(function (postings, word) {
          if (word !== w.word && word.startsWith(w.word)) { m.add(postings, PREFIX); words.add(word); }
        });
      });
    }
    if (chars >= FUZZY_MIN_CHARS && m.pages < FUZZY_WHEN_FEWER) {
      // One edit from the word, or its stem one edit from theirs.
      [wordShard, stemShard].forEach(function (shard) {
        shard.forEach(function (e, entryStem) {
          var stemClose = withinOneEdit(w.stem, entryStem);
          e.words.forEach(function (postings, word) {
            if (stemClose || withinOneEdit(w.word, word)) { m.add(postings, FUZZY); words.add(word); }
          });
        });
      });
    }
    return m;
  });
  var size = pages;
  perWord.forEach(function (m) { size = Math.max(size, m.seen.length); });
  perWord.forEach(function (m) { m.finish(size); });
  var rarity = [], common = [], significant = false;
  perWord.forEach(function (m, i) {
    var df = Math.max(1, m.pages);
    rarity[i] = 1 + (31 - Math.clz32(Math.max(1, Math.floor(pages / df))));
    common[i] = pages >= COMMON_MIN_PAGES && df * 2 > pages;
    if (!common[i] && m.pages > 0) significant = true;
  });
  var ranked = topSections(perWord, rarity, common, significant, limit);
  return { hits: ranked.top, total: ranked.pages, words: words, queryWords: wanted, typing: q.typing };
};

// Whether hit a ranks before hit b: more query words matched, a higher
// score, then the earlier page and section.
function before(a, b) {
  return a.matched !== b.matched ? a.matched > b.matched : a.score !== b.score ? a.score > b.score :
    a.page !== b.page ? a.page < b.page : a.section < b.section;
}

// The best `limit` sections, at most one per page: every candidate
// section (matched by some word, or the first of a page whose title
// matched) is visited once, in key order, by merging the words' sorted
// keys; only each page's best is offered to the few kept so far.
// Returns { top, pages }: `pages` counts every page found, for "N results".
function topSections(perWord, rarity, common, significant, limit) {
  if (!(limit > 0)) return { top: [], pages: 0 };
  // Plain local numbers, no object per candidate and no state shared
  // with helper functions: a frequent word has tens of thousands of
  // candidates, and with those this loop was most of the ranking time.
  var n = perWord.length, at = new Int32Array(n), top = [], pages = 0;
  var bestPage = -1, bestSection = 0, bestMatched = 0, bestScore = 0;
  for (;;) {
    var key = Infinity, i;
    for (i = 0; i < n; i++) {
      var keys = perWord[i].keys;
      if (at[i] < keys.length && keys[at[i]] < key) key = keys[at[i]];
    }
    var page = key === Infinity ? -1 : Math.floor(key / SECTIONS);
    if (page !== bestPage) {
      // The previous page is done: its best section may enter the list.
      if (bestPage >= 0) { pages++; offerHit(top, limit, bestPage, bestSection, bestMatched, bestScore); }
      bestPage = page; bestMatched = -1; bestScore = -1;
    }
    if (page < 0) break;
    var matched = 0, score = 0;
    for (i = 0; i < n; i++) {
      var m = perWord[i], s = 0;
      if (at[i] < m.keys.length && m.keys[at[i]] === key) s = m.scores[at[i]++];
      var t = m.titles ? m.titles[page] : 0;
      var b = s > t ? s : t;
      if (b > 0) {
        if (!common[i] || !significant) matched++;
        score += b * rarity[i];
      }
    }
    if (matched > bestMatched || (matched === bestMatched && score > bestScore)) {
      bestSection = key - page * SECTIONS; bestMatched = matched; bestScore = score;
    }
  }
  return { top: top, pages: pages };
}

// Puts a page's best section into `top` (kept in order, at most `limit`)
// if it ranks high enough. Pages come in increasing order, so a hit that
// only ties the last one does not enter.
function offerHit(top, limit, page, section, matched, score) {
  if (top.length >= limit) {
    var last = top[top.length - 1];
    if (matched < last.matched || (matched === last.matched && score <= last.score)) return;
  }
  var hit = { page: page, section: section, matched: matched, score: score };
  var i = top.length;
  while (i > 0 && before(hit, top[i - 1])) i--;
  top.splice(i, 0, hit);
  if (top.length > limit) top.pop();
}

