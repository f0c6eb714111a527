// The numbers behind the journey dashboard, computed in SQL from the events table.
// Visitors are counted by anonymousId, the one id every message carries.

/**
 * The part of a better-sqlite3 Database these queries use; rows come back untyped.
 * @typedef {{ prepare(sql: string): { all(...params: unknown[]): any[], get(...params: unknown[]): any } }} Db
 */

/** @param {number} n */
const placeholders = (n) => Array(n).fill('?').join(', ');
/** @param {unknown} v @returns {number} */
const num = (v) => (typeof v == 'number' && Number.isFinite(v) ? v : 0);

/**
 * Distinct visitors who reached each stage. A visitor reached a stage when one of their
 * events has that stage, or a furthest stage at or beyond it: the furthest stage never goes
 * back, so a buyer who is seen only on the thank-you page still counts as having decided.
 * @param {Db} db
 * @param {string[]} stages ordered stage names
 * @returns {{ stage: string, visitors: number }[]}
 */
export const funnel = (db, stages) => {
  // One pass over the events: the stages each visitor has events at, and the furthest stage
  // each visitor reached; a visitor counts at stage i if either says so. (Six separate
  // COUNT(DISTINCT) scans with an OR took ~0.4 s on 50,000 events; this takes a fraction.)
  const rows = db
    .prepare(
      `WITH s(name, idx) AS (VALUES ${stages.map(() => '(?, ?)').join(', ')}),
       seen AS (SELECT DISTINCT anonymous_id AS v, stage, furthest_stage FROM events),
       reach AS (
         SELECT v, s.idx FROM seen JOIN s ON s.name = seen.stage
         UNION
         SELECT v, s.idx FROM seen JOIN s AS f ON f.name = seen.furthest_stage JOIN s ON s.idx <= f.idx
       )
       SELECT idx, COUNT(*) AS n FROM reach GROUP BY idx`,
    )
    .all(...stages.flatMap((name, i) => [name, i]));
  const by = new Map(rows.map((r) => [r.idx, r.n]));
  return stages.map((stage, i) => ({ stage, visitors: by.get(i) ?? 0 }));
};

/**
 * Checkout steps: visitors who viewed and completed each step, checkouts abandoned there,
 * and the drop-off (viewed but not completed).
 * @param {Db} db
 */
export const checkout = (db) => {
  const rows = db
    .prepare(
      `SELECT CAST(json_extract(properties, '$.step') AS INTEGER) AS step,
         COUNT(DISTINCT CASE WHEN event = 'Checkout Step Viewed' THEN anonymous_id END) AS viewed,
         COUNT(DISTINCT CASE WHEN event = 'Checkout Step Completed' THEN anonymous_id END) AS completed,
         SUM(event = 'Checkout Abandoned') AS abandoned,
         MAX(COALESCE(json_extract(properties, '$.step_name'), json_extract(properties, '$.name'))) AS name
       FROM events
       WHERE event IN ('Checkout Step Viewed', 'Checkout Step Completed', 'Checkout Abandoned')
         AND json_extract(properties, '$.step') IS NOT NULL
       GROUP BY 1 ORDER BY 1`,
    )
    .all();
  /** @param {string} event */
  const visitors = (event) => db.prepare('SELECT COUNT(DISTINCT anonymous_id) AS n FROM events WHERE event = ?').get(event).n;
  return {
    started: visitors('Checkout Started'),
    ordered: visitors('Order Completed'),
    steps: rows.map((r) => ({
      step: r.step,
      name: typeof r.name == 'string' ? r.name : null,
      viewed: r.viewed,
      completed: r.completed,
      abandoned: r.abandoned,
      dropOff: Math.max(0, r.viewed - r.completed),
    })),
  };
};

/**
 * Abandoned carts: how many, their total value (property `value`, else `revenue`), the most
 * common currency, and the latest few.
 * @param {Db} db
 */
export const abandonedCarts = (db) => {
  const value = `COALESCE(json_extract(properties, '$.value'), json_extract(properties, '$.revenue'), 0)`;
  const total = db.prepare(`SELECT COUNT(*) AS count, TOTAL(${value}) AS value FROM events WHERE event = 'Cart Abandoned'`).get();
  const currency = db
    .prepare(
      `SELECT json_extract(properties, '$.currency') AS c FROM events WHERE event = 'Cart Abandoned' AND c IS NOT NULL
       GROUP BY c ORDER BY COUNT(*) DESC LIMIT 1`,
    )
    .get();
  const latest = db
    .prepare(
      `SELECT anonymous_id AS visitor, ${value} AS value, json_extract(properties, '$.currency') AS currency,
         json_array_length(COALESCE(json_extract(properties, '$.products'), '[]')) AS items, timestamp
       FROM events WHERE event = 'Cart Abandoned' ORDER BY timestamp DESC, id DESC LIMIT 5`,
    )
    .all()
    .map((r) => ({ ...r, value: num(r.value) }));
  return { count: total.count, value: Math.round(num(total.value) * 100) / 100, currency: currency?.c ?? null, latest };
};

/**
 * Channel mix by stage: for each stage, the visitors with an event at that stage, each
 * counted once, under the channel of their first event at that stage (the touch that brought
 * them there; "unknown" when it carried none). Counting a visitor under every channel they
 * came back through would add up to more visitors than the stage has.
 * @param {Db} db
 * @param {string[]} stages
 * @returns {{ stage: string, channels: { channel: string, visitors: number }[] }[]}
 */
export const channelMix = (db, stages) => {
  const rows = db
    .prepare(
      `SELECT stage, channel, COUNT(*) AS visitors FROM (
         SELECT stage, COALESCE(channel, 'unknown') AS channel,
           ROW_NUMBER() OVER (PARTITION BY stage, anonymous_id ORDER BY timestamp, id) AS nth
         FROM events WHERE stage IN (${placeholders(stages.length)})
       ) WHERE nth = 1 GROUP BY 1, 2 ORDER BY 1, 3 DESC, 2`,
    )
    .all(...stages);
  return stages.map((stage) => ({
    stage,
    channels: rows.filter((r) => r.stage == stage).map((r) => ({ channel: r.channel, visitors: r.visitors })),
  }));
};

/**
 * The latest events, newest first, with their stages: the dashboard's live stream.
 * @param {Db} db
 * @param {number} [limit]
 */
export const recentEvents = (db, limit = 40) =>
  db
    .prepare(
      `SELECT id, type, COALESCE(event, name) AS event, stage, furthest_stage AS furthestStage, channel,
         anonymous_id AS visitor, page_path AS path, timestamp, received_at AS receivedAt
       FROM events ORDER BY id DESC LIMIT ?`,
    )
    .all(limit);

/**
 * Everything the dashboard shows, in one JSON-ready object.
 * @param {Db} db
 * @param {string[]} stages
 */
export const summarize = (db, stages) => {
  const totals = db
    .prepare(
      `SELECT (SELECT COUNT(*) FROM events) AS events,
         (SELECT COUNT(DISTINCT anonymous_id) FROM events) AS visitors,
         (SELECT COUNT(*) FROM batches) AS batches,
         (SELECT TOTAL(duplicates) FROM batches) AS duplicates,
         (SELECT TOTAL(replays) FROM batches) AS replays,
         (SELECT TOTAL(dropped) FROM batches) AS dropped`,
    )
    .get();
  return {
    generatedAt: new Date().toISOString(),
    stages,
    totals,
    funnel: funnel(db, stages),
    checkout: checkout(db),
    carts: abandonedCarts(db),
    channels: channelMix(db, stages),
    recent: recentEvents(db),
  };
};
