import type { Plugin, Properties } from '../types.js';
import { denyFor, scrubUrl } from '../lib/scrubUrl.js';
import { on } from '../lib/on.js';
import { DEV, warn } from '../lib/warn.js';
import { wrap } from './wrap.js';
import { readOptions } from '../lib/readOptions.js';

/** Options of {@link pageViews}. */
export interface PageViewsOptions {
  /**
   * Which changes of the URL hash are navigations.
   * - `'routes'` (default): hash routes such as `#/cart` or `#!/cart`; in-page anchors
   *   such as `#reviews` are not page views.
   * - `'all'`: every hash change.
   * - `'none'`: the hash is ignored.
   */
  hash?: 'routes' | 'all' | 'none';
}

type Method = 'pushState' | 'replaceState';

/**
 * Sends a page view for the first page, for every single-page-app navigation
 * (`history.pushState`, `history.replaceState`, back/forward, hash routes) and for every
 * restore from the back/forward cache; never twice in a row for the same URL.
 *
 * An SPA view is sent in the task after the URL changed, so it carries the title the app
 * set for the new screen, and its `referrer` is the previous URL (scrubbed like every URL
 * the SDK sends). Campaign parameters of the new URL land in `context.campaign`.
 *
 * @example
 * createTracker({ endpoint, plugins: [pageViews()] });
 */
export const pageViews = (options?: PageViewsOptions): Plugin => ({
  name: 'pageViews',
  setup({ page, config }) {
    let mode = readOptions('pageViews()', options).hash;
    if (mode !== undefined && mode != 'routes' && mode != 'all' && mode != 'none') {
      DEV && warn("pageViews({ hash }): hash must be 'routes', 'all' or 'none'; using 'routes'.");
      mode = undefined;
    }
    const deny = denyFor(config.scrubParams);
    // A URL as this plugin compares it: the hash counts only when it is a navigation.
    const key = (href: string) => (mode == 'all' || (mode != 'none' && /^[^#]*#!?\//.test(href)) ? href : href.split('#')[0]);
    // the URL of the last view
    let last = '';
    // the pending check; after teardown, a value that is never cleared, so nothing is scheduled
    let timer: unknown;

    // (a check still pending finds this very URL)
    const view = (referrer?: string) => {
      last = location.href;
      try {
        page(undefined, (referrer && { referrer: scrubUrl(referrer, deny) }) as Properties | undefined);
      } catch (e) {
        DEV && warn('pageViews: a page view failed: ' + e);
      }
    };

    // One check per task, however many history calls the app made in it (a pushState
    // then a replaceState to fix the URL is one navigation), and late enough that the
    // app has set the new title.
    const soon = () => {
      timer ||= setTimeout(() => {
        timer = undefined;
        if (key(location.href) != key(last)) view(last);
      });
    };

    // Wraps rather than replaces: the app's call, its result and its errors stay the
    // app's own. When another script has wrapped ours since, ours stays in their chain and
    // does nothing but call through (after teardown `timer` is set for good).
    const offs = [
      ...(['pushState', 'replaceState'] as const).map((m) =>
        wrap(
          history,
          m,
          (orig) =>
            function (this: History, ...a: Parameters<History[Method]>) {
              const r = orig.apply(this, a);
              soon();
              return r;
            },
        ),
      ),
      on(window, 'popstate', soon),
      on(window, 'hashchange', soon),
      // A page restored from the back/forward cache runs no script again, but it is a
      // new visit to the page, so it gets a view even though the URL is the same.
      on(window, 'pageshow', (e) => {
        if ((e as PageTransitionEvent).persisted) view();
      }),
    ];
    view();
    return () => {
      clearTimeout(timer as number);
      timer = 1;
      offs.forEach((off) => off());
    };
  },
});
