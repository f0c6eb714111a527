// The collector's storage behind one async interface (contract C4), whatever the engine:
//   insert(messages, batch) -> { received, stored, duplicates, replay, keyReused? }
//   summary(query?)         -> the dashboard's numbers (C3)
//   close()
// The server only ever talks to this interface, so an engine can change underneath it.
import { openSqliteStore } from './sqliteStore.js';
import { summarize } from './summarize.js';
import { DEFAULT_STAGES } from '../stages.js';

/**
 * @typedef {object} BatchMeta what the server knows about the request a batch came in
 * @property {string | null} [idempotencyKey] Idempotency-Key header, else the body's idempotencyKey
 * @property {string | null} [sentAt] the batch's sentAt, as the client sent it
 * @property {number} [dropped] events the client reports it dropped
 * @property {'fetch' | 'beacon'} transport how it came: application/json is fetch, text/plain a beacon
 * @property {string | null} [writeKey] the write key the batch was sent with
 * @property {string} [receivedAt] ISO time of receipt, default now
 */

/**
 * @typedef {object} InsertResult
 * @property {boolean} replay the idempotency key was seen before and every message is stored: nothing stored
 * @property {number} received messages in the batch
 * @property {number} stored messages stored now
 * @property {number} duplicates messages whose messageId was already stored
 * @property {boolean} [keyReused] the key was seen before with other messages: stored without the key
 */

/**
 * @typedef {object} Store
 * @property {'sqlite'} engine
 * @property {(messages: any[], batch: BatchMeta) => Promise<InsertResult>} insert stores validated messages once each
 * @property {(query?: { stages?: string[] }) => Promise<any>} summary the dashboard's numbers
 * @property {() => Promise<void>} close
 * @property {import('better-sqlite3').Database} db the SQLite database, for tests and read helpers
 */

/**
 * Opens the store.
 * @param {{ engine: 'sqlite', file: string } | { engine: 'clickhouse', url: string, database?: string }} options SQLite: `file`
 *   is a path (its folder is created) or ':memory:'
 * @returns {Promise<Store>}
 */
export const openStore = async (options) => {
  if (options.engine != 'sqlite') throw new Error(`unknown storage engine "${options.engine}": use "sqlite"`);
  const sqlite = openSqliteStore(/** @type {{ file: string }} */ (options).file);
  const { db } = sqlite;
  // The dashboard polls every 2 s; recompute only when a batch changed something.
  const version = db.prepare('SELECT (SELECT MAX(id) FROM events) AS e, (SELECT MAX(id) FROM batches) AS b, (SELECT TOTAL(replays) FROM batches) AS r');
  /** @type {Map<string, { key: string, summary: any }>} */
  const cache = new Map();
  return {
    engine: 'sqlite',
    db,
    insert: async (messages, batch) =>
      sqlite.saveBatch(
        {
          // Segment allows a message with only a userId (a server-side call): that user is the visitor.
          batch: messages.map((m) => (m.anonymousId == null ? { ...m, anonymousId: m.userId } : m)),
          sentAt: batch.sentAt ?? undefined,
          dropped: batch.dropped ?? 0,
        },
        { key: batch.idempotencyKey ?? null, transport: batch.transport, writeKey: batch.writeKey ?? null, receivedAt: batch.receivedAt },
      ),
    summary: async ({ stages = DEFAULT_STAGES } = {}) => {
      const key = JSON.stringify(version.get());
      const name = stages.join();
      const hit = cache.get(name);
      if (hit?.key == key) return hit.summary;
      const summary = summarize(db, stages);
      cache.set(name, { key, summary });
      return summary;
    },
    close: async () => {
      sqlite.close();
    },
  };
};
