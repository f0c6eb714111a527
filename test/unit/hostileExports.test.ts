// Every exported function of every entry point (not only the tracker's methods) against
// hostile arguments: nothing throws into the page, a bad argument gets a warning naming the
// field and the fix, and what the function returns keeps working.
import { afterEach, describe, expect, test, vi } from 'vitest';
import fc from 'fast-check';
import * as core from '../../src/index.js';
import * as captureEntry from '../../src/capture/index.js';
import * as journeyEntry from '../../src/journey/index.js';
import * as vitalsEntry from '../../src/vitals/index.js';
import * as debugEntry from '../../src/journey/debugPanel.js';
import { boot } from '../../src/script/boot.js';
import { createTracker } from '../../src/index.js';
import { collector, fresh, until } from './helpers.js';
import { circular, revoked, revokedList, throwing, throwingList } from './hostileValues.js';

// Each factory's option fields, so the fuzz reaches past the options object into its fields.
const FIELDS = [
  'abandonAfter',
  'hash',
  'captureRules',
  'platform',
  'checkoutSteps',
  'orderPage',
  'cartPage',
  'rules',
  'stages',
  'rulesUrl',
  'orderEvents',
  'enabled',
  'debug',
  'max',
];

// fast-check inspects the values it generates (a revoked Proxy throws there), so each hostile
// value is made inside the property, from a box that names it.
type Box = { make(): unknown; toString(): string };
const box = (name: string, make: () => unknown): Box => ({ make, toString: () => name });
const hostile: fc.Arbitrary<Box> = fc.oneof(
  fc
    .anything({ withBigInt: true, withBoxedValues: true, withMap: true, withSet: true, withNullPrototype: true, withTypedArray: true, withSparseArray: true, withDate: true })
    .map((v) => box(fc.stringify(v), () => v)),
  fc.constantFrom(
    box('undefined', () => undefined),
    box('null', () => null),
    box('a cycle', circular),
    box('a throwing getter', () => ({
      get boom() {
        throw new Error('getter');
      },
    })),
    box('a throwing toJSON', () => ({
      toJSON() {
        throw new Error('toJSON');
      },
    })),
    box('a function', () => () => 1),
    box('a Symbol', () => Symbol('s')),
    box('a BigInt', () => 10n ** 30n),
    box('100,000 characters', () => 'x'.repeat(100000)),
    box('NaN', () => NaN),
    box('a throwing Proxy', throwing),
    box('a revoked Proxy', revoked),
    box('a throwing list Proxy', throwingList),
    box('a revoked list Proxy', revokedList),
  ),
);
// An options object whose known fields hold hostile values (and sometimes throw on read).
const hostileOptions: fc.Arbitrary<Box> = fc.oneof(
  hostile,
  fc.dictionary(fc.constantFrom(...FIELDS), hostile, { maxKeys: 4 }).map((d) =>
    box(
      '{ ' +
        Object.entries(d)
          .map(([k, v]) => k + ': ' + v)
          .join(', ') +
        ' }',
      () => Object.fromEntries(Object.entries(d).map(([k, v]) => [k, v.make()])),
    ),
  ),
  fc.constantFrom(...FIELDS).map((k) =>
    box('a throwing getter ' + k, () => ({
      get [k]() {
        throw new Error('getter ' + k);
      },
    })),
  ),
);

const entries: Record<string, Record<string, unknown>> = {
  waymark: core,
  'waymark/capture': captureEntry,
  'waymark/journey': journeyEntry,
  'waymark/vitals': vitalsEntry,
  'waymark/debug': debugEntry,
};
const functions = Object.entries(entries).flatMap(([entry, ns]) =>
  Object.entries(ns)
    .filter(([, f]) => typeof f == 'function')
    .map(([name, f]) => [entry + ' ' + name, f as (...a: unknown[]) => unknown] as const),
);

const quiet = () => {
  const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
  const error = vi.spyOn(console, 'error').mockImplementation(() => {});
  const info = vi.spyOn(console, 'info').mockImplementation(() => {});
  const said = () => [...warn.mock.calls, ...error.mock.calls].map((c) => String(c[0]));
  return { warn, error, info, said };
};

const w = window as unknown as { waymark?: any; waymarkConfig?: unknown };
afterEach(async () => {
  if (w.waymark?.version) await new Promise<void>((r) => w.waymark((t: { shutdown(): Promise<void> }) => t.shutdown().then(r)));
  delete w.waymark;
  delete w.waymarkConfig;
});

test('the fuzz reaches every exported function of every entry point', () => {
  const names = functions.map(([n]) => n);
  for (const n of [
    'waymark createTracker',
    'waymark/capture abandonment',
    'waymark/capture capture',
    'waymark/capture pageViews',
    'waymark/capture selectors',
    'waymark/capture checkout',
    'waymark/journey journey',
    'waymark/journey explain',
    'waymark/journey validateRules',
    'waymark/journey readRuleSet',
    'waymark/journey touchpoint',
    'waymark/vitals webVitals',
    'waymark/debug debugPanel',
  ])
    expect(names).toContain(n);
});

describe.each(functions)('%s', (_, fn) => {
  test('survives any arguments, throwing and revoked Proxies included', async () => {
    quiet();
    await fc.assert(
      fc.asyncProperty(fc.array(hostileOptions, { maxLength: 4 }), async (boxes) => {
        const args = boxes.map((b) => b.make());
        let out: unknown;
        expect(() => (out = fn(...args))).not.toThrow();
        // a plugin factory's plugin installs and tears down without throwing either
        if (fn.name != 'createTracker' && typeof (out as { setup?: unknown })?.setup == 'function') {
          const t = createTracker({ endpoint: 'https://c.example/v1/batch', name: fresh(), storage: 'memory', transport: async () => ({ status: 200 }), plugins: [out as never] });
          t.track('x');
          await t.shutdown();
        }
        // the tracker's shutdown, when createTracker made one
        if (typeof (out as { shutdown?: unknown })?.shutdown == 'function') await (out as { shutdown(): Promise<void> }).shutdown();
      }),
      { numRuns: Number(process.env.FUZZ_RUNS || 150) },
    );
  });
});

describe('the script-tag global', () => {
  test('waymark() and waymark.push() survive any arguments, hostile throws included', async () => {
    quiet();
    const c = collector();
    w.waymarkConfig = { endpoint: 'https://c.example/v1/batch', transport: c.transport, name: fresh(), storage: 'memory', flushInterval: 5, capture: 'none', journey: false };
    boot({}, async () => ({}));
    const symbolThrower = new Proxy([], {
      get() {
        throw Symbol('thrown');
      },
    });
    fc.assert(
      fc.property(
        fc.array(fc.oneof(hostile, fc.constantFrom(...['track', 'page', 'identify', 'use', 'consent', 'nope'].map((m) => box(m, () => m)))), { maxLength: 4 }),
        (boxes) => {
          const args = boxes.map((b) => b.make());
          expect(() => w.waymark(...args)).not.toThrow();
          expect(() => w.waymark.push(args[0])).not.toThrow();
        },
      ),
      { numRuns: 300 },
    );
    expect(() => w.waymark.push(symbolThrower)).not.toThrow();
    expect(() => w.waymark(symbolThrower)).not.toThrow();
    w.waymark('consent', 'granted');
    w.waymark('track', 'After The Fuzz');
    await until(() => c.events().some((m) => m.event == 'After The Fuzz'));
  });
});
