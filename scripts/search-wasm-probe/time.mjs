// Times decode + rank of beleid's JS engine and of the Rust query code
// compiled to wasm32 on the same index, shards inflated beforehand.
// node time.mjs <search-engine.js> <built site> <probe.wasm> (run by scripts/probe-search-wasm)
import fs from 'node:fs';
import path from 'node:path';
import vm from 'node:vm';
import zlib from 'node:zlib';
const [engineFile, site, wasmFile] = process.argv.slice(2);
const QUERIES = {
  nl: ['privacyregels', 'cafe', 'geinstalleerd', 'zoekindex', 'vertrouwelijke informatie', 'coördinator', 'wachtwoorden', 'toestemming medewerkers', 'categorieën', 'financiele', 'beleidsregels', 'sjabloon', 'kopieen', 'ideeën', 'vertaling', 'procedures', 'afdeling', 'museum', 'overeenkomst', 'uitzonderingen', 'gepubliceerd', 'zakelijke accounts', 'risico', 'privé', 'efficiente'],
  en: ['policy', 'permissions', 'multilingual', 'coordinator', 'confidential', 'installed', 'libraries', 'translation guidelines', 'password', 'financial report', 'templates', 'departments', 'exceptions', 'agreement', 'scenario', 'published', 'searching', 'employee', 'channels', 'secrets', 'business accounts', 'review procedure', 'colleague', 'benefits', 'polcy'],
};
const context = { TextEncoder, TextDecoder, DecompressionStream, Map, Set, Promise };
context.globalThis = context;
vm.createContext(context);
vm.runInContext(fs.readFileSync(engineFile, 'utf8'), context);
const wasmBytes = fs.readFileSync(wasmFile);
let t = performance.now();
const { instance } = await WebAssembly.instantiate(wasmBytes);
const instantiateMs = performance.now() - t;
const w = instance.exports;
const enc = new TextEncoder();
const put = (s) => { const b = typeof s === 'string' ? enc.encode(s) : s; const p = w.alloc(b.length || 1); new Uint8Array(w.memory.buffer, p, b.length).set(b); return [p, b.length]; };
const pct = (xs, p) => { const s = [...xs].sort((a, b) => a - b); return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]; };
const out = [];
for (const lang of ['nl', 'en']) {
  const dir = path.join(site, 'search', lang);
  const manifest = JSON.parse(fs.readFileSync(path.join(dir, 'index.json'), 'utf8'));
  const bin = fs.readFileSync(path.join(dir, 'shards.bin'));
  const keys = manifest.shards.split(' ');
  const sizes = manifest.sizes.split(' ').map((s) => parseInt(s, 36));
  const inflated = [];
  let at = 0;
  for (let i = 0; i < keys.length; i++) { inflated.push(zlib.inflateRawSync(bin.subarray(at, at + sizes[i]))); at += sizes[i]; }
  // JS: an uncompressed shards.bin; one Index, its caches emptied before each query, so each query decodes its shards.
  const plain = Buffer.concat(inflated);
  const jsManifest = { ...manifest, encoding: 'none', sizes: inflated.map((b) => b.length.toString(36)).join(' ') };
  const read = (p, start, length) => (p === 'shards.bin' ? plain.buffer.slice(plain.byteOffset + start, plain.byteOffset + start + length) : null);
  // wasm: every shard handed over before timing; each query decodes its shards in Rust.
  keys.forEach((k, i) => { const [kp, kl] = put(k); const [bp, bl] = put(inflated[i]); w.add_shard(kp, kl, bp, bl); });
  const [lp, ll] = put(lang); const [sp, sl] = put(manifest.split.join(' ')); const [kp, kl] = put(manifest.shards);
  w.set_manifest(lp, ll, manifest.pages, sp, sl, kp, kl);
  const index = new context.BeleidSearch.Index(jsManifest, read);
  const js = [], wasm = [];
  for (let round = 0; round < 3; round++) {
    for (const q of QUERIES[lang]) {
      index.shards = new Map();
      index.results = new Map();
      let t0 = performance.now();
      const r = await index.search(q, 8);
      const tj = performance.now() - t0;
      const [qp, ql] = put(q);
      t0 = performance.now();
      const n = w.run(qp, ql, 8);
      const tw = performance.now() - t0;
      const hits = new Uint32Array(w.memory.buffer, w.out(), n * 4);
      const same = r.hits.every((h, i) => h.page === hits[i * 4] && h.score === hits[i * 4 + 3]) && r.hits.length === n;
      if (!same) throw new Error(`${lang} ${q}: the engines disagree`);
      if (round > 0) { js.push(tj); wasm.push(tw); }
    }
  }
  out.push({ lang, js, wasm });
}
const all = (k) => out.flatMap((o) => o[k]);
const f = (x) => x.toFixed(2);
console.log(`wasm: ${wasmBytes.length} bytes, instantiated in ${f(instantiateMs)} ms`);
const n = QUERIES.nl.length + QUERIES.en.length;
for (const k of ['js', 'wasm']) console.log(`${k}: ${n} queries × 2 timed rounds (after one untimed), median ${f(pct(all(k), 50))} ms, p95 ${f(pct(all(k), 95))} ms, max ${f(Math.max(...all(k)))} ms`);
