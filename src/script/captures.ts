/**
 * The captures the script tag installs when `data-capture` is absent, by export name, in
 * install order: page views, every commerce capture in one (`capture`, abandonment included),
 * Web Vitals and the friction signals. A build without one of them skips it.
 */
export const CAPTURES = ['pageViews', 'capture', 'webVitals', 'friction'];

/**
 * What `capture` stands for, in install order after abandonment: each commerce source, then
 * checkout. In the split script tag each is a file of its own, loaded where the page shows it.
 */
export const COMMERCE = ['attributes', 'jsonLd', 'dataLayer', 'shopify', 'woocommerce', 'selectors', 'checkout'];

/**
 * Every name `data-capture` may list: the defaults and the single commerce captures. Only these
 * are looked up among the build's exports, so `data-capture="createTracker"` cannot start a
 * second tracker.
 */
export const KNOWN = CAPTURES.concat('abandonment', COMMERCE);

/**
 * The captures in the script tag itself, installed with the tracker; the journey plugin is
 * too. Every other capture, and the debug panel, is a file of its own (`dist/script/NAME.js`),
 * loaded after the first event.
 */
export const UP_FRONT = ['pageViews', 'abandonment', 'journey'];
