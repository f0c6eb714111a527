// @vitest-environment node
// The package.json "exports" map against the build: every path it names exists, each entry
// offers the same functions from its ESM and its CJS file, with types for each. publint and
// attw (`npm test` runs them on the packed tarball) check the same from the resolvers' side.
import { describe, expect, test } from 'vitest';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

type Target = string | { [condition: string]: Target };
const root = fileURLToPath(new URL('../../', import.meta.url));
const pkg = JSON.parse(readFileSync(root + 'package.json', 'utf8'));
const map = pkg.exports as Record<string, Target>;
const require = createRequire(root + 'package.json');
const files = (t: Target): string[] => (typeof t == 'string' ? [t] : Object.values(t).flatMap(files));
const at = (t: Target, ...path: string[]) => path.reduce<Target>((t, k) => (t as Record<string, Target>)[k]!, t) as string;
const modules = Object.entries(map).filter(([, t]) => typeof t != 'string');

describe('package exports (after npm run build)', () => {
  test('every subpath names files that exist: types, ESM and CJS', () => {
    const missing = Object.entries(map).flatMap(([path, target]) =>
      files(target)
        .filter((f) => !existsSync(root + f))
        .map((f) => path + ' -> ' + f),
    );
    expect(missing).toEqual([]);
    expect(Object.keys(map)).toEqual(expect.arrayContaining(['.', './journey', './capture', './vitals', './debug', './waymark.iife.js', './waymark.debug.iife.js']));
  });

  test('each entry has its own types for import (.d.ts) and for require (.d.cts)', () => {
    for (const [path, t] of modules) {
      expect(at(t, 'import', 'types'), path).toMatch(/\.d\.ts$/);
      expect(at(t, 'require', 'types'), path).toMatch(/\.d\.cts$/);
      // bundled: one self-contained file, no import of another declaration file of ours
      expect(readFileSync(root + at(t, 'require', 'types'), 'utf8'), path).not.toMatch(/from '\.\.?\//);
    }
  });

  test('ESM and CJS of each entry export the same names', async () => {
    for (const [path, t] of modules) {
      const esm = Object.keys(await import(root + at(t, 'import', 'default'))).sort();
      const cjs = Object.keys(require(root + at(t, 'require', 'default'))).sort();
      expect(cjs, path).toEqual(esm);
      expect(esm.length, path).toBeGreaterThan(0);
    }
  });

  test('the script-tag files are marked as having side effects (a bundler keeps `import "waymark/waymark.iife.js"`)', () => {
    expect(pkg.sideEffects).toEqual(['./dist/waymark.iife.js', './dist/waymark.debug.iife.js']);
  });

  test('npm pack builds first (prepack), and ships the license and the third-party notices', () => {
    expect(pkg.scripts.prepack).toBe('npm run build');
    expect(existsSync(root + 'LICENSE')).toBe(true);
    expect(readFileSync(root + 'LICENSE', 'utf8')).toMatch(/^MIT License/);
    expect(pkg.license).toBe('MIT');
    expect(pkg.files).toContain('THIRD_PARTY_NOTICES');
  });

  test('each script-tag file names the packages it bundles, each with its license in THIRD_PARTY_NOTICES', () => {
    const notices = readFileSync(root + 'THIRD_PARTY_NOTICES', 'utf8');
    // the loader carries the outbox's idb-keyval, the Web Vitals file web-vitals, the debug file both
    const bundles = { 'dist/waymark.iife.js': ['idb-keyval'], 'dist/script/webVitals.js': ['web-vitals'], 'dist/waymark.debug.iife.js': ['idb-keyval', 'web-vitals'] };
    for (const [file, packages] of Object.entries(bundles)) {
      const banner = readFileSync(root + file, 'utf8')
        .split('\n')[0]!
        .split('Bundles ')[1]!;
      const named = [...banner.matchAll(/([\w@/.-]+) \d+\.\d+\.\d+ \(([\w.-]+)\)/g)].map((m) => [m[1], m[2]]);
      expect(named.map(([n]) => n)).toEqual(packages);
      for (const [name, license] of named) expect(notices).toContain('## ' + name + ' (' + license + ')');
    }
    // every other split file bundles no package, and says only whose it is
    for (const f of readdirSync(root + 'dist/script'))
      if (f != 'webVitals.js') expect(readFileSync(root + 'dist/script/' + f, 'utf8').split('\n')[0], f).toBe('/*! Waymark ' + pkg.version + ' (MIT). */');
    expect(notices).toContain('Apache License');
  });
});
