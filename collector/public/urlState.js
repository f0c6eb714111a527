// The dashboard's whole view lives in the query string, so a view can be shared, reloads the
// same, and back/forward walk through it: the range (a preset, or from/to for a custom one),
// compare, the segment filters, the trends interval, the breakdown dimension and the custom
// funnel (steps as JSON, window in seconds, order). Defaults are left out of the URL.

/** The segment filters, as the API names them. */
export const DIMENSIONS = /** @type {const} */ (['channel', 'campaign', 'device', 'visitor', 'landing']);

/** The range presets: their URL value, label and length (ms; null: all time, or custom). */
export const PRESETS = [
  { value: 'all', label: 'All time', ms: null },
  { value: '24h', label: 'Last 24 hours', ms: 24 * 3600_000 },
  { value: '7d', label: 'Last 7 days', ms: 7 * 24 * 3600_000 },
  { value: '30d', label: 'Last 30 days', ms: 30 * 24 * 3600_000 },
  { value: '90d', label: 'Last 90 days', ms: 90 * 24 * 3600_000 },
  { value: 'custom', label: 'Custom', ms: null },
];

/** The custom funnel shown until someone builds their own. */
export const DEFAULT_STEPS = [{ stage: 'awareness' }, { stage: 'decision' }, { event: 'Order Completed' }];
/** The API's default conversion window: 7 days. */
export const DEFAULT_WINDOW = 604_800;

/**
 * @typedef {{ stage: string } | { event: string, where?: Record<string, string | number | boolean> } | { path: string }} FunnelStep
 * @typedef {object} ViewState
 * @property {string} preset      one of PRESETS' values
 * @property {string | null} from ISO, custom range only (inclusive)
 * @property {string | null} to   ISO, custom range only (exclusive)
 * @property {boolean} compare    compare to the previous period
 * @property {string | null} channel
 * @property {string | null} campaign
 * @property {string | null} device
 * @property {string | null} visitor
 * @property {string | null} landing
 * @property {'day' | 'hour'} interval the trends' buckets
 * @property {string} by          the breakdown's dimension
 * @property {FunnelStep[]} steps the custom funnel
 * @property {boolean} customSteps the steps were built (not the default), so the URL has them
 * @property {number} window      the custom funnel's conversion window, seconds
 * @property {'strict' | 'any'} order
 */

const iso = (/** @type {string | null} */ v) => (v && Number.isFinite(Date.parse(v)) ? new Date(Date.parse(v)).toISOString() : null);

/** Steps from the URL's JSON; anything unreadable falls back to the default funnel. */
const stepsOf = (/** @type {string | null} */ v) => {
  if (!v) return null;
  try {
    const s = JSON.parse(v);
    return Array.isArray(s) && s.length && s.every((x) => x && typeof x == 'object' && (typeof x.stage == 'string' || typeof x.event == 'string' || typeof x.path == 'string'))
      ? /** @type {FunnelStep[]} */ (s)
      : null;
  } catch {
    return null;
  }
};

/**
 * Reads the view from a query string (location.search).
 * @param {string} search
 * @returns {ViewState}
 */
export const readState = (search) => {
  const q = new URLSearchParams(search);
  const from = iso(q.get('from'));
  const to = iso(q.get('to'));
  const named = PRESETS.find((p) => p.value == q.get('preset'))?.value;
  const preset = from || to ? 'custom' : named && named != 'custom' ? named : 'all';
  const steps = stepsOf(q.get('steps'));
  const window = Number(q.get('window'));
  /** @type {ViewState} */
  const state = {
    preset,
    from: preset == 'custom' ? from : null,
    to: preset == 'custom' ? to : null,
    compare: q.get('compare') == '1',
    channel: null,
    campaign: null,
    device: null,
    visitor: null,
    landing: null,
    interval: q.get('interval') == 'hour' ? 'hour' : 'day',
    by: DIMENSIONS.find((d) => d == q.get('by')) ?? 'channel',
    steps: steps ?? DEFAULT_STEPS,
    customSteps: !!steps,
    window: Number.isInteger(window) && window > 0 ? window : DEFAULT_WINDOW,
    order: q.get('order') == 'any' ? 'any' : 'strict',
  };
  for (const d of DIMENSIONS) state[d] = q.get(d) || null;
  return state;
};

/**
 * The query string of a view (without "?"), defaults left out, in a fixed order.
 * @param {ViewState} s
 * @returns {string}
 */
export const writeState = (s) => {
  const q = new URLSearchParams();
  if (s.preset == 'custom') {
    if (s.from) q.set('from', s.from);
    if (s.to) q.set('to', s.to);
    if (!s.from && !s.to) q.set('preset', 'custom');
  } else if (s.preset != 'all') q.set('preset', s.preset);
  if (s.compare) q.set('compare', '1');
  for (const d of DIMENSIONS) if (s[d]) q.set(d, /** @type {string} */ (s[d]));
  if (s.interval != 'day') q.set('interval', s.interval);
  if (s.by != 'channel') q.set('by', s.by);
  if (s.customSteps) q.set('steps', JSON.stringify(s.steps));
  if (s.window != DEFAULT_WINDOW) q.set('window', String(s.window));
  if (s.order != 'strict') q.set('order', s.order);
  return q.toString();
};
