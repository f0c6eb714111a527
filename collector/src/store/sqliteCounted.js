// The SQLite engine's counted abandonments (definitions: "abandoned carts", "abandoned
// checkouts"): one row per (kind, cart), the abandonment that counts for it, kept at each write
// in the write's transaction. Counting them at query time ranked every abandonment ever stored
// before a report's range applied (about 110 ms of each report at a million events); a report
// now reads this table, filtered like any other.
//
// Which abandonment counts for a cart: the browser's first, else the collector's first that is
// not cancelled. A collector-derived abandonment is cancelled by any activity of its visitor
// after the last activity it was derived from (its window end minus its idle time) and before
// its window end. So a write changes the counted row of a cart when it stores an abandonment
// of that cart, or activity of a visitor that falls inside one of their derived abandonments'
// windows; those carts are counted again, from the events, and nothing else is touched.
import { ABANDONMENTS } from './rowOf.js';

const AB = ABANDONMENTS.map((e) => `'${e}'`).join(', ');
const ACTIVITY = (/** @type {string} */ t) => `(${t}.event IS NULL OR ${t}.event NOT IN (${AB}))`;

/** What a report reads of an abandonment (the columns of the events_abandonments index, migration 4). */
export const COUNTED_COLUMNS =
  'message_id, event, cart_id, source, ts, idle_time, anonymous_id, session_id, step, step_name, currency, value, cart_items, timestamp, channel, campaign, device, landing, is_returning, products';

export const COUNTED_SCHEMA = `
CREATE TABLE abandonments_counted (
  kind TEXT NOT NULL,
  cart_key TEXT NOT NULL,
  message_id TEXT NOT NULL, event TEXT NOT NULL, cart_id TEXT, source TEXT, ts INTEGER NOT NULL, idle_time REAL,
  anonymous_id TEXT NOT NULL, session_id TEXT, step INTEGER, step_name TEXT, currency TEXT, value REAL, cart_items INTEGER,
  timestamp TEXT, channel TEXT, campaign TEXT, device TEXT, landing TEXT, is_returning INTEGER, products TEXT,
  PRIMARY KEY (kind, cart_key)
) WITHOUT ROWID;
CREATE INDEX abandonments_counted_ts ON abandonments_counted (ts);
`;

const KIND = `CASE event WHEN 'Cart Abandoned' THEN 'cart' ELSE 'checkout' END`;
/**
 * Whether the derived abandonment `d` (an events row) is cancelled: activity of its visitor after
 * the last activity it was derived from (window end - idle time) and before its window end. The
 * sweep reads the same condition (sqliteStore.js).
 */
export const CANCELLED = `d.source IS 'collector' AND EXISTS (
  SELECT 1 FROM events a WHERE a.anonymous_id = d.anonymous_id AND ${ACTIVITY('a')}
    AND a.ts > d.ts - COALESCE(d.idle_time, 0) * 1000 AND a.ts < d.ts)`;
const NOT_CANCELLED = `NOT (${CANCELLED})`;
// The browser's first, else the collector's first.
const FIRST = `ORDER BY d.source IS 'collector', d.ts, d.message_id`;

/**
 * Every counted abandonment, from the events: the migration that creates the table fills it
 * with this, and a purge (which deletes events) rebuilds it.
 * @param {import('better-sqlite3').Database} db
 */
export const rebuildCounted = (db) =>
  db.exec(`DELETE FROM abandonments_counted;
INSERT INTO abandonments_counted (kind, cart_key, ${COUNTED_COLUMNS})
SELECT kind, cart_key, ${COUNTED_COLUMNS} FROM (
  SELECT d.*, ${KIND} AS kind, COALESCE(d.cart_id, d.message_id) AS cart_key,
    ROW_NUMBER() OVER (PARTITION BY ${KIND}, COALESCE(d.cart_id, d.message_id) ${FIRST}) AS n
  FROM events d WHERE d.event IN (${AB}) AND ${NOT_CANCELLED})
WHERE n = 1;`);

/**
 * The counter of one database: after a write, counts again the carts the write can change.
 * @param {import('better-sqlite3').Database} db
 */
export const countedWriter = (db) => {
  const drop = db.prepare('DELETE FROM abandonments_counted WHERE kind = @kind AND cart_key = @key');
  // the cart's abandonments of that kind: those of its cart id, or (without one) the message
  // itself (`event IN` lets the planner prove the partial index events_abandonments applies: with
  // `event = @event` alone it read every abandonment of the kind, per cart)
  const count = db.prepare(`INSERT INTO abandonments_counted (kind, cart_key, ${COUNTED_COLUMNS})
    SELECT @kind, @key, ${COUNTED_COLUMNS} FROM (
      SELECT d.* FROM events d WHERE d.event IN (${AB}) AND d.event = @event AND d.cart_id = @key AND ${NOT_CANCELLED}
      UNION ALL
      SELECT d.* FROM events d WHERE d.message_id = @key AND d.cart_id IS NULL AND d.event = @event AND ${NOT_CANCELLED}) d
    ${FIRST} LIMIT 1`);
  // derived abandonments whose window activity at or after `since` can fall into
  const windows = db.prepare(`SELECT event, COALESCE(cart_id, message_id) AS key FROM events WHERE anonymous_id = ? AND ts > ? AND event IN (${AB}) AND source = 'collector'`);
  const keyOf = db.prepare('SELECT event, COALESCE(cart_id, message_id) AS key FROM events WHERE message_id = ?');

  /**
   * The carts a write of `rows` can change, read before the write (a re-derived abandonment
   * that replaces its row may name another cart than the row it replaces).
   * @param {import('./rowOf.js').Row[]} rows
   */
  const before = (rows) => {
    /** @type {{ event: string, key: string }[]} */
    const keys = [];
    for (const r of rows) if (r.version > 0) keys.push(.../** @type {any[]} */ (keyOf.all(r.messageId)));
    return keys;
  };

  /**
   * Counts again every cart the stored `rows` (and the carts `earlier` named) can change.
   * @param {import('./rowOf.js').Row[]} rows
   * @param {{ event: string, key: string }[]} [earlier]
   */
  const recount = (rows, earlier = []) => {
    /** @type {Map<string, { event: string, key: string }>} */
    const carts = new Map();
    const add = (/** @type {{ event: string, key: string }} */ c) => carts.set(c.event + '\n' + c.key, c);
    earlier.forEach(add);
    /** @type {Map<string, number>} */
    const active = new Map();
    for (const r of rows) {
      if (r.event && ABANDONMENTS.includes(r.event)) add({ event: r.event, key: r.cartId ?? r.messageId });
      else active.set(r.anonymousId, Math.min(active.get(r.anonymousId) ?? Infinity, r.ts));
    }
    for (const [visitor, since] of active) for (const c of /** @type {any[]} */ (windows.all(visitor, since))) add(c);
    for (const { event, key } of carts.values()) {
      const kind = event == 'Cart Abandoned' ? 'cart' : 'checkout';
      drop.run({ kind, key });
      count.run({ kind, key, event });
    }
  };
  return { before, recount };
};
