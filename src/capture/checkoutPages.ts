/** A checkout step page: its step number, its name, and the pattern of its URL. */
export type StepPage = [step: number, name: string, url: RegExp | string];

/**
 * URL patterns of a shop's cart, checkout steps and thank-you page. Patterns are regular
 * expressions (strings are compiled) tested on the path and query string, with a trailing
 * `.html` or `/index.html` left out. The order page's first capturing group that matched is
 * the order id.
 */
export interface CheckoutPages {
  /** The cart page: "Cart Viewed" with the cart model's contents. */
  cart?: RegExp | string;
  /** The checkout steps, tried in order: "Checkout Step Viewed". */
  steps?: StepPage[];
  /** The thank-you page: "Order Completed". */
  order?: RegExp | string;
}

const CART = /\/cart\/?(\?|$)/;

/**
 * Shopify: `/cart`; the checkout's information, shipping and payment steps (`?step=` of the
 * classic checkout, path segments of the new one); the thank-you page
 * `/checkouts/<token>/thank_you` or the order status page `/orders/<token>`, whose token is the
 * order id.
 */
export const SHOPIFY_PAGES: CheckoutPages = {
  cart: CART,
  steps: [
    [1, 'information', /\/checkouts\/.*(information|contact)/],
    [2, 'shipping', /\/checkouts\/.*shipping/],
    [3, 'payment', /\/checkouts\/.*payment/],
  ],
  order: /\/checkouts\/(?:cn?\/)?([^/?]+)\/thank[_-]you|\/orders\/([^/?]+)/,
};

/**
 * WooCommerce: `/cart/`; `/checkout/` (step 1, the details form) and
 * `/checkout/order-pay/<id>/` (step 2, paying); the thank-you page
 * `/checkout/order-received/<order id>/`.
 */
export const WOOCOMMERCE_PAGES: CheckoutPages = {
  cart: CART,
  steps: [
    [1, 'checkout', /\/checkout\/?(\?|$)/],
    [2, 'payment', /\/checkout\/order-pay\//],
  ],
  order: /\/checkout\/order-received\/(\d+)/,
};
