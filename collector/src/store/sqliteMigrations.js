// The SQLite schema, as numbered migrations: `PRAGMA user_version` holds the last one applied,
// and openStore() applies the rest in one transaction each. A migration is never edited once
// released: a change is a new one at the end.
import { rowOf, rowOfStored } from './rowOf.js';
import { VISITS_SCHEMA, visitWriter } from './sqliteVisits.js';
import { COUNTED_SCHEMA, rebuildCounted } from './sqliteCounted.js';
import { PATHS_SCHEMA, rebuildPaths } from './sqlitePaths.js';
import { REACH_SCHEMA } from './sqliteReach.js';

/** @typedef {(db: import('better-sqlite3').Database) => void} Migration */

/** @type {Migration[]} */
export const MIGRATIONS = [
  // 1: the demo collector's schema (examples/collector, before versions): IF NOT EXISTS, so a
  // database that demo wrote is adopted as version 1 unchanged.
  (db) =>
    db.exec(`
CREATE TABLE IF NOT EXISTS batches (
  id INTEGER PRIMARY KEY,
  idempotency_key TEXT UNIQUE,
  received_at TEXT NOT NULL,
  sent_at TEXT,
  transport TEXT NOT NULL,
  write_key TEXT,
  messages INTEGER NOT NULL,
  stored INTEGER NOT NULL DEFAULT 0,
  duplicates INTEGER NOT NULL DEFAULT 0,
  dropped INTEGER NOT NULL DEFAULT 0,
  replays INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS events (
  id INTEGER PRIMARY KEY,
  message_id TEXT NOT NULL UNIQUE,
  batch_id INTEGER NOT NULL REFERENCES batches(id),
  type TEXT NOT NULL,
  event TEXT,
  name TEXT,
  anonymous_id TEXT NOT NULL,
  user_id TEXT,
  session_id TEXT,
  stage TEXT,
  furthest_stage TEXT,
  channel TEXT,
  page_path TEXT,
  properties TEXT NOT NULL,
  traits TEXT,
  context TEXT NOT NULL,
  timestamp TEXT NOT NULL,
  received_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS events_reach ON events (anonymous_id, stage, furthest_stage);
CREATE INDEX IF NOT EXISTS events_channel ON events (stage, channel, anonymous_id);
CREATE INDEX IF NOT EXISTS events_event ON events (event);
`),
  // 2: the columns the abandonment sweep and summary query (extracted once by rowOf, so no
  // query parses JSON), the time in ms for retention and windows, and a version so that a
  // re-derived abandonment replaces its cancelled predecessor. Rows already stored are
  // filled from their own JSON, through the same rowOf the insert path uses.
  (db) => {
    db.exec(`
ALTER TABLE events ADD COLUMN version INTEGER NOT NULL DEFAULT 0;
ALTER TABLE events ADD COLUMN source TEXT;
ALTER TABLE events ADD COLUMN cart_id TEXT;
ALTER TABLE events ADD COLUMN value REAL;
ALTER TABLE events ADD COLUMN currency TEXT;
ALTER TABLE events ADD COLUMN step INTEGER;
ALTER TABLE events ADD COLUMN step_name TEXT;
ALTER TABLE events ADD COLUMN idle_time REAL;
ALTER TABLE events ADD COLUMN cart TEXT;
ALTER TABLE events ADD COLUMN cart_items INTEGER NOT NULL DEFAULT 0;
ALTER TABLE events ADD COLUMN ts INTEGER NOT NULL DEFAULT 0;
`);
    const update = db.prepare(
      `UPDATE events SET source = @source, cart_id = @cartId, value = @value, currency = @currency, step = @step,
         step_name = @stepName, idle_time = @idleTime, cart = @cart, cart_items = @cartItems, ts = @ts WHERE id = @id`,
    );
    const rows = db.prepare('SELECT id, message_id, type, event, name, anonymous_id, user_id, properties, context, timestamp, received_at FROM events').all();
    for (const r of /** @type {any[]} */ (rows)) {
      const m = {
        messageId: r.message_id,
        type: r.type,
        event: r.event,
        name: r.name,
        anonymousId: r.anonymous_id,
        userId: r.user_id,
        properties: JSON.parse(r.properties),
        context: JSON.parse(r.context),
        timestamp: r.timestamp,
      };
      const row = rowOf(m, r.received_at);
      update.run({ ...row, id: r.id });
    }
    // Every index costs each insert: keep the ones a query needs. The sweep and the
    // cancellation rule read a visitor's messages in time order; the sweep finds the visitors
    // active in its look-back by time, as retention finds what to delete; the checkout and
    // abandonment figures go by event name. The channel mix groups every message by visitor
    // and stages (events_reach), so events_channel goes.
    db.exec(`
CREATE INDEX events_visitor_ts ON events (anonymous_id, ts);
CREATE INDEX events_ts ON events (ts);
DROP INDEX IF EXISTS events_channel;
`);
  },
  // 3: Segment's group and alias ids, which versions 1 and 2 did not keep (their group and
  // alias messages stay without them: the ids were never stored).
  (db) =>
    db.exec(`
ALTER TABLE events ADD COLUMN group_id TEXT;
ALTER TABLE events ADD COLUMN previous_id TEXT;
`),
  // 4: the dashboard's segments (campaign, device class, landing page, new or returning) and
  // products as columns, filled from the stored JSON through rowOf; the visits table (one row
  // per visit, sqliteVisits.js) built from the events; the indexes the dashboard's event-level
  // figures read (an event in a time range; a page path in a time range, for custom funnels).
  (db) => {
    db.exec(`
ALTER TABLE events ADD COLUMN campaign TEXT;
ALTER TABLE events ADD COLUMN device TEXT;
ALTER TABLE events ADD COLUMN landing TEXT;
ALTER TABLE events ADD COLUMN is_returning INTEGER;
ALTER TABLE events ADD COLUMN product_id TEXT;
ALTER TABLE events ADD COLUMN products TEXT;
${VISITS_SCHEMA}
CREATE INDEX events_event_ts ON events (event, ts, anonymous_id);
CREATE INDEX events_pages ON events (page_path, ts, anonymous_id) WHERE type = 'page';
DROP INDEX IF EXISTS events_event;
DROP INDEX IF EXISTS events_reach;
`);
    const update = db.prepare(
      'UPDATE events SET campaign = @campaign, device = @device, landing = @landing, is_returning = @isReturning, product_id = @productId, products = @products WHERE id = @id',
    );
    const visits = visitWriter(db);
    const page = db.prepare(
      `SELECT id, message_id, version, type, event, name, anonymous_id, user_id, properties, context, timestamp, received_at FROM events WHERE id > ? ORDER BY id LIMIT 5000`,
    );
    for (let last = 0; ; ) {
      const rows = /** @type {any[]} */ (page.all(last));
      if (!rows.length) break;
      const stored = rows.map((r) => {
        const row = rowOfStored(r);
        update.run({ ...row, id: r.id });
        return row;
      });
      visits.add(stored);
      last = rows[rows.length - 1].id;
    }
    // The event-level figures read few of a message's columns, but a row holds its JSON too
    // (a kilobyte or more): each figure's index carries the columns it reads (its segment
    // filters included), for its own events only (partial), so the dashboard reads no row of
    // the table and a message pays only for the indexes of its kind.
    const SEGMENT = 'channel, campaign, device, landing, is_returning';
    db.exec(`
CREATE INDEX events_abandonments ON events (event, cart_id, source, ts, message_id, idle_time, anonymous_id, session_id, step, step_name, currency, value, cart_items, timestamp, ${SEGMENT}, products)
  WHERE event IN ('Cart Abandoned', 'Checkout Abandoned');
CREATE INDEX events_checkout_steps ON events (event, step, anonymous_id, ts, step_name, ${SEGMENT})
  WHERE event IN ('Checkout Step Viewed', 'Checkout Step Completed');
CREATE INDEX events_orders ON events (event, ts, anonymous_id, currency, ${SEGMENT}, products)
  WHERE event IN ('Checkout Started', 'Order Completed');
CREATE INDEX events_friction ON events (event, stage, step, step_name, ts, anonymous_id, session_id, ${SEGMENT})
  WHERE event IN ('Rage Click', 'Dead Click', 'Form Error', 'Request Failed', 'Script Error', 'Slow Page');
CREATE INDEX events_products ON events (event, product_id, anonymous_id, ts, step_name, ${SEGMENT})
  WHERE product_id IS NOT NULL;
CREATE INDEX events_path_starts ON events (event, ts, session_id, anonymous_id, message_id, step, step_name, ${SEGMENT})
  WHERE event IN ('Product Added', 'Checkout Step Viewed');
CREATE INDEX events_path_steps ON events (session_id, anonymous_id, ts, message_id, type, event, step, step_name, page_path)
  WHERE type = 'page' OR event IN ('Product Viewed', 'Product Added', 'Product Removed', 'Cart Viewed', 'Checkout Started', 'Checkout Step Viewed', 'Order Completed');
`);
  },
  // 5: the counted abandonments (sqliteCounted.js) and the path starts with their next steps
  // (sqlitePaths.js) as tables kept at each write, filled from the events; the per-visitor
  // rollup (sqliteReach.js), which the store fills when it opens (it depends on its stage list);
  // the visits by day and visitor with what a daily trend reads, so it groups them in order;
  (db) => {
    db.exec(COUNTED_SCHEMA + PATHS_SCHEMA + REACH_SCHEMA);
    db.exec(`CREATE INDEX visits_days ON visits (first_ts / 86400000, anonymous_id, reach, session, activity, orders, revenue, first_ts,
      channel, campaign, device, landing, is_returning)`);
    // and by each segment dimension and visitor, with what a breakdown reads and filters on
    for (const [name, col] of Object.entries({ channel: 'channel', campaign: 'campaign', device: 'device', landing: 'landing', visitor: 'is_returning' }))
      db.exec(`CREATE INDEX visits_by_${name} ON visits (${col}, anonymous_id, session, activity, orders, revenue, first_ts, channel, campaign, device, landing, is_returning)`);
    rebuildCounted(db);
    rebuildPaths(db);
  },
];
