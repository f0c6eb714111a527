// @vitest-environment node
// Size budgets, checked on the built files (npm test builds first). gzip -9 bytes are
// deterministic, so these are exact figures, not timings.
import { expect, test } from 'vitest';
import { readFileSync } from 'node:fs';
import { BUDGETS, README_END, README_START, measure, table } from '../../scripts/size.mjs';

const rows = await measure();
const row = (prefix: string) => rows.find((r: { what: string }) => r.what.startsWith(prefix))!;

test('core (createTracker + track, production bundle) stays within its budget', () => {
  expect(row('`createTracker`').gzip).toBeLessThanOrEqual(BUDGETS.core);
});

test('the script tag with everything stays within its budget', () => {
  expect(row('script tag').gzip).toBeLessThanOrEqual(BUDGETS.iife);
});

test('every optional part is measured', () => {
  for (const part of ['journey', 'capture', 'vitals', 'debug']) expect(rows.some((r: { what: string }) => r.what.includes(`(${part})`))).toBe(true);
});

test("the README's size table is the measured one (run `node scripts/size.mjs --write`)", () => {
  const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
  const inside = readme.slice(readme.indexOf(README_START) + README_START.length, readme.indexOf(README_END)).trim();
  expect(inside).toBe(table(rows));
});
