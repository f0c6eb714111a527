import type { Plugin, Properties } from '../types.js';
import { commerceHub } from './commerceHub.js';
import { DEV, warn } from '../lib/warn.js';
import { whenReady } from './whenReady.js';
import { guarded } from './guarded.js';
import { routeLooks } from './routeLooks.js';

type Obj = Record<string, any>;

const text = (x: unknown) => (x && typeof x == 'object' ? (x as Obj).name : x);

// A schema.org Product as Segment product properties; the first offer gives the price.
const product = (x: Obj): Properties => {
  const o: Obj = [].concat(x.offers)[0] || {};
  return {
    product_id: x.sku || x.productID || x.mpn || x['@id'],
    sku: x.sku,
    name: x.name,
    brand: text(x.brand),
    category: text(x.category),
    price: o.price ?? o.lowPrice,
    currency: o.priceCurrency,
    url: x.url,
  };
};

// Every node of the markup: top-level arrays and `@graph` hold several.
const nodes = (x: unknown, out: Obj[]): Obj[] => {
  if (Array.isArray(x)) x.forEach((y) => nodes(y, out));
  else if (x && typeof x == 'object') out.push(x), nodes((x as Obj)['@graph'], out);
  return out;
};

/**
 * Reads the schema.org JSON-LD most shops publish for search engines, once the page has
 * loaded: a `Product` (with its `Offer` or `AggregateOffer`) is a "Product Viewed" with
 * product_id (sku, else productID, mpn or @id), sku, name, brand, category, price and
 * currency; an `ItemList` of products is a "Product List Viewed" with `products`.
 *
 * In a single-page app it looks again after each page view (from {@link pageViews} or
 * `page()`), for up to 3 s while the app renders the new route: the first markup that differs
 * from what it last read is reported. A page view that leaves the markup as it was (a tab
 * of the same product) reports nothing.
 *
 * @example
 * createTracker({ endpoint, plugins: [jsonLd()] });
 */
export const jsonLd = (): Plugin => {
  // Looks again after a page view, from the moment the page is ready until teardown.
  let again: (() => void) | undefined;
  return {
    name: 'jsonLd',
    setup(api) {
      const emit = commerceHub(api);
      // The markup last read (parsed, so whitespace a re-render changes does not count).
      let seen: string | undefined;
      // Reads the markup; reports it and says so when it differs from the last reading.
      const look = (): boolean => {
        const all: Obj[] = [];
        document.querySelectorAll('script[type="application/ld+json"]').forEach((s) => {
          try {
            nodes(JSON.parse(s.textContent!), all);
          } catch (e) {
            DEV && warn('jsonLd(): a <script type="application/ld+json"> is not valid JSON (' + e + '); it was skipped.');
          }
        });
        const now = JSON.stringify(all);
        if (now == seen) return false;
        seen = now;
        // the first node of that @type (a string or a list of them)
        const find = (type: string) => all.find((x) => ([] as unknown[]).concat(x['@type']).includes(type));
        const list = find('ItemList');
        const p = find('Product');
        if (list)
          emit('jsonLd', 'Product List Viewed', {
            list_id: list.name,
            products: [].concat(list.itemListElement || []).map((e: Obj, i) => ({ position: e.position ?? i + 1, ...product(e.item || e) })),
          });
        else if (p) emit('jsonLd', 'Product Viewed', product(p));
        return true;
      };
      const scan = guarded('jsonLd()', look);
      // the first change after a page view ends the search
      const looks = routeLooks(scan);
      const cancel = whenReady(() => {
        scan();
        again = looks.again;
      });
      return () => {
        again = undefined;
        looks.stop();
        cancel();
      };
    },
    enrich(m) {
      if (m.type == 'page' && again) again();
    },
  };
};
