import type { Properties } from '../types.js';

/** A product's ids: its product_id, its sku and its variant_id (a platform's variant id), as strings. */
export const productIds = (p: Properties): string[] => [p.product_id, p.sku, p.variant_id].filter((x) => x != null).map(String);

/**
 * True when two products share an id. Sources name a product differently (a GA4 item_id may
 * be the sku or the variant id, a Shopify form post knows only the variant id, a Shopify cart
 * line has both), so any shared id counts.
 */
export const sameProduct = (a: Properties, b: Properties): boolean => productIds(a).some((x) => productIds(b).includes(x));
