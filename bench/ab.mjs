// Side by side, two builds of Waymark's core (two `dist/` directories, e.g. this checkout's
// and one built from another commit), in the same headless Chromium, runs interleaved:
//   node bench/ab.mjs <distA> <distB> [--journey] [--capture] [--runs N]
// Each run opens a fresh page, loads the build (bundled and minified as an app would ship
// it), makes 1,000 track() calls in one task and waits until a collector on 127.0.0.1 has
// all of them (and at least 3 s): it prints medians of the calls' synchronous time, the
// page's main-thread time (Chromium's TaskDuration) and the time to delivery, and B ÷ A.
// Not part of npm test; timings depend on the machine and its load.
import { resolve } from 'node:path';
import { bundle } from '../scripts/size.mjs';
import { burstServer, launch } from './lib/burst.mjs';

const args = process.argv.slice(2);
const flag = (f) => args.includes(f);
const runs = Number(args[args.indexOf('--runs') + 1]) || 5;
const dirs = args.filter((a, i) => !a.startsWith('--') && args[i - 1] != '--runs').map((d) => resolve(d));
if (dirs.length != 2) throw new Error('usage: node bench/ab.mjs <distA> <distB> [--journey] [--capture] [--runs N]');
const journey = flag('--journey');
// capture(): every commerce capture, with a cart holding one item (its per-event work)
const capture = flag('--capture');

const code = [];
for (const d of dirs)
  code.push(
    (
      await bundle(
        `export { createTracker } from '${d}/index.js';\n` +
          (journey ? `export { journey } from '${d}/journey/index.js';\n` : '') +
          (capture ? `export { capture } from '${d}/capture/index.js';\n` : '') +
          'export const _ = 0;',
      )
    ).code,
  );

const server = await burstServer(code);
const { origin } = server;
const browser = await launch();

const results = dirs.map(() => []);
for (let run = 0; run < runs; run++)
  for (let i = 0; i < dirs.length; i++) {
    const context = await browser.newContext();
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send('Performance.enable');
    const busy = async () => (await cdp.send('Performance.getMetrics')).metrics.find((m) => m.name == 'TaskDuration').value * 1000;
    await page.goto(origin + '/');
    await page.evaluate(
      async ({ src, origin, journey, capture }) => {
        const sdk = await import(src);
        if (capture) window.dataLayer = [];
        window.t = sdk.createTracker({ endpoint: origin + '/v1/batch', plugins: [journey && sdk.journey(), capture && sdk.capture()].filter(Boolean) });
        if (capture) window.dataLayer.push({ event: 'add_to_cart', ecommerce: { currency: 'EUR', items: [{ item_id: 'x', price: 1, quantity: 1 }] } });
        await new Promise((r) => setTimeout(r, 500));
      },
      { src: '/sdk' + i, origin, journey, capture },
    );
    server.reset();
    const before = await busy();
    const start = Date.now();
    const sync = await page.evaluate(
      () =>
        new Promise((done) =>
          setTimeout(() => {
            const t0 = performance.now();
            for (let k = 0; k < 1000; k++) window.t.track('Product Viewed', { bench_id: 'B' + k, product_id: 'sku-' + (k % 50), price: 20, currency: 'EUR' });
            done(performance.now() - t0);
          }),
        ),
    );
    while (server.got() < 1000 && Date.now() - start < 20000) await new Promise((r) => setTimeout(r, 20));
    const wall = Date.now() - start;
    await new Promise((r) => setTimeout(r, Math.max(0, 3000 - wall)));
    results[i].push({ sync, busy: (await busy()) - before, wall, got: server.got() });
    await context.close();
  }
await browser.close();
server.close();

const median = (i, k) => results[i].map((r) => r[k]).sort((a, b) => a - b)[results[i].length >> 1];
const row = (label, k, unit) =>
  console.log(label.padEnd(34), ...[0, 1].map((i) => (median(i, k).toFixed(1) + unit).padStart(10)), ('×' + (median(1, k) / median(0, k)).toFixed(2)).padStart(8));
console.log(
  'A = ' +
    dirs[0] +
    '\nB = ' +
    dirs[1] +
    (journey ? '\nwith journey()' : '') +
    (capture ? '\nwith capture() and one item in the cart' : '') +
    '\nmedians of ' +
    runs +
    ' runs, 1,000 track() each',
);
console.log(''.padEnd(34), 'A'.padStart(10), 'B'.padStart(10), 'B ÷ A'.padStart(8));
row('track() x1,000, synchronous', 'sync', ' ms');
row('main thread until delivered', 'busy', ' ms');
row('time to deliver all', 'wall', ' ms');
console.log(
  'delivered'.padEnd(34),
  ...[0, 1].map((i) =>
    results[i]
      .map((r) => r.got)
      .join('/')
      .padStart(10),
  ),
);
