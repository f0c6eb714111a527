// Cart and checkout abandonment in Chromium, with time driven by Playwright's clock
// (installed before the page loads, so the SDK's timers and Date are the fake ones).
import { test, expect } from './fixtures.js';
import { follow, props, step, tracked } from './capture-helpers.js';

const T0 = new Date('2026-11-23T10:00:00Z');
const MIN = 60_000;
const named = (c: Parameters<typeof tracked>[0], event: string) => tracked(c).filter((m) => m.event == event);

test.beforeEach(async ({ page }) => {
  await page.clock.install({ time: T0 });
});

const addShoe = async (page: import('@playwright/test').Page, c: Parameters<typeof tracked>[0]) => {
  await step(c, () => page.goto(c.origin + '/examples/shops/attributes/product.html'), ['Product Viewed']);
  await step(c, () => page.click('#add'), ['Product Added']);
};

test('a cart left open 31 minutes: exactly one Cart Abandoned, with the cart, idle time and window end', async ({ page, collector: c }) => {
  await addShoe(page, c);
  const added = Date.parse(named(c, 'Product Added')[0]!.timestamp);
  await page.clock.fastForward(29 * MIN);
  await page.waitForTimeout(500);
  expect(named(c, 'Cart Abandoned')).toHaveLength(0);
  await step(c, () => page.clock.fastForward(2 * MIN), ['Cart Abandoned']);
  await page.clock.fastForward(60 * MIN);
  await page.waitForTimeout(800);
  expect(named(c, 'Cart Abandoned')).toHaveLength(1);
  const [a] = props(c, 'Cart Abandoned');
  expect(a).toEqual({
    cart_id: props(c, 'Product Added')[0]!.cart_id,
    products: [{ product_id: 'SHOE-1', name: 'Trail shoe', price: 59.9, brand: 'Peak', quantity: 1 }],
    value: 59.9,
    currency: 'EUR',
    idle_time: expect.any(Number),
    window_end: expect.any(String),
  });
  // the window ends 30 minutes after the last activity, the add (or its delivery moments later)
  expect(Date.parse(a!.window_end) - added).toBeGreaterThanOrEqual(30 * MIN);
  expect(Date.parse(a!.window_end) - added).toBeLessThan(30 * MIN + 5000);
  // fastForward fires the due timer at the time it jumped to: 31 minutes after the add
  expect(a!.idle_time).toBeGreaterThanOrEqual(1860);
  expect(a!.idle_time).toBeLessThan(1890);
  // it belongs to the visit it closes: timestamped at the window's end (it was the time the
  // timer fired, 31 minutes), in the add's session (it was a new one), and no activity itself
  const [abandoned] = named(c, 'Cart Abandoned');
  const [add] = named(c, 'Product Added');
  expect(abandoned!.timestamp).toBe(a!.window_end);
  expect(abandoned!.context.journey.sessionId).toBe(add!.context.journey.sessionId);
  expect(abandoned!.context.active).toBe(false);
  expect(abandoned!.context.cart).toMatchObject({ cart_id: a!.cart_id, value: 59.9 });
});

test('leaving with a cart and coming back an hour later: exactly one Cart Abandoned', async ({ page, collector: c }) => {
  await addShoe(page, c);
  await page.goto('about:blank');
  await page.clock.setSystemTime(new Date(T0.getTime() + 60 * MIN));
  await step(c, () => page.goto(c.origin + '/examples/shops/attributes/index.html'), ['Cart Abandoned']);
  expect(props(c, 'Cart Abandoned')[0]).toMatchObject({ value: 59.9, products: [expect.objectContaining({ product_id: 'SHOE-1', quantity: 1 })] });
  expect(props(c, 'Cart Abandoned')[0]!.idle_time).toBeGreaterThanOrEqual(3590);
  // more visits, more time: still one
  await step(c, () => page.reload(), []);
  await page.clock.fastForward(120 * MIN);
  await step(c, () => page.goto(c.origin + '/examples/shops/attributes/list.html'), ['Product List Viewed'], 800);
  expect(named(c, 'Cart Abandoned')).toHaveLength(1);
});

test('an order before the window ends: no abandonment, then or later', async ({ page, collector: c }) => {
  await addShoe(page, c);
  await step(c, () => page.goto(c.origin + '/examples/shops/attributes/checkout-1.html'), ['Checkout Started', 'Checkout Step Viewed']);
  await page.clock.fastForward(10 * MIN);
  await step(c, () => page.goto(c.origin + '/examples/shops/attributes/thank-you.html'), ['Checkout Step Completed', 'Order Completed']);
  await page.clock.fastForward(120 * MIN);
  await step(c, () => page.goto(c.origin + '/examples/shops/attributes/index.html'), [], 800);
  expect(tracked(c).filter((m) => m.event.endsWith('Abandoned'))).toEqual([]);
});

test('a checkout left at step 2: one Checkout Abandoned with step 2, and no Cart Abandoned', async ({ page, collector: c }) => {
  await addShoe(page, c);
  await step(c, () => page.goto(c.origin + '/examples/shops/attributes/checkout-1.html'), ['Checkout Started', 'Checkout Step Viewed']);
  await step(c, () => follow(page, '#next'), ['Checkout Step Completed', 'Checkout Step Viewed']);
  await step(c, () => page.clock.fastForward(31 * MIN), ['Checkout Abandoned']);
  await page.clock.fastForward(60 * MIN);
  // back on the step an hour later: a view of the step, no second abandonment
  await step(c, () => page.reload(), ['Checkout Step Viewed'], 800);
  expect(
    tracked(c)
      .filter((m) => m.event.endsWith('Abandoned'))
      .map((m) => m.event),
  ).toEqual(['Checkout Abandoned']);
  expect(props(c, 'Checkout Abandoned')[0]).toMatchObject({ step: 2, step_name: 'shipping', value: 59.9, currency: 'EUR' });
});
