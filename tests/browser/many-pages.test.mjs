// A one-language site with one long section (tests/browser/lib/generated.mjs):
// no language switcher; the sidebar lists the part of the section that holds
// the page, links to the rest and scrolls the current page into view; a
// search matching dozens of pages says how many and can list them all, by
// keyboard too. Screenshots of the full search list go to
// tests/browser/screenshots/.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { axeViolations, formatViolations } from './lib/axe.mjs';
import { launchBrowser } from './lib/browser.mjs';
import { SHARED_WORD, slug, writeManyPagesSite } from './lib/generated.mjs';
import { screenshot } from './lib/screenshots.mjs';
import { serveSite } from './lib/server.mjs';
import { buildSite } from './lib/site.mjs';

const PAGES = 60;
const DESKTOP = { width: 1280, height: 720 };
const PHONE = { width: 390, height: 844 };

let browser;
let generated;
let site;
let server;

before(async () => {
  browser = await launchBrowser();
  generated = await writeManyPagesSite({ pages: PAGES });
  site = await buildSite({ root: generated.root });
  server = await serveSite(site.output);
});

after(async () => {
  await browser?.close();
  await server?.close();
  await site?.cleanup();
  await generated?.cleanup();
});

async function withPage(options, fn) {
  const context = await browser.newContext(options);
  try {
    return await fn(await context.newPage());
  } finally {
    await context.close();
  }
}

/** Where the sidebar link of the current page is, against the sidebar's box. */
function currentLinkPlace(page) {
  return page.evaluate(() => {
    const sidebar = document.getElementById('sidebar');
    const link = sidebar.querySelector('a[aria-current="page"]');
    const box = sidebar.getBoundingClientRect();
    const at = link.getBoundingClientRect();
    return {
      scrollTop: sidebar.scrollTop,
      scrollable: sidebar.scrollHeight > sidebar.clientHeight,
      inView: at.top >= box.top && at.bottom <= box.bottom,
      pageScroll: window.scrollY,
    };
  });
}

describe('a one-language site', () => {
  test('shows no language switcher', async () => {
    await withPage({ viewport: DESKTOP }, async (page) => {
      for (const path of ['', 'regels/', `regels/${slug(3)}/`, 'search/nl/', '404.html']) {
        await page.goto(server.url(path));
        assert.equal(await page.locator('h1').count(), 1, `/${path} rendered`);
        assert.equal(await page.locator('.language-switcher').count(), 0, `/${path} has no language switcher`);
      }
    });
  });
});

describe('sidebar', () => {
  test('scrolls the current page into view when it is below the fold, and only then', async () => {
    await withPage({ viewport: DESKTOP }, async (page) => {
      await page.goto(server.url(`regels/${slug(PAGES - 5)}/`));
      const far = await currentLinkPlace(page);
      assert.ok(far.scrollable, 'the sidebar is taller than the window');
      assert.ok(far.inView, `the current link is in view: ${JSON.stringify(far)}`);
      assert.ok(far.scrollTop > 0, 'the sidebar was scrolled');
      assert.equal(far.pageScroll, 0, 'the page itself did not move');

      await page.goto(server.url(`regels/${slug(2)}/`));
      const near = await currentLinkPlace(page);
      assert.ok(near.inView);
      assert.equal(near.scrollTop, 0, 'a link already in view does not move the sidebar');
    });
  });
});

describe('a long section in the sidebar', () => {
  test('lists the part that holds the page, with a link to the section for the rest', async () => {
    await withPage({ viewport: PHONE }, async (page) => {
      // Sixty pages make two parts of thirty: the last page is in the second.
      await page.goto(server.url(`regels/${slug(PAGES)}/`));
      await page.locator('.menu-button').click();
      const sidebar = page.locator('#sidebar');
      await sidebar.waitFor({ state: 'visible' });
      assert.equal(await sidebar.locator('a[aria-current="page"]').textContent(), `Regel ${PAGES}`);
      assert.equal(await sidebar.locator(`a[href$="/regels/${slug(1)}/"]`).count(), 0, 'the first part is left out');
      const more = sidebar.locator('.nav-more a');
      assert.equal(await more.count(), 1);
      assert.equal(await more.textContent(), '30 eerder in Regels');
      assert.ok(await more.isVisible());
      const violations = await axeViolations(page, '#sidebar');
      assert.deepEqual(violations, [], formatViolations(violations));
      await more.click();
      await page.waitForURL(/\/regels\/$/);
      assert.equal(await page.locator(`.children a[href$="/regels/${slug(1)}/"]`).count(), 1, 'the section lists it');
    });
  });
});

/** Types a query and waits for the announced result count. */
async function search(page, query) {
  await page.locator('#search-input').fill(query);
  await page.waitForFunction(() => /\d/.test(document.querySelector('.search-status')?.textContent ?? ''));
}

describe('search with dozens of results', () => {
  test('says the real count, and "show all" lists every result by keyboard', async () => {
    await withPage({ viewport: DESKTOP }, async (page) => {
      await page.goto(server.url(''));
      await search(page, SHARED_WORD);
      const options = page.locator('#search-results [role=option]');
      assert.equal(await options.count(), 8, 'the first eight are listed');
      assert.equal(await page.locator('.search-status').textContent(), `8 van ${PAGES} resultaten getoond`);
      assert.equal(await page.locator('.search-count').textContent(), `8 van ${PAGES} resultaten getoond`);
      const showAll = page.locator('.search-show-all');
      assert.ok(await showAll.isVisible());
      assert.equal(await showAll.textContent(), `Toon alle ${PAGES} resultaten`);

      // Tab from the box reaches the button; Enter lists everything and
      // returns to the box with the first new result active.
      await page.locator('#search-input').focus();
      await page.keyboard.press('Tab');
      assert.equal(await showAll.evaluate((b) => b === document.activeElement), true, 'Tab reaches "show all"');
      await page.keyboard.press('Enter');
      await page.waitForFunction((n) => document.querySelectorAll('#search-results [role=option]').length === n, PAGES);
      const hrefs = await options.evaluateAll((els) => els.map((a) => new URL(a.href).pathname));
      const expected = Array.from({ length: PAGES }, (_, i) => `/regels/${slug(i + 1)}/`);
      assert.deepEqual([...hrefs].sort(), expected, 'every page is listed once');
      assert.equal(await page.evaluate(() => document.activeElement.id), 'search-input');
      const active = await page.locator('#search-input').getAttribute('aria-activedescendant');
      assert.equal(active, 'search-result-8', 'the ninth result is active');
      assert.equal(await page.locator('.search-status').textContent(), `${PAGES} resultaten`);
      assert.equal(await showAll.isVisible(), false, 'nothing more to show');

      // Arrow keys reach the end of the long list.
      await page.keyboard.press('ArrowUp');
      await page.keyboard.press('ArrowUp');
      await page.keyboard.press('ArrowUp');
      await page.keyboard.press('ArrowUp');
      await page.keyboard.press('ArrowUp');
      await page.keyboard.press('ArrowUp');
      await page.keyboard.press('ArrowUp');
      await page.keyboard.press('ArrowUp');
      await page.keyboard.press('ArrowUp');
      assert.equal(await page.locator('#search-input').getAttribute('aria-activedescendant'), `search-result-${PAGES - 1}`);

      // A new query starts from the first eight again.
      await page.locator('#search-input').fill(`${SHARED_WORD} nummer`);
      await page.waitForFunction(() => /^8 van/.test(document.querySelector('.search-status').textContent));
      assert.equal(await options.count(), 8);
    });
  });

  test('the full list has no axe violations, and screenshots of it', { timeout: 120_000 }, async () => {
    const found = [];
    for (const scheme of ['light', 'dark']) {
      for (const [size, viewport] of [['desktop', DESKTOP], ['phone', PHONE]]) {
        await withPage({ viewport, colorScheme: scheme }, async (page) => {
          await page.goto(server.url('regels/'));
          await search(page, SHARED_WORD);
          await screenshot(page, `search-first-${scheme}-${size}`, { fullPage: false });
          await page.locator('.search-show-all').click();
          await page.waitForFunction((n) => document.querySelectorAll('#search-results [role=option]').length === n, PAGES);
          await screenshot(page, `search-all-${scheme}-${size}`, { fullPage: false });
          const violations = await axeViolations(page);
          if (violations.length) found.push(`${scheme} ${size}:\n${formatViolations(violations)}`);
        });
      }
    }
    assert.equal(found.length, 0, found.join('\n'));
  });
});
