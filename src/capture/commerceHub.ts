import type { PluginAPI, Properties } from '../types.js';
import type { CartItem } from './commerceState.js';
import type { checkoutProgress } from './checkoutProgress.js';
import { endCart, loadState, saveState } from './commerceState.js';
import { toNumber } from './toNumber.js';
import { productIds, sameProduct } from './sameProduct.js';
import { uuid } from '../lib/uuid.js';
import { warn } from '../lib/warn.js';

/**
 * Sends a canonical e-commerce event seen by one capture `source` (a short tag such as
 * `dataLayer` or `shopify`). See {@link commerceHub}.
 */
export type Emit = (source: string, event: string, properties: Properties) => void;

const ADDED = 'Product Added';
const ORDER = 'Order Completed';
const NUMERIC = /^(price|quantity|value|revenue|tax|shipping|discount|step|position)$/;

/** Drops empty values and reads numeric fields as numbers, so sources can be careless. */
const tidy = (p: Properties): Properties => {
  const out: Properties = {};
  for (const k in p) {
    let v = p[k];
    if (NUMERIC.test(k)) v = toNumber(v);
    else if (k == 'products' && Array.isArray(v)) v = v.map(tidy);
    // ids are strings in the Segment spec; a GA4 item_id or a jQuery data() may be a number
    else if (typeof v == 'number' && /_id$/.test(k)) v = String(v);
    if (v != null && v !== '') out[k] = v;
  }
  return out;
};

/** A tracker's hub, and the checkout progress a source handed it. */
type Hub = Emit & { _p?: typeof checkoutProgress };

const hubs = /* @__PURE__ */ new WeakMap<PluginAPI, Hub>();

/**
 * The one place every capture source sends its events through, one per tracker. It
 * - reports an event once when two sources see it (a dataLayer `add_to_cart` and the
 *   Shopify `/cart/add.js` fetch it came with): the same event, product ids, quantity and
 *   step from a *different* source within 5 s is dropped. The same source twice is two real
 *   events (a double click adds two);
 * - fills a cart event's missing name, price and currency from the products this page showed
 *   or the cart holds, so a form post that only knows a variant id still says what was added;
 * - keeps the cart model (items, value, currency, cart_id), and the checkout's progress:
 *   the first step viewed implies "Checkout Started", viewing a later step completes the
 *   previous one, and an order completes the last;
 * - reports an order once: the last 20 order ids are remembered, so a reloaded thank-you page
 *   sends nothing; an order empties the cart.
 *
 * The checkout's progress is {@link checkoutProgress}, which a source that can see cart
 * views, checkout steps or orders passes as `progress` (once is enough for the tracker); the
 * hub of a bundle whose sources see only products and cart changes is smaller without it.
 */
export const commerceHub = (api: PluginAPI, progress?: typeof checkoutProgress): Emit => {
  let h = hubs.get(api);
  if (!h) hubs.set(api, (h = createHub(api)));
  if (progress) h._p = progress;
  return h;
};

const createHub = ({ track, name, consent }: PluginAPI): Hub => {
  // Events sent in the last 5 s: [time, source, event, properties]. An entry that matched a
  // second source is removed, so a pair is never matched a third time.
  let recent: [number, string, string, Properties][] = [];
  // Products this page showed: details for cart events that carry only an id.
  const shown: Properties[] = [];

  const hub: Hub = (source, event, properties) => {
    try {
      const now = Date.now();
      const s = loadState(name);
      let p = tidy(properties);
      const step = p.step as number | undefined;
      const out: [string, Properties][] = [];
      const cartEvent = event == ADDED || event == 'Product Removed';
      // Nothing about the visitor is stored before consent: the cart then lives for this page.
      const save = () => (!consent || consent() == 'granted') && saveState(name, s);

      if (cartEvent) {
        p = { currency: s.currency, ...[...shown, ...s.items].find((x) => sameProduct(x, p)), ...p, quantity: p.quantity || 1 };
        if (p.cart_id) s.cart_id = p.cart_id as string;
      }

      recent = recent.filter((r) => now - r[0] < 5000);
      // the same product, or two events that name none (both are tidy: an id is never empty)
      const twin = recent.find(
        ([, src, e, r]) => src != source && e == event && r.quantity == p.quantity && r.step == step && (sameProduct(r, p) || !productIds({ ...r, ...p }).length),
      );
      const order = event == ORDER && p.order_id != null ? String(p.order_id) : '';
      if (order && s.orders.includes(order)) return;
      if (order) s.orders = [order, ...s.orders].slice(0, 20);
      if (twin) {
        recent.splice(recent.indexOf(twin), 1);
        // a second source's id for an order already reported: remember it too
        if (order) save();
        return;
      }
      recent.push([now, source, event, p]);

      if (cartEvent) {
        const { cart_id, currency, ...item } = p;
        const line = s.items.find((x) => sameProduct(x, p));
        const q = (p.quantity as number) * (event == ADDED ? 1 : -1);
        if (line) line.quantity += q;
        else if (q > 0) s.items.push(item as CartItem);
        s.items = s.items.filter((x) => x.quantity > 0);
        if (s.items.length) {
          s.currency ||= currency as string | undefined;
          s.cart_id ||= (cart_id as string | undefined) || uuid();
        }
        p.cart_id = s.cart_id;
        if (!s.items.length) endCart(s);
      } else if (event == 'Product Viewed') shown.push(p);
      else if (event == 'Product List Viewed' && Array.isArray(p.products)) shown.push(...p.products);
      // checkout progress returns nothing for an event not to send (a second start)
      else if (hub._p && !(p = hub._p(s, event, p, out) as Properties)) return;
      out.push([event, p]);
      // Saved before sending: plugins that watch the messages read the new state.
      save();
      for (const [e, x] of out) track(e, tidy(x));
    } catch (e) {
      warn('capture: a "' + event + '" event seen by ' + source + ' could not be sent (' + e + ').');
    }
  };
  return hub;
};
