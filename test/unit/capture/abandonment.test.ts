import { afterEach, beforeEach, expect, test, vi } from 'vitest';
import { abandonment } from '../../../src/capture/abandonment.js';
import { commerceHub } from '../../../src/capture/commerceHub.js';
import { checkoutProgress } from '../../../src/capture/checkoutProgress.js';
import { cartModel } from '../../../src/capture/cartModel.js';
import { fakeApi } from './fakeApi.js';

const T0 = Date.UTC(2026, 10, 23, 10);
const MIN = 6e4;
beforeEach(() => {
  vi.useFakeTimers({ now: T0 });
});
afterEach(() => {
  vi.useRealTimers();
});

const shop = (name?: string, minutes?: number) => {
  const f = fakeApi(name);
  f.use(abandonment(minutes ? { abandonAfter: minutes } : undefined));
  return { ...f, emit: commerceHub(f.api, checkoutProgress, cartModel) };
};

test('a cart left 31 minutes: exactly one Cart Abandoned with contents, value, idle time and window end', async () => {
  const s = shop();
  s.emit('x', 'Product Added', { product_id: 'A', price: 20, quantity: 2, currency: 'EUR' });
  await vi.advanceTimersByTimeAsync(29 * MIN);
  expect(s.events()).toEqual(['Product Added']);
  await vi.advanceTimersByTimeAsync(2 * MIN);
  await vi.advanceTimersByTimeAsync(120 * MIN);
  expect(s.props('Cart Abandoned')).toEqual([
    {
      cart_id: s.props('Product Added')[0]!.cart_id,
      products: [{ product_id: 'A', price: 20, quantity: 2 }],
      value: 40,
      currency: 'EUR',
      idle_time: 1800,
      window_end: new Date(T0 + 30 * MIN).toISOString(),
    },
  ]);
});

test('activity restarts the window', async () => {
  const s = shop();
  s.emit('x', 'Product Added', { product_id: 'A', price: 20 });
  await vi.advanceTimersByTimeAsync(20 * MIN);
  s.api.track('Product Viewed', { product_id: 'B' });
  await vi.advanceTimersByTimeAsync(20 * MIN);
  expect(s.events()).not.toContain('Cart Abandoned');
  await vi.advanceTimersByTimeAsync(11 * MIN);
  expect(s.events().filter((e) => e == 'Cart Abandoned')).toHaveLength(1);
});

test('left, and back an hour later: exactly one Cart Abandoned, sent when the next page starts', async () => {
  const first = shop();
  first.emit('x', 'Product Added', { product_id: 'A', price: 20 });
  // the task of the add ends (the activity is stored then), and the page closes: its timer dies with it
  await Promise.resolve();
  vi.clearAllTimers();
  vi.setSystemTime(T0 + 60 * MIN);
  const next = shop(first.api.name);
  expect(next.props('Cart Abandoned')).toEqual([expect.objectContaining({ idle_time: 3600, window_end: new Date(T0 + 30 * MIN).toISOString() })]);
  await vi.advanceTimersByTimeAsync(120 * MIN);
  const third = shop(first.api.name);
  expect([...next.events(), ...third.events()].filter((e) => e == 'Cart Abandoned')).toHaveLength(1);
});

test('an order before the window: nothing is abandoned', async () => {
  const s = shop();
  s.emit('x', 'Product Added', { product_id: 'A', price: 20 });
  s.emit('x', 'Checkout Step Viewed', { step: 1 });
  await vi.advanceTimersByTimeAsync(10 * MIN);
  s.emit('x', 'Order Completed', { order_id: 'O1' });
  await vi.advanceTimersByTimeAsync(120 * MIN);
  expect(shop(s.api.name).events()).toEqual([]);
  expect(s.events().filter((e) => e.includes('Abandoned'))).toEqual([]);
});

test('a checkout left at step 2: one Checkout Abandoned with step 2, no Cart Abandoned; abandonAfter is in minutes', async () => {
  const s = shop(undefined, 10);
  s.emit('x', 'Product Added', { product_id: 'A', price: 20 });
  s.emit('url', 'Checkout Step Viewed', { step: 1, step_name: 'information' });
  s.emit('url', 'Checkout Step Viewed', { step: 2, step_name: 'shipping' });
  await vi.advanceTimersByTimeAsync(11 * MIN);
  expect(s.events().filter((e) => e.includes('Abandoned'))).toEqual(['Checkout Abandoned']);
  expect(s.props('Checkout Abandoned')[0]).toMatchObject({ step: 2, step_name: 'shipping', value: 20, idle_time: 600 });
});

test('a bad abandonAfter warns and keeps 30 minutes; teardown stops the timer', async () => {
  const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
  const f = fakeApi();
  const p = abandonment({ abandonAfter: -1 });
  expect(warn).toHaveBeenCalledWith(expect.stringContaining('abandonAfter must be a positive number of minutes'));
  const off = p.setup!(f.api) as () => void;
  const track = f.api.track;
  f.api.track = (e, x) => (p.enrich!({ event: e, context: { journey: { sessionId: 's1' } } } as never), track(e, x));
  commerceHub(f.api, checkoutProgress, cartModel)('x', 'Product Added', { product_id: 'A' });
  await vi.advanceTimersByTimeAsync(29 * MIN);
  off();
  await vi.advanceTimersByTimeAsync(60 * MIN);
  expect(f.events()).toEqual(['Product Added']);
  // the same plugin with its timer running does send at 30 minutes
  f.use(abandonment());
  expect(f.events()).toEqual(['Product Added', 'Cart Abandoned']);
});

test('a burst of events is one activity: the stored cart is written once, at the end of the task', async () => {
  const s = shop();
  s.emit('x', 'Product Added', { product_id: 'A', price: 20 });
  await Promise.resolve();
  const key = s.api.name + ':commerce';
  const get = vi.spyOn(localStorage, 'getItem');
  const set = vi.spyOn(localStorage, 'setItem');
  vi.setSystemTime(T0 + 10 * MIN);
  for (let i = 0; i < 50; i++) s.api.track('Video Played', { i });
  await Promise.resolve();
  // read for the activity and for the window's check, not once per event
  expect(get.mock.calls.filter((c) => c[0] == key).length).toBeLessThanOrEqual(2);
  expect(set.mock.calls.filter((c) => c[0] == key)).toHaveLength(1);
  // and the window now runs from that activity: nothing at 35 minutes after the add, one at 41
  await vi.advanceTimersByTimeAsync(25 * MIN);
  expect(s.events()).not.toContain('Cart Abandoned');
  await vi.advanceTimersByTimeAsync(6 * MIN);
  expect(s.events().filter((e) => e == 'Cart Abandoned')).toHaveLength(1);
});
