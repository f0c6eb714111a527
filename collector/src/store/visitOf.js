// A visit (one session) as the dashboard counts it: its visitor, when it started and ended,
// where it came from (channel, campaign, device, landing page, new or returning: those of its
// first message), the journey stages its messages reached, and its orders. Both engines keep
// exactly these figures per visit: SQLite as a table maintained at each write (visits rows are
// a few per visitor, so a figure over a million events reads a hundred thousand small rows, not
// the events), ClickHouse computes them from the events in the query.
import { ABANDONMENTS } from './rowOf.js';

/** The event that is an order. */
export const ORDER = 'Order Completed';

/**
 * @typedef {object} Visit
 * @property {string} key        the session id ('~' for messages without one), a tab, the visitor
 * @property {number} session    1 when `key` is a real session
 * @property {string} anonymousId
 * @property {number} firstTs
 * @property {number} lastTs
 * @property {string | null} channel
 * @property {string | null} campaign
 * @property {string | null} device
 * @property {string | null} landing
 * @property {number | null} isReturning
 * @property {string[]} stages   stage and furthest-stage names its messages carried
 * @property {number} messages   all its messages
 * @property {number} activity   its messages other than abandonments (a visit is counted when it has one)
 * @property {number} orders
 * @property {number} revenue    the value of its orders
 * @property {number | null} orderTs its first order
 */

/**
 * Folds stored rows into visits, one per key.
 * @param {import('./rowOf.js').Row[]} rows
 * @returns {Map<string, Visit>}
 */
export const visitsOf = (rows) => {
  /** @type {Map<string, Visit>} */
  const visits = new Map();
  for (const r of rows) {
    // a session id is a visitor's own (one another visitor sends too is another visit)
    const key = (r.sessionId ?? '~') + '\t' + r.anonymousId;
    let v = visits.get(key);
    if (!v || r.ts < v.firstTs) {
      const attributes = { channel: r.channel, campaign: r.campaign, device: r.device, landing: r.landing, isReturning: r.isReturning };
      if (v) Object.assign(v, attributes, { firstTs: r.ts });
      else
        visits.set(
          key,
          (v = {
            key,
            session: r.sessionId ? 1 : 0,
            anonymousId: r.anonymousId,
            firstTs: r.ts,
            lastTs: r.ts,
            ...attributes,
            stages: [],
            messages: 0,
            activity: 0,
            orders: 0,
            revenue: 0,
            orderTs: null,
          }),
        );
    }
    v.lastTs = Math.max(v.lastTs, r.ts);
    v.messages++;
    if (!(r.event && ABANDONMENTS.includes(r.event))) v.activity++;
    for (const s of [r.stage, r.furthestStage]) if (s && !v.stages.includes(s)) v.stages.push(s);
    if (r.event == ORDER) {
      v.orders++;
      v.revenue += r.value ?? 0;
      v.orderTs = v.orderTs === null ? r.ts : Math.min(v.orderTs, r.ts);
    }
  }
  return visits;
};
