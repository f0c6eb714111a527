// @vitest-environment node
// The developer warnings leave with NODE_ENV=production under every bundler, not only terser:
// esbuild (what Vite uses for dependencies, and many apps directly) keeps a string passed to
// a function unless the call itself sits behind a constant it can fold. Every warning's text
// in src/ is collected, and none of it may be in a production esbuild bundle of the whole
// package, or in the production script tag; all of it is in the development ones.
import { describe, expect, test } from 'vitest';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';

const root = join(import.meta.dirname, '..', '..');
const sources = (dir: string): string[] =>
  readdirSync(dir).flatMap((f) => (statSync(join(dir, f)).isDirectory() ? sources(join(dir, f)) : f.endsWith('.ts') ? [join(dir, f)] : []));

// The leading literal of each `warn('...' + ...)` (16 characters or more, to be distinctive).
const textsIn = (files: string[]) => [
  ...new Set(files.flatMap((f) => [...readFileSync(f, 'utf8').matchAll(/\bwarn\(\s*(['"])((?:(?!\1)[^\\]){16,}?)\1/g)].map((m) => m[2]!.slice(0, 40)))),
];
const all = sources(join(root, 'src'));
const texts = textsIn(all);
// the script tag's own boot is in no npm entry point
const npmTexts = textsIn(all.filter((f) => !f.includes(join('src', 'script'))));

const ENTRY = ['index', 'journey/index', 'capture/index', 'vitals/index', 'debug/index']
  .map((e, i) => `import * as m${i} from ${JSON.stringify(join(root, 'dist', e + '.js'))}; console.log(m${i});`)
  .join('\n');

const bundle = async (env: string) =>
  (
    await build({
      stdin: { contents: ENTRY, resolveDir: root, loader: 'js' },
      bundle: true,
      minify: true,
      format: 'esm',
      write: false,
      logLevel: 'silent',
      define: { 'process.env.NODE_ENV': JSON.stringify(env) },
    })
  ).outputFiles[0]!.text;

describe('developer warnings in production builds', () => {
  test('src/ has the warnings this test looks for', () => {
    expect(npmTexts.length).toBeGreaterThan(20);
  });

  test('esbuild, NODE_ENV=production: no warning text in the bundle of every entry point', async () => {
    const code = await bundle('production');
    expect(npmTexts.filter((t) => code.includes(t))).toEqual([]);
  });

  test('esbuild, NODE_ENV=development: every warning is there', async () => {
    const code = await bundle('development');
    expect(npmTexts.filter((t) => !code.includes(t))).toEqual([]);
  });

  test("esbuild: the journey's option labels, passed to the helpers that warn, go with the warnings", async () => {
    const labels = ['journey(): orderEvents', 'the default ["Order Completed"] is used.'];
    const [production, development] = [await bundle('production'), await bundle('development')];
    expect(labels.filter((t) => production.includes(t))).toEqual([]);
    expect(labels.filter((t) => !development.includes(t))).toEqual([]);
  });

  test('the production script tag carries none; waymark.debug.iife.js carries them', () => {
    const prod = readFileSync(join(root, 'dist', 'waymark.iife.js'), 'utf8');
    const debug = readFileSync(join(root, 'dist', 'waymark.debug.iife.js'), 'utf8');
    expect(texts.filter((t) => prod.includes(t))).toEqual([]);
    // the script tag does not bundle every capture's every warning (e.g. the debug panel)
    const inDebug = texts.filter((t) => debug.includes(t));
    expect(inDebug.length).toBeGreaterThan(texts.length * 0.8);
  });
});
