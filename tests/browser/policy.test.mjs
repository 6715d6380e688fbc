// Browser tests of policies as documents: the language switcher keeps the
// clause a reader is on, and a policy's status follows the reader's clock
// (not yet in force, in force, review overdue) without a rebuild.
//
// The bilingual fixture's policy is in force from 2026-01-01, review due
// 2027-01-01; its articles are #art-1 and #art-2 in both languages.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { join } from 'node:path';

import { axeViolations, formatViolations } from './lib/axe.mjs';
import { launchBrowser } from './lib/browser.mjs';
import { screenshot } from './lib/screenshots.mjs';
import { serveSite } from './lib/server.mjs';
import { buildSite, FIXTURE_BILINGUAL, REPO_ROOT } from './lib/site.mjs';

/** A policy at 2.0 (from 2027-01-01, scheduled on the build day) and 1.0. */
const FIXTURE_VERSIONS = join(REPO_ROOT, 'tests/fixtures/versions');

let browser;
let site;
let server;
let versions;
let versionsServer;

before(async () => {
  browser = await launchBrowser();
  const built = await Promise.allSettled([buildSite({ root: FIXTURE_BILINGUAL }), buildSite({ root: FIXTURE_VERSIONS })]);
  [site, versions] = built.map((b) => (b.status === 'fulfilled' ? b.value : undefined));
  for (const b of built) if (b.status === 'rejected') throw b.reason;
  server = await serveSite(site.output);
  versionsServer = await serveSite(versions.output);
});

after(async () => {
  await server?.close();
  await versionsServer?.close();
  await site?.cleanup();
  await versions?.cleanup();
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
    const height = await page.evaluate(() => window.innerHeight);
    assert.ok(top >= 0 && top < height / 2, `the English article 2 is in view, in the upper half (top ${top})`);
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

  test('a scheduled version becomes the one in force by the browser clock, without a rebuild', async () => {
    const cases = [
      // [clock, state of 2.0's page, state of 1.0's page, version marked in force]
      ['2026-12-31T12:00:00', 'scheduled', 'in-force', '1.0'],
      ['2027-01-01T09:00:00', 'in-force', 'replaced', '2.0'],
    ];
    for (const [clock, newest, old, inForce] of cases) {
      const page = await browser.newPage();
      await page.clock.setFixedTime(new Date(clock));
      await page.goto(versionsServer.url('beleid/2.0/'));
      await page.waitForFunction((s) => document.querySelector('.version-notice').getAttribute('data-state') === s, newest);
      assert.equal(await page.locator('.version-notice p:not([hidden])').count(), 1, clock);
      await page.goto(versionsServer.url('beleid/1.0/'));
      await page.waitForFunction((s) => document.querySelector('.version-notice').getAttribute('data-state') === s, old);
      await page.goto(versionsServer.url('beleid/'));
      const marked = await page.evaluate(() => Array.from(document.querySelectorAll('.versions tbody tr'))
        .filter((row) => !row.querySelector('.version-in-force').hidden)
        .map((row) => row.querySelector('th a').textContent));
      assert.deepEqual(marked, [inForce], `version in force on ${clock}`);
      await page.context().close();
    }
  });

  test('the "what changed" page passes axe, in both colour schemes, and marks words for every reader', async () => {
    for (const colorScheme of ['light', 'dark']) {
      for (const viewport of [{ width: 1280, height: 900 }, { width: 390, height: 844 }]) {
        const page = await browser.newPage({ colorScheme, viewport });
        await page.goto(versionsServer.url('beleid/2.0/wijzigingen/'));
        const violations = await axeViolations(page);
        assert.deepEqual(violations, [], formatViolations(violations));
        await screenshot(page, `changes-${colorScheme}-${viewport.width}`, { fullPage: true });
        await page.context().close();
      }
    }
    const page = await browser.newPage();
    await page.goto(versionsServer.url('beleid/2.0/wijzigingen/'));
    const added = page.locator('.change-changed ins', { hasText: 'binnen een werkdag' });
    assert.equal(await added.textContent(), 'ingevoegd: binnen een werkdag', 'a screen reader hears what was added');
    const label = await added.locator('.visually-hidden').boundingBox();
    assert.ok(label.width <= 1 && label.height <= 1, 'the label is not shown');
    // Not by colour alone: underlined and struck through.
    const decoration = await page.evaluate(() => [
      getComputedStyle(document.querySelector('.changes ins')).textDecorationLine,
      getComputedStyle(document.querySelector('.changes del')).textDecorationLine,
    ]);
    assert.deepEqual(decoration, ['underline', 'line-through']);
    await page.context().close();
  });
});
