import typescript from '@rollup/plugin-typescript';
import { nodeResolve } from '@rollup/plugin-node-resolve';
import terser from '@rollup/plugin-terser';
import { dts } from 'rollup-plugin-dts';
import { rollupFromLoader } from './scripts/fromLoader.mjs';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';

const ts = (outDir = 'dist') => typescript({ tsconfig: './tsconfig.json', declaration: false, outDir, noEmitOnError: false });

// Internal fields named with a leading underscore are mangled; wire and public names stay.
const minify = (module) => terser({ ecma: 2020, module, compress: { passes: 3 }, mangle: { properties: { regex: /^_/ } } });

// The script tag has no bundler to set NODE_ENV: the build does, once per file it ships.
const nodeEnv = (value) => ({ name: 'node-env', transform: (code) => code.replaceAll('process.env.NODE_ENV', JSON.stringify(value)) });

/** One entry per package.json "exports" path (the key is its file under dist/). */
const ENTRIES = {
  index: 'src/index.ts',
  'journey/index': 'src/journey/index.ts',
  'capture/index': 'src/capture/index.ts',
  'vitals/index': 'src/vitals/index.ts',
  'debug/index': 'src/journey/debugPanel.ts',
};

// The third-party packages a script-tag file bundles, with their licenses, named in a
// comment at its top (Apache-2.0 asks that its notice travel with the code). The list is
// read from the modules really bundled, so a new dependency cannot ship unnamed; the full
// texts are in THIRD_PARTY_NOTICES, and the build fails when a package is missing there.
const notices = () => ({
  name: 'notices',
  renderChunk(code, chunk) {
    const pkgs = new Map();
    for (const id of Object.keys(chunk.modules)) {
      const m = /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(id);
      if (!m || pkgs.has(m[1])) continue;
      const pkg = JSON.parse(readFileSync('node_modules/' + m[1] + '/package.json', 'utf8'));
      pkgs.set(m[1], pkg.name + ' ' + pkg.version + ' (' + pkg.license + ')');
    }
    const text = readFileSync('THIRD_PARTY_NOTICES', 'utf8');
    for (const [name] of pkgs) if (!text.includes('## ' + name + ' ')) this.error(name + ' is bundled into ' + chunk.fileName + ' but not in THIRD_PARTY_NOTICES');
    const list = [...pkgs.values()].sort().join(', ');
    return '/*! Waymark ' + JSON.parse(readFileSync('package.json', 'utf8')).version + ' (MIT).' + (list ? ' Bundles ' + list + ': see THIRD_PARTY_NOTICES.' : '') + ' */\n' + code;
  },
});

// Subresource Integrity: dist/sri.json holds the sha384 of each script-tag file, for an
// `integrity` attribute (`node scripts/size.mjs --write` copies it into the README).
const sri = () => ({
  name: 'sri',
  writeBundle(options, bundle) {
    const file = 'dist/sri.json';
    const all = existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : {};
    const dir = options.dir ? options.dir.replace(/^dist\/?/, '') + '/' : '';
    for (const [name, chunk] of Object.entries(bundle))
      if (chunk.type == 'chunk') all[dir + name] = 'sha384-' + createHash('sha384').update(chunk.code).digest('base64');
    writeFileSync(file, JSON.stringify(all, null, 2) + '\n');
  },
});

const script = (input, file, env) => ({
  input,
  // the entry imports itself on purpose: the script tag finds plugins among its exports.
  onwarn: (w, warn) => (w.code == 'CIRCULAR_DEPENDENCY' && w.ids?.every((id) => id.endsWith(input)) ? undefined : warn(w)),
  plugins: [nodeResolve(), ts(), nodeEnv(env)],
  output: { file: 'dist/' + file, format: 'iife', name: 'Waymark', plugins: [minify(false), notices(), sri()] },
});

/**
 * The captures the script tag loads after its first event, by the name `data-capture` gives
 * them (src/script/captures.ts): each an ES module exporting its factory under that name, in
 * dist/script/. What two of them share (the commerce hub, request watching) is a chunk of its
 * own, so a page that loads both downloads it once and both use one hub.
 */
export const SPLIT = {
  attributes: 'src/capture/attributes.ts',
  jsonLd: 'src/capture/jsonLd.ts',
  dataLayer: 'src/capture/dataLayer.ts',
  shopify: 'src/capture/shopify.ts',
  woocommerce: 'src/capture/woocommerce.ts',
  selectors: 'src/capture/selectors.ts',
  checkout: 'src/capture/checkout.ts',
  friction: 'src/capture/friction/friction.ts',
  webVitals: 'src/vitals/webVitals.ts',
  debugPanel: 'src/journey/debugPanel.ts',
};

// The commerce captures: what only they share is one chunk (the hub, the cart model, request
// watching), and what they share with the others (friction, Web Vitals, the debug panel)
// another, so a page that loads only Web Vitals never downloads the commerce code. A module
// one entry alone imports stays in that entry.
const COMMERCE_ENTRIES = ['attributes', 'jsonLd', 'dataLayer', 'shopify', 'woocommerce', 'selectors', 'checkout'].map((n) => SPLIT[n]);
const shared = (id, { getModuleInfo }) => {
  const entries = new Set();
  const seen = new Set();
  const walk = (m) => {
    if (seen.has(m)) return;
    seen.add(m);
    const info = getModuleInfo(m);
    if (info.isEntry) entries.add(m.slice(m.lastIndexOf('/src/') + 1));
    else info.importers.forEach(walk);
  };
  walk(id);
  if (entries.size < 2) return undefined;
  return [...entries].every((e) => COMMERCE_ENTRIES.includes(e)) ? 'commerce' : 'shared';
};

export default [
  {
    // Optional parts share the core through chunks, so importing `waymark` and
    // `waymark/journey` ships the core once.
    input: ENTRIES,
    external: ['idb-keyval', 'web-vitals'],
    plugins: [ts()],
    output: [
      { dir: 'dist', format: 'es', sourcemap: true, entryFileNames: '[name].js', chunkFileNames: 'chunks/[name]-[hash].js' },
      { dir: 'dist', format: 'cjs', sourcemap: true, entryFileNames: '[name].cjs', chunkFileNames: 'chunks/[name]-[hash].cjs' },
    ],
  },
  // Types: one self-contained declaration file per entry, as `.d.ts` for `import` and `.d.cts`
  // for `require` (TypeScript reads a file's module format from its extension, so one file
  // cannot serve both: https://arethetypeswrong.github.io/?p=masquerading-as-esm). Shared
  // types are inlined in each; TypeScript compares them by structure, so they mix freely.
  ...Object.entries(ENTRIES).map(([name, input]) => ({
    input,
    external: ['idb-keyval', 'web-vitals'],
    plugins: [dts({ tsconfig: './tsconfig.json' })],
    output: [
      { file: 'dist/' + name + '.d.ts', format: 'es' },
      { file: 'dist/' + name + '.d.cts', format: 'es' },
    ],
  })),
  // The script tag: the production file ships no developer warnings; the debug file has them.
  // The debug file carries every capture in itself.
  script('src/iife.ts', 'waymark.iife.js', 'production'),
  script('src/iife.debug.ts', 'waymark.debug.iife.js', 'development'),
  {
    input: SPLIT,
    // what the loader carries (src/script/provided.ts) is read from it, not bundled again
    plugins: [rollupFromLoader(), nodeResolve(), ts('dist/script'), nodeEnv('production')],
    output: {
      dir: 'dist/script',
      format: 'es',
      entryFileNames: '[name].js',
      chunkFileNames: '[name]-[hash].js',
      manualChunks: shared,
      plugins: [minify(true), notices(), sri()],
    },
  },
];
