// Users' content, not only the sample: tests/fixtures/features has one page
// per language with every Markdown feature (code in several languages,
// task lists, tables, footnotes, alerts, quotes, images, all heading
// levels). axe finds no WCAG 2.2 AA violation on it in either colour
// scheme; code blocks get a language label and a copy button that works by
// keyboard; the "edit this page" link follows `edit_url`.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';

import { axeViolations, formatViolations } from './lib/axe.mjs';
import { launchBrowser } from './lib/browser.mjs';
import { screenshot } from './lib/screenshots.mjs';
import { serveSite } from './lib/server.mjs';
import { buildSite, REPO_ROOT, SAMPLE_SITE } from './lib/site.mjs';

const FIXTURE_FEATURES = join(REPO_ROOT, 'tests/fixtures/features');
const DESKTOP = { width: 1280, height: 900 };
const PHONE = { width: 390, height: 844 };
const SCHEMES = ['light', 'dark'];
const PAGES = [
  ['nl', 'kenmerken/'],
  ['en', 'en/kenmerken/'],
];

let browser;
let site;
let server;

before(async () => {
  browser = await launchBrowser();
  site = await buildSite({ root: FIXTURE_FEATURES });
  server = await serveSite(site.output);
});

after(async () => {
  await browser?.close();
  await server?.close();
  await site?.cleanup();
});

async function withPage(options, fn) {
  const context = await browser.newContext(options);
  try {
    return await fn(await context.newPage(), context);
  } finally {
    await context.close();
  }
}

describe('every Markdown feature passes axe (WCAG 2.2 AA)', () => {
  for (const scheme of SCHEMES) {
    for (const [size, viewport] of [['desktop', DESKTOP], ['phone', PHONE]]) {
      test(`${scheme} scheme, ${size}`, { timeout: 120_000 }, async () => {
        await withPage({ viewport, colorScheme: scheme }, async (page) => {
          const found = [];
          for (const [lang, path] of PAGES) {
            await page.goto(server.url(path));
            await page.locator('.code-copy').first().waitFor();
            const violations = await axeViolations(page);
            if (violations.length) found.push(`${lang} (${path}):\n${formatViolations(violations)}`);
          }
          assert.equal(found.length, 0, `violations:\n${found.join('\n')}`);
        });
      });
    }
  }

  test('the page really holds every feature', async () => {
    await withPage({ viewport: DESKTOP }, async (page) => {
      await page.goto(server.url('en/kenmerken/'));
      const langs = await page.$$eval('pre.code[data-lang]', (els) => els.map((e) => e.dataset.lang));
      assert.deepEqual(langs, ['rust', 'python', 'js', 'toml', 'bash', 'html', 'json']);
      const count = (selector) => page.locator(`.prose ${selector}`).count();
      assert.ok((await count('.hl-comment')) >= 3, 'highlighted comments');
      assert.equal(await count('input[type=checkbox]'), 3, 'a task list');
      assert.equal(await count('table'), 1);
      assert.equal(await count('.footnotes li'), 2);
      assert.ok((await count('blockquote, .markdown-alert')) >= 6, 'alerts and a quote');
      assert.equal(await count('img[alt]'), 1);
      for (const level of [2, 3, 4, 5, 6]) assert.ok((await count(`h${level}`)) >= 1, `an h${level}`);
      assert.equal(await count('del'), 1);
      assert.equal(await count('a[href="https://example.org/policy"]'), 1, 'an autolink');
    });
  });
});

/**
 * Puts GitHub alerts into the page as comrak's alerts extension writes
 * them, so their styles are checked before the renderer emits them.
 */
function injectAlerts(page) {
  return page.evaluate(() => {
    const kinds = ['note', 'tip', 'important', 'warning', 'caution'];
    const box = document.createElement('div');
    box.id = 'injected-alerts';
    for (const kind of kinds) {
      const alert = document.createElement('div');
      alert.className = `markdown-alert markdown-alert-${kind}`;
      const title = document.createElement('p');
      title.className = 'markdown-alert-title';
      title.textContent = kind.charAt(0).toUpperCase() + kind.slice(1);
      const text = document.createElement('p');
      text.innerHTML = 'An alert with <a href="#code">a link</a> and <code>code</code>.';
      alert.append(title, text);
      box.append(alert);
    }
    document.querySelector('.prose').prepend(box);
  });
}

describe('alerts as comrak writes them', () => {
  for (const scheme of SCHEMES) {
    test(`pass axe and are told apart by colour, ${scheme} scheme`, async () => {
      await withPage({ viewport: DESKTOP, colorScheme: scheme }, async (page) => {
        await page.goto(server.url('en/kenmerken/'));
        await injectAlerts(page);
        const borders = await page.$$eval('#injected-alerts .markdown-alert', (els) =>
          els.map((el) => getComputedStyle(el).borderLeftColor),
        );
        assert.equal(new Set(borders).size, 5, `five distinct colours: ${borders.join(', ')}`);
        const violations = await axeViolations(page, '#injected-alerts');
        assert.deepEqual(violations, [], formatViolations(violations));
        await page.locator('#injected-alerts').scrollIntoViewIfNeeded();
        await screenshot(page, `features-injected-alerts-${scheme}-desktop`, { fullPage: false });
      });
    });
  }
});

describe('code blocks', () => {
  test('each block shows its language, and plain code none', async () => {
    await withPage({ viewport: DESKTOP }, async (page) => {
      await page.goto(server.url('en/kenmerken/'));
      await page.locator('.code-copy').first().waitFor();
      const blocks = await page.$$eval('.code-block', (els) =>
        els.map((el) => ({
          lang: el.querySelector('pre').dataset.lang ?? null,
          label: el.querySelector('.code-language')?.textContent ?? null,
          shown: el.querySelector('.code-language > :not(.visually-hidden)')?.textContent ?? null,
          buttons: el.querySelectorAll('button.code-copy').length,
        })),
      );
      assert.equal(blocks.length, 8, 'every code block is framed');
      for (const b of blocks) {
        assert.equal(b.buttons, 1, 'one copy button per block');
        if (b.lang) {
          assert.equal(b.shown, b.lang, 'the language is shown');
          assert.equal(b.label, `Code in ${b.lang}`, 'and said with a prefix');
        } else {
          assert.equal(b.label, null);
        }
      }
    });
  });

  test('the copy button works by keyboard, copies the code and announces it', async () => {
    await withPage({ viewport: DESKTOP, locale: 'nl-NL' }, async (page, context) => {
      await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.origin });
      await page.goto(server.url('kenmerken/'));
      const button = page.locator('.code-block').nth(1).locator('.code-copy');
      await button.waitFor();
      assert.equal((await button.textContent()).trim(), 'Kopieer');
      // From the first block's button, Tab reaches this one (past the
      // first block's code when that scrolls and so takes focus).
      await page.locator('.code-block').nth(0).locator('.code-copy').focus();
      let reached = false;
      for (let i = 0; i < 3 && !reached; i++) {
        await page.keyboard.press('Tab');
        reached = await button.evaluate((b) => b === document.activeElement);
      }
      assert.ok(reached, 'Tab reaches the button');
      await page.keyboard.press('Enter');
      await page.waitForFunction(() => document.querySelector('.code-copy-status')?.textContent === 'Gekopieerd');
      const copied = await page.evaluate(() => navigator.clipboard.readText());
      const code = await page.locator('.code-block').nth(1).locator('code').textContent();
      assert.equal(copied, code);
      assert.match(copied, /def greet\(name: str\)/);
      assert.equal((await button.textContent()).trim(), 'Gekopieerd');
      assert.equal(await page.locator('.code-copy-status').getAttribute('role'), 'status');
    });
  });
});

describe('edit this page', () => {
  test('links to edit_url followed by the source file', async () => {
    await withPage({ viewport: DESKTOP }, async (page) => {
      for (const [lang, path] of PAGES) {
        await page.goto(server.url(path));
        const link = page.locator('.edit-link a');
        assert.equal(await link.getAttribute('href'), `https://example.org/bron/bewerk/main/content/${lang}/kenmerken.md`);
        assert.equal((await link.textContent()).trim(), lang === 'nl' ? 'Bewerk deze pagina' : 'Edit this page');
      }
      await page.goto(server.url('search/nl/'));
      assert.equal(await page.locator('.edit-link').count(), 0, 'generated pages have no source to edit');
    });
  });

  test('a site without edit_url shows no edit link', async () => {
    const sample = await buildSite({ root: SAMPLE_SITE });
    const sampleServer = await serveSite(sample.output);
    try {
      await withPage({ viewport: DESKTOP }, async (page) => {
        await page.goto(sampleServer.url('beleid/voorbeeldbeleid/'));
        assert.equal(await page.locator('h1').count(), 1);
        assert.equal(await page.locator('.edit-link').count(), 0);
      });
    } finally {
      await sampleServer.close();
      await sample.cleanup();
    }
  });
});

describe('screenshots', () => {
  for (const scheme of SCHEMES) {
    for (const [size, viewport] of [['desktop', DESKTOP], ['phone', PHONE]]) {
      test(`code blocks and alerts, ${scheme}, ${size}`, async () => {
        await withPage({ viewport, colorScheme: scheme }, async (page) => {
          await page.goto(server.url('en/kenmerken/'));
          await page.locator('.code-copy').first().waitFor();
          const code = await screenshot(page, `features-code-${scheme}-${size}`, { fullPage: false });
          await page.locator('#alerts').scrollIntoViewIfNeeded();
          await page.evaluate(() => document.getElementById('alerts').scrollIntoView());
          await screenshot(page, `features-alerts-${scheme}-${size}`, { fullPage: false });
          assert.ok(code.endsWith('.png'));
        });
      });
    }
  }
});
