import { expect, test, vi } from 'vitest';
import { checkout } from '../../../src/capture/checkout.js';
import { commerceHub } from '../../../src/capture/commerceHub.js';
import { cartModel } from '../../../src/capture/cartModel.js';
import type { CheckoutOptions } from '../../../src/capture/checkout.js';
import { fakeApi, spa, tick } from './fakeApi.js';

const at = async (url: string, options?: CheckoutOptions, name?: string) => {
  history.replaceState(null, '', url);
  const f = fakeApi(name);
  f.use(checkout(options));
  await tick();
  return f;
};

test('Shopify preset: cart, the three checkout steps and the thank-you page, order id from the URL', async () => {
  const first = await at('/cart');
  const name = first.api.name;
  // the cart as a product source would fill it, so the checkout and the order carry it
  commerceHub(first.api, 0, cartModel)('x', 'Product Added', { product_id: 'V1', price: 20, quantity: 2, currency: 'USD' });
  const urls = [
    '/checkouts/abc?step=contact_information',
    '/checkouts/abc?step=shipping_method',
    '/checkouts/abc?step=payment_method',
    '/checkouts/c/abc/thank_you',
    '/checkouts/c/abc/thank_you',
  ];
  const seen: string[] = [];
  const sent: Record<string, unknown>[] = [];
  for (const u of urls) for (const [e, p] of (await at(u, {}, name)).calls) seen.push(e + ' ' + (p.step ?? p.order_id ?? '')), sent.push({ event: e, ...p });
  expect(sent.find((x) => x.event == 'Checkout Started')).toMatchObject({ value: 40, currency: 'USD', products: [{ product_id: 'V1', quantity: 2 }] });
  expect(sent.find((x) => x.event == 'Order Completed')).toMatchObject({ order_id: 'abc', revenue: 40, currency: 'USD', products: [{ product_id: 'V1', quantity: 2 }] });
  expect(first.events()).toEqual(['Cart Viewed', 'Product Added']);
  expect(seen).toEqual([
    'Checkout Started ',
    'Checkout Step Viewed 1',
    'Checkout Step Completed 1',
    'Checkout Step Viewed 2',
    'Checkout Step Completed 2',
    'Checkout Step Viewed 3',
    'Checkout Step Completed 3',
    'Order Completed abc',
  ]);
});

test('WooCommerce preset: checkout, order-pay and order-received; platform none turns presets off', async () => {
  expect((await at('/checkout/')).calls).toEqual([
    ['Checkout Started', { products: [], value: 0 }],
    ['Checkout Step Viewed', { step: 1, step_name: 'checkout' }],
  ]);
  expect((await at('/checkout/order-pay/77/?pay_for_order=true')).props('Checkout Step Viewed')).toEqual([{ step: 3, step_name: 'payment' }]);
  expect((await at('/checkout/order-received/1234/?key=wc_order_x')).props('Order Completed')).toEqual([{ order_id: '1234' }]);
  expect((await at('/checkout/', { platform: 'none' })).calls).toEqual([]);
});

test('custom steps and order page, as strings (JSON config), .html pages included', async () => {
  const o: CheckoutOptions = {
    checkoutSteps: [
      [1, 'details', '/pay/details'],
      [2, 'shipping', '/pay/ship'],
    ],
    orderPage: '/done/(\\w+)',
    cartPage: '/basket',
  };
  expect((await at('/shop/pay/ship.html', o)).props('Checkout Step Viewed')).toEqual([{ step: 2, step_name: 'shipping' }]);
  expect((await at('/done/X9/index.html', o)).props('Order Completed')).toEqual([{ order_id: 'X9' }]);
  expect((await at('/basket', o)).events()).toEqual(['Cart Viewed']);
  expect((await at('/other', o)).events()).toEqual([]);
});

test('a malformed option (steps not a list, a broken pattern) warns instead of throwing; the presets still work', async () => {
  const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
  // WooCommerce's preset: /checkout/ is step 1
  expect((await at('/checkout/', { checkoutSteps: {} as never })).events()).toEqual(['Checkout Started', 'Checkout Step Viewed']);
  expect(warn).toHaveBeenCalledWith(expect.stringContaining('checkout(): checkoutSteps must be a list of [step, name, pattern]; only the platform presets are used.'));
  expect((await at('/cart', { orderPage: '(' })).events()).toEqual(['Cart Viewed']);
  expect(warn).toHaveBeenCalledWith(expect.stringContaining('checkout(): the URL pattern ( is not a valid regular expression'));
});

test('a single-page checkout: each pushState to a step or the thank-you page is checked at its page view', async () => {
  const runs = await spa(
    () => checkout(),
    () => history.replaceState(null, '', '/checkouts/spa?step=contact_information'),
    async (t) => {
      for (const step of ['shipping_method', 'payment_method']) {
        history.pushState(null, '', '/checkouts/spa?step=' + step);
        await tick(20);
      }
      // the same URL again (a replaceState that changes nothing, then the app's own page()) is
      // no new step, and no second view of the URL
      history.replaceState(null, '', '/checkouts/spa?step=payment_method');
      t.page();
      await tick(20);
      history.pushState(null, '', '/checkouts/c/spa/thank_you');
      await tick(20);
    },
  );
  for (const events of runs)
    expect(events.map((m) => (m.type == 'page' ? 'page ' + m.context.page.search : m.event + ' ' + (m.properties?.step ?? m.properties?.order_id ?? '')))).toEqual([
      'page ?step=contact_information',
      'Checkout Started ',
      'Checkout Step Viewed 1',
      'page ?step=shipping_method',
      'Checkout Step Completed 1',
      'Checkout Step Viewed 2',
      'page ?step=payment_method',
      'Checkout Step Completed 2',
      'Checkout Step Viewed 3',
      'page ',
      'Checkout Step Completed 3',
      'Order Completed spa',
    ]);
});
