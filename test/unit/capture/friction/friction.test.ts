import { expect, test, vi } from 'vitest';
import type { Message } from '../../../../src/types.js';
import { friction } from '../../../../src/capture/friction/friction.js';
import { fakeApi, tick } from '../fakeApi.js';

const error = (message: string) => window.dispatchEvent(new ErrorEvent('error', { message, filename: location.origin + '/a.js', lineno: 1 }));
const vital = (name: string, value: number, rating: string) => ({ type: 'track', event: 'Web Vital', properties: { name, value, rating, id: 'v5-x' } }) as unknown as Message;

test('Slow Page: a poor LCP, INP or CLS that webVitals() sent, once per metric per page; good ones, FCP and TTFB, none', async () => {
  const { api, calls } = fakeApi();
  const f = friction();
  // as a tracker does: every event it sends is enriched, its own too
  const track = api.track;
  api.track = (e, p) => (f.enrich!({ type: 'track', event: e, properties: p } as unknown as Message), track(e, p));
  const off = f.setup!(api) as () => void;
  for (const m of [
    vital('LCP', 5200, 'poor'),
    vital('LCP', 5400, 'poor'),
    vital('CLS', 0.31, 'poor'),
    vital('INP', 180, 'good'),
    vital('FCP', 4000, 'poor'),
    vital('TTFB', 3000, 'poor'),
    vital('INP', 650, 'needs-improvement'),
  ])
    f.enrich!(m);
  await tick();
  expect(calls).toEqual([
    ['Slow Page', { metric: 'LCP', value: 5200 }],
    ['Slow Page', { metric: 'CLS', value: 0.31 }],
  ]);
  off();
  f.enrich!(vital('INP', 900, 'poor'));
  await tick();
  expect(calls).toHaveLength(2);
});

test('slowPage: false sends none', async () => {
  const { use, calls } = fakeApi();
  const f = friction({ slowPage: false });
  use(f);
  f.enrich!(vital('LCP', 9000, 'poor'));
  await tick();
  expect(calls).toEqual([]);
});

test('every friction event carries the checkout step this page shows, from its "Checkout Step Viewed"; none after the next page', async () => {
  const { use, calls } = fakeApi();
  const f = friction();
  use(f);
  f.enrich!({ type: 'page', properties: {} } as unknown as Message);
  f.enrich!({ type: 'track', event: 'Checkout Step Viewed', properties: { step: 2, step_name: 'payment' } } as unknown as Message);
  error('A');
  f.enrich!(vital('LCP', 4500, 'poor'));
  await tick();
  f.enrich!({ type: 'page', properties: {} } as unknown as Message);
  error('B');
  expect(calls).toEqual([
    ['Script Error', expect.objectContaining({ message: 'A', step: 2, step_name: 'payment' })],
    ['Slow Page', { metric: 'LCP', value: 4500, step: 2, step_name: 'payment' }],
    ['Script Error', expect.not.objectContaining({ step: expect.anything() })],
  ]);
});

test('at most frictionLimit (10) of a kind per page; a new page (a single-page app changing its path) starts again', () => {
  const { use, calls } = fakeApi();
  use(friction());
  for (let i = 0; i < 14; i++) error('error ' + 'abcdefghijklmnopqrstuvwxyz'[i]);
  expect(calls).toHaveLength(10);
  history.pushState(null, '', '/other');
  error('error a');
  expect(calls).toHaveLength(11);
  history.replaceState(null, '', '/');
  const b = fakeApi();
  b.use(friction({ frictionLimit: 2 }));
  for (const m of ['x', 'y', 'z']) error(m);
  expect(b.calls).toHaveLength(2);
});

test('a bad frictionLimit warns and uses 10; nothing ever throws into the page', () => {
  const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
  const { use, calls } = fakeApi();
  use(friction({ frictionLimit: -1 }));
  expect(warn.mock.calls.flat().join()).toContain('frictionLimit must be a number');
  for (let i = 0; i < 12; i++) error('e' + 'abcdefghijkl'[i]);
  expect(calls).toHaveLength(10);
  // an unhandled rejection whose reason cannot become a string
  const e = new Event('unhandledrejection');
  Object.defineProperty(e, 'reason', {
    value: {
      toString: () => {
        throw new Error('no');
      },
    },
  });
  expect(() => window.dispatchEvent(e)).not.toThrow();
});

test('through a real tracker with the journey: the stage and step where it happened, and no journey effect (no stage change, no visit)', async () => {
  const { createTracker } = await import('../../../../src/index.js');
  const { capture } = await import('../../../../src/capture/capture.js');
  const { pageViews } = await import('../../../../src/capture/pageViews.js');
  const { journey } = await import('../../../../src/journey/journey.js');
  const { collector, fresh } = await import('../../helpers.js');
  history.replaceState(null, '', '/checkout/payment');
  const name = fresh();
  // a cart, so the checkout step is a real one
  localStorage.setItem(name + ':commerce', JSON.stringify({ items: [{ product_id: 'P1', price: 10, quantity: 1 }], step: 1, done: 1, t: Date.now(), ab: 0, orders: [] }));
  const c = collector();
  const t = createTracker({
    endpoint: 'http://127.0.0.1/x',
    transport: c.transport,
    name,
    flushInterval: 5,
    plugins: [pageViews(), capture({ checkoutSteps: [[2, 'payment', '/checkout/payment']] }), friction(), journey()],
  });
  await tick(30);
  error('Pay widget failed');
  await t.flush();
  const events = c.events();
  const e = events.find((m) => m.event == 'Script Error')!;
  expect(e.properties).toMatchObject({ message: 'Pay widget failed', step: 2, step_name: 'payment' });
  expect(e.context.page.path).toBe('/checkout/payment');
  const before = events[events.indexOf(e) - 1]!;
  expect(e.context.journey).toMatchObject({ stage: 'decision', furthestStage: before.context.journey.furthestStage, sessionId: before.context.journey.sessionId, rule: null });
  expect(events.slice(events.indexOf(e) + 1).map((m) => m.event)).toEqual([]);
  await t.shutdown();
  history.replaceState(null, '', '/');
});
