/**
 * The captures the script tag installs when `data-capture` is absent, by export name, in
 * install order: page views, every commerce capture in one (`capture`, abandonment included),
 * Web Vitals and the friction signals. A build without one of them skips it.
 */
export const CAPTURES = ['pageViews', 'capture', 'webVitals', 'friction'];

/**
 * Every name `data-capture` may list: the defaults and the single commerce captures. Only these
 * are looked up among the build's exports, so `data-capture="createTracker"` cannot start a
 * second tracker.
 */
export const KNOWN = CAPTURES.concat('abandonment', 'attributes', 'jsonLd', 'dataLayer', 'shopify', 'woocommerce', 'selectors', 'checkout');
