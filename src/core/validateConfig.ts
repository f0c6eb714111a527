import type { TrackerConfig } from '../types.js';
import { fail, warn } from '../lib/warn.js';

const LOCAL = /^(localhost|127\.0\.0\.1|\[::1\])$/;

/**
 * Checks the endpoint: an absolute https URL, or http on this machine (for development).
 * Returns the reason it is unusable, or '' when it is fine.
 */
export const badEndpoint = (endpoint: unknown): string => {
  if (typeof endpoint != 'string' || !endpoint) return 'config.endpoint is missing: pass the collector URL, e.g. createTracker({ endpoint: "https://collect.example.com/v1/batch" })';
  try {
    const u = new URL(endpoint);
    if (u.protocol == 'https:' || (u.protocol == 'http:' && LOCAL.test(u.hostname))) return '';
    return 'config.endpoint must use https (http is allowed on localhost and 127.0.0.1 only): got "' + endpoint + '"';
  } catch {
    return 'config.endpoint is not an absolute URL: got "' + endpoint + '"; pass e.g. "https://collect.example.com/v1/batch"';
  }
};

/** A positive number setting, or its default with a warning naming the field. */
export const num = (config: TrackerConfig, field: keyof TrackerConfig, dflt: number): number => {
  const v = config[field];
  if (v === undefined) return dflt;
  if (typeof v == 'number' && v > 0 && v <= Number.MAX_SAFE_INTEGER) return v;
  warn('config.' + field + ' must be a positive number: got ' + String(v) + '; using the default ' + dflt + '.');
  return dflt;
};

/** True when the tracker can start; otherwise prints why and returns false. */
export const usable = (config: unknown): config is TrackerConfig => {
  if (!config || typeof config != 'object') {
    fail('createTracker(config): config must be an object with an endpoint; tracking is off.');
    return false;
  }
  const c = config as TrackerConfig;
  if (c.transport !== undefined && typeof c.transport != 'function') {
    fail('config.transport must be a function (request) => Promise<{ status }>; tracking is off.');
    return false;
  }
  const why = c.transport ? '' : badEndpoint(c.endpoint);
  if (why) fail(why + '; tracking is off.');
  return !why;
};
