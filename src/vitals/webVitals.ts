import { onCLS, onFCP, onINP, onLCP, onTTFB, type MetricType } from 'web-vitals';
import type { Plugin } from '../types.js';
import { warn } from '../lib/warn.js';

/**
 * Sends the Core Web Vitals of every page load and back/forward-cache restore, measured by
 * Google's `web-vitals` package: one "Web Vital" event per metric, with `name` (LCP, INP, CLS,
 * FCP or TTFB), `value` (milliseconds; CLS unitless, 4 decimals), `rating` (`good`,
 * `needs-improvement` or `poor`, by web.dev's thresholds: a `poor` one is a friction signal),
 * `id` and `navigationType`.
 *
 * LCP, CLS and INP are final only when the visitor leaves or hides the page, so they are sent
 * then (INP only after an interaction); FCP and TTFB as soon as they are known.
 *
 * @example
 * createTracker({ endpoint, plugins: [pageViews(), webVitals()] });
 */
export const webVitals = (): Plugin => ({
  name: 'webVitals',
  setup({ track }) {
    let live = true;
    // web-vitals reports CLS and INP again (same id, new value) each time the page is
    // hidden after growing; the first report is the one sent, so each metric goes once.
    const sent = new Set<string>();
    const send = ({ name, value, rating, id, navigationType }: MetricType) => {
      if (!live || sent.has(id)) return;
      sent.add(id);
      const k = name == 'CLS' ? 1e4 : 1;
      try {
        track('Web Vital', { name, value: Math.round(value * k) / k, rating, id, navigationType });
      } catch (e) {
        warn('webVitals: sending ' + name + ' failed: ' + e);
      }
    };
    for (const observe of [onTTFB, onFCP, onLCP, onCLS, onINP])
      try {
        observe(send);
      } catch (e) {
        warn('webVitals: this browser cannot measure a metric: ' + e);
      }
    // web-vitals offers no way to stop its observers (by design, GoogleChrome/web-vitals#55),
    // so teardown silences them: nothing is sent after it.
    return () => {
      live = false;
    };
  },
});
