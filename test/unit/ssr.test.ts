// @vitest-environment node
// Server rendering (Next.js, Nuxt, Remix): the package is imported and called in Node, with
// no window, document or IndexedDB. Every call is a silent no-op: nothing throws, nothing is
// printed but one console.info (in development), no timer keeps the process alive.
import { afterEach, expect, test, vi } from 'vitest';

afterEach(() => vi.restoreAllMocks());

test('no DOM here: this is the node environment', () => {
  expect(typeof window).toBe('undefined');
  expect(typeof document).toBe('undefined');
});

test('every entry imports and every call is a silent no-op on the server', async () => {
  const out = { info: vi.spyOn(console, 'info').mockImplementation(() => {}), warn: vi.spyOn(console, 'warn'), error: vi.spyOn(console, 'error'), log: vi.spyOn(console, 'log') };
  const timers = vi.spyOn(globalThis, 'setTimeout');
  const { createTracker } = await import('../../src/index.js');
  const capture = await import('../../src/capture/index.js');
  const { journey } = await import('../../src/journey/index.js');
  const { webVitals } = await import('../../src/vitals/index.js');
  const { debugPanel } = await import('../../src/journey/debugPanel.js');
  const plugins = [capture.capture(), capture.pageViews(), journey(), webVitals(), debugPanel()];
  for (let i = 0; i < 2; i++) {
    const t = createTracker({ endpoint: 'https://collect.example.com/v1/batch', plugins });
    t.page();
    t.track('Product Viewed', { product_id: 'p1' });
    t.identify('u1', { plan: 'pro' });
    t.use(capture.jsonLd());
    t.consent('granted');
    t.reset();
    expect(t.anonymousId()).toBe('');
    await expect(t.flush()).resolves.toBeUndefined();
    await expect(t.shutdown()).resolves.toBeUndefined();
  }
  // a relative endpoint, with nothing to resolve it against, is no error either
  createTracker({ endpoint: '/v1/batch' }).track('X');
  expect(out.warn).not.toHaveBeenCalled();
  expect(out.error).not.toHaveBeenCalled();
  expect(out.log).not.toHaveBeenCalled();
  expect(out.info).toHaveBeenCalledTimes(1);
  expect(String(out.info.mock.calls[0]![0])).toContain('server rendering');
  expect(timers).not.toHaveBeenCalled();
  // importing five entries on a loaded machine
}, 30_000);
