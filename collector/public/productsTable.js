// Per product: visitors who viewed it, who added it, orders holding it, counted abandoned carts
// and checkouts holding it, and the revenue of its order lines.
import { html, fmt } from './svg.js';
import { dataTable } from './dataTable.js';
import { money } from './format.js';

/**
 * @param {any} data the products report
 * @param {{ currency: string | null, d: Record<string, string>, file: string }} o
 * @returns {HTMLElement[]}
 */
export const productsTable = (data, { currency, d, file }) => {
  if (!data || data.error || !Array.isArray(data.rows)) return [html('p', { class: 'empty' }, 'Products are not available' + (data?.error ? ': ' + data.error : '.'))];
  if (!data.rows.length) return [html('p', { class: 'empty' }, 'No product events in this range and segment.'), html('p', { class: 'definition' }, d.products)];
  return [
    dataTable({
      name: 'products',
      caption: 'Per product',
      file,
      rows: data.rows,
      rowAttrs: (r) => ({ 'data-product': r.product }),
      columns: [
        { key: 'product', label: 'product', show: (v, r) => (r.name ? `${r.name} (${v})` : v) },
        { key: 'name', label: 'name', csvOnly: true },
        { key: 'viewed', label: 'viewed', numeric: true, show: fmt },
        { key: 'added', label: 'added', numeric: true, show: fmt },
        { key: 'ordered', label: 'ordered', numeric: true, show: fmt },
        { key: 'abandoned', label: 'abandoned', numeric: true, show: fmt },
        { key: 'revenue', label: 'revenue', numeric: true, show: (v) => money(v, currency, true) },
      ],
    }),
    html('p', { class: 'definition' }, d.products),
  ];
};
