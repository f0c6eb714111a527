import { afterAll, expect, test, vi } from 'vitest';
import fc from 'fast-check';
import { createTracker } from '../../src/index.js';
import type { Batch, Message, TransportRequest } from '../../src/types.js';
import { fresh } from './helpers.js';

// Values pages really pass by mistake, on top of fast-check's `anything`.
const circular = () => {
  const o: Record<string, unknown> = { a: 1 };
  o.o = o;
  return o;
};
const hostile = fc.oneof(
  fc.anything({
    withBigInt: true,
    withBoxedValues: true,
    withMap: true,
    withSet: true,
    withNullPrototype: true,
    withTypedArray: true,
    withSparseArray: true,
    withDate: true,
    withObjectString: true,
  }),
  fc.constantFrom<unknown>(
    circular(),
    {
      get boom() {
        throw new Error('getter');
      },
    },
    {
      toJSON() {
        throw new Error('toJSON');
      },
    },
    new Proxy(
      {},
      {
        ownKeys() {
          throw new Error('proxy');
        },
        get() {
          throw new Error('proxy');
        },
      },
    ),
    JSON.parse('{"__proto__": {"polluted": true}, "constructor": {"prototype": {"polluted": true}}}'),
    () => 1,
    Symbol('s'),
    10n ** 30n,
    'x'.repeat(100000),
    Array.from({ length: 20000 }, (_, i) => i),
    NaN,
    -0,
  ),
);

const ISO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;
/** The payload schema every collector may rely on. */
const checkBatch = (body: string) => {
  const b = JSON.parse(body) as Batch;
  expect(Array.isArray(b.batch)).toBe(true);
  expect(b.sentAt).toMatch(ISO);
  for (const m of b.batch as Message[]) {
    expect(['track', 'page', 'identify', 'group', 'alias']).toContain(m.type);
    expect(m.messageId).toMatch(/^[0-9a-f-]{36}$/);
    expect(typeof m.anonymousId).toBe('string');
    expect(m.userId === null || typeof m.userId == 'string').toBe(true);
    expect(m.timestamp).toMatch(ISO);
    expect(typeof m.context.page.url).toBe('string');
    if (m.type == 'track') expect(typeof m.event).toBe('string');
    expect(m.properties === undefined || (typeof m.properties == 'object' && !Array.isArray(m.properties))).toBe(true);
  }
};

const sent: string[] = [];
const transport = async (r: TransportRequest) => {
  sent.push(r.body);
  return { status: 200 };
};

afterAll(() => {
  // nothing leaked into Object.prototype
  expect(({} as Record<string, unknown>).polluted).toBeUndefined();
});

test('every public call survives thousands of hostile arguments, and every batch sent is valid', async () => {
  const { warn, error } = console;
  // plain no-ops: a spy recording thousands of calls would dominate the run time
  console.warn = console.error = () => {};
  const t = createTracker({ name: fresh(), transport, flushInterval: 1 });
  const methods = ['track', 'page', 'identify', 'group', 'alias', 'use', 'consent', 'reset', 'anonymousId'] as const;
  await fc.assert(
    // the third argument: per-call options (timestamp, context, anonymousId) for track, page, identify
    fc.asyncProperty(fc.constantFrom(...methods), hostile, hostile, hostile, async (method, a, b, c) => {
      expect(() => (t[method] as (...x: unknown[]) => unknown)(a, b, c)).not.toThrow();
      // let the write task run, as it would on a page: a throw there is the page's error too
      // (vitest fails the run on any uncaught error)
      await new Promise((r) => setTimeout(r, 0));
    }),
    { numRuns: Number(process.env.FUZZ_RUNS || 2000) },
  );
  t.consent('granted');
  t.track('Final', { ok: true });
  await t.flush();
  expect(sent.length).toBeGreaterThan(0);
  for (const body of sent) checkBatch(body);
  expect(sent.some((b) => b.includes('"Final"'))).toBe(true);
  await t.shutdown();
  // after shutdown too
  for (const m of methods) expect(() => (t[m] as (...x: unknown[]) => unknown)(circular())).not.toThrow();
  await expect(t.flush()).resolves.toBeUndefined();
  Object.assign(console, { warn, error });
}, 120000);

test('createTracker survives any config and returns a working or inert tracker', async () => {
  vi.spyOn(console, 'warn').mockImplementation(() => {});
  vi.spyOn(console, 'error').mockImplementation(() => {});
  await fc.assert(
    fc.asyncProperty(hostile, hostile, async (config, extra) => {
      let cfg = config;
      try {
        if (config && typeof config == 'object') cfg = { ...(config as object), name: fresh(), batchSize: extra };
      } catch {
        // a Proxy that throws on spread is passed as it is
      }
      let t!: ReturnType<typeof createTracker>;
      expect(() => (t = createTracker(cfg as never))).not.toThrow();
      expect(() => t.track('x', extra as never)).not.toThrow();
      await expect(t.shutdown()).resolves.toBeUndefined();
    }),
    { numRuns: 300 },
  );
});

test('a transport that throws, hangs or answers garbage never surfaces an error', async () => {
  vi.spyOn(console, 'warn').mockImplementation(() => {});
  const answers: (() => Promise<unknown>)[] = [
    async () => {
      throw new TypeError('Failed to fetch');
    },
    async () => ({ status: 'nope' }),
    async () => null,
    async () => ({ status: 200, retryAfter: {} }),
  ];
  for (const answer of answers) {
    const t = createTracker({ name: fresh(), transport: answer as never, flushInterval: 1, maxRetryDelay: 5 });
    t.track('x');
    await expect(t.flush()).resolves.toBeUndefined();
    await t.shutdown();
  }
});
