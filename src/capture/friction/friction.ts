import type { Plugin, Properties } from '../../types.js';
import type { RageClickOptions } from './clickFriction.js';
import { endpointUrl } from '../../core/validateConfig.js';
import { denyFor, scrubUrl } from '../../lib/scrubUrl.js';
import { DEV, warn } from '../../lib/warn.js';
import { readOptions } from '../../lib/readOptions.js';
import { clickFriction } from './clickFriction.js';
import { describe } from './describe.js';
import { formError } from './formError.js';
import { requestErrors } from './requestErrors.js';
import { scriptError } from './scriptError.js';

/** Options of {@link friction}: every signal is on unless set to `false`. */
export interface FrictionOptions {
  /** "Rage Click": `false`, or when presses are one (default 3, each within 700 ms and 30 px of the one before). */
  rageClick?: boolean | RageClickOptions;
  /** "Dead Click". */
  deadClick?: boolean;
  /** "Form Error": the browser's and the shop's validation, the platforms' cart and checkout errors. */
  formError?: boolean;
  /** "Request Failed": a commerce request answering 4xx/5xx or not at all. */
  requestFailed?: boolean;
  /** "Script Error": uncaught errors and unhandled rejections. */
  scriptError?: boolean;
  /** "Slow Page": a Web Vital (LCP, INP, CLS) in web.dev's "poor" band, from `webVitals()`. */
  slowPage?: boolean;
  /** Most events of one kind per page (in a single-page app, until the path changes). Default 10. */
  frictionLimit?: number;
}

// Marks a friction event's properties: the tracker copies them with their symbol keys, and
// JSON leaves symbol keys out.
const MINE = Symbol();

/**
 * Sends one friction event: its name, its properties, the element it happened on (see
 * {@link describe}), and a key that makes it once per page.
 */
export type Report = (event: string, properties: Properties, el?: Element | 0, key?: string) => void;

/**
 * The pain points on the journey: "Rage Click", "Dead Click", "Form Error", "Request Failed",
 * "Script Error" and "Slow Page". Each carries the element's `role`, `selector` and (a
 * button's or a link's) `label` where there is an element, and `step` and `step_name` when
 * it happened on a checkout step (the last "Checkout Step Viewed" of this page); the page is
 * the message's own `context.page`, the stage its `context.journey` (with `journey()`). At
 * most `frictionLimit` (10) of a kind per page, one "Script Error" per message and one "Slow
 * Page" per metric per page. Never a field's value: a form error names the field and the
 * kind of error.
 *
 * Friction events are ordinary events: no journey rule places them, so they keep the current
 * stage; like any event they are activity for the abandonment window (a rage click is the
 * visitor being there) and belong to the session they happen in.
 *
 * @example
 * createTracker({ endpoint, plugins: [pageViews(), capture(), webVitals(), friction({ deadClick: false })] });
 */
export const friction = (options?: FrictionOptions): Plugin => {
  // read once into a plain object: a Proxy that throws, or a getter, cannot reach setup
  const o = readOptions('friction()', options);
  const rage = o.rageClick instanceof Object ? readOptions('friction(): rageClick', o.rageClick) : o.rageClick;
  // the checkout step this page shows, from its "Checkout Step Viewed"
  let step: Properties | undefined;
  let slow: ((p: Properties) => void) | undefined;
  let limit = o.frictionLimit ?? 10;
  if (!(limit >= 0)) DEV && warn('friction(): frictionLimit must be a number of events, 0 or more; using 10.'), (limit = 10);
  const off = (k: keyof FrictionOptions) => o[k] === false;
  return {
    name: 'friction',
    setup(api) {
      const { config } = api;
      let path = '';
      let counts: Record<string, number> = {};
      const once = new Set<string>();
      const report: Report = (event, p, el, key) => {
        if (path != location.pathname) (path = location.pathname), (counts = {}), once.clear();
        if (key && once.has((key = event + key))) return;
        if (key) once.add(key);
        if ((counts[event] = (counts[event] || 0) + 1) <= limit) api.track(event, { ...(el && describe(el)), ...p, [MINE]: 1 });
      };
      const deny = denyFor(config.scrubParams);
      const offs = [
        clickFriction(report, rage, !off('deadClick'), endpointUrl(config.endpoint)),
        !off('formError') && formError(report),
        requestErrors(report, (u) => scrubUrl(u, deny), !off('formError'), !off('requestFailed')),
        !off('scriptError') && scriptError(report),
      ];
      if (!off('slowPage')) slow = (p) => report('Slow Page', { metric: p.name, value: p.value }, 0, p.name as string);
      return () => {
        slow = undefined;
        offs.forEach((f) => f && f());
      };
    },
    enrich(m) {
      const p = m.properties || {};
      if (m.type == 'page') step = undefined;
      if (m.event == 'Checkout Step Viewed' && p.step) step = { step: p.step, step_name: p.step_name };
      // ours: the step where it happened, known here in the order the events were tracked
      if (p[MINE as never]) delete p[MINE as never], Object.assign(p, step);
      // a poor Web Vital, as webVitals() measured it; from inside enrich a track() would
      // recurse, so it goes right after
      if (slow && m.event == 'Web Vital' && p.rating == 'poor' && /^(LCP|INP|CLS)$/.test(p.name as string)) queueMicrotask(() => slow && slow(p));
    },
  };
};
