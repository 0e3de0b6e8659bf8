// The live web view in a real browser (Debian's Chromium through playwright-core), on real
// servers: ingest, extract, enrich and web on topics of this test's own. The article is posted
// through the page's text box; its events must appear on the map and in the counts without a
// reload, and the country filter must narrow them. The test leaves a screenshot in
// tests/.artifacts/web-view.png (git-ignored).
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { loadCountryCodes } from '../../services/loaders/country-codes.ts';
import { loadConfig as loadWebConfig } from '../../services/web/config.ts';
import { rootNames } from '../../services/web/root-names.ts';
import { createWebService } from '../../services/web/service.ts';
import { startPipeline } from '../helpers/pipeline.ts';
import { testStack, testLogger, uniqueName } from '../helpers/stack.ts';

const CHROMIUM = process.env.NEWSFLOW_CHROMIUM ?? '/usr/bin/chromium';
const ARTICLE = readFileSync(fileURLToPath(new URL('../fixtures/web/article.txt', import.meta.url)), 'utf8');
const ARTIFACTS = fileURLToPath(new URL('../.artifacts/', import.meta.url));

const prefix = `${uniqueName('web')}.`;
const stops: (() => Promise<unknown>)[] = [];
let webUrl: string;
let context: BrowserContext;
let page: Page;

before(async () => {
  assert.ok(
    existsSync(CHROMIUM),
    `Chromium not found at ${CHROMIUM}: apt-get install -y chromium (npm test does it when run as root)`,
  );
  const stack = await testStack();
  const { base, ingestUrl, stops: pipelineStops } = await startPipeline(stack, prefix);
  stops.push(...pipelineStops);
  const codes = loadCountryCodes();
  const web = createWebService(loadWebConfig({ ...base, WEB_HTTP_PORT: '0', WEB_INGEST_URL: ingestUrl }), {
    logger: testLogger(),
    aliases: (c) => codes.aliasesOf(c),
    rootNames: rootNames(),
  });
  webUrl = (await web.start()).url;
  stops.push(() => web.stop());

  const profile = mkdtempSync(join(tmpdir(), 'nf-chromium-'));
  context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
    viewport: { width: 1400, height: 900 },
  });
  stops.push(async () => {
    await context.close();
    rmSync(profile, { recursive: true, force: true });
  });
  page = context.pages()[0] ?? (await context.newPage());
});

after(async () => {
  for (const stop of stops.reverse()) await stop().catch(() => undefined);
});

test('an article posted through the page shows up on the map and in the counts, live; the country filter narrows it', async () => {
  const requests: string[] = [];
  page.on('request', (r) => requests.push(r.url()));
  const pageErrors: string[] = [];
  page.on('pageerror', (e) => pageErrors.push(e.message));

  await page.goto(webUrl);
  await page.waitForFunction("document.querySelectorAll('#countries path').length > 100", null, {
    timeout: 30_000,
  });
  // Set on this document: still there at the end means the page was never reloaded.
  await page.evaluate('window.marker = 42');
  assert.equal(await page.locator('#events circle').count(), 0, 'no events on fresh topics');

  await page.fill('#article-text', ARTICLE);
  await page.fill('#article-date', '2016-02-15');
  await page.click('#post button[type=submit]');
  await page.waitForSelector('#post-result[data-status="202"]', { timeout: 30_000 });

  await page.waitForFunction("document.querySelectorAll('#events circle').length >= 2", null, {
    timeout: 120_000,
  });
  const marker = await page.evaluate('window.marker');
  assert.equal(marker, 42, 'the page was not reloaded');
  const rootRows = await page.locator('#roots tbody tr').count();
  assert.ok(rootRows >= 1, 'counts by CAMEO root');
  const lastDay = (await page.locator('#roots tbody tr td:nth-child(3)').allInnerTexts()).reduce(
    (n, t) => n + Number(t),
    0,
  );
  assert.ok(lastDay >= 2, `events counted in the last day: ${lastDay}`);
  assert.ok((await page.locator('#actors li').count()) >= 2, 'top actors');

  // Click a point: the event's details.
  // The last point drawn is on top of any it overlaps.
  await page.locator('#events circle').last().click();
  const details = await page.locator('#details').innerText();
  for (const field of ['who', 'what', 'whom', 'when', 'where', 'sentence', 'article'])
    assert.match(details, new RegExp(field));

  const all = await page.locator('#events circle').count();
  const circles = page.locator('#events circle');
  const countriesOf = async () => {
    const out: string[] = [];
    for (let i = 0; i < (await circles.count()); i++)
      out.push((await circles.nth(i).getAttribute('data-countries')) ?? '');
    return out;
  };
  // Events may still arrive while the filter is typed (and redrawing may briefly hold fewer
  // circles), so wait for the state the filter must reach rather than for any drop in the count:
  // at least one circle, and every circle involving the country. A filter that does not narrow
  // never reaches it and the wait fails.
  const onlyCountry = (code: string) =>
    `(() => { const cs = [...document.querySelectorAll('#events circle')];
      return cs.length >= 1 && cs.every((c) => (c.getAttribute('data-countries') ?? '').split(' ').includes('${code}')); })()`;
  await page.fill('#f-country', 'UKR');
  await page.waitForFunction(onlyCountry('UKR'), null, { timeout: 30_000 });
  const ukr = await countriesOf();
  assert.ok(
    ukr.length >= 1 && ukr.length < all,
    `Ukrainian events remain, fewer than all ${all}: ${ukr.join(' | ')}`,
  );
  await page.fill('#f-country', 'SYR');
  await page.waitForFunction(onlyCountry('SYR'), null, { timeout: 30_000 });
  const syr = await countriesOf();
  assert.ok(
    syr.every((c) => c.split(' ').includes('SYR')),
    syr.join(' | '),
  );
  await page.fill('#f-country', '');
  await page.waitForFunction(`document.querySelectorAll('#events circle').length >= ${all}`);

  mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: join(ARTIFACTS, 'web-view.png'), fullPage: true });

  const origin = new URL(webUrl).origin;
  const outside = requests.filter((u) => !u.startsWith(origin));
  assert.deepEqual(outside, [], 'nothing is fetched from outside the web service');
  assert.deepEqual(pageErrors, []);
});
