// The journey as a production app ships it: dist/journey bundled by esbuild with NODE_ENV set
// to production, so every development warning and its wording are gone. Its stage decisions
// must be the labelled ones, and bad rules must still be skipped, said in one console error,
// and never thrown into the page.
import { afterEach, beforeAll, expect, test, vi } from 'vitest';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';
import type * as Journey from '../../../src/journey/index.js';
import { drive, type Journey as Labelled } from './drive.js';
import defaults from '../../fixtures/journeys/default.json' with { type: 'json' };
import custom from '../../fixtures/journeys/custom.json' with { type: 'json' };

const root = join(import.meta.dirname, '..', '..', '..');
let sdk: typeof Journey;

beforeAll(async () => {
  const code = (
    await build({
      entryPoints: [join(root, 'dist', 'journey', 'index.js')],
      bundle: true,
      minify: true,
      format: 'esm',
      write: false,
      logLevel: 'silent',
      define: { 'process.env.NODE_ENV': '"production"' },
    })
  ).outputFiles[0]!.text;
  // inside the project (.tmp/ is git-ignored): the test runner loads modules from here only
  mkdirSync(join(root, '.tmp'), { recursive: true });
  const dir = mkdtempSync(join(root, '.tmp', 'journey-production-'));
  const file = join(dir, 'journey.mjs');
  writeFileSync(file, code);
  sdk = await import(/* @vite-ignore */ file);
  rmSync(dir, { recursive: true, force: true });
}, 60_000);
afterEach(() => localStorage.clear());

const stagesOf = async (j: Labelled, options?: Journey.JourneyOptions) => {
  const d = drive(sdk.journey(options));
  // each event's stage and rule
  const got: [unknown, unknown][] = [];
  for (const s of j.steps) {
    const m = d.step(s);
    await Promise.resolve();
    got.push([m.context.journey.stage, m.context.journey.rule ?? null]);
  }
  d.off();
  return got;
};

test('the production build has no development warnings to give', () => {
  const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
  sdk.journey({ orderEvents: 'nope' as never });
  expect(sdk.explain(null as never, null as never, null as never)).toMatchObject({ stage: '', index: -1 });
  expect(warn).not.toHaveBeenCalled();
});

test.each(defaults.journeys.map((j) => [j.name, j] as const))('production build, default rules: %s', async (_, j) => {
  const labelled = (j as Labelled).steps.map((s) => s.expect);
  expect((await stagesOf(j as Labelled)).map(([stage]) => stage)).toEqual(labelled);
});

test.each(custom.journeys.map((j) => [j.name, j] as const))('production build, custom stages and rules: %s', async (_, j) => {
  const labelled = (j as Labelled).steps.map((s) => s.expect);
  expect((await stagesOf(j as Labelled, { stages: custom.stages, rules: custom.rules as Journey.Rule[] })).map(([stage]) => stage)).toEqual(labelled);
});

test('production build: an invalid rule is skipped with one console error, the others decide; nothing throws', async () => {
  const error = vi.spyOn(console, 'error').mockImplementation(() => {});
  const rules = [{ stage: 'nope' }, { id: 'bad', stage: 'decision', properties: { price: { gt: '10' } } }, { id: 'cart', stage: 'decision', event: 'Cart Viewed' }];
  const steps = [
    { track: 'Cart Viewed', expect: 'decision' },
    { track: 'Other', expect: 'decision' },
  ];
  expect(await stagesOf({ name: 'bad rules', steps }, { rules: rules as Journey.Rule[] })).toEqual([
    ['decision', 'cart'],
    ['decision', null],
  ]);
  expect(error.mock.calls.map((c) => c[0])).toEqual([
    '[waymark] journey rule 0: stage must be one of awareness, consideration, decision, purchase, retention, advocacy (got "nope"); the rule is skipped.',
    '[waymark] journey rule 1: properties.price.gt must be a number (got "10"); the rule is skipped.',
  ]);
});

test('production build: a rule set over the limits is refused unread and the default rules decide', async () => {
  const error = vi.spyOn(console, 'error').mockImplementation(() => {});
  const huge = new Array(1_000_000).fill({ stage: 'advocacy' });
  const steps = [{ page: '/products/a', expect: 'consideration' }];
  const started = performance.now();
  expect(await stagesOf({ name: 'huge', steps }, { rules: huge })).toEqual([['consideration', 'browse-page']]);
  expect(await stagesOf({ name: 'huge text', steps }, { rules: '[' + '{"stage":"advocacy"},'.repeat(20000) + '{}]' })).toEqual([['consideration', 'browse-page']]);
  expect(performance.now() - started).toBeLessThan(1000);
  expect(error).toHaveBeenCalledTimes(2);
  expect(sdk.readRuleSet({ rules: [], stages: ['a', 'a'] })).toBe('wrong: stages must be a list of distinct names');
});
