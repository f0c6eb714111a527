import { expect, test, vi } from 'vitest';
import { shopify } from '../../../src/capture/shopify.js';
import { fakeApi, tick } from './fakeApi.js';

const line = { id: 4001, variant_id: 4001, product_id: 77, key: '4001:abc', sku: 'SHOE-1', title: 'Trail shoe - 42', product_title: 'Trail shoe', variant_title: '42', vendor: 'Peak', product_type: 'Shoes', price: 5990, quantity: 2 };
const shoe = { sku: 'SHOE-1', name: 'Trail shoe', variant: '42', brand: 'Peak', category: 'Shoes', price: 59.9, currency: 'EUR', product_id: '4001' };

/** A fake network: answers each URL with the JSON given, or fails. */
const network = (answers: Record<string, unknown>) => {
  const fake = vi.fn(async (input: RequestInfo | URL) => {
    const a = answers[String(input)];
    if (a instanceof Error) throw a;
    return new Response(JSON.stringify(a), { status: a === undefined ? 404 : 200, headers: { 'Content-Type': 'application/json' } });
  });
  window.fetch = fake as typeof fetch;
  return fake;
};

test('fetch to /cart/add.js, /cart/change.js and /cart/update.js: adds and removals with product details, the page sees its own answers', async () => {
  const realFetch = window.fetch;
  network({
    '/cart/add.js': line,
    '/cart/change.js': { token: 'tok-1', currency: 'EUR', items: [] },
    '/cart/update.js': { token: 'tok-1', currency: 'EUR', items: [{ ...line, quantity: 3 }] },
  });
  (window as any).Shopify = { currency: { active: 'EUR' } };
  const { use, calls } = fakeApi();
  use(shopify());
  const post = (url: string, body: unknown) => fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
  // the page reads its own answer: the body was not used up by the SDK
  const r = await post('/cart/add.js', { id: 4001, quantity: 2 });
  expect(await r.json()).toEqual(line);
  await tick();
  await post('/cart/change.js', { id: '4001:abc', quantity: 0 });
  await tick();
  await post('/cart/update.js', { updates: { 4001: 3 } });
  await tick();
  const cartId = calls[0]![1].cart_id;
  expect(calls).toEqual([
    ['Product Added', { ...shoe, quantity: 2, cart_id: cartId }],
    ['Product Removed', { ...shoe, quantity: 2, cart_id: 'tok-1' }],
    ['Product Added', { ...shoe, quantity: 3, cart_id: expect.any(String) }],
  ]);
  delete (window as any).Shopify;
  window.fetch = realFetch;
});

test('a failing request stays the page\'s own: same rejection, no event; a 404 sends nothing', async () => {
  const boom = new TypeError('Failed to fetch');
  const fake = network({ '/cart/add.js': boom });
  const { use, calls } = fakeApi();
  use(shopify());
  await expect(fetch('/cart/add.js', { method: 'POST', body: '{"id":1}' })).rejects.toBe(boom);
  const r = await fetch('/cart/update.js', { method: 'POST', body: '{}' });
  expect(r.status).toBe(404);
  await tick();
  expect(calls).toEqual([]);
  // same arguments reached the page's fetch
  expect(fake.mock.calls[0]).toEqual(['/cart/add.js', { method: 'POST', body: '{"id":1}' }]);
});

test('teardown puts the page\'s fetch and XHR back, unless another script wrapped them since', () => {
  const mine = vi.fn();
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
});

test('a form post to /cart/add is a Product Added with the variant id and quantity', () => {
  document.body.innerHTML = `<form action="/cart/add" method="post"><input name="id" value="4002"><input name="quantity" value="3"></form>`;
  const { use, calls } = fakeApi();
  use(shopify());
  const form = document.querySelector('form')!;
  form.addEventListener('submit', (e) => e.preventDefault());
  form.dispatchEvent(new Event('submit', { bubbles: true, cancelable: true }));
  expect(calls).toEqual([['Product Added', { product_id: '4002', quantity: 3, cart_id: expect.any(String) }]]);
});
