// The breakdown by one segment dimension: visitors, visits, buyers, conversion rate, revenue,
// AOV and abandoned value per value, as the segments report answers them (by visitors). A
// segment's name filters the whole dashboard by it.
import { html, fmt } from './svg.js';
import { dataTable } from './dataTable.js';
import { money, rate } from './format.js';

/**
 * @param {any} data the segments report
 * @param {object} o
 * @param {string | null} o.currency
 * @param {Record<string, string>} o.d the definitions
 * @param {string} o.file the CSV file's name
 * @param {(segment: string) => void} o.pick filter by a segment
 * @returns {HTMLElement[]}
 */
export const segmentTable = (data, { currency, d, file, pick }) => {
  if (!data || data.error || !Array.isArray(data.rows)) return [html('p', { class: 'empty' }, 'The breakdown is not available' + (data?.error ? ': ' + data.error : '.'))];
  if (!data.rows.length) return [html('p', { class: 'empty' }, 'No visits in this range and segment.'), html('p', { class: 'definition' }, d.segments)];
  const name = (/** @type {string | null} */ s) => s ?? '(none)';
  return [
    dataTable({
      name: 'segments',
      caption: `Breakdown by ${data.by}`,
      file,
      rows: data.rows.map((/** @type {any} */ r) => ({ ...r, segment: name(r.segment) })),
      rowAttrs: (r) => ({ 'data-segment': r.segment }),
      columns: [
        {
          key: 'segment',
          label: data.by,
          show: (v, r) => {
            if (v == '(none)') return v;
            const b = html('button', { type: 'button', class: 'link', title: `Show only ${data.by} = ${v}` }, v);
            b.addEventListener('click', () => pick(r.segment));
            return b;
          },
        },
        { key: 'visitors', label: 'visitors', numeric: true, show: fmt, title: d.visitors },
        { key: 'visits', label: 'visits', numeric: true, show: fmt, title: d.visits },
        { key: 'buyers', label: 'buyers', numeric: true, show: fmt },
        { key: 'conversionRate', label: 'conversion rate', numeric: true, show: rate, title: d.conversionRate },
        { key: 'revenue', label: 'revenue', numeric: true, show: (v) => money(v, currency, true), title: d.revenue },
        { key: 'aov', label: 'AOV', numeric: true, show: (v) => money(v, currency, true), title: d.aov },
        { key: 'abandonedValue', label: 'abandoned value', numeric: true, show: (v) => money(v, currency, true), title: d.abandonedCarts + ' ' + d.abandonedCheckouts },
      ],
    }),
    html('p', { class: 'definition' }, d.segments),
  ];
};
