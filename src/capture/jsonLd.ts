import type { Plugin, Properties } from '../types.js';
import { commerceHub } from './commerceHub.js';
import { warn } from '../lib/warn.js';
import { whenReady } from './whenReady.js';
import { guarded } from './guarded.js';

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
 * @example
 * createTracker({ endpoint, plugins: [jsonLd()] });
 */
export const jsonLd = (): Plugin => ({
  name: 'jsonLd',
  setup(api) {
    const emit = commerceHub(api);
    const scan = guarded('jsonLd()', () => {
      const all: Obj[] = [];
      document.querySelectorAll('script[type="application/ld+json"]').forEach((s) => {
        try {
          nodes(JSON.parse(s.textContent!), all);
        } catch (e) {
          warn('jsonLd(): a <script type="application/ld+json"> is not valid JSON (' + e + '); it was skipped.');
        }
      });
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
    });
    return whenReady(scan);
  },
});
