// Waymark side by side with the SDKs shops use today: bytes before the first event,
// main-thread time, long tasks, and events delivered. Prints one table and writes
// bench/RESULTS.md. Run from the repository root with `npm run bench` (it builds Waymark,
// installs bench/'s own dependencies with `npm ci`, then runs this file).
//
//   BENCH_RUNS=5     runs per SDK (median reported; default 3)
//   BENCH_ONLY=a,b   only these rows (writes .out/RESULTS.md instead of RESULTS.md)
//   BENCH_DEBUG=1    keep the pages' console output
import { chromium } from 'playwright-core';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import os from 'node:os';
import { bundle, fileSize } from './lib/bundle.mjs';
import { capturesEntry } from './lib/captures.mjs';
import { createMeasure } from './lib/measure.mjs';
import { report } from './lib/report.mjs';

const BENCH = import.meta.dirname;
const ROOT = join(BENCH, '..');
const OUT = join(BENCH, '.out');
const RUNS = Number(process.env.BENCH_RUNS) || 3;
const ONLY = process.env.BENCH_ONLY?.split(',');
const started = Date.now();
const loadBefore = os.loadavg();
const log = (...a) => console.log(`[${((Date.now() - started) / 1000).toFixed(0).padStart(3)} s]`, ...a);

if (!existsSync(join(ROOT, 'dist', 'index.js')) || !existsSync(join(ROOT, 'dist', 'waymark.iife.js'))) {
  console.error('Waymark is not built: run `npm ci && npm run build` at the repository root first (or `npm run bench`).');
  process.exit(1);
}
// A fresh machine has no Chromium: install Debian's, as `npm test` does (Playwright never
// downloads a browser here).
const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
if (!existsSync(CHROMIUM)) {
  if (process.getuid?.() !== 0) {
    console.error(`No Chromium at ${CHROMIUM}: install Debian's chromium, or set CHROMIUM_PATH.`);
    process.exit(1);
  }
  log('installing Debian chromium (about 20 s)...');
  execFileSync('sh', ['-c', 'apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null'], { stdio: 'inherit' });
}
rmSync(join(OUT, 'bundles'), { recursive: true, force: true });
mkdirSync(OUT, { recursive: true });

const captures = capturesEntry(ROOT, join(OUT, 'waymark-captures.js'));
const bundled = (id, entry = `entries/${id}.js`) => ({ id, entry, scripts: [{ src: `/b/${id}/entry.js`, module: true }] });

// Every row of the table. `ratio` rows are compared with Waymark core.
const VARIANTS = [
  { ...bundled('waymark-core'), label: 'Waymark core', pkg: 'waymark', waymark: true },
  captures.plugins.length && {
    ...bundled('waymark-captures', join(OUT, 'waymark-captures.js')),
    label: 'Waymark core + captures',
    pkg: 'waymark',
    waymark: true,
  },
  {
    ...bundled('waymark-iife'),
    label: 'Waymark IIFE',
    pkg: 'waymark',
    waymark: true,
    // The script-tag build is shipped built: the page loads it as is, then a 5-line adapter.
    scripts: [{ src: '/dist/waymark.iife.js' }, { src: '/b/waymark-iife/entry.js', module: true }],
    size: () => fileSize(join(ROOT, 'dist', 'waymark.iife.js')),
  },
  {
    ...bundled('waymark-shopify'),
    label: 'Waymark script tag on a Shopify shop',
    pkg: 'waymark',
    waymark: true,
    scripts: [{ src: '/b/waymark-shopify/entry.js', module: true }, { src: '/dist/waymark.iife.js' }],
    // before the first event the tag alone; its split files are the lazy chunks
    size: () => {
      const files = readdirSync(join(ROOT, 'dist', 'script')).map((n) => ({ name: n, ...fileSize(join(ROOT, 'dist', 'script', n)).eager }));
      const sum = (k) => files.reduce((n, f) => n + f[k], 0);
      return { ...fileSize(join(ROOT, 'dist', 'waymark.iife.js')), lazy: { files: files.length, min: sum('min'), gzip: sum('gzip') }, lazyFiles: files };
    },
  },
  { ...bundled('segment'), label: 'Segment analytics-next (batching)', pkg: '@segment/analytics-next', cfg: { batching: true } },
  {
    ...bundled('segment'),
    id: 'segment-standard',
    label: 'Segment analytics-next (standard delivery, its default)',
    pkg: '@segment/analytics-next',
    sameBundleAs: 'segment',
  },
  { ...bundled('posthog'), label: 'PostHog (default rate limit)', pkg: 'posthog-js' },
  {
    ...bundled('posthog'),
    id: 'posthog-raised',
    label: 'PostHog (rate limit raised)',
    pkg: 'posthog-js',
    cfg: { raised: true },
    sameBundleAs: 'posthog',
  },
  { ...bundled('snowplow'), label: 'Snowplow browser-tracker', pkg: '@snowplow/browser-tracker' },
  { ...bundled('rudderstack'), label: 'RudderStack v3 (bundled)', pkg: '@rudderstack/analytics-js' },
  { ...bundled('none'), label: '(no SDK: harness floor)', timingsOnly: true },
  // the 1,000 as bare fetch sends them: what the platform charges for the bytes (timings and delivery only)
  { ...bundled('fetch-floor'), label: '(no SDK: the same 1,000 messages built and sent by bare fetch)', timingsOnly: true, delivers: true },
  // the least a deferring track() does at the call: time, URL, a copy of the properties (synchronous figure only)
  { ...bundled('defer-floor'), label: '(no SDK: time, URL and a copy of the properties per call, nothing after)', timingsOnly: true },
].filter((v) => v && (!ONLY || ONLY.includes(v.id)));

// 1. Bundles and bytes.
log('bundling', VARIANTS.length, 'rows...');
const sizes = {};
for (const v of VARIANTS) {
  if (v.sameBundleAs) continue;
  const built = await bundle(resolve(BENCH, v.entry), join(OUT, 'bundles', v.id));
  sizes[v.id] = v.size ? v.size() : built;
}
for (const v of VARIANTS) if (v.sameBundleAs) sizes[v.id] = sizes[v.sameBundleAs];

// 2. The browser runs. Timings first, one page at a time, interleaved (every row once,
// then again) so that a burst of other work on the machine hits every row rather than one.
// Then the delivery measurements, which mostly wait, a few at a time: each has its own
// collector and browser context.
const dirs = { '/b/': join(OUT, 'bundles'), '/dist/': join(ROOT, 'dist') };
const browser = await chromium.launch({
  // As in playwright.config.ts: Debian's Chromium; Playwright never downloads a browser.
  executablePath: CHROMIUM,
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  headless: true,
});
const measure = createMeasure({ browser, dirs, debug: !!process.env.BENCH_DEBUG });
const runs = Object.fromEntries(VARIANTS.map((v) => [v.id, Array.from({ length: RUNS }, () => ({}))]));
const step = async (v, r, name, fn) => {
  const result = runs[v.id][r];
  try {
    Object.assign(result, await fn());
  } catch (e) {
    result.errors = [...(result.errors || []), name + ': ' + String(e.message || e).split('\n')[0]];
  }
  log(`run ${r + 1}/${RUNS}`, v.id.padEnd(16), name.padEnd(16), result.errors?.length ? result.errors.at(-1) : '');
};
for (let r = 0; r < RUNS; r++) for (const v of VARIANTS) await step(v, r, 'timings', () => measure.timings(v));

const tasks = [];
for (let r = 0; r < RUNS; r++)
  for (const v of VARIANTS) {
    if (v.timingsOnly) continue;
    tasks.push(() => step(v, r, 'close', () => measure.close(v)));
    tasks.push(() => step(v, r, 'offline', () => measure.offline(v)));
    if (v.waymark) {
      tasks.push(() => step(v, r, 'two tabs', () => measure.twoTabs(v)));
      tasks.push(() =>
        step(v, r, 'two tabs offline', async () => {
          const o = await measure.offline(v, 2);
          return { tabsOffline: o.offline, tabsOfflineNext: o.offlineNext, tabsOfflineDuplicates: o.offlineDuplicates };
        }),
      );
    }
  }
const PARALLEL = 3;
await Promise.all(
  Array.from({ length: PARALLEL }, async () => {
    while (tasks.length) await tasks.shift()();
  }),
);
const chromiumVersion = browser.version();
await browser.close();

// 3. The table and RESULTS.md.
const version = (pkg) =>
  pkg == 'waymark'
    ? JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).version +
      ' @ ' +
      git('rev-parse', '--short', 'HEAD') +
      (git('status', '--porcelain', '--', 'src').trim() ? ' (+ uncommitted src changes)' : '')
    : JSON.parse(readFileSync(join(BENCH, 'node_modules', pkg, 'package.json'), 'utf8')).version;
function git(...args) {
  try {
    return execFileSync('git', ['-C', ROOT, ...args], { encoding: 'utf8' }).trim();
  } catch {
    return '?';
  }
}
const { table, markdown } = report({
  variants: VARIANTS,
  sizes,
  runs,
  captures,
  meta: {
    date: new Date().toISOString(),
    runs: RUNS,
    command: process.env.BENCH_COMMAND || 'node bench/run.mjs',
    seconds: Math.round((Date.now() - started) / 1000),
    // Set by `npm run bench` before it builds and installs: the whole command's duration.
    totalSeconds: process.env.BENCH_STARTED ? Math.round(Date.now() / 1000 - Number(process.env.BENCH_STARTED)) : undefined,
    nproc: os.cpus().length,
    memory: (os.totalmem() / 2 ** 30).toFixed(1) + ' GiB',
    cpu: os.cpus()[0]?.model,
    load: [loadBefore, os.loadavg()],
    chromium: chromiumVersion,
    node: process.version,
    versions: Object.fromEntries([...new Set(VARIANTS.filter((v) => v.pkg).map((v) => v.pkg))].map((p) => [p, version(p)])),
  },
});
console.log('\n' + table);
const file = ONLY ? join(OUT, 'RESULTS.md') : join(BENCH, 'RESULTS.md');
// The sections other scripts write (bench/collector.mjs, chaos.mjs, dashboard.mjs) follow the
// collector's marker to the end of the file: keep them all.
const previous = existsSync(join(BENCH, 'RESULTS.md')) ? readFileSync(join(BENCH, 'RESULTS.md'), 'utf8') : '';
const collector = /<!-- collector:start -->[\s\S]*$/.exec(previous)?.[0].trimEnd();
writeFileSync(file, collector ? markdown.trimEnd() + '\n\n' + collector + '\n' : markdown);
writeFileSync(join(OUT, 'runs.json'), JSON.stringify({ sizes, runs }, null, 1));
log('wrote', file);
