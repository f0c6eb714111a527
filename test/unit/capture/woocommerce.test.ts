import { expect, test, vi } from 'vitest';
import { woocommerce } from '../../../src/capture/woocommerce.js';
import { fakeApi, tick } from './fakeApi.js';
import { until } from '../helpers.js';

// The part of jQuery WooCommerce uses: on/off/trigger on document.body, and .data().
const fakeJQuery = () => {
  const handlers: Record<string, ((...a: unknown[]) => void)[]> = {};
  const body = {
    on: (t: string, f: () => void) => ((handlers[t] ||= []).push(f), body),
    off: (t: string, f: () => void) => ((handlers[t] = (handlers[t] || []).filter((x) => x != f)), body),
    trigger: (t: string, args: unknown[]) => (handlers[t] || []).forEach((f) => f({}, ...args)),
  };
  (window as any).jQuery = () => body;
  return body;
};
const button = (data: Record<string, unknown>) => ({ data: () => data });

test('wc-ajax add_to_cart and the added_to_cart event are one add; removed_from_cart is a removal', async () => {
  const $body = fakeJQuery();
  const realFetch = window.fetch;
  window.fetch = vi.fn(async () => new Response('{"fragments":{},"cart_hash":"h"}')) as never;
  const { use, calls } = fakeApi();
  use(woocommerce());
  const body = new URLSearchParams({ product_sku: 'SHOE-1', product_id: '42', quantity: '2' });
  await fetch('/?wc-ajax=add_to_cart', { method: 'POST', body });
  await tick();
  $body.trigger('added_to_cart', [{}, 'h', button({ product_id: 42, product_sku: 'SHOE-1', quantity: 2 })]);
  // the mini cart's remove link: data-product_id, data-cart_item_key, data-product_sku
  $body.trigger('removed_from_cart', [{}, 'h', button({ product_id: 42, cart_item_key: 'a5771bce', product_sku: 'SHOE-1' })]);
  // product_id is the sku, as the Store API, JSON-LD and GA4 name the product
  expect(calls.map((c) => [c[0], c[1].product_id, c[1].sku, c[1].quantity])).toEqual([
    ['Product Added', 'SHOE-1', 'SHOE-1', 2],
    ['Product Removed', 'SHOE-1', 'SHOE-1', 1],
  ]);
  window.fetch = realFetch;
  delete (window as any).jQuery;
});

test('a wc-ajax add_to_cart that WooCommerce refused (out of stock: `{ error: true }`) is no add', async () => {
  const realFetch = window.fetch;
  window.fetch = vi.fn(async () => new Response('{"error":true,"product_url":"https://shop.example/p/42"}')) as never;
  const { use, calls } = fakeApi();
  use(woocommerce());
  await fetch('/?wc-ajax=add_to_cart', { method: 'POST', body: new URLSearchParams({ product_id: '42', quantity: '1' }) });
  await tick();
  expect(calls).toEqual([]);
  window.fetch = realFetch;
});

test('a classic product form posting add-to-cart (its submit button names the product); a form a script posts itself is left to that script', () => {
  document.body.innerHTML = `<form method="post"><input name="quantity" value="2"><button type="submit" name="add-to-cart" value="42">Add</button></form>`;
  const { use, calls } = fakeApi();
  use(woocommerce());
  const form = document.querySelector('form')!;
  const submit = () => form.dispatchEvent(new SubmitEvent('submit', { bubbles: true, cancelable: true, submitter: document.querySelector('button') }));
  submit();
  expect(calls.map((c) => [c[0], c[1].product_id, c[1].quantity])).toEqual([['Product Added', '42', 2]]);
  // an AJAX add-to-cart script takes the submit over: its request is what is reported
  form.addEventListener('submit', (e) => e.preventDefault());
  submit();
  expect(calls).toHaveLength(1);
});

test('teardown unbinds the jQuery handlers', () => {
  const $body = fakeJQuery();
  const { api, calls } = fakeApi();
  (woocommerce().setup!(api) as () => void)();
  $body.trigger('added_to_cart', [{}, 'h', button({ product_id: 1 })]);
  expect(calls).toEqual([]);
  delete (window as any).jQuery;
});

test('a submit event with a foreign submitter, or a button whose data() throws, never throws into the page', () => {
  const $body = fakeJQuery();
  document.body.innerHTML = `<form id="a"><input name="add-to-cart" value="1"></form><form id="b"><button id="other">x</button></form>`;
  const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
  const { use, calls } = fakeApi();
  use(woocommerce());
  const e = new SubmitEvent('submit', { bubbles: true, submitter: document.getElementById('other') });
  expect(() => document.getElementById('a')!.dispatchEvent(e)).not.toThrow();
  expect(() =>
    $body.trigger('added_to_cart', [
      {},
      'h',
      {
        data: () => {
          throw new Error('x');
        },
      },
    ]),
  ).not.toThrow();
  expect(calls).toEqual([]);
  expect(warn).toHaveBeenCalledWith(expect.stringContaining('woocommerce() failed'));
  delete (window as any).jQuery;
});

// ---- the Store API, as the Cart and Checkout blocks call it (fixtures from WooCommerce's docs)
import { checkout } from '../../../src/capture/checkout.js';
import { cartProperties, loadState } from '../../../src/capture/commerceState.js';
import { fixture, net } from './platforms.js';

const API = '/wp-json/wc/store/v1/';
const storeModel = (name: string) => {
  const s = loadState(name);
  return { lines: s.items.map((i) => [i.product_id, i.quantity, i.price]), value: cartProperties(s).value, coupon: s.coupon };
};
const storeCart = (c: any) => ({
  lines: c.items.map((i: any) => [i.sku, i.quantity, +i.prices.price / 100]),
  value: (+c.totals.total_items - +c.totals.total_discount) / 100,
  coupon: c.coupons.map((x: any) => x.code).join() || undefined,
});

test('Store API: add-item, update-item, remove-item, apply-coupon, batch: the model equals the Store API cart after each, each difference one event', async () => {
  const n = net();
  const { api, calls } = fakeApi();
  {
    const f = woocommerce();
    const off = f.setup!(api) as () => void;
    try {
      const run = async (file: string, route: string) => {
        const out: unknown[][] = [];
        for (const e of fixture('woocommerce/' + file)) {
          calls.length = 0;
          await n.call(API + route, e.request, e.response);
          out.push(calls.map((c) => [c[0], c[1].product_id, c[1].quantity ?? c[1].coupon_id]));
          expect(storeModel(api.name), e.title).toEqual(storeCart(route == 'batch' ? e.response.responses.at(-1).body : e.response));
        }
        return out;
      };
      await n.call(API + 'cart', null, { ...fixture('woocommerce/cart')[0]!.response, items: [] }, 'GET');
      expect(await run('cart-add-item', 'cart/add-item')).toEqual([[['Product Added', 'SHOE-1', 2]], [['Product Added', 'SOCK-1', 1]]]);
      expect(calls[0]![1]).toEqual({ product_id: 'SOCK-1', sku: 'SOCK-1', name: 'Wool sock', price: 12.9, quantity: 1, currency: 'EUR', cart_id: expect.any(String) });
      expect(await run('cart-update-item', 'cart/update-item')).toEqual([[['Product Added', 'SHOE-1', 1]]]);
      expect(await run('cart-remove-item', 'cart/remove-item')).toEqual([[['Product Removed', 'SOCK-1', 1]], [['Product Removed', 'SHOE-1', 3]]]);
      expect(loadState(api.name).cart_id).toBeUndefined();
      // a new cart: a read of the cart only brings the model in line
      calls.length = 0;
      await n.call(API + 'cart', null, fixture('woocommerce/cart-remove-item')[0]!.response, 'GET');
      expect(calls).toEqual([]);
      expect(await run('cart-apply-coupon', 'cart/apply-coupon')).toEqual([[['Coupon Applied', undefined, 'summer10']]]);
      expect(await run('batch', 'batch')).toEqual([
        [
          ['Product Removed', 'SHOE-1', 2],
          ['Product Added', 'SOCK-1', 1],
        ],
      ]);
    } finally {
      off();
      n.restore();
    }
  }
});

test('Store API checkout: a paid order is one Order Completed with the cart; the order-received page sends no second; the cart ends', async () => {
  const n = net();
  const f = fakeApi();
  f.use(woocommerce());
  await n.call(API + 'cart/add-item', fixture('woocommerce/cart-add-item')[0]!.request, fixture('woocommerce/cart-add-item')[0]!.response);
  const c = fixture('woocommerce/checkout')[0]!;
  await n.call(API + 'checkout', c.request, c.response);
  history.replaceState(null, '', '/checkout/order-received/146/?key=wc_order_VPffqyvgWVqWL');
  const next = fakeApi(f.api.name);
  next.use(checkout());
  await tick();
  n.restore();
  history.replaceState(null, '', '/');
  expect(f.props('Order Completed')).toEqual([
    {
      order_id: '146',
      cart_id: expect.any(String),
      products: [{ product_id: 'SHOE-1', sku: 'SHOE-1', name: 'Trail shoe', price: 59.9, quantity: 2 }],
      revenue: 119.8,
      currency: 'EUR',
    },
  ]);
  expect(next.calls).toEqual([]);
  expect(loadState(f.api.name)).toMatchObject({ items: [], step: 0 });
});

test('installed after the page changed the cart (the script tag loads it late): the Store API cart is read once, each line the model missed sent', async () => {
  const cart = fixture('woocommerce/cart')[0]!.response as any;
  const real = window.fetch;
  const read = vi.fn(async () => new Response(JSON.stringify(cart), { status: 200, headers: { 'Content-Type': 'application/json' } }));
  window.fetch = read as never;
  const entries = vi.spyOn(performance, 'getEntriesByType');
  try {
    // a Store API read and a foreign request change nothing: no read of ours
    entries.mockReturnValue([
      { initiatorType: 'fetch', name: location.origin + API + 'cart' },
      { initiatorType: 'fetch', name: location.origin + '/search?q=x' },
    ] as never);
    const quiet = fakeApi();
    quiet.use(woocommerce());
    await tick();
    expect(read).not.toHaveBeenCalled();
    // the theme's add-item, and a classic wc-ajax add, before this capture was there
    for (const name of [API + 'cart/add-item', '/?wc-ajax=add_to_cart']) {
      read.mockClear();
      entries.mockReturnValue([{ initiatorType: 'xmlhttprequest', name: location.origin + name }] as never);
      const { calls, use } = fakeApi();
      use(woocommerce());
      await until(() => calls.length >= cart.items.length);
      expect(read.mock.calls.map((c) => (c as unknown[])[0])).toEqual(['/?rest_route=%2Fwc%2Fstore%2Fv1%2Fcart']);
      expect(calls.map(([e, p]) => [e, p.product_id, p.quantity])).toEqual(cart.items.map((i: any) => ['Product Added', i.sku || '' + i.id, i.quantity]));
    }
  } finally {
    window.fetch = real;
    entries.mockRestore();
  }
});
