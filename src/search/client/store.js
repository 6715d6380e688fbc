// Where index parts come from: the network (byte ranges), and the
// engine's own store in IndexedDB; and the open indexes, one per language.

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

  
