import { afterEach, expect, test, vi } from 'vitest';
import { shopify } from '../../../src/capture/shopify.js';
import { jsonLd } from '../../../src/capture/jsonLd.js';
import { dataLayer } from '../../../src/capture/dataLayer.js';
import { checkout } from '../../../src/capture/checkout.js';
import { abandonment } from '../../../src/capture/abandonment.js';
import { cartProperties, loadState } from '../../../src/capture/commerceState.js';
import { fakeApi, tick } from './fakeApi.js';
import { until } from '../helpers.js';
import { fixture, net } from './platforms.js';

const add = fixture('shopify/cart-add');
const cartJs = fixture('shopify/cart')[0]!;
const change = fixture('shopify/cart-change');
const update = fixture('shopify/cart-update');
const clear = fixture('shopify/cart-clear')[0]!;
const TOKEN = cartJs.response.token as string;

// Every event of a product names it alike: product_id is the sku, as JSON-LD and GA4 name it.
const SHOE = { product_id: 'SHOE-1', sku: 'SHOE-1', variant_id: '40001', name: 'Trail shoe', variant: '42', brand: 'Peak', category: 'Shoes', price: 59.9 };
const SOCK = { product_id: 'SOCK-1', sku: 'SOCK-1', variant_id: '40002', name: 'Wool sock', variant: 'M', brand: 'Peak', category: 'Socks', price: 12.9 };

/** The platform's cart as the model should hold it: lines, quantities, value. */
const platform = (cart: any) => ({
  lines: cart.items.map((l: any) => [l.sku, l.quantity, l.final_price / 100]),
  value: cart.total_price / 100,
});
const model = (name: string) => {
  const s = loadState(name);
  return { lines: s.items.map((i) => [i.product_id, i.quantity, i.price]), value: cartProperties(s).value };
};

let n: ReturnType<typeof net>;
afterEach(() => {
  vi.useRealTimers();
  n?.restore();
  delete (window as any).Shopify;
  delete (window as any).ShopifyAnalytics;
  document.cookie = 'cart=; expires=Thu, 01 Jan 1970 00:00:00 GMT';
});

const shop = (...more: ReturnType<typeof shopify>[]) => {
  n = net();
  (window as any).Shopify = { currency: { active: 'EUR' } };
  const f = fakeApi();
  f.use(shopify(), ...more);
  return f;
};

test('the Cart API as documented, operation by operation: the model equals the cart Shopify answers, and each difference is one event', async () => {
  // Shopify sets the cart cookie with the first add: cart_id is the token from the first event on
  document.cookie = 'cart=' + encodeURIComponent(TOKEN);
  const { api, calls } = shop();
  const step = async (url: string, e: { request: any; response: any }, method?: string) => {
    calls.length = 0;
    await n.call(url, e.request, e.response, method);
    return calls.map(([ev, p]) => [ev, p]);
  };
  const ids = { cart_id: TOKEN, currency: 'EUR' };
  expect(await step('/cart/add.js', add[0]!)).toEqual([['Product Added', { ...SHOE, quantity: 2, ...ids }]]);
  expect(await step('/cart/add.js', add[1]!)).toEqual([['Product Added', { ...SOCK, quantity: 1, ...ids }]]);
  expect(await step('/cart.js', cartJs, 'GET')).toEqual([]);
  expect(model(api.name)).toEqual(platform(cartJs.response));
  const expected = [
    // by line (1-based), by line item key, by variant id, the last line by line with quantity 0
    [['Product Added', { ...SHOE, quantity: 1, ...ids }]],
    [['Product Removed', { ...SOCK, quantity: 1, ...ids }]],
    [['Product Removed', { ...SHOE, quantity: 2, ...ids }]],
    [['Product Removed', { ...SHOE, quantity: 1, ...ids }]],
  ];
  for (const [i, e] of change.entries()) {
    expect(await step('/cart/change.js', e), e.title).toEqual(expected[i]);
    expect(model(api.name), e.title).toEqual(platform(e.response));
  }
  expect(loadState(api.name)).toMatchObject({ items: [], step: 0 });
  expect(loadState(api.name).cart_id).toBeUndefined();
  const updates = [
    [
      ['Product Added', { ...SHOE, quantity: 2, ...ids }],
      ['Product Added', { ...SOCK, quantity: 1, ...ids }],
    ],
    // a note alone changes no line
    [],
    [['Coupon Applied', { cart_id: TOKEN, coupon_id: 'SUMMER10', discount: 13.27 }]],
    [
      ['Product Removed', { ...SHOE, quantity: 2, ...ids }],
      ['Product Removed', { ...SOCK, quantity: 1, ...ids }],
    ],
  ];
  for (const [i, e] of update.entries()) {
    expect(await step('/cart/update.js', e), e.title).toEqual(updates[i]);
    expect(model(api.name), e.title).toEqual(platform(e.response));
  }
});

test('/cart/change.js by line, by key, quantity 0: the product the line holds, never "undefined"', async () => {
  const { calls } = shop();
  await n.call('/cart.js', null, cartJs.response, 'GET');
  await n.call('/cart/change.js', change[0]!.request, change[0]!.response);
  await n.call('/cart/change.js', change[1]!.request, change[1]!.response);
  expect(calls.map((c) => [c[0], c[1].product_id, c[1].name, c[1].quantity])).toEqual([
    ['Product Added', 'SHOE-1', 'Trail shoe', 1],
    ['Product Removed', 'SOCK-1', 'Wool sock', 1],
  ]);
});

test('/cart/change.js { line, quantity: 0 } removes the line and its value from the model', async () => {
  const { api, calls } = shop();
  await n.call('/cart.js', null, cartJs.response, 'GET');
  const sock = { line: 2, quantity: 0 };
  await n.call('/cart/change.js', sock, { ...cartJs.response, items: [cartJs.response.items[0]], item_count: 2, total_price: 11980, items_subtotal_price: 11980 });
  expect(calls).toEqual([['Product Removed', expect.objectContaining({ product_id: 'SOCK-1', quantity: 1 })]]);
  expect(model(api.name)).toEqual({ lines: [['SHOE-1', 2, 59.9]], value: 119.8 });
});

test('/cart/update.js with a note only sends nothing', async () => {
  const { calls } = shop();
  // a cart a theme built with add.js and changed by line
  await n.call('/cart/add.js', add[0]!.request, add[0]!.response);
  await n.call('/cart/add.js', add[1]!.request, add[1]!.response);
  await n.call('/cart/change.js', change[0]!.request, change[0]!.response);
  calls.length = 0;
  await n.call('/cart/update.js', update[1]!.request, { ...update[1]!.response, items: change[0]!.response.items });
  expect(calls).toEqual([]);
});

test('/cart/clear.js removes every line, ends the cart, and nothing is abandoned 31 minutes later', async () => {
  vi.useFakeTimers({ now: Date.UTC(2026, 10, 23, 10), toFake: ['setTimeout', 'clearTimeout', 'Date'] });
  n = net();
  const f = fakeApi();
  f.use(abandonment(), shopify());
  const call = async (url: string, e: any, m?: string) => {
    let done = false;
    n.call(url, e.request, e.response, m).then(() => (done = true));
    while (!done) await vi.advanceTimersByTimeAsync(5);
  };
  await call('/cart/add.js', add[0]);
  await call('/cart/add.js', add[1]);
  expect(f.events()).toEqual(['Product Added', 'Product Added']);
  f.calls.length = 0;
  await call('/cart/clear.js', clear);
  expect(f.calls.map((c) => [c[0], c[1].product_id, c[1].quantity])).toEqual([
    ['Product Removed', 'SHOE-1', 2],
    ['Product Removed', 'SOCK-1', 1],
  ]);
  expect(loadState(f.api.name)).toMatchObject({ items: [], step: 0, ab: 0 });
  expect(loadState(f.api.name).cart_id).toBeUndefined();
  await vi.advanceTimersByTimeAsync(31 * 6e4);
  expect(f.events().filter((e) => e.includes('Abandoned'))).toEqual([]);
  vi.useRealTimers();
});

test('a product form a theme posts to /cart/add.js itself is one Product Added, with what the answer says', async () => {
  document.body.innerHTML = `<form action="/cart/add" method="post"><input name="id" value="40001"><input name="quantity" value="2"></form>`;
  const { calls } = shop();
  const form = document.querySelector('form')!;
  // the theme's own submit handler (Dawn's product-form): no navigation, an AJAX add instead
  let posted: Promise<void> | undefined;
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    posted = n.call('/cart/add.js', new FormData(form), add[0]!.response.items[0]);
  });
  form.dispatchEvent(new Event('submit', { bubbles: true, cancelable: true }));
  await posted;
  expect(calls).toEqual([['Product Added', { ...SHOE, quantity: 2, currency: 'EUR', cart_id: expect.any(String) }]]);
});

test('a form post to /cart/add that navigates is a Product Added with the variant ShopifyAnalytics describes', () => {
  document.body.innerHTML = `<form action="/cart/add" method="post"><input name="id" value="40002"><input name="quantity" value="3"></form>`;
  (window as any).ShopifyAnalytics = {
    meta: { product: { id: 7002, vendor: 'Peak', type: 'Socks', variants: [{ id: 40002, price: 1290, name: 'Wool sock - M', public_title: 'M', sku: 'SOCK-1' }] } },
  };
  const { calls } = shop();
  document.querySelector('form')!.dispatchEvent(new Event('submit', { bubbles: true, cancelable: true }));
  expect(calls).toEqual([
    ['Product Added', { product_id: 'SOCK-1', sku: 'SOCK-1', variant_id: '40002', variant: 'M', price: 12.9, quantity: 3, currency: 'EUR', cart_id: expect.any(String) }],
  ]);
});

test('every event of a product carries one product_id and sku: the JSON-LD view and the add.js add agree', async () => {
  document.head.innerHTML = `<script type="application/ld+json">{"@context":"https://schema.org","@type":"Product","sku":"SHOE-1","name":"Trail shoe","offers":{"@type":"Offer","price":"59.90","priceCurrency":"EUR"}}</script>`;
  const { calls } = shop(jsonLd());
  await tick(20);
  await n.call('/cart/add.js', add[0]!.request, add[0]!.response);
  expect(calls.map((c) => [c[0], c[1].product_id, c[1].sku])).toEqual([
    ['Product Viewed', 'SHOE-1', 'SHOE-1'],
    ['Product Added', 'SHOE-1', 'SHOE-1'],
  ]);
});

test('cart_id is the one of the first event of the cart: it does not switch to the token mid-cart', async () => {
  const { calls } = shop();
  await n.call('/cart/add.js', add[0]!.request, add[0]!.response);
  await n.call('/cart/change.js', change[0]!.request, change[0]!.response);
  // the answer to the change names the token, and a sock the model did not know of
  expect(calls.map((c) => [c[0], c[1].product_id, c[1].quantity])).toEqual([
    ['Product Added', 'SHOE-1', 2],
    ['Product Added', 'SHOE-1', 1],
    ['Product Added', 'SOCK-1', 1],
  ]);
  expect(new Set(calls.map((c) => c[1].cart_id)).size).toBe(1);
});

test('the same add seen by a GA4 push and by add.js is one event, and the cart keeps the richer description', async () => {
  (window as any).dataLayer = [];
  const { api, calls } = shop(dataLayer());
  (window as any).dataLayer.push({ event: 'add_to_cart', ecommerce: { currency: 'EUR', items: [{ item_id: 'SHOE-1', quantity: 2 }] } });
  await n.call('/cart/add.js', add[0]!.request, add[0]!.response);
  expect(calls.map((c) => c[0])).toEqual(['Product Added']);
  expect(loadState(api.name).items).toEqual([{ ...SHOE, quantity: 2 }]);
  delete (window as any).dataLayer;
});

test("a failing request stays the page's own: same rejection, no event; a 404 sends nothing", async () => {
  const boom = new TypeError('Failed to fetch');
  const real = window.fetch;
  const fake = vi.fn(async (input: RequestInfo | URL) => {
    if (String(input) == '/cart/add.js') throw boom;
    return new Response('{}', { status: 404 });
  });
  window.fetch = fake as never;
  const { use, calls } = fakeApi();
  use(shopify());
  await expect(fetch('/cart/add.js', { method: 'POST', body: '{"id":1}' })).rejects.toBe(boom);
  const r = await fetch('/cart/update.js', { method: 'POST', body: '{}' });
  expect(r.status).toBe(404);
  await tick();
  expect(calls).toEqual([]);
  // same arguments reached the page's fetch
  expect(fake.mock.calls[0]).toEqual(['/cart/add.js', { method: 'POST', body: '{"id":1}' }]);
  window.fetch = real;
});

test("teardown puts the page's fetch and XHR back, unless another script wrapped them since", () => {
  const mine = vi.fn();
  const real = window.fetch;
  window.fetch = mine as never;
  const { open, send } = XMLHttpRequest.prototype;
  const { api } = fakeApi();
  const off = shopify().setup!(api) as () => void;
  expect(window.fetch).not.toBe(mine);
  expect(XMLHttpRequest.prototype.send).not.toBe(send);
  off();
  expect(window.fetch).toBe(mine);
  expect(XMLHttpRequest.prototype.open).toBe(open);
  expect(XMLHttpRequest.prototype.send).toBe(send);

  const off2 = shopify().setup!(api) as () => void;
  const theirs = vi.fn();
  window.fetch = theirs as never;
  off2();
  expect(window.fetch).toBe(theirs);
  window.fetch = real;
});

test("Shopify's one-page checkout: started at /checkouts/cn/<token>, its shipping and payment sections are steps 2 and 3; the thank-you page's order from Shopify.checkout", async () => {
  const thanks = fixture('shopify/checkout-thank-you')[0]!.response.Shopify.checkout;
  history.replaceState(null, '', '/checkouts/cn/Z2NwLWV1cm9wZS13ZXN0NDowMUpYWFg/en-us');
  document.body.innerHTML = `<main><section aria-label="Contact"><input id="email"></section><section aria-label="Delivery"><h2>Delivery</h2><input id="address1"></section><section aria-label="Shipping method"><input type="radio" id="rate"></section><section aria-label="Payment"><h2>Payment</h2><input type="radio" id="card"></section></main>`;
  const f = fakeApi();
  f.use(checkout({ platform: 'shopify' }));
  await tick();
  const focus = (id: string) => document.getElementById(id)!.dispatchEvent(new FocusEvent('focusin', { bubbles: true }));
  for (const id of ['email', 'address1', 'rate', 'address1', 'card', 'email']) focus(id);
  history.replaceState(null, '', '/checkouts/cn/Z2NwLWV1cm9wZS13ZXN0NDowMUpYWFg/en-us/thank-you');
  (window as any).Shopify = { checkout: thanks };
  const next = fakeApi(f.api.name);
  next.use(checkout({ platform: 'shopify' }));
  await tick();
  expect([...f.calls, ...next.calls].map((c) => c[0] + ' ' + (c[1].step ?? c[1].order_id ?? ''))).toEqual([
    'Checkout Started ',
    'Checkout Step Viewed 1',
    'Checkout Step Completed 1',
    'Checkout Step Viewed 2',
    'Checkout Step Completed 2',
    'Checkout Step Viewed 3',
    'Checkout Step Completed 3',
    'Order Completed 5551234',
  ]);
  expect(next.props('Order Completed')[0]).toEqual({ order_id: '5551234', revenue: 132.7, total: 137.6, shipping: 4.9, tax: 21.98, currency: 'EUR' });
  history.replaceState(null, '', '/');
});

test('installed after the page changed the cart (the script tag loads it late): the cart is read once, each line the model missed sent', async () => {
  (window as any).Shopify = { currency: { active: 'EUR' }, routes: { root: '/en/' } };
  const real = window.fetch;
  const read = vi.fn(async () => new Response(JSON.stringify(cartJs.response), { status: 200, headers: { 'Content-Type': 'application/json' } }));
  window.fetch = read as never;
  // the theme's add, before this capture was there: Resource Timing lists it
  const entries = vi.spyOn(performance, 'getEntriesByType').mockReturnValue([{ initiatorType: 'fetch', name: location.origin + '/cart/add.js' }] as never);
  try {
    const { calls, use } = fakeApi();
    use(shopify());
    await until(() => calls.length >= cartJs.response.items.length);
    expect(read.mock.calls.map((c) => (c as unknown[])[0])).toEqual(['/en/cart.js#']);
    expect(calls.map(([e, p]) => [e, p.product_id, p.quantity])).toEqual(cartJs.response.items.map((l: any) => ['Product Added', l.sku, l.quantity]));
  } finally {
    window.fetch = real;
    entries.mockRestore();
  }
});

test('installed late with no cart change before it (only a read, other requests): nothing is fetched', async () => {
  (window as any).Shopify = { currency: { active: 'EUR' } };
  const real = window.fetch;
  const read = vi.fn();
  window.fetch = read as never;
  const entries = vi.spyOn(performance, 'getEntriesByType').mockReturnValue([
    { initiatorType: 'fetch', name: location.origin + '/cart.js' },
    { initiatorType: 'script', name: location.origin + '/cart/add.js' },
    { initiatorType: 'xmlhttprequest', name: location.origin + '/search' },
  ] as never);
  try {
    fakeApi().use(shopify());
    await tick();
    expect(read).not.toHaveBeenCalled();
  } finally {
    window.fetch = real;
    entries.mockRestore();
  }
});
