// The script-tag build: the public API under one global, `Waymark`.
export { createTracker } from './createTracker.js';
export { pageViews } from './capture/pageViews.js';
