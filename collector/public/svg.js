// A tiny element builder for SVG and HTML. Attributes only, never inline styles: the
// dashboard runs under a Content-Security-Policy without 'unsafe-inline'.
const NS = 'http://www.w3.org/2000/svg';

/**
 * Builds an SVG element: `svg('rect', { x: 0, class: 'bar' }, child, 'text')`.
 * @param {string} tag
 * @param {Record<string, string | number | undefined>} [attrs]
 * @param {...(Node | string | number)} children
 */
export const svg = (tag, attrs = {}, ...children) => fill(document.createElementNS(NS, tag), attrs, children);

/**
 * Builds an HTML element the same way.
 * @param {string} tag
 * @param {Record<string, string | number | undefined>} [attrs]
 * @param {...(Node | string | number)} children
 */
export const html = (tag, attrs = {}, ...children) => fill(document.createElement(tag), attrs, children);

const fill = (el, attrs, children) => {
  for (const [k, v] of Object.entries(attrs)) if (v !== undefined) el.setAttribute(k, String(v));
  for (const c of children) el.append(typeof c == 'object' ? c : String(c));
  return el;
};

/** Replaces the children of `el`. */
export const show = (el, ...children) => el.replaceChildren(...children);

/** A stage's colour class, by its position in the stage list. */
export const stageClass = (i) => 'stage-' + (i % 8);

/** 1234 → "1,234"; 0.256 as percent → "26%". */
export const fmt = (n) => Number(n).toLocaleString('en');
export const pct = (part, whole) => (whole > 0 ? Math.round((part / whole) * 100) + '%' : '–');

/** "awareness" → "Awareness" */
export const label = (s) => s.charAt(0).toUpperCase() + s.slice(1);
