/**
 * The captures the script tag installs when `data-capture` is absent, by export name, in
 * install order: page views, every commerce capture in one (`capture`, abandonment included),
 * and Web Vitals. A build without one of them skips it.
 */
export const CAPTURES = ['pageViews', 'capture', 'webVitals'];
