// A shop and its collector on different origins, the collector allowing only what the CORS
// spec needs for a simple request (Access-Control-Allow-Origin, no preflight answer): every
// way the SDK sends (fetch, fetch with keepalive when the page is hidden, the unload beacon)
// delivers, and not one OPTIONS request is made.
import type { Page } from '@playwright/test';
import { test, expect, until } from './fixtures.js';
import { startCollector, type Collector } from './server.js';

let strict: Collector;
test.beforeEach(async () => {
  strict = await startCollector({ simpleCors: true });
});
test.afterEach(async () => {
  await strict.close();
});

/** The shop's page (the fixture collector's origin), its tracker posting to the strict collector. */
const open = async (page: Page, shop: string, interval: number) => {
  await page.goto(shop + '/test/e2e/pages/basic.html?key=wk_cors&interval=' + interval + '&endpoint=' + encodeURIComponent(strict.endpoint));
  await page.waitForFunction(() => !!(window as any).wm);
};
const track = (page: Page, n: number, tag: string) =>
  page.evaluate(
    ([n, tag]) => {
      for (let i = 0; i < (n as number); i++) (window as any).wm.track('Cors Event', { i, tag });
    },
    [n, tag] as const,
  );
const tagged = (tag: string) => strict.events().filter((m) => (m as { properties?: { tag?: string } }).properties?.tag == tag);

test('fetch, keepalive and beacon batches all reach a cross-origin collector with no preflight', async ({ page, collector: shop }) => {
  expect(new URL(shop.origin).origin).not.toBe(new URL(strict.origin).origin);
  // Records how each batch left the page, calling through to the browser's own fetch.
  await page.addInitScript(() => {
    const sent: { keepalive: boolean; headers: unknown }[] = ((window as any).sent = []);
    const f = window.fetch;
    window.fetch = (input, init) => (String(input).includes('/v1/batch') && sent.push({ keepalive: !!init?.keepalive, headers: init?.headers }), f(input, init));
  });

  // 1. a plain fetch batch
  await open(page, shop.origin, 50);
  await track(page, 5, 'fetch');
  await until(() => tagged('fetch').length == 5, 10000, 'the fetch batch');

  // 2. the flush when the page is hidden: fetch with keepalive
  await page.evaluate(() => (window as any).wm.flush());
  await open(page, shop.origin, 600_000);
  await track(page, 4, 'keepalive');
  await page.waitForTimeout(100);
  await page.evaluate(() => {
    Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => 'hidden' });
    document.dispatchEvent(new Event('visibilitychange'));
  });
  await until(() => tagged('keepalive').length == 4, 10000, 'the keepalive batch');
  const sent: { keepalive: boolean; headers: unknown }[] = await page.evaluate(() => (window as any).sent);
  expect(sent.some((s) => s.keepalive)).toBe(true);
  expect(sent.every((s) => JSON.stringify(s.headers) == '{"Content-Type":"text/plain"}')).toBe(true);

  // 3. the unload beacon: nothing leaves by fetch (long interval, another tab holds the send lock)
  await open(page, shop.origin, 600_000);
  await page.evaluate(() => (window as any).wm.flush());
  await page.evaluate(() => void navigator.locks.request('waymark-send', () => new Promise(() => {})));
  await track(page, 3, 'beacon');
  await page.waitForTimeout(300);
  await page.close({ runBeforeUnload: true });
  await until(() => tagged('beacon').length == 3, 10000, 'the beacon');

  // every batch: text/plain, the write key and the batch key in the body, no custom header
  expect(strict.received.length).toBeGreaterThanOrEqual(3);
  for (const r of strict.received) {
    expect(r.headers['content-type']).toMatch(/^text\/plain/);
    expect(r.headers.authorization).toBeUndefined();
    expect(r.headers['idempotency-key']).toBeUndefined();
    expect(r.body.writeKey).toBe('wk_cors');
    expect(r.body.idempotencyKey).toMatch(/\.\d+$/);
  }
  expect(strict.preflights).toEqual([]);
});

test('a configured header makes batches preflighted: the strict collector refuses them, as the CORS spec says', async ({ page, collector: shop }) => {
  await open(page, shop.origin, 600_000);
  await page.evaluate((endpoint) => {
    const wm = (window as any).Waymark.createTracker({ name: 'headers', endpoint, flushInterval: 50, maxRetryDelay: 50, headers: { 'X-Shop': 's1' } });
    wm.track('Preflighted');
  }, strict.endpoint);
  await until(() => strict.preflights.length > 0, 10000, 'a preflight');
  expect(strict.preflights[0]).toContain('x-shop');
  expect(strict.events()).toEqual([]);
});
