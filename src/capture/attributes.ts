import type { Plugin, Properties } from '../types.js';
import { cartModel } from './cartModel.js';
import { commerceHub } from './commerceHub.js';
import { checkoutProgress } from './checkoutProgress.js';
import { DEV, warn } from '../lib/warn.js';
import { domTriggers } from './domTriggers.js';
import { routeLooks } from './routeLooks.js';
import { guarded } from './guarded.js';

const P = 'data-wm-';
const BLOCK = '[' + P + 'product]';

// Every data-wm-* attribute of an element as a property (`data-wm-order-id` is `order_id`);
// `data-wm-product` is the product_id. The hub reads numbers and drops empty values.
const read = (el: Element): Properties => {
  const p: Properties = {};
  for (const a of el.attributes)
    if (a.name.startsWith(P)) {
      const k = a.name.slice(P.length).replace(/-/g, '_');
      if (!/^(event|click|submit)$/.test(k)) p[k == 'product' ? 'product_id' : k] = a.value;
    }
  return p;
};

// The event's own properties, the product block around it, and the products inside it.
const props = (el: Element): Properties => {
  const block = el.closest(BLOCK);
  const p = { ...(block && read(block)), ...read(el) };
  const items = [...el.querySelectorAll(BLOCK)].map(read);
  if (items.length) p.products = items;
  return p;
};

/**
 * Events a shop declares in its HTML with `data-wm-*` attributes:
 * - `data-wm-product="ID"` marks a product block; its other `data-wm-*` attributes
 *   (`name`, `price`, `currency`, `sku`, `brand`, `category`, `variant`, `quantity`) are the
 *   product's properties.
 * - `data-wm-event="Product Viewed"` on any element sends that event once the page has
 *   loaded, with the element's `data-wm-*` properties (`data-wm-step="2"`,
 *   `data-wm-order-id="1001"`, `data-wm-revenue`...), the product block it is in or is, and
 *   the product blocks inside it as `products` (a list, a cart, an order). In a single-page
 *   app the page is read again after each page view while the route renders (see
 *   `routeLooks`): an element is sent again only when it is new or its attributes changed.
 * - `data-wm-click="Product Added"` on a button or link sends the event when clicked, and
 *   `data-wm-submit="..."` on a form when submitted (the form's `quantity` field counts),
 *   with the same properties.
 *
 * @example
 * <div data-wm-product="SKU-1" data-wm-name="Trail shoe" data-wm-price="59.90" data-wm-currency="EUR">
 *   <button data-wm-click="Product Added">Add to cart</button>
 * </div>
 */
export const attributes = (): Plugin => {
  // Looks again after a page view, from the moment the page is ready until teardown.
  let again: (() => void) | undefined;
  return {
    name: 'attributes',
    setup(api) {
      const emit = commerceHub(api, checkoutProgress, cartModel);
      const send = (el: Element, event: string | null, extra?: Properties) => {
        try {
          if (event) emit('attributes', event, { ...props(el), ...extra });
        } catch (e) {
          DEV && warn('attributes(): could not read the ' + P + '* attributes of an element (' + e + '); the event was skipped.');
        }
      };
      // What each element looked like when it was sent: a re-rendered route that reuses an
      // element sends it again only if its attributes changed.
      const sent = new WeakMap<Element, string>();
      const scan = guarded('attributes()', () =>
        document.querySelectorAll('[' + P + 'event]').forEach((el) => {
          const now = (el.cloneNode() as Element).outerHTML;
          if (sent.get(el) != now) sent.set(el, now), send(el, el.getAttribute(P + 'event'));
        }),
      );
      const looks = routeLooks(scan);
      const stop = domTriggers((type, target) => {
        if (type == 'load') {
          scan();
          again = looks.again;
          return;
        }
        const el = target && target.closest('[' + P + type + ']');
        const q = el instanceof HTMLFormElement && new FormData(el).get('quantity');
        if (el) send(el, el.getAttribute(P + type), q ? { quantity: q } : undefined);
      });
      const offs = [stop, looks.stop, () => (again = undefined)];
      return () => offs.forEach((off) => off());
    },
    enrich(m) {
      if (m.type == 'page' && again) again();
    },
  };
};
