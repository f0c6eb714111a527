import type { TrackerConfig } from '../types.js';
import { DEV, warn } from '../lib/warn.js';
import { isObject } from '../lib/isObject.js';
import { MAX_LIST, bounded } from '../lib/limits.js';

const LOCAL = /^(localhost|127\.0\.0\.1|\[::1\])$/;

/**
 * The endpoint as an absolute URL, a path (`/v1/batch`, a first-party proxy) resolved against
 * the page; '' when it is not https (or http on localhost). Only a path starting with `/` is
 * taken as relative, so a typo ("collect.example.com/v1") is refused, not posted to this site.
 */
export const endpointUrl = (endpoint: unknown): string => {
  try {
    const u = new URL(endpoint as string, (endpoint as string)[0] == '/' ? location.href : undefined);
    if (u.protocol == 'https:' || (u.protocol == 'http:' && LOCAL.test(u.hostname))) return u.href;
  } catch {
    // not a URL, or relative with no page to resolve it against
  }
  return '';
};

/** Why a config cannot work, or '' when it can. */
export const badConfig = (c: unknown): string => {
  if (!c || typeof c != 'object') return 'createTracker(config) needs a config object with an endpoint.';
  const { endpoint, transport } = c as TrackerConfig;
  if (transport !== undefined) return typeof transport == 'function' ? '' : 'config.transport must be a function.';
  if (endpointUrl(endpoint)) return '';
  return 'config.endpoint must be an https URL (http on localhost only) or a path, e.g. "https://collect.example.com/v1/batch"; got ' + JSON.stringify(endpoint) + '.';
};

/** A positive number setting, or its default with a warning naming the field. */
export const num = (config: TrackerConfig, field: keyof TrackerConfig, dflt: number): number => {
  const v = config[field];
  if (typeof v == 'number' && v > 0 && v < 1e15) return v;
  // an unset field takes its default quietly
  DEV && v !== undefined && warn('config.' + field + ' must be a positive number, got ' + String(v) + '; using ' + dflt + '.');
  return dflt;
};

/**
 * The config with its lists within their limits: `scrubParams`, `plugins` and `headers` over
 * 100 entries are refused, with one warning each, before anything reads them. A copy: the
 * plugins see the same bounded config the tracker uses.
 */
export const bounds = (config: TrackerConfig): TrackerConfig => {
  const c = { ...config };
  const list = (k: 'scrubParams' | 'plugins', instead: string) => {
    if (c[k] !== undefined && !bounded('config.' + k, c[k], MAX_LIST, instead)) c[k] = undefined;
  };
  list('scrubParams', 'the default list is used.');
  list('plugins', 'none is installed.');
  let n = 0;
  if (isObject(c.headers))
    for (const _ in c.headers)
      if (++n > MAX_LIST) {
        DEV && warn('config.headers has over ' + MAX_LIST + ' entries; none is sent.');
        c.headers = undefined;
        break;
      }
  return c;
};
