import type { Transport, TrackerOptions } from '../types.js';
import { DEV, warn } from '../lib/warn.js';
import { MAX_TEXT } from '../lib/limits.js';

/**
 * What the script tag can be told, by `data-` attributes on its own tag or by a global
 * `window.waymarkConfig` object (attributes win). Everything a `TrackerConfig` takes,
 * plus the choices the script tag makes for a shop that writes no code.
 */
export interface ScriptConfig extends TrackerOptions {
  endpoint?: string;
  transport?: Transport;
  /** Captures to install, by export name (`data-capture="pageViews,jsonLd"`); when absent, pageViews, capture and webVitals; none for `none` or `false`. */
  capture?: string[] | string | boolean;
  /** Shows the journey debug panel (when the build has one). */
  debug?: boolean;
  /** `false` leaves the journey stage plugin out. */
  journey?: boolean;
  [key: string]: unknown;
}

// Taken as written: ids and URLs that may look like numbers, rules whose JSON the journey
// plugin validates itself (with messages that name the rule), and URL patterns.
const TEXT = ['endpoint', 'writeKey', 'name', 'rules', 'stages', 'rulesUrl', 'orderPage', 'cartPage'];

// data-* values are strings: read numbers, booleans and JSON (lists, objects) as what they mean.
const parse = (key: string, v: string, attribute: string): unknown => {
  if (TEXT.includes(key)) return v;
  if (/^-?\d+(\.\d+)?$/.test(v)) return +v;
  // a bare attribute (`data-debug`) means on
  if (v == 'true' || v == '') return true;
  if (v == 'false') return false;
  if (/^[[{]/.test(v))
    try {
      // parsing it would cost the page more than a task should
      if (v.length > MAX_TEXT) return void (DEV && warn(attribute + ' is over the limit of ' + MAX_TEXT + ' characters; it was ignored.'));
      return JSON.parse(v);
    } catch (e) {
      DEV && warn(attribute + ' is not valid JSON (' + e + '); it was ignored.');
      return undefined;
    }
  return v;
};

/**
 * Merges the global config object with the script tag's `data-` attributes
 * (`data-write-key` becomes `writeKey`). Returns undefined when neither exists.
 */
export const readConfig = (script: HTMLOrSVGScriptElement | null, global: unknown): ScriptConfig | undefined => {
  const hasGlobal = !!global && typeof global == 'object';
  if (!hasGlobal && !(script && script.hasAttribute('data-endpoint'))) return;
  const cfg: ScriptConfig = hasGlobal ? { ...(global as ScriptConfig) } : {};
  // The attributes themselves rather than `dataset`, which some DOMs list without empty ones.
  if (script)
    for (const { name, value } of script.attributes)
      if (name.startsWith('data-')) {
        const k = name.slice(5).replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());
        cfg[k] = parse(k, value, name);
      }
  // A relative endpoint ("/v1/batch") means this page's origin.
  if (typeof cfg.endpoint == 'string') cfg.endpoint = new URL(cfg.endpoint, location.href).href;
  return cfg;
};
