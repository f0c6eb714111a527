import type { Plugin, Properties } from '../types.js';
import { cartModel } from './cartModel.js';
import { checkoutProgress } from './checkoutProgress.js';
import { commerceHub } from './commerceHub.js';
import { observeRequests } from './observeRequests.js';
import { syncCart } from './syncCart.js';
import { on } from '../lib/on.js';
import { guarded } from './guarded.js';

type Obj = Record<string, any>;
type Handler = (e: unknown, fragments: unknown, hash: unknown, button: Obj) => void;

// The Store API's cart, checkout and batch routes (pretty permalinks or ?rest_route=).
const STORE = /\/wc\/store\/(?:v1\/)?(cart|batch|checkout)(\/[\w-]+)?/;

// A product as a WooCommerce button's data() or an AJAX add's body names it: by its sku when
// it has one, as the Store API, JSON-LD and GA4 name it.
const product = (d: Obj) => ({ product_id: d.product_sku || d.product_id, sku: d.product_sku, quantity: d.quantity });

// The Store API's cart (prices in the currency's minor unit) as the cart model takes it.
const storeCart = (c: Obj): Properties => {
  const t = c.totals || {};
  const m = (x: unknown) => +(x as number) / 10 ** (t.currency_minor_unit ?? 2);
  return {
    products: c.items.map((i: Obj) => ({
      product_id: i.sku || '' + i.id,
      sku: i.sku,
      name: i.name,
      variant: (i.variation || []).map((v: Obj) => v.value).join(' / '),
      price: m(i.prices?.price),
      quantity: i.quantity,
    })),
    currency: t.currency_code,
    coupon: (c.coupons || []).map((x: Obj) => x.code).join(),
    discount: m(t.total_discount),
  };
};

/**
 * Captures WooCommerce carts without changing them. Block themes (the Cart and Checkout blocks)
 * talk to the Store API: every answer of `/wc/store/v1/cart/*` (add-item, update-item,
 * remove-item, apply-coupon, ...) and of `/wc/store/v1/batch` is the whole cart, which the cart
 * model takes, sending each difference ("Product Added", "Product Removed", "Coupon Applied");
 * a read of the cart only brings the model in line; a paid `/wc/store/v1/checkout` is the
 * "Order Completed" (the order-received page that follows sends no second one). Classic themes:
 * the AJAX add to cart (`?wc-ajax=add_to_cart`, product_id, quantity and product_sku from the
 * request), the `added_to_cart` and `removed_from_cart` events WooCommerce triggers with jQuery
 * on `document.body` (ids from the button's `data-product_id`, `data-quantity`,
 * `data-product_sku`; one add reported both ways is sent once), and product forms posting
 * `add-to-cart` for real; an AJAX add WooCommerce refused (`{ error: true }`, out of stock) is
 * none. product_id is the sku, else WooCommerce's id; name and price come
 * from the cart, or from what the page showed (JSON-LD, attributes). Installed after the page
 * already changed the cart, it reads the Store API's cart once and sends what the model missed.
 *
 * @example
 * createTracker({ endpoint, plugins: [woocommerce(), jsonLd()] });
 */
export const woocommerce = (): Plugin => ({
  name: 'woocommerce',
  setup(api) {
    const emit = commerceHub(api, checkoutProgress, cartModel);
    const $ = (window as Obj).jQuery;
    const body = $?.(document.body);
    const button = (event: string): Handler => guarded('woocommerce()', (_e, _f, _h, b) => emit('wooEvent', event, product(b?.data ? b.data() : {})));
    const added = button('Product Added');
    const removed = button('Product Removed');
    const jq = (m: string) => body?.[m]('added_to_cart', added)[m]('removed_from_cart', removed);
    jq('on');
    // Installed late (the script tag loads this file after its first event), it did not see
    // the cart changes the page made before: Resource Timing lists them (a Store API change or
    // batch, a wc-ajax add), and then the Store API's cart is read once, by its route that
    // works whatever the permalinks (slashes encoded, so that no watcher takes the answer
    // first as a read), and each difference from the cart model sent.
    const F = fetch;
    const missed = (performance.getEntriesByType?.('resource') || []).some(
      (e) =>
        /^(fetch|xmlhttprequest)$/.test((e as PerformanceResourceTiming).initiatorType) &&
        (/wc-ajax=add_to_cart/.test(e.name) || /^(batch|cart\/.)/.test(STORE.exec(e.name)?.slice(1).join('') || '')),
    );
    if (missed)
      F('/?rest_route=%2Fwc%2Fstore%2Fv1%2Fcart')
        .then((r) => r.json())
        .then((c: Obj) => c?.items && syncCart(emit, 'wooStore', api.name, storeCart(c), 'read'))
        .catch(() => {});
    const offs = [
      // Every wc-ajax call is watched, so the friction signals hear its errors (a classic
      // checkout's); only an add is an event here, and not one WooCommerce refused (out of
      // stock: `{ error: true, product_url }`).
      observeRequests(/[?&]wc-ajax=/, (u, b, r) => /wc-ajax=add_to_cart/.test(u) && !(r as Obj)?.error && emit('wooAjax', 'Product Added', product(b))),
      observeRequests(STORE, (url, b, res) => {
        const r: Obj = res || {};
        const [, route, op] = STORE.exec(url)!;
        if (route == 'checkout') return void (r.payment_result?.payment_status == 'success' && emit('wooStore', 'Order Completed', { order_id: r.order_id }));
        // a batch's cart is the last answer that is one; it reports when a request changed it
        const c: Obj =
          route == 'batch'
            ? (r.responses || [])
                .map((x: Obj) => x.body)
                .filter((x: Obj) => x?.items)
                .pop()
            : r;
        if (c?.items) syncCart(emit, 'wooStore', api.name, storeCart(c), op || (b.requests as Obj[] | undefined)?.some((q) => q.method != 'GET'));
      }),
      // on window, after the page's own listeners: a theme that posts the form itself has said so
      on(
        window,
        'submit',
        guarded('woocommerce()', (e) => {
          const f = e.target;
          const d = !e.defaultPrevented && f instanceof HTMLFormElement && new FormData(f, (e as SubmitEvent).submitter);
          const id = d && d.get('add-to-cart');
          if (d && id) emit('wooForm', 'Product Added', { product_id: id, quantity: d.get('quantity') });
        }),
      ),
      () => jq('off'),
    ];
    return () => offs.forEach((off) => off());
  },
});
