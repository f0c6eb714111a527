import type { Plugin, Properties } from '../types.js';
import { cartModel } from './cartModel.js';
import { commerceHub } from './commerceHub.js';
import { loadState } from './commerceState.js';
import { observeRequests } from './observeRequests.js';
import { sameProduct } from './sameProduct.js';
import { toNumber } from './toNumber.js';
import { on } from '../lib/on.js';
import { guarded } from './guarded.js';

type Obj = Record<string, any>;

const CART = /\/cart\/(add|change|update)(\.js)?(\?|$)/;

/**
 * Captures Shopify's AJAX cart API without changing it: `/cart/add` and `/cart/add.js`
 * (one item or `items: [...]`) give "Product Added"; `/cart/change.js` and
 * `/cart/update.js` (`updates: { variantId: quantity }`) set quantities, so the difference
 * from the cart model gives "Product Added" or "Product Removed". Requests are seen through
 * fetch and XMLHttpRequest, JSON or form-encoded; a plain form post to `/cart/add` is seen
 * when submitted. Quantities come from the request; name, sku, price (Shopify answers in
 * cents), vendor and type from the answer; the currency from the cart or `Shopify.currency`.
 * product_id is the variant id, which is what a Shopify cart holds; a change by line item
 * key (`"variantId:hash"`) counts for its variant.
 *
 * @example
 * createTracker({ endpoint, plugins: [shopify()] });
 */
export const shopify = (): Plugin => ({
  name: 'shopify',
  setup(api) {
    const emit = commerceHub(api, 0, cartModel);
    const shopCurrency = () => (window as Obj).Shopify?.currency?.active;
    const offs = [
      observeRequests(CART, (url, body, res) => {
        const r: Obj = res || {};
        const lines: Obj[] = r.items || [r];
        const add = CART.exec(url)![1] == 'add';
        const { items } = loadState(api.name);
        // [id, quantity] of each item added, or each quantity set: an id is a variant id or a
        // line item key ("variantId:hash"), which counts for its variant
        const set: [unknown, unknown][] = add
          ? ((body.items as Obj[]) || [body]).map((i) => [i.id, i.quantity])
          : body.updates
            ? Object.entries(body.updates)
            : [[body.id, body.quantity]];
        for (const [id, q] of set) {
          const v = String(id).split(':')[0];
          // the product as the answer describes it
          const l: Obj = lines.find((l) => l.key == id || String(l.variant_id ?? l.id) == v) || {};
          const p: Properties = {
            sku: l.sku,
            name: l.product_title || l.title,
            variant: l.variant_title,
            brand: l.vendor,
            category: l.product_type,
            price: l.price / 100,
            currency: r.currency || shopCurrency(),
            product_id: v,
          };
          // an add adds its quantity (default 1); a quantity set adds or removes the difference
          const d = add ? toNumber(q) || 1 : (toNumber(q) ?? 0) - (items.find((i) => sameProduct(i, p))?.quantity || 0);
          if (d) emit('shopify', d > 0 ? 'Product Added' : 'Product Removed', { ...p, quantity: Math.abs(d), cart_id: r.token });
        }
      }),
      on(
        document,
        'submit',
        guarded('shopify()', (e) => {
          const f = e.target;
          if (f instanceof HTMLFormElement && /\/cart\/add/.test(f.action)) {
            const d = new FormData(f);
            // the page navigates now: the event goes out with the unload beacon
            emit('shopifyForm', 'Product Added', { product_id: d.get('id'), quantity: d.get('quantity'), currency: shopCurrency() });
          }
        }),
      ),
    ];
    return () => offs.forEach((off) => off());
  },
});
