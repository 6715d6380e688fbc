// The Content-Security-Policy the build writes, in headless Chromium: the
// sample site and its search work under exactly that policy, sent as the
// header from `_headers` and (for hosts that send no headers) as the
// `<meta>` in each page alone, with no violation and no console error. An
// alias's redirect page lands on the page with the fragment kept, under
// the same policy. `beleid serve` works under the pages' meta policy (its
// live-reload script and event stream come from the same origin).
//
// Run with `npm test` after `cargo build --release`. Every wait is bounded.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';

import { launchBrowser } from './lib/browser.mjs';
import { serveSite } from './lib/server.mjs';
import { BELEID_TODAY, BINARY, FIXTURE_BILINGUAL, SAMPLE_SITE, buildSite } from './lib/site.mjs';

const WAIT = 10_000;
/** Pages of the sample site that together use every script and stylesheet. */
const PAGES = ['', 'beleid/voorbeeldbeleid/', 'en/', 'gids/tien-stappen/', 'print/', 'search/nl/?q=privacy', 'no-such-page/'];

let browser;
let sample;
let headerCsp; // the Content-Security-Policy line of _headers
let withHeader; // the sample served with that header
let metaOnly; // the sample served with no CSP header: the <meta> alone
let aliasTemp;
let aliasServer;

before(async () => {
  browser = await launchBrowser();
  sample = await buildSite({ root: SAMPLE_SITE });
  const headers = await readFile(join(sample.output, '_headers'), 'utf8');
  headerCsp = /^\s+Content-Security-Policy: (.+)$/m.exec(headers)?.[1];
  assert.ok(headerCsp, `no policy in _headers:\n${headers}`);
  withHeader = await serveSite(sample.output, { csp: headerCsp });
  metaOnly = await serveSite(sample.output, { csp: null });
  // The bilingual fixture with an old path for one page.
  aliasTemp = await mkdtemp(join(tmpdir(), 'beleid-csp-alias-'));
  const root = join(aliasTemp, 'site');
  await cp(FIXTURE_BILINGUAL, root, { recursive: true });
  const step = join(root, 'content/nl/handleiding/stap.md');
  const text = await readFile(step, 'utf8');
  await writeFile(step, text.replace('+++\n', '+++\naliases = ["/oud/stap/"]\n'));
  const built = await buildSite({ root, output: join(aliasTemp, 'public') });
  const aliasHeaders = await readFile(join(built.output, '_headers'), 'utf8');
  aliasServer = await serveSite(built.output, { csp: /^\s+Content-Security-Policy: (.+)$/m.exec(aliasHeaders)[1] });
});

after(async () => {
  await browser?.close();
  await withHeader?.close();
  await metaOnly?.close();
  await aliasServer?.close();
  await sample?.cleanup();
  if (aliasTemp) await rm(aliasTemp, { recursive: true, force: true });
});

/** Runs before page scripts: records every CSP violation. */
function instrument() {
  window.__csp = [];
  document.addEventListener('securitypolicyviolation', (e) => {
    window.__csp.push(`${e.violatedDirective} blocked ${e.blockedURI || '(inline)'} at ${e.sourceFile}:${e.lineNumber}`);
  });
}

/** Runs `fn(page, problems)` in a fresh context; returns the violations and console errors seen. */
async function withPage(fn) {
  const context = await browser.newContext();
  await context.addInitScript(instrument);
  const problems = [];
  try {
    const page = await context.newPage();
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(`console: ${message.text()}`);
    });
    await fn(page);
    problems.push(...(await page.evaluate(() => window.__csp)));
  } finally {
    await context.close();
  }
  return problems;
}

/** Types a query in the search box and waits for a result; returns how many were shown. */
async function search(page, query) {
  await page.locator('#search-input').fill(query);
  await page.waitForSelector('#search-results .search-result', { timeout: WAIT });
  return page.locator('#search-results .search-result').count();
}

for (const [name, server] of [['the _headers policy', () => withHeader], ['the <meta> policy alone', () => metaOnly]]) {
  describe(`the sample site under ${name}`, () => {
    test('every kind of page loads its scripts and styles with no violation', async () => {
      for (const path of PAGES) {
        const problems = await withPage(async (page) => {
          await page.goto(server().url(path));
          await page.waitForLoadState('load');
          // The stylesheet applied, theme-init.js marked the page and
          // main.js showed the theme toggle.
          const styled = await page.evaluate(() => getComputedStyle(document.documentElement).getPropertyValue('--logo-ink') !== '');
          assert.ok(styled, `${path}: the stylesheet did not apply`);
          assert.ok(await page.evaluate(() => document.documentElement.classList.contains('js')), `${path}: theme-init.js did not run`);
          await page.waitForSelector('.theme-toggle:not([hidden])', { timeout: WAIT });
        });
        // The 404 page's own request is the one console error a browser logs.
        const real = problems.filter((p) => !(path === 'no-such-page/' && p.includes('404')));
        assert.deepEqual(real, [], `${path}`);
      }
    });

    test('search fetches, stores and decompresses its index with no violation', async () => {
      const problems = await withPage(async (page) => {
        await page.goto(server().url(''));
        assert.ok((await search(page, 'privacy')) > 0, 'no result for privacy');
        await page.goto(server().url('en/'));
        assert.ok((await search(page, 'privacy')) > 0, 'no result for privacy in English');
      });
      assert.deepEqual(problems, []);
    });
  });
}

test('the meta policy is the header policy without frame-ancestors', async () => {
  const html = await readFile(join(sample.output, 'index.html'), 'utf8');
  const meta = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(html)?.[1].replaceAll('&#39;', "'");
  assert.equal(meta, headerCsp.replace("; frame-ancestors 'none'", ''));
  assert.ok(!headerCsp.includes('unsafe-inline') && !headerCsp.includes('unsafe-eval'), headerCsp);
});

test('an alias lands on its page with the fragment, under the policy', async () => {
  let landed;
  const problems = await withPage(async (page) => {
    await page.goto(aliasServer.url('oud/stap/#cafe-thee'));
    await page.waitForURL(/\/handleiding\/stap\/#cafe-thee$/, { timeout: WAIT });
    landed = page.url();
  });
  assert.equal(landed, aliasServer.url('handleiding/stap/#cafe-thee'));
  assert.deepEqual(problems, []);
});

test('without script the refresh still lands on the page', async () => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  try {
    const page = await context.newPage();
    await page.goto(aliasServer.url('oud/stap/'));
    await page.waitForURL(/\/handleiding\/stap\/$/, { timeout: WAIT });
  } finally {
    await context.close();
  }
});

test('beleid serve works under the pages\' meta policy', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'beleid-csp-serve-'));
  const root = join(dir, 'site');
  await cp(FIXTURE_BILINGUAL, root, { recursive: true });
  const child = spawn(BINARY, ['serve', '--root', root, '--bind', '127.0.0.1', '--port', '0'], {
    env: { ...process.env, BELEID_TODAY },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  try {
    const base = await new Promise((done, fail) => {
      let out = '';
      const timer = setTimeout(() => fail(new Error(`beleid serve did not start: ${out}`)), 30_000);
      child.stdout.on('data', (chunk) => {
        out += chunk;
        const m = /serving .* at (http:\/\/127\.0\.0\.1:\d+\/\S*)/.exec(out);
        if (m) {
          clearTimeout(timer);
          done(m[1]);
        }
      });
      child.once('exit', () => fail(new Error(`beleid serve exited: ${out}`)));
    });
    let reloaded = false;
    const problems = await withPage(async (page) => {
      await page.goto(base);
      const html = await page.content();
      assert.match(html, /<meta http-equiv="Content-Security-Policy"/);
      // The live-reload script runs and its event stream connects: an edit reloads the page.
      await page.waitForTimeout(500);
      const index = join(root, 'content/nl/_index.md');
      await writeFile(index, `${await readFile(index, 'utf8')}\n\nCSP-MARKER\n`);
      await page.waitForFunction(() => document.body.textContent.includes('CSP-MARKER'), null, { timeout: WAIT });
      reloaded = true;
    });
    assert.ok(reloaded);
    assert.deepEqual(problems, []);
  } finally {
    child.kill('SIGKILL');
    await rm(dir, { recursive: true, force: true });
  }
});
