import type { PluginAPI, Properties } from '../types.js';
import type { checkoutProgress } from './checkoutProgress.js';
import type { cartModel } from './cartModel.js';
import { loadState, saveState } from './commerceState.js';
import { toNumber } from './toNumber.js';
import { productIds, sameProduct } from './sameProduct.js';
import { DEV, warn } from '../lib/warn.js';

/**
 * Sends a canonical e-commerce event seen by one capture `source` (a short tag such as
 * `dataLayer` or `shopify`). See {@link commerceHub}.
 */
export type Emit = (source: string, event: string, properties: Properties) => void;

const NUMERIC = /^(price|quantity|value|revenue|total|tax|shipping|discount|step|position)$/;

/** Drops empty values and reads numeric fields as numbers, so sources can be careless. */
const tidy = (p: Properties): Properties => {
  const out: Properties = {};
  for (const k in p) {
    let v = p[k];
    // a promotion's position is a slot name ("featured_app_1"), a list position a number
    v =
      NUMERIC.test(k) && (k != 'position' || !isNaN(v as number))
        ? toNumber(v)
        : k == 'products' && Array.isArray(v)
          ? v.map(tidy)
          : // ids are strings in the Segment spec; a GA4 item_id or a jQuery data() may be a number
            typeof v == 'number' && /_id$/.test(k)
            ? '' + v
            : v;
    if ((v ?? '') !== '') out[k] = v;
  }
  return out;
};

/** A tracker's hub, and what the sources handed it: the checkout progress, the cart model. */
type Hub = Emit & { _p?: typeof checkoutProgress | 0; _c?: typeof cartModel };

const hubs = /* @__PURE__ */ new WeakMap<PluginAPI, Hub>();

/**
 * The one place every capture source sends its events through, one per tracker. It
 * - reports an event once when two sources see it (a dataLayer `add_to_cart` and the
 *   Shopify `/cart/add.js` fetch it came with): the same event, product ids, quantity and
 *   step from a *different* source within 5 s is dropped. The same source twice is two real
 *   events (a double click adds two);
 * - remembers the products this page showed, so a cart event that only knows a variant id
 *   still says what was added;
 * - hands cart events to the {@link cartModel} (details, quantity, the cart's lines, value,
 *   currency and cart_id), and the checkout's events to the {@link checkoutProgress} (the
 *   first step viewed implies "Checkout Started", viewing a later step completes the previous
 *   one, an order completes the last, is reported once and empties the cart).
 *
 * A source passes the parts it can need: `progress` when it can see cart views, checkout steps
 * or orders, `cart` when it can see products added or removed (once is enough for the
 * tracker); the hub of a bundle whose sources see neither is smaller without them.
 */
export const commerceHub = (api: PluginAPI, progress?: typeof checkoutProgress | 0, cart?: typeof cartModel): Emit => {
  const h = hubs.get(api) || createHub(api);
  hubs.set(api, h);
  if (progress) h._p = progress;
  if (cart) h._c = cart;
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
      const out: [string, Properties][] = [];
      let p = tidy(properties);
      if (hub._c) p = hub._c(s, event, p, shown);
      recent = recent.filter((r) => now - r[0] < 5000);
      // the same product, or two events that name none (both are tidy: an id is never empty)
      const twin =
        event &&
        recent.find(([, src, e, r]) => src != source && e == event && r.quantity == p.quantity && r.step == p.step && (sameProduct(r, p) || !productIds({ ...r, ...p }).length));
      // checkout progress returns nothing for an event not to send (an order already reported,
      // a second start); for a twin it only remembers the order id
      if (hub._p && !(p = hub._p(s, event, p, out, !!twin) as Properties)) return;
      // Nothing about the visitor is stored before consent: the cart then lives for this page.
      const save = () => (!consent || consent() == 'granted') && saveState(name, s);
      if (twin) {
        // one event, two descriptions: the cart line keeps the richest (an add.js answer names
        // the variant and price a dataLayer push left out)
        const { currency, value, cart_id, ...rich } = p;
        const line = s.items.find((i) => sameProduct(i, p)) as Properties | undefined;
        for (const k in rich) if (line) line[k] ??= rich[k];
        return void ((recent = recent.filter((r) => r != twin)), save());
      }
      if (hub._c) hub._c(s, event, p);
      if (event == 'Product Viewed') shown.push(p);
      if (event == 'Product List Viewed' && Array.isArray(p.products)) shown.push(...p.products);
      // '' is the platform's whole cart for the cart model (see syncCart), never sent
      if (event) recent.push([now, source, event, p]), out.push([event, p]);
      // Saved before sending: plugins that watch the messages read the new state. What the
      // cart model and checkout progress added may hold undefined values: they are not sent.
      save();
      out.forEach((x) => track(...x));
    } catch (e) {
      DEV && warn('capture: a "' + event + '" event seen by ' + source + ' could not be sent (' + e + ').');
    }
  };
  return hub;
};
