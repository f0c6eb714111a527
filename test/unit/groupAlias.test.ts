// group() and alias(): Segment's two calls for accounts and for merging identities, with its
// message shapes ({ type: 'group', groupId, traits }, { type: 'alias', userId, previousId }),
// the per-call options, and a warning (never a throw) for a bad id.
import { afterEach, expect, test, vi } from 'vitest';
import { createTracker } from '../../src/index.js';
import { boot } from '../../src/script/boot.js';
import { collector, fresh } from './helpers.js';

const trackers: { shutdown(): Promise<void> }[] = [];
const make = () => {
  const col = collector();
  const t = createTracker({ endpoint: 'http://127.0.0.1/x', name: fresh(), storage: 'memory', transport: col.transport });
  trackers.push(t);
  return { t, c: col };
};
afterEach(async () => {
  vi.restoreAllMocks();
  await Promise.all(trackers.splice(0).map((t) => t.shutdown()));
  localStorage.clear();
});

test('group(): a group message with its id and traits, in call order, on the visitor and session', async () => {
  const { t, c } = make();
  t.track('Before');
  t.group('acme-gmbh', { name: 'ACME GmbH', plan: 'b2b', employees: 40 });
  t.track('After');
  await t.flush();
  const [before, g, after] = c.events();
  expect([before!.event, g!.type, after!.event]).toEqual(['Before', 'group', 'After']);
  expect(g).toMatchObject({ type: 'group', groupId: 'acme-gmbh', traits: { name: 'ACME GmbH', plan: 'b2b', employees: 40 }, anonymousId: t.anonymousId() });
  expect(g!.context.journey.sessionId).toBe(before!.context.journey.sessionId);
  expect(g!.messageId).not.toBe(before!.messageId);
  // only a group carries a groupId
  expect('groupId' in before!).toBe(false);
});

test('group(): traits are masked like properties (an e-mail is not sent)', async () => {
  const { t, c } = make();
  t.group('acme-gmbh', { billing: 'jane.doe@acme.example' });
  await t.flush();
  expect(JSON.stringify(c.events()[0])).not.toContain('jane.doe@acme.example');
});

test('alias(): the new id and the one it replaces: the user id, else the anonymous id, else the one given', async () => {
  const { t, c } = make();
  t.alias('customer-42');
  t.identify('guest-7');
  t.alias('customer-43');
  t.alias('customer-44', 'crm-9');
  await t.flush();
  const aliases = c.events().filter((m) => m.type == 'alias');
  expect(aliases.map((m) => [m.userId, m.previousId])).toEqual([
    ['customer-42', t.anonymousId()],
    ['customer-43', 'guest-7'],
    ['customer-44', 'crm-9'],
  ]);
  // alias() does not change who this tracker says it is
  t.track('Next');
  await t.flush();
  expect(c.events().at(-1)).toMatchObject({ event: 'Next', userId: 'guest-7' });
});

test('group() and alias() take the per-call options', async () => {
  const { t, c } = make();
  t.group('acme', {}, { timestamp: new Date('2026-11-23T10:00:00Z'), context: { app: { name: 'crm-sync' } } });
  t.alias('customer-1', undefined, { anonymousId: 'imported-visitor' });
  await t.flush();
  const [g, a] = c.events();
  expect(g!.timestamp).toBe('2026-11-23T10:00:00.000Z');
  expect(g!.context.app).toEqual({ name: 'crm-sync' });
  expect(a!.anonymousId).toBe('imported-visitor');
});

test('bad ids and traits: a warning naming the field, the tracker keeps working', async () => {
  const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
  const { t, c } = make();
  const loose = t as unknown as Record<'group' | 'alias', (...a: unknown[]) => void>;
  for (const bad of [undefined, '', 42, {}, 'x'.repeat(257)]) loose.group(bad), loose.alias(bad);
  loose.alias('customer-1', 42);
  loose.group('acme', 'not traits');
  t.track('Still');
  await t.flush();
  const said = warn.mock.calls.map((a) => a.join(' ')).join('\n');
  expect(said).toContain('group(groupId): groupId must be a string');
  expect(said).toContain('alias(userId): userId must be a string');
  expect(said).toContain('previousId must be a string');
  expect(said).toContain('group(): properties must be a plain object');
  // a bad id drops the call; traits that are no object are left out, as a track()'s properties
  expect(c.events().map((m) => m.event ?? m.type)).toEqual(['group', 'Still']);
  expect(c.events()[0]).toMatchObject({ groupId: 'acme', traits: {} });
});

test('the script tag global: waymark("group", ...) and waymark("alias", ...), queued before load too', async () => {
  const col = collector();
  const w = window as unknown as { waymark?: any; waymarkConfig?: unknown };
  w.waymark = function (...a: unknown[]) {
    (w.waymark.q = w.waymark.q || []).push(a);
  };
  w.waymark('group', 'acme-gmbh', { plan: 'b2b' });
  w.waymarkConfig = { endpoint: 'https://collect.example.com/v1/batch', transport: col.transport, name: fresh(), storage: 'memory', capture: 'none', journey: false };
  boot({}, async () => ({}));
  w.waymark('alias', 'customer-42');
  const tracker = await new Promise<{ flush(): Promise<void>; shutdown(): Promise<void> }>((r) => w.waymark(r));
  await tracker.flush();
  expect(col.events().map((m) => [m.type, m.groupId ?? m.userId])).toEqual([
    ['group', 'acme-gmbh'],
    ['alias', 'customer-42'],
  ]);
  await tracker.shutdown();
  delete w.waymark;
  delete w.waymarkConfig;
});
