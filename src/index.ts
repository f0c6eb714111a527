export { createTracker } from './createTracker.js';
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
