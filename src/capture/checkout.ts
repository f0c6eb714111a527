import type { Plugin } from '../types.js';
import type { CheckoutPages, StepPage } from './checkoutPages.js';
import { SHOPIFY_PAGES, WOOCOMMERCE_PAGES } from './checkoutPages.js';
import { commerceHub } from './commerceHub.js';
import { checkoutProgress } from './checkoutProgress.js';
import { DEV, warn } from '../lib/warn.js';
import { whenReady } from './whenReady.js';
import { errorText, guarded } from '../lib/guarded.js';
import { on } from '../lib/on.js';
import { readOptions } from '../lib/readOptions.js';
import { MAX_LIST, MAX_PATTERN, bounded } from '../lib/limits.js';

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
 * the one before with "Checkout Step Completed"); on a one-page checkout, reaching its
 * shipping or payment section (focus in a `section`/`fieldset` so labelled) views step 2 or 3;
 * "Order Completed" on the thank-you page, with the order id (`Shopify.checkout.order_id`,
 * else from the URL), Shopify's revenue, total, shipping and tax where the page says them, and
 * the products, revenue and currency of the cart model.
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
      const o = readOptions('checkout()', options);
      const { platform } = o;
      // a pattern is compiled at every look: a huge one would cost each page view
      const own = (k: 'orderPage' | 'cartPage') => {
        const p = o[k];
        if (!(typeof p == 'string' && p.length > MAX_PATTERN)) return p;
        DEV && warn('checkout(): ' + k + ' is over the limit of ' + MAX_PATTERN + ' characters; it was skipped.');
        return undefined;
      };
      const steps =
        o.checkoutSteps &&
        (bounded('checkout(): checkoutSteps', o.checkoutSteps, MAX_LIST, 'only the platform presets are used.', 'a list of [step, name, pattern]') as StepPage[]);
      const pages: CheckoutPages[] = [{ steps, order: own('orderPage'), cart: own('cartPage') }];
      if (platform != 'woocommerce' && platform != 'none') pages.push(SHOPIFY_PAGES);
      if (platform != 'shopify' && platform != 'none') pages.push(WOOCOMMERCE_PAGES);
      const match = (pattern: RegExp | string | undefined, url: string) => {
        try {
          return pattern && !((pattern as string).length > MAX_PATTERN) ? RegExp(pattern).exec(url) : null;
        } catch (e) {
          DEV && warn('checkout(): the URL pattern ' + errorText(pattern) + ' is not a valid regular expression (' + errorText(e) + '); it was skipped.');
          return null;
        }
      };
      let seen: string | undefined;
      // The step of this page, and the highest reached in it (a one-page checkout's sections)
      let step = 0;
      const run = guarded('checkout()', () => {
        const url = location.pathname.replace(/(\/index)?\.html?$/, '') + location.search;
        // One look per URL: a second page view of the same URL says nothing new.
        if (url == seen) return;
        seen = url;
        step = 0;
        for (const p of pages) {
          const order = match(p.order, url);
          // Shopify's thank-you page says the order, its shipping and tax in Shopify.checkout
          const c = (window as Record<string, any>).Shopify?.checkout || {};
          if (order)
            return emit('checkout', 'Order Completed', {
              order_id: c.order_id ?? order.slice(1).find((x) => x),
              revenue: c.subtotal_price,
              total: c.total_price,
              shipping: c.shipping_rate?.price,
              tax: c.total_tax,
              currency: c.currency,
            });
          for (const [n, step_name, pattern] of p.steps || []) if (match(pattern, url)) return ((step = n), emit('checkout', 'Checkout Step Viewed', { step: n, step_name }));
          if (match(p.cart, url)) return emit('checkout', 'Cart Viewed', {});
        }
      });
      // A one-page checkout (Shopify's, WooCommerce's Checkout block): the visitor reaching
      // its shipping or payment section (a field in it has focus) views that step. Sections
      // are known by their label or heading, never by what is typed.
      const section = guarded('checkout()', (e: Event) => {
        const el = step && (e.target as Element).closest?.('section,fieldset,[id$=-method],[id$=-fields],[id$=-option]');
        const label = el ? el.id + (el.getAttribute('aria-label') || '') + el.querySelector('h2,h3,legend')?.textContent : '';
        const n = /pay/i.test(label) ? 3 : /ship|deliver/i.test(label) ? 2 : 0;
        if (n > step) emit('checkout', 'Checkout Step Viewed', { step: (step = n), step_name: n > 2 ? 'payment' : 'shipping' });
      });
      const off = on(document, 'focusin', section);
      const stop = whenReady(() => {
        check = run;
        run();
      });
      return () => {
        check = undefined;
        stop();
        off();
      };
    },
    // A single-page app moved to another URL: every page view is a new look at it.
    enrich(m) {
      if (m.type == 'page' && check) check();
    },
  };
};
