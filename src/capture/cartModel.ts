import type { Properties } from '../types.js';
import type { CartItem, CommerceState } from './commerceState.js';
import { endCart } from './commerceState.js';
import { sameProduct } from './sameProduct.js';
import { uuid } from '../lib/uuid.js';

/**
 * What the commerce hub does with the events of a product and of the cart. With `shown` (the
 * products this page showed), before the hub checks for a twin: an event of a product the page
 * showed or the cart holds takes that product's `product_id`, `sku` and `variant`, so every
 * event of a product names it alike whichever source saw it; a cart event also gets the missing
 * details (from the page or the cart), the cart's currency and a quantity (default 1). Without,
 * once the event is to be sent: the cart model `s` takes the change (a new line, a quantity, a
 * line gone), or, for the hub's internal event `''`, the platform's whole cart (`products`,
 * `coupon`, `discount`; see `syncCart`). The cart keeps its first currency and its first
 * cart_id (the platform's, else a random one), which cart events carry; an empty cart ends.
 *
 * Only the sources that send cart events hand it to the hub (see `commerceHub`), so a bundle
 * of sources that cannot see them (JSON-LD, checkout pages) leaves it out.
 */
export const cartModel = (s: CommerceState, event: string, p: Properties, shown?: Properties[]): Properties => {
  const sign = event == 'Product Added' ? 1 : event == 'Product Removed' ? -1 : 0;
  const same = (x: Properties) => sameProduct(x, p);
  if (shown) {
    const k = [...shown, ...s.items].find(same);
    if (k) p = { ...p, product_id: k.product_id, sku: k.sku ?? p.sku, variant: k.variant ?? p.variant };
    return sign ? { currency: s.currency, ...k, value: undefined, ...p, quantity: p.quantity || 1 } : p;
  }
  if (!sign && event) return p;
  // a line keeps neither the event's value nor its cart's id and currency
  const { cart_id, currency, value, ...item } = p;
  if (sign) {
    const line = s.items.find(same);
    const q = (p.quantity as number) * sign;
    if (line) line.quantity += q;
    else if (q > 0) s.items.push(item as CartItem);
    s.items = s.items.filter((x) => x.quantity > 0);
  } else ({ products: s.items, coupon: s.coupon, discount: s.discount } = p as Pick<CommerceState, 'coupon' | 'discount'> & { products: CartItem[] });
  if (s.items.length) {
    s.currency ||= currency as string | undefined;
    s.cart_id ||= (cart_id as string) || uuid();
  }
  p.cart_id = s.cart_id;
  if (!s.items.length) endCart(s);
  return p;
};
