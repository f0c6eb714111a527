import type { Page } from '@playwright/test';
import { chromium } from '../../playwright.config.js';
import { test, expect, until } from './fixtures.js';
import type { Collector } from './server.js';

// Playwright turns the back/forward cache off by default; these pages run with the real one,
// as a visitor's browser does.
test.use({ launchOptions: { ...chromium, ignoreDefaultArgs: ['--disable-back-forward-cache'] } });

const APP = '/test/e2e/pages/spa.html';
const BASE = '/test/e2e/pages/spa';

/** The page views the collector holds, as [url, title, referrer] with the origin cut off. */
const views = (c: Collector) =>
  c
    .events()
    .filter((m) => m.type == 'page')
    .map((m) => {
      const p = (m as unknown as { properties: Record<string, string> }).properties;
      const cut = (u: string) => u.replace(c.origin, '');
      return [cut(p.url!), p.title, cut(p.referrer!)];
    });

const settle = async (page: Page, c: Collector, n: number) => {
  await page.evaluate(() => new Promise((r) => setTimeout(r, 50)));
  await page.evaluate(() => (window as any).wm.flush());
  await until(() => views(c).length >= n, 10000, n + ' page views');
};

test('one page view per real navigation: pushState, replaceState, back/forward, hash routes', async ({ page, collector }) => {
  await page.goto(collector.origin + APP);
  await settle(page, collector, 1);

  await page.click('#products'); // pushState
  await settle(page, collector, 2);
  await page.evaluate(() => (window as any).saveScroll()); // replaceState, same URL: not a navigation
  await page.evaluate(() => (window as any).sortBy('price')); // replaceState to a new URL
  await settle(page, collector, 3);
  await page.click('#product'); // pushState, title rendered in a microtask afterwards
  await settle(page, collector, 4);
  await page.click('#product'); // the same URL again: no view
  await page.goBack(); // the same URL entry pushed twice: still no view
  await page.goBack(); // popstate back to the sorted list
  await settle(page, collector, 5);
  await page.goForward(); // popstate forward
  await settle(page, collector, 6);
  await page.click('#details'); // in-page anchor: not a navigation
  await page.click('#reviews'); // hash route
  await settle(page, collector, 7);
  await page.click('#old'); // pushState then a redirecting replaceState: one view, of the target
  await settle(page, collector, 8);
  await page.goBack(); // back over a hash route: popstate and hashchange both fire, one view
  await settle(page, collector, 9);
  await page.waitForTimeout(300);
  await page.evaluate(() => (window as any).wm.flush());

  expect(views(collector)).toEqual([
    [APP, 'Home', ''],
    [BASE + '/products', 'Products', APP],
    [BASE + '/products?sort=price', 'Products', BASE + '/products'],
    [BASE + '/p/1', 'Product 1', BASE + '/products?sort=price'],
    [BASE + '/products?sort=price', 'Products', BASE + '/p/1'],
    [BASE + '/p/1', 'Product 1', BASE + '/products?sort=price'],
    [BASE + '/p/1#/reviews', 'Product 1 reviews', BASE + '/p/1'], // the anchor was no view
    [BASE + '/sale', 'Sale', BASE + '/p/1#/reviews'],
    [BASE + '/p/1#/reviews', 'Product 1 reviews', BASE + '/sale'],
  ]);
  expect(collector.duplicates()).toBe(0);
});

test('a page restored from the back/forward cache gets a new view', async ({ page, collector }) => {
  await page.goto(collector.origin + APP + '?memory=1');
  await settle(page, collector, 1);
  await page.evaluate(() => ((window as any).marker = 'still here'));
  await page.goto(collector.origin + '/test/e2e/pages/spa-away.html');
  // a restored page fires no load event: wait for the commit only
  await page.goBack({ waitUntil: 'commit' });
  // the same document came back: the script did not run again
  expect(await page.evaluate(() => (window as any).marker)).toBe('still here');
  await settle(page, collector, 2);
  await page.waitForTimeout(300);
  expect(views(collector)).toEqual([
    [APP + '?memory=1', 'Home', ''],
    [APP + '?memory=1', 'Home', ''],
  ]);
  expect(collector.duplicates()).toBe(0);
});

// The tracker reads location.href once per URL change where the Navigation API tells of each
// (currententrychange): an event tracked right after a change, in the same task, has the new URL.
test('each event carries the URL at its call, however the app changed it just before', async ({ page, collector }) => {
  await page.goto(collector.origin + APP);
  await page.waitForFunction(() => (window as any).wm);
  await page.evaluate(async () => {
    const wm = (window as any).wm;
    wm.track('U start');
    history.pushState({}, '', '/test/e2e/pages/spa/pushed?q=1');
    wm.track('U pushed');
    history.replaceState({}, '', '/test/e2e/pages/spa/replaced');
    wm.track('U replaced');
    location.hash = 'part';
    wm.track('U hash');
    await new Promise((r) => (addEventListener('popstate', r, { once: true }), history.back()));
    wm.track('U back');
    await wm.flush();
  });
  await until(() => collector.events().filter((m) => m.event?.startsWith('U ')).length >= 5, 10000, 'five events');
  const urls = collector
    .events()
    .filter((m) => m.event?.startsWith('U '))
    .map((m) => [m.event, (m as any).context.page.url.replace(collector.origin, '')]);
  expect(urls).toEqual([
    ['U start', APP],
    ['U pushed', BASE + '/pushed?q=1'],
    ['U replaced', BASE + '/replaced'],
    ['U hash', BASE + '/replaced#part'],
    ['U back', BASE + '/replaced'],
  ]);
});
