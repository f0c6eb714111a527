// @vitest-environment node
// The package.json "exports" map against the build: every path it names exists, and each entry
// offers the same functions from its ESM and its CJS file.
import { describe, expect, test } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../', import.meta.url));
const map = JSON.parse(readFileSync(root + 'package.json', 'utf8')).exports as Record<string, string | Record<string, string>>;
const require = createRequire(root + 'package.json');

describe('package exports (after npm run build)', () => {
  test('every subpath names files that exist: types, ESM and CJS', () => {
    const missing = Object.entries(map).flatMap(([path, target]) =>
      (typeof target == 'string' ? [target] : Object.values(target)).filter((f) => !existsSync(root + f)).map((f) => path + ' -> ' + f),
    );
    expect(missing).toEqual([]);
    expect(Object.keys(map)).toEqual(expect.arrayContaining(['.', './journey', './capture', './vitals', './debug']));
  });

  test('ESM and CJS of each entry export the same names', async () => {
    for (const [path, target] of Object.entries(map)) {
      if (typeof target == 'string') continue;
      const esm = Object.keys(await import(root + target.import)).sort();
      const cjs = Object.keys(require(root + target.require!)).sort();
      expect(cjs, path).toEqual(esm);
      expect(esm.length, path).toBeGreaterThan(0);
    }
  });
});
