// Browser tests of the default theme, in headless Chromium: accessibility
// (axe-core, every page, both colour schemes, desktop and phone), the
// language switcher, the colour scheme toggle, keyboard use, a strict
// Content-Security-Policy, print, small screens, the table of contents, and
// screenshots for people to look at (tests/browser/screenshots/).
//
// Run with `npm test` after `cargo build --release` (scripts/test does both).
// Every wait is bounded: Playwright actions time out after 15 s.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { after, before, describe, test } from 'node:test';

import { axeViolations, formatViolations } from './lib/axe.mjs';
import { launchBrowser } from './lib/browser.mjs';
import { screenshot } from './lib/screenshots.mjs';
import { serveSite } from './lib/server.mjs';
import { buildSite, FIXTURE_BILINGUAL, SAMPLE_SITE } from './lib/site.mjs';


const DESKTOP = { width: 1440, height: 900 };
const PHONE = { width: 390, height: 844 };
const NARROW = { width: 320, height: 640 };
const PAPER = { width: 794, height: 1123 }; // A4 at 96 dpi: print styles must not pick up the phone layout
const SCHEMES = ['light', 'dark'];

/** Upper bound on crawled pages, so a link loop can never hang a run. */
const MAX_PAGES = 200;

let browser;
let sample; // the built sample site
let fixture; // the built bilingual fixture
let sampleServer;
let fixtureServer;
let samplePages; // every HTML page of the sample site, as paths below the server's base
let fixturePages;

before(async () => {
  browser = await launchBrowser();
  // Both builds settle before any failure is reported, so `after` can
  // remove whatever was built.
  const builds = await Promise.allSettled([buildSite({ root: SAMPLE_SITE }), buildSite({ root: FIXTURE_BILINGUAL })]);
  [sample, fixture] = builds.map((b) => (b.status === 'fulfilled' ? b.value : undefined));
  for (const b of builds) if (b.status === 'rejected') throw b.reason;
  sampleServer = await serveSite(sample.output);
  fixtureServer = await serveSite(fixture.output);
  samplePages = await crawl(sampleServer);
  fixturePages = await crawl(fixtureServer);
});

after(async () => {
  await browser?.close();
  await sampleServer?.close();
  await fixtureServer?.close();
  await sample?.cleanup();
  await fixture?.cleanup();
});

// ---------------------------------------------------------------------------
// Helpers

/** Runs `fn(page)` in a fresh context with `options`, closing it afterwards. */
async function withPage(options, fn) {
  const context = await browser.newContext(options);
  try {
    const page = await context.newPage();
    return await fn(page, context);
  } finally {
    await context.close();
  }
}

/** The site-relative path of an absolute URL on `server`, or null when elsewhere. */
function sitePath(server, href) {
  const url = new URL(href);
  if (url.origin !== server.origin || !url.pathname.startsWith(server.basePath)) return null;
  return decodeURI(url.pathname.slice(server.basePath.length));
}

/**
 * Every HTML page reachable from the language home pages by same-origin
 * links, plus the 404 and print pages; checked against sitemap.xml.
 */
async function crawl(server) {
  return withPage({ viewport: DESKTOP }, async (page) => {
    const starts = ['', 'en/', '404.html', 'print/', 'en/print/'];
    const queue = [...starts];
    const seen = new Set(queue);
    const pages = [];
    while (queue.length > 0) {
      assert.ok(pages.length < MAX_PAGES, `more than ${MAX_PAGES} pages: is there a link loop?`);
      const path = queue.shift();
      const response = await page.goto(server.url(path));
      assert.equal(response.status(), 200, `GET ${server.url(path)}`);
      assert.match(response.headers()['content-type'], /^text\/html/, `${path} is HTML`);
      pages.push(path);
      // Links, and forms (the search box leads to the search page).
      const hrefs = await page.$$eval('a[href], form[action]', (els) => els.map((e) => e.href ?? e.action));
      for (const href of hrefs) {
        const target = sitePath(server, href);
        // Pages end in `/`; anything else (feeds, files) is not a page.
        if (target === null || !(target === '' || target.endsWith('/'))) continue;
        if (!seen.has(target)) {
          seen.add(target);
          queue.push(target);
        }
      }
    }
    // Every page in the sitemap was reached by links, and nothing more.
    const sitemap = await readFile(`${server.root}/sitemap.xml`, 'utf8');
    const listed = [...sitemap.matchAll(/<loc>https:\/\/example\.org\/([^<]*)<\/loc>/g)].map((m) => decodeURI(m[1]));
    assert.ok(listed.length > 0, 'sitemap.xml lists pages');
    for (const path of listed) assert.ok(pages.includes(path), `${path} (from sitemap.xml) is linked from the site`);
    return pages;
  });
}

async function backgroundColor(page) {
  return page.evaluate(() => getComputedStyle(document.body).backgroundColor);
}

/** Relative luminance of a CSS `rgb(...)` colour, 0 (black) to 1 (white). */
function luminance(rgb) {
  const [r, g, b] = rgb.match(/[\d.]+/g).slice(0, 3).map(Number).map((c) => {
    const s = c / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/** A short description of the focused element, for messages. */
async function focused(page) {
  return page.evaluate(() => {
    const el = document.activeElement;
    if (!el || el === document.body) return { tag: 'body' };
    const box = el.getBoundingClientRect();
    const style = getComputedStyle(el);
    return {
      tag: el.tagName.toLowerCase(),
      id: el.id,
      cls: el.className && typeof el.className === 'string' ? el.className : '',
      text: (el.textContent || el.getAttribute('placeholder') || '').trim().replace(/\s+/g, ' ').slice(0, 60),
      href: el.getAttribute('href'),
      hreflang: el.getAttribute('hreflang'),
      inMain: !!el.closest('main'),
      inProse: !!el.closest('.prose'),
      inSwitcher: !!el.closest('.language-switcher'),
      visible: box.width > 0 && box.height > 0 && style.visibility !== 'hidden',
      outline: style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2,
    };
  });
}

// ---------------------------------------------------------------------------
// 1. Accessibility

describe('accessibility (axe-core, WCAG 2.2 AA)', () => {
  test('the crawl found every page of both languages', () => {
    assert.ok(samplePages.includes('beleid/voorbeeldbeleid/'));
    assert.ok(samplePages.includes('en/policies/example-policy/'));
    assert.ok(samplePages.filter((p) => p.startsWith('en/')).length >= 10, 'English pages');
    assert.ok(samplePages.filter((p) => !p.startsWith('en/')).length >= 10, 'Dutch pages');
  });

  for (const scheme of SCHEMES) {
    test(`every page of the sample site has no violations, ${scheme} scheme`, { timeout: 300_000 }, async () => {
      await withPage({ viewport: DESKTOP, colorScheme: scheme }, async (page) => {
        const problems = [];
        for (const path of samplePages) {
          await page.goto(sampleServer.url(path));
          const violations = await axeViolations(page);
          if (violations.length) problems.push(`${path || '/'} (${scheme}):\n${formatViolations(violations)}`);
        }
        assert.equal(problems.length, 0, `axe violations:\n${problems.join('\n')}`);
      });
    });

    test(`every page of the fixture site (code, untranslated page) has no violations, ${scheme} scheme`, { timeout: 120_000 }, async () => {
      await withPage({ viewport: DESKTOP, colorScheme: scheme }, async (page) => {
        const problems = [];
        for (const path of fixturePages) {
          await page.goto(fixtureServer.url(path));
          const violations = await axeViolations(page);
          if (violations.length) problems.push(`${path || '/'} (${scheme}):\n${formatViolations(violations)}`);
        }
        assert.equal(problems.length, 0, `axe violations:\n${problems.join('\n')}`);
      });
    });

    test(`every page at phone width has no violations, ${scheme} scheme`, { timeout: 300_000 }, async () => {
      await withPage({ viewport: PHONE, colorScheme: scheme }, async (page) => {
        const problems = [];
        const pages = [...samplePages.map((p) => [sampleServer, p]), ...fixturePages.map((p) => [fixtureServer, p])];
        for (const [server, path] of pages) {
          await page.goto(server.url(path));
          if (await page.locator('.toc-inline summary').count()) await page.click('.toc-inline summary');
          const violations = await axeViolations(page);
          if (violations.length) problems.push(`${server === fixtureServer ? 'fixture ' : ''}${path || '/'} (${scheme}, phone):\n${formatViolations(violations)}`);
        }
        assert.equal(problems.length, 0, `axe violations:\n${problems.join('\n')}`);
      });
    });

    test(`open search results have no violations, ${scheme} scheme`, async () => {
      await withPage({ viewport: DESKTOP, colorScheme: scheme }, async (page) => {
        const problems = [];
        for (const [path, query] of [['', 'beleid'], ['en/', 'policy']]) {
          await page.goto(sampleServer.url(path));
          await page.locator('#search-input').fill(query);
          await page.locator('#search-results .search-result').first().waitFor({ state: 'visible', timeout: 10_000 });
          await page.keyboard.press('ArrowDown');
          const violations = await axeViolations(page);
          if (violations.length) problems.push(`${path || '/'} (${scheme}, search "${query}"):\n${formatViolations(violations)}`);
        }
        assert.equal(problems.length, 0, `axe violations:\n${problems.join('\n')}`);
      });
    });

    test(`the open phone menu has no violations, ${scheme} scheme`, async () => {
      await withPage({ viewport: PHONE, colorScheme: scheme }, async (page) => {
        const problems = [];
        for (const path of ['', 'beleid/voorbeeldbeleid/', 'en/', 'en/policies/example-policy/']) {
          await page.goto(sampleServer.url(path));
          await page.click('.menu-button');
          await page.locator('#sidebar').waitFor({ state: 'visible' });
          const violations = await axeViolations(page);
          if (violations.length) problems.push(`${path || '/'} (${scheme}, phone menu):\n${formatViolations(violations)}`);
        }
        assert.equal(problems.length, 0, `axe violations:\n${problems.join('\n')}`);
      });
    });
  }
});

// ---------------------------------------------------------------------------
// 2. Language switcher

describe('language switcher', () => {
  test('goes to the translated page and back', async () => {
    await withPage({ viewport: DESKTOP }, async (page) => {
      await page.goto(sampleServer.url('beleid/voorbeeldbeleid/'));
      assert.equal(await page.getAttribute('html', 'lang'), 'nl');
      await page.locator('.language-switcher a[hreflang="en"]').click();
      await page.waitForURL(sampleServer.url('en/policies/example-policy/'));
      assert.equal(await page.getAttribute('html', 'lang'), 'en');
      assert.equal((await page.locator('.language-switcher [aria-current="true"]').textContent()).trim(), 'English');

      await page.locator('.language-switcher a[hreflang="nl"]').click();
      await page.waitForURL(sampleServer.url('beleid/voorbeeldbeleid/'));
      assert.equal(await page.getAttribute('html', 'lang'), 'nl');
      assert.equal((await page.locator('.language-switcher [aria-current="true"]').textContent()).trim(), 'Nederlands');
    });
  });

  test('every page links to its translation, and the translation links back', async () => {
    await withPage({ viewport: DESKTOP }, async (page) => {
      const switcherOf = async (path) => {
        await page.goto(sampleServer.url(path));
        return page.$$eval('.language-switcher a[hreflang]', (links) =>
          links.map((a) => ({ lang: a.getAttribute('hreflang'), href: a.href, missing: a.dataset.missing === 'true' })),
        );
      };
      for (const path of samplePages) {
        await page.goto(sampleServer.url(path));
        // Generated pages (404, print, search) have no translations of their own.
        if (await page.$eval('body', (b) => /\bkind-(404|print|search)\b/.test(b.className))) continue;
        const ownLang = path.startsWith('en/') ? 'en' : 'nl';
        const links = await switcherOf(path);
        assert.equal(links.length, 1, `${path}: one other language`);
        const [link] = links;
        assert.equal(link.missing, false, `${path}: the sample site is fully translated`);
        const target = sitePath(sampleServer, link.href);
        const back = await switcherOf(target);
        assert.deepEqual(
          back.map((l) => [l.lang, sitePath(sampleServer, l.href)]),
          [[ownLang, path]],
          `${target} links back to ${path}`,
        );
      }
    });
  });

  test('a page without translation goes to the home page and says so, visibly', async () => {
    await withPage({ viewport: DESKTOP }, async (page) => {
      await page.goto(fixtureServer.url('nieuws/'));
      const link = page.locator('.language-switcher a[hreflang="en"]');
      assert.equal(await link.getAttribute('data-missing'), 'true');
      const note = link.locator('.missing-translation');
      assert.match(await note.textContent(), /niet vertaald, naar de startpagina/);
      // Perceivable to sighted readers too, not only to screen readers.
      assert.ok(await note.isVisible(), 'the note is visible');
      const box = await note.boundingBox();
      assert.ok(box && box.width > 20 && box.height > 8, `the note has a readable size: ${JSON.stringify(box)}`);
      const clipped = await note.evaluate((el) => {
        const s = getComputedStyle(el);
        return s.clip !== 'auto' || s.clipPath !== 'none' || s.overflow === 'hidden' && el.scrollWidth > el.clientWidth + 1;
      });
      assert.equal(clipped, false, 'the note is not clipped away');
      // The note is in the page's language, the language name in its own.
      assert.equal(await note.evaluate((el) => el.closest('[lang]').getAttribute('lang')), 'nl');
      await screenshot(page, 'switcher-untranslated-desktop', { fullPage: false, clip: { x: 0, y: 0, width: DESKTOP.width, height: 120 } });

      await link.click();
      await page.waitForURL(fixtureServer.url('en/'));
      assert.equal(await page.getAttribute('html', 'lang'), 'en');
    });
    // On a phone too.
    await withPage({ viewport: PHONE }, async (page) => {
      await page.goto(fixtureServer.url('nieuws/'));
      const note = page.locator('.language-switcher .missing-translation');
      assert.ok(await note.isVisible(), 'the note is visible on a phone');
      const overflow = await page.evaluate(() => document.scrollingElement.scrollWidth);
      assert.ok(overflow <= PHONE.width, `no horizontal scrolling (${overflow}px)`);
      await screenshot(page, 'switcher-untranslated-phone', { fullPage: false, clip: { x: 0, y: 0, width: PHONE.width, height: 160 } });
    });
  });

  test('the print and search pages link to each other', async () => {
    await withPage({ viewport: DESKTOP }, async (page) => {
      for (const [from, to] of [['print/', '/en/print/'], ['search/nl/', '/search/en/']]) {
        await page.goto(sampleServer.url(from));
        const href = await page.getAttribute('.language-switcher a[hreflang="en"]', 'href');
        assert.equal(href, to, from);
        const alternate = await page.getAttribute('link[rel="alternate"][hreflang="en"]', 'href');
        assert.ok(alternate.endsWith(to), `${from}: hreflang alternate ${alternate}`);
      }
    });
  });

  test('the 404 page links to the other home page without a note', async () => {
    await withPage({ viewport: DESKTOP }, async (page) => {
      await page.goto(sampleServer.url('404.html'));
      const link = page.locator('.language-switcher a[hreflang="en"]');
      assert.equal(await link.getAttribute('href'), '/en/');
      assert.equal(await link.locator('.missing-translation').count(), 0);
    });
  });

  test('translated pages do not show the note', async () => {
    await withPage({ viewport: DESKTOP }, async (page) => {
      await page.goto(fixtureServer.url('beleid/'));
      assert.equal(await page.locator('.missing-translation').count(), 0);
    });
  });
});

// ---------------------------------------------------------------------------
// 3. Colour scheme toggle

describe('dark mode toggle', () => {
  test('switches the scheme, and the choice survives reloads and navigation', async () => {
    await withPage({ viewport: DESKTOP, colorScheme: 'light' }, async (page) => {
      await page.goto(sampleServer.url(''));
      const toggle = page.locator('.theme-toggle');
      assert.ok(await toggle.isVisible(), 'the toggle shows when scripts run');
      assert.equal(await page.getAttribute('html', 'data-theme'), null, 'nothing chosen yet');
      assert.equal(await toggle.getAttribute('aria-pressed'), 'false');
      const light = await backgroundColor(page);
      assert.ok(luminance(light) > 0.8, `light background: ${light}`);

      await toggle.click();
      assert.equal(await page.getAttribute('html', 'data-theme'), 'dark');
      assert.equal(await toggle.getAttribute('aria-pressed'), 'true');
      const dark = await backgroundColor(page);
      assert.ok(luminance(dark) < 0.05, `dark background: ${dark}`);
      assert.equal(await page.evaluate(() => localStorage.getItem('beleid-theme')), 'dark');

      await page.reload();
      assert.equal(await page.getAttribute('html', 'data-theme'), 'dark', 'after a reload');
      assert.equal(await backgroundColor(page), dark);
      assert.equal(await toggle.getAttribute('aria-pressed'), 'true');

      await page.locator('.sidebar a[href$="/beleid/"]').click();
      await page.waitForURL(sampleServer.url('beleid/'));
      assert.equal(await page.getAttribute('html', 'data-theme'), 'dark', 'on another page');
      assert.equal(await backgroundColor(page), dark);

      // The other language shares the choice (same origin, same storage).
      await page.goto(sampleServer.url('en/'));
      assert.equal(await backgroundColor(page), dark);

      await toggle.click();
      assert.equal(await page.getAttribute('html', 'data-theme'), 'light');
      assert.equal(await backgroundColor(page), light);
      await page.reload();
      assert.equal(await backgroundColor(page), light, 'light again after a reload');
    });
  });

  test('follows the system setting while nothing was chosen', async () => {
    await withPage({ viewport: DESKTOP, colorScheme: 'dark' }, async (page) => {
      await page.goto(sampleServer.url('beleid/voorbeeldbeleid/'));
      const toggle = page.locator('.theme-toggle');
      assert.equal(await page.getAttribute('html', 'data-theme'), null);
      assert.ok(luminance(await backgroundColor(page)) < 0.05, 'dark, as the system');
      assert.equal(await toggle.getAttribute('aria-pressed'), 'true');

      // The system switches while the page is open: the page follows.
      // The stylesheet follows at once; the toggle on the media query's
      // `change` event, which the browser sends at its next rendering step.
      await page.emulateMedia({ colorScheme: 'light' });
      assert.ok(luminance(await backgroundColor(page)) > 0.8, 'light, as the system');
      await page
        .waitForFunction(() => document.querySelector('.theme-toggle').getAttribute('aria-pressed') === 'false', null, {
          timeout: 2000,
        })
        .catch(() => {});
      assert.equal(await toggle.getAttribute('aria-pressed'), 'false');

      // A choice wins over the system setting.
      await page.emulateMedia({ colorScheme: 'dark' });
      await toggle.click();
      assert.equal(await page.getAttribute('html', 'data-theme'), 'light');
      assert.ok(luminance(await backgroundColor(page)) > 0.8, 'light, as chosen');
      await page.reload();
      assert.ok(luminance(await backgroundColor(page)) > 0.8, 'still light after a reload');
    });
  });

  test('a choice made in another tab applies at once', async () => {
    const context = await browser.newContext({ viewport: DESKTOP, colorScheme: 'light' });
    try {
      const [one, two] = [await context.newPage(), await context.newPage()];
      await one.goto(sampleServer.url(''));
      await two.goto(sampleServer.url('gids/'));
      await one.locator('.theme-toggle').click();
      await two.waitForFunction(() => document.documentElement.getAttribute('data-theme') === 'dark');
      assert.equal(await two.getAttribute('.theme-toggle', 'aria-pressed'), 'true');
    } finally {
      await context.close();
    }
  });

  test('the toggle has an accessible name in both languages', async () => {
    await withPage({ viewport: DESKTOP }, async (page) => {
      await page.goto(sampleServer.url(''));
      assert.equal((await page.getByRole('button', { name: 'Donkere weergave' }).count()), 1);
      await page.goto(sampleServer.url('en/'));
      assert.equal((await page.getByRole('button', { name: 'Dark mode' }).count()), 1);
    });
  });
});

// ---------------------------------------------------------------------------
// 4. Keyboard

describe('keyboard-only use', () => {
  test('the skip link comes first, shows when focused and moves focus to the content', async () => {
    await withPage({ viewport: DESKTOP }, async (page) => {
      await page.goto(sampleServer.url('beleid/voorbeeldbeleid/'));
      await page.keyboard.press('Tab');
      const first = await focused(page);
      assert.ok(first.cls.includes('skip-link'), `first Tab stop is the skip link, got ${JSON.stringify(first)}`);
      const skip = page.locator('.skip-link');
      const box = await skip.boundingBox();
      assert.ok(box && box.y >= 0 && box.y + box.height <= DESKTOP.height && box.width > 40, `skip link on screen: ${JSON.stringify(box)}`);
      const onTop = await skip.evaluate((el) => {
        const r = el.getBoundingClientRect();
        return el.contains(document.elementFromPoint(r.x + r.width / 2, r.y + r.height / 2));
      });
      assert.ok(onTop, 'nothing covers the focused skip link');
      await page.keyboard.press('Enter');
      assert.equal(await page.evaluate(() => document.activeElement.id), 'main', 'focus is on the main content');
      await page.keyboard.press('Tab');
      const next = await focused(page);
      assert.ok(next.inMain, `the next Tab stop is inside the content, got ${JSON.stringify(next)}`);
    });
  });

  for (const [name, viewport] of [['desktop', DESKTOP], ['phone', PHONE]]) {
    test(`Tab reaches search, language switcher, theme toggle and content links in order (${name})`, async () => {
      await withPage({ viewport }, async (page) => {
        await page.goto(sampleServer.url('beleid/voorbeeldbeleid/'));
        const stops = [];
        for (let i = 0; i < 120; i++) {
          await page.keyboard.press('Tab');
          const stop = await focused(page);
          stops.push(stop);
          if (stop.inProse) break;
        }
        const index = (predicate, what) => {
          const i = stops.findIndex(predicate);
          assert.ok(i >= 0, `Tab reaches ${what}; stops: ${stops.map((s) => s.cls || s.text || s.tag).join(' | ')}`);
          return i;
        };
        const skip = index((s) => s.cls.includes('skip-link'), 'the skip link');
        const search = index((s) => s.id === 'search-input', 'the search box');
        const language = index((s) => s.inSwitcher && s.hreflang === 'en', 'the language switcher');
        const toggle = index((s) => s.cls.includes('theme-toggle'), 'the theme toggle');
        const content = index((s) => s.inProse, 'a content link');
        assert.equal(skip, 0);
        assert.ok(skip < search && search < language && language < toggle && toggle < content, 'in reading order');
        if (name === 'phone') index((s) => s.cls.includes('menu-button'), 'the menu button');
        for (const stop of stops) {
          assert.ok(stop.visible, `Tab stop is visible: ${JSON.stringify(stop)}`);
          assert.ok(stop.outline, `Tab stop shows a focus outline: ${JSON.stringify(stop)}`);
        }
      });
    });
  }

  test('`/` focuses the search box', async () => {
    await withPage({ viewport: DESKTOP }, async (page) => {
      await page.goto(sampleServer.url('beleid/voorbeeldbeleid/'));
      await page.waitForLoadState('load');
      await page.keyboard.press('/');
      assert.equal(await page.evaluate(() => document.activeElement.id), 'search-input');
      assert.equal(await page.inputValue('#search-input'), '', 'the slash is not typed into the box');
    });
  });

  test('the menu opens and closes by keyboard, and Escape returns focus to the button', async () => {
    await withPage({ viewport: PHONE }, async (page) => {
      await page.goto(sampleServer.url('beleid/voorbeeldbeleid/'));
      await page.locator('.menu-button').focus();
      await page.keyboard.press('Enter');
      assert.equal(await page.getAttribute('.menu-button', 'aria-expanded'), 'true');
      assert.ok(await page.locator('#sidebar').isVisible());
      await page.keyboard.press('Tab');
      await page.keyboard.press('Escape');
      assert.equal(await page.getAttribute('.menu-button', 'aria-expanded'), 'false');
      assert.equal(await page.locator('#sidebar').isVisible(), false);
      assert.equal(await page.evaluate(() => document.activeElement.classList.contains('menu-button')), true);
    });
  });
});

// ---------------------------------------------------------------------------
// 5. Content-Security-Policy

describe("Content-Security-Policy: default-src 'self'", () => {
  async function checkUnderCsp(server, paths, prefix) {
    await withPage({ viewport: DESKTOP }, async (page, context) => {
      const violations = [];
      const consoleMessages = [];
      const pageErrors = [];
      const requests = [];
      const failures = [];
      await context.exposeBinding('__reportCspViolation', (_source, v) => violations.push(v));
      await context.addInitScript(() => {
        document.addEventListener('securitypolicyviolation', (e) => {
          window.__reportCspViolation({
            page: location.href,
            directive: e.violatedDirective,
            blocked: e.blockedURI,
            source: `${e.sourceFile}:${e.lineNumber}`,
            sample: e.sample,
          });
        });
      });
      context.on('request', (r) => requests.push(r.url()));
      context.on('requestfailed', (r) => failures.push(`${r.url()}: ${r.failure()?.errorText}`));
      context.on('response', (r) => {
        if (r.status() >= 400 && !r.url().endsWith('/does-not-exist/')) failures.push(`${r.url()}: HTTP ${r.status()}`);
      });
      page.on('console', (m) => {
        // The one expected complaint: the 404 status of the missing page.
        if (m.location().url.endsWith('/does-not-exist/')) return;
        if (m.type() === 'error' || m.type() === 'warning') consoleMessages.push(`${page.url()}: ${m.type()}: ${m.text()}`);
      });
      page.on('pageerror', (e) => pageErrors.push(`${page.url()}: ${e.message}`));

      for (const path of paths) {
        const response = await page.goto(server.url(path));
        assert.equal(response.headers()['content-security-policy'], "default-src 'self'", 'the header is sent');
        // Search: the index is fetched and results are shown.
        await page.locator('#search-input').fill('privacy');
        await page.locator('#search-results .search-result').first().waitFor({ state: 'visible', timeout: 10_000 });
        await page.keyboard.press('Escape');
        await page.locator('.theme-toggle').click();
        await page.locator('.theme-toggle').click();
        await page.setViewportSize(PHONE);
        await page.locator('.menu-button').click();
        await page.locator('#sidebar').waitFor({ state: 'visible' });
        await page.setViewportSize(DESKTOP);
      }
      await page.goto(server.url('does-not-exist/'));
      await page.locator('.theme-toggle').click();

      const hosts = [...new Set(requests.map((u) => new URL(u).host))];
      assert.deepEqual(hosts, [new URL(server.origin).host], `${prefix}: only requests to 127.0.0.1`);
      assert.deepEqual(violations, [], `${prefix}: no CSP violations`);
      assert.deepEqual(consoleMessages, [], `${prefix}: no console errors or warnings`);
      assert.deepEqual(pageErrors, [], `${prefix}: no script errors`);
      assert.deepEqual(failures, [], `${prefix}: no failed requests`);

      // The listener does catch violations: an inline script is refused.
      await page.evaluate(() => {
        const s = document.createElement('script');
        s.textContent = 'window.__inline = true';
        document.body.append(s);
      });
      await expectEventually(() => violations.length > 0, 'the CSP listener reports a refused inline script');
      assert.equal(await page.evaluate(() => window.__inline), undefined);
    });
  }

  const PATHS = ['', 'beleid/voorbeeldbeleid/', 'print/', 'en/', 'en/policies/example-policy/', 'en/print/'];

  test('the sample site runs with no violations and no outside requests', async () => {
    await checkUnderCsp(sampleServer, PATHS, 'site at /');
  });

  test('also when published under a sub-path', { timeout: 120_000 }, async () => {
    const server = await serveSite(`${sample.output}-sub`, { basePath: '/sub/' });
    let site;
    try {
      site = await buildSite({ root: SAMPLE_SITE, baseUrl: `${server.origin}/sub/`, output: `${sample.output}-sub` });
      await checkUnderCsp(server, PATHS, 'site at /sub/');
      // No page links out of the sub-path.
      await withPage({ viewport: DESKTOP }, async (page) => {
        for (const path of ['', 'en/policies/example-policy/']) {
          await page.goto(server.url(path));
          const outside = await page.$$eval(
            'a[href], link[href], script[src]',
            (els, origin) =>
              els
                .map((e) => e.href || e.src)
                .filter((u) => u.startsWith(origin) && !u.startsWith(`${origin}/sub/`)),
            server.origin,
          );
          assert.deepEqual(outside, [], `${path}: every local URL is under /sub/`);
        }
      });
    } finally {
      await server.close();
      await site?.cleanup();
    }
  });
});

/** Waits (bounded) until `predicate()` holds. */
async function expectEventually(predicate, message, timeout = 5000) {
  const end = Date.now() + timeout;
  while (Date.now() < end) {
    if (predicate()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  assert.fail(`timed out: ${message}`);
}

// ---------------------------------------------------------------------------
// 6. Print

describe('print', () => {
  for (const scheme of SCHEMES) {
    test(`a policy prints as a document (${scheme} system scheme)`, async () => {
      await withPage({ viewport: PAPER, colorScheme: scheme }, async (page) => {
        await page.goto(sampleServer.url('beleid/voorbeeldbeleid/'));
        await page.emulateMedia({ media: 'print', colorScheme: scheme });
        for (const selector of ['.site-header', '#sidebar', '.search', '.toc', '.toc-inline', '.skip-link', '.site-footer', '.breadcrumbs', '.pagination']) {
          const shown = await page.$$eval(selector, (els) => els.some((e) => e.checkVisibility()));
          assert.equal(shown, false, `${selector} is hidden in print`);
        }
        const footer = page.locator('.print-footer');
        assert.ok(await footer.isVisible(), 'the policy footer line prints');
        assert.match(await footer.textContent(), /Socialemediabeleid · Versie 1\.1/);

        // A link whose text is its address prints it once; in-page links print none.
        const mail = await page.$eval('.prose a[href^="mailto:"]', (a) => [a.textContent, getComputedStyle(a, '::after').content]);
        assert.equal(mail[0], 'communicatie@example.org');
        assert.match(mail[1], /^(none|normal)$/, `the address is not repeated: ${mail[1]}`);
        const internal = await page.$eval('.prose a[href^="#"]', (a) => getComputedStyle(a, '::after').content);
        assert.match(internal, /^(none|normal)$/, `in-page link prints no URL: ${internal}`);

        // Black on white, whatever the screen scheme.
        const colours = await page.evaluate(() => ({
          body: getComputedStyle(document.body).backgroundColor,
          text: getComputedStyle(document.querySelector('.prose p')).color,
          lead: getComputedStyle(document.querySelector('.lead')).color,
          meta: getComputedStyle(document.querySelector('.policy-meta')).backgroundColor,
        }));
        assert.ok(luminance(colours.body) > 0.95, `white page: ${colours.body}`);
        assert.ok(luminance(colours.text) < 0.05, `black text: ${colours.text}`);
        assert.ok(luminance(colours.lead) < 0.1, `dark secondary text: ${colours.lead}`);
        assert.ok(luminance(colours.meta) > 0.9, `light policy box: ${colours.meta}`);
      });
    });
  }

  test('content links print their full address after the text', async () => {
    await withPage({ viewport: DESKTOP }, async (page) => {
      await page.emulateMedia({ media: 'print' });
      await page.goto(sampleServer.url('beleid/vergelijking/'));
      const links = await page.$$eval('.prose a[href]:not([href^="#"])', (as) =>
        as.map((a) => ({ href: a.href, text: a.textContent, after: getComputedStyle(a, '::after').content })),
      );
      assert.ok(links.length > 5, 'the comparison links to the policies');
      for (const { href, text, after } of links) {
        assert.equal(after, `" (${href})"`, `"${text}" prints its address`);
        assert.ok(href.startsWith(sampleServer.origin), `${href} is absolute`);
      }
      await page.goto(fixtureServer.url('beleid/'));
      const mail = await page.$eval('.prose a[href^="mailto:"]', (a) => [a.textContent, getComputedStyle(a, '::after').content]);
      assert.deepEqual(mail, ['ons', '" (test@example.org)"'], 'a mail link prints the address');
      await page.goto(fixtureServer.url('en/policy/'));
      const file = await page.$eval('.prose a[href$="regels.txt"]', (a) => getComputedStyle(a, '::after').content);
      assert.equal(file, `" (${fixtureServer.url('files/regels.txt')})"`);
    });
  });

  test('code highlighted for a dark screen prints dark on light', async () => {
    for (const how of ['system', 'choice']) {
      await withPage({ viewport: DESKTOP, colorScheme: how === 'system' ? 'dark' : 'light' }, async (page) => {
        await page.goto(fixtureServer.url('beleid/'));
        if (how === 'choice') await page.locator('.theme-toggle').click();
        await page.emulateMedia({ media: 'print' });
        const colours = await page.$$eval('pre.code span', (spans) => spans.map((s) => getComputedStyle(s).color));
        assert.ok(colours.length > 0, 'the fixture has highlighted code');
        for (const c of colours) assert.ok(luminance(c) < 0.2, `${how}: code prints dark: ${c}`);
      });
    }
  });

  test('a dark choice does not print dark', async () => {
    await withPage({ viewport: DESKTOP, colorScheme: 'light' }, async (page) => {
      await page.goto(sampleServer.url('en/policies/example-policy/'));
      await page.locator('.theme-toggle').click();
      await page.emulateMedia({ media: 'print' });
      assert.ok(luminance(await backgroundColor(page)) > 0.95);
      const lead = await page.evaluate(() => getComputedStyle(document.querySelector('.lead')).color);
      assert.ok(luminance(lead) < 0.1, `dark secondary text: ${lead}`);
    });
  });

  test('the print pages hold every policy in force, each with its footer line', async () => {
    await withPage({ viewport: DESKTOP }, async (page) => {
      for (const path of ['print/', 'en/print/']) {
        await page.goto(sampleServer.url(path));
        await page.emulateMedia({ media: 'print' });
        const policies = await page.locator('.print-policy').count();
        // The example policy; the variants are samples, in force for nobody.
        assert.equal(policies, 1, `${path}: the policies in force (${policies})`);
        assert.equal(await page.locator('.print-policy .print-footer').count(), policies);
        // Each policy ends with its own footer line; they do not pile up at the foot of the sheet.
        const positions = await page.$$eval('.print-policy .print-footer', (els) => els.map((e) => getComputedStyle(e).position));
        assert.deepEqual([...new Set(positions)], ['static']);
        assert.ok(await page.locator('.printed-from').first().isVisible());
        assert.equal(await page.locator('.site-header').isVisible(), false);
        await page.emulateMedia({ media: 'screen' });
      }
    });
  });
});

// ---------------------------------------------------------------------------
// 7. Small screens

describe('small screens (320px)', () => {
  test('no page scrolls sideways', { timeout: 120_000 }, async () => {
    await withPage({ viewport: NARROW }, async (page) => {
      const wide = [];
      for (const path of samplePages) {
        await page.goto(sampleServer.url(path));
        const width = await page.evaluate(() => document.scrollingElement.scrollWidth);
        if (width > NARROW.width) wide.push(`${path || '/'}: ${width}px`);
      }
      for (const path of fixturePages) {
        await page.goto(fixtureServer.url(path));
        const width = await page.evaluate(() => document.scrollingElement.scrollWidth);
        if (width > NARROW.width) wide.push(`fixture ${path || '/'}: ${width}px`);
      }
      assert.deepEqual(wide, [], 'pages wider than 320px');
    });
  });

  for (const path of ['', 'beleid/voorbeeldbeleid/', 'en/', 'en/policies/example-policy/']) {
    test(`the menu button opens the navigation: /${path}`, async () => {
      await withPage({ viewport: NARROW }, async (page) => {
        await page.goto(sampleServer.url(path));
        const menu = page.locator('.menu-button');
        const sidebar = page.locator('#sidebar');
        assert.ok(await menu.isVisible(), 'the menu button shows');
        assert.equal(await sidebar.isVisible(), false, 'the navigation is folded away');
        assert.equal(await menu.getAttribute('aria-expanded'), 'false');
        await menu.click();
        assert.equal(await menu.getAttribute('aria-expanded'), 'true');
        assert.ok(await sidebar.isVisible(), 'the navigation opens');
        assert.ok(await sidebar.locator('a').first().isVisible());
        const width = await page.evaluate(() => document.scrollingElement.scrollWidth);
        assert.ok(width <= NARROW.width, `no horizontal scrolling with the menu open (${width}px)`);
        await menu.click();
        assert.equal(await sidebar.isVisible(), false, 'and closes again');
      });
    });
  }

  test('on a wide screen the navigation shows without a menu button', async () => {
    await withPage({ viewport: DESKTOP }, async (page) => {
      await page.goto(sampleServer.url(''));
      assert.equal(await page.locator('.menu-button').isVisible(), false);
      assert.ok(await page.locator('#sidebar').isVisible());
    });
  });
});

// ---------------------------------------------------------------------------
// Table of contents

describe('table of contents', () => {
  test('marks the section being read', async () => {
    await withPage({ viewport: DESKTOP }, async (page) => {
      await page.goto(sampleServer.url('beleid/voorbeeldbeleid/'));
      const current = () => page.$$eval('.toc a[aria-current="true"]', (as) => as.map((a) => a.getAttribute('href')));
      assert.deepEqual(await current(), ['#art-1'], 'the first section at the top of the page');
      await page.locator('.toc a[href="#art-5"]').click();
      await page.waitForFunction(() => document.querySelector('.toc a[aria-current="true"]')?.getAttribute('href') === '#art-5');
      await page.evaluate(() => window.scrollTo(0, document.scrollingElement.scrollHeight));
      await page.waitForFunction(() => document.querySelector('.toc a[aria-current="true"]')?.getAttribute('href') === '#art-16');
      assert.deepEqual(await current(), ['#art-16'], 'the last section at the bottom');
    });
  });
});

// ---------------------------------------------------------------------------
// 8. Screenshots, for people to look at

describe('screenshots', () => {
  const pages = [
    ['home', ''],
    ['policy', 'beleid/voorbeeldbeleid/'],
  ];
  for (const [name, path] of pages) {
    for (const scheme of SCHEMES) {
      for (const [size, viewport] of [['phone', PHONE], ['desktop', DESKTOP]]) {
        test(`${name}, ${scheme}, ${size}`, async () => {
          await withPage({ viewport, colorScheme: scheme }, async (page) => {
            await page.goto(sampleServer.url(path));
            const file = await screenshot(page, `${name}-${scheme}-${size}`, { fullPage: false });
            await screenshot(page, `${name}-${scheme}-${size}-full`);
            assert.ok(file.endsWith('.png'));
          });
        });
      }
    }
  }

  test('phone menu open, print preview and 404', async () => {
    await withPage({ viewport: PHONE, colorScheme: 'light' }, async (page) => {
      await page.goto(sampleServer.url('beleid/voorbeeldbeleid/'));
      await page.locator('.menu-button').click();
      await screenshot(page, 'policy-light-phone-menu', { fullPage: false });
    });
    await withPage({ viewport: { width: 794, height: 1123 }, colorScheme: 'dark' }, async (page) => {
      await page.goto(sampleServer.url('beleid/voorbeeldbeleid/'));
      await page.emulateMedia({ media: 'print' });
      await screenshot(page, 'policy-print', { fullPage: false });
    });
    for (const scheme of SCHEMES) {
      await withPage({ viewport: DESKTOP, colorScheme: scheme }, async (page) => {
        await page.goto(sampleServer.url('404.html'));
        await screenshot(page, `404-${scheme}-desktop`, { fullPage: false });
      });
    }
  });
});
