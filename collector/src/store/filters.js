// The dashboard's filters, read once from a query string: a time range and the segments a
// visit can be cut by. Every endpoint takes the same ones and echoes them back, so a panel
// always says what it shows.

/** The segment dimensions: a filter each, and a breakdown each. */
export const DIMENSIONS = ['channel', 'campaign', 'device', 'visitor', 'landing'];
const DEVICES = ['desktop', 'mobile', 'tablet'];
const VISITORS = ['new', 'returning'];

/**
 * @typedef {object} Filters
 * @property {number | null} from     ms, inclusive
 * @property {number | null} to       ms, exclusive
 * @property {string | null} channel
 * @property {string | null} campaign
 * @property {string | null} device   desktop, mobile or tablet
 * @property {string | null} visitor  new or returning
 * @property {string | null} landing  landing page path
 */

/** A query a filter refused: the field and why, for a 400 answer. */
export class FilterError extends Error {
  /** @param {string} field @param {string} reason */
  constructor(field, reason) {
    super(`${field}: ${reason}`);
    this.field = field;
    this.reason = reason;
  }
}

const time = (/** @type {string} */ field, /** @type {unknown} */ v) => {
  if (v === undefined || v === '') return null;
  const ms = typeof v == 'string' ? Date.parse(v) : NaN;
  if (!Number.isFinite(ms)) throw new FilterError(field, `${JSON.stringify(v)} is not a date: use ISO 8601, e.g. 2026-11-01T00:00:00Z`);
  return ms;
};
const text = (/** @type {string} */ field, /** @type {unknown} */ v, /** @type {string[]} */ allowed = []) => {
  if (v === undefined || v === '') return null;
  if (typeof v != 'string' || v.length > 500) throw new FilterError(field, 'must be one string of at most 500 characters');
  if (allowed.length && !allowed.includes(v)) throw new FilterError(field, `${JSON.stringify(v)} is not one of ${allowed.join(', ')}`);
  return v;
};

/**
 * Reads the filters of a query string (already parsed).
 * @param {Record<string, unknown>} [q]
 * @returns {Filters}
 * @throws {FilterError}
 */
export const readFilters = (q = {}) => {
  const f = {
    from: time('from', q.from),
    to: time('to', q.to),
    channel: text('channel', q.channel),
    campaign: text('campaign', q.campaign),
    device: text('device', q.device, DEVICES),
    visitor: text('visitor', q.visitor, VISITORS),
    landing: text('landing', q.landing),
  };
  if (f.from !== null && f.to !== null && f.to <= f.from) throw new FilterError('to', 'must be later than from');
  return f;
};

/** No filter at all. */
export const NO_FILTERS = readFilters();

/** The filters as an answer echoes them: ISO times, null when absent. */
export const echoFilters = (/** @type {Filters} */ f) => ({
  ...f,
  from: f.from === null ? null : new Date(f.from).toISOString(),
  to: f.to === null ? null : new Date(f.to).toISOString(),
});

/** A stable key of the filters, for caches. */
export const filterKey = (/** @type {Filters} */ f) => JSON.stringify(f);

/**
 * The SQL condition of the filters on a table with the segment columns (events or visits) and
 * its time column, with named parameters; `1 = 1` for none. The same text in both engines'
 * dialects (only =, >=, < and AND).
 * @param {Filters} f
 * @param {string} ts the time column (ms)
 * @param {(name: string) => string} param how the dialect writes a named parameter
 */
export const whereOf = (f, ts, param) => {
  const parts = [];
  /** @type {Record<string, string | number>} */
  const params = {};
  if (f.from !== null) parts.push(`${ts} >= ${param('fFrom')}`), (params.fFrom = f.from);
  if (f.to !== null) parts.push(`${ts} < ${param('fTo')}`), (params.fTo = f.to);
  for (const k of /** @type {const} */ (['channel', 'campaign', 'device', 'landing'])) {
    const v = f[k];
    if (v !== null) parts.push(`${k} = ${param('f_' + k)}`), (params['f_' + k] = v);
  }
  if (f.visitor !== null) parts.push(`is_returning = ${f.visitor == 'returning' ? 1 : 0}`);
  return { sql: parts.length ? parts.join(' AND ') : '1 = 1', params };
};
