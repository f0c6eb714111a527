export { createTracker } from './createTracker.js';
export type {
  Batch,
  Campaign,
  Consent,
  Context,
  JourneyContext,
  Message,
  PageContext,
  Plugin,
  PluginAPI,
  Properties,
  Tracker,
  TrackerConfig,
  TrackerOptions,
  Transport,
  TransportRequest,
  TransportResponse,
} from './types.js';
