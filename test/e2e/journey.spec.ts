import { test, expect, until } from './fixtures.js';
import type { ConsoleMessage, Page } from '@playwright/test';

const open = async (page: Page, url: string) => {
  await page.goto(url);
  await page.waitForFunction(() => !!(window as any).wm);
};
// Console errors, but not the browser's own line about a missing favicon.
const errorsOf = (page: Page) => {
  const errors: string[] = [];
  page.on('console', (m: ConsoleMessage) => m.type() == 'error' && !m.location().url.includes('favicon') && errors.push(m.text()));
  return errors;
};
const journeyOf = (collector: { events(): any[] }, name: string) =>
  collector
    .events()
    .filter((m) => (m.event ?? m.type) == name)
    .map((m) => m.context.journey);

test('rules from a URL: the collector receives the stages the file assigns, and the next page uses the cached copy', async ({ page, collector }) => {
  const errors = errorsOf(page);
  const url = collector.origin + '/test/e2e/pages/journey.html?rules=/test/e2e/pages/journey-rules.json';
  await open(page, url);
  // fetched once, then cached; tracking did not wait for it
  await page.waitForFunction(() => !!localStorage.getItem('waymark:journey-rules'));
  await page.evaluate(() => {
    const wm = (window as any).wm;
    wm.page();
    wm.track('Product Viewed', { product_id: 'p1' });
    wm.track('Product Added', { product_id: 'p1', quantity: 1 });
    wm.track('Video Played');
    wm.track('Order Completed', { order_id: 'o1', revenue: 40 });
  });
  await until(() => collector.events().length >= 8, 10000, '8 events');
  const staged = collector.events().filter((m) => m.event != 'Journey Stage Changed');
  expect(staged.map((m: any) => [m.event ?? m.type, m.context.journey.stage, m.context.journey.furthestStage, m.context.journey.rule])).toEqual([
    ['page', 'discover', 'discover', 'file-page'],
    ['Product Viewed', 'engage', 'engage', 'file-engage'],
    ['Product Added', 'cart', 'cart', 'file-cart'],
    ['Video Played', 'cart', 'cart', null],
    ['Order Completed', 'buy', 'buy', 'file-buy'],
  ]);
  const changes = collector
    .events()
    .filter((m) => m.event == 'Journey Stage Changed')
    .map((m: any) => [m.properties.from, m.properties.to, m.properties.event]);
  expect(changes).toEqual([
    ['discover', 'engage', 'Product Viewed'],
    ['engage', 'cart', 'Product Added'],
    ['cart', 'buy', 'Order Completed'],
  ]);
  for (const m of collector.events()) expect((m.context as { journey: unknown }).journey).toMatchObject({ sessionId: expect.any(String), channel: 'direct' });

  // the next page: the cached rules apply to the very first event
  await open(page, url);
  await page.evaluate(() => (window as any).wm.track('Checkout Started'));
  await until(() => journeyOf(collector, 'Checkout Started').length > 0, 10000, 'Checkout Started');
  expect(journeyOf(collector, 'Checkout Started')[0]).toMatchObject({ stage: 'cart', furthestStage: 'buy', rule: 'file-cart' });
  expect(errors).toEqual([]);
});

test('a broken rules file: tracking still works on the default rules, with exactly one clear console error', async ({ page, collector }) => {
  const errors = errorsOf(page);
  await open(page, collector.origin + '/test/e2e/pages/journey.html?rules=/test/e2e/pages/journey-rules-broken.json');
  await until(() => errors.length > 0, 10000, 'the error');
  await page.evaluate(() => {
    const wm = (window as any).wm;
    wm.track('Product Viewed');
    wm.track('Cart Viewed');
  });
  await until(() => journeyOf(collector, 'Cart Viewed').length > 0, 10000, 'events delivered');
  expect(journeyOf(collector, 'Product Viewed')[0]).toMatchObject({ stage: 'consideration', rule: 'browse' });
  expect(journeyOf(collector, 'Cart Viewed')[0]).toMatchObject({ stage: 'decision', rule: 'cart' });
  await page.waitForTimeout(300);
  expect(errors).toHaveLength(1);
  expect(errors[0]).toMatch(/^\[waymark\] journey rules at \/test\/e2e\/pages\/journey-rules-broken\.json are not valid JSON \(.+\); the default rule set stays in use\.$/);
  expect(await page.evaluate(() => localStorage.getItem('waymark:journey-rules'))).toBeNull();
});

const panelRows = (page: Page) => page.$$eval('[data-waymark-debug] tr', (trs) => trs.map((tr) => [...tr.children].slice(1).map((td) => td.textContent)));

test('the debug panel under a strict CSP: drawn and styled, no policy violation', async ({ page, collector }) => {
  const errors = errorsOf(page);
  const res = await page.goto(collector.origin + '/test/e2e/pages/journey-csp.html?waymark_debug=1');
  expect(res!.headers()['content-security-policy']).toContain("style-src 'self'");
  await page.waitForFunction(() => !!(window as any).wm);
  await page.evaluate(() => {
    const wm = (window as any).wm;
    wm.page();
    wm.track('Product Added', { product_id: 'p1' });
  });
  await expect(page.locator('[data-waymark-debug]')).toBeVisible();
  await until(async () => (await panelRows(page)).length >= 4, 5000, 'rows');
  const rows = await panelRows(page);
  expect(rows.slice(0, 3)).toEqual([
    ['event', 'stage', 'furthest', 'rule'],
    ['Journey Stage Changed', 'decision', 'decision', '-'],
    ['Product Added', 'decision', 'decision', 'cart'],
  ]);
  // the host element in the page is fixed in the corner; the panel in its shadow root is dark
  const style = [
    await page.$eval('[data-waymark-debug-host]', (e) => getComputedStyle(e).position),
    await page.$eval('[data-waymark-debug]', (e) => getComputedStyle(e).backgroundColor),
  ];
  // the styles set through the CSSOM apply under the policy
  expect(style).toEqual(['fixed', 'rgb(17, 17, 17)']);
  expect(await page.evaluate(() => (window as any).violations)).toEqual([]);
  expect(errors).toEqual([]);
  // the watch works: an inline style attribute is refused and reported on this page
  await page.evaluate(() => document.getElementById('probe')!.setAttribute('style', 'color: red'));
  await until(async () => (await page.evaluate(() => (window as any).violations.length)) > 0, 5000, 'control violation');
  expect(await page.evaluate(() => (window as any).violations[0])).toMatch(/^style-src-attr /);
  expect(errors).toHaveLength(1);
});

test('the debug panel stays away without ?waymark_debug=1, and goes with shutdown', async ({ page, collector }) => {
  await open(page, collector.origin + '/test/e2e/pages/journey.html');
  await page.evaluate(() => (window as any).wm.track('Product Added'));
  await until(() => journeyOf(collector, 'Product Added').length > 0, 10000, 'delivered');
  expect(await page.locator('[data-waymark-debug]').count()).toBe(0);

  await open(page, collector.origin + '/test/e2e/pages/journey.html?waymark_debug=1');
  await page.evaluate(() => (window as any).wm.track('Product Viewed'));
  await expect(page.locator('[data-waymark-debug]')).toBeVisible();
  await page.evaluate(() => (window as any).wm.shutdown());
  expect(await page.locator('[data-waymark-debug]').count()).toBe(0);
});

test('the script tag: stages and rules from data- attributes, an invalid rule reported and skipped', async ({ page, collector }) => {
  const errors = errorsOf(page);
  await page.goto(collector.origin + '/test/e2e/pages/journey-tag.html');
  await page.waitForFunction(() => typeof (window as any).waymark == 'function');
  await page.evaluate(() => {
    const w = (window as any).waymark;
    w('page');
    w('track', 'Order Completed', { order_id: 'o1' });
  });
  await until(() => collector.events().length >= 3, 10000, '3 events');
  expect(collector.events().map((m: any) => [m.event ?? m.type, m.context.journey.stage, m.context.journey.rule])).toEqual([
    ['page', 'look', 'tag-look'],
    ['Order Completed', 'buy', 'tag-buy'],
    ['Journey Stage Changed', 'buy', undefined],
  ]);
  expect(errors).toEqual(['[waymark] journey rule 2: stage must be one of look, buy, love (got "nope"); the rule is skipped.']);
});
