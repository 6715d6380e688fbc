// The index of one language: its manifest, and the shards and page
// fragments fetched so far; runs a query (ranked in rank.js).

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
      var r = new Reader(new Uint8Array(buffer)), offsets = [0];
      while (r.at < r.bytes.length) offsets.push(offsets[offsets.length - 1] + r.varint());
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

