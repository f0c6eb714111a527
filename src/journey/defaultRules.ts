import type { Rule } from './types.js';

const page = 'page';

/**
 * The default rules for the default stages: the Segment e-commerce v2 events (and their GA4
 * names), then common URL shapes for page views. Order matters: the first match wins, so
 * advocacy and orders come first, then a returning customer's visits (retention), then the
 * cart and checkout, then browsing. An event no rule matches keeps the current stage.
 */
export const DEFAULT_RULES: Rule[] = [
  { id: 'advocacy', stage: 'advocacy', event: ['* Reviewed', '* Shared', 'Referral *', 'share'] },
  { id: 'order', stage: 'purchase', event: ['Order Completed', 'purchase'] },
  { id: 'thank-you', stage: 'purchase', type: page, path: ['*/thank*you*', '*/order-confirm*', '*/checkout/success*'] },
  { id: 'returning', stage: 'retention', purchased: true },
  {
    id: 'cart',
    stage: 'decision',
    event: ['Product Added', 'Product Removed', 'Cart *', 'Coupon *', 'Checkout *', 'Payment Info Entered', 'add_to_cart', 'remove_from_cart', 'view_cart', 'begin_checkout', 'add_*_info'],
  },
  { id: 'cart-page', stage: 'decision', type: page, path: ['*/cart*', '*/basket*', '*/bag', '*/checkout*'] },
  { id: 'browse', stage: 'consideration', event: ['Product*', 'Promotion Clicked', 'view_item*', 'select_*', 'search', 'add_to_wishlist'] },
  { id: 'browse-page', stage: 'consideration', type: page, path: ['*/product*', '*/p/*', '*/shop*', '*/collection*', '*/categor*', '*/c/*', '*/search*', '*/compare*', '*/wishlist*'] },
  { id: 'landing', stage: 'awareness', type: page, path: ['/', '/index*', '*/blog*', '*/landing*', '*/lp/*', '*/about*', '*/stories*'] },
];
