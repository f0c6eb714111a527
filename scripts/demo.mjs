// The main job (npm run demo): builds the SDK, starts the SQLite collector with its journey
// dashboard and the demo shop on 127.0.0.1, and prints their URLs. With --visitors N it then
// sends N simulated visitors through the shop in headless Chromium, so the dashboard fills.
//
//   npm run demo                                 # shop + collector + dashboard, until Ctrl-C
//   npm run demo -- --visitors 40                # ... and 40 simulated visitors
//   npm run demo -- --visitors 20 --exit         # ... then stop (a smoke run)
//   npm run demo -- --clickhouse http://127.0.0.1:8123   # store in ClickHouse instead of SQLite
//   options: --port 8080 (collector, or PORT)  --shop-port 8081  --db FILE  --clickhouse URL
//            --abandon-after 30  --sweep-interval 60  --fresh  --concurrency 2  --seed 1  --quiet
//            --truth FILE (the ground truth; default beside the SQLite file, or
//            collector/data/waymark.clickhouse.truth.json for ClickHouse)
//            --skip-build (use the dist/ already built: the build first deletes dist/, which
//            would pull the script tag from under any other page serving it, e.g. parallel tests)
//
// The visitors record their ground truth (channel, exit kind, furthest stage, cart, checkout
// step, order, visits) beside the database (waymark.truth.json next to waymark.db); after
// them, the demo runs the collector's abandonment sweep at a time past every visitor's clock
// and prints the summary, the truth it compared it to, and "matches ground truth" or the
// differences (scripts/truth.mjs).
// The collector runs in local mode (no write keys, open dashboard), on 127.0.0.1 only.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { parseArgs } from 'node:util';
import { DEFAULT_DB, startCollector } from '../collector/src/server.js';
import { startShop } from '../examples/shop/server.mjs';
import { coveragePlans, runVisitors } from './visitors.mjs';
import { compareTruth, describeSummary, describeTruth, readTruth } from './truth.mjs';

const { values: o } = parseArgs({
  options: {
    visitors: { type: 'string', default: '0' },
    concurrency: { type: 'string', default: '2' },
    port: { type: 'string', default: process.env.PORT || '8080' },
    'shop-port': { type: 'string', default: '8081' },
    db: { type: 'string', default: DEFAULT_DB },
    clickhouse: { type: 'string' },
    'abandon-after': { type: 'string', default: '30' },
    'sweep-interval': { type: 'string', default: '60' },
    seed: { type: 'string', default: '1' },
    fresh: { type: 'boolean', default: false },
    'skip-build': { type: 'boolean', default: false },
    truth: { type: 'string' },
    exit: { type: 'boolean', default: false },
    quiet: { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h', default: false },
  },
});
if (o.help) {
  console.log(
    'usage: npm run demo -- [--visitors N] [--concurrency 2] [--port 8080] [--shop-port 8081] [--db FILE | --clickhouse URL] [--abandon-after 30] [--sweep-interval 60] [--seed 1] [--truth FILE] [--fresh] [--exit] [--quiet] [--skip-build]',
  );
  process.exit(0);
}
const visitors = Number(o.visitors);
if (!Number.isInteger(visitors) || visitors < 0) {
  console.error('--visitors must be a whole number, e.g. --visitors 40');
  process.exit(2);
}

if (o['skip-build'] && !existsSync(new URL('../dist/waymark.iife.js', import.meta.url))) {
  console.error('--skip-build: dist/ has no build yet; run npm run build first, or drop --skip-build');
  process.exit(2);
}
if (!o['skip-build'] && spawnSync('npm', ['run', '--silent', 'build'], { stdio: 'inherit' }).status) process.exit(1);
// --fresh starts from an empty database (the collector keeps its data across runs otherwise).
// The ground truth lives beside the database (for ClickHouse or :memory:, beside the default one).
// ClickHouse has a truth file of its own: it and a SQLite file hold different visitors.
const truthFile = o.truth || (o.clickhouse ? DEFAULT_DB.replace(/(\.db)?$/, '.clickhouse') : o.db == ':memory:' ? DEFAULT_DB : o.db).replace(/(\.db)?$/, '.truth.json');
if (o.fresh && o.clickhouse) {
  // the demo does not drop a ClickHouse database: it may be a shared one
  console.error('--fresh empties a SQLite file only; for ClickHouse drop its database yourself (DROP DATABASE waymark), then run with --truth NEW_FILE or delete ' + truthFile);
  process.exit(2);
}
if (o.fresh && o.db != ':memory:') for (const f of [o.db, o.db + '-wal', o.db + '-shm']) rmSync(f, { force: true });
if (o.fresh || o.db == ':memory:') rmSync(truthFile, { force: true });

// A busy port is the usual reason to fail here: say which, and how to pick another.
const listening = async (what, flag, start) => {
  try {
    return await start();
  } catch (e) {
    console.error(`Could not start the ${what}: ${e.message}${e.code == 'EADDRINUSE' ? ` (choose another port with ${flag}, or 0 for any free one)` : ''}`);
    process.exit(1);
  }
};
const collector = await listening('collector', '--port', () =>
  startCollector({
    port: Number(o.port),
    ...(o.clickhouse ? { clickhouse: o.clickhouse } : { db: o.db }),
    abandonAfter: Number(o['abandon-after']),
    sweepInterval: Number(o['sweep-interval']),
    // The simulated visitors run on Playwright's clock, jumped 31 minutes to walk away: their
    // timestamps are meant as sent, not corrected against this machine's clock by sentAt.
    trustClientClock: true,
    quiet: o.quiet,
  }),
);
const shop = await listening('shop', '--shop-port', () => startShop({ port: Number(o['shop-port']), endpoint: collector.endpoint }));
console.log(`
Waymark demo
  shop:       ${shop.url}/
  landing:    ${shop.landing}
  dashboard:  ${collector.url}/
  collector:  ${collector.endpoint}  (${o.clickhouse ? 'ClickHouse: ' + o.clickhouse : 'SQLite: ' + o.db}; local mode: any write key, open dashboard)
`);

const stop = async () => {
  await shop.close();
  await collector.close();
  process.exit(process.exitCode ?? 0);
};
process.once('SIGINT', stop);
process.once('SIGTERM', stop);

if (visitors) {
  console.log(`Sending ${visitors} simulated visitors through the shop (headless Chromium)...`);
  // Every exit kind (tab closed, page left open, back after the window, back within it to buy)
  // at every depth first, then a mix drawn from the seed.
  const plans = coveragePlans(visitors, Number(o.seed) || 1);
  // The database keeps earlier runs (without --fresh): so does the truth, visitor for visitor.
  const before = existsSync(truthFile) ? readTruth(truthFile).visitors : [];
  const done = await runVisitors({ shop: shop.url, plans, seed: Number(o.seed) || 1, concurrency: Number(o.concurrency) || 2, log: (line) => console.log('  ' + line) });
  const truth = [...before, ...done];
  mkdirSync(dirname(truthFile), { recursive: true });
  writeFileSync(truthFile, JSON.stringify({ seed: Number(o.seed) || 1, visitors: truth }, null, 2) + '\n');
  console.log(`${done.length} of ${visitors} visitors done; their truth is in ${truthFile}.`);
  // The visitors' clocks ran ahead (walking away, coming back days later): sweep at a time past
  // them all, as the timer would once that time came. Beacons may still be arriving, and a late
  // one cancels what a sweep derived: sweep and compare until they agree, for up to 15 s.
  const now = new Date(Date.now() + 7 * 24 * 3600_000).toISOString();
  let summary;
  let differences = [];
  for (const end = Date.now() + 15_000; ; await new Promise((r) => setTimeout(r, 500))) {
    await collector.sweep({ now });
    summary = await collector.summary();
    differences = compareTruth(summary, truth);
    if (!differences.length || Date.now() > end) break;
  }
  console.log('\nSummary (GET /api/summary, after the sweep at ' + now + '):');
  for (const line of describeSummary(summary)) console.log('  ' + line);
  console.log(`Ground truth (${truth.length} simulated visitors, ${truthFile}):`);
  for (const line of describeTruth(truth)) console.log('  ' + line);
  if (differences.length) {
    console.log('DIFFERS from ground truth:');
    for (const d of differences) console.log('  ' + d);
  } else console.log('The summary matches ground truth.');
  console.log(`Dashboard: ${collector.url}/`);
  if (differences.length) process.exitCode = 1;
}
if (o.exit) await stop();
else console.log('Ctrl-C stops the demo.');
