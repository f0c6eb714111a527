// Load on the collector: autocannon posts SDK-shaped batches (text/plain, writeKey and
// idempotencyKey in the body, as the SDK sends them) from many connections to a collector
// started as its own process (node collector/src/cli.js, with a configured write key, so the
// production path: key check, origin, rate limiter, schema, skew correction, store). Reports
// events/s, request latency p50/p99 and events stored vs acknowledged vs sent, per engine,
// and writes them into bench/RESULTS.md between the collector markers.
//
//   node bench/collector.mjs                         # SQLite, 50 connections, 20 s
//   node bench/collector.mjs --engine clickhouse     # a throwaway clickhouse-server (collector/test/startClickHouse.js)
//   node bench/collector.mjs --engine clickhouse --clickhouse http://127.0.0.1:8123   # an existing one
//   options: --connections 50  --duration 20  --batch 20 (events per request)  --no-write
//            --profile DIR (a V8 CPU profile of the collector, for chrome://inspect or speedscope)
import autocannon from 'autocannon';
import Database from 'better-sqlite3';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { startClickHouse } from '../collector/test/startClickHouse.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const { values: o } = parseArgs({
  options: {
    engine: { type: 'string', default: 'sqlite' },
    clickhouse: { type: 'string' },
    connections: { type: 'string', default: '50' },
    duration: { type: 'string', default: '20' },
    batch: { type: 'string', default: '20' },
    port: { type: 'string', default: '18401' },
    'no-write': { type: 'boolean', default: false },
    profile: { type: 'string' },
  },
});
const connections = Number(o.connections);
const duration = Number(o.duration);
const perBatch = Number(o.batch);
const started = new Date();
const load0 = loadavg()[0];

const dir = mkdtempSync(join(tmpdir(), 'waymark-bench-collector-'));
const db = join(dir, 'bench.db');
const config = join(dir, 'collector.json');
const database = 'waymark_bench_' + process.pid;
writeFileSync(
  config,
  JSON.stringify({
    keys: [{ writeKey: 'wk_bench', origins: ['https://shop.example'] }],
    readKey: 'rk_bench',
    // The limits stay on (their cost is part of the path) but high enough not to refuse the
    // bench's one address.
    rateLimit: { ip: { max: 1e9, timeWindow: 60_000 }, key: { max: 1e9, timeWindow: 60_000 } },
    sweepInterval: 0,
  }),
);
const ownClickHouse = o.engine == 'clickhouse' && !o.clickhouse ? await startClickHouse() : null;
if (ownClickHouse) o.clickhouse = ownClickHouse.url;
const args = ['collector/src/cli.js', '--port', o.port, '--config', config, '--quiet'];
if (o.engine == 'clickhouse') args.push('--clickhouse', o.clickhouse, '--database', database);
else args.push('--db', db);
const server = spawn(process.execPath, [...(o.profile ? ['--cpu-prof', '--cpu-prof-dir', o.profile] : []), ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
const url = await new Promise((resolve, reject) => {
  let out = '';
  server.stdout.on('data', (d) => {
    out += d;
    const m = /on (http:\/\/\S+?)\s/.exec(out);
    if (m) resolve(m[1]);
  });
  server.on('exit', (code) => reject(new Error('collector exited ' + code + ': ' + out)));
});

// One SDK batch: page views and commerce events with the context the SDK and the journey
// plugin add (page, journey, library, userAgent), about 550 bytes a message.
const STAGES = ['awareness', 'consideration', 'decision', 'purchase'];
const EVENTS = ['Product Viewed', 'Product Added', 'Cart Viewed', 'Checkout Started', 'Checkout Step Viewed'];
let seq = 0;
const batchBody = () => {
  const b = seq++;
  const now = Date.now();
  const visitor = 'v' + (b % 5000);
  const messages = [];
  for (let i = 0; i < perBatch; i++) {
    const stage = STAGES[(b + i) % STAGES.length];
    const page = i % 4 == 0;
    messages.push(
      JSON.stringify({
        type: page ? 'page' : 'track',
        ...(page ? { name: 'Product' } : { event: EVENTS[(b + i) % EVENTS.length] }),
        properties: page
          ? { path: '/p/trail-runner', title: 'Trail Runner', url: 'https://shop.example/p/trail-runner' }
          : { product_id: 'TR-0' + (i % 9), sku: 'TR-0' + (i % 9) + '-42', name: 'Trail Runner', price: 89.9, quantity: 1, currency: 'EUR', step: (i % 3) + 1 },
        context: {
          page: { path: '/p/trail-runner', url: 'https://shop.example/p/trail-runner', search: '', title: 'Trail Runner', referrer: 'https://www.google.com/' },
          journey: { sessionId: visitor + '-s1', stage, furthestStage: stage, channel: 'organic search', touchpoint: { channel: 'organic search', source: 'google' } },
          library: { name: 'waymark', version: '0.1.0' },
          userAgent: 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0 Safari/537.36',
          locale: 'de-DE',
        },
        messageId: `b${b}-m${i}`,
        anonymousId: visitor,
        userId: null,
        timestamp: new Date(now - (perBatch - i) * 100).toISOString(),
      }),
    );
  }
  return `{"batch":[${messages.join(',')}],"sentAt":"${new Date(now).toISOString()}","writeKey":"wk_bench","idempotencyKey":"b${b}"}`;
};
const sampleBytes = Buffer.byteLength(batchBody());
seq = 0;

// Every batch answered 2xx, by number: afterwards each must have all its events stored.
const acked = new Set();
// The collector's CPU time (user + system, from /proc): events per CPU-second is what one
// core can take, whatever else the machine is doing.
const cpuOf = (pid) => {
  const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(f[11]) + Number(f[12])) / 100;
};
// Warm up (JIT, SQLite pages), then measure.
const fire = (seconds) =>
  autocannon({
    url: url + '/v1/batch',
    connections,
    duration: seconds,
    method: 'POST',
    headers: { 'content-type': 'text/plain;charset=UTF-8', origin: 'https://shop.example' },
    requests: [
      {
        setupRequest: (req, context) => {
          context.batch = seq;
          return { ...req, body: batchBody() };
        },
        onResponse: (status, _body, context) => status >= 200 && status < 300 && acked.add(context.batch),
      },
    ],
  });
await fire(3);
const warmBatches = seq;
const cpu0 = cpuOf(server.pid);
const result = await fire(duration);
const cpu = cpuOf(server.pid) - cpu0;
const sentBatches = seq - warmBatches;

// Stop the collector (it closes the store), then count what it stored.
await new Promise((resolve) => {
  server.on('exit', resolve);
  server.kill('SIGTERM');
});
/** @type {string[]} */
let ids;
if (o.engine == 'clickhouse') {
  const q = `SELECT DISTINCT message_id FROM ${database}.events FORMAT TabSeparated`;
  ids = (await (await fetch(o.clickhouse + '/?query=' + encodeURIComponent(q))).text()).trim().split('\n');
  await fetch(o.clickhouse + '/?query=' + encodeURIComponent('DROP DATABASE IF EXISTS ' + database), { method: 'POST' });
} else {
  const d = new Database(db, { readonly: true });
  ids = d.prepare('SELECT message_id FROM events').pluck().all();
  d.close();
}
rmSync(dir, { recursive: true, force: true });
await ownClickHouse?.stop();
// Events of the measured run stored, and events acknowledged (of any run) not stored.
const perStored = new Map();
for (const id of ids) {
  const b = Number(/^b(\d+)-/.exec(id)?.[1]);
  perStored.set(b, (perStored.get(b) ?? 0) + 1);
}
let stored = 0;
for (const [b, n] of perStored) if (b >= warmBatches) stored += n;
let lostTotal = 0;
for (const b of acked) lostTotal += perBatch - (perStored.get(b) ?? 0);

const ok = result['2xx'];
const row = {
  engine: o.engine,
  connections,
  duration,
  perBatch,
  bytes: sampleBytes,
  requests: result.requests.total,
  ok,
  non2xx: result.non2xx,
  errors: result.errors + result.timeouts,
  eventsPerSecond: Math.round((ok * perBatch) / duration),
  p50: result.latency.p50,
  p99: result.latency.p99,
  sent: sentBatches * perBatch,
  acknowledged: ok * perBatch,
  stored,
  cpuSeconds: Math.round(cpu * 10) / 10,
  eventsPerCpuSecond: Math.round((ok * perBatch) / cpu),
};
const lost = lostTotal;
console.log(JSON.stringify(row));
console.log(
  `${o.engine}: ${row.eventsPerSecond} events/s (${ok} requests of ${perBatch} events, ${connections} connections, ${duration} s; ` +
    `collector CPU ${row.cpuSeconds} s: ${row.eventsPerCpuSecond} events per CPU-second), ` +
    `latency p50 ${row.p50} ms, p99 ${row.p99} ms; events sent ${row.sent}, acknowledged ${row.acknowledged}, stored ${row.stored}; acknowledged but not stored: ${lost}; ` +
    `non-2xx ${row.non2xx}, errors ${row.errors}`,
);
if (o['no-write']) process.exit(lost ? 1 : 0);

// RESULTS.md: one row per engine, kept between the markers (bench/run.mjs keeps the section).
const file = join(ROOT, 'bench', 'RESULTS.md');
const text = readFileSync(file, 'utf8');
const START = '<!-- collector:start -->';
const END = '<!-- collector:end -->';
const old = text.includes(START) ? text.slice(text.indexOf(START), text.indexOf(END) + END.length) : '';
const rows = new Map([...old.matchAll(/^\| (sqlite|clickhouse) \|.*$/gm)].map((m) => [m[1], m[0]]));
const cmd = `node bench/collector.mjs --engine ${o.engine}${o.engine == 'clickhouse' && !ownClickHouse ? ' --clickhouse ' + o.clickhouse : ''} --connections ${connections} --duration ${duration} --batch ${perBatch}`;
rows.set(
  o.engine,
  `| ${o.engine} | ${row.eventsPerSecond.toLocaleString('en')} | ${row.eventsPerCpuSecond.toLocaleString('en')} | ${row.p50} | ${row.p99} | ${row.sent} / ${row.acknowledged} / ${row.stored} | ${lost} | ${row.non2xx} / ${row.errors} | ${connections} × ${perBatch} events (${(sampleBytes / 1024).toFixed(1)} KB) | ${started.toISOString()} | ${load0.toFixed(1)} | \`${cmd}\` |`,
);
/** The target for SQLite on this machine, met or not, from the row's own figures. */
function target(line) {
  if (!line) return 'Target for SQLite (at least 20,000 events/s, p99 under 50 ms, nothing lost): no SQLite run yet.';
  const cells = line.split('|').map((c) => c.trim());
  const [perSecond, p99, lostCells] = [Number(cells[2].replace(/,/g, '')), Number(cells[5]), Number(cells[7])];
  const met = perSecond >= 20000 && p99 < 50 && lostCells == 0;
  return `Target for SQLite (at least 20,000 events/s, p99 under 50 ms, nothing lost): ${met ? 'met' : 'not met'} in the run above (${cells[2]} events/s, p99 ${p99} ms, ${lostCells} lost).`;
}
const section = [
  START,
  '## The collector under load',
  '',
  'Generated by `bench/collector.mjs`: autocannon posts SDK-shaped batches (text/plain, writeKey and',
  'idempotencyKey in the body) from many connections to the collector run as its own process',
  '(`collector/src/cli.js`) with a configured write key: key and origin check, rate limiter,',
  'schema validation, clock-skew correction and storage all on the path. "Stored" is counted in',
  'the store after the collector stopped; acknowledged are the events of 2xx answers; lost =',
  'events of 2xx answers not found in the store (any run, warm-up included). Latency is per',
  'request (one batch). Events per CPU-second divides the events acknowledged by the collector',
  "process's own CPU time (user + system): what one free core takes. The machine has",
  `${cpus().length} cores (${Math.round(totalmem() / 2 ** 30)} GiB) shared with other work: the 1-minute load average at the start of`,
  'each run is in its row.',
  '',
  '| engine | events/s | events per CPU-second | p50 ms | p99 ms | events sent / acknowledged / stored | lost | non-2xx / errors | connections × batch | date | load | command |',
  '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |',
  ...['sqlite', 'clickhouse'].filter((e) => rows.has(e)).map((e) => rows.get(e)),
  '',
  target(rows.get('sqlite')),
  END,
].join('\n');
writeFileSync(file, old ? text.replace(old, section) : text.trimEnd() + '\n\n' + section + '\n');
console.log('bench/RESULTS.md updated');
process.exit(lost ? 1 : 0);
