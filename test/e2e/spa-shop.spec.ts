import { test, expect, until } from './fixtures.js';

// The script tag with its defaults on a single-page shop: product views come from JSON-LD the
// app renders after each route change, the cart add from data-wm-* attributes on the rendered
// button, the checkout steps and the order from the URLs of a one-page checkout.
test('a single-page shop on the script tag: product views, cart add, checkout steps and order, each once', async ({ page, collector }) => {
  await page.goto(collector.origin + '/test/e2e/pages/spa-shop.html');
  type M = { type: string; event?: string; properties: Record<string, any>; context: { journey: { stage?: string } } };
  const commerce = () =>
    (collector.events() as unknown as M[])
      .filter((m) => m.type == 'track' && !/Web Vital|Journey Stage/.test(m.event!))
      .map((m) => m.event + ' ' + (m.properties.product_id ?? m.properties.step ?? m.properties.order_id ?? ''));
  // each step waits for what it causes, so a slow machine cannot reorder them
  const then = async (what: string) => {
    await page.evaluate(() => (window as any).waymark('flush'));
    await until(() => commerce().filter((e) => e == what).length > 0, 10000, what);
  };
  await page.click('#trail');
  await then('Product Viewed TRAIL');
  await page.click('#add');
  await then('Product Added TRAIL');
  await page.click('#sock');
  await then('Product Viewed SOCK');
  await page.goBack(); // back to the trail shoe: a new page view, and its markup again
  await until(async () => (await page.evaluate(() => (window as any).waymark('flush')), commerce().length == 4), 10000, 'the shoe again');
  await page.click('#checkout');
  await then('Checkout Step Viewed 1');
  for (const [next, what] of [
    ['/checkouts/abc?step=shipping_method', 'Checkout Step Viewed 2'],
    ['/checkouts/abc?step=payment_method', 'Checkout Step Viewed 3'],
    ['/checkouts/c/abc/thank_you', 'Order Completed abc'],
  ]) {
    await page.evaluate((u) => (window as any).go('/test/e2e/pages/spa-shop' + u), next);
    await then(what!);
  }
  // the looks after the last page view end within 3 s: nothing more arrives
  await page.waitForTimeout(3200);
  await page.evaluate(() => (window as any).waymark('flush'));
  expect(commerce()).toEqual([
    'Product Viewed TRAIL',
    'Product Added TRAIL',
    'Product Viewed SOCK',
    // the way back to the shoe is a page view with other markup than the sock's: viewed again
    'Product Viewed TRAIL',
    'Checkout Started ',
    'Checkout Step Viewed 1',
    'Checkout Step Completed 1',
    'Checkout Step Viewed 2',
    'Checkout Step Completed 2',
    'Checkout Step Viewed 3',
    'Checkout Step Completed 3',
    'Order Completed abc',
  ]);
  const order = (collector.events() as unknown as M[]).find((m) => m.event == 'Order Completed')!;
  expect(order.properties).toMatchObject({ revenue: 59.9, currency: 'EUR', products: [{ product_id: 'TRAIL', price: 59.9, quantity: 1 }] });
  expect(order.context.journey.stage).toBe('purchase');
  expect(collector.duplicates()).toBe(0);
});
