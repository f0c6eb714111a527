// POST /v1/batch against Segment's HTTP Tracking API: the six message types, an optional
// timestamp with sentAt clock-skew correction, 32 KB per message and 500 KB per batch,
// text/plain and gzip bodies, and one bad message rejecting only itself. Driven through
// fastify.inject (no sockets).
import { afterEach, describe, expect, test } from 'vitest';
import { gzipSync } from 'node:zlib';
import { startCollector } from '../src/server.js';

/** @type {Awaited<ReturnType<typeof startCollector>>[]} */
const open = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((c) => c.close()));
});
/** @param {Parameters<typeof startCollector>[0]} [options] */
const start = async (options = {}) => {
  const c = await startCollector({ port: 0, db: ':memory:', quiet: true, ...options });
  open.push(c);
  return c;
};

const T = '2026-11-23T10:00:00.000Z';
/** @param {string} id @param {Record<string, unknown>} [over] */
const msg = (id, over = {}) => ({
  type: 'track',
  event: 'Product Viewed',
  properties: {},
  context: { journey: { sessionId: 's' } },
  messageId: id,
  anonymousId: 'a',
  timestamp: T,
  ...over,
});

/**
 * @param {Awaited<ReturnType<typeof startCollector>>} c
 * @param {unknown} body
 * @param {{ headers?: Record<string, string>, gzip?: boolean, type?: string }} [how]
 */
const post = async (c, body, how = {}) => {
  const text = typeof body == 'string' ? body : JSON.stringify(body);
  const res = await c.app.inject({
    method: 'POST',
    url: '/v1/batch',
    payload: how.gzip ? gzipSync(text) : text,
    headers: { 'content-type': how.type ?? 'application/json', ...(how.gzip ? { 'content-encoding': 'gzip' } : {}), ...how.headers },
  });
  return { status: res.statusCode, body: res.json(), headers: res.headers };
};
/** @param {Awaited<ReturnType<typeof startCollector>>} c */
const rows = (c) => c.db.prepare('SELECT message_id, type, event, name, anonymous_id, user_id, timestamp, received_at FROM events ORDER BY id').all();

describe('Segment message types', () => {
  test('all six types are stored: track, page, screen, identify, group, alias', async () => {
    const c = await start();
    const batch = [
      msg('t'),
      msg('p', { type: 'page', event: undefined, name: 'Home' }),
      msg('s', { type: 'screen', event: undefined, name: 'Basket' }),
      msg('i', { type: 'identify', event: undefined, userId: 'u1', traits: { plan: 'gold' } }),
      msg('g', { type: 'group', event: undefined, groupId: 'acme', traits: { name: 'Acme' } }),
      msg('al', { type: 'alias', event: undefined, userId: 'u1', previousId: 'a' }),
    ];
    const res = await post(c, { batch });
    expect(res).toMatchObject({ status: 200, body: { ok: true, received: 6, stored: 6, duplicates: 0 } });
    expect(res.body.rejected).toBeUndefined();
    expect(rows(c).map((r) => r.type)).toEqual(['track', 'page', 'screen', 'identify', 'group', 'alias']);
  });

  test('each type needs its own fields: track an event, group a groupId, alias a previousId and userId', async () => {
    const c = await start();
    const res = await post(c, {
      batch: [
        msg('t', { event: undefined }),
        msg('g', { type: 'group', event: undefined }),
        msg('a1', { type: 'alias', event: undefined, userId: 'u' }),
        msg('a2', { type: 'alias', event: undefined, previousId: 'old' }),
        msg('x', { type: 'purchase' }),
        msg('n', { anonymousId: undefined }),
        msg('u', { anonymousId: undefined, userId: null }),
      ],
    });
    expect(res.status).toBe(400);
    expect(res.body.rejected.map((/** @type {any} */ r) => [r.index, r.field, r.reason])).toEqual([
      [0, 'event', 'batch[0].event is required for a track message'],
      [1, 'groupId', 'batch[1].groupId is required for a group message'],
      [2, 'previousId', 'batch[2].previousId is required for an alias message'],
      [3, 'userId', 'batch[3].userId is required for an alias message'],
      [4, 'type', 'batch[4].type must be one of track, page, screen, identify, group, alias'],
      [5, 'anonymousId', 'batch[5].anonymousId or userId is required: a non-empty string'],
      [6, 'anonymousId', 'batch[6].anonymousId or userId is required: a non-empty string'],
    ]);
    expect(rows(c)).toEqual([]);
  });

  test('a message with only a userId is stored (a server-side identify); numeric ids become strings', async () => {
    const c = await start();
    const res = await post(c, { batch: [msg('u', { anonymousId: undefined, userId: 'user-9' }), msg('n', { anonymousId: 42, userId: 7 })] });
    expect(res.body).toMatchObject({ stored: 2 });
    expect(rows(c).map((r) => [r.message_id, r.anonymous_id, r.user_id])).toEqual([
      ['u', 'user-9', 'user-9'],
      ['n', '42', '7'],
    ]);
  });
});

describe('timestamps', () => {
  test('a message without a timestamp gets the time it was received', async () => {
    const c = await start();
    const before = Date.now();
    expect((await post(c, { batch: [msg('a', { timestamp: undefined })] })).body.stored).toBe(1);
    const [row] = rows(c);
    expect(row.timestamp).toBe(row.received_at);
    expect(Date.parse(row.timestamp)).toBeGreaterThanOrEqual(before);
    expect(Date.parse(row.timestamp)).toBeLessThanOrEqual(Date.now());
  });

  test("sentAt corrects the client's clock as Segment does: timestamp + (receivedAt - sentAt)", async () => {
    const c = await start();
    // The client's clock is an hour fast: it says it sent the batch an hour from now.
    const skew = 3600_000;
    const sentAt = new Date(Date.now() + skew).toISOString();
    const at = new Date(Date.now() + skew - 5000).toISOString(); // 5 s before sending, by its clock
    await post(c, { batch: [msg('a', { timestamp: at }), msg('b', { timestamp: at, sentAt: new Date(Date.parse(at) + 1000).toISOString() })], sentAt });
    const [a, b] = rows(c);
    // a: 5 s before the batch was received; b's own sentAt (1 s after it) wins over the batch's.
    expect(Date.parse(a.received_at) - Date.parse(a.timestamp)).toBe(5000);
    expect(Date.parse(b.received_at) - Date.parse(b.timestamp)).toBe(1000);
    const context = JSON.parse(c.db.prepare("SELECT context FROM events WHERE message_id = 'a'").pluck().get());
    expect(context).toEqual({ journey: { sessionId: 's' } });
  });

  test('trustClientClock keeps the timestamps as sent (a simulated browser with a fake clock)', async () => {
    const c = await start({ trustClientClock: true });
    await post(c, { batch: [msg('a')], sentAt: '2026-11-23T10:00:05.000Z' });
    expect(rows(c)[0].timestamp).toBe(T);
  });

  test('a timestamp that is not ISO 8601 with a zone rejects its message', async () => {
    const c = await start();
    const res = await post(c, {
      batch: [msg('a', { timestamp: 'yesterday' }), msg('b', { timestamp: '2026-13-45T99:00:00Z' }), msg('c', { timestamp: '2026-11-23T10:00:00' }), msg('d')],
    });
    expect(res.body.rejected.map((/** @type {any} */ r) => r.reason)).toEqual([
      'batch[0].timestamp must be an ISO 8601 date-time string with a time zone',
      'batch[1].timestamp must be an ISO 8601 date-time string with a time zone',
      'batch[2].timestamp must be an ISO 8601 date-time string with a time zone',
    ]);
    expect(res.body.stored).toBe(1);
  });
});

describe('one bad message rejects only itself', () => {
  test('the rest of the batch is stored; each rejected message comes back with its index, field, reason and messageId', async () => {
    const c = await start();
    const res = await post(c, {
      batch: [msg('ok1'), msg('bad1', { context: 'x' }), msg('ok2'), msg('bad2', { event: '' }), msg('bad3', { context: { journey: { stage: 3 } } }), 'nope'],
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ ok: true, received: 6, stored: 2, duplicates: 0 });
    expect(res.body.rejected).toEqual([
      { index: 1, messageId: 'bad1', field: 'context', reason: 'batch[1].context must be an object' },
      { index: 3, messageId: 'bad2', field: 'event', reason: 'batch[3].event must be a non-empty string' },
      { index: 4, messageId: 'bad3', field: 'context.journey.stage', reason: 'batch[4].context.journey.stage must be a string or null' },
      { index: 5, field: 'message', reason: 'batch[5] must be an object' },
    ]);
    expect(rows(c).map((r) => r.message_id)).toEqual(['ok1', 'ok2']);
  });

  test('a batch whose every message is bad is a 400, and nothing is stored', async () => {
    const c = await start();
    const res = await post(c, { batch: [msg('a', { type: 'nope' })] });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ error: 'invalid batch', index: 0, field: 'type' });
    expect(c.db.prepare('SELECT COUNT(*) FROM batches').pluck().get()).toBe(0);
  });

  test('the envelope is checked as a whole: a 400 naming the field', async () => {
    const c = await start();
    /** @type {[unknown, string][]} */
    const cases = [
      ['{"batch": [', 'body is not valid JSON'],
      [[msg('a')], 'body must be a JSON object'],
      [{}, 'batch must be an array of messages'],
      [{ batch: 'x' }, 'batch must be an array of messages'],
      [{ batch: [] }, 'batch must not be empty'],
      [{ batch: [msg('a')], dropped: -1 }, 'dropped must be a non-negative integer'],
      [{ batch: [msg('a')], sentAt: 'now' }, 'sentAt must be an ISO 8601 date-time string with a time zone'],
    ];
    for (const [body, reason] of cases) {
      const res = await post(c, body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.reason).toMatch(new RegExp('^' + reason.replace(/[[\]]/g, '\\$&')));
      expect(res.body.field).toBeTruthy();
    }
    expect(rows(c)).toEqual([]);
  });
});

describe('sizes, content types and encodings', () => {
  test("a message over 32 KB is rejected alone (Segment's limit); the others are stored", async () => {
    const c = await start();
    const big = msg('big', { properties: { blob: 'x'.repeat(33 * 1024) } });
    const res = await post(c, { batch: [msg('a'), big, msg('b')] });
    expect(res.status).toBe(200);
    expect(res.body.rejected).toEqual([
      { index: 1, messageId: 'big', field: 'message', reason: expect.stringMatching(/^batch\[1\] is \d+ bytes: a message must be at most 32768 bytes/) },
    ]);
    expect(rows(c).map((r) => r.message_id)).toEqual(['a', 'b']);
    // just under the limit is fine
    const fits = msg('fits', { properties: { blob: 'x'.repeat(31 * 1024) } });
    expect((await post(c, { batch: [fits] })).body.stored).toBe(1);
  });

  test('a request over 500 KB is a 413 (the SDK halves the batch), and nothing of it is stored', async () => {
    const c = await start();
    const batch = Array.from({ length: 20 }, (_, i) => msg('m' + i, { properties: { blob: 'x'.repeat(26 * 1024) } }));
    const res = await post(c, { batch });
    expect(res.status).toBe(413);
    expect(res.body.reason).toMatch(/at most 512000 bytes/);
    expect(rows(c)).toEqual([]);
    expect((await post(c, { batch: batch.slice(0, 10) })).body.stored).toBe(10);
  });

  test('gzip request bodies (Content-Encoding: gzip) are read, JSON and text/plain alike; the 500 KB limit counts the unzipped body', async () => {
    const c = await start();
    expect((await post(c, { batch: [msg('z1'), msg('z2')] }, { gzip: true })).body).toMatchObject({ stored: 2 });
    expect((await post(c, { batch: [msg('z3')], writeKey: 'wk' }, { gzip: true, type: 'text/plain;charset=UTF-8' })).body).toMatchObject({ stored: 1 });
    // 600 KB of one repeated letter zips to a few KB: still too large once unzipped
    const bomb = { batch: [msg('b', { properties: { blob: 'x'.repeat(600 * 1024) } })] };
    expect((await post(c, bomb, { gzip: true })).status).toBe(413);
    // a body that says gzip but is not
    const bad = await c.app.inject({ method: 'POST', url: '/v1/batch', payload: 'not gzip', headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' } });
    expect(bad.statusCode).toBe(400);
    expect(rows(c).map((r) => r.message_id)).toEqual(['z1', 'z2', 'z3']);
  });

  test('text/plain bodies are JSON batches (beacons, and the SDK without a preflight); other types are a 415; GET is a 405', async () => {
    const c = await start();
    expect((await post(c, { batch: [msg('p1')], writeKey: 'wk', idempotencyKey: 'ik' }, { type: 'text/plain' })).body).toMatchObject({ stored: 1 });
    expect(c.db.prepare('SELECT idempotency_key, transport, write_key FROM batches').get()).toEqual({ idempotency_key: 'ik', transport: 'beacon', write_key: 'wk' });
    expect((await post(c, { batch: [msg('p2')] }, { type: 'application/x-www-form-urlencoded' })).status).toBe(415);
    const get = await c.app.inject({ method: 'GET', url: '/v1/batch' });
    expect(get.statusCode).toBe(405);
    expect(get.headers.allow).toBe('POST, OPTIONS');
  });
});

describe('ids and dedup', () => {
  test('a message without a messageId gets one from its content, so a retried request is stored once', async () => {
    const c = await start();
    const body = { batch: [msg('x', { messageId: undefined }), msg('x', { messageId: undefined, event: 'Other' })], writeKey: 'wk' };
    expect((await post(c, body, { type: 'text/plain' })).body).toMatchObject({ stored: 2 });
    expect((await post(c, body, { type: 'text/plain' })).body).toMatchObject({ stored: 0, duplicates: 2 });
    const ids = rows(c).map((r) => r.message_id);
    expect(ids).toHaveLength(2);
    for (const id of ids) expect(id).toMatch(/^sha-[0-9a-f]{32}$/);
  });

  test('a replay under the same Idempotency-Key (header or body) stores nothing; a stored messageId is a duplicate', async () => {
    const c = await start();
    const batch = { batch: [msg('a'), msg('b')] };
    expect((await post(c, batch, { headers: { 'idempotency-key': 'k1' } })).body).toMatchObject({ replay: false, stored: 2 });
    expect((await post(c, { ...batch, idempotencyKey: 'k1' }, { type: 'text/plain' })).body).toMatchObject({ replay: true, stored: 0 });
    expect((await post(c, { batch: [msg('b'), msg('c')] })).body).toMatchObject({ replay: false, stored: 1, duplicates: 1 });
    expect(rows(c).map((r) => r.message_id)).toEqual(['a', 'b', 'c']);
  });

  test("the batch's context and integrations apply to each message under its own", async () => {
    const c = await start();
    await post(c, { batch: [msg('a', { context: { journey: { sessionId: 's1' } } })], context: { library: { name: 'srv' }, journey: { sessionId: 'batch' } } });
    expect(JSON.parse(c.db.prepare('SELECT context FROM events').pluck().get())).toEqual({ library: { name: 'srv' }, journey: { sessionId: 's1' } });
  });
});
