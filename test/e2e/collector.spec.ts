// The collector (collector/) end to end: its HTTP answers, its SQLite file
// across a restart, CORS from another origin in Chromium, and the journey dashboard's
// numbers against SQL counts from the same database.
import { test, expect, type APIRequestContext } from '@playwright/test';
import { mkdtempSync, rmSync, mkdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
// @ts-expect-error: plain JavaScript with JSDoc types, no declaration file
import { startCollector } from '../../collector/src/server.js';

type Collector = { url: string; endpoint: string; db: any; close(): Promise<void> };
type Msg = Record<string, any>;

const STAGES = ['awareness', 'consideration', 'decision', 'purchase', 'retention', 'advocacy'];

let dir: string;
test.beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'waymark-collector-'));
});
test.afterEach(() => rmSync(dir, { recursive: true, force: true }));

const open = (file = join(dir, 'events.db')): Promise<Collector> => startCollector({ port: 0, db: file, quiet: true });

let clock = Date.parse('2026-11-20T09:00:00.000Z');
/** A valid message; `over` replaces or adds fields. */
const msg = (over: Msg = {}): Msg => ({
  type: 'track',
  event: 'Product Viewed',
  properties: {},
  context: { page: { path: '/p/1', url: 'http://shop/p/1', search: '', title: 'P', referrer: '' }, journey: { sessionId: 's' } },
  messageId: crypto.randomUUID(),
  anonymousId: 'visitor-1',
  userId: null,
  timestamp: new Date((clock += 1000)).toISOString(),
  ...over,
});

const post = (request: APIRequestContext, c: Collector, body: unknown, headers: Record<string, string> = {}) =>
  request.post(c.endpoint, {
    // A Buffer goes out as is (a string would be JSON-encoded again for a JSON content type).
    data: Buffer.from(typeof body == 'string' ? body : JSON.stringify(body)),
    headers: { 'content-type': 'application/json', ...headers },
  });

const count = (c: Collector, sql = 'SELECT COUNT(*) AS n FROM events', ...args: unknown[]): number => c.db.prepare(sql).get(...args).n;

/**
 * A shop on a second 127.0.0.1 server (another origin than the collector, so batches go
 * through CORS as on a real site): every path answers `body` with the built script tag at
 * /shop/waymark.iife.js.
 */
const serveShop = async (body: string) => {
  const sdk = readFileSync('dist/waymark.iife.js');
  const server = createServer((req, res) =>
    req.url == '/shop/waymark.iife.js'
      ? res.writeHead(200, { 'Content-Type': 'text/javascript' }).end(sdk)
      : res.writeHead(200, { 'Content-Type': 'text/html' }).end('<!doctype html><script src="/shop/waymark.iife.js"></script>' + body),
  );
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { server, origin: 'http://127.0.0.1:' + (server.address() as AddressInfo).port };
};

test('a malformed envelope is a 400 naming the field; a bad message rejects only itself, with its index', async ({ request }) => {
  const c = await open();
  try {
    const cases: [unknown, RegExp][] = [
      ['{"batch": [', /not valid JSON/],
      [[msg()], /^body must be a JSON object/],
      [{}, /^batch must be an array/],
      [{ batch: [] }, /^batch must not be empty/],
      [{ batch: [msg()], dropped: -1 }, /^dropped must be a non-negative integer/],
    ];
    for (const [body, reason] of cases) {
      const res = await post(request, c, body);
      expect(res.status(), JSON.stringify(body).slice(0, 80)).toBe(400);
      const answer = await res.json();
      expect(answer.reason).toMatch(reason);
      expect(answer.field).toBeTruthy();
    }
    // Over 500 KB: 413, so the SDK halves the batch; another content type: 415.
    const big = { batch: [msg({ properties: { blob: 'x'.repeat(600_000) } })] };
    expect((await post(request, c, big)).status()).toBe(413);
    expect((await post(request, c, { batch: [msg()] }, { 'content-type': 'application/x-www-form-urlencoded' })).status()).toBe(415);
    expect((await request.get(c.endpoint)).status()).toBe(405);
    expect(count(c)).toBe(0);
    expect(count(c, 'SELECT COUNT(*) AS n FROM batches')).toBe(0);

    // Bad messages among good ones: each rejected with its index and reason, the rest stored.
    const mixed = [
      msg(),
      msg({ type: 'purchase' }),
      msg({ timestamp: 'yesterday' }),
      msg({ type: 'alias', event: undefined, userId: 'u', previousId: 'visitor-1' }),
      msg({ anonymousId: undefined }),
    ];
    const res = await post(request, c, { batch: mixed });
    expect(res.status()).toBe(200);
    const answer = await res.json();
    expect(answer).toMatchObject({ ok: true, received: 5, stored: 2 });
    expect(answer.rejected.map((r: Msg) => [r.index, r.field])).toEqual([
      [1, 'type'],
      [2, 'timestamp'],
      [4, 'anonymousId'],
    ]);
    expect(answer.rejected[1].reason).toBe('batch[2].timestamp must be an ISO 8601 date-time string with a time zone');
    expect(c.db.prepare('SELECT type FROM events ORDER BY id').all()).toEqual([{ type: 'track' }, { type: 'alias' }]);
  } finally {
    await c.close();
  }
});

test('a replayed batch stores nothing twice: same Idempotency-Key, and the same messageIds under a new key', async ({ request }) => {
  const c = await open();
  try {
    const batch = { batch: [msg(), msg(), msg({ type: 'page', event: undefined, name: 'Home' })], sentAt: new Date().toISOString(), dropped: 4 };
    const first = await post(request, c, batch, { 'idempotency-key': 'abc-3' });
    expect(await first.json()).toMatchObject({ ok: true, replay: false, received: 3, stored: 3, duplicates: 0 });

    const replay = await post(request, c, batch, { 'idempotency-key': 'abc-3' });
    expect(replay.status()).toBe(200);
    expect(await replay.json()).toMatchObject({ ok: true, replay: true, stored: 0 });

    const sameIds = await post(request, c, batch, { 'idempotency-key': 'other-key' });
    expect(await sameIds.json()).toMatchObject({ ok: true, replay: false, stored: 0, duplicates: 3 });

    // A beacon repeats the batch as text/plain with the key in the body.
    const beacon = await post(request, c, { ...batch, idempotencyKey: 'abc-3', writeKey: 'wk' }, { 'content-type': 'text/plain;charset=UTF-8' });
    expect(await beacon.json()).toMatchObject({ replay: true, stored: 0 });

    expect(count(c)).toBe(3);
    expect(count(c, 'SELECT COUNT(DISTINCT message_id) AS n FROM events')).toBe(3);
    // The dropped count is kept once, with the batch that carried it, not once per replay.
    expect(count(c, 'SELECT TOTAL(dropped) AS n FROM batches WHERE idempotency_key = ?', 'abc-3')).toBe(4);
    expect(count(c, 'SELECT replays AS n FROM batches WHERE idempotency_key = ?', 'abc-3')).toBe(2);
  } finally {
    await c.close();
  }
});

test('the database survives a restart: data still there, a replayed batch still dropped', async ({ request }) => {
  const file = join(dir, 'restart.db');
  const batch = { batch: [msg({ context: { journey: { sessionId: 's9', stage: 'decision', furthestStage: 'decision' } } }), msg()] };
  let c = await open(file);
  expect((await (await post(request, c, batch, { 'idempotency-key': 'restart-1' })).json()).stored).toBe(2);
  await c.close();

  c = await open(file);
  try {
    expect(count(c)).toBe(2);
    expect(c.db.prepare('SELECT stage, session_id FROM events WHERE stage IS NOT NULL').get()).toEqual({ stage: 'decision', session_id: 's9' });
    expect(c.db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect((await (await post(request, c, batch, { 'idempotency-key': 'restart-1' })).json()).replay).toBe(true);
    expect((await (await post(request, c, batch, { 'idempotency-key': 'restart-2' })).json()).duplicates).toBe(2);
    expect(count(c)).toBe(2);
    const summary = await (await request.get(c.url + '/api/summary')).json();
    expect(summary.totals.events).toBe(2);
  } finally {
    await c.close();
  }
});

test('Chromium on another origin can post with Idempotency-Key and Authorization (preflight) and by beacon', async ({ page }) => {
  const c = await open();
  // A second collector stands in for the shop: its dashboard page is another origin.
  const shop: Collector = await startCollector({ port: 0, db: ':memory:', quiet: true });
  try {
    await page.goto(shop.url + '/health');
    const batch = { batch: [msg({ messageId: 'cors-1' }), msg({ messageId: 'cors-2' })], sentAt: new Date().toISOString() };
    const answer = await page.evaluate(
      async ([endpoint, body]) => {
        const res = await fetch(endpoint, {
          method: 'POST',
          body,
          headers: { 'Content-Type': 'application/json', 'Idempotency-Key': 'cors-key', Authorization: 'Basic ' + btoa('wk_123:') },
        });
        return { status: res.status, body: await res.json() };
      },
      [c.endpoint, JSON.stringify(batch)] as const,
    );
    expect(answer).toEqual({ status: 200, body: { ok: true, replay: false, received: 2, stored: 2, duplicates: 0 } });
    expect(c.db.prepare('SELECT write_key, transport FROM batches').get()).toEqual({ write_key: 'wk_123', transport: 'fetch' });

    // The unload path: a text/plain beacon repeating one event plus a new one, with its key in the body.
    const beacon = { batch: [msg({ messageId: 'cors-2' }), msg({ messageId: 'cors-3' })], idempotencyKey: 'beacon-key', writeKey: 'wk_123' };
    expect(await page.evaluate(([endpoint, body]) => navigator.sendBeacon(endpoint, body), [c.endpoint, JSON.stringify(beacon)] as const)).toBe(true);
    await expect.poll(() => count(c)).toBe(3);
    expect(c.db.prepare("SELECT idempotency_key, stored, duplicates FROM batches WHERE transport = 'beacon'").get()).toEqual({
      idempotency_key: 'beacon-key',
      stored: 1,
      duplicates: 1,
    });
  } finally {
    await shop.close();
    await c.close();
  }
});

/**
 * A seeded shop: visitors on known paths, each event tagged with its stage and the furthest
 * stage so far, as the journey plugin does.
 */
const seed = () => {
  const out: Msg[] = [];
  let n = 0;
  const visit = (id: string, channel: string, steps: [type: string, event: string, stage: string | null, props?: Msg][]) => {
    let furthest = -1;
    for (const [type, event, stage, props = {}] of steps) {
      if (stage) furthest = Math.max(furthest, STAGES.indexOf(stage));
      out.push(
        msg({
          type,
          event: type == 'track' ? event : undefined,
          name: type == 'page' ? event : undefined,
          properties: props,
          anonymousId: id,
          messageId: `${id}-${n++}`,
          context: {
            page: { path: '/' + event.toLowerCase().replace(/\s+/g, '-'), url: '', search: '', title: event, referrer: '' },
            journey: stage ? { sessionId: id + '-s', stage, furthestStage: STAGES[furthest], channel } : { sessionId: id + '-s' },
          },
        }),
      );
    }
  };
  const landing: [string, string, string][] = [['page', 'Landing', 'awareness']];
  const browse: [string, string, string, Msg?][] = [...landing, ['track', 'Product Viewed', 'consideration', { product_id: 'p1' }]];
  const cart: [string, string, string, Msg?][] = [...browse, ['track', 'Product Added', 'decision', { product_id: 'p1', price: 40 }]];
  const checkoutTo = (last: number, done: boolean): [string, string, string, Msg?][] => {
    const steps: [string, string, string, Msg?][] = [...cart, ['track', 'Checkout Started', 'decision']];
    for (let s = 1; s <= last; s++) {
      steps.push(['track', 'Checkout Step Viewed', 'decision', { step: s, step_name: ['Address', 'Shipping', 'Payment'][s - 1] }]);
      if (done || s < last) steps.push(['track', 'Checkout Step Completed', 'decision', { step: s }]);
    }
    return steps;
  };
  const buy: [string, string, string, Msg?][] = [...checkoutTo(3, true), ['track', 'Order Completed', 'purchase', { order_id: 'o', revenue: 80, currency: 'EUR' }]];

  for (let i = 0; i < 9; i++) visit('bounce' + i, i % 3 ? 'paid social' : 'organic social', landing);
  for (let i = 0; i < 7; i++) visit('browse' + i, ['organic search', 'direct', 'email'][i % 3]!, browse);
  for (let i = 0; i < 5; i++)
    visit('cart' + i, i % 2 ? 'paid search' : 'direct', [...cart, ['track', 'Cart Abandoned', 'decision', { value: 40 + i * 10, currency: 'EUR', products: [{}, {}] }]]);
  visit('cart-revenue', 'email', [...cart, ['track', 'Cart Abandoned', 'decision', { revenue: 25.5, currency: 'EUR' }]]);
  for (const last of [1, 2, 3])
    for (let i = 0; i < 4 - last; i++) visit(`checkout${last}-${i}`, 'paid search', [...checkoutTo(last, false), ['track', 'Checkout Abandoned', 'decision', { step: last }]]);
  for (let i = 0; i < 4; i++) visit('buyer' + i, ['email', 'organic search', 'referral', 'paid search'][i]!, buy);
  for (let i = 0; i < 2; i++) visit('returning' + i, 'email', [...buy, ['page', 'Account', 'retention'], ['track', 'Order Completed', 'retention', { revenue: 30 }]]);
  visit('advocate', 'referral', [...buy, ['track', 'Product Reviewed', 'advocacy', { rating: 5 }]]);
  // Seen only after buying (an earlier device): the furthest stage says purchase.
  out.push(msg({ anonymousId: 'late', messageId: 'late-1', context: { journey: { sessionId: 'l', stage: 'retention', furthestStage: 'purchase', channel: 'direct' } } }));
  // No journey plugin at all: counted as a visitor, so at the first stage (where every visitor is).
  visit('plain', 'direct', [['page', 'Home', null]]);
  return out;
};

/**
 * The funnel straight from SQL: visitors with an event at the stage or a furthest stage at or
 * beyond it; at the first stage, every visitor (so the funnel's top is the visitors tile).
 */
const sqlFunnel = (c: Collector) =>
  Object.fromEntries(
    STAGES.map((stage, i) => {
      const beyond = STAGES.slice(i);
      const sql = `SELECT COUNT(DISTINCT anonymous_id) AS n FROM events WHERE ? OR stage = ? OR furthest_stage IN (${beyond.map(() => '?').join(',')})`;
      return [stage, count(c, sql, i == 0 ? 1 : 0, stage, ...beyond)];
    }),
  );

test('dashboard: the funnel shows the database counts for a seeded shop, the stream goes live, and a screenshot is saved', async ({ page, request }) => {
  const c = await open();
  const cspErrors: string[] = [];
  page.on('console', (m) => m.type() == 'error' && cspErrors.push(m.text()));
  try {
    const events = seed();
    for (let i = 0; i < events.length; i += 25) {
      const res = await post(request, c, { batch: events.slice(i, i + 25), sentAt: new Date().toISOString(), dropped: i == 0 ? 3 : 0 });
      expect(res.status()).toBe(200);
    }
    expect(count(c)).toBe(events.length);

    const fromSql = sqlFunnel(c);
    // The seed is built so these are known: 35 visitors land, 'late' counts from awareness to
    // purchase by its furthest stage, 'plain' (no journey) at awareness; the advocate counts at
    // retention by its furthest stage.
    expect(fromSql).toEqual({ awareness: 37, consideration: 27, decision: 20, purchase: 8, retention: 4, advocacy: 1 });

    await page.setViewportSize({ width: 1280, height: 1400 });
    await page.goto(c.url + '/');
    await expect(page.locator('body[data-loaded=true]')).toBeVisible();
    // the visitors tile is the funnel's top, by definition
    await expect(page.locator('[data-kpi="visitors"] .kpi-value')).toHaveText('37');
    const shown = await page
      .locator('#funnel [data-stage]')
      .evaluateAll((els) => Object.fromEntries(els.map((e) => [e.getAttribute('data-stage'), Number(e.getAttribute('data-count'))])));
    expect(shown).toEqual(fromSql);
    // The numbers printed on the bars are the same numbers.
    for (const stage of STAGES) await expect(page.locator(`#funnel [data-stage="${stage}"] .bar-value`)).toHaveText(String(fromSql[stage]));

    // Checkout drop-off per step, against SQL.
    for (const step of [1, 2, 3]) {
      const viewed = count(c, `SELECT COUNT(DISTINCT anonymous_id) AS n FROM events WHERE event = 'Checkout Step Viewed' AND json_extract(properties, '$.step') = ?`, step);
      const completed = count(c, `SELECT COUNT(DISTINCT anonymous_id) AS n FROM events WHERE event = 'Checkout Step Completed' AND json_extract(properties, '$.step') = ?`, step);
      const row = page.locator(`#checkout [data-step="step-${step}"]`);
      await expect(row).toHaveAttribute('data-viewed', String(viewed));
      await expect(row).toHaveAttribute('data-completed', String(completed));
    }
    await expect(page.locator('#checkout [data-step="step-1"]')).toHaveAttribute('data-viewed', '13');
    await expect(page.locator('#checkout [data-step="step-1"]')).toHaveAttribute('data-completed', '10');
    await expect(page.locator('#checkout [data-step="step-3"] .drop')).toHaveText('−1 (13%)');

    // Abandoned carts: 6 carts, 40+50+60+70+80 by value and 25.5 by revenue.
    await expect(page.locator('#carts [data-carts]')).toHaveAttribute('data-carts', '6');
    await expect(page.locator('#carts [data-value]')).toHaveAttribute('data-value', '325.5');
    // and the checkouts abandoned beside them, by their last step (3 at step 1, 2 at 2, 1 at 3)
    await expect(page.locator('#carts [data-checkouts]')).toHaveAttribute('data-checkouts', '6');
    for (const [step, n] of [
      [1, 3],
      [2, 2],
      [3, 1],
    ])
      await expect(page.locator(`#carts [data-ab-step="${step}"]`)).toHaveAttribute('data-count', String(n));
    await expect(page.locator('#carts [data-ab-channel="paid search"]')).toHaveAttribute('data-ch-checkouts', '6');
    // every chart states its definition
    await expect(page.locator('#funnel .definition')).toContainText('Every visitor has reached the first stage');
    // Channel mix: each row splits that funnel step's visitors across channels (it was 35 here,
    // the visitors with an event at awareness, while the funnel said 36).
    for (const stage of STAGES) await expect(page.locator(`#channels [data-stage="${stage}"]`)).toHaveAttribute('data-visitors', String(fromSql[stage]));
    await expect(page.locator('#channels [data-stage="awareness"] [data-channel="paid social"]')).toHaveAttribute('data-visitors', '6');
    await expect(page.locator('[data-kpi="dropped"] .kpi-value')).toHaveText('3');

    // Live: an event posted now shows up in the stream on the next poll, without a reload.
    await post(request, c, {
      batch: [msg({ event: 'Product Shared', messageId: 'live-1', context: { journey: { sessionId: 'x', stage: 'advocacy', furthestStage: 'advocacy' } } })],
    });
    await expect(page.locator('#stream li').first()).toContainText('Product Shared', { timeout: 5000 });
    await expect(page.locator('#stream li').first().locator('.pill')).toHaveText('Advocacy');
    await expect(page.locator('#stream li').first().locator('.pill')).toHaveAttribute('title', 'furthest stage: advocacy');
    await expect(page.locator('#funnel [data-stage="advocacy"]')).toHaveAttribute('data-count', '2');

    mkdirSync('test-results', { recursive: true });
    await page.screenshot({ path: 'test-results/dashboard.png', fullPage: true });
    // The page works under its strict CSP: nothing was refused.
    expect(cspErrors).toEqual([]);
  } finally {
    await c.close();
  }
});

test('the real SDK delivers to the collector across origins; events an unload beacon sent and the next page resent are stored once', async ({ context }) => {
  const c = await open();
  // The shop is a second server on 127.0.0.1: another origin, so every batch goes through
  // CORS as on a real site. (A page Playwright fulfils itself counts as public to Chromium's
  // Local Network Access checks, which then refuse requests to a loopback collector.)
  const { server, origin: shop } = await serveShop('<title>Shop</title><h1>Shop</h1>');
  const start = (page: import('@playwright/test').Page, flushInterval: number) =>
    page.evaluate(([endpoint, flushInterval]) => ((window as any).wm = (window as any).Waymark.createTracker({ endpoint, flushInterval, writeKey: 'wk_shop' })), [
      c.endpoint,
      flushInterval,
    ] as const);
  try {
    let page = await context.newPage();
    await page.goto(shop + '/shop/index.html');
    // A long flush interval: nothing leaves by fetch, so the unload beacon carries it all. The
    // flush at start (an empty outbox) ends before the events are tracked, so it cannot take them.
    await start(page, 600_000);
    await page.evaluate(() => (window as any).wm.flush());
    await page.evaluate(() => {
      for (let i = 0; i < 12; i++) (window as any).wm.track('Product Viewed', { product_id: 'p' + i });
    });
    await page.waitForTimeout(300);
    // Another tab holds the send lock, so the flush when the page is hidden sends nothing
    // (else it may deliver everything before pagehide, leaving the beacon nothing to carry).
    await page.evaluate(() => void navigator.locks.request('waymark-send', () => new Promise(() => {})));
    await page.close({ runBeforeUnload: true });
    await expect.poll(() => count(c, "SELECT COUNT(*) AS n FROM batches WHERE transport = 'beacon'"), { timeout: 10_000 }).toBeGreaterThan(0);
    expect(count(c)).toBe(12);

    // The next page sends the beaconed events again (their answer could not be read).
    page = await context.newPage();
    await page.goto(shop + '/shop/index.html');
    await start(page, 100);
    // Same messageIds give the same Idempotency-Key, so this is usually a replayed batch; had
    // the SDK grouped them differently, it would be a new batch of duplicate messageIds. (Under
    // load the hidden-page keepalive flush may also race the beacon: more copies, same rule.)
    const resent = 'SELECT TOTAL(replays * messages) + TOTAL(duplicates) AS n FROM batches';
    await expect.poll(() => count(c, resent), { timeout: 15_000 }).toBeGreaterThanOrEqual(12);
    expect(count(c)).toBe(12);
    expect(count(c, 'SELECT COUNT(DISTINCT write_key) AS n FROM batches WHERE write_key = ?', 'wk_shop')).toBe(1);
    const stored = c.db.prepare('SELECT DISTINCT event, type, page_path FROM events').all();
    expect(stored).toEqual([{ event: 'Product Viewed', type: 'track', page_path: '/shop/index.html' }]);
    await page.close();
  } finally {
    await new Promise((r) => server.close(r));
    await c.close();
  }
});

test('group() and alias() from the real SDK are stored as Segment messages, once each', async ({ page }) => {
  const c = await open();
  const { server, origin } = await serveShop('<title>Account</title>');
  try {
    await page.goto(origin + '/account');
    const anonymousId = await page.evaluate(async (endpoint) => {
      const wm = (window as any).Waymark.createTracker({ endpoint, flushInterval: 50 });
      wm.identify('guest-7');
      wm.group('acme-gmbh', { name: 'ACME GmbH', plan: 'b2b' });
      wm.alias('customer-42');
      await wm.flush();
      return wm.anonymousId();
    }, c.endpoint);
    await expect.poll(() => count(c, "SELECT COUNT(*) AS n FROM events WHERE type IN ('group', 'alias')")).toBe(2);
    const rows = c.db.prepare("SELECT type, user_id, anonymous_id, traits, context FROM events WHERE type IN ('group', 'alias') ORDER BY id").all();
    expect(rows.map((r: Msg) => [r.type, r.user_id, r.anonymous_id])).toEqual([
      ['group', 'guest-7', anonymousId],
      ['alias', 'customer-42', anonymousId],
    ]);
    expect(JSON.parse(rows[0].traits)).toEqual({ name: 'ACME GmbH', plan: 'b2b' });
  } finally {
    await new Promise((r) => server.close(r));
    await c.close();
  }
});
