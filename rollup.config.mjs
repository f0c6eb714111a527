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
    input: 'src/index.ts',
    external: ['idb-keyval', 'web-vitals'],
    plugins: [ts()],
    output: [
      { file: 'dist/index.js', format: 'es', sourcemap: true },
      { file: 'dist/index.cjs', format: 'cjs', sourcemap: true },
    ],
  },
  {
    input: 'src/iife.ts',
    plugins: [nodeResolve(), ts(), development],
    output: { file: 'dist/waymark.iife.js', format: 'iife', name: 'Waymark', plugins: [minify()] },
  },
];
