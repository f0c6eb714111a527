import { onCLS, onFCP, onINP, onLCP, onTTFB, type MetricType, type ReportOpts } from 'web-vitals';
import type { Plugin } from '../types.js';
import { on } from '../lib/on.js';
import { DEV, warn } from '../lib/warn.js';

/**
 * Sends the Core Web Vitals of every page load and back/forward-cache restore, measured by
 * Google's `web-vitals` package: one "Web Vital" event per metric, with `name` (LCP, INP, CLS,
 * FCP or TTFB), `value` (milliseconds; CLS unitless, 4 decimals), `rating` (`good`,
 * `needs-improvement` or `poor`, by web.dev's thresholds: a `poor` one is a friction signal),
 * `id` (web-vitals' id of the metric, its numbers in base 36) and `navigationType`.
 *
 * FCP and TTFB are sent as soon as they are known. LCP, CLS and INP keep changing while the
 * visitor stays, so each is sent once, with its value when the page is first hidden or left
 * (INP only after an interaction, and only once web-vitals has taken the last of them in).
 *
 * @example
 * createTracker({ endpoint, plugins: [pageViews(), webVitals()] });
 */
export const webVitals = (): Plugin => ({
  name: 'webVitals',
  setup({ track }) {
    let live = true;
    const sent = new Set<string>();
    // LCP, CLS and INP as web-vitals last reported them, until the page is hidden or left.
    const latest = new Map<string, MetricType>();
    const send = ({ name, value, rating, id, navigationType }: MetricType) => {
      if (!live || sent.has(id)) return;
      sent.add(id);
      latest.delete(id);
      const k = name == 'CLS' ? 1e4 : 1;
      try {
        // The id's numbers in base 36: shorter, and never mistaken for a card number.
        // a measure of the page, not an act of the visitor: no activity, no visit (context.active false)
        track('Web Vital', { name, value: Math.round(value * k) / k, rating, id: id.replace(/\d{5,}/g, (n) => (+n).toString(36)), navigationType }, { context: { active: false } });
      } catch (e) {
        DEV && warn('webVitals: sending ' + name + ' failed: ' + e);
      }
    };
    // True from pagehide to pageshow, and while the page is hidden.
    let leaving = false;
    const gone = () => leaving || document.visibilityState == 'hidden';
    // INP is final later than the others. web-vitals takes in the interactions the browser
    // reported in an idle callback (up to 1 s later) or, when the page turns hidden first, in
    // a capture listener for visibilitychange it adds with each of them, so after ours; and it
    // does nothing at pagehide. So INP goes from a bubble listener on window, which runs after
    // every capture listener: once the page is hidden (on unload, after pagehide, when the
    // tracker beacons what is tracked at once). Sent earlier, an INP may miss the slowest
    // interaction, and the final value would be refused as a repeat.
    let settled = false;
    // A report that comes while the page is gone (INP: once settled) is final: it goes at once.
    const hold = (m: MetricType) => {
      if (m.name == 'INP' ? settled : gone()) send(m);
      else if (!sent.has(m.id)) latest.set(m.id, m);
    };
    const observe = <M extends MetricType>(fn: (cb: (m: M) => void, opts?: ReportOpts) => void, cb: (m: MetricType) => void, opts?: ReportOpts) => {
      try {
        fn(cb, opts);
      } catch (e) {
        DEV && warn('webVitals: this browser cannot measure a metric: ' + e);
      }
    };
    observe(onTTFB, send);
    observe(onFCP, send);
    // web-vitals reports these when the page turns hidden, but when the page is unloaded
    // the browser fires pagehide first, and the tracker's last beacon goes at pagehide. So
    // every change is kept, and the last one goes at pagehide or at the first hiding,
    // whichever comes first.
    observe(onLCP, hold, { reportAllChanges: true });
    observe(onCLS, hold, { reportAllChanges: true });
    observe(onINP, hold, { reportAllChanges: true });
    const leave = (e: Event) => {
      leaving = e.type == 'pagehide' || (e.type != 'pageshow' && leaving);
      if (gone()) latest.forEach((m) => m.name != 'INP' && send(m));
    };
    const settle = () => {
      settled = document.visibilityState == 'hidden';
      if (settled) latest.forEach(send);
    };
    // Capture on window: after web-vitals' first visibilitychange listener (added above) took
    // its last records, and before the tracker's listener on document flushes.
    const offs = ['pagehide', 'pageshow', 'visibilitychange'].map((t) => on(window, t, leave, true));
    offs.push(on(window, 'visibilitychange', settle));
    // web-vitals offers no way to stop its observers (by design, GoogleChrome/web-vitals#55),
    // so teardown silences them: nothing is sent after it.
    return () => {
      live = false;
      offs.forEach((off) => off());
    };
  },
});
