// The custom funnel's answer: per step, the visitors who got that far, their share of step 1,
// of the step before, and the median time from the step before.
import { html, svg, fmt } from './svg.js';
import { dataTable } from './dataTable.js';
import { duration, rate } from './format.js';

/**
 * @param {any} data the funnel report (or { error })
 * @param {{ d: Record<string, string>, file: string }} o
 * @returns {HTMLElement[]}
 */
export const funnelTable = (data, { d, file }) => {
  if (!data || data.error || !Array.isArray(data.steps))
    return [html('p', { class: 'empty', 'data-funnel-error': '' }, 'No funnel: ' + (data?.error ?? 'not available')), html('p', { class: 'definition' }, d.customFunnel)];
  return [
    dataTable({
      name: 'funnel',
      caption: 'Custom funnel',
      file,
      rows: data.steps.map((/** @type {any} */ s, /** @type {number} */ i) => ({ n: i + 1, ...s })),
      rowAttrs: (r) => ({ 'data-funnel-step': r.n, 'data-visitors': r.visitors }),
      columns: [
        { key: 'label', label: 'step', show: (v, r) => `${r.n}. ${v}` },
        { key: 'visitors', label: 'visitors', numeric: true, show: fmt },
        {
          key: 'conversion',
          label: 'conversion',
          numeric: true,
          show: (v) =>
            html(
              'span',
              { class: 'with-bar' },
              svg(
                'svg',
                { viewBox: '0 0 100 8', class: 'share-bar', 'aria-hidden': 'true', preserveAspectRatio: 'none' },
                svg('rect', { x: 0, y: 0, width: Math.max(0, Math.min(1, v)) * 100, height: 8, rx: 2 }),
              ),
              rate(v),
            ),
        },
        { key: 'fromPrevious', label: 'from previous', numeric: true, show: (v, r) => (r.n == 1 ? '–' : rate(v)) },
        { key: 'medianSeconds', label: 'median time from previous', csvLabel: 'median seconds from previous', numeric: true, show: (v) => duration(v) },
      ],
    }),
    html('p', { class: 'definition' }, `${data.order == 'any' ? 'Any order' : 'Strict order'}, within ${duration(data.window)} of step 1. `, d.customFunnel),
  ];
};
