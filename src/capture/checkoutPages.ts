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
 * classic checkout, path segments of the next one); the current one-page checkout
 * `/checkouts/cn/<token>` (with or without a locale segment) is the information step, its
 * shipping and payment sections the later steps (see {@link checkout}); the thank-you page
 * `/checkouts/[c/|cn/]<token>[/<locale>]/thank[-_]you` or the order status page
 * `/orders/<token>`, whose token is the order id unless `Shopify.checkout.order_id` says it.
 */
export const SHOPIFY_PAGES: CheckoutPages = {
  cart: CART,
  steps: [
    [1, 'information', /\/checkouts\/(.*(information|contact)|cn\/[^/?]+(\/[a-z]{2}(-[a-z]{2})?)?\/?(\?|$))/],
    [2, 'shipping', /\/checkouts\/.*shipping/],
    [3, 'payment', /\/checkouts\/.*payment/],
  ],
  order: /\/checkouts\/(?:cn?\/)?([^/?]+)(?:\/[^/?]+)?\/thank[_-]you|\/orders\/([^/?]+)/,
};

/**
 * WooCommerce: `/cart/`; `/checkout/` (step 1, the details form; the Checkout block's shipping
 * and payment sections are steps 2 and 3) and `/checkout/order-pay/<id>/` (step 3, paying);
 * the thank-you page `/checkout/order-received/<order id>/`.
 */
export const WOOCOMMERCE_PAGES: CheckoutPages = {
  cart: CART,
  steps: [
    [1, 'checkout', /\/checkout\/?(\?|$)/],
    [3, 'payment', /\/checkout\/order-pay\//],
  ],
  order: /\/checkout\/order-received\/(\d+)/,
};
