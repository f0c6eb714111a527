// The time range a view shows, resolved at a moment: a preset ends at the next whole minute
// (so refreshes within a minute ask for the same range) and starts its length before; a custom
// range is what the URL says; all time is open at both ends. The previous period has the same
// length and ends where the range starts.
import { PRESETS } from './urlState.js';

/**
 * @param {import('./urlState.js').ViewState} s
 * @param {number} now ms
 * @returns {{ from: string | null, to: string | null }}
 */
export const rangeOf = (s, now) => {
  if (s.preset == 'custom') return { from: s.from, to: s.to };
  const ms = PRESETS.find((p) => p.value == s.preset)?.ms;
  if (!ms) return { from: null, to: null };
  const to = Math.ceil(now / 60_000) * 60_000;
  return { from: new Date(to - ms).toISOString(), to: new Date(to).toISOString() };
};

/**
 * The period before a range, of the same length and ending at its start; null when the range
 * is open at either end (all time has no previous period).
 * @param {{ from: string | null, to: string | null }} r
 * @returns {{ from: string, to: string } | null}
 */
export const previousRange = (r) => {
  if (!r.from || !r.to) return null;
  const from = Date.parse(r.from);
  const to = Date.parse(r.to);
  return { from: new Date(from - (to - from)).toISOString(), to: new Date(from).toISOString() };
};

/**
 * The range in a file name or a caption: "all-time", or "2026-11-01T00-00Z_2026-11-08T00-00Z".
 * @param {{ from: string | null, to: string | null }} r
 */
export const rangeName = (r) => {
  if (!r.from && !r.to) return 'all-time';
  const t = (/** @type {string | null} */ v, /** @type {string} */ open) => (v ? v.slice(0, 16).replace(':', '-') + 'Z' : open);
  return t(r.from, 'start') + '_' + t(r.to, 'now');
};
