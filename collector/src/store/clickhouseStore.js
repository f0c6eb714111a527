// The scale engine: ClickHouse over HTTP (@clickhouse/client). The collector keeps no state
// of its own: every instance behind a balancer writes to the same tables, and a message two
// of them store (a replay, a beacon that crossed a retry) collapses to one row
// (ReplacingMergeTree); every query reads with FINAL, so it is exact before merges. Queries
// are written for ClickHouse 18.16 and current releases alike: no window functions, no
// JSONExtract, no query parameters (values are quoted), joins by USING.
import { createClient } from '@clickhouse/client';
import { ABANDONMENTS, FRICTION, rowOf } from './rowOf.js';
import { summaryOf } from './summaryOf.js';
import { sweepWith } from './sweepWith.js';
import { ADDED_COLUMNS, clickhouseDDL, quote } from './clickhouseSchema.js';

const AB = ABANDONMENTS.map(quote).join(', ');
const ACTIVITY = `event NOT IN (${AB})`;
const list = (/** @type {string[]} */ values) => (values.length ? values.map(quote).join(', ') : "''");
const n = (/** @type {unknown} */ v) => Number(v) || 0;
const day = (/** @type {number} */ ms) => new Date(ms).toISOString().slice(0, 10);

/** A row as the events table's columns (no NULLs but the step: '' and 0 instead). */
const chRow = (/** @type {import('./rowOf.js').Row & { partitionTs?: number }} */ r) => ({
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

  /** @param {string} query */
  async function rows(query) {
    const r = await client.query({ query, format: 'JSONEachRow' });
    return /** @type {any[]} */ (await r.json());
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

  const CANCELLED = `SELECT message_id FROM (
      SELECT anonymous_id, ts AS a_ts FROM ${db}.events FINAL WHERE ${ACTIVITY}
    ) ALL INNER JOIN (
      SELECT anonymous_id, message_id, ts - toInt64(idle_time * 1000) AS lo, ts AS hi FROM ${db}.events FINAL WHERE source = 'collector' AND event IN (${AB})
    ) USING anonymous_id WHERE a_ts > lo AND a_ts < hi`;
  const COUNTED = `SELECT kind, cart_key,
      argMin(value, k) AS value, argMin(currency, k) AS currency, argMin(ifNull(step, -1), k) AS step, argMin(step_name, k) AS step_name,
      argMin(channel, k) AS channel, argMin(anonymous_id, k) AS visitor, argMin(cart_items, k) AS items, argMin(source, k) AS source,
      argMin(timestamp, k) AS timestamp, argMin(ts, k) AS ts, argMin(message_id, k) AS message_id, argMin(session_id, k) AS session_id
    FROM (
      SELECT *, if(event = 'Cart Abandoned', 'cart', 'checkout') AS kind, if(cart_id = '', message_id, cart_id) AS cart_key,
        tuple(source = 'collector', ts, message_id) AS k
      FROM ${db}.events FINAL WHERE event IN (${AB}) AND message_id NOT IN (${CANCELLED})
    ) GROUP BY kind, cart_key`;
  const stageArray = (/** @type {string[]} */ s) => `[${s.map(quote).join(', ')}]`;
  const idx = (/** @type {string[]} */ s) => `arrayJoin(range(${s.length}))`;

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
    /** @param {{ stages?: string[] }} [query] */
    summary: async ({ stages: s = stages } = {}) => {
      const S = stageArray(s);
      const E = `${db}.events FINAL`;
      const FR = FRICTION.map(quote).join(', ');
      const [totals, batchTotals, channels, steps, started, abandoned, latest, recent, friction, frictionTotals] = await Promise.all([
        rows(
          `SELECT count() AS events, uniqExact(anonymous_id) AS visitors,
             uniqExactIf(session_id, session_id != '' AND ${ACTIVITY}) AS visits FROM ${E}`,
        ),
        rows(
          `SELECT countIf(transport != 'sweep' AND replay = 0) AS batches, sumIf(duplicates, transport != 'sweep' AND replay = 0) AS duplicates,
             countIf(replay = 1) AS replays, sum(dropped) AS dropped FROM ${db}.batches`,
        ),
        rows(
          `SELECT i AS idx, channel, count() AS visitors FROM (
             SELECT anonymous_id, i, argMin(channel, tuple(ts, message_id)) AS channel FROM (
               SELECT anonymous_id, channel, ts, message_id, indexOf(${S}, stage) - 1 AS si, indexOf(${S}, furthest_stage) - 1 AS fi, ${idx(s)} AS i FROM ${E}
             ) WHERE i = 0 OR i = si OR i <= fi GROUP BY anonymous_id, i
           ) GROUP BY i, channel`,
        ),
        rows(
          `SELECT step, max(step_name) AS name,
             uniqExactIf(anonymous_id, event = 'Checkout Step Viewed') AS viewed,
             uniqExactIf(anonymous_id, event = 'Checkout Step Completed') AS completed
           FROM ${E} WHERE event IN ('Checkout Step Viewed', 'Checkout Step Completed') AND isNotNull(step) GROUP BY step`,
        ),
        rows(`SELECT uniqExactIf(anonymous_id, event = 'Checkout Started') AS started, uniqExactIf(anonymous_id, event = 'Order Completed') AS ordered FROM ${E}`),
        rows(
          `SELECT kind, step, max(step_name) AS stepName, channel, currency, count() AS count, sum(value) AS value
           FROM (${COUNTED}) GROUP BY kind, step, channel, currency`,
        ),
        rows(`SELECT kind, visitor, value, currency, items, step, source, timestamp FROM (${COUNTED}) ORDER BY ts DESC, message_id DESC LIMIT 5`),
        rows(
          `SELECT message_id AS id, type, if(event != '', event, name) AS event, stage, furthest_stage AS furthestStage, channel,
             anonymous_id AS visitor, page_path AS path, timestamp, received_at AS receivedAt
           FROM ${E} ORDER BY received_at DESC, ts DESC, message_id DESC LIMIT 40`,
        ),
        rows(`SELECT event AS kind, stage, ifNull(step, -1) AS step, max(step_name) AS name, count() AS count FROM ${E} WHERE event IN (${FR}) GROUP BY event, stage, step`),
        // 18.16 has no correlated subqueries: the checkouts joined to their sessions' friction steps
        rows(
          `SELECT (SELECT uniqExact(anonymous_id) FROM ${E} WHERE event IN (${FR})) AS visitors, count() AS checkouts, sum(f) AS withFriction FROM (
             SELECT session_id, step FROM (${COUNTED}) WHERE kind = 'checkout'
           ) ANY LEFT JOIN (
             SELECT DISTINCT session_id, ifNull(step, -1) AS step, toUInt8(1) AS f FROM ${E} WHERE event IN (${FR}) AND session_id != ''
           ) USING (session_id, step)`,
        ),
      ]);
      const none = (/** @type {any} */ v) => (v === '' ? null : v);
      return summaryOf(
        {
          totals: { ...totals[0], ...batchTotals[0] },
          channels,
          steps,
          started: started[0].started,
          ordered: started[0].ordered,
          // -1: no step (aggregates skip a NULL, so the counted row's own step is kept as -1)
          abandoned: abandoned.map((r) => ({ ...r, step: n(r.step) < 0 ? null : r.step })),
          latest: latest.map((r) => ({ ...r, step: n(r.step) < 0 ? null : r.step })),
          recent: recent.map((r) => ({ ...r, event: none(r.event), stage: none(r.stage), furthestStage: none(r.furthestStage), channel: none(r.channel), path: none(r.path) })),
          friction,
          frictionTotals: frictionTotals[0],
        },
        s,
        'clickhouse',
      );
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
