// The abandonment sweep as the server drives it (contract C4): POST /api/sweep on demand, a
// timer every sweepInterval seconds, both calling store.sweep({ now, abandonAfter }). What a
// sweep derives is the store's (store/); here a store records the calls.
import { afterEach, describe, expect, test } from 'vitest';
import { startCollector } from '../src/server.js';
import { openStore } from '../src/store/openStore.js';

/** @type {Awaited<ReturnType<typeof startCollector>>[]} */
const open = [];
/** @type {(() => Promise<void>)[]} */
const closers = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((c) => c.close()));
  await Promise.all(closers.splice(0).map((f) => f()));
});

/** A real SQLite store whose sweep records its calls (and can be made slow or failing). */
const recordingStore = async () => {
  const store = await openStore({ engine: 'sqlite', file: ':memory:' });
  closers.push(() => store.close());
  /** @type {{ now: string, abandonAfter: number }[]} */
  const calls = [];
  const control = { fail: false, delay: 0 };
  const sweep = async (/** @type {{ now: string, abandonAfter: number }} */ options) => {
    calls.push(options);
    if (control.delay) await new Promise((r) => setTimeout(r, control.delay));
    if (control.fail) throw new Error('disk full');
    return { carts: 1, checkouts: 2, cancelled: 0 };
  };
  return { store: Object.assign(store, { sweep }), calls, control };
};

/** @param {() => boolean} ok */
const until = async (ok, ms = 5000) => {
  const end = Date.now() + ms;
  while (!ok()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 10));
  }
};

describe('sweep', () => {
  test('POST /api/sweep runs it now, at the time given or the current time, with the abandonAfter window', async () => {
    const { store, calls } = await recordingStore();
    const c = await startCollector({ port: 0, store, abandonAfter: 45, sweepInterval: 0, quiet: true });
    open.push(c);
    const res = await c.app.inject({ method: 'POST', url: '/api/sweep', payload: { now: '2026-11-23T12:00:00.000Z' } });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ carts: 1, checkouts: 2, cancelled: 0 });
    expect(calls).toEqual([{ now: '2026-11-23T12:00:00.000Z', abandonAfter: 45 }]);
    const before = Date.now();
    expect((await c.app.inject({ method: 'POST', url: '/api/sweep' })).statusCode).toBe(200);
    expect(Date.parse(/** @type {any} */ (calls[1]).now)).toBeGreaterThanOrEqual(before);
    expect((await c.app.inject({ method: 'POST', url: '/api/sweep', payload: { now: 'noon' } })).statusCode).toBe(400);
    await c.sweep({ now: '2026-11-24T00:00:00.000Z' });
    expect(calls).toHaveLength(3);
  });

  test('the timer sweeps every sweepInterval seconds (default window 30 minutes), one at a time, and logs a failure once', async () => {
    const { store, calls, control } = await recordingStore();
    /** @type {string[]} */
    const lines = [];
    control.delay = 120;
    const c = await startCollector({ port: 0, store, sweepInterval: 0.02, log: (l) => lines.push(l) });
    open.push(c);
    await until(() => calls.length >= 2);
    expect(calls[0]?.abandonAfter).toBe(30);
    // 120 ms per sweep, a tick every 20 ms: ticks during a sweep are skipped
    const t0 = Date.now();
    const n0 = calls.length;
    await new Promise((r) => setTimeout(r, 400));
    expect(calls.length - n0).toBeLessThanOrEqual(Math.ceil((Date.now() - t0) / 120) + 1);
    expect(lines).toContain('[waymark collector] sweep: 1 carts, 2 checkouts abandoned, 0 cancelled');
    control.delay = 0;
    control.fail = true;
    const failed = () => lines.filter((l) => l == '[waymark collector] sweep failed: disk full').length;
    await until(() => failed() > 0);
    // the same failure again and again is logged once
    const n1 = calls.length;
    await until(() => calls.length >= n1 + 3);
    expect(failed()).toBe(1);
    await c.close();
    const after = calls.length;
    await new Promise((r) => setTimeout(r, 100));
    expect(calls.length).toBe(after);
  });

  test("a store passed in is the caller's: close() leaves it open", async () => {
    const { store } = await recordingStore();
    const c = await startCollector({ port: 0, store, sweepInterval: 0, quiet: true });
    await c.close();
    expect(
      (await store.insert([{ type: 'track', event: 'E', messageId: 'x', anonymousId: 'a', timestamp: '2026-11-23T10:00:00.000Z', context: {} }], { transport: 'fetch' })).stored,
    ).toBe(1);
  });

  test('retentionDays purges the store at start (and hourly): store.purge({ olderThanDays })', async () => {
    const { store } = await recordingStore();
    /** @type {unknown[]} */
    const purges = [];
    Object.assign(store, { purge: async (/** @type {unknown} */ o) => (purges.push(o), { events: 3 }) });
    /** @type {string[]} */
    const lines = [];
    const c = await startCollector({ port: 0, store, sweepInterval: 0, retentionDays: 90, log: (l) => lines.push(l) });
    await c.close();
    expect(purges).toEqual([{ olderThanDays: 90 }]);
    expect(lines).toContain('[waymark collector] retention: 3 events older than 90 days deleted');
    // without the option nothing is purged
    const d = await startCollector({ port: 0, store, sweepInterval: 0, quiet: true });
    await d.close();
    expect(purges).toHaveLength(1);
    await expect(startCollector({ port: 0, store, retentionDays: -1 })).rejects.toThrow(/retentionDays/);
  });

  test('abandonAfter and sweepInterval are checked', async () => {
    await expect(startCollector({ port: 0, db: ':memory:', abandonAfter: 0 })).rejects.toThrow(/abandonAfter/);
    await expect(startCollector({ port: 0, db: ':memory:', sweepInterval: -1 })).rejects.toThrow(/sweepInterval/);
  });
});
