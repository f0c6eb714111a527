import { describe, expect, test } from 'vitest';
import { openStore } from '../src/store/openStore.js';

const msg = (id, over = {}) => ({
  type: 'track',
  event: 'Product Added',
  properties: {},
  context: { journey: { sessionId: 's', stage: 'decision' } },
  messageId: id,
  anonymousId: 'v1',
  timestamp: '2026-11-23T10:00:00.000Z',
  ...over,
});

describe('openStore (the one async interface the server uses)', () => {
  test('sqlite: insert stores each messageId once, replays by idempotency key, summary counts them', async () => {
    const store = await openStore({ engine: 'sqlite', file: ':memory:' });
    try {
      expect(await store.insert([msg('a'), msg('b')], { idempotencyKey: 'k1', transport: 'fetch' })).toEqual({
        replay: false,
        received: 2,
        stored: 2,
        duplicates: 0,
      });
      expect(await store.insert([msg('a'), msg('b')], { idempotencyKey: 'k1', transport: 'beacon' })).toMatchObject({ replay: true, stored: 0 });
      expect(await store.insert([msg('b'), msg('c')], { transport: 'fetch', dropped: 3 })).toMatchObject({ stored: 1, duplicates: 1 });
      const summary = await store.summary();
      expect(summary.totals).toMatchObject({ events: 3, visitors: 1, replays: 1, dropped: 3 });
      expect(summary.funnel.find((s) => s.stage == 'decision').visitors).toBe(1);
      // the cached summary is recomputed when a batch changes something
      await store.insert([msg('d', { anonymousId: 'v2' })], { transport: 'fetch' });
      expect((await store.summary()).totals).toMatchObject({ events: 4, visitors: 2 });
    } finally {
      await store.close();
    }
  });

  test('an unknown engine is refused by name', async () => {
    await expect(openStore({ engine: /** @type {any} */ ('mongo'), file: 'x' })).rejects.toThrow(/unknown storage engine "mongo"/);
  });
});
