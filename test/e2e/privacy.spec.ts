import type { Page } from '@playwright/test';
import { test, expect, until, debugBuild } from './fixtures.js';

const open = async (page: Page, origin: string, query = '') => {
  await page.goto(origin + '/test/e2e/pages/basic.html' + query);
  await page.waitForFunction(() => !!(window as any).wm);
};
const track = (page: Page, n: number, tag: string) =>
  page.evaluate(
    ([n, tag]) => {
      for (let i = 0; i < (n as number); i++) (window as any).wm.track('Test Event', { i, tag });
    },
    [n, tag] as const,
  );
/** Every record in the page's outbox database, and the stored visitor. */
const storage = (page: Page) =>
  page.evaluate(async () => {
    const dbs = await indexedDB.databases();
    let records = 0;
    if (dbs.some((d) => d.name == 'waymark')) {
      const db = await new Promise<IDBDatabase>((r) => {
        const q = indexedDB.open('waymark');
        q.onsuccess = () => r(q.result);
      });
      if (db.objectStoreNames.contains('outbox'))
        records = await new Promise<number>((r) => {
          const q = db.transaction('outbox').objectStore('outbox').count();
          q.onsuccess = () => r(q.result);
        });
      db.close();
    }
    return { records, visitor: localStorage.getItem('waymark:id') };
  });

test('consent pending then granted: events delivered, in order', async ({ page, collector }) => {
  await open(page, collector.origin, '?consent=pending&interval=50');
  await track(page, 20, 'p');
  await page.waitForTimeout(500);
  expect(collector.all()).toHaveLength(0);
  expect(await storage(page)).toEqual({ records: 0, visitor: null });
  await page.evaluate(() => (window as any).wm.consent('granted'));
  await until(() => collector.unique().size >= 20, 10000, '20 delivered');
  expect(collector.events().map((m) => (m as any).properties.i)).toEqual([...Array(20).keys()]);
  expect((await storage(page)).visitor).not.toBeNull();
});

test('consent pending then denied: nothing sent, storage empty', async ({ page, collector }) => {
  await open(page, collector.origin, '?consent=pending&interval=50');
  await track(page, 20, 'd');
  await page.evaluate(() => (window as any).wm.consent('denied'));
  await track(page, 5, 'after');
  await page.waitForTimeout(800);
  // leaving the page sends no beacon either
  await open(page, collector.origin, '?consent=denied&interval=50');
  await page.waitForTimeout(500);
  expect(collector.all()).toHaveLength(0);
  expect(await storage(page)).toEqual({ records: 0, visitor: null });
});

test('IndexedDB quota errors: events flow through memory', async ({ page, collector }) => {
  await debugBuild(page);
  await page.addInitScript(() => {
    IDBObjectStore.prototype.put = function () {
      throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
    };
  });
  const warnings: string[] = [];
  page.on('console', (m) => m.type() == 'warning' && warnings.push(m.text()));
  await open(page, collector.origin, '?interval=50');
  await track(page, 50, 'q');
  await until(() => collector.unique().size >= 50, 10000, '50 delivered');
  expect(warnings.filter((w) => w.includes('IndexedDB is unavailable (QuotaExceededError)'))).toHaveLength(1);
});

test('an upgrade from another tab is not blocked, and events keep flowing', async ({ context, collector }) => {
  const a = await context.newPage();
  await open(a, collector.origin, '?interval=50');
  await track(a, 20, 'before');
  await until(() => collector.unique().size >= 20, 10000, 'first 20');
  const b = await context.newPage();
  await b.goto(collector.origin + '/test/e2e/pages/basic.html?interval=50');
  // a newer version of the site upgrades the database while tab a holds it open
  const upgraded = await b.evaluate(
    () =>
      new Promise<string>((resolve) => {
        const q = indexedDB.open('waymark', 7);
        q.onupgradeneeded = () => resolve('upgraded');
        q.onblocked = () => setTimeout(() => resolve('blocked'), 3000);
        q.onsuccess = () => q.result.close();
      }),
  );
  expect(upgraded).toBe('upgraded');
  await track(a, 20, 'after');
  await until(() => collector.unique().size >= 40, 10000, '40 delivered');
});

test('the database deleted while the page runs: events keep flowing', async ({ page, collector }) => {
  await open(page, collector.origin, '?interval=50');
  await track(page, 20, 'before');
  await until(() => collector.unique().size >= 20, 10000, 'first 20');
  const deleted = await page.evaluate(
    () =>
      new Promise<string>((resolve) => {
        const q = indexedDB.deleteDatabase('waymark');
        q.onsuccess = () => resolve('deleted');
        q.onblocked = () => setTimeout(() => resolve('blocked'), 3000);
      }),
  );
  expect(deleted).toBe('deleted');
  await track(page, 20, 'after');
  await until(() => collector.unique().size >= 40, 10000, '40 delivered');
});

test('storage cleared between visits: a new visitor, events delivered', async ({ page, context, collector }) => {
  await open(page, collector.origin, '?interval=50');
  await track(page, 10, 'first');
  await until(() => collector.unique().size >= 10, 10000, 'first visit');
  const first = await page.evaluate(() => (window as any).wm.anonymousId());
  await page.goto(collector.origin + '/test/e2e/pages/empty.html');
  await page.evaluate(async () => {
    localStorage.clear();
    await new Promise((r) => {
      const q = indexedDB.deleteDatabase('waymark');
      q.onsuccess = q.onerror = r;
    });
  });
  await context.clearCookies();
  await open(page, collector.origin, '?interval=50');
  await track(page, 10, 'second');
  await until(() => collector.unique().size >= 20, 10000, 'second visit');
  const second = await page.evaluate(() => (window as any).wm.anonymousId());
  expect(second).not.toBe(first);
  const ids = new Set(
    collector
      .events()
      .filter((m) => (m as any).properties.tag == 'second')
      .map((m) => (m as any).anonymousId),
  );
  expect([...ids]).toEqual([second]);
});
