// What one event costs the SQLite store alone, without HTTP, JSON parsing or validation: the
// floor under the collector's load figure (bench/collector.mjs). Inserts SDK-shaped batches of
// 20 through the store's own insert (rowOf, the batch row, the event rows and their indexes,
// one transaction a batch), then the same rows with no index but the messageId one, and
// prints CPU microseconds per event and the events/s one core could take at that cost.
//
//   node bench/sqlite-floor.mjs          (5,000 batches of 20 into a temporary file)
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sqliteStore } from '../collector/src/store/sqliteStore.js';
import { rowOf } from '../collector/src/store/rowOf.js';

const BATCHES = Number(process.env.FLOOR_BATCHES) || 5000;
const dir = mkdtempSync(join(tmpdir(), 'waymark-floor-'));
const STAGES = ['awareness', 'consideration', 'decision', 'purchase'];
let seq = 0;
// the message bench/collector.mjs posts: about 550 bytes, with the SDK's and journey's context
const message = (b, i) => ({
  type: i % 4 ? 'track' : 'page',
  ...(i % 4 ? { event: 'Product Added' } : { name: 'Product' }),
  messageId: `f${seq++}-${b}-${i}`,
  anonymousId: 'v' + (b % 5000),
  timestamp: new Date(Date.now() - (20 - i) * 100).toISOString(),
  properties: { product_id: 'TR-0' + (i % 9), sku: 'TR-0' + (i % 9) + '-42', name: 'Trail Runner', price: 89.9, quantity: 1, currency: 'EUR', step: (i % 3) + 1 },
  context: {
    page: { path: '/p/trail-runner', url: 'https://shop.example/p/trail-runner', search: '', title: 'Trail Runner', referrer: 'https://www.google.com/' },
    journey: { sessionId: 'v' + (b % 5000) + '-s1', stage: STAGES[(b + i) % 4], furthestStage: STAGES[(b + i) % 4], channel: 'organic search' },
    library: { name: 'waymark', version: '0.1.0' },
    userAgent: 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0 Safari/537.36',
    locale: 'de-DE',
  },
});
const batches = () => Array.from({ length: BATCHES }, (_, b) => Array.from({ length: 20 }, (_, i) => message(b, i)));
const cpu = (fn) => {
  const t = process.cpuUsage();
  fn();
  const u = process.cpuUsage(t);
  return (u.user + u.system) / BATCHES / 20;
};
const report = (what, us) => console.log(`${what.padEnd(44)} ${us.toFixed(1).padStart(6)} µs/event  (${Math.round(1e6 / us).toLocaleString('en')} events/s on one core)`);

try {
  const all = batches();
  report(
    'rowOf (the columns of a message)',
    cpu(() => all.forEach((b) => b.forEach((m) => rowOf(m, new Date().toISOString())))),
  );
  for (const [what, drop] of [
    ['store insert, every index (as shipped)', []],
    ['store insert, only the messageId index', ['events_reach', 'events_event', 'events_ts', 'events_visitor_ts']],
  ]) {
    const store = sqliteStore({ file: join(dir, what.length + '.db'), stages: STAGES });
    for (const index of drop) store.db.exec('DROP INDEX ' + index);
    const list = batches();
    let b = 0;
    // the store's insert is async only for the interface: better-sqlite3 runs it at once
    report(
      what,
      cpu(() => list.forEach((batch) => store.insert(batch, { idempotencyKey: 'k' + b++, transport: 'fetch' }))),
    );
    await store.close();
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
