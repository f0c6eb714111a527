import type { Plugin, Properties } from '../types.js';
import { cartModel } from './cartModel.js';
import { commerceHub } from './commerceHub.js';
import { observeRequests } from './observeRequests.js';
import { syncCart } from './syncCart.js';
import { toNumber } from './toNumber.js';
import { on } from '../lib/on.js';
import { guarded } from './guarded.js';

type Obj = Record<string, any>;

// /cart/add, /cart/change, /cart/update, /cart/clear (with or without .js) and /cart.js itself
const CART = /\/cart(\/(add|change|update|clear)(\.js)?|\.js(on)?)(\?|$)/;

// A Shopify line item (prices in cents) as a product: product_id is the sku, or the variant id
// when the variant has none, as every other source names the product on Shopify (JSON-LD, GA4).
const line = (l: Obj): Properties => ({
  product_id: l.sku || '' + (l.variant_id ?? l.id),
  sku: l.sku,
  variant_id: l.variant_id ?? l.id,
  name: l.product_title,
  variant: l.variant_title,
  brand: l.vendor,
  category: l.product_type,
  price: (l.final_price ?? l.price) / 100,
  quantity: l.quantity,
});

/**
 * Captures Shopify's AJAX cart API without changing it, through fetch and XMLHttpRequest, JSON
 * or form-encoded. `/cart/add(.js)` (one item or `items: [...]`) gives "Product Added" with the
 * product as the answer describes it. Every other call answers with the whole cart
 * (`/cart/change` by line number, line item key or variant id, `/cart/update` with `updates`,
 * a note or a `discount`, `/cart/clear`): the cart model takes it, and each difference is
 * sent ("Product Added", "Product Removed", "Coupon Applied"; a note alone sends nothing).
 * A read of `/cart.js` brings the model in line silently. A product form posted for real (no
 * script of the theme took the submit over) is a "Product Added" too. product_id is the sku
 * (else the variant id), variant_id the variant id, cart_id the cart token (from the `cart` cookie until an answer
 * carries it), prices come in cents, the currency from the cart or `Shopify.currency`.
 *
 * @example
 * createTracker({ endpoint, plugins: [shopify()] });
 */
export const shopify = (): Plugin => ({
  name: 'shopify',
  setup(api) {
    const emit = commerceHub(api, 0, cartModel);
    const w = window as Obj;
    const base = () => ({ currency: w.Shopify?.currency?.active, cart_id: decodeURIComponent(/(^|; )cart=([^;]*)/.exec(document.cookie)?.[2] || '') });
    // a variant as the product page's ShopifyAnalytics.meta describes it, when it does
    const variant = (id: unknown): Properties => {
      const v: Obj = w.ShopifyAnalytics?.meta?.product?.variants?.find((v: Obj) => v.id == id) || {};
      return { product_id: v.sku || id, sku: v.sku, variant_id: id, variant: v.public_title, price: v.price / 100 };
    };
    // the page's fetch; a fragment (never sent) keeps our read from the watchers, which would
    // take its answer first as a read
    const F = fetch;
    const seen = (url: string, body: Obj, res: unknown, op = CART.exec(url)![2]) => {
      const r: Obj = res || {};
      const b = base();
      if ('item_count' in r)
        return syncCart(
          emit,
          'shopify',
          api.name,
          {
            products: r.items.map(line),
            cart_id: r.token,
            currency: r.currency || b.currency,
            coupon: r.discount_codes
              ?.filter((c: Obj) => c.applicable)
              .map((c: Obj) => c.code)
              .join(),
            discount: (r.items_subtotal_price - r.total_price) / 100,
          },
          op,
        );
      if (op == 'add')
        for (const i of (body.items as Obj[]) || [body]) {
          const l = i.id && (r.items || [r]).find((l: Obj) => l.key == i.id || l.variant_id == i.id);
          emit('shopify', 'Product Added', { ...b, ...(l ? line(l) : variant(i.id)), quantity: toNumber(i.quantity) || 1 });
        }
    };
    // Installed late (the script tag loads this file after its first event), it did not see
    // the cart changes the page made before: Resource Timing lists them, and then the cart
    // they left is read once and each difference from the cart model sent, as for a change.
    const missed = (performance.getEntriesByType?.('resource') || []).some(
      (e) => /^(fetch|xmlhttprequest)$/.test((e as PerformanceResourceTiming).initiatorType) && CART.exec(e.name)?.[2],
    );
    if (missed)
      F((w.Shopify?.routes?.root || '/') + 'cart.js#')
        .then((r) => r.json())
        .then((r) => seen('', {}, r, 'read'))
        .catch(() => {});
    const offs = [
      observeRequests(CART, seen),
      // on window, after the page's own listeners: a theme that posts the form itself has said so
      on(
        window,
        'submit',
        guarded('shopify()', (e) => {
          const f = e.target;
          if (!e.defaultPrevented && f instanceof HTMLFormElement && /\/cart\/add/.test(f.action)) {
            const d = new FormData(f);
            // the page navigates now: the event goes out with the unload beacon
            emit('shopifyForm', 'Product Added', { ...base(), ...variant(d.get('id')), quantity: d.get('quantity') });
          }
        }),
      ),
    ];
    return () => offs.forEach((off) => off());
  },
});
