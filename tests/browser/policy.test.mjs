// Browser tests of policies as documents: the language switcher keeps the
// clause a reader is on, and a policy's status follows the reader's clock
// (not yet in force, in force, review overdue) without a rebuild.
//
// The bilingual fixture's policy is in force from 2026-01-01, review due
// 2027-01-01; its articles are #art-1 and #art-2 in both languages.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { launchBrowser } from './lib/browser.mjs';
import { serveSite } from './lib/server.mjs';
import { buildSite, FIXTURE_BILINGUAL } from './lib/site.mjs';

let browser;
let site;
let server;

before(async () => {
  browser = await launchBrowser();
  site = await buildSite({ root: FIXTURE_BILINGUAL });
  server = await serveSite(site.output);
});

after(async () => {
  await server?.close();
  await site?.cleanup();
  await browser?.close();
});

describe('policies', () => {
  test('switching language on a clause keeps the reader on that clause', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
    await page.goto(server.url('beleid/#art-2'));
    const link = page.locator('.language-switcher a[hreflang="en"]');
    assert.equal(await link.getAttribute('href'), '/en/policy/#art-2', 'the link carries the clause');
    await link.click();
    await page.waitForURL(server.url('en/policy/#art-2'));
    const top = await page.evaluate(() => document.getElementById('art-2').getBoundingClientRect().top);
    assert.ok(top >= 0 && top < 300, `the English article 2 is in view (top ${top})`);
    // Moving to another clause on the page moves the link along.
    await page.goto(server.url('beleid/#art-1'));
    await page.evaluate(() => { window.location.hash = '#art-2'; });
    await page.waitForFunction(() => document.querySelector('.language-switcher a[hreflang="en"]').getAttribute('href').endsWith('#art-2'));
    await page.context().close();
  });

  test('without scripts the language switcher still goes to the translation', async () => {
    const page = await browser.newPage({ javaScriptEnabled: false });
    await page.goto(server.url('beleid/#art-2'));
    assert.equal(await page.locator('.language-switcher a[hreflang="en"]').getAttribute('href'), '/en/policy/');
    await page.context().close();
  });

  test("the status follows the reader's clock without a rebuild", async () => {
    const cases = [
      ['2025-12-31T12:00:00', 'not-yet-in-force', 'Nog niet van kracht', false],
      ['2026-06-01T12:00:00', 'in-force', 'Van kracht', false],
      ['2027-01-01T23:30:00', 'in-force', 'Van kracht', false],
      ['2027-01-02T00:30:00', 'review-overdue', 'Van kracht, herziening te laat', true],
    ];
    for (const [clock, status, text, banner] of cases) {
      const page = await browser.newPage();
      await page.clock.setFixedTime(new Date(clock));
      await page.goto(server.url('beleid/'));
      const cell = page.locator('.policy-meta .policy-status');
      await page.waitForFunction((s) => document.querySelector('.policy-status').getAttribute('data-status') === s, status);
      assert.equal(await cell.locator('span:not([hidden])').innerText(), text, clock);
      assert.equal(await cell.locator('span:not([hidden])').count(), 1, clock);
      assert.equal(await page.locator('.policy-overdue').isVisible(), banner, `overdue banner on ${clock}`);
      await page.context().close();
    }
  });
});
