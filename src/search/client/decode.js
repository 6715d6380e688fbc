// Decoding: reading the index files that src/search/index.rs writes
// (shard keys, inflating parts, varints, shards and page fragments).

// The shard a stem is filed under: its first SHARD_KEY_CHARS characters,
// one more for every prefix in `split` (index.rs, `shard_key`).
function shardKey(stem, split) {
  var chars = Array.from(stem);
  var k = SHARD_KEY_CHARS;
  while (k <= chars.length && split.has(chars.slice(0, k).join(""))) k++;
  return chars.slice(0, Math.min(k, chars.length)).join("");
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

