// The split files of the script tag use the loader's copy of the helpers it carries (listed in
// src/script/provided.ts) instead of bundling their own: a build plugin, for rollup (the
// build) and esbuild (scripts/size.mjs's esbuild column), that turns a split file's import of
// such a module into a module reading the listed names from what the loader left on `window`
// and taking every other name (constants, types) from the real module.
import { readFileSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const LIST = root + 'src/script/provided.ts';
const version = JSON.parse(readFileSync(root + 'package.json', 'utf8')).version;

/** The key the loader uses (src/iife.ts): one per version, so a split file of another version finds nothing. */
export const KEY = 'waymark.loader ' + version;

const noExt = (p) => p.replace(/\.[cm]?[jt]s$/, '');
/** Module path without extension → [name, place in the loader's list] for each name it provides. */
export const provided = () => {
  const text = readFileSync(LIST, 'utf8');
  const list = /export const provided = \[([^\]]*)\]/
    .exec(text)[1]
    .split(',')
    .map((n) => n.trim())
    .filter(Boolean);
  const out = new Map();
  for (const [, names, from] of text.matchAll(/^import\s*\{([^}]*)\}\s*from\s*'([^']+)'/gm)) {
    const entries = names
      .split(',')
      .map((n) => n.trim())
      .filter(Boolean)
      .map((n) => [n, list.indexOf(n)]);
    const missing = entries.find(([, i]) => i < 0);
    if (missing) throw new Error('src/script/provided.ts imports ' + missing[0] + ' but does not list it in `provided`');
    out.set(noExt(resolve(dirname(LIST), from)), entries);
  }
  return out;
};

/** The module every provided module reads from: what the loader left on `window`. */
const LOADER = 'export const l = globalThis[Symbol.for(' + JSON.stringify(KEY) + ')];\n';
// `export *` brings what the loader does not provide (constants, inlined where used); the
// explicit exports shadow it. Each read is a pure call, so a name no file uses is left out.
const moduleFor = (loader, real, names) =>
  'import { l } from ' +
  JSON.stringify(loader) +
  ';\n' +
  'export * from ' +
  JSON.stringify(real) +
  ';\n' +
  names.map(([n, i]) => 'export const ' + n + ' = /* @__PURE__ */ (() => l[' + i + '])();').join('\n') +
  '\n';

const PREFIX = '\0from-loader:';
const PURE_READ = /\/\*\s*[#@]__PURE__\s*\*\/\s*\(\(\) => (\w+)(\[\d+\])\)\(\)/g;

/** Rollup: for the split build (rollup.config.mjs). */
export const rollupFromLoader = () => {
  const list = provided();
  return {
    name: 'from-loader',
    async resolveId(source, importer, options) {
      if (source == PREFIX) return PREFIX;
      if (!importer || importer.startsWith(PREFIX)) return null;
      const r = await this.resolve(source, importer, { ...options, skipSelf: true });
      return r && !r.external && list.has(noExt(r.id)) ? PREFIX + r.id : null;
    },
    // the reads that stayed, as plain reads for terser (which keeps a pure call as it is)
    renderChunk: (code) => ({ code: code.replace(PURE_READ, '$1$2'), map: null }),
    load(id) {
      if (id == PREFIX) return LOADER;
      if (id.startsWith(PREFIX)) return moduleFor(PREFIX, id.slice(PREFIX.length), list.get(noExt(id.slice(PREFIX.length))));
    },
  };
};

/** esbuild: the same for scripts/size.mjs's esbuild build of the split files. */
export const esbuildFromLoader = () => {
  const list = provided();
  return {
    name: 'from-loader',
    setup(b) {
      b.onResolve({ filter: /^\.\.?\// }, async (a) => {
        if (a.namespace == 'from-loader' || a.pluginData == 'real') return undefined;
        const r = await b.resolve(a.path, { kind: a.kind, importer: a.importer, resolveDir: a.resolveDir, pluginData: 'real' });
        // named from the root: esbuild hashes a virtual module's path into the chunk names
        return !r.errors.length && list.has(noExt(r.path)) ? { path: relative(root, r.path), namespace: 'from-loader' } : undefined;
      });
      b.onResolve({ filter: /^waymark-loader$/ }, () => ({ path: 'waymark-loader', namespace: 'waymark-loader' }));
      b.onLoad({ filter: /.*/, namespace: 'waymark-loader' }, () => ({ contents: LOADER, loader: 'js' }));
      b.onLoad({ filter: /.*/, namespace: 'from-loader' }, (a) => {
        const real = resolve(root, a.path);
        return { contents: moduleFor('waymark-loader', real, list.get(noExt(real))), resolveDir: dirname(real), loader: 'js' };
      });
    },
  };
};
