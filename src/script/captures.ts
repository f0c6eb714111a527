/**
 * The capture plugins the script tag installs by default, by export name, in install order.
 * Names missing from a build are skipped, so this list may name more than one build holds.
 */
export const CAPTURES = ['pageViews', 'webVitals'];
