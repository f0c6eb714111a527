import { expect, test, vi } from 'vitest';
import { commerceHub } from '../../../src/capture/commerceHub.js';
import { checkoutProgress } from '../../../src/capture/checkoutProgress.js';
import { cartModel } from '../../../src/capture/cartModel.js';
import { loadState } from '../../../src/capture/commerceState.js';
import { fakeApi } from './fakeApi.js';

const shoe = { product_id: 'SHOE-1', name: 'Trail shoe', price: 59.9, currency: 'EUR' };

test('the same add seen by two sources within 5 s is sent once; the same source twice is two adds', () => {
  const { api, calls } = fakeApi();
  const emit = commerceHub(api, checkoutProgress, cartModel);
  emit('dataLayer', 'Product Added', { ...shoe, quantity: 1 });
  // Shopify names the product by variant id, but shares the sku
  emit('shopify', 'Product Added', { product_id: '4001', sku: 'SHOE-1', quantity: 1 });
  expect(calls).toHaveLength(1);
  emit('dataLayer', 'Product Added', { ...shoe, quantity: 1 });
  expect(calls).toHaveLength(2);
  // a different quantity is a different add
  emit('shopify', 'Product Added', { product_id: '4001', sku: 'SHOE-1', quantity: 3 });
  expect(calls).toHaveLength(3);
});

test('two sources more than 5 s apart are two events', () => {
  vi.useFakeTimers({ now: 1e12 });
  const { api, calls } = fakeApi();
  const emit = commerceHub(api, checkoutProgress, cartModel);
  emit('a', 'Product Added', { ...shoe });
  vi.setSystemTime(1e12 + 5001);
  emit('b', 'Product Added', { ...shoe });
  expect(calls).toHaveLength(2);
  vi.useRealTimers();
});

test('the cart model: items, value, currency, cart_id, persisted under the tracker name', () => {
  const { api, calls } = fakeApi();
  const emit = commerceHub(api, checkoutProgress, cartModel);
  emit('x', 'Product Added', { ...shoe, quantity: '2' });
  emit('x', 'Product Added', { product_id: 'SOCK', name: 'Sock', price: '4.5', quantity: 3 });
  emit('x', 'Product Removed', { product_id: 'SHOE-1' });
  const s = loadState(api.name);
  expect(s.items).toEqual([
    { product_id: 'SHOE-1', name: 'Trail shoe', price: 59.9, quantity: 1 },
    { product_id: 'SOCK', name: 'Sock', price: 4.5, quantity: 3 },
  ]);
  expect(s.currency).toBe('EUR');
  expect(s.cart_id).toMatch(/^[0-9a-f-]{36}$/);
  expect(JSON.parse(localStorage.getItem(api.name + ':commerce')!).cart_id).toBe(s.cart_id);
  // every cart event carries the cart id; a removal without quantity removes one
  expect(calls.map((c) => [c[0], c[1].quantity, c[1].cart_id])).toEqual([
    ['Product Added', 2, s.cart_id],
    ['Product Added', 3, s.cart_id],
    ['Product Removed', 1, s.cart_id],
  ]);
  // a new page (or session) of the same tracker name sees the same cart
  const next = fakeApi(api.name);
  commerceHub(next.api, checkoutProgress)('y', 'Cart Viewed', {});
  expect(next.calls[0]).toEqual(['Cart Viewed', { cart_id: s.cart_id, products: s.items, value: 73.4, currency: 'EUR' }]);
});

test('a cart event that only names the product gets its details from the page or the cart', () => {
  const { api, props } = fakeApi();
  const emit = commerceHub(api, checkoutProgress, cartModel);
  emit('jsonLd', 'Product Viewed', { ...shoe, sku: 'SHOE-1' });
  emit('form', 'Product Added', { product_id: 'SHOE-1', quantity: 2 });
  expect(props('Product Added')[0]).toMatchObject({ product_id: 'SHOE-1', name: 'Trail shoe', price: 59.9, currency: 'EUR', quantity: 2 });
});

test('checkout: the first step starts it, each later step completes the one before, the order the last; then the cart is empty', () => {
  const { api, calls } = fakeApi();
  const emit = commerceHub(api, checkoutProgress, cartModel);
  emit('x', 'Product Added', { ...shoe, quantity: 2 });
  const cartId = loadState(api.name).cart_id;
  calls.length = 0;
  emit('url', 'Checkout Step Viewed', { step: 1, step_name: 'information' });
  emit('url', 'Checkout Step Viewed', { step: 1, step_name: 'information' });
  emit('url', 'Checkout Step Viewed', { step: 2, step_name: 'shipping' });
  emit('url', 'Checkout Step Viewed', { step: 3, step_name: 'payment' });
  emit('url', 'Order Completed', { order_id: 1001 });
  const products = [{ product_id: 'SHOE-1', name: 'Trail shoe', price: 59.9, quantity: 2 }];
  expect(calls).toEqual([
    ['Checkout Started', { cart_id: cartId, products, value: 119.8, currency: 'EUR' }],
    ['Checkout Step Viewed', { step: 1, step_name: 'information' }],
    ['Checkout Step Viewed', { step: 1, step_name: 'information' }],
    ['Checkout Step Completed', { step: 1, step_name: 'information' }],
    ['Checkout Step Viewed', { step: 2, step_name: 'shipping' }],
    ['Checkout Step Completed', { step: 2, step_name: 'shipping' }],
    ['Checkout Step Viewed', { step: 3, step_name: 'payment' }],
    ['Checkout Step Completed', { step: 3, step_name: 'payment' }],
    ['Order Completed', { order_id: '1001', cart_id: cartId, products, revenue: 119.8, currency: 'EUR' }],
  ]);
  expect(loadState(api.name)).toMatchObject({ items: [], step: 0, done: 0, orders: ['1001'] });
});

test('an order is sent once: a reloaded thank-you page and a second source with another id send nothing', () => {
  const { api, events } = fakeApi();
  commerceHub(api, checkoutProgress)('dataLayer', 'Order Completed', { order_id: 'A1', revenue: 10 });
  commerceHub(api, checkoutProgress)('checkout', 'Order Completed', { order_id: 'token-9' });
  // the next page load: a new hub, the same storage
  const again = fakeApi(api.name);
  commerceHub(again.api, checkoutProgress)('checkout', 'Order Completed', { order_id: 'token-9' });
  commerceHub(again.api, checkoutProgress)('dataLayer', 'Order Completed', { order_id: 'A1', revenue: 10 });
  expect(events()).toEqual(['Order Completed']);
  expect(again.calls).toEqual([]);
});

test('Checkout Started is sent once per checkout, and again after the cart was emptied', () => {
  const { api, events } = fakeApi();
  const emit = commerceHub(api, checkoutProgress, cartModel);
  emit('x', 'Product Added', { ...shoe });
  emit('a', 'Checkout Started', {});
  emit('b', 'Checkout Started', {});
  emit('a', 'Checkout Started', {});
  emit('x', 'Product Removed', { ...shoe });
  emit('x', 'Product Added', { ...shoe });
  emit('a', 'Checkout Started', {});
  expect(events()).toEqual(['Product Added', 'Checkout Started', 'Product Removed', 'Product Added', 'Checkout Started']);
});

test('a cart emptied by removals forgets its checkout step name: the next checkout does not carry it', () => {
  const { api, props } = fakeApi();
  const emit = commerceHub(api, checkoutProgress, cartModel);
  emit('x', 'Product Added', { ...shoe });
  emit('url', 'Checkout Step Viewed', { step: 2, step_name: 'shipping' });
  emit('x', 'Product Removed', { ...shoe });
  // a new cart, checked out through GA4 events only (no step names)
  emit('x', 'Product Added', { ...shoe });
  emit('ga4', 'Checkout Started', {});
  emit('ga4', 'Payment Info Entered', { step: 3 });
  emit('ga4', 'Order Completed', { order_id: 'o-9' });
  expect(props('Checkout Step Completed')).toEqual([{ step: 3, step_name: undefined }]);
});

test('a failure inside never reaches the caller', () => {
  const { api } = fakeApi();
  api.track = () => {
    throw new Error('boom');
  };
  const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
  expect(() => commerceHub(api, checkoutProgress)('x', 'Product Added', shoe)).not.toThrow();
  expect(warn).toHaveBeenCalledWith(expect.stringContaining('"Product Added" event seen by x could not be sent'));
});

test('checkout progress applies from when any source of the tracker hands it to the hub', () => {
  const { api, calls } = fakeApi();
  // a hub whose sources see only products and carts sends other events as they came
  commerceHub(api)('x', 'Checkout Step Viewed', { step: 1 });
  expect(calls).toEqual([['Checkout Step Viewed', { step: 1 }]]);
  commerceHub(api, checkoutProgress);
  commerceHub(api)('x', 'Checkout Step Viewed', { step: 2 });
  expect(calls.map((c) => c[0])).toEqual(['Checkout Step Viewed', 'Checkout Started', 'Checkout Step Viewed']);
});
