import typescript from '@rollup/plugin-typescript';
import { nodeResolve } from '@rollup/plugin-node-resolve';
import terser from '@rollup/plugin-terser';

const ts = () => typescript({ tsconfig: './tsconfig.json', declaration: false, outDir: 'dist', noEmitOnError: false });

// Internal fields named with a leading underscore are mangled; wire and public names stay.
const minify = () => terser({ ecma: 2020, compress: { passes: 3 }, mangle: { properties: { regex: /^_/ } } });

// The script tag has no bundler to set NODE_ENV: keep the developer warnings there.
const development = { name: 'development', transform: (code) => code.replaceAll('process.env.NODE_ENV', '"development"') };

export default [
  {
    // One entry per package.json "exports" path: optional parts share the core through
    // chunks, so importing `waymark` and `waymark/journey` ships the core once.
    input: {
      index: 'src/index.ts',
      'journey/index': 'src/journey/index.ts',
      'capture/index': 'src/capture/index.ts',
      'vitals/index': 'src/vitals/index.ts',
      'debug/index': 'src/journey/debugPanel.ts',
    },
    external: ['idb-keyval', 'web-vitals'],
    plugins: [ts()],
    output: [
      { dir: 'dist', format: 'es', sourcemap: true, entryFileNames: '[name].js', chunkFileNames: 'chunks/[name]-[hash].js' },
      { dir: 'dist', format: 'cjs', sourcemap: true, entryFileNames: '[name].cjs', chunkFileNames: 'chunks/[name]-[hash].cjs' },
    ],
  },
  {
    input: 'src/iife.ts',
    // src/iife.ts imports itself on purpose: the script tag finds plugins among its exports.
    onwarn: (w, warn) => (w.code == 'CIRCULAR_DEPENDENCY' && w.ids?.every((id) => id.endsWith('src/iife.ts')) ? undefined : warn(w)),
    plugins: [nodeResolve(), ts(), development],
    output: { file: 'dist/waymark.iife.js', format: 'iife', name: 'Waymark', plugins: [minify()] },
  },
];
