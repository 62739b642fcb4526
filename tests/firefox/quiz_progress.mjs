// Quiz progress in Firefox from file://: answers, feedback and the score survive a reload and
// reach the other pages of the site (the progress page, the navigation marks).
//
// Usage: node tests/firefox/quiz_progress.mjs <built site folder>
// Run by tests/firefox.rs on a fresh build of tests/fixtures/quiz. The browser is Firefox
// (FIREFOX, else /usr/bin/firefox-esr or /usr/bin/firefox), driven over WebDriver BiDi.
// Prints one line per passed step; exits non-zero with a message on the first failure.

import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import puppeteer from 'puppeteer-core';

const site = process.argv[2];
assert.ok(site && existsSync(path.join(site, 'tests.html')), `usage: quiz_progress.mjs <built site folder with tests.html> (got ${site})`);
const executablePath =
  process.env.FIREFOX || ['/usr/bin/firefox-esr', '/usr/bin/firefox'].find((p) => existsSync(p));
assert.ok(executablePath, 'Firefox not found: set FIREFOX or install firefox-esr');

const url = (file) => pathToFileURL(path.join(path.resolve(site), file)).href;
const ok = (step) => console.log(`ok - ${step}`);

// A fresh profile, removed at the end: nothing saved by an earlier run can leak in.
const profile = mkdtempSync(path.join(tmpdir(), 'metodika-firefox-'));
let browser;
// Anything the pages report as an error fails the test.
const problems = [];

// Firefox on the test's profile, and a tab that records what goes wrong in it.
async function start() {
  browser = await puppeteer.launch({
    browser: 'firefox',
    executablePath,
    headless: true,
    userDataDir: profile,
    // Puppeteer relaxes this for automation; a reader's Firefox keeps the default (true),
    // under which every file is its own origin and has a localStorage of its own. Test what
    // the reader has.
    extraPrefsFirefox: { 'security.fileuri.strict_origin_policy': true },
  });
  const tab = await browser.newPage();
  tab.setDefaultTimeout(20_000);
  tab.on('console', (msg) => {
    if (msg.type() === 'error') problems.push(`console.error: ${msg.text()}`);
  });
  tab.on('pageerror', (err) => problems.push(`page error: ${err.message ?? err}`));
  return tab;
}

try {
  let page = await start();

  // Text of the first element matching `selector`, spaces collapsed; null when missing.
  // Opens a page of the site and waits until its saved progress is shown: the store
  // answers from its frame after the page's load event.
  const open = async (file) => {
    // What the page shown now is still saving must reach the store first.
    await page.waitForFunction(() => !document.body || !document.body.hasAttribute('data-store-pending'));
    await page.goto(url(file));
    await page.waitForFunction(() => !document.body.hasAttribute('data-store-pending'));
  };

  const text = (selector) =>
    page.evaluate((s) => {
      const e = document.querySelector(s);
      return e ? e.textContent.replace(/\s+/g, ' ').trim() : null;
    }, selector);

  await open('tests.html');
  assert.equal(await text('[data-quiz-storage]'), 'Jūsu progress tiek saglabāts tikai šajā pārlūkā.');
  ok('the quiz says progress is kept in this browser');

  await page.click('#viens input[data-correct]');
  await page.click('#viens [data-quiz-check]');
  const right = await text('#viens [data-quiz-feedback]');
  assert.ok(right?.startsWith('Pareizi!'), `#viens answered right, feedback: ${right}`);
  ok('#viens answered right: "Pareizi!"');

  await page.click('#patiesi input[value="false"]');
  await page.click('#patiesi [data-quiz-check]');
  const wrong = await text('#patiesi [data-quiz-feedback]');
  assert.ok(wrong?.startsWith('Nepareizi.'), `#patiesi answered wrong, feedback: ${wrong}`);
  ok('#patiesi answered wrong: "Nepareizi."');

  await page.waitForFunction(() => !document.body.hasAttribute('data-store-pending'));
  await page.reload();
  await page.waitForFunction(() => !document.body.hasAttribute('data-store-pending'));
  const kept = await text('#viens [data-quiz-feedback]');
  assert.ok(kept?.startsWith('Pareizi!'), `after a reload #viens feedback: ${kept}`);
  assert.equal(
    await page.$eval('#viens input[data-correct]', (i) => i.checked),
    true,
    'after a reload the chosen answer of #viens is still checked',
  );
  ok('a reload keeps the answer and its feedback');

  // Finish the quiz: the unanswered questions count as wrong.
  await page.click('[data-quiz-check-all]');
  const score = await text('[data-quiz-score]');
  const found = /Rezultāts: (\d+) %/.exec(score ?? '');
  assert.ok(found, `score after "check all": ${score}`);
  const percent = Number(found[1]);
  ok(`"check all" scores the quiz: ${score}`);

  await open('progress.html');
  const best = await text('tr[data-quiz-key="tests.html#quiz"] [data-quiz-best]');
  const expected = `${percent} % · ${percent >= 60 ? 'nokārtots' : 'pildīts, nav nokārtots'}`;
  assert.equal(best, expected, 'progress.html shows the best score saved on tests.html');
  ok(`progress.html, another file, reads the score: ${best}`);

  await open('index.html');
  assert.ok(
    await page.$('.site-nav a[href="tests.html"] [data-quiz-mark]'),
    'index.html marks the quiz page in the navigation',
  );
  ok('index.html marks tests.html in the navigation');

  // Closing the browser loses nothing: the same profile, started again, has the score.
  await browser.close();
  page = await start();
  await open('progress.html');
  assert.equal(
    await text('tr[data-quiz-key="tests.html#quiz"] [data-quiz-best]'),
    expected,
    'after a restart progress.html still shows the best score',
  );
  ok('a restarted browser keeps the progress');

  assert.deepEqual(problems, [], 'no console errors or page errors');
  ok('no console errors or page errors');
} catch (err) {
  console.error(`FAILED: ${err.message}`);
  if (problems.length) console.error(`page problems:\n  ${problems.join('\n  ')}`);
  process.exitCode = 1;
} finally {
  await browser?.close();
  rmSync(profile, { recursive: true, force: true });
}
