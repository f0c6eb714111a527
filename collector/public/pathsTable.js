// Paths: after each cart add and each checkout step viewed, what the visitor did next in the
// same visit, "Left" when nothing followed: one group of rows per step, with a bar per branch.
import { html, svg, fmt, pct } from './svg.js';
import { downloadCsv } from './csv.js';

/** A small bar, as wide as the branch's share of its step (an SVG attribute: no inline style). */
const bar = (/** @type {number} */ part, /** @type {number} */ whole) =>
  svg(
    'svg',
    { viewBox: '0 0 100 8', class: 'share-bar', 'aria-hidden': 'true', preserveAspectRatio: 'none' },
    svg('rect', { x: 0, y: 0, width: whole ? (part / whole) * 100 : 0, height: 8, rx: 2 }),
  );

/**
 * @param {any} data the paths report
 * @param {{ d: Record<string, string>, file: string }} o
 * @returns {HTMLElement[]}
 */
export const pathsTable = (data, { d, file }) => {
  if (!data || data.error || !Array.isArray(data.from)) return [html('p', { class: 'empty' }, 'Paths are not available' + (data?.error ? ': ' + data.error : '.'))];
  if (!data.from.length) return [html('p', { class: 'empty' }, 'No cart adds or checkout steps in this range and segment.'), html('p', { class: 'definition' }, d.paths)];
  /** @type {{ from: string, total: number, next: string, count: number }[]} */
  const flat = data.from.flatMap((/** @type {any} */ f) => f.next.map((/** @type {any} */ n) => ({ from: f.step, total: f.total, next: n.step, count: n.count })));
  const csv = html('button', { type: 'button', class: 'csv', 'data-csv': 'paths', 'aria-label': 'Download paths as CSV' }, 'CSV');
  csv.addEventListener('click', () =>
    downloadCsv(file, [
      ['after', 'times', 'next', 'count', 'share'],
      ...flat.map((r) => [r.from, r.total, r.next, r.count, r.total ? Math.round((r.count / r.total) * 10_000) / 10_000 : 0]),
    ]),
  );
  const table = html(
    'table',
    { class: 'data paths', 'data-table': 'paths' },
    html('caption', { class: 'visually-hidden' }, 'Next steps after each cart add and checkout step'),
    html(
      'thead',
      {},
      html(
        'tr',
        {},
        html('th', { scope: 'col' }, 'next step'),
        html('th', { scope: 'col', class: 'num' }, 'count'),
        html('th', { scope: 'col', class: 'num' }, 'share'),
        html('th', { scope: 'col' }, html('span', { class: 'visually-hidden' }, 'bar')),
      ),
    ),
    ...data.from.map((/** @type {any} */ f) =>
      html(
        'tbody',
        { 'data-from': f.step, 'data-total': f.total },
        html('tr', { class: 'group' }, html('th', { scope: 'rowgroup', colspan: 4 }, `After ${f.step} · ${fmt(f.total)}×`)),
        ...f.next.map((/** @type {any} */ n) =>
          html(
            'tr',
            { 'data-next': n.step, 'data-count': n.count, class: n.step == 'Left' ? 'left' : undefined },
            html('th', { scope: 'row' }, n.step),
            html('td', { class: 'num' }, fmt(n.count)),
            html('td', { class: 'num' }, pct(n.count, f.total)),
            html('td', { class: 'bar-cell' }, bar(n.count, f.total)),
          ),
        ),
      ),
    ),
  );
  return [html('div', { class: 'table-wrap' }, html('div', { class: 'table-tools' }, csv), table), html('p', { class: 'definition' }, d.paths)];
};
