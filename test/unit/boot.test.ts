import { afterEach, describe, expect, test, vi } from 'vitest';
import { boot } from '../../src/script/boot.js';
import type { Plugin } from '../../src/types.js';
import { collector, fresh, until } from './helpers.js';

const w = window as unknown as { waymark?: any; waymarkConfig?: unknown };
const stub = () => {
  w.waymark = function (...a: unknown[]) {
    (w.waymark.q = w.waymark.q || []).push(a);
  };
};
// a build without split files: a capture to load is none
const none = async () => ({});
const config = (c: ReturnType<typeof collector>, extra = {}) => ({
  endpoint: 'https://collect.example.com/v1/batch',
  transport: c.transport,
  name: fresh(),
  storage: 'memory',
  flushInterval: 10,
  capture: 'none',
  journey: false,
  ...extra,
});

afterEach(async () => {
  if (w.waymark?.version) await new Promise<void>((r) => w.waymark((t: { shutdown(): Promise<void> }) => t.shutdown().then(r)));
  delete w.waymark;
  delete w.waymarkConfig;
});

describe('boot: the script tag', () => {
  test('calls queued on the stub are replayed in order; later calls and push go straight through', async () => {
    const c = collector();
    stub();
    w.waymark('track', 'First', { i: 0 });
    w.waymark('identify', 'u-1');
    w.waymark('track', 'Second', { i: 1 });
    w.waymarkConfig = config(c);
    boot({}, none);
    expect(w.waymark.version).toMatch(/^\d+\.\d+\.\d+/);
    w.waymark('track', 'Third', { i: 2 });
    w.waymark.push(['track', 'Fourth', { i: 3 }]);
    await until(() => c.events().length >= 5);
    expect(c.events().map((m) => m.event ?? m.type)).toEqual(['First', 'identify', 'Second', 'Third', 'Fourth']);
    expect(c.events().map((m) => m.userId)).toEqual([null, 'u-1', 'u-1', 'u-1', 'u-1']);
  });

  test('a queue array works as well as the stub', async () => {
    const c = collector();
    w.waymark = [
      ['track', 'A'],
      ['track', 'B'],
    ];
    w.waymarkConfig = config(c);
    boot({}, none);
    await until(() => c.events().length >= 2);
    expect(c.events().map((m) => m.event)).toEqual(['A', 'B']);
  });

  test('a function argument gets the tracker; its errors stay inside', async () => {
    const c = collector();
    w.waymarkConfig = config(c);
    boot({}, none);
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    let id = '';
    w.waymark((t: { anonymousId(): string }) => (id = t.anonymousId()));
    expect(id).toMatch(/[0-9a-f-]{36}/);
    expect(() =>
      w.waymark(() => {
        throw new Error('host bug');
      }),
    ).not.toThrow();
    expect(() => w.waymark('explode', 1)).not.toThrow();
    const said = warn.mock.calls.flat().join('\n');
    expect(said).toContain('host bug');
    expect(said).toContain('waymark("explode"): unknown method');
  });

  test('data-capture installs only capture names it knows, with the config as options: its own now, the others loaded after', async () => {
    const c = collector();
    const made: string[] = [];
    const factory = (name: string) => (options: unknown) => (made.push(name), expect(options).toMatchObject({ abandonAfter: 5 }), { name } as Plugin);
    const createTracker = vi.fn();
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const chunk = vi.fn(async (n: string) => ({ [n]: factory(n) }));
    w.waymarkConfig = config(c, { capture: 'pageViews, jsonLd createTracker nope', abandonAfter: 5 });
    boot({ pageViews: factory('pageViews'), createTracker, capture: factory('capture') }, chunk);
    expect(made).toEqual(['pageViews']);
    // an explicit name is loaded whatever the page shows
    await until(() => made.length > 1);
    expect(made).toEqual(['pageViews', 'jsonLd']);
    expect(chunk.mock.calls.map((a) => a[0])).toEqual(['jsonLd']);
    expect(createTracker).not.toHaveBeenCalled();
    const said = warn.mock.calls.flat().join('\n');
    expect(said).toContain('no capture "createTracker"');
    expect(said).toContain('no capture "nope"');
  });

  test('without data-capture: page views, abandonment and the journey now; friction, Web Vitals and the debug panel after; a commerce capture once the page shows its source', async () => {
    const c = collector();
    const made: [string, unknown][] = [];
    const factory = (name: string) => (options: unknown) => (made.push([name, options]), { name } as Plugin);
    const cfg = config(c, { debug: true, journey: undefined, deadClick: false, rageClick: { clicks: 4 } });
    delete (cfg as { capture?: unknown }).capture;
    w.waymarkConfig = cfg;
    const own = ['pageViews', 'abandonment', 'journey', 'capture'];
    const chunk = vi.fn(async (n: string) => ({ [n]: factory(n) }));
    boot(Object.fromEntries(own.map((n) => [n, factory(n)])), chunk);
    expect(made.map((m) => m[0])).toEqual(['pageViews', 'abandonment', 'journey']);
    await until(() => made.length >= 6);
    // what has no condition at once, in list order; Web Vitals once the document has loaded
    expect(made.map((m) => m[0])).toEqual(['pageViews', 'abandonment', 'journey', 'friction', 'debugPanel', 'webVitals']);
    expect(made[3]![1]).toMatchObject({ deadClick: false, rageClick: { clicks: 4 } });
    expect(made[4]![1]).toMatchObject({ debug: true });
    // a single-page app's next page shows a dataLayer: looked for again after the page view
    (window as { dataLayer?: unknown[] }).dataLayer = [];
    try {
      w.waymark('page');
      await until(() => made.length >= 7);
      expect(made.map((m) => m[0]).slice(6)).toEqual(['dataLayer']);
      w.waymark('page');
      await new Promise((r) => setTimeout(r, 50));
      expect(chunk.mock.calls.map((a) => a[0])).toEqual(['friction', 'debugPanel', 'webVitals', 'dataLayer']);
    } finally {
      delete (window as { dataLayer?: unknown[] }).dataLayer;
    }
  });

  test('a capture that fails to load is a warning; tracking goes on with the others', async () => {
    const c = collector();
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const made: string[] = [];
    w.waymarkConfig = config(c, { capture: 'shopify,friction' });
    boot({}, async (n) => {
      if (n == 'shopify') throw new TypeError('Failed to fetch dynamically imported module');
      return { [n]: () => (made.push(n), { name: n }) };
    });
    await until(() => made.length > 0);
    expect(made).toEqual(['friction']);
    expect(warn.mock.calls.flat().join('\n')).toContain('the capture "shopify" could not be loaded (TypeError: Failed to fetch dynamically imported module)');
    w.waymark('track', 'Still here');
    await until(() => c.events().length > 0);
    expect(c.events()[0]!.event).toBe('Still here');
  });

  test('loaded twice: the second copy warns and leaves the first in place', () => {
    const c = collector();
    w.waymarkConfig = config(c);
    boot({}, none);
    const first = w.waymark;
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    boot({}, none);
    expect(w.waymark).toBe(first);
    expect(warn.mock.calls.flat().join('\n')).toContain('loaded twice');
  });

  test('no config and no queue: nothing happens (the build is then a plain library)', () => {
    boot({}, none);
    expect(w.waymark).toBeUndefined();
  });

  test('a queue without config: a warning saying what to add, and the queue left alone', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    stub();
    w.waymark('track', 'X');
    boot({}, none);
    expect(w.waymark.q).toHaveLength(1);
    expect(warn.mock.calls.flat().join('\n')).toContain('add data-endpoint');
  });
});
