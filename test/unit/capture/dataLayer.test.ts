import { expect, test } from 'vitest';
import { dataLayer } from '../../../src/capture/dataLayer.js';
import { fakeApi } from './fakeApi.js';

const w = window as unknown as { dataLayer?: unknown[] };
const item = { item_id: 'SHOE-1', item_name: 'Trail shoe', price: 59.9, quantity: 1, item_brand: 'Peak', item_category: 'Shoes', index: 0 };
const product = { product_id: 'SHOE-1', name: 'Trail shoe', price: 59.9, quantity: 1, brand: 'Peak', category: 'Shoes', position: 0 };

test('GA4 events pushed before and after the SDK loaded map to the Segment v2 events, with exact properties', () => {
  w.dataLayer = [{ event: 'gtm.js' }, { ecommerce: null }, { event: 'view_item', ecommerce: { currency: 'EUR', value: 59.9, items: [item] } }];
  const { use, calls } = fakeApi();
  use(dataLayer());
  const dl = w.dataLayer!;
  dl.push({ event: 'view_item_list', ecommerce: { item_list_id: 'shoes', item_list_name: 'Shoes', items: [item] } });
  dl.push({ event: 'add_to_cart', ecommerce: { currency: 'EUR', value: 119.8, items: [{ ...item, quantity: 2 }] } });
  dl.push({ event: 'view_cart', ecommerce: { currency: 'EUR', value: 119.8, items: [{ ...item, quantity: 2 }] } });
  dl.push({ event: 'remove_from_cart', ecommerce: { currency: 'EUR', items: [item] } });
  dl.push({ event: 'begin_checkout', ecommerce: { currency: 'EUR', value: 59.9, coupon: 'SUMMER', items: [item] } });
  dl.push({ event: 'add_shipping_info', ecommerce: { currency: 'EUR', shipping_tier: 'Ground', items: [item] } });
  dl.push({ event: 'add_payment_info', ecommerce: { currency: 'EUR', payment_type: 'Card', items: [item] } });
  dl.push({ event: 'purchase', ecommerce: { transaction_id: 'T-1', value: 64.9, tax: 5, shipping: 5, currency: 'EUR', items: [item] } });
  const cartId = calls.find((c) => c[0] == 'Product Added')![1].cart_id;
  expect(cartId).toMatch(/^[0-9a-f-]{36}$/);
  expect(calls.map((c) => c[0])).toEqual([
    'Product Viewed',
    'Product List Viewed',
    'Product Added',
    'Cart Viewed',
    'Product Removed',
    'Checkout Started',
    'Checkout Step Completed',
    'Payment Info Entered',
    'Checkout Step Completed',
    'Order Completed',
  ]);
  const p = calls.map((c) => c[1]);
  expect(p[0]).toEqual({ ...product, currency: 'EUR', value: 59.9 });
  expect(p[1]).toEqual({ products: [product], list_id: 'shoes', category: 'Shoes' });
  expect(p[2]).toEqual({ ...product, quantity: 2, currency: 'EUR', value: 119.8, cart_id: cartId });
  expect(p[3]).toEqual({ cart_id: cartId, products: [{ ...product, quantity: 2 }], value: 119.8, currency: 'EUR' });
  expect(p[4]).toEqual({ ...product, currency: 'EUR', cart_id: cartId });
  expect(p[5]).toEqual({ cart_id: cartId, products: [product], value: 59.9, currency: 'EUR', coupon: 'SUMMER' });
  expect(p[6]).toEqual({ products: [product], currency: 'EUR', shipping_method: 'Ground', step: 2 });
  expect(p[7]).toEqual({ products: [product], currency: 'EUR', payment_method: 'Card', step: 3 });
  expect(p[8]).toEqual({ step: 3 });
  expect(p[9]).toEqual({ cart_id: cartId, products: [product], revenue: 64.9, currency: 'EUR', order_id: 'T-1', tax: 5, shipping: 5 });
});

test('gtag("event", ...) pushes its arguments object, which is read too', () => {
  w.dataLayer = [];
  const { use, calls } = fakeApi();
  use(dataLayer());
  function gtag(..._a: unknown[]) {
    // eslint-disable-next-line prefer-rest-params
    w.dataLayer!.push(arguments);
  }
  gtag('event', 'add_to_cart', { currency: 'USD', items: [{ item_id: 'A', price: 3, quantity: 4 }] });
  expect(calls[0]).toEqual(['Product Added', expect.objectContaining({ product_id: 'A', price: 3, quantity: 4, currency: 'USD' })]);
});

test('push returns what the original push returned; teardown puts it back; a bad entry never throws', () => {
  const dl: unknown[] = [];
  const original = function (this: unknown[], ...a: unknown[]) {
    return Array.prototype.push.apply(this, a) + 1000;
  };
  (dl as unknown as { push: unknown }).push = original;
  w.dataLayer = dl;
  const { api, calls } = fakeApi();
  const off = dataLayer().setup!(api) as () => void;
  expect(dl.push).not.toBe(original);
  expect(dl.push({ event: 'add_to_cart', ecommerce: { items: [{ item_id: 'A' }] } })).toBe(1001);
  expect(() =>
    dl.push({
      event: 'purchase',
      ecommerce: {
        get items() {
          throw new Error('x');
        },
      },
    }),
  ).not.toThrow();
  off();
  expect(dl.push).toBe(original);
  dl.push({ event: 'add_to_cart', ecommerce: { items: [{ item_id: 'B' }] } });
  expect(calls.map((c) => c[1].product_id)).toEqual(['A']);
});

test('events named like Object.prototype members are not e-commerce events', () => {
  w.dataLayer = [];
  const { use, calls } = fakeApi();
  use(dataLayer());
  for (const event of ['constructor', '__proto__', 'toString', 'hasOwnProperty']) w.dataLayer!.push({ event, ecommerce: { currency: 'EUR', items: [item] } });
  expect(calls).toEqual([]);
});

// ---- Google's GA4 e-commerce guide, event by event (test/fixtures/platforms/ga4)
import { ga4 } from './platforms.js';

const shoe = { product_id: 'SHOE-1', name: 'Trail shoe', price: 59.9, quantity: 1, brand: 'Peak', category: 'Shoes', variant: '42', coupon: 'SUMMER10', position: 0 };

test('select_item, add_to_wishlist, refund, view_promotion, select_promotion and view_item (with its value), as GTM pushes after the clearing push', () => {
  w.dataLayer = [];
  const { use, calls } = fakeApi();
  use(dataLayer());
  for (const event of ['view_item', 'select_item', 'add_to_wishlist', 'view_promotion', 'select_promotion', 'refund'])
    w.dataLayer!.push({ ecommerce: null }, { event, ecommerce: ga4(event) });
  const promo = { promotion_id: 'P_12345', name: 'Summer Sale', creative: 'Summer Banner', position: 'featured_app_1' };
  expect(calls).toEqual([
    ['Product Viewed', { ...shoe, currency: 'EUR', value: 59.9 }],
    ['Product Clicked', { ...shoe, list_id: 'related_products' }],
    ['Product Added to Wishlist', { ...shoe, currency: 'EUR', value: 59.9 }],
    ['Promotion Viewed', promo],
    ['Promotion Clicked', promo],
    ['Order Refunded', { products: [shoe], currency: 'EUR', total: 30.03, order_id: 'T_12345', tax: 1.11, shipping: 3.33, coupon: 'SUMMER10' }],
  ]);
});

test('one add reported by gtag and by a GTM push is one event; two gtag adds are two', () => {
  w.dataLayer = [];
  const { use, events } = fakeApi();
  use(dataLayer());
  function gtag(..._a: unknown[]) {
    // eslint-disable-next-line prefer-rest-params
    w.dataLayer!.push(arguments);
  }
  gtag('event', 'add_to_cart', ga4('add_to_cart'));
  w.dataLayer!.push({ ecommerce: null }, { event: 'add_to_cart', ecommerce: ga4('add_to_cart') });
  expect(events()).toEqual(['Product Added']);
  gtag('event', 'add_to_cart', ga4('add_to_cart'));
  expect(events()).toEqual(['Product Added', 'Product Added']);
});
