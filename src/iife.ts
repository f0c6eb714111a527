// The script-tag build: the public API under one global, `Waymark`.
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

// Runs the script tag: reads its data- attributes, installs the plugins above by name and
// replays the calls queued before the SDK arrived. It finds the plugins in this module's own
// exports, so a plugin re-exported above is all the script tag needs.
import * as self from './iife.js';
import { boot } from './script/boot.js';
boot(self);
