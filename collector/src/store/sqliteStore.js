// The embedded engine: one SQLite file (better-sqlite3, WAL). `events` holds one row per
// messageId (UNIQUE: a duplicate from at-least-once delivery is not stored again); `batches`
// one row per accepted batch with its Idempotency-Key, so a replayed batch is recognised after
// a restart too. Schema versions: sqliteMigrations.js.
import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { MIGRATIONS } from './sqliteMigrations.js';
import { ABANDONMENTS, FRICTION, rowOf } from './rowOf.js';
import { summaryOf } from './summaryOf.js';
import { sweepWith } from './sweepWith.js';

const COLUMNS = [
  ['message_id', 'messageId'],
  ['batch_id', 'batchId'],
  ['version', 'version'],
  ['type', 'type'],
  ['event', 'event'],
  ['name', 'name'],
  ['anonymous_id', 'anonymousId'],
  ['user_id', 'userId'],
  ['group_id', 'groupId'],
  ['previous_id', 'previousId'],
  ['session_id', 'sessionId'],
  ['stage', 'stage'],
  ['furthest_stage', 'furthestStage'],
  ['channel', 'channel'],
  ['page_path', 'pagePath'],
  ['source', 'source'],
  ['cart_id', 'cartId'],
  ['value', 'value'],
  ['currency', 'currency'],
  ['step', 'step'],
  ['step_name', 'stepName'],
  ['idle_time', 'idleTime'],
  ['cart', 'cart'],
  ['cart_items', 'cartItems'],
  ['properties', 'properties'],
  ['traits', 'traits'],
  ['context', 'context'],
  ['timestamp', 'timestamp'],
  ['ts', 'ts'],
  ['received_at', 'receivedAt'],
];

// SQL list of the abandonment event names, for IN (...).
const AB = ABANDONMENTS.map((e) => `'${e}'`).join(', ');
const ACTIVITY = `(event IS NULL OR event NOT IN (${AB}))`;
const FR = FRICTION.map((e) => `'${e}'`).join(', ');

/**
 * Brings a database to the latest schema version, one transaction per migration.
 * @param {import('better-sqlite3').Database} db
 * @returns {number} the version it is at now
 */
export const migrate = (db) => {
  const at = /** @type {number} */ (db.pragma('user_version', { simple: true }));
  if (at > MIGRATIONS.length) throw new Error(`SQLite store: the database is at schema version ${at}, newer than this collector's ${MIGRATIONS.length}; upgrade the collector`);
  for (let v = at; v < MIGRATIONS.length; v++)
    db.transaction(() => {
      MIGRATIONS[v](db);
      db.pragma(`user_version = ${v + 1}`);
    })();
  return MIGRATIONS.length;
};

/**
 * Opens (or creates, with its folder) the SQLite store.
 * @param {{ file: string, stages: string[] }} options `file` may be ':memory:'
 */
export const sqliteStore = ({ file, stages }) => {
  if (file != ':memory:') mkdirSync(dirname(file), { recursive: true });
  const db = new Database(file);
  // WAL lets the dashboard read while batches are written, and survives a crash mid-batch.
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  migrate(db);

  const findBatch = db.prepare('SELECT id FROM batches WHERE idempotency_key = ?');
  const hasEvent = db.prepare('SELECT 1 FROM events WHERE message_id = ?').pluck();
  const countReplay = db.prepare('UPDATE batches SET replays = replays + 1 WHERE idempotency_key = ?');
  const insertBatch = db.prepare(
    `INSERT INTO batches (idempotency_key, received_at, sent_at, transport, write_key, messages, dropped)
     VALUES (@key, @receivedAt, @sentAt, @transport, @writeKey, @messages, @dropped)`,
  );
  const finishBatch = db.prepare('UPDATE batches SET stored = ?, duplicates = ? WHERE id = ?');
  // A duplicate messageId is not stored again; only a derived abandonment re-derived for a
  // later window (a higher version) replaces its row.
  const insertEvent = db.prepare(
    `INSERT INTO events (${COLUMNS.map((c) => c[0]).join(', ')}) VALUES (${COLUMNS.map((c) => '@' + c[1]).join(', ')})
     ON CONFLICT (message_id) DO UPDATE SET ${COLUMNS.filter((c) => c[0] != 'message_id')
       .map((c) => `${c[0]} = excluded.${c[0]}`)
       .join(', ')}
     WHERE excluded.version > events.version`,
  );

  /**
   * @param {import('./rowOf.js').Row[]} rows
   * @param {import('./openStore.js').BatchMeta & { receivedAt: string }} meta
   * @param {number} messages
   */
  const writeRows = (rows, meta, messages) => {
    const batchId = insertBatch.run({
      key: meta.idempotencyKey || null,
      receivedAt: meta.receivedAt,
      sentAt: meta.sentAt || null,
      transport: meta.transport ?? 'fetch',
      writeKey: meta.writeKey || null,
      messages,
      dropped: meta.dropped ?? 0,
    }).lastInsertRowid;
    let stored = 0;
    for (const r of rows) stored += insertEvent.run({ ...r, batchId }).changes;
    finishBatch.run(stored, messages - stored, batchId);
    return stored;
  };

  // Writes through this connection; PRAGMA data_version moves with other connections' commits.
  let writes = 0;
  const dataVersion = db.prepare('PRAGMA data_version').pluck();

  const save = db.transaction((/** @type {any[]} */ messages, /** @type {import('./openStore.js').BatchMeta} */ meta) => {
    const received = messages.length;
    let key = meta.idempotencyKey || null;
    let keyReused = false;
    if (key && findBatch.get(key)) {
      // A true replay holds only messages already stored. A key reused for other messages (a
      // client bug, a hash collision) must not cost events: they are kept as a batch of
      // their own, without the key.
      if (messages.every((m) => hasEvent.get(m.messageId))) {
        writes++;
        countReplay.run(key);
        return { replay: true, received, stored: 0, duplicates: received };
      }
      key = null;
      keyReused = true;
    }
    const receivedAt = meta.receivedAt ?? new Date().toISOString();
    writes++;
    const stored = writeRows(
      messages.map((m) => rowOf(m, receivedAt)),
      { ...meta, idempotencyKey: key, receivedAt },
      received,
    );
    return { replay: false, received, stored, duplicates: received - stored, ...(keyReused ? { keyReused } : {}) };
  });

  // --- the summary's queries (the ClickHouse engine has the same ones in its dialect) ---
  const stageValues = (/** @type {string[]} */ s) => s.map(() => '(?, ?)').join(', ');
  const stageArgs = (/** @type {string[]} */ s) => s.flatMap((name, i) => [name, i]);
  const totals = db.prepare(
    `SELECT (SELECT COUNT(*) FROM events) AS events,
       (SELECT COUNT(DISTINCT anonymous_id) FROM events) AS visitors,
       (SELECT COUNT(DISTINCT session_id) FROM events WHERE ${ACTIVITY}) AS visits,
       (SELECT COUNT(*) FROM batches WHERE transport != 'sweep') AS batches,
       (SELECT TOTAL(duplicates) FROM batches WHERE transport != 'sweep') AS duplicates,
       (SELECT TOTAL(replays) FROM batches) AS replays,
       (SELECT TOTAL(dropped) FROM batches) AS dropped`,
  );
  const visitorsWith = db.prepare('SELECT COUNT(DISTINCT anonymous_id) FROM events WHERE event = ?').pluck();
  const steps = db.prepare(
    `SELECT step, MAX(step_name) AS name,
       COUNT(DISTINCT CASE WHEN event = 'Checkout Step Viewed' THEN anonymous_id END) AS viewed,
       COUNT(DISTINCT CASE WHEN event = 'Checkout Step Completed' THEN anonymous_id END) AS completed
     FROM events WHERE event IN ('Checkout Step Viewed', 'Checkout Step Completed') AND step IS NOT NULL GROUP BY step`,
  );
  // A derived abandonment is cancelled by any activity of its visitor after the last
  // activity it was derived from (window end - idle time) and before its window end.
  const CANCELLED = `SELECT d.message_id FROM events d
    WHERE d.source = 'collector' AND d.event IN (${AB}) AND EXISTS (
      SELECT 1 FROM events a WHERE a.anonymous_id = d.anonymous_id AND (a.event IS NULL OR a.event NOT IN (${AB}))
        AND a.ts > d.ts - COALESCE(d.idle_time, 0) * 1000 AND a.ts < d.ts)`;
  const cancelled = db.prepare(CANCELLED).pluck();
  // One abandonment per (kind, cart): the browser's first, else the collector's.
  const COUNTED = `WITH ab AS (
      SELECT *, CASE event WHEN 'Cart Abandoned' THEN 'cart' ELSE 'checkout' END AS kind, COALESCE(cart_id, message_id) AS cart_key
      FROM events WHERE event IN (${AB}) AND message_id NOT IN (${CANCELLED})),
    counted AS (SELECT * FROM (
      SELECT ab.*, ROW_NUMBER() OVER (PARTITION BY kind, cart_key ORDER BY source IS 'collector', ts, message_id) AS n FROM ab) WHERE n = 1)`;
  const abandoned = db.prepare(
    `${COUNTED} SELECT kind, step, MAX(step_name) AS stepName, channel, currency, COUNT(*) AS count, TOTAL(value) AS value
     FROM counted GROUP BY kind, step, channel, currency`,
  );
  const latest = db.prepare(
    `${COUNTED} SELECT kind, anonymous_id AS visitor, COALESCE(value, 0) AS value, currency, cart_items AS items, step, source, timestamp
     FROM counted ORDER BY ts DESC, message_id DESC LIMIT 5`,
  );
  // Friction (the friction() capture's events) by kind, stage and checkout step; and of the
  // counted abandoned checkouts, those whose session had friction at the step it ended on.
  const friction = db.prepare(`SELECT event AS kind, stage, step, MAX(step_name) AS name, COUNT(*) AS count FROM events WHERE event IN (${FR}) GROUP BY event, stage, step`);
  const frictionTotals = db.prepare(
    `${COUNTED} SELECT (SELECT COUNT(DISTINCT anonymous_id) FROM events WHERE event IN (${FR})) AS visitors, COUNT(*) AS checkouts,
       TOTAL(EXISTS (SELECT 1 FROM events f WHERE f.event IN (${FR}) AND f.session_id = counted.session_id AND COALESCE(f.step, -1) = COALESCE(counted.step, -1))) AS withFriction
     FROM counted WHERE kind = 'checkout'`,
  );
  const recent = db.prepare(
    `SELECT message_id AS id, type, COALESCE(event, name) AS event, stage, furthest_stage AS furthestStage, channel,
       anonymous_id AS visitor, page_path AS path, timestamp, received_at AS receivedAt
     FROM events ORDER BY events.id DESC LIMIT ?`,
  );
  /** @type {Map<string, import('better-sqlite3').Statement>} */
  const byStages = new Map();
  const prepared = (/** @type {string} */ sql) => {
    let s = byStages.get(sql);
    if (!s) byStages.set(sql, (s = db.prepare(sql)));
    return s;
  };
  // The channel mix, and from it the funnel (summaryOf sums it): per visitor and stage, the
  // channel of the first message that reached the stage. Every message that reaches a stage
  // has one of its visitor's (stage, furthest stage) pairs, so the first message of each pair
  // is enough: a few rows per visitor, not one per message and stage. k orders by time, then
  // messageId (as ClickHouse's tuple does); SQLite takes a bare column from the MIN(k) row.
  const channels = (/** @type {string[]} */ s) =>
    prepared(
      `WITH s(name, idx) AS (VALUES ${stageValues(s)}),
       p AS (SELECT anonymous_id AS v, stage, furthest_stage, channel, MIN(printf('%015d', ts) || message_id) AS k
             FROM events GROUP BY anonymous_id, stage, furthest_stage),
       r AS (
         SELECT v, 0 AS idx, channel, k FROM p
         UNION ALL SELECT v, s.idx, channel, k FROM p JOIN s ON s.name = p.stage
         UNION ALL SELECT v, s.idx, channel, k FROM p JOIN s AS f ON f.name = p.furthest_stage JOIN s ON s.idx <= f.idx),
       first AS (SELECT v, idx, channel, MIN(k) AS k FROM r GROUP BY v, idx)
       SELECT idx, channel, COUNT(*) AS visitors FROM first GROUP BY idx, channel`,
    ).all(...stageArgs(s));

  // --- the sweep's queries ---
  const candidates = db.prepare(
    `WITH recent AS (SELECT DISTINCT anonymous_id FROM events WHERE ts > @since AND ts <= @cutoff),
     last AS (
       SELECT anonymous_id, MAX(ts) AS last_ts FROM events WHERE anonymous_id IN (SELECT anonymous_id FROM recent) AND ${ACTIVITY}
       GROUP BY anonymous_id HAVING MAX(ts) <= @cutoff),
     snap AS (
       SELECT last.anonymous_id, last.last_ts,
         (SELECT cart FROM events e WHERE e.anonymous_id = last.anonymous_id AND e.cart IS NOT NULL AND ${ACTIVITY} ORDER BY ts DESC, message_id DESC LIMIT 1) AS cart,
         (SELECT cart_items FROM events e WHERE e.anonymous_id = last.anonymous_id AND e.cart IS NOT NULL AND ${ACTIVITY} ORDER BY ts DESC, message_id DESC LIMIT 1) AS items
       FROM last)
     SELECT snap.anonymous_id AS anonymousId, snap.last_ts AS lastTs, snap.cart,
       (SELECT context FROM events e WHERE e.anonymous_id = snap.anonymous_id AND ${ACTIVITY} ORDER BY ts DESC, message_id DESC LIMIT 1) AS lastContext,
       (SELECT user_id FROM events e WHERE e.anonymous_id = snap.anonymous_id AND user_id IS NOT NULL AND ${ACTIVITY} ORDER BY ts DESC, message_id DESC LIMIT 1) AS userId
     FROM snap WHERE snap.items > 0`,
  );
  const abandonmentsOf = db.prepare(
    `SELECT message_id AS messageId, event, cart_id AS cartId, source, ts FROM events
     WHERE event IN (${AB}) AND cart_id IN (SELECT value FROM json_each(?))`,
  );
  /** @type {import('./sweepWith.js').SweepEngine} */
  const sweepEngine = {
    candidates: async (cutoff, since) => /** @type {any[]} */ (candidates.all({ cutoff, since })),
    abandonments: async (cartIds) => /** @type {any[]} */ (abandonmentsOf.all(JSON.stringify(cartIds))),
    cancelled: async () => /** @type {string[]} */ (cancelled.all()),
    write: async (rows, batch) => {
      writes++;
      db.transaction(() => writeRows(rows, batch, rows.length))();
    },
  };

  const purgeEvents = db.prepare('DELETE FROM events WHERE ts < ?');
  const purgeBatches = db.prepare('DELETE FROM batches WHERE received_at < ? AND id NOT IN (SELECT batch_id FROM events)');

  return {
    engine: /** @type {'sqlite'} */ ('sqlite'),
    /** the better-sqlite3 Database, for tests and ad-hoc queries */
    db,
    /**
     * Stores a validated batch in one transaction.
     * @param {any[]} messages
     * @param {import('./openStore.js').BatchMeta} [batch]
     */
    insert: async (messages, batch = {}) => save(messages, batch),
    /** changes whenever a write may have changed what summary() answers */
    changeToken: async () => `${writes}:${dataVersion.get()}`,
    /** @param {{ stages?: string[] }} [query] */
    summary: async ({ stages: s = stages } = {}) =>
      summaryOf(
        {
          totals: /** @type {any} */ (totals.get()),
          channels: /** @type {any[]} */ (channels(s)),
          steps: /** @type {any[]} */ (steps.all()),
          started: visitorsWith.get('Checkout Started'),
          ordered: visitorsWith.get('Order Completed'),
          abandoned: /** @type {any[]} */ (abandoned.all()),
          latest: /** @type {any[]} */ (latest.all()),
          recent: recent.all(40),
          friction: /** @type {any[]} */ (friction.all()),
          frictionTotals: /** @type {any} */ (frictionTotals.get()),
        },
        s,
        'sqlite',
      ),
    /** @param {{ now?: Date | string | number, abandonAfter?: number, lookbackDays?: number }} [options] */
    sweep: (options) => sweepWith(sweepEngine, options),
    /**
     * Retention: deletes the events timestamped more than `olderThanDays` days before `now`.
     * @param {{ olderThanDays: number, now?: Date | string | number }} options
     */
    purge: async ({ olderThanDays, now = Date.now() }) => {
      if (!(olderThanDays > 0)) throw new TypeError('purge(): olderThanDays must be a positive number of days');
      const cutoff = new Date(now).getTime() - olderThanDays * 86_400_000;
      writes++;
      return db.transaction(() => {
        const events = purgeEvents.run(cutoff).changes;
        purgeBatches.run(new Date(cutoff).toISOString());
        return { events };
      })();
    },
    /**
     * Stored messages as they were received (derived ones as the sweep built them), oldest first.
     * @param {{ event?: string, anonymousId?: string }} [filter]
     */
    messages: async ({ event, anonymousId } = {}) =>
      db
        .prepare(
          `SELECT message_id, type, event, name, anonymous_id, user_id, group_id, previous_id, properties, traits, context, timestamp FROM events
           WHERE (@event IS NULL OR event = @event) AND (@anonymousId IS NULL OR anonymous_id = @anonymousId) ORDER BY ts, message_id`,
        )
        .all({ event: event ?? null, anonymousId: anonymousId ?? null })
        .map(messageOf),
    close: async () => void db.close(),
  };
};

/** A stored row back as a message. */
export const messageOf = (/** @type {any} */ r) => ({
  messageId: r.message_id,
  type: r.type,
  ...(r.event && { event: r.event }),
  ...(r.name && { name: r.name }),
  anonymousId: r.anonymous_id,
  ...(r.user_id && { userId: r.user_id }),
  ...(r.group_id && { groupId: r.group_id }),
  ...(r.previous_id && { previousId: r.previous_id }),
  properties: JSON.parse(r.properties),
  ...(r.traits && { traits: JSON.parse(r.traits) }),
  context: JSON.parse(r.context),
  timestamp: r.timestamp,
});
