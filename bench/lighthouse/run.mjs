// Run Lighthouse on each page, phone and desktop, in one headless Chromium.
//
//   node run.mjs BASE_URL PATH... [--json FILE]
//
// Prints the four category scores per page and form factor. The browser may
// reach only 127.0.0.1: every other host name fails to resolve.
import fs from 'node:fs';
import * as chromeLauncher from 'chrome-launcher';
import lighthouse from 'lighthouse';
import desktopConfig from 'lighthouse/core/config/desktop-config.js';

const CATEGORIES = ['performance', 'accessibility', 'best-practices', 'seo'];
const CHROME_FLAGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
  '--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1',
];
const FORM_FACTORS = [['mobile', undefined], ['desktop', desktopConfig]];

const args = process.argv.slice(2);
const jsonAt = args.indexOf('--json');
const jsonFile = jsonAt >= 0 ? args.splice(jsonAt, 2)[1] : null;
const [base, ...paths] = args;
if (!base || paths.length === 0) {
  console.error('usage: node run.mjs BASE_URL PATH... [--json FILE]');
  process.exit(2);
}

// chrome-launcher gives the browser a fresh, temporary --user-data-dir.
const chrome = await chromeLauncher.launch({
  chromePath: process.env.CHROME_PATH || '/usr/bin/chromium',
  chromeFlags: CHROME_FLAGS,
});
const results = [];
try {
  for (const path of paths) {
    for (const [formFactor, config] of FORM_FACTORS) {
      const runner = await lighthouse(base + path, {port: chrome.port, output: 'json', logLevel: 'error'}, config);
      const lhr = runner.lhr;
      const scores = Object.fromEntries(
        CATEGORIES.map((id) => [id, Math.round((lhr.categories[id]?.score ?? 0) * 100)]));
      const failed = Object.values(lhr.audits)
        .filter((audit) => audit.scoreDisplayMode === 'binary' || audit.scoreDisplayMode === 'numeric')
        .filter((audit) => audit.score !== null && audit.score < 0.9)
        .map((audit) => audit.id);
      results.push({path, formFactor, scores, failed, runtimeError: lhr.runtimeError?.message ?? null});
      const row = CATEGORIES.map((id) => String(scores[id]).padStart(5)).join(' ');
      console.log(`${path.padEnd(30)} ${formFactor.padEnd(8)} ${row}${failed.length ? '   below 90: ' + failed.join(', ') : ''}`);
    }
  }
} finally {
  await chrome.kill();
}
if (jsonFile) fs.writeFileSync(jsonFile, JSON.stringify(results, null, 2));
