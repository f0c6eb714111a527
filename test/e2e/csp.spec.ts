import { test, expect, until } from './fixtures.js';

type Msg = { type: string; event?: string; properties?: Record<string, unknown>; context: { journey: { stage?: string } } };

test('under a strict CSP with Trusted Types, the IIFE and every plugin run without a single violation', async ({ page, collector }) => {
  const errors: string[] = [];
  const files: string[] = [];
  page.on('request', (r) => r.url().includes('/dist/') && files.push(new URL(r.url()).pathname));
  page.on('console', (m) => m.type() == 'error' && errors.push(m.text()));
  page.on('pageerror', (e) => errors.push(String(e)));
  // the browser asks for a favicon the test server does not have: not the SDK's error
  await page.route('**/favicon.ico', (r) => r.fulfill({ status: 204 }));
  const res = await page.goto(collector.origin + '/test/e2e/pages/csp.html');
  expect(res!.headers()['content-security-policy']).toBe("default-src 'self'; script-src 'self'; connect-src " + collector.origin + "; require-trusted-types-for 'script'");
  await page.waitForFunction(() => !!(window as any).wm);

  // a journey: product page (JSON-LD, dataLayer), add to cart twice (attributes, AJAX cart), SPA link to the cart
  await page.click('#add');
  await page.click('#shopify-add');
  await page.waitForFunction(() => (window as any).cartAnswer == 200);
  await page.click('#next');
  await page.waitForTimeout(300);
  await page.evaluate(() => (window as any).wm.flush());
  const events = () => collector.events() as unknown as Msg[];
  await until(() => events().filter((m) => m.type == 'page').length >= 2, 10000, 'two page views');
  await until(() => events().some((m) => m.event == 'Web Vital'), 10000, 'a web vital');

  const names = new Set(events().map((m) => m.event || m.type));
  for (const n of ['page', 'Product Viewed', 'Product Added', 'Web Vital']) expect(names, n).toContain(n);
  expect(
    events()
      .filter((m) => m.type == 'page')
      .map((m) => m.properties!.path),
  ).toEqual(['/test/e2e/pages/csp.html', '/test/e2e/pages/csp/cart']);
  // the journey plugin staged them, and its debug panel rendered
  expect(events().find((m) => m.event == 'Product Added')!.context.journey.stage).toBe('decision');
  await expect(page.locator('aside')).toContainText('Waymark journey');

  expect(await page.evaluate(() => (window as any).violations)).toEqual([]);
  expect(errors).toEqual([]);
  // the captures came by import() from the script's own origin, which script-src 'self' allows
  for (const n of ['attributes', 'jsonLd', 'dataLayer', 'shopify', 'friction', 'webVitals', 'debugPanel']) expect(files, n).toContain('/dist/script/' + n + '.js');
  expect(files.filter((f) => /woocommerce|selectors/.test(f))).toEqual([]);

  // the watcher does see a violation: a string assigned to innerHTML under Trusted Types
  await page.evaluate(() => {
    try {
      document.body.innerHTML = '<b>x</b>';
    } catch {
      // Trusted Types throw a TypeError, and report
    }
  });
  await until(async () => (await page.evaluate(() => (window as any).violations.length)) == 1, 5000, 'the control violation');
  expect(await page.evaluate(() => (window as any).violations[0])).toContain('require-trusted-types-for');
});
