import type { Message, Plugin, Properties } from '../types.js';
import type { CommerceState } from './commerceState.js';
import { cartProperties, loadState, saveState } from './commerceState.js';
import { DEV, warn } from '../lib/warn.js';
import { guarded } from './guarded.js';
import { readOptions } from '../lib/readOptions.js';

/** Options of {@link abandonment}. */
export interface AbandonmentOptions {
  /** Minutes without activity after which a cart or checkout counts as abandoned. Default 30. */
  abandonAfter?: number;
}

const CART = 'Cart Abandoned';
const CHECKOUT = 'Checkout Abandoned';

/** The cart as `context.cart` carries it: the cart's properties and the checkout step reached. */
const snapshot = (s: CommerceState, id?: string): Properties => ({ ...cartProperties(s), cart_id: s.cart_id || id, step: s.step || undefined, step_name: s.stepName });

/**
 * Sends "Cart Abandoned" when the cart model holds items and no checkout followed within
 * `abandonAfter` minutes without activity (any interactive event the tracker sends is
 * activity), or "Checkout Abandoned" when a checkout started and no order followed. Each
 * carries the cart (`cart_id`, `products`, `value`, `currency`), `idle_time` (seconds since
 * the last activity) and `window_end` (ISO time the window ran out); "Checkout Abandoned"
 * also the last `step` and `step_name` reached, the drop-off point.
 *
 * An abandonment belongs to the visit it closes: it is timestamped at the window's end and
 * carries that visit's session, channel, campaign and touch (those of the cart's last
 * activity), and it is a non-interactive message (`context.active: false`), so it never
 * starts a session or counts as a visit or a touch.
 *
 * Detected by a timer while a page stays open, and when the tracker starts on the next visit
 * (so install this plugin before the capture sources, as {@link capture} does). Sent at most
 * once per cart, and never after an order, which empties the cart.
 *
 * Every message of a task that changed the cart or the checkout step, the first of each
 * page, and each abandonment carry `context.cart`: `cart_id`, `products`, `value`,
 * `currency`, `step` and `step_name` (an emptied cart: no products, value 0). A collector
 * takes the latest per visitor to notice the carts of visitors who never come back.
 *
 * @example
 * createTracker({ endpoint, plugins: [abandonment({ abandonAfter: 45 })] });
 */
export const abandonment = (options?: AbandonmentOptions): Plugin => {
  let name = '';
  let timer: ReturnType<typeof setTimeout> | undefined;
  let check = (_?: CommerceState) => {};
  let queued = false;
  // the last interactive message of this task, and the cart as this page last sent it
  let last: Message | undefined;
  let sent = '';
  let cart: Properties | undefined;
  // an emptied cart has no id any more: its snapshot keeps the one this page saw
  let id: unknown;
  const minutes = readOptions('abandonment()', options).abandonAfter;
  // a number (a BigInt would throw below), short enough for a timer (past 2^31 ms, about
  // 24 days, setTimeout fires at once)
  const ok = typeof minutes == 'number' && minutes > 0 && minutes <= 1e4;
  if (DEV && minutes !== undefined && !ok) warn('abandonment(): abandonAfter must be a positive number of minutes, at most 10000; using 30.');
  const ms = (ok ? minutes : 30) * 6e4;
  return {
    name: 'abandonment',
    setup({ track, name: n }) {
      name = n;
      check = guarded('abandonment()', (given?: CommerceState) => {
        clearTimeout(timer);
        const s = given || loadState(name);
        const { step } = s;
        const now = Date.now();
        const end = s.t + ms;
        // nothing to abandon, or already reported for this cart (a checkout can still be)
        if (!s.items.length || s.ab > (step ? 1 : 0)) return;
        if (now < end) return void (timer = setTimeout(check, end - now));
        s.ab = step ? 2 : 1;
        saveState(name, s);
        track(
          step ? CHECKOUT : CART,
          {
            ...cartProperties(s),
            ...(step && { step, step_name: s.stepName }),
            idle_time: Math.round((now - s.t) / 1e3),
            window_end: new Date(end).toISOString(),
          },
          // the journey of the cart's last activity: its session, channel, campaign, touch
          { timestamp: end, context: { ...s.x, active: false, cart: snapshot(s) } },
        );
      });
      check();
      return () => {
        clearTimeout(timer);
        check = () => {};
      };
    },
    // Any interactive event is activity: it restarts the window (the state is shared by the
    // site's tabs). A burst of events is one activity: the state is read once when the task
    // enriches its first event and once at its end, written once at its end.
    enrich(m) {
      if (m.context.active === false) return;
      if (!queued) {
        queued = true;
        // the stored state is the cart after this task's events: the hub saved it as it sent them
        const c = snapshot(loadState(name), id as string);
        const k = JSON.stringify(c);
        id = c.cart_id;
        cart = k != sent ? c : undefined;
        sent = k;
        queueMicrotask(() => {
          queued = false;
          const s = loadState(name);
          const { context: x, timestamp } = last!;
          const j = x.journey;
          const before = s.x as { journey: { sessionId: string }; campaign?: unknown } | undefined;
          if (s.items.length)
            // the activity's own time, as a collector sees it in the message
            (s.t = Date.parse(timestamp) || Date.now()),
              // read now: the journey plugin has enriched the message since; the visit's
              // campaign is the one its pages last named
              (s.x = {
                journey: { sessionId: j.sessionId, channel: j.channel, lastTouch: j.lastTouch },
                campaign: x.campaign || (before?.journey.sessionId == j.sessionId ? before.campaign : undefined),
              }),
              saveState(name, s),
              check(s);
        });
      }
      if (cart) m.context.cart = cart;
      last = m;
    },
  };
};
