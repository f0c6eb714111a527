export { createTracker } from './createTracker.js';
export { pageViews, type PageViewsOptions } from './capture/pageViews.js';
export { webVitals } from './vitals/index.js';
export type {
  Batch,
  Campaign,
  Context,
  JourneyContext,
  Message,
  PageContext,
  Plugin,
  PluginAPI,
  Properties,
  Tracker,
  TrackerConfig,
  Transport,
  TransportRequest,
  TransportResponse,
} from './types.js';
