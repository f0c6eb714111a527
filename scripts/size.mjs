// Measures what each import combination costs a user: bundles a tiny entry that imports it
// from the built ESM files (dist/) twice, with rollup + terser and with esbuild (what Vite
// and most app bundlers minify with), and counts gzip -9 bytes (which are deterministic).
// `node scripts/size.mjs` prints the table; `--write` puts it, and the script tag's SRI hash,
// in README.md.
import { rollup } from 'rollup';
import { build } from 'esbuild';
import { nodeResolve } from '@rollup/plugin-node-resolve';
import terser from '@rollup/plugin-terser';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { esbuildFromLoader } from './fromLoader.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const gz = (code) => gzipSync(code, { level: 9 }).length;
/** Brotli bytes at quality 11, as a CDN that compresses ahead of time serves them. */
const br = (code) => brotliCompressSync(code, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length;

/**
 * Budgets in bytes; a test fails when a build goes over one. Each holds the figure measured
 * when it was set, plus a few bytes, so nothing grows unnoticed (README, Size, says where the
 * bytes go). They replace the targets of issue 17 (core 5,000, the script tag before its
 * first event on a Shopify shop 10,000, everything a shop can load 18,000, gzip), which lie
 * below what the behaviour required since measures (README, Size, "the targets it misses").
 * `shopifyFirst` is what the script tag downloads before its first event on the Shopify-shaped
 * example shop (the loader alone: every capture file is requested after); `shopifyPage` all
 * that page loads; `everything` the loader and every split file. `friction` is what
 * `friction()` adds to the core (its target, 1,000, is not met). The `Esbuild` budgets are the
 * same files built by esbuild instead of rollup and terser.
 */
export const BUDGETS = {
  core: 7436,
  coreBrotli: 6773,
  coreEsbuild: 8215,
  coreEsbuildBrotli: 7454,
  friction: 2467,
  shopifyFirst: 13490,
  shopifyFirstBrotli: 12252,
  shopifyFirstEsbuild: 14729,
  shopifyFirstEsbuildBrotli: 13365,
  shopifyPage: 17853,
  shopifyPageBrotli: 16153,
  shopifyPageEsbuild: 19695,
  shopifyPageEsbuildBrotli: 17724,
  everything: 29912,
  everythingBrotli: 26878,
  everythingEsbuild: 33158,
  everythingEsbuildBrotli: 29674,
};

const virtual = (code) => ({
  name: 'entry',
  resolveId: (id) => (id == 'entry' ? id : null),
  load: (id) => (id == 'entry' ? code : null),
});

/** Gzip bytes of `code` (an ES module importing from dist/) bundled and minified. */
// What every production bundler (Vite, webpack, esbuild, Parcel) does: NODE_ENV is production.
const production = {
  name: 'production',
  transform: (code) => code.replaceAll('process.env.NODE_ENV', '"production"'),
};

export const bundle = async (code) => {
  const b = await rollup({ input: 'entry', plugins: [virtual(code), nodeResolve(), production], onwarn: () => {} });
  const { output } = await b.generate({ format: 'es', plugins: [terser({ ecma: 2020, module: true, compress: { passes: 2 } })] });
  await b.close();
  const es = await esbuild(code);
  return { min: output[0].code.length, gzip: gz(output[0].code), brotli: br(output[0].code), code: output[0].code, esbuild: gz(es), esbuildBrotli: br(es) };
};

/** The same entry bundled and minified by esbuild, as a production app build does. */
export const esbuild = async (code) => {
  const r = await build({
    stdin: { contents: code, resolveDir: root, loader: 'js' },
    bundle: true,
    minify: true,
    format: 'esm',
    target: 'es2020',
    define: { 'process.env.NODE_ENV': '"production"' },
    write: false,
    logLevel: 'silent',
  });
  return r.outputFiles[0].text;
};

const dist = (f) => root + 'dist/' + f;
const CORE = `import { createTracker } from '${dist('index.js')}';\nconst t = createTracker({ endpoint: 'https://c.example/v1/batch' });\nt.track('x');\n`;

/** Optional parts: their entry in dist/, and how a user would use them with the core. */
const PARTS = [
  ['journey', 'journey/index.js', 'journey'],
  ['capture', 'capture/index.js', null],
  ['vitals', 'vitals/index.js', 'webVitals'],
  ['debug', 'debug/index.js', 'debugPanel'],
];

export const measure = async () => {
  const rows = [];
  const core = await bundle(CORE);
  rows.push({ what: '`createTracker` + `track` (core)', ...core });
  for (const [label, file, fn] of PARTS) {
    if (!existsSync(dist(file))) continue;
    const mod = await import(dist(file));
    const names = fn ? [fn] : Object.keys(mod).filter((k) => typeof mod[k] == 'function');
    for (const name of names) {
      const code = `import { createTracker } from '${dist('index.js')}';\nimport { ${name} } from '${dist(file)}';\ncreateTracker({ endpoint: 'https://c.example/v1/batch', plugins: [${name}()] }).track('x');\n`;
      const r = await bundle(code);
      rows.push({ what: `+ \`${name}\` (${label})`, min: r.min, gzip: r.gzip, brotli: r.brotli, added: r.gzip - core.gzip, esbuild: r.esbuild, esbuildBrotli: r.esbuildBrotli });
    }
  }
  const [files, esb] = await Promise.all([split(), esbuildSplit()]);
  const twin = new Map(esb.map((f) => [f.name, f]));
  for (const f of files) rows.push({ what: f.what, min: f.min, gzip: f.gzip, brotli: f.brotli, esbuild: twin.get(f.name)?.gzip, esbuildBrotli: twin.get(f.name)?.brotli });
  const sum = (label, names) => {
    const [set, other] = [closure(files, names), closure(esb, names)];
    const add = (list, k) => list.reduce((n, f) => n + f[k], 0);
    return {
      what: label + ' (' + set.length + ' files)',
      min: add(set, 'min'),
      gzip: add(set, 'gzip'),
      brotli: add(set, 'brotli'),
      esbuild: add(other, 'gzip'),
      esbuildBrotli: add(other, 'brotli'),
    };
  };
  rows.push(sum('Shopify example shop, before its first event', []));
  rows.push(sum('Shopify example shop, product page, all it loads', SHOPIFY_PAGE));
  rows.push(sum('the same page with the default tag (friction, Web Vitals), all it loads', SHOPIFY_PAGE.concat(DEFAULT_TAG)));
  rows.push(
    sum(
      'everything a shop can load: the script tag and every split file',
      files.map((f) => f.name),
    ),
  );
  const debug = readFileSync(dist('waymark.debug.iife.js'), 'utf8');
  rows.push({ what: 'script tag with developer warnings, in one file: `dist/waymark.debug.iife.js`', min: debug.length, gzip: gz(debug), brotli: br(debug) });
  return rows;
};

/**
 * The split files the script tag loads on the Shopify example's product page
 * (examples/shops/shopify/products/trail-shoe.html, `data-capture="pageViews,capture"`):
 * Shopify (`window.Shopify`) and JSON-LD (its Product markup); test/e2e/split.spec.ts checks
 * that Chromium requests exactly these and what they import, all after the first event. With
 * the default tag (no data-capture) the friction signals and Web Vitals come too.
 */
export const SHOPIFY_PAGE = ['shopify', 'jsonLd'];
const DEFAULT_TAG = ['friction', 'webVitals'];

// The static imports of a built ES module (`from"./x.js"`, `import"./x.js"`).
const imports = (code) => [...code.matchAll(/(?:from|import)\s*"\.\/([\w.-]+)\.js"/g)].map((m) => m[1]);

/** The loader (named ''), the named split files and every file they import, each once. */
export const closure = (files, names) => {
  const byName = new Map(files.map((f) => [f.name, f]));
  const out = new Set([byName.get('')]);
  const add = (n) => {
    const f = byName.get(n);
    if (!f || out.has(f)) return;
    out.add(f);
    f.imports.forEach(add);
  };
  names.forEach(add);
  return [...out];
};

const file = (name, what, code) => ({ name, what, min: code.length, gzip: gz(code), brotli: br(code), imports: imports(code) });

/** The split script tag as the build wrote it: the loader, named '', and each file of dist/script/. */
export const split = async () => [
  file('', 'script tag: `dist/waymark.iife.js` (core, journey, page views, abandonment, the loader)', readFileSync(dist('waymark.iife.js'), 'utf8')),
  ...readdirSync(dist('script'))
    .sort()
    .map((f) => file(f.replace(/\.js$/, ''), '+ `dist/script/' + f + '`', readFileSync(dist('script/' + f), 'utf8'))),
];

const ESB = { bundle: true, minify: true, target: 'es2020', mangleProps: /^_/, define: { 'process.env.NODE_ENV': '"production"' }, write: false, logLevel: 'silent' };

/** The same loader and split files built by esbuild (code splitting, the same `_` mangling), by name. */
export const esbuildSplit = async () => {
  const { SPLIT } = await import(root + 'rollup.config.mjs');
  const l = await build({ ...ESB, entryPoints: [root + 'src/iife.ts'], format: 'iife', globalName: 'Waymark' });
  const s = await build({
    ...ESB,
    plugins: [esbuildFromLoader()],
    entryPoints: SPLIT,
    format: 'esm',
    splitting: true,
    outdir: root + 'dist/esbuild',
    entryNames: '[name]',
    chunkNames: '[name]-[hash]',
  });
  return [file('', '', l.outputFiles[0].text), ...s.outputFiles.map((f) => file(f.path.replace(/.*\//, '').replace(/\.js$/, ''), '', f.text))];
};

export const table = (rows) =>
  '| import | minified bytes | gzip bytes | brotli bytes | gzip bytes added to core | gzip bytes, esbuild | brotli bytes, esbuild |\n| --- | ---: | ---: | ---: | ---: | ---: | ---: |\n' +
  rows.map((r) => `| ${r.what} | ${r.min} | ${r.gzip} | ${r.brotli ?? ''} | ${r.added ?? ''} | ${r.esbuild ?? ''} | ${r.esbuildBrotli ?? ''} |`).join('\n');

/** The script tag's Subresource Integrity hash, as the build wrote it. */
export const sri = () => JSON.parse(readFileSync(dist('sri.json'), 'utf8'))['waymark.iife.js'];
/** Every SRI hash the README prints (the quick start's `integrity` attribute). */
export const SRI = /sha384-[A-Za-z0-9+/]{64}/g;
/** `text` with what lies between `start` and `end` replaced by `inner`. */
export const between = (text, start, end, inner) => text.slice(0, text.indexOf(start) + start.length) + inner + text.slice(text.indexOf(end));

export const README_START = '<!-- size:start -->';
export const README_END = '<!-- size:end -->';

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  if (process.argv.includes('--print')) {
    console.log((await bundle(CORE)).code);
    process.exit(0);
  }
  const rows = await measure();
  const t = table(rows);
  console.log(t);
  if (process.argv.includes('--write')) {
    let readme = readFileSync(root + 'README.md', 'utf8');
    readme = between(readme, README_START, README_END, '\n' + t + '\n');
    readme = readme.replace(SRI, sri());
    writeFileSync(root + 'README.md', readme);
  }
}
