// @vitest-environment node
// Size budgets, checked on the built files (npm test builds first). gzip -9 bytes are
// deterministic, so these are exact figures, not timings.
import { expect, test } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { BUDGETS, README_END, README_START, SRI, measure, sri, table } from '../../scripts/size.mjs';

const rows = await measure();
const row = (prefix: string) => rows.find((r) => r.what.startsWith(prefix))!;
const root = new URL('../../', import.meta.url);
const read = (f: string) => readFileSync(new URL(f, root), 'utf8');

// Each budgeted figure: gzip and brotli, rollup + terser and esbuild.
const within = (r: { gzip: number; brotli?: number; esbuild?: number; esbuildBrotli?: number }, key: string) => {
  const b = BUDGETS as Record<string, number>;
  expect(r.gzip, key).toBeLessThanOrEqual(b[key]!);
  expect(r.brotli, key + 'Brotli').toBeLessThanOrEqual(b[key + 'Brotli']!);
  if (b[key + 'Esbuild']) {
    expect(r.esbuild, key + 'Esbuild').toBeLessThanOrEqual(b[key + 'Esbuild']!);
    expect(r.esbuildBrotli, key + 'EsbuildBrotli').toBeLessThanOrEqual(b[key + 'EsbuildBrotli']!);
  }
};

test('core (createTracker + track, production bundle) stays within its budgets, by rollup and by esbuild (as Vite does)', () => {
  within(row('`createTracker`'), 'core');
});

test('the script tag on the Shopify example before its first event, on its product page, and everything a shop can load stay within their budgets', () => {
  within(row('Shopify example shop, before'), 'shopifyFirst');
  within(row('Shopify example shop, product page'), 'shopifyPage');
  within(row('everything a shop can load'), 'everything');
});

test('before its first event the script tag downloads the loader alone; every capture file comes after', () => {
  expect(row('Shopify example shop, before').what).toContain('(1 files)');
  expect(row('Shopify example shop, before').gzip).toBe(row('script tag:').gzip);
});

test('friction() stays within what it may add to the core', () => {
  expect(row('+ `friction`').added).toBeLessThanOrEqual(BUDGETS.friction!);
});

test('every optional part is measured, with both bundlers', () => {
  for (const part of ['journey', 'capture', 'vitals', 'debug']) expect(rows.some((r) => r.what.includes(`(${part})`))).toBe(true);
  for (const r of rows.filter((r) => !/^(script tag|\+ `dist\/)/.test(r.what))) expect(r.esbuild, r.what).toBeGreaterThan(0);
});

test("the README's size table is the measured one (run `node scripts/size.mjs --write`)", () => {
  const readme = read('README.md');
  const inside = readme.slice(readme.indexOf(README_START) + README_START.length, readme.indexOf(README_END)).trim();
  expect(inside).toBe(table(rows));
});

// Every developer warning's text, as written at its call site in src/.
const warnings = (dir: string): string[] =>
  readdirSync(new URL(dir, root), { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? warnings(dir + e.name + '/') : [...read(dir + e.name).matchAll(/\bwarn\(\s*(['"])([^'"\\]{12,})\1/g)].map((m) => m[2]!),
  );

test('the production script tag and every file it loads carry no developer warning; the debug one carries them all', () => {
  const texts = warnings('src/');
  expect(texts.length).toBeGreaterThan(20);
  const split = readdirSync(new URL('dist/script/', root)).map((f) => read('dist/script/' + f));
  expect(split.length).toBeGreaterThan(8);
  const debug = read('dist/waymark.debug.iife.js');
  // a bare prefix ('checkout(): ' + k ...) is also the start of a label the code keeps
  const told = texts.filter((t) => !/^\w+\(\): $/.test(t));
  for (const production of [read('dist/waymark.iife.js'), ...split]) {
    expect(told.filter((t) => production.includes(t))).toEqual([]);
    // nor a console call of its own: only the errors printed in production too (lib/warn's fail)
    expect(production).not.toContain('console.warn');
  }
  expect(texts.filter((t) => !debug.includes(t))).toEqual([]);
});

test("the README's SRI hash is the built script tag's (run `node scripts/size.mjs --write`)", () => {
  const hash =
    'sha384-' +
    createHash('sha384')
      .update(readFileSync(new URL('dist/waymark.iife.js', root)))
      .digest('base64');
  expect(sri()).toBe(hash);
  const printed = read('README.md').match(SRI) ?? [];
  expect(printed.length).toBeGreaterThan(0);
  expect(new Set(printed)).toEqual(new Set([hash]));
});

test("the split files use the loader's helpers (src/script/provided.ts) instead of copies of their own", () => {
  const version = JSON.parse(read('package.json')).version;
  const key = 'Symbol.for("waymark.loader ' + version + '")';
  const loader = read('dist/waymark.iife.js');
  const split = readdirSync(new URL('dist/script/', root)).map((f) => [f, read('dist/script/' + f)] as const);
  // uuid()'s fallback for plain-http pages: the commerce captures make ids with it
  const uuidFallback = '10000000-1000-4000-8000-100000000000';
  expect(loader).toContain(uuidFallback);
  expect(loader).toContain('Symbol.for("waymark.loader "+');
  expect(split.filter(([, code]) => code.includes(uuidFallback)).map(([f]) => f)).toEqual([]);
  // one file reads what the loader left (the chunk every capture shares) and hands it on
  expect(split.filter(([, code]) => code.includes(key)).length).toBe(1);
});
