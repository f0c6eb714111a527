// The README's quick starts, copy-pasted: its code blocks are read from README.md and run as
// they are, not a character changed. The page, the CDN and the collector of the examples
// (shop.example.com, cdn.example.com, collect.example.com) are Playwright routes: the CDN
// serves the built script tag and the files it loads (so its `integrity` hash must be the build's), the collector
// records what arrives. The npm quick start is bundled by esbuild against the package as an
// app installs it (node_modules/waymark, resolved through its exports map).
import { mkdtempSync, mkdirSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { build } from 'esbuild';
import { expect, test, until } from './fixtures.js';

const root = join(import.meta.dirname, '..', '..');
const readme = readFileSync(join(root, 'README.md'), 'utf8');

/** The fenced blocks of one README section, in order, as [language, code]. */
const blocks = (heading: string) => {
  const start = readme.indexOf('\n## ' + heading + '\n');
  if (start < 0) throw new Error('README has no section "' + heading + '"');
  const end = readme.indexOf('\n## ', start + 4);
  return [...readme.slice(start, end < 0 ? undefined : end).matchAll(/```(\w+)\n([\s\S]*?)```/g)].map((m) => [m[1]!, m[2]!] as const);
};

type Message = { type: string; event?: string; userId?: string; properties?: Record<string, unknown>; context?: Record<string, unknown>; timestamp?: string };

/** The example hosts, routed: the shop's page, the CDN's script tag, the collector. */
const exampleHosts = async (page: Page, html: string) => {
  const bodies: { writeKey?: string; batch: Message[] }[] = [];
  await page.route('https://shop.example.com/**', (route) => route.fulfill({ contentType: 'text/html', body: html }));
  await page.route('https://cdn.example.com/waymark.iife.js', (route) =>
    route.fulfill({ path: join(root, 'dist', 'waymark.iife.js'), contentType: 'text/javascript', headers: { 'Access-Control-Allow-Origin': '*' } }),
  );
  // the captures the script tag loads after its first event, from beside it: module scripts
  // are fetched with CORS, so the CDN says Access-Control-Allow-Origin
  await page.route('https://cdn.example.com/script/*.js', (route) =>
    route.fulfill({
      path: join(root, 'dist', 'script', new URL(route.request().url()).pathname.slice(8)),
      contentType: 'text/javascript',
      headers: { 'Access-Control-Allow-Origin': '*' },
    }),
  );
  await page.route('https://collect.example.com/v1/batch', (route) => {
    bodies.push(JSON.parse(route.request().postData() || '{}'));
    return route.fulfill({ status: 200, contentType: 'application/json', body: '{}', headers: { 'Access-Control-Allow-Origin': '*' } });
  });
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => m.type() == 'error' && errors.push(m.text()));
  return { bodies, errors, messages: () => bodies.flatMap((b) => b.batch) };
};

test('the script-tag quick start, pasted into a page, delivers its calls (and its SRI hash is the build’s)', async ({ page }) => {
  const [[htmlLang, tags], [jsLang, calls]] = blocks('Quick start (script tag)') as [readonly [string, string], readonly [string, string]];
  expect([htmlLang, jsLang]).toEqual(['html', 'js']);
  const host = await exampleHosts(page, `<!doctype html><html lang="en"><head>${tags}</head><body><h1>A shop</h1><script>${calls}</script></body></html>`);
  await page.goto('https://shop.example.com/products/sku-1');
  await until(() => host.messages().some((m) => m.event == 'Product Added') && host.messages().some((m) => m.type == 'identify'), 15000, 'the quick start’s calls');
  const added = host.messages().find((m) => m.event == 'Product Added')!;
  expect(added.properties).toMatchObject({ product_id: 'sku-1', price: 20, currency: 'EUR', quantity: 1 });
  expect(host.messages().find((m) => m.type == 'identify')!.userId).toBe('customer-42');
  // with no other attribute the tag installs page views too
  expect(host.messages().some((m) => m.type == 'page')).toBe(true);
  expect(host.bodies.every((b) => b.writeKey == 'YOUR_KEY')).toBe(true);
  expect(host.errors).toEqual([]);
});

test('the npm quick start, bundled as an app would, delivers its calls; its imports all resolve', async ({ page }) => {
  const js = blocks('Quick start (npm)').filter(([lang]) => lang == 'js');
  const [tracker, imports, options] = js.map(([, code]) => code) as [string, string, string];
  expect(imports).toContain("from 'waymark/capture'");
  // an app that installed the package: node_modules/waymark is this repository (built)
  const app = mkdtempSync(join(tmpdir(), 'waymark-readme-'));
  try {
    mkdirSync(join(app, 'node_modules'));
    symlinkSync(root, join(app, 'node_modules', 'waymark'), 'dir');
    const bundle = async (contents: string) =>
      (
        await build({
          stdin: { contents, resolveDir: app, loader: 'js' },
          bundle: true,
          format: 'iife',
          write: false,
          logLevel: 'silent',
          // an app's node_modules, not the repository's own (where waymark is not a dependency)
          nodePaths: [join(app, 'node_modules'), join(root, 'node_modules')],
          define: { 'process.env.NODE_ENV': '"development"' },
        })
      ).outputFiles[0]!.text;
    // every name the optional-parts block imports exists (esbuild fails on a missing export)
    await bundle(imports + '\nconsole.log(pageViews, jsonLd, capture, journey, explain, webVitals, debugPanel);');
    const code = await bundle(tracker + '\n' + options);
    const host = await exampleHosts(page, `<!doctype html><html lang="en"><head><title>A shop</title></head><body><script>${code}</script></body></html>`);
    await page.goto('https://shop.example.com/');
    const want = ['Product Added', 'Order Refunded', 'Stock Alert Shown'];
    await until(() => want.every((e) => host.messages().some((m) => m.event == e)) && host.messages().some((m) => m.type == 'page'), 15000, 'the quick start’s calls');
    const by = (e: string) => host.messages().find((m) => m.event == e)!;
    expect(by('Product Added').properties).toMatchObject({ product_id: 'sku-1', price: 20 });
    expect(by('Order Refunded').timestamp).toBe('2026-11-23T10:00:00.000Z');
    expect(by('Stock Alert Shown').context).toMatchObject({ active: false });
    expect(host.errors).toEqual([]);
  } finally {
    rmSync(app, { recursive: true, force: true });
  }
});
