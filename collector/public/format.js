// Number formats shared by the panels: money, rates, changes against the previous period and
// durations. Pure functions; nothing runs at import.
import { fmt } from './svg.js';

/**
 * 1234.5 → "€1,235" (or with cents when `cents`); an unknown currency code in the data must not
 * break the page, so it falls back to "1,235 XYZ".
 * @param {number} value
 * @param {string | null | undefined} currency
 * @param {boolean} [cents]
 */
export const money = (value, currency, cents = false) => {
  const digits = cents ? 2 : 0;
  try {
    return new Intl.NumberFormat('en', { style: 'currency', currency: currency || 'EUR', minimumFractionDigits: digits, maximumFractionDigits: digits }).format(value);
  } catch {
    return (cents ? Number(value).toFixed(2) : fmt(Math.round(value))) + (currency ? ' ' + currency : '');
  }
};

/** A ratio 0..1 as a percentage with one decimal: 0.1234 → "12.3 %"; not a number → "–". */
export const rate = (/** @type {number | null | undefined} */ r) => (typeof r == 'number' && Number.isFinite(r) ? (Math.round(r * 1000) / 10).toFixed(1) + ' %' : '–');

/**
 * The change from the previous period, as a tile prints it: "+12 % vs previous", "−5 % vs
 * previous", "no change vs previous", "new vs previous" (nothing before).
 * @param {number} now
 * @param {number} before
 * @returns {{ text: string, sign: 'up' | 'down' | 'same' }}
 */
export const change = (now, before) => {
  if (now == before) return { text: 'no change vs previous', sign: 'same' };
  if (!before) return { text: 'new vs previous (was 0)', sign: now > before ? 'up' : 'down' };
  const p = Math.round(((now - before) / Math.abs(before)) * 100);
  if (p == 0) return { text: (now > before ? '+' : '−') + '0 % vs previous', sign: now > before ? 'up' : 'down' };
  return { text: (p > 0 ? '+' : '−') + Math.abs(p) + ' % vs previous', sign: p > 0 ? 'up' : 'down' };
};

/** Seconds as a person reads them: 42 → "42 s", 600 → "10 min", 7200 → "2.0 h", 3 days → "3.0 d"; null → "–". */
export const duration = (/** @type {number | null | undefined} */ s) => {
  if (typeof s != 'number' || !Number.isFinite(s)) return '–';
  if (s < 90) return Math.round(s) + ' s';
  if (s < 5400) return Math.round(s / 60) + ' min';
  if (s < 172_800) return (s / 3600).toFixed(1) + ' h';
  return (s / 86_400).toFixed(1) + ' d';
};
