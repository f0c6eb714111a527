// The shared storage suite: the same events into SQLite and into ClickHouse, the same answers
// asserted from each (contracts C2-C4). Each figure is checked against hand-built events whose
// answer is known.
import { afterEach, describe, expect, test } from 'vitest';
import { ENGINES, freshStore, dropDatabase } from './storeEngines.js';
import { msg, cart, T0, MIN } from './journeyEvents.js';

/** @type {(() => Promise<void>)[]} */
let cleanup = [];
afterEach(async () => {
  for (const f of cleanup.reverse()) await f();
  cleanup = [];
});

const open = async (/** @type {'sqlite' | 'clickhouse'} */ engine, /** @type {any} */ options = {}) => {
  const store = await freshStore(engine, options);
  cleanup.push(() => store.close());
  return store;
};

const iso = (/** @type {number} */ at) => new Date(T0 + at).toISOString();
const sweepAt = (/** @type {any} */ store, /** @type {number} */ at, abandonAfter = 30) => store.sweep({ now: iso(at), abandonAfter });

describe.each(ENGINES)('%s store', (engine) => {
  test('stores each messageId once: duplicates in a batch, across batches, and a replayed batch', async () => {
    const store = await open(engine);
    const a = msg({ visitor: 'v1', at: 0 });
    const b = msg({ visitor: 'v1', at: 1000 });
    expect(await store.insert([a, b, a], { idempotencyKey: 'k1', transport: 'fetch' })).toMatchObject({ replay: false, received: 3, stored: 2, duplicates: 1 });
    expect(await store.insert([a, b], { idempotencyKey: 'k1', transport: 'beacon' })).toMatchObject({ replay: true, stored: 0, duplicates: 2 });
    expect(await store.insert([b, msg({ visitor: 'v2', at: 5 })], { idempotencyKey: 'k1', transport: 'fetch' })).toMatchObject({
      replay: false,
      stored: 1,
      duplicates: 1,
      keyReused: true,
    });
    const s = await store.summary();
    expect(s.totals).toMatchObject({ events: 3, visitors: 2, batches: 2, duplicates: 2, replays: 1 });
    expect((await store.messages({ anonymousId: 'v1' })).map((m) => m.messageId)).toEqual([a.messageId, b.messageId]);
  });

  test("group and alias messages keep Segment's groupId and previousId", async () => {
    const store = await open(engine);
    const base = msg({ visitor: 'v1', at: 0 });
    const group = { ...base, type: 'group', messageId: 'g1', groupId: 'acme', traits: { name: 'Acme' } };
    const alias = { ...base, type: 'alias', messageId: 'a1', timestamp: iso(1000), userId: 'u-42', previousId: 'v1' };
    await store.insert([group, alias], { idempotencyKey: 'k-ga', transport: 'fetch' });
    const stored = await store.messages({ anonymousId: 'v1' });
    expect(stored.map((m) => [m.type, m.groupId, m.previousId, m.userId])).toEqual([
      ['group', 'acme', undefined, undefined],
      ['alias', undefined, 'v1', 'u-42'],
    ]);
    expect(stored[0]?.traits).toEqual({ name: 'Acme' });
  });

  // Today's dashboard: channel mix 9 at awareness while the funnel said 12 (the mix counted
  // only visitors with an event *at* the stage), and the visitors tile 22 while the funnel's
  // top said 19 (visitors whose messages carry no stage, from a tracker without the journey
  // plugin, were counted by the tile only).
  test('visitors, visits, funnel and channel mix come from one definition and agree', async () => {
    const store = await open(engine);
    const c1 = cart('c-v1', [['trail-runner', 120]]);
    const c5 = cart('c-v5', [['wool-socks', 12.5, 2]]);
    await store.insert([
      msg({ visitor: 'v1', at: 0, channel: 'email' }),
      msg({ visitor: 'v1', at: MIN, channel: 'email', stage: 'consideration' }),
      msg({ visitor: 'v1', at: 2 * MIN, channel: 'email', stage: 'decision', event: 'Product Added', cart: c1 }),
      // arrives straight on a product page: no message at awareness, but reached it
      msg({ visitor: 'v2', at: 0, channel: 'paid search', stage: 'consideration' }),
      // a tracker without the journey plugin: no stage, no session, no channel
      msg({ visitor: 'v3', at: 0, stage: null, furthest: null, channel: null }),
      msg({ visitor: 'v3', at: MIN, stage: null, furthest: null, channel: null }),
      // two sessions through two channels, buys in the second
      msg({ visitor: 'v4', at: 0, channel: 'organic search' }),
      msg({ visitor: 'v4', at: 3 * 1440 * MIN, session: 'v4-s2', channel: 'email', stage: 'decision', event: 'Checkout Started' }),
      msg({ visitor: 'v4', at: 3 * 1440 * MIN + MIN, session: 'v4-s2', channel: 'email', stage: 'purchase', event: 'Order Completed' }),
      msg({ visitor: 'v5', at: 0 }),
      msg({ visitor: 'v5', at: MIN, stage: 'decision', event: 'Product Added', cart: c5 }),
      // an abandonment an old SDK sent in a session of its own: never a visit
      msg({ visitor: 'v5', at: 31 * MIN, session: 'v5-s2', stage: 'decision', event: 'Cart Abandoned', properties: { cart_id: 'c-v5', value: 25, currency: 'EUR' }, cart: c5 }),
    ]);
    const s = await store.summary();
    expect(s.totals).toMatchObject({ events: 12, visitors: 5, visits: 5 });
    expect(s.funnel).toEqual([
      { stage: 'awareness', visitors: 5 },
      { stage: 'consideration', visitors: 4 },
      { stage: 'decision', visitors: 3 },
      { stage: 'purchase', visitors: 1 },
      { stage: 'retention', visitors: 0 },
      { stage: 'advocacy', visitors: 0 },
    ]);
    expect(s.channels[0]).toEqual({
      stage: 'awareness',
      channels: [
        { channel: 'direct', visitors: 1 },
        { channel: 'email', visitors: 1 },
        { channel: 'organic search', visitors: 1 },
        { channel: 'paid search', visitors: 1 },
        { channel: 'unknown', visitors: 1 },
      ],
    });
    expect(s.channels[1].channels).toEqual([
      { channel: 'email', visitors: 2 },
      { channel: 'direct', visitors: 1 },
      { channel: 'paid search', visitors: 1 },
    ]);
    expect(s.channels[3].channels).toEqual([{ channel: 'email', visitors: 1 }]);
    // by construction: the top of the funnel is the visitors tile, each mix bar its funnel step
    expect(s.funnel[0].visitors).toBe(s.totals.visitors);
    for (const [i, f] of s.funnel.entries()) expect(s.channels[i].channels.reduce((n, c) => n + c.visitors, 0)).toBe(f.visitors);
    expect(s.checkout).toMatchObject({ started: 1, ordered: 1 });
    expect(s.abandonment.carts).toEqual({ count: 1, value: 25 });
    expect(s.definitions.funnel).toMatch(/first stage/);
  });

  test('funnel: an event at a stage or beyond, or a furthest stage at or beyond it; every visitor is at the first stage', async () => {
    const store = await open(engine);
    await store.insert([
      msg({ visitor: 'a', at: 0 }),
      msg({ visitor: 'a', at: 1, stage: 'consideration' }),
      // seen only at purchase, with purchase as its furthest stage: counts for every stage up to purchase
      msg({ visitor: 'b', at: 0, stage: 'purchase', event: 'Order Completed' }),
      // an event at retention without a furthest stage counts at retention and every stage before it
      // (a funnel never widens)
      msg({ visitor: 'c', at: 0, stage: 'retention', furthest: null }),
      // twice at a stage is still one visitor
      msg({ visitor: 'd', at: 0 }),
      msg({ visitor: 'd', at: 1 }),
      // no journey at all, or an unknown stage: at the first stage only
      msg({ visitor: 'e', at: 0, stage: null, furthest: null, channel: null }),
      msg({ visitor: 'f', at: 0, stage: 'wondering' }),
    ]);
    expect((await store.summary()).funnel.map((f) => f.visitors)).toEqual([6, 3, 2, 2, 1, 0]);
    // a CRO team's own stage list, in its order
    expect((await store.summary({ stages: ['consideration', 'purchase'] })).funnel).toEqual([
      { stage: 'consideration', visitors: 6 },
      { stage: 'purchase', visitors: 1 },
    ]);
  });

  test('channel mix: each visitor at a stage once, under the channel of their first message that reached it', async () => {
    const store = await open(engine);
    await store.insert([
      msg({ visitor: 'a', at: 0, channel: 'email' }),
      msg({ visitor: 'a', at: 1, channel: 'email' }),
      // came back later through another channel: still counted under email
      msg({ visitor: 'a', at: 2, channel: 'direct', session: 'a-s2' }),
      msg({ visitor: 'b', at: 0, channel: 'paid search' }),
      msg({ visitor: 'c', at: 0, channel: 'email' }),
      msg({ visitor: 'd', at: 0, channel: null }),
      msg({ visitor: 'a', at: 3, channel: 'direct', session: 'a-s2', stage: 'purchase' }),
    ]);
    const s = await store.summary({ stages: ['awareness', 'purchase', 'advocacy'] });
    expect(s.channels).toEqual([
      {
        stage: 'awareness',
        channels: [
          { channel: 'email', visitors: 2 },
          { channel: 'paid search', visitors: 1 },
          { channel: 'unknown', visitors: 1 },
        ],
      },
      { stage: 'purchase', channels: [{ channel: 'direct', visitors: 1 }] },
      { stage: 'advocacy', channels: [] },
    ]);
    expect(s.totals).toMatchObject({ visitors: 4, visits: 5 });
  });

  test('checkout steps: viewed, completed, abandoned and drop-off per step, with the step name', async () => {
    const store = await open(engine);
    await store.insert([
      msg({ visitor: 'a', at: 0, event: 'Checkout Started' }),
      msg({ visitor: 'a', at: 1, event: 'Checkout Step Viewed', properties: { step: 1, step_name: 'Address' } }),
      msg({ visitor: 'a', at: 2, event: 'Checkout Step Completed', properties: { step: 1 } }),
      msg({ visitor: 'a', at: 3, event: 'Checkout Step Viewed', properties: { step: 2 } }),
      msg({ visitor: 'a', at: 4, event: 'Checkout Step Viewed', properties: { step: 2 } }),
      // an older SDK's abandonment without a cart_id: counted once, as itself
      msg({ visitor: 'a', at: 5, event: 'Checkout Abandoned', properties: { step: 2, value: 30 } }),
      msg({ visitor: 'b', at: 0, event: 'Checkout Started' }),
      msg({ visitor: 'b', at: 1, event: 'Checkout Step Viewed', properties: { step: '1' } }),
      msg({ visitor: 'b', at: 2, event: 'Checkout Step Completed', properties: { step: 1 } }),
      msg({ visitor: 'b', at: 3, event: 'Checkout Step Viewed', properties: { step: 2 } }),
      msg({ visitor: 'b', at: 4, event: 'Checkout Step Completed', properties: { step: 2 } }),
      msg({ visitor: 'b', at: 5, event: 'Order Completed' }),
      // no step: ignored
      msg({ visitor: 'c', at: 0, event: 'Checkout Step Viewed' }),
    ]);
    const s = await store.summary();
    expect(s.checkout).toEqual({
      started: 2,
      ordered: 1,
      steps: [
        { step: 1, name: 'Address', viewed: 2, completed: 2, abandoned: 0, dropOff: 0 },
        { step: 2, name: null, viewed: 2, completed: 1, abandoned: 1, dropOff: 1 },
      ],
    });
    expect(s.abandonment.checkouts).toEqual({ count: 1, value: 30, byStep: [{ step: 2, name: null, count: 1, value: 30 }] });
  });

  test('abandoned carts: value (else revenue) summed to the cent, the most common currency, the latest first', async () => {
    const store = await open(engine);
    await store.insert([
      msg({ visitor: 'a', at: 0, event: 'Cart Abandoned', properties: { cart_id: 'ca', value: 10.25, currency: 'EUR', products: [{}, {}, {}] } }),
      msg({ visitor: 'b', at: 1, event: 'Cart Abandoned', properties: { cart_id: 'cb', revenue: 5.1, currency: 'EUR' } }),
      msg({ visitor: 'c', at: 2, event: 'Cart Abandoned', properties: { cart_id: 'cc', value: 0.2, currency: 'USD' } }),
      msg({ visitor: 'd', at: 3, event: 'Cart Abandoned', properties: {} }),
      msg({ visitor: 'e', at: 4, event: 'Product Added', properties: { value: 99 } }),
    ]);
    const { abandonment } = await store.summary();
    expect(abandonment).toMatchObject({ currency: 'EUR', carts: { count: 4, value: 15.55 } });
    expect(abandonment.latest.map((c) => [c.visitor, c.value, c.items, c.source])).toEqual([
      ['d', 0, 0, 'sdk'],
      ['c', 0.2, 0, 'sdk'],
      ['b', 5.1, 0, 'sdk'],
      ['a', 10.25, 3, 'sdk'],
    ]);
  });

  test('totals from the batches, and the latest events newest first', async () => {
    const store = await open(engine);
    // ids against the order of arrival: the stream is by arrival, not by id
    const a = msg({ visitor: 'a', at: 0, event: 'Product Viewed', stage: 'consideration', channel: 'email', id: 'zz-first' });
    await store.insert([a], { idempotencyKey: 'k', transport: 'fetch', dropped: 2, receivedAt: iso(10) });
    await store.insert([a], { idempotencyKey: 'k', transport: 'fetch', receivedAt: iso(20) });
    await store.insert([a, msg({ visitor: 'b', at: 5, event: 'Landing', id: 'aa-last' })], { idempotencyKey: 'k2', transport: 'beacon', dropped: 1, receivedAt: iso(30) });
    const s = await store.summary();
    expect(s.totals).toEqual({ events: 2, visitors: 2, visits: 2, batches: 2, duplicates: 1, replays: 1, dropped: 3 });
    expect(s.engine).toBe(engine);
    expect(s.recent.map((e) => e.event)).toEqual(['Landing', 'Product Viewed']);
    expect(s.recent[1]).toMatchObject({ id: a.messageId, type: 'track', stage: 'consideration', furthestStage: 'consideration', channel: 'email', visitor: 'a', path: '/p' });
    expect(JSON.parse(JSON.stringify(s))).toEqual(s);
  });

  test('sweep: a cart silent for the window gets one derived "Cart Abandoned" in the session it closes', async () => {
    const store = await open(engine);
    const c = cart('cart-a', [
      ['trail-runner', 120],
      ['wool-socks', 12.5, 2],
    ]);
    await store.insert([
      msg({ visitor: 'a', at: 0, channel: 'email', properties: { path: '/' } }),
      msg({ visitor: 'a', at: MIN, channel: 'email', stage: 'decision', event: 'Product Added', cart: c, properties: { product_id: 'trail-runner', cart_id: 'cart-a' } }),
      msg({ visitor: 'a', at: 5 * MIN, channel: 'email', stage: 'consideration' }),
    ]);
    expect(await sweepAt(store, 34 * MIN)).toEqual({ carts: 0, checkouts: 0, cancelled: 0 });
    expect(await sweepAt(store, 35 * MIN)).toEqual({ carts: 1, checkouts: 0, cancelled: 0 });
    const [derived] = await store.messages({ event: 'Cart Abandoned' });
    expect(derived).toMatchObject({
      type: 'track',
      messageId: 'derived-cart-cart-a',
      anonymousId: 'a',
      timestamp: iso(35 * MIN),
      properties: { cart_id: 'cart-a', products: c.products, value: 145, currency: 'EUR', idle_time: 1800, window_end: iso(35 * MIN) },
      context: { journey: { sessionId: 'a-s1', channel: 'email', stage: 'consideration', source: 'collector' }, cart: c },
    });
    expect(derived.properties.step).toBeUndefined();
    // once per cart: later sweeps find it stored
    expect(await sweepAt(store, 90 * MIN)).toEqual({ carts: 0, checkouts: 0, cancelled: 0 });
    const s = await store.summary();
    expect(s.abandonment).toMatchObject({
      currency: 'EUR',
      carts: { count: 1, value: 145 },
      checkouts: { count: 0, value: 0, byStep: [] },
      byChannel: [{ channel: 'email', carts: 1, cartValue: 145, checkouts: 0, checkoutValue: 0 }],
    });
    expect(s.abandonment.latest).toEqual([{ kind: 'cart', visitor: 'a', value: 145, currency: 'EUR', items: 2, step: null, source: 'collector', timestamp: iso(35 * MIN) }]);
    // an abandonment is no visit
    expect(s.totals).toMatchObject({ events: 4, visits: 1, visitors: 1 });
  });

  test('friction: by kind, stage and checkout step, and the abandoned checkouts with friction at the step they ended on', async () => {
    const store = await open(engine);
    const checkoutAbandoned = (/** @type {string} */ v, /** @type {number} */ step, /** @type {string} */ session, /** @type {number} */ at) => {
      const c = cart('cart-' + v, [['trail-runner', 120]], { step });
      return msg({
        visitor: v,
        session,
        at,
        event: 'Checkout Abandoned',
        stage: 'decision',
        cart: c,
        properties: { cart_id: c.cart_id, products: c.products, value: c.value, currency: 'EUR', step, step_name: 'payment', idle_time: 1800 },
      });
    };
    const f = (/** @type {string} */ v, /** @type {string} */ kind, /** @type {any} */ o) =>
      msg({ visitor: v, event: kind, stage: 'decision', ...o, properties: { role: 'button', ...(o.step && { step: o.step, step_name: 'payment' }) } });
    await store.insert([
      // v1: a form error at step 2, then leaves at step 2: friction where it ended
      f('v1', 'Form Error', { at: 0, step: 2 }),
      f('v1', 'Rage Click', { at: MIN, step: 2 }),
      checkoutAbandoned('v1', 2, 'v1-s1', 31 * MIN),
      // v2: a rage click at step 1, leaves at step 2: friction, but not where it ended
      f('v2', 'Rage Click', { at: 0, step: 1 }),
      checkoutAbandoned('v2', 2, 'v2-s1', 31 * MIN),
      // v3: friction at step 3 in an earlier session, leaves at step 3 in the next one
      f('v3', 'Request Failed', { at: 0, step: 3, session: 'v3-s0' }),
      checkoutAbandoned('v3', 3, 'v3-s1', 5 * 60 * MIN),
      // v4: a script error on a blog post; v5: a dead click from a tracker without the journey
      f('v4', 'Script Error', { at: 0, stage: 'awareness' }),
      f('v5', 'Dead Click', { at: 0, stage: null, furthest: null, channel: null }),
      // not friction
      msg({ visitor: 'v4', at: MIN, event: 'Product Viewed', stage: 'consideration' }),
    ]);
    const { friction } = await store.summary();
    expect(friction).toEqual({
      events: 6,
      visitors: 5,
      byKind: [
        { kind: 'Rage Click', count: 2 },
        { kind: 'Dead Click', count: 1 },
        { kind: 'Form Error', count: 1 },
        { kind: 'Request Failed', count: 1 },
        { kind: 'Script Error', count: 1 },
      ],
      byStage: [
        { stage: 'awareness', count: 1 },
        { stage: 'decision', count: 4 },
        { stage: 'unknown', count: 1 },
      ],
      byStep: [
        { step: 1, name: 'payment', count: 1 },
        { step: 2, name: 'payment', count: 2 },
        { step: 3, name: 'payment', count: 1 },
      ],
      abandonedCheckouts: { count: 3, withFriction: 1, share: 0.333 },
    });
  });

  test('sweep: a started checkout gives "Checkout Abandoned" at its last step, by step and by channel', async () => {
    const store = await open(engine);
    const at2 = cart('cart-b', [['city-sneaker', 89.9]], { step: 2, step_name: 'payment' });
    await store.insert([
      msg({
        visitor: 'b',
        at: 0,
        channel: 'paid search',
        stage: 'decision',
        event: 'Checkout Started',
        cart: cart('cart-b', [['city-sneaker', 89.9]], { step: 1, step_name: 'shipping' }),
      }),
      msg({ visitor: 'b', at: MIN, channel: 'paid search', stage: 'decision', event: 'Checkout Step Viewed', properties: { step: 1, step_name: 'shipping' } }),
      msg({ visitor: 'b', at: 2 * MIN, channel: 'paid search', stage: 'decision', event: 'Checkout Step Completed', properties: { step: 1, step_name: 'shipping' } }),
      msg({ visitor: 'b', at: 2 * MIN, channel: 'paid search', stage: 'decision', event: 'Checkout Step Viewed', properties: { step: 2, step_name: 'payment' }, cart: at2 }),
      // a second visitor stops at step 1 through another channel
      msg({
        visitor: 'c',
        at: 0,
        channel: 'referral',
        stage: 'decision',
        event: 'Checkout Step Viewed',
        properties: { step: 1, step_name: 'shipping' },
        cart: cart('cart-c', [['wool-socks', 12.5]], { step: 1, step_name: 'shipping' }),
      }),
      // and a cart without checkout
      msg({ visitor: 'd', at: 0, channel: 'referral', stage: 'decision', event: 'Product Added', cart: cart('cart-d', [['wool-socks', 12.5]]) }),
    ]);
    expect(await sweepAt(store, 40 * MIN)).toEqual({ carts: 1, checkouts: 2, cancelled: 0 });
    const [b] = await store.messages({ event: 'Checkout Abandoned', anonymousId: 'b' });
    expect(b).toMatchObject({
      messageId: 'derived-checkout-cart-b',
      timestamp: iso(32 * MIN),
      properties: { cart_id: 'cart-b', value: 89.9, step: 2, step_name: 'payment', idle_time: 1800, window_end: iso(32 * MIN) },
      context: { journey: { channel: 'paid search', sessionId: 'b-s1', source: 'collector' } },
    });
    const s = await store.summary();
    expect(s.abandonment.carts).toEqual({ count: 1, value: 12.5 });
    expect(s.abandonment.checkouts).toEqual({
      count: 2,
      value: 102.4,
      byStep: [
        { step: 1, name: 'shipping', count: 1, value: 12.5 },
        { step: 2, name: 'payment', count: 1, value: 89.9 },
      ],
    });
    expect(s.abandonment.byChannel).toEqual([
      { channel: 'referral', carts: 1, cartValue: 12.5, checkouts: 1, checkoutValue: 12.5 },
      { channel: 'paid search', carts: 0, cartValue: 0, checkouts: 1, checkoutValue: 89.9 },
    ]);
    expect(s.checkout.steps).toEqual([
      { step: 1, name: 'shipping', viewed: 2, completed: 1, abandoned: 1, dropOff: 1 },
      { step: 2, name: 'payment', viewed: 1, completed: 0, abandoned: 1, dropOff: 1 },
    ]);
  });

  test('sweep: no abandonment for an emptied cart, an ordered one, or a visitor active within the window', async () => {
    const store = await open(engine);
    await store.insert([
      msg({ visitor: 'e', at: 0, event: 'Product Added', cart: cart('cart-e', [['wool-socks', 12.5]]) }),
      msg({ visitor: 'e', at: MIN, event: 'Product Removed', cart: cart('cart-e', []) }),
      msg({ visitor: 'f', at: 0, event: 'Product Added', cart: cart('cart-f', [['wool-socks', 12.5]]) }),
      msg({ visitor: 'f', at: 3 * MIN, event: 'Order Completed', stage: 'purchase', cart: cart('cart-f', [], { value: 0 }), properties: { order_id: 'o1', revenue: 12.5 } }),
      msg({ visitor: 'g', at: 0, event: 'Product Added', cart: cart('cart-g', [['wool-socks', 12.5]]) }),
      msg({ visitor: 'g', at: 25 * MIN }),
    ]);
    expect(await sweepAt(store, 40 * MIN)).toEqual({ carts: 0, checkouts: 0, cancelled: 0 });
    expect(await sweepAt(store, 56 * MIN)).toEqual({ carts: 1, checkouts: 0, cancelled: 0 });
    expect((await store.messages({ event: 'Cart Abandoned' })).map((m) => m.anonymousId)).toEqual(['g']);
  });

  test('sweep: looks back lookbackDays (default 7) before the window for visitors who went silent', async () => {
    const store = await open(engine);
    const DAY = 1440 * MIN;
    await store.insert([msg({ visitor: 'l', at: 0, event: 'Product Added', cart: cart('cart-l', [['wool-socks', 12.5]]) })]);
    // silent for three days: outside a one-day look-back (an earlier sweep would have seen it)
    expect(await store.sweep({ now: iso(3 * DAY), abandonAfter: 30, lookbackDays: 1 })).toEqual({ carts: 0, checkouts: 0, cancelled: 0 });
    expect(await store.sweep({ now: iso(3 * DAY), abandonAfter: 30 })).toEqual({ carts: 1, checkouts: 0, cancelled: 0 });
    await expect(store.sweep({ now: iso(0), lookbackDays: 0 })).rejects.toThrow(/lookbackDays/);
    await expect(store.sweep({ now: 'noon' })).rejects.toThrow(/now/);
  });

  test('once per cart: the browser noticed first, or noticed after the sweep: counted once', async () => {
    const store = await open(engine);
    const ch = cart('cart-h', [['trail-runner', 120]]);
    const ci = cart('cart-i', [['city-sneaker', 89.9]]);
    const sdkAbandonment = (/** @type {string} */ v, /** @type {any} */ c, /** @type {number} */ at) =>
      msg({
        visitor: v,
        at,
        event: 'Cart Abandoned',
        stage: 'decision',
        cart: c,
        properties: { cart_id: c.cart_id, products: c.products, value: c.value, currency: 'EUR', idle_time: 1800, window_end: iso(at) },
      });
    await store.insert([
      msg({ visitor: 'h', at: 0, event: 'Product Added', cart: ch }),
      // the in-page timer fired
      sdkAbandonment('h', ch, 30 * MIN),
      msg({ visitor: 'i', at: 0, event: 'Product Added', cart: ci }),
    ]);
    expect(await sweepAt(store, 60 * MIN)).toEqual({ carts: 1, checkouts: 0, cancelled: 0 });
    // i comes back the next day: its SDK reports the abandonment too (timestamped at the window end)
    await store.insert([sdkAbandonment('i', ci, 30 * MIN), msg({ visitor: 'i', at: 1440 * MIN, session: 'i-s2' })]);
    expect(await sweepAt(store, 2000 * MIN)).toEqual({ carts: 0, checkouts: 0, cancelled: 0 });
    expect(await store.messages({ event: 'Cart Abandoned' })).toHaveLength(3);
    const s = await store.summary();
    expect(s.abandonment.carts).toEqual({ count: 2, value: 209.9 });
    // the browser's is the one counted
    expect(s.abandonment.latest.map((l) => l.source)).toEqual(['sdk', 'sdk']);
  });

  test('a late order (a beacon replayed on the next visit) cancels a derived abandonment', async () => {
    const store = await open(engine);
    await store.insert([msg({ visitor: 'j', at: 0, event: 'Checkout Started', stage: 'decision', cart: cart('cart-j', [['trail-runner', 120]], { step: 1 }) })]);
    expect(await sweepAt(store, 31 * MIN)).toEqual({ carts: 0, checkouts: 1, cancelled: 0 });
    expect((await store.summary()).abandonment.checkouts.count).toBe(1);
    await store.insert([msg({ visitor: 'j', at: 10 * MIN, event: 'Order Completed', stage: 'purchase', cart: cart('cart-j', []), properties: { order_id: 'o-j' } })], {
      transport: 'beacon',
    });
    const s = await store.summary();
    expect(s.abandonment.checkouts).toEqual({ count: 0, value: 0, byStep: [] });
    expect(s.abandonment.byChannel).toEqual([]);
    // stored, not counted; the emptied cart is not derived again
    expect(await store.messages({ event: 'Checkout Abandoned' })).toHaveLength(1);
    expect(await sweepAt(store, 120 * MIN)).toEqual({ carts: 0, checkouts: 0, cancelled: 1 });
  });

  test('late activity inside the window: the derived abandonment is derived again from the real last activity', async () => {
    const store = await open(engine);
    const c = cart('cart-k', [['wool-socks', 12.5]]);
    await store.insert([msg({ visitor: 'k', at: 0, event: 'Product Added', cart: c })]);
    expect(await sweepAt(store, 30 * MIN)).toEqual({ carts: 1, checkouts: 0, cancelled: 0 });
    await store.insert([msg({ visitor: 'k', at: 20 * MIN, session: 'k-s1', channel: 'email' })]);
    expect((await store.summary()).abandonment.carts.count).toBe(0);
    expect(await sweepAt(store, 49 * MIN)).toEqual({ carts: 0, checkouts: 0, cancelled: 1 });
    expect(await sweepAt(store, 50 * MIN)).toEqual({ carts: 1, checkouts: 0, cancelled: 0 });
    const all = await store.messages({ event: 'Cart Abandoned' });
    expect(all).toHaveLength(1);
    expect(all[0]).toMatchObject({ messageId: 'derived-cart-cart-k', timestamp: iso(50 * MIN), context: { journey: { channel: 'email' } } });
    const s = await store.summary();
    expect(s.abandonment.carts).toEqual({ count: 1, value: 12.5 });
    expect(s.totals.events).toBe(3);
  });

  test('retention: purge deletes the events older than N days, and only those', async () => {
    const store = await open(engine);
    const DAY = 1440 * MIN;
    // now = T0 + 20 days (2026-12-10): the cutoff for 30 days is 2026-11-10
    await store.insert([
      msg({ visitor: 'old', at: -36 * DAY }), // 2026-10-15: a month wholly past the cutoff
      msg({ visitor: 'old', at: -19 * DAY }), // 2026-11-01: the cutoff's own month, older
      msg({ visitor: 'new', at: -9 * DAY }), // 2026-11-11: kept
      msg({ visitor: 'new', at: 0 }),
    ]);
    expect(await store.purge({ olderThanDays: 30, now: iso(20 * DAY) })).toEqual({ events: 2 });
    const s = await store.summary();
    expect(s.totals).toMatchObject({ events: 2, visitors: 1 });
    expect(await store.messages({ anonymousId: 'old' })).toEqual([]);
  });

  test('two collector instances on one database, the same events delivered to both: each counted once', async () => {
    const database = `t${process.pid}_shared_${Date.now().toString(36)}`;
    const file = `/tmp/waymark-store-${process.pid}-${Date.now()}.db`;
    const two = await Promise.all(
      [0, 1].map(async () => {
        const s = engine == 'sqlite' ? await (await import('../src/store/openStore.js')).openStore({ engine, file }) : await freshStore(engine, { database });
        cleanup.push(() => s.close());
        return s;
      }),
    );
    cleanup.unshift(async () => {
      if (engine == 'clickhouse') await dropDatabase(database);
      else for (const f of [file, file + '-wal', file + '-shm']) (await import('node:fs')).rmSync(f, { force: true });
    });
    const events = [
      msg({ visitor: 'p', at: 0, channel: 'email' }),
      msg({ visitor: 'p', at: MIN, channel: 'email', stage: 'decision', event: 'Product Added', cart: cart('cart-p', [['trail-runner', 120]]) }),
      msg({ visitor: 'q', at: 0, channel: 'direct', stage: 'decision', event: 'Checkout Started', cart: cart('cart-q', [['wool-socks', 12.5]], { step: 1 }) }),
    ];
    // the fetch reached one instance, its retry (or the beacon) the other, at the same time
    await Promise.all(two.map((s) => s.insert(events, { transport: 'fetch' })));
    await Promise.all(two.map((s) => s.sweep({ now: iso(40 * MIN) })));
    for (const s of two) {
      const summary = await s.summary();
      expect(summary.totals).toMatchObject({ events: 5, visitors: 2, visits: 2 });
      expect(summary.abandonment.carts).toEqual({ count: 1, value: 120 });
      expect(summary.abandonment.checkouts.count).toBe(1);
    }
  });
});

describe('clickhouse store, a table from before a column was added', () => {
  test('opening it adds the columns (ADD COLUMN), and group and alias ids are kept from then on', async () => {
    const { clickhouseDDL, ADDED_COLUMNS } = await import('../src/store/clickhouseSchema.js');
    const { inject } = await import('vitest');
    const database = `t${process.pid}_old_${Date.now().toString(36)}`;
    cleanup.push(() => dropDatabase(database));
    const url = /** @type {string} */ (inject('clickhouseUrl'));
    const exec = async (/** @type {string} */ sql) => {
      const r = await fetch(url, { method: 'POST', body: sql });
      if (!r.ok) throw new Error(await r.text());
      return r.text();
    };
    // the DDL as first released: without the added columns
    let [createDb, createEvents, ...rest] = clickhouseDDL(database);
    for (const [name, type] of ADDED_COLUMNS) createEvents = createEvents.replace(`,\n    ${name} ${type}`, '');
    expect(createEvents).not.toContain('group_id');
    for (const sql of [createDb, createEvents, ...rest]) await exec(sql);
    const store = await open('clickhouse', { database });
    const columns = await exec(`SELECT name FROM system.columns WHERE database = '${database}' AND table = 'events' FORMAT TSV`);
    expect(columns.split('\n')).toEqual(expect.arrayContaining(['group_id', 'previous_id']));
    const base = msg({ visitor: 'v9', at: 0 });
    await store.insert([{ ...base, type: 'group', messageId: 'g9', groupId: 'acme' }], { idempotencyKey: 'k-old', transport: 'fetch' });
    expect((await store.messages({ anonymousId: 'v9' }))[0]).toMatchObject({ type: 'group', groupId: 'acme' });
  });
});
