/**
 * Waymark's collector and journey dashboard: a Segment-compatible HTTP API on Fastify (Node 20,
 * no build step) that stores what the SDK sends in SQLite (embedded default) or ClickHouse.
 *
 * Use it from code:
 *
 *   import { startCollector } from '@waymark/collector/src/server.js';
 *   const collector = await startCollector({
 *     port: 8080, host: '0.0.0.0', db: '/var/lib/waymark/events.db',
 *     keys: [{ writeKey: 'wk_live_1', origins: ['https://shop.example'] }],
 *     password: process.env.WAYMARK_DASHBOARD_PASSWORD,
 *   });
 *   collector.endpoint;        // 'http://0.0.0.0:8080/v1/batch': give it to createTracker
 *   await collector.summary(); // the dashboard's numbers (same JSON as GET /api/summary)
 *   await collector.sweep();   // the abandonment sweep, now (it also runs on a timer)
 *   await collector.close();   // stops the server, the timer and the store
 *
 * or from a shell: `node collector/src/cli.js --help`. The routes are listed in buildCollector.js.
 *
 * Without write keys the collector runs in local mode, and only on a loopback address: any
 * key, any origin, an open dashboard. That is what `npm run demo` uses; anywhere else, keys
 * (and a read key or password for the dashboard) are required.
 */
import { fileURLToPath } from 'node:url';
import { openStore } from './store/openStore.js';
import { buildCollector } from './buildCollector.js';
import { resolveKeys } from './resolveKeys.js';
import { DEFAULT_STAGES } from './stages.js';

/** Where the database lives by default: collector/data/waymark.db, wherever node runs from. */
export const DEFAULT_DB = fileURLToPath(new URL('../data/waymark.db', import.meta.url));

/** @param {string} host */
export const isLoopback = (host) => host == 'localhost' || host == '::1' || /^127\.\d+\.\d+\.\d+$/.test(host);

/**
 * Starts the collector.
 * @param {object} [options]
 * @param {number} [options.port] TCP port, default 8080; 0 picks a free one.
 * @param {string} [options.host] interface to bind, default 127.0.0.1.
 * @param {string} [options.db] SQLite file (created with its folder), or ':memory:'. Default {@link DEFAULT_DB}.
 * @param {string} [options.clickhouse] ClickHouse HTTP URL (e.g. http://127.0.0.1:8123): store there instead of SQLite.
 * @param {string} [options.database] ClickHouse database, default "waymark".
 * @param {import('./resolveKeys.js').WriteKey[]} [options.keys] write keys and their origins; none: local mode (loopback only).
 * @param {string} [options.readKey] opens the dashboard API: `Authorization: Bearer KEY`.
 * @param {string} [options.password] opens the dashboard in a browser (HTTP Basic, any user name).
 * @param {number} [options.abandonAfter] abandonment window in minutes, default 30 (the SDK's setting of the same name).
 * @param {number} [options.sweepInterval] seconds between abandonment sweeps, default 60; 0: no timer.
 * @param {number} [options.retentionDays] delete events older than this many days, at start and every hour; default: keep all.
 * @param {boolean} [options.trustClientClock] keep timestamps as sent (no sentAt skew correction): for simulated browsers with a fake clock.
 * @param {import('./buildCollector.js').RateLimits | false} [options.rateLimit] requests per window per IP and per key; false: none.
 * @param {boolean | string[]} [options.trustProxy] client address from X-Forwarded-For (behind a balancer).
 * @param {import('./store/openStore.js').Store} [options.store] a store opened by the caller (not closed by close()).
 * @param {boolean} [options.quiet] no log line per batch.
 * @param {string[]} [options.stages] ordered journey stages, when a CRO team replaced them.
 * @param {number} [options.maxBatchBytes] most bytes in one request body, default 500 KB.
 * @param {number} [options.maxMessageBytes] most bytes in one message, default 32 KB.
 * @param {(line: string) => void} [options.log] where log lines go, default console.log.
 */
export const startCollector = async ({
  port = 8080,
  host = '127.0.0.1',
  db = DEFAULT_DB,
  clickhouse,
  database = 'waymark',
  keys = [],
  readKey,
  password,
  abandonAfter = 30,
  sweepInterval = 60,
  retentionDays,
  trustClientClock = false,
  rateLimit,
  trustProxy,
  store: given,
  quiet = false,
  stages = DEFAULT_STAGES,
  maxBatchBytes,
  maxMessageBytes,
  log = console.log,
} = {}) => {
  const resolved = resolveKeys(keys);
  const local = resolved.size == 0;
  if (local && !isLoopback(host))
    throw new Error(`no write keys configured: on ${host} the collector needs keys (--write-key KEY=https://your.shop or a config file); local mode is for 127.0.0.1 only`);
  if (!(abandonAfter > 0)) throw new TypeError('abandonAfter must be a number of minutes above 0, e.g. 30');
  if (!(sweepInterval >= 0)) throw new TypeError('sweepInterval must be a number of seconds, 0 for no timer');
  if (retentionDays !== undefined && !(retentionDays > 0)) throw new TypeError('retentionDays must be a number of days above 0, e.g. 400');

  const store = given ?? (await openStore(clickhouse ? { engine: 'clickhouse', url: clickhouse, database } : { engine: 'sqlite', file: db }));
  /** @param {string} line */
  const say = (line) => quiet || log('[waymark collector] ' + line);
  /** @param {{ now?: string }} [options] */
  const sweep = async ({ now } = {}) => /** @type {any} */ (store).sweep({ now: now ?? new Date().toISOString(), abandonAfter });

  const app = await buildCollector({
    store,
    keys: resolved,
    local,
    readKey,
    password,
    stages,
    trustClientClock,
    rateLimit,
    maxBatchBytes,
    maxMessageBytes,
    trustProxy,
    sweep,
    say,
    quiet,
  });
  try {
    await app.listen({ port, host });
  } catch (e) {
    // e.g. EADDRINUSE: give the database back before reporting it.
    await app.close();
    if (!given) await store.close();
    throw e;
  }
  const address = /** @type {import('node:net').AddressInfo} */ (app.server.address());
  const url = `http://${address.family == 'IPv6' ? `[${address.address}]` : host}:${address.port}`;

  // The sweep derives abandonments from silence (visitors who never came back). A slow sweep
  // is not started again before it ends; a failing one is tried next time, and logged once
  // per distinct failure (not once a minute).
  let sweeping = false;
  let failure = '';
  const timer =
    sweepInterval > 0
      ? setInterval(async () => {
          if (sweeping) return;
          sweeping = true;
          try {
            const r = /** @type {any} */ (await sweep());
            failure = '';
            if (r && (r.carts || r.checkouts || r.cancelled)) say(`sweep: ${r.carts} carts, ${r.checkouts} checkouts abandoned, ${r.cancelled} cancelled`);
          } catch (e) {
            const why = e instanceof Error ? e.message : String(e);
            if (why != failure) say('sweep failed: ' + why);
            failure = why;
          } finally {
            sweeping = false;
          }
        }, sweepInterval * 1000)
      : null;
  timer?.unref();

  // Retention: the store deletes what is older (SQLite rows, ClickHouse partitions). Hourly is
  // plenty for a limit counted in days; several instances purging the same store is harmless.
  /** @returns {Promise<unknown>} */
  const purge = async () => {
    try {
      const r = /** @type {any} */ (await /** @type {any} */ (store).purge({ olderThanDays: retentionDays }));
      if (r?.events) say(`retention: ${r.events} events older than ${retentionDays} days deleted`);
      return r;
    } catch (e) {
      say('retention failed: ' + (e instanceof Error ? e.message : String(e)));
    }
  };
  const purging = retentionDays ? setInterval(purge, 3600_000) : null;
  purging?.unref();
  const firstPurge = retentionDays ? purge() : Promise.resolve();

  /** @type {Promise<void> | undefined} */
  let closed;
  return {
    url,
    /** no write keys: any key and origin accepted, dashboard open (loopback only) */
    local,
    endpoint: url + '/v1/batch',
    app,
    store,
    /** the SQLite database (SQLite engine only), to query the events table */
    db: /** @type {import('better-sqlite3').Database} */ (/** @type {any} */ (store).db),
    summary: () => store.summary({ stages }),
    sweep,
    close: () =>
      (closed ??= (async () => {
        if (timer) clearInterval(timer);
        if (purging) clearInterval(purging);
        await firstPurge;
        await app.close();
        if (!given) await store.close();
      })()),
  };
};
