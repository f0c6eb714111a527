import type { Plugin, Properties } from '../types.js';
import { cartModel } from './cartModel.js';
import { commerceHub } from './commerceHub.js';
import { checkoutProgress } from './checkoutProgress.js';
import { DEV, warn } from '../lib/warn.js';
import { wrap } from './wrap.js';

type Obj = Record<string, any>;

// GA4 recommended e-commerce events and the Segment v2 events they are.
const EVENTS: Obj = {
  view_item: 'Product Viewed',
  view_item_list: 'Product List Viewed',
  select_item: 'Product Clicked',
  add_to_wishlist: 'Product Added to Wishlist',
  view_promotion: 'Promotion Viewed',
  select_promotion: 'Promotion Clicked',
  add_to_cart: 'Product Added',
  remove_from_cart: 'Product Removed',
  view_cart: 'Cart Viewed',
  begin_checkout: 'Checkout Started',
  add_shipping_info: 'Checkout Step Completed',
  add_payment_info: 'Payment Info Entered',
  purchase: 'Order Completed',
  refund: 'Order Refunded',
};

const product = (i: Obj): Properties => ({
  product_id: i.item_id,
  name: i.item_name,
  price: i.price,
  quantity: i.quantity,
  brand: i.item_brand,
  category: i.item_category,
  variant: i.item_variant,
  coupon: i.coupon,
  position: i.index,
});

/**
 * Maps the GA4 e-commerce events a shop pushes to `window.dataLayer` (GTM style,
 * `{ event: 'add_to_cart', ecommerce: { currency, value, items } }`, usually after a clearing
 * `{ ecommerce: null }`, or gtag style, `gtag('event', 'add_to_cart', {...})`) onto the Segment
 * v2 events, including those pushed before the SDK loaded: view_item, select_item ("Product
 * Clicked"), add_to_wishlist, add_to_cart and remove_from_cart give one event per item (with
 * the event's `value` when it has one item); view_item_list, view_cart, begin_checkout,
 * purchase and refund ("Order Refunded", `total`) carry `products`; view_promotion and
 * select_promotion ("Promotion Viewed", "Promotion Clicked") one event per promotion. The
 * checkout steps are numbered as the Shopify preset numbers them: add_shipping_info completes
 * step 2 (shipping), add_payment_info is "Payment Info Entered" at step 3 (payment). gtag and
 * GTM pushes count as two sources: one add reported by both is sent once.
 *
 * @example
 * createTracker({ endpoint, plugins: [dataLayer()] });
 */
export const dataLayer = (): Plugin => ({
  name: 'dataLayer',
  setup(api) {
    const emit = commerceHub(api, checkoutProgress, cartModel);
    const w = window as Obj;
    const dl: Obj[] = (w.dataLayer ||= []);
    if (!Array.isArray(dl))
      return void (DEV && warn('dataLayer(): window.dataLayer is not an array, so GA4 events are not captured. Leave window.dataLayer to Google Tag Manager.'));
    let live = true;
    const read = (e: Obj) => {
      try {
        // gtag() pushes its `arguments`: ['event', name, params]. gtag and a GTM push are two
        // sources, so one add reported both ways is one event
        const gtag = e?.[0] == 'event';
        const [name, d] = gtag ? [e[1], e[2]] : [e?.event, e?.ecommerce];
        const source = gtag ? 'gtag' : 'gtm';
        // own keys only: an event named `constructor` is not an e-commerce event. A clearing
        // push ({ ecommerce: null }) has no event.
        const event = EVENTS.hasOwnProperty(name) && EVENTS[name];
        if (!live || !event || !d || typeof d != 'object') return;
        const items: Properties[] = Array.isArray(d.items) ? d.items.map(product) : [];
        // a promotion is named on the event, or on each of its items
        if (/promo/.test(name))
          return (d.promotion_id || d.promotion_name ? [d] : d.items || []).forEach((x: Obj) =>
            emit(source, event, { promotion_id: x.promotion_id, name: x.promotion_name, creative: x.creative_name, position: x.creative_slot }),
          );
        // one event per item, as Segment's product events describe one product; the event's
        // value is that product's when it is the only one
        if (/^(view_item|select_item|add_to_cart|remove_from_cart|add_to_wishlist)$/.test(name))
          return items.forEach((i) => emit(source, event, { currency: d.currency, value: items.length < 2 ? d.value : undefined, list_id: d.item_list_id, ...i }));
        emit(source, event, {
          products: items,
          currency: d.currency,
          [name == 'purchase' ? 'revenue' : name == 'refund' ? 'total' : 'value']: d.value,
          order_id: d.transaction_id,
          tax: d.tax,
          shipping: d.shipping,
          coupon: d.coupon,
          list_id: d.item_list_id,
          category: d.item_list_name,
          shipping_method: d.shipping_tier,
          payment_method: d.payment_type,
          step: ({ add_shipping_info: 2, add_payment_info: 3 } as Obj)[name],
        });
      } catch (err) {
        DEV && warn('dataLayer(): could not read a pushed event (' + err + '); it was skipped.');
      }
    };
    dl.forEach(read);
    // The shop's push (or Google Tag Manager's, which replaces it) runs first and its result
    // is returned; reading happens after.
    const off = wrap(
      dl,
      'push',
      (push) =>
        function (this: Obj[], ...a: Obj[]) {
          const r = push.apply(this, a);
          a.forEach(read);
          return r;
        },
    );
    return () => {
      live = false;
      off();
    };
  },
});
