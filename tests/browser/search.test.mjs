// Browser tests of the client-side search (the loader and engine put
// together from src/search/client/, and the index of src/search/), in headless Chromium against the built sample
// site, in both languages, also under a sub-path: what it finds (inflections,
// accents, compounds, prefixes while typing, typos, a natural question),
// hostile queries, the keyboard, landing on the right heading, the page's
// language first, a strict Content-Security-Policy, Range requests, and
// accessibility with the results open.
//
// Run with `npm test` after `cargo build --release` (scripts/test does both).
// Every wait is bounded: Playwright actions time out after 15 s.
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';

import { axeViolations, formatViolations } from './lib/axe.mjs';
import { launchBrowser } from './lib/browser.mjs';
import { screenshot } from './lib/screenshots.mjs';
import { serveSite } from './lib/server.mjs';
import { buildSite, SAMPLE_SITE } from './lib/site.mjs';


const DESKTOP = { width: 1440, height: 900 };
const PHONE = { width: 390, height: 844 };
/** How long a search may take to show its results (a local server). */
const SEARCH_TIMEOUT = 10_000;

/** Hostile queries, each with a variant that matches nothing (to see the "no results" message). */
const XSS_QUERIES = [
  ['<img src=x onerror=alert(1)>', '<img src=qqzx onerror=zzqq()>'],
  ['"><script>alert(1)</script>', '"><script>zzqq()</script>'],
];

let browser;
let sample; // the sample site, built for https://example.org/
let sampleServer;
let subTemp; // a temporary folder holding the sub-path build
let subServer; // the sample site built for http://127.0.0.1:<port>/sub/, served under /sub/
let cafeTemp; // a tiny generated site with "café" in Dutch and "cafe" in English
let cafe;
let cafeServer;
/** Every request the sample server answered, with its Range header. */
const sampleLog = [];
const subLog = [];

/** Records method, path and Range header of each request (the server's own log has no headers). */
function recorder(log) {
  return (req) => {
    log.push({ path: req.url, range: req.headers.range ?? null });
    return false; // the server answers as usual
  };
}

/** A small bilingual site whose only accented word is café / cafe. */
async function writeCafeSite(root) {
  const files = {
    'beleid.toml': [
      'title = "Kantine"',
      'base_url = "https://example.org/"',
      'default_language = "nl"',
      '',
      '[languages.nl]',
      'name = "Nederlands"',
      '',
      '[languages.en]',
      'name = "English"',
      'title = "Canteen"',
      '',
    ].join('\n'),
    'content/nl/_index.md': '+++\ntitle = "Start"\n+++\n\nWelkom.\n',
    'content/en/_index.md': '+++\ntitle = "Home"\n+++\n\nWelcome.\n',
    'content/nl/pauzes.md': '+++\ntitle = "Pauzes"\n+++\n\n## Koffie {#koffie}\n\nHet café op de begane grond is open tot vijf uur.\n',
    'content/en/breaks.md': '+++\ntitle = "Breaks"\n+++\n\n## Coffee {#coffee}\n\nThe staff cafe on the ground floor is open until five.\n',
  };
  for (const [path, text] of Object.entries(files)) {
    await mkdir(join(root, path, '..'), { recursive: true });
    await writeFile(join(root, path), text);
  }
}

before(async () => {
  browser = await launchBrowser();
  // The sub-path build needs the server's port in its base URL: start the
  // server on the (still empty) output folder, then build into it.
  subTemp = await mkdtemp(join(tmpdir(), 'beleid-search-sub-'));
  subServer = await serveSite(join(subTemp, 'public'), { basePath: '/sub/', onRequest: recorder(subLog) });
  cafeTemp = await mkdtemp(join(tmpdir(), 'beleid-search-cafe-'));
  await writeCafeSite(join(cafeTemp, 'site'));
  const builds = await Promise.allSettled([
    buildSite({ root: SAMPLE_SITE }),
    buildSite({ root: SAMPLE_SITE, baseUrl: `${subServer.origin}/sub/`, output: join(subTemp, 'public') }),
    buildSite({ root: join(cafeTemp, 'site') }),
  ]);
  sample = builds[0].status === 'fulfilled' ? builds[0].value : undefined;
  cafe = builds[2].status === 'fulfilled' ? builds[2].value : undefined;
  for (const b of builds) if (b.status === 'rejected') throw b.reason;
  sampleServer = await serveSite(sample.output, { onRequest: recorder(sampleLog) });
  cafeServer = await serveSite(cafe.output);
});

after(async () => {
  await browser?.close();
  await sampleServer?.close();
  await subServer?.close();
  await cafeServer?.close();
  await sample?.cleanup();
  await cafe?.cleanup();
  if (subTemp) await rm(subTemp, { recursive: true, force: true });
  if (cafeTemp) await rm(cafeTemp, { recursive: true, force: true });
});

// ---------------------------------------------------------------------------
// Helpers

/**
 * Runs before any page script: records Content-Security-Policy violations
 * and every announcement of the search's live region together with the
 * query in the box at that moment (the UI announces only for the latest
 * query, so an announcement for `q` means the results for `q` are shown).
 */
function instrument() {
  window.__csp = [];
  window.__announcements = [];
  document.addEventListener('securitypolicyviolation', (e) => {
    window.__csp.push(`${e.violatedDirective} blocked ${e.blockedURI || '(inline)'} at ${e.sourceFile}:${e.lineNumber}`);
  });
  document.addEventListener('DOMContentLoaded', () => {
    const status = document.querySelector('form.search .search-status');
    const input = document.querySelector('form.search .search-input');
    if (!status || !input) return;
    new MutationObserver(() => {
      window.__announcements.push({ query: input.value, text: status.textContent });
    }).observe(status, { childList: true, characterData: true, subtree: true });
  });
}

/**
 * Runs `fn(page, context, events)` in a fresh context, closing it afterwards.
 * `events` collects dialogs (dismissed), page errors, console errors and
 * every request URL with its Range header.
 */
async function withPage(options, fn) {
  const context = await browser.newContext(options);
  await context.addInitScript(instrument);
  const events = { dialogs: [], errors: [], console: [], requests: [] };
  context.on('request', (request) => {
    events.requests.push({ url: request.url(), range: request.headers().range ?? null });
  });
  try {
    const page = await context.newPage();
    page.on('dialog', (dialog) => {
      events.dialogs.push(`${dialog.type()}: ${dialog.message()}`);
      dialog.dismiss().catch(() => {});
    });
    page.on('pageerror', (error) => events.errors.push(error.message));
    page.on('console', (message) => {
      if (message.type() === 'error') events.console.push(message.text());
    });
    return await fn(page, context, events);
  } finally {
    await context.close();
  }
}

/** Announcements made so far. */
async function announcementCount(page) {
  return page.evaluate(() => window.__announcements.length);
}

/** Waits until the live region announces something for `query` (after announcement number `since`). */
async function waitForAnnouncement(page, query, since = 0) {
  await page.waitForFunction(
    ([q, n]) => window.__announcements.slice(n).some((a) => a.query === q && a.text.trim() !== ''),
    [query, since],
    { timeout: SEARCH_TIMEOUT },
  );
}

/** The results shown in the dropdown, in order, with group labels and the empty message. */
async function shownResults(page) {
  return page.$$eval('#search-results > *', (els) =>
    els.map((el) => {
      if (!el.classList.contains('search-result')) return { kind: el.className, text: el.textContent };
      return {
        kind: 'result',
        id: el.id,
        href: el.getAttribute('href'),
        lang: el.getAttribute('lang'),
        title: el.querySelector('.search-result-title')?.textContent ?? '',
        section: el.querySelector('.search-result-section')?.textContent ?? '',
        snippet: el.querySelector('.search-result-snippet')?.textContent ?? '',
        marks: [...el.querySelectorAll('.search-result-snippet mark')].map((m) => m.textContent),
      };
    }),
  );
}

/** Types `query` into a cleared box (replacing its value) and returns the results for it. */
async function search(page, query) {
  const input = page.locator('#search-input');
  await input.fill('');
  const since = await announcementCount(page);
  await input.fill(query);
  await waitForAnnouncement(page, query, since);
  return (await shownResults(page)).filter((r) => r.kind === 'result');
}

/** Opens search (focuses the box) and waits until the engine has loaded. */
async function openEngine(page) {
  await page.locator('#search-input').focus();
  await page.waitForFunction(() => window.BeleidSearch !== undefined, null, { timeout: SEARCH_TIMEOUT });
}

/** Opens `path` on `server` and searches for `query`. */
async function searchOn(page, server, path, query) {
  await page.goto(server.url(path));
  return search(page, query);
}

/** A compact listing of results for assertion messages. */
function describeResults(results) {
  return results.map((r, i) => `  ${i + 1}. ${r.href}  "${r.title}" / "${r.section}"  marks: ${r.marks.join(', ')}`).join('\n') || '  (none)';
}

/** Accents and case removed, as the index folds words. */
function fold(s) {
  return s.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase();
}

/** The words marked in the result's snippet, folded. */
function markedWords(result) {
  return result.marks.map(fold);
}

/** The search box's combobox state. */
async function comboboxState(page) {
  return page.evaluate(() => {
    const input = document.querySelector('#search-input');
    const list = document.querySelector('#search-results');
    const options = [...list.querySelectorAll('[role=option]')];
    return {
      focused: document.activeElement === input,
      value: input.value,
      expanded: input.getAttribute('aria-expanded'),
      activedescendant: input.getAttribute('aria-activedescendant'),
      hidden: list.hidden,
      // The "no results" message, shown beside the (then hidden) list box.
      empty: document.querySelector('#search-results-empty')?.hidden === false,
      selected: options.filter((o) => o.getAttribute('aria-selected') === 'true').map((o) => o.id),
      options: options.map((o) => o.id),
      status: document.querySelector('.search-status').textContent,
    };
  });
}

/** Where the element with `id` is in the viewport (null when there is none). */
async function headingPosition(page, id) {
  return page.evaluate((id) => {
    const el = document.getElementById(id);
    if (!el) return null;
    const box = el.getBoundingClientRect();
    return { tag: el.tagName.toLowerCase(), top: box.top, bottom: box.bottom, viewport: window.innerHeight, text: el.textContent.trim() };
  }, id);
}

/** Asserts the page is at `href` and its heading (the hash) exists and is in view. */
async function assertLandedOn(page, server, href, what) {
  const url = new URL(href, server.origin);
  await page.waitForURL(url.href);
  assert.ok(url.hash, `${what}: the result links to a heading (${href})`);
  const id = decodeURIComponent(url.hash.slice(1));
  // Scrolling to the fragment finishes after the load event.
  await page.waitForFunction(
    (id) => {
      const el = document.getElementById(id);
      if (!el) return true; // reported below
      const top = el.getBoundingClientRect().top;
      return top >= 0 && top < window.innerHeight;
    },
    id,
    { timeout: 5_000 },
  ).catch(() => {});
  const position = await headingPosition(page, id);
  assert.ok(position, `${what}: ${url.pathname} has an element with id "${id}"`);
  assert.match(position.tag, /^h[1-6]$/, `${what}: #${id} is a heading`);
  assert.ok(
    position.top >= 0 && position.top < position.viewport,
    `${what}: #${id} ("${position.text}") is scrolled into view: top ${position.top} of ${position.viewport}`,
  );
}

// ---------------------------------------------------------------------------
// 1. What it finds

describe('finding words as people type them', () => {
  test('Dutch inflections: "klant" finds the pages about "klanten", "klanten" finds "klant"', async () => {
    await withPage({ viewport: DESKTOP }, async (page) => {
      const results = await searchOn(page, sampleServer, '', 'klant');
      assert.ok(results.length >= 5, `several results:\n${describeResults(results)}`);
      const plural = results.filter((r) => markedWords(r).includes('klanten'));
      assert.ok(plural.length >= 2, `results whose snippet marks "klanten":\n${describeResults(results)}`);
      assert.ok(
        results.some((r) => r.href === '/beleid/voorbeeldbeleid/#art-5'),
        `the example policy's article on privacy (5.2 Klanten) is found:\n${describeResults(results)}`,
      );
      for (const r of results) assert.ok(!r.href.startsWith('/en/'), `Dutch results on a Dutch page: ${r.href}`);

      const back = await search(page, 'klanten');
      assert.ok(
        back.some((r) => markedWords(r).includes('klant')),
        `"klanten" also finds the singular:\n${describeResults(back)}`,
      );
    });
  });

  test('English inflections: "policies" finds "policy", "client" finds "clients"', async () => {
    await withPage({ viewport: DESKTOP }, async (page) => {
      const results = await searchOn(page, sampleServer, 'en/', 'policies');
      assert.ok(results.length >= 5, `several results:\n${describeResults(results)}`);
      assert.ok(
        results.some((r) => markedWords(r).includes('policy')),
        `a snippet marks the singular "policy":\n${describeResults(results)}`,
      );
      assert.ok(
        results.some((r) => r.href.startsWith('/en/policies/example-policy/')),
        `the example policy is found:\n${describeResults(results)}`,
      );
      // The sample's English says "clients" throughout (one term each).
      const client = await search(page, 'client');
      assert.ok(
        client.some((r) => markedWords(r).includes('clients')),
        `"client" finds "clients":\n${describeResults(client)}`,
      );
      for (const r of [...results, ...client]) assert.ok(r.href.startsWith('/en/'), `English results on an English page: ${r.href}`);
    });
  });

  test('accents: "financiele" finds "financiële", "prive" and "privé" find the same', async () => {
    await withPage({ viewport: DESKTOP }, async (page) => {
      const results = await searchOn(page, sampleServer, '', 'financiele');
      assert.ok(results.length >= 2, `results:\n${describeResults(results)}`);
      for (const r of results) {
        assert.ok(markedWords(r).includes('financiele'), `every result marks financiële: ${r.href} marks ${r.marks}`);
      }
      assert.ok(results.some((r) => r.marks.some((m) => /financiële/i.test(m))), 'the mark shows the accented word as written');
      assert.ok(results.some((r) => r.href === '/beleid/voorbeeldbeleid/#art-5'), `the example policy:\n${describeResults(results)}`);

      const withAccent = await search(page, 'privé');
      const without = await search(page, 'prive');
      assert.ok(withAccent.length >= 3, `"privé" finds pages:\n${describeResults(withAccent)}`);
      assert.deepEqual(without.map((r) => r.href), withAccent.map((r) => r.href), '"prive" finds what "privé" finds');
    });
  });

  test('accents both ways: "cafe" finds "café" and "café" finds "cafe"', async () => {
    await withPage({ viewport: DESKTOP }, async (page) => {
      for (const query of ['cafe', 'café', 'CAFÉ']) {
        for (const [path, own, other, mark] of [
          ['', '/pauzes/#koffie', '/en/breaks/#coffee', 'café'],
          ['en/', '/en/breaks/#coffee', '/pauzes/#koffie', 'cafe'],
        ]) {
          await searchOn(page, cafeServer, path, query);
          const shown = await shownResults(page);
          // One result in the page's language; the site is so small that the
          // other language's result follows under its label.
          const label = shown.findIndex((r) => r.kind === 'search-group');
          const mine = (label < 0 ? shown : shown.slice(0, label)).filter((r) => r.kind === 'result');
          const theirs = label < 0 ? [] : shown.slice(label + 1).filter((r) => r.kind === 'result');
          assert.deepEqual(mine.map((r) => r.href), [own], `"${query}" on /${path}:\n${describeResults(mine)}`);
          assert.deepEqual(mine[0].marks, [mark], 'the mark is the word as written');
          assert.deepEqual(theirs.map((r) => r.href), [other], `"${query}" on /${path}, the other language`);
        }
      }
    });
  });

  test('compounds: "beleid" finds "socialemediabeleid", "privacy" finds "privacyinstellingen" and "privacyregels"', async () => {
    await withPage({ viewport: DESKTOP }, async (page) => {
      const beleid = await searchOn(page, sampleServer, '', 'beleid ');
      assert.ok(
        beleid.some((r) => markedWords(r).includes('socialemediabeleid')),
        `a snippet marks "socialemediabeleid":\n${describeResults(beleid)}`,
      );
      // Only a compound links this page to the query: its snippet says so.
      const privacy = await search(page, 'privacy ');
      const compounds = privacy.flatMap(markedWords).filter((w) => w.startsWith('privacy') && w !== 'privacy');
      assert.ok(compounds.length > 0, `a snippet marks a compound of privacy:\n${describeResults(privacy)}`);
      assert.equal(privacy[0]?.href, '/beleid/voorbeeldbeleid/#art-5', `the article on privacy first:\n${describeResults(privacy)}`);
      // And the compound itself finds its page.
      const whole = await search(page, 'privacyinstellingen');
      assert.equal(whole[0]?.href, '/beleid/voorbeeldbeleid/#art-5', `"privacyinstellingen":\n${describeResults(whole)}`);
    });
  });

  test('prefixes as you type: "privac" shows privacy results before the word is finished', async () => {
    await withPage({ viewport: DESKTOP }, async (page) => {
      await page.goto(sampleServer.url(''));
      const input = page.locator('#search-input');
      await input.click();
      let since = await announcementCount(page);
      await page.keyboard.type('privac', { delay: 40 });
      await waitForAnnouncement(page, 'privac', since);
      const typing = (await shownResults(page)).filter((r) => r.kind === 'result');
      assert.ok(typing.length >= 3, `results while typing "privac":\n${describeResults(typing)}`);
      assert.equal(typing[0].href, '/beleid/voorbeeldbeleid/#art-5', `the privacy article first:\n${describeResults(typing)}`);
      assert.ok(typing.some((r) => markedWords(r).includes('privacy')), `"privacy" is marked:\n${describeResults(typing)}`);

      // Shorter than any fuzzy match: only the prefix can find these.
      since = await announcementCount(page);
      await input.fill('');
      await page.keyboard.type('werknem', { delay: 40 });
      await waitForAnnouncement(page, 'werknem', since);
      const werknem = (await shownResults(page)).filter((r) => r.kind === 'result');
      assert.ok(werknem.some((r) => markedWords(r).includes('werknemer')), `"werknem" finds "werknemer":\n${describeResults(werknem)}`);

      await page.goto(sampleServer.url('en/'));
      await page.locator('#search-input').click();
      since = await announcementCount(page);
      await page.keyboard.type('confid', { delay: 40 });
      await waitForAnnouncement(page, 'confid', since);
      const confid = (await shownResults(page)).filter((r) => r.kind === 'result');
      assert.ok(
        confid.some((r) => markedWords(r).some((w) => w.startsWith('confidential'))),
        `"confid" finds "confidential":\n${describeResults(confid)}`,
      );
    });
  });

  test('typos: "polcy" finds policy, "werknemrs" finds werknemer, "privasy" finds privacy', async () => {
    await withPage({ viewport: DESKTOP }, async (page) => {
      const polcy = await searchOn(page, sampleServer, 'en/', 'polcy');
      assert.ok(polcy.length >= 3, `"polcy":\n${describeResults(polcy)}`);
      assert.ok(polcy.every((r) => markedWords(r).some((w) => w.startsWith('polic'))), `every result is about policy:\n${describeResults(polcy)}`);

      const werknemrs = await searchOn(page, sampleServer, '', 'werknemrs');
      assert.ok(werknemrs.length >= 1, `"werknemrs" finds something`);
      assert.equal(werknemrs[0].href, '/gids/veelgestelde-vragen/#bindend', `the FAQ answer with "werknemer":\n${describeResults(werknemrs)}`);
      assert.ok(markedWords(werknemrs[0]).includes('werknemer'));

      const privasy = await search(page, 'privasy');
      assert.ok(privasy.some((r) => markedWords(r).includes('privacy')), `"privasy":\n${describeResults(privasy)}`);
    });
  });

  test('"wat mag ik posten over klanten" returns a section of the example policy near the top', async () => {
    await withPage({ viewport: DESKTOP }, async (page) => {
      const results = await searchOn(page, sampleServer, '', 'wat mag ik posten over klanten');
      // Sections that answer the question: 4 guidelines for use (personal
      // accounts, what you post), 5 privacy (5.2 Klanten), 8 taboo subjects,
      // 11 staff as ambassadors (posting about your work).
      const sensible = ['art-4', 'art-5', 'art-8', 'art-11'].map((id) => `/beleid/voorbeeldbeleid/#${id}`);
      assert.ok(
        results.slice(0, 3).some((r) => sensible.includes(r.href)),
        `one of ${sensible.join(', ')} in the top 3:\n${describeResults(results)}`,
      );
    });
  });

  test(
    'a question is ranked by its content words, not its stopwords',
    async () => {
      await withPage({ viewport: DESKTOP }, async (page) => {
        for (const [path, query, content] of [
          ['', 'wat mag ik posten over klanten', /^(klant|post)/],
          ['en/', 'what can I post about customers', /^(customer|post)/],
        ]) {
          const results = await searchOn(page, sampleServer, path, query);
          const top = results.slice(0, 3);
          assert.ok(
            top.length === 3 && top.every((r) => markedWords(r).some((w) => content.test(w))),
            `each of the top 3 for "${query}" marks a form of ${content}:\n${describeResults(results)}`,
          );
        }
      });
    },
  );

  test(
    'snippets mark only the words that matched',
    async () => {
      await withPage({ viewport: DESKTOP }, async (page) => {
        const results = await searchOn(page, sampleServer, '', 'prive ');
        const wrong = results.flatMap((r) => markedWords(r).filter((w) => !w.startsWith('prive')).map((w) => `${r.href}: ${w}`));
        assert.deepEqual(wrong, [], `marks that are not a form of privé:\n${describeResults(results)}`);
      });
    },
  );
});

// ---------------------------------------------------------------------------
// 2. Hostile queries

describe('hostile queries', () => {
  for (const [query, nothing] of XSS_QUERIES) {
    test(`${query} shows as text`, async () => {
      await withPage({ viewport: DESKTOP }, async (page, _context, events) => {
        for (const path of ['', 'en/']) {
          await page.goto(sampleServer.url(path));
          const before = await page.evaluate(() => ({ img: document.images.length, script: document.scripts.length }));
          // Opening search adds one script: the engine, from the loader's data-engine.
          before.script += 1;
          await search(page, query);
          await search(page, nothing);
          const state = await page.evaluate(() => {
            const form = document.querySelector('form.search');
            return {
              injected: form.querySelectorAll('#search-results img, #search-results script, .search-status img, .search-status script, #search-results [onerror]').length,
              img: document.images.length,
              script: document.scripts.length,
              empty: document.querySelector('#search-results-empty')?.textContent ?? null,
              status: document.querySelector('.search-status').textContent,
              emptyChildren: [...(document.querySelector('#search-results-empty')?.childNodes ?? [])].map((n) => n.nodeType),
            };
          });
          assert.equal(state.injected, 0, `${path || '/'}: no element from the query in the results or status`);
          assert.deepEqual({ img: state.img, script: state.script }, before, `${path || '/'}: no new <img> or <script> anywhere`);
          assert.ok(state.empty, `${path || '/'}: the "no results" message shows for ${nothing}`);
          assert.ok(state.empty.includes(nothing), `${path || '/'}: the message quotes the query as text: ${state.empty}`);
          assert.deepEqual(state.emptyChildren, [3], 'the message is a single text node');
          assert.ok(state.status.includes(nothing), `${path || '/'}: the status says it too: ${state.status}`);
        }
        // The search page fills the box from its address.
        await page.goto(`${sampleServer.url('search/nl/')}?q=${encodeURIComponent(query)}`);
        await waitForAnnouncement(page, query);
        assert.equal(await page.inputValue('#search-input'), query);
        assert.equal(await page.locator('#search-results img, #search-results script').count(), 0);
        await page.waitForTimeout(300); // a late onerror would have fired by now
        assert.deepEqual(events.dialogs, [], 'no dialog opened');
        assert.deepEqual(events.errors, [], 'no page errors');
      });
    });
  }

  test('very long and odd queries neither throw nor hang', async () => {
    await withPage({ viewport: DESKTOP }, async (page, _context, events) => {
      await page.goto(sampleServer.url(''));
      for (const query of ['a'.repeat(500), '🙂🙂🙂', 'beleid '.repeat(40), "''''", '-', '%00', '\u202Ebeleid', 'ÀÉÎÕÜ ß Æ']) {
        await search(page, query);
      }
      assert.deepEqual(events.errors, [], 'no page errors');
      assert.deepEqual(events.dialogs, []);
    });
  });
});

// ---------------------------------------------------------------------------
// 3. Keyboard and screen readers

describe('keyboard and live region', () => {
  test('"/" focuses the box from anywhere, but not while typing in another field; Ctrl+K too', async () => {
    await withPage({ viewport: DESKTOP }, async (page) => {
      await page.goto(sampleServer.url('beleid/voorbeeldbeleid/'));
      await page.locator('main h2').first().click();
      await page.keyboard.press('/');
      let state = await comboboxState(page);
      assert.ok(state.focused, '"/" focuses the search box');
      assert.equal(state.value, '', 'the slash is not typed');

      // Ctrl+K from a link in the content.
      await page.locator('#search-input').blur();
      await page.locator('main a[href]').first().focus();
      await page.keyboard.press('Control+k');
      state = await comboboxState(page);
      assert.ok(state.focused, 'Ctrl+K focuses the search box');
      assert.equal(state.value, '');

      // "/" typed into another text field stays there.
      await page.evaluate(() => {
        const field = document.createElement('input');
        field.id = 'other-field';
        field.setAttribute('aria-label', 'other');
        document.querySelector('main').prepend(field);
      });
      await page.locator('#other-field').click();
      await page.keyboard.type('a/b');
      assert.equal(await page.inputValue('#other-field'), 'a/b', 'the slash goes into the other field');
      assert.equal(await page.evaluate(() => document.activeElement.id), 'other-field', 'focus stays in the other field');

      // Ctrl+K selects what is already in the box, for a new query.
      await page.locator('#search-input').fill('beleid');
      await page.locator('#other-field').click();
      await page.keyboard.press('Control+k');
      await page.keyboard.type('klant');
      assert.equal(await page.inputValue('#search-input'), 'klant', 'Ctrl+K selected the old query');
    });
  });

  test('arrows move the selection, Enter opens it, Escape closes then clears; the count is announced', async () => {
    await withPage({ viewport: DESKTOP }, async (page) => {
      await page.goto(sampleServer.url(''));
      await page.keyboard.press('/');
      const since = await announcementCount(page);
      await page.keyboard.type('klant');
      await waitForAnnouncement(page, 'klant', since);
      let state = await comboboxState(page);
      assert.equal(state.hidden, false, 'results show');
      assert.equal(state.expanded, 'true');
      assert.ok(state.options.length >= 3, `options: ${state.options}`);
      // All of them, or the first eight of more.
      const counted = /^(?:(\d+) resultaten|(\d+) van (\d+) resultaten getoond)$/.exec(state.status);
      assert.ok(counted, `the live region announces the count: ${state.status}`);
      if (counted[1]) assert.equal(Number(counted[1]), state.options.length);
      else assert.ok(Number(counted[2]) === state.options.length && Number(counted[3]) > state.options.length, state.status);
      assert.equal(await page.getAttribute('.search-status', 'role'), 'status');
      assert.deepEqual(state.selected, [], 'nothing selected yet');
      assert.equal(state.activedescendant, null);

      await page.keyboard.press('ArrowDown');
      state = await comboboxState(page);
      assert.deepEqual(state.selected, [state.options[0]], 'ArrowDown selects the first');
      assert.equal(state.activedescendant, state.options[0], 'aria-activedescendant follows');
      assert.ok(state.focused, 'focus stays in the box');
      await page.keyboard.press('ArrowDown');
      await page.keyboard.press('ArrowDown');
      state = await comboboxState(page);
      assert.deepEqual(state.selected, [state.options[2]]);
      assert.equal(state.activedescendant, state.options[2]);
      await page.keyboard.press('ArrowUp');
      state = await comboboxState(page);
      assert.deepEqual(state.selected, [state.options[1]], 'ArrowUp goes back');
      assert.equal(state.activedescendant, state.options[1]);
      const chosen = await page.getAttribute(`#${state.options[1]}`, 'href');

      // Escape closes, a second Escape clears.
      await page.keyboard.press('Escape');
      state = await comboboxState(page);
      assert.equal(state.hidden, true, 'Escape closes the results');
      assert.equal(state.expanded, 'false');
      assert.equal(state.activedescendant, null);
      assert.equal(state.value, 'klant', 'the query stays');
      assert.ok(state.focused);
      await page.keyboard.press('Escape');
      state = await comboboxState(page);
      assert.equal(state.value, '', 'a second Escape clears the box');
      assert.equal(state.status, '', 'and the announcement');

      // Again, and Enter opens the selected result.
      const again = await announcementCount(page);
      await page.keyboard.type('klant');
      await waitForAnnouncement(page, 'klant', again);
      await page.keyboard.press('ArrowDown');
      await page.keyboard.press('ArrowDown');
      assert.equal(await page.getAttribute(`#${(await comboboxState(page)).activedescendant}`, 'href'), chosen);
      await page.keyboard.press('Enter');
      await assertLandedOn(page, sampleServer, chosen, 'Enter');
    });
  });

  test('English announcements, one result, and a clear "no results" message', async () => {
    await withPage({ viewport: DESKTOP }, async (page) => {
      await page.goto(sampleServer.url('en/'));
      const many = await search(page, 'privacy');
      // More pages match than are listed: the real count, and all of them
      // on request.
      const status = (await comboboxState(page)).status;
      const counted = /^Showing (\d+) of (\d+) results$/.exec(status);
      assert.ok(counted, `the count of all pages found: ${status}`);
      const total = Number(counted[2]);
      assert.ok(Number(counted[1]) === many.length && total > many.length, status);
      await page.locator('.search-show-all').click();
      await page.waitForFunction((n) => document.querySelectorAll('#search-results [role=option]').length === n, total);
      assert.equal((await comboboxState(page)).status, `${total} results`);

      const none = await search(page, 'xylofoonzzq');
      assert.deepEqual(none, []);
      const state = await comboboxState(page);
      assert.equal(state.status, 'No results for “xylofoonzzq”');
      assert.equal(state.hidden, true, 'no empty list box');
      assert.equal(state.empty, true, 'the message shows in its place');
      assert.equal(state.expanded, 'false', 'the combobox is collapsed');
      assert.equal(await page.locator('#search-results-empty').textContent(), 'No results for “xylofoonzzq”');
      assert.ok(await page.locator('#search-results-empty').isVisible());
      assert.deepEqual(state.options, []);
      await page.keyboard.press('ArrowDown'); // nothing to select, nothing breaks
      assert.equal((await comboboxState(page)).activedescendant, null);

      await page.goto(sampleServer.url(''));
      const one = await search(page, 'werknemrs');
      assert.equal(one.length, 1, describeResults(one));
      assert.equal((await comboboxState(page)).status, '1 resultaat');
      await search(page, 'xylofoonzzq');
      assert.equal((await comboboxState(page)).status, 'Geen resultaten voor “xylofoonzzq”');
    });
  });

  test('a click outside closes the results; focusing the box again reopens them', async () => {
    await withPage({ viewport: DESKTOP }, async (page) => {
      await page.goto(sampleServer.url(''));
      await search(page, 'beleid');
      await page.locator('main h1').click();
      assert.equal((await comboboxState(page)).hidden, true);
      await page.locator('#search-input').focus();
      assert.equal((await comboboxState(page)).hidden, false);
    });
  });
});

// ---------------------------------------------------------------------------
// 4. Landing on the result

describe('opening a result', () => {
  for (const [path, query, expected] of [
    ['', 'financiele', '/beleid/voorbeeldbeleid/#art-5'],
    ['en/', 'confidentiality', '/en/policies/example-policy/#art-5'],
    ['', 'werknemrs', '/gids/veelgestelde-vragen/#bindend'],
    ['en/', 'monitoring compliance', '/en/policies/example-policy/#art-14'],
  ]) {
    test(`a click on "${query}" lands on ${expected}, scrolled into view`, async () => {
      await withPage({ viewport: DESKTOP }, async (page) => {
        const results = await searchOn(page, sampleServer, path, query);
        const index = results.findIndex((r) => r.href === expected);
        assert.ok(index >= 0, `${expected} is among the results:\n${describeResults(results)}`);
        await page.locator('#search-results .search-result').nth(index).click();
        await assertLandedOn(page, sampleServer, expected, `click on "${query}"`);
      });
    });
  }

  test('Enter without a selection opens the first result, at its heading, on a phone too', async () => {
    for (const viewport of [DESKTOP, PHONE]) {
      await withPage({ viewport }, async (page) => {
        const results = await searchOn(page, sampleServer, '', 'reikwijdte');
        assert.equal(results[0]?.href, '/beleid/voorbeeldbeleid/#art-1', describeResults(results));
        await page.keyboard.press('Enter');
        await assertLandedOn(page, sampleServer, results[0].href, `Enter (${viewport.width}px)`);
      });
    }
  });

  test('a result on the current page scrolls to its heading', async () => {
    await withPage({ viewport: DESKTOP }, async (page) => {
      const results = await searchOn(page, sampleServer, 'beleid/voorbeeldbeleid/', 'evaluatie herziening');
      const index = results.findIndex((r) => r.href === '/beleid/voorbeeldbeleid/#art-15');
      assert.ok(index >= 0, describeResults(results));
      await page.locator('#search-results .search-result').nth(index).click();
      await assertLandedOn(page, sampleServer, '/beleid/voorbeeldbeleid/#art-15', 'same page');
    });
  });
});

// ---------------------------------------------------------------------------
// 5. Languages

describe("the page's language first", () => {
  test('an English query on an English page gives English results only', async () => {
    await withPage({ viewport: DESKTOP }, async (page) => {
      for (const query of ['privacy', 'social media', 'policy']) {
        const results = await searchOn(page, sampleServer, 'en/policies/', query);
        assert.ok(results.length >= 3, `"${query}":\n${describeResults(results)}`);
        for (const r of results) {
          assert.ok(r.href.startsWith('/en/'), `"${query}": ${r.href} is English`);
          assert.equal(r.lang, null, 'results in the page language carry no lang attribute');
        }
        assert.equal(await page.locator('#search-results .search-group').count(), 0, 'no other-language group');
      }
    });
  });

  test('a Dutch query on a Dutch page gives Dutch results, also for a word both languages use', async () => {
    await withPage({ viewport: DESKTOP }, async (page) => {
      const results = await searchOn(page, sampleServer, 'beleid/', 'privacy');
      assert.ok(results.length >= 3);
      for (const r of results) assert.ok(!r.href.startsWith('/en/'), r.href);
    });
  });

  test('a Dutch-only word on an English page shows Dutch results, labelled', async () => {
    await withPage({ viewport: DESKTOP }, async (page, _context, events) => {
      for (const query of ['klantdossier', 'reikwijdte', 'klanten']) {
        await searchOn(page, sampleServer, 'en/', query);
        const all = await shownResults(page);
        const label = all.findIndex((r) => r.kind === 'search-group');
        assert.ok(label >= 0, `"${query}": a group label:\n${JSON.stringify(all, null, 1)}`);
        assert.equal(all[label].text, 'Results in another language: Nederlands');
        const dutch = all.slice(label + 1).filter((r) => r.kind === 'result');
        assert.ok(dutch.length >= 1, `"${query}": Dutch results after the label`);
        for (const r of dutch) {
          assert.ok(!r.href.startsWith('/en/'), `"${query}": ${r.href} is Dutch`);
          assert.equal(r.lang, 'nl', `"${query}": the result says it is Dutch (lang="nl")`);
        }
        const status = (await comboboxState(page)).status;
        assert.match(status, /^\d+ results?$/, 'announced in English');
      }
      // Only the Dutch index is fetched beyond the English one, and only when needed.
      assert.ok(events.requests.some((r) => r.url.includes('/search/nl/index.json')));
    });
  });

  test('an English-only word on a Dutch page shows English results, labelled', async () => {
    await withPage({ viewport: DESKTOP }, async (page) => {
      await searchOn(page, sampleServer, '', 'confidentiality');
      const all = await shownResults(page);
      const label = all.findIndex((r) => r.kind === 'search-group');
      assert.ok(label >= 0, JSON.stringify(all, null, 1));
      assert.equal(all[label].text, 'Resultaten in een andere taal: English');
      for (const r of all.slice(label + 1)) {
        assert.ok(r.href.startsWith('/en/'), r.href);
        assert.equal(r.lang, 'en');
      }
      // With no Dutch results the label comes first, with no line above it.
      assert.equal(label, 0, 'no Dutch results before the label');
      const border = await page.$eval('#search-results > .search-group', (el) => getComputedStyle(el).borderTopWidth);
      assert.equal(border, '0px', 'no separator line above the first label');
      await screenshot(page, 'search-other-language', { fullPage: false, clip: { x: 0, y: 0, width: DESKTOP.width, height: 600 } });
    });
  });

  test('a page-language query with enough results does not fetch the other index', async () => {
    await withPage({ viewport: DESKTOP }, async (page, _context, events) => {
      await searchOn(page, sampleServer, 'en/', 'policy');
      assert.ok(!events.requests.some((r) => r.url.includes('/search/nl/')), 'nothing of the Dutch index');
    });
  });
});

// ---------------------------------------------------------------------------
// 6. CSP, Range requests, and no other hosts

describe('network', () => {
  test('no CSP violation, Range requests for shards and pages, no other host (both languages)', async () => {
    await withPage({ viewport: DESKTOP }, async (page, _context, events) => {
      const start = sampleLog.length;
      for (const [path, query] of [['', 'klant'], ['', 'privac'], ['en/', 'policies'], ['en/', 'klantdossier']]) {
        await searchOn(page, sampleServer, path, query);
      }
      const csp = await page.evaluate(() => window.__csp);
      assert.deepEqual(csp, [], 'no securitypolicyviolation events');
      assert.deepEqual(events.console.filter((m) => /Content.Security.Policy|Refused to/i.test(m)), [], 'no CSP console errors');
      assert.deepEqual(events.errors, [], 'no page errors');

      const foreign = events.requests.filter((r) => !r.url.startsWith(`${sampleServer.origin}/`) && !/^(data|blob):/.test(r.url));
      assert.deepEqual(foreign, [], 'no request to another host');

      // The browser sent Range headers ...
      for (const file of ['shards.bin', 'pages.bin']) {
        for (const lang of ['nl', 'en']) {
          const sent = events.requests.filter((r) => r.url.includes(`/search/${lang}/${file}`));
          assert.ok(sent.length > 0, `${lang}/${file} was requested`);
          for (const r of sent) {
            assert.match(r.range ?? '', /^bytes=\d+-\d+$/, `${r.url} asks for a byte range`);
            // Each range has its own URL, so the browser caches each on its own.
            const at = new URL(r.url).searchParams.get('at');
            assert.equal(at, r.range.match(/^bytes=(\d+)-/)[1], `${r.url} names the start of its range`);
          }
        }
      }
      // ... and the server saw them and answered 206.
      const served = sampleLog.slice(start).filter((r) => /\/search\/(nl|en)\/(shards|pages)\.bin/.test(r.path));
      assert.ok(served.length >= 4, `range requests reached the server: ${served.length}`);
      for (const r of served) assert.match(r.range ?? '', /^bytes=\d+-\d+$/, `${r.path}: Range ${r.range}`);
      const statuses = sampleServer.requests.filter((r) => /\/search\/(nl|en)\/(shards|pages)\.bin/.test(r.path)).map((r) => r.status);
      assert.ok(statuses.every((s) => s === 206), `every slice is a 206: ${statuses}`);
      // The manifest and page index are small and fetched whole.
      assert.ok(events.requests.some((r) => /\/search\/nl\/index\.json$/.test(r.url)));
    });
  });

  test('a page loads only the small loader; the engine comes when search opens, under the CSP', async () => {
    await withPage({ viewport: DESKTOP }, async (page, _context, events) => {
      const isEngine = (url) => /\/search-engine\.[0-9a-f]+\.js$/.test(new URL(url).pathname);
      const isLoader = (url) => /\/search\.[0-9a-f]+\.js$/.test(new URL(url).pathname);
      await page.goto(sampleServer.url('beleid/voorbeeldbeleid/'));
      await page.waitForLoadState('networkidle');
      assert.ok(events.requests.some((r) => isLoader(r.url)), 'the loader is fetched with the page');
      assert.deepEqual(events.requests.filter((r) => isEngine(r.url)).map((r) => r.url), [], 'no engine before search is used');
      assert.equal(await page.evaluate(() => window.BeleidSearch), undefined);
      // Scrolling and clicking elsewhere do not load it either.
      await page.mouse.wheel(0, 400);
      await page.locator('main').click({ position: { x: 5, y: 5 } });
      await page.waitForLoadState('networkidle');
      assert.deepEqual(events.requests.filter((r) => isEngine(r.url)), []);
      await openEngine(page);
      assert.equal(events.requests.filter((r) => isEngine(r.url)).length, 1, 'the engine is fetched once, when search opens');
      // It works at once, and a second focus fetches nothing more.
      assert.ok((await search(page, 'beleid')).length > 0);
      await page.locator('main').click({ position: { x: 5, y: 5 } });
      await page.locator('#search-input').focus();
      assert.equal(events.requests.filter((r) => isEngine(r.url)).length, 1);
      assert.deepEqual(await page.evaluate(() => window.__csp), [], 'no securitypolicyviolation events');
      assert.deepEqual(events.console.filter((m) => /Content.Security.Policy|Refused to/i.test(m)), [], 'no CSP console errors');
      assert.deepEqual(events.errors, [], 'no page errors');
    });
  });

  test('the "/" shortcut and the search page load the engine too', async () => {
    await withPage({ viewport: DESKTOP }, async (page, _context, events) => {
      const engineRequests = () => events.requests.filter((r) => /\/search-engine\.[0-9a-f]+\.js$/.test(new URL(r.url).pathname));
      await page.goto(sampleServer.url('en/'));
      await page.waitForLoadState('networkidle');
      assert.equal(engineRequests().length, 0);
      await page.keyboard.press('/');
      await page.waitForFunction(() => window.BeleidSearch !== undefined, null, { timeout: SEARCH_TIMEOUT });
      assert.equal(engineRequests().length, 1, 'the shortcut opened search');
      // The search page with a query in its address shows results without a click.
      await page.goto(sampleServer.url('search/nl/?q=klant'));
      await page.waitForFunction(() => document.querySelectorAll('#search-results [role=option]').length > 0, null, { timeout: SEARCH_TIMEOUT });
      assert.deepEqual(events.errors, [], 'no page errors');
    });
  });

  test('the index is not fetched until someone searches', async () => {
    await withPage({ viewport: DESKTOP }, async (page, _context, events) => {
      await page.goto(sampleServer.url('beleid/voorbeeldbeleid/'));
      await page.waitForLoadState('networkidle');
      assert.deepEqual(events.requests.filter((r) => r.url.includes('/search/')).map((r) => r.url), []);
      await page.locator('#search-input').focus();
      await search(page, 'beleid');
      assert.ok(events.requests.some((r) => r.url.includes('/search/nl/')));
    });
  });
});

// ---------------------------------------------------------------------------
// 6b. The engine's own store of fetched index parts (IndexedDB)

/** Requests for index parts (shards, page fragments, the page index) among `requests`. */
function partRequests(requests) {
  return requests.filter((r) => /\/search\/[a-z]+\/(shards\.bin|pages\.bin|pages\.idx)/.test(r.url));
}

/** The keys the store keeps, read in the page. */
async function storedKeys(page) {
  return page.evaluate(() => new Promise((resolve, reject) => {
    const open = indexedDB.open('beleid-search');
    open.onerror = () => reject(open.error);
    open.onsuccess = () => {
      const db = open.result;
      if (!db.objectStoreNames.contains('parts')) { db.close(); resolve([]); return; }
      const request = db.transaction('parts').objectStore('parts').getAllKeys();
      request.onsuccess = () => { db.close(); resolve(request.result); };
      request.onerror = () => reject(request.error);
    };
  }));
}

describe("the engine's own store", () => {
  test('a search repeated after a reload reads its index parts from the store, not the network', async () => {
    await withPage({ viewport: DESKTOP }, async (page, _context, events) => {
      const first = await searchOn(page, sampleServer, '', 'klant');
      assert.ok(first.length > 0, 'results for klant');
      const fetched = partRequests(events.requests);
      assert.ok(fetched.some((r) => r.url.includes('/pages.bin')), 'the first search fetched page fragments');
      const keys = await storedKeys(page);
      assert.ok(keys.some((k) => k.includes('/search/nl/shards.bin?v=')), `a shard is kept: ${keys.join(', ')}`);
      assert.ok(keys.some((k) => k.includes('/search/nl/pages.bin?v=')), `a page fragment is kept: ${keys.join(', ')}`);

      const before = events.requests.length;
      const again = await searchOn(page, sampleServer, '', 'klant');
      assert.deepEqual(again, first, 'the same results after the reload');
      assert.deepEqual(partRequests(events.requests.slice(before)).map((r) => r.url), [], 'no index part was fetched again');
      // A longer query needs one more shard at most, fetched and kept.
      const more = await search(page, 'klanten privacy');
      assert.ok(more.length > 0, 'results for "klanten privacy"');
    });
  });

  test('a rebuilt index replaces the kept parts, and its new words are found', async () => {
    const temp = await mkdtemp(join(tmpdir(), 'beleid-search-store-'));
    let server;
    try {
      const root = join(temp, 'site');
      const output = join(temp, 'public');
      await writeCafeSite(root);
      await buildSite({ root, output });
      server = await serveSite(output);
      await withPage({ viewport: DESKTOP }, async (page) => {
        const before = await searchOn(page, server, '', 'koffie');
        assert.equal(before.length, 1, describeResults(before));
        assert.match(before[0].snippet, /begane grond/);
        const oldVersion = JSON.parse(await readFile(join(output, 'search/nl/index.json'), 'utf8')).version;

        await writeFile(
          join(root, 'content/nl/pauzes.md'),
          '+++\ntitle = "Pauzes"\n+++\n\n## Koffie {#koffie}\n\nDe koffiebar op de zolder schenkt ook zeldzaamthee.\n',
        );
        await buildSite({ root, output });
        const newVersion = JSON.parse(await readFile(join(output, 'search/nl/index.json'), 'utf8')).version;
        assert.notEqual(newVersion, oldVersion, 'the index changed');

        const after = await searchOn(page, server, '', 'koffie');
        assert.equal(after.length, 1, describeResults(after));
        assert.match(after[0].snippet, /zolder/, 'the snippet comes from the new index');
        assert.equal((await search(page, 'zeldzaamthee')).length, 1, 'a word only the new index has');
        const nl = (await storedKeys(page)).filter((k) => k.includes('/search/nl/'));
        assert.ok(nl.length > 0, 'the new parts are kept');
        for (const key of nl) assert.ok(key.includes(`?v=${newVersion}`), `only the new version is kept: ${key}`);
      });
    } finally {
      await server?.close();
      await rm(temp, { recursive: true, force: true });
    }
  });

  test('without IndexedDB, search works and fetches as before', async () => {
    await withPage({ viewport: DESKTOP }, async (page, context, events) => {
      await context.addInitScript(() => Object.defineProperty(window, 'indexedDB', { value: undefined }));
      const first = await searchOn(page, sampleServer, '', 'klant');
      assert.ok(first.length > 0, 'results for klant');
      const before = events.requests.length;
      const again = await searchOn(page, sampleServer, '', 'klant');
      assert.deepEqual(again, first);
      assert.ok(partRequests(events.requests.slice(before)).length > 0, 'the parts were fetched again (from the HTTP cache or the server)');
      assert.deepEqual(events.errors, [], 'no page errors');
    });
  });

  test('the store keeps at most its limit: beyond it, it starts again empty', async () => {
    await withPage({ viewport: DESKTOP }, async (page) => {
      await page.goto(sampleServer.url(''));
      await openEngine(page);
      const seen = await page.evaluate(async () => {
        const { Store } = window.BeleidSearch;
        const fill = async (store, n) => {
          for (let i = 0; i < n; i++) store.put(`/t/${i}`, new Uint8Array([i]).buffer);
          // A read made after the writes waits for them.
          await store.get(`/t/${n - 1}`);
        };
        const read = async (store, n) => {
          const values = await Promise.all(Array.from({ length: n }, (_, i) => store.get(`/t/${i}`)));
          return values.map((v) => (v ? new Uint8Array(v)[0] : null));
        };
        const a = new Store('beleid-store-test', 3);
        await fill(a, 5);
        const filled = await read(a, 5);
        // Opened again (another page), over the limit: emptied.
        const b = new Store('beleid-store-test', 3);
        const over = await read(b, 5);
        await fill(b, 3);
        const c = new Store('beleid-store-test', 3);
        const within = await read(c, 3);
        return { filled, over, within };
      });
      assert.deepEqual(seen.filled, [0, 1, 2, 3, 4], 'kept while the page is open');
      assert.deepEqual(seen.over, [null, null, null, null, null], 'over the limit: emptied when opened again');
      assert.deepEqual(seen.within, [0, 1, 2], 'within the limit: kept');
    });
  });
});

// ---------------------------------------------------------------------------
// 7. A site under a sub-path

describe('under a sub-path (/sub/)', () => {
  test('search finds, links and fetches below /sub/ in both languages', async () => {
    await withPage({ viewport: DESKTOP }, async (page, _context, events) => {
      const start = subLog.length;
      const nl = await searchOn(page, subServer, '', 'klant');
      assert.ok(nl.length >= 3, describeResults(nl));
      for (const r of nl) assert.ok(r.href.startsWith('/sub/') && !r.href.startsWith('/sub/en/'), `Dutch result below /sub/: ${r.href}`);
      const en = await searchOn(page, subServer, 'en/', 'policies');
      assert.ok(en.length >= 3, describeResults(en));
      for (const r of en) assert.ok(r.href.startsWith('/sub/en/'), `English result below /sub/en/: ${r.href}`);
      await searchOn(page, subServer, 'en/', 'klantdossier');
      const other = await shownResults(page);
      for (const r of other.filter((x) => x.kind === 'result')) assert.ok(r.href.startsWith('/sub/') && !r.href.startsWith('/sub/en/'), r.href);

      const search = subLog.slice(start).filter((r) => r.path.includes('/search/'));
      assert.ok(search.length > 0);
      for (const r of search) assert.ok(r.path.startsWith('/sub/search/'), `index fetched below /sub/: ${r.path}`);
      const failed = subServer.requests.filter((r) => r.status >= 400);
      assert.deepEqual(failed, [], 'no request failed');
      assert.deepEqual(await page.evaluate(() => window.__csp), []);
      assert.deepEqual(events.errors, []);

      // And a result opens at its heading.
      await searchOn(page, subServer, '', 'financiele');
      const href = await page.locator('#search-results .search-result').first().getAttribute('href');
      assert.equal(href, '/sub/beleid/voorbeeldbeleid/#art-5');
      await page.locator('#search-results .search-result').first().click();
      await assertLandedOn(page, subServer, href, 'sub-path click');
    });
  });
});

// ---------------------------------------------------------------------------
// 8. Accessibility with the results open

describe('accessibility with the results open (axe-core, WCAG 2.2 AA)', () => {
  for (const scheme of ['light', 'dark']) {
    test(`no violations: results, a selection, another language, no results (${scheme})`, async () => {
      await withPage({ viewport: DESKTOP, colorScheme: scheme }, async (page) => {
        const problems = [];
        for (const [path, query, arrow] of [
          ['', 'klant', true],
          ['en/', 'privacy', true],
          ['en/', 'klantdossier', true],
          ['', 'confidentiality', false],
          ['search/en/', 'policy', true],
        ]) {
          await searchOn(page, sampleServer, path, query);
          if (arrow) await page.keyboard.press('ArrowDown');
          assert.equal((await comboboxState(page)).hidden, false, `${path} "${query}": the dropdown is open`);
          const violations = await axeViolations(page);
          if (violations.length) problems.push(`${path || '/'} "${query}" (${scheme}):\n${formatViolations(violations)}`);
        }
        assert.equal(problems.length, 0, `axe violations:\n${problems.join('\n')}`);
      });
    });
  }

  test(
    'no violations with the "no results" message open',
    async () => {
      await withPage({ viewport: DESKTOP }, async (page) => {
        const problems = [];
        for (const [path, query] of [['', 'xylofoonzzq'], ['en/', 'xylofoonzzq']]) {
          await searchOn(page, sampleServer, path, query);
          const state = await comboboxState(page);
          assert.ok(state.hidden && state.empty, `the message shows instead of an empty list box: ${JSON.stringify(state)}`);
          const violations = await axeViolations(page);
          if (violations.length) problems.push(`${path || '/'} "${query}":\n${formatViolations(violations)}`);
        }
        assert.equal(problems.length, 0, `axe violations:\n${problems.join('\n')}`);
      });
    },
  );

  test('no violations on a phone, and the dropdown fits the screen', async () => {
    await withPage({ viewport: PHONE }, async (page) => {
      await searchOn(page, sampleServer, '', 'klant');
      await page.keyboard.press('ArrowDown');
      const violations = await axeViolations(page);
      assert.equal(violations.length, 0, formatViolations(violations));
      const box = await page.locator('#search-results').boundingBox();
      assert.ok(box && box.x >= 0 && box.x + box.width <= PHONE.width + 1, `the dropdown fits: ${JSON.stringify(box)}`);
      await screenshot(page, 'search-results-phone', { fullPage: false });
    });
  });
});
