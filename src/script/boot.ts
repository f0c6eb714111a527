import type { Plugin, Tracker } from '../types.js';
import { createTracker } from '../createTracker.js';
import { DEV, warn } from '../lib/warn.js';
import { errorText } from '../lib/guarded.js';
import { VERSION } from '../version.js';
import { CAPTURES, KNOWN } from './captures.js';
import { readConfig, type ScriptConfig } from './readConfig.js';

type Factory = (options: ScriptConfig) => Plugin;
/** The script build's exports, where plugin factories are found by name. */
export type Registry = Record<string, unknown>;
/** One call to the global `waymark`: a method name and its arguments, or a callback. */
type Call = ArrayLike<unknown>;

/** The global `waymark` function the script tag leaves on the page. */
export interface WaymarkGlobal {
  (...call: unknown[]): void;
  /** Array-style queueing keeps working after load: `waymark.push(['track', 'X'])`. */
  push(call: Call): void;
  /** Marks the loaded SDK (the stub has none), so a second copy can tell. */
  version: string;
}

const METHODS = ['track', 'page', 'identify', 'group', 'alias', 'flush', 'reset', 'use', 'consent', 'shutdown'];

const plugins = (cfg: ScriptConfig, ns: Registry): Plugin[] => {
  const make = (name: string) => {
    const f = ns[name];
    return typeof f == 'function' ? (f as Factory)(cfg) : undefined;
  };
  const c = cfg.capture;
  const names =
    c === undefined || c === true
      ? CAPTURES
      : c === false || c == 'none'
        ? []
        : Array.isArray(c)
          ? c
          : String(c)
              .split(/[\s,]+/)
              .filter(Boolean);
  const out: (Plugin | undefined)[] = names.map((n) => {
    const p = KNOWN.includes(n) ? make(n) : undefined;
    if (DEV && !p && names != CAPTURES) warn('data-capture: no capture "' + n + '" in this build; skipped. Known: ' + KNOWN.join(', '));
    return p;
  });
  // The journey plugin stages what the captures emit; the debug panel shows those stages,
  // when data-debug says so (it reads `debug`) or, without it, when the URL has waymark_debug=1.
  if (cfg.journey !== false) out.push(make('journey'));
  out.push(make('debugPanel'));
  return out.filter((p): p is Plugin => !!p);
};

/**
 * Starts the script-tag build: reads the config from the tag's `data-` attributes or
 * `window.waymarkConfig`, creates the tracker with the plugins it names, replays in order
 * every call the page queued before the SDK arrived, and leaves `window.waymark(method, ...args)`.
 * Does nothing when the page has neither config nor a queue (the build is then a plain
 * library under `Waymark`), and nothing but a warning when a copy already ran.
 */
export const boot = (ns: Registry): void => {
  try {
    const w = window as unknown as { waymark?: unknown; waymarkConfig?: unknown };
    const prev = w.waymark as { version?: string; q?: Call[] } | Call[] | undefined;
    if (prev && 'version' in prev) return void (DEV && warn('Waymark was loaded twice; the second copy does nothing. Remove one of its script tags.'));
    const cfg = readConfig(document.currentScript, w.waymarkConfig);
    if (!cfg) {
      if (DEV && prev) warn('calls to waymark() are queued, but no config was found: add data-endpoint to the Waymark script tag.');
      return;
    }
    // A queue array (`waymark = [['track', ...]]`) or the stub function's `waymark.q`.
    const queue: Call[] = prev ? ('q' in prev ? prev.q! : Array.isArray(prev) ? prev : []) : [];
    // Consent is the tracker's: while pending, events wait in memory, nothing is stored or sent.
    const tracker = createTracker({ ...(cfg as ScriptConfig & { endpoint: string }), plugins: plugins(cfg, ns) });
    const run = (call: Call) => {
      try {
        const [m, ...args] = Array.prototype.slice.call(call) as [unknown, ...unknown[]];
        if (typeof m == 'function') m(tracker);
        else if (METHODS.includes(m as string)) (tracker[m as keyof Tracker] as (...a: unknown[]) => void)(...args);
        else DEV && warn('waymark(' + JSON.stringify(m)?.slice(0, 50) + '): unknown method; use ' + METHODS.join(', ') + ', or a function');
      } catch (e) {
        DEV && warn('waymark() failed: ' + errorText(e));
      }
    };
    const api = ((...call: unknown[]) => run(call)) as WaymarkGlobal;
    api.push = run;
    api.version = VERSION;
    w.waymark = api;
    queue.forEach(run);
  } catch (e) {
    DEV && warn('the script tag failed to start (' + e + '); tracking is off.');
  }
};
