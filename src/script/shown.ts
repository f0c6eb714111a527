import type { ScriptConfig } from './readConfig.js';

type Obj = Record<string, any>;

const has = (selector: string) => !!document.querySelector(selector);

/**
 * Whether the page shows what a commerce capture reads, by the capture's name: the script tag
 * loads a capture that `capture` stands for only where it has something to read. Each test is
 * cheap (a global, one selector), as it runs when the document is ready and after each page
 * view of a single-page app, until the capture is loaded. Checkout is recognised by its URLs,
 * so it loads on a page whose path may be a cart, checkout or order page (the capture holds
 * the exact patterns), or wherever the shop configured its own.
 */
export const SHOWN: Record<string, (cfg: ScriptConfig, w: Obj) => unknown> = {
  attributes: () => has('[data-wm-product],[data-wm-event],[data-wm-click],[data-wm-submit]'),
  // product or list markup only: most pages carry an Organization or a WebSite node
  jsonLd: () => [...document.querySelectorAll('script[type="application/ld+json"]')].some((s) => /"(Product|ItemList)"/.test(s.textContent!)),
  dataLayer: (_, w) => Array.isArray(w.dataLayer),
  shopify: (_, w) => w.Shopify,
  // classic themes: the body classes and the AJAX cart's settings; block themes: wcSettings and the blocks
  woocommerce: (_, w) => w.woocommerce_params || w.wc_add_to_cart_params || w.wcSettings || has('.woocommerce,.woocommerce-page,[class*=wp-block-woocommerce]'),
  selectors: (cfg) => cfg.captureRules,
  checkout: (cfg) => cfg.checkoutSteps || cfg.orderPage || cfg.cartPage || /cart|checkout|order|thank/i.test(location.pathname),
};
