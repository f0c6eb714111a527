// The sweep's rule, shared by both engines (each finds the candidates with its own SQL):
// a visitor whose latest cart snapshot (C1) holds items, silent for the whole window since
// their last activity, gets one "Cart Abandoned" (no checkout step in the snapshot) or
// "Checkout Abandoned" (a step), shaped like the SDK's (C2), unless one for that cart and
// kind is already stored.
import { CART_ABANDONED, CHECKOUT_ABANDONED } from './rowOf.js';

/** The SDK's default window, in minutes (C2: the same setting name on both sides). */
export const DEFAULT_ABANDON_AFTER = 30;

/**
 * @typedef {object} SweepCandidate
 * @property {string} anonymousId
 * @property {string | null} userId
 * @property {number} lastTs       the visitor's last activity (ms): any message but an abandonment
 * @property {string} lastContext  that message's context (JSON): its session closes the cart
 * @property {string} cart         the visitor's latest context.cart (JSON)
 */

/** @param {any} cart */
export const kindOf = (cart) => (Number.isFinite(cart?.step) ? 'checkout' : 'cart');

/** The deterministic messageId of a derived abandonment: two sweeping instances store it once. */
export const derivedId = (/** @type {string} */ kind, /** @type {string} */ cartId) => `derived-${kind}-${cartId}`;

/**
 * The derived abandonment for one candidate, or null when its cart has nothing to abandon.
 * @param {SweepCandidate} c
 * @param {number} abandonAfter minutes
 * @returns {{ message: any, kind: 'cart' | 'checkout', windowEnd: number } | null}
 */
export const deriveAbandonment = (c, abandonAfter) => {
  /** @type {any} */
  let cart;
  /** @type {any} */
  let context;
  try {
    cart = JSON.parse(c.cart);
    context = JSON.parse(c.lastContext);
  } catch {
    return null;
  }
  const cartId = typeof cart?.cart_id == 'string' && cart.cart_id ? cart.cart_id : null;
  // An empty cart is never abandoned (an emptied or ordered cart sends products: []).
  if (!cartId || !Array.isArray(cart.products) || !cart.products.length) return null;
  const kind = kindOf(cart);
  const windowEnd = c.lastTs + abandonAfter * 60_000;
  const { rule, ...journey } = context?.journey ?? {};
  const properties = {
    cart_id: cartId,
    products: cart.products,
    value: typeof cart.value == 'number' ? cart.value : 0,
    ...(typeof cart.currency == 'string' && { currency: cart.currency }),
    idle_time: abandonAfter * 60,
    window_end: new Date(windowEnd).toISOString(),
    ...(kind == 'checkout' && { step: cart.step, ...(typeof cart.step_name == 'string' && { step_name: cart.step_name }) }),
  };
  return {
    kind,
    windowEnd,
    message: {
      type: 'track',
      event: kind == 'cart' ? CART_ABANDONED : CHECKOUT_ABANDONED,
      messageId: derivedId(kind, cartId),
      anonymousId: c.anonymousId,
      ...(c.userId && { userId: c.userId }),
      timestamp: new Date(windowEnd).toISOString(),
      properties,
      context: {
        // The closing session: sessionId, channel, stage, touches of the cart's last activity.
        journey: { ...journey, source: 'collector' },
        cart,
        ...(context?.page && { page: context.page }),
        library: { name: 'waymark-collector', version: '0.1.0' },
      },
    },
  };
};
