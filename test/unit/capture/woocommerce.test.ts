import { expect, test, vi } from 'vitest';
import { woocommerce } from '../../../src/capture/woocommerce.js';
import { fakeApi, tick } from './fakeApi.js';

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
  $body.trigger('removed_from_cart', [{}, 'h', button({ product_id: 42 })]);
  expect(calls.map((c) => [c[0], c[1].product_id, c[1].sku, c[1].quantity])).toEqual([
    ['Product Added', '42', 'SHOE-1', 2],
    ['Product Removed', '42', 'SHOE-1', 1],
  ]);
  window.fetch = realFetch;
  delete (window as any).jQuery;
});

test('a classic product form posting add-to-cart (its submit button names the product)', () => {
  document.body.innerHTML = `<form method="post"><input name="quantity" value="2"><button type="submit" name="add-to-cart" value="42">Add</button></form>`;
  const { use, calls } = fakeApi();
  use(woocommerce());
  const form = document.querySelector('form')!;
  form.addEventListener('submit', (e) => e.preventDefault());
  form.requestSubmit(document.querySelector('button'));
  expect(calls.map((c) => [c[0], c[1].product_id, c[1].quantity])).toEqual([['Product Added', '42', 2]]);
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
  expect(() => $body.trigger('added_to_cart', [{}, 'h', { data: () => { throw new Error('x'); } }])).not.toThrow();
  expect(calls).toEqual([]);
  expect(warn).toHaveBeenCalledWith(expect.stringContaining('woocommerce() failed'));
  delete (window as any).jQuery;
});
