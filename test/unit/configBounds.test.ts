// Configs are bounded: a list over its documented limit is refused with one warning (the
// default is used), and rule validation reports at most 10 problems. The time bound itself
// (no task over 50 ms with 1,000,000 entries) is asserted in real Chromium: test/e2e/bounds.spec.ts.
import { describe, expect, test, vi } from 'vitest';
import { createTracker } from '../../src/index.js';
import { checkout, selectors } from '../../src/capture/index.js';
import { DEFAULT_STAGES, journey, readRuleSet, validateRules } from '../../src/journey/index.js';
import { readConfig } from '../../src/script/readConfig.js';
import { MAX_LIST, MAX_NAME, MAX_PATTERN, MAX_RULES, MAX_STAGES, MAX_STRING, MAX_TEXT } from '../../src/lib/limits.js';
import { collector, fresh, until } from './helpers.js';

const HUGE = 1_000_000;
const huge = <T>(x: T): T[] => new Array(HUGE).fill(x);

const said = () => {
  const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
  const error = vi.spyOn(console, 'error').mockImplementation(() => {});
  return () => [...warn.mock.calls, ...error.mock.calls].map((c) => String(c[0]));
};

const run = async (plugins: unknown[], extra: Record<string, unknown> = {}) => {
  const c = collector();
  const t = createTracker({
    endpoint: 'https://c.example/v1/batch',
    name: fresh(),
    storage: 'memory',
    transport: c.transport,
    flushInterval: 5,
    plugins: plugins as never,
    ...extra,
  });
  t.track('Cart Viewed');
  await t.flush();
  await until(() => c.events().some((m) => m.event == 'Cart Viewed'));
  await t.shutdown();
  return c.events().find((m) => m.event == 'Cart Viewed')!;
};

test('the limits are the documented ones', () => {
  expect([MAX_RULES, MAX_STAGES, MAX_LIST, MAX_TEXT, MAX_NAME, MAX_STRING, MAX_PATTERN]).toEqual([500, 50, 100, 250000, 200, 32000, 1000]);
});

describe('journey()', () => {
  test('1,000,000 rules are refused with one error; the default rules are used', async () => {
    const lines = said();
    const m = await run([journey({ rules: huge({ stage: 'nope' }) as never })]);
    const mine = lines().filter((l) => l.includes('rules'));
    expect(mine).toEqual(['[waymark] journey options: rules are a list of 1000000 rules, over the limit of 500; the default rules are used.']);
    expect(m.context.journey).toMatchObject({ stage: 'decision', rule: 'cart' });
  });

  test('1,000,000 stages, or order events, are refused with one warning each', async () => {
    const lines = said();
    const m = await run([journey({ stages: huge('x'), orderEvents: huge('Order Completed') })]);
    expect(lines().filter((l) => /stages|orderEvents/.test(l))).toHaveLength(2);
    expect(lines().join()).toContain('orderEvents has 1000000 entries, over the limit of 100');
    expect(m.context.journey.stage).toBe('decision');
  });

  test('a rules text over 250,000 characters is not parsed', () => {
    said();
    expect(readRuleSet('[' + '{"stage":"decision"},'.repeat(20000) + '{"stage":"decision"}]')).toMatch(/over the limit of 250000 characters/);
  });

  test('a stages text over 250,000 characters is not parsed either: it is no stage list', () => {
    const parse = vi.spyOn(JSON, 'parse');
    const stages = JSON.stringify(['a', ...new Array(MAX_TEXT).fill('b').map((b, i) => b + i)]);
    expect(readRuleSet([], stages)).toBe('wrong: stages must be a list of distinct names');
    expect(parse).not.toHaveBeenCalled();
  });

  test('a rule with 1,000,000 patterns is skipped, naming the field', () => {
    const lines = said();
    expect(validateRules([{ stage: 'decision', event: huge('X') }, { stage: 'decision' }], DEFAULT_STAGES)).toEqual([{ stage: 'decision' }]);
    expect(lines()).toEqual(['[waymark] journey rule 0: event has 1000000 entries, over the limit of 100; the rule is skipped.']);
  });
});

describe('validateRules()', () => {
  test('over 500 rules: refused with one error, nothing kept', () => {
    const lines = said();
    expect(validateRules(huge({ stage: 'decision' }), DEFAULT_STAGES)).toEqual([]);
    expect(lines()).toEqual(['[waymark] journey rules has 1000000 entries, over the limit of 500; none is used.']);
  });

  test('reports the first 10 problems, then how many more', () => {
    const lines = said();
    const rules = [{ stage: 'decision' }, ...Array.from({ length: 30 }, () => ({ stage: 'nope' }))];
    expect(validateRules(rules, DEFAULT_STAGES)).toEqual([{ stage: 'decision' }]);
    const out = lines();
    expect(out).toHaveLength(11);
    expect(out.slice(0, 10).every((l) => /journey rule \d+: stage must be one of/.test(l))).toBe(true);
    expect(out[10]).toBe('[waymark] journey rules: 20 more invalid rules were skipped.');
  });

  test('1,000,000 stages are refused', () => {
    const lines = said();
    expect(validateRules([{ stage: 'x' }], huge('x'))).toEqual([]);
    expect(lines().join()).toContain('over the limit of 50');
  });
});

describe('capture', () => {
  test('selectors({ captureRules }) with 1,000,000 rules: one warning, nothing captured, tracking goes on', async () => {
    const lines = said();
    await run([selectors({ captureRules: huge({ event: 'X', selector: 'body' }) })]);
    expect(lines().filter((l) => l.includes('captureRules'))).toEqual(['[waymark] selectors(): captureRules has 1000000 entries, over the limit of 500; nothing is captured.']);
  });

  test('checkout({ checkoutSteps }) with 1,000,000 steps and a 1,000,000-character pattern: one warning each, the presets stay', async () => {
    const lines = said();
    await run([checkout({ checkoutSteps: huge([1, 'a', '/a']) as never, orderPage: 'x'.repeat(HUGE) })]);
    expect(lines().filter((l) => l.includes('checkoutSteps'))).toEqual([
      '[waymark] checkout(): checkoutSteps has 1000000 entries, over the limit of 100; only the platform presets are used.',
    ]);
    expect(lines().filter((l) => l.includes('orderPage'))).toEqual(['[waymark] checkout(): orderPage is over the limit of 1000 characters; it was skipped.']);
  });
});

describe('createTracker()', () => {
  test('scrubParams, plugins and headers over their limits: one warning each, the defaults are used', async () => {
    const lines = said();
    const headers: Record<string, string> = {};
    for (let i = 0; i < 10000; i++) headers['x-h' + i] = '1';
    const c = collector();
    const t = createTracker({
      endpoint: 'https://c.example/v1/batch',
      name: fresh(),
      storage: 'memory',
      transport: c.transport,
      flushInterval: 5,
      scrubParams: huge('q'),
      plugins: huge({ name: 'p' }) as never,
      headers,
    });
    t.track('Still');
    await t.flush();
    await until(() => c.events().length > 0);
    await t.shutdown();
    const out = lines();
    expect(out.filter((l) => l.includes('config.scrubParams'))).toEqual(['[waymark] config.scrubParams has 1000000 entries, over the limit of 100; the default list is used.']);
    expect(out.filter((l) => l.includes('config.plugins'))).toEqual(['[waymark] config.plugins has 1000000 entries, over the limit of 100; none is installed.']);
    expect(out.filter((l) => l.includes('config.headers'))).toEqual(['[waymark] config.headers has over 100 entries; none is sent.']);
    expect(c.requests[0]!.headers).not.toHaveProperty('x-h0');
  });
});

describe('the script tag', () => {
  test('a data- attribute of JSON over 250,000 characters is not parsed', () => {
    const lines = said();
    const s = document.createElement('script');
    s.setAttribute('data-endpoint', 'https://c.example/v1/batch');
    s.setAttribute('data-capture-rules', '[' + '{"event":"X","selector":"b"},'.repeat(10000) + '{}]');
    s.setAttribute('data-rules', '[' + '{"stage":"decision"},'.repeat(20000) + '{}]');
    const cfg = readConfig(s, undefined)!;
    expect(cfg.captureRules).toBeUndefined();
    expect(lines()).toEqual(['[waymark] data-capture-rules is over the limit of 250000 characters; it was ignored.']);
    // rules are read, and refused, by the journey plugin (with its own message)
    expect(typeof cfg.rules).toBe('string');
  });
});
