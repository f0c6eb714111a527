import type { Properties } from '../types.js';
import type { CommerceState } from './commerceState.js';
import { cartProperties, endCart } from './commerceState.js';

const STARTED = 'Checkout Started';
const COMPLETED = 'Checkout Step Completed';
const ORDER = 'Order Completed';

/**
 * What the commerce hub does with the cart view, checkout and order events: "Cart Viewed" and
 * "Checkout Started" get the cart; the first step viewed implies "Checkout Started" (once per
 * cart), viewing a later step completes the previous one, and an order completes the last,
 * gets the cart's products and revenue, and empties the cart. An order is reported once: the
 * last 20 order ids are remembered, so a reloaded thank-you page sends nothing, and so is the
 * id a second source (a `twin`, which is not sent) gave the same order.
 * Updates the state `s`; events to send before this one go in `out`. Returns the event's
 * properties, or nothing when it is not to be sent (an order already reported, a second
 * start, a step already done).
 *
 * Only the sources that can see these events hand it to the hub (see `commerceHub`), so a
 * bundle of cart sources alone (Shopify, WooCommerce, JSON-LD) leaves it out.
 */
export const checkoutProgress = (s: CommerceState, event: string, p: Properties, out: [string, Properties][], twin?: boolean): Properties | void => {
  const step = p.step as number;
  const cart = cartProperties(s);
  const order = event == ORDER ? '' + (p.order_id ?? '') : '';
  const reach = (n = 0) => (s.step = Math.max(s.step, n));
  const complete = () => s.step > s.done && out.push([COMPLETED, { step: (s.done = s.step), step_name: s.stepName }]);
  if (s.orders.includes(order)) return;
  if (order) s.orders = [order, ...s.orders].slice(0, 20);
  if (twin) return p;
  if (event == STARTED) {
    if (s.step) return;
    s.step = 1;
  }
  if (event == STARTED || event == 'Cart Viewed') p = { ...cart, ...p };
  if (event == 'Checkout Step Viewed') {
    if (!step) return;
    if (!s.step) out.push([STARTED, cart]), (s.step = 1);
    else if (step > s.step) complete();
    reach(step);
    s.stepName = p.step_name as string | undefined;
  }
  if (event == COMPLETED) {
    if (!step || step <= s.done) return;
    reach((s.done = step));
  }
  if (event == 'Payment Info Entered') reach(step);
  if (event == ORDER) {
    // a thank-you page knows the order id; the cart model knows what was bought
    if (s.items.length) p = { ...cart, revenue: cart.value, ...p };
    delete p.value;
    complete();
    s.items = [];
    endCart(s);
  }
  return p;
};
