// The scale engine: ClickHouse over HTTP (@clickhouse/client). The collector keeps no state
// of its own: every instance behind a balancer writes to the same tables, and a message two
// of them store (a replay, a beacon that crossed a retry) collapses to one row
// (ReplacingMergeTree); every query reads with FINAL, so it is exact before merges. Queries
// are written for ClickHouse 18.16 and current releases alike: no window functions, no
// JSONExtract, no query parameters (values are quoted), joins by USING.
import { createClient } from '@clickhouse/client';
import { ABANDONMENTS, FRICTION, rowOf, rowOfStored } from './rowOf.js';
import { summaryOf } from './summaryOf.js';
import { sweepWith } from './sweepWith.js';
import { ADDED_COLUMNS, NOT_FILLED, clickhouseDDL, quote } from './clickhouseSchema.js';
import { NO_FILTERS, whereOf } from './filters.js';
import { ORDER } from './visitOf.js';
import { START_EVENTS, STEP_EVENTS, funnelOf, pathsOf, productsOf, segmentsOf, timeToConvertOf, trendsOf } from './reportsOf.js';

const AB = ABANDONMENTS.map(quote).join(', ');
const ACTIVITY = `event NOT IN (${AB})`;
const list = (/** @type {string[]} */ values) => (values.length ? values.map(quote).join(', ') : "''");
const n = (/** @type {unknown} */ v) => Number(v) || 0;
const day = (/** @type {number} */ ms) => new Date(ms).toISOString().slice(0, 10);
const FR = FRICTION.map(quote).join(', ');

/**
 * The filters' condition (filters.js) with the values written in (18.16 has no query
 * parameters): on the events (`ts`) or on the visits (`first_ts`).
 * @param {import('./filters.js').Filters} f
 * @param {string} ts
 */
const conditionOf = (f, ts) => {
  const w = whereOf(f, ts, (k) => `{${k}}`);
  return w.sql.replace(/\{(\w+)\}/g, (_, k) => (typeof w.params[k] == 'number' ? String(Math.trunc(Number(w.params[k]))) : quote(w.params[k])));
};

/** A page-path pattern (`*`: any run of characters, as SQLite's escaped GLOB) as an RE2 regular expression. */
const globRegex = (/** @type {string} */ glob) =>
  '(?s)^' +
  glob
    .split('*')
    .map((p) => p.replace(/[\\^$.|?+()[\]{}]/g, (c) => '\\' + c))
    .join('.*') +
  '$';

/** The segment and product columns of a row (ClickHouse: '' for none, -1 for no touches). */
const segmentColumns = (/** @type {import('./rowOf.js').Row} */ r) => {
  const lines = /** @type {[string, string | null, number, number][]} */ (r.products ? JSON.parse(r.products) : []);
  return {
    campaign: r.campaign ?? '',
    device: r.device ?? '',
    landing: r.landing ?? '',
    is_returning: r.isReturning ?? -1,
    product_id: r.productId ?? '',
    product_ids: lines.map((l) => l[0]),
    product_names: lines.map((l) => l[1] ?? ''),
    product_prices: lines.map((l) => l[2]),
    product_quantities: lines.map((l) => l[3]),
  };
};

/** A row as the events table's columns (no NULLs but the step: '' and 0 instead). */
export const chRow = (/** @type {import('./rowOf.js').Row & { partitionTs?: number }} */ r) => ({
  message_id: r.messageId,
  version: r.version,
  type: r.type,
  event: r.event ?? '',
  name: r.name ?? '',
  anonymous_id: r.anonymousId,
  user_id: r.userId ?? '',
  group_id: r.groupId ?? '',
  previous_id: r.previousId ?? '',
  session_id: r.sessionId ?? '',
  stage: r.stage ?? '',
  furthest_stage: r.furthestStage ?? '',
  channel: r.channel ?? '',
  ...segmentColumns(r),
  page_path: r.pagePath ?? '',
  source: r.source ?? '',
  cart_id: r.cartId ?? '',
  value: r.value ?? 0,
  currency: r.currency ?? '',
  step: r.step,
  step_name: r.stepName ?? '',
  idle_time: r.idleTime ?? 0,
  cart: r.cart ?? '',
  cart_items: r.cartItems,
  properties: r.properties,
  traits: r.traits ?? '',
  context: r.context,
  timestamp: r.timestamp,
  ts: r.ts,
  received_at: r.receivedAt,
  // A re-derived abandonment stays in its predecessor's partition (ReplacingMergeTree
  // replaces rows within a partition only).
  date: day(r.partitionTs ?? r.ts),
});

/**
 * Opens the ClickHouse store, creating the database and tables when missing.
 * @param {{ url: string, database?: string, stages: string[], username?: string, password?: string, maxWait?: number }} options
 *   `maxWait`: ms a batch may wait for others to share its INSERT (default 5); nothing is
 *   acknowledged before it is written.
 */
export const clickhouseStore = async ({ url, database = 'waymark', stages, username, password, maxWait = 5 }) => {
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(database)) throw new TypeError('openStore(): database must be a plain identifier (letters, digits, _)');
  const client = createClient({
    url,
    ...(username && { username }),
    ...(password && { password }),
    // 18.16 refuses settings it does not know; send none by default.
    clickhouse_settings: {},
  });
  const db = database;
  for (const sql of clickhouseDDL(db)) await client.command({ query: sql });
  const has = new Set((await rows(`SELECT name FROM system.columns WHERE database = ${quote(db)} AND table = 'events'`)).map((r) => r.name));
  for (const [name, type] of ADDED_COLUMNS) if (!has.has(name)) await client.command({ query: `ALTER TABLE ${db}.events ADD COLUMN ${name} ${type}` });
  const version = String((await rows('SELECT version() AS v'))[0]?.v ?? '');
  await fillSegments();

  /** @param {string} query */
  async function rows(query) {
    const r = await client.query({ query, format: 'JSONEachRow' });
    return /** @type {any[]} */ (await r.json());
  }
  // Rows stored before the segment and product columns existed get them from their stored
  // JSON, as SQLite's migration 4 does: each is inserted again, whole, with the columns filled
  // and its own version and partition, so it replaces the old row (ReplacingMergeTree keeps the
  // last of equal versions; FINAL reads it so at once). Resumable: a collector that stops
  // halfway fills the rest at its next start.
  async function fillSegments() {
    let after = '';
    for (;;) {
      const [visitor, id] = after ? JSON.parse(after) : ['', ''];
      const old = await rows(
        `SELECT * FROM ${db}.events FINAL WHERE is_returning = ${NOT_FILLED}
         ${after ? `AND (anonymous_id > ${quote(visitor)} OR (anonymous_id = ${quote(visitor)} AND message_id > ${quote(id)}))` : ''}
         ORDER BY anonymous_id, message_id LIMIT 10000`,
      );
      if (!old.length) return;
      const filled = old.map((r) => {
        const row = rowOfStored(r);
        return { ...r, version: n(r.version), ts: n(r.ts), ...segmentColumns(row) };
      });
      await client.insert({ table: `${db}.events`, values: filled, format: 'JSONEachRow' });
      const last = old[old.length - 1];
      after = JSON.stringify([last.anonymous_id, last.message_id]);
    }
  }
  /** @param {string} table @param {object[]} values */
  const insertRows = (table, values) => (values.length ? client.insert({ table: `${db}.${table}`, values, format: 'JSONEachRow' }) : Promise.resolve());

  // --- inserts: concurrent batches share one round of queries and one INSERT per table
  // (group commit), so many small beacons do not become many small parts. Each caller's
  // promise settles only after the shared INSERT did: no acknowledged event lives only here.
  /** @type {{ messages: any[], meta: import('./openStore.js').BatchMeta, resolve: (r: any) => void, reject: (e: unknown) => void }[]} */
  let queue = [];
  /** @type {ReturnType<typeof setTimeout> | undefined} */
  let timer;
  let inserts = 0;
  const flush = async () => {
    timer = undefined;
    const group = queue;
    queue = [];
    try {
      const keys = /** @type {string[]} */ ([...new Set(group.map((g) => g.meta.idempotencyKey).filter((k) => typeof k == 'string' && k))]);
      const seenKeys = new Set(
        keys.length ? (await rows(`SELECT DISTINCT idempotency_key AS k FROM ${db}.batches WHERE replay = 0 AND idempotency_key IN (${list(keys)})`)).map((r) => r.k) : [],
      );
      // Which of these messages are stored already: looked up by the table's key (visitor,
      // then messageId), so the check reads a few granules, not the whole column.
      const messages = group.flatMap((g) => g.messages);
      const stored = new Set();
      for (let i = 0; i < messages.length; i += 5000) {
        const chunk = messages.slice(i, i + 5000);
        const visitors = [...new Set(chunk.map((m) => m.anonymousId ?? m.userId))];
        const ids = [...new Set(chunk.map((m) => m.messageId))];
        for (const r of await rows(`SELECT DISTINCT message_id AS id FROM ${db}.events WHERE anonymous_id IN (${list(visitors)}) AND message_id IN (${list(ids)})`))
          stored.add(r.id);
      }
      const events = [];
      /** @type {any[]} */
      const batches = [];
      /** @type {any[]} */
      const results = [];
      for (const g of group) {
        const received = g.messages.length;
        const receivedAt = g.meta.receivedAt ?? new Date().toISOString();
        let key = g.meta.idempotencyKey || null;
        let keyReused = false;
        const batch = {
          received_at: receivedAt,
          sent_at: g.meta.sentAt ?? '',
          transport: g.meta.transport ?? 'fetch',
          write_key: g.meta.writeKey ?? '',
          messages: received,
          dropped: g.meta.dropped ?? 0,
          date: receivedAt.slice(0, 10),
        };
        if (key && (seenKeys.has(key) || batches.some((b) => b.idempotency_key == key))) {
          if (g.messages.every((m) => stored.has(m.messageId))) {
            batches.push({ ...batch, idempotency_key: key, stored: 0, duplicates: received, replay: 1 });
            results.push({ replay: true, received, stored: 0, duplicates: received });
            continue;
          }
          key = null;
          keyReused = true;
        }
        let count = 0;
        for (const m of g.messages) {
          if (stored.has(m.messageId)) continue;
          stored.add(m.messageId);
          events.push(chRow(rowOf(m, receivedAt)));
          count++;
        }
        batches.push({ ...batch, idempotency_key: key ?? '', stored: count, duplicates: received - count, replay: 0 });
        results.push({ replay: false, received, stored: count, duplicates: received - count, ...(keyReused ? { keyReused } : {}) });
      }
      await insertRows('events', events);
      await insertRows('batches', batches);
      inserts++;
      group.forEach((g, i) => g.resolve(results[i]));
    } catch (e) {
      for (const g of group) g.reject(e);
    }
  };

  // (PREWHERE on the event name is exact under FINAL: every version of a message has the
  // same name; the left side reads only the visitors with a derived abandonment, by the key.)
  const CANCELLED = `SELECT message_id FROM (
      SELECT anonymous_id, ts AS a_ts FROM ${db}.events FINAL
      WHERE anonymous_id IN (SELECT anonymous_id FROM ${db}.events PREWHERE event IN (${AB}) WHERE source = 'collector') AND ${ACTIVITY}
    ) ALL INNER JOIN (
      SELECT anonymous_id, message_id, ts - toInt64(idle_time * 1000) AS lo, ts AS hi FROM ${db}.events FINAL PREWHERE event IN (${AB}) WHERE source = 'collector'
    ) USING anonymous_id WHERE a_ts > lo AND a_ts < hi`;
  // One abandonment per (kind, cart): the browser's first, else the collector's (k orders them).
  // (The cancelled ones are left out after the FINAL read, not in it: 18.16 is 2-3 times faster so.)
  const COUNTED = `SELECT kind, cart_key,
      argMin(value, k) AS value, argMin(currency, k) AS currency, argMin(ifNull(step, -1), k) AS step, argMin(step_name, k) AS step_name,
      argMin(channel, k) AS channel, argMin(campaign, k) AS campaign, argMin(device, k) AS device, argMin(landing, k) AS landing,
      argMin(is_returning, k) AS is_returning, argMin(product_ids, k) AS product_ids, argMin(product_names, k) AS product_names,
      argMin(anonymous_id, k) AS visitor, argMin(cart_items, k) AS items, argMin(source, k) AS source,
      argMin(timestamp, k) AS timestamp, argMin(ts, k) AS ts, argMin(message_id, k) AS message_id, argMin(session_id, k) AS session_id
    FROM (
      SELECT *, if(event = 'Cart Abandoned', 'cart', 'checkout') AS kind, if(cart_id = '', message_id, cart_id) AS cart_key,
        tuple(source = 'collector', ts, message_id) AS k
      FROM (
        SELECT event, cart_id, value, currency, step, step_name, channel, campaign, device, landing, is_returning, product_ids, product_names,
          anonymous_id, cart_items, source, timestamp, ts, message_id, session_id
        FROM ${db}.events FINAL PREWHERE event IN (${AB})
      ) WHERE message_id NOT IN (${CANCELLED})
    ) GROUP BY kind, cart_key`;
  // The counted ones the filters keep (by the counted row's own time and segment columns).
  const counted = (/** @type {string} */ where) => `SELECT * FROM (${COUNTED}) WHERE ${where}`;
  const stageArray = (/** @type {string[]} */ s) => (s.length ? `[${s.map(quote).join(', ')}]` : 'emptyArrayString()');
  // Every read is FINAL (exact before merges). A filter on the event name or type goes in
  // PREWHERE: every version of a message has the same ones, so filtering before FINAL
  // collapses them is exact, and FINAL then merges a few rows, not the table.
  const E = `${db}.events FINAL`;
  // The visits (visitOf.js), computed from the events: one row per (session, visitor), the
  // attributes of its first message (by time, then messageId), `reach` the 1-based index in
  // `s` of the furthest stage its messages carried (0: none).
  const visitsOf = (/** @type {string[]} */ s) => {
    const S = stageArray(s);
    return `SELECT anonymous_id, session_id, session, first_ts, last_ts, a.1 AS channel, a.2 AS campaign, a.3 AS device, a.4 AS landing,
        a.5 AS is_returning, reach, messages, activity, orders, revenue, order_ts FROM (
      SELECT anonymous_id, session_id, session_id != '' AS session, min(ts) AS first_ts, max(ts) AS last_ts,
        argMin(tuple(channel, campaign, device, landing, is_returning), tuple(ts, message_id)) AS a,
        max(greatest(indexOf(${S}, stage), indexOf(${S}, furthest_stage))) AS reach,
        count() AS messages, countIf(${ACTIVITY}) AS activity, countIf(event = '${ORDER}') AS orders,
        sumIf(value, event = '${ORDER}') AS revenue, minIf(ts, event = '${ORDER}') AS order_ts
      FROM ${E} GROUP BY anonymous_id, session_id)`;
  };
  // A visit's furthest stage as an index into the stage list (0 without any: every visitor
  // has reached the first stage).
  const FURTHEST = 'toUInt64(greatest(reach, 1) - 1)';
  const dimension = {
    channel: 'channel',
    campaign: 'campaign',
    device: 'device',
    landing: 'landing',
    visitor: "multiIf(is_returning = 1, 'returning', is_returning = 0, 'new', '')",
  };
  // no step: -1 (aggregates skip a NULL, so a row's own step is kept as -1)
  const stepOf = (/** @type {any} */ v) => (v === null || v === undefined || n(v) < 0 ? null : v);

  // The latest messages without a filter are among the latest received (a few spare for
  // duplicates), read from one column before FINAL merges; with a filter, all are looked at.
  const recentOnly = (/** @type {import('./filters.js').Filters} */ f) =>
    Object.values(f).every((v) => v === null)
      ? `PREWHERE received_at >= (SELECT min(received_at) FROM (SELECT received_at FROM ${db}.events ORDER BY received_at DESC LIMIT 200))`
      : '';

  /** The summary's raw aggregates under filters `f` (sqliteStore.js has the same in SQLite). */
  const rawSummary = async (/** @type {import('./filters.js').Filters} */ f, /** @type {string[]} */ s) => {
    const e = conditionOf(f, 'ts');
    const V = `(${visitsOf(s)}) WHERE ${conditionOf(f, 'first_ts')}`;
    const [visitors, batchTotals, currencies, steps, started, abandoned, latest, recent, friction, frictionVisitors] = await Promise.all([
      // Per visitor and stage reached: the channel of their first visit at that stage or beyond
      // (the first of their visits, in time, whose furthest stage is at or beyond it). Each
      // visitor is at stage 0 once: the visit totals are summed over those rows.
      rows(
        `SELECT i AS idx, tupleElement(arrayFirst(v -> tupleElement(v, 3) >= i, vs), 2) AS channel, count() AS visitors,
           sumIf(m, i = 0) AS events, sumIf(n, i = 0) AS visits, sumIf(o, i = 0) AS orders, sumIf(r, i = 0) AS revenue,
           countIf(i = 0 AND o > 0) AS buyers, min(fst) AS first, max(lst) AS last FROM (
           SELECT arraySort(groupArray(tuple(first_ts, channel, ${FURTHEST}))) AS vs, max(${FURTHEST}) AS top, sum(messages) AS m,
             sum(session * (activity > 0)) AS n, sum(orders) AS o, sum(revenue) AS r, min(first_ts) AS fst, max(last_ts) AS lst
           FROM ${V} GROUP BY anonymous_id
         ) ARRAY JOIN range(top + 1) AS i GROUP BY idx, channel`,
      ),
      rows(
        `SELECT countIf(transport != 'sweep' AND replay = 0) AS batches, sumIf(duplicates, transport != 'sweep' AND replay = 0) AS duplicates,
           countIf(replay = 1) AS replays, sum(dropped) AS dropped FROM ${db}.batches`,
      ),
      rows(`SELECT currency, count() AS n FROM ${E} PREWHERE event = '${ORDER}' WHERE currency != '' AND ${e} GROUP BY currency`),
      rows(
        `SELECT step, max(step_name) AS name,
           uniqExactIf(anonymous_id, event = 'Checkout Step Viewed') AS viewed,
           uniqExactIf(anonymous_id, event = 'Checkout Step Completed') AS completed
         FROM ${E} PREWHERE event IN ('Checkout Step Viewed', 'Checkout Step Completed') WHERE isNotNull(step) AND ${e} GROUP BY step`,
      ),
      rows(
        `SELECT uniqExactIf(anonymous_id, event = 'Checkout Started') AS started, uniqExactIf(anonymous_id, event = '${ORDER}') AS ordered
         FROM ${E} PREWHERE event IN ('Checkout Started', '${ORDER}') WHERE ${e}`,
      ),
      // The counted abandonments, grouped; each with whether its session had friction at its
      // step (18.16 has no correlated subqueries: joined to the sessions' friction steps).
      rows(
        `SELECT kind, step, max(step_name) AS stepName, channel, currency, count() AS count, sum(value) AS value, sum(f) AS withFriction FROM (
           SELECT kind, step, step_name, channel, currency, value, session_id FROM (${counted(e)})
         ) ANY LEFT JOIN (
           SELECT DISTINCT session_id, ifNull(step, -1) AS step, toUInt8(1) AS f FROM ${E} PREWHERE event IN (${FR}) WHERE session_id != ''
         ) USING (session_id, step) GROUP BY kind, step, channel, currency`,
      ),
      rows(`SELECT kind, visitor, value, currency, items, step, source, timestamp FROM (${counted(e)}) ORDER BY ts DESC, message_id DESC LIMIT 5`),
      rows(
        `SELECT message_id AS id, type, if(event != '', event, name) AS event, stage, furthest_stage AS furthestStage, channel,
           anonymous_id AS visitor, page_path AS path, timestamp, ts, received_at AS receivedAt
         FROM ${E} ${recentOnly(f)} WHERE ${e} ORDER BY received_at DESC, ts DESC, message_id DESC LIMIT 40`,
      ),
      rows(
        `SELECT event AS kind, stage, ifNull(step, -1) AS step, max(step_name) AS name, count() AS count FROM ${E}
         PREWHERE event IN (${FR}) WHERE ${e} GROUP BY event, stage, step`,
      ),
      rows(`SELECT uniqExact(anonymous_id) AS visitors FROM ${E} PREWHERE event IN (${FR}) WHERE ${e}`),
    ]);
    const none = (/** @type {any} */ v) => (v === '' ? null : v);
    const t = { events: 0, visitors: 0, visits: 0, orders: 0, revenue: 0, buyers: 0, first: /** @type {number | null} */ (null), last: /** @type {number | null} */ (null) };
    for (const r of visitors) {
      t.first = t.first === null ? n(r.first) : Math.min(t.first, n(r.first));
      t.last = t.last === null ? n(r.last) : Math.max(t.last, n(r.last));
      if (n(r.idx) != 0) continue;
      t.events += n(r.events);
      t.visitors += n(r.visitors);
      t.visits += n(r.visits);
      t.orders += n(r.orders);
      t.revenue += Number(r.revenue) || 0;
      t.buyers += n(r.buyers);
    }
    const checkouts = abandoned.filter((r) => r.kind == 'checkout');
    return {
      totals: { events: t.events, visitors: t.visitors, visits: t.visits, ...batchTotals[0] },
      channels: visitors.map((r) => ({ idx: r.idx, channel: r.channel, visitors: r.visitors })),
      sales: { buyers: t.buyers, orders: t.orders, revenue: t.revenue },
      currencies,
      range: { first: t.first, last: t.last },
      steps,
      started: started[0].started,
      ordered: started[0].ordered,
      abandoned: abandoned.map((r) => ({ ...r, step: stepOf(r.step) })),
      latest: latest.map((r) => ({ ...r, step: stepOf(r.step) })),
      recent: recent.map((r) => ({ ...r, event: none(r.event), stage: none(r.stage), furthestStage: none(r.furthestStage), channel: none(r.channel), path: none(r.path) })),
      friction,
      frictionTotals: {
        visitors: frictionVisitors[0].visitors,
        checkouts: checkouts.reduce((x, r) => x + n(r.count), 0),
        withFriction: checkouts.reduce((x, r) => x + n(r.withFriction), 0),
      },
    };
  };

  /** Trends: per bucket of `size` ms (UTC), the visit figures and the abandoned value. */
  const rawTrends = async (/** @type {import('./filters.js').Filters} */ f, /** @type {string[]} */ s, /** @type {number} */ size) => {
    const [visits, abandoned] = await Promise.all([
      rows(
        `SELECT b, x AS f, count() AS visitors, sum(v) AS visits, countIf(o > 0) AS buyers, sum(o) AS orders, sum(r) AS revenue FROM (
           SELECT intDiv(first_ts, ${size}) AS b, anonymous_id, max(${FURTHEST}) AS x, sum(session * (activity > 0)) AS v, sum(orders) AS o, sum(revenue) AS r
           FROM (${visitsOf(s)}) WHERE ${conditionOf(f, 'first_ts')} GROUP BY b, anonymous_id
         ) GROUP BY b, x`,
      ),
      rows(`SELECT intDiv(ts, ${size}) AS b, sum(value) AS value FROM (${counted(conditionOf(f, 'ts'))}) GROUP BY b`),
    ]);
    return { visits, abandoned };
  };

  /** Segments: per value of a dimension, the visit figures and the abandoned value. */
  const rawSegments = async (/** @type {import('./filters.js').Filters} */ f, /** @type {keyof typeof dimension} */ by) => {
    const col = dimension[by];
    const [visits, abandoned] = await Promise.all([
      rows(
        `SELECT segment, count() AS visitors, sum(v) AS visits, countIf(o > 0) AS buyers, sum(o) AS orders, sum(r) AS revenue FROM (
           SELECT ${col} AS segment, anonymous_id, sum(session * (activity > 0)) AS v, sum(orders) AS o, sum(revenue) AS r
           FROM (${visitsOf(stages)}) WHERE ${conditionOf(f, 'first_ts')} GROUP BY segment, anonymous_id
         ) GROUP BY segment`,
      ),
      rows(`SELECT ${col} AS segment, sum(value) AS value FROM (${counted(conditionOf(f, 'ts'))}) GROUP BY segment`),
    ]);
    return { visits, abandoned };
  };

  /** Products: visitors who viewed and added each, its order lines, the counted abandonments holding it. */
  const rawProducts = async (/** @type {import('./filters.js').Filters} */ f) => {
    const e = conditionOf(f, 'ts');
    const seen = (/** @type {string} */ event) =>
      rows(
        `SELECT product_id AS product, max(step_name) AS name, uniqExact(anonymous_id) AS visitors FROM ${E}
         PREWHERE event = ${quote(event)} WHERE product_id != '' AND ${e} GROUP BY product_id`,
      );
    const [viewed, added, ordered, abandoned] = await Promise.all([
      seen('Product Viewed'),
      seen('Product Added'),
      rows(
        `SELECT id AS product, max(line_name) AS name, uniqExact(message_id) AS orders, sum(price * quantity) AS revenue
         FROM ${E} ARRAY JOIN product_ids AS id, product_names AS line_name, product_prices AS price, product_quantities AS quantity
         PREWHERE event = '${ORDER}' WHERE ${e} GROUP BY product`,
      ),
      rows(
        `SELECT id AS product, max(line_name) AS name, uniqExact(message_id) AS count
         FROM (${counted(e)}) ARRAY JOIN product_ids AS id, product_names AS line_name GROUP BY product`,
      ),
    ]);
    return { viewed, added, ordered, abandoned };
  };

  /**
   * Paths, without window functions: per visit that had a start (a cart add or a checkout step
   * viewed, in the filters), its steps in order (time, then messageId), each start paired
   * with its neighbour (none past the end: "Left").
   */
  const rawPaths = async (/** @type {import('./filters.js').Filters} */ f) => {
    const start = `event IN (${START_EVENTS.map(quote).join(', ')}) AND ${conditionOf(f, 'ts')}`;
    const r = await rows(
      `SELECT tupleElement(cur, 4) AS event, tupleElement(cur, 5) AS step, max(tupleElement(cur, 6)) AS name,
         tupleElement(nxt, 3) AS nType, tupleElement(nxt, 4) AS nEvent, tupleElement(nxt, 5) AS nStep, tupleElement(nxt, 6) AS nName,
         tupleElement(nxt, 7) AS nPath, count() AS count FROM (
         SELECT seq[i] AS cur, seq[i + 1] AS nxt FROM (
           SELECT arraySort(groupArray(tuple(ts, message_id, type, event, ifNull(step, -1), step_name, page_path, toUInt8(${start})))) AS seq
           FROM ${E} PREWHERE type = 'page' OR event IN (${STEP_EVENTS.map(quote).join(', ')})
           WHERE session_id != '' AND anonymous_id IN (SELECT anonymous_id FROM ${db}.events PREWHERE event IN (${START_EVENTS.map(quote).join(', ')}) WHERE ${conditionOf(f, 'ts')})
           GROUP BY session_id, anonymous_id HAVING max(${start}) = 1
         ) ARRAY JOIN arrayFilter(j -> tupleElement(seq[j], 8) = 1, arrayEnumerate(seq)) AS i
       ) GROUP BY event, step, nType, nEvent, nStep, nName, nPath`,
    );
    return r.map((x) => ({ ...x, step: stepOf(x.step), nStep: stepOf(x.nStep) }));
  };

  /** Per visitor whose first order is in the filters: their first event ever and that order. */
  const rawTimeToConvert = async (/** @type {import('./filters.js').Filters} */ f) =>
    rows(
      `SELECT fst AS first, o AS ordered FROM (
         SELECT anonymous_id, min(first_ts) AS fst, minIf(order_ts, orders > 0) AS o, max(orders > 0 AND ${conditionOf({ ...f, from: null, to: null }, 'first_ts')}) AS seg
         FROM (${visitsOf(stages)}) GROUP BY anonymous_id
       ) WHERE seg = 1 AND ${conditionOf({ ...NO_FILTERS, from: f.from, to: f.to }, 'o')}`,
    );

  /** Occurrences of custom-funnel steps: [visitor, time, properties?] per step. */
  const rawFunnelSteps = (
    /** @type {import('./filters.js').Filters} */ f,
    /** @type {import('./reportsOf.js').FunnelStep[]} */ steps,
    /** @type {number | null} */ until,
    /** @type {string[]} */ s,
  ) => {
    const span = { ...f, to: until };
    const e = conditionOf(span, 'ts');
    // as columns (funnelOf's Occurrences)
    const listed = async (/** @type {string} */ query) => {
      const r = await rows(query);
      return { visitors: r.map((x) => x.visitor), times: r.map((x) => x.ts), ...(r.length && r[0].properties !== undefined && { properties: r.map((x) => x.properties) }) };
    };
    return Promise.all(
      steps.map((step) => {
        if ('stage' in step) {
          const i = s.indexOf(step.stage);
          if (i < 0) return { visitors: [], times: [] };
          return listed(`SELECT anonymous_id AS visitor, first_ts AS ts FROM (${visitsOf(s)}) WHERE reach > ${i} AND ${conditionOf(span, 'first_ts')}`);
        }
        if ('path' in step)
          return listed(`SELECT anonymous_id AS visitor, ts FROM ${E} PREWHERE type = 'page' WHERE page_path != '' AND match(page_path, ${quote(globRegex(step.path))}) AND ${e}`);
        return listed(`SELECT anonymous_id AS visitor, ts${step.where ? ', properties' : ''} FROM ${E} PREWHERE event = ${quote(step.event)} WHERE ${e}`);
      }),
    );
  };

  /** @type {import('./sweepWith.js').SweepEngine} */
  const sweepEngine = {
    candidates: async (cutoff, since) =>
      (
        await rows(
          `SELECT anonymous_id AS anonymousId, last_ts AS lastTs, last_context AS lastContext, last_user AS userId, last_cart AS cart FROM (
             SELECT anonymous_id, max(ts) AS last_ts, argMax(context, tuple(ts, message_id)) AS last_context,
               argMax(user_id, tuple(user_id != '', ts, message_id)) AS last_user
             FROM ${db}.events FINAL
             WHERE anonymous_id IN (SELECT anonymous_id FROM ${db}.events WHERE ts > ${Math.floor(since)} AND ts <= ${Math.floor(cutoff)}) AND ${ACTIVITY}
             GROUP BY anonymous_id HAVING last_ts <= ${Math.floor(cutoff)}
           ) ANY INNER JOIN (
             SELECT anonymous_id, argMax(cart, tuple(ts, message_id)) AS last_cart, argMax(cart_items, tuple(ts, message_id)) AS last_items
             FROM ${db}.events FINAL WHERE cart != '' AND ${ACTIVITY} GROUP BY anonymous_id HAVING last_items > 0
           ) USING anonymous_id`,
        )
      ).map((r) => ({ ...r, lastTs: n(r.lastTs), userId: r.userId || null })),
    abandonments: async (cartIds) =>
      (
        await rows(
          `SELECT message_id AS messageId, event, cart_id AS cartId, source, ts FROM ${db}.events FINAL
           WHERE event IN (${AB}) AND cart_id IN (${list(cartIds)})`,
        )
      ).map((r) => ({ ...r, ts: n(r.ts), source: r.source || null })),
    cancelled: async () => (await rows(`SELECT DISTINCT message_id FROM (${CANCELLED})`)).map((r) => r.message_id),
    write: async (derived, batch) => {
      // A replacement keeps its predecessor's partition.
      const before = new Map(
        (
          await rows(
            `SELECT message_id, min(ts) AS ts FROM ${db}.events
             WHERE anonymous_id IN (${list(derived.map((r) => r.anonymousId))}) AND message_id IN (${list(derived.map((r) => r.messageId))}) GROUP BY message_id`,
          )
        ).map((r) => [r.message_id, n(r.ts)]),
      );
      await insertRows(
        'events',
        derived.map((r) => chRow({ ...r, partitionTs: before.get(r.messageId) ?? r.ts })),
      );
      await insertRows('batches', [
        {
          idempotency_key: '',
          received_at: batch.receivedAt,
          sent_at: '',
          transport: batch.transport,
          write_key: '',
          messages: derived.length,
          stored: derived.length,
          duplicates: 0,
          dropped: 0,
          replay: 0,
          date: batch.receivedAt.slice(0, 10),
        },
      ]);
    },
  };

  return {
    engine: /** @type {'clickhouse'} */ ('clickhouse'),
    /** the server's version, e.g. '18.16.1' */
    serverVersion: version,
    /** how many shared INSERT rounds ran (batches that arrived together share one) */
    get inserts() {
      return inserts;
    },
    /**
     * Stores validated messages, each messageId once.
     * @param {any[]} messages
     * @param {import('./openStore.js').BatchMeta} [meta]
     */
    insert: (messages, meta = {}) =>
      /** @type {Promise<{ replay: boolean, received: number, stored: number, duplicates: number, keyReused?: boolean }>} */ (
        new Promise((resolve, reject) => {
          queue.push({ messages, meta, resolve, reject });
          timer ??= setTimeout(flush, maxWait);
        })
      ),
    /** changes whenever any instance wrote (every write, replays and sweeps included, adds a batch row) */
    changeToken: async () => {
      const [r] = await rows(`SELECT count() AS n, max(received_at) AS at FROM ${db}.batches`);
      return `${r.n}:${r.at}`;
    },
    /** @param {{ stages?: string[], filters?: import('./filters.js').Filters }} [query] */
    summary: async ({ stages: s = stages, filters = NO_FILTERS } = {}) => summaryOf(/** @type {any} */ (await rawSummary(filters, s)), s, 'clickhouse', filters),
    /** @param {{ stages?: string[], filters?: import('./filters.js').Filters, interval?: 'hour' | 'day' }} [query] */
    trends: async ({ stages: s = stages, filters = NO_FILTERS, interval = 'day' } = {}) => {
      const size = interval == 'hour' ? 3_600_000 : 86_400_000;
      return trendsOf(/** @type {any} */ (await rawTrends(filters, s, size)), { stages: s, interval, size, filters });
    },
    /** @param {{ filters?: import('./filters.js').Filters, by?: keyof typeof dimension }} [query] */
    segments: async ({ filters = NO_FILTERS, by = 'channel' } = {}) => segmentsOf(/** @type {any} */ (await rawSegments(filters, by)), { by, filters }),
    /** @param {{ filters?: import('./filters.js').Filters }} [query] */
    products: async ({ filters = NO_FILTERS } = {}) => productsOf(/** @type {any} */ (await rawProducts(filters)), filters),
    /** @param {{ filters?: import('./filters.js').Filters }} [query] */
    paths: async ({ filters = NO_FILTERS } = {}) => pathsOf(/** @type {any} */ (await rawPaths(filters)), filters),
    /** @param {{ filters?: import('./filters.js').Filters }} [query] */
    timeToConvert: async ({ filters = NO_FILTERS } = {}) => timeToConvertOf(/** @type {any} */ (await rawTimeToConvert(filters)), filters),
    /** @param {{ stages?: string[], filters?: import('./filters.js').Filters, steps: import('./reportsOf.js').FunnelStep[], window?: number, order?: 'strict' | 'any' }} query */
    funnel: async ({ stages: s = stages, filters = NO_FILTERS, steps, window = 604_800, order = 'strict' }) => {
      const until = filters.to === null ? null : filters.to + window * 1000;
      return funnelOf(/** @type {any} */ (await rawFunnelSteps(filters, steps, until, s)), { steps, window, order, filters });
    },
    /** @param {{ now?: Date | string | number, abandonAfter?: number, lookbackDays?: number }} [options] */
    sweep: (options) => sweepWith(sweepEngine, options),
    /**
     * Retention: drops the months wholly older than the cutoff (cheap), then deletes the rest
     * of the older events with a mutation and waits for it (18.16 has no table TTL).
     * @param {{ olderThanDays: number, now?: Date | string | number }} options
     */
    purge: async ({ olderThanDays, now = Date.now() }) => {
      if (!(olderThanDays > 0)) throw new TypeError('purge(): olderThanDays must be a positive number of days');
      const cutoff = new Date(now).getTime() - olderThanDays * 86_400_000;
      const [{ events }] = await rows(`SELECT uniqExact(message_id) AS events FROM ${db}.events WHERE ts < ${cutoff}`);
      const month = Number(day(cutoff).slice(0, 7).replace('-', ''));
      for (const table of ['events', 'batches']) {
        const parts = await rows(`SELECT DISTINCT partition FROM system.parts WHERE database = ${quote(db)} AND table = ${quote(table)} AND active`);
        for (const p of parts) if (Number(p.partition) < month) await client.command({ query: `ALTER TABLE ${db}.${table} DROP PARTITION ${p.partition}` });
      }
      if (n((await rows(`SELECT count() AS c FROM ${db}.events WHERE ts < ${cutoff}`))[0].c)) {
        await client.command({ query: `ALTER TABLE ${db}.events DELETE WHERE ts < ${cutoff}` });
        // 18.16 has no mutations_sync: wait until the mutation is done.
        for (let i = 0; ; i++) {
          const [{ left }] = await rows(`SELECT count() AS left FROM system.mutations WHERE database = ${quote(db)} AND table = 'events' AND is_done = 0`);
          if (!n(left)) break;
          if (i > 600) throw new Error('purge(): the ClickHouse mutation did not finish within a minute');
          await new Promise((r) => setTimeout(r, 100));
        }
      }
      return { events: n(events) };
    },
    /**
     * Stored messages, oldest first.
     * @param {{ event?: string, anonymousId?: string }} [filter]
     */
    messages: async ({ event, anonymousId } = {}) =>
      (
        await rows(
          `SELECT message_id, type, event, name, anonymous_id, user_id, group_id, previous_id, properties, traits, context, timestamp FROM ${db}.events FINAL
           WHERE 1 ${event === undefined ? '' : `AND event = ${quote(event)}`} ${anonymousId === undefined ? '' : `AND anonymous_id = ${quote(anonymousId)}`}
           ORDER BY ts, message_id`,
        )
      ).map((r) => ({
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
      })),
    close: async () => {
      if (timer) clearTimeout(timer), await flush();
      await client.close();
    },
  };
};
