import { afterEach, expect, test, vi } from 'vitest';
import { backoff } from '../../src/delivery/backoff.js';
import { retryAfter } from '../../src/delivery/retryAfter.js';
import { batchBody, batchKey, fit } from '../../src/delivery/batchBody.js';
import { createTracker } from '../../src/index.js';
import type { OutboxRecord } from '../../src/storage/outbox.js';
import { collector, fresh, until } from './helpers.js';

const rec = (i: number, n = 10): OutboxRecord => ({ k: [i, 't', i], i: 'id' + i, s: '{"i":' + i + '}', n });

const trackers: { shutdown(): Promise<void> }[] = [];
afterEach(async () => {
  await Promise.all(trackers.splice(0).map((t) => t.shutdown()));
  vi.useRealTimers();
});

test('backoff grows exponentially from 1 s, with full jitter, capped', () => {
  expect(backoff(0, 60000, 1000, () => 0.999)).toBe(999);
  expect(backoff(3, 60000, 1000, () => 0.5)).toBe(4000);
  expect(backoff(10, 60000, 1000, () => 0.5)).toBe(30000);
  expect(backoff(100, 60000, 1000, () => 0.999)).toBe(59940);
  expect(backoff(5, 60000, 1000, () => 0)).toBe(0);
});

test('Retry-After is read as seconds or an HTTP date, capped at an hour', () => {
  expect(retryAfter('2')).toBe(2000);
  expect(retryAfter(null)).toBeUndefined();
  expect(retryAfter('soon')).toBeUndefined();
  const now = Date.parse('2026-11-23T10:00:00Z');
  expect(retryAfter('Mon, 23 Nov 2026 10:00:30 GMT', now)).toBe(30000);
  expect(retryAfter('99999')).toBe(3600000);
  expect(retryAfter('-5')).toBe(0);
});

test('fit keeps the oldest records that fit the byte limit, at least one', () => {
  const list = [rec(1, 100), rec(2, 100), rec(3, 100)];
  expect(fit(list, 64 + 101 * 2).map((r) => r.i)).toEqual(['id1', 'id2']);
  expect(fit(list, 10).map((r) => r.i)).toEqual(['id1']);
  expect(fit(list, 1e6)).toHaveLength(3);
});

test('batchBody joins the stored JSON without re-serialising, with dropped, the batch key and the write key', () => {
  const body = JSON.parse(batchBody([rec(1), rec(2)], 3, 'k'));
  expect(body.batch).toEqual([{ i: 1 }, { i: 2 }]);
  expect(body.dropped).toBe(3);
  expect(body.idempotencyKey).toBe('id1.id2.2');
  expect(body.writeKey).toBe('k');
  expect(typeof body.sentAt).toBe('string');
  const bare = JSON.parse(batchBody([rec(1)], 0));
  expect(bare.dropped).toBeUndefined();
  expect(bare.writeKey).toBeUndefined();
});

test('batchKey is stable for the same batch and differs for another', () => {
  expect(batchKey([rec(1), rec(2)])).toBe(batchKey([rec(1), rec(2)]));
  expect(batchKey([rec(1), rec(2)])).not.toBe(batchKey([rec(1), rec(3)]));
  expect(batchKey([rec(1)])).toBe('id1.id1.1');
  expect(batchKey([rec(1), rec(2), rec(3)])).toBe('id1.id3.3');
});

const make = (answers: Parameters<typeof collector>[0], extra = {}) => {
  const c = collector(answers);
  const t = createTracker({ name: fresh(), transport: c.transport, flushInterval: 5, maxRetryDelay: 20, ...extra });
  trackers.push(t);
  return { c, t };
};

test('5xx, 408, 429 and network errors are retried until delivered, with the same idempotencyKey', async () => {
  const { c, t } = make([500, 408, 429, 503, new Error('network')]);
  t.track('A');
  await until(() => c.events().length == 1);
  expect(c.requests).toHaveLength(6);
  const keys = new Set(c.requests.map((r) => JSON.parse(r.body).idempotencyKey));
  expect(keys.size).toBe(1);
  expect([...keys][0]).toMatch(/^[\w-]+\.[\w-]+\.1$/);
});

test('Retry-After on 429 is honoured beyond the backoff cap', async () => {
  const { c, t } = make([{ status: 429, retryAfter: '1' }]);
  t.track('A');
  await until(() => c.requests.length == 1);
  const first = Date.now();
  await until(() => c.events().length == 1, 3000);
  expect(Date.now() - first).toBeGreaterThanOrEqual(900);
});

test('other 4xx drop the batch with a warning, and the count travels in the next batch', async () => {
  const w = vi.spyOn(console, 'warn').mockImplementation(() => {});
  const { c, t } = make([400]);
  t.track('Refused');
  await t.flush();
  t.track('Next');
  await t.flush();
  expect(c.events().map((m) => m.event)).toEqual(['Next']);
  expect(c.batches[0]!.dropped).toBe(1);
  expect(String(w.mock.calls[0]![0])).toContain('HTTP 400');
  // acknowledged: not reported again
  t.track('Later');
  await t.flush();
  expect(c.batches[1]!.dropped).toBeUndefined();
});

test('413 halves the batch until it fits; a single event still too large is dropped', async () => {
  vi.spyOn(console, 'warn').mockImplementation(() => {});
  const { c, t } = make([413, 413], { batchSize: 8 });
  for (let i = 0; i < 8; i++) t.track('E' + i);
  await t.flush();
  expect(c.requests.map((r) => JSON.parse(r.body).batch.length)).toEqual([8, 4, 2, 2, 2, 2]);
  expect(c.events()).toHaveLength(8);
});

test('batches respect batchSize and batchBytes', async () => {
  const { c, t } = make([], { batchSize: 10, batchBytes: 3000 });
  for (let i = 0; i < 25; i++) t.track('E', { pad: 'x'.repeat(400) });
  await t.flush();
  expect(c.events()).toHaveLength(25);
  for (const r of c.requests) {
    expect(JSON.parse(r.body).batch.length).toBeLessThanOrEqual(10);
    expect(r.body.length).toBeLessThanOrEqual(3000 + 1200);
  }
  expect(c.requests.length).toBeGreaterThan(3);
});

test('by default a batch is a CORS simple request: text/plain, writeKey and idempotencyKey in the body, no other header', async () => {
  const { c, t } = make([], { writeKey: 'wk' });
  t.track('A');
  await t.flush();
  expect(c.requests[0]!.headers).toEqual({ 'Content-Type': 'text/plain' });
  const body = JSON.parse(c.requests[0]!.body);
  expect(body.writeKey).toBe('wk');
  expect(body.idempotencyKey).toBe(batchKey([{ i: body.batch[0].messageId } as OutboxRecord]));
});

test('configured headers (an Authorization among them) are sent as given', async () => {
  const { c, t } = make([], { writeKey: 'wk', headers: { 'X-Shop': 's1', Authorization: 'Basic ' + btoa('wk:') } });
  t.track('A');
  await t.flush();
  expect(c.requests[0]!.headers).toEqual({ 'Content-Type': 'text/plain', 'X-Shop': 's1', Authorization: 'Basic ' + btoa('wk:') });
});

test('the default transport posts with no header but a plain-text Content-Type, to a relative endpoint resolved against the page', async () => {
  const calls: [string, RequestInit][] = [];
  vi.spyOn(globalThis, 'fetch').mockImplementation(async (url, init) => (calls.push([String(url), init!]), new Response('{}', { status: 200 })));
  const t = createTracker({ name: fresh(), endpoint: '/v1/batch', writeKey: 'wk', flushInterval: 5 });
  trackers.push(t);
  t.track('A');
  await t.flush();
  expect(calls).toHaveLength(1);
  expect(calls[0]![0]).toBe(new URL('/v1/batch', location.href).href);
  expect(calls[0]![1].headers).toEqual({ 'Content-Type': 'text/plain' });
  expect(JSON.parse(calls[0]![1].body as string).writeKey).toBe('wk');
});

test('while offline nothing is attempted; the online event sends at once', async () => {
  const online = vi.spyOn(navigator, 'onLine', 'get').mockReturnValue(false);
  const { c, t } = make([], { maxRetryDelay: 60000 });
  t.track('A');
  await t.flush();
  expect(c.requests).toHaveLength(0);
  online.mockReturnValue(true);
  window.dispatchEvent(new Event('online'));
  await until(() => c.events().length == 1);
});

test('a request that never answers times out as a network error: its signal is aborted and the batch retried', async () => {
  const requests: { signal?: AbortSignal; body: string }[] = [];
  let answered = 0;
  const transport = (req: { signal?: AbortSignal; body: string }) => {
    requests.push(req);
    // the first request hangs for ever; the retry is answered
    return requests.length == 1 ? new Promise<never>(() => {}) : (answered++, Promise.resolve({ status: 200 }));
  };
  const t = createTracker({ name: fresh(), transport, flushInterval: 5, maxRetryDelay: 20, timeout: 100 } as never);
  trackers.push(t);
  t.track('A');
  await until(() => answered == 1, 3000);
  expect(requests).toHaveLength(2);
  expect(requests[0]!.signal?.aborted).toBe(true);
  expect(requests[1]!.body).toBe(requests[1]!.body);
  expect(JSON.parse(requests[0]!.body).batch[0].messageId).toBe(JSON.parse(requests[1]!.body).batch[0].messageId);
});

test('a flush whose request hangs resolves after the timeout, so the send lock is released', async () => {
  const transport = () => new Promise<never>(() => {});
  const t = createTracker({ name: fresh(), transport, flushInterval: 60000, maxRetryDelay: 60000, timeout: 100 } as never);
  trackers.push(t);
  t.track('A');
  const start = Date.now();
  await t.flush();
  expect(Date.now() - start).toBeLessThan(2000);
});

test('400 or 422 on a batch bisects it until the refused message is alone: only it is dropped, named by messageId', async () => {
  const w = vi.spyOn(console, 'warn').mockImplementation(() => {});
  const requests: string[][] = [];
  const delivered: string[] = [];
  // the collector refuses any batch holding the event named "Bad"
  const transport = async (req: { body: string }) => {
    const batch = JSON.parse(req.body).batch as { event: string; messageId: string }[];
    requests.push(batch.map((m) => m.event));
    if (batch.some((m) => m.event == 'Bad')) return { status: requests.length % 2 ? 400 : 422 };
    delivered.push(...batch.map((m) => m.event));
    return { status: 200 };
  };
  const t = createTracker({ name: fresh(), transport, flushInterval: 60000, batchSize: 100 } as never);
  trackers.push(t);
  for (let i = 0; i < 100; i++) t.track(i == 37 ? 'Bad' : 'E' + i);
  await t.flush();
  await t.flush();
  expect(delivered).toHaveLength(99);
  expect(delivered).not.toContain('Bad');
  // bisection: about 2 log2(100) requests, not one per event
  expect(requests.length).toBeLessThan(20);
  const bad = requests.find((r) => r.length == 1 && r[0] == 'Bad');
  expect(bad).toBeDefined();
  const warning = w.mock.calls.map((c) => String(c[0])).find((s) => s.includes('HTTP 4'));
  expect(warning).toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-/);
  expect(w.mock.calls.filter((c) => String(c[0]).includes('HTTP 4'))).toHaveLength(1);
  // only the refused one is counted as dropped
  t.track('Next');
  await t.flush();
  expect(delivered.at(-1)).toBe('Next');
});

test('Retry-After is shared: another tracker of the origin, and a full batch, wait for it', async () => {
  const name = fresh();
  const sent: number[] = [];
  let first = true;
  const transport = async (req: { body: string }) => {
    sent.push(Date.now());
    if (first) return ((first = false), { status: 429, retryAfter: '1' });
    return { status: 200, body: req.body };
  };
  const a = createTracker({ name, transport, flushInterval: 5, batchSize: 5 } as never);
  trackers.push(a);
  a.track('A');
  await until(() => sent.length == 1);
  const refusedAt = sent[0]!;
  // another tab of the origin (the same outbox database), and a full batch in this one
  const b = createTracker({ name, transport, flushInterval: 5, batchSize: 5 } as never);
  trackers.push(b);
  for (let i = 0; i < 5; i++) b.track('B' + i), a.track('A' + i);
  await b.flush();
  await until(() => sent.length >= 2, 5000);
  expect(sent[1]! - refusedAt).toBeGreaterThanOrEqual(950);
});

test('without Web Locks, a tab going away releases its send lease at pagehide', async () => {
  const name = fresh();
  // tab A's request never answers, so A holds the lease while it waits
  const a = createTracker({ name, transport: () => new Promise<never>(() => {}), flushInterval: 5, timeout: 3000 } as never);
  trackers.push(a);
  a.track('A');
  await new Promise((r) => setTimeout(r, 100));
  window.dispatchEvent(new Event('pagehide'));
  await new Promise((r) => setTimeout(r, 50));
  const c = collector();
  const b = createTracker({ name, transport: c.transport, flushInterval: 60000 });
  trackers.push(b);
  b.track('B');
  await b.flush();
  expect(c.events().map((m) => m.event)).toContain('B');
});

// Each request costs the page about 2 ms of main thread whatever its size (bench/RESULTS.md):
// a burst goes in batches of 500 by default, the bytes still capped by batchBytes.
test('by default a burst of 1,000 events goes in two requests of 500, each within batchBytes', async () => {
  const sizes: number[] = [];
  const bytes: number[] = [];
  const transport = async (req: { body: string }) => {
    sizes.push(JSON.parse(req.body).batch.length);
    bytes.push(req.body.length);
    return { status: 200 };
  };
  const t = createTracker({ name: fresh(), transport, flushInterval: 60000 } as never);
  trackers.push(t);
  for (let i = 0; i < 1000; i++) t.track('E', { i });
  await until(() => sizes.reduce((a, b) => a + b, 0) >= 1000);
  expect(sizes).toEqual([500, 500]);
  // with larger events, the byte cap makes the batches smaller, not the requests larger
  const small = createTracker({ name: fresh(), transport, flushInterval: 60000, batchBytes: 20000 } as never);
  trackers.push(small);
  sizes.length = bytes.length = 0;
  for (let i = 0; i < 500; i++) small.track('E', { i, text: 'x'.repeat(100) });
  await until(() => sizes.reduce((a, b) => a + b, 0) >= 500);
  expect(Math.max(...bytes)).toBeLessThanOrEqual(20000);
  expect(sizes.length).toBeGreaterThan(2);
});
