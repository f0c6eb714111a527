// The engine-independent half of the dashboard's reports (as summaryOf.js is of the summary):
// each engine runs its own SQL for the raw aggregates, and these turn them into the one shape
// the API and the dashboard use, so rounding, ordering, tie-breaks and the custom funnel's
// walk are the same whatever the engine.
import { echoFilters } from './filters.js';
import { ORDER } from './visitOf.js';

const cents = (/** @type {unknown} */ v) => Math.round((Number(v) || 0) * 100) / 100;
const int = (/** @type {unknown} */ v) => Number(v) || 0;
const ratio = (/** @type {number} */ a, /** @type {number} */ b) => (b ? Math.round((a / b) * 10_000) / 10_000 : 0);
// ClickHouse has '' where SQLite has NULL.
const text = (/** @type {unknown} */ v) => (typeof v == 'string' && v ? v : v === null || v === undefined || v === '' ? null : String(v));
const bySegment = (/** @type {string | null} */ a, /** @type {string | null} */ b) => (a === b ? 0 : a === null ? 1 : b === null ? -1 : a < b ? -1 : 1);

/** The figures of a group of visitors: conversion rate = buyers / visitors, AOV = revenue / orders. */
const salesOf = (/** @type {{ visitors: number, visits: number, buyers: number, orders: number, revenue: number }} */ g) => ({
  visitors: g.visitors,
  visits: g.visits,
  buyers: g.buyers,
  orders: g.orders,
  conversionRate: ratio(g.buyers, g.visitors),
  revenue: cents(g.revenue),
  aov: g.orders ? cents(g.revenue / g.orders) : 0,
});

/**
 * Trends: one bucket per `size` ms with data, in time order.
 * @param {{ visits: { b: any, f: any, visitors: any, visits: any, buyers: any, orders: any, revenue: any }[], abandoned: { b: any, value: any }[] }} raw
 *   per bucket and furthest stage index, the visitors (and their figures); per bucket the abandoned value
 * @param {{ stages: string[], interval: string, size: number, filters: import('./filters.js').Filters }} o
 */
export const trendsOf = (raw, { stages, interval, size, filters }) => {
  /** @type {Map<number, any>} */
  const buckets = new Map();
  const bucket = (/** @type {number} */ b) => {
    let x = buckets.get(b);
    if (!x) buckets.set(b, (x = { b, visitors: 0, visits: 0, stages: stages.map(() => 0), buyers: 0, orders: 0, revenue: 0, abandonedValue: 0 }));
    return x;
  };
  for (const r of raw.visits) {
    const x = bucket(int(r.b));
    const n = int(r.visitors);
    x.visitors += n;
    x.visits += int(r.visits);
    x.buyers += int(r.buyers);
    x.orders += int(r.orders);
    x.revenue += Number(r.revenue) || 0;
    for (let i = 0; i <= Math.min(int(r.f), stages.length - 1); i++) x.stages[i] += n;
  }
  for (const r of raw.abandoned) bucket(int(r.b)).abandonedValue += Number(r.value) || 0;
  return {
    interval,
    stages,
    filters: echoFilters(filters),
    buckets: [...buckets.values()]
      .sort((a, b) => a.b - b.b)
      .map((x) => ({
        start: new Date(x.b * size).toISOString(),
        ...salesOf(x),
        stages: x.stages,
        abandonedValue: cents(x.abandonedValue),
      })),
  };
};

/**
 * Segments: one row per value of the dimension, by visitors.
 * @param {{ visits: { segment: any, visitors: any, visits: any, buyers: any, orders: any, revenue: any }[], abandoned: { segment: any, value: any }[] }} raw
 * @param {{ by: string, filters: import('./filters.js').Filters }} o
 */
export const segmentsOf = (raw, { by, filters }) => {
  /** @type {Map<string | null, any>} */
  const rows = new Map();
  const row = (/** @type {unknown} */ s) => {
    const segment = text(s);
    let x = rows.get(segment);
    if (!x) rows.set(segment, (x = { segment, visitors: 0, visits: 0, buyers: 0, orders: 0, revenue: 0, abandonedValue: 0 }));
    return x;
  };
  for (const r of raw.visits) {
    const x = row(r.segment);
    x.visitors += int(r.visitors);
    x.visits += int(r.visits);
    x.buyers += int(r.buyers);
    x.orders += int(r.orders);
    x.revenue += Number(r.revenue) || 0;
  }
  for (const r of raw.abandoned) row(r.segment).abandonedValue += Number(r.value) || 0;
  return {
    by,
    filters: echoFilters(filters),
    rows: [...rows.values()]
      .map((x) => ({ segment: x.segment, ...salesOf(x), abandonedValue: cents(x.abandonedValue) }))
      .sort((a, b) => b.visitors - a.visitors || bySegment(a.segment, b.segment)),
  };
};

/**
 * Per product: visitors who viewed it, who added it, orders holding it and their revenue from
 * it, counted abandonments holding it.
 * @param {{ viewed: any[], added: any[], ordered: any[], abandoned: any[] }} raw
 * @param {import('./filters.js').Filters} filters
 */
export const productsOf = (raw, filters) => {
  /** @type {Map<string, any>} */
  const rows = new Map();
  const row = (/** @type {any} */ r) => {
    const product = /** @type {string} */ (text(r.product));
    let x = rows.get(product);
    if (!x) rows.set(product, (x = { product, name: null, viewed: 0, added: 0, ordered: 0, abandoned: 0, revenue: 0 }));
    const name = text(r.name);
    if (name && (x.name === null || name > x.name)) x.name = name;
    return x;
  };
  for (const r of raw.viewed) row(r).viewed += int(r.visitors);
  for (const r of raw.added) row(r).added += int(r.visitors);
  for (const r of raw.ordered) {
    const x = row(r);
    x.ordered += int(r.orders);
    x.revenue += Number(r.revenue) || 0;
  }
  for (const r of raw.abandoned) row(r).abandoned += int(r.count);
  return {
    filters: echoFilters(filters),
    rows: [...rows.values()]
      .filter((x) => x.product !== null)
      .map((x) => ({ ...x, revenue: cents(x.revenue) }))
      .sort((a, b) => b.viewed - a.viewed || b.added - a.added || (a.product < b.product ? -1 : 1)),
  };
};

/** A step's name in the paths report. */
const stepName = (/** @type {unknown} */ type, /** @type {unknown} */ event, /** @type {unknown} */ step, /** @type {unknown} */ name, /** @type {unknown} */ path) => {
  if (!text(type)) return 'Left';
  if (type == 'page') return 'Page ' + (text(path) ?? '(unknown)');
  if (event == 'Checkout Step Viewed' || event == 'Checkout Step Completed')
    return `${event == 'Checkout Step Viewed' ? 'Checkout Step' : 'Completed Step'} ${text(step) ?? '?'}${text(name) ? ' · ' + text(name) : ''}`;
  return text(event) ?? 'Left';
};

/** The most next steps shown per step; the rest are "Other". */
export const PATH_BRANCHES = 8;

/**
 * What a visitor does next, as the paths report names it: the journey's own steps, and page
 * views. A step's completion is left out: shops send it with (or after) the next step's view,
 * so it would hide the step the visitor actually went to.
 */
export const STEP_EVENTS = ['Product Viewed', 'Product Added', 'Product Removed', 'Cart Viewed', 'Checkout Started', 'Checkout Step Viewed', ORDER];
/** Where a path starts. */
export const START_EVENTS = ['Product Added', 'Checkout Step Viewed'];

/**
 * Paths: after each cart add and each checkout step viewed, what the visitor did next in that
 * visit ("Left" for nothing).
 * @param {{ event: any, step: any, name: any, nType: any, nEvent: any, nStep: any, nName: any, nPath: any, count: any }[]} rows
 * @param {import('./filters.js').Filters} filters
 */
export const pathsOf = (rows, filters) => {
  /** @type {Map<string, { step: string, order: number, total: number, next: Map<string, number> }>} */
  const from = new Map();
  for (const r of rows) {
    const name = stepName('track', r.event, r.step, r.name, null);
    let x = from.get(name);
    if (!x) from.set(name, (x = { step: name, order: r.event == 'Product Added' ? -1 : int(r.step), total: 0, next: new Map() }));
    const n = int(r.count);
    const next = stepName(r.nType, r.nEvent, r.nStep, r.nName, r.nPath);
    x.total += n;
    x.next.set(next, (x.next.get(next) ?? 0) + n);
  }
  return {
    filters: echoFilters(filters),
    from: [...from.values()]
      .sort((a, b) => a.order - b.order || (a.step < b.step ? -1 : 1))
      .map((x) => {
        const next = [...x.next].map(([step, count]) => ({ step, count })).sort((a, b) => b.count - a.count || (a.step < b.step ? -1 : 1));
        const other = next.slice(PATH_BRANCHES).reduce((n, s) => n + s.count, 0);
        return { step: x.step, total: x.total, next: [...next.slice(0, PATH_BRANCHES), ...(other ? [{ step: 'Other', count: other }] : [])] };
      }),
  };
};

/** The time-to-convert buckets, in seconds. */
export const CONVERT_BUCKETS = [
  { label: '< 1 hour', min: 0, max: 3600 },
  { label: '1-24 hours', min: 3600, max: 86_400 },
  { label: '1-7 days', min: 86_400, max: 604_800 },
  { label: '7-30 days', min: 604_800, max: 2_592_000 },
  { label: '30+ days', min: 2_592_000, max: null },
];

/** The median of sorted numbers (the mean of the middle two for an even count), null for none. */
const median = (/** @type {ArrayLike<number>} */ sorted) => {
  if (!sorted.length) return null;
  const m = sorted.length >> 1;
  return sorted.length % 2 ? sorted[m] : (sorted[m - 1] + sorted[m]) / 2;
};

/**
 * Time to convert: from each buyer's first event ever to their first order.
 * @param {{ first: any, ordered: any }[]} rows
 * @param {import('./filters.js').Filters} filters
 */
export const timeToConvertOf = (rows, filters) => {
  const seconds = rows.map((r) => Math.max(0, Math.round((int(r.ordered) - int(r.first)) / 1000))).sort((a, b) => a - b);
  return {
    filters: echoFilters(filters),
    buyers: seconds.length,
    medianSeconds: median(seconds),
    buckets: CONVERT_BUCKETS.map((b) => ({ ...b, buyers: seconds.filter((s) => s >= b.min && (b.max === null || s < b.max)).length })),
  };
};

/**
 * A custom funnel's step: a stage (the visitor at it or beyond; it happens when that visit
 * starts), an event (optionally with top-level properties equal to values), or a page view
 * whose path matches a glob (`*`: any run of characters).
 * @typedef {{ stage: string } | { event: string, where?: Record<string, string | number | boolean> } | { path: string }} FunnelStep
 */

/** A step as the funnel report labels it. */
export const stepLabel = (/** @type {FunnelStep} */ s) =>
  'stage' in s
    ? `Stage ${s.stage}`
    : 'path' in s
      ? `Page ${s.path}`
      : s.event +
        (s.where
          ? ' (' +
            Object.entries(s.where)
              .map(([k, v]) => `${k} = ${v}`)
              .join(', ') +
            ')'
          : '');

/**
 * Reads a custom funnel's steps, window and order from a query; throws a FilterError-like
 * { field, reason } for a bad one.
 * @param {Record<string, unknown>} q
 * @param {string[]} stages
 */
export const readFunnel = (q, stages) => {
  const fail = (/** @type {string} */ field, /** @type {string} */ reason) => {
    throw Object.assign(new Error(`${field}: ${reason}`), { field, reason });
  };
  /** @type {unknown} */
  let steps;
  try {
    steps = JSON.parse(typeof q.steps == 'string' ? q.steps : '');
  } catch {
    fail('steps', 'must be a JSON array of steps, e.g. [{"stage":"consideration"},{"event":"Product Added"},{"path":"/thank-you*"}]');
  }
  if (!Array.isArray(steps) || steps.length < 2 || steps.length > 10) fail('steps', 'must hold 2 to 10 steps');
  const list = /** @type {unknown[]} */ (steps).map((s, i) => {
    const o = /** @type {any} */ (s);
    const at = `steps[${i}]`;
    if (!o || typeof o != 'object') return fail(at, 'must be an object: {"stage"}, {"event", "where"?} or {"path"}');
    if (typeof o.stage == 'string') return stages.includes(o.stage) ? { stage: o.stage } : fail(at + '.stage', `is not one of ${stages.join(', ')}`);
    if (typeof o.path == 'string' && o.path && o.path.length <= 500) return { path: o.path };
    if (typeof o.event == 'string' && o.event && o.event.length <= 200) {
      if (o.where === undefined) return { event: o.event };
      const ok =
        o.where &&
        typeof o.where == 'object' &&
        !Array.isArray(o.where) &&
        Object.keys(o.where).length <= 5 &&
        Object.values(o.where).every((v) => ['string', 'number', 'boolean'].includes(typeof v));
      return ok ? { event: o.event, where: o.where } : fail(at + '.where', 'must be an object of at most 5 properties, each a string, number or boolean');
    }
    return fail(at, 'must be {"stage": name}, {"event": name, "where"?: {...}} or {"path": glob}');
  });
  const window = q.window === undefined || q.window === '' ? 604_800 : Number(q.window);
  if (!Number.isInteger(window) || window < 1 || window > 365 * 86_400) fail('window', 'must be a whole number of seconds from 1 to 31536000 (a year)');
  const order = q.order === undefined || q.order === '' ? 'strict' : q.order;
  if (order != 'strict' && order != 'any') fail('order', 'must be "strict" (each step after the one before) or "any"');
  return { steps: /** @type {FunnelStep[]} */ (list), window, order: /** @type {'strict' | 'any'} */ (order) };
};

/**
 * The custom funnel, walked per visitor from each step's occurrences (columns: visitors,
 * times and, for a step with property filters, properties; one set per step). Step 1 must be in the range; each later step within
 * `window` seconds of that step 1. strict: each step after the one before (other events may
 * come between); any: each step within `window` of step 1, before or after it. A visitor counts at the furthest step of their
 * best attempt (the earliest one of those that got furthest); times between steps are that
 * attempt's.
 * @typedef {{ visitors: string[], times: number[], properties?: unknown[] }} Occurrences
 * @param {Occurrences[]} occurrences
 * @param {{ steps: FunnelStep[], window: number, order: 'strict' | 'any', filters: import('./filters.js').Filters }} o
 */
export const funnelOf = (occurrences, { steps, window, order, filters }) => {
  const span = window * 1000;
  const inRange = (/** @type {number} */ t) => (filters.from === null || t >= filters.from) && (filters.to === null || t < filters.to);
  // Visitors get numbers (slots) and each step's times are laid out by slot in one typed array
  // (start offsets per slot, as in a sparse matrix), so a million occurrences make no garbage
  // beyond the arrays: only a visitor with a step 1 in the range can enter the funnel, and the
  // later steps' occurrences of anyone else are skipped as they are read.
  /** @type {Map<string, number>} */
  const slotOf = new Map();
  const byStep = occurrences.map((o, i) => {
    const where = /** @type {any} */ (steps[i]).where;
    /** @type {number[]} */
    const slots = [];
    /** @type {number[]} */
    const times = [];
    for (let j = 0; j < o.visitors.length; j++) {
      const ts = int(o.times[j]);
      let slot = slotOf.get(o.visitors[j]);
      if (slot === undefined) {
        if (i > 0 || !inRange(ts)) continue;
        slotOf.set(o.visitors[j], (slot = slotOf.size));
      }
      if (where) {
        const raw = o.properties?.[j];
        let p;
        try {
          p = typeof raw == 'string' ? JSON.parse(raw) : raw;
        } catch {
          continue;
        }
        if (!p || !Object.entries(where).every(([k, v]) => p[k] === v)) continue;
      }
      slots.push(slot);
      times.push(ts);
    }
    return { slots, times };
  });
  const visitors = slotOf.size;
  const laid = byStep.map(({ slots, times }) => {
    const start = new Uint32Array(visitors + 1);
    for (const v of slots) start[v + 1]++;
    for (let v = 0; v < visitors; v++) start[v + 1] += start[v];
    const at = start.slice(0, visitors);
    const t = new Float64Array(times.length);
    for (let j = 0; j < slots.length; j++) t[at[slots[j]]++] = times[j];
    // each visitor's times in order (usually one or two: insertion sort)
    for (let v = 0; v < visitors; v++)
      for (let j = start[v] + 1; j < start[v + 1]; j++) {
        const x = t[j];
        let k = j;
        for (; k > start[v] && t[k - 1] > x; k--) t[k] = t[k - 1];
        t[k] = x;
      }
    return { start, t };
  });
  const n = steps.length;
  const reached = steps.map(() => 0);
  /** @type {number[][]} */
  const gaps = steps.map(() => []);
  const done = new Float64Array(n);
  const best = new Float64Array(n);
  for (let v = 0; v < visitors; v++) {
    let bestLength = 0;
    const first = laid[0];
    for (let j = first.start[v]; j < first.start[v + 1] && bestLength < n; j++) {
      const t0 = first.t[j];
      if (!inRange(t0)) continue;
      done[0] = t0;
      let length = 1;
      for (let k = 1; k < n; k++) {
        const { start, t } = laid[k];
        let next = NaN;
        if (order == 'strict') {
          for (let x = start[v]; x < start[v + 1]; x++)
            if (t[x] >= done[k - 1] && t[x] <= t0 + span) {
              next = t[x];
              break;
            }
        } else {
          // any order: each step's occurrence nearest to step 1, within the window before or after it
          for (let x = start[v]; x < start[v + 1]; x++) if (Math.abs(t[x] - t0) <= span && (Number.isNaN(next) || Math.abs(t[x] - t0) < Math.abs(next - t0))) next = t[x];
        }
        if (Number.isNaN(next)) break;
        done[length++] = next;
      }
      // the earliest attempt of those that got furthest
      if (length > bestLength) {
        best.set(done.subarray(0, length));
        bestLength = length;
      }
    }
    for (let k = 0; k < bestLength; k++) {
      reached[k]++;
      // any order: the time from the previous step's to this one's, whichever came first
      if (k) gaps[k].push(Math.abs(best[k] - best[k - 1]) / 1000);
    }
  }
  return {
    filters: echoFilters(filters),
    order,
    window,
    steps: steps.map((s, k) => ({
      label: stepLabel(s),
      step: s,
      visitors: reached[k],
      conversion: ratio(reached[k], reached[0]),
      fromPrevious: k ? ratio(reached[k], reached[k - 1]) : 1,
      medianSeconds: k ? median(Float64Array.from(gaps[k]).sort()) : null,
    })),
  };
};
