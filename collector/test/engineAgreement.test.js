// The two engines answer alike: a few hundred visitors' worth of varied, seeded events (carts,
// checkouts at each step, orders, emptied carts, visitors without the journey plugin, several
// sessions and channels, browser-side abandonments, replays of whole batches, late beacons)
// go into SQLite and into ClickHouse; after the same sweeps the two summaries are equal.
import { afterAll, beforeAll, expect, test } from 'vitest';
import { freshStore } from './storeEngines.js';
import { msg, cart, MIN } from './journeyEvents.js';

const CHANNELS = ['email', 'paid search', 'organic search', 'direct', 'referral', null];

/** A small deterministic PRNG (mulberry32), so a failure is reproducible. */
const rng = (/** @type {number} */ seed) => () => {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};

/** @param {number} seed */
const visitors = (seed, n = 120) => {
  const r = rng(seed);
  const pick = (/** @type {any[]} */ a) => a[Math.floor(r() * a.length)];
  /** @type {any[][]} */
  const batches = [];
  for (let i = 0; i < n; i++) {
    const v = `v${seed}-${i}`;
    const channel = pick(CHANNELS);
    const plain = r() < 0.08;
    let at = Math.floor(r() * 600) * MIN;
    /** @type {any[]} */
    const out = [];
    const add = (/** @type {any} */ o) =>
      out.push(msg({ visitor: v, at: (at += Math.floor(1 + r() * 4) * MIN), channel, ...(plain && { stage: null, furthest: null, channel: null }), ...o }));
    add({});
    const depth = Math.floor(r() * 5);
    if (depth >= 1) add({ stage: 'consideration', event: 'Product Viewed' });
    const lines = [
      ['trail-runner', 120],
      ['city-sneaker', 89.9],
      ['wool-socks', 12.5, 2],
    ].slice(0, 1 + Math.floor(r() * 3));
    const id = `cart-${v}`;
    if (depth >= 2) add({ stage: 'decision', furthest: 'decision', event: 'Product Added', cart: cart(id, lines) });
    if (depth >= 2 && r() < 0.15) add({ stage: 'decision', furthest: 'decision', event: 'Product Removed', cart: cart(id, []) });
    const last = 1 + Math.floor(r() * 3);
    if (depth >= 3)
      for (let step = 1; step <= last; step++) {
        const c = cart(id, lines, { step, step_name: ['shipping', 'payment', 'review'][step - 1] });
        add({ stage: 'decision', furthest: 'decision', event: 'Checkout Step Viewed', properties: { step, step_name: c.step_name }, cart: c });
        if (step < last || depth == 4) add({ stage: 'decision', furthest: 'decision', event: 'Checkout Step Completed', properties: { step } });
      }
    if (depth == 4) add({ stage: 'purchase', furthest: 'purchase', event: 'Order Completed', cart: cart(id, []), properties: { order_id: 'o-' + v, revenue: 100 } });
    // some browsers notice the abandonment themselves (the in-page timer)
    if (depth >= 2 && depth < 4 && r() < 0.3) {
      const c = cart(id, lines, depth >= 3 ? { step: last } : {});
      out.push(
        msg({
          visitor: v,
          at: at + 30 * MIN,
          channel,
          stage: 'decision',
          event: depth >= 3 ? 'Checkout Abandoned' : 'Cart Abandoned',
          cart: c,
          properties: { cart_id: id, products: c.products, value: c.value, currency: 'EUR', ...(depth >= 3 && { step: last }) },
        }),
      );
    }
    // a visitor comes back in a new session through another channel
    if (r() < 0.2) {
      at += 2 * 1440 * MIN;
      add({ session: v + '-s2', channel: pick(CHANNELS), stage: depth == 4 ? 'retention' : 'consideration', furthest: depth == 4 ? 'retention' : 'consideration' });
    }
    // split the visitor's events over batches; some batches are delivered twice
    for (let k = 0; k < out.length; k += 3) batches.push(out.slice(k, k + 3));
  }
  return batches;
};

/** @type {any[]} */
const stores = [];
beforeAll(async () => {
  stores.push(await freshStore('sqlite'), await freshStore('clickhouse'));
});
afterAll(async () => {
  for (const s of stores) await s.close();
});

test.each([1, 2])(
  'seed %i: SQLite and ClickHouse give the same summary, sweep by sweep',
  async (seed) => {
    const batches = visitors(seed);
    const r = rng(seed * 7);
    // the late half arrives after the first sweep (beacons replayed on a next visit)
    const early = batches.filter(() => r() < 0.85);
    const late = batches.filter((b) => !early.includes(b));
    const same = async (/** @type {(s: any) => Promise<any>} */ f) => {
      const [a, b] = await Promise.all(stores.map(f));
      expect(b).toEqual(a);
      return a;
    };
    // (disjoint batches, all at once: ClickHouse shares one INSERT among them)
    await same((s) => Promise.all(early.map((b, i) => s.insert(b, { idempotencyKey: `k${seed}-${i}`, transport: 'fetch' }))));
    // replays of a tenth of the batches, with their key
    await same((s) => Promise.all(early.filter((_, i) => i % 10 == 0).map((b, i) => s.insert(b, { idempotencyKey: `k${seed}-${i * 10}`, transport: 'beacon' }))));
    const at = (/** @type {number} */ min) => new Date(Date.parse('2026-11-20T10:00:00.000Z') + min * MIN).toISOString();
    const first = await same((s) => s.sweep({ now: at(400), abandonAfter: 30 }));
    await same((s) => Promise.all(late.map((b) => s.insert(b, { transport: 'beacon' }))));
    const second = await same((s) => s.sweep({ now: at(5000), abandonAfter: 30 }));
    expect(first.carts + first.checkouts + second.carts + second.checkouts).toBeGreaterThan(5);
    const summaries = await Promise.all(stores.map((s) => s.summary()));
    const comparable = (/** @type {any} */ s) => ({ ...s, generatedAt: null, engine: null, recent: null });
    expect(comparable(summaries[1])).toEqual(comparable(summaries[0]));
    const s = summaries[0];
    // the figures are not trivially empty, and agree with each other by construction
    expect(s.totals.visitors).toBeGreaterThanOrEqual(120);
    expect(s.funnel[0].visitors).toBe(s.totals.visitors);
    for (const [i, f] of s.funnel.entries()) expect(s.channels[i].channels.reduce((n, c) => n + c.visitors, 0)).toBe(f.visitors);
    expect(s.abandonment.carts.count).toBeGreaterThan(0);
    expect(s.abandonment.checkouts.byStep.length).toBe(3);
    const byChannel = s.abandonment.byChannel.reduce((n, c) => n + c.carts + c.checkouts, 0);
    expect(byChannel).toBe(s.abandonment.carts.count + s.abandonment.checkouts.count);
    expect(s.abandonment.checkouts.byStep.reduce((n, x) => n + x.count, 0)).toBe(s.abandonment.checkouts.count);
  },
  60_000,
);
