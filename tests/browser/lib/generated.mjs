// Writes small sites for the browser tests into a temporary folder, for
// cases no fixture covers: one language only, and one section with many
// pages (a sidebar taller than the window, dozens of search results).
//
//   const site = await writeManyPagesSite({ pages: 60 });
//   const built = await buildSite({ root: site.root });
//   await site.cleanup();
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** The word every generated page holds once, for a search matching them all. */
export const SHARED_WORD = 'gedragsregel';

/** `p07` for 7: page slugs that sort as numbers. */
export function slug(n) {
  return `p${String(n).padStart(2, '0')}`;
}

/**
 * A one-language (nl) site: a home page and a section `regels/` holding
 * `pages` pages, each mentioning SHARED_WORD once.
 * Returns `{ root, cleanup() }`.
 */
export async function writeManyPagesSite({ pages = 60 } = {}) {
  const root = await mkdtemp(join(tmpdir(), 'beleid-generated-'));
  const content = join(root, 'content/nl');
  await mkdir(join(content, 'regels'), { recursive: true });
  await writeFile(
    join(root, 'beleid.toml'),
    'title = "Eentalig"\nbase_url = "https://example.org/"\ndefault_language = "nl"\n',
  );
  await writeFile(join(content, '_index.md'), '+++\ntitle = "Welkom"\n+++\n\nEen site in één taal.\n');
  await writeFile(join(content, 'regels/_index.md'), '+++\ntitle = "Regels"\n+++\n\nAlle regels.\n');
  for (let n = 1; n <= pages; n++) {
    const body = `+++\ntitle = "Regel ${n}"\nweight = ${n}\n+++\n\nDeze ${SHARED_WORD} heeft nummer ${n}.\n`;
    await writeFile(join(content, `regels/${slug(n)}.md`), body);
  }
  return {
    root,
    async cleanup() {
      await rm(root, { recursive: true, force: true });
    },
  };
}
