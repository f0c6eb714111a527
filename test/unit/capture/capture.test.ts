import { expect, test } from 'vitest';
import { createTracker } from '../../../src/index.js';
import { capture } from '../../../src/capture/capture.js';
import { toNumber } from '../../../src/capture/toNumber.js';
import { collector, fresh } from '../helpers.js';
import { tick } from './fakeApi.js';

test('capture() installs every source through a real tracker, and shutdown removes them all', async () => {
  const w = window as unknown as { dataLayer?: unknown[] };
  w.dataLayer = [];
  document.body.innerHTML = `<div data-wm-event="Product Viewed" data-wm-product="SHOE-1" data-wm-price="59.90"></div>`;
  const fetchBefore = window.fetch;
  const pushBefore = w.dataLayer.push;
  const c = collector();
  const t = createTracker({ name: fresh(), flushInterval: 10, transport: c.transport, plugins: [capture({ abandonAfter: 1 })] });
  await tick();
  // a dataLayer add that names only the id gets the price the attributes showed
  w.dataLayer.push({ event: 'add_to_cart', ecommerce: { currency: 'EUR', items: [{ item_id: 'SHOE-1', quantity: 1 }] } });
  await t.flush();
  const events = c.events().map((m) => [m.event, m.properties]);
  expect(events).toEqual([
    ['Product Viewed', { product_id: 'SHOE-1', price: 59.9 }],
    ['Product Added', { product_id: 'SHOE-1', price: 59.9, currency: 'EUR', quantity: 1, cart_id: expect.any(String) }],
  ]);
  expect(window.fetch).not.toBe(fetchBefore);
  await t.shutdown();
  expect(window.fetch).toBe(fetchBefore);
  expect(w.dataLayer.push).toBe(pushBefore);
});

test('toNumber reads prices the way shops print them', () => {
  expect([toNumber('€1,299.50'), toNumber('1.299,50 €'), toNumber('12'), toNumber('1,299'), toNumber(3), toNumber('n/a'), toNumber(NaN), toNumber(undefined)]).toEqual([
    1299.5,
    1299.5,
    12,
    1299,
    3,
    undefined,
    undefined,
    undefined,
  ]);
});
