import { afterEach, expect, test, vi } from 'vitest';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { friction } from '../../../../src/capture/friction/friction.js';
import { platformError } from '../../../../src/capture/friction/requestErrors.js';
import { shopify } from '../../../../src/capture/shopify.js';
import { woocommerce } from '../../../../src/capture/woocommerce.js';
import { fakeApi, tick } from '../fakeApi.js';

const realFetch = window.fetch;
afterEach(() => void (window.fetch = realFetch));

/** A fake network: each URL answers [status, JSON] or fails with the error given. */
const network = (answers: Record<string, [number, unknown] | Error>) =>
  (window.fetch = vi.fn(async (input: RequestInfo | URL) => {
    const a = answers[String(input)] ?? [200, {}];
    if (a instanceof Error) throw a;
    return new Response(JSON.stringify(a[1]), { status: a[0], headers: { 'Content-Type': 'application/json' } });
  }) as typeof fetch);

const post = (url: string, body: unknown = { id: 1, quantity: 1 }) => fetch(url, { method: 'POST', body: JSON.stringify(body) }).catch((e) => e);

test("Shopify's 422 cart errors are Form Errors of the cart (sold out, quantity); a 5xx, another 4xx or no answer is a Request Failed", async () => {
  network({
    '/cart/add.js': [422, { status: 422, message: 'Cart Error', description: "The product 'Wool Socks' is already sold out." }],
    '/cart/change.js': [422, { status: 422, message: 'Cart Error', description: 'You can only add 2 Wool Socks to the cart.' }],
    '/cart/update.js?secret=abc&v=2': [503, 'Service Unavailable'],
    '/cart/add': [404, { status: 404, message: 'Not Found' }],
    '/cart/clear.js': new TypeError('Failed to fetch'),
  });
  const { use, calls } = fakeApi();
  use(shopify(), friction());
  for (const u of ['/cart/add.js', '/cart/change.js', '/cart/update.js?secret=abc&v=2', '/cart/add']) await post(u), await tick();
  // not watched by any capture: not a commerce request
  await post('/api/reviews'), await tick();
  expect(calls).toEqual([
    ['Form Error', { form: 'cart', field: undefined, error: 'sold_out' }],
    ['Form Error', { form: 'cart', field: undefined, error: 'quantity' }],
    ['Request Failed', { url: location.origin + '/cart/update.js?v=2', status: 503 }],
    ['Request Failed', { url: location.origin + '/cart/add', status: 404 }],
  ]);
});

test('the page keeps its own answers and rejections; an aborted request is no failure', async () => {
  const boom = new TypeError('Failed to fetch');
  network({ '/cart/add.js': boom, '/cart/change.js': [422, { status: 422, description: 'sold out' }] });
  const { use, calls } = fakeApi();
  use(shopify(), friction());
  expect(await post('/cart/add.js')).toBe(boom);
  const r = await post('/cart/change.js');
  expect(await r.json()).toEqual({ status: 422, description: 'sold out' });
  const abort = new DOMException('The user aborted a request.', 'AbortError');
  network({ '/cart/add.js': abort });
  expect(await post('/cart/add.js')).toBe(abort);
  await tick();
  expect(calls.map((c) => [c[0], c[1].status ?? c[1].error])).toEqual([
    ['Request Failed', 0],
    ['Form Error', 'sold_out'],
  ]);
});

test('WooCommerce: Store API error codes (with the fields they name), a refused AJAX add, a classic checkout that failed', async () => {
  network({
    '/wp-json/wc/store/v1/cart/add-item': [400, { code: 'woocommerce_rest_cart_product_no_stock', message: 'You cannot add that amount', data: { status: 400 } }],
    '/wp-json/wc/store/v1/checkout': [
      400,
      { code: 'rest_invalid_param', message: 'Invalid parameter(s): billing_address', data: { status: 400, params: { billing_address: 'Invalid email: jane@x.com' } } },
    ],
    '/?wc-ajax=add_to_cart': [200, { error: true, product_url: 'https://shop.example/p/socks' }],
    '/?wc-ajax=checkout': [
      200,
      { result: 'failure', messages: '<ul class="woocommerce-error"><li data-id="billing_email">Invalid</li><li data-id="billing_phone">Invalid</li></ul>' },
    ],
    '/?wc-ajax=update_order_review': [500, ''],
  });
  const { use, calls } = fakeApi();
  use(woocommerce(), friction());
  for (const u of Object.keys({
    '/wp-json/wc/store/v1/cart/add-item': 0,
    '/wp-json/wc/store/v1/checkout': 0,
    '/?wc-ajax=add_to_cart': 0,
    '/?wc-ajax=checkout': 0,
    '/?wc-ajax=update_order_review': 0,
  }))
    await post(u), await tick();
  expect(calls).toEqual([
    ['Form Error', { form: 'cart', field: undefined, error: 'woocommerce_rest_cart_product_no_stock' }],
    ['Form Error', { form: 'checkout', field: 'billing_address', error: 'rest_invalid_param' }],
    ['Form Error', { form: 'cart', field: undefined, error: 'cart_error' }],
    ['Form Error', { form: 'checkout', field: 'billing_email', error: 'invalid' }],
    ['Form Error', { form: 'checkout', field: 'billing_phone', error: 'invalid' }],
    ['Request Failed', { url: location.origin + '/?wc-ajax=update_order_review', status: 500 }],
  ]);
  expect(JSON.stringify(calls)).not.toContain('jane@x.com');
});

test('XMLHttpRequest: a 422 answer and no answer at all', async () => {
  // happy-dom logs the refused connection
  vi.spyOn(console, 'error').mockImplementation(() => {});
  const server = createServer((req, res) => {
    res.setHeader('Access-Control-Allow-Origin', '*');
    if (req.method == 'OPTIONS') res.writeHead(204, { 'Access-Control-Allow-Headers': '*', 'Access-Control-Allow-Methods': 'POST' }).end();
    else res.writeHead(422, { 'Content-Type': 'application/json' }).end(JSON.stringify({ status: 422, description: 'All 3 Trail Runner are in your cart.' }));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const base = 'http://127.0.0.1:' + (server.address() as AddressInfo).port;
  const { use, calls } = fakeApi();
  use(shopify(), friction());
  const xhr = (url: string) =>
    new Promise<void>((r) => {
      const x = new XMLHttpRequest();
      x.open('POST', url);
      x.onloadend = () => r();
      x.send(JSON.stringify({ id: 1, quantity: 4 }));
    });
  await xhr(base + '/cart/add.js');
  server.close();
  await xhr('http://127.0.0.1:1/cart/change.js');
  await tick(20);
  expect(calls).toEqual([
    ['Form Error', { form: 'cart', field: undefined, error: 'quantity' }],
    ['Request Failed', { url: 'http://127.0.0.1:1/cart/change.js', status: 0 }],
  ]);
});

test('requestFailed: false keeps the form errors', async () => {
  network({ '/cart/add.js': [422, { status: 422, description: 'sold out' }], '/cart/change.js': [500, {}] });
  const { use, calls } = fakeApi();
  use(shopify(), friction({ requestFailed: false }));
  await post('/cart/add.js'), await post('/cart/change.js'), await tick();
  expect(calls.map((c) => c[0])).toEqual(['Form Error']);
});

test('formError: false makes a refused answer one more failed request', async () => {
  network({ '/cart/add.js': [422, { status: 422, description: 'sold out' }], '/cart/change.js': [500, {}] });
  const { use, calls } = fakeApi();
  use(shopify(), friction({ formError: false }));
  await post('/cart/add.js'), await post('/cart/change.js'), await tick();
  expect(calls.map((c) => [c[0], c[1].status])).toEqual([
    ['Request Failed', 422],
    ['Request Failed', 500],
  ]);
});

test("platformError reads the platforms' shapes and nothing else", () => {
  expect(platformError({ status: 422, description: 'Sold out' })).toEqual(['sold_out', []]);
  expect(platformError({ status: 'bad_request', description: 'Cannot find variant' })).toEqual(['cart_error', []]);
  expect(platformError({ code: 'woocommerce_rest_missing_nonce', data: { status: 401 } })).toEqual(['woocommerce_rest_missing_nonce', []]);
  // a Shopify line item, a Store API cart, a wc-ajax add that worked: no error
  for (const ok of [{ id: 1, product_description: 'Warm socks', quantity: 1 }, { items: [], coupons: [{ code: 'X' }] }, { fragments: {}, cart_hash: 'h' }, null, 'text', 3])
    expect(platformError(ok as never)).toBeUndefined();
});
