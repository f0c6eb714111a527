import { describe, expect, test } from 'vitest';
import { validateBatch, MAX_MESSAGES } from '../src/validateBatch.js';

const good = (over = {}) => ({
  type: 'track',
  event: 'Product Added',
  properties: { price: 1 },
  context: { page: { path: '/' }, journey: { sessionId: 's', stage: 'decision' } },
  messageId: 'm1',
  anonymousId: 'a1',
  userId: null,
  timestamp: '2026-11-23T10:00:00.000Z',
  ...over,
});

describe('validateBatch', () => {
  test('accepts what the SDK sends, beacons included', () => {
    expect(validateBatch({ batch: [good()], sentAt: '2026-11-23T10:00:01.000Z', dropped: 0 })).toEqual({ ok: true });
    expect(validateBatch({ batch: [good({ type: 'page', event: undefined, name: 'Home' })], idempotencyKey: 'k', writeKey: 'w' })).toEqual({ ok: true });
    expect(validateBatch({ batch: [good({ type: 'identify', event: undefined, userId: 'u1', traits: { plan: 'pro' } })] })).toEqual({ ok: true });
    expect(validateBatch({ batch: [good({ timestamp: '2026-11-23T10:00:00+01:00', context: {} })] })).toEqual({ ok: true });
  });

  test.each([
    [null, 'body', undefined, 'body must be a JSON object'],
    [{ batch: {} }, 'batch', undefined, 'batch must be an array of messages'],
    [{ batch: [] }, 'batch', undefined, 'batch must not be empty'],
    [{ batch: [good(), 'x'] }, 'message', 1, 'batch[1] must be an object'],
    [{ batch: [good({ type: 'alias' })] }, 'type', 0, 'batch[0].type must be one of track, page, identify'],
    [{ batch: [good(), good({ messageId: '' })] }, 'messageId', 1, 'batch[1].messageId must be a non-empty string of at most 200 characters'],
    [{ batch: [good({ messageId: 'x'.repeat(201) })] }, 'messageId', 0, undefined],
    [{ batch: [good({ anonymousId: null })] }, 'anonymousId', 0, undefined],
    [{ batch: [good({ userId: 5 })] }, 'userId', 0, 'batch[0].userId must be a string or null'],
    [{ batch: [good({ timestamp: 1700000000000 })] }, 'timestamp', 0, 'batch[0].timestamp must be an ISO 8601 date-time string'],
    [{ batch: [good({ timestamp: '2026-11-23' })] }, 'timestamp', 0, undefined],
    [{ batch: [good({ timestamp: '2026-02-31T99:99:00Z' })] }, 'timestamp', 0, undefined],
    [{ batch: [good({ context: [] })] }, 'context', 0, 'batch[0].context must be an object'],
    [{ batch: [good({ event: undefined })] }, 'event', 0, 'batch[0].event must be a non-empty string for a track message'],
    [{ batch: [good({ properties: [1] })] }, 'properties', 0, 'batch[0].properties must be an object'],
    [{ batch: [good({ traits: 'x' })] }, 'traits', 0, undefined],
    [{ batch: [good({ context: { journey: 'decision' } })] }, 'context.journey', 0, undefined],
    [{ batch: [good({ context: { journey: { sessionId: 's', furthestStage: ['a'] } } })] }, 'context.journey.furthestStage', 0, undefined],
    [{ batch: [good({ context: { page: '/' } })] }, 'context.page', 0, undefined],
    [{ batch: [good()], dropped: 1.5 }, 'dropped', undefined, 'dropped must be a non-negative integer'],
    [{ batch: [good()], idempotencyKey: 3 }, 'idempotencyKey', undefined, undefined],
    [{ batch: [good()], sentAt: 'now' }, 'sentAt', undefined, undefined],
  ])('refuses %j: field %s, index %s', (body, field, index, reason) => {
    const r = validateBatch(body);
    expect(r.ok).toBe(false);
    expect(r.field).toBe(field);
    expect(r.index).toBe(index);
    if (reason) expect(r.reason).toBe(reason);
    // The reason always names the field, and the message when there is one.
    expect(r.reason).toContain(index === undefined ? field : `batch[${index}]`);
  });

  test('refuses more than MAX_MESSAGES messages', () => {
    const r = validateBatch({ batch: Array.from({ length: MAX_MESSAGES + 1 }, (_, i) => good({ messageId: 'm' + i })) });
    expect(r).toMatchObject({ ok: false, field: 'batch' });
  });

  test('names the first bad message, not a later one', () => {
    expect(validateBatch({ batch: [good(), good({ type: 'x' }), good({ messageId: 1 })] })).toMatchObject({ index: 1, field: 'type' });
  });
});
