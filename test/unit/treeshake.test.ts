// @vitest-environment node
// Tree-shaking, for real: bundles examples/npm-app (createTracker + the pageViews capture, from
// the built package through its exports map) and proves the parts it does not import are
// absent. "Absent" is measured by string literals: each unused part is bundled alone, the
// strings only it contains are collected, and none of them may appear in the app's bundle.
import { describe, expect, test, beforeAll } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { rollup, type RollupOptions, type OutputOptions } from 'rollup';
import { parseAst } from 'rollup/parseAst';
import { nodeResolve } from '@rollup/plugin-node-resolve';
import terser from '@rollup/plugin-terser';
// @ts-expect-error: a plain JavaScript config without type declarations
import appConfig, { waymarkPackage } from '../../examples/npm-app/rollup.config.mjs';

const root = fileURLToPath(new URL('../../', import.meta.url));
const exportsMap = JSON.parse(readFileSync(root + 'package.json', 'utf8')).exports as Record<string, { import?: { default: string } }>;

const production = { name: 'production', transform: (code: string) => code.replaceAll('process.env.NODE_ENV', '"production"') };

/** Bundles and minifies, as the example does, and returns the code. */
const build = async (options: RollupOptions) => {
  const b = await rollup({ ...options, onwarn: () => {} });
  const out = options.output as OutputOptions;
  const { output } = await b.generate({ format: 'es', plugins: out?.plugins ?? [terser({ ecma: 2020, module: true, compress: { passes: 2 } })] });
  await b.close();
  return output[0].code;
};

/** Bundles an entry written as source code, resolving `waymark/*` like the example. */
const bundleSource = (code: string) =>
  build({
    input: 'entry',
    plugins: [
      { name: 'entry', resolveId: (id: string) => (id == 'entry' ? id : null), load: (id: string) => (id == 'entry' ? code : null) },
      waymarkPackage(),
      nodeResolve(),
      production,
    ],
  });

/** String literals of at least 5 characters in `code` (template quasis included). */
const strings = (code: string): Set<string> => {
  const found = new Set<string>();
  const walk = (node: unknown): void => {
    if (!node || typeof node != 'object') return;
    if (Array.isArray(node)) return void node.forEach(walk);
    const n = node as { type?: string; value?: unknown };
    if (n.type == 'Literal' && typeof n.value == 'string' && n.value.length >= 5) found.add(n.value);
    if (n.type == 'TemplateElement') {
      const cooked = (n.value as { cooked?: string }).cooked;
      if (cooked && cooked.length >= 5) found.add(cooked);
    }
    for (const k in n) if (k != 'type') walk((n as Record<string, unknown>)[k]);
  };
  walk(parseAst(code));
  return found;
};

/** The parts the app does not import: every other function of every subpath entry, per entry. */
const unused = async (): Promise<{ from: string; names: string[] }[]> => {
  const parts: { from: string; names: string[] }[] = [];
  for (const [path, entry] of Object.entries(exportsMap)) {
    if (path == '.' || !entry.import) continue;
    const mod = await import(root + entry.import.default.slice(2));
    const names = Object.keys(mod).filter((n) => typeof mod[n] == 'function' && !(path == './capture' && n == 'pageViews'));
    if (names.length) parts.push({ from: 'waymark' + path.slice(1), names });
  }
  return parts;
};

const use = (from: string, names: string[]) =>
  `import { createTracker } from 'waymark';\nimport { ${names.join(', ')} } from '${from}';\n` +
  `globalThis.t = createTracker({ endpoint: 'https://c.example/v1/batch' });\nglobalThis.u = [${names.join(', ')}];\n`;

describe('examples/npm-app: createTracker and one plugin', () => {
  let app = new Set<string>();
  let pageViewsOnly = new Set<string>();
  let base = new Set<string>();
  beforeAll(async () => {
    if (!existsSync(root + 'dist/index.js')) throw new Error('dist/ is missing: run `npm run build` first (npm test does).');
    app = strings(await build(appConfig));
    // called as the app calls it, so the minifier folds the same option checks away
    pageViewsOnly = strings(
      await bundleSource(
        `import { createTracker } from 'waymark';\nimport { pageViews } from 'waymark/capture';\n` +
          `globalThis.t = createTracker({ endpoint: 'https://c.example/v1/batch', plugins: [pageViews()] });\n`,
      ),
    );
    // What the app may contain: the core with pageViews, and the app's own strings.
    const own = strings(readFileSync(root + 'examples/npm-app/src/app.js', 'utf8'));
    base = new Set([...pageViewsOnly, ...own]);
  }, 60_000);

  test('the app bundle holds the core and the plugin it imports', async () => {
    const core = strings(await bundleSource(`import { createTracker } from 'waymark';\nglobalThis.t = createTracker({ endpoint: 'https://c.example/v1/batch' });\n`));
    const pluginOwn = [...pageViewsOnly].filter((s) => !core.has(s));
    expect(pluginOwn.length).toBeGreaterThan(0);
    for (const s of pluginOwn) expect(app.has(s), 'pageViews string ' + JSON.stringify(s)).toBe(true);
    expect(app.has('Product Added')).toBe(true);
  }, 60_000);

  test('every part it does not import is absent, string by string', async () => {
    const parts = await unused();
    // journey, explain, debugPanel and the other captures are in the package: this test is only
    // worth something while there is something to leave out.
    expect(parts.flatMap((p) => p.names)).toEqual(expect.arrayContaining(['journey', 'debugPanel']));
    const leaks: string[] = [];
    let checked = 0;
    for (const { from, names } of parts) {
      const own = [...strings(await bundleSource(use(from, names)))].filter((s) => !base.has(s));
      checked += own.length;
      for (const s of own) if (app.has(s)) leaks.push(`${from}: ${JSON.stringify(s)}`);
    }
    expect(checked).toBeGreaterThan(10);
    expect(leaks).toEqual([]);
  }, 120_000);

  test('the check notices a part that is imported: the journey plugin found when the app uses it', async () => {
    const journeyOnly = strings(await bundleSource(use('waymark/journey', ['journey'])));
    const own = [...journeyOnly].filter((s) => !base.has(s));
    expect(own.length).toBeGreaterThan(0);
    // the same app, importing the journey plugin too: every one of its strings shows up
    const appWithJourney = strings(
      await bundleSource(readFileSync(root + 'examples/npm-app/src/app.js', 'utf8') + "import { journey } from 'waymark/journey';\nglobalThis.j = journey;\n"),
    );
    expect(own.filter((s) => !appWithJourney.has(s))).toEqual([]);
    expect(own.filter((s) => app.has(s))).toEqual([]);
  }, 60_000);
});

test('the journey plugin decides stages without explain(): its wording is in no bundle of journey() alone, nor in the script tag', async () => {
  // explain() words why a rule matched, for whoever calls it; the plugin puts only the rule's id on events
  const said = 'no rule matched: the current stage is kept';
  expect(strings(await bundleSource(use('waymark/journey', ['explain']))).has(said)).toBe(true);
  expect(strings(await bundleSource(use('waymark/journey', ['journey']))).has(said)).toBe(false);
  expect(readFileSync(root + 'dist/waymark.iife.js', 'utf8')).not.toContain(said);
}, 60_000);
