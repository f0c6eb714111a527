// One page view per URL, however page() and pageViews() are combined: an app that calls page()
// on its route changes and also installs pageViews() (or the script tag, which installs it)
// sends each view once.
import { afterEach, expect, test } from 'vitest';
import { createTracker } from '../../src/index.js';
import { pageViews } from '../../src/capture/pageViews.js';
import { collector, fresh } from './helpers.js';

const trackers: { shutdown(): Promise<void> }[] = [];
afterEach(async () => {
  await Promise.all(trackers.splice(0).map((t) => t.shutdown()));
  history.replaceState(null, '', '/');
});
const tick = () => new Promise((r) => setTimeout(r, 5));
const make = (plugins = [pageViews()]) => {
  const c = collector();
  const t = createTracker({ name: fresh(), transport: c.transport, plugins });
  trackers.push(t);
  const views = () =>
    c
      .events()
      .filter((m) => m.type == 'page')
      .map((m) => new URL(m.context.page.url).pathname);
  return { t, views };
};

test('page() twice on one URL is one view; a new URL is a new view', async () => {
  const { t, views } = make([]);
  t.page();
  t.page('Home');
  history.pushState(null, '', '/shoes');
  t.page();
  t.page();
  await t.flush();
  expect(views()).toEqual(['/', '/shoes']);
});

test("pageViews() and the app's own page() at every route change: each URL once", async () => {
  const { t, views } = make();
  // the app's own first view, as a framework's layout effect would send it
  t.page();
  await tick();
  for (const path of ['/shoes', '/shoes/trail', '/cart']) {
    history.pushState(null, '', path);
    // before pageViews' view (sent in the next task), and once more after it
    t.page();
    await tick();
    t.page();
  }
  // a URL seen before, but not the last one: a new view
  history.pushState(null, '', '/shoes/trail');
  t.page();
  await tick();
  await t.flush();
  expect(views()).toEqual(['/', '/shoes', '/shoes/trail', '/cart', '/shoes/trail']);
});

test('a restore from the back/forward cache is a new view of the same URL, sent once', async () => {
  const { t, views } = make();
  await tick();
  dispatchEvent(Object.assign(new Event('pageshow'), { persisted: true }));
  t.page();
  await tick();
  t.page();
  await t.flush();
  expect(views()).toEqual(['/', '/']);
});

test('every message carries context.timezone, the visitor IANA zone', async () => {
  const c = collector();
  const t = createTracker({ name: fresh(), transport: c.transport });
  trackers.push(t);
  t.track('X');
  await t.flush();
  expect(c.events()[0]!.context.timezone).toBe(Intl.DateTimeFormat().resolvedOptions().timeZone);
  expect(c.events()[0]!.context.timezone).toMatch(/\w/);
});
