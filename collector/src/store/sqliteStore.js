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
import { CHANNEL_SCALE, visitWriter } from './sqliteVisits.js';
import { CANCELLED, countedWriter, rebuildCounted } from './sqliteCounted.js';
import { pathWriter } from './sqlitePaths.js';
import { reachRollup } from './sqliteReach.js';
import { NO_FILTERS, whereOf } from './filters.js';
import { ORDER } from './visitOf.js';
import { funnelOf, pathsOf, productsOf, segmentsOf, timeToConvertOf, trendsOf } from './reportsOf.js';

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
  ['campaign', 'campaign'],
  ['device', 'device'],
  ['landing', 'landing'],
  ['is_returning', 'isReturning'],
  ['product_id', 'productId'],
  ['products', 'products'],
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
// Checkout starts and orders share an index (migration 4): a query names both, then one.
const CHECKOUTS = "event IN ('Checkout Started', 'Order Completed')";

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
  const visits = visitWriter(db);
  const counter = countedWriter(db);
  const paths = pathWriter(db);
  const rollup = reachRollup(db, stages, visits.stageMasks);

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
    /** @type {import('./rowOf.js').Row[]} */
    const added = [];
    /** @type {import('./rowOf.js').Row[]} */
    const written = [];
    const earlier = counter.before(rows);
    for (const r of rows) {
      // a re-derived abandonment replaces its row: its visit has it already
      const replaces = r.version > 0 && hasEvent.get(r.messageId);
      const n = insertEvent.run({ ...r, batchId }).changes;
      stored += n;
      if (n) written.push(r);
      if (n && !replaces) added.push(r);
    }
    visits.add(added);
    rollup.add(added);
    counter.recount(written, earlier);
    paths.recount(added);
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

  // --- the dashboard's queries (the ClickHouse engine has the same ones in its dialect) ---
  // Each depends on the filters' shape (which conditions) and the stage list, so each is built
  // for them and prepared once per shape. Visit-level figures read `visits` (filtered by the
  // time the visit started), event-level ones the events (filtered by their own time).
  /** @type {Map<string, import('better-sqlite3').Statement>} */
  const statements = new Map();
  const prepared = (/** @type {string} */ sql) => {
    let s = statements.get(sql);
    if (!s) statements.set(sql, (s = db.prepare(sql)));
    return s;
  };
  const at = (/** @type {string} */ n) => '@' + n;
  const onEvents = (/** @type {import('./filters.js').Filters} */ f) => whereOf(f, 'ts', at);
  const onVisits = (/** @type {import('./filters.js').Filters} */ f) => whereOf(f, 'first_ts', at);
  const NO_FILTERS_SQL = onVisits(NO_FILTERS).sql;
  // The index of the furthest stage a visit reached, under this stage list.
  const stageIndex = (/** @type {string[]} */ s) => {
    const masks = visits.stageMasks(s);
    const cases = masks.map((m, i) => (i > 0 && m ? `WHEN reach & ${m} THEN ${i}` : '')).filter(Boolean);
    return cases.length ? `CASE ${cases.reverse().join(' ')} ELSE 0 END` : '0';
  };
  // the derived abandonments a later message of their visitor cancels (sqliteCounted.js)
  const cancelled = db.prepare(`SELECT d.message_id FROM events d WHERE d.event IN (${AB}) AND ${CANCELLED}`).pluck();
  // The counted abandonments (one per kind and cart, sqliteCounted.js) under the filters, as a
  // table expression named counted_now.
  const counted = (/** @type {{ sql: string }} */ e) => `(SELECT * FROM abandonments_counted WHERE ${e.sql}) AS counted_now`;
  // Each dimension's column, and how its value reads (new or returning from is_returning).
  const dimension = { channel: 'channel', campaign: 'campaign', device: 'device', landing: 'landing', visitor: 'is_returning' };
  const segmentName = (/** @type {string} */ col) => (col == 'is_returning' ? "CASE segment WHEN 1 THEN 'returning' WHEN 0 THEN 'new' END" : 'segment');
  const batchTotals = db.prepare(
    `SELECT (SELECT COUNT(*) FROM batches WHERE transport != 'sweep') AS batches,
       (SELECT TOTAL(duplicates) FROM batches WHERE transport != 'sweep') AS duplicates,
       (SELECT TOTAL(replays) FROM batches) AS replays,
       (SELECT TOTAL(dropped) FROM batches) AS dropped`,
  );

  /** The summary's raw aggregates under filters `f`. */
  const rawSummary = (/** @type {import('./filters.js').Filters} */ f, /** @type {string[]} */ s) => {
    const e = onEvents(f);
    const v = onVisits(f);
    // Per visitor and stage: the channel of their first visit at that stage or beyond (k packs
    // the visit's start and its channel code, so MIN finds both; a stage's bit mask says whether
    // a visit reached it or beyond); null when not reached. The combinations are few (visitors
    // rarely change channel): summaryOf counts from them, and the totals are their sums, so
    // the visits are read once.
    const masks = visits.stageMasks(s);
    const k = `first_ts * ${CHANNEL_SCALE} + channel_code`;
    const cols = s.map((_, i) => `${i == 0 ? `MIN(${k})` : masks[i] ? `MIN(IIF(reach & ${masks[i]}, ${k}, NULL))` : 'NULL'} % ${CHANNEL_SCALE} AS c${i}`).join(', ');
    const c = s.map((_, i) => 'c' + i).join(', ');
    // over all time with no segment, the per-visitor rollup has these groups already
    const reach = /** @type {any[]} */ (
      v.sql == NO_FILTERS_SQL && rollup.holds(s)
        ? rollup.groups()
        : prepared(
            `SELECT ${c}, COUNT(*) AS visitors, TOTAL(o > 0) AS buyers, TOTAL(m) AS events, TOTAL(n) AS visits, TOTAL(o) AS orders, TOTAL(r) AS revenue,
           MIN(f) AS first, MAX(l) AS last FROM (
           SELECT ${cols}, SUM(messages) AS m, SUM(session * (activity > 0)) AS n, SUM(orders) AS o, TOTAL(revenue) AS r, MIN(first_ts) AS f, MAX(last_ts) AS l
           FROM visits WHERE ${v.sql} GROUP BY anonymous_id) GROUP BY ${c}`,
          ).all(v.params)
    );
    const sum = (/** @type {string} */ key) => reach.reduce((n, r) => n + r[key], 0);
    const ends = reach.filter((r) => r.first !== null);
    const totals = {
      events: sum('events'),
      visitors: sum('visitors'),
      visits: sum('visits'),
      orders: sum('orders'),
      revenue: sum('revenue'),
      first: ends.length ? Math.min(...ends.map((r) => r.first)) : null,
      last: ends.length ? Math.max(...ends.map((r) => r.last)) : null,
    };
    /** @type {Map<string, { idx: number, channel: string | null, visitors: number }>} */
    const mix = new Map();
    for (const r of reach)
      s.forEach((_, i) => {
        const code = r['c' + i];
        if (code === null) return;
        const key = i + ':' + code;
        const m = mix.get(key) ?? { idx: i, channel: visits.channelName(code), visitors: 0 };
        m.visitors += r.visitors;
        mix.set(key, m);
      });
    const channels = [...mix.values()];
    return {
      totals: { ...totals, .../** @type {any} */ (batchTotals.get()) },
      channels,
      sales: { buyers: sum('buyers'), orders: totals.orders, revenue: totals.revenue },
      currencies: prepared(`SELECT currency, COUNT(*) AS n FROM events WHERE ${CHECKOUTS} AND event = '${ORDER}' AND currency IS NOT NULL AND ${e.sql} GROUP BY currency`).all(
        e.params,
      ),
      range: { first: totals.first, last: totals.last },
      // distinct visitors per step in two groupings, in the index's order (no temporary b-tree for DISTINCT)
      steps: prepared(
        `SELECT step, MAX(name) AS name, TOTAL(event = 'Checkout Step Viewed') AS viewed, TOTAL(event = 'Checkout Step Completed') AS completed FROM (
           SELECT event, step, anonymous_id, MAX(step_name) AS name FROM events INDEXED BY events_checkout_steps
           WHERE event IN ('Checkout Step Viewed', 'Checkout Step Completed') AND step IS NOT NULL AND ${e.sql} GROUP BY event, step, anonymous_id)
         GROUP BY step`,
      ).all(e.params),
      started: prepared(`SELECT COUNT(DISTINCT anonymous_id) FROM events WHERE ${CHECKOUTS} AND event = 'Checkout Started' AND ${e.sql}`).pluck().get(e.params),
      ordered: prepared(`SELECT COUNT(DISTINCT anonymous_id) FROM events WHERE ${CHECKOUTS} AND event = '${ORDER}' AND ${e.sql}`).pluck().get(e.params),
      abandoned: prepared(
        `SELECT kind, step, MAX(step_name) AS stepName, channel, currency, COUNT(*) AS count, TOTAL(value) AS value
         FROM ${counted(e)} GROUP BY kind, step, channel, currency`,
      ).all(e.params),
      latest: prepared(
        `SELECT kind, anonymous_id AS visitor, COALESCE(value, 0) AS value, currency, cart_items AS items, step, source, timestamp
         FROM ${counted(e)} ORDER BY ts DESC, message_id DESC LIMIT 5`,
      ).all(e.params),
      // Friction (the friction() capture's events) by kind, stage and checkout step; and of the
      // counted abandoned checkouts, those whose session had friction at the step it ended on.
      friction: prepared(
        `SELECT event AS kind, stage, step, MAX(step_name) AS name, COUNT(*) AS count FROM events WHERE event IN (${FR}) AND ${e.sql} GROUP BY event, stage, step`,
      ).all(e.params),
      frictionTotals: prepared(
        `SELECT (SELECT COUNT(DISTINCT anonymous_id) FROM events WHERE event IN (${FR}) AND ${e.sql}) AS visitors, COUNT(*) AS checkouts,
           TOTAL(EXISTS (SELECT 1 FROM events f WHERE f.event IN (${FR}) AND f.session_id = counted_now.session_id AND COALESCE(f.step, -1) = COALESCE(counted_now.step, -1))) AS withFriction
         FROM ${counted(e)} WHERE kind = 'checkout'`,
      ).get(e.params),
      recent: prepared(
        `SELECT message_id AS id, type, COALESCE(event, name) AS event, stage, furthest_stage AS furthestStage, channel,
           anonymous_id AS visitor, page_path AS path, timestamp, ts, received_at AS receivedAt
         FROM events WHERE ${e.sql} ORDER BY events.id DESC LIMIT 40`,
      ).all(e.params),
    };
  };

  /** Trends: per bucket of `size` ms (UTC), the visit figures and the abandoned value. By day, the
   * visits are grouped in the order of their index by day and visitor (visits_days, migration 5). */
  const rawTrends = (/** @type {import('./filters.js').Filters} */ f, /** @type {string[]} */ s, /** @type {number} */ size) => {
    const e = onEvents(f);
    const v = onVisits(f);
    return {
      visits: prepared(
        `SELECT b, f, COUNT(*) AS visitors, TOTAL(n) AS visits, TOTAL(o > 0) AS buyers, TOTAL(o) AS orders, TOTAL(r) AS revenue FROM (
           SELECT first_ts / ${size} AS b, MAX(${stageIndex(s)}) AS f, SUM(session * (activity > 0)) AS n, SUM(orders) AS o, TOTAL(revenue) AS r
           FROM visits WHERE ${v.sql} GROUP BY b, anonymous_id) GROUP BY b, f`,
      ).all(v.params),
      abandoned: prepared(`SELECT ts / ${size} AS b, TOTAL(value) AS value FROM ${counted(e)} GROUP BY b`).all(e.params),
    };
  };

  /** Segments: per value of a dimension, the visit figures and the abandoned value. */
  const rawSegments = (/** @type {import('./filters.js').Filters} */ f, /** @type {keyof typeof dimension} */ by) => {
    const e = onEvents(f);
    const v = onVisits(f);
    const col = dimension[by];
    return {
      // grouped in the order of the dimension's index (visits_by_*, migration 5): no temporary b-tree
      visits: prepared(
        `SELECT ${segmentName(col)} AS segment, COUNT(*) AS visitors, TOTAL(n) AS visits, TOTAL(o > 0) AS buyers, TOTAL(o) AS orders, TOTAL(r) AS revenue FROM (
           SELECT ${col} AS segment, SUM(session * (activity > 0)) AS n, SUM(orders) AS o, TOTAL(revenue) AS r
           FROM visits INDEXED BY visits_by_${by} WHERE ${v.sql} GROUP BY ${col}, anonymous_id) GROUP BY segment`,
      ).all(v.params),
      abandoned: prepared(`SELECT ${segmentName(col)} AS segment, TOTAL(value) AS value FROM (SELECT ${col} AS segment, value FROM ${counted(e)}) GROUP BY segment`).all(e.params),
    };
  };

  /** Products: visitors who viewed and added each, its order lines, the counted abandonments holding it. */
  const rawProducts = (/** @type {import('./filters.js').Filters} */ f) => {
    const e = onEvents(f);
    const seen = (/** @type {string} */ event) =>
      prepared(
        // distinct visitors in two steps, in the index's order (no temporary b-tree for DISTINCT)
        `SELECT product, MAX(name) AS name, COUNT(*) AS visitors FROM (
           SELECT product_id AS product, MAX(step_name) AS name FROM events INDEXED BY events_products
           WHERE event = '${event}' AND product_id IS NOT NULL AND ${e.sql} GROUP BY product_id, anonymous_id) GROUP BY product`,
      ).all(e.params);
    return {
      viewed: seen('Product Viewed'),
      added: seen('Product Added'),
      ordered: prepared(
        `SELECT l.value ->> 0 AS product, MAX(l.value ->> 1) AS name, COUNT(DISTINCT events.id) AS orders, TOTAL((l.value ->> 2) * (l.value ->> 3)) AS revenue
         FROM events, json_each(events.products) l WHERE ${CHECKOUTS} AND event = '${ORDER}' AND products IS NOT NULL AND ${e.sql} GROUP BY product`,
      ).all(e.params),
      abandoned: prepared(
        `SELECT l.value ->> 0 AS product, MAX(l.value ->> 1) AS name, COUNT(DISTINCT counted_now.message_id) AS count
         FROM ${counted(e)}, json_each(counted_now.products) l WHERE counted_now.products IS NOT NULL GROUP BY product`,
      ).all(e.params),
    };
  };

  /** Paths: the starts under the filters (the path_starts table, sqlitePaths.js), by step and next step. */
  const rawPaths = (/** @type {import('./filters.js').Filters} */ f) => {
    const e = onEvents(f);
    const rows = prepared(
      `SELECT event, step, MAX(step_name) AS name, next, COUNT(*) AS count FROM path_starts INDEXED BY path_starts_report WHERE ${e.sql} GROUP BY event, step, next`,
    ).all(e.params);
    return /** @type {any[]} */ (rows).map((r) => {
      const [nType, nEvent, nStep, nName, nPath] = r.next === null ? [] : String(r.next).split('\x1f');
      return { ...r, nType: nType ?? null, nEvent: nEvent || null, nStep: nStep || null, nName: nName || null, nPath: nPath || null };
    });
  };

  /** Per visitor whose first order is in the filters: their first event ever and that order. */
  const rawTimeToConvert = (/** @type {import('./filters.js').Filters} */ f) => {
    const v = onVisits({ ...f, from: null, to: null });
    const range = whereOf({ ...NO_FILTERS, from: f.from, to: f.to }, 'o', at);
    return prepared(
      `SELECT first, o AS ordered FROM (
         SELECT anonymous_id, MIN(first_ts) AS first, MIN(order_ts) AS o FROM visits
         WHERE anonymous_id IN (SELECT anonymous_id FROM visits WHERE orders > 0 AND ${v.sql}) GROUP BY anonymous_id)
       WHERE o IS NOT NULL AND ${range.sql}`,
    ).all({ ...v.params, ...range.params });
  };

  /**
   * Occurrences of custom-funnel steps, as columns: visitors, times and (for property filters)
   * properties. Each column is its own query in one read transaction (one snapshot), in the
   * order of the index it reads: a column of plain values costs better-sqlite3 about half
   * what rows of arrays do (150,000 visits: 60 ms instead of 130).
   */
  const rawFunnelSteps = (
    /** @type {import('./filters.js').Filters} */ f,
    /** @type {import('./reportsOf.js').FunnelStep[]} */ steps,
    /** @type {number} */ until,
    /** @type {string[]} */ s,
  ) => {
    const span = { ...f, to: until };
    const e = onEvents(span);
    const v = onVisits(span);
    const columns = (/** @type {string[]} */ names, /** @type {string} */ from, /** @type {Record<string, unknown>} */ params) => {
      const [visitors, times, properties] = names.map((c) => prepared(`SELECT ${c} ${from}`).pluck().all(params));
      return { visitors, times, ...(properties && { properties }) };
    };
    return db.transaction(() =>
      steps.map((step) => {
        if ('stage' in step) {
          const mask = visits.stageMasks(s)[s.indexOf(step.stage)] ?? 0;
          return columns(['anonymous_id', 'first_ts'], `FROM visits WHERE reach & ${mask} AND ${v.sql} ORDER BY anonymous_id, visit_key`, v.params);
        }
        if ('path' in step)
          return columns(['anonymous_id', 'ts'], `FROM events WHERE type = 'page' AND page_path GLOB @glob AND ${e.sql} ORDER BY page_path, ts, anonymous_id, id`, {
            ...e.params,
            glob: step.path.replace(/[[\]?]/g, (c) => `[${c}]`),
          });
        return columns(['anonymous_id', 'ts', ...(step.where ? ['properties'] : [])], `FROM events WHERE event = @event AND ${e.sql} ORDER BY event, ts, anonymous_id, id`, {
          ...e.params,
          event: step.event,
        });
      }),
    )();
  };

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
  const purgeVisits = db.prepare('DELETE FROM visits WHERE last_ts < ?');
  const purgePaths = db.prepare('DELETE FROM path_starts WHERE ts < ?');
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
    /** @param {{ stages?: string[], filters?: import('./filters.js').Filters }} [query] */
    summary: async ({ stages: s = stages, filters = NO_FILTERS } = {}) => summaryOf(/** @type {any} */ (rawSummary(filters, s)), s, 'sqlite', filters),
    /** @param {{ stages?: string[], filters?: import('./filters.js').Filters, interval?: 'hour' | 'day' }} [query] */
    trends: async ({ stages: s = stages, filters = NO_FILTERS, interval = 'day' } = {}) => {
      const size = interval == 'hour' ? 3_600_000 : 86_400_000;
      return trendsOf(/** @type {any} */ (rawTrends(filters, s, size)), { stages: s, interval, size, filters });
    },
    /** @param {{ filters?: import('./filters.js').Filters, by?: keyof typeof dimension }} [query] */
    segments: async ({ filters = NO_FILTERS, by = 'channel' } = {}) => segmentsOf(/** @type {any} */ (rawSegments(filters, by)), { by, filters }),
    /** @param {{ filters?: import('./filters.js').Filters }} [query] */
    products: async ({ filters = NO_FILTERS } = {}) => productsOf(/** @type {any} */ (rawProducts(filters)), filters),
    /** @param {{ filters?: import('./filters.js').Filters }} [query] */
    paths: async ({ filters = NO_FILTERS } = {}) => pathsOf(/** @type {any} */ (rawPaths(filters)), filters),
    /** @param {{ filters?: import('./filters.js').Filters }} [query] */
    timeToConvert: async ({ filters = NO_FILTERS } = {}) => timeToConvertOf(/** @type {any} */ (rawTimeToConvert(filters)), filters),
    /** @param {{ stages?: string[], filters?: import('./filters.js').Filters, steps: import('./reportsOf.js').FunnelStep[], window?: number, order?: 'strict' | 'any' }} query */
    funnel: async ({ stages: s = stages, filters = NO_FILTERS, steps, window = 604_800, order = 'strict' }) => {
      const until = filters.to === null ? null : filters.to + window * 1000;
      return funnelOf(/** @type {any} */ (rawFunnelSteps(filters, steps, /** @type {any} */ (until), s)), { steps, window, order, filters });
    },
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
        purgeVisits.run(cutoff);
        purgePaths.run(cutoff);
        rollup.rebuild();
        rebuildCounted(db);
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
