// Screenshots for people to look at, in tests/browser/screenshots/ (not
// committed). Each run overwrites the files of the same name.
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { REPO_ROOT } from './site.mjs';

/** Where screenshots go. */
export const SCREENSHOT_DIR = join(REPO_ROOT, 'tests/browser/screenshots');

/**
 * Saves a PNG of `page` as `<name>.png` and returns its path. `name` may
 * only hold letters, digits, `-`, `_` and `.`. Options are Playwright's
 * `page.screenshot` options (default: the whole page, animations stopped).
 */
export async function screenshot(page, name, options = {}) {
  if (!/^[A-Za-z0-9._-]+$/.test(name)) throw new Error(`bad screenshot name: ${JSON.stringify(name)}`);
  await mkdir(SCREENSHOT_DIR, { recursive: true });
  const path = join(SCREENSHOT_DIR, `${name}.png`);
  await page.screenshot({ fullPage: true, animations: 'disabled', caret: 'hide', ...options, path });
  return path;
}
