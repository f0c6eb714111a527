import type { Plugin } from '../types.js';
import type { AbandonmentOptions } from './abandonment.js';
import type { CheckoutOptions } from './checkout.js';
import type { SelectorsOptions } from './selectors.js';
import { abandonment } from './abandonment.js';
import { attributes } from './attributes.js';
import { checkout } from './checkout.js';
import { dataLayer } from './dataLayer.js';
import { jsonLd } from './jsonLd.js';
import { selectors } from './selectors.js';
import { shopify } from './shopify.js';
import { woocommerce } from './woocommerce.js';
import { DEV, warn } from '../lib/warn.js';
import { readOptions } from '../lib/readOptions.js';

/** Options of {@link capture}: those of each capture it installs. */
export interface CaptureOptions extends AbandonmentOptions, CheckoutOptions, SelectorsOptions {}

/**
 * Installs every commerce capture as one plugin: {@link abandonment} (first, so it sees the
 * previous visit before this page's events), {@link attributes}, {@link jsonLd},
 * {@link dataLayer}, {@link shopify}, {@link woocommerce}, {@link selectors} and
 * {@link checkout}. What the script tag uses; an app that knows its shop imports only the
 * captures it needs.
 *
 * @example
 * createTracker({ endpoint, plugins: [capture({ abandonAfter: 45, platform: 'shopify' })] });
 */
export const capture = (options?: CaptureOptions): Plugin => {
  const o = readOptions('capture()', options);
  const parts = [abandonment(o), attributes(), jsonLd(), dataLayer(), shopify(), woocommerce(), selectors(o), checkout(o)];
  return {
    name: 'capture',
    setup(api) {
      const offs = parts.map((p) => {
        try {
          return p.setup!(api);
        } catch (e) {
          DEV && warn('capture: ' + p.name + ' failed to set up (' + e + ').');
        }
      });
      return () => offs.forEach((off) => off && off());
    },
    // abandonment restarts its window on any event; checkout looks again at each page view
    enrich(m) {
      for (const p of parts) if (p.enrich && p.enrich(m) === false) return false;
      return undefined;
    },
  };
};
