// Every dashboard report agrees between the engines: the same seeded synthetic shop traffic
// (bench/lib/shopEvents.mjs: sessions, channels, campaigns, devices, landing pages, returning
// visitors, carts, checkouts, orders, browser-side abandonments) goes into SQLite and into
// ClickHouse, some batches twice, and a sweep derives the silent carts; then each report,
// with no filter, a date range and each kind of segment filter, is deep-equal.
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { dropDatabase, freshStore } from './storeEngines.js';
import { NO_FILTERS, readFilters } from '../src/store/filters.js';
import { rowOf } from '../src/store/rowOf.js';
import { chRow } from '../src/store/clickhouseStore.js';
import { ADDED_COLUMNS } from '../src/store/clickhouseSchema.js';
import { shopEvents } from '../../bench/lib/shopEvents.mjs';

const END = Date.parse('2026-12-01T00:00:00Z');

/** @type {any[]} */
const stores = [];
beforeAll(async () => {
  stores.push(await freshStore('sqlite'), await freshStore('clickhouse'));
  const batches = [...shopEvents({ visitors: 300, days: 30, end: END, seed: 7, batchSize: 40 })];
  for (const s of stores) {
    await Promise.all(batches.map((b, i) => s.insert(b, { idempotencyKey: `k${i}`, transport: 'fetch' })));
    // a replay of every fifth batch, and a duplicate of a few messages in a batch of their own
    await Promise.all(batches.filter((_, i) => i % 5 == 0).map((b) => s.insert(b, { transport: 'beacon' })));
    await s.insert(
      batches.slice(0, 3).map((b) => b[0]),
      { transport: 'beacon' },
    );
    await s.sweep({ now: new Date(END + 86_400_000).toISOString(), abandonAfter: 30, lookbackDays: 60 });
  }
}, 120_000);
afterAll(async () => {
  for (const s of stores) await s.close();
});

const FILTERS = {
  none: NO_FILTERS,
  range: readFilters({ from: '2026-11-10T00:00:00Z', to: '2026-11-20T00:00:00Z' }),
  channel: readFilters({ channel: 'paid search' }),
  campaign: readFilters({ campaign: 'autumn-sale', from: '2026-11-05T00:00:00Z' }),
  device: readFilters({ device: 'mobile' }),
  returning: readFilters({ visitor: 'returning' }),
  new: readFilters({ visitor: 'new', to: '2026-11-25T00:00:00Z' }),
  landing: readFilters({ landing: '/collections/shoes' }),
};

/** The answer without what differs by design (the engine's name, the time it was made). */
const comparable = (/** @type {any} */ r) => ({ ...r, generatedAt: null, engine: null, recent: null });

/** Asks both engines the same and expects the same answer; returns SQLite's. */
const same = async (/** @type {string} */ report, /** @type {any} */ query) => {
  const [a, b] = await Promise.all(stores.map((s) => s[report](query)));
  expect(comparable(b)).toEqual(comparable(a));
  return a;
};

const FUNNELS = [
  { steps: [{ stage: 'consideration' }, { event: 'Product Added' }, { event: 'Order Completed' }], order: 'strict' },
  { steps: [{ path: '/products/*' }, { event: 'Checkout Step Viewed', where: { step: 2 } }, { path: '/thank-you' }], order: 'strict', window: 3600 },
  { steps: [{ event: 'Product Added' }, { stage: 'awareness' }, { event: 'Product Viewed', where: { product_id: 'cap' } }], order: 'any', window: 86_400 },
  { steps: [{ stage: 'decision' }, { stage: 'purchase' }, { stage: 'retention' }], order: 'any' },
];

describe.each(Object.entries(FILTERS))('filters: %s', (_, filters) => {
  test('summary', async () => {
    const s = await same('summary', { filters });
    expect(s.totals.visitors).toBeGreaterThan(0);
    if (filters === NO_FILTERS) {
      expect(s.sales.orders).toBeGreaterThan(0);
      expect(s.abandonment.carts.count + s.abandonment.checkouts.count).toBeGreaterThan(0);
    }
  });

  test.each(['day', 'hour'])('trends by %s', async (interval) => {
    const t = await same('trends', { filters, interval });
    expect(t.buckets.length).toBeGreaterThan(0);
  });

  test.each(['channel', 'campaign', 'device', 'visitor', 'landing'])('segments by %s', async (by) => {
    const s = await same('segments', { filters, by });
    expect(s.rows.length).toBeGreaterThan(0);
  });

  test('products', async () => {
    const p = await same('products', { filters });
    expect(p.rows.length).toBeGreaterThan(0);
  });

  test('paths', async () => {
    const p = await same('paths', { filters });
    expect(p.from.length).toBeGreaterThan(0);
  });

  test('time to convert', async () => {
    await same('timeToConvert', { filters });
  });

  test.each(FUNNELS.map((f, i) => [i, f]))('custom funnel %i', async (_, funnel) => {
    const f = await same('funnel', { filters, ...funnel });
    expect(f.steps[0].visitors).toBeGreaterThan(0);
  });
});

test('a filter that keeps nothing: every report empty alike', async () => {
  const filters = readFilters({ channel: 'carrier pigeon' });
  expect((await same('summary', { filters })).totals.visitors).toBe(0);
  await same('trends', { filters });
  await same('segments', { filters, by: 'device' });
  await same('products', { filters });
  await same('paths', { filters });
  await same('timeToConvert', { filters });
  await same('funnel', { filters, ...FUNNELS[0] });
});

test('the traffic is not trivial: orders, returning visitors, several channels and devices', async () => {
  const s = await stores[0].summary();
  expect(s.sales.orders).toBeGreaterThan(5);
  const returning = await stores[0].segments({ by: 'visitor' });
  expect(returning.rows.map((r) => r.segment).sort()).toEqual(['new', 'returning']);
  expect((await stores[0].segments({ by: 'device' })).rows.length).toBe(3);
  expect((await stores[0].timeToConvert()).buyers).toBeGreaterThan(5);
});

// The events table as collectors before the segment and product columns created it.
const PREVIOUS_EVENTS = (/** @type {string} */ db) => `CREATE TABLE ${db}.events (
    message_id String, version UInt64, type String, event String, name String, anonymous_id String, user_id String, session_id String,
    stage String, furthest_stage String, channel String, page_path String, source String, cart_id String, value Float64, currency String,
    step Nullable(Int32), step_name String, idle_time Float64, cart String, cart_items UInt32, properties String, traits String,
    context String, timestamp String, ts Int64, received_at String, date Date, group_id String, previous_id String
  ) ENGINE = ReplacingMergeTree(version) PARTITION BY toYYYYMM(date) ORDER BY (anonymous_id, message_id)`;

test('an events table of the previous schema gets the new columns, filled from the stored JSON, and answers alike', async () => {
  const url = /** @type {string} */ (inject('clickhouseUrl'));
  const sql = async (/** @type {string} */ query) => {
    const res = await fetch(url, { method: 'POST', body: query });
    if (!res.ok) throw new Error(await res.text());
    return (await res.text()).trim();
  };
  const database = `upgrade${process.pid}_${Date.now().toString(36)}`;
  await sql(`CREATE DATABASE ${database}`);
  await sql(PREVIOUS_EVENTS(database));
  try {
    const batches = [...shopEvents({ visitors: 80, days: 20, end: END, seed: 11, batchSize: 30 })];
    const receivedAt = new Date(END).toISOString();
    const added = new Set(ADDED_COLUMNS.slice(2).map((c) => c[0]));
    // stored by an earlier collector: without the new columns, and a few messages twice
    const old = batches.flat().map((m) => Object.fromEntries(Object.entries(chRow(rowOf(m, receivedAt))).filter(([k]) => !added.has(k))));
    const body = [...old, ...old.slice(0, 50)].map((r) => JSON.stringify(r)).join('\n');
    await sql(`INSERT INTO ${database}.events FORMAT JSONEachRow\n${body}`);

    const sqlite = await freshStore('sqlite');
    for (const b of batches) await sqlite.insert(b, { receivedAt });
    const ch = await freshStore('clickhouse', { database });
    expect(await sql(`SELECT count() FROM ${database}.events FINAL WHERE is_returning = -2`)).toBe('0');
    expect(await sql(`SELECT count() FROM ${database}.events FINAL`)).toBe(String(old.length));
    for (const s of [sqlite, ch]) await s.sweep({ now: new Date(END + 86_400_000).toISOString(), lookbackDays: 30 });
    const stores2 = [sqlite, ch];
    const both = async (/** @type {string} */ report, /** @type {any} */ query) => {
      const [a, b] = await Promise.all(stores2.map((s) => s[report](query)));
      // the old rows came without batch rows
      const strip = (/** @type {any} */ r) => ({ ...comparable(r), ...(r.totals && { totals: { ...r.totals, batches: null, duplicates: null } }) });
      expect(strip(b)).toEqual(strip(a));
      return a;
    };
    const returning = readFilters({ visitor: 'returning', device: 'mobile' });
    expect((await both('summary', {})).totals.visitors).toBe(80);
    await both('summary', { filters: returning });
    expect((await both('segments', { by: 'campaign' })).rows.length).toBeGreaterThan(1);
    await both('segments', { by: 'visitor', filters: FILTERS.range });
    expect((await both('products', {})).rows.length).toBe(5);
    await both('paths', { filters: returning });
    await both('trends', { interval: 'day', filters: FILTERS.landing });
    await both('timeToConvert', {});
    await both('funnel', FUNNELS[0]);
    // a second start has nothing left to fill
    await ch.close();
    const again = await freshStore('clickhouse', { database });
    expect(await sql(`SELECT count() FROM ${database}.events FINAL WHERE is_returning = -2`)).toBe('0');
    await again.close();
    await sqlite.close();
  } finally {
    await dropDatabase(database);
  }
}, 60_000);
