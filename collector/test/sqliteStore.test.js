// What only the SQLite engine has: its file (WAL, created with its folder, reopened), its
// columns, schema versions with migrations (the demo collector's database is adopted), and one
// transaction per batch.
import { afterEach, describe, expect, test } from 'vitest';
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore } from '../src/store/openStore.js';
import { MIGRATIONS } from '../src/store/sqliteMigrations.js';
import { rebuildCounted } from '../src/store/sqliteCounted.js';
import { rebuildPaths } from '../src/store/sqlitePaths.js';
import { readFilters } from '../src/store/filters.js';
import { msg, cart, T0, MIN } from './journeyEvents.js';

const m = (/** @type {string} */ id, over = {}) => ({
  type: 'track',
  event: 'Order Completed',
  properties: { revenue: 12 },
  context: { page: { path: '/thanks' }, journey: { sessionId: 'sess', stage: 'purchase', furthestStage: 'purchase', channel: 'email' } },
  messageId: id,
  anonymousId: 'anon',
  userId: 'u1',
  timestamp: '2026-11-23T10:00:00.000Z',
  ...over,
});

/** @type {string[]} */
const dirs = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));
const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'waymark-store-'));
  dirs.push(dir);
  return dir;
};
const sqlite = async (file = ':memory:') => /** @type {any} */ (await openStore({ engine: 'sqlite', file }));

// The schema examples/collector/openStore.mjs created (before schema versions: user_version 0).
const DEMO_SCHEMA = `
CREATE TABLE IF NOT EXISTS batches (
  id INTEGER PRIMARY KEY, idempotency_key TEXT UNIQUE, received_at TEXT NOT NULL, sent_at TEXT, transport TEXT NOT NULL,
  write_key TEXT, messages INTEGER NOT NULL, stored INTEGER NOT NULL DEFAULT 0, duplicates INTEGER NOT NULL DEFAULT 0,
  dropped INTEGER NOT NULL DEFAULT 0, replays INTEGER NOT NULL DEFAULT 0);
CREATE TABLE IF NOT EXISTS events (
  id INTEGER PRIMARY KEY, message_id TEXT NOT NULL UNIQUE, batch_id INTEGER NOT NULL REFERENCES batches(id), type TEXT NOT NULL,
  event TEXT, name TEXT, anonymous_id TEXT NOT NULL, user_id TEXT, session_id TEXT, stage TEXT, furthest_stage TEXT, channel TEXT,
  page_path TEXT, properties TEXT NOT NULL, traits TEXT, context TEXT NOT NULL, timestamp TEXT NOT NULL, received_at TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS events_reach ON events (anonymous_id, stage, furthest_stage);
CREATE INDEX IF NOT EXISTS events_channel ON events (stage, channel, anonymous_id);
CREATE INDEX IF NOT EXISTS events_event ON events (event);
`;

describe('sqlite store', () => {
  test('stores each message once with its journey and cart columns', async () => {
    const store = await sqlite();
    const c = { cart_id: 'c1', products: [{ product_id: 'p', price: 6, quantity: 2 }], value: 12, currency: 'EUR', step: 2, step_name: 'payment' };
    expect(
      await store.insert([m('a'), m('b', { event: 'Checkout Step Viewed', properties: { step: '2', step_name: 'payment' }, context: { journey: {}, cart: c } }), m('a')], {
        transport: 'fetch',
      }),
    ).toEqual({
      replay: false,
      received: 3,
      stored: 2,
      duplicates: 1,
    });
    expect(store.db.prepare("SELECT * FROM events WHERE message_id = 'a'").get()).toMatchObject({
      type: 'track',
      event: 'Order Completed',
      anonymous_id: 'anon',
      user_id: 'u1',
      session_id: 'sess',
      stage: 'purchase',
      furthest_stage: 'purchase',
      channel: 'email',
      page_path: '/thanks',
      value: 12,
      timestamp: '2026-11-23T10:00:00.000Z',
      ts: Date.parse('2026-11-23T10:00:00.000Z'),
    });
    expect(store.db.prepare("SELECT cart_id, step, step_name, cart_items, currency, cart FROM events WHERE message_id = 'b'").get()).toEqual({
      cart_id: 'c1',
      step: 2,
      step_name: 'payment',
      cart_items: 1,
      currency: 'EUR',
      cart: JSON.stringify(c),
    });
    await store.close();
  });

  test('leaves journey columns empty when the journey plugin is absent, and finds a nested channel', async () => {
    const store = await sqlite();
    await store.insert([
      m('plain', { type: 'page', event: undefined, name: 'Home', properties: { path: '/home' }, context: {} }),
      m('nested', { context: { journey: { sessionId: 's', touchpoint: { channel: 'paid search' } } } }),
    ]);
    expect(store.db.prepare('SELECT message_id, name, stage, furthest_stage, channel, session_id, page_path FROM events ORDER BY id').all()).toEqual([
      { message_id: 'plain', name: 'Home', stage: null, furthest_stage: null, channel: null, session_id: null, page_path: '/home' },
      { message_id: 'nested', name: null, stage: null, furthest_stage: null, channel: 'paid search', session_id: 's', page_path: null },
    ]);
    await store.close();
  });

  test('a replay is recorded on its batch: nothing stored, dropped not counted again', async () => {
    const store = await sqlite();
    await store.insert([m('a')], { idempotencyKey: 'k1', transport: 'fetch', writeKey: 'wk', dropped: 5, sentAt: '2026-11-23T10:00:01.000Z' });
    expect(await store.insert([m('a')], { idempotencyKey: 'k1', transport: 'beacon', dropped: 5 })).toEqual({ replay: true, received: 1, stored: 0, duplicates: 1 });
    expect(store.db.prepare('SELECT idempotency_key, sent_at, transport, write_key, messages, stored, dropped, replays FROM batches').all()).toEqual([
      { idempotency_key: 'k1', sent_at: '2026-11-23T10:00:01.000Z', transport: 'fetch', write_key: 'wk', messages: 1, stored: 1, dropped: 5, replays: 1 },
    ]);
    expect((await store.summary()).totals).toMatchObject({ events: 1, batches: 1, replays: 1, dropped: 5 });
    await store.close();
  });

  test('a file database is in WAL mode, created with its folder, at the latest schema version, and keeps everything across reopening', async () => {
    const file = join(tempDir(), 'nested', 'folder', 'w.db');
    let store = await sqlite(file);
    expect(store.db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(store.db.pragma('user_version', { simple: true })).toBe(MIGRATIONS.length);
    await store.insert([m('a'), m('b')], { idempotencyKey: 'k', transport: 'fetch' });
    await store.close();
    store = await sqlite(file);
    expect((await store.summary()).totals.events).toBe(2);
    expect((await store.insert([m('a'), m('b')], { idempotencyKey: 'k', transport: 'fetch' })).replay).toBe(true);
    expect(await store.insert([m('b'), m('c')], { idempotencyKey: 'k2', transport: 'fetch' })).toMatchObject({ stored: 1, duplicates: 1 });
    await store.close();
  });

  test("the demo collector's database (no schema version) is migrated with its events, which then sweep and count", async () => {
    const file = join(tempDir(), 'demo.db');
    const old = new Database(file);
    old.exec(DEMO_SCHEMA);
    old.prepare("INSERT INTO batches (id, received_at, transport, messages, stored) VALUES (1, '2026-11-23T10:00:02.000Z', 'fetch', 2, 2)").run();
    const cart = { cart_id: 'c9', products: [{ product_id: 'p', price: 20, quantity: 1 }], value: 20, currency: 'EUR' };
    const insert = old.prepare(
      `INSERT INTO events (message_id, batch_id, type, event, anonymous_id, session_id, stage, furthest_stage, channel, properties, context, timestamp, received_at)
       VALUES (?, 1, 'track', ?, 'v9', 's9', 'decision', 'decision', 'email', ?, ?, ?, '2026-11-23T10:00:02.000Z')`,
    );
    insert.run('o1', 'Product Viewed', '{}', JSON.stringify({ journey: { sessionId: 's9', channel: 'email' } }), '2026-11-23T10:00:00.000Z');
    insert.run('o2', 'Product Added', JSON.stringify({ cart_id: 'c9' }), JSON.stringify({ journey: { sessionId: 's9', channel: 'email' }, cart }), '2026-11-23T10:00:01.000Z');
    expect(old.pragma('user_version', { simple: true })).toBe(0);
    old.close();

    const store = await sqlite(file);
    expect(store.db.pragma('user_version', { simple: true })).toBe(MIGRATIONS.length);
    expect(store.db.prepare("SELECT ts, cart_id, cart_items FROM events WHERE message_id = 'o2'").get()).toEqual({
      ts: Date.parse('2026-11-23T10:00:01.000Z'),
      cart_id: 'c9',
      cart_items: 1,
    });
    expect(await store.sweep({ now: '2026-11-23T11:00:00.000Z', abandonAfter: 30 })).toEqual({ carts: 1, checkouts: 0, cancelled: 0 });
    const s = await store.summary();
    expect(s.totals).toMatchObject({ events: 3, visitors: 1, visits: 1 });
    expect(s.abandonment.byChannel).toEqual([{ channel: 'email', carts: 1, cartValue: 20, checkouts: 0, checkoutValue: 0 }]);
    await store.close();
  });

  test('a database from a newer collector is refused, not downgraded', async () => {
    const file = join(tempDir(), 'new.db');
    const db = new Database(file);
    db.pragma(`user_version = ${MIGRATIONS.length + 1}`);
    db.close();
    await expect(sqlite(file)).rejects.toThrow(/newer than this collector/);
  });

  test('a failing message rolls the whole batch back, so a retry stores it whole', async () => {
    const store = await sqlite();
    // a context that cannot be serialised makes the insert throw midway
    /** @type {any} */
    const cyclic = { journey: { sessionId: 's' } };
    cyclic.self = cyclic;
    await expect(store.insert([m('a'), m('b', { context: cyclic })], { idempotencyKey: 'k', transport: 'fetch' })).rejects.toThrow();
    expect(store.db.prepare('SELECT COUNT(*) AS n FROM events').get().n).toBe(0);
    expect(store.db.prepare('SELECT COUNT(*) AS n FROM batches').get().n).toBe(0);
    expect(await store.insert([m('a'), m('b')], { idempotencyKey: 'k', transport: 'fetch' })).toMatchObject({ replay: false, stored: 2 });
    await store.close();
  });
});

describe('sqlite store, a database from before the dashboard reports (schema version 3)', () => {
  test('is upgraded: segment and product columns filled from the stored JSON, visits built, every report as a fresh store says', async () => {
    const { shopEvents } = await import('../../bench/lib/shopEvents.mjs');
    const { rowOf } = await import('../src/store/rowOf.js');
    const { readFilters } = await import('../src/store/filters.js');
    const batches = [...shopEvents({ visitors: 60, seed: 3, batchSize: 100 })];
    const file = join(tempDir(), 'v3.db');
    const old = new Database(file);
    for (const migration of MIGRATIONS.slice(0, 3)) migration(old);
    old.pragma('user_version = 3');
    old.prepare(`INSERT INTO batches (id, received_at, transport, messages) VALUES (1, '2026-12-01T00:00:00.000Z', 'fetch', 0)`).run();
    // the columns version 3 had
    const V3 = `message_id messageId version type event name anonymous_id anonymousId user_id userId group_id groupId previous_id previousId session_id sessionId stage furthest_stage furthestStage channel page_path pagePath source cart_id cartId value currency step step_name stepName idle_time idleTime cart cart_items cartItems properties traits context timestamp ts received_at receivedAt`;
    const names = V3.split(' ');
    /** @type {[string, string][]} */
    const cols = [];
    for (let i = 0; i < names.length; i++) {
      const col = names[i];
      const next = names[i + 1];
      const key = next && /[A-Z]/.test(next) ? (i++, next) : col;
      cols.push([col, key]);
    }
    const insert = old.prepare(`INSERT INTO events (batch_id, ${cols.map((c) => c[0]).join(', ')}) VALUES (1, ${cols.map((c) => '@' + c[1]).join(', ')})`);
    for (const b of batches) for (const msg of b) insert.run(rowOf(msg, '2026-12-01T00:00:00.000Z'));
    old.close();

    const upgraded = await sqlite(file);
    const fresh = await sqlite();
    for (const b of batches) await fresh.insert(b, { receivedAt: '2026-12-01T00:00:00.000Z' });
    expect(upgraded.db.pragma('user_version', { simple: true })).toBe(MIGRATIONS.length);
    const strip = (/** @type {any} */ r) => ({ ...r, generatedAt: null, totals: { ...r.totals, batches: null, duplicates: null } });
    const filters = [readFilters(), readFilters({ device: 'mobile' }), readFilters({ from: '2026-11-01T00:00:00Z', channel: 'email' })];
    for (const f of filters) {
      expect(strip(await upgraded.summary({ filters: f }))).toEqual(strip(await fresh.summary({ filters: f })));
      for (const report of ['trends', 'segments', 'products', 'paths', 'timeToConvert'])
        expect(await upgraded[report]({ filters: f })).toEqual(await fresh[report]({ filters: f }));
    }
    expect((await upgraded.summary()).sales.orders).toBeGreaterThan(0);
    await upgraded.close();
    await fresh.close();
  });
});

// Tables the SQLite engine keeps at each write so the dashboard reads them, not every event:
// each must equal what computing it from the events afresh says.
describe('sqlite store, tables kept at each write', () => {
  /**
   * What `read` says after `rebuild` computes the table from scratch, inside a savepoint that is
   * rolled back: the kept table is compared, not replaced.
   */
  const afresh = (/** @type {any} */ db, /** @type {(db: any) => void} */ rebuild, /** @type {() => unknown} */ read) => {
    db.exec('SAVEPOINT afresh');
    rebuild(db);
    const rows = read();
    db.exec('ROLLBACK TO afresh; RELEASE afresh');
    return rows;
  };
  test('the counted abandonments kept at each write are what counting them from the events says', async () => {
    const store = await sqlite();
    const counted = () => store.db.prepare('SELECT * FROM abandonments_counted ORDER BY kind, cart_key').all();
    const fromEvents = () => afresh(store.db, rebuildCounted, counted);
    const iso = (/** @type {number} */ at) => new Date(T0 + at).toISOString();
    const sweep = (/** @type {number} */ at) => store.sweep({ now: iso(at), abandonAfter: 30 });
    const same = async () => {
      expect(counted()).toEqual(fromEvents());
      return counted().map((/** @type {any} */ r) => `${r.kind}:${r.cart_key}:${r.source ?? 'sdk'}`);
    };
    const k = cart('cart-k', [['trail-runner', 120]], { step: 1 });
    const l = cart('cart-l', [['city-sneaker', 89.9]]);
    await store.insert([
      msg({ visitor: 'k', at: 0, event: 'Checkout Started', stage: 'decision', cart: k }),
      msg({ visitor: 'l', at: 0, event: 'Product Added', stage: 'decision', cart: l }),
    ]);
    expect(await same()).toEqual([]);
    expect(await sweep(31 * MIN)).toEqual({ carts: 1, checkouts: 1, cancelled: 0 });
    expect(await same()).toEqual(['cart:cart-l:collector', 'checkout:cart-k:collector']);
    // activity after the window does not cancel; a late beacon inside it does
    await store.insert([msg({ visitor: 'k', at: 40 * MIN })]);
    expect(await same()).toEqual(['cart:cart-l:collector', 'checkout:cart-k:collector']);
    await store.insert([msg({ visitor: 'k', at: 10 * MIN })], { transport: 'beacon' });
    expect(await same()).toEqual(['cart:cart-l:collector']);
    // the next sweep derives it again for the real last activity (the row is replaced)
    expect(await sweep(80 * MIN)).toMatchObject({ checkouts: 1 });
    expect(await same()).toEqual(['cart:cart-l:collector', 'checkout:cart-k:collector']);
    // the browser's own abandonment of l, sent on the next visit, is the one counted
    await store.insert([
      msg({
        visitor: 'l',
        at: 30 * MIN,
        event: 'Cart Abandoned',
        stage: 'decision',
        cart: l,
        properties: { cart_id: 'cart-l', products: l.products, value: 89.9, currency: 'EUR', idle_time: 1800 },
      }),
      // one without a cart id counts on its own
      msg({ visitor: 'm', at: 30 * MIN, event: 'Cart Abandoned', stage: 'decision', properties: { value: 5, idle_time: 1800 }, id: 'no-cart' }),
    ]);
    expect(await same()).toEqual(['cart:cart-l:sdk', 'cart:no-cart:sdk', 'checkout:cart-k:collector']);
    // retention deletes events: the table follows
    await store.purge({ olderThanDays: 1, now: T0 + 24 * 60 * MIN + 35 * MIN });
    expect(await same()).toEqual(['checkout:cart-k:collector']);
    expect((await store.summary()).abandonment.checkouts.count).toBe(1);
    await store.close();
  });

  test("the path starts kept at each write are what finding each start's next step in the events says, with events out of order", async () => {
    const store = await sqlite();
    const starts = () => store.db.prepare('SELECT * FROM path_starts ORDER BY session_id, anonymous_id, message_id').all();
    const fromEvents = () => afresh(store.db, rebuildPaths, starts);
    const next = () => {
      const rows = starts();
      expect(rows).toEqual(fromEvents());
      return Object.fromEntries(rows.map((/** @type {any} */ r) => [r.message_id, r.next === null ? null : r.next.split('\x1f').filter(Boolean).join(' ')]));
    };
    const c = cart('cart-p', [['trail-runner', 120]]);
    await store.insert([msg({ visitor: 'p', at: 2 * MIN, event: 'Product Added', cart: c, id: 'add' }), msg({ visitor: 'p', at: 5 * MIN, id: 'page' })]);
    expect(next()).toEqual({ add: 'page /p' });
    // a product view sent late (an offline tab) that happened between the two is the next step
    await store.insert([msg({ visitor: 'p', at: 3 * MIN, event: 'Product Viewed', id: 'late-view' })]);
    expect(next()).toEqual({ add: 'track Product Viewed /p' });
    // a checkout step in the same visit is a start of its own; one in another session, or of
    // another visitor with the same session id, is no next step of this visit
    await store.insert([
      msg({ visitor: 'p', at: 6 * MIN, event: 'Checkout Step Viewed', properties: { step: 1, step_name: 'shipping' }, cart: c, id: 'step' }),
      msg({ visitor: 'p', at: 2.5 * MIN, session: 'p-s2', event: 'Cart Viewed', id: 'other-session' }),
      msg({ visitor: 'q', at: 2.5 * MIN, session: 'p-s1', event: 'Cart Viewed', id: 'other-visitor' }),
    ]);
    expect(next()).toEqual({ add: 'track Product Viewed /p', step: null });
    // its completion is no step; the order after it is
    await store.insert([
      msg({ visitor: 'p', at: 7 * MIN, event: 'Checkout Step Completed', properties: { step: 1 } }),
      msg({ visitor: 'p', at: 8 * MIN, event: 'Order Completed', id: 'order' }),
    ]);
    expect(next()).toEqual({ add: 'track Product Viewed /p', step: 'track Order Completed /p' });
    expect((await store.paths()).from.map((/** @type {any} */ f) => f.next)).toEqual([[{ step: 'Product Viewed', count: 1 }], [{ step: 'Order Completed', count: 1 }]]);
    // retention: the starts of deleted events go with them
    await store.purge({ olderThanDays: 1, now: T0 + 24 * 60 * MIN + 4 * MIN });
    expect(next()).toEqual({ step: 'track Order Completed /p' });
    await store.close();
  });

  test('the summary over all time, read from the per-visitor rollup, is what grouping the visits says; for another stage list too', async () => {
    const file = join(tempDir(), 'w.db');
    const STAGES = ['awareness', 'consideration', 'decision', 'purchase', 'retention', 'advocacy'];
    const CHANNELS = ['email', 'direct', 'paid search', 'referral'];
    /** @type {any[]} */
    const batches = [];
    for (let i = 0; i < 40; i++)
      for (let session = 1; session <= 1 + (i % 3); session++) {
        const at = (i * 7 + session * 50) * MIN;
        const furthest = STAGES[(i + session) % 4];
        const o = { visitor: 'v' + i, session: `v${i}-s${session}`, channel: CHANNELS[(i * session) % 4] };
        batches.push([
          msg({ ...o, at, stage: 'awareness', furthest: 'awareness' }),
          msg({ ...o, at: at + MIN, stage: furthest, furthest }),
          ...(furthest == 'purchase' ? [msg({ ...o, at: at + 2 * MIN, event: 'Order Completed', stage: 'purchase', properties: { revenue: 10 + i } })] : []),
        ]);
      }
    // out of order: a visitor's later visit may arrive first
    batches.reverse();
    /** Everything the summary says, from the rollup and from the visits (an always-true range sends it there). */
    const both = async (/** @type {any} */ store, /** @type {string[]} */ stages) => {
      const fromRollup = await store.summary({ stages });
      const fromVisits = await store.summary({ stages, filters: readFilters({ from: '1970-01-01T00:00:00Z' }) });
      for (const s of [fromRollup, fromVisits]) delete s.range.from, delete s.filters, delete s.generatedAt;
      return [fromRollup, fromVisits];
    };
    const store = await sqlite(file);
    for (const [k, b] of batches.entries()) {
      await store.insert(b);
      if (k % 15 == 0) {
        const [a, b2] = await both(store, STAGES);
        expect(a).toEqual(b2);
      }
    }
    const [a, b] = await both(store, STAGES);
    expect(a).toEqual(b);
    expect(a.totals.visitors).toBe(40);
    expect(a.channels.filter((/** @type {any} */ s) => s.channels.length > 1).length).toBeGreaterThan(2);
    await store.close();
    // a rollup emptied by hand is built again when the store opens
    const raw = new Database(file);
    raw.exec('DELETE FROM visitor_reach');
    raw.close();
    const again = /** @type {any} */ (await openStore({ engine: 'sqlite', file, stages: STAGES }));
    expect((await both(again, STAGES))[0]).toEqual(a);
    await again.close();
    // reopened with another stage list, the rollup is built again for it
    const other = /** @type {any} */ (await openStore({ engine: 'sqlite', file, stages: ['consideration', 'purchase'] }));
    const [c, d] = await both(other, ['consideration', 'purchase']);
    expect(c).toEqual(d);
    await other.purge({ olderThanDays: 1, now: T0 + 24 * 60 * MIN + 200 * MIN });
    const [e, f] = await both(other, ['consideration', 'purchase']);
    expect(e).toEqual(f);
    expect(e.totals.visitors).toBeLessThan(40);
    await other.close();
  });
});
