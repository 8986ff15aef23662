// Real-browser helpers: Debian's chromium driven by playwright-core (never a
// downloaded browser), and axe-core run on each page visited.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { chromium } from 'playwright-core';

const require = createRequire(import.meta.url);
const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

export async function launch() {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  // axe is injected through the DevTools protocol: the site's CSP forbids
  // inline scripts, which is what we want for everything else.
  const context = await browser.newContext({ bypassCSP: true, locale: 'fr-FR' });
  return { browser, context };
}

// Runs axe-core on the page; returns the violations of serious or critical
// impact, each as "rule: description (selectors)".
export async function seriousViolations(page) {
  await page.evaluate(axeSource);
  const result = await page.evaluate(async () =>
    // eslint-disable-next-line no-undef
    axe.run(document, { resultTypes: ['violations'] }));
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).slice(0, 5).join(', ')})`);
}
