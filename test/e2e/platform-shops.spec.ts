// Platform-shaped shops in Chromium: a Shopify theme driven by Shopify's published cart client
// (@shopify/theme-cart) and a WooCommerce block theme driven by WordPress's apiFetch
// (@wordpress/api-fetch) against the Store API, each answered by test/e2e/shopBackend.ts with
// the documented JSON. Every step asserts the exact events the collector received, and the
// end their properties, field by field.
import { test, expect } from './fixtures.js';
import { follow, props, step, tracked } from './capture-helpers.js';

type Page = import('@playwright/test').Page;
type C = Parameters<typeof tracked>[0];

const MIN = 60_000;
const SHOE = { product_id: 'SHOE-1', sku: 'SHOE-1', name: 'Trail shoe', price: 59.9 };
const SOCK = { product_id: 'SOCK-1', sku: 'SOCK-1', name: 'Wool sock', price: 12.9 };
const SHOPIFY_SHOE = { ...SHOE, variant_id: '40001', variant: '42', brand: 'Peak', category: 'Shoes' };
const SHOPIFY_SOCK = { ...SOCK, variant_id: '40002', variant: 'M', brand: 'Peak', category: 'Socks' };
const STARTED = ['Checkout Started', 'Checkout Step Viewed'];
const NEXT = ['Checkout Step Completed', 'Checkout Step Viewed'];
const focus = (page: Page, id: string) => page.focus('#' + id);
const named = (c: C, event: string) => tracked(c).filter((m) => m.event == event);

const shopify = (c: C) => c.origin + '/examples/shops/shopify/';
const blocks = (c: C) => c.origin + '/examples/shops/woocommerce-blocks/';

test('Shopify with @shopify/theme-cart: two adds, a change by line, a removal, a note, a coupon, the one-page checkout, the order', async ({ page, collector: c }) => {
  await step(c, () => page.goto(shopify(c) + 'products/trail-shoe.html'), ['Product Viewed']);
  await step(c, () => page.click('#tc-add'), ['Product Added']);
  await step(c, () => page.click('#tc-add-sock'), ['Product Added']);
  await step(c, () => follow(page, '#to-cart'), ['Cart Viewed']);
  // updateItem: GET /cart.js for the line, then /cart/change.js { line: 1, quantity: 2 }
  await step(c, () => page.click('#tc-qty'), ['Product Added']);
  // removeItem: /cart/change.js { line: 2, quantity: 0 }
  await step(c, () => page.click('#tc-remove'), ['Product Removed']);
  await step(c, () => page.click('#tc-note'), [], 800);
  await step(c, () => page.click('#tc-discount'), ['Coupon Applied']);
  await step(c, () => follow(page, '#to-onepage'), STARTED);
  await step(c, () => focus(page, 'email'), [], 300);
  await step(c, () => focus(page, 'address1'), NEXT);
  await step(c, () => focus(page, 'card'), NEXT);
  await step(c, () => follow(page, '#pay'), ['Checkout Step Completed', 'Order Completed']);
  await step(c, () => page.reload(), [], 1000);

  const token = decodeURIComponent((await page.context().cookies()).find((k) => k.name == 'cart')!.value);
  expect(token).toMatch(/^c1-\w+\?key=\w+$/);
  const ids = { cart_id: token, currency: 'EUR' };
  expect(props(c, 'Product Viewed')).toEqual([{ ...SHOE, brand: 'Peak', category: 'Shoes', currency: 'EUR' }]);
  expect(props(c, 'Product Added')).toEqual([
    { ...SHOPIFY_SHOE, quantity: 1, ...ids },
    { ...SHOPIFY_SOCK, quantity: 1, ...ids },
    { ...SHOPIFY_SHOE, quantity: 1, ...ids },
  ]);
  expect(props(c, 'Cart Viewed')).toEqual([
    {
      cart_id: token,
      products: [
        { ...SHOPIFY_SHOE, quantity: 1 },
        { ...SHOPIFY_SOCK, quantity: 1 },
      ],
      value: 72.8,
      currency: 'EUR',
    },
  ]);
  expect(props(c, 'Product Removed')).toEqual([{ ...SHOPIFY_SOCK, quantity: 1, ...ids }]);
  expect(props(c, 'Coupon Applied')).toEqual([{ cart_id: token, coupon_id: 'SUMMER10', discount: 11.98 }]);
  const cart = { cart_id: token, products: [{ ...SHOPIFY_SHOE, quantity: 2 }], currency: 'EUR' };
  expect(props(c, 'Checkout Started')).toEqual([{ ...cart, value: 107.82 }]);
  expect(props(c, 'Checkout Step Viewed')).toEqual([
    { step: 1, step_name: 'information' },
    { step: 2, step_name: 'shipping' },
    { step: 3, step_name: 'payment' },
  ]);
  expect(props(c, 'Checkout Step Completed').map((p) => p.step)).toEqual([1, 2, 3]);
  // the order id, revenue, total, shipping and tax from the thank-you page's Shopify.checkout
  expect(props(c, 'Order Completed')).toEqual([{ ...cart, order_id: '5551234', revenue: 107.82, total: 112.72, shipping: 4.9, tax: 18 }]);
});

test('Shopify: a cleared cart is never abandoned; a cart left 31 minutes is, once; so is a checkout left at shipping', async ({ page, collector: c }) => {
  await page.clock.install({ time: new Date('2026-11-23T10:00:00Z') });
  await step(c, () => page.goto(shopify(c) + 'products/trail-shoe.html'), ['Product Viewed']);
  await step(c, () => page.click('#tc-add'), ['Product Added']);
  await step(c, () => page.click('#tc-add-sock'), ['Product Added']);
  await step(c, () => follow(page, '#to-cart'), ['Cart Viewed']);
  await step(c, () => page.click('#tc-clear'), ['Product Removed', 'Product Removed']);
  await step(c, () => page.clock.fastForward(31 * MIN), [], 800);
  await step(c, () => follow(page, '#to-product'), ['Product Viewed']);
  await step(c, () => page.click('#tc-add'), ['Product Added']);
  const cartId = props(c, 'Product Added')[2]!.cart_id;
  await step(c, () => page.clock.fastForward(31 * MIN), ['Cart Abandoned']);
  expect(props(c, 'Cart Abandoned')).toEqual([
    { cart_id: cartId, products: [{ ...SHOPIFY_SHOE, quantity: 1 }], value: 59.9, currency: 'EUR', idle_time: expect.any(Number), window_end: expect.any(String) },
  ]);
  await step(c, () => page.goto(shopify(c) + 'checkouts/cn/c9/en-us.html'), STARTED);
  await step(c, () => focus(page, 'address1'), NEXT);
  await step(c, () => page.clock.fastForward(31 * MIN), ['Checkout Abandoned']);
  expect(props(c, 'Checkout Abandoned')).toEqual([
    {
      cart_id: cartId,
      products: [{ ...SHOPIFY_SHOE, quantity: 1 }],
      value: 59.9,
      currency: 'EUR',
      step: 2,
      step_name: 'shipping',
      idle_time: expect.any(Number),
      window_end: expect.any(String),
    },
  ]);
  await page.clock.fastForward(60 * MIN);
  await page.waitForTimeout(500);
  expect(named(c, 'Cart Abandoned')).toHaveLength(1);
  expect(named(c, 'Checkout Abandoned')).toHaveLength(1);
});

test('WooCommerce blocks with apiFetch and the Store API: two adds, a batched quantity change, a removal, a coupon, the one-page checkout, the order', async ({
  page,
  collector: c,
}) => {
  await step(c, () => page.goto(blocks(c) + 'product/trail-shoe/index.html'), ['Product Viewed']);
  await step(c, () => page.click('#add'), ['Product Added']);
  await step(c, () => page.click('#add-sock'), ['Product Added']);
  await step(c, () => follow(page, '#to-cart'), ['Cart Viewed']);
  await step(c, () => page.click('#qty'), ['Product Added']);
  await step(c, () => page.click('#remove'), ['Product Removed']);
  await step(c, () => page.click('#coupon'), ['Coupon Applied']);
  await step(c, () => follow(page, '#to-checkout'), STARTED);
  await step(c, () => focus(page, 'email'), [], 300);
  await step(c, () => focus(page, 'address'), NEXT);
  await step(c, () => focus(page, 'cheque'), NEXT);
  await step(c, () => Promise.all([page.waitForURL('**/order-received/147.html'), page.click('#place-order')]), ['Checkout Step Completed', 'Order Completed']);
  await step(c, () => page.reload(), [], 1000);

  const cartId = props(c, 'Product Added')[0]!.cart_id;
  expect(cartId).toMatch(/^[0-9a-f-]{36}$/);
  const ids = { cart_id: cartId, currency: 'EUR' };
  expect(props(c, 'Product Viewed')).toEqual([{ ...SHOE, brand: 'Peak', category: 'Shoes', currency: 'EUR' }]);
  expect(props(c, 'Product Added')).toEqual([
    { ...SHOE, brand: 'Peak', category: 'Shoes', quantity: 1, ...ids },
    { ...SOCK, quantity: 1, ...ids },
    { ...SHOE, quantity: 1, ...ids },
  ]);
  expect(props(c, 'Cart Viewed')).toEqual([
    {
      cart_id: cartId,
      products: [
        { ...SHOE, quantity: 1 },
        { ...SOCK, quantity: 1 },
      ],
      value: 72.8,
      currency: 'EUR',
    },
  ]);
  expect(props(c, 'Product Removed')).toEqual([{ ...SOCK, quantity: 1, ...ids }]);
  expect(props(c, 'Coupon Applied')).toEqual([{ cart_id: cartId, coupon_id: 'summer10', discount: 11.98 }]);
  const cart = { cart_id: cartId, products: [{ ...SHOE, quantity: 2 }], currency: 'EUR' };
  expect(props(c, 'Checkout Started')).toEqual([{ ...cart, value: 107.82 }]);
  expect(props(c, 'Checkout Step Viewed')).toEqual([
    { step: 1, step_name: 'checkout' },
    { step: 2, step_name: 'shipping' },
    { step: 3, step_name: 'payment' },
  ]);
  // the Store API's checkout answer is the order; the order-received page sends no second one
  expect(props(c, 'Order Completed')).toEqual([{ ...cart, order_id: '147', revenue: 107.82 }]);
});

test('WooCommerce blocks: a cart emptied by a batched removal is never abandoned; a cart and a checkout left are, once each', async ({ page, collector: c }) => {
  await page.clock.install({ time: new Date('2026-11-23T10:00:00Z') });
  await step(c, () => page.goto(blocks(c) + 'product/trail-shoe/index.html'), ['Product Viewed']);
  await step(c, () => page.click('#add'), ['Product Added']);
  await step(c, () => page.click('#add-sock'), ['Product Added']);
  await step(c, () => follow(page, '#to-cart'), ['Cart Viewed']);
  await step(c, () => page.click('#empty'), ['Product Removed', 'Product Removed']);
  await step(c, () => page.clock.fastForward(31 * MIN), [], 800);
  await step(c, () => follow(page, '#to-product'), ['Product Viewed']);
  await step(c, () => page.click('#add'), ['Product Added']);
  const cartId = props(c, 'Product Added')[2]!.cart_id;
  await step(c, () => page.clock.fastForward(31 * MIN), ['Cart Abandoned']);
  // the cart model is the Store API's cart: its lines as the Store API describes them
  expect(props(c, 'Cart Abandoned')).toEqual([
    { cart_id: cartId, products: [{ ...SHOE, quantity: 1 }], value: 59.9, currency: 'EUR', idle_time: expect.any(Number), window_end: expect.any(String) },
  ]);
  await step(c, () => page.goto(blocks(c) + 'checkout/index.html'), STARTED);
  await step(c, () => focus(page, 'cheque'), NEXT);
  await step(c, () => page.clock.fastForward(31 * MIN), ['Checkout Abandoned']);
  expect(props(c, 'Checkout Abandoned')).toEqual([
    {
      cart_id: cartId,
      products: [{ ...SHOE, quantity: 1 }],
      value: 59.9,
      currency: 'EUR',
      step: 3,
      step_name: 'payment',
      idle_time: expect.any(Number),
      window_end: expect.any(String),
    },
  ]);
});
