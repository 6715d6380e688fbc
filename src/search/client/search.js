// beleid search: finds sections of pages in the browser, from the static
// index files under search/<lang>/. No framework, no server, no third party.
//
// The engine mirrors src/search/query.rs step for step (tokenising, shard
// keys, match kinds, scores, order); a test runs both on the same index and
// compares. The interface below it builds every result with DOM APIs and
// textContent only: page text and queries never reach innerHTML.
(function (global) {
  "use strict";

  // ---- Normalisation (src/search/tokenize.rs, src/text.rs) ----

  var MAX_WORD = 40;
  var MARK = /\p{M}/u;
  var WORD_CHAR = /[\p{Alphabetic}\p{N}\p{M}'-]/u;
  var APOSTROPHES = { "\u2019": 1, "\u2018": 1, "\u02bc": 1 };
  var SPECIAL = {
    "ß": "ss", "ẞ": "ss", "æ": "ae", "Æ": "ae", "œ": "oe", "Œ": "oe", "ø": "o", "Ø": "o",
    "đ": "d", "Đ": "d", "ł": "l", "Ł": "l", "þ": "th", "Þ": "th", "ı": "i", "ς": "σ", "Σ": "σ"
  };

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
      if (APOSTROPHES[c]) c = "'";
      if (WORD_CHAR.test(c)) run += c; else flush();
    }
    flush();
  }

  // ---- Query words (src/search/query.rs) ----

  // Function words of questions and phrases, per language: dropped from a
  // query that has other words. The same lists as STOPWORDS_NL and
  // STOPWORDS_EN in query.rs (tests/search_parity.rs compares them).
  var STOPWORDS = {
    nl: "aan als ben bij dan dat de deze die dit door een en er het hij hoe ik in is je jij kan kunnen maar mag me " +
      "met mij mijn moet moeten mogen naar niet nog of om ons onze ook op over te tot u uit van voor waar waarom " +
      "wanneer wat we welke wie wij wil ze zij zijn",
    en: "a about am an and are as at be by can could did do does for from he how i if in into is may me must my " +
      "not of on or our she should that the there these they this to was we what when where which who why will " +
      "with would you your"
  };
  var stopSets = {};

  function baseLanguage(lang) { return String(lang || "").split("-")[0]; }

  function stopwords(lang) {
    var list = STOPWORDS[baseLanguage(lang)];
    return list ? list.split(" ") : [];
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
    var stop = stopSets[base] || (stopSets[base] = new Set(stopwords(base)));
    var kept = words.filter(function (w) { return !stop.has(w); });
    if (kept.length) {
      if (kept.length < words.length && stop.has(words[words.length - 1])) typing = false;
      words = kept;
    }
    return { words: words, typing: typing };
  }

  // ---- Index files (src/search/index.rs) ----

  function shardKey(stem, split) {
    var chars = Array.from(stem);
    var k = 2;
    while (k <= chars.length && split.has(chars.slice(0, k).join(""))) k++;
    return chars.slice(0, Math.min(k, chars.length)).join("");
  }

  function keyFileName(key) {
    if (/^[a-z0-9]+$/.test(key)) return key;
    var name = "_";
    new TextEncoder().encode(key).forEach(function (b) { name += (b < 16 ? "0" : "") + b.toString(16); });
    return name;
  }

  function noop() {}

  // Inflates one part of shards.bin or pages.bin. With "deflate-raw" each
  // part is a raw DEFLATE stream of its own. The bytes go straight into the
  // decompressor and come out through one reader (a Blob stream piped
  // through it took several times as long).
  function inflate(buffer, encoding) {
    var bytes = new Uint8Array(buffer);
    if (encoding !== "deflate-raw") return Promise.resolve(bytes);
    var stream = new DecompressionStream("deflate-raw");
    var writer = stream.writable.getWriter();
    writer.write(bytes).catch(noop);
    writer.close().catch(noop);
    var reader = stream.readable.getReader(), chunks = [], total = 0;
    function next(r) {
      if (r.done) {
        if (chunks.length === 1) return chunks[0];
        var out = new Uint8Array(total), at = 0;
        chunks.forEach(function (c) { out.set(c, at); at += c.length; });
        return out;
      }
      chunks.push(r.value);
      total += r.value.length;
      return reader.read().then(next);
    }
    return reader.read().then(next);
  }

  var UTF8 = new TextDecoder("utf-8", { fatal: true });

  // Reads varints and strings from bytes (src/search/index.rs).
  function Reader(bytes) { this.bytes = bytes; this.at = 0; }
  Reader.prototype.varint = function () {
    var bytes = this.bytes, value = 0, scale = 1, b;
    do {
      if (this.at >= bytes.length) throw new Error("index part ends early");
      b = bytes[this.at++];
      value += (b & 0x7f) * scale;
      scale *= 128;
    } while (b & 0x80);
    return value;
  };
  Reader.prototype.string = function () {
    var bytes = this.bytes, len = this.varint(), at = this.at;
    if (at + len > bytes.length) throw new Error("string runs past the index part");
    var s = "", end = at + len, i = at;
    // Most words are ASCII: no decoder needed.
    while (i < end && bytes[i] < 0x80) i++;
    if (i === end && len < 64) { for (i = at; i < end; i++) s += String.fromCharCode(bytes[i]); }
    else s = UTF8.decode(bytes.subarray(at, end));
    this.at = end;
    return s;
  };

  // Decodes a shard: stem → { words: word → postings, compounds: postings }.
  // Postings are a Uint32Array of (page, section, flags) triples, in page
  // and section order; flags are fields | count << 3.
  function decodeShard(bytes) {
    var r = new Reader(bytes);
    function postings() {
      var n = r.varint();
      // Each posting takes at least three bytes.
      if (n * 3 > bytes.length - r.at) throw new Error("shard ends early");
      var list = new Uint32Array(n * 3), page = 0;
      for (var j = 0; j < list.length; j += 3) {
        page += r.varint();
        var section = r.varint();
        if (r.at >= bytes.length) throw new Error("shard ends early");
        if (page > 0xffffffff || section > 0xffffffff) throw new Error("page number overflows");
        list[j] = page;
        list[j + 1] = section;
        list[j + 2] = bytes[r.at++];
      }
      return list;
    }
    var stems = new Map();
    for (var n = r.varint(); n > 0; n--) {
      var stem = r.string(), words = new Map();
      for (var w = r.varint(); w > 0; w--) { var word = r.string(); words.set(word, postings()); }
      stems.set(stem, { words: words, compounds: postings() });
    }
    return stems;
  }

  // Decodes a page's fragment: { t: title, u: URL, s: [[anchor, heading, text]...] }.
  function decodeFragment(bytes) {
    var r = new Reader(bytes), t = r.string(), u = r.string(), s = [];
    for (var n = r.varint(); n > 0; n--) s.push([r.string(), r.string(), r.string()]);
    if (r.at !== bytes.length) throw new Error("bytes left after the fragment");
    return { t: t, u: u, s: s };
  }

  // ---- Ranking (src/search/query.rs) ----

  var EXACT = 16, STEM = 8, COMPOUND = 6, PREFIX = 4, FUZZY = 2;
  var FUZZY_MIN_CHARS = 5, FUZZY_WHEN_FEWER = 3, PREFIX_MIN_CHARS = 2, COMPOUND_PART_MIN_CHARS = 3;
  var TITLE = 1, HEADING = 2, BODY = 4;
  // A section's key is page * SECTIONS + section; scores (at most 16 × 14)
  // are packed below sections as section * PACK + score for sorting.
  var SECTIONS = 65536, PACK = 256;

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
    if (flags & HEADING) w += 6;
    if (flags & BODY) w += 2 + Math.min(flags >> 3, 6);
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
          if (titles[page] < kind * 12) titles[page] = kind * 12;
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

  // An index of one language. `fetchRange(path, start, length)` returns an
  // ArrayBuffer with `length` bytes of a file below the language's search
  // folder from `start` (the whole file when `length` is null), or null.
  // Shards, fragments and recent results are kept in memory, so a repeated
  // or longer query (while typing) fetches nothing it fetched before.
  function Index(manifest, fetchRange) {
    this.manifest = manifest;
    this.split = new Set(manifest.split);
    var stemmers = global.BeleidStemmers || {}, stem = stemmers[baseLanguage(manifest.lang)];
    this.stem = manifest.stemmer && stem ? stem : function (w) { return w; };
    this.fetchRange = fetchRange;
    // Each shard's place in shards.bin follows from the sizes before it.
    this.ranges = new Map();
    var keys = manifest.shards ? manifest.shards.split(" ") : [];
    var sizes = manifest.sizes ? manifest.sizes.split(" ") : [];
    for (var i = 0, offset = 0; i < keys.length; i++) {
      var size = parseInt(sizes[i], 36);
      this.ranges.set(keys[i], [offset, size]);
      offset += size;
    }
    this.shards = new Map();
    this.fragments = new Map();
    this.results = new Map();
    this.pageOffsets = null;
  }

  var MAX_SHARDS = 64, MAX_FRAGMENTS = 256, MAX_RESULTS = 32;

  // A bounded cache: the least recently used entry goes first.
  function cached(map, key, max, make) {
    var value = map.get(key);
    if (value !== undefined) { map.delete(key); map.set(key, value); return value; }
    value = make();
    map.set(key, value);
    if (map.size > max) map.delete(map.keys().next().value);
    return value;
  }

  Index.prototype.shard = function (key) {
    var self = this, range = this.ranges.get(key);
    if (!range) return Promise.resolve(new Map());
    return cached(this.shards, key, MAX_SHARDS, function () {
      return Promise.resolve(self.fetchRange("shards.bin", range[0], range[1])).then(function (buffer) {
        return buffer ? inflate(buffer, self.manifest.encoding).then(decodeShard) : new Map();
      }).catch(function () { self.shards.delete(key); return new Map(); });
    });
  };

  // Offsets of every page's fragment in pages.bin, from the sizes in pages.idx.
  Index.prototype.offsets = function () {
    var self = this;
    if (!this.pageOffsets) {
      this.pageOffsets = Promise.resolve(this.fetchRange("pages.idx", 0, null)).then(function (buffer) {
        var bytes = new Uint8Array(buffer);
        var offsets = [0], at = 0;
        while (at < bytes.length) {
          var value = 0, scale = 1, b;
          do { b = bytes[at++]; value += (b & 0x7f) * scale; scale *= 128; } while (b & 0x80);
          offsets.push(offsets[offsets.length - 1] + value);
        }
        return offsets;
      }).catch(function (e) { self.pageOffsets = null; throw e; });
    }
    return this.pageOffsets;
  };

  Index.prototype.fragment = function (page) {
    var self = this;
    return cached(this.fragments, page, MAX_FRAGMENTS, function () {
      var fragment = self.offsets().then(function (offsets) {
        if (!(page >= 0 && page + 1 < offsets.length)) throw new Error("no page " + page);
        return self.fetchRange("pages.bin", offsets[page], offsets[page + 1] - offsets[page]);
      }).then(function (buffer) {
        if (!buffer) throw new Error("page " + page + " is missing");
        return inflate(buffer, self.manifest.encoding);
      }).then(decodeFragment);
      // A failed fetch is tried again next time.
      fragment.catch(function () { if (self.fragments.get(page) === fragment) self.fragments.delete(page); });
      return fragment;
    });
  };

  // Runs a query: resolves { hits: [{ page, section, matched, score }],
  // words: Set of words to highlight, queryWords, typing }, or null when
  // `stale()` says, once the shards are there, that nobody wants it anymore.
  Index.prototype.search = function (query, limit, stale) {
    var self = this, q = queryWords(query, this.manifest.lang);
    var key = limit + (q.typing ? "+" : " ") + q.words.join(" ");
    var known = this.results.get(key);
    if (known) return Promise.resolve(known);
    var wanted = q.words.map(function (w) { return { word: w, stem: self.stem(w) }; });
    // The page index is needed to show any result: fetch it alongside.
    if (wanted.length) this.offsets().catch(noop);
    return Promise.all(wanted.map(function (w) {
      return Promise.all([self.shard(shardKey(w.stem, self.split)), self.shard(shardKey(w.word, self.split))]);
    })).then(function (shards) {
      if (stale && stale()) return null;
      var result = self.rank(q, wanted, shards, limit);
      cached(self.results, key, MAX_RESULTS, function () { return result; });
      return result;
    });
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
      common[i] = pages >= 4 && df * 2 > pages;
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

  // ---- Snippets ----

  var PIECE = /[\p{Alphabetic}\p{N}\p{M}'’‘ʼ-]+|[^\p{Alphabetic}\p{N}\p{M}'’‘ʼ-]+/gu;
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
    var pieces = [], re = new RegExp(PIECE.source, "gu"), m, first = -1;
    while ((m = re.exec(text))) {
      var piece = { text: m[0], mark: false, word: WORD_CHAR.test(m[0][0]) || APOSTROPHES[m[0][0]] };
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

  // Compounds are at least this long (src/search/compound.rs).
  var COMPOUND_MIN_CHARS = 7;

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

  // ---- The engine's own store ----

  // Index parts fetched once (shards, page fragments, the page index) are
  // kept in IndexedDB, so that a later search, also on another page or
  // after a reload, reads them from there. Reading eight parts in one
  // transaction took about a millisecond in Chromium here, where fetching
  // them from the browser's HTTP cache took 20 ms and more, one request
  // after another. Keys are the parts' URLs, which name the index version;
  // when a language's index changes, its old parts are deleted. At most
  // `maxParts` are kept: beyond that the store starts again empty. Every
  // failure (storage turned off, full, private windows) means: fetch.
  function Store(name, maxParts) {
    this.name = name;
    this.maxParts = maxParts;
    this.db = null;
    this.reads = [];
    this.writes = [];
  }

  Store.prototype.open = function () {
    var self = this;
    if (!this.db) {
      this.db = new Promise(function (resolve) {
        var request, given = false;
        var give = function (db) { given = true; resolve(db); };
        try { request = global.indexedDB.open(self.name, 1); } catch (e) { give(null); return; }
        request.onupgradeneeded = function () {
          request.result.createObjectStore("parts");
          request.result.createObjectStore("versions");
        };
        request.onsuccess = function () {
          var db = request.result;
          // Opened after all (once blocked): not used.
          if (given) { db.close(); return; }
          // Another tab with a newer script may need to upgrade.
          db.onversionchange = function () { db.close(); self.db = Promise.resolve(null); };
          self.bounded(db).then(function () { give(db); }, function () { give(null); });
        };
        request.onerror = request.onblocked = function () { give(null); };
      });
    }
    return this.db;
  };

  // Empties the store when it holds more than maxParts.
  Store.prototype.bounded = function (db) {
    var self = this;
    return new Promise(function (resolve, reject) {
      var tx = db.transaction("parts", "readwrite"), parts = tx.objectStore("parts");
      parts.count().onsuccess = function (event) { if (event.target.result > self.maxParts) parts.clear(); };
      tx.oncomplete = resolve;
      tx.onerror = tx.onabort = reject;
    });
  };

  // Forgets the parts of an index at `base` other than `version`'s;
  // resolves whether parts of `version` may be kept.
  Store.prototype.version = function (base, version) {
    return this.open().then(function (db) {
      if (!db) return false;
      return new Promise(function (resolve) {
        var tx = db.transaction(["parts", "versions"], "readwrite"), versions = tx.objectStore("versions");
        var same = false;
        versions.get(base).onsuccess = function (event) {
          same = event.target.result === version;
          if (same) return;
          tx.objectStore("parts").delete(IDBKeyRange.bound(base, base + "\uffff"));
          versions.put(version, base);
        };
        tx.oncomplete = function () { resolve(same); };
        tx.onerror = tx.onabort = function () { resolve(false); };
      });
    }).catch(function () { return false; });
  };

  // Resolves a kept part, or undefined. Reads asked for in one turn (the
  // fragments of a query's results) share one transaction.
  Store.prototype.get = function (key) {
    var self = this;
    return new Promise(function (resolve) {
      self.reads.push({ key: key, resolve: resolve });
      if (self.reads.length === 1) queueMicrotask(function () { self.flushReads(); });
    });
  };

  Store.prototype.flushReads = function () {
    var reads = this.reads;
    this.reads = [];
    var none = function () { reads.forEach(function (r) { r.resolve(undefined); }); };
    this.open().then(function (db) {
      if (!db) { none(); return; }
      var tx = db.transaction("parts"), parts = tx.objectStore("parts");
      reads.forEach(function (r) {
        parts.get(r.key).onsuccess = function (event) {
          var value = event.target.result;
          r.resolve(value instanceof ArrayBuffer ? value : undefined);
        };
      });
      tx.onerror = tx.onabort = none; // resolving twice does nothing
    }).catch(none);
  };

  // Keeps a part; writes of one turn share one transaction.
  Store.prototype.put = function (key, value) {
    var self = this;
    this.writes.push([key, value]);
    if (this.writes.length === 1) {
      queueMicrotask(function () {
        var writes = self.writes;
        self.writes = [];
        self.open().then(function (db) {
          if (!db) return;
          var tx = db.transaction("parts", "readwrite"), parts = tx.objectStore("parts");
          writes.forEach(function (w) {
            try { parts.put(w[1], w[0]); } catch (e) { /* not storable (a detached buffer): fetched again next time */ }
          });
          tx.onerror = function (event) { event.preventDefault(); };
        }).catch(noop);
      });
    }
  };

  global.BeleidSearch = {
    fold: fold, tokens: tokens, queryWords: queryWords, stopwords: stopwords, shardKey: shardKey,
    keyFileName: keyFileName, decodeShard: decodeShard, decodeFragment: decodeFragment, inflate: inflate, withinOneEdit: withinOneEdit,
    Index: Index, Store: Store, snippet: snippet, matcher: matcher
  };

  if (typeof document === "undefined") return;

  // ---- The search box ----

  // Fetches byte ranges of index files. A host that ignores Range answers
  // with the whole file, which is then kept and sliced. Each range gets its
  // own URL (`&at=`, which static hosts ignore): the browser caches ranges
  // of one URL in one entry that only one request at a time may use, so
  // the fragments of a query's results were read from the cache one after
  // another, and some went back to the server. Parts fetched once are kept
  // in `store` (when there is one) under that URL, which names the index
  // version, and read from there next time; `stored` is false when the
  // store holds none of this version's parts.
  function fetcher(base, version, store, stored) {
    var whole = new Map();
    function fileUrl(path) { return base + path + "?v=" + version; }
    function fromNetwork(path, start, length) {
      var url = fileUrl(path);
      if (length === null) return fetch(url).then(function (r) { return r.ok ? r.arrayBuffer() : null; });
      if (whole.has(path)) return whole.get(path).then(function (b) { return b && b.slice(start, start + length); });
      return fetch(url + "&at=" + start, { headers: { Range: "bytes=" + start + "-" + (start + length - 1) } }).then(function (r) {
        if (r.status === 206) return r.arrayBuffer();
        if (!r.ok) return null;
        var all = r.arrayBuffer();
        whole.set(path, all);
        return all.then(function (b) { return b.slice(start, start + length); });
      });
    }
    function key(path, start, length) {
      return fileUrl(path) + (length === null ? "" : "&at=" + start + "&n=" + length);
    }
    return function (path, start, length) {
      if (!store) return fromNetwork(path, start, length);
      var k = key(path, start, length);
      // Parts of a version first seen now are not kept yet: no need to look.
      var kept = stored ? store.get(k) : Promise.resolve(undefined);
      return kept.then(function (buffer) {
        if (buffer) return buffer;
        return fromNetwork(path, start, length).then(function (fetched) {
          if (fetched) store.put(k, fetched);
          return fetched;
        });
      });
    };
  }

  var MAX_STORED_PARTS = 2000;
  var store = null;
  function theStore() {
    if (!store) {
      var usable = false;
      try { usable = !!global.indexedDB && typeof queueMicrotask === "function"; } catch (e) { usable = false; }
      store = usable ? new Store("beleid-search", MAX_STORED_PARTS) : false;
    }
    return store || null;
  }

  var indexes = new Map();
  function openIndex(base) {
    if (!indexes.has(base)) {
      var kept = theStore();
      if (kept) kept.open();
      indexes.set(base, fetch(base + "index.json", { cache: "no-cache" }).then(function (r) {
        if (!r.ok) throw new Error("no search index at " + base);
        return r.json();
      }).then(function (manifest) {
        // Parts of an older version go before any part is read.
        var ready = kept ? kept.version(base, manifest.version) : Promise.resolve(false);
        return ready.then(function (stored) { return new Index(manifest, fetcher(base, manifest.version, kept, stored)); });
      }));
    }
    return indexes.get(base);
  }

  function element(tag, className, text) {
    var el = document.createElement(tag);
    if (className) el.className = className;
    if (text !== undefined) el.textContent = text;
    return el;
  }

  function resultLink(fragment, hit, result, id, language) {
    var section = fragment.s[hit.section] || ["", "", ""];
    var a = element("a", "search-result");
    a.href = fragment.u + (section[0] ? "#" + section[0] : "");
    a.id = id;
    a.setAttribute("role", "option");
    a.setAttribute("aria-selected", "false");
    // Options are reached with the arrow keys from the box (the combobox
    // pattern), so Tab goes on to "show all" rather than through the list.
    a.tabIndex = -1;
    if (language) a.setAttribute("lang", language);
    a.appendChild(element("span", "search-result-title", fragment.t));
    if (section[1]) a.appendChild(element("span", "search-result-section", section[1]));
    var text = section[2] || (fragment.s[0] && fragment.s[0][2]) || "";
    if (text) {
      var p = element("span", "search-result-snippet");
      snippet(text, matcher(result), 24).forEach(function (piece) {
        p.appendChild(piece.mark ? element("mark", "", piece.text) : document.createTextNode(piece.text));
      });
      a.appendChild(p);
    }
    return a;
  }

  function setUp(form) {
    var input = form.querySelector(".search-input");
    var list = form.querySelector(".search-results");
    var status = form.querySelector(".search-status");
    if (!input || !list) return;
    // "No results" shows next to the list box, not in it (a list box holds
    // options only), in the same place and style. The live region says it
    // too, with every result count.
    var message = element("p", "search-results search-empty");
    if (list.id) message.id = list.id + "-empty";
    message.hidden = true;
    list.after(message);
    var d = form.dataset;
    // Under the list: how many pages match and, when only the first few
    // are listed, a button that lists them all. Outside the list box (it
    // holds options only), in one positioned popup with it.
    var more = element("div", "search-more");
    var counted = element("span", "search-count");
    var showAll = element("button", "search-show-all");
    showAll.type = "button";
    more.append(counted, showAll);
    more.hidden = true;
    var popup = element("div", "search-popup");
    list.before(popup);
    popup.append(list, message, more);
    var FIRST = 8, limit = FIRST, total = 0;
    function fill(template, values) {
      return String(template || "").replace(/\{(\w+)\}/g, function (all, k) { return Object.prototype.hasOwnProperty.call(values, k) ? values[k] : all; });
    }
    var base = d.index;
    var others = (d.others || "").split(" ").filter(Boolean).map(function (pair) {
      var i = pair.indexOf("="); return { lang: pair.slice(0, i), base: pair.slice(i + 1) };
    });
    var sequence = 0, selected = -1;

    function options() { return list.querySelectorAll("[role=option]"); }

    function select(i) {
      var all = options();
      if (!all.length) { selected = -1; input.removeAttribute("aria-activedescendant"); return; }
      selected = (i + all.length) % all.length;
      all.forEach(function (o, j) { o.setAttribute("aria-selected", String(j === selected)); });
      input.setAttribute("aria-activedescendant", all[selected].id);
      all[selected].scrollIntoView({ block: "nearest" });
    }

    function close() {
      list.hidden = true;
      message.hidden = true;
      more.hidden = true;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
      selected = -1;
    }

    // Shows the list when it has options, else the message when it says something.
    function open() {
      if (options().length) {
        list.hidden = false;
        more.hidden = false;
        input.setAttribute("aria-expanded", "true");
      } else if (message.textContent) {
        message.hidden = false;
      }
    }

    function clear() {
      list.replaceChildren();
      message.textContent = "";
      close();
    }

    function announce(text) { if (status) status.textContent = text; }

    async function run() {
      var query = input.value;
      var mine = ++sequence;
      // A newer query makes this one stale: it stops at the next step.
      var stale = function () { return mine !== sequence; };
      if (!query.trim()) { clear(); announce(""); return; }
      try {
        var index = await openIndex(base);
        if (stale()) return;
        var result = await index.search(query, limit, stale);
        if (!result || stale()) return;
        var groups = [{ index: index, result: result, lang: null }];
        // This language's pages are fetched while other languages are searched.
        var own = Promise.all(result.hits.map(function (hit) { return index.fragment(hit.page); }));
        own.catch(noop);
        if (result.hits.length < 3 && others.length) {
          var more = await Promise.all(others.map(function (other) {
            return openIndex(other.base).then(function (o) {
              return stale() ? null : o.search(query, 4, stale).then(function (r) { return { index: o, result: r, lang: other.lang }; });
            }).catch(function () { return null; }); // that language has no index
          }));
          if (stale()) return;
          more.forEach(function (g) { if (g && g.result && g.result.hits.length) groups.push(g); });
        }
        var rendered = await Promise.all(groups.map(function (g, gi) {
          return gi === 0 ? own : Promise.all(g.result.hits.map(function (hit) { return g.index.fragment(hit.page); }));
        }));
        if (stale()) return;
        var nodes = [], count = 0;
        groups.forEach(function (g, gi) {
          if (g.lang && g.result.hits.length) {
            var label = element("p", "search-group", d.otherLanguage + ": " + (d["lang" + g.lang.replace(/^./, function (c) { return c.toUpperCase(); })] || g.lang));
            label.setAttribute("role", "presentation");
            nodes.push(label);
          }
          g.result.hits.forEach(function (hit, hi) {
            nodes.push(resultLink(rendered[gi][hi], hit, g.result, "search-result-" + count, g.lang));
            count++;
          });
        });
        var none = d.noResults + " “" + query.trim() + "”";
        list.replaceChildren.apply(list, nodes);
        message.textContent = count ? "" : none;
        // The real number of pages found, not only the ones listed.
        total = Math.max(result.total || 0, result.hits.length);
        var partial = total > result.hits.length;
        var counting = partial ? fill(d.showing, { shown: result.hits.length, n: total }) :
          count === 1 ? d.oneResult : count + " " + d.manyResults;
        counted.textContent = counting;
        showAll.textContent = fill(d.showAll, { n: total });
        showAll.hidden = !partial;
        close();
        open();
        announce(count ? counting : none);
      } catch (e) {
        if (!stale()) announce(d.unavailable || "");
      }
    }

    input.addEventListener("input", function () { limit = FIRST; run(); });
    // Lists every page found; the first newly listed one becomes the
    // active option, so keyboard and screen reader users continue there.
    showAll.addEventListener("click", function () {
      var before = options().length;
      limit = Math.max(total, FIRST);
      run().then(function () {
        input.focus();
        if (options().length > before) select(before);
      });
    });
    input.addEventListener("focus", function () {
      // The store opens while the reader types, not on the first query.
      var kept = theStore();
      if (kept) kept.open();
      if (input.value.trim()) open();
    });
    input.addEventListener("keydown", function (event) {
      var all = options();
      if (event.key === "ArrowDown") { event.preventDefault(); if (list.hidden && input.value.trim()) run(); select(selected + 1); }
      else if (event.key === "ArrowUp") { event.preventDefault(); select(selected - 1); }
      else if (event.key === "Enter") {
        if (all.length) { event.preventDefault(); window.location.href = all[Math.max(selected, 0)].href; }
      } else if (event.key === "Escape") {
        if (!list.hidden || !message.hidden) { event.preventDefault(); close(); }
        else if (input.value) { event.preventDefault(); input.value = ""; clear(); announce(""); }
        else input.blur();
      }
    });
    form.addEventListener("submit", function (event) { if (!options().length) event.preventDefault(); });
    document.addEventListener("click", function (event) { if (!form.contains(event.target)) close(); });
    document.addEventListener("keydown", function (event) {
      var target = event.target, tag = target && target.tagName;
      var typing = tag === "INPUT" || tag === "TEXTAREA" || tag === "SELECT" || (target && target.isContentEditable);
      if ((event.key === "/" && !typing && !event.ctrlKey && !event.metaKey && !event.altKey) ||
          (event.key.toLowerCase() === "k" && (event.ctrlKey || event.metaKey))) {
        event.preventDefault();
        input.focus();
        input.select();
      }
    });
    // The search page (search/<lang>/?q=...) fills the box from the address.
    var q = new URLSearchParams(window.location.search).get("q");
    if (q && document.body.classList.contains("kind-search")) { input.value = q; input.focus(); run(); }
  }

  document.querySelectorAll("form.search[data-index]").forEach(setUp);
})(typeof globalThis !== "undefined" ? globalThis : this);
