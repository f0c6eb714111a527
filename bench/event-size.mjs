// What an event "of ordinary size" weighs in the outbox, so the README's bounds can say what
// they hold: the demo shop through the script tag with its defaults (page views, every
// commerce capture, Web Vitals, journey stages) in Debian's Chromium, a visit from a campaign
// link through a product page, an add to cart, the cart and the checkout. Each message's
// bytes are those the outbox stores and counts against maxBytes (its JSON, UTF-8).
// Usage: npm run build && node bench/event-size.mjs
import { chromium } from '@playwright/test';
import { startShop } from '../examples/shop/server.mjs';

const endpoint = 'http://127.0.0.1:1/v1/batch';
const shop = await startShop({ port: 0, endpoint, attributes: { flushInterval: 100 } });
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
});
const page = await browser.newPage();
const sizes = [];
await page.route('**/v1/batch', async (route) => {
  const body = JSON.parse(route.request().postData());
  for (const m of body.batch) sizes.push([m.event || m.type, Buffer.byteLength(JSON.stringify(m))]);
  await route.fulfill({ status: 200, body: '{}', headers: { 'access-control-allow-origin': '*' } });
});
await page.goto(shop.url + '/product-trail-runner.html?utm_source=newsletter&utm_medium=email&utm_campaign=spring');
await page.waitForTimeout(1500);
await page
  .locator('[data-wm-click="Product Added"], button:has-text("Add to cart")')
  .first()
  .click()
  .catch(() => {});
await page.waitForTimeout(500);
for (const p of ['/cart.html', '/checkout-shipping.html', '/checkout-payment.html']) {
  await page.goto(shop.url + p);
  await page.waitForTimeout(800);
}
// The core alone (createTracker, no plugin) on the same page: the README's Product Added.
const full = sizes.splice(0);
await page.evaluate(async () => {
  const t = window.Waymark.createTracker({ endpoint: location.origin.replace(/:\d+$/, ':1') + '/v1/batch', name: 'core-only', flushInterval: 50 });
  t.page();
  for (let i = 0; i < 10; i++) t.track('Product Added', { product_id: 'sku-' + i, price: 20, currency: 'EUR', quantity: 1 });
  await t.flush();
});
await page.waitForTimeout(500);
const core = sizes.splice(0).filter(([e]) => e == 'Product Added' || e == 'page');
sizes.push(...full);
await page.close({ runBeforeUnload: true });
await new Promise((r) => setTimeout(r, 500));
await browser.close();
await shop.close?.();
const stats = (list) => {
  const n = list.map(([, b]) => b).sort((a, b) => a - b);
  const mean = Math.round(n.reduce((a, b) => a + b, 0) / n.length);
  return { events: n.length, mean, median: n[n.length >> 1], min: n[0], max: n[n.length - 1], fitIn5MB: Math.floor(5e6 / mean) };
};
console.log(JSON.stringify({ scriptTagDefaults: stats(sizes), coreOnly: stats(core), byEvent: sizes.map((x) => x.join(' ')).join(', ') }, null, 1));
process.exit(0);
