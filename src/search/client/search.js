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

  function queryWords(query) {
    var words = [];
    tokens(query, function (w, joined) { if (!joined && words.indexOf(w) < 0) words.push(w); });
    return { words: words, typing: !/\p{White_Space}$/u.test(query) };
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

  // Inflates one part of shards.bin or pages.bin. With "deflate-segments"
  // each part is raw DEFLATE ending in a full flush; the two bytes of an
  // empty final block make it a complete stream on its own.
  async function inflate(buffer, encoding) {
    var bytes = new Uint8Array(buffer);
    if (encoding !== "deflate-segments") return bytes;
    var complete = new Uint8Array(bytes.length + 2);
    complete.set(bytes);
    complete[bytes.length] = 3;
    var stream = new Blob([complete]).stream().pipeThrough(new DecompressionStream("deflate-raw"));
    return new Uint8Array(await new Response(stream).arrayBuffer());
  }

  function decodeShard(bytes) {
    var at = 0;
    var utf8 = new TextDecoder();
    function varint() {
      var value = 0, scale = 1, b;
      do {
        if (at >= bytes.length) throw new Error("shard ends early");
        b = bytes[at++];
        value += (b & 0x7f) * scale;
        scale *= 128;
      } while (b & 0x80);
      return value;
    }
    function string() {
      var len = varint();
      if (at + len > bytes.length) throw new Error("string runs past the shard");
      var s = utf8.decode(bytes.subarray(at, at + len));
      at += len;
      return s;
    }
    function postings() {
      var n = varint(), list = new Array(n), page = 0;
      for (var i = 0; i < n; i++) {
        page += varint();
        var section = varint();
        var flags = bytes[at++];
        list[i] = { page: page, section: section, fields: flags & 7, count: flags >> 3 };
      }
      return list;
    }
    var stems = new Map();
    for (var n = varint(); n > 0; n--) {
      var stem = string(), words = new Map();
      for (var w = varint(); w > 0; w--) { var word = string(); words.set(word, postings()); }
      stems.set(stem, { words: words, compounds: postings() });
    }
    return stems;
  }

  // ---- Ranking (src/search/query.rs) ----

  var EXACT = 16, STEM = 8, COMPOUND = 6, PREFIX = 4, FUZZY = 2;
  var FUZZY_MIN_CHARS = 5, FUZZY_WHEN_FEWER = 3, PREFIX_MIN_CHARS = 2;
  var TITLE = 1, HEADING = 2, BODY = 4;

  function withinOneEdit(a, b) {
    a = Array.from(a); b = Array.from(b);
    var la = a.length, lb = b.length;
    if (la === lb && a.join("") === b.join("")) return false;
    if (Math.abs(la - lb) > 1) return false;
    var p = 0;
    while (p < la && p < lb && a[p] === b[p]) p++;
    var same = function (x, y) { return x.join("") === y.join(""); };
    if (la === lb) {
      return same(a.slice(p + 1), b.slice(p + 1)) ||
        (p + 1 < la && a[p] === b[p + 1] && a[p + 1] === b[p] && same(a.slice(p + 2), b.slice(p + 2)));
    }
    return la > lb ? same(a.slice(p + 1), b.slice(p)) : same(a.slice(p), b.slice(p + 1));
  }

  function sectionWeight(p) {
    var w = 0;
    if (p.fields & HEADING) w += 6;
    if (p.fields & BODY) w += 2 + Math.min(p.count, 6);
    return w;
  }

  function pageWeight(p) { return p.fields & TITLE ? 12 : 0; }

  function WordMatches() { this.sections = new Map(); this.pages = new Map(); }
  WordMatches.prototype.add = function (postings, kind) {
    for (var i = 0; i < postings.length; i++) {
      var p = postings[i];
      var s = kind * sectionWeight(p);
      if (s > 0) {
        var key = p.page * 65536 + p.section;
        if (!(this.sections.get(key) >= s)) this.sections.set(key, s);
      }
      var t = kind * pageWeight(p);
      if (t > 0 && !(this.pages.get(p.page) >= t)) this.pages.set(p.page, t);
    }
  };
  WordMatches.prototype.pageCount = function () {
    var pages = new Set(this.pages.keys());
    this.sections.forEach(function (_, key) { pages.add(Math.floor(key / 65536)); });
    return pages.size;
  };

  // An index of one language. `fetchRange(path, start, length)` returns an
  // ArrayBuffer with `length` bytes of a file below the language's search
  // folder from `start` (the whole file when `length` is null), or null.
  function Index(manifest, fetchRange) {
    this.manifest = manifest;
    this.split = new Set(manifest.split);
    var stemmers = global.BeleidStemmers || {};
    this.stem = manifest.stemmer && stemmers[manifest.lang] ? stemmers[manifest.lang] : function (w) { return w; };
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
    this.pageOffsets = null;
  }

  Index.prototype.shard = function (key) {
    var self = this, range = this.ranges.get(key);
    if (!range) return Promise.resolve(new Map());
    if (!this.shards.has(key)) {
      this.shards.set(key, Promise.resolve(this.fetchRange("shards.bin", range[0], range[1])).then(function (buffer) {
        return buffer ? inflate(buffer, self.manifest.encoding).then(decodeShard) : new Map();
      }).catch(function () { self.shards.delete(key); return new Map(); }));
    }
    return this.shards.get(key);
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
    if (!this.fragments.has(page)) {
      this.fragments.set(page, this.offsets().then(function (offsets) {
        return self.fetchRange("pages.bin", offsets[page], offsets[page + 1] - offsets[page]);
      }).then(function (buffer) { return inflate(buffer, self.manifest.encoding); })
        .then(function (bytes) { return JSON.parse(new TextDecoder().decode(bytes)); }));
    }
    return this.fragments.get(page);
  };

  Index.prototype.search = async function (query, limit) {
    var q = queryWords(query), self = this, words = new Set();
    var wanted = q.words.map(function (w) { var s = self.stem(w); return { word: w, stem: s }; });
    var shards = await Promise.all(wanted.map(function (w) {
      return Promise.all([self.shard(shardKey(w.stem, self.split)), self.shard(shardKey(w.word, self.split))]);
    }));
    var perWord = wanted.map(function (w, i) {
      var stemShard = shards[i][0], wordShard = shards[i][1], m = new WordMatches();
      var entry = stemShard.get(w.stem);
      if (entry) {
        entry.words.forEach(function (postings, word) { m.add(postings, word === w.word ? EXACT : STEM); words.add(word); });
        if (entry.compounds.length) { m.add(entry.compounds, COMPOUND); words.add("*" + w.stem); }
      }
      var chars = charCount(w.word);
      if (i + 1 === wanted.length && q.typing && chars >= PREFIX_MIN_CHARS) {
        wordShard.forEach(function (e) {
          e.words.forEach(function (postings, word) {
            if (word !== w.word && word.startsWith(w.word)) { m.add(postings, PREFIX); words.add(word); }
          });
        });
      }
      if (chars >= FUZZY_MIN_CHARS && m.pageCount() < FUZZY_WHEN_FEWER) {
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
    var pages = Math.max(1, this.manifest.pages);
    var weights = perWord.map(function (m) {
      var df = Math.max(1, m.pageCount());
      return { rarity: 1 + (31 - Math.clz32(Math.max(1, Math.floor(pages / df)))), common: pages >= 4 && df * 2 > pages };
    });
    var significant = perWord.some(function (m, i) { return !weights[i].common && m.pageCount() > 0; });
    var candidates = new Set();
    perWord.forEach(function (m) {
      m.sections.forEach(function (_, key) { candidates.add(key); });
      m.pages.forEach(function (_, page) { candidates.add(page * 65536); });
    });
    var hits = [];
    candidates.forEach(function (key) {
      var page = Math.floor(key / 65536), section = key % 65536, matched = 0, score = 0;
      perWord.forEach(function (m, i) {
        var best = Math.max(m.sections.get(key) || 0, m.pages.get(page) || 0);
        if (best > 0) {
          if (!weights[i].common || !significant) matched++;
          score += best * weights[i].rarity;
        }
      });
      hits.push({ page: page, section: section, matched: matched, score: score });
    });
    hits.sort(function (a, b) {
      return b.matched - a.matched || b.score - a.score || a.page - b.page || a.section - b.section;
    });
    var seen = new Set(), kept = [];
    for (var i = 0; i < hits.length && kept.length < limit; i++) {
      if (!seen.has(hits[i].page)) { seen.add(hits[i].page); kept.push(hits[i]); }
    }
    return { hits: kept, words: words, queryWords: wanted };
  };

  // ---- Snippets ----

  // Pieces of `text` around the first matched word, as [{text, mark}], at
  // most about `span` words long.
  function snippet(text, matches, span) {
    var pieces = [], re = /[\p{Alphabetic}\p{N}\p{M}'’‘ʼ-]+|[^\p{Alphabetic}\p{N}\p{M}'’‘ʼ-]+/gu, m, index = 0, first = -1;
    while ((m = re.exec(text))) {
      var piece = { text: m[0], mark: false, word: WORD_CHAR.test(m[0][0]) || APOSTROPHES[m[0][0]] };
      if (piece.word) {
        tokens(m[0], function (w) { if (matches(w)) piece.mark = true; });
        if (piece.mark && first < 0) first = index;
      }
      pieces.push(piece);
      index++;
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

  function matcher(result) {
    var exact = result.words, compounds = [];
    exact.forEach(function (w) { if (w.charAt(0) === "*") compounds.push(w.slice(1)); });
    return function (w) {
      if (exact.has(w)) return true;
      for (var i = 0; i < compounds.length; i++) if (w.indexOf(compounds[i]) >= 0) return true;
      return false;
    };
  }

  global.BeleidSearch = {
    fold: fold, tokens: tokens, queryWords: queryWords, shardKey: shardKey, keyFileName: keyFileName,
    decodeShard: decodeShard, inflate: inflate, withinOneEdit: withinOneEdit, Index: Index,
    snippet: snippet, matcher: matcher
  };

  if (typeof document === "undefined") return;

  // ---- The search box ----

  // Fetches byte ranges of index files. A host that ignores Range answers
  // with the whole file, which is then kept and sliced.
  function fetcher(base, version) {
    var whole = new Map();
    return function (path, start, length) {
      var url = base + path + "?v=" + version;
      if (length === null) return fetch(url).then(function (r) { return r.ok ? r.arrayBuffer() : null; });
      if (whole.has(path)) return whole.get(path).then(function (b) { return b && b.slice(start, start + length); });
      return fetch(url, { headers: { Range: "bytes=" + start + "-" + (start + length - 1) } }).then(function (r) {
        if (r.status === 206) return r.arrayBuffer();
        if (!r.ok) return null;
        var all = r.arrayBuffer();
        whole.set(path, all);
        return all.then(function (b) { return b.slice(start, start + length); });
      });
    };
  }

  var indexes = new Map();
  function openIndex(base) {
    if (!indexes.has(base)) {
      indexes.set(base, fetch(base + "index.json", { cache: "no-cache" }).then(function (r) {
        if (!r.ok) throw new Error("no search index at " + base);
        return r.json();
      }).then(function (manifest) { return new Index(manifest, fetcher(base, manifest.version)); }));
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
    var d = form.dataset;
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
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
      selected = -1;
    }

    function announce(text) { if (status) status.textContent = text; }

    async function run() {
      var query = input.value;
      var mine = ++sequence;
      if (!query.trim()) { list.replaceChildren(); close(); announce(""); return; }
      try {
        var index = await openIndex(base);
        var result = await index.search(query, 8);
        var groups = [{ index: index, result: result, lang: null }];
        if (result.hits.length < 3) {
          for (var i = 0; i < others.length; i++) {
            try {
              var other = await openIndex(others[i].base);
              var r = await other.search(query, 4);
              if (r.hits.length) groups.push({ index: other, result: r, lang: others[i].lang });
            } catch (e) { /* that language has no index */ }
          }
        }
        var rendered = await Promise.all(groups.map(function (g) {
          return Promise.all(g.result.hits.map(function (hit) { return g.index.fragment(hit.page); }));
        }));
        if (mine !== sequence) return;
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
        if (!count) {
          var empty = element("p", "search-empty", d.noResults + " “" + query.trim() + "”");
          empty.setAttribute("role", "presentation");
          nodes.push(empty);
        }
        list.replaceChildren.apply(list, nodes);
        list.hidden = false;
        input.setAttribute("aria-expanded", "true");
        selected = -1;
        input.removeAttribute("aria-activedescendant");
        announce(count ? (count === 1 ? d.oneResult : count + " " + d.manyResults) : d.noResults + " “" + query.trim() + "”");
      } catch (e) {
        if (mine === sequence) announce(d.unavailable || "");
      }
    }

    input.addEventListener("input", run);
    input.addEventListener("focus", function () { if (input.value.trim() && list.childNodes.length) { list.hidden = false; input.setAttribute("aria-expanded", "true"); } });
    input.addEventListener("keydown", function (event) {
      var all = options();
      if (event.key === "ArrowDown") { event.preventDefault(); if (list.hidden && input.value.trim()) run(); select(selected + 1); }
      else if (event.key === "ArrowUp") { event.preventDefault(); select(selected - 1); }
      else if (event.key === "Enter") {
        if (all.length) { event.preventDefault(); window.location.href = all[Math.max(selected, 0)].href; }
      } else if (event.key === "Escape") {
        if (!list.hidden) { event.preventDefault(); close(); }
        else if (input.value) { event.preventDefault(); input.value = ""; list.replaceChildren(); announce(""); }
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
