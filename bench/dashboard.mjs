// How fast the dashboard answers over a big store: seeds synthetic shop traffic
// (bench/lib/shopEvents.mjs: SDK-shaped messages, visitors over 90 days) into a store through
// its own insert path, starts the collector on it (Fastify, 127.0.0.1), and times every
// request each dashboard view makes, over HTTP, cold: one new message is stored before each
// round, so no answer comes from the cache (a live shop writes all the time). Reports per
// request the median and the slowest of the rounds, and per view the wall time with its
// requests in flight together (as the page sends them).
//
//   node bench/dashboard.mjs                               # SQLite, 1,000,000 events, 5 rounds
//   node bench/dashboard.mjs --engine clickhouse           # a throwaway clickhouse-server
//   options: --events 1000000  --rounds 5  --db FILE (SQLite; kept and reused when it holds
//            exactly --events events)  --write (into bench/RESULTS.md between the dashboard markers)
import { readFileSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { openStore } from '../collector/src/store/openStore.js';
import { buildCollector } from '../collector/src/buildCollector.js';
import { shopEvents } from './lib/shopEvents.mjs';
import { startClickHouse } from '../collector/test/startClickHouse.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const { values: o } = parseArgs({
  options: {
    engine: { type: 'string', default: 'sqlite' },
    events: { type: 'string', default: '1000000' },
    rounds: { type: 'string', default: '5' },
    db: { type: 'string' },
    write: { type: 'boolean', default: false },
  },
});
const target = Number(o.events);
const rounds = Number(o.rounds);
const file = o.db ?? join(tmpdir(), `waymark-dashboard-${target}.db`);

const clickhouse = o.engine == 'clickhouse' ? await startClickHouse() : null;
const store = clickhouse ? await openStore({ engine: 'clickhouse', url: clickhouse.url, database: 'waymark_dashboard_bench' }) : await openStore({ engine: 'sqlite', file });
const stored = (await store.summary()).totals.events;
let seeded = null;
// a store seeded before holds the target plus the "Bench Tick" messages of earlier runs
if (stored < target || stored > target + 10_000) {
  if (stored) throw new Error(`${file} holds ${stored} events, not ${target}: remove it or pass another --db`);
  const t0 = Date.now();
  let n = 0;
  // ~7.8 events per visitor: enough visitors for the target, cut at exactly the target
  for (const batch of shopEvents({ visitors: Math.ceil(target / 7) })) {
    const take = batch.slice(0, target - n);
    await store.insert(take, { transport: 'fetch' });
    n += take.length;
    if (n >= target) break;
    if (n % 100_000 < take.length) process.stdout.write(`seeded ${n}\r`);
  }
  seeded = { events: n, seconds: (Date.now() - t0) / 1000 };
  console.log(`seeded ${n} events in ${seeded.seconds.toFixed(0)} s`);
}
const first = await store.summary();
const span = { first: first.range.first, last: first.range.last };
const last30 = new Date(Date.parse(span.last) - 30 * 86_400_000).toISOString();

const app = await buildCollector({ store, keys: new Map(), local: true, rateLimit: false, quiet: true, sweep: async () => ({}), say: () => {} });
await app.listen({ port: 0, host: '127.0.0.1' });
const base = `http://127.0.0.1:${/** @type {any} */ (app.server.address()).port}`;

const funnel = encodeURIComponent(JSON.stringify([{ stage: 'consideration' }, { event: 'Product Added' }, { event: 'Checkout Started' }, { event: 'Order Completed' }]));
// Each view: the requests the dashboard page sends for it.
const panels = (q) => [`/api/summary?${q}`, `/api/trends?${q}&interval=day`, `/api/segments?${q}&by=channel`, `/api/products?${q}`, `/api/paths?${q}`, `/api/time-to-convert?${q}`];
const VIEWS = {
  'all time': panels(''),
  'last 30 days': panels(`from=${last30}`),
  'all time, channel = email': panels('channel=email'),
  'last 30 days, mobile, returning': panels(`from=${last30}&device=mobile&visitor=returning`),
  'custom funnel (4 steps), all time': [`/api/funnel?steps=${funnel}&window=604800`],
  'custom funnel, any order, last 30 days': [`/api/funnel?steps=${funnel}&window=604800&order=any&from=${last30}`],
};

let seq = 0;
const touch = () =>
  store.insert([
    {
      type: 'track',
      event: 'Bench Tick',
      messageId: `tick-${process.pid}-${++seq}`,
      anonymousId: 'bench',
      timestamp: span.last,
      properties: {},
      context: {},
    },
  ]);
const get = async (path) => {
  const t = performance.now();
  const res = await fetch(base + path);
  await res.arrayBuffer();
  if (!res.ok) throw new Error(`${path}: HTTP ${res.status}`);
  return performance.now() - t;
};
/** @type {Map<string, number[]>} */
const times = new Map();
/** @type {Map<string, number[]>} */
const views = new Map();
for (let r = 0; r < rounds; r++) {
  for (const [view, paths] of Object.entries(VIEWS)) {
    // alone, one after another: each request's own time
    for (const p of paths) {
      await touch();
      const key = view + '\n' + p.split('?')[0];
      times.set(key, [...(times.get(key) ?? []), await get(p)]);
    }
    // together, as the page sends them: the view's wall time
    await touch();
    const t = performance.now();
    await Promise.all(paths.map(get));
    views.set(view, [...(views.get(view) ?? []), performance.now() - t]);
  }
}
await app.close();
await store.close();
await clickhouse?.stop();

const median = (a) => [...a].sort((x, y) => x - y)[a.length >> 1];
const ms = (v) => Math.round(v).toLocaleString('en');
const lines = [];
const date = new Date().toISOString().slice(0, 10);
lines.push(
  `${o.engine}, ${target.toLocaleString('en')} events (${first.totals.visitors.toLocaleString('en')} visitors, ${first.totals.visits.toLocaleString('en')} visits, ${span.first.slice(0, 10)} to ${span.last.slice(0, 10)}), ${rounds} rounds, ${date}, ${cpus().length} cores; \`node bench/dashboard.mjs --engine ${o.engine} --events ${target}\`${seeded ? `; seeded in ${seeded.seconds.toFixed(0)} s` : ''}:`,
  '',
  '| view | request | median ms | slowest ms |',
  '| --- | --- | ---: | ---: |',
);
for (const [key, t] of times) {
  const [view, path] = key.split('\n');
  lines.push(`| ${view} | \`${path}\` | ${ms(median(t))} | ${ms(Math.max(...t))} |`);
}
for (const [view, t] of views) lines.push(`| ${view} | **the whole view, requests together** | ${ms(median(t))} | ${ms(Math.max(...t))} |`);
const table = lines.join('\n');
console.log(table);
if (o.write) {
  const results = join(ROOT, 'bench', 'RESULTS.md');
  const START = `<!-- dashboard:${o.engine}:start -->`;
  const END = `<!-- dashboard:${o.engine}:end -->`;
  let md = readFileSync(results, 'utf8');
  const block = `${START}\n${table}\n${END}`;
  md = md.includes(START) ? md.slice(0, md.indexOf(START)) + block + md.slice(md.indexOf(END) + END.length) : md.trimEnd() + '\n\n' + block + '\n';
  writeFileSync(results, md);
  console.log('bench/RESULTS.md updated');
}
