// The debug script tag: the same SDK as src/iife.ts with the developer warnings, in one file.
// Every capture is in it, installed by the same rules and at the same moments as the split
// script tag loads them, so a shop sets up with the file that says what is wrong.
export { createTracker } from './createTracker.js';
export { pageViews } from './capture/pageViews.js';
export { abandonment } from './capture/abandonment.js';
export { attributes } from './capture/attributes.js';
export { capture } from './capture/capture.js';
export { checkout } from './capture/checkout.js';
export { dataLayer } from './capture/dataLayer.js';
export { friction } from './capture/friction/friction.js';
export { jsonLd } from './capture/jsonLd.js';
export { selectors } from './capture/selectors.js';
export { shopify } from './capture/shopify.js';
export { woocommerce } from './capture/woocommerce.js';
export { webVitals } from './vitals/index.js';
export { journey } from './journey/journey.js';
export { debugPanel } from './journey/debugPanel.js';

import * as self from './iife.debug.js';
import { boot } from './script/boot.js';
boot(self, async () => self);
