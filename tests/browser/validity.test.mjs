// Valid HTML: every page of the sample site, of the fixture sites and of a
// one-language site passes the Nu HTML Checker (npm `vnu-jar`, run with
// the system's Java) with no errors; so do the pages as scripts leave them
// (code toolbars, the search popup), serialised from Chromium.
//
// Needs a Java runtime (Debian: default-jre-headless). Without one the
// test fails and says so; it never skips.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { promisify } from 'node:util';

import { launchBrowser } from './lib/browser.mjs';
import { writeManyPagesSite } from './lib/generated.mjs';
import { serveSite } from './lib/server.mjs';
import { buildSite, FIXTURE_BILINGUAL, REPO_ROOT, SAMPLE_SITE } from './lib/site.mjs';

const run = promisify(execFile);
const require = createRequire(import.meta.url);
const VNU_JAR = require.resolve('vnu-jar/build/dist/vnu.jar');
const FIXTURE_FEATURES = join(REPO_ROOT, 'tests/fixtures/features');

/** Runs the checker on `dir`; resolves to its error lines (none when valid). */
async function vnuErrors(dir) {
  try {
    await run('java', ['-jar', VNU_JAR, '--errors-only', '--skip-non-html', dir], {
      timeout: 300_000,
      maxBuffer: 64 * 1024 * 1024,
    });
    return [];
  } catch (error) {
    if (error.code === 'ENOENT') {
      throw new Error('java is not installed; the Nu HTML Checker needs it (Debian: apt-get install default-jre-headless)');
    }
    const lines = `${error.stderr || ''}${error.stdout || ''}`.split('\n').filter((l) => l.trim());
    if (lines.length === 0) throw error;
    return lines.map((l) => l.replace(`file:${dir}/`, ''));
  }
}

/** Every .html file below `dir`, as paths relative to it. */
async function htmlFiles(dir) {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((e) => e.isFile() && e.name.endsWith('.html')).map((e) => join(e.parentPath ?? e.path, e.name));
}

const sites = {};
let generated;

before(async () => {
  generated = await writeManyPagesSite({ pages: 12 });
  const roots = { sample: SAMPLE_SITE, bilingual: FIXTURE_BILINGUAL, features: FIXTURE_FEATURES, 'one language': generated.root };
  const builds = await Promise.allSettled(Object.values(roots).map((root) => buildSite({ root })));
  Object.keys(roots).forEach((name, i) => {
    if (builds[i].status === 'fulfilled') sites[name] = builds[i].value;
  });
  for (const b of builds) if (b.status === 'rejected') throw b.reason;
});

after(async () => {
  for (const site of Object.values(sites)) await site.cleanup();
  await generated?.cleanup();
});

describe('the Nu HTML Checker finds no errors', () => {
  for (const name of ['sample', 'bilingual', 'features', 'one language']) {
    test(`every page of the ${name} site`, { timeout: 300_000 }, async () => {
      const pages = await htmlFiles(sites[name].output);
      assert.ok(pages.length >= 4, `the ${name} site has pages to check: ${pages.length}`);
      const errors = await vnuErrors(sites[name].output);
      assert.deepEqual(errors, [], `${errors.length} errors in ${pages.length} pages:\n${errors.join('\n')}`);
    });
  }

  test('pages as the scripts leave them: code toolbars and the open search popup', { timeout: 300_000 }, async () => {
    const browser = await launchBrowser();
    const server = await serveSite(sites.features.output);
    const dir = await mkdtemp(join(tmpdir(), 'beleid-dom-'));
    try {
      const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
      for (const [name, path] of [['nl', 'kenmerken/'], ['en', 'en/kenmerken/']]) {
        await page.goto(server.url(path));
        await page.locator('.code-copy').first().waitFor();
        await page.locator('#search-input').fill('code');
        await page.locator('#search-results [role=option]').first().waitFor();
        const html = await page.evaluate(() => `<!DOCTYPE html>\n${document.documentElement.outerHTML}`);
        await writeFile(join(dir, `${name}.html`), html);
      }
      const errors = await vnuErrors(dir);
      assert.deepEqual(errors, [], errors.join('\n'));
    } finally {
      await browser.close();
      await server.close();
      await rm(dir, { recursive: true, force: true });
    }
  });
});
