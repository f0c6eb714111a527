import { afterEach, expect, test, vi } from 'vitest';
import { createTracker } from '../../../src/index.js';
import { journey, STAGE_CHANGED, type JourneyState } from '../../../src/journey/index.js';
import { collector, fresh, until } from '../helpers.js';
import { drive } from './drive.js';

const trackers: { shutdown(): Promise<void> }[] = [];
const make = (c: Partial<Parameters<typeof createTracker>[0]>) => {
  const t = createTracker({ endpoint: 'https://collect.example/v1/batch', name: fresh(), flushInterval: 10, ...c });
  trackers.push(t);
  return t;
};
afterEach(async () => {
  await Promise.all(trackers.splice(0).map((t) => t.shutdown()));
  localStorage.clear();
  history.replaceState(null, '', '/');
  vi.unstubAllGlobals();
});
const stored = (name: string): JourneyState => JSON.parse(localStorage.getItem(name + ':journey')!);
// The plugin stores the journey once at the end of a task (the tracker enriches a burst in one).
const settle = () => new Promise((r) => setTimeout(r));
const errors = () => vi.spyOn(console, 'error').mockImplementation(() => {});

test('every message gets its stage, furthest stage, rule, channel and touches; the stage change follows its event', async () => {
  history.replaceState(null, '', '/products/a?utm_source=crm&utm_medium=email');
  const c = collector();
  const t = make({ transport: c.transport, plugins: [journey()] });
  t.page();
  t.track('Product Added', { product_id: 'a' });
  t.track('Video Played');
  await t.flush();
  // each change follows its event, after the calls made in the same turn
  const [p, added, video, changed, ...rest] = c.events();
  expect(c.events().map((m) => m.event ?? m.type)).toEqual(['page', 'Product Added', 'Video Played', STAGE_CHANGED, STAGE_CHANGED]);
  const touch = { channel: 'email', source: 'crm', medium: 'email', path: '/products/a', at: p!.timestamp };
  expect(p!.context.journey).toEqual({
    sessionId: p!.context.journey.sessionId,
    stage: 'consideration',
    furthestStage: 'consideration',
    rule: 'browse-page',
    channel: 'email',
    firstTouch: touch,
    lastTouch: touch,
  });
  expect(added!.context.journey).toMatchObject({ stage: 'decision', furthestStage: 'decision', rule: 'cart' });
  // the first change (awareness -> consideration) came right after the page view
  expect(changed).toMatchObject({ event: STAGE_CHANGED, properties: { from: 'awareness', to: 'consideration', event: 'page', messageId: p!.messageId, rule: 'browse-page' } });
  expect(changed!.context.journey).toMatchObject({ stage: 'consideration' });
  expect(video!.context.journey).toMatchObject({ stage: 'decision', rule: null });
  expect(rest[0]).toMatchObject({
    properties: { from: 'consideration', to: 'decision', event: 'Product Added', messageId: added!.messageId, rule: 'cart' },
    context: { journey: { stage: 'decision' } },
  });
});

test('"Journey Stage Changed" never triggers itself, even under a rule that matches every event', async () => {
  const c = collector();
  const t = make({ transport: c.transport, plugins: [journey({ rules: [{ stage: 'advocacy' }] })] });
  t.track('A');
  t.track('B');
  await new Promise((r) => setTimeout(r, 20));
  await t.flush();
  expect(c.events().map((m) => m.event)).toEqual(['A', 'B', STAGE_CHANGED]);
});

test('the journey persists under the tracker name and carries on in the next page', async () => {
  const name = fresh();
  const c = collector();
  const t1 = make({ name, transport: c.transport, plugins: [journey()] });
  t1.track('Product Added');
  t1.track('Order Completed', { order_id: 'o1' });
  await t1.flush();
  await t1.shutdown();
  const s = stored(name);
  expect(s).toMatchObject({ stage: 'purchase', furthest: 'purchase', orders: 1, lastOrderId: 'o1', visits: 1, customer: false });
  expect(Object.keys(s.reached)).toEqual(['awareness', 'decision', 'purchase']);
  expect(s.lastOrder).toBeGreaterThan(Date.now() - 5000);

  // a short session timeout: the next page's event opens a returning customer's visit
  const t2 = make({ name, transport: c.transport, sessionTimeout: 30, plugins: [journey()] });
  await new Promise((r) => setTimeout(r, 60));
  t2.track('Product Viewed');
  await t2.flush();
  const last = c.events().filter((m) => m.event == 'Product Viewed')[0]!;
  expect(last.context.journey).toMatchObject({ stage: 'retention', furthestStage: 'retention', rule: 'returning' });
  expect(stored(name)).toMatchObject({ visits: 2, customer: true, orders: 1 });
});

test('unusable localStorage: the journey is kept in memory and nothing throws', async () => {
  for (const m of ['getItem', 'setItem'] as const)
    vi.spyOn(Storage.prototype, m).mockImplementation(() => {
      throw new Error('denied');
    });
  const c = collector();
  const t = make({ transport: c.transport, storage: 'memory', plugins: [journey()] });
  t.track('Product Viewed');
  t.track('Cart Viewed');
  t.track('Video Played');
  await until(() => c.events().length >= 5);
  expect(
    c
      .events()
      .filter((m) => m.event != STAGE_CHANGED)
      .map((m) => [m.context.journey.stage, m.context.journey.furthestStage]),
  ).toEqual([
    ['consideration', 'consideration'],
    ['decision', 'decision'],
    ['decision', 'decision'],
  ]);
});

test('shutdown removes the pending stage change: nothing is tracked after it', async () => {
  const w = vi.spyOn(console, 'warn').mockImplementation(() => {});
  const d = drive(journey());
  d.step({ track: 'Product Added' });
  d.off();
  await Promise.resolve();
  expect(d.tracked).toEqual([]);
  expect(w).not.toHaveBeenCalled();
});

test('orderEvents chooses what counts as an order; the same order_id counts once', async () => {
  const name = fresh();
  const d = drive(journey({ orderEvents: ['Subscription Started'] }), name);
  d.step({ track: 'Order Completed', properties: { order_id: 'x' } });
  await settle();
  expect(stored(name).orders).toBe(0);
  d.step({ track: 'Subscription Started', properties: { order_id: 's1' } });
  d.step({ track: 'Subscription Started', properties: { order_id: 's1' } });
  d.step({ track: 'Subscription Started', properties: { order_id: 's2' } });
  d.step({ track: 'Subscription Started' });
  await settle();
  expect(stored(name).orders).toBe(3);
});

test('a stage list alone keeps the default rules for the stages it names', () => {
  const d = drive(journey({ stages: ['awareness', 'consideration', 'purchase'] }));
  expect(d.step({ track: 'Cart Viewed' }).context.journey).toMatchObject({ stage: 'awareness', rule: null });
  expect(d.step({ track: 'Product Viewed' }).context.journey).toMatchObject({ stage: 'consideration', rule: 'browse' });
  expect(d.step({ track: 'Order Completed' }).context.journey).toMatchObject({ stage: 'purchase', rule: 'order' });
});

test('a journey stored under another stage list starts again at the first stage, keeping counts', async () => {
  const name = fresh();
  drive(journey(), name).step({ track: 'Order Completed', properties: { order_id: 'o' } });
  await settle();
  const d = drive(journey({ stages: ['look', 'buy'], rules: [{ stage: 'buy', event: 'Buy' }] }), name);
  expect(d.step({ track: 'X' }).context.journey).toMatchObject({ stage: 'look', furthestStage: 'look' });
  await settle();
  expect(stored(name)).toMatchObject({ orders: 1, reached: { look: expect.any(Number) } });
});

test('rules as JSON text; broken inline rules print one error and the defaults work', () => {
  const d1 = drive(journey({ rules: '[{"id":"x","stage":"advocacy","event":"Hi"}]' }));
  expect(d1.step({ track: 'Hi' }).context.journey).toMatchObject({ stage: 'advocacy', rule: 'x' });
  const err = errors();
  const d2 = drive(journey({ rules: '[{"stage":' }));
  expect(err).toHaveBeenCalledTimes(1);
  expect(err.mock.calls[0]![0]).toMatch(/^\[waymark\] journey options: rules are not valid JSON \(.+\); the default rules are used\.$/);
  expect(d2.step({ track: 'Cart Viewed' }).context.journey).toMatchObject({ stage: 'decision', rule: 'cart' });
});

test('an invalid inline rule is skipped, the others work', () => {
  const err = errors();
  const d = drive(journey({ rules: [{ stage: 'nope' }, { id: 'ok', stage: 'decision', event: 'Go' }] as never }));
  expect(err).toHaveBeenCalledTimes(1);
  expect(err.mock.calls[0]![0]).toContain('journey rule 0: stage must be one of');
  expect(d.step({ track: 'Go' }).context.journey).toMatchObject({ stage: 'decision', rule: 'ok' });
});

// A fetch whose answer the test releases when it wants.
const remote = (status: number, body: string) => {
  let release!: () => void;
  const gate = new Promise<void>((r) => (release = r));
  const fetch = vi.fn(async (_url: string, _init?: RequestInit) => {
    await gate;
    return new Response(body, { status });
  });
  vi.stubGlobal('fetch', fetch);
  return { fetch, release };
};
const RULES = JSON.stringify([{ id: 'remote', stage: 'advocacy', event: 'Product Viewed' }]);

test('rulesUrl: tracking goes on with the defaults while fetching, then the file is used and cached', async () => {
  const name = fresh();
  const r = remote(200, RULES);
  const d = drive(journey({ rulesUrl: '/rules.json' }), name);
  expect(r.fetch).toHaveBeenCalledTimes(1);
  expect(r.fetch.mock.calls[0]![0]).toBe('/rules.json');
  expect(d.step({ track: 'Product Viewed' }).context.journey).toMatchObject({ stage: 'consideration', rule: 'browse' });
  r.release();
  await until(() => localStorage.getItem(name + ':journey-rules') == RULES);
  expect(d.step({ track: 'Product Viewed' }).context.journey).toMatchObject({ stage: 'advocacy', rule: 'remote' });
  d.off();

  // the next page uses the cached copy at once, while it fetches again
  const r2 = remote(200, RULES);
  const d2 = drive(journey({ rulesUrl: '/rules.json' }), name);
  expect(d2.step({ track: 'Product Viewed' }).context.journey).toMatchObject({ rule: 'remote' });
  expect(r2.fetch).toHaveBeenCalledTimes(1);
  d2.off();
});

test('rulesUrl: a broken file prints exactly one clear error and the defaults keep working', async () => {
  const err = errors();
  const r = remote(200, '{ "rules": [ oops');
  const d = drive(journey({ rulesUrl: 'https://cdn.example/rules.json' }), fresh());
  r.release();
  await until(() => err.mock.calls.length > 0);
  await new Promise((res) => setTimeout(res, 10));
  expect(err).toHaveBeenCalledTimes(1);
  expect(err.mock.calls[0]![0]).toMatch(/^\[waymark\] journey rules at https:\/\/cdn\.example\/rules\.json are not valid JSON \(.+\); the default rule set stays in use\.$/);
  expect(d.step({ track: 'Cart Viewed' }).context.journey).toMatchObject({ stage: 'decision', rule: 'cart' });
});

test('rulesUrl: an HTTP error keeps the cached copy; a failed fetch only warns', async () => {
  const name = fresh();
  localStorage.setItem(name + ':journey-rules', RULES);
  const err = errors();
  const r = remote(404, 'not found');
  const d = drive(journey({ rulesUrl: '/missing.json' }), name);
  r.release();
  await until(() => err.mock.calls.length > 0);
  expect(err.mock.calls.map((c) => c[0])).toEqual(['[waymark] journey rules at /missing.json answered HTTP 404; the cached copy stays in use.']);
  expect(d.step({ track: 'Product Viewed' }).context.journey).toMatchObject({ rule: 'remote' });

  const w = vi.spyOn(console, 'warn').mockImplementation(() => {});
  vi.stubGlobal(
    'fetch',
    vi.fn(async () => Promise.reject(new TypeError('Failed to fetch'))),
  );
  drive(journey({ rulesUrl: '/offline.json' }), fresh());
  await until(() => w.mock.calls.length > 0);
  expect(w.mock.calls[0]![0]).toContain('journey rules at /offline.json could not be fetched (TypeError: Failed to fetch)');
  expect(err).toHaveBeenCalledTimes(1);
});

test('rulesUrl: an unchanged file is not validated twice; a file with a bad rule keeps the good ones', async () => {
  const name = fresh();
  const file = JSON.stringify({ stages: ['in', 'out'], rules: [{ stage: 'gone' }, { id: 'o', stage: 'out', event: 'Leave' }] });
  const err = errors();
  let r = remote(200, file);
  const d = drive(journey({ rulesUrl: '/r.json' }), name);
  r.release();
  await until(() => localStorage.getItem(name + ':journey-rules') == file);
  expect(err).toHaveBeenCalledTimes(1);
  expect(err.mock.calls[0]![0]).toContain('journey rule 0: stage must be one of in, out (got "gone")');
  expect(d.step({ track: 'Leave' }).context.journey).toMatchObject({ stage: 'out', rule: 'o' });
  d.off();
  // next page: the cached copy is validated (one error), the identical fetched copy is not
  r = remote(200, file);
  drive(journey({ rulesUrl: '/r.json' }), name);
  r.release();
  await new Promise((res) => setTimeout(res, 20));
  expect(err).toHaveBeenCalledTimes(2);
});

test('teardown cancels the rules fetch: a late answer changes nothing', async () => {
  const name = fresh();
  const r = remote(200, RULES);
  const d = drive(journey({ rulesUrl: '/rules.json' }), name);
  const signal = r.fetch.mock.calls[0]![1]!.signal!;
  d.off();
  expect(signal.aborted).toBe(true);
  r.release();
  await new Promise((res) => setTimeout(res, 20));
  expect(localStorage.getItem(name + ':journey-rules')).toBeNull();
});

test('a garbled or foreign stored journey starts afresh instead of breaking every event', async () => {
  for (const junk of ['{"stage":"decision"}', '{"reached":null,"orders":1,"visits":1}', '"text"', '{not json']) {
    const name = fresh();
    localStorage.setItem(name + ':journey', junk);
    const d = drive(journey(), name);
    expect(d.step({ track: 'Cart Viewed' }).context.journey, junk).toMatchObject({ stage: 'decision', furthestStage: 'decision', rule: 'cart' });
    await settle();
    expect(stored(name)).toMatchObject({ stage: 'decision', orders: 0, visits: 1 });
  }
});

test('reset() starts a new visitor, and with it a new journey', async () => {
  const name = fresh();
  const c = collector();
  const t = make({ name, transport: c.transport, plugins: [journey()] });
  t.track('Order Completed', { order_id: 'o1' });
  t.reset();
  t.track('Cart Viewed');
  await t.flush();
  const [order, cart] = c.events().filter((m) => m.event != STAGE_CHANGED);
  expect(order!.context.journey).toMatchObject({ stage: 'purchase', furthestStage: 'purchase' });
  expect(cart!.anonymousId).not.toBe(order!.anonymousId);
  expect(cart!.context.journey).toMatchObject({ stage: 'decision', furthestStage: 'decision' });
  expect(stored(name)).toMatchObject({ visitor: cart!.anonymousId, orders: 0, visits: 1 });
});

test('a burst of events reads and writes the stored journey once; another tab’s change is read in the next task', async () => {
  const name = fresh();
  const d = drive(journey(), name);
  const get = vi.spyOn(localStorage, 'getItem');
  const set = vi.spyOn(localStorage, 'setItem');
  for (let i = 0; i < 50; i++) d.step({ track: 'Product Viewed', properties: { product_id: 'p' + i } });
  await settle();
  const mine = (spy: typeof get | typeof set) => spy.mock.calls.filter((c) => c[0] == name + ':journey').length;
  expect(mine(get)).toBe(1);
  expect(mine(set)).toBe(1);
  get.mockRestore();
  set.mockRestore();
  // another tab records an order in between
  localStorage.setItem(name + ':journey', JSON.stringify({ ...stored(name), orders: 5 }));
  d.step({ track: 'Product Viewed' });
  await settle();
  expect(stored(name).orders).toBe(5);
});
