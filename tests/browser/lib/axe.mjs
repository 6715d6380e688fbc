// Accessibility checks with axe-core, shared by the browser tests.
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const AXE_SOURCE = await readFile(require.resolve('axe-core/axe.min.js'), 'utf8');
/** The rules run: WCAG 2.0, 2.1 and 2.2, levels A and AA. */
export const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

/**
 * Runs axe-core on the page (injected by CDP evaluation, which the CSP
 * allows), or only on the elements matching the CSS selector `within`.
 */
export async function axeViolations(page, within = null) {
  const loaded = await page.evaluate(() => typeof window.axe === 'object');
  if (!loaded) await page.evaluate(AXE_SOURCE);
  return page.evaluate(async ([tags, selector]) => {
    const results = await window.axe.run(selector ? { include: [[selector]] } : document, {
      runOnly: { type: 'tag', values: tags },
      resultTypes: ['violations'],
    });
    return results.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.map((n) => `${n.target.join(' ')}: ${n.failureSummary.replace(/\s+/g, ' ')}`),
    }));
  }, [AXE_TAGS, within]);
}

/** Violations as readable lines for an assertion message. */
export function formatViolations(list) {
  return list
    .map((v) => `  [${v.impact}] ${v.id}: ${v.help}\n${v.nodes.slice(0, 8).map((n) => `      ${n}`).join('\n')}`)
    .join('\n');
}
