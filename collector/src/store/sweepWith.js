// The sweep (issue 11, C2): what the browser cannot notice, because the visitor closed the tab
// and never came back. Each engine supplies the queries; the decisions are made here, once.
import { DEFAULT_ABANDON_AFTER, deriveAbandonment } from './deriveAbandonment.js';
import { rowOf } from './rowOf.js';

/**
 * @typedef {object} SweepEngine
 * @property {(cutoff: number, since: number) => Promise<import('./deriveAbandonment.js').SweepCandidate[]>} candidates
 *   visitors with a message in (since, cutoff] (ms), silent since cutoff, whose latest cart
 *   snapshot holds items
 * @property {(cartIds: string[]) => Promise<{ messageId: string, event: string, cartId: string, source: string | null, ts: number }[]>} abandonments
 *   the stored abandonments of those carts
 * @property {() => Promise<string[]>} cancelled
 *   messageIds of the derived abandonments a later message of the visitor, inside the window, cancels
 * @property {(rows: import('./rowOf.js').Row[], batch: { transport: string, receivedAt: string }) => Promise<unknown>} write
 */

/** Days back a sweep looks for visitors who went silent (an earlier sweep saw the older ones). */
export const DEFAULT_LOOKBACK_DAYS = 7;

/**
 * Runs one sweep.
 * @param {SweepEngine} engine
 * @param {{ now?: Date | string | number, abandonAfter?: number, lookbackDays?: number }} [options]
 *   `now`: the time to sweep at (default the clock); `abandonAfter`: the window in minutes
 *   (default 30, the SDK's default and setting name); `lookbackDays`: only visitors with a
 *   message in the days before the window's start are looked at (default 7), so a sweep reads
 *   the recent messages, not the whole history, once a minute
 * @returns {Promise<{ carts: number, checkouts: number, cancelled: number }>}
 *   carts and checkouts derived by this sweep; `cancelled`: stored derived abandonments not
 *   counted because the visitor was active inside their window after all
 */
export const sweepWith = async (engine, { now, abandonAfter = DEFAULT_ABANDON_AFTER, lookbackDays = DEFAULT_LOOKBACK_DAYS } = {}) => {
  const at = now === undefined ? Date.now() : new Date(now).getTime();
  if (!Number.isFinite(at)) throw new TypeError('sweep(): now must be a date, an ISO string or ms since the epoch');
  if (!(typeof abandonAfter == 'number' && abandonAfter > 0)) throw new TypeError('sweep(): abandonAfter must be a positive number of minutes');
  if (!(typeof lookbackDays == 'number' && lookbackDays > 0)) throw new TypeError('sweep(): lookbackDays must be a positive number of days');
  const cutoff = at - abandonAfter * 60_000;
  const candidates = await engine.candidates(cutoff, cutoff - lookbackDays * 86_400_000);
  const cancelled = new Set(await engine.cancelled());
  const derived = candidates.map((c) => deriveAbandonment(c, abandonAfter)).filter((d) => d !== null);
  const stored = derived.length ? await engine.abandonments([...new Set(derived.map((d) => d.message.properties.cart_id))]) : [];
  const receivedAt = new Date(at).toISOString();
  const rows = [];
  let carts = 0;
  let checkouts = 0;
  for (const d of derived) {
    const cartId = d.message.properties.cart_id;
    const same = stored.filter((s) => s.cartId == cartId && s.event == d.message.event);
    // Once per cart and kind: the browser noticed it (in-page timer, next visit), or an
    // earlier sweep did and nothing has contradicted it since.
    if (same.some((s) => s.source != 'collector' || !cancelled.has(s.messageId) || s.ts >= d.windowEnd)) continue;
    // No abandonment yet, or only a cancelled derived one (a late message showed the visitor
    // active inside its window): derive it for the real last activity. The row keeps its
    // messageId and carries the window end as version, so it replaces the cancelled one.
    rows.push(rowOf(d.message, receivedAt, d.windowEnd));
    if (d.kind == 'cart') carts++;
    else checkouts++;
  }
  if (rows.length) await engine.write(rows, { transport: 'sweep', receivedAt });
  const left = new Set(cancelled);
  for (const r of rows) left.delete(r.messageId);
  return { carts, checkouts, cancelled: left.size };
};
