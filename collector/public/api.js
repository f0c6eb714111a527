// The dashboard's reads: every report takes the same filters (the range and the segments), so
// one function builds them. A failed or missing report answers null: its panel says so and the
// rest of the page carries on.
import { DIMENSIONS } from './urlState.js';

/**
 * The filters of a view as API query parameters.
 * @param {import('./urlState.js').ViewState} s
 * @param {{ from: string | null, to: string | null }} range
 * @returns {URLSearchParams}
 */
export const filterParams = (s, range) => {
  const q = new URLSearchParams();
  if (range.from) q.set('from', range.from);
  if (range.to) q.set('to', range.to);
  for (const d of DIMENSIONS) if (s[d]) q.set(d, /** @type {string} */ (s[d]));
  return q;
};

/**
 * GET `path` with the filters and `extra` parameters. Resolves to the JSON, or to
 * `{ error }` (HTTP status or network failure): never rejects.
 * @param {string} path
 * @param {URLSearchParams} filters
 * @param {Record<string, string>} [extra]
 * @returns {Promise<any>}
 */
export const getJson = async (path, filters, extra = {}) => {
  const q = new URLSearchParams(filters);
  for (const [k, v] of Object.entries(extra)) q.set(k, v);
  const qs = q.toString();
  try {
    const res = await fetch(path + (qs ? '?' + qs : ''), { cache: 'no-store' });
    const body = await res.json().catch(() => null);
    if (!res.ok) return { error: (body && body.reason) || 'HTTP ' + res.status };
    return body ?? { error: 'empty answer' };
  } catch (e) {
    return { error: e instanceof Error ? e.message : String(e) };
  }
};
