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
 * @property {(query?: { stages?: string[] }) => Promise<ReturnType<typeof import('./summaryOf.js').summaryOf>>} summary
 *   everything the dashboard shows (contract C3); reused until the next write
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
  // The dashboard polls every 2 s: the summary is computed again only after a write.
  /** @type {Map<string, { token: string, summary: Promise<any> }>} */
  const cache = new Map();
  const summary = store.summary;
  return Object.assign(store, {
    /** @param {{ stages?: string[] }} [query] */
    summary: async (query = {}) => {
      const name = (query.stages ?? stages).join('\n');
      const token = await store.changeToken();
      const hit = cache.get(name);
      if (hit?.token === token) return hit.summary;
      const fresh = summary(query);
      cache.set(name, { token, summary: fresh });
      fresh.catch(() => cache.delete(name));
      return fresh;
    },
  });
};
