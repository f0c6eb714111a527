import { expect, test, vi } from 'vitest';
import { createOutbox, type Outbox, type OutboxRecord } from '../../src/storage/outbox.js';
import { createTracker } from '../../src/index.js';
import { collector, fresh } from './helpers.js';

const rec = (i: number, n = 10, t = Date.now()): OutboxRecord => ({ k: [t, 'tab', i], i: 'id' + i, s: '{}', n });
const lim = { maxEvents: 5, maxBytes: 100, maxAge: 60000 };

for (const [kind, make] of [
  ['IndexedDB', () => createOutbox(fresh(), lim)],
  ['memory', () => createOutbox('', lim, true)],
] as [string, () => Outbox][]) {
  test(`${kind}: past maxEvents the oldest are dropped and counted`, async () => {
    const o = make();
    await o.add([1, 2, 3, 4, 5, 6, 7].map((i) => rec(i)));
    const { records, dropped } = await o.read(100);
    expect(records.map((r) => r.i)).toEqual(['id3', 'id4', 'id5', 'id6', 'id7']);
    expect(dropped).toBe(2);
  });

  test(`${kind}: a write far past the bounds trims in several rounds`, async () => {
    const o = make();
    await o.add(Array.from({ length: 250 }, (_, i) => rec(i)));
    const { records, dropped } = await o.read(100);
    expect(records.map((r) => r.i)).toEqual(['id245', 'id246', 'id247', 'id248', 'id249']);
    expect(dropped).toBe(245);
  });

  test(`${kind}: past maxBytes the oldest are dropped and counted`, async () => {
    const o = make();
    await o.add([rec(1, 40), rec(2, 40)]);
    await o.add([rec(3, 40)]);
    const { records, dropped } = await o.read(100);
    expect(records.map((r) => r.i)).toEqual(['id2', 'id3']);
    expect(dropped).toBe(1);
  });

  test(`${kind}: events older than maxAge are dropped unsent and counted`, async () => {
    const o = make();
    await o.add([rec(1, 10, Date.now() - 120000), rec(2)]);
    const { records, dropped } = await o.read(100);
    expect(records.map((r) => r.i)).toEqual(['id2']);
    expect(dropped).toBe(1);
  });

  test(`${kind}: remove acknowledges the reported drops; reject counts new ones`, async () => {
    const o = make();
    await o.add([rec(1), rec(2), rec(3)], 2);
    let r = await o.read(2);
    expect(r.dropped).toBe(2);
    await o.remove(r.records, r.dropped);
    r = await o.read(10);
    expect(r.records.map((x) => x.i)).toEqual(['id3']);
    expect(r.dropped).toBe(0);
    await o.reject(r.records);
    r = await o.read(10);
    expect(r.records).toEqual([]);
    expect(r.dropped).toBe(1);
  });

  test(`${kind}: removing a record twice does not skew the bounds`, async () => {
    const o = make();
    await o.add([rec(1, 40), rec(2, 40)]);
    const { records } = await o.read(1);
    await o.remove(records, 0);
    await o.remove(records, 0);
    await o.add([rec(3, 40)]);
    const r = await o.read(10);
    expect(r.records.map((x) => x.i)).toEqual(['id2', 'id3']);
    expect(r.dropped).toBe(0);
  });

  test(`${kind}: a batch that takes part of a write leaves the rest, counted once`, async () => {
    const o = make();
    await o.add([1, 2, 3, 4].map((i) => rec(i)));
    const first = await o.read(3);
    expect(first.records.map((r) => r.i)).toEqual(['id1', 'id2', 'id3']);
    await o.remove(first.records.slice(0, 1), 0);
    await o.remove(first.records.slice(1, 2), 0);
    expect((await o.read(10)).records.map((r) => r.i)).toEqual(['id3', 'id4']);
    // the counters saw two events leave: three more fit before the bound (5)
    await o.add([5, 6, 7].map((i) => rec(i)));
    const r = await o.read(10);
    expect(r.records.map((x) => x.i)).toEqual(['id3', 'id4', 'id5', 'id6', 'id7']);
    expect(r.dropped).toBe(0);
  });

  test(`${kind}: past the bounds, the oldest events of a write are dropped, the rest kept`, async () => {
    const o = make();
    await o.add([1, 2, 3].map((i) => rec(i)));
    await o.add([4, 5, 6, 7].map((i) => rec(i)));
    const { records, dropped } = await o.read(100);
    expect(records.map((r) => r.i)).toEqual(['id3', 'id4', 'id5', 'id6', 'id7']);
    expect(dropped).toBe(2);
  });

  test(`${kind}: reads keep the order of writes`, async () => {
    const o = make();
    await o.add([rec(1), rec(2)]);
    await o.add([rec(3)]);
    expect((await o.read(2)).records.map((r) => r.i)).toEqual(['id1', 'id2']);
  });
}

test('IndexedDB: two outboxes of one name share the records (two tabs)', async () => {
  const name = fresh();
  const a = createOutbox(name, lim);
  const b = createOutbox(name, lim);
  await a.add([rec(1)]);
  await b.add([rec(2)]);
  expect((await a.read(10)).records.map((r) => r.i)).toEqual(['id1', 'id2']);
});

test('IndexedDB: an event another tab stored between the first and last key of a batch stays', async () => {
  const name = fresh();
  const a = createOutbox(name, lim);
  const b = createOutbox(name, lim);
  const t = Date.now();
  await a.add([rec(1, 10, t), rec(3, 10, t + 2)]);
  const { records } = await a.read(10);
  // written by another tab while the batch was on its way, with a key inside its range
  await b.add([{ k: [t + 1, 'other', 0], i: 'id2', s: '{}', n: 10 }]);
  await a.remove(records, 0);
  expect((await a.read(10)).records.map((r) => r.i)).toEqual(['id2']);
  // the counters saw one event leave per removed record: four more fit before the bound
  await a.add([rec(4), rec(5), rec(6), rec(7)]);
  expect((await a.read(10)).dropped).toBe(0);
});

test('without Web Locks, a lease in the database lets one holder send at a time', async () => {
  const name = fresh();
  const a = createOutbox(name, lim);
  const b = createOutbox(name, lim);
  expect((navigator as { locks?: unknown }).locks).toBeFalsy();
  let release!: () => void;
  const held = a.lock(() => new Promise<string>((r) => (release = () => r('a'))));
  await new Promise((r) => setTimeout(r, 20));
  expect(await b.lock(async () => 'b')).toBeUndefined();
  release();
  expect(await held).toBe('a');
  expect(await b.lock(async () => 'b')).toBe('b');
});

test('an IndexedDB that throws falls back to memory with one warning, keeping events', async () => {
  const w = vi.spyOn(console, 'warn').mockImplementation(() => {});
  const open = vi.spyOn(indexedDB, 'open').mockImplementation(() => {
    throw new DOMException('blocked', 'SecurityError');
  });
  const o = createOutbox(fresh(), lim);
  await o.add([rec(1)]);
  await o.add([rec(2)]);
  expect((await o.read(10)).records.map((r) => r.i)).toEqual(['id1', 'id2']);
  expect(w).toHaveBeenCalledTimes(1);
  expect(String(w.mock.calls[0]![0])).toContain('IndexedDB is unavailable (SecurityError)');
  open.mockRestore();
});

test('an IndexedDB that never answers falls back to memory after 10 s', async () => {
  vi.useFakeTimers();
  vi.spyOn(console, 'warn').mockImplementation(() => {});
  vi.spyOn(indexedDB, 'open').mockImplementation(() => ({}) as IDBOpenDBRequest);
  const o = createOutbox(fresh(), lim);
  const added = o.add([rec(1)]);
  await vi.advanceTimersByTimeAsync(10001);
  await added;
  expect((await o.read(10)).records.map((r) => r.i)).toEqual(['id1']);
  vi.useRealTimers();
});

test('Web Locks: one holder sends; a sandboxed origin (SecurityError) sends without a lock; an unloading document (InvalidStateError) sends nothing', async () => {
  const held = new Set<string>();
  const locks = {
    refuse: '' as string,
    async request(name: string, _o: unknown, cb: (l: unknown) => unknown) {
      if (locks.refuse) throw new DOMException('refused', locks.refuse);
      if (held.has(name)) return cb(null);
      held.add(name);
      try {
        return await cb({ name });
      } finally {
        held.delete(name);
      }
    },
  };
  Object.defineProperty(navigator, 'locks', { value: locks, configurable: true });
  try {
    const o = createOutbox(fresh(), lim);
    let release!: () => void;
    const first = o.lock(() => new Promise<string>((r) => (release = () => r('first'))));
    await new Promise((r) => setTimeout(r, 10));
    expect(await o.lock(async () => 'second')).toBeUndefined();
    release();
    expect(await first).toBe('first');
    locks.refuse = 'SecurityError';
    expect(await o.lock(async () => 'sandboxed')).toBe('sandboxed');
    locks.refuse = 'InvalidStateError';
    let ran = false;
    expect(await o.lock(async () => (ran = true))).toBeUndefined();
    expect(ran).toBe(false);
  } finally {
    delete (navigator as { locks?: unknown }).locks;
  }
});

test('a spill written at pagehide is stored by the next page, skipping what its own write committed', async () => {
  const name = fresh();
  const big = { maxEvents: 100, maxBytes: 1e6, maxAge: 60000 };
  const a = createOutbox(name, big);
  await a.restore(); // opens the spill database, as a page's start does
  // one set of records, as a page spills the very records it wrote (rec(1) made twice could
  // straddle a millisecond and get another key)
  const [r1, r2, r3] = [rec(1), rec(2), rec(3)];
  await a.add([r1!]);
  // the page goes: record 1's write committed, 2 and 3 are only in the spill
  a.spill([r1!, r2!, r3!], 'tabA');
  const b = createOutbox(name, big);
  await b.restore();
  const { records } = await b.read(100);
  expect(records.map((r) => r.i)).toEqual(['id1', 'id2', 'id3']);
  // read back once: a third page finds nothing more
  const c = createOutbox(name, big);
  await c.restore();
  expect((await c.read(100)).records).toHaveLength(3);
});

test('a spill goes to localStorage and the spill database both; the next page stores each event once', async () => {
  const name = fresh();
  // room for 4: the 3 spilled events counted twice would drop the oldest
  const small = { maxEvents: 4, maxBytes: 1e6, maxAge: 60000 };
  const a = createOutbox(name, small);
  await a.restore();
  const write = [rec(1), rec(2), rec(3)];
  a.spill([write], 'tabA');
  // written at once: a spill transaction can wait behind another tab's and die with the page
  expect(JSON.parse(localStorage.getItem(name + '-spill:tabA')!)).toHaveLength(1);
  const b = createOutbox(name, small);
  await b.restore();
  const r = await b.read(100);
  expect(r.records.map((x) => x.i)).toEqual(['id1', 'id2', 'id3']);
  expect(r.dropped).toBe(0);
  expect(localStorage.getItem(name + '-spill:tabA')).toBeNull();
  await b.add([rec(4)]);
  expect((await b.read(100)).dropped).toBe(0);
});

test('clear() deletes spilled events too: a spill the next page has not restored yet is gone', async () => {
  const name = fresh();
  const a = createOutbox(name, lim);
  await a.restore();
  await a.add([rec(1)]);
  a.spill([[rec(2), rec(3)]], 'tabA');
  const b = createOutbox(name, lim);
  await b.clear();
  expect(localStorage.getItem(name + '-spill:tabA')).toBeNull();
  const c = createOutbox(name, lim);
  await c.restore();
  expect((await c.read(100)).records).toEqual([]);
});

/** What the outbox database holds, read past the outbox: [key, value] of every entry. */
const raw = (name: string) =>
  new Promise<[IDBValidKey, unknown][]>((ok) => {
    const q = indexedDB.open(name);
    q.onsuccess = () => {
      const s = q.result.transaction('outbox').objectStore('outbox');
      const keys = s.getAllKeys();
      const values = s.getAll();
      values.onsuccess = () => (q.result.close(), ok((keys.result as IDBValidKey[]).map((k, i) => [k, values.result[i]])));
    };
  });

test('IndexedDB: one write of many events is stored as a few records, not one per event', async () => {
  const name = fresh();
  const o = createOutbox(name, { maxEvents: 1000, maxBytes: 1e6, maxAge: 60000, batch: 100 });
  await o.add(Array.from({ length: 250 }, (_, i) => rec(i)));
  const records = (await raw(name)).filter(([k]) => Array.isArray(k));
  // at most a batch of events in each: the sender's batches take whole records
  expect(records.map(([, v]) => (v as unknown[]).length)).toEqual([100, 100, 50]);
  expect((await o.read(1000)).records.map((r) => r.i)).toEqual(Array.from({ length: 250 }, (_, i) => 'id' + i));
});

test('a write that commits after the next page restored its spill is stored once, not twice', async () => {
  const name = fresh();
  const big = { maxEvents: 100, maxBytes: 1e6, maxAge: 60000 };
  const a = createOutbox(name, big);
  await a.restore();
  const write = [rec(1), rec(2), rec(3)];
  // the page goes with its write in flight; the next page restores the spill first
  a.spill([write], 'tabA');
  const b = createOutbox(name, big);
  await b.restore();
  // then the write of the page that went commits after all
  await a.add(write);
  const r = await b.read(100);
  expect(r.records.map((x) => x.i)).toEqual(['id1', 'id2', 'id3']);
  // counted twice meanwhile (the late write cannot tell), which heals once the outbox is empty
  await b.remove(r.records, 0);
  expect((await b.read(100)).records).toEqual([]);
  await b.add(Array.from({ length: 100 }, (_, i) => rec(10 + i)));
  expect((await b.read(1)).dropped).toBe(0);
});

test('a spilled write whose own write committed and was partly delivered adds nothing back', async () => {
  const name = fresh();
  const big = { maxEvents: 100, maxBytes: 1e6, maxAge: 60000 };
  const a = createOutbox(name, big);
  await a.restore();
  const write = [rec(1), rec(2), rec(3)];
  await a.add(write);
  await a.remove((await a.read(2)).records, 0);
  a.spill([write], 'tabA');
  const b = createOutbox(name, big);
  await b.restore();
  expect((await b.read(100)).records.map((x) => x.i)).toEqual(['id3']);
});

test('a tab sends the burst it wrote from memory: its records are written once and never read back', async () => {
  const c = collector();
  const t = createTracker({ name: fresh(), transport: c.transport, flushInterval: 60000, batchSize: 100 });
  // the first flush finds the outbox empty: from then on this tab knows every record in it
  await t.flush();
  const reads = vi.spyOn(IDBObjectStore.prototype, 'getAll');
  const keys = vi.spyOn(IDBObjectStore.prototype, 'getAllKeys');
  for (let i = 0; i < 250; i++) t.track('Burst', { i });
  await t.flush();
  expect(c.events().map((m) => m.properties!.i)).toEqual(Array.from({ length: 250 }, (_, i) => i));
  expect(c.requests).toHaveLength(3);
  expect(reads).not.toHaveBeenCalled();
  expect(keys).not.toHaveBeenCalled();
  await t.shutdown();
});

test('records another tab delivered meanwhile are not sent again: a change by another tab makes this one read the outbox', async () => {
  const name = fresh();
  const a = createOutbox(name, lim);
  const b = createOutbox(name, lim);
  // a knows the outbox (it read it empty) and writes two events
  expect((await a.read(10)).records).toEqual([]);
  await a.add([rec(1), rec(2)]);
  // another tab sends them and writes one of its own
  const sent = await b.read(10);
  await b.remove(sent.records, 0);
  await b.add([{ k: [Date.now(), 'other', 0], i: 'id3', s: '{}', n: 10 }]);
  expect((await a.read(10)).records.map((r) => r.i)).toEqual(['id3']);
});

test('a removal by the events of the mirror leaves what another tab wrote in the range, and reads the next batch in the same transaction', async () => {
  const name = fresh();
  const a = createOutbox(name, { ...lim, maxEvents: 10 });
  const b = createOutbox(name, lim);
  const t = Date.now();
  expect((await a.read(10)).records).toEqual([]);
  await a.add([rec(1, 10, t)]);
  await a.add([rec(3, 10, t + 2)]);
  const first = await a.read(1);
  await b.add([{ k: [t + 1, 'other', 0], i: 'id2', s: '{}', n: 10 }]);
  const next = await a.remove(first.records, 0, 10);
  expect(next!.records.map((r) => r.i)).toEqual(['id2', 'id3']);
  await a.remove(next!.records, 0);
  expect((await a.read(10)).records).toEqual([]);
});
