import type { Properties } from '../types.js';
import type { Emit } from './commerceHub.js';
import type { CartItem } from './commerceState.js';
import { loadState } from './commerceState.js';
import { sameProduct } from './sameProduct.js';

/**
 * Brings the cart model to the platform's whole cart, as an answer carries it (Shopify's cart
 * JSON, the WooCommerce Store API's cart): `cart` holds its lines as `products` (with their
 * quantities), `cart_id`, `currency`, `coupon` and `discount`. With `report` (the answer to a
 * change), each difference from the model is sent first, through the hub: "Product Added" or
 * "Product Removed" for the quantity a line gained or lost, "Coupon Applied" for a new coupon.
 * However the request named its line (a line number, a line key, a variant id, a map of
 * them) and whatever else it changed (a note), the answer says what the cart now holds.
 * Without `report` (a read of the cart) the model only takes the platform's cart.
 */
export const syncCart = (emit: Emit, source: string, name: string, cart: Properties, report?: unknown): void => {
  const s = loadState(name);
  const lines = cart.products as CartItem[];
  const send = (p: Properties, d: number) =>
    d && emit(source, d > 0 ? 'Product Added' : 'Product Removed', { ...p, quantity: d > 0 ? d : -d, cart_id: cart.cart_id, currency: cart.currency });
  if (report) {
    s.items.forEach((i) => lines.some((l) => sameProduct(l, i)) || send(i, -i.quantity));
    lines.forEach((l) => send(l, l.quantity - (s.items.find((i) => sameProduct(i, l))?.quantity || 0)));
    if (cart.coupon && cart.coupon != s.coupon) emit(source, 'Coupon Applied', { cart_id: s.cart_id || cart.cart_id, coupon_id: cart.coupon, discount: cart.discount });
  }
  emit(source, '', cart);
};
