// Per-call options of track(), page() and identify(), with Segment analytics.js semantics:
// { timestamp, context (merged over the built context), anonymousId }, and context.active
// false for a non-interactive message, which leaves the session as it stands.
import { afterEach, expect, test, vi } from 'vitest';
import { createTracker } from '../../src/index.js';
import { journey } from '../../src/journey/index.js';
import { collector, fresh } from './helpers.js';

const trackers: { shutdown(): Promise<void> }[] = [];
const make = (c: Partial<Parameters<typeof createTracker>[0]> = {}) => {
  const col = collector();
  const t = createTracker({ endpoint: 'http://127.0.0.1/x', name: fresh(), storage: 'memory', transport: col.transport, ...c });
  trackers.push(t);
  return { t, c: col };
};
afterEach(async () => {
  vi.useRealTimers();
  await Promise.all(trackers.splice(0).map((t) => t.shutdown()));
  localStorage.clear();
  history.replaceState(null, '', '/');
});

test('options.timestamp sets the message time: a Date, an ISO string or milliseconds', async () => {
  const { t, c } = make();
  t.track('A', {}, { timestamp: new Date('2026-11-23T10:00:00Z') });
  t.page('P', {}, { timestamp: '2026-11-23T11:00:00.500+01:00' });
  t.identify('u1', {}, { timestamp: Date.UTC(2026, 10, 23, 12) });
  t.track('Now');
  await t.flush();
  expect(c.events().map((m) => m.timestamp)).toEqual(['2026-11-23T10:00:00.000Z', '2026-11-23T10:00:00.500Z', '2026-11-23T12:00:00.000Z', expect.any(String)]);
  expect(Math.abs(Date.parse(c.events()[3]!.timestamp) - Date.now())).toBeLessThan(5000);
});

test('options.context is merged over the built context at every depth, for that message only', async () => {
  const { t, c } = make();
  document.title = 'Shoes';
  t.track('A', { x: 1 }, { context: { page: { title: 'Shoes – sale' }, app: { name: 'kiosk', build: 7 }, locale: 'fr-CH' } });
  t.track('B');
  await t.flush();
  const [a, b] = c.events();
  expect(a!.context.page).toEqual({ ...b!.context.page, title: 'Shoes – sale' });
  expect(a!.context.app).toEqual({ name: 'kiosk', build: 7 });
  expect(a!.context.locale).toBe('fr-CH');
  expect(a!.context.journey.sessionId).toBe(b!.context.journey.sessionId);
  // the next message is built as before: the merge changed no shared object
  expect(b!.context.page.title).toBe('Shoes');
  expect(b!.context.app).toBeUndefined();
  expect(b!.context.locale).toBe(navigator.language);
});

test('options.anonymousId sends one message under another id; the visitor keeps their own', async () => {
  const { t, c } = make();
  const own = t.anonymousId();
  t.track('A', {}, { anonymousId: 'server-cookie-42' });
  t.track('B');
  await t.flush();
  expect(c.events().map((m) => m.anonymousId)).toEqual(['server-cookie-42', own]);
  expect(t.anonymousId()).toBe(own);
});

test('bad options warn naming the field and how to fix it; the call is sent without that option', async () => {
  const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
  const { t, c } = make();
  const before = Date.now();
  t.track('A', {}, { timestamp: 'yesterday' });
  t.track('B', {}, { timestamp: new Date(NaN), context: 'x' as never });
  t.page(undefined, {}, { anonymousId: '' });
  t.identify('u1', {}, 'x' as never);
  const hostile = Object.defineProperty({ timestamp: 0 }, 'context', {
    enumerable: true,
    get() {
      throw new Error('no');
    },
  });
  t.track('C', {}, hostile);
  await t.flush();
  const said = warn.mock.calls.map((x) => String(x[0]));
  expect(said).toContainEqual(expect.stringContaining('track("A"): options.timestamp must be a valid Date, ISO 8601 string or number of milliseconds'));
  expect(said).toContainEqual(expect.stringContaining('track("B"): options.context must be a plain object'));
  expect(said).toContainEqual(expect.stringContaining('page(): options.anonymousId must be a string of 1 to 256 characters'));
  expect(said).toContainEqual(expect.stringContaining('identify(): options must be a plain object'));
  // every call was sent, at the time of the call, under the visitor's id
  expect(c.events().map((m) => m.event || m.type)).toEqual(['A', 'B', 'page', 'identify', 'C']);
  for (const m of c.events().slice(0, 4)) {
    expect(Date.parse(m.timestamp)).toBeGreaterThanOrEqual(before);
    expect(m.anonymousId).toBe(t.anonymousId());
  }
  // the throwing getter lost only its own option
  expect(c.events()[4]!.timestamp).toBe('1970-01-01T00:00:00.000Z');
});

test('a non-interactive message (context.active false) neither rolls nor extends the session, and carries no campaign', async () => {
  vi.useFakeTimers({ toFake: ['Date'], now: Date.UTC(2026, 10, 23, 10) });
  history.replaceState(null, '', '/p/1?utm_source=google&utm_medium=cpc');
  const { t, c } = make({ plugins: [journey()] });
  t.track('Product Viewed');
  await t.flush();
  history.replaceState(null, '', '/p/2?utm_source=news&utm_medium=email');
  // 25 minutes later, a passive message; 31 minutes after the view, another one
  vi.setSystemTime(Date.UTC(2026, 10, 23, 10, 25));
  t.track('Price Shown', {}, { context: { active: false } });
  vi.setSystemTime(Date.UTC(2026, 10, 23, 10, 31));
  t.track('Stock Shown', {}, { context: { active: false } });
  await t.flush();
  // an active one 31 minutes after the last activity: a new session (the passive ones did not extend it)
  t.track('Product Viewed');
  await t.flush();
  const [view, price, stock, again] = c.events().filter((m) => m.event != 'Journey Stage Changed');
  expect(price!.context.journey.sessionId).toBe(view!.context.journey.sessionId);
  expect(stock!.context.journey.sessionId).toBe(view!.context.journey.sessionId);
  expect(again!.context.journey.sessionId).not.toBe(view!.context.journey.sessionId);
  expect(price!.context.active).toBe(false);
  // no touch: no campaign of the page, and the journey's channel and last touch are the visit's
  expect(price!.context.campaign).toBeUndefined();
  expect(stock!.context.journey.channel).toBe('paid search');
  expect(stock!.context.journey.lastTouch).toEqual(view!.context.journey.lastTouch);
  expect(again!.context.journey.channel).toBe('email');
});
