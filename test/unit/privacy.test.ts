import { afterEach, expect, test, vi } from 'vitest';
import { createTracker } from '../../src/index.js';
import { maskPii, maskText } from '../../src/lib/maskPii.js';
import { scrubUrl, denyFor } from '../../src/lib/scrubUrl.js';
import { createOutbox } from '../../src/storage/outbox.js';
import { collector, fresh } from './helpers.js';
import { journey } from '../../src/journey/index.js';
import { dataLayer } from '../../src/capture/index.js';

const trackers: { shutdown(): Promise<void> }[] = [];
afterEach(async () => {
  await Promise.all(trackers.splice(0).map((t) => t.shutdown()));
  localStorage.clear();
});
const make = (extra: object) => {
  const c = collector();
  const name = fresh();
  const t = createTracker({ name, transport: c.transport, flushInterval: 5, ...extra });
  trackers.push(t);
  return { c, t, name };
};
const stored = async (name: string) => (await createOutbox(name, { maxEvents: 1e4, maxBytes: 1e7, maxAge: 1e10 }).read(100)).records;

test('consent pending: nothing stored or sent, by plugins either; granted: everything goes out, in order', async () => {
  const { c, t, name } = make({ consent: 'pending', plugins: [journey(), dataLayer()] });
  (window as unknown as { dataLayer: unknown[] }).dataLayer.push({
    event: 'add_to_cart',
    ecommerce: { currency: 'EUR', value: 20, items: [{ item_id: 'p1', price: 20, quantity: 1 }] },
  });
  t.page();
  t.track('A');
  t.identify('u1');
  t.track('B');
  await t.flush();
  await new Promise((r) => setTimeout(r, 30));
  expect(c.requests).toHaveLength(0);
  expect(await stored(name)).toHaveLength(0);
  expect(localStorage.length).toBe(0);
  t.consent('granted');
  await t.flush();
  expect(
    c
      .events()
      .map((m) => m.event ?? m.type)
      .filter((e) => e != 'Journey Stage Changed'),
  ).toEqual(['Product Added', 'page', 'A', 'identify', 'B']);
  expect(localStorage.getItem(name + ':id')).toContain('u1');
});

test('consent pending then denied: nothing sent, outbox and stored ids purged', async () => {
  const { c, t, name } = make({});
  t.track('Before');
  // a first visit with consent left an id and (say) an unsent event behind
  await new Promise((r) => setTimeout(r, 10));
  expect(localStorage.getItem(name + ':id')).not.toBeNull();
  t.consent('pending');
  t.track('Waiting');
  t.consent('denied');
  t.track('After');
  await t.flush();
  await new Promise((r) => setTimeout(r, 30));
  expect(c.events().map((m) => m.event)).not.toContain('Waiting');
  expect(c.events().map((m) => m.event)).not.toContain('After');
  expect(await stored(name)).toHaveLength(0);
  expect(localStorage.getItem(name + ':id')).toBeNull();
});

test('at most 1,000 events wait for consent; the oldest go first', async () => {
  const { c, t } = make({ consent: 'pending', batchSize: 500 });
  for (let i = 0; i < 1005; i++) t.track('E' + i);
  t.consent('granted');
  await t.flush();
  expect(c.events()).toHaveLength(1000);
  expect(c.events()[0]!.event).toBe('E5');
});

test('Global Privacy Control counts as a refusal when honorGpc is set', async () => {
  Object.defineProperty(navigator, 'globalPrivacyControl', { value: true, configurable: true });
  const { c, t } = make({ honorGpc: true });
  t.track('A');
  await t.flush();
  expect(c.requests).toHaveLength(0);
  const other = make({});
  other.t.track('B');
  await other.t.flush();
  expect(other.c.events()).toHaveLength(1);
  delete (navigator as { globalPrivacyControl?: boolean }).globalPrivacyControl;
});

test('a wrong consent value warns and changes nothing', async () => {
  const w = vi.spyOn(console, 'warn').mockImplementation(() => {});
  const { c, t } = make({});
  t.consent('yes' as never);
  t.track('A');
  await t.flush();
  expect(c.events()).toHaveLength(1);
  expect(String(w.mock.calls[0]![0])).toContain("consent(state): state must be 'granted'");
});

test('emails and Luhn-valid card numbers are masked in properties and URLs, not in ids or traits', async () => {
  history.replaceState(null, '', '/u/jo@example.com?q=1');
  const { c, t } = make({});
  t.identify('jo@example.com', { email: 'jo@example.com' });
  t.track('Signup', { contact: 'Mail me: jo@example.com', card: '4111 1111 1111 1111', order: '4111111111111112', nested: { e: 'a.b@c.io' } });
  await t.flush();
  const [i, s] = c.events();
  expect(i!.traits).toEqual({ email: 'jo@example.com' });
  expect(s!.userId).toBe('jo@example.com');
  expect(s!.properties).toEqual({ contact: 'Mail me: [email]', card: '[card]', order: '4111111111111112', nested: { e: '[email]' } });
  expect(s!.context.page.path).toBe('/u/[email]');
  history.replaceState(null, '', '/');
});

test('allowPii keeps such values', async () => {
  const { c, t } = make({ allowPii: true });
  t.track('Signup', { contact: 'jo@example.com' });
  await t.flush();
  expect(c.events()[0]!.properties).toEqual({ contact: 'jo@example.com' });
});

test('maskPii leaves JSON valid and numbers alone', () => {
  const json = JSON.stringify({ n: 4111111111111111, s: 'x@y.zz', product_id: '4006381333931', sku: '4006381333931', orderId: '4111111111111111' });
  expect(JSON.parse(maskPii(json))).toEqual({ n: 4111111111111111, s: '[email]', product_id: '4006381333931', sku: '4006381333931', orderId: '4111111111111111' });
  expect(maskText('no data here 12345')).toBe('no data here 12345');
});

test('URL scrubbing removes denied query and hash parameters, case-insensitively', () => {
  const deny = denyFor(undefined);
  expect(scrubUrl('https://s.example/p?Email=a&q=shoe#access_token=t&x=1', deny)).toBe('https://s.example/p?q=shoe#x=1');
  expect(scrubUrl('https://s.example/p?ref=a', denyFor(['REF']))).toBe('https://s.example/p');
  expect(scrubUrl('not a url', deny)).toBe('');
});
