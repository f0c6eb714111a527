// The collector as a shop would run it: a configured write key with an origin allowlist, the
// real SDK in Chromium on a page of another origin, delivering by fetch, by keepalive fetch
// (page hidden) and by beacon (page closed). A wrong key and a disallowed origin are refused,
// and nothing else is lost: every event of the allowed page is stored once.
import { test, expect, type Page, type BrowserContext } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
// @ts-expect-error: plain JavaScript with JSDoc types, no declaration file
import { startCollector } from '../../collector/src/server.js';

type Collector = { url: string; endpoint: string; db: any; local: boolean; close(): Promise<void> };

const sdk = () => readFileSync('dist/waymark.iife.js');
/** A shop on its own port: its own origin. */
const startShop = async (): Promise<{ origin: string; server: Server }> => {
  const js = sdk();
  const server = createServer((req, res) =>
    req.url == '/waymark.iife.js'
      ? res.writeHead(200, { 'Content-Type': 'text/javascript' }).end(js)
      : res.writeHead(200, { 'Content-Type': 'text/html' }).end('<!doctype html><title>Shop</title><script src="/waymark.iife.js"></script><h1>Shop</h1>'),
  );
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { origin: 'http://127.0.0.1:' + (server.address() as AddressInfo).port, server };
};

const stored = (c: Collector, event: string): number => c.db.prepare('SELECT COUNT(*) AS n FROM events WHERE event = ?').get(event).n;

/** Opens the shop page and starts the real tracker on it. */
const shopPage = async (context: BrowserContext, origin: string, c: Collector, writeKey: string, flushInterval: number) => {
  const page = await context.newPage();
  await page.goto(origin + '/');
  await page.evaluate(([endpoint, writeKey, flushInterval]) => ((window as any).wm = (window as any).Waymark.createTracker({ endpoint, writeKey, flushInterval })), [
    c.endpoint,
    writeKey,
    flushInterval,
  ] as const);
  return page;
};
const track = (page: Page, event: string, n: number) =>
  page.evaluate(
    ([event, n]) => {
      for (let i = 0; i < n; i++) (window as any).wm.track(event, { i });
    },
    [event, n] as const,
  );

test('a configured key from its allowed origin delivers by fetch, keepalive and beacon; a wrong key and another origin are refused; nothing else is lost', async ({
  context,
  request,
}) => {
  test.setTimeout(90_000);
  const shop = await startShop();
  const other = await startShop();
  const lines: string[] = [];
  const c: Collector = await startCollector({
    port: 0,
    db: ':memory:',
    keys: [{ writeKey: 'wk_shop', origins: [shop.origin] }],
    readKey: 'rk_dash',
    log: (l: string) => lines.push(l),
  });
  // Every request the pages make to the collector, with how it went out.
  const sent: { type: string; status: number; origin: string }[] = [];
  context.on('requestfinished', async (req) => {
    if (!req.url().startsWith(c.endpoint) || req.method() != 'POST') return;
    // a beacon can finish as the test closes the context: its response is gone then, and an
    // unhandled rejection here would fail the test after it passed (CI saw it once)
    const res = await req.response().catch(() => null);
    sent.push({ type: req.resourceType(), status: res?.status() ?? 0, origin: req.headers().origin ?? '' });
  });
  const failed: string[] = [];
  context.on('requestfailed', (req) => req.url().startsWith(c.endpoint) && failed.push(req.failure()?.errorText ?? 'failed'));
  try {
    expect(c.local).toBe(false);

    // 1. fetch: a short flush interval, the page stays open.
    const open = await shopPage(context, shop.origin, c, 'wk_shop', 100);
    await track(open, 'By Fetch', 10);
    await expect.poll(() => stored(c, 'By Fetch'), { timeout: 15_000 }).toBe(10);
    await expect.poll(() => sent.some((s) => s.type == 'fetch' && s.status == 200)).toBe(true);
    // Tabs of one origin share the outbox, and any of them may send it: one tab at a time.
    await open.close();

    // 2. keepalive: nothing leaves on a timer; the page is hidden, and the tracker flushes with
    // fetch({ keepalive: true }). A wrapper around fetch records that the flag was set.
    const hidden = await shopPage(context, shop.origin, c, 'wk_shop', 600_000);
    await hidden.evaluate(() => (window as any).wm.flush());
    await hidden.evaluate(() => {
      const real = window.fetch;
      (window as any).keepalives = 0;
      window.fetch = (input, init) => (((window as any).keepalives += init?.keepalive ? 1 : 0), real(input, init));
    });
    await track(hidden, 'By Keepalive', 8);
    await hidden.evaluate(() => {
      Object.defineProperty(document, 'visibilityState', { value: 'hidden', configurable: true });
      document.dispatchEvent(new Event('visibilitychange'));
    });
    await expect.poll(() => stored(c, 'By Keepalive'), { timeout: 15_000 }).toBe(8);
    expect(await hidden.evaluate(() => (window as any).keepalives)).toBeGreaterThan(0);
    await hidden.close();

    // 3. beacon: the page closes with its events unsent; another tab holds the send lock so
    // the hidden-page flush sends nothing and the pagehide beacon carries them all.
    const closing = await shopPage(context, shop.origin, c, 'wk_shop', 600_000);
    await closing.evaluate(() => (window as any).wm.flush());
    // The real sendBeacon, counted in localStorage (which outlives the page).
    await closing.evaluate(() => {
      const real = navigator.sendBeacon.bind(navigator);
      navigator.sendBeacon = (url, body) => (localStorage.setItem('beacons', String(Number(localStorage.getItem('beacons')) + 1)), real(url, body));
    });
    await track(closing, 'By Beacon', 12);
    await closing.waitForTimeout(300);
    await closing.evaluate(() => void navigator.locks.request('waymark-send', () => new Promise(() => {})));
    await closing.close({ runBeforeUnload: true });
    await expect.poll(() => stored(c, 'By Beacon'), { timeout: 15_000 }).toBe(12);

    // 4. a wrong key, from the allowed origin: 401, and the SDK drops what it refused (the
    // leftover copies of the beaconed events included). flush() resolves once the outbox is
    // empty.
    const wrong = await shopPage(context, shop.origin, c, 'wk_typo', 100);
    expect(Number(await wrong.evaluate(() => localStorage.getItem('beacons')))).toBeGreaterThan(0);
    await track(wrong, 'Wrong Key', 3);
    await wrong.evaluate(() => (window as any).wm.flush());
    await expect.poll(() => sent.filter((s) => s.status == 401).length).toBeGreaterThan(0);
    expect(stored(c, 'Wrong Key')).toBe(0);
    expect(lines).toContain('[waymark collector] rejected batch (401): unknown write key');

    // 5. the right key from an origin it does not allow: the browser gets no CORS answer and
    // the collector stores nothing (a preflight is refused, a simple request is a 403).
    const elsewhere = await shopPage(context, other.origin, c, 'wk_shop', 100);
    const errors: string[] = [];
    elsewhere.on('console', (m) => m.type() == 'error' && errors.push(m.text()));
    const before = failed.length;
    await track(elsewhere, 'Other Origin', 3);
    await expect.poll(() => failed.length > before || errors.some((e) => /CORS/.test(e)), { timeout: 15_000 }).toBe(true);
    expect(stored(c, 'Other Origin')).toBe(0);
    expect(sent.filter((s) => s.origin == other.origin && s.status == 200)).toEqual([]);
    await elsewhere.close();
    await wrong.close();

    // Nothing else lost, nothing twice: exactly the 30 events of the allowed pages.
    expect(c.db.prepare('SELECT event, COUNT(*) AS n, COUNT(DISTINCT message_id) AS d FROM events GROUP BY event ORDER BY event').all()).toEqual([
      { event: 'By Beacon', n: 12, d: 12 },
      { event: 'By Fetch', n: 10, d: 10 },
      { event: 'By Keepalive', n: 8, d: 8 },
    ]);
    // The dashboard's API is behind the read key.
    expect((await request.get(c.url + '/api/summary')).status()).toBe(401);
    const summary = await request.get(c.url + '/api/summary', { headers: { authorization: 'Bearer rk_dash' } });
    expect((await summary.json()).totals.events).toBe(30);
  } finally {
    await c.close();
    await new Promise((r) => shop.server.close(r));
    await new Promise((r) => other.server.close(r));
  }
});
