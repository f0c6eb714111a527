// One scripted journey per capture source, on the example shops in examples/shops/: landing,
// product list, product, add to cart twice, cart, three checkout steps, order, and a reload of
// the thank-you page, which must not send a second order. Each step asserts the exact events
// the collector received; the end asserts their key properties.
import { test, expect } from './fixtures.js';
import { follow, props, step, type tracked } from './capture-helpers.js';

const STARTED = ['Checkout Started', 'Checkout Step Viewed'];
const NEXT = ['Checkout Step Completed', 'Checkout Step Viewed'];
const ORDER = ['Checkout Step Completed', 'Order Completed'];
const shoe = { name: 'Trail shoe', price: 59.9, currency: 'EUR' };

type Page = import('@playwright/test').Page;
type C = Parameters<typeof tracked>[0];

/**
 * Walks the scripted journey on one example shop, asserting the events of every step: the
 * two add-to-cart actions (`#add` clicked twice by default) and what each checkout page
 * sends (started, two steps, order by default) vary by source.
 */
const walk = async (page: Page, c: C, shop: string, adds?: (() => Promise<unknown>)[], checkout = [STARTED, NEXT, NEXT, ORDER]) => {
  await step(c, () => page.goto(c.origin + '/examples/shops/' + shop + '/index.html'), []);
  await step(c, () => follow(page, '#to-list'), ['Product List Viewed']);
  await step(c, () => follow(page, '#to-product'), ['Product Viewed']);
  for (const add of adds || [() => page.click('#add'), () => page.click('#add')]) await step(c, add, ['Product Added']);
  await step(c, () => follow(page, '#to-cart'), ['Cart Viewed']);
  const [started, ...next] = checkout;
  await step(c, () => follow(page, '#to-checkout'), started!);
  for (const events of next) await step(c, () => follow(page, '#next'), events);
  // the thank-you page reloaded: no second order
  await step(c, () => page.reload(), [], 1000);
};

/** Asserts what every source's journey shares: two adds of one, a cart of two, one order. */
const commonChecks = (c: Parameters<typeof tracked>[0], order: Record<string, unknown>, steps = [1, 2, 3]) => {
  const adds = props(c, 'Product Added');
  expect(adds).toHaveLength(2);
  for (const a of adds) expect(a).toMatchObject({ ...shoe, quantity: 1, cart_id: adds[0]!.cart_id });
  const [cart] = props(c, 'Cart Viewed');
  expect(cart).toMatchObject({ value: 119.8, currency: 'EUR' });
  expect(cart!.products).toEqual([expect.objectContaining({ name: 'Trail shoe', price: 59.9, quantity: 2 })]);
  expect(props(c, 'Checkout Step Viewed').map((p) => p.step)).toEqual(steps);
  const orders = props(c, 'Order Completed');
  expect(orders).toHaveLength(1);
  expect(orders[0]).toMatchObject({ currency: 'EUR', ...order });
  expect(orders[0]!.products).toEqual([expect.objectContaining({ name: 'Trail shoe', price: 59.9, quantity: 2 })]);
};

test('attributes: data-wm-* on lists, products, buttons, checkout steps and the order', async ({ page, collector: c }) => {
  await walk(page, c, 'attributes');
  commonChecks(c, { order_id: 'A-1001', revenue: 119.8 });
  expect(props(c, 'Product List Viewed')[0]).toEqual({
    list_id: 'shoes',
    products: [
      { product_id: 'SHOE-1', ...shoe, brand: 'Peak', position: 1 },
      { product_id: 'SOCK-1', name: 'Wool sock', price: 12.9, currency: 'EUR', position: 2 },
    ],
  });
  expect(props(c, 'Checkout Step Viewed').map((p) => p.step_name)).toEqual(['information', 'shipping', 'payment']);
});

test('JSON-LD: views from structured data, adds that name only the product, checkout from URL patterns', async ({ page, collector: c }) => {
  await walk(page, c, 'json-ld');
  commonChecks(c, { order_id: 'J-1002', revenue: 119.8 });
  expect(props(c, 'Product Viewed')[0]).toEqual({ product_id: 'SHOE-1', sku: 'SHOE-1', ...shoe, brand: 'Peak', category: 'Shoes' });
  expect(props(c, 'Product List Viewed')[0]!.products).toHaveLength(2);
});

test('GA4 dataLayer: pushes before and after the SDK loaded, checkout from begin_checkout to purchase', async ({ page, collector: c }) => {
  // GA4 has no step-view event: begin_checkout, add_shipping_info, add_payment_info + purchase
  await walk(page, c, 'datalayer', undefined, [['Checkout Started'], [], ['Checkout Step Completed'], ['Payment Info Entered', ...ORDER]]);
  commonChecks(c, { order_id: 'D-1003', revenue: 124.8, shipping: 5 }, []);
  expect(props(c, 'Checkout Step Completed')).toEqual([
    { products: [expect.objectContaining({ quantity: 2 })], currency: 'EUR', value: 119.8, shipping_method: 'Standard', step: 2 },
    { step: 3 },
  ]);
  expect(props(c, 'Payment Info Entered')[0]).toMatchObject({ payment_method: 'Card', step: 3 });
  expect(props(c, 'Checkout Started')[0]).toMatchObject({ value: 119.8, currency: 'EUR', cart_id: props(c, 'Product Added')[0]!.cart_id });
});

test('Shopify: AJAX cart by fetch and by XHR, checkout preset URLs, thank-you page', async ({ page, collector: c }) => {
  await walk(page, c, 'shopify', [
    async () => {
      await page.click('#add-fetch');
      // the theme got its own answer
      await expect(page.locator('#result')).toHaveText('Added Trail shoe - 42');
    },
    () => page.click('#add-xhr'),
  ]);
  commonChecks(c, { order_id: 'c7', revenue: 119.8 });
  expect(props(c, 'Product Added')[0]).toEqual({
    product_id: 'SHOE-1',
    sku: 'SHOE-1',
    variant_id: '4001',
    ...shoe,
    variant: '42',
    brand: 'Peak',
    category: 'Shoes',
    quantity: 1,
    cart_id: expect.any(String),
  });
  expect(props(c, 'Checkout Step Viewed').map((p) => p.step_name)).toEqual(['information', 'shipping', 'payment']);
});

test('WooCommerce: wc-ajax add_to_cart and the added_to_cart event reported once each time, Woo checkout URLs', async ({ page, collector: c }) => {
  await walk(page, c, 'woocommerce');
  commonChecks(c, { order_id: '1004', revenue: 119.8 });
  expect(props(c, 'Product Added')[0]).toMatchObject({ product_id: 'SHOE-1', sku: 'SHOE-1', quantity: 1 });
  expect(props(c, 'Checkout Step Viewed').map((p) => p.step_name)).toEqual(['checkout', 'shipping', 'payment']);
});

test('CSS-selector rules: a shop with nothing else, prices printed the German way', async ({ page, collector: c }) => {
  await walk(page, c, 'selectors');
  commonChecks(c, { order_id: 'X-1005', revenue: 119.8 });
  expect(props(c, 'Product List Viewed')[0]).toEqual({
    list_id: 'shoes',
    products: [
      { product_id: 'SHOE-1', name: 'Trail shoe', price: 59.9 },
      { product_id: 'SOCK-1', name: 'Wool sock', price: 12.9 },
    ],
  });
});
