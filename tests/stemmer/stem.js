// Stems words with the theme's client-side stemmers, for tests/stemmer_parity.rs.
//
//     node tests/stemmer/stem.js nl|en <search-engine.js> < words.txt
//
// Reads one word per line on stdin and prints one stem per line, in the same
// order: as many lines out as came in (an empty line stems to an empty line).
// Loads the published search engine (which holds the stemmers of
// src/search/client/stemmers.js) the way a browser would run it: as a plain
// script, here in a fresh context of its own (without a document, so the
// engine sets up no search box).
// Works as an ES module (the repository's package.json says "type": "module")
// and as a CommonJS script: it only uses dynamic import().

Promise.all([import("node:fs"), import("node:path"), import("node:vm")]).then(([fs, path, vm]) => {
  const lang = process.argv[2];
  const file = process.argv[3];
  if (!file) {
    process.stderr.write("usage: node stem.js nl|en <search-engine.js>\n");
    process.exit(2);
  }
  // The engine decodes index text with a TextDecoder; nothing else is needed.
  const context = vm.createContext({ TextDecoder });
  vm.runInContext(fs.readFileSync(file, "utf8"), context, { filename: file });
  const stemmers = context.BeleidStemmers;
  if (!stemmers || typeof stemmers[lang] !== "function") {
    process.stderr.write(`usage: node stem.js nl|en (no stemmer for ${JSON.stringify(lang)})\n`);
    process.exit(2);
  }

  const words = fs.readFileSync(0, "utf8").split("\n");
  // "a\nb\n" is two words, not three.
  if (words[words.length - 1] === "") words.pop();
  const stem = stemmers[lang];
  process.stdout.write(words.map((w) => stem(w) + "\n").join(""));
});
