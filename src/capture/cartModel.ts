import type { Properties } from '../types.js';
import type { CartItem, CommerceState } from './commerceState.js';
import { endCart } from './commerceState.js';
import { sameProduct } from './sameProduct.js';
import { uuid } from '../lib/uuid.js';

/**
 * What the commerce hub does with "Product Added" and "Product Removed". With `shown` (the
 * products this page showed), before the hub checks for a twin: the event gets the missing
 * details of its product (from the page or the cart), the cart's currency, and a quantity
 * (default 1). Without, once the event is to be sent: the cart model `s` takes the change (a
 * new line, a quantity, a line gone), keeps the first currency, and the platform's cart token
 * or a random cart_id, which the event carries; an empty cart ends. Other events pass as they
 * came.
 *
 * Only the sources that send cart events hand it to the hub (see `commerceHub`), so a bundle
 * of sources that cannot see them (JSON-LD, checkout pages) leaves it out.
 */
export const cartModel = (s: CommerceState, event: string, p: Properties, shown?: Properties[]): Properties => {
  const sign = event == 'Product Added' ? 1 : event == 'Product Removed' ? -1 : 0;
  const same = (x: Properties) => sameProduct(x, p);
  if (!sign) return p;
  if (shown) return { currency: s.currency, ...[...shown, ...s.items].find(same), ...p, quantity: p.quantity || 1 };
  const { cart_id, currency, ...item } = p;
  const line = s.items.find(same);
  const q = (p.quantity as number) * sign;
  if (line) line.quantity += q;
  else if (q > 0) s.items.push(item as CartItem);
  s.items = s.items.filter((x) => x.quantity > 0);
  s.cart_id = (cart_id as string) || s.cart_id;
  if (s.items.length) {
    s.currency ||= currency as string | undefined;
    s.cart_id ||= uuid();
  }
  p.cart_id = s.cart_id;
  if (!s.items.length) endCart(s);
  return p;
};
