import type { Properties } from '../types.js';

/** A product's ids: its product_id and its sku, as strings. */
export const productIds = (p: Properties): string[] => [p.product_id, p.sku].filter((x) => x != null).map(String);

/**
 * True when two products share an id. Sources name a product differently (a GA4 item_id may
 * be the sku, a Shopify cart line has a variant id and a sku), so any shared id counts.
 */
export const sameProduct = (a: Properties, b: Properties): boolean => productIds(a).some((x) => productIds(b).includes(x));
