import type { Plugin, Tracker } from '../types.js';
import { createTracker } from '../createTracker.js';
import { DEV, warn } from '../lib/warn.js';
import { errorText } from '../lib/guarded.js';
import { VERSION } from '../version.js';
import { CAPTURES, COMMERCE, KNOWN, UP_FRONT } from './captures.js';
import { later, type Chunk, type Later } from './later.js';
import { SHOWN } from './shown.js';
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

// Split by when it is installed: the plugins the script tag carries, made now, and the
// captures loaded after the first event, each with the condition that must hold first.
const plugins = (cfg: ScriptConfig, ns: Registry): [Plugin[], Later[]] => {
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
  const now: (Plugin | undefined)[] = [];
  const after: Later[] = [];
  for (const n of names)
    if (!KNOWN.includes(n)) DEV && warn('data-capture: no capture "' + n + '" in this build; skipped. Known: ' + KNOWN.join(', '));
    // every commerce capture in one: abandonment first (it sees the previous visit before this
    // page's events), then each source the page shows, and checkout
    else if (n == 'capture') now.push(make('abandonment')), after.push(...COMMERCE.map((s): Later => [s, SHOWN[s]]));
    else if (UP_FRONT.includes(n)) now.push(make(n));
    // Web Vitals are read from buffered entries: the load event is soon enough
    else after.push([n, n == 'webVitals' ? () => document.readyState == 'complete' : undefined]);
  // The journey plugin stages what the captures emit; the debug panel shows those stages,
  // when data-debug says so or, without it, when the URL has waymark_debug=1.
  if (cfg.journey !== false) now.push(make('journey'));
  if (cfg.debug ?? new URLSearchParams(location.search).get('waymark_debug') == '1') after.push(['debugPanel']);
  return [now.filter((p): p is Plugin => !!p), after];
};

/**
 * Starts the script-tag build: reads the config from the tag's `data-` attributes or
 * `window.waymarkConfig`, creates the tracker with the plugins it names, replays in order
 * every call the page queued before the SDK arrived, and leaves `window.waymark(method, ...args)`.
 * The plugins it carries are installed with the tracker; the other captures are loaded by
 * `chunk` after the first event (see {@link later}). Does nothing when the page has neither config nor a queue (the build is then a plain
 * library under `Waymark`), and nothing but a warning when a copy already ran.
 */
export const boot = (ns: Registry, chunk: Chunk): void => {
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
    const [now, after] = plugins(cfg, ns);
    const [hear, start] = later(cfg, after, chunk);
    const tracker = createTracker({ ...(cfg as ScriptConfig & { endpoint: string }), plugins: now.concat(hear) });
    start(tracker);
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
