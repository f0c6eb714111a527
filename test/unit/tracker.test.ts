import { afterEach, expect, test, vi } from 'vitest';
import { createTracker } from '../../src/index.js';
import { collector, fresh, until } from './helpers.js';
import { VERSION } from '../../src/version.js';
import pkg from '../../package.json' with { type: 'json' };

const trackers: { shutdown(): Promise<void> }[] = [];
const make = (c: Parameters<typeof createTracker>[0]) => {
  const t = createTracker({ name: fresh(), flushInterval: 10, ...c });
  trackers.push(t);
  return t;
};
afterEach(async () => {
  await Promise.all(trackers.splice(0).map((t) => t.shutdown()));
  localStorage.clear();
});

test('a track call reaches the collector in the Segment batch shape', async () => {
  const c = collector();
  const t = make({ transport: c.transport });
  t.track('Product Added', { product_id: 'p1', price: 20 });
  await t.flush();
  expect(c.batches).toHaveLength(1);
  const b = c.batches[0]!;
  expect(typeof b.sentAt).toBe('string');
  const m = b.batch[0]!;
  expect(m).toMatchObject({ type: 'track', event: 'Product Added', properties: { product_id: 'p1', price: 20 }, userId: null });
  expect(m.messageId).toMatch(/^[0-9a-f-]{36}$/);
  expect(m.anonymousId).toMatch(/^[0-9a-f-]{36}$/);
  expect(new Date(m.timestamp).toISOString()).toBe(m.timestamp);
  expect(m.context.page.url).toBe(location.href);
  expect(m.context.library).toEqual({ name: 'waymark', version: VERSION });
  expect(m.context.journey.sessionId).toMatch(/^[0-9a-f-]{36}$/);
  expect(typeof m.context.userAgent).toBe('string');
  expect(typeof m.context.locale).toBe('string');
});

test('the library version equals package.json', () => {
  expect(VERSION).toBe(pkg.version);
});

test('every message gets its own messageId; the anonymousId is shared', async () => {
  const c = collector();
  const t = make({ transport: c.transport });
  for (let i = 0; i < 50; i++) t.track('E' + i);
  await t.flush();
  const ids = c.events().map((m) => m.messageId);
  expect(new Set(ids).size).toBe(50);
  expect(new Set(c.events().map((m) => m.anonymousId)).size).toBe(1);
  // order is kept
  expect(c.events().map((m) => m.event)).toEqual(Array.from({ length: 50 }, (_, i) => 'E' + i));
});

test('page() sends path, url, title, referrer and search; identify() sets the userId on later events', async () => {
  const c = collector();
  const t = make({ transport: c.transport });
  document.title = 'Shoes';
  t.page('Home', { section: 'x' });
  t.identify('user-7', { plan: 'gold' });
  t.track('After');
  await t.flush();
  const [p, i, a] = c.events();
  expect(p).toMatchObject({ type: 'page', name: 'Home', properties: { title: 'Shoes', section: 'x', path: location.pathname } });
  expect(i).toMatchObject({ type: 'identify', userId: 'user-7', traits: { plan: 'gold' } });
  expect(a!.userId).toBe('user-7');
});

test('campaign parameters land in context.campaign and secrets are scrubbed from URLs', async () => {
  history.replaceState(null, '', '/landing?utm_source=news&utm_medium=email&email=a%40b.c&token=x&q=shoes');
  const c = collector();
  const t = make({ transport: c.transport });
  t.track('X');
  await t.flush();
  const m = c.events()[0]!;
  expect(m.context.campaign).toEqual({ source: 'news', medium: 'email' });
  expect(m.context.page.url).not.toContain('email=');
  expect(m.context.page.url).not.toContain('token=');
  expect(m.context.page.url).toContain('q=shoes');
  history.replaceState(null, '', '/');
});

test('calls made right after createTracker, before storage opened, are kept in order', async () => {
  const c = collector();
  const t = make({ transport: c.transport });
  t.track('first');
  t.page();
  t.track('third');
  await t.flush();
  expect(c.events().map((m) => m.event ?? m.type)).toEqual(['first', 'page', 'third']);
});

test('a bad config prints one clear error and returns a tracker that does nothing', async () => {
  const err = vi.spyOn(console, 'error').mockImplementation(() => {});
  for (const bad of [undefined, {}, { endpoint: 'not a url' }, { endpoint: 'http://example.com/x' }, { endpoint: 42 }]) {
    const t = createTracker(bad as never);
    expect(() => t.track('x')).not.toThrow();
    await expect(t.flush()).resolves.toBeUndefined();
    await expect(t.shutdown()).resolves.toBeUndefined();
  }
  expect(err).toHaveBeenCalledTimes(5);
  expect(err.mock.calls[0]![0]).toContain('needs a config object');
  expect(err.mock.calls[1]![0]).toContain('config.endpoint must be an https URL');
  expect(err.mock.calls[1]![0]).toContain('got undefined');
  expect(err.mock.calls[3]![0]).toContain('got "http://example.com/x"');
  for (const [m] of err.mock.calls) expect(m).toContain('Tracking is off.');
});

test('https and local http endpoints are accepted', () => {
  const err = vi.spyOn(console, 'error').mockImplementation(() => {});
  make({ endpoint: 'https://collect.example.com/v1/batch' });
  make({ endpoint: 'http://127.0.0.1:9/x' });
  make({ endpoint: 'http://localhost:9/x' });
  expect(err).not.toHaveBeenCalled();
});

test('bad arguments warn with the field and the fix, and tracking goes on', async () => {
  const w = vi.spyOn(console, 'warn').mockImplementation(() => {});
  const c = collector();
  const t = make({ transport: c.transport });
  t.track('' as string);
  t.track(42 as never);
  t.track('ok', 'nope' as never);
  t.identify(5 as never);
  t.use(null as never);
  await t.flush();
  expect(c.events().map((m) => m.event)).toEqual(['ok']);
  expect(c.events()[0]!.properties).toEqual({});
  const said = w.mock.calls.map((x) => String(x[0])).join('\n');
  expect(said).toContain('track(event): event must be a non-empty string');
  expect(said).toContain('properties must be a plain object');
  expect(said).toContain('identify(userId): userId must be a string of 1 to 256');
  expect(said).toContain('use(plugin)');
});

test('circular, BigInt and throwing properties are cleaned, never thrown', async () => {
  vi.spyOn(console, 'warn').mockImplementation(() => {});
  const c = collector();
  const t = make({ transport: c.transport });
  const loop: Record<string, unknown> = { a: 1 };
  loop.self = loop;
  const bad = {
    ok: 1,
    get boom() {
      throw new Error('x');
    },
    big: 10n,
  };
  expect(() => t.track('Loop', loop)).not.toThrow();
  expect(() => t.track('Bad', bad as never)).not.toThrow();
  await t.flush();
  const [l, b] = c.events();
  // properties are copied one level deep at the call, so the loop shows one level later
  expect(l!.properties).toEqual({ a: 1, self: { a: 1, self: '[Circular]' } });
  expect(b!.properties).toEqual({ ok: 1, big: '10' });
});

test('page() with a throwing getter sends the page and the other properties; nothing throws later either', async () => {
  vi.spyOn(console, 'warn').mockImplementation(() => {});
  const errors: unknown[] = [];
  const onError = (e: ErrorEvent) => errors.push(e.error);
  window.addEventListener('error', onError);
  const c = collector();
  const t = make({ transport: c.transport });
  t.page('Shoes', {
    ok: 1,
    get boom() {
      throw new Error('x');
    },
  } as never);
  await t.flush();
  window.removeEventListener('error', onError);
  expect(errors).toEqual([]);
  expect(c.events()[0]).toMatchObject({ type: 'page', name: 'Shoes', properties: { ok: 1, path: location.pathname } });
});

test('an event over 32,000 bytes is dropped and counted in the next batch', async () => {
  const w = vi.spyOn(console, 'warn').mockImplementation(() => {});
  const c = collector();
  const t = make({ transport: c.transport });
  t.track('Huge', { blob: 'x'.repeat(40000) });
  t.track('Small');
  await t.flush();
  expect(c.events().map((m) => m.event)).toEqual(['Small']);
  expect(c.batches[0]!.dropped).toBe(1);
  // refused at the call, before it costs the page the building and masking of 40,000 characters
  expect(String(w.mock.calls[0]![0])).toContain('track("Huge") was dropped (and counted): properties.blob is over 32000 characters');
});

test('after shutdown() calls warn and do nothing; listeners are removed', async () => {
  const w = vi.spyOn(console, 'warn').mockImplementation(() => {});
  const added: string[] = [];
  const removed: string[] = [];
  const wa = vi.spyOn(window, 'addEventListener').mockImplementation(function (this: Window, type: string) {
    added.push(type);
  });
  const wr = vi.spyOn(window, 'removeEventListener').mockImplementation(function (this: Window, type: string) {
    removed.push(type);
  });
  const da = vi.spyOn(document, 'addEventListener').mockImplementation((type: string) => {
    added.push(type);
  });
  const dr = vi.spyOn(document, 'removeEventListener').mockImplementation((type: string) => {
    removed.push(type);
  });
  const c = collector();
  const t = createTracker({ name: fresh(), transport: c.transport });
  await t.shutdown();
  wa.mockRestore();
  wr.mockRestore();
  da.mockRestore();
  dr.mockRestore();
  expect(added.length).toBeGreaterThan(0);
  expect(removed.sort()).toEqual(added.sort());
  t.track('late');
  await t.flush();
  expect(c.events()).toHaveLength(0);
  expect(String(w.mock.calls.at(-1)![0])).toContain('after shutdown()');
});

test('plugins see and can change every message, and are torn down by shutdown()', async () => {
  const c = collector();
  let off = 0;
  const t = make({
    transport: c.transport,
    plugins: [
      {
        name: 'stage',
        setup: () => () => off++,
        enrich(m) {
          m.context.journey.stage = 'awareness';
          return m.event == 'secret' ? false : undefined;
        },
      },
    ],
  });
  t.track('a');
  t.track('secret');
  await t.flush();
  expect(c.events().map((m) => [m.event, m.context.journey.stage])).toEqual([['a', 'awareness']]);
  await t.shutdown();
  expect(off).toBe(1);
});

test('the outbox is written before anything is sent, and survives a new tracker', async () => {
  const name = fresh();
  const failing = collector([new Error('offline'), new Error('offline'), new Error('offline')]);
  const a = createTracker({ name, transport: failing.transport, flushInterval: 10, maxRetryDelay: 100000 });
  a.track('kept');
  await a.flush();
  expect(failing.events()).toHaveLength(0);
  await a.shutdown();
  const ok = collector();
  const b = createTracker({ name, transport: ok.transport });
  trackers.push(b);
  await until(() => ok.events().length == 1);
  expect(ok.events()[0]!.event).toBe('kept');
});

test('an event a plugin sends at setup is enriched by plugins listed after it', async () => {
  const c = collector();
  const t = make({
    transport: c.transport,
    plugins: [
      { name: 'first', setup: (api) => api.page() },
      { name: 'stager', enrich: (m) => void (m.context.journey.stage = 'awareness') },
    ],
  });
  await t.flush();
  expect(c.events()[0]).toMatchObject({ type: 'page', context: { journey: { stage: 'awareness' } } });
});

test("a page that reuses one properties object keeps each call's values", async () => {
  const c = collector();
  const t = make({ transport: c.transport });
  const p: Record<string, unknown> = {};
  for (let i = 0; i < 3; i++) (p.i = i), t.track('Step', p);
  p.i = 99;
  await t.flush();
  expect(c.events().map((m) => m.properties!.i)).toEqual([0, 1, 2]);
});

test('messages are built after the calls, with what held when each call was made', async () => {
  const c = collector();
  const t = make({ transport: c.transport });
  const start = location.href;
  // One task: a track, an SPA navigation, identify, another track, reset, a last track.
  t.track('Before');
  history.pushState({}, '', '/cart?step=1');
  t.identify('user-9');
  t.track('After');
  const firstId = t.anonymousId();
  t.reset();
  t.track('Reset');
  await t.flush();
  history.pushState({}, '', start);
  const [before, who, after, reset] = c.events();
  expect(before).toMatchObject({ event: 'Before', userId: null, anonymousId: firstId });
  expect(before!.context.page.url).toBe(start);
  expect(who).toMatchObject({ type: 'identify', userId: 'user-9' });
  expect(after).toMatchObject({ event: 'After', userId: 'user-9', anonymousId: firstId });
  expect(after!.context.page.path).toBe('/cart');
  expect(reset).toMatchObject({ event: 'Reset', userId: null });
  expect(reset!.anonymousId).not.toBe(firstId);
  // each message keeps the time of its call
  for (const m of c.events()) expect(Date.parse(m.timestamp)).toBeLessThanOrEqual(Date.now());
});

test('a burst keeps each call’s own timestamp', async () => {
  const c = collector();
  const at = Date.now() - 1000;
  vi.useFakeTimers({ toFake: ['Date'] });
  try {
    const t = make({ transport: c.transport });
    vi.setSystemTime(at);
    t.track('A');
    t.track('B');
    vi.setSystemTime(at + 7);
    t.track('C');
    vi.useRealTimers();
    await t.flush();
  } finally {
    vi.useRealTimers();
  }
  const iso = (ms: number) => new Date(ms).toISOString();
  expect(c.events().map((m) => m.timestamp)).toEqual([iso(at), iso(at), iso(at + 7)]);
});
