import { afterEach, expect, test } from 'vitest';
import { createTracker } from '../../src/index.js';
import { collector, fresh, until } from './helpers.js';

// The outbox an older version wrote: one IndexedDB record per event, under its own key
// [time, tab, sequence], with the counters at key 0. A page of the new version delivers it.

const trackers: { shutdown(): Promise<void> }[] = [];
afterEach(async () => {
  await Promise.all(trackers.splice(0).map((t) => t.shutdown()));
});

/** Opens (creating, as idb-keyval does) the tracker's database and runs `fn` on its store. */
const withStore = (name: string, fn: (s: IDBObjectStore) => void) =>
  new Promise<[IDBValidKey, unknown][]>((ok, ko) => {
    const q = indexedDB.open(name);
    q.onupgradeneeded = () => q.result.createObjectStore('outbox');
    q.onerror = () => ko(q.error);
    q.onsuccess = () => {
      const t = q.result.transaction('outbox', 'readwrite');
      const s = t.objectStore('outbox');
      fn(s);
      const keys = s.getAllKeys();
      const values = s.getAll();
      t.oncomplete = () => (q.result.close(), ok((keys.result as IDBValidKey[]).map((k, i) => [k, values.result[i]])));
    };
  });

/** `n` events as the older version stored them: one record each, and the counters. */
const oldOutbox = (name: string, n: number) => {
  const t = Date.now() - 60000;
  let bytes = 0;
  return withStore(name, (s) => {
    for (let i = 0; i < n; i++) {
      const id = 'old-' + i;
      const json = JSON.stringify({ type: 'track', event: 'Old', properties: { i }, messageId: id, anonymousId: 'a', timestamp: new Date(t + i).toISOString() });
      bytes += json.length;
      s.put({ k: [t + i, 'oldtab', i], i: id, s: json, n: json.length }, [t + i, 'oldtab', i]);
    }
    s.put({ c: n, b: bytes, d: 0 }, 0);
  });
};

test('an outbox the older version wrote (one record per event) is delivered after the upgrade, each event once', async () => {
  const name = fresh();
  await oldOutbox(name, 250);
  const c = collector([]);
  const t = createTracker({ name, transport: c.transport, flushInterval: 5 });
  trackers.push(t);
  t.track('New');
  await t.flush();
  await until(() => c.events().length >= 251);
  const ids = c.events().map((m) => m.messageId);
  expect(new Set(ids).size).toBe(ids.length);
  expect(ids.filter((id) => id.startsWith('old-'))).toEqual(Array.from({ length: 250 }, (_, i) => 'old-' + i));
  expect(c.events().filter((m) => m.event == 'New')).toHaveLength(1);
  // nothing left but the counters, which are back to zero (and the number of changes)
  expect(await withStore(name, () => {})).toEqual([[0, { c: 0, b: 0, d: 0, v: expect.any(Number) }]]);
});

test('an older outbox past the bounds: the new version drops the oldest of it, counted', async () => {
  const name = fresh();
  await oldOutbox(name, 30);
  const c = collector([]);
  const t = createTracker({ name, transport: c.transport, flushInterval: 5, maxEvents: 20, batchSize: 50 });
  trackers.push(t);
  t.track('New');
  await t.flush();
  await until(() => c.events().length >= 20);
  expect(c.events().map((m) => (m.messageId.startsWith('old-') ? m.messageId : m.event))).toEqual([...Array.from({ length: 19 }, (_, i) => 'old-' + (i + 11)), 'New']);
  expect(c.batches[0]!.dropped).toBe(11);
});
