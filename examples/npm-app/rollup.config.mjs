// Bundles the example app as a shop's build would: ES modules, tree-shaken, minified.
// `waymark` resolves to this repository's package through its package.json "exports" map, the
// way it resolves from node_modules after `npm install waymark` (run `npm run build` first).
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import terser from '@rollup/plugin-terser';
import { nodeResolve } from '@rollup/plugin-node-resolve';

const root = new URL('../../', import.meta.url);
const { exports: map } = JSON.parse(readFileSync(new URL('package.json', root), 'utf8'));

/** Resolves `waymark` and `waymark/<part>` with the package's own exports map ("import" condition). */
export const waymarkPackage = () => ({
  name: 'waymark-package',
  resolveId(id) {
    if (id != 'waymark' && !id.startsWith('waymark/')) return null;
    const entry = map['.' + id.slice('waymark'.length)];
    const file = entry?.import?.default;
    if (!file) throw new Error(`"${id}" is not in waymark's package.json exports`);
    return fileURLToPath(new URL(file, root));
  },
});

// What every production bundler (Vite, webpack, esbuild) does; drops the SDK's dev-only warnings.
const production = { name: 'production', transform: (code) => code.replaceAll('process.env.NODE_ENV', '"production"') };

export default {
  input: fileURLToPath(new URL('src/app.js', import.meta.url)),
  // The core's IndexedDB helper is the package's one dependency; bundle it like any app would.
  plugins: [waymarkPackage(), nodeResolve(), production],
  output: {
    file: fileURLToPath(new URL('dist/app.js', import.meta.url)),
    format: 'es',
    plugins: [terser({ ecma: 2020, module: true, compress: { passes: 2 } })],
  },
};
