// Issue 11, item 2: an empty cart is never abandoned. Every way a cart empties (a clear, the
// last line removed, a quantity set to 0, an order), seen by each capture source, resets the
// cart model and leaves no abandonment pending.
import { afterEach, expect, test, vi } from 'vitest';
import type { Plugin } from '../../../src/types.js';
import { abandonment } from '../../../src/capture/abandonment.js';
import { checkout } from '../../../src/capture/checkout.js';
import { dataLayer } from '../../../src/capture/dataLayer.js';
import { shopify } from '../../../src/capture/shopify.js';
import { woocommerce } from '../../../src/capture/woocommerce.js';
import { loadState } from '../../../src/capture/commerceState.js';
import { fakeApi } from './fakeApi.js';
import { fixture, ga4, net } from './platforms.js';

afterEach(() => {
  vi.useRealTimers();
  history.replaceState(null, '', '/');
  delete (window as any).dataLayer;
  delete (window as any).jQuery;
});

type Way = [source: string, way: string, plugins: () => Plugin[], fill: (call: Call) => Promise<void>, empty: (call: Call) => Promise<void>];
type Call = (url: string, body: unknown, answer: unknown, method?: string) => Promise<void>;

const sh = (f: string, i = 0) => fixture('shopify/' + f)[i]!;
const wc = (f: string, i = 0) => fixture('woocommerce/' + f)[i]!;
const shopifyFull = (call: Call) => call('/cart.js', null, sh('cart').response, 'GET');
const storeFull = (call: Call) => call('/wp-json/wc/store/v1/cart', null, wc('cart').response, 'GET');
const push = (event: string, e: object) => async () => void (window as any).dataLayer.push({ ecommerce: null }, { event, ecommerce: e });
const jq = () => {
  const handlers: Record<string, ((...a: unknown[]) => void)[]> = {};
  const body = {
    on: (t: string, f: () => void) => ((handlers[t] ||= []).push(f), body),
    off: () => body,
    trigger: (t: string, a: unknown[]) => (handlers[t] || []).forEach((f) => f({}, ...a)),
  };
  (window as any).jQuery = () => body;
  return body;
};
let $body: ReturnType<typeof jq>;

const WAYS: Way[] = [
  ['shopify', 'clear (/cart/clear.js)', () => [shopify()], shopifyFull, (call) => call('/cart/clear.js', null, sh('cart-clear').response)],
  [
    'shopify',
    'the last line removed (/cart/change.js by line, quantity 0)',
    () => [shopify()],
    (call) => call('/cart/change.js', sh('cart-change', 2).request, sh('cart-change', 2).response),
    (call) => call('/cart/change.js', sh('cart-change', 3).request, sh('cart-change', 3).response),
  ],
  [
    'shopify',
    'quantities set to 0 (/cart/update.js updates)',
    () => [shopify()],
    shopifyFull,
    (call) => call('/cart/update.js', sh('cart-update', 3).request, sh('cart-update', 3).response),
  ],
  [
    'woocommerce Store API',
    'the last line removed (remove-item)',
    () => [woocommerce()],
    (call) => call('/wp-json/wc/store/v1/cart', null, wc('cart-remove-item').response, 'GET'),
    (call) => call('/wp-json/wc/store/v1/cart/remove-item', wc('cart-remove-item', 1).request, wc('cart-remove-item', 1).response),
  ],
  [
    'woocommerce Store API',
    'quantity 0 (update-item; the answer has the line no more)',
    () => [woocommerce()],
    (call) => call('/wp-json/wc/store/v1/cart', null, wc('cart-remove-item').response, 'GET'),
    (call) => call('/wp-json/wc/store/v1/cart/update-item', { key: 'a5771bce93e200c36f7cd9dfd0e5deaa', quantity: 0 }, wc('cart-remove-item', 1).response),
  ],
  [
    'woocommerce Store API',
    'an order (checkout)',
    () => [woocommerce()],
    storeFull,
    (call) => call('/wp-json/wc/store/v1/checkout', wc('checkout').request, wc('checkout').response),
  ],
  [
    'woocommerce classic',
    'the last line removed (removed_from_cart)',
    () => (($body = jq()), [woocommerce()]),
    async () => $body.trigger('added_to_cart', [{}, 'h', { data: () => ({ product_id: 38, product_sku: 'SHOE-1', quantity: 1 }) }]),
    async () => $body.trigger('removed_from_cart', [{}, 'h', { data: () => ({ product_id: 38, product_sku: 'SHOE-1' }) }]),
  ],
  [
    'dataLayer',
    'the last line removed (remove_from_cart)',
    () => (((window as any).dataLayer = []), [dataLayer()]),
    push('add_to_cart', ga4('add_to_cart')),
    push('remove_from_cart', { ...ga4('remove_from_cart'), items: [{ ...ga4('remove_from_cart').items[0], quantity: 2 }] }),
  ],
  ['dataLayer', 'an order (purchase)', () => (((window as any).dataLayer = []), [dataLayer()]), push('add_to_cart', ga4('add_to_cart')), push('purchase', ga4('purchase'))],
  ['checkout pages', 'an order (the thank-you page)', () => [shopify(), checkout()], shopifyFull, async () => history.replaceState(null, '', '/checkouts/cn/Z2Nw/thank-you')],
];

for (const [source, way, plugins, fill, empty] of WAYS)
  for (const checkoutStarted of [false, true])
    test(`${source}: ${way} ${checkoutStarted ? 'during a checkout ' : ''}resets the cart and nothing is abandoned`, async () => {
      vi.useFakeTimers({ now: Date.UTC(2026, 10, 23, 10), toFake: ['setTimeout', 'clearTimeout', 'Date'] });
      const n = net();
      const f = fakeApi();
      f.use(abandonment(), ...plugins());
      const call: Call = async (...a) => {
        let done = false;
        n.call(...a).then(() => (done = true));
        while (!done) await vi.advanceTimersByTimeAsync(5);
      };
      try {
        await fill(call);
        expect(loadState(f.api.name).items.length, 'the cart holds items').toBeGreaterThan(0);
        if (checkoutStarted) f.use(...(history.replaceState(null, '', '/checkouts/cn/Z2Nw'), [checkout()]));
        await vi.advanceTimersByTimeAsync(10 * 6e4);
        await empty(call);
        // a thank-you page is read by the checkout capture of the next page
        if (way.includes('thank-you')) f.use(checkout());
        await vi.advanceTimersByTimeAsync(10);
        const s = loadState(f.api.name);
        expect(s).toMatchObject({ items: [], step: 0, done: 0, ab: 0 });
        expect(s.cart_id).toBeUndefined();
        await vi.advanceTimersByTimeAsync(60 * 6e4);
        expect(f.events().filter((e) => e.includes('Abandoned'))).toEqual([]);
        // and the next page (a next visit) finds nothing to abandon either
        const next = fakeApi(f.api.name);
        next.use(abandonment());
        expect(next.events()).toEqual([]);
      } finally {
        n.restore();
      }
    });
