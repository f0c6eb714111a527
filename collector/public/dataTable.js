// A table of figures with its CSV export: a caption, column headers (<th scope="col">), the
// first cell of each row a row header, numbers right-aligned, and a "CSV" button that downloads
// exactly the rows shown (raw values, not the formatted text) as RFC 4180 CSV.
import { html } from './svg.js';
import { downloadCsv } from './csv.js';

/**
 * @typedef {object} Column
 * @property {string} key        the row's field
 * @property {string} label      the header (and the CSV's)
 * @property {(v: any, row: any) => string | Node} [show] the cell as shown (default: the value)
 * @property {boolean} [numeric] right-aligned, tabular figures
 * @property {string} [title]    the header's tooltip (a definition)
 * @property {string} [csvLabel] the CSV's header when it differs (e.g. names the unit of a raw value)
 * @property {boolean} [csvOnly] in the CSV only, not shown
 */

/**
 * @param {object} o
 * @param {string} o.name       the table's name: data-table, and the CSV file's name
 * @param {string} o.caption    what the table shows (read by screen readers)
 * @param {Column[]} o.columns
 * @param {any[]} o.rows
 * @param {string} o.file       the CSV file's name (without .csv): the table and the range
 * @param {(row: any) => Record<string, string | number | undefined>} [o.rowAttrs] data attributes of a row
 * @returns {HTMLElement}
 */
export const dataTable = ({ name, caption, columns, rows, file, rowAttrs }) => {
  const csv = html('button', { type: 'button', class: 'csv', 'data-csv': name, 'aria-label': `Download ${caption} as CSV` }, 'CSV');
  csv.addEventListener('click', () => downloadCsv(file, [columns.map((c) => c.csvLabel ?? c.label), ...rows.map((r) => columns.map((c) => r[c.key]))]));
  const shown = columns.filter((c) => !c.csvOnly);
  const table = html(
    'table',
    { class: 'data', 'data-table': name },
    html('caption', { class: 'visually-hidden' }, caption),
    html('thead', {}, html('tr', {}, ...shown.map((c) => html('th', { scope: 'col', class: c.numeric ? 'num' : undefined, title: c.title }, c.label)))),
    html(
      'tbody',
      {},
      ...rows.map((r) =>
        html(
          'tr',
          rowAttrs ? rowAttrs(r) : {},
          ...shown.map((c, i) => {
            const text = c.show ? c.show(r[c.key], r) : r[c.key] === null || r[c.key] === undefined ? '–' : String(r[c.key]);
            return html(i ? 'td' : 'th', { ...(i ? {} : { scope: 'row' }), class: c.numeric ? 'num' : undefined, 'data-col': c.key }, text);
          }),
        ),
      ),
    ),
  );
  return html('div', { class: 'table-wrap' }, html('div', { class: 'table-tools' }, csv), table);
};
