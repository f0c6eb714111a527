import type { Properties } from '../types.js';

/** One line of the cart: a product with the quantity the cart holds. */
export interface CartItem extends Properties {
  /** The product's id as its source names it (a Shopify variant id, a GA4 item_id...). */
  product_id?: string;
  sku?: string;
  name?: string;
  /** Unit price. */
  price?: number;
  /** How many the cart holds. */
  quantity: number;
}

/**
 * What the SDK remembers about the visitor's shopping, in localStorage so it survives reloads
 * and new sessions (and is shared by the tabs of the site).
 */
export interface CommerceState {
  /** The cart's lines. */
  items: CartItem[];
  /** The cart's currency: the first one a cart event named. */
  currency?: string;
  /** The platform's cart id, else a random id, given when the cart got its first item; it never changes within a cart. */
  cart_id?: string;
  /** The coupon codes the platform's cart holds, comma-separated. */
  coupon?: string;
  /** The discount on the whole cart the platform's cart reports (not already in line prices). */
  discount?: number;
  /** Highest checkout step reached; 0 when no checkout started for this cart. */
  step: number;
  /** Name of the last checkout step viewed. */
  stepName?: string;
  /** Highest checkout step completed. */
  done: number;
  /** Last activity, in ms since the epoch: the abandonment window starts here. */
  t: number;
  /** Abandonment already reported for this cart: 1 the cart, 2 the checkout. */
  ab: number;
  /** Ids of the latest orders reported, so a reloaded thank-you page is not a second order. */
  orders: string[];
  /**
   * Context of the cart's last activity (`journey`: sessionId, channel, lastTouch; `campaign`):
   * an abandonment carries it, as it belongs to that visit.
   */
  x?: Properties;
}

/** Reads the state; a missing, unreadable or blocked localStorage gives an empty cart. */
export const loadState = (name: string): CommerceState => {
  let s: unknown;
  try {
    s = JSON.parse(localStorage.getItem(name + ':commerce')!);
  } catch {
    // storage blocked (privacy settings) or a value some other script wrote
  }
  return { items: [], step: 0, done: 0, t: 0, ab: 0, orders: [], ...(typeof s == 'object' && s) };
};

/** Writes the state; a full or blocked localStorage keeps the page working, only unremembered. */
export const saveState = (name: string, s: CommerceState): void => {
  try {
    localStorage.setItem(name + ':commerce', JSON.stringify(s));
  } catch {
    // quota or privacy mode: the cart model lives for this page only
  }
};

/** The cart as Segment's cart events carry it: cart_id, products, value and currency. */
export const cartProperties = (s: CommerceState): Properties => ({
  cart_id: s.cart_id,
  products: s.items,
  // rounded to cents: 19.99 * 3 is 59.970000000000006 in floating point
  value: Math.round((s.items.reduce((v, i) => v + (i.price || 0) * i.quantity, 0) - (s.discount || 0)) * 100) / 100,
  currency: s.currency,
});

/** Ends the cart and its checkout: the next add starts a new cart, cart_id and checkout. */
export const endCart = (s: CommerceState): void => {
  s.step = s.done = s.ab = 0;
  s.cart_id = s.stepName = s.coupon = s.discount = undefined;
};
