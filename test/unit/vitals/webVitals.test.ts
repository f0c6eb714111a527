import { afterEach, beforeEach, expect, test, vi } from 'vitest';
import type { MetricType } from 'web-vitals';
import { createTracker } from '../../../src/index.js';
import { webVitals } from '../../../src/vitals/index.js';
import type { PluginAPI } from '../../../src/types.js';
import { collector, fresh } from '../helpers.js';

// web-vitals needs a real browser (the end-to-end test has one); here each on* function
// hands its callback and options to the test, which reports metrics as web-vitals does.
const reporters = vi.hoisted(() => new Map<string, { cb: (m: unknown) => void; opts: unknown }>());
const broken = vi.hoisted(() => new Set<string>());
vi.mock('web-vitals', () => {
  const on = (name: string) => (cb: (m: unknown) => void, opts: unknown) => {
    if (broken.has(name)) throw new TypeError(name + ' is not supported');
    reporters.set(name, { cb, opts });
  };
  return { onCLS: on('CLS'), onFCP: on('FCP'), onINP: on('INP'), onLCP: on('LCP'), onTTFB: on('TTFB') };
});

const metric = (name: MetricType['name'], value: number, rating: MetricType['rating'], id = 'v6-' + name, navigationType = 'navigate') =>
  ({ name, value, rating, delta: value, id, navigationType, entries: [], navigationId: 1 }) as unknown as MetricType;
const report = (m: MetricType) => reporters.get(m.name)!.cb(m);

let visibility: DocumentVisibilityState = 'visible';
const hide = () => {
  visibility = 'hidden';
  document.dispatchEvent(new Event('visibilitychange', { bubbles: true }));
};
const show = () => {
  visibility = 'visible';
  document.dispatchEvent(new Event('visibilitychange', { bubbles: true }));
};

const alone = () => {
  const track = vi.fn();
  const api: PluginAPI = { track, page: vi.fn(), config: { endpoint: 'http://127.0.0.1/x' }, name: 'w', consent: () => 'granted' };
  const off = webVitals().setup!(api) as () => void;
  const sent = () => track.mock.calls.map((c) => [c[1].name, c[1].value]);
  return { track, off, sent };
};

beforeEach(() => {
  reporters.clear();
  broken.clear();
  visibility = 'visible';
  vi.spyOn(document, 'visibilityState', 'get').mockImplementation(() => visibility);
});
afterEach(() => localStorage.clear());

test('observes all five metrics; LCP, CLS and INP with every change', () => {
  alone().off();
  expect([...reporters.keys()].sort()).toEqual(['CLS', 'FCP', 'INP', 'LCP', 'TTFB']);
  for (const n of ['LCP', 'CLS', 'INP']) expect(reporters.get(n)!.opts).toEqual({ reportAllChanges: true });
  for (const n of ['FCP', 'TTFB']) expect(reporters.get(n)!.opts).toBeUndefined();
});

test('each metric reaches the collector as one "Web Vital" event, rounded, with its rating', async () => {
  const c = collector();
  const t = createTracker({ name: fresh(), flushInterval: 10, transport: c.transport, plugins: [webVitals()] });
  report(metric('TTFB', 212.39999, 'good'));
  report(metric('FCP', 1900.7, 'needs-improvement'));
  report(metric('LCP', 4500.2, 'poor'));
  report(metric('CLS', 0.123456, 'needs-improvement'));
  report(metric('INP', 536, 'poor'));
  hide();
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

test("web-vitals' id travels with its numbers in base 36, so PII masking never takes it for a card number", async () => {
  const c = collector();
  const t = createTracker({ name: fresh(), flushInterval: 10, transport: c.transport, plugins: [webVitals()] });
  // 1795407866080 passes Luhn's check, as about one web-vitals id number in ten does
  report(metric('FCP', 300, 'good', 'v6-1795407866080-4278242941533'));
  await t.flush();
  await t.shutdown();
  expect(c.events()[0]!.properties!.id).toBe('v6-mwsrhjog-1ilebdwt9');
});

test('FCP and TTFB go at once; LCP, CLS and INP wait for the page to be hidden, with their last value', () => {
  const { off, sent } = alone();
  report(metric('TTFB', 80, 'good'));
  report(metric('FCP', 300, 'good'));
  report(metric('LCP', 300, 'good'));
  report(metric('LCP', 2700, 'needs-improvement'));
  report(metric('CLS', 0.02, 'good'));
  report(metric('CLS', 0.3, 'poor'));
  expect(sent()).toEqual([
    ['TTFB', 80],
    ['FCP', 300],
  ]);
  show(); // becoming visible is no reason to send
  expect(sent()).toHaveLength(2);
  hide();
  off();
  expect(sent()).toEqual([
    ['TTFB', 80],
    ['FCP', 300],
    ['LCP', 2700],
    ['CLS', 0.3],
  ]);
});

test('pagehide sends LCP and CLS (on unload it comes before the page is hidden); INP goes at the hiding after it', () => {
  const { off, sent } = alone();
  report(metric('LCP', 2100, 'good'));
  report(metric('CLS', 0.1, 'good'));
  report(metric('INP', 312, 'needs-improvement'));
  dispatchEvent(new Event('pagehide'));
  expect(sent()).toEqual([
    ['LCP', 2100],
    ['CLS', 0.1],
  ]);
  hide();
  off();
  expect(sent()).toEqual([
    ['LCP', 2100],
    ['CLS', 0.1],
    ['INP', 312],
  ]);
});

// web-vitals takes in the interactions it has not processed yet in a visibilitychange
// listener it adds with each of them (lib/whenIdleOrHidden.js), after the plugin's.
for (const unload of [false, true])
  test(`INP waits for web-vitals' own listeners at the hiding${unload ? ' that follows pagehide' : ''}: the slow last interaction counts`, () => {
    const { off, sent } = alone();
    report(metric('INP', 16, 'good'));
    const late = () => report(metric('INP', 600, 'poor'));
    addEventListener('visibilitychange', late, { once: true, capture: true });
    if (unload) dispatchEvent(new Event('pagehide'));
    hide();
    off();
    expect(sent()).toEqual([['INP', 600]]);
  });

test('a report that comes while the page is hidden or left is final and goes at once', () => {
  const { off, sent } = alone();
  hide();
  // web-vitals handles a pending interaction in a listener that runs after the plugin's
  report(metric('INP', 608, 'poor'));
  show();
  dispatchEvent(new Event('pagehide'));
  report(metric('CLS', 0.2, 'needs-improvement'));
  off();
  expect(sent()).toEqual([
    ['INP', 608],
    ['CLS', 0.2],
  ]);
});

test('after a restore from the back/forward cache, new metrics wait for the next hiding again', () => {
  const { off, sent } = alone();
  dispatchEvent(new Event('pagehide'));
  dispatchEvent(Object.assign(new Event('pageshow'), { persisted: true }));
  report(metric('LCP', 40, 'good', 'restored', 'back-forward-cache'));
  expect(sent()).toEqual([]);
  hide();
  off();
  expect(sent()).toEqual([['LCP', 40]]);
});

test('a metric is sent once: later changes and later hidings send nothing more', () => {
  const { off, sent } = alone();
  report(metric('CLS', 0.05, 'good'));
  report(metric('INP', 120, 'good'));
  dispatchEvent(new Event('pagehide'));
  hide();
  report(metric('CLS', 0.3, 'poor'));
  report(metric('INP', 640, 'poor'));
  show();
  hide();
  report(metric('FCP', 300, 'good'));
  report(metric('FCP', 300, 'good'));
  off();
  expect(sent()).toEqual([
    ['CLS', 0.05],
    ['INP', 120],
    ['FCP', 300],
  ]);
});

test('a page restored from the back/forward cache gets its own metrics (new ids)', () => {
  const { track, off } = alone();
  report(metric('LCP', 1200, 'good', 'a'));
  hide();
  show();
  report(metric('LCP', 30, 'good', 'b', 'back-forward-cache'));
  hide();
  off();
  expect(track.mock.calls.map((c) => [c[1].id, c[1].navigationType])).toEqual([
    ['a', 'navigate'],
    ['b', 'back-forward-cache'],
  ]);
});

test('teardown removes the listeners and silences web-vitals', () => {
  const { track, off } = alone();
  report(metric('LCP', 1200, 'good'));
  off();
  hide();
  dispatchEvent(new Event('pagehide'));
  report(metric('FCP', 200, 'good'));
  expect(track).not.toHaveBeenCalled();
});

test('a failing track() warns and never throws into web-vitals or the page', () => {
  const w = vi.spyOn(console, 'warn').mockImplementation(() => {});
  const track = vi.fn(() => {
    throw new Error('full');
  });
  const off = webVitals().setup!({ track, page() {}, config: { endpoint: 'x' }, name: 'w', consent: () => 'granted' }) as () => void;
  expect(() => report(metric('FCP', 1, 'good'))).not.toThrow();
  off();
  expect(w).toHaveBeenCalledWith('[waymark] webVitals: sending FCP failed: Error: full');
});

test('a metric the browser cannot measure is skipped with a warning; the others still work', () => {
  const w = vi.spyOn(console, 'warn').mockImplementation(() => {});
  broken.add('INP');
  const { track, off } = alone();
  report(metric('FCP', 900, 'good'));
  off();
  expect(reporters.has('INP')).toBe(false);
  expect(w).toHaveBeenCalledWith('[waymark] webVitals: this browser cannot measure a metric: TypeError: INP is not supported');
  expect(track).toHaveBeenCalledTimes(1);
});
