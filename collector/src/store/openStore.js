// The collector's storage behind one async interface (contract C4), on one of two engines:
// SQLite, embedded, the default; ClickHouse, for shops past one machine. Both answer every
// query the same way on the same events (collector/test/store.test.js runs one suite on both).
import { sqliteStore } from './sqliteStore.js';
import { clickhouseStore } from './clickhouseStore.js';
import { DEFAULT_STAGES } from '../stages.js';

/**
 * What the server knows of a batch beside its messages.
 * @typedef {object} BatchMeta
 * @property {string | null} [idempotencyKey] its Idempotency-Key header (else the body's): a batch seen before is a replay
 * @property {string} [transport]          'fetch', 'beacon', ... ('sweep' for derived ones)
 * @property {string | null} [writeKey]
 * @property {string} [receivedAt]         ISO, default now
 * @property {string | null} [sentAt]
 * @property {number} [dropped]            events the SDK reports it had to drop
 */

/**
 * @typedef {object} Store
 * @property {'sqlite' | 'clickhouse'} engine
 * @property {(messages: any[], batch?: BatchMeta) => Promise<{ replay: boolean, received: number, stored: number, duplicates: number, keyReused?: boolean }>} insert
 *   stores validated messages, each messageId once
 * @property {(query?: { stages?: string[], filters?: import('./filters.js').Filters }) => Promise<ReturnType<typeof import('./summaryOf.js').summaryOf>>} summary
 *   everything the dashboard's overview shows (contract C3), under the filters; reused until the next write
 * @property {(query?: { stages?: string[], filters?: import('./filters.js').Filters, interval?: 'hour' | 'day' }) => Promise<ReturnType<typeof import('./reportsOf.js').trendsOf>>} trends
 * @property {(query?: { filters?: import('./filters.js').Filters, by?: 'channel' | 'campaign' | 'device' | 'visitor' | 'landing' }) => Promise<ReturnType<typeof import('./reportsOf.js').segmentsOf>>} segments
 * @property {(query?: { filters?: import('./filters.js').Filters }) => Promise<ReturnType<typeof import('./reportsOf.js').productsOf>>} products
 * @property {(query?: { filters?: import('./filters.js').Filters }) => Promise<ReturnType<typeof import('./reportsOf.js').pathsOf>>} paths
 * @property {(query?: { filters?: import('./filters.js').Filters }) => Promise<ReturnType<typeof import('./reportsOf.js').timeToConvertOf>>} timeToConvert
 * @property {(query: { stages?: string[], filters?: import('./filters.js').Filters, steps: import('./reportsOf.js').FunnelStep[], window?: number, order?: 'strict' | 'any' }) => Promise<ReturnType<typeof import('./reportsOf.js').funnelOf>>} funnel
 *   the dashboard's reports, under the filters; each reused until the next write
 * @property {() => Promise<string>} changeToken moves with every write (of any instance)
 * @property {(options?: { now?: Date | string | number, abandonAfter?: number, lookbackDays?: number }) => Promise<{ carts: number, checkouts: number, cancelled: number }>} sweep
 *   derives the abandonments of silent visitors (contract C2)
 * @property {(options: { olderThanDays: number, now?: Date | string | number }) => Promise<{ events: number }>} purge
 *   retention: deletes the events older than that
 * @property {(filter?: { event?: string, anonymousId?: string }) => Promise<any[]>} messages
 *   stored messages, oldest first
 * @property {() => Promise<void>} close
 * @property {import('better-sqlite3').Database} [db] SQLite only: the database, for tests and ad-hoc queries
 */

/**
 * Opens the store.
 * @param {{ engine?: 'sqlite', file: string, stages?: string[] }
 *   | { engine: 'clickhouse', url: string, database?: string, stages?: string[], username?: string, password?: string }} options
 *   SQLite: `file` (created with its folder; ':memory:' for none). ClickHouse: the server's
 *   HTTP `url` and a `database` (default 'waymark'), created with its tables when missing.
 * @returns {Promise<Store>}
 *
 * @example
 * const store = await openStore({ engine: 'sqlite', file: 'data/waymark.db' });
 * const store = await openStore({ engine: 'clickhouse', url: 'http://127.0.0.1:8123', database: 'waymark' });
 */
export const openStore = async (options) => {
  const stages = options.stages ?? DEFAULT_STAGES;
  if (options.engine !== undefined && options.engine != 'sqlite' && options.engine != 'clickhouse')
    throw new TypeError(`unknown storage engine ${JSON.stringify(options.engine)}: use "sqlite" or "clickhouse"`);
  const store = options.engine == 'clickhouse' ? await clickhouseStore({ ...options, stages }) : sqliteStore({ file: /** @type {any} */ (options).file, stages });
  // The dashboard polls every 2 s: a report is computed again only after a write (or for
  // another query).
  /** @type {Map<string, { token: string, answer: Promise<any> }>} */
  const cache = new Map();
  const cached =
    (/** @type {string} */ name, /** @type {(query: any) => Promise<any>} */ compute) =>
    async (/** @type {any} */ query = {}) => {
      const key = name + '\n' + JSON.stringify({ stages, ...query });
      const token = await store.changeToken();
      const hit = cache.get(key);
      if (hit?.token === token) return hit.answer;
      // one answer per query shape at a time: a token moved means every entry is stale
      for (const [k, v] of cache) if (v.token !== token) cache.delete(k);
      if (cache.size > 200) cache.clear();
      const answer = compute(query);
      cache.set(key, { token, answer });
      answer.catch(() => cache.delete(key));
      return answer;
    };
  return Object.assign(store, {
    summary: cached('summary', store.summary),
    trends: cached('trends', store.trends),
    segments: cached('segments', store.segments),
    products: cached('products', store.products),
    paths: cached('paths', store.paths),
    timeToConvert: cached('timeToConvert', store.timeToConvert),
    funnel: cached('funnel', store.funnel),
  });
};
