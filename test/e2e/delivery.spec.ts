import { test, expect, until, debugBuild, withoutWebLocks } from './fixtures.js';

const open = async (page: import('@playwright/test').Page, origin: string, query = '') => {
  await page.goto(origin + '/test/e2e/pages/basic.html' + query);
  await page.waitForFunction(() => !!(window as any).wm);
};
const track = (page: import('@playwright/test').Page, n: number, prefix: string) =>
  page.evaluate(
    ([n, prefix]) => {
      for (let i = 0; i < (n as number); i++) (window as any).wm.track('Test Event', { i, tag: prefix });
    },
    [n, prefix] as const,
  );

test('(a) 1,000 events with the network up: every one delivered, none twice', async ({ page, collector }) => {
  await open(page, collector.origin);
  await track(page, 1000, 'a');
  await until(() => collector.unique().size >= 1000, 20000, '1000 delivered');
  await page.waitForTimeout(500);
  expect(collector.unique().size).toBe(1000);
  expect(collector.duplicates()).toBe(0);
  // batched, not one request per event; each batch carries its idempotencyKey in the body
  expect(collector.received.length).toBeLessThanOrEqual(20);
  for (const r of collector.received) expect(r.body.idempotencyKey).toBe(r.ids[0] + '.' + r.ids.at(-1) + '.' + r.ids.length);
});

test('(a) a burst of 1,000 is written once and sent from memory: the outbox is never read back, none sent twice', async ({ page, collector }) => {
  // counts the reads of the outbox's records (not of the counters, the lease or the spill)
  await page.addInitScript(() => {
    const w = window as any;
    w.outboxReads = 0;
    for (const m of ['getAll', 'getAllKeys'] as const) {
      const original = IDBObjectStore.prototype[m];
      IDBObjectStore.prototype[m] = function (this: IDBObjectStore, ...a: any[]) {
        if (this.name == 'outbox') w.outboxReads++;
        return (original as any).apply(this, a);
      } as any;
    }
  });
  await open(page, collector.origin, '?interval=60000');
  // the first send finds the outbox empty: from then on the tab knows what it holds
  await page.evaluate(() => (window as any).wm.flush());
  const before = await page.evaluate(() => (window as any).outboxReads);
  await track(page, 1000, 'burst');
  await until(() => collector.unique().size >= 1000, 20000, '1000 delivered');
  await page.waitForTimeout(300);
  expect(collector.unique().size).toBe(1000);
  expect(collector.duplicates()).toBe(0);
  expect(await page.evaluate(() => (window as any).outboxReads)).toBe(before);
});

test('(b) offline across three reloads with 200 events, then online: all delivered', async ({ page, context, collector }) => {
  await open(page, collector.origin, '?retry=500');
  collector.state.down = true;
  for (let round = 0; round < 4; round++) {
    await context.setOffline(true);
    await track(page, 50, 'b' + round);
    await page.waitForTimeout(300);
    await context.setOffline(false);
    // the collector still refuses, so nothing can be delivered by a reload's beacon either
    if (round < 3) await open(page, collector.origin, '?retry=500');
  }
  expect(collector.unique().size).toBe(0);
  collector.state.down = false;
  await page.evaluate(() => (window as any).wm.flush());
  await until(() => collector.unique().size >= 200, 20000, '200 delivered');
  const tags = new Set(collector.events().map((m) => (m as any).properties.tag));
  expect([...tags].sort()).toEqual(['b0', 'b1', 'b2', 'b3']);
  expect(collector.unique().size).toBe(200);
});

test('(c) 50 events, then the page closed at once: all delivered by the beacon or at the next load', async ({ context, collector }) => {
  const page = await context.newPage();
  await open(page, collector.origin, '?interval=60000&batch=1000');
  await track(page, 50, 'c');
  await page.close({ runBeforeUnload: true });
  await until(() => collector.unique().size >= 50, 3000, 'beacon').catch(async () => {
    const next = await context.newPage();
    await open(next, collector.origin);
    await until(() => collector.unique().size >= 50, 10000, 'next load');
  });
  expect(collector.unique().size).toBe(50);
});

test('(d) 500 three times then 200, and 429 with Retry-After: all delivered, the wait honoured', async ({ page, collector }) => {
  collector.plan.push(500, 500, 500);
  await open(page, collector.origin, '?retry=400');
  await track(page, 20, 'd1');
  await until(() => collector.unique().size >= 20, 15000, 'after 500s');
  expect(collector.answered.map((a) => a.status).slice(0, 4)).toEqual([500, 500, 500, 200]);

  collector.plan.push({ status: 429, retryAfter: '2' });
  await track(page, 10, 'd2');
  await until(() => collector.unique().size >= 30, 15000, 'after 429');
  const i = collector.answered.findIndex((a) => a.status == 429);
  const wait = collector.answered[i + 1]!.at - collector.answered[i]!.at;
  expect(wait).toBeGreaterThanOrEqual(1900);
  expect(collector.duplicates()).toBe(0);
});

test('(e) two tabs tracking at once: every event delivered, no duplicates', async ({ context, collector }) => {
  const [a, b] = [await context.newPage(), await context.newPage()];
  await open(a, collector.origin, '?interval=50&batch=20');
  await open(b, collector.origin, '?interval=50&batch=20');
  for (let i = 0; i < 10; i++) await Promise.all([track(a, 30, 'ea'), track(b, 30, 'eb')]);
  await until(() => collector.unique().size >= 600, 20000, '600 delivered');
  await a.waitForTimeout(1000);
  expect(collector.unique().size).toBe(600);
  expect(collector.duplicates()).toBe(0);
});

test('(e) without Web Locks (as on an http page), two tabs take turns through the lease: no duplicates', async ({ context, collector }) => {
  await withoutWebLocks(context);
  const [a, b] = [await context.newPage(), await context.newPage()];
  await open(a, collector.origin, '?interval=50&batch=20');
  await open(b, collector.origin, '?interval=50&batch=20');
  expect(await a.evaluate(() => navigator.locks)).toBeUndefined();
  for (let i = 0; i < 10; i++) await Promise.all([track(a, 30, 'la'), track(b, 30, 'lb')]);
  await until(() => collector.unique().size >= 600, 20000, '600 delivered');
  await a.waitForTimeout(1000);
  expect(collector.unique().size).toBe(600);
  expect(collector.duplicates()).toBe(0);
});

test('(f) IndexedDB unavailable: events still delivered from memory, one warning', async ({ page, collector }) => {
  await debugBuild(page);
  await page.addInitScript(() => {
    IDBFactory.prototype.open = () => {
      throw new DOMException('IndexedDB is disabled', 'InvalidStateError');
    };
  });
  const warnings: string[] = [];
  page.on('console', (m) => m.type() == 'warning' && warnings.push(m.text()));
  await open(page, collector.origin);
  await track(page, 100, 'f');
  await until(() => collector.unique().size >= 100, 10000, '100 delivered');
  expect(collector.unique().size).toBe(100);
  const idb = warnings.filter((w) => w.includes('IndexedDB is unavailable'));
  expect(idb).toHaveLength(1);
});

test('a request that never answers: the tab gives up after its timeout and another tab delivers', async ({ context, collector }) => {
  const [a, b] = [await context.newPage(), await context.newPage()];
  await open(a, collector.origin, '?interval=50&timeout=3000&retry=500');
  await open(b, collector.origin, '?interval=50&timeout=3000&retry=500');
  collector.plan.push('hang');
  await track(a, 10, 'ha');
  await until(() => collector.answered.length == 1, 10000, 'the request that hangs');
  const hung = Date.now();
  await track(b, 10, 'hb');
  await until(() => collector.unique().size >= 20, 15000, '20 delivered');
  // one request's timeout plus a margin (B retries the lock every 1-2 s)
  expect(Date.now() - hung).toBeLessThan(3000 + 4000);
  const tags = new Set(collector.events().map((m) => (m as any).properties.tag));
  expect([...tags].sort()).toEqual(['ha', 'hb']);
});

test('a click that tracks 50, then 300 events and navigates (or closes) at once, collector down: all arrive after it recovers', async ({ context, collector }) => {
  collector.state.down = true;
  // the pattern of shops' code: track, then leave in the same click handler
  const click = async (page: import('@playwright/test').Page, n: number, tag: string, away: boolean) => {
    await page.evaluate(
      ([n, tag, away]) => {
        const b = document.createElement('button');
        b.textContent = 'go';
        b.onclick = () => {
          for (let i = 0; i < (n as number); i++) (window as any).wm.track('Test Event', { i, tag, pad: 'x'.repeat(300) });
          if (away) location.href = '/test/e2e/pages/empty.html';
        };
        document.body.append(b);
      },
      [n, tag, away] as const,
    );
    if (away) await Promise.all([page.waitForURL('**/empty.html'), page.click('button')]);
    else await page.click('button', { noWaitAfter: true }).then(() => page.close({ runBeforeUnload: true }));
  };
  let total = 0;
  for (const n of [50, 300])
    for (const away of [true, false]) {
      const page = await context.newPage();
      await open(page, collector.origin, '?interval=60000&batch=1000');
      await click(page, n, 'u' + n + (away ? 'nav' : 'close'), away);
      total += n;
      if (!page.isClosed()) await page.close();
    }
  expect(collector.unique().size).toBe(0);
  collector.state.down = false;
  const next = await context.newPage();
  await open(next, collector.origin);
  await next.evaluate(() => (window as any).wm.flush());
  await until(() => collector.unique().size >= total, 20000, total + ' delivered').catch(() => {});
  expect(collector.unique().size).toBe(total);
});

test("a tab's unload beacon leaves out what another tab already delivered", async ({ context, collector }) => {
  // B writes 20 events and would send them only in a minute; A, sending every 50 ms, delivers
  // them with its own (the outbox is shared); then B closes: its beacon must not repeat them.
  const [a, b] = [await context.newPage(), await context.newPage()];
  await open(a, collector.origin, '?interval=50');
  await open(b, collector.origin, '?interval=60000&batch=1000');
  await track(b, 20, 'xb');
  await b.waitForTimeout(300);
  await track(a, 1, 'xa');
  await until(() => collector.unique().size >= 21, 10000, '21 delivered by A');
  await b.waitForTimeout(200);
  await b.close({ runBeforeUnload: true });
  await a.waitForTimeout(1000);
  expect(collector.unique().size).toBe(21);
  expect(collector.duplicates()).toBe(0);
});

// Found by the chaos e2e: a page that went a few milliseconds after it loaded lost its burst
// when its spill waited behind the page's own restore of the spill database (or the database
// was not open yet, or, without Web Locks, a send-lease transaction held it): the spill goes
// to localStorage too. 40 bursts, each tracked and reloaded in one task right after load.
for (const locks of [true, false])
  test(`40 bursts each tracked and reloaded right after load, collector down${locks ? '' : ', without Web Locks'}: all arrive`, async ({ context, collector }) => {
    test.setTimeout(120_000);
    if (!locks) await withoutWebLocks(context);
    collector.state.down = true;
    const page = await context.newPage();
    await page.goto(collector.origin + '/test/e2e/pages/basic.html?interval=50&retry=200');
    for (let round = 0; round < 40; round++) {
      await page.waitForFunction(() => !!(window as any).wm);
      await page.evaluate((tag) => {
        for (let i = 0; i < 50; i++) (window as any).wm.track('Test Event', { i, tag });
        location.reload();
      }, 'r' + round);
      await page.waitForEvent('load');
    }
    await page.waitForFunction(() => !!(window as any).wm);
    collector.state.down = false;
    await page.evaluate(() => (window as any).wm.flush());
    // without Web Locks, a lease taken by a page as it went is left behind: it expires in 30 s
    await until(() => collector.unique().size >= 2000, 45000, '2000 delivered').catch(() => {});
    const per = new Map<string, number>();
    for (const m of collector.events()) per.set((m as any).properties.tag, (per.get((m as any).properties.tag) || 0) + 1);
    expect(Array.from({ length: 40 }, (_, r) => 'r' + r).filter((t) => per.get(t) != 50)).toEqual([]);
  });

// Another tab of the shop reading the spill database (its own restore) as this page navigates:
// the spill committed inside pagehide waits behind that tab's transaction and dies with the
// page, as does the outbox write still in flight. The burst must survive the navigation.
test('a page navigating away while another tab holds the spill and outbox databases keeps its burst', async ({ context, collector }) => {
  collector.state.down = true;
  const [a, b] = [await context.newPage(), await context.newPage()];
  await open(a, collector.origin, '?interval=50&retry=200');
  // the page's own restore has read the spill database (it is open, nothing of its own in flight)
  await a.waitForTimeout(500);
  await b.goto(collector.origin + '/not-a-page');
  // B holds a readwrite transaction on each database for 2 seconds, as a busy tab's would
  await b.evaluate(
    () =>
      new Promise<void>((held) => {
        const open = (n: string) => new Promise<IDBDatabase>((r) => (indexedDB.open(n).onsuccess = (e) => r((e.target as IDBOpenDBRequest).result)));
        Promise.all([open('waymark-spill'), open('waymark')]).then(([spill, outbox]) => {
          const end = Date.now() + 2000;
          for (const [db, name] of [
            [spill, 'spill'],
            [outbox, 'outbox'],
          ] as const) {
            const store = db.transaction(name, 'readwrite').objectStore(name);
            const spin = () => void (Date.now() < end && (store.get(-1).onsuccess = spin));
            spin();
          }
          held();
        });
      }),
  );
  await a.evaluate(() => {
    for (let i = 0; i < 50; i++) (window as any).wm.track('Test Event', { i, tag: 'held' });
    location.reload();
  });
  await a.waitForEvent('load');
  await a.waitForFunction(() => !!(window as any).wm);
  await a.waitForTimeout(2500);
  collector.state.down = false;
  await a.evaluate(() => (window as any).wm.flush());
  await until(() => collector.unique().size >= 50, 10000, '50 delivered').catch(() => {});
  expect(collector.unique().size).toBe(50);
});
