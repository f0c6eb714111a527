import { describe, expect, test } from 'vitest';
import { openSqliteStore as openStore } from '../src/store/sqliteStore.js';
import { summarize, funnel, checkout, abandonedCarts, channelMix, recentEvents } from '../src/store/summarize.js';
import { DEFAULT_STAGES } from '../src/stages.js';

let n = 0;
const ev = (visitor, event, journey = {}, properties = {}) => ({
  type: 'track',
  event,
  properties,
  context: { page: { path: '/x' }, journey: { sessionId: visitor + '-s', ...journey } },
  messageId: 'm' + n++,
  anonymousId: visitor,
  userId: null,
  timestamp: new Date(Date.UTC(2026, 10, 23, 10, 0, n)).toISOString(),
});

const withEvents = (...batch) => {
  const store = openStore(':memory:');
  store.saveBatch({ batch }, { transport: 'fetch' });
  return store.db;
};

describe('funnel', () => {
  test('a visitor reached a stage by an event at it, or by a furthest stage at or beyond it', () => {
    const db = withEvents(
      ev('a', 'Landing', { stage: 'awareness', furthestStage: 'awareness' }),
      ev('a', 'Product Viewed', { stage: 'consideration', furthestStage: 'consideration' }),
      // seen only at purchase, with purchase as its furthest stage: counts for every stage up to purchase
      ev('b', 'Order Completed', { stage: 'purchase', furthestStage: 'purchase' }),
      // an event at retention without a furthest stage counts at retention only
      ev('c', 'Account', { stage: 'retention' }),
      // twice at a stage is still one visitor
      ev('d', 'Landing', { stage: 'awareness' }),
      ev('d', 'Landing', { stage: 'awareness' }),
      // no journey at all, or an unknown stage: in no stage
      ev('e', 'Ping'),
      ev('f', 'Custom', { stage: 'wondering', furthestStage: 'wondering' }),
    );
    expect(funnel(db, DEFAULT_STAGES)).toEqual([
      { stage: 'awareness', visitors: 3 },
      { stage: 'consideration', visitors: 2 },
      { stage: 'decision', visitors: 1 },
      { stage: 'purchase', visitors: 1 },
      { stage: 'retention', visitors: 1 },
      { stage: 'advocacy', visitors: 0 },
    ]);
  });

  test('follows a custom stage list and its order', () => {
    const db = withEvents(ev('a', 'X', { stage: 'look', furthestStage: 'buy' }), ev('b', 'Y', { stage: 'look', furthestStage: 'look' }));
    expect(funnel(db, ['look', 'buy'])).toEqual([
      { stage: 'look', visitors: 2 },
      { stage: 'buy', visitors: 1 },
    ]);
  });
});

describe('checkout', () => {
  test('viewed, completed, abandoned and drop-off per step, with the step name', () => {
    const db = withEvents(
      ev('a', 'Checkout Started'),
      ev('a', 'Checkout Step Viewed', {}, { step: 1, step_name: 'Address' }),
      ev('a', 'Checkout Step Completed', {}, { step: 1 }),
      ev('a', 'Checkout Step Viewed', {}, { step: 2 }),
      ev('a', 'Checkout Step Viewed', {}, { step: 2 }),
      ev('a', 'Checkout Abandoned', {}, { step: 2 }),
      ev('b', 'Checkout Started'),
      ev('b', 'Checkout Step Viewed', {}, { step: '1' }),
      ev('b', 'Checkout Step Completed', {}, { step: 1 }),
      ev('b', 'Checkout Step Viewed', {}, { step: 2 }),
      ev('b', 'Checkout Step Completed', {}, { step: 2 }),
      ev('b', 'Order Completed'),
      // no step: ignored
      ev('c', 'Checkout Step Viewed'),
    );
    expect(checkout(db)).toEqual({
      started: 2,
      ordered: 1,
      steps: [
        { step: 1, name: 'Address', viewed: 2, completed: 2, abandoned: 0, dropOff: 0 },
        { step: 2, name: null, viewed: 2, completed: 1, abandoned: 1, dropOff: 1 },
      ],
    });
  });
});

describe('abandonedCarts', () => {
  test('counts carts and sums value, else revenue, in the most common currency', () => {
    const db = withEvents(
      ev('a', 'Cart Abandoned', {}, { value: 10.25, currency: 'EUR', products: [{}, {}, {}] }),
      ev('b', 'Cart Abandoned', {}, { revenue: 5, currency: 'EUR' }),
      ev('c', 'Cart Abandoned', {}, { value: 1, currency: 'USD' }),
      ev('d', 'Cart Abandoned', {}, {}),
      ev('e', 'Product Added', {}, { value: 99 }),
    );
    const carts = abandonedCarts(db);
    expect(carts).toMatchObject({ count: 4, value: 16.25, currency: 'EUR' });
    expect(carts.latest.map((c) => [c.visitor, c.value, c.items])).toEqual([
      ['d', 0, 0],
      ['c', 1, 0],
      ['b', 5, 0],
      ['a', 10.25, 3],
    ]);
  });
});

describe('channelMix', () => {
  test('each visitor at a stage once, under the channel of their first event there', () => {
    const db = withEvents(
      ev('a', 'L', { stage: 'awareness', channel: 'email' }),
      ev('a', 'L', { stage: 'awareness', channel: 'email' }),
      // came back later through another channel: still counted under email
      ev('a', 'L', { stage: 'awareness', channel: 'direct' }),
      ev('b', 'L', { stage: 'awareness', channel: 'paid search' }),
      ev('c', 'L', { stage: 'awareness', channel: 'email' }),
      ev('d', 'L', { stage: 'awareness' }),
      ev('a', 'O', { stage: 'purchase', channel: 'email' }),
    );
    expect(channelMix(db, ['awareness', 'purchase', 'advocacy'])).toEqual([
      {
        stage: 'awareness',
        channels: [
          { channel: 'email', visitors: 2 },
          { channel: 'paid search', visitors: 1 },
          { channel: 'unknown', visitors: 1 },
        ],
      },
      { stage: 'purchase', channels: [{ channel: 'email', visitors: 1 }] },
      { stage: 'advocacy', channels: [] },
    ]);
  });
});

describe('summarize', () => {
  test('totals, duplicates, replays and dropped from the batches, and the latest events newest first', () => {
    const store = openStore(':memory:');
    const a = ev('a', 'Product Viewed', { stage: 'consideration', furthestStage: 'consideration', channel: 'email' });
    store.saveBatch({ batch: [a], dropped: 2 }, { key: 'k', transport: 'fetch' });
    store.saveBatch({ batch: [a] }, { key: 'k', transport: 'fetch' });
    store.saveBatch({ batch: [a, ev('b', 'Landing')], dropped: 1 }, { key: 'k2', transport: 'beacon' });
    const s = summarize(store.db, DEFAULT_STAGES);
    expect(s.totals).toEqual({ events: 2, visitors: 2, batches: 2, duplicates: 1, replays: 1, dropped: 3 });
    expect(s.stages).toEqual(DEFAULT_STAGES);
    expect(s.recent.map((e) => e.event)).toEqual(['Landing', 'Product Viewed']);
    expect(s.recent[1]).toMatchObject({ type: 'track', stage: 'consideration', furthestStage: 'consideration', channel: 'email', visitor: 'a', path: '/x' });
    expect(recentEvents(store.db, 1)).toHaveLength(1);
    expect(JSON.parse(JSON.stringify(s))).toEqual(s);
  });
});
