// How long each dashboard report takes on the ClickHouse engine over a big store: seeds
// synthetic shop traffic (bench/lib/shopEvents.mjs) through the store's own insert path into a
// throwaway clickhouse-server, then times every report at the store (no HTTP), cold: one new
// message is stored before each round, so no answer comes from the cache. Prints per report
// the median and the slowest of the rounds.
//
//   node bench/clickhouse-reports.mjs                     # 1,000,000 events, 5 rounds
//   options: --events 1000000  --rounds 5  --url http://127.0.0.1:8123 (a running server; its
//            database waymark_reports_bench is kept and reused when it holds --events events)

import { parseArgs } from 'node:util';
import { openStore } from '../collector/src/store/openStore.js';
import { readFilters } from '../collector/src/store/filters.js';
import { startClickHouse } from '../collector/test/startClickHouse.js';
import { shopEvents } from './lib/shopEvents.mjs';

const { values: o } = parseArgs({
  options: {
    events: { type: 'string', default: '1000000' },
    rounds: { type: 'string', default: '5' },
    url: { type: 'string' },
  },
});
const target = Number(o.events);
const rounds = Number(o.rounds);
const server = o.url ? null : await startClickHouse();
const url = o.url ?? /** @type {any} */ (server).url;
const database = 'waymark_reports_bench';
const store = await openStore({ engine: 'clickhouse', url, database });
const count = async () => Number((await store.summary()).totals.events);

let stored = await count();
// (each round adds one message: a database seeded before holds a few more)
if (stored < target || stored > target + 1000) {
  if (stored) throw new Error(`${database} holds ${stored} events, not ${target}: drop it first`);
  const started = Date.now();
  // about 8 events a visitor; stop at the target
  let inflight = [];
  for (const batch of shopEvents({ visitors: Math.ceil(target / 7), seed: 1, batchSize: 500 })) {
    const take = batch.slice(0, target - stored);
    if (!take.length) break;
    stored += take.length;
    inflight.push(store.insert(take, { transport: 'fetch' }));
    if (inflight.length >= 8) await Promise.all(inflight.splice(0));
  }
  await Promise.all(inflight);
  inflight = [];
  await store.sweep({ now: '2026-12-02T00:00:00Z', lookbackDays: 100 });
  console.log(`seeded ${stored} events in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

const range = readFilters({ from: '2026-11-01T00:00:00Z', to: '2026-12-01T00:00:00Z' });
const segment = readFilters({ channel: 'email', device: 'mobile' });
const funnel = { steps: [{ stage: 'consideration' }, { event: 'Product Added' }, { path: '/checkout*' }, { event: 'Order Completed' }] };
/** @type {[string, () => Promise<unknown>][]} */
const reports = [
  ['summary', () => store.summary()],
  ['summary, a month', () => store.summary({ filters: range })],
  ['summary, email on mobile', () => store.summary({ filters: segment })],
  ['trends by day', () => store.trends({ interval: 'day' })],
  ['trends by hour, a month', () => store.trends({ interval: 'hour', filters: range })],
  ['segments by channel', () => store.segments({ by: 'channel' })],
  ['segments by visitor, a month', () => store.segments({ by: 'visitor', filters: range })],
  ['products', () => store.products()],
  ['paths', () => store.paths()],
  ['paths, a month', () => store.paths({ filters: range })],
  ['time to convert', () => store.timeToConvert()],
  ['funnel (4 steps, strict)', () => store.funnel(funnel)],
  ['funnel (4 steps, any), a month', () => store.funnel({ ...funnel, order: 'any', filters: range })],
];
/** @type {Map<string, number[]>} */
const times = new Map(reports.map(([name]) => [name, []]));
for (let round = 0; round < rounds; round++) {
  // a write moves the change token: every answer below is computed again
  await store.insert([{ type: 'page', messageId: `bench-${Date.now()}-${round}`, anonymousId: 'bench', timestamp: new Date().toISOString(), properties: {}, context: {} }]);
  for (const [name, run] of reports) {
    const t = performance.now();
    await run();
    /** @type {number[]} */ (times.get(name)).push(performance.now() - t);
  }
}
console.log(`ClickHouse ${/** @type {any} */ (store).serverVersion}, ${stored} events, ${rounds} rounds, ms: median (slowest)`);
for (const [name, t] of times) {
  const s = [...t].sort((a, b) => a - b);
  console.log(
    `${name.padEnd(32)} ${Math.round(s[s.length >> 1])
      .toString()
      .padStart(6)} (${Math.round(s[s.length - 1])})`,
  );
}
await store.close();
await server?.stop();
