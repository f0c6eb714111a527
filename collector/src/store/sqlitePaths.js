// The SQLite engine's path starts (definitions: "paths"): one row per cart add and checkout step
// view in a session, with the visit's next step after it, kept at each write in the write's
// transaction. Finding each start's next step at query time was one index seek per start
// (about 150,000 at a million events, half a second); the report now groups this table.
//
// A write changes the next step of a start only in the visit (session and visitor) it writes
// to, so the starts of each visit a write touches are found again from the events, and no
// other row is touched.
import { START_EVENTS, STEP_EVENTS } from './reportsOf.js';

const list = (/** @type {string[]} */ a) => a.map((x) => `'${x}'`).join(', ');
const SEGMENT = 'channel, campaign, device, landing, is_returning';

export const PATHS_SCHEMA = `
CREATE TABLE path_starts (
  session_id TEXT NOT NULL,
  anonymous_id TEXT NOT NULL,
  message_id TEXT NOT NULL,
  event TEXT NOT NULL,
  step INTEGER,
  step_name TEXT,
  ts INTEGER NOT NULL,
  channel TEXT, campaign TEXT, device TEXT, landing TEXT, is_returning INTEGER,
  next TEXT,
  PRIMARY KEY (session_id, anonymous_id, message_id)
) WITHOUT ROWID;
CREATE INDEX path_starts_report ON path_starts (event, step, next, ts, step_name, ${SEGMENT});
`;

// Each start with its next step in its visit (a visit is (session, visitor): a session id another
// visitor sends too is another visit), its columns joined in one text (a scalar subquery has one
// column), the event index seeked once per start (the path indexes, migration 4).
const STARTS = `INSERT INTO path_starts (session_id, anonymous_id, message_id, event, step, step_name, ts, ${SEGMENT}, next)
SELECT s.session_id, s.anonymous_id, s.message_id, s.event, s.step, s.step_name, s.ts, s.channel, s.campaign, s.device, s.landing, s.is_returning,
  (SELECT x.type || char(31) || COALESCE(x.event, '') || char(31) || COALESCE(x.step, '') || char(31) || COALESCE(x.step_name, '') || char(31) || COALESCE(x.page_path, '')
   FROM events x WHERE x.session_id = s.session_id AND x.anonymous_id = s.anonymous_id AND (x.type = 'page' OR x.event IN (${list(STEP_EVENTS)}))
     AND (x.ts > s.ts OR (x.ts = s.ts AND x.message_id > s.message_id)) ORDER BY x.ts, x.message_id LIMIT 1)
FROM events s`;

/**
 * Every path start, from the events: the migration that creates the table fills it with this,
 * and a purge (which deletes events) rebuilds it.
 * @param {import('better-sqlite3').Database} db
 */
export const rebuildPaths = (db) =>
  db.exec(`DELETE FROM path_starts;
${STARTS} INDEXED BY events_path_starts WHERE s.event IN (${list(START_EVENTS)}) AND s.session_id IS NOT NULL;`);

/**
 * The path writer of one database: after a write, finds the starts of each visit it touched again.
 * @param {import('better-sqlite3').Database} db
 */
export const pathWriter = (db) => {
  const drop = db.prepare('DELETE FROM path_starts WHERE session_id = ? AND anonymous_id = ?');
  const find = db.prepare(`${STARTS} WHERE s.anonymous_id = @visitor AND s.session_id = @session AND s.event IN (${list(START_EVENTS)})`);
  /**
   * @param {import('./rowOf.js').Row[]} rows newly stored rows
   */
  const recount = (rows) => {
    /** @type {Map<string, { session: string, visitor: string }>} */
    const touched = new Map();
    for (const r of rows)
      if (r.sessionId && (r.type == 'page' || (r.event && STEP_EVENTS.includes(r.event))))
        touched.set(r.sessionId + '\t' + r.anonymousId, { session: r.sessionId, visitor: r.anonymousId });
    for (const v of touched.values()) {
      drop.run(v.session, v.visitor);
      find.run(v);
    }
  };
  return { recount };
};
