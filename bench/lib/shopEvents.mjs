// Synthetic shop traffic for the dashboard benchmark: visitors as the SDK describes them
// (context.journey with session, stage, furthest stage, channel and touches; the campaign; the
// user agent; the page; product and order properties), spread over `days`, from a seed. Not a
// browser simulation (scripts/visitors.mjs is): a fast way to fill a store with a million
// events whose shape and mix are a shop's.
import { random } from '../../scripts/random.mjs';

const CHANNELS = [
  ['direct', null, 0.3],
  ['organic search', null, 0.25],
  ['paid search', 'brand-search', 0.15],
  ['email', 'autumn-sale', 0.1],
  ['paid social', 'autumn-sale', 0.1],
  ['organic social', null, 0.05],
  ['referral', null, 0.05],
];
const LANDINGS = ['/', '/blog/trail-running', '/collections/shoes', '/products/trail-runner', '/products/city-sneaker'];
const PRODUCTS = [
  ['trail-runner', 'Trail Runner', 120],
  ['city-sneaker', 'City Sneaker', 90],
  ['wool-socks', 'Wool Socks', 15],
  ['rain-jacket', 'Rain Jacket', 160],
  ['cap', 'Running Cap', 25],
];
const AGENTS = [
  ['Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36', 0.45],
  ['Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1', 0.45],
  ['Mozilla/5.0 (iPad; CPU OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1', 0.1],
];
const STAGES = ['awareness', 'consideration', 'decision', 'purchase', 'retention', 'advocacy'];
const STEPS = ['shipping', 'payment', 'review'];


/**
 * Yields batches of messages (at most `batchSize` each) for `visitors` visitors whose first
 * visits are spread over the `days` before `end`.
 * @param {{ visitors: number, days?: number, end?: number, seed?: number, batchSize?: number }} o
 */
export function* shopEvents({ visitors, days = 90, end = Date.parse('2026-12-01T00:00:00Z'), seed = 1, batchSize = 500 }) {
  const rnd = random(seed);
  const weighted = (list) => {
    let r = rnd();
    for (const item of list) if ((r -= item[item.length - 1]) <= 0) return item;
    return list[list.length - 1];
  };
  const pick = (list) => list[Math.floor(rnd() * list.length)];
  let batch = [];
  let n = 0;
  const start = end - days * 86_400_000;
  for (let v = 0; v < visitors; v++) {
    const visitor = `v${seed}-${v}`;
    const agent = weighted(AGENTS)[0];
    let at = start + Math.floor(rnd() * days * 86_400_000);
    let furthest = 0;
    let orders = 0;
    let firstTouch = null;
    const sessions = rnd() < 0.2 ? 2 + Math.floor(rnd() * 3) : 1;
    for (let s = 0; s < sessions && at < end; s++) {
      const [channel, campaign] = weighted(CHANNELS);
      const landing = pick(LANDINGS);
      const touch = { channel, path: landing, at: new Date(at).toISOString(), ...(campaign && { name: campaign }) };
      firstTouch ??= touch;
      const sessionId = `${visitor}-s${s}`;
      const customer = orders > 0;
      const emit = (type, event, stage, properties = {}, path = landing) => {
        const i = STAGES.indexOf(stage);
        if (i > furthest) furthest = i;
        at += 5_000 + Math.floor(rnd() * 60_000);
        batch.push({
          type,
          ...(event && { event }),
          messageId: `${visitor}-${++n}`,
          anonymousId: visitor,
          timestamp: new Date(at).toISOString(),
          properties: type == 'page' ? { path, ...properties } : properties,
          context: {
            page: { path, url: 'https://shop.example' + path, referrer: '' },
            userAgent: agent,
            ...(campaign && { campaign: { name: campaign, source: channel == 'email' ? 'newsletter' : 'ads', medium: channel } }),
            journey: { sessionId, stage, furthestStage: STAGES[furthest], channel, firstTouch, lastTouch: touch },
          },
        });
        if (batch.length >= batchSize) {
          const out = batch;
          batch = [];
          return out;
        }
        return null;
      };
      /** @type {any[][]} */
      const out = [];
      const push = (...a) => {
        const b = emit(...a);
        if (b) out.push(b);
      };
      const base = customer ? 'retention' : null;
      push('page', null, base ?? (landing.startsWith('/products') || landing.startsWith('/collections') ? 'consideration' : 'awareness'));
      const depth = rnd();
      if (depth > 0.35) {
        const pages = 1 + Math.floor(rnd() * 4);
        for (let p = 0; p < pages; p++) {
          const [id, name, price] = pick(PRODUCTS);
          push('page', null, base ?? 'consideration', {}, '/products/' + id);
          push('track', 'Product Viewed', base ?? 'consideration', { product_id: id, name, price, currency: 'EUR' }, '/products/' + id);
        }
      }
      const lines = [];
      if (depth > 0.7) {
        const count = 1 + Math.floor(rnd() * 2);
        for (let k = 0; k < count; k++) {
          const [id, name, price] = pick(PRODUCTS);
          lines.push({ product_id: id, name, price, quantity: 1 });
          push('track', 'Product Added', base ?? 'decision', { product_id: id, name, price, quantity: 1, currency: 'EUR', value: price }, '/products/' + id);
        }
      }
      const value = lines.reduce((x, l) => x + l.price, 0);
      const cart = { cart_id: sessionId + '-cart', products: lines, value, currency: 'EUR' };
      let step = 0;
      if (depth > 0.82) {
        push('track', 'Checkout Started', base ?? 'decision', { cart_id: cart.cart_id, value, currency: 'EUR', products: lines }, '/checkout');
        const reach = depth > 0.93 ? 3 : 1 + Math.floor(rnd() * 3);
        for (step = 1; step <= reach; step++) {
          push('track', 'Checkout Step Viewed', base ?? 'decision', { step, step_name: STEPS[step - 1] }, '/checkout/' + STEPS[step - 1]);
          if (step < reach || depth > 0.93) push('track', 'Checkout Step Completed', base ?? 'decision', { step, step_name: STEPS[step - 1] }, '/checkout/' + STEPS[step - 1]);
        }
        step--;
      }
      if (depth > 0.93) {
        orders++;
        push('track', 'Order Completed', 'purchase', { order_id: sessionId + '-o', value, revenue: value, currency: 'EUR', products: lines }, '/thank-you');
        if (rnd() < 0.1) push('track', 'Product Reviewed', 'advocacy', { product_id: lines[0].product_id, rating: 5 }, '/products/' + lines[0].product_id);
      } else if (lines.length) {
        const kind = step > 0 ? 'Checkout Abandoned' : 'Cart Abandoned';
        at += 30 * 60_000;
        push('track', kind, base ?? 'decision', { cart_id: cart.cart_id, value, currency: 'EUR', idle_time: 1800, products: lines, ...(step && { step, step_name: STEPS[step - 1] }) }, '/cart');
      }
      for (const b of out) yield b;
      at += (1 + rnd() * 20) * 86_400_000;
    }
  }
  if (batch.length) yield batch;
}
