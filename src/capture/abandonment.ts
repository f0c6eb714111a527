import type { Plugin } from '../types.js';
import { cartProperties, loadState, saveState } from './commerceState.js';
import { warn } from '../lib/warn.js';
import { guarded } from './guarded.js';

/** Options of {@link abandonment}. */
export interface AbandonmentOptions {
  /** Minutes without activity after which a cart or checkout counts as abandoned. Default 30. */
  abandonAfter?: number;
}

const CART = 'Cart Abandoned';
const CHECKOUT = 'Checkout Abandoned';

/**
 * Sends "Cart Abandoned" when the cart model holds items and no checkout followed within
 * `abandonAfter` minutes without activity (any event the tracker sends is activity), or
 * "Checkout Abandoned" when a checkout started and no order followed. Each carries the cart
 * (`cart_id`, `products`, `value`, `currency`), `idle_time` (seconds since the last
 * activity) and `window_end` (ISO time the window ran out); "Checkout Abandoned" also the last
 * `step` and `step_name` reached, the drop-off point.
 *
 * Detected by a timer while a page stays open, and when the tracker starts on the next visit
 * (so install this plugin before the capture sources, as {@link capture} does). Sent at most
 * once per cart, and never after an order, which empties the cart.
 *
 * @example
 * createTracker({ endpoint, plugins: [abandonment({ abandonAfter: 45 })] });
 */
export const abandonment = (options?: AbandonmentOptions): Plugin => {
  let name = '';
  let timer: ReturnType<typeof setTimeout> | undefined;
  let check = () => {};
  let active = 0;
  let queued = false;
  const minutes = options?.abandonAfter;
  if (minutes !== undefined && !(minutes > 0)) warn('abandonment(): abandonAfter must be a positive number of minutes; using 30.');
  const ms = (minutes! > 0 ? minutes! : 30) * 6e4;
  return {
    name: 'abandonment',
    setup({ track, name: n }) {
      name = n;
      check = guarded('abandonment()', () => {
        clearTimeout(timer);
        const s = loadState(name);
        const { step } = s;
        const now = Date.now();
        const end = s.t + ms;
        // nothing to abandon, or already reported for this cart (a checkout can still be)
        if (!s.items.length || s.ab > (step ? 1 : 0)) return;
        if (now < end) return void (timer = setTimeout(check, end - now));
        s.ab = step ? 2 : 1;
        saveState(name, s);
        track(step ? CHECKOUT : CART, {
          ...cartProperties(s),
          ...(step && { step, step_name: s.stepName }),
          idle_time: Math.round((now - s.t) / 1e3),
          window_end: new Date(end).toISOString(),
        });
      });
      check();
      return () => {
        clearTimeout(timer);
        check = () => {};
      };
    },
    // Any event is activity: it restarts the window (the state is shared by the site's tabs).
    // A burst of events is one activity: the state is read and written once, at the end of
    // the task that enriched them.
    enrich(m) {
      if (m.event == CART || m.event == CHECKOUT) return;
      active = Date.now();
      if (!queued)
        (queued = true),
          queueMicrotask(() => {
            queued = false;
            const s = loadState(name);
            if (s.items.length) (s.t = active), saveState(name, s), check();
          });
    },
  };
};
