// The dashboard's reports on both engines (the shared storage suite's way): hand-built visits
// whose every figure is known, asserted through each report, with and without filters.
import { afterEach, describe, expect, test } from 'vitest';
import { ENGINES, freshStore } from './storeEngines.js';
import { msg, cart, T0, MIN } from './journeyEvents.js';
import { FilterError, readFilters } from '../src/store/filters.js';
import { readFunnel } from '../src/store/reportsOf.js';

/** @type {(() => Promise<void>)[]} */
let cleanup = [];
afterEach(async () => {
  for (const f of cleanup.reverse()) await f();
  cleanup = [];
});
const open = async (/** @type {'sqlite' | 'clickhouse'} */ engine) => {
  const store = await freshStore(engine);
  cleanup.push(() => store.close());
  return store;
};
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;
const iso = (/** @type {number} */ at) => new Date(T0 + at).toISOString();
const PHONE = 'Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 Mobile/15E148';
const DESKTOP = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/131.0 Safari/537.36';

/**
 * A message of a visit: msg() with the visit's touches (first touch of the visitor, this
 * visit's touch: its landing page, campaign) and user agent.
 * @param {any} o msg()'s options plus visitStart (ms since T0), firstVisit, landing, campaign, ua, path
 */
const m = ({ visitStart = 0, firstVisit = 0, landing = '/', campaign, ua = DESKTOP, path, ...o }) => {
  const x = msg(o);
  const touch = (at) => ({ channel: o.channel ?? 'direct', path: landing, at: iso(at), ...(campaign && { name: campaign }) });
  x.context.journey = { ...x.context.journey, firstTouch: touch(firstVisit), lastTouch: touch(visitStart) };
  x.context.userAgent = ua;
  if (path) x.context.page = { path, url: 'https://shop.example' + path, referrer: '' };
  return x;
};

// The shop's week, built so every figure below is known:
//   ann   email, autumn-sale campaign, desktop, lands on /; views and adds the trail shoe,
//         checks out and orders 120 at +10 min (one visit, day 0)
//   bob   direct, phone, lands on /p/socks; views socks, adds them, leaves (cart abandoned, 15)
//   cid   email visit on day 0 (views), comes back on day 2 through search (returning) and orders
//         socks twice: 2 orders, 45 in all
//   dan   paid search, phone, lands on /p/shoe; adds the shoe, checkout step 1, abandoned (120)
const week = () => [
  // ann
  m({ visitor: 'ann', at: 0, channel: 'email', campaign: 'autumn-sale', stage: 'awareness', path: '/' }),
  m({
    visitor: 'ann',
    at: MIN,
    event: 'Product Viewed',
    channel: 'email',
    campaign: 'autumn-sale',
    stage: 'consideration',
    properties: { product_id: 'shoe', name: 'Trail Shoe', price: 120 },
  }),
  m({
    visitor: 'ann',
    at: 2 * MIN,
    event: 'Product Added',
    channel: 'email',
    campaign: 'autumn-sale',
    stage: 'decision',
    properties: { product_id: 'shoe', name: 'Trail Shoe', price: 120, quantity: 1 },
    cart: cart('c-ann', [['shoe', 120]]),
  }),
  m({ visitor: 'ann', at: 3 * MIN, event: 'Checkout Step Viewed', channel: 'email', campaign: 'autumn-sale', stage: 'decision', properties: { step: 1, step_name: 'shipping' } }),
  m({
    visitor: 'ann',
    at: 10 * MIN,
    event: 'Order Completed',
    channel: 'email',
    campaign: 'autumn-sale',
    stage: 'purchase',
    properties: { order_id: 'o1', value: 120, currency: 'EUR', products: [{ product_id: 'shoe', name: 'Trail Shoe', price: 120, quantity: 1 }] },
  }),
  // bob
  m({ visitor: 'bob', at: HOUR, visitStart: HOUR, firstVisit: HOUR, ua: PHONE, landing: '/p/socks', stage: 'consideration', path: '/p/socks' }),
  m({
    visitor: 'bob',
    at: HOUR + MIN,
    visitStart: HOUR,
    firstVisit: HOUR,
    ua: PHONE,
    landing: '/p/socks',
    event: 'Product Viewed',
    stage: 'consideration',
    properties: { product_id: 'socks', name: 'Socks' },
  }),
  m({
    visitor: 'bob',
    at: HOUR + 2 * MIN,
    visitStart: HOUR,
    firstVisit: HOUR,
    ua: PHONE,
    landing: '/p/socks',
    event: 'Product Added',
    stage: 'decision',
    properties: { product_id: 'socks', name: 'Socks', price: 15 },
    cart: cart('c-bob', [['socks', 15]]),
  }),
  m({
    visitor: 'bob',
    at: HOUR + 40 * MIN,
    visitStart: HOUR,
    firstVisit: HOUR,
    ua: PHONE,
    landing: '/p/socks',
    event: 'Cart Abandoned',
    stage: 'decision',
    properties: { cart_id: 'c-bob', value: 15, currency: 'EUR', idle_time: 1800, products: [{ product_id: 'socks', name: 'Socks', price: 15, quantity: 1 }] },
  }),
  // cid: two visits
  m({
    visitor: 'cid',
    at: 2 * HOUR,
    visitStart: 2 * HOUR,
    firstVisit: 2 * HOUR,
    channel: 'email',
    stage: 'consideration',
    event: 'Product Viewed',
    properties: { product_id: 'socks' },
  }),
  ...[0, 1].flatMap((k) => [
    m({
      visitor: 'cid',
      session: 'cid-s2',
      at: 2 * DAY + k * 5 * MIN,
      visitStart: 2 * DAY,
      firstVisit: 2 * HOUR,
      channel: 'organic search',
      event: 'Product Added',
      stage: 'decision',
      properties: { product_id: 'socks', price: 15, quantity: 1 + k },
    }),
    m({
      visitor: 'cid',
      session: 'cid-s2',
      at: 2 * DAY + k * 5 * MIN + MIN,
      visitStart: 2 * DAY,
      firstVisit: 2 * HOUR,
      channel: 'organic search',
      event: 'Order Completed',
      stage: 'purchase',
      properties: { order_id: 'oc' + k, value: 15 * (1 + k), currency: 'EUR', products: [{ product_id: 'socks', price: 15, quantity: 1 + k }] },
    }),
  ]),
  // dan
  m({ visitor: 'dan', at: 3 * DAY, visitStart: 3 * DAY, firstVisit: 3 * DAY, channel: 'paid search', ua: PHONE, landing: '/p/shoe', stage: 'consideration', path: '/p/shoe' }),
  m({
    visitor: 'dan',
    at: 3 * DAY + MIN,
    visitStart: 3 * DAY,
    firstVisit: 3 * DAY,
    channel: 'paid search',
    ua: PHONE,
    landing: '/p/shoe',
    event: 'Product Added',
    stage: 'decision',
    properties: { product_id: 'shoe', name: 'Trail Shoe', price: 120 },
  }),
  m({
    visitor: 'dan',
    at: 3 * DAY + 2 * MIN,
    visitStart: 3 * DAY,
    firstVisit: 3 * DAY,
    channel: 'paid search',
    ua: PHONE,
    landing: '/p/shoe',
    event: 'Checkout Step Viewed',
    stage: 'decision',
    properties: { step: 1, step_name: 'shipping' },
  }),
  m({
    visitor: 'dan',
    at: 3 * DAY + 40 * MIN,
    visitStart: 3 * DAY,
    firstVisit: 3 * DAY,
    channel: 'paid search',
    ua: PHONE,
    landing: '/p/shoe',
    event: 'Checkout Abandoned',
    stage: 'decision',
    properties: { cart_id: 'c-dan', value: 120, currency: 'EUR', idle_time: 1800, step: 1, step_name: 'shipping', products: [{ product_id: 'shoe', price: 120, quantity: 1 }] },
  }),
];
const all = readFilters();
const f = (/** @type {Record<string, string>} */ q) => readFilters(q);

describe.each(ENGINES)('%s reports', (engine) => {
  test('sales: buyers, orders, revenue, AOV and conversion, under a range and a segment', async () => {
    const store = await open(engine);
    await store.insert(week());
    const s = await store.summary({ filters: all });
    expect(s.sales).toEqual({ visitors: 4, buyers: 2, orders: 3, revenue: 165, aov: 55, conversionRate: 0.5, currency: 'EUR' });
    expect(s.totals).toMatchObject({ visitors: 4, visits: 5 });
    expect(s.range).toEqual({ from: null, to: null, first: iso(0), last: iso(3 * DAY + 40 * MIN) });
    // day 2 on: cid's second visit and dan; the visit figures follow the visit's start
    const later = await store.summary({ filters: f({ from: iso(DAY) }) });
    expect(later.sales).toMatchObject({ visitors: 2, buyers: 1, orders: 2, revenue: 45 });
    expect(later.funnel.map((x) => x.visitors)).toEqual([2, 2, 2, 1, 0, 0]);
    expect(later.abandonment.checkouts).toMatchObject({ count: 1, value: 120 });
    expect(later.abandonment.carts.count).toBe(0);
    // a segment: email visits (ann's, cid's first)
    const email = await store.summary({ filters: f({ channel: 'email' }) });
    expect(email.sales).toMatchObject({ visitors: 2, buyers: 1, orders: 1, revenue: 120 });
    expect(email.checkout.steps).toMatchObject([{ step: 1, viewed: 1 }]);
    expect(email.channels[0].channels).toEqual([{ channel: 'email', visitors: 2 }]);
    // device and returning come from the user agent and the touches
    expect((await store.summary({ filters: f({ device: 'mobile' }) })).totals).toMatchObject({ visitors: 2 });
    const back = await store.summary({ filters: f({ visitor: 'returning' }) });
    expect(back.sales).toMatchObject({ visitors: 1, orders: 2, revenue: 45 });
    expect((await store.summary({ filters: f({ landing: '/p/socks' }) })).abandonment.carts).toMatchObject({ count: 1, value: 15 });
    expect((await store.summary({ filters: f({ campaign: 'autumn-sale' }) })).sales).toMatchObject({ visitors: 1, orders: 1 });
  });

  test('trends: per day and per hour, the visits that started then and the abandonments counted then', async () => {
    const store = await open(engine);
    await store.insert(week());
    const t = await store.trends({ filters: all, interval: 'day' });
    const day0 = new Date(Math.floor(T0 / 86_400_000) * 86_400_000);
    const at = (/** @type {number} */ d) => new Date(day0.getTime() + d * 86_400_000).toISOString();
    expect(t.buckets.map((b) => [b.start, b.visitors, b.visits, b.buyers, b.orders, b.revenue, b.abandonedValue])).toEqual([
      [at(0), 3, 3, 1, 1, 120, 15],
      [at(2), 1, 1, 1, 2, 45, 0],
      [at(3), 1, 1, 0, 0, 0, 120],
    ]);
    expect(t.buckets[0].stages).toEqual([3, 3, 2, 1, 0, 0]);
    expect(t.buckets[0].conversionRate).toBe(0.3333);
    const hours = await store.trends({ filters: f({ to: iso(DAY) }), interval: 'hour' });
    expect(hours.buckets.map((b) => b.visitors)).toEqual([1, 1, 1]);
    expect(hours.buckets[1].abandonedValue).toBe(15);
  });

  test('segments: a row per value, visitors counted in each segment they had a visit in', async () => {
    const store = await open(engine);
    await store.insert(week());
    const byChannel = await store.segments({ filters: all, by: 'channel' });
    expect(byChannel.rows.map((r) => [r.segment, r.visitors, r.visits, r.buyers, r.orders, r.revenue, r.aov, r.conversionRate, r.abandonedValue])).toEqual([
      ['email', 2, 2, 1, 1, 120, 120, 0.5, 0],
      ['direct', 1, 1, 0, 0, 0, 0, 0, 15],
      ['organic search', 1, 1, 1, 2, 45, 22.5, 1, 0],
      ['paid search', 1, 1, 0, 0, 0, 0, 0, 120],
    ]);
    expect((await store.segments({ filters: all, by: 'device' })).rows.map((r) => [r.segment, r.visitors])).toEqual([
      ['desktop', 2],
      ['mobile', 2],
    ]);
    expect((await store.segments({ filters: all, by: 'visitor' })).rows.map((r) => [r.segment, r.visitors, r.revenue])).toEqual([
      ['new', 4, 120],
      ['returning', 1, 45],
    ]);
    expect((await store.segments({ filters: f({ device: 'mobile' }), by: 'landing' })).rows.map((r) => [r.segment, r.abandonedValue])).toEqual([
      ['/p/shoe', 120],
      ['/p/socks', 15],
    ]);
  });

  test('products: viewed and added by visitors, ordered by orders with their line revenue, abandoned by counted carts', async () => {
    const store = await open(engine);
    await store.insert(week());
    const p = await store.products({ filters: all });
    expect(p.rows).toEqual([
      { product: 'socks', name: 'Socks', viewed: 2, added: 2, ordered: 2, abandoned: 1, revenue: 45 },
      { product: 'shoe', name: 'Trail Shoe', viewed: 1, added: 2, ordered: 1, abandoned: 1, revenue: 120 },
    ]);
    expect((await store.products({ filters: f({ channel: 'paid search' }) })).rows).toEqual([
      { product: 'shoe', name: 'Trail Shoe', viewed: 0, added: 1, ordered: 0, abandoned: 1, revenue: 0 },
    ]);
  });

  test('paths: what came next after each cart add and checkout step, leaving included', async () => {
    const store = await open(engine);
    await store.insert(week());
    const { from } = await store.paths({ filters: all });
    expect(from).toEqual([
      {
        step: 'Product Added',
        total: 5,
        next: [
          { step: 'Checkout Step 1 · shipping', count: 2 },
          { step: 'Order Completed', count: 2 },
          { step: 'Left', count: 1 },
        ],
      },
      {
        step: 'Checkout Step 1 · shipping',
        total: 2,
        next: [
          { step: 'Left', count: 1 },
          { step: 'Order Completed', count: 1 },
        ],
      },
    ]);
  });

  test('time to convert: first event to first order, per buyer whose first order is in the range', async () => {
    const store = await open(engine);
    await store.insert(week());
    const t = await store.timeToConvert({ filters: all });
    // ann: 10 min; cid: first event at 2 h, first order at 2 d + 1 min
    expect(t.buyers).toBe(2);
    expect(t.medianSeconds).toBe((600 + (2 * 86_400 + 60 - 7200)) / 2);
    expect(t.buckets.map((b) => b.buyers)).toEqual([1, 0, 1, 0, 0]);
    expect((await store.timeToConvert({ filters: f({ from: iso(DAY) }) })).buyers).toBe(1);
    expect((await store.timeToConvert({ filters: f({ channel: 'email' }) })).buyers).toBe(1);
  });

  test('custom funnel: stages, events with property filters and page paths; strict or any order; window; median time', async () => {
    const store = await open(engine);
    await store.insert(week());
    const run = (/** @type {Record<string, string>} */ q, filters = all) =>
      store.funnel({ filters, ...readFunnel(q, ['awareness', 'consideration', 'decision', 'purchase', 'retention', 'advocacy']) });
    const steps = JSON.stringify([{ event: 'Product Added' }, { event: 'Checkout Step Viewed' }, { event: 'Order Completed' }]);
    const strict = await run({ steps });
    expect(strict.steps.map((s) => [s.label, s.visitors, s.conversion, s.fromPrevious])).toEqual([
      ['Product Added', 4, 1, 1],
      ['Checkout Step Viewed', 2, 0.5, 0.5],
      ['Order Completed', 1, 0.25, 0.5],
    ]);
    // ann 1 min, dan 1 min from the cart add to the step; ann 7 min from the step to the order
    expect(strict.steps.map((s) => s.medianSeconds)).toEqual([null, 60, 420]);
    // any order: the order may come before the step (none here does), so the same; a window
    // of 5 minutes loses ann's order (8 minutes after her cart add)
    expect((await run({ steps, order: 'any' })).steps.map((s) => s.visitors)).toEqual([4, 2, 1]);
    expect((await run({ steps, window: '300' })).steps.map((s) => s.visitors)).toEqual([4, 2, 0]);
    // order matters in strict: ann's and cid's one-item cart adds came before their orders, so
    // "an order, then such an add" holds for nobody; in any order it holds for both. cid's
    // two-item add came after an order: strict counts it.
    const reversed = JSON.stringify([{ event: 'Order Completed' }, { event: 'Product Added', where: { quantity: 1 } }]);
    expect((await run({ steps: reversed })).steps.map((s) => s.visitors)).toEqual([2, 0]);
    expect((await run({ steps: reversed, order: 'any' })).steps.map((s) => s.visitors)).toEqual([2, 2]);
    const after = JSON.stringify([{ event: 'Order Completed' }, { event: 'Product Added', where: { quantity: 2 } }]);
    expect((await run({ steps: after })).steps.map((s) => s.visitors)).toEqual([2, 1]);
    // a stage, then a page path, then an event with a property
    const mixed = JSON.stringify([{ stage: 'consideration' }, { path: '/p/*' }, { event: 'Product Added', where: { product_id: 'shoe' } }]);
    expect((await run({ steps: mixed })).steps.map((s) => [s.label, s.visitors])).toEqual([
      ['Stage consideration', 4],
      ['Page /p/*', 2],
      ['Product Added (product_id = shoe)', 1],
    ]);
    // step 1 must be in the range
    expect((await run({ steps }, f({ from: iso(DAY) }))).steps.map((s) => s.visitors)).toEqual([2, 1, 0]);
  });
});

describe('report queries refuse what they cannot read', () => {
  test('filters name the field and the fix', () => {
    expect(() => readFilters({ from: 'yesterday' })).toThrow(FilterError);
    expect(() => readFilters({ device: 'watch' })).toThrow(/device: "watch" is not one of desktop, mobile, tablet/);
    expect(() => readFilters({ from: '2026-11-02', to: '2026-11-01' })).toThrow(/to: must be later than from/);
    expect(readFilters({ channel: 'email', from: '2026-11-01T00:00:00Z' })).toMatchObject({ channel: 'email', from: Date.parse('2026-11-01T00:00:00Z'), to: null });
  });
  test('custom funnels name the step that is wrong', () => {
    const stages = ['awareness', 'decision'];
    expect(() => readFunnel({ steps: '[{"event":"A"}]' }, stages)).toThrow(/steps: must hold 2 to 10 steps/);
    expect(() => readFunnel({ steps: '[{"event":"A"},{"stage":"nope"}]' }, stages)).toThrow(/steps\[1\]\.stage: is not one of awareness, decision/);
    expect(() => readFunnel({ steps: '[{"event":"A"},{"event":"B","where":{"x":[1]}}]' }, stages)).toThrow(/steps\[1\]\.where/);
    expect(() => readFunnel({ steps: '[{"event":"A"},{"path":"/x"}]', order: 'random' }, stages)).toThrow(/order: must be "strict"/);
    expect(() => readFunnel({ steps: '[{"event":"A"},{"path":"/x"}]', window: '0' }, stages)).toThrow(/window/);
    expect(readFunnel({ steps: '[{"event":"A"},{"path":"/x"}]' }, stages)).toEqual({ steps: [{ event: 'A' }, { path: '/x' }], window: 604_800, order: 'strict' });
  });
});

describe('the report routes', () => {
  test('each answers under the same filters, and a bad query is a 400 naming the field', async () => {
    const { startCollector } = await import('../src/server.js');
    const c = await startCollector({ port: 0, db: ':memory:', quiet: true, sweepInterval: 0 });
    cleanup.push(() => c.close());
    await c.store.insert(week());
    const get = async (/** @type {string} */ path) => {
      const res = await fetch(c.url + path);
      return { status: res.status, body: await res.json() };
    };
    const q = 'channel=email&from=' + encodeURIComponent(iso(-DAY));
    const steps = encodeURIComponent(JSON.stringify([{ event: 'Product Added' }, { event: 'Order Completed' }]));
    for (const path of ['/api/summary', '/api/trends', '/api/segments', '/api/products', '/api/paths', '/api/time-to-convert', `/api/funnel?steps=${steps}&x=1`]) {
      const { status, body } = await get(path + (path.includes('?') ? '&' : '?') + q);
      expect(status, path).toBe(200);
      expect(body.filters, path).toMatchObject({ channel: 'email', from: iso(-DAY), to: null, device: null });
    }
    expect((await get('/api/summary?' + q)).body.sales).toMatchObject({ visitors: 2, orders: 1, revenue: 120 });
    expect((await get('/api/segments?by=device')).body.rows.map((r) => r.segment)).toEqual(['desktop', 'mobile']);
    expect(await get('/api/summary?from=soon')).toEqual({ status: 400, body: { error: 'invalid query', field: 'from', reason: expect.stringContaining('is not a date') } });
    expect((await get('/api/trends?interval=week')).body).toMatchObject({ field: 'interval' });
    expect((await get('/api/segments?by=colour')).body).toMatchObject({ field: 'by' });
    expect((await get('/api/funnel?steps=nope')).body).toMatchObject({ field: 'steps' });
  });
});
