import type { Plugin } from '../types.js';
import { cartModel } from './cartModel.js';
import { commerceHub } from './commerceHub.js';
import { observeRequests } from './observeRequests.js';
import { on } from '../lib/on.js';
import { guarded } from './guarded.js';

type Obj = Record<string, any>;
type Handler = (e: unknown, fragments: unknown, hash: unknown, button: Obj) => void;

// A product as a WooCommerce button's data() or an AJAX add's body names it.
const product = (d: Obj) => ({ product_id: d.product_id, sku: d.product_sku, quantity: d.quantity });

/**
 * Captures WooCommerce carts without changing them: the AJAX add to cart
 * (`?wc-ajax=add_to_cart`, through fetch or XMLHttpRequest: product_id, quantity and
 * product_sku from the request), the `added_to_cart` and `removed_from_cart` events
 * WooCommerce triggers with jQuery on `document.body` (ids from the button's
 * `data-product_id`, `data-quantity`, `data-product_sku`), and classic product forms posting
 * `add-to-cart`. WooCommerce reports one add both ways; it is sent once. Name and price come
 * from what the page showed (JSON-LD, attributes) or the cart model.
 *
 * @example
 * createTracker({ endpoint, plugins: [woocommerce(), jsonLd()] });
 */
export const woocommerce = (): Plugin => ({
  name: 'woocommerce',
  setup(api) {
    const emit = commerceHub(api, 0, cartModel);
    const $ = (window as Obj).jQuery;
    const body = $?.(document.body);
    const button = (event: string): Handler => guarded('woocommerce()', (_e, _f, _h, b) => emit('wooEvent', event, product(b?.data ? b.data() : {})));
    const added = button('Product Added');
    const removed = button('Product Removed');
    const jq = (m: string) => body?.[m]('added_to_cart', added)[m]('removed_from_cart', removed);
    jq('on');
    const offs = [
      observeRequests(/[?&]wc-ajax=add_to_cart/, (_u, b) => emit('wooAjax', 'Product Added', product(b))),
      on(
        document,
        'submit',
        guarded('woocommerce()', (e) => {
          const f = e.target;
          const d = f instanceof HTMLFormElement && new FormData(f, (e as SubmitEvent).submitter);
          const id = d && d.get('add-to-cart');
          if (d && id) emit('wooForm', 'Product Added', { product_id: id, quantity: d.get('quantity') });
        }),
      ),
      () => jq('off'),
    ];
    return () => offs.forEach((off) => off());
  },
});
