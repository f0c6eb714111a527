import { afterEach, beforeEach, expect, test, vi } from 'vitest';
import type { MetricType } from 'web-vitals';
import { createTracker } from '../../../src/index.js';
import { webVitals } from '../../../src/vitals/index.js';
import type { PluginAPI } from '../../../src/types.js';
import { collector, fresh } from '../helpers.js';

// web-vitals needs a real browser (the end-to-end test has one); here each on* function
// hands its callback to the test, which reports metrics the way web-vitals does.
const reporters = vi.hoisted(() => new Map<string, (m: unknown) => void>());
const broken = vi.hoisted(() => new Set<string>());
vi.mock('web-vitals', () => {
  const on = (name: string) => (cb: (m: unknown) => void) => {
    if (broken.has(name)) throw new TypeError(name + ' is not supported');
    reporters.set(name, cb);
  };
  return { onCLS: on('CLS'), onFCP: on('FCP'), onINP: on('INP'), onLCP: on('LCP'), onTTFB: on('TTFB') };
});

const metric = (name: MetricType['name'], value: number, rating: MetricType['rating'], id = 'v6-' + name, navigationType = 'navigate') =>
  ({ name, value, rating, delta: value, id, navigationType, entries: [], navigationId: 1 }) as unknown as MetricType;
const report = (m: MetricType) => reporters.get(m.name)!(m);

const alone = () => {
  const track = vi.fn();
  const api: PluginAPI = { track, page: vi.fn(), config: { endpoint: 'http://127.0.0.1/x' }, name: 'w' };
  const off = webVitals().setup!(api) as () => void;
  return { track, off };
};

beforeEach(() => (reporters.clear(), broken.clear()));
afterEach(() => localStorage.clear());

test('observes all five metrics', () => {
  alone().off();
  expect([...reporters.keys()].sort()).toEqual(['CLS', 'FCP', 'INP', 'LCP', 'TTFB']);
});

test('each metric reaches the collector as one "Web Vital" event, rounded, with its rating', async () => {
  const c = collector();
  const t = createTracker({ name: fresh(), flushInterval: 10, transport: c.transport, plugins: [webVitals()] });
  report(metric('TTFB', 212.39999, 'good'));
  report(metric('FCP', 1900.7, 'needs-improvement'));
  report(metric('LCP', 4500.2, 'poor'));
  report(metric('CLS', 0.123456, 'needs-improvement'));
  report(metric('INP', 536, 'poor'));
  await t.flush();
  await t.shutdown();
  expect(c.events().map((m) => [m.type, m.event, m.properties])).toEqual([
    ['track', 'Web Vital', { name: 'TTFB', value: 212, rating: 'good', id: 'v6-TTFB', navigationType: 'navigate' }],
    ['track', 'Web Vital', { name: 'FCP', value: 1901, rating: 'needs-improvement', id: 'v6-FCP', navigationType: 'navigate' }],
    ['track', 'Web Vital', { name: 'LCP', value: 4500, rating: 'poor', id: 'v6-LCP', navigationType: 'navigate' }],
    ['track', 'Web Vital', { name: 'CLS', value: 0.1235, rating: 'needs-improvement', id: 'v6-CLS', navigationType: 'navigate' }],
    ['track', 'Web Vital', { name: 'INP', value: 536, rating: 'poor', id: 'v6-INP', navigationType: 'navigate' }],
  ]);
});

test('a metric reported again with the same id (page hidden twice) is sent once', () => {
  const { track, off } = alone();
  report(metric('CLS', 0.05, 'good'));
  report(metric('CLS', 0.3, 'poor'));
  report(metric('INP', 120, 'good'));
  report(metric('INP', 640, 'poor'));
  off();
  expect(track.mock.calls.map((c) => [c[1].name, c[1].value])).toEqual([
    ['CLS', 0.05],
    ['INP', 120],
  ]);
});

test('a page restored from the back/forward cache gets its own metrics (new ids)', () => {
  const { track, off } = alone();
  report(metric('LCP', 1200, 'good', 'a'));
  report(metric('LCP', 30, 'good', 'b', 'back-forward-cache'));
  off();
  expect(track.mock.calls.map((c) => [c[1].id, c[1].navigationType])).toEqual([
    ['a', 'navigate'],
    ['b', 'back-forward-cache'],
  ]);
});

test('nothing is sent after teardown', () => {
  const { track, off } = alone();
  off();
  report(metric('LCP', 1200, 'good'));
  report(metric('CLS', 0.01, 'good'));
  expect(track).not.toHaveBeenCalled();
});

test('a failing track() warns and never throws into web-vitals or the page', () => {
  const w = vi.spyOn(console, 'warn').mockImplementation(() => {});
  const track = vi.fn(() => {
    throw new Error('full');
  });
  const off = webVitals().setup!({ track, page() {}, config: { endpoint: 'x' }, name: 'w' }) as () => void;
  expect(() => report(metric('LCP', 1, 'good'))).not.toThrow();
  off();
  expect(w).toHaveBeenCalledWith('[waymark] webVitals: sending LCP failed: Error: full');
});

test('a metric the browser cannot measure is skipped with a warning; the others still work', () => {
  const w = vi.spyOn(console, 'warn').mockImplementation(() => {});
  broken.add('INP');
  const { track, off } = alone();
  report(metric('LCP', 900, 'good'));
  off();
  expect(reporters.has('INP')).toBe(false);
  expect(w).toHaveBeenCalledWith('[waymark] webVitals: this browser cannot measure a metric: TypeError: INP is not supported');
  expect(track).toHaveBeenCalledTimes(1);
});
