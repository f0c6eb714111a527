import { test, expect, until, debugBuild, holdFiles } from './fixtures.js';
import type { Page } from '@playwright/test';
// @ts-expect-error: plain JavaScript modules without type declarations
import { startCollector as startSqliteCollector } from '../../collector/src/server.js';
// @ts-expect-error: see above
import { startShop } from '../../examples/shop/server.mjs';

/** Holds back the SDK's script until `release()` is called: the page runs on without it. */
const holdSdk = (page: Page) => holdFiles(page, '**/dist/waymark.iife.js');

/** Events in the page's IndexedDB outbox (database `waymark`, store `outbox`; events have array keys). */
const storedEvents = (page: Page) =>
  page.evaluate(async () => {
    if (!(await indexedDB.databases()).some((d) => d.name == 'waymark')) return 0;
    const db = await new Promise<IDBDatabase>((ok, ko) => {
      const r = indexedDB.open('waymark');
      r.onsuccess = () => ok(r.result);
      r.onerror = () => ko(r.error);
    });
    if (!db.objectStoreNames.contains('outbox')) return (db.close(), 0);
    const keys = await new Promise<IDBValidKey[]>((ok) => {
      const r = db.transaction('outbox').objectStore('outbox').getAllKeys();
      r.onsuccess = () => ok(r.result);
    });
    db.close();
    return keys.filter((k) => Array.isArray(k)).length;
  });

/** The visitor's ids as the core stores them (`waymark:id` in localStorage). */
const storedIds = (page: Page) => page.evaluate(() => localStorage.getItem('waymark:id'));

const sdkLoaded = (page: Page) => page.evaluate(() => typeof (window as any).waymark == 'function' && !!(window as any).waymark.version);

test('demo shop through the snippet: calls made before the SDK loaded reach the collector in order', async ({ page }) => {
  const collector = await startSqliteCollector({ port: 0, db: ':memory:', quiet: true });
  const shop = await startShop({ port: 0, endpoint: collector.endpoint, attributes: { flushInterval: 100 } });
  const cspErrors: string[] = [];
  page.on('console', (m) => m.type() == 'error' && /Content Security Policy/i.test(m.text()) && cspErrors.push(m.text()));
  try {
    const release = await holdSdk(page);
    await page.goto(shop.url + '/product-trail-runner.html?utm_source=newsletter&utm_medium=email', { waitUntil: 'domcontentloaded' });
    // The page rendered and its own script ran while the SDK was still on its way.
    await expect(page.locator('h1')).toHaveText('Trail Runner');
    // shop.js (deferred) has defined the stub; the SDK has not replaced it
    await page.waitForFunction(() => typeof (window as any).waymark == 'function');
    expect(await sdkLoaded(page)).toBe(false);
    await page.evaluate(() => {
      const w = (window as any).waymark;
      for (let i = 0; i < 3; i++) w('track', 'Early Event', { i });
      w('identify', 'customer-early', { plan: 'gold' });
    });
    // the shop's own code queues too: its review form reports through waymark()
    await page.fill('#review [name=body]', 'Grippy.');
    await page.click('#review button[type=submit]');
    expect(await sdkLoaded(page)).toBe(false);
    const queued = await page.evaluate(() => (window as any).waymark.q.map((a: unknown[]) => a[1]));
    expect(queued).toEqual(['Early Event', 'Early Event', 'Early Event', 'customer-early', 'Product Reviewed']);

    release();
    await until(() => sdkLoaded(page), 10000, 'SDK loaded');
    type Row = { type: string; event: string | null; user_id: string | null; properties: string };
    const rows = () =>
      (collector.db.prepare('SELECT type, event, user_id, properties FROM events ORDER BY id').all() as Row[]).filter(
        (r) => r.type == 'identify' || r.event == 'Early Event' || r.event == 'Product Reviewed',
      );
    await until(() => rows().length >= 5, 15000, 'five queued calls stored');
    const got = rows();
    expect(got.map((r) => r.event ?? r.type)).toEqual(['Early Event', 'Early Event', 'Early Event', 'identify', 'Product Reviewed']);
    expect(got.slice(0, 3).map((r) => JSON.parse(r.properties).i)).toEqual([0, 1, 2]);
    // identify() applied in its turn: the event after it carries the user id, those before do not.
    expect(got.map((r) => r.user_id)).toEqual([null, null, null, 'customer-early', 'customer-early']);
    expect(JSON.parse(got[4]!.properties)).toMatchObject({ product_id: 'TR-42', rating: 5 });
    // What the captures saw once the SDK started: the page view, with the campaign, and the
    // product view from the page's JSON-LD.
    const pages = collector.db.prepare("SELECT context FROM events WHERE type = 'page'").all() as { context: string }[];
    expect(pages).toHaveLength(1);
    expect(JSON.parse(pages[0]!.context).campaign).toMatchObject({ source: 'newsletter', medium: 'email' });
    await until(() => !!collector.db.prepare("SELECT 1 FROM events WHERE event = 'Product Viewed'").get(), 10000, 'product view');
    expect(cspErrors).toEqual([]);
  } finally {
    await shop.close();
    await collector.close();
  }
});

test('loaded twice: the second copy does nothing but warn', async ({ page, collector }) => {
  await debugBuild(page);
  const warnings: string[] = [];
  page.on('console', (m) => m.type() == 'warning' && warnings.push(m.text()));
  await page.goto(collector.origin + '/test/e2e/pages/snippet-twice.html');
  await until(() => collector.events().length >= 1, 10000, 'page view');
  await page.evaluate(() => (window as any).waymark('track', 'After Load'));
  await until(() => collector.events().some((m) => m.event == 'After Load'), 10000, 'track after load');
  await page.waitForTimeout(500);
  expect(collector.events().map((m) => m.event ?? m.type)).toEqual(['page', 'After Load']);
  expect(warnings.filter((w) => w.includes('loaded twice'))).toHaveLength(1);
});

test('consent pending: nothing stored or sent until granted, then the held calls in order', async ({ page, collector }) => {
  await page.goto(collector.origin + '/test/e2e/pages/snippet-consent.html');
  await until(() => sdkLoaded(page), 10000, 'SDK loaded');
  await page.evaluate(() => {
    const w = (window as any).waymark;
    w('track', 'Before Consent', { i: 0 });
    w('track', 'Before Consent', { i: 1 });
  });
  await page.waitForTimeout(600);
  expect(collector.events()).toHaveLength(0);
  // Nothing written either: no event in IndexedDB, no visitor id in localStorage.
  expect(await storedEvents(page)).toBe(0);
  expect(await storedIds(page)).toBeNull();
  await page.evaluate(() => (window as any).waymark('consent', 'granted'));
  await until(() => collector.events().length >= 2, 10000, 'held calls sent');
  expect(collector.events().map((m) => (m.properties as { i: number }).i)).toEqual([0, 1]);
});

test('consent denied: held calls are dropped and nothing is sent', async ({ page, collector }) => {
  await page.goto(collector.origin + '/test/e2e/pages/snippet-consent.html');
  await until(() => sdkLoaded(page), 10000, 'SDK loaded');
  await page.evaluate(() => {
    const w = (window as any).waymark;
    w('track', 'Before Refusal');
    w('consent', 'denied');
    w('track', 'After Refusal');
  });
  await page.waitForTimeout(800);
  expect(collector.events()).toHaveLength(0);
  expect(await storedEvents(page)).toBe(0);
  expect(await storedIds(page)).toBeNull();
});

test('global config object and a queue array: replayed in order, push keeps working after load', async ({ page, collector }) => {
  await page.goto(collector.origin + '/test/e2e/pages/snippet-global.html');
  await until(() => sdkLoaded(page), 10000, 'SDK loaded');
  await page.evaluate(() => (window as any).waymark.push(['track', 'Pushed After Load', { i: 2 }]));
  await until(() => collector.events().length >= 3, 10000, 'three events');
  expect(collector.events().map((m) => m.event)).toEqual(['Queued A', 'Queued B', 'Pushed After Load']);
});

test('the documented inline stub runs under a CSP that allows it by the documented hash', async ({ page, collector }) => {
  const { readFileSync } = await import('node:fs');
  const { createHash } = await import('node:crypto');
  const stub = readFileSync('examples/snippet/stub.js', 'utf8');
  const readme = readFileSync('examples/snippet/README.md', 'utf8');
  const hash = 'sha256-' + createHash('sha256').update(stub).digest('base64');
  // the README's snippet is this exact stub, and its CSP line names this exact hash
  expect(readme).toContain('<script>' + stub + '</script>');
  expect(readme).toContain(`'${hash}'`);
  const csp = `default-src 'self'; script-src 'self' '${hash}'; style-src 'self'`;
  const html =
    `<!doctype html><html><head><meta charset="utf-8"><title>inline snippet</title>\n<script>${stub}</script>\n` +
    `<script async src="/dist/waymark.iife.js" data-endpoint="/v1/batch" data-flush-interval="100" data-capture="none"></script>\n` +
    `</head><body><h1>Inline snippet</h1></body></html>`;
  await page.route('**/inline-snippet.html', (route) => route.fulfill({ status: 200, contentType: 'text/html', headers: { 'Content-Security-Policy': csp }, body: html }));
  const blocked: string[] = [];
  page.on('console', (m) => /Content Security Policy/i.test(m.text()) && blocked.push(m.text()));
  const release = await holdSdk(page);
  await page.goto(collector.origin + '/inline-snippet.html', { waitUntil: 'domcontentloaded' });
  await page.evaluate(() => (window as any).waymark('track', 'Inline Stub Call', { n: 1 }));
  expect(await sdkLoaded(page)).toBe(false);
  release();
  await until(() => collector.events().some((m) => m.event == 'Inline Stub Call'), 10000, 'queued call delivered');
  expect(blocked).toEqual([]);
});

test('journey rules and the debug panel from data- attributes, on the demo shop', async ({ page }) => {
  const collector = await startSqliteCollector({ port: 0, db: ':memory:', quiet: true });
  const rules = {
    stages: ['look', 'want', 'own'],
    rules: [
      { id: 'shop-want', stage: 'want', event: 'Product *' },
      { id: 'shop-look', stage: 'look', type: 'page' },
    ],
  };
  const shop = await startShop({ port: 0, endpoint: collector.endpoint, attributes: { flushInterval: 100, debug: true, rules } });
  try {
    await page.goto(shop.url + '/product-city-sneaker.html');
    // the panel the journey plugin draws, asked for by data-debug, under the shop's strict CSP
    await expect(page.locator('[data-waymark-debug]')).toBeVisible();
    await expect(page.locator('[data-waymark-debug]')).toContainText('shop-want');
    // In its shadow root the shop's stylesheet cannot reach it (the shop's `table { background:
    // #fff }` once made its light text unreadable): the panel's own colours, and a screenshot.
    const look = await page
      .locator('[data-waymark-debug] td')
      .first()
      .evaluate((td) => {
        const s = getComputedStyle(td);
        const table = getComputedStyle(td.closest('table')!);
        return { color: s.color, font: s.fontFamily, table: table.backgroundColor, shadow: !!td.getRootNode() && td.getRootNode() != document };
      });
    expect(look).toEqual({ color: 'rgb(238, 238, 238)', font: expect.stringContaining('monospace'), table: 'rgba(0, 0, 0, 0)', shadow: true });
    await page.locator('[data-waymark-debug]').screenshot({ path: test.info().outputPath('debug-panel.png') });
    const stageOf = (event: string) => collector.db.prepare('SELECT stage FROM events WHERE event = ?').get(event) as { stage: string } | undefined;
    await until(() => !!stageOf('Product Viewed'), 10000, 'product view stored');
    expect(stageOf('Product Viewed')!.stage).toBe('want');
  } finally {
    await shop.close();
    await collector.close();
  }
});

test('the abandonment window from data-abandon-after: a cart left alone is reported as abandoned', async ({ page }) => {
  const collector = await startSqliteCollector({ port: 0, db: ':memory:', quiet: true });
  // 0.02 minutes: 1.2 s without activity
  const shop = await startShop({ port: 0, endpoint: collector.endpoint, attributes: { flushInterval: 100, abandonAfter: 0.02 } });
  try {
    await page.goto(shop.url + '/product-wool-socks.html');
    await page.click('#add');
    const abandoned = () => collector.db.prepare("SELECT properties FROM events WHERE event = 'Cart Abandoned'").all() as { properties: string }[];
    await until(() => abandoned().length > 0, 10000, 'Cart Abandoned stored');
    expect(JSON.parse(abandoned()[0]!.properties)).toMatchObject({ value: 15, currency: 'EUR', products: [{ product_id: 'WS-01', quantity: 1 }] });
  } finally {
    await shop.close();
    await collector.close();
  }
});
