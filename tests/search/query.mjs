// Runs the browser search engine (the published search-engine.js, put
// together from src/search/client/) in Node on an index folder:
// `node tests/search/query.mjs <search-engine.js> [<search/lang folder>]` reads
// one query per line (JSON strings) on stdin and prints one JSON line per
// query: {"hits": [[page, section, matched, score], ...], "words": [...],
// "query": [query words], "typing": bool}. A line {"stopwords": lang}
// prints {"stopwords": [...]}, the script's list for that language; a line
// {"edits": [[a, b], ...]} prints {"edits": [bool, ...]}: whether each pair
// is one edit apart.
import fs from "node:fs";
import path from "node:path";
import readline from "node:readline";
import vm from "node:vm";

const context = { TextEncoder, TextDecoder, Blob, Response, DecompressionStream, URLSearchParams, Map, Set, Promise };
context.globalThis = context;
vm.createContext(context);
const engine = process.argv[2];
vm.runInContext(fs.readFileSync(engine, "utf8"), context, { filename: engine });

// Without a folder argument, only the lines that need no index work.
const dir = process.argv[3];
let index = null;
if (dir) {
  const manifest = JSON.parse(fs.readFileSync(path.join(dir, "index.json"), "utf8"));
  const files = new Map();
  const read = (p, start, length) => {
    if (!files.has(p)) files.set(p, fs.readFileSync(path.join(dir, p)));
    const b = files.get(p);
    const from = b.byteOffset + start;
    return b.buffer.slice(from, length === null ? b.byteOffset + b.length : from + length);
  };
  index = new context.BeleidSearch.Index(manifest, read);
}
const lines = readline.createInterface({ input: process.stdin });
for await (const line of lines) {
  if (!line) continue;
  const input = JSON.parse(line);
  if (typeof input === "object" && input !== null && input.edits) {
    const close = input.edits.map(([a, b]) => context.BeleidSearch.withinOneEdit(a, b));
    process.stdout.write(JSON.stringify({ edits: close }) + "\n");
    continue;
  }
  if (typeof input === "object" && input !== null) {
    process.stdout.write(JSON.stringify({ stopwords: [...context.BeleidSearch.stopwords(input.stopwords)] }) + "\n");
    continue;
  }
  const result = await index.search(input, 10);
  const hits = result.hits.map((h) => [h.page, h.section, h.matched, h.score]);
  const query = result.queryWords.map((w) => w.word);
  process.stdout.write(JSON.stringify({ hits, words: [...result.words].sort(), query, typing: result.typing }) + "\n");
}
