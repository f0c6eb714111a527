import { afterEach, expect, test, vi } from 'vitest';
import { identity } from '../../src/core/identity.js';
import { createTracker } from '../../src/index.js';
import { collector, fresh } from './helpers.js';

afterEach(() => localStorage.clear());

test('the anonymous id and session persist across page loads', () => {
  const a = identity('k', 1800000, () => true).touch(Date.now(), '');
  const b = identity('k', 1800000, () => true).touch(Date.now() + 1000, '');
  expect(b.a).toBe(a.a);
  expect(b.s).toBe(a.s);
});

test('a session rolls after 30 minutes without activity, and counts visits', () => {
  const id = identity('k', 1800000, () => true);
  const t0 = Date.now();
  const first = { ...id.touch(t0, '') };
  expect(id.touch(t0 + 1799000, '').s).toBe(first.s);
  const next = id.touch(t0 + 1799000 + 1800001, '');
  expect(next.s).not.toBe(first.s);
  expect(next.n).toBe(first.n + 1);
  expect(next.a).toBe(first.a);
});

test('a new campaign starts a new session; the same campaign does not', () => {
  const id = identity('k', 1800000, () => true);
  const t = Date.now();
  const s0 = id.touch(t, '').s;
  const s1 = id.touch(t + 1, 'utm_source=a&').s;
  expect(s1).not.toBe(s0);
  expect(id.touch(t + 2, 'utm_source=a&').s).toBe(s1);
  expect(id.touch(t + 3, '').s).toBe(s1);
  expect(id.touch(t + 4, 'utm_source=b&').s).not.toBe(s1);
});

test('unusable localStorage keeps the visitor in memory without throwing', () => {
  vi.spyOn(Storage.prototype, 'getItem').mockImplementation(() => {
    throw new Error('denied');
  });
  vi.spyOn(Storage.prototype, 'setItem').mockImplementation(() => {
    throw new Error('denied');
  });
  const id = identity('k', 1800000, () => true);
  const v = id.touch(Date.now(), '');
  expect(v.a).toMatch(/^[0-9a-f-]{36}$/);
  expect(id.touch(Date.now(), '').a).toBe(v.a);
});

test('reset() starts a new anonymous visitor and forgets the user id', async () => {
  const c = collector();
  const t = createTracker({ name: fresh(), transport: c.transport });
  t.identify('u1');
  const before = t.anonymousId();
  t.reset();
  t.track('After');
  await t.flush();
  const m = c.events().at(-1)!;
  expect(m.userId).toBeNull();
  expect(m.anonymousId).not.toBe(before);
  await t.shutdown();
});
