// Browser tests of the dev server, `beleid serve`, in headless Chromium
// against the real release binary: an edit reloads the page and keeps its
// scroll position, a stylesheet edit swaps the stylesheet without a reload,
// a broken edit shows the error overlay over the last good page (and fixing
// it removes the overlay), and a restarted server makes open pages
// reconnect and reload by themselves.
//
// The site is a temporary copy of tests/fixtures/bilingual, with the
// default theme copied in (so its stylesheet is a file on disk that can be
// edited) and one long page (so there is something to scroll). The server
// listens on 127.0.0.1 only. Every wait is bounded.
//
// Run with `npm test` after `cargo build --release`.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { appendFile, cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';

import { launchBrowser } from './lib/browser.mjs';
import { screenshot } from './lib/screenshots.mjs';
import { BELEID_TODAY, BINARY, FIXTURE_BILINGUAL, REPO_ROOT } from './lib/site.mjs';

/** How long a server may take to start, and any one wait for a rebuild to show. */
const START_TIMEOUT = 30_000;
const WAIT = 10_000;
const VIEWPORT = { width: 1280, height: 720 };
/** Where the long page is scrolled to before an edit. */
const SCROLL_Y = 1500;

let dir; // temporary folder holding the site
let root; // the site root
let server; // the running `beleid serve`
let browser;

// ---------------------------------------------------------------------------
// Helpers

/**
 * Starts `beleid serve --root <root> --port <port>` and waits for its
 * "serving <root> at http://127.0.0.1:PORT/" line. Returns
 * `{ child, port, url(path), stderr(), stop() }`.
 */
async function startServer(siteRoot, port = 0) {
  if (!existsSync(BINARY)) {
    throw new Error(`${BINARY} does not exist: run \`cargo build --release\` first`);
  }
  const child = spawn(BINARY, ['serve', '--root', siteRoot, '--bind', '127.0.0.1', '--port', String(port)], {
    env: { ...process.env, BELEID_TODAY },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8');
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (chunk) => (stderr += chunk));
  const exited = new Promise((done) => child.once('exit', (code, signal) => done({ code, signal })));
  // Never outlive the test run, even when it is interrupted.
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  child.once('exit', () => process.removeListener('exit', killOnExit));
  const address = await new Promise((done, fail) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      fail(new Error(`beleid serve did not start within ${START_TIMEOUT} ms\nstdout: ${stdout}\nstderr: ${stderr}`));
    }, START_TIMEOUT);
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
      const m = /serving .* at (http:\/\/127\.0\.0\.1:(\d+)\/\S*)/.exec(stdout);
      if (m) {
        clearTimeout(timer);
        done({ url: m[1], port: Number(m[2]) });
      }
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      fail(new Error(`beleid serve exited (code ${code}, signal ${signal}) before serving\nstdout: ${stdout}\nstderr: ${stderr}`));
    });
  });
  return {
    child,
    port: address.port,
    base: address.url,
    url(path = '') {
      return `${address.url}${path.replace(/^\/+/, '')}`;
    },
    stderr: () => stderr,
    /** Stops the server and waits (bounded) until the process is gone. */
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const gone = await Promise.race([exited, new Promise((done) => setTimeout(() => done(null), 5000))]);
      if (!gone) {
        child.kill('SIGKILL');
        await exited;
      }
    },
  };
}

/** Runs `fn(page)` in a fresh context, closing it afterwards. */
async function withPage(fn) {
  const context = await browser.newContext({ viewport: VIEWPORT });
  try {
    const page = await context.newPage();
    return await fn(page);
  } finally {
    await context.close();
  }
}

/**
 * Counts the main frame's new documents from now on: `count()` is how many
 * navigations happened, `next()` resolves on the next `load` (bounded).
 */
function watchNavigations(page) {
  let count = 0;
  page.on('framenavigated', (frame) => {
    if (frame === page.mainFrame()) count += 1;
  });
  return {
    count: () => count,
    next: (timeout = WAIT) => page.waitForEvent('load', { timeout }),
  };
}

/** Opens a page and waits until its live-reload stream is connected. */
async function openLive(page, url) {
  const response = await page.goto(url);
  assert.equal(response.status(), 200, `GET ${url}`);
  await page.waitForFunction(() => window.__beleidLive?.source?.readyState === 1, null, { timeout: WAIT });
}

/** A long Dutch page, with a paragraph that edits can replace. */
function longPage(marker) {
  const paragraphs = Array.from(
    { length: 80 },
    (_, i) => `Alinea ${i + 1}. Dit is tekst om door te scrollen, zodat de pagina veel langer is dan het venster.`,
  );
  return `+++\ntitle = "Lange pagina"\nweight = 40\n+++\n\n## Begin\n\n${paragraphs.join('\n\n')}\n\nLaatste alinea: ${marker}.\n`;
}

// ---------------------------------------------------------------------------

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'beleid-serve-'));
  root = join(dir, 'site');
  await cp(FIXTURE_BILINGUAL, root, { recursive: true });
  // The theme as files in the site, so its stylesheet can be edited.
  await cp(join(REPO_ROOT, 'themes/default'), join(root, 'themes/default'), { recursive: true });
  await writeFile(join(root, 'content/nl/lang.md'), longPage('eerste versie'));
  server = await startServer(root);
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.stop();
  if (dir) await rm(dir, { recursive: true, force: true, maxRetries: 3 });
});

describe('beleid serve in a browser', () => {
  test('the server listens on 127.0.0.1 and adds the live-reload script', async () => {
    assert.match(server.base, /^http:\/\/127\.0\.0\.1:\d+\/$/);
    const html = await (await fetch(server.url('lang/'))).text();
    assert.match(html, /<script src="\/__beleid\/live\.js" data-build="[^"]+" defer><\/script>/);
    assert.ok(html.includes('Laatste alinea: eerste versie.'));
  });

  test('editing the Markdown reloads the page and keeps the scroll position', async () => {
    await withPage(async (page) => {
      await openLive(page, server.url('lang/'));
      await page.evaluate((y) => window.scrollTo(0, y), SCROLL_Y);
      await page.waitForFunction((y) => Math.abs(window.scrollY - y) < 2, SCROLL_Y, { timeout: WAIT });
      await page.evaluate(() => {
        window.__beforeEdit = true;
      });
      const navigations = watchNavigations(page);
      const loaded = navigations.next();
      await writeFile(join(root, 'content/nl/lang.md'), longPage('tweede versie'));
      await loaded;
      assert.ok(navigations.count() >= 1, 'a new document was loaded');
      assert.equal(await page.evaluate(() => window.__beforeEdit), undefined, 'the page was really reloaded');
      await page.getByText('Laatste alinea: tweede versie.').waitFor({ state: 'visible', timeout: WAIT });
      assert.equal(await page.getByText('eerste versie').count(), 0, 'the old text is gone');
      // The scroll position is restored after the reload.
      await page.waitForFunction((y) => Math.abs(window.scrollY - y) < 2, SCROLL_Y, { timeout: WAIT }).catch(() => {});
      const y = await page.evaluate(() => window.scrollY);
      assert.ok(Math.abs(y - SCROLL_Y) < 2, `scrolled to ${y} after the reload, expected ${SCROLL_Y}`);
      await screenshot(page, 'serve-reloaded', { fullPage: false });
    });
  });

  test('a stylesheet edit swaps the stylesheet without reloading', async () => {
    await withPage(async (page) => {
      await openLive(page, server.url(''));
      const before = await page.evaluate(() => ({
        outline: getComputedStyle(document.body).outlineColor,
        hrefs: [...document.querySelectorAll('link[rel=stylesheet]')].map((l) => l.getAttribute('href')),
      }));
      assert.notEqual(before.outline, 'rgb(1, 2, 3)');
      const oldStyle = before.hrefs.find((h) => /^\/style\.[^/]*css$/.test(h));
      assert.ok(oldStyle, `the page links the theme's style.css: ${before.hrefs.join(', ')}`);
      await page.evaluate(() => {
        window.__beforeEdit = 'still here';
      });
      const navigations = watchNavigations(page);
      await appendFile(
        join(root, 'themes/default/static/style.css'),
        '\nbody { outline: 3px solid rgb(1, 2, 3); }\n',
      );
      await page.waitForFunction(() => getComputedStyle(document.body).outlineColor === 'rgb(1, 2, 3)', null, {
        timeout: WAIT,
      });
      // Give a (wrong) reload the time to happen, then check none did.
      await page.waitForTimeout(500);
      assert.equal(navigations.count(), 0, 'no navigation happened');
      assert.equal(await page.evaluate(() => window.__beforeEdit), 'still here', 'the page was not reloaded');
      const hrefs = await page.evaluate(() =>
        [...document.querySelectorAll('link[rel=stylesheet]')].map((l) => l.getAttribute('href')),
      );
      const newStyle = hrefs.find((h) => /^\/style\.[^/]*css$/.test(h));
      assert.ok(newStyle && newStyle !== oldStyle, `the stylesheet URL changed: ${oldStyle} -> ${newStyle}`);
      assert.equal(
        await page.evaluate(() => getComputedStyle(document.body).outlineWidth),
        '3px',
        'the new rule applies',
      );
    });
  });

  test('a broken edit shows the error overlay over the last good page, and fixing it removes it', async () => {
    const file = join(root, 'content/nl/nieuws.md');
    const good = await readFile(file, 'utf8');
    await withPage(async (page) => {
      await openLive(page, server.url('nieuws/'));
      await page.getByText('Dit bericht is niet vertaald.').waitFor({ state: 'visible' });
      await page.evaluate(() => {
        window.__beforeEdit = true;
      });
      // Line 4, column 5: a link to a page that does not exist.
      await writeFile(file, '---\ntitle: Nieuws\n---\nZie [de weg](weg.md) en lees verder.\n');
      const overlay = page.locator('#beleid-overlay');
      await overlay.waitFor({ state: 'visible', timeout: WAIT });
      const text = await overlay.innerText();
      assert.match(text, /content\/nl\/nieuws\.md:4:5/, `the overlay names file:line:col: ${text}`);
      assert.match(text, /weg\.md/, text);
      // The last good page is still shown, not reloaded, under the overlay.
      assert.equal(await page.evaluate(() => window.__beforeEdit), true, 'the page was not reloaded');
      assert.ok(await page.getByText('Dit bericht is niet vertaald.').isVisible(), 'the last good text is visible');
      assert.equal(await page.getByText('lees verder').count(), 0, 'the broken text is not shown');
      await screenshot(page, 'serve-error-overlay', { fullPage: false });

      // A page opened while the build is broken gets the overlay from the server.
      await page.reload();
      await overlay.waitFor({ state: 'visible', timeout: WAIT });
      assert.match(await overlay.innerText(), /content\/nl\/nieuws\.md:4:5/);
      assert.ok(await page.getByText('Dit bericht is niet vertaald.').isVisible());
      await page.waitForFunction(() => window.__beleidLive?.source?.readyState === 1, null, { timeout: WAIT });

      // Fixing the file reloads the page without the overlay.
      const navigations = watchNavigations(page);
      const loaded = navigations.next();
      await writeFile(file, good.replace('Dit bericht is niet vertaald.', 'Dit bericht is hersteld.'));
      await loaded;
      await page.getByText('Dit bericht is hersteld.').waitFor({ state: 'visible', timeout: WAIT });
      await overlay.waitFor({ state: 'detached', timeout: WAIT });
      assert.equal(await overlay.count(), 0, 'the overlay is gone');
    });
  });

  test('after a restart on the same port, open pages reconnect and reload by themselves', async () => {
    await withPage(async (page) => {
      await openLive(page, server.url('handleiding/stap/'));
      await page.evaluate(() => {
        window.__beforeRestart = true;
      });
      const port = server.port;
      const navigations = watchNavigations(page);
      await server.stop();
      // The page notices the lost connection.
      await page.waitForFunction(() => window.__beleidLive.source.readyState !== 1, null, { timeout: WAIT });
      // Changed while the server was down: only a reload shows it.
      const file = join(root, 'content/nl/handleiding/stap.md');
      await writeFile(file, (await readFile(file, 'utf8')).replace('Ga terug', 'Na de herstart, ga terug'));
      const loaded = navigations.next(START_TIMEOUT);
      server = await startServer(root, port);
      assert.equal(server.port, port, `the server came back on port ${port}:\n${server.stderr()}`);
      await loaded;
      assert.equal(await page.evaluate(() => window.__beforeRestart), undefined, 'the page reloaded');
      await page.getByText('Na de herstart, ga terug').waitFor({ state: 'visible', timeout: WAIT });
      await page.waitForFunction(() => window.__beleidLive?.source?.readyState === 1, null, { timeout: WAIT });
      assert.ok(navigations.count() >= 1);
    });
  });
});
