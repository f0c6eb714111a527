import { test, expect, until } from './fixtures.js';

// The outbox and the unload spill an older version left in the browser: one IndexedDB record
// per event under [time, tab, sequence] (the counters at key 0), and a spill that is a flat
// list of events. The new version delivers every one of them, once.
test('an outbox and a spill written by the older version are delivered after the upgrade, each event once', async ({ page, collector }) => {
  await page.goto(collector.origin + '/test/e2e/pages/empty.html');
  await page.evaluate(async () => {
    const t = Date.now() - 60000;
    const event = (i: number, tag: string) => {
      const s = JSON.stringify({ type: 'track', event: 'Old', properties: { i, tag }, messageId: tag + '-' + i, anonymousId: 'a', timestamp: new Date(t + i).toISOString() });
      return { k: [t + i, tag, i], i: tag + '-' + i, s, n: s.length };
    };
    const db = await new Promise<IDBDatabase>((ok) => {
      const q = indexedDB.open('waymark');
      q.onupgradeneeded = () => q.result.createObjectStore('outbox');
      q.onsuccess = () => ok(q.result);
    });
    const tx = db.transaction('outbox', 'readwrite');
    let bytes = 0;
    for (let i = 0; i < 300; i++) {
      const r = event(i, 'stored');
      bytes += r.n;
      tx.objectStore('outbox').put(r, r.k);
    }
    tx.objectStore('outbox').put({ c: 300, b: bytes, d: 0 }, 0);
    await new Promise((ok) => (tx.oncomplete = ok));
    db.close();
    // a page that went while its last write was in flight: its events, flat, and one of them stored too
    localStorage.setItem('waymark-spill:spilled', JSON.stringify([event(299, 'stored'), ...Array.from({ length: 20 }, (_, i) => event(i, 'spilled'))]));
  });
  await page.goto(collector.origin + '/test/e2e/pages/basic.html?interval=50');
  await page.waitForFunction(() => !!(window as any).wm);
  await until(() => collector.unique().size >= 320, 20000, '320 delivered');
  await page.waitForTimeout(500);
  expect(collector.unique().size).toBe(320);
  expect(collector.duplicates()).toBe(0);
  // nothing left behind: no record, and the counters at zero (with the number of changes)
  const left = await page.evaluate(
    () =>
      new Promise<unknown>((ok) => {
        const q = indexedDB.open('waymark');
        q.onsuccess = () => {
          const s = q.result.transaction('outbox').objectStore('outbox');
          const keys = s.getAllKeys();
          const meta = s.get(0);
          meta.onsuccess = () => (q.result.close(), ok({ keys: keys.result.length, meta: meta.result, spill: localStorage.getItem('waymark-spill:spilled') }));
        };
      }),
  );
  expect(left).toEqual({ keys: 1, meta: { c: 0, b: 0, d: 0, v: expect.any(Number) }, spill: null });
});
