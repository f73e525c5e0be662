// Screenshots of the digest email for a human to look at: the sample article's email made by the CLI (`--html`)
// and a hand-made digest fixture, each at desktop width (800px), phone width (375px) and in dark mode.
// Run: npx tsx tests/e2e/screenshot-digest.ts [outDir]   (PNGs go to .local/screenshots/, which git ignores)
// Needs Debian's chromium: apt-get install -y chromium.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { chromium } from 'playwright-core';
import { fileTemplates } from '../../functions/adapters/templates.js';
import { createDigestRenderer, personalise } from '../../functions/email/render.js';
import { fixtureBranding, fixtureDigest, stressDigest } from '../fixtures/digest-fixture.js';

const outDir = resolve(process.argv[2] ?? '.local/screenshots');
mkdirSync(outDir, { recursive: true });

// The sample article's email, made the way an editor makes it: through the CLI.
const sampleHtml = join(outDir, 'sample.html');
execFileSync('npx', ['tsx', 'functions/cli/digest.ts', '--html', sampleHtml, 'samples/sample-article.txt'], {
  stdio: ['ignore', 'ignore', 'inherit'],
});
const fixtureEmail = personalise(
  createDigestRenderer(fileTemplates(), fixtureBranding)(fixtureDigest),
  'https://digest.example.com/unsubscribe?token=abc',
);
writeFileSync(join(outDir, 'fixture.html'), fixtureEmail.html);

const stressEmail = createDigestRenderer(fileTemplates(), fixtureBranding)(stressDigest);
writeFileSync(join(outDir, 'stress.html'), stressEmail.html);

const emails = {
  sample: readFileSync(sampleHtml, 'utf8'),
  fixture: fixtureEmail.html,
  stress: stressEmail.html,
};
const views = [
  { name: 'desktop', width: 800, colorScheme: 'light' },
  { name: 'phone', width: 375, colorScheme: 'light' },
  { name: 'desktop-dark', width: 800, colorScheme: 'dark' },
  { name: 'phone-dark', width: 375, colorScheme: 'dark' },
] as const;

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
});
let problems = 0;
try {
  for (const [emailName, html] of Object.entries(emails)) {
    for (const view of views) {
      const page = await browser.newPage({ viewport: { width: view.width, height: 800 } });
      await page.emulateMedia({ colorScheme: view.colorScheme });
      await page.setContent(html, { waitUntil: 'load' });
      const file = join(outDir, `${emailName}-${view.name}.png`);
      await page.screenshot({ path: file, fullPage: true });
      // A layout wider than the viewport means horizontal scrolling on a phone.
      const overflow = Number(
        await page.evaluate('document.documentElement.scrollWidth - window.innerWidth'),
      );
      if (overflow > 0) problems++;
      process.stdout.write(`${file}${overflow > 0 ? `  (overflows by ${overflow}px)` : ''}\n`);
      await page.close();
    }
  }
} finally {
  await browser.close();
}
if (problems > 0) {
  process.stderr.write(`${problems} screenshot(s) show horizontal scrolling\n`);
  process.exitCode = 1;
}
