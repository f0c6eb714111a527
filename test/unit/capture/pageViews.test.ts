import { afterEach, beforeEach, expect, test, vi } from 'vitest';
import { createTracker } from '../../../src/index.js';
import { pageViews, type PageViewsOptions } from '../../../src/capture/pageViews.js';
import type { Message, PluginAPI, TrackerConfig } from '../../../src/types.js';
import { collector, fresh } from '../helpers.js';

// Moves the URL the way a browser's back button does: without going through the
// (patched) history methods.
const { pushState: nativePush, replaceState: nativeReplace } = History.prototype;
const go = (url: string) => nativeReplace.call(history, null, '', url);
const tick = () => new Promise((r) => setTimeout(r, 5));

const trackers: { shutdown(): Promise<void> }[] = [];
const start = (options?: PageViewsOptions, extra: Partial<TrackerConfig> = {}) => {
  const c = collector();
  const t = createTracker({ name: fresh(), flushInterval: 10, transport: c.transport, plugins: [pageViews(options)], ...extra });
  trackers.push(t);
  const views = async () => {
    await tick();
    await t.flush();
    return c.events().filter((m) => m.type == 'page') as (Message & { properties: Record<string, unknown> })[];
  };
  return { t, views };
};

/** The plugin alone, against a fake API that records its page() calls. */
const alone = (options?: PageViewsOptions) => {
  const page = vi.fn();
  const api: PluginAPI = { track: vi.fn(), page, config: { endpoint: 'http://127.0.0.1/x' }, name: 'w', consent: () => 'granted' };
  const off = pageViews(options).setup!(api) as () => void;
  return { page, off };
};

beforeEach(() => {
  go('/');
  document.title = 'Home';
});
afterEach(async () => {
  await Promise.all(trackers.splice(0).map((t) => t.shutdown()));
  localStorage.clear();
  expect(history.pushState).toBe(nativePush);
  expect(history.replaceState).toBe(nativeReplace);
});

test('the first page gets one view with path, url, title and referrer', async () => {
  go('/shoes?color=red');
  document.title = 'Shoes';
  const { views } = start();
  const v = await views();
  expect(v).toHaveLength(1);
  expect(v[0]!.properties).toEqual({ path: '/shoes', url: location.origin + '/shoes?color=red', title: 'Shoes', referrer: '', search: '?color=red' });
});

test('pushState gives one view, with the title the app set after the URL and the previous URL as referrer', async () => {
  go('/list?token=secret&page=2');
  const { views } = start();
  history.pushState({}, '', '/p/1?utm_source=news&utm_medium=email&email=a%40b.c');
  // an SPA renders the new screen, and sets its title, after changing the URL
  document.title = 'Product 1';
  const v = await views();
  expect(v).toHaveLength(2);
  expect(v[1]!.properties).toEqual({
    path: '/p/1',
    url: location.origin + '/p/1?utm_source=news&utm_medium=email',
    search: '?utm_source=news&utm_medium=email',
    title: 'Product 1',
    referrer: location.origin + '/list?page=2',
  });
  expect(v[1]!.context.campaign).toEqual({ source: 'news', medium: 'email' });
  expect(v[1]!.context.page.title).toBe('Product 1');
});

test('the referrer is scrubbed with the tracker’s own scrubParams', async () => {
  go('/a?ref=x&q=1');
  const { views } = start(undefined, { scrubParams: ['Q'] });
  history.pushState(null, '', '/b');
  const v = await views();
  expect(v.map((m) => m.properties.referrer)).toEqual(['', location.origin + '/a?ref=x']);
});

test('replaceState to a new URL is a navigation; to the same URL it is not', async () => {
  const { views } = start();
  history.replaceState({ scroll: 1 }, '');
  history.replaceState({ scroll: 2 }, '', location.href);
  await tick();
  history.replaceState(null, '', '/c?sort=price');
  const v = await views();
  expect(v.map((m) => m.properties.url)).toEqual([location.origin + '/', location.origin + '/c?sort=price']);
  expect(v[1]!.properties.referrer).toBe(location.origin + '/');
});

test('a pushState followed by a redirecting replaceState in the same task is one view, of the final URL', async () => {
  const { views } = start();
  history.pushState(null, '', '/old');
  history.replaceState(null, '', '/new');
  const v = await views();
  expect(v.map((m) => m.properties.path)).toEqual(['/', '/new']);
});

test('pushState of the URL already shown gives no view', async () => {
  go('/same');
  const { views } = start();
  history.pushState(null, '', '/same');
  await tick();
  history.pushState(null, '', location.href);
  expect(await views()).toHaveLength(1);
});

test('back and forward (popstate) give one view each', async () => {
  const { views } = start();
  history.pushState(null, '', '/two');
  await tick();
  go('/');
  dispatchEvent(new PopStateEvent('popstate'));
  await tick();
  go('/two');
  dispatchEvent(new PopStateEvent('popstate'));
  // a second popstate for the same entry (some browsers send one on load) changes nothing
  dispatchEvent(new PopStateEvent('popstate'));
  const v = await views();
  expect(v.map((m) => [m.properties.path, m.properties.referrer])).toEqual([
    ['/', ''],
    ['/two', location.origin + '/'],
    ['/', location.origin + '/two'],
    ['/two', location.origin + '/'],
  ]);
});

test('hash routes are navigations, in-page anchors are not (default)', async () => {
  const { views } = start();
  go('/#reviews');
  dispatchEvent(new HashChangeEvent('hashchange'));
  await tick();
  go('/#/cart');
  dispatchEvent(new HashChangeEvent('hashchange'));
  await tick();
  go('/#!/checkout');
  dispatchEvent(new HashChangeEvent('hashchange'));
  const v = await views();
  expect(v.map((m) => m.properties.url)).toEqual([location.origin + '/', location.origin + '/#/cart', location.origin + '/#!/checkout']);
});

test("hash: 'all' counts every hash change; hash: 'none' ignores the hash", async () => {
  const all = alone({ hash: 'all' });
  go('/#reviews');
  dispatchEvent(new HashChangeEvent('hashchange'));
  await tick();
  all.off();
  const none = alone({ hash: 'none' });
  go('/#/cart');
  dispatchEvent(new HashChangeEvent('hashchange'));
  await tick();
  none.off();
  expect(all.page).toHaveBeenCalledTimes(2);
  expect(all.page.mock.calls[1]).toEqual([undefined, { referrer: location.origin + '/' }]);
  expect(none.page).toHaveBeenCalledTimes(1);
});

test('a restore from the back/forward cache is a new view of the same URL; a normal pageshow is not', async () => {
  const { page, off } = alone();
  dispatchEvent(Object.assign(new Event('pageshow'), { persisted: false }));
  dispatchEvent(Object.assign(new Event('pageshow'), { persisted: true }));
  await tick();
  off();
  expect(page.mock.calls).toEqual([
    [undefined, undefined],
    [undefined, undefined],
  ]);
});

test('teardown restores history, removes every listener and cancels a pending view', async () => {
  const { page, off } = alone();
  expect(history.pushState).not.toBe(nativePush);
  history.pushState(null, '', '/pending');
  off();
  expect(history.pushState).toBe(nativePush);
  expect(history.replaceState).toBe(nativeReplace);
  go('/later');
  dispatchEvent(new PopStateEvent('popstate'));
  dispatchEvent(new HashChangeEvent('hashchange'));
  dispatchEvent(Object.assign(new Event('pageshow'), { persisted: true }));
  await tick();
  expect(page).toHaveBeenCalledTimes(1);
});

test('a script that patched history on top keeps its patch after teardown; ours goes quiet', async () => {
  const { page, off } = alone();
  const seen: string[] = [];
  const ours = history.pushState;
  history.pushState = function (this: History, ...a: Parameters<History['pushState']>) {
    seen.push(String(a[2]));
    return ours.apply(this, a);
  };
  const theirs = history.pushState;
  off();
  expect(history.pushState).toBe(theirs);
  expect(history.replaceState).toBe(nativeReplace);
  history.pushState(null, '', '/after');
  await tick();
  expect(seen).toEqual(['/after']);
  expect(location.pathname).toBe('/after');
  expect(page).toHaveBeenCalledTimes(1);
  history.pushState = nativePush;
});

test("the app's history calls keep their result and their errors", async () => {
  const boom = new DOMException('cross-origin URL', 'SecurityError');
  const fake = vi.fn(function (this: History, _s: unknown, _t: string, url?: string | URL | null) {
    if (url == 'https://evil.example/') throw boom;
    return 'result' as unknown as void;
  });
  history.pushState = fake;
  const { page, off } = alone();
  expect(history.pushState({ a: 1 }, '', '/x')).toBe('result');
  expect(fake).toHaveBeenCalledWith({ a: 1 }, '', '/x');
  expect(fake.mock.contexts[0]).toBe(history);
  expect(() => history.pushState(null, '', 'https://evil.example/')).toThrow(boom);
  off();
  expect(history.pushState).toBe(fake);
  history.pushState = nativePush;
  expect(page).toHaveBeenCalledTimes(1);
});

test('a failing page() warns and never throws into the app', async () => {
  const w = vi.spyOn(console, 'warn').mockImplementation(() => {});
  const page = vi.fn(() => {
    throw new Error('nope');
  });
  const off = pageViews().setup!({ track() {}, page, config: { endpoint: 'x' }, name: 'w', consent: () => 'granted' }) as () => void;
  expect(() => history.pushState(null, '', '/y')).not.toThrow();
  await tick();
  off();
  expect(page).toHaveBeenCalledTimes(2);
  expect(w).toHaveBeenCalledWith('[waymark] pageViews: a page view failed: Error: nope');
});

test('a wrong hash option warns, naming the field and the values, and uses routes', async () => {
  const w = vi.spyOn(console, 'warn').mockImplementation(() => {});
  const { page, off } = alone({ hash: 'yes' as never });
  go('/#/cart');
  dispatchEvent(new HashChangeEvent('hashchange'));
  go('/#/cart#x');
  await tick();
  off();
  expect(w.mock.calls[0]![0]).toContain("pageViews({ hash }): hash must be 'routes', 'all' or 'none'");
  expect(page).toHaveBeenCalledTimes(2);
});

test('shutdown() of the tracker tears the plugin down', async () => {
  const { t, views } = start();
  await views();
  trackers.splice(trackers.indexOf(t), 1);
  await t.shutdown();
  expect(history.pushState).toBe(nativePush);
  expect(history.replaceState).toBe(nativeReplace);
});
