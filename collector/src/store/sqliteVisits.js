// The SQLite engine's visits table (one row per visit, see visitOf.js), kept at each write in
// the write's transaction, so a dashboard figure reads visits, not a million events. Stage names
// are kept as bits (a visit's `reach` is the OR of its stages' bits, whatever stage list a query
// uses later) and channels as small integer codes (so "the channel of a visitor's first visit"
// is one MIN over integers); both dictionaries live in the `codes` table. The table is stored
// in visitor order (its primary key starts with the visitor): most figures group by visitor,
// and read it start to end without sorting.
import { visitsOf } from './visitOf.js';

/** Stage names get bits 0..52 (a double holds 53 exactly); a later name has no bit and is not a stage. */
const MAX_STAGE_BITS = 53;
/** Channel codes are 1..1022 (0: none); first_ts * 1024 + code stays below 2^53 until the year 2248. */
export const CHANNEL_SCALE = 1024;

export const VISITS_SCHEMA = `
CREATE TABLE codes (kind TEXT NOT NULL, name TEXT NOT NULL, code INTEGER NOT NULL, PRIMARY KEY (kind, name)) WITHOUT ROWID;
CREATE TABLE visits (
  visit_key TEXT NOT NULL,
  session INTEGER NOT NULL,
  anonymous_id TEXT NOT NULL,
  first_ts INTEGER NOT NULL,
  last_ts INTEGER NOT NULL,
  channel TEXT,
  channel_code INTEGER NOT NULL,
  campaign TEXT,
  device TEXT,
  landing TEXT,
  is_returning INTEGER,
  reach INTEGER NOT NULL,
  messages INTEGER NOT NULL,
  activity INTEGER NOT NULL,
  orders INTEGER NOT NULL,
  revenue REAL NOT NULL,
  order_ts INTEGER,
  PRIMARY KEY (anonymous_id, visit_key)
) WITHOUT ROWID;
CREATE INDEX visits_start ON visits (first_ts);
CREATE INDEX visits_orders ON visits (anonymous_id, order_ts) WHERE orders > 0;
`;

/**
 * The visit writer of one database: folds rows into visits and upserts them.
 * @param {import('better-sqlite3').Database} db
 */
export const visitWriter = (db) => {
  /** @type {Map<string, Map<string, number>>} */
  const codes = new Map([
    ['stage', new Map()],
    ['channel', new Map()],
  ]);
  for (const r of /** @type {{ kind: string, name: string, code: number }[]} */ (db.prepare('SELECT kind, name, code FROM codes').all())) codes.get(r.kind)?.set(r.name, r.code);
  const addCode = db.prepare('INSERT INTO codes (kind, name, code) VALUES (?, ?, ?)');
  const codeOf = (/** @type {string} */ kind, /** @type {string} */ name, /** @type {number} */ max) => {
    const m = /** @type {Map<string, number>} */ (codes.get(kind));
    let c = m.get(name);
    if (c === undefined) {
      c = m.size + (kind == 'channel' ? 1 : 0);
      if (c >= max) return -1;
      addCode.run(kind, name, c);
      m.set(name, c);
    }
    return c;
  };
  const upsert = db.prepare(`
INSERT INTO visits (visit_key, session, anonymous_id, first_ts, last_ts, channel, channel_code, campaign, device, landing, is_returning,
  reach, messages, activity, orders, revenue, order_ts)
VALUES (@key, @session, @anonymousId, @firstTs, @lastTs, @channel, @channelCode, @campaign, @device, @landing, @isReturning,
  @reach, @messages, @activity, @orders, @revenue, @orderTs)
ON CONFLICT (anonymous_id, visit_key) DO UPDATE SET
  channel = IIF(excluded.first_ts < first_ts, excluded.channel, channel),
  channel_code = IIF(excluded.first_ts < first_ts, excluded.channel_code, channel_code),
  campaign = IIF(excluded.first_ts < first_ts, excluded.campaign, campaign),
  device = IIF(excluded.first_ts < first_ts, excluded.device, device),
  landing = IIF(excluded.first_ts < first_ts, excluded.landing, landing),
  is_returning = IIF(excluded.first_ts < first_ts, excluded.is_returning, is_returning),
  first_ts = MIN(first_ts, excluded.first_ts),
  last_ts = MAX(last_ts, excluded.last_ts),
  reach = reach | excluded.reach,
  messages = messages + excluded.messages,
  activity = activity + excluded.activity,
  orders = orders + excluded.orders,
  revenue = revenue + excluded.revenue,
  order_ts = COALESCE(MIN(order_ts, excluded.order_ts), order_ts, excluded.order_ts)`);

  /**
   * Adds newly stored rows (never a row already counted) to their visits.
   * @param {import('./rowOf.js').Row[]} rows
   */
  const add = (rows) => {
    for (const v of visitsOf(rows).values()) {
      let reach = 0;
      for (const s of v.stages) {
        const bit = codeOf('stage', s, MAX_STAGE_BITS);
        if (bit >= 0) reach += 2 ** bit;
      }
      const channelCode = v.channel === null ? 0 : codeOf('channel', v.channel, CHANNEL_SCALE - 1);
      upsert.run({ ...v, reach, channelCode: channelCode < 0 ? CHANNEL_SCALE - 1 : channelCode });
    }
  };

  /**
   * The bit mask of each stage of `stages`: a visit at stage i or beyond has reach & mask[i].
   * @param {string[]} stages
   */
  const stageMasks = (stages) =>
    stages.map((_, i) => stages.slice(i).reduce((m, s) => m + (codes.get('stage')?.has(s) ? 2 ** /** @type {number} */ (codes.get('stage')?.get(s)) : 0), 0));

  /** The channel of a code. */
  const channelName = (/** @type {number} */ code) => {
    for (const [name, c] of /** @type {Map<string, number>} */ (codes.get('channel'))) if (c == code) return name;
    return null;
  };
  return { add, stageMasks, channelName };
};
