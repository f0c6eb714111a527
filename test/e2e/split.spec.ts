// The split script tag on the Shopify-shaped example shop, in Chromium: before its first event
// the page downloads the loader alone; after it, only the captures the page shows (Shopify and
// its JSON-LD), each from dist/script/ beside the loader; an add to cart made while the
// Shopify file is still on its way is captured all the same. The files requested are the ones
// scripts/size.mjs counts. Web Vitals are loaded after the load event.
import type { Page } from '@playwright/test';
import { test, expect, until, holdFiles } from './fixtures.js';
import { props, tracked } from './capture-helpers.js';
import { SHOPIFY_PAGE, closure, split } from '../../scripts/size.mjs';

type Request = { path: string; at: number };

/** Holds every split file of the script tag until the function returned is called. */
const holdSplitFiles = (page: Page) => holdFiles(page, '**/dist/script/*.js');

test('Shopify example: the loader before the first event, the Shopify capture after it and no other platform, an early add still captured', async ({ page, collector: c }) => {
  const files: Request[] = [];
  page.on('request', (r) => {
    const path = new URL(r.url()).pathname;
    if (path.startsWith('/dist/')) files.push({ path, at: Date.now() });
  });
  // Every split file is held until the page view has reached the collector and the theme's
  // add to cart has been answered: neither may wait for a capture.
  const release = await holdSplitFiles(page);
  await page.goto(c.origin + '/examples/shops/shopify/products/trail-shoe.html');
  await until(() => c.events().some((m) => m.type == 'page'), 10000, 'the first event, with every capture file held');
  const first = Date.parse((c.events().find((m) => m.type == 'page') as unknown as { timestamp: string }).timestamp);
  await until(() => files.some((f) => f.path == '/dist/script/shopify.js'), 5000, 'the Shopify capture requested');
  // the theme adds to the cart before the Shopify capture arrived
  await page.click('#tc-add');
  await expect(page.locator('#result')).toHaveText('done tc-add 1');
  expect(tracked(c).map((m) => m.event)).toEqual([]);
  release();

  // read from the cart the add left: one Product Added, as the AJAX answer would have said it
  await until(() => tracked(c).some((m) => m.event == 'Product Added'), 10000, 'the early add');
  const ids = { cart_id: expect.any(String), currency: 'EUR' };
  expect(props(c, 'Product Added')).toEqual([
    { product_id: 'SHOE-1', sku: 'SHOE-1', variant_id: '40001', name: 'Trail shoe', variant: '42', brand: 'Peak', category: 'Shoes', price: 59.9, quantity: 1, ...ids },
  ]);
  // and the capture watches from then on: the next add is one event, the first not sent again
  await page.click('#tc-add-sock');
  await until(() => props(c, 'Product Added').length >= 2, 10000, 'the second add');
  await page.waitForTimeout(400);
  expect(props(c, 'Product Added').map((p) => [p.product_id, p.quantity])).toEqual([
    ['SHOE-1', 1],
    ['SOCK-1', 1],
  ]);

  // what was requested: the loader, then after the first event exactly the files size.mjs counts
  const built = await split();
  const expected = closure(built, SHOPIFY_PAGE).map((f) => (f.name ? '/dist/script/' + f.name + '.js' : '/dist/waymark.iife.js'));
  const paths = files.map((f) => f.path);
  expect(new Set(paths)).toEqual(new Set(expected));
  expect(paths.length).toBe(expected.length);
  for (const n of ['woocommerce', 'dataLayer', 'selectors', 'attributes', 'checkout', 'debugPanel', 'friction', 'webVitals'])
    expect(paths, n).not.toContain('/dist/script/' + n + '.js');
  expect(files[0]!.path).toBe('/dist/waymark.iife.js');
  for (const f of files.slice(1)) expect(f.at, f.path).toBeGreaterThanOrEqual(first);
  // the bytes before the first event: the loader's, as the size table says
  const before = files.filter((f) => f.at < first).map((f) => built.find((b) => (b.name ? '/dist/script/' + b.name + '.js' : '/dist/waymark.iife.js') == f.path)!);
  expect(before.map((b) => b.gzip)).toEqual([built[0]!.gzip]);
});

test('Web Vitals are requested after the load event, and still measure the page', async ({ page, collector: c }) => {
  await page.goto(c.origin + '/test/e2e/pages/vitals.html');
  await page.waitForFunction(() => !!(window as any).wm);
  await page.waitForFunction(() => performance.getEntriesByType('resource').some((e) => e.name.endsWith('/dist/script/webVitals.js')));
  const [loaded, vitals] = await page.evaluate(() => [
    (performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming).loadEventStart,
    performance.getEntriesByType('resource').find((e) => e.name.endsWith('/dist/script/webVitals.js'))!.startTime,
  ]);
  expect(loaded).toBeGreaterThan(0);
  expect(vitals).toBeGreaterThanOrEqual(loaded!);
  // FCP and TTFB are sent as soon as known: read from the entries the browser buffered
  await until(() => tracked(c).filter((m) => m.event == 'Web Vital').length >= 2, 10000, 'FCP and TTFB');
  expect(new Set(tracked(c).map((m) => m.properties.name))).toEqual(new Set(['FCP', 'TTFB']));
});

test('a click made before the capture that listens for it has loaded is kept for it, and sent once', async ({ page, collector: c }) => {
  const release = await holdSplitFiles(page);
  await page.goto(c.origin + '/examples/shops/attributes/product.html');
  await until(() => c.events().some((m) => m.type == 'page'), 10000, 'the page view, with every capture file held');
  // data-wm-click="Product Added": the attributes capture is still on its way
  await page.click('#add');
  await page.waitForTimeout(300);
  expect(tracked(c).map((m) => m.event)).toEqual([]);
  release();
  await until(() => tracked(c).some((m) => m.event == 'Product Added'), 10000, 'the early click, replayed');
  await page.click('#add');
  await until(() => props(c, 'Product Added').length >= 2, 10000, 'a click after it loaded');
  await page.waitForTimeout(400);
  expect(props(c, 'Product Added').map((p) => p.product_id)).toEqual(['SHOE-1', 'SHOE-1']);
  // nothing is kept once the load event's captures have started
  expect(await page.evaluate(() => Symbol.for('waymark.early') in window)).toBe(false);
});
