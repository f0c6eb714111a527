// Time to convert: how long buyers took from their first event to their first order, as a
// table with a bar per bucket and the median above it.
import { html, svg, fmt, pct } from './svg.js';
import { dataTable } from './dataTable.js';
import { duration } from './format.js';

/**
 * @param {any} data the time-to-convert report
 * @param {{ d: Record<string, string>, file: string }} o
 * @returns {HTMLElement[]}
 */
export const convertTable = (data, { d, file }) => {
  if (!data || data.error || !Array.isArray(data.buckets)) return [html('p', { class: 'empty' }, 'Time to convert is not available' + (data?.error ? ': ' + data.error : '.'))];
  const max = Math.max(1, ...data.buckets.map((/** @type {any} */ b) => b.buyers));
  return [
    html(
      'p',
      { class: 'friction-lead', 'data-median': data.medianSeconds ?? '', 'data-buyers': data.buyers },
      html('strong', {}, duration(data.medianSeconds)),
      ` median, over ${fmt(data.buyers)} buyer${data.buyers == 1 ? '' : 's'}`,
    ),
    dataTable({
      name: 'time-to-convert',
      caption: 'Time to convert',
      file,
      rows: data.buckets.map((/** @type {any} */ b) => ({ ...b, share: data.buyers ? Math.round((b.buyers / data.buyers) * 10_000) / 10_000 : 0 })),
      rowAttrs: (r) => ({ 'data-bucket': r.label, 'data-count': r.buyers }),
      columns: [
        { key: 'label', label: 'time to first order' },
        { key: 'buyers', label: 'buyers', numeric: true, show: fmt },
        {
          key: 'share',
          label: 'share',
          numeric: true,
          show: (_v, r) =>
            html(
              'span',
              { class: 'with-bar' },
              svg(
                'svg',
                { viewBox: '0 0 100 8', class: 'share-bar', 'aria-hidden': 'true', preserveAspectRatio: 'none' },
                svg('rect', { x: 0, y: 0, width: (r.buyers / max) * 100, height: 8, rx: 2 }),
              ),
              pct(r.buyers, data.buyers),
            ),
        },
        { key: 'min', label: 'from', csvLabel: 'from (s)', csvOnly: true },
        { key: 'max', label: 'to', csvLabel: 'to (s, empty: no bound)', csvOnly: true },
      ],
    }),
    html('p', { class: 'definition' }, d.timeToConvert),
  ];
};
