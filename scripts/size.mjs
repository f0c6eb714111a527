// Measures what each import combination costs a user: bundles a tiny entry that imports it
// from the built ESM files (dist/) twice, with rollup + terser and with esbuild (what Vite
// and most app bundlers minify with), and counts gzip -9 bytes (which are deterministic).
// `node scripts/size.mjs` prints the table; `--write` puts it, and the script tag's SRI hash,
// in README.md.
import { rollup } from 'rollup';
import { build } from 'esbuild';
import { nodeResolve } from '@rollup/plugin-node-resolve';
import terser from '@rollup/plugin-terser';
import { gzipSync } from 'node:zlib';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const gz = (code) => gzipSync(code, { level: 9 }).length;

/**
 * Budgets in gzip bytes; a test fails when a build goes over one. They hold today's figures so
 * nothing grows. The targets the project set (core 3,000, everything 8,000) are below what the
 * required behaviour can take: bench/floor/measure.mjs shows the floor (README, Size).
 * `friction` is what `friction()` adds to the core: its target, 1,000, is not met (README, Size).
 */
export const BUDGETS = { core: 7290, coreEsbuild: 8060, iife: 24380, friction: 2520 };

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
  return { min: output[0].code.length, gzip: gz(output[0].code), code: output[0].code, esbuild: gz(es) };
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
      rows.push({ what: `+ \`${name}\` (${label})`, min: r.min, gzip: r.gzip, added: r.gzip - core.gzip, esbuild: r.esbuild });
    }
  }
  const iife = readFileSync(dist('waymark.iife.js'), 'utf8');
  rows.push({ what: 'script tag: `dist/waymark.iife.js`, everything', min: iife.length, gzip: gz(iife) });
  const debug = readFileSync(dist('waymark.debug.iife.js'), 'utf8');
  rows.push({ what: 'script tag with developer warnings: `dist/waymark.debug.iife.js`', min: debug.length, gzip: gz(debug) });
  return rows;
};

export const table = (rows) =>
  '| import | minified bytes | gzip bytes | gzip bytes added to core | gzip bytes, esbuild |\n| --- | ---: | ---: | ---: | ---: |\n' +
  rows.map((r) => `| ${r.what} | ${r.min} | ${r.gzip} | ${r.added ?? ''} | ${r.esbuild ?? ''} |`).join('\n');

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
