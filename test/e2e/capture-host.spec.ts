// The shop's own network code must not notice Waymark: with the Shopify and WooCommerce
// captures watching fetch and XMLHttpRequest, the page gets the same answers, the same errors
// (rejections, error events, unhandled rejections of its own) and the same `this` rules.
import { test, expect } from './fixtures.js';
import { props, step, tracked } from './capture-helpers.js';

/** Runs the shop's network code and reports everything it observed. */
const shopCode = () =>
  (async () => {
    const out: unknown[] = [];
    const settle = async (f: () => unknown) => {
      try {
        return ['ok', await f()];
      } catch (e) {
        return ['error', (e as Error).constructor.name, (e as Error).message];
      }
    };
    const post = (url: string, body: unknown, init: RequestInit = {}) =>
      fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body), ...init });
    // the same cart at the start of every run
    await post('/cart/update.js', { updates: { 4001: 0, 4002: 0 } });
    out.push(
      await settle(async () => {
        const r = await post('/cart/add.js', { id: 4002, quantity: 1 });
        return [r.status, r.ok, r.headers.get('content-type'), await r.json()];
      }),
    );
    out.push(
      await settle(async () => {
        const r = await post('/cart/add.js', { id: 9 });
        return [r.status, r.ok, await r.text()];
      }),
    );
    out.push(await settle(() => fetch('http://127.0.0.1:1/cart/add.js', { method: 'POST', body: '{}' })));
    out.push(await settle(() => fetch.call({}, '/cart/add.js')));
    out.push(
      await settle(async () =>
        (await fetch(new Request('/cart/add.js', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{"id":4001,"quantity":1}' }))).json(),
      ),
    );
    // the page reads its body once; a second read fails as it would without the SDK
    out.push(
      await settle(async () => {
        const r = await post('/cart/change.js', { id: '4001:k', quantity: 3 });
        const t = await r.text();
        return [JSON.parse(t).item_count, r.bodyUsed, await r.text().catch((e) => e.name)];
      }),
    );
    const xhr = (url: string, body: string) =>
      new Promise((done) => {
        const x = new XMLHttpRequest();
        const seen: unknown[] = [];
        x.open('POST', url);
        x.setRequestHeader('Content-Type', 'application/x-www-form-urlencoded');
        x.onreadystatechange = () => seen.push('rs' + x.readyState);
        for (const t of ['loadstart', 'load', 'error', 'loadend']) x.addEventListener(t, () => (seen.push(t), t == 'loadend' && done([x.status, x.responseText, seen])));
        x.send(body);
      });
    out.push(await xhr('/cart/add.js', 'id=4002&quantity=2'));
    out.push(await xhr('/cart/add.js', 'id=9'));
    out.push(await xhr('http://127.0.0.1:1/x', 'a=1'));
    out.push(await xhr('/?wc-ajax=add_to_cart', 'product_id=42&quantity=1'));
    // the shop's own unhandled failures stay its own, with their own reasons
    const reasons: string[] = [];
    const onReject = (e: PromiseRejectionEvent) => reasons.push(String(e.reason && e.reason.message));
    window.addEventListener('unhandledrejection', onReject);
    fetch('http://127.0.0.1:1/nothing');
    post('/cart/add.js', { id: 4001 }).then(() => {
      throw new Error('shop bug');
    });
    await new Promise((r) => setTimeout(r, 500));
    window.removeEventListener('unhandledrejection', onReject);
    out.push(reasons.sort());
    return out;
  })();

test('fetch and XHR give the shop identical results and errors with the captures watching', async ({ page, collector: c }) => {
  const pageErrors: string[] = [];
  page.on('pageerror', (e) => pageErrors.push(e.message));
  await page.goto(c.origin + '/test/e2e/pages/basic.html');
  await page.waitForFunction(() => !!(window as any).wm);
  const without = await page.evaluate(shopCode);
  const wrapped = await page.evaluate(async () => {
    const before = window.fetch;
    // The first run changed the cart before any capture was there: a capture installed late
    // reads the cart when Resource Timing shows such calls (split.spec.ts). Here it counts only
    // what it watches.
    performance.clearResourceTimings();
    // the captures the script tag loads where the page shows the platform
    const split = (name: string) => import(location.origin + '/dist/script/' + name + '.js').then((m) => m[name]());
    const plugins = [await split('shopify'), await split('woocommerce')];
    (window as any).shop = (window as any).Waymark.createTracker({
      endpoint: location.origin + '/v1/batch',
      name: 'host-test',
      flushInterval: 100,
      plugins,
    });
    return window.fetch !== before;
  });
  expect(wrapped).toBe(true);
  const withSdk = await page.evaluate(shopCode);
  expect(withSdk).toEqual(without);
  // and the runs were worth comparing: answers, Shopify's 422, network errors, Illegal invocation
  expect(without[0]).toEqual(['ok', [200, true, 'application/json', expect.objectContaining({ sku: 'SOCK-1', quantity: 1 })]]);
  expect(without[1]).toEqual(['ok', [422, false, expect.stringContaining('Cannot find variant')]]);
  expect(without[2]).toEqual(['error', 'TypeError', 'Failed to fetch']);
  expect(without[3]).toEqual(['error', 'TypeError', expect.stringContaining('Illegal invocation')]);
  expect(without[5]).toEqual(['ok', [4, true, 'TypeError']]);
  expect(without[8]).toEqual([0, '', ['loadstart', 'rs4', 'error', 'loadend']]);
  expect(without[10]).toEqual(['Failed to fetch', 'shop bug']);
  // the only uncaught errors on the page are the shop's own two, once per run
  expect(pageErrors.sort()).toEqual(['Failed to fetch', 'Failed to fetch', 'shop bug', 'shop bug']);
  // what the captures saw during the second run: successful cart calls only
  await page.waitForTimeout(600);
  expect(tracked(c).map((m) => [m.event, m.properties.product_id, m.properties.quantity])).toEqual([
    ['Product Added', 'SOCK-1', 1],
    ['Product Added', 'SHOE-1', 1],
    ['Product Added', 'SHOE-1', 2],
    ['Product Added', 'SOCK-1', 2],
    ['Product Added', '42', 1],
    ['Product Added', 'SHOE-1', 1],
  ]);
});

test('Shopify: a form post to /cart/add still lands on the cart, and /cart/change.js removes', async ({ page, collector: c }) => {
  const base = c.origin + '/examples/shops/shopify/';
  await step(c, () => page.goto(base + 'products/trail-shoe.html'), ['Product Viewed']);
  await step(c, () => page.click('#add-fetch'), ['Product Added']);
  await step(c, () => Promise.all([page.waitForURL('**/shopify/cart.html'), page.click('#add-post')]), ['Product Added', 'Cart Viewed']);
  // a form post knows the variant id only (the page has no ShopifyAnalytics.meta for socks)
  expect(props(c, 'Product Added')[1]).toEqual({ product_id: '4002', variant_id: '4002', quantity: 2, currency: 'EUR', cart_id: props(c, 'Product Added')[0]!.cart_id });
  expect(props(c, 'Cart Viewed')[0]!.products).toEqual([
    expect.objectContaining({ product_id: 'SHOE-1', sku: 'SHOE-1', variant_id: '4001', quantity: 1 }),
    expect.objectContaining({ product_id: '4002', variant_id: '4002', quantity: 2 }),
  ]);
  await step(c, () => page.click('#remove'), ['Product Removed']);
  await expect(page.locator('#result')).toHaveText('2 items left');
  // the answer is the whole cart: the shoe is gone, the socks line is the same product by its variant id
  expect(props(c, 'Product Removed')[0]).toMatchObject({
    product_id: 'SHOE-1',
    sku: 'SHOE-1',
    name: 'Trail shoe',
    price: 59.9,
    quantity: 1,
    cart_id: expect.stringMatching(/^c1-/),
  });
});
