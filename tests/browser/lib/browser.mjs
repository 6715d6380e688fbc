// Launches the system's Chromium for the browser tests, headless, with a
// fresh temporary profile that is removed again on close.
//
//   const browser = await launchBrowser();
//   const context = await browser.newContext({ colorScheme: 'dark' });
//   ...
//   await browser.close();
//
// The tests never skip: without Chromium they fail, saying how to install it.
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

/** Where Debian and Ubuntu's `chromium` package installs the browser. */
export const CHROMIUM_PATH = '/usr/bin/chromium';

/** The flags Chromium runs with: headless, offline-quiet, no first-run UI. */
export const CHROMIUM_ARGS = Object.freeze([
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
  '--disable-sync',
]);

/** How long any single Playwright action or wait may take, in ms. */
export const DEFAULT_TIMEOUT = 15_000;

/**
 * Starts Chromium with a fresh, temporary user data folder.
 *
 * Returns `{ browser, context, newContext(options), newPage(options), close() }`:
 * `context` is the persistent (default) context; `newContext` makes isolated
 * contexts (own storage, colour scheme, viewport) in the same browser.
 * Every context gets DEFAULT_TIMEOUT as its default timeout.
 */
export async function launchBrowser() {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(
      `Chromium is not installed at ${CHROMIUM_PATH}; the browser tests need it. ` +
        'On Debian or Ubuntu: sudo apt-get install chromium',
    );
  }
  const userDataDir = await mkdtemp(join(tmpdir(), 'beleid-chromium-'));
  let context;
  try {
    context = await chromium.launchPersistentContext(userDataDir, {
      executablePath: CHROMIUM_PATH,
      args: [...CHROMIUM_ARGS],
      headless: true,
      timeout: 60_000,
    });
  } catch (error) {
    await rm(userDataDir, { recursive: true, force: true });
    throw new Error(`could not start Chromium at ${CHROMIUM_PATH}: ${error.message}`, { cause: error });
  }
  context.setDefaultTimeout(DEFAULT_TIMEOUT);
  const browser = context.browser();
  const contexts = new Set();
  let closed = false;

  return {
    browser,
    context,
    /** A new isolated context; closed with the browser if not before. */
    async newContext(options = {}) {
      const ctx = await browser.newContext(options);
      ctx.setDefaultTimeout(DEFAULT_TIMEOUT);
      contexts.add(ctx);
      ctx.on('close', () => contexts.delete(ctx));
      return ctx;
    },
    /** A page in a new isolated context (`page.context()` to reach it). */
    async newPage(options = {}) {
      const ctx = await this.newContext(options);
      return ctx.newPage();
    },
    /** Closes every context and the browser, and removes the profile. */
    async close() {
      if (closed) return;
      closed = true;
      try {
        for (const ctx of [...contexts]) await ctx.close().catch(() => {});
        await context.close();
      } finally {
        await rm(userDataDir, { recursive: true, force: true, maxRetries: 3 });
      }
    },
  };
}
