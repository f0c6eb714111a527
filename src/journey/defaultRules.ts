import type { Rule } from './types.js';

const page = 'page';

/**
 * The default rules for the default stages: the Segment e-commerce v2 events (the capture
 * plugins map GA4 names onto them), then common URL shapes for page views. Order matters: the first match wins, so
 * advocacy and orders come first, then a returning customer's visits (retention), then the
 * cart and checkout, then browsing. An event no rule matches keeps the current stage.
 */
export const DEFAULT_RULES: Rule[] = [
  { id: 'advocacy', stage: 'advocacy', event: ['* Reviewed', '* Shared', 'Referral *'] },
  { id: 'order', stage: 'purchase', event: 'Order Completed' },
  { id: 'thank-you', stage: 'purchase', type: page, path: ['*/thank*you*', '*/order-confirm*', '*/checkout/success*'] },
  { id: 'returning', stage: 'retention', purchased: true },
  {
    id: 'cart',
    stage: 'decision',
    event: ['Product Added', 'Product Removed', 'Cart *', 'Coupon *', 'Checkout *', 'Payment Info Entered'],
  },
  { id: 'cart-page', stage: 'decision', type: page, path: ['*/cart*', '*/basket*', '*/bag', '*/checkout*'] },
  { id: 'browse', stage: 'consideration', event: ['Product*', 'Promotion Clicked'] },
  {
    id: 'browse-page',
    stage: 'consideration',
    type: page,
    path: ['*/product*', '*/p/*', '*/shop*', '*/collection*', '*/categor*', '*/c/*', '*/search*', '*/compare*', '*/wishlist*'],
  },
  { id: 'landing', stage: 'awareness', type: page, path: ['/', '/index*', '*/blog*', '*/landing*', '*/lp/*', '*/about*', '*/stories*'] },
];
