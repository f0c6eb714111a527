// Bundles each SDK's entry the way a shop's build would (rollup, node-resolve for the
// browser, terser), and measures what a page must load before it can send its first event.
import { rollup } from 'rollup';
import { nodeResolve } from '@rollup/plugin-node-resolve';
import commonjs from '@rollup/plugin-commonjs';
import replace from '@rollup/plugin-replace';
import json from '@rollup/plugin-json';
import terser from '@rollup/plugin-terser';
import { gzipSync } from 'node:zlib';
import { readFileSync } from 'node:fs';

const gzip = (buf) => gzipSync(buf, { level: 9 }).length;

/**
 * Builds `input` into `dir` as ES modules, so that code an SDK imports lazily (`import()`)
 * lands in chunks of its own. Returns the bytes of the chunks loaded before the first event
 * (the entry and everything it imports statically) and of the lazy chunks, separately.
 */
export const bundle = async (input, dir) => {
  const warnings = [];
  const build = await rollup({
    input,
    // Peers ship circular imports, `this` at module top level and the like: not our concern.
    onwarn: (w) => warnings.push(w.code),
    plugins: [
      replace({ preventAssignment: true, values: { 'process.env.NODE_ENV': JSON.stringify('production') } }),
      nodeResolve({ browser: true, preferBuiltins: false }),
      commonjs(),
      json(),
    ],
  });
  // One minifier, one setting, for every SDK: terser's defaults, as a bundler would apply.
  const { output } = await build.write({
    dir,
    format: 'es',
    entryFileNames: 'entry.js',
    chunkFileNames: '[name]-[hash].js',
    plugins: [terser()],
  });
  await build.close();
  const chunks = new Map(output.filter((o) => o.type == 'chunk').map((c) => [c.fileName, c]));
  const eager = new Set();
  const visit = (name) => {
    if (eager.has(name)) return;
    eager.add(name);
    for (const i of chunks.get(name).imports) visit(i);
  };
  visit('entry.js');
  const size = (names) => {
    const codes = names.map((n) => Buffer.from(chunks.get(n).code));
    return { files: names.length, min: codes.reduce((s, c) => s + c.length, 0), gzip: codes.reduce((s, c) => s + gzip(c), 0) };
  };
  const lazy = [...chunks.keys()].filter((n) => !eager.has(n));
  return { eager: size([...eager]), lazy: size(lazy), lazyFiles: lazy.map((n) => ({ name: n, ...size([n]) })), warnings: warnings.length };
};

/** Bytes of a file shipped already built (Waymark's IIFE). */
export const fileSize = (file) => {
  const b = readFileSync(file);
  return { eager: { files: 1, min: b.length, gzip: gzip(b) }, lazy: { files: 0, min: 0, gzip: 0 }, lazyFiles: [], warnings: 0 };
};
