// Where the main-thread time of Waymark's 1,000-event burst goes: a V8 CPU profile (DevTools
// protocol, 50 µs sampling) of the same burst bench/ab.mjs measures, on a build of the core
// bundled by esbuild without minifying (so functions keep their names), summed over runs as
// self time per function. Native work is listed under its own name (fetch, put,
// randomUUID) or as "(program)" and "(garbage collector)". Not part of npm test.
//   node bench/profile.mjs [distDir] [--runs N] [--top N]
// The profiler's own overhead inflates every figure; compare rows with each other, and read
// absolute times from bench/RESULTS.md.
import { build } from 'esbuild';
import { resolve } from 'node:path';
import { burstServer, launch } from './lib/burst.mjs';

const args = process.argv.slice(2);
const opt = (f, d) => (args.includes(f) ? Number(args[args.indexOf(f) + 1]) : d);
const runs = opt('--runs', 5);
const top = opt('--top', 30);
const dir = resolve(args.find((a, i) => !a.startsWith('--') && !args[i - 1]?.startsWith('--')) || 'dist');
const code = (
  await build({
    stdin: { contents: `export { createTracker } from '${dir}/index.js';`, resolveDir: process.cwd() },
    bundle: true,
    format: 'esm',
    write: false,
    define: { 'process.env.NODE_ENV': '"production"' },
  })
).outputFiles[0].text;

const server = await burstServer([code]);
const { origin } = server;
const browser = await launch();

const self = new Map();
let sampled = 0;
let busy = 0;
for (let run = 0; run < runs; run++) {
  const context = await browser.newContext();
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Performance.enable');
  const taskMs = async () => (await cdp.send('Performance.getMetrics')).metrics.find((m) => m.name == 'TaskDuration').value * 1000;
  await page.goto(origin + '/');
  await page.evaluate(async (o) => {
    const sdk = await import('/sdk0');
    window.t = sdk.createTracker({ endpoint: o + '/v1/batch' });
    await new Promise((r) => setTimeout(r, 500));
  }, origin);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 50 });
  server.reset();
  const before = await taskMs();
  await cdp.send('Profiler.start');
  await page.evaluate(
    () =>
      new Promise((done) =>
        setTimeout(() => {
          for (let k = 0; k < 1000; k++) window.t.track('Product Viewed', { bench_id: 'B' + k, product_id: 'sku-' + (k % 50), price: 20, currency: 'EUR' });
          done();
        }),
      ),
  );
  const start = Date.now();
  while (server.got() < 1000 && Date.now() - start < 20000) await new Promise((r) => setTimeout(r, 20));
  await new Promise((r) => setTimeout(r, 1500));
  const { profile } = await cdp.send('Profiler.stop');
  busy += (await taskMs()) - before;
  const nodes = new Map(profile.nodes.map((n) => [n.id, n.callFrame]));
  profile.samples.forEach((id, i) => {
    const f = nodes.get(id);
    if (f.functionName == '(idle)') return;
    const key = (f.functionName || '(anonymous)') + (f.url ? '  sdk:' + (f.lineNumber + 1) : '');
    const ms = (profile.timeDeltas[i + 1] ?? 0) / 1000;
    self.set(key, (self.get(key) || 0) + ms);
    sampled += ms;
  });
  await context.close();
}
await browser.close();
server.close();

console.log(
  `${dir}: ${runs} runs of 1,000 track(); per run: main thread (TaskDuration, profiler on) ${(busy / runs).toFixed(1)} ms, sampled not idle ${(sampled / runs).toFixed(1)} ms`,
);
console.log('self ms per run, by function:');
for (const [k, v] of [...self].sort((a, b) => b[1] - a[1]).slice(0, top)) console.log((v / runs).toFixed(2).padStart(8), ' ', k);
