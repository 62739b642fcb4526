// Runs queries through window.Metodika.search in headless Chromium, from file://, as a reader
// would: used by benches/search_eval.py (quality) and benches/search_budget.py (size, speed).
//
//   node benches/search_queries.mjs SITE_DIR QUERIES.json OUT.json [--cold]
//
// QUERIES.json is a list of strings. OUT.json gets, per query, the result URLs (site-relative),
// the time from the call to the results in ms, and the index files the query loaded. With
// --cold every query starts on a freshly opened page (nothing of the index loaded yet); else
// one page runs them all, as a reader typing one query after another (warm).
// Needs puppeteer-core (tests/firefox/node_modules, installed by .ci/run or
// `npm ci --prefix tests/firefox`) and Chromium at /usr/bin/chromium or $CHROMIUM.
import { readFileSync, writeFileSync, existsSync } from "node:fs";
import { resolve, dirname } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const puppeteerPath = resolve(here, "../tests/firefox/node_modules/puppeteer-core/lib/esm/puppeteer/puppeteer-core.js");
if (!existsSync(puppeteerPath)) {
  console.error("search_queries.mjs: puppeteer-core is missing; run `npm ci --prefix tests/firefox` first.");
  process.exit(2);
}
const puppeteer = (await import(pathToFileURL(puppeteerPath).href)).default;
const [site, queriesFile, outFile, mode] = process.argv.slice(2);
const cold = mode === "--cold";  // else warm
const queries = JSON.parse(readFileSync(queriesFile, "utf8"));
const browser = await puppeteer.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  headless: true,
  args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run"],
});
const home = pathToFileURL(resolve(site, "index.html")).href;
let page = null;
async function fresh() {
  if (page) await page.close();
  page = await browser.newPage();
  page.on("pageerror", (e) => console.error("page error:", e.message));
  await page.goto(home);
  // site.js loads the search scripts on the first call.
  await page.evaluate(() => window.Metodika.search("").then(() => null));
}
await fresh();
const out = [];
for (const q of queries) {
  if (cold) await fresh();
  const r = await page.evaluate(async (q) => {
    const before = new Set(Array.from(document.scripts).map((s) => s.src));
    const t = performance.now();
    const results = await window.Metodika.search(q, { limit: 10 });
    const ms = performance.now() - t;
    const root = new URL(".", location.href).href;
    const loaded = Array.from(document.scripts)
      .map((s) => s.src)
      .filter((s) => s && !before.has(s) && s.includes("/assets/search/"))
      .map((s) => s.slice(root.length));
    return { ms, urls: results.map((x) => new URL(x.url, location.href).href.slice(root.length)), loaded };
  }, q);
  out.push({ query: q, ...r });
}
await browser.close();
writeFileSync(outFile, JSON.stringify(out));
