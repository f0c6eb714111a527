import type { Plugin } from '../types.js';
import type { CheckoutPages, StepPage } from './checkoutPages.js';
import { SHOPIFY_PAGES, WOOCOMMERCE_PAGES } from './checkoutPages.js';
import { commerceHub } from './commerceHub.js';
import { checkoutProgress } from './checkoutProgress.js';
import { warn } from '../lib/warn.js';
import { whenReady } from './whenReady.js';
import { guarded } from './guarded.js';

/** Options of {@link checkout}. */
export interface CheckoutOptions {
  /** Which platform's URLs to recognise: `shopify`, `woocommerce`, or `none`. Default both. */
  platform?: 'shopify' | 'woocommerce' | 'none';
  /** The shop's own checkout steps, tried before the platform's. */
  checkoutSteps?: StepPage[];
  /** The shop's own thank-you page pattern; its first capturing group is the order id. */
  orderPage?: RegExp | string;
  /** The shop's own cart page pattern. */
  cartPage?: RegExp | string;
}

/**
 * Recognises the cart, checkout step and thank-you pages by their URL when a page loads, and
 * again at each page view of a single-page app (from {@link pageViews} or `page()`):
 * "Cart Viewed" on the cart page; "Checkout Step Viewed" with `step` and `step_name` on a
 * step (the first step viewed also sends "Checkout Started", and each later step completes
 * the one before with "Checkout Step Completed"); "Order Completed" on the thank-you page,
 * with the order id from the URL and the products, revenue and currency of the cart model.
 * A reloaded thank-you page sends no second order. Presets cover Shopify and WooCommerce
 * ({@link SHOPIFY_PAGES}, {@link WOOCOMMERCE_PAGES}).
 *
 * @example
 * checkout({ checkoutSteps: [[1, 'details', '/checkout/details'], [2, 'shipping', '/checkout/shipping'], [3, 'payment', '/checkout/pay']], orderPage: '/thank-you/(\\w+)' })
 */
export const checkout = (options: CheckoutOptions = {}): Plugin => {
  // The URL check, from the moment the page is ready until teardown.
  let check: (() => void) | undefined;
  return {
    name: 'checkout',
    setup(api) {
      const emit = commerceHub(api, checkoutProgress);
      const { platform, checkoutSteps, orderPage, cartPage } = options;
      const pages: CheckoutPages[] = [{ steps: checkoutSteps, order: orderPage, cart: cartPage }];
      if (platform != 'woocommerce' && platform != 'none') pages.push(SHOPIFY_PAGES);
      if (platform != 'shopify' && platform != 'none') pages.push(WOOCOMMERCE_PAGES);
      const match = (pattern: RegExp | string | undefined, url: string) => {
        try {
          return pattern && RegExp(pattern).exec(url);
        } catch (e) {
          warn('checkout(): the URL pattern ' + pattern + ' is not a valid regular expression (' + e + '); it was skipped.');
          return null;
        }
      };
      let seen: string | undefined;
      const run = guarded('checkout()', () => {
        const url = location.pathname.replace(/(\/index)?\.html?$/, '') + location.search;
        // One look per URL: a second page view of the same URL says nothing new.
        if (url == seen) return;
        seen = url;
        for (const p of pages) {
          const order = match(p.order, url);
          if (order) return emit('checkout', 'Order Completed', { order_id: order.slice(1).find((x) => x) });
          for (const [step, step_name, pattern] of p.steps || [])
            if (match(pattern, url)) return emit('checkout', 'Checkout Step Viewed', { step, step_name });
          if (match(p.cart, url)) return emit('checkout', 'Cart Viewed', {});
        }
      });
      const stop = whenReady(() => {
        check = run;
        run();
      });
      return () => {
        check = undefined;
        stop();
      };
    },
    // A single-page app moved to another URL: every page view is a new look at it.
    enrich(m) {
      if (m.type == 'page' && check) check();
    },
  };
};
