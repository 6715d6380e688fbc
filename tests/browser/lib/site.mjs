// Builds a site with the release binary, into a temporary folder.
//
//   const site = await buildSite();                        // the sample site
//   const site = await buildSite({ root: FIXTURE_BILINGUAL, baseUrl: 'http://127.0.0.1:8080/sub/' });
//   site.output  // the built folder
//   await site.cleanup();
import { execFile } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** The repository root. */
export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
/** The release binary the tests use. */
export const BINARY = join(REPO_ROOT, 'target/release/beleid');
/** The bundled sample site (the repository root is a site). */
export const SAMPLE_SITE = REPO_ROOT;
/** The small bilingual fixture site of the Rust tests. */
export const FIXTURE_BILINGUAL = join(REPO_ROOT, 'tests/fixtures/bilingual');
/** The date builds judge policy review dates against. */
export const BELEID_TODAY = '2026-11-21';

function newestMtime(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    const time = entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs;
    if (time > newest) newest = time;
  }
  return newest;
}

/**
 * Builds the site at `root` with `beleid build`.
 *
 * Options: `root` (default: the sample site), `baseUrl` (passed as
 * `--base-url`, e.g. `http://127.0.0.1:<port>/sub/`), `output` (default: a
 * new temporary folder), `drafts`, `env` (extra environment variables).
 * Returns `{ output, stdout, stderr, cleanup() }`. A failed build throws
 * with the binary's messages.
 */
export async function buildSite({ root = SAMPLE_SITE, baseUrl, output, drafts = false, env = {} } = {}) {
  if (!existsSync(BINARY)) {
    throw new Error(`${BINARY} does not exist: run \`cargo build --release\` first (the browser tests use the release binary)`);
  }
  // The binary embeds the search scripts, and the theme for a site
  // without its own themes/default: one edited after the last build would
  // not be tested.
  const embedded = [join(REPO_ROOT, 'src/search/client')];
  if (!existsSync(join(root, 'themes/default'))) embedded.push(join(REPO_ROOT, 'themes/default'));
  for (const dir of embedded) {
    if (newestMtime(dir) > statSync(BINARY).mtimeMs) {
      throw new Error(`${BINARY} is older than ${dir}, which it embeds: run \`cargo build --release\` again`);
    }
  }
  let tempDir = null;
  if (!output) {
    tempDir = await mkdtemp(join(tmpdir(), 'beleid-site-'));
    output = join(tempDir, 'public');
  }
  const args = ['build', '--root', root, '--output', output];
  if (baseUrl) args.push('--base-url', baseUrl);
  if (drafts) args.push('--drafts');
  let result;
  try {
    result = await run(BINARY, args, {
      env: { ...process.env, BELEID_TODAY, ...env },
      timeout: 60_000,
      maxBuffer: 16 * 1024 * 1024,
    });
  } catch (error) {
    if (tempDir) await rm(tempDir, { recursive: true, force: true });
    throw new Error(
      `beleid ${args.join(' ')} failed (exit ${error.code}):\n${error.stderr || ''}${error.stdout || ''}`,
      { cause: error },
    );
  }
  return {
    root,
    output,
    stdout: result.stdout,
    stderr: result.stderr,
    async cleanup() {
      if (tempDir) await rm(tempDir, { recursive: true, force: true });
    },
  };
}
