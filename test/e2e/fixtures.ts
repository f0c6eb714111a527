import { test as base, expect } from '@playwright/test';
import { startCollector, type Collector } from './server.js';

/** Playwright's test with a fresh collector per test. */
export const test = base.extend<{ collector: Collector }>({
  collector: async ({}, use) => {
    const c = await startCollector();
    await use(c);
    await c.close();
  },
});

export { expect };

/** Waits until `check` holds, polling every 50 ms. */
export const until = async (check: () => boolean | Promise<boolean>, ms = 20000, what = 'condition') => {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(what + ' not met in ' + ms + ' ms');
    await new Promise((r) => setTimeout(r, 50));
  }
};

/**
 * Serves the debug script tag (with the developer warnings) wherever the page loads the
 * production one: for tests that assert on a warning.
 */
export const debugBuild = (page: import('@playwright/test').Page) =>
  page.route('**/dist/waymark.iife.js', (route) => route.fulfill({ path: 'dist/waymark.debug.iife.js', contentType: 'text/javascript' }));

/** What an insecure context (an http page) looks like to the SDK: no `navigator.locks`, so tabs take turns through the lease. */
export const withoutWebLocks = (context: import('@playwright/test').BrowserContext) =>
  context.addInitScript(() => Object.defineProperty(Navigator.prototype, 'locks', { get: () => undefined }));

/** Holds back the files matching `pattern` until the function returned is called: the page runs on without them. */
export const holdFiles = async (page: import('@playwright/test').Page, pattern: string) => {
  let release!: () => void;
  const released = new Promise<void>((r) => (release = r));
  await page.route(pattern, async (route) => {
    await released;
    await route.continue();
  });
  return release;
};
