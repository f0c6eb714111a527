// The SQLite engine's per-visitor rollup of the summary's visit figures over all time: one row
// per visitor with the channel of their first visit at each stage or beyond, whether they
// bought, and their sums, kept at each write for the visitors it touched. The summary over all
// time, with no segment (the dashboard's first view), reads it in the order of its index
// instead of grouping every visit by visitor (about 200 ms at a million events); any filter
// reads the visits as before.
//
// The channels of a visitor depend on the stage list, so the rollup holds those of one list
// (the store's), and is built again when the store opens with another one.
import { CHANNEL_SCALE } from './sqliteVisits.js';

export const REACH_SCHEMA = `
CREATE TABLE visitor_reach (
  anonymous_id TEXT PRIMARY KEY,
  channels TEXT NOT NULL,
  buyer INTEGER NOT NULL,
  events INTEGER NOT NULL,
  visits INTEGER NOT NULL,
  orders INTEGER NOT NULL,
  revenue REAL NOT NULL,
  first_ts INTEGER NOT NULL,
  last_ts INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX visitor_reach_channels ON visitor_reach (channels, buyer, events, visits, orders, revenue, first_ts, last_ts);
`;

/**
 * The rollup of one database, for one stage list.
 * @param {import('better-sqlite3').Database} db
 * @param {string[]} stages
 * @param {(stages: string[]) => number[]} stageMasks the bit mask of each stage and beyond (sqliteVisits.js)
 */
export const reachRollup = (db, stages, stageMasks) => {
  // The channel code of the visitor's first visit at each stage or beyond ('' when not reached),
  // joined by commas: one text, whatever the stage list's length. The masks are read at each
  // write: a stage seen for the first time gets its bit then, and no earlier visit has it.
  const row = () => {
    const masks = stageMasks(stages);
    const k = `first_ts * ${CHANNEL_SCALE} + channel_code`;
    const channel = (/** @type {number} */ m, /** @type {number} */ i) =>
      `COALESCE(${i == 0 ? `MIN(${k})` : m ? `MIN(IIF(reach & ${m}, ${k}, NULL))` : 'NULL'} % ${CHANNEL_SCALE}, '')`;
    return `SELECT anonymous_id, ${masks.map(channel).join(" || ',' || ")}, SUM(orders) > 0, SUM(messages), SUM(session * (activity > 0)), SUM(orders),
      TOTAL(revenue), MIN(first_ts), MAX(last_ts) FROM visits`;
  };
  /** @type {Map<string, import('better-sqlite3').Statement>} */
  const statements = new Map();
  // one statement per set of masks (they change only when a stage is first seen)
  const refresher = () => {
    const sql = `INSERT OR REPLACE INTO visitor_reach (anonymous_id, channels, buyer, events, visits, orders, revenue, first_ts, last_ts)
      ${row()} WHERE anonymous_id = ? GROUP BY anonymous_id`;
    let s = statements.get(sql);
    if (!s) statements.set(sql, (s = db.prepare(sql)));
    return s;
  };
  const listKey = JSON.stringify(stages);
  const built = db.prepare("SELECT name FROM codes WHERE kind = 'reach stages'").pluck();

  /** Builds the rollup from the visits (at open when the stage list changed; after a purge). */
  const rebuild = () => {
    db.exec(`DELETE FROM visitor_reach; INSERT INTO visitor_reach (anonymous_id, channels, buyer, events, visits, orders, revenue, first_ts, last_ts)
      ${row()} GROUP BY anonymous_id;`);
    db.prepare("DELETE FROM codes WHERE kind = 'reach stages'").run();
    db.prepare("INSERT INTO codes (kind, name, code) VALUES ('reach stages', ?, 0)").run(listKey);
  };
  // built for another list, or never (a rollup emptied by hand while its visits stayed)
  const empty = db.prepare('SELECT NOT EXISTS (SELECT 1 FROM visitor_reach) AND EXISTS (SELECT 1 FROM visits)').pluck();
  if (built.get() !== listKey || empty.get()) db.transaction(rebuild)();

  return {
    /**
     * Refreshes the visitors whose visits the stored rows changed.
     * @param {import('./rowOf.js').Row[]} rows
     */
    add: (rows) => {
      if (!rows.length) return;
      const refresh = refresher();
      for (const visitor of new Set(rows.map((r) => r.anonymousId))) refresh.run(visitor);
    },
    rebuild,
    /** Whether it answers for this stage list. */
    holds: (/** @type {string[]} */ s) => JSON.stringify(s) === listKey,
    /** The reach groups over all time: as the summary's visits query has them, c0, c1, ... per stage. */
    groups: () =>
      /** @type {any[]} */ (
        db
          .prepare(
            `SELECT channels, COUNT(*) AS visitors, TOTAL(buyer) AS buyers, TOTAL(events) AS events, TOTAL(visits) AS visits, TOTAL(orders) AS orders,
               TOTAL(revenue) AS revenue, MIN(first_ts) AS first, MAX(last_ts) AS last FROM visitor_reach GROUP BY channels`,
          )
          .all()
      ).map(({ channels, ...r }) => {
        String(channels)
          .split(',')
          .forEach((c, i) => (r['c' + i] = c === '' ? null : Number(c)));
        return r;
      }),
  };
};
