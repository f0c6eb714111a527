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

test('core (createTracker + track, production bundle) stays within its budget', () => {
  expect(row('`createTracker`').gzip).toBeLessThanOrEqual(BUDGETS.core);
});

test('core bundled by esbuild (as Vite does) stays within its budget', () => {
  expect(row('`createTracker`').esbuild).toBeLessThanOrEqual(BUDGETS.coreEsbuild);
});

test('friction() stays within what it may add to the core', () => {
  expect(row('+ `friction`').added).toBeLessThanOrEqual(BUDGETS.friction);
});

test('the script tag with everything stays within its budget', () => {
  expect(row('script tag:').gzip).toBeLessThanOrEqual(BUDGETS.iife);
});

test('every optional part is measured, with both bundlers', () => {
  for (const part of ['journey', 'capture', 'vitals', 'debug']) expect(rows.some((r) => r.what.includes(`(${part})`))).toBe(true);
  for (const r of rows.filter((r) => !r.what.startsWith('script tag'))) expect(r.esbuild, r.what).toBeGreaterThan(0);
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

test('the production script tag carries no developer warning; the debug one carries them all', () => {
  const texts = warnings('src/');
  expect(texts.length).toBeGreaterThan(20);
  const production = read('dist/waymark.iife.js');
  const debug = read('dist/waymark.debug.iife.js');
  expect(texts.filter((t) => production.includes(t))).toEqual([]);
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
