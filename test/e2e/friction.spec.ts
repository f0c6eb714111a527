// The friction signals on the demo shop, end to end: its real script tag (every capture, on
// by default) in Chromium, into the SQLite collector. A visitor hits a sold-out 3-pack, a cart
// request that fails, the coupon bug, a checkout form that does not validate and a disabled
// Pay button; each arrives once, at the stage and checkout step where it happened.
import { test, expect, until } from './fixtures.js';
// @ts-expect-error: plain JavaScript modules without type declarations
import { startCollector } from '../../collector/src/server.js';
// @ts-expect-error: see above
import { startShop } from '../../examples/shop/server.mjs';

type Row = { event: string; stage: string; page_path: string; session_id: string; properties: string };

test('friction on the demo shop: each signal once, with its stage and checkout step, and no value typed', async ({ page }) => {
  test.setTimeout(90_000);
  const collector = await startCollector({ port: 0, db: ':memory:', quiet: true });
  const shop = await startShop({ port: 0, endpoint: collector.endpoint, attributes: { flushInterval: 100 } });
  const rows = (): Row[] => collector.db.prepare('SELECT event, stage, page_path, session_id, properties FROM events WHERE type = ? ORDER BY id').all('track');
  const friction = () => rows().filter((r) => /^(Rage Click|Dead Click|Form Error|Request Failed|Script Error)$/.test(r.event));
  const CARD = '4242424242424241';
  // The script tag loads its captures after each page's first event: the visitor looks at the
  // page a moment before acting, as a person does (scripts/visitors.mjs does the same).
  // Polled from here, not in the page, whose timers the test's clock may hold; at most 5 s.
  const settle = async () => {
    for (let end = Date.now() + 5000; Date.now() < end; await new Promise((r) => setTimeout(r, 50)))
      if (
        await page.evaluate(() => {
          const files = performance.getEntriesByType('resource').filter((e) => e.name.includes('/dist/script/'));
          return files.length > 0 && files.every((e) => e.responseEnd > 0);
        })
      )
        break;
    await new Promise((r) => setTimeout(r, 100));
  };
  try {
    await page.goto(shop.url + '/product-wool-socks.html');
    await settle();
    await page.click('#add');
    // the 3-pack is sold out: the shop's cart answers 422 the Shopify way
    await page.click('#add-pack');
    await expect(page.locator('#pack-status')).toContainText('sold out');
    // then the cart endpoint itself fails
    await page.route('**/cart/add.js', (r) => r.fulfill({ status: 503, body: 'busy' }));
    await page.click('#add-pack');
    await expect(page.locator('#pack-status')).toHaveText('Please try again.');
    await page.unroute('**/cart/add.js');

    // the coupon bug: an unknown code throws in the shop's own script, and the click did nothing
    await page.goto(shop.url + '/cart.html');
    await settle();
    await page.fill('#coupon [name=code]', 'SAVE-jane@example.com');
    await page.click('#coupon button');
    await until(() => friction().some((r) => r.event == 'Dead Click'), 15000, 'the dead Apply click');

    // step 1: the address left empty, the browser's validation stops the form
    await page.click('#to-checkout');
    await page.waitForURL(/checkout-shipping/);
    await settle();
    await page.fill('[name=fullname]', 'Jane Doe');
    await page.click('button[type=submit]');
    await page.fill('[name=address]', '1 Main Street');
    await page.click('button[type=submit]');
    await page.waitForURL(/checkout-payment/);
    await settle();

    // step 2: a card number that fails the shop's check (aria-invalid), then a good one
    await page.fill('[name=card]', CARD);
    await page.click('button[type=submit]');
    await expect(page.locator('[name=card]')).toHaveAttribute('aria-invalid', 'true');
    await page.fill('[name=card]', '4242424242424242');
    await page.click('button[type=submit]');
    await page.waitForURL(/checkout-review/);
    await settle();

    // step 3: the Pay button is disabled until the terms are accepted; the visitor hammers it
    const pay = (await page.locator('#place-order').boundingBox())!;
    for (let i = 0; i < 4; i++) await page.mouse.click(pay.x + pay.width / 2, pay.y + pay.height / 2);
    await page.check('[name=terms]');
    await page.click('#place-order');
    await page.waitForURL(/thank-you/);
    await settle();
    await until(() => rows().some((r) => r.event == 'Order Completed') && friction().some((r) => r.event == 'Rage Click'), 20000, 'order and rage click stored');
    await page.waitForTimeout(1500);

    const got = friction().map((r) => {
      const p = JSON.parse(r.properties);
      return [r.event, r.stage, r.page_path, p.step ?? null, p.step_name ?? null, p.field ?? p.error ?? p.status ?? p.label ?? null];
    });
    expect(got).toEqual([
      ['Form Error', 'decision', '/product-wool-socks.html', null, null, 'sold_out'],
      ['Request Failed', 'decision', '/product-wool-socks.html', null, null, 503],
      ['Script Error', 'decision', '/cart.html', null, null, null],
      ['Dead Click', 'decision', '/cart.html', null, null, 'Apply'],
      ['Form Error', 'decision', '/checkout-shipping.html', 1, 'shipping', 'address'],
      ['Form Error', 'decision', '/checkout-payment.html', 2, 'payment', 'card'],
      ['Rage Click', 'decision', '/checkout-review.html', 3, 'review', 'Pay now'],
    ]);
    const all = friction().map((r) => JSON.parse(r.properties));
    expect(all[1]).toEqual({ url: shop.url + '/cart/add.js', status: 503 });
    expect(all[2]).toEqual({
      message: "TypeError: Cannot read properties of undefined (reading 'percent')",
      source: shop.url + '/shop.js',
      line: expect.any(Number),
      party: 'first',
    });
    expect(all[4]).toMatchObject({ error: 'valueMissing', form: 'step', role: 'text' });
    expect(all[5]).toMatchObject({ error: 'aria-invalid', form: 'step' });
    expect(all[6]).toMatchObject({ role: 'button', selector: '#place-order', label: 'Pay now' });
    // nothing typed ever left the page
    const sent = JSON.stringify(rows());
    for (const v of [CARD, '4242424242424242', 'jane@example.com', 'SAVE-', 'Jane Doe', '1 Main Street']) expect(sent).not.toContain(v);
    // friction opened no session of its own: every event of this visit is in one
    expect(new Set(rows().map((r) => r.session_id)).size).toBe(1);

    // the dashboard shows them: by checkout step and by stage, as the summary counts them
    const summary = await collector.summary();
    expect(summary.friction).toMatchObject({
      events: 7,
      visitors: 1,
      byStage: [{ stage: 'decision', count: 7 }],
      byStep: [
        { step: 1, name: 'shipping', count: 1 },
        { step: 2, name: 'payment', count: 1 },
        { step: 3, name: 'review', count: 1 },
      ],
      // the visitor bought: no abandoned checkout
      abandonedCheckouts: { count: 0, withFriction: 0, share: 0 },
    });
    const board = await page.context().newPage();
    await board.goto(collector.url + '/');
    const panel = board.locator('#friction');
    await expect(panel.locator('[data-friction-events]')).toHaveAttribute('data-friction-events', '7');
    for (const step of ['1', '2', '3']) await expect(panel.locator(`[data-friction-step="${step}"]`)).toHaveAttribute('data-count', '1');
    await expect(panel.locator('[data-friction-stage="decision"]')).toHaveAttribute('data-count', '7');
    await expect(panel.locator('[data-friction-kind="Form Error"]')).toHaveAttribute('data-count', '3');
    await expect(panel.locator('[data-friction-step="3"]')).toContainText('Step 3 · review');
    await board.close();
  } finally {
    await shop.close();
    await collector.close();
  }
});
